//! `values.schema.json` failures against Helm's Go SDK: each line of
//! `testdata/schema/cases.txt` is a schema and the values of a one-template
//! chart; the SDK (`testdata/funcs/render.py`) and we must both render, or
//! both fail with the same message (paths, wording, order, nesting).
//! Skipped with a notice without python3 and helm-python-sdk, unless `CI` is
//! set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use oxbow_helm::values::Values;
use oxbow_helm::{RenderOptions, loader, render_templates};
use sdk_support::{case_lines, one_template_charts, sdk_error, sdk_or_skip, sdk_render};

/// A message with the order Helm leaves to Go's map iteration taken out:
/// sibling failures (with their nested causes) sorted, and the names of one
/// `additional properties` failure sorted.
fn normalized(message: &str) -> String {
    fn sort_level(lines: &[String], indent: usize) -> Vec<String> {
        let prefix = format!("{}- ", "  ".repeat(indent));
        let mut blocks: Vec<Vec<String>> = Vec::new();
        for line in lines {
            if line.starts_with(&prefix) || blocks.is_empty() {
                blocks.push(vec![line.clone()]);
            } else if let Some(last) = blocks.last_mut() {
                last.push(line.clone());
            }
        }
        let mut blocks: Vec<Vec<String>> = blocks
            .into_iter()
            .map(|b| {
                let mut sorted = vec![b[0].clone()];
                sorted.extend(sort_level(&b[1..], indent + 1));
                sorted
            })
            .collect();
        blocks.sort();
        blocks.concat()
    }
    let lines: Vec<String> = message
        .lines()
        .map(|line| match line.split_once(": additional properties ") {
            Some((head, tail)) => {
                let names = tail.trim_end_matches(" not allowed");
                let mut names: Vec<&str> = names.split(", ").collect();
                names.sort_unstable();
                format!(
                    "{head}: additional properties {} not allowed",
                    names.join(", ")
                )
            }
            None => line.to_string(),
        })
        .collect();
    // The header and chart name lines come first and have no indent.
    let first = lines
        .iter()
        .position(|l| l.starts_with("- "))
        .unwrap_or(lines.len());
    let mut out = lines[..first].to_vec();
    out.extend(sort_level(&lines[first..], 0));
    out.join("\n")
}

#[test]
fn schema_failures_read_as_helm_words_them() {
    if !sdk_or_skip() {
        return;
    }
    let mut files: Vec<String> =
        std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/schema"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
    files.sort();
    let cases: Vec<(String, String)> = files
        .iter()
        .flat_map(|f| case_lines(&format!("schema/{f}")))
        .map(|l| {
            let (schema, values) = l.split_once(" ||| ").expect("`<schema> ||| <values>`");
            (schema.to_string(), values.to_string())
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let charts = one_template_charts(dir.path(), &vec!["a: 1\n".to_string(); cases.len()]);
    for ((schema, values), chart) in cases.iter().zip(&charts) {
        std::fs::write(chart.join("values.schema.json"), schema).unwrap();
        std::fs::write(chart.join("values.yaml"), values).unwrap();
    }
    let helm = sdk_render(&charts);
    let mut failures = Vec::new();
    for ((schema, values), chart) in cases.iter().zip(&charts) {
        let theirs = sdk_error(&helm, chart);
        let ours = loader::load(chart)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                render_templates(c, &Values::new(), &RenderOptions::default())
                    .map_err(|e| e.to_string())
            })
            .err();
        if theirs.as_deref().map(normalized) != ours.as_deref().map(normalized) {
            failures.push(format!(
                "schema {schema}\nvalues {values}\n  helm: {theirs:?}\n  ours: {ours:?}"
            ));
        }
    }
    eprintln!("{} schema cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
