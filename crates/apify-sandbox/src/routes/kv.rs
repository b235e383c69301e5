use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::answer::{data, page};
use super::request::{body_bytes, json_body, Params};
use super::resolve::{create_storage, owned, rename, resolve};
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::state::{Access, AppState, KvStoreMeta};
use crate::storage;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/key-value-stores", get(list).post(create))
        .route(
            "/v2/key-value-stores/{store}",
            get(get_one).put(update).delete(remove),
        )
        .route("/v2/key-value-stores/{store}/keys", get(keys))
        .route(
            "/v2/key-value-stores/{store}/records/{key}",
            get(record_get)
                .put(record_put)
                .post(record_put)
                .delete(record_delete),
        )
}

fn describe(state: &AppState, meta: &KvStoreMeta) -> Value {
    render::kv_store(state, &state.db(), meta)
}

/// The store, with its URL-signing key for a caller who may write to it (as the platform does).
pub fn describe_for(state: &AppState, caller: &Caller, meta: &KvStoreMeta) -> Value {
    let writer = caller
        .require(
            Kind::KvStore,
            &meta.id,
            meta.created_by_token.as_deref(),
            Access::Write,
        )
        .is_ok();
    if writer {
        render::kv_store_for_writer(state, &state.db(), meta)
    } else {
        describe(state, meta)
    }
}

/// Keys as the platform allows them: up to 256 of `a-zA-Z0-9!-_.'()`.
pub fn check_key(key: &str) -> ApiResult<()> {
    let valid = !key.is_empty()
        && key.len() <= 256
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!-_.'()".contains(c));
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid-record-key",
            "The record key is not valid: it may have up to 256 characters, only letters, digits and !-_.'()",
        ))
    }
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    let unnamed = params.flag("unnamed")?.unwrap_or(false);
    let metas = owned::<KvStoreMeta>(&state, &caller, unnamed);
    let items: Vec<Value> = {
        let db = state.db();
        metas
            .iter()
            .map(|meta| render::kv_store(&state, &db, meta))
            .collect()
    };
    page(items, &params)
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Response> {
    let creator = caller.creator();
    let owner = caller.user.id.clone();
    create_storage(
        &state,
        &caller,
        &params,
        Kind::KvStore,
        "key-value-stores",
        |name| storage::make_kv_store(&state, &owner, name, creator),
        |meta| Ok(describe(&state, meta)),
    )
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let meta = resolve::<KvStoreMeta>(&state, &caller, &ident, Access::Read)?;
    Ok(data(describe_for(&state, &caller, &meta)))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let meta = resolve::<KvStoreMeta>(&state, &caller, &ident, Access::Write)?;
    let body = json_body(&headers, &body)?;
    let updated = rename(&state, &caller, &meta, &body, "key-value store")?;
    Ok(data(describe(&state, &updated)))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<StatusCode> {
    let meta = resolve::<KvStoreMeta>(&state, &caller, &ident, Access::Write)?;
    state.db().kv_stores.remove(&meta.id);
    let _ = std::fs::remove_dir_all(state.data.path().join("key_value_stores").join(&meta.id));
    state.save()?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn keys(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let meta = resolve::<KvStoreMeta>(&state, &caller, &ident, Access::Read)?;
    list_keys(&state, &meta, &params)
}

pub fn list_keys(state: &AppState, meta: &KvStoreMeta, params: &Params) -> ApiResult<Json<Value>> {
    let limit = params.number("limit")?.unwrap_or(1000).clamp(1, 1000) as usize;
    let start = params.get("exclusiveStartKey").filter(|k| !k.is_empty());
    let prefix = params.get("prefix").unwrap_or("");
    let in_collection = match params.get("collection").filter(|c| !c.is_empty()) {
        None => None,
        Some(name) => Some(collection(meta, name)?),
    };
    let mut matching = meta.records.iter().filter(|(key, _)| {
        start.is_none_or(|start| key.as_str() > start)
            && key.starts_with(prefix)
            && in_collection.as_ref().is_none_or(|c| c.holds(key))
    });
    let items: Vec<Value> = matching
        .by_ref()
        .take(limit)
        .map(|(key, record)| {
            json!({
                "key": key,
                "size": record.size,
                "recordPublicUrl": record_public_url(state, meta, key),
            })
        })
        .collect();
    let truncated = matching.next().is_some();
    let next = if truncated {
        items
            .last()
            .and_then(|item| item["key"].as_str())
            .map(str::to_owned)
    } else {
        None
    };
    Ok(data(json!({
        "items": items,
        "count": items.len(),
        "limit": limit,
        "exclusiveStartKey": start,
        "isTruncated": truncated,
        "nextExclusiveStartKey": next,
    })))
}

/// A link that opens the record without a token: signed where the store has a signing key.
fn record_public_url(state: &AppState, meta: &KvStoreMeta, key: &str) -> String {
    let url = format!(
        "{}/v2/key-value-stores/{}/records/{key}",
        state.public_base(),
        meta.id
    );
    if meta.url_signing_secret_key.is_empty() {
        url
    } else {
        let signature = crate::signing::sign(&meta.url_signing_secret_key, key);
        format!("{url}?signature={signature}")
    }
}

/// Which keys a collection of the store's schema holds: one key, or every key with a prefix.
enum Collection {
    Key(String),
    Prefix(String),
}

impl Collection {
    fn holds(&self, key: &str) -> bool {
        match self {
            Collection::Key(only) => key == only,
            Collection::Prefix(prefix) => key.starts_with(prefix.as_str()),
        }
    }
}

fn collection(meta: &KvStoreMeta, name: &str) -> ApiResult<Collection> {
    let found = meta
        .schema
        .as_ref()
        .and_then(|schema| schema["collections"].get(name));
    let text = |field: &str| found.and_then(|c| c[field].as_str()).map(str::to_owned);
    match (text("key"), text("keyPrefix")) {
        (Some(key), _) => Ok(Collection::Key(key)),
        (None, Some(prefix)) => Ok(Collection::Prefix(prefix)),
        _ => Err(ApiError::invalid_value(format!(
            "The key-value store has no collection '{name}' in its schema"
        ))),
    }
}

/// A record for a caller with a token, or for anyone with the link the store signed for it.
pub async fn record_get(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((ident, key)): Path<(String, String)>,
    params: Params,
    method: Method,
    request: HeaderMap,
) -> ApiResult<Response> {
    let meta = match params.get("signature") {
        Some(signature) => signed_store(&state, &ident, &key, signature)?,
        None => resolve::<KvStoreMeta>(&state, &caller?, &ident, Access::Read)?,
    };
    read_record(
        &state,
        &meta,
        &key,
        &params,
        method == Method::HEAD,
        &request,
    )
    .await
}

/// The store a signed link names by id, when the signature is its own for this key.
fn signed_store(state: &AppState, id: &str, key: &str, signature: &str) -> ApiResult<KvStoreMeta> {
    let meta = state.db().kv_stores.get(id).cloned();
    match meta {
        Some(meta) if crate::signing::matches(&meta.url_signing_secret_key, key, signature) => {
            Ok(meta)
        }
        _ => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "insufficient-permissions",
            "The signature of this link is not valid for this record",
        )),
    }
}

/// Answers a record whole, or from a byte offset on when asked with `Range: bytes=N-` (as the
/// storage a real record GET redirects to does), so a broken download can go on where it
/// stopped. `If-Range` with an older ETag gets the whole new record instead.
pub async fn read_record(
    state: &AppState,
    meta: &KvStoreMeta,
    key: &str,
    params: &Params,
    head_only: bool,
    request: &HeaderMap,
) -> ApiResult<Response> {
    check_key(key)?;
    let record = meta
        .records
        .get(key)
        .ok_or_else(|| ApiError::not_found("Record"))?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&record.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if params.flag("attachment")?.unwrap_or(false) {
        headers.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&format!("attachment; filename=\"{key}\""))
                .expect("valid keys are ascii"),
        );
    }
    let mut file = tokio::fs::File::open(state.record_path(&meta.id, key)).await?;
    let size = file.metadata().await?.len();
    let modified = file.metadata().await?.modified()?;
    let nanos = modified
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let etag = format!("\"{size:x}-{nanos:x}\"");
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).expect("ascii"));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let same_version = request
        .get(header::IF_RANGE)
        .is_none_or(|tag| tag.as_bytes() == etag.as_bytes());
    let from = request
        .get(header::RANGE)
        .and_then(|range| range.to_str().ok())
        .and_then(|range| range.strip_prefix("bytes="))
        .and_then(|range| range.strip_suffix('-'))
        .and_then(|from| from.parse::<u64>().ok())
        .filter(|_| same_version);
    let status = match from {
        Some(from) if from >= size => {
            headers.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{size}")).expect("ascii"),
            );
            return Ok((StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response());
        }
        Some(from) => {
            headers.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes {from}-{}/{size}", size - 1)).expect("ascii"),
            );
            use tokio::io::AsyncSeekExt;
            file.seek(std::io::SeekFrom::Start(from)).await?;
            StatusCode::PARTIAL_CONTENT
        }
        None => StatusCode::OK,
    };
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(size - from.unwrap_or(0)),
    );
    if head_only {
        return Ok((status, headers).into_response());
    }
    let body =
        axum::body::Body::from_stream(tokio_util::io::ReaderStream::with_capacity(file, 64 * 1024));
    Ok((status, headers, body).into_response())
}

pub async fn record_put(
    State(state): State<AppState>,
    caller: Caller,
    Path((ident, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let meta = resolve::<KvStoreMeta>(&state, &caller, &ident, Access::Write)?;
    write_record(&state, &meta.id, &key, &headers, &body).await
}

pub async fn write_record(
    state: &AppState,
    store_id: &str,
    key: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<Response> {
    check_key(key)?;
    let bytes = body_bytes(headers, body)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_owned();
    storage::store_record(state, store_id, key, &content_type, &bytes).await?;
    let mut response = (StatusCode::CREATED, Json(json!({}))).into_response();
    let location = format!(
        "{}/v2/key-value-stores/{store_id}/records/{key}",
        state.public_base()
    );
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(response)
}

pub async fn record_delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((ident, key)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let meta = resolve::<KvStoreMeta>(&state, &caller, &ident, Access::Write)?;
    delete_record(&state, &meta.id, &key).await
}

pub async fn delete_record(state: &AppState, store_id: &str, key: &str) -> ApiResult<StatusCode> {
    check_key(key)?;
    let existed = state
        .db()
        .kv_stores
        .get_mut(store_id)
        .and_then(|meta| meta.records.remove(key))
        .is_some();
    if !existed {
        return Err(ApiError::not_found("Record"));
    }
    let _ = tokio::fs::remove_file(state.record_path(store_id, key)).await;
    state.save()?;
    Ok(StatusCode::NO_CONTENT)
}
