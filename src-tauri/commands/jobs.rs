//! The bridge from the core's jobs to the page: one `Channel` per subscriber carries every
//! job's new view; ids cancel and dismiss.

use greenroom_core::jobs::JobView;
use greenroom_core::Error;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use super::state;

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
