//! Schema-aware walks over objects, following structured-merge-diff: the field set an
//! object sets, the comparison of two objects, the merge of an applied configuration into
//! a live object, and the removal of fields an applier no longer sets.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map, Value};

use super::MAX_DEPTH;
use super::fieldpath::{FieldSet, PathElement, path_string};
use super::schema::{ListType, Node};

/// Why a walk failed, with the path where it did.
pub(crate) type WalkError = String;

fn too_deep(path: &[PathElement]) -> WalkError {
    format!(
        "nesting deeper than {MAX_DEPTH} levels at '{}'",
        path_string(path)
    )
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

/// What changed between two versions of an object.
#[derive(Debug, Default)]
pub(crate) struct Comparison {
    pub added: FieldSet,
    pub modified: FieldSet,
    pub removed: FieldSet,
}

/// Compares `old` with `new`.
pub(crate) fn compare(old: &Value, new: &Value, schema: &Node) -> Result<Comparison, WalkError> {
    let mut c = Comparison::default();
    compare_at(Some(old), Some(new), schema, &mut Vec::new(), &mut c)?;
    Ok(c)
}

fn is_empty_container(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

fn compare_at(
    old: Option<&Value>,
    new: Option<&Value>,
    node: &Node,
    path: &mut Vec<PathElement>,
    c: &mut Comparison,
) -> Result<(), WalkError> {
    if path.len() > MAX_DEPTH {
        return Err(too_deep(path));
    }
    // A null counts as an empty map or list that is there (Go's nil slices and maps).
    let maps = matches!(
        (old, new),
        (
            Some(Value::Object(_) | Value::Null) | None,
            Some(Value::Object(_)) | None
        )
    ) || matches!((old, new), (Some(Value::Object(_)), Some(Value::Null)));
    let lists = matches!(
        (old, new),
        (
            Some(Value::Array(_) | Value::Null) | None,
            Some(Value::Array(_)) | None
        )
    ) || matches!((old, new), (Some(Value::Array(_)), Some(Value::Null)));
    let both_empty = is_empty_container(old) && is_empty_container(new);
    let leaf = if maps {
        node.atomic || both_empty
    } else if lists {
        !node.granular_list() || both_empty
    } else {
        true
    };
    if leaf {
        match (old, new) {
            (None, Some(_)) => c.added.insert(path),
            (Some(_), None) => c.removed.insert(path),
            (Some(a), Some(b)) if a != b => c.modified.insert(path),
            _ => {}
        }
        return Ok(());
    }
    if maps {
        let empty = Map::new();
        let om = old.and_then(Value::as_object).unwrap_or(&empty);
        let nm = new.and_then(Value::as_object).unwrap_or(&empty);
        let keys = om.keys().chain(nm.keys().filter(|k| !om.contains_key(*k)));
        for key in keys {
            path.push(PathElement::Field(key.clone()));
            compare_at(om.get(key), nm.get(key), node.member(key).0, path, c)?;
            path.pop();
        }
    } else {
        compare_lists(old, new, node, path, c)?;
    }
    match (old, new) {
        (None, Some(_)) => c.added.insert(path),
        (Some(_), None) => c.removed.insert(path),
        _ => {}
    }
    Ok(())
}

type Indexed<'a> = (Vec<PathElement>, BTreeMap<PathElement, Vec<&'a Value>>);

fn index_items<'a>(
    list: Option<&'a Value>,
    node: &Node,
    path: &[PathElement],
) -> Result<Indexed<'a>, WalkError> {
    let mut order = Vec::new();
    let mut by_pe: BTreeMap<PathElement, Vec<&Value>> = BTreeMap::new();
    for item in list.and_then(Value::as_array).into_iter().flatten() {
        let pe = item_element(node, item, path)?;
        let entry = by_pe.entry(pe.clone()).or_default();
        if entry.is_empty() {
            order.push(pe);
        }
        entry.push(item);
    }
    Ok((order, by_pe))
}

fn compare_lists(
    old: Option<&Value>,
    new: Option<&Value>,
    node: &Node,
    path: &mut Vec<PathElement>,
    c: &mut Comparison,
) -> Result<(), WalkError> {
    let (mut order, olds) = index_items(old, node, path)?;
    let (new_order, news) = index_items(new, node, path)?;
    order.extend(new_order.into_iter().filter(|pe| !olds.contains_key(pe)));
    for pe in order {
        let l = olds.get(&pe).map(Vec::as_slice).unwrap_or_default();
        let r = news.get(&pe).map(Vec::as_slice).unwrap_or_default();
        path.push(pe);
        match (l.len(), r.len()) {
            (0..=1, 0..=1) => {
                compare_at(l.first().copied(), r.first().copied(), node.item(), path, c)?
            }
            (2.., 2..) => {
                if l != r {
                    c.modified.insert(path);
                }
            }
            (2.., _) => {
                if let Some(r) = r.first() {
                    compare_at(None, Some(r), node.item(), path, c)?;
                }
                c.removed.insert(path);
            }
            (_, _) => {
                if let Some(l) = l.first() {
                    compare_at(Some(l), None, node.item(), path, c)?;
                }
                c.added.insert(path);
            }
        }
        path.pop();
    }
    Ok(())
}

/// Merges the applied configuration `applied` into `live`.
pub(crate) fn merge(live: &Value, applied: &Value, schema: &Node) -> Result<Value, WalkError> {
    Ok(merge_at(Some(live), Some(applied), schema, &mut Vec::new())?.unwrap_or(Value::Null))
}

fn merge_at(
    live: Option<&Value>,
    applied: Option<&Value>,
    node: &Node,
    path: &mut Vec<PathElement>,
) -> Result<Option<Value>, WalkError> {
    if path.len() > MAX_DEPTH {
        return Err(too_deep(path));
    }
    let Some(applied) = applied else {
        return Ok(live.cloned());
    };
    match (live, applied) {
        (Some(Value::Object(_)) | None, Value::Object(a)) if !node.atomic => {
            let empty = Map::new();
            let l = live.and_then(Value::as_object).unwrap_or(&empty);
            let mut out = Map::new();
            let keys = l.keys().chain(a.keys().filter(|k| !l.contains_key(*k)));
            for key in keys {
                path.push(PathElement::Field(key.clone()));
                let merged = merge_at(l.get(key), a.get(key), node.member(key).0, path)?;
                path.pop();
                // An applied null unsets the field.
                if let Some(v) = merged.filter(|v| !v.is_null()) {
                    out.insert(key.clone(), v);
                }
            }
            Ok(Some(Value::Object(out)))
        }
        (Some(Value::Array(_)) | None, Value::Array(_)) if node.granular_list() => {
            merge_lists(live, applied, node, path).map(Some)
        }
        _ => Ok(Some(applied.clone())),
    }
}

fn merge_lists(
    live: Option<&Value>,
    applied: &Value,
    node: &Node,
    path: &mut Vec<PathElement>,
) -> Result<Value, WalkError> {
    let live_items: &[Value] = live
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let (_, applied_by_pe) = index_items(Some(applied), node, path)?;
    if let Some((pe, _)) = applied_by_pe.iter().find(|(_, v)| v.len() > 1) {
        return Err(format!(
            "{}: duplicate entries for key {pe}",
            path_string(path)
        ));
    }
    let rpes: Vec<PathElement> = applied
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| item_element(node, i, path))
        .collect::<Result<_, _>>()?;
    let lpes: Vec<PathElement> = live_items
        .iter()
        .map(|i| item_element(node, i, path))
        .collect::<Result<_, _>>()?;
    let mut live_by_pe: BTreeMap<&PathElement, Option<&Value>> = BTreeMap::new();
    for (pe, item) in lpes.iter().zip(live_items) {
        // Duplicated live items are not merged with the applied one.
        let dup = live_by_pe.contains_key(pe);
        live_by_pe.insert(pe, if dup { None } else { Some(item) });
    }
    let applied_item = |pe: &PathElement| applied_by_pe.get(pe).and_then(|v| v.first().copied());

    let mut shared: VecDeque<&PathElement> = rpes
        .iter()
        .filter(|pe| live_by_pe.contains_key(pe))
        .collect();
    let mut next_shared = shared.pop_front();
    let mut merged_applied: BTreeSet<&PathElement> = BTreeSet::new();
    let mut out = Vec::with_capacity(lpes.len().max(rpes.len()));
    let (mut li, mut ri) = (0, 0);
    let mut push =
        |pe: &PathElement, l: Option<&Value>, r: Option<&Value>, out: &mut Vec<Value>| {
            path.push(pe.clone());
            let merged = merge_at(l, r, node.item(), path);
            path.pop();
            if let Some(v) = merged? {
                out.push(v);
            }
            Ok::<(), WalkError>(())
        };
    while li < lpes.len() || ri < rpes.len() {
        if li < lpes.len() && ri < rpes.len() {
            let pe = &lpes[li];
            if *pe == rpes[ri] {
                merged_applied.insert(pe);
                push(
                    pe,
                    live_by_pe.get(pe).copied().flatten(),
                    applied_item(pe),
                    &mut out,
                )?;
                li += 1;
                ri += 1;
                next_shared = shared.pop_front();
                continue;
            }
            if applied_item(pe).is_some() && next_shared.is_some_and(|n| n != pe) {
                // A shared item, emitted in the applied order later.
                li += 1;
                continue;
            }
        }
        if li < lpes.len() {
            let pe = &lpes[li];
            if applied_item(pe).is_none() {
                push(pe, Some(&live_items[li]), None, &mut out)?;
                li += 1;
                continue;
            } else if merged_applied.contains(pe) {
                li += 1;
            }
        }
        if ri < rpes.len() {
            let pe = &rpes[ri];
            merged_applied.insert(pe);
            push(
                pe,
                live_by_pe.get(pe).copied().flatten(),
                applied_item(pe),
                &mut out,
            )?;
            ri += 1;
            if next_shared == Some(pe) {
                next_shared = shared.pop_front();
            }
        }
    }
    Ok(Value::Array(out))
}

/// Removes from `value` the fields in `last` (what an applier set before) that nobody in
/// `keep` (every manager's current set, the applier's new one included) owns. Fields
/// nobody tracks stay, and so do the objects and items that hold them.
pub(crate) fn prune(
    value: &mut Value,
    last: &FieldSet,
    keep: &FieldSet,
    schema: &Node,
) -> Result<(), WalkError> {
    prune_children(value, last, keep, schema, &mut Vec::new())
}

fn prune_children(
    value: &mut Value,
    last: &FieldSet,
    keep: &FieldSet,
    node: &Node,
    path: &mut Vec<PathElement>,
) -> Result<(), WalkError> {
    if path.len() > MAX_DEPTH {
        return Err(too_deep(path));
    }
    match value {
        Value::Object(map) if !node.atomic => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                path.push(PathElement::Field(key.clone()));
                let remove = match map.get_mut(&key) {
                    Some(child) => prune_node(child, last, keep, node.member(&key).0, path)?,
                    None => false,
                };
                path.pop();
                if remove {
                    map.shift_remove(&key);
                }
            }
        }
        Value::Array(items) if node.granular_list() => {
            let mut kept = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                let pe = item_element(node, &item, path)?;
                // An item that stays keeps its key fields, whoever owned them.
                let key_fields: Vec<(String, Value)> = match (&pe, &item) {
                    (PathElement::Key(keys), Value::Object(obj)) => keys
                        .iter()
                        .filter_map(|(k, _)| Some((k.clone(), obj.get(k)?.clone())))
                        .collect(),
                    _ => Vec::new(),
                };
                path.push(pe);
                let remove = prune_node(&mut item, last, keep, node.item(), path)?;
                path.pop();
                if !remove {
                    if let Value::Object(obj) = &mut item {
                        for (k, v) in key_fields {
                            obj.entry(k).or_insert(v);
                        }
                    }
                    kept.push(item);
                }
            }
            *items = kept;
        }
        _ => {}
    }
    Ok(())
}

/// Prunes below `path` and says whether the node at `path` itself goes.
fn prune_node(
    value: &mut Value,
    last: &FieldSet,
    keep: &FieldSet,
    node: &Node,
    path: &mut Vec<PathElement>,
) -> Result<bool, WalkError> {
    let Some(last_here) = last.at(path) else {
        return Ok(false);
    };
    let container = match value {
        Value::Object(_) => !node.atomic,
        Value::Array(_) => node.granular_list(),
        _ => false,
    };
    if container {
        prune_children(value, last, keep, node, path)?;
    }
    let owned_before = last.has(path) || !last_here.is_empty();
    if !owned_before || keep.has_or_leads_to(path) {
        return Ok(false);
    }
    Ok(!container || is_empty_container(Some(value)))
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
