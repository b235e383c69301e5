//! Exports dataset items to a file: streamed with progress and cancellation, written to a
//! temporary file beside the target and renamed into place only when complete, so the target
//! never holds a partial file and a cancelled or failed export leaves nothing behind.
//!
//! A dropped connection or a server error mid-stream resumes by item ranges: the file is cut
//! back to the start of the last item that began, and the rest is asked for with `offset` moved
//! on. The continuation's prefix (`[`, the XML declaration and root, or BOM and header row) must
//! equal the first answer's byte for byte, or the export starts over, so the result is always
//! byte-identical to one uninterrupted download. XLSX (a ZIP archive, which cannot be cut at
//! items), and options that make items and offsets part ways (`clean`, `unwind`), start over.

mod byte_masks;
mod item_boundaries;

use std::path::Path;
use std::time::Instant;

use apify_client::clients::dataset::{
    DatasetDownloadOptions, DatasetListItemsOptions, DownloadItemsFormat,
};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::backoff::{is_transient, Backoff};
use crate::datasets::export::byte_masks::BLOCK;
use crate::datasets::export::item_boundaries::{Layout, Scanner};
use crate::datasets::formulas::CsvDefuser;
use crate::files::partial::PartialFile;
use crate::ErrorKind;
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
    /// Every format, in the order the export dialogs offer them.
    pub const ALL: [ExportFormat; 6] = [
        Self::Xlsx,
        Self::Csv,
        Self::Json,
        Self::Jsonl,
        Self::Xml,
        Self::Html,
    ];

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Jsonl => "JSON lines",
            Self::Csv => "CSV",
            Self::Xlsx => "Excel (.xlsx)",
            Self::Xml => "XML",
            Self::Html => "HTML table",
        }
    }

    /// The file name's extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Xml => "xml",
            Self::Html => "html",
        }
    }

    /// CSV, Excel and HTML are tables, with the API's column limits.
    pub fn is_table(self) -> bool {
        matches!(self, Self::Csv | Self::Xlsx | Self::Html)
    }

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

/// What to export: the API's item options, a range of items, and whether a CSV file's cells
/// that would start a spreadsheet formula are defused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
    /// "Protect against spreadsheet formulas", for CSV: on unless turned off, also for rules
    /// saved before it existed. Off gives the API's file byte for byte.
    #[serde(default = "protect_by_default")]
    pub protect_formulas: bool,
}

fn protect_by_default() -> bool {
    true
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            fields: Vec::new(),
            omit: Vec::new(),
            clean: false,
            unwind: Vec::new(),
            flatten: Vec::new(),
            bom: None,
            delimiter: None,
            offset: 0,
            limit: None,
            desc: false,
            protect_formulas: true,
        }
    }
}

impl ExportOptions {
    /// The API's item options for items from `offset`, at most `limit` of them.
    pub(crate) fn items_from(&self, offset: u64, limit: Option<i64>) -> DatasetListItemsOptions {
        let list = |values: &Vec<String>| (!values.is_empty()).then(|| values.clone());
        DatasetListItemsOptions {
            offset: Some(offset as i64),
            limit,
            desc: self.desc.then_some(true),
            fields: list(&self.fields),
            omit: list(&self.omit),
            clean: self.clean.then_some(true),
            unwind: list(&self.unwind),
            flatten: list(&self.flatten),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub format: ExportFormat,
    /// No byte has come yet: Apify is preparing the file (an Excel file of 100,000 items takes
    /// it most of a minute), so the page says so with the time so far instead of a bare bar.
    pub preparing: bool,
    pub bytes: u64,
    /// Items written so far; `None` where the file shows no item boundaries (XLSX, or with
    /// `clean`/`unwind`), so only bytes can be counted.
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
    /// From the first request to the file in place.
    pub seconds: f64,
}

pub async fn export_dataset(
    session: &Session,
    dataset_id: &str,
    format: ExportFormat,
    options: &ExportOptions,
    target: &Path,
    cancel: &CancellationToken,
    on_progress: impl FnMut(&ExportProgress) + Send,
) -> Result<ExportReport, Error> {
    let placing = Placing::Replace;
    export_placed(
        session,
        dataset_id,
        format,
        options,
        target,
        placing,
        cancel,
        on_progress,
    )
    .await
}

/// What an export does where its target is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placing {
    /// The user chose the file in the save dialog, which asked before replacing it.
    Replace,
    /// An automatic export never replaces a file it did not write: it goes beside it.
    Beside,
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn export_placed(
    session: &Session,
    dataset_id: &str,
    format: ExportFormat,
    options: &ExportOptions,
    target: &Path,
    placing: Placing,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(&ExportProgress) + Send,
) -> Result<ExportReport, Error> {
    let stored = crate::datasets::get(session, dataset_id)
        .await?
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

    let layout = layout_for(format, options);
    let started = Instant::now();
    let mut state = Written::default();
    let mut retries = 0;
    let report =
        |state: &Written, retries: u32, on_progress: &mut (dyn FnMut(&ExportProgress) + Send)| {
            let seconds = started.elapsed().as_secs_f64().max(1e-9);
            let items = layout.map(|_| state.items);
            let items_per_second = items.map(|items| items as f64 / seconds);
            on_progress(&ExportProgress {
                format,
                preparing: state.bytes == 0,
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

    // Said at once: the first bytes may be most of a minute away.
    report(&state, retries, &mut on_progress);
    let mut backoff = Backoff::new(session.retries());
    let mut resumable = layout.is_some();
    loop {
        let bytes_before = state.bytes;
        let attempt = download(
            session,
            dataset_id,
            format,
            options,
            layout,
            &mut state,
            &mut partial,
            target,
            cancel,
            &mut |state| report(state, retries, &mut on_progress),
        )
        .await;
        let error = match attempt {
            Ok(()) => break,
            Err(Broken::Fatal(error)) => return Err(error),
            Err(Broken::Transient(error)) => error,
            Err(Broken::DoesNotFit(error)) => {
                // Other offsets would likely not fit either: from now on, start over.
                resumable = false;
                error
            }
        };
        retries += 1;
        state.rewind(resumable);
        partial.truncate(state.bytes)?;
        if state.bytes > bytes_before {
            backoff.progressed();
        } else {
            backoff.fruitless(error, cancel).await?;
        }
    }
    let written = match placing {
        Placing::Replace => partial.finish().map(|()| target.to_path_buf())?,
        Placing::Beside => partial.finish_beside()?,
    };
    report(&state, retries, &mut on_progress);
    Ok(ExportReport {
        path: written.display().to_string(),
        bytes: state.bytes,
        items: layout.map(|_| state.items),
        retries,
        seconds: started.elapsed().as_secs_f64(),
    })
}

enum Broken {
    /// The connection broke or the server failed: worth resuming.
    Transient(Error),
    /// Cancelled, the disk failed, or the request itself is wrong.
    Fatal(Error),
    /// A resumed download began differently (say, another header row): what it holds would not
    /// fit what is written, so the export starts over.
    DoesNotFit(Error),
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
    layout: Option<Layout>,
    state: &mut Written,
    partial: &mut PartialFile,
    target: &Path,
    cancel: &CancellationToken,
    progress: &mut (dyn FnMut(&Written) + Send),
) -> Result<(), Broken> {
    let resuming = state.items > 0 || state.prefix.is_some();
    let request = DatasetDownloadOptions {
        items: options.items_from(
            options.offset + state.items,
            options
                .limit
                .map(|limit| limit.saturating_sub(state.items) as i64),
        ),
        bom: options.bom,
        delimiter: options.delimiter.clone(),
        ..Default::default()
    };
    let dataset = session.client().dataset(dataset_id);
    let opened = tokio::select! {
        _ = cancel.cancelled() => return Err(Broken::Fatal(Error::cancelled())),
        opened = dataset.download_items_stream(format.api(), request) => opened,
    };
    let stream = opened.map_err(|e| classify(session.error(e)))?;
    let mut stream = std::pin::pin!(stream);
    // Item boundaries are found on another thread, so scanning overlaps the download instead
    // of slowing it; only a continuation's head is scanned here, to check its prefix.
    let background = match layout {
        Some(layout) => {
            let scanner = if resuming {
                Scanner::continuing(layout, state.bytes)
            } else {
                Scanner::new(layout)
            };
            let started = partial
                .reader()
                .and_then(|file| BackgroundScan::start(scanner, state.items, file, state.bytes));
            Some(started.map_err(|e| Broken::Fatal(Error::from_io(e, target)))?)
        }
        None => None,
    };
    let mut head = layout
        .filter(|_| resuming)
        .map(|layout| ContinuationHead::new(layout, state.prefix.clone().unwrap_or_default()));
    // Every answer is defused from its own start, so a continuation's prefix and items come out
    // as the first answer's did.
    let mut defuser = (format == ExportFormat::Csv && options.protect_formulas).then(|| {
        let delimiter = options.delimiter.as_deref().and_then(|d| d.bytes().next());
        CsvDefuser::new(delimiter.unwrap_or(b','))
    });
    let mut ended = false;
    let outcome = loop {
        let chunk = if ended {
            None
        } else {
            tokio::select! {
                _ = cancel.cancelled() => break Err(Broken::Fatal(Error::cancelled())),
                chunk = stream.next() => chunk,
            }
        };
        let chunk = match (chunk, defuser.as_mut()) {
            (Some(Ok(bytes)), Some(defuser)) => {
                let mut out = Vec::with_capacity(bytes.len() + 16);
                defuser.push(&bytes, &mut out);
                Some(Ok(out))
            }
            // What the defuser held back ends the answer.
            (None, Some(held)) if !ended => {
                ended = true;
                let mut out = Vec::new();
                held.finish(&mut out);
                if out.is_empty() {
                    None
                } else {
                    Some(Ok(out))
                }
            }
            (chunk, _) => chunk,
        };
        let items = match chunk {
            Some(Ok(chunk)) => match head.as_mut() {
                None => chunk,
                Some(held) => match held.push(&chunk) {
                    Ok(Some(items)) => {
                        head = None;
                        items
                    }
                    Ok(None) => continue,
                    Err(error) => break Err(error),
                },
            },
            Some(Err(error)) => break Err(Broken::Transient(session.error(error))),
            None => match head.take().map(ContinuationHead::finish) {
                None => break Ok(()),
                Some(Err(error)) => break Err(error),
                Some(Ok(items)) => {
                    if let Err(error) = append(partial, state, background.as_ref(), &items) {
                        break Err(error);
                    }
                    break Ok(());
                }
            },
        };
        if let Err(error) = append(partial, state, background.as_ref(), &items) {
            break Err(error);
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
                partial.read_start(&mut prefix).map_err(Broken::Fatal)?;
                state.prefix = Some(prefix);
            }
        }
    }
    outcome
}

fn append(
    partial: &mut PartialFile,
    state: &mut Written,
    background: Option<&BackgroundScan>,
    bytes: &[u8],
) -> Result<(), Broken> {
    partial.write_all(bytes).map_err(Broken::Fatal)?;
    state.bytes += bytes.len() as u64;
    if let Some(background) = background {
        background.advance(state.bytes);
        state.items = background.items();
    }
    Ok(())
}

/// The start of a resumed download, held back until its first item shows: what comes before
/// that item must equal the first answer's prefix, or the rest would not fit what is written.
struct ContinuationHead {
    scanner: Scanner,
    held: Vec<u8>,
    prefix: Vec<u8>,
}

impl ContinuationHead {
    fn new(layout: Layout, prefix: Vec<u8>) -> Self {
        ContinuationHead {
            scanner: Scanner::new(layout),
            held: Vec::new(),
            prefix,
        }
    }

    /// The bytes from the first item on, once it has shown.
    fn push(&mut self, chunk: &[u8]) -> Result<Option<Vec<u8>>, Broken> {
        self.held.extend_from_slice(chunk);
        let mut first = None;
        self.scanner.feed(chunk, &mut |start| {
            first.get_or_insert(start);
        });
        match first {
            Some(first) => self.split_at(first).map(Some),
            // The scanner has looked at every byte up to where the first item should start.
            None if self.held.len() > self.prefix.len() + BLOCK => Err(began_differently()),
            None => Ok(None),
        }
    }

    /// The whole continuation was shorter than one block.
    fn finish(mut self) -> Result<Vec<u8>, Broken> {
        let mut first = None;
        self.scanner.finish(&mut |start| {
            first.get_or_insert(start);
        });
        match first {
            Some(first) => self.split_at(first),
            None => Err(began_differently()),
        }
    }

    fn split_at(&mut self, first: u64) -> Result<Vec<u8>, Broken> {
        let first = first as usize;
        if self.held[..first] != self.prefix[..] {
            return Err(began_differently());
        }
        Ok(self.held.split_off(first))
    }
}

fn began_differently() -> Broken {
    Broken::DoesNotFit(Error::new(
        ErrorKind::Server,
        "the resumed download began differently; starting over",
    ))
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

impl ScanResult {
    fn found(&mut self, start: u64) {
        self.first_start.get_or_insert(start);
        self.last_start = Some((start, self.items));
        self.items += 1;
    }
}

impl BackgroundScan {
    /// Scans `file` (a second handle on the partial file, never reopened by its name) from
    /// `from` (where `scanner` starts) up to what `advance` says is written. It reads at
    /// offsets, so the writer's position in the shared handle never moves.
    fn start(
        mut scanner: Scanner,
        items_before: u64,
        file: std::fs::File,
        from: u64,
    ) -> std::io::Result<Self> {
        use std::sync::atomic::Ordering;
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
                        scanner.finish(&mut |start| result.found(start));
                        return Ok(result);
                    }
                    std::thread::park_timeout(std::time::Duration::from_millis(5));
                    continue;
                }
                let want = (available as usize).min(buffer.len());
                crate::files::partial::read_exact_at(&file, &mut buffer[..want], position)?;
                scanner.feed(&buffer[..want], &mut |start| result.found(start));
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

/// The job that writes a dataset to a file.
pub struct ExportJob;

/// How far an export has got.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ExportJobProgress {
    Export { progress: ExportProgress },
}

/// The file is complete at its path.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ExportOutcome {
    Export { report: ExportReport },
}

impl crate::jobs::Kind for ExportJob {
    const NAME: &'static str = "export";
    type Progress = ExportJobProgress;
    type Outcome = ExportOutcome;
    fn written_file(outcome: &ExportOutcome) -> Option<&Path> {
        let ExportOutcome::Export { report } = outcome;
        Some(Path::new(&report.path))
    }
}

/// Runs an export as a job: progress as it goes, cancel by the job's id, the report at the end.
/// `subject` is the dataset's id, so its screen finds its exports.
pub fn export_job(
    jobs: &crate::Jobs,
    session: Session,
    dataset_id: String,
    format: ExportFormat,
    options: ExportOptions,
    target: std::path::PathBuf,
) -> crate::JobView {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| target.display().to_string());
    let export = Export {
        dataset_id,
        format,
        options,
        target,
        placing: Placing::Replace,
    };
    let session = Box::new(session);
    spawn_export(jobs, format!("Export to {name}"), session, export, |_| {})
}

/// One export a job runs.
pub(crate) struct Export {
    pub dataset_id: String,
    pub format: ExportFormat,
    pub options: ExportOptions,
    pub target: std::path::PathBuf,
    pub placing: Placing,
}

/// Starts `export` as a job titled `title`; `done` hears how it ended (not when cancelled
/// before the export answered).
pub(crate) fn spawn_export<S>(
    jobs: &crate::Jobs,
    title: String,
    session: S,
    export: Export,
    done: impl FnOnce(Result<std::path::PathBuf, crate::IpcError>) + Send + 'static,
) -> crate::JobView
where
    S: std::ops::Deref<Target = Session> + Send + 'static,
{
    jobs.spawn::<ExportJob, _, _>(
        title,
        Some(export.dataset_id.clone()),
        move |progress, cancel| async move {
            let result = export_placed(
                &session,
                &export.dataset_id,
                export.format,
                &export.options,
                &export.target,
                export.placing,
                &cancel,
                |p| {
                    progress.report(ExportJobProgress::Export {
                        progress: p.clone(),
                    })
                },
            )
            .await;
            done(
                result
                    .as_ref()
                    .map(|report| std::path::PathBuf::from(&report.path))
                    .map_err(Error::to_ipc),
            );
            Ok(ExportOutcome::Export { report: result? })
        },
    )
}

fn classify(error: Error) -> Broken {
    if is_transient(&error) {
        Broken::Transient(error)
    } else {
        Broken::Fatal(error)
    }
}

fn layout_for(format: ExportFormat, options: &ExportOptions) -> Option<Layout> {
    // With these, `offset` counts stored items but the file holds other items.
    if options.clean || !options.unwind.is_empty() {
        return None;
    }
    match format {
        ExportFormat::Jsonl => Some(Layout::Lines),
        ExportFormat::Json => Some(Layout::JsonArray),
        ExportFormat::Csv => Some(Layout::CsvRows),
        ExportFormat::Xml => Some(Layout::XmlElements),
        ExportFormat::Html => Some(Layout::HtmlRows),
        // A ZIP archive: its bytes cannot be cut at items.
        ExportFormat::Xlsx => None,
    }
}
