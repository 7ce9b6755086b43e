//! From a received pack to files: index the pack into a scratch bare repository
//! with libgit2, then write the commit's tree to disk ourselves so every path is
//! checked (no `..`, no `.git`, sparse directories honoured, submodules as
//! empty directories, symlinks as symlinks for the archiver to judge).

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use git2::{ObjectType, Oid, Repository, Tree};

use super::GitError;

const MODE_TREE: i32 = 0o040000;
const MODE_EXECUTABLE: i32 = 0o100755;
const MODE_SYMLINK: i32 = 0o120000;
const MODE_SUBMODULE: i32 = 0o160000;

/// The checked-out commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
}

/// Indexes `pack` into a new bare repository at `git_dir`.
pub fn index_pack(git_dir: &Path, pack: &Path) -> Result<Repository, GitError> {
    let repo = Repository::init_bare(git_dir).map_err(GitError::Libgit2)?;
    {
        let odb = repo.odb().map_err(GitError::Libgit2)?;
        let mut writer = odb.packwriter().map_err(GitError::Libgit2)?;
        let mut file = File::open(pack).map_err(GitError::Io)?;
        std::io::copy(&mut file, &mut writer).map_err(GitError::Io)?;
        writer.flush().map_err(GitError::Io)?;
        writer.commit().map_err(GitError::Libgit2)?;
    }
    Ok(repo)
}

/// The type and raw content of object `id` in the bare repository at `git_dir`,
/// refused above `limit` bytes (signature verification reads commits and tags).
pub fn read_object(
    git_dir: &Path,
    id: &str,
    limit: usize,
) -> Result<(ObjectType, Vec<u8>), GitError> {
    let repo = Repository::open_bare(git_dir).map_err(GitError::Libgit2)?;
    let oid = Oid::from_str(id).map_err(GitError::Libgit2)?;
    let odb = repo.odb().map_err(GitError::Libgit2)?;
    let (size, kind) = odb.read_header(oid).map_err(GitError::Libgit2)?;
    if size > limit {
        return Err(GitError::TooLarge {
            limit: u64::try_from(limit).unwrap_or(u64::MAX),
        });
    }
    let object = odb.read(oid).map_err(GitError::Libgit2)?;
    Ok((kind, object.data().to_vec()))
}

/// Writes `commit`'s tree into `dest` (restricted to `sparse` directories if given).
pub fn checkout(
    repo: &Repository,
    commit: &str,
    dest: &Path,
    sparse: &[String],
) -> Result<CommitInfo, GitError> {
    let oid = Oid::from_str(commit).map_err(|_| GitError::CommitNotFound(commit.to_owned()))?;
    let found = repo
        .find_commit(oid)
        .map_err(|_| GitError::CommitNotFound(commit.to_owned()))?;
    let tree = found.tree().map_err(GitError::Libgit2)?;
    let sparse: Vec<String> = sparse
        .iter()
        .map(|d| d.trim_start_matches("./").trim_matches('/').to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    std::fs::create_dir_all(dest).map_err(GitError::Io)?;
    write_tree(repo, &tree, dest, "", &sparse)?;
    Ok(CommitInfo {
        id: found.id().to_string(),
        summary: String::from_utf8_lossy(found.summary_bytes().unwrap_or_default()).into_owned(),
    })
}

fn wanted(rel: &str, is_dir: bool, sparse: &[String]) -> bool {
    sparse.is_empty()
        || sparse.iter().any(|d| {
            rel == d
                || rel.starts_with(&format!("{d}/"))
                || (is_dir && d.starts_with(&format!("{rel}/")))
        })
}

fn write_tree(
    repo: &Repository,
    tree: &Tree<'_>,
    dest: &Path,
    prefix: &str,
    sparse: &[String],
) -> Result<(), GitError> {
    for entry in tree.iter() {
        let name = String::from_utf8_lossy(entry.name_bytes()).into_owned();
        if name.is_empty()
            || name == "."
            || name == ".."
            || name.contains(['/', '\\', '\0'])
            || name.eq_ignore_ascii_case(".git")
        {
            return Err(GitError::UnsafePath(format!("{prefix}{name}")));
        }
        let rel = format!("{prefix}{name}");
        let mode = entry.filemode();
        let is_dir = mode == MODE_TREE || mode == MODE_SUBMODULE;
        if !wanted(&rel, is_dir, sparse) {
            continue;
        }
        let path = dest.join(&rel);
        match (mode, entry.kind()) {
            (MODE_TREE, Some(ObjectType::Tree)) => {
                std::fs::create_dir_all(&path).map_err(GitError::Io)?;
                let subtree = repo.find_tree(entry.id()).map_err(GitError::Libgit2)?;
                write_tree(repo, &subtree, dest, &format!("{rel}/"), sparse)?;
            }
            (MODE_SUBMODULE, _) => std::fs::create_dir_all(&path).map_err(GitError::Io)?,
            (MODE_SYMLINK, Some(ObjectType::Blob)) => {
                let blob = repo.find_blob(entry.id()).map_err(GitError::Libgit2)?;
                let target = String::from_utf8_lossy(blob.content()).into_owned();
                std::os::unix::fs::symlink(target, &path).map_err(GitError::Io)?;
            }
            (_, Some(ObjectType::Blob)) => {
                let blob = repo.find_blob(entry.id()).map_err(GitError::Libgit2)?;
                std::fs::write(&path, blob.content()).map_err(GitError::Io)?;
                if mode == MODE_EXECUTABLE {
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                        .map_err(GitError::Io)?;
                }
            }
            _ => return Err(GitError::UnsafePath(rel)),
        }
    }
    Ok(())
}
