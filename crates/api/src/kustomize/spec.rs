//! The desired state of a Kustomization: where the manifests come from, how they
//! are built and how they are applied.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    CommonMetadata, CustomHealthCheck, Decryption, IgnoreRule, Image, KustomizationStatus, Patch,
    PostBuild,
};
use crate::meta::{
    DURATION_PATTERN, DependencyReference, KubeConfigReference, NamespacedObjectKindReference,
};

/// Builds a Kustomize overlay (or a directory of plain manifests) from a source
/// artifact and applies it to the cluster with server-side apply, pruning what
/// the source no longer contains and waiting for health.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "kustomize.toolkit.fluxcd.io",
    version = "v1",
    kind = "Kustomization",
    namespaced,
    status = "KustomizationStatus",
    shortname = "ks",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-appliers",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    derive = "PartialEq",
    doc = "A Kustomize build applied to the cluster from a source artifact."
)]
#[serde(rename_all = "camelCase")]
pub struct KustomizationSpec {
    /// The source whose artifact holds the manifests.
    pub source_ref: CrossNamespaceSourceReference,
    /// Directory inside the artifact to build; the artifact root when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How often to rebuild, apply and correct drift (a Go duration).
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// How soon to retry after a failed reconciliation; `interval` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub retry_interval: Option<String>,
    /// Time limit of each build, apply, health-check and prune step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub timeout: Option<String>,
    /// Delete objects that were applied before but are gone from the source.
    pub prune: bool,
    /// What happens to the applied objects when the Kustomization is deleted;
    /// `MirrorPrune` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<DeletionPolicy>,
    /// Stop reconciling until this is unset or false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Other Kustomizations that must be ready before this one is applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<DependencyReference>,
    /// Namespace given to every namespaced object of the build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub target_namespace: Option<String>,
    /// Prefix added to the name of every object of the build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub name_prefix: Option<String>,
    /// Suffix added to the name of every object of the build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub name_suffix: Option<String>,
    /// Labels and annotations stamped on every applied object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_metadata: Option<CommonMetadata>,
    /// Patches applied to the build output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<Patch>,
    /// Container image overrides applied to the build output.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    /// Kustomize components, relative to `path`, added to the build.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// Skip components missing from the source instead of failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_missing_components: Option<bool>,
    /// Build annotations Kustomize adds to the objects it outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub build_metadata: Vec<BuildMetadata>,
    /// Variable substitution run on the build output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_build: Option<PostBuild>,
    /// Decryption of encrypted Secrets in the build output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decryption: Option<Decryption>,
    /// Recreate objects whose immutable fields changed.
    #[serde(default)]
    pub force: bool,
    /// Wait for every applied object to become healthy (`healthChecks` is then ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<bool>,
    /// Objects whose health decides the Kustomization's readiness.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_checks: Vec<NamespacedObjectKindReference>,
    /// CEL health rules for custom resources kstatus cannot judge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_check_exprs: Vec<CustomHealthCheck>,
    /// Fields drift detection and correction leave alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<IgnoreRule>,
    /// Service account to impersonate when applying, pruning and health checking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// A remote cluster to apply to instead of the local one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_config: Option<KubeConfigReference>,
}

/// The source object a Kustomization builds from, possibly in another namespace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceSourceReference {
    /// The source's API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The source's kind.
    pub kind: SourceKind,
    /// The source's name.
    pub name: String,
    /// The source's namespace; the Kustomization's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// The kinds of source a Kustomization can build from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SourceKind {
    /// An `OCIRepository`.
    #[serde(rename = "OCIRepository")]
    OciRepository,
    /// A `GitRepository`.
    GitRepository,
    /// A `Bucket`.
    Bucket,
    /// An `ExternalArtifact`.
    ExternalArtifact,
}

/// What to do with the applied objects when a Kustomization is deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DeletionPolicy {
    /// Delete them if `prune` is true, orphan them otherwise.
    #[default]
    MirrorPrune,
    /// Delete them.
    Delete,
    /// Delete them and wait (up to `timeout`) until they are gone.
    WaitForTermination,
    /// Leave them in the cluster.
    Orphan,
}

/// Kustomize build annotations that can be turned on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum BuildMetadata {
    /// `config.kubernetes.io/origin`: the file each object came from.
    OriginAnnotations,
    /// `internal.config.kubernetes.io` annotations naming the transformers that
    /// changed each object.
    TransformerAnnotations,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_kustomization_does_not_force_and_mirrors_prune_on_deletion() {
        let spec: KustomizationSpec = serde_yaml::from_str(
            "{interval: 10m, prune: true, sourceRef: {kind: OCIRepository, name: app}}",
        )
        .unwrap();
        assert!(!spec.force);
        assert_eq!(spec.source_ref.kind, SourceKind::OciRepository);
        assert_eq!(
            spec.deletion_policy.unwrap_or_default(),
            DeletionPolicy::MirrorPrune
        );
    }

    #[test]
    fn source_kinds_and_build_metadata_use_fluxs_spelling_on_the_wire() {
        let kind = serde_json::to_value(SourceKind::OciRepository).unwrap();
        assert_eq!(kind, "OCIRepository");
        let meta = serde_json::to_value(BuildMetadata::TransformerAnnotations).unwrap();
        assert_eq!(meta, "transformerAnnotations");
    }
}
