//! Request queues: the collection, and one queue's routes, mounted under its id and under a
//! run's, an Actor's or a task's last run's default queue, as the platform mounts them.

use axum::body::Bytes;
use axum::extract::{RawPathParams, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::answer::{created, data, page};
use super::request::{json_body, Params};
use super::resolve::{create_storage, owned, rename, resolve};
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::queue;
use crate::render;
use crate::state::{Access, AppState, QueueMeta, Run};
use crate::storage;

/// The platform adds at most 25 requests in one batch.
const BATCH_LIMIT: usize = 25;
const LIST_LIMIT: u64 = 10_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/request-queues", get(list).post(create))
        .nest("/v2/request-queues/{queue}", one_queue_routes())
        .nest("/v2/actor-runs/{run}/request-queue", one_queue_routes())
}

/// The routes of one queue, wherever the path that names it is mounted.
pub fn one_queue_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(get_one).put(update).delete(remove))
        .route("/requests", get(list_requests).post(add_request))
        .route("/requests/batch", post(batch_add).delete(batch_delete))
        .route(
            "/requests/{request}",
            get(get_request).put(update_request).delete(delete_request),
        )
        .route("/head", get(head))
}

/// The queue the path names: by id or name, or as the default queue of a run, or of an
/// Actor's or a task's last run.
fn locate(
    state: &AppState,
    caller: &Caller,
    path: &RawPathParams,
    params: &Params,
    needed: Access,
) -> ApiResult<QueueMeta> {
    let run_queue = |run_id: &str| {
        let run = resolve::<Run>(state, caller, run_id, Access::Read)?;
        resolve::<QueueMeta>(state, caller, &run.default_request_queue_id, needed)
    };
    for (name, value) in path {
        match name {
            "queue" => return resolve::<QueueMeta>(state, caller, value, needed),
            "run" => return run_queue(value),
            "actor" => {
                return run_queue(&super::resolve::last_actor_run(
                    state, caller, value, params,
                )?)
            }
            "task" => {
                return run_queue(&super::resolve::last_task_run_id(
                    state, caller, value, params,
                )?)
            }
            _ => {}
        }
    }
    Err(ApiError::page_not_found())
}

fn request_id(path: &RawPathParams) -> String {
    path.iter()
        .find(|(name, _)| *name == "request")
        .map(|(_, value)| value.to_owned())
        .unwrap_or_default()
}

fn describe(state: &AppState, meta: &QueueMeta) -> Value {
    render::request_queue(state, &state.db(), meta)
}

/// The queue as it is now, counts included.
fn current(state: &AppState, meta: &QueueMeta) -> ApiResult<QueueMeta> {
    state
        .db()
        .request_queues
        .get(&meta.id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Request queue"))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    let unnamed = params.flag("unnamed")?.unwrap_or(false);
    let metas = owned::<QueueMeta>(&state, &caller, unnamed);
    let items: Vec<Value> = {
        let db = state.db();
        metas
            .iter()
            .map(|meta| render::request_queue(&state, &db, meta))
            .collect()
    };
    let mut answer = page(items, &params)?;
    answer.0["data"]["unnamed"] = json!(unnamed);
    Ok(answer)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Response> {
    let creator = caller.creator();
    let owner = caller.user.id.clone();
    create_storage(
        &state,
        &caller,
        &params,
        Kind::RequestQueue,
        "request-queues",
        |name| storage::make_queue(&state, &owner, name, creator),
        |meta| Ok(describe(&state, meta)),
    )
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Read)?;
    Ok(data(describe(&state, &meta)))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    let body = json_body(&headers, &body)?;
    let updated = rename(&state, &caller, &meta, &body, "request queue")?;
    Ok(data(describe(&state, &updated)))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
) -> ApiResult<StatusCode> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    storage::remove_queue(&state, &meta.id);
    state.save()?;
    Ok(StatusCode::NO_CONTENT)
}

/// The cursor is opaque to clients; here it is the last listed request's id, in hex.
fn cursor_of(id: &str) -> String {
    id.bytes().map(|b| format!("{b:02x}")).collect()
}

fn id_of_cursor(cursor: &str) -> ApiResult<String> {
    let bad = || ApiError::invalid_parameter("Parameter 'cursor' is not a cursor of this queue");
    if !cursor.len().is_multiple_of(2) {
        return Err(bad());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(cursor.get(i..i + 2).unwrap_or("x"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    String::from_utf8(bytes).map_err(|_| bad())
}

async fn list_requests(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Read)?;
    let limit = params.number("limit")?.unwrap_or(100).clamp(1, LIST_LIMIT);
    let cursor = params.get("cursor").filter(|c| !c.is_empty());
    let start_id = params.get("exclusiveStartId").filter(|c| !c.is_empty());
    if cursor.is_some() && start_id.is_some() {
        return Err(ApiError::invalid_parameter(
            "Parameters 'cursor' and 'exclusiveStartId' cannot be used together",
        ));
    }
    let after = match (cursor, start_id) {
        (Some(cursor), _) => Some(id_of_cursor(cursor)?),
        (None, start) => start.map(str::to_owned),
    };
    let mut pending = false;
    let mut locked = false;
    for state_name in params.list("filter") {
        match state_name.as_str() {
            "pending" => pending = true,
            // The sandbox never locks requests (see docs/sandbox.md): none is locked.
            "locked" => locked = true,
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "Parameter 'filter' may say 'locked' or 'pending', not '{other}'"
                )))
            }
        }
    }
    let items = if locked && !pending {
        Vec::new()
    } else {
        let requests = storage::queue_requests(&state, &meta.id)?;
        let requests = requests.lock().unwrap_or_else(|p| p.into_inner());
        requests.list(after.as_deref(), limit as usize + 1, pending)?
    };
    let more = items.len() > limit as usize;
    let items: Vec<Value> = items.into_iter().take(limit as usize).collect();
    let mut answer = json!({ "items": items, "limit": limit });
    if let Some(cursor) = cursor {
        answer["cursor"] = json!(cursor);
    }
    if let Some(start) = start_id {
        answer["exclusiveStartId"] = json!(start);
    }
    if more {
        let last = items
            .last()
            .and_then(|r| r["id"].as_str())
            .unwrap_or_default();
        answer["nextCursor"] = json!(cursor_of(last));
    }
    Ok(data(answer))
}

/// Adds, updates and deletes go through here: the queue's requests, changed under their lock,
/// then saved with the queue's counts.
fn change<T>(
    state: &AppState,
    meta: &QueueMeta,
    apply: impl FnOnce(&mut queue::QueueRequests) -> ApiResult<T>,
) -> ApiResult<T> {
    let requests = storage::queue_requests(state, &meta.id)?;
    let mut requests = requests.lock().unwrap_or_else(|p| p.into_inner());
    let result = apply(&mut requests)?;
    storage::save_queue(state, &meta.id, &requests)?;
    Ok(result)
}

async fn add_request(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    let body = json_body(&headers, &body)?;
    let forefront = params.flag("forefront")?.unwrap_or(false);
    let added = change(&state, &meta, |requests| {
        requests.add(&body, forefront, state.random.id())
    })?;
    Ok(created(added.to_json(false)))
}

/// A batch's body: an array of requests.
fn batch(headers: &HeaderMap, body: &[u8]) -> ApiResult<Vec<Value>> {
    match json_body(headers, body)? {
        Value::Array(drafts) => Ok(drafts),
        _ => Err(ApiError::invalid_value(
            "The body must be an array of requests",
        )),
    }
}

/// The sandbox processes a whole batch or refuses it: nothing is left unprocessed.
fn batch_answer(processed: Vec<Value>) -> Value {
    json!({ "processedRequests": processed, "unprocessedRequests": [] })
}

async fn batch_add(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    let drafts = batch(&headers, &body)?;
    let forefront = params.flag("forefront")?.unwrap_or(false);
    if drafts.len() > BATCH_LIMIT {
        return Err(ApiError::invalid_value(format!(
            "A batch may add at most {BATCH_LIMIT} requests, not {}",
            drafts.len()
        )));
    }
    let processed = change(&state, &meta, |requests| {
        drafts
            .iter()
            .map(|draft| {
                requests
                    .add(draft, forefront, state.random.id())
                    .map(|added| added.to_json(true))
            })
            .collect::<ApiResult<Vec<Value>>>()
    })?;
    Ok(created(batch_answer(processed)))
}

async fn batch_delete(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    let drafts = batch(&headers, &body)?;
    let processed = change(&state, &meta, |requests| {
        drafts
            .iter()
            .map(|draft| {
                let id = match (draft["id"].as_str(), draft["uniqueKey"].as_str()) {
                    (Some(id), _) => Some(id.to_owned()),
                    (None, Some(key)) => requests.id_of_key(key),
                    (None, None) => {
                        return Err(ApiError::invalid_value(
                            "Each request to delete needs an 'id' or a 'uniqueKey'",
                        ))
                    }
                };
                if let Some(id) = &id {
                    requests.delete(id);
                }
                let mut deleted = serde_json::Map::new();
                if let Some(id) = id {
                    deleted.insert("id".into(), json!(id));
                }
                if let Some(key) = draft["uniqueKey"].as_str() {
                    deleted.insert("uniqueKey".into(), json!(key));
                }
                Ok(Value::Object(deleted))
            })
            .collect::<ApiResult<Vec<Value>>>()
    })?;
    Ok(data(batch_answer(processed)))
}

async fn get_request(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Read)?;
    let requests = storage::queue_requests(&state, &meta.id)?;
    let request = requests
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&request_id(&path));
    request
        .map(data)
        .ok_or_else(|| ApiError::not_found("Request"))
}

async fn update_request(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    let body = json_body(&headers, &body)?;
    let forefront = params.flag("forefront")?.unwrap_or(false);
    let id = request_id(&path);
    let updated = change(&state, &meta, |requests| {
        requests.update(&id, &body, forefront)
    })?;
    Ok(data(updated.to_json(false)))
}

async fn delete_request(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
) -> ApiResult<Response> {
    let meta = locate(&state, &caller, &path, &params, Access::Write)?;
    let id = request_id(&path);
    change(&state, &meta, |requests| {
        requests
            .delete(&id)
            .map(|_| ())
            .ok_or_else(|| ApiError::not_found("Request"))
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn head(
    State(state): State<AppState>,
    caller: Caller,
    path: RawPathParams,
    params: Params,
) -> ApiResult<Json<Value>> {
    let meta = locate(&state, &caller, &path, &params, Access::Read)?;
    let limit = params.number("limit")?.unwrap_or(100).clamp(1, 1000);
    let items = {
        let requests = storage::queue_requests(&state, &meta.id)?;
        let requests = requests.lock().unwrap_or_else(|p| p.into_inner());
        requests.head(limit as usize)
    };
    let meta = current(&state, &meta)?;
    Ok(data(json!({
        "limit": limit,
        "queueModifiedAt": meta.modified_at,
        "hadMultipleClients": false,
        "items": items,
    })))
}
