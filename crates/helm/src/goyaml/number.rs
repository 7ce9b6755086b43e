//! Go's number formatting (`strconv.FormatFloat` with the shortest precision, `%v`,
//! and `encoding/json`'s float rules), which Rust's `Display` does not follow.

/// The shortest decimal digits of `f` (no sign, no leading zeros) and the position
/// of the decimal point relative to them, as Go's `strconv` computes them.
fn shortest_digits(f: f64) -> (String, i32) {
    // Rust's `{:e}` prints the shortest round-tripping digits, like Go's
    // Ryu-based shortest mode: "1.2345e6".
    digits_of(&format!("{:e}", f.abs()))
}

/// [`shortest_digits`] of a float32: the digits that round-trip at 32 bits.
fn shortest_digits32(f: f32) -> (String, i32) {
    digits_of(&format!("{:e}", f.abs()))
}

fn digits_of(s: &str) -> (String, i32) {
    let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    (digits, exp + 1)
}

fn sign(f: f64) -> &'static str {
    if f.is_sign_negative() { "-" } else { "" }
}

fn format_e(f: f64, digits: &str, dp: i32) -> String {
    let mut out = String::from(sign(f));
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    let exp = dp - 1;
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

fn format_f(f: f64, digits: &str, dp: i32) -> String {
    let mut out = String::from(sign(f));
    if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let dp = dp as usize;
        if digits.len() <= dp {
            out.push_str(digits);
            for _ in digits.len()..dp {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..dp]);
            out.push('.');
            out.push_str(&digits[dp..]);
        }
    }
    out
}

/// `f` as an integer when it is a whole number of magnitude below `limit`
/// (at most 2^53), other than zero (whose sign Go prints).
fn whole(f: f64, limit: f64) -> Option<i64> {
    (f != 0.0 && f.abs() < limit && f.fract() == 0.0).then_some(f as i64)
}

fn special(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("NaN")
    } else if f == f64::INFINITY {
        Some("+Inf")
    } else if f == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`, which is also what `%v` prints:
/// `1e+06`, `123456`, `1.5`, `1e-05`.
pub fn format_g(f: f64) -> String {
    // Values files make every number a float64: most are small whole numbers,
    // which print as integers without the shortest-digits search.
    if let Some(i) = whole(f, 1e6) {
        return i.to_string();
    }
    if let Some(s) = special(f) {
        return s.to_string();
    }
    if f == 0.0 {
        return format!("{}0", sign(f));
    }
    let (digits, dp) = shortest_digits(f);
    g_layout(f, &digits, dp)
}

/// `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that identify
/// `f` as a float32 (`0.1`, not `0.10000000149011612`), as sigs.k8s.io/yaml
/// turns float map keys and floats bound for string fields into text.
pub fn format_g32(f: f64) -> String {
    if let Some(s) = special(f) {
        return s.to_string();
    }
    if f == 0.0 {
        return format!("{}0", sign(f));
    }
    // Narrowing is the point: Go formats the float32 nearest to `f`.
    let narrow = f as f32;
    let (digits, dp) = shortest_digits32(narrow);
    g_layout(f, &digits, dp)
}

/// The `%e`/`%f` choice of Go's shortest `'g'` format.
fn g_layout(f: f64, digits: &str, dp: i32) -> String {
    let exp = dp - 1;
    if !(-4..6).contains(&exp) {
        format_e(f, digits, dp)
    } else {
        format_f(f, digits, dp)
    }
}

/// `strconv.FormatFloat(f, 'f', -1, 64)`: shortest digits, never an exponent.
pub fn format_f_shortest(f: f64) -> String {
    if let Some(s) = special(f) {
        return s.to_string();
    }
    if f == 0.0 {
        return format!("{}0", sign(f));
    }
    let (digits, dp) = shortest_digits(f);
    format_f(f, &digits, dp)
}

/// How `encoding/json` writes a float64; `None` for NaN and infinities, which it
/// refuses to encode.
pub fn format_json(f: f64) -> Option<String> {
    // Whole numbers below 2^53 are exact, and Go writes them without exponent.
    if let Some(i) = whole(f, 9_007_199_254_740_992.0) {
        return Some(i.to_string());
    }
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let (digits, dp) = shortest_digits(f);
        let mut s = format_e(f, &digits, dp);
        // Go trims a single leading zero of a negative exponent: e-07 -> e-7.
        let n = s.len();
        if n >= 4 && &s[n - 4..n - 1] == "e-0" {
            s.remove(n - 2);
        }
        return Some(s);
    }
    Some(format_f_shortest(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go_g() {
        assert_eq!(format_g(1e6), "1e+06");
        assert_eq!(format_g(123456.0), "123456");
        assert_eq!(format_g(1234567.0), "1.234567e+06");
        assert_eq!(format_g(1.5), "1.5");
        assert_eq!(format_g(0.0001), "0.0001");
        assert_eq!(format_g(0.00001), "1e-05");
        assert_eq!(format_g(-2.0), "-2");
        assert_eq!(format_g(1e21), "1e+21");
        assert_eq!(format_g(123456789.5), "1.234567895e+08");
        assert_eq!(format_g(f64::INFINITY), "+Inf");
    }

    #[test]
    fn formats_like_go_g_at_32_bits() {
        assert_eq!(format_g32(0.1), "0.1");
        assert_eq!(format_g32(1.0), "1");
        assert_eq!(format_g32(1.23456789), "1.2345679");
        assert_eq!(format_g32(1e10), "1e+10");
        assert_eq!(format_g32(-2.5), "-2.5");
        assert_eq!(format_g32(123456789.0), "1.2345679e+08");
        assert_eq!(format_g32(f64::NEG_INFINITY), "-Inf");
    }

    #[test]
    fn whole_numbers_format_like_the_shortest_digits() {
        let mut samples = vec![
            1.0,
            999_999.0,
            1e6,
            123_456_789.0,
            1e15,
            1e20,
            9.007_199_254_740_991e15,
        ];
        samples.extend((1..2000).map(f64::from));
        samples.extend((0..53).map(|e| 2f64.powi(e)));
        samples.extend((0..53).map(|e| 2f64.powi(e) - 1.0));
        for f in samples.into_iter().flat_map(|f| [f, -f]) {
            let (digits, dp) = shortest_digits(f);
            assert_eq!(format_g(f), g_layout(f, &digits, dp), "{f}");
            if f.abs() < 1e21 {
                assert_eq!(format_json(f), Some(format_f(f, &digits, dp)), "{f}");
            }
        }
        assert_eq!(format_g(-0.0), "-0");
        assert_eq!(format_json(-0.0).as_deref(), Some("-0"));
        assert_eq!(format_json(0.0).as_deref(), Some("0"));
    }

    #[test]
    fn formats_like_go_json() {
        assert_eq!(format_json(1e6).as_deref(), Some("1000000"));
        assert_eq!(format_json(1e21).as_deref(), Some("1e+21"));
        assert_eq!(format_json(1e-7).as_deref(), Some("1e-7"));
        assert_eq!(format_json(0.000001).as_deref(), Some("0.000001"));
        assert_eq!(format_json(1.25).as_deref(), Some("1.25"));
        assert_eq!(format_json(-0.5).as_deref(), Some("-0.5"));
        assert_eq!(format_json(f64::NAN), None);
    }
}
