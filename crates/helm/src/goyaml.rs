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

use crate::engine::value::Value;

pub(crate) use decode::{Raw, fast_document, from_yaml_as_tree};
pub use decode::{
    from_yaml, from_yaml_documents, from_yaml_documents_json, from_yaml_documents_reference,
    from_yaml_reference,
};
pub use emit::Flavor;
pub use json::{JsonStyle, to_json, to_json_styled};
pub(crate) use parse::go_json_error;
pub use parse::{from_json, parse_expect_list, parse_expect_map};
pub use sort::key_less;
pub use toml::to_toml;

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
    emit::emit(v, Flavor::V2)
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
    emit::emit(v, Flavor::V3)
        .map(trim_newline)
        .unwrap_or_default()
}

fn trim_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

#[cfg(test)]
mod tests;
