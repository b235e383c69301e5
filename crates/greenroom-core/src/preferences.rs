//! What the page keeps between starts: drafts of Actor input, the text size, and the columns of
//! each table. They live in one store file that Rust owns (`tauri-plugin-store`'s), not in the
//! webview's private storage, so Rust can read and clear it ("Reset preferences", sign-out). The
//! page reads and writes it only through these rules: known keys, bounded values.

use serde_json::Value;

use crate::Error;

/// The store's file, in the app's data folder.
pub const FILE: &str = "preferences.json";

/// The most one preference may hold as JSON: drafts of large inputs fit, a runaway page does
/// not fill the disk.
pub const MAX_VALUE_BYTES: usize = 1_000_000;

/// What the last input of each Actor was, by Actor id.
pub const DRAFTS: &str = "drafts";
/// The user's own text zoom, on top of the system's text scaling.
pub const TEXT_ZOOM: &str = "textZoom";
/// `columns.<dataset id>.<view or "all">`: the order and hidden columns of a table.
pub const COLUMNS_PREFIX: &str = "columns.";
/// The folder each kind of file was last saved to (`files::start_folder`). Rust writes it from
/// what the user chose in a save dialog; the page may not set it, so it never names a folder.
pub const SAVE_FOLDERS: &str = "saveFolders";

/// Forgotten when a profile signs out: drafts hold what was typed for an account.
pub const CLEARED_AT_SIGN_OUT: &[&str] = &[DRAFTS];

/// Refuses a key Greenroom does not keep and a value over [`MAX_VALUE_BYTES`].
pub fn check(key: &str, value: &Value) -> Result<(), Error> {
    let known = key == DRAFTS
        || key == TEXT_ZOOM
        || key
            .strip_prefix(COLUMNS_PREFIX)
            .is_some_and(|rest| !rest.is_empty() && rest.len() <= 300);
    if !known {
        return Err(Error::validation(
            "Greenroom does not keep that preference.",
            format!("unknown preference key {key:?}"),
        ));
    }
    let size = value.to_string().len();
    if size > MAX_VALUE_BYTES {
        return Err(Error::with_reason(
            crate::ErrorKind::TooLarge,
            "A preference holds at most 1 MB; this one was not kept.",
            format!("{key}: {size} bytes"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    #[test]
    fn only_known_keys_and_bounded_values_are_kept() {
        check(DRAFTS, &json!({ "actor": { "itemCount": 4 } })).unwrap();
        check(TEXT_ZOOM, &json!(1.25)).unwrap();
        check(
            "columns.abc.overview",
            &json!({ "order": [], "hidden": [] }),
        )
        .unwrap();
        for key in [
            "",
            "columns.",
            "token",
            "../profiles.json",
            "draftsX",
            SAVE_FOLDERS,
        ] {
            assert_eq!(
                check(key, &json!(1)).unwrap_err().kind(),
                ErrorKind::Validation,
                "{key}"
            );
        }
        let big = json!("x".repeat(MAX_VALUE_BYTES));
        assert_eq!(check(DRAFTS, &big).unwrap_err().kind(), ErrorKind::TooLarge);
    }
}
