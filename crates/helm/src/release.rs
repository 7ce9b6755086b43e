//! Helm's release object (`release.v1.Release`) and how Helm stores it: JSON,
//! gzip, base64, in a Secret `sh.helm.release.v1.<name>.v<revision>` of type
//! `helm.sh/release.v1` with the labels `name`, `owner=helm`, `status` and
//! `version`, so the `helm` CLI reads releases written here and vice versa.

mod codec;
mod storage;

use serde::{Deserialize, Serialize};

pub use codec::{CodecError, decode, encode, go_json};
pub use storage::{SECRET_TYPE, StorageSecret, secret_name, storage_labels, to_secret};

/// A release's state (`common.Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Deployed and current.
    Deployed,
    /// Uninstalled (kept with `--keep-history`).
    Uninstalled,
    /// Replaced by a newer revision.
    Superseded,
    /// The install or upgrade failed.
    Failed,
    /// Being uninstalled.
    Uninstalling,
    /// Being installed.
    PendingInstall,
    /// Being upgraded.
    PendingUpgrade,
    /// Being rolled back.
    PendingRollback,
    /// Indeterminate (also any status this version does not know).
    #[default]
    #[serde(other)]
    Unknown,
}

impl Status {
    /// The text Helm writes (`deployed`, `pending-install`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Deployed => "deployed",
            Status::Uninstalled => "uninstalled",
            Status::Superseded => "superseded",
            Status::Failed => "failed",
            Status::Uninstalling => "uninstalling",
            Status::PendingInstall => "pending-install",
            Status::PendingUpgrade => "pending-upgrade",
            Status::PendingRollback => "pending-rollback",
        }
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// `release.v1.Info`. Times are Go's RFC 3339 text (see [`go_time`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Info {
    /// When the first revision was deployed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_deployed: Option<String>,
    /// When this revision was deployed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_deployed: Option<String>,
    /// When the release was uninstalled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<String>,
    /// Human-readable description of the last action.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Current state.
    #[serde(default)]
    pub status: Status,
    /// The revision rolled back to, for a rollback.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rollback_revision: i64,
    /// Rendered NOTES.txt.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Resources as Helm recorded them (kept as they are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<serde_json::Value>,
}

/// When a hook last ran (`release.v1.HookExecution`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HookExecution {
    /// Start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// Completion time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// `Unknown`, `Running`, `Succeeded` or `Failed` (empty before any run).
    #[serde(default)]
    pub phase: String,
}

/// A hook manifest (`release.v1.Hook`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Hook {
    /// Object name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Object kind.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Template path.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// Rendered manifest.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub manifest: String,
    /// `pre-install`, `post-upgrade`, `test`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// Last execution.
    #[serde(default)]
    pub last_run: HookExecution,
    /// Ordering weight.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub weight: i64,
    /// `before-hook-creation`, `hook-succeeded`, `hook-failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delete_policies: Vec<String>,
    /// Output log policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_log_policies: Vec<String>,
}

/// `release.v1.Release`. Fields are declared in Go's order so the JSON matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Release {
    /// Release name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// State and timestamps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Info>,
    /// The chart (`chart.v2.Chart` as JSON: metadata, lock, templates, values,
    /// schema, files; file data base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<serde_json::Value>,
    /// The user-supplied values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<serde_json::Value>,
    /// Rendered manifests.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub manifest: String,
    /// Hooks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hooks: Vec<Hook>,
    /// Revision, from 1.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub version: i64,
    /// Namespace.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// `csa` or `ssa` (Helm 4).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub apply_method: String,
}

/// A time as Go's `time.Time` marshals to JSON (RFC 3339 with nanoseconds,
/// trailing zeros trimmed), e.g. `2024-01-02T03:04:05.5Z`.
pub fn go_time(t: jiff::Timestamp) -> String {
    let secs = t.as_second();
    let nanos = t.subsec_nanosecond();
    let base = jiff::Timestamp::from_second(secs)
        .unwrap_or(t)
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string();
    if nanos == 0 {
        format!("{base}Z")
    } else {
        let frac = format!("{nanos:09}");
        format!("{base}.{}Z", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests;
