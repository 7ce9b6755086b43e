//! Helm's data functions (`toYaml`, `fromYaml`, `toJson`, `toToml`, ...) and
//! Sprig's JSON ones, built on [`crate::goyaml`].

use std::collections::BTreeMap;
use std::sync::Arc;

use super::FuncMap;
use crate::engine::value::Value;

use super::{add, arity, fail, list, map, s, str_arg};
use crate::goyaml::{self, JsonStyle};

fn error_map(msg: String) -> Value {
    let mut m = BTreeMap::new();
    m.insert(Arc::from("Error"), s(msg));
    map(m)
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "toYaml", |n, a| {
        arity(n, a, 1)?;
        Ok(s(goyaml::to_yaml(&a[0])))
    });
    add(m, "mustToYaml", |n, a| {
        arity(n, a, 1)?;
        goyaml::must_to_yaml(&a[0]).map(s).map_err(|e| fail(n, e))
    });
    add(m, "toYamlPretty", |n, a| {
        arity(n, a, 1)?;
        Ok(s(goyaml::to_yaml_pretty(&a[0])))
    });
    add(m, "fromYaml", |n, a| {
        arity(n, a, 1)?;
        let text = str_arg(n, a, 0)?;
        let parsed = goyaml::from_yaml(text)
            .map_err(|e| yaml_failure(text, e))
            .and_then(|v| goyaml::parse_expect_map(v).map_err(json_failure));
        Ok(parsed.unwrap_or_else(error_map))
    });
    add(m, "fromYamlArray", |n, a| {
        arity(n, a, 1)?;
        let text = str_arg(n, a, 0)?;
        let parsed = goyaml::from_yaml(text)
            .map_err(|e| yaml_failure(text, e))
            .and_then(|v| goyaml::parse_expect_list(v).map_err(json_failure));
        Ok(parsed.unwrap_or_else(|e| list(vec![s(e)])))
    });
    add(m, "toJson", |n, a| {
        arity(n, a, 1)?;
        Ok(s(goyaml::to_json(&a[0]).unwrap_or_default()))
    });
    for (name, style) in [
        ("mustToJson", JsonStyle::Compact),
        ("mustToPrettyJson", JsonStyle::Pretty),
        ("mustToRawJson", JsonStyle::Raw),
    ] {
        add(m, name, move |n, a| {
            arity(n, a, 1)?;
            goyaml::to_json_styled(&a[0], style)
                .map(s)
                .map_err(|e| fail(n, e))
        });
    }
    add(m, "toPrettyJson", |n, a| {
        arity(n, a, 1)?;
        // Sprig ignores the encoding error here and prints nothing.
        Ok(s(
            goyaml::to_json_styled(&a[0], JsonStyle::Pretty).unwrap_or_default()
        ))
    });
    add(m, "toRawJson", |n, a| {
        arity(n, a, 1)?;
        // Sprig panics on an encoding error here, unlike Helm's toJson.
        goyaml::to_json_styled(&a[0], JsonStyle::Raw)
            .map(s)
            .map_err(|e| fail(n, e))
    });
    add(m, "fromJson", |n, a| {
        arity(n, a, 1)?;
        let parsed = goyaml::from_json(str_arg(n, a, 0)?).and_then(goyaml::parse_expect_map);
        Ok(parsed.unwrap_or_else(error_map))
    });
    add(m, "mustFromJson", |n, a| {
        arity(n, a, 1)?;
        goyaml::from_json(str_arg(n, a, 0)?).map_err(|e| fail(n, e))
    });
    add(m, "fromJsonArray", |n, a| {
        arity(n, a, 1)?;
        let parsed = goyaml::from_json(str_arg(n, a, 0)?).and_then(goyaml::parse_expect_list);
        Ok(parsed.unwrap_or_else(|e| list(vec![s(e)])))
    });
    add(m, "fromToml", |n, a| {
        arity(n, a, 1)?;
        Ok(match toml::from_str::<toml::Table>(str_arg(n, a, 0)?) {
            Ok(t) => from_toml(toml::Value::Table(t)),
            Err(e) => error_map(e.message().to_string()),
        })
    });
    add(m, "toToml", |n, a| {
        arity(n, a, 1)?;
        toml_of_non_nil(n, &a[0])?;
        Ok(s(crate::goyaml::to_toml(&a[0]).unwrap_or_else(|e| e)))
    });
    add(m, "mustToToml", |n, a| {
        arity(n, a, 1)?;
        toml_of_non_nil(n, &a[0])?;
        crate::goyaml::to_toml(&a[0]).map(s).map_err(|e| fail(n, e))
    });
}

/// sigs.k8s.io/yaml's words for a document go-yaml cannot read: libyaml's
/// problem (serde_yaml reads with libyaml) as go-yaml v2 words it.
fn yaml_failure(text: &str, ours: String) -> String {
    match serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| e.to_string()) {
        Err(libyaml) if !libyaml.contains("duplicate entry") => {
            crate::output::go_yaml_error(&libyaml, text)
        }
        _ => json_failure(ours),
    }
}

/// A document that is YAML but not of the asked shape, in encoding/json's
/// words as sigs.k8s.io/yaml reports them.
fn json_failure(e: String) -> String {
    format!("error unmarshaling JSON: while decoding JSON: {e}")
}

/// BurntSushi/toml's encoder panics on a nil value (it asks for its type):
/// the panic fails the call, even for `toToml`, which returns the encoder's
/// own errors as text.
fn toml_of_non_nil(n: &str, v: &Value) -> gotmpl::Result<()> {
    match v {
        Value::Nil => Err(fail(n, "reflect: call of reflect.Value.Type on zero Value")),
        _ => Ok(()),
    }
}

/// A TOML value as BurntSushi/toml decodes it into `interface{}` (integers are
/// int64; datetimes keep their RFC 3339 text).
fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.into()),
        toml::Value::Integer(i) => Value::Int(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => s(d.to_string()),
        toml::Value::Array(items) => list(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => map(t
            .into_iter()
            .map(|(k, v)| (Arc::from(k), from_toml(v)))
            .collect()),
    }
}
