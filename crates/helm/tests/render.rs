//! Rendering behaviour on small charts built in memory: built-in objects,
//! Helm's engine functions, errors with locations, and bounded recursion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use oxbow_helm::chart::File;
use std::collections::BTreeMap;

use oxbow_helm::values::{Values, coalesce_values, parse_set, parse_values};
use oxbow_helm::{Capabilities, Engine, ReleaseOptions};
use oxbow_helm::{RenderOptions, Rendered, loader, render_chart};

fn chart(files: &[(&str, &str)]) -> oxbow_helm::Chart {
    let mut all = vec![File {
        name: "Chart.yaml".into(),
        data: b"apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: \"1.0\"\n".to_vec(),
    }];
    all.extend(files.iter().map(|(n, d)| File {
        name: n.to_string(),
        data: d.as_bytes().to_vec(),
    }));
    loader::load_files(all).unwrap()
}

fn render(files: &[(&str, &str)], values: &str) -> Result<Rendered, String> {
    let vals: Values = parse_values(values.as_bytes()).unwrap();
    render_chart(chart(files), &vals, &RenderOptions::default()).map_err(|e| e.to_string())
}

/// Renders templates only (their output need not be YAML).
fn render_text(files: &[(&str, &str)], values: &str) -> Result<BTreeMap<String, String>, String> {
    let vals: Values = parse_values(values.as_bytes()).unwrap();
    let chart = chart(files);
    let coalesced = coalesce_values(&chart, &vals).map_err(|e| e.to_string())?;
    Engine::default()
        .render(
            &chart,
            &coalesced,
            &ReleaseOptions::default(),
            &Capabilities::default(),
        )
        .map_err(|e| e.to_string())
}

fn text(r: &BTreeMap<String, String>, name: &str) -> String {
    r.get(&format!("demo/templates/{name}"))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn built_in_objects_are_visible() {
    let r = render_text(
        &[("templates/a.yaml", "{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.IsInstall }} {{ .Release.Revision }} {{ .Chart.Name }}-{{ .Chart.AppVersion }} {{ .Template.Name }} {{ .Template.BasePath }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.APIVersions.Has \"apps/v1\" }} {{ .Capabilities.APIVersions.Has \"apps/v1/Deployment\" }}")],
        "",
    )
    .unwrap();
    assert_eq!(
        text(&r, "a.yaml"),
        "release-name default true 1 demo-1.0 demo/templates/a.yaml demo/templates v1.36.0 true false"
    );
}

#[test]
fn files_get_glob_lines_and_as_config() {
    let r = render_text(
        &[
            ("files/a.txt", "one\ntwo\n"),
            ("files/b.conf", "x=1"),
            ("templates/f.yaml", "{{ .Files.Get \"files/a.txt\" | trim }}|{{ range .Files.Lines \"files/a.txt\" }}[{{ . }}]{{ end }}|{{ range $p, $_ := .Files.Glob \"files/*\" }}{{ $p }};{{ end }}|{{ (.Files.Glob \"files/*.conf\").AsConfig }}|{{ (.Files.Glob \"files/*.conf\").AsSecrets }}"),
        ],
        "",
    )
    .unwrap();
    assert_eq!(
        text(&r, "f.yaml"),
        "one\ntwo|[one][two]|files/a.txt;files/b.conf;|b.conf: x=1|b.conf: eD0x"
    );
}

#[test]
fn include_tpl_and_values_scoping() {
    let r = render_text(
        &[
            (
                "templates/_h.tpl",
                "{{- define \"demo.name\" -}}{{ .Values.name | default \"anon\" }}{{- end -}}",
            ),
            (
                "templates/a.yaml",
                "{{ include \"demo.name\" . }} {{ tpl .Values.greeting . }} {{ .Values.num }}",
            ),
        ],
        // `n: ...` would be the key "false" in Helm (YAML 1.1).
        "name: x\ngreeting: 'hi {{ .Values.name }}'\nnum: 1000000\n",
    )
    .unwrap();
    assert_eq!(text(&r, "a.yaml"), "x hi x 1e+06");
}

#[test]
fn set_on_a_variable_is_seen_later() {
    let r = render_text(
        &[("templates/a.yaml", "{{- $d := dict \"a\" 1 -}}{{- $_ := set $d \"b\" 2 -}}{{ if true }}{{ $_ := set $d \"c\" 3 }}{{ end }}{{ keys $d | sortAlpha | join \",\" }}")],
        "",
    )
    .unwrap();
    assert_eq!(text(&r, "a.yaml"), "a,b,c");
}

#[test]
fn required_and_fail_name_the_template_and_line() {
    let err = render(
        &[(
            "templates/a.yaml",
            "a: 1\nb: {{ required \"b is required\" .Values.b }}\n",
        )],
        "",
    )
    .unwrap_err();
    assert_eq!(
        err,
        "execution error at (demo/templates/a.yaml:2:6): b is required"
    );
    let err = render(&[("templates/a.yaml", "{{ fail \"no\" }}")], "").unwrap_err();
    assert!(
        err.contains("demo/templates/a.yaml:1:3") && err.ends_with(": no"),
        "{err}"
    );
}

#[test]
fn parse_errors_and_undefined_functions_fail_with_a_location() {
    let err = render(&[("templates/a.yaml", "x\n{{ if }}")], "").unwrap_err();
    assert!(
        err.starts_with("parse error at (demo/templates/a.yaml:2"),
        "{err}"
    );
    let err = render(&[("templates/a.yaml", "x\n{{ nosuchfunc 1 }}")], "").unwrap_err();
    assert!(
        err.contains("demo/templates/a.yaml:2") && err.contains("\"nosuchfunc\" not defined"),
        "{err}"
    );
}

#[test]
fn recursive_include_hits_the_depth_cap() {
    let err = render(
        &[
            (
                "templates/_l.tpl",
                "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}",
            ),
            ("templates/a.yaml", "{{ include \"loop\" . }}"),
        ],
        "",
    )
    .unwrap_err();
    assert!(err.contains("nested reference name: loop"), "{err}");
}

#[test]
fn recursive_tpl_and_mixed_chains_are_bounded() {
    let err = render(
        &[("templates/a.yaml", "{{ tpl .Values.t . }}")],
        "t: '{{ tpl .Values.t . }}'\n",
    )
    .unwrap_err();
    assert!(err.contains("nested include/tpl calls"), "{err}");
    let err = render(
        &[
            ("templates/_l.tpl", "{{ define \"a\" }}{{ include \"b\" . }}{{ end }}{{ define \"b\" }}{{ tpl \"{{ include \\\"a\\\" . }}\" . }}{{ end }}"),
            ("templates/a.yaml", "{{ include \"a\" . }}"),
        ],
        "",
    )
    .unwrap_err();
    assert!(err.contains("nested"), "{err}");
}

#[test]
fn null_deletes_a_default_and_set_overrides() {
    let files = [
        ("values.yaml", "a: 1\nb: {c: 2, d: 3}\n"),
        ("templates/a.yaml", "{{ toJson .Values }}"),
    ];
    let mut vals = parse_values(b"b: {c: null}").unwrap();
    parse_set("a=5,list[1]=x", &mut vals).unwrap();
    let c = chart(&files);
    let coalesced = coalesce_values(&c, &vals).unwrap();
    let r = Engine::default()
        .render(
            &c,
            &coalesced,
            &ReleaseOptions::default(),
            &Capabilities::default(),
        )
        .unwrap();
    assert_eq!(
        text(&r, "a.yaml"),
        r#"{"a":5,"b":{"d":3},"list":[null,"x"]}"#
    );
}

#[test]
fn schema_violations_are_reported_per_chart() {
    let err = render(
        &[
            (
                "values.schema.json",
                r#"{"type":"object","properties":{"port":{"type":"integer"}}}"#,
            ),
            ("templates/a.yaml", "x"),
        ],
        "port: abc\n",
    )
    .unwrap_err();
    assert!(err.contains("demo:") && err.contains("/port"), "{err}");
}

#[test]
fn hooks_notes_and_crds_are_separated() {
    let r = render(
        &[
            ("templates/NOTES.txt", "Thanks for installing {{ .Release.Name }}"),
            ("templates/job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n"),
            ("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
            ("crds/crd.yaml", "kind: CustomResourceDefinition\n"),
        ],
        "",
    )
    .unwrap();
    assert_eq!(
        r.notes.as_deref(),
        Some("Thanks for installing release-name")
    );
    assert_eq!(r.hooks.len(), 1);
    assert_eq!(r.manifests.len(), 1);
    let out = r.to_template_output(true);
    assert!(
        out.starts_with("---\n# Source: demo/crds/crd.yaml\n"),
        "{out}"
    );
    assert!(out.contains("# Source: demo/templates/cm.yaml\napiVersion: v1"));
}

#[test]
fn declared_dependencies_missing_from_charts_are_named() {
    let file = |name: &str, data: &str| File {
        name: name.into(),
        data: data.as_bytes().to_vec(),
    };
    let chart = loader::load_files(vec![
        file(
            "Chart.yaml",
            "apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n- name: present\n- name: absent\n  condition: absent.enabled\n- name: gone\n  alias: g\n",
        ),
        file("charts/present/Chart.yaml", "apiVersion: v2\nname: present\nversion: 0.1.0\n"),
    ])
    .unwrap();
    assert_eq!(chart.missing_dependencies(), vec!["absent", "gone"]);
}
