//! HTTP proxies of `spec.proxySecretRef` (`address`, `username`, `password`) for
//! http:// and https:// URLs, through a real `tinyproxy` on loopback. SOCKS5
//! proxies are tested with SSH in `ssh.rs`.

use super::support::controller::Controller;
use super::support::fixture::GitRoot;
use super::support::servers::{GitHttp, HttpOptions, HttpProxy};
use super::{message, repository, revision};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_and_https_urls_go_through_the_http_proxy_with_its_credentials() {
    let root = GitRoot::new();
    let repo = root.repo("app", "master");
    let commit = repo.commit(&[("a.yaml", "1")], "first");
    let Some(http) = GitHttp::start(root.path(), HttpOptions::default()).await else {
        return;
    };
    let tls = HttpOptions {
        tls: true,
        ..Default::default()
    };
    let Some(https) = GitHttp::start(root.path(), tls).await else {
        return;
    };
    let Some(proxy) = HttpProxy::start(Some(("proxy-user", "proxy-pw"))).await else {
        return;
    };
    let controller = Controller::start(&[]).await;
    let ca = &https.pki.as_ref().unwrap().ca;
    controller.secret("ca", &[("ca.crt", ca)]).await;
    let address = proxy.address.as_str();
    controller
        .secret(
            "proxy",
            &[
                ("address", address),
                ("username", "proxy-user"),
                ("password", "proxy-pw"),
            ],
        )
        .await;
    controller
        .secret(
            "wrong-password",
            &[
                ("address", address),
                ("username", "proxy-user"),
                ("password", "nope"),
            ],
        )
        .await;
    for (name, url, secret, proxy_secret) in [
        ("http-proxied", http.url("app"), None, "proxy"),
        ("https-proxied", https.url("app"), Some("ca"), "proxy"),
        ("http-refused", http.url("app"), None, "wrong-password"),
    ] {
        let mut object = repository(name, &url);
        if let Some(secret) = secret {
            object = object.with_secret(secret);
        }
        object.spec.proxy_secret_ref =
            Some(oxbow_api::meta::LocalObjectReference::new(proxy_secret));
        controller.create(&object).await;
    }
    for name in ["http-proxied", "https-proxied"] {
        let ready = controller.wait_ready(name).await;
        assert_eq!(revision(&ready), format!("master@sha1:{commit}"));
    }
    // The proxy really carried both: the plain request by URL, the TLS one by CONNECT.
    let http_port = http.url("app").split(':').nth(2).unwrap().to_owned();
    let https_port = https.url("app").split(':').nth(2).unwrap().to_owned();
    let (http_port, https_port) = (
        http_port.split('/').next().unwrap(),
        https_port.split('/').next().unwrap(),
    );
    assert!(
        proxy.logged(&format!(":{http_port}/app.git")),
        "plain request not proxied"
    );
    assert!(
        proxy.logged(&format!("CONNECT localhost:{https_port}")),
        "CONNECT not seen"
    );

    // The proxy refuses a wrong password: the clone fails, nothing is stored.
    let failed = controller
        .wait_condition("http-refused", "Ready", "False", Some("GitOperationFailed"))
        .await;
    assert_eq!(revision(&failed), "", "nothing stored");
    let text = message(&failed, "Ready");
    assert!(!text.contains("nope"), "{text}");
}
