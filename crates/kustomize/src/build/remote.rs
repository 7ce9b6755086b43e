//! Entering a remote resource: ask the caller's loader for it, then build a
//! file like a local resource file, or a tree as a nested kustomization in a
//! context of its own whose filesystem is that tree alone, so a remote
//! kustomization cannot reach the local tree (`..` stops at its root).

use super::Accumulator;
use super::accumulate::{build_directory, component_at};
use super::load::{Ctx, resources_from_text};
use crate::error::BuildError;
use crate::fs;
use crate::remote::{RemoteContent, RemoteError, RemoteTarget};

/// Most remote resources one build may fetch.
pub const MAX_REMOTE_LOADS: usize = 100;

/// Largest remote file or tree (all files together) the engine accepts,
/// whatever the loader's own bound.
pub const MAX_REMOTE_BYTES: u64 = crate::fs::DEFAULT_MAX_FILE_SIZE;

/// Fetches `url` and accumulates it as a resource (or a component) into `ra`.
pub(crate) fn accumulate_remote(
    ctx: &mut Ctx<'_>,
    dir: &str,
    url: &str,
    component: bool,
    ra: &mut Accumulator,
) -> Result<(), BuildError> {
    let Some(loader) = ctx.opts.remote.clone() else {
        return Err(BuildError::Remote(url.to_string()));
    };
    let target = RemoteTarget::parse(url)?;
    let root = fs::join("", target.root())?;
    let key = target.repo_key();
    check_remote_cycle(ctx, url, &key, &root)?;
    ctx.remote_loads += 1;
    if ctx.remote_loads > MAX_REMOTE_LOADS {
        return Err(RemoteError::TooMany {
            url: url.to_string(),
            limit: MAX_REMOTE_LOADS,
        }
        .into());
    }
    let content = loader.load(&target)?;
    let size = match &content {
        RemoteContent::File(bytes) => bytes.len() as u64,
        RemoteContent::Tree(tree) => tree.total_bytes(),
    };
    if size > MAX_REMOTE_BYTES {
        return Err(RemoteError::TooLarge {
            url: url.to_string(),
            limit: MAX_REMOTE_BYTES,
        }
        .into());
    }
    match content {
        RemoteContent::File(_) if component => Err(BuildError::config(format!(
            "component '{url}' must be a directory"
        ))),
        RemoteContent::File(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| BuildError::Resource {
                path: url.to_string(),
                message: "file is not valid utf-8".into(),
            })?;
            let mut items = resources_from_text(&text, url)?;
            if ctx.meta {
                let origin = crate::origin::Origin::file(origin_path(&ctx.origin_path(dir), url));
                items
                    .iter_mut()
                    .for_each(|r| r.origin = Some(origin.clone()));
            }
            ra.append_all(items)
        }
        RemoteContent::Tree(tree) => {
            let mut sub = Ctx {
                fs: &tree,
                opts: ctx.opts,
                stack: Vec::new(),
                top: root.clone(),
                meta: ctx.meta,
                schema: ctx.schema.clone(),
                schema_set: ctx.schema_set,
                visits: ctx.visits,
                remotes: std::mem::take(&mut ctx.remotes),
                remote_loads: ctx.remote_loads,
            };
            sub.remotes.push((key, root.clone()));
            let result = if component {
                component_at(&mut sub, &root, ra)
            } else {
                build_directory(&mut sub, &root).and_then(|acc| ra.merge(acc))
            };
            sub.remotes.pop();
            ctx.remotes = sub.remotes;
            ctx.visits = sub.visits;
            ctx.remote_loads = sub.remote_loads;
            ctx.schema = sub.schema;
            ctx.schema_set = sub.schema_set;
            result
        }
    }
}

/// Kustomize records a remote file's origin as Go's `filepath.Join(dir, url)`,
/// which cleans the URL too (`https://h/x` becomes `https:/h/x`); keep that.
fn origin_path(dir: &str, url: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in dir.split('/').chain(url.split('/')) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Like local cycles: entering a root that contains one being built, in the
/// same repository at the same ref, would never end.
fn check_remote_cycle(ctx: &Ctx<'_>, url: &str, key: &str, root: &str) -> Result<(), BuildError> {
    for (visited_key, visited_root) in &ctx.remotes {
        if visited_key == key && fs::is_within(visited_root, root) {
            return Err(RemoteError::Cycle {
                candidate: url.to_string(),
                visited: format!("{visited_key}//{visited_root}"),
            }
            .into());
        }
    }
    Ok(())
}
