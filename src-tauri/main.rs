// Without this, a release build on Windows also opens a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use tauri::{Manager, Runtime};

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

/// WebKitGTK's cache model for one local document: the app loads its page once and never
/// browses, so the memory caches sized for a browser are not needed (the footprint benchmark
/// measures the difference).
fn lean_webview<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("lean-webview")
        .on_webview_ready(|webview| {
            #[cfg(target_os = "linux")]
            if let Err(error) = webview.with_webview(|platform| {
                use webkit2gtk::{
                    CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
                };
                let view = platform.inner();
                if let Some(context) = view.context() {
                    context.set_cache_model(CacheModel::DocumentViewer);
                }
                if let Some(settings) = WebViewExt::settings(&view) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }) {
                tracing::warn!("the webview's cache model stays as it is: {error}");
            }
            #[cfg(not(target_os = "linux"))]
            let _ = webview;
        })
        .build()
}
