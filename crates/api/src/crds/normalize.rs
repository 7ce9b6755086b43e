//! A pass over kube-derive's output that removes what schemars adds and Flux's
//! controller-gen never emits (`nullable`, `default: null`, null branches), and
//! adds what every Flux kind declares at its root (the status default).

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, CustomResourceSubresources, JSONSchemaProps,
};
use serde_json::{Map, Value, json};

/// Kustomization annotation that turns post-build substitution off for an object.
const SUBSTITUTE_ANNOTATION: &str = "kustomize.toolkit.fluxcd.io/substitute";

/// Normalises every version's `openAPIV3Schema` of `crd` in place.
pub fn normalize(crd: &mut CustomResourceDefinition) {
    for version in &mut crd.spec.versions {
        let Some(schema) = version.schema.as_mut() else {
            continue;
        };
        let Some(props) = schema.open_api_v3_schema.take() else {
            continue;
        };
        schema.open_api_v3_schema = Some(normalize_root(props));
    }
    // controller-gen always writes `subresources`, empty for kinds without a status.
    for version in &mut crd.spec.versions {
        version
            .subresources
            .get_or_insert_with(CustomResourceSubresources::default);
    }
    // Like Flux's CRDs, opt out of post-build variable substitution, so a
    // Kustomization applying these CRDs leaves `${...}` in descriptions alone.
    crd.metadata
        .annotations
        .get_or_insert_default()
        .entry(SUBSTITUTE_ANNOTATION.to_owned())
        .or_insert_with(|| "disabled".to_owned());
    let names = &mut crd.spec.names;
    if names.list_kind.is_none() {
        names.list_kind = Some(format!("{}List", names.kind));
    }
}

/// Normalises a root schema; returns it unchanged if it does not round-trip
/// through JSON (it always does: both directions use the same serde impls).
fn normalize_root(props: JSONSchemaProps) -> JSONSchemaProps {
    let Ok(mut value) = serde_json::to_value(&props) else {
        return props;
    };
    clean(&mut value);
    if let Value::Object(root) = &mut value {
        fix_root(root);
    }
    serde_json::from_value(value).unwrap_or(props)
}

/// Recursively removes schemars artefacts from a schema node.
fn clean(node: &mut Value) {
    let Value::Object(obj) = node else {
        return;
    };
    obj.remove("nullable");
    obj.remove("title");
    obj.remove("$schema");
    // Rustdoc links read badly in `kubectl explain`: keep the code span only.
    if let Some(Value::String(text)) = obj.get_mut("description") {
        *text = text.replace("[`", "`").replace("`]", "`");
    }
    if obj.get("default") == Some(&Value::Null) {
        obj.remove("default");
    }
    for key in ["anyOf", "oneOf"] {
        collapse_null_branch(obj, key);
    }
    for (key, child) in obj.iter_mut() {
        match key.as_str() {
            // Literal values, not schemas.
            "default" | "enum" | "example" | "x-kubernetes-validations" | "required" => {}
            "properties" | "patternProperties" | "definitions" => {
                if let Value::Object(children) = child {
                    children.values_mut().for_each(clean);
                }
            }
            _ => match child {
                Value::Array(items) => items.iter_mut().for_each(clean),
                Value::Object(_) => clean(child),
                _ => {}
            },
        }
    }
}

/// Whether a schema branch only admits `null`.
fn is_null_branch(branch: &Value) -> bool {
    let Value::Object(b) = branch else {
        return false;
    };
    b.get("type") == Some(&json!("null")) || b.get("enum") == Some(&json!([null]))
}

/// Replaces `key: [X, null]` by the keys of `X` (what `Option<X>` becomes).
fn collapse_null_branch(obj: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(branches)) = obj.get(key) else {
        return;
    };
    let kept: Vec<Value> = branches
        .iter()
        .filter(|b| !is_null_branch(b))
        .cloned()
        .collect();
    if kept.len() == branches.len() {
        return;
    }
    obj.remove(key);
    match <[Value; 1]>::try_from(kept) {
        Ok([Value::Object(only)]) => {
            for (k, v) in only {
                obj.entry(k).or_insert(v);
            }
        }
        Ok([other]) => {
            obj.insert(key.to_owned(), Value::Array(vec![other]));
        }
        Err(rest) => {
            if !rest.is_empty() {
                obj.insert(key.to_owned(), Value::Array(rest));
            }
        }
    }
}

/// Root-level conventions of Flux's CRDs: the object's `apiVersion`, `kind`
/// and `metadata` are declared, `spec` is not required and a status defaults to
/// `observedGeneration: -1` when it has one, so "never reconciled" is visible.
fn fix_root(root: &mut Map<String, Value>) {
    if let Some(Value::Object(props)) = root.get_mut("properties") {
        let type_meta = [
            (
                "apiVersion",
                "The API version of this object, `<group>/<version>`.",
                "string",
            ),
            ("kind", "The kind of this object.", "string"),
            ("metadata", "", "object"),
        ];
        for (name, description, type_) in type_meta {
            props.entry(name).or_insert_with(|| match description {
                "" => json!({ "type": type_ }),
                _ => json!({ "description": description, "type": type_ }),
            });
        }
    }
    if let Some(Value::Array(required)) = root.get_mut("required") {
        required.retain(|r| r != "spec");
        if required.is_empty() {
            root.remove("required");
        }
    }
    let status = root
        .get_mut("properties")
        .and_then(|p| p.get_mut("status"))
        .and_then(Value::as_object_mut);
    // Only kinds that track a generation (not ExternalArtifact) get the default.
    let status = status.filter(|s| {
        s.get("properties")
            .is_some_and(|p| p.get("observedGeneration").is_some())
    });
    if let Some(status) = status {
        status
            .entry("default")
            .or_insert_with(|| json!({ "observedGeneration": -1 }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_nullable_null_defaults_and_null_branches() {
        let mut schema = json!({
            "type": "object",
            "properties": {
                "a": { "type": "string", "nullable": true, "default": null },
                "b": { "anyOf": [{ "type": "integer", "format": "int64" }, { "type": "null" }] },
                "c": { "type": "array", "items": { "type": "string", "nullable": true } },
                "nullable": { "type": "boolean" }
            }
        });
        clean(&mut schema);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {
                    "a": { "type": "string" },
                    "b": { "type": "integer", "format": "int64" },
                    "c": { "type": "array", "items": { "type": "string" } },
                    "nullable": { "type": "boolean" }
                }
            })
        );
    }

    #[test]
    fn root_gets_type_meta_status_default_and_spec_is_optional() {
        let mut root = json!({
            "type": "object",
            "required": ["spec"],
            "properties": {
                "spec": { "type": "object" },
                "status": { "type": "object", "properties": { "observedGeneration": { "type": "integer" } } }
            }
        });
        let Value::Object(map) = &mut root else {
            unreachable!()
        };
        fix_root(map);
        assert_eq!(root.get("required"), None);
        assert_eq!(root["properties"]["metadata"], json!({ "type": "object" }));
        assert_eq!(root["properties"]["kind"]["type"], "string");
        assert_eq!(
            root["properties"]["status"]["default"],
            json!({ "observedGeneration": -1 })
        );
    }

    #[test]
    fn status_without_observed_generation_gets_no_default() {
        let mut root =
            json!({ "properties": { "status": { "type": "object", "properties": {} } } });
        let Value::Object(map) = &mut root else {
            unreachable!()
        };
        fix_root(map);
        assert_eq!(root["properties"]["status"].get("default"), None);
    }

    #[test]
    fn descriptions_lose_rustdoc_link_brackets() {
        let mut schema = json!({ "description": "The state of a [`Bucket`]." });
        clean(&mut schema);
        assert_eq!(schema["description"], "The state of a `Bucket`.");
    }
}
