//! The requests of a request queue: listed in the order they were added, taken from the head
//! in the order a crawler takes them (forefront ones first), and unique by `uniqueKey`, as on
//! the platform. `storage.rs` keeps each queue's requests in a file of their own beside
//! `state.json`, so the metadata snapshot stays small while a crawler works through thousands
//! of pages.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};

/// One request as stored: the API's object (with its `id`), where it sits in the list, and
/// where in the head while it is pending.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    seq: u64,
    order: i64,
    request: Map<String, Value>,
}

impl Stored {
    fn id(&self) -> &str {
        self.request["id"].as_str().unwrap_or_default()
    }

    fn unique_key(&self) -> &str {
        self.request["uniqueKey"].as_str().unwrap_or_default()
    }

    fn handled(&self) -> bool {
        !self.request.get("handledAt").is_none_or(Value::is_null)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Saved {
    seq: u64,
    front: i64,
    back: i64,
    requests: Vec<Stored>,
}

/// What adding or updating a request did, as the API reports it.
pub struct Registration {
    pub request_id: String,
    pub unique_key: String,
    pub was_already_present: bool,
    pub was_already_handled: bool,
}

impl Registration {
    pub fn to_json(&self, with_key: bool) -> Value {
        let mut value = json!({
            "requestId": self.request_id,
            "wasAlreadyPresent": self.was_already_present,
            "wasAlreadyHandled": self.was_already_handled,
        });
        if with_key {
            value["uniqueKey"] = json!(self.unique_key);
        }
        value
    }
}

#[derive(Debug, Default)]
pub struct QueueRequests {
    seq: u64,
    front: i64,
    back: i64,
    requests: BTreeMap<u64, Stored>,
    by_id: HashMap<String, u64>,
    by_key: HashMap<String, u64>,
    pending: BTreeSet<(i64, u64)>,
    /// The requests' size as JSON, which the queue's `stats.storageBytes` reports.
    bytes: u64,
}

fn size_of(stored: &Stored) -> u64 {
    serde_json::to_vec(&stored.request).map_or(0, |b| b.len() as u64)
}

/// A request body as the API takes it: an object with a `url` and a `uniqueKey`.
fn draft(body: &Value) -> ApiResult<Map<String, Value>> {
    let object = body
        .as_object()
        .ok_or_else(|| ApiError::invalid_value("A request must be a JSON object"))?;
    for field in ["url", "uniqueKey"] {
        if !object.get(field).is_some_and(Value::is_string) {
            return Err(ApiError::invalid_value(format!(
                "Request field '{field}' is required and must be a string"
            )));
        }
    }
    let url = object["url"].as_str().unwrap_or_default();
    let absolute = url
        .split_once("://")
        .is_some_and(|(scheme, rest)| !scheme.is_empty() && !rest.is_empty());
    if !absolute {
        return Err(ApiError::invalid_value(format!(
            "Request field 'url' must be an absolute URL, not '{url}'"
        )));
    }
    let mut request = object.clone();
    request
        .entry("method")
        .or_insert_with(|| Value::from("GET"));
    request.entry("retryCount").or_insert_with(|| json!(0));
    Ok(request)
}

impl QueueRequests {
    pub fn from_saved(saved: Saved) -> Self {
        let mut queue = QueueRequests {
            seq: saved.seq,
            front: saved.front,
            back: saved.back,
            ..Default::default()
        };
        for stored in saved.requests {
            queue.index(stored);
        }
        queue
    }

    pub fn saved(&self) -> Saved {
        Saved {
            seq: self.seq,
            front: self.front,
            back: self.back,
            requests: self.requests.values().cloned().collect(),
        }
    }

    fn index(&mut self, stored: Stored) {
        self.by_id.insert(stored.id().to_owned(), stored.seq);
        self.by_key
            .insert(stored.unique_key().to_owned(), stored.seq);
        if !stored.handled() {
            self.pending.insert((stored.order, stored.seq));
        }
        self.bytes += size_of(&stored);
        self.requests.insert(stored.seq, stored);
    }

    fn unindex(&mut self, seq: u64) -> Option<Stored> {
        let stored = self.requests.remove(&seq)?;
        self.by_id.remove(stored.id());
        self.by_key.remove(stored.unique_key());
        self.pending.remove(&(stored.order, seq));
        self.bytes -= size_of(&stored);
        Some(stored)
    }

    fn next_order(&mut self, forefront: bool) -> i64 {
        if forefront {
            self.front -= 1;
            self.front
        } else {
            self.back += 1;
            self.back
        }
    }

    pub fn total(&self) -> u64 {
        self.requests.len() as u64
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    pub fn handled(&self) -> u64 {
        self.total() - self.pending.len() as u64
    }

    /// Adds a request unless one with its `uniqueKey` is there already.
    pub fn add(
        &mut self,
        body: &Value,
        forefront: bool,
        new_id: String,
    ) -> ApiResult<Registration> {
        let mut request = draft(body)?;
        let unique_key = request["uniqueKey"].as_str().unwrap_or_default().to_owned();
        if let Some(existing) = self
            .by_key
            .get(&unique_key)
            .and_then(|s| self.requests.get(s))
        {
            return Ok(Registration {
                request_id: existing.id().to_owned(),
                unique_key,
                was_already_present: true,
                was_already_handled: existing.handled(),
            });
        }
        request.insert("id".into(), Value::from(new_id.clone()));
        self.seq += 1;
        let stored = Stored {
            seq: self.seq,
            order: self.next_order(forefront),
            request,
        };
        self.index(stored);
        Ok(Registration {
            request_id: new_id,
            unique_key,
            was_already_present: false,
            was_already_handled: false,
        })
    }

    pub fn get(&self, id: &str) -> Option<Value> {
        let seq = self.by_id.get(id)?;
        self.requests
            .get(seq)
            .map(|s| Value::Object(s.request.clone()))
    }

    /// Replaces a request's fields (its id stays); `handledAt` decides whether it is pending.
    pub fn update(&mut self, id: &str, body: &Value, forefront: bool) -> ApiResult<Registration> {
        let mut request = draft(body)?;
        if body.get("id").is_some_and(|given| given != id) {
            return Err(ApiError::invalid_value(
                "The request's 'id' differs from the one in the URL",
            ));
        }
        let seq = *self
            .by_id
            .get(id)
            .ok_or_else(|| ApiError::not_found("Request"))?;
        let old = self.unindex(seq).expect("indexed above");
        request.insert("id".into(), Value::from(id));
        let order = if forefront {
            self.next_order(true)
        } else {
            old.order
        };
        let unique_key = request["uniqueKey"].as_str().unwrap_or_default().to_owned();
        self.index(Stored {
            seq,
            order,
            request,
        });
        Ok(Registration {
            request_id: id.to_owned(),
            unique_key,
            was_already_present: true,
            was_already_handled: old.handled(),
        })
    }

    pub fn delete(&mut self, id: &str) -> Option<Value> {
        let seq = *self.by_id.get(id)?;
        self.unindex(seq).map(|s| Value::Object(s.request))
    }

    pub fn id_of_key(&self, unique_key: &str) -> Option<String> {
        let seq = self.by_key.get(unique_key)?;
        self.requests.get(seq).map(|s| s.id().to_owned())
    }

    /// Requests in the order they were added, after the one with id `after`; with `pending`,
    /// only those not handled yet.
    pub fn list(&self, after: Option<&str>, limit: usize, pending: bool) -> ApiResult<Vec<Value>> {
        let start = match after {
            None => 0,
            Some(id) => self
                .by_id
                .get(id)
                .map(|seq| seq + 1)
                .ok_or_else(|| ApiError::invalid_parameter("The cursor names no request"))?,
        };
        Ok(self
            .requests
            .range(start..)
            .map(|(_, s)| s)
            .filter(|s| !pending || !s.handled())
            .take(limit)
            .map(|s| Value::Object(s.request.clone()))
            .collect())
    }

    /// The first pending requests, in the order a crawler takes them.
    pub fn head(&self, limit: usize) -> Vec<Value> {
        self.pending
            .iter()
            .take(limit)
            .filter_map(|(_, seq)| self.requests.get(seq))
            .map(|s| {
                let r = &s.request;
                json!({
                    "id": r["id"], "uniqueKey": r["uniqueKey"], "url": r["url"],
                    "method": r.get("method").cloned().unwrap_or(Value::from("GET")),
                    "retryCount": r.get("retryCount").cloned().unwrap_or(json!(0)),
                })
            })
            .collect()
    }

    /// The whole request of the first pending one, for the demo crawler.
    pub fn first_pending(&self) -> Option<Value> {
        let (_, seq) = self.pending.first()?;
        self.requests
            .get(seq)
            .map(|s| Value::Object(s.request.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(n: u32) -> Value {
        json!({ "url": format!("https://example.com/{n}"), "uniqueKey": format!("k{n}") })
    }

    #[test]
    fn forefront_requests_come_first_and_a_unique_key_is_added_once() {
        let mut queue = QueueRequests::default();
        queue.add(&request(1), false, "a".into()).unwrap();
        queue.add(&request(2), true, "b".into()).unwrap();
        let again = queue.add(&request(1), false, "c".into()).unwrap();
        assert!(again.was_already_present);
        assert_eq!(again.request_id, "a");
        let head: Vec<_> = queue.head(10).iter().map(|r| r["id"].clone()).collect();
        assert_eq!(head, [json!("b"), json!("a")]);
        let listed: Vec<_> = queue
            .list(None, 10, false)
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect();
        assert_eq!(listed, [json!("a"), json!("b")]);
    }

    #[test]
    fn a_handled_request_leaves_the_head_and_counts_as_handled() {
        let mut queue = QueueRequests::default();
        queue.add(&request(1), false, "a".into()).unwrap();
        queue.add(&request(2), false, "b".into()).unwrap();
        let mut done = queue.get("a").unwrap();
        done["handledAt"] = json!("2026-11-26T10:00:00.000Z");
        let update = queue.update("a", &done, false).unwrap();
        assert!(!update.was_already_handled);
        assert_eq!((queue.total(), queue.handled()), (2, 1));
        assert_eq!(queue.head(10).len(), 1);
        assert_eq!(queue.list(None, 10, true).unwrap().len(), 1);
        let after_a = queue.list(Some("a"), 10, false).unwrap();
        assert_eq!(after_a[0]["id"], "b");
        let before = queue.bytes();
        queue.delete("b").unwrap();
        assert_eq!((queue.total(), queue.handled()), (1, 1));
        assert!(queue.bytes() > 0 && queue.bytes() < before);
    }

    #[test]
    fn a_request_without_url_or_unique_key_is_refused() {
        let mut queue = QueueRequests::default();
        for body in [
            json!({ "url": "https://example.com" }),
            json!({ "uniqueKey": "x" }),
            json!({ "url": "not a url", "uniqueKey": "x" }),
            json!([]),
        ] {
            assert!(queue.add(&body, false, "a".into()).is_err(), "{body}");
        }
        assert_eq!(queue.total(), 0);
    }
}
