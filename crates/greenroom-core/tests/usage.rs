//! Usage and limits against a real sandbox on 127.0.0.1.

mod common;

use std::time::Duration;

use apify_sandbox::Sandbox;
use greenroom_core::runs::{self, StartOptions, Target};
use greenroom_core::usage::usage;
use greenroom_core::ErrorKind;
use serde_json::json;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_shows_in_this_months_usage_and_one_over_the_memory_limit_is_refused_in_plain_words()
{
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let before = usage(&session, None).await.unwrap();
    assert_eq!(before.max_usd, 5.0);
    assert_eq!(before.max_memory_gbytes, 8.0);

    let slow = |seconds: u64| json!({ "durationSecs": seconds, "intervalMillis": 100 });
    let big = StartOptions {
        memory_mbytes: Some(8192),
        ..Default::default()
    };
    let working = runs::start(&session, Target::Actor("~slow-logger"), &slow(1), &big)
        .await
        .unwrap();
    let during = usage(&session, None).await.unwrap();
    assert_eq!((during.active_runs, during.memory_gbytes_in_use), (1, 8.0));

    let refused = runs::start(
        &session,
        Target::Actor("~slow-logger"),
        &slow(1),
        &StartOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::UsageLimit);
    assert!(
        refused
            .to_string()
            .contains("exceed the memory limit of 8192MB"),
        "{refused}"
    );

    runs::watch(
        &session,
        &working.id,
        Duration::from_secs(30),
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let after = usage(&session, None).await.unwrap();
    assert!(after.used_usd > before.used_usd, "{after:?}");
    assert!(after.compute_units > 0.0);
    assert_eq!(after.services[0].name, "Actor compute units");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert!(
        after.days.iter().any(|d| d.date == today && d.usd > 0.0),
        "{:?}",
        after.days
    );
    assert_eq!(after.active_runs, 0);
    // The cycle's own totals agree with the services it lists.
    assert!(
        after.cycle_usd > 0.0 && after.cycle_compute_units > 0.0,
        "{after:?}"
    );
    assert!((after.cycle_compute_units - after.services[0].quantity).abs() < 1e-9);

    // Another month has nothing of this one.
    let february = usage(&session, Some("2020-02-14")).await.unwrap();
    assert_eq!(february.cycle_start, "2020-02-01T00:00:00.000Z");
    assert!(february.days.is_empty() && february.services[0].usd == 0.0);
    assert_eq!(
        (february.cycle_usd, february.cycle_compute_units),
        (0.0, 0.0)
    );
    let bad = usage(&session, Some("14.2.2020")).await.unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidInput);
}
