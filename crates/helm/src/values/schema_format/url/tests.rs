use super::*;

fn err(r: Result<(), String>) -> String {
    r.err().unwrap_or_default()
}

#[test]
fn absolute_urls_pass() {
    for ok in [
        "http://example.com/a?b#c",
        "mailto:%zz",
        "a:b",
        "http://[::1]:80/",
        "http://x/é",
        "http://xé/",
        "urn:isbn:0451450523",
        "http://u:p@x/",
        "http://[::ffff:1.2.3.4]/",
    ] {
        assert_eq!(uri(ok), Ok(()), "{ok}");
    }
}

#[test]
fn reports_go_parse_errors() {
    let cases = [
        ("not a uri", "relative url"),
        ("http://[::1", "parse \"http://[::1\": missing ']' in host"),
        (
            "http://[abc]/",
            "parse \"http://[abc]/\": invalid host: ParseAddr(\"abc\"): unable to parse IP",
        ),
        (
            "http://[1.2.3.4]/",
            "parse \"http://[1.2.3.4]/\": invalid IP-literal",
        ),
        (
            "http://a[::1]/",
            "parse \"http://a[::1]/\": invalid IP-literal",
        ),
        (
            "http://[fe80::1%25en0]/",
            "invalid ipv6 address: zone id is not a part of ipv6 address",
        ),
        (
            "http://a:b:80/",
            "parse \"http://a:b:80/\": invalid port \":b:80\" after host",
        ),
        (
            "http://a b/",
            "parse \"http://a b/\": invalid character \" \" in host name",
        ),
        (
            "http://x/%zz",
            "parse \"http://x/%zz\": invalid URL escape \"%zz\"",
        ),
        (
            "http://x/#%zz",
            "parse \"http://x/#%zz\": invalid URL escape \"%zz\"",
        ),
        (
            "http://x/%zé",
            "parse \"http://x/%zé\": invalid URL escape \"%z\\xc3\"",
        ),
        ("://x", "parse \"://x\": missing protocol scheme"),
        (
            "http://ué@x/",
            "parse \"http://ué@x/\": net/url: invalid userinfo",
        ),
        (
            "http://%41/",
            "parse \"http://%41/\": invalid URL escape \"%41\"",
        ),
        (
            "http://x/a\tb",
            "parse \"http://x/a\\tb\": net/url: invalid control character in URL",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(err(uri(input)), want, "{input}");
    }
}

#[test]
fn references_may_be_relative() {
    assert_eq!(uri_reference("a/b?c#d"), Ok(()));
    assert_eq!(uri_reference(""), Ok(()));
    assert_eq!(err(uri_reference("a\\b")), "contains \\");
    assert_eq!(
        err(uri_reference("1a:b/x")),
        "parse \"1a:b/x\": first path segment in URL cannot contain colon"
    );
}

#[test]
fn templates_pair_braces_in_the_raw_path() {
    assert_eq!(uri_template("http://x/{a}/b{c}"), Ok(()));
    assert_eq!(
        err(uri_template("http://x/{a")),
        "no matching closing brace"
    );
    assert_eq!(err(uri_template("http://x/{{a}}")), "nested curly braces");
    assert_eq!(err(uri_template("http://x/}a{")), "nested curly braces");
}
