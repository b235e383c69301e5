//! Schedules against a real sandbox on 127.0.0.1: made, changed, turned off and on, deleted;
//! their next times as the sandbox works them out; runs they start while the app is closed,
//! saved into a folder after a restart; and bad input refused in words with nothing sent.

mod common;

use std::time::Duration;

use apify_sandbox::{Sandbox, SandboxOptions, SeedFile};
use greenroom_core::auto_export::{AutoExport, AutoExportChoice};
use greenroom_core::datasets::export::{ExportFormat, ExportOptions};
use greenroom_core::schedules::{
    self, cron, ActionDraft, ActionKind, ScheduleDraft, TimeOfDay, When,
};
use greenroom_core::{ErrorKind, Jobs, Session};
use serde_json::json;

const ACTOR: &str = "~generate-items";

fn at(hour: u8, minute: u8) -> TimeOfDay {
    TimeOfDay { hour, minute }
}

async fn actor_id(session: &Session) -> String {
    greenroom_core::runs::actor_page::load(session, ACTOR)
        .await
        .unwrap()
        .id
}

fn draft(title: &str, when: When, zone: &str, actor: &str, items: u64) -> ScheduleDraft {
    ScheduleDraft {
        title: title.into(),
        when,
        timezone: zone.into(),
        enabled: true,
        actions: vec![ActionDraft {
            kind: ActionKind::Actor,
            target_id: actor.into(),
            input: Some(json!({ "itemCount": items })),
            options: None,
        }],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_is_made_changed_turned_off_and_on_and_deleted() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = actor_id(&session).await;

    let made = schedules::create(
        &session,
        &draft(
            "Shop prices",
            When::Weekdays { at: at(9, 0) },
            "Europe/Prague",
            &actor,
            3,
        ),
        &[],
    )
    .await
    .unwrap();
    assert_eq!(
        (made.title.as_str(), made.name.as_str(), made.words.as_str()),
        ("Shop prices", "shop-prices", "Every weekday at 9:00")
    );
    assert_eq!(made.expression, "0 9 * * 1-5");
    assert_eq!(made.timezone, "Europe/Prague");
    assert!(made.enabled && made.next_run_at.is_some());
    assert_eq!(made.actions.len(), 1);
    assert_eq!(
        made.actions[0].title.as_deref(),
        Some("Generate sample items")
    );
    assert_eq!(made.actions[0].input, Some(json!({ "itemCount": 3 })));
    assert_eq!(made.actions[0].folder, None);

    // A second schedule of the same title gets a name of its own.
    let twin = schedules::create(
        &session,
        &draft(
            "Shop prices",
            When::Daily { at: at(7, 0) },
            "UTC",
            &actor,
            1,
        ),
        &[],
    )
    .await
    .unwrap();
    assert_eq!(twin.name, "shop-prices-2");

    // A folder rule for the Actor shows on its schedules.
    let folder = tempfile::tempdir().unwrap();
    let rules = AutoExport::open(folder.path().join("auto-export.json")).unwrap();
    rules.set_rule("p", choice(folder.path(), &actor)).unwrap();
    let rule_list: Vec<_> = rules.rules("p").into_iter().map(|v| v.rule).collect();
    let listed = schedules::list(&session, &rule_list).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .all(|row| row.actions[0].folder.as_deref()
                == Some(&*folder.path().display().to_string()))
    );

    let changed = schedules::update(
        &session,
        &made.id,
        &draft(
            "Shop prices",
            When::Monthly {
                day: 1,
                at: at(8, 30),
            },
            "UTC",
            &actor,
            5,
        ),
        &[],
    )
    .await
    .unwrap();
    assert_eq!(changed.words, "On the 1st of each month at 8:30");
    assert_eq!(
        changed.when,
        When::Monthly {
            day: 1,
            at: at(8, 30)
        }
    );
    assert_eq!(changed.actions[0].input, Some(json!({ "itemCount": 5 })));

    let off = schedules::set_enabled(&session, &made.id, false, &[])
        .await
        .unwrap();
    assert!(!off.enabled);
    assert_eq!(
        off.next_run_at, None,
        "a schedule that is off has no next run"
    );
    let on = schedules::set_enabled(&session, &made.id, true, &[])
        .await
        .unwrap();
    assert!(on.enabled && on.next_run_at.is_some());

    schedules::delete(&session, &made.id).await.unwrap();
    let gone = schedules::details(&session, &made.id, &[])
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    assert!(
        gone.to_string().contains("deleted in Apify Console"),
        "{gone}"
    );
    // Changing or turning off a schedule deleted elsewhere says the same.
    let again = schedules::set_enabled(&session, &made.id, false, &[])
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("deleted in Apify Console"),
        "{again}"
    );
    assert_eq!(schedules::list(&session, &[]).await.unwrap().len(), 1);
}

/// For each picker form, the next time the sandbox (the platform's stand-in) gives equals the
/// first of the next times the app shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_run_the_app_shows_is_the_one_the_sandbox_plans() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = actor_id(&session).await;
    let forms = [
        When::EveryMinutes { minutes: 15 },
        When::EveryHours {
            hours: 6,
            minute: 10,
        },
        When::Daily { at: at(9, 0) },
        When::Weekdays { at: at(9, 0) },
        When::Weekly {
            days: vec![0, 6],
            at: at(18, 45),
        },
        When::Monthly {
            day: 31,
            at: at(23, 59),
        },
        When::Custom {
            expression: "0 0 12 L * *".into(),
        },
    ];
    for (index, when) in forms.into_iter().enumerate() {
        for zone in ["UTC", "America/New_York", "Asia/Kolkata"] {
            let expression = when.to_cron().unwrap();
            let tz = cron::zone(zone).unwrap();
            let before = cron::read(&expression, tz, sandbox.clock_now());
            let made = schedules::create(
                &session,
                &draft(
                    &format!("form {index} {zone}"),
                    when.clone(),
                    zone,
                    &actor,
                    1,
                ),
                &[],
            )
            .await
            .unwrap();
            let after = cron::read(&expression, tz, sandbox.clock_now());
            assert_eq!(before.next.len(), cron::NEXT_TIMES);
            let planned = made.next_run_at.unwrap();
            assert!(
                planned == before.next[0] || planned == after.next[0],
                "{expression} in {zone}: the sandbox plans {planned}, the app shows {:?}",
                before.next
            );
            assert_eq!(made.when, when);
        }
    }
}

fn choice(folder: &std::path::Path, actor: &str) -> AutoExportChoice {
    AutoExportChoice {
        actor_id: actor.into(),
        actor_name: "sandbox-user/generate-items".into(),
        format: ExportFormat::Json,
        options: ExportOptions::default(),
        folder: folder.display().to_string(),
        pattern: "{actor} {run}".into(),
        include_failed: false,
    }
}

/// "Every day at 9:00, save into a folder": the app is closed at 9:00, the platform runs it
/// anyway, and the next start saves that run. Turned off, it runs no more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_a_schedule_starts_while_the_app_is_closed_is_saved_at_the_next_start() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = actor_id(&session).await;
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let list = data.path().join("auto-export.json");

    let auto = AutoExport::open(&list).unwrap();
    auto.set_rule("p", choice(folder.path(), &actor)).unwrap();
    let rules: Vec<_> = auto.rules("p").into_iter().map(|v| v.rule).collect();
    let made = schedules::create(
        &session,
        &draft(
            "Daily items",
            When::Daily { at: at(9, 0) },
            "UTC",
            &actor,
            4,
        ),
        &rules,
    )
    .await
    .unwrap();
    assert!(made.actions[0].folder.is_some());
    drop(auto);

    // The app is closed; a day goes by on the platform.
    sandbox.advance_clock(Duration::from_secs(86_400));
    let details = schedules::details(&session, &made.id, &[]).await.unwrap();
    assert_eq!(details.runs.len(), 1, "{details:?}");
    assert_eq!(
        details.runs[0].started_by.as_deref(),
        Some("from a schedule")
    );
    assert_eq!(details.log[0].message, "Schedule invoked");
    let run_id = details.runs[0].run.id.clone();
    let done = common::finished(&session, &run_id).await;
    assert_eq!(done.status, "SUCCEEDED");

    // The app starts again.
    let auto = AutoExport::open(&list).unwrap();
    let jobs = Jobs::new();
    let report = auto.sweep(&session, "p", &jobs).await;
    let saved: Vec<_> = report.saved.iter().map(|s| s.run_id.clone()).collect();
    assert_eq!(saved, std::slice::from_ref(&run_id));
    let file = folder.path().join(format!("generate-items {run_id}.json"));
    let items: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert_eq!(
        items.as_array().unwrap().len(),
        4,
        "the schedule's own input"
    );

    // Turned off, it starts nothing more however long the platform runs.
    schedules::set_enabled(&session, &made.id, false, &[])
        .await
        .unwrap();
    sandbox.advance_clock(Duration::from_secs(3 * 86_400));
    let details = schedules::details(&session, &made.id, &[]).await.unwrap();
    assert_eq!(details.runs.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_now_starts_the_schedules_action_as_a_normal_run() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let actor = actor_id(&session).await;
    let made = schedules::create(
        &session,
        &draft(
            "Now",
            When::Monthly {
                day: 1,
                at: at(0, 0),
            },
            "UTC",
            &actor,
            6,
        ),
        &[],
    )
    .await
    .unwrap();
    let started = schedules::run_now(&session, &made.id).await.unwrap();
    assert_eq!(started.len(), 1);
    // The run writes its INPUT record as it starts: read it once the run is done.
    common::finished(&session, &started[0].id).await;
    let input = greenroom_core::runs::input_of(&session, &started[0].id)
        .await
        .unwrap();
    assert_eq!(input["itemCount"], 6);
}

/// What Apify or the app says when `draft` cannot be made: the kind and the words.
async fn refusal(session: &Session, draft: &ScheduleDraft) -> (ErrorKind, String) {
    let error = schedules::create(session, draft, &[]).await.unwrap_err();
    (error.kind(), error.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_in_words_and_nothing_is_made() {
    let scoped = "apify_api_SCOPEDNOSCHEDULES000000000000000000";
    let sandbox = Sandbox::start_with(SandboxOptions {
        seed: serde_json::from_value::<SeedFile>(json!({
            "tokens": [{ "token": scoped, "scope": { "actors": "run", "storages": "read" } }],
        }))
        .unwrap(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let session = common::full_session(&sandbox);
    let actor = actor_id(&session).await;

    let custom = |expression: &str| When::Custom {
        expression: expression.into(),
    };
    let (kind, words) = refusal(
        &session,
        &draft("Bad", custom("0 25 * * *"), "UTC", &actor, 1),
    )
    .await;
    assert_eq!(kind, ErrorKind::Validation);
    assert!(words.contains("the hour, says 25"), "{words}");

    let (kind, words) = refusal(
        &session,
        &draft(
            "Bad",
            When::Daily { at: at(9, 0) },
            "Mars/Olympus",
            &actor,
            1,
        ),
    )
    .await;
    assert_eq!(kind, ErrorKind::Validation);
    assert!(words.contains("Mars/Olympus"), "{words}");

    let (kind, words) = refusal(
        &session,
        &draft("  ", When::Daily { at: at(9, 0) }, "UTC", &actor, 1),
    )
    .await;
    assert_eq!(kind, ErrorKind::Validation);
    assert!(words.contains("Give the schedule a name"), "{words}");

    // An Actor that was deleted (or never was).
    let (kind, _) = refusal(
        &session,
        &draft(
            "Gone",
            When::Daily { at: at(9, 0) },
            "UTC",
            "NoSuchActor000",
            1,
        ),
    )
    .await;
    assert_eq!(kind, ErrorKind::NotFound);

    // Input the Actor's schema refuses, as a run would be refused.
    let (kind, words) = refusal(
        &session,
        &ScheduleDraft {
            actions: vec![ActionDraft {
                kind: ActionKind::Actor,
                target_id: actor.clone(),
                input: Some(json!({ "itemCount": "many" })),
                options: None,
            }],
            ..draft("Bad input", When::Daily { at: at(9, 0) }, "UTC", &actor, 1)
        },
    )
    .await;
    assert_eq!(kind, ErrorKind::InvalidInput, "{words}");

    // A token that may run Actors but not touch schedules: the permission is named.
    let limited = common::session(&sandbox, scoped);
    let (kind, words) = refusal(
        &limited,
        &draft("Scoped", When::Daily { at: at(9, 0) }, "UTC", &actor, 1),
    )
    .await;
    assert_eq!(kind, ErrorKind::InsufficientPermissions);
    assert!(words.contains("Schedule"), "{words}");

    assert!(schedules::list(&session, &[]).await.unwrap().is_empty());
}

/// A task action runs the task with its own input, and its runs are the schedule's runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_on_a_schedule_runs_with_its_own_input() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let task = sandbox.id_of("task", "ten-desk-lamps").unwrap();
    let made = schedules::create(
        &session,
        &ScheduleDraft {
            title: "Lamps every Monday".into(),
            when: When::Weekly {
                days: vec![1],
                at: at(6, 0),
            },
            timezone: "Europe/Prague".into(),
            enabled: true,
            actions: vec![ActionDraft {
                kind: ActionKind::Task,
                target_id: task.clone(),
                input: None,
                options: None,
            }],
        },
        &[],
    )
    .await
    .unwrap();
    assert_eq!(made.words, "Every Monday at 6:00");
    assert_eq!(made.actions[0].kind, ActionKind::Task);
    assert_eq!(made.actions[0].title.as_deref(), Some("Ten desk lamps"));
    assert!(
        made.actions[0].actor_id.is_some(),
        "a task's runs are its Actor's"
    );

    sandbox.advance_clock(Duration::from_secs(8 * 86_400));
    let details = schedules::details(&session, &made.id, &[]).await.unwrap();
    assert_eq!(details.runs.len(), 1, "{details:?}");
    assert_eq!(details.runs[0].run.task_id.as_deref(), Some(task.as_str()));
}
