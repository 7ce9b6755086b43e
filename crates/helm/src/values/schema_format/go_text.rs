//! Go's ways of quoting text inside error messages, which Helm prints as
//! they are: `strconv.Quote` over bytes, `%q` of a rune, `time`'s own quote,
//! and `strconv.Atoi`'s errors.

use crate::funcs::go_quote;

/// `strconv.Quote` of bytes that may not be UTF-8 (a URL's unescaped host,
/// a cut in the middle of a character): invalid bytes become `\xNN`.
pub(super) fn quote_bytes(text: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in text.utf8_chunks() {
        let valid = go_quote(chunk.valid());
        out.push_str(&valid[1..valid.len() - 1]);
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

/// `fmt`'s `%q` of a rune (`strconv.QuoteRune`).
pub(super) use crate::funcs::go_quote_rune as quote_rune;

/// The `time` package's quote: every byte outside printable ASCII (but not
/// DEL) as `\xNN`, and `"` and `\` escaped.
pub(super) fn time_quote(text: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in text {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            b if !(b' '..0x80).contains(&b) => out.push_str(&format!("\\x{b:02x}")),
            b => out.push(char::from(b)),
        }
    }
    out.push('"');
    out
}

/// `strconv.Atoi` on a 64-bit platform, with its error text.
pub(super) fn atoi(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(s));
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return Err(syntax());
    }
    // Go scans left to right and stops at the first bad digit or the first
    // overflow, whichever comes first; so does this.
    let mut n: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err(syntax());
        }
        match n
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(b - b'0')))
        {
            Some(m) => n = m,
            None => return Err(range(s)),
        }
    }
    let limit = 1u64 << 63;
    match (negative, n) {
        (false, n) if n >= limit => Err(range(s)),
        (true, n) if n > limit => Err(range(s)),
        (true, n) => Ok(0i64.wrapping_sub_unsigned(n)),
        (false, n) => i64::try_from(n).map_err(|_| range(s)),
    }
}

fn range(s: &str) -> String {
    format!("strconv.Atoi: parsing {}: value out of range", go_quote(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_reports_like_go() {
        assert_eq!(atoi("+12"), Ok(12));
        assert_eq!(atoi("-0"), Ok(0));
        assert_eq!(atoi("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(
            atoi(""),
            Err("strconv.Atoi: parsing \"\": invalid syntax".into())
        );
        assert_eq!(
            atoi("-"),
            Err("strconv.Atoi: parsing \"-\": invalid syntax".into())
        );
        assert_eq!(
            atoi("9223372036854775808"),
            Err("strconv.Atoi: parsing \"9223372036854775808\": value out of range".into())
        );
        // Overflow is met before the bad digit.
        assert_eq!(
            atoi("99999999999999999999x"),
            Err("strconv.Atoi: parsing \"99999999999999999999x\": value out of range".into())
        );
        assert_eq!(
            atoi("1x"),
            Err("strconv.Atoi: parsing \"1x\": invalid syntax".into())
        );
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote_bytes(b"a\xc3"), "\"a\\xc3\"");
        assert_eq!(quote_bytes("é\n".as_bytes()), "\"é\\n\"");
        assert_eq!(quote_rune('\''), "'\\''");
        assert_eq!(quote_rune('"'), "'\"'");
        assert_eq!(quote_rune(' '), "' '");
        assert_eq!(quote_rune('\t'), "'\\t'");
        assert_eq!(time_quote("é\"".as_bytes()), "\"\\xc3\\xa9\\\"\"");
    }
}
