//! Create, read, update, delete: server-set metadata, generateName, optimistic
//! concurrency, dry run, and the Status bodies of 404/409.

use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{DeleteParams, PostParams};
use serde_json::json;

use super::harness::{env, status_of};

fn cm(name: &str, data: serde_json::Value) -> ConfigMap {
    serde_json::from_value(json!({"metadata": {"name": name}, "data": data})).unwrap()
}

#[tokio::test]
async fn create_sets_uid_timestamp_and_resource_version() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let created = api
        .create(&PostParams::default(), &cm("a", json!({"k": "v"})))
        .await
        .unwrap();
    let meta = &created.metadata;
    assert_eq!(meta.uid.as_ref().unwrap().len(), 36);
    assert!(meta.creation_timestamp.is_some());
    assert!(
        meta.resource_version
            .as_ref()
            .unwrap()
            .parse::<u64>()
            .is_ok()
    );
    assert_eq!(meta.namespace.as_deref(), Some(env.ns.as_str()));
    let got = api.get("a").await.unwrap();
    assert_eq!(got.data.unwrap()["k"], "v");
}

#[tokio::test]
async fn resource_versions_increase_across_writes() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let a = api
        .create(&PostParams::default(), &cm("a", json!({})))
        .await
        .unwrap();
    let b = api
        .create(&PostParams::default(), &cm("b", json!({})))
        .await
        .unwrap();
    let rv = |c: &ConfigMap| {
        c.metadata
            .resource_version
            .clone()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    assert!(rv(&b) > rv(&a));
}

#[tokio::test]
async fn generate_name_appends_a_random_suffix() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let obj: ConfigMap =
        serde_json::from_value(json!({"metadata": {"generateName": "gen-"}})).unwrap();
    let a = api.create(&PostParams::default(), &obj).await.unwrap();
    let b = api.create(&PostParams::default(), &obj).await.unwrap();
    let (na, nb) = (a.metadata.name.unwrap(), b.metadata.name.unwrap());
    assert!(na.starts_with("gen-") && na.len() == 9, "{na}");
    assert_ne!(na, nb);
}

#[tokio::test]
async fn duplicate_create_is_409_already_exists() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    api.create(&PostParams::default(), &cm("dup", json!({})))
        .await
        .unwrap();
    let s = status_of(
        api.create(&PostParams::default(), &cm("dup", json!({})))
            .await,
    );
    assert_eq!((s.code, s.reason.as_str()), (409, "AlreadyExists"));
    assert!(
        s.message.contains("\"dup\" already exists"),
        "{}",
        s.message
    );
}

#[tokio::test]
async fn missing_object_is_404_not_found_with_details() {
    let env = env().await;
    let s = status_of(env.api::<ConfigMap>().get("nope").await);
    assert_eq!((s.code, s.reason.as_str()), (404, "NotFound"));
    assert_eq!(s.message, "configmaps \"nope\" not found");
    let details = s.details.unwrap();
    assert_eq!(
        (details.name.as_str(), details.kind.as_str()),
        ("nope", "configmaps")
    );
}

#[tokio::test]
async fn stale_resource_version_is_409_conflict() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let first = api
        .create(&PostParams::default(), &cm("occ", json!({"n": "1"})))
        .await
        .unwrap();
    let mut update = first.clone();
    update.data = Some([("n".to_owned(), "2".to_owned())].into());
    let second = api
        .replace("occ", &PostParams::default(), &update)
        .await
        .unwrap();
    assert_ne!(
        second.metadata.resource_version,
        first.metadata.resource_version
    );
    let s = status_of(api.replace("occ", &PostParams::default(), &update).await);
    assert_eq!((s.code, s.reason.as_str()), (409, "Conflict"));
    assert!(
        s.message.contains("the object has been modified"),
        "{}",
        s.message
    );
}

#[tokio::test]
async fn unchanged_update_keeps_the_resource_version() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let first = api
        .create(&PostParams::default(), &cm("same", json!({"n": "1"})))
        .await
        .unwrap();
    let again = api
        .replace("same", &PostParams::default(), &first)
        .await
        .unwrap();
    assert_eq!(
        again.metadata.resource_version,
        first.metadata.resource_version
    );
}

#[tokio::test]
async fn dry_run_create_and_delete_change_nothing() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let dry = PostParams {
        dry_run: true,
        ..Default::default()
    };
    let out = api
        .create(&dry, &cm("dry", json!({"a": "b"})))
        .await
        .unwrap();
    assert_eq!(out.metadata.name.as_deref(), Some("dry"));
    assert_eq!(status_of(api.get("dry").await).code, 404);
    api.create(&PostParams::default(), &cm("dry", json!({})))
        .await
        .unwrap();
    let dp = DeleteParams {
        dry_run: true,
        ..Default::default()
    };
    api.delete("dry", &dp).await.unwrap();
    assert!(api.get("dry").await.is_ok());
}

#[tokio::test]
async fn delete_removes_the_object() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    api.create(&PostParams::default(), &cm("gone", json!({})))
        .await
        .unwrap();
    api.delete("gone", &DeleteParams::default()).await.unwrap();
    assert_eq!(status_of(api.get("gone").await).code, 404);
    assert_eq!(
        status_of(api.delete("gone", &DeleteParams::default()).await).code,
        404
    );
}

#[tokio::test]
async fn delete_precondition_mismatch_is_409() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    api.create(&PostParams::default(), &cm("pre", json!({})))
        .await
        .unwrap();
    let dp = DeleteParams {
        preconditions: Some(kube::api::Preconditions {
            uid: Some("00000000-0000-0000-0000-000000000000".into()),
            resource_version: None,
        }),
        ..Default::default()
    };
    assert_eq!(status_of(api.delete("pre", &dp).await).code, 409);
}
