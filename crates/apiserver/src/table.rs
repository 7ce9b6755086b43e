//! `Table` output (`meta.k8s.io/v1`) for `kubectl get`: CRD printer columns, a few
//! columns for built-in kinds, and a minimal JSONPath for cell values.

use serde_json::{Value, json};

use crate::handlers::Ctx;
use crate::registry::PrinterColumn;

fn col(name: &str, type_: &str, path: &str) -> PrinterColumn {
    PrinterColumn {
        name: name.to_owned(),
        type_: type_.to_owned(),
        format: String::new(),
        description: String::new(),
        priority: 0,
        json_path: path.to_owned(),
    }
}

fn builtin_columns(group: &str, plural: &str) -> Vec<PrinterColumn> {
    let mut cols = match (group, plural) {
        ("", "namespaces") => vec![col("Status", "string", ".status.phase")],
        ("", "pods") => vec![col("Status", "string", ".status.phase")],
        ("", "services") => vec![
            col("Type", "string", ".spec.type"),
            col("Cluster-IP", "string", ".spec.clusterIP"),
        ],
        ("", "secrets") => vec![col("Type", "string", ".type")],
        ("apps", "deployments" | "statefulsets" | "replicasets") => vec![
            col("Ready", "integer", ".status.readyReplicas"),
            col("Replicas", "integer", ".spec.replicas"),
            col("Available", "integer", ".status.availableReplicas"),
        ],
        ("apiextensions.k8s.io", "customresourcedefinitions") => {
            return vec![col("Created At", "date", ".metadata.creationTimestamp")];
        }
        _ => Vec::new(),
    };
    cols.push(col("Age", "date", ".metadata.creationTimestamp"));
    cols
}

/// Renders objects as a `Table`.
pub fn table(ctx: &Ctx, objs: &[Value], with_columns: bool) -> Value {
    let custom = ctx
        .info
        .version(ctx.version())
        .map(|v| v.columns.clone())
        .unwrap_or_default();
    let columns = if ctx.info.custom {
        if custom.is_empty() {
            vec![col("Age", "date", ".metadata.creationTimestamp")]
        } else {
            custom
        }
    } else {
        builtin_columns(&ctx.info.group, &ctx.info.plural)
    };
    let mut defs = vec![json!({
        "name": "Name", "type": "string", "format": "name", "priority": 0,
        "description": "Name must be unique within a namespace.",
    })];
    defs.extend(columns.iter().map(|c| {
        json!({"name": c.name, "type": c.type_, "format": c.format, "description": c.description, "priority": c.priority})
    }));
    let now = jiff::Timestamp::now();
    let rows: Vec<Value> = objs
        .iter()
        .map(|obj| {
            let mut cells = vec![obj.pointer("/metadata/name").cloned().unwrap_or(json!(""))];
            cells.extend(columns.iter().map(|c| cell(obj, c, now)));
            let object = match ctx.params.include_object.as_deref() {
                Some("None") => Value::Null,
                Some("Object") => obj.clone(),
                _ => json!({
                    "kind": "PartialObjectMetadata",
                    "apiVersion": "meta.k8s.io/v1",
                    "metadata": obj.get("metadata").cloned().unwrap_or(json!({})),
                }),
            };
            json!({"cells": cells, "object": object})
        })
        .collect();
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {},
        "columnDefinitions": if with_columns { json!(defs) } else { json!([]) },
        "rows": rows,
    })
}

fn cell(obj: &Value, c: &PrinterColumn, now: jiff::Timestamp) -> Value {
    let Some(v) = eval(obj, &c.json_path) else {
        return Value::Null;
    };
    if c.type_ == "date"
        && let Some(t) = v.as_str().and_then(|s| s.parse::<jiff::Timestamp>().ok())
    {
        return json!(human_duration(now.as_second() - t.as_second()));
    }
    v
}

/// Evaluates a simple JSONPath: `.a.b`, `.a[0]`, `.a[?(@.type=="Ready")].status`.
pub fn eval(obj: &Value, path: &str) -> Option<Value> {
    let mut cur = obj.clone();
    let path = path
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim_start_matches('$');
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            cur = cur.get(&r[..end])?.clone();
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let inner = &r[..end];
            rest = &r[end + 1..];
            if let Some(filter) = inner.strip_prefix("?(@.").and_then(|f| f.strip_suffix(')')) {
                let (key, want) = filter.split_once("==")?;
                let want = want.trim().trim_matches(|c| c == '"' || c == '\'');
                cur = cur
                    .as_array()?
                    .iter()
                    .find(|item| item.get(key.trim()).and_then(Value::as_str) == Some(want))?
                    .clone();
            } else {
                cur = cur.as_array()?.get(inner.parse::<usize>().ok()?)?.clone();
            }
        } else {
            return None;
        }
    }
    Some(cur)
}

/// kubectl's short durations: `45s`, `3m2s`, `5h`, `12d`.
pub fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    let (m, h, d) = (s / 60, s / 3600, s / 86400);
    if s < 120 {
        format!("{s}s")
    } else if m < 10 {
        format!("{m}m{}s", s % 60)
    } else if m < 180 {
        format!("{m}m")
    } else if h < 8 {
        format!("{h}h{}m", m % 60)
    } else if h < 48 {
        format!("{h}h")
    } else if d < 8 {
        format!("{d}d{}h", h % 24)
    } else if d < 730 {
        format!("{d}d")
    } else {
        format!("{}y{}d", d / 365, d % 365)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonpath_supports_fields_indexes_and_filters() {
        let obj = json!({"status": {"conditions": [{"type": "A", "status": "False"}, {"type": "Ready", "status": "True"}]}});
        assert_eq!(
            eval(&obj, r#".status.conditions[?(@.type=="Ready")].status"#),
            Some(json!("True"))
        );
        assert_eq!(eval(&obj, ".status.conditions[0].type"), Some(json!("A")));
        assert_eq!(eval(&obj, ".spec.x"), None);
    }

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(human_duration(5), "5s");
        assert_eq!(human_duration(190), "3m10s");
        assert_eq!(human_duration(3 * 3600), "3h0m");
        assert_eq!(human_duration(3 * 86400), "3d0h");
    }
}
