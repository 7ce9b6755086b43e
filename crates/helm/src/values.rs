//! Values: reading YAML the way Helm does (through JSON, so every number is a
//! float), coalescing chart defaults with user values, `--set` parsing, and
//! `values.schema.json` validation.

mod coalesce;
mod schema;
mod schema_doc;
mod schema_format;
mod schema_pattern;
mod schema_refs;
mod schema_report;
mod schema_subset;
mod schema_words;
mod strvals;

use serde_json::{Map, Value};

pub(crate) use coalesce::coalesce_values_taking;
pub use coalesce::{coalesce_tables, coalesce_values, merge_tables, merge_values};
pub use schema::validate_against_schemas;
pub use schema_refs::SchemaLoader;
pub use strvals::{parse_set, parse_set_string};

/// A values tree.
pub type Values = Map<String, Value>;

/// Parses a values document (`values.yaml`, `-f` files) as Helm's `LoadValues`
/// does: each YAML document read by sigs.k8s.io/yaml (go-yaml v2's YAML 1.1
/// scalars: `yes`/`on` are booleans, `0755` octal; numbers become floats
/// through the JSON round trip; keys become strings), the documents merged in
/// order.
pub fn parse_values(data: &[u8]) -> Result<Values, String> {
    let text = std::str::from_utf8(data).map_err(|e| format!("yaml: invalid UTF-8: {e}"))?;
    let mut out = Values::new();
    for doc in crate::goyaml::from_yaml_documents_json(text)? {
        match doc {
            // The first map is the result as it stands: nothing to merge into.
            Value::Object(m) if out.is_empty() => out = m,
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
    fn yaml_1_1_scalars_resolve_as_in_helm() {
        let v = parse_values(b"a: yes\nb: off\nc: 0755\nd: \"yes\"\ne: ~\n").unwrap();
        assert_eq!(v["a"], Value::Bool(true));
        assert_eq!(v["b"], Value::Bool(false));
        assert_eq!(v["c"], 493.0);
        assert_eq!(v["d"], "yes");
        assert_eq!(v["e"], Value::Null);
        assert!(parse_values(b"- 1\n").is_err());
    }

    #[test]
    fn path_value_ignores_tables() {
        let v = parse_values(b"a: {b: true, c: {d: 1}}").unwrap();
        assert_eq!(path_value(&v, "a.b"), Some(&Value::Bool(true)));
        assert_eq!(path_value(&v, "a.c"), None);
    }
}
