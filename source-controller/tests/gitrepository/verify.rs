//! `spec.verify`: commits and tags signed with gpg or SSH keys (by git itself),
//! checked against the keys of the verification Secret, with Flux's conditions;
//! a revision that fails verification never becomes an artifact.

mod signatures;

use k8s_openapi::api::events::v1::Event;
use kube::Api;
use oxbow_api::meta::{Condition, LocalObjectReference};
use oxbow_api::source::{
    GitRepository, GitRepositoryRef, GitRepositoryVerification, GitVerificationMode,
};

use super::lifecycle::{handled, request_reconcile};
use super::support::controller::{Controller, NS};
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions};
use super::support::signing::{GpgKey, SshKey, signed_commit, signed_tag};
use super::{repository, sha256};

fn verified(
    name: &str,
    url: &str,
    mode: Option<GitVerificationMode>,
    reference: GitRepositoryRef,
) -> GitRepository {
    let mut object = repository(name, url);
    object.spec.interval = "1h".into();
    object.spec.reference = Some(reference);
    object.spec.verify = Some(GitRepositoryVerification {
        mode,
        secret_ref: LocalObjectReference::new("keys"),
    });
    object
}

fn branch(name: &str) -> GitRepositoryRef {
    GitRepositoryRef {
        branch: Some(name.into()),
        ..Default::default()
    }
}

fn tag(name: &str) -> GitRepositoryRef {
    GitRepositoryRef {
        tag: Some(name.into()),
        ..Default::default()
    }
}

fn condition(object: &GitRepository, type_: &str) -> Condition {
    let conditions = object.status.as_ref().unwrap().conditions.as_ref().unwrap();
    conditions
        .iter()
        .find(|c| c.type_ == type_)
        .unwrap()
        .clone()
}

/// Asks for an immediate reconcile (`requestedAt`) and waits until it was handled.
async fn reconcile_now(controller: &Controller, name: &str, at: &str) -> GitRepository {
    request_reconcile(controller, name, at).await;
    controller
        .wait_until(name, "requestedAt handled", |r| {
            handled(r).as_deref() == Some(at)
        })
        .await
}

/// Waits for `SourceVerified` with `status` and `reason` after the reconcile of `at`.
async fn verification_after(
    controller: &Controller,
    name: &str,
    at: &str,
    status: &str,
    reason: &str,
) -> GitRepository {
    reconcile_now(controller, name, at).await;
    controller
        .wait_condition(name, "SourceVerified", status, Some(reason))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_head_is_stored_and_failing_commits_keep_the_previous_artifact() {
    let Some(trusted) = GpgKey::generate("trusted") else {
        return;
    };
    let stranger = GpgKey::generate("stranger").unwrap();
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let good = signed_commit(&repo, &trusted, &[("a.yaml", "1")]);
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .secret("keys", &[("author.asc", &trusted.public())])
        .await;
    controller
        .create(&verified("app", &server.url("app"), None, branch("master")))
        .await;

    let ready = controller.wait_ready("app").await;
    let source_verified = condition(&ready, "SourceVerified");
    assert_eq!(source_verified.reason, "Succeeded");
    assert_eq!(
        source_verified.message,
        format!(
            "verified signature of\n\t- commit '{good}' with key '{}'",
            trusted.key_id()
        )
    );
    let status = ready.status.unwrap();
    assert_eq!(status.source_verification_mode.as_deref(), Some("HEAD"));
    let stored = status.artifact.unwrap();
    assert_eq!(stored.revision, format!("master@sha1:{good}"));

    // An unsigned commit: no artifact for it, the previous one stays served.
    let unsigned = repo.commit(&[("a.yaml", "2")], "unsigned");
    let failed =
        verification_after(&controller, "app", "1", "False", "InvalidCommitSignature").await;
    assert_eq!(
        condition(&failed, "SourceVerified").message,
        format!(
            "signature verification of commit '{unsigned}' failed: unsupported signature type: empty"
        )
    );
    let ready = condition(&failed, "Ready");
    assert_eq!(
        (ready.status, ready.reason.as_str()),
        (
            oxbow_api::meta::ConditionStatus::False,
            "InvalidCommitSignature"
        )
    );
    assert_eq!(
        failed.status.as_ref().unwrap().artifact.as_ref(),
        Some(&stored)
    );
    assert!(
        failed
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .is_none_or(|c| c.iter().all(|c| c.type_ != "ArtifactOutdated")),
        "an unverified revision is not announced as new"
    );
    let body = controller
        .download(&stored.path)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(sha256(&body), stored.digest);

    // Signed, but by a key the Secret does not hold.
    let foreign = signed_commit(&repo, &stranger, &[("a.yaml", "3")]);
    let failed =
        verification_after(&controller, "app", "2", "False", "InvalidCommitSignature").await;
    let message = condition(&failed, "SourceVerified").message;
    assert_eq!(
        message,
        format!(
            "signature verification of commit '{foreign}' failed: unable to verify Git commit: \
             unable to verify payload with any of the given key rings: no matching key"
        )
    );
    assert_eq!(
        failed.status.as_ref().unwrap().artifact.as_ref(),
        Some(&stored)
    );

    // The failure was announced as a Kubernetes Event.
    let events: Api<Event> = Api::namespaced(controller.client.clone(), NS);
    super::support::eventually(
        "a verification event",
        std::time::Duration::from_secs(20),
        || {
            let events = events.clone();
            async move {
                let list = events.list(&Default::default()).await.ok()?;
                list.items
                    .iter()
                    .any(|e| e.reason.as_deref() == Some("InvalidCommitSignature"))
                    .then_some(())
            }
        },
    )
    .await;

    // Trusted again: a new artifact.
    let next = signed_commit(&repo, &trusted, &[("a.yaml", "4")]);
    reconcile_now(&controller, "app", "3").await;
    let ready = controller.wait_ready("app").await;
    assert_eq!(
        ready.status.unwrap().artifact.unwrap().revision,
        format!("master@sha1:{next}")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssh_signed_commits_verify_against_sshpub_values() {
    let Some(author) = SshKey::generate("ed25519") else {
        return;
    };
    let outsider = SshKey::generate("rsa").unwrap();
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let good = signed_commit(&repo, &author, &[("a.yaml", "1")]);
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    let authorized = format!("# the release team\n\n{}", author.public);
    controller
        .secret(
            "keys",
            &[("broken.sshpub", "not a key"), ("team.sshpub", &authorized)],
        )
        .await;
    controller
        .create(&verified(
            "app",
            &server.url("app"),
            Some(GitVerificationMode::Head),
            branch("master"),
        ))
        .await;
    let ready = controller.wait_ready("app").await;
    assert_eq!(
        condition(&ready, "SourceVerified").message,
        format!(
            "verified signature of\n\t- commit '{good}' with key '{}'",
            author.fingerprint
        )
    );

    let foreign = signed_commit(&repo, &outsider, &[("a.yaml", "2")]);
    let failed =
        verification_after(&controller, "app", "1", "False", "InvalidCommitSignature").await;
    let message = condition(&failed, "SourceVerified").message;
    assert!(message.contains(&foreign), "{message}");
    assert!(
        message.contains("unable to verify Git commit SSH signature")
            && message.contains("no matching key"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_modes_verify_the_tag_object_and_the_commit_it_points_to() {
    let Some(gpg) = GpgKey::generate("release") else {
        return;
    };
    let ssh = SshKey::generate("ed25519").unwrap();
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let unsigned = repo.commit(&[("a.yaml", "1")], "unsigned");
    let v1 = signed_tag(&repo, &gpg, "v1.0.0");
    repo.tag("v1.1.0");
    let plain = repo.git(&["rev-parse", "v1.1.0"]);
    repo.git(&["tag", "light"]);
    repo.git(&["push", "-q", "origin", "light"]);
    let signed = signed_commit(&repo, &gpg, &[("a.yaml", "2")]);
    let v2 = signed_tag(&repo, &ssh, "v2.0.0");
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .secret(
            "keys",
            &[("gpg.asc", &gpg.public()), ("ssh.sshpub", &ssh.public)],
        )
        .await;
    let url = server.url("app");
    use GitVerificationMode::{Tag, TagAndHead};
    for (name, mode, reference) in [
        ("tag", Some(Tag), tag("v1.0.0")),
        ("tag-unsigned-head", Some(TagAndHead), tag("v1.0.0")),
        (
            "semver-both",
            Some(TagAndHead),
            GitRepositoryRef {
                semver: Some(">=2.0.0".into()),
                ..Default::default()
            },
        ),
        ("plain", Some(Tag), tag("v1.1.0")),
        (
            "light",
            Some(Tag),
            GitRepositoryRef {
                name: Some("refs/tags/light".into()),
                ..Default::default()
            },
        ),
        ("branch", Some(Tag), branch("master")),
    ] {
        controller
            .create(&verified(name, &url, mode, reference))
            .await;
    }
    let key = gpg.key_id();

    let ready = controller.wait_ready("tag").await;
    assert_eq!(
        condition(&ready, "SourceVerified").message,
        format!("verified signature of\n\t- tag 'v1.0.0@{v1}' with key '{key}'")
    );
    let status = ready.status.unwrap();
    assert_eq!(status.source_verification_mode.as_deref(), Some("Tag"));
    assert_eq!(
        status.artifact.unwrap().revision,
        format!("v1.0.0@sha1:{unsigned}")
    );

    let failed = controller
        .wait_condition(
            "tag-unsigned-head",
            "SourceVerified",
            "False",
            Some("InvalidCommitSignature"),
        )
        .await;
    assert!(failed.status.unwrap().artifact.is_none());

    let ready = controller.wait_ready("semver-both").await;
    assert_eq!(
        condition(&ready, "SourceVerified").message,
        format!(
            "verified signature of\n\t- tag 'v2.0.0@{v2}' with key '{}'\n\t- commit '{signed}' with key '{key}'",
            ssh.fingerprint
        )
    );
    assert_eq!(
        ready.status.unwrap().source_verification_mode.as_deref(),
        Some("TagAndHEAD")
    );

    let failed = controller
        .wait_condition("plain", "SourceVerified", "False", Some("InvalidGitObject"))
        .await;
    assert_eq!(
        condition(&failed, "SourceVerified").message,
        format!("cannot verify signature of tag 'v1.1.0@{plain}' since it is not signed")
    );
    let failed = controller
        .wait_condition("light", "SourceVerified", "False", Some("InvalidGitObject"))
        .await;
    assert_eq!(
        condition(&failed, "SourceVerified").message,
        "cannot verify signature of tag 'light' since it is not signed"
    );
    controller
        .wait_condition("branch", "Stalled", "True", Some("InvalidVerificationMode"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_secret_fails_verification_until_it_exists() {
    let Some(gpg) = GpgKey::generate("author") else {
        return;
    };
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    signed_commit(&repo, &gpg, &[("a.yaml", "1")]);
    let Some(server) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .create(&verified("app", &server.url("app"), None, branch("master")))
        .await;
    let failed = controller
        .wait_condition("app", "Ready", "False", Some("VerificationError"))
        .await;
    let message = condition(&failed, "SourceVerified").message;
    assert_eq!(
        message,
        "PGP public keys secret error: secrets \"keys\" not found"
    );
    assert!(failed.status.unwrap().artifact.is_none());

    controller
        .secret("keys", &[("author.asc", &gpg.public())])
        .await;
    reconcile_now(&controller, "app", "1").await;
    controller.wait_ready("app").await;
}
