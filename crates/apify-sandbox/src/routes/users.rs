use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::data;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/users/me", get(me))
        .route("/v2/users/me/limits", get(limits))
        .route("/v2/users/{user_id}", get(public_user))
}

async fn me(caller: Caller) -> Json<Value> {
    data(render::user_private(&caller.user))
}

async fn limits(_caller: Caller) -> Json<Value> {
    data(render::limits())
}

async fn public_user(
    State(state): State<AppState>,
    Path(user_id): Path<String>,
) -> ApiResult<Json<Value>> {
    let db = state.db();
    let user = db
        .user(&user_id)
        .or_else(|| db.user_by_name(&user_id))
        .ok_or_else(|| ApiError::not_found("User"))?;
    Ok(data(render::user_public(user)))
}
