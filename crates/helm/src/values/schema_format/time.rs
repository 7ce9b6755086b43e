//! The `date`, `time`, `date-time`, `duration` and `period` formats. `date`
//! is Go's `time.Parse("2006-01-02", ...)`, whose error text Helm prints;
//! the others are RFC 3339 checks with fixed reasons. Go indexes these
//! strings by byte, so they are checked as bytes here too.

use super::go_text::{atoi, quote_rune, time_quote};
use crate::goyaml::scalar::days_in;

/// Go's `time.Parse` with the layout `2006-01-02`.
pub(super) fn date(v: &[u8]) -> Result<(), String> {
    let cannot = |elem: &[u8], layout: &str| {
        format!(
            "parsing time {} as \"2006-01-02\": cannot parse {} as \"{layout}\"",
            time_quote(v),
            time_quote(elem)
        )
    };
    let out_of_range = |what: &str| format!("parsing time {}: {what} out of range", time_quote(v));
    let two_digits = |s: &[u8]| match s {
        [a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
        }
        _ => None,
    };
    let year_digits = v.get(..4).filter(|y| y.iter().all(u8::is_ascii_digit));
    let Some(year) = year_digits else {
        return Err(cannot(v, "2006"));
    };
    let year = year.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let rest = &v[4..];
    let Some(rest) = rest.strip_prefix(b"-") else {
        return Err(cannot(rest, "-"));
    };
    let Some(month) = two_digits(rest) else {
        return Err(cannot(rest, "01"));
    };
    if !(1..=12).contains(&month) {
        return Err(out_of_range("month"));
    }
    let rest = &rest[2..];
    let Some(rest) = rest.strip_prefix(b"-") else {
        return Err(cannot(rest, "-"));
    };
    let Some(day) = two_digits(rest) else {
        return Err(cannot(rest, "02"));
    };
    let rest = &rest[2..];
    if !rest.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            time_quote(v),
            time_quote(rest)
        ));
    }
    if day < 1 || day > days_in(month, year) {
        return Err(out_of_range("day"));
    }
    Ok(())
}

/// `time`: `hh:mm:ss[.frac](Z|±hh:mm)`, a leap second only at 23:59 UTC.
pub(super) fn time(v: &[u8]) -> Result<(), String> {
    let fail = |reason: &str| Err(reason.to_owned());
    if v.len() < 9 {
        return fail("less than 9 characters long");
    }
    if v[2] != b':' || v[5] != b':' {
        return fail("missing colon in correct place");
    }
    let mut hms = [0i64; 3];
    for (slot, tok) in hms.iter_mut().zip(v[..8].splitn(3, |&b| b == b':')) {
        let Some(n) = go_int(tok) else {
            return fail("invalid hour/min/sec");
        };
        if n < 0 {
            return fail("non-positive hour/min/sec");
        }
        *slot = n;
    }
    let [mut h, mut m, s] = hms;
    if h > 23 || m > 59 || s > 60 {
        return fail("hour/min/sec out of range");
    }
    let mut rest = &v[8..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return fail("no digits in second fraction");
        }
        rest = &frac[digits..];
    }
    if rest != b"z" && rest != b"Z" {
        if rest.len() != 6 {
            return fail("offset must be 6 characters long");
        }
        // East of UTC is behind it.
        let sign = match rest[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return fail("offset must begin with plus/minus"),
        };
        let offset = &rest[1..];
        if offset[2] != b':' {
            return fail("missing colon in offset in correct place");
        }
        let mut zhm = [0i64; 2];
        for (slot, tok) in zhm.iter_mut().zip(offset.splitn(2, |&b| b == b':')) {
            let Some(n) = go_int(tok) else {
                return fail("invalid hour/min in offset");
            };
            if n < 0 {
                return fail("non-positive hour/min in offset");
            }
            *slot = n;
        }
        let [zh, zm] = zhm;
        if zh > 23 || zm > 59 {
            return fail("hour/min in offset out of range");
        }
        let mut hm = h * 60 + m + sign * (zh * 60 + zm);
        if hm < 0 {
            hm += 24 * 60;
        }
        (h, m) = (hm / 60, hm % 60);
    }
    if s >= 60 && (h != 23 || m != 59) {
        return fail("invalid leap second");
    }
    Ok(())
}

/// `strconv.Atoi` of a short token given as bytes.
fn go_int(tok: &[u8]) -> Option<i64> {
    std::str::from_utf8(tok).ok().and_then(|t| atoi(t).ok())
}

/// `date-time`: a `date`, `t` or `T`, and a `time`.
pub(super) fn date_time(v: &[u8]) -> Result<(), String> {
    if v.len() < 20 {
        return Err("less than 20 characters long".into());
    }
    if v[10] != b't' && v[10] != b'T' {
        return Err("11th character must be t or T".into());
    }
    date(&v[..10]).map_err(|e| format!("invalid date element: {e}"))?;
    time(&v[11..]).map_err(|e| format!("invalid time element: {e}"))
}

/// `duration`: RFC 3339's `P[n]W` or `P[nY][nM][nD][T[nH][nM][nS]]`.
pub(super) fn duration(v: &[u8]) -> Result<(), String> {
    let fail = |reason: &str| Err(reason.to_owned());
    let Some(body) = v.strip_prefix(b"P") else {
        return fail("must start with P");
    };
    if body.is_empty() {
        return fail("nothing after P");
    }
    if let Some(weeks) = body.strip_suffix(b"W") {
        if weeks.is_empty() {
            return fail("no number in week");
        }
        if !weeks.iter().all(u8::is_ascii_digit) {
            return fail("invalid week");
        }
        return Ok(());
    }
    const ALL_UNITS: [&[u8]; 2] = [b"YMD", b"HMS"];
    for (i, mut part) in body.split(|&b| b == b'T').enumerate() {
        if i != 0 && part.is_empty() {
            return fail("no time elements");
        }
        let Some(&all) = ALL_UNITS.get(i) else {
            return fail("more than one T");
        };
        let mut units = all;
        while !part.is_empty() {
            let digits = part.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return fail("missing number");
            }
            part = &part[digits..];
            let Some((&unit, after)) = part.split_first() else {
                return fail("missing unit");
            };
            let Some(j) = units.iter().position(|&u| u == unit) else {
                // Go's %q of a byte quotes the rune of that value.
                let quoted = quote_rune(char::from(unit));
                return Err(if all.contains(&unit) {
                    format!("unit {quoted} out of order")
                } else {
                    format!("invalid unit {quoted}")
                });
            };
            units = &units[j + 1..];
            part = after;
        }
    }
    Ok(())
}

/// `period`: `start/end`, `start/duration` or `duration/end`.
pub(super) fn period(v: &[u8]) -> Result<(), String> {
    let Some(slash) = v.iter().position(|&b| b == b'/') else {
        return Err("missing slash".into());
    };
    let (start, end) = (&v[..slash], &v[slash + 1..]);
    let wrap = |what: &str, r: Result<(), String>| r.map_err(|e| format!("invalid {what}: {e}"));
    if start.starts_with(b"P") {
        wrap("start duration", duration(start))?;
        wrap("end date-time", date_time(end))
    } else {
        wrap("start date-time", date_time(start))?;
        if end.starts_with(b"P") {
            wrap("end duration", duration(end))
        } else {
            wrap("end date-time", date_time(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<(), String>) -> String {
        r.err().unwrap_or_default()
    }

    #[test]
    fn date_reports_time_parse_errors() {
        assert_eq!(date(b"2020-02-29"), Ok(()));
        assert_eq!(
            err(date(b"2021-02-29")),
            "parsing time \"2021-02-29\": day out of range"
        );
        assert_eq!(
            err(date(b"2020-13-01")),
            "parsing time \"2020-13-01\": month out of range"
        );
        assert_eq!(
            err(date(b"2020-1-01")),
            "parsing time \"2020-1-01\" as \"2006-01-02\": cannot parse \"1-01\" as \"01\""
        );
        assert_eq!(
            err(date(b"2020")),
            "parsing time \"2020\" as \"2006-01-02\": cannot parse \"\" as \"-\""
        );
        assert_eq!(
            err(date(b"2020-01-011")),
            "parsing time \"2020-01-011\": extra text: \"1\""
        );
        assert_eq!(
            err(date("2020-01-é".as_bytes())),
            "parsing time \"2020-01-\\xc3\\xa9\" as \"2006-01-02\": cannot parse \"\\xc3\\xa9\" as \"02\""
        );
    }

    #[test]
    fn time_applies_the_offset_before_the_leap_second_check() {
        assert_eq!(time(b"23:59:60Z"), Ok(()));
        assert_eq!(time(b"15:59:60-08:00"), Ok(()));
        assert_eq!(err(time(b"12:00:60Z")), "invalid leap second");
        assert_eq!(err(time(b"12:00:00")), "less than 9 characters long");
        assert_eq!(
            err(time(b"12:00:00+1:00")),
            "offset must be 6 characters long"
        );
        assert_eq!(err(time(b"12:00:00.Z")), "no digits in second fraction");
        assert_eq!(err(time(b"-1:00:00Z")), "non-positive hour/min/sec");
        assert_eq!(err(time(b"24:00:00Z")), "hour/min/sec out of range");
    }

    #[test]
    fn durations_and_periods() {
        for ok in [&b"P1W"[..], b"P1Y2M3DT4H5M6S", b"PT1S", b"P1D"] {
            assert_eq!(duration(ok), Ok(()));
        }
        assert_eq!(err(duration(b"P1M1Y")), "unit 'Y' out of order");
        assert_eq!(err(duration(b"P1X")), "invalid unit 'X'");
        assert_eq!(err(duration(b"P1DT")), "no time elements");
        assert_eq!(err(duration(b"PT1HT1S")), "more than one T");
        assert_eq!(err(duration(b"P1")), "missing unit");
        assert_eq!(
            err(period(b"P1D/P1D")),
            "invalid end date-time: less than 20 characters long"
        );
        assert_eq!(period(b"2020-01-01T00:00:00Z/P1D"), Ok(()));
    }
}
