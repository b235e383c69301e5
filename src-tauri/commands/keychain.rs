use greenroom_core::{Error, KeychainStatus};
use tauri::{AppHandle, Runtime};

use super::blocking;

#[tauri::command]
pub async fn keychain_status<R: Runtime>(app: AppHandle<R>) -> Result<KeychainStatus, Error> {
    blocking(&app, |state| state.vault.keychain().check()).await
}
