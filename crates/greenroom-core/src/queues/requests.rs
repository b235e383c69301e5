//! A queue's requests in a local copy: read page by page with the API's cursor into an SQLite
//! file (as dataset copies are), each with its state (pending, handled, failed) indexed, so the
//! table asks for any window of any filter and an export streams from disk, with memory flat
//! however long the queue. The API filters pending requests only; handled and failed ones are
//! found here. A copy is a snapshot: "Refresh" reads the queue again.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use apify_client::clients::request_queue::ListRequestsOptions;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::compare::copy::{open, write_copy};
use crate::datasets::pages::Window;
use crate::jobs::{JobView, Jobs};
use crate::{Error, Session};

/// Requests asked of the API at once: its largest page.
const API_PAGE: i64 = 10_000;

fn sqlite_error(error: rusqlite::Error) -> Error {
    Error::internal(format!("request list: {error}"))
}

/// Which requests the table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RequestFilter {
    All,
    Pending,
    /// Done, failed ones included.
    Handled,
    /// Given up after their retries: handled with errors and no page loaded.
    Failed,
}

impl RequestFilter {
    fn condition(self) -> &'static str {
        match self {
            RequestFilter::All => "1",
            RequestFilter::Pending => "state = 'pending'",
            RequestFilter::Handled => "state <> 'pending'",
            RequestFilter::Failed => "state = 'failed'",
        }
    }
}

/// How many requests each filter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestCounts {
    pub all: u64,
    pub pending: u64,
    pub handled: u64,
    pub failed: u64,
}

/// The columns of the request table, in order; rows carry exactly these fields.
pub const COLUMNS: [&str; 9] = [
    "url",
    "state",
    "retryCount",
    "errorMessages",
    "method",
    "uniqueKey",
    "handledAt",
    "loadedUrl",
    "id",
];

/// A request as a row of the table and the exports: the columns above, the state in words.
fn row(request: &Value, state: &str) -> Value {
    let mut row = serde_json::Map::new();
    for column in COLUMNS {
        let value = match column {
            "state" => Value::from(match state {
                "pending" => "Pending",
                "failed" => "Failed",
                _ => "Handled",
            }),
            field => request.get(field).cloned().unwrap_or(Value::Null),
        };
        row.insert(column.to_owned(), value);
    }
    Value::Object(row)
}

/// What reading a queue's requests reports while it works.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RequestsProgress {
    Reading { requests: u64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RequestsOutcome {
    Read { read: RequestsRead },
}

/// A finished read: the copy's counts and when it was taken.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestsRead {
    pub queue_id: String,
    pub counts: RequestCounts,
    pub read_at: String,
}

pub struct RequestsJob;

impl crate::jobs::Kind for RequestsJob {
    const NAME: &'static str = "requests";
    type Progress = RequestsProgress;
    type Outcome = RequestsOutcome;
}

/// What a request list is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RequestFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RequestExportProgress {
    Writing { requests: u64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RequestExportOutcome {
    Saved { path: String, requests: u64 },
}

pub struct RequestExportJob;

impl crate::jobs::Kind for RequestExportJob {
    const NAME: &'static str = "requestExport";
    type Progress = RequestExportProgress;
    type Outcome = RequestExportOutcome;
    fn written_file(outcome: &RequestExportOutcome) -> Option<&Path> {
        let RequestExportOutcome::Saved { path, .. } = outcome;
        Some(Path::new(path))
    }
}

/// The session's request lists, in a private folder emptied when the app starts and removed
/// when it ends, as dataset copies are.
pub struct RequestLists {
    dir: PathBuf,
    /// Queue id → its latest copy.
    copies: Mutex<HashMap<String, PathBuf>>,
}

impl RequestLists {
    pub fn open(dir: impl Into<PathBuf>) -> Result<Arc<Self>, Error> {
        let dir = dir.into();
        let _ = std::fs::remove_dir_all(&dir);
        crate::files::private::create_private_dir(&dir).map_err(|e| Error::from_io(e, &dir))?;
        Ok(Arc::new(RequestLists {
            dir,
            copies: Mutex::new(HashMap::new()),
        }))
    }

    fn copy(&self, queue_id: &str) -> Result<PathBuf, Error> {
        self.copies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(queue_id)
            .cloned()
            .ok_or_else(|| Error::local_not_found(format!("the requests of queue {queue_id}")))
    }

    /// Reads every request of the queue into a new copy, which replaces the last one.
    pub async fn read(
        &self,
        session: &Session,
        queue_id: &str,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(u64) + Send,
    ) -> Result<RequestsRead, Error> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let number = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let lines = self.dir.join(format!("{number}.jsonl"));
        let target = self.dir.join(format!("{number}.sqlite"));
        let result = async {
            download(session, queue_id, &lines, cancel, &mut on_progress).await?;
            let (lines, target, cancel) = (lines.clone(), target.clone(), cancel.clone());
            tokio::task::spawn_blocking(move || {
                let file = std::fs::File::open(&lines).map_err(|e| Error::from_io(e, &lines))?;
                write_copy(std::io::BufReader::new(file), &target, &cancel, |_| {})?;
                index_states(&target)
            })
            .await
            .map_err(|e| Error::internal(e.to_string()))?
        }
        .await;
        let _ = std::fs::remove_file(&lines);
        let counts = match result {
            Ok(counts) => counts,
            Err(error) => {
                let _ = std::fs::remove_file(&target);
                return Err(error);
            }
        };
        let old = self
            .copies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(queue_id.to_owned(), target);
        if let Some(old) = old {
            let _ = std::fs::remove_file(old);
        }
        Ok(RequestsRead {
            queue_id: queue_id.to_owned(),
            counts,
            read_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        })
    }

    pub fn read_job(
        self: &Arc<Self>,
        jobs: &Jobs,
        session: Arc<Session>,
        queue_id: String,
    ) -> JobView {
        let this = self.clone();
        jobs.spawn::<RequestsJob, _, _>(
            "Read a request queue".to_owned(),
            Some(queue_id.clone()),
            move |progress, cancel| async move {
                let read = this
                    .read(&session, &queue_id, &cancel, |requests| {
                        progress.report(RequestsProgress::Reading { requests })
                    })
                    .await?;
                Ok(RequestsOutcome::Read { read })
            },
        )
    }

    /// Rows `offset..offset + span` of the requests `filter` shows.
    pub fn window(
        &self,
        queue_id: &str,
        filter: RequestFilter,
        offset: u64,
        span: u64,
    ) -> Result<Window, Error> {
        let connection = open(&self.copy(queue_id)?)?;
        let items = rows(&connection, filter, offset, span.min(1000))?;
        let total = connection
            .query_row(
                &format!("SELECT count(*) FROM items WHERE {}", filter.condition()),
                [],
                |row| row.get::<_, i64>(0),
            )
            .map_err(sqlite_error)? as u64;
        Ok(Window {
            offset,
            items,
            total,
        })
    }

    /// Rows `from..=to` of a filter, for "Copy selected rows".
    pub fn rows(
        &self,
        queue_id: &str,
        filter: RequestFilter,
        from: u64,
        to: u64,
    ) -> Result<Vec<Value>, Error> {
        let span = to.saturating_sub(from) + 1;
        if span > crate::datasets::pages::MAX_COPY_ROWS {
            return Err(Error::validation(
                format!(
                    "Copy at most {} rows at once; save the list to a file for more.",
                    crate::datasets::pages::MAX_COPY_ROWS
                ),
                format!("{span} rows"),
            ));
        }
        rows(&open(&self.copy(queue_id)?)?, filter, from, span)
    }

    /// Saves the requests a filter shows as CSV (formulas defused) or JSON, as a job.
    pub fn export_job(
        self: &Arc<Self>,
        jobs: &Jobs,
        queue_id: String,
        filter: RequestFilter,
        format: RequestFormat,
        target: PathBuf,
    ) -> Result<JobView, Error> {
        let copy = self.copy(&queue_id)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(jobs.spawn::<RequestExportJob, _, _>(
            format!("Save requests to {name}"),
            Some(queue_id),
            move |progress, cancel| async move {
                let written = tokio::task::spawn_blocking(move || {
                    export(&copy, filter, format, &target, &cancel, |requests| {
                        progress.report(RequestExportProgress::Writing { requests })
                    })
                    .map(|requests| (target, requests))
                })
                .await
                .map_err(|e| Error::internal(e.to_string()))?;
                let (target, requests) = written?;
                Ok(RequestExportOutcome::Saved {
                    path: target.display().to_string(),
                    requests,
                })
            },
        ))
    }
}

impl Drop for RequestLists {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes every request of the queue, one JSON object a line, following the API's cursor.
async fn download(
    session: &Session,
    queue_id: &str,
    lines: &Path,
    cancel: &CancellationToken,
    on_progress: &mut (impl FnMut(u64) + Send),
) -> Result<(), Error> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(lines).map_err(|e| Error::from_io(e, lines))?,
    );
    let queue = session.client().request_queue(queue_id);
    let mut cursor = None;
    let mut read = 0u64;
    loop {
        if cancel.is_cancelled() {
            return Err(Error::cancelled());
        }
        let page = queue
            .list_requests(ListRequestsOptions {
                limit: Some(API_PAGE),
                cursor: cursor.take(),
                ..Default::default()
            })
            .await
            .map_err(|e| session.error(e))?;
        for request in &page.items {
            serde_json::to_writer(&mut file, request)
                .map_err(|e| Error::internal(e.to_string()))?;
            file.write_all(b"\n")
                .map_err(|e| Error::from_io(e, lines))?;
        }
        read += page.items.len() as u64;
        on_progress(read);
        match page.next_cursor {
            Some(next) if !page.items.is_empty() => cursor = Some(next),
            _ => break,
        }
    }
    file.flush().map_err(|e| Error::from_io(e, lines))
}

/// Gives each request of a fresh copy its state, indexed for the filters, and counts them.
fn index_states(copy: &Path) -> Result<RequestCounts, Error> {
    let connection = open(copy)?;
    connection
        .execute_batch(
            "ALTER TABLE items ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
             UPDATE items SET state = CASE
                 WHEN item ->> '$.handledAt' IS NULL THEN 'pending'
                 WHEN json_array_length(item, '$.errorMessages') > 0
                      AND item ->> '$.loadedUrl' IS NULL THEN 'failed'
                 ELSE 'handled' END;
             CREATE INDEX items_state ON items (state, pos);",
        )
        .map_err(sqlite_error)?;
    let count = |filter: RequestFilter| {
        connection
            .query_row(
                &format!("SELECT count(*) FROM items WHERE {}", filter.condition()),
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|n| n as u64)
            .map_err(sqlite_error)
    };
    Ok(RequestCounts {
        all: count(RequestFilter::All)?,
        pending: count(RequestFilter::Pending)?,
        handled: count(RequestFilter::Handled)?,
        failed: count(RequestFilter::Failed)?,
    })
}

fn rows(
    connection: &Connection,
    filter: RequestFilter,
    offset: u64,
    span: u64,
) -> Result<Vec<Value>, Error> {
    let mut statement = connection
        .prepare(&format!(
            "SELECT json(item), state FROM items WHERE {} ORDER BY pos LIMIT ?1 OFFSET ?2",
            filter.condition()
        ))
        .map_err(sqlite_error)?;
    let found = statement
        .query_map(rusqlite::params![span as i64, offset as i64], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(sqlite_error)?;
    found
        .map(|found| {
            let (text, state) = found.map_err(sqlite_error)?;
            let request: Value =
                serde_json::from_str(&text).map_err(|e| Error::internal(e.to_string()))?;
            Ok(row(&request, &state))
        })
        .collect()
}

/// A CSV cell: text a spreadsheet would run as a formula is defused, lists joined by " | ".
fn csv_cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => crate::datasets::formulas::defused(text).into_owned(),
        Value::Array(values) => {
            let parts: Vec<String> = values
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect();
            crate::datasets::formulas::defused(&parts.join(" | ")).into_owned()
        }
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Writes the filter's requests to `target` through a partial file, so a cancelled or failed
/// save leaves nothing; answers how many were written.
fn export(
    copy: &Path,
    filter: RequestFilter,
    format: RequestFormat,
    target: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(u64),
) -> Result<u64, Error> {
    const BATCH: u64 = 1000;
    let connection = open(copy)?;
    let mut out = crate::files::partial::PartialFile::create(target)?;
    let mut written = 0u64;
    let mut put = |bytes: &[u8]| out.write_all(bytes);
    match format {
        RequestFormat::Csv => put(format!("{}\r\n", COLUMNS.join(",")).as_bytes())?,
        RequestFormat::Json => put(b"[")?,
    }
    loop {
        if cancel.is_cancelled() {
            return Err(Error::cancelled());
        }
        let batch = rows(&connection, filter, written, BATCH)?;
        for row in &batch {
            let line = match format {
                RequestFormat::Csv => {
                    let cells: Vec<String> = COLUMNS.iter().map(|c| csv_cell(&row[*c])).collect();
                    format!("{}\r\n", cells.join(","))
                }
                RequestFormat::Json => {
                    let separator = if written == 0 { "\n" } else { ",\n" };
                    written += 1;
                    format!("{separator}{row}")
                }
            };
            if format == RequestFormat::Csv {
                written += 1;
            }
            put(line.as_bytes())?;
        }
        on_progress(written);
        if (batch.len() as u64) < BATCH {
            break;
        }
    }
    if format == RequestFormat::Json {
        put(b"\n]\n")?;
    }
    out.finish()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_cell_that_a_spreadsheet_would_run_is_defused_and_lists_are_joined() {
        assert_eq!(
            csv_cell(&json!("=HYPERLINK(\"x\")")),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(csv_cell(&json!(["timeout", "=1+1"])), "timeout | =1+1");
        assert_eq!(csv_cell(&json!(["=1+1"])), "'=1+1");
        assert_eq!(csv_cell(&json!(3)), "3");
        assert_eq!(csv_cell(&Value::Null), "");
    }

    #[test]
    fn states_and_filters_come_from_the_requests() {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("q.sqlite");
        let requests = [
            json!({ "id": "a", "url": "https://x/1", "uniqueKey": "1" }),
            json!({ "id": "b", "url": "https://x/2", "uniqueKey": "2", "handledAt": "2026-11-26T10:00:00Z", "loadedUrl": "https://x/2" }),
            json!({ "id": "c", "url": "https://x/3", "uniqueKey": "3", "handledAt": "2026-11-26T10:00:00Z", "errorMessages": ["timed out"] }),
            json!({ "id": "d", "url": "https://x/4", "uniqueKey": "4", "handledAt": "2026-11-26T10:00:00Z", "errorMessages": ["once"], "loadedUrl": "https://x/4" }),
        ];
        let lines: String = requests.iter().map(|r| format!("{r}\n")).collect();
        write_copy(lines.as_bytes(), &copy, &CancellationToken::new(), |_| {}).unwrap();
        let counts = index_states(&copy).unwrap();
        assert_eq!(
            counts,
            RequestCounts {
                all: 4,
                pending: 1,
                handled: 3,
                failed: 1
            }
        );
        let connection = open(&copy).unwrap();
        let ids = |filter| -> Vec<Value> {
            rows(&connection, filter, 0, 10)
                .unwrap()
                .iter()
                .map(|r| r["id"].clone())
                .collect()
        };
        assert_eq!(
            ids(RequestFilter::Handled),
            [json!("b"), json!("c"), json!("d")]
        );
        assert_eq!(ids(RequestFilter::Failed), [json!("c")]);
        assert_eq!(
            rows(&connection, RequestFilter::All, 1, 2).unwrap()[1]["state"],
            "Failed"
        );
    }
}
