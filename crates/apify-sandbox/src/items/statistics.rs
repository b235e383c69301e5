//! Field statistics, as the platform keeps them for the fields of an Actor's dataset schema:
//! counted as items are appended, so answering never reads the items again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldStatistics {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub null_count: u64,
    /// Items without the field at all (an empty string still counts as a value).
    pub empty_count: u64,
}

impl FieldStatistics {
    fn count(&mut self, value: Option<&Value>) {
        let measure = match value {
            None => {
                self.empty_count += 1;
                return;
            }
            Some(Value::Null) => {
                self.null_count += 1;
                return;
            }
            // The spec's rule: numbers themselves, lengths of strings and arrays, keys of objects.
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => Some(s.chars().count() as f64),
            Some(Value::Array(a)) => Some(a.len() as f64),
            Some(Value::Object(o)) => Some(o.len() as f64),
            Some(Value::Bool(_)) => None,
        };
        if let Some(measure) = measure {
            self.min = Some(self.min.map_or(measure, |m| m.min(measure)));
            self.max = Some(self.max.map_or(measure, |m| m.max(measure)));
        }
    }
}

/// Adds appended items (one JSON object a line) to the statistics of `fields`.
pub fn count_items(
    statistics: &mut BTreeMap<String, FieldStatistics>,
    fields: &[String],
    lines: &[Vec<u8>],
) {
    for line in lines {
        let item: Value = serde_json::from_slice(line).unwrap_or(Value::Null);
        for field in fields {
            statistics
                .entry(field.clone())
                .or_default()
                .count(item.get(field));
        }
    }
}

/// The statistics' fields: the top-level properties of a dataset schema's `fields`.
pub fn schema_fields(dataset_schema: &Value) -> Vec<String> {
    dataset_schema["fields"]["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_values_nulls_and_missing_fields_by_the_spec_rule() {
        let mut statistics = BTreeMap::new();
        let lines: Vec<Vec<u8>> = [
            json!({ "price": 5, "name": "ab", "tags": [1, 2, 3] }),
            json!({ "price": null, "name": "" }),
            json!({ "price": 9 }),
        ]
        .iter()
        .map(|item| item.to_string().into_bytes())
        .collect();
        let fields = ["price", "name", "tags"].map(String::from);
        count_items(&mut statistics, &fields, &lines);
        let price = &statistics["price"];
        assert_eq!((price.min, price.max), (Some(5.0), Some(9.0)));
        assert_eq!((price.null_count, price.empty_count), (1, 0));
        let name = &statistics["name"];
        assert_eq!(
            (name.min, name.max, name.empty_count),
            (Some(0.0), Some(2.0), 1)
        );
        assert_eq!(statistics["tags"].empty_count, 2);
    }
}
