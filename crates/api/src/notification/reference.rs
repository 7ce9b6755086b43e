//! The Flux objects Alerts listen to and Receivers trigger.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Flux objects, by kind, selected by name (or `*`), namespace and labels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceObjectReference {
    /// The objects' API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The objects' kind.
    pub kind: FluxKind,
    /// The object's name, or `*` for every object of the kind.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The objects' namespace; the referrer's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 253))]
    pub namespace: Option<String>,
    /// Labels the objects must carry; only with name `*`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
}

/// The Flux kinds that emit events and accept reconcile requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum FluxKind {
    /// `Bucket` (source).
    Bucket,
    /// `GitRepository` (source).
    GitRepository,
    /// `Kustomization` (kustomize).
    Kustomization,
    /// `HelmRelease` (helm).
    HelmRelease,
    /// `HelmChart` (source).
    HelmChart,
    /// `HelmRepository` (source).
    HelmRepository,
    /// `ImageRepository` (image automation).
    ImageRepository,
    /// `ImagePolicy` (image automation).
    ImagePolicy,
    /// `ImageUpdateAutomation` (image automation).
    ImageUpdateAutomation,
    /// `OCIRepository` (source).
    #[serde(rename = "OCIRepository")]
    OciRepository,
    /// `ArtifactGenerator` (source).
    ArtifactGenerator,
    /// `ExternalArtifact` (source).
    ExternalArtifact,
}
