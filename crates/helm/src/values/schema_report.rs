//! Why values break a schema, told as Helm tells it. Helm validates with
//! santhosh-tekuri/jsonschema v6, whose failures form a tree: keywords are
//! checked in a fixed order (a wrong `type`, `const` or `enum` ends the check
//! of that schema), several failures of one schema are grouped ("validation
//! failed"), combinators list their branches' failures beneath them, and
//! `propertyNames` failures are reported at the root. This walk follows those
//! rules over the schema document for the keywords charts use, and prints
//! the tree in Helm's layout. Anything outside them (an unknown dialect,
//! `unevaluated*`, dynamic references, remote references) is
//! [`Report::Unsupported`]: the caller then words `jsonschema`'s failures.
//!
//! Where Helm's order depends on Go's map iteration (members of the values,
//! names in one `additional properties` failure) it varies from run to run;
//! the values' own order is used here.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use jsonschema::Draft;
use serde_json::{Map, Number, Value};

use super::schema_doc::Doc;
use super::schema_format::{FormatCheck, check_format, check_string_format};
use super::schema_pattern::Patterns;
use super::schema_refs::{ROOT_URI, join_uri};
use super::schema_subset::{compare_numbers, doc_equals, draft_of};
use super::schema_words::{count, display, float, number_value, pointer, quote};

/// What the walk concluded.
#[derive(Debug, PartialEq, Eq)]
pub enum Report {
    /// The values meet the schema.
    Valid,
    /// They do not: Helm's lines (`- at '<path>': <cause>\n`, nested causes
    /// indented), the chart name not included.
    Invalid(String),
    /// The schema uses what this walk does not follow.
    Unsupported,
}

impl Report {
    /// `Ok` for valid values, the lines for invalid ones (an undecided
    /// report reads as valid: callers decide those elsewhere).
    pub fn into_result(self) -> Result<(), String> {
        match self {
            Report::Invalid(lines) => Err(lines),
            Report::Valid | Report::Unsupported => Ok(()),
        }
    }
}

/// Deepest nesting of schema evaluations (a `$ref` cycle that consumes no
/// value ends here).
const MAX_DEPTH: usize = 128;

/// Explains how `values` break the schema document `raw`.
#[cfg(test)]
pub fn explain(raw: &[u8], values: &Map<String, Value>) -> Report {
    match super::schema_doc::parse(raw) {
        Some(root) => explain_doc(&root, values),
        None => Report::Unsupported,
    }
}

/// Explains how `values` break a parsed schema document.
pub fn explain_doc(root: &Doc<'_>, values: &Map<String, Value>) -> Report {
    explain_with(root, values, &Documents::new())
}

/// The other documents a schema references, by URI.
pub type Documents<'a> = BTreeMap<String, Doc<'a>>;

/// Explains how `values` break a parsed schema document whose references to
/// other documents resolve in `documents` (those [`super::schema_refs`]
/// loaded); one that does not is unsupported.
pub fn explain_with(
    root: &Doc<'_>,
    values: &Map<String, Value>,
    documents: &Documents<'_>,
) -> Report {
    let Some(draft) = draft_of(root) else {
        return Report::Unsupported;
    };
    if !documents.is_empty() && has_inner_ids(root, draft) {
        return Report::Unsupported;
    }
    let base = match root.get("$id") {
        None => ROOT_URI.to_string(),
        Some(Doc::Str(id)) => match join_uri(ROOT_URI, id) {
            Some(uri) => uri,
            None => return Report::Unsupported,
        },
        Some(_) => return Report::Unsupported,
    };
    let followed = followed_documents(documents);
    let mut walk = Walk {
        draft,
        root,
        base: &base,
        documents: &followed,
        at: Vec::new(),
        regexes: Patterns::default(),
        depth: 0,
    };
    match walk.validate(root, Inst::Root(values)) {
        Err(Unsupported) => Report::Unsupported,
        Ok(None) => Report::Valid,
        Ok(Some(failure)) => {
            let mut out = String::new();
            // The root's own group is not printed: its causes are the lines.
            let top = match failure.kind {
                Kind::Group => failure.causes,
                _ => vec![failure],
            };
            for f in &top {
                f.print(1, &mut out);
            }
            Report::Invalid(out)
        }
    }
}

/// The walk met something it does not follow.
#[derive(Debug)]
struct Unsupported;

type Outcome = Result<Option<Failure>, Unsupported>;

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// Several failures of one schema.
    Group,
    /// A `$ref`'s failures; printed only when it has several.
    Reference,
    /// A keyword's failure.
    Keyword,
}

/// One node of the failure tree.
#[derive(Debug)]
struct Failure {
    /// The instance location's tokens.
    at: Vec<String>,
    kind: Kind,
    message: String,
    causes: Vec<Failure>,
}

impl Failure {
    fn print(&self, indent: usize, out: &mut String) {
        if self.kind == Kind::Reference && self.causes.len() == 1 {
            self.causes[0].print(indent, out);
            return;
        }
        for _ in 1..indent {
            out.push_str("  ");
        }
        out.push_str(&format!("- at {}: {}\n", pointer(&self.at), self.message));
        for c in &self.causes {
            c.print(indent + 1, out);
        }
    }
}

/// A value being checked: the values map itself, a value in it, or a member
/// name (for `propertyNames`).
#[derive(Clone, Copy)]
enum Inst<'v> {
    Root(&'v Map<String, Value>),
    Val(&'v Value),
    Name(&'v str),
}

impl<'v> Inst<'v> {
    fn object(self) -> Option<&'v Map<String, Value>> {
        match self {
            Inst::Root(m) | Inst::Val(Value::Object(m)) => Some(m),
            _ => None,
        }
    }

    fn string(self) -> Option<&'v str> {
        match self {
            Inst::Val(Value::String(s)) => Some(s),
            Inst::Name(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON type name the validator reports (every number is "number").
    fn type_name(self) -> &'static str {
        match self {
            Inst::Root(_) | Inst::Val(Value::Object(_)) => "object",
            Inst::Name(_) | Inst::Val(Value::String(_)) => "string",
            Inst::Val(Value::Null) => "null",
            Inst::Val(Value::Bool(_)) => "boolean",
            Inst::Val(Value::Number(_)) => "number",
            Inst::Val(Value::Array(_)) => "array",
        }
    }

    fn equals(self, doc: &Doc<'_>) -> bool {
        match self {
            Inst::Val(v) => doc_equals(doc, v),
            Inst::Name(s) => doc.as_str() == Some(s),
            Inst::Root(m) => doc_equals(doc, &Value::Object(m.clone())),
        }
    }
}

/// The validator's order of type names in "want ...".
const TYPE_ORDER: [&str; 7] = [
    "null", "boolean", "number", "integer", "string", "array", "object",
];

type Members<'a> = [(Cow<'a, str>, Doc<'a>)];

fn member<'d, 'a>(members: &'d Members<'a>, name: &str) -> Option<&'d Doc<'a>> {
    members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

struct Walk<'d, 'a> {
    draft: Draft,
    /// The document being walked, and its URI (references resolve against it).
    root: &'d Doc<'a>,
    base: &'d str,
    /// The other documents this walk follows references into.
    documents: &'d Followed<'d, 'a>,
    /// The instance location being checked.
    at: Vec<String>,
    regexes: Patterns<'d>,
    depth: usize,
}

/// The failures one schema collects, grouped when several.
struct Collected<'w> {
    at: &'w [String],
    failures: Vec<Failure>,
}

impl Collected<'_> {
    fn keyword(&mut self, message: String) {
        self.failures.push(Failure {
            at: self.at.to_vec(),
            kind: Kind::Keyword,
            message,
            causes: Vec::new(),
        });
    }

    fn with_causes(&mut self, message: String, causes: Vec<Failure>) {
        self.failures.push(Failure {
            at: self.at.to_vec(),
            kind: Kind::Keyword,
            message,
            causes,
        });
    }

    fn into_outcome(mut self) -> Option<Failure> {
        match self.failures.len() {
            0 => None,
            1 => self.failures.pop(),
            _ => Some(Failure {
                at: self.at.to_vec(),
                kind: Kind::Group,
                message: "validation failed".into(),
                causes: self.failures,
            }),
        }
    }
}

impl<'d, 'a> Walk<'d, 'a> {
    /// Before 2019-09 a `$ref` replaces its siblings and `items` may be a
    /// list.
    fn legacy(&self) -> bool {
        matches!(self.draft, Draft::Draft4 | Draft::Draft6 | Draft::Draft7)
    }

    fn single(&self, message: String) -> Option<Failure> {
        Some(Failure {
            at: self.at.clone(),
            kind: Kind::Keyword,
            message,
            causes: Vec::new(),
        })
    }

    fn validate(&mut self, schema: &'d Doc<'a>, inst: Inst<'_>) -> Outcome {
        match schema {
            Doc::Bool(true) => Ok(None),
            Doc::Bool(false) => Ok(self.single("false schema".into())),
            Doc::Obj(members) => {
                if self.depth == MAX_DEPTH {
                    return Err(Unsupported);
                }
                self.depth += 1;
                let outcome = self.validate_members(members, inst);
                self.depth -= 1;
                outcome
            }
            _ => Err(Unsupported),
        }
    }

    /// Runs `f` with `token` appended to the instance location.
    fn at<T>(&mut self, token: String, f: impl FnOnce(&mut Self) -> T) -> T {
        self.at.push(token);
        let out = f(self);
        self.at.pop();
        out
    }

    fn validate_members(&mut self, members: &'d Members<'a>, inst: Inst<'_>) -> Outcome {
        // Up to draft 7 a `$ref` hides every keyword beside it.
        if self.legacy()
            && let Some(reference) = member(members, "$ref")
        {
            return self.reference(reference, inst);
        }
        self.check_supported(members)?;
        if let Some(types) = member(members, "type")
            && let Some(failure) = self.type_failure(types, inst)?
        {
            return Ok(Some(failure));
        }
        if let Some(want) = member(members, "const")
            && !inst.equals(want)
        {
            let message = match want {
                Doc::Arr(_) | Doc::Obj(_) => "'const' failed".to_string(),
                other => format!("value must be {}", display(&to_value(other))),
            };
            return Ok(self.single(message));
        }
        if let Some(options) = member(members, "enum") {
            let Doc::Arr(options) = options else {
                return Err(Unsupported);
            };
            if !options.iter().any(|o| inst.equals(o)) {
                return Ok(self.single(enum_message(options)));
            }
        }
        if let Some(format) = member(members, "format") {
            let name = format.as_str().ok_or(Unsupported)?;
            let (check, shown) = match inst {
                Inst::Val(v) => (check_format(self.draft, name, v), v.as_str()),
                Inst::Name(s) => (check_string_format(self.draft, name, s), Some(s)),
                Inst::Root(_) => (FormatCheck::Passes, None),
            };
            match (check, shown) {
                (FormatCheck::Passes, _) => {}
                (FormatCheck::Fails(reason), Some(s)) => {
                    return Ok(self.single(format!("{} is not valid {name}: {reason}", quote(s))));
                }
                (FormatCheck::Fails(_) | FormatCheck::Undecided, _) => return Err(Unsupported),
            }
        }
        let here = self.at.clone();
        let mut collected = Collected {
            at: &here,
            failures: Vec::new(),
        };
        if let Some(reference) = member(members, "$ref") {
            collected.failures.extend(self.reference(reference, inst)?);
        }
        match inst {
            Inst::Root(_) | Inst::Val(Value::Object(_)) => {
                if let Some(object) = inst.object() {
                    self.object(members, inst, object, &mut collected)?;
                }
            }
            Inst::Val(Value::Array(items)) => self.array(members, items, &mut collected)?,
            Inst::Val(Value::String(_)) | Inst::Name(_) => {
                if let Some(s) = inst.string() {
                    self.string(members, s, &mut collected)?;
                }
            }
            Inst::Val(Value::Number(n)) => number(self.draft, members, n, &mut collected)?,
            Inst::Val(_) => {}
        }
        self.conditions(members, inst, &mut collected)?;
        Ok(collected.into_outcome())
    }

    /// Refuses schemas using keywords this walk does not follow.
    fn check_supported(&self, members: &Members<'_>) -> Result<(), Unsupported> {
        for (keyword, _) in members {
            let supported = match keyword.as_ref() {
                "$schema"
                | "$id"
                | "id"
                | "$ref"
                | "$comment"
                | "title"
                | "description"
                | "default"
                | "examples"
                | "readOnly"
                | "writeOnly"
                | "deprecated"
                | "definitions"
                | "$defs"
                | "type"
                | "const"
                | "enum"
                | "format"
                | "properties"
                | "patternProperties"
                | "additionalProperties"
                | "required"
                | "minProperties"
                | "maxProperties"
                | "propertyNames"
                | "minItems"
                | "maxItems"
                | "uniqueItems"
                | "items"
                | "contains"
                | "minLength"
                | "maxLength"
                | "pattern"
                | "minimum"
                | "maximum"
                | "exclusiveMinimum"
                | "exclusiveMaximum"
                | "multipleOf"
                | "not"
                | "allOf"
                | "anyOf"
                | "oneOf"
                | "if"
                | "then"
                | "else" => true,
                "dependencies" => true,
                "additionalItems" => self.legacy(),
                "dependentRequired" | "dependentSchemas" | "minContains" | "maxContains" => {
                    !self.legacy()
                }
                "prefixItems" => self.draft == Draft::Draft202012,
                // Other keywords of some draft (unevaluated*, dynamic references,
                // content*, anchors, vocabularies) are not followed; the rest
                // are annotations nobody checks.
                other => !(Draft::Unknown.is_known_keyword(other) || other == "$vocabulary"),
            };
            if !supported {
                return Err(Unsupported);
            }
        }
        Ok(())
    }

    fn type_failure(&self, types: &Doc<'_>, inst: Inst<'_>) -> Outcome {
        let names: Vec<&str> = match types {
            Doc::Str(name) => vec![name.as_ref()],
            Doc::Arr(items) => items.iter().filter_map(Doc::as_str).collect(),
            _ => return Err(Unsupported),
        };
        let got = inst.type_name();
        let integral = match inst {
            Inst::Val(Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        };
        let matched = names
            .iter()
            .any(|n| *n == got || (*n == "integer" && integral));
        if matched || !names.iter().any(|n| TYPE_ORDER.contains(n)) {
            return Ok(None);
        }
        let want: Vec<&str> = TYPE_ORDER
            .iter()
            .copied()
            .filter(|t| names.contains(t))
            .collect();
        Ok(self.single(format!("got {got}, want {}", want.join(" or "))))
    }

    /// A `$ref`'s outcome, wrapped as the validator wraps it.
    fn reference(&mut self, reference: &'d Doc<'a>, inst: Inst<'_>) -> Outcome {
        let reference = reference.as_str().ok_or(Unsupported)?;
        let (document, fragment) = match reference.find('#') {
            Some(i) => reference.split_at(i),
            None => (reference, "#"),
        };
        let outcome = if document.is_empty() {
            let target = resolve(self.root, fragment).ok_or(Unsupported)?;
            self.validate(target, inst)?
        } else {
            let uri = join_uri(self.base, document).ok_or(Unsupported)?;
            let (uri, &(root, draft)) = self
                .documents
                .get_key_value(uri.as_str())
                .ok_or(Unsupported)?;
            let target = resolve(root, fragment).ok_or(Unsupported)?;
            let outer = (
                std::mem::replace(&mut self.root, root),
                std::mem::replace(&mut self.base, uri),
                std::mem::replace(&mut self.draft, draft),
            );
            let outcome = self.validate(target, inst);
            (self.root, self.base, self.draft) = outer;
            outcome?
        };
        Ok(outcome.map(|failure| {
            let causes = match failure.kind {
                Kind::Group => failure.causes,
                _ => vec![failure],
            };
            Failure {
                at: self.at.clone(),
                kind: Kind::Reference,
                message: "validation failed".into(),
                causes,
            }
        }))
    }

    fn object(
        &mut self,
        members: &'d Members<'a>,
        inst: Inst<'_>,
        object: &Map<String, Value>,
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        bounds(members, "minProperties", "maxProperties", object.len(), out)?;
        if let Some(required) = member(members, "required") {
            let missing = missing(required, object)?;
            match missing.as_slice() {
                [] => {}
                [one] => out.keyword(format!("missing property {}", quote(one))),
                many => out.keyword(format!("missing properties {}", quote_list(many))),
            }
        }
        if let Some(Doc::Obj(dependencies)) = member(members, "dependencies") {
            for (name, dependency) in dependencies {
                if !object.contains_key(name.as_ref()) {
                    continue;
                }
                match dependency {
                    Doc::Arr(_) => self.dependent_required(name, dependency, object, out)?,
                    schema => {
                        let failure = self.validate(schema, inst)?;
                        out.failures.extend(failure);
                    }
                }
            }
        }
        self.members(members, object, out)?;
        if self.draft == Draft::Draft4 {
            return Ok(());
        }
        if let Some(names) = member(members, "propertyNames") {
            for name in object.keys() {
                // Checked as a document of its own: reported at the root.
                let outer = std::mem::take(&mut self.at);
                let failure = self.validate(names, Inst::Name(name));
                self.at = outer;
                if let Some(failure) = failure? {
                    let causes = match failure.kind {
                        Kind::Group => failure.causes,
                        _ => vec![failure],
                    };
                    out.failures.push(Failure {
                        at: Vec::new(),
                        kind: Kind::Keyword,
                        message: format!("invalid propertyName {}", quote(name)),
                        causes,
                    });
                }
            }
        }
        if self.legacy() {
            return Ok(());
        }
        if let Some(Doc::Obj(schemas)) = member(members, "dependentSchemas") {
            for (name, schema) in schemas {
                if object.contains_key(name.as_ref()) {
                    let failure = self.validate(schema, inst)?;
                    out.failures.extend(failure);
                }
            }
        }
        if let Some(Doc::Obj(required)) = member(members, "dependentRequired") {
            for (name, names) in required {
                if object.contains_key(name.as_ref()) {
                    self.dependent_required(name, names, object, out)?;
                }
            }
        }
        Ok(())
    }

    fn dependent_required(
        &self,
        name: &str,
        names: &Doc<'_>,
        object: &Map<String, Value>,
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        let missing = missing(names, object)?;
        if !missing.is_empty() {
            out.keyword(format!(
                "properties {} required, if {} exists",
                quote_list(&missing),
                quote(name)
            ));
        }
        Ok(())
    }

    /// `properties`, `patternProperties` and `additionalProperties`, member
    /// by member of the values.
    fn members(
        &mut self,
        members: &'d Members<'a>,
        object: &Map<String, Value>,
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        let named = match member(members, "properties") {
            Some(Doc::Obj(p)) => p.as_slice(),
            Some(_) => return Err(Unsupported),
            None => &[],
        };
        let patterns = match member(members, "patternProperties") {
            Some(Doc::Obj(p)) => p.as_slice(),
            Some(_) => return Err(Unsupported),
            None => &[],
        };
        let additional = member(members, "additionalProperties");
        let mut not_allowed = Vec::new();
        for (name, value) in object {
            let mut evaluated = false;
            if let Some(schema) = member(named, name) {
                evaluated = true;
                let failure = self.at(name.clone(), |w| w.validate(schema, Inst::Val(value)))?;
                out.failures.extend(failure);
            }
            for (pattern, schema) in patterns {
                if self.matches(pattern, name)? {
                    evaluated = true;
                    let failure =
                        self.at(name.clone(), |w| w.validate(schema, Inst::Val(value)))?;
                    out.failures.extend(failure);
                }
            }
            match additional {
                _ if evaluated => {}
                None | Some(Doc::Bool(true)) => {}
                Some(Doc::Bool(false)) => not_allowed.push(name.as_str()),
                Some(schema) => {
                    let failure =
                        self.at(name.clone(), |w| w.validate(schema, Inst::Val(value)))?;
                    out.failures.extend(failure);
                }
            }
        }
        if !not_allowed.is_empty() {
            out.keyword(format!(
                "additional properties {} not allowed",
                quote_list(&not_allowed)
            ));
        }
        Ok(())
    }

    fn array(
        &mut self,
        members: &'d Members<'a>,
        items: &[Value],
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        bounds(members, "minItems", "maxItems", items.len(), out)?;
        if let Some(Doc::Bool(true)) = member(members, "uniqueItems")
            && let Some((first, second)) = first_duplicate(items)
        {
            out.keyword(format!(
                "items at {} and {} are equal",
                count(first),
                count(second)
            ));
        }
        if self.draft == Draft::Draft202012 {
            let prefix = match member(members, "prefixItems") {
                Some(Doc::Arr(p)) => p.as_slice(),
                Some(_) => return Err(Unsupported),
                None => &[],
            };
            let evaluated = prefix.len().min(items.len());
            for (i, (schema, item)) in prefix.iter().zip(items).enumerate() {
                let failure = self.at(i.to_string(), |w| w.validate(schema, Inst::Val(item)))?;
                out.failures.extend(failure);
            }
            if let Some(schema) = member(members, "items") {
                // Helm's validator numbers these from 0 again.
                for (i, item) in items[evaluated..].iter().enumerate() {
                    let failure =
                        self.at(i.to_string(), |w| w.validate(schema, Inst::Val(item)))?;
                    out.failures.extend(failure);
                }
            }
        } else {
            let mut evaluated = 0;
            match member(members, "items") {
                None => {}
                Some(Doc::Arr(tuple)) => {
                    for (i, (schema, item)) in tuple.iter().zip(items).enumerate() {
                        let failure =
                            self.at(i.to_string(), |w| w.validate(schema, Inst::Val(item)))?;
                        out.failures.extend(failure);
                    }
                    evaluated = tuple.len().min(items.len());
                }
                Some(schema) => {
                    for (i, item) in items.iter().enumerate() {
                        let failure =
                            self.at(i.to_string(), |w| w.validate(schema, Inst::Val(item)))?;
                        out.failures.extend(failure);
                    }
                    evaluated = items.len();
                }
            }
            match member(members, "additionalItems") {
                None | Some(Doc::Bool(true)) => {}
                Some(Doc::Bool(false)) => {
                    if evaluated != items.len() {
                        out.keyword(format!(
                            "last {} additionalItem(s) not allowed",
                            count(items.len() - evaluated)
                        ));
                    }
                }
                Some(schema) => {
                    for (i, item) in items[evaluated..].iter().enumerate() {
                        let failure =
                            self.at(i.to_string(), |w| w.validate(schema, Inst::Val(item)))?;
                        out.failures.extend(failure);
                    }
                }
            }
        }
        if let Some(schema) = member(members, "contains") {
            self.contains(members, schema, items, out)?;
        }
        Ok(())
    }

    fn contains(
        &mut self,
        members: &'d Members<'a>,
        schema: &'d Doc<'a>,
        items: &[Value],
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        let mut failures = Vec::new();
        let mut matched = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match self.at(i.to_string(), |w| w.validate(schema, Inst::Val(item)))? {
                Some(f) => failures.push(f),
                None => matched.push(i),
            }
        }
        let at = |list: &[usize]| {
            list.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        };
        match member(members, "minContains") {
            Some(min) => {
                let min = limit(min)?;
                if matched.len() < min {
                    let message = if matched.is_empty() {
                        format!(
                            "min {} items required to match contains schema, but none matched",
                            count(min)
                        )
                    } else {
                        format!(
                            "min {} items required to match contains schema, but matched {} items at {}",
                            count(min),
                            count(matched.len()),
                            at(&matched)
                        )
                    };
                    out.with_causes(message, failures);
                }
            }
            None if matched.is_empty() => {
                out.with_causes("no items match contains schema".into(), failures);
            }
            None => {}
        }
        if let Some(max) = member(members, "maxContains") {
            let max = limit(max)?;
            if matched.len() > max {
                out.keyword(format!(
                    "max {} items required to match contains schema, but matched {} items at {}",
                    count(max),
                    count(matched.len()),
                    at(&matched)
                ));
            }
        }
        Ok(())
    }

    fn string(
        &mut self,
        members: &'d Members<'a>,
        s: &str,
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        let len = s.chars().count();
        bounds(members, "minLength", "maxLength", len, out)?;
        if let Some(pattern) = member(members, "pattern") {
            let pattern = pattern.as_str().ok_or(Unsupported)?;
            if !self.matches(pattern, s)? {
                out.keyword(format!(
                    "{} does not match pattern {}",
                    quote(s),
                    quote(pattern)
                ));
            }
        }
        Ok(())
    }

    /// `not`, `allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`.
    fn conditions(
        &mut self,
        members: &'d Members<'a>,
        inst: Inst<'_>,
        out: &mut Collected<'_>,
    ) -> Result<(), Unsupported> {
        if let Some(schema) = member(members, "not")
            && self.validate(schema, inst)?.is_none()
        {
            out.keyword("'not' failed".into());
        }
        if let Some(branches) = member(members, "allOf") {
            let mut failures = Vec::new();
            for branch in list(branches)? {
                failures.extend(self.validate(branch, inst)?);
            }
            if !failures.is_empty() {
                out.with_causes("'allOf' failed".into(), failures);
            }
        }
        if let Some(branches) = member(members, "anyOf") {
            let mut failures = Vec::new();
            let mut matched = false;
            for branch in list(branches)? {
                match self.validate(branch, inst)? {
                    Some(f) => failures.push(f),
                    None => {
                        matched = true;
                        break;
                    }
                }
            }
            if !matched {
                out.with_causes("'anyOf' failed".into(), failures);
            }
        }
        if let Some(branches) = member(members, "oneOf") {
            let mut failures = Vec::new();
            let mut matched: Option<usize> = None;
            for (i, branch) in list(branches)?.iter().enumerate() {
                match (self.validate(branch, inst)?, matched) {
                    (Some(f), None) => failures.push(f),
                    (Some(_), Some(_)) => {}
                    (None, None) => matched = Some(i),
                    (None, Some(first)) => {
                        out.keyword(format!("'oneOf' failed, subschemas {first}, {i} matched"));
                        break;
                    }
                }
            }
            if matched.is_none() {
                out.with_causes("'oneOf' failed, none matched".into(), failures);
            }
        }
        if let Some(condition) = member(members, "if")
            && self.draft != Draft::Draft4
            && self.draft != Draft::Draft6
        {
            let branch = if self.validate(condition, inst)?.is_none() {
                "then"
            } else {
                "else"
            };
            if let Some(schema) = member(members, branch) {
                out.failures.extend(self.validate(schema, inst)?);
            }
        }
        Ok(())
    }

    fn matches(&mut self, pattern: &'d str, text: &str) -> Result<bool, Unsupported> {
        self.regexes.matches(pattern, text).ok_or(Unsupported)
    }
}

/// A bound keyword, its limit if set, and when a value's order against it fails.
type Bound<'n> = (&'static str, Option<&'n Number>, fn(Ordering) -> bool);

/// `minimum`, `maximum`, their exclusive forms and `multipleOf`.
fn number(
    draft: Draft,
    members: &Members<'_>,
    n: &Number,
    out: &mut Collected<'_>,
) -> Result<(), Unsupported> {
    let got = float(number_value(n));
    let bound = |name: &str| -> Result<Option<&Number>, Unsupported> {
        match member(members, name) {
            None => Ok(None),
            Some(Doc::Num(limit)) => Ok(Some(limit)),
            Some(_) => Err(Unsupported),
        }
    };
    let order = |limit: &Number| compare_numbers(n, limit).ok_or(Unsupported);
    // Draft 4 spells exclusivity as a flag on minimum/maximum.
    let flag =
        |name: &str| draft == Draft::Draft4 && member(members, name) == Some(&Doc::Bool(true));
    let checks: [Bound<'_>; 4] = if draft == Draft::Draft4 {
        let (min, max) = (bound("minimum")?, bound("maximum")?);
        let (ex_min, ex_max) = (flag("exclusiveMinimum"), flag("exclusiveMaximum"));
        [
            ("minimum", min.filter(|_| !ex_min), Ordering::is_lt),
            ("maximum", max.filter(|_| !ex_max), Ordering::is_gt),
            ("exclusiveMinimum", min.filter(|_| ex_min), Ordering::is_le),
            ("exclusiveMaximum", max.filter(|_| ex_max), Ordering::is_ge),
        ]
    } else {
        [
            ("minimum", bound("minimum")?, Ordering::is_lt),
            ("maximum", bound("maximum")?, Ordering::is_gt),
            (
                "exclusiveMinimum",
                bound("exclusiveMinimum")?,
                Ordering::is_le,
            ),
            (
                "exclusiveMaximum",
                bound("exclusiveMaximum")?,
                Ordering::is_ge,
            ),
        ]
    };
    for (name, limit, fails) in checks {
        if let Some(limit) = limit
            && fails(order(limit)?)
        {
            out.keyword(format!(
                "{name}: got {got}, want {}",
                float(number_value(limit))
            ));
        }
    }
    if let Some(divisor) = bound("multipleOf")?
        && !is_multiple(n, divisor)?
    {
        out.keyword(format!(
            "multipleOf: got {got}, want {}",
            float(number_value(divisor))
        ));
    }
    Ok(())
}

/// Whether `n / divisor` is an integer, in exact decimal arithmetic (the
/// validator divides rationals).
fn is_multiple(n: &Number, divisor: &Number) -> Result<bool, Unsupported> {
    let (a, a_scale) = decimal(number_value(n)).ok_or(Unsupported)?;
    let (b, b_scale) = decimal(number_value(divisor)).ok_or(Unsupported)?;
    if b == 0 {
        return Err(Unsupported);
    }
    // a·10^-p / (b·10^-q) is whole when a·10^q is a multiple of b·10^p.
    let scale = |v: i128, by: u32| 10i128.checked_pow(by).and_then(|m| v.checked_mul(m));
    let numerator = scale(a, b_scale).ok_or(Unsupported)?;
    let denominator = scale(b, a_scale).ok_or(Unsupported)?;
    Ok(numerator % denominator == 0)
}

/// A float's shortest decimal as a whole number and a count of decimal
/// places (`0.35` → `(35, 2)`); `None` when it does not fit.
fn decimal(f: f64) -> Option<(i128, u32)> {
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f:e}");
    let (mantissa, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: i128 = format!("{whole}{fraction}").parse().ok()?;
    let places = i32::try_from(fraction.len()).ok()? - exp;
    if places >= 0 {
        Some((digits, u32::try_from(places).ok()?))
    } else {
        let factor = 10i128.checked_pow(u32::try_from(-places).ok()?)?;
        Some((digits.checked_mul(factor)?, 0))
    }
}

fn enum_message(options: &[Doc<'_>]) -> String {
    if options
        .iter()
        .any(|o| matches!(o, Doc::Arr(_) | Doc::Obj(_)))
    {
        return "'enum' failed".into();
    }
    let shown: Vec<String> = options.iter().map(|o| display(&to_value(o))).collect();
    match shown.as_slice() {
        [one] => format!("value must be {one}"),
        many => format!("value must be one of {}", many.join(", ")),
    }
}

/// A scalar of the schema as a value (for display).
fn to_value(doc: &Doc<'_>) -> Value {
    match doc {
        Doc::Null => Value::Null,
        Doc::Bool(b) => Value::Bool(*b),
        Doc::Num(n) => Value::Number(n.clone()),
        Doc::Str(s) => Value::String(s.to_string()),
        Doc::Arr(_) | Doc::Obj(_) => Value::Array(Vec::new()),
    }
}

/// A `min…`/`max…` pair of limits on a length (`got` items, characters,
/// members).
fn bounds(
    members: &Members<'_>,
    min_keyword: &str,
    max_keyword: &str,
    got: usize,
    out: &mut Collected<'_>,
) -> Result<(), Unsupported> {
    for (keyword, is_min) in [(min_keyword, true), (max_keyword, false)] {
        if let Some(want) = member(members, keyword) {
            let want = limit(want)?;
            if (is_min && got < want) || (!is_min && got > want) {
                out.keyword(format!(
                    "{keyword}: got {}, want {}",
                    count(got),
                    count(want)
                ));
            }
        }
    }
    Ok(())
}

fn list<'d, 'a>(doc: &'d Doc<'a>) -> Result<&'d [Doc<'a>], Unsupported> {
    match doc {
        Doc::Arr(items) if !items.is_empty() => Ok(items),
        _ => Err(Unsupported),
    }
}

fn limit(doc: &Doc<'_>) -> Result<usize, Unsupported> {
    match doc {
        Doc::Num(n) => n
            .as_u64()
            .and_then(|v| usize::try_from(v).ok())
            .ok_or(Unsupported),
        _ => Err(Unsupported),
    }
}

/// The names of `required` (a list of strings) missing from `object`, in
/// the list's order.
fn missing<'d>(
    required: &'d Doc<'_>,
    object: &Map<String, Value>,
) -> Result<Vec<&'d str>, Unsupported> {
    let Doc::Arr(names) = required else {
        return Err(Unsupported);
    };
    let mut out = Vec::new();
    for name in names {
        let name = name.as_str().ok_or(Unsupported)?;
        if !object.contains_key(name) {
            out.push(name);
        }
    }
    Ok(out)
}

fn quote_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first pair of equal items: the earliest item equal to one before
/// it, and the first such one before it.
fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    (1..items.len()).find_map(|i| {
        (0..i)
            .find(|&j| jsonschema::json::cmp::equal(&items[i], &items[j]))
            .map(|j| (j, i))
    })
}

/// The documents a walk follows references into, by URI, with their
/// dialects (the latest without `$schema`, as Helm's validator reads them).
type Followed<'d, 'a> = BTreeMap<&'d str, (&'d Doc<'a>, Draft)>;

/// Those of `documents` whose references resolve against the URI they were
/// loaded from: no `$id` but one naming that URI, none below the root.
fn followed_documents<'d, 'a>(documents: &'d Documents<'a>) -> Followed<'d, 'a> {
    documents
        .iter()
        .filter_map(|(uri, root)| {
            let draft = draft_of(root)?;
            let own_id = match root.get("$id") {
                None => true,
                Some(id) => id.as_str().and_then(|id| join_uri(uri, id)).as_ref() == Some(uri),
            };
            (own_id && !has_inner_ids(root, draft)).then_some((uri.as_str(), (root, draft)))
        })
        .collect()
}

/// Whether a schema below the document's root declares its own base URI
/// (then references there resolve differently; the walk does not follow).
fn has_inner_ids(root: &Doc<'_>, draft: Draft) -> bool {
    fn declares(doc: &Doc<'_>, id: &str) -> bool {
        match doc {
            Doc::Obj(members) => members
                .iter()
                .any(|(k, v)| k.as_ref() == id || declares(v, id)),
            Doc::Arr(items) => items.iter().any(|d| declares(d, id)),
            _ => false,
        }
    }
    let id = if draft == Draft::Draft4 { "id" } else { "$id" };
    match root {
        Doc::Obj(members) => members.iter().any(|(_, v)| declares(v, id)),
        Doc::Arr(items) => items.iter().any(|d| declares(d, id)),
        _ => false,
    }
}

/// The node a `#`-fragment reference names in the document (`#`, `#/a/b`,
/// `~0`/`~1` escapes); other references are not followed.
fn resolve<'d, 'a>(root: &'d Doc<'a>, reference: &str) -> Option<&'d Doc<'a>> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.contains('%') {
        return None;
    }
    if fragment.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for segment in fragment.strip_prefix('/')?.split('/') {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        node = match node {
            Doc::Obj(_) => node.get(&segment)?,
            Doc::Arr(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(schema: &str, values: &str) -> Report {
        let values: Map<String, Value> = serde_json::from_str(values).unwrap();
        explain(schema.as_bytes(), &values)
    }

    #[test]
    fn failures_nest_and_group_as_helm_prints_them() {
        assert_eq!(
            report(
                r#"{"properties":{"a":{"type":"string","minLength":3,"pattern":"^x"}},"required":["b"]}"#,
                r#"{"a":"ab"}"#
            ),
            Report::Invalid(
                "- at '': missing property 'b'\n- at '/a': validation failed\n  - at '/a': minLength: got 2, want 3\n  - at '/a': 'ab' does not match pattern '^x'\n".into()
            )
        );
        assert_eq!(
            report(
                r#"{"properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}"#,
                r#"{"a":true}"#
            ),
            Report::Invalid(
                "- at '/a': 'anyOf' failed\n  - at '/a': got boolean, want string\n  - at '/a': got boolean, want integer\n".into()
            )
        );
    }

    #[test]
    fn a_wrong_type_ends_the_check_of_its_schema() {
        assert_eq!(
            report(
                r#"{"properties":{"a":{"type":"string","enum":["x"],"minLength":3}}}"#,
                r#"{"a":1}"#
            ),
            Report::Invalid("- at '/a': got number, want string\n".into())
        );
    }

    #[test]
    fn references_print_only_when_they_hold_several_failures() {
        let one = r##"{"properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"minLength":3}}}"##;
        assert_eq!(
            report(one, r#"{"a":"ab"}"#),
            Report::Invalid("- at '/a': minLength: got 2, want 3\n".into())
        );
        let two = r##"{"properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"minLength":3,"pattern":"^x"}}}"##;
        assert_eq!(
            report(two, r#"{"a":"ab"}"#),
            Report::Invalid(
                "- at '/a': validation failed\n  - at '/a': minLength: got 2, want 3\n  - at '/a': 'ab' does not match pattern '^x'\n".into()
            )
        );
    }

    #[test]
    fn up_to_draft_7_a_reference_hides_its_siblings() {
        let schema = r##"{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"s":{"minLength":3}},"properties":{"a":{"$ref":"#/definitions/s","type":"integer","enum":[1]}}}"##;
        assert_eq!(
            report(schema, r#"{"a":"x"}"#),
            Report::Invalid("- at '/a': minLength: got 1, want 3\n".into())
        );
    }

    #[test]
    fn valid_values_and_unfollowed_keywords() {
        assert_eq!(
            report(
                r#"{"properties":{"a":{"type":"integer"}}}"#,
                r#"{"a":1e20}"#
            ),
            Report::Valid
        );
        assert_eq!(
            report(r#"{"unevaluatedProperties":false}"#, r#"{"a":1}"#),
            Report::Unsupported
        );
        assert_eq!(
            report(
                r#"{"properties":{"a":{"$ref":"other.json"}}}"#,
                r#"{"a":1}"#
            ),
            Report::Unsupported
        );
    }

    #[test]
    fn multiples_are_decided_in_decimals() {
        let n = |f: f64| Number::from_f64(f).unwrap();
        assert!(is_multiple(&n(0.3), &n(0.1)).unwrap());
        assert!(!is_multiple(&n(0.35), &n(0.1)).unwrap());
        assert!(is_multiple(&Number::from(12), &Number::from(3)).unwrap());
        assert!(!is_multiple(&Number::from(10), &Number::from(3)).unwrap());
        assert!(is_multiple(&n(1e6), &n(0.5)).unwrap());
    }
}
