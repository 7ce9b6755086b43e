//! Bounded, path-safe extraction of a downloaded tar.gz artifact: only regular
//! files and directories, every path relative and inside the destination, at most
//! `max_size` bytes unpacked; and the digest check done before extracting.

use std::io::Read;
use std::path::{Component, Path};

use flate2::read::GzDecoder;
use tar::EntryType;

use super::ArtifactError;
use super::digest::sha256_digest;

/// Checks that `bytes` have the `sha256:<hex>` digest `expected`.
pub fn verify_digest(bytes: &[u8], expected: &str) -> Result<(), ArtifactError> {
    if !expected.starts_with("sha256:") {
        return Err(ArtifactError::UnsupportedDigest(expected.to_owned()));
    }
    let actual = sha256_digest(bytes);
    if actual != expected {
        return Err(ArtifactError::DigestMismatch {
            expected: expected.to_owned(),
            actual,
        });
    }
    Ok(())
}

/// Extracts the tar.gz `archive` into `dest`, rejecting links, devices, absolute
/// paths and `..`, and stopping past `max_size` unpacked bytes.
pub fn untar<R: Read>(archive: R, dest: &Path, max_size: u64) -> Result<(), ArtifactError> {
    let mut tar = tar::Archive::new(GzDecoder::new(archive));
    let read_err = ArtifactError::io("read archive into", dest);
    let entries = tar.entries().map_err(read_err)?;
    let mut total: u64 = 0;
    for entry in entries {
        let mut entry = entry.map_err(ArtifactError::io("read archive into", dest))?;
        let raw = entry
            .path()
            .map_err(ArtifactError::io("read archive into", dest))?
            .into_owned();
        let shown = raw.to_string_lossy().into_owned();
        let legal = raw
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !legal {
            return Err(ArtifactError::IllegalPath { path: shown });
        }
        let target = dest.join(&raw);
        match entry.header().entry_type() {
            EntryType::Directory => {
                std::fs::create_dir_all(&target).map_err(ArtifactError::io("create", &target))?;
            }
            EntryType::Regular | EntryType::Continuous => {
                total = total.saturating_add(entry.header().size().unwrap_or(u64::MAX));
                if total > max_size {
                    return Err(ArtifactError::TooLarge { limit: max_size });
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(ArtifactError::io("create", parent))?;
                }
                let mut file =
                    std::fs::File::create(&target).map_err(ArtifactError::io("create", &target))?;
                let copied = std::io::copy(&mut (&mut entry).take(max_size + 1), &mut file)
                    .map_err(ArtifactError::io("write", &target))?;
                if copied > max_size {
                    return Err(ArtifactError::TooLarge { limit: max_size });
                }
                let executable = entry.header().mode().unwrap_or(0) & 0o100 != 0;
                if executable {
                    use std::os::unix::fs::PermissionsExt;
                    let _ =
                        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o700));
                }
            }
            EntryType::XGlobalHeader | EntryType::XHeader => {}
            _ => return Err(ArtifactError::UnsupportedEntry { path: shown }),
        }
    }
    Ok(())
}
