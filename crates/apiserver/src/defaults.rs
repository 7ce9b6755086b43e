//! Server-side defaults of built-in kinds that clients rely on (namespace phase and
//! finalizer, CRD conditions, workload replicas, service type and cluster IP, secret
//! type), applied on create.

use rand::Rng;
use serde_json::{Value, json};

use crate::registry::ResourceInfo;

fn set_default(obj: &mut Value, path: &[&str], value: Value) {
    let mut cur = obj;
    for (i, key) in path.iter().enumerate() {
        if !cur.is_object() {
            return;
        }
        if i == path.len() - 1 {
            if cur.get(*key).is_none_or(Value::is_null) {
                cur[*key] = value;
            }
            return;
        }
        if cur.get(*key).is_none() {
            cur[*key] = json!({});
        }
        let Some(next) = cur.get_mut(*key) else {
            return;
        };
        cur = next;
    }
}

/// Applies create-time defaults.
pub fn on_create(info: &ResourceInfo, obj: &mut Value, now: &str) {
    match (info.group.as_str(), info.plural.as_str()) {
        ("", "namespaces") => {
            obj["spec"] = json!({"finalizers": ["kubernetes"]});
            obj["status"] = json!({"phase": "Active"});
            let name = obj
                .pointer("/metadata/name")
                .cloned()
                .unwrap_or(Value::Null);
            set_default(obj, &["metadata", "labels"], json!({}));
            obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = name;
        }
        ("apiextensions.k8s.io", "customresourcedefinitions") => {
            obj["status"] = crate::registry::crd::established_status(obj, now);
        }
        ("apps", "deployments" | "statefulsets" | "replicasets") => {
            set_default(obj, &["spec", "replicas"], json!(1));
        }
        ("", "secrets") => set_default(obj, &["type"], json!("Opaque")),
        ("", "pods") => obj["status"] = json!({"phase": "Pending"}),
        ("", "services") => {
            set_default(obj, &["spec", "type"], json!("ClusterIP"));
            let external =
                obj.pointer("/spec/type").and_then(Value::as_str) == Some("ExternalName");
            if !external {
                let mut rng = rand::rng();
                let ip = format!(
                    "10.96.{}.{}",
                    rng.random_range(0..255),
                    rng.random_range(1..255)
                );
                set_default(obj, &["spec", "clusterIP"], json!(ip));
                let ip = obj
                    .pointer("/spec/clusterIP")
                    .cloned()
                    .unwrap_or(Value::Null);
                set_default(obj, &["spec", "clusterIPs"], json!([ip]));
                set_default(obj, &["spec", "sessionAffinity"], json!("None"));
            }
            if let Some(ports) = obj.pointer_mut("/spec/ports").and_then(Value::as_array_mut) {
                for p in ports.iter_mut() {
                    set_default(p, &["protocol"], json!("TCP"));
                    let port = p.get("port").cloned().unwrap_or(Value::Null);
                    set_default(p, &["targetPort"], port);
                }
            }
            set_default(obj, &["status", "loadBalancer"], json!({}));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_only_absent_fields() {
        let mut obj = json!({"spec": {"replicas": 3}});
        set_default(&mut obj, &["spec", "replicas"], json!(1));
        set_default(&mut obj, &["spec", "paused"], json!(false));
        assert_eq!(obj, json!({"spec": {"replicas": 3, "paused": false}}));
    }
}
