//! `HelmChart`: a chart pulled from a HelmRepository or packaged from a
//! GitRepository or Bucket, published as a chart tarball.

mod status;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{OIDCIdentityMatch, VerificationProvider};
use crate::meta::{DURATION_PATTERN, LocalObjectReference};

pub use status::HelmChartStatus;

/// The desired state of a [`HelmChart`].
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "HelmChart",
    plural = "helmcharts",
    singular = "helmchart",
    namespaced,
    status = "HelmChartStatus",
    derive = "PartialEq",
    shortname = "hc",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    doc = "A Helm chart the source-controller pulls or packages and publishes as an artifact.",
    printcolumn = r#"{"name":"Chart","type":"string","jsonPath":".spec.chart"}"#,
    printcolumn = r#"{"name":"Version","type":"string","jsonPath":".spec.version"}"#,
    printcolumn = r#"{"name":"Source Kind","type":"string","jsonPath":".spec.sourceRef.kind"}"#,
    printcolumn = r#"{"name":"Source Name","type":"string","jsonPath":".spec.sourceRef.name"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": "spec.verify is only supported when spec.sourceRef.kind is 'HelmRepository'",
    "rule": "!has(self.verify) || self.sourceRef.kind == 'HelmRepository'"
}]))]
pub struct HelmChartSpec {
    /// The chart's name in a repository, or its path in a Git or Bucket source.
    pub chart: String,
    /// A semver range of chart versions (repositories only); `*` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "*"))]
    pub version: Option<String>,
    /// The source holding the chart, in the same namespace.
    pub source_ref: HelmChartSourceReference,
    /// How often the source is checked for a new chart.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// What makes a new artifact: a new chart version, or a new source revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "ChartVersion"))]
    pub reconcile_strategy: Option<ReconcileStrategy>,
    /// Values files, relative to the source root, merged in order into the chart's values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values_files: Option<Vec<String>>,
    /// Skips values files that do not exist instead of failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_missing_values_files: Option<bool>,
    /// Stops reconciliation while true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// How to verify the chart's signature (OCI HelmRepositories only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<HelmChartVerification>,
}

/// The source a HelmChart comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmChartSourceReference {
    /// The source's API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The source's kind.
    pub kind: HelmChartSourceKind,
    /// The source's name.
    pub name: String,
}

/// The kinds a HelmChart can come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
pub enum HelmChartSourceKind {
    /// A chart repository; the chart is pulled.
    #[default]
    HelmRepository,
    /// A Git repository; the chart directory is packaged.
    GitRepository,
    /// A bucket; the chart directory is packaged.
    Bucket,
}

/// When a HelmChart produces a new artifact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
pub enum ReconcileStrategy {
    /// When the chart's version changes.
    #[default]
    ChartVersion,
    /// When the source's revision changes.
    Revision,
}

/// Signature verification of a chart pulled from an OCI registry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmChartVerification {
    /// The signing tool.
    #[schemars(extend("default" = "cosign"))]
    pub provider: VerificationProvider,
    /// A Secret with trusted public keys or certificates; keyless when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// Identities a keyless signature must match; any identity when empty.
    #[serde(
        default,
        rename = "matchOIDCIdentity",
        skip_serializing_if = "Option::is_none"
    )]
    pub match_oidc_identity: Option<Vec<OIDCIdentityMatch>>,
}

impl HelmChart {
    /// A HelmChart of `chart` from the HelmRepository `repository`, for tests and examples.
    pub fn fixture(namespace: &str, name: &str, repository: &str, chart: &str) -> Self {
        let mut hc = Self::new(
            name,
            HelmChartSpec {
                chart: chart.to_owned(),
                source_ref: HelmChartSourceReference {
                    api_version: None,
                    kind: HelmChartSourceKind::HelmRepository,
                    name: repository.to_owned(),
                },
                interval: "1m".to_owned(),
                ..HelmChartSpec::default()
            },
        );
        hc.metadata.namespace = Some(namespace.to_owned());
        hc
    }
}

impl HelmChartSpec {
    /// `spec.version`, or its default (`*`, the latest version).
    pub fn version(&self) -> &str {
        self.version
            .as_deref()
            .unwrap_or(super::DEFAULT_CHART_VERSION)
    }

    /// `spec.reconcileStrategy`, or its default (`ChartVersion`).
    pub fn reconcile_strategy(&self) -> ReconcileStrategy {
        self.reconcile_strategy.unwrap_or_default()
    }
}
