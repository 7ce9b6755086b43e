//! The template function library Helm gives every chart: all of Sprig v3 (without
//! `env`/`expandenv`) plus Helm's data functions (`toYaml`, `fromJson`, ...). The
//! functions that need the chart or the template set (`include`, `tpl`,
//! `required`, `fail`, `lookup`, `getHostByName`) are added by the engine.
//!
//! Arguments follow Go's `text/template` calling rules: the function's Go
//! signature decides which types it accepts, and errors read like Go's.

mod crypto;
mod data;
mod dates;
mod defaults;
mod dicts;
mod encoding;
mod lists;
mod math;
mod paths;
mod reflection;
mod regex;
mod semver;
mod strings;
pub(crate) use strings::{go_is_print, go_quote, go_quote_bytes_into, go_quote_rune};

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use gotmpl::TemplateError;

use crate::engine::value::{Entries, Value};

use crate::goyaml::number::format_g;

/// What every template function returns.
pub(crate) type FnResult = gotmpl::Result<Value>;

/// A template function.
pub type Func = Arc<dyn Fn(&[Value]) -> FnResult + Send + Sync>;

/// Template functions by name. Hashed with [`NameHasher`] rather than
/// SipHash, as its keys are our own function names.
pub type FuncMap = HashMap<String, Func, BuildHasherDefault<NameHasher>>;

/// Hashes names (of functions and templates) eight bytes at a time, each
/// word folded in with one multiplication, as FxHash does: template names
/// are hashed at every `include`, and a byte at a time cost a multiplication
/// per byte. Names come from the chart; collisions cost time, never results.
#[derive(Clone, Copy, Default)]
pub struct NameHasher(u64);

/// FxHash's multiplier.
const NAME_HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(NAME_HASH_K);
    }
}

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        // The multiplication leaves its best bits high; hashbrown takes the
        // bucket from the low ones.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" apart from "a\0".
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }
}

/// Every Sprig and Helm function that needs no access to the chart or the
/// template set, keyed by its template name.
pub fn function_map() -> FuncMap {
    let mut m = FuncMap::default();
    strings::register(&mut m);
    lists::register(&mut m);
    dicts::register(&mut m);
    math::register(&mut m);
    regex::register(&mut m);
    encoding::register(&mut m);
    crypto::register(&mut m);
    semver::register(&mut m);
    dates::register(&mut m);
    defaults::register(&mut m);
    reflection::register(&mut m);
    paths::register(&mut m);
    data::register(&mut m);
    m
}

/// Register `f` under `name`; `f` receives the name for its error messages.
pub(crate) fn add<F>(m: &mut FuncMap, name: &str, f: F)
where
    F: Fn(&str, &[Value]) -> FnResult + Send + Sync + 'static,
{
    let owned = name.to_string();
    m.insert(
        name.to_string(),
        Arc::new(move |args: &[Value]| f(&owned, args)),
    );
}

/// A template error saying that calling `name` failed, worded like Go's.
pub(crate) fn fail(name: &str, msg: impl std::fmt::Display) -> TemplateError {
    TemplateError::Exec(format!("error calling {name}: {msg}"))
}

/// Largest string or list a function builds from a count it is given
/// (`repeat`, `indent`, `randAlpha`, `until`, ...). Go allocates whatever is
/// asked and dies of it; a render fails instead, naming the limit.
pub(crate) const MAX_GENERATED: u128 = 32 << 20;

/// Go's `makeslice` refuses lengths past its address space (2^48 bytes on
/// amd64) with a recoverable panic: it words the failure for those.
const GO_MAX_ALLOC: u128 = 1 << 48;

/// Checks the size (`bytes`, or items for a list) of a result `name` is
/// about to build.
pub(crate) fn generated_size(name: &str, bytes: u128) -> gotmpl::Result<()> {
    if bytes > GO_MAX_ALLOC {
        Err(fail(name, "runtime error: makeslice: len out of range"))
    } else if bytes > MAX_GENERATED {
        Err(fail(
            name,
            format!(
                "the result would be {bytes} long, more than the {MAX_GENERATED} a function may build"
            ),
        ))
    } else {
        Ok(())
    }
}

/// Go's check of a fixed argument count.
pub(crate) fn arity(name: &str, args: &[Value], n: usize) -> gotmpl::Result<()> {
    if args.len() == n {
        Ok(())
    } else {
        Err(TemplateError::Exec(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        )))
    }
}

/// Go's check of a variadic function's fixed arguments.
pub(crate) fn arity_min(name: &str, args: &[Value], n: usize) -> gotmpl::Result<()> {
    if args.len() >= n {
        Ok(())
    } else {
        Err(TemplateError::Exec(format!(
            "wrong number of args for {name}: want at least {n} got {}",
            args.len()
        )))
    }
}

/// Opens and closes the argument index that starts the message of an
/// argument's type failure (see [`arg_failure`]).
const ARG_MARK: char = '\u{0}';

/// Argument `i` has the wrong type for a parameter of type `want`. Go checks
/// arguments before the call and reports a failure at the argument (the
/// piped value's at the last argument written), without "error calling
/// <fn>"; the message carries `i` for the executor to find that node.
pub(crate) fn wrong_type(i: usize, want: &str, got: &Value) -> TemplateError {
    let message = match got {
        Value::Nil => format!("invalid value; expected {want}"),
        other => format!(
            "wrong type for value; expected {want}; got {}",
            go_type(other)
        ),
    };
    TemplateError::Exec(format!("{ARG_MARK}{i}{ARG_MARK}{message}"))
}

/// The Go type of parameter `i` of function `name` when it is a map or a
/// slice. Go accepts a literal `nil` for such a parameter (and a variable or
/// piped value holding nil), but not a map entry that is missing or nil: that
/// is an `interface {}`, which the executor reports before the call.
pub(crate) fn nillable_param(name: &str, i: usize) -> Option<&'static str> {
    const MAP: &str = "map[string]interface {}";
    match (name, i) {
        ("merge" | "mustMerge" | "mergeOverwrite" | "mustMergeOverwrite" | "keys", _) => Some(MAP),
        ("pick" | "omit" | "values" | "hasKey" | "get" | "set" | "unset" | "urlJoin", 0) => {
            Some(MAP)
        }
        ("pluck", 1..) => Some(MAP),
        (
            "genSelfSignedCert"
            | "genSelfSignedCertWithKey"
            | "genSignedCert"
            | "genSignedCertWithKey",
            1 | 2,
        ) => Some("[]interface {}"),
        _ => None,
    }
}

/// Whether `message` is an argument's type failure (see [`wrong_type`]).
pub(crate) fn is_arg_failure(message: &str) -> bool {
    message.starts_with(ARG_MARK)
}

/// The argument index and message of a failure made by [`wrong_type`].
pub(crate) fn arg_failure(message: &str) -> Option<(usize, &str)> {
    let rest = message.strip_prefix(ARG_MARK)?;
    let (index, message) = rest.split_once(ARG_MARK)?;
    Some((index.parse().ok()?, message))
}

/// A `string` parameter: Go accepts only strings.
pub(crate) fn str_arg<'a>(_name: &str, args: &'a [Value], i: usize) -> gotmpl::Result<&'a str> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(wrong_type(i, "string", other)),
        None => Err(wrong_type(i, "string", &Value::Nil)),
    }
}

/// A `string` parameter taken as bytes, for the functions that hash or
/// encode them: a binary file's content ([`Value::Bytes`]) as it is.
pub(crate) fn bytes_arg<'a>(_name: &str, args: &'a [Value], i: usize) -> gotmpl::Result<&'a [u8]> {
    match args.get(i) {
        Some(Value::String(s)) => Ok(s.as_bytes()),
        Some(Value::Bytes(b)) => Ok(b),
        Some(other) => Err(wrong_type(i, "string", other)),
        None => Err(wrong_type(i, "string", &Value::Nil)),
    }
}

/// Whether function `name` takes a binary file's content ([`Value::Bytes`])
/// as it is: it hashes or encodes the bytes, or hands the value on. Any
/// other function sees the content as text, invalid bytes replaced.
pub(crate) fn takes_bytes(name: &str) -> bool {
    matches!(
        name,
        "b64enc"
            | "b32enc"
            | "sha1sum"
            | "sha256sum"
            | "sha512sum"
            | "adler32sum"
            | "toString"
            | "include"
            | "index"
            | "printf"
            | "dict"
            | "list"
            | "quote"
            | "toJson"
            | "toPrettyJson"
            | "toRawJson"
            | "mustToJson"
            | "mustToPrettyJson"
            | "mustToRawJson"
            | "default"
            | "coalesce"
            | "ternary"
            | "empty"
            | "len"
            | "kindOf"
            | "typeOf"
    )
}

/// An `int` parameter: Go accepts only integer kinds (not float64).
pub(crate) fn int_arg(_name: &str, args: &[Value], i: usize) -> gotmpl::Result<i64> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        Some(Value::Uint(n)) => Ok(*n as i64),
        Some(other) => Err(wrong_type(i, "int", other)),
        None => Err(wrong_type(i, "int", &Value::Nil)),
    }
}

/// A `float64` parameter.
pub(crate) fn float_arg(_name: &str, args: &[Value], i: usize) -> gotmpl::Result<f64> {
    match args.get(i) {
        Some(Value::Float(f)) => Ok(*f),
        Some(Value::Int(n)) => Ok(*n as f64),
        Some(Value::Uint(n)) => Ok(*n as f64),
        Some(other) => Err(wrong_type(i, "float64", other)),
        None => Err(wrong_type(i, "float64", &Value::Nil)),
    }
}

/// A `bool` parameter.
pub(crate) fn bool_arg(_name: &str, args: &[Value], i: usize) -> gotmpl::Result<bool> {
    match args.get(i) {
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(wrong_type(i, "bool", other)),
        None => Err(wrong_type(i, "bool", &Value::Nil)),
    }
}

/// A `[]interface{}` parameter (Go converts nothing else into it).
pub(crate) fn list_arg<'a>(
    _name: &str,
    args: &'a [Value],
    i: usize,
) -> gotmpl::Result<&'a [Value]> {
    match args.get(i) {
        Some(Value::List(l)) => Ok(l),
        Some(Value::Nil) => Ok(&[]),
        Some(other) => Err(wrong_type(i, "[]interface {}", other)),
        None => Err(wrong_type(i, "[]interface {}", &Value::Nil)),
    }
}

/// A read view of a map argument (an empty one for nil).
pub(crate) enum MapView<'a> {
    /// A map value's entries.
    Borrowed(std::cell::Ref<'a, Entries>),
    /// No map (nil).
    Empty(Entries),
}

impl std::ops::Deref for MapView<'_> {
    type Target = Entries;
    fn deref(&self) -> &Entries {
        match self {
            MapView::Borrowed(r) => r,
            MapView::Empty(e) => e,
        }
    }
}

/// A `map[string]interface{}` parameter.
pub(crate) fn map_arg<'a>(_name: &str, args: &'a [Value], i: usize) -> gotmpl::Result<MapView<'a>> {
    match args.get(i) {
        Some(Value::Map(m)) => Ok(MapView::Borrowed(m.borrow())),
        Some(Value::Nil) => Ok(MapView::Empty(Entries::new())),
        Some(other) => Err(wrong_type(i, "map[string]interface {}", other)),
        None => Err(wrong_type(i, "map[string]interface {}", &Value::Nil)),
    }
}

/// A string value.
pub(crate) fn s(text: impl AsRef<str>) -> Value {
    Value::String(Arc::from(text.as_ref()))
}

/// A list value.
pub(crate) fn list(items: Vec<Value>) -> Value {
    Value::List(items.into())
}

/// A map value.
pub(crate) fn map(m: BTreeMap<Arc<str>, Value>) -> Value {
    Value::map(m)
}

/// The Go type name `%T` prints for a template value from Helm's data.
pub(crate) fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Uint(_) => "uint64",
        Value::Float(_) => "float64",
        Value::String(_) | Value::Bytes(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// Go's `fmt.Sprintf("%v", v)`.
pub(crate) fn fmt_v(v: &Value) -> String {
    let mut out = String::new();
    write_v(&mut out, v);
    out
}

fn write_v(out: &mut String, v: &Value) {
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Uint(u) => out.push_str(&u.to_string()),
        Value::Float(f) => out.push_str(&format_g(*f)),
        Value::String(s) => out.push_str(s),
        Value::Bytes(b) => out.push_str(&crate::engine::value::go_lossy(b)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, item)) in m.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_v(out, item);
            }
            out.push(']');
        }
    }
}

/// Sprig's `strval`: strings as they are, anything else through `%v`.
pub(crate) fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        other => fmt_v(other),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` with cast's tolerance for a zero decimal part.
fn parse_cast_int(s: &str) -> Option<i64> {
    let trimmed = match s.split_once('.') {
        Some((int, frac)) if !int.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        _ => s,
    };
    let v = crate::goyaml::scalar::parse_go_int(&trimmed.replace('_', ""))?;
    if trimmed.contains('_') && !trimmed.trim_start_matches(['+', '-']).starts_with("0") {
        return None; // Go allows underscores only after a base prefix
    }
    i64::try_from(v).ok()
}

/// `cast.ToInt64`: numbers truncate, strings parse (base prefixes allowed), bools
/// are 0/1, anything else is 0.
/// Go's `int64(f)` on amd64 (where Helm runs, and the SDK we compare with):
/// a float out of range, or NaN, becomes the smallest int64; Rust's `as`
/// saturates instead.
fn go_float_to_int(f: f64) -> i64 {
    // 2^63: the first float64 above i64::MAX.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

pub(crate) fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Uint(u) => *u as i64,
        Value::Float(f) => go_float_to_int(*f),
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => parse_cast_int(s).unwrap_or(0),
        _ => 0,
    }
}

/// `cast.ToFloat64`.
pub(crate) fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Uint(u) => *u as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => f64::from(u8::from(*b)),
        // Go's ParseFloat fails on a finite number out of range (`1e400`),
        // which cast turns into 0; `inf` spelled out is infinite.
        Value::String(s) => s
            .parse::<f64>()
            .ok()
            .filter(|f| {
                !s.is_empty()
                    && (f.is_finite()
                        || s.trim_start_matches(['+', '-'])
                            .starts_with(['i', 'I', 'n', 'N']))
            })
            .unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Sprig's `empty`: Go's zero value of the value's type.
pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Uint(u) => *u == 0,
        Value::Float(f) => *f == 0.0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
    }
}

/// A list value's items, or `None` when `v` is not a list (Go's reflect kinds
/// Slice and Array).
pub(crate) fn as_list(v: &Value) -> Option<&[Value]> {
    match v {
        Value::List(l) => Some(l),
        _ => None,
    }
}

/// Go's `reflect.TypeOf(v).Kind()` name for error messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "invalid",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Uint(_) => "uint64",
        Value::Float(_) => "float64",
        Value::String(_) | Value::Bytes(_) => "string",
        Value::List(_) => "slice",
        Value::Map(_) => "map",
    }
}

/// Go's `reflect.DeepEqual` on template values (ints and floats never equal).
pub(crate) fn deep_equal(a: &Value, b: &Value) -> bool {
    a == b
}

#[cfg(test)]
mod tests;
