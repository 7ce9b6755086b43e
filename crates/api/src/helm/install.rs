//! Configuration of the Helm install action and of what happens when it fails.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CrdsPolicy, StrategyName, schemas};
use crate::meta::DURATION_PATTERN;

/// How the controller runs `helm install`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Install {
    /// Time limit of each Kubernetes operation (e.g. hook Jobs); `spec.timeout` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub timeout: Option<String>,
    /// What to do after a failed install.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<InstallRemediation>,
    /// Whether a failed install is remediated or retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<InstallStrategy>,
    /// Do not wait for the release's resources to become ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_wait: Option<bool>,
    /// Do not wait for the release's Jobs to complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_wait_for_jobs: Option<bool>,
    /// Do not run chart hooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_hooks: Option<bool>,
    /// Do not validate rendered manifests against the Kubernetes OpenAPI schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "disableOpenAPIValidation")]
    pub disable_openapi_validation: Option<bool>,
    /// Do not validate values against the chart's JSON schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_schema_validation: Option<bool>,
    /// Do not adopt existing resources that the release renders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_take_ownership: Option<bool>,
    /// Reuse the release name if a deleted release with it remains in history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace: Option<bool>,
    /// Deprecated: skip the chart's CRDs; use `crds: Skip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "skipCRDs")]
    pub skip_crds: Option<bool>,
    /// What to do with the chart's CRDs; `Create` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crds: Option<CrdsPolicy>,
    /// Create the target namespace if it does not exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_namespace: Option<bool>,
    /// Apply resources with server-side apply; true when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_side_apply: Option<bool>,
}

/// The failure strategy of the install action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": ".retryInterval cannot be set when .name is 'RemediateOnFailure'",
    "rule": "!has(self.retryInterval) || self.name != 'RemediateOnFailure'"
}]))]
pub struct InstallStrategy {
    /// Remediate per `remediation`, or retry with an upgrade.
    pub name: StrategyName,
    /// Pause between retries with `RetryOnFailure`; 5m when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub retry_interval: Option<String>,
}

/// What to do after a failed install.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstallRemediation {
    /// Attempts after the first failure (uninstalling in between); negative
    /// means unlimited, 0 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "schemas::go_int")]
    pub retries: Option<i64>,
    /// Do not count failed Helm tests as install failures; `spec.test.ignoreFailures`
    /// when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_test_failures: Option<bool>,
    /// Uninstall after the last failure too, when no retries remain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediate_last_failure: Option<bool>,
}
