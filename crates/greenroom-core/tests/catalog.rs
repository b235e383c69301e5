//! The catalogs the Actors screen lists, against the sandbox with faults on.

mod common;

use apify_sandbox::Sandbox;
use greenroom_core::runs::catalog::{self, Catalog};
use greenroom_core::runs::{self, StartOptions, Target};
use serde_json::json;

#[tokio::test]
async fn my_actors_tasks_and_the_store_list_page_and_search() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    common::flaky(&sandbox);

    let mine = catalog::list(&session, Catalog::MyActors, "", 0, 50)
        .await
        .unwrap();
    let names: Vec<&str> = mine.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(mine.total, 5, "{names:?}");
    assert!(names.contains(&"sandbox-user/slow-logger"), "{names:?}");
    // Sorted by title, paged after the search.
    let second = catalog::list(&session, Catalog::MyActors, "", 2, 2)
        .await
        .unwrap();
    assert_eq!(second.rows, mine.rows[2..4].to_vec());
    let logger = catalog::list(&session, Catalog::MyActors, "  LOG slow ", 0, 50)
        .await
        .unwrap();
    assert_eq!(logger.total, 1);
    assert_eq!(logger.rows[0].title, "Log slowly");

    let tasks = catalog::list(&session, Catalog::Tasks, "lamps", 0, 50)
        .await
        .unwrap();
    assert_eq!(tasks.total, 1);
    assert_eq!(tasks.rows[0].name, "sandbox-user/ten-desk-lamps");
    assert_eq!(tasks.rows[0].title, "Ten desk lamps");

    let store = catalog::list(&session, Catalog::Store, "hello", 0, 10)
        .await
        .unwrap();
    assert_eq!(store.total, 1);
    let hello = &store.rows[0];
    assert_eq!(hello.name, "apify/hello-world");
    assert!(hello
        .description
        .as_deref()
        .unwrap_or_default()
        .contains("Greets"));

    // A Store Actor the user ran joins their Actors, with its last run.
    runs::start(
        &session,
        Target::Actor(&hello.id),
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let mine = catalog::list(&session, Catalog::MyActors, "hello", 0, 50)
        .await
        .unwrap();
    assert_eq!(mine.total, 1);
    assert!(mine.rows[0].last_run_started_at.is_some());
    assert_eq!(mine.rows[0].total_runs, Some(1));

    let nothing = catalog::list(&session, Catalog::Store, "no such actor", 0, 10)
        .await
        .unwrap();
    assert_eq!((nothing.total, nothing.rows.len()), (0, 0));
}

#[tokio::test]
async fn an_actors_page_has_its_schema_readme_and_memory_sizes_and_checks_input_before_a_run() {
    use greenroom_core::runs::actor_page;
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let id = sandbox.id_of("actor", "slow-logger").unwrap();

    let page = actor_page::load(&session, &id).await.unwrap();
    assert_eq!(page.name, "sandbox-user/slow-logger");
    assert_eq!(page.title, "Log slowly");
    assert!(page
        .readme_html
        .as_deref()
        .unwrap()
        .contains("<h1>Log slowly</h1>"));
    let schema = page.input_schema.as_ref().unwrap();
    assert_eq!(schema["properties"]["durationSecs"]["editor"], "number");
    assert_eq!(page.schema_problem, None);
    assert_eq!(page.memory_sizes.first(), Some(&128));
    assert_eq!(page.memory_sizes.last(), Some(&32768));

    let refused = actor_page::start_checked(
        &session,
        &id,
        &json!({ "durationSecs": -1 }),
        &StartOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.kind(), greenroom_core::ErrorKind::Validation);
    assert!(refused.to_string().contains("durationSecs"), "{refused}");
    // Nothing was sent: the Actor has no run.
    assert!(runs_of(&session, &id).await.is_empty());

    let run = actor_page::start_checked(
        &session,
        &id,
        &json!({ "durationSecs": 0 }),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(runs_of(&session, &id).await, vec![run.id]);

    let missing = actor_page::load(&session, "no-such-actor")
        .await
        .unwrap_err();
    assert_eq!(missing.kind(), greenroom_core::ErrorKind::NotFound);
}

async fn runs_of(session: &greenroom_core::Session, actor_id: &str) -> Vec<String> {
    let url = format!("{}/v2/acts/{actor_id}/runs", session.base_url());
    let body: serde_json::Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(apify_sandbox::SANDBOX_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_users_datasets_and_stores_list_newest_first_and_by_name() {
    use greenroom_core::storages::{self, StorageKind};
    let sandbox = Sandbox::start_with(apify_sandbox::SandboxOptions {
        seed: serde_json::from_value(json!({
            "datasets": [{ "name": "shop-prices", "items": [{ "a": 1 }, { "a": 2 }] }],
            "keyValueStores": [{ "name": "settings-store", "items": { "x": 1 } }],
        }))
        .unwrap(),
        ..apify_sandbox::SandboxOptions::default()
    })
    .await
    .unwrap();
    let session = common::full_session(&sandbox);
    common::generated_dataset(&session, 3).await;
    common::flaky(&sandbox);

    let all = storages::list(&session, StorageKind::Dataset, "", 0, 50)
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    // Newest first: the run's unnamed dataset, then the seeded one.
    assert_eq!(all.rows[0].name, None);
    assert!(all.rows[0].act_run_id.is_some());
    assert_eq!(all.rows[0].item_count, Some(3));
    let found = storages::list(&session, StorageKind::Dataset, "PRICES", 0, 50)
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].name.as_deref(), Some("shop-prices"));
    assert_eq!(found.rows[0].item_count, Some(2));
    let stores = storages::list(&session, StorageKind::KeyValueStore, "settings", 0, 50)
        .await
        .unwrap();
    assert_eq!(stores.rows.len(), 1);
    let by_id = storages::list(
        &session,
        StorageKind::KeyValueStore,
        &stores.rows[0].id,
        0,
        50,
    )
    .await
    .unwrap();
    assert_eq!(by_id.total, 1);
}

#[tokio::test]
async fn a_five_megabyte_input_runs_and_a_too_large_one_is_refused_in_plain_words() {
    use greenroom_core::runs::actor_page;
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let id = sandbox.id_of("actor", "generate-items").unwrap();
    let big = "x".repeat(5 * 1024 * 1024);
    let run = actor_page::start_checked(
        &session,
        &id,
        &json!({ "itemCount": 1, "notes": big }),
        &StartOptions::default(),
    )
    .await
    .unwrap();
    assert!(!run.id.is_empty());

    // The platform refuses request bodies over 9 MB.
    let too_big = "x".repeat(10 * 1024 * 1024);
    let refused = actor_page::start_checked(
        &session,
        &id,
        &json!({ "itemCount": 1, "notes": too_big }),
        &StartOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.kind(), greenroom_core::ErrorKind::InvalidInput);
    assert!(refused.to_string().contains("too large"), "{refused}");
}

#[tokio::test]
async fn a_start_the_api_refuses_says_why_in_apifys_words() {
    use greenroom_core::runs::actor_page;
    use greenroom_core::ErrorKind;
    const READ_ONLY: &str = "apify_api_READONLY0000000000000000000000000000";
    let sandbox = common::sandbox_with_scoped_token(
        READ_ONLY,
        json!({ "actors": "read", "storages": "read" }),
    )
    .await;
    // No field is required, so only the API can refuse.
    let actor = sandbox.id_of("actor", "slow-logger").unwrap();

    let scoped = common::session(&sandbox, READ_ONLY);
    let refused = actor_page::start_checked(&scoped, &actor, &json!({}), &StartOptions::default())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InsufficientPermissions);
    assert!(refused.to_string().contains("RUN"), "{refused}");

    let full = common::full_session(&sandbox);
    let odd_memory = StartOptions {
        memory_mbytes: Some(100),
        ..StartOptions::default()
    };
    let refused = actor_page::start_checked(&full, &actor, &json!({}), &odd_memory)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    assert!(
        refused.to_string().to_lowercase().contains("memory"),
        "{refused}"
    );
}
