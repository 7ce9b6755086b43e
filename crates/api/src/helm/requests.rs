//! On-demand requests made with annotations: a forced release
//! (`reconcile.fluxcd.io/forceAt`) and a reset of the failure counters
//! (`reconcile.fluxcd.io/resetAt`). Each counts only together with a
//! reconcile request carrying the same token, and only once.

use super::{HelmRelease, HelmReleaseStatus};
use crate::constants::{
    FORCE_REQUEST_ANNOTATION, RECONCILE_REQUEST_ANNOTATION, RESET_REQUEST_ANNOTATION,
};

impl HelmRelease {
    /// Whether a forced install or upgrade was requested and not handled yet.
    /// Records the request token in `status.lastHandledForceAt` either way, so a
    /// token is never acted on twice.
    pub fn should_handle_force_request(&mut self) -> bool {
        self.take_request(FORCE_REQUEST_ANNOTATION, |status| {
            &mut status.force_request.last_handled_force_at
        })
    }

    /// Whether a reset of the failure counters was requested and not handled
    /// yet. Records the request token in `status.lastHandledResetAt` either way.
    pub fn should_handle_reset_request(&mut self) -> bool {
        self.take_request(RESET_REQUEST_ANNOTATION, |status| {
            &mut status.reset_request.last_handled_reset_at
        })
    }

    fn take_request(
        &mut self,
        annotation: &str,
        last_handled: fn(&mut HelmReleaseStatus) -> &mut Option<String>,
    ) -> bool {
        let annotations = self.metadata.annotations.as_ref();
        let Some(token) = annotations.and_then(|a| a.get(annotation)).cloned() else {
            return false;
        };
        let reconcile = annotations.and_then(|a| a.get(RECONCILE_REQUEST_ANNOTATION));
        // A request only counts when a reconcile request carries the same token.
        let paired = reconcile == Some(&token);
        let status = self.status.get_or_insert_with(HelmReleaseStatus::default);
        let previous = last_handled(status).replace(token.clone());
        let reconcile_handled = status.reconcile_request.last_handled_reconcile_at.as_ref();
        paired && reconcile_handled != Some(&token) && previous.as_ref() != Some(&token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm::HelmReleaseSpec;

    fn release(annotations: &[(&str, &str)], status: HelmReleaseStatus) -> HelmRelease {
        let spec: HelmReleaseSpec =
            serde_yaml::from_str("{interval: 1m, chartRef: {kind: HelmChart, name: app}}").unwrap();
        let mut hr = HelmRelease::new("app", spec);
        hr.metadata.annotations = Some(
            annotations
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        );
        hr.status = Some(status);
        hr
    }

    #[test]
    fn a_force_request_paired_with_a_reconcile_request_is_handled_once() {
        let mut hr = release(
            &[
                (RECONCILE_REQUEST_ANNOTATION, "t1"),
                (FORCE_REQUEST_ANNOTATION, "t1"),
            ],
            HelmReleaseStatus::default(),
        );
        assert!(hr.should_handle_force_request());
        let status = hr.status.as_ref().unwrap();
        assert_eq!(
            status.force_request.last_handled_force_at.as_deref(),
            Some("t1")
        );
        assert!(!hr.should_handle_force_request());
    }

    #[test]
    fn a_request_without_a_matching_reconcile_token_is_recorded_but_not_handled() {
        let mut hr = release(
            &[
                (RECONCILE_REQUEST_ANNOTATION, "t1"),
                (RESET_REQUEST_ANNOTATION, "t2"),
            ],
            HelmReleaseStatus::default(),
        );
        assert!(!hr.should_handle_reset_request());
        let status = hr.status.as_ref().unwrap();
        assert_eq!(
            status.reset_request.last_handled_reset_at.as_deref(),
            Some("t2")
        );
    }

    #[test]
    fn a_request_whose_reconcile_token_was_already_handled_is_ignored() {
        let mut status = HelmReleaseStatus::default();
        status.reconcile_request.last_handled_reconcile_at = Some("t1".to_owned());
        let mut hr = release(
            &[
                (RECONCILE_REQUEST_ANNOTATION, "t1"),
                (RESET_REQUEST_ANNOTATION, "t1"),
            ],
            status,
        );
        assert!(!hr.should_handle_reset_request());
    }

    #[test]
    fn no_annotation_means_no_request_and_no_status_change() {
        let mut hr = release(&[], HelmReleaseStatus::default());
        assert!(!hr.should_handle_force_request());
        assert_eq!(hr.status, Some(HelmReleaseStatus::default()));
    }
}
