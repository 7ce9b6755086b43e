//! What the runner needs to know about a Flux kind: where its conditions,
//! observed generation, handled-request marker, suspend flag and intervals live.
//! Implemented for every `oxbow_api` kind in [`crate::runtime::kinds`].

use std::fmt::Debug;

use kube::Resource;
use kube::core::NamespaceResourceScope;
use oxbow_api::meta::Condition;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A namespaced Flux custom resource the runner can reconcile.
pub trait FluxObject:
    Resource<DynamicType = (), Scope = NamespaceResourceScope>
    + Clone
    + Debug
    + Serialize
    + DeserializeOwned
    + Send
    + Sync
    + 'static
{
    /// `status.conditions` (empty when there is no status yet).
    fn conditions(&self) -> &[Condition];
    /// `status.conditions`, creating the status if needed.
    fn conditions_mut(&mut self) -> &mut Vec<Condition>;
    /// `status.observedGeneration`.
    fn observed_generation(&self) -> Option<i64>;
    /// Sets `status.observedGeneration`.
    fn set_observed_generation(&mut self, generation: Option<i64>);
    /// `status.lastHandledReconcileAt`.
    fn last_handled_reconcile_at(&self) -> Option<&str>;
    /// Sets `status.lastHandledReconcileAt`.
    fn set_last_handled_reconcile_at(&mut self, value: String);
    /// `spec.suspend`.
    fn suspended(&self) -> bool;
    /// `spec.interval` as written (a Go duration), if the kind has one.
    fn interval(&self) -> Option<&str>;
    /// `spec.retryInterval`, for the kinds that have one.
    fn retry_interval(&self) -> Option<&str> {
        None
    }
}
