//! Checks an Actor's input against its input schema before anything is sent: standard JSON
//! Schema for the field types (the `jsonschema` crate; `@apify/input_schema` cannot run in the
//! webview), and Apify's own rules that JSON Schema does not say: `nullable`, and the shapes of
//! the list, key-value, request-list and proxy editors. Each problem is attached to its field.

use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::Error;

/// One problem with the input, at a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    /// The field's path as a JSON pointer, e.g. `/startUrls/0/url`; empty for the whole input.
    pub path: String,
    pub message: String,
}

/// Every problem with `input` under `schema`; empty when it may be sent.
pub fn check(schema: &Value, input: &Value) -> Result<Vec<FieldProblem>, Error> {
    let standard = with_nullable_types(schema);
    let validator = jsonschema::validator_for(&standard).map_err(|e| {
        Error::validation(
            "This Actor's input schema cannot be checked; edit the input as JSON.",
            format!("the input schema does not compile: {e}"),
        )
    })?;
    let mut problems: Vec<FieldProblem> = validator
        .iter_errors(input)
        .map(|error| {
            let mut path = error.instance_path().as_str().to_owned();
            let message = match error.kind() {
                jsonschema::error::ValidationErrorKind::Required { property } => {
                    let name = property.as_str().unwrap_or_default();
                    path = format!("{path}/{}", escape(name));
                    "This field is required.".to_owned()
                }
                _ => plain(&error.to_string()),
            };
            FieldProblem { path, message }
        })
        .collect();
    if let (Some(properties), Some(values)) = (schema["properties"].as_object(), input.as_object())
    {
        apify_rules(properties, values, "", &mut problems);
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    Ok(problems)
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The validator's words start with the offending value; the field shows beside them anyway.
fn plain(message: &str) -> String {
    let mut text = message.trim().to_owned();
    if let Some(first) = text.get(..1) {
        text.replace_range(..1, &first.to_uppercase());
    }
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

/// The schema as standard JSON Schema: a `nullable` field also accepts `null`.
fn with_nullable_types(schema: &Value) -> Value {
    let mut schema = schema.clone();
    make_nullable(&mut schema);
    schema
}

fn make_nullable(schema: &mut Value) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for property in properties.values_mut() {
        if property["nullable"] == Value::Bool(true) {
            if let Some(kind) = property["type"].as_str().map(str::to_owned) {
                property["type"] = serde_json::json!([kind, "null"]);
            }
            // An `enum` lists values; null is one now too.
            if let Some(values) = property.get_mut("enum").and_then(Value::as_array_mut) {
                values.push(Value::Null);
            }
        }
        make_nullable(property);
    }
}

fn apify_rules(
    properties: &Map<String, Value>,
    values: &Map<String, Value>,
    prefix: &str,
    problems: &mut Vec<FieldProblem>,
) {
    for (name, property) in properties {
        let Some(value) = values.get(name) else {
            continue;
        };
        let path = format!("{prefix}/{}", escape(name));
        let mut problem = |at: String, message: &str| {
            problems.push(FieldProblem {
                path: at,
                message: message.to_owned(),
            })
        };
        if value.is_null() {
            continue;
        }
        match property["editor"].as_str() {
            Some("requestListSources") => each(value, &path, |at, item| {
                let url = item.get("url").and_then(Value::as_str);
                let file = item.get("requestsFromUrl").and_then(Value::as_str);
                match (url, file) {
                    (Some(url), _) if !is_web_url(url) => problem(
                        format!("{at}/url"),
                        "Enter a full web address, starting with http:// or https://.",
                    ),
                    (None, Some(file)) if !is_web_url(file) => problem(
                        format!("{at}/requestsFromUrl"),
                        "Enter the full web address of the file, starting with http:// or https://.",
                    ),
                    (None, None) => problem(at, "Each row needs a URL, or the URL of a file of URLs."),
                    _ => {}
                }
            }),
            Some("keyValue") => each(value, &path, |at, item| {
                let key = item.get("key").and_then(Value::as_str);
                let val = item.get("value").and_then(Value::as_str);
                match (key, val) {
                    (Some(key), Some(_)) => {
                        if let Some(pattern) = property["patternKey"].as_str() {
                            if !matches_pattern(pattern, key) {
                                problem(
                                    format!("{at}/key"),
                                    "This key does not have the form the Actor asks for.",
                                );
                            }
                        }
                    }
                    _ => problem(at, "Each row needs a key and a value, both text."),
                }
            }),
            Some("stringList") => each(value, &path, |at, item| match item.as_str() {
                Some(text) => {
                    if let Some(pattern) = property["patternValue"].as_str() {
                        if !matches_pattern(pattern, text) {
                            problem(at, "This line does not have the form the Actor asks for.");
                        }
                    }
                }
                None => problem(at, "Each line must be text."),
            }),
            Some("pseudoUrls") => each(value, &path, |at, item| {
                if item.get("purl").and_then(Value::as_str).is_none() {
                    problem(at, "Each row needs a pseudo-URL.");
                }
            }),
            Some("globs") => each(value, &path, |at, item| {
                if item.get("glob").and_then(Value::as_str).is_none() {
                    problem(at, "Each row needs a glob pattern.");
                }
            }),
            Some("proxy") => proxy_rules(value, &path, &mut problem),
            Some("schemaBased") => {
                if let (Some(sub), Some(inner)) =
                    (property["properties"].as_object(), value.as_object())
                {
                    apify_rules(sub, inner, &path, problems);
                }
            }
            _ => {}
        }
    }
}

fn each(value: &Value, path: &str, mut check: impl FnMut(String, &Value)) {
    if let Some(items) = value.as_array() {
        for (index, item) in items.iter().enumerate() {
            check(format!("{path}/{index}"), item);
        }
    }
}

fn proxy_rules(value: &Value, path: &str, problem: &mut impl FnMut(String, &str)) {
    let Some(proxy) = value.as_object() else {
        return;
    };
    let apify = proxy.get("useApifyProxy").and_then(Value::as_bool) == Some(true);
    let own = proxy.get("proxyUrls").and_then(Value::as_array);
    if apify && own.is_some_and(|urls| !urls.is_empty()) {
        problem(
            format!("{path}/proxyUrls"),
            "Use either Apify Proxy or your own proxies, not both.",
        );
    }
    for (index, url) in own.into_iter().flatten().enumerate() {
        let valid = url.as_str().is_some_and(|url| {
            ["http://", "https://", "socks4://", "socks5://"]
                .iter()
                .any(|scheme| url.starts_with(scheme))
                && url::Url::parse(url).is_ok_and(|u| u.host().is_some())
        });
        if !valid {
            problem(
                format!("{path}/proxyUrls/{index}"),
                "Enter a proxy address like http://user:password@proxy.example.com:8000.",
            );
        }
    }
    if let Some(country) = proxy.get("apifyProxyCountry").and_then(Value::as_str) {
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            problem(
                format!("{path}/apifyProxyCountry"),
                "Choose a country by its two-letter code, e.g. US.",
            );
        }
    }
}

fn is_web_url(text: &str) -> bool {
    url::Url::parse(text.trim())
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
}

/// Whether `text` matches an input schema's pattern, through the JSON Schema `pattern`
/// keyword, so the same regular expression dialect applies as to string fields.
fn matches_pattern(pattern: &str, text: &str) -> bool {
    jsonschema::validator_for(&serde_json::json!({ "type": "string", "pattern": pattern }))
        .map(|v| v.is_valid(&Value::String(text.to_owned())))
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "title": "Test", "type": "object", "schemaVersion": 1,
            "properties": {
                "count": { "title": "Count", "type": "integer", "editor": "number", "minimum": 1, "maximum": 10 },
                "note": { "title": "Note", "type": "string", "editor": "textfield", "nullable": true },
                "label": { "title": "Label", "type": "string", "editor": "textfield" },
                "startUrls": { "title": "Start URLs", "type": "array", "editor": "requestListSources" },
                "headers": { "title": "Headers", "type": "array", "editor": "keyValue", "patternKey": "^[A-Za-z-]+$" },
                "globs": { "title": "Globs", "type": "array", "editor": "globs" },
                "proxy": { "title": "Proxy", "type": "object", "editor": "proxy" },
                "nested": {
                    "title": "Nested", "type": "object", "editor": "schemaBased",
                    "properties": { "urls": { "title": "URLs", "type": "array", "editor": "requestListSources" } }
                }
            },
            "required": ["count"]
        })
    }

    fn paths(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.path.as_str()).collect()
    }

    #[test]
    fn a_valid_input_has_no_problems_and_nullable_fields_take_null() {
        let input = json!({
            "count": 3, "note": null,
            "startUrls": [{ "url": "https://apify.com" }, { "requestsFromUrl": "https://example.com/urls.txt" }],
            "headers": [{ "key": "User-Agent", "value": "Greenroom" }],
            "globs": [{ "glob": "https://example.com/**" }],
            "proxy": { "useApifyProxy": true, "apifyProxyCountry": "US" },
            "nested": { "urls": [{ "url": "http://example.com" }] }
        });
        assert_eq!(check(&schema(), &input).unwrap(), vec![]);
    }

    #[test]
    fn each_problem_is_attached_to_its_field() {
        let input = json!({
            "note": 5, "label": null,
            "startUrls": [{ "url": "apify.com" }, {}],
            "headers": [{ "key": "Bad Key", "value": "x" }, { "key": "A" }],
            "globs": ["https://example.com/**"],
            "proxy": { "useApifyProxy": true, "proxyUrls": ["ftp://x"], "apifyProxyCountry": "usa" },
            "nested": { "urls": [{ "url": "file:///etc/passwd" }] }
        });
        let problems = check(&schema(), &input).unwrap();
        assert_eq!(
            paths(&problems),
            [
                "/count",
                "/globs/0",
                "/headers/0/key",
                "/headers/1",
                "/label",
                "/nested/urls/0/url",
                "/note",
                "/proxy/apifyProxyCountry",
                "/proxy/proxyUrls",
                "/proxy/proxyUrls/0",
                "/startUrls/0/url",
                "/startUrls/1",
            ],
            "{problems:#?}"
        );
        let required = problems.iter().find(|p| p.path == "/count").unwrap();
        assert_eq!(required.message, "This field is required.");
        assert!(check(&schema(), &json!({ "count": 11 })).unwrap()[0]
            .message
            .contains("10"));
    }

    #[test]
    fn the_demo_actors_schemas_are_valid_apify_input_schemas() {
        let meta = crate::shared_schema("input.schema.json");
        // It refers to nothing outside itself, so it compiles on its own.
        let validator = jsonschema::validator_for(&meta).unwrap();
        let schemas = crate::demo_schemas(".input.json");
        assert!(schemas.len() >= 6);
        // Together they use every editor Apify's schema allows.
        let mut used = std::collections::BTreeSet::new();
        for (_, schema) in &schemas {
            collect_editors(schema, &mut used);
        }
        let mut allowed = std::collections::BTreeSet::new();
        collect_editor_enums(&meta, &mut allowed);
        assert_eq!(allowed.len(), 19, "{allowed:?}");
        let unused: Vec<_> = allowed.difference(&used).collect();
        assert!(unused.is_empty(), "no demo schema uses {unused:?}");
        for (name, schema) in schemas {
            let errors = crate::schema_errors(&validator, &schema);
            assert!(errors.is_empty(), "{name}: {errors:#?}");
        }
    }

    fn collect_editors(schema: &Value, into: &mut std::collections::BTreeSet<String>) {
        for property in schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, p)| p)
        {
            if let Some(editor) = property["editor"].as_str() {
                into.insert(editor.to_owned());
            }
            collect_editors(property, into);
            collect_editors(&property["items"], into);
        }
    }

    /// Every `editor` enum value anywhere in Apify's input schema.
    pub(crate) fn collect_editor_enums(
        value: &Value,
        into: &mut std::collections::BTreeSet<String>,
    ) {
        match value {
            Value::Object(map) => {
                if let Some(values) = map
                    .get("properties")
                    .and_then(|p| p["editor"]["enum"].as_array())
                {
                    into.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                map.values().for_each(|v| collect_editor_enums(v, into));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_editor_enums(v, into)),
            _ => {}
        }
    }
}
