//! Watch events: the bounded history a watch can resume from, and the broadcast
//! channel live watchers follow.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::broadcast;

use super::{ObjectKey, State, Stored};
use crate::registry::GroupResource;

/// The type of a watch event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// Object created.
    Added,
    /// Object changed.
    Modified,
    /// Object removed.
    Deleted,
}

impl EventType {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One change in the store.
#[derive(Debug)]
pub struct WatchEvent {
    /// resourceVersion of the change.
    pub rv: u64,
    /// Resource of the object.
    pub gr: GroupResource,
    /// Where the object lives.
    pub key: ObjectKey,
    /// What happened.
    pub type_: EventType,
    /// The object after the change (for deletions: its last state).
    pub object: Arc<Stored>,
    /// The object before the change, so selector watches can turn an update that leaves
    /// the selection into a deletion.
    pub previous: Option<Arc<Stored>>,
}

/// Where a new watch starts.
pub enum Start {
    /// Every event after this resourceVersion, replayed from history.
    After(u64),
    /// Only new events (the caller sends the current state itself).
    Now,
}

/// A subscription: the replayed backlog plus the live channel, taken atomically.
pub struct Subscription {
    /// Events to send first.
    pub backlog: Vec<Arc<WatchEvent>>,
    /// Live events after the backlog.
    pub live: broadcast::Receiver<Arc<WatchEvent>>,
    /// The store's resourceVersion at subscription time.
    pub rv: u64,
}

/// Why a watch cannot start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The requested resourceVersion left the history window.
    #[error("too old resource version: {requested} ({oldest})")]
    TooOld {
        /// Requested.
        requested: u64,
        /// Oldest still available.
        oldest: u64,
    },
}

impl State {
    pub(super) fn record(
        &mut self,
        gr: &GroupResource,
        key: ObjectKey,
        type_: EventType,
        object: Arc<Stored>,
        previous: Option<Arc<Stored>>,
    ) {
        if gr.group == "apiextensions.k8s.io" && gr.resource == "customresourcedefinitions" {
            self.sync_crd(type_, &object.value());
        }
        let event = Arc::new(WatchEvent {
            rv: self.rv,
            gr: gr.clone(),
            key,
            type_,
            object,
            previous,
        });
        self.history.push_back(event.clone());
        while self.history.len() > self.history_limit {
            if let Some(old) = self.history.pop_front() {
                self.floor = old.rv;
            }
        }
        self.dirty = true;
        // No receivers is fine: nobody watches.
        let _ = self.events.send(event);
    }

    fn sync_crd(&mut self, type_: EventType, crd: &Value) {
        let Some(info) = crate::registry::crd::resource_info(crd) else {
            return;
        };
        let gr = info.group_resource();
        if type_ == EventType::Deleted {
            self.registry.remove(&gr);
            self.objects.remove(&gr);
        } else {
            self.registry.insert(info);
        }
    }

    /// Subscribes to changes of one resource, replaying history after `start`.
    pub fn subscribe(&self, gr: &GroupResource, start: Start) -> Result<Subscription, WatchError> {
        let backlog = match start {
            Start::Now => Vec::new(),
            Start::After(rv) => {
                if rv < self.floor {
                    return Err(WatchError::TooOld {
                        requested: rv,
                        oldest: self.floor,
                    });
                }
                let first = self.history.partition_point(|e| e.rv <= rv);
                self.history
                    .range(first..)
                    .filter(|e| &e.gr == gr)
                    .cloned()
                    .collect()
            }
        };
        Ok(Subscription {
            backlog,
            live: self.events.subscribe(),
            rv: self.rv,
        })
    }
}
