//! Decoded YAML straight into `encoding/json` values: what `to_value` and then
//! the template-to-JSON conversion give (every number a float64, keys in
//! sorted order, `<<` merges), for values files, which Helm keeps as JSON.

use serde_json::Value as Jv;

use super::{Raw, Scalar, for_each_merged, is_merge, json_number, key_string, resolve};
use crate::engine::value::Value;

/// A scalar's JSON value; a non-finite float fails as `to_value` does.
pub(super) fn scalar(value: &str, plain: bool, tag: Option<&str>) -> Result<Jv, String> {
    Ok(match resolve(value, plain, tag)? {
        Scalar::Null => Jv::Null,
        Scalar::Bool(b) => Jv::Bool(b),
        Scalar::Int(i) => float(i as f64),
        Scalar::Float(f) => match json_number(f)? {
            Value::Float(f) => float(f),
            _ => Jv::Null,
        },
        Scalar::Str(s) => Jv::String(s),
        Scalar::Text => Jv::String(value.to_string()),
    })
}

fn float(f: f64) -> Jv {
    serde_json::Number::from_f64(f).map_or(Jv::Null, Jv::Number)
}

fn merge_into(out: &mut Vec<(String, Jv)>, v: &Raw) -> Result<(), String> {
    for_each_merged(v, &mut |map| {
        if let Jv::Object(m) = to_json_value(map)? {
            out.extend(m);
        }
        Ok(())
    })
}

/// A decoded node as JSON.
pub(super) fn to_json_value(raw: &Raw) -> Result<Jv, String> {
    Ok(match raw {
        Raw::Scalar { value, plain, tag } => scalar(value, *plain, tag.as_deref())?,
        Raw::Seq(items) => Jv::Array(
            items
                .iter()
                .map(to_json_value)
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Raw::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                if is_merge(k) {
                    merge_into(&mut out, v)?;
                    continue;
                }
                out.push((key_string(k)?, to_json_value(v)?));
            }
            // Sorted keys as a BTreeMap would give them; the sort is stable
            // and a repeated key's later value replaces the earlier one.
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Jv::Object(out.into_iter().collect())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::{from_yaml_documents, from_yaml_documents_json};

    /// The JSON reading agrees with the template reading for merges, anchors,
    /// YAML 1.1 scalars, numeric keys and empty documents.
    #[test]
    fn json_documents_match_template_documents() {
        let text = "base: &b {x: 1, w: yes}\nm:\n  <<: [*b, {z: 0x10}]\n  w: off\n\
                    1.5: f\n2: [~, 1e3, '07', 0755, 2024-01-02]\n---\n---\nk: v\n";
        let json = from_yaml_documents_json(text).unwrap();
        let expected: Vec<serde_json::Value> = serde_json::from_str(
            r#"[{"1.5":"f","2":[null,1000.0,"07",493.0,"2024-01-02"],
                 "base":{"w":true,"x":1.0},"m":{"w":false,"x":1.0,"z":16.0}},
                null,{"k":"v"}]"#,
        )
        .unwrap();
        assert_eq!(json, expected);
        assert_eq!(from_yaml_documents(text).unwrap().len(), json.len());
    }

    #[test]
    fn non_finite_numbers_fail_alike() {
        let text = "a: .inf\n";
        assert_eq!(
            from_yaml_documents_json(text).unwrap_err(),
            from_yaml_documents(text).unwrap_err()
        );
    }
}
