//! `git://` through the library (Flux's CRD only admits http, https and ssh URLs).

use std::time::Duration;

use oxbow_git::{self as git, Credentials, Reference, Remote, refs};

use super::support::fixture::GitRoot;
use super::support::servers::GitDaemon;

/// Clones the revision `reference` selects into a new temporary directory.
async fn clone_ref(
    remote: &Remote,
    adv: &git::Advertisement,
    reference: &Reference,
) -> (git::Checkout, tempfile::TempDir) {
    let selection = refs::select(reference, adv).unwrap();
    let work = tempfile::tempdir().unwrap();
    let checkout = git::clone(remote, &selection, work.path(), &[], 1 << 20)
        .await
        .unwrap();
    (checkout, work)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_branches_and_tags_from_a_git_daemon() {
    let root = GitRoot::new();
    let repo = root.repo("app", "main");
    let first = repo.commit(&[("a.yaml", "1"), ("run.sh", "#!/bin/sh\n")], "first");
    repo.tag("v1.0.0");
    let second = repo.commit(&[("a.yaml", "2")], "second");
    let Some(daemon) = GitDaemon::start(root.path()).await else {
        return;
    };
    let remote = Remote::new(
        &daemon.url("app"),
        &Credentials::default(),
        Duration::from_secs(10),
    )
    .unwrap();
    let adv = remote.ls_remote().await.unwrap();
    assert_eq!(adv.commit_of("refs/heads/main"), Some(second.as_str()));

    let branch = Reference {
        branch: Some("main".into()),
        ..Default::default()
    };
    let (checkout, _work) = clone_ref(&remote, &adv, &branch).await;
    assert_eq!(checkout.commit.id, second);
    assert_eq!(
        std::fs::read_to_string(checkout.dir.join("a.yaml")).unwrap(),
        "2"
    );

    let tag = Reference {
        tag: Some("v1.0.0".into()),
        ..Default::default()
    };
    let (checkout, _work) = clone_ref(&remote, &adv, &tag).await;
    assert_eq!(
        (
            checkout.commit.id.as_str(),
            checkout.commit.summary.as_str()
        ),
        (first.as_str(), "first")
    );
    assert_eq!(
        std::fs::read_to_string(checkout.dir.join("a.yaml")).unwrap(),
        "1"
    );

    let missing = Remote::new(
        &daemon.url("missing"),
        &Credentials::default(),
        Duration::from_secs(10),
    )
    .unwrap();
    assert!(missing.ls_remote().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv6_literal_urls_reach_the_daemon() {
    let root = GitRoot::new();
    let repo = root.repo("app", "main");
    let commit = repo.commit(&[("a.yaml", "1")], "first");
    let Some(daemon) = GitDaemon::start_on(root.path(), "::1").await else {
        return;
    };
    let url = daemon.url("app");
    assert!(url.starts_with("git://[::1]:"), "{url}");
    let remote = Remote::new(&url, &Credentials::default(), Duration::from_secs(10)).unwrap();
    let adv = remote.ls_remote().await.unwrap();
    let branch = Reference {
        branch: Some("main".into()),
        ..Default::default()
    };
    let (checkout, _work) = clone_ref(&remote, &adv, &branch).await;
    assert_eq!(checkout.commit.id, commit);
}
