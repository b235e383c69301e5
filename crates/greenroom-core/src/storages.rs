//! The user's datasets, key-value stores and request queues, newest first and searchable by
//! name or id: for the storage screens and the resource picker.

use apify_client::common::StorageListOptions;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{paging, Error, Session};

/// At most this many storages are read for a search (ten of the API's pages).
const SEARCH_LIMIT: u64 = 10_000;
const API_PAGE: u64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StorageKind {
    Dataset,
    KeyValueStore,
    RequestQueue,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorageRow {
    pub id: String,
    pub name: Option<String>,
    pub modified_at: Option<String>,
    /// Datasets only.
    pub item_count: Option<u64>,
    /// Request queues only.
    pub requests: Option<crate::queues::QueueCounts>,
    /// Bytes stored, where the API says.
    pub size_bytes: Option<u64>,
    /// The run that made it, for a run's default storage.
    pub act_run_id: Option<String>,
    pub created_at: Option<String>,
    /// The title of the Actor whose run made it, where the user's Actors list has it: an
    /// unnamed storage is called after it.
    pub actor_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoragePage {
    pub rows: Vec<StorageRow>,
    pub total: u64,
    pub offset: u64,
}

pub async fn list(
    session: &Session,
    kind: StorageKind,
    search: &str,
    offset: u64,
    limit: u64,
) -> Result<StoragePage, Error> {
    let search = search.trim().to_lowercase();
    let limit = limit.clamp(1, API_PAGE);
    if search.is_empty() {
        let (rows, total) = page(session, kind, offset, limit).await?;
        return Ok(StoragePage {
            rows,
            total,
            offset,
        });
    }
    let found = paging::read_matching(
        SEARCH_LIMIT,
        |next| page(session, kind, next, API_PAGE),
        |row| {
            row.id.to_lowercase().contains(&search)
                || row
                    .name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(&search))
        },
    )
    .await?;
    Ok(StoragePage {
        total: found.len() as u64,
        rows: paging::page_of(found, offset, limit),
        offset,
    })
}

async fn page(
    session: &Session,
    kind: StorageKind,
    offset: u64,
    limit: u64,
) -> Result<(Vec<StorageRow>, u64), Error> {
    let options = StorageListOptions {
        offset: Some(offset as i64),
        limit: Some(limit as i64),
        desc: Some(true),
        unnamed: Some(true),
        ownership: None,
    };
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    };
    let row = |id: String,
               name: Option<String>,
               created: Option<chrono::DateTime<chrono::Utc>>,
               modified: Option<chrono::DateTime<chrono::Utc>>,
               items: Option<i64>,
               extra: &std::collections::HashMap<String, Value>| StorageRow {
        id,
        name,
        created_at: time(created),
        modified_at: time(modified),
        // Named below, once for the whole page.
        actor_title: extra
            .get("actId")
            .and_then(Value::as_str)
            .map(str::to_owned),
        item_count: items.map(|c| c.max(0) as u64),
        requests: None,
        size_bytes: extra
            .get("stats")
            .and_then(|stats| stats["storageBytes"].as_u64()),
        act_run_id: extra
            .get("actRunId")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    let client = session.client();
    let (rows, total) = match kind {
        StorageKind::Dataset => {
            let page = client
                .datasets()
                .list(options)
                .await
                .map_err(|e| session.error(e))?;
            let rows = page.items.into_iter();
            let rows = rows.map(|d| {
                row(
                    d.id,
                    d.name,
                    d.created_at,
                    d.modified_at,
                    d.item_count,
                    &d.extra,
                )
            });
            (rows.collect(), page.total)
        }
        StorageKind::KeyValueStore => {
            let page = client
                .key_value_stores()
                .list(options)
                .await
                .map_err(|e| session.error(e))?;
            let rows = page.items.into_iter();
            let rows = rows.map(|s| row(s.id, s.name, s.created_at, s.modified_at, None, &s.extra));
            (rows.collect(), page.total)
        }
        StorageKind::RequestQueue => {
            let page = client
                .request_queues()
                .list(options)
                .await
                .map_err(|e| session.error(e))?;
            let rows = page.items.into_iter();
            let rows = rows.map(|q| StorageRow {
                requests: Some(crate::queues::counts_of(&q.extra, q.total_request_count)),
                ..row(q.id, q.name, q.created_at, q.modified_at, None, &q.extra)
            });
            (rows.collect(), page.total)
        }
    };
    Ok((name_by_actor(session, rows).await?, total.max(0) as u64))
}

/// Puts the Actor's title where a row holds its id (the page above leaves it there); rows with
/// a name of their own, or whose Actor the user's list does not have, get none.
async fn name_by_actor(
    session: &Session,
    mut rows: Vec<StorageRow>,
) -> Result<Vec<StorageRow>, Error> {
    let unnamed = |row: &StorageRow| row.name.is_none() && row.actor_title.is_some();
    let actors = if rows.iter().any(unnamed) {
        crate::runs::catalog::known_actors(session).await?
    } else {
        Default::default()
    };
    for row in &mut rows {
        row.actor_title = match (&row.name, row.actor_title.take()) {
            (None, Some(actor_id)) => actors.get(&actor_id).map(|a| a.title.clone()),
            _ => None,
        };
    }
    Ok(rows)
}

/// Names a dataset or key-value store, which Apify then keeps past the retention period.
pub async fn keep(session: &Session, kind: StorageKind, id: &str, name: &str) -> Result<(), Error> {
    let name = crate::retention::check_name(name, "A", "shop-prices-2026")?;
    let body = serde_json::json!({ "name": name });
    let client = session.client();
    let renamed = match kind {
        StorageKind::Dataset => client.dataset(id).update(&body).await.map(|_| ()),
        StorageKind::KeyValueStore => client.key_value_store(id).update(&body).await.map(|_| ()),
        StorageKind::RequestQueue => client.request_queue(id).update(&body).await.map(|_| ()),
    };
    renamed.map_err(|e| session.error(e))
}
