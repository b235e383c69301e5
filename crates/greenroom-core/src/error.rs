//! The one error type of the core. It crosses IPC as `{kind, message, detail}`: the UI branches on
//! `kind`, shows `message` (plain words for someone who has never seen an API), and keeps `detail`
//! (the technical cause, token removed) behind a "Details" toggle.
//!
//! Each kind has one headline; where the failed request shows what it was about, a refusal
//! and a miss name it instead ("This token may not run this Actor", see `requested`). A few
//! kinds add a reason after it (the keychain's how-to
//! for this platform, Apify's own words, which field is wrong); the detail is never part of the
//! message.

use apify_client::ApifyClientError;
use serde::Serialize;
use ts_rs::TS;

/// What went wrong: its kind (which fixes the headline), what this case adds in plain words
/// after the headline, and the technical cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    /// The kind's headline for this case, where it can name what it was about ("This token may
    /// not run this Actor."); else the kind's own.
    headline: Option<String>,
    /// Said after the headline: the keychain's how-to, Apify's own words, the field to fix.
    reason: Option<String>,
    /// The technical cause, token removed; never part of the message.
    detail: Option<String>,
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
    LocalNotFound,
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
    OpenFailed,
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
    pub const ALL: [ErrorKind; 29] = [
        ErrorKind::KeychainUnavailable,
        ErrorKind::KeychainLocked,
        ErrorKind::Keychain,
        ErrorKind::MissingToken,
        ErrorKind::InvalidToken,
        ErrorKind::InsufficientPermissions,
        ErrorKind::NotFound,
        ErrorKind::LocalNotFound,
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
        ErrorKind::OpenFailed,
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
            | ErrorKind::LocalNotFound
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
            | ErrorKind::OpenFailed
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
            ErrorKind::InsufficientPermissions => "This token may not do this in your Apify account.",
            ErrorKind::NotFound => "Apify could not find what Greenroom asked for. It may have been deleted, or it belongs to another account.",
            ErrorKind::LocalNotFound => "Greenroom no longer has this. It may have finished and been cleared, or been removed in another window.",
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
            ErrorKind::OpenFailed => "Your computer could not open this.",
            ErrorKind::TableTooWide => "This file format can't hold these columns; nothing was saved.",
            ErrorKind::RecordChanged => "This record changed since you opened it; your text is kept.",
            ErrorKind::TooLarge => "This is larger than Greenroom takes here.",
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(default)]
    pub detail: Option<String>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.headline.as_deref().unwrap_or(self.kind.headline()))?;
        match &self.reason {
            Some(reason) => write!(f, " {reason}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A failure of `kind` whose headline says it all; `detail` is the technical cause.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Error {
        Error {
            kind,
            headline: None,
            reason: None,
            detail: Some(detail.into()),
        }
    }

    /// This failure with `headline` instead of its kind's, where one names what it was about.
    fn about(mut self, headline: Option<String>) -> Error {
        self.headline = headline.or(self.headline);
        self
    }

    /// A failure of `kind` with `reason` said after its headline.
    pub fn with_reason(
        kind: ErrorKind,
        reason: impl Into<String>,
        detail: impl Into<String>,
    ) -> Error {
        Error {
            kind,
            headline: None,
            reason: Some(reason.into()),
            detail: Some(detail.into()),
        }
    }

    /// Apify refused, and `api_message` is its own explanation.
    pub fn apify_says(
        kind: ErrorKind,
        api_message: impl std::fmt::Display,
        detail: impl Into<String>,
    ) -> Error {
        Error::with_reason(kind, format!("Apify says: {api_message}"), detail)
    }

    /// A local check that failed: `problem` tells the user what to fix; nothing was sent.
    pub fn validation(problem: impl Into<String>, detail: impl Into<String>) -> Error {
        Error::with_reason(ErrorKind::Validation, problem, detail)
    }

    /// Apify has nothing at `api_path` (`/v2/datasets/{id}`): the headline names what is
    /// missing, and for a storage that it may have expired.
    pub fn not_found(api_path: &str) -> Error {
        Error::new(ErrorKind::NotFound, api_path).about(crate::requested::missing(api_path))
    }

    /// A file of Greenroom's own settings that cannot be read: the message names it, so the
    /// person finds it with "Show in folder".
    pub fn store_unreadable(file: &std::path::Path, cause: impl std::fmt::Display) -> Error {
        let name = file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string());
        Error::with_reason(
            ErrorKind::StoreUnreadable,
            format!("The file is “{name}”, in Greenroom's settings folder."),
            format!("{}: {cause}", file.display()),
        )
    }

    pub fn internal(detail: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, detail)
    }

    /// Something of Greenroom's own (a job, a profile, a rule) that is not there.
    pub fn local_not_found(detail: impl Into<String>) -> Error {
        Error::new(ErrorKind::LocalNotFound, detail)
    }

    /// The user cancelled; there is nothing more to say.
    pub fn cancelled() -> Error {
        Error {
            kind: ErrorKind::Cancelled,
            headline: None,
            reason: None,
            detail: None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What this case adds after the kind's headline, in plain words.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// The technical cause, for a "Details" toggle and bug reports; never shown as the headline.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
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
                    (401, Some("token-not-provided")) => {
                        Error::new(ErrorKind::MissingToken, detail)
                    }
                    (
                        _,
                        Some(
                            "actor-memory-limit-exceeded"
                            | "concurrent-runs-limit-exceeded"
                            | "limit-reached"
                            | "not-enough-usage-to-run-paid-actor",
                        ),
                    )
                    | (402, _) => Error::apify_says(ErrorKind::UsageLimit, api_message, detail),
                    (401, _) => Error::new(ErrorKind::InvalidToken, detail),
                    (403, _) => {
                        Error::apify_says(ErrorKind::InsufficientPermissions, api_message, detail)
                            .about(api.path.as_deref().and_then(|path| {
                                crate::requested::refused(api.http_method.as_deref()?, path)
                            }))
                    }
                    (404, _) => Error::new(ErrorKind::NotFound, detail)
                        .about(api.path.as_deref().and_then(crate::requested::missing)),
                    (429, _) => Error::new(ErrorKind::RateLimited, detail),
                    (400..=499, _) => {
                        Error::apify_says(ErrorKind::InvalidInput, api_message, detail)
                    }
                    _ => Error::new(ErrorKind::Server, detail),
                }
            }
            ApifyClientError::Timeout => Error::new(ErrorKind::Timeout, detail),
            ApifyClientError::Http(_) => Error::new(ErrorKind::Offline, detail),
            // The client refused an argument before sending it: Greenroom passed it on wrong.
            ApifyClientError::InvalidArgument(message) => Error::new(
                ErrorKind::Internal,
                format!("the Apify client refused an argument: {}", redact(message)),
            ),
            ApifyClientError::Serde(_) | ApifyClientError::InvalidResponse(_) => {
                Error::new(ErrorKind::Server, detail)
            }
        }
    }

    /// Maps a failure to write a file: full disk and missing permission are told apart.
    pub fn from_io(error: std::io::Error, path: &std::path::Path) -> Error {
        let detail = format!("{}: {error}", path.display());
        match error.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                Error::new(ErrorKind::DiskFull, detail)
            }
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                Error::new(ErrorKind::DiskPermission, detail)
            }
            _ => Error::new(ErrorKind::Disk, detail),
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
        let error = Error::with_reason(
            ErrorKind::KeychainLocked,
            "Unlock it.",
            "SS error: prompt dismissed",
        );
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
                "This token may not do this in your Apify account.",
            ),
            (
                ErrorKind::NotFound,
                "Apify could not find what Greenroom asked for.",
            ),
            (ErrorKind::LocalNotFound, "Greenroom no longer has this."),
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
            (ErrorKind::OpenFailed, "Your computer could not open this."),
            (
                ErrorKind::TableTooWide,
                "This file format can't hold these columns",
            ),
            (
                ErrorKind::RecordChanged,
                "This record changed since you opened it",
            ),
            (
                ErrorKind::TooLarge,
                "This is larger than Greenroom takes here.",
            ),
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
        let disk = Error::new(
            ErrorKind::Disk,
            "/home/ann/out.csv: Input/output error (os error 5)",
        );
        assert_eq!(disk.to_string(), ErrorKind::Disk.headline());
        let refused = Error::apify_says(
            ErrorKind::InvalidInput,
            "Field url is required.",
            "POST /v2/acts/x/runs: 400",
        );
        assert_eq!(
            refused.to_ipc().message,
            "Apify refused the input. Apify says: Field url is required."
        );
        let check = Error::validation("A profile needs a name.", "empty profile name");
        assert_eq!(check.kind(), ErrorKind::Validation);
        assert!(!check.to_string().contains("empty profile name"));
    }
}
