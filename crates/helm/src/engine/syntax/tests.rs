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

/// Both parsers' outcome for `src`: the nodes (or the error) of the general
/// parser and of the fast path for plain pipelines.
fn both_ways(src: &str) -> (String, String) {
    let show = |fast| match super::parse_with("t", src, &crate::engine::resolve_function, fast) {
        Ok(p) => format!("{:?} {:?}", p.root, p.defines),
        Err(e) => e,
    };
    (show(false), show(true))
}

#[test]
fn fast_path_parses_plain_and_odd_pipelines_as_the_general_parser() {
    let cases = [
        "{{ .Values.a.b }}",
        "{{- .a.b -}} x {{ .a.b  -}}\n y{{.a|quote}}",
        "{{ include \"x\" . | nindent 4 }}{{ template \"y\" . }}",
        "{{ $x := default \"a\" .v }}{{ $x }}{{ $x = 1 }}{{ $x:=2 }}{{ $.a.b }}{{ $ }}",
        "{{ $x= 1 }}",
        "{{ $x : = 1 }}",
        "{{ $y }}",
        "{{ $x := . }}{{ $x.a.b.c }}{{ $x.a. }}{{ $x.0 }}",
        "{{ (.x).y.z }}{{ (include \"a\" .) }}{{ ((.a)) }}{{ (.a)(.b) }}",
        "{{ print (print (print (print 1))) }}",
        "{{ print \"a\\n\\\"b\" `c\rd` \"\\q\" }}",
        "{{ print \"a\nb\" }}",
        "{{ print \"abc }}",
        "{{ print `abc }}",
        "{{ print 1 0 08 1.5 1e3 0x1F -1 +2 1i 'a' 1_000 }}",
        "{{ print true false nil }}{{ nil }}{{ true | not }}",
        "{{ print . .a .a. .. .0 ..a }}",
        "{{ nope }}{{ print nope }}",
        "{{ if .a }}x{{ else if .b }}y{{ else }}z{{ end }}",
        "{{ range $i, $v := .a }}{{ $i }}{{ $v }}{{ end }}{{ range $i ,$v= .a }}{{ end }}",
        "{{ range $i, $v, $w := .a }}{{ end }}{{ range $i, .a }}{{ end }}{{ range $i, $v }}{{ end }}",
        "{{ range $i,$v:= .a }}{{ end }}{{ range $i, $v =.a }}{{ end }}{{ range $i, }}{{ end }}",
        "{{ $i, $v := .a }}{{ with $i, $v := .a }}{{ end }}{{ range ($i, $v := .a) }}{{ end }}",
        "{{ with $x := .a }}{{ $x }}{{ end }}{{ $x }}",
        "{{ .a | }}{{ | .a }}{{ .a || .b }}",
        "{{ .a \"x\"}}{{ .a\"x\" }}{{ \"x\".a }}{{ print.a }}",
        "{{ 1 | 2 }}{{ .a | \"b\" }}",
        "{{ (1) }}{{ ( ) }}{{ (.a }}{{ .a) }}{{ (.a -}}",
        "{{ .a.b@ }}{{ .a.é }}{{ print é }}",
        "{{ .Files.Get \"a\" }}{{ print .Values.AsMap.a }}{{ (.Files.Glob \"*\").AsConfig }}",
        "{{ .a,.b }}{{ .a:.b }}{{ .a(.b) }}",
        "{{ print\t.a\n.b\r}}",
        "{{ define \"x\" }}{{ .a }}{{ end }}{{ block \"y\" .b }}{{ .c }}{{ end }}",
        "{{ break }}{{ range . }}{{ break }}{{ continue }}{{ end }}",
        "{{ end }}",
        "{{ if }}{{ end }}{{ range }}{{ end }}{{ with}}{{ end }}{{ else }}{{ end x }}",
        "{{ if\n.a -}}\n{{- else -}}{{end}}{{ with .a }}{{ else with .b }}{{ end }}",
        "{{ template \"x\" }}{{ template }}{{ template \"x\" .a | print }}{{ end\n}}",
        "{{ if .a }}{{ end | print }}{{ if(.a) }}{{ end }}{{ range\t$i, $v := . -}}{{ end }}",
        "{{ .a }",
        "{{ .a",
        "{{ (.a",
        "{{ (",
        "{{ $",
        "{{ \"",
        "{{ .",
        "{{ print $x := 1 }}",
        "{{ ($x := 1) }}{{ $x }}",
    ];
    for case in cases {
        // Each action also on its own (the first error hides the rest).
        for (start, _) in case.match_indices("{{") {
            let src = &case[start..];
            let (general, fast) = both_ways(src);
            assert_eq!(general, fast, "{src:?}");
        }
    }
    let deep = format!("{{{{ {}.a{} }}}}", "(".repeat(100), ")".repeat(100));
    let (general, fast) = both_ways(&deep);
    assert_eq!(general, fast);
}

/// Every template of the shared corpus, and each cut after every action of
/// its first 4 KiB, parses alike both ways.
#[test]
fn fast_path_parses_the_corpus_templates_as_the_general_parser() {
    let corpus = format!("{}/../../../shared/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for path in crate::yaml_value::tests::files_under(&corpus) {
        if !path.components().any(|c| c.as_os_str() == "templates") {
            continue;
        }
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (general, fast) = both_ways(&src);
        assert_eq!(general, fast, "{}", path.display());
        checked += 1;
        let head = src.get(..4096).unwrap_or(&src);
        for (cut, _) in head.match_indices("}}").take(64) {
            for at in [cut, cut + 1] {
                let (general, fast) = both_ways(&src[..at]);
                assert_eq!(general, fast, "{} cut at {at}", path.display());
            }
        }
    }
    assert!(checked > 100, "{checked} templates");
}
