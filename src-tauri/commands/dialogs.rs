//! The native save, open and folder dialogs, opened by Rust: the page asks for one and gets back
//! a number for what the user chose (and its name to show), never a path it could name itself.
//! The commands that write or read files take those numbers.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use greenroom_core::files::chosen::{Chosen, Purpose};
use greenroom_core::{Error, ErrorKind};
use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};
use ts_rs::TS;

use super::state;

/// The kind of file a save dialog offers, such as `{ name: "CSV", extension: "csv" }`.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SaveFilter {
    pub name: String,
    pub extension: String,
}

/// Answers given instead of showing a dialog, oldest first. Only the IPC tests queue them (the
/// page has no command for it), since a test runtime has no window to show a dialog in.
#[derive(Default)]
pub struct ScriptedDialogs(Mutex<VecDeque<Option<PathBuf>>>);

impl ScriptedDialogs {
    pub fn answer(&self, path: Option<PathBuf>) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(path);
    }

    fn next(&self) -> Option<Option<PathBuf>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
    }
}

/// Hears the user's answer to a dialog.
type Answer = Box<dyn FnOnce(Option<FilePath>) + Send>;

/// Shows `dialog` as `show` does, and waits for the user's answer.
async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    dialog: FileDialogBuilder<R>,
    show: fn(FileDialogBuilder<R>, Answer),
) -> Result<Option<PathBuf>, Error> {
    if let Some(answer) = app.state::<ScriptedDialogs>().next() {
        return Ok(answer);
    }
    let dialog = match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    };
    let (answer, answered) = tokio::sync::oneshot::channel();
    show(
        dialog,
        Box::new(move |chosen| {
            let _ = answer.send(chosen);
        }),
    );
    let chosen = answered
        .await
        .map_err(|_| Error::internal("the dialog closed without an answer"))?;
    chosen
        .map(|path| {
            path.into_path()
                .map_err(|e| Error::new(ErrorKind::Internal, format!("not a local path: {e}")))
        })
        .transpose()
}

fn held<R: Runtime>(app: &AppHandle<R>, purpose: Purpose, path: Option<PathBuf>) -> Option<Chosen> {
    path.map(|path| state(app).choices.hold(purpose, path))
}

/// The save dialog, with `suggested_name` and, for an export, its format's filter; it asks
/// before replacing a file. Null when the user cancelled.
pub async fn choose_save_file<R: Runtime>(
    app: &AppHandle<R>,
    suggested_name: String,
    filter: Option<SaveFilter>,
) -> Result<Option<Chosen>, Error> {
    let mut dialog = app.dialog().file().set_file_name(suggested_name);
    if let Some(filter) = &filter {
        dialog = dialog.add_filter(&filter.name, &[filter.extension.as_str()]);
    }
    let path = ask(app, dialog, |dialog, done| dialog.save_file(done)).await?;
    Ok(held(app, Purpose::Save, path))
}

/// The save dialog for a record: its name is the key's, with the extension of the record's
/// content type (a key such as `report.pdf.exe` is a stranger's choice). Null when cancelled.
pub async fn choose_record_file<R: Runtime>(
    app: &AppHandle<R>,
    key: String,
    content_type: String,
) -> Result<Option<Chosen>, Error> {
    let name = greenroom_core::files::kinds::record_file_name(&key, &content_type);
    let dialog = app.dialog().file().set_file_name(name);
    let path = ask(app, dialog, |dialog, done| dialog.save_file(done)).await?;
    Ok(held(app, Purpose::Save, path))
}

/// The open dialog for one file. Null when the user cancelled.
pub async fn choose_open_file<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Chosen>, Error> {
    let path = ask(app, app.dialog().file(), |dialog, done| {
        dialog.pick_file(done)
    })
    .await?;
    Ok(held(app, Purpose::Open, path))
}

/// The folder dialog. Null when the user cancelled.
pub async fn choose_folder<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Chosen>, Error> {
    let path = ask(app, app.dialog().file(), |dialog, done| {
        dialog.pick_folder(done)
    })
    .await?;
    Ok(held(app, Purpose::Folder, path))
}
