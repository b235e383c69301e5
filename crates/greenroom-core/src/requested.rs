//! What an API request was about, in a person's words, so that a refusal or a miss names it:
//! "This token may not run this Actor", "Apify could not find this dataset", not "…that". The
//! client reports each failed call's method and path; those are all this reads.

/// A thing the API keeps, as a person calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Thing {
    Actor,
    Task,
    Run,
    Build,
    Dataset,
    Store,
    Record,
    Queue,
    Request,
    Schedule,
    Webhook,
    Account,
    Log,
}

impl Thing {
    fn of(segment: &str) -> Option<Thing> {
        Some(match segment {
            "acts" | "actors" => Thing::Actor,
            "actor-tasks" => Thing::Task,
            "actor-runs" | "runs" => Thing::Run,
            "actor-builds" | "builds" => Thing::Build,
            "datasets" | "dataset" => Thing::Dataset,
            "key-value-stores" | "key-value-store" => Thing::Store,
            "records" => Thing::Record,
            "request-queues" | "request-queue" => Thing::Queue,
            "requests" => Thing::Request,
            "schedules" => Thing::Schedule,
            "webhooks" => Thing::Webhook,
            "users" => Thing::Account,
            "log" | "logs" => Thing::Log,
            _ => return None,
        })
    }

    fn one(self) -> &'static str {
        match self {
            Thing::Actor => "this Actor",
            Thing::Task => "this task",
            Thing::Run => "this run",
            Thing::Build => "this build",
            Thing::Dataset => "this dataset",
            Thing::Store => "this key-value store",
            Thing::Record => "this record",
            Thing::Queue => "this request queue",
            Thing::Request => "this request",
            Thing::Schedule => "this schedule",
            Thing::Webhook => "this webhook",
            Thing::Account => "this account",
            Thing::Log => "this log",
        }
    }

    fn many(self) -> &'static str {
        match self {
            Thing::Actor => "Actors",
            Thing::Task => "tasks",
            Thing::Run => "runs",
            Thing::Build => "builds",
            Thing::Dataset => "datasets",
            Thing::Store => "key-value stores",
            Thing::Record => "records",
            Thing::Queue => "request queues",
            Thing::Request => "requests",
            Thing::Schedule => "schedules",
            Thing::Webhook => "webhooks",
            Thing::Account => "accounts",
            Thing::Log => "logs",
        }
    }

    /// Storages the platform deletes after the retention period when they have no name.
    fn expires_unnamed(self) -> bool {
        matches!(self, Thing::Dataset | Thing::Store | Thing::Queue)
    }
}

/// A request's path read as "the last thing named, and whether one of them is meant".
struct Target {
    thing: Thing,
    /// One thing (its id follows), not the list of them.
    one: bool,
    /// The thing the list belongs to (the Actor of `acts/x/runs`).
    owner: Option<Thing>,
    /// A word after the thing that names an action (`abort`, `resurrect`, `items`).
    then: Option<String>,
}

fn target(path: &str) -> Option<Target> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "v2")
        .collect();
    let mut found: Option<Target> = None;
    let mut index = 0;
    while index < segments.len() {
        let segment = segments[index];
        match Thing::of(segment) {
            // A list's word followed by an id (or `last`, or a record's key) names one of it.
            Some(thing) => {
                let owner = found.as_ref().filter(|t| t.one).map(|t| t.thing);
                // `…/dataset`, `…/log` stand for a run's one of them.
                let singular = !segment.ends_with('s');
                let id = segments.get(index + 1).copied();
                let one = singular || id.is_some();
                found = Some(Target {
                    thing,
                    one,
                    owner,
                    then: None,
                });
                index += if singular || id.is_none() { 1 } else { 2 };
            }
            _ => {
                if let Some(t) = found.as_mut() {
                    t.then = Some(segment.to_owned());
                }
                index += 1;
            }
        }
    }
    found
}

/// The headline for a refused request (403): "This token may not run this Actor."
pub fn refused(method: &str, path: &str) -> Option<String> {
    let t = target(path)?;
    let what = match (method, t.then.as_deref()) {
        ("POST", _) if t.thing == Thing::Run && !t.one => match t.owner {
            Some(owner) => format!("run {}", owner.one()),
            None => "start runs".to_owned(),
        },
        ("POST", Some("items")) => format!("add items to {}", t.thing.one()),
        ("POST", Some(action)) if t.one => format!("{action} {}", t.thing.one()),
        ("POST", _) if !t.one => format!("create {}", t.thing.many()),
        ("GET", _) if t.one => format!("read {}", t.thing.one()),
        ("GET", _) => format!("list your {}", t.thing.many()),
        ("DELETE", _) => format!("delete {}", t.thing.one()),
        ("PUT" | "POST" | "PATCH", _) => format!("change {}", t.thing.one()),
        _ => return None,
    };
    Some(format!("This token may not {what}."))
}

/// The headline for a request that found nothing (404), saying why a storage may be gone.
pub fn missing(path: &str) -> Option<String> {
    let t = target(path)?;
    if !t.one {
        return None;
    }
    let why = if t.thing.expires_unnamed() {
        "It may have been deleted; Apify also deletes a storage without a name when your plan's data retention period ends (Usage shows how many days)."
    } else {
        "It may have been deleted, or it belongs to another account."
    };
    Some(format!("Apify could not find {}. {why}", t.thing.one()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_what_was_refused() {
        let cases = [
            ("POST", "/v2/acts/abc/runs?memory=512", "run this Actor"),
            ("POST", "/v2/actor-tasks/t1/runs", "run this task"),
            ("POST", "/v2/actor-runs/r1/abort", "abort this run"),
            ("GET", "/v2/datasets/d1/items?offset=0", "read this dataset"),
            ("POST", "/v2/datasets/d1/items", "add items to this dataset"),
            (
                "DELETE",
                "/v2/key-value-stores/s1",
                "delete this key-value store",
            ),
            (
                "PUT",
                "/v2/key-value-stores/s1/records/OUTPUT",
                "change this record",
            ),
            (
                "GET",
                "/v2/actor-runs/r1/dataset/items",
                "read this dataset",
            ),
            ("GET", "/v2/acts/abc/runs/last/log", "read this log"),
            ("GET", "/v2/schedules", "list your schedules"),
            ("POST", "/v2/schedules", "create schedules"),
            ("PUT", "/v2/actor-tasks/t1", "change this task"),
        ];
        for (method, path, what) in cases {
            assert_eq!(
                refused(method, path).as_deref(),
                Some(format!("This token may not {what}.").as_str()),
                "{method} {path}"
            );
        }
        assert_eq!(refused("GET", "/v2/"), None);
    }

    #[test]
    fn a_missing_storage_is_said_to_expire_and_other_things_not() {
        let dataset = missing("/v2/datasets/d1/items").unwrap();
        assert!(dataset.starts_with("Apify could not find this dataset."));
        assert!(dataset.contains("retention period"), "{dataset}");
        let store = missing("/v2/actor-runs/r1/key-value-store/records/INPUT").unwrap();
        assert!(
            store.starts_with("Apify could not find this record."),
            "{store}"
        );
        assert!(!store.contains("retention"));
        let run = missing("/v2/actor-runs/r1").unwrap();
        assert!(run.starts_with("Apify could not find this run."));
        assert!(!run.contains("retention"));
        assert_eq!(missing("/v2/acts"), None);
    }
}
