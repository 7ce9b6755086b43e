//! The kinds of `source.toolkit.fluxcd.io/v1`, served by the source-controller:
//! each fetches content from an origin (Git, OCI, Helm, S3) and publishes it as
//! an [`Artifact`](crate::meta::Artifact) other controllers consume.

mod access;
mod bucket;
mod external_artifact;
mod git_repository;
mod helm_chart;
mod helm_repository;
mod oci_repository;
mod provider;
mod verification;

#[cfg(test)]
mod tests;

pub use access::{AccessFrom, NamespaceSelector};
pub use bucket::{
    Bucket, BucketProvider, BucketSpec, BucketStatus, BucketStsProvider, BucketStsSpec,
};
pub use external_artifact::{ExternalArtifact, ExternalArtifactSpec, ExternalArtifactStatus};
pub use git_repository::{
    GitProvider, GitRepository, GitRepositoryInclude, GitRepositoryRef, GitRepositorySpec,
    GitRepositoryStatus, GitRepositoryVerification, GitVerificationMode,
};
pub use helm_chart::{
    HelmChart, HelmChartSourceKind, HelmChartSourceReference, HelmChartSpec, HelmChartStatus,
    HelmChartVerification, ReconcileStrategy,
};
pub use helm_repository::{
    HelmRepository, HelmRepositorySpec, HelmRepositoryStatus, HelmRepositoryType,
};
pub use oci_repository::{
    LayerOperation, OCILayerSelector, OCIRepository, OCIRepositoryRef, OCIRepositorySpec,
    OCIRepositoryStatus, OCIRepositoryVerification,
};
pub use provider::CloudProvider;
pub use verification::{OIDCIdentityMatch, VerificationProvider};

/// Time limit of a source's remote operations when `spec.timeout` is unset.
pub const DEFAULT_TIMEOUT: &str = "60s";
/// The branch a GitRepository checks out when `spec.ref` is unset or empty.
pub const DEFAULT_BRANCH: &str = "master";
/// The chart version range a HelmChart resolves when `spec.version` is unset.
pub const DEFAULT_CHART_VERSION: &str = "*";

/// The API group of the source kinds.
pub const GROUP: &str = "source.toolkit.fluxcd.io";
/// The served and stored version of the source kinds.
pub const VERSION: &str = "v1";
/// `apiVersion` of the source kinds, `<group>/<version>`.
pub const API_VERSION: &str = "source.toolkit.fluxcd.io/v1";
