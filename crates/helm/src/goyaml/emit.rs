//! A block-style YAML emitter that follows libyaml's (go-yaml's) emitter state
//! machine closely: the same column bookkeeping, indentation, style choice and
//! folding of long lines at 80 columns, so its output is byte-identical.
//!
//! It walks template values directly (no intermediate document tree): `toYaml`
//! runs on large values in nearly every chart, so it copies no string and
//! allocates only its output and one key list per mapping.

use crate::engine::value::Value;

use super::EncodeError;
use super::number::{format_g, format_json};
use super::scalar::{Analysis, analyze, is_break, is_printable, parse_go_int};
use super::sort::key_less;

const BEST_INDENT: i32 = 2;
/// go-yaml v2 folds long lines here; v3 as Helm uses it never does.
const BEST_WIDTH: usize = 80;

/// Which go-yaml generation to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// go-yaml v2 behind sigs.k8s.io/yaml's `Marshal`: the value went through
    /// `json.Marshal` first, sequences in mappings are not indented.
    V2,
    /// go-yaml v3 with `SetIndent(2)` (Helm's `toYamlPretty`): the value is
    /// encoded directly, sequences are indented, long lines are never folded.
    V3,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Emitter {
    out: String,
    column: usize,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
    flavor: Flavor,
}

/// Emit `v` as one YAML document (with the trailing newline go-yaml writes).
///
/// # Errors
/// For [`Flavor::V2`], when `v` holds NaN or an infinity (`json.Marshal` refuses them).
pub fn emit(v: &Value, flavor: Flavor) -> Result<String, EncodeError> {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
        flavor,
    };
    e.node(v, false, false)?;
    e.write_indent();
    Ok(e.out)
}

/// A float as go-yaml v2 writes it after a JSON round trip: the JSON text is
/// read back, so `1e6` becomes the int `1000000` and `1.5e8` stays a float
/// written `1.5e+08`.
fn json_float_as_yaml(f: f64) -> Result<String, EncodeError> {
    let text = format_json(f).ok_or_else(|| EncodeError::UnsupportedValue(format_g(f)))?;
    if !text.contains(['.', 'e']) {
        // go-yaml reads an integer-looking JSON number as int64, then uint64.
        if let Some(i) = parse_go_int(&text)
            && i >= i64::MIN as i128
            && i <= u64::MAX as i128
        {
            return Ok(i.to_string());
        }
    }
    Ok(format_g(f))
}

/// A float as go-yaml v3 writes it.
fn direct_float(f: f64) -> String {
    let text = format_g(f);
    match text.as_str() {
        "+Inf" => ".inf".into(),
        "-Inf" => "-.inf".into(),
        "NaN" => ".nan".into(),
        _ => text,
    }
}

/// How many characters (libyaml's columns) `s` takes.
fn columns(s: &str) -> usize {
    s.chars().count()
}

impl Emitter {
    fn width(&self) -> usize {
        match self.flavor {
            Flavor::V2 => BEST_WIDTH,
            Flavor::V3 => usize::MAX,
        }
    }

    /// Whether `len` more characters on this line can reach no fold point.
    fn fits(&self, allow_breaks: bool, len: usize) -> bool {
        !allow_breaks || self.column.saturating_add(len) <= self.width()
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_str(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += columns(s);
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    /// A line break inside a plain or single-quoted scalar: the first of a run
    /// of `\n` is doubled, as a single one would read back as a space.
    fn scalar_break(&mut self, c: char, after_break: bool) {
        if !after_break && c == '\n' {
            self.put_break();
        }
        self.write_break(c);
        self.indention = true;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        if self.column < indent {
            self.out
                .extend(std::iter::repeat_n(' ', indent - self.column));
            self.column = indent;
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(&mut self, s: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        self.put_str(s);
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn plain_scalar(&mut self, text: &str, simple_key: bool) {
        self.scalar(text, analyze(text), Style::Plain, simple_key);
    }

    fn node(&mut self, v: &Value, mapping: bool, simple_key: bool) -> Result<(), EncodeError> {
        match v {
            Value::Nil => self.plain_scalar("null", simple_key),
            Value::Bool(b) => self.plain_scalar(if *b { "true" } else { "false" }, simple_key),
            Value::Int(i) => self.plain_scalar(&i.to_string(), simple_key),
            Value::Uint(u) => self.plain_scalar(&u.to_string(), simple_key),
            Value::Float(f) => {
                let text = match self.flavor {
                    Flavor::V2 => json_float_as_yaml(*f)?,
                    Flavor::V3 => direct_float(*f),
                };
                self.plain_scalar(&text, simple_key);
            }
            Value::String(s) => self.scalar(s, analyze(s), requested_style(s), simple_key),
            // Go marshals through encoding/json, which replaces invalid UTF-8.
            Value::Bytes(_) => return self.node(&v.clone().lossy(), mapping, simple_key),
            Value::List(items) if items.is_empty() => self.flow_empty("[", "]"),
            Value::List(items) => {
                let indentless = match self.flavor {
                    Flavor::V2 => mapping && !self.indention,
                    Flavor::V3 => false,
                };
                self.increase_indent(false, indentless);
                for item in items.iter() {
                    self.write_indent();
                    self.indicator("-", true, false, true);
                    self.node(item, false, false)?;
                }
                self.pop_indent();
            }
            Value::Map(m) => {
                let entries = m.borrow();
                if entries.is_empty() {
                    self.flow_empty("{", "}");
                    return Ok(());
                }
                let mut sorted: Vec<(&str, &Value)> =
                    entries.iter().map(|(k, v)| (&**k, v)).collect();
                // A stable sort asks only "less?", so one `key_less` per comparison
                // orders exactly as `key_order` would.
                sorted.sort_by(|a, b| {
                    if key_less(a.0, b.0) {
                        std::cmp::Ordering::Less
                    } else {
                        std::cmp::Ordering::Greater
                    }
                });
                self.increase_indent(false, false);
                for (key, value) in sorted {
                    self.write_indent();
                    let a = analyze(key);
                    if !a.multiline && key.len() <= 128 {
                        self.scalar(key, a, requested_style(key), true);
                        self.indicator(":", false, false, false);
                    } else {
                        self.indicator("?", true, false, true);
                        self.scalar(key, a, requested_style(key), false);
                        self.write_indent();
                        self.indicator(":", true, false, true);
                    }
                    self.node(value, true, false)?;
                }
                self.pop_indent();
            }
        }
        Ok(())
    }

    fn flow_empty(&mut self, open: &str, close: &str) {
        self.indicator(open, true, true, false);
        self.indicator(close, false, false, false);
    }

    fn scalar(&mut self, value: &str, a: Analysis, requested: Style, simple_key: bool) {
        let mut style = requested;
        if simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (value.is_empty() && simple_key)) {
            style = Style::Single;
        }
        if style == Style::Single && !a.single_quoted_allowed {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || simple_key) {
            style = Style::Double;
        }
        self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.plain(value, allow_breaks),
            Style::Single => self.single_quoted(value, allow_breaks),
            Style::Double => self.double_quoted(value, allow_breaks),
            Style::Literal => self.literal(value),
        }
        self.pop_indent();
    }

    fn plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let bytes = value.as_bytes();
        // Common case: one line that cannot reach the fold column.
        if !bytes.iter().any(|&b| b == b'\n' || b == b'\r' || b >= 0x80)
            && self.fits(allow_breaks, bytes.len())
        {
            self.out.push_str(value);
            self.column += bytes.len();
        } else {
            self.folded_text(value, allow_breaks, false);
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.indicator("'", true, false, false);
        let bytes = value.as_bytes();
        let n = bytes.len();
        // Common case: printable ASCII without quotes that cannot reach the fold column.
        if bytes
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) && b != b'\'')
            && self.fits(allow_breaks, n)
        {
            self.out.push_str(value);
            self.column += n;
        } else {
            self.folded_text(value, allow_breaks, true);
        }
        self.indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// The text of a plain or (with `single`) single-quoted scalar, folded at
    /// spaces past the width.
    fn folded_text(&mut self, value: &str, allow_breaks: bool, single: bool) {
        let bytes = value.as_bytes();
        let n = bytes.len();
        let (mut spaces, mut breaks) = (false, false);
        for (i, c) in value.char_indices() {
            if c == ' ' {
                let next_space = bytes.get(i + 1) == Some(&b' ');
                // A single-quoted scalar never folds at its first or last character.
                let inner = !single || (i > 0 && i + 1 < n);
                if allow_breaks && !spaces && self.column > self.width() && inner && !next_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                self.scalar_break(c, breaks);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if single && c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
    }

    fn double_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.indicator("\"", true, false, false);
        let bytes = value.as_bytes();
        let n = bytes.len();
        // Common case: printable ASCII needing no escape that cannot reach the fold column.
        if bytes
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
            && self.fits(allow_breaks, n)
        {
            self.out.push_str(value);
            self.column += n;
        } else {
            self.double_quoted_chars(value, allow_breaks);
        }
        self.indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted_chars(&mut self, value: &str, allow_breaks: bool) {
        let bom = value.starts_with('\u{FEFF}');
        let bytes = value.as_bytes();
        let n = bytes.len();
        let mut spaces = false;
        for (i, c) in value.char_indices() {
            let printable = is_printable(c);
            if !printable || bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let v = c as u32;
                        let (letter, width) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        self.put_str(&format!("{v:0width$X}"));
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > self.width() && i > 0 && i + 1 < n {
                    self.write_indent();
                    if bytes.get(i + 1) == Some(&b' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
    }

    fn literal(&mut self, value: &str) {
        self.indicator("|", true, false, false);
        if value.starts_with(' ') || value.starts_with(is_break) {
            self.indicator("2", false, false, false);
        }
        let mut tail = value.chars().rev();
        let chomp = match (tail.next(), tail.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(prev)) if is_break(prev) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        // Each piece is a run of non-break characters, then at most one break.
        for piece in value.split_inclusive(is_break) {
            let (run, brk) = match piece.char_indices().next_back() {
                Some((i, c)) if is_break(c) => (&piece[..i], Some(c)),
                _ => (piece, None),
            };
            if !run.is_empty() {
                if breaks {
                    self.write_indent();
                }
                self.put_str(run);
                self.indention = false;
                breaks = false;
            }
            if let Some(c) = brk {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            }
        }
    }
}

/// The style go-yaml's encoder asks for before the emitter's own checks.
fn requested_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if super::scalar::resolves_to_str(s) && !super::scalar::is_base60_float(s) {
        Style::Plain
    } else {
        Style::Double
    }
}
