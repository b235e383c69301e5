//! The Key-value stores screen: a store's keys, records in the viewer and editor, new records,
//! uploads and downloads as jobs, delete with undo, and signed links.

use std::sync::Arc;

use greenroom_core::jobs::JobView;
use greenroom_core::kv::edit::{self, SavedRecord};
use greenroom_core::kv::trash::DeletedRecord;
use greenroom_core::kv::upload::{self, DroppedFile, UploadSource};
use greenroom_core::kv::view::{self, RecordView};
use greenroom_core::kv::{self, KeysPage, KvStoreInfo};
use greenroom_core::{kv::download, Error};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use greenroom_core::files::chosen::Purpose;

use super::state;

pub async fn kv_store_info<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
) -> Result<KvStoreInfo, Error> {
    let session = state(app).session().await?;
    kv::info(&session, &store_id).await
}

pub async fn kv_keys<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    prefix: String,
    collection: Option<String>,
    after: Option<String>,
    limit: u64,
) -> Result<KeysPage, Error> {
    let session = state(app).session().await?;
    kv::keys(&session, &store_id, &prefix, collection, after, limit).await
}

pub async fn record_key_check<R: Runtime>(_app: &AppHandle<R>, key: String) -> Result<(), Error> {
    kv::check_key(&key)
}

pub async fn record_view<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
) -> Result<RecordView, Error> {
    let session = state(app).session().await?;
    view::view(&session, &store_id, &key).await
}

pub async fn record_save<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
    text: String,
    content_type: String,
    version: Option<String>,
) -> Result<SavedRecord, Error> {
    let session = state(app).session().await?;
    edit::save(
        &session,
        &store_id,
        &key,
        &text,
        &content_type,
        version.as_deref(),
    )
    .await
}

pub async fn record_create<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
    text: String,
    content_type: String,
) -> Result<SavedRecord, Error> {
    let session = state(app).session().await?;
    edit::create(&session, &store_id, &key, &text, &content_type).await
}

pub async fn record_delete<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
) -> Result<DeletedRecord, Error> {
    let state = state(app);
    let session = state.session().await?;
    state.trash.delete(Arc::new(session), &store_id, &key).await
}

/// Puts a deleted record back; answers its key.
pub async fn record_undelete<R: Runtime>(
    app: &AppHandle<R>,
    undo_id: u32,
) -> Result<String, Error> {
    state(app).trash.undo(undo_id).await
}

/// What the upload form shows for a file the user chose in the open dialog.
pub async fn upload_inspect<R: Runtime>(
    app: &AppHandle<R>,
    file: u32,
) -> Result<UploadSource, Error> {
    upload::inspect(&state(app).choices.path(file, Purpose::Open)?)
}

pub async fn record_upload<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
    file: u32,
    content_type: String,
) -> Result<JobView, Error> {
    kv::check_key(&key)?;
    let state = state(app);
    let source = state.choices.path(file, Purpose::Open)?;
    let session = state.session().await?;
    Ok(upload::upload_job(
        &state.jobs,
        session,
        store_id,
        key,
        source,
        content_type,
    ))
}

pub async fn record_download<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
    file: u32,
) -> Result<JobView, Error> {
    let state = state(app);
    let target = state.choices.path(file, Purpose::Save)?;
    let session = state.session().await?;
    Ok(download::download_job(
        &state.jobs,
        session,
        store_id,
        key,
        target,
    ))
}

/// Puts the record's public link on the clipboard: signed where the store signs links, so it
/// opens without a token.
pub async fn record_copy_link<R: Runtime>(
    app: &AppHandle<R>,
    store_id: String,
    key: String,
) -> Result<(), Error> {
    let session = state(app).session().await?;
    let link = download::public_link(&session, &store_id, &key).await?;
    super::app::write_clipboard(app, link)
}

/// Streams the files dropped onto the window to `events`, for as long as the page listens.
pub async fn file_drops_watch<R: Runtime>(
    app: &AppHandle<R>,
    events: Channel<DroppedFile>,
) -> Result<(), Error> {
    state(app)
        .drops
        .subscribe(move |dropped| events.send(dropped.clone()).is_ok());
    Ok(())
}
