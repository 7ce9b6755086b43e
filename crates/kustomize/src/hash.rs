//! The content-hash name suffix kustomize gives generated ConfigMaps and
//! Secrets: sha256 over a Go-`encoding/json` rendering, first ten hex digits
//! with vowel-like digits swapped for letters.

use serde_yaml::Value;
use sha2::{Digest, Sha256};

use crate::yaml;

/// The hash suffix of a ConfigMap or Secret (other kinds hash their whole body).
pub fn suffix(res: &Value) -> String {
    let kind = yaml::str_at(res, &["kind"]).unwrap_or("");
    // kustomize looks the name up with a path it never finds, so the name
    // always hashes as "".
    let mut fields: Vec<(&str, String)> =
        vec![("kind", go_json_string(kind)), ("name", "\"\"".into())];
    match kind {
        "ConfigMap" => {
            fields.push(("data", field_json(yaml::get(res, "data"))));
            if let Some(b) = yaml::get(res, "binaryData").filter(|v| v.is_mapping()) {
                fields.push(("binaryData", go_json(b)));
            }
        }
        "Secret" => {
            fields.push(("data", field_json(yaml::get(res, "data"))));
            fields.push(("type", field_json(yaml::get(res, "type"))));
            if let Some(s) = yaml::get(res, "stringData").filter(|v| v.is_mapping()) {
                fields.push(("stringData", go_json(s)));
            }
        }
        _ => return encode(&hex(&go_json(res))),
    }
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{v}", go_json_string(k)))
        .collect();
    encode(&hex(&format!("{{{}}}", body.join(","))))
}

fn field_json(v: Option<&Value>) -> String {
    match v {
        None => "\"\"".into(),
        Some(v) if v.is_mapping() => go_json(v),
        Some(v) => go_json_string(&yaml::scalar_string(v).unwrap_or_default()),
    }
}

fn hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn encode(hex: &str) -> String {
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// Renders a value as Go's `json.Marshal` would: map keys sorted, HTML
/// characters escaped.
pub fn go_json(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => go_json_string(s),
        Value::Sequence(items) => format!(
            "[{}]",
            items.iter().map(go_json).collect::<Vec<_>>().join(",")
        ),
        Value::Mapping(m) => {
            let mut entries: Vec<(String, String)> = m
                .iter()
                .map(|(k, v)| (yaml::scalar_string(k).unwrap_or_default(), go_json(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{v}", go_json_string(k)))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Tagged(t) => go_json(&t.value),
    }
}

/// A JSON string literal with Go's escaping.
pub fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
