//! Runs of the demo Actors, watched the way clients watch real runs.

mod common;

use apify_sandbox::{Sandbox, SANDBOX_TOKEN};
use common::Api;
use serde_json::{json, Value};

async fn start(api: &Api, actor: &str, query: &str, input: Value) -> Value {
    let answer = api
        .post_json(&format!("/v2/actors/~{actor}/runs?{query}"), &input)
        .await;
    assert_eq!(answer.status, 201, "{}", answer.text());
    answer.json()["data"].clone()
}

async fn wait(api: &Api, run: &Value) -> Value {
    api.get(&format!(
        "/v2/actor-runs/{}?waitForFinish=60",
        run["id"].as_str().unwrap()
    ))
    .await
    .json()["data"]
        .clone()
}

#[tokio::test]
async fn a_successful_run_fills_its_dataset_and_reports_stats_and_timestamps() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(
        &api,
        "generate-items",
        "",
        json!({ "itemCount": 2500, "productKind": "lamps" }),
    )
    .await;
    assert!(matches!(run["status"].as_str(), Some("READY" | "RUNNING")));
    assert!(run["finishedAt"].is_null());

    let done = wait(&api, &run).await;
    assert_eq!(done["status"], "SUCCEEDED");
    assert_eq!(done["exitCode"], 0);
    assert!(done["finishedAt"].as_str().unwrap() >= done["startedAt"].as_str().unwrap());
    assert_eq!(done["options"]["memoryMbytes"], 1024);
    let dataset = api
        .get(&format!(
            "/v2/datasets/{}",
            done["defaultDatasetId"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(dataset["data"]["itemCount"], 2500);
    assert_eq!(dataset["data"]["actRunId"], done["id"]);

    // The input, with the schema's defaults applied, is the run's INPUT record.
    let input = api
        .get(&format!(
            "/v2/actor-runs/{}/key-value-store/records/INPUT",
            done["id"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(input["productKind"], "lamps");
    assert_eq!(input["runTag"], "sandbox");
}

#[tokio::test]
async fn a_failing_run_ends_failed_with_its_message_and_exit_code() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(
        &api,
        "always-fails",
        "waitForFinish=60",
        json!({ "exitCode": 3 }),
    )
    .await;
    assert_eq!(run["status"], "FAILED");
    assert_eq!(run["exitCode"], 3);
    assert_eq!(
        run["statusMessage"],
        "The target website refused the connection (sandbox)."
    );
}

#[tokio::test]
async fn a_run_past_its_timeout_is_timed_out() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(
        &api,
        "slow-logger",
        "timeout=1&waitForFinish=60",
        json!({ "durationSecs": 30 }),
    )
    .await;
    assert_eq!(run["status"], "TIMED-OUT");
    assert_eq!(run["options"]["timeoutSecs"], 1);
}

#[tokio::test]
async fn abort_stops_a_running_run_and_resurrect_starts_it_again() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(
        &api,
        "slow-logger",
        "",
        json!({ "durationSecs": 120, "intervalMillis": 20 }),
    )
    .await;
    let id = run["id"].as_str().unwrap();
    let aborted = api
        .send("POST", &format!("/v2/actor-runs/{id}/abort"), None)
        .await
        .json()["data"]
        .clone();
    assert_eq!(aborted["status"], "ABORTED");
    assert!(!aborted["finishedAt"].is_null());

    let resurrected = api
        .send("POST", &format!("/v2/actor-runs/{id}/resurrect"), None)
        .await
        .json()["data"]
        .clone();
    assert!(matches!(
        resurrected["status"].as_str(),
        Some("READY" | "RUNNING")
    ));
    assert_eq!(resurrected["stats"]["resurrectCount"], 1);
    assert_eq!(resurrected["defaultDatasetId"], run["defaultDatasetId"]);
    api.send("POST", &format!("/v2/actor-runs/{id}/abort"), None)
        .await;
}

#[tokio::test]
async fn a_streamed_log_follows_the_run_until_it_finishes() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(
        &api,
        "slow-logger",
        "",
        json!({ "durationSecs": 1, "intervalMillis": 100, "message": "tick" }),
    )
    .await;
    let mut response = reqwest::Client::new()
        .get(format!(
            "{}/v2/logs/{}?stream=1",
            sandbox.base_url(),
            run["id"].as_str().unwrap()
        ))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    let mut chunks = 0;
    let mut log = String::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        chunks += 1;
        log.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(
        chunks > 2,
        "the log arrived in {chunks} pieces, not as it grew"
    );
    assert!(
        log.contains("tick (line 1)") && log.trim_end().ends_with("Done."),
        "{log}"
    );
    assert_eq!(wait(&api, &run).await["status"], "SUCCEEDED");
}

#[tokio::test]
async fn wait_for_finish_answers_as_soon_as_the_run_ends() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(
        &api,
        "generate-items",
        "waitForFinish=60",
        json!({ "itemCount": 1 }),
    )
    .await;
    assert_eq!(run["status"], "SUCCEEDED");
    // A run that is still working is answered when the wait runs out, still working.
    let slow = start(
        &api,
        "slow-logger",
        "waitForFinish=1",
        json!({ "durationSecs": 60 }),
    )
    .await;
    assert_eq!(slow["status"], "RUNNING");
    api.send(
        "POST",
        &format!("/v2/actor-runs/{}/abort", slow["id"].as_str().unwrap()),
        None,
    )
    .await;
}

#[tokio::test]
async fn write_records_saves_json_text_png_and_binary_byte_for_byte() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = start(&api, "write-records", "waitForFinish=60", json!({})).await;
    assert_eq!(run["status"], "SUCCEEDED");
    let store = format!(
        "/v2/key-value-stores/{}",
        run["defaultKeyValueStoreId"].as_str().unwrap()
    );
    let keys: Vec<String> = api.get(&format!("{store}/keys")).await.json()["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        keys,
        ["INPUT", "OUTPUT", "chart.png", "data.bin", "notes.txt"]
    );
    let png = api.get(&format!("{store}/records/chart.png")).await;
    assert_eq!(png.header("content-type").unwrap(), "image/png");
    assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let binary = api.get(&format!("{store}/records/data.bin")).await.bytes;
    assert_eq!(
        binary,
        (0..=255u8).chain((0..=255u8).rev()).collect::<Vec<u8>>()
    );
    assert_eq!(
        api.get(&format!("{store}/records/notes.txt")).await.text(),
        "Notes from the sandbox: příliš žluťoučký kůň.\n"
    );
}

#[tokio::test]
async fn a_task_run_merges_its_saved_input_with_the_request() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let answer = api
        .post_json(
            "/v2/actor-tasks/~ten-desk-lamps/runs?waitForFinish=60",
            &json!({ "itemCount": 3 }),
        )
        .await;
    let run = answer.json()["data"].clone();
    assert_eq!(
        run["actorTaskId"].as_str().unwrap(),
        sandbox.id_of("task", "ten-desk-lamps").unwrap()
    );
    let items = api
        .get(&format!(
            "/v2/datasets/{}/items",
            run["defaultDatasetId"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(items.as_array().unwrap().len(), 3);
    assert_eq!(items[0]["kind"], "lamps");
}
