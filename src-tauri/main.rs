// Without this, a release build on Windows also opens a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use tauri::Manager;

// Shared with the footprint's floor app (benches/floor), so both have the same WebKit settings.
mod lean_webview;
use lean_webview::lean_webview;

fn main() {
    // Kept to the end: dropping it writes out the lines still queued.
    let _log = greenroom_app::init_logging();
    // The desktop's own behaviour lives here, not in `run_app`: tests build many apps in one
    // process, and a second one would be taken for a second launch and ended.
    let builder = tauri::Builder::default()
        // First, so a second launch ends before it starts anything: it raises this window.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("a second launch raised the window");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        // The window opens where and as large as the user left it.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(lean_webview());
    greenroom_app::run_app(builder).run(|_, _| {});
}
