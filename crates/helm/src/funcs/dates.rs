//! Sprig's date functions with Go's reference-time layouts (`2006-01-02T15:04:05Z07:00`).
//!
//! Templates have no time type here: a time travels as the text Go's
//! `time.Time.String()` prints (`2024-01-02 15:04:05.123 +0000 UTC`), which these
//! functions read back; other values stand for "now" as in Sprig.

use super::FuncMap;
use crate::engine::value::Value;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use super::{add, arity, fail, s, str_arg, to_int64};

mod duration;
mod layout;
mod parse;

pub(crate) use duration::{format_duration, parse_duration};
pub(crate) use layout::format_layout;
pub(crate) use parse::parse_layout;

/// Go's `time.Time.String()` layout.
const GO_STRING: &str = "2006-01-02 15:04:05.999999999 -0700 MST";

/// The time a template value stands for (Sprig's `dateInZone` rules).
fn time_of(v: &Value) -> Zoned {
    match v {
        Value::Int(secs) => Timestamp::from_second(*secs)
            .unwrap_or_else(|_| Timestamp::now())
            .to_zoned(local()),
        Value::String(text) => parse_layout(GO_STRING, text, &local()).unwrap_or_else(|_| now()),
        _ => now(),
    }
}

/// A `time.Time` parameter given nil: Go refuses the call.
fn need_time(i: usize, v: &Value) -> gotmpl::Result<()> {
    match v {
        Value::Nil => Err(super::wrong_type(i, "time.Time", v)),
        _ => Ok(()),
    }
}

fn local() -> TimeZone {
    TimeZone::system()
}

fn now() -> Zoned {
    Zoned::now().with_time_zone(local())
}

fn zone(name: &str) -> TimeZone {
    match name {
        "Local" => local(),
        "UTC" | "" => TimeZone::UTC,
        other => TimeZone::get(other).unwrap_or(TimeZone::UTC),
    }
}

/// A time as a template value.
fn time_value(t: &Zoned) -> Value {
    s(format_layout(GO_STRING, t))
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "now", |n, a| {
        arity(n, a, 0)?;
        Ok(time_value(&now()))
    });
    add(m, "date", |n, a| {
        arity(n, a, 2)?;
        Ok(s(format_layout(
            str_arg(n, a, 0)?,
            &time_of(&a[1]).with_time_zone(local()),
        )))
    });
    add(m, "dateInZone", |n, a| {
        arity(n, a, 3)?;
        let (layout, tz) = (str_arg(n, a, 0)?, zone(str_arg(n, a, 2)?));
        Ok(s(format_layout(layout, &time_of(&a[1]).with_time_zone(tz))))
    });
    add(m, "htmlDate", |n, a| {
        arity(n, a, 1)?;
        Ok(s(format_layout(
            "2006-01-02",
            &time_of(&a[0]).with_time_zone(local()),
        )))
    });
    add(m, "htmlDateInZone", |n, a| {
        arity(n, a, 2)?;
        let tz = zone(str_arg(n, a, 1)?);
        Ok(s(format_layout(
            "2006-01-02",
            &time_of(&a[0]).with_time_zone(tz),
        )))
    });
    for (name, must) in [("toDate", false), ("mustToDate", true)] {
        add(m, name, move |n, a| {
            arity(n, a, 2)?;
            match parse_layout(str_arg(n, a, 0)?, str_arg(n, a, 1)?, &local()) {
                Ok(t) => Ok(time_value(&t)),
                Err(e) if must => Err(fail(n, e)),
                // Go's zero time.
                Err(_) => Ok(s("0001-01-01 00:00:00 +0000 UTC")),
            }
        });
    }
    for (name, must) in [("dateModify", false), ("mustDateModify", true)] {
        add(m, name, move |n, a| {
            arity(n, a, 2)?;
            need_time(1, &a[1])?;
            let t = time_of(&a[1]);
            match parse_duration(str_arg(n, a, 0)?) {
                Ok(nanos) => Ok(time_value(
                    &t.saturating_add(jiff::SignedDuration::from_nanos(nanos as i64)),
                )),
                Err(e) if must => Err(fail(n, e)),
                Err(_) => Ok(time_value(&t)),
            }
        });
    }
    add(m, "unixEpoch", |n, a| {
        arity(n, a, 1)?;
        need_time(0, &a[0])?;
        Ok(s(time_of(&a[0]).timestamp().as_second().to_string()))
    });
    add(m, "ago", |n, a| {
        arity(n, a, 1)?;
        let since = Timestamp::now().as_nanosecond() - time_of(&a[0]).timestamp().as_nanosecond();
        let rounded = (since + since.signum() * 500_000_000) / 1_000_000_000 * 1_000_000_000;
        Ok(s(format_duration(rounded)))
    });
    add(m, "duration", |n, a| {
        arity(n, a, 1)?;
        let secs = match &a[0] {
            Value::String(t) => t.parse::<i64>().unwrap_or(0),
            _ => 0,
        };
        Ok(s(format_duration(i128::from(secs) * 1_000_000_000)))
    });
    add(m, "durationRound", |n, a| {
        arity(n, a, 1)?;
        let nanos: i128 = match &a[0] {
            Value::String(t) => parse_duration(t).unwrap_or(0),
            _ => 0,
        };
        let u = nanos.unsigned_abs();
        let second = 1_000_000_000u128;
        let units = [
            (second * 3600 * 24 * 365, "y"),
            (second * 3600 * 24 * 30, "mo"),
            (second * 3600 * 24, "d"),
            (second * 3600, "h"),
            (second * 60, "m"),
            (second, "s"),
        ];
        let out = units
            .iter()
            .find(|(size, _)| u > *size)
            .map_or("0s".to_string(), |(size, unit)| {
                format!("{}{unit}", u / size)
            });
        Ok(s(out))
    });
    let _ = to_int64;
}
