//! The background sender that POSTs events to `--events-addr`: retries connection
//! errors and 5xx with bounded exponential backoff, treats 429 as "duplicate,
//! dropped" (the notification-controller's rate limiter), gives up on other 4xx.

use std::time::Duration;

use reqwest::StatusCode;
use tokio::sync::mpsc;

use super::{EventError, FluxEvent};
use crate::runtime::backoff::exponential_delay;

/// How hard to try delivering one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Wait before the first retry; doubles each time.
    pub min_wait: Duration,
    /// Longest wait between retries.
    pub max_wait: Duration,
    /// Timeout of each request.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    /// Flux's retryable HTTP client: 4 retries, 1s to 30s apart, 5s per request.
    fn default() -> Self {
        Self {
            max_retries: 4,
            min_wait: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
            timeout: Duration::from_secs(5),
        }
    }
}

/// What became of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Accepted with a 2xx.
    Delivered,
    /// 429: the receiver has seen it already.
    Duplicate,
    /// Refused or still failing after all retries.
    Failed,
}

/// Starts the sender; returns the queue to feed it.
pub(super) fn spawn(
    address: &str,
    retry: RetryPolicy,
    capacity: usize,
) -> Result<mpsc::Sender<FluxEvent>, EventError> {
    let url =
        reqwest::Url::parse(address).map_err(|_| EventError::InvalidAddress(address.to_owned()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(EventError::InvalidAddress(address.to_owned()));
    }
    let client = reqwest::Client::builder()
        .timeout(retry.timeout)
        .build()
        .map_err(EventError::Client)?;
    let (tx, mut rx) = mpsc::channel::<FluxEvent>(capacity);
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            deliver(&client, &url, &event, retry).await;
        }
    });
    Ok(tx)
}

/// POSTs `event`, retrying as `retry` allows.
pub(crate) async fn deliver(
    client: &reqwest::Client,
    url: &reqwest::Url,
    event: &FluxEvent,
    retry: RetryPolicy,
) -> Delivery {
    let object = &event.involved_object;
    let (kind, name, namespace) = (
        object.kind.as_deref().unwrap_or_default(),
        object.name.as_deref().unwrap_or_default(),
        object.namespace.as_deref().unwrap_or_default(),
    );
    for attempt in 0..=retry.max_retries {
        if attempt > 0 {
            tokio::time::sleep(exponential_delay(
                retry.min_wait,
                retry.max_wait,
                attempt - 1,
            ))
            .await;
        }
        match client.post(url.clone()).json(event).send().await {
            Ok(response) if response.status().is_success() => return Delivery::Delivered,
            Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS => {
                tracing::debug!(kind, name, namespace, reason = %event.reason, "event is a duplicate, dropped by the receiver");
                return Delivery::Duplicate;
            }
            Ok(response) if response.status().is_server_error() => {
                tracing::debug!(kind, name, namespace, status = %response.status(), attempt, "event receiver failed, retrying");
            }
            Ok(response) => {
                tracing::warn!(kind, name, namespace, status = %response.status(), "event receiver refused the event");
                return Delivery::Failed;
            }
            Err(error) => {
                tracing::debug!(
                    kind,
                    name,
                    namespace,
                    error = &error as &dyn std::error::Error,
                    attempt,
                    "failed to post event, retrying"
                );
            }
        }
    }
    tracing::warn!(kind, name, namespace, reason = %event.reason, "unable to record event after retries");
    Delivery::Failed
}
