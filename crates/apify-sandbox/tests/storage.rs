//! Key-value records and datasets: names, keys, encodings, and surviving a restart.

mod common;

use std::io::{BufRead, Write};

use apify_sandbox::{Sandbox, SandboxOptions, SANDBOX_TOKEN};
use common::Api;
use serde_json::json;

#[tokio::test]
async fn keys_list_in_utf8_binary_order_and_page_by_exclusive_start_key() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let store = api
        .send("POST", "/v2/key-value-stores?name=keys", None)
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for key in ["b", "a", "B", "a.json", "(1)", "z!"] {
        let answer = api
            .send(
                "PUT",
                &format!("/v2/key-value-stores/{store}/records/{key}"),
                Some(("text/plain", key.as_bytes().to_vec())),
            )
            .await;
        assert_eq!(answer.status, 201, "{key}: {}", answer.text());
    }
    let first = api
        .get(&format!("/v2/key-value-stores/{store}/keys?limit=4"))
        .await
        .json()["data"]
        .clone();
    let keys = |page: &serde_json::Value| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&first), ["(1)", "B", "a", "a.json"]);
    assert_eq!(
        (
            first["isTruncated"].clone(),
            first["nextExclusiveStartKey"].clone()
        ),
        (json!(true), json!("a.json"))
    );
    let second = api
        .get(&format!(
            "/v2/key-value-stores/{store}/keys?limit=4&exclusiveStartKey=a.json"
        ))
        .await
        .json()["data"]
        .clone();
    assert_eq!(keys(&second), ["b", "z!"]);
    assert_eq!(second["isTruncated"], false);
    assert_eq!(
        keys(
            &api.get(&format!("/v2/key-value-stores/{store}/keys?prefix=a"))
                .await
                .json()["data"]
        ),
        ["a", "a.json"]
    );
}

#[tokio::test]
async fn invalid_keys_are_refused_and_nothing_is_stored() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let store = api
        .send("POST", "/v2/key-value-stores?name=strict", None)
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for key in [
        "with%20space",
        "slash%2Fkey",
        "%C3%BCnicode",
        &"k".repeat(257),
    ] {
        let answer = api
            .send(
                "PUT",
                &format!("/v2/key-value-stores/{store}/records/{key}"),
                Some(("text/plain", b"x".to_vec())),
            )
            .await;
        assert_eq!(
            (answer.status, answer.json()["error"]["type"].clone()),
            (400, json!("invalid-record-key")),
            "{key}"
        );
    }
    assert_eq!(
        api.get(&format!("/v2/key-value-stores/{store}/keys"))
            .await
            .json()["data"]["count"],
        0
    );
}

#[tokio::test]
async fn gzip_and_brotli_request_bodies_are_accepted() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let dataset = api
        .send("POST", "/v2/datasets?name=compressed", None)
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let items = serde_json::to_vec(&json!([{ "n": 1 }, { "n": 2 }])).unwrap();

    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(&items).unwrap();
    let mut brotli_bytes = Vec::new();
    brotli::BrotliCompress(
        &mut items.as_slice(),
        &mut brotli_bytes,
        &Default::default(),
    )
    .unwrap();

    let client = reqwest::Client::new();
    for (encoding, body) in [("gzip", gzip.finish().unwrap()), ("br", brotli_bytes)] {
        let status = client
            .post(format!(
                "{}/v2/datasets/{dataset}/items",
                sandbox.base_url()
            ))
            .bearer_auth(SANDBOX_TOKEN)
            .header("content-type", "application/json")
            .header("content-encoding", encoding)
            .body(body)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 201, "{encoding}");
    }
    let stored = api
        .get(&format!("/v2/datasets/{dataset}/items"))
        .await
        .json();
    assert_eq!(
        stored,
        json!([{ "n": 1 }, { "n": 2 }, { "n": 1 }, { "n": 2 }])
    );
}

/// As the storage a real record GET redirects to: `Range: bytes=N-` answers the rest, unless
/// `If-Range` names another version of the record.
#[tokio::test]
async fn records_answer_byte_ranges_of_the_same_version_only() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let store = api
        .send("POST", "/v2/key-value-stores?name=ranges", None)
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v2/key-value-stores/{store}/records/letters");
    let body = ("text/plain", b"abcdefghij".to_vec());
    assert_eq!(api.send("PUT", &path, Some(body)).await.status, 201);
    let whole = api.get(&path).await;
    let etag = whole.header("etag").unwrap();
    assert_eq!(whole.header("accept-ranges").as_deref(), Some("bytes"));

    let client = reqwest::Client::new();
    let ranged = |range: &'static str, if_range: String| {
        client
            .get(format!("{}{path}", sandbox.base_url()))
            .bearer_auth(SANDBOX_TOKEN)
            .header("range", range)
            .header("if-range", if_range)
            .send()
    };
    let rest = ranged("bytes=4-", etag.clone()).await.unwrap();
    assert_eq!(rest.status(), 206);
    assert_eq!(rest.headers()["content-range"], "bytes 4-9/10");
    assert_eq!(rest.text().await.unwrap(), "efghij");

    let other_version = ranged("bytes=4-", "\"0-0\"".into()).await.unwrap();
    assert_eq!(other_version.status(), 200);
    assert_eq!(other_version.text().await.unwrap(), "abcdefghij");

    let beyond = ranged("bytes=10-", etag).await.unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(beyond.headers()["content-range"], "bytes */10");
}

#[tokio::test]
async fn resources_are_found_by_id_by_owner_and_name_and_by_own_name() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let id = api
        .send("POST", "/v2/datasets?name=named", None)
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for ident in [id.as_str(), "sandbox-user~named", "~named"] {
        assert_eq!(
            api.get(&format!("/v2/datasets/{ident}")).await.json()["data"]["id"],
            id.as_str(),
            "{ident}"
        );
    }
    assert_eq!(api.get("/v2/datasets/nobody~named").await.status, 404);
}

#[tokio::test]
async fn with_a_data_folder_everything_survives_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    let options = || SandboxOptions {
        data: Some(folder.path().to_owned()),
        ..SandboxOptions::default()
    };

    let sandbox = Sandbox::start_with(options()).await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let run = api
        .post_json(
            "/v2/actors/~generate-items/runs?waitForFinish=60",
            &json!({ "itemCount": 1500 }),
        )
        .await
        .json()["data"]
        .clone();
    let store = api
        .send("POST", "/v2/key-value-stores?name=kept", None)
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let bytes: Vec<u8> = (0..=255).collect();
    api.send(
        "PUT",
        &format!("/v2/key-value-stores/{store}/records/blob"),
        Some(("application/octet-stream", bytes.clone())),
    )
    .await;
    let items_before = api
        .get(&format!(
            "/v2/datasets/{}/items?format=jsonl",
            run["defaultDatasetId"].as_str().unwrap()
        ))
        .await
        .bytes;
    let crawl = api
        .post_json(
            "/v2/actors/~crawl-pages/runs?waitForFinish=60",
            &json!({ "maxPages": 30, "pagesPerSecond": 100000 }),
        )
        .await
        .json()["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let requests_before = api
        .get(&format!(
            "/v2/actor-runs/{crawl}/request-queue/requests?limit=100"
        ))
        .await
        .json()["data"]["items"]
        .clone();
    assert_eq!(requests_before.as_array().unwrap().len(), 30);
    sandbox.stop().unwrap();

    let again = Sandbox::start_with(options()).await.unwrap();
    let api = Api::new(again.base_url(), SANDBOX_TOKEN);
    let queue = api
        .get(&format!("/v2/actor-runs/{crawl}/request-queue"))
        .await
        .json()["data"]
        .clone();
    assert_eq!(queue["handledRequestCount"], 30, "{queue}");
    let requests_after = api
        .get(&format!(
            "/v2/actor-runs/{crawl}/request-queue/requests?limit=100"
        ))
        .await
        .json()["data"]["items"]
        .clone();
    assert_eq!(requests_after, requests_before);
    let kept_run = api
        .get(&format!("/v2/actor-runs/{}", run["id"].as_str().unwrap()))
        .await
        .json()["data"]
        .clone();
    assert_eq!(kept_run["status"], "SUCCEEDED");
    let items_after = api
        .get(&format!(
            "/v2/datasets/{}/items?format=jsonl",
            run["defaultDatasetId"].as_str().unwrap()
        ))
        .await
        .bytes;
    assert_eq!(items_after, items_before);
    assert_eq!(
        api.get(&format!("/v2/key-value-stores/{store}/records/blob"))
            .await
            .bytes,
        bytes
    );
    assert_eq!(
        api.get("/v2/actors").await.json()["data"]["total"],
        5,
        "the demo Actors are not added twice"
    );
    again.stop().unwrap();

    // Data of a version before the crawler: it is added at the next start.
    let path = folder.path().join("state.json");
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let actors = state["actors"].as_object_mut().unwrap();
    actors.retain(|_, actor| actor["name"] != "crawl-pages");
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
    let upgraded = Sandbox::start_with(options()).await.unwrap();
    let api = Api::new(upgraded.base_url(), SANDBOX_TOKEN);
    assert_eq!(api.get("/v2/actors/~crawl-pages").await.status, 200);
    assert_eq!(api.get("/v2/actors").await.json()["data"]["total"], 5);
}

#[test]
fn the_binary_prints_its_base_url_first_and_serves_the_given_token() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_apify-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--token", "apify_api_CLITOKEN"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let base = first_line.trim().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let me = runtime.block_on(Api::new(&base, "apify_api_CLITOKEN").get("/v2/users/me"));
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(me.json()["data"]["username"], "sandbox-user");
}

/// Ids go on from where the saved data stopped: runs after a restart get new storages, and
/// the old ones keep their items. (From the seed again, the ninth run after a restart would
/// take the second run's ids.)
#[tokio::test]
async fn after_a_restart_new_resources_never_reuse_an_id() {
    let folder = tempfile::tempdir().unwrap();
    let options = || SandboxOptions {
        data: Some(folder.path().to_owned()),
        ..SandboxOptions::default()
    };
    async fn runs(api: &Api, count: usize) -> Vec<(String, String)> {
        let mut made = Vec::new();
        for _ in 0..count {
            let run = api
                .post_json(
                    "/v2/actors/~generate-items/runs?waitForFinish=60",
                    &json!({ "itemCount": 2 }),
                )
                .await
                .json()["data"]
                .clone();
            made.push((
                run["id"].as_str().unwrap().to_owned(),
                run["defaultDatasetId"].as_str().unwrap().to_owned(),
            ));
        }
        made
    }
    let first = Sandbox::start_with(options()).await.unwrap();
    let mut made = runs(&Api::new(first.base_url(), SANDBOX_TOKEN), 3).await;
    first.stop().unwrap();

    let again = Sandbox::start_with(options()).await.unwrap();
    let api = Api::new(again.base_url(), SANDBOX_TOKEN);
    made.extend(runs(&api, 12).await);
    let mut ids: Vec<&String> = made
        .iter()
        .flat_map(|(run, dataset)| [run, dataset])
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), made.len() * 2, "an id was handed out twice");
    for (_, dataset) in &made {
        let info = api.get(&format!("/v2/datasets/{dataset}")).await.json();
        assert_eq!(info["data"]["itemCount"], 2, "{dataset}");
    }
}

#[tokio::test]
async fn a_storage_takes_a_free_name_keeps_its_own_and_can_be_unnamed() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    for collection in ["datasets", "key-value-stores", "request-queues"] {
        let make = |name: &'static str| {
            let api = &api;
            async move {
                api.send("POST", &format!("/v2/{collection}?name={name}"), None)
                    .await
                    .json()["data"]["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
        };
        let (first, second) = (make("first").await, make("second").await);
        let put = |id: String, body: serde_json::Value| {
            let api = &api;
            async move { api.put_json(&format!("/v2/{collection}/{id}"), &body).await }
        };
        let taken = put(second.clone(), json!({ "name": "first" })).await;
        assert_eq!(taken.status, 400, "{collection}");
        assert_eq!(
            taken.json()["error"]["type"],
            "invalid-value",
            "{collection}"
        );
        let kept = put(second.clone(), json!({})).await;
        assert_eq!(kept.json()["data"]["name"], "second", "{collection}");
        let renamed = put(first.clone(), json!({ "name": "third" })).await;
        assert_eq!(renamed.json()["data"]["name"], "third", "{collection}");
        let unnamed = put(second.clone(), json!({ "name": null })).await;
        assert_eq!(
            unnamed.json()["data"]["name"],
            serde_json::Value::Null,
            "{collection}"
        );
        let wrong = put(first, json!({ "name": 3 })).await;
        assert_eq!(wrong.status, 400, "{collection}");
    }
}
