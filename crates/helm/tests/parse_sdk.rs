//! Template syntax against Helm's Go SDK: each line of
//! `testdata/parse/cases.txt` becomes `templates/t.yaml` of a one-template chart,
//! rendered by the SDK (`testdata/funcs/render.py`) and by us. Both must render
//! the same text, or both fail; parse errors must carry the same message
//! (location and text). Skipped with a notice without python3 and
//! helm-python-sdk, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use oxbow_helm::values::Values;
use oxbow_helm::{RenderOptions, loader, render_templates};
use sdk_support::{case_lines, one_template_charts, sdk_or_skip, sdk_render};

/// `\n`, `\t`, `\r` and `\\` escapes of a case line.
fn unescape(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[test]
fn template_syntax_matches_the_helm_sdk() {
    if !sdk_or_skip() {
        return;
    }
    let cases: Vec<String> = case_lines("parse/cases.txt")
        .iter()
        .map(|l| unescape(l))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let charts = one_template_charts(dir.path(), &cases);
    let helm = sdk_render(&charts);
    let mut failures = Vec::new();
    for (tpl, chart) in cases.iter().zip(&charts) {
        let theirs = &helm[chart.to_string_lossy().as_ref()];
        let ours = loader::load(chart)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                render_templates(c, &Values::new(), &RenderOptions::default())
                    .map_err(|e| e.to_string())
            });
        let name = chart.file_name().unwrap().to_string_lossy().to_string();
        let path = format!("{name}/templates/t.yaml");
        match (theirs.get("__error__").and_then(|e| e.as_str()), ours) {
            (Some(h), Err(o)) => {
                if h.starts_with("parse error") && h != o {
                    failures.push(format!("{tpl:?}:\n  helm: {h}\n  ours: {o}"));
                }
            }
            (Some(h), Ok(_)) => failures.push(format!("{tpl:?}: helm fails ({h}), we render")),
            (None, Err(o)) => failures.push(format!("{tpl:?}: we fail ({o})")),
            (None, Ok(r)) => {
                let h = theirs.get(&path).and_then(|t| t.as_str()).unwrap_or("");
                let o = r.get(&path).map(String::as_str).unwrap_or("");
                if h != o {
                    failures.push(format!("{tpl:?}:\n  helm: {h:?}\n  ours: {o:?}"));
                }
            }
        }
    }
    eprintln!("{} syntax cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
