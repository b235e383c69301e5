//! Errors answered the way the real API answers them: a status and `{"error": {"type", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
        }
    }

    pub fn token_not_provided() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "token-not-provided",
            "Authentication token was not provided",
        )
    }

    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "user-or-token-not-found",
            "User was not found or authentication token is not valid",
        )
    }

    /// `what` names the resource, `permission` what the token lacks, so the user can fix the token.
    pub fn insufficient_permissions(what: &str, permission: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "insufficient-permissions",
            format!(
                "Insufficient permissions for the {what}. Make sure you're passing a correct API token and that it has the required permissions: {permission}"
            ),
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "record-not-found",
            format!("{what} was not found"),
        )
    }

    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-request", message)
    }

    pub fn invalid_value(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-value", message)
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-parameter", message)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "This API endpoint can only be accessed using the following HTTP methods: see the API reference",
        )
    }

    pub fn page_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "page-not-found",
            "There is no API endpoint at this URL in the sandbox. If the real API has one, it is among the sandbox's listed gaps (see docs/sandbox.md).",
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-server-error",
            message,
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": { "type": self.kind, "message": self.message } }));
        (self.status, body).into_response()
    }
}

impl From<std::io::Error> for ApiError {
    fn from(error: std::io::Error) -> Self {
        ApiError::internal(format!("Storage failure: {error}"))
    }
}
