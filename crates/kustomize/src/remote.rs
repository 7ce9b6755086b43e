//! Remote resources (`https://…`, `git::…`, `github.com/…`): the engine never
//! touches the network itself; a caller that allows remotes hands it a
//! [`RemoteLoader`], and whatever the loader returns is built like untrusted
//! local content, confined to its own in-memory root.

mod query;
mod repospec;

use std::time::Duration;

use crate::fs::MemoryFs;

pub use repospec::RepoSpec;

/// Fetches remote resources for a build.
pub trait RemoteLoader: Send + Sync + std::fmt::Debug {
    /// Fetches `target`. A loader must bound the size of what it returns and
    /// the time it takes.
    fn load(&self, target: &RemoteTarget) -> Result<RemoteContent, RemoteError>;
}

/// What a remote resource turned out to be.
#[derive(Debug, Clone)]
pub enum RemoteContent {
    /// A single file of resources.
    File(Vec<u8>),
    /// A directory tree (for a git remote: the whole repository); the build
    /// enters [`RemoteTarget::root`] in it as a nested kustomization.
    Tree(MemoryFs),
}

/// A remote resource, as written in a kustomization and as parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTarget {
    /// The reference exactly as written.
    pub url: String,
    /// How it is fetched.
    pub kind: RemoteKind,
}

/// How a remote resource is fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteKind {
    /// A plain HTTP(S) file URL.
    Http,
    /// A git repository (and a kustomization root inside it).
    Git(RepoSpec),
}

/// Errors of fetching a remote resource; each names the URL.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// The reference is not a URL kustomize understands.
    #[error("invalid remote url '{url}': {reason}")]
    InvalidUrl {
        /// The reference.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Fetching git repositories is not implemented by this loader.
    #[error(
        "git remote bases are not supported yet by oxbow kustomize build: vendor the base or use a GitRepository ('{0}')"
    )]
    GitUnsupported(String),
    /// The content is bigger than the loader's limit.
    #[error("remote '{url}' is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The fetch did not finish in time.
    #[error("fetching '{url}' timed out after {after:?}")]
    Timeout {
        /// The URL.
        url: String,
        /// The time allowed.
        after: Duration,
    },
    /// The server answered with an error status.
    #[error("fetching '{url}' failed with HTTP status {status}")]
    Status {
        /// The URL.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// Any other failure of the fetch.
    #[error("failed to fetch '{url}'")]
    Fetch {
        /// The URL.
        url: String,
        /// The cause.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A remote kustomization includes itself through some chain of remotes.
    #[error("cycle detected: remote '{candidate}' is already being built as '{visited}'")]
    Cycle {
        /// The remote about to be entered.
        candidate: String,
        /// The remote already being built.
        visited: String,
    },
    /// Too many remotes in one build.
    #[error("more than {limit} remote resources loaded (at '{url}')")]
    TooMany {
        /// The remote that went over.
        url: String,
        /// The limit.
        limit: usize,
    },
}

impl RemoteTarget {
    /// Parses a reference the way kustomize decides between an HTTP file and a
    /// git repository: `http(s)://` URLs are files unless they carry a git
    /// marker (`//` root separator, `.git`, `_git/`, a git query parameter, or
    /// the github.com host); every other remote form is a git repository.
    pub fn parse(url: &str) -> Result<Self, RemoteError> {
        let lower = url.to_ascii_lowercase();
        let http = lower.starts_with("https://") || lower.starts_with("http://");
        let kind = if http && !looks_like_git(url) {
            RemoteKind::Http
        } else {
            RemoteKind::Git(RepoSpec::parse(url)?)
        };
        Ok(RemoteTarget {
            url: url.to_string(),
            kind,
        })
    }

    /// The directory, inside [`RemoteContent::Tree`], to build.
    pub fn root(&self) -> &str {
        match &self.kind {
            RemoteKind::Http => "",
            RemoteKind::Git(spec) => &spec.kust_root_path,
        }
    }

    /// Identity used for cycle detection: the same repository at the same ref.
    pub(crate) fn repo_key(&self) -> String {
        match &self.kind {
            RemoteKind::Http => self.url.clone(),
            RemoteKind::Git(spec) => format!("{}@{}", spec.clone_spec(), spec.git_ref),
        }
    }
}

fn looks_like_git(url: &str) -> bool {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let host = after_scheme
        .split('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let git_query = query::parse(query).is_some_and(|q| {
        ["ref", "version", "submodules", "timeout"]
            .iter()
            .any(|k| q.contains_key(*k))
    });
    host == "github.com"
        || host.ends_with("@github.com")
        || after_scheme.contains("//")
        || after_scheme.contains(".git")
        || after_scheme.contains("_git/")
        || git_query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_https_files_are_http_and_repositories_are_git() {
        for url in [
            "https://example.com/a/b.yaml",
            "http://127.0.0.1:8080/x.yaml",
        ] {
            assert_eq!(
                RemoteTarget::parse(url).unwrap().kind,
                RemoteKind::Http,
                "{url}"
            );
        }
        for url in [
            "https://github.com/org/repo/dir",
            "https://example.com/org/repo.git/dir",
            "https://example.com/org/repo//dir",
            "https://example.com/org/repo?ref=v1",
            "git::https://example.com/org/repo",
            "github.com/org/repo//dir?ref=v1",
            "git@gitlab.com:org/repo.git",
            "ssh://git@example.com/org/repo.git",
        ] {
            let t = RemoteTarget::parse(url).unwrap();
            assert!(matches!(t.kind, RemoteKind::Git(_)), "{url}");
        }
    }
}
