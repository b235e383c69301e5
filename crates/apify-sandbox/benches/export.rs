//! Export throughput and server memory for large datasets: the sandbox binary runs as its own
//! process, `curl` downloads from it, and the server's peak RSS is read from /proc. Run at two
//! dataset sizes, so the figures show whether memory grows with the dataset.
//!   cargo bench -p apify-sandbox --bench export [-- SIZE…]

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TOKEN: &str = "apify_api_BENCH0000000000000000000000000000000";

struct Server {
    child: Child,
    base: String,
    _data: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let data = tempfile::tempdir().expect("a temporary folder");
        let mut child = Command::new(env!("CARGO_BIN_EXE_apify-sandbox"))
            .args(["--listen", "127.0.0.1:0", "--token", TOKEN, "--data"])
            .arg(data.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the sandbox binary starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("a base URL");
        Server {
            child,
            base: line.trim().to_owned(),
            _data: data,
        }
    }

    /// The server's peak resident memory so far, in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map(|kib| kib / 1024.0)
            .unwrap_or(f64::NAN)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn curl(args: &[&str]) -> String {
    let output = Command::new("curl")
        .args(["-sS", "-H", &format!("Authorization: Bearer {TOKEN}")])
        .args(args)
        .output()
        .expect("curl runs");
    assert!(
        output.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn field(json: &str, name: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    value["data"][name].as_str().unwrap_or_default().to_owned()
}

/// Fills a run's dataset with `count` generated items and returns the dataset id.
fn fill(server: &Server, count: u64) -> String {
    let body = format!("{{\"itemCount\": {count}}}");
    let run = curl(&[
        "-X",
        "POST",
        "-H",
        "content-type: application/json",
        "-d",
        &body,
        &format!("{}/v2/actors/~generate-items/runs", server.base),
    ]);
    let run_id = field(&run, "id");
    loop {
        let run = curl(&[&format!(
            "{}/v2/actor-runs/{run_id}?waitForFinish=60",
            server.base
        )]);
        match field(&run, "status").as_str() {
            "SUCCEEDED" => return field(&run, "defaultDatasetId"),
            "READY" | "RUNNING" => continue,
            other => panic!("the generator run ended {other}"),
        }
    }
}

fn main() {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    println!(
        "{:>10} {:>6} {:>10} {:>8} {:>12} {:>8} {:>14}",
        "items", "format", "MB", "seconds", "items/s", "MB/s", "server peak MiB"
    );
    for &count in &sizes {
        let server = Server::start();
        let dataset = fill(&server, count);
        std::thread::sleep(Duration::from_millis(200));
        for format in ["json", "csv"] {
            let url = format!(
                "{}/v2/datasets/{dataset}/items?format={format}",
                server.base
            );
            let started = Instant::now();
            let bytes: f64 = curl(&["-o", "/dev/null", "-w", "%{size_download}", &url])
                .parse()
                .expect("a byte count");
            let seconds = started.elapsed().as_secs_f64();
            let megabytes = bytes / 1e6;
            println!(
                "{count:>10} {format:>6} {megabytes:>10.1} {seconds:>8.2} {:>12.0} {:>8.1} {:>14.1}",
                count as f64 / seconds,
                megabytes / seconds,
                server.peak_rss_mib()
            );
        }
    }
}
