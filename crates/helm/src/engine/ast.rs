//! Parsed templates: lists, text, actions and control nodes, and the
//! pipelines, commands and operands inside actions.
//!
//! Text is a byte range of the file's source rather than a copy of it (a
//! chart's templates are mostly text; a CRD is megabytes of it), and so are
//! the names of a field chain: `.Values.image.tag` is one allocation of three
//! ranges, not three strings. Functions are resolved when parsed
//! ([`Ident`]): executing a call looks up no name. Method calls of Helm's
//! built-in objects are already rewritten ([`super::rewrite`]).

use gotmpl::parse::{Number, SmolStr};

use crate::funcs::Func;

/// Where a node starts: a byte offset of its source. The line is counted
/// from the offset when an error needs it, as Go's `ErrorContext` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos(pub(crate) usize);

/// A name in the source: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// Byte offset of its first byte.
    pub(crate) start: usize,
    /// Byte offset after its last byte.
    pub(crate) end: usize,
}

impl Span {
    /// The name, out of the source it was parsed from.
    pub(crate) fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or_default()
    }

    /// Its length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }
}

/// The names of a field chain (`.a.b` → `a`, `b`).
pub(crate) type Fields = Box<[Span]>;

/// A sequence of nodes.
#[derive(Debug, Clone)]
pub(crate) struct ListNode {
    /// Its nodes, in order.
    pub(crate) nodes: Vec<Node>,
}

impl ListNode {
    /// Go's `IsEmptyTree`: nothing but whitespace text. `src` is the source
    /// the text ranges refer to.
    pub(crate) fn is_empty_tree(&self, src: &str) -> bool {
        self.nodes.iter().all(|n| match n {
            Node::Text(t) => t.text(src).chars().all(char::is_whitespace),
            _ => false,
        })
    }
}

/// One node of a list.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Text outside actions.
    Text(TextNode),
    /// `{{ pipeline }}`.
    Action(ActionNode),
    /// `{{ if }}`.
    If(BranchNode),
    /// `{{ range }}`.
    Range(BranchNode),
    /// `{{ with }}`.
    With(BranchNode),
    /// `{{ template "name" pipeline }}` (also what a `block` leaves in place).
    Template(TemplateNode),
    /// `{{ break }}`.
    Break,
    /// `{{ continue }}`.
    Continue,
}

/// Text outside actions: `start..end` of the source it was parsed from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextNode {
    /// Byte offset of its first byte.
    pub(crate) start: usize,
    /// Byte offset after its last byte.
    pub(crate) end: usize,
}

impl TextNode {
    /// The text, out of the source it was parsed from.
    pub(crate) fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or_default()
    }
}

/// `{{ pipeline }}`.
#[derive(Debug, Clone)]
pub(crate) struct ActionNode {
    /// What it evaluates (and prints unless it declares variables).
    pub(crate) pipe: PipeNode,
}

/// `if`, `range` and `with`.
#[derive(Debug, Clone)]
pub(crate) struct BranchNode {
    /// Where the pipeline starts.
    pub(crate) pos: Pos,
    /// The condition, or what to range over.
    pub(crate) pipe: PipeNode,
    /// What runs when the pipeline is true (each element of a range).
    pub(crate) body: ListNode,
    /// `{{ else }}`'s list.
    pub(crate) else_body: Option<ListNode>,
}

/// `{{ template "name" pipeline }}`.
#[derive(Debug, Clone)]
pub(crate) struct TemplateNode {
    /// Where the name starts.
    pub(crate) pos: Pos,
    /// The template called.
    pub(crate) name: SmolStr,
    /// Its dot, if given.
    pub(crate) pipe: Option<PipeNode>,
}

/// A pipeline: optional variable declarations, then commands, each result
/// the last argument of the next.
#[derive(Debug, Clone)]
pub(crate) struct PipeNode {
    /// Where it starts.
    pub(crate) pos: Pos,
    /// Variables declared (`$x :=`) or assigned (`$x =`).
    pub(crate) decl: Vec<SmolStr>,
    /// `=` rather than `:=`.
    pub(crate) is_assign: bool,
    /// Its commands.
    pub(crate) commands: Vec<CommandNode>,
}

/// One command: an operand, or a function and its arguments.
#[derive(Debug, Clone)]
pub(crate) struct CommandNode {
    /// Its words.
    pub(crate) args: Vec<Expr>,
}

/// A function as the parser resolved it.
#[derive(Clone, Copy)]
pub(crate) struct Ident {
    /// Its name, for messages.
    pub(crate) name: &'static str,
    /// What calling it runs.
    pub(crate) callee: Callee,
}

impl std::fmt::Debug for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// What a function name resolves to, in the order Go and Helm look: `and`
/// and `or` (evaluated lazily), Helm's engine functions, the Sprig/Helm
/// function map, then Go's built-ins.
#[derive(Clone, Copy)]
pub(crate) enum Callee {
    /// `and`.
    And,
    /// `or`.
    Or,
    /// A function of the engine (`include`, `tpl`, ...).
    Engine(EngineFn),
    /// A function of the map.
    Map(&'static Func),
    /// A Go built-in.
    Builtin(Builtin),
}

/// Helm's functions that need the render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EngineFn {
    /// `include`.
    Include,
    /// `tpl`.
    Tpl,
    /// `required`.
    Required,
    /// `fail`.
    Fail,
    /// `lookup`.
    Lookup,
    /// `getHostByName`.
    GetHostByName,
    /// The dispatcher of rewritten method calls.
    Method,
}

/// Go's `text/template` built-ins (other than `and` and `or`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    /// `not`.
    Not,
    /// `len`.
    Len,
    /// `index`.
    Index,
    /// `slice`.
    Slice,
    /// `print`.
    Print,
    /// `println`.
    Println,
    /// `printf`.
    Printf,
    /// `eq`.
    Eq,
    /// `ne`.
    Ne,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `html`.
    Html,
    /// `js`.
    Js,
    /// `urlquery`.
    Urlquery,
    /// `call`.
    Call,
}

/// An operand or argument.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// `.`.
    Dot(Pos),
    /// `.a.b`.
    Field(Pos, Fields),
    /// `$x`, `$x.a.b`.
    Variable(Pos, SmolStr, Fields),
    /// A function.
    Identifier(Pos, Ident),
    /// A string literal, unquoted.
    String(Pos, std::sync::Arc<str>),
    /// A number.
    Number(Pos, Number),
    /// `true` or `false`.
    Bool(Pos, bool),
    /// `nil`.
    Nil(Pos),
    /// `(pipeline)`.
    Pipe(Pos, Box<PipeNode>),
    /// Fields of a parenthesised pipeline or of a function's result: `(x).a`.
    Chain(Pos, Box<Expr>, Fields),
}

impl Expr {
    /// Where it starts.
    pub(crate) fn pos(&self) -> Pos {
        match self {
            Expr::Dot(p)
            | Expr::Field(p, _)
            | Expr::Variable(p, _, _)
            | Expr::Identifier(p, _)
            | Expr::String(p, _)
            | Expr::Number(p, _)
            | Expr::Bool(p, _)
            | Expr::Nil(p)
            | Expr::Pipe(p, _)
            | Expr::Chain(p, _, _) => *p,
        }
    }
}
