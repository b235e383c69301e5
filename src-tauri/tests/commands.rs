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
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::default(),
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

#[test]
fn keychain_status_answers_from_the_real_keychain() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run these tests inside scripts/with-keyring.sh"
        );
        eprintln!("skipped: no session bus; run through scripts/with-keyring.sh");
        return;
    }
    let app = app();
    let main = window(&app, "main");

    assert_eq!(
        invoke(&main, "keychain_status"),
        Ok(json!({ "storeName": "Secret Service (GNOME Keyring or KWallet)" }))
    );
}
