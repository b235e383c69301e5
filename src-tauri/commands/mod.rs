pub mod app;
pub mod auth;
pub mod keychain;
pub mod sandbox;

use greenroom_core::Error;
use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;

/// Keychain calls block on D-Bus (or the platform's equivalent), so they run on a blocking
/// thread, never on the main thread or an async worker.
pub(crate) async fn blocking<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    work: impl FnOnce(&AppState) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|e| Error::Keychain {
            detail: format!("the keychain call stopped unexpectedly: {e}"),
        })?
}
