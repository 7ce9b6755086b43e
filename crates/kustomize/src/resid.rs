//! Resource identity: group/version/kind plus name and namespace, and which
//! kinds are cluster-scoped.

use std::fmt;

/// Group, version and kind of a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gvk {
    /// API group (`""` for the core group).
    pub group: String,
    /// API version.
    pub version: String,
    /// Kind.
    pub kind: String,
}

impl Gvk {
    /// Splits an `apiVersion` (`group/version` or `version`) and pairs it with a kind.
    pub fn new(api_version: &str, kind: &str) -> Self {
        let (group, version) = match api_version.rsplit_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), api_version.to_string()),
        };
        Gvk {
            group,
            version,
            kind: kind.to_string(),
        }
    }

    /// The `apiVersion` string.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// True when every non-empty field of `selector` equals ours.
    pub fn is_selected(&self, selector: &Gvk) -> bool {
        (selector.group.is_empty() || selector.group == self.group)
            && (selector.version.is_empty() || selector.version == self.version)
            && (selector.kind.is_empty() || selector.kind == self.kind)
    }

    /// True for kinds that live outside namespaces (kinds of the Kubernetes
    /// schema in their own API group; anything else is namespaced).
    pub fn is_cluster_scoped(&self) -> bool {
        is_cluster_scoped_kind(&self.kind) && cluster_kind_group_matches(&self.kind, &self.group)
    }
}

fn cluster_kind_group_matches(kind: &str, group: &str) -> bool {
    let groups: &[&str] = match kind {
        "Namespace" | "Node" | "PersistentVolume" | "ComponentStatus" => &[""],
        "ClusterRole" | "ClusterRoleBinding" => &["rbac.authorization.k8s.io"],
        "CustomResourceDefinition" => &["apiextensions.k8s.io"],
        "StorageClass" | "CSIDriver" | "CSINode" | "VolumeAttachment" => &["storage.k8s.io"],
        "PriorityClass" => &["scheduling.k8s.io"],
        "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration" => {
            &["admissionregistration.k8s.io"]
        }
        "APIService" => &["apiregistration.k8s.io"],
        "CertificateSigningRequest" => &["certificates.k8s.io"],
        "PodSecurityPolicy" => &["policy", "extensions"],
        "FlowSchema" | "PriorityLevelConfiguration" => &["flowcontrol.apiserver.k8s.io"],
        "IngressClass" => &["networking.k8s.io"],
        "RuntimeClass" => &["node.k8s.io"],
        "SelfSubjectAccessReview" | "SelfSubjectRulesReview" | "SubjectAccessReview" => {
            &["authorization.k8s.io"]
        }
        "TokenReview" => &["authentication.k8s.io"],
        _ => return true,
    };
    groups.contains(&group)
}

/// Kinds that the Kubernetes schema declares cluster-scoped.
pub fn is_cluster_scoped_kind(kind: &str) -> bool {
    matches!(
        kind,
        "APIService"
            | "CSIDriver"
            | "CSINode"
            | "CertificateSigningRequest"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "ComponentStatus"
            | "CustomResourceDefinition"
            | "FlowSchema"
            | "IngressClass"
            | "MutatingWebhookConfiguration"
            | "Namespace"
            | "Node"
            | "PersistentVolume"
            | "PodSecurityPolicy"
            | "PriorityClass"
            | "PriorityLevelConfiguration"
            | "RuntimeClass"
            | "SelfSubjectAccessReview"
            | "SelfSubjectRulesReview"
            | "StorageClass"
            | "SubjectAccessReview"
            | "TokenReview"
            | "ValidatingWebhookConfiguration"
            | "VolumeAttachment"
    )
}

/// The identity of a resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResId {
    /// Group, version, kind.
    pub gvk: Gvk,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace` (`""` when unset).
    pub namespace: String,
}

impl ResId {
    /// The namespace with `""` read as `default` for namespaced kinds.
    pub fn effective_namespace(&self) -> &str {
        if self.gvk.is_cluster_scoped() {
            ""
        } else if self.namespace.is_empty() {
            "default"
        } else {
            &self.namespace
        }
    }

    /// True when both ids live in the same (effective) namespace.
    pub fn ns_equals(&self, other: &ResId) -> bool {
        self.effective_namespace() == other.effective_namespace()
    }

    /// True when gvk, name and effective namespace are equal.
    pub fn same_as(&self, other: &ResId) -> bool {
        self.gvk == other.gvk && self.name == other.name && self.ns_equals(other)
    }
}

impl fmt::Display for ResId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gv = if self.gvk.group.is_empty() {
            format!("{}_{}", self.gvk.kind, self.gvk.version)
        } else {
            format!("{}.{}.{}", self.gvk.kind, self.gvk.version, self.gvk.group)
        };
        let ns = if self.namespace.is_empty() {
            "[noNs]"
        } else {
            &self.namespace
        };
        write!(f, "{gv}|{ns}|{}", self.name)
    }
}
