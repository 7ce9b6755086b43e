//! Root-confined file access: every path the engine reads is a normalised path
//! relative to the build root, and nothing outside that root is reachable.

mod disk;
mod memory;

pub use disk::DiskFs;
pub use memory::MemoryFs;

/// Largest file the engine reads by default (bytes).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// Errors of the root-confined filesystem.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// The path is absolute, or `..` leaves the build root.
    #[error("path '{0}' is outside the build root")]
    OutsideRoot(String),
    /// A symlink resolves to a target outside the build root.
    #[error("path '{0}' is a symlink that leaves the build root")]
    SymlinkEscape(String),
    /// The path does not exist.
    #[error("path '{0}' does not exist")]
    NotFound(String),
    /// The file is bigger than the configured limit.
    #[error("file '{path}' is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The offending file.
        path: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Any other I/O error.
    #[error("failed to read '{path}'")]
    Io {
        /// The file being read.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// What a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
}

/// A filesystem whose paths are normalised, root-relative and `/`-separated
/// (`""` is the root itself).
pub trait FileSystem: Send + Sync {
    /// Reads a whole file.
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError>;
    /// Tells whether the path is a file, a directory, or absent.
    fn kind(&self, path: &str) -> Result<Option<EntryKind>, FsError>;
    /// The path with symlinks resolved (still root-relative), or `None`
    /// when nothing exists there. Filesystems without symlinks return the
    /// path itself.
    fn real_path(&self, path: &str) -> Result<Option<String>, FsError> {
        Ok(Some(path.to_string()))
    }
}

/// Joins `rel` onto the directory `base` and normalises the result, refusing
/// absolute paths and `..` that climb above the root.
pub fn join(base: &str, rel: &str) -> Result<String, FsError> {
    if rel.starts_with('/') || rel.starts_with('\\') || has_drive_prefix(rel) {
        return Err(FsError::OutsideRoot(rel.to_string()));
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(FsError::OutsideRoot(display_join(base, rel)));
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

fn has_drive_prefix(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic()
}

fn display_join(base: &str, rel: &str) -> String {
    if base.is_empty() {
        rel.to_string()
    } else {
        format!("{base}/{rel}")
    }
}

/// The parent directory of a normalised path (`""` for top-level entries).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    }
}

/// True when `path` is `dir` or lies below it.
pub fn is_within(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || path == dir
        || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises_relative_paths() {
        assert_eq!(join("a/b", "../c/./d.yaml").unwrap(), "a/c/d.yaml");
        assert_eq!(join("", "x").unwrap(), "x");
        assert_eq!(join("a", "..").unwrap(), "");
    }

    #[test]
    fn refuses_paths_leaving_the_root() {
        assert!(matches!(join("a", "../../x"), Err(FsError::OutsideRoot(_))));
        assert!(matches!(
            join("a", "/etc/passwd"),
            Err(FsError::OutsideRoot(_))
        ));
    }

    #[test]
    fn within_checks_component_boundaries() {
        assert!(is_within("ab/c", "ab"));
        assert!(!is_within("abc/d", "ab"));
        assert!(is_within("x", ""));
    }
}
