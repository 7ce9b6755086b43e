//! Rewrites of parsed commands: methods of Helm's built-in objects
//! (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "apps/v1"`,
//! `(.Files.Glob "*").AsConfig`) become calls of `__helmMethod` with the
//! receiver, since template values have no methods.
//!
//! The parser rewrites each command once it is parsed; parenthesised
//! pipelines inside it were rewritten when they were parsed, so nothing here
//! descends into them.

use std::sync::Arc;

use super::ast::{Callee, CommandNode, EngineFn, Expr, Fields, Ident, PipeNode, Span};

/// The function that dispatches rewritten method calls.
pub(crate) const METHOD_FUNC: &str = "__helmMethod";

/// The dispatcher, as the parser resolves its name.
pub(crate) const METHOD_IDENT: Ident = Ident {
    name: METHOD_FUNC,
    callee: Callee::Engine(EngineFn::Method),
};

/// Whether `name` is a method of Helm's built-in objects.
fn is_object_method(name: &str) -> bool {
    matches!(
        name,
        "Get" | "GetBytes" | "Glob" | "Lines" | "AsConfig" | "AsSecrets" | "Has"
    )
}

/// Whether `name` is a method of `chartutil.Values`, the type of every
/// `.Values` (not of the maps nested in it): recognised only right after a
/// `Values` field.
fn is_values_method(name: &str) -> bool {
    matches!(name, "AsMap" | "YAML")
}

/// Whether `name` is a method of any receiver.
fn is_method_name(name: &str) -> bool {
    is_object_method(name) || is_values_method(name)
}

/// Whether `fields[i]` names a method of its receiver.
fn is_method_at(fields: &[Span], i: usize, src: &str) -> bool {
    let name = fields[i].text(src);
    is_object_method(name)
        || (is_values_method(name) && i > 0 && fields[i - 1].text(src) == "Values")
}

fn fields_of(e: &Expr) -> Option<&Fields> {
    match e {
        Expr::Field(_, f) | Expr::Variable(_, _, f) | Expr::Chain(_, _, f) => Some(f),
        _ => None,
    }
}

/// `x.Values.AsMap.a.b` → `(x.Values.AsMap).a.b`, so that the method ends a
/// chain of its own and [`split_method`] can turn it into a call.
fn split_values_method_chain(e: &mut Expr, src: &str) {
    let Some(fields) = fields_of(e) else {
        return;
    };
    let Some(i) = (0..fields.len().saturating_sub(1))
        .find(|&i| is_values_method(fields[i].text(src)) && is_method_at(fields, i, src))
    else {
        return;
    };
    let tail = Fields::from(&fields[i + 1..]);
    let head_fields = Fields::from(&fields[..=i]);
    let pos = e.pos();
    let head = match std::mem::replace(e, Expr::Dot(pos)) {
        Expr::Field(p, _) => Expr::Field(p, head_fields),
        Expr::Variable(p, name, _) => Expr::Variable(p, name, head_fields),
        Expr::Chain(p, inner, _) => Expr::Chain(p, inner, head_fields),
        other => other,
    };
    *e = Expr::Chain(pos, Box::new(head), tail);
}

/// Rewrites method calls in a command just parsed.
pub(crate) fn command(cmd: &mut CommandNode, src: &str) {
    if !cmd
        .args
        .iter()
        .filter_map(fields_of)
        .any(|f| f.iter().any(|s| is_method_name(s.text(src))))
    {
        // No field is named as a method: nothing to rewrite (most commands).
        return;
    }
    if let Some(first) = cmd.args.first()
        && let Some((method, recv)) = split_method(first, src)
    {
        let pos = first.pos();
        let mut args = Vec::with_capacity(cmd.args.len() + 2);
        args.push(Expr::Identifier(pos, METHOD_IDENT));
        args.push(Expr::String(pos, Arc::from(method)));
        args.push(recv);
        args.extend(cmd.args.drain(1..));
        cmd.args = args;
        for arg in cmd.args.iter_mut().skip(2) {
            rewrite_expr(arg, src);
        }
        return;
    }
    let skip = usize::from(matches!(cmd.args.first(), Some(Expr::Identifier(..))));
    for arg in cmd.args.iter_mut().skip(skip) {
        rewrite_expr(arg, src);
    }
}

fn rewrite_expr(e: &mut Expr, src: &str) {
    split_values_method_chain(e, src);
    match e {
        // Rewritten when it was parsed.
        Expr::Pipe(..) | Expr::Identifier(..) => return,
        Expr::Chain(_, inner, _) => rewrite_expr(inner, src),
        _ => {}
    }
    if let Some((method, mut recv)) = split_method(e, src) {
        rewrite_expr(&mut recv, src);
        let pos = e.pos();
        let cmd = CommandNode {
            args: vec![
                Expr::Identifier(pos, METHOD_IDENT),
                Expr::String(pos, Arc::from(method)),
                recv,
            ],
        };
        *e = Expr::Pipe(
            pos,
            Box::new(PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![cmd],
                is_assign: false,
            }),
        );
    }
}

/// `recv.Method` → `(Method, recv)` when the last field is a known method name.
fn split_method<'s>(e: &Expr, src: &'s str) -> Option<(&'s str, Expr)> {
    let fields = fields_of(e)?;
    let last = fields.last()?;
    if !is_method_at(fields, fields.len() - 1, src) {
        return None;
    }
    let rest = Fields::from(&fields[..fields.len() - 1]);
    let recv = match e {
        Expr::Field(pos, _) if rest.is_empty() => Expr::Dot(*pos),
        Expr::Field(pos, _) => Expr::Field(*pos, rest),
        Expr::Variable(pos, name, _) => Expr::Variable(*pos, name.clone(), rest),
        Expr::Chain(_, inner, _) if rest.is_empty() => inner.as_ref().clone(),
        Expr::Chain(pos, inner, _) => Expr::Chain(*pos, inner.clone(), rest),
        _ => return None,
    };
    Some((last.text(src), recv))
}

#[cfg(test)]
mod tests {
    use super::super::ast::Node;
    use super::super::syntax::parse;
    use super::*;

    fn first_command(src: &str) -> CommandNode {
        let parsed = parse("t", src, &crate::engine::resolve_function).unwrap();
        match parsed.root.nodes.into_iter().next() {
            Some(Node::Action(a)) => a.pipe.commands.into_iter().next().unwrap(),
            other => panic!("{other:?}"),
        }
    }

    fn is_method_call(e: &Expr) -> bool {
        matches!(e, Expr::Identifier(_, i) if i.name == METHOD_FUNC)
    }

    #[test]
    fn methods_become_dispatcher_calls_with_the_receiver() {
        let c = first_command("{{ .Files.Get \"a\" }}");
        assert!(is_method_call(&c.args[0]));
        assert!(matches!(&c.args[1], Expr::String(_, m) if m.as_ref() == "Get"));
        assert!(matches!(&c.args[2], Expr::Field(_, f) if f.len() == 1));
        assert_eq!(c.args.len(), 4);

        // A method as an argument becomes a parenthesised call.
        let c = first_command("{{ print .Capabilities.APIVersions.Has }}");
        let Expr::Pipe(_, p) = &c.args[1] else {
            panic!("{:?}", c.args[1]);
        };
        assert!(is_method_call(&p.commands[0].args[0]));
    }

    #[test]
    fn values_methods_only_after_values_and_nested_chains_split() {
        let c = first_command("{{ print .Values.AsMap.a }}");
        let Expr::Chain(_, inner, tail) = &c.args[1] else {
            panic!("{:?}", c.args[1]);
        };
        assert_eq!(tail.len(), 1);
        assert!(matches!(inner.as_ref(), Expr::Pipe(..)));
        let c = first_command("{{ print .x.AsMap }}");
        assert!(matches!(&c.args[1], Expr::Field(_, f) if f.len() == 2));
        // A receiver that is itself a method call.
        let c = first_command("{{ (.Files.Glob \"*\").AsConfig }}");
        assert!(is_method_call(&c.args[0]));
        let Expr::Pipe(_, p) = &c.args[2] else {
            panic!("{:?}", c.args[2]);
        };
        assert!(is_method_call(&p.commands[0].args[0]));
    }
}
