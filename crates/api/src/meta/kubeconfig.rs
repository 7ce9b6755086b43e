//! Where a kind finds the kubeconfig of a remote cluster it applies to.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{LocalObjectReference, SecretKeyReference};

/// The kubeconfig of a remote cluster: a Secret holding a kubeconfig file, or a
/// ConfigMap describing a cloud provider's cluster; exactly one of the two.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "message": "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
        "rule": "has(self.configMapRef) || has(self.secretRef)"
    },
    {
        "message": "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
        "rule": "!has(self.configMapRef) || !has(self.secretRef)"
    }
]))]
pub struct KubeConfigReference {
    /// A Secret with the kubeconfig under `key` (`value` or `value.yaml` when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<SecretKeyReference>,
    /// A ConfigMap naming the cloud provider, cluster, address and CA to connect with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_map_ref: Option<LocalObjectReference>,
}
