//! The crate's own cases under `testdata/`: our build must print exactly what
//! `kubectl kustomize` printed; when kubectl is installed, the stored
//! expectations are re-checked against it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use oxbow_kustomize::{BuildOptions, DiskFs, build_yaml};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("case.json").exists())
        .collect();
    out.sort();
    out
}

fn build_dir(case: &Path) -> String {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("case.json")).unwrap()).unwrap();
    meta["build"].as_str().unwrap().to_string()
}

#[test]
fn builds_match_kubectl_byte_for_byte() {
    let mut failures = Vec::new();
    for case in cases() {
        let build = build_dir(&case);
        let rel = build.strip_prefix("input").unwrap().trim_start_matches('/');
        let fs = DiskFs::new(case.join("input")).unwrap();
        let got = build_yaml(&fs, rel, &BuildOptions::default());
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        match (got, std::fs::read_to_string(case.join("expected.yaml"))) {
            (Ok(out), Ok(want)) if out == want => {}
            (Ok(out), Ok(want)) => failures.push(format!(
                "{name}: output differs\n--- got\n{out}--- want\n{want}"
            )),
            (Err(_), Err(_)) => {}
            (Ok(_), Err(_)) => failures.push(format!("{name}: expected an error")),
            (Err(e), Ok(_)) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stored_expectations_match_kubectl_when_installed() {
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        eprintln!("kubectl not found; skipping");
        return;
    }
    for case in cases() {
        let out = Command::new("kubectl")
            .arg("kustomize")
            .arg(build_dir(&case))
            .current_dir(&case)
            .output()
            .unwrap();
        let name = case.display();
        match std::fs::read_to_string(case.join("expected.yaml")) {
            Ok(want) => assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                want,
                "{name}: kubectl output changed"
            ),
            Err(_) => assert!(!out.status.success(), "{name}: kubectl now succeeds"),
        }
    }
}
