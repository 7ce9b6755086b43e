//! What kube-apiserver and kube-controller-manager add around the basics:
//! `fieldValidation` (Strict, Warn), the two views of Events, and the `default`
//! ServiceAccount and `kube-root-ca.crt` ConfigMap of every namespace.

use k8s_openapi::api::core::v1::{ConfigMap, Event as CoreEvent, ServiceAccount};
use k8s_openapi::api::events::v1::Event;
use kube::api::{Api, PostParams};
use serde_json::json;

use super::harness::{Env, env, wait};

async fn post(
    env: &Env,
    query: &str,
    body: serde_json::Value,
) -> (u16, Vec<String>, serde_json::Value) {
    let path = format!("/api/v1/namespaces/{}/configmaps?{query}", env.ns);
    let req = axum::http::Request::post(path)
        .header("content-type", "application/json")
        .body(kube::client::Body::from(body.to_string().into_bytes()))
        .unwrap();
    let resp = env.client.send(req).await.unwrap();
    let code = resp.status().as_u16();
    let warnings = resp
        .headers()
        .get_all("warning")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect();
    let bytes = axum::body::to_bytes(axum::body::Body::new(resp.into_body()), usize::MAX)
        .await
        .unwrap();
    (
        code,
        warnings,
        serde_json::from_slice(&bytes).unwrap_or_default(),
    )
}

fn with_unknown_field(name: &str) -> serde_json::Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name},
           "data": {"a": "1"}, "bogus": true})
}

#[tokio::test]
async fn strict_field_validation_rejects_unknown_fields_of_built_in_kinds() {
    let env = env().await;
    let (code, _, out) = post(&env, "fieldValidation=Strict", with_unknown_field("strict")).await;
    assert_eq!(code, 400, "{out}");
    let message = out["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("strict decoding error: unknown field \"bogus\""),
        "{message}"
    );
    // kube-apiserver rejects an unsupported value as invalid CreateOptions.
    let (code, _, out) = post(&env, "fieldValidation=Sloppy", with_unknown_field("sloppy")).await;
    assert!(code == 400 || code == 422, "{code} {out}");
}

#[tokio::test]
async fn warn_field_validation_drops_unknown_fields_with_a_warning() {
    let env = env().await;
    let (code, warnings, out) =
        post(&env, "fieldValidation=Warn", with_unknown_field("warn")).await;
    assert_eq!(code, 201, "{out}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("unknown field") && w.contains("bogus")),
        "{warnings:?}"
    );
    assert!(out.get("bogus").is_none(), "{out}");
    let (code, _, out) = post(&env, "fieldValidation=Ignore", with_unknown_field("ignore")).await;
    assert_eq!(code, 201, "{out}");
    assert!(out.get("bogus").is_none(), "{out}");
}

#[tokio::test]
async fn a_core_event_is_visible_through_events_k8s_io() {
    let env = env().await;
    let core: Api<CoreEvent> = env.api();
    let event: CoreEvent = serde_json::from_value(json!({
        "metadata": {"name": "core-made"},
        "involvedObject": {"apiVersion": "v1", "kind": "ConfigMap", "name": "x", "namespace": env.ns},
        "reason": "Tested", "message": "made through core/v1", "type": "Normal",
        "source": {"component": "conformance"}, "count": 2,
        "firstTimestamp": "2024-01-01T00:00:00Z", "lastTimestamp": "2024-01-01T00:00:01Z",
    }))
    .unwrap();
    core.create(&PostParams::default(), &event).await.unwrap();
    let seen = env.api::<Event>().get("core-made").await.unwrap();
    assert_eq!(seen.note.as_deref(), Some("made through core/v1"));
    assert_eq!(seen.reason.as_deref(), Some("Tested"));
    assert_eq!(seen.regarding.unwrap().name.as_deref(), Some("x"));
    assert_eq!(seen.deprecated_count, Some(2));
    assert_eq!(
        seen.deprecated_source.unwrap().component.as_deref(),
        Some("conformance")
    );
}

#[tokio::test]
async fn an_events_k8s_io_event_is_visible_through_core() {
    let env = env().await;
    let events: Api<Event> = env.api();
    let event: Event = serde_json::from_value(json!({
        "metadata": {"name": "new-made"},
        "eventTime": "2024-01-01T00:00:00.000000Z",
        "regarding": {"apiVersion": "v1", "kind": "ConfigMap", "name": "y", "namespace": env.ns},
        "reason": "Tested", "note": "made through events.k8s.io", "type": "Normal",
        "action": "Testing", "reportingController": "oxbow.dev/conformance",
        "reportingInstance": "conformance-1",
    }))
    .unwrap();
    events.create(&PostParams::default(), &event).await.unwrap();
    let seen = env.api::<CoreEvent>().get("new-made").await.unwrap();
    assert_eq!(seen.message.as_deref(), Some("made through events.k8s.io"));
    assert_eq!(seen.involved_object.name.as_deref(), Some("y"));
    assert_eq!(
        seen.reporting_component.as_deref(),
        Some("oxbow.dev/conformance")
    );
    assert_eq!(seen.action.as_deref(), Some("Testing"));
    let listed = env.api::<Event>().list(&Default::default()).await.unwrap();
    assert!(
        listed
            .items
            .iter()
            .any(|e| e.metadata.name.as_deref() == Some("new-made")),
        "listed through the view it was created with"
    );
    let by_regarding = env
        .api::<Event>()
        .list(&kube::api::ListParams::default().fields("regarding.name=y"))
        .await
        .unwrap();
    let names: Vec<_> = by_regarding
        .items
        .iter()
        .filter_map(|e| e.metadata.name.as_deref())
        .collect();
    assert_eq!(
        names,
        ["new-made"],
        "field selectors use the view's field names"
    );
}

#[tokio::test]
async fn namespaces_get_a_default_service_account_and_the_root_ca() {
    let env = env().await;
    let sas: Api<ServiceAccount> = env.api();
    wait(sas, "default", |o: Option<&ServiceAccount>| o.is_some()).await;
    let cms: Api<ConfigMap> = env.api();
    let cm = wait(cms, "kube-root-ca.crt", |o: Option<&ConfigMap>| o.is_some())
        .await
        .unwrap();
    let ca = cm.data.unwrap_or_default();
    assert!(
        ca.get("ca.crt")
            .is_some_and(|c| c.contains("BEGIN CERTIFICATE")),
        "{ca:?}"
    );
}
