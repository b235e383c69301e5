//! The Datasets screen: a dataset's facts and views, table windows, and copying rows.

use greenroom_core::datasets::pages::{self, ItemQuery, Window};
use greenroom_core::datasets::DatasetInfo;
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn dataset_info<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
) -> Result<DatasetInfo, Error> {
    state(app).open_dataset(&dataset_id).await
}

pub async fn dataset_window<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
    query: ItemQuery,
    offset: u64,
    span: u64,
) -> Result<Window, Error> {
    let state = state(app);
    state
        .tables
        .window(&state.accounts, &dataset_id, query, offset, span)
        .await
}

/// Copies rows `from..to` as tab-separated text to the system clipboard; answers how many.
pub async fn dataset_copy_rows<R: Runtime>(
    app: &AppHandle<R>,
    dataset_id: String,
    query: ItemQuery,
    from: u64,
    to: u64,
    columns: Vec<String>,
) -> Result<u64, Error> {
    let state = state(app);
    let rows = state
        .tables
        .rows(&state.accounts, &dataset_id, query, from, to)
        .await?;
    super::app::write_clipboard(app, pages::tab_separated(&rows, &columns))?;
    Ok(rows.len() as u64)
}
