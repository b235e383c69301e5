//! The demo Actors' schemas, kept as JSON files in `schemas/` beside this crate so that they
//! read as what Apify Actors declare and are checked against Apify's own schemas as files:
//! `NAME.input.json`, `NAME.dataset.json`, `NAME.key_value_store.json` and `NAME.output.json`.

use std::sync::OnceLock;

use serde_json::Value;

/// Every schema file, by its name.
const FILES: &[(&str, &str)] = &[
    (
        "always-fails.input.json",
        include_str!("../schemas/always-fails.input.json"),
    ),
    (
        "crawl-pages.input.json",
        include_str!("../schemas/crawl-pages.input.json"),
    ),
    (
        "demo-files.key_value_store.json",
        include_str!("../schemas/demo-files.key_value_store.json"),
    ),
    (
        "echo-input.input.json",
        include_str!("../schemas/echo-input.input.json"),
    ),
    (
        "generate-items.dataset.json",
        include_str!("../schemas/generate-items.dataset.json"),
    ),
    (
        "generate-items.input.json",
        include_str!("../schemas/generate-items.input.json"),
    ),
    (
        "generate-items.output.json",
        include_str!("../schemas/generate-items.output.json"),
    ),
    (
        "hello-world.input.json",
        include_str!("../schemas/hello-world.input.json"),
    ),
    (
        "slow-logger.input.json",
        include_str!("../schemas/slow-logger.input.json"),
    ),
    (
        "write-records.input.json",
        include_str!("../schemas/write-records.input.json"),
    ),
    (
        "write-records.key_value_store.json",
        include_str!("../schemas/write-records.key_value_store.json"),
    ),
    (
        "write-records.output.json",
        include_str!("../schemas/write-records.output.json"),
    ),
];

fn parsed() -> &'static [(&'static str, Value)] {
    static PARSED: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, text)| {
                let value = serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("schemas/{name} is not JSON: {e}"));
                (*name, value)
            })
            .collect()
    })
}

fn named(file: &str) -> Option<Value> {
    parsed()
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, value)| value.clone())
}

/// A demo Actor's input schema; every demo Actor has one.
pub fn input(actor_name: &str) -> Value {
    named(&format!("{actor_name}.input.json"))
        .unwrap_or_else(|| panic!("no schemas/{actor_name}.input.json"))
}

/// The dataset schema a demo Actor's build declares (`actorDefinition.storages.dataset`): its
/// fields, whose statistics the API keeps, and views as Apify Console offers them.
pub fn dataset(actor_name: &str) -> Option<Value> {
    named(&format!("{actor_name}.dataset.json"))
}

/// The output schema a demo Actor's build declares (`actorDefinition.output`): what its runs
/// give, as a run's Output tab shows it.
pub fn output(actor_name: &str) -> Option<Value> {
    named(&format!("{actor_name}.output.json"))
}

/// The key-value store schema of a demo Actor, or of the demo store of that name.
pub fn key_value_store(name: &str) -> Option<Value> {
    named(&format!("{name}.key_value_store.json"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_in_the_folder_is_listed_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<String> = super::FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, listed);
        assert_eq!(super::parsed().len(), 12);
        for actor in [
            "generate-items",
            "write-records",
            "always-fails",
            "slow-logger",
        ] {
            assert_eq!(super::input(actor)["schemaVersion"], 1, "{actor}");
        }
    }
}
