//! The one error shape every error status carries, as Riot's:
//! `{"status": {"status_code": 404, "message": "Data not found - ..."}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answered to the page. The message never contains the API key or an upstream URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds, sent as `Retry-After` (429 and 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds.max(1));
        self
    }
}

/// The JSON body for `status` with `message`.
pub fn error_body(status: StatusCode, message: &str) -> String {
    serde_json::json!({"status": {"status_code": status.as_u16(), "message": message}}).to_string()
}

/// A default message for a status with no better one.
pub fn default_message(status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => "Data not found - no such file or endpoint".into(),
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed".into(),
        s => s.canonical_reason().unwrap_or("Error").to_string(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            error_body(self.status, &self.message),
        )
            .into_response();
        if let Some(s) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        resp
    }
}
