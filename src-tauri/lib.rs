//! The Tauri app: commands grouped by domain, the state they share, and the wiring. What the
//! commands do lives in `greenroom-core`; each command only unpacks arguments and calls it.

mod commands;
mod profiles_store;
mod state;

#[cfg(test)]
mod bindings;

use tauri::{App, Builder, Runtime};

pub use commands::app::AppInfo;
pub use state::AppState;

/// Builds the app on any runtime, so tests can drive the real commands through
/// `tauri::test::mock_builder()` without a window.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> App<R> {
    builder
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new())
        .setup(|app| {
            let package = app.package_info();
            tracing::info!(version = %package.version, "{} started", package.name);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::keychain::keychain_status,
            commands::auth::profiles_list,
            commands::auth::token_check,
            commands::auth::env_token_present,
            commands::auth::env_token_check,
            commands::auth::profile_save,
            commands::auth::profile_replace_token,
            commands::auth::profile_activate,
            commands::auth::profile_rename,
            commands::auth::profile_sign_out,
            commands::auth::profile_test,
            commands::auth::open_token_page,
            commands::sandbox::try_without_account,
        ])
        .build(tauri::generate_context!())
        .expect("the app's configuration is built in, so building it cannot fail at run time")
}

/// Logs go to stderr, filtered by `RUST_LOG` (default: info for the app's own crates).
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("warn,greenroom=info,greenroom_app=info,greenroom_core=info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
