//! Request queues: a queue's heading and a run's crawl progress, its requests read into a local
//! list as a job and shown by window, copied and saved to a file the user chose.

use std::sync::Arc;

use greenroom_core::datasets::pages::{tab_separated, Window};
use greenroom_core::files::chosen::Purpose;
use greenroom_core::jobs::JobView;
use greenroom_core::queues::{self, QueueCounts, QueueInfo, RequestFilter, RequestFormat};
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn queue_info<R: Runtime>(
    app: &AppHandle<R>,
    queue_id: String,
) -> Result<QueueInfo, Error> {
    let session = state(app).session().await?;
    queues::info(&session, &queue_id).await
}

pub async fn run_queue_progress<R: Runtime>(
    app: &AppHandle<R>,
    run_id: String,
) -> Result<Option<QueueCounts>, Error> {
    let session = state(app).session().await?;
    queues::run_progress(&session, &run_id).await
}

pub async fn queue_delete<R: Runtime>(app: &AppHandle<R>, queue_id: String) -> Result<(), Error> {
    let session = state(app).session().await?;
    queues::delete(&session, &queue_id).await?;
    tracing::info!("request queue {queue_id} deleted");
    Ok(())
}

pub async fn queue_requests_read<R: Runtime>(
    app: &AppHandle<R>,
    queue_id: String,
) -> Result<JobView, Error> {
    let state = state(app);
    let session = Arc::new(state.session().await?);
    Ok(state
        .request_lists()?
        .read_job(&state.jobs, session, queue_id))
}

pub async fn queue_requests_window<R: Runtime>(
    app: &AppHandle<R>,
    queue_id: String,
    filter: RequestFilter,
    offset: u64,
    span: u64,
) -> Result<Window, Error> {
    state(app)
        .request_lists()?
        .window(&queue_id, filter, offset, span)
}

pub async fn queue_requests_copy<R: Runtime>(
    app: &AppHandle<R>,
    queue_id: String,
    filter: RequestFilter,
    from: u64,
    to: u64,
    columns: Vec<String>,
) -> Result<u64, Error> {
    let rows = state(app)
        .request_lists()?
        .rows(&queue_id, filter, from, to)?;
    super::app::write_clipboard(app, tab_separated(&rows, &columns))?;
    Ok(rows.len() as u64)
}

pub async fn queue_requests_export<R: Runtime>(
    app: &AppHandle<R>,
    queue_id: String,
    filter: RequestFilter,
    format: RequestFormat,
    file: u32,
) -> Result<JobView, Error> {
    let state = state(app);
    let target = state.choices.path(file, Purpose::Save)?;
    state
        .request_lists()?
        .export_job(&state.jobs, queue_id, filter, format, target)
}
