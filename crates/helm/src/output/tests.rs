use super::*;

#[test]
fn splits_on_separator_lines_and_drops_empty_pieces() {
    let docs = split_manifests("\n---\na: 1\n---\n\n---\n# only a comment\n---   \nb: 2\n\n");
    // Two separators in a row leave the second in the next piece, as in
    // Helm; the last piece keeps its trailing line breaks.
    assert_eq!(docs, vec!["a: 1", "---\n# only a comment", "b: 2\n\n"]);
}

#[test]
fn separates_hooks_and_sorts_by_kind() {
    let mut files = BTreeMap::new();
    files.insert(
        "c/templates/a.yaml".to_string(),
        "kind: Deployment\nmetadata: {name: d}\n---\nkind: Service\nmetadata: {name: s}\n"
            .to_string(),
    );
    files.insert(
        "c/templates/t.yaml".to_string(),
        "kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: \"5\"\n".to_string(),
    );
    let (hooks, manifests) = sort_manifests(&files).unwrap();
    assert_eq!(manifests[0].kind, "Service");
    assert_eq!(manifests[1].kind, "Deployment");
    assert_eq!(hooks[0].events, vec!["test"]);
    assert_eq!(hooks[0].weight, 5);
}

/// [`head`] without the fast reader.
fn head_slow(path: &str, doc: &str) -> Result<Head> {
    let y = tree(doc).map_err(|reason| Error::Manifest {
        template: path.to_string(),
        reason,
    })?;
    head_of(path, y)
}

/// Compares [`head`] with [`head_slow`] on `doc`; whether the fast reader
/// answered.
fn agrees(doc: &str) -> bool {
    let fast = head("t.yaml", doc).map_err(|e| e.to_string());
    assert_eq!(
        fast,
        head_slow("t.yaml", doc).map_err(|e| e.to_string()),
        "{doc:?}"
    );
    top_level_fast(doc, &["kind", "metadata"]).is_some()
}

#[test]
fn odd_documents_give_the_same_heads() {
    let covered = [
        "kind: Pod\nmetadata:\n  name: p # comment\n",
        "# Source: x\nkind: Pod\nmetadata: {name: p, annotations: {helm.sh/hook: test}}",
        "\"kind\": 'Pod'\n'metadata':\n  \"name\": \"p\"",
        "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install,post-install\n    helm.sh/hook-weight: \"-5\"\n    helm.sh/hook-delete-policy: before-hook-creation\n",
        "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook-weight: 5\n",
        "kind: Job\nmetadata:\n  annotations:\n    a: ~\n    b: [x]\n",
        "kind: 5\nmetadata:\n  name: true\n",
        "kind: Pod\nspec:\n  x: &a 1\n",
        "- kind: Pod\n",
        "just text",
        "---\n# only a comment",
        "kind: ConfigMap\ndata:\n  a: |\n    x",
        "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook-weight: |-\n      5",
    ];
    for doc in covered {
        assert!(agrees(doc), "{doc:?}");
    }
    for doc in [
        "kind: Pod\nspec: &a {x: 1}\nother: *a\n",
        "kind: Pod\n---\nkind: Service\n",
        "kind: Pod\nmetadata:\n  labels: {a: 1, a: 2}\n",
        "kind: Pod\nkind: Service\n",
        "kind: [Pod\n",
        "kind: Pod\n\tmetadata: {}\n",
        "kind: !!str Pod\n",
        "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook-weight: |\n      5",
        "kind: Pod\nmetadata:\n  name: \"multi\n    line\"\n",
        "",
    ] {
        assert!(!agrees(doc), "{doc:?}");
    }
}

/// Every document of every `*.out` file (`helm template` output) under the
/// directory in `$OXBOW_MANIFEST_DIFF`: the fast head equals serde_yaml's.
/// Opt-in: point it at a directory of rendered charts.
#[test]
#[ignore = "needs OXBOW_MANIFEST_DIFF"]
fn rendered_documents_give_the_same_heads() {
    let dir = std::env::var("OXBOW_MANIFEST_DIFF").expect("OXBOW_MANIFEST_DIFF");
    let (mut docs, mut taken) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "out") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for doc in split_manifests(&text) {
            docs += 1;
            taken += usize::from(agrees(&doc));
        }
    }
    eprintln!("fast head took {taken} of {docs} documents");
}

/// Helm reads heads with sigs.k8s.io/yaml: a repeated key is no error (the
/// last wins), and its failures are worded as Go words them.
#[test]
fn heads_read_repeated_keys_and_fail_in_helms_words() {
    let h = head(
        "t.yaml",
        "kind: Pod\nmetadata:\n  name: a\n  name: b\n  labels: {x: 1, x: 2}\n",
    )
    .unwrap();
    assert_eq!((h.kind.as_str(), h.name.as_str()), ("Pod", "b"));
    let e = head("t.yaml", "just text").unwrap_err().to_string();
    assert!(
        e.ends_with("json: cannot unmarshal string into Go value of type util.SimpleHead"),
        "{e}"
    );
    let e = head("t.yaml", "- kind: Pod\n").unwrap_err().to_string();
    assert!(e.contains("cannot unmarshal array into"), "{e}");
    let e = head("t.yaml", "kind: [Pod\n").unwrap_err().to_string();
    assert!(
        e.starts_with("YAML parse error on t.yaml: error converting YAML to JSON: yaml: "),
        "{e}"
    );
}

/// serde_yaml's failures worded as go-yaml v2's through sigs.k8s.io/yaml
/// (Helm's words, checked against the SDK for these documents).
#[test]
fn yaml_failures_read_as_go_yaml_words_them() {
    for (doc, go) in [
        (
            "html: &lt;a x\n",
            "yaml: did not find expected alphabetic or numeric character",
        ),
        ("a: [1\n", "yaml: line 1: did not find expected ',' or ']'"),
        (
            "a: b: c\n",
            "yaml: mapping values are not allowed in this context",
        ),
        (
            "a:\n  - x\n - y\n",
            "yaml: line 2: did not find expected key",
        ),
        ("a: 'x\n", "yaml: line 2: found unexpected end of stream"),
        ("a: 1\nb: *star\n", "yaml: unknown anchor 'star' referenced"),
        (
            "a:\n  - x\n  - é: [*ok-1_b]\n",
            "yaml: unknown anchor 'ok-1_b' referenced",
        ),
    ] {
        let e = head("t.yaml", doc).unwrap_err().to_string();
        assert_eq!(
            e,
            format!("YAML parse error on t.yaml: error converting YAML to JSON: {go}"),
            "{doc:?}"
        );
    }
}

#[test]
fn scalars_read_into_go_strings_as_sigs_yaml_reads_them() {
    use crate::goyaml::number::format_g32;
    let y = |t: &str| serde_yaml::from_str::<Yaml>(t).unwrap();
    assert_eq!(go_string(&y("80")), Ok("80".to_string()));
    assert_eq!(go_string(&y("-5")), Ok("-5".to_string()));
    assert_eq!(go_string(&y("true")), Ok("true".to_string()));
    assert_eq!(go_string(&y("null")), Ok(String::new()));
    assert_eq!(go_string(&y("1.5")), Ok("1.5".to_string()));
    assert_eq!(go_string(&y("1e3")), Ok("1000".to_string()));
    assert_eq!(go_string(&y("[1]")), Err("array"));
    assert_eq!(go_string(&y("{a: 1}")), Err("object"));
    assert_eq!(format_g32(1e6), "1e+06");
    assert_eq!(format_g32(123_456.0), "123456");
    assert_eq!(format_g32(0.0001), "0.0001");
    assert_eq!(format_g32(0.00001), "1e-05");
    assert_eq!(format_g32(1.234_567_891), "1.2345679");
}

#[test]
fn an_integer_hook_weight_orders_hooks() {
    let doc = "kind: Job\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-weight: -5\n";
    let head = head_of("t.yaml", serde_yaml::from_str(doc).unwrap()).unwrap();
    assert_eq!(head.annotations["helm.sh/hook-weight"], "-5");
}
