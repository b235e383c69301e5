//! The Tauri app: command adapters grouped by domain, the state they share, and the wiring.
//! What the commands do lives in `greenroom-core`; the commands themselves are declared once,
//! in `command_list.rs`.

#[macro_use]
mod command_list;
mod commands;
mod ipc;
mod logging;
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
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .setup(|app| {
            let package = app.package_info();
            tracing::info!(version = %package.version, "{} started", package.name);
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                window.state::<AppState>().drops.dropped(paths);
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
    app.manage(AppState::new(&data));
    notify_run_ends(app.handle());
    app
}

/// A desktop notification when a watched run ends while the window is in the background.
/// Without a notification service (a bare X session) it is logged and nothing else happens.
fn notify_run_ends<R: Runtime>(app: &tauri::AppHandle<R>) {
    use greenroom_core::jobs::{JobOutcome, JobState};
    let handle = app.clone();
    app.state::<AppState>().jobs.subscribe(move |job| {
        let JobState::Succeeded {
            outcome: JobOutcome::Run { run },
        } = &job.state
        else {
            return true;
        };
        let Some((title, body)) = greenroom_core::run_notice::for_run_end(run) else {
            return true;
        };
        let handle = handle.clone();
        // Off the jobs' lock: asking the window and the notification service may wait.
        tauri::async_runtime::spawn(async move {
            let focused = handle
                .get_webview_window("main")
                .and_then(|window| window.is_focused().ok())
                .unwrap_or(false);
            if focused {
                return;
            }
            use tauri_plugin_notification::NotificationExt;
            if let Err(error) = handle
                .notification()
                .builder()
                .title(title)
                .body(body)
                .show()
            {
                tracing::warn!("no desktop notification: {error}");
            }
        });
        true
    });
}

pub use logging::init_logging;
