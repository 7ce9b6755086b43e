//! `HelmRepository`: a Helm chart repository, either an HTTP(S) index whose
//! `index.yaml` is published as the artifact, or an OCI registry (no artifact).

mod status;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{AccessFrom, CloudProvider};
use crate::meta::{DURATION_PATTERN, LocalObjectReference, TIMEOUT_PATTERN};

pub use status::HelmRepositoryStatus;

/// The desired state of a [`HelmRepository`].
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "HelmRepository",
    plural = "helmrepositories",
    singular = "helmrepository",
    namespaced,
    status = "HelmRepositoryStatus",
    derive = "PartialEq",
    shortname = "helmrepo",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    doc = "A Helm chart repository whose charts HelmCharts and HelmReleases use.",
    printcolumn = r#"{"name":"URL","type":"string","jsonPath":".spec.url"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct HelmRepositorySpec {
    /// The repository's address: `http(s)://` for an index, `oci://` for a registry.
    #[schemars(regex(pattern = r"^(http|https|oci)://.*$"))]
    pub url: String,
    /// A Secret with `username`/`password` (basic auth), or a dockerconfigjson for OCI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// A Secret with TLS material: `ca.crt`, and `tls.crt`/`tls.key` for client auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// Sends the credentials also to hosts other than the repository's (chart URLs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass_credentials: Option<bool>,
    /// How often the index is downloaded again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: Option<String>,
    /// Allows plain HTTP to an OCI registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// Time limit of each index download or registry operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN))]
    pub timeout: Option<String>,
    /// Stops reconciliation while true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Namespaces allowed to use this repository from elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_from: Option<AccessFrom>,
    /// The kind of repository; `default` (an HTTP index) when unset.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<HelmRepositoryType>,
    /// Who issues registry credentials when not a Secret (OCI only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "generic"))]
    pub provider: Option<CloudProvider>,
}

/// The two kinds of Helm repository.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum HelmRepositoryType {
    /// A classic repository: an `index.yaml` and chart tarballs over HTTP(S).
    #[default]
    Default,
    /// An OCI registry holding charts as OCI artifacts.
    Oci,
}

impl HelmRepository {
    /// An HTTP(S) HelmRepository of `url`, polled every minute, for tests and examples.
    pub fn fixture(namespace: &str, name: &str, url: &str) -> Self {
        let mut repo = Self::new(
            name,
            HelmRepositorySpec {
                url: url.to_owned(),
                interval: Some("1m".to_owned()),
                ..HelmRepositorySpec::default()
            },
        );
        repo.metadata.namespace = Some(namespace.to_owned());
        repo
    }
}

impl HelmRepositorySpec {
    /// `spec.timeout`, or the controller's default (the CRD declares none).
    pub fn timeout(&self) -> &str {
        self.timeout.as_deref().unwrap_or(super::DEFAULT_TIMEOUT)
    }

    /// `spec.provider`, or its default (`generic`).
    pub fn provider(&self) -> CloudProvider {
        self.provider.unwrap_or_default()
    }

    /// `spec.type`, or its default (`default`, an HTTP index).
    pub fn repository_type(&self) -> HelmRepositoryType {
        self.type_.unwrap_or_default()
    }
}
