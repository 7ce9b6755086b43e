//! Live differential test against Helm's Go SDK (PyPI `helm-python-sdk`):
//! every case under `testdata/render/` (a chart plus optional user values) is
//! rendered by the SDK through `testdata/render/render.py` and by us, and every
//! rendered template must match byte for byte; cases the SDK fails must fail
//! here too. Without python3 or the package the test is skipped with a notice,
//! unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use oxbow_helm::engine::ReleaseOptions;
use oxbow_helm::values::{Values, parse_values};
use oxbow_helm::{RenderOptions, loader, render_templates};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/render")
}

fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import helm_python, yaml"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn ours(case: &Path) -> Result<BTreeMap<String, String>, String> {
    let chart = loader::load(&case.join("chart")).map_err(|e| e.to_string())?;
    let values = match std::fs::read(case.join("values.yaml")) {
        Ok(data) => parse_values(&data)?,
        Err(_) => Values::new(),
    };
    let opts = RenderOptions {
        release: ReleaseOptions {
            name: "release".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    render_templates(chart, &values, &opts).map_err(|e| e.to_string())
}

#[test]
fn renders_match_the_live_helm_sdk() {
    if !sdk_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 with helm-python-sdk and PyYAML is missing"
        );
        println!("skipped: needs python3 with `pip install helm-python-sdk pyyaml`");
        return;
    }
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("chart/Chart.yaml").is_file())
        .collect();
    cases.sort();
    let out = Command::new("python3")
        .arg(cases_dir().join("render.py"))
        .args(&cases)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "render.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sdk: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_slice(&out.stdout).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expected = &sdk[&case.to_string_lossy().to_string()];
        match (expected.get("__error__"), ours(case)) {
            (Some(theirs), Err(mine)) => {
                let same = if theirs == &mine {
                    "same message"
                } else {
                    "different message"
                };
                println!("PASS {name}: both fail ({same})\n    helm: {theirs}\n    ours: {mine}");
            }
            (Some(theirs), Ok(_)) => {
                failures.push(format!("{name}: helm fails ({theirs}), we render"))
            }
            (None, Err(mine)) => failures.push(format!("{name}: we fail: {mine}")),
            (None, Ok(mine)) => {
                let mut diffs = Vec::new();
                for (path, text) in expected {
                    match mine.get(path) {
                        None => diffs.push(format!("{path}: missing")),
                        Some(t) if t != text => {
                            diffs.push(format!("{path}:\n--- helm\n{text}\n--- ours\n{t}"))
                        }
                        Some(_) => {}
                    }
                }
                diffs.extend(
                    mine.keys()
                        .filter(|k| !expected.contains_key(*k))
                        .map(|k| format!("{k}: extra")),
                );
                if diffs.is_empty() {
                    println!("PASS {name}");
                } else {
                    failures.push(format!("{name}:\n{}", diffs.join("\n")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
