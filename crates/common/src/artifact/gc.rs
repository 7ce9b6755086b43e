//! Garbage collection of old archives, with Flux's rule: drop what is older than
//! the TTL, then the oldest until at most `records` remain.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::ArtifactError;

/// `--artifact-retention-ttl` and `--artifact-retention-records`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Age after which a superseded archive is deleted.
    pub ttl: Duration,
    /// How many archives (the current one included) are kept at most.
    pub records: usize,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(60),
            records: 2,
        }
    }
}

/// Deletes the garbage in `dir` and returns the names of the deleted files.
pub(crate) fn collect(
    dir: &Path,
    current: &Path,
    policy: &RetentionPolicy,
) -> Result<Vec<String>, ArtifactError> {
    let now = SystemTime::now();
    let mut candidates = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(ArtifactError::io("read", dir))? {
        let entry = entry.map_err(ArtifactError::io("read", dir))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let meta = entry.metadata().map_err(ArtifactError::io("stat", &path))?;
        if path == current || name.starts_with('.') || !meta.file_type().is_file() {
            continue;
        }
        let modified = meta.modified().map_err(ArtifactError::io("stat", &path))?;
        candidates.push((modified, name));
    }
    // Newest first; the current archive counts as one kept record.
    candidates.sort_by(|a, b| b.cmp(a));
    let keep = policy.records.saturating_sub(1);
    let mut deleted = Vec::new();
    for (index, (modified, name)) in candidates.into_iter().enumerate() {
        let expired = now.duration_since(modified).unwrap_or_default() > policy.ttl;
        if expired || index >= keep {
            let path = dir.join(&name);
            std::fs::remove_file(&path).map_err(ArtifactError::io("remove", &path))?;
            deleted.push(name);
        }
    }
    Ok(deleted)
}
