//! Post-build variable substitution: `${var}` expressions in the build output are
//! replaced with values given inline or read from ConfigMaps and Secrets.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Steps run on the build output before it is applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostBuild {
    /// Variables given inline; they win over those from `substituteFrom`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub substitute: BTreeMap<String, String>,
    /// ConfigMaps and Secrets whose data keys become variables; later entries win.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substitute_from: Vec<SubstituteReference>,
    /// When substitution runs; `WithVariables` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_strategy: Option<SubstituteStrategy>,
}

/// A ConfigMap or Secret, in the Kustomization's namespace, holding variables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SubstituteReference {
    /// Whether it is a ConfigMap or a Secret.
    pub kind: SubstituteKind,
    /// Its name.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// Treat a missing object as empty instead of failing.
    #[serde(default)]
    pub optional: bool,
}

/// The kinds of object variables can be read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SubstituteKind {
    /// A `Secret`.
    Secret,
    /// A `ConfigMap`.
    ConfigMap,
}

/// When post-build substitution runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SubstituteStrategy {
    /// Only when at least one variable is defined.
    #[default]
    WithVariables,
    /// Always, so that defaults such as `${var:=default}` apply without variables.
    Always,
}
