//! How answers are wrapped: `{data}` envelopes, 201 for what was created, and list pages.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::request::Params;
use crate::error::ApiResult;

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
