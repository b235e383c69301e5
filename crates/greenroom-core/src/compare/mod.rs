//! Compare two datasets ("what is new since the last run") on this computer: both are copied
//! into local SQLite files and compared there with indexed joins, as jobs, so a million items a
//! side fit in bounded memory.

pub mod copy;
pub mod engine;
pub mod suggest;

pub use engine::{compare, window, CompareSpec, Counts, Part};
pub use suggest::{suggest, CompareSuggestion};

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::datasets::pages::Window;
use crate::jobs::{JobView, Jobs};
use crate::{Error, Session};

/// What a comparison job reports while it works.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum CompareProgress {
    /// Items of one side written into its local copy so far.
    Copying {
        side: Side,
        items: u64,
    },
    Comparing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Older,
    Newer,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum CompareOutcome {
    Compared { comparison: u32, counts: Counts },
}

pub struct CompareJob;

impl crate::jobs::Kind for CompareJob {
    const NAME: &'static str = "compare";
    type Progress = CompareProgress;
    type Outcome = CompareOutcome;
}

struct Done {
    old: PathBuf,
    new: PathBuf,
    result: PathBuf,
    ignore: Vec<String>,
}

/// The session's local copies and comparisons, in a private folder that is emptied when the app
/// starts and removed when it ends: nothing of a dataset stays on disk after the session.
pub struct Comparisons {
    dir: PathBuf,
    /// Dataset id → its local copy, so a second comparison does not download it again.
    copies: Mutex<HashMap<String, PathBuf>>,
    done: Mutex<HashMap<u32, Done>>,
    next: AtomicU32,
}

impl Comparisons {
    pub fn open(dir: impl Into<PathBuf>) -> Result<Arc<Self>, Error> {
        let dir = dir.into();
        // Whatever a session that crashed left behind.
        let _ = std::fs::remove_dir_all(&dir);
        crate::files::private::create_private_dir(&dir).map_err(|e| Error::from_io(e, &dir))?;
        Ok(Arc::new(Comparisons {
            dir,
            copies: Mutex::new(HashMap::new()),
            done: Mutex::new(HashMap::new()),
            next: AtomicU32::new(1),
        }))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    async fn copy_of(
        &self,
        session: &Session,
        dataset_id: &str,
        cancel: &CancellationToken,
        on_progress: impl FnMut(u64) + Send,
    ) -> Result<PathBuf, Error> {
        if let Some(path) = self
            .copies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(dataset_id)
        {
            return Ok(path.clone());
        }
        let path = copy::download_copy(session, dataset_id, &self.dir, cancel, on_progress).await?;
        self.copies
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dataset_id.to_owned(), path.clone());
        Ok(path)
    }

    /// Copies both datasets (or reuses their copies) and compares them.
    pub async fn compare_datasets(
        &self,
        session: &Session,
        old_id: &str,
        new_id: &str,
        spec: &CompareSpec,
        cancel: &CancellationToken,
        mut on_progress: impl FnMut(CompareProgress) + Send,
    ) -> Result<(u32, Counts), Error> {
        if spec.key.is_empty() {
            return Err(Error::validation(
                "Choose at least one field that identifies an item, such as its URL or id.",
                "comparison key",
            ));
        }
        // Both sides at once: on two cores the downloads and the writing overlap.
        let report = std::sync::Mutex::new(&mut on_progress);
        let tell = |progress: CompareProgress| {
            if let Ok(mut report) = report.lock() {
                (*report)(progress);
            }
        };
        let older = |items| {
            tell(CompareProgress::Copying {
                side: Side::Older,
                items,
            })
        };
        let newer = |items| {
            tell(CompareProgress::Copying {
                side: Side::Newer,
                items,
            })
        };
        let (old, new) = if old_id == new_id {
            // One copy serves both sides; two at once would write the same file.
            let copy = self.copy_of(session, new_id, cancel, newer).await?;
            (copy.clone(), copy)
        } else {
            let (old, new) = tokio::join!(
                self.copy_of(session, old_id, cancel, older),
                self.copy_of(session, new_id, cancel, newer),
            );
            (old?, new?)
        };
        on_progress(CompareProgress::Comparing);
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let result = self.dir.join(format!("comparison-{id}.sqlite"));
        let counts = {
            let (old, new, result, spec) = (old.clone(), new.clone(), result.clone(), spec.clone());
            tokio::task::spawn_blocking(move || compare(&old, &new, &spec, &result))
                .await
                .map_err(|e| Error::internal(e.to_string()))?
        };
        let counts = match counts {
            Ok(counts) => counts,
            Err(error) => {
                let _ = std::fs::remove_file(&result);
                return Err(error);
            }
        };
        self.done.lock().unwrap_or_else(|p| p.into_inner()).insert(
            id,
            Done {
                old,
                new,
                result,
                ignore: spec.ignore.clone(),
            },
        );
        Ok((id, counts))
    }

    /// Compares as a job: progress, cancel by the job's id, the comparison's number at the end.
    pub fn compare_job(
        self: &Arc<Self>,
        jobs: &Jobs,
        session: Arc<Session>,
        old_id: String,
        new_id: String,
        spec: CompareSpec,
    ) -> JobView {
        let this = self.clone();
        jobs.spawn::<CompareJob, _, _>(
            "Compare two datasets".to_owned(),
            Some(new_id.clone()),
            move |progress, cancel| async move {
                let (comparison, counts) = this
                    .compare_datasets(&session, &old_id, &new_id, &spec, &cancel, |p| {
                        progress.report(p)
                    })
                    .await?;
                Ok(CompareOutcome::Compared { comparison, counts })
            },
        )
    }

    /// Rows of one part of a finished comparison, as the table asks for them.
    pub fn window(
        &self,
        comparison: u32,
        part: Part,
        offset: u64,
        span: u64,
    ) -> Result<Window, Error> {
        let (old, new, result, ignore) = {
            let done = self.done.lock().unwrap_or_else(|p| p.into_inner());
            let found = done
                .get(&comparison)
                .ok_or_else(|| Error::local_not_found(format!("comparison {comparison}")))?;
            (
                found.old.clone(),
                found.new.clone(),
                found.result.clone(),
                found.ignore.clone(),
            )
        };
        let items = window(&result, &old, &new, part, offset, span.min(1000), &ignore)?;
        let total = engine::part_total(&result, part)?;
        Ok(Window {
            offset,
            items,
            total,
        })
    }
}

impl Drop for Comparisons {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
