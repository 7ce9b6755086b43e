//! `OCIRepository`: an OCI artifact pulled from a container registry by tag,
//! semver range or digest, published as a tarball.

mod status;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CloudProvider, OIDCIdentityMatch, VerificationProvider};
use crate::meta::{DURATION_PATTERN, LocalObjectReference, TIMEOUT_PATTERN};

pub use status::OCIRepositoryStatus;

/// The desired state of an [`OCIRepository`].
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "OCIRepository",
    plural = "ocirepositories",
    singular = "ocirepository",
    namespaced,
    status = "OCIRepositoryStatus",
    derive = "PartialEq",
    shortname = "ocirepo",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    doc = "An OCI artifact the source-controller pulls and publishes as an artifact.",
    printcolumn = r#"{"name":"URL","type":"string","jsonPath":".spec.url"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#
)]
#[serde(rename_all = "camelCase")]
pub struct OCIRepositorySpec {
    /// The artifact's repository address, `oci://<host>/<path>`.
    #[schemars(regex(pattern = r"^oci://.*$"))]
    pub url: String,
    /// Which artifact of the repository to pull; the `latest` tag when unset.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<OCIRepositoryRef>,
    /// Which layer of the artifact to publish and how; the first layer, extracted, when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_selector: Option<OCILayerSelector>,
    /// Who issues registry credentials when not a Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "generic"))]
    pub provider: Option<CloudProvider>,
    /// A `kubernetes.io/dockerconfigjson` Secret with registry credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// How to verify the artifact's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<OCIRepositoryVerification>,
    /// A ServiceAccount whose image pull secrets authenticate to the registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// A Secret with TLS material: `ca.crt`, and `tls.crt`/`tls.key` for client auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// A Secret with `address`, `username` and `password` of an HTTP(S) proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// How often the registry is checked for a new digest.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Time limit of each registry operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN), extend("default" = "60s"))]
    pub timeout: Option<String>,
    /// Paths excluded from the artifact, in `.gitignore` syntax; a default set when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// Allows plain HTTP to the registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// Stops reconciliation while true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// The artifact to pull. When several are set, `digest` wins, then `semver`, then `tag`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OCIRepositoryRef {
    /// An exact manifest digest, `sha256:<hex>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// A semver range; the highest matching tag is pulled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver: Option<String>,
    /// A regular expression tags must match before the semver range is applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver_filter: Option<String>,
    /// A tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// Selects one layer of an OCI artifact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OCILayerSelector {
    /// The media type of the layer; the first layer when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// What to do with the layer; `extract` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<LayerOperation>,
}

/// How a selected layer becomes the artifact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum LayerOperation {
    /// Untar the layer (a gzipped tarball) and re-archive its contents.
    #[default]
    Extract,
    /// Publish the layer as it is.
    Copy,
}

/// Signature verification of an OCI artifact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OCIRepositoryVerification {
    /// The signing tool.
    #[schemars(extend("default" = "cosign"))]
    pub provider: VerificationProvider,
    /// A Secret with trusted public keys (cosign) or certificates and a trust policy
    /// (notation); keyless verification when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// Identities a keyless signature must match; any identity when empty.
    #[serde(
        default,
        rename = "matchOIDCIdentity",
        skip_serializing_if = "Option::is_none"
    )]
    pub match_oidc_identity: Option<Vec<OIDCIdentityMatch>>,
    /// A Secret with a Sigstore trusted root, for private Sigstore deployments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted_root_secret_ref: Option<LocalObjectReference>,
}

impl OCIRepository {
    /// An OCIRepository of `url` at tag `latest`, polled every minute, for tests and examples.
    pub fn fixture(namespace: &str, name: &str, url: &str) -> Self {
        let mut repo = Self::new(
            name,
            OCIRepositorySpec {
                url: url.to_owned(),
                interval: "1m".to_owned(),
                reference: Some(OCIRepositoryRef {
                    tag: Some("latest".to_owned()),
                    ..OCIRepositoryRef::default()
                }),
                ..OCIRepositorySpec::default()
            },
        );
        repo.metadata.namespace = Some(namespace.to_owned());
        repo
    }
}

impl OCIRepositorySpec {
    /// `spec.timeout`, or its default.
    pub fn timeout(&self) -> &str {
        self.timeout.as_deref().unwrap_or(super::DEFAULT_TIMEOUT)
    }

    /// `spec.provider`, or its default (`generic`).
    pub fn provider(&self) -> CloudProvider {
        self.provider.unwrap_or_default()
    }
}
