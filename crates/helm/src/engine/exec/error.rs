//! Execution errors and the control flow of `break` and `continue`.
//!
//! An error keeps Go's chain of frames (`template: <loc>: executing "<name>"
//! at <<node>>: <message>`, one per template an `include` entered), so the
//! engine can word it as Helm does: Go's text when a function's own error
//! ends the chain, Helm's multi-line trace otherwise.

use std::sync::Arc;

use gotmpl::TemplateError;

/// One `executing ... at <node>` level.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    /// `file:line:col`.
    pub(crate) location: String,
    /// The template being executed.
    pub(crate) name: Arc<str>,
    /// Go's text of the node that failed.
    pub(crate) node: String,
    /// This level's message (`error calling include:` when a deeper frame follows).
    pub(crate) message: String,
}

/// What ends the chain of frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tail {
    /// The innermost frame's message is the whole story.
    Frames,
    /// A function failed: Go's error wraps that function's error.
    Function,
    /// A line of its own (`template: no template "x" associated with ...`).
    Line(String),
}

/// A failed execution.
#[derive(Debug, Clone)]
pub(crate) struct ExecError {
    /// Outermost first.
    pub(crate) frames: Vec<Frame>,
    /// What follows the frames.
    pub(crate) tail: Tail,
    /// The message, while no frame is attached yet (a function's error).
    pub(crate) pending: String,
}

impl ExecError {
    /// A function's error, before its call site is known.
    pub(crate) fn new(message: String) -> Self {
        ExecError {
            frames: Vec::new(),
            tail: Tail::Function,
            pending: message,
        }
    }

    /// An error at a node of the template being executed.
    pub(crate) fn at(frame: Frame) -> Self {
        ExecError {
            frames: vec![frame],
            tail: Tail::Frames,
            pending: String::new(),
        }
    }

    /// The outermost location.
    pub(crate) fn location(&self) -> Option<&str> {
        self.frames.first().map(|f| f.location.as_str())
    }

    /// Go's `err.Error()`.
    pub(crate) fn go_text(&self) -> String {
        let mut out = String::new();
        for (i, f) in self.frames.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&format!(
                "template: {}: executing {} at <{}>: {}",
                f.location,
                crate::funcs::go_quote(&f.name),
                f.node,
                f.message
            ));
        }
        let last = match &self.tail {
            Tail::Line(l) => l.as_str(),
            // An argument failure that never reached its call site keeps
            // just its words.
            _ => crate::funcs::arg_failure(&self.pending).map_or(self.pending.as_str(), |(_, m)| m),
        };
        if !last.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(last);
        }
        out
    }

    /// Helm's multi-line trace (`reformatExecErrorMsg`), or `None` when Helm
    /// keeps Go's text (a function's own error ends the chain).
    pub(crate) fn helm_trace(&self) -> Option<String> {
        if self.tail == Tail::Function || self.frames.is_empty() {
            return None;
        }
        let mut out = String::new();
        for f in &self.frames {
            let message = match f.message.find(" template:") {
                Some(cut) => &f.message[..cut],
                None => &f.message,
            };
            out.push_str(&format!(
                "{}\n  executing {} at <{}>:\n    {message}\n",
                f.location,
                crate::funcs::go_quote(&f.name),
                f.node
            ));
        }
        if let Tail::Line(l) = &self.tail {
            out.push_str(l);
        }
        Some(out.trim().to_string())
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_text())
    }
}

/// What unwinds a walk: an error, or `break`/`continue` up to their `range`.
pub(crate) enum Flow {
    /// A failure.
    Err(Box<ExecError>),
    /// `{{ break }}`.
    Break,
    /// `{{ continue }}`.
    Continue,
}

impl From<ExecError> for Flow {
    fn from(e: ExecError) -> Self {
        Flow::Err(Box::new(e))
    }
}

/// A function's error as Go's message (without `gotmpl`'s prefixes).
pub(crate) fn function_message(e: &TemplateError) -> String {
    match e {
        TemplateError::Exec(m) => m.clone(),
        TemplateError::ArgCount {
            name,
            expected,
            got,
        } => format!("wrong number of args for {name}: want {expected} got {got}"),
        other => other.to_string(),
    }
}

/// The result of walking nodes.
pub(crate) type Walk<T = ()> = Result<T, Flow>;
