//! Evaluating pipelines, commands, arguments and field chains with Go's rules:
//! a missing map key is nil (`missingkey=zero`), a field of a nil value taken
//! from a map is an error (`nil pointer evaluating interface {}.b`), a chain
//! starting at nil is nil.

use gotmpl::parse::{Number, SmolStr};

use crate::engine::ast::{CommandNode, Expr, PipeNode, Pos, Span};

use super::error::Walk;
use super::{Exec, node_text};
use crate::engine::value::{Value, lookup};
use crate::funcs::go_type;

/// The node Go last visited before a pipeline's command: the pipeline itself
/// before its first command, then the previous command's last argument.
#[derive(Clone, Copy)]
enum Visited<'a> {
    Pipe(&'a PipeNode),
    Arg(&'a Expr),
}

impl Exec<'_> {
    /// Evaluates a pipeline and binds its declared variables.
    pub(super) fn pipeline(&mut self, dot: &Value, pipe: &PipeNode) -> Walk<Value> {
        let v = self.pipeline_value(dot, pipe)?;
        for name in &pipe.decl {
            if pipe.is_assign {
                self.assign(name, v.clone(), false, pipe)?;
            } else {
                self.vars.push((name.clone(), v.clone(), false));
            }
        }
        Ok(v)
    }

    /// Evaluates a pipeline's commands, each result the last argument of the next.
    pub(super) fn pipeline_value(&mut self, dot: &Value, pipe: &PipeNode) -> Walk<Value> {
        let mut val: Option<Value> = None;
        let mut visited = Visited::Pipe(pipe);
        for cmd in &pipe.commands {
            val = Some(self.command(dot, cmd, val.take(), visited)?);
            if let Some(last) = cmd.args.last() {
                visited = Visited::Arg(last);
            }
        }
        Ok(val.unwrap_or(Value::Nil))
    }

    /// Go's `setVar`: the innermost variable of that name, which must exist.
    /// An error is reported at the last node `pipe` evaluated, as Go does.
    /// `element`: `v` is a nil element bound by `range`.
    pub(super) fn assign(
        &mut self,
        name: &SmolStr,
        v: Value,
        element: bool,
        pipe: &PipeNode,
    ) -> Walk {
        match self.vars[self.frame..]
            .iter_mut()
            .rev()
            .find(|(n, _, _)| n == name)
        {
            Some(slot) => {
                slot.1 = v;
                slot.2 = element;
                Ok(())
            }
            None => {
                let (pos, node) = last_node(pipe, &self.current.src);
                Err(self.error_at(pos, node, format!("undefined variable: {name}")))
            }
        }
    }

    /// A variable's value, and whether it is a nil element bound by `range`.
    pub(super) fn variable(&self, name: &str, pos: Pos, node: &Expr) -> Walk<(Value, bool)> {
        match self.vars[self.frame..]
            .iter()
            .rev()
            .find(|(n, _, _)| n == name)
        {
            Some((_, v, element)) => Ok((v.clone(), *element)),
            None => Err(self.error_at(
                pos,
                node_text::expr(node, &self.current.src),
                format!("undefined variable: {name}"),
            )),
        }
    }

    fn command(
        &mut self,
        dot: &Value,
        cmd: &CommandNode,
        piped: Option<Value>,
        visited: Visited<'_>,
    ) -> Walk<Value> {
        let Some(first) = cmd.args.first() else {
            return Ok(Value::Nil);
        };
        match first {
            Expr::Identifier(pos, ident) => {
                return self.call(dot, ident, *pos, &cmd.args[1..], piped, Some(cmd));
            }
            Expr::Chain(pos, inner, fields) => {
                if let Expr::Identifier(ipos, ident) = inner.as_ref() {
                    let v = self.call(dot, ident, *ipos, &cmd.args[1..], piped, Some(cmd))?;
                    return self.fields(v, fields, *pos, false, first);
                }
            }
            _ => {}
        }
        if piped.is_some() || cmd.args.len() > 1 {
            let src = &self.current.src;
            let (pos, node, message) = match first {
                Expr::Field(_, f) | Expr::Variable(_, _, f) | Expr::Chain(_, _, f)
                    if !f.is_empty() =>
                {
                    let message = format!(
                        "{} is not a method but has arguments",
                        f[f.len() - 1].text(src)
                    );
                    (chain_pos(first), node_text::expr(first, src), message)
                }
                // Go reports a parenthesized pipeline at the node it visited last.
                Expr::Pipe(_, inner) => {
                    let message = format!(
                        "can't give argument to non-function {}",
                        node_text::pipe(inner, src)
                    );
                    match visited {
                        Visited::Pipe(p) => (p.pos, node_text::pipe(p, src), message),
                        Visited::Arg(e) => (e.pos(), node_text::expr(e, src), message),
                    }
                }
                other => {
                    let node = node_text::expr(other, src);
                    let message = format!("can't give argument to non-function {node}");
                    (chain_pos(other), node, message)
                }
            };
            return Err(self.error_at(pos, node, message));
        }
        if let Expr::Nil(pos) = first {
            return Err(self.error_at(*pos, "nil".into(), "nil is not a command".into()));
        }
        self.expr(dot, first)
    }

    /// An argument's value.
    pub(super) fn expr(&mut self, dot: &Value, e: &Expr) -> Walk<Value> {
        match e {
            Expr::Dot(_) => Ok(dot.clone()),
            Expr::Field(_, fields) => {
                let concrete = !self.interface_dot;
                self.fields(dot.clone(), fields, chain_pos(e), concrete, e)
            }
            Expr::Variable(pos, name, fields) => {
                let (v, element) = self.variable(name, *pos, e)?;
                if fields.is_empty() {
                    return Ok(v);
                }
                self.fields(v, fields, chain_pos(e), !element, e)
            }
            Expr::Identifier(pos, ident) => self.call(dot, ident, *pos, &[], None, None),
            Expr::String(_, s) => Ok(Value::String(s.clone())),
            Expr::Number(pos, n) => match *n {
                Number::Int(i) => Ok(Value::Int(i)),
                Number::Uint(u) => Err(self.error_at(
                    *pos,
                    node_text::expr(e, &self.current.src),
                    format!("{u} overflows int"),
                )),
                Number::Float(f) => Ok(Value::Float(f)),
            },
            Expr::Bool(_, b) => Ok(Value::Bool(*b)),
            Expr::Nil(_) => Ok(Value::Nil),
            Expr::Pipe(_, p) => self.pipeline(dot, p),
            Expr::Chain(_, inner, fields) => {
                let v = self.expr(dot, inner)?;
                self.chain_fields(v, fields, inner)
            }
        }
    }

    /// Fields of a parenthesised value: Go reports their errors at the last
    /// node it evaluated inside.
    fn chain_fields(&self, v: Value, fields: &[Span], inner: &Expr) -> Walk<Value> {
        let last = match inner {
            Expr::Pipe(_, p) => last_expr(p),
            other => Some(other),
        };
        let pos = last.map_or(inner.pos(), Expr::pos);
        let src: &str = &self.current.src;
        let node = || node_text::expr(last.unwrap_or(inner), src);
        self.fields_at(v, fields, pos, true, &node)
    }

    /// Walks `fields` from `v`. `concrete` says `v` came from a pipeline or a
    /// variable (a nil there ends the chain quietly), not from a map.
    pub(super) fn fields(
        &self,
        v: Value,
        fields: &[Span],
        pos: Pos,
        concrete: bool,
        node: &Expr,
    ) -> Walk<Value> {
        self.fields_at(v, fields, pos, concrete, &|| {
            node_text::expr(node, &self.current.src)
        })
    }

    /// [`Self::fields`] with errors at `pos`, naming the node `node()`.
    fn fields_at(
        &self,
        v: Value,
        fields: &[Span],
        pos: Pos,
        concrete: bool,
        node: &dyn Fn() -> String,
    ) -> Walk<Value> {
        if fields.is_empty() {
            return Ok(v);
        }
        let src: &str = &self.current.src;
        match walk_fields(&v, fields, src, !concrete) {
            Ok(found) => Ok(found),
            Err(Stop::Nil(f)) => Err(self.error_at(
                pos,
                node(),
                format!("nil pointer evaluating interface {{}}.{f}"),
            )),
            Err(Stop::NotMap(f, ty)) => Err(self.error_at(
                pos,
                node(),
                format!("can't evaluate field {f} in type {ty}"),
            )),
        }
    }
}

/// Why a field chain stopped: a nil taken from a map, or a value that is
/// no map (with Go's name of its type); each with the field asked for.
enum Stop<'s> {
    Nil(&'s str),
    NotMap(&'s str, &'static str),
}

/// Walks `fields` (non-empty) from `v` on borrowed maps, cloning only the
/// value found. `from_map`: `v` came from a map (a nil there is an error,
/// elsewhere it ends the chain quietly).
fn walk_fields<'s>(
    v: &Value,
    fields: &[Span],
    src: &'s str,
    from_map: bool,
) -> Result<Value, Stop<'s>> {
    let Some((first, rest)) = fields.split_first() else {
        return Ok(v.clone());
    };
    let f = first.text(src);
    match v {
        Value::Map(m) => {
            let nil = Value::Nil;
            let entries = m.borrow();
            let next = lookup(&entries, f).unwrap_or(&nil);
            if rest.is_empty() {
                Ok(next.clone())
            } else {
                walk_fields(next, rest, src, true)
            }
        }
        Value::Nil if !from_map => Ok(Value::Nil),
        Value::Nil => Err(Stop::Nil(f)),
        other => Err(Stop::NotMap(
            f,
            if from_map {
                "interface {}"
            } else {
                go_type(other)
            },
        )),
    }
}

/// Where Go places a node: a chain of fields at its second field.
pub(super) fn chain_pos(e: &Expr) -> Pos {
    match e {
        Expr::Field(pos, f) if f.len() > 1 => shifted(*pos, 1 + f[0].len()),
        Expr::Variable(pos, name, f) if !f.is_empty() => shifted(*pos, name.len()),
        other => other.pos(),
    }
}

fn shifted(pos: Pos, by: usize) -> Pos {
    Pos(pos.0 + by)
}

/// The node Go last evaluated in a pipeline (the last command's last
/// argument): its position and text.
pub(super) fn last_node(pipe: &PipeNode, src: &str) -> (Pos, String) {
    match last_expr(pipe) {
        Some(e) => (e.pos(), node_text::expr(e, src)),
        None => (pipe.pos, node_text::pipe(pipe, src)),
    }
}

/// The last argument of a pipeline's last command, followed into a
/// parenthesized one (alone or with fields) as Go's position follows it.
pub(super) fn last_expr(pipe: &PipeNode) -> Option<&Expr> {
    match pipe.commands.last()?.args.last()? {
        Expr::Pipe(_, inner) => last_expr(inner),
        Expr::Chain(_, inner, _) if let Expr::Pipe(_, p) = inner.as_ref() => last_expr(p),
        e => Some(e),
    }
}
