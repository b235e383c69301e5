//! The one error type of the core. It crosses IPC as `{kind, message, detail}`: the UI branches on
//! `kind`, shows `message` (plain words for someone who has never seen an API), and keeps `detail`
//! (the technical cause, token removed) behind a "Details" toggle.

use apify_client::ApifyClientError;
use serde::Serialize;
use ts_rs::TS;

use crate::secret::ApiToken;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    KeychainUnavailable { message: String, detail: String },
    #[error("{message}")]
    KeychainLocked { message: String, detail: String },
    #[error("The keychain refused the request. Try again; if it keeps failing, restart your keychain (or sign out and in again).")]
    Keychain { detail: String },
    #[error("Greenroom needs your Apify API token for this. Add it in Settings.")]
    MissingToken { detail: String },
    #[error("Apify did not accept this token. It may be mistyped or revoked: copy it again from Apify Console, Settings → API & Integrations.")]
    InvalidToken { detail: String },
    #[error("This token is not allowed to do that. Apify says: {api_message}")]
    InsufficientPermissions { api_message: String, detail: String },
    #[error(
        "Apify could not find that. It may have been deleted, or it belongs to another account."
    )]
    NotFound { detail: String },
    #[error("Apify is busy and asked Greenroom to slow down. Greenroom tried several times; please try again in a minute.")]
    RateLimited { detail: String },
    #[error("Apify had a problem on its side. Greenroom tried several times; please try again in a few minutes.")]
    Server { detail: String },
    #[error("Greenroom cannot reach Apify. Check your internet connection, then try again.")]
    Offline { detail: String },
    #[error("Apify took too long to answer. Check your connection, then try again.")]
    Timeout { detail: String },
    #[error("Apify refused the input: {api_message}")]
    InvalidInput { api_message: String, detail: String },
    #[error("There is not enough free space on the disk to save this file. Free some space or choose another place; nothing was saved.")]
    DiskFull { detail: String },
    #[error("Greenroom is not allowed to write there. Choose another folder; nothing was saved.")]
    DiskPermission { detail: String },
    #[error("The file could not be saved: {detail}")]
    Disk { detail: String },
    #[error("Cancelled.")]
    Cancelled,
}

/// What went wrong, as the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    KeychainUnavailable,
    KeychainLocked,
    Keychain,
    MissingToken,
    InvalidToken,
    InsufficientPermissions,
    NotFound,
    RateLimited,
    Server,
    Offline,
    Timeout,
    InvalidInput,
    DiskFull,
    DiskPermission,
    Disk,
    Cancelled,
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
            Error::MissingToken { .. } => ErrorKind::MissingToken,
            Error::InvalidToken { .. } => ErrorKind::InvalidToken,
            Error::InsufficientPermissions { .. } => ErrorKind::InsufficientPermissions,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Server { .. } => ErrorKind::Server,
            Error::Offline { .. } => ErrorKind::Offline,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::DiskFull { .. } => ErrorKind::DiskFull,
            Error::DiskPermission { .. } => ErrorKind::DiskPermission,
            Error::Disk { .. } => ErrorKind::Disk,
            Error::Cancelled => ErrorKind::Cancelled,
        }
    }

    /// The technical cause, for a "Details" toggle and bug reports; never shown as the headline.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::KeychainUnavailable { detail, .. }
            | Error::KeychainLocked { detail, .. }
            | Error::Keychain { detail }
            | Error::MissingToken { detail }
            | Error::InvalidToken { detail }
            | Error::InsufficientPermissions { detail, .. }
            | Error::NotFound { detail }
            | Error::RateLimited { detail }
            | Error::Server { detail }
            | Error::Offline { detail }
            | Error::Timeout { detail }
            | Error::InvalidInput { detail, .. }
            | Error::DiskFull { detail }
            | Error::DiskPermission { detail }
            | Error::Disk { detail } => Some(detail),
            Error::Cancelled => None,
        }
    }

    pub fn to_ipc(&self) -> IpcError {
        IpcError {
            kind: self.kind(),
            message: self.to_string(),
            detail: self.detail().map(str::to_owned),
        }
    }

    /// Maps what the Apify client reports, after its own retries, to what the user can do about
    /// it. Every text that came from outside passes through `token.redact`.
    pub fn from_api(error: ApifyClientError, token: &ApiToken) -> Error {
        let detail = token.redact(&error.to_string());
        match &error {
            ApifyClientError::Api(api) => {
                let api_message = token.redact(&api.message);
                match (api.status_code, api.error_type.as_deref()) {
                    (401, Some("token-not-provided")) => Error::MissingToken { detail },
                    (401, _) => Error::InvalidToken { detail },
                    (403, _) => Error::InsufficientPermissions {
                        api_message,
                        detail,
                    },
                    (404, _) => Error::NotFound { detail },
                    (429, _) => Error::RateLimited { detail },
                    (400..=499, _) => Error::InvalidInput {
                        api_message,
                        detail,
                    },
                    _ => Error::Server { detail },
                }
            }
            ApifyClientError::Timeout => Error::Timeout { detail },
            ApifyClientError::Http(_) => Error::Offline { detail },
            ApifyClientError::InvalidArgument(message) => Error::InvalidInput {
                api_message: token.redact(message),
                detail,
            },
            ApifyClientError::Serde(_) | ApifyClientError::InvalidResponse(_) => {
                Error::Server { detail }
            }
        }
    }

    /// Maps a failure to write a file: full disk and missing permission are told apart.
    pub fn from_io(error: std::io::Error, path: &std::path::Path) -> Error {
        let detail = format!("{}: {error}", path.display());
        match error.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                Error::DiskFull { detail }
            }
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Error::DiskPermission { detail }
            }
            _ => Error::Disk { detail },
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

    #[test]
    fn io_errors_tell_a_full_disk_from_a_forbidden_folder() {
        let path = std::path::Path::new("/x/out.csv");
        let full = Error::from_io(std::io::Error::from(std::io::ErrorKind::StorageFull), path);
        assert_eq!(full.kind(), ErrorKind::DiskFull);
        let denied = Error::from_io(
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            path,
        );
        assert_eq!(denied.kind(), ErrorKind::DiskPermission);
        assert!(denied.detail().unwrap().contains("/x/out.csv"));
    }
}
