//! Strategic merge patch: maps merge, `null` deletes, lists merge by patch
//! merge key, and the `$patch`, `$setElementOrder`, `$retainKeys` and
//! `$deleteFromPrimitiveList` directives.

use serde_yaml::{Mapping, Value};

use super::PatchError;
use super::merge_keys::{is_builtin_kind, is_primitive_merge, merge_keys};
use super::schema::Schema;

const PATCH: &str = "$patch";

/// Which directives a merge honours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Directives {
    /// Only `$patch` (what Kustomize v5.5.0 does: `$setElementOrder/…`,
    /// `$retainKeys` and `$deleteFromPrimitiveList/…` stay in the output as
    /// ordinary fields).
    #[default]
    Kustomize,
    /// All strategic merge directives, with the API server's semantics.
    Kubernetes,
}

/// Merges `patch` into `target` with the API server's semantics. Returns
/// `None` when the patch deletes the whole document.
pub fn merge(target: &Value, patch: &Value) -> Result<Option<Value>, PatchError> {
    merge_with_schema(target, patch, None, Directives::Kubernetes)
}

/// Like [`merge`], with a custom OpenAPI schema that adds merge keys for the
/// kinds it describes (as kustomize's `openapi:` field does), and the
/// directive handling to use.
pub fn merge_with_schema(
    target: &Value,
    patch: &Value,
    schema: Option<&Schema>,
    directives: Directives,
) -> Result<Option<Value>, PatchError> {
    // Like kyaml, take the type of the first of target and patch that has a
    // schema (a patch may name another kind than its target).
    let meta = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let types = [
        (meta(target, "apiVersion"), meta(target, "kind")),
        (meta(patch, "apiVersion"), meta(patch, "kind")),
    ];
    let custom = schema.and_then(|s| {
        types
            .iter()
            .find_map(|(a, k)| s.root(a, k))
            .map(|root| (s, root))
    });
    let ctx = Ctx {
        builtin: types.iter().any(|(_, k)| is_builtin_kind(k)),
        schema: custom,
        directives,
    };
    if directives == Directives::Kustomize {
        // kyaml walks the whole target: associative lists keep one element
        // per merge key.
        if ctx.needs_normalizing(target, &mut Vec::new()) {
            let target = ctx.normalize(target, &mut Vec::new());
            return ctx.merge_value(Some(&target), patch, &mut Vec::new());
        }
    }
    ctx.merge_value(Some(target), patch, &mut Vec::new())
}

struct Ctx<'s> {
    builtin: bool,
    schema: Option<(&'s Schema, &'s Value)>,
    directives: Directives,
}

fn directive(m: &Mapping) -> Result<Option<&str>, PatchError> {
    match m.get(PATCH) {
        None => Ok(None),
        Some(Value::String(s)) if s == "delete" || s == "replace" || s == "merge" => {
            Ok(Some(s.as_str()))
        }
        Some(other) => Err(PatchError::InvalidDirective(format!(
            "unknown $patch value {other:?}"
        ))),
    }
}

fn strip_directives(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(k, _)| !k.as_str().is_some_and(|k| k.starts_with('$')))
                .map(|(k, v)| (k.clone(), strip_directives(v)))
                .collect(),
        ),
        Value::Sequence(s) => Value::Sequence(
            s.iter()
                .filter(|e| {
                    e.as_mapping()
                        .is_none_or(|m| m.get(PATCH).and_then(Value::as_str) != Some("delete"))
                })
                .map(strip_directives)
                .collect(),
        ),
        other => other.clone(),
    }
}

impl Ctx<'_> {
    /// True when the target needs [`Ctx::normalize`]: a repeated merge key
    /// where kyaml's walk goes (checked before paying for a copy).
    fn needs_normalizing(&self, v: &Value, path: &mut Vec<String>) -> bool {
        match v {
            Value::Mapping(m) => m.iter().any(|(k, v)| {
                if !v.is_mapping() && !v.is_sequence() {
                    return false;
                }
                path.push(k.as_str().unwrap_or("").to_string());
                let found = self.needs_normalizing(v, path);
                path.pop();
                found
            }),
            Value::Sequence(items) => {
                let Some(keys) = self.keys_for(path) else {
                    return false;
                };
                let mut seen = std::collections::HashSet::new();
                items
                    .iter()
                    .filter_map(|i| key_values(i, &keys))
                    .any(|k| !seen.insert(k))
                    || items.iter().any(|i| self.needs_normalizing(i, path))
            }
            _ => false,
        }
    }

    /// The target as kyaml's merge walk leaves it: associative lists keep
    /// one element per merge key (the last, where the first stood). Lists
    /// merged as a whole are not walked. (kyaml also clears fields left
    /// empty, `key:`, but keeps `key: null`; both read as null here.)
    fn normalize(&self, v: &Value, path: &mut Vec<String>) -> Value {
        match v {
            Value::Mapping(m) => Value::Mapping(
                m.iter()
                    .map(|(k, v)| {
                        path.push(k.as_str().unwrap_or("").to_string());
                        let v = self.normalize(v, path);
                        path.pop();
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            Value::Sequence(items) => {
                let Some(keys) = self.keys_for(path) else {
                    return v.clone();
                };
                let mut out: Vec<Value> = Vec::with_capacity(items.len());
                let mut at = std::collections::HashMap::new();
                for item in items {
                    let item = self.normalize(item, path);
                    match key_values(&item, &keys) {
                        Some(k) => match at.get(&k) {
                            Some(&i) => out[i] = item,
                            None => {
                                at.insert(k, out.len());
                                out.push(item);
                            }
                        },
                        None => out.push(item),
                    }
                }
                Value::Sequence(out)
            }
            other => other.clone(),
        }
    }

    fn merge_value(
        &self,
        target: Option<&Value>,
        patch: &Value,
        path: &mut Vec<String>,
    ) -> Result<Option<Value>, PatchError> {
        match patch {
            Value::Mapping(pm) => {
                match directive(pm)? {
                    Some("delete") => return Ok(None),
                    Some("replace") => return Ok(Some(strip_directives(patch))),
                    _ => {}
                }
                let empty = Mapping::new();
                let tm = match target {
                    Some(Value::Mapping(m)) => m,
                    _ => &empty,
                };
                Ok(Some(Value::Mapping(self.merge_map(tm, pm, path)?)))
            }
            Value::Sequence(ps) => {
                let Some(Value::Sequence(ts)) = target else {
                    return Ok(Some(strip_directives(patch)));
                };
                self.merge_list(ts, ps, path)
                    .map(|v| v.map(Value::Sequence))
            }
            other => Ok(Some(other.clone())),
        }
    }

    fn merge_map(
        &self,
        tm: &Mapping,
        pm: &Mapping,
        path: &mut Vec<String>,
    ) -> Result<Mapping, PatchError> {
        let mut out = tm.clone();
        let mut new_keys: Vec<(&Value, &Value)> = Vec::new();
        for (k, pv) in pm {
            // Keys compare by their text: a patch key `6443` merges into a
            // target key "6443".
            let text_key = match k {
                Value::Number(_) | Value::Bool(_) => {
                    crate::yaml::scalar_string(k).filter(|t| out.contains_key(t.as_str()))
                }
                _ => None,
            };
            let Some(key) = text_key.as_deref().or_else(|| k.as_str()) else {
                new_keys.push((k, pv));
                continue;
            };
            if key == PATCH || (key.starts_with('$') && self.directives == Directives::Kubernetes) {
                continue;
            }
            if pv.is_null() {
                out.shift_remove(key);
                continue;
            }
            if !out.contains_key(key) {
                new_keys.push((k, pv));
                continue;
            }
            path.push(key.to_string());
            let merged = self.merge_value(out.get(key), pv, path)?;
            path.pop();
            match merged {
                Some(v) => {
                    if let Some(slot) = out.get_mut(key) {
                        *slot = v;
                    }
                }
                None => {
                    out.shift_remove(key);
                }
            }
        }
        new_keys.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        for (k, pv) in new_keys {
            path.push(k.as_str().unwrap_or("").to_string());
            let merged = self.merge_value(None, pv, path)?;
            path.pop();
            if let Some(v) = merged {
                out.insert(k.clone(), v);
            }
        }
        if self.directives == Directives::Kubernetes {
            self.apply_map_directives(&mut out, pm)?;
        }
        Ok(out)
    }

    fn apply_map_directives(&self, out: &mut Mapping, pm: &Mapping) -> Result<(), PatchError> {
        for (k, pv) in pm {
            let Some(key) = k.as_str() else { continue };
            if let Some(field) = key.strip_prefix("$deleteFromPrimitiveList/") {
                let drop: Vec<&Value> = pv
                    .as_sequence()
                    .map(|s| s.iter().collect())
                    .unwrap_or_default();
                if let Some(Value::Sequence(list)) = out.get_mut(field) {
                    list.retain(|e| !drop.contains(&e));
                }
            } else if let Some(field) = key.strip_prefix("$setElementOrder/") {
                let order = pv.as_sequence().cloned().unwrap_or_default();
                if let Some(Value::Sequence(list)) = out.get_mut(field) {
                    reorder(list, &order);
                }
            } else if key == "$retainKeys" {
                let keep: Vec<&str> = pv
                    .as_sequence()
                    .map(|s| s.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                out.retain(|k, _| k.as_str().is_some_and(|k| keep.contains(&k)));
            }
        }
        Ok(())
    }

    /// Merge keys of a list; `None` replaces the list (always so for kinds
    /// without a built-in schema, as kustomize does).
    fn keys_for(&self, path: &[String]) -> Option<Vec<String>> {
        if let Some((schema, root)) = self.schema {
            match schema.list_keys(root, path) {
                Ok(keys) => return keys.filter(|k| !k.is_empty()),
                Err(()) => {
                    return merge_keys(path)
                        .map(|keys| keys.iter().map(|s| s.to_string()).collect());
                }
            }
        }
        if !self.builtin {
            return None;
        }
        merge_keys(path).map(|keys| keys.iter().map(|s| s.to_string()).collect())
    }

    fn merge_list(
        &self,
        ts: &[Value],
        ps: &[Value],
        path: &mut Vec<String>,
    ) -> Result<Option<Vec<Value>>, PatchError> {
        if ps.iter().any(|e| {
            e.as_mapping().is_some_and(|m| {
                m.len() == 1 && m.get(PATCH).and_then(Value::as_str) == Some("delete")
            })
        }) {
            // A bare `$patch: delete` element deletes the whole list.
            return Ok(None);
        }
        if ps.iter().any(|e| {
            e.as_mapping()
                .is_some_and(|m| m.get(PATCH).and_then(Value::as_str) == Some("replace"))
        }) {
            let kept: Vec<Value> = ps
                .iter()
                .filter(|e| !e.as_mapping().is_some_and(|m| m.contains_key(PATCH)))
                .map(strip_directives)
                .collect();
            return Ok(Some(kept));
        }
        if self.builtin && is_primitive_merge(path) {
            let mut out = ps.to_vec();
            out.dedup();
            for t in ts {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
            return Ok(Some(out));
        }
        let Some(keys) = self.keys_for(path) else {
            return Ok(Some(ps.iter().map(strip_directives).collect()));
        };
        // kustomize merges with "prepend" list direction: patch elements come
        // first, in patch order, then target elements the patch did not name.
        let mut used = vec![false; ts.len()];
        let mut out: Vec<Value> = Vec::new();
        for p in ps {
            let Some(pm) = p.as_mapping() else {
                out.push(p.clone());
                continue;
            };
            if pm.len() == 1 && directive(pm)? == Some("merge") {
                // A bare `$patch: merge` element only states the default.
                continue;
            }
            let pos = ts
                .iter()
                .enumerate()
                .position(|(i, t)| !used[i] && same_element(t, pm, &keys));
            let delete = directive(pm)? == Some("delete");
            if let Some(i) = pos {
                used[i] = true;
            }
            if delete {
                continue;
            }
            if let Some(v) = self.merge_value(pos.map(|i| &ts[i]), p, path)? {
                out.push(v);
            }
        }
        out.extend(
            ts.iter()
                .zip(used)
                .filter(|(_, u)| !u)
                .map(|(t, _)| t.clone()),
        );
        Ok(Some(out))
    }
}

/// Two list elements are the same when every merge key present in the patch
/// element has the same value in the target (keys missing from both match).
fn same_element(t: &Value, pm: &Mapping, keys: &[String]) -> bool {
    let Some(tm) = t.as_mapping() else {
        return false;
    };
    let primary = &keys[0];
    let (Some(tp), Some(pp)) = (tm.get(primary.as_str()), pm.get(primary.as_str())) else {
        return false;
    };
    if tp != pp {
        return false;
    }
    keys[1..]
        .iter()
        .all(|k| match (tm.get(k.as_str()), pm.get(k.as_str())) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
}

/// The merge key values of an associative list element (`None` when it is
/// not a map or lacks the first key): elements with equal values are one.
fn key_values(item: &Value, keys: &[String]) -> Option<Vec<Option<String>>> {
    let m = item.as_mapping()?;
    m.get(keys.first()?.as_str())?;
    Some(
        keys.iter()
            .map(|k| m.get(k.as_str()).map(|v| format!("{v:?}")))
            .collect(),
    )
}

fn reorder(list: &mut [Value], order: &[Value]) {
    let key_of = |v: &Value| -> Option<Value> {
        match v {
            Value::Mapping(m) => m
                .iter()
                .find(|(k, _)| !k.as_str().is_some_and(|k| k.starts_with('$')))
                .map(|(_, v)| v.clone()),
            other => Some(other.clone()),
        }
    };
    let rank = |v: &Value| -> usize {
        let k = key_of(v);
        order
            .iter()
            .position(|o| key_of(o) == k)
            .unwrap_or(usize::MAX)
    };
    list.sort_by_key(rank);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    #[test]
    fn merges_containers_by_name_and_deletes_nulls() {
        let target = y(
            "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n        args: [1]\n      - name: b\n        image: y\n",
        );
        let patch = y(
            "spec:\n  template:\n    spec:\n      containers:\n      - name: b\n        image: z\n        args: null\n      - name: c\n        image: w\n",
        );
        let got = merge(&target, &patch).unwrap().unwrap();
        let want = y(
            "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: b\n        image: z\n      - name: c\n        image: w\n      - name: a\n        image: x\n        args: [1]\n",
        );
        assert_eq!(got, want);
    }

    #[test]
    fn patch_delete_removes_list_element_and_document() {
        let target = y("kind: Pod\nspec:\n  volumes:\n  - name: a\n  - name: b\n");
        let patch = y("spec:\n  volumes:\n  - name: a\n    $patch: delete\n");
        let got = merge(&target, &patch).unwrap().unwrap();
        assert_eq!(got, y("kind: Pod\nspec:\n  volumes:\n  - name: b\n"));
        assert_eq!(merge(&target, &y("$patch: delete")).unwrap(), None);
    }

    #[test]
    fn retain_keys_and_delete_from_primitive_list() {
        let target = y("kind: X\nspec:\n  a: 1\n  b: 2\n  list: [p, q, r]\n");
        let patch = y("spec:\n  $retainKeys: [a, list]\n  $deleteFromPrimitiveList/list: [q]\n");
        let got = merge(&target, &patch).unwrap().unwrap();
        assert_eq!(got, y("kind: X\nspec:\n  a: 1\n  list: [p, r]\n"));
    }
}
