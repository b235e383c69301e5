//! Fault injection: deterministic for a seed, switchable at run time, never touching /_sandbox.

mod common;

use apify_sandbox::{FaultConfig, Sandbox, SandboxOptions, SANDBOX_TOKEN};
use common::Api;
use serde_json::json;

async fn statuses(api: &Api, count: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..count {
        statuses.push(api.get("/v2/users/me").await.status);
    }
    statuses
}

#[tokio::test]
async fn shares_of_429_and_5xx_repeat_exactly_for_the_same_seed() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    let faults = FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        unavailable: 0.1,
        seed: 7,
        ..Default::default()
    };

    sandbox.set_faults(faults.clone());
    let first = statuses(&api, 200).await;
    sandbox.set_faults(faults);
    let second = statuses(&api, 200).await;

    assert_eq!(first, second);
    let share = |status| first.iter().filter(|s| **s == status).count() as f64 / 200.0;
    assert!((0.2..0.4).contains(&share(429)), "429 share {}", share(429));
    assert!(
        (0.03..0.2).contains(&share(500)),
        "500 share {}",
        share(500)
    );
    assert!(
        (0.03..0.2).contains(&share(503)),
        "503 share {}",
        share(503)
    );
    assert!((0.3..0.6).contains(&share(200)));

    let limited = loop {
        let answer = api.get("/v2/users/me").await;
        if answer.status == 429 {
            break answer;
        }
    };
    assert_eq!(limited.json()["error"]["type"], "rate-limit-exceeded");
}

#[tokio::test]
async fn the_admin_endpoint_sets_faults_and_is_never_faulted_itself() {
    let sandbox = Sandbox::start_with(SandboxOptions {
        control_token: Some("control-token".into()),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let admin = Api::new(sandbox.base_url(), "control-token");
    let everything_fails = json!({ "serverError": 1.0 });
    assert_eq!(
        admin
            .put_json("/_sandbox/faults", &everything_fails)
            .await
            .status,
        200
    );
    assert_eq!(
        Api::new(sandbox.base_url(), SANDBOX_TOKEN)
            .get("/v2/users/me")
            .await
            .status,
        500
    );
    assert_eq!(
        admin.get("/_sandbox/faults").await.json()["serverError"],
        1.0
    );
    assert_eq!(
        admin
            .put_json("/_sandbox/faults", &json!({ "nonsense": 1 }))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn a_dropped_connection_cuts_the_body_after_the_set_number_of_bytes() {
    let sandbox = Sandbox::start().await.unwrap();
    let base = sandbox.base_url().to_owned();
    sandbox.set_faults(FaultConfig {
        drop_rate: 1.0,
        drop_after_bytes: 100,
        ..Default::default()
    });

    let response = reqwest::Client::new()
        .get(format!("{base}/v2/actors"))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(response.status(), 200);
    let mut received = 0;
    let mut stream = response;
    let failure = loop {
        match stream.chunk().await {
            Ok(Some(chunk)) => received += chunk.len(),
            Ok(None) => panic!("the body ended cleanly after {received} bytes"),
            Err(error) => break error,
        }
    };
    assert_eq!(received, 100);
    assert!(
        failure.is_body() || failure.is_decode() || failure.is_request(),
        "{failure}"
    );
}

#[tokio::test]
async fn added_latency_delays_answers() {
    let sandbox = Sandbox::start().await.unwrap();
    let api = Api::new(sandbox.base_url(), SANDBOX_TOKEN);
    sandbox.set_faults(FaultConfig {
        latency_ms: 300,
        ..Default::default()
    });
    let started = std::time::Instant::now();
    assert_eq!(api.get("/v2/users/me").await.status, 200);
    // A lower bound only: the sandbox must wait at least this long, however fast the machine.
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
}
