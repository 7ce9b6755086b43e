//! What kustomize's Go decoding of a kustomization enforces beyond field
//! names: nested field names match case-insensitively, string maps hold
//! only strings, patch targets have no unknown fields, and a file that sets
//! nothing is "empty".

use serde_yaml::{Mapping, Value};

use super::loose::canonical_keys;

const IMAGE_FIELDS: &[&str] = &["name", "newName", "newTag", "digest", "tagSuffix"];
const REPLICA_FIELDS: &[&str] = &["name", "count"];
const GENERATOR_FIELDS: &[&str] = &[
    "name",
    "namespace",
    "behavior",
    "files",
    "literals",
    "envs",
    "env",
    "type",
    "options",
];
const OPTION_FIELDS: &[&str] = &[
    "labels",
    "annotations",
    "disableNameSuffixHash",
    "immutable",
];
const LABEL_FIELDS: &[&str] = &["pairs", "includeSelectors", "includeTemplates", "fields"];
const PATCH_FIELDS: &[&str] = &["path", "patch", "target", "options"];
const TARGET_FIELDS: &[&str] = &[
    "group",
    "version",
    "kind",
    "name",
    "namespace",
    "labelSelector",
    "annotationSelector",
];

fn items_mut<'a>(v: &'a mut Value, key: &str) -> impl Iterator<Item = &'a mut Value> {
    v.get_mut(key)
        .and_then(Value::as_sequence_mut)
        .into_iter()
        .flatten()
}

/// Renames nested keys that match a known field case-insensitively.
pub(super) fn canonical_nested(v: &mut Value) {
    for key in ["images", "imageTags"] {
        items_mut(v, key).for_each(|i| canonical_keys(i, IMAGE_FIELDS));
    }
    items_mut(v, "replicas").for_each(|i| canonical_keys(i, REPLICA_FIELDS));
    for key in ["configMapGenerator", "secretGenerator"] {
        for g in items_mut(v, key) {
            canonical_keys(g, GENERATOR_FIELDS);
            if let Some(o) = g.get_mut("options") {
                canonical_keys(o, OPTION_FIELDS);
            }
        }
    }
    if let Some(o) = v.get_mut("generatorOptions") {
        canonical_keys(o, OPTION_FIELDS);
    }
    items_mut(v, "labels").for_each(|i| canonical_keys(i, LABEL_FIELDS));
    for key in ["patches", "patchesJson6902"] {
        for p in items_mut(v, key) {
            canonical_keys(p, PATCH_FIELDS);
            if let Some(t) = p.get_mut("target") {
                canonical_keys(t, TARGET_FIELDS);
            }
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        _ => "string",
    }
}

fn unmarshal_error(v: &Value, field: &str) -> String {
    format!(
        "json: cannot unmarshal {} into Go struct field {field} of type string",
        kind_of(v)
    )
}

/// A Go `map[string]string`: string (or null) values.
fn string_map(m: Option<&Value>, field: &str) -> Result<(), String> {
    match bad_map_value(m, |v| matches!(v, Value::String(_))) {
        Some(bad) => Err(unmarshal_error(bad, field)),
        None => Ok(()),
    }
}

/// A Go `map[string]bool`: any key, boolean (or null) values.
fn bool_map(m: Option<&Value>, field: &str) -> Result<(), String> {
    match bad_map_value(m, |v| matches!(v, Value::Bool(_))) {
        Some(bad) => Err(format!(
            "json: cannot unmarshal {} into Go struct field {field} of type bool",
            kind_of(bad)
        )),
        None => Ok(()),
    }
}

/// The first value of map `m` that is neither null nor `ok`.
fn bad_map_value(m: Option<&Value>, ok: fn(&Value) -> bool) -> Option<&Value> {
    let Some(Value::Mapping(m)) = m else {
        return None;
    };
    m.values().find(|v| !v.is_null() && !ok(v))
}

fn known_fields(m: Option<&Value>, fields: &[&str]) -> Result<(), String> {
    let Some(Value::Mapping(m)) = m else {
        return Ok(());
    };
    match m
        .keys()
        .find(|k| !k.as_str().is_some_and(|k| fields.contains(&k)))
    {
        Some(k) => Err(format!(
            "json: unknown field {:?}",
            crate::yaml::scalar_string(k).unwrap_or_default()
        )),
        None => Ok(()),
    }
}

fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key)
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
}

/// The type and unknown-field errors Go's decoder would raise.
pub(super) fn check(v: &Value) -> Result<(), String> {
    string_map(v.get("commonLabels"), "Kustomization.commonLabels")?;
    string_map(
        v.get("commonAnnotations"),
        "Kustomization.commonAnnotations",
    )?;
    for l in items(v, "labels") {
        string_map(l.get("pairs"), "Label.labels.pairs")?;
    }
    let options = |o: Option<&Value>, what: &str| -> Result<(), String> {
        let o = o.and_then(Value::as_mapping);
        string_map(o.and_then(|o| o.get("labels")), &format!("{what}.labels"))?;
        string_map(
            o.and_then(|o| o.get("annotations")),
            &format!("{what}.annotations"),
        )
    };
    options(
        v.get("generatorOptions"),
        "GeneratorOptions.generatorOptions",
    )?;
    for key in ["configMapGenerator", "secretGenerator"] {
        for g in items(v, key) {
            options(g.get("options"), &format!("GeneratorArgs.{key}.options"))?;
        }
    }
    for key in ["images", "imageTags"] {
        for i in items(v, key) {
            if let Some(t) = i
                .get("newTag")
                .filter(|t| !matches!(t, Value::String(_) | Value::Null))
            {
                return Err(unmarshal_error(t, &format!("Image.{key}.newTag")));
            }
        }
    }
    for key in ["patches", "patchesJson6902"] {
        for p in items(v, key) {
            known_fields(p.get("target"), TARGET_FIELDS)?;
            bool_map(p.get("options"), &format!("Patch.{key}.options"))?;
        }
    }
    Ok(())
}

/// True when the file sets nothing but `apiVersion` and `kind` (Go's
/// decoded struct then equals the empty one).
pub(super) fn is_empty(v: &Mapping) -> bool {
    v.iter().all(|(k, v)| {
        matches!(k.as_str(), Some("apiVersion" | "kind")) || v.is_null() || v.as_str() == Some("")
    })
}
