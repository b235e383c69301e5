//! Runs of the active profile's account.

use greenroom_core::jobs::JobView;
use greenroom_core::runs::history::{self, RunDetails, RunNow, RunRow, RunsPage};
use greenroom_core::runs::tasks::{self, SavedTask, TaskDetails};
use greenroom_core::runs::{self, RunSummary, StartOptions};
use greenroom_core::Error;
use serde_json::Value;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn run_start<R: Runtime>(
    app: &AppHandle<R>,
    actor_id: String,
    input: Value,
    options: StartOptions,
) -> Result<RunSummary, Error> {
    let state = state(app);
    let session = state.session().await?;
    let run =
        greenroom_core::runs::actor_page::start_checked(&session, &actor_id, &input, &options)
            .await?;
    Ok(state.started.started(run))
}

/// Follows the run as a job; its progress reaches every `jobs_watch` channel.
pub async fn run_watch<R: Runtime>(app: &AppHandle<R>, run_id: String) -> Result<JobView, Error> {
    let state = state(app);
    let session = state.session().await?;
    Ok(runs::watch_job(&state.jobs, session, run_id).await)
}

pub async fn run_abort<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
    gracefully: bool,
) -> Result<RunSummary, Error> {
    let session = state(app).session().await?;
    runs::abort_run(&session, &run_id, gracefully).await
}

pub async fn run_resurrect<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
) -> Result<RunSummary, Error> {
    let session = state(app).session().await?;
    runs::resurrect(&session, &run_id).await
}

pub async fn run_input<R: Runtime>(app: &AppHandle<R>, run_id: String) -> Result<Value, Error> {
    let session = state(app).session().await?;
    runs::input_of(&session, &run_id).await
}

/// Follows the run's log as a job; its lines reach every `jobs_watch` channel in batches.
pub async fn run_log_follow<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
) -> Result<JobView, Error> {
    let state = state(app);
    let session = state.session().await?;
    Ok(runs::follow_log_job(&state.jobs, session, run_id).await)
}

pub async fn runs_list<R: Runtime>(
    app: &AppHandle<R>,
    actor_id: Option<String>,
    status: Option<String>,
    offset: u64,
    limit: u64,
) -> Result<RunsPage, Error> {
    let state = state(app);
    let session = state.session().await?;
    let mut page = history::list(
        &session,
        actor_id.as_deref(),
        status.as_deref(),
        offset,
        limit,
    )
    .await?;
    state.started.mark(&mut page.rows);
    Ok(page)
}

pub async fn run_details<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
) -> Result<RunDetails, Error> {
    let state = state(app);
    let session = state.session().await?;
    let mut details = history::details(&session, &run_id).await?;
    state.started.mark(std::slice::from_mut(&mut details.row));
    Ok(details)
}

/// Saves the run's whole log to the file the user chose in the save dialog (its number), as a job.
pub async fn run_log_save<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
    file: u32,
) -> Result<JobView, Error> {
    let state = state(app);
    let target = state
        .choices
        .path(file, greenroom_core::files::chosen::Purpose::Save)?;
    let session = state.session().await?;
    Ok(greenroom_core::kv::download::log_job(
        &state.jobs,
        session,
        run_id,
        target,
    ))
}

pub async fn run_now<R: Runtime>(app: &AppHandle<R>, run_id: String) -> Result<RunNow, Error> {
    let session = state(app).session().await?;
    history::now(&session, &run_id).await
}

pub async fn task_save<R: Runtime>(
    app: &AppHandle<R>,
    actor_id: String,
    name: String,
    input: Value,
    options: StartOptions,
) -> Result<SavedTask, Error> {
    let session = state(app).session().await?;
    tasks::save(&session, &actor_id, &name, &input, &options).await
}

pub async fn task_run<R: Runtime>(
    app: &AppHandle<R>,
    task_id: String,
) -> Result<RunSummary, Error> {
    let state = state(app);
    let session = state.session().await?;
    Ok(state.started.started(tasks::run(&session, &task_id).await?))
}

/// A task as its page opens it: its Actor's form, filled.
pub async fn task_details<R: Runtime>(
    app: &AppHandle<R>,
    task_id: String,
) -> Result<TaskDetails, Error> {
    let session = state(app).session().await?;
    tasks::details(&session, &task_id).await
}

/// Runs the task with the form as it is now.
pub async fn task_start<R: Runtime>(
    app: &AppHandle<R>,
    task_id: String,
    input: Value,
    options: StartOptions,
) -> Result<RunSummary, Error> {
    let state = state(app);
    let session = state.session().await?;
    let run = tasks::run_with(&session, &task_id, &input, &options).await?;
    Ok(state.started.started(run))
}

pub async fn task_update<R: Runtime>(
    app: &AppHandle<R>,
    task_id: String,
    input: Value,
    options: StartOptions,
) -> Result<(), Error> {
    let session = state(app).session().await?;
    tasks::update(&session, &task_id, &input, &options).await
}

pub async fn task_duplicate<R: Runtime>(
    app: &AppHandle<R>,
    task_id: String,
    name: String,
    input: Value,
    options: StartOptions,
) -> Result<SavedTask, Error> {
    let session = state(app).session().await?;
    tasks::duplicate(&session, &task_id, &name, &input, &options).await
}

pub async fn task_delete<R: Runtime>(app: &AppHandle<R>, task_id: String) -> Result<(), Error> {
    let session = state(app).session().await?;
    tasks::delete(&session, &task_id).await
}

/// The Actor's last runs with their item counts, oldest first, for its page's chart.
pub async fn runs_recent<R: Runtime>(
    app: &AppHandle<R>,
    actor_id: String,
    limit: u64,
) -> Result<Vec<RunRow>, Error> {
    let state = state(app);
    let session = state.session().await?;
    let mut rows = history::recent(&session, &actor_id, limit).await?;
    state.started.mark(&mut rows);
    Ok(rows)
}
