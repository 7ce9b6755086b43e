//! The scanner of Go's `text/template/parse`, item for item: text outside
//! actions is found with a substring search (not one character at a time),
//! trim markers (`{{- ` / ` -}}`) and comments (`{{/* */}}`) behave as in Go.
//! Items carry their byte offset only: the line of an item (1 + the newlines
//! before it) is counted when an error needs it, not for every item.
//! Items are produced on demand, as Go's parser pulls them.

/// The offset of the first left delimiter in `s`. A `{` is rare in text
/// outside actions, so a byte search for it (cheap to start, unlike a
/// substring searcher, and most texts between actions are short) finds
/// nearly only delimiters.
pub(super) fn find_left_delim(s: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'{', &s[from..]) {
        let at = from + i;
        if s.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The kinds of items; the order after `Keyword` marks keywords, as in Go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

/// One scanned item: a slice of the source, so items are copied, never
/// allocated. The message of an [`Kind::Error`] item is the lexer's
/// ([`Lexer::error_message`]): a lexer fails once.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item<'a> {
    pub(super) kind: Kind,
    /// Byte offset of the item's start.
    pub(super) pos: usize,
    /// The item's text (empty for [`Kind::Error`]).
    pub(super) val: &'a str,
}

impl std::fmt::Display for Item<'_> {
    /// Go's `item.String()`, used in parse error messages (an error item
    /// prints its message, which the parser takes from the lexer).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Kind::Eof => f.write_str("EOF"),
            Kind::Error => f.write_str(self.val),
            k if k > Kind::Keyword => write!(f, "<{}>", self.val),
            _ if self.val.len() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", crate::funcs::go_quote(&head))
            }
            _ => f.write_str(&crate::funcs::go_quote(self.val)),
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
/// A trim marker plus the space before or after it.
const TRIM_MARKER_LEN: usize = 2;

/// Go's `isSpace`.
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// ASCII bytes of names: letters, digits and `_`.
static NAME_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// How many bytes of `s` are ASCII name bytes.
pub(super) fn ascii_name_len(s: &[u8]) -> usize {
    s.iter()
        .position(|b| !NAME_BYTE[usize::from(*b)])
        .unwrap_or(s.len())
}

/// Go's `isAlphaNumeric` (letters and digits of any script, and `_`).
pub(super) fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn has_left_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && s[0] == b'-' && is_space(s[1])
}

fn has_right_trim_marker(s: &[u8]) -> bool {
    s.len() >= 2 && is_space(s[0]) && s[1] == b'-'
}

/// Whether `rest` starts with a right delimiter, and whether that has a
/// trim marker (` -}}`).
pub(super) fn right_delim_at(rest: &[u8]) -> (bool, bool) {
    if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM.as_bytes()) {
        return (true, true);
    }
    (rest.starts_with(RIGHT_DELIM.as_bytes()), false)
}

fn left_trim_len(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}

fn right_trim_len(s: &str) -> usize {
    s.len() - s.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

/// Go's `%#U`: `U+0041 'A'`, or `U+0001` for a character that does not print.
pub(super) fn rune_name(c: Option<char>) -> String {
    match c {
        None => "U+FFFFFFFFFFFFFFFF".into(),
        Some(c) if !c.is_control() && (c == ' ' || !c.is_whitespace()) => {
            format!("U+{:04X} '{c}'", c as u32)
        }
        Some(c) => format!("U+{:04X}", c as u32),
    }
}

/// Go's `atTerminator`: whether `rest` starts with what may follow a name.
fn terminates(rest: &[u8]) -> bool {
    match rest.first() {
        None => true,
        Some(b) if is_space(*b) => true,
        Some(b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
        Some(_) => rest.starts_with(RIGHT_DELIM.as_bytes()),
    }
}

/// Whether a character is printable ASCII (Go's `r <= MaxASCII && IsPrint(r)`).
fn is_ascii_print(c: char) -> bool {
    (' '..='~').contains(&c)
}

/// The scanner.
pub(super) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    paren_depth: usize,
    inside_action: bool,
    break_ok: bool,
    continue_ok: bool,
    /// After an error, every later item is EOF.
    failed: bool,
    /// The message of the error item, once one was produced.
    error: String,
    /// Where the error item starts: the items after it (EOF) report its line.
    error_pos: usize,
}

/// What a state produces: an item, or nothing yet (keep scanning).
type Step<'a> = Option<Item<'a>>;

impl<'a> Lexer<'a> {
    pub(super) fn new(input: &'a str, break_ok: bool, continue_ok: bool) -> Self {
        Lexer {
            input,
            pos: 0,
            start: 0,
            paren_depth: 0,
            inside_action: false,
            break_ok,
            continue_ok,
            failed: false,
            error: String::new(),
            error_pos: 0,
        }
    }

    /// The 1-based line of a byte offset: 1 + the newlines before it, as
    /// Go's lexer counts them for the items it reports.
    pub(super) fn line_of(&self, pos: usize) -> usize {
        let upto = self
            .input
            .as_bytes()
            .get(..pos)
            .unwrap_or(self.input.as_bytes());
        1 + memchr::memchr_iter(b'\n', upto).count()
    }

    fn rest(&self) -> &'a [u8] {
        &self.input.as_bytes()[self.pos..]
    }

    #[inline]
    fn peek_char(&self) -> Option<char> {
        match self.rest().first() {
            Some(b) if b.is_ascii() => Some(char::from(*b)),
            _ => self.input[self.pos..].chars().next(),
        }
    }

    fn item(&mut self, kind: Kind) -> Item<'a> {
        let item = Item {
            kind,
            pos: self.start,
            val: &self.input[self.start..self.pos],
        };
        self.start = self.pos;
        item
    }

    fn error(&mut self, msg: String) -> Step<'a> {
        self.failed = true;
        self.error = msg;
        self.error_pos = self.start;
        Some(Item {
            kind: Kind::Error,
            pos: self.start,
            val: "",
        })
    }

    /// Whether scanning may resume elsewhere in the current action: inside
    /// an action, between items, not failed.
    pub(super) fn resumable(&self) -> bool {
        !self.failed && self.inside_action && self.start == self.pos
    }

    /// Where the next item starts.
    pub(super) fn offset(&self) -> usize {
        self.pos
    }

    /// Goes on scanning at `pos`, inside the current action, outside any
    /// parenthesis (where a pipeline parsed without the scanner ended).
    pub(super) fn resume_at(&mut self, pos: usize) {
        self.pos = pos;
        self.start = pos;
        self.paren_depth = 0;
    }

    /// The message of the error item produced (empty before one).
    pub(super) fn error_message(&self) -> &str {
        &self.error
    }

    /// The next item.
    pub(super) fn next_item(&mut self) -> Item<'a> {
        if self.failed {
            return Item {
                kind: Kind::Eof,
                pos: self.error_pos,
                val: "EOF",
            };
        }
        loop {
            let step = if self.inside_action {
                self.lex_inside_action()
            } else {
                self.lex_text()
            };
            if let Some(item) = step {
                return item;
            }
        }
    }

    fn lex_text(&mut self) -> Step<'a> {
        let Some(x) = find_left_delim(self.rest()) else {
            self.pos = self.input.len();
            if self.pos > self.start {
                return Some(self.item(Kind::Text));
            }
            return Some(self.item(Kind::Eof));
        };
        if x > 0 {
            self.pos += x;
            let delim_end = self.pos + LEFT_DELIM.len();
            let trim = if has_left_trim_marker(&self.input.as_bytes()[delim_end..]) {
                right_trim_len(&self.input[self.start..self.pos])
            } else {
                0
            };
            self.pos -= trim;
            let text = self.item(Kind::Text);
            self.pos += trim;
            self.start = self.pos;
            if !text.val.is_empty() {
                return Some(text);
            }
        }
        self.lex_left_delim()
    }

    fn lex_left_delim(&mut self) -> Step<'a> {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(self.rest());
        let after = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after..].starts_with(LEFT_COMMENT) {
            self.pos += after;
            self.start = self.pos;
            return self.lex_comment();
        }
        let item = self.item(Kind::LeftDelim);
        self.inside_action = true;
        self.pos += after;
        self.start = self.pos;
        self.paren_depth = 0;
        Some(item)
    }

    fn lex_comment(&mut self) -> Step<'a> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.input[self.pos..].find(RIGHT_COMMENT) else {
            return self.error("unclosed comment".into());
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.error("comment ends before closing delimiter".into());
        }
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += left_trim_len(&self.input[self.pos..]);
        }
        self.start = self.pos;
        None
    }

    /// Whether a right delimiter (possibly with a trim marker) is next.
    fn at_right_delim(&self) -> (bool, bool) {
        right_delim_at(self.rest())
    }

    fn lex_right_delim(&mut self) -> Step<'a> {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.start = self.pos;
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.item(Kind::RightDelim);
        if trim {
            self.pos += left_trim_len(&self.input[self.pos..]);
            self.start = self.pos;
        }
        self.inside_action = false;
        Some(item)
    }

    fn lex_inside_action(&mut self) -> Step<'a> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return self.lex_right_delim();
            }
            return self.error("unclosed left paren".into());
        }
        let Some(c) = self.peek_char() else {
            return self.error("unclosed action".into());
        };
        if c.is_ascii() && is_space(c as u8) {
            return self.lex_space();
        }
        self.pos += c.len_utf8();
        match c {
            '=' => Some(self.item(Kind::Assign)),
            ':' => {
                if self.rest().first() != Some(&b'=') {
                    return self.error("expected :=".into());
                }
                self.pos += 1;
                Some(self.item(Kind::Declare))
            }
            '|' => Some(self.item(Kind::Pipe)),
            '"' => self.lex_quote(),
            '`' => self.lex_raw_quote(),
            '$' => self.lex_variable(),
            '\'' => self.lex_char(),
            '.' if self.rest().first().is_some_and(|b| !b.is_ascii_digit()) => {
                self.lex_field_or_variable(Kind::Field)
            }
            '.' | '+' | '-' | '0'..='9' => {
                self.pos -= 1;
                self.lex_number()
            }
            c if is_alphanumeric(c) => {
                self.pos -= c.len_utf8();
                self.lex_identifier()
            }
            '(' => {
                self.paren_depth += 1;
                Some(self.item(Kind::LeftParen))
            }
            ')' => {
                if self.paren_depth == 0 {
                    return self.error("unexpected right paren".into());
                }
                self.paren_depth -= 1;
                Some(self.item(Kind::RightParen))
            }
            c if is_ascii_print(c) => Some(self.item(Kind::Char)),
            c => self.error(format!(
                "unrecognized character in action: {}",
                rune_name(Some(c))
            )),
        }
    }

    fn lex_space(&mut self) -> Step<'a> {
        let spaces = self.rest().iter().take_while(|b| is_space(**b)).count();
        self.pos += spaces;
        let rest = &self.input.as_bytes()[self.pos - 1..];
        if has_right_trim_marker(rest)
            && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM.as_bytes())
        {
            self.pos -= 1;
            if spaces == 1 {
                return self.lex_right_delim();
            }
        }
        Some(self.item(Kind::Space))
    }

    fn consume_alphanumerics(&mut self) -> Option<char> {
        // ASCII names (nearly all) byte by byte; any other character decoded.
        self.pos += ascii_name_len(self.rest());
        match self.rest().first() {
            None => return None,
            Some(b) if b.is_ascii() => return Some(char::from(*b)),
            Some(_) => {}
        }
        let rest = &self.input[self.pos..];
        for (i, c) in rest.char_indices() {
            if !is_alphanumeric(c) {
                self.pos += i;
                return Some(c);
            }
        }
        self.pos = self.input.len();
        None
    }

    fn at_terminator(&self) -> bool {
        terminates(self.rest())
    }

    /// The `.name` fields right after the field just scanned, which the
    /// scanner would return next as field items, taken at once: their
    /// names' ranges are appended to `out`. Only plain cases are taken
    /// (an ASCII name, not starting with a digit, ended by a terminator);
    /// anything else is left to [`Self::next_item`], which scans it as
    /// Go does (a number, a dot, an error).
    pub(super) fn take_field_run(&mut self, out: &mut Vec<super::Span>) {
        if self.failed || !self.inside_action || self.start != self.pos {
            return;
        }
        loop {
            let rest = self.rest();
            if rest.first() != Some(&b'.') || rest.get(1).is_none_or(u8::is_ascii_digit) {
                return;
            }
            let len = ascii_name_len(&rest[1..]);
            let after = &rest[1 + len..];
            if len == 0 || after.first().is_some_and(|b| !b.is_ascii()) || !terminates(after) {
                return;
            }
            out.push(super::Span {
                start: self.pos + 1,
                end: self.pos + 1 + len,
            });
            self.pos += 1 + len;
            self.start = self.pos;
        }
    }

    fn lex_identifier(&mut self) -> Step<'a> {
        let next = self.consume_alphanumerics();
        if !self.at_terminator() {
            return self.error(format!("bad character {}", rune_name(next)));
        }
        let kind = match &self.input[self.start..self.pos] {
            "block" => Kind::Block,
            "break" if self.break_ok => Kind::Break,
            "continue" if self.continue_ok => Kind::Continue,
            "define" => Kind::Define,
            "else" => Kind::Else,
            "end" => Kind::End,
            "if" => Kind::If,
            "range" => Kind::Range,
            "nil" => Kind::Nil,
            "template" => Kind::Template,
            "with" => Kind::With,
            "true" | "false" => Kind::Bool,
            _ => Kind::Identifier,
        };
        Some(self.item(kind))
    }

    fn lex_variable(&mut self) -> Step<'a> {
        if self.at_terminator() {
            return Some(self.item(Kind::Variable));
        }
        self.lex_field_or_variable(Kind::Variable)
    }

    /// A field or variable; the `.` or `$` has been scanned.
    fn lex_field_or_variable(&mut self, kind: Kind) -> Step<'a> {
        if self.at_terminator() {
            let kind = if kind == Kind::Variable {
                Kind::Variable
            } else {
                Kind::Dot
            };
            return Some(self.item(kind));
        }
        let next = self.consume_alphanumerics();
        if !self.at_terminator() {
            return self.error(format!("bad character {}", rune_name(next)));
        }
        Some(self.item(kind))
    }

    /// A quoted literal's body up to `quote`; the opening quote has been scanned.
    fn scan_escaped(&mut self, quote: u8) -> bool {
        let bytes = self.input.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            self.pos += 1;
            match b {
                b'\\' => match bytes.get(self.pos) {
                    None | Some(b'\n') => return false,
                    Some(_) => {
                        // Skip one whole character.
                        let c = self.peek_char().map_or(1, char::len_utf8);
                        self.pos += c;
                    }
                },
                b'\n' => return false,
                b if b == quote => return true,
                _ => {}
            }
        }
        false
    }

    fn lex_char(&mut self) -> Step<'a> {
        if !self.scan_escaped(b'\'') {
            return self.error("unterminated character constant".into());
        }
        Some(self.item(Kind::CharConstant))
    }

    fn lex_quote(&mut self) -> Step<'a> {
        if !self.scan_escaped(b'"') {
            return self.error("unterminated quoted string".into());
        }
        Some(self.item(Kind::String))
    }

    fn lex_raw_quote(&mut self) -> Step<'a> {
        let Some(x) = self.input[self.pos..].find('`') else {
            return self.error("unterminated raw quoted string".into());
        };
        self.pos += x + 1;
        Some(self.item(Kind::RawString))
    }

    fn accept(&mut self, valid: &[u8]) -> bool {
        if self.rest().first().is_some_and(|b| valid.contains(b)) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn accept_run(&mut self, valid: &[u8]) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        const DECIMAL: &[u8] = b"0123456789_";
        const HEX: &[u8] = b"0123456789abcdefABCDEF_";
        self.accept(b"+-");
        let mut digits = DECIMAL;
        if self.accept(b"0") {
            if self.accept(b"xX") {
                digits = HEX;
            } else if self.accept(b"oO") {
                digits = b"01234567_";
            } else if self.accept(b"bB") {
                digits = b"01_";
            }
        }
        self.accept_run(digits);
        if self.accept(b".") {
            self.accept_run(digits);
        }
        if digits == DECIMAL && self.accept(b"eE") {
            self.accept(b"+-");
            self.accept_run(DECIMAL);
        }
        if digits == HEX && self.accept(b"pP") {
            self.accept(b"+-");
            self.accept_run(DECIMAL);
        }
        self.accept(b"i");
        if let Some(c) = self.peek_char()
            && is_alphanumeric(c)
        {
            self.pos += c.len_utf8();
            return false;
        }
        true
    }

    fn lex_number(&mut self) -> Step<'a> {
        if !self.scan_number() {
            let text = crate::funcs::go_quote(&self.input[self.start..self.pos]);
            return self.error(format!("bad number syntax: {text}"));
        }
        if matches!(self.rest().first(), Some(b'+' | b'-')) {
            if !self.scan_number() || self.input.as_bytes()[self.pos - 1] != b'i' {
                let text = crate::funcs::go_quote(&self.input[self.start..self.pos]);
                return self.error(format!("bad number syntax: {text}"));
            }
            return Some(self.item(Kind::Complex));
        }
        Some(self.item(Kind::Number))
    }
}
