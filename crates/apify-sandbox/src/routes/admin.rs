//! The sandbox's own controls, under a path the real API does not use.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use crate::error::{ApiError, ApiResult};
use crate::faults::FaultConfig;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/_sandbox/faults", get(get_faults).put(put_faults))
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
