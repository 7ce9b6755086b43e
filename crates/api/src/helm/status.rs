//! The observed state of a HelmRelease: conditions, the releases it made, the
//! digests of the configuration they were made with and the failure counters.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::schemas;
use crate::meta::{
    Condition, ForceRequestStatus, ReconcileRequestStatus, ResetRequestStatus, ResourceInventory,
};

/// What the helm-controller last observed and did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HelmReleaseStatus {
    /// The last `metadata.generation` that was fully reconciled or stalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// The current conditions (`Ready`, `Reconciling`, `Stalled`, `Released`,
    /// `TestSuccess`, `Remediated`, `Drifted`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// `<namespace>/<name>` of the HelmChart created from `spec.chart`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helm_chart: Option<String>,
    /// The namespace of the Helm storage in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 63))]
    pub storage_namespace: Option<String>,
    /// The releases made, newest first, back to the last successful one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Snapshot>,
    /// The objects of the current release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<ResourceInventory>,
    /// Digest of the post-renderers of the last successful release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_post_renderers_digest: Option<String>,
    /// Digest of the common metadata of the last successful release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_common_metadata_digest: Option<String>,
    /// The `metadata.generation` of the last release attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_generation: Option<i64>,
    /// The action of the last release attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_release_action: Option<ReleaseAction>,
    /// How long the last release attempt took (a Go duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_release_action_duration: Option<String>,
    /// The chart version of the last release attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_revision: Option<String>,
    /// The OCI digest of the chart of the last release attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_revision_digest: Option<String>,
    /// Deprecated: checksum of the values of the last release attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_values_checksum: Option<String>,
    /// Digest of the values of the last release attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_config_digest: Option<String>,
    /// Deprecated: the revision of the last successful Helm release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schemas::go_int")]
    pub last_release_revision: Option<i64>,
    /// Failures of any kind since the counters were last reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<i64>,
    /// Failed installs since the counters were last reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_failures: Option<i64>,
    /// Failed upgrades since the counters were last reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_failures: Option<i64>,
    /// The last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
    /// The last handled force request.
    #[serde(flatten)]
    pub force_request: ForceRequestStatus,
    /// The last handled reset request.
    #[serde(flatten)]
    pub reset_request: ResetRequestStatus,
}

/// The Helm actions that make a release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseAction {
    /// `helm install`.
    Install,
    /// `helm upgrade`.
    Upgrade,
}

/// One Helm release revision made for a HelmRelease.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// The API version of the snapshot format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Digest of the release object in Helm storage.
    pub digest: String,
    /// The release name.
    pub name: String,
    /// The release namespace.
    pub namespace: String,
    /// The release revision.
    #[schemars(schema_with = "schemas::go_int")]
    pub version: i64,
    /// The Helm status of the release (`deployed`, `superseded`, `failed`, ...).
    pub status: String,
    /// The chart name.
    pub chart_name: String,
    /// The chart version (with `+<digest>` for OCI charts).
    pub chart_version: String,
    /// The chart's `appVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// Digest of the values the release was made with.
    pub config_digest: String,
    /// When the first revision of the release was deployed.
    pub first_deployed: Time,
    /// When this revision was deployed.
    pub last_deployed: Time,
    /// When this revision was deleted, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Time>,
    /// The test hooks run for this revision, by name; present once tests ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_hooks: Option<BTreeMap<String, TestHookStatus>>,
    /// The OCI digest of the chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oci_digest: Option<String>,
    /// The action that made this revision (`install` or `upgrade`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// The outcome of one test hook.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestHookStatus {
    /// When the test started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_started: Option<Time>,
    /// When the test finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_completed: Option<Time>,
    /// The test's phase (`Running`, `Succeeded`, `Failed`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}
