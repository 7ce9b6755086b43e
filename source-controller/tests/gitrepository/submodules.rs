//! `spec.recurseSubmodules`: relative and absolute submodule URLs, nesting, a
//! gitlink that is not a branch tip, and the parent's credentials reused.

use std::io::Read;

use super::support::controller::Controller;
use super::support::fixture::{GitRoot, Repo};
use super::support::servers::{GitHttp, HttpOptions};
use super::support::sshd::{KeySpec, Sshd};
use super::{entries, repository};

/// Stages a gitlink to `commit` at `path` with its `.gitmodules` entry.
fn link(repo: &Repo, path: &str, url: &str, commit: &str) {
    let modules = repo.work().join(".gitmodules");
    let mut text = std::fs::read_to_string(&modules).unwrap_or_default();
    text.push_str(&format!(
        "[submodule \"{path}\"]\n\tpath = {path}\n\turl = {url}\n"
    ));
    std::fs::write(&modules, text).unwrap();
    // An empty directory: an unpopulated submodule, which `git add -A` leaves alone.
    std::fs::create_dir_all(repo.work().join(path)).unwrap();
    repo.git(&["add", ".gitmodules"]);
    let cacheinfo = format!("160000,{commit},{path}");
    repo.git(&["update-index", "--add", "--cacheinfo", &cacheinfo]);
}

/// The content of `path` in a tar.gz.
fn file(bytes: &[u8], path: &str) -> Option<String> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let mut entries = archive.entries().unwrap();
    entries.find_map(|entry| {
        let mut entry = entry.unwrap();
        (entry.path().unwrap().to_string_lossy() == path).then(|| {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            text
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recurses_into_relative_absolute_and_nested_submodules_with_the_parents_credentials() {
    let root = GitRoot::new();
    let options = HttpOptions {
        basic_auth: Some(("git".into(), "sub-pw".into())),
        ..Default::default()
    };
    let Some(server) = GitHttp::start(root.path(), options).await else {
        return;
    };
    let deep = root.repo("deep", "master");
    let deep_commit = deep.commit(&[("d.yaml", "deep")], "deep");
    let lib = root.repo("lib", "master");
    link(&lib, "deep", "../deep.git", &deep_commit);
    let pinned = lib.commit(&[("lib.yaml", "v1")], "lib with a nested submodule");
    // The parent pins `pinned`, which is no longer a branch tip.
    lib.commit(&[("lib.yaml", "v2")], "newer");
    let other = root.repo("other", "main");
    let other_commit = other.commit(&[("o.yaml", "o")], "other");
    let app = root.repo("app", "master");
    link(&app, "vendor/lib", "../lib.git", &pinned);
    link(&app, "abs", &server.url("other"), &other_commit);
    let app_commit = app.commit(&[("app.yaml", "a")], "app");

    let controller = Controller::start(&[]).await;
    controller
        .secret("creds", &[("username", "git"), ("password", "sub-pw")])
        .await;
    let mut recursive = repository("recursive", &server.url("app")).with_secret("creds");
    recursive.spec.recurse_submodules = Some(true);
    controller.create(&recursive).await;
    controller
        .create(&repository("flat", &server.url("app")).with_secret("creds"))
        .await;

    let ready = controller.wait_ready("recursive").await;
    let status = ready.status.unwrap();
    assert_eq!(status.observed_recurse_submodules, Some(true));
    let artifact = status.artifact.unwrap();
    assert_eq!(artifact.revision, format!("master@sha1:{app_commit}"));
    let bytes = controller
        .download(&artifact.path)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(file(&bytes, "vendor/lib/lib.yaml").as_deref(), Some("v1"));
    assert_eq!(
        file(&bytes, "vendor/lib/deep/d.yaml").as_deref(),
        Some("deep")
    );
    assert_eq!(file(&bytes, "abs/o.yaml").as_deref(), Some("o"));
    assert_eq!(file(&bytes, "app.yaml").as_deref(), Some("a"));

    let flat = controller.wait_ready("flat").await.status.unwrap();
    let flat_bytes = controller
        .download(&flat.artifact.unwrap().path)
        .await
        .bytes()
        .await
        .unwrap();
    let listed = entries(&flat_bytes);
    assert!(
        listed.iter().any(|e| e.starts_with("app.yaml")),
        "{listed:?}"
    );
    assert!(
        !listed
            .iter()
            .any(|e| e.contains("lib.yaml") || e.contains("o.yaml")),
        "{listed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submodule_that_cannot_be_fetched_fails_the_fetch() {
    let root = GitRoot::new();
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let app = root.repo("app", "master");
    link(&app, "missing", "../missing.git", &"a".repeat(40));
    app.commit(&[("app.yaml", "a")], "app");
    let controller = Controller::start(&[]).await;
    let mut object = repository("app", &server.url("app"));
    object.spec.recurse_submodules = Some(true);
    controller.create(&object).await;
    let failed = controller
        .wait_condition("app", "Ready", "False", Some("GitOperationFailed"))
        .await;
    let status = failed.status.unwrap();
    assert!(status.artifact.is_none());
    let message = &status
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "FetchFailed")
        .unwrap()
        .message;
    assert!(
        message.contains("failed to update submodule 'missing'"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submodules_over_ssh_use_the_parents_key() {
    let root = GitRoot::new();
    let lib = root.repo("lib", "master");
    let lib_commit = lib.commit(&[("lib.yaml", "over ssh")], "lib");
    let app = root.repo("app", "master");
    link(&app, "lib", "../lib.git", &lib_commit);
    app.commit(&[("app.yaml", "a")], "app");
    let Some(sshd) = Sshd::start().await else {
        return;
    };
    let key = sshd.new_key("key", KeySpec::ED25519);
    sshd.authorize(&key);
    let controller = Controller::start(&[]).await;
    let known_hosts = sshd.known_hosts();
    controller
        .secret(
            "creds",
            &[("identity", &key.private), ("known_hosts", &known_hosts)],
        )
        .await;
    let mut object = repository("app", &sshd.url(&app.bare)).with_secret("creds");
    object.spec.recurse_submodules = Some(true);
    controller.create(&object).await;
    let ready = controller.wait_ready("app").await;
    let bytes = controller
        .download(&ready.status.unwrap().artifact.unwrap().path)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(file(&bytes, "lib/lib.yaml").as_deref(), Some("over ssh"));
}
