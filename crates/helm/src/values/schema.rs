//! `values.schema.json`: the coalesced values of every chart are checked against
//! its schema; failures are collected per chart, in Helm's message layout
//! (`<chart>:\n- at '<path>': <cause>`). References out of the schema load
//! as Helm loads them ([`super::schema_refs`]).

use serde_json::Value;

use std::sync::Arc;

use super::Values;
use super::schema_doc;
use super::schema_refs::{self, SchemaLoader};
use super::schema_report::{self, Report};
use super::schema_subset::{self, Verdict};
use super::schema_words::{count, float, number_value, quote};
use crate::chart::Chart;
use crate::error::{Error, Result};

/// Most errors reported per schema.
const MAX_ERRORS: usize = 50;

/// Validates the values of the chart and of each subchart against their
/// schemas; `loader` fetches the `http(s)` schemas they reference (none:
/// such references fail, as an unreachable server fails Helm's).
pub fn validate_against_schemas(
    chart: &Chart,
    values: &Values,
    loader: Option<&Arc<dyn SchemaLoader>>,
) -> Result<()> {
    let mut report = String::new();
    collect(chart, values, loader, &mut report);
    if report.is_empty() {
        Ok(())
    } else {
        Err(Error::Schema(report))
    }
}

fn collect(
    chart: &Chart,
    values: &Values,
    loader: Option<&Arc<dyn SchemaLoader>>,
    report: &mut String,
) {
    if let Some(raw) = &chart.schema
        && let Err(e) = validate_one(values, raw, loader)
    {
        report.push_str(&format!("{}:\n{e}", chart.name()));
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => collect(sub, m, loader, report),
            Some(other) => report.push_str(&format!(
                "{}:\ninvalid type for values: expected object (map), got {other}\n",
                sub.name()
            )),
        }
    }
}

fn validate_one(
    values: &Values,
    raw: &[u8],
    loader: Option<&Arc<dyn SchemaLoader>>,
) -> std::result::Result<(), String> {
    // The quick check settles the common case (valid values, a schema in the
    // usual keywords); Helm's account of the failures (`schema_report`) comes
    // next; `jsonschema` decides and words what neither follows, and says
    // whether a schema outside the quick check's rules compiles.
    let root = schema_doc::parse(raw);
    let report = match &root {
        Some(root) => {
            if schema_subset::check_doc(root, values) == Verdict::Valid {
                return Ok(());
            }
            let report = schema_report::explain_doc(root, values);
            if report != Report::Unsupported && schema_subset::well_formed(root) {
                return report.into_result();
            }
            report
        }
        None => Report::Unsupported,
    };
    let schema: Value =
        serde_json::from_slice(raw).map_err(|e| format!("- invalid schema: {e}\n"))?;
    let compiled = schema_refs::compile(&schema, loader)?;
    if report != Report::Unsupported {
        return report.into_result();
    }
    let instance = Value::Object(values.clone());
    let valid = compiled.validator.is_valid(&instance);
    // With the documents its references loaded, the walk may tell the failures
    // as Helm does; the validator decides whether there are any.
    if let Some(root) = &root
        && !compiled.documents.is_empty()
    {
        let texts: Vec<(&String, String)> = compiled
            .documents
            .iter()
            .map(|(uri, doc)| (uri, doc.to_string()))
            .collect();
        let documents: Option<schema_report::Documents<'_>> = texts
            .iter()
            .map(|(uri, text)| Some(((*uri).clone(), schema_doc::parse(text.as_bytes())?)))
            .collect();
        if let Some(documents) = documents {
            match schema_report::explain_with(root, values, &documents) {
                Report::Valid if valid => return Ok(()),
                Report::Invalid(lines) if !valid => return Err(lines),
                _ => {}
            }
        }
    }
    if valid {
        return Ok(());
    }
    let mut lines: Vec<String> = compiled
        .validator
        .iter_errors(&instance)
        .take(MAX_ERRORS)
        .map(|e| format!("- at '{}': {}\n", e.instance_path(), helm_message(&e)))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    lines.sort();
    lines.dedup();
    Err(lines.concat())
}

fn quoted(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The message Helm's validator (santhosh-tekuri/jsonschema) gives for the
/// common failures; others keep the validator's own wording.
fn helm_message(e: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    let instance = e.instance();
    match e.kind() {
        K::Required { property } => format!("missing property {}", quoted(property)),
        K::Type { kind } => {
            let want = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("got {}, want {want}", json_type(instance))
        }
        K::Enum { options } => match options.as_ref() {
            Value::Array(items) => format!(
                "value must be one of {}",
                items.iter().map(quoted).collect::<Vec<_>>().join(", ")
            ),
            other => format!("value must be one of {}", quoted(other)),
        },
        K::AdditionalProperties { unexpected } => format!(
            "additional properties {} not allowed",
            unexpected
                .iter()
                .map(|u| format!("'{u}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        K::Minimum { limit } => number_bound("minimum", instance, limit),
        K::Maximum { limit } => number_bound("maximum", instance, limit),
        K::ExclusiveMinimum { limit } => number_bound("exclusiveMinimum", instance, limit),
        K::ExclusiveMaximum { limit } => number_bound("exclusiveMaximum", instance, limit),
        K::MinLength { limit } => size_bound("minLength", instance, *limit),
        K::MaxLength { limit } => size_bound("maxLength", instance, *limit),
        K::MinItems { limit } => size_bound("minItems", instance, *limit),
        K::MaxItems { limit } => size_bound("maxItems", instance, *limit),
        K::MinProperties { limit } => size_bound("minProperties", instance, *limit),
        K::MaxProperties { limit } => size_bound("maxProperties", instance, *limit),
        K::Pattern { pattern } => {
            format!(
                "{} does not match pattern {}",
                quoted(instance),
                quote(pattern)
            )
        }
        K::Constant { expected_value } => format!("value must be {}", quoted(expected_value)),
        _ => e.to_string(),
    }
}

/// `<keyword>: got <value>, want <limit>` for a number bound.
fn number_bound(keyword: &str, instance: &Value, limit: &Value) -> String {
    let number = |v: &Value| match v {
        Value::Number(n) => float(number_value(n)),
        other => other.to_string(),
    };
    format!(
        "{keyword}: got {}, want {}",
        number(instance),
        number(limit)
    )
}

/// `<keyword>: got <size>, want <limit>` for a length or count bound.
fn size_bound(keyword: &str, instance: &Value, limit: u64) -> String {
    let size = match instance {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(members) => members.len(),
        _ => 0,
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    format!("{keyword}: got {}, want {}", count(size), count(limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Metadata;
    use serde_json::json;

    #[test]
    fn reports_the_chart_and_path_of_a_violation() {
        let chart = Chart {
            metadata: Metadata {
                name: "top".into(),
                ..Default::default()
            },
            schema: Some(
                br#"{"type":"object","required":["policy"],
                "properties":{"replicas":{"type":"integer"}}}"#
                    .to_vec(),
            ),
            ..Default::default()
        };
        let Value::Object(v) = json!({"replicas": "x"}) else {
            panic!()
        };
        let err = validate_against_schemas(&chart, &v, None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("top:\n"), "{err}");
        assert!(err.contains("/replicas"), "{err}");
        assert!(err.contains("- at '': missing property 'policy'"), "{err}");
        assert!(
            err.contains("- at '/replicas': got string, want integer"),
            "{err}"
        );
    }
}
