//! Watch: events in order from a resourceVersion, selector transitions, initial events
//! with the end-of-initial-events bookmark, kube-rs watchers (list-watch and streaming
//! lists), timeouts, and 410 for expired resourceVersions.

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{
    DeleteParams, ListParams, Patch, PatchParams, PostParams, WatchEvent, WatchParams,
};
use kube::runtime::watcher;
use serde_json::json;

use super::harness::{DEADLINE, env};

fn cm(name: &str, labels: serde_json::Value) -> ConfigMap {
    serde_json::from_value(json!({"metadata": {"name": name, "labels": labels}})).unwrap()
}

fn rv(c: &ConfigMap) -> u64 {
    c.metadata
        .resource_version
        .as_deref()
        .unwrap()
        .parse()
        .unwrap()
}

/// The next non-bookmark event, with the suite deadline.
async fn next<S>(stream: &mut S) -> WatchEvent<ConfigMap>
where
    S: futures::Stream<Item = kube::Result<WatchEvent<ConfigMap>>> + Unpin,
{
    loop {
        let e = tokio::time::timeout(DEADLINE, stream.next())
            .await
            .expect("event in time");
        match e.expect("stream open").unwrap() {
            WatchEvent::Bookmark(_) => continue,
            other => return other,
        }
    }
}

#[tokio::test]
async fn watch_from_a_list_sees_added_modified_deleted_in_order() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let list = api.list(&ListParams::default()).await.unwrap();
    let start = list.metadata.resource_version.unwrap();
    let mut stream = api
        .watch(&WatchParams::default(), &start)
        .await
        .unwrap()
        .boxed();
    api.create(&PostParams::default(), &cm("w", json!({})))
        .await
        .unwrap();
    let patch = json!({"data": {"x": "1"}});
    api.patch("w", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    api.delete("w", &DeleteParams::default()).await.unwrap();
    let mut last = start.parse::<u64>().unwrap();
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let (kind, obj) = match next(&mut stream).await {
            WatchEvent::Added(o) => ("ADDED", o),
            WatchEvent::Modified(o) => ("MODIFIED", o),
            WatchEvent::Deleted(o) => ("DELETED", o),
            other => panic!("unexpected {other:?}"),
        };
        // A real cluster's controllers may write into a fresh namespace meanwhile
        // (kube-root-ca.crt): only this test's object counts.
        if obj.metadata.name.as_deref() != Some("w") {
            continue;
        }
        seen.push(kind);
        assert!(rv(&obj) > last, "resourceVersions increase");
        last = rv(&obj);
    }
    assert_eq!(seen, ["ADDED", "MODIFIED", "DELETED"]);
}

#[tokio::test]
async fn label_selector_watch_sees_an_object_leave_the_selection_as_deleted() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let start = api
        .create(&PostParams::default(), &cm("sel", json!({"team": "a"})))
        .await
        .unwrap();
    let wp = WatchParams::default().labels("team=a");
    let mut stream = api
        .watch(&wp, &start.metadata.resource_version.unwrap())
        .await
        .unwrap()
        .boxed();
    let patch = json!({"metadata": {"labels": {"team": "b"}}});
    api.patch("sel", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    assert!(matches!(next(&mut stream).await, WatchEvent::Deleted(_)));
    let patch = json!({"metadata": {"labels": {"team": "a"}}});
    api.patch("sel", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    assert!(matches!(next(&mut stream).await, WatchEvent::Added(_)));
}

#[tokio::test]
async fn send_initial_events_ends_with_the_initial_events_end_bookmark() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    for name in ["i1", "i2"] {
        api.create(&PostParams::default(), &cm(name, json!({})))
            .await
            .unwrap();
    }
    let wp = WatchParams::default().initial_events();
    let mut stream = api.watch(&wp, "").await.unwrap().boxed();
    let mut added = Vec::new();
    loop {
        let e = tokio::time::timeout(DEADLINE, stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        match e {
            WatchEvent::Added(o) => added.push(o.metadata.name.unwrap()),
            WatchEvent::Bookmark(b) => {
                if b.metadata
                    .annotations
                    .get("k8s.io/initial-events-end")
                    .map(String::as_str)
                    == Some("true")
                {
                    break;
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    added.sort();
    assert!(
        added.contains(&"i1".to_owned()) && added.contains(&"i2".to_owned()),
        "{added:?}"
    );
}

async fn watcher_sees_initial_state_then_changes(config: watcher::Config) {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    api.create(&PostParams::default(), &cm("before", json!({})))
        .await
        .unwrap();
    let mut stream = watcher(api.clone(), config).boxed();
    let mut initial = Vec::new();
    loop {
        let e = tokio::time::timeout(DEADLINE, stream.try_next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        match e {
            watcher::Event::Init => {}
            watcher::Event::InitApply(o) => initial.push(o.metadata.name.unwrap()),
            watcher::Event::InitDone => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(initial.contains(&"before".to_owned()), "{initial:?}");
    api.create(&PostParams::default(), &cm("after", json!({})))
        .await
        .unwrap();
    loop {
        let e = tokio::time::timeout(DEADLINE, stream.try_next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let watcher::Event::Apply(o) = e
            && o.metadata.name.as_deref() == Some("after")
        {
            break;
        }
    }
}

#[tokio::test]
async fn kube_watcher_list_watch_sees_initial_state_then_changes() {
    watcher_sees_initial_state_then_changes(watcher::Config::default()).await;
}

#[tokio::test]
async fn kube_watcher_streaming_list_sees_initial_state_then_changes() {
    watcher_sees_initial_state_then_changes(watcher::Config::default().streaming_lists()).await;
}

#[tokio::test]
async fn watch_ends_after_timeout_seconds() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let list = api.list(&ListParams::default()).await.unwrap();
    let wp = WatchParams::default().timeout(1).disable_bookmarks();
    let mut stream = api
        .watch(&wp, &list.metadata.resource_version.unwrap())
        .await
        .unwrap()
        .boxed();
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while stream.next().await.is_some() {}
    })
    .await;
    assert!(
        ended.is_ok(),
        "watch closed by the server after timeoutSeconds"
    );
}

#[tokio::test]
async fn watch_from_an_expired_resource_version_is_410_gone() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let mut stream = match api.watch(&WatchParams::default(), "1").await {
        Ok(s) => s.boxed(),
        Err(kube::Error::Api(s)) => {
            assert_eq!(s.code, 410);
            return;
        }
        Err(e) => panic!("{e}"),
    };
    match tokio::time::timeout(DEADLINE, stream.next()).await.unwrap() {
        Some(Ok(WatchEvent::Error(e))) => assert_eq!(e.code, 410),
        Some(Err(kube::Error::Api(s))) => assert_eq!(s.code, 410),
        other => panic!("expected 410, got {other:?}"),
    }
}

#[tokio::test]
async fn metadata_watcher_sees_partial_objects() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    api.create(&PostParams::default(), &cm("meta", json!({"m": "1"})))
        .await
        .unwrap();
    let list = api
        .list_metadata(&ListParams::default().labels("m=1"))
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].metadata.name.as_deref(), Some("meta"));
    let mut stream = watcher(
        kube::Api::<kube::core::PartialObjectMeta<ConfigMap>>::namespaced(
            env.client.clone(),
            &env.ns,
        ),
        watcher::Config::default().labels("m=1"),
    )
    .boxed();
    loop {
        let e = tokio::time::timeout(DEADLINE, stream.try_next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let watcher::Event::InitApply(o) = e {
            assert_eq!(o.metadata.name.as_deref(), Some("meta"));
            break;
        }
    }
}
