//! The export engine against `curl` on the same URL, in the same run: items/s, MB/s, the ratio
//! to curl, and the engine's peak RSS, at two dataset sizes to show memory does not grow.
//! The sandbox runs as its own process, and every export in a fresh child process of this
//! benchmark, so each peak RSS is the engine's own. Runs are noisy on a small machine, so each
//! figure is the median of ROUNDS (5) turns, and the range of the turns' ratios is printed too.
//!   cargo build --release -p apify-sandbox && cargo bench -p greenroom-core --bench export [-- SIZE…]
//! BENCH_MODE=drain (the client's stream alone) or write (also saved to a file) shows what the
//! engine adds to the official client.

use std::process::Command;
use std::time::Instant;

use greenroom_core::datasets::export::{export_dataset, ExportFormat, ExportOptions};
use greenroom_core::{ApiToken, Session};
use tokio_util::sync::CancellationToken;

mod common;

use common::{generate, peak_rss_mib, start_sandbox, TOKEN};

fn format_named(name: &str) -> ExportFormat {
    serde_json::from_value(serde_json::Value::String(name.into())).expect("a format name")
}

/// `csv-protected` is CSV with spreadsheet formulas defused (the app's default); a bare format
/// name is the API's file as it is, so the two stand side by side.
fn format_and_options(name: &str) -> (ExportFormat, ExportOptions) {
    match name.strip_suffix("-protected") {
        Some(base) => (format_named(base), ExportOptions::default()),
        None => (
            format_named(name),
            ExportOptions {
                protect_formulas: false,
                ..Default::default()
            },
        ),
    }
}

/// Child mode: one export, printing `seconds bytes items peak_mib`.
fn export_once(base: &str, dataset: &str, format: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join(format!("export.{format}"));
    let session = Session::new(base, ApiToken::new(TOKEN)).unwrap();
    let (format, options) = format_and_options(format);
    let started = Instant::now();
    let report = runtime
        .block_on(export_dataset(
            &session,
            dataset,
            format,
            &options,
            &target,
            &CancellationToken::new(),
            |_| {},
        ))
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{seconds} {} {} {}",
        report.bytes,
        report.items.unwrap_or(0),
        peak_rss_mib(std::process::id())
    );
}

/// Child mode: the official client's stream alone, drained (`write`: also written to a file
/// and flushed at the end), to see what the engine adds to it.
fn drain_once(base: &str, dataset: &str, format: &str, write: bool) {
    use futures_util::StreamExt;
    use std::io::Write;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = apify_client::ApifyClient::builder()
        .token(TOKEN)
        .base_url(base)
        .build();
    let format = match format {
        "json" => apify_client::clients::dataset::DownloadItemsFormat::Json,
        _ => apify_client::clients::dataset::DownloadItemsFormat::Csv,
    };
    let folder = tempfile::tempdir().unwrap();
    let mut file = std::fs::File::create(folder.path().join("drained")).unwrap();
    let started = Instant::now();
    let bytes = runtime.block_on(async {
        let stream = client
            .dataset(dataset)
            .download_items_stream(format, Default::default())
            .await
            .unwrap();
        let mut stream = std::pin::pin!(stream);
        let mut bytes = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.unwrap();
            if write {
                file.write_all(&chunk).unwrap();
            }
            bytes += chunk.len() as u64;
        }
        bytes
    });
    if write {
        file.sync_all().unwrap();
    }
    println!(
        "{} {bytes} 0 {}",
        started.elapsed().as_secs_f64(),
        peak_rss_mib(std::process::id())
    );
}

/// Downloads `url` with curl into a file and flushes it to disk, as the engine must before
/// renaming into place (timing curl into /dev/null would compare a download with a
/// download-and-save). Answers seconds and bytes.
fn curl_once(url: &str) -> (f64, f64) {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("curl.out");
    let started = Instant::now();
    let curl = Command::new("curl")
        .args([
            "-sS",
            "-w",
            "%{size_download}",
            "-H",
            &format!("Authorization: Bearer {TOKEN}"),
            "-o",
        ])
        .arg(&file)
        .arg(url)
        .output()
        .unwrap();
    assert!(Command::new("sync").arg(&file).status().unwrap().success());
    let seconds = started.elapsed().as_secs_f64();
    (
        seconds,
        String::from_utf8_lossy(&curl.stdout).parse().unwrap(),
    )
}

/// Runs the engine (or a `BENCH_MODE` stand-in) in a fresh process: seconds, bytes, peak MiB.
fn engine_once(base: &str, dataset: &str, format: &str) -> (f64, f64, f64) {
    let mode = match std::env::var("BENCH_MODE").as_deref() {
        Ok("drain") => "--drain-once",
        Ok("write") => "--write-once",
        _ => "--export-once",
    };
    let child = Command::new(std::env::current_exe().unwrap())
        .args([mode, base, dataset, format])
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&child.stdout).to_string();
    let fields: Vec<f64> = line
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    assert_eq!(
        fields.len(),
        4,
        "export child said: {line} {}",
        String::from_utf8_lossy(&child.stderr)
    );
    (fields[0], fields[1], fields[3])
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("--export-once") => return export_once(&args[1], &args[2], &args[3]),
        Some("--drain-once") => return drain_once(&args[1], &args[2], &args[3], false),
        Some("--write-once") => return drain_once(&args[1], &args[2], &args[3], true),
        _ => {}
    }
    let sizes: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    println!(
        "{rounds} rounds, curl and the engine taking turns; medians, and the range of the rounds' ratios"
    );
    println!(
        "{:>9} {:>5} {:>8} | {:>10} {:>7} | {:>10} {:>7} | {:>6} {:>11} | {:>9}",
        "items",
        "fmt",
        "MB",
        "curl it/s",
        "MB/s",
        "ours it/s",
        "MB/s",
        "ratio",
        "range",
        "peak MiB"
    );
    for &count in &sizes {
        let sandbox = start_sandbox();
        let dataset = generate(&sandbox.base, serde_json::json!({ "itemCount": count }));
        for format in ["json", "csv", "csv-protected"] {
            let api_format = format.trim_end_matches("-protected");
            let url = format!(
                "{}/v2/datasets/{dataset}/items?format={api_format}",
                sandbox.base
            );
            let (mut curl, mut ours, mut ratios, mut peak) = (vec![], vec![], vec![], 0f64);
            let mut bytes = 0.0;
            for _ in 0..rounds {
                let (curl_seconds, curl_bytes) = curl_once(&url);
                let (seconds, ours_bytes, peak_mib) = engine_once(&sandbox.base, &dataset, format);
                assert_eq!(
                    ours_bytes, curl_bytes,
                    "the export and curl got different bytes"
                );
                bytes = curl_bytes;
                curl.push(curl_seconds);
                ours.push(seconds);
                ratios.push(curl_seconds / seconds);
                peak = peak.max(peak_mib);
            }
            let (curl_seconds, seconds) = (median(&mut curl), median(&mut ours));
            ratios.sort_by(f64::total_cmp);
            let megabytes = bytes / 1e6;
            println!(
                "{count:>9} {format:>5} {megabytes:>8.1} | {:>10.0} {:>7.1} | {:>10.0} {:>7.1} | {:>6.2} {:>11} | {peak:>9.1}",
                count as f64 / curl_seconds,
                megabytes / curl_seconds,
                count as f64 / seconds,
                megabytes / seconds,
                curl_seconds / seconds,
                format!("{:.2}–{:.2}", ratios[0], ratios[ratios.len() - 1]),
            );
        }
    }
}
