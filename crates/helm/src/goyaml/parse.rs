//! YAML and JSON text into template values, as `sigs.k8s.io/yaml.Unmarshal` and
//! `json.Unmarshal` into `interface{}` produce them: every number is a float64.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotmpl::Value;
use serde::Deserialize;

use super::number::format_g;

fn from_json_value(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::String(s.into()),
        serde_json::Value::Array(a) => Value::List(a.into_iter().map(from_json_value).collect()),
        serde_json::Value::Object(o) => Value::Map(Arc::new(
            o.into_iter()
                .map(|(k, v)| (Arc::from(k), from_json_value(v)))
                .collect(),
        )),
    }
}

fn key_text(k: &serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::Null => "null".into(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => format_g(f),
            _ => n.to_string(),
        },
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim_end()
            .to_string(),
    }
}

fn from_yaml_value(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Nil,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_yaml::Value::String(s) => Value::String(s.into()),
        serde_yaml::Value::Sequence(a) => Value::List(a.into_iter().map(from_yaml_value).collect()),
        serde_yaml::Value::Mapping(m) => {
            let mut out: BTreeMap<Arc<str>, Value> = BTreeMap::new();
            for (k, v) in m {
                out.insert(Arc::from(key_text(&k)), from_yaml_value(v));
            }
            Value::Map(Arc::new(out))
        }
        serde_yaml::Value::Tagged(t) => from_yaml_value(t.value),
    }
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::List(_) => "array",
        Value::Map(_) => "object",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// Every document of a YAML stream, as template values.
///
/// # Errors
/// The parser's message when the text is not YAML.
pub fn from_yaml_documents(text: &str) -> Result<Vec<Value>, String> {
    let mut docs = Vec::new();
    for de in serde_yaml::Deserializer::from_str(text) {
        let v = serde_yaml::Value::deserialize(de)
            .map_err(|e| format!("error converting YAML to JSON: yaml: {e}"))?;
        docs.push(from_yaml_value(v));
    }
    Ok(docs)
}

/// The first YAML document of `text` (nil when there is none).
///
/// # Errors
/// The parser's message when the text is not YAML.
pub fn from_yaml(text: &str) -> Result<Value, String> {
    Ok(from_yaml_documents(text)?
        .into_iter()
        .next()
        .unwrap_or(Value::Nil))
}

/// JSON text as a template value.
///
/// # Errors
/// The parser's message when the text is not JSON.
pub fn from_json(text: &str) -> Result<Value, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(from_json_value)
        .map_err(|e| e.to_string())
}

/// Expect a map (nil becomes an empty map), naming what was found otherwise, as
/// decoding into `map[string]interface{}` does.
///
/// # Errors
/// Go's message when `v` is not a map.
pub fn parse_expect_map(v: Value) -> Result<Value, String> {
    let go_type = "map[string]interface {}";
    match v {
        Value::Map(_) => Ok(v),
        Value::Nil => Ok(Value::Map(Arc::default())),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type {go_type}",
            kind_name(&other)
        )),
    }
}

/// Expect a list (nil becomes an empty list), naming what was found otherwise.
///
/// # Errors
/// Go's message when `v` is not a list.
pub fn parse_expect_list(v: Value) -> Result<Value, String> {
    match v {
        Value::List(_) => Ok(v),
        Value::Nil => Ok(Value::List(Arc::from(Vec::new()))),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            kind_name(&other)
        )),
    }
}
