//! One dataset as its screen opens it: what it is, the views its Actor declares, how many items
//! have a value in each measured field, and the first columns.

pub mod export;
pub mod formulas;
pub mod limits;
pub mod pages;
pub mod tables;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::datasets::pages::ItemQuery;
use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatasetInfo {
    pub id: String,
    pub name: Option<String>,
    pub item_count: u64,
    pub modified_at: Option<String>,
    pub size_bytes: Option<u64>,
    pub act_id: Option<String>,
    pub act_run_id: Option<String>,
    pub created_at: Option<String>,
    /// For an unnamed dataset, the title of the Actor whose run made it: it is called after it.
    pub actor_title: Option<String>,
    /// For an unnamed dataset, the days Apify keeps it (the plan's data retention).
    pub retention_days: Option<u64>,
    /// Views from the dataset schema of the Actor's build, in its order.
    pub views: Vec<DatasetView>,
    /// Items with a value (neither missing nor null) per field, where the API measures it.
    pub filled: BTreeMap<String, u64>,
}

/// A view of the Actor's dataset schema (`actorDefinition.storages.dataset.views`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatasetView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub query: ItemQuery,
    /// The view's `unwind`: applied to exports; the table keeps one row per stored item.
    pub unwind: Vec<String>,
    /// Columns the view names, in its order, with the label and format it gives them.
    pub columns: Vec<ViewColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ViewColumn {
    pub field: String,
    pub label: Option<String>,
    pub format: CellFormat,
}

/// How a view asks a column to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CellFormat {
    Text,
    Number,
    Date,
    Link,
    Boolean,
    Array,
    Object,
    Image,
}

/// The dataset, or `NotFound` when the API has no such dataset (deleted, or another account's).
pub(crate) async fn get(
    session: &Session,
    dataset_id: &str,
) -> Result<apify_client::models::Dataset, Error> {
    session
        .client()
        .dataset(dataset_id)
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/datasets/{dataset_id}")))
}

pub async fn load(session: &Session, dataset_id: &str) -> Result<DatasetInfo, Error> {
    let dataset = get(session, dataset_id).await?;
    let extra = |name: &str| dataset.extra.get(name).and_then(Value::as_str);
    let act_id = extra("actId").map(str::to_owned);
    let act_run_id = extra("actRunId").map(str::to_owned);
    let item_count = dataset.item_count.unwrap_or(0).max(0) as u64;
    // Views and statistics are extras: a deleted Actor or an API without statistics leaves the
    // plain table, never an error.
    let views = match &act_id {
        Some(actor) => actor_views(session, actor).await.unwrap_or_default(),
        None => Vec::new(),
    };
    let filled = session
        .client()
        .dataset(dataset_id)
        .get_statistics()
        .await
        .map(|statistics| filled_counts(&statistics, item_count))
        .unwrap_or_default();
    let actor_title = crate::runs::catalog::title_for_unnamed(
        session,
        dataset.name.as_deref(),
        act_id.as_deref(),
    )
    .await;
    let retention_days = crate::retention::for_storage(session, dataset.name.as_deref()).await;
    Ok(DatasetInfo {
        retention_days,
        size_bytes: dataset
            .extra
            .get("stats")
            .and_then(|s| s["storageBytes"].as_u64()),
        id: dataset.id,
        name: dataset.name,
        item_count,
        modified_at: dataset
            .modified_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        created_at: dataset
            .created_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        actor_title,
        act_id,
        act_run_id,
        views,
        filled,
    })
}

async fn actor_views(session: &Session, actor_id: &str) -> Result<Vec<DatasetView>, Error> {
    let build = session
        .client()
        .actor(actor_id)
        .default_build(None)
        .await
        .map_err(|e| session.error(e))?
        .get()
        .await
        .map_err(|e| session.error(e))?;
    Ok(build
        .and_then(|b| b.extra.get("actorDefinition").cloned())
        .map(|definition| views(&definition["storages"]["dataset"]))
        .unwrap_or_default())
}

/// The views of a dataset schema; a malformed view is left out rather than failing the rest.
pub fn views(dataset_schema: &Value) -> Vec<DatasetView> {
    let Some(views) = dataset_schema["views"].as_object() else {
        return Vec::new();
    };
    views
        .iter()
        .filter_map(|(id, view)| {
            let transformation = &view["transformation"];
            let strings = |name: &str| -> Vec<String> {
                transformation[name]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            };
            let flag = |name: &str| transformation[name].as_bool().unwrap_or(false);
            let fields = strings("fields");
            let properties = &view["display"]["properties"];
            let mut columns: Vec<ViewColumn> = fields
                .iter()
                .map(|field| view_column(field, &properties[field]))
                .collect();
            // Display properties for fields the transformation does not list still label them.
            if let Some(more) = properties.as_object() {
                for (field, display) in more {
                    if !fields.contains(field) {
                        columns.push(view_column(field, display));
                    }
                }
            }
            Some(DatasetView {
                id: id.clone(),
                title: view["title"].as_str()?.to_owned(),
                description: view["description"].as_str().map(str::to_owned),
                query: ItemQuery {
                    fields,
                    omit: strings("omit"),
                    flatten: strings("flatten"),
                    // `clean` is `skipHidden` plus `skipEmpty`; the table keeps empty items as
                    // rows so that row numbers stay the dataset's.
                    skip_hidden: flag("clean") || flag("skipHidden"),
                    desc: flag("desc"),
                },
                unwind: strings("unwind"),
                columns,
            })
        })
        .collect()
}

fn view_column(field: &str, display: &Value) -> ViewColumn {
    ViewColumn {
        field: field.to_owned(),
        label: display["label"].as_str().map(str::to_owned),
        format: display
            .get("format")
            .cloned()
            .and_then(|f| serde_json::from_value(f).ok())
            .unwrap_or(CellFormat::Text),
    }
}

/// Items with a value per field: all but the missing (`emptyCount`) and the null ones.
fn filled_counts(statistics: &Value, item_count: u64) -> BTreeMap<String, u64> {
    statistics["fieldStatistics"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(field, stats)| {
            let missing = stats["emptyCount"].as_u64().unwrap_or(0)
                + stats["nullCount"].as_u64().unwrap_or(0);
            (field.clone(), item_count.saturating_sub(missing))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn views_carry_their_transformation_labels_and_formats() {
        let schema = json!({
            "views": {
                "overview": {
                    "title": "Overview",
                    "transformation": { "fields": ["title", "price.value"], "flatten": ["price"], "unwind": ["tags"], "clean": true },
                    "display": { "component": "table", "properties": {
                        "price.value": { "label": "Price", "format": "number" },
                        "url": { "label": "Page", "format": "link" },
                        "odd": { "format": "sparkline" }
                    } }
                },
                "untitled": { "transformation": { "fields": ["a"] } }
            }
        });
        let views = views(&schema);
        assert_eq!(views.len(), 1, "a view without a title is left out");
        let view = &views[0];
        assert_eq!(view.query.fields, ["title", "price.value"]);
        assert_eq!(view.query.flatten, ["price"]);
        assert!(view.query.skip_hidden);
        assert_eq!(view.unwind, ["tags"]);
        let described: Vec<_> = view
            .columns
            .iter()
            .map(|c| (c.field.as_str(), c.label.as_deref(), c.format))
            .collect();
        assert_eq!(
            described,
            [
                ("title", None, CellFormat::Text),
                ("price.value", Some("Price"), CellFormat::Number),
                ("url", Some("Page"), CellFormat::Link),
                ("odd", None, CellFormat::Text),
            ]
        );
    }

    #[test]
    fn filled_counts_leave_out_missing_and_null_values() {
        let statistics = json!({ "fieldStatistics": {
            "rating": { "emptyCount": 20, "nullCount": 0 },
            "description": { "nullCount": 15 },
            "id": { "min": 1, "max": 100 }
        } });
        let filled = filled_counts(&statistics, 100);
        assert_eq!(filled["rating"], 80);
        assert_eq!(filled["description"], 85);
        assert_eq!(filled["id"], 100);
        assert!(filled_counts(&json!({ "fieldStatistics": null }), 5).is_empty());
    }

    #[test]
    fn the_sandbox_demo_dataset_schema_is_valid_and_has_two_views() {
        let read = crate::shared_schema;
        // `fields` refers to draft-07 by its public address, which is not fetched: it is checked
        // against the local copy on its own.
        let mut meta = read("dataset.schema.json");
        assert_eq!(
            meta["properties"]["fields"]["$ref"],
            "http://json-schema.org/draft-07/schema#"
        );
        meta["properties"]["fields"] = serde_json::json!({ "type": "object" });
        let validator = jsonschema::validator_for(&meta).unwrap();
        let draft7 = jsonschema::validator_for(&read("json-schema-draft-07.json")).unwrap();
        let (name, schema) = crate::demo_schemas(".dataset.json")
            .pop()
            .expect("the item generator declares a dataset schema");
        assert_eq!(name, "generate-items");
        let errors: Vec<String> = validator
            .iter_errors(&schema)
            .chain(draft7.iter_errors(&schema["fields"]))
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(views(&schema).len() >= 2);
    }
}
