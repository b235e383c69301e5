//! The demo Actors: together their input schemas use every editor and type of the input schema
//! spec, and their runs write datasets, records and logs the way real Actors do.

use std::time::Duration;

use serde_json::{json, Value};

use crate::schemas;
use crate::state::{Actor, AppState, Db, RunOptions, Task};

pub const GENERATE_ITEMS: &str = "generate-items";
pub const WRITE_RECORDS: &str = "write-records";
pub const ALWAYS_FAILS: &str = "always-fails";
pub const SLOW_LOGGER: &str = "slow-logger";
pub const CRAWL_PAGES: &str = "crawl-pages";
/// Public Actors of other users, in the Store: anyone may run them, as on the platform.
pub const HELLO_WORLD: &str = "hello-world";
pub const ECHO_INPUT: &str = "echo-input";

/// The name of the demo store that holds a record of each kind the Key-value screen shows.
pub const DEMO_FILES: &str = "demo-files";

/// How many numbered records the demo store holds, to page through.
pub const DEMO_NUMBERED_RECORDS: usize = 5000;

/// The size of the demo store's large binary record.
pub const DEMO_LARGE_RECORD_BYTES: usize = 10_000_000;

/// The records of the demo store: odd keys, an empty one, a 10 MB binary one, an unknown
/// content type, and thousands of small ones.
fn demo_files() -> Vec<(String, &'static str, Vec<u8>)> {
    let mut records: Vec<(String, &'static str, Vec<u8>)> = vec![
        (
            "OUTPUT".into(),
            "application/json; charset=utf-8",
            serde_json::to_vec(&json!({
                "title": "Demo output",
                "found": 3,
                "items": [{ "name": "Desk lamp", "price": { "value": 19.9, "currency": "EUR" } }, { "name": "Floor lamp", "tags": ["tall", "warm"] }],
                "nested": { "a": { "b": { "c": [1, 2, 3] } } },
                "ok": true,
            }))
            .expect("json"),
        ),
        ("notes.txt".into(), "text/plain; charset=utf-8", "Notes from the sandbox: příliš žluťoučký kůň.\nA second line that is long enough to wrap in a narrow viewer, to show that text wraps.\n".as_bytes().to_vec()),
        ("page.html".into(), "text/html; charset=utf-8", b"<!doctype html><html><body><h1>Not rendered</h1><script>alert(1)</script></body></html>\n".to_vec()),
        ("feed.xml".into(), "application/xml", b"<?xml version=\"1.0\"?><feed><entry>One</entry></feed>\n".to_vec()),
        ("image-logo.svg".into(), "image/svg+xml", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><rect width=\"8\" height=\"8\" fill=\"green\"/></svg>\n".to_vec()),
        ("image-green.png".into(), "image/png", PNG.to_vec()),
        ("empty.txt".into(), "text/plain; charset=utf-8", Vec::new()),
        ("mystery.dat".into(), "application/x-greenroom-mystery", (0..=255u8).cycle().take(100_000).collect()),
        ("a!b-c_d.e'f(g)h".into(), "text/plain; charset=utf-8", b"A key with every punctuation mark a key may hold.\n".to_vec()),
        ("large.bin".into(), "application/octet-stream", large_bytes(DEMO_LARGE_RECORD_BYTES)),
    ];
    for n in 1..=DEMO_NUMBERED_RECORDS {
        records.push((
            format!("item-{n:05}"),
            "application/json; charset=utf-8",
            serde_json::to_vec(&json!({ "n": n })).expect("json"),
        ));
    }
    records
}

/// Bytes that do not compress, the same every time.
fn large_bytes(len: usize) -> Vec<u8> {
    let random = crate::random::Random::new(0x6772_6565_6e72_6f6f);
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        bytes.extend_from_slice(&random.next_u64().to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// Adds the demo store; its records are written at once and the state saved once, since
/// thousands of single writes would each save the whole state.
pub fn seed_files(state: &AppState, user_id: &str) -> std::io::Result<()> {
    let meta = crate::storage::make_kv_store(state, user_id, Some(DEMO_FILES.into()), None);
    let folder = state.record_path(&meta.id, "x");
    crate::private::create_dir_all(folder.parent().expect("a store folder"))?;
    let mut records = std::collections::BTreeMap::new();
    for (key, content_type, bytes) in demo_files() {
        crate::private::write(&state.record_path(&meta.id, &key), &bytes)?;
        records.insert(
            key,
            crate::state::RecordMeta {
                content_type: content_type.into(),
                size: bytes.len() as u64,
            },
        );
    }
    if let Some(store) = state.db().kv_stores.get_mut(&meta.id) {
        store.records = records;
        store.schema = schemas::key_value_store(DEMO_FILES);
    }
    Ok(())
}

/// Adds the demo Actors and a task to a fresh sandbox.
/// Adds the demo Actors and task; on data from an older version, only the Actors it lacks.
pub fn seed(state: &AppState, db: &mut Db, user_id: &str) {
    let now = crate::time::now();
    let actors = [
        (
            GENERATE_ITEMS,
            "Generate sample items",
            schemas::input(GENERATE_ITEMS),
        ),
        (
            WRITE_RECORDS,
            "Write sample records",
            schemas::input(WRITE_RECORDS),
        ),
        (
            ALWAYS_FAILS,
            "Fail on purpose",
            schemas::input(ALWAYS_FAILS),
        ),
        (SLOW_LOGGER, "Log slowly", schemas::input(SLOW_LOGGER)),
        (
            CRAWL_PAGES,
            "Crawl sample pages",
            schemas::input(CRAWL_PAGES),
        ),
    ];
    let public = [
        (
            "apify",
            HELLO_WORLD,
            "Hello World",
            schemas::input(HELLO_WORLD),
        ),
        (
            "sandbox-labs",
            ECHO_INPUT,
            "Echo input",
            schemas::input(ECHO_INPUT),
        ),
    ];
    let owned = actors
        .into_iter()
        .map(|(name, title, schema)| (user_id.to_owned(), name, title, schema, false));
    let mut all: Vec<_> = owned.collect();
    for (username, name, title, schema) in public {
        let owner = match db.user_by_name(username) {
            Some(user) => user.id.clone(),
            None => {
                let id = state.random.id();
                db.users.push(crate::state::User {
                    id: id.clone(),
                    username: username.to_owned(),
                    plan: "FREE".into(),
                });
                id
            }
        };
        all.push((owner, name, title, schema, true));
    }
    for (owner, name, title, schema, is_public) in all {
        if db
            .actors
            .values()
            .any(|a| a.user_id == owner && a.name == name)
        {
            continue;
        }
        let actor = Actor {
            id: state.random.id(),
            user_id: owner,
            name: name.to_owned(),
            title: title.to_owned(),
            description: schema["description"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            created_at: now.clone(),
            modified_at: now.clone(),
            input_schema: schema,
            default_build_id: state.random.id(),
            build_number: "0.1.1".to_owned(),
            readme: format!("# {title}\n\nA demo Actor of the Greenroom sandbox."),
            is_public,
        };
        db.actors.insert(actor.id.clone(), actor);
    }
    if db.tasks.values().any(|t| t.user_id == user_id) {
        return;
    }
    let generator = db
        .actors
        .values()
        .find(|a| a.name == GENERATE_ITEMS)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    let task = Task {
        id: state.random.id(),
        user_id: user_id.to_owned(),
        act_id: generator,
        name: "ten-desk-lamps".to_owned(),
        title: Some("Ten desk lamps".to_owned()),
        created_at: now.clone(),
        modified_at: now,
        input: json!({ "itemCount": 10, "productKind": "lamps" }),
        options: RunOptions {
            build: "latest".into(),
            timeout_secs: 300,
            memory_mbytes: 1024,
            disk_mbytes: 2048,
        },
    };
    db.tasks.insert(task.id.clone(), task);
}

/// What a run of a demo Actor does: `Ok` for SUCCEEDED, `Err((message, exit code))` for FAILED.
pub async fn perform(
    state: &AppState,
    run_id: &str,
    actor_name: &str,
    input: &Value,
) -> Result<(), (String, i32)> {
    let (dataset_id, store_id, queue_id) = {
        let db = state.db();
        let run = db
            .runs
            .get(run_id)
            .ok_or(("The run disappeared".to_owned(), 1))?;
        (
            run.default_dataset_id.clone(),
            run.default_key_value_store_id.clone(),
            run.default_request_queue_id.clone(),
        )
    };
    match actor_name {
        GENERATE_ITEMS => generate_items(state, run_id, &dataset_id, input).await,
        WRITE_RECORDS => write_records(state, run_id, &store_id, input).await,
        CRAWL_PAGES => crate::crawler::crawl(state, run_id, &queue_id, &dataset_id, input).await,
        ALWAYS_FAILS => {
            state.log(run_id, "Connecting to the target website…");
            tokio::time::sleep(Duration::from_millis(100)).await;
            state.log(run_id, "ERROR: The connection was refused.");
            let message = input["failureMessage"]
                .as_str()
                .unwrap_or("Failed")
                .to_owned();
            Err((message, input["exitCode"].as_i64().unwrap_or(1) as i32))
        }
        SLOW_LOGGER => {
            let duration = Duration::from_secs(input["durationSecs"].as_u64().unwrap_or(30));
            let interval =
                Duration::from_millis(input["intervalMillis"].as_u64().unwrap_or(500).max(10));
            let message = input["message"]
                .as_str()
                .unwrap_or("Still working…")
                .to_owned();
            let started = tokio::time::Instant::now();
            let mut line = 0u64;
            while started.elapsed() < duration {
                line += 1;
                state.log(run_id, &format!("{message} (line {line})"));
                tokio::time::sleep(interval.min(duration.saturating_sub(started.elapsed()))).await;
            }
            state.log(run_id, "Done.");
            Ok(())
        }
        HELLO_WORLD => {
            let message = input["message"]
                .as_str()
                .unwrap_or("Hello world!")
                .to_owned();
            state.log(run_id, &message);
            let item = json!({ "message": message, "greetedAt": crate::time::now() });
            crate::storage::append_items(state, &dataset_id, vec![item.to_string().into_bytes()])
                .await
                .map_err(|e| (e.message, 1))?;
            let output = json!({ "message": message }).to_string();
            crate::storage::store_record(
                state,
                &store_id,
                "OUTPUT",
                "application/json; charset=utf-8",
                output.as_bytes(),
            )
            .await
            .map_err(|e| (e.message, 1))
        }
        ECHO_INPUT => {
            let text = input["text"].as_str().unwrap_or_default();
            let repeat = input["repeat"].as_u64().unwrap_or(1);
            let lines = (0..repeat)
                .map(|index| {
                    json!({ "index": index, "text": text })
                        .to_string()
                        .into_bytes()
                })
                .collect();
            crate::storage::append_items(state, &dataset_id, lines)
                .await
                .map_err(|e| (e.message, 1))?;
            state.log(run_id, &format!("Wrote {repeat} items."));
            Ok(())
        }
        other => Err((format!("The sandbox has no Actor called {other}"), 1)),
    }
}

const TITLES: [&str; 8] = [
    "Lámpara de escritorio",
    "Schreibtischlampe",
    "Настольная лампа",
    "台灯",
    "Lampe de bureau «Nova»",
    "Desk lamp 💡",
    "Lampada da tavolo",
    "デスクライト",
];

/// One generated item: the same index always gives the same item.
pub fn sample_item(index: u64, kind: &str, prefix: &str, input: &Value) -> Value {
    let city = ["Praha", "Berlin", "São Paulo", "東京"][(index % 4) as usize];
    let mut item = json!({
        "id": index + 1,
        "url": format!("https://example.com/{kind}/{}", index + 1),
        "title": format!("{prefix} {} #{}", TITLES[(index % 8) as usize], index + 1),
        "kind": kind,
        "price": { "value": (((index * 7919) % 10_000) as f64 / 100.0 + 1.0) * input["priceFactor"].as_f64().unwrap_or(1.0), "currency": if index.is_multiple_of(3) { "EUR" } else { "USD" } },
        "tags": ["sample", kind],
        "available": !index.is_multiple_of(4),
        "seller": { "name": format!("Seller {}", index % 17), "address": { "city": city, "zip": format!("{:05}", index % 99_999) } },
    });
    // Real scraped data is ragged: some fields only appear on some items.
    if !index.is_multiple_of(5) {
        item["rating"] = json!(((index % 50) as f64) / 10.0);
    }
    if index.is_multiple_of(7) {
        item["description"] = Value::Null;
    }
    if let Some(keywords) = input["keywords"].as_array() {
        item["tags"]
            .as_array_mut()
            .expect("tags is an array")
            .extend(keywords.iter().cloned());
    }
    if let Some(notes) = input["notes"].as_str() {
        item["notes"] = json!(notes);
    }
    if let Some(pairs) = input["extraFields"].as_array() {
        for pair in pairs {
            if let (Some(key), Some(value)) = (pair["key"].as_str(), pair.get("value")) {
                item[key] = value.clone();
            }
        }
    }
    if let Some(extra) = input["extra"].as_object() {
        for (key, value) in extra {
            item[key] = value.clone();
        }
    }
    if input["includeHidden"].as_bool() == Some(true) {
        item["#debug"] = json!({ "index": index });
    }
    item
}

/// The items the generator writes for `index`: one, or none (gone), or two (a duplicate key),
/// and changed or new ones as the variation says; without one, the plain item.
fn varied_items(
    index: u64,
    count: u64,
    variation: Option<&crate::variation::Variation>,
    kind: &str,
    prefix: &str,
    input: &Value,
) -> Vec<Value> {
    use crate::variation::Fate;
    let Some(variation) = variation else {
        return vec![sample_item(index, kind, prefix, input)];
    };
    let mut item = sample_item(index, kind, prefix, input);
    // A field that differs in every item of every run, as a scrape time does.
    item["checkedAt"] = json!(1_767_225_600 + variation.seed * 10_000_000 + index);
    if index >= count {
        return vec![item];
    }
    match variation.fate(index) {
        Fate::Gone => vec![],
        fate => {
            if fate == Fate::Changed {
                let price = item["price"]["value"].as_f64().unwrap_or(0.0);
                item["price"]["value"] = json!(price + 1.0);
            }
            if variation.doubled(index) {
                vec![item.clone(), item]
            } else {
                vec![item]
            }
        }
    }
}

async fn generate_items(
    state: &AppState,
    run_id: &str,
    dataset_id: &str,
    input: &Value,
) -> Result<(), (String, i32)> {
    let count = input["itemCount"].as_u64().unwrap_or(100);
    let kind = input["productKind"].as_str().unwrap_or("books").to_owned();
    let prefix = input["titlePrefix"].as_str().unwrap_or("Sample").to_owned();
    // Not in the form: tests pass it to make a run that writes its items over seconds, as a
    // real scraper does, so what a screen shows while a run works can be watched.
    let pause = Duration::from_millis(input["pauseMillis"].as_u64().unwrap_or(0).min(10_000));
    // Not in the form either: a second run that overlaps a first as a scraper's runs do.
    let variation: Option<crate::variation::Variation> = input
        .get("variation")
        .filter(|v| v.is_object())
        .map(|v| serde_json::from_value(v.clone()).map_err(|e| (format!("variation: {e}"), 1)))
        .transpose()?;
    state.log(run_id, &format!("Generating {count} {kind} items…"));
    let batch = 10_000;
    let total = count + variation.map_or(0, |v| v.new_items(count));
    let mut written = 0;
    while written < total {
        let end = (written + batch).min(total);
        let lines: Vec<Vec<u8>> = (written..end)
            .flat_map(|index| varied_items(index, count, variation.as_ref(), &kind, &prefix, input))
            .map(|item| serde_json::to_vec(&item).expect("items serialize"))
            .collect();
        crate::storage::append_items(state, dataset_id, lines)
            .await
            .map_err(|e| (e.message, 1))?;
        written = end;
        state.log(run_id, &format!("Wrote {written} of {total} items."));
        if pause.is_zero() {
            tokio::task::yield_now().await;
        } else {
            tokio::time::sleep(pause).await;
        }
    }
    Ok(())
}

/// A 1×1 green PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0x60, 0xA8, 0x61, 0x00,
    0x00, 0x00, 0x83, 0x00, 0x81, 0xE5, 0x3B, 0x6C, 0xA8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn write_records(
    state: &AppState,
    run_id: &str,
    store_id: &str,
    input: &Value,
) -> Result<(), (String, i32)> {
    let prefix = input["keyPrefix"].as_str().unwrap_or("");
    let mut records: Vec<(String, &str, Vec<u8>)> = vec![
        (
            format!("{prefix}OUTPUT"),
            "application/json; charset=utf-8",
            serde_json::to_vec_pretty(&json!({
                "ok": true,
                "pseudoUrls": input["pseudoUrls"],
                "globs": input["globs"],
                "targetDataset": input["targetDataset"],
                "attachmentUrl": input["attachmentUrl"],
                "layout": input["layout"],
            }))
            .expect("json"),
        ),
        (
            format!("{prefix}notes.txt"),
            "text/plain; charset=utf-8",
            "Notes from the sandbox: příliš žluťoučký kůň.\n"
                .as_bytes()
                .to_vec(),
        ),
    ];
    if let Some(code) = input["pageFunction"].as_str() {
        records.push((
            format!("{prefix}page-function.js"),
            "application/javascript",
            code.as_bytes().to_vec(),
        ));
    }
    if input["includeBinary"].as_bool() != Some(false) {
        records.push((format!("{prefix}chart.png"), "image/png", PNG.to_vec()));
        records.push((
            format!("{prefix}data.bin"),
            "application/octet-stream",
            (0..=255u8).chain((0..=255u8).rev()).collect(),
        ));
    }
    for (key, content_type, bytes) in records {
        crate::storage::store_record(state, store_id, &key, content_type, &bytes)
            .await
            .map_err(|e| (e.message, 1))?;
        state.log(
            run_id,
            &format!("Saved record {key} ({} bytes).", bytes.len()),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_demo_schemas_together_use_every_editor_type_and_field_feature() {
        let schemas = [
            schemas::input(GENERATE_ITEMS),
            schemas::input(WRITE_RECORDS),
            schemas::input(ALWAYS_FAILS),
            schemas::input(SLOW_LOGGER),
        ];
        let mut editors = BTreeSet::new();
        let mut types = BTreeSet::new();
        let mut keys = BTreeSet::new();
        for schema in &schemas {
            assert_eq!(schema["schemaVersion"], 1);
            for field in schema["properties"].as_object().unwrap().values() {
                editors.insert(field["editor"].as_str().unwrap().to_owned());
                types.insert(field["type"].as_str().unwrap().to_owned());
                keys.extend(field.as_object().unwrap().keys().cloned());
            }
        }
        let wanted_editors = [
            "textfield",
            "textarea",
            "javascript",
            "python",
            "datepicker",
            "select",
            "fileupload",
            "hidden",
            "json",
            "requestListSources",
            "pseudoUrls",
            "globs",
            "keyValue",
            "stringList",
            "schemaBased",
            "proxy",
            "number",
            "checkbox",
            "resourcePicker",
        ];
        for editor in wanted_editors {
            assert!(
                editors.contains(editor),
                "no demo field uses the {editor} editor"
            );
        }
        for kind in ["string", "integer", "number", "boolean", "array", "object"] {
            assert!(types.contains(kind), "no demo field has type {kind}");
        }
        let wanted_keys = [
            "default",
            "prefill",
            "nullable",
            "sectionCaption",
            "sectionDescription",
            "enumTitles",
            "minimum",
            "maximum",
            "unit",
            "isSecret",
            "groupCaption",
            "dateType",
            "pattern",
            "maxLength",
            "maxItems",
            "uniqueItems",
            "resourceType",
        ];
        for key in wanted_keys {
            assert!(keys.contains(key), "no demo field uses {key}");
        }
    }
}
