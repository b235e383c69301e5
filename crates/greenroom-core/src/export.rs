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

use crate::partial_file::PartialFile;
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
    /// Items written so far; `None` where the format shows no item boundaries (XLSX, XML,
    /// HTML, or with `clean`/`unwind`), so only bytes can be counted.
    pub items: Option<u64>,
    pub total_items: Option<u64>,
    pub bytes_per_second: f64,
    pub items_per_second: Option<f64>,
    pub eta_seconds: Option<f64>,
    /// How many times a broken download was resumed or restarted.
    pub retries: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    pub path: String,
    pub bytes: u64,
    /// `None` where the format shows no item boundaries.
    pub items: Option<u64>,
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
    let mut partial = PartialFile::create(target)?;

    let splice = Splice::for_export(format, options);
    let started = Instant::now();
    let mut state = Written::default();
    let mut retries = 0;
    let report = |state: &Written, retries: u32, on_progress: &mut dyn FnMut(&ExportProgress)| {
        let seconds = started.elapsed().as_secs_f64().max(1e-9);
        let items = splice.map(|_| state.items);
        let items_per_second = items.map(|items| items as f64 / seconds);
        on_progress(&ExportProgress {
            bytes: state.bytes,
            items,
            total_items,
            bytes_per_second: state.bytes as f64 / seconds,
            items_per_second,
            eta_seconds: match (total_items, items, items_per_second) {
                (Some(total), Some(items), Some(rate)) if rate > 0.0 => {
                    Some(total.saturating_sub(items) as f64 / rate)
                }
                _ => None,
            },
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
            splice,
            &mut state,
            &mut partial,
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
                let file = partial.file();
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
    partial.finish()?;
    report(&state, retries, &mut on_progress);
    Ok(ExportReport {
        path: target.display().to_string(),
        bytes: state.bytes,
        items: splice.map(|_| state.items),
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
    splice: Option<Splice>,
    state: &mut Written,
    partial: &mut PartialFile,
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
    // Item boundaries are found on another thread, so scanning overlaps the download instead
    // of slowing it; only a continuation's short prefix is scanned here, before writing.
    let items_before = state.items;
    let background = match splice {
        Some(splice) => {
            let scanner = if resuming {
                Scanner::continuing(splice, state.bytes)
            } else {
                Scanner::new(splice)
            };
            let started = BackgroundScan::start(scanner, items_before, partial.path(), state.bytes);
            Some(started.map_err(|e| Broken::Fatal(Error::from_io(e, target)))?)
        }
        None => None,
    };
    let file = partial.file();
    let mut prefix_scanner = if resuming {
        splice.map(Scanner::new)
    } else {
        None
    };
    let mut skipped: Vec<u8> = Vec::new();
    let outcome = loop {
        let chunk = tokio::select! {
            _ = cancel.cancelled() => break Err(Broken::Fatal(Error::Cancelled)),
            chunk = stream.next() => chunk,
        };
        let Some(chunk) = chunk else { break Ok(()) };
        let chunk = match chunk {
            Ok(chunk) => bytes::Bytes::from(chunk),
            Err(error) => break Err(Broken::Transient(session.error(error))),
        };
        let mut keep_from = 0;
        if let Some(scanner) = prefix_scanner.as_mut() {
            match scanner.feed(&chunk).first() {
                Some(&first) => {
                    let cut = (first - skipped.len() as u64) as usize;
                    skipped.extend_from_slice(&chunk[..cut]);
                    if Some(skipped.as_slice()) != state.prefix.as_deref() {
                        // The rest of the items would not fit what is written: start over.
                        break Err(Broken::Transient(Error::Server {
                            detail: "the resumed download began differently; starting over".into(),
                        }));
                    }
                    keep_from = cut;
                    prefix_scanner = None;
                }
                None => {
                    skipped.extend_from_slice(&chunk);
                    continue;
                }
            }
        }
        let kept = chunk.slice(keep_from..);
        if let Err(error) = file.write_all(&kept) {
            break Err(Broken::Fatal(Error::from_io(error, target)));
        }
        state.bytes += kept.len() as u64;
        if let Some(background) = &background {
            background.advance(state.bytes);
            state.items = background.items();
        }
        progress(state);
    };
    if let Some(background) = background {
        let scan = background
            .finish()
            .map_err(|e| Broken::Fatal(Error::from_io(e, target)))?;
        state.items = scan.items;
        if scan.last_start.is_some() {
            state.last_start = scan.last_start;
        }
        if state.prefix.is_none() {
            if let Some(first) = scan.first_start {
                // The first item of the first answer: what came before it is the prefix.
                let mut prefix = vec![0; first as usize];
                read_back(file, &mut prefix, state.bytes)
                    .map_err(|e| Broken::Fatal(Error::from_io(e, target)))?;
                state.prefix = Some(prefix);
            }
        }
    }
    outcome
}

/// Finds item boundaries on its own thread by reading the partial file behind the writer: the
/// download never waits for it and no chunk is held in memory for it, however far it trails.
/// Only a break, or the end, waits for it to catch up (those bytes are still in the page cache).
struct BackgroundScan {
    written: std::sync::Arc<std::sync::atomic::AtomicU64>,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    items: std::sync::Arc<std::sync::atomic::AtomicU64>,
    thread: std::thread::JoinHandle<std::io::Result<ScanResult>>,
}

struct ScanResult {
    items: u64,
    first_start: Option<u64>,
    /// The file offset of the last item that began, and how many items came before it.
    last_start: Option<(u64, u64)>,
}

impl BackgroundScan {
    /// Scans `path` from `from` (where `scanner` starts) up to what `advance` says is written.
    fn start(
        mut scanner: Scanner,
        items_before: u64,
        path: &Path,
        from: u64,
    ) -> std::io::Result<Self> {
        use std::io::{Read, Seek, SeekFrom};
        use std::sync::atomic::Ordering;
        let mut file = std::fs::File::open(path)?;
        file.seek(SeekFrom::Start(from))?;
        let written = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(from));
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let items = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(items_before));
        let (limit, finished, counter) = (written.clone(), done.clone(), items.clone());
        let thread = std::thread::spawn(move || {
            let mut result = ScanResult {
                items: items_before,
                first_start: None,
                last_start: None,
            };
            let mut buffer = vec![0u8; 1 << 18];
            let mut position = from;
            loop {
                // Read `done` before the limit: once done is seen, the limit is final.
                let last_round = finished.load(Ordering::Acquire);
                let available = limit.load(Ordering::Acquire).saturating_sub(position);
                if available == 0 {
                    if last_round {
                        return Ok(result);
                    }
                    std::thread::park_timeout(std::time::Duration::from_millis(5));
                    continue;
                }
                let want = (available as usize).min(buffer.len());
                file.read_exact(&mut buffer[..want])?;
                for start in scanner.feed(&buffer[..want]) {
                    result.first_start.get_or_insert(start);
                    result.last_start = Some((start, result.items));
                    result.items += 1;
                }
                position += want as u64;
                counter.store(result.items, Ordering::Relaxed);
            }
        });
        Ok(BackgroundScan {
            written,
            done,
            items,
            thread,
        })
    }

    /// The file now holds `bytes` bytes the scan may read.
    fn advance(&self, bytes: u64) {
        self.written
            .store(bytes, std::sync::atomic::Ordering::Release);
        self.thread.thread().unpark();
    }

    /// Items that began so far (the scan may trail the download a little).
    fn items(&self) -> u64 {
        self.items.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn finish(self) -> std::io::Result<ScanResult> {
        self.done.store(true, std::sync::atomic::Ordering::Release);
        self.thread.thread().unpark();
        self.thread
            .join()
            .expect("the scanning thread does not panic")
    }
}

/// Reads the first bytes of the file into `prefix`, then puts the cursor back at `written`.
fn read_back(file: &mut std::fs::File, prefix: &mut [u8], written: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(0))?;
    file.read_exact(prefix)?;
    file.seek(SeekFrom::Start(written))?;
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
#[derive(Clone, Copy)]
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

/// Finds where items start in an answer, chunk by chunk. It runs on every byte of an export,
/// so each format jumps with `memchr` to the only bytes that can matter to it.
struct Scanner {
    splice: Splice,
    position: u64,
    /// Bytes of a leading BOM still to pass over.
    bom_left: u8,
    started: bool,
    line_start: bool,
    lines: u64,
    depth: i32,
    in_string: bool,
    /// Backslashes that ended the previous chunk inside a string.
    carried_backslashes: usize,
}

impl Scanner {
    fn new(splice: Splice) -> Self {
        Scanner {
            splice,
            position: 0,
            bom_left: 0,
            started: false,
            line_start: true,
            lines: 0,
            depth: 0,
            in_string: false,
            carried_backslashes: 0,
        }
    }

    /// A scanner for bytes that begin where an item begins, at `position` of the file: no BOM
    /// and no header can come first.
    fn continuing(splice: Splice, position: u64) -> Self {
        Scanner {
            position,
            started: true,
            lines: 1,
            ..Scanner::new(splice)
        }
    }

    /// Body positions of the items that start in this chunk.
    fn feed(&mut self, chunk: &[u8]) -> Vec<u64> {
        let mut starts = Vec::new();
        let mut from = 0;
        if !self.started && !chunk.is_empty() {
            self.started = true;
            if chunk[0] == 0xEF {
                self.bom_left = 3;
            }
        }
        while self.bom_left > 0 && from < chunk.len() {
            self.bom_left -= 1;
            from += 1;
        }
        let base = self.position;
        match self.splice {
            Splice::Lines => self.lines(&chunk[from..], base + from as u64, &mut starts),
            Splice::CsvRows { header } => {
                self.csv(&chunk[from..], base + from as u64, header, &mut starts)
            }
            Splice::JsonArray => self.json(&chunk[from..], base + from as u64, &mut starts),
        }
        self.position += chunk.len() as u64;
        starts
    }

    fn lines(&mut self, bytes: &[u8], base: u64, starts: &mut Vec<u64>) {
        if bytes.is_empty() {
            return;
        }
        if self.line_start {
            starts.push(base);
        }
        for newline in memchr::memchr_iter(b'\n', bytes) {
            if newline + 1 < bytes.len() {
                starts.push(base + newline as u64 + 1);
            }
        }
        self.line_start = bytes.last() == Some(&b'\n');
    }

    fn csv(&mut self, bytes: &[u8], base: u64, header: bool, starts: &mut Vec<u64>) {
        let mut at = 0;
        while at < bytes.len() {
            if self.line_start {
                self.line_start = false;
                self.lines += 1;
                if self.lines > u64::from(header) {
                    starts.push(base + at as u64);
                }
            }
            let Some(next) = memchr::memchr2(b'"', b'\n', &bytes[at..]) else {
                break;
            };
            let found = at + next;
            if bytes[found] == b'"' {
                self.in_string = !self.in_string;
            } else if !self.in_string {
                self.line_start = true;
            }
            at = found + 1;
        }
    }

    /// All quotes are found in one vectorised pass; string contents are then skipped whole, and
    /// only the short stretches between strings are looked at for braces. A quote inside a
    /// string ends it unless an odd run of backslashes comes right before it (runs can span
    /// chunks, so their length at a chunk's end is carried over).
    fn json(&mut self, bytes: &[u8], base: u64, starts: &mut Vec<u64>) {
        let mut outside_from = 0;
        for quote in memchr::memchr_iter(b'"', bytes) {
            if self.in_string {
                let mut backslashes = bytes[..quote]
                    .iter()
                    .rev()
                    .take_while(|b| **b == b'\\')
                    .count();
                if backslashes == quote {
                    backslashes += self.carried_backslashes;
                }
                self.carried_backslashes = 0;
                if backslashes % 2 == 0 {
                    self.in_string = false;
                    outside_from = quote + 1;
                }
            } else {
                self.braces(
                    &bytes[outside_from..quote],
                    base + outside_from as u64,
                    starts,
                );
                self.in_string = true;
            }
        }
        if self.in_string {
            let trailing = bytes.iter().rev().take_while(|b| **b == b'\\').count();
            self.carried_backslashes = if trailing == bytes.len() {
                self.carried_backslashes + trailing
            } else {
                trailing
            };
        } else {
            self.braces(&bytes[outside_from..], base + outside_from as u64, starts);
        }
    }

    /// Items are the objects at brace depth 0 (the top array's own brackets, and arrays inside
    /// items, never change which braces enclose what).
    fn braces(&mut self, outside: &[u8], base: u64, starts: &mut Vec<u64>) {
        for (at, byte) in outside.iter().enumerate() {
            match byte {
                b'{' => {
                    if self.depth == 0 {
                        starts.push(base + at as u64);
                    }
                    self.depth += 1;
                }
                b'}' => self.depth -= 1,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(splice: &Splice, body: &[u8], chunk: usize) -> Vec<u64> {
        let mut scanner = Scanner::new(*splice);
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
                vec![2, 18],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn backslash_runs_decide_whether_a_quote_ends_a_string_across_chunks() {
        // `"a\\"`: two backslashes, so the quote ends the string. `"b\\\"}{"`: three, so that
        // quote is escaped and `}{` is text until the next quote.
        let body = br#"[{"k":"a\\"},{"k":"b\\\"}{"},{"z":1}]"#;
        for chunk in [1, 2, 3, 4, 7, 100] {
            assert_eq!(
                starts(&Splice::JsonArray, body, chunk),
                vec![1, 13, 29],
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
                vec![7, 15],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn lines_start_everywhere_a_line_does() {
        assert_eq!(starts(&Splice::Lines, b"{}\n{\"a\":1}\n", 2), vec![0, 3]);
    }
}
