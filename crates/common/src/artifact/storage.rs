//! The artifact storage: a directory tree `<kind>/<namespace>/<name>/<file>` under
//! `--storage-path`, served over HTTP at `--storage-adv-addr`. Archives are written
//! to a temporary file and renamed into place, under a per-object file lock, and
//! `latest.tar.gz` links to the newest one.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Component, Path, PathBuf};

use super::ArtifactError;
use super::archive::write_archive;
use super::filter::Filter;
use super::gc::RetentionPolicy;

/// The stable link to an object's newest archive.
pub const LATEST_FILE: &str = "latest.tar.gz";
const LOCK_FILE: &str = ".lock";

/// An archive written to storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredArtifact {
    /// Path relative to the storage root.
    pub path: String,
    /// Where the artifact server serves it.
    pub url: String,
    /// `sha256:<hex>`.
    pub digest: String,
    /// Size in bytes.
    pub size: u64,
}

/// The artifact storage root and how it is advertised.
#[derive(Clone, Debug)]
pub struct Storage {
    root: PathBuf,
    hostname: String,
    retention: RetentionPolicy,
}

/// An exclusive lock on one object's artifact directory; released on drop.
#[derive(Debug)]
pub struct ArtifactLock {
    _file: File,
}

impl Storage {
    /// Storage at `root` (created if missing), advertised as `http://<adv_addr>/`.
    pub fn new(
        root: impl Into<PathBuf>,
        adv_addr: &str,
        retention: RetentionPolicy,
    ) -> Result<Self, ArtifactError> {
        let root = root.into();
        std::fs::create_dir_all(&root).map_err(ArtifactError::io("create", &root))?;
        let hostname = adv_addr
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        Ok(Self {
            root,
            hostname,
            retention,
        })
    }

    /// The storage root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The retention policy of the garbage collection.
    pub fn retention(&self) -> &RetentionPolicy {
        &self.retention
    }

    /// `<kind lowercased>/<namespace>/<name>`, an object's directory.
    pub fn object_dir(kind: &str, namespace: &str, name: &str) -> String {
        format!("{}/{namespace}/{name}", kind.to_lowercase())
    }

    /// The local path of `rel`, which must stay inside the root.
    pub fn local_path(&self, rel: &str) -> Result<PathBuf, ArtifactError> {
        let path = Path::new(rel);
        let safe = !rel.is_empty()
            && path
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !safe {
            return Err(ArtifactError::IllegalPath {
                path: rel.to_owned(),
            });
        }
        Ok(self.root.join(path))
    }

    /// The HTTP address of `rel`.
    pub fn url_for(&self, rel: &str) -> String {
        format!("http://{}/{}", self.hostname, rel.trim_start_matches('/'))
    }

    /// Whether the file `rel` is in storage.
    pub fn exists(&self, rel: &str) -> bool {
        self.local_path(rel).is_ok_and(|p| p.is_file())
    }

    /// Locks the object directory `dir` (creating it) until the lock is dropped.
    /// Blocks: call it off the async runtime.
    pub fn lock(&self, dir: &str) -> Result<ArtifactLock, ArtifactError> {
        let dir = self.local_path(dir)?;
        std::fs::create_dir_all(&dir).map_err(ArtifactError::io("create", &dir))?;
        let path = dir.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(ArtifactError::io("open", &path))?;
        file.lock().map_err(ArtifactError::io("lock", &path))?;
        Ok(ArtifactLock { _file: file })
    }

    /// Archives `source` (filtered) to `rel`: written beside it under a temporary
    /// name, then renamed, so readers never see a partial file.
    pub fn archive(
        &self,
        rel: &str,
        source: &Path,
        filter: &Filter,
        max_size: u64,
    ) -> Result<StoredArtifact, ArtifactError> {
        let target = self.local_path(rel)?;
        let dir = target.parent().unwrap_or(&self.root).to_owned();
        std::fs::create_dir_all(&dir).map_err(ArtifactError::io("create", &dir))?;
        let temp = dir.join(format!(".tmp-{:016x}", rand::random::<u64>()));
        let result: Result<_, ArtifactError> = (|| {
            let file = File::create(&temp).map_err(ArtifactError::io("create", &temp))?;
            let mut out = BufWriter::new(file);
            let stats = write_archive(source, filter, &mut out, max_size)?;
            let file = out
                .into_inner()
                .map_err(|e| ArtifactError::io("write", &temp)(e.into_error()))?;
            file.sync_all().map_err(ArtifactError::io("sync", &temp))?;
            std::fs::rename(&temp, &target).map_err(ArtifactError::io("rename", &temp))?;
            Ok(stats)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        let stats = result?;
        Ok(StoredArtifact {
            path: rel.to_owned(),
            url: self.url_for(rel),
            digest: stats.digest,
            size: stats.size,
        })
    }

    /// Points `<dir of rel>/latest.tar.gz` at `rel` (atomically) and returns its URL.
    pub fn link_latest(&self, rel: &str) -> Result<String, ArtifactError> {
        let target = self.local_path(rel)?;
        let dir = target.parent().unwrap_or(&self.root);
        let file_name = target.file_name().unwrap_or_default();
        let temp = dir.join(format!(".tmp-link-{:016x}", rand::random::<u64>()));
        std::os::unix::fs::symlink(file_name, &temp).map_err(ArtifactError::io("link", &temp))?;
        let link = dir.join(LATEST_FILE);
        if let Err(e) = std::fs::rename(&temp, &link) {
            let _ = std::fs::remove_file(&temp);
            return Err(ArtifactError::io("rename", &temp)(e));
        }
        let rel_dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        Ok(self.url_for(&format!("{rel_dir}/{LATEST_FILE}")))
    }

    /// Removes the object directory `dir` and everything in it.
    pub fn remove_all(&self, dir: &str) -> Result<(), ArtifactError> {
        let path = self.local_path(dir)?;
        match std::fs::remove_dir_all(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(ArtifactError::io("remove", &path)(e))
            }
            _ => Ok(()),
        }
    }

    /// Deletes the archives in `current`'s directory that the retention policy
    /// lets go; `current` itself, the link and the lock always stay.
    pub fn garbage_collect(&self, current: &str) -> Result<Vec<String>, ArtifactError> {
        let target = self.local_path(current)?;
        let dir = target.parent().unwrap_or(&self.root);
        super::gc::collect(dir, &target, &self.retention)
    }
}
