//! The cloud providers a source can authenticate with.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How an OCI or Helm repository authenticates: with a Secret (`generic`) or
/// with the workload identity of a cloud provider.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum CloudProvider {
    /// Credentials from `spec.secretRef`, if any.
    #[default]
    Generic,
    /// Amazon ECR, through the pod's AWS identity.
    Aws,
    /// Azure Container Registry, through the pod's Azure identity.
    Azure,
    /// Google Artifact Registry, through the pod's GCP identity.
    Gcp,
}
