//! The build error: what failed, naming the file, field or resource involved.

use crate::fs::FsError;
use crate::kustomization::KustomizationError;
use crate::patch::PatchError;
use crate::yaml::YamlError;

/// Errors of a kustomize build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Reading a file failed or the path is not allowed.
    #[error(transparent)]
    Fs(#[from] FsError),
    /// A file is not valid YAML.
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// A kustomization file is invalid.
    #[error(transparent)]
    Kustomization(#[from] KustomizationError),
    /// A patch could not be applied.
    #[error(transparent)]
    Patch(#[from] PatchError),
    /// A directory holds no kustomization file.
    #[error(
        "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{0}'"
    )]
    MissingKustomization(String),
    /// A directory holds more than one kustomization file.
    #[error("found multiple kustomization files under: {0}")]
    MultipleKustomizations(String),
    /// A kustomization includes itself through some chain.
    #[error("cycle detected: candidate root '{candidate}' contains visited root '{visited}'")]
    Cycle {
        /// The directory about to be entered.
        candidate: String,
        /// The directory already being built.
        visited: String,
    },
    /// A file outside the kustomization directory under `LoadRestrictionsRootOnly`.
    #[error("security; file '{path}' is not in or below '{root}'")]
    Restricted {
        /// The file.
        path: String,
        /// The kustomization directory.
        root: String,
    },
    /// Remote resources are disabled.
    #[error(
        "remote resource '{0}' is not allowed: remote resources are disabled (enable them with `oxbow kustomize build --allow-remote-resources`, or a remote loader in BuildOptions)"
    )]
    Remote(String),
    /// A remote URL where only a local file is supported (patches, generator files, …).
    #[error("remote file '{0}' is not supported here: only resources and components may be remote")]
    RemoteFile(String),
    /// Fetching or entering a remote resource failed.
    #[error(transparent)]
    RemoteLoad(#[from] crate::remote::RemoteError),
    /// Helm chart inflation is disabled.
    #[error("helm chart inflation is not enabled (helmCharts in '{0}')")]
    Helm(String),
    /// Two resources have the same id.
    #[error("may not add resource with an already registered id: {0}")]
    Conflict(String),
    /// A resource document is malformed.
    #[error("invalid resource in '{path}': {message}")]
    Resource {
        /// Where it came from.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A transformer or generator configuration is invalid, or it failed.
    #[error("{0}")]
    Config(String),
}

impl BuildError {
    /// Shorthand for [`BuildError::Config`].
    pub fn config(msg: impl Into<String>) -> Self {
        BuildError::Config(msg.into())
    }
}
