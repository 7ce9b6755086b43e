//! Deletion: finalizers, `deletionTimestamp`, propagation policies, and removing an
//! object once its last finalizer is gone.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{ObjectKey, State, Stored};
use crate::registry::GroupResource;

/// Finalizer the garbage collector uses for foreground deletion.
pub const FOREGROUND: &str = "foregroundDeletion";
/// Finalizer the garbage collector uses for orphaning dependents.
pub const ORPHAN: &str = "orphan";
/// Finalizer on CRDs until their instances are gone.
pub const CRD_CLEANUP: &str = "customresourcecleanup.apiextensions.k8s.io";

/// How dependents are treated when their owner is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    /// Delete the owner now, dependents afterwards.
    Background,
    /// Delete dependents first, then the owner.
    Foreground,
    /// Keep dependents, removing their ownerReferences.
    Orphan,
}

impl Propagation {
    /// Parses `propagationPolicy`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Background" => Some(Propagation::Background),
            "Foreground" => Some(Propagation::Foreground),
            "Orphan" => Some(Propagation::Orphan),
            _ => None,
        }
    }
}

/// What a delete did.
#[derive(Debug)]
pub enum Deleted {
    /// Removed; the object's last state.
    Gone(Arc<Stored>),
    /// Marked with `deletionTimestamp`, waiting for finalizers.
    Pending(Arc<Stored>),
}

/// The finalizers of an object.
pub fn finalizers(obj: &Value) -> Vec<String> {
    obj.pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the object is being deleted.
pub fn is_deleting(obj: &Value) -> bool {
    obj.pointer("/metadata/deletionTimestamp")
        .is_some_and(|v| !v.is_null())
}

fn namespace_finalizers_pending(gr: &GroupResource, obj: &Value) -> bool {
    gr.group.is_empty()
        && gr.resource == "namespaces"
        && obj
            .pointer("/spec/finalizers")
            .and_then(Value::as_array)
            .is_some_and(|f| !f.is_empty())
}

/// Computes the object a delete request leaves behind: `None` when it can go now,
/// otherwise the object marked for deletion.
pub fn mark_for_deletion(
    gr: &GroupResource,
    current: &Value,
    propagation: Propagation,
    now: &str,
) -> Option<Value> {
    let mut obj = current.clone();
    let mut fins = finalizers(&obj);
    let extra = match propagation {
        Propagation::Foreground => Some(FOREGROUND),
        Propagation::Orphan => Some(ORPHAN),
        Propagation::Background => None,
    };
    if let Some(f) = extra
        && !fins.iter().any(|x| x == f)
        && !is_deleting(current)
    {
        fins.push(f.to_owned());
    }
    let is_namespace = gr.group.is_empty() && gr.resource == "namespaces";
    let is_crd = gr.group == "apiextensions.k8s.io" && gr.resource == "customresourcedefinitions";
    if is_crd && !is_deleting(current) && !fins.iter().any(|f| f == CRD_CLEANUP) {
        fins.push(CRD_CLEANUP.to_owned());
    }
    if fins.is_empty() && !is_namespace {
        return None;
    }
    let meta = obj.get_mut("metadata")?.as_object_mut()?;
    if !fins.is_empty() {
        meta.insert("finalizers".to_owned(), json!(fins));
    }
    if !meta.contains_key("deletionTimestamp") {
        meta.insert("deletionTimestamp".to_owned(), json!(now));
        meta.insert("deletionGracePeriodSeconds".to_owned(), json!(0));
        if let Some(g) = meta.get("generation").and_then(Value::as_i64) {
            meta.insert("generation".to_owned(), json!(g + 1));
        }
    }
    if is_namespace {
        obj["status"] = json!({"phase": "Terminating"});
    }
    Some(obj)
}

impl State {
    /// Deletes an object with the given propagation; `None` if it does not exist.
    pub fn delete(
        &mut self,
        gr: &GroupResource,
        key: &ObjectKey,
        propagation: Propagation,
        now: &str,
    ) -> Option<Deleted> {
        let current = self.get(gr, key)?;
        if current.is_deleting() {
            return Some(Deleted::Pending(current));
        }
        Some(
            match mark_for_deletion(gr, &current.value(), propagation, now) {
                None => Deleted::Gone(self.remove(gr, key)?),
                Some(marked) => Deleted::Pending(self.put(gr, marked)),
            },
        )
    }

    /// Stores an updated object, or removes it when it is being deleted and its last
    /// finalizer is gone. Returns the stored (or last) state.
    pub fn commit(&mut self, gr: &GroupResource, obj: Value) -> Arc<Stored> {
        if is_deleting(&obj)
            && finalizers(&obj).is_empty()
            && !namespace_finalizers_pending(gr, &obj)
        {
            let key = ObjectKey::of(&obj);
            return self.remove_as(gr, &key, obj);
        }
        self.put(gr, obj)
    }
}
