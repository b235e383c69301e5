//! The official `apify-client` crate, pointed at the sandbox instead of api.apify.com, works
//! unchanged: the sandbox's whole point.

use apify_client::ApifyClient;
use apify_sandbox::{FaultConfig, Sandbox, SANDBOX_TOKEN};
use serde_json::{json, Value};

fn client(sandbox: &Sandbox) -> ApifyClient {
    ApifyClient::builder()
        .token(SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .min_delay_between_retries(std::time::Duration::from_millis(10))
        .build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_client_runs_an_actor_and_reads_its_dataset_and_records() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);

    let me = client.me().get().await.unwrap().expect("the account");
    assert_eq!(me.username.as_deref(), Some("sandbox-user"));

    let run = client
        .actor("~generate-items")
        .call(Some(&json!({ "itemCount": 7 })), Default::default())
        .await
        .unwrap();
    assert_eq!(run.status.as_deref(), Some("SUCCEEDED"));
    let items = client
        .dataset(run.default_dataset_id.clone().unwrap())
        .list_items::<Value>(Default::default())
        .await
        .unwrap();
    assert_eq!(items.items.len(), 7);
    assert_eq!(items.items[6]["id"], 7);

    let store = client.key_value_store(run.default_key_value_store_id.clone().unwrap());
    store
        .set_record_raw(
            "bytes.bin",
            vec![0, 1, 254, 255],
            "application/octet-stream",
        )
        .await
        .unwrap();
    let record = store
        .get_record("bytes.bin")
        .await
        .unwrap()
        .expect("the record");
    assert_eq!(record.value, vec![0, 1, 254, 255]);
    assert!(store.get_record("missing").await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_client_rides_out_injected_rate_limits_and_server_errors() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);
    sandbox.set_faults(FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        seed: 3,
        ..Default::default()
    });
    for _ in 0..20 {
        let me = client.me().get().await.expect("retried until it succeeds");
        assert!(me.is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_clients_signed_record_link_opens_without_a_token_and_only_for_its_key() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let store_id = sandbox.id_of("key-value-store", "demo-files").unwrap();
    let store = client.key_value_store(&store_id);

    let url = store.get_record_public_url("notes.txt").await.unwrap();
    assert!(url.contains("?signature="), "a signed link: {url}");
    let anonymous = reqwest::Client::new();
    let answer = anonymous.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer
        .text()
        .await
        .unwrap()
        .starts_with("Notes from the sandbox"));

    // The same signature does not open another record, and no signature needs a token.
    let other = url.replace("notes.txt", "OUTPUT");
    assert_eq!(anonymous.get(&other).send().await.unwrap().status(), 403);
    let unsigned = url.split('?').next().unwrap().to_owned();
    assert_eq!(anonymous.get(&unsigned).send().await.unwrap().status(), 401);

    // The key listing hands out the same links the client builds.
    let keys = store
        .list_keys(apify_client::clients::key_value_store::ListKeysOptions {
            prefix: Some("notes".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        keys.items[0].record_public_url.as_deref(),
        Some(url.as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_page_by_collection_of_the_stores_schema() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let store_id = sandbox.id_of("key-value-store", "demo-files").unwrap();
    let store = client.key_value_store(&store_id);
    let mut keys = store.iterate_keys(apify_client::clients::key_value_store::ListKeysOptions {
        collection: Some("items".into()),
        ..Default::default()
    });
    let mut count = 0;
    while let Some(key) = keys.next().await.unwrap() {
        assert!(key.key.starts_with("item-"), "{}", key.key);
        count += 1;
    }
    assert_eq!(count, 5000);
    let output = store
        .list_keys(apify_client::clients::key_value_store::ListKeysOptions {
            collection: Some("output".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<_> = output.items.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(names, ["OUTPUT"]);
    let unknown = store
        .list_keys(apify_client::clients::key_value_store::ListKeysOptions {
            collection: Some("nope".into()),
            ..Default::default()
        })
        .await;
    assert!(unknown.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_client_manages_schedules_and_reads_their_log() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox);
    let created = client
        .schedules()
        .create(&json!({
            "name": "every-morning", "cronExpression": "0 9 * * 1-5", "timezone": "America/New_York",
            "isEnabled": true, "isExclusive": true,
            "actions": [{ "type": "RUN_ACTOR", "actorId": "sandbox-user~generate-items",
                          "runInput": { "body": "{\"itemCount\": 3}", "contentType": "application/json" } }],
        }))
        .await
        .unwrap();
    assert_eq!(created.cron_expression.as_deref(), Some("0 9 * * 1-5"));
    assert_eq!(created.is_enabled, Some(true));

    let listed = client.schedules().list(Default::default()).await.unwrap();
    assert_eq!(listed.items.len(), 1);
    let one = client.schedule(&created.id);
    let changed = one.update(&json!({ "isEnabled": false })).await.unwrap();
    assert_eq!(changed.is_enabled, Some(false));
    assert_eq!(
        changed.extra["nextRunAt"],
        Value::Null,
        "a schedule that is off has no next run"
    );

    one.update(&json!({ "isEnabled": true })).await.unwrap();
    sandbox.advance_clock(std::time::Duration::from_secs(4 * 86_400));
    let log = one.get_log().await.unwrap();
    assert!(log.contains("Schedule invoked"), "{log}");
    let runs = client
        .actor("~generate-items")
        .runs()
        .list(Default::default(), Default::default())
        .await
        .unwrap();
    assert_eq!(
        runs.items.len(),
        1,
        "one run however many mornings were missed"
    );

    one.delete().await.unwrap();
    assert!(one.get().await.unwrap().is_none());
}
