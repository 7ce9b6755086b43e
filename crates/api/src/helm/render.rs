//! What happens to rendered manifests: post-renderers before they are released,
//! drift detection afterwards, and how readiness is awaited.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kustomize::{IgnoreRule, Image, Patch};

/// One post-rendering step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PostRenderer {
    /// Kustomize patches and image overrides applied to the rendered manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kustomize: Option<Kustomize>,
}

/// The Kustomize directives a post-renderer applies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Kustomize {
    /// Strategic-merge or JSON 6902 patches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patches: Vec<Patch>,
    /// Container image overrides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
}

/// Whether chart hooks go through the post-renderers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PostRenderStrategy {
    /// Hooks bypass the post-renderers (Helm 3).
    Nohooks,
    /// Hooks and templates go through together, in one stream (Helm 4).
    #[default]
    Combined,
    /// Hooks and templates go through in separate streams.
    Separate,
}

/// Comparison of the cluster with the release manifest, and its correction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DriftDetection {
    /// Whether drift is detected, and whether it is corrected; `disabled` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<DriftDetectionMode>,
    /// Fields left out of the comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<IgnoreRule>,
}

/// Drift detection modes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DriftDetectionMode {
    /// Detect drift and correct it.
    Enabled,
    /// Detect drift and report it, without correcting it.
    Warn,
    /// Do not look for drift.
    #[default]
    Disabled,
}

/// How readiness is awaited after a Helm action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct WaitStrategy {
    /// The waiting implementation.
    pub name: WaitStrategyName,
}

/// Implementations of waiting for readiness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum WaitStrategyName {
    /// Poll each resource's kstatus (and `healthCheckExprs`).
    #[default]
    Poller,
    /// Helm 3's own readiness checks.
    Legacy,
}
