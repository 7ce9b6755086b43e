//! Deletion: finalizers and deletionTimestamp, namespace deletion cascading to its
//! contents, ownerReference garbage collection (background, foreground, orphan).

use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
use kube::api::{Api, DeleteParams, Patch, PatchParams, PostParams};
use kube::runtime::wait::conditions::is_deleted;
use serde_json::json;

use super::harness::{NAMESPACE_DEADLINE, env, status_of, wait, wait_up_to};

fn cm(name: &str, meta: serde_json::Value) -> ConfigMap {
    let mut m = json!({"name": name});
    super::harness::merge(&mut m, &meta);
    serde_json::from_value(json!({"metadata": m})).unwrap()
}

fn owned_by(owner: &ConfigMap, block: bool) -> serde_json::Value {
    json!({"ownerReferences": [{
        "apiVersion": "v1", "kind": "ConfigMap",
        "name": owner.metadata.name, "uid": owner.metadata.uid,
        "blockOwnerDeletion": block,
    }]})
}

#[tokio::test]
async fn delete_waits_for_finalizers() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let created = api
        .create(
            &PostParams::default(),
            &cm("fin", json!({"finalizers": ["example.com/hold"]})),
        )
        .await
        .unwrap();
    api.delete("fin", &DeleteParams::default()).await.unwrap();
    let pending = api.get("fin").await.unwrap();
    assert!(pending.metadata.deletion_timestamp.is_some());
    let patch = json!({"metadata": {"finalizers": null}});
    api.patch("fin", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    wait(
        api.clone(),
        "fin",
        is_deleted(created.metadata.uid.as_deref().unwrap()),
    )
    .await;
    assert_eq!(status_of(api.get("fin").await).code, 404);
}

#[tokio::test]
async fn namespace_deletion_cascades_to_its_contents() {
    let env = env().await;
    let nss: Api<Namespace> = Api::all(env.client.clone());
    let name = format!("{}-gone", env.ns);
    let ns = nss
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({"metadata": {"name": name}})).unwrap(),
        )
        .await
        .unwrap();
    let inner: Api<ConfigMap> = Api::namespaced(env.client.clone(), &name);
    let c = inner
        .create(&PostParams::default(), &cm("inside", json!({})))
        .await
        .unwrap();
    nss.delete(&name, &DeleteParams::default()).await.unwrap();
    wait_up_to(
        NAMESPACE_DEADLINE,
        inner.clone(),
        "inside",
        is_deleted(c.metadata.uid.as_deref().unwrap()),
    )
    .await;
    wait_up_to(
        NAMESPACE_DEADLINE,
        nss.clone(),
        &name,
        is_deleted(ns.metadata.uid.as_deref().unwrap()),
    )
    .await;
    let s = status_of(
        inner
            .create(&PostParams::default(), &cm("late", json!({})))
            .await,
    );
    assert!(s.code == 404 || s.code == 403, "{s:?}");
}

#[tokio::test]
async fn background_deletion_collects_dependents() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let owner = api
        .create(&PostParams::default(), &cm("owner", json!({})))
        .await
        .unwrap();
    let dep = api
        .create(&PostParams::default(), &cm("dep", owned_by(&owner, false)))
        .await
        .unwrap();
    api.delete("owner", &DeleteParams::background())
        .await
        .unwrap();
    wait(
        api.clone(),
        "dep",
        is_deleted(dep.metadata.uid.as_deref().unwrap()),
    )
    .await;
}

#[tokio::test]
async fn foreground_deletion_removes_dependents_before_the_owner() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let owner = api
        .create(&PostParams::default(), &cm("fg-owner", json!({})))
        .await
        .unwrap();
    let dep = api
        .create(
            &PostParams::default(),
            &cm("fg-dep", json!({"finalizers": ["example.com/hold"]})),
        )
        .await
        .unwrap();
    let refs = owned_by(&owner, true);
    api.patch(
        "fg-dep",
        &PatchParams::default(),
        &Patch::Merge(&json!({"metadata": refs})),
    )
    .await
    .unwrap();
    api.delete("fg-owner", &DeleteParams::foreground())
        .await
        .unwrap();
    // The dependent is being deleted but held by its finalizer: the owner must wait.
    let held = wait(api.clone(), "fg-dep", |o: Option<&ConfigMap>| {
        o.is_some_and(|c| c.metadata.deletion_timestamp.is_some())
    })
    .await
    .unwrap();
    assert!(held.metadata.deletion_timestamp.is_some());
    let owner_now = api.get("fg-owner").await.unwrap();
    assert!(
        owner_now
            .metadata
            .finalizers
            .unwrap_or_default()
            .contains(&"foregroundDeletion".to_owned())
    );
    let patch = json!({"metadata": {"finalizers": null}});
    api.patch("fg-dep", &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    wait(
        api.clone(),
        "fg-dep",
        is_deleted(dep.metadata.uid.as_deref().unwrap()),
    )
    .await;
    wait(
        api.clone(),
        "fg-owner",
        is_deleted(owner.metadata.uid.as_deref().unwrap()),
    )
    .await;
}

#[tokio::test]
async fn orphan_deletion_keeps_dependents_without_the_reference() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let owner = api
        .create(&PostParams::default(), &cm("or-owner", json!({})))
        .await
        .unwrap();
    api.create(
        &PostParams::default(),
        &cm("or-dep", owned_by(&owner, false)),
    )
    .await
    .unwrap();
    api.delete("or-owner", &DeleteParams::orphan())
        .await
        .unwrap();
    wait(
        api.clone(),
        "or-owner",
        is_deleted(owner.metadata.uid.as_deref().unwrap()),
    )
    .await;
    let dep = wait(api.clone(), "or-dep", |o: Option<&ConfigMap>| {
        o.is_some_and(|c| {
            c.metadata
                .owner_references
                .as_ref()
                .is_none_or(|r| r.is_empty())
        })
    })
    .await
    .unwrap();
    assert!(dep.metadata.deletion_timestamp.is_none());
}
