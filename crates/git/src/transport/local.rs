//! `file://` repositories on this machine, only for callers that ask for them
//! with [`Remote::local`](super::Remote::local) (the CLI's kustomize git remotes;
//! never a controller, whose URLs come from users). libgit2 reads the refs and
//! packs the wanted objects into the same pack file a network fetch writes, so
//! the checkout that follows is the same.

use std::io::Write;
use std::path::Path;

use git2::{ObjectType, Oid, PackBuilder, Repository};

use crate::GitError;
use crate::advertisement::Advertisement;

/// The refs of the repository at `path`, as `git ls-remote` shows them.
pub(super) fn advertisement(path: &Path) -> Result<Advertisement, GitError> {
    let repo = open(path)?;
    let mut adv = Advertisement::default();
    for reference in repo.references().map_err(GitError::Libgit2)? {
        let reference = reference.map_err(GitError::Libgit2)?;
        let (Ok(name), Ok(resolved)) = (reference.name(), reference.resolve()) else {
            continue;
        };
        let Some(target) = resolved.target() else {
            continue;
        };
        adv.refs.insert(name.to_owned(), target.to_string());
        if let Ok(commit) = resolved.peel_to_commit()
            && commit.id() != target
        {
            adv.peeled.insert(name.to_owned(), commit.id().to_string());
        }
    }
    if let Ok(head) = repo.find_reference("HEAD") {
        adv.head_target = head.symbolic_target().ok().flatten().map(str::to_owned);
        if let Some(commit) = head.resolve().ok().and_then(|h| h.target()) {
            adv.refs.insert("HEAD".to_owned(), commit.to_string());
        }
    }
    Ok(adv)
}

/// Packs `wants` (and, with a `depth`, only their tips; otherwise their whole
/// history) from the repository at `path` into `pack`, refusing more than `limit` bytes.
pub(super) fn pack(
    path: &Path,
    wants: &[String],
    depth: Option<u32>,
    pack: &Path,
    limit: u64,
) -> Result<(), GitError> {
    let repo = open(path)?;
    let mut builder = repo.packbuilder().map_err(GitError::Libgit2)?;
    for want in wants {
        let oid = Oid::from_str(want).map_err(|_| GitError::CommitNotFound(want.clone()))?;
        insert(&repo, &mut builder, oid, depth.is_some())?;
    }
    let mut file = std::fs::File::create(pack).map_err(GitError::Io)?;
    let mut written: u64 = 0;
    let mut failure = None;
    let walked = builder.foreach(|chunk| {
        written = written.saturating_add(chunk.len() as u64);
        if written > limit {
            failure = Some(GitError::TooLarge { limit });
            return false;
        }
        match file.write_all(chunk) {
            Ok(()) => true,
            Err(e) => {
                failure = Some(GitError::Io(e));
                false
            }
        }
    });
    if let Some(failure) = failure {
        return Err(failure);
    }
    walked.map_err(GitError::Libgit2)?;
    file.flush().map_err(GitError::Io)
}

/// Adds `oid` (a tag is added with what it points at) and, unless `shallow`,
/// the history behind it.
fn insert(
    repo: &Repository,
    builder: &mut PackBuilder<'_>,
    oid: Oid,
    shallow: bool,
) -> Result<(), GitError> {
    let object = repo
        .find_object(oid, None)
        .map_err(|_| GitError::CommitNotFound(oid.to_string()))?;
    if object.kind() == Some(ObjectType::Tag) {
        builder
            .insert_object(oid, None)
            .map_err(GitError::Libgit2)?;
    }
    let commit = object
        .peel_to_commit()
        .map_err(|_| GitError::CommitNotFound(oid.to_string()))?;
    if shallow {
        return builder
            .insert_commit(commit.id())
            .map_err(GitError::Libgit2);
    }
    let mut walk = repo.revwalk().map_err(GitError::Libgit2)?;
    walk.push(commit.id()).map_err(GitError::Libgit2)?;
    builder.insert_walk(&mut walk).map_err(GitError::Libgit2)
}

fn open(path: &Path) -> Result<Repository, GitError> {
    Repository::open(path).map_err(|e| match e.code() {
        git2::ErrorCode::NotFound => GitError::RepositoryNotFound,
        _ => GitError::Libgit2(e),
    })
}
