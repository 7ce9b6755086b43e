//! A minimal Flux-shaped custom resource for the runtime's own tests.

use kube::CustomResource;
use oxbow_api::meta::Condition;
use serde::{Deserialize, Serialize};

use super::object::FluxObject;

/// The spec of a test kind with Flux's common fields.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[kube(
    group = "test.oxbow.dev",
    version = "v1",
    kind = "Widget",
    namespaced,
    status = "WidgetStatus",
    schema = "disabled"
)]
#[serde(rename_all = "camelCase")]
pub struct WidgetSpec {
    /// Reconcile interval.
    pub interval: String,
    /// Retry interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_interval: Option<String>,
    /// Suspend flag.
    #[serde(default)]
    pub suspend: bool,
}

/// The status of the test kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetStatus {
    /// Conditions.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Observed generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Last handled reconcile request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_handled_reconcile_at: Option<String>,
}

impl FluxObject for Widget {
    fn conditions(&self) -> &[Condition] {
        self.status.as_ref().map_or(&[], |s| &s.conditions)
    }
    fn conditions_mut(&mut self) -> &mut Vec<Condition> {
        &mut self.status.get_or_insert_default().conditions
    }
    fn observed_generation(&self) -> Option<i64> {
        self.status.as_ref().and_then(|s| s.observed_generation)
    }
    fn set_observed_generation(&mut self, generation: Option<i64>) {
        self.status.get_or_insert_default().observed_generation = generation;
    }
    fn last_handled_reconcile_at(&self) -> Option<&str> {
        self.status
            .as_ref()
            .and_then(|s| s.last_handled_reconcile_at.as_deref())
    }
    fn set_last_handled_reconcile_at(&mut self, value: String) {
        self.status
            .get_or_insert_default()
            .last_handled_reconcile_at = Some(value);
    }
    fn suspended(&self) -> bool {
        self.spec.suspend
    }
    fn interval(&self) -> Option<&str> {
        Some(&self.spec.interval)
    }
    fn retry_interval(&self) -> Option<&str> {
        self.spec.retry_interval.as_deref()
    }
}

/// A widget `default/w` at generation 3 reconciled every 10m.
pub fn widget() -> Widget {
    let mut widget = Widget::new(
        "w",
        WidgetSpec {
            interval: "10m".into(),
            ..WidgetSpec::default()
        },
    );
    widget.metadata.namespace = Some("default".into());
    widget.metadata.generation = Some(3);
    widget
}
