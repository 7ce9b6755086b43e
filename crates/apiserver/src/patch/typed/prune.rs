//! The removal of fields an applier set before and nobody sets now.

use serde_json::Value;

use super::super::MAX_DEPTH;
use super::super::fieldpath::{FieldSet, PathElement};
use super::super::schema::Node;
use super::compare::is_empty_container;
use super::{WalkError, item_element, too_deep};

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
