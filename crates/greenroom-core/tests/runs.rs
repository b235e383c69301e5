//! Watching runs of the sandbox's demo Actors.

mod common;

use std::time::{Duration, Instant};

use apify_sandbox::Sandbox;
use greenroom_core::runs::{self, StartOptions, Target};
use greenroom_core::ErrorKind;
use serde_json::json;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watching_reports_each_status_change_and_the_log_arrives_as_lines() {
    let sandbox = Sandbox::start().await.unwrap();
    common::flaky(&sandbox);
    let session = common::full_session(&sandbox);
    let input = json!({ "durationSecs": 2, "intervalMillis": 100, "message": "tick" });
    let run = runs::start(
        &session,
        Target::Actor("~slow-logger"),
        &input,
        &StartOptions::default(),
    )
    .await
    .unwrap();

    let cancel = CancellationToken::new();
    let mut lines = Vec::new();
    let mut statuses = Vec::new();
    let (log, done) = tokio::join!(
        runs::follow_log(&session, &run.id, &cancel, |line| lines
            .push(line.to_owned())),
        runs::watch(&session, &run.id, Duration::from_secs(1), &cancel, |run| {
            statuses.push(run.status.clone())
        }),
    );
    log.unwrap();
    let done = done.unwrap();
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(statuses.last().map(String::as_str), Some("SUCCEEDED"));
    assert!(statuses.contains(&"RUNNING".to_owned()), "{statuses:?}");
    assert!(
        lines.iter().any(|l| l.ends_with("tick (line 1)")),
        "{lines:?}"
    );
    assert!(lines.last().unwrap().ends_with("Done."), "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_watch_returns_at_once_and_abort_and_resurrect_work() {
    let sandbox = Sandbox::start().await.unwrap();
    common::flaky(&sandbox);
    let session = common::full_session(&sandbox);
    let run = runs::start(
        &session,
        Target::Actor("~slow-logger"),
        &json!({ "durationSecs": 120 }),
        &StartOptions::default(),
    )
    .await
    .unwrap();

    let cancel = CancellationToken::new();
    let stopper = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        stopper.cancel();
    });
    let started = Instant::now();
    let watched = runs::watch(&session, &run.id, Duration::from_secs(60), &cancel, |_| {}).await;
    assert_eq!(watched.unwrap_err().kind(), ErrorKind::Cancelled);
    // The hold was 60 s; cancelling ends the wait instead of riding it out.
    assert!(started.elapsed() < Duration::from_secs(30));

    let aborted = runs::abort_run(&session, &run.id, false).await.unwrap();
    assert_eq!(aborted.status, "ABORTED");
    let resurrected = runs::resurrect(&session, &run.id).await.unwrap();
    assert!(!resurrected.is_finished());
    runs::abort_run(&session, &run.id, false).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_start_with_their_saved_input_and_options_reach_the_run() {
    let sandbox = Sandbox::start().await.unwrap();
    common::flaky(&sandbox);
    let session = common::full_session(&sandbox);
    let options = StartOptions {
        memory_mbytes: Some(512),
        timeout_secs: Some(120),
        build: None,
        max_items: Some(10),
    };
    let run = runs::start(
        &session,
        Target::Task("~ten-desk-lamps"),
        &json!({ "itemCount": 4 }),
        &options,
    )
    .await
    .unwrap();
    let done = runs::watch(
        &session,
        &run.id,
        Duration::from_secs(30),
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(done.task_id, run.task_id);
    assert!(done.task_id.is_some());
    assert_eq!(done.status, "SUCCEEDED");
}
