//! Validation of an object against a structural schema, with kube-apiserver's wording.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use serde_json::Value;

use crate::error::Cause;

/// Walks `value` against `schema`, appending a cause per failure.
pub(super) fn validate(
    schema: &Value,
    value: &Value,
    path: &str,
    causes: &mut Vec<Cause>,
    root: bool,
) {
    if value.is_null() && schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return;
    }
    let int_or_string = schema
        .get("x-kubernetes-int-or-string")
        .and_then(Value::as_bool)
        == Some(true);
    if int_or_string {
        if !(value.is_i64() || value.is_u64() || value.is_string()) {
            causes.push(type_cause(path, value, "integer or string"));
        }
        return;
    }
    if let Some(type_) = schema.get("type").and_then(Value::as_str) {
        let ok = match type_ {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64() || is_integral(value),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            causes.push(type_cause(path, value, type_));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
        causes.push(Cause::new(
            "FieldValueNotSupported",
            path,
            format!(
                "Unsupported value: {value}: supported values: {}",
                list.join(", ")
            ),
        ));
    }
    match value {
        Value::String(s) => validate_string(schema, s, path, causes),
        Value::Number(n) => validate_number(schema, n.as_f64().unwrap_or(0.0), value, path, causes),
        Value::Array(items) => {
            bound(
                schema,
                "minItems",
                "maxItems",
                items.len(),
                "items",
                value,
                path,
                causes,
            );
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(item_schema, item, &format!("{path}[{i}]"), causes, false);
                }
            }
        }
        Value::Object(map) => {
            for required in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(key) = required.as_str()
                    && !map.contains_key(key)
                {
                    causes.push(Cause::new(
                        "FieldValueRequired",
                        &join(path, key),
                        "Required value",
                    ));
                }
            }
            bound(
                schema,
                "minProperties",
                "maxProperties",
                map.len(),
                "properties",
                value,
                path,
                causes,
            );
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            for (key, child) in map {
                if root && matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
                    continue;
                }
                if let Some(s) = properties.and_then(|p| p.get(key)).or(additional) {
                    validate(s, child, &join(path, key), causes, false);
                }
            }
        }
        _ => {}
    }
}

fn is_integral(v: &Value) -> bool {
    v.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_cause(path: &str, value: &Value, type_: &str) -> Cause {
    let actual = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    Cause::new(
        "FieldValueTypeInvalid",
        path,
        format!(
            "Invalid value: \"{actual}\": {path} in body must be of type {type_}: \"{actual}\""
        ),
    )
}

fn validate_string(schema: &Value, s: &str, path: &str, causes: &mut Vec<Cause>) {
    let len = s.chars().count();
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && (len as u64) < min
    {
        causes.push(Cause::new(
            "FieldValueInvalid",
            path,
            format!("Invalid value: \"{s}\": {path} in body should be at least {min} chars long"),
        ));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && (len as u64) > max
    {
        causes.push(Cause::new(
            "FieldValueTooLong",
            path,
            format!("Too long: may not be more than {max} bytes"),
        ));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
        && let Some(re) = compiled(pattern)
        && !re.is_match(s)
    {
        causes.push(Cause::new(
            "FieldValueInvalid",
            path,
            format!("Invalid value: \"{s}\": {path} in body should match '{pattern}'"),
        ));
    }
}

fn validate_number(schema: &Value, n: f64, value: &Value, path: &str, causes: &mut Vec<Cause>) {
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
        let exclusive = schema.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
        if n < min || (exclusive && n == min) {
            let op = if exclusive {
                "greater than"
            } else {
                "greater than or equal to"
            };
            causes.push(Cause::new(
                "FieldValueInvalid",
                path,
                format!(
                    "Invalid value: {value}: {path} in body should be {op} {}",
                    schema["minimum"]
                ),
            ));
        }
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        let exclusive = schema.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
        if n > max || (exclusive && n == max) {
            let op = if exclusive {
                "less than"
            } else {
                "less than or equal to"
            };
            causes.push(Cause::new(
                "FieldValueInvalid",
                path,
                format!(
                    "Invalid value: {value}: {path} in body should be {op} {}",
                    schema["maximum"]
                ),
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn bound(
    schema: &Value,
    min_key: &str,
    max_key: &str,
    n: usize,
    what: &str,
    value: &Value,
    path: &str,
    causes: &mut Vec<Cause>,
) {
    let _ = value;
    if let Some(min) = schema.get(min_key).and_then(Value::as_u64)
        && (n as u64) < min
    {
        causes.push(Cause::new(
            "FieldValueInvalid",
            path,
            format!("Invalid value: {n}: {path} in body should have at least {min} {what}"),
        ));
    }
    if let Some(max) = schema.get(max_key).and_then(Value::as_u64)
        && (n as u64) > max
    {
        causes.push(Cause::new(
            "FieldValueTooMany",
            path,
            format!("Too many: {n}: must have at most {max} {what}"),
        ));
    }
}

/// Compiled patterns, cached: the same CRD patterns are checked on every write.
fn compiled(pattern: &str) -> Option<Regex> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = cache.lock().ok()?;
    if guard.len() > 4096 {
        guard.clear();
    }
    guard
        .entry(pattern.to_owned())
        .or_insert_with(|| Regex::new(pattern).ok())
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Value, obj: Value) -> Vec<String> {
        let mut causes = Vec::new();
        validate(&schema, &obj, "", &mut causes, true);
        causes
            .into_iter()
            .map(|c| format!("{}: {}", c.field, c.message))
            .collect()
    }

    #[test]
    fn reports_types_enums_patterns_and_required() {
        let schema = json!({"type": "object", "required": ["spec"], "properties": {"spec": {
        "type": "object", "required": ["url"], "properties": {
            "url": {"type": "string", "pattern": "^https?://"},
            "mode": {"type": "string", "enum": ["a", "b"]},
            "replicas": {"type": "integer", "minimum": 0}
        }}}});
        assert_eq!(check(schema.clone(), json!({})), ["spec: Required value"]);
        let got = check(
            schema,
            json!({"spec": {"url": "ftp://x", "mode": "c", "replicas": "3"}}),
        );
        assert_eq!(got.len(), 3, "{got:?}");
        let all = got.join("\n");
        assert!(all.contains("spec.mode: Unsupported value: \"c\""), "{all}");
        assert!(all.contains("must be of type integer"), "{all}");
        assert!(all.contains("should match '^https?://'"), "{all}");
    }

    #[test]
    fn int_or_string_and_nullable_are_accepted() {
        let schema = json!({"type": "object", "properties": {
            "port": {"x-kubernetes-int-or-string": true},
            "opt": {"type": "string", "nullable": true}}});
        assert!(check(schema.clone(), json!({"port": 8080, "opt": null})).is_empty());
        assert!(check(schema, json!({"port": "http"})).is_empty());
    }
}
