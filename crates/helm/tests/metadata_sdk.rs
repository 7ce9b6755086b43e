//! `Chart.yaml` against Helm's Go SDK: each line of
//! `testdata/chart/metadata.txt` becomes a chart whose template prints its
//! `.Chart` fields. The SDK (`testdata/funcs/render.py`) and we must render
//! the same text, or both refuse the chart with Helm's validation message.
//! Skipped with a notice without python3 and helm-python-sdk, unless `CI` is
//! set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sdk_support;

use oxbow_helm::values::Values;
use oxbow_helm::{RenderOptions, loader, render_templates};
use sdk_support::{case_lines, sdk_error, sdk_or_skip, sdk_render};

const TEMPLATE: &str = "{{ .Chart.Name | quote }} {{ .Chart.Version | quote }} \
{{ .Chart.Description | quote }} {{ .Chart.AppVersion | quote }} {{ .Chart.Home | quote }} \
{{ .Chart.Keywords | toJson }} {{ range .Chart.Maintainers }}{{ .Name | quote }} {{ .Email | quote }}{{ end }} \
{{ range .Chart.Dependencies }}{{ .Name }}/{{ .Alias }} {{ end }}\n";

#[test]
fn chart_yaml_is_checked_and_cleaned_as_helm_does() {
    if !sdk_or_skip() {
        return;
    }
    let cases = case_lines("chart/metadata.txt");
    let dir = tempfile::tempdir().unwrap();
    let charts: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let chart = dir.path().join(format!("c{i}"));
            std::fs::create_dir_all(chart.join("templates")).unwrap();
            let yaml = case.replace("\\n", "\n").replace("\\t", "\t");
            std::fs::write(chart.join("Chart.yaml"), yaml).unwrap();
            std::fs::write(chart.join("templates/t.yaml"), TEMPLATE).unwrap();
            chart
        })
        .collect();
    let helm = sdk_render(&charts);
    let mut failures = Vec::new();
    for (case, chart) in cases.iter().zip(&charts) {
        let key = chart.to_string_lossy().to_string();
        let ours = loader::load(chart)
            .map_err(|e| e.to_string())
            .and_then(|c| {
                render_templates(c, &Values::new(), &RenderOptions::default())
                    .map_err(|e| e.to_string())
            });
        match (sdk_error(&helm, chart), ours) {
            (Some(h), Err(o)) if !o.ends_with(&h) => {
                failures.push(format!("{case}:\n  helm: {h}\n  ours: {o}"))
            }
            (Some(h), Ok(_)) => failures.push(format!("{case}: Helm refuses ({h}), we render")),
            (None, Err(o)) => failures.push(format!("{case}: Helm renders, we fail: {o}")),
            (None, Ok(ours)) => {
                let theirs: std::collections::BTreeMap<String, String> =
                    serde_json::from_value(helm[&key].clone()).unwrap();
                let theirs: Vec<_> = theirs.into_iter().collect();
                let ours: Vec<_> = ours.into_iter().collect();
                if theirs != ours {
                    failures.push(format!("{case}:\n  helm: {theirs:?}\n  ours: {ours:?}"));
                }
            }
            _ => {}
        }
    }
    eprintln!("{} Chart.yaml cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
