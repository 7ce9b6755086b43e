//! Where a HelmRelease's values come from besides `spec.values`: ConfigMaps and
//! Secrets, merged in order.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A ConfigMap or Secret, in the HelmRelease's namespace, holding values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValuesReference {
    /// Whether it is a ConfigMap or a Secret.
    pub kind: ValuesKind,
    /// Its name.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The data key holding the values; `values.yaml` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 253), regex(pattern = r"^[\-._a-zA-Z0-9]+$"))]
    pub values_key: Option<String>,
    /// A `--set`-style path the single value under `valuesKey` is written to;
    /// the values are merged at the root when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(max = 250),
        regex(pattern = r"^([a-zA-Z0-9_\-.\\\/]|\[[0-9]{1,5}\])+$")
    )]
    pub target_path: Option<String>,
    /// Tolerate a missing ConfigMap or Secret (other errors still fail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
    /// With `targetPath`, write the value verbatim instead of parsing `--set`
    /// syntax (like `helm --set-literal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<bool>,
}

/// The kinds of object values can be read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ValuesKind {
    /// A `Secret`.
    Secret,
    /// A `ConfigMap`.
    ConfigMap,
}
