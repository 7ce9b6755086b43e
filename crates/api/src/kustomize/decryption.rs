//! Decryption of SOPS-encrypted Secrets in the build output.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::LocalObjectReference;

/// How to decrypt encrypted objects before they are applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decryption {
    /// The encryption format; only SOPS is supported.
    pub provider: DecryptionProvider,
    /// A Secret holding private keys and KMS credentials, identified by key suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// A service account whose workload identity authenticates to KMS services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
}

/// The supported encryption formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DecryptionProvider {
    /// Mozilla SOPS (age, OpenPGP, AWS KMS, Azure Key Vault, GCP KMS, Vault).
    #[default]
    Sops,
}
