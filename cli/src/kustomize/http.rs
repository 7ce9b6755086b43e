//! The remote loader of `oxbow kustomize build --allow-remote-resources`:
//! plain HTTP(S) file URLs over reqwest's blocking client, bounded by a total
//! timeout and a size limit; git remote bases go to [`super::git`].

use std::io::Read;
use std::time::Duration;

use oxbow_kustomize::{RemoteContent, RemoteError, RemoteKind, RemoteLoader, RemoteTarget};

/// Largest remote file fetched by default (bytes).
pub(crate) const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Errors of setting up the loader.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HttpLoaderError {
    /// The HTTP client could not be built (TLS setup).
    #[error("failed to create the http client for remote resources")]
    Client(#[source] reqwest::Error),
}

/// Fetches remote resource files over HTTP(S).
#[derive(Debug)]
pub(crate) struct HttpLoader {
    client: reqwest::blocking::Client,
    timeout: Duration,
    max_bytes: u64,
}

impl HttpLoader {
    /// A loader whose every fetch (connect to last body byte) takes at most
    /// `timeout` and returns at most `max_bytes`.
    pub(crate) fn new(timeout: Duration, max_bytes: u64) -> Result<Self, HttpLoaderError> {
        let client = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(HttpLoaderError::Client)?;
        Ok(HttpLoader {
            client,
            timeout,
            max_bytes,
        })
    }

    fn fetch(&self, url: &str) -> Result<Vec<u8>, RemoteError> {
        let response = self
            .client
            .get(url)
            .send()
            .map_err(|e| self.failed(url, e.is_timeout(), Box::new(e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(RemoteError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        if response
            .content_length()
            .is_some_and(|n| n > self.max_bytes)
        {
            return Err(self.too_large(url));
        }
        let mut body = Vec::new();
        response
            .take(self.max_bytes.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| self.failed(url, is_timeout(&e), Box::new(e)))?;
        if body.len() as u64 > self.max_bytes {
            return Err(self.too_large(url));
        }
        Ok(body)
    }

    fn too_large(&self, url: &str) -> RemoteError {
        RemoteError::TooLarge {
            url: url.to_string(),
            limit: self.max_bytes,
        }
    }

    fn failed(
        &self,
        url: &str,
        timed_out: bool,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> RemoteError {
        if timed_out {
            RemoteError::Timeout {
                url: url.to_string(),
                after: self.timeout,
            }
        } else {
            RemoteError::Fetch {
                url: url.to_string(),
                source,
            }
        }
    }
}

/// A body read that failed because the total timeout ran out.
fn is_timeout(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            .is_some_and(reqwest::Error::is_timeout)
}

impl RemoteLoader for HttpLoader {
    fn load(&self, target: &RemoteTarget) -> Result<RemoteContent, RemoteError> {
        match &target.kind {
            RemoteKind::Http => self.fetch(&target.url).map(RemoteContent::File),
            RemoteKind::Git(spec) => {
                super::git::load(&target.url, spec, self.timeout, self.max_bytes)
            }
        }
    }
}
