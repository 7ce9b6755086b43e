//! A straight-line parser for the plain pipelines that make up nearly every
//! action of a chart (`.Values.a.b`, `include "x" . | nindent 4`,
//! `$x := default "a" .v`, `(.x).y`): it reads the source bytes directly,
//! without the scanner's items and the parser's look-ahead, and builds the
//! nodes the general parser would build.
//!
//! It accepts only what it knows the general parser accepts; anything else
//! (keywords, numbers other than plain decimals, errors of any kind, deep
//! nesting, non-ASCII names) makes it give up with nothing changed, and the
//! general parser parses the pipeline from its start, with Go's messages.

use std::sync::Arc;

use gotmpl::parse::SmolStr;

use super::lex::{ascii_name_len, is_space, right_delim_at};
use super::{Item, Kind, MAX_PAREN_DEPTH, MAX_PIPELINE_COMMANDS, Parser, literal};
use crate::engine::ast::{CommandNode, Expr, Fields, PipeNode, Pos, Span};
use crate::engine::rewrite;

/// Deepest nesting of parentheses the fast path follows; deeper pipelines
/// (and their depth errors) are the general parser's.
const FAST_MAX_DEPTH: usize = 32;

/// Skips spaces from `i`, stopping at the space of a ` -}}` (where Go's
/// scanner sees the right delimiter).
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while let Some(&c) = b.get(i) {
        if !is_space(c) || right_delim_at(&b[i..]).0 {
            break;
        }
        i += 1;
    }
    i
}

/// What ends a pipeline at `i`: a right delimiter, a right parenthesis, or
/// nothing.
fn end_at(b: &[u8], i: usize) -> Option<Kind> {
    let rest = b.get(i..)?;
    if right_delim_at(rest).0 {
        return Some(Kind::RightDelim);
    }
    (rest.first() == Some(&b')')).then_some(Kind::RightParen)
}

/// Whether an operand may end before `i`: a space, `|`, `)` or `}}` follows
/// (anything else is an error or a case the general parser handles).
fn follows(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(&c) if is_space(c) => true,
        Some(b'|' | b')') => true,
        Some(b'}') => b.get(i + 1) == Some(&b'}'),
        _ => false,
    }
}

/// The variables a pipeline declares: one, or two in a range.
type Declared<'a> = (&'a str, Option<&'a str>);

/// `:=` or `=` at `j` (a variable's name ends at `name_end`): where the
/// pipeline goes on, and whether it assigns.
fn declare_op(b: &[u8], j: usize, name_end: usize) -> Option<(usize, bool)> {
    if b.get(j..j + 2) == Some(b":=") {
        return Some((j + 2, false));
    }
    // `$x=` is a scanner error (`=` does not end a name).
    (b.get(j) == Some(&b'=') && j != name_end).then_some((j + 1, true))
}

/// Whether a name (of a function or field) may start with `c`.
fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

/// The end of the quoted string starting at `start` (after its closing
/// quote), as Go's scanner finds it; `None` for an unterminated one.
fn quoted_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\n' => return None,
            // An escape: the next byte is never the end (continuation bytes
            // of a multi-byte character are none of the bytes above).
            b'\\' => match b.get(i + 1) {
                None | Some(b'\n') => return None,
                Some(_) => i += 2,
            },
            _ => i += 1,
        }
    }
}

impl<'a> Parser<'a, '_> {
    /// The pipeline of an action, when it is plain: then the scanner is left
    /// at its right delimiter. `None` leaves parser and scanner as they were.
    /// `range` when it is a range's.
    pub(super) fn fast_action_pipeline(&mut self, range: bool) -> Option<PipeNode> {
        if !self.fast || !self.lex.resumable() {
            return None;
        }
        let start = match self.peek_count {
            0 => self.lex.offset(),
            1 if matches!(
                self.token[0].kind,
                Kind::Field
                    | Kind::Variable
                    | Kind::Identifier
                    | Kind::String
                    | Kind::RawString
                    | Kind::Dot
                    | Kind::Number
                    | Kind::Bool
                    | Kind::Nil
                    | Kind::LeftParen
            ) =>
            {
                self.token[0].pos
            }
            _ => return None,
        };
        let vars = self.vars.len();
        let paren_depth = self.paren_depth;
        let mut at = start;
        let pipe = self.fast_pipe(&mut at, Kind::RightDelim, range, 0);
        self.paren_depth = paren_depth;
        self.spans.clear();
        match pipe {
            Some(pipe) => {
                self.lex.resume_at(at);
                self.peek_count = 0;
                Some(pipe)
            }
            None => {
                self.vars.truncate(vars);
                self.fast_args.clear();
                self.fast_commands.clear();
                None
            }
        }
    }

    /// The keyword that starts an action (`if`, `range`, `with`, `else`,
    /// `end`, `template`) followed by a space or the right delimiter, read
    /// straight from the source: the scanner goes on after it, as after
    /// scanning it. `None` leaves parser and scanner as they were.
    pub(super) fn fast_keyword(&mut self) -> Option<Item<'a>> {
        if !self.fast || self.peek_count != 0 || !self.lex.resumable() {
            return None;
        }
        let b = self.src.as_bytes();
        let start = skip_spaces(b, self.lex.offset());
        let end = start + ascii_name_len(&b[start..]);
        let ended = match b.get(end) {
            Some(&c) if is_space(c) => true,
            Some(b'}') => b.get(end + 1) == Some(&b'}'),
            _ => false,
        };
        if !ended {
            return None;
        }
        let kind = match &self.src[start..end] {
            "if" => Kind::If,
            "range" => Kind::Range,
            "with" => Kind::With,
            "else" => Kind::Else,
            "end" => Kind::End,
            "template" => Kind::Template,
            _ => return None,
        };
        self.lex.resume_at(end);
        let item = Item {
            kind,
            pos: start,
            val: &self.src[start..end],
        };
        self.token[0] = item;
        Some(item)
    }

    /// A pipeline from `*at` up to (not past) `end`; `range` when it is a
    /// range's (which may declare two variables).
    fn fast_pipe(
        &mut self,
        at: &mut usize,
        end: Kind,
        range: bool,
        depth: usize,
    ) -> Option<PipeNode> {
        let b = self.src.as_bytes();
        let mut i = skip_spaces(b, *at);
        let pos = Pos(i);
        let mut decl = Vec::new();
        let mut is_assign = false;
        if b.get(i) == Some(&b'$')
            && let Some(((first, second), after, assign)) = self.fast_declaration(i, range)
        {
            for name in std::iter::once(first).chain(second) {
                decl.push(SmolStr::from(name));
                self.vars.push(SmolStr::from(name));
            }
            is_assign = assign;
            i = after;
        }
        let base = self.fast_commands.len();
        loop {
            i = skip_spaces(b, i);
            match end_at(b, i) {
                Some(k) if k == end => break,
                Some(_) => return None,
                None => {}
            }
            let cmd = self.fast_command(&mut i, depth)?;
            self.fast_commands.push(cmd);
            if self.fast_commands.len() - base > MAX_PIPELINE_COMMANDS {
                return None;
            }
        }
        let pipe = PipeNode {
            pos,
            decl,
            is_assign,
            commands: self.fast_commands.drain(base..).collect(),
        };
        self.check_pipeline(&pipe, "").ok()?;
        *at = i;
        Some(pipe)
    }

    /// `$x :=` or `$x =` at `i` (also `$i, $v :=` in a range): the
    /// names, where the pipeline goes on, and whether it assigns.
    fn fast_declaration(&self, i: usize, range: bool) -> Option<(Declared<'a>, usize, bool)> {
        let b = self.src.as_bytes();
        let (name_end, j) = self.declared_variable(i)?;
        let first = &self.src[i..name_end];
        if range && b.get(j) == Some(&b',') {
            let k = skip_spaces(b, j + 1);
            if b.get(k) != Some(&b'$') {
                return None;
            }
            let (second_end, j) = self.declared_variable(k)?;
            let (after, assign) = declare_op(b, j, second_end)?;
            return Some(((first, Some(&self.src[k..second_end])), after, assign));
        }
        let (after, assign) = declare_op(b, j, name_end)?;
        Some(((first, None), after, assign))
    }

    /// The end of the variable name at `i` and where the next item starts,
    /// when what follows may be a declaration.
    fn declared_variable(&self, i: usize) -> Option<(usize, usize)> {
        let b = self.src.as_bytes();
        let name_end = i + 1 + ascii_name_len(&b[i + 1..]);
        match b.get(name_end) {
            // A `:` or `,` ends a name; `=` does not.
            Some(b':' | b',') => Some((name_end, name_end)),
            Some(&c) if is_space(c) => Some((name_end, skip_spaces(b, name_end))),
            _ => None,
        }
    }

    /// One command from `*i`, past the `|` that ends it (not past a
    /// pipeline's end).
    fn fast_command(&mut self, i: &mut usize, depth: usize) -> Option<CommandNode> {
        let b = self.src.as_bytes();
        let base = self.fast_args.len();
        loop {
            let operand = self.fast_operand(i, depth)?;
            self.fast_args.push(operand);
            let mut j = *i;
            if b.get(j).is_some_and(|c| is_space(*c)) {
                j = skip_spaces(b, j);
            }
            if b.get(j) == Some(&b'|') {
                *i = j + 1;
                break;
            }
            if end_at(b, j).is_some() {
                *i = j;
                break;
            }
            if j == *i {
                // Not separated by a space.
                return None;
            }
            *i = j;
        }
        let mut cmd = CommandNode {
            args: self.fast_args.drain(base..).collect(),
        };
        rewrite::command(&mut cmd, self.src);
        Some(cmd)
    }

    /// The `.a.b` names from `*i` (none when no `.` is there); they must be
    /// followed by what may follow an operand.
    fn fast_fields(&mut self, i: &mut usize) -> Option<Fields> {
        let b = self.src.as_bytes();
        self.spans.clear();
        let mut j = *i;
        while b.get(j) == Some(&b'.') {
            if !b.get(j + 1).is_some_and(|c| is_name_start(*c)) {
                return None;
            }
            let len = ascii_name_len(&b[j + 1..]);
            self.spans.push(Span {
                start: j + 1,
                end: j + 1 + len,
            });
            j += 1 + len;
        }
        if !follows(b, j) {
            return None;
        }
        *i = j;
        let fields = Fields::from(&self.spans[..]);
        self.spans.clear();
        Some(fields)
    }

    /// One operand at `*i`, moving `*i` past it.
    fn fast_operand(&mut self, i: &mut usize, depth: usize) -> Option<Expr> {
        let b = self.src.as_bytes();
        let start = *i;
        let p = Pos(start);
        let expr = match *b.get(start)? {
            b'.' if b.get(start + 1).is_some_and(|c| is_name_start(*c)) => {
                Expr::Field(p, self.fast_fields(i)?)
            }
            b'.' if follows(b, start + 1) => {
                *i = start + 1;
                Expr::Dot(p)
            }
            b'$' => {
                let name_end = start + 1 + ascii_name_len(&b[start + 1..]);
                let name = &self.src[start..name_end];
                if !self.vars.iter().any(|v| v == name) {
                    return None;
                }
                *i = name_end;
                Expr::Variable(p, SmolStr::from(name), self.fast_fields(i)?)
            }
            b'"' => {
                let end = quoted_end(b, start)?;
                self.fast_string(i, end)?
            }
            b'`' => {
                let end = start + 2 + memchr::memchr(b'`', &b[start + 1..])?;
                self.fast_string(i, end)?
            }
            b'(' => {
                if depth >= FAST_MAX_DEPTH || self.paren_depth >= MAX_PAREN_DEPTH {
                    return None;
                }
                self.paren_depth += 1;
                let mut at = start + 1;
                let pipe = self.fast_pipe(&mut at, Kind::RightParen, false, depth + 1);
                self.paren_depth -= 1;
                let pipe = Expr::Pipe(p, Box::new(pipe?));
                *i = at + 1;
                if b.get(*i) == Some(&b'.') {
                    Expr::Chain(p, Box::new(pipe), self.fast_fields(i)?)
                } else if follows(b, *i) {
                    pipe
                } else {
                    return None;
                }
            }
            b'0'..=b'9' => {
                let len = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
                if !follows(b, start + len) {
                    return None;
                }
                *i = start + len;
                let n = literal::number(&self.src[start..*i], false, false).ok()?;
                Expr::Number(p, n)
            }
            c if is_name_start(c) => {
                let end = start + ascii_name_len(&b[start..]);
                if !follows(b, end) {
                    return None;
                }
                *i = end;
                match &self.src[start..end] {
                    "true" => Expr::Bool(p, true),
                    "false" => Expr::Bool(p, false),
                    "nil" => Expr::Nil(p),
                    // Keywords (`break` and `continue` are functions when
                    // defined as such: the general parser decides).
                    "block" | "break" | "continue" | "define" | "else" | "end" | "if" | "range"
                    | "template" | "with" => return None,
                    name => Expr::Identifier(p, (self.resolve)(name)?),
                }
            }
            _ => return None,
        };
        Some(expr)
    }

    /// The string literal `*i..end`, which must be followed by what may
    /// follow an operand.
    fn fast_string(&mut self, i: &mut usize, end: usize) -> Option<Expr> {
        if !follows(self.src.as_bytes(), end) {
            return None;
        }
        let s = literal::unquote(&self.src[*i..end]).ok()?;
        let expr = Expr::String(Pos(*i), Arc::from(s.as_ref()));
        *i = end;
        Some(expr)
    }
}
