//! Git repositories for tests, made with the `git` CLI: a bare repository under a
//! served root, filled through a scratch working copy.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A served directory of bare repositories.
pub struct GitRoot {
    dir: tempfile::TempDir,
}

/// One repository: its bare copy (served) and a working copy (for commits).
pub struct Repo {
    /// `<root>/<name>.git`.
    pub bare: PathBuf,
    work: PathBuf,
    /// Its name, e.g. `app` (served as `/app.git`).
    pub name: String,
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

impl GitRoot {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A new repository whose default branch is `branch`.
    pub fn repo(&self, name: &str, branch: &str) -> Repo {
        let bare = self.path().join(format!("{name}.git"));
        let work = self.path().join(format!(".work-{name}"));
        std::fs::create_dir_all(&work).unwrap();
        git(
            self.path(),
            &["init", "-q", "--bare", "-b", branch, bare.to_str().unwrap()],
        );
        git(&bare, &["config", "http.receivepack", "false"]);
        git(&work, &["init", "-q", "-b", branch]);
        git(&work, &["remote", "add", "origin", bare.to_str().unwrap()]);
        Repo {
            bare,
            work,
            name: name.to_owned(),
        }
    }
}

impl Repo {
    /// Commits `files` (path, content) on the current branch and pushes; returns the commit.
    pub fn commit(&self, files: &[(&str, &str)], message: &str) -> String {
        for (path, content) in files {
            let path = self.work.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        git(&self.work, &["add", "-A"]);
        git(
            &self.work,
            &["commit", "-q", "--allow-empty", "-m", message],
        );
        git(&self.work, &["push", "-q", "--all", "origin"]);
        git(&self.work, &["rev-parse", "HEAD"])
    }

    /// Runs `git` in the working copy.
    pub fn git(&self, args: &[&str]) -> String {
        git(&self.work, args)
    }

    /// Creates an annotated tag at HEAD and pushes it.
    pub fn tag(&self, tag: &str) {
        git(&self.work, &["tag", "-a", tag, "-m", tag]);
        git(&self.work, &["push", "-q", "origin", tag]);
    }

    /// Pushes HEAD to `refs`.
    pub fn push_ref(&self, name: &str) {
        git(
            &self.work,
            &["push", "-q", "origin", &format!("HEAD:{name}")],
        );
    }

    /// Checks out (creating) `branch`.
    pub fn branch(&self, branch: &str) {
        git(&self.work, &["checkout", "-q", "-B", branch]);
    }

    /// The working copy (for symlinks and other special files).
    pub fn work(&self) -> &Path {
        &self.work
    }
}
