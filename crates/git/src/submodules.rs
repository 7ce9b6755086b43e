//! `spec.recurseSubmodules`: every gitlink in a checked-out tree whose path
//! `.gitmodules` names is fetched from its URL (relative URLs resolve against
//! the parent's, credentials are the parent's, as in Flux) and its commit is
//! written into the gitlink's directory, recursively.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Tree};

use super::{GitError, Remote, checkout};

/// Nesting deeper than this is refused (a loop of submodules would never end).
const MAX_DEPTH: usize = 8;
/// More submodules than this in one checkout are refused.
const MAX_SUBMODULES: usize = 100;
const MODE_SUBMODULE: i32 = 0o160000;

/// A checked-out repository whose gitlinks are still empty directories.
struct Pending {
    remote: Remote,
    git_dir: PathBuf,
    commit: String,
    dir: PathBuf,
    depth: usize,
}

/// One gitlink to fill: where, which commit, from where.
#[derive(Debug, PartialEq, Eq)]
struct Gitlink {
    path: String,
    commit: String,
    url: String,
}

/// Fills the gitlinks of `commit` (checked out in `dir` from `git_dir`).
pub(crate) async fn update(
    remote: &Remote,
    git_dir: &Path,
    commit: &str,
    dir: &Path,
    workdir: &Path,
    pack_limit: u64,
) -> Result<(), GitError> {
    let mut queue = vec![Pending {
        remote: remote.sibling(remote.url())?,
        git_dir: git_dir.to_owned(),
        commit: commit.to_owned(),
        dir: dir.to_owned(),
        depth: 0,
    }];
    let mut count = 0;
    while let Some(parent) = queue.pop() {
        let (git, id, out) = (
            parent.git_dir.clone(),
            parent.commit.clone(),
            parent.dir.clone(),
        );
        let links = tokio::task::spawn_blocking(move || gitlinks(&git, &id, &out))
            .await
            .map_err(|e| GitError::Io(std::io::Error::other(e)))??;
        for link in links {
            count += 1;
            if count > MAX_SUBMODULES || parent.depth >= MAX_DEPTH {
                return Err(GitError::Submodule(
                    link.path,
                    Box::new(GitError::Protocol(format!(
                        "more than {MAX_SUBMODULES} submodules or deeper than {MAX_DEPTH} levels"
                    ))),
                ));
            }
            let target = parent.dir.join(&link.path);
            let git_dir = workdir.join(format!("submodule-{count}.git"));
            let path = link.path.clone();
            let fetched = fetch(&parent.remote, link, &git_dir, &target, pack_limit)
                .await
                .map_err(|e| GitError::Submodule(path, Box::new(e)))?;
            queue.push(Pending {
                remote: fetched.0,
                git_dir,
                commit: fetched.1,
                dir: target,
                depth: parent.depth + 1,
            });
        }
    }
    Ok(())
}

/// Fetches `link` and checks it out into `target`; returns its remote and commit.
async fn fetch(
    parent: &Remote,
    link: Gitlink,
    git_dir: &Path,
    target: &Path,
    pack_limit: u64,
) -> Result<(Remote, String), GitError> {
    let remote = parent.sibling(&resolve(parent.url(), &link.url))?;
    let adv = remote.ls_remote().await?;
    let is_tip = adv.refs.values().any(|id| *id == link.commit);
    // Upload-pack only serves advertised tips to git:// and SSH clients: when the
    // commit is not one, fetch every branch and tag and find it in their history.
    let (wants, depth) = if is_tip {
        (vec![link.commit.clone()], Some(1))
    } else {
        let mut all: Vec<String> = adv
            .refs
            .iter()
            .filter(|(name, _)| name.starts_with("refs/heads/") || name.starts_with("refs/tags/"))
            .map(|(_, id)| id.clone())
            .collect();
        all.sort();
        all.dedup();
        (all, None)
    };
    if wants.is_empty() {
        return Err(GitError::CommitNotFound(link.commit));
    }
    let pack = git_dir.with_extension("pack");
    remote.fetch(&wants, depth, &pack, pack_limit).await?;
    let (git, out, commit) = (git_dir.to_owned(), target.to_owned(), link.commit.clone());
    tokio::task::spawn_blocking(move || {
        let repo = checkout::index_pack(&git, &pack)?;
        let _ = std::fs::remove_file(&pack);
        checkout::checkout(&repo, &commit, &out, &[])
    })
    .await
    .map_err(|e| GitError::Io(std::io::Error::other(e)))??;
    Ok((remote, link.commit))
}

/// The gitlinks of `commit` that were checked out (their directory exists under
/// `dir`, so sparse checkouts skip the others), with their `.gitmodules` URL.
fn gitlinks(git_dir: &Path, commit: &str, dir: &Path) -> Result<Vec<Gitlink>, GitError> {
    let repo = Repository::open_bare(git_dir).map_err(GitError::Libgit2)?;
    let oid = Oid::from_str(commit).map_err(|_| GitError::CommitNotFound(commit.to_owned()))?;
    let tree = repo
        .find_commit(oid)
        .and_then(|c| c.tree())
        .map_err(GitError::Libgit2)?;
    let mut found = Vec::new();
    collect(&repo, &tree, "", &mut found)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let urls = match tree.get_path(Path::new(".gitmodules")) {
        Ok(entry) => {
            let blob = repo.find_blob(entry.id()).map_err(GitError::Libgit2)?;
            parse_gitmodules(&String::from_utf8_lossy(blob.content()))
        }
        Err(_) => BTreeMap::new(),
    };
    let mut links = Vec::new();
    for (path, id) in found {
        if !dir.join(&path).is_dir() {
            continue;
        }
        let url = urls
            .get(&path)
            .cloned()
            .ok_or_else(|| GitError::SubmoduleUrl(path.clone()))?;
        links.push(Gitlink {
            path,
            commit: id,
            url,
        });
    }
    Ok(links)
}

fn collect(
    repo: &Repository,
    tree: &Tree<'_>,
    prefix: &str,
    found: &mut Vec<(String, String)>,
) -> Result<(), GitError> {
    for entry in tree.iter() {
        let path = format!("{prefix}{}", String::from_utf8_lossy(entry.name_bytes()));
        if entry.filemode() == MODE_SUBMODULE {
            found.push((path, entry.id().to_string()));
        } else if entry.kind() == Some(git2::ObjectType::Tree) {
            let subtree = repo.find_tree(entry.id()).map_err(GitError::Libgit2)?;
            collect(repo, &subtree, &format!("{path}/"), found)?;
        }
    }
    Ok(())
}

/// `.gitmodules` (git-config syntax): submodule path → url.
fn parse_gitmodules(text: &str) -> BTreeMap<String, String> {
    let mut sections: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = header
                .trim()
                .strip_prefix("submodule")
                .map(|name| name.trim().trim_matches('"').to_owned());
            continue;
        }
        let (Some(name), Some((key, value))) = (&current, line.split_once('=')) else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_owned();
        let entry = sections.entry(name.clone()).or_default();
        match key.trim().to_ascii_lowercase().as_str() {
            "path" => entry.0 = Some(value.trim_end_matches('/').to_owned()),
            "url" => entry.1 = Some(value),
            _ => {}
        }
    }
    sections
        .into_values()
        .filter_map(|(path, url)| Some((path?, url?)))
        .collect()
}

/// A submodule URL as Git resolves it: `./` and `../` are relative to the
/// parent's URL (each `../` drops one path segment, never the host); the
/// scp-like `[user@]host:path` is SSH.
fn resolve(parent: &str, url: &str) -> String {
    if !(url.starts_with("./") || url.starts_with("../")) {
        return scp_like(url).unwrap_or_else(|| url.to_owned());
    }
    let mut base = parent.trim_end_matches('/').to_owned();
    let floor = base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(0);
    let mut rest = url;
    loop {
        if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("../") {
            if let Some(i) = base.rfind('/').filter(|i| *i >= floor) {
                base.truncate(i);
            }
            rest = r;
        } else {
            break;
        }
    }
    format!("{base}/{rest}")
}

/// `[user@]host:path` as `ssh://[user@]host/path`. Git would send a relative
/// path as is (from the login's home); hosting services take both forms.
fn scp_like(url: &str) -> Option<String> {
    if url.contains("://") {
        return None;
    }
    let (authority, path) = url.split_once(':')?;
    if authority.is_empty() || authority.contains('/') || path.is_empty() {
        return None;
    }
    Some(format!(
        "ssh://{authority}/{}",
        path.trim_start_matches('/')
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_urls_against_the_parent() {
        let parent = "https://git.example.com/org/app.git";
        assert_eq!(
            resolve(parent, "../lib.git"),
            "https://git.example.com/org/lib.git"
        );
        assert_eq!(
            resolve(parent, "./sub.git"),
            "https://git.example.com/org/app.git/sub.git"
        );
        assert_eq!(
            resolve(parent, "../../../../x.git"),
            "https://git.example.com/x.git"
        );
        assert_eq!(
            resolve("ssh://git@h:2222/srv/app.git/", "../lib.git"),
            "ssh://git@h:2222/srv/lib.git"
        );
        assert_eq!(
            resolve(parent, "https://other/x.git"),
            "https://other/x.git"
        );
        assert_eq!(
            resolve(parent, "git@github.com:org/lib.git"),
            "ssh://git@github.com/org/lib.git"
        );
        assert_eq!(
            resolve(parent, "host:/srv/lib.git"),
            "ssh://host/srv/lib.git"
        );
    }

    #[test]
    fn reads_paths_and_urls_from_gitmodules() {
        let text = r#"
[submodule "lib"]
	path = vendor/lib
	url = ../lib.git
; comment
[submodule "no-url"]
	path = nothing
[core]
	url = ignored
[submodule "abs"]
	url = "https://example.com/abs.git"
	path = abs/
"#;
        let parsed = parse_gitmodules(text);
        assert_eq!(
            parsed.into_iter().collect::<Vec<_>>(),
            vec![
                ("abs".to_owned(), "https://example.com/abs.git".to_owned()),
                ("vendor/lib".to_owned(), "../lib.git".to_owned()),
            ]
        );
    }
}
