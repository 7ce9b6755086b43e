//! Values: reading YAML the way Helm does (through JSON, so every number is a
//! float), coalescing chart defaults with user values, `--set` parsing, and
//! `values.schema.json` validation.

mod coalesce;
mod schema;
mod strvals;

use serde::Deserialize;
use serde_json::{Map, Number, Value};
use serde_yaml::Value as Yaml;

pub use coalesce::{coalesce_tables, coalesce_values, merge_tables, merge_values};
pub use schema::validate_against_schemas;
pub use strvals::{parse_set, parse_set_string};

/// A values tree.
pub type Values = Map<String, Value>;

/// Parses a values document (`values.yaml`, `-f` files): multi-document YAML is
/// merged document by document, numbers become floats as in Helm's JSON round
/// trip, and non-string keys become strings.
pub fn parse_values(data: &[u8]) -> Result<Values, String> {
    let mut out = Values::new();
    for doc in serde_yaml::Deserializer::from_slice(data) {
        let mut yaml = Yaml::deserialize(doc).map_err(|e| e.to_string())?;
        yaml.apply_merge().map_err(|e| e.to_string())?;
        match yaml_to_json(&yaml, 0)? {
            Value::Object(m) => merge_maps(&mut out, m),
            Value::Null => {}
            other => {
                return Err(format!(
                    "cannot unmarshal {} into a values map",
                    kind_name(&other)
                ));
            }
        }
    }
    Ok(out)
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Deep-merges `src` into `dst`, `src` winning (Helm's `MergeMaps`).
pub fn merge_maps(dst: &mut Values, src: Values) {
    for (k, v) in src {
        match (dst.get_mut(&k), v) {
            (Some(Value::Object(d)), Value::Object(s)) => merge_maps(d, s),
            (_, v) => {
                dst.insert(k, v);
            }
        }
    }
}

const MAX_YAML_DEPTH: usize = 256;

/// Converts YAML to JSON the way sigs.k8s.io/yaml does for an untyped target.
pub(crate) fn yaml_to_json(y: &Yaml, depth: usize) -> Result<Value, String> {
    if depth > MAX_YAML_DEPTH {
        return Err("values are nested too deeply".into());
    }
    Ok(match y {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Number(n) => n
            .as_f64()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Sequence(items) => Value::Array(
            items
                .iter()
                .map(|i| yaml_to_json(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(key_string(k), yaml_to_json(v, depth + 1)?);
            }
            Value::Object(out)
        }
        Yaml::Tagged(t) => yaml_to_json(&t.value, depth + 1)?,
    })
}

fn key_string(k: &Yaml) -> String {
    match k {
        Yaml::String(s) => s.clone(),
        Yaml::Number(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Null => "null".into(),
        Yaml::Tagged(t) => key_string(&t.value),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// The table at a dotted path (`a.b.c`), if every step is a map.
pub fn table<'a>(values: &'a Values, path: &str) -> Option<&'a Values> {
    let mut cur = values;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        match cur.get(part) {
            Some(Value::Object(m)) => cur = m,
            _ => return None,
        }
    }
    Some(cur)
}

/// The value at a dotted path whose last element is not a table (Helm's `PathValue`).
pub fn path_value<'a>(values: &'a Values, path: &str) -> Option<&'a Value> {
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (table(values, p)?, k),
        None => (values, path),
    };
    match parent.get(key) {
        Some(Value::Object(_)) | None => None,
        Some(v) => Some(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_floats_and_documents_merge() {
        let v = parse_values(b"a: 1\nb: {c: 2}\n---\nb: {d: 3}\n").unwrap();
        assert!(v["a"].is_f64());
        assert_eq!(v["b"]["c"], 2.0);
        assert_eq!(v["b"]["d"], 3.0);
    }

    #[test]
    fn path_value_ignores_tables() {
        let v = parse_values(b"a: {b: true, c: {d: 1}}").unwrap();
        assert_eq!(path_value(&v, "a.b"), Some(&Value::Bool(true)));
        assert_eq!(path_value(&v, "a.c"), None);
    }
}
