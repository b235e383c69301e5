//! Tokens as the real API treats them: header or query, full or scoped.

mod common;

use apify_sandbox::{Sandbox, SandboxOptions, SeedFile, SANDBOX_TOKEN};
use common::Api;
use serde_json::json;

const READ_STORAGES: &str = "apify_api_READSTORAGES0000000000000000000000000";
const ONE_DATASET: &str = "apify_api_ONEDATASET000000000000000000000000000";

async fn sandbox() -> Sandbox {
    Sandbox::start_with(SandboxOptions {
        seed: serde_json::from_value::<SeedFile>(json!({
            "datasets": [{ "name": "shared", "items": [{ "a": 1 }] }, { "name": "private", "items": [] }],
            "tokens": [
                { "token": READ_STORAGES, "scope": { "storages": "read" } },
                { "token": ONE_DATASET, "scope": { "resources": { "shared": ["write"] } } },
            ],
        }))
        .unwrap(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_token_may_come_as_a_bearer_header_or_a_query_parameter() {
    let sandbox = sandbox().await;
    let anonymous = Api::anonymous(sandbox.base_url());
    assert_eq!(
        anonymous
            .get(&format!("/v2/users/me?token={SANDBOX_TOKEN}"))
            .await
            .status,
        200
    );
    let missing = anonymous.get("/v2/users/me").await;
    assert_eq!(
        (missing.status, missing.json()["error"]["type"].clone()),
        (401, json!("token-not-provided"))
    );
    let wrong = Api::new(sandbox.base_url(), "apify_api_wrong")
        .get("/v2/users/me")
        .await;
    assert_eq!(
        (wrong.status, wrong.json()["error"]["type"].clone()),
        (401, json!("user-or-token-not-found"))
    );
}

#[tokio::test]
async fn a_read_only_token_reads_storages_and_is_told_what_it_lacks_to_write() {
    let sandbox = sandbox().await;
    let reader = Api::new(sandbox.base_url(), READ_STORAGES);
    assert_eq!(
        reader.get("/v2/datasets/~shared/items").await.json(),
        json!([{ "a": 1 }])
    );
    let refused = reader
        .post_json("/v2/datasets/~shared/items", &json!({ "a": 2 }))
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["error"]["type"], "insufficient-permissions");
    assert!(refused.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("WRITE"));
    assert_eq!(
        reader
            .post_json("/v2/actors/~generate-items/runs", &json!({}))
            .await
            .status,
        403
    );
    assert_eq!(
        reader
            .send("POST", "/v2/datasets?name=new-one", None)
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn a_resource_scoped_token_reaches_only_its_resource_and_owns_what_it_creates() {
    let sandbox = sandbox().await;
    let scoped = Api::new(sandbox.base_url(), ONE_DATASET);
    assert_eq!(
        scoped
            .post_json("/v2/datasets/~shared/items", &json!({ "a": 2 }))
            .await
            .status,
        201
    );
    assert_eq!(scoped.get("/v2/datasets/~private").await.status, 403);
    // Creating needs account-level storage access, which this token lacks.
    assert_eq!(
        scoped
            .send("POST", "/v2/key-value-stores?name=mine", None)
            .await
            .status,
        403
    );

    let writer = Api::new(sandbox.base_url(), READ_STORAGES);
    assert_eq!(writer.get("/v2/key-value-stores").await.status, 200);
}

#[tokio::test]
async fn store_actors_run_for_anyone_and_other_actors_stay_private() {
    const OTHER: &str = "apify_api_OTHERUSER000000000000000000000000000";
    let sandbox = Sandbox::start_with(SandboxOptions {
        seed: serde_json::from_value::<SeedFile>(json!({
            "users": [{ "username": "other-user" }],
            "tokens": [{ "token": OTHER, "username": "other-user" }],
        }))
        .unwrap(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let other = Api::new(sandbox.base_url(), OTHER);
    // sandbox-user's own Actors are not in the Store: another user cannot see or run them.
    assert_eq!(
        other
            .get("/v2/acts/sandbox-user~generate-items")
            .await
            .status,
        404
    );
    assert_eq!(
        other
            .post_json("/v2/acts/sandbox-user~generate-items/runs", &json!({}))
            .await
            .status,
        404
    );

    assert_eq!(other.get("/v2/acts?my=1").await.json()["data"]["total"], 0);
    let run = other
        .post_json(
            "/v2/acts/apify~hello-world/runs?waitForFinish=30",
            &json!({}),
        )
        .await;
    assert_eq!(run.status, 201);
    let run = run.json()["data"].clone();
    assert_eq!(run["status"], "SUCCEEDED");
    let me = other.get("/v2/users/me").await.json()["data"]["id"].clone();
    assert_eq!(run["userId"], me);
    // The run's storages are the caller's, and the Actor is now among the ones they used.
    let output = other
        .get(&format!(
            "/v2/key-value-stores/{}/records/OUTPUT",
            run["defaultKeyValueStoreId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(output.json(), json!({ "message": "Hello world!" }));
    assert_eq!(other.get("/v2/acts?my=1").await.json()["data"]["total"], 0);
    assert_eq!(other.get("/v2/acts").await.json()["data"]["total"], 1);
    // Its build, and so its input schema, can be read by id.
    let build = other.get("/v2/acts/apify~hello-world/builds/default").await;
    let build_id = build.json()["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        other
            .get(&format!("/v2/actor-builds/{build_id}"))
            .await
            .status,
        200
    );
    let private_build = Api::new(sandbox.base_url(), SANDBOX_TOKEN)
        .get("/v2/acts/~generate-items/builds/default")
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        other
            .get(&format!("/v2/actor-builds/{private_build}"))
            .await
            .status,
        404
    );
}

/// A scoped token that makes a storage keeps access to it, and the state file keeps no token:
/// only its fingerprint.
#[tokio::test]
async fn a_scoped_creator_keeps_its_storage_and_the_state_file_keeps_no_token() {
    const WRITER: &str = "apify_api_WRITESTORAGES000000000000000000000000";
    let folder = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start_with(SandboxOptions {
        data: Some(folder.path().to_path_buf()),
        seed: serde_json::from_value::<SeedFile>(json!({
            "tokens": [{ "token": WRITER, "scope": { "storages": "write" } }],
        }))
        .unwrap(),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let writer = Api::new(sandbox.base_url(), WRITER);
    let created = writer
        .send("POST", "/v2/datasets?name=made-by-writer", None)
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(writer.get("/v2/datasets/~made-by-writer").await.status, 200);
    let state = std::fs::read_to_string(folder.path().join("state.json")).unwrap();
    assert!(
        state.contains("made-by-writer"),
        "the dataset is in the state file"
    );
    assert!(state.contains("sha256:"), "its creator is recorded");
    assert!(
        !state.contains(WRITER) && !state.contains(&WRITER[10..]),
        "a token at rest"
    );
}
