//! The one error type of the core. It crosses IPC as `{kind, message, detail}`: the UI branches on
//! `kind`, shows `message` (plain words for someone who has never seen an API), and keeps `detail`
//! (the technical cause, token removed) behind a "Details" toggle.
//!
//! Each kind has one fixed headline. A few kinds add a reason after it (the keychain's how-to
//! for this platform, Apify's own words, which field is wrong); the detail is never part of the
//! message.

use apify_client::ApifyClientError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug)]
pub enum Error {
    /// `reason`: what to install or do on this platform.
    KeychainUnavailable {
        reason: String,
        detail: String,
    },
    /// `reason`: how to unlock it on this platform.
    KeychainLocked {
        reason: String,
        detail: String,
    },
    Keychain {
        detail: String,
    },
    MissingToken {
        detail: String,
    },
    InvalidToken {
        detail: String,
    },
    InsufficientPermissions {
        api_message: String,
        detail: String,
    },
    NotFound {
        detail: String,
    },
    RateLimited {
        detail: String,
    },
    Server {
        detail: String,
    },
    Offline {
        detail: String,
    },
    Timeout {
        detail: String,
    },
    /// Apify refused what was sent; `api_message` is its own explanation.
    InvalidInput {
        api_message: String,
        detail: String,
    },
    /// Greenroom's own check refused it before anything was sent; `problem` says what to fix.
    Validation {
        problem: String,
        detail: String,
    },
    /// A token opened another account than the profile's; `reason` names both.
    WrongAccount {
        reason: String,
        detail: String,
    },
    /// The token would go to a server Greenroom does not send tokens to; `reason` says why.
    ServerNotAllowed {
        reason: String,
        detail: String,
    },
    /// A settings file exists but cannot be read; nothing was changed.
    StoreUnreadable {
        detail: String,
    },
    BrowserUnavailable {
        detail: String,
    },
    /// A table format (CSV, Excel, HTML) cannot hold these columns; `reason` says which limit.
    TableTooWide {
        reason: String,
        detail: String,
    },
    /// A record changed (or was deleted) since it was opened; `reason` says which.
    RecordChanged {
        reason: String,
        detail: String,
    },
    /// Something is over a size limit; `reason` names the limit and what to do instead.
    TooLarge {
        reason: String,
        detail: String,
    },
    /// Apify refused because the account reached a limit (memory, concurrent runs, usage).
    UsageLimit {
        api_message: String,
        detail: String,
    },
    /// A folder the user chose earlier is not there any more.
    FolderMissing {
        detail: String,
    },
    DiskFull {
        detail: String,
    },
    DiskPermission {
        detail: String,
    },
    Disk {
        detail: String,
    },
    /// A failure inside Greenroom itself (a worker that stopped, a broken invariant).
    Internal {
        detail: String,
    },
    Cancelled,
}

/// What went wrong, as the UI branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
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
    Validation,
    WrongAccount,
    ServerNotAllowed,
    StoreUnreadable,
    BrowserUnavailable,
    TableTooWide,
    RecordChanged,
    TooLarge,
    UsageLimit,
    FolderMissing,
    DiskFull,
    DiskPermission,
    Disk,
    Internal,
    Cancelled,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 27] = [
        ErrorKind::KeychainUnavailable,
        ErrorKind::KeychainLocked,
        ErrorKind::Keychain,
        ErrorKind::MissingToken,
        ErrorKind::InvalidToken,
        ErrorKind::InsufficientPermissions,
        ErrorKind::NotFound,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::Offline,
        ErrorKind::Timeout,
        ErrorKind::InvalidInput,
        ErrorKind::Validation,
        ErrorKind::WrongAccount,
        ErrorKind::ServerNotAllowed,
        ErrorKind::StoreUnreadable,
        ErrorKind::BrowserUnavailable,
        ErrorKind::TableTooWide,
        ErrorKind::RecordChanged,
        ErrorKind::TooLarge,
        ErrorKind::UsageLimit,
        ErrorKind::FolderMissing,
        ErrorKind::DiskFull,
        ErrorKind::DiskPermission,
        ErrorKind::Disk,
        ErrorKind::Internal,
        ErrorKind::Cancelled,
    ];

    /// Whether pressing Retry can help. Where the same request would only be refused again
    /// (the input, the account, the server rule), the page offers no Retry: the user changes
    /// something first. The page reads this list (generated into `rules.ts`).
    pub fn retryable(self) -> bool {
        match self {
            ErrorKind::InvalidInput
            | ErrorKind::Validation
            | ErrorKind::WrongAccount
            | ErrorKind::ServerNotAllowed
            | ErrorKind::InvalidToken
            | ErrorKind::InsufficientPermissions
            | ErrorKind::NotFound
            | ErrorKind::TableTooWide
            | ErrorKind::RecordChanged
            | ErrorKind::TooLarge
            | ErrorKind::UsageLimit
            | ErrorKind::Cancelled => false,
            ErrorKind::KeychainUnavailable
            | ErrorKind::KeychainLocked
            | ErrorKind::Keychain
            | ErrorKind::MissingToken
            | ErrorKind::RateLimited
            | ErrorKind::Server
            | ErrorKind::Offline
            | ErrorKind::Timeout
            | ErrorKind::StoreUnreadable
            | ErrorKind::BrowserUnavailable
            | ErrorKind::FolderMissing
            | ErrorKind::DiskFull
            | ErrorKind::DiskPermission
            | ErrorKind::Disk
            | ErrorKind::Internal => true,
        }
    }

    /// Whether the same request may go through if sent again at once, with no one changing
    /// anything: the connection broke or the server failed. Resumable transfers retry these
    /// by themselves; every transient kind is also [`ErrorKind::retryable`].
    pub fn transient(self) -> bool {
        matches!(
            self,
            ErrorKind::Offline | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::RateLimited
        )
    }

    /// The one plain sentence the user reads first for this kind.
    pub fn headline(self) -> &'static str {
        match self {
            ErrorKind::KeychainUnavailable => "Greenroom can't reach a keychain on this computer.",
            ErrorKind::KeychainLocked => "Your keychain is locked.",
            ErrorKind::Keychain => "The keychain refused the request. Try again; if it keeps failing, restart your keychain (or sign out and in again).",
            ErrorKind::MissingToken => "Greenroom needs your Apify API token for this. Add it in Settings.",
            ErrorKind::InvalidToken => "Apify did not accept this token. It may be mistyped or revoked: copy it again from Apify Console, Settings → API & Integrations.",
            ErrorKind::InsufficientPermissions => "This token is not allowed to do that.",
            ErrorKind::NotFound => "Apify could not find that. It may have been deleted, or it belongs to another account.",
            ErrorKind::RateLimited => "Apify is busy and asked Greenroom to slow down. Greenroom tried several times; please try again in a minute.",
            ErrorKind::Server => "Apify had a problem on its side. Greenroom tried several times; please try again in a few minutes.",
            ErrorKind::Offline => "Greenroom cannot reach Apify. Check your internet connection, then try again.",
            ErrorKind::Timeout => "Apify took too long to answer. Check your connection, then try again.",
            ErrorKind::InvalidInput => "Apify refused the input.",
            ErrorKind::Validation => "Please correct this first; nothing was sent.",
            ErrorKind::WrongAccount => "This token belongs to another Apify account.",
            ErrorKind::ServerNotAllowed => "Greenroom does not send your token to this server.",
            ErrorKind::StoreUnreadable => "Greenroom could not read its saved settings, so it changed nothing. Restore the file from a backup, or move it away to start afresh.",
            ErrorKind::BrowserUnavailable => "Greenroom could not open your web browser.",
            ErrorKind::TableTooWide => "This file format can't hold these columns; nothing was saved.",
            ErrorKind::RecordChanged => "This record changed since you opened it; your text is kept.",
            ErrorKind::TooLarge => "This is too large for that.",
            ErrorKind::UsageLimit => "Your Apify account reached one of its limits, so Apify did not start this. See Usage for what is used.",
            ErrorKind::FolderMissing => "That folder is gone: it was moved, deleted, or is on a drive that is not connected. Nothing was saved; Greenroom tries again when it is back.",
            ErrorKind::DiskFull => "There is not enough free space on the disk to save this file. Free some space or choose another place; nothing was saved.",
            ErrorKind::DiskPermission => "Greenroom is not allowed to write there. Choose another folder; nothing was saved.",
            ErrorKind::Disk => "The file could not be saved; nothing was changed. The details say why.",
            ErrorKind::Internal => "Something went wrong inside Greenroom. Please try again; if it keeps happening, restart the app.",
            ErrorKind::Cancelled => "Cancelled.",
        }
    }
}

/// The shape every command error has on the UI side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub detail: Option<String>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind().headline())?;
        match self.reason() {
            Some(reason) => write!(f, " {reason}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

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
            Error::Validation { .. } => ErrorKind::Validation,
            Error::WrongAccount { .. } => ErrorKind::WrongAccount,
            Error::ServerNotAllowed { .. } => ErrorKind::ServerNotAllowed,
            Error::StoreUnreadable { .. } => ErrorKind::StoreUnreadable,
            Error::BrowserUnavailable { .. } => ErrorKind::BrowserUnavailable,
            Error::TableTooWide { .. } => ErrorKind::TableTooWide,
            Error::RecordChanged { .. } => ErrorKind::RecordChanged,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::UsageLimit { .. } => ErrorKind::UsageLimit,
            Error::FolderMissing { .. } => ErrorKind::FolderMissing,
            Error::DiskFull { .. } => ErrorKind::DiskFull,
            Error::DiskPermission { .. } => ErrorKind::DiskPermission,
            Error::Disk { .. } => ErrorKind::Disk,
            Error::Internal { .. } => ErrorKind::Internal,
            Error::Cancelled => ErrorKind::Cancelled,
        }
    }

    /// What this case adds after the kind's headline, in plain words.
    fn reason(&self) -> Option<String> {
        match self {
            Error::KeychainUnavailable { reason, .. }
            | Error::KeychainLocked { reason, .. }
            | Error::WrongAccount { reason, .. }
            | Error::ServerNotAllowed { reason, .. }
            | Error::TableTooWide { reason, .. }
            | Error::RecordChanged { reason, .. }
            | Error::TooLarge { reason, .. } => Some(reason.clone()),
            Error::InsufficientPermissions { api_message, .. }
            | Error::UsageLimit { api_message, .. }
            | Error::InvalidInput { api_message, .. } => Some(format!("Apify says: {api_message}")),
            Error::Validation { problem, .. } => Some(problem.clone()),
            _ => None,
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
            | Error::Validation { detail, .. }
            | Error::WrongAccount { detail, .. }
            | Error::ServerNotAllowed { detail, .. }
            | Error::StoreUnreadable { detail }
            | Error::BrowserUnavailable { detail }
            | Error::TableTooWide { detail, .. }
            | Error::RecordChanged { detail, .. }
            | Error::TooLarge { detail, .. }
            | Error::UsageLimit { detail, .. }
            | Error::FolderMissing { detail }
            | Error::DiskFull { detail }
            | Error::DiskPermission { detail }
            | Error::Disk { detail }
            | Error::Internal { detail } => Some(detail),
            Error::Cancelled => None,
        }
    }

    /// A local check that failed: `problem` tells the user what to fix.
    pub fn validation(problem: impl Into<String>, detail: impl Into<String>) -> Error {
        Error::Validation {
            problem: problem.into(),
            detail: detail.into(),
        }
    }

    pub fn internal(detail: impl Into<String>) -> Error {
        Error::Internal {
            detail: detail.into(),
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
    /// it. Every text that came from outside passes through `redact`, which takes out the
    /// session's token.
    pub fn from_api(error: ApifyClientError, redact: impl Fn(&str) -> String) -> Error {
        let detail = redact(&error.to_string());
        match &error {
            ApifyClientError::Api(api) => {
                let api_message = redact(&api.message);
                match (api.status_code, api.error_type.as_deref()) {
                    (401, Some("token-not-provided")) => Error::MissingToken { detail },
                    (
                        _,
                        Some(
                            "actor-memory-limit-exceeded"
                            | "concurrent-runs-limit-exceeded"
                            | "limit-reached"
                            | "not-enough-usage-to-run-paid-actor",
                        ),
                    )
                    | (402, _) => Error::UsageLimit {
                        api_message,
                        detail,
                    },
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
            // The client refused an argument before sending it: Greenroom passed it on wrong.
            ApifyClientError::InvalidArgument(message) => Error::Internal {
                detail: format!("the Apify client refused an argument: {}", redact(message)),
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
            reason: "Unlock it.".into(),
            detail: "SS error: prompt dismissed".into(),
        };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "keychainLocked",
                "message": "Your keychain is locked. Unlock it.",
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

    /// Every kind, with the headline a user reads for it. A new kind fails here until it is
    /// listed with its words, and no two kinds may say the same thing.
    #[test]
    fn every_kind_has_its_own_plain_headline() {
        let table: &[(ErrorKind, &str)] = &[
            (
                ErrorKind::KeychainUnavailable,
                "Greenroom can't reach a keychain on this computer.",
            ),
            (ErrorKind::KeychainLocked, "Your keychain is locked."),
            (ErrorKind::Keychain, "The keychain refused the request."),
            (
                ErrorKind::MissingToken,
                "Greenroom needs your Apify API token for this.",
            ),
            (ErrorKind::InvalidToken, "Apify did not accept this token."),
            (
                ErrorKind::InsufficientPermissions,
                "This token is not allowed to do that.",
            ),
            (ErrorKind::NotFound, "Apify could not find that."),
            (
                ErrorKind::RateLimited,
                "Apify is busy and asked Greenroom to slow down.",
            ),
            (ErrorKind::Server, "Apify had a problem on its side."),
            (ErrorKind::Offline, "Greenroom cannot reach Apify."),
            (ErrorKind::Timeout, "Apify took too long to answer."),
            (ErrorKind::InvalidInput, "Apify refused the input."),
            (
                ErrorKind::Validation,
                "Please correct this first; nothing was sent.",
            ),
            (
                ErrorKind::WrongAccount,
                "This token belongs to another Apify account.",
            ),
            (
                ErrorKind::ServerNotAllowed,
                "Greenroom does not send your token to this server.",
            ),
            (
                ErrorKind::StoreUnreadable,
                "Greenroom could not read its saved settings",
            ),
            (
                ErrorKind::BrowserUnavailable,
                "Greenroom could not open your web browser.",
            ),
            (
                ErrorKind::TableTooWide,
                "This file format can't hold these columns",
            ),
            (
                ErrorKind::RecordChanged,
                "This record changed since you opened it",
            ),
            (ErrorKind::TooLarge, "This is too large for that."),
            (
                ErrorKind::UsageLimit,
                "Your Apify account reached one of its limits",
            ),
            (ErrorKind::FolderMissing, "That folder is gone"),
            (
                ErrorKind::DiskFull,
                "There is not enough free space on the disk",
            ),
            (
                ErrorKind::DiskPermission,
                "Greenroom is not allowed to write there.",
            ),
            (
                ErrorKind::Disk,
                "The file could not be saved; nothing was changed.",
            ),
            (
                ErrorKind::Internal,
                "Something went wrong inside Greenroom.",
            ),
            (ErrorKind::Cancelled, "Cancelled."),
        ];
        assert_eq!(table.len(), ErrorKind::ALL.len());
        for (kind, expected) in table {
            assert!(
                ErrorKind::ALL.contains(kind),
                "{kind:?} is missing from ALL"
            );
            assert!(
                kind.headline().starts_with(expected),
                "{kind:?}: {}",
                kind.headline()
            );
        }
        let mut headlines: Vec<_> = ErrorKind::ALL.iter().map(|k| k.headline()).collect();
        headlines.sort();
        headlines.dedup();
        assert_eq!(
            headlines.len(),
            ErrorKind::ALL.len(),
            "two kinds share a headline"
        );
        for kind in ErrorKind::ALL {
            assert!(!kind.transient() || kind.retryable(), "{kind:?}");
        }
        // The serialized names are what the UI branches on.
        for kind in ErrorKind::ALL {
            let name = serde_json::to_value(kind).unwrap();
            assert!(name
                .as_str()
                .unwrap()
                .chars()
                .next()
                .unwrap()
                .is_lowercase());
        }
    }

    #[test]
    fn the_message_is_the_headline_and_a_reason_never_the_detail() {
        let disk = Error::Disk {
            detail: "/home/ann/out.csv: Input/output error (os error 5)".into(),
        };
        assert_eq!(disk.to_string(), ErrorKind::Disk.headline());
        let refused = Error::InvalidInput {
            api_message: "Field url is required.".into(),
            detail: "POST /v2/acts/x/runs: 400".into(),
        };
        assert_eq!(
            refused.to_ipc().message,
            "Apify refused the input. Apify says: Field url is required."
        );
        let check = Error::validation("A profile needs a name.", "empty profile name");
        assert_eq!(check.kind(), ErrorKind::Validation);
        assert!(!check.to_string().contains("empty profile name"));
    }
}
