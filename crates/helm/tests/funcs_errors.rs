//! Calls that Helm rejects must fail here too (Go's argument type rules, runtime
//! panics turned into errors, the `must*` variants). Each line of
//! `testdata/funcs/errors.txt` becomes a one-template chart rendered by Helm's Go
//! SDK (`render.py`) and by our engine (`execute_text`). Skipped with a notice
//! without python3 and helm-python-sdk, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use std::path::Path;

use oxbow_helm::engine::execute_text;
use oxbow_helm::engine::value::Value;
use sdk_support::{one_template_charts, sdk_available, sdk_error, sdk_render};

#[test]
fn calls_helm_rejects_fail_here_too() {
    if !sdk_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 with helm-python-sdk is missing"
        );
        eprintln!(
            "skipping calls_helm_rejects_fail_here_too: python3 with helm-python-sdk not found (pip install helm-python-sdk)"
        );
        return;
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/funcs");
    let text = std::fs::read_to_string(fixtures.join("errors.txt")).unwrap();
    let cases: Vec<(&str, Option<&str>)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" ==> ") {
            Some((t, msg)) => (t, Some(msg)),
            None => (l, None),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let sources: Vec<String> = cases.iter().map(|(t, _)| format!("x: {t}\n")).collect();
    let charts = one_template_charts(dir.path(), &sources);
    let helm = sdk_render(&charts);
    let mut failures = Vec::new();
    for ((tpl, msg), chart) in cases.iter().zip(&charts) {
        let helm_err = sdk_error(&helm, chart);
        let ours = execute_text(&format!("x: {tpl}\n"), &Value::map(Default::default()));
        match (helm_err, ours) {
            (None, _) => failures.push(format!("{tpl}: Helm does not fail; fix the fixture")),
            (Some(h), Ok(out)) => {
                failures.push(format!("{tpl}: Helm fails ({h}) but we render {out:?}"))
            }
            (Some(h), Err(e)) => {
                if let Some(msg) = msg {
                    if !h.contains(msg) {
                        failures.push(format!("{tpl}: Helm's error lacks {msg:?}: {h}"));
                    }
                    if !e.to_string().contains(msg) {
                        failures.push(format!("{tpl}: our error lacks {msg:?}: {e}"));
                    }
                }
            }
        }
    }
    eprintln!("{} error cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
