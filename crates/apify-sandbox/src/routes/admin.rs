//! The sandbox's own controls, under a path the real API does not use, for tests only: they
//! exist only when a control token was given, and answer only to it (not to API tokens).

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::error::{ApiError, ApiResult};
use crate::faults::FaultConfig;
use crate::state::AppState;

pub fn routes(control_token: String) -> Router<AppState> {
    let expected = format!("Bearer {control_token}");
    Router::new()
        .route("/_sandbox/faults", get(get_faults).put(put_faults))
        .route("/_sandbox/clock", get(get_clock).put(put_clock))
        .layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let allowed = request
                    .headers()
                    .get(AUTHORIZATION)
                    .is_some_and(|value| value.as_bytes() == expected.as_bytes());
                async move {
                    if allowed {
                        next.run(request).await
                    } else {
                        ApiError::invalid_token().into_response()
                    }
                }
            },
        ))
}

async fn get_faults(State(state): State<AppState>) -> Json<FaultConfig> {
    Json(state.faults.config())
}

async fn put_faults(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> ApiResult<Json<FaultConfig>> {
    let config: FaultConfig = serde_json::from_slice(&body).map_err(|error| {
        ApiError::invalid_request(format!("Invalid fault configuration: {error}"))
    })?;
    state.faults.set(config.clone());
    Ok(Json(config))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockMove {
    advance_seconds: u64,
}

/// The schedules' clock, as `{"now": "…"}`.
async fn get_clock(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "now": crate::schedule::stamp(state.clock.now()) }))
}

/// Moves the schedules' clock forward by `advanceSeconds`; due schedules fire at once.
async fn put_clock(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> ApiResult<Json<serde_json::Value>> {
    let ClockMove { advance_seconds } = serde_json::from_slice(&body)
        .map_err(|error| ApiError::invalid_request(format!("Invalid clock move: {error}")))?;
    state
        .clock
        .advance(std::time::Duration::from_secs(advance_seconds));
    crate::scheduler::fire_due(&state);
    Ok(get_clock(State(state)).await)
}
