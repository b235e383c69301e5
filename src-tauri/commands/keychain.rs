use greenroom_core::{Error, KeychainStatus};
use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;

/// Keychain calls block on D-Bus (or the platform's equivalent), so they run on a blocking thread,
/// never on the main thread or an async worker.
#[tauri::command]
pub async fn keychain_status<R: Runtime>(app: AppHandle<R>) -> Result<KeychainStatus, Error> {
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().vault.keychain().check())
        .await
        .map_err(|join_error| Error::Keychain {
            detail: format!("the keychain check stopped unexpectedly: {join_error}"),
        })?
}
