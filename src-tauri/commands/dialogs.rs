//! The native save, open and folder dialogs, opened by Rust: the page asks for one and gets back
//! a number for what the user chose (and its name to show), never a path it could name itself.
//! The commands that write or read files take those numbers.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use greenroom_core::files::chosen::{Chosen, Purpose};
use greenroom_core::files::start_folder;
use greenroom_core::{preferences, Error, ErrorKind};
use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};
use tauri_plugin_store::StoreExt;
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

/// `dialog` opening in the folder last used for files named like `file_name`, else Downloads.
fn in_start_folder<R: Runtime>(
    app: &AppHandle<R>,
    dialog: FileDialogBuilder<R>,
    file_name: &str,
) -> FileDialogBuilder<R> {
    let kind = start_folder::kind_of(file_name);
    let downloads = app.path().download_dir().ok();
    match start_folder::start_folder(&remembered_folders(app), &kind, downloads) {
        Some(folder) => dialog.set_directory(folder),
        None => dialog,
    }
}

fn remembered_folders<R: Runtime>(app: &AppHandle<R>) -> serde_json::Value {
    app.store(preferences::FILE)
        .ok()
        .and_then(|store| store.get(preferences::SAVE_FOLDERS))
        .unwrap_or_default()
}

/// Keeps the folder of a file the user chose to save to, for the next dialog of its kind. A
/// store that cannot be written costs only that convenience: the file itself is unaffected.
fn remember_folder<R: Runtime>(app: &AppHandle<R>, path: Option<&PathBuf>) {
    let Some(path) = path else { return };
    let Some(name) = path.file_name() else { return };
    let kind = start_folder::kind_of(&name.to_string_lossy());
    let folders = start_folder::remember(&remembered_folders(app), &kind, path);
    match app.store(preferences::FILE) {
        Ok(store) => {
            store.set(preferences::SAVE_FOLDERS, folders);
            if let Err(e) = store.save() {
                tracing::warn!("the save folder was not remembered: {e}");
            }
        }
        Err(e) => tracing::warn!("the save folder was not remembered: {e}"),
    }
}

/// The save dialog in its start folder; remembers the folder the user chose.
async fn ask_save<R: Runtime>(
    app: &AppHandle<R>,
    dialog: FileDialogBuilder<R>,
    file_name: &str,
) -> Result<Option<Chosen>, Error> {
    let dialog = in_start_folder(app, dialog, file_name);
    let path = ask(app, dialog, |dialog, done| dialog.save_file(done)).await?;
    remember_folder(app, path.as_ref());
    Ok(held(app, Purpose::Save, path))
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
    let mut dialog = app.dialog().file().set_file_name(&suggested_name);
    if let Some(filter) = &filter {
        dialog = dialog.add_filter(&filter.name, &[filter.extension.as_str()]);
    }
    ask_save(app, dialog, &suggested_name).await
}

/// The save dialog for a record: its name is the key's, with the extension of the record's
/// content type (a key such as `report.pdf.exe` is a stranger's choice). Null when cancelled.
pub async fn choose_record_file<R: Runtime>(
    app: &AppHandle<R>,
    key: String,
    content_type: String,
) -> Result<Option<Chosen>, Error> {
    let name = greenroom_core::files::kinds::record_file_name(&key, &content_type);
    let dialog = app.dialog().file().set_file_name(&name);
    ask_save(app, dialog, &name).await
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
