use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

use super::answer::{created, data, page};
use super::request::{body_bytes, json_body, Params};
use super::resolve::resolve;
use super::runs::{answer_run, list_runs};
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::runs::StartRequest;
use crate::state::{Access, Actor, AppState, RunOptions, Task};

/// Mounted under both `/v2/actors` and the legacy `/v2/acts`.
pub fn build_routes() -> Router<AppState> {
    Router::new().route("/v2/actor-builds/{build}", get(build_by_id))
}

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
        .nest(
            "/{actor}/runs/last/request-queue",
            super::queues::one_queue_routes(),
        )
}

pub fn task_routes() -> Router<AppState> {
    Router::new()
        .route("/v2/actor-tasks", get(list_tasks).post(create_task))
        .route(
            "/v2/actor-tasks/{task}",
            get(get_task).put(update_task).delete(delete_task),
        )
        .route(
            "/v2/actor-tasks/{task}/input",
            get(task_input).put(replace_task_input),
        )
        .route(
            "/v2/actor-tasks/{task}/runs",
            get(task_runs).post(start_task_run),
        )
        .route("/v2/actor-tasks/{task}/runs/last", get(last_task_run))
        .nest(
            "/v2/actor-tasks/{task}/runs/last/request-queue",
            super::queues::one_queue_routes(),
        )
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    // `my=1`: the Actors the caller created; otherwise also the ones they have run.
    let mine_only = params.flag("my")?.unwrap_or(false);
    let items = {
        let db = state.db();
        db.actors
            .values()
            .filter(|a| {
                a.user_id == caller.user.id
                    || (!mine_only
                        && db
                            .runs
                            .values()
                            .any(|r| r.act_id == a.id && r.user_id == caller.user.id))
            })
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
    let actor = resolve::<Actor>(&state, &caller, &ident, Access::Read)?;
    Ok(data(render::actor(&state.db(), &actor)))
}

async fn builds(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let actor = resolve::<Actor>(&state, &caller, &ident, Access::Read)?;
    page(vec![render::build_short(&actor)], &params)
}

async fn default_build(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let actor = resolve::<Actor>(&state, &caller, &ident, Access::Read)?;
    Ok(data(render::build(&actor)))
}

async fn one_build(
    State(state): State<AppState>,
    caller: Caller,
    Path((ident, build)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let actor = resolve::<Actor>(&state, &caller, &ident, Access::Read)?;
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

async fn start_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let actor = resolve::<Actor>(&state, &caller, &ident, Access::Run)?;
    let bytes = body_bytes(&headers, &body)?;
    let input = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid_request(format!("The input is not valid JSON: {e}")))?
    };
    let request = StartRequest {
        actor,
        user_id: caller.user.id.clone(),
        task_id: None,
        input,
        input_body_len: bytes.len() as u64,
        options: run_options(&params, RunOptions::default())?,
        creator: caller.creator(),
        scheduled: None,
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
    let actor = resolve::<Actor>(&state, &caller, &ident, Access::Read)?;
    list_runs(&state, &caller, &params, |run| run.act_id == actor.id)
}

async fn last_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let run_id = super::resolve::last_actor_run(&state, &caller, &ident, &params)?;
    answer_run(&state, &run_id, &params, false).await
}

fn run_of_actor(state: &AppState, caller: &Caller, actor: &str, run: &str) -> ApiResult<String> {
    let actor = resolve::<Actor>(state, caller, actor, Access::Read)?;
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
    let task = resolve::<Task>(&state, &caller, &ident, Access::Read)?;
    Ok(data(render::task(&state.db(), &task)))
}

/// The task's input alone, without the `data` envelope, as the platform answers it.
async fn task_input(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let task = resolve::<Task>(&state, &caller, &ident, Access::Read)?;
    Ok(Json(task.input))
}

async fn task_runs(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let task = resolve::<Task>(&state, &caller, &ident, Access::Read)?;
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
    let run_id = super::resolve::last_task_run_id(&state, &caller, &ident, &params)?;
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
    let task = resolve::<Task>(&state, &caller, &ident, Access::Run)?;
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
        user_id: caller.user.id.clone(),
        task_id: Some(task.id.clone()),
        input,
        input_body_len: bytes.len() as u64,
        options: run_options(&params, task.options.clone())?,
        creator: caller.creator(),
        scheduled: None,
    };
    let run = crate::runs::start(&state, request)?;
    answer_run(&state, &run.id, &params, true).await
}

/// A build by its id alone, as clients read a default build's input schema: of the caller's own
/// Actors, or of one in the Store.
async fn build_by_id(
    State(state): State<AppState>,
    caller: Caller,
    Path(build): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    params.number("waitForFinishBuild")?;
    let actor = state
        .db()
        .actors
        .values()
        .find(|a| a.default_build_id == build && (a.user_id == caller.user.id || a.is_public))
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "build-not-found",
                "Build was not found",
            )
        })?;
    caller.require(Kind::Actor, &actor.id, None, Access::Read)?;
    Ok(data(render::build(&actor)))
}

/// What a task create or update may say; anything left out stays as it is.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskFields {
    act_id: Option<String>,
    name: Option<String>,
    title: Option<Option<String>>,
    options: Option<Option<TaskOptionFields>>,
    input: Option<Option<Value>>,
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct TaskOptionFields {
    build: Option<String>,
    timeout_secs: Option<u64>,
    memory_mbytes: Option<u64>,
}

fn task_fields(headers: &HeaderMap, body: &[u8]) -> ApiResult<TaskFields> {
    let bytes = body_bytes(headers, body)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::invalid_request(format!("The task is not valid: {e}")))
}

/// Task names are like Actor names: letters, digits and hyphens, at most 63 characters.
fn check_task_name(name: &str) -> ApiResult<()> {
    if crate::names::is_valid(name) {
        Ok(())
    } else {
        Err(ApiError::invalid_request(format!(
            "The task name '{name}' is not valid: use letters, digits and hyphens, at most 63 characters"
        )))
    }
}

fn object_input(input: Option<Value>) -> ApiResult<Value> {
    match input {
        None | Some(Value::Null) => Ok(Value::Object(Default::default())),
        Some(Value::Object(map)) => Ok(Value::Object(map)),
        Some(_) => Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid-input",
            "Input is not valid: The input must be a JSON object",
        )),
    }
}

fn apply_options(options: &mut RunOptions, fields: Option<TaskOptionFields>) {
    let fields = fields.unwrap_or_default();
    if let Some(build) = fields.build {
        options.build = build;
    }
    if let Some(timeout) = fields.timeout_secs {
        options.timeout_secs = timeout;
    }
    if let Some(memory) = fields.memory_mbytes {
        options.memory_mbytes = memory;
    }
}

fn unique_task_name(
    state: &AppState,
    user_id: &str,
    name: &str,
    except: Option<&str>,
) -> ApiResult<()> {
    let taken = state
        .db()
        .tasks
        .values()
        .any(|t| t.user_id == user_id && t.name == name && Some(t.id.as_str()) != except);
    if taken {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "actor-task-name-not-unique",
            format!("You already have a task called '{name}'"),
        ));
    }
    Ok(())
}

async fn create_task(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let fields = task_fields(&headers, &body)?;
    let act_id = fields
        .act_id
        .ok_or_else(|| ApiError::invalid_request("A task needs the actId of its Actor"))?;
    let actor = resolve::<Actor>(&state, &caller, &act_id, Access::Run)?;
    if caller.scope.is_some() {
        caller.require(Kind::Task, "", None, Access::Write)?;
    }
    let name = fields
        .name
        .unwrap_or_else(|| format!("{}-task", actor.name));
    check_task_name(&name)?;
    unique_task_name(&state, &caller.user.id, &name, None)?;
    let mut options = RunOptions::default();
    apply_options(&mut options, fields.options.flatten());
    let now = crate::time::now();
    let task = Task {
        id: state.random.id(),
        user_id: caller.user.id.clone(),
        act_id: actor.id.clone(),
        name,
        title: fields.title.flatten(),
        created_at: now.clone(),
        modified_at: now,
        input: object_input(fields.input.flatten())?,
        options,
    };
    state.db().tasks.insert(task.id.clone(), task.clone());
    state.save()?;
    let mut response = created(render::task(&state.db(), &task));
    let location = format!("{}/v2/actor-tasks/{}", state.public_base(), task.id);
    response.headers_mut().insert(
        axum::http::header::LOCATION,
        axum::http::HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(response)
}

async fn update_task(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let mut task = resolve::<Task>(&state, &caller, &ident, Access::Write)?;
    let fields = task_fields(&headers, &body)?;
    if let Some(name) = fields.name {
        check_task_name(&name)?;
        unique_task_name(&state, &caller.user.id, &name, Some(&task.id))?;
        task.name = name;
    }
    if let Some(title) = fields.title {
        task.title = title;
    }
    if let Some(options) = fields.options {
        apply_options(&mut task.options, options);
    }
    if let Some(input) = fields.input {
        task.input = object_input(input)?;
    }
    keep_task(&state, &mut task)?;
    Ok(data(render::task(&state.db(), &task)))
}

/// Stores a changed task, stamped with the time of the change.
fn keep_task(state: &AppState, task: &mut Task) -> ApiResult<()> {
    task.modified_at = crate::time::now();
    state.db().tasks.insert(task.id.clone(), task.clone());
    state.save()?;
    Ok(())
}

async fn delete_task(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<axum::http::StatusCode> {
    let task = resolve::<Task>(&state, &caller, &ident, Access::Write)?;
    state.db().tasks.remove(&task.id);
    state.save()?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Replaces the task's input and answers it, without the `data` envelope, as its GET does.
async fn replace_task_input(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let mut task = resolve::<Task>(&state, &caller, &ident, Access::Write)?;
    let input = json_body(&headers, &body)?;
    task.input = object_input(Some(input))?;
    keep_task(&state, &mut task)?;
    Ok(Json(task.input))
}
