//! Garbage collection: ownerReferences (background, foreground, orphan), namespace
//! deletion cascading to the namespace's contents, and CRD removal cascading to its
//! instances. Runs as passes over the whole store after deletions.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::lifecycle::{CRD_CLEANUP, FOREGROUND, ORPHAN, Propagation, finalizers};
use super::{ObjectKey, State};
use crate::registry::GroupResource;

enum Action {
    Delete(GroupResource, ObjectKey, Propagation),
    Replace(GroupResource, Value),
}

/// Runs passes until nothing changes (bounded); returns whether anything changed.
pub fn collect(state: &mut State, now: &str) -> bool {
    let mut changed = false;
    for _ in 0..64 {
        let actions = plan(state);
        if actions.is_empty() {
            break;
        }
        changed = true;
        for action in actions {
            match action {
                Action::Delete(gr, key, propagation) => {
                    state.delete(&gr, &key, propagation, now);
                }
                Action::Replace(gr, obj) => {
                    if state.get(&gr, &ObjectKey::of(&obj)).is_some() {
                        state.commit(&gr, obj);
                    }
                }
            }
        }
    }
    changed
}

struct Owner {
    foreground: bool,
    orphan: bool,
}

fn without_finalizer(obj: &Value, finalizer: &str) -> Value {
    let mut obj = obj.clone();
    let rest: Vec<String> = finalizers(&obj)
        .into_iter()
        .filter(|f| f != finalizer)
        .collect();
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        if rest.is_empty() {
            meta.remove("finalizers");
        } else {
            meta.insert("finalizers".to_owned(), json!(rest));
        }
    }
    obj
}

fn plan(state: &State) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut owners: HashMap<&str, Owner> = HashMap::new();
    let mut referenced: HashSet<&str> = HashSet::new();
    let mut terminating_ns: HashSet<String> = HashSet::new();
    let mut deleting_crds: Vec<(GroupResource, Value)> = Vec::new();
    for (gr, key, obj) in state.all_objects() {
        let deleting = obj.is_deleting();
        owners.insert(
            obj.uid(),
            Owner {
                foreground: deleting && obj.has_finalizer(FOREGROUND),
                orphan: deleting && obj.has_finalizer(ORPHAN),
            },
        );
        referenced.extend(obj.owner_uids().iter().map(|u| &**u));
        if deleting && gr.group.is_empty() && gr.resource == "namespaces" {
            terminating_ns.insert(key.name.clone());
        }
        if deleting && gr.group == "apiextensions.k8s.io" && obj.has_finalizer(CRD_CLEANUP) {
            deleting_crds.push((gr.clone(), obj.value()));
        }
    }
    // Dependents: cascade or drop references.
    for (gr, key, stored) in state.all_objects() {
        if stored.owner_uids().is_empty() {
            continue;
        }
        let obj = stored.value();
        let Some(refs) = obj
            .pointer("/metadata/ownerReferences")
            .and_then(Value::as_array)
        else {
            continue;
        };
        let mut keep = Vec::new();
        let mut cascade = None;
        let mut dangling = 0;
        for r in refs {
            let uid = r.get("uid").and_then(Value::as_str).unwrap_or_default();
            match owners.get(uid) {
                None => dangling += 1,
                Some(o) if o.orphan => {}
                Some(o) => {
                    if o.foreground {
                        cascade = Some(Propagation::Foreground);
                    }
                    keep.push(r.clone());
                }
            }
        }
        let deleting = stored.is_deleting();
        if dangling == refs.len() {
            if !deleting {
                actions.push(Action::Delete(
                    gr.clone(),
                    key.clone(),
                    Propagation::Background,
                ));
            }
        } else if let (Some(p), false) = (cascade, deleting) {
            actions.push(Action::Delete(gr.clone(), key.clone(), p));
        } else if keep.len() != refs.len() {
            let mut updated = obj.clone();
            updated["metadata"]["ownerReferences"] = json!(keep);
            if keep.is_empty()
                && let Some(m) = updated["metadata"].as_object_mut()
            {
                m.remove("ownerReferences");
            }
            actions.push(Action::Replace(gr.clone(), updated));
        }
    }
    // Owners: finish foreground and orphan deletions.
    for (gr, _, obj) in state.all_objects() {
        if !obj.is_deleting() || referenced.contains(obj.uid()) {
            continue;
        }
        if obj.has_finalizer(FOREGROUND) {
            actions.push(Action::Replace(
                gr.clone(),
                without_finalizer(&obj.value(), FOREGROUND),
            ));
        } else if obj.has_finalizer(ORPHAN) {
            actions.push(Action::Replace(
                gr.clone(),
                without_finalizer(&obj.value(), ORPHAN),
            ));
        }
    }
    namespaces(state, &terminating_ns, &mut actions);
    crds(state, deleting_crds, &mut actions);
    actions
}

fn namespaces(state: &State, terminating: &HashSet<String>, actions: &mut Vec<Action>) {
    if terminating.is_empty() {
        return;
    }
    let mut occupied: HashSet<&str> = HashSet::new();
    for gr in state.resources() {
        let Some(objects) = state.objects(&gr) else {
            continue;
        };
        for (key, obj) in objects {
            if key.namespace.is_empty() || !terminating.contains(&key.namespace) {
                continue;
            }
            occupied.insert(
                terminating
                    .get(&key.namespace)
                    .map(String::as_str)
                    .unwrap_or(""),
            );
            if !obj.is_deleting() {
                actions.push(Action::Delete(
                    gr.clone(),
                    key.clone(),
                    Propagation::Background,
                ));
            }
        }
    }
    let ns_gr = GroupResource::new("", "namespaces");
    for name in terminating {
        if occupied.contains(name.as_str()) {
            continue;
        }
        let Some(ns) = state.get(&ns_gr, &ObjectKey::new("", name)) else {
            continue;
        };
        let ns = ns.value();
        let has_spec_finalizers = ns
            .pointer("/spec/finalizers")
            .and_then(Value::as_array)
            .is_some_and(|f| !f.is_empty());
        if has_spec_finalizers {
            let mut updated = ns.clone();
            updated["spec"]["finalizers"] = json!([]);
            actions.push(Action::Replace(ns_gr.clone(), updated));
        }
    }
}

fn crds(state: &State, deleting: Vec<(GroupResource, Value)>, actions: &mut Vec<Action>) {
    for (crd_gr, crd) in deleting {
        let group = crd
            .pointer("/spec/group")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let plural = crd
            .pointer("/spec/names/plural")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let gr = GroupResource::new(group, plural);
        let instances: Vec<ObjectKey> = state
            .objects(&gr)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        if instances.is_empty() {
            actions.push(Action::Replace(
                crd_gr,
                without_finalizer(&crd, CRD_CLEANUP),
            ));
        } else {
            for key in instances {
                let pending = state.get(&gr, &key).is_some_and(|o| o.is_deleting());
                if !pending {
                    actions.push(Action::Delete(gr.clone(), key, Propagation::Background));
                }
            }
        }
    }
}
