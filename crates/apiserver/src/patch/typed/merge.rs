//! The merge of an applied configuration into a live object: maps merge field by
//! field, granular lists item by item in structured-merge-diff's order, the rest is
//! replaced.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map, Value};

use super::super::MAX_DEPTH;
use super::super::fieldpath::{PathElement, path_string};
use super::super::schema::Node;
use super::compare::index_items;
use super::{WalkError, item_element, too_deep};

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
