//! The on-disk filesystem, confined to a root directory: symlinks are resolved
//! and refused when their target leaves the root.

use std::path::{Path, PathBuf};

use super::{DEFAULT_MAX_FILE_SIZE, EntryKind, FileSystem, FsError};

/// A directory tree on disk seen through root-relative paths.
#[derive(Debug, Clone)]
pub struct DiskFs {
    root: PathBuf,
    max_file_size: u64,
}

impl DiskFs {
    /// Opens `root` (which must exist) as the build root.
    pub fn new(root: impl AsRef<Path>) -> Result<Self, FsError> {
        let shown = root.as_ref().display().to_string();
        let root = std::fs::canonicalize(root.as_ref()).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => FsError::NotFound(shown.clone()),
            _ => FsError::Io {
                path: shown.clone(),
                source,
            },
        })?;
        Ok(Self {
            root,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        })
    }

    /// Changes the largest file size read.
    pub fn with_max_file_size(mut self, limit: u64) -> Self {
        self.max_file_size = limit;
        self
    }

    /// The canonical root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves a root-relative path to a real path inside the root, or `None`
    /// when nothing exists there.
    fn resolve(&self, path: &str) -> Result<Option<PathBuf>, FsError> {
        let joined = self.root.join(path);
        match std::fs::canonicalize(&joined) {
            Ok(real) if real.starts_with(&self.root) => Ok(Some(real)),
            Ok(_) => Err(FsError::SymlinkEscape(path.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symlink is reported as missing, never followed.
                Ok(None)
            }
            Err(source) => Err(FsError::Io {
                path: path.to_string(),
                source,
            }),
        }
    }
}

impl FileSystem for DiskFs {
    fn real_path(&self, path: &str) -> Result<Option<String>, FsError> {
        Ok(self.resolve(path)?.map(|real| {
            real.strip_prefix(&self.root)
                .unwrap_or(&real)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        }))
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        let real = self
            .resolve(path)?
            .ok_or_else(|| FsError::NotFound(path.to_string()))?;
        let io = |source| FsError::Io {
            path: path.to_string(),
            source,
        };
        let meta = std::fs::metadata(&real).map_err(io)?;
        if meta.len() > self.max_file_size {
            return Err(FsError::TooLarge {
                path: path.to_string(),
                limit: self.max_file_size,
            });
        }
        let io = |source| FsError::Io {
            path: path.to_string(),
            source,
        };
        let data = std::fs::read(&real).map_err(io)?;
        if data.len() as u64 > self.max_file_size {
            return Err(FsError::TooLarge {
                path: path.to_string(),
                limit: self.max_file_size,
            });
        }
        Ok(data)
    }

    fn kind(&self, path: &str) -> Result<Option<EntryKind>, FsError> {
        let Some(real) = self.resolve(path)? else {
            return Ok(None);
        };
        let io = |source| FsError::Io {
            path: path.to_string(),
            source,
        };
        let meta = std::fs::metadata(&real).map_err(io)?;
        Ok(Some(if meta.is_dir() {
            EntryKind::Dir
        } else {
            EntryKind::File
        }))
    }
}
