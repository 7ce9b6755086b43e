//! The values a Kustomization runs with when optional fields are unset, as the
//! API documents them.

use super::{DeletionPolicy, Kustomization};

impl Kustomization {
    /// How soon to retry after a failure: `retryInterval`, or `interval`.
    pub fn effective_retry_interval(&self) -> &str {
        self.spec
            .retry_interval
            .as_deref()
            .unwrap_or(&self.spec.interval)
    }

    /// Time limit of each step: `timeout`, or `interval`.
    pub fn effective_timeout(&self) -> &str {
        self.spec.timeout.as_deref().unwrap_or(&self.spec.interval)
    }

    /// The namespace of the source: `sourceRef.namespace`, or the
    /// Kustomization's own.
    pub fn source_namespace(&self) -> Option<&str> {
        self.spec
            .source_ref
            .namespace
            .as_deref()
            .or(self.metadata.namespace.as_deref())
    }

    /// The deletion policy with `MirrorPrune` resolved: `Delete` when `prune`
    /// is on, `Orphan` when it is off.
    pub fn effective_deletion_policy(&self) -> DeletionPolicy {
        match self.spec.deletion_policy.unwrap_or_default() {
            DeletionPolicy::MirrorPrune if self.spec.prune => DeletionPolicy::Delete,
            DeletionPolicy::MirrorPrune => DeletionPolicy::Orphan,
            policy => policy,
        }
    }

    /// Whether the controller waits for every applied object to be healthy.
    pub fn waits_for_all(&self) -> bool {
        self.spec.wait.unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kustomize::KustomizationSpec;

    fn kustomization(spec: &str) -> Kustomization {
        let spec: KustomizationSpec = serde_yaml::from_str(spec).unwrap();
        let mut ks = Kustomization::new("apps", spec);
        ks.metadata.namespace = Some("flux-system".to_owned());
        ks
    }

    #[test]
    fn retries_and_timeouts_fall_back_to_the_interval() {
        let ks = kustomization("{interval: 10m, prune: true, sourceRef: {kind: Bucket, name: b}}");
        assert_eq!(ks.effective_retry_interval(), "10m");
        assert_eq!(ks.effective_timeout(), "10m");
        assert_eq!(ks.source_namespace(), Some("flux-system"));
        assert!(!ks.waits_for_all());
    }

    #[test]
    fn mirror_prune_follows_the_prune_flag() {
        let pruning =
            kustomization("{interval: 1m, prune: true, sourceRef: {kind: Bucket, name: b}}");
        assert_eq!(pruning.effective_deletion_policy(), DeletionPolicy::Delete);
        let keeping =
            kustomization("{interval: 1m, prune: false, sourceRef: {kind: Bucket, name: b}}");
        assert_eq!(keeping.effective_deletion_policy(), DeletionPolicy::Orphan);
        let waiting = kustomization(
            "{interval: 1m, prune: false, deletionPolicy: WaitForTermination,
              sourceRef: {kind: Bucket, name: b, namespace: shared}}",
        );
        assert_eq!(
            waiting.effective_deletion_policy(),
            DeletionPolicy::WaitForTermination
        );
        assert_eq!(waiting.source_namespace(), Some("shared"));
    }
}
