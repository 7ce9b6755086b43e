//! Server-side apply and the ownership bookkeeping of ordinary writes, as
//! structured-merge-diff does them: an apply merges the configuration into the live
//! object, removes what the applier set before and nobody sets now, refuses to change
//! fields other managers own unless forced, and records who owns what.

use serde_json::{Map, Value};

use super::fieldpath::{FieldSet, PathElement, path_string};
use super::managed::{self, APPLY, Entry, UPDATE};
use super::typed::{self, Comparison};
use super::{ApplyError, FieldConflict, ListSchema};

/// The manager kube-apiserver gives the fields of an object that had no managed fields
/// when it was first applied.
const BEFORE_FIRST_APPLY: &str = "before-first-apply";
/// The manager that absorbs the oldest updaters beyond [`MAX_UPDATE_MANAGERS`].
const ANCIENT_CHANGES: &str = "ancient-changes";
/// How many `Update` entries kube-apiserver keeps before folding the oldest together.
const MAX_UPDATE_MANAGERS: usize = 10;
const STATUS: &str = "status";

/// Server-side apply of `applied` by `manager`. `live` is None on create. Returns the new
/// object with `metadata.managedFields` updated (operation Apply, fieldsType FieldsV1,
/// time `now`, `subresource` when given).
pub fn server_side_apply(
    live: Option<&Value>,
    applied: &Value,
    manager: &str,
    force: bool,
    subresource: Option<&str>,
    schema: &ListSchema,
    now: &str,
) -> Result<Value, ApplyError> {
    let root = &schema.root;
    let api_version = validate_applied(applied)?;
    let config = match subresource {
        Some(STATUS) => status_only(applied),
        _ if schema.status_subresource => without_status(applied),
        _ => applied.clone(),
    };
    let live_content = live
        .map(without_managed_fields)
        .unwrap_or_else(|| Value::Object(Map::new()));

    let mut entries = live.map(managed::read).unwrap_or_default();
    if live.is_some_and(|l| !managed::has_managed_fields(l)) {
        // kube-apiserver first records the object as an update from an empty one.
        let c = typed::compare(&zero_value(&live_content, schema), &live_content, root)
            .map_err(walk_error)?;
        let mut fields = c.added.union(&c.modified);
        managed::strip_untracked(&mut fields);
        entries.push(Entry {
            manager: BEFORE_FIRST_APPLY.into(),
            operation: UPDATE.into(),
            api_version: api_version.clone(),
            time: Some(now.into()),
            subresource: None,
            fields,
        });
    }

    let mut applied_set = typed::field_set(&config, root).map_err(walk_error)?;
    managed::strip_untracked(&mut applied_set);
    if subresource == Some(STATUS) {
        applied_set = applied_set.only(&[PathElement::Field(STATUS.into())]);
    }
    let mine = |e: &Entry| e.is(manager, APPLY, &api_version, subresource);
    let last_time = entries
        .iter()
        .find(|e| mine(e))
        .and_then(|e| e.time.clone());
    let last_set = entries
        .iter()
        .find(|e| mine(e))
        .map(|e| e.fields.clone())
        .unwrap_or_default();
    entries.retain(|e| !mine(e));

    let mut merged = typed::merge(&live_content, &config, root).map_err(walk_error)?;
    if !last_set.is_empty() {
        let keep = entries
            .iter()
            .fold(applied_set.clone(), |acc, e| acc.union(&e.fields));
        typed::prune(&mut merged, &last_set, &keep, root).map_err(walk_error)?;
    }

    let comparison = typed::compare(&live_content, &merged, root).map_err(walk_error)?;
    let changed = comparison.modified.union(&comparison.added);
    if !force {
        let mut conflicts = Vec::new();
        for e in &entries {
            for path in e.fields.intersection(&changed).paths() {
                conflicts.push((e.manager.clone(), e.operation.clone(), path, e));
            }
        }
        if !conflicts.is_empty() {
            conflicts.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
            return Err(ApplyError::Conflict {
                conflicts: conflicts
                    .into_iter()
                    .map(|(manager, operation, path, e)| FieldConflict {
                        manager,
                        field: path_string(&path),
                        operation,
                        api_version: e.api_version.clone(),
                        subresource: e.subresource.clone(),
                    })
                    .collect(),
            });
        }
    }
    for e in &mut entries {
        e.fields = e
            .fields
            .difference(&changed)
            .difference(&comparison.removed);
    }
    // An apply that changes nothing keeps the applier's time, as kube-apiserver does.
    let time = match last_time {
        Some(t) if merged == live_content => Some(t),
        _ => Some(now.into()),
    };
    entries.push(Entry {
        manager: manager.into(),
        operation: APPLY.into(),
        api_version,
        time,
        subresource: subresource.map(String::from),
        fields: applied_set,
    });
    managed::write(&mut merged, entries);
    Ok(merged)
}

/// Records ownership for a non-apply write (create/update/patch) by `manager` (operation
/// Update): the manager takes every field the write added or changed.
pub fn track_update(
    old: Option<&Value>,
    new: &Value,
    manager: &str,
    subresource: Option<&str>,
    schema: &ListSchema,
    now: &str,
) -> Value {
    let root = &schema.root;
    let api_version = new
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let new_fields = managed::managed_fields(new);
    let mut out = without_managed_fields(new);
    let old_entries = || old.map(managed::read).unwrap_or_default();
    // Writes to a subresource cannot set managed fields; a single empty entry is the
    // documented way to reset them; an absent, empty or undecodable list keeps the old
    // ones so that clients unaware of managed fields never drop them.
    let reset = new_fields
        .and_then(Value::as_array)
        .is_some_and(|a| a.len() == 1 && a[0] == Value::Object(Map::new()));
    let mut entries = if subresource.is_some() {
        old_entries()
    } else if reset {
        Vec::new()
    } else {
        let given = managed::read(new);
        if given.is_empty() {
            old_entries()
        } else {
            given
        }
    };
    // Like kube-apiserver, an existing object without managed fields stays untracked.
    let existing = old.is_some_and(|o| {
        o.pointer("/metadata/uid")
            .and_then(Value::as_str)
            .is_some_and(|u| !u.is_empty())
    });
    if entries.is_empty() && existing {
        return out;
    }

    let old_content = match old {
        Some(old) => without_managed_fields(old),
        None => zero_value(&out, schema),
    };
    // An object the schema cannot walk is still stored; only its ownership goes untracked.
    let Ok(comparison) = typed::compare(&old_content, &out, root) else {
        managed::write(&mut out, entries);
        return out;
    };
    let Comparison {
        added,
        modified,
        removed,
    } = comparison;
    let mut changed = modified.union(&added);
    managed::strip_untracked(&mut changed);
    let status = [PathElement::Field(STATUS.into())];
    if subresource == Some(STATUS) {
        changed = changed.only(&status);
    } else if schema.status_subresource {
        changed.remove_subtree(&status);
    }
    let previous = entries
        .iter()
        .position(|e| e.is(manager, UPDATE, &api_version, subresource))
        .map(|i| entries.remove(i));
    for e in &mut entries {
        e.fields = e.fields.difference(&changed).difference(&removed);
    }
    // Like kube-apiserver, a write that changes nothing leaves the writer's entry (and
    // its time) alone.
    let (fields, time) = match previous {
        Some(p) if changed.is_empty() => (p.fields.difference(&removed), p.time),
        Some(p) => (
            p.fields.difference(&removed).union(&changed),
            Some(now.into()),
        ),
        None => (changed, Some(now.into())),
    };
    entries.push(Entry {
        manager: manager.into(),
        operation: UPDATE.into(),
        api_version,
        time,
        subresource: subresource.map(String::from),
        fields,
    });
    cap_update_managers(&mut entries);
    managed::write(&mut out, entries);
    out
}

/// Folds the oldest `Update` entries into one `ancient-changes` entry once there are more
/// than kube-apiserver keeps.
fn cap_update_managers(entries: &mut Vec<Entry>) {
    let mut updates: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].operation == UPDATE && !entries[i].fields.is_empty())
        .collect();
    if updates.len() <= MAX_UPDATE_MANAGERS {
        return;
    }
    updates.sort_by(|&a, &b| entries[a].time.cmp(&entries[b].time));
    let fold: Vec<usize> = updates[..updates.len() - MAX_UPDATE_MANAGERS + 1].to_vec();
    let mut ancient = Entry {
        manager: ANCIENT_CHANGES.into(),
        operation: UPDATE.into(),
        api_version: String::new(),
        time: None,
        subresource: None,
        fields: FieldSet::new(),
    };
    for &i in &fold {
        ancient.fields = ancient.fields.union(&entries[i].fields);
        ancient.api_version.clone_from(&entries[i].api_version);
        ancient.time.clone_from(&entries[i].time);
    }
    let mut i = 0;
    entries.retain(|_| {
        i += 1;
        !fold.contains(&(i - 1))
    });
    entries.push(ancient);
}

/// Sorts a failed walk into the error kind callers tell apart.
fn walk_error(e: typed::WalkError) -> ApplyError {
    match e.strip_prefix(typed::TOO_DEEP) {
        Some(_) => ApplyError::TooDeep(e),
        None => ApplyError::Invalid(e),
    }
}

fn validate_applied(applied: &Value) -> Result<String, ApplyError> {
    let Some(obj) = applied.as_object() else {
        return Err(ApplyError::Invalid(
            "applied configuration must be an object".into(),
        ));
    };
    let api_version = obj
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    if api_version.is_empty() || kind.is_empty() {
        return Err(ApplyError::Invalid(
            "apiVersion and kind must be set".into(),
        ));
    }
    if managed::managed_fields(applied).is_some_and(|m| !m.is_null()) {
        return Err(ApplyError::Invalid(
            "metadata.managedFields must be nil".into(),
        ));
    }
    Ok(api_version.to_string())
}

/// What an apply to the status subresource may change.
fn status_only(applied: &Value) -> Value {
    let mut out = Map::new();
    for key in ["apiVersion", "kind", STATUS] {
        if let Some(v) = applied.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Value::Object(out)
}

/// What kube-apiserver compares a create against: an empty object of the kind, with
/// the always-present structs of built-in kinds that `new` also has.
fn zero_value(new: &Value, schema: &ListSchema) -> Value {
    let mut zero = Value::Object(Map::new());
    for path in &schema.zero_structs {
        let pointer: String = path.iter().map(|p| format!("/{p}")).collect();
        if !new
            .pointer(&pointer)
            .is_some_and(|v| v.is_object() || v.is_array())
        {
            continue;
        }
        let mut cur = &mut zero;
        for step in path {
            let Value::Object(map) = cur else { break };
            let empty = if *step == "containers" {
                Value::Null
            } else {
                Value::Object(Map::new())
            };
            cur = map.entry(step.to_string()).or_insert(empty);
        }
    }
    zero
}

/// What an apply to the main resource may change when status is a subresource.
fn without_status(applied: &Value) -> Value {
    let mut out = applied.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.shift_remove(STATUS);
    }
    out
}

/// A copy without `metadata.managedFields`, which are never copied (they are often
/// the largest part of an object).
fn without_managed_fields(obj: &Value) -> Value {
    let Some(o) = obj.as_object() else {
        return obj.clone();
    };
    let copy = |k: &String, v: &Value| match v.as_object() {
        Some(meta) if k == "metadata" => Value::Object(
            meta.iter()
                .filter(|(mk, _)| mk.as_str() != "managedFields")
                .map(|(mk, mv)| (mk.clone(), mv.clone()))
                .collect(),
        ),
        _ => v.clone(),
    };
    Value::Object(o.iter().map(|(k, v)| (k.clone(), copy(k, v))).collect())
}

#[cfg(test)]
mod tests;
