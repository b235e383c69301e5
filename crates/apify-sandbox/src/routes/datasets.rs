use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio_stream::wrappers::ReceiverStream;

use super::{data, find, json_body, page, Params};
use crate::auth::{Caller, Kind};
use crate::error::{ApiError, ApiResult};
use crate::items::{self, ExportPlan, Format, FormatOptions, Transform};
use crate::render;
use crate::state::{Access, AppState, DatasetMeta};

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

/// Resolves a dataset the caller may access as `needed`, answering 404 or 403 otherwise.
pub fn resolve(
    state: &AppState,
    caller: &Caller,
    ident: &str,
    needed: Access,
) -> ApiResult<DatasetMeta> {
    let db = state.db();
    let meta = find(
        &db.datasets,
        &db,
        caller,
        ident,
        |d| d.name.as_deref(),
        |d| &d.user_id,
    )
    .filter(|d| d.user_id == caller.user.id)
    .ok_or_else(|| ApiError::not_found("Dataset"))?;
    caller.require(
        Kind::Dataset,
        &meta.id,
        meta.created_by_token.as_deref(),
        needed,
    )?;
    Ok(meta.clone())
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
    let mut metas: Vec<DatasetMeta> = state
        .db()
        .datasets
        .values()
        .filter(|d| d.user_id == caller.user.id && (unnamed || d.name.is_some()))
        .cloned()
        .collect();
    // Oldest first, as the platform lists them (`desc=1`: newest first).
    metas.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    let items = metas
        .iter()
        .map(|meta| describe(&state, meta))
        .collect::<ApiResult<Vec<_>>>()?;
    let mut answer = page(items, &params)?;
    answer.0["data"]["unnamed"] = json!(unnamed);
    Ok(answer)
}

/// Names follow the platform's rule: letters, digits and dashes, up to 63 characters.
pub fn check_storage_name(name: &str) -> ApiResult<()> {
    let valid = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid_value(
            "Name can only contain letters, digits and dashes (not at the start or end), up to 63 characters",
        ))
    }
}

/// Makes a dataset for a user, e.g. a run's default one.
pub fn make(
    state: &AppState,
    user_id: &str,
    name: Option<String>,
    creator: Option<String>,
) -> DatasetMeta {
    let now = crate::time::now();
    let meta = DatasetMeta {
        id: state.random.id(),
        name,
        user_id: user_id.to_owned(),
        created_at: now.clone(),
        modified_at: now.clone(),
        accessed_at: now,
        act_id: None,
        act_run_id: None,
        created_by_token: creator,
        field_statistics: Default::default(),
    };
    state.db().datasets.insert(meta.id.clone(), meta.clone());
    meta
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    params: Params,
) -> ApiResult<Response> {
    let creator = caller.creator();
    let owner = caller.user.id.clone();
    super::create_storage(
        &state,
        &caller,
        &params,
        Kind::Dataset,
        "datasets",
        |name| make(&state, &owner, name, creator),
        |meta| describe(&state, meta),
    )
}

async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let meta = resolve(&state, &caller, &ident, Access::Read)?;
    Ok(data(describe(&state, &meta)?))
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let meta = resolve(&state, &caller, &ident, Access::Write)?;
    let body = json_body(&headers, &body)?;
    let name = match body.get("name") {
        Some(Value::String(name)) => {
            check_storage_name(name)?;
            let taken = state.db().datasets.values().any(|d| {
                d.user_id == caller.user.id && d.id != meta.id && d.name.as_deref() == Some(name)
            });
            if taken {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid-value",
                    "A dataset with this name already exists",
                ));
            }
            Some(name.clone())
        }
        Some(Value::Null) => None,
        None => meta.name.clone(),
        Some(_) => {
            return Err(ApiError::invalid_value(
                "Field 'name' must be a string or null",
            ))
        }
    };
    let updated = {
        let mut db = state.db();
        let entry = db
            .datasets
            .get_mut(&meta.id)
            .ok_or_else(|| ApiError::not_found("Dataset"))?;
        entry.name = name;
        entry.modified_at = crate::time::now();
        entry.clone()
    };
    state.save()?;
    Ok(data(describe(&state, &updated)?))
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<StatusCode> {
    let meta = resolve(&state, &caller, &ident, Access::Write)?;
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
    let meta = resolve(&state, &caller, &ident, Access::Read)?;
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
    let meta = resolve(&state, &caller, &ident, Access::Write)?;
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
    append(state, &meta.id, lines).await?;
    let mut response = (StatusCode::CREATED, Json(json!({}))).into_response();
    let location = format!("{}/v2/datasets/{}/items", state.public_base(), meta.id);
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("ascii"),
    );
    Ok(response)
}

/// The fields whose statistics a dataset keeps: those of the dataset schema of the Actor whose
/// run made it.
fn schema_fields(state: &AppState, dataset_id: &str) -> Vec<String> {
    let db = state.db();
    db.datasets
        .get(dataset_id)
        .and_then(|meta| meta.act_id.as_ref())
        .and_then(|act_id| db.actors.get(act_id))
        .and_then(|actor| crate::demo::dataset_schema(&actor.name))
        .map(|schema| items::schema_fields(&schema))
        .unwrap_or_default()
}

async fn statistics(
    State(state): State<AppState>,
    caller: Caller,
    Path(ident): Path<String>,
) -> ApiResult<Json<Value>> {
    let meta = resolve(&state, &caller, &ident, Access::Read)?;
    // Without a fields schema there is nothing measured, and the platform answers null.
    let fields = (!schema_fields(&state, &meta.id).is_empty()).then_some(&meta.field_statistics);
    Ok(Json(json!({ "data": { "fieldStatistics": fields } })))
}

/// Appends serialized items on a blocking thread and marks the dataset modified.
pub async fn append(state: &AppState, dataset_id: &str, lines: Vec<Vec<u8>>) -> ApiResult<()> {
    let file = state.items(dataset_id)?;
    let fields = schema_fields(state, dataset_id);
    let counted = tokio::task::spawn_blocking(move || {
        file.append(&lines)?;
        let mut counted = std::collections::BTreeMap::new();
        items::count_items(&mut counted, &fields, &lines);
        Ok::<_, std::io::Error>(counted)
    })
    .await
    .map_err(|error| ApiError::internal(error.to_string()))??;
    if let Some(meta) = state.db().datasets.get_mut(dataset_id) {
        meta.modified_at = crate::time::now();
        for (field, added) in counted {
            let kept = meta.field_statistics.entry(field).or_default();
            kept.null_count += added.null_count;
            kept.empty_count += added.empty_count;
            kept.min = [kept.min, added.min].into_iter().flatten().reduce(f64::min);
            kept.max = [kept.max, added.max].into_iter().flatten().reduce(f64::max);
        }
    }
    state.save()?;
    Ok(())
}
