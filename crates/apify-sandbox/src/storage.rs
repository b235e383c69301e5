//! What the storage routes and the demo Actors' runs both do to storages: make a dataset, a
//! key-value store or a request queue, append items, store a record, keep a queue's requests.
//! It sits below the routes, so a run writes its results here and never through an HTTP
//! handler.

use crate::error::{ApiError, ApiResult};
use crate::items;
use std::sync::{Arc, Mutex};

use crate::state::{AppState, DatasetMeta, KvStoreMeta, QueueMeta, RecordMeta};

/// Names follow the platform's rule: letters, digits and dashes, up to 63 characters.
pub fn check_storage_name(name: &str) -> ApiResult<()> {
    if crate::names::is_valid(name) {
        Ok(())
    } else {
        Err(ApiError::invalid_value(
            "Name can only contain letters, digits and dashes (not at the start or end), up to 63 characters",
        ))
    }
}

/// Makes a dataset for a user, e.g. a run's default one.
pub fn make_dataset(
    state: &AppState,
    user_id: &str,
    name: Option<String>,
    creator: Option<String>,
) -> DatasetMeta {
    let now = crate::time::now();
    let meta = DatasetMeta {
        id: state.random.id(),
        name,
        user_id: user_id.to_owned(),
        created_at: now.clone(),
        modified_at: now.clone(),
        accessed_at: now,
        act_id: None,
        act_run_id: None,
        created_by_token: creator,
        field_statistics: Default::default(),
    };
    state.db().datasets.insert(meta.id.clone(), meta.clone());
    meta
}

/// Appends serialized items on a blocking thread and marks the dataset modified.
pub async fn append_items(
    state: &AppState,
    dataset_id: &str,
    lines: Vec<Vec<u8>>,
) -> ApiResult<()> {
    let file = state.items(dataset_id)?;
    let fields = schema_fields(state, dataset_id);
    let counted = tokio::task::spawn_blocking(move || {
        file.append(&lines)?;
        let mut counted = std::collections::BTreeMap::new();
        items::count_items(&mut counted, &fields, &lines);
        Ok::<_, std::io::Error>(counted)
    })
    .await
    .map_err(|error| ApiError::internal(error.to_string()))??;
    if let Some(meta) = state.db().datasets.get_mut(dataset_id) {
        meta.modified_at = crate::time::now();
        for (field, added) in counted {
            let kept = meta.field_statistics.entry(field).or_default();
            kept.null_count += added.null_count;
            kept.empty_count += added.empty_count;
            kept.min = [kept.min, added.min].into_iter().flatten().reduce(f64::min);
            kept.max = [kept.max, added.max].into_iter().flatten().reduce(f64::max);
        }
    }
    state.save()?;
    Ok(())
}

/// The fields whose statistics a dataset keeps: those of the dataset schema of the Actor whose
/// run made it.
pub fn schema_fields(state: &AppState, dataset_id: &str) -> Vec<String> {
    let db = state.db();
    db.datasets
        .get(dataset_id)
        .and_then(|meta| meta.act_id.as_ref())
        .and_then(|act_id| db.actors.get(act_id))
        .and_then(|actor| crate::schemas::dataset(&actor.name))
        .map(|schema| items::schema_fields(&schema))
        .unwrap_or_default()
}

pub fn make_kv_store(
    state: &AppState,
    user_id: &str,
    name: Option<String>,
    creator: Option<String>,
) -> KvStoreMeta {
    let now = crate::time::now();
    let meta = KvStoreMeta {
        id: state.random.id(),
        name,
        user_id: user_id.to_owned(),
        created_at: now.clone(),
        modified_at: now.clone(),
        accessed_at: now,
        act_id: None,
        act_run_id: None,
        created_by_token: creator,
        records: Default::default(),
        schema: None,
        url_signing_secret_key: format!("{}{}", state.random.id(), state.random.id()),
    };
    state.db().kv_stores.insert(meta.id.clone(), meta.clone());
    meta
}

/// Writes a record to a temporary file and renames it into place, so a reader never sees half.
pub async fn store_record(
    state: &AppState,
    store_id: &str,
    key: &str,
    content_type: &str,
    bytes: &[u8],
) -> ApiResult<()> {
    let path = state.record_path(store_id, key);
    let folder = path
        .parent()
        .expect("records live in a store folder")
        .to_owned();
    let partial = path.with_extension("partial");
    let written = partial.clone();
    let bytes_owned = bytes.to_vec();
    tokio::task::spawn_blocking(move || {
        crate::private::create_dir_all(&folder)?;
        crate::private::write(&written, &bytes_owned)
    })
    .await
    .map_err(std::io::Error::other)??;
    tokio::fs::rename(&partial, &path).await?;
    {
        let mut db = state.db();
        let meta = db
            .kv_stores
            .get_mut(store_id)
            .ok_or_else(|| ApiError::not_found("Key-value store"))?;
        meta.records.insert(
            key.to_owned(),
            RecordMeta {
                content_type: content_type.to_owned(),
                size: bytes.len() as u64,
            },
        );
        meta.modified_at = crate::time::now();
    }
    state.save()?;
    Ok(())
}

/// A queue's requests, read from its file the first time they are needed.
pub fn queue_requests(
    state: &AppState,
    queue_id: &str,
) -> ApiResult<Arc<Mutex<crate::queue::QueueRequests>>> {
    state
        .queue_requests(queue_id, || {
            let path = queue_file(state, queue_id);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let saved: crate::queue::Saved =
                        serde_json::from_slice(&bytes).map_err(std::io::Error::other)?;
                    Ok(crate::queue::QueueRequests::from_saved(saved))
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    Ok(Default::default())
                }
                Err(error) => Err(error),
            }
        })
        .map_err(ApiError::from)
}

fn queue_file(state: &AppState, queue_id: &str) -> std::path::PathBuf {
    state
        .data
        .path()
        .join("request_queues")
        .join(format!("{queue_id}.json"))
}

/// Writes the requests (in a persistent sandbox) and brings the queue's counts up to date.
pub fn save_queue(
    state: &AppState,
    queue_id: &str,
    requests: &crate::queue::QueueRequests,
) -> ApiResult<()> {
    if matches!(state.data, crate::state::DataDir::Persistent(_)) {
        let path = queue_file(state, queue_id);
        let folder = path.parent().expect("in the queues folder");
        crate::private::create_dir_all(folder)?;
        let bytes = serde_json::to_vec(&requests.saved()).map_err(std::io::Error::other)?;
        let partial = path.with_extension("json.partial");
        crate::private::write(&partial, &bytes)?;
        std::fs::rename(partial, path)?;
    }
    if let Some(meta) = state.db().request_queues.get_mut(queue_id) {
        meta.total_request_count = requests.total();
        meta.handled_request_count = requests.handled();
        meta.storage_bytes = requests.bytes();
        meta.modified_at = crate::time::now();
    }
    state.save()?;
    Ok(())
}

/// Makes a request queue for a user, e.g. a run's default one.
pub fn make_queue(
    state: &AppState,
    user_id: &str,
    name: Option<String>,
    creator: Option<String>,
) -> QueueMeta {
    let now = crate::time::now();
    let meta = QueueMeta {
        id: state.random.id(),
        name,
        user_id: user_id.to_owned(),
        created_at: now.clone(),
        modified_at: now.clone(),
        accessed_at: now,
        act_id: None,
        act_run_id: None,
        created_by_token: creator,
        total_request_count: 0,
        handled_request_count: 0,
        storage_bytes: 0,
    };
    state
        .db()
        .request_queues
        .insert(meta.id.clone(), meta.clone());
    meta
}

/// Removes a queue and its requests.
pub fn remove_queue(state: &AppState, queue_id: &str) {
    state.db().request_queues.remove(queue_id);
    state.forget_queue(queue_id);
    let _ = std::fs::remove_file(queue_file(state, queue_id));
}
