//! Auto-export against a real sandbox on 127.0.0.1: runs started by another client are found
//! and saved once each, across a restart, through a folder that went away and a full disk.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use apify_client::clients::dataset::{DatasetDownloadOptions, DownloadItemsFormat};
use apify_client::ApifyClient;
use apify_sandbox::{Sandbox, SANDBOX_TOKEN};
use greenroom_core::auto_export::{AutoExport, AutoExportChoice};
use greenroom_core::datasets::export::{ExportFormat, ExportOptions};
use greenroom_core::runs::{self, RunSummary, StartOptions, Target};
use greenroom_core::{ErrorKind, Jobs, Session};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

const ACTOR: &str = "~generate-items";

fn choice(folder: &Path, actor: &str, include_failed: bool) -> AutoExportChoice {
    AutoExportChoice {
        actor_id: actor.into(),
        actor_name: format!("demo/{}", actor.trim_start_matches('~')),
        format: ExportFormat::Json,
        options: ExportOptions::default(),
        folder: folder.display().to_string(),
        pattern: "{actor} {run}".into(),
        include_failed,
    }
}

/// A run started by another client, as a schedule or Apify Console would, waited for.
async fn run_elsewhere(sandbox: &Sandbox, actor: &str, input: Value) -> RunSummary {
    let elsewhere = common::session(sandbox, SANDBOX_TOKEN);
    let run = runs::start(
        &elsewhere,
        Target::Actor(actor),
        &input,
        &StartOptions::default(),
    )
    .await
    .unwrap();
    runs::watch(
        &elsewhere,
        &run.id,
        Duration::from_secs(60),
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap()
}

async fn reference(sandbox: &Sandbox, run: &RunSummary) -> Vec<u8> {
    ApifyClient::builder()
        .token(SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .build()
        .dataset(run.default_dataset_id.as_deref().unwrap())
        .download_items(DownloadItemsFormat::Json, DatasetDownloadOptions::default())
        .await
        .unwrap()
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = common::files_below(folder)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

async fn sweep(
    auto: &AutoExport,
    session: &Arc<Session>,
    jobs: &Jobs,
) -> (Vec<String>, Vec<(String, ErrorKind)>) {
    let report = auto.sweep(session, "p", jobs).await;
    assert!(report.unlisted.is_empty(), "{:?}", report.unlisted);
    let saved = report.saved.iter().map(|s| s.run_id.clone()).collect();
    let failed = report
        .failed
        .iter()
        .map(|f| (f.run_id.clone(), f.error.kind))
        .collect();
    (saved, failed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_started_elsewhere_are_saved_once_each_and_a_restart_misses_none() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let jobs = Jobs::new();
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let list = data.path().join("auto-export.json");

    let before = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 5 })).await;
    let auto = AutoExport::open(&list).unwrap();
    auto.set_rule("p", choice(folder.path(), ACTOR, false))
        .unwrap();
    let (saved, failed) = sweep(&auto, &session, &jobs).await;
    assert_eq!(
        (saved, failed),
        (vec![], vec![]),
        "{} began before the rule",
        before.id
    );

    let first = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 300 })).await;
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, vec![first.id.clone()]);
    let first_file = folder
        .path()
        .join(format!("generate-items {}.json", first.id));
    assert_eq!(
        std::fs::read(&first_file).unwrap(),
        reference(&sandbox, &first).await
    );
    // The job stays in the jobs list, so its file can be shown in its folder.
    assert!(jobs.list().iter().any(|j| j.title.contains(&first.id)));

    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, Vec::<String>::new(), "saved twice");
    let views = auto.rules("p");
    assert_eq!((views[0].saved, views[0].waiting), (1, 0));
    drop(auto);

    // While the app is closed, two more runs end.
    let second = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 7 })).await;
    let third = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 9 })).await;
    let auto = AutoExport::open(&list).unwrap();
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, [second.id.clone(), third.id.clone()], "oldest first");
    assert_eq!(
        names_in(folder.path()),
        sorted(
            [&first, &second, &third]
                .iter()
                .map(|r| format!("generate-items {}.json", r.id))
                .collect()
        )
    );
    for run in [&second, &third] {
        let file = folder
            .path()
            .join(format!("generate-items {}.json", run.id));
        assert_eq!(std::fs::read(file).unwrap(), reference(&sandbox, run).await);
    }
    drop(auto);

    // The app stopped between a file going in place and the list saying so (second), and
    // while a file was still being written (third, whose file is not there), so that sweep
    // never wrote how far it got.
    let mut written: Value = serde_json::from_slice(&std::fs::read(&list).unwrap()).unwrap();
    written["settledBefore"] = json!({});
    let runs = written["runs"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap();
    for run in [&second, &third] {
        let path = folder
            .path()
            .join(format!("generate-items {}.json", run.id));
        runs[&run.id] = json!({ "state": "exporting", "path": path.display().to_string() });
    }
    std::fs::write(&list, serde_json::to_vec(&written).unwrap()).unwrap();
    let third_file = folder
        .path()
        .join(format!("generate-items {}.json", third.id));
    std::fs::remove_file(&third_file).unwrap();
    let auto = AutoExport::open(&list).unwrap();
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(
        saved,
        vec![third.id.clone()],
        "only the missing file is written again"
    );
    assert_eq!(
        std::fs::read(&third_file).unwrap(),
        reference(&sandbox, &third).await
    );
    assert_eq!(names_in(folder.path()).len(), 3);
    assert_eq!(auto.rules("p")[0].saved, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_that_went_away_saves_nothing_and_is_tried_again_when_back() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let jobs = Jobs::new();
    let data = tempfile::tempdir().unwrap();
    let parent = tempfile::tempdir().unwrap();
    let folder = parent.path().join("Results");
    std::fs::create_dir(&folder).unwrap();
    let auto = AutoExport::open(data.path().join("auto-export.json"))
        .unwrap()
        .with_first_retry_wait(Duration::ZERO);
    auto.set_rule("p", choice(&folder, ACTOR, false)).unwrap();
    std::fs::remove_dir(&folder).unwrap();

    let run = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 20 })).await;
    let report = auto.sweep(&session, "p", &jobs).await;
    assert!(report.saved.is_empty());
    let failed: Vec<_> = report
        .failed
        .iter()
        .map(|f| (f.run_id.clone(), f.error.kind))
        .collect();
    assert_eq!(failed, [(run.id.clone(), ErrorKind::FolderMissing)]);
    // The person is told once, by the Actor's name, with what went wrong.
    let (title, body) = report.failed[0].notice().unwrap();
    assert_eq!(title, "Results not saved");
    assert!(
        body.starts_with(&format!(
            "generate-items, run {}: That folder is gone",
            run.id
        )),
        "{body}"
    );
    let again = auto.sweep(&session, "p", &jobs).await;
    assert_eq!(again.failed.len(), 1);
    assert_eq!(again.failed[0].notice(), None, "told again on a retry");
    assert!(
        !folder.exists(),
        "a gone folder is not made again (it may be an unplugged drive)"
    );
    let view = &auto.rules("p")[0];
    assert_eq!(view.waiting, 1);
    assert_eq!(
        view.problem.as_ref().unwrap().kind,
        ErrorKind::FolderMissing
    );

    std::fs::create_dir(&folder).unwrap();
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, vec![run.id.clone()]);
    let file = folder.join(format!("generate-items {}.json", run.id));
    assert_eq!(
        std::fs::read(file).unwrap(),
        reference(&sandbox, &run).await
    );
    let view = &auto.rules("p")[0];
    assert_eq!(
        (view.saved, view.waiting, view.problem.is_none()),
        (1, 0, true)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_leaves_nothing_and_the_run_is_saved_once_there_is_room() {
    let folder = tempfile::tempdir().unwrap();
    if !common::mount_small_tmpfs(folder.path(), "64k") {
        return;
    }
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let jobs = Jobs::new();
    let data = tempfile::tempdir().unwrap();
    let auto = AutoExport::open(data.path().join("auto-export.json"))
        .unwrap()
        .with_first_retry_wait(Duration::ZERO);
    auto.set_rule("p", choice(folder.path(), ACTOR, false))
        .unwrap();
    let run = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 2000 })).await;
    let (saved, failed) = sweep(&auto, &session, &jobs).await;
    let leftovers = names_in(folder.path());
    common::unmount(folder.path());
    assert_eq!(saved, Vec::<String>::new());
    assert_eq!(failed, [(run.id.clone(), ErrorKind::DiskFull)]);
    assert_eq!(leftovers, Vec::<String>::new());

    // Room again (the tmpfs is gone, the folder below it is empty).
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, vec![run.id.clone()]);
    let file = folder
        .path()
        .join(format!("generate-items {}.json", run.id));
    assert_eq!(
        std::fs::read(file).unwrap(),
        reference(&sandbox, &run).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_runs_are_saved_only_when_asked() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let jobs = Jobs::new();
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let auto = AutoExport::open(data.path().join("auto-export.json")).unwrap();
    auto.set_rule("p", choice(folder.path(), "~always-fails", false))
        .unwrap();
    let failed_run = run_elsewhere(&sandbox, "~always-fails", json!({})).await;
    assert_eq!(failed_run.status, "FAILED");
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, Vec::<String>::new());
    assert_eq!(names_in(folder.path()), Vec::<String>::new());

    // The same rule, now with failed runs: the one that failed after it was turned on is saved.
    auto.set_rule("p", choice(folder.path(), "~always-fails", true))
        .unwrap();
    assert_eq!(auto.rules("p").len(), 1, "one rule per Actor");
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    assert_eq!(saved, vec![failed_run.id.clone()]);
    assert_eq!(
        names_in(folder.path()),
        [format!("always-fails {}.json", failed_run.id)]
    );

    // Another profile's rules are not swept with this one.
    assert!(auto.rules("other").is_empty());
    let report = auto.sweep(&session, "other", &jobs).await;
    assert!(report.saved.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn also_the_last_finished_run_is_saved_when_asked_and_only_then() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let jobs = Jobs::new();
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let older = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 3 })).await;
    let last = run_elsewhere(&sandbox, ACTOR, json!({ "itemCount": 4 })).await;

    let auto = AutoExport::open(data.path().join("auto-export.json")).unwrap();
    let from = greenroom_core::auto_export::last_finished_start(&session, ACTOR)
        .await
        .unwrap();
    assert_eq!(
        from.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        last.started_at.clone()
    );
    auto.set_rule_from("p", choice(folder.path(), ACTOR, false), from)
        .unwrap();
    let (saved, _) = sweep(&auto, &session, &jobs).await;
    // The last one, not the one before it.
    assert_eq!(saved, vec![last.id.clone()], "{} is older", older.id);

    // Without asking, a new rule starts from now.
    let other = tempfile::tempdir().unwrap();
    let fresh = AutoExport::open(other.path().join("auto-export.json")).unwrap();
    fresh
        .set_rule_from("p", choice(folder.path(), ACTOR, false), None)
        .unwrap();
    let (saved, _) = sweep(&fresh, &session, &jobs).await;
    assert!(saved.is_empty(), "{saved:?}");
}
