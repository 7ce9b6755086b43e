//! `oxbow helm template`'s text against Helm's own: every corpus chart (default
//! values and `values-ci.yaml`) and every case under `testdata/render/` is
//! installed by Helm's Go SDK as a client-only dry run (what `helm template`
//! runs, through `testdata/render/install.py`), and our output must start with
//! Helm's release manifest byte for byte (`helm template` prints the hooks
//! after it). Charts whose output is random are left out. Skipped with a
//! notice without python3 and helm-python-sdk, unless `CI` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use std::path::{Path, PathBuf};

use oxbow_helm::engine::ReleaseOptions;
use oxbow_helm::values::{Values, parse_values};
use oxbow_helm::{RenderOptions, loader, render_chart};
use sdk_support::{sdk_or_skip, sdk_script};

/// `(chart dir, values file)` pairs: the corpus's deterministic charts and the
/// render cases.
fn cases() -> Vec<(PathBuf, Option<PathBuf>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let corpus = root.join("../../../shared/corpus/charts");
    if let Ok(dirs) = std::fs::read_dir(&corpus) {
        let mut dirs: Vec<PathBuf> = dirs.map(|e| e.unwrap().path()).collect();
        dirs.sort();
        for dir in dirs {
            let Ok(meta) = std::fs::read_to_string(dir.join("chart.json")) else {
                continue;
            };
            let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
            if meta.get("nondeterministic").is_some() {
                continue;
            }
            out.push((dir.join("chart"), None));
            out.push((dir.join("chart"), Some(dir.join("values-ci.yaml"))));
        }
    }
    let mut renders: Vec<PathBuf> = std::fs::read_dir(root.join("testdata/render"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("chart/Chart.yaml").is_file())
        .collect();
    renders.sort();
    for case in renders {
        let values = case.join("values.yaml");
        out.push((case.join("chart"), values.is_file().then_some(values)));
    }
    out
}

fn arg(chart: &Path, values: Option<&PathBuf>) -> String {
    match values {
        Some(v) => format!("{}|{}", chart.display(), v.display()),
        None => chart.display().to_string(),
    }
}

fn ours(chart: &Path, values: Option<&PathBuf>) -> Result<String, String> {
    let values = match values {
        Some(v) => parse_values(&std::fs::read(v).unwrap())?,
        None => Values::new(),
    };
    let opts = RenderOptions {
        release: ReleaseOptions {
            name: "release-name".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let chart = loader::load(chart).map_err(|e| e.to_string())?;
    render_chart(chart, &values, &opts)
        .map(|r| r.to_template_output(false))
        .map_err(|e| e.to_string())
}

#[test]
fn template_output_is_helms_byte_for_byte() {
    if !sdk_or_skip() {
        return;
    }
    let cases = cases();
    let args: Vec<String> = cases.iter().map(|(c, v)| arg(c, v.as_ref())).collect();
    let helm = sdk_script("testdata/render/install.py", &args);
    let mut failures = Vec::new();
    for ((chart, values), key) in cases.iter().zip(&args) {
        let ours = ours(chart, values.as_ref());
        match (&helm[key], ours) {
            (serde_json::Value::String(manifest), Ok(text)) => {
                let want = match manifest.trim() {
                    "" => "\n".to_string(),
                    m => format!("{m}\n"),
                };
                if !text.starts_with(&want) {
                    let at = text
                        .bytes()
                        .zip(want.bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let from = at.saturating_sub(60);
                    failures.push(format!(
                        "{key}: differs at byte {at}\n  helm: {:?}\n  ours: {:?}",
                        &want[from.min(want.len())..(at + 60).min(want.len())],
                        &text[from.min(text.len())..(at + 60).min(text.len())]
                    ));
                }
            }
            (serde_json::Value::String(_), Err(e)) => {
                failures.push(format!("{key}: Helm renders, we fail: {e}"))
            }
            (other, Ok(_)) => failures.push(format!("{key}: Helm fails ({other}), we render")),
            (_, Err(_)) => {}
        }
    }
    eprintln!("{} charts", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
