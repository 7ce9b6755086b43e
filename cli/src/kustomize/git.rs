//! Git remote bases of `oxbow kustomize build --allow-remote-resources`
//! (`https://host/org/repo//dir?ref=v1`, `github.com/org/repo/dir`, `git::…`,
//! `git://…`, `file:///abs/repo//dir`): the repository is cloned with
//! `oxbow-git` (no `git` binary) into a temporary directory, shallow for a
//! branch or tag, bounded by `--remote-timeout` and `--remote-max-bytes` (the
//! pack and the checked-out files each), and handed to the engine as an
//! in-memory tree: the clone is the base's root, and a symlink that leaves it
//! is an error. SSH remotes are refused: the CLI has no SSH credentials or
//! `known_hosts` to trust a host with.

use std::path::{Path, PathBuf};
use std::time::Duration;

use oxbow_git::{Advertisement, Credentials, GitError, Reference, Remote, refs};
use oxbow_kustomize::remote::RepoSpec;
use oxbow_kustomize::{MemoryFs, RemoteContent, RemoteError};

/// Nested directories followed in a clone.
const MAX_DEPTH: usize = 64;
/// Files and directories read from a clone (symlinks to directories count again).
const MAX_ENTRIES: usize = 100_000;

/// Why a git remote could not be loaded (wrapped in [`RemoteError::Fetch`]).
#[derive(Debug, thiserror::Error)]
enum GitRemoteError {
    /// SSH needs a key and a `known_hosts` the CLI does not have.
    #[error(
        "ssh git remotes are not supported by oxbow kustomize build (no ssh key or known_hosts to use): use an https:// url"
    )]
    Ssh,
    /// `file://` needs an absolute path.
    #[error("file:// git remotes need an absolute repository path")]
    RelativePath,
    /// The Git operation failed.
    #[error(transparent)]
    Git(GitError),
    /// A symlink in the repository points outside it.
    #[error("symlink '{0}' points outside the repository")]
    SymlinkEscape(String),
    /// A symlink in the repository points nowhere.
    #[error("symlink '{0}' points to nothing")]
    DanglingSymlink(String),
    /// More entries than [`MAX_ENTRIES`] (symlinks to directories fanning out).
    #[error("the repository has more than {0} files and directories")]
    TooManyEntries(usize),
    /// Directories nest deeper than [`MAX_DEPTH`] (a symlink loop).
    #[error("'{0}' is nested too deep (symlink loop?)")]
    TooDeep(String),
    /// A path in the clone is not UTF-8.
    #[error("path '{0}' is not valid utf-8")]
    NotUtf8(String),
    /// The temporary directory, the runtime or a file read failed.
    #[error("i/o error")]
    Io(#[source] std::io::Error),
}

/// Clones `spec` and returns the repository's files.
pub(crate) fn load(
    url: &str,
    spec: &RepoSpec,
    timeout: Duration,
    max_bytes: u64,
) -> Result<RemoteContent, RemoteError> {
    clone_tree(spec, timeout, max_bytes).map_err(|e| match e {
        GitRemoteError::Git(GitError::Timeout(_)) => RemoteError::Timeout {
            url: url.to_string(),
            after: timeout,
        },
        GitRemoteError::Git(GitError::TooLarge { limit }) => RemoteError::TooLarge {
            url: url.to_string(),
            limit,
        },
        other => RemoteError::Fetch {
            url: url.to_string(),
            source: Box::new(other),
        },
    })
}

fn clone_tree(
    spec: &RepoSpec,
    timeout: Duration,
    max_bytes: u64,
) -> Result<RemoteContent, GitRemoteError> {
    let remote = remote(spec, timeout)?;
    let work = tempfile::tempdir().map_err(GitRemoteError::Io)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(GitRemoteError::Io)?;
    let checkout = runtime
        .block_on(async {
            let fetch = async {
                let adv = remote.ls_remote().await?;
                let selection = refs::select(&reference(&adv, &spec.git_ref), &adv)?;
                oxbow_git::clone(&remote, &selection, work.path(), &[], max_bytes).await
            };
            tokio::time::timeout(timeout, fetch)
                .await
                .map_err(|_| GitError::Timeout(timeout))?
        })
        .map_err(GitRemoteError::Git)?;
    let root = std::fs::canonicalize(&checkout.dir).map_err(GitRemoteError::Io)?;
    let mut walker = Walker {
        root: root.clone(),
        fs: MemoryFs::new(),
        max_bytes,
        bytes: 0,
        entries: 0,
    };
    walker.read_dir(&root, "", 0)?;
    Ok(RemoteContent::Tree(walker.fs))
}

/// The remote `spec` names, refusing SSH.
fn remote(spec: &RepoSpec, timeout: Duration) -> Result<Remote, GitRemoteError> {
    let host = spec.host.to_ascii_lowercase();
    if let Some(path) = host.strip_prefix("file://").map(|_| &spec.repo_path) {
        let path = Path::new(path);
        if !path.is_absolute() {
            return Err(GitRemoteError::RelativePath);
        }
        return Remote::local(path, timeout).map_err(GitRemoteError::Git);
    }
    let network = ["https://", "http://", "git://"]
        .iter()
        .any(|scheme| host.starts_with(scheme));
    if !network {
        return Err(GitRemoteError::Ssh);
    }
    Ok(
        Remote::new(&spec.clone_spec(), &Credentials::default(), timeout)
            .map_err(GitRemoteError::Git)?
            .with_submodules(spec.submodules),
    )
}

/// Kustomize's `?ref=` as `git fetch <ref>` resolves it: a full ref name, a
/// tag, a branch, a full commit id; empty is the remote's `HEAD`.
fn reference(adv: &Advertisement, git_ref: &str) -> Reference {
    let mut r = Reference::default();
    if git_ref.is_empty() {
        r.branch = adv
            .head_target
            .as_deref()
            .and_then(|head| head.strip_prefix("refs/heads/"))
            .map(str::to_owned);
    } else if git_ref.starts_with("refs/") {
        r.name = Some(git_ref.to_owned());
    } else if adv.refs.contains_key(&format!("refs/tags/{git_ref}")) {
        r.tag = Some(git_ref.to_owned());
    } else if git_ref.len() == 40
        && git_ref.bytes().all(|b| b.is_ascii_hexdigit())
        && !adv.refs.contains_key(&format!("refs/heads/{git_ref}"))
    {
        r.commit = Some(git_ref.to_owned());
    } else {
        r.branch = Some(git_ref.to_owned());
    }
    r
}

/// Copies a clone into memory: symlinks are followed only while they stay in
/// the clone, a link back to an enclosing directory is skipped, and the bytes,
/// entries and nesting read are bounded (symlink fan-out cannot run away).
struct Walker {
    root: PathBuf,
    fs: MemoryFs,
    max_bytes: u64,
    bytes: u64,
    entries: usize,
}

impl Walker {
    /// Adds the files under `dir` (shown as `rel`).
    fn read_dir(&mut self, dir: &Path, rel: &str, depth: usize) -> Result<(), GitRemoteError> {
        if depth > MAX_DEPTH {
            return Err(GitRemoteError::TooDeep(rel.to_owned()));
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(GitRemoteError::Io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(GitRemoteError::Io)?;
        entries.sort();
        for path in entries {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                return Err(GitRemoteError::TooManyEntries(MAX_ENTRIES));
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| GitRemoteError::NotUtf8(path.display().to_string()))?;
            let child = if rel.is_empty() {
                name.to_owned()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(real) = std::fs::canonicalize(&path) else {
                return Err(GitRemoteError::DanglingSymlink(child));
            };
            if !real.starts_with(&self.root) {
                return Err(GitRemoteError::SymlinkEscape(child));
            }
            let meta = std::fs::metadata(&real).map_err(GitRemoteError::Io)?;
            if meta.is_dir() {
                // A link to this directory or one above it adds nothing new.
                if !dir.starts_with(&real) {
                    self.read_dir(&real, &child, depth + 1)?;
                }
                continue;
            }
            self.bytes = self.bytes.saturating_add(meta.len());
            if self.bytes > self.max_bytes {
                return Err(GitRemoteError::Git(GitError::TooLarge {
                    limit: self.max_bytes,
                }));
            }
            let content = std::fs::read(&real).map_err(GitRemoteError::Io)?;
            self.fs
                .add(&child, content)
                .map_err(|e| GitRemoteError::Io(std::io::Error::other(e)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adv() -> Advertisement {
        let mut adv = Advertisement::default();
        for name in ["refs/heads/main", "refs/heads/v1", "refs/tags/v1"] {
            adv.refs.insert(name.into(), "a".repeat(40));
        }
        adv.head_target = Some("refs/heads/main".into());
        adv
    }

    #[test]
    fn refs_resolve_like_git_fetch() {
        let adv = adv();
        let r = |text: &str| reference(&adv, text);
        assert_eq!(r("").branch.as_deref(), Some("main"), "HEAD's branch");
        assert_eq!(r("v1").tag.as_deref(), Some("v1"), "tags win over branches");
        assert_eq!(r("main").branch.as_deref(), Some("main"));
        assert_eq!(
            r("refs/pull/1/head").name.as_deref(),
            Some("refs/pull/1/head")
        );
        let id = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(r(id).commit.as_deref(), Some(id));
        assert_eq!(
            r("nope").branch.as_deref(),
            Some("nope"),
            "fails as a missing ref"
        );
    }
}
