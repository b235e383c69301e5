//! Errors as the user meets them, from a real sandbox: each kind, and never the token.

mod common;

use apify_sandbox::{Sandbox, SANDBOX_TOKEN};
use greenroom_core::datasets::export::{export_dataset, ExportFormat, ExportOptions};
use greenroom_core::runs::{self, StartOptions, Target};
use greenroom_core::{ApiToken, Error, ErrorKind, Session};
use serde_json::json;
use tokio_util::sync::CancellationToken;

const READER: &str = "apify_api_READER00000000000000000000000000000";

/// Neither the message, the detail, the IPC form nor the Debug form may carry the token.
fn assert_token_absent(error: &Error, token: &str) {
    let forms = [
        error.to_string(),
        format!("{error:?}"),
        serde_json::to_string(error).unwrap(),
        error.detail().unwrap_or_default().to_owned(),
    ];
    for form in forms {
        assert!(!form.contains(token), "the token leaked into: {form}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_token_names_its_account() {
    let sandbox = Sandbox::start().await.unwrap();
    common::flaky(&sandbox);
    let account = common::full_session(&sandbox).account().await.unwrap();
    assert_eq!(account.username, "sandbox-user");
    assert_eq!(account.plan.as_deref(), Some("FREE"));
    assert!(!account.user_id.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_is_invalid_and_never_repeated_back() {
    let sandbox = Sandbox::start().await.unwrap();
    let wrong = "apify_api_WRONG0000000000000000000000000000000";
    let error = common::session(&sandbox, wrong)
        .account()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidToken);
    assert_token_absent(&error, wrong);
    assert_eq!(
        Session::new(sandbox.base_url(), ApiToken::new("  "))
            .unwrap_err()
            .kind(),
        ErrorKind::MissingToken
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scoped_token_is_told_which_permission_it_lacks() {
    let sandbox = common::sandbox_with_scoped_token(READER, json!({ "storages": "read" })).await;
    let session = common::session(&sandbox, READER);
    let error = runs::start(
        &session,
        Target::Actor("~generate-items"),
        &json!({}),
        &StartOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InsufficientPermissions);
    assert!(error.to_string().contains("RUN"), "{error}");
    // The headline says what was refused, from the request the client made.
    assert!(
        error
            .to_string()
            .starts_with("This token may not run this Actor."),
        "{error}"
    );
    assert_token_absent(&error, READER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_missing_things_and_no_server_each_have_their_kind() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let invalid = runs::start(
        &session,
        Target::Actor("~generate-items"),
        &json!({ "itemCount": 0 }),
        &StartOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(invalid.kind(), ErrorKind::InvalidInput);
    assert!(
        invalid.to_string().contains("itemCount must be >= 1"),
        "{invalid}"
    );

    let missing = runs::get(&session, "no-such-run").await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert!(
        missing
            .to_string()
            .starts_with("Apify could not find this run."),
        "{missing}"
    );

    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("x.json");
    let missing_dataset = export_dataset(
        &session,
        "no-such-dataset",
        ExportFormat::Json,
        &ExportOptions::default(),
        &target,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(missing_dataset.kind(), ErrorKind::NotFound);
    // A dataset may be gone because it had no name and its retention period ended.
    assert!(
        missing_dataset.to_string().contains("retention period"),
        "{missing_dataset}"
    );
    assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none());

    // A port nobody listens on: the connection is refused, as when offline.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let offline = common::session_at(&format!("http://{closed}"), SANDBOX_TOKEN)
        .account()
        .await
        .unwrap_err();
    assert_eq!(offline.kind(), ErrorKind::Offline);
    assert_token_absent(&offline, SANDBOX_TOKEN);
}

#[test]
fn a_session_debug_never_shows_the_token() {
    let session = Session::new("http://127.0.0.1:9", ApiToken::new(SANDBOX_TOKEN)).unwrap();
    let printed = format!("{session:?}");
    assert!(
        !printed.contains(SANDBOX_TOKEN) && printed.contains("***"),
        "{printed}"
    );
}
