//! Go's serialisers as Helm templates see them: YAML exactly as sigs.k8s.io/yaml
//! (go-yaml v2 fed through `encoding/json`) writes it, go-yaml v3 for
//! `toYamlPretty`, `encoding/json` output, and parsing YAML/JSON into template values
//! the way `yaml.Unmarshal` into `map[string]interface{}` does.

mod decode;
mod emit;
mod json;
pub mod number;
mod parse;
pub mod scalar;
mod sort;
mod toml;

use std::sync::Arc;

use crate::engine::value::Value;

pub use decode::{from_yaml, from_yaml_documents, from_yaml_documents_json};
pub use emit::Flavor;
pub use json::{JsonStyle, to_json, to_json_styled};
pub use parse::{from_json, parse_expect_list, parse_expect_map};
pub use sort::key_less;
pub use toml::to_toml;

/// A document ready for the emitter: scalars already rendered to text.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A null, bool or number: always written plain.
    Plain(String),
    /// A string: quoted or folded as go-yaml decides.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys already in go-yaml's order.
    Map(Vec<(String, Node)>),
}

/// Why a value cannot be serialised (Go's `json.Marshal` refuses it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// NaN or an infinity.
    #[error("json: unsupported value: {0}")]
    UnsupportedValue(String),
    /// A function value.
    #[error("json: unsupported type: func")]
    UnsupportedType,
}

/// `sigs.k8s.io/yaml.Marshal`: the YAML text with its trailing newline.
///
/// # Errors
/// When the value holds NaN, an infinity or a function.
pub fn marshal(v: &Value) -> Result<String, EncodeError> {
    Ok(emit::emit(&json_node(v)?, Flavor::V2))
}

/// Helm's `toYaml`: [`marshal`] without the final newline, or `""` on error.
pub fn to_yaml(v: &Value) -> String {
    marshal(v).map(trim_newline).unwrap_or_default()
}

/// Helm's `mustToYaml`.
///
/// # Errors
/// When the value cannot be serialised.
pub fn must_to_yaml(v: &Value) -> Result<String, EncodeError> {
    marshal(v).map(trim_newline)
}

/// Helm's `toYamlPretty` (go-yaml v3, indent 2), or `""` on error.
pub fn to_yaml_pretty(v: &Value) -> String {
    direct_node(v)
        .map(|n| trim_newline(emit::emit(&n, Flavor::V3)))
        .unwrap_or_default()
}

fn trim_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

fn sorted_map(
    m: &std::collections::BTreeMap<Arc<str>, Value>,
    f: fn(&Value) -> Result<Node, EncodeError>,
) -> Result<Node, EncodeError> {
    let mut entries = m
        .iter()
        .map(|(k, v)| Ok((k.to_string(), f(v)?)))
        .collect::<Result<Vec<_>, EncodeError>>()?;
    entries.sort_by(|a, b| sort::key_order(&a.0, &b.0));
    Ok(Node::Map(entries))
}

/// The node go-yaml v2 sees after a value went through `json.Marshal` and back:
/// every number is re-read from its JSON text, so `1e6` becomes the int `1000000`
/// and `1.5e8` stays a float written `1.5e+08`.
pub fn json_node(v: &Value) -> Result<Node, EncodeError> {
    Ok(match v {
        Value::Nil => Node::Plain("null".into()),
        Value::Bool(b) => Node::Plain(b.to_string()),
        Value::Int(i) => Node::Plain(i.to_string()),
        Value::Uint(u) => Node::Plain(u.to_string()),
        Value::Float(f) => Node::Plain(json_float_as_yaml(*f)?),
        Value::String(s) => Node::Str(s.to_string()),
        Value::List(items) => Node::Seq(items.iter().map(json_node).collect::<Result<_, _>>()?),
        Value::Map(m) => sorted_map(&m.borrow(), json_node)?,
    })
}

fn json_float_as_yaml(f: f64) -> Result<String, EncodeError> {
    let text =
        number::format_json(f).ok_or_else(|| EncodeError::UnsupportedValue(number::format_g(f)))?;
    if !text.contains(['.', 'e']) {
        // go-yaml reads an integer-looking JSON number as int64, then uint64.
        if let Some(i) = scalar::parse_go_int(&text)
            && i >= i64::MIN as i128
            && i <= u64::MAX as i128
        {
            return Ok(i.to_string());
        }
    }
    Ok(number::format_g(f))
}

/// The node go-yaml v3 sees for a value encoded directly (no JSON round trip).
pub fn direct_node(v: &Value) -> Result<Node, EncodeError> {
    Ok(match v {
        Value::Float(f) => Node::Plain(match number::format_g(*f).as_str() {
            "+Inf" => ".inf".into(),
            "-Inf" => "-.inf".into(),
            "NaN" => ".nan".into(),
            s => s.into(),
        }),
        Value::List(items) => Node::Seq(items.iter().map(direct_node).collect::<Result<_, _>>()?),
        Value::Map(m) => sorted_map(&m.borrow(), direct_node)?,
        other => json_node(other)?,
    })
}

#[cfg(test)]
mod tests;
