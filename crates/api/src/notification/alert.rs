//! The Alert kind: which events go to which Provider.

use std::collections::BTreeMap;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::CrossNamespaceObjectReference;
use crate::meta::LocalObjectReference;

/// Forwards the events of selected Flux objects, filtered by severity and
/// message, to a Provider.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1beta3",
    kind = "Alert",
    namespaced,
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    derive = "PartialEq",
    doc = "A rule forwarding Flux events to a notification Provider."
)]
#[serde(rename_all = "camelCase")]
pub struct AlertSpec {
    /// The Provider, in the Alert's namespace, events are sent to.
    pub provider_ref: LocalObjectReference,
    /// The objects whose events are forwarded.
    pub event_sources: Vec<CrossNamespaceObjectReference>,
    /// The lowest severity forwarded: `info` forwards everything, `error` only errors.
    #[serde(default)]
    pub event_severity: EventSeverity,
    /// Regular expressions; only events whose message matches one are forwarded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inclusion_list: Vec<String>,
    /// Regular expressions; events whose message matches one are dropped, even
    /// if they match the inclusion list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusion_list: Vec<String>,
    /// Metadata added to every forwarded event.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub event_metadata: BTreeMap<String, String>,
    /// Deprecated: a short description of the impact; use `eventMetadata.summary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 255))]
    pub summary: Option<String>,
    /// Stop forwarding events until this is unset or false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// Event severities an Alert can filter on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventSeverity {
    /// Every event, informational or not.
    #[default]
    Info,
    /// Errors only.
    Error,
}
