//! OpenAPI documents. `/openapi/v3` lists one document per group/version; each has
//! the object paths (with the `fieldValidation` parameter kubectl probes for before it
//! lets the server validate) and a schema per kind: the CRD's `openAPIV3Schema`, or an
//! open object for built-in kinds. Enough for `kubectl apply --server-side`, `get` and
//! `explain`. `/openapi/v2` is not served (kubectl reads it as protobuf), so
//! client-side `kubectl apply` needs `--validate=false`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::app::App;
use crate::discovery::json_response;
use crate::error::ApiError;
use crate::registry::{Registry, ResourceInfo};

/// `/openapi/v2`: not served; kubectl then skips client-side validation paths that
/// need it, or asks for `--validate=false`.
pub async fn v2() -> Response {
    ApiError::NotFound {
        message: "the server could not find the requested resource (openapi/v2 is not served; use /openapi/v3)".into(),
        subject: Default::default(),
    }
    .into_response()
}

fn gv_key(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

/// `/openapi/v3`: the index of group/version documents.
pub async fn v3_index(State(app): State<Arc<App>>) -> Response {
    let registry = app.store.lock().registry.clone();
    let mut paths = serde_json::Map::new();
    for (group, versions) in registry.groups() {
        for version in versions {
            let doc = document(&registry, &group, &version);
            let mut hasher = DefaultHasher::new();
            doc.to_string().hash(&mut hasher);
            let key = gv_key(&group, &version);
            let url = format!("/openapi/v3/{key}?hash={:016X}", hasher.finish());
            paths.insert(key, json!({"serverRelativeURL": url}));
        }
    }
    json_response(&json!({"paths": paths}))
}

/// `/openapi/v3/apis/<group>/<version>` and `/openapi/v3/api/v1`.
pub async fn v3_group(State(app): State<Arc<App>>, Path(path): Path<String>) -> Response {
    let registry = app.store.lock().registry.clone();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, version) = match parts.as_slice() {
        ["api", v] => ("", *v),
        ["apis", g, v] => (*g, *v),
        _ => return not_found(),
    };
    if registry.in_group_version(group, version).is_empty() {
        return not_found();
    }
    json_response(&document(&registry, group, version))
}

fn not_found() -> Response {
    ApiError::NotFound {
        message: "the server could not find the requested resource".into(),
        subject: Default::default(),
    }
    .into_response()
}

/// The schema name kube-apiserver uses: reversed group, version, kind.
pub fn schema_name(group: &str, version: &str, kind: &str) -> String {
    if group.is_empty() {
        return format!("io.k8s.api.core.{version}.{kind}");
    }
    let reversed: Vec<&str> = group.split('.').rev().collect();
    format!("{}.{version}.{kind}", reversed.join("."))
}

fn document(registry: &Registry, group: &str, version: &str) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for info in registry.in_group_version(group, version) {
        let gvk = json!({"group": group, "version": version, "kind": info.kind});
        let name = schema_name(group, version, &info.kind);
        let reference = json!({"$ref": format!("#/components/schemas/{name}")});
        let prefix = format!("/{}", gv_key(group, version));
        let object_path = if info.namespaced {
            format!("{prefix}/namespaces/{{namespace}}/{}/{{name}}", info.plural)
        } else {
            format!("{prefix}/{}/{{name}}", info.plural)
        };
        paths.insert(object_path, object_operations(&gvk, &reference));
        schemas.insert(name, kind_schema(&info, version, &gvk));
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.32.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn object_operations(gvk: &Value, reference: &Value) -> Value {
    let query = |name: &str| json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}});
    let ok = json!({"200": {"description": "OK", "content": {"application/json": {"schema": reference}}}});
    let op = |action: &str, params: Vec<Value>| {
        json!({
            "x-kubernetes-group-version-kind": gvk,
            "x-kubernetes-action": action,
            "parameters": params,
            "responses": ok,
        })
    };
    json!({
        "get": op("get", vec![]),
        "put": op("put", vec![query("dryRun"), query("fieldManager"), query("fieldValidation")]),
        "patch": op("patch", vec![query("dryRun"), query("fieldManager"), query("fieldValidation"), query("force")]),
        "delete": op("delete", vec![query("dryRun"), query("propagationPolicy")]),
        "parameters": [
            {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "namespace", "in": "path", "required": true, "schema": {"type": "string"}},
        ],
    })
}

fn kind_schema(info: &ResourceInfo, version: &str, gvk: &Value) -> Value {
    let mut schema = info
        .version(version)
        .and_then(|v| v.raw_schema.clone())
        .unwrap_or_else(|| {
            json!({
                "type": "object",
                "description": format!("{} (oxbow-apiserver publishes no field schema for built-in kinds)", info.kind),
                "properties": {
                    "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                    "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                },
            })
        });
    if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        props.entry("apiVersion").or_insert_with(|| json!({
            "type": "string",
            "description": "APIVersion defines the versioned schema of this representation of an object.",
        }));
        props.entry("kind").or_insert_with(|| json!({
            "type": "string",
            "description": "Kind is a string value representing the REST resource this object represents.",
        }));
        props.insert(
            "metadata".into(),
            json!({
                "type": "object",
                "description": "Standard object's metadata.",
                "x-kubernetes-preserve-unknown-fields": true,
            }),
        );
    }
    schema["x-kubernetes-group-version-kind"] = json!([gvk]);
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_reverse_the_group() {
        assert_eq!(
            schema_name("example.oxbow.dev", "v1", "Widget"),
            "dev.oxbow.example.v1.Widget"
        );
        assert_eq!(schema_name("", "v1", "Pod"), "io.k8s.api.core.v1.Pod");
    }

    #[test]
    fn every_builtin_group_version_has_a_patch_path_with_field_validation() {
        let registry = Registry::with_builtins();
        let doc = document(&registry, "apps", "v1");
        let patch =
            &doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert_eq!(
            patch["x-kubernetes-group-version-kind"]["kind"],
            "Deployment"
        );
        assert!(
            patch["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "fieldValidation")
        );
    }
}
