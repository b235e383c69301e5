use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio_stream::wrappers::ReceiverStream;

use super::answer::{data, page};
use super::request::{json_body, Params};
use super::resolve::{create_storage, owned, rename, resolve};
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::items::{self, ExportPlan, Format, FormatOptions, Transform};
use crate::render;
use crate::state::{Access, AppState, DatasetMeta};
use crate::storage;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v2/datasets", get(list).post(create))
        .route(
            "/v2/datasets/{dataset}",
            get(get_one).put(update).delete(remove),
        )
        .route(
            "/v2/datasets/{dataset}/items",
            get(items_get).post(items_post),
        )
        .route("/v2/datasets/{dataset}/statistics", get(statistics))
}

pub fn describe(state: &AppState, meta: &DatasetMeta) -> ApiResult<Value> {
    let file = state.items(&meta.id)?;
    let db = state.db();
    Ok(render::dataset(
        state,
        &db,
        meta,
        file.count(),
        file.bytes(),
    ))
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    let unnamed = params.flag("unnamed")?.unwrap_or(false);
    let metas = owned::<DatasetMeta>(&state, &caller, unnamed);
    let items = metas
        .iter()
        .map(|meta| describe(&state, meta))
        .collect::<ApiResult<Vec<_>>>()?;
    let mut answer = page(items, &params)?;
    answer.0["data"]["unnamed"] = json!(unnamed);
    Ok(answer)
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
        Kind::Dataset,
        "datasets",
        |name| storage::make_dataset(&state, &owner, name, creator),
        |meta| describe(&state, meta),
    )
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let meta = resolve::<DatasetMeta>(&state, &caller, &ident, Access::Read)?;
    Ok(data(describe(&state, &meta)?))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let meta = resolve::<DatasetMeta>(&state, &caller, &ident, Access::Write)?;
    let body = json_body(&headers, &body)?;
    let updated = rename(&state, &caller, &meta, &body, "dataset")?;
    Ok(data(describe(&state, &updated)?))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<StatusCode> {
    let meta = resolve::<DatasetMeta>(&state, &caller, &ident, Access::Write)?;
    state.db().datasets.remove(&meta.id);
    state.forget_items(&meta.id);
    state.save()?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn items_get(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    params: Params,
    method: Method,
) -> ApiResult<Response> {
    let meta = resolve::<DatasetMeta>(&state, &caller, &ident, Access::Read)?;
    export(&state, &meta, &params, method == Method::HEAD).await
}

pub async fn export(
    state: &AppState,
    meta: &DatasetMeta,
    params: &Params,
    head_only: bool,
) -> ApiResult<Response> {
    let format_name = params.get("format").unwrap_or("json");
    let format = Format::parse(format_name).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "Unsupported format '{format_name}'; use json, jsonl, csv, xlsx, xml, rss or html"
        ))
    })?;
    let file = state.items(&meta.id)?;
    let total = file.count();
    let offset = params.number("offset")?.unwrap_or(0);
    let limit = params.number("limit")?;
    let desc = params.flag("desc")?.unwrap_or(false);
    let scanned = limit.unwrap_or(u64::MAX).min(total.saturating_sub(offset));
    let (start, end) = if desc {
        (
            total - offset.min(total) - scanned,
            total - offset.min(total),
        )
    } else {
        (offset, offset + scanned)
    };
    let clean = params.flag("clean")?.unwrap_or(false);
    let fields = params.list("fields");
    let transform = Transform {
        fields: (!fields.is_empty()).then_some(fields),
        omit: params.list("omit"),
        unwind: params.list("unwind"),
        flatten: params.list("flatten"),
        skip_hidden: clean || params.flag("skipHidden")?.unwrap_or(false),
        skip_empty: clean || params.flag("skipEmpty")?.unwrap_or(false),
    };
    let options = FormatOptions {
        bom: params.flag("bom")?.unwrap_or(format == Format::Csv),
        delimiter: params
            .get("delimiter")
            .filter(|d| !d.is_empty())
            .unwrap_or(",")
            .to_owned(),
        skip_header_row: params.flag("skipHeaderRow")?.unwrap_or(false),
        xml_root: params.get("xmlRoot").unwrap_or("items").to_owned(),
        xml_row: params.get("xmlRow").unwrap_or("item").to_owned(),
        columns: Vec::new(),
    };
    let mut plan = ExportPlan {
        start,
        end,
        desc,
        transform,
        format,
        options,
    };
    if format.is_table() && !head_only {
        plan = table_plan(file.clone(), plan).await?;
    }

    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        headers.insert(
            name,
            HeaderValue::from_str(&value).expect("header values here are ascii"),
        );
    };
    set("content-type", format.content_type().to_owned());
    set("x-apify-pagination-offset", offset.to_string());
    set(
        "x-apify-pagination-limit",
        limit.unwrap_or(999_999_999_999).to_string(),
    );
    set("x-apify-pagination-count", scanned.to_string());
    set("x-apify-pagination-total", total.to_string());
    set("x-apify-pagination-desc", desc.to_string());
    if params.flag("attachment")?.unwrap_or(false) {
        let name = meta.name.clone().unwrap_or_else(|| meta.id.clone());
        set(
            "content-disposition",
            format!(
                "attachment; filename=\"dataset_{name}.{}\"",
                format.extension()
            ),
        );
    }
    if head_only {
        return Ok((StatusCode::OK, headers).into_response());
    }
    let body = Body::from_stream(ReceiverStream::new(items::stream_export(file, plan)));
    Ok((StatusCode::OK, headers, body).into_response())
}

/// Table formats need their columns before the first row: one pass over the items finds them.
async fn table_plan(
    file: std::sync::Arc<items::ItemFile>,
    plan: ExportPlan,
) -> ApiResult<ExportPlan> {
    let (plan, columns) = tokio::task::spawn_blocking(move || {
        let columns = items::table_columns(&file, &plan);
        (plan, columns)
    })
    .await
    .map_err(|error| ApiError::internal(error.to_string()))?;
    let columns = columns?;
    let mut plan = plan;
    if columns.len() > items::MAX_COLUMNS {
        return Err(ApiError::invalid_parameter(format!(
            "The items have {} columns, more than the {} this format allows; choose columns with 'fields' or use JSON",
            columns.len(),
            items::MAX_COLUMNS
        )));
    }
    if let Some(long) = columns
        .iter()
        .find(|c| c.chars().count() > items::MAX_COLUMN_NAME)
    {
        return Err(ApiError::invalid_parameter(format!(
            "Column name '{}…' is longer than {} characters; leave it out with 'omit' or use JSON",
            long.chars().take(40).collect::<String>(),
            items::MAX_COLUMN_NAME
        )));
    }
    plan.options.columns = columns;
    Ok(plan)
}

pub async fn items_post(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let meta = resolve::<DatasetMeta>(&state, &caller, &ident, Access::Write)?;
    push_items(&state, &meta, &headers, &body).await
}

pub async fn push_items(
    state: &AppState,
    meta: &DatasetMeta,
    headers: &HeaderMap,
    body: &[u8],
) -> ApiResult<Response> {
    let items = match json_body(headers, body)? {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => {
            return Err(ApiError::invalid_value(
                "The request body must be a JSON object or an array of objects",
            ))
        }
    };
    let mut lines = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if !item.is_object() {
            return Err(ApiError::invalid_value(format!(
                "Item at index {index} is not a JSON object"
            )));
        }
        lines.push(serde_json::to_vec(item).map_err(|e| ApiError::internal(e.to_string()))?);
    }
    storage::append_items(state, &meta.id, lines).await?;
    let mut response = (StatusCode::CREATED, Json(json!({}))).into_response();
    let location = format!("{}/v2/datasets/{}/items", state.public_base(), meta.id);
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(response)
}

async fn statistics(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let meta = resolve::<DatasetMeta>(&state, &caller, &ident, Access::Read)?;
    // Without a fields schema there is nothing measured, and the platform answers null.
    let fields =
        (!storage::schema_fields(&state, &meta.id).is_empty()).then_some(&meta.field_statistics);
    Ok(Json(json!({ "data": { "fieldStatistics": fields } })))
}
