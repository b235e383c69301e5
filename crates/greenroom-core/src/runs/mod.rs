//! Starting runs and watching them: status changes from `waitForFinish` holds (no tight
//! polling), the log as lines while the run works, abort and resurrect.

pub mod actor_page;
pub mod catalog;
pub mod history;
pub mod input_check;
pub mod notice;
pub mod output;
pub mod started;
pub mod tasks;

use std::time::Duration;

use apify_client::models::ActorRun;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::jobs::{JobView, Jobs, Kind};
use crate::ErrorKind;
use crate::{Error, Session};

/// A run as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    pub id: String,
    pub actor_id: Option<String>,
    pub task_id: Option<String>,
    pub status: String,
    pub status_message: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub default_dataset_id: Option<String>,
    pub default_key_value_store_id: Option<String>,
    pub default_request_queue_id: Option<String>,
    /// Whether the status is a final one, so the UI need not know which statuses are.
    pub finished: bool,
    /// How far along the run is: 0 waiting to start, 1 working, 2 stopping, 3 finished. Two
    /// answers about one run may arrive out of order; the one of the higher stage is the newer.
    pub stage: u8,
}

impl RunSummary {
    /// A run of `status` with nothing else known, for tests of what a status leads to.
    #[cfg(test)]
    pub(crate) fn with_status(status: &str, message: Option<&str>) -> Self {
        let mut run = RunSummary {
            id: "r1".into(),
            actor_id: None,
            task_id: None,
            status: status.into(),
            status_message: message.map(str::to_owned),
            started_at: None,
            finished_at: None,
            default_dataset_id: None,
            default_key_value_store_id: None,
            default_request_queue_id: None,
            finished: false,
            stage: 0,
        };
        run.finished = run.is_finished();
        run.stage = run.stage_of();
        run
    }

    pub fn is_finished(&self) -> bool {
        matches!(
            self.status.as_str(),
            "SUCCEEDED" | "FAILED" | "TIMED-OUT" | "ABORTED"
        )
    }

    fn stage_of(&self) -> u8 {
        match self.status.as_str() {
            "READY" => 0,
            "RUNNING" => 1,
            "ABORTING" | "TIMING-OUT" => 2,
            _ if self.is_finished() => 3,
            // A status this app does not know yet: between starting and the end.
            _ => 1,
        }
    }

    pub(crate) fn from_run(run: ActorRun) -> Self {
        let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        };
        let mut summary = RunSummary {
            id: run.id,
            actor_id: run.act_id,
            task_id: run.actor_task_id,
            status: run.status.unwrap_or_else(|| "READY".into()),
            status_message: run.status_message,
            started_at: time(run.started_at),
            finished_at: time(run.finished_at),
            default_dataset_id: run.default_dataset_id,
            default_key_value_store_id: run.default_key_value_store_id,
            default_request_queue_id: run.default_request_queue_id,
            finished: false,
            stage: 0,
        };
        summary.finished = summary.is_finished();
        summary.stage = summary.stage_of();
        summary
    }
}

/// Options of a new run; anything left out is the Actor's (or task's) own default.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartOptions {
    pub build: Option<String>,
    pub timeout_secs: Option<i64>,
    pub memory_mbytes: Option<i64>,
    /// For Actors that charge per result: the most items the run may produce.
    #[serde(default)]
    pub max_items: Option<i64>,
}

pub enum Target<'a> {
    Actor(&'a str),
    Task(&'a str),
}

pub async fn start(
    session: &Session,
    target: Target<'_>,
    input: &Value,
    options: &StartOptions,
) -> Result<RunSummary, Error> {
    let client = session.client();
    let run = match target {
        Target::Actor(id) => {
            let options = apify_client::clients::actor::ActorStartOptions {
                build: options.build.clone(),
                memory_mbytes: options.memory_mbytes,
                run_timeout_secs: options.timeout_secs,
                max_items: options.max_items,
                ..Default::default()
            };
            client.actor(id).start(Some(input), options).await
        }
        Target::Task(id) => {
            let options = apify_client::clients::actor::TaskStartOptions {
                build: options.build.clone(),
                memory_mbytes: options.memory_mbytes,
                run_timeout_secs: options.timeout_secs,
                max_items: options.max_items,
                ..Default::default()
            };
            client.task(id).start(Some(input), options).await
        }
    };
    run.map(RunSummary::from_run).map_err(|e| session.error(e))
}

pub async fn get(session: &Session, run_id: &str) -> Result<RunSummary, Error> {
    read(session, run_id).await.map(RunSummary::from_run)
}

/// The run as the API answers it, or `NotFound`.
pub(crate) async fn read(session: &Session, run_id: &str) -> Result<ActorRun, Error> {
    session
        .client()
        .run(run_id)
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/actor-runs/{run_id}")))
}

/// Follows a run until it finishes, calling `on_change` whenever its status or status message
/// changes. Each request is held by the server for up to `hold` (at most 60 s) and answered as
/// soon as the run ends. Cancelling returns `Error::cancelled()` at once; nothing keeps running.
pub async fn watch(
    session: &Session,
    run_id: &str,
    hold: Duration,
    cancel: &CancellationToken,
    mut on_change: impl FnMut(&RunSummary),
) -> Result<RunSummary, Error> {
    let hold_secs = hold.as_secs().clamp(1, 60) as i64;
    let mut last: Option<RunSummary> = None;
    let run_client = session.client().run(run_id);
    loop {
        // The first answer comes at once, so the run's state shows before the first hold ends.
        // A hold lasts until the run ends, not until it starts working: while it waits to
        // start, ask again each second, or "READY" stays on screen for a whole hold.
        let wait = match &last {
            None => 0,
            Some(run) if run.stage == 0 => 1,
            Some(_) => hold_secs,
        };
        let poll = run_client.wait_for_finish(Some(wait));
        let run = tokio::select! {
            _ = cancel.cancelled() => return Err(Error::cancelled()),
            run = poll => RunSummary::from_run(run.map_err(|e| session.error(e))?),
        };
        let changed = last
            .as_ref()
            .is_none_or(|l| l.status != run.status || l.status_message != run.status_message);
        if changed {
            on_change(&run);
        }
        if run.is_finished() {
            return Ok(run);
        }
        last = Some(run);
    }
}

/// Calls `on_line` with each line of the run's log as it is written, until the run finishes
/// (or `cancel`). A line split across network chunks is delivered whole.
pub async fn follow_log(
    session: &Session,
    run_id: &str,
    cancel: &CancellationToken,
    mut on_line: impl FnMut(&str),
) -> Result<(), Error> {
    let log = session.client().run(run_id).log();
    let stream = tokio::select! {
        _ = cancel.cancelled() => return Err(Error::cancelled()),
        stream = log.stream() => stream.map_err(|e| session.error(e))?,
    };
    let Some(stream) = stream else {
        return Err(Error::not_found(&format!("/v2/actor-runs/{run_id}/log")));
    };
    let mut stream = std::pin::pin!(stream);
    let mut lines = Lines::default();
    loop {
        let chunk = tokio::select! {
            _ = cancel.cancelled() => return Err(Error::cancelled()),
            chunk = stream.next() => chunk,
        };
        match chunk {
            Some(bytes) => lines.push(&bytes.map_err(|e| session.error(e))?, &mut on_line),
            None => {
                lines.finish(&mut on_line);
                return Ok(());
            }
        }
    }
}

/// The longest log line passed on whole; the rest of a longer one is left out, and said so.
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// Cuts a log's bytes into lines as they arrive: each byte is looked at once, however the
/// chunks fall, and at most [`MAX_LINE_BYTES`] of a line are held.
#[derive(Default)]
struct Lines {
    pending: Vec<u8>,
    /// Bytes of the current line beyond the cap, left out.
    left_out: usize,
}

impl Lines {
    fn push(&mut self, mut bytes: &[u8], on_line: &mut impl FnMut(&str)) {
        while let Some(end) = memchr::memchr(b'\n', bytes) {
            self.hold(&bytes[..end]);
            self.emit(on_line);
            bytes = &bytes[end + 1..];
        }
        self.hold(bytes);
    }

    fn finish(&mut self, on_line: &mut impl FnMut(&str)) {
        if !self.pending.is_empty() || self.left_out > 0 {
            self.emit(on_line);
        }
    }

    fn hold(&mut self, bytes: &[u8]) {
        let room = MAX_LINE_BYTES.saturating_sub(self.pending.len());
        let kept = bytes.len().min(room);
        self.pending.extend_from_slice(&bytes[..kept]);
        self.left_out += bytes.len() - kept;
    }

    fn emit(&mut self, on_line: &mut impl FnMut(&str)) {
        let text = String::from_utf8_lossy(&self.pending);
        let text = text.trim_end_matches('\r');
        if self.left_out == 0 {
            on_line(text);
        } else {
            on_line(&format!(
                "{text}… ({} more bytes of this line not shown)",
                self.left_out
            ));
        }
        self.pending.clear();
        self.left_out = 0;
    }
}

#[cfg(test)]
mod stage_tests {
    use super::*;

    #[test]
    fn stages_follow_a_run_from_waiting_to_its_end() {
        let stage = |status| RunSummary::with_status(status, None).stage;
        assert_eq!(stage("READY"), 0);
        assert_eq!(stage("RUNNING"), 1);
        assert_eq!(stage("ABORTING"), 2);
        assert_eq!(stage("TIMING-OUT"), 2);
        for end in ["SUCCEEDED", "FAILED", "TIMED-OUT", "ABORTED"] {
            assert_eq!(stage(end), 3, "{end}");
        }
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    fn split(chunks: &[&[u8]]) -> Vec<String> {
        let mut lines = Lines::default();
        let mut out = Vec::new();
        for chunk in chunks {
            lines.push(chunk, &mut |line| out.push(line.to_owned()));
        }
        lines.finish(&mut |line| out.push(line.to_owned()));
        out
    }

    #[test]
    fn lines_come_whole_however_the_chunks_fall() {
        let log = b"2026 a\r\n2026 b\n\n2026 c";
        let whole = split(&[log]);
        assert_eq!(whole, ["2026 a", "2026 b", "", "2026 c"]);
        for at in 0..=log.len() {
            assert_eq!(split(&[&log[..at], &log[at..]]), whole, "split at {at}");
        }
    }

    #[test]
    fn a_megabyte_line_is_cut_and_said_so_and_read_in_one_pass() {
        let long = vec![b'x'; 1_000_000];
        let chunks: Vec<&[u8]> = long.chunks(1000).chain([&b"\nnext\n"[..]]).collect();
        let lines = split(&chunks);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with(&"x".repeat(MAX_LINE_BYTES)));
        assert!(lines[0].ends_with(&format!(
            "… ({} more bytes of this line not shown)",
            1_000_000 - MAX_LINE_BYTES
        )));
        assert_eq!(lines[1], "next");
    }
}

pub async fn resurrect(session: &Session, run_id: &str) -> Result<RunSummary, Error> {
    session
        .client()
        .run(run_id)
        .resurrect(Default::default())
        .await
        .map(RunSummary::from_run)
        .map_err(|e| session.error(e))
}

/// The job that follows a run until it ends.
pub struct RunWatch;

/// A run's new state while it is watched.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RunProgress {
    Run { run: RunSummary },
}

/// The run's state when it ended.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RunOutcome {
    /// `name` is what a person calls the run ([`name_of`]), for the notification of its end.
    Run { run: Box<RunSummary>, name: String },
}

impl Kind for RunWatch {
    const NAME: &'static str = "runWatch";
    type Progress = RunProgress;
    type Outcome = RunOutcome;
}

impl RunOutcome {
    pub fn run(&self) -> &RunSummary {
        let RunOutcome::Run { run, .. } = self;
        run
    }

    pub fn name(&self) -> &str {
        let RunOutcome::Run { name, .. } = self;
        name
    }
}

/// The job that follows a run's log while the run works.
pub struct LogFollow;

/// New log lines; `from` is the number of lines sent before them, so a page that joins late
/// or misses an event can tell.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum LogProgress {
    Log { from: u64, lines: Vec<String> },
}

/// The log ended with the run; `lines` in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum LogOutcome {
    Log { lines: u64 },
}

impl Kind for LogFollow {
    const NAME: &'static str = "logFollow";
    type Progress = LogProgress;
    type Outcome = LogOutcome;
}

/// What a person calls a run: its Actor's title, and the task's where a task started it
/// ("Generate sample items, task “Daily prices”"). A name is a nicety: where the Actor cannot
/// be read (gone, offline) the run's id stands in, never an error.
pub async fn name_of(session: &Session, run_id: &str) -> String {
    let fallback = format!("Run {run_id}");
    let Ok(run) = read(session, run_id).await else {
        return fallback;
    };
    let client = session.client();
    let actor = match run.act_id.as_deref() {
        Some(actor) => match client.actor(actor).get().await {
            Ok(Some(actor)) => actor.title.or(actor.name),
            _ => None,
        },
        None => None,
    };
    let task = match run.actor_task_id.as_deref() {
        Some(task) => match client.task(task).get().await {
            Ok(Some(task)) => task.title.or(task.name),
            _ => None,
        },
        None => None,
    };
    match (actor, task) {
        (Some(actor), Some(task)) => format!("{actor}, task “{task}”"),
        (Some(actor), None) => actor,
        (None, Some(task)) => format!("Task “{task}”"),
        (None, None) => fallback,
    }
}

/// The job of a run being watched, if one is.
fn watching(jobs: &Jobs, run_id: &str) -> Option<JobView> {
    jobs.list().into_iter().find(|job| {
        job.kind == RunWatch::NAME && job.subject.as_deref() == Some(run_id) && !job.is_finished()
    })
}

/// Follows a run as a job: its status changes are the job's progress, its last state the
/// outcome. The job holds its own session, so it outlives the screen that started it. Its
/// title is the run's name ([`name_of`]), as the jobs panel and the notification show it.
pub async fn watch_job(jobs: &Jobs, session: Session, run_id: String) -> JobView {
    // A run is watched once, whichever screens ask.
    if let Some(running) = watching(jobs, &run_id) {
        return running;
    }
    let name = name_of(&session, &run_id).await;
    // Another screen may have asked while the name was read.
    if let Some(running) = watching(jobs, &run_id) {
        return running;
    }
    jobs.spawn::<RunWatch, _, _>(
        format!("Run of {name}"),
        Some(run_id.clone()),
        move |progress, cancel| async move {
            let run = watch(&session, &run_id, WATCH_HOLD, &cancel, |run| {
                progress.report(RunProgress::Run { run: run.clone() })
            })
            .await?;
            Ok(RunOutcome::Run {
                run: Box::new(run),
                name,
            })
        },
    )
}

/// How long each status request is held open by the server. It answers as soon as the run
/// ends, so the end shows at once; in between, a status message is at most this old.
const WATCH_HOLD: Duration = Duration::from_secs(5);

/// How often new log lines are handed on: often enough to read live, seldom enough that a
/// chatty run does not flood the page.
const LOG_BATCH: Duration = Duration::from_millis(100);

/// Follows a run's log as a job: new lines reach subscribers in batches, numbered, until the
/// run ends or the job is cancelled.
pub async fn follow_log_job(jobs: &Jobs, session: Session, run_id: String) -> JobView {
    let name = name_of(&session, &run_id).await;
    jobs.spawn::<LogFollow, _, _>(
        format!("Log of {name}"),
        Some(run_id.clone()),
        move |progress, cancel| async move {
            let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
            let sink = buffer.clone();
            let follow = follow_log(&session, &run_id, &cancel, move |line| {
                sink.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(line.to_owned())
            });
            let mut follow = std::pin::pin!(follow);
            let mut sent = 0u64;
            let mut flush = || {
                let lines = std::mem::take(&mut *crate::lock(&buffer));
                if !lines.is_empty() {
                    let count = lines.len() as u64;
                    progress.report_now(LogProgress::Log { from: sent, lines });
                    sent += count;
                }
            };
            let mut tick = tokio::time::interval(LOG_BATCH);
            let ended = loop {
                tokio::select! {
                    ended = &mut follow => break ended,
                    _ = tick.tick() => flush(),
                }
            };
            flush();
            ended?;
            Ok(LogOutcome::Log { lines: sent })
        },
    )
}

/// The input a run was started with (its `INPUT` record), for "Run again".
pub async fn input_of(session: &Session, run_id: &str) -> Result<Value, Error> {
    let run = get(session, run_id).await?;
    let store = run.default_key_value_store_id.ok_or_else(|| {
        Error::new(
            ErrorKind::NotFound,
            format!("run {run_id} has no key-value store"),
        )
    })?;
    let record = session
        .client()
        .key_value_store(&store)
        .get_record("INPUT")
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/key-value-stores/{store}/records/INPUT")))?;
    serde_json::from_slice(&record.value).map_err(|e| {
        Error::new(
            ErrorKind::Server,
            format!("the INPUT record of run {run_id} is not JSON: {e}"),
        )
    })
}

/// Asks the run to stop; `gracefully` gives it time to save its state first.
pub async fn abort_run(
    session: &Session,
    run_id: &str,
    gracefully: bool,
) -> Result<RunSummary, Error> {
    session
        .client()
        .run(run_id)
        .abort(Some(gracefully))
        .await
        .map(RunSummary::from_run)
        .map_err(|e| session.error(e))
}
