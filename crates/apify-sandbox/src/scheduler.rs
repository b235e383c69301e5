//! The loop that starts the runs of schedules when they are due, as the platform does.

use std::time::Duration;

use chrono::DateTime;
use serde_json::Value;

use crate::runs::StartRequest;
use crate::schedule::{stamp, Action, ActionKind, LogEntry, Schedule};
use crate::state::{AppState, RunOptions, Scheduled};

/// Starts the loop that fires due schedules, until the sandbox's state is dropped.
pub fn spawn_loop(state: &AppState) {
    let weak = std::sync::Arc::downgrade(state);
    let moved = state.clock.moved.clone();
    tokio::spawn(async move {
        loop {
            let Some(state) = weak.upgrade() else { return };
            fire_due(&state);
            drop(state);
            let _ = tokio::time::timeout(Duration::from_millis(500), moved.notified()).await;
        }
    });
}

/// Fires every enabled schedule whose time has come: once, however many times were missed, as
/// the platform does after an outage.
pub fn fire_due(state: &AppState) {
    let _firing = state
        .clock
        .firing
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let now = state.clock.now();
    let due: Vec<Schedule> = {
        let db = state.db();
        db.schedules
            .values()
            .filter(|s| s.is_enabled)
            .filter(|s| {
                s.next_run_at
                    .as_deref()
                    .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
                    .is_some_and(|at| at <= now)
            })
            .cloned()
            .collect()
    };
    if due.is_empty() {
        return;
    }
    for schedule in due {
        let scheduled_at = schedule.next_run_at.clone().unwrap_or_else(|| stamp(now));
        let mut entries = vec![LogEntry {
            message: "Schedule invoked".into(),
            level: "INFO".into(),
            created_at: stamp(now),
        }];
        for action in &schedule.actions {
            if let Err(why) = start_action(state, &schedule, action, &scheduled_at) {
                entries.push(LogEntry {
                    message: format!("Action {} was not started: {why}", action.id),
                    level: "ERROR".into(),
                    created_at: stamp(now),
                });
            }
        }
        if let Some(stored) = state.db().schedules.get_mut(&schedule.id) {
            stored.last_run_at = Some(stamp(now));
            stored.log.extend(entries);
            stored.plan(now);
        }
    }
    let _ = state.save();
}

fn start_action(
    state: &AppState,
    schedule: &Schedule,
    action: &Action,
    scheduled_at: &str,
) -> Result<(), String> {
    let db = state.db();
    let (actor, task, input, options) = match &action.what {
        ActionKind::RunActor {
            actor_id,
            run_input,
            run_options,
        } => {
            let actor = db
                .actors
                .get(actor_id)
                .cloned()
                .ok_or("the Actor was deleted")?;
            let input = match run_input.as_ref().and_then(|i| i.body.as_deref()) {
                None | Some("") => Value::Object(Default::default()),
                Some(body) => serde_json::from_str(body).map_err(|e| e.to_string())?,
            };
            let mut options = RunOptions::default();
            apply_options(&mut options, run_options.as_ref());
            (actor, None, input, options)
        }
        ActionKind::RunActorTask {
            actor_task_id,
            input: overrides,
        } => {
            let task = db
                .tasks
                .get(actor_task_id)
                .cloned()
                .ok_or("the task was deleted")?;
            let actor = db
                .actors
                .get(&task.act_id)
                .cloned()
                .ok_or("the task's Actor was deleted")?;
            let mut input = task.input.clone();
            if let (Some(base), Some(Value::Object(more))) = (input.as_object_mut(), overrides) {
                base.extend(more.clone());
            }
            (actor, Some(task.id.clone()), input, task.options.clone())
        }
    };
    if schedule.is_exclusive {
        let busy = db.runs.values().any(|run| {
            !run.status.is_terminal()
                && run.act_id == actor.id
                && run.actor_task_id == task
                && run
                    .scheduled
                    .as_ref()
                    .is_some_and(|s| s.schedule_id == schedule.id)
        });
        if busy {
            return Err("its previous run has not finished".into());
        }
    }
    drop(db);
    crate::runs::start(
        state,
        StartRequest {
            actor,
            user_id: schedule.user_id.clone(),
            task_id: task,
            input_body_len: serde_json::to_vec(&input).map_or(0, |b| b.len() as u64),
            input,
            options,
            creator: None,
            scheduled: Some(Scheduled {
                schedule_id: schedule.id.clone(),
                scheduled_at: scheduled_at.to_owned(),
            }),
        },
    )
    .map(|_| ())
    .map_err(|error| error.message)
}

fn apply_options(options: &mut RunOptions, given: Option<&Value>) {
    let Some(given) = given else { return };
    if let Some(build) = given.get("build").and_then(Value::as_str) {
        options.build = build.to_owned();
    }
    if let Some(timeout) = given.get("timeoutSecs").and_then(Value::as_u64) {
        options.timeout_secs = timeout;
    }
    if let Some(memory) = given.get("memoryMbytes").and_then(Value::as_u64) {
        options.memory_mbytes = memory;
        options.disk_mbytes = memory * 2;
    }
}
