//! Static files (`www/` and `/pkg/`): `Cache-Control: no-cache` (they change on rebuild, so the
//! browser revalidates every load) with `Last-Modified` (from tower-http's `ServeDir`) and a weak
//! `ETag` built from the modification time and length, so revalidation is a bodiless 304 for
//! `If-None-Match` as well as `If-Modified-Since`. A directory asked for without its trailing
//! slash is redirected to the same path with one, prefix kept (`/pkg/web` -> `/pkg/web/`) and
//! never as a protocol-relative URL (`//js` -> `/js/`, not `//js/`).

use std::hash::{Hash, Hasher};

use axum::body::Body;
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// The page's Content-Security-Policy: its own scripts, styles and images only (plus the empty
/// `data:` favicon), wasm compiled from its own module (`'wasm-unsafe-eval'`, which allows
/// `WebAssembly.instantiate` and nothing like `eval`), requests to its own origin only (the
/// proxy; the key stays there), no plugins, no `<base>` rewriting, forms posting nowhere else,
/// and no framing by any site (clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' \
    'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every answer (page, files, API) carries the hardening headers unless it set its own: the
/// CSP above, `X-Content-Type-Options: nosniff` (a JSON answer is never run as a script), and
/// `Referrer-Policy: no-referrer` (a Riot ID in the address never leaves for another site).
pub fn hardening_headers(router: Router) -> Router {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
}

/// The weak validator of a file answer: `W/"<hash of Last-Modified>-<length>"`.
fn etag_of(headers: &HeaderMap) -> Option<HeaderValue> {
    let modified = headers.get(header::LAST_MODIFIED)?;
    let len = headers.get(header::CONTENT_LENGTH)?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    modified.as_bytes().hash(&mut h);
    let len = len.to_str().ok()?;
    format!("W/\"{:x}-{len}\"", h.finish()).parse().ok()
}

/// Does an `If-None-Match` value match `tag` (weak comparison, as RFC 9110 asks for GET)?
fn none_match(value: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(v) = value.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let Ok(tag) = tag.to_str() else {
        return false;
    };
    v.trim() == "*" || v.split(',').any(|t| opaque(t) == opaque(tag))
}

/// Middleware: add the `ETag` to 200 file answers and turn a matching `If-None-Match` into 304.
pub async fn etags(req: Request, next: Next) -> Response {
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let Some(tag) = etag_of(resp.headers()) else {
        return resp;
    };
    if if_none_match.is_some_and(|v| none_match(&v, &tag)) {
        let mut out = Response::new(Body::empty());
        *out.status_mut() = StatusCode::NOT_MODIFIED;
        for name in [
            header::CACHE_CONTROL,
            header::LAST_MODIFIED,
            header::CONTENT_LOCATION,
            header::VARY,
        ] {
            if let Some(v) = resp.headers().get(&name) {
                out.headers_mut().insert(name, v.clone());
            }
        }
        out.headers_mut().insert(header::ETAG, tag);
        return out;
    }
    let mut resp = resp;
    resp.headers_mut().insert(header::ETAG, tag);
    resp
}

/// The `Location` of a directory redirect for the request path `path` (and `query`): the
/// whole original path (ServeDir, nested under `/pkg`, only sees the part after the prefix)
/// with one leading slash, whatever the request had (`//host` or `/\\host` would send the
/// browser to another host), and a trailing slash.
fn directory_location(path: &str, query: Option<&str>) -> Option<HeaderValue> {
    let rest = path.trim_start_matches(['/', '\\']);
    let mut loc = format!("/{}/", rest.trim_end_matches('/'));
    if loc == "//" {
        loc = "/".into();
    }
    if let Some(q) = query {
        loc.push('?');
        loc.push_str(q);
    }
    HeaderValue::from_str(&loc).ok()
}

/// Middleware: rewrite ServeDir's directory redirects (see [`directory_location`]).
pub async fn directory_redirects(req: Request, next: Next) -> Response {
    let original = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().clone(), |o| o.0.clone());
    let mut resp = next.run(req).await;
    if resp.status().is_redirection() && resp.headers().contains_key(header::LOCATION) {
        match directory_location(original.path(), original.query()) {
            Some(loc) => {
                resp.headers_mut().insert(header::LOCATION, loc);
            }
            None => {
                resp = Response::new(Body::empty());
                *resp.status_mut() = StatusCode::NOT_FOUND;
            }
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_redirects_keep_the_prefix_and_stay_on_this_host() {
        let loc = |p: &str, q| directory_location(p, q).unwrap();
        assert_eq!(loc("/pkg/web", None), "/pkg/web/");
        assert_eq!(loc("//js", None), "/js/");
        assert_eq!(loc("/\\evil.example/x", None), "/evil.example/x/");
        assert_eq!(loc("///a", Some("v=1")), "/a/?v=1");
        assert_eq!(loc("/", None), "/");
    }

    #[test]
    fn if_none_match_compares_weakly_and_lists() {
        let tag = HeaderValue::from_static("W/\"ab-12\"");
        for yes in ["W/\"ab-12\"", "\"ab-12\"", "\"x\", W/\"ab-12\"", "*"] {
            assert!(none_match(&HeaderValue::from_static(yes), &tag), "{yes}");
        }
        for no in ["W/\"ab-13\"", "\"\"", "ab-12x"] {
            assert!(!none_match(&HeaderValue::from_static(no), &tag), "{no}");
        }
    }
}
