//! The app's commands through Tauri's real IPC and capability checks, on the mock runtime,
//! against a real sandbox over HTTP and the real Secret Service (run through
//! `scripts/with-keyring.sh`, as the test command does; without it these tests fail).

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use greenroom_core::accounts::keychain::{Keychain, SERVICE};
use greenroom_core::accounts::vault::Vault;
use greenroom_core::ApiToken;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use apify_sandbox::SANDBOX_TOKEN;

macro_rules! command_names {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty $(as $ts:literal)?),* ) -> $ret:ty;)*) => {
        [$(stringify!($name)),*]
    };
}

fn all_commands() -> BTreeSet<&'static str> {
    greenroom_app::with_commands!(command_names)
        .into_iter()
        .collect()
}

/// One sandbox for the whole test binary, made the app's default server the way the
/// end-to-end tests do it (`GREENROOM_API_BASE_URL`), and its token offered as `APIFY_TOKEN`.
fn sandbox_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(async {
                let sandbox = apify_sandbox::Sandbox::start().await.unwrap();
                sender.send(sandbox.base_url().to_owned()).unwrap();
                std::future::pending::<()>().await;
            });
        });
        let url = receiver.recv().unwrap();
        std::env::set_var("GREENROOM_API_BASE_URL", &url);
        std::env::set_var("APIFY_TOKEN", SANDBOX_TOKEN);
        url
    })
}

/// Tests that change profiles share the app's data folder, so they take turns.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(|p| p.into_inner())
}

fn require_keychain() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run the tests through scripts/with-keyring.sh (scripts/test.sh does)"
    );
}

fn app() -> App<MockRuntime> {
    sandbox_url();
    greenroom_app::run_app(mock_builder())
}

fn window(app: &App<MockRuntime>, label: &str) -> WebviewWindow<MockRuntime> {
    WebviewWindowBuilder::new(app, label, Default::default())
        .build()
        .unwrap()
}

fn invoke(window: &WebviewWindow<MockRuntime>, command: &str, args: Value) -> Result<Value, Value> {
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
fn app_info_names_the_app_and_its_default_api_server() {
    let app = app();
    let main = window(&app, "main");

    assert_eq!(
        invoke(&main, "app_info", json!({})),
        Ok(json!({
            "name": "Greenroom",
            "version": env!("CARGO_PKG_VERSION"),
            "apiBaseUrl": sandbox_url(),
            "textScale": 1.0,
        }))
    );
}

#[test]
fn a_window_that_no_capability_names_cannot_call_commands() {
    let app = app();
    let stray = window(&app, "stray");

    let refusal = invoke(&stray, "app_info", json!({})).unwrap_err();
    assert!(
        refusal.as_str().unwrap_or_default().contains("not allowed"),
        "{refusal}"
    );
}

/// The main window's capability grants exactly the commands of the command list: a new
/// command that no capability grants fails here, and so does a grant for a command that is
/// gone.
/// The plugin permissions the page has: none. No dialog, file system, clipboard, store or
/// opener grant: Rust opens the dialogs and does the rest for the commands.
const PLUGIN_GRANTS: &[&str] = &[];

#[test]
fn the_main_window_is_granted_every_command_and_nothing_else() {
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/capabilities/main-window.json"
    ))
    .unwrap();
    let capability: Value = serde_json::from_str(&file).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let mut wanted: BTreeSet<String> = all_commands()
        .into_iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    wanted.extend(PLUGIN_GRANTS.iter().map(|grant| grant.to_string()));
    assert_eq!(granted, wanted);
    assert!(
        granted.iter().all(|grant| !grant.contains(':')),
        "a plugin grant would let the page do it itself: {granted:?}"
    );
}

#[test]
fn keychain_status_answers_from_the_real_keychain() {
    require_keychain();
    let app = app();
    let main = window(&app, "main");

    assert_eq!(
        invoke(&main, "keychain_status", json!({})),
        Ok(json!({ "storeName": "Secret Service (GNOME Keyring or KWallet)" }))
    );
}

/// Every answer, success or error, checked for every token in play: whole, and the secret
/// part after `apify_api_` alone.
fn assert_no_token(answers: &[String], tokens: &[ApiToken]) {
    for answer in answers {
        for token in tokens {
            let secret_only = token.redact_secret_part(answer);
            assert!(
                token.redact(answer) == *answer && secret_only == *answer,
                "an IPC answer carried the token: {}",
                token.redact(&secret_only)
            );
        }
    }
}

#[test]
#[should_panic(expected = "an IPC answer carried the token")]
fn the_leak_check_catches_a_planted_token() {
    let token = ApiToken::new(SANDBOX_TOKEN);
    assert_no_token(
        &["profile_save: Ok(Object {\"name\": \"Work\"})".into()],
        std::slice::from_ref(&token),
    );
    let planted = format!("profile_test: Ok({})", &SANDBOX_TOKEN["apify_api_".len()..]);
    assert_no_token(&[planted], &[token]);
}

/// Polls the jobs through the IPC until job `id` is no longer running.
fn job_end(main: &WebviewWindow<MockRuntime>, id: u64) -> Value {
    for _ in 0..300 {
        let jobs = invoke(main, "jobs_watch", json!({ "events": "__CHANNEL__:7" })).unwrap();
        let job = jobs
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["id"] == id)
            .cloned()
            .unwrap();
        if job["state"]["state"] != "running" {
            return job;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("job {id} did not end");
}

/// Through the real IPC: a run is watched as a job, which is cancelled by id and ends.
#[test]
fn a_job_started_through_ipc_is_cancelled_by_id_and_ends() {
    require_keychain();
    let _turn = one_at_a_time();
    let app = app();
    let main = window(&app, "main");
    invoke(
        &main,
        "token_check",
        json!({ "token": SANDBOX_TOKEN, "apiBaseUrl": null }),
    )
    .unwrap();
    let id = invoke(&main, "profile_save", json!({ "name": "Jobs" })).unwrap()["active"].clone();

    let run = invoke(
        &main,
        "run_start",
        json!({ "actorId": "~slow-logger", "input": { "durationSecs": 60 }, "options": {} }),
    )
    .unwrap();
    let job = invoke(&main, "run_watch", json!({ "runId": run["id"] })).unwrap();
    assert_eq!(job["kind"], "runWatch");
    assert_eq!(job["state"], json!({ "state": "running" }));
    let job_id = job["id"].as_u64().unwrap();

    invoke(&main, "job_cancel", json!({ "id": job_id })).unwrap();
    let ended = job_end(&main, job_id);
    assert_eq!(ended["state"], json!({ "state": "cancelled" }));
    invoke(&main, "job_dismiss", json!({ "id": job_id })).unwrap();
    assert_eq!(
        invoke(&main, "job_cancel", json!({ "id": job_id })).unwrap_err()["kind"],
        "localNotFound"
    );

    let aborted = invoke(
        &main,
        "run_abort",
        json!({ "runId": run["id"], "gracefully": false }),
    )
    .unwrap();
    assert!(["ABORTING", "ABORTED"].contains(&aborted["status"].as_str().unwrap()));
    invoke(&main, "profile_sign_out", json!({ "id": id })).unwrap();
}

/// Through the real IPC: the token goes in once, with `token_check`, and no answer of any
/// command carries it back, success or error. Every command of the list must be called here.
#[test]
fn no_command_answer_ever_carries_a_token() {
    require_keychain();
    let _turn = one_at_a_time();
    let app = app();
    let main = window(&app, "main");
    let mut answers = Vec::new();
    let mut called = BTreeSet::new();
    let mut call = |command: &'static str, args: Value| {
        let answer = invoke(&main, command, args);
        answers.push(format!("{command}: {answer:?}"));
        called.insert(command);
        answer
    };
    // What the user picks in the dialogs Rust opens, in order (a test runtime shows none).
    let dialogs = app.state::<greenroom_app::ScriptedDialogs>();

    call("app_info", json!({})).unwrap();
    call("keychain_status", json!({})).unwrap();
    // No browser here: it opens one, or says it could not, and neither carries a token.
    if let Err(error) = call("open_token_page", json!({})) {
        assert_eq!(error["kind"], "browserUnavailable");
    }
    assert_eq!(call("env_token_present", json!({})), Ok(json!(true)));
    let from_env = call("env_token_check", json!({})).unwrap();
    assert_eq!(from_env["apiBaseUrl"], sandbox_url());
    call("token_forget", json!({})).unwrap();
    assert_eq!(
        call("profile_save", json!({ "name": "x" })).unwrap_err()["kind"],
        "missingToken"
    );

    // The page cannot send a token to a server of its own.
    let refused = call(
        "token_check",
        json!({ "token": SANDBOX_TOKEN, "apiBaseUrl": "http://127.0.0.1:9" }),
    )
    .unwrap_err();
    assert_eq!(refused["kind"], "serverNotAllowed");
    call(
        "token_check",
        json!({ "token": format!("{SANDBOX_TOKEN}x"), "apiBaseUrl": null }),
    )
    .unwrap_err();
    let check = call(
        "token_check",
        json!({ "token": format!("  {SANDBOX_TOKEN}\n"), "apiBaseUrl": sandbox_url() }),
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
    call("profile_rename", json!({ "id": id, "name": "Office" })).unwrap();
    assert_eq!(
        call("profile_rename", json!({ "id": id, "name": " " })).unwrap_err()["kind"],
        "validation"
    );
    call(
        "token_check",
        json!({ "token": SANDBOX_TOKEN, "apiBaseUrl": null }),
    )
    .unwrap();
    call("profile_replace_token", json!({ "id": id })).unwrap();

    let store = call(
        "catalog_list",
        json!({ "catalog": "store", "search": "hello", "offset": 0, "limit": 10 }),
    )
    .unwrap();
    assert_eq!(store["rows"][0]["name"], "apify/hello-world");
    let page = call("actor_page", json!({ "actorId": "~slow-logger" })).unwrap();
    let datasets = call(
        "storages_list",
        json!({ "kind": "dataset", "search": "", "offset": 0, "limit": 10 }),
    )
    .unwrap();
    // A name the API would refuse is said before sending, and nothing is renamed.
    assert_eq!(
        call(
            "storage_keep",
            json!({ "kind": "dataset", "id": datasets["rows"][0]["id"], "name": "my results!" }),
        )
        .unwrap_err()["kind"],
        "validation"
    );
    let problems = call(
        "input_check",
        json!({ "schema": page["inputSchema"], "input": { "durationSecs": "soon" } }),
    )
    .unwrap();
    assert_eq!(problems[0]["path"], "/durationSecs");
    assert_eq!(
        call("open_external", json!({ "url": "file:///etc/passwd" })).unwrap_err()["kind"],
        "validation"
    );
    assert_eq!(
        call(
            "run_start",
            json!({ "actorId": "~slow-logger", "input": { "durationSecs": -5 }, "options": {} }),
        )
        .unwrap_err()["kind"],
        "validation"
    );
    let run = call(
        "run_start",
        json!({ "actorId": "~slow-logger", "input": { "durationSecs": 30 }, "options": {} }),
    )
    .unwrap();
    let saved = call(
        "task_save",
        json!({ "actorId": "~slow-logger", "name": "ipc-task", "input": { "durationSecs": 0 }, "options": {} }),
    )
    .unwrap();
    assert_eq!(saved["name"], "ipc-task");
    assert!(call("task_run", json!({ "taskId": saved["id"] })).unwrap()["id"].is_string());
    let task = call("task_details", json!({ "taskId": saved["id"] })).unwrap();
    assert_eq!(task["input"]["durationSecs"], 0);
    let form = json!({ "taskId": saved["id"], "input": { "durationSecs": 1 }, "options": {} });
    call("task_update", form.clone()).unwrap();
    assert!(call("task_start", form).unwrap()["id"].is_string());
    let copy = call(
        "task_duplicate",
        json!({ "taskId": saved["id"], "name": "ipc-task-copy", "input": {}, "options": {} }),
    )
    .unwrap();
    call("task_delete", json!({ "taskId": copy["id"] })).unwrap();
    let job = call("run_watch", json!({ "runId": run["id"] })).unwrap();
    let log = call("run_log_follow", json!({ "runId": run["id"] })).unwrap();
    assert_eq!(log["kind"], "logFollow");
    call("jobs_watch", json!({ "events": "__CHANNEL__:1" })).unwrap();
    call("job_cancel", json!({ "id": job["id"] })).unwrap();
    call("job_cancel", json!({ "id": log["id"] })).unwrap();
    call(
        "run_abort",
        json!({ "runId": run["id"], "gracefully": false }),
    )
    .unwrap();
    assert_eq!(
        call("run_input", json!({ "runId": run["id"] })).unwrap(),
        json!({ "durationSecs": 30, "intervalMillis": 500, "message": "Still working…" })
    );
    let history = call(
        "runs_list",
        json!({ "actorId": null, "status": null, "offset": 0, "limit": 10 }),
    )
    .unwrap();
    assert!(history["total"].as_u64().unwrap() >= 1);
    let recent = call(
        "runs_recent",
        json!({ "actorId": "~slow-logger", "limit": 5 }),
    )
    .unwrap();
    assert!(!recent.as_array().unwrap().is_empty());
    let details = call("run_details", json!({ "runId": run["id"] })).unwrap();
    assert_eq!(details["row"]["actorName"], "sandbox-user/slow-logger");
    let now = call("run_now", json!({ "runId": run["id"] })).unwrap();
    assert_eq!(now["run"]["id"], run["id"]);
    assert!(now["run"]["stage"].as_u64().unwrap() <= 3);
    job_end(&main, log["id"].as_u64().unwrap());
    call("run_resurrect", json!({ "runId": run["id"] })).unwrap();
    call(
        "run_abort",
        json!({ "runId": run["id"], "gracefully": true }),
    )
    .unwrap();
    job_end(&main, job["id"].as_u64().unwrap());
    call("job_dismiss", json!({ "id": job["id"] })).unwrap();

    // Datasets and exports, on the run's (empty) default dataset.
    let dataset = details["row"]["run"]["defaultDatasetId"].clone();
    let info = call("dataset_info", json!({ "datasetId": dataset })).unwrap();
    assert_eq!(info["itemCount"], 0);
    let query =
        json!({ "fields": [], "omit": [], "flatten": [], "skipHidden": false, "desc": false });
    let window = call(
        "dataset_window",
        json!({ "datasetId": dataset, "query": query, "offset": 0, "span": 10 }),
    )
    .unwrap();
    assert_eq!(window["items"], json!([]));
    // Compared with itself: what is proposed, the job, and a part's (empty) rows.
    let proposed = call("compare_suggest", json!({ "datasetId": dataset })).unwrap();
    assert_eq!(proposed["key"], json!([]), "no items, no key to propose");
    let compared = call(
        "compare_start",
        json!({ "oldDatasetId": dataset, "newDatasetId": dataset, "spec": { "key": ["id"], "ignore": [] } }),
    )
    .unwrap();
    let ended = job_end(&main, compared["id"].as_u64().unwrap());
    assert_eq!(ended["state"]["state"], "succeeded", "{ended}");
    let comparison = ended["state"]["outcome"]["comparison"].clone();
    let rows = call(
        "compare_window",
        json!({ "comparison": comparison, "part": "new", "offset": 0, "span": 10 }),
    )
    .unwrap();
    assert_eq!(rows["total"], 0);
    assert_eq!(
        call(
            "compare_window",
            json!({ "comparison": 999, "part": "new", "offset": 0, "span": 10 })
        )
        .unwrap_err()["kind"],
        "localNotFound"
    );
    // Without a display (cargo test has none) the clipboard refuses; the answer is still checked.
    let _ = call(
        "dataset_copy_rows",
        json!({ "datasetId": dataset, "query": query, "from": 0, "to": 10, "columns": ["a"] }),
    );
    let _ = call("copy_text", json!({ "text": "copied" }));
    let options = json!({ "fields": [], "omit": [], "clean": false, "unwind": [], "flatten": [],
        "bom": null, "delimiter": null, "offset": 0, "limit": null, "desc": false });
    call(
        "export_check",
        json!({ "datasetId": dataset, "format": "csv", "options": options }),
    )
    .unwrap();
    let folder = std::env::temp_dir().join(format!("greenroom-export-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let target = folder.join("items.json");
    dialogs.answer(None);
    assert_eq!(
        call(
            "choose_save_file",
            json!({ "suggestedName": "items.json", "filter": { "name": "JSON", "extension": "json" } })
        ),
        Ok(Value::Null),
        "a cancelled dialog chooses nothing"
    );
    dialogs.answer(Some(target.clone()));
    let chosen = call(
        "choose_save_file",
        json!({ "suggestedName": "items.json", "filter": null }),
    )
    .unwrap();
    assert_eq!(chosen["shown"], "items.json");
    let export = call(
        "export_start",
        json!({ "datasetId": dataset, "format": "json", "options": options, "file": chosen["id"] }),
    )
    .unwrap();
    let ended = job_end(&main, export["id"].as_u64().unwrap());
    assert_eq!(ended["state"]["state"], "succeeded", "{ended}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "[]");
    // The run's request queue: empty, so no crawl progress; read, shown, copied and saved.
    let queue = details["row"]["run"]["defaultRequestQueueId"].clone();
    assert_eq!(
        call("run_queue_progress", json!({ "runId": run["id"] })).unwrap(),
        Value::Null
    );
    let heading = call("queue_info", json!({ "queueId": queue })).unwrap();
    assert_eq!(heading["counts"]["total"], 0);
    let read = call("queue_requests_read", json!({ "queueId": queue })).unwrap();
    let ended = job_end(&main, read["id"].as_u64().unwrap());
    assert_eq!(ended["state"]["state"], "succeeded", "{ended}");
    let requests = call(
        "queue_requests_window",
        json!({ "queueId": queue, "filter": "pending", "offset": 0, "span": 10 }),
    )
    .unwrap();
    assert_eq!(requests["total"], 0);
    let _ = call(
        "queue_requests_copy",
        json!({ "queueId": queue, "filter": "all", "from": 0, "to": 0, "columns": ["url"] }),
    );
    let requests_file = folder.join("requests.csv");
    dialogs.answer(Some(requests_file.clone()));
    let chosen = call(
        "choose_save_file",
        json!({ "suggestedName": "requests.csv", "filter": null }),
    )
    .unwrap();
    let saved = call(
        "queue_requests_export",
        json!({ "queueId": queue, "filter": "all", "format": "csv", "file": chosen["id"] }),
    )
    .unwrap();
    let ended = job_end(&main, saved["id"].as_u64().unwrap());
    assert_eq!(ended["state"]["state"], "succeeded", "{ended}");
    assert!(std::fs::read_to_string(&requests_file)
        .unwrap()
        .starts_with("url,state,"));
    call("queue_delete", json!({ "queueId": queue })).unwrap();
    assert_eq!(
        call("queue_info", json!({ "queueId": queue })).unwrap_err()["kind"],
        "notFound"
    );
    std::fs::remove_dir_all(&folder).unwrap();
    // The page cannot name a file: a number nobody chose is refused.
    assert_eq!(
        call(
            "export_start",
            json!({ "datasetId": dataset, "format": "json", "options": options, "file": 999_999 })
        )
        .unwrap_err()["kind"],
        "validation"
    );
    assert!(
        invoke(&main, "export_start", json!({ "datasetId": dataset, "format": "json", "options": options, "path": "/tmp/x.json" }))
            .is_err(),
        "a path is not an argument any more"
    );
    // Opening takes a finished export's or download's job id, never a path: anything else is
    // not found, among Greenroom's own jobs.
    assert_eq!(
        call("job_file_open", json!({ "jobId": job["id"] })).unwrap_err()["kind"],
        "localNotFound"
    );
    assert_eq!(
        call("job_file_reveal", json!({ "jobId": 999_999 })).unwrap_err()["kind"],
        "localNotFound"
    );

    // The Key-value screen, on the sandbox's demo store.
    let stores = call(
        "storages_list",
        json!({ "kind": "keyValueStore", "search": "demo-files", "offset": 0, "limit": 10 }),
    )
    .unwrap();
    let kv = stores["rows"][0]["id"].as_str().unwrap().to_owned();
    let info = call("kv_store_info", json!({ "storeId": kv })).unwrap();
    assert_eq!(info["collections"][1]["name"], "items");
    let keys = call(
        "kv_keys",
        json!({ "storeId": kv, "prefix": "item-", "collection": null, "after": null, "limit": 100 }),
    )
    .unwrap();
    assert_eq!(keys["next"], "item-00100");
    assert_eq!(
        call("record_key_check", json!({ "key": "a b" })).unwrap_err()["kind"],
        "validation"
    );
    let output = call("record_view", json!({ "storeId": kv, "key": "OUTPUT" })).unwrap();
    let saved = call(
        "record_save",
        json!({ "storeId": kv, "key": "OUTPUT", "text": "{\"a\":1}",
            "contentType": "application/json", "version": output["version"] }),
    )
    .unwrap();
    assert_eq!(
        call(
            "record_save",
            json!({ "storeId": kv, "key": "OUTPUT", "text": "{}", "contentType": "application/json",
                "version": output["version"] })
        )
        .unwrap_err()["kind"],
        "recordChanged"
    );
    assert_eq!(saved["size"], 7);
    call(
        "record_create",
        json!({ "storeId": kv, "key": "created.txt", "text": "new", "contentType": "text/plain" }),
    )
    .unwrap();
    let deleted = call(
        "record_delete",
        json!({ "storeId": kv, "key": "created.txt" }),
    )
    .unwrap();
    assert_eq!(
        call("record_undelete", json!({ "undoId": deleted["undoId"] })).unwrap(),
        "created.txt"
    );
    let folder = std::env::temp_dir().join(format!("greenroom-records-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let source = folder.join("upload me.txt");
    std::fs::write(&source, "uploaded").unwrap();
    dialogs.answer(Some(source.clone()));
    let picked = call("choose_open_file", json!({})).unwrap();
    assert_eq!(picked["shown"], "upload me.txt");
    let inspected = call("upload_inspect", json!({ "file": picked["id"] })).unwrap();
    assert_eq!(inspected["suggestedKey"], "upload-me.txt");
    let upload = call(
        "record_upload",
        json!({ "storeId": kv, "key": "upload-me.txt", "file": picked["id"],
            "contentType": inspected["contentType"] }),
    )
    .unwrap();
    let ended = job_end(&main, upload["id"].as_u64().unwrap());
    assert_eq!(ended["state"]["state"], "succeeded", "{ended}");
    let target = folder.join("downloaded.txt");
    dialogs.answer(Some(target.clone()));
    let saved_as = call(
        "choose_record_file",
        json!({ "key": "upload-me.txt", "contentType": "text/plain; charset=utf-8" }),
    )
    .unwrap();
    let download = call(
        "record_download",
        json!({ "storeId": kv, "key": "upload-me.txt", "file": saved_as["id"] }),
    )
    .unwrap();
    let ended = job_end(&main, download["id"].as_u64().unwrap());
    assert_eq!(ended["state"]["state"], "succeeded", "{ended}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "uploaded");
    assert_eq!(ended["canOpen"], true, "a text file opens: {ended}");
    // A run's whole log, saved through the save dialog as a job.
    let log_file = folder.join("run.log");
    dialogs.answer(Some(log_file.clone()));
    let log_as = call(
        "choose_save_file",
        json!({ "suggestedName": "run.log", "filter": { "name": "Log", "extension": "log" } }),
    )
    .unwrap();
    let saving = call(
        "run_log_save",
        json!({ "runId": run["id"], "file": log_as["id"] }),
    )
    .unwrap();
    let saved = job_end(&main, saving["id"].as_u64().unwrap());
    assert_eq!(saved["state"]["state"], "succeeded", "{saved}");
    assert_eq!(saved["canOpen"], true, "a log is text, and opens: {saved}");
    assert!(std::fs::read_to_string(&log_file)
        .unwrap()
        .contains("ACTOR: Starting Docker container."));
    // A file of a kind Greenroom does not open is only shown in its folder.
    let strange = folder.join("downloaded.exe");
    dialogs.answer(Some(strange.clone()));
    let strange_as = call(
        "choose_record_file",
        json!({ "key": "report.pdf.exe", "contentType": "application/x-msdownload" }),
    )
    .unwrap();
    assert_eq!(strange_as["shown"], "downloaded.exe");
    let download = call(
        "record_download",
        json!({ "storeId": kv, "key": "upload-me.txt", "file": strange_as["id"] }),
    )
    .unwrap();
    let ended = job_end(&main, download["id"].as_u64().unwrap());
    assert_eq!(ended["canOpen"], false, "{ended}");
    assert_eq!(
        call("job_file_open", json!({ "jobId": ended["id"] })).unwrap_err()["kind"],
        "validation"
    );
    std::fs::remove_dir_all(&folder).unwrap();
    // A file chosen to save to is not one to read.
    assert_eq!(
        call("upload_inspect", json!({ "file": saved_as["id"] })).unwrap_err()["kind"],
        "validation"
    );
    let _ = call(
        "record_copy_link",
        json!({ "storeId": kv, "key": "OUTPUT" }),
    );
    call("file_drops_watch", json!({ "events": "__CHANNEL__:2" })).unwrap();

    let used = call("usage_get", json!({ "date": null })).unwrap();
    assert_eq!(used["maxUsd"], 5.0);
    assert_eq!(
        call("usage_get", json!({ "date": "soon" })).unwrap_err()["kind"],
        "invalidInput"
    );

    let results = std::env::temp_dir().join(format!("greenroom-auto-{}", std::process::id()));
    std::fs::create_dir_all(&results).unwrap();
    // Whatever folder the page names is not used: only one chosen in the folder dialog.
    let mut choice = json!({
        "actorId": "~generate-items", "actorName": "demo/generate-items", "format": "csv",
        "options": { "fields": ["name"] }, "folder": "/etc", "pattern": "{actor} {run}",
        "includeFailed": false,
    });
    assert_eq!(
        call(
            "auto_export_set",
            json!({ "choice": choice, "folder": null, "alsoLast": false })
        )
        .unwrap_err()["kind"],
        "validation"
    );
    dialogs.answer(Some(results.clone()));
    let folder_chosen = call("choose_folder", json!({})).unwrap();
    let rule = call(
        "auto_export_set",
        json!({ "choice": choice, "folder": folder_chosen["id"], "alsoLast": true }),
    )
    .unwrap();
    assert_eq!(rule["rule"]["format"], "csv");
    assert_eq!(rule["rule"]["folder"], results.display().to_string());
    assert_eq!(call("auto_export_list", json!({})).unwrap()[0], rule);
    // A change without a new folder keeps the rule's own.
    choice["pattern"] = json!("{actor} {status}");
    let changed = call(
        "auto_export_set",
        json!({ "choice": choice, "folder": null, "alsoLast": false }),
    )
    .unwrap();
    assert_eq!(changed["rule"]["folder"], results.display().to_string());
    choice["pattern"] = json!("{actor} {when}");
    assert_eq!(
        call(
            "auto_export_set",
            json!({ "choice": choice, "folder": null, "alsoLast": false })
        )
        .unwrap_err()["kind"],
        "validation"
    );
    let rule_id = rule["rule"]["id"].clone();
    call("auto_export_remove", json!({ "ruleId": rule_id })).unwrap();
    assert_eq!(
        call("auto_export_remove", json!({ "ruleId": rule_id })).unwrap_err()["kind"],
        "localNotFound"
    );
    std::fs::remove_dir_all(&results).unwrap();

    // Schedules: the picker read in words, made, listed, changed, run now, deleted.
    let zones = call("time_zones", json!({})).unwrap();
    assert!(zones["all"].as_array().unwrap().len() > 300);
    let weekdays = json!({ "form": "weekdays", "at": { "hour": 9, "minute": 0 } });
    let reading = call(
        "schedule_read_when",
        json!({ "when": weekdays, "timezone": "Europe/Prague" }),
    )
    .unwrap();
    assert_eq!(reading["words"], "Every weekday at 9:00");
    assert_eq!(reading["next"].as_array().unwrap().len(), 5);
    let wrong = call(
        "schedule_read_when",
        json!({ "when": { "form": "custom", "expression": "0 9 * * 9" }, "timezone": "UTC" }),
    )
    .unwrap();
    assert_eq!(wrong["problem"]["field"], 5, "{wrong}");
    let draft = json!({
        "title": "Every weekday", "when": weekdays, "timezone": "Europe/Prague", "enabled": true,
        "actions": [{ "kind": "actor", "targetId": "~generate-items", "input": { "itemCount": 2 } }],
    });
    let made = call("schedule_create", json!({ "draft": draft })).unwrap();
    assert_eq!(made["words"], "Every weekday at 9:00");
    let schedule_id = made["id"].clone();
    assert_eq!(
        call("schedules_list", json!({})).unwrap()[0]["id"],
        schedule_id
    );
    let off = call(
        "schedule_set_enabled",
        json!({ "scheduleId": schedule_id, "enabled": false }),
    )
    .unwrap();
    assert_eq!(off["enabled"], false);
    call(
        "schedule_update",
        json!({ "scheduleId": schedule_id, "draft": draft }),
    )
    .unwrap();
    let started = call("schedule_run_now", json!({ "scheduleId": schedule_id })).unwrap();
    assert_eq!(started.as_array().unwrap().len(), 1);
    let details = call("schedule_details", json!({ "scheduleId": schedule_id })).unwrap();
    assert_eq!(details["row"]["id"], schedule_id);
    call("schedule_delete", json!({ "scheduleId": schedule_id })).unwrap();
    assert_eq!(
        call("schedule_details", json!({ "scheduleId": schedule_id })).unwrap_err()["kind"],
        "notFound"
    );

    // A bare test machine may have no file manager; either way, no token.
    let _ = call("logs_folder_open", json!({}));
    let _ = call("settings_folder_open", json!({}));
    let diagnostics = call("diagnostics_copy", json!({})).unwrap();
    let text = diagnostics["text"].as_str().unwrap();
    assert!(
        text.contains("Keychain: ") && text.contains(&format!("API server: {}", sandbox_url())),
        "{text}"
    );
    assert!(!text.contains('@'), "no email in diagnostics: {text}");

    // Preferences: known keys only, kept by Rust; a sign-out forgets the drafts, Reset all.
    call(
        "preference_set",
        json!({ "key": "textZoom", "value": 1.25 }),
    )
    .unwrap();
    call(
        "preference_set",
        json!({ "key": "drafts", "value": { "a1": { "text": "hi" } } }),
    )
    .unwrap();
    assert_eq!(
        call(
            "preference_set",
            json!({ "key": "../profiles.json", "value": 1 })
        )
        .unwrap_err()["kind"],
        "validation"
    );
    let kept = call("preferences_all", json!({})).unwrap();
    assert_eq!(kept["textZoom"], 1.25);
    assert_eq!(kept["drafts"]["a1"]["text"], "hi");

    let with_sandbox = call("try_without_account", json!({})).unwrap();
    let sandbox_id = with_sandbox["active"].as_str().unwrap().to_owned();
    call("profile_activate", json!({ "id": id })).unwrap();
    // The generated sandbox token is in play too: read it back from the keychain.
    let sandbox_token = Vault::new(Keychain::new(SERVICE))
        .load(&sandbox_id)
        .unwrap()
        .expect("the sandbox profile's token is in the keychain");
    call("profile_sign_out", json!({ "id": sandbox_id })).unwrap();
    let kept = call("preferences_all", json!({})).unwrap();
    assert_eq!(
        kept["drafts"],
        Value::Null,
        "a sign-out forgets the drafts: {kept}"
    );
    assert_eq!(kept["textZoom"], 1.25);
    call("preferences_reset", json!({})).unwrap();
    assert_eq!(call("preferences_all", json!({})).unwrap(), json!({}));
    // The tables read under this profile hold sessions with its token: sign-out drops them.
    let context = app.state::<greenroom_core::Greenroom>();
    assert!(context.tables.open_count() > 0);
    assert_eq!(
        call("profile_sign_out", json!({ "id": id })).unwrap()["profiles"],
        json!([])
    );
    assert_eq!(
        context.tables.open_count(),
        0,
        "a signed-out token stays in a table session"
    );
    call("profile_test", json!({ "id": id })).unwrap_err();

    let missed: Vec<_> = all_commands().difference(&called).copied().collect();
    assert!(
        missed.is_empty(),
        "the leak check does not call {missed:?}: add them"
    );
    assert_no_token(&answers, &[ApiToken::new(SANDBOX_TOKEN), sandbox_token]);
}
