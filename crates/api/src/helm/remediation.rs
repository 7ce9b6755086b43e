//! The rules applied after a failed install or upgrade, with the defaults the
//! API documents, and the view of them that matches the last release attempt.

use super::{
    HelmRelease, HelmReleaseStatus, InstallRemediation, ReleaseAction, RemediationStrategy,
    UpgradeRemediation,
};

impl InstallRemediation {
    /// Retries allowed after the first failure; negative means unlimited.
    pub fn retries(&self) -> i64 {
        self.retries.unwrap_or(0)
    }

    /// Whether failed tests after an install are ignored; `default` (the
    /// release's `test.ignoreFailures`) when unset.
    pub fn must_ignore_test_failures(&self, default: bool) -> bool {
        self.ignore_test_failures.unwrap_or(default)
    }

    /// Whether the last failure is remediated too, once no retries remain.
    pub fn must_remediate_last_failure(&self) -> bool {
        self.remediate_last_failure.unwrap_or(false)
    }
}

impl UpgradeRemediation {
    /// Retries allowed after the first failure; negative means unlimited.
    pub fn retries(&self) -> i64 {
        self.retries.unwrap_or(0)
    }

    /// Whether failed tests after an upgrade are ignored; `default` (the
    /// release's `test.ignoreFailures`) when unset.
    pub fn must_ignore_test_failures(&self, default: bool) -> bool {
        self.ignore_test_failures.unwrap_or(default)
    }

    /// Whether the last failure is remediated too, once no retries remain;
    /// when unset, only if retries were allowed at all.
    pub fn must_remediate_last_failure(&self) -> bool {
        self.remediate_last_failure.unwrap_or(self.retries() > 0)
    }
}

/// The remediation rules of one release action, as the controller applies them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remediation {
    /// After a failed install: always uninstall.
    Install(InstallRemediation),
    /// After a failed upgrade: roll back or uninstall.
    Upgrade(UpgradeRemediation),
}

impl Remediation {
    /// Retries allowed after the first failure; negative means unlimited.
    pub fn retries(&self) -> i64 {
        match self {
            Self::Install(r) => r.retries(),
            Self::Upgrade(r) => r.retries(),
        }
    }

    /// Whether failed tests are ignored; `default` when unset.
    pub fn must_ignore_test_failures(&self, default: bool) -> bool {
        match self {
            Self::Install(r) => r.must_ignore_test_failures(default),
            Self::Upgrade(r) => r.must_ignore_test_failures(default),
        }
    }

    /// Whether the last failure is remediated too, once no retries remain.
    pub fn must_remediate_last_failure(&self) -> bool {
        match self {
            Self::Install(r) => r.must_remediate_last_failure(),
            Self::Upgrade(r) => r.must_remediate_last_failure(),
        }
    }

    /// How a failure is remediated: installs are always uninstalled, upgrades
    /// rolled back unless told otherwise.
    pub fn strategy(&self) -> RemediationStrategy {
        match self {
            Self::Install(_) => RemediationStrategy::Uninstall,
            Self::Upgrade(r) => r.strategy.unwrap_or_default(),
        }
    }

    /// The failures counted against this action's retries.
    pub fn failure_count(&self, status: &HelmReleaseStatus) -> i64 {
        match self {
            Self::Install(_) => status.install_failures.unwrap_or(0),
            Self::Upgrade(_) => status.upgrade_failures.unwrap_or(0),
        }
    }

    /// Counts one more failure of this action.
    pub fn increment_failure_count(&self, status: &mut HelmReleaseStatus) {
        let count = match self {
            Self::Install(_) => &mut status.install_failures,
            Self::Upgrade(_) => &mut status.upgrade_failures,
        };
        *count = Some(count.unwrap_or(0).saturating_add(1));
    }

    /// Whether the failures have used up every retry (never with unlimited retries).
    pub fn retries_exhausted(&self, status: &HelmReleaseStatus) -> bool {
        let retries = self.retries();
        retries >= 0 && self.failure_count(status) > retries
    }
}

impl HelmRelease {
    /// The install remediation rules, defaults included.
    pub fn install_remediation(&self) -> InstallRemediation {
        let install = self.spec.install.as_ref();
        install
            .and_then(|i| i.remediation.clone())
            .unwrap_or_default()
    }

    /// The upgrade remediation rules, defaults included.
    pub fn upgrade_remediation(&self) -> UpgradeRemediation {
        let upgrade = self.spec.upgrade.as_ref();
        upgrade
            .and_then(|u| u.remediation.clone())
            .unwrap_or_default()
    }

    /// The rules of the action last attempted (`status.lastAttemptedReleaseAction`),
    /// if any was.
    pub fn active_remediation(&self) -> Option<Remediation> {
        let action = self.status.as_ref()?.last_attempted_release_action?;
        Some(match action {
            ReleaseAction::Install => Remediation::Install(self.install_remediation()),
            ReleaseAction::Upgrade => Remediation::Upgrade(self.upgrade_remediation()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm::HelmReleaseSpec;

    fn release(spec: &str, action: Option<ReleaseAction>) -> HelmRelease {
        let spec: HelmReleaseSpec = serde_yaml::from_str(spec).unwrap();
        let mut hr = HelmRelease::new("app", spec);
        hr.status = Some(HelmReleaseStatus {
            last_attempted_release_action: action,
            ..HelmReleaseStatus::default()
        });
        hr
    }

    const CHART: &str = "interval: 1m\nchartRef: {kind: HelmChart, name: app}\n";

    #[test]
    fn nothing_is_active_before_a_release_is_attempted() {
        assert_eq!(release(CHART, None).active_remediation(), None);
    }

    #[test]
    fn a_failed_install_is_uninstalled_without_retries_by_default() {
        let hr = release(CHART, Some(ReleaseAction::Install));
        let remediation = hr.active_remediation().unwrap();
        assert_eq!(remediation.strategy(), RemediationStrategy::Uninstall);
        assert_eq!(remediation.retries(), 0);
        assert!(!remediation.must_remediate_last_failure());
        let mut status = HelmReleaseStatus::default();
        assert!(!remediation.retries_exhausted(&status));
        remediation.increment_failure_count(&mut status);
        assert_eq!(status.install_failures, Some(1));
        assert!(remediation.retries_exhausted(&status));
    }

    #[test]
    fn upgrades_roll_back_and_remediate_the_last_failure_when_retries_are_allowed() {
        let spec = format!("{CHART}upgrade: {{remediation: {{retries: 2}}}}");
        let remediation = release(&spec, Some(ReleaseAction::Upgrade))
            .active_remediation()
            .unwrap();
        assert_eq!(remediation.strategy(), RemediationStrategy::Rollback);
        assert!(remediation.must_remediate_last_failure());
        let status = HelmReleaseStatus {
            upgrade_failures: Some(2),
            ..HelmReleaseStatus::default()
        };
        assert!(!remediation.retries_exhausted(&status));
    }

    #[test]
    fn unlimited_retries_are_never_exhausted() {
        let spec = format!("{CHART}install: {{remediation: {{retries: -1}}}}");
        let remediation = release(&spec, Some(ReleaseAction::Install))
            .active_remediation()
            .unwrap();
        let status = HelmReleaseStatus {
            install_failures: Some(1000),
            ..HelmReleaseStatus::default()
        };
        assert!(!remediation.retries_exhausted(&status));
    }

    #[test]
    fn test_failures_follow_the_release_setting_unless_overridden() {
        let spec = format!("{CHART}upgrade: {{remediation: {{ignoreTestFailures: false}}}}");
        let hr = release(&spec, None);
        assert!(!hr.upgrade_remediation().must_ignore_test_failures(true));
        assert!(hr.install_remediation().must_ignore_test_failures(true));
    }
}
