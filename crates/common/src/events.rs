//! Events about reconciled objects, sent two ways as Flux sends them: a Kubernetes
//! Event (events.k8s.io/v1, reportingController = the controller) and a POST of
//! Flux's `event.toolkit.fluxcd.io/v1beta1` payload to `--events-addr`.
//!
//! Recording never blocks a reconcile: events go into bounded queues drained by
//! background tasks, and are dropped (with a log line) when a queue is full.

pub mod payload;
mod webhook;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ObjectReference;
use kube::Resource;
use kube::runtime::events::{Event as KubeEvent, EventType, Recorder, Reporter};
use oxbow_api::constants::EVENT_METADATA_ANNOTATION_PREFIX;
use tokio::sync::mpsc;

pub use self::payload::{FluxEvent, Severity};
pub use self::webhook::RetryPolicy;
use crate::runtime::conditions::truncate;
use crate::runtime::redact::redact_url_credentials;

/// How many events may wait for each sender before new ones are dropped.
const QUEUE_CAPACITY: usize = 1024;

/// events.k8s.io/v1 caps `note` at 1 kB.
const MAX_NOTE_LENGTH: usize = 1024;

/// The recorder could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// `--events-addr` is not an http(s) URL.
    #[error("invalid events address '{0}': expected an http or https URL")]
    InvalidAddress(String),
    /// The HTTP client could not be built.
    #[error("failed to build the events HTTP client")]
    Client(#[source] reqwest::Error),
}

/// Records events for one controller; cheap to clone.
#[derive(Clone, Debug)]
pub struct EventRecorder {
    controller: String,
    instance: String,
    kube: Option<mpsc::Sender<(KubeEvent, ObjectReference)>>,
    webhook: Option<mpsc::Sender<FluxEvent>>,
}

impl EventRecorder {
    /// A recorder for `controller` that writes Kubernetes Events through `client`
    /// (if any) and POSTs to `events_addr` (if not empty). Must be called inside a
    /// Tokio runtime: it spawns the background senders.
    pub fn new(
        controller: &str,
        client: Option<kube::Client>,
        events_addr: &str,
        retry: RetryPolicy,
    ) -> Result<Self, EventError> {
        let instance = instance_name(controller);
        let kube = client.map(|client| {
            let reporter = Reporter {
                controller: controller.to_owned(),
                instance: Some(instance.clone()),
            };
            let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
            tokio::spawn(publish_kube_events(Recorder::new(client, reporter), rx));
            tx
        });
        let webhook = if events_addr.is_empty() {
            None
        } else {
            Some(webhook::spawn(events_addr, retry, QUEUE_CAPACITY)?)
        };
        Ok(Self {
            controller: controller.to_owned(),
            instance,
            kube,
            webhook,
        })
    }

    /// A recorder that drops everything, for tests and tools.
    pub fn disabled(controller: &str) -> Self {
        Self {
            controller: controller.to_owned(),
            instance: controller.to_owned(),
            kube: None,
            webhook: None,
        }
    }

    /// Records an event about `object`.
    ///
    /// `metadata` keys without a `/` are prefixed with the object's API group
    /// (`revision` → `source.toolkit.fluxcd.io/revision`), as Flux's controllers
    /// do; the object's `event.toolkit.fluxcd.io/*` annotations are added.
    /// Trace events become Kubernetes Events only.
    pub fn record<K>(
        &self,
        object: &K,
        severity: Severity,
        reason: &str,
        message: &str,
        metadata: BTreeMap<String, String>,
    ) where
        K: Resource<DynamicType = ()>,
    {
        let message = redact_url_credentials(message);
        let mut reference = object.object_ref(&());
        reference.resource_version = object.meta().resource_version.clone();
        if let Some(kube) = &self.kube {
            let event = KubeEvent {
                type_: match severity {
                    Severity::Error => EventType::Warning,
                    Severity::Info | Severity::Trace => EventType::Normal,
                },
                reason: reason.to_owned(),
                note: Some(truncate(&message, MAX_NOTE_LENGTH).to_owned()),
                action: reason.to_owned(),
                secondary: None,
            };
            if kube.try_send((event, reference.clone())).is_err() {
                tracing::warn!(reason, "kubernetes event queue is full, dropping event");
            }
        }
        let Some(webhook) = &self.webhook else { return };
        if severity == Severity::Trace {
            return;
        }
        let group = K::group(&());
        let mut full_metadata = BTreeMap::new();
        for (key, value) in metadata {
            let key = if key.contains('/') || group.is_empty() {
                key
            } else {
                format!("{group}/{key}")
            };
            full_metadata.insert(key, value);
        }
        for (key, value) in object.meta().annotations.iter().flatten() {
            if key.starts_with(EVENT_METADATA_ANNOTATION_PREFIX) {
                full_metadata.insert(key.clone(), value.clone());
            }
        }
        let event = FluxEvent::new(
            reference,
            severity,
            reason,
            &message,
            full_metadata,
            &self.controller,
            &self.instance,
        );
        if webhook.try_send(event).is_err() {
            tracing::warn!(reason, "notification event queue is full, dropping event");
        }
    }
}

async fn publish_kube_events(
    recorder: Recorder,
    mut queue: mpsc::Receiver<(KubeEvent, ObjectReference)>,
) {
    while let Some((event, reference)) = queue.recv().await {
        if let Err(error) = recorder.publish(&event, &reference).await {
            tracing::warn!(
                error = &error as &dyn std::error::Error,
                reason = %event.reason,
                "failed to write kubernetes event"
            );
        }
    }
}

/// The pod name when running in a cluster (`HOSTNAME`), else the controller name.
fn instance_name(controller: &str) -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| controller.to_owned())
}

#[cfg(test)]
mod tests;
