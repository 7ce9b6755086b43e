//! Loading a chart directory: `.helmignore` applied, symlinks followed only while
//! they stay inside the chart root, sizes bounded.
//!
//! The walk takes each entry's type from the directory listing (`d_type`, free
//! with `getdents`), so only real symlinks are resolved and checked against the
//! root; every other entry is inside the root by construction (its parent
//! directory is). A file costs one open, one `fstat` and one read.

use std::ffi::OsString;
use std::fs::FileType;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::helmignore::Rules;
use super::{MAX_FILE_SIZE, MAX_TOTAL_SIZE, load_files};
use crate::chart::{Chart, File};
use crate::error::{Error, Result};

/// Deepest directory nesting walked.
const MAX_DIR_DEPTH: usize = 64;

/// The ignore file, read before the walk and reused when the walk reaches it.
const HELMIGNORE: &str = ".helmignore";

/// Loads a chart from a directory.
pub fn load_dir(dir: &Path) -> Result<Chart> {
    // The canonical root is needed only to check symlinks; a chart without
    // any is never resolved (a `readlink` per path component saved).
    std::fs::metadata(dir).map_err(|e| Error::Load {
        chart: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    load_existing_dir(dir)
}

/// [`load_dir`] of a path already known to be a directory (one `statx`
/// saved).
pub(super) fn load_existing_dir(dir: &Path) -> Result<Chart> {
    let chart = dir.display().to_string();
    let err = |reason: String| Error::Load {
        chart: chart.clone(),
        reason,
    };
    let helmignore = read_helmignore(dir).map_err(err)?;
    let rules = match helmignore.as_deref().map(std::str::from_utf8) {
        Some(Ok(text)) => Rules::parse(text).map_err(|e| err(format!(".helmignore: {e}")))?,
        _ => {
            let mut r = Rules::default();
            r.add_defaults();
            r
        }
    };
    let mut walker = Walker {
        dir,
        root: None,
        rules,
        helmignore,
        files: Vec::new(),
        total: 0,
    };
    walker.walk(dir, "", 0).map_err(err)?;
    load_files(walker.files)
}

struct Walker<'a> {
    /// The chart directory as given.
    dir: &'a Path,
    /// The chart directory, canonical (resolved at the first symlink).
    root: Option<PathBuf>,
    rules: Rules,
    /// The root's `.helmignore` as read for the rules (taken when walked).
    helmignore: Option<Vec<u8>>,
    files: Vec<File>,
    total: u64,
}

/// What a directory entry turned out to be, symlinks resolved.
enum Kind {
    Dir(PathBuf),
    /// A regular file (its size is learnt when it is opened).
    File(PathBuf),
    /// A symlink to a regular file, with its size.
    LinkedFile(PathBuf, u64),
    Irregular,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, rel: &str, depth: usize) -> std::result::Result<(), String> {
        if depth > MAX_DIR_DEPTH {
            return Err(format!("directory {rel:?} is nested too deeply"));
        }
        let mut entries: Vec<(OsString, std::io::Result<FileType>)> = std::fs::read_dir(dir)
            .map_err(|e| format!("reading {rel:?}: {e}"))?
            .filter_map(|e| e.ok())
            .map(|e| (e.file_name(), e.file_type()))
            .collect();
        // Lexical order, like Go's filepath.Walk.
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (file_name, file_type) in entries {
            let path = dir.join(&file_name);
            let name = file_name
                .into_string()
                .unwrap_or_else(|n| n.to_string_lossy().into_owned());
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                let mut p = String::with_capacity(rel.len() + 1 + name.len());
                p.push_str(rel);
                p.push('/');
                p.push_str(&name);
                p
            };
            let file_type = file_type.map_err(|e| format!("resolving {rel_path:?}: {e}"))?;
            let kind = if file_type.is_symlink() {
                self.resolve_link(&path, &rel_path)?
            } else if file_type.is_dir() {
                Kind::Dir(path)
            } else if file_type.is_file() {
                Kind::File(path)
            } else {
                Kind::Irregular
            };
            if let Kind::Dir(target) = kind {
                if self.rules.ignore(&rel_path, true) {
                    continue;
                }
                self.walk(&target, &rel_path, depth + 1)?;
                continue;
            }
            if self.rules.ignore(&rel_path, false) {
                continue;
            }
            let mut data = match kind {
                Kind::Irregular | Kind::Dir(_) => {
                    return Err(format!("cannot load irregular file {rel_path:?}"));
                }
                Kind::File(_)
                    if rel.is_empty() && name == HELMIGNORE && self.reuse_helmignore() =>
                {
                    self.helmignore.take().unwrap_or_default()
                }
                Kind::File(path) => self.read(&path, &rel_path, &name, None)?,
                Kind::LinkedFile(target, len) => self.read(&target, &rel_path, &name, Some(len))?,
            };
            if data.starts_with(b"\xEF\xBB\xBF") {
                data.drain(..3);
            }
            self.files.push(File {
                name: rel_path,
                data,
            });
        }
        Ok(())
    }

    /// Resolves a symlink; it may point anywhere inside the chart root, never
    /// outside it (a chart must not read the host's files).
    fn resolve_link(&mut self, path: &Path, rel_path: &str) -> std::result::Result<Kind, String> {
        let target = path
            .canonicalize()
            .map_err(|e| format!("resolving {rel_path:?}: {e}"))?;
        let root = match self.root.take() {
            Some(root) => root,
            None => self.dir.canonicalize().map_err(|e| e.to_string())?,
        };
        let inside = target.starts_with(&root);
        self.root = Some(root);
        if !inside {
            return Err(format!(
                "{rel_path:?} is a symlink pointing outside the chart"
            ));
        }
        let meta = std::fs::metadata(&target).map_err(|e| format!("{rel_path:?}: {e}"))?;
        Ok(if meta.is_dir() {
            Kind::Dir(target)
        } else if meta.is_file() {
            Kind::LinkedFile(target, meta.len())
        } else {
            Kind::Irregular
        })
    }

    /// Whether the `.helmignore` read for the rules can stand for the walked
    /// file: it can when within the size bounds (it was read whole).
    fn reuse_helmignore(&mut self) -> bool {
        let Some(len) = self.helmignore.as_ref().map(|d| d.len() as u64) else {
            return false;
        };
        if len > MAX_FILE_SIZE || self.total + len > MAX_TOTAL_SIZE {
            return false;
        }
        self.total += len;
        true
    }

    /// Reads a file with one open, one `fstat` (unless the size is known) and
    /// one read, bounded by the file and chart size limits.
    fn read(
        &mut self,
        path: &Path,
        rel_path: &str,
        name: &str,
        known_len: Option<u64>,
    ) -> std::result::Result<Vec<u8>, String> {
        let reading = |e: std::io::Error| format!("error reading {rel_path}: {e}");
        let file = std::fs::File::open(path).map_err(reading)?;
        let len = match known_len {
            Some(len) => len,
            None => {
                let meta = file.metadata().map_err(|e| format!("{rel_path:?}: {e}"))?;
                if !meta.is_file() {
                    return Err(format!("cannot load irregular file {rel_path:?}"));
                }
                meta.len()
            }
        };
        if len > MAX_FILE_SIZE {
            return Err(format!(
                "chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            ));
        }
        self.total += len;
        if self.total > MAX_TOTAL_SIZE {
            return Err(format!("chart is larger than {MAX_TOTAL_SIZE} bytes"));
        }
        read_exactly(file, len).map_err(reading)
    }
}

/// The root's `.helmignore` for the rules (`None`: no readable file), with one
/// open, one `fstat` and one read, bounded by the per-file limit like every
/// other chart file (it is read before the walk that enforces the limits).
fn read_helmignore(dir: &Path) -> std::result::Result<Option<Vec<u8>>, String> {
    let Ok(file) = std::fs::File::open(dir.join(HELMIGNORE)) else {
        return Ok(None);
    };
    let Ok(meta) = file.metadata() else {
        return Ok(None);
    };
    if meta.len() > MAX_FILE_SIZE {
        return Err(format!(
            "chart file {HELMIGNORE:?} is larger than the maximum file size {MAX_FILE_SIZE}"
        ));
    }
    Ok(read_exactly(file, meta.len()).ok())
}

/// Reads `len` bytes (fewer if the file is shorter): one read fills the buffer
/// and the limit answers the end-of-file probe without another system call. A
/// file growing meanwhile is read as it was when measured.
fn read_exactly(file: std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(len).read_to_end(&mut data)?;
    Ok(data)
}

#[cfg(test)]
mod tests;
