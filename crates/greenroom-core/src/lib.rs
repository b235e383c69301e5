//! Everything Greenroom does, with no Tauri in it: the app's commands are thin calls into this
//! crate, so it can be tested and benchmarked on its own.

pub mod accounts;
pub mod actor_page;
pub mod api_server;
pub mod auto_export;
mod backoff;
mod byte_masks;
pub mod catalog;
pub mod datasets;
pub mod error;
pub mod export;
pub mod input_check;
mod item_boundaries;
pub mod jobs;
pub mod keychain;
pub mod kv_stores;
pub mod local_sandbox;
pub mod pages;
mod paging;
mod partial_file;
mod private_files;
pub mod profile_store;
pub mod profiles;
pub mod record_edit;
pub mod record_trash;
pub mod record_upload;
pub mod record_view;
pub mod records;
pub mod run_history;
pub mod run_notice;
pub mod runs;
pub mod secret;
pub mod session;
pub mod storages;
pub mod table_limits;
pub mod tables;
pub mod tasks;
pub mod usage;
pub mod vault;
pub mod web_link;

pub use accounts::{Accounts, TokenCheck};
pub use api_server::{ApiServers, APIFY_API_BASE_URL};
pub use error::{Error, ErrorKind, IpcError};
pub use jobs::{JobView, Jobs};
pub use keychain::{Keychain, KeychainStatus};
pub use secret::ApiToken;
pub use session::{Account, RetryPolicy, Session};

/// A mutex's guard, even after a thread panicked while holding it: what it guards is plain
/// data that stays usable.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
