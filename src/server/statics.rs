//! Static files (`www/` and `/pkg/`): `Cache-Control: no-cache` (they change on rebuild, so the
//! browser revalidates every load) with `Last-Modified` (from tower-http's `ServeDir`) and a weak
//! `ETag` built from the modification time and length, so revalidation is a bodiless 304 for
//! `If-None-Match` as well as `If-Modified-Since`.

use std::hash::{Hash, Hasher};

use axum::body::Body;
use axum::extract::Request;
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

#[cfg(test)]
mod tests {
    use super::*;

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
