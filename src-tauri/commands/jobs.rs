//! The bridge from the core's jobs to the page: one `Channel` per subscriber carries every
//! job's new view; ids cancel and dismiss.

use greenroom_core::jobs::JobView;
use greenroom_core::Error;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use super::state;
use greenroom_core::ErrorKind;

/// Streams every job's changes to `events` until the page that asked is gone; answers the
/// jobs as they are now, so a reloaded page sees the running ones again.
pub async fn jobs_watch<R: Runtime>(
    app: &AppHandle<R>,
    events: Channel<JobView>,
) -> Result<Vec<JobView>, Error> {
    Ok(state(app)
        .jobs
        .subscribe(move |view| events.send(view.clone()).is_ok()))
}

pub async fn job_cancel<R: Runtime>(app: &AppHandle<R>, id: u32) -> Result<(), Error> {
    state(app).jobs.cancel(id)
}

pub async fn job_dismiss<R: Runtime>(app: &AppHandle<R>, id: u32) -> Result<(), Error> {
    state(app).jobs.dismiss(id)
}

/// The file a finished job wrote, if it is still where it was saved.
fn still_there<R: Runtime>(app: &AppHandle<R>, job_id: u32) -> Result<std::path::PathBuf, Error> {
    let path = state(app).jobs.written_file(job_id)?;
    if !path.exists() {
        return Err(Error::with_reason(
            ErrorKind::OpenFailed,
            format!(
                "The file is no longer at {}: it was moved or deleted since Greenroom saved it.",
                path.display()
            ),
            format!("missing: {}", path.display()),
        ));
    }
    Ok(path)
}

/// Opens the file a finished export or download wrote, with the system's app for it.
pub async fn job_file_open<R: Runtime>(app: &AppHandle<R>, job_id: u32) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    let path = still_there(app, job_id)?;
    if !greenroom_core::files::kinds::may_open(&path) {
        return Err(Error::validation(
            "Greenroom opens only the files it exports, documents, images and text. Use Show in folder for this one.",
            format!("not opened: {}", path.display()),
        ));
    }
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            Error::with_reason(
                ErrorKind::OpenFailed,
                "It may have no app for this kind of file, or the file was moved or deleted. Show in folder finds it.",
                format!("could not open {}: {e}", path.display()),
            )
        })
}

/// Shows the file a finished export or download wrote in the system's file manager.
pub async fn job_file_reveal<R: Runtime>(app: &AppHandle<R>, job_id: u32) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    let path = still_there(app, job_id)?;
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        Error::with_reason(
            ErrorKind::OpenFailed,
            "No file manager showed the file in its folder; the file may have been moved or deleted.",
            format!("could not show {}: {e}", path.display()),
        )
    })
}
