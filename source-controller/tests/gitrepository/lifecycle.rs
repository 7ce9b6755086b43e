//! The object's life: new commits, `requestedAt`, byte-identical rebuilds,
//! garbage collection, suspend and deletion.

use kube::api::{DeleteParams, Patch, PatchParams};

use super::support::controller::Controller;
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions};
use super::{repository, sha256};

pub(super) async fn request_reconcile(controller: &Controller, name: &str, at: &str) {
    let patch =
        serde_json::json!({"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": at}}});
    controller
        .repos()
        .patch(name, &PatchParams::default(), &Patch::Merge(patch))
        .await
        .unwrap();
}

pub(super) fn handled(repo: &oxbow_api::source::GitRepository) -> Option<String> {
    repo.status
        .as_ref()
        .and_then(|s| s.request.last_handled_reconcile_at.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_commits_requested_reconciles_garbage_collection_suspend_and_deletion() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    repo.commit(&[("a.yaml", "1")], "first");
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[
        "--artifact-retention-records=2",
        "--artifact-retention-ttl=1h",
    ])
    .await;
    let mut object = repository("app", &server.url("app"));
    object.spec.interval = "1h".into();
    controller.create(&object).await;
    let first = controller
        .wait_ready("app")
        .await
        .status
        .unwrap()
        .artifact
        .unwrap();
    let first_bytes = controller
        .download(&first.path)
        .await
        .bytes()
        .await
        .unwrap();

    // A rebuild of the same commit (ignore rules changed and back) is byte-identical.
    controller
        .patch_spec("app", serde_json::json!({"ignore": "nothing-matches\n"}))
        .await;
    controller
        .wait_until("app", "observed ignore", |r| {
            r.status
                .as_ref()
                .is_some_and(|s| s.observed_ignore.is_some())
        })
        .await;
    controller
        .patch_spec("app", serde_json::json!({"ignore": null}))
        .await;
    let rebuilt = controller
        .wait_until("app", "ignore cleared", |r| {
            r.status.as_ref().is_some_and(|s| {
                s.observed_ignore.is_none() && s.observed_generation == r.metadata.generation
            })
        })
        .await;
    let rebuilt = rebuilt.status.unwrap().artifact.unwrap();
    assert_eq!(rebuilt.digest, first.digest);
    assert_eq!(
        controller
            .download(&rebuilt.path)
            .await
            .bytes()
            .await
            .unwrap(),
        first_bytes
    );

    // requestedAt fetches at once (the interval is an hour).
    let mut revisions = vec![first.clone()];
    for (i, at) in ["2026-11-21T23:00:00Z", "2026-11-21T23:00:01Z"]
        .iter()
        .enumerate()
    {
        let commit = repo.commit(&[("a.yaml", &format!("v{}", i + 2))], "next");
        request_reconcile(&controller, "app", at).await;
        let ready = controller
            .wait_until("app", "the new revision", |r| {
                handled(r).as_deref() == Some(*at)
                    && r.status
                        .as_ref()
                        .and_then(|s| s.artifact.as_ref())
                        .is_some_and(|a| a.revision.ends_with(&commit))
            })
            .await;
        let artifact = ready.status.unwrap().artifact.unwrap();
        assert_eq!(
            sha256(
                &controller
                    .download(&artifact.path)
                    .await
                    .bytes()
                    .await
                    .unwrap()
            ),
            artifact.digest
        );
        revisions.push(artifact);
    }
    // Two records kept: the oldest archive was collected.
    let dir = controller.storage.path().join("gitrepository/default/app");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tar.gz"))
        .collect();
    files.sort();
    let mut expected: Vec<String> = revisions[1..]
        .iter()
        .map(|a| a.path.rsplit('/').next().unwrap().to_owned())
        .collect();
    expected.push("latest.tar.gz".into());
    expected.sort();
    assert_eq!(files, expected);

    // Suspended: a requested reconcile is not handled.
    controller
        .patch_spec("app", serde_json::json!({"suspend": true}))
        .await;
    let newest = repo.commit(&[("a.yaml", "suspended")], "while suspended");
    request_reconcile(&controller, "app", "2026-11-21T23:00:09Z").await;
    controller
        .patch_spec("app", serde_json::json!({"suspend": false}))
        .await;
    let resumed = controller
        .wait_until("app", "resumed", |r| {
            r.status
                .as_ref()
                .and_then(|s| s.artifact.as_ref())
                .is_some_and(|a| a.revision.ends_with(&newest))
        })
        .await;
    assert!(resumed.status.is_some());

    // Deleting the object removes its storage directory.
    controller
        .repos()
        .delete("app", &DeleteParams::default())
        .await
        .unwrap();
    let repos = controller.repos();
    super::support::eventually(
        "the object to be gone",
        std::time::Duration::from_secs(30),
        || {
            let repos = repos.clone();
            async move {
                repos
                    .get_opt("app")
                    .await
                    .ok()
                    .filter(Option::is_none)
                    .map(|_| ())
            }
        },
    )
    .await;
    assert!(!dir.exists(), "storage directory removed");
}
