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
    open_in_browser(app, TOKEN_PAGE)
}

/// Opens a web address in the system browser: only http and https, whatever the page asks.
pub async fn open_external<R: Runtime>(app: &AppHandle<R>, url: String) -> Result<(), Error> {
    open_in_browser(app, greenroom_core::web_link::check(&url)?)
}

fn open_in_browser<R: Runtime>(app: &AppHandle<R>, url: &str) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| Error::BrowserUnavailable {
            detail: format!("could not open {url}: {e}"),
        })
}

/// Puts text on the system clipboard from Rust, so the page needs no clipboard permission.
pub async fn copy_text<R: Runtime>(app: &AppHandle<R>, text: String) -> Result<(), Error> {
    write_clipboard(app, text)
}

pub(crate) fn write_clipboard<R: Runtime>(app: &AppHandle<R>, text: String) -> Result<(), Error> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    app.clipboard()
        .write_text(text)
        .map_err(|e| Error::internal(format!("the clipboard refused the text: {e}")))
}
