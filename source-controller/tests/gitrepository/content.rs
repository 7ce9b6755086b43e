//! What goes into the artifact: default exclusions, `.sourceignore`,
//! `spec.ignore`, `spec.sparseCheckout` and `spec.include`.

use oxbow_api::meta::LocalObjectReference;
use oxbow_api::source::GitRepositoryInclude;

use super::support::controller::Controller;
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions};
use super::{entries, repository};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignore_rules_sparse_checkout_and_includes_shape_the_artifact() {
    let root = GitRoot::new();
    let app = root.repo("app", "master");
    app.commit(
        &[
            (".sourceignore", "secret.txt\n"),
            ("secret.txt", "x"),
            ("logo.png", "x"),
            (".github/workflows/ci.yaml", "x"),
            ("deploy/app.yaml", "a"),
            ("deploy/notes.md", "n"),
            ("docs/index.md", "d"),
        ],
        "first",
    );
    let lib = root.repo("lib", "master");
    lib.commit(
        &[("base/kustomization.yaml", "k"), ("other/x.yaml", "x")],
        "lib",
    );
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;

    controller
        .create(&repository("default", &server.url("app")))
        .await;
    let mut custom = repository("custom", &server.url("app"));
    custom.spec.ignore = Some("*.md\n".into());
    controller.create(&custom).await;
    let mut sparse = repository("sparse", &server.url("app"));
    sparse.spec.sparse_checkout = Some(vec!["deploy".into()]);
    controller.create(&sparse).await;
    controller
        .create(&repository("lib", &server.url("lib")))
        .await;
    let mut with_include = repository("with-include", &server.url("app"));
    with_include.spec.ignore = Some("docs/\n".into());
    with_include.spec.include = Some(vec![GitRepositoryInclude {
        repository: LocalObjectReference::new("lib"),
        from_path: Some("base".into()),
        to_path: Some("vendor/lib".into()),
    }]);
    controller.create(&with_include).await;

    let listing = |name: &'static str| {
        let controller = &controller;
        async move {
            let ready = controller.wait_ready(name).await;
            let status = ready.status.unwrap();
            let body = controller
                .download(&status.artifact.as_ref().unwrap().path)
                .await
                .bytes()
                .await
                .unwrap();
            (entries(&body), status)
        }
    };
    let (files, status) = listing("default").await;
    assert_eq!(
        files,
        vec![
            ".sourceignore",
            "deploy/",
            "deploy/app.yaml",
            "deploy/notes.md",
            "docs/",
            "docs/index.md"
        ]
    );
    assert_eq!(status.observed_ignore, None);
    let (files, status) = listing("custom").await;
    assert_eq!(
        files,
        vec![
            ".github/",
            ".github/workflows/",
            ".github/workflows/ci.yaml",
            ".sourceignore",
            "deploy/",
            "deploy/app.yaml",
            "docs/",
            "logo.png"
        ]
    );
    assert_eq!(status.observed_ignore.as_deref(), Some("*.md\n"));
    let (files, status) = listing("sparse").await;
    assert_eq!(files, vec!["deploy/", "deploy/app.yaml", "deploy/notes.md"]);
    assert_eq!(
        status.observed_sparse_checkout,
        Some(vec!["deploy".to_owned()])
    );
    let (files, status) = listing("with-include").await;
    assert!(
        files.contains(&"vendor/lib/kustomization.yaml".to_owned()),
        "{files:?}"
    );
    assert!(!files.iter().any(|f| f.contains("other")), "{files:?}");
    assert_eq!(status.included_artifacts.map(|a| a.len()), Some(1));
    assert_eq!(status.observed_include.map(|i| i.len()), Some(1));
}
