//! Deleting a record with a way back: before the delete, its bytes go to a private file and its
//! content type is kept; for `UNDO_WINDOW` an undo puts back exactly those bytes under the same
//! key, then both are forgotten. The files live in a folder of the app's own (0700), which is
//! emptied at start, so nothing outlives a crash for long.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::kv::check_key;
use crate::kv::download::download_record;
use crate::kv::upload::upload_record;
use crate::{lock, Error, Session};

/// How long the UI offers Undo.
pub const UNDO_SECONDS: u64 = 10;
/// Rust keeps the bytes a little longer, so an Undo clicked at the last moment still lands.
const KEEP_FOR: Duration = Duration::from_secs(UNDO_SECONDS + 5);

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeletedRecord {
    pub undo_id: u32,
    pub key: String,
    pub undo_seconds: u64,
}

struct Kept {
    session: Arc<Session>,
    store_id: String,
    key: String,
    content_type: String,
    file: PathBuf,
}

#[derive(Clone)]
pub struct Trash {
    folder: PathBuf,
    kept: Arc<Mutex<HashMap<u32, Kept>>>,
    next_id: Arc<Mutex<u32>>,
}

impl Trash {
    /// Uses `folder` for the kept bytes, emptying what an earlier run left there.
    pub fn new(folder: &Path) -> Trash {
        let _ = std::fs::remove_dir_all(folder);
        Trash {
            folder: folder.to_owned(),
            kept: Default::default(),
            next_id: Default::default(),
        }
    }

    pub async fn delete(
        &self,
        session: Arc<Session>,
        store_id: &str,
        key: &str,
    ) -> Result<DeletedRecord, Error> {
        check_key(key)?;
        crate::files::private::create_private_dir(&self.folder)
            .map_err(|e| Error::from_io(e, &self.folder))?;
        let undo_id = {
            let mut next = lock(&self.next_id);
            *next += 1;
            *next
        };
        let file = self.folder.join(format!("record-{undo_id}"));
        let saved = download_record(
            &session,
            store_id,
            key,
            &file,
            &CancellationToken::new(),
            |_, _| {},
        )
        .await?;
        let deleted = session
            .client()
            .key_value_store(store_id)
            .delete_record(key)
            .await
            .map_err(|e| session.error(e));
        if let Err(error) = deleted {
            let _ = std::fs::remove_file(&file);
            return Err(error);
        }
        lock(&self.kept).insert(
            undo_id,
            Kept {
                session,
                store_id: store_id.to_owned(),
                key: key.to_owned(),
                content_type: saved
                    .content_type
                    .unwrap_or_else(|| "application/octet-stream".into()),
                file,
            },
        );
        let trash = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(KEEP_FOR).await;
            trash.forget(undo_id);
        });
        tracing::info!("record deleted from store {store_id}; undo {undo_id} kept");
        Ok(DeletedRecord {
            undo_id,
            key: key.to_owned(),
            undo_seconds: UNDO_SECONDS,
        })
    }

    /// Puts the record back byte for byte, with its content type.
    pub async fn undo(&self, undo_id: u32) -> Result<String, Error> {
        let kept = lock(&self.kept).remove(&undo_id).ok_or_else(|| {
            Error::local_not_found(format!(
                "nothing to undo with id {undo_id}: its time ran out"
            ))
        })?;
        let restored = upload_record(
            &kept.session,
            &kept.store_id,
            &kept.key,
            &kept.file,
            &kept.content_type,
            &CancellationToken::new(),
            |_, _| {},
        )
        .await;
        match restored {
            Ok(_) => {
                let _ = std::fs::remove_file(&kept.file);
                Ok(kept.key)
            }
            Err(error) => {
                // Kept for another try within the window.
                lock(&self.kept).insert(undo_id, kept);
                Err(error)
            }
        }
    }

    fn forget(&self, undo_id: u32) {
        if let Some(kept) = lock(&self.kept).remove(&undo_id) {
            let _ = std::fs::remove_file(kept.file);
        }
    }

    /// How many deleted records are kept now, for tests.
    pub fn kept(&self) -> usize {
        lock(&self.kept).len()
    }
}
