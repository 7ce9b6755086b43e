//! Go's `time.ParseInLocation` for reference-time layouts.

use jiff::Zoned;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

use super::layout::{DAYS, MONTHS, Tok, tokenize};

fn take_num(text: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let len = text
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if len < min {
        return None;
    }
    Some((text[..len].parse().ok()?, &text[len..]))
}

fn take_name<'a>(text: &'a str, names: &[&str], short: bool) -> Option<(usize, &'a str)> {
    names.iter().enumerate().find_map(|(i, n)| {
        let n = if short { &n[..3] } else { n };
        let head = text.get(..n.len())?;
        head.eq_ignore_ascii_case(n).then(|| (i, &text[n.len()..]))
    })
}

/// Go's `time.ParseInLocation(layout, text, tz)`.
pub(crate) fn parse_layout(layout: &str, text: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let err = || format!("parsing time {text:?} as {layout:?}: cannot parse");
    let (mut year, mut month, mut day, mut hour, mut min, mut sec, mut nanos) =
        (1i64, 1i64, 1i64, 0i64, 0i64, 0i64, 0i64);
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    let mut rest = text;
    for tok in tokenize(layout) {
        let r = rest;
        rest = match tok {
            Tok::Lit(l) => r.strip_prefix(l.as_str()).ok_or_else(err)?,
            Tok::LongMonth | Tok::Month => {
                let (i, r) = take_name(r, &MONTHS, tok == Tok::Month).ok_or_else(err)?;
                month = i as i64 + 1;
                r
            }
            Tok::LongWeekDay | Tok::WeekDay => {
                take_name(r, &DAYS, tok == Tok::WeekDay).ok_or_else(err)?.1
            }
            Tok::NumMonth | Tok::ZeroMonth => {
                let (v, r) =
                    take_num(r, if tok == Tok::ZeroMonth { 2 } else { 1 }, 2).ok_or_else(err)?;
                month = v;
                r
            }
            Tok::Day | Tok::ZeroDay | Tok::UnderDay => {
                let r = if tok == Tok::UnderDay {
                    r.strip_prefix(' ').unwrap_or(r)
                } else {
                    r
                };
                let (v, r) =
                    take_num(r, if tok == Tok::ZeroDay { 2 } else { 1 }, 2).ok_or_else(err)?;
                day = v;
                r
            }
            Tok::YearDay | Tok::ZeroYearDay => take_num(r.trim_start(), 1, 3).ok_or_else(err)?.1,
            Tok::Hour | Tok::Hour12 | Tok::ZeroHour12 => {
                let (v, r) =
                    take_num(r, if tok == Tok::Hour12 { 1 } else { 2 }, 2).ok_or_else(err)?;
                hour = v;
                r
            }
            Tok::Minute | Tok::ZeroMinute => {
                let (v, r) =
                    take_num(r, if tok == Tok::ZeroMinute { 2 } else { 1 }, 2).ok_or_else(err)?;
                min = v;
                r
            }
            Tok::Second | Tok::ZeroSecond => {
                let (v, mut r) =
                    take_num(r, if tok == Tok::ZeroSecond { 2 } else { 1 }, 2).ok_or_else(err)?;
                sec = v;
                // Go accepts fractional seconds after a seconds field even when
                // the layout has none.
                if let Some(f) = r.strip_prefix(['.', ','])
                    && f.starts_with(|c: char| c.is_ascii_digit())
                    && !layout.contains(".0")
                    && !layout.contains(".9")
                {
                    let len = f.bytes().take_while(u8::is_ascii_digit).count();
                    nanos = format!("{:0<9}", &f[..len.min(9)]).parse().unwrap_or(0);
                    r = &f[len..];
                }
                r
            }
            Tok::LongYear => {
                let (v, r) = take_num(r, 4, 4).ok_or_else(err)?;
                year = v;
                r
            }
            Tok::Year => {
                let (v, r) = take_num(r, 2, 2).ok_or_else(err)?;
                year = if v >= 69 { 1900 + v } else { 2000 + v };
                r
            }
            Tok::PM | Tok::Pm => {
                let head = r.get(..2).ok_or_else(err)?;
                pm = Some(match head.to_ascii_uppercase().as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return Err(err()),
                });
                &r[2..]
            }
            Tok::TZ => {
                if let Some(r2) = r.strip_prefix("UTC") {
                    offset = Some(0);
                    r2
                } else {
                    let len = if r.starts_with(['+', '-']) {
                        1 + r[1..].bytes().take_while(u8::is_ascii_digit).count()
                    } else {
                        r.bytes().take_while(|b| b.is_ascii_uppercase()).count()
                    };
                    if len < 3 {
                        return Err(err());
                    }
                    &r[len..]
                }
            }
            Tok::Zone {
                z,
                colon,
                secs,
                hours_only,
            } => {
                if z && r.starts_with('Z') {
                    offset = Some(0);
                    &r[1..]
                } else {
                    let sign = match r.as_bytes().first() {
                        Some(b'+') => 1,
                        Some(b'-') => -1,
                        _ => return Err(err()),
                    };
                    let (h, mut r2) = take_num(&r[1..], 2, 2).ok_or_else(err)?;
                    let mut total = h * 3600;
                    if !hours_only {
                        if colon {
                            r2 = r2.strip_prefix(':').ok_or_else(err)?;
                        }
                        let (m, r3) = take_num(r2, 2, 2).ok_or_else(err)?;
                        total += m * 60;
                        r2 = r3;
                    }
                    if secs {
                        if colon {
                            r2 = r2.strip_prefix(':').ok_or_else(err)?;
                        }
                        let (s, r3) = take_num(r2, 2, 2).ok_or_else(err)?;
                        total += s;
                        r2 = r3;
                    }
                    offset = Some(sign * total as i32);
                    r2
                }
            }
            Tok::Frac { digits, trim, .. } => {
                let Some(f) = r.strip_prefix(['.', ',']) else {
                    if trim {
                        continue;
                    }
                    return Err(err());
                };
                let len = f.bytes().take_while(u8::is_ascii_digit).count();
                if !trim && len != digits {
                    return Err(err());
                }
                nanos = format!("{:0<9}", &f[..len.min(9)]).parse().unwrap_or(0);
                &f[len..]
            }
        };
    }
    if !rest.is_empty() {
        return Err(format!("parsing time {text:?}: extra text: {rest:?}"));
    }
    match pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    let dt = DateTime::new(
        year as i16,
        month as i8,
        day as i8,
        hour as i8,
        min as i8,
        sec as i8,
        nanos as i32,
    )
    .map_err(|e| format!("parsing time {text:?}: {e}"))?;
    let zone = match offset {
        Some(0) if tz == &TimeZone::UTC => TimeZone::UTC,
        Some(0) => TimeZone::UTC,
        Some(o) => TimeZone::fixed(Offset::from_seconds(o).map_err(|e| e.to_string())?),
        None => tz.clone(),
    };
    dt.to_zoned(zone).map_err(|e| e.to_string())
}
