//! Auto-export: when a run of a chosen Actor ends, its results are saved into a folder by
//! themselves, for runs started in the app and elsewhere (schedules, Console, the API). Runs of
//! the Actor's tasks are runs of the Actor, so they are saved too.
//!
//! Runs are found by listing the Actor's runs at a modest pace, not by following each one, so a
//! run started anywhere is found. What was saved is kept in `auto-export.json` beside the
//! profiles (no secret is in it), so nothing is saved twice and nothing is missed across a
//! restart:
//! - a run is marked `exporting` with its file's path before the file is written, and `saved`
//!   once it is in place. The export engine puts a file in place whole or not at all, so a
//!   restart that finds `exporting` looks for the file: there means saved, absent means again;
//! - a failed export (a folder that is gone, a full disk, the network) is tried again later,
//!   waiting longer each time; one the user cancelled is left alone;
//! - each rule keeps the start of its oldest run that is not settled, and listing stops there,
//!   so a run that works for days is still saved when it ends.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apify_client::clients::run_collection::RunListOptions;
use apify_client::common::ListOptions;
use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::datasets::export::{spawn_export, Export, ExportFormat, ExportOptions, Placing};
use crate::jobs::Jobs;
use crate::runs::RunSummary;
use crate::{Error, ErrorKind, IpcError, Session};

pub const DEFAULT_PATTERN: &str = "{actor} {date} {run}";
pub const PLACEHOLDERS: [&str; 5] = ["{actor}", "{date}", "{time}", "{run}", "{status}"];
/// Runs asked for at a time while listing back to the oldest unsettled one.
const PAGE: u64 = 100;
/// The longest wait before a failed export is tried again.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30 * 60);
/// Room for " (99)" and the extension in a 255-byte file name.
const MAX_STEM_BYTES: usize = 200;

/// What the user chooses when turning auto-export on for an Actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AutoExportChoice {
    pub actor_id: String,
    /// `username/name`, for file names and the list of rules.
    pub actor_name: String,
    pub format: ExportFormat,
    /// The columns and item options, as the export dialog sets them.
    pub options: ExportOptions,
    pub folder: String,
    /// A file name without extension; `{actor}`, `{date}`, `{time}`, `{run}` and `{status}`
    /// are replaced.
    pub pattern: String,
    /// Whether failed, timed-out and aborted runs are saved too.
    pub include_failed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AutoExportRule {
    pub id: String,
    pub profile_id: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub choice: AutoExportChoice,
    /// Runs that started before the rule was turned on are not saved.
    pub since: String,
}

/// Where one run's export stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
enum RunExport {
    Exporting {
        path: String,
    },
    Saved {
        path: String,
        at: String,
    },
    /// The error as the job reported it, kind, words and detail; lists written before the
    /// detail was kept read as it being empty.
    Failed {
        #[serde(flatten)]
        error: IpcError,
        attempts: u32,
        at: String,
    },
    Cancelled,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Ledger {
    rules: Vec<AutoExportRule>,
    /// By rule id, then run id.
    #[serde(default)]
    runs: BTreeMap<String, BTreeMap<String, RunExport>>,
    /// By rule id: every run that started before this is settled.
    #[serde(default)]
    settled_before: BTreeMap<String, String>,
}

/// A rule as the UI lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AutoExportView {
    pub rule: AutoExportRule,
    pub saved: u64,
    pub last_saved: Option<String>,
    /// Runs that failed to save and wait to be tried again.
    pub waiting: u64,
    /// Why the newest of those failed.
    pub problem: Option<IpcError>,
}

/// A file saved by a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedExport {
    pub actor_name: String,
    pub run_id: String,
    pub path: PathBuf,
    pub job_id: u32,
}

impl SavedExport {
    /// The desktop notification that says where the file went: a title and a line.
    pub fn notice(&self) -> (String, String) {
        let actor = self.actor_name.rsplit('/').next().unwrap_or_default();
        let body = format!(
            "{actor}, run {}: saved to {}",
            self.run_id,
            self.path.display()
        );
        ("Results saved".to_owned(), body)
    }
}

/// A run whose results could not be saved this time; it is tried again later.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedExport {
    pub actor_name: String,
    pub run_id: String,
    pub error: IpcError,
    /// Its first failure: the one the person is told of, not every retry after it.
    pub first: bool,
}

impl FailedExport {
    /// The desktop notification for a run's first failure to save (a full disk, a folder
    /// that is gone); `None` for the retries after it, which would only repeat it.
    pub fn notice(&self) -> Option<(String, String)> {
        if !self.first {
            return None;
        }
        let actor = self.actor_name.rsplit('/').next().unwrap_or_default();
        let body = format!(
            "{actor}, run {}: {} Greenroom tries again by itself.",
            self.run_id, self.error.message
        );
        Some(("Results not saved".to_owned(), body))
    }
}

#[derive(Debug, Default)]
pub struct SweepReport {
    pub saved: Vec<SavedExport>,
    /// Runs whose export failed this time; they are tried again later.
    pub failed: Vec<FailedExport>,
    /// Rules whose runs could not be listed (offline, say), and why.
    pub unlisted: Vec<(String, ErrorKind)>,
}

pub struct AutoExport {
    file: PathBuf,
    ledger: Mutex<Ledger>,
    /// One sweep at a time, so a run is never exported by two.
    sweeping: tokio::sync::Mutex<()>,
    wake: tokio::sync::Notify,
    first_retry_wait: Duration,
}

impl AutoExport {
    /// The rules and what they saved, from `file`. A file that cannot be read is an error, never
    /// an empty list: saving over it would forget what was exported and export it again.
    pub fn open(file: impl Into<PathBuf>) -> Result<Self, Error> {
        let file = file.into();
        let ledger = match std::fs::read(&file) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|e| Error::store_unreadable(&file, e))?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ledger::default(),
            Err(e) => return Err(Error::store_unreadable(&file, e)),
        };
        Ok(Self {
            file,
            ledger: Mutex::new(ledger),
            sweeping: tokio::sync::Mutex::new(()),
            wake: tokio::sync::Notify::new(),
            first_retry_wait: Duration::from_secs(30),
        })
    }

    /// How long the first retry of a failed export waits; each further one waits twice as long.
    pub fn with_first_retry_wait(mut self, wait: Duration) -> Self {
        self.first_retry_wait = wait;
        self
    }

    pub fn rules(&self, profile_id: &str) -> Vec<AutoExportView> {
        let ledger = self.lock();
        ledger
            .rules
            .iter()
            .filter(|rule| rule.profile_id == profile_id)
            .map(|rule| view(rule, ledger.runs.get(&rule.id)))
            .collect()
    }

    pub fn has_rules(&self) -> bool {
        !self.lock().rules.is_empty()
    }

    /// Turns auto-export on for an Actor, or changes its choices (one rule per Actor and
    /// profile). Runs that started before now are not saved.
    pub fn set_rule(
        &self,
        profile_id: &str,
        choice: AutoExportChoice,
    ) -> Result<AutoExportView, Error> {
        self.set_rule_from(profile_id, choice, None)
    }

    /// [`AutoExport::set_rule`], saving also the runs that started at or after `from`: the
    /// last finished run ("Also save the last finished run", [`last_finished_start`]) and any
    /// working now. Without `from`, a new rule starts now and a changed one where it was.
    pub fn set_rule_from(
        &self,
        profile_id: &str,
        choice: AutoExportChoice,
        from: Option<DateTime<Utc>>,
    ) -> Result<AutoExportView, Error> {
        check_choice(&choice)?;
        let mut ledger = self.lock();
        let existing = ledger
            .rules
            .iter_mut()
            .find(|r| r.profile_id == profile_id && r.choice.actor_id == choice.actor_id);
        let rule = match existing {
            Some(rule) => {
                rule.choice = choice;
                if let Some(from) = from.filter(|from| Some(*from) < parse_time(&rule.since)) {
                    rule.since = timestamp(from);
                }
                let rule = rule.clone();
                // Runs passed over under the old choice (failed ones, say) are looked at again.
                ledger.settled_before.remove(&rule.id);
                rule
            }
            None => {
                let rule = AutoExportRule {
                    id: new_rule_id()?,
                    profile_id: profile_id.to_owned(),
                    choice,
                    since: timestamp(from.unwrap_or_else(Utc::now)),
                };
                ledger.rules.push(rule.clone());
                rule
            }
        };
        self.store(&ledger)?;
        let shown = view(&rule, ledger.runs.get(&rule.id));
        drop(ledger);
        self.wake.notify_one();
        Ok(shown)
    }

    pub fn remove_rule(&self, rule_id: &str) -> Result<(), Error> {
        let mut ledger = self.lock();
        let before = ledger.rules.len();
        ledger.rules.retain(|r| r.id != rule_id);
        if ledger.rules.len() == before {
            return Err(Error::local_not_found(format!(
                "auto-export rule {rule_id}"
            )));
        }
        ledger.runs.remove(rule_id);
        ledger.settled_before.remove(rule_id);
        self.store(&ledger)
    }

    /// Ends the current wait early: a run was seen to end, or a rule changed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits `interval`, or less when woken.
    pub async fn wait(&self, interval: Duration) {
        let _ = tokio::time::timeout(interval, self.wake.notified()).await;
    }

    /// Saves every ended run of the profile's rules that is not saved yet, one at a time, each
    /// as an export job.
    pub async fn sweep(
        &self,
        session: &Arc<Session>,
        profile_id: &str,
        jobs: &Jobs,
    ) -> SweepReport {
        let _one = self.sweeping.lock().await;
        let mut report = SweepReport::default();
        let rules: Vec<AutoExportRule> = self
            .lock()
            .rules
            .iter()
            .filter(|r| r.profile_id == profile_id)
            .cloned()
            .collect();
        for rule in rules {
            if let Err(error) = self.sweep_rule(session, &rule, jobs, &mut report).await {
                tracing::warn!(rule = %rule.id, "auto-export could not list runs: {error}");
                report.unlisted.push((rule.id.clone(), error.kind()));
            }
        }
        report
    }

    async fn sweep_rule(
        &self,
        session: &Arc<Session>,
        rule: &AutoExportRule,
        jobs: &Jobs,
        report: &mut SweepReport,
    ) -> Result<(), Error> {
        let listed_from = {
            let ledger = self.lock();
            let since = parse_time(&rule.since);
            let settled = ledger
                .settled_before
                .get(&rule.id)
                .and_then(|t| parse_time(t));
            since.max(settled)
        };
        let runs = runs_started_since(session, &rule.choice.actor_id, listed_from).await?;
        let mut oldest_open: Option<DateTime<Utc>> = None;
        let mut newest: Option<DateTime<Utc>> = None;
        // Oldest first, so files appear in the order the runs ran.
        for (started, run) in runs.into_iter().rev() {
            newest = newest.max(Some(started));
            if !self.settle(session, rule, &run, jobs, report).await {
                oldest_open = Some(oldest_open.map_or(started, |t| t.min(started)));
            }
        }
        if let Some(mark) = oldest_open.or(newest) {
            let mut ledger = self.lock();
            // A rule removed meanwhile stays removed.
            if ledger.rules.iter().any(|r| r.id == rule.id) {
                ledger
                    .settled_before
                    .insert(rule.id.clone(), timestamp(mark));
                self.store(&ledger)?;
            }
        }
        Ok(())
    }

    /// Saves `run` if it is one to save and is not saved yet. Answers whether it is settled:
    /// saved, cancelled by the user, or not one to save.
    async fn settle(
        &self,
        session: &Arc<Session>,
        rule: &AutoExportRule,
        run: &RunSummary,
        jobs: &Jobs,
        report: &mut SweepReport,
    ) -> bool {
        if !run.finished {
            return false;
        }
        let wanted = run.status == "SUCCEEDED" || rule.choice.include_failed;
        let Some(dataset_id) = run.default_dataset_id.clone().filter(|_| wanted) else {
            return true;
        };
        let earlier = self
            .lock()
            .runs
            .get(&rule.id)
            .and_then(|runs| runs.get(&run.id))
            .cloned();
        // Where an interrupted attempt meant to write, and how many attempts failed before.
        let (path, attempts) = match earlier {
            Some(RunExport::Saved { .. } | RunExport::Cancelled) => return true,
            // The file went in place, and the app stopped before it could say so.
            Some(RunExport::Exporting { path }) if Path::new(&path).is_file() => {
                let saved = RunExport::Saved {
                    path,
                    at: timestamp(Utc::now()),
                };
                return self.record(&rule.id, &run.id, saved).is_ok();
            }
            Some(RunExport::Exporting { path }) => (Some(PathBuf::from(path)), 0),
            Some(RunExport::Failed { attempts, at, .. }) => {
                let due = parse_time(&at)
                    .map(|at| at + self.retry_wait(attempts))
                    .is_none_or(|due| Utc::now() >= due);
                if !due {
                    return false;
                }
                (None, attempts)
            }
            None => (None, 0),
        };
        let outcome = self
            .export_run(session, rule, run, dataset_id, path, jobs)
            .await;
        let state = match outcome {
            Ok((path, job_id)) => {
                report.saved.push(SavedExport {
                    actor_name: rule.choice.actor_name.clone(),
                    run_id: run.id.clone(),
                    path: path.clone(),
                    job_id,
                });
                RunExport::Saved {
                    path: path.display().to_string(),
                    at: timestamp(Utc::now()),
                }
            }
            Err(error) if error.kind == ErrorKind::Cancelled => RunExport::Cancelled,
            Err(error) => {
                tracing::warn!(run = %run.id, "auto-export failed: {}", error.message);
                report.failed.push(FailedExport {
                    actor_name: rule.choice.actor_name.clone(),
                    run_id: run.id.clone(),
                    error: error.clone(),
                    first: attempts == 0,
                });
                RunExport::Failed {
                    error,
                    attempts: attempts + 1,
                    at: timestamp(Utc::now()),
                }
            }
        };
        let settled = matches!(state, RunExport::Saved { .. } | RunExport::Cancelled);
        let recorded = self.record(&rule.id, &run.id, state).is_ok();
        settled && recorded
    }

    /// Exports one run's dataset as a job and waits for it. `path`: where an interrupted
    /// attempt meant to write.
    async fn export_run(
        &self,
        session: &Arc<Session>,
        rule: &AutoExportRule,
        run: &RunSummary,
        dataset_id: String,
        path: Option<PathBuf>,
        jobs: &Jobs,
    ) -> Result<(PathBuf, u32), IpcError> {
        let folder = Path::new(&rule.choice.folder);
        if !folder.is_dir() {
            return Err(
                Error::new(ErrorKind::FolderMissing, folder.display().to_string()).to_ipc(),
            );
        }
        let path = match path {
            Some(path) => path,
            None => free_path(folder, &file_stem(rule, run), rule.choice.format),
        };
        self.record(
            &rule.id,
            &run.id,
            RunExport::Exporting {
                path: path.display().to_string(),
            },
        )
        .map_err(|e| e.to_ipc())?;
        let (done, finished) = tokio::sync::oneshot::channel();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let export = Export {
            dataset_id,
            format: rule.choice.format,
            options: rule.choice.options.clone(),
            target: path.clone(),
            // A file that appeared there since the name was chosen is never replaced.
            placing: Placing::Beside,
        };
        let title = format!("Auto-export to {name}");
        let job = spawn_export(jobs, title, Arc::clone(session), export, move |result| {
            let _ = done.send(result);
        });
        match finished.await {
            Ok(Ok(written)) => Ok((written, job.id)),
            Ok(Err(error)) => Err(error),
            // The job was cancelled before its export answered.
            Err(_) => Err(Error::cancelled().to_ipc()),
        }
    }

    fn retry_wait(&self, attempts: u32) -> chrono::Duration {
        let wait = self
            .first_retry_wait
            .saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1)))
            .min(MAX_RETRY_WAIT);
        chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX)
    }

    fn record(&self, rule_id: &str, run_id: &str, state: RunExport) -> Result<(), Error> {
        let mut ledger = self.lock();
        if !ledger.rules.iter().any(|r| r.id == rule_id) {
            return Ok(());
        }
        ledger
            .runs
            .entry(rule_id.to_owned())
            .or_default()
            .insert(run_id.to_owned(), state);
        self.store(&ledger)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn store(&self, ledger: &Ledger) -> Result<(), Error> {
        let text = serde_json::to_vec_pretty(ledger)
            .map_err(|e| Error::internal(format!("the auto-export list did not serialize: {e}")))?;
        crate::files::private::replace_whole(&self.file, ".auto-export.", &text)
    }
}

fn view(rule: &AutoExportRule, runs: Option<&BTreeMap<String, RunExport>>) -> AutoExportView {
    let mut shown = AutoExportView {
        rule: rule.clone(),
        saved: 0,
        last_saved: None,
        waiting: 0,
        problem: None,
    };
    let mut last_saved_at = String::new();
    let mut last_failed_at = String::new();
    for state in runs.into_iter().flat_map(BTreeMap::values) {
        match state {
            RunExport::Saved { path, at } => {
                shown.saved += 1;
                if *at >= last_saved_at {
                    last_saved_at.clone_from(at);
                    shown.last_saved = Some(path.clone());
                }
            }
            RunExport::Failed { error, at, .. } => {
                shown.waiting += 1;
                if *at >= last_failed_at {
                    last_failed_at.clone_from(at);
                    shown.problem = Some(error.clone());
                }
            }
            RunExport::Exporting { .. } | RunExport::Cancelled => {}
        }
    }
    shown
}

fn check_choice(choice: &AutoExportChoice) -> Result<(), Error> {
    let folder = Path::new(&choice.folder);
    if !folder.is_absolute() || !folder.is_dir() {
        return Err(Error::validation(
            "Choose a folder that exists.",
            format!("not a folder: {}", choice.folder),
        ));
    }
    let pattern = choice.pattern.trim();
    if pattern.is_empty() || pattern.contains(['/', '\\']) {
        return Err(Error::validation(
            "The file name can't be empty or hold / or \\.",
            format!("file name pattern {pattern:?}"),
        ));
    }
    let mut rest = pattern.to_owned();
    for placeholder in PLACEHOLDERS {
        rest = rest.replace(placeholder, "");
    }
    if let Some(start) = rest.find('{') {
        let unknown: String = rest[start..].chars().take_while(|&c| c != '}').collect();
        return Err(Error::validation(
            format!(
                "The file name has {unknown}}}, which Greenroom does not know. It knows {}.",
                PLACEHOLDERS.join(", ")
            ),
            format!("file name pattern {pattern:?}"),
        ));
    }
    Ok(())
}

/// The file name for `run` without its extension: the pattern filled in, with what no file
/// system allows replaced.
fn file_stem(rule: &AutoExportRule, run: &RunSummary) -> String {
    let ended = run
        .finished_at
        .as_deref()
        .and_then(parse_time)
        .unwrap_or_else(Utc::now)
        .with_timezone(&Local);
    let actor = rule
        .choice
        .actor_name
        .rsplit(['/', '~'])
        .next()
        .unwrap_or_default();
    let filled = rule
        .choice
        .pattern
        .replace("{actor}", actor)
        .replace("{date}", &ended.format("%Y-%m-%d").to_string())
        .replace("{time}", &ended.format("%H-%M-%S").to_string())
        .replace("{run}", &run.id)
        .replace("{status}", &run.status.to_lowercase());
    let cleaned = crate::files::kinds::for_file_name(&filled);
    let mut stem = cleaned.trim_matches([' ', '.']).to_owned();
    if stem.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !stem.is_char_boundary(end) {
            end -= 1;
        }
        stem.truncate(end);
    }
    if stem.is_empty() {
        run.id.clone()
    } else {
        stem
    }
}

/// `stem.ext` in `folder`, or `stem (2).ext` and on where that is taken: a file the user has
/// is never overwritten.
fn free_path(folder: &Path, stem: &str, format: ExportFormat) -> PathBuf {
    let first = folder.join(format!("{stem}.{}", format.extension()));
    let mut path = first.clone();
    let mut n = 2;
    while path.exists() {
        path = crate::files::partial::numbered(&first, n);
        n += 1;
    }
    path
}

/// When the Actor's last finished run started (the newest of its last few runs that has
/// ended), for "Also save the last finished run"; `None` when it has none.
pub async fn last_finished_start(
    session: &Session,
    actor_id: &str,
) -> Result<Option<DateTime<Utc>>, Error> {
    Ok(newest_runs(session, actor_id, 0)
        .await?
        .into_iter()
        .map(RunSummary::from_run)
        .find(|run| run.is_finished())
        .and_then(|run| run.started_at.as_deref().and_then(parse_time)))
}

/// A page of the Actor's runs, newest first, from `offset`.
async fn newest_runs(
    session: &Session,
    actor_id: &str,
    offset: u64,
) -> Result<Vec<apify_client::models::ActorRun>, Error> {
    let page = session
        .client()
        .actor(actor_id)
        .runs()
        .list(
            ListOptions {
                offset: Some(offset as i64),
                limit: Some(PAGE as i64),
                desc: Some(true),
            },
            RunListOptions::default(),
        )
        .await
        .map_err(|e| session.error(e))?;
    Ok(page.items)
}

/// The Actor's runs that started at or after `from`, newest first, with their start times.
async fn runs_started_since(
    session: &Session,
    actor_id: &str,
    from: Option<DateTime<Utc>>,
) -> Result<Vec<(DateTime<Utc>, RunSummary)>, Error> {
    let mut found = Vec::new();
    let mut offset = 0;
    loop {
        let page = newest_runs(session, actor_id, offset).await?;
        let count = page.len() as u64;
        for run in page {
            let run = RunSummary::from_run(run);
            // A run not started yet is newer than any started one.
            let started = run
                .started_at
                .as_deref()
                .and_then(parse_time)
                .unwrap_or_else(Utc::now);
            if from.is_some_and(|from| started < from) {
                return Ok(found);
            }
            found.push((started, run));
        }
        if count < PAGE {
            return Ok(found);
        }
        offset += PAGE;
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn timestamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn new_rule_id() -> Result<String, Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::internal(format!("no random numbers for a rule id: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: &str, actor_name: &str) -> AutoExportRule {
        AutoExportRule {
            id: "r".into(),
            profile_id: "p".into(),
            choice: AutoExportChoice {
                actor_id: "a".into(),
                actor_name: actor_name.into(),
                format: ExportFormat::Csv,
                options: ExportOptions::default(),
                folder: "/".into(),
                pattern: pattern.into(),
                include_failed: false,
            },
            since: timestamp(Utc::now()),
        }
    }

    fn ended_run(finished_at: &str) -> RunSummary {
        let mut run = RunSummary::with_status("SUCCEEDED", None);
        run.id = "RUN1".into();
        run.finished_at = Some(finished_at.into());
        run
    }

    #[test]
    fn a_file_name_fills_the_pattern_and_replaces_what_file_systems_refuse() {
        let run = ended_run("2026-11-24T10:20:30.000Z");
        let local = parse_time("2026-11-24T10:20:30.000Z")
            .unwrap()
            .with_timezone(&Local);
        assert_eq!(
            file_stem(&rule("{actor} {date} {run}", "jane/web-scraper"), &run),
            format!("web-scraper {} RUN1", local.format("%Y-%m-%d"))
        );
        assert_eq!(
            file_stem(&rule("a:b*c?{status}.", "x"), &run),
            "a-b-c-succeeded"
        );
        assert_eq!(file_stem(&rule(" . ", "x"), &run), "RUN1");
        let long = file_stem(&rule(&"é".repeat(300), "x"), &run);
        assert!(long.len() <= MAX_STEM_BYTES && long.chars().all(|c| c == 'é'));
    }

    #[test]
    fn a_taken_file_name_gets_a_number_and_is_never_overwritten() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("out.csv"), "mine").unwrap();
        std::fs::write(folder.path().join("out (2).csv"), "mine too").unwrap();
        assert_eq!(
            free_path(folder.path(), "out", ExportFormat::Csv),
            folder.path().join("out (3).csv")
        );
        assert_eq!(
            free_path(folder.path(), "out", ExportFormat::Json),
            folder.path().join("out.json")
        );
    }

    #[test]
    fn a_choice_names_what_is_wrong_with_it() {
        let folder = tempfile::tempdir().unwrap();
        let mut choice = rule("{run}", "x").choice;
        choice.folder = folder.path().display().to_string();
        check_choice(&choice).unwrap();
        for (pattern, says) in [
            ("", "can't be empty"),
            ("a/{run}", "can't be empty or hold /"),
            ("{run} {day}", "{day}"),
        ] {
            choice.pattern = pattern.into();
            let error = check_choice(&choice).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Validation);
            assert!(error.to_string().contains(says), "{error}");
        }
        choice.pattern = "{run}".into();
        choice.folder = folder.path().join("gone").display().to_string();
        assert!(check_choice(&choice)
            .unwrap_err()
            .to_string()
            .contains("folder that exists"));
    }

    #[test]
    fn failed_exports_wait_longer_each_time_up_to_half_an_hour() {
        let auto = AutoExport::open("/nonexistent/auto-export.json").unwrap();
        assert_eq!(auto.retry_wait(1), chrono::Duration::seconds(30));
        assert_eq!(auto.retry_wait(3), chrono::Duration::seconds(120));
        assert_eq!(auto.retry_wait(40), chrono::Duration::minutes(30));
    }

    #[test]
    fn an_unreadable_list_is_an_error_not_a_fresh_start() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("auto-export.json");
        std::fs::write(&file, "{ not json").unwrap();
        let error = AutoExport::open(&file).err().unwrap();
        assert_eq!(error.kind(), ErrorKind::StoreUnreadable);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "{ not json");
    }

    #[test]
    fn a_failure_keeps_its_kind_words_and_detail_and_an_older_list_still_reads() {
        let failed = RunExport::Failed {
            error: Error::new(ErrorKind::FolderMissing, "/home/jane/Reports: not found").to_ipc(),
            attempts: 2,
            at: "2026-11-26T09:00:00Z".into(),
        };
        let text = serde_json::to_string(&failed).unwrap();
        let back: RunExport = serde_json::from_str(&text).unwrap();
        let RunExport::Failed { error, .. } = back else {
            panic!("{text}");
        };
        assert_eq!(error.kind, ErrorKind::FolderMissing);
        assert_eq!(
            error.detail.as_deref(),
            Some("/home/jane/Reports: not found")
        );
        assert!(error.message.starts_with("That folder is gone"));
        // Lists written before the detail was kept have only the kind and the words.
        let older = r#"{"state":"failed","kind":"diskFull","message":"No room.","attempts":1,"at":"2026-11-25T08:00:00Z"}"#;
        let RunExport::Failed {
            error, attempts, ..
        } = serde_json::from_str(older).unwrap()
        else {
            panic!("{older}");
        };
        assert_eq!(
            (error.kind, error.detail, attempts),
            (ErrorKind::DiskFull, None, 1)
        );
    }
}
