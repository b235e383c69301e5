use serde::Serialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

/// What the status bar shows about the app itself.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The API server new profiles talk to.
    pub api_base_url: String,
}

#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>) -> AppInfo {
    let package = app.package_info();
    AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
        api_base_url: greenroom_core::APIFY_API_BASE_URL.into(),
    }
}
