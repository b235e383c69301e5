//! The command adapters, one module per domain. Each unpacks what the UI sent, calls the core
//! and returns its answer; the rules live in `greenroom-core`. Their names, arguments and
//! results are declared in `command_list.rs`.

pub mod actors;
pub mod app;
pub mod auto_export;
pub mod compare;
pub mod datasets;
pub mod dialogs;
pub mod exports;
pub mod jobs;
pub mod keychain;
pub mod kv;
pub mod preferences;
pub mod profiles;
pub mod queues;
pub mod runs;
pub mod schedules;
pub mod usage;

use tauri::{AppHandle, Manager, Runtime};

use greenroom_core::Greenroom;

/// The app's one context: commands call into it and hold no rules of their own.
pub(crate) fn state<R: Runtime>(app: &AppHandle<R>) -> tauri::State<'_, Greenroom> {
    app.state::<Greenroom>()
}
