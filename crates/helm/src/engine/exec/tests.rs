//! Go `text/template` semantics of the executor, each expectation as Go 1.24
//! prints it.

use crate::engine::execute_text;
use crate::engine::value::Value;

fn r(src: &str) -> String {
    match execute_text(src, &Value::Nil) {
        Ok(out) => out,
        Err(e) => format!("ERROR: {e}"),
    }
}

#[test]
fn assignment_in_a_block_changes_the_outer_variable() {
    assert_eq!(
        r(
            "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ range list 3 4 }}{{ $x = . }}{{ end }}{{ $x }}"
        ),
        "4"
    );
    assert_eq!(
        r("{{ $x := 1 }}{{ with 5 }}{{ $x := . }}{{ end }}{{ $x }}"),
        "1"
    );
}

#[test]
fn assigning_an_undeclared_variable_fails() {
    assert_eq!(
        r("{{ $x = 1 }}"),
        "ERROR: template: t:1:8: executing \"t\" at <1>: undefined variable: $x"
    );
}

#[test]
fn range_walks_sorted_keys_ints_and_else() {
    assert_eq!(
        r(r#"{{ range $k, $v := dict "b" 2 "a" 1 }}{{ $k }}={{ $v }};{{ end }}"#),
        "a=1;b=2;"
    );
    assert_eq!(r("{{ range $i := 3 }}{{ $i }}{{ end }}"), "012");
    assert_eq!(r("{{ range list }}x{{ else }}empty{{ end }}"), "empty");
    assert_eq!(r("{{ range . }}x{{ else }}nil{{ end }}"), "nil");
    assert_eq!(
        r(
            "{{ range list 1 2 3 4 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}"
        ),
        "13"
    );
    assert!(
        r("{{ range $i, $v := 3 }}{{ end }}")
            .contains("can't use 3 to iterate over more than one variable")
    );
}

#[test]
fn and_or_short_circuit() {
    assert_eq!(
        r(r#"{{ and 0 (fail "no") }}|{{ or 1 (fail "no") }}|{{ and 1 2 }}|{{ or 0 "" }}"#),
        "0|1|2|"
    );
}

#[test]
fn comparisons_follow_go_kinds() {
    assert_eq!(
        r("{{ eq 1 2 1 }} {{ ne \"a\" \"b\" }} {{ lt 1 2 }} {{ ge 2.5 2.5 }} {{ eq nil nil }}"),
        "true true true true true"
    );
    assert!(
        r("{{ eq 1 1.0 }}")
            .contains("error calling eq: incompatible types for comparison: int and float64")
    );
    assert!(
        r("{{ eq (list 1) (list 1) }}")
            .contains("error calling eq: non-comparable type [%!s(int=1)]: []interface {}")
    );
    assert!(r("{{ lt true false }}").contains("error calling lt: invalid type for comparison"));
    assert_eq!(r(r#"{{ eq "a" nil }}"#), "false");
}

#[test]
fn missing_keys_are_nil_and_nil_fields_fail() {
    let values = crate::goyaml::from_yaml("a: {b: 1}\nn: null\n").unwrap_or_default();
    let mut top = std::collections::BTreeMap::new();
    top.insert(std::sync::Arc::from("Values"), values);
    let data = Value::map(top);
    let run = |src: &str| execute_text(src, &data).unwrap_or_else(|e| format!("ERROR: {e}"));
    assert_eq!(
        run("{{ .Values.x }}|{{ .Values.a.b }}|{{ (.Values.x).y }}"),
        "<no value>|1|<no value>"
    );
    assert_eq!(
        run("{{ .Values.x.y }}"),
        "ERROR: template: t:1:10: executing \"t\" at <.Values.x.y>: nil pointer evaluating interface {}.y"
    );
    assert!(run("{{ .Values.n.y }}").contains("nil pointer evaluating interface {}.y"));
    assert!(run("{{ .Values.a.b.c }}").contains("can't evaluate field c in type interface {}"));
}

#[test]
fn maps_are_shared_references() {
    assert_eq!(
        r(
            r#"{{ define "f" }}{{ $_ := set . "k" "v" }}{{ end }}{{ $d := dict }}{{ template "f" $d }}{{ $e := $d }}{{ $_ := unset $d "none" }}{{ $e.k }}"#
        ),
        "v"
    );
    assert_eq!(
        r(
            r#"{{ $d := dict "a" (dict "x" 1) }}{{ $c := deepCopy $d }}{{ $_ := set $d.a "x" 2 }}{{ $c.a.x }}{{ $d.a.x }}"#
        ),
        "12"
    );
}

#[test]
fn builtins_index_slice_len_print() {
    assert_eq!(
        r(
            r#"{{ index (list 1 (dict "a" "b")) 1 "a" }} {{ len "abc" }} {{ print 1 2 "a" 3.5 }} {{ printf "%s-%d-%v" "a" 1 1e6 }}"#
        ),
        "b 3 1 2a3.5 a-1-1e+06"
    );
    assert!(r("{{ index (list 1) 5 }}").contains("error calling index: index out of range: 5"));
    assert_eq!(
        r("{{ html \"<a>\" }} {{ urlquery \"a b\" }} {{ not 0 }}"),
        "&lt;a&gt; a+b true"
    );
}

#[test]
fn template_calls_get_fresh_variables_and_nil_dot() {
    assert_eq!(
        r(
            r#"{{ define "p" }}[{{ . }}]{{ end }}{{ $x := 1 }}{{ template "p" }}{{ template "p" 2 }}"#
        ),
        "[<no value>][2]"
    );
    assert!(r(r#"{{ template "nope" }}"#).contains("template \"nope\" not defined"));
}

#[test]
fn a_map_cannot_be_made_to_contain_itself() {
    assert!(
        r(r#"{{ $d := dict }}{{ $_ := set $d "me" (list $d) }}"#)
            .contains("a map cannot contain itself")
    );
    assert!(
        r(r#"{{ $d := dict "c" (dict) }}{{ $_ := merge $d (dict "c" (dict "up" $d)) }}"#)
            .contains("a map cannot contain itself")
    );
    assert_eq!(
        r(
            r#"{{ $d := dict "a" 1 }}{{ $_ := merge $d $d }}{{ $_ := set $d "b" (dict "a" $d.a) }}{{ $d.b.a }}"#
        ),
        "1"
    );
}

#[test]
fn merging_a_map_into_one_that_holds_it_changes_it_in_place() {
    assert_eq!(
        r(
            r#"{{ $a := dict "k" (dict "x" 1) }}{{ $b := dict "k" $a }}{{ $_ := merge $b $a }}{{ $a.k.x }}"#
        ),
        "1"
    );
}

#[test]
fn error_locations_count_lines_and_columns_from_the_offset() {
    assert_eq!(
        r("a\n{{/* c\n*/}}\n  {{ $x := 1 }}{{ $y = 2 }}"),
        "ERROR: template: t:4:23: executing \"t\" at <2>: undefined variable: $y"
    );
    assert_eq!(
        r("{{ define \"d\" }}\n\n {{ .a.b }}{{ end }}{{ template \"d\" 1 }}"),
        "ERROR: template: t:3:6: executing \"d\" at <.a.b>: can't evaluate field a in type int"
    );
}

#[test]
fn functions_resolve_at_parse_time_in_go_and_helm_order() {
    use crate::engine::ast::{Builtin, Callee, EngineFn};
    use crate::engine::resolve_function;
    let callee = |n: &str| resolve_function(n).map(|i| (i.name, i.callee));
    assert!(matches!(callee("and"), Some(("and", Callee::And))));
    assert!(matches!(callee("or"), Some(("or", Callee::Or))));
    assert!(matches!(
        callee("include"),
        Some(("include", Callee::Engine(EngineFn::Include)))
    ));
    // The function map before Go's built-ins: Sprig's `slice` wins.
    assert!(matches!(callee("slice"), Some(("slice", Callee::Map(_)))));
    assert!(matches!(
        callee("printf"),
        Some(("printf", Callee::Builtin(Builtin::Printf)))
    ));
    assert!(matches!(callee("quote"), Some(("quote", Callee::Map(_)))));
    assert!(callee("nope").is_none());
    assert_eq!(
        r("{{ and 1 0 2 }}|{{ or 0 \"\" 3 }}|{{ slice (list 1 2 3) 1 }}|{{ len \"ab\" }}"),
        "0|3|[2 3]|2"
    );
}
