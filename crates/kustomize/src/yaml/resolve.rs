//! go-yaml v3's resolution of plain scalars, where it differs from the YAML
//! 1.2 core schema that serde_yaml follows: integers with leading zeros are
//! octal (`0644` is 420), underscores are dropped (`1_000`), and dates and
//! times become timestamps (printed in RFC 3339 by kustomize's JSON step).

use serde_yaml::Value;

/// The value go-yaml v3 gives a plain scalar that serde_yaml read as a
/// string, when the two disagree.
pub fn plain(s: &str) -> Option<Value> {
    let first = s.as_bytes().first()?;
    if !(first.is_ascii_digit() || *first == b'+' || *first == b'-') {
        return None;
    }
    if let Some(ts) = Timestamp::parse(s) {
        return Some(Value::String(ts.rfc3339()));
    }
    let digits = s.replace('_', "");
    if let Some(i) = go_parse_int(&digits) {
        return Some(Value::from(i));
    }
    if let Some(u) = go_parse_uint(&digits) {
        return Some(Value::from(u));
    }
    if is_yaml_float(&digits) {
        return digits.parse::<f64>().ok().map(Value::from);
    }
    None
}

/// go-yaml v2's YAML 1.1 booleans beyond `true`/`false`.
pub fn yaml11_bool(s: &str) -> Option<bool> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let digits = |b: &[u8], i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(b, 0);
    if i == 0 {
        if b.first() != Some(&b'.') || digits(b, 1) == 0 {
            return false;
        }
        i = 1 + digits(b, 1);
    } else if b.get(i) == Some(&b'.') {
        i += 1 + digits(b, i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(b, i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// Go's `strconv.ParseUint(s, 0, 64)` body: base prefixes `0x`, `0o`, `0b`
/// and a bare leading `0` for octal.
fn go_parse_magnitude(s: &str) -> Option<u64> {
    let (digits, radix) = if let Some(r) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (r, 16)
    } else if let Some(r) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        (r, 8)
    } else if let Some(r) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (r, 2)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let m = go_parse_magnitude(body)?;
    if neg {
        0i64.checked_sub_unsigned(m)
    } else {
        i64::try_from(m).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn go_parse_uint(s: &str) -> Option<u64> {
    go_parse_magnitude(s)
}

/// A date or date-time in one of the layouts go-yaml accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// Fraction digits, trailing zeros removed.
    fraction: String,
    /// Offset from UTC in minutes.
    offset: i32,
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    /// Go's `getnum(s, false)`: one or two digits.
    fn num12(&mut self) -> Option<u32> {
        let d = |c: Option<&u8>| {
            c.filter(|c| c.is_ascii_digit())
                .map(|c| u32::from(c - b'0'))
        };
        let a = d(self.b.get(self.i))?;
        self.i += 1;
        match d(self.b.get(self.i)) {
            Some(b) => {
                self.i += 1;
                Some(a * 10 + b)
            }
            None => Some(a),
        }
    }

    fn num2(&mut self) -> Option<u32> {
        let s = self.b.get(self.i..self.i + 2)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += 2;
        Some(u32::from(s[0] - b'0') * 10 + u32::from(s[1] - b'0'))
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Timestamp {
    /// Parses `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (also with `t`)
    /// or `2006-1-2 15:4:5.999999999`, as Go's `time.Parse` does.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
            return None;
        }
        let mut c = Cursor { b, i: 5 };
        let year = s[..4].parse::<u32>().ok()?;
        let month = c.num12()?;
        if !c.eat(b'-') {
            return None;
        }
        let day = c.num12()?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
            return None;
        }
        let mut ts = Timestamp {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            fraction: String::new(),
            offset: 0,
        };
        if c.done() {
            return Some(ts);
        }
        let zoned = match b[c.i] {
            b'T' | b't' => true,
            b' ' => false,
            _ => return None,
        };
        c.i += 1;
        ts.hour = c.num12()?;
        if !c.eat(b':') {
            return None;
        }
        ts.minute = c.num12()?;
        if !c.eat(b':') {
            return None;
        }
        ts.second = c.num12()?;
        if ts.hour > 23 || ts.minute > 59 || ts.second > 59 {
            return None;
        }
        if matches!(b.get(c.i), Some(b'.' | b',')) && b.get(c.i + 1).is_some_and(u8::is_ascii_digit)
        {
            let start = c.i + 1;
            c.i = start;
            while b.get(c.i).is_some_and(u8::is_ascii_digit) {
                c.i += 1;
            }
            let digits = &s[start..c.i.min(start + 9)];
            ts.fraction = digits.trim_end_matches('0').to_string();
        }
        if zoned && !c.eat(b'Z') {
            let neg = match b.get(c.i) {
                Some(b'+') => false,
                Some(b'-') => true,
                _ => return None,
            };
            c.i += 1;
            let h = c.num2()?;
            if !c.eat(b':') {
                return None;
            }
            let m = c.num2()?;
            if h > 24 || m > 60 {
                return None;
            }
            let off = i32::try_from(h * 60 + m).ok()?;
            ts.offset = if neg { -off } else { off };
        }
        c.done().then_some(ts)
    }

    /// Go's `time.RFC3339Nano` rendering.
    pub fn rfc3339(&self) -> String {
        let mut out = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        );
        if !self.fraction.is_empty() {
            out.push('.');
            out.push_str(&self.fraction);
        }
        if self.offset == 0 {
            out.push('Z');
        } else {
            let sign = if self.offset < 0 { '-' } else { '+' };
            let a = self.offset.unsigned_abs();
            out.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_go_yaml_v3() {
        assert_eq!(plain("0644"), Some(Value::from(420)));
        assert_eq!(plain("08"), Some(Value::from(8.0)));
        assert_eq!(plain("1_000"), Some(Value::from(1000)));
        assert_eq!(plain("0x_1F"), Some(Value::from(31)));
        assert_eq!(plain("-010"), Some(Value::from(-8)));
        assert_eq!(plain("1.2.3"), None);
        assert_eq!(plain("1:20"), None);
        assert_eq!(plain("abc"), None);
        assert_eq!(
            plain("2001-12-14"),
            Some(Value::from("2001-12-14T00:00:00Z"))
        );
        assert_eq!(
            plain("2001-12-14T21:59:43.10-05:00"),
            Some(Value::from("2001-12-14T21:59:43.1-05:00"))
        );
        assert_eq!(
            plain("2001-12-14 21:59:43.10"),
            Some(Value::from("2001-12-14T21:59:43.1Z"))
        );
        assert_eq!(plain("2001-12-14T21:59:43"), None);
        assert_eq!(plain("2001-02-30"), None);
        assert_eq!(plain("2001-1-2"), Some(Value::from("2001-01-02T00:00:00Z")));
    }
}
