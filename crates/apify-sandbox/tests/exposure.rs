//! What a local server must not expose: tokens on disk, its controls to anyone, answers to
//! requests for another host name, or its files to other accounts.

use apify_sandbox::{Sandbox, SandboxOptions, SANDBOX_TOKEN};
use reqwest::StatusCode;

const CONTROL_TOKEN: &str = "control-secret-for-tests";

async fn status(request: reqwest::RequestBuilder) -> StatusCode {
    request.send().await.unwrap().status()
}

#[tokio::test]
async fn control_routes_exist_only_with_a_control_token_and_answer_only_to_it() {
    let client = reqwest::Client::new();
    let plain = Sandbox::start().await.unwrap();
    let faults = format!("{}/_sandbox/faults", plain.base_url());
    assert_eq!(
        status(client.get(&faults).bearer_auth(SANDBOX_TOKEN)).await,
        StatusCode::NOT_FOUND
    );

    let controlled = Sandbox::start_with(SandboxOptions {
        control_token: Some(CONTROL_TOKEN.into()),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let faults = format!("{}/_sandbox/faults", controlled.base_url());
    let body = r#"{"rateLimit": 1.0}"#;
    assert_eq!(
        status(client.put(&faults).body(body)).await,
        StatusCode::UNAUTHORIZED
    );
    // An API token, even a full-access one, is not the control token.
    assert_eq!(
        status(client.put(&faults).bearer_auth(SANDBOX_TOKEN).body(body)).await,
        StatusCode::UNAUTHORIZED
    );
    let me = format!("{}/v2/users/me", controlled.base_url());
    assert_eq!(
        status(client.get(&me).bearer_auth(SANDBOX_TOKEN)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(client.put(&faults).bearer_auth(CONTROL_TOKEN).body(body)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(client.get(&me).bearer_auth(SANDBOX_TOKEN)).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn requests_for_another_host_name_are_refused() {
    let sandbox = Sandbox::start().await.unwrap();
    let me = format!("{}/v2/users/me", sandbox.base_url());
    let port = sandbox.base_url().rsplit(':').next().unwrap().to_owned();
    let client = reqwest::Client::new();
    for (host, expected) in [
        (format!("127.0.0.1:{port}"), StatusCode::OK),
        (format!("localhost:{port}"), StatusCode::OK),
        (
            format!("evil.example.com:{port}"),
            StatusCode::MISDIRECTED_REQUEST,
        ),
        ("127.0.0.1".to_owned(), StatusCode::MISDIRECTED_REQUEST),
        (
            format!("127.0.0.1:{port}.evil.com"),
            StatusCode::MISDIRECTED_REQUEST,
        ),
    ] {
        let request = client
            .get(&me)
            .bearer_auth(SANDBOX_TOKEN)
            .header("host", &host);
        assert_eq!(status(request).await, expected, "Host: {host}");
    }
}

#[tokio::test]
async fn given_tokens_stay_in_memory_and_the_data_folder_is_private() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("sandbox");
    let given = "apify_api_GIVEN0000000000000000000000000000000";
    let sandbox = Sandbox::start_with(SandboxOptions {
        data: Some(folder.clone()),
        tokens: vec![given.into()],
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let base = sandbox.base_url().to_owned();
    // Something in every kind of file: a dataset's items and a record.
    let run = client
        .post(format!(
            "{base}/v2/acts/~generate-items/runs?waitForFinish=60"
        ))
        .bearer_auth(given)
        .json(&serde_json::json!({ "itemCount": 3 }))
        .send()
        .await
        .unwrap();
    assert_eq!(run.status(), StatusCode::CREATED);

    // While the token works, and after the run has saved everything it made.
    let mut files = Vec::new();
    let mut folders = vec![folder.clone()];
    while let Some(dir) = folders.pop() {
        check_mode(&dir, 0o700);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 3, "{files:?}");
    for file in &files {
        check_mode(file, 0o600);
        let bytes = std::fs::read(file).unwrap();
        let secret = &given.as_bytes()["apify_api_".len()..];
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret),
            "{} holds the token",
            file.display()
        );
    }

    sandbox.forget_tokens();
    assert_eq!(
        status(client.get(format!("{base}/v2/users/me")).bearer_auth(given)).await,
        StatusCode::UNAUTHORIZED
    );
    sandbox.stop().unwrap();

    // After a restart without it, the token is not accepted.
    let again = Sandbox::start_with(SandboxOptions {
        data: Some(folder),
        tokens: vec![],
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    assert_eq!(
        status(
            client
                .get(format!("{}/v2/users/me", again.base_url()))
                .bearer_auth(given)
        )
        .await,
        StatusCode::UNAUTHORIZED
    );
}

fn check_mode(path: &std::path::Path, expected: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{} is {mode:o}", path.display());
    }
}
