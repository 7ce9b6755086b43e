//! Unknown fields of built-in kinds. Built-in kinds have no structural schema here,
//! so an object is decoded into its k8s-openapi type and encoded again: whatever did
//! not survive the round trip is a field the type does not declare, which
//! kube-apiserver drops (and reports under `fieldValidation=Warn|Strict`).

use serde_json::Value;

macro_rules! round_trip {
    ($obj:expr, $($t:ty),+ $(,)?) => {
        None $(.or_else(|| {
            (<$t as k8s_openapi::Resource>::KIND == $obj.1)
                .then(|| <$t as serde::Deserialize>::deserialize($obj.0).ok())
                .flatten()
                .and_then(|typed| serde_json::to_value(typed).ok())
        }))+
    };
}

/// The typed round trip of an object of a built-in kind; `None` for kinds without a
/// type here (and CustomResourceDefinitions, whose schemas are too open to judge) or
/// objects that do not decode.
fn typed(group: &str, kind: &str, obj: &Value) -> Option<Value> {
    use k8s_openapi::api::{
        admissionregistration::v1 as admission, apps::v1 as apps, autoscaling::v2 as autoscaling,
        batch::v1 as batch, coordination::v1 as coordination, core::v1 as core,
        events::v1 as events, networking::v1 as networking, policy::v1 as policy, rbac::v1 as rbac,
        scheduling::v1 as scheduling, storage::v1 as storage,
    };
    let o = (obj, kind);
    match group {
        "" => round_trip!(
            o,
            core::Namespace,
            core::ConfigMap,
            core::Secret,
            core::ServiceAccount,
            core::Service,
            core::Endpoints,
            core::Event,
            core::Pod,
            core::PersistentVolumeClaim,
            core::PersistentVolume,
            core::Node,
            core::ResourceQuota,
            core::LimitRange,
        ),
        "apps" => round_trip!(
            o,
            apps::Deployment,
            apps::ReplicaSet,
            apps::StatefulSet,
            apps::DaemonSet,
            apps::ControllerRevision,
        ),
        "batch" => round_trip!(o, batch::Job, batch::CronJob),
        "networking.k8s.io" => round_trip!(
            o,
            networking::Ingress,
            networking::IngressClass,
            networking::NetworkPolicy,
        ),
        "policy" => round_trip!(o, policy::PodDisruptionBudget),
        "autoscaling" => round_trip!(o, autoscaling::HorizontalPodAutoscaler),
        "rbac.authorization.k8s.io" => round_trip!(
            o,
            rbac::Role,
            rbac::RoleBinding,
            rbac::ClusterRole,
            rbac::ClusterRoleBinding,
        ),
        "coordination.k8s.io" => round_trip!(o, coordination::Lease),
        "events.k8s.io" => round_trip!(o, events::Event),
        "storage.k8s.io" => round_trip!(o, storage::StorageClass),
        "scheduling.k8s.io" => round_trip!(o, scheduling::PriorityClass),
        "admissionregistration.k8s.io" => round_trip!(
            o,
            admission::ValidatingWebhookConfiguration,
            admission::MutatingWebhookConfiguration,
        ),
        _ => None,
    }
}

/// Collects the paths of `given` that `kept` lacks; `path` is a scratch buffer
/// holding the current path (restored on return).
fn missing(given: &Value, kept: &Value, path: &mut String, out: &mut Vec<String>) {
    let len = path.len();
    match (given, kept) {
        (Value::Object(g), Value::Object(k)) => {
            for (key, v) in g {
                if len > 0 {
                    path.push('.');
                }
                path.push_str(key);
                match k.get(key) {
                    Some(kv) => missing(v, kv, path, out),
                    // A null is the same as an absent field to a typed decoder.
                    None if v.is_null() => {}
                    None => out.push(path.clone()),
                }
                path.truncate(len);
            }
        }
        (Value::Array(g), Value::Array(k)) => {
            for (i, (gv, kv)) in g.iter().zip(k).enumerate() {
                path.push_str(&format!("[{i}]"));
                missing(gv, kv, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Removes the fields a built-in kind does not declare; returns their dotted paths
/// (`spec.template.spec.containers[0].foo`), as kube-apiserver names them.
pub fn prune_unknown(group: &str, kind: &str, obj: &mut Value) -> Vec<String> {
    // managedFields are the server's own bookkeeping and the largest part of most
    // objects: they stay out of the round trip (a null reads as absent).
    let managed = obj
        .get_mut("metadata")
        .and_then(|m| m.get_mut("managedFields"))
        .map(std::mem::take);
    let kept = typed(group, kind, obj);
    let mut unknown = Vec::new();
    if let Some(kept) = kept {
        missing(obj, &kept, &mut String::new(), &mut unknown);
        if !unknown.is_empty() {
            *obj = kept;
        }
    }
    if let Some(managed) = managed
        && let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut)
    {
        meta.insert("managedFields".into(), managed);
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_and_drops_fields_the_type_does_not_declare() {
        let mut obj = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "d", "labels": {}, "annotations": null},
            "spec": {"replicas": 1, "bogus": 1, "selector": {"matchLabels": {"a": "b"}},
                "template": {"spec": {"containers": [{"name": "c", "image": "i", "imagePolicy": "x"}]}}}});
        let unknown = prune_unknown("apps", "Deployment", &mut obj);
        assert_eq!(
            unknown,
            ["spec.bogus", "spec.template.spec.containers[0].imagePolicy"]
        );
        assert!(obj["spec"].get("bogus").is_none());
        assert_eq!(obj["spec"]["replicas"], 1);
    }

    #[test]
    fn known_objects_are_left_alone() {
        let mut obj = json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "c", "labels": {}}, "data": {"k": "v"}});
        let before = obj.clone();
        assert!(prune_unknown("", "ConfigMap", &mut obj).is_empty());
        assert_eq!(obj, before);
        assert!(prune_unknown("example.com", "Thing", &mut obj).is_empty());
    }
}
