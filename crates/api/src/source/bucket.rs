//! `Bucket`: objects of an S3-compatible, GCS or Azure Blob bucket, published
//! as a tarball.

mod status;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{DURATION_PATTERN, LocalObjectReference, TIMEOUT_PATTERN};

pub use status::BucketStatus;

/// The desired state of a [`Bucket`].
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "Bucket",
    plural = "buckets",
    singular = "bucket",
    namespaced,
    status = "BucketStatus",
    derive = "PartialEq",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    doc = "An object storage bucket the source-controller downloads and publishes as an artifact.",
    printcolumn = r#"{"name":"Endpoint","type":"string","jsonPath":".spec.endpoint"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "message": "STS configuration is only supported for the 'aws' and 'generic' Bucket providers",
        "rule": "self.provider == 'aws' || self.provider == 'generic' || !has(self.sts)"
    },
    {
        "message": "'aws' is the only supported STS provider for the 'aws' Bucket provider",
        "rule": "self.provider != 'aws' || !has(self.sts) || self.sts.provider == 'aws'"
    },
    {
        "message": "'ldap' is the only supported STS provider for the 'generic' Bucket provider",
        "rule": "self.provider != 'generic' || !has(self.sts) || self.sts.provider == 'ldap'"
    },
    {
        "message": "spec.sts.secretRef is not required for the 'aws' STS provider",
        "rule": "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.secretRef)"
    },
    {
        "message": "spec.sts.certSecretRef is not required for the 'aws' STS provider",
        "rule": "!has(self.sts) || self.sts.provider != 'aws' || !has(self.sts.certSecretRef)"
    },
    {
        "message": "ServiceAccountName is not supported for the 'generic' Bucket provider",
        "rule": "self.provider != 'generic' || !has(self.serviceAccountName)"
    },
    {
        "message": "cannot set both .spec.secretRef and .spec.serviceAccountName",
        "rule": "!has(self.secretRef) || !has(self.serviceAccountName)"
    }
]))]
pub struct BucketSpec {
    /// The storage API to speak; `generic` (S3-compatible) when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "generic"))]
    pub provider: Option<BucketProvider>,
    /// The bucket's name.
    pub bucket_name: String,
    /// The storage server's address, without scheme for S3-compatible servers.
    pub endpoint: String,
    /// A Security Token Service to exchange credentials with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sts: Option<BucketStsSpec>,
    /// Uses plain HTTP to the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure: Option<bool>,
    /// The bucket's region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Only objects whose keys start with this prefix are downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// A Secret with the provider's credentials (e.g. `accesskey`/`secretkey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// A Secret with TLS material: `ca.crt`, and `tls.crt`/`tls.key` for client auth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// A Secret with `address`, `username` and `password` of an HTTP(S) proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// The ServiceAccount whose cloud identity authenticates (not `generic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// How often the bucket is checked for changes.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Time limit of each storage operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN), extend("default" = "60s"))]
    pub timeout: Option<String>,
    /// Keys excluded from the artifact, in `.gitignore` syntax; a default set when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// Stops reconciliation while true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// The storage APIs a Bucket can use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum BucketProvider {
    /// Any S3-compatible server, with static or STS credentials.
    #[default]
    Generic,
    /// Amazon S3, with the pod's or ServiceAccount's AWS identity when no Secret is given.
    Aws,
    /// Google Cloud Storage.
    Gcp,
    /// Azure Blob Storage.
    Azure,
}

/// A Security Token Service issuing temporary bucket credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BucketStsSpec {
    /// The kind of token service.
    pub provider: BucketStsProvider,
    /// The token service's HTTP(S) address.
    #[schemars(regex(pattern = r"^(http|https)://.*$"))]
    pub endpoint: String,
    /// A Secret with credentials for the token service (`ldap` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// A Secret with TLS material for the token service (`ldap` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
}

/// The token services a Bucket can exchange credentials with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum BucketStsProvider {
    /// AWS STS, for the `aws` provider.
    #[default]
    Aws,
    /// A MinIO LDAP STS, for the `generic` provider.
    Ldap,
}

impl Bucket {
    /// A Bucket `bucket_name` at `endpoint`, polled every minute, for tests and examples.
    pub fn fixture(namespace: &str, name: &str, endpoint: &str, bucket_name: &str) -> Self {
        let mut bucket = Self::new(
            name,
            BucketSpec {
                bucket_name: bucket_name.to_owned(),
                endpoint: endpoint.to_owned(),
                interval: "1m".to_owned(),
                ..BucketSpec::default()
            },
        );
        bucket.metadata.namespace = Some(namespace.to_owned());
        bucket
    }
}

impl BucketSpec {
    /// `spec.timeout`, or its default.
    pub fn timeout(&self) -> &str {
        self.timeout.as_deref().unwrap_or(super::DEFAULT_TIMEOUT)
    }

    /// `spec.provider`, or its default (`generic`).
    pub fn provider(&self) -> BucketProvider {
        self.provider.unwrap_or_default()
    }
}
