//! What the server accepts from the network, below and in front of the router.
//!
//! - Connections are served by hyper's HTTP/1.1 connection builder (hyper-util's documented
//!   setup with a tokio listener) because `axum::serve` sets no timer and so has no
//!   header-read timeout. The header-read timeout runs whenever the server waits for a request
//!   head: on a new connection and on an idle keep-alive one, so a silent connection is closed
//!   after it either way.
//! - At most `max_connections` connections are open at once (and never more than the process's
//!   file descriptor limit leaves room for): beyond that, new connections wait in the kernel's
//!   accept backlog ([`ACCEPT_BACKLOG`]) instead of making `accept` fail with `EMFILE` in a
//!   loop.
//! - The `Host` check (DNS rebinding): a web page on any site can point a name of its own at
//!   127.0.0.1 and then drive a proxy that runs on the visitor's machine; only the configured
//!   host names are served, anything else is answered 421.
//! - Oversized requests (414, 431) and the answers hyper writes itself to requests it cannot
//!   parse get the JSON error every other error has.

use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Semaphore;

use super::error::ApiError;

/// File descriptors kept free of connections: upstream sockets, static files, logs.
const FD_RESERVE: u64 = 64;

/// Connection and host settings (`rivulet serve` flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// How long a client may take to send a complete request head, on a new connection or on
    /// an idle keep-alive one, before the connection is closed.
    pub header_timeout: Duration,
    /// Connections open at once (further capped by the file descriptor limit).
    pub max_connections: usize,
    /// Host names served besides the defaults (the bind address, `localhost`, `127.0.0.1`,
    /// `[::1]`), any port; `*` serves every host (only behind a proxy that checks it).
    pub allowed_hosts: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` / `Forwarded` name the client (per-client
    /// limits); from anyone else those headers are ignored.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            allowed_hosts: Vec::new(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// The host names a server bound to `bind` answers to (lower case, IPv6 in brackets).
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    any: bool,
    names: Vec<String>,
}

impl AllowedHosts {
    pub fn new(bind: IpAddr, extra: &[String]) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        names.push(match bind {
            IpAddr::V4(a) => a.to_string(),
            IpAddr::V6(a) => format!("[{a}]"),
        });
        let mut any = false;
        for h in extra.iter().flat_map(|h| h.split(',')) {
            let h = h.trim();
            if h == "*" {
                any = true;
            } else if !h.is_empty() {
                names.push(normalize_host(h).to_string());
            }
        }
        AllowedHosts { any, names }
    }

    /// Is a `Host` value (with or without a port) one of ours?
    pub fn allows(&self, host: &str) -> bool {
        self.any || self.names.iter().any(|n| n == &normalize_host(host))
    }
}

/// `Example.COM.:8080` -> `example.com`, `[::1]:80` -> `[::1]`.
fn normalize_host(host: &str) -> String {
    let host = host.trim();
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The longest request target and header section answered (with the JSON error beyond them:
/// 414, 431). hyper's own limits (a 64 KiB target, a 400 KiB head, 100 headers) are higher;
/// what it refuses itself is answered by hyper with an empty body (no hook for one).
pub const MAX_URI_BYTES: usize = 8 * 1024;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Middleware in front of everything: a too-long target (414) or header section (431), then a
/// `Host` (or absolute-form authority) that is not allowed (421), each with the JSON error.
pub async fn front_door(hosts: Arc<AllowedHosts>, req: Request, next: Next) -> Response {
    if req.uri().to_string().len() > MAX_URI_BYTES {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("URI too long - at most {MAX_URI_BYTES} bytes"),
        )
        .into_response();
    }
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("Request header fields too large - at most {MAX_HEADER_BYTES} bytes"),
        )
        .into_response();
    }
    let host = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        });
    match host {
        Some(h) if hosts.allows(&h) => next.run(req).await,
        Some(_) => ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "Misdirected request - this server does not answer to that host name \
             (see --allowed-host)",
        )
        .into_response(),
        None => ApiError::bad_request("Bad request - the Host header is missing").into_response(),
    }
}

/// The kernel's accept backlog: connections beyond the connection cap wait here (the kernel
/// caps it at `net.core.somaxconn`, 4096 on current Linux). std's and tokio's `bind` ask for
/// 128: a burst past cap + 128 connections then overflows it, and those handshakes are dropped
/// and retried by the kernel after 1, 3, 7, 15 s.
pub const ACCEPT_BACKLOG: u32 = 4096;

/// A listener on `addr` with [`ACCEPT_BACKLOG`] (and `SO_REUSEADDR`, as std's `bind` sets).
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// The connection cap: `wanted`, but never above the file descriptor limit minus a reserve.
pub fn connection_cap(wanted: usize) -> usize {
    let soft = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    let by_fds = soft.map_or(usize::MAX, |n| {
        usize::try_from(n.saturating_sub(FD_RESERVE).max(8)).unwrap_or(usize::MAX)
    });
    wanted.clamp(1, by_fds.max(1))
}

/// Serve `app` on `listener` until the task is dropped: one task per connection, each holding
/// one of `max_connections` permits.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    http: HttpConfig,
) -> std::io::Result<()> {
    let cap = connection_cap(http.max_connections);
    tracing::debug!(
        max_connections = cap,
        header_timeout_ms = http.header_timeout.as_millis() as u64,
        "serving"
    );
    let permits = Arc::new(Semaphore::new(cap));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(http.header_timeout)
        .keep_alive(true);
    let accept_errors = Mutex::new(None::<Instant>);
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return Ok(());
        };
        let (tcp, remote) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                log_accept_error(&accept_errors, &e);
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // No Nagle delay: an answer written in more than one segment goes out at once.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {e}");
        }
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(remote));
            let mut app = app.clone();
            tower_service::Service::call(&mut app, req)
        });
        let conn = builder.serve_connection(TokioIo::new(JsonParseErrors::new(tcp)), service);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(%remote, "connection closed: {e}");
            }
            drop(permit);
        });
    }
}

/// The connection's stream, with hyper's own answers to requests it cannot parse (400, 414,
/// 431: written by hyper itself with `content-length: 0`, no hook for a body) given the JSON
/// error every other error has. Only those are touched: the service's own 4xx answers always
/// carry a JSON body, so a 400/414/431 head with `content-length: 0` can only be hyper's.
struct JsonParseErrors {
    inner: TcpStream,
    /// The replacement being written, how much of it is out, and the length hyper gave.
    pending: Option<(Vec<u8>, usize, usize)>,
}

impl JsonParseErrors {
    fn new(inner: TcpStream) -> Self {
        JsonParseErrors {
            inner,
            pending: None,
        }
    }
}

/// hyper's bodiless parse-error answer in `buf`, rewritten with the JSON error body.
fn with_json_body(buf: &[u8]) -> Option<Vec<u8>> {
    let status = match buf.get(..13)? {
        b"HTTP/1.1 400 " => StatusCode::BAD_REQUEST,
        b"HTTP/1.1 414 " => StatusCode::URI_TOO_LONG,
        b"HTTP/1.1 431 " => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        _ => return None,
    };
    let head = std::str::from_utf8(buf).ok()?.strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let rest: Vec<&str> = lines.collect();
    if !rest
        .iter()
        .any(|l| l.eq_ignore_ascii_case("content-length: 0"))
    {
        return None;
    }
    let message = match status {
        StatusCode::URI_TOO_LONG => "URI too long",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "Request header fields too large",
        _ => "Bad request - the request could not be parsed",
    };
    let body = super::error::error_body(status, message);
    // The hardening headers every other answer carries (statics::hardening_headers).
    let mut out = format!(
        "{status_line}\r\ncontent-type: application/json\r\ncache-control: no-store\r\n\
         content-security-policy: {}\r\nx-content-type-options: nosniff\r\n\
         referrer-policy: no-referrer\r\ncontent-length: {}\r\n",
        super::statics::CONTENT_SECURITY_POLICY,
        body.len()
    );
    for l in rest
        .iter()
        .filter(|l| !l.to_ascii_lowercase().starts_with("content-length:"))
    {
        out.push_str(l);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(&body);
    Some(out.into_bytes())
}

impl AsyncRead for JsonParseErrors {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for JsonParseErrors {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = &mut *self;
        if this.pending.is_none() {
            match with_json_body(buf) {
                Some(out) => this.pending = Some((out, 0, buf.len())),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        let Some((out, written, given)) = this.pending.as_mut() else {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        };
        while *written < out.len() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &out[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(std::io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        let given = *given;
        this.pending = None;
        Poll::Ready(Ok(given))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// An `accept` error other than a peer's reset is logged at most once a minute (with the
/// connection cap under the fd limit, `EMFILE` should not happen; if it does, no log flood).
fn log_accept_error(last: &Mutex<Option<Instant>>, e: &std::io::Error) {
    use std::io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
    if last.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
        *last = Some(Instant::now());
        tracing::warn!("accept error (logged once a minute): {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_bodiless_parse_errors_get_the_json_body() {
        let auto = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\
                     date: Fri, 04 Dec 2026 14:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(with_json_body(auto).unwrap()).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 ") && head.contains("date: Fri"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(!head.contains("content-length: 0"));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["status"]["status_code"], 431);
        // The service's own answers (with a body, or any other status) pass untouched.
        for own in [
            &b"HTTP/1.1 400 Bad Request\r\ncontent-length: 80\r\n\r\n"[..],
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{\"partial",
        ] {
            assert!(with_json_body(own).is_none());
        }
    }

    #[test]
    fn host_names_are_matched_without_port_case_or_trailing_dot() {
        let h = AllowedHosts::new("127.0.0.1".parse().unwrap(), &["Rivulet.example".into()]);
        for yes in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.:80",
            "127.0.0.1:1",
            "[::1]:8080",
            "[::1]",
            "rivulet.example",
            "rivulet.example:443",
        ] {
            assert!(h.allows(yes), "{yes}");
        }
        for no in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.2",
            "[::2]:80",
            "",
            "rivulet.example.evil",
        ] {
            assert!(!h.allows(no), "{no}");
        }
        let wide = AllowedHosts::new("0.0.0.0".parse().unwrap(), &["a.example,*".into()]);
        assert!(wide.allows("anything.example"));
        let v6 = AllowedHosts::new("::".parse().unwrap(), &[]);
        assert!(v6.allows("[::]:8080") && !v6.allows("example.org"));
    }
}
