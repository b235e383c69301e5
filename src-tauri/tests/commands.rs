//! The app's commands through Tauri's real IPC and capability checks, on the mock runtime.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app() -> App<MockRuntime> {
    greenroom_app::run_app(mock_builder())
}

fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .unwrap()
}

fn invoke(window: &WebviewWindow<MockRuntime>, command: &str) -> Result<Value, Value> {
    invoke_with(window, command, json!({}))
}

fn invoke_with(
    window: &WebviewWindow<MockRuntime>,
    command: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_names_the_app_and_the_api_server() {
    let app = app();
    let main = window(&app, "main");

    assert_eq!(
        invoke(&main, "app_info"),
        Ok(json!({
            "name": "Greenroom",
            "version": env!("CARGO_PKG_VERSION"),
            "apiBaseUrl": "https://api.apify.com",
        }))
    );
}

#[test]
fn a_window_that_no_capability_names_cannot_call_commands() {
    let app = app();
    let stray = window(&app, "stray");

    let refusal = invoke(&stray, "app_info").unwrap_err();
    assert!(
        refusal.as_str().unwrap_or_default().contains("not allowed"),
        "{refusal}"
    );
}

/// The keychain tests need the Secret Service that `scripts/with-keyring.sh` starts.
fn keychain_expected() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run these tests inside scripts/with-keyring.sh"
    );
    eprintln!("skipped: no session bus; run through scripts/with-keyring.sh");
    false
}

#[test]
fn keychain_status_answers_from_the_real_keychain() {
    if !keychain_expected() {
        return;
    }
    let app = app();
    let main = window(&app, "main");

    assert_eq!(
        invoke(&main, "keychain_status"),
        Ok(json!({ "storeName": "Secret Service (GNOME Keyring or KWallet)" }))
    );
}

/// Through the real IPC: the token goes in once, with `token_check`, and no answer of any
/// command carries it back, success or error.
#[test]
fn no_command_answer_ever_carries_the_token() {
    if !keychain_expected() {
        return;
    }
    let sandbox = tauri::async_runtime::block_on(apify_sandbox::Sandbox::start()).unwrap();
    let token = apify_sandbox::SANDBOX_TOKEN;
    let app = app();
    let main = window(&app, "main");
    let mut answers = Vec::new();
    let mut call = |command: &str, args: Value| {
        let answer = invoke_with(&main, command, args);
        answers.push(format!("{command}: {answer:?}"));
        answer
    };

    let check = call(
        "token_check",
        json!({ "token": format!("  {token}\n"), "apiBaseUrl": sandbox.base_url() }),
    )
    .unwrap();
    assert_eq!(check["account"]["username"], "sandbox-user");
    assert_eq!(check["tokenHint"], "apify_api_SA…00");
    let saved = call("profile_save", json!({ "name": "Work" })).unwrap();
    let id = saved["active"].as_str().unwrap().to_owned();
    call("profiles_list", json!({})).unwrap();
    assert_eq!(
        call("profile_test", json!({ "id": id })).unwrap()["username"],
        "sandbox-user"
    );
    call(
        "token_check",
        json!({ "token": format!("{token}x"), "apiBaseUrl": sandbox.base_url() }),
    )
    .unwrap_err();
    assert_eq!(
        call("profile_sign_out", json!({ "id": id })).unwrap()["profiles"],
        json!([])
    );
    call("profile_test", json!({ "id": id })).unwrap_err();

    for answer in &answers {
        assert!(
            !answer.contains(token),
            "an IPC answer carried the token: {answer}"
        );
    }
}
