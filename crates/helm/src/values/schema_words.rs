//! How Helm's schema validator (santhosh-tekuri/jsonschema v6, printing
//! through `golang.org/x/text/message` in English) words values and numbers
//! in its failure messages: quoted strings, JSON pointers, integers with
//! thousands separators, floats in Go's shortest form with `×10ⁿ` exponents.

use serde_json::Value;

use crate::engine::goprint::format_float;

/// The validator's `quote`: Go's `%q`, in single quotes, with `"` left bare
/// and `'` escaped.
pub(super) fn quote(s: &str) -> String {
    let go = crate::funcs::go_quote(s);
    let inner = &go[1..go.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

/// An instance location as the JSON pointer the messages quote.
pub(super) fn pointer(tokens: &[String]) -> String {
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    quote(&out)
}

/// A count or index as the English printer's `%d` prints it: `12,345`.
pub(super) fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// A number as the English printer's `%v` prints a float64: Go's shortest
/// digits, the whole part grouped (`1,234.5`), and where Go would use an
/// exponent, `1.5×10⁻⁰⁷`. Negative zero prints as `0` (the validator goes
/// through exact rationals).
pub(super) fn float(f: f64) -> String {
    let f = if f == 0.0 { 0.0 } else { f };
    let go = format_float(f);
    match go.split_once('e') {
        None => {
            let (sign, digits) = match go.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", go.as_str()),
            };
            let (whole, fraction) = match digits.split_once('.') {
                Some((w, fr)) => (w, Some(fr)),
                None => (digits, None),
            };
            let mut out = format!("{sign}{}", group_thousands(whole));
            if let Some(fr) = fraction {
                out.push('.');
                out.push_str(fr);
            }
            out
        }
        Some((mantissa, exp)) => {
            let (negative, digits) = match exp.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, exp.trim_start_matches('+')),
            };
            let mut out = format!("{mantissa}×10");
            if negative {
                out.push('⁻');
            }
            let digits = format!("{:0>2}", digits.trim_start_matches('0'));
            out.extend(digits.chars().map(superscript));
            out
        }
    }
}

/// A JSON number of the values as a float64 (what Helm's values hold).
pub(super) fn number_value(n: &serde_json::Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// The validator's `display` of an `enum`/`const` value from the schema:
/// strings quoted, `null` as Go prints nil, numbers as written.
pub(super) fn display(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) | Value::Object(_) => "value".into(),
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn superscript(digit: char) -> char {
    match digit {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        _ => '⁹',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_the_english_printer_prints_them() {
        // Each pair measured with Helm v4's SDK.
        for (f, text) in [
            (5.0, "5"),
            (100_000.0, "100,000"),
            (999_999.0, "999,999"),
            (1234.5, "1,234.5"),
            (-123_456.75, "-123,456.75"),
            (1e6, "1×10⁰⁶"),
            (1e21, "1×10²¹"),
            (1.5e300, "1.5×10³⁰⁰"),
            (123_456_789.0, "1.23456789×10⁰⁸"),
            (12_345_678_901_234_567_890.0, "1.2345678901234567×10¹⁹"),
            (0.0001, "0.0001"),
            (0.000_123_45, "0.00012345"),
            (0.00001, "1×10⁻⁰⁵"),
            (-1e-7, "-1×10⁻⁰⁷"),
            (-0.0, "0"),
            (10.25, "10.25"),
        ] {
            assert_eq!(float(f), text, "{f}");
        }
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(12_345), "12,345");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn quotes_and_pointers_read_as_the_validator_writes_them() {
        assert_eq!(quote("^\\d+$"), "'^\\\\d+$'");
        assert_eq!(quote("it's"), "'it\\'s'");
        assert_eq!(quote("é\"x"), "'é\"x'");
        assert_eq!(pointer(&[]), "''");
        assert_eq!(
            pointer(&["a/b".into(), "c~d".into(), "0".into()]),
            "'/a~1b/c~0d/0'"
        );
    }

    #[test]
    fn schema_values_display_as_go_prints_them() {
        assert_eq!(display(&serde_json::json!("x")), "'x'");
        assert_eq!(display(&Value::Null), "<nil>");
        assert_eq!(display(&serde_json::json!(true)), "true");
        assert_eq!(display(&serde_json::json!(1_000_000)), "1000000");
        assert_eq!(display(&serde_json::json!([1])), "value");
    }
}
