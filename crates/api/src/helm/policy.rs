//! Small choices shared by several Helm actions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a Helm action does with the CRDs in the chart's `crds/` directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CrdsPolicy {
    /// Leave them alone.
    Skip,
    /// Create those that do not exist; never update.
    Create,
    /// Create those that do not exist and replace those that do.
    CreateReplace,
}

/// Whether a failed install or upgrade is remediated or retried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum StrategyName {
    /// Apply the action's `remediation` rules.
    #[default]
    RemediateOnFailure,
    /// Retry with an upgrade after `retryInterval`, without remediation.
    RetryOnFailure,
}

/// Whether an upgrade or rollback applies resources with server-side apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ServerSideApplyMode {
    /// Always.
    Enabled,
    /// Never: use Helm's three-way merge.
    Disabled,
    /// Do what the release being replaced did.
    #[default]
    Auto,
}
