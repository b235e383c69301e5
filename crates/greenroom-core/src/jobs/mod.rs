//! Long work as jobs: each has an id, reports progress to every subscriber, can be cancelled
//! by id, and runs on its own task, so it keeps going whatever the UI shows. The app bridges
//! subscribers to `tauri::ipc::Channel`s; the core knows nothing of Tauri.
//!
//! The engine knows no kind of job: each kind ([`Kind`]) lives beside its work and names what
//! it reports and gives, and those travel here as [`Payload`]s that serialize themselves.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::ErrorKind;
use crate::{lock, Error, IpcError};

/// At most this many progress events a second reach subscribers for one job; the last one
/// before the end always does.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// Finished jobs kept for the UI to show, beyond which the oldest are dropped.
const KEEP_FINISHED: usize = 50;

/// One kind of job, declared beside the work it does.
pub trait Kind: 'static {
    /// The name the page sees in [`JobView::kind`] (a member of the TypeScript `JobKind`).
    const NAME: &'static str;
    /// What the job reports while it works; serializes with a `type` tag.
    type Progress: Serialize + TS + Send + 'static;
    /// What the job gives when it succeeds; serializes with a `type` tag.
    type Outcome: Serialize + TS + Send + Sync + 'static;

    /// The file a finished job of this kind wrote, which "Open" and "Show in folder" may touch.
    fn written_file(_outcome: &Self::Outcome) -> Option<&Path> {
        None
    }
}

/// A kind's progress or outcome as the engine holds it: its JSON for the page, and the value
/// itself for Rust code that knows the kind.
#[derive(Clone)]
pub struct Payload {
    json: Value,
    value: Arc<dyn Any + Send + Sync>,
    file: Option<PathBuf>,
}

impl Payload {
    fn new<T: Serialize + Send + Sync + 'static>(value: T, file: Option<PathBuf>) -> Self {
        Self {
            // A kind's types are plain data; one that fails to serialize is a bug in it.
            json: serde_json::to_value(&value).expect("a job payload serializes"),
            value: Arc::new(value),
            file,
        }
    }

    /// The value, if it is a `T`.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.value.downcast_ref()
    }
}

impl Serialize for Payload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.json.fmt(f)
    }
}

/// TypeScript names for what only the app, which knows every [`Kind`], can spell out: the
/// union of the kinds' names, progress and outcomes. The app's bindings write those unions.
macro_rules! union_stand_in {
    ($name:ident, $ts:literal) => {
        #[doc = concat!("The TypeScript union `", $ts, "`, written by the app's bindings.")]
        pub struct $name;
        impl TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn ident(_: &ts_rs::Config) -> String {
                $ts.into()
            }
            fn name(_: &ts_rs::Config) -> String {
                $ts.into()
            }
            fn inline(_: &ts_rs::Config) -> String {
                $ts.into()
            }
            fn decl(_: &ts_rs::Config) -> String {
                format!("type {} = never;", $ts)
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                Self::decl(cfg)
            }
            fn output_path() -> Option<PathBuf> {
                Some(PathBuf::from(concat!($ts, ".ts")))
            }
        }
    };
}
union_stand_in!(AnyKind, "JobKind");
union_stand_in!(AnyProgress, "JobProgress");
union_stand_in!(AnyOutcome, "JobOutcome");

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum JobState {
    Running,
    Succeeded {
        #[ts(as = "AnyOutcome")]
        outcome: Payload,
    },
    Failed {
        error: IpcError,
    },
    Cancelled,
}

/// A job as the UI shows it; every event is the job's whole new view.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: u32,
    #[ts(as = "AnyKind")]
    pub kind: &'static str,
    pub title: String,
    /// What the job works on (a run's id), so screens find their jobs without reading titles.
    pub subject: Option<String>,
    pub started_at: String,
    #[ts(as = "Option<AnyProgress>")]
    pub progress: Option<Payload>,
    pub state: JobState,
    /// The job wrote a file that "Open" may hand to the system (see `files::kinds`); any
    /// other file is only shown in its folder.
    pub can_open: bool,
}

impl JobView {
    pub fn is_finished(&self) -> bool {
        !matches!(self.state, JobState::Running)
    }

    /// The job's kind's outcome, once it has succeeded.
    pub fn outcome<K: Kind>(&self) -> Option<&K::Outcome> {
        match &self.state {
            JobState::Succeeded { outcome } if self.kind == K::NAME => outcome.get(),
            _ => None,
        }
    }

    /// The job's kind's latest progress.
    pub fn progress<K: Kind>(&self) -> Option<&K::Progress> {
        match &self.progress {
            Some(progress) if self.kind == K::NAME => progress.get(),
            _ => None,
        }
    }

    /// The file a job that succeeded wrote, if its kind writes one.
    pub fn written_file(&self) -> Option<&Path> {
        match &self.state {
            JobState::Succeeded { outcome } => outcome.file.as_deref(),
            _ => None,
        }
    }
}

/// Hands a job's progress to its subscribers.
pub struct Progress<K: Kind> {
    jobs: Jobs,
    id: u32,
    last_sent: Arc<Mutex<Option<Instant>>>,
    kind: std::marker::PhantomData<fn() -> K>,
}

impl<K: Kind> Clone for Progress<K> {
    fn clone(&self) -> Self {
        Self {
            jobs: self.jobs.clone(),
            id: self.id,
            last_sent: self.last_sent.clone(),
            kind: std::marker::PhantomData,
        }
    }
}

impl<K: Kind> Progress<K>
where
    K::Progress: Sync,
{
    /// Reports progress; calls closer together than [`PROGRESS_INTERVAL`] only update the
    /// job's view, which the next report or the end carries.
    pub fn report(&self, progress: K::Progress) {
        let now = Instant::now();
        let send = {
            let mut last = lock(&self.last_sent);
            let due = last.is_none_or(|at| now.duration_since(at) >= PROGRESS_INTERVAL);
            if due {
                *last = Some(now);
            }
            due
        };
        self.jobs.update(self.id, send, |view| {
            view.progress = Some(Payload::new(progress, None))
        });
    }

    /// Reports progress that must reach subscribers, such as new log lines: never held back.
    pub fn report_now(&self, progress: K::Progress) {
        *lock(&self.last_sent) = Some(Instant::now());
        self.jobs.update(self.id, true, |view| {
            view.progress = Some(Payload::new(progress, None))
        });
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
    /// is cancelled when the user cancels the job; `Error::cancelled()` ends it as cancelled.
    pub fn spawn<K, Work, Fut>(
        &self,
        title: impl Into<String>,
        subject: Option<String>,
        work: Work,
    ) -> JobView
    where
        K: Kind,
        Work: FnOnce(Progress<K>, CancellationToken) -> Fut,
        Fut: Future<Output = Result<K::Outcome, Error>> + Send + 'static,
    {
        let cancel = CancellationToken::new();
        let view = {
            let mut inner = lock(&self.inner);
            inner.next_id += 1;
            let view = JobView {
                id: inner.next_id,
                kind: K::NAME,
                title: title.into(),
                subject,
                started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                progress: None,
                state: JobState::Running,
                can_open: false,
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
            kind: std::marker::PhantomData,
        };
        let future = work(progress, cancel.clone());
        // Subscribers hear of the job before anything it does.
        self.notify(&view);
        let jobs = self.clone();
        tokio::spawn(async move {
            let result = tokio::select! {
                result = future => result,
                // Work that does not watch the token still ends when cancelled.
                _ = cancel.cancelled() => Err(Error::cancelled()),
            };
            let state = match result {
                Ok(outcome) => {
                    let file = K::written_file(&outcome).map(Path::to_path_buf);
                    JobState::Succeeded {
                        outcome: Payload::new(outcome, file),
                    }
                }
                Err(error) if error.kind() == ErrorKind::Cancelled => JobState::Cancelled,
                Err(error) => JobState::Failed {
                    error: error.to_ipc(),
                },
            };
            let can_open = match &state {
                JobState::Succeeded { outcome } => outcome
                    .file
                    .as_deref()
                    .is_some_and(crate::files::kinds::may_open),
                _ => false,
            };
            jobs.update(id, true, |view| {
                view.can_open = can_open;
                view.state = state;
            });
            jobs.forget_oldest_finished();
        });
        view
    }

    /// The file a finished job wrote: the page names a job, never a path, and only such a file
    /// is opened or shown.
    pub fn written_file(&self, id: u32) -> Result<PathBuf, Error> {
        lock(&self.inner)
            .jobs
            .get(&id)
            .and_then(|entry| entry.view.written_file().map(Path::to_path_buf))
            .ok_or_else(|| {
                Error::local_not_found(format!("no finished export or download with job id {id}"))
            })
    }

    /// Asks a running job to stop; it ends as cancelled. A finished job stays as it ended.
    pub fn cancel(&self, id: u32) -> Result<(), Error> {
        let inner = lock(&self.inner);
        let entry = inner
            .jobs
            .get(&id)
            .ok_or_else(|| Error::local_not_found(format!("job {id}")))?;
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
            None => Err(Error::local_not_found(format!("job {id}"))),
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

    /// A kind of the tests' own, so the engine is tested without any of the app's kinds.
    struct Count;

    #[derive(Debug, Clone, PartialEq, Serialize, TS)]
    #[serde(tag = "type", rename_all = "camelCase")]
    enum Counted {
        Counted { n: u32 },
    }

    #[derive(Debug, Clone, PartialEq, Serialize, TS)]
    #[serde(tag = "type", rename_all = "camelCase")]
    enum Total {
        Total { n: u32, file: PathBuf },
    }

    impl Kind for Count {
        const NAME: &'static str = "count";
        type Progress = Counted;
        type Outcome = Total;
        fn written_file(outcome: &Total) -> Option<&Path> {
            let Total::Total { file, .. } = outcome;
            Some(file)
        }
    }

    #[tokio::test]
    async fn a_job_reports_progress_then_its_outcome_to_every_subscriber() {
        let jobs = Jobs::new();
        let seen = recorder(&jobs);
        let total = Total::Total {
            n: 3,
            file: PathBuf::from("/tmp/three"),
        };
        let outcome = total.clone();
        let view = jobs.spawn::<Count, _, _>("Counting", None, |progress, _| async move {
            progress.report(Counted::Counted { n: 1 });
            Ok(outcome)
        });
        assert_eq!(view.kind, "count");
        let end = until_finished(&jobs, view.id).await;
        assert_eq!(end.outcome::<Count>(), Some(&total));
        assert_eq!(end.written_file(), Some(Path::new("/tmp/three")));
        // The page gets the kind's own JSON, tag and all.
        let json = serde_json::to_value(&end).unwrap();
        assert_eq!(json["kind"], "count");
        assert_eq!(
            json["state"]["outcome"],
            serde_json::json!({ "type": "total", "n": 3, "file": "/tmp/three" })
        );
        let seen = lock(&seen).clone();
        assert_eq!(seen.first().unwrap().state, JobState::Running);
        assert!(seen
            .iter()
            .any(|v| v.progress::<Count>() == Some(&Counted::Counted { n: 1 })));
        assert_eq!(seen.last().unwrap(), &end);
    }

    #[tokio::test]
    async fn cancelling_by_id_ends_even_work_that_ignores_the_token() {
        let jobs = Jobs::new();
        let view = jobs.spawn::<Count, _, _>("Never ends", None, |_, _| async move {
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
            crate::ErrorKind::LocalNotFound
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
        let view = jobs.spawn::<Count, _, _>("Fails", None, |_, _| async move {
            Err(Error::new(ErrorKind::DiskFull, "/tmp/x"))
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
