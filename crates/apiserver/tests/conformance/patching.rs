//! Patch types: JSON patch, merge patch, strategic merge patch, server-side apply
//! (managedFields, conflicts, force, removal of fields a manager stops applying), and
//! dry-run patches.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Patch, PatchParams, PostParams};
use serde_json::json;

use super::harness::{env, raw, status_of};

fn deployment(name: &str) -> serde_json::Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": [
                    {"name": "app", "image": "nginx:1"},
                    {"name": "sidecar", "image": "busybox:1"}
                ]}
            }
        }
    })
}

#[tokio::test]
async fn json_patch_and_merge_patch_edit_objects() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "p"}, "data": {"a": "1", "b": "2"}}))
            .unwrap();
    api.create(&PostParams::default(), &cm).await.unwrap();
    let path = format!("/api/v1/namespaces/{}/configmaps/p", env.ns);
    let ops = json!([
        {"op": "replace", "path": "/data/a", "value": "10"},
        {"op": "remove", "path": "/data/b"},
        {"op": "add", "path": "/data/c", "value": "3"}
    ]);
    let (code, out) = raw(
        &env,
        "PATCH",
        &path,
        "application/json-patch+json",
        ops.to_string().into_bytes(),
    )
    .await;
    assert_eq!(code, 200, "{out}");
    assert_eq!(out["data"], json!({"a": "10", "c": "3"}));
    let out = api
        .patch(
            "p",
            &PatchParams::default(),
            &Patch::Merge(json!({"data": {"a": null, "d": "4"}})),
        )
        .await
        .unwrap();
    let data = out.data.unwrap();
    assert!(!data.contains_key("a") && data["d"] == "4");
}

#[tokio::test]
async fn failing_json_patch_test_is_rejected() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let cm: ConfigMap =
        serde_json::from_value(json!({"metadata": {"name": "t"}, "data": {"a": "1"}})).unwrap();
    api.create(&PostParams::default(), &cm).await.unwrap();
    let path = format!("/api/v1/namespaces/{}/configmaps/t", env.ns);
    let ops = json!([{"op": "test", "path": "/data/a", "value": "2"}]);
    let (code, out) = raw(
        &env,
        "PATCH",
        &path,
        "application/json-patch+json",
        ops.to_string().into_bytes(),
    )
    .await;
    assert!(code == 422 || code == 500 || code == 400, "{code} {out}");
    assert_eq!(out["kind"], "Status");
    assert_eq!(api.get("t").await.unwrap().data.unwrap()["a"], "1");
}

#[tokio::test]
async fn strategic_merge_patch_merges_containers_by_name() {
    let env = env().await;
    let api = env.api::<Deployment>();
    api.create(
        &PostParams::default(),
        &serde_json::from_value(deployment("smp")).unwrap(),
    )
    .await
    .unwrap();
    let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "nginx:2"}]}}}});
    let out = api
        .patch("smp", &PatchParams::default(), &Patch::Strategic(patch))
        .await
        .unwrap();
    let containers = out.spec.template.spec.unwrap().containers;
    assert_eq!(containers.len(), 2);
    assert_eq!(containers[0].image.as_deref(), Some("nginx:2"));
    assert_eq!(containers[1].name, "sidecar");
}

#[tokio::test]
async fn generation_bumps_on_spec_changes_only() {
    let env = env().await;
    let api = env.api::<Deployment>();
    let d = api
        .create(
            &PostParams::default(),
            &serde_json::from_value(deployment("gen")).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(d.metadata.generation, Some(1));
    let out = api
        .patch(
            "gen",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"x": "y"}}})),
        )
        .await
        .unwrap();
    assert_eq!(out.metadata.generation, Some(1));
    let out = api
        .patch(
            "gen",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"replicas": 3}})),
        )
        .await
        .unwrap();
    assert_eq!(out.metadata.generation, Some(2));
}

#[tokio::test]
async fn server_side_apply_records_managed_fields_and_detects_conflicts() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let mine = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa"}, "data": {"a": "1", "b": "2"}});
    let out = api
        .patch("ssa", &PatchParams::apply("alice"), &Patch::Apply(&mine))
        .await
        .unwrap();
    let managed = out.metadata.managed_fields.unwrap();
    assert_eq!(managed[0].manager.as_deref(), Some("alice"));
    assert_eq!(managed[0].operation.as_deref(), Some("Apply"));
    assert_eq!(managed[0].fields_type.as_deref(), Some("FieldsV1"));
    let fields = serde_json::to_value(&managed[0].fields_v1).unwrap();
    assert!(fields["f:data"].get("f:a").is_some(), "{fields}");

    let theirs = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa"}, "data": {"a": "other"}});
    let s = status_of(
        api.patch("ssa", &PatchParams::apply("bob"), &Patch::Apply(&theirs))
            .await,
    );
    assert_eq!((s.code, s.reason.as_str()), (409, "Conflict"));
    assert!(s.message.contains("alice"), "{}", s.message);
    assert!(s.message.contains(".data.a"), "{}", s.message);

    let out = api
        .patch(
            "ssa",
            &PatchParams::apply("bob").force(),
            &Patch::Apply(&theirs),
        )
        .await
        .unwrap();
    assert_eq!(out.data.unwrap()["a"], "other");

    // alice stops applying b: it is removed; a is bob's now and stays.
    let fewer =
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa"}, "data": {}});
    let out = api
        .patch("ssa", &PatchParams::apply("alice"), &Patch::Apply(&fewer))
        .await
        .unwrap();
    let data = out.data.unwrap_or_default();
    assert!(!data.contains_key("b"), "{data:?}");
    assert_eq!(data.get("a").map(String::as_str), Some("other"));
}

#[tokio::test]
async fn server_side_apply_creates_and_dry_run_changes_nothing() {
    let env = env().await;
    let api = env.api::<ConfigMap>();
    let obj = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dry"}, "data": {"a": "1"}});
    let mut pp = PatchParams::apply("tester");
    pp.dry_run = true;
    api.patch("dry", &pp, &Patch::Apply(&obj)).await.unwrap();
    assert_eq!(status_of(api.get("dry").await).code, 404);
    api.patch("dry", &PatchParams::apply("tester"), &Patch::Apply(&obj))
        .await
        .unwrap();
    let merge = PatchParams {
        dry_run: true,
        ..Default::default()
    };
    let out = api
        .patch("dry", &merge, &Patch::Merge(json!({"data": {"a": "2"}})))
        .await
        .unwrap();
    assert_eq!(out.data.unwrap()["a"], "2");
    assert_eq!(api.get("dry").await.unwrap().data.unwrap()["a"], "1");
}
