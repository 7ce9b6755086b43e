//! JSON merge patch (RFC 7386): objects merge recursively, `null` deletes a member, and
//! everything else (arrays included) replaces what was there.

use serde_json::{Map, Value};

use super::{MAX_DEPTH, PatchError};

/// Applies an RFC 7386 merge patch to `doc`.
pub fn merge_patch(doc: &Value, patch: &Value) -> Result<Value, PatchError> {
    merge(Some(doc), patch, 0)
}

fn merge(doc: Option<&Value>, patch: &Value, depth: usize) -> Result<Value, PatchError> {
    if depth > MAX_DEPTH {
        return Err(PatchError::TooDeep {
            path: "merge patch".into(),
        });
    }
    let Value::Object(patch) = patch else {
        return Ok(patch.clone());
    };
    let mut out = match doc {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    for (key, value) in patch {
        if value.is_null() {
            out.shift_remove(key);
        } else {
            let merged = merge(out.get(key), value, depth + 1)?;
            out.insert(key.clone(), merged);
        }
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn merges_objects_deletes_nulls_and_replaces_arrays() {
        // The examples of RFC 7386, appendix A, plus a few Kubernetes-shaped ones.
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (
                json!({"a": "b", "b": "c"}),
                json!({"a": null}),
                json!({"b": "c"}),
            ),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (
                json!({"a": [{"b": "c"}]}),
                json!({"a": [1]}),
                json!({"a": [1]}),
            ),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a": "b"}), json!(["c"]), json!(["c"])),
            (json!({"a": "foo"}), json!(null), json!(null)),
            (json!({"a": "foo"}), json!("bar"), json!("bar")),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
            (
                json!([1, 2]),
                json!({"a": "b", "c": null}),
                json!({"a": "b"}),
            ),
            (
                json!({}),
                json!({"a": {"bb": {"ccc": null}}}),
                json!({"a": {"bb": {}}}),
            ),
            (
                json!({"spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "a"}, {"name": "b"}]}}}}),
                json!({"spec": {"template": {"spec": {"containers": [{"name": "c"}]}}}}),
                json!({"spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "c"}]}}}}),
            ),
        ];
        for (doc, patch, want) in cases {
            assert_eq!(merge_patch(&doc, &patch).unwrap(), want, "{doc} + {patch}");
        }
    }

    #[test]
    fn refuses_absurdly_deep_patches_without_overflowing() {
        let mut patch = json!(1);
        for _ in 0..(MAX_DEPTH + 10) {
            patch = json!({ "a": patch });
        }
        assert!(matches!(
            merge_patch(&json!({}), &patch),
            Err(PatchError::TooDeep { .. })
        ));
    }
}
