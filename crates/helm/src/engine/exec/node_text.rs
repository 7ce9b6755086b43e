//! Go's `String()` of parse nodes, for the `at <...>` of execution errors.
//! Literals print as Go would re-quote them (`strconv.Quote`), method calls
//! the rewrite turned into `__helmMethod` print as they were written. Field
//! names are ranges of `src`, the source the nodes were parsed from.

use gotmpl::parse::Number;

use crate::engine::ast::Callee;
use crate::engine::ast::{CommandNode, EngineFn, Expr, PipeNode, Span, TemplateNode};
use crate::funcs::go_quote;

/// An argument or operand.
pub(super) fn expr(e: &Expr, src: &str) -> String {
    match e {
        Expr::Dot(_) => ".".into(),
        Expr::Field(_, f) => fields(f, src),
        Expr::Variable(_, name, f) => format!("{name}{}", fields(f, src)),
        Expr::Identifier(_, ident) => ident.name.to_string(),
        Expr::String(_, s) => go_quote(s),
        Expr::Number(_, Number::Int(i)) => i.to_string(),
        Expr::Number(_, Number::Uint(u)) => u.to_string(),
        Expr::Number(_, Number::Float(f)) => f.to_string(),
        Expr::Bool(_, b) => b.to_string(),
        Expr::Nil(_) => "nil".into(),
        Expr::Pipe(_, p) => format!("({})", pipe(p, src)),
        Expr::Chain(_, inner, f) => match inner.as_ref() {
            Expr::Identifier(..) | Expr::Pipe(..) => {
                format!("{}{}", expr(inner, src), fields(f, src))
            }
            other => format!("({}){}", expr(other, src), fields(f, src)),
        },
    }
}

fn fields(f: &[Span], src: &str) -> String {
    let mut out = String::new();
    for s in f {
        out.push('.');
        out.push_str(s.text(src));
    }
    out
}

/// A command: its words separated by spaces.
pub(super) fn command(c: &CommandNode, src: &str) -> String {
    if let (Some(Expr::Identifier(_, f)), Some(Expr::String(_, method)), Some(recv)) =
        (c.args.first(), c.args.get(1), c.args.get(2))
        && matches!(f.callee, Callee::Engine(EngineFn::Method))
    {
        let receiver = match recv {
            Expr::Dot(_) => String::new(),
            other => expr(other, src),
        };
        let mut out = format!("{receiver}.{method}");
        for a in &c.args[3..] {
            out.push(' ');
            out.push_str(&expr(a, src));
        }
        return out;
    }
    c.args
        .iter()
        .map(|a| expr(a, src))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A pipeline: declarations, then commands separated by `|`.
pub(super) fn pipe(p: &PipeNode, src: &str) -> String {
    let mut out = String::new();
    if !p.decl.is_empty() {
        let names: Vec<&str> = p.decl.iter().map(|d| d.as_str()).collect();
        out.push_str(&names.join(", "));
        out.push_str(if p.is_assign { " = " } else { " := " });
    }
    let cmds: Vec<String> = p.commands.iter().map(|c| command(c, src)).collect();
    out.push_str(&cmds.join(" | "));
    out
}

/// `{{template "name" pipeline}}`.
pub(super) fn template(t: &TemplateNode, src: &str) -> String {
    match &t.pipe {
        Some(p) => format!("{{{{template {} {}}}}}", go_quote(&t.name), pipe(p, src)),
        None => format!("{{{{template {}}}}}", go_quote(&t.name)),
    }
}
