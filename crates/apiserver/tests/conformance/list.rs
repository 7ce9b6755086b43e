//! Lists: label selectors with every operator, field selectors, pagination.

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{ListParams, PostParams};
use serde_json::json;

use super::harness::env;

async fn seed(api: &kube::Api<ConfigMap>) {
    for (name, labels) in [
        ("a", json!({"app": "web", "tier": "front"})),
        ("b", json!({"app": "web", "tier": "back"})),
        ("c", json!({"app": "db"})),
        ("d", json!({})),
    ] {
        let cm: ConfigMap =
            serde_json::from_value(json!({"metadata": {"name": name, "labels": labels}})).unwrap();
        api.create(&PostParams::default(), &cm).await.unwrap();
    }
}

async fn names(api: &kube::Api<ConfigMap>, lp: &ListParams) -> Vec<String> {
    let mut names: Vec<String> = api
        .list(lp)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|c| c.metadata.name)
        .collect();
    names.retain(|n| n.len() == 1);
    names.sort();
    names
}

#[tokio::test]
async fn label_selectors_support_every_operator() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    seed(&api).await;
    let sel = |s: &str| ListParams::default().labels(s);
    assert_eq!(names(&api, &sel("app=web")).await, ["a", "b"]);
    assert_eq!(names(&api, &sel("app==web,tier=back")).await, ["b"]);
    assert_eq!(names(&api, &sel("app!=web")).await, ["c", "d"]);
    assert_eq!(names(&api, &sel("app in (db,web)")).await, ["a", "b", "c"]);
    assert_eq!(names(&api, &sel("app notin (web)")).await, ["c", "d"]);
    assert_eq!(names(&api, &sel("tier")).await, ["a", "b"]);
    assert_eq!(names(&api, &sel("!tier")).await, ["c", "d"]);
}

#[tokio::test]
async fn field_selectors_match_name_and_namespace() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    seed(&api).await;
    assert_eq!(
        names(&api, &ListParams::default().fields("metadata.name=c")).await,
        ["c"]
    );
    assert_eq!(
        names(&api, &ListParams::default().fields("metadata.name!=c")).await,
        ["a", "b", "d"]
    );
    let all: kube::Api<ConfigMap> = kube::Api::all(env.client.clone());
    let lp =
        ListParams::default().fields(&format!("metadata.namespace={},metadata.name=a", env.ns));
    assert_eq!(all.list(&lp).await.unwrap().items.len(), 1);
}

#[tokio::test]
async fn pagination_returns_every_object_once() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    for i in 0..7 {
        let cm: ConfigMap = serde_json::from_value(
            json!({"metadata": {"name": format!("p{i}"), "labels": {"page": "yes"}}}),
        )
        .unwrap();
        api.create(&PostParams::default(), &cm).await.unwrap();
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut lp = ListParams::default().labels("page=yes").limit(3);
        if let Some(t) = &token {
            lp = lp.continue_token(t);
        }
        let page = api.list(&lp).await.unwrap();
        pages += 1;
        assert!(page.items.len() <= 3);
        seen.extend(page.items.into_iter().filter_map(|c| c.metadata.name));
        token = page.metadata.continue_.filter(|t| !t.is_empty());
        if token.is_none() {
            break;
        }
    }
    seen.sort();
    assert_eq!(seen, ["p0", "p1", "p2", "p3", "p4", "p5", "p6"]);
    assert_eq!(pages, 3);
}
