//! Comparing two datasets on this computer against only downloading both with curl, in the
//! same run: the time to the counts, the ratio to the downloads, and the comparing process's
//! peak RSS, at each size given (to show memory stays flat). The newer dataset has 5% new, 5%
//! gone and 5% changed items (the sandbox generator's variation). Each comparison runs in a
//! fresh child process with a fresh copy folder, so it downloads both datasets itself and its
//! peak RSS is its own; figures are medians of ROUNDS turns with the range of the ratios.
//!   cargo build --release -p apify-sandbox && cargo bench -p greenroom-core --bench compare [-- SIZE…]

use std::process::Command;
use std::time::Instant;

use greenroom_core::compare::{CompareSpec, Comparisons};
use greenroom_core::{ApiToken, Session};
use tokio_util::sync::CancellationToken;

mod common;

use common::{generate, peak_rss_mib, start_sandbox, TOKEN};

const ROUNDS: usize = 3;

/// Child mode: one comparison from nothing, printing `seconds new gone changed peak_mib`.
fn compare_once(base: &str, old: &str, new: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let comparisons = Comparisons::open(folder.path().join("copies")).unwrap();
    let session = Session::new(base, ApiToken::new(TOKEN)).unwrap();
    let spec = CompareSpec {
        key: vec!["id".into()],
        ignore: vec!["checkedAt".into()],
    };
    let started = Instant::now();
    let (_, counts) = runtime
        .block_on(comparisons.compare_datasets(
            &session,
            old,
            new,
            &spec,
            &CancellationToken::new(),
            |_| {},
        ))
        .unwrap();
    println!(
        "{} {} {} {} {}",
        started.elapsed().as_secs_f64(),
        counts.new,
        counts.gone,
        counts.changed,
        peak_rss_mib(std::process::id())
    );
}

/// Both datasets as JSON lines with curl into files, flushed: what a comparison cannot beat.
fn curl_both(base: &str, old: &str, new: &str) -> f64 {
    let folder = tempfile::tempdir().unwrap();
    let started = Instant::now();
    for (index, dataset) in [old, new].into_iter().enumerate() {
        let file = folder.path().join(format!("{index}.jsonl"));
        let status = Command::new("curl")
            .args(["-sS", "-H", &format!("Authorization: Bearer {TOKEN}"), "-o"])
            .arg(&file)
            .arg(format!("{base}/v2/datasets/{dataset}/items?format=jsonl"))
            .status()
            .unwrap();
        assert!(status.success());
        assert!(Command::new("sync").arg(&file).status().unwrap().success());
    }
    started.elapsed().as_secs_f64()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child") {
        return compare_once(&args[1], &args[2], &args[3]);
    }
    let sizes: Vec<u64> = if args.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        args.iter().map(|a| a.parse().unwrap()).collect()
    };
    let sandbox = start_sandbox();
    println!("size | compare s (median) | curl both s (median) | ratio (range) | peak RSS MiB | new/gone/changed");
    for size in sizes {
        let old = generate(&sandbox.base, serde_json::json!({ "itemCount": size }));
        let new = generate(
            &sandbox.base,
            serde_json::json!({ "itemCount": size, "variation": { "seed": 5, "goneRate": 0.05, "changedRate": 0.05, "newRate": 0.05 } }),
        );
        let (mut compares, mut curls, mut ratios, mut peaks) = (vec![], vec![], vec![], vec![]);
        let mut found = String::new();
        for _ in 0..ROUNDS {
            let curl = curl_both(&sandbox.base, &old, &new);
            let child = Command::new(std::env::current_exe().unwrap())
                .args(["--child", &sandbox.base, &old, &new])
                .output()
                .unwrap();
            assert!(
                child.status.success(),
                "{}",
                String::from_utf8_lossy(&child.stderr)
            );
            let out = String::from_utf8_lossy(&child.stdout);
            let fields: Vec<&str> = out.split_whitespace().collect();
            let seconds: f64 = fields[0].parse().unwrap();
            found = format!("{}/{}/{}", fields[1], fields[2], fields[3]);
            peaks.push(fields[4].parse::<f64>().unwrap());
            compares.push(seconds);
            curls.push(curl);
            ratios.push(seconds / curl);
        }
        let (low, high) = (
            ratios.iter().cloned().fold(f64::MAX, f64::min),
            ratios.iter().cloned().fold(0.0, f64::max),
        );
        println!(
            "{size} | {:.2} | {:.2} | {:.2}× ({low:.2}–{high:.2}) | {:.0} | {found}",
            median(compares.clone()),
            median(curls.clone()),
            median(compares) / median(curls),
            median(peaks),
        );
    }
}
