//! The export formats. Each writes into a `ChunkSender`, which hands 64 KiB chunks to the
//! HTTP response as they fill.

use std::io::Write;

use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::{ExportPlan, ItemFile};
use crate::items::transform::flatten_for_table;

/// The platform refuses wider tables than this in CSV, XLSX and HTML.
pub const MAX_COLUMNS: usize = 2000;
pub const MAX_COLUMN_NAME: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Xlsx,
    Xml,
    Rss,
    Html,
}

impl Format {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "json" => Self::Json,
            "jsonl" => Self::Jsonl,
            "csv" => Self::Csv,
            "xlsx" => Self::Xlsx,
            "xml" => Self::Xml,
            "rss" => Self::Rss,
            "html" => Self::Html,
            _ => return None,
        })
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json; charset=utf-8",
            Self::Jsonl => "application/jsonl; charset=utf-8",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Xml => "application/xml; charset=utf-8",
            Self::Rss => "application/rss+xml; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Xml => "xml",
            Self::Rss => "rss",
            Self::Html => "html",
        }
    }

    pub fn is_table(self) -> bool {
        matches!(self, Self::Csv | Self::Xlsx | Self::Html)
    }
}

#[derive(Debug, Clone)]
pub struct FormatOptions {
    pub bom: bool,
    pub delimiter: String,
    pub skip_header_row: bool,
    pub xml_root: String,
    pub xml_row: String,
    /// Columns of a table format, fixed before the first row is written.
    pub columns: Vec<String>,
}

pub struct ChunkSender {
    sender: mpsc::Sender<std::io::Result<Bytes>>,
    buffer: Vec<u8>,
}

const CHUNK: usize = 64 * 1024;

impl ChunkSender {
    pub fn new(sender: mpsc::Sender<std::io::Result<Bytes>>) -> Self {
        Self {
            sender,
            buffer: Vec::with_capacity(CHUNK),
        }
    }

    fn flush_chunk(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.flush_chunk()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.flush_chunk()
    }
}

/// Reads the plan's items, transforms them, and calls `each` with every output item.
fn each_item(
    file: &ItemFile,
    plan: &ExportPlan,
    mut each: impl FnMut(Map<String, Value>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut shaped = Vec::new();
    file.for_each(plan.start, plan.end, plan.desc, |line| {
        let item: Value = serde_json::from_slice(line).map_err(std::io::Error::other)?;
        shaped.clear();
        plan.transform.apply(item, &mut shaped);
        for item in shaped.drain(..) {
            each(item)?;
        }
        Ok(())
    })
}

/// The columns a table export will have: every flattened key, in the order first seen.
pub fn table_columns(file: &ItemFile, plan: &ExportPlan) -> std::io::Result<Vec<String>> {
    if let Some(fields) = &plan.transform.fields {
        // Explicit fields fix the order; nested ones still expand to their flattened keys.
        // Each item is flattened once, and each of its keys looked up by the field it falls
        // under: a whole item cloned and flattened once per field made `fields=` exports of
        // many columns several times slower than plain ones.
        let wanted: std::collections::HashSet<&str> = fields.iter().map(String::as_str).collect();
        let mut columns = indexmap_like::OrderedSet::default();
        each_item(file, plan, |item| {
            for (key, _) in flatten_for_table(item) {
                if under_a_field(&key, &wanted) {
                    columns.insert(key);
                }
            }
            Ok(())
        })?;
        let mut ordered = Vec::new();
        for field in fields {
            let found: Vec<String> = columns
                .iter()
                .filter(|key| *key == field || key.starts_with(&format!("{field}/")))
                .cloned()
                .collect();
            // A field the user asked for is a column even where no item has it.
            if found.is_empty() {
                ordered.push(field.clone());
            } else {
                ordered.extend(found);
            }
        }
        return Ok(ordered);
    }
    let mut columns = indexmap_like::OrderedSet::default();
    each_item(file, plan, |item| {
        for (key, _) in flatten_for_table(item) {
            columns.insert(key);
        }
        Ok(())
    })?;
    Ok(columns.into_vec())
}

/// Whether a flattened key (`a/b/c`) is a field asked for or lies under one (`a`, `a/b`).
fn under_a_field(key: &str, fields: &std::collections::HashSet<&str>) -> bool {
    fields.contains(key)
        || key
            .match_indices('/')
            .any(|(at, _)| fields.contains(&key[..at]))
}

mod indexmap_like {
    use std::collections::HashSet;

    /// Insertion-ordered set of column names.
    #[derive(Default)]
    pub struct OrderedSet {
        seen: HashSet<String>,
        order: Vec<String>,
    }

    impl OrderedSet {
        pub fn insert(&mut self, key: String) {
            if !self.seen.contains(&key) {
                self.seen.insert(key.clone());
                self.order.push(key);
            }
        }

        pub fn iter(&self) -> impl Iterator<Item = &String> {
            self.order.iter()
        }

        pub fn into_vec(self) -> Vec<String> {
            self.order
        }
    }
}

pub fn write_export(
    file: &ItemFile,
    plan: &ExportPlan,
    out: &mut ChunkSender,
) -> std::io::Result<()> {
    let options = &plan.options;
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    match plan.format {
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            write_json_items(file, plan, |bytes| {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                out.write_all(bytes)
            })?;
            out.write_all(if first { b"]" } else { b"\n]" })?;
        }
        Format::Jsonl => write_json_items(file, plan, |bytes| {
            out.write_all(bytes)?;
            out.write_all(b"\n")
        })?,
        Format::Csv => write_csv(file, plan, out)?,
        Format::Html => write_html(file, plan, out)?,
        Format::Xml | Format::Rss => write_xml(file, plan, out)?,
        Format::Xlsx => write_xlsx(file, plan, out)?,
    }
    out.flush()
}

/// JSON and JSON lines: stored bytes go out untouched unless an option reshapes items.
fn write_json_items(
    file: &ItemFile,
    plan: &ExportPlan,
    mut write: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if plan.transform.is_identity() {
        return file.for_each(plan.start, plan.end, plan.desc, |line| write(line));
    }
    let mut bytes = Vec::new();
    each_item(file, plan, |item| {
        bytes.clear();
        serde_json::to_writer(&mut bytes, &item).map_err(std::io::Error::other)?;
        write(&bytes)
    })
}

fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        // Only empty arrays and objects are left after flattening.
        other => other.to_string(),
    }
}

fn row_cells(item: Map<String, Value>, columns: &[String]) -> Vec<Option<Value>> {
    let mut flat: std::collections::HashMap<String, Value> =
        flatten_for_table(item).into_iter().collect();
    columns.iter().map(|column| flat.remove(column)).collect()
}

fn write_csv(file: &ItemFile, plan: &ExportPlan, out: &mut ChunkSender) -> std::io::Result<()> {
    let options = &plan.options;
    let delimiter = options.delimiter.as_str();
    let quote = |text: &str| -> String {
        if text.contains(delimiter) || text.contains(['"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    if !options.skip_header_row {
        let header: Vec<String> = options.columns.iter().map(|column| quote(column)).collect();
        out.write_all(header.join(delimiter).as_bytes())?;
        out.write_all(b"\n")?;
    }
    each_item(file, plan, |item| {
        let cells: Vec<String> = row_cells(item, &options.columns)
            .iter()
            .map(|cell| {
                cell.as_ref()
                    .map(|value| quote(&cell_text(value)))
                    .unwrap_or_default()
            })
            .collect();
        out.write_all(cells.join(delimiter).as_bytes())?;
        out.write_all(b"\n")
    })
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_html(file: &ItemFile, plan: &ExportPlan, out: &mut ChunkSender) -> std::io::Result<()> {
    let columns = &plan.options.columns;
    out.write_all(
        b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><table>\n<tr>",
    )?;
    for column in columns {
        write!(out, "<th>{}</th>", escape_html(column))?;
    }
    out.write_all(b"</tr>\n")?;
    each_item(file, plan, |item| {
        out.write_all(b"<tr>")?;
        for cell in row_cells(item, columns) {
            write!(
                out,
                "<td>{}</td>",
                cell.as_ref()
                    .map(|v| escape_html(&cell_text(v)))
                    .unwrap_or_default()
            )?;
        }
        out.write_all(b"</tr>\n")
    })?;
    out.write_all(b"</table></body></html>\n")
}

/// An XML element name from a JSON key: characters XML does not allow become `_`.
fn tag(name: &str) -> String {
    let mut tag: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !tag.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        tag.insert(0, '_');
    }
    tag
}

fn write_xml_value(out: &mut ChunkSender, name: &str, value: &Value) -> std::io::Result<()> {
    let name = tag(name);
    match value {
        Value::Array(elements) => {
            for element in elements {
                write_xml_value(out, &name, element)?;
            }
            Ok(())
        }
        Value::Object(fields) => {
            write!(out, "<{name}>")?;
            for (key, value) in fields {
                write_xml_value(out, key, value)?;
            }
            write!(out, "</{name}>")
        }
        Value::Null => write!(out, "<{name}/>"),
        other => write!(out, "<{name}>{}</{name}>", escape_html(&cell_text(other))),
    }
}

fn write_xml(file: &ItemFile, plan: &ExportPlan, out: &mut ChunkSender) -> std::io::Result<()> {
    let options = &plan.options;
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    let (root, row) = if plan.format == Format::Rss {
        out.write_all(b"<rss version=\"2.0\"><channel><title>Dataset items</title>\n")?;
        (None, "item".to_owned())
    } else {
        let root = tag(&options.xml_root);
        writeln!(out, "<{root}>")?;
        (Some(root), tag(&options.xml_row))
    };
    each_item(file, plan, |item| {
        write_xml_value(out, &row, &Value::Object(item))?;
        out.write_all(b"\n")
    })?;
    match root {
        Some(root) => writeln!(out, "</{root}>"),
        None => out.write_all(b"</channel></rss>\n"),
    }
}

/// XLSX is a zip, so it cannot be streamed as it is written: the workbook goes to a temporary
/// file in constant-memory mode (rows are flushed to disk as they are written), then streams out.
fn write_xlsx(file: &ItemFile, plan: &ExportPlan, out: &mut ChunkSender) -> std::io::Result<()> {
    use rust_xlsxwriter::Workbook;

    let xlsx_error = |error: rust_xlsxwriter::XlsxError| std::io::Error::other(error.to_string());
    let scratch = tempfile::NamedTempFile::new()?;
    let mut workbook = Workbook::new();
    // A fixed creation time instead of now: the same items give the same bytes, so a file
    // saved by the app can be compared with a later download of the same dataset.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_error)?;
    let columns = &plan.options.columns;
    let mut row: u32 = 0;
    if !plan.options.skip_header_row {
        for (index, column) in columns.iter().enumerate() {
            sheet
                .write_string(0, index as u16, column)
                .map_err(xlsx_error)?;
        }
        row = 1;
    }
    each_item(file, plan, |item| {
        for (index, cell) in row_cells(item, columns).into_iter().enumerate() {
            let column = index as u16;
            match cell {
                None | Some(Value::Null) => {}
                Some(Value::Number(number)) => {
                    sheet
                        .write_number(row, column, number.as_f64().unwrap_or_default())
                        .map_err(xlsx_error)?;
                }
                Some(Value::Bool(flag)) => {
                    sheet.write_boolean(row, column, flag).map_err(xlsx_error)?;
                }
                Some(other) => {
                    sheet
                        .write_string(row, column, cell_text(&other))
                        .map_err(xlsx_error)?;
                }
            }
        }
        row += 1;
        Ok(())
    })?;
    workbook.save(scratch.path()).map_err(xlsx_error)?;
    let mut workbook_file = std::fs::File::open(scratch.path())?;
    std::io::copy(&mut workbook_file, out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::under_a_field;

    #[test]
    fn a_key_falls_under_the_field_it_starts_with_whole() {
        let fields = ["price", "seller/name"].into_iter().collect();
        assert!(under_a_field("price", &fields));
        assert!(under_a_field("price/value", &fields));
        assert!(under_a_field("seller/name/first", &fields));
        assert!(!under_a_field("prices", &fields));
        assert!(!under_a_field("seller", &fields));
        assert!(!under_a_field("seller/rating", &fields));
    }
}
