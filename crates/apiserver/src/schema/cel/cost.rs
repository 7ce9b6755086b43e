//! The cost bound of one rule evaluation, worked out before evaluating it.
//!
//! The CEL interpreter has no cost tracking of its own, so each rule's cost is
//! estimated from its syntax tree and the sizes of the actual `self`/`oldSelf`
//! values, before it runs: one unit per node, comprehensions charged
//! `size(range) × (condition + step)`, string and list functions charged by the
//! sizes they walk. The estimate is an upper bound of the work the interpreter does,
//! so refusing estimates over Kubernetes' limits (1,000,000 per call, 10,000,000 per
//! object) bounds the time any rule can take, whatever the rule and the object.

use std::collections::HashMap;

use cel::common::ast::{EntryExpr, Expr, LiteralValue};
use cel::parser::Expression;
use serde_json::Value as Json;

use super::value::{Size, size_of};

/// What a rule's identifiers stand for while estimating.
pub(super) struct Scope<'a> {
    /// `self`.
    pub self_value: &'a Json,
    /// `oldSelf`, when bound.
    pub old_self: Option<&'a Json>,
    vars: HashMap<String, Size>,
}

impl<'a> Scope<'a> {
    /// A scope binding `self` and, on updates, `oldSelf`.
    pub fn new(self_value: &'a Json, old_self: Option<&'a Json>) -> Self {
        Scope {
            self_value,
            old_self,
            vars: HashMap::new(),
        }
    }
}

/// The estimated cost of evaluating `expr`.
pub(super) fn estimate(expr: &Expression, scope: &mut Scope<'_>) -> f64 {
    walk(expr, scope).0
}

fn walk(expr: &Expression, scope: &mut Scope<'_>) -> (f64, Size) {
    match &expr.expr {
        Expr::Unspecified => (1.0, Size::default()),
        // constants are free, as in cel-go's cost model
        Expr::Literal(lit) => (0.0, literal_size(lit)),
        Expr::Ident(name) => (1.0, ident_size(name, scope)),
        Expr::Select(select) => {
            if let Some(size) = data_path(expr, scope) {
                return (1.0 + select_depth(expr), size);
            }
            let (cost, operand) = walk(&select.operand, scope);
            (cost + 1.0, Size::up_to(operand.inner))
        }
        Expr::List(list) => {
            let mut cost = 1.0;
            let mut inner = 0.0_f64;
            for e in &list.elements {
                let (c, s) = walk(e, scope);
                cost += c;
                inner = inner.max(s.len).max(s.inner);
            }
            let len = list.elements.len() as f64;
            (cost, Size { len, inner })
        }
        Expr::Map(map) => {
            let mut cost = 1.0;
            let mut inner = 0.0_f64;
            for entry in &map.entries {
                if let EntryExpr::MapEntry(e) = &entry.expr {
                    let (ck, sk) = walk(&e.key, scope);
                    let (cv, sv) = walk(&e.value, scope);
                    cost += ck + cv;
                    inner = inner.max(sk.inner).max(sv.len).max(sv.inner);
                }
            }
            let len = map.entries.len() as f64;
            (cost, Size { len, inner })
        }
        Expr::Struct(_) => (1.0, Size::default()),
        Expr::Call(call) => {
            // logical operators and the conditional only pick an operand
            let mut cost = match call.func_name.as_str() {
                "_&&_" | "_||_" | "_?_:_" => 0.0,
                _ => 1.0,
            };
            let mut sizes = Vec::with_capacity(call.args.len() + 1);
            if let Some(target) = &call.target {
                let (c, s) = walk(target, scope);
                cost += c;
                sizes.push(s);
            }
            for arg in &call.args {
                let (c, s) = walk(arg, scope);
                cost += c;
                sizes.push(s);
            }
            let (work, size) = call_cost(&call.func_name, &sizes);
            (cost + work, size)
        }
        Expr::Comprehension(c) => {
            let (range_cost, range) = walk(&c.iter_range, scope);
            let (init_cost, init) = walk(&c.accu_init, scope);
            let element = Size::up_to(range.inner);
            // `map`/`filter` accumulate a list of at most one entry per element;
            // `all`/`exists`/`exists_one` a bool or a counter.
            let accumulator = match c.accu_init.expr {
                Expr::List(_) => Size {
                    len: range.len,
                    inner: range.len.max(range.inner),
                }
                .max(init),
                _ => init,
            };
            let mut saved = Vec::new();
            for (name, size) in [
                Some((c.iter_var.as_str(), element)),
                c.iter_var2.as_deref().map(|v| (v, element)),
                Some((c.accu_var.as_str(), accumulator)),
            ]
            .into_iter()
            .flatten()
            {
                saved.push((name.to_owned(), scope.vars.insert(name.to_owned(), size)));
            }
            let (cond_cost, _) = walk(&c.loop_cond, scope);
            let (step_cost, _) = walk(&c.loop_step, scope);
            let (result_cost, result) = walk(&c.result, scope);
            for (name, previous) in saved.into_iter().rev() {
                match previous {
                    Some(size) => scope.vars.insert(name, size),
                    None => scope.vars.remove(&name),
                };
            }
            let per_item = cond_cost + step_cost;
            (
                range_cost + init_cost + range.len * per_item + result_cost,
                result,
            )
        }
    }
}

fn literal_size(lit: &LiteralValue) -> Size {
    match lit {
        LiteralValue::String(s) => Size::up_to(s.len() as f64),
        LiteralValue::Bytes(b) => Size::up_to(b.len() as f64),
        _ => Size::default(),
    }
}

fn ident_size(name: &str, scope: &Scope<'_>) -> Size {
    match name {
        "self" => size_of(scope.self_value),
        "oldSelf" => scope.old_self.map(size_of).unwrap_or_default(),
        other => scope.vars.get(other).copied().unwrap_or_default(),
    }
}

/// The size of `self.a.b` (or `oldSelf.a.b`) read from the data itself.
fn data_path(expr: &Expression, scope: &Scope<'_>) -> Option<Size> {
    let mut fields = Vec::new();
    let mut at = expr;
    loop {
        match &at.expr {
            Expr::Select(s) => {
                fields.push(s.field.as_str());
                at = &s.operand;
            }
            Expr::Ident(name) => {
                let mut value = match name.as_str() {
                    "self" => scope.self_value,
                    "oldSelf" => scope.old_self?,
                    _ => return None,
                };
                for field in fields.iter().rev() {
                    match value.get(*field) {
                        Some(v) => value = v,
                        None => return Some(Size::default()),
                    }
                }
                return Some(size_of(value));
            }
            _ => return None,
        }
    }
}

fn select_depth(expr: &Expression) -> f64 {
    match &expr.expr {
        Expr::Select(s) => 1.0 + select_depth(&s.operand),
        _ => 0.0,
    }
}

/// The work of a function over arguments of these sizes, and its result's size.
fn call_cost(func: &str, args: &[Size]) -> (f64, Size) {
    let len = |i: usize| args.get(i).map_or(0.0, |s| s.len);
    let widest = args.iter().copied().fold(Size::default(), Size::max);
    match func {
        // comparisons walk the shorter operand (a tenth per byte, as cel-go charges)
        "_==_" | "_!=_" | "_<_" | "_<=_" | "_>_" | "_>=_" => {
            (traversal(len(0).min(len(1))), Size::default())
        }
        "@in" => (len(1) * len(0).max(1.0), Size::default()),
        "_+_" => (
            len(0) + len(1),
            Size {
                len: len(0) + len(1),
                inner: widest.inner,
            },
        ),
        "matches" => (0.25 * len(0) * len(1).max(1.0), Size::default()),
        "contains" | "startsWith" | "endsWith" | "indexOf" | "lastIndexOf" => {
            (traversal(len(0) + len(1)), Size::default())
        }
        "split" => (len(0), Size::up_to(len(0))),
        "replace" => {
            let grown = len(0) * len(2).max(1.0);
            (grown, Size::up_to(grown))
        }
        "join" => {
            let total = len(0) * widest.inner.max(1.0) + len(0) * len(1);
            (total, Size::up_to(total))
        }
        "format" => {
            let total = len(0) + len(1) * widest.inner.max(1.0);
            (total, Size::up_to(total))
        }
        "size" | "has" | "_&&_" | "_||_" | "!_" | "-_" | "_?_:_" | "_[_]" => {
            (0.0, widest_of_index(func, args))
        }
        // anything else: linear in its widest argument, no bigger than it
        _ => (widest.len, widest),
    }
}

/// What walking `n` bytes or elements costs: a tenth of a unit each, rounded up.
fn traversal(n: f64) -> f64 {
    (0.1 * n).ceil()
}

fn widest_of_index(func: &str, args: &[Size]) -> Size {
    match func {
        "_[_]" => args
            .first()
            .map_or(Size::default(), |s| Size::up_to(s.inner)),
        "_?_:_" => args
            .iter()
            .skip(1)
            .copied()
            .fold(Size::default(), Size::max),
        _ => Size::default(),
    }
}
