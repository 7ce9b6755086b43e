use super::*;

fn err(r: Checked) -> String {
    r.err().unwrap_or_default()
}

#[test]
fn hostnames() {
    assert_eq!(hostname("a-b.example.com."), Ok(()));
    assert_eq!(err(hostname("-bad-")), "label starts with hyphen");
    assert_eq!(err(hostname("bad-")), "label ends with hyphen");
    assert_eq!(
        err(hostname("a..b")),
        "label must be 1 to 63 characters long"
    );
    assert_eq!(err(hostname("a_b")), "invalid character '_'");
    assert_eq!(
        err(hostname(&("a.".repeat(127) + "a"))),
        "more than 253 characters long"
    );
}

#[test]
fn emails() {
    for ok in ["a@b.c", "@b", "\"a b\"@x", "a@[1.2.3.4]", "a@[IPv6:::1]"] {
        assert_eq!(email(ok), Ok(()), "{ok}");
    }
    assert_eq!(err(email("not an email")), "missing @");
    assert_eq!(err(email("a b@x")), "invalid character ' '");
    assert_eq!(err(email(".a@x")), "starts with dot");
    assert_eq!(err(email("a..b@x")), "consecutive dots");
    assert_eq!(
        err(email("\"a\\b\"@x")),
        "backslash and quote are not allowed within quoted local part"
    );
    assert_eq!(
        err(email("a@[1.2.3]")),
        "invalid ipv4 address: expected four decimals"
    );
    assert_eq!(
        err(email("a@[IPv6:1.2.3.4]")),
        "invalid ipv6 address: missing colon"
    );
    assert_eq!(
        err(email("a@-x")),
        "invalid domain: label starts with hyphen"
    );
}

#[test]
fn uuids_and_pointers() {
    assert_eq!(uuid("123e4567-e89b-12d3-a456-426614174000"), Ok(()));
    assert_eq!(err(uuid("123")), "must have 5 elements");
    assert_eq!(
        err(uuid("123e4567-e89b-12d3-a456-42661417400")),
        "element 5 must be 12 characters long"
    );
    assert_eq!(
        err(uuid("123e4567-e89b-12d3-a456-42661417400g")),
        "non-hex character 'g'"
    );
    assert_eq!(json_pointer("/a~0b/~1"), Ok(()));
    assert_eq!(err(json_pointer("a")), "not starting with /");
    assert_eq!(err(json_pointer("/a~")), "~ must be followed by 0 or 1");
    assert_eq!(relative_json_pointer("0#"), Ok(()));
    assert_eq!(relative_json_pointer("1/a"), Ok(()));
    assert_eq!(err(relative_json_pointer("01")), "starts with zero");
    assert_eq!(
        err(relative_json_pointer("#")),
        "must start with non-negative integer"
    );
    assert_eq!(err(relative_json_pointer("1a")), "not starting with /");
}

#[test]
fn semvers() {
    assert_eq!(semver("1.2.3-rc.1+build.5"), Ok(()));
    assert_eq!(
        err(semver("1.2")),
        "versionCore must have 3 numbers separated by dot"
    );
    assert_eq!(err(semver("01.2.3")), "major starts with zero");
    assert_eq!(err(semver("1..3")), "minor is empty");
    assert_eq!(err(semver("1.2.x")), "patch contains non-digit");
    assert_eq!(err(semver("1.2.3+")), "build is empty");
    assert_eq!(
        err(semver("1.2.3-01")),
        "pre-release numeric identifier starts with zero"
    );
    assert_eq!(
        err(semver("1.2.3-a_b")),
        "invalid character '_' in pre-release identifier"
    );
}
