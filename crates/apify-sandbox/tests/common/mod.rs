//! Shared by the sandbox's tests: the official spec, schema validation, and a small HTTP client.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

/// The official OpenAPI spec: `$APIFY_OPENAPI_SPEC`, or `../shared/apify-openapi/openapi.json`
/// beside the repository. Without it the tests fail in CI and are skipped elsewhere.
pub fn spec() -> Option<&'static Value> {
    static SPEC: OnceLock<Option<Value>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = std::env::var_os("APIFY_OPENAPI_SPEC")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../../../shared/apify-openapi/openapi.json")
            });
        match std::fs::read(&path) {
            Ok(bytes) => Some(serde_json::from_slice(&bytes).expect("the spec is JSON")),
            Err(error) => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "the official OpenAPI spec is missing at {}: {error}",
                    path.display()
                );
                eprintln!(
                    "skipped: no OpenAPI spec at {} (set APIFY_OPENAPI_SPEC)",
                    path.display()
                );
                None
            }
        }
    })
    .as_ref()
}

fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        value = spec
            .pointer(reference.trim_start_matches('#'))
            .expect("a $ref inside the spec");
    }
    value
}

/// Validates a body against the schema the spec gives for this operation, status and content
/// type (`*/*` when the spec lists that instead). JSON is validated as JSON; any other text as a
/// string; binary only for being listed at all.
pub fn check(
    method: &str,
    template: &str,
    status: u16,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<(), String> {
    let spec = spec().expect("callers check spec() first");
    let operation = spec["paths"]
        .get(template)
        .and_then(|path| path.get(method.to_lowercase()))
        .ok_or_else(|| format!("the spec has no {method} {template}"))?;
    let response = operation["responses"]
        .get(status.to_string())
        .ok_or_else(|| format!("{method} {template}: the spec lists no status {status}"))?;
    let response = resolve(spec, response);
    // A 204 has no content (RFC 9110, 15.3.5), even where the spec sketches an empty object
    // for one (the task DELETE does).
    if status == 204 && bytes.is_empty() {
        return Ok(());
    }
    let media = content_type
        .map(|t| t.split(';').next().unwrap_or("").trim())
        .unwrap_or("");
    let Some(content) = response
        .get("content")
        .filter(|c| c.as_object().is_some_and(|c| !c.is_empty()))
    else {
        return if bytes.is_empty() || media.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{method} {template} {status}: the spec lists no body, got {media}"
            ))
        };
    };
    let Some(schema) = content
        .get(media)
        .or_else(|| content.get("*/*"))
        .map(|c| &c["schema"])
    else {
        return Err(format!(
            "{method} {template} {status}: the spec lists no {media} body"
        ));
    };
    let body = if media == "application/json" {
        serde_json::from_slice::<Value>(bytes)
            .map_err(|e| format!("{method} {template}: invalid JSON: {e}"))?
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        if schema.get("type").and_then(Value::as_str) == Some("string") {
            Value::String(text.to_owned())
        } else {
            return Ok(());
        }
    } else {
        return Ok(());
    };
    let body = &body;
    static VALIDATORS: OnceLock<Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>> =
        OnceLock::new();
    let key = format!("{method} {template} {status}");
    let validator = {
        let mut cache = VALIDATORS.get_or_init(Default::default).lock().unwrap();
        cache
            .entry(key.clone())
            .or_insert_with(|| {
                // `#/components/...` references resolve inside a wrapper that carries the components.
                let mut wrapper =
                    serde_json::json!({ "allOf": [schema], "components": spec["components"] });
                wrapper["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
                std::sync::Arc::new(
                    jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft202012)
                        .build(&wrapper)
                        .unwrap_or_else(|e| panic!("{key}: schema does not compile: {e}")),
                )
            })
            .clone()
    };
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{key}: {}", errors.join("; ")))
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("UTF-8")
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub token: Option<String>,
    http: reqwest::Client,
}

impl Api {
    pub fn new(base: &str, token: &str) -> Self {
        Self {
            base: base.to_owned(),
            token: Some(token.to_owned()),
            http: reqwest::Client::new(),
        }
    }

    pub fn anonymous(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            token: None,
            http: reqwest::Client::new(),
        }
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<(&str, Vec<u8>)>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some((content_type, bytes)) = body {
            request = request.header("content-type", content_type).body(bytes);
        }
        let response = request.send().await.expect("the sandbox answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a whole body").to_vec();
        Answer {
            status,
            headers,
            bytes,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(
            "POST",
            path,
            Some(("application/json", serde_json::to_vec(body).unwrap())),
        )
        .await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> Answer {
        self.send(
            "PUT",
            path,
            Some(("application/json", serde_json::to_vec(body).unwrap())),
        )
        .await
    }
}
