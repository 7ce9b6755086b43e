//! JSON text into template values as `json.Unmarshal` into `interface{}` builds
//! them (every number a float64), and Go's type checks on the result.

use std::sync::Arc;

use crate::engine::value::Value;

fn from_json_value(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::String(s.into()),
        serde_json::Value::Array(a) => Value::List(a.into_iter().map(from_json_value).collect()),
        serde_json::Value::Object(o) => Value::map(
            o.into_iter()
                .map(|(k, v)| (Arc::from(k), from_json_value(v)))
                .collect(),
        ),
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
        Value::Nil => Ok(Value::map(Default::default())),
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
        Value::Nil => Ok(Value::List(Vec::new().into())),
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            kind_name(&other)
        )),
    }
}
