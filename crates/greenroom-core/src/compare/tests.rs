//! The engine against a comparison written plainly in memory, on randomized small datasets:
//! keys of mixed types (`1` and `"1"` differ), nested keys, missing keys, duplicates, Unicode,
//! an empty side.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::copy::write_copy;
use super::engine::{changed_row, compare, window, CompareSpec, Counts, Part};

/// A tiny deterministic generator, so a failing case can be told again.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn random_item(dice: &mut Dice) -> Value {
    let id: Value = match dice.next(6) {
        0 => json!(dice.next(8)),
        1 => json!(dice.next(8).to_string()),
        2 => json!(format!("ž{}", dice.next(8))),
        3 => Value::Null,
        4 => json!({ "a": dice.next(3) }),
        _ => json!(dice.next(8) as f64 + 0.5),
    };
    let title = ["Lampa", "Čaj", "東京", "🙂"][dice.next(4) as usize];
    let mut item = json!({
        "price": dice.next(3),
        "title": title,
        "at": dice.next(1_000_000),
    });
    match dice.next(5) {
        0 => {}
        1 => item["meta"] = json!({ "id": id }),
        _ => item["id"] = id,
    }
    item
}

/// The key as the engine sees it: the values with their JSON types, or none when missing.
fn key_of(item: &Value, fields: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    for field in fields {
        let mut value = item;
        for segment in field.split('.') {
            value = value.get(segment)?;
        }
        parts.push(value.clone());
    }
    Some(Value::Array(parts).to_string())
}

fn without(item: &Value, ignore: &[String]) -> Value {
    let mut item = item.clone();
    for field in ignore {
        if let Some(object) = item.as_object_mut() {
            object.remove(field);
        }
    }
    item
}

/// The plain comparison: per part, the positions of its items in order.
fn reference(old: &[Value], new: &[Value], spec: &CompareSpec) -> BTreeMap<&'static str, Vec<u64>> {
    let keyed = |items: &[Value]| -> Vec<Option<String>> {
        items.iter().map(|i| key_of(i, &spec.key)).collect()
    };
    let (ko, kn) = (keyed(old), keyed(new));
    let mut seen: HashMap<String, (u64, u64)> = HashMap::new();
    for k in ko.iter().flatten() {
        seen.entry(k.clone()).or_default().0 += 1;
    }
    for k in kn.iter().flatten() {
        seen.entry(k.clone()).or_default().1 += 1;
    }
    let twice = |k: &String| seen[k].0 > 1 || seen[k].1 > 1;
    let mut parts: BTreeMap<&'static str, Vec<u64>> = BTreeMap::new();
    for (pos, k) in kn.iter().enumerate() {
        let pos = pos as u64;
        let part = match k {
            None => "missing",
            Some(k) if twice(k) => "duplicate",
            Some(k) if seen[k].0 == 0 => "new",
            Some(k) => {
                let before = ko.iter().position(|o| o.as_ref() == Some(k)).unwrap();
                if without(&old[before], &spec.ignore) == without(&new[pos as usize], &spec.ignore)
                {
                    "same"
                } else {
                    "changed"
                }
            }
        };
        parts.entry(part).or_default().push(pos);
    }
    for (pos, k) in ko.iter().enumerate() {
        if let Some(k) = k {
            if !twice(k) && seen[k].1 == 0 {
                parts.entry("gone").or_default().push(pos as u64);
            }
        }
    }
    parts
}

fn copy_of(items: &[Value], path: &std::path::Path) {
    let text: String = items.iter().map(|i| format!("{i}\n")).collect();
    write_copy(text.as_bytes(), path, &CancellationToken::new(), |_| {}).unwrap();
}

#[test]
fn the_engine_agrees_with_a_plain_comparison_on_random_datasets() {
    let dir = tempfile::tempdir().unwrap();
    let specs = [
        CompareSpec {
            key: vec!["id".into()],
            ignore: vec!["at".into()],
        },
        CompareSpec {
            key: vec!["meta.id".into()],
            ignore: vec![],
        },
        CompareSpec {
            key: vec!["id".into(), "title".into()],
            ignore: vec!["at".into()],
        },
    ];
    let mut checked = 0;
    for seed in 0..40u64 {
        let mut dice = Dice(seed);
        let sizes = [(0, 5), (5, 0), (dice.next(30), dice.next(30))];
        let (n_old, n_new) = sizes[(seed % 3) as usize];
        let old: Vec<Value> = (0..n_old).map(|_| random_item(&mut dice)).collect();
        let mut new: Vec<Value> = (0..n_new).map(|_| random_item(&mut dice)).collect();
        // Some items carried over unchanged, so "same" is not always empty.
        for item in old.iter().take(old.len() / 2) {
            if dice.next(2) == 0 {
                new.push(item.clone());
            }
        }
        let (old_path, new_path) = (
            dir.path().join(format!("o{seed}")),
            dir.path().join(format!("n{seed}")),
        );
        copy_of(&old, &old_path);
        copy_of(&new, &new_path);
        for (index, spec) in specs.iter().enumerate() {
            let result = dir.path().join(format!("r{seed}-{index}"));
            let counts = compare(&old_path, &new_path, spec, &result).unwrap();
            let expected = reference(&old, &new, spec);
            let count = |part: &str| expected.get(part).map_or(0, |v| v.len() as u64);
            let duplicates_old = old
                .iter()
                .filter(|i| {
                    key_of(i, &spec.key).is_some_and(|k| {
                        let on = |items: &[Value]| {
                            items
                                .iter()
                                .filter(|j| key_of(j, &spec.key).as_ref() == Some(&k))
                                .count()
                        };
                        on(&old) > 1 || on(&new) > 1
                    })
                })
                .count() as u64;
            let missing_old = old
                .iter()
                .filter(|i| key_of(i, &spec.key).is_none())
                .count() as u64;
            assert_eq!(
                counts,
                Counts {
                    new: count("new"),
                    gone: count("gone"),
                    changed: count("changed"),
                    same: count("same"),
                    missing_key: count("missing") + missing_old,
                    duplicate_key: count("duplicate") + duplicates_old,
                },
                "seed {seed}, key {:?}",
                spec.key
            );
            // The parts' rows are the reference's items, in order.
            for (part, name, side) in [
                (Part::New, "new", &new),
                (Part::Gone, "gone", &old),
                (Part::Same, "same", &new),
            ] {
                let rows =
                    window(&result, &old_path, &new_path, part, 0, 1000, &spec.ignore).unwrap();
                let want: Vec<Value> = expected
                    .get(name)
                    .into_iter()
                    .flatten()
                    .map(|p| side[*p as usize].clone())
                    .collect();
                assert_eq!(rows, want, "seed {seed}, part {name}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 120);
}

#[test]
fn a_window_starts_where_asked_and_a_changed_row_says_old_to_new() {
    let dir = tempfile::tempdir().unwrap();
    let old: Vec<Value> = (0..250)
        .map(|i| json!({ "id": i, "price": { "value": i }, "at": i }))
        .collect();
    let new: Vec<Value> = (0..250)
        .map(|i| json!({ "id": i, "price": { "value": i + 1 }, "at": i + 7 }))
        .collect();
    let (o, n, r) = (
        dir.path().join("o"),
        dir.path().join("n"),
        dir.path().join("r"),
    );
    copy_of(&old, &o);
    copy_of(&new, &n);
    let spec = CompareSpec {
        key: vec!["id".into()],
        ignore: vec!["at".into()],
    };
    assert_eq!(compare(&o, &n, &spec, &r).unwrap().changed, 250);
    let rows = window(&r, &o, &n, Part::Changed, 200, 10, &spec.ignore).unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0]["id"], 200);
    assert_eq!(rows[0]["price.value"], "200 → 201");
    assert_eq!(
        rows[0]["change"], "price.value",
        "the ignored field is not a change"
    );
    assert_eq!(rows[0]["at"], 207);
    assert_eq!(
        window(&r, &o, &n, Part::Changed, 245, 10, &spec.ignore)
            .unwrap()
            .len(),
        5
    );
    assert_eq!(
        changed_row(
            &json!({ "a": 1, "gone": true }),
            &json!({ "a": 1, "b": "x" }),
            &[]
        ),
        json!({ "change": "b, gone", "a": 1, "b": "(none) → x", "gone": "true → (none)" })
    );
}

#[test]
fn no_key_is_refused_in_words_and_a_cancelled_copy_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("o");
    copy_of(&[json!({ "id": 1 })], &o);
    let error = compare(
        &o,
        &o,
        &CompareSpec {
            key: vec![],
            ignore: vec![],
        },
        &dir.path().join("r"),
    )
    .unwrap_err();
    assert!(error.to_string().contains("identifies an item"), "{error}");

    let cancel = CancellationToken::new();
    cancel.cancel();
    let lines: String = (0..25_000).map(|i| format!("{{\"id\":{i}}}\n")).collect();
    let target = dir.path().join("big");
    let refused = write_copy(lines.as_bytes(), &target, &cancel, |_| {}).unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Cancelled);
    assert!(!target.exists() && !target.with_extension("partial").exists());
    let broken = write_copy(
        &b"{\"id\":1}\nnot json\n"[..],
        &target,
        &CancellationToken::new(),
        |_| {},
    )
    .unwrap_err();
    assert_eq!(broken.kind(), crate::ErrorKind::Server, "{broken}");
    assert!(!target.exists() && !target.with_extension("partial").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "only the first copy: {names:?}");
}
