//! Checks a run's input against the Actor's input schema the way the platform does before it
//! starts a run, and fills in `default` values for fields the input leaves out.

use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};

fn invalid(message: String) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::BAD_REQUEST,
        "invalid-input",
        format!("Input is not valid: {message}"),
    )
}

pub fn validate(schema: &Value, input: Value) -> ApiResult<Value> {
    let mut input = match input {
        Value::Null => Map::new(),
        Value::Object(map) => map,
        _ => return Err(invalid("The input must be a JSON object".into())),
    };
    let properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (name, field) in &properties {
        if !input.contains_key(name) {
            if let Some(default) = field.get("default") {
                input.insert(name.clone(), default.clone());
            }
        }
    }
    for required in schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if input.get(required).is_none_or(Value::is_null) {
            return Err(invalid(format!("Field input.{required} is required")));
        }
    }
    for (name, value) in &input {
        let Some(field) = properties.get(name) else {
            continue;
        };
        check_field(name, field, value)?;
    }
    Ok(Value::Object(input))
}

fn check_field(name: &str, field: &Value, value: &Value) -> ApiResult<()> {
    if value.is_null() {
        return if field["nullable"].as_bool() == Some(true) || field.get("default").is_none() {
            Ok(())
        } else {
            Err(invalid(format!("Field input.{name} must not be null")))
        };
    }
    let expected = field["type"].as_str().unwrap_or("");
    let type_ok = match expected {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    };
    if !type_ok {
        return Err(invalid(format!("Field input.{name} must be {expected}")));
    }
    if let Some(number) = value.as_f64() {
        if let Some(minimum) = field["minimum"].as_f64().filter(|m| number < *m) {
            return Err(invalid(format!("Field input.{name} must be >= {minimum}")));
        }
        if let Some(maximum) = field["maximum"].as_f64().filter(|m| number > *m) {
            return Err(invalid(format!("Field input.{name} must be <= {maximum}")));
        }
    }
    if let Some(text) = value.as_str() {
        let length = text.chars().count() as u64;
        if let Some(min) = field["minLength"].as_u64().filter(|m| length < *m) {
            return Err(invalid(format!(
                "Field input.{name} must be at least {min} characters long"
            )));
        }
        if let Some(max) = field["maxLength"].as_u64().filter(|m| length > *m) {
            return Err(invalid(format!(
                "Field input.{name} must be at most {max} characters long"
            )));
        }
        if let Some(allowed) = field["enum"].as_array() {
            if !allowed.iter().any(|option| option.as_str() == Some(text)) {
                return Err(invalid(format!(
                    "Field input.{name} must be equal to one of the allowed values"
                )));
            }
        }
    }
    if let Some(items) = value.as_array() {
        let count = items.len() as u64;
        if let Some(min) = field["minItems"].as_u64().filter(|m| count < *m) {
            return Err(invalid(format!(
                "Field input.{name} must have at least {min} items"
            )));
        }
        if let Some(max) = field["maxItems"].as_u64().filter(|m| count > *m) {
            return Err(invalid(format!(
                "Field input.{name} must have at most {max} items"
            )));
        }
        if field["uniqueItems"].as_bool() == Some(true) {
            let mut seen = std::collections::HashSet::new();
            if !items.iter().all(|item| seen.insert(item.to_string())) {
                return Err(invalid(format!(
                    "Field input.{name} must not contain duplicates"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "properties": {
                "count": { "type": "integer", "minimum": 1, "maximum": 10, "default": 3 },
                "kind": { "type": "string", "enum": ["a", "b"] },
                "name": { "type": "string" }
            },
            "required": ["name"]
        })
    }

    #[test]
    fn defaults_fill_missing_fields() {
        let input = validate(&schema(), json!({ "name": "x" })).unwrap();
        assert_eq!(input, json!({ "name": "x", "count": 3 }));
    }

    #[test]
    fn each_rule_names_the_field() {
        let cases = [
            (json!({}), "Field input.name is required"),
            (json!({ "name": 1 }), "Field input.name must be string"),
            (
                json!({ "name": "x", "count": 11 }),
                "Field input.count must be <= 10",
            ),
            (
                json!({ "name": "x", "kind": "c" }),
                "Field input.kind must be equal to one of the allowed values",
            ),
            (json!([1]), "The input must be a JSON object"),
        ];
        for (input, message) in cases {
            let error = validate(&schema(), input).unwrap_err();
            assert_eq!(error.kind, "invalid-input");
            assert!(
                error.message.contains(message),
                "{} should contain {message}",
                error.message
            );
        }
    }
}
