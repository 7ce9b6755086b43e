use super::*;

#[test]
fn parses_dependencies_with_alias_tags_and_imports() {
    let md = Metadata::parse(
        br#"
apiVersion: v2
name: top
version: 1.2.3
appVersion: 1.0
dependencies:
  - name: sub
    version: 0.3.0
    alias: alpha
    tags: [backends]
    import-values:
      - child: exported
        parent: imported
      - data
"#,
    )
    .unwrap();
    assert_eq!(md.app_version, "1");
    assert_eq!(md.dependencies[0].alias, "alpha");
    assert_eq!(md.dependencies[0].tags, vec!["backends"]);
    assert_eq!(md.dependencies[0].import_values.len(), 2);
    assert!(md.validate().is_ok());
}

#[test]
fn rejects_a_chart_without_a_name() {
    let md = Metadata::parse(b"apiVersion: v2\nversion: 1.0.0\n").unwrap();
    assert!(md.validate().is_err());
}

/// `Chart.yaml` read as go-yaml v2 reads it (YAML 1.1), each scalar of a
/// text field turned into text as sigs.k8s.io/yaml does. The SDK test
/// `tests/metadata_sdk.rs` checks these against Helm itself.
#[test]
fn chart_yaml_reads_as_go_yaml_v2() {
    let md = |text: &str| Metadata::parse(text.as_bytes()).unwrap();
    assert_eq!(md("version: 1.10\n").version, "1.1");
    assert_eq!(md("appVersion: 0755\n").app_version, "493");
    assert_eq!(md("appVersion: 1_000\n").app_version, "1000");
    assert_eq!(md("appVersion: yes\n").app_version, "true");
    assert_eq!(
        md("appVersion: 12345678901234567890\n").app_version,
        "12345678901234567890"
    );
    assert!(md("deprecated: on\n").deprecated);
    assert_eq!(md("name: a\nname: b\n").name, "b");
    assert_eq!(md("name: &n a\nhome: *n\n").home, "a");
    assert_eq!(md("name: !!str 1\n").name, "1");
    assert_eq!(md("<<: {name: b}\nversion: 1\n").name, "b");
    assert_eq!(md("name: a\r\nversion: 1\r\n").version, "1");
    assert_eq!(md("# c\n---\nname: a\n---\nname: b\n").name, "a");
    assert_eq!(
        md("name: a\nkeywords: [a, 1, true, null]\n").keywords,
        vec!["a", "1", "true", ""]
    );
    assert_eq!(
        md("name: a\ndescription: |\n  A chart\n  of things\n\nversion: 1.0.0\n").description,
        "A chart of things "
    );
    for bad in ["name: [a\n", "- a\n", ""] {
        assert!(Metadata::parse(bad.as_bytes()).is_err(), "{bad:?}");
    }
    assert!(Metadata::parse(b"name: \xff\n").is_err());
}

/// Every `Chart.yaml` and `requirements.yaml` of the shared corpus parses.
#[test]
fn corpus_chart_files_parse() {
    let corpus = format!("{}/../../../shared/corpus", env!("CARGO_MANIFEST_DIR"));
    for path in crate::yaml_value::tests::files_under(&corpus) {
        let in_templates = path.components().any(|c| c.as_os_str() == "templates");
        if !in_templates && (path.ends_with("Chart.yaml") || path.ends_with("requirements.yaml")) {
            let data = std::fs::read(&path).unwrap();
            assert!(Metadata::parse(&data).is_ok(), "{}", path.display());
        }
    }
}

#[test]
fn template_object_is_the_json_object_converted() {
    let md = Metadata::parse(
        br#"
apiVersion: v2
name: top
version: 1.2.3
appVersion: 1.0
description: d
home: h
icon: i
deprecated: true
kubeVersion: ">=1.20"
type: application
sources: [a, b]
keywords: [k]
maintainers:
  - name: m
    email: e
    url: u
annotations:
  x: "1"
  a: b
dependencies:
  - name: sub
    version: 0.3.0
    condition: sub.enabled
    tags: [backends]
    import-values:
      - child: exported
        parent: imported
      - data
"#,
    )
    .unwrap();
    for is_root in [true, false] {
        let mut json = md.to_object();
        json.insert("IsRoot".into(), Value::Bool(is_root));
        let expected = crate::engine::convert::map_to_template(&json);
        assert_eq!(md.to_template(is_root), expected);
    }
    let empty = Metadata::default();
    let mut json = empty.to_object();
    json.insert("IsRoot".into(), Value::Bool(true));
    assert_eq!(
        empty.to_template(true),
        crate::engine::convert::map_to_template(&json)
    );
}
