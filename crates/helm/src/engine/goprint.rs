//! Go's `fmt` formatting of printed template values: floats in `%v` form
//! (shortest digits, exponent below 1e-4 and from 1e+06 on, `1e+06`), nested in
//! lists (`[1 2]`) and maps (`map[a:1]`) too.

use super::value::Value;

fn go_format(v: &Value, nested: bool) -> String {
    match v {
        Value::Float(f) => format_float(*f),
        Value::Nil if nested => "<nil>".into(),
        Value::List(l) => {
            let items: Vec<String> = l.iter().map(|i| go_format(i, true)).collect();
            format!("[{}]", items.join(" "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .borrow()
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_format(v, true)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        other => other.to_string(),
    }
}

/// Prints an action's value as Go's template engine does: nil as
/// `<no value>`, the rest with `fmt`'s `%v`.
pub(crate) fn print_value(out: &mut String, v: &Value) {
    match v {
        Value::Nil => out.push_str("<no value>"),
        Value::String(s) => out.push_str(s),
        Value::Int(n) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => out.push_str(&go_format(other, false)),
    }
}

/// Go's `fmt.Sprint`: operands formatted with `%v`, a space between two
/// operands when neither is a string.
pub(crate) fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = |v: &Value| matches!(v, Value::String(_));
        if i > 0 && !is_str(a) && !is_str(&args[i - 1]) {
            out.push(' ');
        }
        out.push_str(&operand(a));
    }
    out
}

/// Go's `fmt.Sprintln`: operands always separated by spaces, newline at the end.
pub(crate) fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(operand).collect();
    format!("{}\n", parts.join(" "))
}

fn operand(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        other => go_format(other, true),
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` as `fmt`'s `%v` uses it.
pub(crate) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `1.234567e6`.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..21).contains(&exp) && exp < 6 {
        return format!("{f}");
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

#[cfg(test)]
mod tests {
    use super::format_float;

    #[test]
    fn sprint_spaces_only_between_non_strings() {
        use super::{sprint, sprintln};
        use crate::engine::value::Value;
        let args = [
            Value::Float(1e6),
            Value::Int(2),
            Value::String("a".into()),
            Value::Int(3),
            Value::Nil,
        ];
        assert_eq!(sprint(&args), "1e+06 2a3 <nil>");
        assert_eq!(sprintln(&args), "1e+06 2 a 3 <nil>\n");
    }

    #[test]
    fn formats_like_go_percent_v() {
        assert_eq!(format_float(1e6), "1e+06");
        assert_eq!(format_float(100000.0), "100000");
        assert_eq!(format_float(1234567.0), "1.234567e+06");
        assert_eq!(format_float(0.0001), "0.0001");
        assert_eq!(format_float(0.00001), "1e-05");
        assert_eq!(format_float(1.5), "1.5");
        assert_eq!(format_float(-3.0), "-3");
        assert_eq!(format_float(1e21), "1e+21");
    }
}
