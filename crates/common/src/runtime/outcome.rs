//! What a reconcile step returns: an [`Outcome`] on success, or an error that
//! classifies itself as Stalling, Waiting or Transient so the summary step knows
//! which conditions to write and when to try again.

use std::error::Error as StdError;
use std::time::Duration;

/// How a reconcile error affects the object and its requeue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// The user must change the object: `Stalled=True`, no requeue until the spec changes.
    Stalling,
    /// A dependency or source is not ready: requeue after `--requeue-dependency`.
    Waiting,
    /// Anything else: retry at `spec.retryInterval` or with exponential backoff.
    Transient,
}

/// A reconcile error that knows its class and its condition reason.
///
/// Implement it on each controller's `thiserror` enum; the `Display` text (with its
/// `source()` chain) becomes the condition and event message, so it must never
/// contain a secret.
pub trait Classify: StdError + Send + Sync + 'static {
    /// Stalling, Waiting or Transient.
    fn class(&self) -> ErrorClass;
    /// The CamelCase reason written on `Ready=False` (e.g. `GitOperationFailed`).
    fn reason(&self) -> &str;
}

/// The result of a successful reconcile step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The desired state is reached: `Ready=True` with this reason and message,
    /// requeue at the interval.
    Ready {
        /// The `Ready` reason, `Succeeded` unless the kind uses its own.
        reason: String,
        /// The `Ready` message, e.g. "stored artifact for revision 'main@sha1:…'".
        message: String,
    },
    /// Work continues: `Reconciling=True`, `Ready=Unknown` (reason `Progressing`).
    Progressing {
        /// The message for both conditions.
        message: String,
        /// When to look again; the object's interval if `None`.
        requeue_after: Option<Duration>,
    },
}

impl Outcome {
    /// A `Ready` outcome with reason `Succeeded`.
    pub fn ready(message: impl Into<String>) -> Self {
        Self::Ready {
            reason: oxbow_api::constants::SUCCEEDED_REASON.to_owned(),
            message: message.into(),
        }
    }

    /// A `Progressing` outcome requeued at the object's interval.
    pub fn progressing(message: impl Into<String>) -> Self {
        Self::Progressing {
            message: message.into(),
            requeue_after: None,
        }
    }
}

/// A classified error reduced to what the summary step needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// How it affects requeue and conditions.
    pub class: ErrorClass,
    /// The condition reason.
    pub reason: String,
    /// The message: the error and its causes joined by `": "`, URL credentials cut.
    pub message: String,
}

impl Failure {
    /// Captures a classified error.
    pub fn from_error<E: Classify>(error: &E) -> Self {
        Self {
            class: error.class(),
            reason: error.reason().to_owned(),
            message: super::redact::redact_url_credentials(&error_chain(error)),
        }
    }
}

/// `error` followed by each of its causes, joined by `": "` as Go's `%w` wrapping reads.
pub fn error_chain(error: &dyn StdError) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    enum StepError {
        #[error("failed to clone 'https://example.com/repo'")]
        Clone(#[source] std::io::Error),
        #[error("invalid URL")]
        Invalid,
    }

    impl Classify for StepError {
        fn class(&self) -> ErrorClass {
            match self {
                Self::Clone(_) => ErrorClass::Transient,
                Self::Invalid => ErrorClass::Stalling,
            }
        }
        fn reason(&self) -> &str {
            match self {
                Self::Clone(_) => "GitOperationFailed",
                Self::Invalid => "InvalidURL",
            }
        }
    }

    #[test]
    fn failure_carries_class_reason_and_cause_chain() {
        let error = StepError::Clone(std::io::Error::other("connection refused"));
        let failure = Failure::from_error(&error);
        assert_eq!(failure.class, ErrorClass::Transient);
        assert_eq!(failure.reason, "GitOperationFailed");
        assert_eq!(
            failure.message,
            "failed to clone 'https://example.com/repo': connection refused"
        );
        assert_eq!(
            Failure::from_error(&StepError::Invalid).class,
            ErrorClass::Stalling
        );
    }
}
