//! Long work as jobs: each has an id, reports progress to every subscriber, can be cancelled
//! by id, and runs on its own task, so it keeps going whatever the UI shows. The app bridges
//! subscribers to `tauri::ipc::Channel`s; the core knows nothing of Tauri.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::export::{ExportProgress, ExportReport};
use crate::record_upload::UploadedRecord;
use crate::records::RecordDownload;
use crate::runs::RunSummary;
use crate::{lock, Error, IpcError};

/// At most this many progress events a second reach subscribers for one job; the last one
/// before the end always does.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// Finished jobs kept for the UI to show, beyond which the oldest are dropped.
const KEEP_FINISHED: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum JobKind {
    /// Follows a run until it ends.
    RunWatch,
    /// Follows a run's log while it works.
    LogFollow,
    /// Writes a dataset to a file.
    Export,
    /// Saves a record to a file.
    Download,
    /// Sends a file as a record.
    Upload,
}

/// What a job reports while it works.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum JobProgress {
    Run {
        run: RunSummary,
    },
    /// New log lines; `from` is the number of lines sent before them, so a page that joins
    /// late or misses an event can tell.
    Log {
        from: u64,
        lines: Vec<String>,
    },
    Export {
        progress: ExportProgress,
    },
    /// Bytes of a record moved so far; `total` is 0 while unknown.
    Transfer {
        bytes: u64,
        total: u64,
    },
}

/// What a job gives when it succeeds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum JobOutcome {
    Run {
        run: Box<RunSummary>,
    },
    /// The log ended with the run; `lines` in all.
    Log {
        lines: u64,
    },
    /// The file is complete at its path.
    Export {
        report: ExportReport,
    },
    /// The record is complete in its file.
    Download {
        download: RecordDownload,
    },
    /// The file is stored whole as the record.
    Upload {
        uploaded: UploadedRecord,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum JobState {
    Running,
    Succeeded { outcome: JobOutcome },
    Failed { error: IpcError },
    Cancelled,
}

/// A job as the UI shows it; every event is the job's whole new view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: u32,
    pub kind: JobKind,
    pub title: String,
    /// What the job works on (a run's id), so screens find their jobs without reading titles.
    pub subject: Option<String>,
    pub started_at: String,
    pub progress: Option<JobProgress>,
    pub state: JobState,
}

impl JobView {
    pub fn is_finished(&self) -> bool {
        !matches!(self.state, JobState::Running)
    }
}

/// Hands a job's progress to its subscribers.
#[derive(Clone)]
pub struct Progress {
    jobs: Jobs,
    id: u32,
    last_sent: Arc<Mutex<Option<Instant>>>,
}

impl Progress {
    /// Reports progress; calls closer together than [`PROGRESS_INTERVAL`] only update the
    /// job's view, which the next report or the end carries.
    pub fn report(&self, progress: JobProgress) {
        let now = Instant::now();
        let send = {
            let mut last = lock(&self.last_sent);
            let due = last.is_none_or(|at| now.duration_since(at) >= PROGRESS_INTERVAL);
            if due {
                *last = Some(now);
            }
            due
        };
        self.jobs
            .update(self.id, send, |view| view.progress = Some(progress));
    }

    /// Reports progress that must reach subscribers, such as new log lines: never held back.
    pub fn report_now(&self, progress: JobProgress) {
        *lock(&self.last_sent) = Some(Instant::now());
        self.jobs
            .update(self.id, true, |view| view.progress = Some(progress));
    }
}

type Subscriber = Box<dyn Fn(&JobView) -> bool + Send>;

struct Entry {
    view: JobView,
    cancel: CancellationToken,
}

#[derive(Default)]
struct Inner {
    next_id: u32,
    jobs: BTreeMap<u32, Entry>,
    subscribers: Vec<Subscriber>,
}

/// Every job of the app. Cheap to clone; clones share the jobs.
#[derive(Clone, Default)]
pub struct Jobs {
    inner: Arc<Mutex<Inner>>,
}

impl Jobs {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a subscriber, which gets every job's view whenever it changes until it answers
    /// `false` (its window is gone). Answers the jobs as they are now.
    pub fn subscribe(
        &self,
        subscriber: impl Fn(&JobView) -> bool + Send + 'static,
    ) -> Vec<JobView> {
        let mut inner = lock(&self.inner);
        inner.subscribers.push(Box::new(subscriber));
        inner.jobs.values().map(|e| e.view.clone()).collect()
    }

    pub fn list(&self) -> Vec<JobView> {
        lock(&self.inner)
            .jobs
            .values()
            .map(|e| e.view.clone())
            .collect()
    }

    /// Starts `work` on its own task. It gets a [`Progress`] to report with and a token that
    /// is cancelled when the user cancels the job; `Error::Cancelled` ends it as cancelled.
    pub fn spawn<Work, Fut>(
        &self,
        kind: JobKind,
        title: impl Into<String>,
        subject: Option<String>,
        work: Work,
    ) -> JobView
    where
        Work: FnOnce(Progress, CancellationToken) -> Fut,
        Fut: Future<Output = Result<JobOutcome, Error>> + Send + 'static,
    {
        let cancel = CancellationToken::new();
        let view = {
            let mut inner = lock(&self.inner);
            inner.next_id += 1;
            let view = JobView {
                id: inner.next_id,
                kind,
                title: title.into(),
                subject,
                started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                progress: None,
                state: JobState::Running,
            };
            inner.jobs.insert(
                view.id,
                Entry {
                    view: view.clone(),
                    cancel: cancel.clone(),
                },
            );
            view
        };
        let id = view.id;
        let progress = Progress {
            jobs: self.clone(),
            id,
            last_sent: Arc::default(),
        };
        let future = work(progress, cancel.clone());
        // Subscribers hear of the job before anything it does.
        self.notify(&view);
        let jobs = self.clone();
        tokio::spawn(async move {
            let result = tokio::select! {
                result = future => result,
                // Work that does not watch the token still ends when cancelled.
                _ = cancel.cancelled() => Err(Error::Cancelled),
            };
            let state = match result {
                Ok(outcome) => JobState::Succeeded { outcome },
                Err(Error::Cancelled) => JobState::Cancelled,
                Err(error) => JobState::Failed {
                    error: error.to_ipc(),
                },
            };
            jobs.update(id, true, |view| view.state = state);
            jobs.forget_oldest_finished();
        });
        view
    }

    /// Asks a running job to stop; it ends as cancelled. A finished job stays as it ended.
    pub fn cancel(&self, id: u32) -> Result<(), Error> {
        let inner = lock(&self.inner);
        let entry = inner.jobs.get(&id).ok_or_else(|| Error::NotFound {
            detail: format!("job {id}"),
        })?;
        entry.cancel.cancel();
        Ok(())
    }

    /// Removes a finished job from the list; a running one must be cancelled first.
    pub fn dismiss(&self, id: u32) -> Result<(), Error> {
        let mut inner = lock(&self.inner);
        match inner.jobs.get(&id) {
            Some(entry) if entry.view.is_finished() => {
                inner.jobs.remove(&id);
                Ok(())
            }
            Some(_) => Err(Error::validation(
                "Cancel the job before removing it from the list.",
                format!("job {id} is still running"),
            )),
            None => Err(Error::NotFound {
                detail: format!("job {id}"),
            }),
        }
    }

    fn update(&self, id: u32, notify: bool, change: impl FnOnce(&mut JobView)) {
        let view = {
            let mut inner = lock(&self.inner);
            let Some(entry) = inner.jobs.get_mut(&id) else {
                return;
            };
            if entry.view.is_finished() {
                return;
            }
            change(&mut entry.view);
            entry.view.clone()
        };
        if notify {
            self.notify(&view);
        }
    }

    fn notify(&self, view: &JobView) {
        lock(&self.inner)
            .subscribers
            .retain(|subscriber| subscriber(view));
    }

    fn forget_oldest_finished(&self) {
        let mut inner = lock(&self.inner);
        let finished: Vec<u32> = inner
            .jobs
            .values()
            .filter(|e| e.view.is_finished())
            .map(|e| e.view.id)
            .collect();
        for id in finished
            .iter()
            .take(finished.len().saturating_sub(KEEP_FINISHED))
        {
            inner.jobs.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorder(jobs: &Jobs) -> Arc<Mutex<Vec<JobView>>> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        jobs.subscribe(move |view| {
            lock(&sink).push(view.clone());
            true
        });
        seen
    }

    async fn until_finished(jobs: &Jobs, id: u32) -> JobView {
        for _ in 0..500 {
            let view = jobs.list().into_iter().find(|v| v.id == id).unwrap();
            if view.is_finished() {
                return view;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("job {id} did not end");
    }

    fn run(status: &str) -> RunSummary {
        RunSummary::with_status(status, None)
    }

    #[tokio::test]
    async fn a_job_reports_progress_then_its_outcome_to_every_subscriber() {
        let jobs = Jobs::new();
        let seen = recorder(&jobs);
        let view = jobs.spawn(
            JobKind::RunWatch,
            "Watching r1",
            None,
            |progress, _| async move {
                progress.report(JobProgress::Run {
                    run: run("RUNNING"),
                });
                Ok(JobOutcome::Run {
                    run: Box::new(run("SUCCEEDED")),
                })
            },
        );
        let end = until_finished(&jobs, view.id).await;
        assert_eq!(
            end.state,
            JobState::Succeeded {
                outcome: JobOutcome::Run {
                    run: Box::new(run("SUCCEEDED"))
                }
            }
        );
        let seen = lock(&seen).clone();
        assert_eq!(seen.first().unwrap().state, JobState::Running);
        assert!(seen.iter().any(|v| v.progress
            == Some(JobProgress::Run {
                run: run("RUNNING")
            })));
        assert_eq!(seen.last().unwrap(), &end);
    }

    #[tokio::test]
    async fn cancelling_by_id_ends_even_work_that_ignores_the_token() {
        let jobs = Jobs::new();
        let view = jobs.spawn(JobKind::RunWatch, "Never ends", None, |_, _| async move {
            std::future::pending::<()>().await;
            unreachable!()
        });
        assert_eq!(
            jobs.dismiss(view.id).unwrap_err().kind(),
            crate::ErrorKind::Validation
        );
        jobs.cancel(view.id).unwrap();
        assert_eq!(
            until_finished(&jobs, view.id).await.state,
            JobState::Cancelled
        );
        assert_eq!(
            jobs.cancel(999).unwrap_err().kind(),
            crate::ErrorKind::NotFound
        );
        jobs.dismiss(view.id).unwrap();
        assert!(jobs.list().is_empty());
    }

    #[tokio::test]
    async fn a_failure_keeps_its_kind_and_a_gone_subscriber_is_dropped() {
        let jobs = Jobs::new();
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        jobs.subscribe(move |_| {
            *lock(&counter) += 1;
            false
        });
        let view = jobs.spawn(JobKind::RunWatch, "Fails", None, |_, _| async move {
            Err(Error::DiskFull {
                detail: "/tmp/x".into(),
            })
        });
        match until_finished(&jobs, view.id).await.state {
            JobState::Failed { error } => assert_eq!(error.kind, crate::ErrorKind::DiskFull),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            *lock(&calls),
            1,
            "a subscriber that said false was called again"
        );
    }
}
