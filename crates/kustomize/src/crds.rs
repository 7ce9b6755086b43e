//! `crds:`: CustomResourceDefinition files whose OpenAPI schemas mark fields
//! as references to other objects (`x-kubernetes-object-ref-kind`, ...), which
//! become name-reference field specs.

use serde_yaml::Value;

use crate::config::{FieldSpec, NameBackRef, TransformerConfig};
use crate::error::BuildError;
use crate::resid::Gvk;
use crate::yaml;

/// Reads CRD documents and derives name-reference config from them.
pub fn config_from_crds(text: &str, path: &str) -> Result<TransformerConfig, BuildError> {
    let mut tc = TransformerConfig::default();
    for doc in yaml::parse_stream(text, path)? {
        let kind = yaml::str_at(&doc, &["spec", "names", "kind"]).unwrap_or("").to_string();
        let group = yaml::str_at(&doc, &["spec", "group"]).unwrap_or("").to_string();
        let referrer = Gvk { group, version: String::new(), kind };
        let mut found = Vec::new();
        if let Some(versions) = yaml::get_path(&doc, &["spec", "versions"]).and_then(Value::as_sequence) {
            for v in versions {
                if let Some(s) = yaml::get_path(v, &["schema", "openAPIV3Schema"]) {
                    walk(s, &mut Vec::new(), &mut found);
                }
            }
        }
        if let Some(s) = yaml::get_path(&doc, &["spec", "validation", "openAPIV3Schema"]) {
            walk(s, &mut Vec::new(), &mut found);
        }
        for (path, ref_kind, name_key) in found {
            let mut p = path.join("/");
            if !name_key.is_empty() {
                p = format!("{p}/{name_key}");
            }
            tc.name_reference.push(NameBackRef {
                referral: Gvk { kind: ref_kind, ..Default::default() },
                referrers: vec![FieldSpec::new(referrer.clone(), &p, false)],
            });
        }
    }
    Ok(tc)
}

fn walk(schema: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String, String)>) {
    if let Some(kind) = yaml::str_at(schema, &["x-kubernetes-object-ref-kind"]) {
        let name_key = yaml::str_at(schema, &["x-kubernetes-object-ref-name-key"]).unwrap_or("").to_string();
        out.push((path.clone(), kind.to_string(), name_key));
    }
    if let Some(props) = yaml::get(schema, "properties").and_then(Value::as_mapping) {
        for (k, v) in props {
            path.push(yaml::scalar_string(k).unwrap_or_default());
            walk(v, path, out);
            path.pop();
        }
    }
    if let Some(items) = yaml::get(schema, "items") {
        walk(items, path, out);
    }
}
