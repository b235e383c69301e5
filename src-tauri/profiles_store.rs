//! Profiles (never tokens) in the app's settings store, `profiles.json` in its data folder.

use greenroom_core::profiles::Profiles;
use greenroom_core::Error;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

const FILE: &str = "profiles.json";
const KEY: &str = "profiles";

fn store_error(error: impl std::fmt::Display) -> Error {
    Error::Disk {
        detail: format!("the profiles store: {error}"),
    }
}

/// A store that cannot be read is an error, never an empty list: saving over it would wipe
/// the user's profiles.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Result<Profiles, Error> {
    let store = app.store(FILE).map_err(store_error)?;
    match store.get(KEY) {
        None => Ok(Profiles::default()),
        Some(value) => serde_json::from_value(value).map_err(store_error),
    }
}

pub fn save<R: Runtime>(app: &AppHandle<R>, profiles: &Profiles) -> Result<(), Error> {
    let store = app.store(FILE).map_err(store_error)?;
    store.set(KEY, serde_json::to_value(profiles).map_err(store_error)?);
    store.save().map_err(store_error)
}
