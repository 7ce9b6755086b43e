//! Rewrites of parsed trees: methods of Helm's built-in objects
//! (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "apps/v1"`,
//! `(.Files.Glob "*").AsConfig`) become calls of `__helmMethod` with the
//! receiver, since template values have no methods.
//!
//! Undefined functions were already rejected by the parser, as Go does.

use std::sync::Arc;

use gotmpl::parse::{CommandNode, Expr, SmolStr};

use super::ast::{ListNode, Node, PipeNode};

/// The function that dispatches rewritten method calls.
pub(crate) const METHOD_FUNC: &str = "__helmMethod";

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

/// Methods of `chartutil.Values`, the type of every `.Values` (not of the maps
/// nested in it): recognised only right after a `Values` field.
const VALUES_METHODS: &[&str] = &["AsMap", "YAML"];

/// Whether `fields[i]` names a method of its receiver.
fn is_method_at(fields: &[SmolStr], i: usize) -> bool {
    let name = fields[i].as_str();
    METHODS.contains(&name)
        || (VALUES_METHODS.contains(&name) && i > 0 && fields[i - 1].as_str() == "Values")
}

/// `x.Values.AsMap.a.b` → `(x.Values.AsMap).a.b`, so that the method ends a
/// chain of its own and [`split_method`] can turn it into a call.
fn split_values_method_chain(e: &mut Expr) {
    let fields = match e {
        Expr::Field(_, f) | Expr::Variable(_, _, f) | Expr::Chain(_, _, f) => f,
        _ => return,
    };
    let Some(i) = (0..fields.len().saturating_sub(1))
        .find(|&i| VALUES_METHODS.contains(&fields[i].as_str()) && is_method_at(fields, i))
    else {
        return;
    };
    let tail = fields.split_off(i + 1);
    let pos = e.pos();
    let head = std::mem::replace(e, Expr::Dot(pos));
    *e = Expr::Chain(pos, Box::new(head), tail);
}

/// Rewrites method calls in a tree.
pub(crate) fn rewrite(list: &mut ListNode) {
    for node in &mut list.nodes {
        rewrite_node(node);
    }
}

fn rewrite_node(node: &mut Node) {
    match node {
        Node::Action(a) => rewrite_pipe(&mut a.pipe),
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            rewrite_pipe(&mut b.pipe);
            rewrite(&mut b.body);
            if let Some(e) = &mut b.else_body {
                rewrite(e);
            }
        }
        Node::Template(t) => {
            if let Some(p) = &mut t.pipe {
                rewrite_pipe(p);
            }
        }
        Node::Text(_) | Node::Break | Node::Continue => {}
    }
}

fn rewrite_pipe(pipe: &mut PipeNode) {
    for cmd in &mut pipe.commands {
        rewrite_command(cmd);
    }
}

fn rewrite_command(cmd: &mut CommandNode) {
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
            rewrite_expr(arg);
        }
        return;
    }
    let skip = usize::from(matches!(cmd.args.first(), Some(Expr::Identifier(..))));
    for arg in cmd.args.iter_mut().skip(skip) {
        rewrite_expr(arg);
    }
}

fn rewrite_expr(e: &mut Expr) {
    split_values_method_chain(e);
    match e {
        Expr::Pipe(_, p) => return rewrite_pipe(p),
        Expr::Identifier(..) => return,
        Expr::Chain(_, inner, _) => rewrite_expr(inner),
        _ => {}
    }
    if let Some((method, mut recv)) = split_method(e) {
        rewrite_expr(&mut recv);
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
    if !is_method_at(fields, fields.len() - 1) {
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
