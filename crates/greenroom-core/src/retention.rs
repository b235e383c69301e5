//! How long Apify keeps a dataset or key-value store that has no name (the plan's data
//! retention: a run's results go after it unless named), and the rule a name follows; naming
//! one to keep it is `storages::keep`.

use serde_json::Value;

use crate::{Error, Session};

/// Days an unnamed storage is kept where the account's limits do not say: the platform's
/// documented default (docs.apify.com/platform/storage#data-retention).
pub const DEFAULT_DAYS: u64 = 7;

/// Days Apify keeps this account's unnamed storages (`limits.dataRetentionDays`). Only a hint
/// on a page: a failed read gives the documented default, never an error.
pub async fn days(session: &Session) -> u64 {
    session
        .client()
        .me()
        .limits()
        .await
        .ok()
        .and_then(|limits| {
            limits
                .pointer("/limits/dataRetentionDays")
                .and_then(Value::as_u64)
        })
        .unwrap_or(DEFAULT_DAYS)
}

/// How long a storage called `name` is kept: `None` for a named one, which stays.
pub async fn for_storage(session: &Session, name: Option<&str>) -> Option<u64> {
    match name {
        Some(_) => None,
        None => Some(days(session).await),
    }
}

/// `name` trimmed, if the API takes it as the name of a task or storage: letters, digits and
/// hyphens, not at either end, at most 63. `example` shows one in the message otherwise.
pub fn check_name<'a>(name: &'a str, what: &str, example: &str) -> Result<&'a str, Error> {
    let name = name.trim();
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if valid {
        Ok(name)
    } else {
        Err(Error::validation(
            format!("{what} name has letters, digits and hyphens only, e.g. {example}."),
            format!("name {name:?}"),
        ))
    }
}
