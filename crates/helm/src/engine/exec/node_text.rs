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
        Expr::Number(at, n) => match number_text(src, at.0) {
            Some(text) => text.to_string(),
            None => match n {
                Number::Int(i) => i.to_string(),
                Number::Uint(u) => u.to_string(),
                Number::Float(f) => f.to_string(),
            },
        },
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

/// A number as written at `at` (Go prints a number node's text: `0.0`,
/// `1e3`, `0x1F`, `'a'`), as the scanner reads it: a sign, then letters,
/// digits, `_` and `.`, and a sign right after an exponent's `e` or `p`.
fn number_text(src: &str, at: usize) -> Option<&str> {
    let rest = src.get(at..)?;
    let b = rest.as_bytes();
    if b.first() == Some(&b'\'') {
        let mut i = 1;
        while let Some(&c) = b.get(i) {
            match c {
                b'\\' => i += 2,
                b'\'' => return rest.get(..=i),
                _ => i += 1,
            }
        }
        return None;
    }
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
        return None;
    }
    let hex = b
        .get(i..i + 2)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"0x"));
    while let Some(&c) = b.get(i) {
        let exponent = if hex { b"pP" } else { b"eE" };
        let signed_exponent = matches!(c, b'+' | b'-') && i > 0 && exponent.contains(&b[i - 1]);
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || signed_exponent) {
            break;
        }
        i += 1;
    }
    rest.get(..i)
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

#[cfg(test)]
mod tests {
    use super::number_text;

    #[test]
    fn numbers_print_as_written() {
        for (src, want) in [
            ("0.0 x", "0.0"),
            ("1e20)", "1e20"),
            ("-1.5e-3 ", "-1.5e-3"),
            ("0x1F}}", "0x1F"),
            ("0x1p-2 ", "0x1p-2"),
            ("1_000|", "1_000"),
            ("+7", "+7"),
            ("'a' ", "'a'"),
            ("'\\'' ", "'\\''"),
        ] {
            assert_eq!(number_text(src, 0), Some(want), "{src}");
        }
        // A hex number's `e` is a digit: no sign may follow it.
        assert_eq!(number_text("0x1e-2", 0), Some("0x1e"));
        assert_eq!(number_text("x", 0), None);
    }
}
