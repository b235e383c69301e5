use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

use super::runs::{answer_run, list_runs};
use super::{body_bytes, data, find, page, Params};
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::runs::StartRequest;
use crate::state::{Access, Actor, AppState, RunOptions, Task};

/// Mounted under both `/v2/actors` and the legacy `/v2/acts`.
pub fn actor_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(list))
        .route("/{actor}", get(get_one))
        .route("/{actor}/builds", get(builds))
        .route("/{actor}/builds/default", get(default_build))
        .route("/{actor}/builds/{build}", get(one_build))
        .route("/{actor}/runs", get(actor_runs).post(start_run))
        .route("/{actor}/runs/last", get(last_run))
        .route("/{actor}/runs/{run}", get(actor_run))
        .route("/{actor}/runs/{run}/abort", post(actor_run_abort))
        .route("/{actor}/runs/{run}/resurrect", post(actor_run_resurrect))
}

pub fn task_routes() -> Router<AppState> {
    Router::new()
        .route("/v2/actor-tasks", get(list_tasks))
        .route("/v2/actor-tasks/{task}", get(get_task))
        .route("/v2/actor-tasks/{task}/input", get(task_input))
        .route(
            "/v2/actor-tasks/{task}/runs",
            get(task_runs).post(start_task_run),
        )
        .route("/v2/actor-tasks/{task}/runs/last", get(last_task_run))
}

pub fn resolve_actor(
    state: &AppState,
    caller: &Caller,
    ident: &str,
    needed: Access,
) -> ApiResult<Actor> {
    let db = state.db();
    let actor = find(
        &db.actors,
        &db,
        caller,
        ident,
        |a| Some(a.name.as_str()),
        |a| &a.user_id,
    )
    .ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "actor-not-found",
            "Actor was not found",
        )
    })?;
    caller.require(Kind::Actor, &actor.id, None, needed)?;
    Ok(actor.clone())
}

fn resolve_task(state: &AppState, caller: &Caller, ident: &str, needed: Access) -> ApiResult<Task> {
    let db = state.db();
    let task = find(
        &db.tasks,
        &db,
        caller,
        ident,
        |t| Some(t.name.as_str()),
        |t| &t.user_id,
    )
    .filter(|t| t.user_id == caller.user.id)
    .ok_or_else(|| ApiError::not_found("Actor task"))?;
    caller.require(Kind::Task, &task.id, None, needed)?;
    Ok(task.clone())
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    params.flag("my")?;
    let items = {
        let db = state.db();
        db.actors
            .values()
            .filter(|a| a.user_id == caller.user.id)
            .map(|a| render::actor_short(&db, a))
            .collect()
    };
    page(items, &params)
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Read)?;
    Ok(data(render::actor(&state.db(), &actor)))
}

async fn builds(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Read)?;
    page(vec![render::build_short(&actor)], &params)
}

async fn default_build(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Read)?;
    Ok(data(render::build(&actor)))
}

async fn one_build(
    State(state): State<AppState>,
    caller: Caller,
    Path((ident, build)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Read)?;
    if build != actor.default_build_id && build != actor.build_number && build != "latest" {
        return Err(ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "build-not-found",
            "Build was not found",
        ));
    }
    Ok(data(render::build(&actor)))
}

/// Reads the run options of a start request: `timeout`, `memory`, `build`.
fn run_options(params: &Params, defaults: RunOptions) -> ApiResult<RunOptions> {
    let memory = params.number("memory")?.unwrap_or(defaults.memory_mbytes);
    if !(128..=32_768).contains(&memory) || !memory.is_power_of_two() {
        return Err(ApiError::invalid_value(
            "Memory must be a power of 2 between 128 and 32768 megabytes",
        ));
    }
    Ok(RunOptions {
        build: params.get("build").unwrap_or(&defaults.build).to_owned(),
        timeout_secs: params.number("timeout")?.unwrap_or(defaults.timeout_secs),
        memory_mbytes: memory,
        disk_mbytes: memory * 2,
    })
}

fn default_options() -> RunOptions {
    RunOptions {
        build: "latest".into(),
        timeout_secs: 3600,
        memory_mbytes: 1024,
        disk_mbytes: 2048,
    }
}

async fn start_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Run)?;
    let bytes = body_bytes(&headers, &body)?;
    let input = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid_request(format!("The input is not valid JSON: {e}")))?
    };
    let request = StartRequest {
        actor,
        task_id: None,
        input,
        input_body_len: bytes.len() as u64,
        options: run_options(&params, default_options())?,
        creator: caller.creator(),
    };
    let run = crate::runs::start(&state, request)?;
    answer_run(&state, &run.id, &params, true).await
}

async fn actor_runs(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Read)?;
    list_runs(&state, &caller, &params, |run| run.act_id == actor.id)
}

async fn last_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let actor = resolve_actor(&state, &caller, &ident, Access::Read)?;
    let status = params.get("status").map(str::to_owned);
    let run_id = {
        let db = state.db();
        db.runs
            .values()
            .filter(|run| run.act_id == actor.id && run.user_id == caller.user.id)
            .filter(|run| status.as_deref().is_none_or(|s| run.status.as_str() == s))
            .max_by(|a, b| a.started_at.cmp(&b.started_at))
            .map(|run| run.id.clone())
            .ok_or_else(|| ApiError::not_found("Actor run"))?
    };
    answer_run(&state, &run_id, &params, false).await
}

fn run_of_actor(state: &AppState, caller: &Caller, actor: &str, run: &str) -> ApiResult<String> {
    let actor = resolve_actor(state, caller, actor, Access::Read)?;
    let db = state.db();
    db.runs
        .get(run)
        .filter(|r| r.act_id == actor.id && r.user_id == caller.user.id)
        .map(|r| r.id.clone())
        .ok_or_else(|| ApiError::not_found("Actor run"))
}

async fn actor_run(
    State(state): State<AppState>,
    caller: Caller,
    Path((actor, run)): Path<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    let run_id = run_of_actor(&state, &caller, &actor, &run)?;
    answer_run(&state, &run_id, &params, false).await
}

async fn actor_run_abort(
    State(state): State<AppState>,
    caller: Caller,
    Path((actor, run)): Path<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    let run_id = run_of_actor(&state, &caller, &actor, &run)?;
    super::runs::abort_and_answer(&state, &caller, &run_id, &params).await
}

async fn actor_run_resurrect(
    State(state): State<AppState>,
    caller: Caller,
    Path((actor, run)): Path<(String, String)>,
    params: Params,
) -> ApiResult<Response> {
    let run_id = run_of_actor(&state, &caller, &actor, &run)?;
    super::runs::resurrect_and_answer(&state, &caller, &run_id, &params).await
}

async fn list_tasks(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    let items = {
        let db = state.db();
        db.tasks
            .values()
            .filter(|t| t.user_id == caller.user.id)
            .map(|t| render::task(&db, t))
            .collect()
    };
    page(items, &params)
}

async fn get_task(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let task = resolve_task(&state, &caller, &ident, Access::Read)?;
    Ok(data(render::task(&state.db(), &task)))
}

/// The task's input alone, without the `data` envelope, as the platform answers it.
async fn task_input(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let task = resolve_task(&state, &caller, &ident, Access::Read)?;
    Ok(Json(task.input))
}

async fn task_runs(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let task = resolve_task(&state, &caller, &ident, Access::Read)?;
    list_runs(&state, &caller, &params, |run| {
        run.actor_task_id.as_deref() == Some(&task.id)
    })
}

async fn last_task_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let task = resolve_task(&state, &caller, &ident, Access::Read)?;
    let run_id = {
        let db = state.db();
        db.runs
            .values()
            .filter(|run| run.actor_task_id.as_deref() == Some(&task.id))
            .max_by(|a, b| a.started_at.cmp(&b.started_at))
            .map(|run| run.id.clone())
            .ok_or_else(|| ApiError::not_found("Actor run"))?
    };
    answer_run(&state, &run_id, &params, false).await
}

/// A task run's input is the task's input, overridden field by field by the request body.
async fn start_task_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let task = resolve_task(&state, &caller, &ident, Access::Run)?;
    let actor = state
        .db()
        .actors
        .get(&task.act_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Actor"))?;
    caller.require(Kind::Actor, &actor.id, None, Access::Run)?;
    let bytes = body_bytes(&headers, &body)?;
    let mut input = task.input.clone();
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        let overrides: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid_request(format!("The input is not valid JSON: {e}")))?;
        match (input.as_object_mut(), overrides) {
            (Some(base), Value::Object(overrides)) => base.extend(overrides),
            _ => {
                return Err(ApiError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "invalid-input",
                    "Input is not valid: The input must be a JSON object",
                ))
            }
        }
    }
    let request = StartRequest {
        actor,
        task_id: Some(task.id.clone()),
        input,
        input_body_len: bytes.len() as u64,
        options: run_options(&params, task.options.clone())?,
        creator: caller.creator(),
    };
    let run = crate::runs::start(&state, request)?;
    answer_run(&state, &run.id, &params, true).await
}
