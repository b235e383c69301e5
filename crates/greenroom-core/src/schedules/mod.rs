//! Schedules on the platform: run an Actor or a task at set times, even when Greenroom is
//! closed. Made and changed with a picker (`When`) instead of cron, read back in words, and put
//! together with automatic export so each run's results land in a folder.

pub mod cron;
pub mod when;
pub mod zones;

use std::collections::HashMap;

use apify_client::common::ListOptions;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use crate::auto_export::AutoExportRule;
use crate::runs::catalog::{known_actors, CatalogRow};
use crate::runs::history::RunRow;
use crate::runs::{RunSummary, StartOptions, Target};
use crate::{Error, Session};

pub use cron::{CronProblem, CronReading};
pub use when::{TimeOfDay, When};

/// How many of a schedule's own runs its page lists.
const RUNS_SHOWN: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActionKind {
    Actor,
    Task,
}

/// What a schedule runs, as its list and page show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledAction {
    pub kind: ActionKind,
    /// The Actor's or the task's id.
    pub target_id: String,
    /// Its title, or its name where it has none; `None` when it was deleted.
    pub title: Option<String>,
    /// The Actor the runs are of (a task's own Actor), for its folder rule and its runs.
    pub actor_id: Option<String>,
    /// That Actor's `username/name`, which a folder rule names its files after.
    pub actor_name: Option<String>,
    /// The input the schedule gives an Actor; `None` for a task (its own input) or none given.
    pub input: Option<Value>,
    /// The folder its results are saved into, where an automatic export rule says so.
    pub folder: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRow {
    pub id: String,
    /// The title, or the name where it has none.
    pub title: String,
    pub name: String,
    pub expression: String,
    /// The picker's form of the expression, so an edit opens on it.
    pub when: When,
    pub words: String,
    pub timezone: String,
    pub enabled: bool,
    pub next_run_at: Option<String>,
    pub last_run_at: Option<String>,
    pub actions: Vec<ScheduledAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLogLine {
    pub at: String,
    pub level: String,
    pub message: String,
}

/// A schedule's page: the row, what it logged, and the runs it started, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleDetails {
    pub row: ScheduleRow,
    pub log: Vec<ScheduleLogLine>,
    pub runs: Vec<RunRow>,
}

/// A schedule as the dialog makes or changes it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleDraft {
    /// A title in the user's words; the platform's name is made from it.
    pub title: String,
    pub when: When,
    pub timezone: String,
    pub enabled: bool,
    pub actions: Vec<ActionDraft>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionDraft {
    pub kind: ActionKind,
    pub target_id: String,
    /// An Actor's input, as its form has it; a task runs with its own.
    #[serde(default)]
    pub input: Option<Value>,
    #[serde(default)]
    pub options: Option<StartOptions>,
}

/// The expression the picker makes, in words, with its next times or what is wrong.
pub fn read_when(when: &When, timezone: &str) -> Result<CronReading, Error> {
    let zone = cron::zone(timezone)?;
    match when.to_cron() {
        Ok(expression) => Ok(cron::read(&expression, zone, Utc::now())),
        Err(error) => Ok(CronReading {
            expression: String::new(),
            words: None,
            next: Vec::new(),
            problem: Some(CronProblem {
                message: error.reason().unwrap_or_default().to_owned(),
                field: None,
            }),
        }),
    }
}

struct Names {
    actors: HashMap<String, CatalogRow>,
    /// Task id to (title, Actor id).
    tasks: HashMap<String, (String, Option<String>)>,
}

async fn names(session: &Session) -> Result<Names, Error> {
    let actors = known_actors(session).await?;
    let tasks = session
        .client()
        .tasks()
        .list(ListOptions {
            limit: Some(1000),
            ..Default::default()
        })
        .await
        .map_err(|e| session.error(e))?
        .items
        .into_iter()
        .map(|task| {
            let title = task
                .title
                .clone()
                .or(task.name.clone())
                .unwrap_or_else(|| task.id.clone());
            (task.id, (title, task.act_id))
        })
        .collect();
    Ok(Names { actors, tasks })
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn row(schedule: &Value, names: &Names, rules: &[AutoExportRule]) -> ScheduleRow {
    let expression = text(schedule, "cronExpression").unwrap_or_default();
    let when = When::from_cron(&expression);
    let actions = schedule["actions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|action| {
            let (kind, target_id, title, actor_id) =
                if action["type"].as_str() == Some("RUN_ACTOR_TASK") {
                    let id = text(action, "actorTaskId").unwrap_or_default();
                    let known = names.tasks.get(&id);
                    (
                        ActionKind::Task,
                        id,
                        known.map(|(title, _)| title.clone()),
                        known.and_then(|(_, actor)| actor.clone()),
                    )
                } else {
                    let id = text(action, "actorId").unwrap_or_default();
                    let title = names.actors.get(&id).map(|row| row.title.clone());
                    (ActionKind::Actor, id.clone(), title, Some(id))
                };
            let input = action["runInput"]["body"]
                .as_str()
                .and_then(|body| serde_json::from_str(body).ok());
            let folder = actor_id.as_ref().and_then(|actor| {
                rules
                    .iter()
                    .find(|rule| &rule.choice.actor_id == actor)
                    .map(|rule| rule.choice.folder.clone())
            });
            let actor_name = actor_id
                .as_ref()
                .and_then(|actor| names.actors.get(actor))
                .map(|row| row.name.clone());
            ScheduledAction {
                kind,
                target_id,
                title,
                actor_id,
                actor_name,
                input,
                folder,
            }
        })
        .collect();
    let name = text(schedule, "name").unwrap_or_default();
    ScheduleRow {
        id: text(schedule, "id").unwrap_or_default(),
        title: text(schedule, "title")
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| name.clone()),
        name,
        words: when.words(),
        when,
        expression,
        timezone: text(schedule, "timezone").unwrap_or_else(|| "UTC".into()),
        enabled: schedule["isEnabled"].as_bool().unwrap_or(false),
        next_run_at: text(schedule, "nextRunAt"),
        last_run_at: text(schedule, "lastRunAt"),
        actions,
    }
}

/// Every schedule of the account, each with what it runs and where its results go.
pub async fn list(session: &Session, rules: &[AutoExportRule]) -> Result<Vec<ScheduleRow>, Error> {
    let page = session
        .client()
        .schedules()
        .list(ListOptions {
            limit: Some(1000),
            ..Default::default()
        })
        .await
        .map_err(|e| session.error(e))?;
    let names = names(session).await?;
    // The list gives short actions; each schedule's own read has the input the page shows.
    let full = page.items.iter().map(|s| read(session, &s.id));
    let full = futures_util::future::join_all(full).await;
    full.into_iter()
        .map(|schedule| Ok(row(&schedule?, &names, rules)))
        .collect()
}

/// A schedule the platform just answered with, as its row.
async fn shown(
    session: &Session,
    schedule: apify_client::models::Schedule,
    rules: &[AutoExportRule],
) -> Result<ScheduleRow, Error> {
    let names = names(session).await?;
    let value = serde_json::to_value(schedule).map_err(|e| Error::internal(e.to_string()))?;
    Ok(row(&value, &names, rules))
}

/// What a schedule that is not on Apify any more is said to be.
fn gone(id: &str) -> Error {
    Error::with_reason(
        crate::ErrorKind::NotFound,
        "This schedule is no longer on Apify: it may have been deleted in Apify Console.",
        format!("schedule {id}"),
    )
}

async fn read(session: &Session, id: &str) -> Result<Value, Error> {
    let schedule = session
        .client()
        .schedule(id)
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| gone(id))?;
    serde_json::to_value(schedule).map_err(|e| Error::internal(e.to_string()))
}

/// A schedule with its log and the runs it started.
pub async fn details(
    session: &Session,
    id: &str,
    rules: &[AutoExportRule],
) -> Result<ScheduleDetails, Error> {
    let schedule = read(session, id).await?;
    let names = names(session).await?;
    let row = row(&schedule, &names, rules);
    let log_text = session
        .client()
        .schedule(id)
        .get_log()
        .await
        .map_err(|e| session.error(e))?;
    let log_value: Value = serde_json::from_str(&log_text).unwrap_or(Value::Null);
    let mut log: Vec<ScheduleLogLine> = log_value["data"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|entry| ScheduleLogLine {
            at: text(entry, "createdAt").unwrap_or_default(),
            level: text(entry, "level").unwrap_or_default(),
            message: text(entry, "message").unwrap_or_default(),
        })
        .collect();
    log.reverse();
    let mut runs = Vec::new();
    let mut actors: Vec<&str> = row
        .actions
        .iter()
        .filter_map(|a| a.actor_id.as_deref())
        .collect();
    actors.sort_unstable();
    actors.dedup();
    for actor in actors {
        let page = crate::runs::history::list(session, Some(actor), None, 0, 100).await;
        // An Actor that was deleted has no runs to show; the action says it is gone.
        let Ok(page) = page else { continue };
        runs.extend(
            page.rows
                .into_iter()
                .filter(|r| r.schedule_id.as_deref() == Some(id)),
        );
    }
    runs.sort_by(|a, b| b.run.started_at.cmp(&a.run.started_at));
    runs.truncate(RUNS_SHOWN);
    Ok(ScheduleDetails { row, log, runs })
}

/// A platform name from the user's title: letters, digits and hyphens, 3 to 63 long.
fn name_from(title: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let mut name: String = name.trim_end_matches('-').chars().take(56).collect();
    name = name.trim_end_matches('-').to_owned();
    if name.len() < 3 {
        name = format!("schedule-{name}").trim_end_matches('-').to_owned();
    }
    name
}

fn body(draft: &ScheduleDraft, expression: &str) -> Value {
    let actions: Vec<Value> = draft
        .actions
        .iter()
        .map(|action| match action.kind {
            ActionKind::Actor => {
                let options = action.options.clone().unwrap_or_default();
                json!({
                    "type": "RUN_ACTOR",
                    "actorId": action.target_id,
                    "runInput": action.input.as_ref().map(|input| json!({
                        "body": input.to_string(),
                        "contentType": "application/json; charset=utf-8",
                    })),
                    "runOptions": {
                        "build": options.build,
                        "timeoutSecs": options.timeout_secs,
                        "memoryMbytes": options.memory_mbytes,
                        "maxItems": options.max_items,
                    },
                })
            }
            ActionKind::Task => json!({
                "type": "RUN_ACTOR_TASK",
                "actorTaskId": action.target_id,
                "input": action.input,
            }),
        })
        .collect();
    json!({
        "title": draft.title.trim(),
        "cronExpression": expression,
        "timezone": draft.timezone,
        "isEnabled": draft.enabled,
        "isExclusive": true,
        "actions": actions,
    })
}

/// Checks what the dialog gives before anything is sent: the words of each mistake.
fn checked(draft: &ScheduleDraft) -> Result<String, Error> {
    if draft.title.trim().is_empty() {
        return Err(Error::validation(
            "Give the schedule a name, such as \"Shop prices every Monday\".",
            "schedule title",
        ));
    }
    if draft.actions.is_empty() {
        return Err(Error::validation(
            "Choose what the schedule runs.",
            "schedule actions",
        ));
    }
    cron::zone(&draft.timezone)?;
    let expression = draft.when.to_cron()?;
    cron::parse(&expression).map_err(|problem| {
        Error::validation(problem.message, format!("cron expression {expression:?}"))
    })?;
    Ok(expression)
}

/// Makes a schedule on the platform. A name already taken gets a number, as a file does.
pub async fn create(
    session: &Session,
    draft: &ScheduleDraft,
    rules: &[AutoExportRule],
) -> Result<ScheduleRow, Error> {
    let expression = checked(draft)?;
    let mut body = body(draft, &expression);
    let base = name_from(&draft.title);
    let mut attempt = 1;
    let created = loop {
        body["name"] = json!(if attempt == 1 {
            base.clone()
        } else {
            format!("{base}-{attempt}")
        });
        match session.client().schedules().create(&body).await {
            Ok(created) => break created,
            Err(apify_client::ApifyClientError::Api(api))
                if api.status_code == 409 && attempt < 20 =>
            {
                attempt += 1;
            }
            Err(error) => return Err(session.error(error)),
        }
    };
    shown(session, created, rules).await
}

/// Changes a schedule: its title, when, time zone, on or off, and what it runs.
pub async fn update(
    session: &Session,
    id: &str,
    draft: &ScheduleDraft,
    rules: &[AutoExportRule],
) -> Result<ScheduleRow, Error> {
    let expression = checked(draft)?;
    let changed = session
        .client()
        .schedule(id)
        .update(&body(draft, &expression))
        .await
        .map_err(|e| gone_or(session, e, id))?;
    shown(session, changed, rules).await
}

/// A 404 on a schedule the page shows means it was deleted elsewhere: said so.
fn gone_or(session: &Session, error: apify_client::ApifyClientError, id: &str) -> Error {
    let error = session.error(error);
    if error.kind() == crate::ErrorKind::NotFound {
        gone(id)
    } else {
        error
    }
}

pub async fn set_enabled(
    session: &Session,
    id: &str,
    enabled: bool,
    rules: &[AutoExportRule],
) -> Result<ScheduleRow, Error> {
    let changed = session
        .client()
        .schedule(id)
        .update(&json!({ "isEnabled": enabled }))
        .await
        .map_err(|e| gone_or(session, e, id))?;
    shown(session, changed, rules).await
}

pub async fn delete(session: &Session, id: &str) -> Result<(), Error> {
    session
        .client()
        .schedule(id)
        .delete()
        .await
        .map_err(|e| gone_or(session, e, id))
}

/// Starts what the schedule runs at once, as normal runs with the schedule's input.
pub async fn run_now(session: &Session, id: &str) -> Result<Vec<RunSummary>, Error> {
    let schedule = read(session, id).await?;
    let mut started = Vec::new();
    for action in schedule["actions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let run = if action["type"].as_str() == Some("RUN_ACTOR_TASK") {
            let task = text(action, "actorTaskId").unwrap_or_default();
            let input = action.get("input").cloned().filter(|i| i.is_object());
            crate::runs::start(
                session,
                Target::Task(&task),
                &input.unwrap_or_else(|| json!({})),
                &StartOptions::default(),
            )
            .await?
        } else {
            let actor = text(action, "actorId").unwrap_or_default();
            let input = action["runInput"]["body"]
                .as_str()
                .and_then(|body| serde_json::from_str(body).ok())
                .unwrap_or_else(|| json!({}));
            let given = &action["runOptions"];
            let options = StartOptions {
                build: text(given, "build"),
                timeout_secs: given["timeoutSecs"].as_i64(),
                memory_mbytes: given["memoryMbytes"].as_i64(),
                max_items: given["maxItems"].as_i64(),
            };
            crate::runs::start(session, Target::Actor(&actor), &input, &options).await?
        };
        started.push(run);
    }
    Ok(started)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_becomes_a_name_the_platform_takes() {
        assert_eq!(
            name_from("Shop prices every Monday"),
            "shop-prices-every-monday"
        );
        assert_eq!(name_from("Ceny — každé pondělí!"), "ceny-ka-d-pond-l");
        assert_eq!(name_from("X"), "schedule-x");
        assert_eq!(name_from("???"), "schedule");
        assert!(name_from(&"a".repeat(100)).len() <= 63);
    }
}
