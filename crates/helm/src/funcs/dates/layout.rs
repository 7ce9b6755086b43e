//! Go's reference-time layouts (`Mon Jan 2 15:04:05 MST 2006`): tokenizing
//! and formatting.

use jiff::Zoned;
use jiff::tz::TimeZone;

pub(super) const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Lit(String),
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    YearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    /// Numeric zone: (use Z for UTC, with colon, with seconds, hours only)
    Zone {
        z: bool,
        colon: bool,
        secs: bool,
        hours_only: bool,
    },
    /// Fractional seconds: digits, trailing zeros trimmed (9s)
    Frac {
        digits: usize,
        trim: bool,
        sep: char,
    },
}

pub(super) fn tokenize(layout: &str) -> Vec<Tok> {
    let b = layout.as_bytes();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let starts = |i: usize, p: &str| layout[i..].starts_with(p);
    while i < b.len() {
        let (tok, len) = match b[i] {
            b'J' if starts(i, "January") => (Some(Tok::LongMonth), 7),
            b'J' if starts(i, "Jan") => (Some(Tok::Month), 3),
            b'M' if starts(i, "Monday") => (Some(Tok::LongWeekDay), 6),
            b'M' if starts(i, "Mon") => (Some(Tok::WeekDay), 3),
            b'M' if starts(i, "MST") => (Some(Tok::TZ), 3),
            b'0' if starts(i, "002") => (Some(Tok::ZeroYearDay), 3),
            b'0' if i + 1 < b.len() && (b'1'..=b'6').contains(&b[i + 1]) => (
                Some(match b[i + 1] {
                    b'1' => Tok::ZeroMonth,
                    b'2' => Tok::ZeroDay,
                    b'3' => Tok::ZeroHour12,
                    b'4' => Tok::ZeroMinute,
                    b'5' => Tok::ZeroSecond,
                    _ => Tok::Year,
                }),
                2,
            ),
            b'1' if starts(i, "15") => (Some(Tok::Hour), 2),
            b'1' => (Some(Tok::NumMonth), 1),
            b'2' if starts(i, "2006") => (Some(Tok::LongYear), 4),
            b'2' => (Some(Tok::Day), 1),
            b'_' if starts(i, "_2") && !starts(i, "_2006") => (Some(Tok::UnderDay), 2),
            b'_' if starts(i, "__2") => (Some(Tok::YearDay), 3),
            b'3' => (Some(Tok::Hour12), 1),
            b'4' => (Some(Tok::Minute), 1),
            b'5' => (Some(Tok::Second), 1),
            b'P' if starts(i, "PM") => (Some(Tok::PM), 2),
            b'p' if starts(i, "pm") => (Some(Tok::Pm), 2),
            b'-' | b'Z' => {
                let z = b[i] == b'Z';
                let rest = &layout[i + 1..];
                if rest.starts_with("07:00:00") {
                    (
                        Some(Tok::Zone {
                            z,
                            colon: true,
                            secs: true,
                            hours_only: false,
                        }),
                        9,
                    )
                } else if rest.starts_with("070000") {
                    (
                        Some(Tok::Zone {
                            z,
                            colon: false,
                            secs: true,
                            hours_only: false,
                        }),
                        7,
                    )
                } else if rest.starts_with("07:00") {
                    (
                        Some(Tok::Zone {
                            z,
                            colon: true,
                            secs: false,
                            hours_only: false,
                        }),
                        6,
                    )
                } else if rest.starts_with("0700") {
                    (
                        Some(Tok::Zone {
                            z,
                            colon: false,
                            secs: false,
                            hours_only: false,
                        }),
                        5,
                    )
                } else if rest.starts_with("07") {
                    (
                        Some(Tok::Zone {
                            z,
                            colon: false,
                            secs: false,
                            hours_only: true,
                        }),
                        3,
                    )
                } else {
                    (None, 1)
                }
            }
            c @ (b'.' | b',') if i + 1 < b.len() && (b[i + 1] == b'0' || b[i + 1] == b'9') => {
                let d = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == d {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    (None, 1)
                } else {
                    (
                        Some(Tok::Frac {
                            digits: j - i - 1,
                            trim: d == b'9',
                            sep: c as char,
                        }),
                        j - i,
                    )
                }
            }
            _ => (None, 1),
        };
        match tok {
            Some(t) => {
                if !lit.is_empty() {
                    out.push(Tok::Lit(std::mem::take(&mut lit)));
                }
                out.push(t);
                i += len;
            }
            None => {
                let ch = layout[i..].chars().next().unwrap_or(' ');
                lit.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    if !lit.is_empty() {
        out.push(Tok::Lit(lit));
    }
    out
}

fn abbreviation(t: &Zoned) -> String {
    let tz = t.time_zone();
    if tz == &TimeZone::UTC {
        return "UTC".into();
    }
    let info = tz.to_offset_info(t.timestamp());
    let abbr = info.abbreviation().to_string();
    // Go names a fixed zone from a parsed offset by the offset itself.
    if tz.iana_name().is_none() || abbr.is_empty() || abbr.starts_with(['+', '-']) {
        offset_text(info.offset().seconds(), false, false, false)
    } else {
        abbr
    }
}

fn offset_text(secs: i32, colon: bool, with_secs: bool, hours_only: bool) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    let sep = if colon { ":" } else { "" };
    let mut out = format!("{sign}{h:02}");
    if !hours_only {
        out.push_str(&format!("{sep}{m:02}"));
    }
    if with_secs {
        out.push_str(&format!("{sep}{s:02}"));
    }
    out
}

/// Go's `Time.Format(layout)`.
pub(crate) fn format_layout(layout: &str, t: &Zoned) -> String {
    let mut out = String::new();
    let hour12 = |h: i8| if h % 12 == 0 { 12 } else { h % 12 };
    for tok in tokenize(layout) {
        match tok {
            Tok::Lit(l) => out.push_str(&l),
            Tok::LongMonth => out.push_str(MONTHS[t.month() as usize - 1]),
            Tok::Month => out.push_str(&MONTHS[t.month() as usize - 1][..3]),
            Tok::NumMonth => out.push_str(&t.month().to_string()),
            Tok::ZeroMonth => out.push_str(&format!("{:02}", t.month())),
            Tok::LongWeekDay => out.push_str(DAYS[t.weekday().to_monday_zero_offset() as usize]),
            Tok::WeekDay => out.push_str(&DAYS[t.weekday().to_monday_zero_offset() as usize][..3]),
            Tok::Day => out.push_str(&t.day().to_string()),
            Tok::UnderDay => out.push_str(&format!("{:>2}", t.day())),
            Tok::ZeroDay => out.push_str(&format!("{:02}", t.day())),
            Tok::YearDay => out.push_str(&format!("{:>3}", t.day_of_year())),
            Tok::ZeroYearDay => out.push_str(&format!("{:03}", t.day_of_year())),
            Tok::Hour => out.push_str(&format!("{:02}", t.hour())),
            Tok::Hour12 => out.push_str(&hour12(t.hour()).to_string()),
            Tok::ZeroHour12 => out.push_str(&format!("{:02}", hour12(t.hour()))),
            Tok::Minute => out.push_str(&t.minute().to_string()),
            Tok::ZeroMinute => out.push_str(&format!("{:02}", t.minute())),
            Tok::Second => out.push_str(&t.second().to_string()),
            Tok::ZeroSecond => out.push_str(&format!("{:02}", t.second())),
            Tok::LongYear => out.push_str(&format!("{:04}", t.year())),
            Tok::Year => out.push_str(&format!("{:02}", t.year().rem_euclid(100))),
            Tok::PM => out.push_str(if t.hour() >= 12 { "PM" } else { "AM" }),
            Tok::Pm => out.push_str(if t.hour() >= 12 { "pm" } else { "am" }),
            Tok::TZ => out.push_str(&abbreviation(t)),
            Tok::Zone {
                z,
                colon,
                secs,
                hours_only,
            } => {
                let off = t.offset().seconds();
                if z && off == 0 {
                    out.push('Z');
                } else {
                    out.push_str(&offset_text(off, colon, secs, hours_only));
                }
            }
            Tok::Frac { digits, trim, sep } => {
                let nanos = format!("{:09}", t.subsec_nanosecond());
                let mut frac = nanos[..digits.min(9)].to_string();
                if trim {
                    frac = frac.trim_end_matches('0').to_string();
                    if frac.is_empty() {
                        continue;
                    }
                }
                out.push(sep);
                out.push_str(&frac);
            }
        }
    }
    out
}
