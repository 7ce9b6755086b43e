//! Pruning of fields a structural schema does not declare, and defaulting.

use serde_json::Value;

fn preserves(schema: &Value) -> bool {
    schema
        .get("x-kubernetes-preserve-unknown-fields")
        .and_then(Value::as_bool)
        == Some(true)
}

/// Removes fields the schema does not know; returns the dotted paths removed.
pub(super) fn prune(schema: &Value, obj: &mut Value, root: bool) -> Vec<String> {
    let mut removed = Vec::new();
    prune_at(schema, obj, root, "", &mut removed);
    removed
}

fn prune_at(schema: &Value, obj: &mut Value, root: bool, path: &str, removed: &mut Vec<String>) {
    match obj {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            let keep_unknown = preserves(schema)
                || schema.get("additionalProperties").and_then(Value::as_bool) == Some(true)
                || schema
                    .get("x-kubernetes-embedded-resource")
                    .and_then(Value::as_bool)
                    == Some(true);
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if root && matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
                    continue;
                }
                let child_schema = properties.and_then(|p| p.get(&key)).or(additional);
                match (child_schema, map.get_mut(&key)) {
                    (Some(s), Some(child)) => prune_at(s, child, false, &child_path, removed),
                    (None, _) if keep_unknown => {}
                    (None, _) => {
                        map.remove(&key);
                        removed.push(child_path);
                    }
                    (Some(_), None) => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter_mut().enumerate() {
                    prune_at(item_schema, item, false, &format!("{path}[{i}]"), removed);
                }
            }
        }
        _ => {}
    }
}

/// Fills in `default`s of absent properties, recursively.
pub(super) fn apply_defaults(schema: &Value, obj: &mut Value) {
    match obj {
        Value::Object(map) => {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (key, prop) in properties {
                    if !map.contains_key(key)
                        && let Some(default) = prop.get("default")
                    {
                        map.insert(key.clone(), default.clone());
                    }
                    if let Some(child) = map.get_mut(key) {
                        apply_defaults(prop, child);
                    }
                }
            }
            if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                for child in map.values_mut() {
                    apply_defaults(additional, child);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    apply_defaults(item_schema, item);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prunes_unknown_fields_but_keeps_preserved_ones() {
        let schema = json!({"type": "object", "properties": {
            "spec": {"type": "object", "properties": {"a": {"type": "string"}}},
            "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
        }});
        let mut obj = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "n"},
            "spec": {"a": "1", "b": 2}, "extra": {"anything": true}, "top": 1});
        let removed = prune(&schema, &mut obj, true);
        assert_eq!(removed, ["spec.b", "top"]);
        assert_eq!(obj["extra"]["anything"], json!(true));
        assert_eq!(obj["metadata"]["name"], json!("n"));
    }

    #[test]
    fn defaults_absent_fields_recursively() {
        let schema = json!({"type": "object", "properties": {
            "spec": {"type": "object", "default": {}, "properties": {
                "interval": {"type": "string", "default": "1m"},
                "items": {"type": "array", "items": {"type": "object", "properties": {
                    "port": {"type": "integer", "default": 80}}}}
            }}
        }});
        let mut obj = json!({"spec": {"items": [{}, {"port": 1}]}});
        apply_defaults(&schema, &mut obj);
        assert_eq!(
            obj,
            json!({"spec": {"interval": "1m", "items": [{"port": 80}, {"port": 1}]}})
        );
        let mut empty = json!({});
        apply_defaults(&schema, &mut empty);
        assert_eq!(empty, json!({"spec": {"interval": "1m"}}));
    }
}
