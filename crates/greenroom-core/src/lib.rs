//! Everything Greenroom does, with no Tauri in it: the app's commands are thin calls into this
//! crate, so it can be tested and benchmarked on its own.

pub mod accounts;
pub mod auto_export;
mod backoff;
pub mod compare;
pub mod context;
pub mod datasets;
pub mod error;
pub mod files;
pub mod jobs;
pub mod kv;
mod paging;
pub mod preferences;
pub mod queues;
mod requested;
pub mod retention;
pub mod runs;
pub mod schedules;
pub mod storages;
pub mod usage;
pub mod web_link;

pub use accounts::api_server::{ApiServers, APIFY_API_BASE_URL};
pub use accounts::keychain::{Keychain, KeychainStatus};
pub use accounts::secret::ApiToken;
pub use accounts::session::{Account, RetryPolicy, Session};
pub use accounts::{Accounts, TokenCheck};
pub use context::Greenroom;
pub use error::{Error, ErrorKind, IpcError};
pub use jobs::{JobView, Jobs};

/// A mutex's guard, even after a thread panicked while holding it: what it guards is plain
/// data that stays usable.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One of Apify's own schemas from `../shared/apify-schemas/` (`input.schema.json`…), read as a
/// file, as tests check the demo Actors' schemas against them.
#[cfg(test)]
pub(crate) fn shared_schema(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/apify-schemas")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What `validator` finds wrong in `schema`, each with where; empty when it is valid.
#[cfg(test)]
pub(crate) fn schema_errors(
    validator: &jsonschema::Validator,
    schema: &serde_json::Value,
) -> Vec<String> {
    validator
        .iter_errors(schema)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The demo Actors' schemas, read from the sandbox's folder of JSON files (not through the
/// sandbox crate), by file name ending in `suffix` such as `.input.json`.
#[cfg(test)]
pub(crate) fn demo_schemas(suffix: &str) -> Vec<(String, serde_json::Value)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../apify-sandbox/schemas");
    let mut found: Vec<(String, serde_json::Value)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.strip_suffix(suffix)?.to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            Some((name, serde_json::from_str(&text).unwrap()))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}
