//! The Receiver kind: a webhook that asks for the reconciliation of selected
//! Flux objects when a Git forge, registry or CI system calls it.

use std::collections::BTreeMap;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{FluxKind, OidcProvider};
use crate::meta::{Condition, DURATION_PATTERN, LocalObjectReference, ReconcileRequestStatus};

/// Serves a webhook path; verified calls annotate the selected objects with a
/// reconcile request.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1",
    kind = "Receiver",
    namespaced,
    status = "ReceiverStatus",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#,
    derive = "PartialEq",
    doc = "An incoming webhook that triggers the reconciliation of Flux objects."
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [
    {
        "message": "generic-oidc receivers must define at least one oidcProvider",
        "rule": "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)"
    },
    {
        "message": "oidcProviders can only be set when type is generic-oidc",
        "rule": "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0"
    },
    {
        "message": "secretRef cannot be set when type is generic-oidc",
        "rule": "self.type != 'generic-oidc' || !has(self.secretRef)"
    },
    {
        "message": "secretRef is required when type is not generic-oidc",
        "rule": "self.type == 'generic-oidc' || has(self.secretRef)"
    }
]))]
pub struct ReceiverSpec {
    /// The caller, which decides how requests are verified and events read.
    #[serde(rename = "type")]
    pub type_: ReceiverType,
    /// How often the Receiver re-reads its Secret (a Go duration).
    #[serde(default = "default_interval")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Event types to act on (for callers that send one); every event when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// The objects to reconcile on a verified call.
    pub resources: Vec<ReceiverResource>,
    /// A CEL expression over `res`, `req` (and `claims`) that must hold for an
    /// object to be reconciled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_filter: Option<String>,
    /// A Secret whose `token` salts the webhook path and verifies calls; every
    /// type but `generic-oidc` needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// The OIDC issuers trusted by a `generic-oidc` Receiver, one per issuer URL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend(
        "x-kubernetes-list-type" = "map",
        "x-kubernetes-list-map-keys" = ["issuerURL"]
    ))]
    pub oidc_providers: Vec<OidcProvider>,
    /// Ignore calls until this is unset or false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

fn default_interval() -> String {
    "10m".to_owned()
}

/// Flux objects to reconcile, by kind, name (or `*`), namespace and labels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverResource {
    /// The objects' API version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// The objects' kind.
    pub kind: FluxKind,
    /// The object's name, or `*` together with `matchLabels`.
    #[schemars(length(min = 1, max = 253))]
    pub name: String,
    /// The objects' namespace; the Receiver's when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 253))]
    pub namespace: Option<String>,
    /// Labels the objects must carry; only with name `*`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    /// A CEL expression that must also hold for objects of this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

/// The callers a Receiver understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReceiverType {
    /// Any call to the path.
    Generic,
    /// Calls signed with HMAC in `X-Signature`.
    #[serde(rename = "generic-hmac")]
    GenericHmac,
    /// Calls carrying an OIDC ID token from a trusted issuer.
    #[serde(rename = "generic-oidc")]
    GenericOidc,
    /// GitHub (and Gitea) webhooks, signed in `X-Hub-Signature`.
    GitHub,
    /// GitLab webhooks, with the token in `X-Gitlab-Token`.
    GitLab,
    /// Bitbucket Server and Cloud webhooks, signed in `X-Hub-Signature`.
    Bitbucket,
    /// Harbor webhooks, with the token in `Authorization`.
    Harbor,
    /// Docker Hub webhooks.
    DockerHub,
    /// Quay webhooks.
    Quay,
    /// Google Container/Artifact Registry push notifications via Pub/Sub.
    Gcr,
    /// Nexus webhooks, signed in `X-Nexus-Webhook-Signature`.
    Nexus,
    /// Azure Container Registry webhooks.
    Acr,
    /// CDEvents.
    CdEvents,
}

/// What the notification-controller last observed about a Receiver.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverStatus {
    /// The last `metadata.generation` that was reconciled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// The current conditions (`Ready`, `Reconciling`, `Stalled`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The path the webhook is served at: `/hook/<sha256 of token, name and namespace>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_path: Option<String>,
    /// The last handled reconcile request.
    #[serde(flatten)]
    pub reconcile_request: ReconcileRequestStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_checks_its_secret_every_ten_minutes_by_default() {
        let spec: ReceiverSpec = serde_yaml::from_str(
            "{type: generic, secretRef: {name: token}, resources: [{kind: Bucket, name: b}]}",
        )
        .unwrap();
        assert_eq!(spec.interval, "10m");
        assert_eq!(spec.type_, ReceiverType::Generic);
    }

    #[test]
    fn oidc_providers_are_a_map_keyed_by_issuer_url() {
        let schema = schemars::schema_for!(ReceiverSpec);
        let providers = &schema.as_value()["properties"]["oidcProviders"];
        assert_eq!(providers["x-kubernetes-list-type"], "map");
        assert_eq!(
            providers["x-kubernetes-list-map-keys"],
            serde_json::json!(["issuerURL"])
        );
    }
}
