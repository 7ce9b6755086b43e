//! JSON patch (RFC 6902): `add`, `remove`, `replace`, `move`, `copy` and `test`, applied
//! in order to a copy of the document; any failing operation fails the whole patch.
//! Where kube-apiserver's library is more lenient than the RFC (negative and
//! zero-padded indices, `test` of an absent member against null, `1` equal to `1.0`),
//! this follows kube-apiserver.

use serde_json::Value;

use super::{MAX_DEPTH, PatchError};

/// Applies an RFC 6902 JSON patch (an array of operations) to `doc`.
pub fn json_patch(doc: &Value, patch: &Value) -> Result<Value, PatchError> {
    let ops = patch
        .as_array()
        .ok_or_else(|| PatchError::Invalid("a json patch must be an array of operations".into()))?;
    let mut out = doc.clone();
    for (i, op) in ops.iter().enumerate() {
        apply_op(&mut out, op).map_err(|e| match e {
            PatchError::Invalid(msg) => PatchError::Invalid(format!("operation {i}: {msg}")),
            other => other,
        })?;
    }
    Ok(out)
}

fn str_member<'a>(op: &'a Value, name: &str) -> Result<&'a str, PatchError> {
    op.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| PatchError::Invalid(format!("missing string member '{name}'")))
}

fn value_member<'a>(op: &'a Value, name: &str) -> Result<&'a Value, PatchError> {
    op.get(name)
        .ok_or_else(|| PatchError::Invalid(format!("missing member '{name}'")))
}

fn apply_op(doc: &mut Value, op: &Value) -> Result<(), PatchError> {
    if !op.is_object() {
        return Err(PatchError::Invalid("an operation must be an object".into()));
    }
    let path = str_member(op, "path")?;
    match str_member(op, "op")? {
        "add" => add(doc, path, value_member(op, "value")?.clone()),
        "remove" => remove(doc, path).map(drop),
        "replace" => {
            let value = value_member(op, "value")?.clone();
            let target = resolve_mut(doc, path)?;
            *target = value;
            Ok(())
        }
        "move" => {
            let from = str_member(op, "from")?;
            if path != from && path.starts_with(from) && path[from.len()..].starts_with('/') {
                return Err(PatchError::Invalid(format!(
                    "cannot move '{from}' into its own child '{path}'"
                )));
            }
            let value = remove(doc, from)?;
            add(doc, path, value)
        }
        "copy" => {
            let value = resolve(doc, str_member(op, "from")?)?.clone();
            add(doc, path, value)
        }
        "test" => {
            let expected = value_member(op, "value")?;
            let found = match resolve(doc, path) {
                Ok(v) => Some(v),
                // A missing member of an existing object tests equal to null.
                Err(PatchError::PathNotFound { .. })
                    if expected.is_null() && parent_exists(doc, path)? =>
                {
                    None
                }
                Err(e) => return Err(e),
            };
            if found.is_none_or(|v| same_json(v, expected)) {
                Ok(())
            } else {
                Err(PatchError::TestFailed { path: path.into() })
            }
        }
        other => Err(PatchError::Invalid(format!("unknown op '{other}'"))),
    }
}

/// JSON equality where numbers compare by value (`1` equals `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn parent_exists(doc: &Value, path: &str) -> Result<bool, PatchError> {
    let mut toks = tokens(path)?;
    if toks.pop().is_none() {
        return Ok(false);
    }
    let parent: String = toks
        .iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect();
    Ok(resolve(doc, &parent).is_ok_and(Value::is_object))
}

/// Splits a JSON pointer into unescaped reference tokens (`~1` is `/`, `~0` is `~`).
fn tokens(path: &str) -> Result<Vec<String>, PatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| PatchError::Invalid(format!("path '{path}' must start with '/'")))?;
    let tokens: Vec<String> = rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    if tokens.len() > MAX_DEPTH {
        return Err(PatchError::TooDeep { path: path.into() });
    }
    Ok(tokens)
}

fn not_found(path: &str) -> PatchError {
    PatchError::PathNotFound { path: path.into() }
}

/// An array index token, read like kube-apiserver's JSON patch library does: a decimal
/// integer, where a negative one counts from the end (`-1` is the last item). `len` is
/// how many positions the operation may address.
fn index(token: &str, len: usize, path: &str) -> Result<usize, PatchError> {
    let digits = token.strip_prefix(['-', '+']).unwrap_or(token);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_found(path));
    }
    let n: usize = digits.parse().map_err(|_| not_found(path))?;
    if token.starts_with('-') {
        len.checked_sub(n)
            .filter(|_| n > 0)
            .ok_or_else(|| not_found(path))
    } else {
        Ok(n)
    }
}

fn resolve<'a>(doc: &'a Value, path: &str) -> Result<&'a Value, PatchError> {
    let mut cur = doc;
    for t in tokens(path)? {
        cur = match cur {
            Value::Object(m) => m.get(&t),
            Value::Array(a) => a.get(index(&t, a.len(), path)?),
            _ => None,
        }
        .ok_or_else(|| not_found(path))?;
    }
    Ok(cur)
}

fn resolve_mut<'a>(doc: &'a mut Value, path: &str) -> Result<&'a mut Value, PatchError> {
    let mut cur = doc;
    for t in tokens(path)? {
        cur = match cur {
            Value::Object(m) => m.get_mut(&t),
            Value::Array(a) => {
                let at = index(&t, a.len(), path)?;
                a.get_mut(at)
            }
            _ => None,
        }
        .ok_or_else(|| not_found(path))?;
    }
    Ok(cur)
}

/// The parent container of `path` and the last token; `None` for the root pointer.
fn parent_mut<'a>(
    doc: &'a mut Value,
    path: &str,
) -> Result<Option<(&'a mut Value, String)>, PatchError> {
    let mut toks = tokens(path)?;
    let Some(last) = toks.pop() else {
        return Ok(None);
    };
    let mut cur = doc;
    for t in toks {
        cur = match cur {
            Value::Object(m) => m.get_mut(&t),
            Value::Array(a) => {
                let at = index(&t, a.len(), path)?;
                a.get_mut(at)
            }
            _ => None,
        }
        .ok_or_else(|| not_found(path))?;
    }
    Ok(Some((cur, last)))
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), PatchError> {
    let Some((parent, last)) = parent_mut(doc, path)? else {
        *doc = value;
        return Ok(());
    };
    match parent {
        Value::Object(m) => {
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            let at = if last == "-" {
                a.len()
            } else {
                index(&last, a.len() + 1, path)?
            };
            if at > a.len() {
                return Err(not_found(path));
            }
            a.insert(at, value);
            Ok(())
        }
        _ => Err(not_found(path)),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, PatchError> {
    let Some((parent, last)) = parent_mut(doc, path)? else {
        return Err(PatchError::Invalid(
            "cannot remove the whole document".into(),
        ));
    };
    match parent {
        Value::Object(m) => m.shift_remove(&last).ok_or_else(|| not_found(path)),
        Value::Array(a) => {
            let at = index(&last, a.len(), path)?;
            if at >= a.len() {
                return Err(not_found(path));
            }
            Ok(a.remove(at))
        }
        _ => Err(not_found(path)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn ok(doc: Value, patch: Value) -> Value {
        json_patch(&doc, &patch).unwrap()
    }

    #[test]
    fn applies_each_of_the_six_operations() {
        let doc = json!({"a": {"b": 1}, "l": [1, 2, 3]});
        let cases = [
            (
                json!([{"op": "add", "path": "/a/c", "value": 2}]),
                json!({"a": {"b": 1, "c": 2}, "l": [1, 2, 3]}),
            ),
            (
                json!([{"op": "add", "path": "/l/1", "value": 9}]),
                json!({"a": {"b": 1}, "l": [1, 9, 2, 3]}),
            ),
            (
                json!([{"op": "add", "path": "/l/-", "value": 9}]),
                json!({"a": {"b": 1}, "l": [1, 2, 3, 9]}),
            ),
            (
                json!([{"op": "remove", "path": "/l/0"}]),
                json!({"a": {"b": 1}, "l": [2, 3]}),
            ),
            (
                json!([{"op": "replace", "path": "/a/b", "value": "x"}]),
                json!({"a": {"b": "x"}, "l": [1, 2, 3]}),
            ),
            (
                json!([{"op": "move", "from": "/a/b", "path": "/z"}]),
                json!({"a": {}, "l": [1, 2, 3], "z": 1}),
            ),
            (
                json!([{"op": "copy", "from": "/l", "path": "/a/l"}]),
                json!({"a": {"b": 1, "l": [1, 2, 3]}, "l": [1, 2, 3]}),
            ),
            (
                json!([{"op": "test", "path": "/a/b", "value": 1}]),
                doc.clone(),
            ),
            (json!([{"op": "add", "path": "", "value": [1]}]), json!([1])),
            (
                json!([{"op": "remove", "path": "/l/-1"}]),
                json!({"a": {"b": 1}, "l": [1, 2]}),
            ),
            (
                json!([{"op": "add", "path": "/l/-1", "value": 9}]),
                json!({"a": {"b": 1}, "l": [1, 2, 3, 9]}),
            ),
            (
                json!([{"op": "replace", "path": "/l/01", "value": 9}]),
                json!({"a": {"b": 1}, "l": [1, 9, 3]}),
            ),
            (
                json!([{"op": "test", "path": "/a/b", "value": 1.0}]),
                doc.clone(),
            ),
            (
                json!([{"op": "test", "path": "/a/zzz", "value": null}]),
                doc.clone(),
            ),
        ];
        for (patch, want) in cases {
            assert_eq!(ok(doc.clone(), patch.clone()), want, "patch {patch}");
        }
    }

    #[test]
    fn unescapes_tilde_and_slash_in_pointers() {
        let doc = json!({"metadata": {"annotations": {"a/b": "1", "c~d": "2"}}});
        let patch = json!([
            {"op": "remove", "path": "/metadata/annotations/a~1b"},
            {"op": "replace", "path": "/metadata/annotations/c~0d", "value": "3"},
        ]);
        assert_eq!(
            ok(doc, patch),
            json!({"metadata": {"annotations": {"c~d": "3"}}})
        );
    }

    #[test]
    fn fails_on_missing_paths_and_bad_indices() {
        let doc = json!({"a": {"b": 1}, "l": [1]});
        let cases = [
            json!([{"op": "remove", "path": "/x"}]),
            json!([{"op": "replace", "path": "/a/x", "value": 1}]),
            json!([{"op": "add", "path": "/x/y", "value": 1}]),
            json!([{"op": "add", "path": "/l/5", "value": 1}]),
            json!([{"op": "remove", "path": "/l/-2"}]),
            json!([{"op": "remove", "path": "/l/x"}]),
            json!([{"op": "remove", "path": "/l/-"}]),
            json!([{"op": "move", "from": "/nope", "path": "/a"}]),
            json!([{"op": "copy", "from": "/nope", "path": "/a"}]),
            json!([{"op": "test", "path": "/nope", "value": 1}]),
        ];
        for patch in cases {
            let err = json_patch(&doc, &patch).unwrap_err();
            assert!(
                matches!(err, PatchError::PathNotFound { .. }),
                "{patch}: {err}"
            );
        }
    }

    #[test]
    fn a_failed_test_fails_the_whole_patch() {
        let doc = json!({"a": 1});
        let patch = json!([{"op": "replace", "path": "/a", "value": 2}, {"op": "test", "path": "/a", "value": 1}]);
        assert_eq!(
            json_patch(&doc, &patch).unwrap_err(),
            PatchError::TestFailed { path: "/a".into() }
        );
    }

    #[test]
    fn rejects_malformed_patches() {
        let doc = json!({});
        for patch in [
            json!({"op": "add"}),
            json!([1]),
            json!([{"path": "/a"}]),
            json!([{"op": "jump", "path": "/a"}]),
            json!([{"op": "add", "path": "a", "value": 1}]),
            json!([{"op": "add", "path": "/a"}]),
            json!([{"op": "move", "from": "/a", "path": "/a/b"}]),
        ] {
            assert!(json_patch(&doc, &patch).is_err(), "{patch}");
        }
    }
}
