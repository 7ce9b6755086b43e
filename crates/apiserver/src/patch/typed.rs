//! Schema-aware walks over objects, following structured-merge-diff: the field set an
//! object sets, the comparison of two objects, the merge of an applied configuration into
//! a live object, and the removal of fields an applier no longer sets.

mod compare;
mod merge;
mod prune;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::MAX_DEPTH;
use super::fieldpath::{FieldSet, PathElement, path_string};
use super::schema::{ListType, Node};

pub(crate) use compare::{Comparison, compare};
pub(crate) use merge::merge;
pub(crate) use prune::prune;

/// Why a walk failed, with the path where it did.
pub(crate) type WalkError = String;

/// How every too-deep walk error starts.
pub(crate) const TOO_DEEP: &str = "nesting deeper than";

pub(crate) fn too_deep(path: &[PathElement]) -> WalkError {
    format!("{TOO_DEEP} {MAX_DEPTH} levels at '{}'", path_string(path))
}

/// The path element of one item of a granular list.
pub(crate) fn item_element(
    list: &Node,
    item: &Value,
    path: &[PathElement],
) -> Result<PathElement, WalkError> {
    match &list.list {
        ListType::Map { keys, defaults } => {
            let Value::Object(obj) = item else {
                return Err(format!(
                    "{}: associative list with keys may not have non-map elements",
                    path_string(path)
                ));
            };
            let mut fields: Vec<(String, Value)> = Vec::new();
            for key in keys {
                if let Some(v) = obj.get(key) {
                    fields.push((key.clone(), v.clone()));
                } else if let Some((_, d)) = defaults.iter().find(|(k, _)| k == key) {
                    fields.push((key.clone(), d.clone()));
                }
            }
            if fields.is_empty() {
                return Err(format!(
                    "{}: associative list with keys has an element that omits all key fields {keys:?}",
                    path_string(path)
                ));
            }
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(PathElement::Key(fields))
        }
        ListType::Set => match item {
            Value::Object(_) | Value::Array(_) => Err(format!(
                "{}: associative list without keys has an element that is not a scalar",
                path_string(path)
            )),
            v => Ok(PathElement::Value(v.clone())),
        },
        ListType::Atomic => Err(format!(
            "{}: atomic list has no item paths",
            path_string(path)
        )),
    }
}

/// The set of fields `value` sets.
pub(crate) fn field_set(value: &Value, schema: &Node) -> Result<FieldSet, WalkError> {
    let mut set = FieldSet::new();
    to_set(value, schema, &mut Vec::new(), &mut set)?;
    Ok(set)
}

fn to_set(
    value: &Value,
    node: &Node,
    path: &mut Vec<PathElement>,
    set: &mut FieldSet,
) -> Result<(), WalkError> {
    if path.len() > MAX_DEPTH {
        return Err(too_deep(path));
    }
    match value {
        Value::Object(map) if !node.atomic => {
            for (key, child) in map {
                let (child_node, declared) = node.member(key);
                path.push(PathElement::Field(key.clone()));
                to_set(child, child_node, path, set)?;
                let empty = child.is_null() || child.as_object().is_some_and(Map::is_empty);
                if empty || !declared {
                    set.insert(path);
                }
                path.pop();
            }
        }
        Value::Array(items) if node.granular_list() => {
            let mut seen = BTreeMap::new();
            for item in items {
                *seen
                    .entry(item_element(node, item, path)?)
                    .or_insert(0usize) += 1;
            }
            for item in items {
                let pe = item_element(node, item, path)?;
                path.push(pe.clone());
                if seen.get(&pe).copied().unwrap_or(0) > 1 {
                    set.insert(path);
                } else {
                    to_set(item, node.item(), path, set)?;
                    set.insert(path);
                }
                path.pop();
            }
        }
        _ => set.insert(path),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::ListSchema;
    use super::*;

    fn deployment() -> Node {
        ListSchema::builtin("apps/v1", "Deployment").root
    }

    #[test]
    fn field_sets_mark_list_items_and_map_entries_but_not_structs() {
        let obj = json!({
            "metadata": {"labels": {"app": "web"}, "annotations": {}},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx", "resources": {}}]}}}
        });
        let set = field_set(&obj, &deployment()).unwrap();
        assert_eq!(
            set.to_fields_v1(),
            json!({
                "f:metadata": {"f:annotations": {}, "f:labels": {"f:app": {}}},
                "f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {
                    ".": {}, "f:image": {}, "f:name": {}, "f:resources": {}
                }}}}}
            })
        );
    }

    #[test]
    fn schemaless_objects_mark_every_map_entry() {
        let obj = json!({"spec": {"interval": "1m", "ref": {"branch": "main"}}});
        let set = field_set(&obj, &ListSchema::schemaless().root).unwrap();
        assert_eq!(
            set.to_fields_v1(),
            json!({"f:spec": {".": {}, "f:interval": {}, "f:ref": {".": {}, "f:branch": {}}}})
        );
    }

    #[test]
    fn merging_keeps_live_order_and_appends_new_items() {
        let node = deployment();
        let c = |names: &[&str]| {
            json!({"spec": {"template": {"spec": {"containers":
                names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>()}}}})
        };
        let cases = [
            (c(&["a", "b"]), c(&["b", "c"]), c(&["a", "b", "c"])),
            (c(&["a", "b", "c"]), c(&["c", "a"]), c(&["b", "c", "a"])),
            (c(&[]), c(&["x"]), c(&["x"])),
        ];
        for (live, applied, want) in cases {
            assert_eq!(
                merge(&live, &applied, &node).unwrap(),
                want,
                "{live} <- {applied}"
            );
        }
    }

    #[test]
    fn comparisons_mark_new_objects_as_added() {
        let old = json!({"spec": {"replicas": 1}});
        let new =
            json!({"spec": {"replicas": 2, "template": {"metadata": {"labels": {"a": "b"}}}}});
        let c = compare(&old, &new, &deployment()).unwrap();
        assert_eq!(
            c.modified.to_fields_v1(),
            json!({"f:spec": {"f:replicas": {}}})
        );
        assert_eq!(
            c.added.to_fields_v1(),
            json!({"f:spec": {"f:template": {".": {}, "f:metadata": {".": {}, "f:labels": {".": {}, "f:a": {}}}}}})
        );
        assert!(c.removed.is_empty());
    }

    #[test]
    fn rejects_list_items_without_keys() {
        let obj = json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}});
        let err = field_set(&obj, &deployment()).unwrap_err();
        assert!(
            err.starts_with(".spec.template.spec.containers: associative list"),
            "{err}"
        );
    }
}
