//! Execution errors against Helm's Go SDK: each line of
//! `testdata/exec/errors.txt` becomes `templates/t.yaml` of a one-template
//! chart; the SDK (`testdata/funcs/render.py`) and we must both fail, with the
//! same message (Go's text, or Helm's trace, with the same locations and
//! nodes). Skipped with a notice without python3 and helm-python-sdk, unless
//! `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use oxbow_helm::values::{Values, parse_values};
use oxbow_helm::{RenderOptions, loader, render_templates};
use sdk_support::{case_lines, one_template_charts, sdk_error, sdk_or_skip, sdk_render};

#[test]
fn execution_errors_read_as_helm_words_them() {
    if !sdk_or_skip() {
        return;
    }
    let cases: Vec<String> = case_lines("exec/errors.txt")
        .into_iter()
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let charts = one_template_charts(dir.path(), &cases);
    for chart in &charts {
        // `nothing` is present with a nil value, a case Go tells from a missing key.
        std::fs::write(chart.join("values.yaml"), "list: [1]\nnothing: null\n").unwrap();
    }
    let helm = sdk_render(&charts);
    let values: Values = parse_values(b"list: [1]\n").unwrap();
    let mut failures = Vec::new();
    for (tpl, chart) in cases.iter().zip(&charts) {
        let theirs = sdk_error(&helm, chart);
        let ours = loader::load(chart)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                render_templates(c, &values, &RenderOptions::default()).map_err(|e| e.to_string())
            });
        match (theirs, ours) {
            (None, _) => failures.push(format!("{tpl:?}: Helm does not fail; fix the case")),
            (Some(h), Ok(_)) => failures.push(format!("{tpl:?}: Helm fails ({h}), we render")),
            (Some(h), Err(o)) if h != o => {
                failures.push(format!("{tpl:?}:\n  helm: {h:?}\n  ours: {o:?}"))
            }
            _ => {}
        }
    }
    eprintln!("{} error cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
