//! Exports dataset items to a file: streamed with progress and cancellation, written to a
//! temporary file beside the target and renamed into place only when complete, so the target
//! never holds a partial file and a cancelled or failed export leaves nothing behind.
//!
//! A dropped connection or a server error mid-stream resumes by item ranges where the format
//! allows it (JSON lines, JSON, CSV): the file is cut back to the start of the last item that
//! began, and the rest is asked for with `offset` moved on. The continuation's prefix (`[`, or
//! BOM and header row) must equal the first answer's byte for byte, or the export starts over,
//! so the result is always byte-identical to one uninterrupted download. Other formats, and
//! options that make items and offsets part ways (`clean`, `unwind`), start over instead.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use apify_client::clients::dataset::{
    DatasetDownloadOptions, DatasetListItemsOptions, DownloadItemsFormat,
};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::{Error, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Jsonl,
    Csv,
    Xlsx,
    Xml,
    Html,
}

impl ExportFormat {
    fn api(self) -> DownloadItemsFormat {
        match self {
            Self::Json => DownloadItemsFormat::Json,
            Self::Jsonl => DownloadItemsFormat::Jsonl,
            Self::Csv => DownloadItemsFormat::Csv,
            Self::Xlsx => DownloadItemsFormat::Xlsx,
            Self::Xml => DownloadItemsFormat::Xml,
            Self::Html => DownloadItemsFormat::Html,
        }
    }
}

/// What to export: the API's item options, and a range of items.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportOptions {
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub omit: Vec<String>,
    #[serde(default)]
    pub clean: bool,
    #[serde(default)]
    pub unwind: Vec<String>,
    #[serde(default)]
    pub flatten: Vec<String>,
    /// `None`: the API's default (a BOM for CSV only).
    pub bom: Option<bool>,
    pub delimiter: Option<String>,
    #[serde(default)]
    pub offset: u64,
    pub limit: Option<u64>,
    #[serde(default)]
    pub desc: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub bytes: u64,
    /// Items written so far (counted where the format shows item boundaries).
    pub items: u64,
    pub total_items: Option<u64>,
    pub bytes_per_second: f64,
    pub items_per_second: f64,
    pub eta_seconds: Option<f64>,
    /// How many times a broken download was resumed or restarted.
    pub retries: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub bytes: u64,
    pub items: u64,
    pub retries: u32,
}

pub async fn export_dataset(
    session: &Session,
    dataset_id: &str,
    format: ExportFormat,
    options: &ExportOptions,
    target: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(&ExportProgress),
) -> Result<ExportReport, Error> {
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let dataset = session.client().dataset(dataset_id);
    let stored = dataset
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::NotFound {
            detail: format!("dataset {dataset_id}"),
        })?
        .item_count
        .unwrap_or(0)
        .max(0) as u64;
    let total_items = {
        let available = stored.saturating_sub(options.offset);
        Some(
            options
                .limit
                .map_or(available, |limit| limit.min(available)),
        )
    };
    let mut partial = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(&folder)
        .map_err(|e| Error::from_io(e, target))?;

    let splice = Splice::for_export(format, options);
    let started = Instant::now();
    let mut state = Written::default();
    let mut retries = 0;
    let report = |state: &Written, retries: u32, on_progress: &mut dyn FnMut(&ExportProgress)| {
        let seconds = started.elapsed().as_secs_f64().max(1e-9);
        let items_per_second = state.items as f64 / seconds;
        on_progress(&ExportProgress {
            bytes: state.bytes,
            items: state.items,
            total_items,
            bytes_per_second: state.bytes as f64 / seconds,
            items_per_second,
            eta_seconds: total_items
                .filter(|_| items_per_second > 0.0)
                .map(|total| total.saturating_sub(state.items) as f64 / items_per_second),
            retries,
        });
    };

    // Resuming goes on as long as downloads make progress; attempts that make none back off
    // like the official clients (doubling waits with jitter) and give up after as many retries.
    let policy = session.retries().clone();
    let mut fruitless = 0;
    let mut delay = policy.first_delay;
    loop {
        let bytes_before = state.bytes;
        let attempt = download(
            session,
            dataset_id,
            format,
            options,
            splice.as_ref(),
            &mut state,
            partial.as_file_mut(),
            target,
            cancel,
            &mut |state| report(state, retries, &mut on_progress),
        )
        .await;
        match attempt {
            Ok(()) => break,
            Err(Broken::Fatal(error)) => return Err(error),
            Err(Broken::Transient(error)) => {
                retries += 1;
                state.rewind(splice.is_some());
                let file = partial.as_file_mut();
                file.set_len(state.bytes)
                    .map_err(|e| Error::from_io(e, target))?;
                std::io::Seek::seek(file, std::io::SeekFrom::Start(state.bytes))
                    .map_err(|e| Error::from_io(e, target))?;
                if state.bytes > bytes_before {
                    fruitless = 0;
                    delay = policy.first_delay;
                    continue;
                }
                fruitless += 1;
                if fruitless > policy.max_retries {
                    return Err(error);
                }
                tracing::info!(
                    retries,
                    items = state.items,
                    ?delay,
                    "export download broke without progress; retrying"
                );
                tokio::select! {
                    _ = cancel.cancelled() => return Err(Error::Cancelled),
                    _ = tokio::time::sleep(jittered(delay)) => {}
                }
                delay *= 2;
            }
        }
    }
    let file = partial.as_file_mut();
    file.flush()
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::from_io(e, target))?;
    partial
        .persist(target)
        .map_err(|e| Error::from_io(e.error, target))?;
    report(&state, retries, &mut on_progress);
    Ok(ExportReport {
        path: target.display().to_string(),
        bytes: state.bytes,
        items: state.items,
        retries,
    })
}

/// A wait in `[delay, 2 × delay)`, so that many clients do not retry in step.
fn jittered(delay: std::time::Duration) -> std::time::Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    delay + delay.mul_f64(f64::from(nanos % 1000) / 1000.0)
}

enum Broken {
    /// The connection broke or the server failed: worth resuming.
    Transient(Error),
    /// Cancelled, the disk failed, or the request itself is wrong.
    Fatal(Error),
}

/// What is in the partial file so far.
#[derive(Default)]
struct Written {
    bytes: u64,
    items: u64,
    /// Bytes before the first item of the first answer (`[`, BOM and header…).
    prefix: Option<Vec<u8>>,
    /// Where the last item that began starts, and how many items came before it.
    last_start: Option<(u64, u64)>,
}

impl Written {
    /// After a break: keep everything before the last item that began (it may be cut), or
    /// nothing when the format cannot resume.
    fn rewind(&mut self, resumable: bool) {
        match self.last_start.take() {
            Some((offset, before)) if resumable => {
                self.bytes = offset;
                self.items = before;
            }
            // No item began since the last rewind, so nothing was written since either: the
            // file still ends where an item begins.
            None if resumable && self.prefix.is_some() => {}
            _ => *self = Written::default(),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn download(
    session: &Session,
    dataset_id: &str,
    format: ExportFormat,
    options: &ExportOptions,
    splice: Option<&Splice>,
    state: &mut Written,
    file: &mut std::fs::File,
    target: &Path,
    cancel: &CancellationToken,
    progress: &mut dyn FnMut(&Written),
) -> Result<(), Broken> {
    let resuming = state.items > 0 || state.prefix.is_some();
    let request = DatasetDownloadOptions {
        items: DatasetListItemsOptions {
            offset: Some((options.offset + state.items) as i64),
            limit: options
                .limit
                .map(|limit| limit.saturating_sub(state.items) as i64),
            desc: options.desc.then_some(true),
            fields: (!options.fields.is_empty()).then(|| options.fields.clone()),
            omit: (!options.omit.is_empty()).then(|| options.omit.clone()),
            clean: options.clean.then_some(true),
            unwind: (!options.unwind.is_empty()).then(|| options.unwind.clone()),
            flatten: (!options.flatten.is_empty()).then(|| options.flatten.clone()),
            ..Default::default()
        },
        bom: options.bom,
        delimiter: options.delimiter.clone(),
        ..Default::default()
    };
    let dataset = session.client().dataset(dataset_id);
    let opened = tokio::select! {
        _ = cancel.cancelled() => return Err(Broken::Fatal(Error::Cancelled)),
        opened = dataset.download_items_stream(format.api(), request) => opened,
    };
    let stream = opened.map_err(|e| classify(session.error(e)))?;
    let mut stream = std::pin::pin!(stream);
    let mut scanner = splice.map(Scanner::new);
    // A continuation's own prefix is checked against the first answer's, then dropped.
    let mut skipping = if resuming && splice.is_some() {
        Some(Vec::new())
    } else {
        None
    };
    let mut body_position: u64 = 0;
    loop {
        let chunk = tokio::select! {
            _ = cancel.cancelled() => return Err(Broken::Fatal(Error::Cancelled)),
            chunk = stream.next() => chunk,
        };
        let Some(chunk) = chunk else { break };
        let chunk = chunk.map_err(|e| Broken::Transient(session.error(e)))?;
        let starts = match scanner.as_mut() {
            Some(scanner) => scanner.feed(&chunk),
            None => Vec::new(),
        };
        let mut keep_from = 0usize;
        if let Some(skipped) = skipping.as_mut() {
            match starts.first() {
                Some(&first) => {
                    let cut = (first - body_position) as usize;
                    skipped.extend_from_slice(&chunk[..cut]);
                    if Some(skipped.as_slice()) != state.prefix.as_deref() {
                        // The rest of the items would not fit what is written: start over.
                        return Err(Broken::Transient(Error::Server {
                            detail: "the resumed download began differently; starting over".into(),
                        }));
                    }
                    keep_from = cut;
                    skipping = None;
                }
                None => {
                    skipped.extend_from_slice(&chunk);
                    body_position += chunk.len() as u64;
                    continue;
                }
            }
        }
        for &start in &starts {
            let in_chunk = (start - body_position) as usize;
            if in_chunk < keep_from {
                continue;
            }
            let file_offset = state.bytes + (in_chunk - keep_from) as u64;
            if state.prefix.is_none() {
                // The first item of the first answer: what came before it is the prefix.
                let mut prefix = vec![0; file_offset as usize];
                read_back(file, &mut prefix, &chunk[keep_from..], state.bytes)
                    .map_err(|e| Broken::Fatal(Error::from_io(e, target)))?;
                state.prefix = Some(prefix);
            }
            if let Some((_, before)) = state.last_start {
                state.items = before + 1;
            }
            state.last_start = Some((file_offset, state.items));
        }
        file.write_all(&chunk[keep_from..])
            .map_err(|e| Broken::Fatal(Error::from_io(e, target)))?;
        state.bytes += (chunk.len() - keep_from) as u64;
        body_position += chunk.len() as u64;
        progress(state);
    }
    if let Some((_, before)) = state.last_start {
        state.items = before + 1;
    }
    Ok(())
}

/// Fills `prefix` with the first bytes of the file-to-be: what is already written, then `next`.
fn read_back(
    file: &mut std::fs::File,
    prefix: &mut [u8],
    next: &[u8],
    written: u64,
) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let from_file = (written as usize).min(prefix.len());
    if from_file > 0 {
        file.seek(SeekFrom::Start(0))?;
        file.read_exact(&mut prefix[..from_file])?;
        file.seek(SeekFrom::Start(written))?;
    }
    let rest = prefix.len() - from_file;
    prefix[from_file..].copy_from_slice(&next[..rest]);
    Ok(())
}

fn classify(error: Error) -> Broken {
    match error {
        Error::Offline { .. }
        | Error::Timeout { .. }
        | Error::Server { .. }
        | Error::RateLimited { .. } => Broken::Transient(error),
        other => Broken::Fatal(other),
    }
}

/// How item boundaries show in a format that can resume by item ranges.
enum Splice {
    /// One item a line.
    Lines,
    /// One item an object inside the top-level array.
    JsonArray,
    /// One item a CSV row after the header row, rows may hold quoted newlines.
    CsvRows { header: bool },
}

impl Splice {
    fn for_export(format: ExportFormat, options: &ExportOptions) -> Option<Splice> {
        // With these, `offset` counts stored items but the file holds other items.
        if options.clean || !options.unwind.is_empty() {
            return None;
        }
        match format {
            ExportFormat::Jsonl => Some(Splice::Lines),
            ExportFormat::Json => Some(Splice::JsonArray),
            ExportFormat::Csv => Some(Splice::CsvRows { header: true }),
            ExportFormat::Xlsx | ExportFormat::Xml | ExportFormat::Html => None,
        }
    }
}

/// Finds where items start in an answer, chunk by chunk.
struct Scanner<'a> {
    splice: &'a Splice,
    position: u64,
    line_start: bool,
    lines: u64,
    depth: i32,
    in_string: bool,
    escaped: bool,
    bom_checked: bool,
}

impl<'a> Scanner<'a> {
    fn new(splice: &'a Splice) -> Self {
        Scanner {
            splice,
            position: 0,
            line_start: true,
            lines: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            bom_checked: false,
        }
    }

    /// Body positions of the items that start in this chunk.
    fn feed(&mut self, chunk: &[u8]) -> Vec<u64> {
        let mut starts = Vec::new();
        for (index, &byte) in chunk.iter().enumerate() {
            let at = self.position + index as u64;
            if !self.bom_checked {
                self.bom_checked = true;
                if byte == 0xEF {
                    // A BOM is three bytes of prefix; the first line starts after it.
                    self.line_start = false;
                    self.depth = -3;
                }
            }
            if self.depth < 0 && !matches!(self.splice, Splice::JsonArray) {
                self.depth += 1;
                if self.depth == 0 {
                    self.line_start = true;
                }
                continue;
            }
            match self.splice {
                Splice::Lines => {
                    if self.line_start {
                        starts.push(at);
                        self.line_start = false;
                    }
                    if byte == b'\n' {
                        self.line_start = true;
                    }
                }
                Splice::CsvRows { header } => {
                    if self.line_start {
                        self.lines += 1;
                        if self.lines > u64::from(*header) {
                            starts.push(at);
                        }
                        self.line_start = false;
                    }
                    match byte {
                        b'"' => self.in_string = !self.in_string,
                        b'\n' if !self.in_string => self.line_start = true,
                        _ => {}
                    }
                }
                Splice::JsonArray => {
                    if self.depth < 0 {
                        self.depth += 1;
                        continue;
                    }
                    if self.in_string {
                        match byte {
                            _ if self.escaped => self.escaped = false,
                            b'\\' => self.escaped = true,
                            b'"' => self.in_string = false,
                            _ => {}
                        }
                        continue;
                    }
                    match byte {
                        b'"' => self.in_string = true,
                        b'{' | b'[' => {
                            if byte == b'{' && self.depth == 1 {
                                starts.push(at);
                            }
                            self.depth += 1;
                        }
                        b'}' | b']' => self.depth -= 1,
                        _ => {}
                    }
                }
            }
        }
        self.position += chunk.len() as u64;
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(splice: &Splice, body: &[u8], chunk: usize) -> Vec<u64> {
        let mut scanner = Scanner::new(splice);
        body.chunks(chunk).flat_map(|c| scanner.feed(c)).collect()
    }

    #[test]
    fn json_items_start_at_objects_in_the_top_array_whatever_the_chunking() {
        let body = br#"[
{"a":"x{[\"}"},
{"b":{"c":[1,{"d":2}]}}
]"#;
        for chunk in [1, 2, 5, 100] {
            assert_eq!(
                starts(&Splice::JsonArray, body, chunk),
                vec![2, 17],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn csv_rows_start_after_the_header_and_bom_and_allow_quoted_newlines() {
        let body = "\u{feff}a,b\n1,\"x\ny\"\n2,z\n".as_bytes();
        for chunk in [1, 3, 100] {
            assert_eq!(
                starts(&Splice::CsvRows { header: true }, body, chunk),
                vec![7, 16],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn lines_start_everywhere_a_line_does() {
        assert_eq!(starts(&Splice::Lines, b"{}\n{\"a\":1}\n", 2), vec![0, 3]);
    }
}
