//! Discovery: `/version`, health probes, `/api`, `/apis`, `/apis/<group>`, the
//! resource lists of each group/version, and aggregated discovery (`apidiscovery.k8s.io/v2`)
//! when a client asks for it.

mod aggregated;

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::app::App;
use crate::error::ApiError;
use crate::registry::ResourceInfo;

/// The Kubernetes version the server reports.
pub const KUBE_MINOR: &str = "32";

/// `/healthz`, `/livez`, `/readyz`.
pub async fn health() -> &'static str {
    "ok"
}

/// `/version`.
pub async fn version() -> Response {
    json_response(&json!({
        "major": "1",
        "minor": KUBE_MINOR,
        "gitVersion": format!("v1.{KUBE_MINOR}.0+oxbow"),
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z",
        "goVersion": "go1.23.0",
        "compiler": "gc",
        "platform": "linux/amd64",
        "emulationMajor": "1",
        "emulationMinor": KUBE_MINOR,
    }))
}

/// Serialises JSON with the `application/json` content type.
pub fn json_response(v: &Value) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        v.to_string(),
    )
        .into_response()
}

/// `/api`.
pub async fn core_versions(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if aggregated::wanted(&headers) {
        return aggregated::response(&app, true, &headers);
    }
    json_response(&json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}],
    }))
}

fn group_json(name: &str, versions: &[String]) -> Value {
    let versions: Vec<Value> = versions
        .iter()
        .map(|v| json!({"groupVersion": format!("{name}/{v}"), "version": v}))
        .collect();
    json!({
        "name": name,
        "versions": versions,
        "preferredVersion": versions.first().cloned().unwrap_or(Value::Null),
    })
}

/// `/apis`.
pub async fn groups(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if aggregated::wanted(&headers) {
        return aggregated::response(&app, false, &headers);
    }
    let groups = app.store.lock().registry.groups();
    let list: Vec<Value> = groups
        .iter()
        .filter(|(g, _)| !g.is_empty())
        .map(|(g, v)| group_json(g, v))
        .collect();
    json_response(&json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": list}))
}

/// `/apis/<group>`.
pub fn group(app: &App, name: &str) -> Result<Response, ApiError> {
    let groups = app.store.lock().registry.groups();
    let (_, versions) = groups
        .iter()
        .find(|(g, _)| g == name && !g.is_empty())
        .ok_or_else(|| ApiError::NotFound {
            message: "the server could not find the requested resource".into(),
            subject: Default::default(),
        })?;
    let mut body = group_json(name, versions);
    body["kind"] = json!("APIGroup");
    body["apiVersion"] = json!("v1");
    Ok(json_response(&body))
}

/// The verbs of a resource.
pub fn verbs(info: &ResourceInfo) -> Vec<&'static str> {
    if info.group == "authorization.k8s.io" {
        return vec!["create"];
    }
    vec![
        "create",
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "update",
        "watch",
    ]
}

fn resource_entries(info: &ResourceInfo) -> Vec<Value> {
    let mut main = json!({
        "name": info.plural,
        "singularName": info.singular,
        "namespaced": info.namespaced,
        "kind": info.kind,
        "verbs": verbs(info),
    });
    if !info.short_names.is_empty() {
        main["shortNames"] = json!(info.short_names);
    }
    if !info.categories.is_empty() {
        main["categories"] = json!(info.categories);
    }
    let mut entries = vec![main];
    if info.status_subresource {
        entries.push(json!({
            "name": format!("{}/status", info.plural),
            "singularName": "",
            "namespaced": info.namespaced,
            "kind": info.kind,
            "verbs": ["get", "patch", "update"],
        }));
    }
    entries
}

/// `/api/v1` and `/apis/<group>/<version>`.
pub fn resource_list(app: &App, group: &str, version: &str) -> Result<Response, ApiError> {
    let infos = app.store.lock().registry.in_group_version(group, version);
    if infos.is_empty() {
        return Err(ApiError::NotFound {
            message: "the server could not find the requested resource".into(),
            subject: Default::default(),
        });
    }
    let gv = if group.is_empty() {
        version.to_owned()
    } else {
        format!("{group}/{version}")
    };
    let resources: Vec<Value> = infos.iter().flat_map(|i| resource_entries(i)).collect();
    Ok(json_response(&json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": gv,
        "resources": resources,
    })))
}
