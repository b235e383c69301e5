//! The one error type of the core. It crosses IPC as `{kind, message, detail}`: the UI branches on
//! `kind`, shows `message` (plain words for someone who has never seen an API), and keeps `detail`
//! (the technical cause) behind a "Details" toggle.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    KeychainUnavailable { message: String, detail: String },
    #[error("{message}")]
    KeychainLocked { message: String, detail: String },
    #[error("The keychain refused the request. Try again; if it keeps failing, restart your keychain (or sign out and in again).")]
    Keychain { detail: String },
}

/// What went wrong, as the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    KeychainUnavailable,
    KeychainLocked,
    Keychain,
}

/// The shape every command error has on the UI side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub detail: Option<String>,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::KeychainUnavailable { .. } => ErrorKind::KeychainUnavailable,
            Error::KeychainLocked { .. } => ErrorKind::KeychainLocked,
            Error::Keychain { .. } => ErrorKind::Keychain,
        }
    }

    /// The technical cause, for a "Details" toggle and bug reports; never shown as the headline.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::KeychainUnavailable { detail, .. }
            | Error::KeychainLocked { detail, .. }
            | Error::Keychain { detail } => Some(detail),
        }
    }

    pub fn to_ipc(&self) -> IpcError {
        IpcError {
            kind: self.kind(),
            message: self.to_string(),
            detail: self.detail().map(str::to_owned),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_ipc().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_message_and_detail() {
        let error = Error::KeychainLocked {
            message: "Your keychain is locked.".into(),
            detail: "SS error: prompt dismissed".into(),
        };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "keychainLocked",
                "message": "Your keychain is locked.",
                "detail": "SS error: prompt dismissed",
            })
        );
    }
}
