//! Where a HelmRelease gets its chart: a HelmChart template the controller
//! creates (`spec.chart`) or a reference to an existing source (`spec.chartRef`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{DURATION_PATTERN, LocalObjectReference};

/// A HelmChart the controller creates and keeps in sync for this release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HelmChartTemplate {
    /// Labels and annotations given to the created HelmChart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<HelmChartTemplateObjectMeta>,
    /// The spec of the created HelmChart.
    pub spec: HelmChartTemplateSpec,
}

/// Metadata of a templated HelmChart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HelmChartTemplateObjectMeta {
    /// Annotations to set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Labels to set.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// The spec of a templated HelmChart; see the HelmChart kind for each field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmChartTemplateSpec {
    /// Chart name in a Helm repository, or chart path in a Git repository or bucket.
    #[schemars(length(min = 1, max = 2048))]
    pub chart: String,
    /// SemVer range of the chart version; only used with HelmRepositories.
    #[serde(default = "any_version")]
    pub version: String,
    /// The source holding the chart.
    pub source_ref: CrossNamespaceObjectReference,
    /// How often the HelmChart checks its source; the release's interval when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: Option<String>,
    /// What counts as a new chart: a new version, or any new source revision.
    #[serde(default)]
    pub reconcile_strategy: ReconcileStrategy,
    /// Values files inside the chart or source, merged in order over the chart's
    /// own `values.yaml`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values_files: Vec<String>,
    /// Skip values files that do not exist instead of failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_missing_values_files: Option<bool>,
    /// Signature verification of OCI charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<HelmChartTemplateVerification>,
}

fn any_version() -> String {
    "*".to_owned()
}

/// The source a templated HelmChart reads from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceObjectReference {
    /// The source's API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The source's kind.
    pub kind: ChartSourceKind,
    /// The source's name.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The source's namespace; the HelmRelease's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub namespace: Option<String>,
}

/// The kinds of source a templated HelmChart can read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ChartSourceKind {
    /// A `HelmRepository`.
    HelmRepository,
    /// A `GitRepository`.
    GitRepository,
    /// A `Bucket`.
    Bucket,
}

/// What makes a templated HelmChart produce a new artifact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ReconcileStrategy {
    /// A new chart version.
    #[default]
    ChartVersion,
    /// Any new revision of the source.
    Revision,
}

/// How to verify a templated OCI chart's signature.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmChartTemplateVerification {
    /// The signing tool.
    #[schemars(extend("default" = "cosign"))]
    pub provider: VerificationProvider,
    /// A Secret with the trusted public keys; keyless verification when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
}

/// Signature tools a chart can be verified with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VerificationProvider {
    /// Sigstore cosign.
    #[default]
    Cosign,
    /// Notary Project notation.
    Notation,
}

/// An existing source object whose artifact is the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrossNamespaceSourceReference {
    /// The source's API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The source's kind.
    pub kind: ChartRefKind,
    /// The source's name.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The source's namespace; the HelmRelease's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub namespace: Option<String>,
}

/// The kinds of source `spec.chartRef` can point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ChartRefKind {
    /// An `OCIRepository` holding a packaged chart.
    #[serde(rename = "OCIRepository")]
    OciRepository,
    /// A `HelmChart`.
    HelmChart,
    /// An `ExternalArtifact`.
    ExternalArtifact,
}
