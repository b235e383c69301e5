//! Schedules: what they hold, when they are due, and the clock their times follow.
//!
//! The clock is the real time plus an offset that tests move forward through
//! `PUT /_sandbox/clock` (behind the control token), so a test reaches 9:00 without waiting for
//! it. Runs and logs keep real timestamps; only the schedules' times (`nextRunAt`,
//! `lastRunAt`, their log) follow the moved clock. `scheduler.rs` starts their runs.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use croner::parser::{CronParser, Seconds, Year};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};

/// The platform's limit: at most ten Actors and ten tasks in one schedule.
pub const MAX_ACTIONS_OF_A_KIND: usize = 10;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub cron_expression: String,
    pub timezone: String,
    pub is_enabled: bool,
    pub is_exclusive: bool,
    pub notify_by_email: bool,
    pub created_at: String,
    pub modified_at: String,
    pub next_run_at: Option<String>,
    pub last_run_at: Option<String>,
    pub actions: Vec<Action>,
    pub log: Vec<LogEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub id: String,
    #[serde(flatten)]
    pub what: ActionKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ActionKind {
    #[serde(rename = "RUN_ACTOR", rename_all = "camelCase")]
    RunActor {
        actor_id: String,
        /// The input as the API keeps it: a body and its content type.
        run_input: Option<RunInput>,
        run_options: Option<Value>,
    },
    #[serde(rename = "RUN_ACTOR_TASK", rename_all = "camelCase")]
    RunActorTask {
        actor_task_id: String,
        input: Option<Value>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunInput {
    pub body: Option<String>,
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub message: String,
    pub level: String,
    pub created_at: String,
}

/// The schedules' clock: real time moved by an offset, and a bell that makes the loop look at
/// once when the offset changes.
#[derive(Default)]
pub struct Clock {
    offset_millis: AtomicI64,
    pub(crate) moved: std::sync::Arc<tokio::sync::Notify>,
    /// Held while firing, so the loop and a clock move never start the same runs twice.
    pub(crate) firing: std::sync::Mutex<()>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_millis.load(Ordering::SeqCst))
    }

    /// Moves the clock forward (never back: a schedule's times only go on).
    pub fn advance(&self, by: Duration) {
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_millis.fetch_add(millis, Ordering::SeqCst);
        self.moved.notify_one();
    }
}

pub fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A cron expression as the platform takes it: five fields, or six with seconds first, or a
/// nickname such as `@daily`. Years (a seventh field) are not taken.
pub fn parse_cron(expression: &str) -> ApiResult<croner::Cron> {
    let fields = expression.split_whitespace().count();
    let nickname = expression.trim_start().starts_with('@');
    if !nickname && !(5..=6).contains(&fields) {
        return Err(invalid_cron(
            expression,
            "it must have 5 or 6 fields separated by spaces",
        ));
    }
    CronParser::builder()
        .seconds(Seconds::Optional)
        .year(Year::Disallowed)
        .build()
        .parse(expression)
        .map_err(|error| invalid_cron(expression, &error.to_string()))
}

fn invalid_cron(expression: &str, why: &str) -> ApiError {
    ApiError::invalid_value(format!(
        "Cron expression '{expression}' is not valid: {why}"
    ))
}

pub fn parse_timezone(name: &str) -> ApiResult<chrono_tz::Tz> {
    name.parse::<chrono_tz::Tz>()
        .map_err(|_| ApiError::invalid_value(format!("Timezone '{name}' is not valid")))
}

/// The first time after `after` that the expression names, in its time zone.
pub fn next_after(
    cron: &croner::Cron,
    zone: chrono_tz::Tz,
    after: DateTime<Utc>,
) -> Option<String> {
    // The parser keeps the start's fraction of a second in the time it finds.
    let after = after.with_nanosecond(0).unwrap_or(after);
    cron.find_next_occurrence(&after.with_timezone(&zone), false)
        .ok()
        .map(|time| stamp(time.with_timezone(&Utc)))
}

impl Schedule {
    /// Sets `nextRunAt` from the expression, the time zone and the clock.
    pub fn plan(&mut self, now: DateTime<Utc>) {
        self.next_run_at = if self.is_enabled {
            match (
                parse_cron(&self.cron_expression),
                parse_timezone(&self.timezone),
            ) {
                (Ok(cron), Ok(zone)) => next_after(&cron, zone, now),
                _ => None,
            }
        } else {
            None
        };
    }

    /// The whole schedule: its short form, with the actions' input and options in full.
    pub fn render(&self, username: &str) -> Value {
        let mut answer = self.render_short();
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|action| serde_json::to_value(action).unwrap_or(Value::Null))
            .collect();
        if let Some(fields) = answer.as_object_mut() {
            fields.insert("username".into(), json!(username));
            fields.insert("title".into(), json!(self.title));
            fields.insert("description".into(), json!(self.description));
            fields.insert(
                "notifications".into(),
                json!({ "email": self.notify_by_email }),
            );
            fields.insert("actions".into(), Value::Array(actions));
        }
        answer
    }

    pub fn render_short(&self) -> Value {
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|action| match &action.what {
                ActionKind::RunActor { actor_id, .. } => {
                    json!({ "id": action.id, "type": "RUN_ACTOR", "actorId": actor_id })
                }
                ActionKind::RunActorTask { actor_task_id, .. } => {
                    json!({ "id": action.id, "type": "RUN_ACTOR_TASK", "actorTaskId": actor_task_id })
                }
            })
            .collect();
        json!({
            "id": self.id,
            "userId": self.user_id,
            "name": self.name,
            "cronExpression": self.cron_expression,
            "timezone": self.timezone,
            "isEnabled": self.is_enabled,
            "isExclusive": self.is_exclusive,
            "createdAt": self.created_at,
            "modifiedAt": self.modified_at,
            "nextRunAt": self.next_run_at,
            "lastRunAt": self.last_run_at,
            "actions": actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_forms_the_platform_takes_and_refuses() {
        for good in [
            "0 9 * * *",
            "*/15 * * * *",
            "0 0 9 * * MON-FRI",
            "@daily",
            "@hourly",
        ] {
            assert!(parse_cron(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "0 9 * *",
            "0 0 9 * * * 2030",
            "61 * * * *",
            "0 25 * * *",
            "hello",
        ] {
            assert!(parse_cron(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn next_run_follows_the_time_zone() {
        let cron = parse_cron("0 9 * * *").unwrap();
        let after = DateTime::parse_from_rfc3339("2026-01-05T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            next_after(&cron, "Europe/Prague".parse().unwrap(), after).as_deref(),
            Some("2026-01-06T08:00:00.000Z")
        );
        assert_eq!(
            next_after(&cron, "UTC".parse().unwrap(), after).as_deref(),
            Some("2026-01-06T09:00:00.000Z")
        );
    }
}
