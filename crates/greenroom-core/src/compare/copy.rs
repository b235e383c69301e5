//! A local copy of a dataset: its items, one row each with their position, in an SQLite file
//! of its own in a private folder. Written beside its final name and renamed when complete, so
//! a cancelled or failed copy leaves nothing; kept for the session, so a second comparison with
//! the same dataset does not download it again.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tokio_util::sync::CancellationToken;

use crate::{Error, Session};

/// Rows written between checks for cancel and reports of progress.
const BATCH: u64 = 10_000;

fn sqlite_error(error: rusqlite::Error) -> Error {
    Error::internal(format!("local copy: {error}"))
}

/// Opens a copy (or a comparison's result) for work: no journal, since a copy that breaks is
/// made again, never repaired.
pub(crate) fn open(path: &Path) -> Result<Connection, Error> {
    let connection = Connection::open(path).map_err(sqlite_error)?;
    connection
        .execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        .map_err(sqlite_error)?;
    Ok(connection)
}

pub(crate) fn private(path: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::from_io(e, path))?;
    }
    Ok(())
}

/// Writes `lines` (JSON objects, one a line) as the copy at `target`; `on_progress(items)`.
pub(crate) fn write_copy(
    lines: impl BufRead,
    target: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(u64),
) -> Result<u64, Error> {
    let partial = target.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let result = (|| {
        let mut connection = open(&partial)?;
        private(&partial)?;
        connection
            .execute_batch("CREATE TABLE items (pos INTEGER PRIMARY KEY, item BLOB NOT NULL);")
            .map_err(sqlite_error)?;
        let transaction = connection.transaction().map_err(sqlite_error)?;
        let mut count = 0u64;
        {
            let mut insert = transaction
                .prepare("INSERT INTO items (pos, item) VALUES (?1, jsonb(?2))")
                .map_err(sqlite_error)?;
            for line in lines.lines() {
                let line = line.map_err(|e| Error::from_io(e, target))?;
                if line.trim().is_empty() {
                    continue;
                }
                // SQLite's `jsonb` refuses what is not JSON, so a malformed answer is an error,
                // never a row its JSON functions would later read as NULL; stored in its binary
                // form, an item is not parsed again by each function that reads it.
                insert
                    .execute(rusqlite::params![count as i64, line])
                    .map_err(|e| {
                        Error::new(
                            crate::ErrorKind::Server,
                            format!("item {count} is not JSON: {e}"),
                        )
                    })?;
                count += 1;
                if count.is_multiple_of(BATCH) {
                    if cancel.is_cancelled() {
                        return Err(Error::cancelled());
                    }
                    on_progress(count);
                }
            }
        }
        transaction.commit().map_err(sqlite_error)?;
        on_progress(count);
        Ok(count)
    })();
    match result {
        Ok(count) => {
            std::fs::rename(&partial, target).map_err(|e| Error::from_io(e, target))?;
            Ok(count)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

/// Downloads a dataset's items as JSON lines into a temporary file beside the copy, then writes
/// the copy from it; the download itself resumes and retries as record downloads do.
pub(crate) async fn download_copy(
    session: &Session,
    dataset_id: &str,
    dir: &Path,
    cancel: &CancellationToken,
    mut on_progress: impl FnMut(u64) + Send,
) -> Result<PathBuf, Error> {
    let safe: String = dataset_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let target = dir.join(format!("{safe}.sqlite"));
    if target.exists() {
        return Ok(target);
    }
    let lines = dir.join(format!("{safe}.jsonl"));
    let id = percent_encoding::utf8_percent_encode(dataset_id, percent_encoding::NON_ALPHANUMERIC);
    let path = format!("/v2/datasets/{id}/items?format=jsonl");
    let downloaded =
        crate::kv::download::download_to(session, &path, &lines, cancel, |_, _| {}).await;
    if let Err(error) = downloaded {
        let _ = std::fs::remove_file(&lines);
        return Err(error);
    }
    let written = {
        let target = target.clone();
        let lines = lines.clone();
        let cancel = cancel.clone();
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        let work = tokio::task::spawn_blocking(move || {
            let file = std::fs::File::open(&lines).map_err(|e| Error::from_io(e, &lines))?;
            write_copy(std::io::BufReader::new(file), &target, &cancel, |n| {
                let _ = sender.send(n);
            })
        });
        tokio::pin!(work);
        loop {
            tokio::select! {
                Some(items) = receiver.recv() => on_progress(items),
                done = &mut work => break done.map_err(|e| Error::internal(e.to_string()))?,
            }
        }
    };
    let _ = std::fs::remove_file(&lines);
    written.map(|_| target)
}
