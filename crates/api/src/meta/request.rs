//! Status fields recording which on-demand requests (annotations) were handled.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The last `reconcile.fluxcd.io/requestedAt` value acted on; flattened into
/// the status of every reconciled kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileRequestStatus {
    /// The value of the last handled reconcile request annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
}

/// The last `reconcile.fluxcd.io/forceAt` value acted on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForceRequestStatus {
    /// The value of the last handled force request annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_force_at: Option<String>,
}

/// The last `reconcile.fluxcd.io/resetAt` value acted on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResetRequestStatus {
    /// The value of the last handled reset request annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reset_at: Option<String>,
}
