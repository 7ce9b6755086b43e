//! The comparison of two versions of an object: which fields were added, changed or
//! removed (the ownership an update takes and the conflicts an apply meets).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::super::MAX_DEPTH;
use super::super::fieldpath::{FieldSet, PathElement};
use super::super::schema::Node;
use super::{WalkError, item_element, too_deep};

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

pub(crate) fn is_empty_container(v: Option<&Value>) -> bool {
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

pub(crate) type Indexed<'a> = (Vec<PathElement>, BTreeMap<PathElement, Vec<&'a Value>>);

pub(crate) fn index_items<'a>(
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
