//! The built-in kinds a GitOps controller and its users touch.

use std::sync::Arc;

use super::{ResourceInfo, VersionInfo};
use crate::patch::ListSchema;

/// Row of the built-in table: group, version, kind, plural, namespaced, short names,
/// status subresource, generation, categories.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
    bool,
    bool,
    bool,
);

#[rustfmt::skip]
const BUILTINS: &[Row] = &[
    // group, version, kind, plural, namespaced, short names, status, generation, in "all"
    ("", "v1", "Namespace", "namespaces", false, &["ns"], true, false, false),
    ("", "v1", "ConfigMap", "configmaps", true, &["cm"], false, false, false),
    ("", "v1", "Secret", "secrets", true, &[], false, false, false),
    ("", "v1", "ServiceAccount", "serviceaccounts", true, &["sa"], false, false, false),
    ("", "v1", "Service", "services", true, &["svc"], true, false, true),
    ("", "v1", "Endpoints", "endpoints", true, &["ep"], false, false, false),
    ("", "v1", "Event", "events", true, &["ev"], false, false, false),
    ("", "v1", "Pod", "pods", true, &["po"], true, false, true),
    ("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, &["pvc"], true, false, false),
    ("", "v1", "PersistentVolume", "persistentvolumes", false, &["pv"], true, false, false),
    ("", "v1", "Node", "nodes", false, &["no"], true, false, false),
    ("", "v1", "ResourceQuota", "resourcequotas", true, &["quota"], true, false, false),
    ("", "v1", "LimitRange", "limitranges", true, &["limits"], false, false, false),
    ("apps", "v1", "Deployment", "deployments", true, &["deploy"], true, true, true),
    ("apps", "v1", "ReplicaSet", "replicasets", true, &["rs"], true, true, true),
    ("apps", "v1", "StatefulSet", "statefulsets", true, &["sts"], true, true, true),
    ("apps", "v1", "DaemonSet", "daemonsets", true, &["ds"], true, true, true),
    ("apps", "v1", "ControllerRevision", "controllerrevisions", true, &[], false, false, false),
    ("batch", "v1", "Job", "jobs", true, &[], true, true, true),
    ("batch", "v1", "CronJob", "cronjobs", true, &["cj"], true, true, true),
    ("networking.k8s.io", "v1", "Ingress", "ingresses", true, &["ing"], true, true, false),
    ("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, &[], false, true, false),
    ("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, &["netpol"], false, true, false),
    ("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, &["pdb"], true, true, false),
    ("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, &["hpa"], true, false, true),
    ("rbac.authorization.k8s.io", "v1", "Role", "roles", true, &[], false, false, false),
    ("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, &[], false, false, false),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, &[], false, false, false),
    ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, &[], false, false, false),
    ("coordination.k8s.io", "v1", "Lease", "leases", true, &[], false, false, false),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, &["crd", "crds"], true, true, false),
    ("events.k8s.io", "v1", "Event", "events", true, &["ev"], false, false, false),
    ("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false, &[], false, false, false),
    ("authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", false, &[], false, false, false),
    ("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, &["sc"], false, false, false),
    ("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, &["pc"], false, false, false),
    ("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, &[], false, true, false),
    ("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, &[], false, true, false),
];

/// Every built-in resource.
pub(super) fn resources() -> Vec<ResourceInfo> {
    BUILTINS
        .iter()
        .map(
            |&(group, version, kind, plural, namespaced, short, status, generation, all)| {
                ResourceInfo {
                    group: group.to_owned(),
                    versions: vec![VersionInfo {
                        name: version.to_owned(),
                        schema: None,
                        raw_schema: None,
                        columns: Vec::new(),
                        list_schema: Arc::new(ListSchema::builtin(
                            &if group.is_empty() {
                                version.to_owned()
                            } else {
                                format!("{group}/{version}")
                            },
                            kind,
                        )),
                    }],
                    kind: kind.to_owned(),
                    plural: plural.to_owned(),
                    singular: kind.to_lowercase(),
                    namespaced,
                    short_names: short.iter().map(|s| (*s).to_owned()).collect(),
                    categories: if all {
                        vec!["all".to_owned()]
                    } else {
                        Vec::new()
                    },
                    status_subresource: status,
                    has_generation: generation,
                    custom: false,
                }
            },
        )
        .collect()
}
