//! `oxbow kustomize build --allow-remote-resources` with git remote bases: a
//! repository made with `git` in a temporary directory, reached by `file://`
//! (compared byte for byte with `kubectl kustomize`) and by `git://` from a
//! real `git daemon` on loopback; refused without the flag; unknown refs,
//! symlinks out of the repository and silent servers fail clearly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::oxbow;

const BASE: &str = "resources:\n- cm.yaml\n";

fn cm(value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  from: {value}\n"
    )
}

fn have(program: &str) -> bool {
    Command::new(program)
        .arg("version")
        .arg("--client")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn write(dir: &Path, rel: &str, body: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

/// `<root>/repo`: `base/` says `tag` at the annotated tag `v1`, `branch` on
/// branch `release` (with symlinks inside the repository, one a cycle), `main`
/// on `main` (HEAD); branch `escape` adds a symlink pointing out of the repository. Returns the repository and `v1`'s commit.
fn repository(root: &Path) -> (PathBuf, String) {
    let repo = root.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    write(&repo, "base/kustomization.yaml", BASE);
    write(&repo, "base/cm.yaml", &cm("tag"));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "tagged"]);
    git(&repo, &["tag", "-a", "-m", "v1", "v1"]);
    let tagged = git(&repo, &["rev-parse", "HEAD"]);
    git(&repo, &["checkout", "-q", "-b", "release"]);
    write(&repo, "base/cm.yaml", &cm("branch"));
    // Links back into the repository are fine, cycles included.
    std::os::unix::fs::symlink(".", repo.join("base/self")).unwrap();
    std::os::unix::fs::symlink("../base/cm.yaml", repo.join("base/same.yaml")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "branch"]);
    git(&repo, &["checkout", "-q", "-b", "escape"]);
    std::os::unix::fs::symlink("/etc/hostname", repo.join("base/outside.yaml")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "escape"]);
    git(&repo, &["checkout", "-q", "main"]);
    write(&repo, "base/cm.yaml", &cm("main"));
    git(&repo, &["commit", "-q", "-am", "main"]);
    (repo, tagged)
}

/// An overlay directory in `root` whose only resource is `url`.
fn overlay(root: &Path, name: &str, url: &str) -> PathBuf {
    let dir = root.join(name);
    write(
        &dir,
        "kustomization.yaml",
        &format!("namePrefix: app-\nresources:\n- {url}\n"),
    );
    dir
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn file_urls_build_tags_branches_and_commits_like_kubectl() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, tagged) = repository(tmp.path());
    let url = |r: &str| format!("file://{}//base?ref={r}", repo.display());
    for (name, reference, want) in [
        ("tag", "v1".to_owned(), "tag"),
        ("branch", "release".to_owned(), "branch"),
        ("commit", tagged.clone(), "tag"),
    ] {
        let dir = overlay(tmp.path(), name, &url(&reference));
        let ours = stdout(&oxbow(&dir, &["--allow-remote-resources"]));
        assert!(ours.contains(&format!("from: {want}\n")), "{name}: {ours}");
        assert!(ours.contains("name: app-settings\n"), "{name}: {ours}");
        // kustomize fetches a commit id only where the server allows it.
        if name == "commit" || !have("kubectl") {
            continue;
        }
        let theirs = Command::new("kubectl")
            .arg("kustomize")
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(ours, stdout(&theirs), "{name}");
    }
    // No ref: the repository's HEAD; `?version=` is `?ref=`.
    let head = overlay(
        tmp.path(),
        "head",
        &format!("file://{}//base", repo.display()),
    );
    assert!(stdout(&oxbow(&head, &["--allow-remote-resources"])).contains("from: main\n"));
    let version = overlay(
        tmp.path(),
        "version",
        &format!("file://{}//base?version=release", repo.display()),
    );
    assert!(stdout(&oxbow(&version, &["--allow-remote-resources"])).contains("from: branch\n"));
}

#[test]
fn without_the_flag_a_git_base_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repository(tmp.path());
    let url = format!("file://{}//base?ref=v1", repo.display());
    let dir = overlay(tmp.path(), "overlay", &url);
    let err = stderr(&oxbow(&dir, &[]));
    assert!(err.contains(&url), "{err}");
    assert!(err.contains("--allow-remote-resources"), "{err}");
}

#[test]
fn unknown_refs_symlinks_out_and_oversized_clones_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repository(tmp.path());
    let missing = format!("file://{}//base?ref=no-such-ref", repo.display());
    let err = stderr(&oxbow(
        &overlay(tmp.path(), "missing", &missing),
        &["--allow-remote-resources"],
    ));
    assert!(
        err.contains(&missing) && err.contains("couldn't find remote ref 'no-such-ref'"),
        "{err}"
    );
    let escape = format!("file://{}//base?ref=escape", repo.display());
    let err = stderr(&oxbow(
        &overlay(tmp.path(), "escape", &escape),
        &["--allow-remote-resources"],
    ));
    assert!(
        err.contains("symlink 'base/outside.yaml' points outside the repository"),
        "{err}"
    );
    let tagged = format!("file://{}//base?ref=v1", repo.display());
    let small = ["--allow-remote-resources", "--remote-max-bytes", "64"];
    let err = stderr(&oxbow(&overlay(tmp.path(), "small", &tagged), &small));
    assert!(err.contains("larger than the limit of 64 bytes"), "{err}");
    let relative = "file://repo//base?ref=v1";
    let err = stderr(&oxbow(
        &overlay(tmp.path(), "relative", relative),
        &["--allow-remote-resources"],
    ));
    assert!(err.contains(relative), "{err}");
}

/// `git-daemon` for `base` on a free loopback port, killed on drop.
struct Daemon {
    port: u16,
    child: Child,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn daemon(base: &Path) -> Daemon {
    let exec_path = PathBuf::from(git(base, &["--exec-path"]));
    let port = free_port();
    // `git-daemon` itself, not `git daemon` (a grandchild that would outlive the kill).
    let child = Command::new(exec_path.join("git-daemon"))
        .args([
            "--reuseaddr",
            "--export-all",
            "--informative-errors",
            "--listen=127.0.0.1",
        ])
        .arg(format!("--port={port}"))
        .arg(format!("--base-path={}", base.display()))
        .arg(base)
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "git daemon did not listen on {port}"
        );
        std::thread::yield_now();
    }
    Daemon { port, child }
}

#[test]
fn git_urls_are_cloned_from_a_git_daemon() {
    let tmp = tempfile::tempdir().unwrap();
    let (_repo, _) = repository(tmp.path());
    let daemon = daemon(tmp.path());
    for (reference, want) in [("v1", "tag"), ("release", "branch")] {
        let url = format!("git://127.0.0.1:{}/repo//base?ref={reference}", daemon.port);
        let remote = oxbow(
            &overlay(tmp.path(), reference, &url),
            &["--allow-remote-resources"],
        );
        let local = format!(
            "file://{}//base?ref={reference}",
            tmp.path().join("repo").display()
        );
        let local = oxbow(
            &overlay(tmp.path(), &format!("{reference}-local"), &local),
            &["--allow-remote-resources"],
        );
        let built = stdout(&remote);
        assert!(built.contains(&format!("from: {want}\n")), "{built}");
        assert_eq!(built, stdout(&local));
    }
}

#[test]
fn a_server_that_never_answers_fails_within_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and holds every connection, never writing a byte.
    std::thread::spawn(move || {
        let held: Vec<TcpStream> = listener.incoming().flatten().collect();
        drop(held);
    });
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("git://127.0.0.1:{port}/repo//base?ref=v1");
    let dir = overlay(tmp.path(), "silent", &url);
    let started = Instant::now();
    let err = stderr(&oxbow(
        &dir,
        &["--allow-remote-resources", "--remote-timeout", "2s"],
    ));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        err.contains(&url) && err.contains("timed out after 2s"),
        "{err}"
    );
}
