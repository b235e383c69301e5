use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

use super::answer::{data, page};
use super::request::Params;
use super::resolve::resolve;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::state::{Access, AppState, DatasetMeta, KvStoreMeta, Run};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/actor-runs", get(list))
        .route("/v2/actor-runs/{run}", get(get_one))
        .route("/v2/actor-runs/{run}/abort", post(abort))
        .route("/v2/actor-runs/{run}/resurrect", post(resurrect))
        .route("/v2/actor-runs/{run}/log", get(log))
        .route("/v2/logs/{run}", get(log))
        .route("/v2/actor-runs/{run}/dataset", get(run_dataset))
        .route(
            "/v2/actor-runs/{run}/dataset/items",
            get(run_dataset_items).post(run_dataset_push),
        )
        .route("/v2/actor-runs/{run}/key-value-store", get(run_store))
        .route(
            "/v2/actor-runs/{run}/key-value-store/keys",
            get(run_store_keys),
        )
        .route(
            "/v2/actor-runs/{run}/key-value-store/records/{key}",
            get(run_record_get)
                .put(run_record_put)
                .post(run_record_put)
                .delete(run_record_delete),
        )
}

/// Answers with the run, after waiting up to `waitForFinish` seconds (at most 60) for it to end.
pub async fn answer_run(
    state: &AppState,
    run_id: &str,
    params: &Params,
    created: bool,
) -> ApiResult<Response> {
    if let Some(seconds) = params.number("waitForFinish")? {
        crate::runs::wait_for_finish(state, run_id, seconds).await;
    }
    let run = state
        .db()
        .runs
        .get(run_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Actor run"))?;
    let body = data(render::run(state, &run));
    Ok(if created {
        (StatusCode::CREATED, body).into_response()
    } else {
        body.into_response()
    })
}

pub fn list_runs(
    state: &AppState,
    caller: &Caller,
    params: &Params,
    keep: impl Fn(&Run) -> bool,
) -> ApiResult<Json<Value>> {
    let status = params.get("status").map(str::to_owned);
    let items = state
        .db()
        .runs
        .values()
        .filter(|run| run.user_id == caller.user.id && keep(run))
        .filter(|run| {
            status
                .as_deref()
                .is_none_or(|s| s.split(',').any(|s| s == run.status.as_str()))
        })
        .map(render::run_short)
        .collect::<Vec<_>>();
    let mut items = items;
    items.sort_by(|a, b| a["startedAt"].as_str().cmp(&b["startedAt"].as_str()));
    page(items, params)
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    list_runs(&state, &caller, &params, |_| true)
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    answer_run(&state, &run.id, &params, false).await
}

pub async fn abort_and_answer(
    state: &AppState,
    caller: &Caller,
    run_id: &str,
    params: &Params,
) -> ApiResult<Response> {
    let run = resolve::<Run>(state, caller, run_id, Access::Run)?;
    crate::runs::abort(state, &run.id);
    // The answer shows the run once the abort took effect, as the platform's does.
    crate::runs::wait_for_finish(state, &run.id, 5).await;
    answer_run(state, &run.id, params, false).await
}

async fn abort(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    abort_and_answer(&state, &caller, &run, &params).await
}

pub async fn resurrect_and_answer(
    state: &AppState,
    caller: &Caller,
    run_id: &str,
    params: &Params,
) -> ApiResult<Response> {
    let run = resolve::<Run>(state, caller, run_id, Access::Run)?;
    crate::runs::resurrect(state, &run.id)?;
    answer_run(state, &run.id, params, false).await
}

async fn resurrect(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    resurrect_and_answer(&state, &caller, &run, &params).await
}

/// The log as plain text; with `stream=1` the answer stays open and follows the log until the
/// run finishes.
async fn log(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let headers = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    if !params.flag("stream")?.unwrap_or(false) {
        return Ok((headers, run.log).into_response());
    }
    let changes = state.run_signals(&run.id).changed.subscribe();
    let follow = futures_util::stream::unfold(
        (state.clone(), run.id.clone(), 0usize, changes, false),
        |(state, run_id, sent, mut changes, done)| async move {
            if done {
                return None;
            }
            loop {
                let (log, finished) = {
                    let db = state.db();
                    let run = db.runs.get(&run_id)?;
                    (run.log.clone(), run.status.is_terminal())
                };
                if log.len() > sent || finished {
                    let chunk = Bytes::copy_from_slice(&log.as_bytes()[sent..]);
                    return Some((
                        Ok::<_, std::io::Error>(chunk),
                        (state, run_id, log.len(), changes, finished),
                    ));
                }
                if changes.changed().await.is_err() {
                    return None;
                }
            }
        },
    );
    Ok((headers, Body::from_stream(follow)).into_response())
}

async fn run_dataset(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
) -> ApiResult<Json<Value>> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<DatasetMeta>(&state, &caller, &run.default_dataset_id, Access::Read)?;
    Ok(data(super::datasets::describe(&state, &meta)?))
}

async fn run_dataset_items(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    params: Params,
    method: Method,
) -> ApiResult<Response> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<DatasetMeta>(&state, &caller, &run.default_dataset_id, Access::Read)?;
    super::datasets::export(&state, &meta, &params, method == Method::HEAD).await
}

async fn run_dataset_push(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<DatasetMeta>(&state, &caller, &run.default_dataset_id, Access::Write)?;
    super::datasets::push_items(&state, &meta, &headers, &body).await
}

async fn run_store(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
) -> ApiResult<Json<Value>> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<KvStoreMeta>(
        &state,
        &caller,
        &run.default_key_value_store_id,
        Access::Read,
    )?;
    Ok(data(super::kv::describe_for(&state, &caller, &meta)))
}

async fn run_store_keys(
    State(state): State<AppState>,
    caller: Caller,
    Path(run): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<KvStoreMeta>(
        &state,
        &caller,
        &run.default_key_value_store_id,
        Access::Read,
    )?;
    super::kv::list_keys(&state, &meta, &params)
}

async fn run_record_get(
    State(state): State<AppState>,
    caller: Caller,
    Path((run, key)): Path<(String, String)>,
    params: Params,
    method: Method,
    request: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<KvStoreMeta>(
        &state,
        &caller,
        &run.default_key_value_store_id,
        Access::Read,
    )?;
    let head_only = method == Method::HEAD;
    super::kv::read_record(&state, &meta, &key, &params, head_only, &request).await
}

async fn run_record_put(
    State(state): State<AppState>,
    caller: Caller,
    Path((run, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<KvStoreMeta>(
        &state,
        &caller,
        &run.default_key_value_store_id,
        Access::Write,
    )?;
    super::kv::write_record(&state, &meta.id, &key, &headers, &body).await
}

async fn run_record_delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((run, key)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let run = resolve::<Run>(&state, &caller, &run, Access::Read)?;
    let meta = resolve::<KvStoreMeta>(
        &state,
        &caller,
        &run.default_key_value_store_id,
        Access::Write,
    )?;
    super::kv::delete_record(&state, &meta.id, &key).await
}
