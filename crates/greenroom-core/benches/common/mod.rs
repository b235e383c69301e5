//! What the benchmarks share: the sandbox binary as a process of its own, its token, and a
//! process's peak RSS.
#![allow(dead_code)]

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const TOKEN: &str = "apify_api_BENCH0000000000000000000000000000000";

pub fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

pub fn sandbox_binary() -> PathBuf {
    std::env::var_os("SANDBOX_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/apify-sandbox")
        })
}

pub struct Sandbox {
    pub child: Child,
    pub base: String,
    /// Held so the sandbox's folder lives as long as the sandbox.
    _data: tempfile::TempDir,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_sandbox() -> Sandbox {
    let data = tempfile::tempdir().unwrap();
    let binary = sandbox_binary();
    let mut child = Command::new(&binary)
        .args(["--listen", "127.0.0.1:0", "--token", TOKEN, "--data"])
        .arg(data.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it: cargo build --release -p apify-sandbox)",
                binary.display()
            )
        });
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    Sandbox {
        child,
        base: line.trim().to_owned(),
        _data: data,
    }
}

/// Runs the sandbox's generator with `input` to its end; the id of the dataset it filled.
pub fn generate(base: &str, input: serde_json::Value) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let session = greenroom_core::Session::new(base, greenroom_core::ApiToken::new(TOKEN)).unwrap();
    runtime.block_on(async {
        let run = greenroom_core::runs::start(
            &session,
            greenroom_core::runs::Target::Actor("~generate-items"),
            &input,
            &Default::default(),
        )
        .await
        .unwrap();
        let done = greenroom_core::runs::watch(
            &session,
            &run.id,
            std::time::Duration::from_secs(3600),
            &tokio_util::sync::CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
        done.default_dataset_id.unwrap()
    })
}
