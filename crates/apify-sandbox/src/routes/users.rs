use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::answer::data;
use super::request::Params;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/users/me", get(me))
        .route("/v2/users/me/limits", get(limits))
        .route("/v2/users/me/usage/monthly", get(monthly_usage))
        .route("/v2/users/{user_id}", get(public_user))
        .route("/v2/users/{user_id}/limits", get(limits_of))
        .route("/v2/users/{user_id}/usage/monthly", get(monthly_usage_of))
}

async fn me(caller: Caller) -> Json<Value> {
    data(render::user_private(&caller.user))
}

async fn limits(State(state): State<AppState>, caller: Caller) -> Json<Value> {
    data(crate::usage::limits(&state.db(), &caller.user.id))
}

async fn monthly_usage(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    let usage = crate::usage::monthly(&state.db(), &caller.user.id, params.get("date"))?;
    Ok(data(usage))
}

/// A user's own usage, by id or username; another user's is not found, as the API answers.
fn own_user(caller: &Caller, user_id: &str) -> ApiResult<()> {
    if caller.user.id == user_id || caller.user.username == user_id {
        Ok(())
    } else {
        Err(ApiError::not_found("User"))
    }
}

async fn limits_of(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> ApiResult<Json<Value>> {
    own_user(&caller, &user_id)?;
    Ok(data(crate::usage::limits(&state.db(), &caller.user.id)))
}

async fn monthly_usage_of(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    own_user(&caller, &user_id)?;
    let usage = crate::usage::monthly(&state.db(), &caller.user.id, params.get("date"))?;
    Ok(data(usage))
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
