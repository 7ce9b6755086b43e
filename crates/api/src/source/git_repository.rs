//! `GitRepository`: a Git repository checked out at a branch, tag, semver
//! range, reference or commit, published as a tarball.

mod status;

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::meta::{DURATION_PATTERN, LocalObjectReference, TIMEOUT_PATTERN};

pub use status::GitRepositoryStatus;

/// The desired state of a [`GitRepository`].
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "source.toolkit.fluxcd.io",
    version = "v1",
    kind = "GitRepository",
    plural = "gitrepositories",
    singular = "gitrepository",
    namespaced,
    status = "GitRepositoryStatus",
    derive = "PartialEq",
    shortname = "gitrepo",
    category = "all",
    category = "fluxcd",
    category = "fluxcd-sources",
    doc = "A Git repository the source-controller clones and publishes as an artifact.",
    printcolumn = r#"{"name":"URL","type":"string","jsonPath":".spec.url"}"#,
    printcolumn = r#"{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}"#,
    printcolumn = r#"{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"}"#,
    printcolumn = r#"{"name":"Status","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].message"}"#
)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("x-kubernetes-validations" = [{
    "message": "serviceAccountName can only be set when provider is 'azure' or 'aws'",
    "rule": "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))"
}]))]
pub struct GitRepositorySpec {
    /// The repository's address: `http://`, `https://` or `ssh://`.
    #[schemars(regex(pattern = r"^(http|https|ssh)://.*$"))]
    pub url: String,
    /// A Secret with credentials: `username`/`password` or `bearerToken` for
    /// HTTPS, `identity`/`known_hosts` for SSH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<LocalObjectReference>,
    /// Who issues credentials when not a Secret; `generic` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<GitProvider>,
    /// The ServiceAccount whose cloud identity authenticates (`aws` and `azure` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// How often the origin is checked for a new revision.
    #[schemars(regex(pattern = DURATION_PATTERN))]
    pub interval: String,
    /// Time limit of each Git operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = TIMEOUT_PATTERN), extend("default" = "60s"))]
    pub timeout: Option<String>,
    /// What to check out; the `master` branch when unset.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<GitRepositoryRef>,
    /// How to verify commit or tag signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<GitRepositoryVerification>,
    /// A Secret with `address`, `username` and `password` of an HTTP(S) proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_secret_ref: Option<LocalObjectReference>,
    /// Paths excluded from the artifact, in `.gitignore` syntax; a default set when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// Stops reconciliation while true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    /// Also clones the repository's submodules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurse_submodules: Option<bool>,
    /// Other GitRepositories whose artifact contents are copied into this one's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<GitRepositoryInclude>>,
    /// Only these directories are checked out and published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse_checkout: Option<Vec<String>>,
}

/// Who issues the credentials used to clone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
#[serde(rename_all = "lowercase")]
pub enum GitProvider {
    /// A Secret, or no credentials.
    #[default]
    Generic,
    /// AWS CodeCommit, through the pod's or ServiceAccount's AWS identity.
    Aws,
    /// Azure DevOps, through the pod's or ServiceAccount's Azure identity.
    Azure,
    /// A GitHub App whose credentials are in `spec.secretRef`.
    Github,
}

/// The Git reference to check out. When several are set, `commit` wins, then
/// `name`, then `semver`, then `tag`, then `branch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GitRepositoryRef {
    /// A branch name; `master` if nothing else is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// A tag name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// A semver range; the highest matching tag is checked out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semver: Option<String>,
    /// A full reference name, e.g. `refs/heads/main` or `refs/pull/1/head`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A commit SHA; with `branch`, the branch is shallow-cloned and must contain it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// Signature verification of the checked-out commit and/or tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GitRepositoryVerification {
    /// Which objects must carry a valid signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("default" = "HEAD"))]
    pub mode: Option<GitVerificationMode>,
    /// A Secret with trusted public keys: PGP keys under `*.asc`, SSH keys under `*.sshpub`.
    pub secret_ref: LocalObjectReference,
}

/// Which Git objects are verified.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The field using the enum describes it; kube would replace that text with this one.
#[schemars(description = "")]
pub enum GitVerificationMode {
    /// The commit HEAD points to (older spelling of `HEAD`).
    #[serde(rename = "head")]
    LegacyHead,
    /// The commit HEAD points to.
    #[default]
    #[serde(rename = "HEAD")]
    Head,
    /// The checked-out tag.
    Tag,
    /// Both the tag and the commit it points to.
    #[serde(rename = "TagAndHEAD")]
    TagAndHead,
}

/// Another GitRepository whose artifact is copied into this one's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GitRepositoryInclude {
    /// The GitRepository to include, in the same namespace.
    pub repository: LocalObjectReference,
    /// The directory of the included artifact to copy; its root when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_path: Option<String>,
    /// Where to copy it in this artifact; the included repository's name when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_path: Option<String>,
}

impl GitRepository {
    /// A GitRepository of `url` polled every minute, for tests and examples.
    pub fn fixture(namespace: &str, name: &str, url: &str) -> Self {
        let mut repo = Self::new(
            name,
            GitRepositorySpec {
                url: url.to_owned(),
                interval: "1m".to_owned(),
                ..GitRepositorySpec::default()
            },
        );
        repo.metadata.namespace = Some(namespace.to_owned());
        repo
    }

    /// Tracks `branch`.
    pub fn with_branch(mut self, branch: &str) -> Self {
        self.spec.reference = Some(GitRepositoryRef {
            branch: Some(branch.to_owned()),
            ..GitRepositoryRef::default()
        });
        self
    }

    /// Authenticates with the Secret `name`.
    pub fn with_secret(mut self, name: &str) -> Self {
        self.spec.secret_ref = Some(LocalObjectReference::new(name));
        self
    }
}

impl GitRepositorySpec {
    /// `spec.timeout`, or its default.
    pub fn timeout(&self) -> &str {
        self.timeout.as_deref().unwrap_or(super::DEFAULT_TIMEOUT)
    }

    /// `spec.provider`, or its default (`generic`).
    pub fn provider(&self) -> GitProvider {
        self.provider.unwrap_or_default()
    }

    /// `spec.ref`, or a reference to the default branch when unset or empty.
    pub fn reference(&self) -> GitRepositoryRef {
        match &self.reference {
            Some(r) if *r != GitRepositoryRef::default() => r.clone(),
            _ => GitRepositoryRef {
                branch: Some(super::DEFAULT_BRANCH.to_owned()),
                ..GitRepositoryRef::default()
            },
        }
    }
}
