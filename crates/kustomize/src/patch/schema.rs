//! Custom OpenAPI schemas (`openapi: {path: ...}`): list merge keys for
//! strategic merge patches of the kinds the schema describes.

use serde_yaml::Value;

use super::PatchError;
use crate::yaml;

/// An OpenAPI v2 document (`definitions` with `x-kubernetes-group-version-kind`).
#[derive(Debug, Clone)]
pub struct Schema {
    definitions: serde_yaml::Mapping,
}

impl Schema {
    /// Parses a schema written as JSON or YAML.
    pub fn parse(text: &str) -> Result<Self, PatchError> {
        yaml::check_depth(text, "<openapi>").map_err(|e| PatchError::Invalid(e.to_string()))?;
        let v: Value = serde_yaml::from_str(text)
            .map_err(|e| PatchError::Invalid(format!("openapi schema: {e}")))?;
        let definitions = yaml::get(&v, "definitions")
            .and_then(Value::as_mapping)
            .cloned()
            .unwrap_or_default();
        Ok(Schema { definitions })
    }

    /// The definition of a kind, if the schema has one.
    pub fn root(&self, api_version: &str, kind: &str) -> Option<&Value> {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        self.definitions.values().find(|d| {
            yaml::get(d, "x-kubernetes-group-version-kind")
                .and_then(Value::as_sequence)
                .is_some_and(|l| {
                    l.iter().any(|g| {
                        yaml::str_at(g, &["kind"]) == Some(kind)
                            && yaml::str_at(g, &["version"]) == Some(version)
                            && yaml::str_at(g, &["group"]).unwrap_or("") == group
                    })
                })
        })
    }

    fn resolve<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(r) = yaml::str_at(v, &["$ref"]) else {
                return v;
            };
            let name = r.rsplit('/').next().unwrap_or("");
            match self.definitions.get(name) {
                Some(d) => v = d,
                None => return v,
            }
        }
        v
    }

    /// Merge keys of the list at `path` under `root`: `Ok(Some(keys))`
    /// merges, `Ok(None)` replaces, `Err(())` when the schema refers to a
    /// definition it does not hold (the built-in Kubernetes schema applies).
    #[allow(clippy::result_unit_err)]
    pub fn list_keys(&self, root: &Value, path: &[String]) -> Result<Option<Vec<String>>, ()> {
        let mut cur = self.resolve(root);
        for seg in path {
            if yaml::get(cur, "$ref").is_some() {
                return Err(());
            }
            if yaml::str_at(cur, &["type"]) == Some("array") {
                let Some(items) = yaml::get(cur, "items") else {
                    return Ok(None);
                };
                cur = self.resolve(items);
                if yaml::get(cur, "$ref").is_some() {
                    return Err(());
                }
            }
            let Some(next) = yaml::get_path(cur, &["properties", seg]) else {
                return Ok(None);
            };
            cur = self.resolve(next);
        }
        if yaml::get(cur, "$ref").is_some() {
            return Err(());
        }
        let strategy = yaml::str_at(cur, &["x-kubernetes-patch-strategy"]).unwrap_or("");
        if !strategy.split(',').any(|s| s == "merge") {
            return Ok(None);
        }
        let key = yaml::str_at(cur, &["x-kubernetes-patch-merge-key"]).unwrap_or("");
        Ok(Some(if key.is_empty() {
            Vec::new()
        } else {
            vec![key.to_string()]
        }))
    }
}
