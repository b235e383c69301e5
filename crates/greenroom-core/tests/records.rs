//! Key-value records saved to files, from a sandbox with faults on.

mod common;

use std::time::Duration;

use apify_client::ApifyClient;
use apify_sandbox::{FaultConfig, Sandbox, SANDBOX_TOKEN};
use greenroom_core::kv::download::download_record;
use greenroom_core::runs::{self, StartOptions, Target};
use greenroom_core::ErrorKind;
use serde_json::json;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_are_saved_byte_for_byte_despite_faults_and_failures_leave_nothing() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let run = runs::start(
        &session,
        Target::Actor("~write-records"),
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let run = runs::watch(
        &session,
        &run.id,
        Duration::from_secs(30),
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let store = run.default_key_value_store_id.unwrap();
    sandbox.set_faults(FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        drop_rate: 0.3,
        drop_after_bytes: 100,
        seed: 9,
        ..Default::default()
    });

    let folder = tempfile::tempdir().unwrap();
    let binary = folder.path().join("data.bin");
    let mut progress = Vec::new();
    let saved = download_record(
        &session,
        &store,
        "data.bin",
        &binary,
        &CancellationToken::new(),
        |done, total| progress.push((done, total)),
    )
    .await
    .unwrap();
    assert_eq!(
        std::fs::read(&binary).unwrap(),
        (0..=255u8).chain((0..=255u8).rev()).collect::<Vec<u8>>()
    );
    assert_eq!(
        (saved.bytes, saved.content_type.as_deref()),
        (512, Some("application/octet-stream"))
    );
    assert_eq!(progress.last(), Some(&(512, 512)));

    let png = folder.path().join("chart.png");
    download_record(
        &session,
        &store,
        "chart.png",
        &png,
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .unwrap();
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));

    let missing = folder.path().join("missing.txt");
    let error = download_record(
        &session,
        &store,
        "missing",
        &missing,
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);

    let cancel = CancellationToken::new();
    cancel.cancel();
    let cancelled = folder.path().join("cancelled.bin");
    let error = download_record(&session, &store, "data.bin", &cancelled, &cancel, |_, _| {})
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled);

    let mut names: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["chart.png", "data.bin"]);
}

fn pseudo_random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

/// Every answer breaks after 256 kB, so only going on from the byte where it stopped can ever
/// finish. The second time, the record is replaced halfway through: the resumed request's
/// `If-Range` no longer matches, and the download starts over on the new record.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_record_resumes_where_it_broke_and_a_replaced_one_starts_over() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let client = ApifyClient::builder()
        .token(SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .build();
    let store = client
        .key_value_stores()
        .get_or_create(Some("large-records"))
        .await
        .unwrap()
        .id;
    let records = client.key_value_store(&store);
    let original = pseudo_random_bytes(3_000_000, 1);
    let key = "scan-01_(final)'s!.bin";
    records
        .set_record_raw(key, original.clone(), "application/octet-stream")
        .await
        .unwrap();
    sandbox.set_faults(FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        drop_rate: 1.0,
        drop_after_bytes: 256_000,
        seed: 3,
        ..Default::default()
    });
    let folder = tempfile::tempdir().unwrap();

    let first = folder.path().join("first.bin");
    let mut progress = Vec::new();
    let saved = download_record(
        &session,
        &store,
        key,
        &first,
        &CancellationToken::new(),
        |done, total| progress.push((done, total)),
    )
    .await
    .unwrap();
    assert!(std::fs::read(&first).unwrap() == original);
    assert_eq!(saved.bytes, 3_000_000);
    assert!(progress.windows(2).all(|pair| pair[0].0 <= pair[1].0));
    assert_eq!(progress.last(), Some(&(3_000_000, 3_000_000)));

    let replacement = pseudo_random_bytes(1_000_000, 2);
    let second = folder.path().join("second.bin");
    let mut replaced = false;
    download_record(
        &session,
        &store,
        key,
        &second,
        &CancellationToken::new(),
        |done, _| {
            if done > 300_000 && !replaced {
                replaced = true;
                let upload =
                    records.set_record_raw(key, replacement.clone(), "application/octet-stream");
                tokio::task::block_in_place(|| {
                    tokio::runtime::Handle::current().block_on(upload).unwrap()
                });
            }
        },
    )
    .await
    .unwrap();
    assert!(replaced);
    assert!(std::fs::read(&second).unwrap() == replacement);
}
