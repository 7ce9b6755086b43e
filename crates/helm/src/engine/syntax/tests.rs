use crate::engine::ast::{Expr, Ident, Node};

use super::parse;

fn known(f: &str) -> Option<Ident> {
    if matches!(f, "print" | "len" | "quote") {
        crate::engine::resolve_function(f)
    } else {
        None
    }
}

fn err(src: &str) -> String {
    match parse("t", src, &known) {
        Ok(_) => panic!("{src:?} parsed"),
        Err(e) => e,
    }
}

#[test]
fn parses_text_actions_and_defines() {
    let src = "a {{- /* c */}}  b\n{{ define \"x\" }}X{{ end }}{{ .A.B | print }}";
    let p = parse("t", src, &known).unwrap();
    assert_eq!(p.defines.len(), 1);
    assert_eq!(p.defines[0].0, "x");
    let Node::Text(t) = &p.root.nodes[0] else {
        panic!("{:?}", p.root.nodes[0]);
    };
    assert_eq!(t.text(src), "a");
    let Node::Action(a) = p.root.nodes.last().unwrap() else {
        panic!("no action");
    };
    assert_eq!(a.pipe.commands.len(), 2);
    let Expr::Field(_, fields) = &a.pipe.commands[0].args[0] else {
        panic!("no field");
    };
    assert_eq!(fields.len(), 2);
}

#[test]
fn errors_read_like_go() {
    assert_eq!(
        err("{{ nope }}"),
        "template: t:1: function \"nope\" not defined"
    );
    assert_eq!(
        err("x\n{{ $y }}"),
        "template: t:2: undefined variable \"$y\""
    );
    assert_eq!(err("{{ if 1 }}"), "template: t:1: unexpected EOF");
    assert_eq!(err("{{ end }}"), "template: t:1: unexpected {{end}}");
    assert_eq!(
        err("{{ break }}"),
        "template: t:1: {{break}} outside {{range}}"
    );
    assert_eq!(
        err("{{ 1 | 2 }}"),
        "template: t:1: non executable command in pipeline stage 2"
    );
    assert_eq!(
        err("{{ .x\n}}{{ \"a }}"),
        "template: t:2: unterminated quoted string"
    );
    assert_eq!(
        err("{{ if 1\n\"a }}"),
        "template: t:2: unterminated quoted string in action started at t:1"
    );
    assert_eq!(err("{{ @ }}"), "template: t:1: unexpected \"@\" in command");
    assert_eq!(
        err("{{ /* c */ }}"),
        "template: t:1: unexpected \"/\" in command"
    );
    assert_eq!(
        err("{{ define \"a\" }}A{{ end }}{{ define \"a\" }}B{{ end }}"),
        "template: t:1: template: multiple definition of template \"a\""
    );
}

#[test]
fn left_delimiters_found_past_single_braces() {
    use super::lex::find_left_delim;
    assert_eq!(find_left_delim(b"a{b}{{c"), Some(4));
    assert_eq!(find_left_delim(b"{{"), Some(0));
    assert_eq!(find_left_delim(b"x{{{"), Some(1));
    assert_eq!(find_left_delim(b"{ { {"), None);
    assert_eq!(find_left_delim(b"abc{"), None);
}

#[test]
fn error_lines_count_newlines_in_text_and_actions() {
    let long = "x\n".repeat(40);
    assert_eq!(
        err(&format!("{long}{{{{ .a\n}}}}\n{{{{ nope }}}}")),
        "template: t:43: function \"nope\" not defined"
    );
    assert_eq!(
        err("{{ .a }}\n\n{{ .b\n\n| nope }}"),
        "template: t:5: function \"nope\" not defined"
    );
}

#[test]
fn error_lines_are_counted_from_offsets_after_comments_and_trims() {
    assert_eq!(
        err("{{/*\na\nb\n*/}}\n{{- nope }}"),
        "template: t:5: function \"nope\" not defined"
    );
    assert_eq!(
        err("a\n{{ if 1 }}\nb\n{{ 1 | 2 }}"),
        "template: t:4: non executable command in pipeline stage 2"
    );
    // After a scanner error every item is EOF on the error's line.
    assert_eq!(
        err("a\n{{ .x\n\n\"b }}\nc"),
        "template: t:4: unterminated quoted string in action started at t:2"
    );
}

/// The names of the first operand of the last action.
fn field_names(src: &str) -> Vec<String> {
    let p = parse("t", src, &known).unwrap();
    let Some(Node::Action(a)) = p
        .root
        .nodes
        .iter()
        .rev()
        .find(|n| matches!(n, Node::Action(_)))
    else {
        panic!("no action in {src:?}");
    };
    match &a.pipe.commands[0].args[0] {
        Expr::Field(_, f) | Expr::Variable(_, _, f) => {
            f.iter().map(|s| s.text(src).to_string()).collect()
        }
        _ => Vec::new(),
    }
}

#[test]
fn field_chains_are_one_operand_of_source_ranges() {
    assert_eq!(field_names("{{ .a.b.c }}"), ["a", "b", "c"]);
    assert_eq!(field_names("{{.a.b_2.C}}"), ["a", "b_2", "C"]);
    assert_eq!(field_names("{{ .a.b| print }}"), ["a", "b"]);
    assert_eq!(field_names("{{ .a.b -}}"), ["a", "b"]);
    assert_eq!(field_names("{{ .a.é.c }}"), ["a", "é", "c"]);
    assert_eq!(field_names("{{ $x := . }}{{ $x.a.b }}"), ["a", "b"]);
    assert_eq!(field_names("{{ (.a).b }}").len(), 0, "a chain, not a field");
    assert_eq!(
        err("{{ .a.b@ }}"),
        "template: t:1: bad character U+0040 '@'"
    );
    assert_eq!(
        err("{{ .a.b..c }}"),
        "template: t:1: unexpected <.> in operand"
    );
}
