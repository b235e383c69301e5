//! Downloading a key-value record to a file, the way exports are saved: beside the target under
//! a temporary name, with progress and cancellation, renamed into place only when complete.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::partial_file::PartialFile;
use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordDownload {
    pub path: String,
    pub bytes: u64,
    pub content_type: Option<String>,
}

/// Written in pieces this large, so progress moves and cancelling takes effect between them.
const PIECE: usize = 1 << 20;

/// The client fetches the record whole, retrying a broken or failed request as the official
/// clients do; the file is then written piece by piece.
pub async fn download_record(
    session: &Session,
    store_id: &str,
    key: &str,
    target: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(u64, u64),
) -> Result<RecordDownload, Error> {
    let store = session.client().key_value_store(store_id);
    let record = tokio::select! {
        _ = cancel.cancelled() => return Err(Error::Cancelled),
        record = store.get_record(key) => record.map_err(|e| session.error(e))?,
    };
    let record = record.ok_or_else(|| Error::NotFound {
        detail: format!("record {key} in store {store_id}"),
    })?;
    let mut partial = PartialFile::create(target)?;
    let total = record.value.len() as u64;
    let started = Instant::now();
    let mut written = 0u64;
    for piece in record.value.chunks(PIECE) {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        partial.write_all(piece)?;
        written += piece.len() as u64;
        on_progress(written, total);
        tokio::task::yield_now().await;
    }
    partial.finish()?;
    tracing::debug!(
        bytes = total,
        seconds = started.elapsed().as_secs_f64(),
        "record saved"
    );
    Ok(RecordDownload {
        path: target.display().to_string(),
        bytes: total,
        content_type: record.content_type,
    })
}
