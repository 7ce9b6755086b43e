//! Turning a CustomResourceDefinition object into a served resource, and the checks a
//! CRD must pass before it is stored.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{PrinterColumn, ResourceInfo, VersionInfo};
use crate::error::Cause;
use crate::patch::ListSchema;
use crate::schema::Structural;

/// The resource a (valid) CRD serves; `None` when no version is served.
pub fn resource_info(crd: &Value) -> Option<ResourceInfo> {
    let spec = crd.get("spec")?;
    let group = str_at(spec, "/group");
    let names = spec.get("names")?;
    let namespaced = str_at(spec, "/scope") != "Cluster";
    let mut versions: Vec<(VersionInfo, bool, bool)> = Vec::new();
    let mut status_subresource = false;
    for v in spec
        .get("versions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if v.get("served").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let raw = v.pointer("/schema/openAPIV3Schema").cloned();
        if v.pointer("/subresources/status").is_some() {
            status_subresource = true;
        }
        let columns = v
            .get("additionalPrinterColumns")
            .and_then(Value::as_array)
            .map(|cols| cols.iter().map(column).collect())
            .unwrap_or_default();
        let storage = v.get("storage").and_then(Value::as_bool).unwrap_or(false);
        versions.push((
            VersionInfo {
                name: str_at(v, "/name"),
                schema: raw.as_ref().map(|s| Arc::new(Structural::from_schema(s))),
                list_schema: Arc::new(match &raw {
                    Some(schema) => ListSchema::from_openapi_v3(schema),
                    None => ListSchema::schemaless(),
                }),
                raw_schema: raw,
                columns,
            },
            storage,
            true,
        ));
    }
    if versions.is_empty() {
        return None;
    }
    versions.sort_by(|a, b| {
        super::version_priority(&b.0.name).cmp(&super::version_priority(&a.0.name))
    });
    let plural = str_at(names, "/plural");
    let kind = str_at(names, "/kind");
    let singular = match str_at(names, "/singular") {
        s if s.is_empty() => kind.to_lowercase(),
        s => s,
    };
    Some(ResourceInfo {
        group,
        versions: versions.into_iter().map(|(v, _, _)| v).collect(),
        kind,
        plural,
        singular,
        namespaced,
        short_names: strings(names.get("shortNames")),
        categories: strings(names.get("categories")),
        status_subresource,
        has_generation: true,
        custom: true,
    })
}

/// Checks the parts of a CRD the server relies on; returns the causes of failure.
pub fn validate(crd: &Value) -> Vec<Cause> {
    let mut causes = Vec::new();
    let name = str_at(crd, "/metadata/name");
    let group = str_at(crd, "/spec/group");
    let plural = str_at(crd, "/spec/names/plural");
    let kind = str_at(crd, "/spec/names/kind");
    if group.is_empty() || !group.contains('.') {
        causes.push(Cause::new(
            "FieldValueInvalid",
            "spec.group",
            format!("Invalid value: \"{group}\": should be a domain with at least one dot"),
        ));
    }
    if plural.is_empty() {
        causes.push(Cause::new(
            "FieldValueRequired",
            "spec.names.plural",
            "Required value",
        ));
    }
    if kind.is_empty() {
        causes.push(Cause::new(
            "FieldValueRequired",
            "spec.names.kind",
            "Required value",
        ));
    }
    if name != format!("{plural}.{group}") {
        causes.push(Cause::new(
            "FieldValueInvalid",
            "metadata.name",
            format!("Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"),
        ));
    }
    match crd.pointer("/spec/scope").and_then(Value::as_str) {
        Some("Namespaced" | "Cluster") => {}
        other => causes.push(Cause::new(
            "FieldValueNotSupported",
            "spec.scope",
            format!(
                "Unsupported value: \"{}\": supported values: \"Cluster\", \"Namespaced\"",
                other.unwrap_or("")
            ),
        )),
    }
    let versions = crd.pointer("/spec/versions").and_then(Value::as_array);
    let storage = versions
        .into_iter()
        .flatten()
        .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .count();
    if versions.is_none_or(|v| v.is_empty()) {
        causes.push(Cause::new(
            "FieldValueRequired",
            "spec.versions",
            "Required value",
        ));
    } else if storage != 1 {
        causes.push(Cause::new(
            "FieldValueInvalid",
            "spec.versions",
            "Invalid value: must have exactly one version marked as storage version",
        ));
    }
    for (i, v) in versions.into_iter().flatten().enumerate() {
        if let Some(schema) = v.pointer("/schema/openAPIV3Schema") {
            let path = format!("spec.versions[{i}].schema.openAPIV3Schema");
            causes.extend(crate::schema::cel::compile_errors(schema, &path));
        }
    }
    causes
}

/// The status a CRD gets once its names are accepted and it is established.
pub fn established_status(crd: &Value, now: &str) -> Value {
    let names = crd
        .pointer("/spec/names")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut accepted = names.clone();
    if accepted.get("singular").is_none()
        && let Some(kind) = names.get("kind").and_then(Value::as_str)
    {
        accepted["singular"] = json!(kind.to_lowercase());
    }
    if accepted.get("listKind").is_none()
        && let Some(kind) = names.get("kind").and_then(Value::as_str)
    {
        accepted["listKind"] = json!(format!("{kind}List"));
    }
    let stored: Vec<Value> = crd
        .pointer("/spec/versions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .filter_map(|v| v.get("name").cloned())
        .collect();
    let condition = |type_: &str, reason: &str, message: &str| json!({"type": type_, "status": "True", "lastTransitionTime": now, "reason": reason, "message": message});
    json!({
        "conditions": [
            condition("NamesAccepted", "NoConflicts", "no conflicts found"),
            condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
        ],
        "acceptedNames": accepted,
        "storedVersions": stored,
    })
}

fn column(c: &Value) -> PrinterColumn {
    PrinterColumn {
        name: str_at(c, "/name"),
        type_: str_at(c, "/type"),
        format: str_at(c, "/format"),
        description: str_at(c, "/description"),
        priority: c.get("priority").and_then(Value::as_i64).unwrap_or(0),
        json_path: str_at(c, "/jsonPath"),
    }
}

fn str_at(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
