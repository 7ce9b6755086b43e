//! Every reference type over smart HTTP, with the status Flux reports.

use oxbow_api::source::GitRepositoryRef;

use super::support::controller::Controller;
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions};
use super::{entries, repository, sha256};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stores_the_master_branch_and_serves_it_with_the_advertised_digest() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let commit = repo.commit(
        &[
            ("deploy/app.yaml", "kind: ConfigMap\n"),
            ("README.md", "hi\n"),
        ],
        "first",
    );
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .create(&repository("app", &server.url("app")))
        .await;

    let ready = controller.wait_ready("app").await;
    let status = ready.status.unwrap();
    let artifact = status.artifact.unwrap();
    assert_eq!(artifact.revision, format!("master@sha1:{commit}"));
    assert_eq!(
        artifact.path,
        format!("gitrepository/default/app/{commit}.tar.gz")
    );
    assert_eq!(
        artifact.url,
        format!("http://source-controller.test/gitrepository/default/app/{commit}.tar.gz")
    );
    let ready_condition = status
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "Ready")
        .unwrap();
    assert_eq!(ready_condition.reason, "Succeeded");
    assert_eq!(
        ready_condition.message,
        format!("stored artifact for revision 'master@sha1:{commit}'")
    );

    let body = controller
        .download(&artifact.path)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(sha256(&body), artifact.digest);
    assert_eq!(Some(body.len() as i64), artifact.size);
    assert_eq!(
        entries(&body),
        vec!["README.md", "deploy/", "deploy/app.yaml"]
    );
    let latest = controller
        .download("gitrepository/default/app/latest.tar.gz")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(latest, body);
    assert_eq!(
        controller
            .download("gitrepository/default/app")
            .await
            .status(),
        404
    );
    assert_eq!(
        controller
            .download("gitrepository/default/app/..%2F..%2Fapp")
            .await
            .status(),
        404
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resolves_tags_semver_names_commits_and_branches_as_flux_does() {
    let root = GitRoot::new();
    let repo = root.repo("app", "main");
    let first = repo.commit(&[("a.yaml", "1")], "first");
    repo.tag("v1.0.0");
    let second = repo.commit(&[("a.yaml", "2")], "second");
    repo.tag("v1.1.0");
    repo.push_ref("refs/pull/1/head");
    let third = repo.commit(&[("a.yaml", "3")], "third");
    repo.tag("v2.0.0");
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    let cases: Vec<(&str, GitRepositoryRef, String)> = vec![
        (
            "branch",
            GitRepositoryRef {
                branch: Some("main".into()),
                ..Default::default()
            },
            format!("main@sha1:{third}"),
        ),
        (
            "tag",
            GitRepositoryRef {
                tag: Some("v1.0.0".into()),
                ..Default::default()
            },
            format!("v1.0.0@sha1:{first}"),
        ),
        (
            "semver",
            GitRepositoryRef {
                semver: Some(">=1.0.0 <2.0.0".into()),
                ..Default::default()
            },
            format!("v1.1.0@sha1:{second}"),
        ),
        (
            "name",
            GitRepositoryRef {
                name: Some("refs/pull/1/head".into()),
                ..Default::default()
            },
            format!("refs/pull/1/head@sha1:{second}"),
        ),
        (
            "commit",
            GitRepositoryRef {
                commit: Some(first.clone()),
                ..Default::default()
            },
            format!("sha1:{first}"),
        ),
        (
            "branch-commit",
            GitRepositoryRef {
                branch: Some("main".into()),
                commit: Some(second.clone()),
                ..Default::default()
            },
            format!("main@sha1:{second}"),
        ),
        (
            "precedence",
            GitRepositoryRef {
                branch: Some("main".into()),
                tag: Some("v1.0.0".into()),
                semver: Some("2.x".into()),
                ..Default::default()
            },
            format!("v2.0.0@sha1:{third}"),
        ),
    ];
    for (name, reference, _) in &cases {
        let mut object = repository(name, &server.url("app"));
        object.spec.reference = Some(reference.clone());
        controller.create(&object).await;
    }
    for (name, _, revision) in &cases {
        let ready = controller.wait_ready(name).await;
        assert_eq!(
            &ready.status.unwrap().artifact.unwrap().revision,
            revision,
            "{name}"
        );
    }
}
