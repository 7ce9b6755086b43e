//! Authentication over HTTP(S): basic, bearer, a private CA, mutual TLS, and
//! the precise reasons when credentials are wrong or missing.

use super::repository;
use super::support::controller::{Controller, NS};
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_auth_succeeds_with_the_secret_and_fails_precisely_without_it() {
    let root = GitRoot::new();
    root.repo("app", "master")
        .commit(&[("a.yaml", "a")], "first");
    let options = HttpOptions {
        basic_auth: Some(("git".into(), "s3cr3t-pw".into())),
        ..Default::default()
    };
    let Some(server) = GitHttp::start(root.path(), options).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .secret("good", &[("username", "git"), ("password", "s3cr3t-pw")])
        .await;
    controller
        .secret("bad", &[("username", "git"), ("password", "wrong-pw")])
        .await;
    controller
        .create(&repository("good", &server.url("app")).with_secret("good"))
        .await;
    controller
        .create(&repository("bad", &server.url("app")).with_secret("bad"))
        .await;
    controller
        .create(&repository("none", &server.url("app")))
        .await;
    controller
        .create(&repository("missing", &server.url("app")).with_secret("absent"))
        .await;

    controller.wait_ready("good").await;
    // As in Flux: a server refusing the credentials fails the clone
    // (GitOperationFailed); a Secret that cannot be read fails the auth options.
    for (name, reason) in [
        ("bad", "GitOperationFailed"),
        ("none", "GitOperationFailed"),
        ("missing", "AuthenticationFailed"),
    ] {
        let failed = controller
            .wait_condition(name, "Ready", "False", Some(reason))
            .await;
        let conditions = failed.status.unwrap().conditions.unwrap();
        let fetch = conditions
            .iter()
            .find(|c| c.type_ == "FetchFailed")
            .unwrap();
        assert_eq!(fetch.reason, reason);
        if name == "missing" {
            // Worded as Flux words it, with the API server's message.
            assert_eq!(
                fetch.message,
                format!("failed to get secret '{NS}/absent': secrets \"absent\" not found")
            );
        } else {
            assert!(
                fetch.message.contains("authentication required"),
                "{}",
                fetch.message
            );
        }
        assert!(
            !fetch.message.contains("wrong-pw") && !fetch.message.contains("s3cr3t"),
            "{}",
            fetch.message
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_tokens_authenticate() {
    let root = GitRoot::new();
    root.repo("app", "master")
        .commit(&[("a.yaml", "a")], "first");
    let options = HttpOptions {
        bearer: Some("tok-123".into()),
        ..Default::default()
    };
    let Some(server) = GitHttp::start(root.path(), options).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    controller
        .secret("token", &[("bearerToken", "tok-123")])
        .await;
    controller
        .create(&repository("app", &server.url("app")).with_secret("token"))
        .await;
    controller.wait_ready("app").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_needs_the_ca_and_mutual_tls_the_client_certificate() {
    let root = GitRoot::new();
    root.repo("app", "master")
        .commit(&[("a.yaml", "a")], "first");
    let Some(tls) = GitHttp::start(
        root.path(),
        HttpOptions {
            tls: true,
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let Some(mtls) = GitHttp::start(
        root.path(),
        HttpOptions {
            tls: true,
            mtls: true,
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let controller = Controller::start(&[]).await;
    let pki = tls.pki.as_ref().unwrap();
    controller.secret("ca", &[("ca.crt", &pki.ca)]).await;
    let mpki = mtls.pki.as_ref().unwrap();
    controller
        .secret(
            "mtls",
            &[
                ("ca.crt", &mpki.ca),
                ("tls.crt", &mpki.client_cert),
                ("tls.key", &mpki.client_key),
            ],
        )
        .await;
    controller
        .secret("mtls-no-cert", &[("ca.crt", &mpki.ca)])
        .await;
    controller
        .create(&repository("trusted", &tls.url("app")).with_secret("ca"))
        .await;
    controller
        .create(&repository("untrusted", &tls.url("app")))
        .await;
    controller
        .create(&repository("mtls", &mtls.url("app")).with_secret("mtls"))
        .await;
    controller
        .create(&repository("mtls-no-cert", &mtls.url("app")).with_secret("mtls-no-cert"))
        .await;
    controller.wait_ready("trusted").await;
    controller.wait_ready("mtls").await;
    controller
        .wait_condition("untrusted", "Ready", "False", Some("GitOperationFailed"))
        .await;
    controller
        .wait_condition("mtls-no-cert", "Ready", "False", None)
        .await;
}
