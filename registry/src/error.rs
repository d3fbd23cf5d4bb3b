//! API errors: every error the registry answers, with its HTTP status and
//! stable snake_case code, rendered as
//! `{"error": {"code": "…", "message": "…", "details": […]}}`.
//! All the wording of error answers lives here.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use serde_json::json;

use crate::document::Problem;

/// `Retry-After` of `unavailable`: the database is down or unreachable.
const DATABASE_DOWN_RETRY_AFTER: u64 = 5;
/// `Retry-After` of `storage_full`: an operator has to free space first.
const STORAGE_FULL_RETRY_AFTER: u64 = 30;

/// `2 s`, `0.5 s`: a duration as the error messages write it.
fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// A note for the request log (never for the client): the cause of a 5xx.
#[derive(Clone, Debug)]
pub(crate) struct LogNote(pub String);

#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    details: Vec<Problem>,
    retry_after: Option<u64>,
    note: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
            retry_after: None,
            note: None,
        }
    }

    fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing, unknown or revoked token: send `Authorization: Bearer <token>`",
        )
    }

    pub fn forbidden(siren: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("this token does not belong to organization {siren}"),
        )
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "method not allowed on this path",
        )
    }

    pub fn invalid_path(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_path", message)
    }

    /// A query string the endpoint cannot answer (missing or out of range).
    pub fn bad_query(message: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_query", message)
    }

    pub fn missing_idempotency_key() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "missing_idempotency_key",
            "the `Idempotency-Key` header is required: the document's digest",
        )
    }

    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the document as `Content-Type: application/json`",
        )
    }

    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is over the limit of {limit} bytes"),
        )
    }

    pub fn body_read_failed() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "body_read_failed",
            "the request body could not be read",
        )
    }

    pub fn malformed_json(err: &serde_json::Error) -> Self {
        let mut error = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "malformed_json",
            "the body is not valid JSON",
        );
        error.details.push(Problem {
            path: String::new(),
            message: format!("{err}"),
        });
        error
    }

    pub fn invalid_document(details: Vec<Problem>) -> Self {
        let mut error = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_document",
            "the document does not follow the submission schema",
        );
        error.details = details;
        error
    }

    /// A withdrawal of a product the organization never submitted.
    pub fn nothing_to_withdraw(product: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing_to_withdraw",
            format!("the organization never submitted the product `{product}`: there is nothing to withdraw"),
        )
    }

    pub fn idempotency_key_mismatch(digest: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_mismatch",
            format!(
                "the `Idempotency-Key` must be the sha256 of the document's canonical JSON, which is {digest}"
            ),
        )
    }

    pub fn in_flight() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "in_flight",
            "a request with this `Idempotency-Key` is being processed; retry later",
        )
        .retry_after(1)
    }

    pub fn rate_limited(seconds: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many requests for this token; retry in {seconds} s"),
        )
        .retry_after(seconds)
    }

    /// The database stayed locked longer than the busy timeout, or the
    /// request deadline passed while the registry was working on it.
    pub fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the registry is busy; retry later",
        )
        .retry_after(1)
    }

    /// The request deadline passed while the registry was still working on
    /// the request: `busy`, with the cause in the log.
    pub fn too_slow(deadline: Duration) -> Self {
        let mut error = Self::busy();
        error.note = Some(format!(
            "no answer within the request timeout of {}",
            seconds(deadline)
        ));
        error
    }

    /// The request (its head or its body) did not arrive in time.
    pub fn request_timeout(deadline: Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "the request did not arrive within {}; send it again",
                seconds(deadline)
            ),
        )
    }

    /// More connections than the registry serves at once.
    pub fn too_many_connections(limit: usize) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            format!("the registry is serving its limit of {limit} connections; retry later"),
        )
        .retry_after(1)
    }

    /// More request bodies in memory than the registry holds at once.
    pub fn too_many_bodies() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the registry is receiving too many documents at once; retry later",
        )
        .retry_after(1)
    }

    /// The database or its disk is full.
    pub fn storage_full() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_full",
            "the registry's storage is full; retry later",
        )
        .retry_after(STORAGE_FULL_RETRY_AFTER)
    }

    /// What the HTTP parser refused before any handler saw the request: a
    /// malformed request line or header (400), a head over `max_header_bytes`
    /// (431), a target too long (414). `None` for other statuses.
    pub fn unparsable_request(status: StatusCode, max_header_bytes: usize) -> Option<Self> {
        let (code, message) = match status {
            StatusCode::BAD_REQUEST => (
                "bad_request",
                "the request line or a header is not valid HTTP/1.1".to_owned(),
            ),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
                "headers_too_large",
                format!(
                    "the request head is over the limit of {max_header_bytes} bytes or 100 headers"
                ),
            ),
            StatusCode::URI_TOO_LONG => ("uri_too_long", "the request target is too long".into()),
            _ => return None,
        };
        Some(Self::new(status, code, message))
    }

    /// An unexpected failure: `cause` goes to the log only.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let mut error = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
        );
        error.note = Some(cause.to_string());
        error
    }

    /// A store failure: 503 `unavailable` when the database cannot be
    /// reached, 503 `busy` when SQLite stayed locked, 503
    /// `storage_full` when the database or its disk is full, else 500.
    pub fn store(err: anyhow::Error) -> Self {
        let sqlite_code = |cause: &(dyn std::error::Error + 'static)| {
            cause
                .downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code)
        };
        let locked = err.chain().any(|cause| {
            matches!(
                sqlite_code(cause),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        });
        let full = err.chain().any(|cause| {
            sqlite_code(cause) == Some(rusqlite::ErrorCode::DiskFull)
                || cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::StorageFull)
        });
        let unavailable = err
            .chain()
            .any(|cause| cause.is::<crate::postgres::Unavailable>());
        let mut error = if unavailable {
            Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the registry's database is unavailable; retry later",
            )
            .retry_after(DATABASE_DOWN_RETRY_AFTER)
        } else if locked {
            Self::busy()
        } else if full {
            Self::storage_full()
        } else {
            return Self::internal(format!("{err:#}"));
        };
        error.note = Some(format!("{err:#}"));
        error
    }

    /// The whole HTTP/1.1 answer, for the connection layer that answers
    /// before (or without) a request reaching the router: the body and
    /// headers of [`IntoResponse`], and `Connection: close`.
    pub fn into_http1(self) -> Vec<u8> {
        let body = self.body().to_string();
        let mut head = format!(
            "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\n",
            self.status.as_str(),
            self.status.canonical_reason().unwrap_or_default()
        );
        if let Some(seconds) = self.retry_after {
            head.push_str(&format!("retry-after: {seconds}\r\n"));
        }
        head.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        ));
        head.push_str(&body);
        head.into_bytes()
    }

    fn body(&self) -> serde_json::Value {
        json!({
            "error": { "code": self.code, "message": self.message, "details": self.details }
        })
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        ApiError::store(err.into())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::store(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = crate::server::json_response(self.status, &self.body());
        let headers = response.headers_mut();
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(note) = self.note {
            response.extensions_mut().insert(LogNote(note));
        }
        response
    }
}
