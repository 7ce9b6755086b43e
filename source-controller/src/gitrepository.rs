//! The GitRepository reconciler, in Flux's order: check the stored artifact,
//! resolve the wanted revision from the remote's refs, skip the clone when the
//! artifact of that revision (built with the same ignore, include and sparse
//! settings, verified in the same mode) is still in storage, else clone, verify
//! signatures (`spec.verify`), build the reproducible tarball, store it, collect
//! garbage and report it in status and events.

mod artifact;
mod include;
mod source;
mod verification;

use std::sync::Arc;

use kube::ResourceExt;
use oxbow_api::constants::source::{
    ARCHIVE_OPERATION_FAILED_REASON, AUTHENTICATION_FAILED_REASON, GIT_OPERATION_FAILED_REASON,
    INCLUDE_UNAVAILABLE_REASON, INVALID_COMMIT_SIGNATURE_REASON, INVALID_GIT_OBJECT_REASON,
    INVALID_TAG_SIGNATURE_REASON, INVALID_VERIFICATION_MODE_REASON, URL_INVALID_REASON,
    VERIFICATION_ERROR_REASON,
};
use oxbow_api::constants::{FETCH_FAILED_CONDITION, STORAGE_OPERATION_FAILED_CONDITION};
use oxbow_api::source::GitRepository;
use oxbow_common::artifact::{ArtifactError, Storage};
use oxbow_common::runtime::conditions::ConditionSet;
use oxbow_common::runtime::object::FluxObject;
use oxbow_common::runtime::outcome::{Classify, ErrorClass, Failure, Outcome};
use oxbow_common::runtime::runner::{Context, Reconciler};

use oxbow_common::runtime::api_error::ApiCause;
use oxbow_git::GitError;
use oxbow_git::verify::VerifyError;

use crate::server::ArtifactServer;

/// A GitRepository reconcile failed.
#[derive(Debug, thiserror::Error)]
pub enum GitRepositoryError {
    /// A Secret named in the spec could not be read.
    #[error("failed to get secret '{namespace}/{name}'")]
    Secret {
        /// The Secret's namespace.
        namespace: String,
        /// The Secret's name.
        name: String,
        /// The cause.
        #[source]
        source: ApiCause,
    },
    /// Resolving, fetching or checking out the revision failed.
    #[error("failed to checkout and determine revision")]
    Git(#[source] GitError),
    /// Building or storing the artifact failed.
    #[error("failed to store artifact")]
    Storage(#[source] ArtifactError),
    /// An included GitRepository is missing or has no artifact.
    #[error("{0}")]
    IncludeUnavailable(String),
    /// The verification Secret could not be read.
    #[error("PGP public keys secret error")]
    VerificationSecret(#[source] ApiCause),
    /// `spec.verify.mode` asks to verify a tag, but the reference is no tag.
    #[error("cannot verify tag object's signature if a tag reference is not specified")]
    VerificationMode,
    /// The tag to verify carries no signature (or is a lightweight tag).
    #[error("cannot verify signature of tag '{0}' since it is not signed")]
    UnsignedTag(String),
    /// The tag's signature did not verify.
    #[error("signature verification of tag '{tag}' failed")]
    TagSignature {
        /// `<name>@<tag object id>`.
        tag: String,
        /// Why.
        #[source]
        source: VerifyError,
    },
    /// The commit's signature did not verify.
    #[error("signature verification of commit '{commit}' failed")]
    CommitSignature {
        /// The commit id.
        commit: String,
        /// Why.
        #[source]
        source: VerifyError,
    },
    /// Signature verification stopped before it could decide (its task failed).
    #[error("signature verification aborted: {0}")]
    VerificationAborted(String),
    /// A scratch directory could not be created.
    #[error("failed to create temporary working directory")]
    Workdir(#[source] std::io::Error),
}

impl Classify for GitRepositoryError {
    fn class(&self) -> ErrorClass {
        match self {
            // Secrets are not watched: a fixed Secret is picked up by a retry, as in Flux.
            Self::Git(GitError::InvalidCredentials(_)) => ErrorClass::Transient,
            Self::Git(e) if e.is_invalid_input() => ErrorClass::Stalling,
            Self::IncludeUnavailable(_) => ErrorClass::Waiting,
            Self::VerificationMode => ErrorClass::Stalling,
            _ => ErrorClass::Transient,
        }
    }

    fn reason(&self) -> &str {
        match self {
            Self::Secret { .. } => AUTHENTICATION_FAILED_REASON,
            Self::Git(e) => git_reason(e),
            Self::Storage(_) | Self::Workdir(_) => ARCHIVE_OPERATION_FAILED_REASON,
            Self::IncludeUnavailable(_) => INCLUDE_UNAVAILABLE_REASON,
            Self::VerificationSecret(_) | Self::VerificationAborted(_) => VERIFICATION_ERROR_REASON,
            Self::VerificationMode => INVALID_VERIFICATION_MODE_REASON,
            Self::UnsignedTag(_) => INVALID_GIT_OBJECT_REASON,
            Self::TagSignature { .. } => INVALID_TAG_SIGNATURE_REASON,
            Self::CommitSignature { .. } => INVALID_COMMIT_SIGNATURE_REASON,
        }
    }
}

/// Flux's condition reason for a Git failure.
fn git_reason(error: &GitError) -> &'static str {
    match error {
        GitError::InvalidUrl(_) | GitError::UnsupportedScheme(_) => URL_INVALID_REASON,
        // A server refusing the credentials fails the clone itself, which Flux
        // reports as GitOperationFailed; only unusable auth options are
        // AuthenticationFailed.
        GitError::InvalidCredentials(_) | GitError::AuthOptions(_) => AUTHENTICATION_FAILED_REASON,
        _ => GIT_OPERATION_FAILED_REASON,
    }
}

type Result<T, E = GitRepositoryError> = std::result::Result<T, E>;

/// Reconciles GitRepositories into artifacts in `storage`.
#[derive(Clone, Debug)]
pub struct GitRepositoryReconciler {
    storage: Arc<Storage>,
    server: ArtifactServer,
    max_size: u64,
}

impl GitRepositoryReconciler {
    /// A reconciler storing artifacts of at most `max_size` bytes in `storage`.
    pub fn new(storage: Arc<Storage>, server: ArtifactServer, max_size: u64) -> Self {
        Self {
            storage,
            server,
            max_size,
        }
    }

    /// The artifact server.
    pub fn server(&self) -> &ArtifactServer {
        &self.server
    }

    /// The artifact storage.
    pub fn storage(&self) -> &Arc<Storage> {
        &self.storage
    }
}

impl Reconciler<GitRepository> for GitRepositoryReconciler {
    type Error = GitRepositoryError;

    async fn reconcile(&self, object: &mut GitRepository, ctx: &Context) -> Result<Outcome> {
        self.server.ensure_started().await;
        artifact::forget_missing(object, &self.storage);
        verification::reset(object);
        let fetched = match source::fetch(self, object, ctx).await {
            Ok(fetched) => fetched,
            Err(error) => {
                mark(object, FETCH_FAILED_CONDITION, &error);
                return Err(error);
            }
        };
        let stored = match artifact::store(self, object, fetched, ctx).await {
            Ok(stored) => stored,
            Err(error) => {
                if matches!(
                    error,
                    GitRepositoryError::Storage(_) | GitRepositoryError::Workdir(_)
                ) {
                    mark(object, STORAGE_OPERATION_FAILED_CONDITION, &error);
                } else if matches!(error, GitRepositoryError::Git(_)) {
                    mark(object, FETCH_FAILED_CONDITION, &error);
                }
                return Err(error);
            }
        };
        Ok(Outcome::ready(format!(
            "stored artifact for revision '{stored}'"
        )))
    }

    async fn finalize(&self, object: &GitRepository, _ctx: &Context) -> Result<()> {
        let dir = Storage::object_dir(
            "GitRepository",
            &object.namespace().unwrap_or_default(),
            &object.name_any(),
        );
        let storage = self.storage.clone();
        tokio::task::spawn_blocking(move || storage.remove_all(&dir))
            .await
            .map_err(|e| GitRepositoryError::Workdir(std::io::Error::other(e)))?
            .map_err(GitRepositoryError::Storage)
    }
}

/// Sets `type_=True` with the error's reason and message.
fn mark(object: &mut GitRepository, type_: &str, error: &GitRepositoryError) {
    let failure = Failure::from_error(error);
    let generation = object.metadata.generation;
    ConditionSet::new(object.conditions_mut(), generation).mark_true(
        type_,
        &failure.reason,
        &failure.message,
    );
}
