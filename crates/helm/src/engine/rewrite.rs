//! Rewrites of parsed trees where `gotmpl` differs from Go's text/template:
//! - methods of Helm's built-in objects (`.Files.Get "x"`,
//!   `.Capabilities.APIVersions.Has "apps/v1"`, `(.Files.Glob "*").AsConfig`)
//!   become calls of `__helmMethod` with the receiver, since `gotmpl` values
//!   have no methods;
//! - printed actions go through `__helmPrint`, which formats numbers as Go's
//!   `fmt` does (`1e+06`);
//! - `$_ := set $dict ...` (and `unset`, `merge`, `mergeOverwrite`) assign the
//!   result back to `$dict`, since `gotmpl` maps are values, not references;
//!   `$_ := set .Values.x ...` runs the rest of the block under `with` the
//!   updated dot, so later reads in the same template see the change.
//!
//! The same walk rejects calls to undefined functions at parse time, as Go does.

use std::sync::Arc;

use gotmpl::parse::{BranchNode, CommandNode, Expr, ListNode, Node, PipeNode, Pos, SmolStr};

/// The function that dispatches rewritten method calls.
pub(crate) const METHOD_FUNC: &str = "__helmMethod";
/// The function that formats printed values like Go's `fmt`.
pub(crate) const PRINT_FUNC: &str = "__helmPrint";
/// Functions that modify their first argument in Go.
const MUTATORS: &[&str] = &["set", "unset", "merge", "mergeOverwrite"];

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

/// An undefined function found while rewriting: its name and line.
pub(crate) struct UndefinedFunction {
    pub(crate) name: String,
    pub(crate) line: usize,
}

/// Rewrites method calls in a tree and checks that every called function exists.
pub(crate) fn rewrite(
    list: &mut ListNode,
    funcs: &dyn Fn(&str) -> bool,
) -> Result<(), UndefinedFunction> {
    scope_dot_mutation(list);
    for node in &mut list.nodes {
        rewrite_node(node, funcs)?;
    }
    Ok(())
}

fn rewrite_node(node: &mut Node, funcs: &dyn Fn(&str) -> bool) -> Result<(), UndefinedFunction> {
    match node {
        Node::List(l) => rewrite(l, funcs),
        Node::Action(a) => {
            rewrite_pipe(&mut a.pipe, funcs)?;
            if a.pipe.decl.is_empty() {
                let pos = a.pipe.pos;
                a.pipe.commands.push(CommandNode {
                    pos,
                    args: vec![Expr::Identifier(pos, SmolStr::new(PRINT_FUNC))],
                });
            } else {
                assign_mutation(&mut a.pipe);
            }
            Ok(())
        }
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            rewrite_pipe(&mut b.pipe, funcs)?;
            rewrite(&mut b.body, funcs)?;
            if let Some(e) = &mut b.else_body {
                rewrite(e, funcs)?;
            }
            Ok(())
        }
        Node::Template(t) => match &mut t.pipe {
            Some(p) => rewrite_pipe(p, funcs),
            None => Ok(()),
        },
        Node::Define(d) => rewrite(&mut d.body, funcs),
        Node::Text(_) | Node::Break(_) | Node::Continue(_) => Ok(()),
    }
}

fn rewrite_pipe(
    pipe: &mut PipeNode,
    funcs: &dyn Fn(&str) -> bool,
) -> Result<(), UndefinedFunction> {
    for cmd in &mut pipe.commands {
        rewrite_command(cmd, funcs)?;
    }
    Ok(())
}

fn check(name: &str, pos: Pos, funcs: &dyn Fn(&str) -> bool) -> Result<(), UndefinedFunction> {
    if funcs(name) || name == "and" || name == "or" {
        Ok(())
    } else {
        Err(UndefinedFunction {
            name: name.to_string(),
            line: pos.line,
        })
    }
}

fn rewrite_command(
    cmd: &mut CommandNode,
    funcs: &dyn Fn(&str) -> bool,
) -> Result<(), UndefinedFunction> {
    if let Some(first) = cmd.args.first_mut() {
        match first {
            Expr::Identifier(pos, name) => check(name, *pos, funcs)?,
            Expr::Chain(_, inner, _) => {
                if let Expr::Identifier(pos, name) = inner.as_ref() {
                    check(name, *pos, funcs)?;
                }
            }
            _ => {}
        }
        if let Some((method, recv)) = split_method(first) {
            let pos = first.pos();
            let mut args = vec![
                Expr::Identifier(pos, SmolStr::new(METHOD_FUNC)),
                Expr::String(pos, Arc::from(method.as_str())),
                recv,
            ];
            args.extend(cmd.args.drain(1..));
            cmd.args = args;
            for arg in cmd.args.iter_mut().skip(2) {
                rewrite_expr(arg, funcs)?;
            }
            return Ok(());
        }
    }
    let skip = usize::from(matches!(cmd.args.first(), Some(Expr::Identifier(..))));
    for arg in cmd.args.iter_mut().skip(skip) {
        rewrite_expr(arg, funcs)?;
    }
    Ok(())
}

fn rewrite_expr(e: &mut Expr, funcs: &dyn Fn(&str) -> bool) -> Result<(), UndefinedFunction> {
    match e {
        Expr::Pipe(_, p) => return rewrite_pipe(p, funcs),
        Expr::Identifier(pos, name) => return check(name, *pos, funcs),
        Expr::Chain(_, inner, _) => rewrite_expr(inner, funcs)?,
        _ => {}
    }
    if let Some((method, mut recv)) = split_method(e) {
        rewrite_expr(&mut recv, funcs)?;
        let pos = e.pos();
        let cmd = CommandNode {
            pos,
            args: vec![
                Expr::Identifier(pos, SmolStr::new(METHOD_FUNC)),
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
    Ok(())
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

/// `$_ := set $d.a.b "k" v` → `$d = set $d "a" (set $d.a "b" (set $d.a.b "k" v))`.
fn assign_mutation(pipe: &mut PipeNode) {
    if pipe.decl.len() != 1 || pipe.decl[0].as_str() != "$_" || pipe.commands.len() != 1 {
        return;
    }
    let cmd = &pipe.commands[0];
    let (Some(Expr::Identifier(_, func)), Some(Expr::Variable(vpos, var, fields))) =
        (cmd.args.first(), cmd.args.get(1))
    else {
        return;
    };
    if !MUTATORS.contains(&func.as_str()) {
        return;
    }
    let (vpos, var, fields) = (*vpos, var.clone(), fields.clone());
    let pos = cmd.pos;
    let mut current = cmd.clone();
    for i in (0..fields.len()).rev() {
        let inner = Expr::Pipe(
            pos,
            PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![current],
                is_assign: false,
            },
        );
        current = CommandNode {
            pos,
            args: vec![
                Expr::Identifier(pos, SmolStr::new("set")),
                Expr::Variable(vpos, var.clone(), fields[..i].to_vec()),
                Expr::String(pos, Arc::from(fields[i].as_str())),
                inner,
            ],
        };
    }
    pipe.decl = vec![var];
    pipe.is_assign = true;
    pipe.commands = vec![current];
}

/// `$_ := set .a.b "k" v` followed by nodes → `with set . "a" (set .a "b" (...))`
/// around those nodes.
fn scope_dot_mutation(list: &mut ListNode) {
    let Some(i) = list.nodes.iter().position(|n| dot_mutation(n).is_some()) else {
        return;
    };
    let rest = list.nodes.split_off(i + 1);
    let Some(pipe) = list.nodes.pop().as_ref().and_then(dot_mutation) else {
        return;
    };
    let pos = pipe.pos;
    let body = ListNode { pos, nodes: rest };
    list.nodes.push(Node::With(BranchNode {
        pos,
        pipe,
        body,
        else_body: None,
    }));
}

fn dot_mutation(node: &Node) -> Option<PipeNode> {
    let Node::Action(a) = node else { return None };
    let pipe = &a.pipe;
    if pipe.decl.len() != 1 || pipe.decl[0].as_str() != "$_" || pipe.commands.len() != 1 {
        return None;
    }
    let cmd = &pipe.commands[0];
    let Some(Expr::Identifier(_, func)) = cmd.args.first() else {
        return None;
    };
    if !MUTATORS.contains(&func.as_str()) {
        return None;
    }
    let fields = match cmd.args.get(1)? {
        Expr::Field(_, f) => f.clone(),
        Expr::Dot(_) => Vec::new(),
        _ => return None,
    };
    let pos = cmd.pos;
    let mut current = cmd.clone();
    for i in (0..fields.len()).rev() {
        let inner = Expr::Pipe(
            pos,
            PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![current],
                is_assign: false,
            },
        );
        let target = if i == 0 {
            Expr::Dot(pos)
        } else {
            Expr::Field(pos, fields[..i].to_vec())
        };
        current = CommandNode {
            pos,
            args: vec![
                Expr::Identifier(pos, SmolStr::new("set")),
                target,
                Expr::String(pos, Arc::from(fields[i].as_str())),
                inner,
            ],
        };
    }
    Some(PipeNode {
        pos,
        decl: Vec::new(),
        commands: vec![current],
        is_assign: false,
    })
}
