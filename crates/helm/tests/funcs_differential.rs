//! Differential test of the template function library against Helm's Go SDK.
//!
//! Every chart under `testdata/funcs/` is rendered twice: by Helm (through
//! `testdata/funcs/render.py` and the PyPI package `helm-python-sdk`) and by
//! our engine (`oxbow_helm::engine::execute_text`). The outputs must agree line
//! by line, except lines marked `# divergent: <why>` in the template, which are
//! reported only. Without python3 or the package the test is skipped with a
//! notice, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use oxbow_helm::engine::execute_text;
use oxbow_helm::engine::value::Value;
use oxbow_helm::goyaml;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/funcs")
}

fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import helm_python"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chart_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Chart.yaml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn helm_render(dirs: &[PathBuf]) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(fixtures().join("render.py"))
        .args(dirs)
        .output()
        .expect("run render.py");
    assert!(
        out.status.success(),
        "render.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("render.py prints JSON")
}

fn our_render(dir: &Path, template: &Path) -> String {
    let values_text = std::fs::read_to_string(dir.join("values.yaml")).unwrap_or_default();
    let values = goyaml::from_yaml(&values_text).expect("values.yaml parses");
    let values = if matches!(values, Value::Nil) {
        Value::map(BTreeMap::new())
    } else {
        values
    };
    let mut data = BTreeMap::new();
    data.insert(Arc::from("Values"), values);
    let data = Value::map(data);
    let src = std::fs::read_to_string(template).unwrap();
    match execute_text(&src, &data) {
        Ok(out) => out.replace("<no value>", ""),
        Err(e) => format!("ERROR: {e}"),
    }
}

#[test]
fn functions_render_like_helm() {
    if !sdk_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 with helm-python-sdk is missing (pip install helm-python-sdk)"
        );
        eprintln!(
            "skipping functions_render_like_helm: python3 with helm-python-sdk not found (pip install helm-python-sdk)"
        );
        return;
    }
    let dirs = chart_dirs();
    let helm = helm_render(&dirs);
    let (mut failures, mut divergent, mut compared) = (Vec::new(), Vec::new(), 0usize);
    for dir in &dirs {
        let chart = dir.file_name().unwrap().to_string_lossy().to_string();
        let rendered = &helm[dir.to_string_lossy().as_ref()];
        if let Some(err) = rendered.get("__error__") {
            failures.push(format!("{chart}: helm failed: {err}"));
            continue;
        }
        for entry in std::fs::read_dir(dir.join("templates")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let key = format!("{chart}/templates/{name}");
            let want = rendered[&key].as_str().unwrap_or_default().to_string();
            let got = our_render(dir, &path);
            let src = std::fs::read_to_string(&path).unwrap();
            let marked: Vec<&str> = src.lines().filter(|l| l.contains("# divergent:")).collect();
            let (want_lines, got_lines): (Vec<&str>, Vec<&str>) =
                (want.lines().collect(), got.lines().collect());
            for i in 0..want_lines.len().max(got_lines.len()) {
                let (w, g) = (
                    want_lines.get(i).copied().unwrap_or("<missing>"),
                    got_lines.get(i).copied().unwrap_or("<missing>"),
                );
                compared += 1;
                if w == g {
                    continue;
                }
                let msg = format!("{key}:{}:\n  helm: {w}\n  ours: {g}", i + 1);
                let prefix = w.split(':').next().unwrap_or("");
                if !prefix.is_empty() && marked.iter().any(|m| m.starts_with(&format!("{prefix}:")))
                {
                    divergent.push(msg);
                } else {
                    failures.push(msg);
                }
            }
        }
    }
    eprintln!(
        "compared {compared} lines across {} charts; {} known divergences",
        dirs.len(),
        divergent.len()
    );
    for d in &divergent {
        eprintln!("known divergence {d}");
    }
    assert!(
        failures.is_empty(),
        "{} lines differ from Helm:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
