//! The Key-value screen's core against the sandbox's demo store: keys by page, prefix and
//! collection; each kind of record in its viewer; edits with their checks; uploads, downloads,
//! and delete with undo.

mod common;

use std::sync::Arc;

use apify_sandbox::Sandbox;
use greenroom_core::kv::download::download_record;
use greenroom_core::kv::trash::Trash;
use greenroom_core::kv::upload::upload_record;
use greenroom_core::kv::view::{self, RecordShape};
use greenroom_core::{kv, kv::edit, ErrorKind, Session};
use serde_json::json;
use tokio_util::sync::CancellationToken;

async fn demo() -> (Sandbox, Arc<Session>, String) {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let store = sandbox.id_of("key-value-store", "demo-files").unwrap();
    (sandbox, session, store)
}

async fn bytes_of(session: &Session, store: &str, key: &str) -> Vec<u8> {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("record");
    download_record(
        session,
        store,
        key,
        &file,
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .unwrap();
    std::fs::read(file).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_come_a_page_at_a_time_by_prefix_and_by_collection() {
    let (_sandbox, session, store) = demo().await;
    let info = kv::info(&session, &store).await.unwrap();
    let names: Vec<_> = info.collections.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["output", "items", "images"]);

    let mut after = None;
    let mut keys = Vec::new();
    loop {
        let page = kv::keys(&session, &store, "", Some("items".into()), after, 1000)
            .await
            .unwrap();
        assert!(page.keys.len() <= 1000);
        keys.extend(page.keys.into_iter().map(|k| k.key));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(keys.len(), 5000);
    assert_eq!(keys.first().map(String::as_str), Some("item-00001"));
    assert!(keys.windows(2).all(|w| w[0] < w[1]));

    let page = kv::keys(&session, &store, "item-0499", None, None, 1000)
        .await
        .unwrap();
    assert_eq!(page.keys.len(), 10);
    assert_eq!(page.next, None);
    assert_eq!(page.keys[0].size, Some(br#"{"n":4990}"#.len() as u64));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_record_opens_in_its_viewer_and_the_page_gets_a_bounded_answer() {
    let (_sandbox, session, store) = demo().await;
    let view = |key: &'static str| {
        let (session, store) = (session.clone(), store.clone());
        async move { view::view(&session, &store, key).await.unwrap() }
    };
    let output = view("OUTPUT").await;
    assert_eq!(output.shape, RecordShape::Json);
    assert!(output.editable && output.version.is_some());
    serde_json::from_str::<serde_json::Value>(output.text.as_deref().unwrap()).unwrap();

    let odd = view("a!b-c_d.e'f(g)h").await;
    assert_eq!(odd.shape, RecordShape::Text);
    assert!(odd
        .text
        .unwrap()
        .starts_with("A key with every punctuation"));

    let html = view("page.html").await;
    assert_eq!(html.shape, RecordShape::Markup);
    assert!(!html.editable && html.text.unwrap().contains("<script>"));

    let image = view("image-green.png").await;
    assert!(image
        .image
        .unwrap()
        .starts_with("data:image/png;base64,iVBOR"));
    assert_eq!(view("image-logo.svg").await.shape, RecordShape::Markup);

    let empty = view("empty.txt").await;
    assert_eq!((empty.size, empty.text.as_deref()), (Some(0), Some("")));

    let mystery = view("mystery.dat").await;
    assert_eq!(mystery.shape, RecordShape::Binary);
    assert_eq!(mystery.content_type, "application/x-greenroom-mystery");

    let large = view("large.bin").await;
    assert_eq!(large.size, Some(10_000_000));
    let hex = large.hex.unwrap();
    assert_eq!(hex.lines().count(), 64 * 1024 / 16);
    assert!(large.version.is_none() && !large.editable);

    let missing = view::view(&session, &store, "nope").await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_checks_the_record_did_not_change_or_go_since_it_was_opened() {
    let (_sandbox, session, store) = demo().await;
    let opened = view::view(&session, &store, "OUTPUT").await.unwrap();
    let version = opened.version.unwrap();
    let json = "application/json; charset=utf-8";

    let bad = edit::save(
        &session,
        &store,
        "OUTPUT",
        "{\n\"a\": }",
        json,
        Some(&version),
    )
    .await
    .unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::Validation);
    assert!(bad.to_string().contains("line 2, column"), "{bad}");

    let saved = edit::save(
        &session,
        &store,
        "OUTPUT",
        "{\"mine\": 1}",
        json,
        Some(&version),
    )
    .await
    .unwrap();
    // Someone else writes behind the app's back: the next save with the old version is refused.
    edit::save(&session, &store, "OUTPUT", "{\"theirs\": 2}", json, None)
        .await
        .unwrap();
    let refused = edit::save(
        &session,
        &store,
        "OUTPUT",
        "{\"mine\": 3}",
        json,
        Some(&saved.version),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::RecordChanged);
    assert!(refused.to_string().contains("Someone else saved"));
    assert_eq!(
        bytes_of(&session, &store, "OUTPUT").await,
        b"{\"theirs\": 2}"
    );

    let notes = view::view(&session, &store, "notes.txt").await.unwrap();
    session_delete(&session, &store, "notes.txt").await;
    let gone = edit::save(
        &session,
        &store,
        "notes.txt",
        "x",
        "text/plain",
        notes.version.as_deref(),
    )
    .await
    .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::RecordChanged);
    assert!(gone.to_string().contains("deleted"));
}

async fn session_delete(session: &Arc<Session>, store: &str, key: &str) {
    let trash = Trash::new(&tempfile::tempdir().unwrap().path().join("trash"));
    trash.delete(session.clone(), store, key).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_record_needs_a_valid_unused_key() {
    let (_sandbox, session, store) = demo().await;
    let text = "text/plain; charset=utf-8";
    let invalid = edit::create(&session, &store, "my notes", "x", text)
        .await
        .unwrap_err();
    assert_eq!(invalid.kind(), ErrorKind::Validation);
    assert!(invalid.to_string().contains("a space"));
    let taken = edit::create(&session, &store, "OUTPUT", "x", text)
        .await
        .unwrap_err();
    assert!(taken.to_string().contains("exists already"));
    let key = "(new)!_-.'";
    edit::create(&session, &store, key, "hello", text)
        .await
        .unwrap();
    assert_eq!(bytes_of(&session, &store, key).await, b"hello");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_streams_through_faults_and_a_cancelled_one_leaves_the_record_as_it_was() {
    let (sandbox, session, store) = demo().await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("upload.bin");
    let bytes: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&file, &bytes).unwrap();
    common::flaky(&sandbox);
    let uploaded = upload_record(
        &session,
        &store,
        "uploaded.bin",
        &file,
        "application/octet-stream",
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .unwrap();
    assert_eq!(uploaded.bytes, 3_000_000);
    sandbox.set_faults(Default::default());
    assert_eq!(bytes_of(&session, &store, "uploaded.bin").await, bytes);

    // Cancelled after the first megabyte: the server never gets a whole body.
    let other = folder.path().join("other.bin");
    std::fs::write(&other, vec![7u8; 3_000_000]).unwrap();
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let error = upload_record(
        &session,
        &store,
        "uploaded.bin",
        &other,
        "application/octet-stream",
        &cancel,
        move |sent, _| {
            if sent > 1_000_000 {
                stop.cancel();
            }
        },
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Cancelled);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(bytes_of(&session, &store, "uploaded.bin").await, bytes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_record_comes_back_byte_for_byte_with_its_content_type() {
    let (_sandbox, session, store) = demo().await;
    let before = bytes_of(&session, &store, "mystery.dat").await;
    let folder = tempfile::tempdir().unwrap();
    let trash = Trash::new(&folder.path().join("trash"));
    let deleted = trash
        .delete(session.clone(), &store, "mystery.dat")
        .await
        .unwrap();
    assert_eq!(deleted.undo_seconds, 10);
    assert_eq!(trash.kept(), 1);
    let gone = view::view(&session, &store, "mystery.dat")
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);

    trash.undo(deleted.undo_id).await.unwrap();
    assert_eq!(bytes_of(&session, &store, "mystery.dat").await, before);
    let back = view::view(&session, &store, "mystery.dat").await.unwrap();
    assert_eq!(back.content_type, "application/x-greenroom-mystery");
    assert_eq!(trash.kept(), 0);
    assert!(common::files_below(&folder.path().join("trash")).is_empty());
    let again = trash.undo(deleted.undo_id).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::LocalNotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_token_is_told_it_may_not_write() {
    const READER: &str = "apify_api_KVREADER000000000000000000000000000";
    let sandbox = common::sandbox_with_scoped_token(READER, json!({ "storages": "read" })).await;
    let store = sandbox.id_of("key-value-store", "demo-files").unwrap();
    let reader = common::session(&sandbox, READER);
    assert!(view::view(&reader, &store, "OUTPUT").await.is_ok());
    let refused = edit::save(&reader, &store, "OUTPUT", "{}", "application/json", None)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InsufficientPermissions);
    assert!(refused.to_string().contains("WRITE"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ten_megabyte_record_downloads_whole_and_a_full_disk_says_so() {
    let (_sandbox, session, store) = demo().await;
    let bytes = bytes_of(&session, &store, "large.bin").await;
    assert_eq!(bytes.len(), 10_000_000);

    let folder = tempfile::tempdir().unwrap();
    if !common::mount_small_tmpfs(folder.path(), "1m") {
        return;
    }
    let error = download_record(
        &session,
        &store,
        "large.bin",
        &folder.path().join("large.bin"),
        &CancellationToken::new(),
        |_, _| {},
    )
    .await
    .unwrap_err();
    let leftovers = common::files_below(folder.path());
    common::unmount(folder.path());
    assert_eq!(error.kind(), ErrorKind::DiskFull, "{error}");
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
