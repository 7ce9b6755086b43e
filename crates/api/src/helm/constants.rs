//! Names that belong to the HelmRelease kind: its own condition type and
//! reasons, labels on released objects and event annotations. Names shared with
//! other kinds (`Released`, `TestSuccess`, `Remediated`, ...) live in
//! [`crate::constants`].

/// The group of the HelmRelease kind.
pub const GROUP: &str = "helm.toolkit.fluxcd.io";
/// The storage version of the HelmRelease kind.
pub const VERSION: &str = "v2";
/// The kind's name.
pub const KIND: &str = "HelmRelease";

// Condition types.

/// Condition type: drift detection compared the cluster with the release.
pub const DRIFTED_CONDITION: &str = "Drifted";

// Reasons.

/// Reason: `helm install` succeeded.
pub const INSTALL_SUCCEEDED_REASON: &str = "InstallSucceeded";
/// Reason: `helm install` failed.
pub const INSTALL_FAILED_REASON: &str = "InstallFailed";
/// Reason: `helm upgrade` succeeded.
pub const UPGRADE_SUCCEEDED_REASON: &str = "UpgradeSucceeded";
/// Reason: `helm upgrade` failed.
pub const UPGRADE_FAILED_REASON: &str = "UpgradeFailed";
/// Reason: `helm test` succeeded.
pub const TEST_SUCCEEDED_REASON: &str = "TestSucceeded";
/// Reason: `helm test` failed.
pub const TEST_FAILED_REASON: &str = "TestFailed";
/// Reason: `helm rollback` succeeded.
pub const ROLLBACK_SUCCEEDED_REASON: &str = "RollbackSucceeded";
/// Reason: `helm rollback` failed.
pub const ROLLBACK_FAILED_REASON: &str = "RollbackFailed";
/// Reason: `helm uninstall` succeeded.
pub const UNINSTALL_SUCCEEDED_REASON: &str = "UninstallSucceeded";
/// Reason: `helm uninstall` failed.
pub const UNINSTALL_FAILED_REASON: &str = "UninstallFailed";
/// Reason: the Helm action configuration could not be initialized.
pub const INIT_FAILED_REASON: &str = "InitFailed";
/// Reason: the last release could not be read from Helm storage.
pub const GET_LAST_RELEASE_FAILED_REASON: &str = "GetLastReleaseFailed";
/// Reason: the cluster differs from the release manifest.
pub const DRIFT_DETECTED_REASON: &str = "DriftDetected";
/// Reason: the cluster matches the release manifest.
pub const NO_DRIFT_DETECTED_REASON: &str = "NoDriftDetected";

// Labels on released objects.

/// Label: the name of the HelmRelease that released the object.
pub const NAME_LABEL: &str = "helm.toolkit.fluxcd.io/name";
/// Label: the namespace of the HelmRelease that released the object.
pub const NAMESPACE_LABEL: &str = "helm.toolkit.fluxcd.io/namespace";

// Annotations.

/// Annotation (or label) on a released object: `disabled` leaves it out of drift
/// detection.
pub const DRIFT_DETECTION_ANNOTATION: &str = "helm.toolkit.fluxcd.io/driftDetection";
/// Value of [`DRIFT_DETECTION_ANNOTATION`] that excludes an object.
pub const DRIFT_DETECTION_DISABLED: &str = "disabled";
/// Event annotation: the chart version of the release.
pub const REVISION_ANNOTATION: &str = "helm.toolkit.fluxcd.io/revision";
/// Event annotation: the chart's `appVersion`.
pub const APP_VERSION_ANNOTATION: &str = "helm.toolkit.fluxcd.io/app-version";
/// Event annotation: the OCI digest of the chart.
pub const OCI_DIGEST_ANNOTATION: &str = "helm.toolkit.fluxcd.io/oci-digest";

// Defaults.

/// Data key read from a `valuesFrom` object without `valuesKey`.
pub const DEFAULT_VALUES_KEY: &str = "values.yaml";
/// Release revisions Helm keeps when `maxHistory` is unset.
pub const DEFAULT_MAX_HISTORY: i64 = 5;
/// Time limit of a Helm action when `timeout` is unset.
pub const DEFAULT_TIMEOUT: &str = "5m0s";
/// Pause between `RetryOnFailure` retries when `retryInterval` is unset.
pub const DEFAULT_RETRY_INTERVAL: &str = "5m";
/// Longest Helm release name; longer defaults are shortened with a hash.
pub const MAX_RELEASE_NAME_LENGTH: usize = 53;
