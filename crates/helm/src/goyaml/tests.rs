//! Golden outputs of sigs.k8s.io/yaml and encoding/json for tricky values.

use std::sync::Arc;

use crate::engine::value::Value;

use super::*;

fn s(x: &str) -> Value {
    Value::String(x.into())
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::map(
        entries
            .iter()
            .map(|(k, v)| (Arc::from(*k), v.clone()))
            .collect(),
    )
}

fn list(items: &[Value]) -> Value {
    Value::List(items.to_vec().into())
}

#[test]
fn quotes_strings_that_resolve_to_other_types() {
    for (input, want) in [
        ("true", "\"true\""),
        ("y", "\"y\""),
        ("on", "\"on\""),
        ("NO", "\"NO\""),
        ("1.0", "\"1.0\""),
        ("0755", "\"0755\""),
        ("1e3", "\"1e3\""),
        ("null", "\"null\""),
        ("~", "\"~\""),
        ("", "\"\""),
        ("2024-01-02", "\"2024-01-02\""),
        ("1:20", "\"1:20\""),
        ("hello", "hello"),
        ("1.2.3", "1.2.3"),
        ("- a", "'- a'"),
        (" lead", "' lead'"),
        ("trail ", "'trail '"),
        ("a: b", "'a: b'"),
        ("a #b", "'a #b'"),
        ("it's", "it's"),
        ("'q'", "'''q'''"),
        ("*star", "'*star'"),
        ("tab\there", "\"tab\\there\""),
        ("héllo", "héllo"),
        ("emoji 😀", "\"emoji \\U0001F600\""),
    ] {
        assert_eq!(to_yaml(&s(input)), want, "input {input:?}");
    }
}

#[test]
fn writes_multiline_strings_as_literal_blocks() {
    let v = map(&[
        ("a", s("line1\nline2")),
        ("b", s("line1\nline2\n")),
        ("c", s("x\n\n")),
        ("d", s(" indented\nnext")),
        ("e", s("trailing \nspace")),
    ]);
    assert_eq!(
        to_yaml(&v),
        "a: |-\n  line1\n  line2\nb: |\n  line1\n  line2\nc: |+\n  x\n\nd: |2-\n   indented\n  next\ne: \"trailing \\nspace\""
    );
}

#[test]
fn converts_numbers_through_json_like_go() {
    let v = map(&[
        ("big", Value::Float(1e6)),
        ("frac", Value::Float(1.5)),
        ("huge", Value::Float(1e21)),
        ("mid", Value::Float(123456789.5)),
        ("int", Value::Int(-3)),
        ("tiny", Value::Float(0.000001)),
        ("twenty", Value::Float(1e20)),
    ]);
    assert_eq!(
        to_yaml(&v),
        "big: 1000000\nfrac: 1.5\nhuge: 1e+21\nint: -3\nmid: 1.234567895e+08\ntiny: 1e-06\ntwenty: 1e+20"
    );
    assert_eq!(to_yaml(&Value::Float(f64::NAN)), "");
}

#[test]
fn lays_out_nested_collections_like_go_yaml_v2() {
    let v = map(&[
        ("empty_map", map(&[])),
        ("empty_list", list(&[])),
        (
            "list",
            list(&[
                s("a"),
                map(&[("x", Value::Int(1)), ("y", list(&[Value::Nil]))]),
            ]),
        ),
        ("nested", map(&[("k", list(&[list(&[s("a"), s("b")])]))])),
    ]);
    assert_eq!(
        to_yaml(&v),
        "empty_list: []\nempty_map: {}\nlist:\n- a\n- x: 1\n  \"y\":\n  - null\nnested:\n  k:\n  - - a\n    - b"
    );
    assert_eq!(to_yaml(&map(&[])), "{}");
    assert_eq!(to_yaml(&Value::Nil), "null");
}

#[test]
fn pretty_yaml_indents_sequences() {
    let v = map(&[("a", list(&[s("x"), map(&[("b", Value::Float(1e6))])]))]);
    assert_eq!(to_yaml_pretty(&v), "a:\n  - x\n  - b: 1e+06");
}

#[test]
fn sorts_keys_naturally() {
    let v = map(&[
        ("a10", Value::Int(1)),
        ("a2", Value::Int(2)),
        ("B", Value::Int(3)),
        ("_x", Value::Int(4)),
        ("a", Value::Int(5)),
    ]);
    assert_eq!(to_yaml(&v), "_x: 4\nB: 3\na: 5\na2: 2\na10: 1");
}

#[test]
fn folds_long_plain_lines_at_eighty_columns() {
    let long = "word ".repeat(30);
    let long = long.trim_end();
    let out = to_yaml(&map(&[("k", s(long))]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 1, "{out}");
    assert!(lines[1].starts_with("  word"), "{out}");
    assert_eq!(out.replace("\n  ", " "), format!("k: {long}"));
}

#[test]
fn encodes_json_like_go() {
    let v = map(&[
        ("b", s("<a&b>")),
        (
            "a",
            list(&[Value::Float(1e21), Value::Float(2.0), Value::Nil]),
        ),
    ]);
    assert_eq!(
        to_json(&v).unwrap(),
        r#"{"a":[1e+21,2,null],"b":"\u003ca\u0026b\u003e"}"#
    );
    assert_eq!(
        to_json_styled(&v, JsonStyle::Pretty).unwrap(),
        "{\n  \"a\": [\n    1e+21,\n    2,\n    null\n  ],\n  \"b\": \"\\u003ca\\u0026b\\u003e\"\n}"
    );
    assert_eq!(
        to_json_styled(&s("<\u{2028}"), JsonStyle::Raw).unwrap(),
        "\"<\\u2028\""
    );
}

#[test]
fn parses_yaml_numbers_as_floats() {
    let v = from_yaml("a: 1\nb: [x, 2.5]\n").unwrap();
    assert_eq!(
        v,
        map(&[
            ("a", Value::Float(1.0)),
            ("b", list(&[s("x"), Value::Float(2.5)]))
        ])
    );
}

#[test]
fn emitted_yaml_reads_back_to_the_same_values() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/funcs");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let values = entry.unwrap().path().join("values.yaml");
        let Ok(text) = std::fs::read_to_string(&values) else {
            continue;
        };
        let v = from_yaml(&text).unwrap();
        for out in [marshal(&v).unwrap(), to_yaml_pretty(&v)] {
            assert_eq!(from_yaml(&out).unwrap(), v, "{}:\n{out}", values.display());
        }
        checked += 1;
    }
    assert!(checked > 10);
}

/// Every `*.yaml` under `$OXBOW_YAML_CORPUS` (e.g. a directory of real charts)
/// must survive parse → emit → parse unchanged; skipped when the variable is unset.
#[test]
fn corpus_yaml_round_trips_when_provided() {
    let Some(root) = std::env::var_os("OXBOW_YAML_CORPUS") else {
        return;
    };
    let mut stack = vec![std::path::PathBuf::from(root)];
    let (mut checked, mut unparsed) = (0, 0);
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "yaml")
                || path.components().any(|c| c.as_os_str() == "templates")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let Ok(v) = from_yaml(&text) else {
                unparsed += 1;
                continue;
            };
            let out = marshal(&v).unwrap();
            assert_eq!(from_yaml(&out).unwrap(), v, "{}", path.display());
            checked += 1;
        }
    }
    eprintln!("round-tripped {checked} YAML files ({unparsed} not parseable)");
}
