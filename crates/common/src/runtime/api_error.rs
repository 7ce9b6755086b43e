//! Kubernetes client errors worded as Go clients word them in conditions and events:
//! `secrets "x" not found`, not the client library's debug rendering of the Status.

use std::error::Error as StdError;
use std::fmt;

/// A `kube::Error` whose message is the API server's own for API errors.
#[derive(Debug)]
pub struct ApiCause(pub kube::Error);

impl fmt::Display for ApiCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            kube::Error::Api(status) if !status.message.is_empty() => f.write_str(&status.message),
            other => other.fmt(f),
        }
    }
}

impl StdError for ApiCause {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.0 {
            // The API server's message is the whole story.
            kube::Error::Api(_) => None,
            other => other.source(),
        }
    }
}

impl From<kube::Error> for ApiCause {
    fn from(error: kube::Error) -> Self {
        ApiCause(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::outcome::error_chain;

    #[test]
    fn api_errors_read_as_the_servers_message() {
        let status =
            kube::core::Status::failure("secrets \"keys\" not found", "NotFound").with_code(404);
        let cause = ApiCause(kube::Error::Api(Box::new(status)));
        assert_eq!(error_chain(&cause), "secrets \"keys\" not found");
    }
}
