//! Oxbow's Git client, without a `git` binary and without OpenSSL: the
//! upload-pack protocol (v0) over smart HTTP(S), `git://` and SSH is spoken here,
//! libgit2 only indexes the received pack and reads objects. Checkouts stay
//! inside their directory; submodules and commit/tag signature verification
//! (OpenPGP, SSH) are included. No Kubernetes types: callers pass plain
//! [`Credentials`] and a [`Reference`]. Used by the source-controller
//! (GitRepository) and by `oxbow kustomize build` (git remote bases).

pub mod advertisement;
pub mod auth;
pub mod checkout;
mod negotiate;
mod pktline;
pub mod refs;
mod submodules;
pub mod transport;
pub mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use advertisement::Advertisement;
pub use auth::Credentials;
pub use checkout::CommitInfo;
pub use refs::{Reference, Selection};
pub use transport::Remote;

/// A Git operation failed.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The URL cannot be parsed or has no host.
    #[error("invalid URL '{0}'")]
    InvalidUrl(String),
    /// The URL scheme is not supported.
    #[error("unsupported URL scheme '{0}'")]
    UnsupportedScheme(String),
    /// A ref in the spec is malformed.
    #[error("{0}")]
    InvalidRef(String),
    /// The Secret's content is unusable (the text names the key, never its value).
    #[error("invalid credentials: {0}")]
    InvalidCredentials(&'static str),
    /// The Secret lacks what the transport requires (Flux: `AuthenticationFailed`).
    #[error("failed to configure authentication options: {0}")]
    AuthOptions(&'static str),
    /// The SSH transport failed (host key, authentication, channel).
    #[error(transparent)]
    Ssh(transport::SshError),
    /// A submodule could not be fetched or checked out.
    #[error("failed to update submodule '{0}'")]
    Submodule(String, #[source] Box<GitError>),
    /// A gitlink has no URL in `.gitmodules`.
    #[error("no url for submodule path '{0}' in .gitmodules")]
    SubmoduleUrl(String),
    /// The server refused the credentials.
    #[error("authentication required: the server answered HTTP {0}")]
    AuthenticationFailed(u16),
    /// The repository does not exist (or is not exported).
    #[error("repository not found")]
    RepositoryNotFound,
    /// The wanted branch, tag or ref is not on the remote.
    #[error("couldn't find remote ref '{0}'")]
    RefNotFound(String),
    /// No tag satisfies the semver range.
    #[error("no tag matches semver range '{0}'")]
    NoMatchingTag(String),
    /// The wanted commit is not in what was fetched.
    #[error("commit '{0}' not found")]
    CommitNotFound(String),
    /// The server answered with an unexpected HTTP status.
    #[error("unexpected HTTP status {0}")]
    HttpStatus(u16),
    /// An HTTP request failed.
    #[error("http request failed")]
    Http(#[source] reqwest::Error),
    /// A TCP connection failed.
    #[error("connection failed")]
    Connect(#[source] std::io::Error),
    /// The operation took longer than `spec.timeout`.
    #[error("operation timed out after {0:?}")]
    Timeout(Duration),
    /// The server broke the protocol.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The server reported an error.
    #[error("remote error: {0}")]
    Remote(String),
    /// The pack exceeds its bound.
    #[error("fetched data exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The bound in bytes.
        limit: u64,
    },
    /// A tree entry would leave the checkout or write into `.git`.
    #[error("unsafe path '{0}' in repository tree")]
    UnsafePath(String),
    /// A local file operation failed.
    #[error("i/o error")]
    Io(#[source] std::io::Error),
    /// libgit2 failed.
    #[error("libgit2")]
    Libgit2(#[source] git2::Error),
}

impl GitError {
    /// Whether the user must change the input (URL, ref, credentials) before a
    /// retry can succeed; every other failure may be transient.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Self::InvalidUrl(_)
                | Self::UnsupportedScheme(_)
                | Self::InvalidRef(_)
                | Self::InvalidCredentials(_)
        )
    }
}

/// A checkout on disk: the tree under `dir`, the scratch repository beside it.
#[derive(Debug)]
pub struct Checkout {
    /// The working tree.
    pub dir: PathBuf,
    /// The scratch bare repository (objects for verification).
    pub git_dir: PathBuf,
    /// The commit checked out.
    pub commit: CommitInfo,
}

/// Fetches `selection` from `remote` into `workdir` and checks it out.
pub async fn clone(
    remote: &Remote,
    selection: &Selection,
    workdir: &Path,
    sparse: &[String],
    pack_limit: u64,
) -> Result<Checkout, GitError> {
    let pack = workdir.join("fetch.pack");
    remote
        .fetch(&selection.wants, selection.depth, &pack, pack_limit)
        .await?;
    let git_dir = workdir.join("repo.git");
    let dir = workdir.join("checkout");
    let commit = selection.commit.clone();
    let sparse = sparse.to_vec();
    let (git, out) = (git_dir.clone(), dir.clone());
    let info = tokio::task::spawn_blocking(move || {
        let repo = checkout::index_pack(&git, &pack)?;
        let _ = std::fs::remove_file(&pack);
        checkout::checkout(&repo, &commit, &out, &sparse)
    })
    .await
    .map_err(|e| GitError::Io(std::io::Error::other(e)))??;
    if remote.recurse_submodules() {
        submodules::update(remote, &git_dir, &info.id, &dir, workdir, pack_limit).await?;
    }
    Ok(Checkout {
        dir,
        git_dir,
        commit: info,
    })
}
