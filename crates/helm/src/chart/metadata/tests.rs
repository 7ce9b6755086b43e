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

/// Compares [`Metadata::parse`] with [`Metadata::parse_slow`]; whether the
/// fast reader answered.
fn agrees(data: &[u8]) -> bool {
    assert_eq!(
        Metadata::parse(data),
        Metadata::parse_slow(data),
        "{:?}",
        String::from_utf8_lossy(data)
    );
    std::str::from_utf8(data)
        .ok()
        .and_then(from_str_fast)
        .is_some()
}

#[test]
fn odd_chart_yaml_files_parse_alike() {
    for text in [
        "apiVersion: v2\nname: a\nversion: 1.0\nappVersion: 1.10\n",
        "apiVersion: v2\nname: a\nversion: 0.1.0\nappVersion: \"1.10\"\nkubeVersion: \">=1.19\"\n",
        "name: 5\nversion: 1e3\nappVersion: 0755\ndeprecated: true\ntype: library\n",
        "name: a\ndeprecated: yes\nicon: ~\nhome: [x]\n",
        "name: a\nmaintainers:\n  - name: x\n    email: x@example.com\n  - {name: y, url: 'https://y'}\n  - z\n",
        "name: a\nannotations:\n  category: Database\n  1: one\n  true: yes\n  ~: n\n  \"quoted\": 1.5\n",
        "name: a\nkeywords: [a, 1, true, null]\nsources:\n- https://x\n",
        "name: a\ndependencies:\n- name: sub\n  version: ~1.2\n  condition: sub.enabled\n  tags: [t]\n  enabled: true\n  import-values:\n  - child: a\n    parent: b\n  - data\n  alias: s\n",
        "name: a\nunknown: {deep: [1, {x: y}]}\n<<: {name: b}\n",
        "name: a\ndescription: |\n  A chart\n  of things\n\nversion: 1.0.0\n",
        "name: a\ndescription: >-\n  folded\n  text\n",
        "# comment\n---\nname: a\n",
    ] {
        assert!(agrees(text.as_bytes()), "{text:?}");
    }
    for text in [
        "name: a\nname: b\n",
        "name: a\n---\nname: b\n",
        "name: [a\n",
        "name: a\r\nversion: 1\r\n",
        "name: a\nversion: 1",
        "name: &n a\nalias: *n\n",
        "name: !!str 1\n",
        "",
    ] {
        assert!(!agrees(text.as_bytes()), "{text:?}");
    }
    assert!(!agrees(b"name: \xff\n"));
    assert!(agrees(b"- a\n"));
    assert_eq!(Metadata::parse(b"version: 1.10\n").unwrap().version, "1.1");
}

/// Every `Chart.yaml` and `requirements.yaml` of the shared corpus.
#[test]
fn corpus_chart_files_parse_alike() {
    let corpus = format!("{}/../../../shared/corpus", env!("CARGO_MANIFEST_DIR"));
    let (mut files, mut taken) = (0, 0);
    for path in crate::yaml_value::tests::files_under(&corpus) {
        if path.ends_with("Chart.yaml") || path.ends_with("requirements.yaml") {
            files += 1;
            taken += usize::from(agrees(&std::fs::read(&path).unwrap()));
        }
    }
    eprintln!("fast reader took {taken} of {files} chart files");
    assert!(files == 0 || taken * 10 >= files * 9, "{taken} of {files}");
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
