//! Request queues against the sandbox's crawler, whose rules say how a crawl ends: its progress
//! while it works and at its end, its requests read and paged to the end by each filter, saved
//! as CSV and JSON, and a queue of the user's own with requests still waiting.

mod common;

use std::collections::BTreeSet;

use apify_sandbox::Sandbox;
use greenroom_core::queues::{self, RequestFilter, RequestFormat, RequestLists};
use greenroom_core::runs::{self, StartOptions, Target};
use greenroom_core::storages::{self, StorageKind};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

/// Every row a filter shows, asked for window by window as the table does.
fn all_rows(lists: &RequestLists, queue_id: &str, filter: RequestFilter) -> Vec<Value> {
    let mut rows = Vec::new();
    loop {
        let window = lists
            .window(queue_id, filter, rows.len() as u64, 250)
            .unwrap();
        assert_eq!(window.offset, rows.len() as u64);
        if window.items.is_empty() {
            assert_eq!(window.total, rows.len() as u64, "{filter:?}");
            return rows;
        }
        rows.extend(window.items);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_shows_its_progress_and_its_requests_end_as_its_rules_say() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let pages = 900;
    let expected = apify_sandbox::crawler::expected(pages);
    let run = runs::start(
        &session,
        Target::Actor("~crawl-pages"),
        &json!({ "maxPages": pages, "pagesPerSecond": 400 }),
        &StartOptions::default(),
    )
    .await
    .unwrap();

    // While it works: the handled count grows and never passes the total.
    let mut seen = Vec::new();
    loop {
        let progress = queues::run_progress(&session, &run.id).await.unwrap();
        if let Some(counts) = progress {
            assert!(counts.handled <= counts.total, "{counts:?}");
            assert_eq!(counts.pending, counts.total - counts.handled);
            seen.push(counts.handled);
        }
        let now = runs::get(&session, &run.id).await.unwrap();
        if now.finished {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back: {seen:?}"
    );
    assert!(
        seen.iter().any(|&h| h > 0 && h < pages),
        "a reading in the middle of the crawl: {seen:?}"
    );
    let done = queues::run_progress(&session, &run.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((done.total, done.handled, done.pending), (pages, pages, 0));

    // Its requests, read and paged to the end by each filter.
    let queue_id = common::finished(&session, &run.id)
        .await
        .default_request_queue_id
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let lists = RequestLists::open(data.path().join("request-lists")).unwrap();
    let mut progress = Vec::new();
    let read = lists
        .read(&session, &queue_id, &CancellationToken::new(), |n| {
            progress.push(n)
        })
        .await
        .unwrap();
    assert_eq!(progress.last(), Some(&pages));
    assert_eq!(read.counts.all, pages);
    assert_eq!(read.counts.pending, 0);
    assert_eq!(read.counts.handled, pages);
    assert_eq!(read.counts.failed, expected.failed);
    let every = all_rows(&lists, &queue_id, RequestFilter::All);
    let ids: BTreeSet<_> = every.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(ids.len() as u64, pages, "each request once");
    let failed = all_rows(&lists, &queue_id, RequestFilter::Failed);
    assert_eq!(failed.len() as u64, expected.failed);
    for row in &failed {
        assert_eq!(row["state"], "Failed");
        assert_eq!(row["retryCount"], 3, "{row}");
        assert_eq!(row["errorMessages"].as_array().unwrap().len(), 4, "{row}");
    }
    let retried = every
        .iter()
        .filter(|r| r["state"] == "Handled" && r["retryCount"] == 1)
        .count() as u64;
    assert_eq!(retried, expected.retried);
    assert!(all_rows(&lists, &queue_id, RequestFilter::Pending).is_empty());

    // Saved: JSON has every row as the table shows it; CSV a header and a line a request.
    let json_file = data.path().join("requests.json");
    let csv_file = data.path().join("requests.csv");
    let jobs = greenroom_core::Jobs::new();
    let lists = std::sync::Arc::new(lists);
    for (format, file) in [
        (RequestFormat::Json, &json_file),
        (RequestFormat::Csv, &csv_file),
    ] {
        let job = lists
            .export_job(
                &jobs,
                queue_id.clone(),
                RequestFilter::All,
                format,
                file.clone(),
            )
            .unwrap();
        let ended = common::job_end(&jobs, job.id).await;
        assert!(
            ended.is_finished() && ended.written_file().is_some(),
            "{ended:?}"
        );
    }
    let saved: Vec<Value> = serde_json::from_slice(&std::fs::read(&json_file).unwrap()).unwrap();
    assert_eq!(saved, every);
    let csv = std::fs::read_to_string(&csv_file).unwrap();
    assert_eq!(csv.lines().count() as u64, pages + 1);
    assert!(csv.starts_with("url,state,retryCount,errorMessages,"));
    assert!(
        csv.contains(",Failed,3,\"Request timed out"),
        "{}",
        &csv[..400]
    );

    // The Request queues screen lists it with its counts.
    let listed = storages::list(&session, StorageKind::RequestQueue, &queue_id, 0, 10)
        .await
        .unwrap();
    assert_eq!(listed.rows.len(), 1);
    let counts = listed.rows[0].requests.unwrap();
    assert_eq!((counts.total, counts.handled), (pages, pages));
    assert_eq!(
        listed.rows[0].actor_title.as_deref(),
        Some("Crawl sample pages")
    );

    // A run whose Actor never used its queue shows no progress.
    let plain = runs::start(
        &session,
        Target::Actor("apify~hello-world"),
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    common::finished(&session, &plain.id).await;
    assert_eq!(
        queues::run_progress(&session, &plain.id).await.unwrap(),
        None
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_with_waiting_requests_filters_them_and_can_be_deleted() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    // The user's own script fills the queue, with the official client as Greenroom uses it.
    let client = apify_client::ApifyClient::builder()
        .token(apify_sandbox::SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .build();
    let queue = client
        .request_queues()
        .get_or_create(Some("my-queue"))
        .await
        .unwrap();
    let rq = client.request_queue(&queue.id);
    let mut ids = Vec::new();
    for n in 0..30 {
        let request = apify_client::models::RequestQueueRequest {
            id: None,
            url: format!("https://example.com/{n}"),
            unique_key: Some(format!("=HYPERLINK(\"https://evil/{n}\")")),
            method: None,
            user_data: None,
            extra: Default::default(),
        };
        ids.push(rq.add_request(&request, false).await.unwrap().request_id);
    }
    for id in &ids[..10] {
        let mut request = rq.get_request(id).await.unwrap().unwrap();
        request
            .extra
            .insert("handledAt".into(), json!("2026-11-26T10:00:00.000Z"));
        request
            .extra
            .insert("loadedUrl".into(), Value::from(request.url.clone()));
        rq.update_request(&request, false).await.unwrap();
    }

    let info = queues::info(&session, &queue.id).await.unwrap();
    assert_eq!(info.name.as_deref(), Some("my-queue"));
    assert_eq!(
        (info.counts.total, info.counts.handled, info.counts.pending),
        (30, 10, 20)
    );
    let data = tempfile::tempdir().unwrap();
    let lists = std::sync::Arc::new(RequestLists::open(data.path()).unwrap());
    let read = lists
        .read(&session, &queue.id, &CancellationToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!((read.counts.pending, read.counts.handled), (20, 10));
    let pending = all_rows(&lists, &queue.id, RequestFilter::Pending);
    let pending_ids: Vec<_> = pending.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        pending_ids,
        ids[10..].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(pending.iter().all(|r| r["state"] == "Pending"));

    // A unique key a spreadsheet would run is defused in the CSV.
    let csv_file = data.path().join("waiting.csv");
    let jobs = greenroom_core::Jobs::new();
    let job = lists
        .export_job(
            &jobs,
            queue.id.clone(),
            RequestFilter::Pending,
            RequestFormat::Csv,
            csv_file.clone(),
        )
        .unwrap();
    common::job_end(&jobs, job.id).await;
    let csv = std::fs::read_to_string(&csv_file).unwrap();
    assert_eq!(csv.lines().count(), 21);
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"https://evil/10\"\")\","),
        "{csv}"
    );

    queues::delete(&session, &queue.id).await.unwrap();
    let gone = queues::info(&session, &queue.id).await.unwrap_err();
    assert_eq!(gone.kind(), greenroom_core::ErrorKind::NotFound);
    assert!(
        gone.reason().unwrap().contains("retention period"),
        "{gone:?}"
    );
}
