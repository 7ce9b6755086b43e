//! `crds:`: OpenAPI definitions of custom kinds (the Go `openapi` map format
//! kustomize reads, or CustomResourceDefinition documents) whose properties
//! marked `x-kubernetes-object-ref-kind` become name-reference field specs.

use serde_yaml::{Mapping, Value};

use crate::config::{FieldSpec, NameBackRef, TransformerConfig};
use crate::error::BuildError;
use crate::resid::Gvk;
use crate::yaml;

/// A reference found in a schema: field path, referred kind and version.
type Found = (Vec<String>, String, String);

/// Reads a `crds:` file and derives name-reference config from it.
pub fn config_from_crds(text: &str, path: &str) -> Result<TransformerConfig, BuildError> {
    let mut tc = TransformerConfig::default();
    for doc in yaml::parse_stream(text, path)? {
        if yaml::str_at(&doc, &["kind"]) == Some("CustomResourceDefinition") {
            from_crd_document(&doc, &mut tc);
        } else if let Some(defs) = doc.as_mapping() {
            from_definitions(defs, &mut tc);
        }
    }
    Ok(tc)
}

fn add(tc: &mut TransformerConfig, referrer: &Gvk, found: Vec<Found>) {
    for (path, kind, version) in found {
        let mut p = path.join("/");
        p.push_str("/name");
        tc.name_reference.push(NameBackRef {
            referral: Gvk {
                kind,
                version,
                ..Default::default()
            },
            referrers: vec![FieldSpec::new(referrer.clone(), &p, false)],
        });
    }
}

fn from_definitions(defs: &Mapping, tc: &mut TransformerConfig) {
    for (name, def) in defs {
        let Some(name) = name.as_str() else { continue };
        let kind = name.rsplit('.').next().unwrap_or(name).to_string();
        let Some(schema) = yaml::get(def, "Schema") else {
            continue;
        };
        let mut found = Vec::new();
        walk(
            schema,
            &mut Vec::new(),
            &mut found,
            &|r| defs.get(r).and_then(|d| yaml::get(d, "Schema")),
            0,
        );
        add(
            tc,
            &Gvk {
                kind,
                ..Default::default()
            },
            found,
        );
    }
}

fn from_crd_document(doc: &Value, tc: &mut TransformerConfig) {
    let kind = yaml::str_at(doc, &["spec", "names", "kind"])
        .unwrap_or("")
        .to_string();
    let group = yaml::str_at(doc, &["spec", "group"])
        .unwrap_or("")
        .to_string();
    let referrer = Gvk {
        group,
        version: String::new(),
        kind,
    };
    let mut found = Vec::new();
    let none = |_: &str| None;
    for v in yaml::get_path(doc, &["spec", "versions"])
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        if let Some(s) = yaml::get_path(v, &["schema", "openAPIV3Schema"]) {
            walk(s, &mut Vec::new(), &mut found, &none, 0);
        }
    }
    if let Some(s) = yaml::get_path(doc, &["spec", "validation", "openAPIV3Schema"]) {
        walk(s, &mut Vec::new(), &mut found, &none, 0);
    }
    add(tc, &referrer, found);
}

fn walk<'a>(
    schema: &'a Value,
    path: &mut Vec<String>,
    out: &mut Vec<Found>,
    resolve: &dyn Fn(&str) -> Option<&'a Value>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let Some(props) = yaml::get(schema, "properties").and_then(Value::as_mapping) else {
        if let Some(target) = yaml::str_at(schema, &["$ref"]).and_then(resolve) {
            walk(target, path, out, resolve, depth + 1);
        }
        return;
    };
    for (k, v) in props {
        let key = yaml::scalar_string(k).unwrap_or_default();
        path.push(key);
        if let Some(kind) = yaml::str_at(v, &["x-kubernetes-object-ref-kind"]) {
            let version = yaml::str_at(v, &["x-kubernetes-object-ref-api-version"])
                .unwrap_or("")
                .to_string();
            out.push((path.clone(), kind.to_string(), version));
        } else if let Some(target) = yaml::str_at(v, &["$ref"]).and_then(resolve) {
            walk(target, path, out, resolve, depth + 1);
        } else {
            walk(v, path, out, resolve, depth + 1);
        }
        path.pop();
    }
}
