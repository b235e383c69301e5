use greenroom_core::{Error, KeychainStatus};
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn keychain_status<R: Runtime>(app: &AppHandle<R>) -> Result<KeychainStatus, Error> {
    state(app).accounts.keychain_status().await
}
