//! The comparison itself, in SQLite over two local copies: each item's key pulled out with its
//! JSON functions and indexed, and the parts (new, gone, changed, the same) found by indexed
//! joins, so memory does not grow with the data. Keys keep their JSON types (`1` and `"1"`
//! differ); an item without a key, and a key found twice on one side, are parts of their own:
//! they never silently win or vanish.

use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use super::copy::open;
use crate::Error;

/// What identifies an item, and what does not count as a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompareSpec {
    /// Fields, nested ones as `a.b`; together they are the key.
    pub key: Vec<String>,
    /// Fields whose differences are not a change (a scrape time that differs in every item).
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Part {
    New,
    Gone,
    Changed,
    Same,
    /// Items without a value for a key field, on either side.
    MissingKey,
    /// Items whose key occurs more than once on one side.
    DuplicateKey,
}

impl Part {
    fn table(self) -> &'static str {
        match self {
            Part::New => "p_new",
            Part::Gone => "p_gone",
            Part::Changed => "p_changed",
            Part::Same => "p_same",
            Part::MissingKey => "p_missing",
            Part::DuplicateKey => "p_duplicate",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub new: u64,
    pub gone: u64,
    pub changed: u64,
    pub same: u64,
    pub missing_key: u64,
    pub duplicate_key: u64,
}

fn sqlite_error(error: rusqlite::Error) -> Error {
    Error::internal(format!("comparison: {error}"))
}

/// `a.b` as SQLite's JSON path `$."a"."b"`, each name quoted so any character is a name.
pub(crate) fn json_path(field: &str) -> String {
    let mut path = String::from("$");
    for segment in field.split('.') {
        path.push_str(".\"");
        path.push_str(&segment.replace('\\', "\\\\").replace('"', "\\\""));
        path.push('"');
    }
    path
}

/// A JSON path as an SQL string literal.
fn literal(path: &str) -> String {
    format!("'{}'", path.replace('\'', "''"))
}

fn check(spec: &CompareSpec) -> Result<(), Error> {
    if spec.key.is_empty() || spec.key.iter().any(|k| k.trim().is_empty()) {
        return Err(Error::validation(
            "Choose at least one field that identifies an item, such as its URL or id.",
            "comparison key",
        ));
    }
    Ok(())
}

/// Compares `old` with `new` (two local copies) into a result file at `result`.
pub fn compare(old: &Path, new: &Path, spec: &CompareSpec, result: &Path) -> Result<Counts, Error> {
    check(spec)?;
    let _ = std::fs::remove_file(result);
    let connection = open(result)?;
    super::copy::private(result)?;
    attach(&connection, old, new)?;
    let paths: Vec<String> = spec.key.iter().map(|k| literal(&json_path(k))).collect();
    let key = format!(
        "json_array({})",
        paths
            .iter()
            .map(|p| format!("json_extract(item, {p})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let missing = paths
        .iter()
        .map(|p| format!("json_type(item, {p}) IS NULL"))
        .collect::<Vec<_>>()
        .join(" OR ");
    // Compared in SQLite's binary JSON: the same items give the same bytes.
    let body = if spec.ignore.is_empty() {
        "item".to_owned()
    } else {
        let ignored: Vec<String> = spec.ignore.iter().map(|f| literal(&json_path(f))).collect();
        format!("jsonb_remove(item, {})", ignored.join(", "))
    };
    let sql = format!(
        "
        CREATE TABLE k_old AS SELECT pos, {key} AS k, {body} AS body, ({missing}) AS missing FROM o.items;
        CREATE TABLE k_new AS SELECT pos, {key} AS k, {body} AS body, ({missing}) AS missing FROM n.items;
        CREATE INDEX k_old_k ON k_old (k) WHERE NOT missing;
        CREATE INDEX k_new_k ON k_new (k) WHERE NOT missing;
        CREATE TABLE twice (k TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT OR IGNORE INTO twice SELECT k FROM k_old WHERE NOT missing GROUP BY k HAVING count(*) > 1;
        INSERT OR IGNORE INTO twice SELECT k FROM k_new WHERE NOT missing GROUP BY k HAVING count(*) > 1;
        CREATE TABLE p_new (seq INTEGER PRIMARY KEY, pos INTEGER);
        INSERT INTO p_new (pos) SELECT pos FROM k_new AS a WHERE NOT missing
          AND NOT EXISTS (SELECT 1 FROM twice WHERE twice.k = a.k)
          AND NOT EXISTS (SELECT 1 FROM k_old AS b WHERE NOT b.missing AND b.k = a.k) ORDER BY pos;
        CREATE TABLE p_gone (seq INTEGER PRIMARY KEY, pos INTEGER);
        INSERT INTO p_gone (pos) SELECT pos FROM k_old AS a WHERE NOT missing
          AND NOT EXISTS (SELECT 1 FROM twice WHERE twice.k = a.k)
          AND NOT EXISTS (SELECT 1 FROM k_new AS b WHERE NOT b.missing AND b.k = a.k) ORDER BY pos;
        CREATE TABLE p_changed (seq INTEGER PRIMARY KEY, pos INTEGER, old_pos INTEGER);
        CREATE TABLE p_same (seq INTEGER PRIMARY KEY, pos INTEGER, old_pos INTEGER);
        CREATE TEMP TABLE pairs AS SELECT a.pos AS pos, b.pos AS old_pos, a.body = b.body AS same
          FROM k_new AS a JOIN k_old AS b ON b.k = a.k AND NOT b.missing
          WHERE NOT a.missing AND NOT EXISTS (SELECT 1 FROM twice WHERE twice.k = a.k);
        INSERT INTO p_changed (pos, old_pos) SELECT pos, old_pos FROM pairs WHERE NOT same ORDER BY pos;
        INSERT INTO p_same (pos, old_pos) SELECT pos, old_pos FROM pairs WHERE same ORDER BY pos;
        CREATE TABLE p_missing (seq INTEGER PRIMARY KEY, side TEXT, pos INTEGER);
        INSERT INTO p_missing (side, pos) SELECT 'old', pos FROM k_old WHERE missing ORDER BY pos;
        INSERT INTO p_missing (side, pos) SELECT 'new', pos FROM k_new WHERE missing ORDER BY pos;
        CREATE TABLE p_duplicate (seq INTEGER PRIMARY KEY, side TEXT, pos INTEGER);
        INSERT INTO p_duplicate (side, pos) SELECT 'old', pos FROM k_old AS a WHERE NOT missing
          AND EXISTS (SELECT 1 FROM twice WHERE twice.k = a.k) ORDER BY pos;
        INSERT INTO p_duplicate (side, pos) SELECT 'new', pos FROM k_new AS a WHERE NOT missing
          AND EXISTS (SELECT 1 FROM twice WHERE twice.k = a.k) ORDER BY pos;
        DROP TABLE pairs;
        DROP TABLE k_old;
        DROP TABLE k_new;
        "
    );
    connection.execute_batch(&sql).map_err(sqlite_error)?;
    counts(&connection)
}

fn attach(connection: &Connection, old: &Path, new: &Path) -> Result<(), Error> {
    for (path, name) in [(old, "o"), (new, "n")] {
        connection
            .execute(
                &format!("ATTACH DATABASE ?1 AS {name}"),
                [path.display().to_string()],
            )
            .map_err(sqlite_error)?;
    }
    Ok(())
}

/// How many rows a part of a finished comparison has.
pub(crate) fn part_total(result: &Path, part: Part) -> Result<u64, Error> {
    rows_in(&open(result)?, part)
}

fn rows_in(connection: &Connection, part: Part) -> Result<u64, Error> {
    connection
        .query_row(
            &format!("SELECT count(*) FROM {}", part.table()),
            [],
            |row| row.get::<_, i64>(0),
        )
        .map(|n| n as u64)
        .map_err(sqlite_error)
}

fn counts(connection: &Connection) -> Result<Counts, Error> {
    let count = |part: Part| rows_in(connection, part);
    Ok(Counts {
        new: count(Part::New)?,
        gone: count(Part::Gone)?,
        changed: count(Part::Changed)?,
        same: count(Part::Same)?,
        missing_key: count(Part::MissingKey)?,
        duplicate_key: count(Part::DuplicateKey)?,
    })
}

/// Rows `offset..offset + span` of a part. A changed row is the new item with each changed
/// field as "old → new" and a `change` column naming them (fields in `ignore` are not a
/// change, so they show their new value); rows of the two last parts say which side they are
/// from.
pub fn window(
    result: &Path,
    old: &Path,
    new: &Path,
    part: Part,
    offset: u64,
    span: u64,
    ignore: &[String],
) -> Result<Vec<Value>, Error> {
    let connection = open(result)?;
    attach(&connection, old, new)?;
    let table = part.table();
    let sql = match part {
        Part::New | Part::Same => format!(
            "SELECT json(i.item), NULL, NULL FROM {table} AS p JOIN n.items AS i ON i.pos = p.pos WHERE p.seq > ?1 ORDER BY p.seq LIMIT ?2"
        ),
        Part::Gone => format!(
            "SELECT json(i.item), NULL, NULL FROM {table} AS p JOIN o.items AS i ON i.pos = p.pos WHERE p.seq > ?1 ORDER BY p.seq LIMIT ?2"
        ),
        Part::Changed => format!(
            "SELECT json(i.item), json(j.item), NULL FROM {table} AS p JOIN n.items AS i ON i.pos = p.pos JOIN o.items AS j ON j.pos = p.old_pos WHERE p.seq > ?1 ORDER BY p.seq LIMIT ?2"
        ),
        Part::MissingKey | Part::DuplicateKey => format!(
            "SELECT json(CASE p.side WHEN 'old' THEN (SELECT item FROM o.items WHERE pos = p.pos) ELSE (SELECT item FROM n.items WHERE pos = p.pos) END), NULL, p.side FROM {table} AS p WHERE p.seq > ?1 ORDER BY p.seq LIMIT ?2"
        ),
    };
    let mut statement = connection.prepare(&sql).map_err(sqlite_error)?;
    let rows = statement
        .query_map(rusqlite::params![offset as i64, span as i64], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
            ))
        })
        .map_err(sqlite_error)?;
    let mut items = Vec::new();
    for row in rows {
        let (item, old_item, side) = row.map_err(sqlite_error)?;
        let item: Value =
            serde_json::from_str(&item).map_err(|e| Error::internal(e.to_string()))?;
        let shown = match (old_item, side) {
            (Some(old_item), _) => {
                let old_item: Value =
                    serde_json::from_str(&old_item).map_err(|e| Error::internal(e.to_string()))?;
                changed_row(&old_item, &item, ignore)
            }
            (None, Some(side)) => {
                let mut item = item;
                if let Some(object) = item.as_object_mut() {
                    object.insert(
                        "side".into(),
                        Value::String(if side == "old" { "older" } else { "newer" }.into()),
                    );
                }
                item
            }
            (None, None) => item,
        };
        items.push(shown);
    }
    Ok(items)
}

/// Every leaf of an item by its dotted path (`price.value`); an empty object is a leaf.
pub(crate) fn leaves(value: &Value, prefix: &str, out: &mut Map<String, Value>) {
    match value {
        Value::Object(object) if !object.is_empty() => {
            for (key, inner) in object {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(inner, &path, out);
            }
        }
        other => {
            out.insert(prefix.to_owned(), other.clone());
        }
    }
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(none)".into(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The new item flattened, each field that differs as "old → new", and `change` naming them;
/// a field in `ignore` (or inside one) keeps its new value and is not named.
pub(crate) fn changed_row(old: &Value, new: &Value, ignore: &[String]) -> Value {
    let ignored = |path: &str| {
        ignore
            .iter()
            .any(|field| path == field || path.starts_with(&format!("{field}.")))
    };
    let (mut before, mut after) = (Map::new(), Map::new());
    leaves(old, "", &mut before);
    leaves(new, "", &mut after);
    let mut row = Map::new();
    let mut changed = Vec::new();
    for (path, value) in &after {
        if before.get(path) == Some(value) || ignored(path) {
            row.insert(path.clone(), value.clone());
        } else {
            changed.push(path.clone());
            row.insert(
                path.clone(),
                Value::String(format!(
                    "{} → {}",
                    shown(before.get(path)),
                    shown(Some(value))
                )),
            );
        }
    }
    for (path, value) in &before {
        if !after.contains_key(path) && !ignored(path) {
            changed.push(path.clone());
            row.insert(
                path.clone(),
                Value::String(format!("{} → (none)", shown(Some(value)))),
            );
        }
    }
    let mut out = Map::new();
    out.insert("change".into(), Value::String(changed.join(", ")));
    out.extend(row);
    Value::Object(out)
}
