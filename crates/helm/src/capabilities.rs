//! `.Capabilities`: the Kubernetes version and API versions templates are
//! rendered for. Defaults match Helm v4's SDK: Kubernetes v1.36.0 and the API
//! versions of client-go's scheme (no CRD groups, no `group/version/Kind` entries).

use crate::engine::value::Value as Tv;

use crate::engine::convert::{object, string};

/// Helm's version as templates see it (`.Capabilities.HelmVersion.Version`).
pub const HELM_VERSION: &str = "v4.2.3";

/// The group/versions every cluster is assumed to serve when none is given.
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// What the target cluster offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// The Kubernetes version, `v<major>.<minor>.<patch>`.
    pub kube_version: String,
    /// Served API versions (`apps/v1`, and optionally `apps/v1/Deployment`).
    pub api_versions: Vec<String>,
}

impl Default for Capabilities {
    fn default() -> Self {
        Capabilities {
            kube_version: "v1.36.0".into(),
            api_versions: DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Capabilities {
    /// The normalized version used for `kubeVersion` checks (`v1.36.0`).
    pub fn normalized_version(&self) -> String {
        let v = self.kube_version.trim_start_matches('v');
        let core: String = v
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        format!("v{}", core.trim_end_matches('.'))
    }

    /// The `.Capabilities` object.
    pub(crate) fn to_object(&self) -> Tv {
        let git = if self.kube_version.starts_with('v') {
            self.kube_version.clone()
        } else {
            format!("v{}", self.kube_version)
        };
        let mut parts = self
            .normalized_version()
            .trim_start_matches('v')
            .split('.')
            .map(str::to_string)
            .collect::<Vec<_>>();
        parts.resize(2, "0".into());
        let kube = object([
            ("Version", string(&git)),
            ("GitVersion", string(&git)),
            ("Major", string(&parts[0])),
            ("Minor", string(&parts[1])),
        ]);
        let apis = Tv::List(self.api_versions.iter().map(|s| string(s)).collect());
        let helm = object([
            ("Version", string(HELM_VERSION)),
            ("GitCommit", string("")),
            ("GitTreeState", string("")),
            ("GoVersion", string("")),
            (
                "KubeClientVersion",
                string(&format!("v{}.{}", parts[0], parts[1])),
            ),
        ]);
        object([
            ("KubeVersion", kube),
            ("APIVersions", apis),
            ("HelmVersion", helm),
        ])
    }
}
