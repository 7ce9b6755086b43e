//! `spec.include`: other GitRepositories' artifacts copied into this one's
//! checkout, `fromPath` (default: all) to `toPath` (default: the name).

use std::path::{Component, Path};

use kube::{Api, ResourceExt};
use oxbow_api::meta::Artifact;
use oxbow_api::source::{GitRepository, GitRepositoryInclude};
use oxbow_common::artifact::{ArtifactError, Storage, untar};
use oxbow_common::runtime::runner::Context;

use super::{GitRepositoryError, Result};

/// Each include with the artifact it currently points to.
pub(super) async fn resolve(
    object: &GitRepository,
    ctx: &Context,
) -> Result<Vec<(GitRepositoryInclude, Artifact)>> {
    let api: Api<GitRepository> =
        Api::namespaced(ctx.client.clone(), &object.namespace().unwrap_or_default());
    let mut out = Vec::new();
    for include in object.spec.include.iter().flatten() {
        let name = &include.repository.name;
        let unavailable = |why: &str| {
            GitRepositoryError::IncludeUnavailable(format!(
                "could not get resource for include '{name}': {why}"
            ))
        };
        let other = api
            .get_opt(name)
            .await
            .map_err(|_| unavailable("read failed"))?
            .ok_or_else(|| unavailable("not found"))?;
        let artifact = other.status.and_then(|s| s.artifact).ok_or_else(|| {
            GitRepositoryError::IncludeUnavailable(format!(
                "no artifact available for include '{name}'"
            ))
        })?;
        out.push((include.clone(), artifact));
    }
    Ok(out)
}

/// Copies the includes into `checkout` (blocking).
pub(super) fn copy(
    storage: &Storage,
    includes: &[(GitRepositoryInclude, Artifact)],
    checkout: &Path,
    max_size: u64,
) -> Result<(), ArtifactError> {
    for (include, artifact) in includes {
        let from = include.from_path.as_deref().unwrap_or("");
        let to = include
            .to_path
            .as_deref()
            .unwrap_or(&include.repository.name);
        let (from, to) = (relative(from)?, relative(to)?);
        let archive = storage.local_path(&artifact.path)?;
        let file = std::fs::File::open(&archive).map_err(io("open", &archive))?;
        let scratch = checkout.with_extension(format!("include-{}", include.repository.name));
        std::fs::create_dir_all(&scratch).map_err(io("create", &scratch))?;
        untar(std::io::BufReader::new(file), &scratch, max_size)?;
        let target = checkout.join(to);
        if target.exists() {
            std::fs::remove_dir_all(&target).map_err(io("remove", &target))?;
        }
        copy_tree(&scratch.join(from), &target)?;
        std::fs::remove_dir_all(&scratch).map_err(io("remove", &scratch))?;
    }
    Ok(())
}

fn io(op: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ArtifactError {
    let path = path.to_owned();
    move |source| ArtifactError::Io { op, path, source }
}

fn relative(path: &str) -> Result<&Path, ArtifactError> {
    let p = Path::new(path);
    if p.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        Ok(p)
    } else {
        Err(ArtifactError::IllegalPath {
            path: path.to_owned(),
        })
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), ArtifactError> {
    let meta = std::fs::symlink_metadata(from).map_err(io("stat", from))?;
    if meta.is_file() {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io("create", parent))?;
        }
        std::fs::copy(from, to).map_err(io("copy", from))?;
        return Ok(());
    }
    if !meta.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(to).map_err(io("create", to))?;
    for entry in std::fs::read_dir(from).map_err(io("read", from))? {
        let entry = entry.map_err(io("read", from))?;
        copy_tree(&entry.path(), &to.join(entry.file_name()))?;
    }
    Ok(())
}
