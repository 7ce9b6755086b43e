//! The Provider kind: an external system events are sent to (a chat, an
//! incident tool, a Git forge's commit statuses, a generic webhook).

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{DURATION_PATTERN, LocalObjectReference, TIMEOUT_PATTERN};

/// Where and how the notification-controller delivers the events of Alerts
/// that point to this Provider.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "notification.toolkit.fluxcd.io",
    version = "v1beta3",
    kind = "Provider",
    namespaced,
    category = "all",
    category = "fluxcd",
    category = "fluxcd-notifications",
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    derive = "PartialEq",
    doc = "An external system Flux events are delivered to."
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
    "rule": "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type == 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' || !has(self.commitStatusExpr)"
}]))]
pub struct ProviderSpec {
    /// The kind of system, which decides the payload and what `address` means.
    #[serde(rename = "type")]
    pub type_: ProviderType,
    /// Deprecated and unused: Providers are not reconciled periodically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: Option<String>,
    /// The channel, room or topic to post to, where the system has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub channel: Option<String>,
    /// The name to post as; the Secret's `username` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub username: Option<String>,
    /// The endpoint (URL, repository, project...) events go to; the Secret's
    /// `address` wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub address: Option<String>,
    /// Time limit of each request to the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN))]
    pub timeout: Option<String>,
    /// Deprecated: an HTTP(S) proxy URL; use `proxySecretRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048), regex(pattern = r"^(http|https)://.*$"))]
    pub proxy: Option<String>,
    /// A Secret with `address`, `username` and `password` of an HTTP(S) proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// A Secret with credentials (`token`, `username`, `password`), `address`
    /// or `headers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// A Secret with `ca.crt` and optionally `tls.crt` and `tls.key` for (mutual) TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_secret_ref: Option<LocalObjectReference>,
    /// A service account whose workload identity authenticates to the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// A CEL expression building the commit status identifier (Git forges only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_status_expr: Option<String>,
    /// Stop sending events until this is unset or false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
}

/// The systems a Provider can deliver to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderType {
    /// Slack (bot token or incoming webhook).
    Slack,
    /// Discord webhook.
    Discord,
    /// Microsoft Teams workflow webhook.
    MsTeams,
    /// Rocket.Chat webhook.
    Rocket,
    /// A POST of the event as JSON.
    Generic,
    /// A POST of the event as JSON, signed with HMAC.
    #[serde(rename = "generic-hmac")]
    GenericHmac,
    /// GitHub commit statuses.
    GitHub,
    /// GitLab commit statuses.
    GitLab,
    /// Gitea commit statuses.
    Gitea,
    /// Gitea pull request comments.
    GiteaPullRequestComment,
    /// Bitbucket Server / Data Center commit statuses.
    BitbucketServer,
    /// Bitbucket Cloud commit statuses.
    Bitbucket,
    /// Azure DevOps commit statuses.
    AzureDevOps,
    /// Google Chat webhook.
    GoogleChat,
    /// Google Cloud Pub/Sub topic.
    GooglePubSub,
    /// Webex room.
    Webex,
    /// Sentry events.
    Sentry,
    /// Azure Event Hub.
    AzureEventHub,
    /// Telegram chat.
    Telegram,
    /// Lark webhook.
    Lark,
    /// Matrix room.
    Matrix,
    /// Opsgenie alerts.
    Opsgenie,
    /// Prometheus Alertmanager.
    Alertmanager,
    /// Grafana annotations.
    Grafana,
    /// GitHub repository dispatch events.
    GitHubDispatch,
    /// GitHub pull request comments.
    GitHubPullRequestComment,
    /// GitLab merge request comments.
    GitLabMergeRequestComment,
    /// PagerDuty events.
    PagerDuty,
    /// Datadog events.
    DataDog,
    /// NATS subject.
    Nats,
    /// Zulip stream.
    Zulip,
    /// OpenTelemetry traces.
    Otel,
    /// Zoom chat webhook.
    Zoom,
    /// incident.io alert events.
    #[serde(rename = "incident.io")]
    IncidentIo,
}

impl ProviderType {
    /// Whether the provider posts Git commit statuses (and so may use
    /// `commitStatusExpr`).
    pub fn is_commit_status(self) -> bool {
        matches!(
            self,
            Self::GitHub
                | Self::GitLab
                | Self::Gitea
                | Self::BitbucketServer
                | Self::Bitbucket
                | Self::AzureDevOps
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::CustomResourceExt;

    #[test]
    fn provider_types_use_fluxs_spelling_on_the_wire() {
        let names: Vec<String> = [
            ProviderType::MsTeams,
            ProviderType::GenericHmac,
            ProviderType::AzureDevOps,
            ProviderType::GitLabMergeRequestComment,
            ProviderType::IncidentIo,
        ]
        .iter()
        .map(|t| {
            serde_json::to_value(t)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
        assert_eq!(
            names,
            [
                "msteams",
                "generic-hmac",
                "azuredevops",
                "gitlabmergerequestcomment",
                "incident.io"
            ]
        );
    }

    #[test]
    fn commit_status_types_are_those_the_cel_rule_allows_an_expression_for() {
        let crd = serde_json::to_value(Provider::crd()).unwrap();
        let schema = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
        let rule = schema["properties"]["spec"]["x-kubernetes-validations"][0]["rule"]
            .as_str()
            .unwrap();
        for value in schema["properties"]["spec"]["properties"]["type"]["enum"]
            .as_array()
            .unwrap()
        {
            let type_: ProviderType = serde_json::from_value(value.clone()).unwrap();
            let in_rule = rule.contains(&format!("self.type == {value}").replace('"', "'"));
            assert_eq!(type_.is_commit_status(), in_rule, "{value}");
        }
    }
}
