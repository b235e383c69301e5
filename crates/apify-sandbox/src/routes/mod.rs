//! The HTTP API. Paths, envelopes, errors and headers follow the official spec.

mod actors;
mod admin;
mod datasets;
mod host;
mod kv;
mod runs;
mod store;
mod users;

pub use datasets::{append as append_items, make as make_dataset};
pub use kv::{make as make_kv_store, store_record};

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::net::SocketAddr;

use axum::extract::{DefaultBodyLimit, FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, Db};

pub fn router(state: AppState, address: SocketAddr, control_token: Option<String>) -> Router {
    // The legacy `/v2/acts` prefix routes to the same handlers as `/v2/actors`.
    let mut api = Router::new()
        .merge(users::routes())
        .nest("/v2/actors", actors::actor_routes())
        .nest("/v2/acts", actors::actor_routes())
        .merge(actors::task_routes())
        .merge(actors::build_routes())
        .merge(store::routes())
        .merge(runs::routes())
        .merge(datasets::routes())
        .merge(kv::routes());
    if let Some(token) = control_token {
        api = api.merge(admin::routes(token));
    }
    let api = api
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|| async { ApiError::page_not_found() });
    let hosts = host::Allowed::for_address(address);
    api.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        crate::faults::inject,
    ))
    .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
    // Outermost: a request for another host name (DNS rebinding) is refused before anything.
    .layer(axum::middleware::from_fn(move |request, next| {
        host::check(hosts.clone(), request, next)
    }))
    .with_state(state)
}

/// The platform refuses request bodies over 9 MB.
const MAX_BODY_BYTES: usize = 9 * 1024 * 1024;

/// Query parameters, with the API's spelling of booleans (`1`/`0`, `true`/`false`).
pub struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(map) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|error| {
                ApiError::invalid_parameter(format!("Invalid query string: {error}"))
            })?;
        Ok(Params(map))
    }
}

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn flag(&self, name: &str) -> ApiResult<Option<bool>> {
        match self.get(name) {
            None => Ok(None),
            Some("1" | "true" | "True" | "TRUE") => Ok(Some(true)),
            Some("0" | "false" | "False" | "FALSE" | "") => Ok(Some(false)),
            Some(other) => Err(ApiError::invalid_parameter(format!(
                "Parameter '{name}' must be a boolean (1, 0, true or false), not '{other}'"
            ))),
        }
    }

    pub fn number(&self, name: &str) -> ApiResult<Option<u64>> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                ApiError::invalid_parameter(format!(
                    "Parameter '{name}' must be a non-negative integer, not '{text}'"
                ))
            }),
        }
    }

    /// A comma-separated list, as `fields`, `omit`, `unwind` and `flatten` are given.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|text| {
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub fn data(value: Value) -> Json<Value> {
    Json(json!({ "data": value }))
}

pub fn created(value: Value) -> Response {
    (StatusCode::CREATED, data(value)).into_response()
}

/// A list answer: `{total, offset, limit, desc, count, items}`, at most 1000 items a page.
pub fn page(items: Vec<Value>, params: &Params) -> ApiResult<Json<Value>> {
    let offset = params.number("offset")?.unwrap_or(0) as usize;
    let limit = params.number("limit")?.unwrap_or(1000).min(1000) as usize;
    let desc = params.flag("desc")?.unwrap_or(false);
    let total = items.len();
    let mut items = items;
    if desc {
        items.reverse();
    }
    let items: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    Ok(data(json!({
        "total": total, "offset": offset, "limit": limit, "desc": desc, "count": items.len(), "items": items,
    })))
}

/// The request body, decompressed when the client sent it with `Content-Encoding: gzip` or `br`.
pub fn body_bytes(headers: &HeaderMap, body: &[u8]) -> ApiResult<Vec<u8>> {
    let encoding = headers
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    let mut out = Vec::new();
    let result = match encoding {
        "" | "identity" => return Ok(body.to_vec()),
        "gzip" | "x-gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut out),
        "deflate" => flate2::read::ZlibDecoder::new(body).read_to_end(&mut out),
        "br" => brotli::Decompressor::new(body, 4096).read_to_end(&mut out),
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-content-encoding",
                format!("Content encoding '{other}' is not supported"),
            ))
        }
    };
    result.map_err(|error| {
        ApiError::invalid_request(format!(
            "The request body could not be decompressed: {error}"
        ))
    })?;
    if out.len() > MAX_BODY_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request-too-large",
            "The request body is too large",
        ));
    }
    Ok(out)
}

pub fn json_body(headers: &HeaderMap, body: &[u8]) -> ApiResult<Value> {
    let bytes = body_bytes(headers, body)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&bytes).map_err(|error| {
        ApiError::invalid_request(format!("The request body is not valid JSON: {error}"))
    })
}

/// Create-by-name, as both storage kinds do it: 200 with the caller's storage of that name if
/// it exists, else 201 with a new one made by `make` (unnamed without `?name=`).
pub fn create_storage<S: crate::state::Storage>(
    state: &AppState,
    caller: &Caller,
    params: &Params,
    kind: crate::auth::Kind,
    collection: &str,
    make: impl FnOnce(Option<String>) -> S,
    describe: impl Fn(&S) -> ApiResult<Value>,
) -> ApiResult<Response> {
    let name = params
        .get("name")
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if let Some(name) = &name {
        datasets::check_storage_name(name)?;
        let existing = S::named(&state.db(), &caller.user.id, name);
        if let Some(storage) = existing {
            caller.require(
                kind,
                storage.id(),
                storage.created_by_token(),
                crate::state::Access::Read,
            )?;
            return Ok(data(describe(&storage)?).into_response());
        }
    }
    caller.require_create(kind)?;
    let storage = make(name);
    state.save()?;
    let mut response = created(describe(&storage)?);
    let location = format!("{}/v2/{collection}/{}", state.public_base(), storage.id());
    response.headers_mut().insert(
        axum::http::header::LOCATION,
        axum::http::HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(response)
}

/// Finds a resource named by id, `username~name`, or `~name` (the caller's own).
pub fn find<'a, T>(
    map: &'a BTreeMap<String, T>,
    db: &Db,
    caller: &Caller,
    ident: &str,
    name_of: impl Fn(&T) -> Option<&str>,
    owner_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    match ident.split_once('~') {
        None => map.get(ident),
        Some((username, name)) => {
            let owner = if username.is_empty() {
                Some(caller.user.id.clone())
            } else {
                db.user_by_name(username).map(|u| u.id.clone())
            }?;
            map.values()
                .find(|item| owner_of(item) == owner && name_of(item) == Some(name))
        }
    }
}
