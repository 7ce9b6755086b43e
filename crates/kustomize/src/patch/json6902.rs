//! JSON 6902 patches (add, remove, replace, move, copy, test) applied to a
//! YAML value; the patch may be written as JSON or YAML.

use serde_yaml::Value;

use super::PatchError;
use crate::yaml;

/// Parses a JSON 6902 patch document into its list of operations.
pub fn parse(text: &str) -> Result<Vec<Value>, PatchError> {
    yaml::check_depth(text, "<patch>").map_err(|e| PatchError::Invalid(e.to_string()))?;
    let v = yaml::parse_stream_yaml11(text, "<patch>")
        .map_err(|e| PatchError::Invalid(e.to_string()))?
        .into_iter()
        .next()
        .unwrap_or(Value::Null);
    match v {
        Value::Sequence(ops) => Ok(ops),
        Value::Null => Ok(Vec::new()),
        _ => Err(PatchError::Invalid(
            "a json patch must be a list of operations".into(),
        )),
    }
}

/// Applies operations in order.
pub fn apply(doc: &mut Value, ops: &[Value]) -> Result<(), PatchError> {
    for (index, op) in ops.iter().enumerate() {
        let bad = |message: &str| PatchError::InvalidOperation {
            index,
            message: message.to_string(),
        };
        let name = yaml::str_at(op, &["op"]).ok_or_else(|| bad("missing 'op'"))?;
        let path = yaml::str_at(op, &["path"]).ok_or_else(|| bad("missing 'path'"))?;
        let value = || {
            yaml::get(op, "value")
                .cloned()
                .ok_or_else(|| bad("missing 'value'"))
        };
        match name {
            "add" => add(doc, path, value()?)?,
            "remove" => {
                remove(doc, path)?;
            }
            "replace" => {
                let v = value()?;
                replace(doc, path, v)?;
            }
            "move" => {
                let from = yaml::str_at(op, &["from"]).ok_or_else(|| bad("missing 'from'"))?;
                let v = remove(doc, from)?;
                add(doc, path, v)?;
            }
            "copy" => {
                let from = yaml::str_at(op, &["from"]).ok_or_else(|| bad("missing 'from'"))?;
                let v = lookup_mut(doc, from)?.clone();
                add(doc, path, v)?;
            }
            "test" => {
                let v = value()?;
                if *lookup_mut(doc, path)? != v {
                    return Err(PatchError::TestFailed(path.to_string()));
                }
            }
            other => return Err(bad(&format!("unknown op '{other}'"))),
        }
    }
    Ok(())
}

/// kustomize's JSON patch library replaces a missing key of an existing map
/// by adding it.
fn replace(doc: &mut Value, path: &str, v: Value) -> Result<(), PatchError> {
    if let Ok(target) = lookup_mut(doc, path) {
        *target = v;
        return Ok(());
    }
    let (parent, last) = parent_and_last(doc, path)?;
    match parent {
        Value::Mapping(m) => {
            m.insert(Value::from(last), v);
            Ok(())
        }
        _ => Err(not_found(path, "missing value")),
    }
}

fn tokens(path: &str) -> Result<Vec<String>, PatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(PatchError::PathNotFound {
            path: path.into(),
            message: "must start with '/'".into(),
        });
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn not_found(path: &str, msg: &str) -> PatchError {
    PatchError::PathNotFound {
        path: path.to_string(),
        message: msg.to_string(),
    }
}

fn step<'a>(cur: &'a mut Value, tok: &str, path: &str) -> Result<&'a mut Value, PatchError> {
    match cur {
        Value::Mapping(m) => m
            .get_mut(tok)
            .ok_or_else(|| not_found(path, &format!("missing key '{tok}'"))),
        Value::Sequence(s) => {
            let i = index(tok, s.len(), path)?;
            s.get_mut(i)
                .ok_or_else(|| not_found(path, &format!("index {i} out of range")))
        }
        _ => Err(not_found(path, "not a container")),
    }
}

fn lookup_mut<'a>(doc: &'a mut Value, path: &str) -> Result<&'a mut Value, PatchError> {
    let mut cur = doc;
    for t in tokens(path)? {
        cur = step(cur, &t, path)?;
    }
    Ok(cur)
}

fn parent_and_last<'a>(
    doc: &'a mut Value,
    path: &str,
) -> Result<(&'a mut Value, String), PatchError> {
    let mut toks = tokens(path)?;
    let Some(last) = toks.pop() else {
        return Err(not_found(path, "cannot address the document root"));
    };
    let mut cur = doc;
    for t in &toks {
        cur = step(cur, t, path)?;
    }
    Ok((cur, last))
}

/// A list index; negative ones count from the end (kustomize enables the
/// JSON patch library's negative indices), `len` being the list's length
/// (plus one for `add`).
fn index(tok: &str, len: usize, path: &str) -> Result<usize, PatchError> {
    let bad = || not_found(path, &format!("bad index '{tok}'"));
    let i: i64 = tok.parse().map_err(|_| bad())?;
    if i >= 0 {
        return usize::try_from(i).map_err(|_| bad());
    }
    let back = usize::try_from(i.unsigned_abs()).map_err(|_| bad())?;
    len.checked_sub(back)
        .ok_or_else(|| not_found(path, "invalid index referenced"))
}

fn add(doc: &mut Value, path: &str, v: Value) -> Result<(), PatchError> {
    if path.is_empty() {
        *doc = v;
        return Ok(());
    }
    let (parent, last) = parent_and_last(doc, path)?;
    match parent {
        Value::Mapping(m) => {
            m.insert(Value::from(last), v);
            Ok(())
        }
        Value::Sequence(s) => {
            if last == "-" {
                s.push(v);
                return Ok(());
            }
            let i = index(&last, s.len() + 1, path)?;
            if i > s.len() {
                return Err(not_found(path, "index out of range"));
            }
            s.insert(i, v);
            Ok(())
        }
        _ => Err(not_found(path, "parent is not a container")),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, PatchError> {
    let (parent, last) = parent_and_last(doc, path)?;
    match parent {
        Value::Mapping(m) => m
            .shift_remove(last.as_str())
            .ok_or_else(|| not_found(path, "missing key")),
        Value::Sequence(s) => {
            let i = index(&last, s.len(), path)?;
            if i >= s.len() {
                return Err(not_found(path, "index out of range"));
            }
            Ok(s.remove(i))
        }
        _ => Err(not_found(path, "parent is not a container")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_add_replace_remove() {
        let mut doc: Value = serde_yaml::from_str("a: {b: [1, 2]}\nc: x").unwrap();
        let ops = parse(r#"[{"op":"add","path":"/a/b/-","value":3},{"op":"replace","path":"/c","value":"y"},{"op":"remove","path":"/a/b/0"}]"#).unwrap();
        apply(&mut doc, &ops).unwrap();
        let want: Value = serde_yaml::from_str("a: {b: [2, 3]}\nc: y").unwrap();
        assert_eq!(doc, want);
    }

    #[test]
    fn missing_path_is_an_error() {
        let mut doc: Value = serde_yaml::from_str("a: 1").unwrap();
        let ops = parse("- op: replace\n  path: /b/c\n  value: 2").unwrap();
        assert!(apply(&mut doc, &ops).is_err());
        let ops = parse("- op: remove\n  path: /b").unwrap();
        assert!(apply(&mut doc, &ops).is_err());
    }

    #[test]
    fn replace_adds_a_missing_key_of_an_existing_map() {
        let mut doc: Value = serde_yaml::from_str("a: 1").unwrap();
        let ops = parse("- op: replace\n  path: /b\n  value: 2").unwrap();
        apply(&mut doc, &ops).unwrap();
        assert_eq!(doc, serde_yaml::from_str::<Value>("a: 1\nb: 2").unwrap());
    }
}
