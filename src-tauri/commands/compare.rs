//! Comparing two datasets on this computer: what to propose, the job, and the parts' rows.

use std::sync::Arc;

use greenroom_core::compare::{self, CompareSpec, CompareSuggestion, Part};
use greenroom_core::datasets::pages::Window;
use greenroom_core::jobs::JobView;
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn compare_suggest<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
) -> Result<CompareSuggestion, Error> {
    let session = state(app).session().await?;
    compare::suggest(&session, &dataset_id).await
}

/// Copies both datasets (once a session) and compares them, as a job.
pub async fn compare_start<R: Runtime>(
    app: &AppHandle<R>,
    old_dataset_id: String,
    new_dataset_id: String,
    spec: CompareSpec,
) -> Result<JobView, Error> {
    let state = state(app);
    let session = Arc::new(state.session().await?);
    Ok(state
        .comparisons()?
        .compare_job(&state.jobs, session, old_dataset_id, new_dataset_id, spec))
}

pub async fn compare_window<R: Runtime>(
    app: &AppHandle<R>,
    comparison: u32,
    part: Part,
    offset: u64,
    span: u64,
) -> Result<Window, Error> {
    state(app)
        .comparisons()?
        .window(comparison, part, offset, span)
}
