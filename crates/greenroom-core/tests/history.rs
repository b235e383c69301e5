//! The Runs screen's data and the log as a job, against the sandbox with faults on.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apify_sandbox::Sandbox;
use greenroom_core::jobs::Jobs;
use greenroom_core::runs::history;
use greenroom_core::runs::{self, LogFollow, LogOutcome, LogProgress, StartOptions, Target};
use serde_json::json;

#[tokio::test]
async fn runs_list_newest_first_by_status_with_their_actors_and_details() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 5).await;
    let failed = runs::start(
        &session,
        Target::Actor("~always-fails"),
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let cancel = tokio_util::sync::CancellationToken::new();
    runs::watch(
        &session,
        &failed.id,
        Duration::from_secs(30),
        &cancel,
        |_| {},
    )
    .await
    .unwrap();
    common::flaky(&sandbox);

    let all = history::list(&session, None, None, 0, 10).await.unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(all.rows[0].run.id, failed.id, "newest first");
    assert_eq!(
        all.rows[0].actor_name.as_deref(),
        Some("sandbox-user/always-fails")
    );
    assert_eq!(
        all.rows[1].actor_name.as_deref(),
        Some("sandbox-user/generate-items")
    );
    assert_eq!(all.rows[0].origin.as_deref(), Some("API"));
    assert!(all.rows[0].duration_secs.unwrap() >= 0.0);

    let failures = history::list(&session, None, Some("FAILED"), 0, 10)
        .await
        .unwrap();
    assert_eq!(failures.rows.len(), 1);
    assert_eq!(failures.rows[0].run.status, "FAILED");
    let actor = sandbox.id_of("actor", "generate-items").unwrap();
    let of_one = history::list(&session, Some(&actor), None, 0, 10)
        .await
        .unwrap();
    assert_eq!(of_one.total, 1);

    let details = history::details(&session, &all.rows[1].run.id)
        .await
        .unwrap();
    assert_eq!(details.item_count, Some(5));
    assert_eq!(
        details.row.run.default_dataset_id.as_deref(),
        Some(dataset.as_str())
    );
    assert_eq!(
        history::details(&session, "no-such-run")
            .await
            .unwrap_err()
            .kind(),
        greenroom_core::ErrorKind::NotFound
    );
}

#[tokio::test]
async fn the_log_follows_as_a_job_in_numbered_batches_until_the_run_ends() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let run = runs::start(
        &session,
        Target::Actor("~slow-logger"),
        &json!({ "durationSecs": 1, "intervalMillis": 20, "message": "tick" }),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let jobs = Jobs::new();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let gaps = Arc::new(Mutex::new(0));
    let (sink, gap) = (lines.clone(), gaps.clone());
    jobs.subscribe(move |view| {
        if let Some(LogProgress::Log { from, lines: batch }) = view.progress::<LogFollow>() {
            let mut all = sink.lock().unwrap();
            if *from as usize == all.len() {
                all.extend(batch.iter().cloned());
            } else if (*from as usize) > all.len() {
                *gap.lock().unwrap() += 1;
            }
        }
        true
    });
    let own = greenroom_core::Session::new(
        sandbox.base_url(),
        greenroom_core::ApiToken::new(apify_sandbox::SANDBOX_TOKEN),
    )
    .unwrap();
    let view = runs::follow_log_job(&jobs, own, run.id.clone()).await;
    let end = loop {
        let now = jobs.list().into_iter().find(|v| v.id == view.id).unwrap();
        if now.is_finished() {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let lines = lines.lock().unwrap().clone();
    assert_eq!(*gaps.lock().unwrap(), 0);
    assert!(lines.len() > 10, "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("tick (line 1)")),
        "{lines:?}"
    );
    assert!(lines.last().unwrap().contains("Done."), "{lines:?}");
    assert_eq!(
        end.outcome::<LogFollow>(),
        Some(&LogOutcome::Log {
            lines: lines.len() as u64
        })
    );
}

#[tokio::test]
async fn a_run_is_watched_by_one_job_whoever_asks() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let run = runs::start(
        &session,
        Target::Actor("~slow-logger"),
        &json!({ "durationSecs": 5 }),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let jobs = Jobs::new();
    let own = || {
        greenroom_core::Session::new(
            sandbox.base_url(),
            greenroom_core::ApiToken::new(apify_sandbox::SANDBOX_TOKEN),
        )
        .unwrap()
    };
    let first = runs::watch_job(&jobs, own(), run.id.clone()).await;
    let second = runs::watch_job(&jobs, own(), run.id.clone()).await;
    assert_eq!(first.id, second.id);
    assert_eq!(jobs.list().len(), 1);
    // The jobs panel and the notification call it by its Actor, not by its id.
    assert_eq!(first.title, "Run of Log slowly");
    jobs.cancel(first.id).unwrap();
}

#[tokio::test]
async fn a_run_is_named_by_its_actor_and_task_and_by_its_id_where_neither_is_known() {
    use greenroom_core::runs::tasks;
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = sandbox.id_of("actor", "generate-items").unwrap();
    let task = tasks::save(
        &session,
        &actor,
        "daily-lamps",
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let run = runs::start(
        &session,
        Target::Task(&task.id),
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        runs::name_of(&session, &run.id).await,
        "Generate sample items, task “daily-lamps”"
    );
    assert_eq!(runs::name_of(&session, "gone").await, "Run gone");
}

#[tokio::test]
async fn a_form_input_saved_as_a_task_runs_with_it() {
    use greenroom_core::runs::tasks;
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = sandbox.id_of("actor", "generate-items").unwrap();
    let options = StartOptions {
        memory_mbytes: Some(512),
        ..StartOptions::default()
    };
    let refused = tasks::save(&session, &actor, "two words", &json!({}), &options)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), greenroom_core::ErrorKind::Validation);
    let saved = tasks::save(
        &session,
        &actor,
        "three-lamps",
        &json!({ "itemCount": 3 }),
        &options,
    )
    .await
    .unwrap();
    assert_eq!(saved.name, "three-lamps");
    let duplicate = tasks::save(&session, &actor, "three-lamps", &json!({}), &options)
        .await
        .unwrap_err();
    assert_eq!(duplicate.kind(), greenroom_core::ErrorKind::InvalidInput);

    let run = tasks::run(&session, &saved.id).await.unwrap();
    let cancel = tokio_util::sync::CancellationToken::new();
    let done = runs::watch(&session, &run.id, Duration::from_secs(30), &cancel, |_| {})
        .await
        .unwrap();
    assert_eq!(done.status, "SUCCEEDED");
    assert_eq!(done.task_id.as_deref(), Some(saved.id.as_str()));
    let details = history::details(&session, &run.id).await.unwrap();
    assert_eq!(details.item_count, Some(3));
}

#[tokio::test]
async fn a_task_opens_filled_saves_changes_runs_as_edited_duplicates_and_is_deleted() {
    use greenroom_core::runs::tasks;
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = sandbox.id_of("actor", "generate-items").unwrap();
    let options = StartOptions {
        memory_mbytes: Some(512),
        ..StartOptions::default()
    };
    let saved = tasks::save(
        &session,
        &actor,
        "lamps",
        &json!({ "itemCount": 3 }),
        &options,
    )
    .await
    .unwrap();

    let opened = tasks::details(&session, &saved.id).await.unwrap();
    assert_eq!(opened.name, "lamps");
    assert_eq!(opened.actor_id, actor);
    assert_eq!(opened.input["itemCount"], 3);
    assert_eq!(opened.memory_mbytes, Some(512));

    let changed = StartOptions {
        memory_mbytes: Some(1024),
        ..StartOptions::default()
    };
    tasks::update(&session, &saved.id, &json!({ "itemCount": 7 }), &changed)
        .await
        .unwrap();
    let reopened = tasks::details(&session, &saved.id).await.unwrap();
    assert_eq!(reopened.input["itemCount"], 7);
    assert_eq!(reopened.memory_mbytes, Some(1024));

    // Run as the form is now, without saving it.
    let run = tasks::run_with(&session, &saved.id, &json!({ "itemCount": 2 }), &changed)
        .await
        .unwrap();
    let ended = common::finished(&session, &run.id).await;
    assert_eq!(ended.status, "SUCCEEDED");
    assert_eq!(
        runs::input_of(&session, &run.id).await.unwrap()["itemCount"],
        2
    );
    assert_eq!(
        tasks::details(&session, &saved.id).await.unwrap().input["itemCount"],
        7
    );

    let copy = tasks::duplicate(
        &session,
        &saved.id,
        "lamps-copy",
        &json!({ "itemCount": 9 }),
        &changed,
    )
    .await
    .unwrap();
    assert_ne!(copy.id, saved.id);
    assert_eq!(
        tasks::details(&session, &copy.id).await.unwrap().input["itemCount"],
        9
    );

    tasks::delete(&session, &saved.id).await.unwrap();
    let gone = tasks::details(&session, &saved.id).await.unwrap_err();
    assert_eq!(gone.kind(), greenroom_core::ErrorKind::NotFound);
    assert!(gone
        .to_string()
        .starts_with("Apify could not find this task."));
}
