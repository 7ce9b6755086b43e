//! Behaviour specific to the embedded server (not part of the conformance suite):
//! plain HTTP next to HTTPS, authentication, persistence under `--data-dir`, and
//! workload simulation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, PostParams};
use oxbow_apiserver::{Options, Server, TestCluster};
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(20);

async fn http_get(addr: std::net::SocketAddr, path: &str, token: Option<&str>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{auth}Connection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn plain_http_is_served_on_the_same_port_and_needs_the_token() {
    let cluster = TestCluster::start().await;
    let server = cluster.server().unwrap();
    let denied = http_get(server.addr(), "/api/v1/namespaces", None).await;
    assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");
    let allowed = http_get(server.addr(), "/api/v1/namespaces", Some(server.token())).await;
    assert!(allowed.starts_with("HTTP/1.1 200"), "{allowed}");
    assert!(allowed.contains("\"NamespaceList\""));
    let health = http_get(server.addr(), "/healthz", None).await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
}

#[tokio::test]
async fn state_survives_a_restart_with_a_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        data_dir: Some(dir.path().to_owned()),
        ..Options::default()
    };
    let cluster = TestCluster::try_start(options.clone()).await.unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), "default");
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "kept"}, "data": {"a": "1"}})).unwrap();
    let created = api.create(&PostParams::default(), &cm).await.unwrap();
    cluster.stop().await;

    let cluster = TestCluster::try_start(options).await.unwrap();
    let api: Api<ConfigMap> = Api::namespaced(cluster.client(), "default");
    let got = api.get("kept").await.unwrap();
    assert_eq!(got.metadata.uid, created.metadata.uid);
    let cm2: ConfigMap = serde_json::from_value(json!({"metadata": {"name": "later"}})).unwrap();
    let later = api.create(&PostParams::default(), &cm2).await.unwrap();
    let rv = |c: &ConfigMap| {
        c.metadata
            .resource_version
            .clone()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    assert!(
        rv(&later) > rv(&created),
        "resourceVersions keep increasing"
    );
    cluster.stop().await;
}

fn deployment(name: &str, image: &str) -> Deployment {
    serde_json::from_value(json!({
        "metadata": {"name": name},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                         "spec": {"containers": [{"name": "app", "image": image}]}}
        }
    }))
    .unwrap()
}

async fn wait_available(api: &Api<Deployment>, name: &str, want: &str) -> Deployment {
    let cond = move |d: Option<&Deployment>| {
        d.and_then(|d| d.status.as_ref())
            .and_then(|s| s.conditions.as_ref())
            .and_then(|c| c.iter().find(|c| c.type_.as_deref() == Some("Available")))
            .is_some_and(|c| c.status.as_deref() == Some(want))
    };
    let fut = kube::runtime::wait::await_condition(api.clone(), name, cond);
    tokio::time::timeout(DEADLINE, fut)
        .await
        .unwrap()
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn simulated_workloads_become_available_or_fail_on_the_fail_tag() {
    let cluster = TestCluster::start_with_workloads().await;
    let api: Api<Deployment> = Api::namespaced(cluster.client(), "default");
    api.create(&PostParams::default(), &deployment("good", "nginx:1"))
        .await
        .unwrap();
    let good = wait_available(&api, "good", "True").await;
    let status = good.status.unwrap();
    assert_eq!(
        (status.observed_generation, status.available_replicas),
        (Some(1), Some(2))
    );
    api.create(&PostParams::default(), &deployment("bad", "nginx:fail"))
        .await
        .unwrap();
    let bad = wait_available(&api, "bad", "False").await;
    assert_eq!(bad.status.unwrap().available_replicas, Some(0));
}

#[tokio::test]
async fn server_start_writes_a_kubeconfig_kubectl_can_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kc");
    let server = Server::start(Options {
        kubeconfig_out: Some(path.clone()),
        ..Options::default()
    })
    .await
    .unwrap();
    let yaml = std::fs::read_to_string(&path).unwrap();
    assert!(yaml.contains(&server.https_url()) && yaml.contains("certificate-authority-data"));
    server.shutdown().await;
}
