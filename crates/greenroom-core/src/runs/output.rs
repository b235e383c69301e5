//! A run's outputs as its Actor's output schema names them (`actorDefinition.output`): each by
//! its title, with where it leads in the app (a dataset in a view, a record, a store's
//! collection, a web page). Console shows these as the run's Output tab.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::runs::RunSummary;

/// Where an output leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum OutputTarget {
    /// The run's dataset, in the view the template names, if any.
    #[serde(rename_all = "camelCase")]
    Dataset {
        dataset_id: String,
        view: Option<String>,
    },
    /// One record of the run's key-value store.
    #[serde(rename_all = "camelCase")]
    Record { store_id: String, key: String },
    /// The run's key-value store, or one collection of its keys.
    #[serde(rename_all = "camelCase")]
    Store {
        store_id: String,
        collection: Option<String>,
    },
    /// A web page (the run's container, its page in Console), opened in the browser.
    Link { url: String },
    /// A template Greenroom cannot follow; shown as text.
    Unknown { template: String },
}

/// One output of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunOutput {
    /// The property's name in the output schema.
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    pub target: OutputTarget,
}

const DATASET: &str = "{{links.apiDefaultDatasetUrl}}";
const STORE: &str = "{{links.apiDefaultKeyValueStoreUrl}}";

/// The outputs an output schema names for `run`, in the schema's order. A malformed property
/// is left out; an output schema that is not an object gives none.
pub fn outputs(schema: &Value, run: &RunSummary, console_url: Option<&str>) -> Vec<RunOutput> {
    let Some(properties) = schema["properties"].as_object() else {
        return Vec::new();
    };
    properties
        .iter()
        .filter_map(|(name, property)| {
            let template = property["template"].as_str()?;
            Some(RunOutput {
                name: name.clone(),
                title: property["title"].as_str().unwrap_or(name).to_owned(),
                description: property["description"].as_str().map(str::to_owned),
                target: target(template.trim(), run, console_url),
            })
        })
        .collect()
}

fn target(template: &str, run: &RunSummary, console_url: Option<&str>) -> OutputTarget {
    let unknown = || OutputTarget::Unknown {
        template: template.to_owned(),
    };
    if let (Some(rest), Some(dataset_id)) =
        (template.strip_prefix(DATASET), &run.default_dataset_id)
    {
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if path.is_empty() || path == "/items" {
            return OutputTarget::Dataset {
                dataset_id: dataset_id.clone(),
                view: parameter(query, "view"),
            };
        }
        return unknown();
    }
    if let (Some(rest), Some(store_id)) = (
        template.strip_prefix(STORE),
        &run.default_key_value_store_id,
    ) {
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if let Some(key) = path.strip_prefix("/records/") {
            return match decoded(key) {
                Some(key) if !key.is_empty() && !key.contains('{') => OutputTarget::Record {
                    store_id: store_id.clone(),
                    key,
                },
                _ => unknown(),
            };
        }
        if path.is_empty() || path == "/keys" {
            return OutputTarget::Store {
                store_id: store_id.clone(),
                collection: parameter(query, "collection"),
            };
        }
        return unknown();
    }
    // Web pages of the run: the ones this app can name open in the browser.
    let page = match template {
        "{{links.consoleRunUrl}}" => console_url,
        _ => None,
    };
    match page {
        Some(url) if url.starts_with("https://") => OutputTarget::Link {
            url: url.to_owned(),
        },
        _ => unknown(),
    }
}

fn parameter(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| decoded(value))
        .filter(|value| !value.is_empty())
}

fn decoded(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run() -> RunSummary {
        RunSummary {
            default_dataset_id: Some("d1".into()),
            default_key_value_store_id: Some("s1".into()),
            ..RunSummary::with_status("SUCCEEDED", None)
        }
    }

    #[test]
    fn templates_lead_to_the_datasets_view_a_record_a_collection_and_the_run_in_console() {
        let schema = json!({
            "actorOutputSchemaVersion": 1,
            "properties": {
                "overview": { "type": "string", "title": "Products", "description": "What was found.",
                    "template": "{{links.apiDefaultDatasetUrl}}/items?view=overview" },
                "everything": { "type": "string", "template": "{{links.apiDefaultDatasetUrl}}/items" },
                "report": { "type": "string", "title": "Report",
                    "template": "{{links.apiDefaultKeyValueStoreUrl}}/records/report%20final.html" },
                "screens": { "type": "string", "title": "Screenshots",
                    "template": "{{links.apiDefaultKeyValueStoreUrl}}/keys?collection=screenshots" },
                "console": { "type": "string", "title": "In Console", "template": "{{links.consoleRunUrl}}" },
                "live": { "type": "string", "title": "Live view", "template": "{{links.containerRunUrl}}" },
                "broken": { "title": "no template" }
            }
        });
        let found = outputs(
            &schema,
            &run(),
            Some("https://console.apify.com/actors/runs/r1"),
        );
        let targets: Vec<(&str, &OutputTarget)> = found
            .iter()
            .map(|o| (o.title.as_str(), &o.target))
            .collect();
        assert_eq!(
            targets,
            [
                (
                    "Products",
                    &OutputTarget::Dataset {
                        dataset_id: "d1".into(),
                        view: Some("overview".into())
                    }
                ),
                (
                    "everything",
                    &OutputTarget::Dataset {
                        dataset_id: "d1".into(),
                        view: None
                    }
                ),
                (
                    "Report",
                    &OutputTarget::Record {
                        store_id: "s1".into(),
                        key: "report final.html".into()
                    }
                ),
                (
                    "Screenshots",
                    &OutputTarget::Store {
                        store_id: "s1".into(),
                        collection: Some("screenshots".into())
                    }
                ),
                (
                    "In Console",
                    &OutputTarget::Link {
                        url: "https://console.apify.com/actors/runs/r1".into()
                    }
                ),
                (
                    "Live view",
                    &OutputTarget::Unknown {
                        template: "{{links.containerRunUrl}}".into()
                    }
                ),
            ]
        );
        assert_eq!(found[0].description.as_deref(), Some("What was found."));
    }

    #[test]
    fn no_schema_or_a_run_without_storages_gives_nothing_to_follow() {
        assert!(outputs(&Value::Null, &run(), None).is_empty());
        let bare = RunSummary::with_status("SUCCEEDED", None);
        let schema = json!({ "properties": { "o": { "type": "string", "template": "{{links.apiDefaultDatasetUrl}}/items" } } });
        assert!(matches!(
            outputs(&schema, &bare, None)[0].target,
            OutputTarget::Unknown { .. }
        ));
    }

    #[test]
    fn the_demo_actors_output_schemas_are_valid_and_lead_somewhere() {
        let validator =
            jsonschema::validator_for(&crate::shared_schema("output.schema.json")).unwrap();
        let schemas = crate::demo_schemas(".output.json");
        assert_eq!(schemas.len(), 2);
        for (name, schema) in schemas {
            let errors = crate::schema_errors(&validator, &schema);
            assert!(errors.is_empty(), "{name}: {errors:#?}");
            let found = outputs(&schema, &run(), None);
            assert!(!found.is_empty(), "{name}");
            assert!(
                found
                    .iter()
                    .all(|o| !matches!(o.target, OutputTarget::Unknown { .. })),
                "{name}: {found:#?}"
            );
        }
        // The check can fail: an output without a template is refused.
        let broken =
            json!({ "actorOutputSchemaVersion": 1, "properties": { "a": { "type": "string" } } });
        assert!(!validator.is_valid(&broken));
    }
}
