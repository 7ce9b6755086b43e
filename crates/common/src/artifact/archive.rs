//! Reproducible tar.gz archives of a directory: entries sorted by path, owned by
//! uid/gid 0 with no names, zero mtimes, modes 0600 (0700 when executable) for
//! files and 0750 for directories, only regular files and directories, and a gzip
//! header without name or timestamp, so the same tree always yields the same bytes.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Component, Path, PathBuf};

use flate2::{Compression, GzBuilder};
use tar::{EntryType, Header};

use super::ArtifactError;
use super::digest::Digester;
use super::filter::Filter;

/// What an archive write produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveStats {
    /// `sha256:<hex>` of the compressed archive.
    pub digest: String,
    /// Size of the compressed archive in bytes.
    pub size: u64,
}

/// Writes the tree at `root`, minus what `filter` excludes, to `out` as a
/// reproducible tar.gz of at most `max_size` compressed bytes.
///
/// Symlinks are left out, as Flux does; one that points outside `root` is an error.
pub fn write_archive<W: Write>(
    root: &Path,
    filter: &Filter,
    out: W,
    max_size: u64,
) -> Result<ArchiveStats, ArtifactError> {
    let digester = Digester::new(out);
    let gz = GzBuilder::new()
        .mtime(0)
        .write(digester, Compression::default());
    let mut builder = tar::Builder::new(gz);
    let mut walk = Walk {
        root,
        filter,
        max_size,
    };
    walk.dir(&mut builder, root)?;
    let gz = builder
        .into_inner()
        .map_err(ArtifactError::io("write archive of", root))?;
    let digester = gz
        .finish()
        .map_err(ArtifactError::io("write archive of", root))?;
    let size = digester.written();
    if size > max_size {
        return Err(ArtifactError::TooLarge { limit: max_size });
    }
    let (_, digest) = digester.finish();
    Ok(ArchiveStats { digest, size })
}

type TarGz<W> = tar::Builder<flate2::write::GzEncoder<Digester<W>>>;

struct Walk<'a> {
    root: &'a Path,
    filter: &'a Filter,
    max_size: u64,
}

impl Walk<'_> {
    fn dir<W: Write>(&mut self, builder: &mut TarGz<W>, dir: &Path) -> Result<(), ArtifactError> {
        let mut entries = std::fs::read_dir(dir)
            .map_err(ArtifactError::io("read", dir))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(ArtifactError::io("read", dir))?;
        entries.sort();
        for path in entries {
            let meta =
                std::fs::symlink_metadata(&path).map_err(ArtifactError::io("stat", &path))?;
            let kind = meta.file_type();
            let rel = relative(self.root, &path);
            if kind.is_symlink() {
                self.check_symlink(&path, &rel)?;
                continue;
            }
            if !(kind.is_dir() || kind.is_file()) || self.filter.is_ignored(&path, kind.is_dir()) {
                continue;
            }
            let mut header = Header::new_gnu();
            header.set_uid(0);
            header.set_gid(0);
            header.set_mtime(0);
            if kind.is_dir() {
                header.set_entry_type(EntryType::Directory);
                header.set_mode(0o750);
                header.set_size(0);
                builder
                    .append_data(&mut header, format!("{rel}/"), std::io::empty())
                    .map_err(ArtifactError::io("archive", &path))?;
                self.dir(builder, &path)?;
            } else {
                let executable = meta.permissions().mode() & 0o100 != 0;
                header.set_entry_type(EntryType::Regular);
                header.set_mode(if executable { 0o700 } else { 0o600 });
                header.set_size(meta.len());
                let file = File::open(&path).map_err(ArtifactError::io("open", &path))?;
                builder
                    .append_data(&mut header, &rel, file)
                    .map_err(ArtifactError::io("archive", &path))?;
            }
            let written = builder.get_ref().get_ref().written();
            if written > self.max_size {
                return Err(ArtifactError::TooLarge {
                    limit: self.max_size,
                });
            }
        }
        Ok(())
    }

    fn check_symlink(&self, path: &Path, rel: &str) -> Result<(), ArtifactError> {
        let target = std::fs::read_link(path).map_err(ArtifactError::io("read link", path))?;
        let parent = path.parent().unwrap_or(self.root);
        match normalize(&parent.join(target)) {
            Some(resolved) if resolved.starts_with(self.root) => Ok(()),
            _ => Err(ArtifactError::SymlinkEscapes {
                path: rel.to_owned(),
            }),
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` with `.` and `..` resolved lexically; `None` if it climbs above `/`.
pub(crate) fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}
