//! Helm's `IsCompatibleRange`: used to match vendored subcharts to their declared
//! versions and to check `kubeVersion`. The constraint language itself is
//! [`crate::semver_range`] (Masterminds/semver v3).

use crate::semver_range;

/// Whether `version` satisfies `constraint`; an empty or malformed constraint or
/// version never matches (like Helm's `IsCompatibleRange`).
pub(crate) fn satisfies(constraint: &str, version: &str) -> bool {
    !constraint.trim().is_empty() && semver_range::satisfies(constraint, version).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::satisfies;

    #[test]
    fn wildcards_tilde_caret_and_ranges() {
        assert!(satisfies("1.42.*", "1.42.0"));
        assert!(!satisfies("1.42.*", "1.43.0"));
        assert!(satisfies("2.x.x", "2.31.4"));
        assert!(satisfies("0.3.0", "0.3.0"));
        assert!(!satisfies("0.3.0", "0.3.1"));
        assert!(satisfies("~1.2", "1.2.9"));
        assert!(satisfies("^0.3", "0.3.5"));
        assert!(!satisfies("^0.3", "0.4.0"));
        assert!(satisfies(">=1.19.0-0", "v1.36.0"));
        assert!(satisfies(">= 1.19.0-0, < 2.0.0", "1.36.0"));
        assert!(satisfies("<1.0 || >=1.30", "1.36.0"));
        assert!(satisfies("1.0 - 2.0", "2.0.5"));
        assert!(!satisfies(">=1.0.0", "1.2.0-rc.1"));
        assert!(!satisfies("", "1.0.0"));
    }
}
