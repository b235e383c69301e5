// Without this, a release build on Windows also opens a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Kept to the end: dropping it writes out the lines still queued.
    let _log = greenroom_app::init_logging();
    greenroom_app::run_app(tauri::Builder::default()).run(|_, _| {});
}
