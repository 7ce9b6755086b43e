//! What the SDK differential tests share: whether the SDK is installed, and
//! one-template charts to render on both sides.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether python3 can import helm-python-sdk.
pub fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import helm_python"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether to run a test needing the SDK: when it is missing the test is
/// skipped with a notice, unless `CI` is set (then it fails).
#[allow(dead_code, reason = "each test crate uses part of this module")]
pub fn sdk_or_skip() -> bool {
    if sdk_available() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but python3 with helm-python-sdk is missing"
    );
    eprintln!("skipping: python3 with helm-python-sdk not found");
    false
}

/// The non-empty, non-comment lines of `testdata/<file>`.
#[allow(dead_code, reason = "each test crate uses part of this module")]
pub fn case_lines(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(file);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Under `dir`, chart `c<i>` for each source, with it as `templates/t.yaml`.
#[allow(dead_code, reason = "each test crate uses part of this module")]
pub fn one_template_charts(dir: &Path, sources: &[String]) -> Vec<PathBuf> {
    let mut charts = Vec::new();
    for (i, tpl) in sources.iter().enumerate() {
        let chart = dir.join(format!("c{i}"));
        std::fs::create_dir_all(chart.join("templates")).unwrap();
        std::fs::write(
            chart.join("Chart.yaml"),
            format!("apiVersion: v2\nname: c{i}\nversion: 0.1.0\n"),
        )
        .unwrap();
        std::fs::write(chart.join("templates/t.yaml"), tpl).unwrap();
        charts.push(chart);
    }
    charts
}

/// Renders charts with the SDK (`testdata/funcs/render.py`): `{chart: {path: text}}`
/// or `{chart: {"__error__": message}}`.
#[allow(dead_code, reason = "each test crate uses part of this module")]
pub fn sdk_render(charts: &[PathBuf]) -> serde_json::Value {
    sdk_script("testdata/funcs/render.py", charts)
}

/// Runs the SDK script `script` (a path under the crate) with `args` and
/// reads the JSON it prints.
#[allow(dead_code, reason = "each test crate uses part of this module")]
pub fn sdk_script<A: AsRef<std::ffi::OsStr>>(script: &str, args: &[A]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The SDK's error for `chart` in a [`sdk_render`] result, if it failed.
#[allow(dead_code, reason = "each test crate uses part of this module")]
pub fn sdk_error(rendered: &serde_json::Value, chart: &Path) -> Option<String> {
    rendered[chart.to_string_lossy().as_ref()]
        .get("__error__")
        .and_then(|e| e.as_str().map(String::from))
}
