//! Our executor of Go templates over the trees our parser builds: Go's
//! `text/template` semantics (variables and their scopes, `range` over sorted
//! map keys, `break`/`continue`, `template`, the built-in functions and their
//! errors), Helm's `missingkey=zero`, and maps shared by reference
//! ([`Value`]), so `set` inside an `include` changes the caller's dict and
//! `.Values` changes are seen by templates rendered later.

mod builtins;
mod compare;
mod error;
mod eval;
mod helm;
mod node_text;
mod printf;
mod walk;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use gotmpl::parse::SmolStr;

use super::ast::{ListNode, Pos};

pub(crate) use error::ExecError;
use error::{Flow, Frame, Tail};

use super::Lookup;
use super::value::Value;
use crate::funcs::FuncMap;

/// A named template: its body and the file it was parsed from (for error
/// locations).
#[derive(Clone)]
pub(crate) struct Tmpl<'s> {
    /// Its name.
    pub(crate) name: Arc<str>,
    /// The body.
    pub(crate) body: Arc<ListNode>,
    /// The file that holds it (`<chart>/templates/x.yaml`, or `gotpl`).
    pub(crate) file: Arc<str>,
    /// That file's source: the body's text, and columns of errors.
    pub(crate) src: Src<'s>,
}

/// A template's source: a chart file's, borrowed for the render (not
/// copied), or the text `tpl` was given.
#[derive(Clone)]
pub(crate) enum Src<'s> {
    /// A chart file.
    Borrowed(&'s str),
    /// A `tpl` text.
    Shared(Arc<str>),
}

impl std::ops::Deref for Src<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Src::Borrowed(s) => s,
            Src::Shared(s) => s,
        }
    }
}

/// Every named template of a render, by name: hashed as function names are
/// (FNV-1a; looked up at every `include`).
pub(crate) type Templates<'s> = HashMap<String, Tmpl<'s>, Names>;

/// The hasher of maps keyed by template names.
type Names = BuildHasherDefault<crate::funcs::NameHasher>;

/// Total `range` iterations allowed in one render: bounds
/// `{{ range 10000000000 }}`.
const MAX_RANGE_ITERATIONS: u64 = 100_000_000;
/// Largest output buffer kept for reuse.
const MAX_POOLED_OUTPUT: usize = 1 << 20;
/// Most output buffers kept for reuse (one per nesting level in use).
const MAX_POOLED_OUTPUTS: usize = 64;
/// Nested `template` calls allowed (Go allows 100000; our stack is smaller).
const MAX_TEMPLATE_DEPTH: usize = 10_000;

/// One render's execution state.
pub(crate) struct Exec<'a> {
    templates: &'a Templates<'a>,
    /// Templates `tpl` parsed, innermost last; searched before `templates`.
    overlays: Vec<Templates<'a>>,
    funcs: &'a FuncMap,
    lookup: Option<&'a Lookup>,
    /// Variables, innermost last (Go's `state.vars`); those of the template
    /// being executed start at `frame`. The flag marks an element bound by
    /// `range` (see `interface_dot`).
    vars: Vec<(SmolStr, Value, bool)>,
    frame: usize,
    /// Dot is an element of a list or map being ranged over: to Go an
    /// `interface {}` (a pipeline's value is the concrete value inside), so
    /// a field of it fails naming `interface {}`, and a nil one cannot be
    /// evaluated at all.
    interface_dot: bool,
    /// The template being executed and where it was parsed.
    current: Tmpl<'a>,
    includes: HashMap<String, usize, Names>,
    /// Argument vectors to reuse, so a call allocates none.
    arg_pool: Vec<Vec<Value>>,
    /// Output buffers of `include` and `tpl` to reuse: their text is copied
    /// into the string value anyway, so a buffer that already grew saves
    /// the copies of growing a new one.
    out_pool: Vec<String>,
    nesting: usize,
    depth: usize,
    range_budget: u64,
}

impl<'a> Exec<'a> {
    /// An executor over `templates` calling `funcs`.
    pub(crate) fn new(
        templates: &'a Templates<'a>,
        funcs: &'a FuncMap,
        lookup: Option<&'a Lookup>,
    ) -> Self {
        Exec {
            templates,
            overlays: Vec::new(),
            funcs,
            lookup,
            vars: Vec::new(),
            frame: 0,
            interface_dot: false,
            current: Tmpl {
                name: Arc::from(""),
                body: Arc::new(ListNode { nodes: Vec::new() }),
                file: Arc::from(""),
                src: Src::Borrowed(""),
            },
            includes: HashMap::default(),
            arg_pool: Vec::new(),
            out_pool: Vec::new(),
            nesting: 0,
            depth: 0,
            range_budget: MAX_RANGE_ITERATIONS,
        }
    }

    fn find(&self, name: &str) -> Option<Tmpl<'a>> {
        self.overlays
            .iter()
            .rev()
            .find_map(|o| o.get(name))
            .or_else(|| self.templates.get(name))
            .cloned()
    }

    /// Executes the template `name` with `dot` as both `.` and `$`, into `out`.
    pub(crate) fn execute(
        &mut self,
        name: &str,
        dot: &Value,
        out: &mut String,
    ) -> Result<(), ExecError> {
        let Some(tmpl) = self.find(name) else {
            return Err(ExecError {
                frames: Vec::new(),
                tail: Tail::Line(format!(
                    "template: no template {} associated with template \"gotpl\"",
                    crate::funcs::go_quote(name)
                )),
                pending: String::new(),
            });
        };
        let saved = std::mem::replace(&mut self.current, tmpl.clone());
        let result = self.in_frame(dot, |e| e.walk_list(out, &tmpl.body, dot));
        self.current = saved;
        result.map_err(|f| match f {
            Flow::Err(e) => *e,
            Flow::Break | Flow::Continue => {
                ExecError::new("break or continue outside of range".to_string())
            }
        })
    }

    /// Executes the template `name` into a pooled buffer; `f` turns its
    /// text into the value.
    fn execute_to_value(
        &mut self,
        name: &str,
        dot: &Value,
        f: impl FnOnce(&str) -> Value,
    ) -> Result<Value, ExecError> {
        let mut out = self.out_pool.pop().unwrap_or_default();
        let result = self.execute(name, dot, &mut out).map(|()| f(&out));
        if out.capacity() <= MAX_POOLED_OUTPUT && self.out_pool.len() < MAX_POOLED_OUTPUTS {
            out.clear();
            self.out_pool.push(out);
        }
        result
    }

    /// Runs `f` with fresh variables: only `$`, bound to `dot`.
    fn in_frame<T>(&mut self, dot: &Value, f: impl FnOnce(&mut Self) -> T) -> T {
        let base = self.vars.len();
        self.vars
            .push((SmolStr::new_static("$"), dot.clone(), false));
        let saved = std::mem::replace(&mut self.frame, base);
        let element = std::mem::replace(&mut self.interface_dot, false);
        let result = f(self);
        self.vars.truncate(base);
        self.frame = saved;
        self.interface_dot = element;
        result
    }

    /// `file:line:col` of `pos` in the template being executed, the column
    /// counted in bytes from 0 as Go does.
    fn location(&self, pos: Pos) -> String {
        let src: &str = &self.current.src;
        let offset = pos.0;
        let upto = src.get(..offset).unwrap_or(src);
        let col = match upto.rfind('\n') {
            Some(nl) => offset - nl - 1,
            None => offset,
        };
        let line = 1 + memchr::memchr_iter(b'\n', upto.as_bytes()).count();
        format!("{}:{line}:{col}", self.current.file)
    }

    /// An error at the node `node` (Go's text of it), placed at `pos`.
    fn error_at(&self, pos: Pos, node: String, message: String) -> Flow {
        Flow::from(ExecError::at(self.frame(pos, node, message)))
    }

    fn frame(&self, pos: Pos, node: String, message: String) -> Frame {
        Frame {
            location: self.location(pos),
            name: self.current.name.clone(),
            node,
            message,
        }
    }

    /// A called function's error placed at its call: a function's own error
    /// becomes the message; a template error from `include` gets a frame
    /// `error calling include:` before its own.
    fn call_failed(&self, mut e: ExecError, pos: Pos, node: String, func: &str) -> ExecError {
        if e.frames.is_empty() && e.tail == Tail::Function {
            let message = std::mem::take(&mut e.pending);
            let own = message.starts_with("error calling ");
            e.frames.push(self.frame(pos, node, message));
            e.tail = if own { Tail::Function } else { Tail::Frames };
            return e;
        }
        e.frames
            .insert(0, self.frame(pos, node, format!("error calling {func}:")));
        e
    }
}

#[cfg(test)]
mod tests;
