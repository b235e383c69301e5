//! Saving a record edited in the app, and creating a new one. JSON is checked before anything
//! is sent. A save first checks that the record is still the one that was opened (the API has
//! no conditional write, so the app compares hashes just before writing); if it changed or
//! went, the user chooses to reload or to overwrite.

use serde::Serialize;
use ts_rs::TS;

use crate::kv::check_key;
use crate::kv::view::{read_start, shape_of, version_of, RecordShape, EDIT_LIMIT_BYTES};
use crate::ErrorKind;
use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedRecord {
    pub key: String,
    pub size: u64,
    /// The saved bytes' version, for the next save's check.
    pub version: String,
}

/// What the user typed, as bytes to store; JSON must parse, and a problem names its line and
/// column.
pub fn checked_body(text: &str, content_type: &str) -> Result<Vec<u8>, Error> {
    if text.len() as u64 > EDIT_LIMIT_BYTES {
        return Err(Error::with_reason(
            ErrorKind::TooLarge,
            format!(
                "Records up to {} MB can be edited here; this text has {} bytes.",
                EDIT_LIMIT_BYTES / 1_000_000,
                text.len()
            ),
            format!("{} bytes", text.len()),
        ));
    }
    if shape_of(content_type) == RecordShape::Json {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
            return Err(Error::validation(
                format!(
                    "The JSON is not valid at line {}, column {}: {}.",
                    error.line(),
                    // serde_json says column 0 for the end of the line before.
                    error.column().max(1),
                    plain_json_problem(&error)
                ),
                error.to_string(),
            ));
        }
    }
    Ok(text.as_bytes().to_vec())
}

/// serde_json's message without its own " at line L column C" ending.
fn plain_json_problem(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// Saves `text` over the record. With `expected_version`, refuses with `RecordChanged` when the
/// record on the server is no longer that version (or is gone).
pub async fn save(
    session: &Session,
    store_id: &str,
    key: &str,
    text: &str,
    content_type: &str,
    expected_version: Option<&str>,
) -> Result<SavedRecord, Error> {
    check_key(key)?;
    let body = checked_body(text, content_type)?;
    if let Some(expected) = expected_version {
        let now = match read_start(session, store_id, key, |_| EDIT_LIMIT_BYTES).await {
            Ok(start) if start.whole => Some(version_of(&start.bytes)),
            // Grown past what the editor opens: certainly not the version opened.
            Ok(_) => Some(String::new()),
            Err(error) if error.kind() == ErrorKind::NotFound => None,
            Err(error) => return Err(error),
        };
        match now {
            Some(now) if now == expected => {}
            Some(_) => return Err(Error::with_reason(
                ErrorKind::RecordChanged,
                "Someone else saved a new version. Reload it to see theirs, or save yours over it.",
                format!("record {key} no longer has version {expected}"),
            )),
            None => {
                return Err(Error::with_reason(
                    ErrorKind::RecordChanged,
                    "It was deleted. Save yours to put it back, or close it.",
                    format!("record {key} was deleted"),
                ))
            }
        }
    }
    put(session, store_id, key, body, content_type).await
}

/// Creates a record under a new key; an existing key is refused, never overwritten.
pub async fn create(
    session: &Session,
    store_id: &str,
    key: &str,
    text: &str,
    content_type: &str,
) -> Result<SavedRecord, Error> {
    check_key(key)?;
    let body = checked_body(text, content_type)?;
    let exists = session
        .client()
        .key_value_store(store_id)
        .record_exists(key)
        .await
        .map_err(|e| session.error(e))?;
    if exists {
        return Err(Error::validation(
            format!("A record with the key \"{key}\" exists already. Choose another key, or open that record to change it."),
            format!("record {key} exists"),
        ));
    }
    put(session, store_id, key, body, content_type).await
}

async fn put(
    session: &Session,
    store_id: &str,
    key: &str,
    body: Vec<u8>,
    content_type: &str,
) -> Result<SavedRecord, Error> {
    let saved = SavedRecord {
        key: key.to_owned(),
        size: body.len() as u64,
        version: version_of(&body),
    };
    session
        .client()
        .key_value_store(store_id)
        .set_record_raw(key, body, content_type)
        .await
        .map_err(|e| session.error(e))?;
    tracing::info!(bytes = saved.size, "record saved in store {store_id}");
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_json_names_its_line_and_column() {
        let error = checked_body("{\n  \"a\": 1,\n  \"b\": ,\n}", "application/json").unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("line 3, column 8: expected value."),
            "{message}"
        );
        assert!(!message.contains("line 3 column"), "{message}");
        assert!(checked_body("not json, but text", "text/plain").is_ok());
        assert!(checked_body("[1, 2]", "application/json; charset=utf-8").is_ok());
    }

    #[test]
    fn text_over_the_edit_limit_is_refused_by_name() {
        let long = "x".repeat(EDIT_LIMIT_BYTES as usize + 1);
        let error = checked_body(&long, "text/plain").unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::TooLarge);
        assert!(error.to_string().contains("up to 1 MB"));
    }
}
