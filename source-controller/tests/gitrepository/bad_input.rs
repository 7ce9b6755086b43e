//! Bad input: each object fails with Flux's reason, keeps its previous artifact,
//! and the others keep reconciling.

use super::repository;
use super::support::controller::Controller;
use super::support::fixture::GitRoot;
use super::support::free_port;
use super::support::servers::{GitHttp, HttpOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_refs_unreachable_hosts_and_malformed_refs_fail_with_precise_reasons() {
    let root = GitRoot::new();
    root.repo("app", "master")
        .commit(&[("a.yaml", "a")], "first");
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .create(&repository("no-branch", &server.url("app")).with_branch("nope"))
        .await;
    controller
        .create(&repository("no-repo", &server.url("missing")))
        .await;
    let mut unreachable = repository(
        "unreachable",
        &format!("http://127.0.0.1:{}/app.git", free_port()),
    );
    unreachable.spec.timeout = Some("5s".into());
    controller.create(&unreachable).await;
    controller
        .create(&repository("dotdot", &server.url("app")).with_branch("a/../b"))
        .await;
    // A server that accepts connections and never answers.
    let hung = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hung_port = hung.local_addr().unwrap().port();
    let _hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = hung.accept().await {
            open.push(socket);
        }
    });
    let mut slow = repository("hung", &format!("http://127.0.0.1:{hung_port}/app.git"));
    slow.spec.timeout = Some("2s".into());
    controller.create(&slow).await;
    let mut verify = repository("verify", &server.url("app"));
    verify.spec.verify = Some(oxbow_api::source::GitRepositoryVerification {
        mode: None,
        secret_ref: oxbow_api::meta::LocalObjectReference::new("keys"),
    });
    controller.create(&verify).await;
    controller
        .create(&repository("fine", &server.url("app")))
        .await;

    let failed = controller
        .wait_condition("no-branch", "Ready", "False", Some("GitOperationFailed"))
        .await;
    let message = &failed
        .status
        .unwrap()
        .conditions
        .unwrap()
        .into_iter()
        .find(|c| c.type_ == "Ready")
        .unwrap()
        .message;
    assert!(
        message.contains("couldn't find remote ref 'nope'"),
        "{message}"
    );
    controller
        .wait_condition("no-repo", "Ready", "False", Some("GitOperationFailed"))
        .await;
    controller
        .wait_condition("unreachable", "Ready", "False", Some("GitOperationFailed"))
        .await;
    controller
        .wait_condition("dotdot", "Stalled", "True", Some("GitOperationFailed"))
        .await;
    let hung = controller
        .wait_condition("hung", "Ready", "False", Some("GitOperationFailed"))
        .await;
    let message = ready_message(&hung);
    assert!(
        message.contains("timed out") || message.contains("http request failed"),
        "{message}"
    );
    // Verification keys that cannot be read: never an unverified artifact.
    let refused = controller
        .wait_condition(
            "verify",
            "SourceVerified",
            "False",
            Some("VerificationError"),
        )
        .await;
    assert!(refused.status.unwrap().artifact.is_none());
    controller
        .wait_condition("verify", "Ready", "False", Some("VerificationError"))
        .await;
    controller.wait_ready("fine").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escaping_symlinks_and_oversized_trees_keep_the_previous_artifact() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let good = repo.commit(&[("a.yaml", "a")], "first");
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&["--max-artifact-size=20000"]).await;
    controller
        .create(&repository("app", &server.url("app")))
        .await;
    let ready = controller.wait_ready("app").await;
    let before = ready.status.unwrap().artifact.unwrap();
    assert!(before.revision.ends_with(&good));

    std::os::unix::fs::symlink("../../../etc/passwd", repo.work().join("evil")).unwrap();
    let bad = repo.commit(&[], "escaping symlink");
    controller
        .patch_spec("app", serde_json::json!({"interval": "2s"}))
        .await;
    let failed = controller
        .wait_condition("app", "Ready", "False", Some("ArchiveOperationFailed"))
        .await;
    let status = failed.status.unwrap();
    assert_eq!(
        status.artifact.as_ref().unwrap().revision,
        before.revision,
        "previous artifact kept"
    );
    let conditions = status.conditions.unwrap();
    let outdated = conditions
        .iter()
        .find(|c| c.type_ == "ArtifactOutdated")
        .unwrap();
    assert_eq!(
        outdated.message,
        format!("new upstream revision 'master@sha1:{bad}'")
    );
    assert!(
        conditions
            .iter()
            .any(|c| c.type_ == "StorageOperationFailed")
    );
    assert_eq!(controller.download(&before.path).await.status(), 200);

    repo.git(&["rm", "-q", "evil"]);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: String = (0..400_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect();
    repo.commit(&[("big.txt", &noise)], "too big");
    let failed = controller
        .wait_until("app", "a size limit failure", |r| {
            ready_message(r).contains("exceeds the limit")
                || ready_message(r).contains("size limit")
        })
        .await;
    assert_eq!(
        failed.status.unwrap().artifact.unwrap().revision,
        before.revision,
        "previous artifact kept"
    );
}

fn ready_message(repo: &oxbow_api::source::GitRepository) -> String {
    repo.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
        .map(|c| c.message.clone())
        .unwrap_or_default()
}
