//! Files and folders the user chose in a native dialog (or dropped on the window), held by Rust
//! and known to the page only by an opaque number. The page never names a path: a command that
//! writes or reads a file takes such a number, and a number the user never chose, or chose for
//! something else (a file to save is not one to read), is refused.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;
use ts_rs::TS;

use crate::{lock, Error};

/// What the user chose a path for; a number chosen for one is refused for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A file to write (the save dialog).
    Save,
    /// A file to read (the open dialog, or a file dropped on the window).
    Open,
    /// A folder to write into (the folder dialog).
    Folder,
}

/// What the page learns of a choice: its number, and its name to show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Chosen {
    pub id: u32,
    /// The file's name, or the folder's whole path: the user chose it and reads it on screen.
    pub shown: String,
}

#[derive(Default)]
struct Inner {
    next: u32,
    held: HashMap<u32, (Purpose, PathBuf)>,
}

/// Every choice not used yet.
#[derive(Default)]
pub struct Choices {
    inner: Mutex<Inner>,
}

impl Choices {
    /// Keeps what the user chose, and answers its number and name.
    pub fn hold(&self, purpose: Purpose, path: PathBuf) -> Chosen {
        let shown = match purpose {
            Purpose::Folder => path.display().to_string(),
            Purpose::Save | Purpose::Open => path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        };
        let mut inner = lock(&self.inner);
        inner.next += 1;
        let id = inner.next;
        inner.held.insert(id, (purpose, path));
        Chosen { id, shown }
    }

    /// The path of choice `id`, for what it was chosen for. It stays held for the session: Retry
    /// writes to the same file, and an upload form reads a file before sending it.
    pub fn path(&self, id: u32, purpose: Purpose) -> Result<PathBuf, Error> {
        match lock(&self.inner).held.get(&id) {
            Some((held, path)) if *held == purpose => Ok(path.clone()),
            _ => Err(refused(id, purpose)),
        }
    }
}

fn refused(id: u32, purpose: Purpose) -> Error {
    let what = match purpose {
        Purpose::Save => "Choose where to save it.",
        Purpose::Open => "Choose a file.",
        Purpose::Folder => "Choose a folder.",
    };
    Error::validation(what, format!("no {purpose:?} choice with number {id}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_choice_works_only_for_what_it_was_chosen_for() {
        let choices = Choices::default();
        let file = choices.hold(Purpose::Save, PathBuf::from("/home/jane/out.csv"));
        assert_eq!(file.shown, "out.csv");
        let folder = choices.hold(Purpose::Folder, PathBuf::from("/home/jane/Reports"));
        assert_eq!(folder.shown, "/home/jane/Reports");
        assert_eq!(
            choices.path(file.id, Purpose::Open).unwrap_err().kind(),
            ErrorKind::Validation,
            "a file chosen to save to is not one to read"
        );
        assert_eq!(
            choices.path(file.id, Purpose::Save).unwrap(),
            PathBuf::from("/home/jane/out.csv")
        );
        assert_eq!(
            choices.path(999, Purpose::Folder).unwrap_err().kind(),
            ErrorKind::Validation,
            "a number nobody chose"
        );
        assert_eq!(
            choices.path(folder.id, Purpose::Folder).unwrap(),
            choices.path(folder.id, Purpose::Folder).unwrap()
        );
    }
}
