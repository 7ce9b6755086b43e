//! CustomResourceDefinitions registered at run time: served within a second, scope,
//! short names, status subresource and generation, structural-schema defaulting,
//! pruning and validation, printer columns as Table, server-side apply on status,
//! and removal of instances when the CRD goes.

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, ApiResource, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::runtime::wait::conditions::is_deleted;
use serde_json::{Value, json};

use super::harness::{Env, env, status_of, wait};

fn schema() -> Value {
    json!({
        "subresources": {"status": {}},
        "additionalPrinterColumns": [
            {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
            {"name": "Size", "type": "integer", "jsonPath": ".spec.size"}
        ],
        "schema": {"openAPIV3Schema": {
            "type": "object",
            "properties": {
                "spec": {
                    "type": "object",
                    "required": ["size"],
                    "properties": {
                        "size": {"type": "integer", "minimum": 1},
                        "color": {"type": "string", "enum": ["red", "blue"], "default": "red"},
                        "url": {"type": "string", "pattern": "^https?://"},
                        "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
                    }
                },
                "status": {
                    "type": "object",
                    "properties": {
                        "observedGeneration": {"type": "integer"},
                        "conditions": {"type": "array", "items": {"type": "object",
                            "properties": {"type": {"type": "string"}, "status": {"type": "string"}}}}
                    }
                }
            }
        }}
    })
}

async fn widgets(env: &Env) -> (ApiResource, Api<DynamicObject>) {
    let ar = env.crd("Widget", true, schema()).await;
    let api = Api::namespaced_with(env.client.clone(), &env.ns, &ar);
    (ar, api)
}

fn widget(ar: &ApiResource, name: &str, spec: Value) -> DynamicObject {
    serde_json::from_value(json!({
        "apiVersion": ar.api_version, "kind": ar.kind, "metadata": {"name": name}, "spec": spec
    }))
    .unwrap()
}

#[tokio::test]
async fn crd_instances_are_defaulted_and_pruned() {
    let env = env().await;
    let (ar, api) = widgets(&env).await;
    let w = api
        .create(
            &PostParams::default(),
            &widget(
                &ar,
                "w",
                json!({"size": 2, "unknown": 1, "extra": {"kept": true}}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(w.data["spec"]["color"], "red");
    assert!(w.data["spec"].get("unknown").is_none());
    assert_eq!(w.data["spec"]["extra"]["kept"], true);
}

#[tokio::test]
async fn crd_validation_rejects_with_422_and_causes() {
    let env = env().await;
    let (ar, api) = widgets(&env).await;
    for (spec, field) in [
        (json!({}), "spec.size"),
        (json!({"size": 0}), "spec.size"),
        (json!({"size": "big"}), "spec.size"),
        (json!({"size": 1, "color": "green"}), "spec.color"),
        (json!({"size": 1, "url": "ftp://x"}), "spec.url"),
    ] {
        let s = status_of(
            api.create(&PostParams::default(), &widget(&ar, "bad", spec.clone()))
                .await,
        );
        assert_eq!((s.code, s.reason.as_str()), (422, "Invalid"), "{spec}");
        let causes = s.details.unwrap().causes;
        assert!(
            causes.iter().any(|c| c.field == field),
            "{spec}: {causes:?}"
        );
    }
}

#[tokio::test]
async fn strict_field_validation_rejects_unknown_fields() {
    let env = env().await;
    let (ar, _api) = widgets(&env).await;
    let path = format!(
        "/apis/{}/v1/namespaces/{}/widgets?fieldValidation=Strict",
        ar.group, env.ns
    );
    let body = json!({"apiVersion": ar.api_version, "kind": "Widget", "metadata": {"name": "s"}, "spec": {"size": 1, "bogus": 1}});
    let (code, out) = super::harness::raw(
        &env,
        "POST",
        &path,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert!(code == 400 || code == 422, "{code} {out}");
    assert!(
        out["message"]
            .as_str()
            .unwrap_or_default()
            .contains("bogus"),
        "{out}"
    );
}

#[tokio::test]
async fn status_subresource_separates_spec_and_status_and_generation() {
    let env = env().await;
    let (ar, api) = widgets(&env).await;
    let mut w = widget(&ar, "g", json!({"size": 1}));
    w.data["status"] = json!({"observedGeneration": 99});
    let created = api.create(&PostParams::default(), &w).await.unwrap();
    assert_eq!(created.metadata.generation, Some(1));
    assert!(
        created
            .data
            .get("status")
            .is_none_or(|s| s.get("observedGeneration").is_none())
    );

    let status = json!({"status": {"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True"}]}});
    let out = api
        .patch_status("g", &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap();
    assert_eq!(
        out.metadata.generation,
        Some(1),
        "status writes leave generation alone"
    );
    assert_eq!(out.data["status"]["observedGeneration"], 1);

    let out = api
        .patch(
            "g",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"size": 5}, "status": {"observedGeneration": 7}})),
        )
        .await
        .unwrap();
    assert_eq!(out.metadata.generation, Some(2));
    assert_eq!(
        out.data["status"]["observedGeneration"], 1,
        "main resource writes ignore status"
    );

    let out = api
        .patch(
            "g",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"a": "b"}}})),
        )
        .await
        .unwrap();
    assert_eq!(
        out.metadata.generation,
        Some(2),
        "metadata changes leave generation alone"
    );

    let out = api
        .patch_status(
            "g",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"size": 9}})),
        )
        .await
        .unwrap();
    assert_eq!(out.data["spec"]["size"], 5, "status writes ignore spec");
}

#[tokio::test]
async fn server_side_apply_on_status_is_owned_by_the_status_manager() {
    let env = env().await;
    let (ar, api) = widgets(&env).await;
    api.create(
        &PostParams::default(),
        &widget(&ar, "s", json!({"size": 1})),
    )
    .await
    .unwrap();
    let status = json!({"apiVersion": ar.api_version, "kind": "Widget", "metadata": {"name": "s"},
        "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
    let out = api
        .patch_status(
            "s",
            &PatchParams::apply("gotk-widget-controller").force(),
            &Patch::Apply(&status),
        )
        .await
        .unwrap();
    assert_eq!(out.data["status"]["conditions"][0]["status"], "True");
    let managed = out.metadata.managed_fields.unwrap();
    let entry = managed
        .iter()
        .find(|m| m.manager.as_deref() == Some("gotk-widget-controller"))
        .unwrap();
    assert_eq!(entry.subresource.as_deref(), Some("status"));
}

#[tokio::test]
async fn printer_columns_render_as_a_table() {
    let env = env().await;
    let (ar, api) = widgets(&env).await;
    api.create(
        &PostParams::default(),
        &widget(&ar, "t", json!({"size": 4})),
    )
    .await
    .unwrap();
    let req = axum::http::Request::get(format!(
        "/apis/{}/v1/namespaces/{}/widgets",
        ar.group, env.ns
    ))
    .header("accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
    .body(Vec::new())
    .unwrap();
    let table: Value = serde_json::from_str(&env.client.request_text(req).await.unwrap()).unwrap();
    assert_eq!(table["kind"], "Table");
    let names: Vec<&str> = table["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Name") && names.contains(&"Size") && names.contains(&"Ready"),
        "{names:?}"
    );
    let row = &table["rows"][0]["cells"];
    let size_at = names.iter().position(|n| *n == "Size").unwrap();
    assert_eq!(row[0], "t");
    assert_eq!(row[size_at], 4);
}

#[tokio::test]
async fn cluster_scoped_crds_and_short_names_are_served() {
    let env = env().await;
    let ar = env.crd("Gadget", false, json!({"schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}})).await;
    let api: Api<DynamicObject> = Api::all_with(env.client.clone(), &ar);
    let name = format!("g-{}", env.suffix);
    let obj: DynamicObject = serde_json::from_value(json!({"apiVersion": ar.api_version, "kind": "Gadget", "metadata": {"name": name}, "anything": 1})).unwrap();
    let out = api.create(&PostParams::default(), &obj).await.unwrap();
    assert!(out.metadata.namespace.is_none());
    assert_eq!(out.data["anything"], 1);
    let discovery = kube::discovery::oneshot::group(&env.client, &ar.group)
        .await
        .unwrap();
    let (_, caps) = discovery.recommended_kind("Gadget").unwrap();
    assert_eq!(caps.scope, kube::discovery::Scope::Cluster);
    api.delete(&name, &DeleteParams::default()).await.unwrap();
}

#[tokio::test]
async fn deleting_a_crd_deletes_its_instances() {
    let env = env().await;
    let (ar, api) = widgets(&env).await;
    let w = api
        .create(
            &PostParams::default(),
            &widget(&ar, "d", json!({"size": 1})),
        )
        .await
        .unwrap();
    let crds: Api<CustomResourceDefinition> = Api::all(env.client.clone());
    let name = format!("widgets.{}", ar.group);
    let crd = crds.get(&name).await.unwrap();
    crds.delete(&name, &DeleteParams::default()).await.unwrap();
    wait(
        crds.clone(),
        &name,
        is_deleted(crd.metadata.uid.as_deref().unwrap()),
    )
    .await;
    let _ = w;
    let s = status_of(api.get("d").await);
    assert_eq!(s.code, 404);
}
