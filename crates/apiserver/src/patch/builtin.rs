//! The list and map types of the built-in kinds a GitOps user touches, as the Kubernetes
//! API types declare them (`patchMergeKey`/`patchStrategy` for strategic merge patch,
//! `+listType`/`+listMapKey`/`+mapType`/`+structType` for server-side apply). Fields not
//! tabulated behave like plain struct fields with atomic lists.

use serde_json::json;

use super::schema::build::{
    atomic, key_default, keyed, object, retain_keys, scalar, set, string_map,
};
use super::schema::{ListType, Node, Strategy};

/// `metadata` of every object.
pub(crate) fn object_meta() -> Node {
    object(vec![
        ("labels", string_map()),
        ("annotations", string_map()),
        ("finalizers", set()),
        ("ownerReferences", keyed(&["uid"], "uid", object(vec![]))),
        ("managedFields", atomic_list()),
    ])
}

fn atomic_list() -> Node {
    scalar()
}

/// A list of status conditions keyed by `type`.
fn conditions() -> Node {
    keyed(&["type"], "type", object(vec![]))
}

fn selector() -> Node {
    // LabelSelector is `+structType=atomic`.
    atomic()
}

fn container() -> Node {
    let ports = key_default(
        keyed(
            &["containerPort", "protocol"],
            "containerPort",
            object(vec![]),
        ),
        "protocol",
        json!("TCP"),
    );
    object(vec![
        ("ports", ports),
        ("env", keyed(&["name"], "name", object(vec![]))),
        (
            "volumeMounts",
            keyed(&["mountPath"], "mountPath", object(vec![])),
        ),
        (
            "volumeDevices",
            keyed(&["devicePath"], "devicePath", object(vec![])),
        ),
        (
            "resources",
            object(vec![
                ("limits", string_map()),
                ("requests", string_map()),
                ("claims", keyed(&["name"], "name", object(vec![]))),
            ]),
        ),
    ])
}

fn pod_spec() -> Node {
    let containers = || keyed(&["name"], "name", container());
    let mut tolerations = atomic_list();
    tolerations.strategy = Strategy::Replace;
    object(vec![
        ("containers", containers()),
        ("initContainers", containers()),
        ("ephemeralContainers", containers()),
        (
            "volumes",
            retain_keys(keyed(
                &["name"],
                "name",
                object(vec![(
                    "csi",
                    object(vec![("volumeAttributes", string_map())]),
                )]),
            )),
        ),
        ("imagePullSecrets", keyed(&["name"], "name", object(vec![]))),
        ("tolerations", tolerations),
        ("hostAliases", keyed(&["ip"], "ip", object(vec![]))),
        (
            "topologySpreadConstraints",
            keyed(
                &["topologyKey", "whenUnsatisfiable"],
                "topologyKey",
                object(vec![("labelSelector", selector())]),
            ),
        ),
        ("schedulingGates", keyed(&["name"], "name", object(vec![]))),
        (
            "resourceClaims",
            retain_keys(keyed(&["name"], "name", object(vec![]))),
        ),
        ("nodeSelector", atomic()),
        ("overhead", string_map()),
    ])
}

fn pod_template() -> Node {
    object(vec![("metadata", object_meta()), ("spec", pod_spec())])
}

fn workload(extra: Vec<(&str, Node)>) -> Node {
    let mut fields = vec![("selector", selector()), ("template", pod_template())];
    fields.extend(extra);
    with_status(object(fields))
}

fn with_status(spec: Node) -> Node {
    root(vec![
        ("spec", spec),
        ("status", object(vec![("conditions", conditions())])),
    ])
}

fn root(fields: Vec<(&str, Node)>) -> Node {
    let mut node = object(fields);
    node.fields.insert("metadata".into(), object_meta());
    node
}

fn service_spec() -> Node {
    let ports = key_default(
        keyed(&["port", "protocol"], "port", object(vec![])),
        "protocol",
        json!("TCP"),
    );
    object(vec![("ports", ports), ("selector", atomic())])
}

/// The objects a freshly made Go value of a built-in kind already has: struct fields
/// that are not pointers serialize as `{}`. kube-apiserver compares a create against such
/// a value, so these objects are never "added" and get no `.` in `fieldsV1`. A pod
/// spec's `containers` (no `omitempty`) is there too, as `null`.
pub(crate) fn zero_structs(api_version: &str, kind: &str) -> Vec<Vec<&'static str>> {
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    if !is_builtin_group(group) {
        return Vec::new();
    }
    let mut paths = vec![vec!["metadata"], vec!["spec"], vec!["status"]];
    let template = |prefix: &[&'static str]| {
        let mut out = Vec::new();
        for tail in [
            &["template"][..],
            &["template", "metadata"],
            &["template", "spec"],
            &["template", "spec", "containers"],
        ] {
            out.push(prefix.iter().chain(tail).copied().collect::<Vec<_>>());
        }
        out
    };
    match (group, kind) {
        ("", "Pod") => paths.push(vec!["spec", "containers"]),
        ("", "PodTemplate") => paths.extend(template(&[])),
        ("apps", "Deployment") => {
            paths.extend(template(&["spec"]));
            paths.push(vec!["spec", "strategy"]);
        }
        ("apps", "DaemonSet" | "StatefulSet") => {
            paths.extend(template(&["spec"]));
            paths.push(vec!["spec", "updateStrategy"]);
        }
        ("apps", "ReplicaSet") | ("batch", "Job") => paths.extend(template(&["spec"])),
        ("batch", "CronJob") => {
            paths.extend([
                vec!["spec", "jobTemplate"],
                vec!["spec", "jobTemplate", "metadata"],
                vec!["spec", "jobTemplate", "spec"],
            ]);
            paths.extend(template(&["spec", "jobTemplate", "spec"]));
        }
        _ => {}
    }
    paths
}

fn is_builtin_group(group: &str) -> bool {
    group.is_empty() || !group.contains('.') || group.ends_with(".k8s.io")
}

/// The schema of a built-in kind; unknown kinds get a schemaless tree.
pub(crate) fn schema(api_version: &str, kind: &str) -> Node {
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    match (group, kind) {
        ("", "Pod") => root(vec![
            ("spec", pod_spec()),
            ("status", object(vec![("conditions", conditions())])),
        ]),
        ("", "PodTemplate") => root(vec![("template", pod_template())]),
        ("", "ReplicationController") => workload(vec![("selector", string_map())]),
        ("apps", "Deployment" | "ReplicaSet" | "DaemonSet") => workload(vec![]),
        ("apps", "StatefulSet") => workload(vec![("volumeClaimTemplates", atomic_list())]),
        ("batch", "Job") => {
            // Job conditions merge by type in strategic merge patch but are an atomic
            // list for server-side apply (`+listType=atomic`).
            let mut job = workload(vec![]);
            if let Some(c) = job
                .fields
                .get_mut("status")
                .and_then(|s| s.fields.get_mut("conditions"))
            {
                c.list = ListType::Atomic;
            }
            job
        }
        ("batch", "CronJob") => root(vec![
            (
                "spec",
                object(vec![(
                    "jobTemplate",
                    object(vec![
                        ("metadata", object_meta()),
                        (
                            "spec",
                            object(vec![("selector", selector()), ("template", pod_template())]),
                        ),
                    ]),
                )]),
            ),
            ("status", object(vec![])),
        ]),
        ("", "Service") => with_status(service_spec()),
        ("", "ConfigMap" | "Secret") => root(vec![
            ("data", string_map()),
            ("binaryData", string_map()),
            ("stringData", string_map()),
        ]),
        ("", "Node") => root(vec![(
            "status",
            object(vec![
                ("conditions", conditions()),
                ("addresses", keyed(&["type"], "type", object(vec![]))),
                ("capacity", string_map()),
                ("allocatable", string_map()),
            ]),
        )]),
        ("", "PersistentVolumeClaim") => root(vec![
            (
                "spec",
                object(vec![
                    ("selector", selector()),
                    (
                        "resources",
                        object(vec![("limits", string_map()), ("requests", string_map())]),
                    ),
                ]),
            ),
            (
                "status",
                object(vec![
                    ("conditions", conditions()),
                    ("capacity", string_map()),
                ]),
            ),
        ]),
        ("policy", "PodDisruptionBudget") => with_status(object(vec![("selector", selector())])),
        ("networking.k8s.io", "NetworkPolicy") => {
            root(vec![("spec", object(vec![("podSelector", selector())]))])
        }
        ("", "ServiceAccount") => root(vec![("secrets", keyed(&["name"], "name", object(vec![])))]),
        ("", "Namespace" | "PersistentVolume")
        | ("autoscaling", "HorizontalPodAutoscaler")
        | ("apiextensions.k8s.io", "CustomResourceDefinition")
        | ("networking.k8s.io", "Ingress") => with_status(object(vec![])),
        ("", "Endpoints" | "Event" | "LimitRange" | "ResourceQuota")
        | ("rbac.authorization.k8s.io", _)
        | ("networking.k8s.io", _)
        | ("coordination.k8s.io", "Lease")
        | ("storage.k8s.io", _)
        | ("scheduling.k8s.io", _)
        | ("admissionregistration.k8s.io", _) => root(vec![]),
        _ => {
            let mut node = Node::default();
            node.fields.insert("metadata".into(), object_meta());
            node
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::Undeclared;
    use super::*;

    fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
        path.iter().fold(
            node,
            |n, p| {
                if *p == "[]" { n.item() } else { n.member(p).0 }
            },
        )
    }

    #[test]
    fn deployment_containers_are_keyed_by_name_and_ports_by_port_and_protocol() {
        let d = schema("apps/v1", "Deployment");
        let containers = at(&d, &["spec", "template", "spec", "containers"]);
        assert_eq!(containers.merge_key.as_deref(), Some("name"));
        let ports = at(containers, &["[]", "ports"]);
        assert_eq!(ports.merge_key.as_deref(), Some("containerPort"));
        assert!(
            matches!(&ports.list, ListType::Map { keys, .. } if keys == &["containerPort", "protocol"])
        );
        assert_eq!(at(containers, &["[]", "args"]).list, ListType::Atomic);
        assert_eq!(at(&d, &["metadata", "finalizers"]).list, ListType::Set);
        assert!(at(&d, &["spec", "selector"]).atomic);
    }

    #[test]
    fn unknown_kinds_are_schemaless() {
        let n = schema("source.toolkit.fluxcd.io/v1", "GitRepository");
        assert_eq!(n.undeclared, Undeclared::Deduced);
        assert_eq!(at(&n, &["spec", "ignore"]).merge_key, None);
        assert_eq!(at(&n, &["metadata", "finalizers"]).list, ListType::Set);
    }
}
