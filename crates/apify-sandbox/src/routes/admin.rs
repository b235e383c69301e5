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
