//! The artifact a source kind produces and serves over HTTP.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::DIGEST_PATTERN;

/// The output of a source reconciliation: a tarball (or chart) stored by the
/// source-controller and served at `url`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    /// The file's path relative to the root of the artifact storage.
    pub path: String,
    /// The HTTP address other controllers download the file from.
    pub url: String,
    /// The origin's identifier for this content, e.g. `main@sha1:<hash>` or a chart version.
    pub revision: String,
    /// The file's digest, `<algorithm>:<checksum>`.
    #[schemars(regex(pattern = DIGEST_PATTERN))]
    pub digest: String,
    /// When the artifact last changed.
    pub last_update_time: Time,
    /// The file's size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// Upstream metadata about the content, e.g. OCI annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}
