//! The command adapters, one module per domain. Each unpacks what the UI sent, calls the core
//! and returns its answer; the rules live in `greenroom-core`. Their names, arguments and
//! results are declared in `command_list.rs`.

pub mod actors;
pub mod app;
pub mod datasets;
pub mod exports;
pub mod jobs;
pub mod keychain;
pub mod kv;
pub mod profiles;
pub mod runs;

use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;

pub(crate) fn state<R: Runtime>(app: &AppHandle<R>) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}
