//! Comparing two runs of the sandbox's generator, whose variation says exactly what a
//! comparison must find: new, gone, changed, the same and duplicate keys.

mod common;

use apify_sandbox::variation::{expected, Variation};
use apify_sandbox::Sandbox;
use greenroom_core::compare::{CompareSpec, Comparisons, Part};
use greenroom_core::ErrorKind;
use serde_json::json;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_compare_as_the_generators_variation_says() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let count = 3_000;
    let variation = Variation {
        seed: 7,
        gone_rate: 0.05,
        changed_rate: 0.05,
        duplicate_rate: 0.01,
        new_rate: 0.05,
    };
    let old = common::generated_with(&session, json!({ "itemCount": count })).await;
    let new = common::generated_with(
        &session,
        json!({ "itemCount": count, "variation": { "seed": 7, "goneRate": 0.05, "changedRate": 0.05, "duplicateRate": 0.01, "newRate": 0.05 } }),
    )
    .await;
    let answer = expected(count, &variation);
    assert!(answer.new > 0 && answer.gone > 0 && answer.changed > 0 && answer.duplicate_keys > 0);

    // What the dialog proposes: the run before, keyed by id, the scrape time left out.
    let proposed = greenroom_core::compare::suggest(&session, &new)
        .await
        .unwrap();
    assert_eq!(
        proposed.previous.map(|p| p.dataset_id).as_deref(),
        Some(old.as_str())
    );
    assert_eq!(proposed.key, ["id"]);
    assert_eq!(proposed.ignore, ["checkedAt"]);

    let data = tempfile::tempdir().unwrap();
    let comparisons = Comparisons::open(data.path().join("copies")).unwrap();
    let spec = CompareSpec {
        key: proposed.key.clone(),
        ignore: proposed.ignore.clone(),
    };
    let mut phases = Vec::new();
    let (id, counts) = comparisons
        .compare_datasets(
            &session,
            &old,
            &new,
            &spec,
            &CancellationToken::new(),
            |p| phases.push(p),
        )
        .await
        .unwrap();
    assert_eq!(
        (counts.new, counts.gone, counts.changed, counts.same),
        (answer.new, answer.gone, answer.changed, answer.same)
    );
    // A key twice on the newer side: both of its items there, and its one item on the older.
    assert_eq!(counts.duplicate_key, 3 * answer.duplicate_keys);
    assert_eq!(counts.missing_key, 0);
    assert!(matches!(
        phases.last(),
        Some(greenroom_core::compare::CompareProgress::Comparing)
    ));

    let changed = comparisons.window(id, Part::Changed, 0, 5).unwrap();
    assert_eq!(changed.total, answer.changed);
    let first = &changed.items[0];
    assert!(
        first["price.value"].as_str().unwrap().contains(" → "),
        "{first}"
    );
    assert_eq!(
        first["change"], "price.value",
        "the scrape time is not a change"
    );
    let new_rows = comparisons.window(id, Part::New, 0, 1000).unwrap();
    assert_eq!(new_rows.items.len() as u64, answer.new);
    assert!(new_rows
        .items
        .iter()
        .all(|i| i["id"].as_u64().unwrap() > count));

    // Without ignoring the scrape time every kept item is changed; the copies are reused.
    let files_before = std::fs::read_dir(comparisons.dir()).unwrap().count();
    let (_, all) = comparisons
        .compare_datasets(
            &session,
            &old,
            &new,
            &CompareSpec {
                key: vec!["id".into()],
                ignore: vec![],
            },
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(all.same, 0);
    assert_eq!(all.changed, answer.changed + answer.same);
    assert_eq!(
        std::fs::read_dir(comparisons.dir()).unwrap().count(),
        files_before + 1,
        "one more result, no new copy"
    );

    // A key no item has: every item is counted as missing it, none vanishes.
    let (_, none) = comparisons
        .compare_datasets(
            &session,
            &old,
            &new,
            &CompareSpec {
                key: vec!["sku".into()],
                ignore: vec![],
            },
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(none.missing_key, count + answer.items);

    let dir = comparisons.dir().to_owned();
    drop(comparisons);
    assert!(
        !dir.exists(),
        "the session's copies are removed when it ends"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_comparison_leaves_nothing_and_a_deleted_dataset_is_said_so() {
    let sandbox = Sandbox::start().await.unwrap();
    let session = common::full_session(&sandbox);
    let old = common::generated_with(&session, json!({ "itemCount": 50_000 })).await;
    let data = tempfile::tempdir().unwrap();
    let comparisons = Comparisons::open(data.path().join("copies")).unwrap();
    let spec = CompareSpec {
        key: vec!["id".into()],
        ignore: vec![],
    };
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let refused = comparisons
        .compare_datasets(&session, &old, &old, &spec, &cancel, move |progress| {
            if matches!(progress, greenroom_core::compare::CompareProgress::Copying { items, .. } if items >= 10_000) {
                stop.cancel();
            }
        })
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Cancelled);
    assert_eq!(
        std::fs::read_dir(comparisons.dir()).unwrap().count(),
        0,
        "nothing left"
    );

    let gone = comparisons
        .compare_datasets(
            &session,
            "NoSuchDataset",
            &old,
            &spec,
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    // The other side, copied at the same time, is kept for the session; nothing half-written.
    let left: Vec<String> = std::fs::read_dir(comparisons.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.len() <= 1 && left.iter().all(|name| name.ends_with(".sqlite")),
        "{left:?}"
    );
}
