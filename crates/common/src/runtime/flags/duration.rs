//! Durations written the way Go's `time.ParseDuration` reads them (`1m30s`, `750ms`,
//! `1.5h`), so every Flux flag value and manifest interval is accepted unchanged.

use std::time::Duration;

use super::FlagError;

/// Nanoseconds per unit, longest suffix first so `ms` wins over `m`.
const UNITS: &[(&str, u128)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Parses a Go duration string such as `1m30s` or `750ms`; negative values are refused.
pub fn parse_duration(input: &str) -> Result<Duration, FlagError> {
    let invalid = || FlagError::Duration(input.to_owned());
    let mut rest = input.strip_prefix('+').unwrap_or(input);
    if let Some(magnitude) = rest.strip_prefix('-') {
        return match parse_duration(magnitude) {
            Ok(d) if d.is_zero() => Ok(d),
            Ok(_) => Err(FlagError::NegativeDuration(input.to_owned())),
            Err(_) => Err(invalid()),
        };
    }
    if rest == "0" {
        return Ok(Duration::ZERO);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(invalid)?;
        let (number, tail) = rest.split_at(number_len);
        let (nanos, tail) = UNITS
            .iter()
            .filter(|(unit, _)| tail.starts_with(unit))
            .max_by_key(|(unit, _)| unit.len())
            .map(|&(unit, nanos)| (nanos, &tail[unit.len()..]))
            .ok_or_else(invalid)?;
        total = total
            .checked_add(scale(number, nanos).ok_or_else(invalid)?)
            .ok_or_else(invalid)?;
        rest = tail;
    }
    let secs = u64::try_from(total / 1_000_000_000).map_err(|_| invalid())?;
    // The remainder of a division by 1e9 always fits in u32.
    let nanos = u32::try_from(total % 1_000_000_000).map_err(|_| invalid())?;
    Ok(Duration::new(secs, nanos))
}

/// `number` (digits with an optional fraction) times `nanos`, or `None` if malformed.
fn scale(number: &str, nanos: u128) -> Option<u128> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut value = whole.checked_mul(nanos)?;
    let mut divisor: u128 = 1;
    for digit in fraction.chars().take(18) {
        divisor *= 10;
        let d = u128::from(digit.to_digit(10)?);
        value = value.checked_add(d * nanos / divisor)?;
    }
    Some(value)
}

/// Formats a duration the way Go's `Duration.String` does (`1m30s`, `750ms`, `15m0s`).
pub fn format_duration(duration: Duration) -> String {
    let nanos = duration.as_nanos();
    if nanos == 0 {
        return "0s".to_owned();
    }
    if nanos < 1_000_000_000 {
        let (unit, size) = match nanos {
            n if n < 1_000 => ("ns", 1u128),
            n if n < 1_000_000 => ("µs", 1_000),
            _ => ("ms", 1_000_000),
        };
        return format!("{}{unit}", decimal(nanos, size));
    }
    let hours = nanos / 3_600_000_000_000;
    let minutes = (nanos / 60_000_000_000) % 60;
    let seconds = decimal(nanos % 60_000_000_000, 1_000_000_000);
    match (hours, minutes) {
        (0, 0) => format!("{seconds}s"),
        (0, m) => format!("{m}m{seconds}s"),
        (h, m) => format!("{h}h{m}m{seconds}s"),
    }
}

/// `value / size` as a decimal without trailing zeros.
fn decimal(value: u128, size: u128) -> String {
    let whole = value / size;
    let fraction = value % size;
    if fraction == 0 {
        return whole.to_string();
    }
    let width = size.to_string().len() - 1;
    let digits = format!("{fraction:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_durations() {
        let cases = [
            ("0", Duration::ZERO),
            ("0s", Duration::ZERO),
            ("750ms", Duration::from_millis(750)),
            ("30s", Duration::from_secs(30)),
            ("1m30s", Duration::from_secs(90)),
            ("15m", Duration::from_secs(900)),
            ("1h", Duration::from_secs(3600)),
            ("1.5h", Duration::from_secs(5400)),
            ("2h45m0.5s", Duration::from_millis(9_900_500)),
            ("10us", Duration::from_micros(10)),
            ("10µs", Duration::from_micros(10)),
            ("3ns", Duration::from_nanos(3)),
            ("+5s", Duration::from_secs(5)),
            (".5s", Duration::from_millis(500)),
        ];
        for (input, want) in cases {
            assert_eq!(parse_duration(input).unwrap(), want, "{input}");
        }
    }

    #[test]
    fn refuses_malformed_and_negative_durations() {
        for input in ["", "5", "s", "1x", "1m30", "1..5s", "-5s", "abc", "."] {
            assert!(parse_duration(input).is_err(), "{input} should fail");
        }
    }

    #[test]
    fn formats_like_go() {
        let cases = [
            (Duration::ZERO, "0s"),
            (Duration::from_millis(750), "750ms"),
            (Duration::from_secs(60), "1m0s"),
            (Duration::from_secs(90), "1m30s"),
            (Duration::from_secs(900), "15m0s"),
            (Duration::from_secs(3600), "1h0m0s"),
            (Duration::from_millis(1500), "1.5s"),
        ];
        for (input, want) in cases {
            assert_eq!(format_duration(input), want);
            assert_eq!(parse_duration(want).unwrap(), input);
        }
    }
}
