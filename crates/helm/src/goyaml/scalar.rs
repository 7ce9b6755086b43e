//! How go-yaml v2 decides whether a string may be written plain: the tag a plain
//! scalar would resolve to (bool, int, float, null, timestamp or string) and the
//! emitter's character analysis of the text.

use std::sync::LazyLock;

use regex::Regex;

/// Strings that go-yaml v2 (YAML 1.1) reads as something other than a string.
const SPECIAL: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No",
    "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL", ".nan",
    ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    "<<",
];

#[allow(clippy::unwrap_used)] // constant patterns, covered by tests
static YAML_FLOAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$").unwrap());
#[allow(clippy::unwrap_used)] // constant patterns, covered by tests
static BASE60_FLOAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$").unwrap());

/// Whether a plain scalar `s` would be read back as a string by go-yaml v2.
pub fn resolves_to_str(s: &str) -> bool {
    let hint = match s.as_bytes().first() {
        None => return false,
        Some(b'+' | b'-') => 'S',
        Some(b'0'..=b'9') => 'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => 'M',
        Some(b'.') => '.',
        Some(_) => return true,
    };
    if SPECIAL.contains(&s) {
        return false;
    }
    match hint {
        '.' => parse_go_float(s).is_none(),
        'D' | 'S' => {
            if is_timestamp(s) {
                return false;
            }
            let plain = if s.contains('_') {
                std::borrow::Cow::Owned(s.replace('_', ""))
            } else {
                std::borrow::Cow::Borrowed(s)
            };
            if parse_go_int(&plain).is_some() {
                return false;
            }
            if YAML_FLOAT.is_match(&plain) && parse_go_float(&plain).is_some() {
                return false;
            }
            if let Some(bin) = plain.strip_prefix("0b") {
                return u64::from_str_radix(bin, 2).is_err();
            }
            if let Some(bin) = plain.strip_prefix("-0b") {
                return i64::from_str_radix(&format!("-{bin}"), 2).is_err();
            }
            true
        }
        _ => true,
    }
}

/// `strconv.ParseFloat(s, 64)` for the decimal forms YAML allows; `None` when Go
/// would fail (including out-of-range values).
pub fn parse_go_float(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

/// `strconv.ParseInt(s, 0, 64)` and, failing that, `strconv.ParseUint(s, 0, 64)`:
/// decimal, `0x`, `0o`, `0b` and leading-zero octal.
pub fn parse_go_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()? as i128;
    let v = if neg { -v } else { v };
    if v < i64::MIN as i128 || (neg && v > i64::MAX as i128) {
        return None;
    }
    if s.starts_with('+') && v > i64::MAX as i128 {
        return None; // ParseUint rejects a sign
    }
    Some(v)
}

/// go-yaml's base-60 float check: such strings are quoted for old parsers.
pub fn is_base60_float(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'+' | b'-' | b'0'..=b'9') if s.contains(':') => BASE60_FLOAT.is_match(s),
        _ => false,
    }
}

fn take_digits(s: &[u8], i: &mut usize, min: usize, max: usize) -> Option<u32> {
    let start = *i;
    while *i < s.len() && *i - start < max && s[*i].is_ascii_digit() {
        *i += 1;
    }
    if *i - start < min {
        return None;
    }
    std::str::from_utf8(&s[start..*i]).ok()?.parse().ok()
}

/// Days in `month` (1 to 12) of the proleptic Gregorian `year`.
pub(crate) fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The timestamp forms go-yaml v2 recognises (`2006-1-2`, `2006-1-2T15:4:5Z07:00`,
/// `2006-1-2 15:4:5`, with optional fractional seconds).
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let Some(year) = take_digits(b, &mut i, 4, 4) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(month) = take_digits(b, &mut i, 1, 2) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = take_digits(b, &mut i, 1, 2) else {
        return false;
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let sep = b[i];
    if !matches!(sep, b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    let (Some(h), true) = (take_digits(b, &mut i, 1, 2), b.get(i) == Some(&b':')) else {
        return false;
    };
    i += 1;
    let (Some(m), true) = (take_digits(b, &mut i, 1, 2), b.get(i) == Some(&b':')) else {
        return false;
    };
    i += 1;
    let Some(sec) = take_digits(b, &mut i, 1, 2) else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if i + 1 < b.len() && matches!(b[i], b'.' | b',') && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if sep == b' ' {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i += 1;
            let hh = take_digits(b, &mut i, 2, 2);
            if b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
            let mm = take_digits(b, &mut i, 2, 2);
            matches!((hh, mm), (Some(hh), Some(mm)) if hh < 24 && mm < 60) && i == b.len()
        }
        _ => false,
    }
}

/// The emitter's verdict on a scalar's text (libyaml's `analyze_scalar`).
#[derive(Debug, Clone, Copy)]
pub struct Analysis {
    /// Holds a line break.
    pub multiline: bool,
    /// May be written plain in block context.
    pub block_plain_allowed: bool,
    /// May be single-quoted.
    pub single_quoted_allowed: bool,
    /// May be written as a literal block scalar.
    pub block_allowed: bool,
}

/// Characters libyaml writes as they are (`is_printable`); notably not tab, CR or
/// anything outside the Basic Multilingual Plane.
pub fn is_printable(c: char) -> bool {
    let c = c as u32;
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (0xA0..=0xD7FF).contains(&c)
        || ((0xE000..=0xFFFD).contains(&c) && c != 0xFEFF)
}

/// libyaml's `is_break`.
pub fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// What libyaml's `analyze_scalar` loop notices in a scalar's characters.
#[derive(Debug, Default, PartialEq, Eq)]
struct Flags {
    block_indicators: bool,
    line_breaks: bool,
    special: bool,
    leading_space: bool,
    leading_break: bool,
    trailing_space: bool,
    trailing_break: bool,
    break_space: bool,
    space_break: bool,
}

/// Bytes [`scan_ascii`] must look at: all but letters, digits and the
/// punctuation that matters only as a scalar's first character.
const fn notable_bytes() -> [bool; 128] {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = b < 0x20 || b == 0x7f || matches!(b as u8, b' ' | b':' | b'#');
        b += 1;
    }
    t
}

static NOTABLE: [bool; 128] = notable_bytes();

/// [`scan`] for a non-empty ASCII scalar: the same verdicts, reached by looking
/// closely only at spaces, breaks, control characters, `:` and `#`.
fn scan_ascii(b: &[u8]) -> Flags {
    let n = b.len();
    let ws_at = |i: usize| i >= n || matches!(b[i], b' ' | b'\t');
    let is_brk = |c: u8| matches!(c, b'\r' | b'\n');
    let mut f = Flags::default();
    match b[0] {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => f.block_indicators = true,
        b'?' | b':' | b'-' if ws_at(1) => f.block_indicators = true,
        _ => {}
    }
    f.leading_space = b[0] == b' ';
    f.leading_break = is_brk(b[0]);
    f.trailing_space = b[n - 1] == b' ';
    f.trailing_break = is_brk(b[n - 1]);
    for (i, &c) in b.iter().enumerate() {
        if !NOTABLE[usize::from(c & 0x7f)] {
            continue;
        }
        let prev = if i > 0 { Some(b[i - 1]) } else { None };
        match c {
            b':' => f.block_indicators |= i > 0 && ws_at(i + 1),
            b'#' => {
                f.block_indicators |= matches!(prev, Some(b' ' | b'\t' | 0 | b'\r' | b'\n'));
            }
            b' ' => f.break_space |= prev.is_some_and(is_brk),
            b'\n' | b'\r' => {
                f.line_breaks = true;
                f.space_break |= prev == Some(b' ');
                f.special |= c == b'\r';
            }
            _ => f.special = true,
        }
    }
    f
}

/// The character loop of libyaml's `analyze_scalar` over a non-empty scalar.
fn scan(chars: impl Iterator<Item = char>) -> Flags {
    let mut f = Flags::default();
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    let mut chars = chars.peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let last = next.is_none();
        let followed_by_ws = matches!(next, None | Some(' ' | '\t'));
        if first {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => f.block_indicators = true,
                '?' | ':' if followed_by_ws => f.block_indicators = true,
                '-' if followed_by_ws => f.block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => f.block_indicators = true,
                '#' if preceded_by_ws => f.block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            f.special = true;
        }
        if c == ' ' {
            f.leading_space |= first;
            f.trailing_space |= last;
            f.break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            f.line_breaks = true;
            f.leading_break |= first;
            f.trailing_break |= last;
            f.space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = matches!(c, ' ' | '\t' | '\0') || is_break(c);
        first = false;
    }
    f
}

/// Analyse `value` like libyaml's emitter does before choosing a style.
pub fn analyze(value: &str) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    // Nearly every scalar is ASCII, where bytes are characters.
    let flags = if value.is_ascii() {
        scan_ascii(value.as_bytes())
    } else {
        scan(value.chars())
    };
    let Flags {
        block_indicators,
        line_breaks,
        special,
        leading_space,
        leading_break,
        trailing_space,
        trailing_break,
        break_space,
        space_break,
    } = flags;
    let block_indicators = block_indicators || value.starts_with("---") || value.starts_with("...");
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_scan_agrees_with_the_character_loop() {
        let alphabet = [
            ' ', '\t', '\n', '\r', ':', '#', '-', '?', 'a', '\0', '\x7f', ',', '.',
        ];
        let (mut level, mut texts) = (vec![String::new()], Vec::new());
        for _ in 0..4 {
            level = level
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        let mut checked = 0;
        for t in &texts {
            assert_eq!(scan_ascii(t.as_bytes()), scan(t.chars()), "{t:?}");
            checked += 1;
        }
        assert!(checked > 20_000, "{checked}");
    }

    #[test]
    fn resolves_yaml_1_1_scalars() {
        for s in [
            "true",
            "y",
            "NO",
            "off",
            "~",
            "null",
            "",
            "1",
            "0755",
            "0x1F",
            "1.0",
            "1e3",
            ".5",
            "-1",
            "+1",
            "1_000",
            "0b101",
            "2024-01-02",
            "2024-1-2T3:04:05Z",
            "2001-12-14 21:59:43.10",
            ".inf",
            "-.Inf",
        ] {
            assert!(!resolves_to_str(s), "{s} should not be a string");
        }
        for s in [
            "hello",
            "1.2.3",
            "0x",
            "2024-13-01",
            "1e",
            "v1",
            "yes please",
            "1:20",
            "+",
            "-",
            "0o",
            "1e400",
            "2024-01-02T10:00:00",
        ] {
            assert!(resolves_to_str(s), "{s} should be a string");
        }
        assert!(is_base60_float("1:20"));
        assert!(!is_base60_float("1:2:x"));
    }
}
