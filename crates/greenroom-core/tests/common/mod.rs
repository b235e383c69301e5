#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use apify_sandbox::{FaultConfig, Sandbox, SANDBOX_TOKEN};
use greenroom_core::runs::{self, StartOptions, Target};
use greenroom_core::{ApiToken, RetryPolicy, Session};
use serde_json::json;

/// Retries as the official clients do, with shorter waits so tests stay quick.
pub fn session(sandbox: &Sandbox, token: &str) -> Arc<Session> {
    session_at(sandbox.base_url(), token)
}

pub fn session_at(base_url: &str, token: &str) -> Arc<Session> {
    let retries = RetryPolicy {
        max_retries: 8,
        first_delay: Duration::from_millis(5),
    };
    Arc::new(Session::with_retries(base_url, ApiToken::new(token), retries).unwrap())
}

pub fn full_session(sandbox: &Sandbox) -> Arc<Session> {
    session(sandbox, SANDBOX_TOKEN)
}

/// Waits for a run to end (a minute at most) and answers it as it ended.
pub async fn finished(session: &Session, run_id: &str) -> runs::RunSummary {
    let cancel = tokio_util::sync::CancellationToken::new();
    runs::watch(session, run_id, Duration::from_secs(60), &cancel, |_| {})
        .await
        .unwrap()
}

/// Runs the sandbox's generator with `input` and answers the id of the dataset it filled.
pub async fn generated_with(session: &Session, input: serde_json::Value) -> String {
    let run = runs::start(
        session,
        Target::Actor("~generate-items"),
        &input,
        &StartOptions::default(),
    )
    .await
    .unwrap();
    let done = finished(session, &run.id).await;
    assert_eq!(done.status, "SUCCEEDED");
    done.default_dataset_id.unwrap()
}

/// Runs the sandbox's generator and answers the id of the dataset it filled.
pub async fn generated_dataset(session: &Session, items: u64) -> String {
    generated_with(
        session,
        json!({ "itemCount": items, "includeHidden": true }),
    )
    .await
}

/// Three in ten requests answered 429 and one in ten 500, as issue 4's tests ask: the client's
/// retries must carry every call through.
pub fn flaky(sandbox: &Sandbox) {
    sandbox.set_faults(FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        seed: 21,
        ..Default::default()
    });
}

/// The keychain tests need the Secret Service that `scripts/with-keyring.sh` starts. Without a
/// session bus they fail, never pass by skipping.
pub fn require_keychain() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run the tests through scripts/with-keyring.sh (scripts/test.sh does)"
    );
}

/// Every file below `dir`, at any depth.
pub fn files_below(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Mounts a tmpfs of `size` (such as `256k`) on `folder`, to fill a disk on purpose. Answers
/// false where mounting needs root and this is not CI; in CI (root) it must work.
pub fn mount_small_tmpfs(folder: &std::path::Path, size: &str) -> bool {
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(folder)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs as root and must be able to mount a small tmpfs"
        );
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
    }
    mounted
}

pub fn unmount(folder: &std::path::Path) {
    let _ = std::process::Command::new("umount").arg(folder).status();
}

/// A sandbox that also knows `token`, limited to `scope` (as `{"storages": "read"}`).
pub async fn sandbox_with_scoped_token(token: &str, scope: serde_json::Value) -> Sandbox {
    let seed = serde_json::from_value::<apify_sandbox::SeedFile>(
        json!({ "tokens": [{ "token": token, "scope": scope }] }),
    )
    .unwrap();
    Sandbox::start_with(apify_sandbox::SandboxOptions {
        seed,
        ..apify_sandbox::SandboxOptions::default()
    })
    .await
    .unwrap()
}

/// Waits for a job to end (a minute at most) and answers it as it ended; a failed job fails
/// the test with its error.
pub async fn job_end(jobs: &greenroom_core::Jobs, id: u32) -> greenroom_core::jobs::JobView {
    for _ in 0..600 {
        let view = jobs
            .list()
            .into_iter()
            .find(|j| j.id == id)
            .expect("the job is listed");
        if view.is_finished() {
            assert!(
                matches!(view.state, greenroom_core::jobs::JobState::Succeeded { .. }),
                "{view:?}"
            );
            return view;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("job {id} did not end in a minute");
}
