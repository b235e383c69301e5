//! A dataset as its screen opens it, from the sandbox: views from the Actor's build, and
//! statistics turned into how many items have a value.

mod common;

use apify_sandbox::Sandbox;
use greenroom_core::datasets;
use greenroom_core::ErrorKind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_dataset_opens_with_its_views_and_filled_counts() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 100).await;

    let info = datasets::load(&session, &dataset).await.unwrap();
    assert_eq!(info.item_count, 100);
    assert!(info.act_run_id.is_some());
    assert!(info.size_bytes.is_some_and(|bytes| bytes > 0));
    let titles: Vec<&str> = info.views.iter().map(|v| v.title.as_str()).collect();
    assert_eq!(titles, ["Overview", "Sellers"]);
    // Every fifth item has no rating; a description is null or missing in all of them.
    assert_eq!(info.filled["rating"], 80);
    assert_eq!(info.filled["description"], 0);
    assert_eq!(info.filled["id"], 100);

    let missing = datasets::load(&session, "no-such-dataset")
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unnamed_dataset_says_how_long_it_is_kept_and_a_name_keeps_it() {
    use greenroom_core::storages::StorageKind;
    use greenroom_core::{kv, runs, storages};
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 10).await;

    // The account's limits say 7 days, as the sandbox's free plan has it.
    let info = datasets::load(&session, &dataset).await.unwrap();
    assert_eq!(info.name, None);
    assert_eq!(info.retention_days, Some(7));

    // A name the API would refuse is said before sending; nothing changes.
    let refused = storages::keep(&session, StorageKind::Dataset, &dataset, "lamps 2026")
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Validation);
    assert_eq!(datasets::load(&session, &dataset).await.unwrap().name, None);

    storages::keep(&session, StorageKind::Dataset, &dataset, " lamp-prices ")
        .await
        .unwrap();
    let kept = datasets::load(&session, &dataset).await.unwrap();
    assert_eq!(kept.name.as_deref(), Some("lamp-prices"));
    assert_eq!(kept.retention_days, None);

    // The same for the run's key-value store.
    let run = datasets::load(&session, &dataset)
        .await
        .unwrap()
        .act_run_id
        .unwrap();
    let store = runs::get(&session, &run)
        .await
        .unwrap()
        .default_key_value_store_id
        .unwrap();
    assert_eq!(
        kv::info(&session, &store).await.unwrap().retention_days,
        Some(7)
    );
    storages::keep(&session, StorageKind::KeyValueStore, &store, "lamp-files")
        .await
        .unwrap();
    let named = kv::info(&session, &store).await.unwrap();
    assert_eq!(named.name.as_deref(), Some("lamp-files"));
    assert_eq!(named.retention_days, None);
}
