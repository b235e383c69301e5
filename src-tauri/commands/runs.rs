//! Runs of the active profile's account.

use greenroom_core::jobs::JobView;
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
    let session = state(app).accounts.active_session().await?;
    greenroom_core::actor_page::start_checked(&session, &actor_id, &input, &options).await
}

/// Follows the run as a job; its progress reaches every `jobs_watch` channel.
pub async fn run_watch<R: Runtime>(app: &AppHandle<R>, run_id: String) -> Result<JobView, Error> {
    let state = state(app);
    let session = state.accounts.active_session().await?;
    Ok(runs::watch_job(&state.jobs, session, run_id))
}

pub async fn run_abort<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
) -> Result<RunSummary, Error> {
    let session = state(app).accounts.active_session().await?;
    runs::abort(&session, &run_id).await
}
