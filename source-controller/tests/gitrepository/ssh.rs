//! `ssh://` against a real OpenSSH server: every key format Flux reads, tags,
//! the same artifact as over HTTP, and the precise failures (host key mismatch,
//! rejected key, incomplete Secret, a server that never speaks), and the
//! SOCKS5 proxy of `spec.proxySecretRef` for SSH and HTTP URLs.

use oxbow_api::source::GitRepositoryRef;

use super::support::controller::Controller;
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions};
use super::support::sshd::{ClientKey, KeySpec, Sshd};
use super::{message, repository, revision, sha256};

async fn ssh_secret(
    controller: &Controller,
    name: &str,
    key: &ClientKey,
    known_hosts: &str,
    password: Option<&str>,
) {
    let mut data = vec![("identity", key.private.as_str())];
    if !known_hosts.is_empty() {
        data.push(("known_hosts", known_hosts));
    }
    data.extend(password.map(|p| ("password", p)));
    controller.secret(name, &data).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clones_with_every_key_format_and_matches_the_http_artifact() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let first = repo.commit(&[("a.yaml", "1"), ("run.sh", "#!/bin/sh\n")], "first");
    repo.tag("v1.0.0");
    let second = repo.commit(&[("a.yaml", "2"), ("dir/b.yaml", "b")], "second");
    let Some(sshd) = Sshd::start().await else {
        return;
    };
    let Some(http) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    let known_hosts = sshd.known_hosts();
    let keys = [
        ("ed25519", KeySpec::ED25519, None),
        (
            "rsa-pem",
            KeySpec {
                kind: "rsa",
                pem: true,
                ..KeySpec::ED25519
            },
            None,
        ),
        (
            "rsa-openssh",
            KeySpec {
                kind: "rsa",
                ..KeySpec::ED25519
            },
            None,
        ),
        (
            "ecdsa-pem",
            KeySpec {
                kind: "ecdsa",
                pem: true,
                ..KeySpec::ED25519
            },
            None,
        ),
        (
            "passphrase",
            KeySpec {
                passphrase: "correct horse",
                ..KeySpec::ED25519
            },
            Some("correct horse"),
        ),
    ];
    let url = sshd.url(&repo.bare);
    for (name, spec, password) in keys {
        let key = sshd.new_key(name, spec);
        sshd.authorize(&key);
        ssh_secret(&controller, name, &key, &known_hosts, password).await;
        controller
            .create(&repository(name, &url).with_secret(name))
            .await;
    }
    // Only the server's second host key (ECDSA) listed: that is the one it must present.
    let ecdsa_only = sshd.known_hosts().lines().nth(1).unwrap().to_owned();
    assert!(ecdsa_only.contains("ecdsa-sha2-nistp256"), "{ecdsa_only}");
    let key = sshd.new_key("ecdsa-host", KeySpec::ED25519);
    sshd.authorize(&key);
    ssh_secret(&controller, "ecdsa-host", &key, &ecdsa_only, None).await;
    controller
        .create(&repository("ecdsa-host", &url).with_secret("ecdsa-host"))
        .await;
    let mut tagged = repository("tag", &url).with_secret("ed25519");
    tagged.spec.reference = Some(GitRepositoryRef {
        tag: Some("v1.0.0".into()),
        ..Default::default()
    });
    controller.create(&tagged).await;
    controller
        .create(&repository("http", &http.url("app")))
        .await;

    let over_http = controller.wait_ready("http").await;
    let expected = over_http.status.clone().unwrap().artifact.unwrap();
    assert_eq!(expected.revision, format!("master@sha1:{second}"));
    for (name, _, _) in keys {
        let ready = controller.wait_ready(name).await;
        let artifact = ready.status.unwrap().artifact.unwrap();
        assert_eq!(
            (&artifact.revision, &artifact.digest, artifact.size),
            (&expected.revision, &expected.digest, expected.size),
            "{name}: the SSH artifact differs from the HTTP one"
        );
    }
    let ready = controller.wait_ready("ed25519").await;
    let artifact = ready.status.unwrap().artifact.unwrap();
    let bytes = controller
        .download(&artifact.path)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(sha256(&bytes), artifact.digest);

    let ecdsa_host = controller.wait_ready("ecdsa-host").await;
    assert_eq!(revision(&ecdsa_host), expected.revision);
    let tag = controller.wait_ready("tag").await;
    assert_eq!(revision(&tag), format!("v1.0.0@sha1:{first}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_key_mismatch_and_rejected_keys_fail_precisely_and_keep_the_artifact() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let commit = repo.commit(&[("a.yaml", "1")], "first");
    let Some(sshd) = Sshd::start().await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    let key = sshd.new_key("authorized", KeySpec::ED25519);
    sshd.authorize(&key);
    let stranger = sshd.new_key("stranger", KeySpec::ED25519);
    let known_hosts = sshd.known_hosts();
    ssh_secret(&controller, "good", &key, &known_hosts, None).await;
    ssh_secret(
        &controller,
        "impostor",
        &key,
        &sshd.wrong_known_hosts(),
        None,
    )
    .await;
    ssh_secret(&controller, "stranger", &stranger, &known_hosts, None).await;
    ssh_secret(&controller, "no-known-hosts", &key, "", None).await;
    let url = sshd.url(&repo.bare);
    for (name, secret) in [
        ("app", "good"),
        ("mismatch", "impostor"),
        ("rejected", "stranger"),
        ("incomplete", "no-known-hosts"),
    ] {
        controller
            .create(&repository(name, &url).with_secret(secret))
            .await;
    }
    controller.create(&repository("anonymous", &url)).await;

    let ready = controller.wait_ready("app").await;
    assert_eq!(revision(&ready), format!("master@sha1:{commit}"));
    let stored = ready.status.unwrap().artifact.unwrap();

    let mismatch = controller
        .wait_condition("mismatch", "Ready", "False", Some("GitOperationFailed"))
        .await;
    assert!(
        message(&mismatch, "FetchFailed").contains("knownhosts: key mismatch"),
        "{}",
        message(&mismatch, "FetchFailed")
    );
    assert!(mismatch.status.unwrap().artifact.is_none());

    let rejected = controller
        .wait_condition("rejected", "Ready", "False", Some("GitOperationFailed"))
        .await;
    assert!(
        message(&rejected, "Ready").contains("unable to authenticate"),
        "{}",
        message(&rejected, "Ready")
    );
    for (name, missing) in [("incomplete", "known_hosts"), ("anonymous", "identity")] {
        let failed = controller
            .wait_condition(name, "Ready", "False", Some("AuthenticationFailed"))
            .await;
        let text = message(&failed, "FetchFailed");
        assert!(
            text.contains(&format!(
                "invalid 'ssh' auth option: '{missing}' is required"
            )),
            "{text}"
        );
    }
    for name in ["mismatch", "rejected", "incomplete"] {
        let status = controller.repos().get(name).await.unwrap().status.unwrap();
        let text = serde_json::to_string(&status).unwrap();
        assert!(!text.contains("PRIVATE KEY"), "{text}");
    }

    // The same object pointed at an impostor keeps serving what it had.
    controller
        .patch_spec(
            "app",
            serde_json::json!({"secretRef": {"name": "impostor"}}),
        )
        .await;
    let failed = controller
        .wait_condition("app", "FetchFailed", "True", Some("GitOperationFailed"))
        .await;
    assert_eq!(failed.status.unwrap().artifact, Some(stored.clone()));
    let bytes = controller.download(&stored.path).await;
    assert!(bytes.status().is_success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssh_and_http_urls_go_through_the_socks5_proxy_of_the_proxy_secret() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let commit = repo.commit(&[("a.yaml", "1")], "first");
    let Some(http) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let Some(sshd) = Sshd::start().await else {
        return;
    };
    let key = sshd.new_key("key", KeySpec::ED25519);
    sshd.authorize(&key);
    let Some(proxy) = sshd.socks_proxy(&key).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    ssh_secret(&controller, "creds", &key, &sshd.known_hosts(), None).await;
    controller
        .secret("proxy", &[("address", proxy.address.as_str())])
        .await;
    let dead = format!("socks5://127.0.0.1:{}", super::support::free_port());
    controller
        .secret("dead-proxy", &[("address", dead.as_str())])
        .await;
    let ssh_url = sshd.url(&repo.bare);
    let http_url = http.url("app");
    for (name, url, secret, proxy) in [
        ("ssh-proxied", &ssh_url, Some("creds"), "proxy"),
        ("ssh-dead", &ssh_url, Some("creds"), "dead-proxy"),
        ("http-proxied", &http_url, None, "proxy"),
        ("http-dead", &http_url, None, "dead-proxy"),
    ] {
        let mut object = repository(name, url);
        if let Some(secret) = secret {
            object = object.with_secret(secret);
        }
        object.spec.proxy_secret_ref = Some(oxbow_api::meta::LocalObjectReference::new(proxy));
        controller.create(&object).await;
    }
    for name in ["ssh-proxied", "http-proxied"] {
        let ready = controller.wait_ready(name).await;
        assert_eq!(revision(&ready), format!("master@sha1:{commit}"));
    }
    // The same URLs without a working proxy fail: the proxy is really in the path.
    let failed = controller
        .wait_condition("ssh-dead", "Ready", "False", Some("GitOperationFailed"))
        .await;
    let text = message(&failed, "Ready");
    assert!(text.contains(&dead["socks5://".len()..]), "{text}");
    controller
        .wait_condition("http-dead", "Ready", "False", Some("GitOperationFailed"))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_speaks_fails_within_the_timeout() {
    if super::support::require("ssh-keygen").is_none() {
        return;
    }
    // The kernel completes the TCP handshake; nobody ever reads or writes.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let key = ClientKey::generate(dir.path(), "key", KeySpec::ED25519);
    let known_hosts = format!("[127.0.0.1]:{port} {}\n", key.public);
    let controller = Controller::start(&[]).await;
    ssh_secret(&controller, "creds", &key, &known_hosts, None).await;
    let mut object =
        repository("silent", &format!("ssh://git@127.0.0.1:{port}/app.git")).with_secret("creds");
    object.spec.timeout = Some("2s".into());
    controller.create(&object).await;
    let failed = controller
        .wait_condition("silent", "Ready", "False", Some("GitOperationFailed"))
        .await;
    let text = message(&failed, "Ready");
    assert!(text.contains("timed out after 2s"), "{text}");
    drop(silent);
}
