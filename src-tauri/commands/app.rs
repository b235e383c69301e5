use greenroom_core::Error;
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

use super::state;

/// Where a user finds their token.
const TOKEN_PAGE: &str = "https://console.apify.com/settings/integrations";

/// What the status bar shows about the app itself.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The API server new profiles talk to.
    pub api_base_url: String,
}

pub async fn app_info<R: Runtime>(app: &AppHandle<R>) -> Result<AppInfo, Error> {
    let package = app.package_info();
    Ok(AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
        api_base_url: state(app).accounts.servers().default_server().to_owned(),
    })
}

pub async fn open_token_page<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(TOKEN_PAGE, None::<&str>)
        .map_err(|e| Error::BrowserUnavailable {
            detail: format!("could not open {TOKEN_PAGE}: {e}"),
        })
}
