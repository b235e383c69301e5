//! UI preferences and drafts, in the one store file Rust owns (`tauri-plugin-store`). The page
//! never names the file: it reads everything once at start and sets keys the core allows.

use std::collections::BTreeMap;
use std::sync::Arc;

use greenroom_core::{preferences, Error, ErrorKind};
use serde_json::Value as JsonValue;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::{Store, StoreExt};

fn store<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<Store<R>>, Error> {
    app.store(preferences::FILE)
        .map_err(|e| Error::store_unreadable(std::path::Path::new(preferences::FILE), e))
}

fn save<R: Runtime>(store: &Store<R>) -> Result<(), Error> {
    store
        .save()
        .map_err(|e| Error::new(ErrorKind::Disk, format!("{}: {e}", preferences::FILE)))
}

/// Every preference, for the page to read at start.
pub async fn preferences_all<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<BTreeMap<String, JsonValue>, Error> {
    Ok(store(app)?.entries().into_iter().collect())
}

pub async fn preference_set<R: Runtime>(
    app: &AppHandle<R>,
    key: String,
    value: JsonValue,
) -> Result<(), Error> {
    preferences::check(&key, &value)?;
    let store = store(app)?;
    store.set(key, value);
    save(&store)
}

/// "Reset preferences": drafts, the text size and every table's columns are forgotten.
pub async fn preferences_reset<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    let store = store(app)?;
    store.clear();
    save(&store)
}

/// After a sign-out: what was typed for that account goes with it.
pub(crate) fn forget_at_sign_out<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    let store = store(app)?;
    for key in preferences::CLEARED_AT_SIGN_OUT {
        store.delete(key);
    }
    save(&store)
}
