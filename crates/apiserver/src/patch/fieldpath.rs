//! Sets of field paths and their `FieldsV1` encoding, the format of
//! `metadata.managedFields[].fieldsV1` (`f:<name>`, `k:<json>`, `v:<json>`, `i:<n>`, `.`).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::MAX_DEPTH;

/// One step of a field path.
#[derive(Clone, Debug, PartialEq)]
pub enum PathElement {
    /// A field of an object or an entry of a map.
    Field(String),
    /// An item of a list-map, by its key fields sorted by name.
    Key(Vec<(String, Value)>),
    /// An item of a set, by value.
    Value(Value),
    /// An item of a list by position (only in managed fields written by others).
    Index(usize),
}

impl Eq for PathElement {}

impl PartialOrd for PathElement {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PathElement {
    /// The order of structured-merge-diff: fields by name, then keys, values, indices.
    fn cmp(&self, other: &Self) -> Ordering {
        use PathElement::*;
        let rank = |e: &PathElement| match e {
            Field(_) => 0,
            Key(_) => 1,
            Value(_) => 2,
            Index(_) => 3,
        };
        match (self, other) {
            (Field(a), Field(b)) => a.cmp(b),
            (Key(a), Key(b)) => {
                for ((an, av), (bn, bv)) in a.iter().zip(b) {
                    let o = an.cmp(bn).then_with(|| compare_values(av, bv));
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Value(a), Value(b)) => compare_values(a, b),
            (Index(a), Index(b)) => a.cmp(b),
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

/// Orders JSON values as structured-merge-diff does: numbers, strings, booleans, lists,
/// maps, null.
pub(crate) fn compare_values(a: &Value, b: &Value) -> Ordering {
    let rank = |v: &Value| match v {
        Value::Number(_) => 0,
        Value::String(_) => 1,
        Value::Bool(_) => 2,
        Value::Array(_) => 3,
        Value::Object(_) => 4,
        Value::Null => 5,
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => {
                let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
                x.partial_cmp(&y).unwrap_or(Ordering::Equal)
            }
        },
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = compare_values(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Object(_), Value::Object(_)) => a.to_string().cmp(&b.to_string()),
        _ => rank(a).cmp(&rank(b)),
    }
}

impl PathElement {
    /// The `FieldsV1` key of this element, like `f:spec` or `k:{"name":"app"}`.
    pub fn encode(&self) -> String {
        match self {
            PathElement::Field(name) => format!("f:{name}"),
            PathElement::Key(fields) => {
                let map: Map<String, Value> = fields.iter().cloned().collect();
                format!("k:{}", Value::Object(map))
            }
            PathElement::Value(v) => format!("v:{v}"),
            PathElement::Index(i) => format!("i:{i}"),
        }
    }

    /// Parses a `FieldsV1` key.
    pub fn decode(s: &str) -> Option<PathElement> {
        let (prefix, rest) = s.split_at_checked(2)?;
        match prefix {
            "f:" => Some(PathElement::Field(rest.to_string())),
            "k:" => match serde_json::from_str::<Value>(rest).ok()? {
                Value::Object(m) => {
                    let mut fields: Vec<(String, Value)> = m.into_iter().collect();
                    fields.sort_by(|a, b| a.0.cmp(&b.0));
                    Some(PathElement::Key(fields))
                }
                _ => None,
            },
            "v:" => serde_json::from_str(rest).ok().map(PathElement::Value),
            "i:" => rest.parse().ok().map(PathElement::Index),
            _ => None,
        }
    }
}

impl std::fmt::Display for PathElement {
    /// The way kube-apiserver prints paths in conflict messages: `.spec`,
    /// `[name="app"]`, `[="value"]`, `[0]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathElement::Field(name) => write!(f, ".{name}"),
            PathElement::Key(fields) => {
                let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "[{}]", parts.join(","))
            }
            PathElement::Value(v) => write!(f, "[={v}]"),
            PathElement::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// Prints a whole path the way kube-apiserver does.
pub(crate) fn path_string(path: &[PathElement]) -> String {
    path.iter().map(ToString::to_string).collect()
}

/// A set of field paths, stored as a tree. A node is a member when the path leading to
/// it is in the set; non-member nodes only lead to members below them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldSet {
    member: bool,
    children: BTreeMap<PathElement, FieldSet>,
}

impl FieldSet {
    /// An empty set.
    pub fn new() -> FieldSet {
        FieldSet::default()
    }

    /// Whether the set has no paths.
    pub fn is_empty(&self) -> bool {
        !self.member && self.children.is_empty()
    }

    /// Adds `path` (the empty path is ignored).
    pub fn insert(&mut self, path: &[PathElement]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let child = self.children.entry(first.clone()).or_default();
        if rest.is_empty() {
            child.member = true;
        } else {
            child.insert(rest);
        }
    }

    /// Whether `path` is in the set.
    pub fn has(&self, path: &[PathElement]) -> bool {
        match path.split_first() {
            None => false,
            Some((first, rest)) => self.children.get(first).is_some_and(|c| {
                if rest.is_empty() {
                    c.member
                } else {
                    c.has(rest)
                }
            }),
        }
    }

    /// The subtree below `path`.
    pub(crate) fn at(&self, path: &[PathElement]) -> Option<&FieldSet> {
        let mut cur = self;
        for pe in path {
            cur = cur.children.get(pe)?;
        }
        Some(cur)
    }

    /// Whether `path` is in the set or leads to a path in the set.
    pub(crate) fn has_or_leads_to(&self, path: &[PathElement]) -> bool {
        self.at(path)
            .is_some_and(|s| s.member || !s.children.is_empty())
            && !path.is_empty()
    }

    /// Every path of this set that is also in `other`.
    pub fn intersection(&self, other: &FieldSet) -> FieldSet {
        let mut out = FieldSet {
            member: self.member && other.member,
            children: BTreeMap::new(),
        };
        for (pe, child) in &self.children {
            if let Some(o) = other.children.get(pe) {
                let c = child.intersection(o);
                if !c.is_empty() {
                    out.children.insert(pe.clone(), c);
                }
            }
        }
        out
    }

    /// Every path in either set.
    pub fn union(&self, other: &FieldSet) -> FieldSet {
        let mut out = self.clone();
        out.union_with(other);
        out
    }

    fn union_with(&mut self, other: &FieldSet) {
        self.member |= other.member;
        for (pe, child) in &other.children {
            self.children
                .entry(pe.clone())
                .or_default()
                .union_with(child);
        }
    }

    /// Every path of this set that is not in `other`.
    pub fn difference(&self, other: &FieldSet) -> FieldSet {
        let mut out = FieldSet {
            member: self.member && !other.member,
            children: BTreeMap::new(),
        };
        for (pe, child) in &self.children {
            let c = match other.children.get(pe) {
                Some(o) => child.difference(o),
                None => child.clone(),
            };
            if !c.is_empty() {
                out.children.insert(pe.clone(), c);
            }
        }
        out
    }

    /// Removes `path` and everything below it.
    pub(crate) fn remove_subtree(&mut self, path: &[PathElement]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if rest.is_empty() {
            self.children.remove(first);
            return;
        }
        if let Some(child) = self.children.get_mut(first) {
            child.remove_subtree(rest);
            if child.is_empty() {
                self.children.remove(first);
            }
        }
    }

    /// Keeps, below the field path `at` (field names), only the field children whose
    /// names pass `keep`; other children are left alone. Allocates nothing.
    pub(crate) fn retain_fields(&mut self, at: &[&str], keep: impl Fn(&str) -> bool) {
        let mut node = self;
        for step in at {
            let found = node
                .children
                .iter_mut()
                .find(|(k, _)| matches!(k, PathElement::Field(n) if n == step));
            match found {
                Some((_, child)) => node = child,
                None => return,
            }
        }
        node.children.retain(|k, _| match k {
            PathElement::Field(n) => keep(n),
            _ => true,
        });
    }

    /// Takes `path` out of the set but keeps the paths below it.
    pub(crate) fn unset_member(&mut self, path: &[PathElement]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if let Some(child) = self.children.get_mut(first) {
            if rest.is_empty() {
                child.member = false;
            } else {
                child.unset_member(rest);
            }
            if child.is_empty() {
                self.children.remove(first);
            }
        }
    }

    /// Keeps only the subtree at `path`.
    pub(crate) fn only(&self, path: &[PathElement]) -> FieldSet {
        let mut out = FieldSet::new();
        if let Some(sub) = self.at(path) {
            let mut cur = &mut out;
            for pe in path {
                cur = cur.children.entry(pe.clone()).or_default();
            }
            *cur = sub.clone();
        }
        out
    }

    /// Every member path, in order.
    pub fn paths(&self) -> Vec<Vec<PathElement>> {
        let mut out = Vec::new();
        self.collect(&mut Vec::new(), &mut out);
        out
    }

    fn collect(&self, prefix: &mut Vec<PathElement>, out: &mut Vec<Vec<PathElement>>) {
        for (pe, child) in &self.children {
            prefix.push(pe.clone());
            if child.member {
                out.push(prefix.clone());
            }
            child.collect(prefix, out);
            prefix.pop();
        }
    }

    /// The `FieldsV1` JSON of this set, keys in structured-merge-diff's order.
    pub fn to_fields_v1(&self) -> Value {
        let mut map = Map::new();
        if self.member && !self.children.is_empty() {
            map.insert(".".into(), Value::Object(Map::new()));
        }
        for (pe, child) in &self.children {
            map.insert(pe.encode(), child.to_fields_v1());
        }
        Value::Object(map)
    }

    /// Parses `FieldsV1` JSON; unknown keys are skipped.
    pub fn from_fields_v1(value: &Value) -> FieldSet {
        let mut set = FieldSet::default();
        set.read(value, 0);
        set.member = false;
        set
    }

    fn read(&mut self, value: &Value, depth: usize) {
        let Value::Object(map) = value else {
            return;
        };
        if map.is_empty() || depth > MAX_DEPTH {
            self.member = true;
            return;
        }
        for (key, sub) in map {
            if key == "." {
                self.member = true;
            } else if let Some(pe) = PathElement::decode(key) {
                let mut child = FieldSet::default();
                child.read(sub, depth + 1);
                self.children.insert(pe, child);
            }
        }
    }
}

#[cfg(test)]
mod tests;
