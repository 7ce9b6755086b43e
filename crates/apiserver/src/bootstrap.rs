//! What a fresh cluster has: the `default`, `kube-system`, `kube-public` and
//! `kube-node-lease` namespaces, and the user-facing ClusterRoles (`cluster-admin`,
//! `admin`, `edit`, `view`; the last three approximated without aggregation), and
//! in each namespace what kube-controller-manager adds ([`crate::namespace_contents`]).

use serde_json::json;

use crate::registry::GroupResource;
use crate::store::{ObjectKey, Store};

/// Namespaces every cluster starts with.
pub const NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

/// Creates what is missing; `ca_pem` is the cluster CA every namespace's
/// `kube-root-ca.crt` ConfigMap carries.
pub fn seed(store: &Store, ca_pem: &str) {
    let now = crate::meta::now();
    let mut state = store.lock();
    let gr = GroupResource::new("", "namespaces");
    for name in NAMESPACES {
        if state.get(&gr, &ObjectKey::new("", name)).is_some() {
            continue;
        }
        state.put(
            &gr,
            json!({
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {
                    "name": name,
                    "uid": crate::meta::new_uid(),
                    "creationTimestamp": now,
                    "labels": {"kubernetes.io/metadata.name": name},
                },
                "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"},
            }),
        );
    }
    let roles = GroupResource::new("rbac.authorization.k8s.io", "clusterroles");
    let all = json!([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]);
    let read = json!([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch"]}]);
    for (name, rules) in [
        ("cluster-admin", &all),
        ("admin", &all),
        ("edit", &all),
        ("view", &read),
    ] {
        if state.get(&roles, &ObjectKey::new("", name)).is_some() {
            continue;
        }
        state.put(
            &roles,
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": {
                    "name": name,
                    "uid": crate::meta::new_uid(),
                    "creationTimestamp": now,
                    "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
                },
                "rules": rules,
            }),
        );
    }
    let names: Vec<String> = state
        .range(&gr, None, None)
        .map(|(k, _)| k.name.clone())
        .collect();
    for name in names {
        crate::namespace_contents::populate(&mut state, &name, ca_pem, &now);
    }
    state.seal_history();
}
