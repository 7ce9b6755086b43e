//! Flux's event payload (`event.toolkit.fluxcd.io/v1beta1` `Event`), as the
//! notification-controller decodes it.

use std::collections::BTreeMap;

use jiff::Timestamp;
use k8s_openapi::api::core::v1::ObjectReference;
use oxbow_api::constants::{EVENT_SEVERITY_ERROR, EVENT_SEVERITY_INFO, EVENT_SEVERITY_TRACE};
use serde::{Deserialize, Serialize};

/// The payload's `message` limit.
pub const MAX_MESSAGE_LENGTH: usize = 39000;

/// How serious an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something changed (a new artifact, an applied revision).
    Info,
    /// Something failed.
    Error,
    /// Step-by-step detail; recorded as a Kubernetes Event only.
    Trace,
}

impl Severity {
    /// The wire name: `info`, `error` or `trace`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => EVENT_SEVERITY_INFO,
            Self::Error => EVENT_SEVERITY_ERROR,
            Self::Trace => EVENT_SEVERITY_TRACE,
        }
    }
}

/// A report of something a controller did to an object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FluxEvent {
    /// The object the event is about.
    pub involved_object: ObjectReference,
    /// `info` or `error`.
    pub severity: Severity,
    /// When the event was recorded, RFC 3339 to the second.
    pub timestamp: String,
    /// Human-readable description.
    pub message: String,
    /// Machine-readable CamelCase reason.
    pub reason: String,
    /// Extra data such as `<group>/revision` and `<group>/token`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// The controller that emitted the event, e.g. `source-controller`.
    pub reporting_controller: String,
    /// The controller instance (pod name).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reporting_instance: String,
}

impl FluxEvent {
    /// An event stamped now.
    pub fn new(
        involved_object: ObjectReference,
        severity: Severity,
        reason: &str,
        message: &str,
        metadata: BTreeMap<String, String>,
        reporting_controller: &str,
        reporting_instance: &str,
    ) -> Self {
        let now = Timestamp::now();
        let timestamp = Timestamp::from_second(now.as_second())
            .unwrap_or(now)
            .to_string();
        Self {
            involved_object,
            severity,
            timestamp,
            message: crate::runtime::conditions::truncate(message, MAX_MESSAGE_LENGTH).to_owned(),
            reason: reason.to_owned(),
            metadata,
            reporting_controller: reporting_controller.to_owned(),
            reporting_instance: reporting_instance.to_owned(),
        }
    }
}
