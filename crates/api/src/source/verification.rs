//! Signature verification settings shared by OCI artifacts and Helm charts.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The tool whose signatures are verified.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum VerificationProvider {
    /// Sigstore cosign signatures (keyed or keyless).
    #[default]
    Cosign,
    /// Notary project (notation) signatures.
    Notation,
}

/// An identity a keyless signature's certificate must match; both fields are
/// regular expressions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OIDCIdentityMatch {
    /// Pattern for the OIDC issuer of the signing certificate.
    pub issuer: String,
    /// Pattern for the subject of the signing certificate.
    pub subject: String,
}
