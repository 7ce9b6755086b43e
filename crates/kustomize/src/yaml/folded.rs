//! Folded block scalars (`>`) as kustomize prints them.
//!
//! kustomize keeps a scalar's style while it works and, to print a
//! resource, writes it with go-yaml v3 and reads that text back. go-yaml's
//! folded-scalar writer decides whether a line break needs an extra blank
//! line by looking at the start of the whole value instead of the next
//! line, so a break before a more-indented line gains an empty line on the
//! way through (`a\n  b` prints as `a\n\n  b`). This module finds the folded
//! scalars of a source text and says which values change that way.

use std::collections::HashMap;

/// go-yaml's `best_indent`: the indentation of emitted block scalar lines.
const EMIT_INDENT: usize = 2;

/// The values of the folded scalars in `text` that kustomize prints
/// differently, each with the value it prints.
pub(super) fn roundtrip_changes(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if !text.contains('>') {
        return out;
    }
    let lines = Lines::new(text);
    let mut i = 0;
    while i < lines.len() {
        let Some(h) = header(lines.text(i)) else {
            i += 1;
            continue;
        };
        let (value, end) = scan_block(&lines, i + 1, &h);
        if !h.literal
            && let Some(value) = value
            && block_allowed(&value)
        {
            let (emitted, header) = emit_folded(&value);
            let emitted = Lines::new(&emitted);
            if let (Some(printed), _) = scan_block(&emitted, 0, &header)
                && printed != value
            {
                out.insert(value, printed);
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// True when go-yaml v3 keeps a block style for `value` when writing it:
/// not empty, no space before a line break or at the end, and nothing
/// unprintable but tabs.
fn block_allowed(value: &str) -> bool {
    !value.is_empty()
        && !value.ends_with(' ')
        && !value.contains(" \n")
        && !value.contains(" \r")
        && value
            .chars()
            .all(|c| c == '\t' || crate::emit::scalar::is_printable(c))
}

/// The lines of a text; `breaks[i]` says whether line `i` ends in a break.
struct Lines<'a> {
    lines: Vec<&'a str>,
    breaks: Vec<bool>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines: Vec<&str> = text.split('\n').collect();
        let mut breaks = vec![true; lines.len()];
        if let Some(last) = breaks.last_mut() {
            *last = false;
        }
        for l in &mut lines {
            *l = l.strip_suffix('\r').unwrap_or(l);
        }
        Lines { lines, breaks }
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).copied().unwrap_or("")
    }

    /// True at the end of the stream.
    fn at_end(&self, i: usize) -> bool {
        i >= self.len() || (self.text(i).is_empty() && !self.breaks[i])
    }
}

/// A block scalar header: its style, chomping, explicit indentation and the
/// indentation of the collection holding it.
struct Header {
    literal: bool,
    /// -1 strip, 0 clip, 1 keep.
    chomp: i8,
    increment: usize,
    parent: usize,
}

/// Reads a line ending in a block scalar header (`key: >-`, `- |2`, ...).
fn header(line: &str) -> Option<Header> {
    let mut col = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[col..];
    let mut parent = col;
    // Sequence entries: `- - key: >`.
    while let Some(after) = rest.strip_prefix('-') {
        if !(after.is_empty() || after.starts_with(' ')) {
            break;
        }
        parent = col;
        let skipped = after.len() - after.trim_start_matches(' ').len();
        col += 1 + skipped;
        rest = &after[skipped..];
    }
    if !starts_value(rest) {
        // `key: value`: the key's column is the mapping's indentation.
        parent = col;
        let colon = key_end(rest)?;
        rest = rest[colon + 1..].trim_start_matches(' ');
    }
    // Properties before the scalar: `!!str >`, `&anchor >`.
    while rest.starts_with(['!', '&']) {
        let end = rest.find(' ')?;
        rest = rest[end..].trim_start_matches(' ');
    }
    let literal = match rest.as_bytes().first() {
        Some(b'|') => true,
        Some(b'>') => false,
        _ => return None,
    };
    let mut chomp = 0;
    let mut increment = 0;
    let mut tail = &rest[1..];
    for _ in 0..2 {
        match tail.as_bytes().first() {
            Some(b'-') if chomp == 0 => chomp = -1,
            Some(b'+') if chomp == 0 => chomp = 1,
            Some(d @ b'1'..=b'9') if increment == 0 => increment = usize::from(d - b'0'),
            _ => break,
        }
        tail = &tail[1..];
    }
    let tail = tail.trim_start_matches([' ', '\t']);
    if !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    Some(Header {
        literal,
        chomp,
        increment,
        parent,
    })
}

/// True when `rest` starts a value rather than a key.
fn starts_value(rest: &str) -> bool {
    rest.starts_with(['>', '|', '!', '&'])
}

/// The byte offset of the `:` ending a block mapping key.
fn key_end(rest: &str) -> Option<usize> {
    let search_from = match rest.as_bytes().first() {
        Some(q @ (b'"' | b'\'')) => rest[1..].find(char::from(*q))? + 2,
        _ => 0,
    };
    let bytes = rest.as_bytes();
    (search_from..bytes.len())
        .find(|&i| bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')))
}

/// go-yaml's reading of a block scalar whose body starts at line `start`:
/// its value (None where go-yaml would fail) and the first line after it.
fn scan_block(lines: &Lines<'_>, start: usize, h: &Header) -> (Option<String>, usize) {
    let mut indent = if h.increment > 0 {
        h.parent + h.increment
    } else {
        0
    };
    let mut li = start;
    let mut s = String::new();
    let mut leading_break = String::new();
    let mut trailing_breaks = String::new();
    let mut leading_blank = false;
    let Some(mut col) = scan_breaks(lines, &mut li, &mut indent, h.parent, &mut trailing_breaks)
    else {
        return (None, li);
    };
    while col == indent && !lines.at_end(li) {
        let rest = lines.text(li).get(col..).unwrap_or("");
        let trailing_blank = rest.starts_with([' ', '\t']);
        if !h.literal && !leading_blank && !trailing_blank && leading_break == "\n" {
            if trailing_breaks.is_empty() {
                s.push(' ');
            }
        } else {
            s.push_str(&leading_break);
        }
        leading_break.clear();
        s.push_str(&trailing_breaks);
        trailing_breaks.clear();
        leading_blank = trailing_blank;
        s.push_str(rest);
        if lines.breaks[li] {
            leading_break.push('\n');
        }
        li += 1;
        match scan_breaks(lines, &mut li, &mut indent, h.parent, &mut trailing_breaks) {
            Some(c) => col = c,
            None => return (None, li),
        }
    }
    if h.chomp != -1 {
        s.push_str(&leading_break);
    }
    if h.chomp == 1 {
        s.push_str(&trailing_breaks);
    }
    (Some(s), li)
}

/// Skips empty lines (collecting their breaks) up to the next content line;
/// returns the column reached on it. Fixes the indentation when unknown.
fn scan_breaks(
    lines: &Lines<'_>,
    li: &mut usize,
    indent: &mut usize,
    parent: usize,
    breaks: &mut String,
) -> Option<usize> {
    let mut max_indent = 0;
    let col = loop {
        if lines.at_end(*li) {
            break 0;
        }
        let line = lines.text(*li);
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let col = if *indent == 0 {
            spaces
        } else {
            spaces.min(*indent)
        };
        max_indent = max_indent.max(col);
        let rest = &line[col..];
        if (*indent == 0 || col < *indent) && rest.starts_with('\t') {
            return None;
        }
        if !rest.is_empty() {
            break col;
        }
        breaks.push('\n');
        *li += 1;
    };
    if *indent == 0 {
        *indent = max_indent.max(parent + 1).max(1);
    }
    Some(col)
}

/// go-yaml v3's folded-scalar writer: the block it writes for `value`
/// (body lines indented by [`EMIT_INDENT`] under a key at column 0) and the
/// header it gives it.
fn emit_folded(value: &str) -> (String, Header) {
    let chars: Vec<char> = value.chars().collect();
    let is_break = |c: char| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    let is_blank = |c: char| c == ' ' || c == '\t';
    let increment = match chars.first() {
        Some(&c) if c == ' ' || is_break(c) => EMIT_INDENT,
        _ => 0,
    };
    let chomp = match chars.as_slice() {
        [] => -1,
        [.., last] if !is_break(*last) => -1,
        [_] => 1,
        [.., before, _] if is_break(*before) => 1,
        _ => 0,
    };
    let first_content = chars.iter().position(|&c| !is_break(c));
    let value_starts_blank = first_content.is_none_or(|k| is_blank(chars[k]));
    // The header line is already ended (the fork of go-yaml kustomize uses
    // breaks it before the body, so a leading empty line survives).
    let mut out = String::new();
    let mut column = 0usize;
    let mut indention = true;
    let put_break = |out: &mut String, column: &mut usize, indention: &mut bool| {
        out.push('\n');
        *column = 0;
        *indention = true;
    };
    let mut breaks = true;
    let mut leading_spaces = true;
    for &c in &chars {
        if is_break(c) {
            if !breaks && !leading_spaces && c == '\n' && !value_starts_blank {
                put_break(&mut out, &mut column, &mut indention);
            }
            put_break(&mut out, &mut column, &mut indention);
            breaks = true;
        } else {
            if breaks {
                if !indention || column > EMIT_INDENT {
                    put_break(&mut out, &mut column, &mut indention);
                }
                while column < EMIT_INDENT {
                    out.push(' ');
                    column += 1;
                }
                leading_spaces = is_blank(c);
            }
            out.push(c);
            column += 1;
            indention = false;
            breaks = false;
        }
    }
    let header = Header {
        literal: false,
        chomp,
        increment,
        parent: 0,
    };
    (out, header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(text: &str) -> Vec<(String, String)> {
        let mut v: Vec<_> = roundtrip_changes(text).into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn break_before_more_indented_line_gains_a_blank_line() {
        let text = "a: >-\n  first(c,\n    indented\n  )\nb: 1\n";
        assert_eq!(
            changes(text),
            vec![(
                "first(c,\n  indented\n)".to_string(),
                "first(c,\n\n  indented\n)".to_string()
            )]
        );
    }

    #[test]
    fn plain_folding_round_trips() {
        assert!(changes("a: >\n  one\n  two\n\n  three\n").is_empty());
        assert!(changes("- >-\n  x\n  y\n").is_empty());
    }

    #[test]
    fn literal_blocks_are_skipped_and_not_read_as_headers() {
        let text = "a: |\n  b: >\n    x\n      y\n";
        assert!(changes(text).is_empty());
    }

    #[test]
    fn sequence_entries_and_empty_lines() {
        let text = "l:\n- k: >\n    a\n\n      b\n    c\n";
        assert_eq!(
            changes(text),
            vec![("a\n\n  b\nc\n".to_string(), "a\n\n\n  b\nc\n".to_string())]
        );
    }
}
