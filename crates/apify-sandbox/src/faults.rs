//! Fault injection: a share of requests answered 429 or 5xx, added latency, response bodies
//! cut off after a number of bytes, and every token refused as if revoked. Set at start (flags) or at run time through
//! `GET`/`PUT /_sandbox/faults`, a path the real API does not use.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::random::Random;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultConfig {
    /// Share of requests answered 429 `rate-limit-exceeded`, 0 to 1.
    #[serde(default)]
    pub rate_limit: f64,
    /// Share answered 500.
    #[serde(default)]
    pub server_error: f64,
    /// Share answered 503.
    #[serde(default)]
    pub unavailable: f64,
    /// Added to every request.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of successful responses whose body is cut off after `drop_after_bytes`.
    #[serde(default)]
    pub drop_rate: f64,
    #[serde(default)]
    pub drop_after_bytes: u64,
    /// Restarts the generator, so the same sequence of requests meets the same faults.
    #[serde(default)]
    pub seed: u64,
    /// Every request is refused as the platform refuses a revoked or expired token (401), so a
    /// client's way to a new token can be tried.
    #[serde(default)]
    pub tokens_revoked: bool,
}

pub struct Faults {
    config: Mutex<FaultConfig>,
    random: Mutex<Random>,
}

impl Faults {
    pub fn new(config: FaultConfig) -> Self {
        let random = Random::new(config.seed);
        Self {
            config: Mutex::new(config),
            random: Mutex::new(random),
        }
    }

    pub fn config(&self) -> FaultConfig {
        self.config
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set(&self, config: FaultConfig) {
        *self.random.lock().unwrap_or_else(|p| p.into_inner()) = Random::new(config.seed);
        *self.config.lock().unwrap_or_else(|p| p.into_inner()) = config;
    }

    fn roll(&self) -> f64 {
        self.random.lock().unwrap_or_else(|p| p.into_inner()).unit()
    }
}

pub async fn inject(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/_sandbox/") {
        return next.run(request).await;
    }
    let config = faults.config();
    if config.tokens_revoked {
        return ApiError::invalid_token().into_response();
    }
    if config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(config.latency_ms)).await;
    }
    let roll = faults.roll();
    if roll < config.rate_limit {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limit-exceeded",
            "You have exceeded the rate limit. Please try again later.",
        )
        .into_response();
    }
    if roll < config.rate_limit + config.server_error {
        return ApiError::internal("Internal server error (injected by the sandbox)")
            .into_response();
    }
    if roll < config.rate_limit + config.server_error + config.unavailable {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "internal-server-error",
            "Service temporarily unavailable (injected by the sandbox)",
        )
        .into_response();
    }
    let response = next.run(request).await;
    if config.drop_rate > 0.0 && response.status().is_success() && faults.roll() < config.drop_rate
    {
        return cut_off(response, config.drop_after_bytes);
    }
    response
}

/// Lets `limit` bytes of the body through, then breaks the connection, as a flaky network
/// would. A body that ends before `limit` bytes arrives whole.
fn cut_off(response: Response, limit: u64) -> Response {
    enum Cut<S> {
        Passing { body: S, sent: u64 },
        Breaking,
        Done,
    }
    let (mut parts, body) = response.into_parts();
    let start = Cut::Passing {
        body: body.into_data_stream(),
        sent: 0,
    };
    let stream = futures_util::stream::unfold(start, move |state| async move {
        match state {
            Cut::Passing { mut body, sent } => match body.next().await? {
                Err(error) => Some((Err(std::io::Error::other(error)), Cut::Done)),
                Ok(chunk) if sent + chunk.len() as u64 > limit => {
                    let room = (limit - sent) as usize;
                    Some((Ok(chunk.slice(..room)), Cut::Breaking))
                }
                Ok(chunk) => {
                    let sent = sent + chunk.len() as u64;
                    Some((
                        Ok::<Bytes, std::io::Error>(chunk),
                        Cut::Passing { body, sent },
                    ))
                }
            },
            Cut::Breaking => {
                // The pause lets the bytes so far reach the socket before the connection breaks;
                // failing at once would make the server drop the response before sending anything.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let error = std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "dropped by the sandbox",
                );
                Some((Err(error), Cut::Done))
            }
            Cut::Done => None,
        }
    });
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from_stream(stream))
}
