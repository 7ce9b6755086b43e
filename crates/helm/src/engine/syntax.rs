//! Our template parser: Go's `text/template/parse` rules (what it accepts and
//! rejects, its messages and error lines, undefined functions and variables
//! rejected at parse time) producing our AST ([`super::ast`]), which our
//! executor runs: functions resolved, field names as ranges of the source,
//! method calls of Helm's objects rewritten as each command is parsed.

mod fast;
mod lex;
mod literal;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use gotmpl::parse::SmolStr;

use super::ast::{
    ActionNode, BranchNode, CommandNode, Expr, Fields, Ident, ListNode, Node, PipeNode, Pos, Span,
    TemplateNode, TextNode,
};
use super::rewrite;

use lex::{Item, Kind, Lexer};

/// Deepest nesting of parenthesised pipelines, as in Go.
const MAX_PAREN_DEPTH: usize = 10_000;
/// Deepest nesting of `if`/`range`/`with`/`block` bodies. Go has no limit; this
/// bounds the parser's stack.
const MAX_CONTROL_DEPTH: usize = 10_000;
/// Most commands in one pipeline, as in Go.
const MAX_PIPELINE_COMMANDS: usize = 100_000;

/// A parsed file: its body and the templates it `define`s (or `block`s), in
/// the order Go's tree set would keep them.
pub(crate) struct Parsed {
    pub(crate) root: ListNode,
    pub(crate) defines: Vec<(String, ListNode)>,
}

/// Resolves a function name; `None` when no such function exists.
pub(crate) type Resolve<'k> = &'k dyn Fn(&str) -> Option<Ident>;

/// Parses `src` (named `name` in messages). `resolve` says which functions
/// exist. Errors read like Go's: `template: <name>:<line>: <message>`.
pub(crate) fn parse(name: &str, src: &str, resolve: Resolve<'_>) -> Result<Parsed, String> {
    parse_with(name, src, resolve, true)
}

/// [`parse`], with or without the fast path for plain pipelines
/// ([`fast`]); both parse alike.
fn parse_with(name: &str, src: &str, resolve: Resolve<'_>, fast: bool) -> Result<Parsed, String> {
    let mut p = Parser {
        name,
        src,
        lex: Lexer::new(
            src,
            resolve("break").is_none(),
            resolve("continue").is_none(),
        ),
        token: [
            Item::placeholder(),
            Item::placeholder(),
            Item::placeholder(),
        ],
        peek_count: 0,
        vars: vec![SmolStr::new_static("$")],
        action_pos: None,
        range_depth: 0,
        paren_depth: 0,
        control_depth: 0,
        resolve,
        defines: Vec::new(),
        spans: Vec::new(),
        fast,
        fast_args: Vec::new(),
        fast_commands: Vec::new(),
        nodes: Vec::new(),
    };
    let root = p.parse_top()?;
    p.add_tree(name.to_string(), root.is_empty_tree(src), None)?;
    Ok(Parsed {
        root,
        defines: p.defines.into_iter().map(|(n, l, _)| (n, l)).collect(),
    })
}

impl Item<'_> {
    fn placeholder() -> Self {
        Item {
            kind: Kind::Eof,
            pos: 0,
            val: "",
        }
    }
}

/// What `itemList` stops at, or a node.
enum Parsed1 {
    Node(Node),
    End,
    Else,
}

impl Parsed1 {
    /// Go's `String()` of the `{{end}}`/`{{else}}` pseudo-nodes.
    fn describe(&self) -> &'static str {
        match self {
            Parsed1::End => "{{end}}",
            Parsed1::Else => "{{else}}",
            Parsed1::Node(_) => "node",
        }
    }
}

type Result<T, E = String> = std::result::Result<T, E>;

struct Parser<'a, 'k> {
    name: &'a str,
    /// The source, which text nodes refer to.
    src: &'a str,
    lex: Lexer<'a>,
    token: [Item<'a>; 3],
    peek_count: usize,
    vars: Vec<SmolStr>,
    /// Where the action being parsed starts (its left delimiter), for
    /// errors that name its line.
    action_pos: Option<usize>,
    range_depth: usize,
    paren_depth: usize,
    control_depth: usize,
    resolve: Resolve<'k>,
    /// Defined templates: name, body, and whether the body is empty.
    defines: Vec<(String, ListNode, bool)>,
    /// The names of the field chain being parsed, boxed once it ends.
    spans: Vec<Span>,
    /// Whether plain pipelines take the fast path ([`fast`]).
    fast: bool,
    /// The operands of the commands the fast path is parsing.
    fast_args: Vec<Expr>,
    /// The commands of the pipelines the fast path is parsing.
    fast_commands: Vec<CommandNode>,
    /// The nodes of the lists being parsed.
    nodes: Vec<Node>,
}

/// The non-empty `.`-separated names of `val`, which starts at byte `at` of
/// the source (`.a.b` → `a`, `b`): names are short and a field has few.
fn push_fields(val: &str, at: usize, out: &mut Vec<Span>) {
    let mut start = 0;
    for (i, b) in val.bytes().enumerate() {
        if b == b'.' {
            if i > start {
                out.push(Span {
                    start: at + start,
                    end: at + i,
                });
            }
            start = i + 1;
        }
    }
    if val.len() > start {
        out.push(Span {
            start: at + start,
            end: at + val.len(),
        });
    }
}

/// A node's position: its offset. The executor counts the line from the
/// offset when an error needs it (Go's `ErrorContext` does the same).
fn pos(item: &Item<'_>) -> Pos {
    Pos(item.pos)
}

impl<'a> Parser<'a, '_> {
    // Token plumbing, as Go's three-token look-ahead.

    fn next(&mut self) -> Item<'a> {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count]
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item<'a>) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item<'a>, t1: Item<'a>) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> &Item<'a> {
        if self.peek_count > 0 {
            return &self.token[self.peek_count - 1];
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        &self.token[0]
    }

    fn peek_kind(&mut self) -> Kind {
        self.peek().kind
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let t = self.next_non_space();
        self.backup();
        t
    }

    // Errors.

    fn errorf(&self, msg: impl std::fmt::Display) -> String {
        let line = self.lex.line_of(self.token[0].pos);
        format!("template: {}:{line}: {msg}", self.name)
    }

    fn unexpected(&self, token: &Item<'_>, context: &str) -> String {
        if token.kind == Kind::Error {
            let message = self.lex.error_message();
            let mut extra = String::new();
            let action_line = self.action_pos.map(|p| self.lex.line_of(p));
            if let Some(action_line) = action_line
                && action_line != self.lex.line_of(token.pos)
            {
                extra = format!(" in action started at {}:{action_line}", self.name);
                if message.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return self.errorf(format_args!("{message}{extra}"));
        }
        self.errorf(format_args!("unexpected {token} in {context}"))
    }

    fn expect(&mut self, kind: Kind, context: &str) -> Result<Item<'a>> {
        let t = self.next_non_space();
        if t.kind != kind {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    // Trees.

    /// Go's `Tree.add`: a second non-empty definition of a name in one parse is
    /// an error; an empty one never replaces a non-empty one.
    fn add_tree(&mut self, name: String, empty: bool, define: Option<ListNode>) -> Result<()> {
        match self.defines.iter().position(|(n, _, _)| *n == name) {
            Some(i) if !self.defines[i].2 => {
                if !empty {
                    return Err(self.errorf(format_args!(
                        "template: multiple definition of template {}",
                        crate::funcs::go_quote(&name)
                    )));
                }
            }
            Some(i) => {
                if let Some(d) = define {
                    self.defines[i] = (name, d, empty);
                }
            }
            None => {
                if let Some(d) = define {
                    self.defines.push((name, d, empty));
                }
            }
        }
        Ok(())
    }

    /// Runs `f` as a new tree (a `define` or `block` body): fresh variables and
    /// range depth, the same scanner.
    fn in_new_tree<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let vars = std::mem::replace(&mut self.vars, vec![SmolStr::new_static("$")]);
        let range_depth = std::mem::take(&mut self.range_depth);
        let action_pos = self.action_pos.take();
        let paren_depth = std::mem::take(&mut self.paren_depth);
        let out = f(self);
        self.vars = vars;
        self.range_depth = range_depth;
        self.action_pos = action_pos;
        self.paren_depth = paren_depth;
        out
    }

    fn parse_top(&mut self) -> Result<ListNode> {
        let base = self.nodes.len();
        while self.peek_kind() != Kind::Eof {
            if self.peek_kind() == Kind::LeftDelim {
                let delim = self.next();
                if self.next_non_space().kind == Kind::Define {
                    self.in_new_tree(Self::parse_definition)?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Parsed1::Node(n) => self.nodes.push(n),
                other => {
                    return Err(self.errorf(format_args!("unexpected {}", other.describe())));
                }
            }
        }
        Ok(self.list_from(base))
    }

    fn parse_definition(&mut self) -> Result<()> {
        const CONTEXT: &str = "define clause";
        let t = self.next_non_space();
        if !matches!(t.kind, Kind::String | Kind::RawString) {
            return Err(self.unexpected(&t, CONTEXT));
        }
        let name = literal::unquote(t.val).map_err(|e| self.errorf(e))?;
        self.expect(Kind::RightDelim, CONTEXT)?;
        let (body, end) = self.item_list()?;
        if !matches!(end, Parsed1::End) {
            return Err(self.errorf(format_args!("unexpected {} in {CONTEXT}", end.describe())));
        }
        let empty = body.is_empty_tree(self.src);
        self.add_tree(name.into_owned(), empty, Some(body))
    }

    fn item_list(&mut self) -> Result<(ListNode, Parsed1)> {
        let base = self.nodes.len();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Parsed1::Node(n) => self.nodes.push(n),
                stop => return Ok((self.list_from(base), stop)),
            }
        }
        Err(self.errorf("unexpected EOF"))
    }

    /// The nodes from `base` up of the list being parsed, as a list of
    /// their exact size (lists nest: their nodes share one stack).
    fn list_from(&mut self, base: usize) -> ListNode {
        ListNode {
            nodes: self.nodes.drain(base..).collect(),
        }
    }

    fn text_or_action(&mut self) -> Result<Parsed1> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text => Ok(Parsed1::Node(Node::Text(TextNode {
                start: t.pos,
                end: t.pos + t.val.len(),
            }))),
            Kind::LeftDelim => {
                self.action_pos = Some(t.pos);
                let out = self.action();
                self.action_pos = None;
                out
            }
            _ => Err(self.unexpected(&t, "input")),
        }
    }

    fn action(&mut self) -> Result<Parsed1> {
        // Plain keywords and pipelines (most actions) are read without
        // scanning the first item twice.
        let t = match self.fast_keyword() {
            Some(t) => t,
            None => {
                if let Some(pipe) = self.fast_action_pipeline(false) {
                    self.expect(Kind::RightDelim, "command")?;
                    return Ok(Parsed1::Node(Node::Action(ActionNode { pipe })));
                }
                self.next_non_space()
            }
        };
        let node = match t.kind {
            Kind::Block => self.block_control()?,
            Kind::Break | Kind::Continue => {
                let what = if t.kind == Kind::Break {
                    "{{break}}"
                } else {
                    "{{continue}}"
                };
                let close = self.next_non_space();
                if close.kind != Kind::RightDelim {
                    return Err(self.unexpected(&close, what));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format_args!("{what} outside {{{{range}}}}")));
                }
                if t.kind == Kind::Break {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            Kind::Else => return self.else_control(),
            Kind::End => {
                self.expect(Kind::RightDelim, "end")?;
                return Ok(Parsed1::End);
            }
            Kind::If => Node::If(self.control("if")?),
            Kind::Range => Node::Range(self.control("range")?),
            Kind::With => Node::With(self.control("with")?),
            Kind::Template => self.template_control()?,
            _ => {
                self.backup();
                let pipe = self.pipeline("command", Kind::RightDelim)?;
                Node::Action(ActionNode { pipe })
            }
        };
        Ok(Parsed1::Node(node))
    }

    fn else_control(&mut self) -> Result<Parsed1> {
        let peek = self.peek_non_space();
        if matches!(peek.kind, Kind::If | Kind::With) {
            return Ok(Parsed1::Else);
        }
        self.expect(Kind::RightDelim, "else")?;
        Ok(Parsed1::Else)
    }

    /// `if`, `range` and `with`: pipeline, body, optional else.
    fn control(&mut self, context: &str) -> Result<BranchNode> {
        if self.control_depth >= MAX_CONTROL_DEPTH {
            return Err(self.errorf("max control nesting depth exceeded"));
        }
        self.control_depth += 1;
        let vars = self.vars.len();
        let out = self.control_body(context);
        self.vars.truncate(vars);
        self.control_depth -= 1;
        out
    }

    fn control_body(&mut self, context: &str) -> Result<BranchNode> {
        let is_range = context == "range";
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if is_range {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if is_range {
            self.range_depth -= 1;
        }
        let (body, next) = listed?;
        let else_body = match next {
            Parsed1::End | Parsed1::Node(_) => None,
            Parsed1::Else => {
                let chained = match (context, self.peek_kind()) {
                    ("if", Kind::If) => Some("if"),
                    ("with", Kind::With) => Some("with"),
                    _ => None,
                };
                if let Some(kind) = chained {
                    self.next();
                    let inner = self.control(kind)?;
                    let node = if kind == "if" {
                        Node::If(inner)
                    } else {
                        Node::With(inner)
                    };
                    Some(ListNode { nodes: vec![node] })
                } else {
                    let (list, next) = self.item_list()?;
                    if !matches!(next, Parsed1::End) {
                        return Err(
                            self.errorf(format_args!("expected end; found {}", next.describe()))
                        );
                    }
                    Some(list)
                }
            }
        };
        Ok(BranchNode {
            pos: pipe.pos,
            pipe,
            body,
            else_body,
        })
    }

    fn template_name(&mut self, t: &Item<'_>, context: &str) -> Result<String> {
        match t.kind {
            Kind::String | Kind::RawString => literal::unquote(t.val)
                .map(|s| s.into_owned())
                .map_err(|e| self.errorf(e)),
            _ => Err(self.unexpected(t, context)),
        }
    }

    fn block_control(&mut self) -> Result<Node> {
        const CONTEXT: &str = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, Kind::RightDelim)?;
        let outer_line = self.lex.line_of(self.token[0].pos);
        if self.control_depth >= MAX_CONTROL_DEPTH {
            return Err(self.errorf("max control nesting depth exceeded"));
        }
        self.control_depth += 1;
        let listed = self.in_new_tree(Self::item_list);
        self.control_depth -= 1;
        let (body, end) = listed?;
        if !matches!(end, Parsed1::End) {
            return Err(format!(
                "template: {}:{outer_line}: unexpected {} in {CONTEXT}",
                self.name,
                end.describe()
            ));
        }
        let empty = body.is_empty_tree(self.src);
        self.add_tree(name.clone(), empty, Some(body))?;
        Ok(Node::Template(TemplateNode {
            pos: pos(&t),
            name: SmolStr::from(name),
            pipe: Some(pipe),
        }))
    }

    fn template_control(&mut self) -> Result<Node> {
        const CONTEXT: &str = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, CONTEXT)?;
        let pipe = if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            Some(self.pipeline(CONTEXT, Kind::RightDelim)?)
        } else {
            None
        };
        Ok(Node::Template(TemplateNode {
            pos: pos(&t),
            name: SmolStr::from(name),
            pipe,
        }))
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> Result<PipeNode> {
        if end == Kind::RightDelim
            && let Some(pipe) = self.fast_action_pipeline(context == "range")
        {
            self.expect(Kind::RightDelim, context)?;
            return Ok(pipe);
        }
        let start = self.peek_non_space();
        let mut pipe = PipeNode {
            pos: pos(&start),
            decl: Vec::new(),
            commands: Vec::new(),
            is_assign: false,
        };
        self.declarations(&mut pipe, context)?;
        loop {
            let t = self.next_non_space();
            match t.kind {
                k if k == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.commands.push(cmd);
                    if pipe.commands.len() > MAX_PIPELINE_COMMANDS {
                        return Err(self.errorf("pipeline too long"));
                    }
                }
                _ => return Err(self.unexpected(&t, context)),
            }
        }
    }

    /// `$x :=`, `$x =`, `$i, $v :=` at the start of a pipeline.
    fn declarations(&mut self, pipe: &mut PipeNode, context: &str) -> Result<()> {
        loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                return Ok(());
            }
            self.next();
            let after = *self.peek();
            let next = self.peek_non_space();
            match next.kind {
                Kind::Assign | Kind::Declare => {
                    pipe.is_assign = next.kind == Kind::Assign;
                    self.next_non_space();
                    pipe.decl.push(SmolStr::from(v.val));
                    self.vars.push(SmolStr::from(v.val));
                    return Ok(());
                }
                Kind::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(SmolStr::from(v.val));
                    self.vars.push(SmolStr::from(v.val));
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            Kind::Variable | Kind::RightDelim | Kind::RightParen => continue,
                            _ => return Err(self.errorf("range can only initialize variables")),
                        }
                    }
                    return Err(self.errorf(format_args!("too many declarations in {context}")));
                }
                _ if after.kind == Kind::Space => {
                    self.backup3(v, after);
                    return Ok(());
                }
                _ => {
                    self.backup2(v);
                    return Ok(());
                }
            }
        }
    }

    fn check_pipeline(&self, pipe: &PipeNode, context: &str) -> Result<()> {
        if pipe.commands.is_empty() {
            return Err(self.errorf(format_args!("missing value for {context}")));
        }
        for (i, c) in pipe.commands.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Expr::Bool(..)
                        | Expr::Dot(_)
                        | Expr::Nil(_)
                        | Expr::Number(..)
                        | Expr::String(..)
                )
            ) {
                return Err(self.errorf(format_args!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> Result<CommandNode> {
        let mut cmd = CommandNode { args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&t, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command"));
        }
        rewrite::command(&mut cmd, self.src);
        Ok(cmd)
    }

    /// Appends the names of adjacent field items (`.a.b` after a term) to
    /// `self.spans`.
    fn more_fields(&mut self) {
        if self.peek_count == 0 {
            // Nothing looked ahead: the scanner hands over the plain ones.
            self.lex.take_field_run(&mut self.spans);
        }
        while self.peek_kind() == Kind::Field {
            let f = self.next();
            push_fields(f.val, f.pos, &mut self.spans);
        }
    }

    /// `self.spans` and the field items after them, as one boxed chain.
    fn take_fields(&mut self) -> Fields {
        self.more_fields();
        let fields = Fields::from(&self.spans[..]);
        self.spans.clear();
        fields
    }

    fn operand(&mut self) -> Result<Option<Expr>> {
        let Some((term, item)) = self.term()? else {
            return Ok(None);
        };
        if self.peek_kind() != Kind::Field {
            return Ok(Some(term));
        }
        Ok(Some(match term {
            Expr::Bool(..) | Expr::String(..) | Expr::Number(..) | Expr::Nil(_) | Expr::Dot(_) => {
                return Err(self.errorf(format_args!(
                    "unexpected . after term {}",
                    crate::funcs::go_quote(item.val)
                )));
            }
            // Fields and variables took the field items after them.
            Expr::Field(..) | Expr::Variable(..) | Expr::Chain(..) => term,
            other => {
                let p = other.pos();
                self.spans.clear();
                let fields = self.take_fields();
                Expr::Chain(p, Box::new(other), fields)
            }
        }))
    }

    fn variable(&mut self, t: &Item<'_>) -> Result<Expr> {
        let name_len = t.val.bytes().position(|b| b == b'.').unwrap_or(t.val.len());
        let name = &t.val[..name_len];
        if !self.vars.iter().any(|v| v == name) {
            return Err(self.errorf(format_args!(
                "undefined variable {}",
                crate::funcs::go_quote(name)
            )));
        }
        self.spans.clear();
        // `$x.a.` keeps an empty last name, as Go's split does.
        let mut rest = &t.val[name_len..];
        let mut at = t.pos + name_len;
        while let Some(tail) = rest.strip_prefix('.') {
            at += 1;
            let len = tail.bytes().position(|b| b == b'.').unwrap_or(tail.len());
            self.spans.push(Span {
                start: at,
                end: at + len,
            });
            at += len;
            rest = &tail[len..];
        }
        let fields = self.take_fields();
        Ok(Expr::Variable(pos(t), SmolStr::from(name), fields))
    }

    fn term(&mut self) -> Result<Option<(Expr, Item<'a>)>> {
        let t = self.next_non_space();
        let p = pos(&t);
        let expr = match t.kind {
            Kind::Identifier => match (self.resolve)(t.val) {
                Some(ident) => Expr::Identifier(p, ident),
                None => {
                    return Err(self.errorf(format_args!(
                        "function {} not defined",
                        crate::funcs::go_quote(t.val)
                    )));
                }
            },
            Kind::Dot => Expr::Dot(p),
            Kind::Nil => Expr::Nil(p),
            Kind::Variable => self.variable(&t)?,
            Kind::Field => {
                self.spans.clear();
                push_fields(t.val, t.pos, &mut self.spans);
                Expr::Field(p, self.take_fields())
            }
            Kind::Bool => Expr::Bool(p, t.val == "true"),
            Kind::CharConstant | Kind::Complex | Kind::Number => {
                let n =
                    literal::number(t.val, t.kind == Kind::Complex, t.kind == Kind::CharConstant)
                        .map_err(|e| self.errorf(e))?;
                Expr::Number(p, n)
            }
            Kind::LeftParen => {
                if self.paren_depth >= MAX_PAREN_DEPTH {
                    return Err(self.errorf("max expression depth exceeded"));
                }
                self.paren_depth += 1;
                let pipe = self.pipeline("parenthesized pipeline", Kind::RightParen);
                self.paren_depth -= 1;
                Expr::Pipe(p, Box::new(pipe?))
            }
            Kind::String | Kind::RawString => {
                let s = literal::unquote(t.val).map_err(|e| self.errorf(e))?;
                Expr::String(p, Arc::from(s.as_ref()))
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some((expr, t)))
    }
}
