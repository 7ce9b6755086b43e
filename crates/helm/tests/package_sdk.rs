//! `oxbow_helm::package` against `helm package` (helm-python-sdk): same entries
//! in the same order with the same contents (Chart.yaml re-marshalled alike), and
//! Helm loads our archive. Skipped with a notice when python3 or the package is
//! missing, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use oxbow_helm::package::{PackageChart, archive_name, package};

fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import helm_python"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/package")
}

fn helm(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(fixture().join("helm_package.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn entries(tgz: &[u8]) -> Vec<(String, String, u32)> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    archive
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let path = e.path().unwrap().to_string_lossy().to_string();
            let mode = e.header().mode().unwrap();
            let mut body = String::new();
            e.read_to_string(&mut body).unwrap();
            (path, body, mode)
        })
        .collect()
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixture().join("web").join(rel)).unwrap()
}

#[test]
fn packages_like_helm_and_helm_loads_it() {
    if !sdk_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 with helm-python-sdk is missing"
        );
        eprintln!(
            "skipping packages_like_helm_and_helm_loads_it: python3 with helm-python-sdk not found (pip install helm-python-sdk)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let helm_archive = helm(&[
        "package",
        fixture().join("web").to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    let helm_bytes = std::fs::read(helm_archive.trim()).unwrap();
    let helm_view: serde_json::Value =
        serde_json::from_str(&helm(&["load", helm_archive.trim()])).unwrap();

    let chart = PackageChart {
        name: "web".into(),
        metadata: helm_view["metadata"].clone(),
        values: Some(read("values.yaml")),
        templates: vec![
            ("templates/a.yaml".into(), read("templates/a.yaml")),
            ("templates/b.yaml".into(), read("templates/b.yaml")),
        ],
        files: vec![("README.md".into(), read("README.md"))],
        dependencies: vec![PackageChart {
            name: "sub".into(),
            metadata: serde_json::json!({"apiVersion": "v2", "name": "sub", "version": "0.1.0"}),
            templates: vec![(
                "templates/x.yaml".into(),
                read("charts/sub/templates/x.yaml"),
            )],
            ..PackageChart::default()
        }],
        ..PackageChart::default()
    };
    let ours = package(&chart, 1_700_000_000).unwrap();
    assert_eq!(archive_name(&chart), "web-1.2.3.tgz");
    assert_eq!(entries(&ours), entries(&helm_bytes));

    let ours_path = dir.path().join("ours.tgz");
    std::fs::write(&ours_path, &ours).unwrap();
    let our_view: serde_json::Value =
        serde_json::from_str(&helm(&["load", ours_path.to_str().unwrap()])).unwrap();
    assert_eq!(our_view, helm_view);
}
