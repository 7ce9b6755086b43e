//! Rules for judging applied objects: CEL health checks for custom resources and
//! JSON pointers drift detection leaves alone. Shared with HelmRelease.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Selector;

/// CEL expressions that tell the health of custom resources of one API group
/// (and kind), for kinds kstatus cannot judge. They are tried in the order
/// `inProgress`, `failed`, `current`; the first that holds decides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomHealthCheck {
    /// The resources' API version; only its group is matched.
    pub api_version: String,
    /// The resources' kind; when unset the rule covers every kind of the group,
    /// and a rule naming the kind takes precedence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Holds when the resource is healthy.
    pub current: String,
    /// Holds while the resource is still progressing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<String>,
    /// Holds when the resource has failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// Fields drift detection and correction must not touch, on the selected objects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IgnoreRule {
    /// JSON pointers (RFC 6901) of the fields to leave alone.
    pub paths: Vec<String>,
    /// The objects the rule applies to; every managed object when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Selector>,
}
