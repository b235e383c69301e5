//! What a user can run: their Actors (made or used), their tasks, and the Store, as pages of
//! rows with a search. The Store searches on the server; the API lists Actors and tasks
//! without a search, so those are read whole (a few pages at most) and searched here.

use apify_client::clients::actor_collection::ActorListOptions;
use apify_client::clients::store_collection::StoreListOptions;
use apify_client::common::ListOptions;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{paging, Error, Session};

/// The most rows one page may ask for, as the API caps its pages.
const MAX_PAGE: u64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Catalog {
    /// Actors the user made or ran.
    MyActors,
    Tasks,
    Store,
}

/// One row of a catalog: something the user can open and run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogRow {
    pub id: String,
    pub title: String,
    /// `username/name`, as Apify shows it.
    pub name: String,
    pub description: Option<String>,
    pub last_run_started_at: Option<String>,
    pub total_runs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogPage {
    pub rows: Vec<CatalogRow>,
    /// Rows matching the search, on every page.
    pub total: u64,
    pub offset: u64,
}

pub async fn list(
    session: &Session,
    catalog: Catalog,
    search: &str,
    offset: u64,
    limit: u64,
) -> Result<CatalogPage, Error> {
    let limit = limit.clamp(1, MAX_PAGE);
    let search = search.trim();
    if catalog == Catalog::Store {
        return store(session, search, offset, limit).await;
    }
    let words: Vec<String> = search.split_whitespace().map(str::to_lowercase).collect();
    let mut rows = paging::read_matching(
        u64::MAX,
        |next| async move {
            match catalog {
                Catalog::MyActors => my_actors(session, next).await,
                _ => tasks(session, next).await,
            }
        },
        |row| matches(row, &words),
    )
    .await?;
    rows.sort_by_key(|row| row.title.to_lowercase());
    let total = rows.len() as u64;
    let rows = paging::page_of(rows, offset, limit);
    Ok(CatalogPage {
        rows,
        total,
        offset,
    })
}

/// The user's Actors (made or used) by id: one catalog read names every run or storage of a
/// page, not one call each.
pub async fn known_actors(
    session: &Session,
) -> Result<std::collections::HashMap<String, CatalogRow>, Error> {
    let actors = list(session, Catalog::MyActors, "", 0, u64::MAX).await?;
    Ok(actors
        .rows
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect())
}

/// The title of the Actor whose run made an unnamed storage, which the storage is called after.
/// A title is a nicety: an Actor that is gone, or a failed read, leaves the storage's own
/// words ("Unnamed dataset"), never an error.
pub async fn title_for_unnamed(
    session: &Session,
    name: Option<&str>,
    actor_id: Option<&str>,
) -> Option<String> {
    let actor_id = actor_id.filter(|_| name.is_none())?;
    let actor = session.client().actor(actor_id).get().await.ok()??;
    actor.title.or(actor.name)
}

fn matches(row: &CatalogRow, words: &[String]) -> bool {
    let text = format!(
        "{} {} {}",
        row.title,
        row.name,
        row.description.as_deref().unwrap_or_default()
    )
    .to_lowercase();
    words.iter().all(|word| text.contains(word))
}

fn stats(extra: &std::collections::HashMap<String, Value>) -> (Option<String>, Option<u64>) {
    let stats = extra.get("stats");
    let field = |name: &str| stats.and_then(|s| s.get(name));
    (
        field("lastRunStartedAt")
            .and_then(Value::as_str)
            .map(str::to_owned),
        field("totalRuns").and_then(Value::as_u64),
    )
}

/// `username/name` as Apify shows an Actor or task; the name alone, or the id, where that is
/// all there is.
pub(crate) fn full_name(username: Option<&str>, name: Option<&str>, id: &str) -> String {
    match (username, name) {
        (Some(user), Some(name)) => format!("{user}/{name}"),
        (None, Some(name)) => name.to_owned(),
        _ => id.to_owned(),
    }
}

/// A row from what every list answers: an id, a title, `username/name`, and stats in `extra`.
fn row(
    id: String,
    title: Option<String>,
    username: Option<&str>,
    name: Option<&str>,
    description: Option<String>,
    extra: &std::collections::HashMap<String, Value>,
) -> CatalogRow {
    let (last_run_started_at, total_runs) = stats(extra);
    let name = full_name(username, name, &id);
    CatalogRow {
        title: title.unwrap_or_else(|| name.clone()),
        name,
        id,
        description,
        last_run_started_at,
        total_runs,
    }
}

async fn my_actors(session: &Session, offset: u64) -> Result<(Vec<CatalogRow>, u64), Error> {
    let page = session
        .client()
        .actors()
        .list(ActorListOptions {
            offset: Some(offset as i64),
            limit: Some(MAX_PAGE as i64),
            ..Default::default()
        })
        .await
        .map_err(|e| session.error(e))?;
    let rows = page
        .items
        .into_iter()
        .map(|actor| {
            row(
                actor.id,
                actor.title,
                actor.username.as_deref(),
                actor.name.as_deref(),
                actor.description,
                &actor.extra,
            )
        })
        .collect();
    Ok((rows, page.total.max(0) as u64))
}

async fn tasks(session: &Session, offset: u64) -> Result<(Vec<CatalogRow>, u64), Error> {
    let page = session
        .client()
        .tasks()
        .list(ListOptions {
            offset: Some(offset as i64),
            limit: Some(MAX_PAGE as i64),
            desc: None,
        })
        .await
        .map_err(|e| session.error(e))?;
    let rows = page
        .items
        .into_iter()
        .map(|task| {
            let username = task.extra.get("username").and_then(Value::as_str);
            row(
                task.id.clone(),
                task.title.clone(),
                username,
                task.name.as_deref(),
                task.description.clone(),
                &task.extra,
            )
        })
        .collect();
    Ok((rows, page.total.max(0) as u64))
}

async fn store(
    session: &Session,
    search: &str,
    offset: u64,
    limit: u64,
) -> Result<CatalogPage, Error> {
    let page = session
        .client()
        .store()
        .list(StoreListOptions {
            offset: Some(offset as i64),
            limit: Some(limit as i64),
            search: (!search.is_empty()).then(|| search.to_owned()),
            ..Default::default()
        })
        .await
        .map_err(|e| session.error(e))?;
    let rows = page
        .items
        .into_iter()
        .map(|item| {
            let description = item.extra.get("description").and_then(Value::as_str);
            row(
                item.id.clone(),
                item.title.clone(),
                item.username.as_deref(),
                item.name.as_deref(),
                description.map(str::to_owned),
                &item.extra,
            )
        })
        .collect();
    Ok(CatalogPage {
        rows,
        total: page.total.max(0) as u64,
        offset,
    })
}
