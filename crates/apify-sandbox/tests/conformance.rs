//! Every endpoint the sandbox implements, called over a real socket, with each answer validated
//! against the official OpenAPI spec for its operation and status.

mod common;

use std::collections::BTreeSet;

use apify_sandbox::{Sandbox, SandboxOptions, SeedFile, SANDBOX_TOKEN};
use common::{check, spec, Answer, Api};
use serde_json::json;

/// What the sandbox implements, as the spec names the operations. The conformance walk below
/// must validate each one; docs/sandbox.md lists what is not here.
const IMPLEMENTED: &[(&str, &str)] = &[
    ("GET", "/v2/users/me"),
    ("GET", "/v2/users/me/limits"),
    ("GET", "/v2/users/me/usage/monthly"),
    ("GET", "/v2/users/{userId}"),
    ("GET", "/v2/actors"),
    ("GET", "/v2/actors/{actorId}"),
    ("GET", "/v2/actors/{actorId}/builds"),
    ("GET", "/v2/actors/{actorId}/builds/default"),
    ("GET", "/v2/actors/{actorId}/builds/{buildId}"),
    ("GET", "/v2/actors/{actorId}/runs"),
    ("POST", "/v2/actors/{actorId}/runs"),
    ("GET", "/v2/actors/{actorId}/runs/last"),
    ("GET", "/v2/actors/{actorId}/runs/{runId}"),
    ("POST", "/v2/actors/{actorId}/runs/{runId}/abort"),
    ("POST", "/v2/actors/{actorId}/runs/{runId}/resurrect"),
    ("GET", "/v2/store"),
    ("GET", "/v2/actor-builds/{buildId}"),
    ("GET", "/v2/actor-tasks"),
    ("POST", "/v2/actor-tasks"),
    ("GET", "/v2/actor-tasks/{actorTaskId}"),
    ("PUT", "/v2/actor-tasks/{actorTaskId}"),
    ("DELETE", "/v2/actor-tasks/{actorTaskId}"),
    ("GET", "/v2/actor-tasks/{actorTaskId}/input"),
    ("PUT", "/v2/actor-tasks/{actorTaskId}/input"),
    ("GET", "/v2/actor-tasks/{actorTaskId}/runs"),
    ("POST", "/v2/actor-tasks/{actorTaskId}/runs"),
    ("GET", "/v2/actor-tasks/{actorTaskId}/runs/last"),
    ("GET", "/v2/actor-runs"),
    ("GET", "/v2/actor-runs/{runId}"),
    ("POST", "/v2/actor-runs/{runId}/abort"),
    ("POST", "/v2/actor-runs/{runId}/resurrect"),
    ("GET", "/v2/actor-runs/{runId}/log"),
    ("GET", "/v2/logs/{buildOrRunId}"),
    ("GET", "/v2/actor-runs/{runId}/dataset"),
    ("GET", "/v2/actor-runs/{runId}/dataset/items"),
    ("POST", "/v2/actor-runs/{runId}/dataset/items"),
    ("GET", "/v2/actor-runs/{runId}/key-value-store"),
    ("GET", "/v2/actor-runs/{runId}/key-value-store/keys"),
    (
        "GET",
        "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}",
    ),
    (
        "PUT",
        "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}",
    ),
    (
        "DELETE",
        "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}",
    ),
    ("GET", "/v2/datasets"),
    ("POST", "/v2/datasets"),
    ("GET", "/v2/datasets/{datasetId}"),
    ("PUT", "/v2/datasets/{datasetId}"),
    ("DELETE", "/v2/datasets/{datasetId}"),
    ("GET", "/v2/datasets/{datasetId}/items"),
    ("HEAD", "/v2/datasets/{datasetId}/items"),
    ("GET", "/v2/datasets/{datasetId}/statistics"),
    ("POST", "/v2/datasets/{datasetId}/items"),
    ("GET", "/v2/key-value-stores"),
    ("POST", "/v2/key-value-stores"),
    ("GET", "/v2/key-value-stores/{storeId}"),
    ("PUT", "/v2/key-value-stores/{storeId}"),
    ("DELETE", "/v2/key-value-stores/{storeId}"),
    ("GET", "/v2/key-value-stores/{storeId}/keys"),
    ("GET", "/v2/key-value-stores/{storeId}/records/{recordKey}"),
    ("HEAD", "/v2/key-value-stores/{storeId}/records/{recordKey}"),
    ("PUT", "/v2/key-value-stores/{storeId}/records/{recordKey}"),
    ("POST", "/v2/key-value-stores/{storeId}/records/{recordKey}"),
    (
        "DELETE",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
    ),
    ("GET", "/v2/schedules"),
    ("POST", "/v2/schedules"),
    ("GET", "/v2/schedules/{scheduleId}"),
    ("PUT", "/v2/schedules/{scheduleId}"),
    ("DELETE", "/v2/schedules/{scheduleId}"),
    ("GET", "/v2/schedules/{scheduleId}/log"),
];

/// Where one queue's routes are mounted, and what each mount implements below it.
const QUEUE_MOUNTS: &[&str] = &[
    "/v2/request-queues/{queueId}",
    "/v2/actor-runs/{runId}/request-queue",
    "/v2/actors/{actorId}/runs/last/request-queue",
    "/v2/actor-tasks/{actorTaskId}/runs/last/request-queue",
];
const QUEUE_OPERATIONS: &[(&str, &str)] = &[
    ("GET", ""),
    ("PUT", ""),
    ("DELETE", ""),
    ("GET", "/requests"),
    ("POST", "/requests"),
    ("POST", "/requests/batch"),
    ("DELETE", "/requests/batch"),
    ("GET", "/requests/{requestId}"),
    ("PUT", "/requests/{requestId}"),
    ("DELETE", "/requests/{requestId}"),
    ("GET", "/head"),
];

/// Every operation the walk must validate: the list above and each queue mount's.
fn implemented() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = IMPLEMENTED
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    all.push(("GET".into(), "/v2/request-queues".into()));
    all.push(("POST".into(), "/v2/request-queues".into()));
    for mount in QUEUE_MOUNTS {
        for (method, below) in QUEUE_OPERATIONS {
            all.push((method.to_string(), format!("{mount}{below}")));
        }
    }
    all
}

/// One queue's operations under one mount (`template`), at the queue `path` names there.
async fn walk_queue(walk: &mut Walk, api: &Api, template: &str, path: &str) {
    let t = |below: &str| format!("{template}{below}");
    walk.conform("GET", &t(""), &api.get(path).await, 200);
    walk.conform(
        "PUT",
        &t(""),
        &api.put_json(path, &json!({ "name": null })).await,
        200,
    );
    let url = |n: u32| format!("https://example.com{path}/{n}");
    let draft = |n: u32| json!({ "url": url(n), "uniqueKey": url(n) });
    let added = api.post_json(&format!("{path}/requests"), &draft(1)).await;
    walk.conform("POST", &t("/requests"), &added, 201);
    let request_id = added.json()["data"]["requestId"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = api
        .post_json(&format!("{path}/requests?forefront=1"), &draft(1))
        .await;
    walk.conform("POST", &t("/requests"), &again, 201);
    assert_eq!(again.json()["data"]["wasAlreadyPresent"], true);
    walk.conform(
        "POST",
        &t("/requests"),
        &api.post_json(&format!("{path}/requests"), &json!({ "url": url(9) }))
            .await,
        400,
    );
    walk.conform(
        "POST",
        &t("/requests/batch"),
        &api.post_json(
            &format!("{path}/requests/batch"),
            &json!([draft(2), draft(3)]),
        )
        .await,
        201,
    );
    let first = api.get(&format!("{path}/requests?limit=1")).await;
    walk.conform("GET", &t("/requests"), &first, 200);
    let next = first.json()["data"]["nextCursor"]
        .as_str()
        .expect("a full page has a next cursor")
        .to_owned();
    let rest = api
        .get(&format!("{path}/requests?limit=10000&cursor={next}"))
        .await;
    walk.conform("GET", &t("/requests"), &rest, 200);
    assert!(rest.json()["data"].get("nextCursor").is_none());
    walk.conform(
        "GET",
        &t("/requests"),
        &api.get(&format!("{path}/requests?filter=pending")).await,
        200,
    );
    let one = api.get(&format!("{path}/requests/{request_id}")).await;
    walk.conform("GET", &t("/requests/{requestId}"), &one, 200);
    let mut handled = one.json()["data"].clone();
    handled["handledAt"] = json!("2026-11-26T10:00:00.000Z");
    walk.conform(
        "PUT",
        &t("/requests/{requestId}"),
        &api.put_json(&format!("{path}/requests/{request_id}"), &handled)
            .await,
        200,
    );
    walk.conform(
        "GET",
        &t("/head"),
        &api.get(&format!("{path}/head?limit=5")).await,
        200,
    );
    walk.conform(
        "DELETE",
        &t("/requests/batch"),
        &api.send(
            "DELETE",
            &format!("{path}/requests/batch"),
            Some((
                "application/json",
                serde_json::to_vec(&json!([{ "uniqueKey": url(2) }])).unwrap(),
            )),
        )
        .await,
        200,
    );
    walk.conform(
        "DELETE",
        &t("/requests/{requestId}"),
        &api.send("DELETE", &format!("{path}/requests/{request_id}"), None)
            .await,
        204,
    );
    walk.conform(
        "GET",
        &t("/requests/{requestId}"),
        &api.get(&format!("{path}/requests/{request_id}")).await,
        404,
    );
    walk.conform("DELETE", &t(""), &api.send("DELETE", path, None).await, 204);
    walk.conform("GET", &t(""), &api.get(path).await, 404);
}

struct Walk {
    seen: BTreeSet<(String, String)>,
    failures: Vec<String>,
}

impl Walk {
    /// Checks the status is one the spec lists for the operation and validates a JSON body.
    fn conform(&mut self, method: &str, template: &str, answer: &Answer, expected_status: u16) {
        if answer.status != expected_status {
            self.failures.push(format!(
                "{method} {template}: status {} (expected {expected_status}): {}",
                answer.status,
                String::from_utf8_lossy(&answer.bytes)
            ));
            return;
        }
        // A HEAD answer has the headers of the GET but no body to validate.
        let bytes: &[u8] = if method == "HEAD" { &[] } else { &answer.bytes };
        let content_type = if method == "HEAD" {
            None
        } else {
            answer.header("content-type")
        };
        if let Err(problem) = check(
            method,
            template,
            answer.status,
            content_type.as_deref(),
            bytes,
        ) {
            self.failures.push(problem);
        }
        self.seen.insert((method.to_owned(), template.to_owned()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_implemented_endpoint_answers_as_the_official_spec_says() {
    let Some(spec) = spec() else { return };
    for (method, template) in implemented() {
        assert!(
            spec["paths"][template.as_str()]
                .get(method.to_lowercase())
                .is_some(),
            "{method} {template} is not an operation of the official spec"
        );
    }

    let sandbox = Sandbox::start_with(SandboxOptions {
        seed: serde_json::from_value::<SeedFile>(json!({
            "datasets": [{ "name": "seeded-products", "items": [{ "a": 1 }, { "a": 2, "b": { "c": "ü" } }] }],
            "keyValueStores": [{ "name": "seeded-store", "items": { "config": { "mode": "fast" } } }],
        }))
        .unwrap(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let mut walk = Walk {
        seen: BTreeSet::new(),
        failures: Vec::new(),
    };

    // Users.
    let me = api.get("/v2/users/me").await;
    walk.conform("GET", "/v2/users/me", &me, 200);
    let user_id = me.json()["data"]["id"].as_str().unwrap().to_owned();
    walk.conform(
        "GET",
        "/v2/users/me/limits",
        &api.get("/v2/users/me/limits").await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/users/{userId}",
        &api.get(&format!("/v2/users/{user_id}")).await,
        200,
    );
    for usage in [
        "/v2/users/me/usage/monthly",
        "/v2/users/me/usage/monthly?date=2026-02-14",
    ] {
        walk.conform(
            "GET",
            "/v2/users/me/usage/monthly",
            &api.get(usage).await,
            200,
        );
    }
    walk.conform(
        "GET",
        "/v2/users/me/usage/monthly",
        &api.get("/v2/users/me/usage/monthly?date=14.2.2026").await,
        400,
    );
    // By user id: the spec names these only under `me`, so they must answer the same shapes.
    walk.conform(
        "GET",
        "/v2/users/me/usage/monthly",
        &api.get(&format!(
            "/v2/users/{user_id}/usage/monthly?date=2026-02-14"
        ))
        .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/users/me/limits",
        &api.get(&format!("/v2/users/{user_id}/limits")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/users/me",
        &Api::anonymous(sandbox.base_url()).get("/v2/users/me").await,
        401,
    );
    walk.conform(
        "GET",
        "/v2/users/me",
        &Api::new(sandbox.base_url(), "wrong")
            .get("/v2/users/me")
            .await,
        401,
    );

    // Actors and builds.
    walk.conform(
        "GET",
        "/v2/actors",
        &api.get("/v2/actors?my=1&limit=2&desc=true").await,
        200,
    );
    walk.conform("GET", "/v2/actors", &api.get("/v2/acts").await, 200);
    let actor = api.get("/v2/actors/sandbox-user~generate-items").await;
    walk.conform("GET", "/v2/actors/{actorId}", &actor, 200);
    let actor_id = actor.json()["data"]["id"].as_str().unwrap().to_owned();
    walk.conform(
        "GET",
        "/v2/actors/{actorId}",
        &api.get("/v2/actors/~no-such-actor").await,
        404,
    );
    walk.conform(
        "GET",
        "/v2/actors/{actorId}/builds",
        &api.get(&format!("/v2/actors/{actor_id}/builds")).await,
        200,
    );
    let build = api.get("/v2/acts/~generate-items/builds/default").await;
    walk.conform("GET", "/v2/actors/{actorId}/builds/default", &build, 200);
    let build_id = build.json()["data"]["id"].as_str().unwrap().to_owned();
    let views = &build.json()["data"]["actorDefinition"]["storages"]["dataset"]["views"];
    assert!(
        views.as_object().is_some_and(|views| views.len() >= 2),
        "the demo Actor's build declares dataset views: {views}"
    );
    walk.conform(
        "GET",
        "/v2/actors/{actorId}/builds/{buildId}",
        &api.get(&format!("/v2/actors/{actor_id}/builds/{build_id}"))
            .await,
        200,
    );

    // The Store, builds by id, and Actors of other users.
    let anonymous = Api::anonymous(sandbox.base_url());
    let store = anonymous.get("/v2/store?search=hello&limit=10").await;
    walk.conform("GET", "/v2/store", &store, 200);
    let hello = store.json()["data"]["items"][0].clone();
    assert_eq!(
        (hello["username"].as_str(), hello["name"].as_str()),
        (Some("apify"), Some("hello-world"))
    );
    walk.conform(
        "GET",
        "/v2/store",
        &anonymous
            .get("/v2/store?username=sandbox-labs&sortBy=newest")
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/store",
        &anonymous.get("/v2/store?sortBy=cheapest").await,
        400,
    );
    walk.conform(
        "GET",
        "/v2/actor-builds/{buildId}",
        &api.get(&format!("/v2/actor-builds/{build_id}")).await,
        200,
    );
    let hello_build = api.get("/v2/acts/apify~hello-world/builds/default").await;
    let hello_build_id = hello_build.json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let read_back = api.get(&format!("/v2/actor-builds/{hello_build_id}")).await;
    walk.conform("GET", "/v2/actor-builds/{buildId}", &read_back, 200);
    assert_eq!(
        read_back.json()["data"]["actorDefinition"]["input"]["properties"]["message"]["editor"],
        "textfield"
    );
    walk.conform(
        "GET",
        "/v2/actor-builds/{buildId}",
        &api.get("/v2/actor-builds/no-such-build").await,
        404,
    );
    let greeted = api
        .post_json(
            "/v2/acts/apify~hello-world/runs?waitForFinish=30",
            &json!({ "message": "Hi from the walk" }),
        )
        .await;
    walk.conform("POST", "/v2/actors/{actorId}/runs", &greeted, 201);
    assert_eq!(greeted.json()["data"]["status"], "SUCCEEDED");
    assert_eq!(greeted.json()["data"]["userId"], user_id.as_str());

    // Tasks: create, update, replace the input, delete.
    let created = api
        .post_json(
            "/v2/actor-tasks",
            &json!({ "actId": actor_id, "name": "walk-task", "options": { "memoryMbytes": 512 }, "input": { "itemCount": 2 } }),
        )
        .await;
    walk.conform("POST", "/v2/actor-tasks", &created, 201);
    let task_id = created.json()["data"]["id"].as_str().unwrap().to_owned();
    walk.conform(
        "POST",
        "/v2/actor-tasks",
        &api.post_json(
            "/v2/actor-tasks",
            &json!({ "actId": actor_id, "name": "walk-task" }),
        )
        .await,
        409,
    );
    walk.conform(
        "POST",
        "/v2/actor-tasks",
        &api.post_json("/v2/actor-tasks", &json!({ "actId": "no-such-actor" }))
            .await,
        404,
    );
    let updated = api
        .put_json(
            &format!("/v2/actor-tasks/{task_id}"),
            &json!({ "title": "Walk task", "options": { "timeoutSecs": 120 } }),
        )
        .await;
    walk.conform("PUT", "/v2/actor-tasks/{actorTaskId}", &updated, 200);
    assert_eq!(updated.json()["data"]["options"]["memoryMbytes"], 512);
    assert_eq!(updated.json()["data"]["options"]["timeoutSecs"], 120);
    walk.conform(
        "PUT",
        "/v2/actor-tasks/{actorTaskId}",
        &api.put_json(
            &format!("/v2/actor-tasks/{task_id}"),
            &json!({ "name": "no spaces" }),
        )
        .await,
        400,
    );
    let input = api
        .put_json(
            &format!("/v2/actor-tasks/{task_id}/input"),
            &json!({ "itemCount": 4 }),
        )
        .await;
    walk.conform("PUT", "/v2/actor-tasks/{actorTaskId}/input", &input, 200);
    assert_eq!(input.json(), json!({ "itemCount": 4 }));
    walk.conform(
        "DELETE",
        "/v2/actor-tasks/{actorTaskId}",
        &api.send("DELETE", &format!("/v2/actor-tasks/{task_id}"), None)
            .await,
        204,
    );
    walk.conform(
        "GET",
        "/v2/actor-tasks/{actorTaskId}",
        &api.get(&format!("/v2/actor-tasks/{task_id}")).await,
        404,
    );

    // Runs.
    let started = api
        .post_json(
            &format!("/v2/actors/{actor_id}/runs?waitForFinish=30&memory=512&timeout=60"),
            &json!({ "itemCount": 3 }),
        )
        .await;
    walk.conform("POST", "/v2/actors/{actorId}/runs", &started, 201);
    let run = started.json()["data"].clone();
    let run_id = run["id"].as_str().unwrap().to_owned();
    assert_eq!(run["status"], "SUCCEEDED");
    let statistics = api
        .get(&format!(
            "/v2/datasets/{}/statistics",
            run["defaultDatasetId"].as_str().unwrap()
        ))
        .await;
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}/statistics",
        &statistics,
        200,
    );
    let fields = &statistics.json()["data"]["fieldStatistics"];
    // Items 0, 5… have no rating; item 0 has a null description.
    assert_eq!(fields["rating"]["emptyCount"], 1, "{fields}");
    assert_eq!(fields["description"]["nullCount"], 1, "{fields}");
    assert_eq!(fields["id"]["min"], 1.0, "{fields}");
    assert_eq!(fields["id"]["max"], 3.0, "{fields}");
    walk.conform(
        "POST",
        "/v2/actors/{actorId}/runs",
        &api.post_json(
            &format!("/v2/actors/{actor_id}/runs"),
            &json!({ "itemCount": "many" }),
        )
        .await,
        400,
    );
    walk.conform(
        "GET",
        "/v2/actors/{actorId}/runs",
        &api.get(&format!("/v2/actors/{actor_id}/runs?status=SUCCEEDED"))
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actors/{actorId}/runs/last",
        &api.get(&format!("/v2/actors/{actor_id}/runs/last")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actors/{actorId}/runs/{runId}",
        &api.get(&format!("/v2/actors/{actor_id}/runs/{run_id}"))
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs",
        &api.get("/v2/actor-runs?desc=1").await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}",
        &api.get(&format!("/v2/actor-runs/{run_id}?waitForFinish=1"))
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}",
        &api.get("/v2/actor-runs/nonexistent").await,
        404,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}/log",
        &api.get(&format!("/v2/actor-runs/{run_id}/log")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/logs/{buildOrRunId}",
        &api.get(&format!("/v2/logs/{run_id}?stream=1")).await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/actor-runs/{runId}/resurrect",
        &api.send("POST", &format!("/v2/actor-runs/{run_id}/resurrect"), None)
            .await,
        200,
    );

    let slow = api
        .post_json(
            "/v2/actors/~slow-logger/runs",
            &json!({ "durationSecs": 60 }),
        )
        .await;
    let slow_id = slow.json()["data"]["id"].as_str().unwrap().to_owned();
    let slow_actor = slow.json()["data"]["actId"].as_str().unwrap().to_owned();
    // Only a finished run can be resurrected; this one works for a minute.
    walk.conform(
        "POST",
        "/v2/actors/{actorId}/runs/{runId}/resurrect",
        &api.send(
            "POST",
            &format!("/v2/actors/{slow_actor}/runs/{slow_id}/resurrect"),
            None,
        )
        .await,
        400,
    );
    walk.conform(
        "POST",
        "/v2/actor-runs/{runId}/abort",
        &api.send("POST", &format!("/v2/actor-runs/{slow_id}/abort"), None)
            .await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/actors/{actorId}/runs/{runId}/abort",
        &api.send(
            "POST",
            &format!("/v2/actors/{slow_actor}/runs/{slow_id}/abort"),
            None,
        )
        .await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/actors/{actorId}/runs/{runId}/resurrect",
        &api.send(
            "POST",
            &format!("/v2/actors/{slow_actor}/runs/{slow_id}/resurrect"),
            None,
        )
        .await,
        200,
    );
    api.send("POST", &format!("/v2/actor-runs/{slow_id}/abort"), None)
        .await;

    // Tasks.
    walk.conform(
        "GET",
        "/v2/actor-tasks",
        &api.get("/v2/actor-tasks").await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-tasks/{actorTaskId}",
        &api.get("/v2/actor-tasks/~ten-desk-lamps").await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-tasks/{actorTaskId}/input",
        &api.get("/v2/actor-tasks/~ten-desk-lamps/input").await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/actor-tasks/{actorTaskId}/runs",
        &api.post_json(
            "/v2/actor-tasks/~ten-desk-lamps/runs?waitForFinish=30",
            &json!({ "itemCount": 2 }),
        )
        .await,
        201,
    );
    walk.conform(
        "GET",
        "/v2/actor-tasks/{actorTaskId}/runs",
        &api.get("/v2/actor-tasks/~ten-desk-lamps/runs").await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-tasks/{actorTaskId}/runs/last",
        &api.get("/v2/actor-tasks/~ten-desk-lamps/runs/last").await,
        200,
    );

    // A run's storages.
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}/dataset",
        &api.get(&format!("/v2/actor-runs/{run_id}/dataset")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}/dataset/items",
        &api.get(&format!("/v2/actor-runs/{run_id}/dataset/items?limit=1"))
            .await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/actor-runs/{runId}/dataset/items",
        &api.post_json(
            &format!("/v2/actor-runs/{run_id}/dataset/items"),
            &json!([{ "x": 1 }]),
        )
        .await,
        201,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}/key-value-store",
        &api.get(&format!("/v2/actor-runs/{run_id}/key-value-store"))
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}/key-value-store/keys",
        &api.get(&format!("/v2/actor-runs/{run_id}/key-value-store/keys"))
            .await,
        200,
    );
    let record = format!("/v2/actor-runs/{run_id}/key-value-store/records/note");
    walk.conform(
        "PUT",
        "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}",
        &api.send("PUT", &record, Some(("text/plain", b"hi".to_vec())))
            .await,
        201,
    );
    walk.conform(
        "GET",
        "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}",
        &api.get(&record).await,
        200,
    );
    walk.conform(
        "DELETE",
        "/v2/actor-runs/{runId}/key-value-store/records/{recordKey}",
        &api.send("DELETE", &record, None).await,
        204,
    );

    // Datasets.
    walk.conform(
        "GET",
        "/v2/datasets",
        &api.get("/v2/datasets?offset=0&limit=10").await,
        200,
    );
    let created = api
        .send("POST", "/v2/datasets?name=conformance", None)
        .await;
    walk.conform("POST", "/v2/datasets", &created, 201);
    walk.conform(
        "POST",
        "/v2/datasets",
        &api.send("POST", "/v2/datasets?name=conformance", None)
            .await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/datasets",
        &api.send("POST", "/v2/datasets?name=no%20spaces", None)
            .await,
        400,
    );
    let dataset_id = created.json()["data"]["id"].as_str().unwrap().to_owned();
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}",
        &api.get(&format!("/v2/datasets/{dataset_id}")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}",
        &api.get("/v2/datasets/~seeded-products").await,
        200,
    );
    let unmeasured = api.get("/v2/datasets/~seeded-products/statistics").await;
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}/statistics",
        &unmeasured,
        200,
    );
    assert_eq!(
        unmeasured.json()["data"]["fieldStatistics"],
        serde_json::Value::Null
    );
    walk.conform(
        "PUT",
        "/v2/datasets/{datasetId}",
        &api.put_json(
            &format!("/v2/datasets/{dataset_id}"),
            &json!({ "name": "renamed" }),
        )
        .await,
        200,
    );
    walk.conform(
        "POST",
        "/v2/datasets/{datasetId}/items",
        &api.post_json(
            &format!("/v2/datasets/{dataset_id}/items"),
            &json!([{ "a": 1 }, { "b": 2 }]),
        )
        .await,
        201,
    );
    walk.conform(
        "POST",
        "/v2/datasets/{datasetId}/items",
        &api.post_json(&format!("/v2/datasets/{dataset_id}/items"), &json!([1, 2]))
            .await,
        400,
    );
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}/items",
        &api.get(&format!(
            "/v2/datasets/{dataset_id}/items?desc=1&clean=true"
        ))
        .await,
        200,
    );
    walk.conform(
        "HEAD",
        "/v2/datasets/{datasetId}/items",
        &api.send("HEAD", &format!("/v2/datasets/{dataset_id}/items"), None)
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}/items",
        &api.get(&format!("/v2/datasets/{dataset_id}/items?format=yaml"))
            .await,
        400,
    );
    walk.conform(
        "DELETE",
        "/v2/datasets/{datasetId}",
        &api.send("DELETE", &format!("/v2/datasets/{dataset_id}"), None)
            .await,
        204,
    );
    walk.conform(
        "GET",
        "/v2/datasets/{datasetId}",
        &api.get(&format!("/v2/datasets/{dataset_id}")).await,
        404,
    );

    // Key-value stores.
    walk.conform(
        "GET",
        "/v2/key-value-stores",
        &api.get("/v2/key-value-stores").await,
        200,
    );
    let store = api
        .send("POST", "/v2/key-value-stores?name=conformance-store", None)
        .await;
    walk.conform("POST", "/v2/key-value-stores", &store, 201);
    walk.conform(
        "POST",
        "/v2/key-value-stores",
        &api.send("POST", "/v2/key-value-stores?name=conformance-store", None)
            .await,
        200,
    );
    let store_id = store.json()["data"]["id"].as_str().unwrap().to_owned();
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}",
        &api.get(&format!("/v2/key-value-stores/{store_id}")).await,
        200,
    );
    walk.conform(
        "PUT",
        "/v2/key-value-stores/{storeId}",
        &api.put_json(
            &format!("/v2/key-value-stores/{store_id}"),
            &json!({ "name": "renamed-store" }),
        )
        .await,
        200,
    );
    let records = format!("/v2/key-value-stores/{store_id}/records");
    walk.conform(
        "PUT",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.send(
            "PUT",
            &format!("{records}/a.json"),
            Some(("application/json", b"{\"x\":1}".to_vec())),
        )
        .await,
        201,
    );
    walk.conform(
        "POST",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.send(
            "POST",
            &format!("{records}/b.bin"),
            Some(("application/octet-stream", vec![0, 255, 1])),
        )
        .await,
        201,
    );
    walk.conform(
        "PUT",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.send(
            "PUT",
            &format!("{records}/bad%20key"),
            Some(("text/plain", b"x".to_vec())),
        )
        .await,
        400,
    );
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/keys",
        &api.get(&format!("/v2/key-value-stores/{store_id}/keys?limit=1"))
            .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.get(&format!("{records}/a.json")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.get(&format!("{records}/missing")).await,
        404,
    );
    walk.conform(
        "HEAD",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.send("HEAD", &format!("{records}/b.bin"), None).await,
        200,
    );
    walk.conform(
        "DELETE",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &api.send("DELETE", &format!("{records}/a.json"), None).await,
        204,
    );
    // The demo store: a schema with collections, signed record links, and keys by collection.
    let demo = sandbox.id_of("key-value-store", "demo-files").unwrap();
    let demo_store = api.get(&format!("/v2/key-value-stores/{demo}")).await;
    walk.conform("GET", "/v2/key-value-stores/{storeId}", &demo_store, 200);
    assert!(demo_store.json()["data"]["schema"]["collections"]["items"].is_object());
    assert!(demo_store.json()["data"]["urlSigningSecretKey"].is_string());
    let by_collection = api
        .get(&format!(
            "/v2/key-value-stores/{demo}/keys?collection=images"
        ))
        .await;
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/keys",
        &by_collection,
        200,
    );
    let image_keys: Vec<_> = by_collection.json()["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(image_keys, ["image-green.png", "image-logo.svg"]);
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/keys",
        &api.get(&format!(
            "/v2/key-value-stores/{demo}/keys?collection=nothing"
        ))
        .await,
        400,
    );
    let link = by_collection.json()["data"]["items"][0]["recordPublicUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let signed_path = link.strip_prefix(sandbox.base_url()).unwrap().to_owned();
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &Api::anonymous(sandbox.base_url()).get(&signed_path).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/key-value-stores/{storeId}/records/{recordKey}",
        &Api::anonymous(sandbox.base_url())
            .get(&signed_path.replace("image-green.png", "OUTPUT"))
            .await,
        403,
    );
    walk.conform(
        "DELETE",
        "/v2/key-value-stores/{storeId}",
        &api.send("DELETE", &format!("/v2/key-value-stores/{store_id}"), None)
            .await,
        204,
    );

    // Schedules: one that runs an Actor with its input and a task, fired by moving the clock,
    // then its log and the runs it started.
    let task = api
        .post_json(
            "/v2/actor-tasks",
            &json!({ "actId": actor_id, "name": "scheduled-task" }),
        )
        .await;
    let task_id = task.json()["data"]["id"].as_str().unwrap().to_owned();
    let schedule = api
        .post_json(
            "/v2/schedules",
            &json!({
                "name": "walk-schedule", "cronExpression": "0 9 * * *", "timezone": "Europe/Prague",
                "isEnabled": true, "isExclusive": false,
                "actions": [
                    { "type": "RUN_ACTOR", "actorId": actor_id, "runInput": { "body": "{\"itemCount\": 1}", "contentType": "application/json; charset=utf-8" }, "runOptions": { "memoryMbytes": 512 } },
                    { "type": "RUN_ACTOR_TASK", "actorTaskId": task_id },
                ],
            }),
        )
        .await;
    walk.conform("POST", "/v2/schedules", &schedule, 201);
    assert_eq!(schedule.status, 201, "{}", schedule.text());
    let schedule_id = schedule.json()["data"]["id"].as_str().unwrap().to_owned();
    for (body, status) in [
        (
            json!({ "name": "bad", "cronExpression": "0 25 * * *" }),
            400,
        ),
        (
            json!({ "name": "bad-zone", "cronExpression": "@daily", "timezone": "Mars/Olympus" }),
            400,
        ),
        (
            json!({ "name": "walk-schedule", "cronExpression": "@daily" }),
            409,
        ),
        (
            json!({ "name": "gone", "cronExpression": "@daily", "actions": [{ "type": "RUN_ACTOR", "actorId": "NoSuchActor" }] }),
            404,
        ),
    ] {
        walk.conform(
            "POST",
            "/v2/schedules",
            &api.post_json("/v2/schedules", &body).await,
            status,
        );
    }
    walk.conform(
        "GET",
        "/v2/schedules",
        &api.get("/v2/schedules?desc=1").await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/schedules/{scheduleId}",
        &api.get(&format!("/v2/schedules/{schedule_id}")).await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/schedules/{scheduleId}",
        &api.get("/v2/schedules/NoSuchSchedule").await,
        404,
    );
    sandbox.advance_clock(std::time::Duration::from_secs(86_400));
    walk.conform(
        "PUT",
        "/v2/schedules/{scheduleId}",
        &api.put_json(
            &format!("/v2/schedules/{schedule_id}"),
            &json!({ "isEnabled": false, "cronExpression": "*/30 * * * *" }),
        )
        .await,
        200,
    );
    walk.conform(
        "GET",
        "/v2/schedules/{scheduleId}/log",
        &api.get(&format!("/v2/schedules/{schedule_id}/log")).await,
        200,
    );
    let scheduled = api.get("/v2/actor-runs?desc=1&limit=2").await;
    walk.conform("GET", "/v2/actor-runs", &scheduled, 200);
    for run in scheduled.json()["data"]["items"].as_array().unwrap() {
        assert_eq!(run["meta"]["origin"], "SCHEDULER", "{run}");
        let full = api
            .get(&format!("/v2/actor-runs/{}", run["id"].as_str().unwrap()))
            .await;
        assert_eq!(
            full.json()["data"]["meta"]["scheduleId"],
            schedule_id.as_str()
        );
        walk.conform("GET", "/v2/actor-runs/{runId}", &full, 200);
    }
    walk.conform(
        "DELETE",
        "/v2/schedules/{scheduleId}",
        &api.send("DELETE", &format!("/v2/schedules/{schedule_id}"), None)
            .await,
        204,
    );

    // Request queues: made by name, and a crawler run's default queue.
    let made = api
        .send("POST", "/v2/request-queues?name=conformance-queue", None)
        .await;
    walk.conform("POST", "/v2/request-queues", &made, 201);
    let queue_id = made.json()["data"]["id"].as_str().unwrap().to_owned();
    walk.conform(
        "POST",
        "/v2/request-queues",
        &api.send("POST", "/v2/request-queues?name=conformance-queue", None)
            .await,
        200,
    );
    // Only the named ones: the spec's short form says a name is a string, while an unnamed
    // queue's is null on the platform, as for datasets (docs/sandbox.md).
    walk.conform(
        "GET",
        "/v2/request-queues",
        &api.get("/v2/request-queues?desc=1").await,
        200,
    );
    let all = api.get("/v2/request-queues?unnamed=1").await.json();
    assert!(all["data"]["total"].as_u64().unwrap() > 1, "{all}");
    let crawl = api
        .post_json(
            "/v2/actors/~crawl-pages/runs?waitForFinish=60",
            &json!({ "maxPages": 40, "pagesPerSecond": 100000 }),
        )
        .await;
    let crawl_run = crawl.json()["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(crawl.json()["data"]["status"], "SUCCEEDED");
    let crawled = api
        .get(&format!("/v2/actor-runs/{crawl_run}/request-queue"))
        .await
        .json();
    assert_eq!(crawled["data"]["handledRequestCount"], 40, "{crawled}");
    walk_queue(
        &mut walk,
        &api,
        "/v2/actor-runs/{runId}/request-queue",
        &format!("/v2/actor-runs/{run_id}/request-queue"),
    )
    .await;
    walk_queue(
        &mut walk,
        &api,
        "/v2/actors/{actorId}/runs/last/request-queue",
        "/v2/actors/~crawl-pages/runs/last/request-queue",
    )
    .await;
    walk_queue(
        &mut walk,
        &api,
        "/v2/actor-tasks/{actorTaskId}/runs/last/request-queue",
        "/v2/actor-tasks/~ten-desk-lamps/runs/last/request-queue",
    )
    .await;
    walk_queue(
        &mut walk,
        &api,
        "/v2/request-queues/{queueId}",
        &format!("/v2/request-queues/{queue_id}"),
    )
    .await;

    // Errors have the documented envelope too.
    walk.conform(
        "GET",
        "/v2/users/me",
        &api.send("DELETE", "/v2/users/me", None).await,
        405,
    );

    let missing: Vec<_> = implemented()
        .into_iter()
        .filter(|operation| !walk.seen.contains(operation))
        .collect();
    assert!(
        walk.failures.is_empty(),
        "answers that break the spec:\n{}",
        walk.failures.join("\n")
    );
    assert!(
        missing.is_empty(),
        "implemented but never validated: {missing:?}"
    );
}
