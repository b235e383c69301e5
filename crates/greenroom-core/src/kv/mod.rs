//! A key-value store as its screen shows it: what it is, the collections its Actor declares, and
//! its keys a page at a time, as the API pages them (by the last key seen).

pub mod download;
pub mod edit;
pub mod trash;
pub mod upload;
pub mod view;

use apify_client::ListKeysOptions;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{Error, Session};

/// Bytes of a record moved so far by a download or upload job; `total` is 0 while unknown.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum TransferProgress {
    Transfer { bytes: u64, total: u64 },
}

/// The API's largest page of keys.
pub const MAX_KEYS_PAGE: u64 = 1000;

/// The longest key the API accepts.
pub const MAX_KEY_LENGTH: usize = 256;

const KEY_PUNCTUATION: &str = "!-_.'()";

/// Whether the API allows `c` in a key.
pub fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || KEY_PUNCTUATION.contains(c)
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KvStoreInfo {
    pub id: String,
    pub name: Option<String>,
    pub modified_at: Option<String>,
    pub act_run_id: Option<String>,
    pub size_bytes: Option<u64>,
    pub created_at: Option<String>,
    /// For an unnamed store, the title of the Actor whose run made it: it is called after it.
    pub actor_title: Option<String>,
    /// For an unnamed store, the days Apify keeps it (the plan's data retention).
    pub retention_days: Option<u64>,
    /// From the store's schema; empty when it has none.
    pub collections: Vec<KvCollection>,
}

/// A group of keys the store's schema names: one key, or every key with a prefix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KvCollection {
    /// What the API's `collection` parameter takes.
    pub name: String,
    pub title: String,
    pub description: Option<String>,
    pub key: Option<String>,
    pub key_prefix: Option<String>,
    pub content_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyRow {
    pub key: String,
    pub size: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeysPage {
    pub keys: Vec<KeyRow>,
    /// Where the next page starts, or `None` after the last.
    pub next: Option<String>,
}

pub async fn info(session: &Session, store_id: &str) -> Result<KvStoreInfo, Error> {
    let store = session
        .client()
        .key_value_store(store_id)
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/key-value-stores/{store_id}")))?;
    let extra = |name: &str| store.extra.get(name);
    let actor_title = crate::runs::catalog::title_for_unnamed(
        session,
        store.name.as_deref(),
        extra("actId").and_then(Value::as_str),
    )
    .await;
    let retention_days = crate::retention::for_storage(session, store.name.as_deref()).await;
    Ok(KvStoreInfo {
        retention_days,
        created_at: store
            .created_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        actor_title,
        name: store.name,
        modified_at: store
            .modified_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        act_run_id: extra("actRunId").and_then(Value::as_str).map(str::to_owned),
        size_bytes: extra("stats").and_then(|s| s["storageBytes"].as_u64()),
        collections: extra("schema").map(collections).unwrap_or_default(),
        id: store.id,
    })
}

/// The collections of a key-value store schema, in the order it lists them; one that names
/// neither a key nor a prefix is left out.
pub fn collections(schema: &Value) -> Vec<KvCollection> {
    let Some(listed) = schema["collections"].as_object() else {
        return Vec::new();
    };
    let text = |value: &Value| value.as_str().map(str::to_owned);
    listed
        .iter()
        .map(|(name, c)| KvCollection {
            name: name.clone(),
            title: text(&c["title"]).unwrap_or_else(|| name.clone()),
            description: text(&c["description"]),
            key: text(&c["key"]),
            key_prefix: text(&c["keyPrefix"]),
            content_types: c["contentTypes"]
                .as_array()
                .map(|types| types.iter().filter_map(&text).collect())
                .unwrap_or_default(),
        })
        .filter(|c| c.key.is_some() || c.key_prefix.is_some())
        .collect()
}

/// One page of keys after `after`, narrowed by a prefix and a collection of the store's schema.
pub async fn keys(
    session: &Session,
    store_id: &str,
    prefix: &str,
    collection: Option<String>,
    after: Option<String>,
    limit: u64,
) -> Result<KeysPage, Error> {
    let page = session
        .client()
        .key_value_store(store_id)
        .list_keys(ListKeysOptions {
            limit: Some(limit.clamp(1, MAX_KEYS_PAGE) as i64),
            exclusive_start_key: after,
            prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
            collection,
            ..Default::default()
        })
        .await
        .map_err(|e| session.error(e))?;
    let next = if page.is_truncated {
        page.next_exclusive_start_key
            .or_else(|| page.items.last().map(|k| k.key.clone()))
    } else {
        None
    };
    Ok(KeysPage {
        keys: page
            .items
            .into_iter()
            .map(|k| KeyRow {
                key: k.key,
                size: k.size.map(|s| s.max(0) as u64),
            })
            .collect(),
        next,
    })
}

/// The API's rule for keys, said in plain words before anything is sent.
pub fn check_key(key: &str) -> Result<(), Error> {
    let refuse = |problem: String| Err(Error::validation(problem, format!("record key {key:?}")));
    if key.is_empty() {
        return refuse("Give the record a key.".into());
    }
    if key.len() > MAX_KEY_LENGTH {
        return refuse(format!(
            "A key can have at most {MAX_KEY_LENGTH} characters; this one has {}.",
            key.chars().count()
        ));
    }
    if let Some(bad) = key.chars().find(|c| !is_key_char(*c)) {
        let shown = if bad == ' ' {
            "a space".to_owned()
        } else {
            format!("\"{bad}\"")
        };
        return refuse(format!(
            "A key can't hold {shown}. Use letters, digits and {KEY_PUNCTUATION} only."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_follow_the_apis_rule_and_say_what_is_wrong() {
        assert!(check_key("a!b-c_d.e'f(g)h").is_ok());
        assert!(check_key(&"k".repeat(256)).is_ok());
        let message = |key: &str| check_key(key).unwrap_err().to_string();
        assert!(message("").contains("Give the record a key"));
        assert!(message(&"k".repeat(257)).contains("at most 256"));
        assert!(message("my file.txt").contains("a space"));
        assert!(message("a/b").contains("\"/\""));
        assert!(message("naïve").contains("\"ï\""));
    }

    #[test]
    fn collections_keep_their_order_and_skip_one_without_keys() {
        let schema = json!({ "collections": {
            "screens": { "title": "Screenshots", "keyPrefix": "screen-", "contentTypes": ["image/png"] },
            "output": { "key": "OUTPUT" },
            "broken": { "title": "Nothing to match" }
        }});
        let found = collections(&schema);
        let names: Vec<_> = found.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["screens", "output"]);
        assert_eq!(found[0].content_types, ["image/png"]);
        assert_eq!(found[1].title, "output");
        assert!(collections(&Value::Null).is_empty());
    }

    #[test]
    fn the_sandbox_store_schemas_are_valid_and_have_collections() {
        let mut meta = crate::shared_schema("key_value_store.schema.json");
        // `jsonSchema` refers to draft-07 by its public address, which is not fetched.
        meta["properties"]["collections"]["patternProperties"]["^"]["properties"]["jsonSchema"] =
            json!({ "type": "object" });
        let validator = jsonschema::validator_for(&meta).unwrap();
        let schemas = crate::demo_schemas(".key_value_store.json");
        assert_eq!(schemas.len(), 2);
        for (_, schema) in schemas {
            let errors = crate::schema_errors(&validator, &schema);
            assert!(errors.is_empty(), "{errors:#?}");
            assert!(collections(&schema).len() >= 2);
        }
        // The check can fail: a collection with neither key nor prefix is refused.
        let broken = json!({ "actorKeyValueStoreSchemaVersion": 1, "title": "x",
            "collections": { "a": { "title": "no key" } } });
        assert!(!validator.is_valid(&broken));
    }
}
