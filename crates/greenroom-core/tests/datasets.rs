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
