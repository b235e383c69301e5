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
        "options": {
            "build": options.build,
            "timeoutSecs": options.timeout_secs,
            "memoryMbytes": options.memory_mbytes,
            "maxItems": options.max_items,
        },
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
