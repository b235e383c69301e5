//! Where a save dialog opens: in the folder the user last saved that kind of file to (a CSV
//! where CSVs went, a log where logs went), else in Downloads. Without a folder the dialog
//! would open in the app's working folder, which means nothing to a person.
//!
//! The folders live in the preferences store under [`crate::preferences::SAVE_FOLDERS`], as
//! `{ "csv": "/home/me/Reports" }`; only Rust writes them, from what the user chose.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The kind of a file, as its folder is remembered: its extension in lower case, or `file`.
pub fn kind_of(file_name: &str) -> String {
    Path::new(file_name)
        .extension()
        .map(|ext| ext.to_string_lossy().to_lowercase())
        .filter(|ext| !ext.is_empty() && ext.len() <= 16)
        .unwrap_or_else(|| "file".to_owned())
}

/// The folder a save dialog for `kind` opens in: the one last used for it while it still
/// exists, else `downloads` if it exists; `None` leaves the dialog's own choice.
pub fn start_folder(remembered: &Value, kind: &str, downloads: Option<PathBuf>) -> Option<PathBuf> {
    let last = remembered
        .get(kind)
        .and_then(Value::as_str)
        .map(PathBuf::from);
    last.into_iter()
        .chain(downloads)
        .find(|folder| folder.is_absolute() && folder.is_dir())
}

/// `remembered` with `saved`'s folder as the one for `kind`.
pub fn remember(remembered: &Value, kind: &str, saved: &Path) -> Value {
    let mut folders = remembered.as_object().cloned().unwrap_or_else(Map::new);
    if let Some(folder) = saved.parent().filter(|folder| folder.is_absolute()) {
        folders.insert(kind.to_owned(), Value::String(folder.display().to_string()));
    }
    Value::Object(folders)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_kind_is_its_extension_in_lower_case() {
        assert_eq!(kind_of("items.CSV"), "csv");
        assert_eq!(kind_of("slow-logger-abc.log"), "log");
        assert_eq!(kind_of("README"), "file");
        assert_eq!(kind_of(".xlsx"), "file");
    }

    #[test]
    fn the_dialog_opens_where_that_kind_went_last_else_in_downloads() {
        let reports = tempfile::tempdir().unwrap();
        let downloads = tempfile::tempdir().unwrap();
        let saved = reports.path().join("items.csv");
        let remembered = remember(&json!({}), "csv", &saved);
        assert_eq!(
            start_folder(&remembered, "csv", Some(downloads.path().into())),
            Some(reports.path().to_path_buf())
        );
        // Another kind was never saved: Downloads.
        assert_eq!(
            start_folder(&remembered, "log", Some(downloads.path().into())),
            Some(downloads.path().to_path_buf())
        );
        // Remembering one kind keeps the others.
        let both = remember(&remembered, "log", &downloads.path().join("a.log"));
        assert_eq!(both["csv"], remembered["csv"]);
    }

    #[test]
    fn a_folder_that_is_gone_gives_way_to_downloads_and_then_to_the_dialog() {
        let downloads = tempfile::tempdir().unwrap();
        let gone = tempfile::tempdir().unwrap();
        let remembered = remember(&json!({}), "csv", &gone.path().join("items.csv"));
        let gone_path = gone.path().to_path_buf();
        drop(gone);
        assert!(!gone_path.exists());
        assert_eq!(
            start_folder(&remembered, "csv", Some(downloads.path().into())),
            Some(downloads.path().to_path_buf())
        );
        assert_eq!(start_folder(&remembered, "csv", None), None);
        // A stored value that is no folder at all is ignored, not trusted.
        assert_eq!(
            start_folder(&json!({ "csv": "relative/dir" }), "csv", None),
            None
        );
        assert_eq!(start_folder(&json!("junk"), "csv", None), None);
    }
}
