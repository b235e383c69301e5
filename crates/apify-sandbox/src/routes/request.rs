//! What a request brings: query parameters with the API's spelling, and bodies, decompressed
//! and bounded as the platform bounds them.

use std::collections::HashMap;
use std::io::Read;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// The platform refuses request bodies over 9 MB.
pub const MAX_BODY_BYTES: usize = 9 * 1024 * 1024;

/// Query parameters, with the API's spelling of booleans (`1`/`0`, `true`/`false`).
pub struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(map) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|error| {
                ApiError::invalid_parameter(format!("Invalid query string: {error}"))
            })?;
        Ok(Params(map))
    }
}

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn flag(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.get(name) {
            None => Ok(None),
            Some("1" | "true" | "True" | "TRUE") => Ok(Some(true)),
            Some("0" | "false" | "False" | "FALSE" | "") => Ok(Some(false)),
            Some(other) => Err(ApiError::invalid_parameter(format!(
                "Parameter '{name}' must be a boolean (1, 0, true or false), not '{other}'"
            ))),
        }
    }

    pub fn number(&self, name: &str) -> ApiResult<Option<u64>> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                ApiError::invalid_parameter(format!(
                    "Parameter '{name}' must be a non-negative integer, not '{text}'"
                ))
            }),
        }
    }

    /// A comma-separated list, as `fields`, `omit`, `unwind` and `flatten` are given.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|text| {
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The request body, decompressed when the client sent it with `Content-Encoding: gzip` or `br`.
pub fn body_bytes(headers: &HeaderMap, body: &[u8]) -> ApiResult<Vec<u8>> {
    let encoding = headers
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    let mut out = Vec::new();
    let result = match encoding {
        "" | "identity" => return Ok(body.to_vec()),
        "gzip" | "x-gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut out),
        "deflate" => flate2::read::ZlibDecoder::new(body).read_to_end(&mut out),
        "br" => brotli::Decompressor::new(body, 4096).read_to_end(&mut out),
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-content-encoding",
                format!("Content encoding '{other}' is not supported"),
            ))
        }
    };
    result.map_err(|error| {
        ApiError::invalid_request(format!(
            "The request body could not be decompressed: {error}"
        ))
    })?;
    if out.len() > MAX_BODY_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request-too-large",
            "The request body is too large",
        ));
    }
    Ok(out)
}

pub fn json_body(headers: &HeaderMap, body: &[u8]) -> ApiResult<Value> {
    let bytes = body_bytes(headers, body)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&bytes).map_err(|error| {
        ApiError::invalid_request(format!("The request body is not valid JSON: {error}"))
    })
}
