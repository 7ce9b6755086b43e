//! Template values with Go's semantics: a map is a shared reference, so
//! `set`, `unset` and `merge` change it for every holder (the caller of an
//! `include`, templates rendered later), as `map[string]interface{}` does in
//! Go. A render runs on one thread, hence `Rc<RefCell<…>>`; what leaves a
//! render is plain text.

use std::cell::{Ref, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

/// The entries of a map value, sorted by key as Go's `range` and `fmt` see them.
pub type Entries = BTreeMap<Arc<str>, Value>;

/// A template value (`interface{}` in Helm's Go).
#[derive(Clone, Default)]
pub enum Value {
    /// `nil`: a missing key, a null in values, no value.
    #[default]
    Nil,
    /// `bool`.
    Bool(bool),
    /// `int` (also `int64` from `--set`).
    Int(i64),
    /// `uint64`.
    Uint(u64),
    /// `float64` (every number of a values file).
    Float(f64),
    /// `string`.
    String(Arc<str>),
    /// A Go `string` whose bytes are not UTF-8: a binary file's content
    /// from `.Files`. Functions that hash or encode bytes take it as it is;
    /// every other function and the output see its text with invalid bytes
    /// replaced (see [`Value::lossy`]).
    Bytes(Arc<[u8]>),
    /// `[]interface{}`.
    List(Rc<[Value]>),
    /// `map[string]interface{}`, shared by reference.
    Map(Dict),
}

/// Largest map searched by a scan rather than by the tree (see [`lookup`]):
/// one leaf of the tree, like the built-in objects map.
const SCAN_MAX: usize = 8;

/// The value at `key` in `entries`. Small maps are scanned: lengths differ
/// for most keys, so a scan compares few bytes, where the tree's search
/// orders the key against each entry it passes.
pub(crate) fn lookup<'e>(entries: &'e Entries, key: &str) -> Option<&'e Value> {
    if entries.len() <= SCAN_MAX {
        return entries
            .iter()
            .find(|(k, _)| k.len() == key.len() && k.as_ref() == key)
            .map(|(_, v)| v);
    }
    entries.get(key)
}

/// A map shared by reference: clones see each other's changes.
#[derive(Clone, Default)]
pub struct Dict(Rc<RefCell<Entries>>);

impl Dict {
    /// A map holding `entries`.
    pub fn new(entries: Entries) -> Self {
        Dict(Rc::new(RefCell::new(entries)))
    }

    /// Reads the entries. Mutations never hold the map across a call out, so
    /// a read never meets a write in progress.
    pub fn borrow(&self) -> Ref<'_, Entries> {
        self.0.borrow()
    }

    /// The value at `key`.
    pub fn get(&self, key: &str) -> Option<Value> {
        lookup(&self.0.borrow(), key).cloned()
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.borrow().contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    /// Sets `key` to `value` in place.
    pub fn insert(&self, key: Arc<str>, value: Value) {
        self.0.borrow_mut().insert(key, value);
    }

    /// Sets `key` to `value` in place; the key is allocated only when new.
    pub fn set(&self, key: &str, value: Value) {
        let mut entries = self.0.borrow_mut();
        match entries.get_mut(key) {
            Some(slot) => *slot = value,
            None => {
                entries.insert(Arc::from(key), value);
            }
        }
    }

    /// Removes `key` in place.
    pub fn remove(&self, key: &str) {
        self.0.borrow_mut().remove(key);
    }

    /// Replaces all entries in place.
    pub fn replace(&self, entries: Entries) {
        *self.0.borrow_mut() = entries;
    }

    /// A copy of the entries (the values themselves still shared).
    pub fn snapshot(&self) -> Entries {
        self.0.borrow().clone()
    }

    /// Whether both are the same map.
    pub fn ptr_eq(&self, other: &Dict) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    fn id(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// Whether storing `v` in this map would make the map contain itself.
    /// Go allows such a cycle, and then overflows its stack printing it; we
    /// refuse it, as a render must not be able to crash the process.
    pub fn reached_from(&self, v: &Value) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut todo: Vec<Value> = vec![v.clone()];
        while let Some(item) = todo.pop() {
            match item {
                Value::Map(m) => {
                    if m.ptr_eq(self) {
                        return true;
                    }
                    if seen.insert(m.id()) {
                        todo.extend(m.borrow().values().cloned());
                    }
                }
                Value::List(l) => todo.extend(l.iter().cloned()),
                _ => {}
            }
        }
        false
    }

    /// Whether some map under this one contains itself (see
    /// [`Dict::reached_from`]).
    pub fn has_cycle(&self) -> bool {
        // Depth-first, maps on the current path marked; lists cannot form a
        // cycle on their own.
        let mut done = std::collections::HashSet::new();
        let mut path = std::collections::HashSet::new();
        let mut todo: Vec<(Dict, bool)> = vec![(self.clone(), false)];
        while let Some((m, leaving)) = todo.pop() {
            if leaving {
                path.remove(&m.id());
                done.insert(m.id());
                continue;
            }
            if done.contains(&m.id()) {
                continue;
            }
            if !path.insert(m.id()) {
                return true;
            }
            todo.push((m.clone(), true));
            let mut stack: Vec<Value> = m.borrow().values().cloned().collect();
            while let Some(v) = stack.pop() {
                match v {
                    Value::Map(child) => {
                        if path.contains(&child.id()) {
                            return true;
                        }
                        todo.push((child, false));
                    }
                    Value::List(l) => stack.extend(l.iter().cloned()),
                    _ => {}
                }
            }
        }
        false
    }
}

impl From<Entries> for Dict {
    fn from(entries: Entries) -> Self {
        Dict::new(entries)
    }
}

impl PartialEq for Dict {
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other) || *self.borrow() == *other.borrow()
    }
}

impl fmt::Debug for Dict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.borrow().iter()).finish()
    }
}

impl Value {
    /// Go's truth: false, 0, nil, and empty strings, lists and maps are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(n) => *n != 0,
            Value::Uint(n) => *n != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(v) => !v.is_empty(),
            Value::Map(m) => !m.is_empty(),
        }
    }

    /// A short type name for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Uint(_) => "uint",
            Value::Float(_) => "float64",
            Value::String(_) | Value::Bytes(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }

    /// Length of a string (bytes), list or map.
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::String(s) => Some(s.len()),
            Value::Bytes(b) => Some(b.len()),
            Value::List(v) => Some(v.len()),
            Value::Map(m) => Some(m.len()),
            _ => None,
        }
    }

    /// Whether a string, list or map is empty.
    pub fn is_empty(&self) -> Option<bool> {
        self.len().map(|n| n == 0)
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The raw bytes of a string value.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::String(s) => Some(s.as_bytes()),
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// A file's content as a value: a string when it is UTF-8, as nearly
    /// every file is, else [`Value::Bytes`].
    pub(crate) fn file_content(data: &[u8]) -> Value {
        match std::str::from_utf8(data) {
            Ok(text) => Value::String(Arc::from(text)),
            Err(_) => Value::Bytes(Arc::from(data)),
        }
    }

    /// The value with [`Value::Bytes`] turned into text ([`go_lossy`]); any
    /// other value unchanged.
    pub(crate) fn lossy(self) -> Value {
        match self {
            Value::Bytes(b) => Value::String(go_lossy(&b).into()),
            other => other,
        }
    }

    /// A number as `i64` (floats truncated).
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::Uint(n) => Some(*n as i64),
            Value::Float(f) => Some(*f as i64),
            _ => None,
        }
    }

    /// A number as `f64`.
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(*f),
            Value::Int(n) => Some(*n as f64),
            Value::Uint(n) => Some(*n as f64),
            _ => None,
        }
    }

    /// A copy sharing no map with `self` (copystructure's deep copy).
    pub fn deep_copy(&self) -> Value {
        match self {
            Value::List(l) => Value::List(l.iter().map(Value::deep_copy).collect()),
            Value::Map(m) => Value::map(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.deep_copy()))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A map value holding `entries`.
    pub fn map(entries: Entries) -> Value {
        Value::Map(Dict::new(entries))
    }

    /// The value as `gotmpl`'s (a deep copy), for its formatting functions.
    pub(crate) fn to_gotmpl(&self) -> gotmpl::Value {
        match self {
            Value::Nil => gotmpl::Value::Nil,
            Value::Bool(b) => gotmpl::Value::Bool(*b),
            Value::Int(n) => gotmpl::Value::Int(*n),
            Value::Uint(n) => gotmpl::Value::Uint(*n),
            Value::Float(f) => gotmpl::Value::Float(*f),
            Value::String(s) => gotmpl::Value::String(s.clone()),
            Value::Bytes(b) => gotmpl::Value::String(go_lossy(b).into()),
            Value::List(l) => gotmpl::Value::List(l.iter().map(Value::to_gotmpl).collect()),
            Value::Map(m) => gotmpl::Value::Map(Arc::new(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_gotmpl()))
                    .collect(),
            )),
        }
    }
}

/// Text of bytes as Go's `range` over a string and encoding/json see it:
/// every byte that does not start a valid UTF-8 sequence becomes U+FFFD
/// (Rust's lossy conversion replaces a broken sequence once, not per byte).
pub(crate) fn go_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for _ in chunk.invalid() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
    out
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(Arc::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(Arc::from(s))
    }
}

impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Self {
        Value::List(v.into())
    }
}

impl From<Entries> for Value {
    fn from(m: Entries) -> Self {
        Value::map(m)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("Nil"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Int(n) => write!(f, "Int({n})"),
            Value::Uint(n) => write!(f, "Uint({n})"),
            Value::Float(v) => write!(f, "Float({v})"),
            Value::String(s) => write!(f, "String({s:?})"),
            Value::Bytes(b) => write!(f, "Bytes({:?})", go_lossy(b)),
            Value::List(l) => f.debug_list().entries(l.iter()).finish(),
            Value::Map(m) => m.fmt(f),
        }
    }
}

/// Rust's formatting of floats (`{}`); Go's `%v` is in the engine's printer.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("<nil>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Uint(n) => write!(f, "{n}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::String(s) => f.write_str(s),
            Value::Bytes(b) => f.write_str(&go_lossy(b)),
            Value::List(v) => {
                f.write_str("[")?;
                for (i, item) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("map[")?;
                for (i, (k, v)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Type-strict deep equality (ints never equal floats), as `reflect.DeepEqual`.
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Uint(a), Value::Uint(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.partial_cmp(b),
            (Value::Uint(a), Value::Uint(b)) => a.partial_cmp(b),
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (Value::String(a), Value::String(b)) => a.partial_cmp(b),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(n: usize) -> Dict {
        Dict::new(
            (0..n)
                .map(|i| (Arc::from(format!("k{i}").as_str()), Value::Int(i as i64)))
                .collect(),
        )
    }

    #[test]
    fn get_finds_every_key_of_scanned_and_searched_maps() {
        for n in [0, 1, SCAN_MAX, SCAN_MAX + 1, 40] {
            let d = dict(n);
            for i in 0..n {
                assert_eq!(d.get(&format!("k{i}")), Some(Value::Int(i as i64)), "{n}");
            }
            for missing in ["", "k", "kx", "k1000", "K0"] {
                assert_eq!(d.get(missing), None, "{n} {missing}");
            }
        }
    }

    #[test]
    fn set_replaces_or_adds_and_is_seen_by_clones() {
        let d = dict(2);
        let seen = d.clone();
        d.set("k1", Value::from("x"));
        d.set("new", Value::Bool(true));
        assert_eq!(seen.get("k1"), Some(Value::from("x")));
        assert_eq!(seen.get("new"), Some(Value::Bool(true)));
        assert_eq!(seen.len(), 3);
    }
}
