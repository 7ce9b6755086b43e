//! Walking nodes: text, printed actions, `if`/`with`/`range`, `template`.

use std::sync::Arc;

use crate::engine::ast::{BranchNode, ListNode, Node, TemplateNode};

use super::error::{Flow, Walk};
use super::eval::last_node;
use super::{Exec, MAX_TEMPLATE_DEPTH, node_text};
use crate::engine::goprint;
use crate::engine::value::Value;

impl Exec<'_> {
    pub(super) fn walk_list(&mut self, out: &mut String, list: &ListNode, dot: &Value) -> Walk {
        for node in &list.nodes {
            self.walk_node(out, node, dot)?;
        }
        Ok(())
    }

    fn walk_node(&mut self, out: &mut String, node: &Node, dot: &Value) -> Walk {
        match node {
            Node::Text(t) => {
                out.push_str(t.text(&self.current.src));
                Ok(())
            }
            Node::Action(a) => {
                let v = self.pipeline(dot, &a.pipe)?;
                if a.pipe.decl.is_empty() {
                    goprint::print_value(out, &v);
                }
                Ok(())
            }
            Node::If(b) => self.walk_if_with(out, b, dot, false),
            Node::With(b) => self.walk_if_with(out, b, dot, true),
            Node::Range(b) => self.walk_range(out, b, dot),
            Node::Template(t) => self.walk_template(out, t, dot),
            Node::Break => Err(Flow::Break),
            Node::Continue => Err(Flow::Continue),
        }
    }

    /// `if` and `with`: variables declared in the pipeline live in both
    /// branches and end with the node.
    fn walk_if_with(&mut self, out: &mut String, b: &BranchNode, dot: &Value, with: bool) -> Walk {
        let mark = self.vars.len();
        let result = self.pipeline(dot, &b.pipe).and_then(|v| {
            if v.is_truthy() && with {
                // `with` sets dot to the pipeline's (concrete) value.
                let element = std::mem::replace(&mut self.interface_dot, false);
                let result = self.walk_list(out, &b.body, &v);
                self.interface_dot = element;
                result
            } else if v.is_truthy() {
                self.walk_list(out, &b.body, dot)
            } else if let Some(e) = &b.else_body {
                self.walk_list(out, e, dot)
            } else {
                Ok(())
            }
        });
        self.vars.truncate(mark);
        result
    }

    fn walk_range(&mut self, out: &mut String, b: &BranchNode, dot: &Value) -> Walk {
        let mark = self.vars.len();
        let result = self.range_inner(out, b, dot);
        self.vars.truncate(mark);
        result
    }

    fn range_inner(&mut self, out: &mut String, b: &BranchNode, dot: &Value) -> Walk {
        let val = self.pipeline_value(dot, &b.pipe)?;
        let pipe = &b.pipe;
        // Go first binds the declared variables to the whole value.
        for name in &pipe.decl {
            if pipe.is_assign {
                self.assign(name, val.clone(), false, pipe)?;
            } else {
                self.vars.push((name.clone(), val.clone(), false));
            }
        }
        let mut ran = false;
        match &val {
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    ran = true;
                    if self.iteration(out, b, Value::Int(i as i64), item.clone(), true)? {
                        break;
                    }
                }
            }
            Value::Map(m) => {
                // Go ranges over a sorted snapshot of the pairs (fmtsort): the
                // body changing the map changes neither the keys nor the values seen.
                let pairs: Vec<(Arc<str>, Value)> = m
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, item) in pairs {
                    ran = true;
                    if self.iteration(out, b, Value::String(k), item, true)? {
                        break;
                    }
                }
            }
            Value::Int(_) | Value::Uint(_) => {
                if pipe.decl.len() > 1 {
                    let (pos, node) = last_node(pipe, &self.current.src);
                    return Err(self.error_at(
                        pos,
                        node,
                        format!("can't use {val} to iterate over more than one variable"),
                    ));
                }
                let n = match val {
                    Value::Int(n) => u64::try_from(n).unwrap_or(0),
                    Value::Uint(n) => n,
                    _ => 0,
                };
                for i in 0..n {
                    ran = true;
                    let v = match val {
                        Value::Uint(_) => Value::Uint(i),
                        _ => Value::Int(i as i64),
                    };
                    if self.iteration(out, b, v.clone(), v, false)? {
                        break;
                    }
                }
            }
            Value::Nil => {}
            other => {
                let (pos, node) = last_node(pipe, &self.current.src);
                return Err(self.error_at(
                    pos,
                    node,
                    format!(
                        "range can't iterate over {}",
                        goprint::sprint(std::slice::from_ref(other))
                    ),
                ));
            }
        }
        if !ran && let Some(e) = &b.else_body {
            self.walk_list(out, e, dot)?;
        }
        Ok(())
    }

    /// One pass of a `range` body; `true` when it ended with `break`.
    /// `interface`: the element is an `interface {}` to Go (one of a list or
    /// map, not a number of `range N`).
    fn iteration(
        &mut self,
        out: &mut String,
        b: &BranchNode,
        index: Value,
        elem: Value,
        interface: bool,
    ) -> Walk<bool> {
        if self.range_budget == 0 {
            return Err(self.error_at(
                b.pos,
                node_text::pipe(&b.pipe, &self.current.src),
                "range iteration budget exhausted".into(),
            ));
        }
        self.range_budget -= 1;
        let pipe = &b.pipe;
        let n = pipe.decl.len();
        if n > 0 {
            if pipe.is_assign {
                if n > 1 {
                    self.assign(&pipe.decl[0], index, false, pipe)?;
                    self.assign(&pipe.decl[1], elem.clone(), interface, pipe)?;
                } else {
                    self.assign(&pipe.decl[0], elem.clone(), interface, pipe)?;
                }
            } else {
                let top = self.vars.len();
                self.vars[top - 1].1 = elem.clone();
                self.vars[top - 1].2 = interface;
                if n > 1 {
                    self.vars[top - 2].1 = index;
                }
            }
        }
        let mark = self.vars.len();
        let element = std::mem::replace(&mut self.interface_dot, interface);
        let result = self.walk_list(out, &b.body, &elem);
        self.interface_dot = element;
        self.vars.truncate(mark);
        match result {
            Ok(()) | Err(Flow::Continue) => Ok(false),
            Err(Flow::Break) => Ok(true),
            Err(e) => Err(e),
        }
    }

    fn walk_template(&mut self, out: &mut String, t: &TemplateNode, dot: &Value) -> Walk {
        let new_dot = match &t.pipe {
            Some(p) => self.pipeline(dot, p)?,
            None => Value::Nil,
        };
        let Some(tmpl) = self.find(&t.name) else {
            return Err(self.error_at(
                t.pos,
                node_text::template(t, &self.current.src),
                format!("template {} not defined", crate::funcs::go_quote(&t.name)),
            ));
        };
        if self.depth >= MAX_TEMPLATE_DEPTH {
            return Err(self.error_at(
                t.pos,
                node_text::template(t, &self.current.src),
                format!("exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"),
            ));
        }
        self.depth += 1;
        let current = std::mem::replace(&mut self.current, tmpl.clone());
        let result = self.in_frame(&new_dot, |e| e.walk_list(out, &tmpl.body, &new_dot));
        self.current = current;
        self.depth -= 1;
        result
    }
}
