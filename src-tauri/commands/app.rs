use greenroom_core::Error;
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

use super::state;
use greenroom_core::ErrorKind;

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
    /// The system's text size against its default (GNOME's text scaling factor), so the page's
    /// text follows it.
    pub text_scale: f64,
}

pub async fn app_info<R: Runtime>(app: &AppHandle<R>) -> Result<AppInfo, Error> {
    // The page asks this once its first screen is mounted: the footprint benchmark's mark.
    static FIRST: std::sync::Once = std::sync::Once::new();
    FIRST.call_once(|| tracing::info!("the first screen is up"));
    let package = app.package_info();
    Ok(AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
        api_base_url: state(app).accounts.servers().default_server().to_owned(),
        text_scale: system_text_scale(),
    })
}

/// GNOME's text scaling factor where `gsettings` has one, else `GDK_DPI_SCALE`, else 1.
fn system_text_scale() -> f64 {
    let gnome = std::process::Command::new("gsettings")
        .args(["get", "org.gnome.desktop.interface", "text-scaling-factor"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| parse_scale(&String::from_utf8_lossy(&out.stdout)));
    gnome
        .or_else(|| {
            std::env::var("GDK_DPI_SCALE")
                .ok()
                .and_then(|v| parse_scale(&v))
        })
        .unwrap_or(1.0)
}

/// A scale between half and three times, as settings write it (`1.25`); nonsense is `None`.
fn parse_scale(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|scale| scale.is_finite())
        .map(|scale| scale.clamp(0.5, 3.0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_text_scale_is_read_within_reason() {
        assert_eq!(super::parse_scale("1.25\n"), Some(1.25));
        assert_eq!(super::parse_scale("9"), Some(3.0));
        assert_eq!(super::parse_scale("NaN"), None);
        assert_eq!(super::parse_scale("large"), None);
    }
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
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        Error::new(
            ErrorKind::BrowserUnavailable,
            format!("could not open {url}: {e}"),
        )
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

/// Opens the folder the app writes its logs to (a file a day, a week kept, never a token).
pub async fn logs_folder_open<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    use tauri_plugin_opener::OpenerExt;
    let folder = crate::logging::log_dir()
        .ok_or_else(|| Error::new(ErrorKind::FolderMissing, "no home folder, so no log folder"))?;
    if !folder.is_dir() {
        return Err(Error::new(
            ErrorKind::FolderMissing,
            folder.display().to_string(),
        ));
    }
    app.opener()
        .open_path(folder.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            Error::with_reason(
                ErrorKind::OpenFailed,
                "No file manager opened the folder of Greenroom's logs.",
                format!("could not open {}: {e}", folder.display()),
            )
        })
}

/// Opens the folder of Greenroom's own settings files, for a file that cannot be read (its
/// error names it): the person restores it from a backup or moves it away.
pub async fn settings_folder_open<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    use tauri::Manager;
    use tauri_plugin_opener::OpenerExt;
    let folder = app
        .path()
        .app_data_dir()
        .map_err(|e| Error::new(ErrorKind::FolderMissing, format!("no data folder: {e}")))?;
    app.opener()
        .open_path(folder.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            Error::with_reason(
                ErrorKind::OpenFailed,
                "No file manager opened Greenroom's settings folder.",
                format!("could not open {}: {e}", folder.display()),
            )
        })
}

/// What a bug report needs: the app's and WebKit's versions, the system, the keychain and the
/// API server. Never the token or the account's name or email.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    pub text: String,
    /// Whether it is on the clipboard; where the clipboard refused, the page shows the text to
    /// select instead.
    pub copied: bool,
}

pub async fn diagnostics_copy<R: Runtime>(app: &AppHandle<R>) -> Result<Diagnostics, Error> {
    let package = app.package_info();
    let state = state(app);
    // Named, not probed: a probe writes an entry, and diagnostics change nothing.
    let keychain = greenroom_core::Keychain::store_name();
    let server = match state.accounts.profiles().await {
        Ok(profiles) => profiles
            .active()
            .map(|p| {
                let kind = if p.sandbox { " (bundled sandbox)" } else { "" };
                format!("{}{kind}", p.api_base_url)
            })
            .unwrap_or_else(|| "no profile active".into()),
        Err(error) => format!("profiles unreadable ({:?})", error.kind()),
    };
    let lines = [
        format!("{} {}", package.name, package.version),
        format!(
            "WebView: {}",
            tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})"))
        ),
        format!(
            "System: {} ({} {})",
            os_name(),
            std::env::consts::OS,
            std::env::consts::ARCH
        ),
        format!("Keychain: {keychain}"),
        format!("API server: {server}"),
        format!(
            "Logs: {}",
            crate::logging::log_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|| "none".into())
        ),
    ];
    let text = lines.join("\n");
    let copied = match write_clipboard(app, text.clone()) {
        Ok(()) => true,
        Err(error) => {
            tracing::warn!("diagnostics not copied: {error}");
            false
        }
    };
    Ok(Diagnostics { text, copied })
}

/// The system's own name for itself where it says one (`/etc/os-release` on Linux).
fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_owned())
}
