//! OIDC issuers trusted by `generic-oidc` Receivers, and the CEL rules a token's
//! claims must pass.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An issuer whose ID tokens a Receiver accepts, and the rules on their claims.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OidcProvider {
    /// The issuer URL, matched against the token's `iss` claim.
    #[serde(rename = "issuerURL")]
    #[schemars(regex(pattern = r"^https?://"))]
    pub issuer_url: String,
    /// The expected `aud` claim; `notification-controller` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Named CEL expressions over `claims`, evaluated in order and exposed as
    /// `vars.<name>` to later ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<OidcVariable>,
    /// CEL expressions that must all hold for a call to be accepted.
    #[schemars(length(min = 1))]
    pub validations: Vec<OidcValidation>,
}

impl OidcProvider {
    /// The `aud` claim tokens must carry: `audience`, or
    /// [`DEFAULT_OIDC_AUDIENCE`](super::DEFAULT_OIDC_AUDIENCE) when unset or empty.
    pub fn audience(&self) -> &str {
        match self.audience.as_deref() {
            Some(audience) if !audience.is_empty() => audience,
            _ => super::DEFAULT_OIDC_AUDIENCE,
        }
    }
}

/// A named CEL expression.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcVariable {
    /// The name it is exposed under, as `vars.<name>`.
    pub name: String,
    /// The CEL expression.
    pub expression: String,
}

/// A CEL rule on the token's claims.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcValidation {
    /// A CEL expression that must evaluate to true.
    pub expression: String,
    /// Returned to the caller when the expression does not hold.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audience_defaults_to_the_controller_name() {
        let mut provider = OidcProvider::default();
        assert_eq!(provider.audience(), "notification-controller");
        provider.audience = Some("flux".to_owned());
        assert_eq!(provider.audience(), "flux");
    }
}
