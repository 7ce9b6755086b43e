//! Bad input gets a `Status` with the right code and a message naming the problem.

use serde_json::json;

use super::harness::{env, raw};

#[tokio::test]
async fn malformed_json_is_400() {
    let env = env().await;
    let path = format!("/api/v1/namespaces/{}/configmaps", env.ns);
    let (code, out) = raw(
        &env,
        "POST",
        &path,
        "application/json",
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!(code, 400, "{out}");
    assert_eq!(out["kind"], "Status");
    assert_eq!(out["reason"], "BadRequest");
}

#[tokio::test]
async fn wrong_kind_for_the_url_is_400() {
    let env = env().await;
    let path = format!("/api/v1/namespaces/{}/configmaps", env.ns);
    let body = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}});
    let (code, out) = raw(
        &env,
        "POST",
        &path,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(code, 400, "{out}");
    let body = json!({"apiVersion": "apps/v1", "kind": "ConfigMap", "metadata": {"name": "x"}});
    let (code, out) = raw(
        &env,
        "POST",
        &path,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(code, 400, "{out}");
}

#[tokio::test]
async fn invalid_names_are_422_naming_the_field() {
    let env = env().await;
    let path = format!("/api/v1/namespaces/{}/configmaps", env.ns);
    let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "Not_Valid"}});
    let (code, out) = raw(
        &env,
        "POST",
        &path,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(code, 422, "{out}");
    assert_eq!(out["reason"], "Invalid");
    assert_eq!(out["details"]["causes"][0]["field"], "metadata.name");
    assert!(
        out["message"].as_str().unwrap().contains("Not_Valid"),
        "{out}"
    );
}

#[tokio::test]
async fn unknown_resources_are_404() {
    let env = env().await;
    let (code, out) = raw(
        &env,
        "GET",
        "/apis/nope.example.com/v1/things",
        "application/json",
        Vec::new(),
    )
    .await;
    assert_eq!(code, 404, "{out}");
    assert_eq!(out["kind"], "Status");
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let env = env().await;
    let path = format!("/api/v1/namespaces/{}/configmaps", env.ns);
    let big = "x".repeat(4 * 1024 * 1024);
    let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"}, "data": {"a": big}});
    let (code, _) = raw(
        &env,
        "POST",
        &path,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    assert_eq!(code, 413);
}

#[tokio::test]
async fn unsupported_patch_media_types_are_415() {
    let env = env().await;
    let path = format!("/api/v1/namespaces/{}/configmaps", env.ns);
    let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "m"}});
    raw(
        &env,
        "POST",
        &path,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    let (code, out) = raw(
        &env,
        "PATCH",
        &format!("{path}/m"),
        "text/plain",
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(code, 415, "{out}");
}
