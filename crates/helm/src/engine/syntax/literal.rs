//! Literals as Go's template parser reads them: strings through
//! `strconv.Unquote`, character constants through `strconv.UnquoteChar`, and
//! numbers by the rules of `parse.NumberNode` (then typed as Go's executor
//! types a constant: float when written as one, otherwise int).

use std::borrow::Cow;

use gotmpl::parse::Number;

/// `strconv.ErrSyntax`'s message.
pub(super) const INVALID_SYNTAX: &str = "invalid syntax";

/// One character of a quoted literal (`strconv.UnquoteChar`): the character and
/// the rest of the text.
fn unquote_char(s: &str, quote: char) -> Result<(char, &str), String> {
    let err = || INVALID_SYNTAX.to_string();
    let mut chars = s.chars();
    let c = chars.next().ok_or_else(err)?;
    if c == quote {
        return Err(err());
    }
    if c != '\\' {
        return Ok((c, chars.as_str()));
    }
    let e = chars.next().ok_or_else(err)?;
    let rest = chars.as_str();
    let simple = match e {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' if e == quote => Some(e),
        _ => None,
    };
    if let Some(c) = simple {
        return Ok((c, rest));
    }
    match e {
        'x' | 'u' | 'U' => {
            let n = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n).ok_or_else(err)?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(err());
            }
            let v = u32::from_str_radix(digits, 16).map_err(|_| err())?;
            let c = char::from_u32(v).ok_or_else(err)?;
            Ok((c, &rest[n..]))
        }
        '0'..='7' => {
            let digits = s.get(1..4).ok_or_else(err)?;
            if !digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return Err(err());
            }
            let v = u32::from_str_radix(digits, 8).map_err(|_| err())?;
            if v > 255 {
                return Err(err());
            }
            let c = char::from_u32(v).ok_or_else(err)?;
            Ok((c, &s[4..]))
        }
        _ => Err(err()),
    }
}

/// `strconv.Unquote` of a string token (`"..."` or `` `...` ``).
pub(super) fn unquote(token: &str) -> Result<Cow<'_, str>, String> {
    if let Some(raw) = token.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        // Carriage returns are dropped from raw strings.
        if raw.contains('\r') {
            return Ok(Cow::Owned(raw.replace('\r', "")));
        }
        return Ok(Cow::Borrowed(raw));
    }
    let inner = token
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .filter(|_| token.len() >= 2)
        .ok_or_else(|| INVALID_SYNTAX.to_string())?;
    if !inner.contains(['\\', '"']) {
        return Ok(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while !rest.is_empty() {
        let (c, tail) = unquote_char(rest, '"')?;
        out.push(c);
        rest = tail;
    }
    Ok(Cow::Owned(out))
}

/// A character constant (`'a'`, `'\n'`) as its code point.
fn char_constant(text: &str) -> Result<Number, String> {
    let body = text.get(1..).unwrap_or("");
    let (c, tail) = unquote_char(body, '\'')?;
    if tail != "'" {
        return Err(format!("malformed character constant: {text}"));
    }
    Ok(Number::Int(i64::from(u32::from(c))))
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut saw = b'^';
    let mut hex = false;
    if b.len() >= i + 2 && b[i] == b'0' && matches!(b[i + 1] | 0x20, b'b' | b'o' | b'x') {
        hex = b[i + 1] | 0x20 == b'x';
        i += 2;
        saw = b'0';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && (c | 0x20).is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseUint(s, 0, 64)`.
fn parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (base, digits) = match b {
        [b'0', p, _, ..] if matches!(p | 0x20, b'b' | b'o' | b'x') => {
            let base = match p | 0x20 {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (base, &s[2..])
        }
        [b'0', ..] => (8, &s[1..]),
        [] => return None,
        _ => (10, s),
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for c in digits.chars() {
        if c == '_' {
            underscores = true;
            continue;
        }
        let d = c.to_digit(base)?;
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// `strconv.ParseInt(s, 0, 64)`.
fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > 1 << 63 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// A hexadecimal float (`0x1.8p3`), which needs its `p` exponent.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mantissa, exp) = s.split_once(['p', 'P'])?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut value = 0f64;
    for c in int.chars().chain(frac.chars()) {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let shift = exp.checked_sub(i32::try_from(frac.len()).ok()?.checked_mul(4)?)?;
    Some(value * 2f64.powi(shift))
}

/// `strconv.ParseFloat(s, 64)` for the texts the scanner lets through.
fn parse_float(s: &str) -> Option<f64> {
    let clean: Cow<'_, str> = if s.contains('_') {
        if !underscore_ok(s) {
            return None;
        }
        Cow::Owned(s.replace('_', ""))
    } else {
        Cow::Borrowed(s)
    };
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, &clean[..]),
    };
    let value = if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        parse_hex_float(hex)?
    } else if body
        .bytes()
        .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b))
    {
        body.parse::<f64>().ok()?
    } else {
        return None;
    };
    if value.is_infinite() {
        return None;
    }
    Some(if neg { -value } else { value })
}

/// A number token as the executor sees it.
pub(super) fn number(text: &str, complex: bool, char_const: bool) -> Result<Number, String> {
    if char_const {
        return char_constant(text);
    }
    let unsupported = || format!("complex constant {text} is not supported");
    if complex {
        return Err(unsupported());
    }
    if let Some(imag) = text.strip_suffix('i')
        && parse_float(imag).is_some()
    {
        return Err(unsupported());
    }
    let uint = parse_uint(text);
    let int = parse_int(text);
    let float = if int.is_some() || uint.is_some() {
        None
    } else {
        match parse_float(text) {
            Some(_) if !text.contains(['.', 'e', 'E', 'p', 'P']) => {
                return Err(format!(
                    "integer overflow: {}",
                    crate::funcs::go_quote(text)
                ));
            }
            f => f,
        }
    };
    let hex_int = text.len() > 2
        && text.starts_with('0')
        && matches!(text.as_bytes()[1], b'x' | b'X')
        && !text.contains(['p', 'P']);
    let written_as_float = !hex_int && text.contains(['.', 'e', 'E', 'p', 'P']);
    match (int, uint, float) {
        (Some(i), _, _) if written_as_float => Ok(Number::Float(i as f64)),
        (None, Some(u), _) if written_as_float => Ok(Number::Float(u as f64)),
        (Some(i), _, _) => Ok(Number::Int(i)),
        (None, Some(u), _) => Ok(Number::Uint(u)),
        (None, None, Some(f)) => Ok(Number::Float(f)),
        (None, None, None) => Err(format!(
            "illegal number syntax: {}",
            crate::funcs::go_quote(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_go() {
        assert_eq!(number("42", false, false), Ok(Number::Int(42)));
        assert_eq!(number("-7", false, false), Ok(Number::Int(-7)));
        assert_eq!(number("0x1F", false, false), Ok(Number::Int(31)));
        assert_eq!(number("017", false, false), Ok(Number::Int(15)));
        assert_eq!(number("0o17", false, false), Ok(Number::Int(15)));
        assert_eq!(number("0b101", false, false), Ok(Number::Int(5)));
        assert_eq!(number("1_000", false, false), Ok(Number::Int(1000)));
        assert_eq!(number("1.5", false, false), Ok(Number::Float(1.5)));
        assert_eq!(number("1e3", false, false), Ok(Number::Float(1000.0)));
        assert_eq!(number(".5", false, false), Ok(Number::Float(0.5)));
        assert_eq!(number("0x1p-2", false, false), Ok(Number::Float(0.25)));
        assert_eq!(
            number("18446744073709551615", false, false),
            Ok(Number::Uint(u64::MAX))
        );
        assert_eq!(
            number("089", false, false),
            Err("integer overflow: \"089\"".into())
        );
        assert_eq!(
            number("1__0", false, false),
            Err("illegal number syntax: \"1__0\"".into())
        );
        assert_eq!(number("'a'", false, true), Ok(Number::Int(97)));
        assert_eq!(number("'\\n'", false, true), Ok(Number::Int(10)));
        assert_eq!(
            number("'ab'", false, true),
            Err("malformed character constant: 'ab'".into())
        );
        assert!(number("1i", false, false).is_err());
    }

    #[test]
    fn strings_unquote_like_strconv() {
        assert_eq!(unquote("\"a\\tb\"").unwrap(), "a\tb");
        assert_eq!(unquote("\"\\u00e9\\x41\\101\"").unwrap(), "éAA");
        assert_eq!(unquote("`a\r\nb`").unwrap(), "a\nb");
        assert_eq!(unquote("\"\\q\""), Err(INVALID_SYNTAX.into()));
        assert_eq!(unquote("\"\\'\""), Err(INVALID_SYNTAX.into()));
        assert_eq!(unquote("\"\\400\""), Err(INVALID_SYNTAX.into()));
    }
}
