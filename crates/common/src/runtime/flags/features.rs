//! `--feature-gates` values: a comma-separated list of `name=bool` pairs.

use std::collections::BTreeMap;
use std::str::FromStr;

use super::FlagError;

/// The state of experimental features as given on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeatureGates(pub BTreeMap<String, bool>);

impl FeatureGates {
    /// Whether `name` is on, falling back to the feature's `default`.
    pub fn enabled(&self, name: &str, default: bool) -> bool {
        self.0.get(name).copied().unwrap_or(default)
    }
}

impl FromStr for FeatureGates {
    type Err = FlagError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let mut gates = BTreeMap::new();
        for pair in input.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let invalid = || FlagError::FeatureGate(pair.to_owned());
            let (name, value) = pair.split_once('=').ok_or_else(invalid)?;
            let value = match value.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "t" => true,
                "false" | "0" | "f" => false,
                _ => return Err(invalid()),
            };
            gates.insert(name.trim().to_owned(), value);
        }
        Ok(Self(gates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_feature_gate_pairs() {
        let gates: FeatureGates = "OOMWatch=true, DisableConfigWatchers=false"
            .parse()
            .unwrap();
        assert!(gates.enabled("OOMWatch", false));
        assert!(!gates.enabled("DisableConfigWatchers", true));
        assert!(gates.enabled("Unknown", true));
        assert!("OOMWatch".parse::<FeatureGates>().is_err());
        assert!("OOMWatch=maybe".parse::<FeatureGates>().is_err());
        assert_eq!("".parse::<FeatureGates>().unwrap(), FeatureGates::default());
    }
}
