//! A file uploaded as a record: streamed from disk and gzipped on the way, never read whole
//! into memory. The server stores a record only once its whole body has arrived, so a broken or
//! cancelled upload leaves the record as it was; a transient failure sends the file again.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use futures_util::stream;
use serde::Serialize;
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::backoff::{is_transient, Backoff};
use crate::files::chosen::{Choices, Chosen, Purpose};
use crate::kv::download::record_path;
use crate::kv::{check_key, is_key_char, MAX_KEY_LENGTH};
use crate::{Error, Session};

const CHUNK: usize = 64 * 1024;

/// What the upload form shows before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadSource {
    pub file_name: String,
    pub size: u64,
    /// From the file's extension; the user can change it.
    pub content_type: String,
    /// The file name made into a valid key.
    pub suggested_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadedRecord {
    pub key: String,
    pub bytes: u64,
    pub content_type: String,
    pub seconds: f64,
}

/// A file dropped onto the window, for the upload form: held by Rust like a file chosen in the
/// open dialog, known to the page by its number.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DroppedFile {
    pub file: Chosen,
    pub source: UploadSource,
}

type DropSubscriber = Box<dyn Fn(&DroppedFile) -> bool + Send>;

/// Hands files dropped onto the window to whoever listens (the page, through a channel).
#[derive(Clone, Default)]
pub struct Drops {
    subscribers: Arc<std::sync::Mutex<Vec<DropSubscriber>>>,
}

impl Drops {
    /// `deliver` answers false once its listener is gone, which ends the subscription.
    pub fn subscribe(&self, deliver: impl Fn(&DroppedFile) -> bool + Send + 'static) {
        crate::lock(&self.subscribers).push(Box::new(deliver));
    }

    /// Files only: a dropped folder is left out, since a record is one file. Each file is held
    /// in `choices`, as if chosen in the open dialog.
    pub fn dropped(&self, choices: &Choices, paths: &[std::path::PathBuf]) {
        let files: Vec<DroppedFile> = paths
            .iter()
            .filter_map(|path| {
                let source = inspect(path).ok()?;
                let file = choices.hold(Purpose::Open, path.clone());
                Some(DroppedFile { file, source })
            })
            .collect();
        crate::lock(&self.subscribers).retain(|deliver| files.iter().all(deliver));
    }
}

pub fn inspect(path: &Path) -> Result<UploadSource, Error> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::from_io(e, path))?;
    if !metadata.is_file() {
        return Err(Error::validation(
            "Choose a file to upload.",
            format!("not a file: {}", path.display()),
        ));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(UploadSource {
        size: metadata.len(),
        content_type: content_type_for(path).to_owned(),
        suggested_key: suggested_key(&file_name),
        file_name,
    })
}

/// The content type a file's extension usually means.
pub fn content_type_for(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "json" => "application/json",
        "jsonl" | "ndjson" => "application/x-ndjson",
        "txt" | "log" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        "js" | "mjs" => "application/javascript",
        "css" => "text/css",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// A file name as a key: characters a key can't hold become `-`, and it is cut to the limit.
pub fn suggested_key(file_name: &str) -> String {
    let key: String = file_name
        .chars()
        .map(|c| if is_key_char(c) { c } else { '-' })
        .take(MAX_KEY_LENGTH)
        .collect();
    if key.is_empty() {
        "upload".into()
    } else {
        key
    }
}

/// `on_progress(bytes read from the file, file size)`, called as the body goes out.
pub async fn upload_record(
    session: &Session,
    store_id: &str,
    key: &str,
    source: &Path,
    content_type: &str,
    cancel: &CancellationToken,
    on_progress: impl Fn(u64, u64) + Send + Sync + 'static,
) -> Result<UploadedRecord, Error> {
    check_key(key)?;
    let path = record_path(store_id, key)?;
    let size = inspect(source)?.size;
    let on_progress = Arc::new(on_progress);
    let started = Instant::now();
    let mut backoff = Backoff::new(session.retries());
    loop {
        let file = tokio::fs::File::open(source)
            .await
            .map_err(|e| Error::from_io(e, source))?;
        let sent = Arc::new(AtomicU64::new(0));
        let body = gzipped(
            file,
            size,
            sent.clone(),
            cancel.clone(),
            on_progress.clone(),
        );
        let headers = [
            ("Content-Type", content_type.to_owned()),
            ("Content-Encoding", "gzip".to_owned()),
        ];
        let attempt = tokio::select! {
            _ = cancel.cancelled() => return Err(Error::cancelled()),
            attempt = session.put_streaming(&path, &headers, reqwest::Body::wrap_stream(body)) => attempt,
        };
        match attempt {
            Ok(()) => break,
            Err(_) if cancel.is_cancelled() => return Err(Error::cancelled()),
            Err(error) if !is_transient(&error) => return Err(error),
            Err(error) => backoff.fruitless(error, cancel).await?,
        }
    }
    tracing::info!(
        bytes = size,
        "file uploaded as a record to store {store_id}"
    );
    Ok(UploadedRecord {
        key: key.to_owned(),
        bytes: size,
        content_type: content_type.to_owned(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// The file read a chunk at a time and gzipped as it goes. A read error or a cancel ends the
/// stream with an error, so the server never gets a whole body.
fn gzipped(
    file: tokio::fs::File,
    size: u64,
    sent: Arc<AtomicU64>,
    cancel: CancellationToken,
    on_progress: Progress,
) -> impl futures_util::Stream<Item = std::io::Result<Vec<u8>>> + Send + 'static {
    use std::io::Write;
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    stream::try_unfold((file, Some(encoder)), move |(mut file, encoder)| {
        let (sent, cancel, on_progress) = (sent.clone(), cancel.clone(), on_progress.clone());
        async move {
            let Some(mut encoder) = encoder else {
                return Ok(None);
            };
            if cancel.is_cancelled() {
                return Err(std::io::Error::other("the upload was cancelled"));
            }
            let mut buffer = vec![0; CHUNK];
            let read = file.read(&mut buffer).await?;
            if read == 0 {
                return Ok(Some((encoder.finish()?, (file, None))));
            }
            encoder.write_all(&buffer[..read])?;
            let done = sent.fetch_add(read as u64, Ordering::Relaxed) + read as u64;
            on_progress(done, size);
            let out = std::mem::take(encoder.get_mut());
            Ok(Some((out, (file, Some(encoder)))))
        }
    })
}

/// The job that sends a file as a record.
pub struct UploadJob;

/// The file is stored whole as the record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum UploadOutcome {
    Upload { uploaded: UploadedRecord },
}

impl crate::jobs::Kind for UploadJob {
    const NAME: &'static str = "upload";
    type Progress = super::TransferProgress;
    type Outcome = UploadOutcome;
}

/// Uploads a file as a job: progress, cancel by the job's id, the record at the end. `subject`
/// is the store's id, so its screen finds its uploads.
pub fn upload_job(
    jobs: &crate::Jobs,
    session: Session,
    store_id: String,
    key: String,
    source: std::path::PathBuf,
    content_type: String,
) -> crate::JobView {
    jobs.spawn::<UploadJob, _, _>(
        format!("Upload {key}"),
        Some(store_id.clone()),
        move |progress, cancel| async move {
            let uploaded = upload_record(
                &session,
                &store_id,
                &key,
                &source,
                &content_type,
                &cancel,
                move |bytes, total| {
                    progress.report(super::TransferProgress::Transfer { bytes, total })
                },
            )
            .await?;
            Ok(UploadOutcome::Upload { uploaded })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_becomes_a_valid_key_and_a_content_type() {
        assert_eq!(suggested_key("my photo (1).JPG"), "my-photo-(1).JPG");
        assert_eq!(suggested_key("žluťoučký.txt"), "-lu-ou-k-.txt");
        assert_eq!(suggested_key(""), "upload");
        assert!(check_key(&suggested_key(&"é".repeat(300))).is_ok());
        assert_eq!(content_type_for(Path::new("a/b.JPEG")), "image/jpeg");
        assert_eq!(
            content_type_for(Path::new("noext")),
            "application/octet-stream"
        );
    }
}
