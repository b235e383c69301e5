//! Exports of a dataset to a file the user chose in the native save dialog (known here by its
//! number); the writing is a job in the core.

use greenroom_core::datasets::export::{self, ExportFormat, ExportOptions};
use greenroom_core::jobs::JobView;
use greenroom_core::{datasets::limits, Error};
use tauri::{AppHandle, Runtime};

use greenroom_core::files::chosen::Purpose;

use super::state;

/// Says before the save dialog whether a table format can hold the export's columns.
pub async fn export_check<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
    format: ExportFormat,
    options: ExportOptions,
) -> Result<(), Error> {
    let session = state(app).session().await?;
    limits::check(&session, &dataset_id, format, &options).await
}

pub async fn export_start<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
    format: ExportFormat,
    options: ExportOptions,
    file: u32,
) -> Result<JobView, Error> {
    let state = state(app);
    let target = state.choices.path(file, Purpose::Save)?;
    let session = state.session().await?;
    tracing::info!(?format, ?options, "export of dataset {dataset_id} started");
    Ok(export::export_job(
        &state.jobs,
        session,
        dataset_id,
        format,
        options,
        target,
    ))
}
