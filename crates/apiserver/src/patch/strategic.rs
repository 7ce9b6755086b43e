//! Strategic merge patch, as kube-apiserver applies it to built-in kinds: a merge patch
//! whose lists merge item by item where the type declares a patch merge key (or a merge
//! strategy for lists of scalars), steered by the `$patch`, `$retainKeys`,
//! `$setElementOrder/<field>` and `$deleteFromPrimitiveList/<field>` directives.

use serde_json::{Map, Value};

use super::schema::{Node, Strategy};
use super::{ListSchema, MAX_DEPTH, PatchError};

const PATCH: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const SET_ELEMENT_ORDER: &str = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList/";

/// Applies a strategic merge patch to `doc`, merging lists as `schema` declares. Lists of
/// kinds without a schema (custom resources) are replaced, as with a merge patch.
pub fn strategic_merge_patch(
    doc: &Value,
    patch: &Value,
    schema: &ListSchema,
) -> Result<Value, PatchError> {
    if !patch.is_object() {
        return Err(PatchError::Invalid(
            "a strategic merge patch must be an object".into(),
        ));
    }
    let mut path = String::new();
    Ok(merge_value(Some(doc), patch, &schema.root, &mut path, 0)?
        .unwrap_or_else(|| Value::Object(Map::new())))
}

fn invalid(path: &str, msg: impl std::fmt::Display) -> PatchError {
    let at = if path.is_empty() { "." } else { path };
    PatchError::Invalid(format!("{msg} at '{at}'"))
}

/// Merges `patch` into `original` (absent when the field is new); `None` means the field
/// is deleted.
fn merge_value(
    original: Option<&Value>,
    patch: &Value,
    node: &Node,
    path: &mut String,
    depth: usize,
) -> Result<Option<Value>, PatchError> {
    if depth > MAX_DEPTH {
        return Err(PatchError::TooDeep { path: path.clone() });
    }
    match patch {
        Value::Null => Ok(None),
        Value::Object(p) => {
            let orig = match original {
                Some(Value::Object(o)) => Some(o),
                _ => None,
            };
            merge_map(orig, p, node, path, depth)
        }
        Value::Array(items) => {
            let orig = match original {
                Some(Value::Array(o)) if node.strategy != Strategy::Replace => Some(o.as_slice()),
                _ => None,
            };
            merge_list(orig, items, None, node, path, depth).map(|v| Some(Value::Array(v)))
        }
        scalar => Ok(Some(scalar.clone())),
    }
}

fn merge_map(
    original: Option<&Map<String, Value>>,
    patch: &Map<String, Value>,
    node: &Node,
    path: &mut String,
    depth: usize,
) -> Result<Option<Value>, PatchError> {
    let mut out = match patch.get(PATCH) {
        None => original.cloned().unwrap_or_default(),
        Some(Value::String(d)) if d == "merge" => original.cloned().unwrap_or_default(),
        Some(Value::String(d)) if d == "replace" => Map::new(),
        Some(Value::String(d)) if d == "delete" => return Ok(None),
        Some(other) => return Err(invalid(path, format!("unknown patch type {other}"))),
    };
    if let Some(retain) = patch.get(RETAIN_KEYS) {
        let keys = retain
            .as_array()
            .filter(|a| a.iter().all(Value::is_string))
            .ok_or_else(|| invalid(path, "$retainKeys must be a list of strings"))?;
        let retained = |k: &str| keys.iter().any(|r| r.as_str() == Some(k));
        let stray = patch
            .iter()
            .find(|(k, v)| !k.starts_with('$') && !v.is_null() && !retained(k.as_str()));
        if let Some((k, _)) = stray {
            return Err(invalid(
                path,
                format!("$retainKeys does not list patched field {k}"),
            ));
        }
        out.retain(|k, _| retained(k));
    }
    for (key, values) in patch {
        let Some(field) = key.strip_prefix(DELETE_FROM_PRIMITIVE_LIST) else {
            continue;
        };
        let values = values
            .as_array()
            .ok_or_else(|| invalid(path, format!("{key} must be a list")))?;
        if let Some(Value::Array(list)) = out.get_mut(field) {
            list.retain(|v| !values.contains(v));
        }
    }
    for (key, value) in patch {
        if key.starts_with('$') {
            continue;
        }
        let child = node.member(key).0;
        let len = path.len();
        path.push('.');
        path.push_str(key);
        let order = patch
            .get(&format!("{SET_ELEMENT_ORDER}{key}"))
            .map(|o| {
                o.as_array()
                    .ok_or_else(|| invalid(path, "$setElementOrder must be a list"))
            })
            .transpose()?;
        let merged = match (out.get(key), value) {
            (orig @ (Some(Value::Array(_)) | None), Value::Array(items))
                if child.strategy != Strategy::Replace =>
            {
                let orig = orig.and_then(Value::as_array).map(Vec::as_slice);
                Some(Value::Array(merge_list(
                    orig,
                    items,
                    order.map(Vec::as_slice),
                    child,
                    path,
                    depth + 1,
                )?))
            }
            (orig, value) => merge_value(orig, value, child, path, depth + 1)?,
        };
        path.truncate(len);
        match merged {
            Some(v) => {
                out.insert(key.clone(), v);
            }
            None => {
                out.shift_remove(key);
            }
        }
    }
    // A `$setElementOrder` without the list itself only reorders what is there.
    for (key, order) in patch {
        let Some(field) = key.strip_prefix(SET_ELEMENT_ORDER) else {
            continue;
        };
        if patch.contains_key(field) {
            continue;
        }
        let order = order
            .as_array()
            .ok_or_else(|| invalid(path, "$setElementOrder must be a list"))?;
        let child = node.member(field).0;
        if let Some(Value::Array(list)) = out.get(field) {
            let reordered = reorder(list.clone(), list, order, child);
            out.insert(field.to_string(), Value::Array(reordered));
        }
    }
    Ok(Some(Value::Object(out)))
}

/// The identity of a list item for merging: its merge key value, or itself for scalars.
fn identity<'a>(item: &'a Value, node: &Node) -> Option<&'a Value> {
    match &node.merge_key {
        Some(key) => item.get(key),
        None => Some(item),
    }
}

/// The identity of an entry of a `$setElementOrder` list.
fn order_identity<'a>(entry: &'a Value, node: &Node) -> Option<&'a Value> {
    identity(entry, node)
}

fn merge_list(
    original: Option<&[Value]>,
    patch: &[Value],
    order: Option<&[Value]>,
    node: &Node,
    path: &mut String,
    depth: usize,
) -> Result<Vec<Value>, PatchError> {
    let item_node = node.item();
    let directive = |v: &Value| v.get(PATCH).and_then(Value::as_str).map(String::from);
    let Some(original) = original else {
        // Nothing to merge with: the patch's items, minus directives.
        let mut out = Vec::with_capacity(patch.len());
        for item in patch {
            if directive(item).is_some() {
                continue;
            }
            if let Some(v) = merge_value(None, item, item_node, path, depth + 1)? {
                out.push(v);
            }
        }
        return Ok(match order {
            Some(order) if node.strategy != Strategy::Replace => reorder(out, &[], order, node),
            _ => out,
        });
    };
    if patch
        .iter()
        .any(|i| directive(i).as_deref() == Some("replace"))
    {
        return merge_list(None, patch, order, node, path, depth);
    }
    let mut merged: Vec<Value> = original.to_vec();
    let mut patch_order: Vec<&Value> = Vec::new();
    for item in patch {
        match node.merge_key.as_deref() {
            Some(key) if item.is_object() => {
                let id = item.get(key).ok_or_else(|| {
                    invalid(
                        path,
                        format!("map does not contain declared merge key: {key}"),
                    )
                })?;
                match directive(item).as_deref() {
                    Some("delete") => {
                        merged.retain(|m| m.get(key) != Some(id));
                        continue;
                    }
                    None => {}
                    Some("merge") => {
                        return Err(invalid(
                            path,
                            "merging lists cannot yet be specified in the patch",
                        ));
                    }
                    Some(other) => {
                        return Err(invalid(path, format!("unknown patch type {other}")));
                    }
                }
                patch_order.push(id);
                match merged.iter_mut().find(|m| m.get(key) == Some(id)) {
                    Some(existing) => {
                        let cur = existing.clone();
                        if let Some(v) = merge_value(Some(&cur), item, item_node, path, depth + 1)?
                        {
                            *existing = v;
                        }
                    }
                    None => {
                        if let Some(v) = merge_value(None, item, item_node, path, depth + 1)? {
                            merged.push(v);
                        }
                    }
                }
            }
            Some(key) => {
                return Err(invalid(path, format!("list item without merge key {key}")));
            }
            None => {
                if item.is_object() {
                    return Err(invalid(
                        path,
                        "a merging list of scalars cannot hold objects",
                    ));
                }
                patch_order.push(item);
                if !merged.contains(item) {
                    merged.push(item.clone());
                }
            }
        }
    }
    let patch_order: Vec<Value> = match order {
        Some(o) => o
            .iter()
            .filter_map(|e| order_identity(e, node))
            .cloned()
            .collect(),
        None => patch_order.into_iter().cloned().collect(),
    };
    Ok(reorder_by(merged, original, &patch_order, node))
}

fn reorder(list: Vec<Value>, original: &[Value], order: &[Value], node: &Node) -> Vec<Value> {
    let ids: Vec<Value> = order
        .iter()
        .filter_map(|e| order_identity(e, node))
        .cloned()
        .collect();
    reorder_by(list, original, &ids, node)
}

/// Orders `merged` as kube-apiserver does: the items named by the patch (or its
/// `$setElementOrder`) keep that order, the items only the server has keep theirs, and
/// the two interleave by original position where both have one; otherwise the patch's
/// item goes first (so without `$setElementOrder` new items land in front).
fn reorder_by(
    merged: Vec<Value>,
    original: &[Value],
    patch_order: &[Value],
    node: &Node,
) -> Vec<Value> {
    let server_pos = |v: &Value| {
        let id = identity(v, node)?;
        original.iter().position(|o| identity(o, node) == Some(id))
    };
    let patch_pos = |v: &Value| {
        let id = identity(v, node)?;
        patch_order.iter().position(|p| p == id)
    };
    let (mut from_patch, mut server_only): (Vec<Value>, Vec<Value>) =
        merged.into_iter().partition(|v| patch_pos(v).is_some());
    from_patch.sort_by_key(|v| patch_pos(v));
    server_only.sort_by_key(|v| server_pos(v).unwrap_or(usize::MAX));
    let mut out = Vec::with_capacity(from_patch.len() + server_only.len());
    let mut left = server_only.into_iter().peekable();
    let mut right = from_patch.into_iter().peekable();
    loop {
        let take_left = match (left.peek(), right.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(l), Some(r)) => match (server_pos(l), server_pos(r)) {
                (Some(a), Some(b)) => a < b,
                _ => false,
            },
        };
        let next = if take_left { left.next() } else { right.next() };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests;
