//! YAML text into template values exactly as `sigs.k8s.io/yaml.Unmarshal` into
//! `interface{}` builds them: go-yaml v2's YAML 1.1 resolution of plain scalars
//! (`yes`/`on`/`y` are booleans, `0755` is octal, timestamps stay text), aliases
//! and `<<` merges, map keys turned into strings, then every number a float64 as
//! the JSON round trip leaves it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::engine::value::Value;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

mod eof;
mod fast;
mod json;

use super::number::{format_g, format_g32};
use super::scalar::{is_timestamp, parse_go_float, parse_go_int, resolves_to_str};

/// A parsed node before resolution.
#[derive(Debug, Clone)]
pub(crate) enum Raw {
    Scalar {
        value: String,
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<Raw>),
    Map(Vec<(Raw, Raw)>),
}

/// A resolved scalar.
enum Scalar {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// A string that is the scalar's text itself (copied once, where needed).
    Text,
}

fn tag_name(tag: Option<Tag>) -> Option<String> {
    tag.map(|t| match t.handle.as_str() {
        "!!" | "tag:yaml.org,2002:" => format!("!!{}", t.suffix),
        _ => format!("{}{}", t.handle, t.suffix),
    })
}

/// Deepest nesting of collections decoded; bounds the decoder's stack.
const MAX_DEPTH: usize = 1000;

/// How a text reaches the YAML reader in Go, which decides how a block
/// scalar ending the text without a final line break ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    /// The text as given to `yaml.Unmarshal` (`fromYaml`, `fromYamlArray`,
    /// Flux's `valuesFrom`): its first document only; a last line without
    /// a line break has none (`"b: |\n  y"` is `"y"`).
    AsGiven,
    /// Documents from Helm's multi-document reader (`values.yaml`, `-f`
    /// files), which ends every line with a line break.
    Document,
}

/// A block scalar last read: where its event starts (in chars), its
/// column there and the column of the block collection holding it.
#[derive(Clone, Copy)]
struct BlockMark {
    at: usize,
    column: usize,
    parent: usize,
}

struct Builder<'a> {
    parser: Parser<std::str::Chars<'a>>,
    /// The text being parsed, to read a block scalar's header back.
    text: &'a str,
    /// Where (in chars) the event last returned by `next` starts.
    mark: usize,
    /// The column where that event starts.
    column: usize,
    /// Columns of the block collections being read, innermost last.
    parents: Vec<usize>,
    /// The last node read, when it is a block scalar in a collection.
    last_block: Option<BlockMark>,
    /// The line (1-based) of an "invalid indentation" the scanner reported.
    bad_indent_line: Option<usize>,
    anchors: HashMap<usize, Raw>,
    depth: usize,
}

impl Builder<'_> {
    fn next(&mut self) -> Result<Event, String> {
        let (event, mark) = self.parser.next_token().map_err(|e| {
            if e.info() == "invalid indentation" {
                self.bad_indent_line = Some(e.marker().line());
            }
            format!("yaml: {e}")
        })?;
        self.mark = mark.index();
        self.column = mark.col();
        Ok(event)
    }

    /// A block scalar (`|`, `>`) whose content is only line breaks is empty
    /// unless its header keeps them (`|+`); yaml-rust2 keeps one break for a
    /// content-less block scalar at the end of the stream, libyaml none.
    fn block_scalar_value(&self, value: String) -> String {
        if value.is_empty() || value.bytes().any(|b| b != b'\n') {
            return value;
        }
        let header: String = self
            .text
            .chars()
            .skip(self.mark)
            .take_while(|c| !matches!(c, '\n' | '\r' | '#' | ' ' | '\t'))
            .collect();
        if header.contains('+') {
            value
        } else {
            String::new()
        }
    }

    fn node(&mut self, ev: Event) -> Result<Raw, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!("yaml: exceeded max depth of {MAX_DEPTH}"));
        }
        self.depth += 1;
        let out = self.node_at_depth(ev);
        self.depth -= 1;
        out
    }

    fn node_at_depth(&mut self, ev: Event) -> Result<Raw, String> {
        self.last_block = None;
        let (raw, anchor) = match ev {
            Event::Scalar(value, style, anchor, tag) => (
                Raw::Scalar {
                    value: match style {
                        TScalarStyle::Literal | TScalarStyle::Folded => {
                            self.last_block = self.parents.last().map(|&parent| BlockMark {
                                at: self.mark,
                                column: self.column,
                                parent,
                            });
                            self.block_scalar_value(value)
                        }
                        _ => value,
                    },
                    plain: style == TScalarStyle::Plain,
                    tag: tag_name(tag),
                },
                anchor,
            ),
            Event::Alias(id) => {
                return self
                    .anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| "yaml: unknown anchor referenced".to_string());
            }
            Event::SequenceStart(anchor, _) => {
                self.parents.push(self.column);
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        Event::SequenceEnd => break,
                        ev => items.push(self.node(ev)?),
                    }
                }
                self.parents.pop();
                (Raw::Seq(items), anchor)
            }
            Event::MappingStart(anchor, _) => {
                self.parents.push(self.column);
                let mut entries = Vec::new();
                loop {
                    match self.next()? {
                        Event::MappingEnd => break,
                        ev => {
                            let k = self.node(ev)?;
                            let next = self.next()?;
                            let v = self.node(next)?;
                            entries.push((k, v));
                        }
                    }
                }
                self.parents.pop();
                (Raw::Map(entries), anchor)
            }
            other => return Err(format!("yaml: unexpected event {other:?}")),
        };
        if anchor != 0 {
            self.anchors.insert(anchor, raw.clone());
        }
        Ok(raw)
    }
}

fn resolve(value: &str, plain: bool, tag: Option<&str>) -> Result<Scalar, String> {
    match tag {
        Some("!!str") => return Ok(Scalar::Text),
        Some("!!binary") => {
            let clean: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, clean)
                .map_err(|e| {
                format!("yaml: !!binary value contains invalid base64 data: {e}")
            })?;
            return Ok(Scalar::Str(String::from_utf8_lossy(&bytes).into_owned()));
        }
        _ => {}
    }
    if !plain && tag.is_none() {
        return Ok(Scalar::Text);
    }
    if resolves_to_str(value) {
        return Ok(Scalar::Text);
    }
    Ok(match value {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Scalar::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        _ if is_timestamp(value) => Scalar::Text,
        _ => {
            let plain = value.replace('_', "");
            if let Some(i) = parse_go_int(&plain) {
                Scalar::Int(i)
            } else if let Some(bin) = plain
                .strip_prefix("0b")
                .or_else(|| plain.strip_prefix("-0b"))
            {
                let v = i128::from(u64::from_str_radix(bin, 2).map_err(|e| e.to_string())?);
                Scalar::Int(if plain.starts_with('-') { -v } else { v })
            } else if let Some(f) = parse_go_float(&plain).or_else(|| value.parse::<f64>().ok()) {
                Scalar::Float(f)
            } else {
                Scalar::Text
            }
        }
    })
}

fn json_number(f: f64) -> Result<Value, String> {
    if f.is_finite() {
        Ok(Value::Float(f))
    } else {
        Err(format!("json: unsupported value: {}", format_g(f)))
    }
}

fn key_text(k: &Raw) -> Result<Arc<str>, String> {
    key_string(k).map(Arc::from)
}

/// A map key as the text sigs.k8s.io/yaml gives it.
fn key_string(k: &Raw) -> Result<String, String> {
    let Raw::Scalar { value, plain, tag } = k else {
        return Err("error converting YAML to JSON: unsupported map key of type: map".into());
    };
    key_text_of(value, *plain, tag.as_deref())
}

/// A scalar map key as the text sigs.k8s.io/yaml gives it.
fn key_text_of(value: &str, plain: bool, tag: Option<&str>) -> Result<String, String> {
    Ok(match resolve(value, plain, tag)? {
        Scalar::Text => value.to_string(),
        Scalar::Str(s) => s,
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        // sigs.k8s.io/yaml formats float keys with 32-bit precision.
        Scalar::Float(f) => match format_g32(f).as_str() {
            "+Inf" => ".inf".into(),
            "-Inf" => "-.inf".into(),
            "NaN" => ".nan".into(),
            s => s.into(),
        },
        Scalar::Null => {
            return Err(format!(
                "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: {value:?}"
            ));
        }
    })
}

fn is_merge(k: &Raw) -> bool {
    matches!(k, Raw::Scalar { value, plain: true, tag: None } if value == "<<")
}

/// Calls `apply` with each map a `<<` value merges: the map itself, or the
/// maps of a list, last first (earlier maps in the list take precedence).
fn for_each_merged(
    v: &Raw,
    apply: &mut dyn FnMut(&Raw) -> Result<(), String>,
) -> Result<(), String> {
    match v {
        Raw::Map(_) => apply(v),
        Raw::Seq(items) => {
            for item in items.iter().rev() {
                for_each_merged(item, apply)?;
            }
            Ok(())
        }
        _ => Err("yaml: map merge requires map or sequence of maps as the value".into()),
    }
}

fn merge_into(out: &mut BTreeMap<Arc<str>, Value>, v: &Raw) -> Result<(), String> {
    for_each_merged(v, &mut |map| {
        if let Value::Map(m) = to_value(map)? {
            for (k, val) in m.borrow().iter() {
                out.insert(k.clone(), val.clone());
            }
        }
        Ok(())
    })
}

/// A node as serde_yaml's tree with go-yaml v2's resolution (YAML 1.1:
/// `yes`, `017`, `1_000`) and integers kept exact, for readers that decode
/// into Go structs of strings (`Chart.yaml`), where sigs.k8s.io/yaml turns
/// each scalar into text itself rather than through a JSON number.
fn to_yaml_node(raw: &Raw) -> Result<serde_yaml::Value, String> {
    use serde_yaml::Value as Y;
    Ok(match raw {
        Raw::Scalar { value, plain, tag } => match resolve(value, *plain, tag.as_deref())? {
            Scalar::Null => Y::Null,
            Scalar::Bool(b) => Y::Bool(b),
            Scalar::Int(i) => match (i64::try_from(i), u64::try_from(i)) {
                (Ok(n), _) => Y::Number(n.into()),
                (_, Ok(n)) => Y::Number(n.into()),
                _ => Y::Number((i as f64).into()),
            },
            Scalar::Float(f) => Y::Number(f.into()),
            Scalar::Str(s) => Y::String(s),
            Scalar::Text => Y::String(value.clone()),
        },
        Raw::Seq(items) => Y::Sequence(items.iter().map(to_yaml_node).collect::<Result<_, _>>()?),
        Raw::Map(entries) => {
            let mut out = serde_yaml::Mapping::new();
            for (k, v) in entries {
                if is_merge(k) {
                    for_each_merged(v, &mut |map| {
                        if let Y::Mapping(m) = to_yaml_node(map)? {
                            out.extend(m);
                        }
                        Ok(())
                    })?;
                    continue;
                }
                out.insert(Y::String(key_string(k)?), to_yaml_node(v)?);
            }
            Y::Mapping(out)
        }
    })
}

/// The first YAML document of `text` as `yaml.Unmarshal` into a Go struct
/// reads it (see [`to_yaml_node`]); a repeated key is no error, the last one
/// wins.
///
/// # Errors
/// See [`from_yaml_documents`].
pub(crate) fn from_yaml_as_tree(text: &str) -> Result<serde_yaml::Value, String> {
    Ok(
        read_documents(text, Input::AsGiven, to_yaml_node, serde_yaml::Value::Null)?
            .into_iter()
            .next()
            .unwrap_or(serde_yaml::Value::Null),
    )
}

fn to_value(raw: &Raw) -> Result<Value, String> {
    Ok(match raw {
        Raw::Scalar { value, plain, tag } => match resolve(value, *plain, tag.as_deref())? {
            Scalar::Null => Value::Nil,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::Float(i as f64),
            Scalar::Float(f) => json_number(f)?,
            Scalar::Str(s) => Value::String(s.into()),
            Scalar::Text => Value::String(Arc::from(value.as_str())),
        },
        Raw::Seq(items) => Value::List(
            items
                .iter()
                .map(to_value)
                .collect::<Result<Vec<_>, _>>()?
                .into(),
        ),
        Raw::Map(entries) => {
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                if is_merge(k) {
                    merge_into(&mut out, v)?;
                    continue;
                }
                out.insert(key_text(k)?, to_value(v)?);
            }
            Value::map(out)
        }
    })
}

/// Every document of a YAML stream, as template values.
///
/// # Errors
/// The parser's message when the text is not YAML, or the conversion's when a
/// value has no JSON form (a null map key, `.inf`).
pub fn from_yaml_documents(text: &str) -> Result<Vec<Value>, String> {
    read_documents(text, Input::Document, to_value, Value::Nil)
}

/// [`from_yaml_documents`] through yaml-rust2 alone, without the fast
/// reader: the reference the fast reader is compared with (tests, fuzzing).
///
/// # Errors
/// See [`from_yaml_documents`].
#[doc(hidden)]
pub fn from_yaml_documents_reference(text: &str) -> Result<Vec<Value>, String> {
    read_documents_slow(text, Input::Document, to_value, Value::Nil)
}

/// [`from_yaml`] through yaml-rust2 alone (see [`from_yaml_documents_reference`]).
///
/// # Errors
/// See [`from_yaml_documents`].
#[doc(hidden)]
pub fn from_yaml_reference(text: &str) -> Result<Value, String> {
    first(read_documents_slow(
        text,
        Input::AsGiven,
        to_value,
        Value::Nil,
    )?)
}

/// Every document of a YAML stream as `encoding/json` values, as
/// [`from_yaml_documents`] followed by a conversion to JSON would give them,
/// without building the template values in between.
///
/// # Errors
/// See [`from_yaml_documents`].
pub fn from_yaml_documents_json(text: &str) -> Result<Vec<serde_json::Value>, String> {
    // Straight to JSON when the fast reader can; through the tree, which
    // owns every error, otherwise.
    let input = Input::Document;
    match fast::documents::<serde_json::Value>(text, input) {
        Ok(docs) => Ok(docs),
        Err(fast::GaveUp::Node) => {
            read_documents(text, input, json::to_json_value, serde_json::Value::Null)
        }
        Err(fast::GaveUp::Syntax) => {
            read_documents_slow(text, input, json::to_json_value, serde_json::Value::Null)
        }
    }
}

/// Every document of `text`, each converted by `convert` (`empty` for an
/// empty document): by the fast reader when the text is in its subset,
/// otherwise through yaml-rust2.
fn read_documents<T: Clone>(
    text: &str,
    input: Input,
    convert: fn(&Raw) -> Result<T, String>,
    empty: T,
) -> Result<Vec<T>, String> {
    match fast::documents::<Raw>(text, input) {
        Ok(docs) => docs.iter().map(convert).collect(),
        Err(_) => read_documents_slow(text, input, convert, empty),
    }
}

/// The only document of `text` as the byte-level reader builds it, before
/// any resolution; `None` when the text is outside the reader's subset or
/// holds no document (the caller then parses it its own way).
pub(crate) fn fast_document(text: &str) -> Option<Raw> {
    fast::documents::<Raw>(text, Input::Document).ok()?.pop()
}

/// [`read_documents`] through yaml-rust2's events, retrying with re-indented
/// flow closers.
fn read_documents_slow<T: Clone>(
    text: &str,
    input: Input,
    convert: fn(&Raw) -> Result<T, String>,
    empty: T,
) -> Result<Vec<T>, String> {
    let documents = |text: &str| documents(text, input, convert, empty.clone());
    let first = match documents(text) {
        Ok(docs) => return Ok(docs),
        Err(failure) => failure,
    };
    // yaml-rust2 wants the closing bracket of a flow collection indented
    // deeper than the block holding it; libyaml ignores indentation inside
    // flow collections. Indent such a line and try again.
    // Likewise yaml-rust2 wants the lines of a quoted scalar indented past
    // its key; libyaml does not look at their indentation at all.
    let mut fixed = text.to_string();
    let mut failure = first.clone();
    for _ in 0..MAX_FLOW_CLOSER_FIXES {
        let next = match failure.1 {
            Some(line) => indent_flow_closer(&fixed, line),
            None => None,
        };
        let next = next.or_else(|| indent_quoted_lines(&fixed, &failure.0));
        match next {
            Some(next) => fixed = next,
            None => break,
        }
        match documents(&fixed) {
            Ok(docs) => return Ok(docs),
            Err(f) => failure = f,
        }
    }
    Err(first.0)
}

/// `text` with the continuation lines of the quoted scalar that `failure`
/// (yaml-rust2's "invalid indentation in quoted scalar at ... line L column
/// C") starts at indented past it; `None` for any other failure. Leading
/// blanks of a quoted scalar's continuation lines are not part of its value,
/// so this changes no value.
fn indent_quoted_lines(text: &str, failure: &str) -> Option<String> {
    if !failure.starts_with("yaml: invalid indentation in quoted scalar at ") {
        return None;
    }
    let number_after = |word: &str| -> Option<usize> {
        failure.split(word).nth(1)?.split(' ').next()?.parse().ok()
    };
    let (line, column) = (number_after(" line ")?, number_after(" column ")?);
    let line_start = match line {
        0 | 1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    // Columns count characters from 1.
    let start = line_start
        + text[line_start..]
            .chars()
            .take(column.checked_sub(1)?)
            .map(char::len_utf8)
            .sum::<usize>();
    let bytes = text.as_bytes();
    let quote = *bytes.get(start)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let pad = " ".repeat(column);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..=start]);
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if quote == b'"' => {
                // An escape: copy it whole, a following line break included.
                let end = text[i + 1..]
                    .chars()
                    .next()
                    .map_or(i + 1, |c| i + 1 + c.len_utf8());
                out.push_str(&text[i..end]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    out.push_str(&pad);
                }
                i = end;
                continue;
            }
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => {
                out.push_str("''");
                i += 2;
                continue;
            }
            b if b == quote => {
                out.push_str(&text[i..]);
                return Some(out);
            }
            b'\n' => {
                out.push('\n');
                out.push_str(&pad);
                i += 1;
                continue;
            }
            _ => {}
        }
        let end = text[i..].chars().next().map_or(i + 1, |c| i + c.len_utf8());
        out.push_str(&text[i..end]);
        i = end;
    }
    None
}

/// Lines of closing brackets re-indented before giving up on a text.
const MAX_FLOW_CLOSER_FIXES: usize = 64;

/// `text` with line `line` (1-based) indented past any block when that line
/// holds only closing flow indicators (`]`, `}`, `,`); `None` otherwise.
fn indent_flow_closer(text: &str, line: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let body = l.trim_end_matches(['\n', '\r']).trim();
        if i + 1 == line
            && !body.is_empty()
            && body.chars().all(|c| matches!(c, ']' | '}' | ',' | ' '))
            && l.len() - l.trim_start_matches(' ').len() < 64
        {
            out.push_str(&" ".repeat(64));
            changed = true;
        }
        out.push_str(l);
    }
    changed.then_some(out)
}

/// Every document of `text`, or the parser's message and the line of an
/// "invalid indentation" error.
fn documents<T: Clone>(
    text: &str,
    input: Input,
    convert: fn(&Raw) -> Result<T, String>,
    empty: T,
) -> Result<Vec<T>, (String, Option<usize>)> {
    let mut b = Builder {
        parser: Parser::new_from_str(text),
        text,
        mark: 0,
        column: 0,
        parents: Vec::new(),
        last_block: None,
        bad_indent_line: None,
        anchors: HashMap::new(),
        depth: 0,
    };
    let mut docs = Vec::new();
    loop {
        match b.next().map_err(|e| (e, b.bad_indent_line))? {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::DocumentStart => {
                let ev = b.next().map_err(|e| (e, b.bad_indent_line))?;
                if matches!(ev, Event::DocumentEnd) {
                    docs.push(empty.clone());
                    continue;
                }
                let mut raw = b.node(ev).map_err(|e| (e, b.bad_indent_line))?;
                if input == Input::AsGiven {
                    // yaml.Unmarshal reads the first document and no further.
                    if let Some(block) = b.last_block {
                        end_block_scalar_as_given(text, block, &mut raw);
                    }
                    docs.push(convert(&raw).map_err(|e| (e, None))?);
                    break;
                }
                docs.push(convert(&raw).map_err(|e| (e, None))?);
            }
            other => return Err((format!("yaml: unexpected event {other:?}"), None)),
        }
    }
    Ok(docs)
}

/// `raw`, whose last node is the block scalar `block`, with that scalar
/// ending as libyaml ends it in `text` as given (see [`eof`]).
fn end_block_scalar_as_given(text: &str, block: BlockMark, raw: &mut Raw) {
    let Some((at, _)) = text.char_indices().nth(block.at) else {
        return;
    };
    let block = eof::BlockScalar {
        at,
        column: block.column,
        parent: block.parent,
    };
    let mut leaf = raw;
    loop {
        leaf = match leaf {
            Raw::Map(entries) => match entries.last_mut() {
                Some((_, v)) => v,
                None => return,
            },
            Raw::Seq(items) => match items.last_mut() {
                Some(v) => v,
                None => return,
            },
            Raw::Scalar { value, .. } => {
                if let Some(v) = eof::libyaml_value(text, block, value) {
                    *value = v;
                }
                return;
            }
        };
    }
}

/// The first YAML document of `text` (nil when there is none), as
/// `yaml.Unmarshal` reads it: the text as given ([`Input::AsGiven`]).
///
/// # Errors
/// See [`from_yaml_documents`].
pub fn from_yaml(text: &str) -> Result<Value, String> {
    first(read_documents(text, Input::AsGiven, to_value, Value::Nil)?)
}

fn first(docs: Vec<Value>) -> Result<Value, String> {
    Ok(docs.into_iter().next().unwrap_or(Value::Nil))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(v: &Value, k: &str) -> Value {
        match v {
            Value::Map(m) => m.get(k).unwrap_or(Value::Nil),
            _ => Value::Nil,
        }
    }

    #[test]
    fn quoted_lines_need_no_indentation_as_in_go_yaml() {
        let cases = [
            ("a: \"x\ny\"\n", "x y"),
            ("a: 'x\ny'\n", "x y"),
            ("a: \"é \\\"q\\\" x\n\n y\\\nz\"\n", "é \"q\" x\nyz"),
            ("a: 'it''s\nok'\nb: \"c\nd\"\n", "it's ok"),
        ];
        for (text, want) in cases {
            let v = from_yaml(text).unwrap();
            assert_eq!(get(&v, "a"), Value::from(want), "{text:?}");
        }
        let nested = from_yaml("m:\n  k: \"long\n  text\"\n  j: 'x\n y'\n").unwrap();
        assert_eq!(get(&get(&nested, "m"), "k"), Value::from("long text"));
        assert_eq!(get(&get(&nested, "m"), "j"), Value::from("x y"));
    }

    #[test]
    fn resolves_like_go_yaml_v2() {
        let v = from_yaml(
            "a: yes\nb: off\nc: 0755\nd: 0x1F\ne: 1_000\nf: 2024-01-02\ng: \"yes\"\nh: ~\ni: 1.5e3\nj: '0755'\nk: !!str 12\nl: 12345678901234567890123\ny: n\n",
        )
        .unwrap();
        assert_eq!(get(&v, "a"), Value::Bool(true));
        assert_eq!(get(&v, "b"), Value::Bool(false));
        assert_eq!(get(&v, "c"), Value::Float(493.0));
        assert_eq!(get(&v, "d"), Value::Float(31.0));
        assert_eq!(get(&v, "e"), Value::Float(1000.0));
        assert_eq!(get(&v, "f"), Value::String("2024-01-02".into()));
        assert_eq!(get(&v, "g"), Value::String("yes".into()));
        assert_eq!(get(&v, "h"), Value::Nil);
        assert_eq!(get(&v, "i"), Value::Float(1500.0));
        assert_eq!(get(&v, "j"), Value::String("0755".into()));
        assert_eq!(get(&v, "k"), Value::String("12".into()));
        assert_eq!(get(&v, "l"), Value::Float(1.2345678901234568e22));
        assert_eq!(get(&v, "true"), Value::Bool(false));
    }

    #[test]
    fn empty_block_scalars_at_the_end_are_empty() {
        let v = from_yaml("a: |\n\nb: |\n").unwrap();
        assert_eq!(get(&v, "a"), Value::String("".into()));
        assert_eq!(get(&v, "b"), Value::String("".into()));
        let v = from_yaml("a: >-\n").unwrap();
        assert_eq!(get(&v, "a"), Value::String("".into()));
        let v = from_yaml("a: |+\n\n").unwrap();
        assert_ne!(get(&v, "a"), Value::String("".into()));
        let v = from_yaml("a: |\n  x\n").unwrap();
        assert_eq!(get(&v, "a"), Value::String("x\n".into()));
    }

    #[test]
    fn flow_collections_close_at_any_indentation() {
        let v = from_yaml("a:\n  b: [\n    1,\n    2\n  ]\n  c: [\n    3\n]\nd: 4\n").unwrap();
        let a = get(&v, "a");
        assert_eq!(
            get(&a, "b"),
            Value::List(vec![Value::Float(1.0), Value::Float(2.0)].into())
        );
        assert_eq!(get(&a, "c"), Value::List(vec![Value::Float(3.0)].into()));
        assert_eq!(get(&v, "d"), Value::Float(4.0));
        let err = from_yaml("a:\n  b: 1\n c: 2\n").unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn float_keys_are_float32_text() {
        let v = from_yaml("0.1: x\n3.14159265: z\n").unwrap();
        assert_eq!(get(&v, "0.1"), Value::String("x".into()));
        assert_eq!(get(&v, "3.1415927"), Value::String("z".into()));
    }

    #[test]
    fn follows_aliases_merges_and_key_rules() {
        let v = from_yaml(
            "base: &b {x: 1, w: 2}\nuse:\n  <<: *b\n  w: 3\nlist: [*b]\n1: one\n1.5: f\n",
        )
        .unwrap();
        let used = get(&v, "use");
        assert_eq!(get(&used, "x"), Value::Float(1.0));
        assert_eq!(get(&used, "w"), Value::Float(3.0));
        assert_eq!(get(&v, "1"), Value::String("one".into()));
        assert_eq!(get(&v, "1.5"), Value::String("f".into()));
        assert!(from_yaml("~: x").is_err());
        assert!(from_yaml("a: .inf").is_err());
        assert!(from_yaml("a: [1").is_err());
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(from_yaml(&deep).is_err());
        assert_eq!(from_yaml("").unwrap(), Value::Nil);
        assert_eq!(from_yaml_documents("a: 1\n---\nb: 2\n").unwrap().len(), 2);
    }
}
