//! [`FluxObject`] for every `oxbow_api` kind with a status. Provider and Alert
//! (`notification.toolkit.fluxcd.io/v1beta3`) have none: they are read when events
//! are dispatched, not reconciled, as in Flux.

use oxbow_api::helm::HelmRelease;
use oxbow_api::kustomize::Kustomization;
use oxbow_api::meta::Condition;
use oxbow_api::notification::Receiver;
use oxbow_api::source::{Bucket, GitRepository, HelmChart, HelmRepository, OCIRepository};

use super::object::FluxObject;

/// The accessors shared by all kinds; `$conditions` picks the storage shape of
/// `status.conditions`, `$request` the name of the flattened request status.
macro_rules! flux_object {
    ($kind:ty, conditions: optional, request: $request:ident, $($rest:tt)*) => {
        impl FluxObject for $kind {
            fn conditions(&self) -> &[Condition] {
                self.status.as_ref().and_then(|s| s.conditions.as_deref()).unwrap_or(&[])
            }
            fn conditions_mut(&mut self) -> &mut Vec<Condition> {
                self.status.get_or_insert_default().conditions.get_or_insert_default()
            }
            flux_object!(@common $request);
            $($rest)*
        }
    };
    ($kind:ty, conditions: list, request: $request:ident, $($rest:tt)*) => {
        impl FluxObject for $kind {
            fn conditions(&self) -> &[Condition] {
                self.status.as_ref().map_or(&[], |s| &s.conditions)
            }
            fn conditions_mut(&mut self) -> &mut Vec<Condition> {
                &mut self.status.get_or_insert_default().conditions
            }
            flux_object!(@common $request);
            $($rest)*
        }
    };
    (@common $request:ident) => {
        fn observed_generation(&self) -> Option<i64> {
            self.status.as_ref().and_then(|s| s.observed_generation)
        }
        fn set_observed_generation(&mut self, generation: Option<i64>) {
            self.status.get_or_insert_default().observed_generation = generation;
        }
        fn last_handled_reconcile_at(&self) -> Option<&str> {
            self.status.as_ref().and_then(|s| s.$request.last_handled_reconcile_at.as_deref())
        }
        fn set_last_handled_reconcile_at(&mut self, value: String) {
            self.status.get_or_insert_default().$request.last_handled_reconcile_at = Some(value);
        }
        fn suspended(&self) -> bool {
            self.spec.suspend.unwrap_or(false)
        }
    };
}

flux_object!(GitRepository, conditions: optional, request: request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
);
flux_object!(OCIRepository, conditions: optional, request: request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
);
flux_object!(HelmRepository, conditions: optional, request: request,
    fn interval(&self) -> Option<&str> { self.spec.interval.as_deref() }
);
flux_object!(HelmChart, conditions: optional, request: request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
);
flux_object!(Bucket, conditions: optional, request: request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
);
flux_object!(Kustomization, conditions: list, request: reconcile_request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
    fn retry_interval(&self) -> Option<&str> { self.spec.retry_interval.as_deref() }
);
flux_object!(HelmRelease, conditions: list, request: reconcile_request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
);
flux_object!(Receiver, conditions: list, request: reconcile_request,
    fn interval(&self) -> Option<&str> { Some(&self.spec.interval) }
);

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<K: FluxObject>(mut object: K) {
        assert!(object.conditions().is_empty());
        let ready = serde_json::from_value(serde_json::json!({
            "type": "Ready", "status": "True", "reason": "Succeeded", "message": "",
            "lastTransitionTime": "2026-11-21T22:00:00Z",
        }))
        .unwrap();
        object.conditions_mut().push(ready);
        object.set_observed_generation(Some(7));
        object.set_last_handled_reconcile_at("2026-11-21T22:00:00Z".into());
        assert_eq!(object.conditions().len(), 1);
        assert_eq!(object.observed_generation(), Some(7));
        assert_eq!(
            object.last_handled_reconcile_at(),
            Some("2026-11-21T22:00:00Z")
        );
        let status = serde_json::to_value(&object).unwrap()["status"].clone();
        assert_eq!(
            status["lastHandledReconcileAt"],
            "2026-11-21T22:00:00Z",
            "{}",
            K::kind(&())
        );
        assert_eq!(status["conditions"][0]["type"], "Ready");
        assert!(!object.suspended());
    }

    #[test]
    fn every_kind_exposes_its_status_fields() {
        round_trip(GitRepository::new("a", Default::default()));
        round_trip(OCIRepository::new("a", Default::default()));
        round_trip(HelmRepository::new("a", Default::default()));
        round_trip(HelmChart::new("a", Default::default()));
        round_trip(Bucket::new("a", Default::default()));
        round_trip(flux::<Kustomization>(serde_json::json!({
            "interval": "10m", "prune": true, "sourceRef": {"kind": "GitRepository", "name": "a"},
        })));
        round_trip(flux::<HelmRelease>(serde_json::json!({
            "interval": "10m", "chartRef": {"kind": "OCIRepository", "name": "a"},
        })));
        round_trip(flux::<Receiver>(serde_json::json!({
            "type": "generic", "resources": [{"kind": "GitRepository", "name": "a"}],
            "secretRef": {"name": "token"},
        })));
    }

    fn flux<K: FluxObject>(spec: serde_json::Value) -> K {
        serde_json::from_value(serde_json::json!({
            "apiVersion": K::api_version(&()), "kind": K::kind(&()),
            "metadata": {"name": "a", "namespace": "default"},
            "spec": spec,
        }))
        .unwrap()
    }
}
