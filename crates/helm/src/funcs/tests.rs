//! Template-level checks of the function library against Go's outputs.

use crate::engine::execute_text;
use crate::engine::value::Value;

fn render(src: &str, data: Value) -> String {
    match execute_text(src, &data) {
        Ok(out) => out,
        Err(e) => format!("ERROR: {e}"),
    }
}

fn r(src: &str) -> String {
    render(src, Value::Nil)
}

/// Counts that would make Go allocate gigabytes (and die) fail the render,
/// quickly and without the allocation.
#[test]
fn huge_counts_fail_instead_of_allocating() {
    for (call, words) in [
        (r#"repeat 1000000000000 "ab""#, "more than the 33554432"),
        (
            r#"repeat 9223372036854775807 "ab""#,
            "Repeat output length overflow",
        ),
        (
            r#"nindent 9223372036854775807 "x""#,
            "makeslice: len out of range",
        ),
        (r#"indent 100000000 "x""#, "more than the 33554432"),
        ("randAlpha 100000000000", "more than the 33554432"),
        ("randBytes 100000000000", "more than the 33554432"),
        ("until 10000000000", "more than the 33554432"),
        (
            "untilStep 0 9223372036854775807 1",
            "makeslice: len out of range",
        ),
        ("seq 9223372036854775807", "makeslice: len out of range"),
    ] {
        let out = r(&format!("{{{{ {call} }}}}"));
        assert!(
            out.starts_with("ERROR: ") && out.contains(words),
            "{call}: {out}"
        );
    }
    // Just under the limit still works.
    assert_eq!(r(r#"{{ repeat 1000 "ab" | len }}"#), "2000");
    assert_eq!(r("{{ until 100000 | len }}"), "100000");
    assert_eq!(r("{{ seq 5 -5 }}"), "5 4 3 2 1 0 -1 -2 -3 -4 -5");
}

#[test]
fn indent_pads_every_line_in_one_pass() {
    assert_eq!(r(r#"{{ indent 0 "a\nb" }}"#), "a\nb");
    assert_eq!(r(r#"{{ indent 3 "" }}|{{ nindent 1 "" }}"#), "   |\n ");
    assert_eq!(r(r#"{{ indent 2 "a\n\nb\n" }}"#), "  a\n  \n  b\n  ");
    assert_eq!(r(r#"{{ nindent 2 "a\r\nb" }}"#), "\n  a\r\n  b");
    let wide = format!("{}x\n{}y", " ".repeat(70), " ".repeat(70));
    assert_eq!(r(r#"{{ indent 70 "x\ny" }}"#), wide);
    assert!(
        r(r#"{{ indent -1 "x" }}"#)
            .ends_with("error calling indent: strings: negative Repeat count")
    );
}

#[test]
fn unchanged_strings_come_back_as_they_were() {
    assert_eq!(
        r(
            r#"{{ trimSuffix "-x" "ab" }}|{{ trimSuffix "-x" "ab-x" }}|{{ trimPrefix "a" "ab" }}|{{ trimPrefix "z" "ab" }}"#
        ),
        "ab|ab|b|ab"
    );
    assert_eq!(
        r(
            r#"{{ trim " a " }}|{{ trim "a" }}|{{ replace "z" "y" "abc" }}|{{ replace "" "-" "ab" }}"#
        ),
        "a|a|abc|-a-b-"
    );
    assert_eq!(
        r(r#"{{ toString "s" }}|{{ toString 1.5 }}|{{ quote "é\t" }}"#),
        "s|1.5|\"é\\t\""
    );
}

#[test]
fn strings_follow_go() {
    assert_eq!(
        r(r#"{{ trunc 5 "hello world" }}|{{ trunc -5 "hello world" }}|{{ trunc 50 "ab" }}"#),
        "hello|world|ab"
    );
    assert_eq!(r(r#"{{ quote "a" 1 nil "b\"c" }}"#), r#""a" "1" "b\"c""#);
    assert_eq!(r(r#"{{ squote "a" nil 2 }}"#), "'a' '2'");
    assert_eq!(
        r(r#"{{ indent 2 "a\nb" }}|{{ nindent 2 "x" }}"#),
        "  a\n  b|\n  x"
    );
    assert_eq!(
        r(
            r#"{{ replace "a" "b" "banana" }}|{{ contains "an" "banana" }}|{{ hasPrefix "ba" "banana" }}"#
        ),
        "bbnbnb|true|true"
    );
    assert_eq!(
        r(r#"{{ upper "abc" }}{{ lower "ABC" }}{{ title "hello world-foo" }}"#),
        "ABCabcHello World-Foo"
    );
    assert_eq!(
        r(
            r#"{{ splitList "," "a,b,,c" }}|{{ (split "." "a.b")._1 }}|{{ join "-" (list 1 "x" 2.5) }}"#
        ),
        "[a b  c]|b|1-x-2.5"
    );
    assert_eq!(
        r(r#"{{ substr 1 3 "hello" }}|{{ abbrev 5 "hello world" }}|{{ repeat 3 "ab" }}"#),
        "el|he...|ababab"
    );
    assert_eq!(r(r#"{{ wrap 5 "hello world foo" }}"#), "hello\nworld\nfoo");
    assert_eq!(
        r(r#"{{ snakecase "FirstName" }}|{{ kebabcase "HTTPServer" }}|{{ camelcase "foo_bar" }}"#),
        "first_name|http-server|FooBar"
    );
    assert_eq!(
        r(
            r#"{{ trimAll "$" "$5.00$" }}|{{ trimSuffix "-" "a-" }}|{{ nospace "a b\tc" }}|{{ initials "foo bar" }}"#
        ),
        "5.00|a|abc|fb"
    );
    assert_eq!(
        r(r#"{{ cat "a" nil 1 }}|{{ plural "one" "many" 2 }}|{{ toString 1.5 }}"#),
        "a 1|many|1.5"
    );
    assert!(r(r#"{{ upper 1 }}"#).contains("expected string; found 1"));
}

#[test]
fn defaults_use_go_zero_values() {
    assert_eq!(
        r(
            r#"{{ default "x" "" }}|{{ default "x" 0 }}|{{ default "x" false }}|{{ default "x" "y" }}|{{ "" | default "z" }}"#
        ),
        "x|x|x|y|z"
    );
    assert_eq!(
        r(
            r#"{{ empty "" }}{{ empty (list) }}{{ empty 1 }}|{{ coalesce "" 0 "a" }}|{{ ternary "y" "n" true }}"#
        ),
        "truetruefalse|a|y"
    );
    assert_eq!(r(r#"{{ all 1 "a" }}{{ any 0 "" }}"#), "truefalse");
}

#[test]
fn numbers_follow_sprig() {
    assert_eq!(
        r(
            r#"{{ add 1 2 "3" }}|{{ sub 5 2 }}|{{ mul 2 3 }}|{{ div 7 2 }}|{{ mod 7 3 }}|{{ add1 1.9 }}"#
        ),
        "6|3|6|3|1|2"
    );
    assert_eq!(
        r(
            r#"{{ int64 "0x10" }}|{{ int "1.0" }}|{{ int "abc" }}|{{ float64 "1.5" }}|{{ atoi "42" }}"#
        ),
        "16|1|0|1.5|42"
    );
    assert_eq!(
        r(r#"{{ addf 0.1 0.2 }}|{{ mulf 1.1 3 }}|{{ divf 1 3 }}|{{ subf 1 0.9 }}"#),
        "0.3|3.3|0.3333333333333333|0.1"
    );
    assert_eq!(
        r(r#"{{ until 3 }}|{{ untilStep 0 10 4 }}|{{ seq 3 }}|{{ seq 5 -1 3 }}"#),
        "[0 1 2]|[0 4 8]|1 2 3|5 4 3"
    );
    assert_eq!(
        r(
            r#"{{ max 1 5 3 }}|{{ min 4 2 }}|{{ maxf 1.5 2 }}|{{ round 3.14159 2 }}|{{ ceil 1.2 }}|{{ floor 1.8 }}"#
        ),
        "5|2|2|3.14|2|1"
    );
    assert!(r(r#"{{ div 1 0 }}"#).contains("integer divide by zero"));
}

#[test]
fn lists_and_dicts_follow_sprig() {
    assert_eq!(
        r(
            r#"{{ first (list 1 2) }}|{{ last (list 1 2) }}|{{ rest (list 1 2 3) }}|{{ initial (list 1 2 3) }}|{{ reverse (list 1 2) }}"#
        ),
        "1|2|[2 3]|[1 2]|[2 1]"
    );
    assert_eq!(
        r(
            r#"{{ uniq (list 1 1 2) }}|{{ without (list 1 2 3) 2 }}|{{ has 2 (list 1 2) }}|{{ compact (list 1 "" 0 2) }}|{{ concat (list 1) (list 2) }}"#
        ),
        "[1 2]|[1 3]|true|[1 2]|[1 2]"
    );
    assert_eq!(
        r(
            r#"{{ slice (list 1 2 3) 1 }}|{{ chunk 2 (list 1 2 3) }}|{{ append (list 1) 2 }}|{{ prepend (list 1) 0 }}"#
        ),
        "[2 3]|[[1 2] [3]]|[1 2]|[0 1]"
    );
    assert_eq!(
        r(
            r#"{{ $d := dict "a" 1 "b" 2 }}{{ get $d "a" }}|{{ get $d "z" }}|{{ hasKey $d "b" }}|{{ keys $d | sortAlpha }}|{{ pick $d "a" }}|{{ omit $d "a" }}"#
        ),
        "1||true|[a b]|map[a:1]|map[b:2]"
    );
    assert_eq!(
        r(
            r#"{{ dig "a" "b" "def" (dict "a" (dict "b" "found")) }}|{{ dig "a" "x" "def" (dict "a" (dict "b" 1)) }}"#
        ),
        "found|def"
    );
    assert_eq!(
        r(
            r#"{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "y" 2)) | toJson }}|{{ mergeOverwrite (dict "a" 1 "l" (list 1)) (dict "a" 2 "l" (list 2 3)) | toJson }}"#
        ),
        r#"{"a":1,"b":3,"n":{"x":1,"y":2}}|{"a":2,"l":[2,3]}"#
    );
    assert_eq!(
        r(r#"{{ merge (dict "a" "" "b" false) (dict "a" "x" "b" true) | toJson }}"#),
        r#"{"a":"x","b":true}"#
    );
}

#[test]
fn encodings_and_hashes_match_go() {
    assert_eq!(
        r(
            r#"{{ b64enc "hello" }}|{{ b64dec "aGVsbG8=" }}|{{ b32enc "hello" }}|{{ b32dec "NBSWY3DP" }}"#
        ),
        "aGVsbG8=|hello|NBSWY3DP|hello"
    );
    assert_eq!(
        r(r#"{{ sha256sum "abc" }}"#),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        r(r#"{{ sha1sum "abc" }}|{{ adler32sum "abc" }}"#),
        "a9993e364706816aba3e25717850c26c9cd0d89d|38600999"
    );
    assert_eq!(
        r(r#"{{ b64dec "!!" }}"#),
        "illegal base64 data at input byte 0"
    );
}

#[test]
fn regex_expands_like_go() {
    assert_eq!(
        r(
            r#"{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAllLiteral "a(x*)b" "-ab-" "$1" }}"#
        ),
        "-W-xxW-|---|-$1-"
    );
    assert_eq!(
        r(
            r#"{{ regexMatch "^[a-z]+$" "abc" }}|{{ regexFindAll "[0-9]" "a1b2c3" 2 }}|{{ regexFind "b." "abcd" }}|{{ regexSplit "," "a,b,c" -1 }}"#
        ),
        "true|[1 2]|bc|[a b c]"
    );
    assert_eq!(r(r#"{{ regexQuoteMeta "a.b*c" }}"#), r"a\.b\*c");
}

#[test]
fn data_functions_follow_helm() {
    assert_eq!(
        r(r#"{{ dict "b" "<x>" "a" (list 1 2.5) | toJson }}"#),
        r#"{"a":[1,2.5],"b":"\u003cx\u003e"}"#
    );
    assert_eq!(
        r(r#"{{ dict "k" "true" "n" 1000000.0 "num" 1.5 | toYaml }}"#),
        "k: \"true\"\n\"n\": 1000000\nnum: 1.5"
    );
    assert_eq!(
        r(
            r#"{{ (fromYaml "a: 1\nb: [x]").b }}|{{ (fromJson "{\"a\": 2}").a }}|{{ fromJsonArray "[1,2]" }}"#
        ),
        "[x]|2|[1 2]"
    );
    assert_eq!(
        r(r#"{{ (fromYaml "- a").Error }}"#),
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"
    );
    assert_eq!(
        r(r#"{{ dict "a" 1 "t" (dict "b" "x") | toToml }}"#),
        "a = 1\n\n[t]\n  b = \"x\"\n"
    );
    assert_eq!(
        r(r#"{{ dict "a" "<" | toRawJson }}|{{ list 1 | toPrettyJson }}"#),
        "{\"a\":\"<\"}|[\n  1\n]"
    );
}

#[test]
fn reflection_and_paths_follow_go() {
    assert_eq!(
        r(
            r#"{{ typeOf 1.5 }}|{{ typeOf "a" }}|{{ typeOf (list) }}|{{ typeOf (dict) }}|{{ kindOf (list) }}|{{ kindIs "map" (dict) }}|{{ typeOf nil }}"#
        ),
        "float64|string|[]interface {}|map[string]interface {}|slice|true|<nil>"
    );
    assert_eq!(
        r(
            r#"{{ base "/a/b.txt" }}|{{ dir "/a/b.txt" }}|{{ ext "b.tar.gz" }}|{{ clean "a//b/../c/" }}|{{ isAbs "/x" }}"#
        ),
        "b.txt|/a|.gz|a/c|true"
    );
    assert_eq!(
        r(
            r#"{{ (urlParse "https://u@host:8080/p?q=1#f").hostname }}|{{ urlJoin (dict "scheme" "http" "host" "h" "path" "/p") }}"#
        ),
        "host|http://h/p"
    );
}

#[test]
fn semver_and_dates_follow_sprig() {
    assert_eq!(
        r(
            r#"{{ semverCompare ">=1.2.0 <2.0.0" "1.5.0" }}|{{ semverCompare "^1.2" "2.0.0" }}|{{ (semver "v1.2.3-beta").Prerelease }}"#
        ),
        "true|false|beta"
    );
    assert_eq!(
        r(r#"{{ date "2006-01-02" 0 }}|{{ dateInZone "Jan 2, 2006 15:04 MST" 86400 "UTC" }}"#),
        "1970-01-01|Jan 2, 1970 00:00 UTC"
    );
    assert_eq!(
        r(
            r#"{{ toDate "2006-01-02" "2024-03-05" | date "02/01/2006" }}|{{ duration "3725" }}|{{ duration 3725 }}|{{ durationRound "49h" }}"#
        ),
        "05/03/2024|1h2m5s|0s|2d"
    );
    assert_eq!(
        r(r#"{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:20:30+02:00" | unixEpoch }}"#),
        "1709626830"
    );
}

/// Every function of Sprig v3.3 that Helm keeps (all but `env`, `expandenv`,
/// and `fail`/`getHostByName`, which the engine provides) plus Helm's own data
/// functions of v4.2.
const HELM_FUNCTIONS: &[&str] = &[
    "abbrev",
    "abbrevboth",
    "add",
    "add1",
    "add1f",
    "addf",
    "adler32sum",
    "ago",
    "all",
    "any",
    "append",
    "atoi",
    "b32dec",
    "b32enc",
    "b64dec",
    "b64enc",
    "base",
    "bcrypt",
    "biggest",
    "buildCustomCert",
    "camelcase",
    "cat",
    "ceil",
    "chunk",
    "clean",
    "coalesce",
    "compact",
    "concat",
    "contains",
    "date",
    "dateInZone",
    "dateModify",
    "decryptAES",
    "deepCopy",
    "deepEqual",
    "default",
    "derivePassword",
    "dict",
    "dig",
    "dir",
    "div",
    "divf",
    "duration",
    "durationRound",
    "empty",
    "encryptAES",
    "ext",
    "first",
    "float64",
    "floor",
    "fromJson",
    "fromJsonArray",
    "fromToml",
    "fromYaml",
    "fromYamlArray",
    "genCA",
    "genCAWithKey",
    "genPrivateKey",
    "genSelfSignedCert",
    "genSelfSignedCertWithKey",
    "genSignedCert",
    "genSignedCertWithKey",
    "get",
    "has",
    "hasKey",
    "hasPrefix",
    "hasSuffix",
    "hello",
    "htmlDate",
    "htmlDateInZone",
    "htpasswd",
    "indent",
    "initial",
    "initials",
    "int",
    "int64",
    "isAbs",
    "join",
    "kebabcase",
    "keys",
    "kindIs",
    "kindOf",
    "last",
    "list",
    "lower",
    "max",
    "maxf",
    "merge",
    "mergeOverwrite",
    "min",
    "minf",
    "mod",
    "mul",
    "mulf",
    "mustAppend",
    "mustChunk",
    "mustCompact",
    "mustDateModify",
    "mustDeepCopy",
    "mustFirst",
    "mustFromJson",
    "mustHas",
    "mustInitial",
    "mustLast",
    "mustMerge",
    "mustMergeOverwrite",
    "mustPrepend",
    "mustRegexFind",
    "mustRegexFindAll",
    "mustRegexMatch",
    "mustRegexReplaceAll",
    "mustRegexReplaceAllLiteral",
    "mustRegexSplit",
    "mustRest",
    "mustReverse",
    "mustSlice",
    "mustToDate",
    "mustToJson",
    "mustToPrettyJson",
    "mustToRawJson",
    "mustToToml",
    "mustToYaml",
    "mustUniq",
    "mustWithout",
    "nindent",
    "nospace",
    "now",
    "omit",
    "osBase",
    "osClean",
    "osDir",
    "osExt",
    "osIsAbs",
    "pick",
    "pluck",
    "plural",
    "prepend",
    "quote",
    "randAlpha",
    "randAlphaNum",
    "randAscii",
    "randBytes",
    "randInt",
    "randNumeric",
    "regexFind",
    "regexFindAll",
    "regexMatch",
    "regexQuoteMeta",
    "regexReplaceAll",
    "regexReplaceAllLiteral",
    "regexSplit",
    "repeat",
    "replace",
    "rest",
    "reverse",
    "round",
    "semver",
    "semverCompare",
    "seq",
    "set",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "shuffle",
    "slice",
    "snakecase",
    "sortAlpha",
    "split",
    "splitList",
    "splitn",
    "squote",
    "sub",
    "subf",
    "substr",
    "swapcase",
    "ternary",
    "title",
    "toDate",
    "toDecimal",
    "toJson",
    "toPrettyJson",
    "toRawJson",
    "toString",
    "toStrings",
    "toToml",
    "toYaml",
    "toYamlPretty",
    "trim",
    "trimAll",
    "trimPrefix",
    "trimSuffix",
    "trimall",
    "trunc",
    "tuple",
    "typeIs",
    "typeIsLike",
    "typeOf",
    "uniq",
    "unixEpoch",
    "unset",
    "until",
    "untilStep",
    "untitle",
    "upper",
    "urlJoin",
    "urlParse",
    "uuidv4",
    "values",
    "without",
    "wrap",
    "wrapWith",
];

#[test]
fn every_helm_function_is_present() {
    let map = super::function_map();
    let missing: Vec<&str> = HELM_FUNCTIONS
        .iter()
        .copied()
        .filter(|n| !map.contains_key(*n))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    for gone in ["env", "expandenv"] {
        assert!(!map.contains_key(gone), "{gone} must not exist");
    }
}

#[test]
fn name_hasher_tells_names_apart() {
    use super::{FuncMap, NameHasher, function_map};
    use std::hash::{BuildHasher, BuildHasherDefault};
    let build = BuildHasherDefault::<NameHasher>::default();
    let names = [
        "",
        "a",
        "a\0",
        "ab",
        "include",
        "toYaml",
        "abcdefgh",
        "abcdefgi",
        "bbcdefgh",
        "abcdefghi",
        "abcdefgh\0",
        "ingress-nginx.controller.fullname",
        "ingress-nginx.controller.fullnamf",
        "jngress-nginx.controller.fullname",
    ];
    let mut hashes: Vec<u64> = names.iter().map(|n| build.hash_one(n)).collect();
    hashes.sort_unstable();
    hashes.dedup();
    assert_eq!(hashes.len(), names.len());
    let map: FuncMap = function_map();
    assert!(map.contains_key("toYaml") && !map.contains_key("include"));
}
