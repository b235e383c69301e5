//! What a comparison starts from: the previous successful run's dataset of the same Actor or
//! task, the fields of the first 1,000 items, a key among the fields whose values all differ,
//! and the fields that differ in every item and look like times, which are not a change.

use std::collections::{BTreeMap, HashSet};

use apify_client::clients::dataset::DatasetListItemsOptions;
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use super::engine::leaves;
use crate::{Error, Session};

const SAMPLE: i64 = 1000;
const KEY_NAMES: [&str; 8] = [
    "id",
    "url",
    "link",
    "sku",
    "asin",
    "productId",
    "itemId",
    "href",
];
const TIME_WORDS: [&str; 9] = [
    "at",
    "time",
    "date",
    "timestamp",
    "scraped",
    "checked",
    "crawled",
    "updated",
    "loaded",
];

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviousDataset {
    pub dataset_id: String,
    pub run_id: String,
    pub started_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldSuggestion {
    /// Nested fields as `a.b`.
    pub name: String,
    /// Every sampled item has it, nearly each with a value of its own (95%).
    pub distinct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompareSuggestion {
    /// The dataset of the run of the same Actor (or task) that succeeded before this one.
    pub previous: Option<PreviousDataset>,
    pub fields: Vec<FieldSuggestion>,
    pub key: Vec<String>,
    pub ignore: Vec<String>,
}

fn looks_like_time(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    let words: Vec<String> = last
        .split(|c: char| !c.is_alphanumeric())
        .flat_map(|word| {
            // camelCase into words: checkedAt → checked, at.
            let mut parts = vec![String::new()];
            for c in word.chars() {
                if c.is_uppercase() && !parts.last().is_some_and(String::is_empty) {
                    parts.push(String::new());
                }
                parts
                    .last_mut()
                    .expect("one part")
                    .push(c.to_ascii_lowercase());
            }
            parts
        })
        .collect();
    words.iter().any(|w| TIME_WORDS.contains(&w.as_str()))
}

/// Fields of a sample, in first-seen order, each with whether it could be a key.
pub fn fields_of(items: &[Value]) -> Vec<FieldSuggestion> {
    let mut order: Vec<String> = Vec::new();
    let mut values: BTreeMap<String, (usize, HashSet<String>)> = BTreeMap::new();
    for item in items {
        let mut flat = Map::new();
        leaves(item, "", &mut flat);
        for (path, value) in flat {
            if path.is_empty() {
                continue;
            }
            let entry = values.entry(path.clone()).or_insert_with(|| {
                order.push(path.clone());
                (0, HashSet::new())
            });
            if !value.is_null() {
                entry.0 += 1;
                entry.1.insert(value.to_string());
            }
        }
    }
    order
        .into_iter()
        .map(|name| {
            let (present, distinct) = &values[&name];
            FieldSuggestion {
                // Nearly all: a key found twice in a run's items (a page scraped twice) is
                // exactly what the comparison reports, not a reason to miss the key.
                distinct: !items.is_empty()
                    && *present == items.len()
                    && distinct.len() * 100 >= items.len() * 95,
                name,
            }
        })
        .collect()
}

/// The key and the fields to leave out, from a sample's fields.
pub fn key_and_ignore(fields: &[FieldSuggestion]) -> (Vec<String>, Vec<String>) {
    let distinct: Vec<&FieldSuggestion> = fields.iter().filter(|f| f.distinct).collect();
    let key = KEY_NAMES
        .iter()
        .find_map(|name| distinct.iter().find(|f| f.name == *name))
        .or_else(|| distinct.iter().find(|f| !looks_like_time(&f.name)))
        .map(|f| vec![f.name.clone()])
        .unwrap_or_default();
    let ignore = distinct
        .iter()
        .filter(|f| looks_like_time(&f.name) && !key.contains(&f.name))
        .map(|f| f.name.clone())
        .collect();
    (key, ignore)
}

async fn previous(session: &Session, dataset: &Value) -> Result<Option<PreviousDataset>, Error> {
    let (Some(actor), Some(run_id)) = (dataset["actId"].as_str(), dataset["actRunId"].as_str())
    else {
        return Ok(None);
    };
    let this = crate::runs::get(session, run_id).await?;
    let runs = crate::runs::history::list(session, Some(actor), Some("SUCCEEDED"), 0, 100).await?;
    // The task's own runs first, when this run was of a task.
    let earlier = runs.rows.into_iter().filter(|row| {
        row.run.id != this.id
            && row.run.started_at < this.started_at
            && row.run.default_dataset_id.is_some()
    });
    let mut earlier: Vec<_> = earlier.collect();
    earlier.sort_by_key(|row| row.run.task_id != this.task_id);
    Ok(earlier.into_iter().next().map(|row| PreviousDataset {
        dataset_id: row.run.default_dataset_id.unwrap_or_default(),
        run_id: row.run.id,
        started_at: row.run.started_at,
    }))
}

pub async fn suggest(session: &Session, dataset_id: &str) -> Result<CompareSuggestion, Error> {
    let dataset = session
        .client()
        .dataset(dataset_id)
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/datasets/{dataset_id}")))?;
    let dataset = serde_json::to_value(dataset).map_err(|e| Error::internal(e.to_string()))?;
    let sample: Vec<Value> = session
        .client()
        .dataset(dataset_id)
        .list_items(DatasetListItemsOptions {
            limit: Some(SAMPLE),
            ..Default::default()
        })
        .await
        .map_err(|e| session.error(e))?
        .items;
    let fields = fields_of(&sample);
    let (key, ignore) = key_and_ignore(&fields);
    Ok(CompareSuggestion {
        previous: previous(session, &dataset).await?,
        fields,
        key,
        ignore,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_key_is_a_field_of_its_own_per_item_and_times_are_left_out() {
        let items: Vec<Value> = (0..20)
            .map(|i| json!({ "title": "Lamp", "url": format!("https://x/{i}"), "checkedAt": format!("t{i}"), "seller": { "sku": i } }))
            .collect();
        let fields = fields_of(&items);
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["title", "url", "checkedAt", "seller.sku"]);
        assert_eq!(fields.iter().filter(|f| f.distinct).count(), 3);
        assert_eq!(
            key_and_ignore(&fields),
            (vec!["url".to_owned()], vec!["checkedAt".to_owned()])
        );
        assert!(
            looks_like_time("scrapedAt")
                && looks_like_time("meta.updated_time")
                && !looks_like_time("seller.sku")
                && !looks_like_time("category")
        );
        assert_eq!(key_and_ignore(&fields_of(&[])), (vec![], vec![]));
    }
}
