//! Artifact storage shared by the source kinds and their consumers: the storage
//! layout `<kind>/<namespace>/<name>/<file>`, reproducible tar.gz archives of a
//! directory filtered by gitignore-style rules, digests, atomic writes with
//! per-artifact locking, garbage collection, and bounded, path-safe extraction.

mod archive;
mod digest;
mod filter;
mod gc;
mod storage;
mod untar;

use std::path::PathBuf;

pub use archive::{ArchiveStats, write_archive};
pub use digest::{Digester, digest_file, sha256_digest};
pub use filter::{DEFAULT_EXCLUSIONS, Filter, VCS_EXCLUSIONS};
pub use gc::RetentionPolicy;
pub use storage::{ArtifactLock, LATEST_FILE, Storage, StoredArtifact};
pub use untar::{untar, verify_digest};

/// The default bound on an artifact's size: 100 MiB (`--max-artifact-size`).
pub const DEFAULT_MAX_SIZE: u64 = 100 << 20;

/// A storage, archive or extraction operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    /// A file system operation failed.
    #[error("failed to {op} '{}'", path.display())]
    Io {
        /// What was attempted (`create`, `read`, `rename`, …).
        op: &'static str,
        /// The path it was attempted on.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The archive (or its uncompressed content) exceeds the size limit.
    #[error("artifact exceeds the size limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A symlink in the tree points outside its root.
    #[error("symlink '{path}' points outside the source root")]
    SymlinkEscapes {
        /// The symlink's path relative to the root.
        path: String,
    },
    /// A path is absolute, contains `..` or otherwise leaves its root.
    #[error("illegal path '{path}'")]
    IllegalPath {
        /// The offending path.
        path: String,
    },
    /// An archive entry is neither a regular file nor a directory.
    #[error("unsupported entry type for '{path}' in archive")]
    UnsupportedEntry {
        /// The entry's path.
        path: String,
    },
    /// An ignore rule could not be parsed.
    #[error("invalid ignore rule")]
    Ignore(#[source] ignore::Error),
    /// The content's digest differs from the advertised one.
    #[error("digest mismatch: expected '{expected}', got '{actual}'")]
    DigestMismatch {
        /// The advertised digest.
        expected: String,
        /// The digest of what was received.
        actual: String,
    },
    /// The digest uses an algorithm other than sha256.
    #[error("unsupported digest '{0}'")]
    UnsupportedDigest(String),
}

impl ArtifactError {
    pub(crate) fn io(
        op: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { op, path, source }
    }
}

#[cfg(test)]
mod tests;
