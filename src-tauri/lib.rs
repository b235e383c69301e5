//! The Tauri app: command adapters grouped by domain, the state they share, and the wiring.
//! What the commands do lives in `greenroom-core`; the commands themselves are declared once,
//! in `command_list.rs`.

#[macro_use]
mod command_list;
mod commands;
mod ipc;
mod state;

#[cfg(test)]
mod bindings;

use tauri::{App, Builder, Manager, Runtime};

pub use commands::app::AppInfo;
pub use state::AppState;

/// Builds the app on any runtime, so tests can drive the real commands through
/// `tauri::test::mock_builder()` without a window.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> App<R> {
    let app = builder
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let package = app.package_info();
            tracing::info!(version = %package.version, "{} started", package.name);
            Ok(())
        })
        .invoke_handler(ipc::handler())
        .build(tauri::generate_context!())
        .expect("the app's configuration is built in, so building it cannot fail at run time");
    // Managed before the window loads, so no command can run without it.
    let data = app
        .path()
        .app_data_dir()
        .expect("the app needs a home folder to keep its data in");
    app.manage(AppState::new(&data));
    app
}

/// Logs go to stderr, filtered by `RUST_LOG` (default: info for the app's own crates), in
/// colour only on a terminal, so a log file holds plain text.
pub fn init_logging() {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("warn,greenroom=info,greenroom_app=info,greenroom_core=info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}
