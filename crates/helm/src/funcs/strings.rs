//! Sprig's string functions: case, trimming, slicing by bytes like Go, quoting,
//! indentation, wrapping and splitting.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::FuncMap;
use crate::engine::value::Value;
use rand::Rng;
use rand::seq::SliceRandom;

mod case;
mod text;
pub(crate) use text::{go_is_print, go_quote, go_quote_bytes_into, go_quote_rune};

use text::{abbreviate, bytes, go_quote_into, swapcase, title, untitle, wrap_custom};

use super::{add, arity, fail, int_arg, list, map, s, str_arg, strval};

/// One string argument in, one string out.
fn unary(m: &mut FuncMap, name: &str, f: fn(&str) -> String) {
    add(m, name, move |n, a| {
        arity(n, a, 1)?;
        Ok(s(f(str_arg(n, a, 0)?)))
    });
}

/// Two string arguments in (Sprig's order), one string out.
fn binary(m: &mut FuncMap, name: &str, f: fn(&str, &str) -> String) {
    add(m, name, move |n, a| {
        arity(n, a, 2)?;
        Ok(s(f(str_arg(n, a, 0)?, str_arg(n, a, 1)?)))
    });
}

pub(super) fn register(m: &mut FuncMap) {
    add(m, "hello", |n, a| {
        arity(n, a, 0)?;
        Ok(s("Hello!"))
    });
    unary(m, "upper", str::to_uppercase);
    unary(m, "lower", str::to_lowercase);
    add(m, "trim", |n, a| {
        arity(n, a, 1)?;
        Ok(same_or(
            &a[0],
            str_arg(n, a, 0)?.trim_matches(char::is_whitespace),
        ))
    });
    unary(m, "title", title);
    unary(m, "untitle", untitle);
    unary(m, "nospace", |x| {
        x.chars().filter(|c| !c.is_whitespace()).collect()
    });
    unary(m, "initials", case::initials);
    unary(m, "swapcase", swapcase);
    unary(m, "snakecase", |x| case::delimited(x, '_'));
    unary(m, "kebabcase", |x| case::delimited(x, '-'));
    unary(m, "camelcase", case::camel);
    unary(m, "shuffle", |x| {
        let mut chars: Vec<char> = x.chars().collect();
        chars.shuffle(&mut rand::rng());
        chars.into_iter().collect()
    });
    binary(m, "trimAll", |cut, x| {
        x.trim_matches(|c| cut.contains(c)).to_string()
    });
    binary(m, "trimall", |cut, x| {
        x.trim_matches(|c| cut.contains(c)).to_string()
    });
    add(m, "trimSuffix", |n, a| {
        arity(n, a, 2)?;
        let (suffix, text) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(same_or(&a[1], text.strip_suffix(suffix).unwrap_or(text)))
    });
    add(m, "trimPrefix", |n, a| {
        arity(n, a, 2)?;
        let (prefix, text) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(same_or(&a[1], text.strip_prefix(prefix).unwrap_or(text)))
    });
    add(m, "contains", |n, a| {
        arity(n, a, 2)?;
        let (needle, text) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(Value::Bool(text.contains(needle)))
    });
    add(m, "hasPrefix", |n, a| {
        arity(n, a, 2)?;
        let (prefix, text) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(Value::Bool(text.starts_with(prefix)))
    });
    add(m, "hasSuffix", |n, a| {
        arity(n, a, 2)?;
        let (suffix, text) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(Value::Bool(text.ends_with(suffix)))
    });
    add(m, "replace", |n, a| {
        arity(n, a, 3)?;
        let (old, new, src) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?, str_arg(n, a, 2)?);
        if !src.contains(old) {
            return Ok(a[2].clone());
        }
        Ok(s(src.replace(old, new)))
    });
    add(m, "repeat", |n, a| {
        arity(n, a, 2)?;
        let count = int_arg(n, a, 0)?;
        let text = str_arg(n, a, 1)?;
        if count < 0 {
            return Err(fail(n, "strings: negative Repeat count"));
        }
        if !text.is_empty() && text.len() as u128 > i64::MAX as u128 / count as u128 {
            return Err(fail(n, "strings: Repeat output length overflow"));
        }
        super::generated_size(n, text.len() as u128 * count as u128)?;
        Ok(s(text.repeat(count as usize)))
    });
    add(m, "trunc", |n, a| {
        arity(n, a, 2)?;
        let c = int_arg(n, a, 0)?;
        let text = str_arg(n, a, 1)?;
        let len = text.len() as i64;
        Ok(s(if c < 0 && len + c > 0 {
            bytes(text, (len + c) as usize, text.len())
        } else if c >= 0 && len > c {
            bytes(text, 0, c as usize)
        } else {
            text.to_string()
        }))
    });
    add(m, "substr", |n, a| {
        arity(n, a, 3)?;
        let (start, end) = (int_arg(n, a, 0)?, int_arg(n, a, 1)?);
        let text = str_arg(n, a, 2)?;
        let len = text.len() as i64;
        let (from, to) = if start < 0 {
            (0, end)
        } else if end < 0 || end > len {
            (start, len)
        } else {
            (start, end)
        };
        let bad = |msg: String| {
            Err(fail(
                n,
                format!("runtime error: slice bounds out of range {msg}"),
            ))
        };
        if to < 0 {
            return bad(format!("[:{to}]"));
        }
        if to > len {
            return bad(format!("[:{to}] with length {len}"));
        }
        if from > to {
            return bad(format!("[{from}:{to}]"));
        }
        Ok(s(bytes(text, from as usize, to as usize)))
    });
    add(m, "abbrev", |n, a| {
        arity(n, a, 2)?;
        let width = int_arg(n, a, 0)?;
        let text = str_arg(n, a, 1)?;
        Ok(s(if width < 4 {
            text.to_string()
        } else {
            abbreviate(text, 0, width as usize)
        }))
    });
    add(m, "abbrevboth", |n, a| {
        arity(n, a, 3)?;
        let (left, right) = (int_arg(n, a, 0)?, int_arg(n, a, 1)?);
        let text = str_arg(n, a, 2)?;
        Ok(s(if right < 4 || (left > 0 && right < 7) {
            text.to_string()
        } else {
            abbreviate(text, left.max(0) as usize, right as usize)
        }))
    });
    for (name, set) in [
        (
            "randAlphaNum",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        ),
        (
            "randAlpha",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        ),
        ("randNumeric", "0123456789"),
        ("randAscii", ""),
    ] {
        add(m, name, move |n, a| {
            arity(n, a, 1)?;
            let count = int_arg(n, a, 0)?;
            if count < 0 {
                return Err(fail(
                    n,
                    format!("Requested random string length {count} is less than 0."),
                ));
            }
            super::generated_size(n, count as u128)?;
            let mut rng = rand::rng();
            let chars: Vec<char> = if set.is_empty() {
                (' '..='~').collect()
            } else {
                set.chars().collect()
            };
            Ok(s((0..count)
                .map(|_| chars[rng.random_range(0..chars.len())])
                .collect::<String>()))
        });
    }
    add(m, "wrap", |n, a| {
        arity(n, a, 2)?;
        let (width, text) = (int_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(s(wrap_custom(text, width, "\n", false)))
    });
    add(m, "wrapWith", |n, a| {
        arity(n, a, 3)?;
        let (width, with, text) = (int_arg(n, a, 0)?, str_arg(n, a, 1)?, str_arg(n, a, 2)?);
        Ok(s(wrap_custom(text, width, with, true)))
    });
    add(m, "quote", |_, a| {
        let mut out = String::new();
        for v in a.iter().filter(|v| !matches!(v, Value::Nil)) {
            if !out.is_empty() {
                out.push(' ');
            }
            match v {
                Value::String(text) => go_quote_into(&mut out, text),
                Value::Bytes(bytes) => go_quote_bytes_into(&mut out, bytes),
                other => go_quote_into(&mut out, &strval(other)),
            }
        }
        Ok(s(out))
    });
    add(m, "squote", |_, a| {
        let parts: Vec<String> = a
            .iter()
            .filter(|v| !matches!(v, Value::Nil))
            .map(|v| format!("'{}'", strval(v)))
            .collect();
        Ok(s(parts.join(" ")))
    });
    add(m, "cat", |_, a| {
        let parts: Vec<String> = a
            .iter()
            .filter(|v| !matches!(v, Value::Nil))
            .map(super::fmt_v)
            .collect();
        Ok(s(parts.join(" ")))
    });
    add(m, "indent", |n, a| {
        arity(n, a, 2)?;
        Ok(s(indent(n, int_arg(n, a, 0)?, str_arg(n, a, 1)?, "")?))
    });
    add(m, "nindent", |n, a| {
        arity(n, a, 2)?;
        Ok(s(indent(n, int_arg(n, a, 0)?, str_arg(n, a, 1)?, "\n")?))
    });
    add(m, "plural", |n, a| {
        arity(n, a, 3)?;
        let (one, many) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(s(if int_arg(n, a, 2)? == 1 { one } else { many }))
    });
    add(m, "toString", |n, a| {
        arity(n, a, 1)?;
        Ok(match &a[0] {
            Value::String(_) | Value::Bytes(_) => a[0].clone(),
            other => s(strval(other)),
        })
    });
    add(m, "split", |n, a| {
        arity(n, a, 2)?;
        let (sep, orig) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(indexed(go_split(orig, sep, -1)))
    });
    add(m, "splitn", |n, a| {
        arity(n, a, 3)?;
        let (sep, count, orig) = (str_arg(n, a, 0)?, int_arg(n, a, 1)?, str_arg(n, a, 2)?);
        Ok(indexed(go_split(orig, sep, count)))
    });
    add(m, "splitList", |n, a| {
        arity(n, a, 2)?;
        let (sep, orig) = (str_arg(n, a, 0)?, str_arg(n, a, 1)?);
        Ok(list(go_split(orig, sep, -1).into_iter().map(s).collect()))
    });
    add(m, "toStrings", |n, a| {
        arity(n, a, 1)?;
        Ok(list(strslice(&a[0]).into_iter().map(s).collect()))
    });
    add(m, "join", |n, a| {
        arity(n, a, 2)?;
        let sep = str_arg(n, a, 0)?;
        Ok(s(strslice(&a[1]).join(sep)))
    });
    add(m, "sortAlpha", |n, a| {
        arity(n, a, 1)?;
        let mut items = match &a[0] {
            Value::List(_) => strslice(&a[0]),
            other => vec![strval(other)],
        };
        items.sort();
        Ok(list(items.into_iter().map(s).collect()))
    });
}

/// `strings.Split` / `strings.SplitN` (an empty separator splits into characters).
pub(crate) fn go_split(orig: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let chars: Vec<String> = orig.chars().map(String::from).collect();
        if n > 0 && chars.len() > n as usize {
            let head: Vec<String> = chars[..n as usize - 1].to_vec();
            let tail: String = chars[n as usize - 1..].concat();
            return head.into_iter().chain(std::iter::once(tail)).collect();
        }
        return chars;
    }
    if n < 0 {
        orig.split(sep).map(String::from).collect()
    } else {
        orig.splitn(n as usize, sep).map(String::from).collect()
    }
}

fn indexed(parts: Vec<String>) -> Value {
    let m: BTreeMap<Arc<str>, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (Arc::from(format!("_{i}")), s(p)))
        .collect();
    map(m)
}

/// Sprig's `strslice`: a list's items through `strval` (nils dropped), or the
/// value itself as a one-item list.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items
            .iter()
            .filter(|i| !matches!(i, Value::Nil))
            .map(strval)
            .collect(),
        Value::Nil => Vec::new(),
        other => vec![strval(other)],
    }
}

/// Sprig's `indent` after `lead` (`nindent` starts with a newline); a negative
/// width panics in Go's `strings.Repeat`. One pass into an exact allocation:
/// charts pipe large `toYaml` output through `nindent` everywhere.
fn indent(n: &str, spaces: i64, text: &str, lead: &str) -> gotmpl::Result<String> {
    if spaces < 0 {
        return Err(fail(n, "strings: negative Repeat count"));
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let size = spaces as u128 * lines as u128 + (lead.len() + text.len()) as u128;
    super::generated_size(n, size)?;
    let pad = spaces as usize;
    let size = size as usize;
    let mut out = String::with_capacity(size);
    out.push_str(lead);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        push_spaces(&mut out, pad);
        out.push_str(line);
    }
    Ok(out)
}

/// Append `count` spaces.
fn push_spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                ";
    let mut left = count;
    while left > 0 {
        let chunk = left.min(SPACES.len());
        out.push_str(&SPACES[..chunk]);
        left -= chunk;
    }
}

/// `text` as a value: `original` itself (sharing its bytes) when `text` is all of it.
fn same_or(original: &Value, text: &str) -> Value {
    match original {
        Value::String(o) if o.len() == text.len() => original.clone(),
        _ => s(text),
    }
}
