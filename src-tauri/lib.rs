//! The Tauri app: command adapters grouped by domain, the state they share, and the wiring.
//! What the commands do lives in `greenroom-core`; the commands themselves are declared once,
//! in `command_list.rs`.

#[macro_use]
mod command_list;
mod commands;
mod ipc;
mod logging;

#[cfg(test)]
mod bindings;

use greenroom_core::Greenroom;
use tauri::{App, Builder, Manager, Runtime};

pub use commands::app::AppInfo;
pub use commands::dialogs::ScriptedDialogs;

/// Builds the app on any runtime, so tests can drive the real commands through
/// `tauri::test::mock_builder()` without a window.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> App<R> {
    let app = builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let package = app.package_info();
            tracing::info!(version = %package.version, "{} started", package.name);
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                window.state::<Greenroom>().drop_files(paths);
            }
        })
        .invoke_handler(ipc::handler())
        .build(tauri::generate_context!())
        .expect("the app's configuration is built in, so building it cannot fail at run time");
    // Managed before the window loads, so no command can run without it.
    let data = app
        .path()
        .app_data_dir()
        .expect("the app needs a home folder to keep its data in");
    app.manage(Greenroom::open(&data));
    app.manage(commands::dialogs::ScriptedDialogs::default());
    notify_run_ends(app.handle());
    auto_export_sweeps(app.handle());
    app
}

/// How often the runs of Actors with auto-export on are listed: a request per rule, well inside
/// Apify's rate limits. `GREENROOM_AUTO_EXPORT_SECONDS` changes it (the e2e tests shorten it).
fn sweep_interval() -> std::time::Duration {
    let seconds = std::env::var("GREENROOM_AUTO_EXPORT_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(30)
        .max(1);
    std::time::Duration::from_secs(seconds)
}

/// Saves the results of ended runs of the active profile's auto-export rules, for as long as
/// the app runs, and tells where each file went.
fn auto_export_sweeps<R: Runtime>(app: &tauri::AppHandle<R>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let context = handle.state::<Greenroom>();
        context
            .sweep_auto_exports(sweep_interval(), |title, body| {
                notify(&handle, &title, &body)
            })
            .await;
    });
}

/// A desktop notification; without a notification service (a bare X session) it is logged.
fn notify<R: Runtime>(app: &tauri::AppHandle<R>, title: &str, body: &str) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!("no desktop notification: {error}");
    }
}

/// A desktop notification when a watched run ends while the window is in the background.
/// Without a notification service (a bare X session) it is logged and nothing else happens.
fn notify_run_ends<R: Runtime>(app: &tauri::AppHandle<R>) {
    use greenroom_core::runs::RunWatch;
    let handle = app.clone();
    app.state::<Greenroom>().jobs.subscribe(move |job| {
        let Some(outcome) = job.outcome::<RunWatch>() else {
            return true;
        };
        let Some((title, body)) =
            greenroom_core::runs::notice::for_run_end(outcome.run(), outcome.name())
        else {
            return true;
        };
        // Its results may be due in a folder now rather than at the next sweep.
        if let Ok(auto) = handle.state::<Greenroom>().auto_export() {
            auto.wake();
        }
        let handle = handle.clone();
        // Off the jobs' lock: asking the window and the notification service may wait.
        tauri::async_runtime::spawn(async move {
            let focused = handle
                .get_webview_window("main")
                .and_then(|window| window.is_focused().ok())
                .unwrap_or(false);
            if !focused {
                notify(&handle, &title, &body);
            }
        });
        true
    });
}

pub use logging::init_logging;
