//! What kube-controller-manager puts into every namespace: the `default`
//! ServiceAccount (serviceaccount controller) and the `kube-root-ca.crt` ConfigMap
//! with the cluster's CA (root-ca-cert-publisher). Added right after the namespace
//! is created, and refreshed at start (a restart with `--data-dir` has a new CA).

use serde_json::{Value, json};

use crate::registry::GroupResource;
use crate::store::{ObjectKey, State};

/// Name of the ServiceAccount every namespace gets.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "default";
/// Name of the ConfigMap holding the cluster CA in every namespace.
pub const ROOT_CA_CONFIG_MAP: &str = "kube-root-ca.crt";
/// Annotation kube-controller-manager sets on that ConfigMap.
const DESCRIPTION: &str = "kubernetes.io/description";
const DESCRIPTION_TEXT: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

fn new_object(api_version: &str, kind: &str, namespace: &str, name: &str, now: &str) -> Value {
    json!({
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {
            "name": name,
            "namespace": namespace,
            "uid": crate::meta::new_uid(),
            "creationTimestamp": now,
        },
    })
}

/// Adds what is missing to a namespace (and refreshes the CA bundle); no-op for a
/// namespace that is being deleted.
pub fn populate(state: &mut State, namespace: &str, ca_pem: &str, now: &str) {
    let ns = state.get(
        &GroupResource::new("", "namespaces"),
        &ObjectKey::new("", namespace),
    );
    if ns.is_none_or(|n| n.is_deleting()) {
        return;
    }
    let sas = GroupResource::new("", "serviceaccounts");
    if state
        .get(&sas, &ObjectKey::new(namespace, DEFAULT_SERVICE_ACCOUNT))
        .is_none()
    {
        let sa = new_object(
            "v1",
            "ServiceAccount",
            namespace,
            DEFAULT_SERVICE_ACCOUNT,
            now,
        );
        state.put(&sas, sa);
    }
    let cms = GroupResource::new("", "configmaps");
    let key = ObjectKey::new(namespace, ROOT_CA_CONFIG_MAP);
    let current = state.get(&cms, &key).map(|c| c.value());
    let data = json!({"ca.crt": ca_pem});
    let cm = match current {
        Some(c) if c.get("data") == Some(&data) => return,
        Some(mut c) => {
            c["data"] = data;
            c
        }
        None => {
            let mut c = new_object("v1", "ConfigMap", namespace, ROOT_CA_CONFIG_MAP, now);
            c["metadata"]["annotations"] = json!({DESCRIPTION: DESCRIPTION_TEXT});
            c["data"] = data;
            c
        }
    };
    state.put(&cms, cm);
}
