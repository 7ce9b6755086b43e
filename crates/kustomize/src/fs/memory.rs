//! An in-memory filesystem, for tests, fuzzing and callers that already hold
//! the files (for example an unpacked artifact).

use std::collections::BTreeMap;

use super::{EntryKind, FileSystem, FsError};

/// Files held in memory, keyed by normalised root-relative path.
#[derive(Debug, Default, Clone)]
pub struct MemoryFs {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryFs {
    /// An empty filesystem.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file; the path is normalised first.
    pub fn add(&mut self, path: &str, content: impl Into<Vec<u8>>) -> Result<(), FsError> {
        let norm = super::join("", path)?;
        self.files.insert(norm, content.into());
        Ok(())
    }

    /// Total size of all files, in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|f| f.len() as u64).sum()
    }

    /// Builder form of [`MemoryFs::add`] for literals in tests; invalid paths are ignored.
    pub fn with(mut self, path: &str, content: &str) -> Self {
        let _ = self.add(path, content.as_bytes().to_vec());
        self
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| FsError::NotFound(path.to_string()))
    }

    fn kind(&self, path: &str) -> Result<Option<EntryKind>, FsError> {
        if self.files.contains_key(path) {
            return Ok(Some(EntryKind::File));
        }
        if path.is_empty() {
            return Ok(Some(EntryKind::Dir));
        }
        let prefix = format!("{path}/");
        let is_dir = self
            .files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix));
        Ok(is_dir.then_some(EntryKind::Dir))
    }
}
