//! Runs of the demo Actors: READY → RUNNING → SUCCEEDED / FAILED / TIMED-OUT / ABORTED, with a
//! log, stats and timestamps like real runs.

use std::time::Duration;

use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::state::{Actor, AppState, Run, RunOptions, RunStatus};

fn set_status(
    state: &AppState,
    run_id: &str,
    status: RunStatus,
    message: Option<String>,
    exit_code: Option<i32>,
) {
    if let Some(run) = state.db().runs.get_mut(run_id) {
        run.status = status;
        if message.is_some() {
            run.status_message = message;
        }
        if status.is_terminal() {
            run.finished_at = Some(crate::time::now());
            run.exit_code = exit_code;
        }
    }
    let _ = state.save();
    state.touch_run(run_id);
}

pub struct StartRequest {
    pub actor: Actor,
    /// Who starts the run and owns it and its storages (a public Actor's runs are the caller's).
    pub user_id: String,
    pub task_id: Option<String>,
    pub input: Value,
    pub input_body_len: u64,
    pub options: RunOptions,
    pub creator: Option<String>,
    pub scheduled: Option<crate::state::Scheduled>,
}

/// Creates the run with its storages and starts it in the background.
pub fn start(state: &AppState, request: StartRequest) -> ApiResult<Run> {
    let input = crate::input::validate(&request.actor.input_schema, request.input)?;
    let user_id = request.user_id.clone();
    crate::usage::check_memory(&state.db(), &user_id, request.options.memory_mbytes)?;
    let dataset = crate::storage::make_dataset(state, &user_id, None, request.creator.clone());
    let store = crate::storage::make_kv_store(state, &user_id, None, request.creator.clone());
    let queue = crate::storage::make_queue(state, &user_id, None, request.creator.clone());
    let run = Run {
        id: state.random.id(),
        act_id: request.actor.id.clone(),
        user_id,
        actor_task_id: request.task_id,
        started_at: crate::time::now(),
        finished_at: None,
        status: RunStatus::Ready,
        status_message: Some("Starting the Actor run".into()),
        build_id: request.actor.default_build_id.clone(),
        build_number: request.actor.build_number.clone(),
        default_dataset_id: dataset.id.clone(),
        default_key_value_store_id: store.id.clone(),
        default_request_queue_id: queue.id.clone(),
        options: request.options,
        input: input.clone(),
        input_body_len: request.input_body_len,
        exit_code: None,
        resurrect_count: 0,
        log: String::new(),
        created_by_token: request.creator,
        scheduled: request.scheduled,
    };
    {
        let mut db = state.db();
        if let Some(dataset) = db.datasets.get_mut(&dataset.id) {
            dataset.act_id = Some(run.act_id.clone());
            dataset.act_run_id = Some(run.id.clone());
        }
        if let Some(store) = db.kv_stores.get_mut(&store.id) {
            store.act_id = Some(run.act_id.clone());
            store.act_run_id = Some(run.id.clone());
            store.schema = crate::schemas::key_value_store(&request.actor.name);
        }
        if let Some(queue) = db.request_queues.get_mut(&queue.id) {
            queue.act_id = Some(run.act_id.clone());
            queue.act_run_id = Some(run.id.clone());
        }
        db.runs.insert(run.id.clone(), run.clone());
    }
    state.save()?;
    let input_json = serde_json::to_vec(&input).map_err(|e| ApiError::internal(e.to_string()))?;
    let (state_for_run, run_id, actor_name) =
        (state.clone(), run.id.clone(), request.actor.name.clone());
    tokio::spawn(async move {
        let _ = crate::storage::store_record(
            &state_for_run,
            &store.id,
            "INPUT",
            "application/json; charset=utf-8",
            &input_json,
        )
        .await;
        execute(state_for_run, run_id, actor_name, input).await;
    });
    Ok(run)
}

/// Runs the Actor until it finishes, is aborted, or runs out of time.
async fn execute(state: AppState, run_id: String, actor_name: String, input: Value) {
    let signals = state.run_signals(&run_id);
    let timeout = state
        .db()
        .runs
        .get(&run_id)
        .map(|run| run.options.timeout_secs)
        .unwrap_or(3600);
    tokio::time::sleep(Duration::from_millis(20)).await;
    state.log(
        &run_id,
        "ACTOR: Pulling Docker image of build 0.1.1 from registry.",
    );
    state.log(&run_id, "ACTOR: Creating Docker container.");
    state.log(&run_id, "ACTOR: Starting Docker container.");
    set_status(
        &state,
        &run_id,
        RunStatus::Running,
        Some("Running".into()),
        None,
    );
    let limit = if timeout == 0 {
        Duration::MAX
    } else {
        Duration::from_secs(timeout)
    };
    tokio::select! {
        outcome = crate::demo::perform(&state, &run_id, &actor_name, &input) => match outcome {
            Ok(()) => set_status(&state, &run_id, RunStatus::Succeeded, Some("Finished!".into()), Some(0)),
            Err((message, code)) => {
                state.log(&run_id, &format!("ERROR: {message}"));
                set_status(&state, &run_id, RunStatus::Failed, Some(message), Some(code));
            }
        },
        _ = signals.abort.notified() => {
            set_status(&state, &run_id, RunStatus::Aborting, None, None);
            state.log(&run_id, "ACTOR: Aborting the run as requested.");
            set_status(&state, &run_id, RunStatus::Aborted, Some("Aborted by the user".into()), None);
        },
        _ = tokio::time::sleep(limit) => {
            set_status(&state, &run_id, RunStatus::TimingOut, None, None);
            state.log(&run_id, &format!("ACTOR: The run timed out after {timeout} seconds."));
            set_status(&state, &run_id, RunStatus::TimedOut, Some(format!("Timed out after {timeout} s")), None);
        },
    }
}

pub fn abort(state: &AppState, run_id: &str) {
    let running = state
        .db()
        .runs
        .get(run_id)
        .is_some_and(|run| !run.status.is_terminal());
    if running {
        state.run_signals(run_id).abort.notify_one();
    }
}

/// Starts a finished run again with the same input and storages.
pub fn resurrect(state: &AppState, run_id: &str) -> ApiResult<()> {
    let (actor_name, input) = {
        let mut db = state.db();
        let run = db
            .runs
            .get(run_id)
            .ok_or_else(|| ApiError::not_found("Actor run"))?;
        if !run.status.is_terminal() {
            return Err(ApiError::invalid_request(
                "Only a finished run can be resurrected",
            ));
        }
        let actor_name = db
            .actors
            .get(&run.act_id)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let run = db.runs.get_mut(run_id).expect("found above");
        run.status = RunStatus::Ready;
        run.finished_at = None;
        run.exit_code = None;
        run.status_message = Some("Resurrecting the run".into());
        run.resurrect_count += 1;
        (actor_name, run.input.clone())
    };
    state.save()?;
    state.touch_run(run_id);
    tokio::spawn(execute(state.clone(), run_id.to_owned(), actor_name, input));
    Ok(())
}

/// Waits until the run finishes or `seconds` pass (at most 60, as on the platform).
pub async fn wait_for_finish(state: &AppState, run_id: &str, seconds: u64) {
    let mut changes = state.run_signals(run_id).changed.subscribe();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds.min(60));
    loop {
        let finished = state
            .db()
            .runs
            .get(run_id)
            .is_none_or(|run| run.status.is_terminal());
        if finished {
            return;
        }
        if tokio::time::timeout_at(deadline, changes.changed())
            .await
            .is_err()
        {
            return;
        }
    }
}

/// Runs still marked as working when the sandbox stopped cannot go on: a restart marks them
/// ABORTED, as the platform does with runs its workers lose.
pub fn settle_interrupted(state: &AppState) {
    let mut db = state.db();
    for run in db.runs.values_mut().filter(|run| !run.status.is_terminal()) {
        run.status = RunStatus::Aborted;
        run.status_message = Some("The sandbox restarted during the run".into());
        run.finished_at = Some(crate::time::now());
    }
}
