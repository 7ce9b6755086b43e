//! `toToml`: TOML as BurntSushi/toml's encoder writes a `map[string]interface{}`:
//! plain keys first, then tables (indented two spaces per level), then arrays of
//! tables.

use crate::engine::value::Value;

use super::number::format_g;

fn bare(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn quote_key(key: &str) -> String {
    if bare(key) {
        key.to_string()
    } else {
        quote(key)
    }
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_table_array(v: &Value) -> bool {
    matches!(v, Value::List(items) if !items.is_empty() && items.iter().all(is_table))
}

fn inline(v: &Value) -> Result<String, String> {
    Ok(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Float(f) => {
            if f.is_nan() {
                "nan".into()
            } else if f.is_infinite() {
                if *f > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                }
            } else {
                let s = format_g(*f);
                if s.contains(['.', 'e']) {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        }
        Value::String(s) => quote(s),
        Value::Bytes(b) => quote(&crate::engine::value::go_lossy(b)),
        Value::List(items) => {
            if items.iter().any(|i| matches!(i, Value::Nil)) {
                return Err("toml: cannot encode array with nil element".into());
            }
            let parts = items.iter().map(inline).collect::<Result<Vec<_>, _>>()?;
            format!("[{}]", parts.join(", "))
        }
        Value::Map(m) => {
            let parts = m
                .borrow()
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Nil))
                .map(|(k, v)| Ok(format!("{} = {}", quote_key(k), inline(v)?)))
                .collect::<Result<Vec<_>, String>>()?;
            format!("{{{}}}", parts.join(", "))
        }
        Value::Nil => return Err("toml: cannot encode a nil value".into()),
    })
}

fn table(out: &mut String, path: &[String], v: &Value) -> Result<(), String> {
    let Value::Map(m) = v else { return Ok(()) };
    let indent = "  ".repeat(path.len());
    for (k, item) in m.borrow().iter() {
        if matches!(item, Value::Nil) || is_table(item) || is_table_array(item) {
            continue;
        }
        out.push_str(&format!("{indent}{} = {}\n", quote_key(k), inline(item)?));
    }
    for (k, item) in m.borrow().iter() {
        let mut sub = path.to_vec();
        sub.push(quote_key(k));
        let sub_indent = "  ".repeat(sub.len() - 1);
        if is_table(item) {
            // A blank line separates top-level tables only.
            if sub.len() == 1 && !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{sub_indent}[{}]\n", sub.join(".")));
            table(out, &sub, item)?;
        } else if let Value::List(items) = item
            && is_table_array(item)
        {
            for t in items.iter() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!("{sub_indent}[[{}]]\n", sub.join(".")));
                table(out, &sub, t)?;
            }
        }
    }
    Ok(())
}

/// Encode `v` (a map) as TOML.
///
/// # Errors
/// The encoder's message when `v` is not a map or holds something TOML lacks.
pub fn to_toml(v: &Value) -> Result<String, String> {
    match v {
        Value::Map(_) => {
            let mut out = String::new();
            table(&mut out, &[], v)?;
            Ok(out)
        }
        // BurntSushi/toml refuses an array of tables at the top, and writes
        // any other value inline.
        Value::List(items)
            if is_table_array(v) && !items.iter().any(|i| matches!(i, Value::Nil)) =>
        {
            Err("toml: top-level values must be Go maps or structs".into())
        }
        other => inline(other),
    }
}
