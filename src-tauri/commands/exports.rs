//! Exports of a dataset to a file the user chose in the native save dialog; the writing is a
//! job in the core.

use std::path::PathBuf;

use greenroom_core::export::{self, ExportFormat, ExportOptions};
use greenroom_core::jobs::{JobOutcome, JobState, JobView};
use greenroom_core::{table_limits, Error};
use tauri::{AppHandle, Runtime};

use super::state;

/// Says before the save dialog whether a table format can hold the export's columns.
pub async fn export_check<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
    format: ExportFormat,
    options: ExportOptions,
) -> Result<(), Error> {
    let session = state(app).accounts.active_session().await?;
    table_limits::check(&session, &dataset_id, format, &options).await
}

pub async fn export_start<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
    format: ExportFormat,
    options: ExportOptions,
    path: String,
) -> Result<JobView, Error> {
    let target = PathBuf::from(&path);
    if !target.is_absolute() || target.file_name().is_none() || target.is_dir() {
        return Err(Error::validation(
            "Choose a file to save to.",
            format!("not a file path: {path}"),
        ));
    }
    let state = state(app);
    let session = state.accounts.active_session().await?;
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

/// Opens a finished export's file with the system's app for it.
pub async fn export_open<R: Runtime>(app: &AppHandle<R>, job_id: u32) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    let path = exported_file(app, job_id)?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| Error::BrowserUnavailable {
            detail: format!("could not open {}: {e}", path.display()),
        })
}

/// Shows a finished export's file in the system's file manager.
pub async fn export_reveal<R: Runtime>(app: &AppHandle<R>, job_id: u32) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    let path = exported_file(app, job_id)?;
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|e| Error::BrowserUnavailable {
            detail: format!("could not show {}: {e}", path.display()),
        })
}

/// Only a file an export wrote is opened: the page names a job, never a path.
fn exported_file<R: Runtime>(app: &AppHandle<R>, job_id: u32) -> Result<PathBuf, Error> {
    let job = state(app)
        .jobs
        .list()
        .into_iter()
        .find(|job| job.id == job_id);
    match job.map(|job| job.state) {
        Some(JobState::Succeeded {
            outcome: JobOutcome::Export { report },
        }) => Ok(PathBuf::from(report.path)),
        _ => Err(Error::NotFound {
            detail: format!("no finished export with job id {job_id}"),
        }),
    }
}
