//! A byte-level reader for the YAML values files are nearly always made of:
//! block mappings and sequences, plain (also multi-line), single- and
//! double-quoted scalars on one line, literal and folded block scalars, flow
//! collections on one line, comments, anchors and aliases. It builds the same
//! [`Raw`] tree as the yaml-rust2 event path in a single pass over the bytes,
//! without per-token allocation. On anything outside that subset (tabs, CR,
//! tags, directives, multi-line quoted or flow text, invalid input) it gives
//! up with `None` and the caller reads the text the slow way, which also owns
//! every error message.

use std::collections::HashMap;

use memchr::{memchr, memchr2};

mod node;

pub(super) use node::Node;

use super::Input;

/// Nesting at which the reader gives up, well before the decoder's own
/// depth limit, so that limit's error comes from the slow path.
const MAX_DEPTH: usize = 256;

/// Longest key the reader accepts (parsers limit implicit keys to 1024).
const MAX_KEY: usize = 1000;

/// Why the fast reader gave up on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GaveUp {
    /// The text is outside the reader's subset of YAML.
    Syntax,
    /// The text is in the subset but a node could not be built (the
    /// direct JSON build meets what the tree's conversion would refuse).
    Node,
}

/// Every document of `text` as `N`s, or why the reader gave up.
pub(super) fn documents<N: Node>(text: &str, input: Input) -> Result<Vec<N>, GaveUp> {
    if has_unusual_bytes(text.as_bytes()) {
        return Err(GaveUp::Syntax);
    }
    let mut r = Reader {
        src: text.as_bytes(),
        text,
        pos: 0,
        anchors: HashMap::new(),
        open: Vec::new(),
        depth: 0,
        node_failed: false,
        as_given: input == Input::AsGiven,
    };
    r.documents().ok_or(if r.node_failed {
        GaveUp::Node
    } else {
        GaveUp::Syntax
    })
}

impl<N: Node> Reader<'_, N> {
    /// The single document of the text, if it is in the subset.
    fn documents(&mut self) -> Option<Vec<N>> {
        let r = self;
        let Next::Line(start, indent) = r.next_significant(true)? else {
            return Some(Vec::new());
        };
        if indent == 0 && r.is_marker(start, b"---") {
            // An explicit start of the only document: `---` alone on its line.
            let after = r.skip_spaces(start + 3);
            r.pos = r.end_of_line(after)?;
        } else {
            r.pos = start;
        }
        let doc = match r.next_significant(false)? {
            Next::Eof => r.plain("")?,
            Next::Line(start, indent) => {
                let node = r.block_node(-1, start, start + indent)?;
                match r.next_significant(false)? {
                    Next::Eof => node,
                    Next::Line(..) => return None,
                }
            }
        };
        Some(vec![doc])
    }
}

/// Control characters, DEL, C1 controls, Unicode line separators, BOMs and
/// non-characters: parsers treat each differently, so leave them to the slow path.
fn has_unusual_bytes(src: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = src.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Eight bytes at a time, each byte's top bit answering for it
        // alone (no carry crosses a byte): any below 0x20 but `\n`, or from
        // 0x7f up, sends the word to the byte-by-byte check.
        let w7 = w & !HIGH;
        let control = !(w7 + 0x60 * ONES) & HIGH;
        let nl = w ^ (b'\n' as u64 * ONES);
        let not_nl = (((nl & !HIGH) + 0x7f * ONES) | nl) & HIGH;
        let high = ((w7 + ONES) | w) & HIGH;
        if ((control & not_nl) | high) != 0 && (at..at + 8).any(|i| unusual_at(src, i)) {
            return true;
        }
        at += 8;
    }
    (at..src.len()).any(|i| unusual_at(src, i))
}

fn unusual_at(src: &[u8], i: usize) -> bool {
    match src[i] {
        b'\n' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => src.get(i + 1).is_some_and(|&n| n < 0xa1),
        0xe2 => src.get(i + 1) == Some(&0x80) && matches!(src.get(i + 2), Some(0xa8 | 0xa9)),
        0xef => matches!(
            (src.get(i + 1), src.get(i + 2)),
            (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
        ),
        _ => false,
    }
}

/// What follows blank and comment lines.
enum Next {
    Eof,
    /// The start of a line and its indentation.
    Line(usize, usize),
}

struct Reader<'a, N> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    anchors: HashMap<&'a str, N>,
    /// Anchors whose node is still being read: an alias to one is an error
    /// the slow path reports.
    open: Vec<&'a str>,
    depth: usize,
    /// Whether a node could not be built (see [`GaveUp::Node`]).
    node_failed: bool,
    /// Whether the text is read as given: no line break after a last line
    /// that has none (see [`Input`]).
    as_given: bool,
}

/// Characters that cannot start a plain scalar here (or that this reader
/// leaves to the slow path).
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

impl<'a, N: Node> Reader<'a, N> {
    /// `node`, noting a failed build.
    fn built(&mut self, node: Option<N>) -> Option<N> {
        self.node_failed |= node.is_none();
        node
    }

    fn plain(&mut self, text: &str) -> Option<N> {
        let node = N::plain(text);
        self.built(node)
    }

    fn at(&self, p: usize) -> u8 {
        self.src.get(p).copied().unwrap_or(b'\n')
    }

    /// Whether `p` is a space, a line break or the end of the text.
    fn blank_at(&self, p: usize) -> bool {
        matches!(self.at(p), b' ' | b'\n')
    }

    fn eol(&self, p: usize) -> usize {
        memchr(b'\n', &self.src[p.min(self.src.len())..]).map_or(self.src.len(), |i| p + i)
    }

    fn skip_spaces(&self, mut p: usize) -> usize {
        while self.src.get(p) == Some(&b' ') {
            p += 1;
        }
        p
    }

    /// After a token at `p`: spaces, then an optional comment, then the line
    /// break; the start of the next line.
    fn end_of_line(&self, p: usize) -> Option<usize> {
        let q = self.skip_spaces(p);
        match self.at(q) {
            b'\n' => Some((q + 1).min(self.src.len())),
            b'#' if q > p => Some((self.eol(q) + 1).min(self.src.len())),
            _ => None,
        }
    }

    /// `---` or `...` at `start` followed by a blank.
    fn is_marker(&self, start: usize, marker: &[u8]) -> bool {
        self.src[start..].starts_with(marker) && self.blank_at(start + 3)
    }

    /// Skips blank and comment lines from `self.pos` (a line start). A
    /// document marker gives up, except a `---` where `first` allows it.
    fn next_significant(&mut self, first: bool) -> Option<Next> {
        let mut p = self.pos;
        loop {
            if p >= self.src.len() {
                self.pos = p;
                return Some(Next::Eof);
            }
            let q = self.skip_spaces(p);
            match self.at(q) {
                b'\n' => p = q + 1,
                b'#' => p = self.eol(q) + 1,
                _ => {
                    self.pos = p;
                    if q == p && (self.is_marker(p, b"---") && !first || self.is_marker(p, b"..."))
                    {
                        return None;
                    }
                    return Some(Next::Line(p, q - p));
                }
            }
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth < MAX_DEPTH).then_some(())
    }

    /// A node starting at `p` (column `p - line`), the first thing on its
    /// line, inside a block indented `parent`.
    fn block_node(&mut self, parent: isize, line: usize, p: usize) -> Option<N> {
        let column = p - line;
        if self.at(p) == b'-' && self.blank_at(p + 1) {
            return self.block_seq(line, column, false);
        }
        if self.key_end(p).is_some() {
            return self.block_map(line, column);
        }
        self.inline_value(parent, p)
    }

    /// Where a mapping key starting at `p` ends and its value begins (after
    /// the `:`), when the line holds a simple key there.
    fn key_end(&self, p: usize) -> Option<(usize, usize)> {
        let b = self.at(p);
        if b == b'"' || b == b'\'' {
            let (_, after) = self.quoted_at(p)?;
            return (self.at(after) == b':' && self.blank_at(after + 1))
                .then_some((after, after + 1));
        }
        let dash_scalar = b == b'-' && !self.blank_at(p + 1);
        if is_indicator(b) && !dash_scalar || b == b'\n' {
            return None;
        }
        let end = self.eol(p);
        let mut q = p;
        while let Some(i) = memchr2(b':', b'#', &self.src[q..end]) {
            let at = q + i;
            if self.src[at] == b'#' {
                if self.src[at - 1] == b' ' {
                    return None;
                }
            } else if self.blank_at(at + 1) {
                let mut k = at;
                while self.src[k - 1] == b' ' {
                    k -= 1;
                }
                return (k - p <= MAX_KEY).then_some((k, at + 1));
            }
            q = at + 1;
        }
        None
    }

    fn key(&mut self, p: usize) -> Option<(N::Key, usize)> {
        let (end, after) = self.key_end(p)?;
        let key = if matches!(self.at(p), b'"' | b'\'') {
            N::text_key(self.quoted_at(p)?.0)
        } else {
            let key = N::plain_key(&self.text[p..end]);
            self.node_failed |= key.is_none();
            key?
        };
        Some((key, after))
    }

    /// A block mapping whose first key starts at `line + column`.
    fn block_map(&mut self, mut line: usize, column: usize) -> Option<N> {
        self.enter()?;
        let mut entries = Vec::new();
        loop {
            let (key, after) = self.key(line + column)?;
            let value = self.value_after(column as isize, after, true)?;
            entries.push((key, value));
            match self.next_significant(false)? {
                Next::Eof => break,
                Next::Line(start, indent) if indent == column => {
                    if self.at(start + indent) == b'-' && self.blank_at(start + indent + 1) {
                        return None;
                    }
                    line = start;
                }
                Next::Line(_, indent) if indent < column => break,
                Next::Line(..) => return None,
            }
        }
        self.depth -= 1;
        let map = N::map(entries);
        self.built(map)
    }

    /// A block sequence whose first `-` is at `line + column`; `indentless`
    /// when it is a mapping value at the mapping's own indentation.
    fn block_seq(&mut self, mut line: usize, column: usize, indentless: bool) -> Option<N> {
        self.enter()?;
        let mut items = Vec::new();
        loop {
            let item = self.value_after(column as isize, line + column + 1, false)?;
            items.push(item);
            match self.next_significant(false)? {
                Next::Eof => break,
                Next::Line(start, indent) if indent == column => {
                    if self.at(start + indent) == b'-' && self.blank_at(start + indent + 1) {
                        line = start;
                    } else if indentless {
                        break;
                    } else {
                        return None;
                    }
                }
                Next::Line(_, indent) if indent < column => break,
                Next::Line(..) => return None,
            }
        }
        self.depth -= 1;
        Some(N::seq(items))
    }

    /// The node after a mapping's `:` or a sequence's `-` at `p`, in a block
    /// indented `column`; leaves `self.pos` at the start of a line.
    fn value_after(&mut self, column: isize, p: usize, in_map: bool) -> Option<N> {
        let mut q = self.skip_spaces(p);
        let mut anchor = None;
        if self.at(q) == b'&' {
            let (name, after) = self.name_at(q + 1)?;
            anchor = Some(name);
            self.open.push(name);
            q = self.skip_spaces(after);
        }
        let node = if self.at(q) == b'\n' || self.at(q) == b'#' && q > p {
            self.pos = self.end_of_line(q)?;
            match self.next_significant(false)? {
                Next::Line(start, indent) if indent as isize > column => {
                    self.block_node(column, start, start + indent)?
                }
                Next::Line(start, indent)
                    if in_map
                        && indent as isize == column
                        && self.at(start + indent) == b'-'
                        && self.blank_at(start + indent + 1) =>
                {
                    self.block_seq(start, indent, true)?
                }
                _ => self.plain("")?,
            }
        } else if q == p {
            return None;
        } else if !in_map && anchor.is_none() && self.key_end(q).is_some() {
            let line = self.src[..q]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            self.block_map(line, q - line)?
        } else {
            self.inline_value(column, q)?
        };
        if let Some(name) = anchor {
            self.open.pop();
            self.anchors.insert(name, node.clone());
        }
        Some(node)
    }

    /// An anchor or alias name at `p` and where it ends.
    fn name_at(&self, p: usize) -> Option<(&'a str, usize)> {
        let mut q = p;
        while self.at(q).is_ascii_alphanumeric() || matches!(self.at(q), b'-' | b'_') {
            q += 1;
        }
        (q > p && self.blank_at(q)).then_some((&self.text[p..q], q))
    }

    /// A scalar, flow collection or alias starting at `p`, not a key, in a
    /// block indented `parent`; leaves `self.pos` at the start of a line.
    fn inline_value(&mut self, parent: isize, p: usize) -> Option<N> {
        let (node, after) = match self.at(p) {
            b'"' | b'\'' => {
                let (value, after) = self.quoted_at(p)?;
                (N::text(value), after)
            }
            b'[' | b'{' => {
                let mut q = p;
                let node = self.flow(&mut q)?;
                (node, q)
            }
            b'*' => {
                let (name, after) = self.name_at(p + 1)?;
                if self.open.contains(&name) {
                    return None;
                }
                (self.anchors.get(name)?.clone(), after)
            }
            b'|' | b'>' => return self.block_scalar(parent, p),
            b'-' if !self.blank_at(p + 1) => return self.plain_scalar(parent, p),
            b if is_indicator(b) => return None,
            _ => return self.plain_scalar(parent, p),
        };
        self.pos = self.end_of_line(after)?;
        Some(node)
    }

    /// A plain scalar in block context starting at `p`, continued on the
    /// following lines indented deeper than `parent`.
    fn plain_scalar(&mut self, parent: isize, p: usize) -> Option<N> {
        let (mut end, mut next, mut comment) = self.plain_line(p)?;
        let first = &self.text[p..end];
        let mut folded: Option<String> = None;
        while !comment && next < self.src.len() {
            // Blank lines fold to line breaks, one line break to a space.
            let mut breaks = 0;
            let mut line = next;
            let mut q = self.skip_spaces(line);
            while self.at(q) == b'\n' && q < self.src.len() {
                breaks += 1;
                line = q + 1;
                q = self.skip_spaces(line);
            }
            if q >= self.src.len() || ((q - line) as isize) <= parent || self.at(q) == b'#' {
                break;
            }
            if is_indicator(self.at(q))
                || q == line && (self.is_marker(line, b"---") || self.is_marker(line, b"..."))
            {
                return None;
            }
            let text = folded.get_or_insert_with(|| first.to_string());
            if breaks == 0 {
                text.push(' ');
            }
            for _ in 0..breaks {
                text.push('\n');
            }
            (end, next, comment) = self.plain_line(q)?;
            text.push_str(&self.text[q..end]);
        }
        self.pos = next;
        match folded {
            Some(text) => {
                let node = N::plain_owned(text);
                self.built(node)
            }
            None => self.plain(first),
        }
    }

    /// One line of a block plain scalar from `p`: where its text ends, where
    /// the next line starts and whether a comment ended it.
    fn plain_line(&self, p: usize) -> Option<(usize, usize, bool)> {
        let eol = self.eol(p);
        let mut q = p;
        let mut stop = eol;
        let mut comment = false;
        while let Some(i) = memchr2(b':', b'#', &self.src[q..eol]) {
            let at = q + i;
            if self.src[at] == b'#' {
                if self.src[at - 1] == b' ' {
                    stop = at;
                    comment = true;
                    break;
                }
            } else if self.blank_at(at + 1) {
                return None;
            }
            q = at + 1;
        }
        let mut end = stop;
        while end > p && self.src[end - 1] == b' ' {
            end -= 1;
        }
        Some((end, (eol + 1).min(self.src.len()), comment))
    }

    /// A quoted scalar on one line at `p`: its value and where it ends.
    fn quoted_at(&self, p: usize) -> Option<(String, usize)> {
        let quote = self.at(p);
        let mut out = String::new();
        let mut q = p + 1;
        loop {
            let rest = &self.src[q..];
            let i = if quote == b'"' {
                memchr2(b'"', b'\\', rest)
            } else {
                memchr(b'\'', rest)
            }?;
            let chunk = &self.text[q..q + i];
            if chunk.contains('\n') {
                return None;
            }
            out.push_str(chunk);
            q += i;
            match (quote, self.src[q]) {
                (b'\'', _) if self.at(q + 1) == b'\'' => {
                    out.push('\'');
                    q += 2;
                }
                (b'"', b'\\') => {
                    let (c, len) = self.escape(q + 1)?;
                    out.push(c);
                    q += 1 + len;
                }
                _ => return Some((out, q + 1)),
            }
        }
    }

    /// The character a double-quoted escape at `p` (after the backslash)
    /// stands for and the escape's length.
    fn escape(&self, p: usize) -> Option<(char, usize)> {
        let hex = |len: usize| {
            let digits = self.text.get(p + 1..p + 1 + len)?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let c = char::from_u32(u32::from_str_radix(digits, 16).ok()?)?;
            Some((c, len + 1))
        };
        match self.at(p) {
            b'\\' => Some(('\\', 1)),
            b'"' => Some(('"', 1)),
            b'n' => Some(('\n', 1)),
            b't' => Some(('\t', 1)),
            b'r' => Some(('\r', 1)),
            b'0' => Some(('\0', 1)),
            b'x' => hex(2),
            b'u' => hex(4),
            _ => None,
        }
    }

    /// A flow collection on one line at `*p`; moves `*p` past it.
    fn flow(&mut self, p: &mut usize) -> Option<N> {
        self.enter()?;
        let (close, is_map) = match self.at(*p) {
            b'[' => (b']', false),
            _ => (b'}', true),
        };
        let mut items = Vec::new();
        let mut entries = Vec::new();
        *p = self.skip_spaces(*p + 1);
        if self.at(*p) != close {
            loop {
                if is_map {
                    let key = self.flow_key(p)?;
                    if self.at(*p) != b':' || self.at(*p + 1) != b' ' {
                        return None;
                    }
                    *p = self.skip_spaces(*p + 1);
                    let value = self.flow_node(p)?;
                    entries.push((key, value));
                } else {
                    items.push(self.flow_node(p)?);
                }
                match self.at(*p) {
                    b',' => *p = self.skip_spaces(*p + 1),
                    c if c == close => break,
                    _ => return None,
                }
            }
        }
        *p += 1;
        self.depth -= 1;
        if is_map {
            let map = N::map(entries);
            self.built(map)
        } else {
            Some(N::seq(items))
        }
    }

    /// A scalar key in a flow mapping; moves `*p` past it and the spaces
    /// after it. A collection as a key is an error the slow path reports.
    fn flow_key(&mut self, p: &mut usize) -> Option<N::Key> {
        let key = match self.at(*p) {
            b'"' | b'\'' => {
                let (value, after) = self.quoted_at(*p)?;
                *p = after;
                N::text_key(value)
            }
            b'-' if !self.blank_at(*p + 1) => self.flow_plain_key(p)?,
            b if is_indicator(b) || b == b'\n' => return None,
            _ => self.flow_plain_key(p)?,
        };
        *p = self.skip_spaces(*p);
        Some(key)
    }

    fn flow_plain_key(&mut self, p: &mut usize) -> Option<N::Key> {
        let (start, end) = self.flow_plain(p)?;
        let key = N::plain_key(&self.text[start..end]);
        self.node_failed |= key.is_none();
        key
    }

    /// A scalar or nested collection in a flow collection; moves `*p` past
    /// it and the spaces after it.
    fn flow_node(&mut self, p: &mut usize) -> Option<N> {
        let node = match self.at(*p) {
            b'[' | b'{' => self.flow(p)?,
            b'"' | b'\'' => {
                let (value, after) = self.quoted_at(*p)?;
                *p = after;
                N::text(value)
            }
            b'-' if !self.blank_at(*p + 1) => self.flow_plain_node(p)?,
            b if is_indicator(b) || b == b'\n' => return None,
            _ => self.flow_plain_node(p)?,
        };
        *p = self.skip_spaces(*p);
        Some(node)
    }

    fn flow_plain_node(&mut self, p: &mut usize) -> Option<N> {
        let (start, end) = self.flow_plain(p)?;
        self.plain(&self.text[start..end])
    }

    /// A plain scalar in a flow collection at `*p`: where it starts and
    /// ends; moves `*p` to its end.
    fn flow_plain(&self, p: &mut usize) -> Option<(usize, usize)> {
        let start = *p;
        let mut q = start;
        while !matches!(self.at(q), b',' | b'[' | b']' | b'{' | b'}' | b'\n') {
            match self.at(q) {
                b':' if self.at(q + 1) == b' ' => break,
                b':' => return None,
                b'#' if self.src[q - 1] == b' ' => return None,
                _ => q += 1,
            }
        }
        let mut end = q;
        while self.src[end - 1] == b' ' {
            end -= 1;
        }
        *p = end;
        Some((start, end))
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `p`,
    /// in a block indented `parent`.
    fn block_scalar(&mut self, parent: isize, p: usize) -> Option<N> {
        if parent < 0 {
            return None;
        }
        let literal = self.at(p) == b'|';
        let mut q = p + 1;
        let mut chomp = 0i8;
        match self.at(q) {
            b'-' => chomp = -1,
            b'+' => chomp = 1,
            _ => {}
        }
        if chomp != 0 {
            q += 1;
        }
        let mut line = self.end_of_line(q)?;
        let min = parent as usize + 1;
        // Leading empty lines, then the first content line sets the indentation.
        let mut breaks = 0;
        let indent = loop {
            if line >= self.src.len() {
                break None;
            }
            let s = self.skip_spaces(line);
            if self.at(s) == b'\n' {
                if s > line {
                    return None;
                }
                breaks += 1;
                line = s + 1;
                continue;
            }
            break (s - line >= min).then_some(s - line);
        };
        let Some(indent) = indent else {
            if chomp == 1 {
                return None;
            }
            self.pos = line.min(self.src.len());
            return Some(N::text(String::new()));
        };
        let mut out = String::new();
        let mut trailing = "\n".repeat(breaks);
        let mut leading_break = false;
        let mut leading_blank = false;
        loop {
            // `line` starts a content line indented at least `indent`.
            let content_start = line + indent;
            let trailing_blank = self.at(content_start) == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing.is_empty() {
                    out.push(' ');
                }
            } else if leading_break {
                out.push('\n');
            }
            out.push_str(&trailing);
            trailing.clear();
            leading_blank = trailing_blank;
            let eol = self.eol(content_start);
            out.push_str(&self.text[content_start..eol]);
            // A last line without a line break has one in a document from
            // Helm's reader, none in the text as given.
            leading_break = eol < self.src.len() || !self.as_given;
            line = (eol + 1).min(self.src.len());
            // Empty lines (fewer spaces than the indentation) until the next
            // content line or the end of the scalar.
            let next = loop {
                if line >= self.src.len() {
                    break None;
                }
                let s = self.skip_spaces(line);
                if s >= self.src.len() {
                    // Spaces at the very end without a line break.
                    return None;
                }
                if self.at(s) == b'\n' && s - line <= indent {
                    trailing.push('\n');
                    line = s + 1;
                    continue;
                }
                break (s - line >= indent).then_some(());
            };
            if next.is_none() {
                break;
            }
        }
        if chomp != -1 && leading_break {
            out.push('\n');
        }
        if chomp == 1 {
            out.push_str(&trailing);
        }
        self.pos = line.min(self.src.len());
        Some(N::text(out))
    }
}

#[cfg(test)]
mod tests;
