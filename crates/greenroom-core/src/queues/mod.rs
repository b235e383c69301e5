//! Request queues, the third kind of storage: where a crawler keeps the pages it has done and
//! the ones still waiting. A run's queue says how far a crawl has got; a queue's requests are
//! read into a local copy (see `requests.rs`) for the table, its filters and its exports.

pub mod requests;

pub use requests::{RequestFilter, RequestFormat, RequestLists, RequestsRead};

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{Error, Session};

/// How far the requests of a queue have got, as the API counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounts {
    /// Every request the queue holds.
    pub total: u64,
    /// Done: visited, or given up after their retries.
    pub handled: u64,
    /// Still waiting.
    pub pending: u64,
}

/// A queue as its screen heads it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueInfo {
    pub id: String,
    pub name: Option<String>,
    pub counts: QueueCounts,
    pub modified_at: Option<String>,
    pub created_at: Option<String>,
    /// The run that made it, for a run's default queue.
    pub run_id: Option<String>,
    /// The title of the Actor whose run made it, where the user's Actors list has it.
    pub actor_title: Option<String>,
}

pub(crate) fn counts_of(
    extra: &std::collections::HashMap<String, Value>,
    total: Option<i64>,
) -> QueueCounts {
    let number = |field: &str| extra.get(field).and_then(Value::as_u64);
    let total = total.map(|t| t.max(0) as u64).unwrap_or_default();
    let handled = number("handledRequestCount").unwrap_or_default();
    QueueCounts {
        total,
        handled,
        pending: number("pendingRequestCount").unwrap_or(total.saturating_sub(handled)),
    }
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

pub async fn info(session: &Session, queue_id: &str) -> Result<QueueInfo, Error> {
    let queue = session
        .client()
        .request_queue(queue_id)
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| gone(queue_id))?;
    let text = |field: &str| {
        queue
            .extra
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let actor_title = crate::runs::catalog::title_for_unnamed(
        session,
        queue.name.as_deref(),
        text("actId").as_deref(),
    )
    .await;
    Ok(QueueInfo {
        counts: counts_of(&queue.extra, queue.total_request_count),
        run_id: text("actRunId"),
        actor_title,
        modified_at: time(queue.modified_at),
        created_at: time(queue.created_at),
        name: queue.name,
        id: queue.id,
    })
}

/// A queue the platform no longer has: unnamed ones are removed after the retention period.
fn gone(queue_id: &str) -> Error {
    Error::with_reason(
        crate::ErrorKind::NotFound,
        "This request queue is no longer on Apify: it was deleted, or, having no name, removed after the plan's retention period.",
        format!("request queue {queue_id}"),
    )
}

/// How far a run's crawl has got: its default queue's counts, or `None` when it has no
/// requests (most Actors never use theirs).
pub async fn run_progress(session: &Session, run_id: &str) -> Result<Option<QueueCounts>, Error> {
    let queue = session
        .client()
        .run(run_id)
        .request_queue()
        .get()
        .await
        .map_err(|e| session.error(e))?;
    Ok(queue
        .map(|q| counts_of(&q.extra, q.total_request_count))
        .filter(|counts| counts.total > 0))
}

pub async fn delete(session: &Session, queue_id: &str) -> Result<(), Error> {
    session
        .client()
        .request_queue(queue_id)
        .delete()
        .await
        .map_err(|e| session.error(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_comes_from_the_api_or_from_what_is_not_handled() {
        let mut extra = std::collections::HashMap::new();
        extra.insert("handledRequestCount".to_owned(), Value::from(3));
        let counts = counts_of(&extra, Some(10));
        assert_eq!((counts.total, counts.handled, counts.pending), (10, 3, 7));
        extra.insert("pendingRequestCount".to_owned(), Value::from(5));
        assert_eq!(counts_of(&extra, Some(10)).pending, 5);
    }
}
