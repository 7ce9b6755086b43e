//! Loading a chart directory: `.helmignore` applied, symlinks followed only while
//! they stay inside the chart root, sizes bounded.

use std::path::{Path, PathBuf};

use super::helmignore::Rules;
use super::{MAX_FILE_SIZE, MAX_TOTAL_SIZE, load_files};
use crate::chart::{Chart, File};
use crate::error::{Error, Result};

/// Deepest directory nesting walked.
const MAX_DIR_DEPTH: usize = 64;

/// Loads a chart from a directory.
pub fn load_dir(dir: &Path) -> Result<Chart> {
    let chart = dir.display().to_string();
    let err = |reason: String| Error::Load {
        chart: chart.clone(),
        reason,
    };
    let root = dir.canonicalize().map_err(|e| err(e.to_string()))?;
    let rules = match std::fs::read_to_string(root.join(".helmignore")) {
        Ok(text) => Rules::parse(&text).map_err(|e| err(format!(".helmignore: {e}")))?,
        Err(_) => {
            let mut r = Rules::default();
            r.add_defaults();
            r
        }
    };
    let mut walker = Walker {
        root: root.clone(),
        rules,
        files: Vec::new(),
        total: 0,
    };
    walker.walk(&root, "", 0).map_err(err)?;
    load_files(walker.files)
}

struct Walker {
    root: PathBuf,
    rules: Rules,
    files: Vec<File>,
    total: u64,
}

impl Walker {
    fn walk(&mut self, dir: &Path, rel: &str, depth: usize) -> std::result::Result<(), String> {
        if depth > MAX_DIR_DEPTH {
            return Err(format!("directory {rel:?} is nested too deeply"));
        }
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("reading {rel:?}: {e}"))?
            .filter_map(|e| e.ok())
            .collect();
        // Lexical order, like Go's filepath.Walk.
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel_path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let path = entry.path();
            let target = path
                .canonicalize()
                .map_err(|e| format!("resolving {rel_path:?}: {e}"))?;
            if !target.starts_with(&self.root) {
                return Err(format!(
                    "{rel_path:?} is a symlink pointing outside the chart"
                ));
            }
            let meta = std::fs::metadata(&target).map_err(|e| format!("{rel_path:?}: {e}"))?;
            if meta.is_dir() {
                if self.rules.ignore(&rel_path, true) {
                    continue;
                }
                self.walk(&target, &rel_path, depth + 1)?;
                continue;
            }
            if self.rules.ignore(&rel_path, false) {
                continue;
            }
            if !meta.is_file() {
                return Err(format!("cannot load irregular file {rel_path:?}"));
            }
            if meta.len() > MAX_FILE_SIZE {
                return Err(format!(
                    "chart file {name:?} is larger than the maximum file size {MAX_FILE_SIZE}"
                ));
            }
            self.total += meta.len();
            if self.total > MAX_TOTAL_SIZE {
                return Err(format!("chart is larger than {MAX_TOTAL_SIZE} bytes"));
            }
            let mut data =
                std::fs::read(&target).map_err(|e| format!("error reading {rel_path}: {e}"))?;
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
}
