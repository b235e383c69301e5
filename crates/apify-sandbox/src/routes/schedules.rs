//! `/v2/schedules`: list, create, read, update, delete and the log, as the platform answers.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

use super::answer::{created, data, page};
use super::request::{body_bytes, Params};
use super::resolve::resolve;
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::schedule::{
    parse_cron, parse_timezone, stamp, Action, ActionKind, RunInput, Schedule,
    MAX_ACTIONS_OF_A_KIND,
};
use crate::state::{Access, Actor, AppState, Task};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/schedules", get(list).post(create))
        .route(
            "/v2/schedules/{schedule}",
            get(get_one).put(update).delete(remove),
        )
        .route("/v2/schedules/{schedule}/log", get(log))
}

/// The fields a create or update may carry; an update changes only those it names.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Fields {
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    cron_expression: Option<String>,
    timezone: Option<String>,
    is_enabled: Option<bool>,
    is_exclusive: Option<bool>,
    notifications: Option<Notifications>,
    actions: Option<Vec<NewAction>>,
}

#[derive(Debug, Deserialize)]
struct Notifications {
    email: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
enum NewAction {
    #[serde(rename = "RUN_ACTOR", rename_all = "camelCase")]
    RunActor {
        #[serde(default)]
        id: Option<String>,
        actor_id: String,
        #[serde(default)]
        run_input: Option<RunInput>,
        #[serde(default)]
        run_options: Option<Value>,
    },
    #[serde(rename = "RUN_ACTOR_TASK", rename_all = "camelCase")]
    RunActorTask {
        #[serde(default)]
        id: Option<String>,
        actor_task_id: String,
        #[serde(default)]
        input: Option<Value>,
    },
}

fn fields(headers: &HeaderMap, body: &[u8]) -> ApiResult<Fields> {
    let bytes = body_bytes(headers, body)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::invalid_request(format!("The schedule is not valid: {e}")))
}

/// The caller's schedule, or 404 (another user's schedule is not known to exist).
fn find(state: &AppState, caller: &Caller, ident: &str, needed: Access) -> ApiResult<Schedule> {
    let schedule = {
        let db = state.db();
        db.schedules
            .values()
            .find(|s| {
                s.user_id == caller.user.id
                    && (s.id == ident
                        || ident.strip_prefix('~') == Some(s.name.as_str())
                        || ident == format!("{}~{}", caller.user.username, s.name))
            })
            .cloned()
    };
    let schedule = schedule.ok_or_else(|| ApiError::not_found("Schedule"))?;
    caller.require(Kind::Schedule, &schedule.id, None, needed)?;
    Ok(schedule)
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require(Kind::Schedule, "", None, Access::Read)?;
    let items: Vec<Value> = {
        let db = state.db();
        let mut mine: Vec<&Schedule> = db
            .schedules
            .values()
            .filter(|s| s.user_id == caller.user.id)
            .collect();
        mine.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        mine.into_iter().map(Schedule::render_short).collect()
    };
    page(items, &params)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    caller.require(Kind::Schedule, "", None, Access::Write)?;
    let fields = fields(&headers, &body)?;
    let now = state.clock.now();
    let mut schedule = Schedule {
        id: state.random.id(),
        user_id: caller.user.id.clone(),
        name: String::new(),
        title: None,
        description: None,
        cron_expression: String::new(),
        timezone: "UTC".into(),
        is_enabled: true,
        is_exclusive: false,
        notify_by_email: true,
        created_at: stamp(now),
        modified_at: stamp(now),
        next_run_at: None,
        last_run_at: None,
        actions: Vec::new(),
        log: Vec::new(),
    };
    if fields.name.is_none() {
        return Err(ApiError::invalid_value("The schedule needs a name"));
    }
    if fields.cron_expression.is_none() {
        return Err(ApiError::invalid_value(
            "The schedule needs a cron expression",
        ));
    }
    apply(&state, &caller, &mut schedule, fields)?;
    keep(&state, &mut schedule, now)?;
    Ok(created(schedule.render(&caller.user.username)))
}

/// Plans the next run from the clock and stores the schedule.
fn keep(
    state: &AppState,
    schedule: &mut Schedule,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    schedule.plan(now);
    state
        .db()
        .schedules
        .insert(schedule.id.clone(), schedule.clone());
    state.save()?;
    Ok(())
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let schedule = find(&state, &caller, &ident, Access::Read)?;
    Ok(data(schedule.render(&caller.user.username)))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let mut schedule = find(&state, &caller, &ident, Access::Write)?;
    let fields = fields(&headers, &body)?;
    apply(&state, &caller, &mut schedule, fields)?;
    let now = state.clock.now();
    schedule.modified_at = stamp(now);
    keep(&state, &mut schedule, now)?;
    Ok(data(schedule.render(&caller.user.username)))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Response> {
    let schedule = find(&state, &caller, &ident, Access::Write)?;
    state.db().schedules.remove(&schedule.id);
    state.save()?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn log(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let schedule = find(&state, &caller, &ident, Access::Read)?;
    Ok(data(
        serde_json::to_value(&schedule.log).map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}

/// Checks each given field as the platform does and writes it into `schedule`.
fn apply(
    state: &AppState,
    caller: &Caller,
    schedule: &mut Schedule,
    fields: Fields,
) -> ApiResult<()> {
    if let Some(name) = fields.name {
        let length = name.chars().count();
        if !(3..=63).contains(&length) || !crate::names::is_valid(&name) {
            return Err(ApiError::invalid_value(format!(
                "The schedule name '{name}' is not valid: use 3 to 63 letters, digits and hyphens"
            )));
        }
        let taken = state
            .db()
            .schedules
            .values()
            .any(|s| s.user_id == caller.user.id && s.name == name && s.id != schedule.id);
        if taken {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "schedule-name-not-unique",
                format!("You already have a schedule called '{name}'"),
            ));
        }
        schedule.name = name;
    }
    if let Some(expression) = fields.cron_expression {
        parse_cron(&expression)?;
        schedule.cron_expression = expression.trim().to_owned();
    }
    if let Some(zone) = fields.timezone {
        parse_timezone(&zone)?;
        schedule.timezone = zone;
    }
    if let Some(title) = fields.title {
        schedule.title = Some(title).filter(|t| !t.is_empty());
    }
    if let Some(description) = fields.description {
        schedule.description = Some(description).filter(|d| !d.is_empty());
    }
    if let Some(enabled) = fields.is_enabled {
        schedule.is_enabled = enabled;
    }
    if let Some(exclusive) = fields.is_exclusive {
        schedule.is_exclusive = exclusive;
    }
    if let Some(email) = fields.notifications.and_then(|n| n.email) {
        schedule.notify_by_email = email;
    }
    if let Some(actions) = fields.actions {
        schedule.actions = actions
            .into_iter()
            .map(|action| checked_action(state, caller, action))
            .collect::<ApiResult<_>>()?;
        let actors = schedule
            .actions
            .iter()
            .filter(|a| matches!(a.what, ActionKind::RunActor { .. }))
            .count();
        if actors > MAX_ACTIONS_OF_A_KIND || schedule.actions.len() - actors > MAX_ACTIONS_OF_A_KIND
        {
            return Err(ApiError::invalid_value(
                "A schedule can run at most 10 Actors and 10 tasks",
            ));
        }
    }
    Ok(())
}

/// An action names an Actor or task the caller may run; the Actor's input must be JSON.
fn checked_action(state: &AppState, caller: &Caller, action: NewAction) -> ApiResult<Action> {
    match action {
        NewAction::RunActor {
            id,
            actor_id,
            run_input,
            run_options,
        } => {
            let actor = resolve::<Actor>(state, caller, &actor_id, Access::Run)?;
            if let Some(body) = run_input.as_ref().and_then(|i| i.body.as_deref()) {
                if !body.trim().is_empty() {
                    let input: Value = serde_json::from_str(body).map_err(|e| {
                        ApiError::invalid_value(format!("The Actor's input is not valid JSON: {e}"))
                    })?;
                    crate::input::validate(&actor.input_schema, input)?;
                }
            }
            Ok(Action {
                id: id.unwrap_or_else(|| state.random.id()),
                what: ActionKind::RunActor {
                    actor_id: actor.id,
                    run_input,
                    run_options,
                },
            })
        }
        NewAction::RunActorTask {
            id,
            actor_task_id,
            input,
        } => {
            let task = resolve::<Task>(state, caller, &actor_task_id, Access::Run)?;
            Ok(Action {
                id: id.unwrap_or_else(|| state.random.id()),
                what: ActionKind::RunActorTask {
                    actor_task_id: task.id,
                    input,
                },
            })
        }
    }
}
