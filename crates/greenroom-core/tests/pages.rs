//! Table pages of a large dataset from the sandbox.

mod common;

use apify_sandbox::Sandbox;
use greenroom_core::datasets::pages::{columns, DatasetPages, ItemQuery};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_window_comes_from_bounded_cached_pages() {
    let sandbox = Sandbox::start().await.unwrap();
    common::flaky(&sandbox);
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 10_000).await;
    let pages = DatasetPages::with_sizes(session.clone(), &dataset, ItemQuery::default(), 100, 5);

    let window = pages.window(5_050, 120).await.unwrap();
    assert_eq!(window.total, 10_000);
    let ids: Vec<u64> = window
        .items
        .iter()
        .map(|item| item["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (5_051..=5_170).collect::<Vec<_>>());

    for offset in (0..10_000).step_by(700) {
        pages.window(offset, 50).await.unwrap();
        assert!(
            pages.cached_pages() <= 5,
            "{} pages cached",
            pages.cached_pages()
        );
    }
    let tail = pages.window(9_990, 100).await.unwrap();
    assert_eq!(tail.items.len(), 10);

    let newest = DatasetPages::with_sizes(
        session,
        &dataset,
        ItemQuery {
            desc: true,
            fields: vec!["id".into(), "seller".into()],
            ..Default::default()
        },
        100,
        5,
    );
    let first = newest.window(0, 2).await.unwrap();
    assert_eq!(first.items[0]["id"], 10_000);
    assert_eq!(
        columns(&first.items, true),
        [
            "id",
            "seller.name",
            "seller.address.city",
            "seller.address.zip"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_can_skip_hidden_fields_and_flatten_without_losing_rows() {
    let sandbox = Sandbox::start().await.unwrap();
    common::flaky(&sandbox);
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 300).await;
    let pages = DatasetPages::with_sizes(
        session,
        &dataset,
        ItemQuery {
            skip_hidden: true,
            flatten: vec!["price".into()],
            ..Default::default()
        },
        100,
        5,
    );
    let window = pages.window(0, 100).await.unwrap();
    assert_eq!(window.items.len(), 100);
    assert!(window.items.iter().all(|item| item.get("#debug").is_none()));
    assert!(window
        .items
        .iter()
        .all(|item| item["price.value"].is_number()));
    let next = pages.window(100, 100).await.unwrap();
    assert_eq!(next.items[0]["id"], 101, "rows stay stored items");
}
