//! Helm's Go SDK reads a release Secret that `oxbow_helm::release` wrote: the
//! Secret is served from a minimal fake API on loopback
//! (`testdata/release/helm_reads_secret.py`) and read with the secrets storage
//! driver of helm-python-sdk. Skipped with a notice when python3 or the package is
//! missing, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use oxbow_helm::release::{Hook, Info, Release, Status, to_secret};

fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import helm_python"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn helm_reads_the_release_secret_we_write() {
    if !sdk_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but python3 with helm-python-sdk is missing"
        );
        eprintln!(
            "skipping helm_reads_the_release_secret_we_write: python3 with helm-python-sdk not found (pip install helm-python-sdk)"
        );
        return;
    }
    let rls = Release {
        name: "web".into(),
        info: Some(Info {
            first_deployed: Some("2024-01-02T03:04:05.5Z".into()),
            last_deployed: Some("2024-02-03T04:05:06Z".into()),
            description: "Upgrade complete".into(),
            status: Status::Deployed,
            notes: "see <docs> & more".into(),
            ..Info::default()
        }),
        chart: Some(serde_json::json!({
            "metadata": {"name": "web", "version": "1.2.3", "apiVersion": "v2", "appVersion": "9.9"},
            "lock": null,
            "templates": [{"name": "templates/cm.yaml", "data": "a2luZDogQ29uZmlnTWFw"}],
            "values": {"replicas": 1},
            "schema": null,
            "files": [],
        })),
        config: Some(serde_json::json!({"replicas": 3, "html": "<b>&</b>"})),
        manifest: "---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\ndata:\n  x: \"<&>\"\n"
            .into(),
        hooks: vec![Hook {
            name: "web-test".into(),
            kind: "Pod".into(),
            path: "web/templates/tests/t.yaml".into(),
            manifest: "kind: Pod\n".into(),
            events: vec!["test".into()],
            weight: 5,
            ..Hook::default()
        }],
        version: 4,
        namespace: "apps".into(),
        apply_method: String::new(),
    };
    let mut custom = BTreeMap::new();
    custom.insert("team".to_string(), "payments".to_string());
    let secret = to_secret(&rls, &custom, Some(1_700_000_000)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret.json");
    std::fs::write(&file, serde_json::to_vec(&secret.to_json()).unwrap()).unwrap();
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/release/helm_reads_secret.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        view.get("error").is_none(),
        "helm could not read the release: {view}"
    );
    let all = &view["get_all"];
    let summary = &all["summary"];
    assert_eq!(summary["name"], "web");
    assert_eq!(summary["namespace"], "apps");
    assert_eq!(summary["revision"], 4);
    assert_eq!(summary["status"], "deployed");
    assert_eq!(summary["chart_name"], "web");
    assert_eq!(summary["chart_version"], "1.2.3");
    assert_eq!(summary["manifest"], rls.manifest.as_str());
    assert_eq!(summary["labels"]["team"], "payments");
    assert_eq!(summary["labels"]["owner"], "helm");
    assert_eq!(
        all["config"],
        serde_json::json!({"html": "<b>&</b>", "replicas": 3})
    );
    assert_eq!(all["info"]["description"], "Upgrade complete");
    assert_eq!(all["info"]["notes"], "see <docs> & more");
    assert_eq!(all["info"]["first_deployed"], "2024-01-02T03:04:05.5Z");
    let hooks = all["hooks"].as_array().expect("hooks");
    assert_eq!(hooks[0]["name"], "web-test");
    assert_eq!(hooks[0]["weight"], 5);
    assert_eq!(view["history"][0]["revision"], 4);
}
