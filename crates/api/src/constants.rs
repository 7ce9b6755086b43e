//! Names shared by every kind: condition types, reasons, annotations, labels, the
//! finalizer, field managers and event names, spelled exactly as Flux spells them.
//! Source-specific names live in [`source`]; other groups keep theirs next to their kind.

pub mod source;

// Condition types.

/// Condition type: the object reached its desired state (the summary condition).
pub const READY_CONDITION: &str = "Ready";
/// Condition type: the controller is working towards the desired state.
pub const RECONCILING_CONDITION: &str = "Reconciling";
/// Condition type: reconciliation cannot progress until the user changes the object.
pub const STALLED_CONDITION: &str = "Stalled";
/// Condition type: the applied workloads passed their health checks.
pub const HEALTHY_CONDITION: &str = "Healthy";
/// Condition type: the artifact of the current revision is in storage.
pub const ARTIFACT_IN_STORAGE_CONDITION: &str = "ArtifactInStorage";
/// Condition type: the source could not be fetched from its origin.
pub const FETCH_FAILED_CONDITION: &str = "FetchFailed";
/// Condition type: the stored artifact is older than what the spec asks for.
pub const ARTIFACT_OUTDATED_CONDITION: &str = "ArtifactOutdated";
/// Condition type: reading or writing the artifact storage failed.
pub const STORAGE_OPERATION_FAILED_CONDITION: &str = "StorageOperationFailed";
/// Condition type: an included source's artifact is not available.
pub const INCLUDE_UNAVAILABLE_CONDITION: &str = "IncludeUnavailable";
/// Condition type: the source's signature or provenance was verified.
pub const SOURCE_VERIFIED_CONDITION: &str = "SourceVerified";
/// Condition type: building the artifact (e.g. packaging a chart) failed.
pub const BUILD_FAILED_CONDITION: &str = "BuildFailed";
/// Condition type: the Helm release was installed or upgraded.
pub const RELEASED_CONDITION: &str = "Released";
/// Condition type: the Helm release's tests passed.
pub const TEST_SUCCESS_CONDITION: &str = "TestSuccess";
/// Condition type: a failed Helm release was remediated (rolled back or uninstalled).
pub const REMEDIATED_CONDITION: &str = "Remediated";

// Reasons shared by every kind.

/// Reason: the operation succeeded.
pub const SUCCEEDED_REASON: &str = "Succeeded";
/// Reason: the operation failed.
pub const FAILED_REASON: &str = "Failed";
/// Reason: reconciliation is in progress.
pub const PROGRESSING_REASON: &str = "Progressing";
/// Reason: reconciliation is in progress again after a failed attempt.
pub const PROGRESSING_WITH_RETRY_REASON: &str = "ProgressingWithRetry";
/// Reason: reconciliation is suspended (`spec.suspend`).
pub const SUSPENDED_REASON: &str = "Suspended";
/// Reason: an object listed in `spec.dependsOn` is not ready yet.
pub const DEPENDENCY_NOT_READY_REASON: &str = "DependencyNotReady";
/// Reason: the whole reconciliation succeeded.
pub const RECONCILIATION_SUCCEEDED_REASON: &str = "ReconciliationSucceeded";
/// Reason: the whole reconciliation failed.
pub const RECONCILIATION_FAILED_REASON: &str = "ReconciliationFailed";
/// Reason: the source artifact could not be fetched or extracted.
pub const ARTIFACT_FAILED_REASON: &str = "ArtifactFailed";
/// Reason: building the manifests from the artifact failed.
pub const BUILD_FAILED_REASON: &str = "BuildFailed";
/// Reason: the applied workloads failed their health checks.
pub const HEALTH_CHECK_FAILED_REASON: &str = "HealthCheckFailed";
/// Reason: health checking was cancelled because a newer revision arrived.
pub const HEALTH_CHECK_CANCELED_REASON: &str = "HealthCheckCanceled";
/// Reason: garbage-collecting objects removed from the source failed.
pub const PRUNE_FAILED_REASON: &str = "PruneFailed";
/// Reason: a CEL expression in the spec does not compile.
pub const INVALID_CEL_EXPRESSION_REASON: &str = "InvalidCELExpression";
/// Reason: a field needs a feature gate that is turned off.
pub const FEATURE_GATE_DISABLED_REASON: &str = "FeatureGateDisabled";
/// Reason: a cross-namespace reference was refused by the access policy.
pub const ACCESS_DENIED_REASON: &str = "AccessDenied";

// Annotations and labels.

/// Annotation: set to any new value to request an immediate reconciliation.
pub const RECONCILE_REQUEST_ANNOTATION: &str = "reconcile.fluxcd.io/requestedAt";
/// Annotation: set together with `requestedAt` to force a one-off action (e.g. a Helm upgrade).
pub const FORCE_REQUEST_ANNOTATION: &str = "reconcile.fluxcd.io/forceAt";
/// Annotation: set together with `requestedAt` to reset the failure counters.
pub const RESET_REQUEST_ANNOTATION: &str = "reconcile.fluxcd.io/resetAt";
/// Label: on a Secret or ConfigMap, makes changes to it trigger its consumers' reconciliation.
pub const WATCH_LABEL: &str = "reconcile.fluxcd.io/watch";
/// Value of [`WATCH_LABEL`] that turns watching on.
pub const WATCH_LABEL_ENABLED: &str = "Enabled";

// Finalizer.

/// Finalizer every controller adds so it can clean up before an object is deleted.
pub const FINALIZER: &str = "finalizers.fluxcd.io";

// Controller names and field managers.

/// Name of the controller that reconciles the source kinds.
pub const SOURCE_CONTROLLER: &str = "source-controller";
/// Name of the controller that reconciles Kustomizations.
pub const KUSTOMIZE_CONTROLLER: &str = "kustomize-controller";
/// Name of the controller that reconciles HelmReleases.
pub const HELM_CONTROLLER: &str = "helm-controller";
/// Name of the controller that dispatches events and serves Receivers.
pub const NOTIFICATION_CONTROLLER: &str = "notification-controller";
/// Prefix of the field manager a controller patches status with.
pub const STATUS_FIELD_MANAGER_PREFIX: &str = "gotk-";

/// The field manager `controller` uses for status patches (`gotk-<controller>`).
pub fn status_field_manager(controller: &str) -> String {
    format!("{STATUS_FIELD_MANAGER_PREFIX}{controller}")
}

/// The field manager `controller` uses for objects it applies: its own name.
pub fn apply_field_manager(controller: &str) -> String {
    controller.to_owned()
}

// Events.

/// API version of the event payload controllers POST to the notification-controller.
pub const EVENT_API_VERSION: &str = "event.toolkit.fluxcd.io/v1beta1";
/// Prefix of object annotations copied into event metadata (e.g. `…/summary`).
pub const EVENT_METADATA_ANNOTATION_PREFIX: &str = "event.toolkit.fluxcd.io/";
/// Event severity for normal events.
pub const EVENT_SEVERITY_INFO: &str = "info";
/// Event severity for failures.
pub const EVENT_SEVERITY_ERROR: &str = "error";
/// Event severity that matches every event in an Alert's filter.
pub const EVENT_SEVERITY_TRACE: &str = "trace";
/// Suffix of the event metadata key holding the revision, after the kind's group.
pub const EVENT_REVISION_METADATA_KEY: &str = "revision";
/// Suffix of the event metadata key holding the token, after the kind's group.
pub const EVENT_TOKEN_METADATA_KEY: &str = "token";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_field_manager_prefixes_the_controller_name() {
        assert_eq!(
            status_field_manager(SOURCE_CONTROLLER),
            "gotk-source-controller"
        );
        assert_eq!(
            apply_field_manager(KUSTOMIZE_CONTROLLER),
            "kustomize-controller"
        );
    }
}
