//! Discovery: version, groups, resources, and kube-rs `Discovery`.

use kube::discovery::{Discovery, Scope};

use super::harness::env;

#[tokio::test]
async fn version_reports_a_kubernetes_version() {
    let env = env().await;
    let info = env.client.apiserver_version().await.unwrap();
    assert_eq!(info.major, "1");
    assert!(info.git_version.starts_with("v1."), "{}", info.git_version);
}

#[tokio::test]
async fn discovery_lists_built_in_kinds_with_scope() {
    let env = env().await;
    let discovery = Discovery::new(env.client.clone()).run().await.unwrap();
    let mut found = std::collections::BTreeMap::new();
    for group in discovery.groups() {
        for (ar, caps) in group.recommended_resources() {
            found.insert(
                format!("{}/{}", ar.group, ar.plural),
                caps.scope == Scope::Namespaced,
            );
        }
    }
    for (resource, namespaced) in [
        ("/configmaps", true),
        ("/namespaces", false),
        ("/secrets", true),
        ("/serviceaccounts", true),
        ("/services", true),
        ("/pods", true),
        ("/events", true),
        ("apps/deployments", true),
        ("apps/statefulsets", true),
        ("apps/daemonsets", true),
        ("batch/jobs", true),
        ("batch/cronjobs", true),
        ("networking.k8s.io/ingresses", true),
        ("rbac.authorization.k8s.io/clusterroles", false),
        ("coordination.k8s.io/leases", true),
        ("apiextensions.k8s.io/customresourcedefinitions", false),
        ("events.k8s.io/events", true),
        ("policy/poddisruptionbudgets", true),
        ("autoscaling/horizontalpodautoscalers", true),
    ] {
        assert_eq!(found.get(resource), Some(&namespaced), "{resource}");
    }
}

#[tokio::test]
async fn health_endpoints_answer_ok() {
    let env = env().await;
    for path in ["/healthz", "/readyz", "/livez"] {
        let req = axum::http::Request::get(path).body(Vec::new()).unwrap();
        let body = env.client.request_text(req).await.unwrap();
        assert_eq!(body.trim(), "ok", "{path}");
    }
}
