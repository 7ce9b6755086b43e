//! Random one-call templates (`testdata/funcs/calls.txt`, written by
//! `calls_gen.py`: every function Helm ships, 0-3 arguments from a pool of
//! typed values, called directly or piped) render as Helm's Go SDK renders
//! them: the same text, type and kind, or the same error, position and node.
//! Skipped with a notice without python3 and helm-python-sdk, unless `CI` is
//! set.
//!
//! Known gaps, documented in docs/compatibility.md, are taken out by
//! [`normalize`] and [`known_gap`]: our values have one integer type where Go
//! has `int` and `int64`, and one list and map type where Sprig also returns
//! `[]string`, `[]int`, `[][]interface {}` and `map[string]string` (and where Go's `merge` of
//! `.Values` returns a plain map). Where Helm names `common.Values` directly,
//! we do too: `testdata/exec/errors.txt` and `funcs/edge2` check that exactly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use oxbow_helm::values::Values;
use oxbow_helm::{RenderOptions, loader, render_templates};
use sdk_support::{case_lines, one_template_charts, sdk_or_skip, sdk_render};

/// The Go type names our values cannot tell apart, as we name them.
fn normalize(text: &str) -> String {
    let text = text
        .replace("[][]interface {}", "[]interface {}")
        .replace("int64", "int")
        .replace("[]string", "[]interface {}")
        .replace("map[string]string", "map[string]interface {}")
        // The result of `merge`, `set` and the like on `.Values` is a plain
        // map to Go; ours is still `.Values`.
        .replace("common.Values", "map[string]interface {}");
    // `[]int`, not the start of `[]interface {}`.
    let int_list = regex::Regex::new(r"\[\]int\b").unwrap();
    int_list.replace_all(&text, "[]interface {}").into_owned()
}

/// Helm refused an argument for a type we do not model (an `int64` given
/// for an `int`, a typed list for a string): we may accept it.
fn known_gap(helm: &str) -> bool {
    [
        "got int64",
        "got []string",
        "got []int",
        "got map[string]string",
    ]
    .iter()
    .any(|t| helm.contains(t))
}

#[test]
fn function_calls_render_as_helm_renders_them() {
    if !sdk_or_skip() {
        return;
    }
    let cases = case_lines("funcs/calls.txt");
    assert!(cases.len() > 3000, "{}", cases.len());
    let mut differences = Vec::new();
    for chunk in cases.chunks(500) {
        let dir = tempfile::tempdir().unwrap();
        let charts = one_template_charts(dir.path(), chunk);
        let helm = sdk_render(&charts);
        for (i, chart) in charts.iter().enumerate() {
            let path = format!("c{i}/templates/t.yaml");
            let h = &helm[chart.to_string_lossy().as_ref()];
            let helm_out = match h.get("__error__") {
                Some(e) => format!("error: {}", e.as_str().unwrap()),
                None => h[&path].as_str().unwrap().to_string(),
            };
            let ours = loader::load(chart)
                .map_err(|e| e.to_string())
                .and_then(|c| {
                    render_templates(c, &Values::new(), &RenderOptions::default())
                        .map_err(|e| e.to_string())
                })
                .map_or_else(|e| format!("error: {e}"), |r| r[&path].clone());
            if normalize(&ours) != normalize(&helm_out) && !known_gap(&helm_out) {
                differences.push(format!("{}\n  Helm: {helm_out}\n  ours: {ours}", chunk[i]));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} calls differ:\n{}",
        differences.len(),
        cases.len(),
        differences[..differences.len().min(20)].join("\n")
    );
}
