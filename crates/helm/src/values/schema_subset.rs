//! A quick yes/no check of values against a schema that uses only the keywords
//! charts' schemas use (types, properties, required, enum, bounds, patterns,
//! combinators, local `$ref`s), walking the document as it is instead of
//! compiling it. It must agree with the `jsonschema` validator built in
//! `schema.rs`: it answers [`Verdict::Valid`] only when that validator would
//! accept both the schema and the values, except that it asserts `format` as
//! Helm does for draft 7 and older (see `schema_format`), which that validator
//! leaves unchecked. Anything it does not decide exactly
//! (an unknown dialect, a keyword outside the subset, an embedded resource, a
//! pattern the `regex` crate refuses) is [`Verdict::Unsupported`], and on that
//! or [`Verdict::Invalid`] the caller runs `jsonschema`, which gives the
//! messages. Schemas are checked against the rules their meta-schema states
//! for these keywords, more strictly where that is simpler.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use jsonschema::Draft;
use serde_json::{Map, Number, Value};

use super::schema_doc::Doc;
use super::schema_format::{FormatCheck, check_format};
use super::schema_pattern::Patterns;

/// What the quick check concluded.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Schema and values are valid.
    Valid,
    /// The values break the schema.
    Invalid,
    /// Not decided here.
    Unsupported,
}

/// Deepest nesting of schema evaluations: beyond it (a `$ref` cycle that
/// consumes no value) the check gives up rather than grow the stack.
const MAX_DEPTH: usize = 128;

/// Checks `values` against the schema document `raw`.
#[cfg(test)]
pub fn check(raw: &[u8], values: &Map<String, Value>) -> Verdict {
    match super::schema_doc::parse(raw) {
        Some(root) => check_doc(&root, values),
        None => Verdict::Unsupported,
    }
}

/// Checks `values` against a parsed schema document.
pub fn check_doc(root: &Doc<'_>, values: &Map<String, Value>) -> Verdict {
    let Some(mut checker) = Checker::new(root) else {
        return Verdict::Unsupported;
    };
    // Values first: when they fail, `jsonschema` runs anyway, so the schema's
    // own rules are worth checking only for valid values.
    match checker.valid(root, Inst::Root(values)) {
        Ok(true) if checker.shape(root, true, false) => Verdict::Valid,
        Ok(false) => Verdict::Invalid,
        Ok(true) | Err(Unsupported) => Verdict::Unsupported,
    }
}

/// Whether the schema keeps to the keywords this check knows and to what
/// their meta-schema asks of them: then `jsonschema` would compile it.
pub fn well_formed(root: &Doc<'_>) -> bool {
    Checker::new(root).is_some_and(|mut checker| checker.shape(root, true, false))
}

/// The dialect `jsonschema` picks: the root's `$schema`, 2020-12 without one.
pub(super) fn draft_of(root: &Doc<'_>) -> Option<Draft> {
    if !matches!(root, Doc::Obj(_)) {
        return None;
    }
    let draft = match root.get("$schema") {
        None => Draft::default(),
        Some(Doc::Str(uri)) => Draft::from_schema_uri(uri),
        Some(_) => return None,
    };
    (draft != Draft::Unknown).then_some(draft)
}

/// The check met something it does not decide.
struct Unsupported;

type Decided = Result<bool, Unsupported>;

/// A value being checked: the top-level values map, or a value inside it.
#[derive(Clone, Copy)]
enum Inst<'v> {
    Root(&'v Map<String, Value>),
    Val(&'v Value),
}

impl<'v> Inst<'v> {
    fn object(self) -> Option<&'v Map<String, Value>> {
        match self {
            Inst::Root(m) | Inst::Val(Value::Object(m)) => Some(m),
            Inst::Val(_) => None,
        }
    }
}

type Members<'a> = [(Cow<'a, str>, Doc<'a>)];

fn member<'d, 'a>(members: &'d Members<'a>, name: &str) -> Option<&'d Doc<'a>> {
    members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

struct Checker<'d, 'a> {
    draft: Draft,
    root: &'d Doc<'a>,
    /// Each `$ref` met so far, the schema it names, and whether that sits
    /// where the walk of [`Checker::shape`] goes.
    refs: HashMap<&'d str, (&'d Doc<'a>, bool)>,
    /// `$ref` targets off that walk, checked on their own.
    shaped_targets: Vec<*const Doc<'a>>,
    regexes: Patterns<'d>,
    depth: usize,
}

impl<'d, 'a> Checker<'d, 'a> {
    fn new(root: &'d Doc<'a>) -> Option<Self> {
        Some(Checker {
            draft: draft_of(root)?,
            root,
            refs: HashMap::new(),
            shaped_targets: Vec::new(),
            regexes: Patterns::default(),
            depth: 0,
        })
    }

    fn legacy_ref(&self) -> bool {
        matches!(self.draft, Draft::Draft4 | Draft::Draft6 | Draft::Draft7)
    }

    // ---- the schema's own rules (what meta-schema validation and compilation refuse) ----

    /// Whether `node` is a schema this check understands, and is one the
    /// meta-schema accepts. Booleans are schemas from draft 6 on; in draft 4
    /// only where `bool_ok` (additionalProperties).
    fn shape(&mut self, node: &'d Doc<'a>, root: bool, bool_ok: bool) -> bool {
        match node {
            Doc::Bool(_) => bool_ok || self.draft != Draft::Draft4,
            Doc::Obj(members) => members.iter().all(|(k, v)| self.shape_member(k, v, root)),
            _ => false,
        }
    }

    fn shape_member(&mut self, keyword: &str, v: &'d Doc<'a>, root: bool) -> bool {
        let draft4 = self.draft == Draft::Draft4;
        match keyword {
            // Elsewhere these start an embedded resource with its own base and dialect.
            "$schema" => root && v.as_str().is_some(),
            "$id" => {
                root && v
                    .as_str()
                    .is_some_and(|s| plain_uri_ref(s) && !s.contains('#'))
            }
            "$ref" => v.as_str().is_some_and(|r| self.note_ref(r)),
            "$comment" | "title" | "description" | "format" => v.as_str().is_some(),
            "default" => true,
            "examples" => matches!(v, Doc::Arr(_)),
            "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" => matches!(v, Doc::Bool(_)),
            "type" => type_shape(v),
            "enum" => enum_shape(v),
            "const" => !draft4,
            "required" => required_shape(v, draft4),
            "minimum" | "maximum" => matches!(v, Doc::Num(_)),
            // Draft 4 spells these as booleans qualifying minimum/maximum.
            "exclusiveMinimum" | "exclusiveMaximum" => !draft4 && matches!(v, Doc::Num(_)),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => matches!(v, Doc::Num(n) if n.as_u64().is_some()),
            "pattern" => v.as_str().is_some_and(|p| self.pattern_shape(p)),
            "properties" | "definitions" | "$defs" => self.schema_map(v, false),
            "patternProperties" => self.schema_map(v, true),
            "additionalProperties" => self.shape(v, false, true),
            // An array `items` (tuple form) is not in the subset.
            "items" | "not" => self.shape(v, false, false),
            "if" | "then" | "else" => {
                !matches!(self.draft, Draft::Draft4 | Draft::Draft6) && self.shape(v, false, false)
            }
            "allOf" | "anyOf" | "oneOf" => match v {
                Doc::Arr(items) => {
                    !items.is_empty() && items.iter().all(|s| self.shape(s, false, false))
                }
                _ => false,
            },
            // Every other keyword some draft defines is outside the subset; the
            // rest (`form`, `x-kubernetes-*`, ...) are annotations nobody checks.
            other => {
                !(Draft::Unknown.is_known_keyword(other) || other == "id" || other == "$vocabulary")
            }
        }
    }

    fn schema_map(&mut self, v: &'d Doc<'a>, names_are_patterns: bool) -> bool {
        let Doc::Obj(members) = v else {
            return false;
        };
        members.iter().all(|(name, schema)| {
            (!names_are_patterns || self.pattern_shape(name)) && self.shape(schema, false, false)
        })
    }

    /// A pattern `jsonschema` translates (its compilation fails otherwise) and,
    /// where the meta-schema asserts the `regex` format (draft 7 and older), a
    /// valid ECMA 262 expression.
    fn pattern_shape(&self, pattern: &str) -> bool {
        jsonschema_regex::to_rust_regex(pattern).is_ok()
            && (!self.legacy_ref() || jsonschema_regex::is_valid_ecma_regex(pattern))
    }

    /// A `$ref` this check resolves, and the schema it names checked when
    /// the walk from the root does not reach it.
    fn note_ref(&mut self, reference: &'d str) -> bool {
        let Some((target, walked)) = self.lookup_ref(reference) else {
            return false;
        };
        let at = std::ptr::from_ref(target);
        if walked || self.shaped_targets.contains(&at) {
            return true;
        }
        self.shaped_targets.push(at);
        self.shape(target, false, false)
    }

    /// Resolves a `$ref` (only fragments of this document), once.
    fn lookup_ref(&mut self, reference: &'d str) -> Option<(&'d Doc<'a>, bool)> {
        if let Some(found) = self.refs.get(reference) {
            return Some(*found);
        }
        let found = self.resolve(reference)?;
        self.refs.insert(reference, found);
        Some(found)
    }

    /// The node a fragment reference names, and whether it sits where the
    /// schema walk goes (a schema under `properties`, `$defs`, `items`, ...).
    fn resolve(&self, reference: &str) -> Option<(&'d Doc<'a>, bool)> {
        #[derive(PartialEq)]
        enum At {
            Schema,
            SchemaMap,
            SchemaList,
            Other,
        }
        let fragment = reference.strip_prefix('#')?;
        if !plain_uri_ref(reference) || fragment.contains(['%', '~']) {
            return None;
        }
        let mut node = self.root;
        let mut at = At::Schema;
        if fragment.is_empty() {
            return Some((node, true));
        }
        for segment in fragment.strip_prefix('/')?.split('/') {
            node = match node {
                Doc::Obj(_) => node.get(segment)?,
                Doc::Arr(items) => items.get(array_index(segment)?)?,
                _ => return None,
            };
            at = match (at, segment) {
                (At::Schema, "properties" | "patternProperties" | "definitions" | "$defs") => {
                    At::SchemaMap
                }
                (At::Schema, "items" | "additionalProperties" | "not" | "if" | "then" | "else") => {
                    At::Schema
                }
                (At::Schema, "allOf" | "anyOf" | "oneOf") => At::SchemaList,
                (At::SchemaMap | At::SchemaList, _) => At::Schema,
                _ => At::Other,
            };
        }
        Some((node, at == At::Schema))
    }

    // ---- validation of the values ----

    fn valid(&mut self, schema: &'d Doc<'a>, inst: Inst<'_>) -> Decided {
        match schema {
            Doc::Bool(b) => Ok(*b),
            Doc::Obj(members) => {
                if self.depth == MAX_DEPTH {
                    return Err(Unsupported);
                }
                self.depth += 1;
                let verdict = self.valid_members(members, inst);
                self.depth -= 1;
                verdict
            }
            _ => Err(Unsupported),
        }
    }

    fn valid_members(&mut self, members: &'d Members<'a>, inst: Inst<'_>) -> Decided {
        // Up to draft 7 a `$ref` replaces the keywords beside it.
        if self.legacy_ref()
            && let Some(reference) = member(members, "$ref")
        {
            return self.valid_ref(reference, inst);
        }
        for (keyword, v) in members {
            let ok = match keyword.as_ref() {
                "$ref" => self.valid_ref(v, inst)?,
                "type" => self.valid_type(v, inst),
                "enum" => match v {
                    Doc::Arr(options) => {
                        let value = value_of(inst)?;
                        options.iter().any(|o| doc_equals(o, value))
                    }
                    _ => return Err(Unsupported),
                },
                "const" if self.draft == Draft::Draft4 => return Err(Unsupported),
                "const" => doc_equals(v, value_of(inst)?),
                "properties" => self.valid_properties(v, inst)?,
                "additionalProperties" => self.valid_additional(members, v, inst)?,
                "patternProperties" => self.valid_pattern_properties(v, inst)?,
                "required" => match (v, inst.object()) {
                    (Doc::Arr(names), Some(m)) => names
                        .iter()
                        .all(|n| n.as_str().is_some_and(|n| m.contains_key(n))),
                    _ => true,
                },
                "items" => match inst {
                    Inst::Val(Value::Array(items)) => {
                        let mut all = true;
                        for item in items {
                            if !self.valid(v, Inst::Val(item))? {
                                all = false;
                                break;
                            }
                        }
                        all
                    }
                    _ => true,
                },
                "uniqueItems" => match (v, inst) {
                    (Doc::Bool(true), Inst::Val(Value::Array(items))) => {
                        jsonschema::json::unique::is_unique(items)
                    }
                    _ => true,
                },
                "minItems" | "maxItems" => match inst {
                    Inst::Val(Value::Array(items)) => within(keyword, v, items.len())?,
                    _ => true,
                },
                "minLength" | "maxLength" => match inst {
                    Inst::Val(Value::String(s)) => within(keyword, v, s.chars().count())?,
                    _ => true,
                },
                "minProperties" | "maxProperties" => match inst.object() {
                    Some(m) => within(keyword, v, m.len())?,
                    None => true,
                },
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                    match (v, inst) {
                        (Doc::Num(limit), Inst::Val(Value::Number(n))) => {
                            let ord = compare_numbers(n, limit).ok_or(Unsupported)?;
                            match keyword.as_ref() {
                                "minimum" => ord != Ordering::Less,
                                "maximum" => ord != Ordering::Greater,
                                "exclusiveMinimum" => ord == Ordering::Greater,
                                _ => ord == Ordering::Less,
                            }
                        }
                        _ => true,
                    }
                }
                "pattern" => match (v, inst) {
                    (Doc::Str(p), Inst::Val(Value::String(s))) => self.matches(p, s)?,
                    _ => true,
                },
                "allOf" => self.count_valid(v, inst, Combinator::All)?,
                "anyOf" => self.count_valid(v, inst, Combinator::Any)?,
                "oneOf" => self.count_valid(v, inst, Combinator::One)?,
                "not" => !self.valid(v, inst)?,
                "format" => match (v, inst) {
                    (Doc::Str(name), Inst::Val(value)) => self.valid_format(name, value)?,
                    _ => true,
                },
                "if" if matches!(self.draft, Draft::Draft4 | Draft::Draft6) => {
                    return Err(Unsupported);
                }
                "if" => {
                    let branch = if self.valid(v, inst)? { "then" } else { "else" };
                    match member(members, branch) {
                        Some(s) => self.valid(s, inst)?,
                        None => true,
                    }
                }
                _ => true,
            };
            if !ok {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Helm's validator asserts `format` in schemas of draft 7 and older,
    /// which `jsonschema` (built without format checks) does not.
    fn valid_format(&self, name: &str, value: &Value) -> Decided {
        match check_format(self.draft, name, value) {
            FormatCheck::Passes => Ok(true),
            FormatCheck::Fails(_) => Ok(false),
            FormatCheck::Undecided => Err(Unsupported),
        }
    }

    fn valid_ref(&mut self, reference: &'d Doc<'a>, inst: Inst<'_>) -> Decided {
        let (target, _) = reference
            .as_str()
            .and_then(|r| self.lookup_ref(r))
            .ok_or(Unsupported)?;
        self.valid(target, inst)
    }

    fn valid_type(&self, v: &Doc<'_>, inst: Inst<'_>) -> bool {
        match v {
            Doc::Str(name) => self.has_type(name, inst),
            Doc::Arr(names) => names
                .iter()
                .any(|n| n.as_str().is_some_and(|n| self.has_type(n, inst))),
            _ => false,
        }
    }

    fn has_type(&self, name: &str, inst: Inst<'_>) -> bool {
        let value = match inst {
            Inst::Root(_) => return name == "object",
            Inst::Val(value) => value,
        };
        match (name, value) {
            ("object", Value::Object(_))
            | ("array", Value::Array(_))
            | ("string", Value::String(_))
            | ("boolean", Value::Bool(_))
            | ("null", Value::Null)
            | ("number", Value::Number(_)) => true,
            ("integer", Value::Number(n)) => {
                n.is_i64()
                    || n.is_u64()
                    // Draft 4 counts only numbers written without a fraction.
                    || (self.draft != Draft::Draft4
                        && n.as_f64().is_some_and(|f| f.fract() == 0.0))
            }
            _ => false,
        }
    }

    fn valid_properties(&mut self, v: &'d Doc<'a>, inst: Inst<'_>) -> Decided {
        let (Doc::Obj(schemas), Some(m)) = (v, inst.object()) else {
            return Ok(true);
        };
        for (name, schema) in schemas {
            if let Some(value) = m.get(name.as_ref())
                && !self.valid(schema, Inst::Val(value))?
            {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn valid_pattern_properties(&mut self, v: &'d Doc<'a>, inst: Inst<'_>) -> Decided {
        let (Doc::Obj(schemas), Some(m)) = (v, inst.object()) else {
            return Ok(true);
        };
        for (pattern, schema) in schemas {
            for (key, value) in m {
                if self.matches(pattern, key)? && !self.valid(schema, Inst::Val(value))? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// `additionalProperties`: members named by neither `properties` nor a
    /// `patternProperties` pattern of the same schema.
    fn valid_additional(
        &mut self,
        members: &'d Members<'a>,
        v: &'d Doc<'a>,
        inst: Inst<'_>,
    ) -> Decided {
        let Some(m) = inst.object() else {
            return Ok(true);
        };
        if matches!(v, Doc::Bool(true)) {
            return Ok(true);
        }
        let named = member(members, "properties");
        let patterns = match member(members, "patternProperties") {
            Some(Doc::Obj(p)) => p.as_slice(),
            _ => &[],
        };
        'keys: for (key, value) in m {
            if named.is_some_and(|p| p.get(key).is_some()) {
                continue;
            }
            for (pattern, _) in patterns {
                if self.matches(pattern, key)? {
                    continue 'keys;
                }
            }
            if !self.valid(v, Inst::Val(value))? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `allOf`, `anyOf`, `oneOf`: evaluates branches until the outcome is known.
    fn count_valid(&mut self, v: &'d Doc<'a>, inst: Inst<'_>, of: Combinator) -> Decided {
        let Doc::Arr(branches) = v else {
            return Err(Unsupported);
        };
        let mut valid = 0;
        for branch in branches {
            if self.valid(branch, inst)? {
                valid += 1;
                match of {
                    Combinator::Any => return Ok(true),
                    Combinator::One if valid > 1 => return Ok(false),
                    _ => {}
                }
            } else if of == Combinator::All {
                return Ok(false);
            }
        }
        Ok(match of {
            Combinator::All => true,
            Combinator::Any => false,
            Combinator::One => valid == 1,
        })
    }

    /// Whether `pattern` (as `jsonschema` translates it) finds a match in `text`.
    fn matches(&mut self, pattern: &'d str, text: &str) -> Decided {
        self.regexes.matches(pattern, text).ok_or(Unsupported)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Combinator {
    All,
    Any,
    One,
}

/// `minX`/`maxX` against a length.
fn within(keyword: &str, limit: &Doc<'_>, len: usize) -> Decided {
    let Doc::Num(n) = limit else {
        return Err(Unsupported);
    };
    let limit = n.as_u64().ok_or(Unsupported)?;
    let len = u64::try_from(len).map_err(|_| Unsupported)?;
    Ok(if keyword.starts_with("min") {
        len >= limit
    } else {
        len <= limit
    })
}

fn value_of(inst: Inst<'_>) -> Result<&Value, Unsupported> {
    match inst {
        Inst::Val(v) => Ok(v),
        Inst::Root(_) => Err(Unsupported),
    }
}

/// JSON Schema equality (`1` equals `1.0`), as `jsonschema` decides it.
pub(super) fn doc_equals(doc: &Doc<'_>, value: &Value) -> bool {
    match (doc, value) {
        (Doc::Null, Value::Null) => true,
        (Doc::Bool(a), Value::Bool(b)) => a == b,
        (Doc::Str(a), Value::String(b)) => a == b,
        (Doc::Num(a), Value::Number(b)) => {
            jsonschema::json::cmp::equal(&Value::Number(a.clone()), &Value::Number(b.clone()))
        }
        (Doc::Arr(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| doc_equals(x, y))
        }
        (Doc::Obj(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k.as_ref()).is_some_and(|y| doc_equals(x, y)))
        }
        _ => false,
    }
}

/// The exact order of two JSON numbers (integers against floats without rounding).
pub(super) fn compare_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    fn int(n: &Number) -> Option<i128> {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    }
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        (Some(x), None) => Some(compare_int_float(x, b.as_f64()?)),
        (None, Some(y)) => Some(compare_int_float(y, a.as_f64()?).reverse()),
        (None, None) => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

fn compare_int_float(i: i128, f: f64) -> Ordering {
    /// 2^64: past every i64 and u64.
    const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
    let floor = f.floor();
    if floor < -TWO_POW_64 {
        return Ordering::Greater;
    }
    if floor >= TWO_POW_64 {
        return Ordering::Less;
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "an integral value within ±2^64"
    )]
    let whole = floor as i128;
    match i.cmp(&whole) {
        Ordering::Equal if f != floor => Ordering::Less,
        other => other,
    }
}

fn type_shape(v: &Doc<'_>) -> bool {
    const NAMES: [&str; 7] = [
        "array", "boolean", "integer", "null", "number", "object", "string",
    ];
    let known = |d: &Doc<'_>| d.as_str().is_some_and(|n| NAMES.contains(&n));
    match v {
        Doc::Arr(items) => {
            !items.is_empty() && items.iter().all(known) && distinct(items.iter().map(Doc::as_str))
        }
        other => known(other),
    }
}

/// Non-empty and of distinct scalars (draft 4 and 6 require both; telling
/// equal arrays or objects apart is left to `jsonschema`).
fn enum_shape(v: &Doc<'_>) -> bool {
    let Doc::Arr(items) = v else {
        return false;
    };
    if items.is_empty() || items.iter().any(|i| matches!(i, Doc::Arr(_) | Doc::Obj(_))) {
        return false;
    }
    // Numbers compare by their f64 value: equal ones are duplicates, and so are
    // some unequal ones (refused here, harmlessly).
    items.iter().enumerate().all(|(i, a)| {
        items[i + 1..].iter().all(|b| match (a, b) {
            (Doc::Num(x), Doc::Num(y)) => x.as_f64() != y.as_f64(),
            (x, y) => x != y,
        })
    })
}

fn required_shape(v: &Doc<'_>, draft4: bool) -> bool {
    let Doc::Arr(items) = v else {
        return false;
    };
    items.iter().all(|i| i.as_str().is_some())
        && !(draft4 && items.is_empty())
        && distinct(items.iter().map(Doc::as_str))
}

fn distinct<'x>(items: impl Iterator<Item = Option<&'x str>>) -> bool {
    let mut seen: Vec<Option<&str>> = items.collect();
    let len = seen.len();
    seen.sort_unstable();
    seen.dedup();
    seen.len() == len
}

/// A URI reference of plain characters only, so that `uri-reference` format
/// checks accept it (anything unusual goes to `jsonschema`).
fn plain_uri_ref(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'()*+,;=".contains(&b))
        && s.matches('#').count() <= 1
}

/// A JSON pointer array index: digits without a leading zero.
fn array_index(segment: &str) -> Option<usize> {
    if segment.len() > 1 && segment.starts_with('0') {
        return None;
    }
    segment.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const D7: &str = "http://json-schema.org/draft-07/schema#";
    const D4: &str = "http://json-schema.org/draft-04/schema#";
    const D6: &str = "http://json-schema.org/draft-06/schema#";

    /// What `jsonschema`, as `schema.rs` builds it, says of the pair.
    fn jsonschema_accepts(schema: &Value, values: &Value) -> bool {
        jsonschema::options()
            .should_validate_formats(false)
            .build(schema)
            .is_ok_and(|v| v.is_valid(values))
    }

    /// The quick check gives `want`, and never contradicts `jsonschema`.
    fn case(schema: Value, values: Value, want: Verdict) {
        let Value::Object(map) = &values else {
            panic!("values must be a map")
        };
        let raw = serde_json::to_vec(&schema).unwrap();
        let got = check(&raw, map);
        let reference = jsonschema_accepts(&schema, &values);
        match got {
            Verdict::Valid => assert!(reference, "{schema} {values}: valid here only"),
            Verdict::Invalid => assert!(!reference, "{schema} {values}: invalid here only"),
            Verdict::Unsupported => {}
        }
        assert_eq!(got, want, "{schema} {values}");
    }

    fn with_draft(draft: &str, mut schema: Value) -> Value {
        schema["$schema"] = json!(draft);
        schema
    }

    #[test]
    fn types_follow_the_draft() {
        let s = json!({"properties": {"n": {"type": "integer"}}});
        case(s.clone(), json!({"n": 1.0}), Verdict::Valid);
        case(
            with_draft(D4, s.clone()),
            json!({"n": 1.0}),
            Verdict::Invalid,
        );
        case(s.clone(), json!({"n": 1.5}), Verdict::Invalid);
        case(s, json!({"n": "1"}), Verdict::Invalid);
        let s = json!({"type": "object", "properties": {"x": {"type": ["string", "null"]}}});
        case(s.clone(), json!({"x": null}), Verdict::Valid);
        case(s, json!({"x": false}), Verdict::Invalid);
    }

    #[test]
    fn object_keywords() {
        let s = json!({
            "required": ["a"],
            "properties": {"a": {"type": "string"}},
            "patternProperties": {"^x-": {"type": "integer"}},
            "additionalProperties": false,
            "maxProperties": 3
        });
        case(s.clone(), json!({"a": "v", "x-1": 2}), Verdict::Valid);
        case(s.clone(), json!({"x-1": 2}), Verdict::Invalid);
        case(s.clone(), json!({"a": "v", "x-1": "2"}), Verdict::Invalid);
        case(s.clone(), json!({"a": "v", "b": 1}), Verdict::Invalid);
        case(
            s,
            json!({"a": "v", "x-1": 1, "x-2": 2, "x-3": 3}),
            Verdict::Invalid,
        );
        let s = json!({"properties": {"m": {"additionalProperties": {"type": "string"}}}});
        case(s.clone(), json!({"m": {"k": "v"}}), Verdict::Valid);
        case(s, json!({"m": {"k": 1}}), Verdict::Invalid);
    }

    #[test]
    fn scalar_keywords() {
        let s = json!({"properties": {
            "e": {"enum": ["a", 1, null]},
            "c": {"const": 2},
            "n": {"minimum": 1, "maximum": 2.5, "exclusiveMaximum": 2.5},
            "s": {"minLength": 2, "maxLength": 3, "pattern": "^\\d+$"},
            "l": {"minItems": 1, "uniqueItems": true, "items": {"type": "integer"}}
        }});
        case(
            s.clone(),
            json!({"e": 1.0, "c": 2.0, "n": 2.4, "s": "ab1", "l": [1, 2]}),
            Verdict::Invalid,
        );
        case(
            s.clone(),
            json!({"e": 1.0, "c": 2.0, "n": 2.4, "s": "123", "l": [1, 2]}),
            Verdict::Valid,
        );
        case(s.clone(), json!({"e": "b"}), Verdict::Invalid);
        case(s.clone(), json!({"c": 3}), Verdict::Invalid);
        case(s.clone(), json!({"n": 2.5}), Verdict::Invalid);
        case(s.clone(), json!({"n": 0.99}), Verdict::Invalid);
        case(s.clone(), json!({"n": 1}), Verdict::Valid);
        case(s.clone(), json!({"s": "1234"}), Verdict::Invalid);
        case(s.clone(), json!({"s": "é1"}), Verdict::Invalid);
        case(s.clone(), json!({"l": []}), Verdict::Invalid);
        case(s.clone(), json!({"l": [1, 1.0]}), Verdict::Invalid);
        case(s, json!({"l": [1, "x"]}), Verdict::Invalid);
    }

    #[test]
    fn combinators() {
        let s = json!({"properties": {"v": {
            "oneOf": [{"type": "integer"}, {"minimum": 5}],
            "anyOf": [{"type": "number"}, {"type": "string"}],
            "not": {"const": 7}
        }}});
        case(s.clone(), json!({"v": 3}), Verdict::Valid);
        case(s.clone(), json!({"v": 6}), Verdict::Invalid);
        case(s.clone(), json!({"v": 5.5}), Verdict::Valid);
        case(s.clone(), json!({"v": true}), Verdict::Invalid);
        case(s, json!({"v": 7.0}), Verdict::Invalid);
        let s = json!({"if": {"properties": {"on": {"const": true}}},
            "then": {"required": ["name"]}, "else": {"required": ["off"]}});
        case(s.clone(), json!({"on": true, "name": 1}), Verdict::Valid);
        case(s.clone(), json!({"on": true}), Verdict::Invalid);
        case(s.clone(), json!({"on": false, "off": 1}), Verdict::Valid);
        case(s.clone(), json!({"off": 1}), Verdict::Invalid);
        case(with_draft(D4, s), json!({}), Verdict::Unsupported);
    }

    #[test]
    fn references() {
        let s = json!({
            "definitions": {"port": {"type": "integer"}, "config": {"d": {"type": "string"}}},
            "$defs": {"tree": {"type": "object", "additionalProperties": {"$ref": "#/$defs/tree"}}},
            "properties": {
                "p": {"$ref": "#/definitions/port"},
                "d": {"$ref": "#/definitions/config/d"},
                "t": {"$ref": "#/$defs/tree"},
                "same": {"$ref": "#/properties/p"}
            }
        });
        case(
            s.clone(),
            json!({"p": 1, "d": "x", "t": {"a": {"b": {}}}, "same": 2}),
            Verdict::Valid,
        );
        case(s.clone(), json!({"p": "1"}), Verdict::Invalid);
        case(s.clone(), json!({"d": 1}), Verdict::Invalid);
        case(s.clone(), json!({"t": {"a": {"b": 1}}}), Verdict::Invalid);
        case(s, json!({"same": "x"}), Verdict::Invalid);
        // Up to draft 7 a $ref hides its siblings; from 2019-09 both apply.
        let s = json!({"definitions": {"o": {"type": "object"}},
            "properties": {"v": {"$ref": "#/definitions/o", "required": ["k"]}}});
        case(with_draft(D7, s.clone()), json!({"v": {}}), Verdict::Valid);
        case(s, json!({"v": {}}), Verdict::Invalid);
        for unresolved in ["#/definitions/none", "other.json#/a", "#/definitions/a%20b"] {
            case(
                json!({"definitions": {"a b": {}}, "properties": {"v": {"$ref": unresolved}}}),
                json!({"v": 1}),
                Verdict::Unsupported,
            );
        }
    }

    #[test]
    fn schemas_outside_the_subset_are_left_to_jsonschema() {
        let unsupported = [
            json!({"propertyNames": {"maxLength": 3}}),
            json!({"properties": {"a": {"$id": "inner"}}}),
            json!({"properties": {"a": {"$schema": D7}}}),
            json!({"$schema": "https://example.com/custom"}),
            json!({"items": [{"type": "string"}]}),
            json!({"multipleOf": 2}),
            // Rules of the meta-schema: jsonschema refuses to build these.
            with_draft(D7, json!({"properties": {"a": {"minLength": -1}}})),
            with_draft(D7, json!({"properties": {"a": {"type": "text"}}})),
            with_draft(D7, json!({"required": ["a", "a"]})),
            with_draft(D4, json!({"properties": {"a": true}})),
            with_draft(D4, json!({"properties": {"a": {"exclusiveMinimum": true}}})),
            with_draft(D7, json!({"properties": {"a": {"pattern": "(?<=a)b"}}})),
            with_draft(D7, json!({"properties": {"b": {"pattern": "[a"}}})),
            // A lookahead: fancy-regex matches it, the regex crate cannot.
            json!({"properties": {"a": {"pattern": "^(?!x)"}}}),
        ];
        for s in unsupported {
            let raw = serde_json::to_vec(&s).unwrap();
            let Value::Object(values) = json!({"a": "v"}) else {
                unreachable!()
            };
            assert_ne!(check(&raw, &values), Verdict::Valid, "{s}");
            // Never valid here when jsonschema refuses the schema.
            if check(&raw, &Map::new()) == Verdict::Valid {
                assert!(jsonschema_accepts(&s, &json!({})), "{s}");
            }
        }
        // A member named twice: serde_json keeps the last, this check gives up.
        let raw = br#"{"properties": {"a": {"type": "string"}, "a": {"type": "integer"}}}"#;
        let Value::Object(values) = json!({"a": 1}) else {
            unreachable!()
        };
        assert_eq!(check(raw, &values), Verdict::Unsupported);
    }

    #[test]
    fn annotations_and_unknown_keywords_are_ignored() {
        let s = with_draft(
            D7,
            json!({
                "title": "t", "description": "d", "default": {}, "examples": [1],
                "$comment": "c", "readOnly": true, "format": "no-such-format",
                "form": true, "x-kubernetes-preserve-unknown-fields": true,
                "properties": {"a": {"format": "email", "type": "string"}}
            }),
        );
        case(s, json!({"a": "a@example.com"}), Verdict::Valid);
        case(json!({"title": 1}), json!({}), Verdict::Unsupported);
    }

    /// `format` asserts up to draft 7 (where `jsonschema`, as built in
    /// `schema.rs`, does not check it) and is an annotation from 2019-09.
    #[test]
    fn formats_assert_in_draft_7_and_older() {
        let verdict = |schema: Value, values: Value| {
            let Value::Object(map) = values else {
                unreachable!()
            };
            check(&serde_json::to_vec(&schema).unwrap(), &map)
        };
        let s = json!({"properties": {"a": {"format": "email"}, "n": {"format": "ipv4"}}});
        for draft in [D4, D6, D7] {
            let s = with_draft(draft, s.clone());
            assert_eq!(verdict(s.clone(), json!({"a": "x"})), Verdict::Invalid);
            assert_eq!(
                verdict(s.clone(), json!({"a": "x@y", "n": 1})),
                Verdict::Valid
            );
        }
        assert_eq!(verdict(s.clone(), json!({"a": "x"})), Verdict::Valid);
        // A failing format inside `not` makes the value valid.
        let s = with_draft(
            D7,
            json!({"properties": {"a": {"not": {"format": "ipv4"}}}}),
        );
        assert_eq!(verdict(s.clone(), json!({"a": "1.2.3"})), Verdict::Valid);
        assert_eq!(verdict(s, json!({"a": "1.2.3.4"})), Verdict::Invalid);
        // Beside a `$ref` (draft 7) a format is ignored.
        let s = with_draft(
            D7,
            json!({"definitions": {"s": {}}, "properties": {"a": {"$ref": "#/definitions/s", "format": "ipv4"}}}),
        );
        assert_eq!(verdict(s, json!({"a": "x"})), Verdict::Valid);
        // Go's regexp syntax is not emulated: the check gives up.
        let s = with_draft(D7, json!({"properties": {"a": {"format": "regex"}}}));
        assert_eq!(verdict(s.clone(), json!({"a": "a("})), Verdict::Unsupported);
        assert_eq!(verdict(s, json!({"a": "plain"})), Verdict::Valid);
    }

    #[test]
    fn numbers_compare_exactly() {
        let cases = [
            (json!(1), json!(1.0), Ordering::Equal),
            (json!(2), json!(1.5), Ordering::Greater),
            (json!(-2), json!(-1.5), Ordering::Less),
            (
                json!(u64::MAX),
                json!(1.8446744073709552e19),
                Ordering::Less,
            ),
            (json!(i64::MIN), json!(-1e300), Ordering::Greater),
            (
                json!(9007199254740993_u64),
                json!(9007199254740992.0),
                Ordering::Greater,
            ),
            (json!(0.5), json!(0.25), Ordering::Greater),
        ];
        for (a, b, want) in cases {
            let (Value::Number(x), Value::Number(y)) = (&a, &b) else {
                unreachable!()
            };
            assert_eq!(compare_numbers(x, y), Some(want), "{a} {b}");
            assert_eq!(compare_numbers(y, x), Some(want.reverse()), "{b} {a}");
        }
    }
}
