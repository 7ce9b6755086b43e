//! `encoding/json` output: map keys sorted byte-wise, Go's float format, and
//! `<`, `>`, `&`, U+2028, U+2029 escaped unless HTML escaping is off.

use crate::engine::value::Value;

use super::EncodeError;
use super::number::{format_g, format_json};

/// Which of Go's JSON encoders to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonStyle {
    /// `json.Marshal` (`toJson`).
    Compact,
    /// `json.MarshalIndent(v, "", "  ")` (`toPrettyJson`).
    Pretty,
    /// An encoder with `SetEscapeHTML(false)` (`toRawJson`).
    Raw,
}

/// `json.Marshal`.
///
/// # Errors
/// When the value holds NaN, an infinity or a function.
pub fn to_json(v: &Value) -> Result<String, EncodeError> {
    to_json_styled(v, JsonStyle::Compact)
}

/// JSON in one of Go's styles.
///
/// # Errors
/// When the value holds NaN, an infinity or a function.
pub fn to_json_styled(v: &Value, style: JsonStyle) -> Result<String, EncodeError> {
    let mut out = String::new();
    write(&mut out, v, style, 0)?;
    Ok(out)
}

fn newline(out: &mut String, style: JsonStyle, depth: usize) {
    if style == JsonStyle::Pretty {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

fn write(out: &mut String, v: &Value, style: JsonStyle, depth: usize) -> Result<(), EncodeError> {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Uint(u) => out.push_str(&u.to_string()),
        Value::Float(f) => out
            .push_str(&format_json(*f).ok_or_else(|| EncodeError::UnsupportedValue(format_g(*f)))?),
        Value::String(s) => write_string(out, s, style != JsonStyle::Raw),
        Value::Bytes(b) => write_bytes(out, b, style != JsonStyle::Raw),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, style, depth + 1);
                write(out, item, style, depth + 1)?;
            }
            if !items.is_empty() {
                newline(out, style, depth);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            // BTreeMap<Arc<str>> iterates byte-wise, which is Go's order.
            for (i, (k, item)) in m.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, style, depth + 1);
                write_string(out, k, style != JsonStyle::Raw);
                out.push(':');
                if style == JsonStyle::Pretty {
                    out.push(' ');
                }
                write(out, item, style, depth + 1)?;
            }
            if !m.is_empty() {
                newline(out, style, depth);
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Write `s` as a JSON string the way Go does.
pub fn write_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    string_body(out, s, escape_html);
    out.push('"');
}

/// A string that is not UTF-8 (a binary file's content) as encoding/json
/// writes it: each byte outside a valid sequence becomes `\ufffd`.
fn write_bytes(out: &mut String, bytes: &[u8], escape_html: bool) {
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        string_body(out, chunk.valid(), escape_html);
        for _ in chunk.invalid() {
            out.push_str("\\ufffd");
        }
    }
    out.push('"');
}

fn string_body(out: &mut String, s: &str, escape_html: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}
