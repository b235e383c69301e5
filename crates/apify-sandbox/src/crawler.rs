//! The demo crawler: works through its run's request queue as website crawlers do. Page `n`
//! links to pages `3n+1`…`3n+3`, to the next page and back to the start (which the queue's
//! unique keys drop), up to `maxPages`; a page that fails for good hides none, as each is also
//! the next page of another. Some pages fail once and are tried again; a few
//! fail every time and are given up after three retries, marked handled with their errors, as
//! Crawlee marks them. The same input always ends with the same counts, which `expected` gives.

use std::time::Duration;

use serde_json::{json, Value};

use crate::state::AppState;

/// Retries before a page is given up, as Crawlee's default `maxRequestRetries`.
const MAX_RETRIES: u64 = 3;
const TICK: Duration = Duration::from_millis(50);

/// Fails on the first try only.
fn flaky(page: u64) -> bool {
    page % 20 == 7
}

/// Fails every time.
fn broken(page: u64) -> bool {
    page % 50 == 13
}

/// What a finished crawl of `max_pages` pages has done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// Requests in the queue, all handled at the end.
    pub requests: u64,
    /// Pages given up after their retries.
    pub failed: u64,
    /// Pages that failed once and then worked.
    pub retried: u64,
    /// Dataset items: one for each page that worked.
    pub items: u64,
}

pub fn expected(max_pages: u64) -> Expected {
    let failed = (0..max_pages).filter(|&p| broken(p)).count() as u64;
    let retried = (0..max_pages).filter(|&p| flaky(p)).count() as u64;
    Expected {
        requests: max_pages,
        failed,
        retried,
        items: max_pages - failed,
    }
}

fn page_url(start: &str, page: u64) -> String {
    if page == 0 {
        start.to_owned()
    } else {
        format!("{}/page/{page}", start.trim_end_matches('/'))
    }
}

fn draft(start: &str, page: u64) -> Value {
    let url = page_url(start, page);
    json!({ "url": url, "uniqueKey": url, "method": "GET", "userData": { "page": page } })
}

pub async fn crawl(
    state: &AppState,
    run_id: &str,
    queue_id: &str,
    dataset_id: &str,
    input: &Value,
) -> Result<(), (String, i32)> {
    let start = input["startUrl"]
        .as_str()
        .unwrap_or("https://shop.example/")
        .to_owned();
    let max_pages = input["maxPages"].as_u64().unwrap_or(2000).max(1);
    let per_second = input["pagesPerSecond"].as_u64().unwrap_or(300).max(1);
    let per_tick = (per_second * TICK.as_millis() as u64 / 1000).max(1);
    let fail = |e: crate::error::ApiError| (e.message, 1);
    let requests = crate::storage::queue_requests(state, queue_id).map_err(fail)?;
    {
        let mut queue = requests.lock().unwrap_or_else(|p| p.into_inner());
        queue
            .add(&draft(&start, 0), false, state.random.id())
            .map_err(fail)?;
        crate::storage::save_queue(state, queue_id, &queue).map_err(fail)?;
    }
    state.log(
        run_id,
        &format!("Crawling {start}, up to {max_pages} pages…"),
    );
    let mut done = 0u64;
    let mut logged_at = tokio::time::Instant::now();
    loop {
        let mut items = Vec::new();
        let mut messages = Vec::new();
        let finished = {
            let mut queue = requests.lock().unwrap_or_else(|p| p.into_inner());
            for _ in 0..per_tick {
                let Some(mut request) = queue.first_pending() else {
                    break;
                };
                let id = request["id"].as_str().unwrap_or_default().to_owned();
                let page = request["userData"]["page"].as_u64().unwrap_or(0);
                let retries = request["retryCount"].as_u64().unwrap_or(0);
                let url = page_url(&start, page);
                if broken(page) || (flaky(page) && retries == 0) {
                    let error = format!(
                        "Request timed out after 30 seconds ({url}), attempt {}",
                        retries + 1
                    );
                    let mut errors = request["errorMessages"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                    errors.push(Value::from(error));
                    request["errorMessages"] = Value::Array(errors);
                    if retries >= MAX_RETRIES {
                        request["handledAt"] = json!(crate::time::now());
                        messages.push(format!("ERROR: Gave up on {url} after {retries} retries."));
                    } else {
                        request["retryCount"] = json!(retries + 1);
                        messages.push(format!("WARN: {url} failed; it will be retried."));
                    }
                    queue.update(&id, &request, false).map_err(fail)?;
                    continue;
                }
                let links = (1..=3).map(|k| 3 * page + k).chain([page + 1]);
                for link in links.filter(|&p| p < max_pages) {
                    queue
                        .add(&draft(&start, link), false, state.random.id())
                        .map_err(fail)?;
                }
                // A link back home, which the queue already has.
                queue
                    .add(&draft(&start, 0), false, state.random.id())
                    .map_err(fail)?;
                request["handledAt"] = json!(crate::time::now());
                request["loadedUrl"] = json!(url);
                queue.update(&id, &request, false).map_err(fail)?;
                items.push(
                    json!({ "url": url, "title": format!("Page {page} of the shop"), "page": page })
                        .to_string()
                        .into_bytes(),
                );
                done += 1;
            }
            crate::storage::save_queue(state, queue_id, &queue).map_err(fail)?;
            queue.first_pending().is_none()
        };
        for message in messages {
            state.log(run_id, &message);
        }
        if !items.is_empty() {
            crate::storage::append_items(state, dataset_id, items)
                .await
                .map_err(|e| (e.message, 1))?;
        }
        if finished {
            break;
        }
        if logged_at.elapsed() >= Duration::from_secs(1) {
            state.log(run_id, &format!("Crawled {done} pages so far."));
            logged_at = tokio::time::Instant::now();
        }
        tokio::time::sleep(TICK).await;
    }
    state.log(run_id, &format!("Finished: {done} pages crawled."));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_expected_counts_follow_the_failure_rules() {
        let expected = super::expected(100);
        // Pages 13 and 63 fail for good; 7, 27, 47, 67 and 87 once.
        assert_eq!(expected.failed, 2);
        assert_eq!(expected.retried, 5);
        assert_eq!(expected.items, 98);
    }
}
