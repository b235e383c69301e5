//! Downloading a key-value record to a file, the way exports are saved: streamed beside the
//! target under a temporary name, with progress and cancellation, renamed into place only when
//! complete. A broken download goes on from the byte where it stopped (`Range`), as long as the
//! server says it is still the same record (`If-Range` with its ETag); otherwise it starts over.
//!
//! The official client fetches records only whole, into memory; this streams them through the
//! client's own transport instead, so memory stays flat however large the record.

use std::path::Path;
use std::time::Instant;

use apify_client::http_client::StreamingHttpResponse;
use apify_client::ApifyClientError;
use futures_util::StreamExt;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::accounts::session::STREAM_TIMEOUT;
use crate::backoff::{is_transient, Backoff};
use crate::files::partial::PartialFile;
use crate::ErrorKind;
use crate::{Error, Session};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordDownload {
    pub path: String,
    pub bytes: u64,
    pub content_type: Option<String>,
}

/// What the file holds so far, and what the server said of the record.
#[derive(Default)]
struct Received {
    bytes: u64,
    total: Option<u64>,
    content_type: Option<String>,
    /// The ETag (or Last-Modified) of the first answer: without one, nothing proves a later
    /// answer is the same record, so a break starts over.
    version: Option<String>,
}

/// `on_progress(bytes, total)`: `total` is 0 while the server has not said the size.
pub async fn download_record(
    session: &Session,
    store_id: &str,
    key: &str,
    target: &Path,
    cancel: &CancellationToken,
    on_progress: impl FnMut(u64, u64) + Send,
) -> Result<RecordDownload, Error> {
    let path = format!("{}?attachment=true", record_path(store_id, key)?);
    download_to(session, &path, target, cancel, on_progress).await
}

/// Saves a run's whole log to a file (`GET /v2/actor-runs/{id}/log`), streamed like a record:
/// every line the API has, not only those a page loaded.
pub async fn download_log(
    session: &Session,
    run_id: &str,
    target: &Path,
    cancel: &CancellationToken,
    on_progress: impl FnMut(u64, u64) + Send,
) -> Result<RecordDownload, Error> {
    let run_id = utf8_percent_encode(run_id, NON_ALPHANUMERIC);
    let path = format!("/v2/actor-runs/{run_id}/log");
    download_to(session, &path, target, cancel, on_progress).await
}

/// Streams the answer to an API path into `target`, resuming a broken download where it can.
pub(crate) async fn download_to(
    session: &Session,
    path: &str,
    target: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(u64, u64) + Send,
) -> Result<RecordDownload, Error> {
    let mut partial = PartialFile::create(target)?;
    let mut received = Received::default();
    let mut backoff = Backoff::new(session.retries());
    let started = Instant::now();
    loop {
        let before = received.bytes;
        let attempt = download(
            session,
            path,
            &mut received,
            &mut partial,
            cancel,
            &mut |r| on_progress(r.bytes, r.total.unwrap_or(0)),
        )
        .await;
        match attempt {
            Ok(()) => break,
            Err(error) if !is_transient(&error) => return Err(error),
            Err(_) if received.bytes > before => backoff.progressed(),
            Err(error) => backoff.fruitless(error, cancel).await?,
        }
    }
    partial.finish()?;
    tracing::debug!(
        bytes = received.bytes,
        seconds = started.elapsed().as_secs_f64(),
        "record saved"
    );
    Ok(RecordDownload {
        path: target.display().to_string(),
        bytes: received.bytes,
        content_type: received.content_type,
    })
}

/// The job that saves a record to a file.
pub struct DownloadJob;

/// The record is complete in its file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DownloadOutcome {
    Download { download: RecordDownload },
}

impl crate::jobs::Kind for DownloadJob {
    const NAME: &'static str = "download";
    type Progress = super::TransferProgress;
    type Outcome = DownloadOutcome;
    fn written_file(outcome: &DownloadOutcome) -> Option<&std::path::Path> {
        let DownloadOutcome::Download { download } = outcome;
        Some(std::path::Path::new(&download.path))
    }
}

/// Saves a run's log to a file as a job; `subject` is the run's id, so its page finds it.
pub fn log_job(
    jobs: &crate::Jobs,
    session: Session,
    run_id: String,
    target: std::path::PathBuf,
) -> crate::JobView {
    jobs.spawn::<DownloadJob, _, _>(
        format!("Save the log of run {run_id}"),
        Some(run_id.clone()),
        move |progress, cancel| async move {
            let download = download_log(&session, &run_id, &target, &cancel, |bytes, total| {
                progress.report(super::TransferProgress::Transfer { bytes, total })
            })
            .await?;
            Ok(DownloadOutcome::Download { download })
        },
    )
}

/// Saves a record to a file as a job: progress, cancel by the job's id, the file at the end.
/// `subject` is the store's id, so its screen finds its downloads.
pub fn download_job(
    jobs: &crate::Jobs,
    session: Session,
    store_id: String,
    key: String,
    target: std::path::PathBuf,
) -> crate::JobView {
    jobs.spawn::<DownloadJob, _, _>(
        format!("Download {key}"),
        Some(store_id.clone()),
        move |progress, cancel| async move {
            let download = download_record(
                &session,
                &store_id,
                &key,
                &target,
                &cancel,
                |bytes, total| progress.report(super::TransferProgress::Transfer { bytes, total }),
            )
            .await?;
            Ok(DownloadOutcome::Download { download })
        },
    )
}

async fn download(
    session: &Session,
    path: &str,
    received: &mut Received,
    partial: &mut PartialFile,
    cancel: &CancellationToken,
    progress: &mut (dyn FnMut(&Received) + Send),
) -> Result<(), Error> {
    let mut headers = Vec::new();
    if let (true, Some(version)) = (received.bytes > 0, &received.version) {
        headers.push(("Range", format!("bytes={}-", received.bytes)));
        headers.push(("If-Range", version.clone()));
    }
    let response = tokio::select! {
        _ = cancel.cancelled() => return Err(Error::cancelled()),
        response = session.get_streaming(path, &headers) => response?,
    };
    let header = |name: &str| response.headers.get(name).cloned();
    let range = header("content-range").unwrap_or_default();
    let continues =
        response.status == 206 && range.starts_with(&format!("bytes {}-", received.bytes));
    if continues {
        // `bytes N-M/SIZE`: the size is there even when the first answer did not say it.
        if let Some(size) = range.rsplit('/').next().and_then(|size| size.parse().ok()) {
            received.total = Some(size);
        }
    } else {
        if !(200..300).contains(&response.status) || response.status == 206 {
            // A 416, or a range that is not the one asked for: the next attempt starts over.
            *received = Received::default();
            partial.truncate(0)?;
            return Err(Error::new(
                ErrorKind::Server,
                format!(
                    "the record answered {} to a resumed download",
                    response.status
                ),
            ));
        }
        // The whole record, the first time or again (it changed, or ranges are not served).
        partial.truncate(0)?;
        *received = Received {
            bytes: 0,
            total: header("content-length").and_then(|length| length.parse().ok()),
            content_type: header("content-type"),
            version: header("etag").or_else(|| header("last-modified")),
        };
    }
    stream_into(session, response, received, partial, cancel, progress).await
}

async fn stream_into(
    session: &Session,
    response: StreamingHttpResponse,
    received: &mut Received,
    partial: &mut PartialFile,
    cancel: &CancellationToken,
    progress: &mut (dyn FnMut(&Received) + Send),
) -> Result<(), Error> {
    let mut body = response.body;
    loop {
        let chunk = tokio::select! {
            _ = cancel.cancelled() => return Err(Error::cancelled()),
            chunk = tokio::time::timeout(STREAM_TIMEOUT, body.next()) => chunk,
        };
        let chunk = match chunk {
            Err(_) => return Err(session.error(ApifyClientError::Timeout)),
            Ok(None) => break,
            Ok(Some(chunk)) => chunk.map_err(|e| session.error(e))?,
        };
        partial.write_all(&chunk)?;
        received.bytes += chunk.len() as u64;
        progress(received);
    }
    match received.total {
        // The connection ended early without saying so.
        Some(total) if received.bytes < total => Err(Error::new(
            ErrorKind::Offline,
            format!("the record ended after {} of {total} bytes", received.bytes),
        )),
        _ => Ok(()),
    }
}

/// The record's public link, as the official client builds it: signed with the store's key
/// where it has one, so it opens without a token.
pub async fn public_link(session: &Session, store_id: &str, key: &str) -> Result<String, Error> {
    session
        .client()
        .key_value_store(store_id)
        .get_record_public_url(key)
        .await
        .map_err(|e| session.error(e))
}

/// The API path of a record.
pub(crate) fn record_path(store_id: &str, key: &str) -> Result<String, Error> {
    Ok(format!(
        "/v2/key-value-stores/{}/records/{}",
        path_segment(store_id)?,
        path_segment(key)?
    ))
}

/// A key or store id as one URL path segment: letters, digits and `-._~` as they are, every
/// other byte percent-encoded.
fn path_segment(text: &str) -> Result<String, Error> {
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::validation(
            format!("\"{text}\" cannot be the name of a record or a store."),
            "an empty or dot path segment",
        ));
    }
    Ok(text
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect())
}
