//! What a fresh cluster has: the `default`, `kube-system`, `kube-public` and
//! `kube-node-lease` namespaces.

use serde_json::json;

use crate::registry::GroupResource;
use crate::store::{ObjectKey, Store};

/// Namespaces every cluster starts with.
pub const NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

/// Creates what is missing.
pub fn seed(store: &Store) {
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
    state.seal_history();
}
