//! A YAML emitter that writes what `kustomize build` prints (its resources go
//! through JSON and go-yaml v2): keys sorted, 2-space indent, sequences not
//! indented under their key,
//! strings quoted only when they would read back as another type or break
//! the syntax, literal block scalars for multi-line strings.

mod keys;
pub(crate) mod scalar;

use serde_yaml::Value;

pub use scalar::needs_quotes;

/// A string scalar as it would be written after `key: ` at the top level.
pub fn scalar_text(s: &str) -> String {
    scalar::string(s, 2)
}

/// Renders documents as a YAML stream with `---` separators.
pub fn to_stream(docs: &[Value]) -> String {
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_string(d));
    }
    out
}

/// Renders one document.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Mapping(m) if !m.is_empty() => write_map(&mut out, m, 0),
        Value::Sequence(s) if !s.is_empty() => write_seq(&mut out, s, 0),
        other => {
            out.push_str(&inline(other, 0, 0));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// A value written after `key:` or `- ` on the same line (scalars, empty
/// collections); multi-line strings become block scalars at `indent`.
fn inline(v: &Value, indent: usize, col: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => scalar::number(n),
        Value::String(s) => scalar::string_at(s, indent, col),
        Value::Mapping(_) => "{}".into(),
        Value::Sequence(_) => "[]".into(),
        Value::Tagged(t) => format!("{} {}", t.tag, inline(&t.value, indent, col)),
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Mapping(m) => !m.is_empty(),
        Value::Sequence(s) => !s.is_empty(),
        _ => false,
    }
}

fn key_string(k: &Value) -> String {
    crate::yaml::scalar_string(k).unwrap_or_default()
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => scalar::key(s),
        other => inline(other, 0, 0),
    }
}

fn write_map(out: &mut String, m: &serde_yaml::Mapping, indent: usize) {
    // kustomize's output passes through JSON and go-yaml v2, which writes
    // map keys in its own "natural" order.
    let mut entries: Vec<(&Value, &Value)> = m.iter().collect();
    entries.sort_by(|a, b| keys::compare(&key_string(a.0), &key_string(b.0)));
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        let text = key_string(k);
        if needs_complex_key(&text) {
            // go-yaml v2 writes keys longer than 128 bytes or spanning lines
            // as `? key` / `: value`, each like a sequence item.
            out.push_str("? ");
            write_item(out, &Value::String(text), indent + 2);
            pad(out, indent);
            out.push_str(": ");
            write_item(out, v, indent + 2);
            continue;
        }
        let key = key_text(k);
        let col = indent + key.chars().count() + 2;
        out.push_str(&key);
        out.push(':');
        write_value_after_key(out, v, indent, col);
    }
}

/// go-yaml v2 writes a key in the simple `key: value` form only when it is
/// at most 128 bytes and on one line.
fn needs_complex_key(key: &str) -> bool {
    key.len() > 128 || key.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
}

fn write_value_after_key(out: &mut String, v: &Value, indent: usize, col: usize) {
    match v {
        Value::Mapping(m) if !m.is_empty() => {
            out.push('\n');
            pad(out, indent + 2);
            write_map(out, m, indent + 2);
        }
        Value::Sequence(s) if !s.is_empty() => {
            out.push('\n');
            pad(out, indent);
            write_seq(out, s, indent);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other, indent + 2, col));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, s: &[Value], indent: usize) {
    for (i, item) in s.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str("- ");
        write_item(out, item, indent + 2);
    }
}

/// A value written after `- ` (or `? `/`: `), its block content at `indent`.
fn write_item(out: &mut String, item: &Value, indent: usize) {
    match item {
        Value::Mapping(m) if is_block(item) => write_map(out, m, indent),
        Value::Sequence(inner) if is_block(item) => write_seq(out, inner, indent),
        other => {
            out.push_str(&inline(other, indent, indent));
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_kustomize_layout() {
        let v: Value = serde_yaml::from_str(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {}\ndata:\n  a: \"1\"\n  b: |\n    l1\n    l2\nlist:\n- name: a\n  v: [1, 2]\n- []\n",
        )
        .unwrap();
        let want = "apiVersion: v1\ndata:\n  a: \"1\"\n  b: |\n    l1\n    l2\nkind: ConfigMap\nlist:\n- name: a\n  v:\n  - 1\n  - 2\n- []\nmetadata:\n  labels: {}\n  name: x\n";
        assert_eq!(to_string(&v), want);
    }
}
