//! The item options of `GET /v2/datasets/{id}/items`, applied the way the platform applies them.

use serde_json::{Map, Value};

#[derive(Debug, Clone, Default)]
pub struct Transform {
    pub fields: Option<Vec<String>>,
    pub omit: Vec<String>,
    pub unwind: Vec<String>,
    pub flatten: Vec<String>,
    pub skip_hidden: bool,
    pub skip_empty: bool,
}

impl Transform {
    /// Nothing to do: items can be copied byte for byte.
    pub fn is_identity(&self) -> bool {
        self.fields.is_none()
            && self.omit.is_empty()
            && self.unwind.is_empty()
            && self.flatten.is_empty()
            && !self.skip_hidden
            && !self.skip_empty
    }

    /// Turns one stored item into the items to output (unwinding can make several, empty ones
    /// can make none).
    pub fn apply(&self, item: Value, out: &mut Vec<Map<String, Value>>) {
        let Value::Object(object) = item else {
            return;
        };
        let mut items = vec![object];
        for field in &self.unwind {
            items = items
                .into_iter()
                .flat_map(|item| unwind(item, field))
                .collect();
        }
        for mut item in items {
            if self.skip_hidden {
                item.retain(|key, _| !key.starts_with('#'));
            }
            for field in &self.flatten {
                flatten_field(&mut item, field);
            }
            if let Some(fields) = self.fields.as_ref().filter(|f| !keys_in_order(&item, f)) {
                // The rest of the item is dropped, so its order need not be kept while picking:
                // `swap_remove` is constant time where `remove` shifts every later key.
                let mut picked = Map::with_capacity(fields.len());
                for field in fields {
                    if let Some(value) = item.swap_remove(field) {
                        picked.insert(field.clone(), value);
                    }
                }
                item = picked;
            }
            for field in &self.omit {
                item.remove(field);
            }
            if self.skip_empty && item.is_empty() {
                continue;
            }
            out.push(item);
        }
    }
}

/// Whether picking `fields` would leave the item as it is: its keys are among the fields, in
/// their order. Items usually are (every field asked for, in the dataset's order), and then a
/// walk over the names costs far less than building the item again.
fn keys_in_order(item: &Map<String, Value>, fields: &[String]) -> bool {
    let mut wanted = fields.iter();
    item.keys().all(|key| wanted.any(|field| field == key))
}

fn unwind(mut item: Map<String, Value>, field: &str) -> Vec<Map<String, Value>> {
    match item.get(field) {
        Some(Value::Array(_)) => {
            let Some(Value::Array(elements)) = item.remove(field) else {
                unreachable!()
            };
            elements
                .into_iter()
                .map(|element| {
                    let mut unwound = item.clone();
                    match element {
                        Value::Object(inner) => unwound.extend(inner),
                        other => {
                            unwound.insert(field.to_owned(), other);
                        }
                    }
                    unwound
                })
                .collect()
        }
        Some(Value::Object(_)) => {
            let Some(Value::Object(inner)) = item.remove(field) else {
                unreachable!()
            };
            item.extend(inner);
            vec![item]
        }
        _ => vec![item],
    }
}

/// `flatten=foo` turns `{"foo": {"bar": 1}}` into `{"foo.bar": 1}`.
fn flatten_field(item: &mut Map<String, Value>, field: &str) {
    if !matches!(item.get(field), Some(Value::Object(_))) {
        return;
    }
    let Some(Value::Object(inner)) = item.remove(field) else {
        unreachable!()
    };
    let mut flat = Map::new();
    flatten_into(&mut flat, field, Value::Object(inner), ".", false);
    item.extend(flat);
}

/// Table formats (CSV, XLSX, HTML) flatten everything: `{"a": {"b": [1, 2]}}` becomes the
/// columns `a/b/0` and `a/b/1`, as the platform names them.
pub fn flatten_for_table(item: Map<String, Value>) -> Vec<(String, Value)> {
    let mut flat = Map::new();
    for (key, value) in item {
        flatten_into(&mut flat, &key, value, "/", true);
    }
    flat.into_iter().collect()
}

fn flatten_into(
    out: &mut Map<String, Value>,
    prefix: &str,
    value: Value,
    separator: &str,
    arrays: bool,
) {
    match value {
        Value::Object(inner) if !inner.is_empty() => {
            for (key, value) in inner {
                flatten_into(
                    out,
                    &format!("{prefix}{separator}{key}"),
                    value,
                    separator,
                    arrays,
                );
            }
        }
        Value::Array(elements) if arrays && !elements.is_empty() => {
            for (index, value) in elements.into_iter().enumerate() {
                flatten_into(
                    out,
                    &format!("{prefix}{separator}{index}"),
                    value,
                    separator,
                    arrays,
                );
            }
        }
        other => {
            out.insert(prefix.to_owned(), other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(transform: &Transform, item: Value) -> Vec<Value> {
        let mut out = Vec::new();
        transform.apply(item, &mut out);
        out.into_iter().map(Value::Object).collect()
    }

    #[test]
    fn unwind_makes_one_item_per_element_merged_with_its_parent() {
        let transform = Transform {
            unwind: vec!["offers".into()],
            ..Default::default()
        };
        let item = json!({"name": "lamp", "offers": [{"price": 1}, {"price": 2}]});
        assert_eq!(
            run(&transform, item),
            vec![
                json!({"name": "lamp", "price": 1}),
                json!({"name": "lamp", "price": 2})
            ]
        );
    }

    #[test]
    fn clean_drops_hidden_fields_and_empty_items() {
        let transform = Transform {
            skip_hidden: true,
            skip_empty: true,
            ..Default::default()
        };
        assert_eq!(run(&transform, json!({"#debug": 1})), Vec::<Value>::new());
        assert_eq!(
            run(&transform, json!({"#debug": 1, "a": 2})),
            vec![json!({"a": 2})]
        );
    }

    #[test]
    fn items_whose_keys_follow_the_fields_are_kept_as_they_are() {
        let item = |text: &str| serde_json::from_str::<Map<String, Value>>(text).unwrap();
        let fields: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert!(keys_in_order(&item(r#"{"a":1,"b":2,"c":3}"#), &fields));
        assert!(keys_in_order(&item(r#"{"a":1,"c":3}"#), &fields));
        assert!(!keys_in_order(&item(r#"{"b":2,"a":1}"#), &fields));
        assert!(!keys_in_order(&item(r#"{"a":1,"d":4}"#), &fields));
        // Kept or rebuilt, the answer is the same.
        let picked = |text: &str| {
            let mut out = Vec::new();
            Transform {
                fields: Some(fields.clone()),
                ..Default::default()
            }
            .apply(serde_json::from_str(text).unwrap(), &mut out);
            serde_json::to_string(&out).unwrap()
        };
        assert_eq!(picked(r#"{"a":1,"c":3}"#), r#"[{"a":1,"c":3}]"#);
        assert_eq!(picked(r#"{"c":3,"d":4,"a":1}"#), r#"[{"a":1,"c":3}]"#);
    }

    #[test]
    fn fields_pick_and_order_omit_removes_flatten_joins_with_dots() {
        let transform = Transform {
            fields: Some(vec!["b".into(), "a.x".into()]),
            flatten: vec!["a".into()],
            ..Default::default()
        };
        let out = run(&transform, json!({"a": {"x": 1, "y": 2}, "b": 3, "c": 4}));
        assert_eq!(
            serde_json::to_string(&out[0]).unwrap(),
            r#"{"b":3,"a.x":1}"#
        );
    }

    #[test]
    fn tables_flatten_objects_and_arrays_with_slashes() {
        let item = json!({"a": {"b": [1, {"c": 2}]}, "d": []});
        let Value::Object(item) = item else {
            unreachable!()
        };
        let columns: Vec<String> = flatten_for_table(item)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(columns, ["a/b/0", "a/b/1/c", "d"]);
    }
}
