//! The datasets open in tables: their bounded page caches, kept for the few tables a person
//! switches between, so scrolling asks the API only for pages it has not seen, on one session
//! (one connection pool) per table instead of a new one per window.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::datasets::pages::{DatasetPages, ItemQuery, Window};
use crate::ErrorKind;
use crate::{lock, Accounts, Error};

/// Tables whose pages stay cached; the least recently used beyond this are dropped.
const OPEN_TABLES: usize = 4;

#[derive(PartialEq, Eq)]
struct Key {
    /// The profile and its token's hint: signing in again or elsewhere starts afresh.
    profile: (String, String),
    dataset_id: String,
    query: ItemQuery,
}

#[derive(Default)]
pub struct Tables {
    /// Most recently used last.
    open: Mutex<Vec<(Key, Arc<DatasetPages>)>>,
}

impl Tables {
    pub async fn window(
        &self,
        accounts: &Accounts,
        dataset_id: &str,
        query: ItemQuery,
        offset: u64,
        span: u64,
    ) -> Result<Window, Error> {
        let pages = self.pages(accounts, dataset_id, query).await?;
        pages.window(offset, span).await
    }

    /// Items `from..to` (capped at [`crate::datasets::pages::MAX_COPY_ROWS`]), for copying.
    pub async fn rows(
        &self,
        accounts: &Accounts,
        dataset_id: &str,
        query: ItemQuery,
        from: u64,
        to: u64,
    ) -> Result<Vec<Value>, Error> {
        let to = to.min(from + crate::datasets::pages::MAX_COPY_ROWS);
        let pages = self.pages(accounts, dataset_id, query).await?;
        Ok(pages.window(from, to.saturating_sub(from)).await?.items)
    }

    /// Forgets a dataset's pages, after it changed or to read it afresh.
    pub fn forget(&self, dataset_id: &str) {
        lock(&self.open).retain(|(key, _)| key.dataset_id != dataset_id);
    }

    /// Forgets every table of `profile_id`: their sessions hold its token, which is signed out.
    pub fn forget_profile(&self, profile_id: &str) {
        lock(&self.open).retain(|(key, _)| key.profile.0 != profile_id);
    }

    /// How many tables are open, for tests.
    pub fn open_count(&self) -> usize {
        lock(&self.open).len()
    }

    async fn pages(
        &self,
        accounts: &Accounts,
        dataset_id: &str,
        query: ItemQuery,
    ) -> Result<Arc<DatasetPages>, Error> {
        let profiles = accounts.profiles().await?;
        let profile = profiles
            .active()
            .ok_or_else(|| Error::new(ErrorKind::MissingToken, "no profile is active"))?;
        let key = Key {
            profile: (profile.id.clone(), profile.token_hint.clone()),
            dataset_id: dataset_id.to_owned(),
            query,
        };
        {
            let mut open = lock(&self.open);
            if let Some(at) = open.iter().position(|(k, _)| *k == key) {
                let entry = open.remove(at);
                let pages = entry.1.clone();
                open.push(entry);
                return Ok(pages);
            }
        }
        let session = Arc::new(accounts.active_session().await?);
        let pages = Arc::new(DatasetPages::new(session, dataset_id, key.query.clone()));
        let mut open = lock(&self.open);
        open.push((key, pages.clone()));
        if open.len() > OPEN_TABLES {
            open.remove(0);
        }
        Ok(pages)
    }
}
