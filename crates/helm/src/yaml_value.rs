//! YAML into `serde_yaml::Value` (the heads of rendered manifests) through the crate's byte-level reader, where that gives the very
//! value serde_yaml would build; everything else is left to serde_yaml, which
//! then also owns every error message.
//!
//! serde_yaml resolves plain scalars by YAML 1.2's core schema (`true`,
//! `null`, `0x1F` and `1.5` resolve; `yes` and `0755` stay text), rejects
//! duplicate keys and refuses more than 128 nested collections. The reader's
//! tree is converted under those rules; where this module is unsure (128-bit
//! integers, deep nesting, aliases, tags) it answers `None`.

use memchr::memchr;
use serde_yaml::{Mapping, Number, Value};

use crate::goyaml::{Raw, fast_document};

/// A scalar bound for a Go `string` field, as sigs.k8s.io/yaml turns it into
/// text: integers in decimal, floats as float32 (`1.0` -> "1"), booleans as
/// `true`/`false`. `None` for anything else (null, collections, tags).
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if n.is_f64() => crate::goyaml::number::format_g32(f),
            _ => n.to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Deepest nesting converted here, below serde_yaml's limit of 128.
const MAX_DEPTH: usize = 100;

/// Maps with more keys than this are checked for duplicates by sorting.
const SMALL_MAP: usize = 16;

/// `serde_yaml::from_str::<Value>(text)` when the fast reader covers `text`
/// and the outcome is sure to be the same (`None` otherwise).
///
/// The text must end with a line break: serde_yaml drops the line break of
/// a block scalar ending the text without one, the fast reader keeps it.
#[cfg(test)]
pub(crate) fn from_str_fast(text: &str) -> Option<Value> {
    if !text.ends_with('\n') {
        return None;
    }
    to_value(&document(text)?, 0)
}

/// Like [`from_str_fast`] for a text with or without a final line break,
/// with a mapping at the top reduced to its entries under `keys` (words that
/// resolve to text): what a reader of a few fields needs, while the whole
/// text is still checked as serde_yaml would check it.
pub(crate) fn top_level_fast(text: &str, keys: &[&str]) -> Option<Value> {
    let raw = document(text)?;
    check(&raw, 0)?;
    let value = match &raw {
        Raw::Map(entries) => {
            let mut map = Mapping::new();
            for (k, v) in entries {
                if let Raw::Scalar {
                    value: key,
                    tag: None,
                    ..
                } = k
                    && keys.contains(&key.as_str())
                {
                    map.insert(Value::String(key.clone()), to_value(v, 1)?);
                }
            }
            Value::Mapping(map)
        }
        other => to_value(other, 0)?,
    };
    // Only a block scalar ending the text can end in a line break the fast
    // reader adds and serde_yaml does not.
    if !text.ends_with('\n') && ends_with_break(&value) {
        return None;
    }
    Some(value)
}

/// Whether any text in `v` ends with a line break.
fn ends_with_break(v: &Value) -> bool {
    match v {
        Value::String(s) => s.ends_with('\n'),
        Value::Sequence(items) => items.iter().any(ends_with_break),
        Value::Mapping(m) => m
            .iter()
            .any(|(k, v)| ends_with_break(k) || ends_with_break(v)),
        _ => false,
    }
}

/// The fast reader's tree of `text`'s only document, when it has one and
/// cannot hold an alias.
///
/// Aliases are refused because serde_yaml bounds how often they are
/// expanded; an alias needs an anchor (`&`) and a `*`.
pub(crate) fn document(text: &str) -> Option<Raw> {
    let bytes = text.as_bytes();
    if memchr(b'&', bytes).is_some() && memchr(b'*', bytes).is_some() {
        return None;
    }
    fast_document(text)
}

/// A node as serde_yaml's `Value`, `None` when unsure. `depth` counts the
/// collections around the node.
pub(crate) fn to_value(raw: &Raw, depth: usize) -> Option<Value> {
    Some(match raw {
        Raw::Scalar { value, plain, tag } => match scalar(value, *plain, tag.as_deref())? {
            Scalar::Str(s) => Value::String(s.to_string()),
            Scalar::Other(v) => v,
        },
        Raw::Seq(items) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            Value::Sequence(
                items
                    .iter()
                    .map(|i| to_value(i, depth + 1))
                    .collect::<Option<_>>()?,
            )
        }
        Raw::Map(entries) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            let mut map = Mapping::with_capacity(entries.len());
            for (k, v) in entries {
                let key = to_value(k, depth + 1)?;
                if map.contains_key(&key) {
                    return None;
                }
                map.insert(key, to_value(v, depth + 1)?);
            }
            Value::Mapping(map)
        }
    })
}

/// Whether serde_yaml would turn the tree into a `Value` without error and
/// this module can tell so: the checks of [`to_value`] without building.
pub(crate) fn check(raw: &Raw, depth: usize) -> Option<()> {
    match raw {
        Raw::Scalar { value, plain, tag } => scalar(value, *plain, tag.as_deref()).map(|_| ()),
        Raw::Seq(items) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            items.iter().try_for_each(|i| check(i, depth + 1))
        }
        Raw::Map(entries) => {
            if depth >= MAX_DEPTH {
                return None;
            }
            let mut keys = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let Raw::Scalar { value, plain, tag } = k else {
                    return None;
                };
                keys.push(scalar(value, *plain, tag.as_deref())?);
                check(v, depth + 1)?;
            }
            unique(keys)
        }
    }
}

/// `Some` when no two keys are equal as serde_yaml compares them.
fn unique(mut keys: Vec<Scalar<'_>>) -> Option<()> {
    if keys.len() <= SMALL_MAP || keys.iter().any(|k| matches!(k, Scalar::Other(_))) {
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].contains(k) {
                return None;
            }
        }
        return Some(());
    }
    keys.sort_unstable_by(|a, b| match (a, b) {
        (Scalar::Str(a), Scalar::Str(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    keys.windows(2).all(|w| w[0] != w[1]).then_some(())
}

/// A scalar as serde_yaml resolves it: text (borrowed) or another value.
#[derive(Debug, PartialEq)]
enum Scalar<'a> {
    Str(&'a str),
    Other(Value),
}

/// Resolves a scalar, `None` when unsure (a tag, a 128-bit integer).
fn scalar<'a>(value: &'a str, plain: bool, tag: Option<&str>) -> Option<Scalar<'a>> {
    if tag.is_some() {
        return None;
    }
    if !plain {
        return Some(Scalar::Str(value));
    }
    Some(match value {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Other(Value::Null),
        "true" | "True" | "TRUE" => Scalar::Other(Value::Bool(true)),
        "false" | "False" | "FALSE" => Scalar::Other(Value::Bool(false)),
        _ => {
            let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
            // Only text starting with a digit or a dot (after one sign) can
            // be a number: Rust's float syntax otherwise admits only
            // infinities and NaN, which serde_yaml refuses as numbers.
            if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
                return Some(Scalar::Str(value));
            }
            match number(value)? {
                Some(n) => Scalar::Other(Value::Number(n)),
                None => Scalar::Str(value),
            }
        }
    })
}

/// serde_yaml's number resolution of a plain scalar: `Some(None)` for text,
/// `None` when the value needs 128 bits (serde_yaml's `Value` refuses those).
fn number(v: &str) -> Option<Option<Number>> {
    if let Some(u) = unsigned_int::<u64>(v) {
        return Some(Some(Number::from(u)));
    }
    if let Some(i) = negative_int::<i64>(v) {
        return Some(Some(Number::from(i)));
    }
    if unsigned_int::<u128>(v).is_some() || negative_int::<i128>(v).is_some() {
        return None;
    }
    if !leading_zero_digits(v)
        && let Some(f) = float(v)
    {
        return Some(Some(Number::from(f)));
    }
    Some(None)
}

/// Integer types parsed from text in a radix.
trait Radix: Sized {
    fn parse(text: &str, radix: u32) -> Option<Self>;
}

macro_rules! radix {
    ($($t:ty)*) => {$(
        impl Radix for $t {
            fn parse(text: &str, radix: u32) -> Option<Self> {
                <$t>::from_str_radix(text, radix).ok()
            }
        }
    )*};
}
radix!(u64 u128 i64 i128);

/// The radix prefixes serde_yaml accepts.
const PREFIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

/// A non-negative integer: `+` allowed once, a radix prefix, or decimal
/// digits without a leading zero.
fn unsigned_int<T: Radix>(v: &str) -> Option<T> {
    let unpositive = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Some(n) = T::parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || leading_zero_digits(v) {
        return None;
    }
    T::parse(unpositive, 10)
}

/// A negative integer: `-` then a radix prefix, or decimal.
fn negative_int<T: Radix>(v: &str) -> Option<T> {
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = v.strip_prefix('-').and_then(|r| r.strip_prefix(prefix))
            && let Some(n) = T::parse(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if leading_zero_digits(v) {
        return None;
    }
    T::parse(v, 10)
}

/// A finite float, or one of YAML's infinities and NaN.
fn float(v: &str) -> Option<f64> {
    let unpositive = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => v,
    };
    match unpositive {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match v {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Zeros then digits (`0755`, `-007`): text in YAML 1.2, not a number.
fn leading_zero_digits(v: &str) -> bool {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
pub(crate) mod tests;
