//! The desired state of a HelmRelease: the chart, the values and how each Helm
//! action runs.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    CrossNamespaceSourceReference, DriftDetection, HelmChartTemplate, HelmReleaseStatus, Install,
    PostRenderStrategy, PostRenderer, Rollback, Test, Uninstall, Upgrade, ValuesReference,
    WaitStrategy, schemas,
};
use crate::kustomize::{CommonMetadata, CustomHealthCheck};
use crate::meta::{DURATION_PATTERN, DependencyReference, KubeConfigReference};

/// Installs a Helm chart as a release and keeps it up to date: upgrades on new
/// chart versions or values, tests, remediates failures and corrects drift.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "helm.toolkit.fluxcd.io",
    version = "v2",
    kind = "HelmRelease",
    namespaced,
    status = "HelmReleaseStatus",
    shortname = "hr",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-appliers",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    derive = "PartialEq",
    doc = "A Helm release reconciled from a chart and values."
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": "either chart or chartRef must be set",
    "rule": "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))"
}]))]
pub struct HelmReleaseSpec {
    /// A HelmChart for the controller to create; exactly one of `chart` and `chartRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<HelmChartTemplate>,
    /// An existing source holding the chart; exactly one of `chart` and `chartRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart_ref: Option<CrossNamespaceSourceReference>,
    /// How often to check the release against the desired state (a Go duration).
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// A remote cluster to release to instead of the local one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kube_config: Option<KubeConfigReference>,
    /// Stop reconciling until this is unset or false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// The Helm release name; `[<targetNamespace>-]<name>` when unset, shortened
    /// with a hash past 53 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 53))]
    pub release_name: Option<String>,
    /// Namespace the release is installed into; the HelmRelease's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub target_namespace: Option<String>,
    /// Namespace of the Helm storage Secrets; the HelmRelease's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub storage_namespace: Option<String>,
    /// Other HelmReleases that must be ready before this one is released.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<DependencyReference>,
    /// Time limit of each Helm action; 5m when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub timeout: Option<String>,
    /// How many release revisions Helm keeps; 5 when unset, 0 for no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schemas::go_int")]
    pub max_history: Option<i64>,
    /// Service account to impersonate for every Helm action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 253))]
    pub service_account_name: Option<String>,
    /// Reuse one Kubernetes client for the whole reconciliation; true when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_client: Option<bool>,
    /// Detection and correction of drift between the cluster and the release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_detection: Option<DriftDetection>,
    /// How `helm install` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install: Option<Install>,
    /// How `helm upgrade` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<Upgrade>,
    /// How `helm test` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Test>,
    /// How `helm rollback` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<Rollback>,
    /// How `helm uninstall` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uninstall: Option<Uninstall>,
    /// ConfigMaps and Secrets with values, merged in order under `values`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values_from: Vec<ValuesReference>,
    /// Inline values, merged over those from `valuesFrom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schemas::free_form")]
    pub values: Option<serde_json::Value>,
    /// Steps run on the rendered manifests, in order, before they are released.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub post_renderers: Vec<PostRenderer>,
    /// Whether hooks go through the post-renderers; `combined` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_render_strategy: Option<PostRenderStrategy>,
    /// Labels and annotations stamped on every rendered object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_metadata: Option<CommonMetadata>,
    /// CEL health rules for custom resources kstatus cannot judge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_check_exprs: Vec<CustomHealthCheck>,
    /// How readiness is awaited; `poller` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_strategy: Option<WaitStrategy>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm::{ChartSourceKind, DeletionPropagation, ReconcileStrategy};

    fn spec(yaml: &str) -> HelmReleaseSpec {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_templated_chart_tracks_any_version_by_chart_version_unless_told_otherwise() {
        let spec = spec(
            "{interval: 5m, chart: {spec: {chart: podinfo,
              sourceRef: {kind: HelmRepository, name: podinfo}}}}",
        );
        let chart = spec.chart.unwrap().spec;
        assert_eq!(chart.version, "*");
        assert_eq!(chart.reconcile_strategy, ReconcileStrategy::ChartVersion);
        assert_eq!(chart.source_ref.kind, ChartSourceKind::HelmRepository);
        assert!(chart.verify.is_none());
    }

    #[test]
    fn uninstall_propagates_deletion_in_the_background_by_default() {
        let spec =
            spec("{interval: 5m, chartRef: {kind: OCIRepository, name: app}, uninstall: {}}");
        assert_eq!(
            spec.uninstall.unwrap().deletion_propagation,
            DeletionPropagation::Background
        );
    }

    #[test]
    fn values_keep_any_json_as_written() {
        let spec = spec(
            "{interval: 5m, chartRef: {kind: HelmChart, name: app}, values: {a: [1, {b: null}]}}",
        );
        let back = serde_json::to_value(&spec).unwrap();
        assert_eq!(back["values"], serde_json::json!({"a": [1, {"b": null}]}));
    }

    #[test]
    fn exactly_one_chart_source_is_required_by_a_cel_rule() {
        let crd = serde_json::to_value(crate::crds::crd::<HelmRelease>()).unwrap();
        let rules = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
            ["x-kubernetes-validations"];
        assert_eq!(rules[0]["message"], "either chart or chartRef must be set");
    }
}
