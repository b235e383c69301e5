//! Tasks: an Actor with a saved input and options, saved from the form and run in one click.

use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use crate::runs::{RunSummary, StartOptions, Target};
use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedTask {
    pub id: String,
    pub name: String,
}

/// Saves `input` and `options` as a task of `actor_id` named `name` (letters, digits and
/// hyphens, as the API asks; anything else is said in plain words before sending).
pub async fn save(
    session: &Session,
    actor_id: &str,
    name: &str,
    input: &Value,
    options: &StartOptions,
) -> Result<SavedTask, Error> {
    let name = crate::retention::check_name(name, "A task's", "daily-shop-prices")?;
    let body = json!({
        "actId": actor_id,
        "name": name,
        "input": input,
        "options": options_json(options),
    });
    let task = session
        .client()
        .tasks()
        .create(&body)
        .await
        .map_err(|e| session.error(e))?;
    Ok(SavedTask {
        id: task.id,
        name: task.name.unwrap_or_else(|| name.to_owned()),
    })
}

/// A task's `options` as the API keeps them.
fn options_json(options: &StartOptions) -> Value {
    json!({
        "build": options.build,
        "timeoutSecs": options.timeout_secs,
        "memoryMbytes": options.memory_mbytes,
        "maxItems": options.max_items,
    })
}

/// Runs a task with its saved input and options.
pub async fn run(session: &Session, task_id: &str) -> Result<RunSummary, Error> {
    crate::runs::start(
        session,
        Target::Task(task_id),
        &json!({}),
        &StartOptions::default(),
    )
    .await
}

/// A task as its page opens it: the Actor's form, filled with the task's input and options.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskDetails {
    pub id: String,
    /// `name` as the API keeps it (letters, digits, hyphens).
    pub name: String,
    pub title: Option<String>,
    pub actor_id: String,
    pub input: Value,
    pub build: Option<String>,
    pub timeout_secs: Option<i64>,
    pub memory_mbytes: Option<i64>,
    pub max_items: Option<i64>,
}

/// The task's name, Actor, input and options.
pub async fn details(session: &Session, task_id: &str) -> Result<TaskDetails, Error> {
    let client = session.client().task(task_id);
    let task = client
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/actor-tasks/{task_id}")))?;
    let options = task.extra.get("options").cloned().unwrap_or(Value::Null);
    let number = |key: &str| options.get(key).and_then(Value::as_i64);
    let input = match task.extra.get("input") {
        Some(input) if input.is_object() => input.clone(),
        _ => client.get_input().await.map_err(|e| session.error(e))?,
    };
    Ok(TaskDetails {
        actor_id: task
            .act_id
            .ok_or_else(|| Error::internal(format!("task {task_id} names no Actor")))?,
        name: task.name.unwrap_or_else(|| task.id.clone()),
        title: task.title,
        id: task.id,
        input,
        build: options
            .get("build")
            .and_then(Value::as_str)
            .map(str::to_owned),
        timeout_secs: number("timeoutSecs"),
        memory_mbytes: number("memoryMbytes"),
        max_items: number("maxItems"),
    })
}

/// Saves the form's input and options as the task's own.
pub async fn update(
    session: &Session,
    task_id: &str,
    input: &Value,
    options: &StartOptions,
) -> Result<(), Error> {
    let body = json!({ "input": input, "options": options_json(options) });
    session
        .client()
        .task(task_id)
        .update(&body)
        .await
        .map(|_| ())
        .map_err(|e| session.error(e))
}

/// A new task of the same Actor with the form's input and options, called `name`.
pub async fn duplicate(
    session: &Session,
    task_id: &str,
    name: &str,
    input: &Value,
    options: &StartOptions,
) -> Result<SavedTask, Error> {
    let original = details(session, task_id).await?;
    save(session, &original.actor_id, name, input, options).await
}

pub async fn delete(session: &Session, task_id: &str) -> Result<(), Error> {
    session
        .client()
        .task(task_id)
        .delete()
        .await
        .map_err(|e| session.error(e))
}

/// Runs the task with the form's input and options instead of its saved ones.
pub async fn run_with(
    session: &Session,
    task_id: &str,
    input: &Value,
    options: &StartOptions,
) -> Result<RunSummary, Error> {
    crate::runs::start(session, Target::Task(task_id), input, options).await
}
