//! `values.schema.json`: the coalesced values of every chart are checked against
//! its schema; failures are collected per chart, in Helm's message layout
//! (`<chart>:\n- at '<path>': <cause>`). Remote `$ref`s are never fetched.

use serde_json::Value;

use super::Values;
use crate::chart::Chart;
use crate::error::{Error, Result};

/// Most errors reported per schema.
const MAX_ERRORS: usize = 50;

/// Validates the values of the chart and of each subchart against their schemas.
pub fn validate_against_schemas(chart: &Chart, values: &Values) -> Result<()> {
    let mut report = String::new();
    collect(chart, values, &mut report);
    if report.is_empty() {
        Ok(())
    } else {
        Err(Error::Schema(report))
    }
}

fn collect(chart: &Chart, values: &Values, report: &mut String) {
    if let Some(raw) = &chart.schema
        && let Err(e) = validate_one(values, raw)
    {
        report.push_str(&format!("{}:\n{e}", chart.name()));
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => collect(sub, m, report),
            Some(other) => report.push_str(&format!(
                "{}:\ninvalid type for values: expected object (map), got {other}\n",
                sub.name()
            )),
        }
    }
}

fn validate_one(values: &Values, raw: &[u8]) -> std::result::Result<(), String> {
    let schema: Value =
        serde_json::from_slice(raw).map_err(|e| format!("- invalid schema: {e}\n"))?;
    let validator = jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .map_err(|e| format!("- invalid schema: {e}\n"))?;
    let instance = Value::Object(values.clone());
    let mut lines: Vec<String> = validator
        .iter_errors(&instance)
        .take(MAX_ERRORS)
        .map(|e| format!("- at '{}': {e}\n", e.instance_path()))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    lines.sort();
    lines.dedup();
    Err(lines.concat())
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
        let err = validate_against_schemas(&chart, &v)
            .unwrap_err()
            .to_string();
        assert!(err.contains("top:\n"), "{err}");
        assert!(err.contains("/replicas"), "{err}");
        assert!(err.contains("policy"), "{err}");
    }
}
