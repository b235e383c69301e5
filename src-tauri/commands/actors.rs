//! What the user can run, an Actor's page, and its input checked against its schema.

use greenroom_core::runs::actor_page::{self, ActorPage};
use greenroom_core::runs::catalog::{self, Catalog, CatalogPage};
use greenroom_core::runs::input_check::{self, FieldProblem};
use greenroom_core::storages::{self, StorageKind, StoragePage};
use greenroom_core::Error;
use serde_json::Value;
use tauri::{AppHandle, Runtime};

use super::state;

pub async fn catalog_list<R: Runtime>(
    app: &AppHandle<R>,
    catalog: Catalog,
    search: String,
    offset: u64,
    limit: u64,
) -> Result<CatalogPage, Error> {
    let session = state(app).session().await?;
    catalog::list(&session, catalog, &search, offset, limit).await
}

pub async fn actor_page<R: Runtime>(
    app: &AppHandle<R>,
    actor_id: String,
) -> Result<ActorPage, Error> {
    let session = state(app).session().await?;
    actor_page::load(&session, &actor_id).await
}

/// Checks an input as the form changes; `run_start` checks it again against the server's schema.
pub async fn input_check<R: Runtime>(
    _app: &AppHandle<R>,
    schema: Value,
    input: Value,
) -> Result<Vec<FieldProblem>, Error> {
    input_check::check(&schema, &input)
}

/// The user's datasets or key-value stores, for choosing one in a form.
pub async fn storages_list<R: Runtime>(
    app: &AppHandle<R>,
    kind: StorageKind,
    search: String,
    offset: u64,
    limit: u64,
) -> Result<StoragePage, Error> {
    let session = state(app).session().await?;
    storages::list(&session, kind, &search, offset, limit).await
}

/// "Keep it": names an unnamed storage, so Apify keeps it past the data retention period.
pub async fn storage_keep<R: Runtime>(
    app: &AppHandle<R>,
    kind: StorageKind,
    id: String,
    name: String,
) -> Result<(), Error> {
    let session = state(app).session().await?;
    storages::keep(&session, kind, &id, &name).await
}
