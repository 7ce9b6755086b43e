//! The `format` assertions of Helm's validator (santhosh-tekuri/jsonschema
//! v6), which it applies to schemas of draft 4, 6 and 7 only: whether a value
//! passes, and when not, the reason Helm prints after `is not valid <name>: `.
//! Non-strings and unknown format names always pass.

mod go_text;
mod net;
mod text;
mod time;
mod url;

use jsonschema::Draft;
use serde_json::Value;

/// What Helm's validator says of a value under a `format`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FormatCheck {
    /// Accepted, or the format is not asserted for that draft or value.
    Passes,
    /// Refused, for this reason.
    Fails(String),
    /// Asserted, but not emulated here: `regex` on a string with regular
    /// expression syntax (Helm compiles it with Go's `regexp`).
    Undecided,
}

/// Checks `value` against the format `name` as a schema of `draft` would.
pub(crate) fn check_format(draft: Draft, name: &str, value: &Value) -> FormatCheck {
    match value {
        Value::String(s) => check_string_format(draft, name, s),
        _ => FormatCheck::Passes,
    }
}

/// [`check_format`] of a string (a value, or a member name under
/// `propertyNames`).
pub(crate) fn check_string_format(draft: Draft, name: &str, s: &str) -> FormatCheck {
    if !matches!(draft, Draft::Draft4 | Draft::Draft6 | Draft::Draft7) {
        return FormatCheck::Passes;
    }
    let bytes = s.as_bytes();
    let verdict = match name {
        "json-pointer" => text::json_pointer(s),
        "relative-json-pointer" => text::relative_json_pointer(s),
        "uuid" => text::uuid(s),
        "duration" => time::duration(bytes),
        "period" => time::period(bytes),
        "ipv4" => net::ipv4(s),
        "ipv6" => net::ipv6(bytes),
        "hostname" => text::hostname(s),
        "email" => text::email(s),
        "date" => time::date(bytes),
        "time" => time::time(bytes),
        "date-time" => time::date_time(bytes),
        "uri" | "iri" => url::uri(s),
        "uri-reference" | "iri-reference" => url::uri_reference(s),
        "uri-template" => url::uri_template(s),
        "semver" => text::semver(s),
        "regex" if s.contains(['\\', '(', ')', '[', ']', '{', '}', '*', '+', '?']) => {
            return FormatCheck::Undecided;
        }
        // Plain text always compiles as a Go regular expression.
        _ => Ok(()),
    };
    match verdict {
        Ok(()) => FormatCheck::Passes,
        Err(reason) => FormatCheck::Fails(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn asserts_for_draft_7_and_older_only() {
        let bad = json!("not an email");
        let fails = FormatCheck::Fails("missing @".into());
        for draft in [Draft::Draft4, Draft::Draft6, Draft::Draft7] {
            assert_eq!(check_format(draft, "email", &bad), fails);
        }
        for draft in [Draft::Draft201909, Draft::Draft202012] {
            assert_eq!(check_format(draft, "email", &bad), FormatCheck::Passes);
        }
    }

    #[test]
    fn non_strings_and_unknown_names_pass() {
        assert_eq!(
            check_format(Draft::Draft7, "ipv4", &json!(1)),
            FormatCheck::Passes
        );
        assert_eq!(
            check_format(Draft::Draft7, "email", &json!({"a": 1})),
            FormatCheck::Passes
        );
        assert_eq!(
            check_format(Draft::Draft7, "color", &json!("x")),
            FormatCheck::Passes
        );
    }

    #[test]
    fn regex_is_decided_only_for_plain_text() {
        assert_eq!(
            check_format(Draft::Draft7, "regex", &json!("abc")),
            FormatCheck::Passes
        );
        assert_eq!(
            check_format(Draft::Draft7, "regex", &json!("a(")),
            FormatCheck::Undecided
        );
    }

    #[test]
    fn reasons_embed_go_library_errors() {
        let cases = [
            ("ipv4", "1.2.3", "expected four decimals"),
            ("uri", "not a uri", "relative url"),
            ("date-time", "2020", "less than 20 characters long"),
            ("hostname", "-bad-", "label starts with hyphen"),
            (
                "date-time",
                "2020-02-30T00:00:00Z",
                "invalid date element: parsing time \"2020-02-30\": day out of range",
            ),
        ];
        for (name, value, reason) in cases {
            assert_eq!(
                check_format(Draft::Draft7, name, &json!(value)),
                FormatCheck::Fails(reason.into()),
                "{name} {value}"
            );
        }
    }
}
