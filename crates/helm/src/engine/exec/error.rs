//! Execution errors and the control flow of `break` and `continue`.

use gotmpl::TemplateError;

/// A failed execution: where (the outermost function call's location wins,
/// as Helm reports it) and why.
#[derive(Debug, Clone)]
pub(crate) struct ExecError {
    /// `file:line:col`, when known.
    pub(crate) location: Option<String>,
    /// Go's message.
    pub(crate) message: String,
}

impl ExecError {
    /// An error without a location yet.
    pub(crate) fn new(message: String) -> Self {
        ExecError {
            location: None,
            message,
        }
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(f, "template: {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
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
