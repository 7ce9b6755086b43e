//! Where and how a HelmRelease releases, with the defaults the API documents.

use super::{DEFAULT_MAX_HISTORY, HelmRelease};

impl HelmRelease {
    /// The namespace the release is installed into: `spec.targetNamespace`, or
    /// the HelmRelease's own.
    pub fn release_namespace(&self) -> Option<&str> {
        self.spec
            .target_namespace
            .as_deref()
            .or(self.metadata.namespace.as_deref())
    }

    /// The namespace of the Helm storage: `spec.storageNamespace`, or the
    /// HelmRelease's own.
    pub fn storage_namespace(&self) -> Option<&str> {
        self.spec
            .storage_namespace
            .as_deref()
            .or(self.metadata.namespace.as_deref())
    }

    /// The name of the HelmChart created from `spec.chart`: `<namespace>-<name>`.
    pub fn helm_chart_name(&self) -> String {
        let namespace = self.metadata.namespace.as_deref().unwrap_or_default();
        let name = self.metadata.name.as_deref().unwrap_or_default();
        format!("{namespace}-{name}")
    }

    /// How many release revisions Helm keeps (0 for no limit).
    pub fn max_history(&self) -> i64 {
        self.spec.max_history.unwrap_or(DEFAULT_MAX_HISTORY)
    }

    /// Whether one Kubernetes client is reused for the whole reconciliation.
    pub fn use_persistent_client(&self) -> bool {
        self.spec.persistent_client.unwrap_or(true)
    }

    /// Whether the chart comes from an existing source (`spec.chartRef`) rather
    /// than a HelmChart template.
    pub fn has_chart_ref(&self) -> bool {
        self.spec.chart_ref.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm::HelmReleaseSpec;

    fn release(spec: &str) -> HelmRelease {
        let spec: HelmReleaseSpec = serde_yaml::from_str(spec).unwrap();
        let mut hr = HelmRelease::new("podinfo", spec);
        hr.metadata.namespace = Some("apps".to_owned());
        hr
    }

    #[test]
    fn namespaces_default_to_the_helmreleases_own() {
        let hr = release("{interval: 1m, chartRef: {kind: HelmChart, name: c}}");
        assert_eq!(hr.release_namespace(), Some("apps"));
        assert_eq!(hr.storage_namespace(), Some("apps"));
        assert_eq!(hr.helm_chart_name(), "apps-podinfo");
        assert_eq!(hr.max_history(), 5);
        assert!(hr.use_persistent_client());
        assert!(hr.has_chart_ref());
    }

    #[test]
    fn explicit_settings_win_over_defaults() {
        let hr = release(
            "{interval: 1m, chartRef: {kind: HelmChart, name: c}, targetNamespace: web,
              storageNamespace: helm, maxHistory: 0, persistentClient: false}",
        );
        assert_eq!(hr.release_namespace(), Some("web"));
        assert_eq!(hr.storage_namespace(), Some("helm"));
        assert_eq!(hr.max_history(), 0);
        assert!(!hr.use_persistent_client());
    }
}
