//! The observed state of a Kustomization: conditions, revisions, the inventory of
//! applied objects and a short history of reconciliations.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{Condition, ReconcileRequestStatus, ResourceInventory};

/// What the kustomize-controller last observed and did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KustomizationStatus {
    /// The last `metadata.generation` that was fully reconciled or stalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// The current conditions (`Ready`, `Reconciling`, `Stalled`, `Healthy`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The source revision last applied successfully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_applied_revision: Option<String>,
    /// The origin revision (e.g. the commit an OCI artifact was built from) of
    /// the artifact last applied successfully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_applied_origin_revision: Option<String>,
    /// The source revision last attempted, successfully or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempted_revision: Option<String>,
    /// The objects applied by the last successful reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<ResourceInventory>,
    /// The most recent reconciliations, newest first, one entry per distinct
    /// build digest and outcome.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Snapshot>,
    /// The last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
}

/// One entry of a Kustomization's reconciliation history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// Digest of the applied manifests (`sha256:<hex>`).
    pub digest: String,
    /// When this digest was first reconciled with this outcome.
    pub first_reconciled: Time,
    /// When it was last reconciled with this outcome.
    pub last_reconciled: Time,
    /// How long the last such reconciliation took (a Go duration).
    pub last_reconciled_duration: String,
    /// The outcome: the `Ready` condition's reason.
    pub last_reconciled_status: String,
    /// How many times this digest was reconciled with this outcome.
    pub total_reconciliations: i64,
    /// Extra facts, such as the source `revision`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}
