//! The API's limits for table formats (CSV, Excel, HTML): at most 2,000 columns, each name at
//! most 200 characters. Checked on the first items before a file is chosen, so the export
//! dialog can say so and offer a way out instead of failing after the save dialog.

use serde_json::{Map, Value};

use crate::datasets::export::{ExportFormat, ExportOptions};
use crate::ErrorKind;
use crate::{Error, Session};

pub const MAX_COLUMNS: usize = 2000;
pub const MAX_COLUMN_NAME: usize = 200;
/// How many items the check reads: enough to see a dataset's shape, quick at any size.
const SAMPLE: i64 = 1000;

pub async fn check(
    session: &Session,
    dataset_id: &str,
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<(), Error> {
    if !format.is_table() {
        return Ok(());
    }
    let list = session
        .client()
        .dataset(dataset_id)
        .list_items::<Value>(options.items_from(
            options.offset,
            Some(options.limit.map_or(SAMPLE, |l| (l as i64).min(SAMPLE))),
        ))
        .await
        .map_err(|e| session.error(e))?;
    check_columns(&table_columns(&list.items))
}

/// The columns a table format has: nested objects and arrays spread out as `a/b/0`.
pub fn table_columns(items: &[Value]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut columns = Vec::new();
    for item in items {
        if let Value::Object(object) = item {
            spread(object, "", &mut |name| {
                if seen.insert(name.to_owned()) {
                    columns.push(name.to_owned());
                }
            });
        }
    }
    columns
}

fn spread(object: &Map<String, Value>, prefix: &str, found: &mut dyn FnMut(&str)) {
    for (key, value) in object {
        let name = format!("{prefix}{key}");
        match value {
            Value::Object(inner) if !inner.is_empty() => spread(inner, &format!("{name}/"), found),
            Value::Array(elements) if !elements.is_empty() => {
                for (index, element) in elements.iter().enumerate() {
                    let at = format!("{name}/{index}");
                    match element {
                        Value::Object(inner) if !inner.is_empty() => {
                            spread(inner, &format!("{at}/"), found)
                        }
                        _ => found(&at),
                    }
                }
            }
            _ => found(&name),
        }
    }
}

pub fn check_columns(columns: &[String]) -> Result<(), Error> {
    if columns.len() > MAX_COLUMNS {
        return Err(Error::with_reason(ErrorKind::TableTooWide, format!(
                "The items have {} columns, and this format holds at most {MAX_COLUMNS}. Choose the columns to export, or save as JSON.",
                columns.len()
            ), format!("{} columns in the first items", columns.len())));
    }
    if let Some(long) = columns.iter().find(|c| c.chars().count() > MAX_COLUMN_NAME) {
        let start: String = long.chars().take(40).collect();
        return Err(Error::with_reason(ErrorKind::TableTooWide, format!(
                "The column “{start}…” has a name longer than {MAX_COLUMN_NAME} characters, which this format cannot hold. Leave that column out, or save as JSON."
            ), format!("a column name of {} characters", long.chars().count())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_spread_like_the_api_and_limits_are_named() {
        let items = [json!({ "a": { "b": 1 }, "tags": ["x", { "c": 2 }], "e": [] })];
        assert_eq!(table_columns(&items), ["a/b", "tags/0", "tags/1/c", "e"]);
        let wide: Vec<String> = (0..=MAX_COLUMNS).map(|i| format!("c{i}")).collect();
        let error = check_columns(&wide).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::TableTooWide);
        assert!(error.to_string().contains("2001 columns"), "{error}");
        assert!(check_columns(&wide[..MAX_COLUMNS]).is_ok());
        let long = vec!["n".repeat(MAX_COLUMN_NAME + 1)];
        assert!(check_columns(&long).is_err());
        assert!(check_columns(&["n".repeat(MAX_COLUMN_NAME)]).is_ok());
    }
}
