//! `goyaml::from_yaml` against Helm's own values parsing (helm-python-sdk's
//! `values_from_yaml`) on every `values*.yaml` under `$OXBOW_VALUES_CORPUS`
//! (e.g. /work/shared/corpus/charts). Skipped with a notice when the variable is
//! unset or python3/helm-python-sdk is missing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use oxbow_helm::goyaml;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("values") && n.ends_with(".yaml")
        }) {
            out.push(path);
        }
    }
}

#[test]
fn values_parse_like_helm() {
    let Some(root) = std::env::var_os("OXBOW_VALUES_CORPUS") else {
        eprintln!(
            "skipping values_parse_like_helm: set OXBOW_VALUES_CORPUS to a directory of charts"
        );
        return;
    };
    let ok = Command::new("python3")
        .args(["-c", "import helm_python"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 with helm-python-sdk is missing"
        );
        eprintln!("skipping values_parse_like_helm: python3 with helm-python-sdk not found");
        return;
    }
    let mut files = Vec::new();
    collect(Path::new(&root), &mut files);
    files.sort();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/funcs/load_values.py");
    let out = Command::new("python3")
        .arg(script)
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let helm: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut failures = Vec::new();
    for f in &files {
        let want = &helm[f.to_string_lossy().as_ref()];
        let ours = goyaml::from_yaml(&std::fs::read_to_string(f).unwrap());
        match (want.get("__error__"), ours) {
            (Some(_), Err(_)) => {}
            (Some(e), Ok(_)) => {
                failures.push(format!("{}: helm failed ({e}), we parsed it", f.display()))
            }
            (None, Err(e)) => failures.push(format!("{}: we failed: {e}", f.display())),
            (None, Ok(v)) => {
                let ours: serde_json::Value =
                    serde_json::from_str(&goyaml::to_json(&v).unwrap()).unwrap();
                let ours = if ours.is_null() {
                    serde_json::json!({})
                } else {
                    ours
                };
                if &ours != want {
                    failures.push(format!("{}: values differ", f.display()));
                }
            }
        }
    }
    eprintln!("compared {} values files", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
