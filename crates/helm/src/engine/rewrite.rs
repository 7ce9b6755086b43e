//! Rewrites of parsed trees where `gotmpl` differs from Go's text/template:
//! - methods of Helm's built-in objects (`.Files.Get "x"`,
//!   `.Capabilities.APIVersions.Has "apps/v1"`, `(.Files.Glob "*").AsConfig`)
//!   become calls of `__helmMethod` with the receiver, since `gotmpl` values
//!   have no methods;
//! - printed actions go through `__helmPrint`, which formats numbers as Go's
//!   `fmt` does (`1e+06`), and so do `printf` operands under `%v`;
//! - `$_ := set $dict ...` (and `unset`, `merge`, `mergeOverwrite`) assign the
//!   result back to `$dict`, since `gotmpl` maps are values, not references;
//!   `$_ := set .Values.x ...` runs the rest of the block under `with` the
//!   updated dot, so later reads in the same template see the change.
//!
//! Undefined functions were already rejected by the parser, as Go does.

use std::sync::Arc;

use gotmpl::parse::{CommandNode, Expr, ListNode, Node, PipeNode, Pos, SmolStr};

/// The function that dispatches rewritten method calls.
pub(crate) const METHOD_FUNC: &str = "__helmMethod";
/// The function that formats printed values like Go's `fmt`.
pub(crate) const PRINT_FUNC: &str = "__helmPrint";
/// The function that calls another one and tags its errors with the call's
/// location (`<file>:<line>:<col>`).
pub(crate) const CALL_FUNC: &str = "__helmCall";

mod mutation;
mod printf;

/// What the rewrite needs to know: the file being rewritten (for error
/// locations).
pub(crate) struct Ctx<'a> {
    /// The template file's name (`<chart>/templates/x.yaml`).
    pub(crate) file: &'a str,
    /// The template file's source, for columns.
    pub(crate) src: &'a str,
}

impl Ctx<'_> {
    /// `file:line:col`, the column counted in bytes from 0 as Go does.
    fn location(&self, pos: Pos) -> String {
        let upto = self.src.get(..pos.offset).unwrap_or(self.src);
        let col = match upto.rfind('\n') {
            Some(nl) => pos.offset - nl - 1,
            None => pos.offset,
        };
        format!("{}:{}:{col}", self.file, pos.line)
    }
}

/// Method names of Helm's built-in objects.
const METHODS: &[&str] = &[
    "Get",
    "GetBytes",
    "Glob",
    "Lines",
    "AsConfig",
    "AsSecrets",
    "Has",
];

/// Rewrites method calls, printed actions and function calls in a tree.
pub(crate) fn rewrite(list: &mut ListNode, cx: &Ctx<'_>) {
    mutation::scope_dot_mutation(list);
    for node in &mut list.nodes {
        rewrite_node(node, cx);
    }
}

fn rewrite_node(node: &mut Node, cx: &Ctx<'_>) {
    match node {
        Node::List(l) => rewrite(l, cx),
        Node::Action(a) => {
            if !a.pipe.decl.is_empty() {
                mutation::assign_mutation(&mut a.pipe);
            }
            rewrite_pipe(&mut a.pipe, cx);
            if a.pipe.decl.is_empty() {
                let pos = a.pipe.pos;
                a.pipe.commands.push(CommandNode {
                    pos,
                    args: vec![Expr::Identifier(pos, SmolStr::new_static(PRINT_FUNC))],
                });
            }
        }
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            rewrite_pipe(&mut b.pipe, cx);
            rewrite(&mut b.body, cx);
            if let Some(e) = &mut b.else_body {
                rewrite(e, cx);
            }
        }
        Node::Template(t) => {
            if let Some(p) = &mut t.pipe {
                rewrite_pipe(p, cx);
            }
        }
        Node::Define(d) => rewrite(&mut d.body, cx),
        Node::Text(_) | Node::Break(_) | Node::Continue(_) => {}
    }
}

fn rewrite_pipe(pipe: &mut PipeNode, cx: &Ctx<'_>) {
    printf::fix_printf(pipe);
    for cmd in &mut pipe.commands {
        rewrite_command(cmd, cx);
    }
}

fn rewrite_command(cmd: &mut CommandNode, cx: &Ctx<'_>) {
    if let Some(first) = cmd.args.first()
        && let Some((method, recv)) = split_method(first)
    {
        let pos = first.pos();
        let mut args = Vec::with_capacity(cmd.args.len() + 2);
        args.push(Expr::Identifier(pos, SmolStr::new_static(METHOD_FUNC)));
        args.push(Expr::String(pos, Arc::from(method.as_str())));
        args.push(recv);
        args.extend(cmd.args.drain(1..));
        cmd.args = args;
        for arg in cmd.args.iter_mut().skip(2) {
            rewrite_expr(arg, cx);
        }
        return;
    }
    let skip = usize::from(matches!(cmd.args.first(), Some(Expr::Identifier(..))));
    for arg in cmd.args.iter_mut().skip(skip) {
        rewrite_expr(arg, cx);
    }
    if let Some(Expr::Identifier(pos, name)) = cmd.args.first()
        && !matches!(name.as_str(), CALL_FUNC | METHOD_FUNC | PRINT_FUNC)
        && !super::gotmpl_builtin(name)
    {
        let pos = *pos;
        let mut args = Vec::with_capacity(cmd.args.len() + 2);
        args.push(Expr::Identifier(pos, SmolStr::new_static(CALL_FUNC)));
        args.push(Expr::String(pos, Arc::from(cx.location(pos).as_str())));
        args.push(Expr::String(pos, Arc::from(name.as_str())));
        args.extend(cmd.args.drain(1..));
        cmd.args = args;
    }
}

fn rewrite_expr(e: &mut Expr, cx: &Ctx<'_>) {
    match e {
        Expr::Pipe(_, p) => return rewrite_pipe(p, cx),
        Expr::Identifier(..) => return,
        Expr::Chain(_, inner, _) => rewrite_expr(inner, cx),
        _ => {}
    }
    if let Some((method, mut recv)) = split_method(e) {
        rewrite_expr(&mut recv, cx);
        let pos = e.pos();
        let cmd = CommandNode {
            pos,
            args: vec![
                Expr::Identifier(pos, SmolStr::new_static(METHOD_FUNC)),
                Expr::String(pos, Arc::from(method.as_str())),
                recv,
            ],
        };
        *e = Expr::Pipe(
            pos,
            PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![cmd],
                is_assign: false,
            },
        );
    }
}

/// `recv.Method` → `(Method, recv)` when the last field is a known method name.
fn split_method(e: &Expr) -> Option<(SmolStr, Expr)> {
    let fields = match e {
        Expr::Field(_, f) | Expr::Variable(_, _, f) | Expr::Chain(_, _, f) => f,
        _ => return None,
    };
    let last = fields.last()?;
    if !METHODS.contains(&last.as_str()) {
        return None;
    }
    let rest: Vec<SmolStr> = fields[..fields.len() - 1].to_vec();
    let recv = match e {
        Expr::Field(pos, _) if rest.is_empty() => Expr::Dot(*pos),
        Expr::Field(pos, _) => Expr::Field(*pos, rest),
        Expr::Variable(pos, name, _) => Expr::Variable(*pos, name.clone(), rest),
        Expr::Chain(_, inner, _) if rest.is_empty() => inner.as_ref().clone(),
        Expr::Chain(pos, inner, _) => Expr::Chain(*pos, inner.clone(), rest),
        _ => return None,
    };
    Some((last.clone(), recv))
}
