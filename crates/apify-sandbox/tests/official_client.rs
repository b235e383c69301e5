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
