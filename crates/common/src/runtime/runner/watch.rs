//! The guarded watch: a kind is watched as raw `DynamicObject`s and converted one
//! object at a time, so an object the typed schema cannot read (written by an older
//! or newer schema, or by hand) is logged and skipped instead of breaking the watch
//! for every other object of its kind.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use futures::{Stream, StreamExt, future};
use kube::api::{ApiResource, DynamicObject};
use kube::runtime::reflector::{self, Store};
use kube::runtime::watcher::{self, Event};
use kube::runtime::{WatchStreamExt, predicates};
use kube::{Api, Client, Resource, ResourceExt};
use oxbow_api::constants::RECONCILE_REQUEST_ANNOTATION;

use crate::runtime::admin::Readiness;
use crate::runtime::object::FluxObject;

/// Marks the controller ready once every watched kind has listed its objects.
#[derive(Clone, Debug)]
pub(crate) struct SyncTracker {
    remaining: Arc<AtomicUsize>,
    readiness: Readiness,
}

impl SyncTracker {
    pub(crate) fn new(kinds: usize, readiness: Readiness) -> Self {
        if kinds == 0 {
            readiness.set(true);
        }
        Self {
            remaining: Arc::new(AtomicUsize::new(kinds)),
            readiness,
        }
    }

    /// A callback for one kind (the first call counts, later relists do not) and
    /// the flag it sets.
    fn for_kind(&self) -> (impl Fn() + Send + Sync + 'static, Arc<AtomicBool>) {
        let tracker = self.clone();
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let callback = move || {
            if !done.swap(true, Ordering::SeqCst)
                && tracker.remaining.fetch_sub(1, Ordering::SeqCst) == 1
            {
                tracker.readiness.set(true);
            }
        };
        (callback, flag)
    }
}

/// Watches `K` (in `namespace`, or all namespaces) and returns the cache, the
/// stream of objects worth reconciling (new generations, new reconcile requests
/// and deletions; status-only updates are filtered out) and a flag set once the
/// first list completed.
pub(crate) fn guarded_watch<K: FluxObject>(
    client: Client,
    namespace: Option<&str>,
    label_selector: &str,
    sync: &SyncTracker,
) -> (
    Store<K>,
    impl Stream<Item = Result<K, watcher::Error>> + Send + 'static,
    Arc<AtomicBool>,
) {
    let resource = ApiResource::erase::<K>(&());
    let api: Api<DynamicObject> = match namespace {
        Some(ns) => Api::namespaced_with(client, ns, &resource),
        None => Api::all_with(client, &resource),
    };
    let mut config = watcher::Config::default();
    if !label_selector.is_empty() {
        config = config.labels(label_selector);
    }
    let (reader, writer) = reflector::store::<K>();
    let (synced, listed) = sync.for_kind();
    let stream = watcher::watcher(api, config)
        .default_backoff()
        .filter_map(move |event| {
            if matches!(event, Ok(Event::InitDone)) {
                synced();
            }
            future::ready(convert_event::<K>(event))
        })
        .reflect(writer)
        .applied_objects()
        .predicate_filter(reconcile_trigger::<K>, Default::default());
    (reader, stream, listed)
}

/// Converts one watch event, or drops it (with a log line) if its object does not
/// deserialize as `K`.
fn convert_event<K: FluxObject>(
    event: Result<Event<DynamicObject>, watcher::Error>,
) -> Option<Result<Event<K>, watcher::Error>> {
    let event = match event {
        Ok(event) => event,
        Err(error) => {
            // Logged here: until the first list succeeds, kube's controller does
            // not consume its queue, so a missing CRD or RBAC rule would go unseen.
            tracing::warn!(
                kind = %K::kind(&()),
                error = &error as &dyn std::error::Error,
                "watch failed, retrying"
            );
            return Some(Err(error));
        }
    };
    Some(Ok(match event {
        Event::Apply(object) => Event::Apply(convert(object)?),
        Event::InitApply(object) => Event::InitApply(convert(object)?),
        Event::Delete(object) => Event::Delete(convert(object)?),
        Event::Init => Event::Init,
        Event::InitDone => Event::InitDone,
    }))
}

/// `object` as a `K`, or `None` after logging why it cannot be read.
pub(crate) fn convert<K: FluxObject>(object: DynamicObject) -> Option<K> {
    let name = object.name_any();
    let namespace = object.namespace().unwrap_or_default();
    match serde_json::to_value(&object).and_then(serde_json::from_value::<K>) {
        Ok(typed) => Some(typed),
        Err(error) => {
            tracing::error!(
                kind = %K::kind(&()),
                name,
                namespace,
                error = &error as &dyn std::error::Error,
                "skipping object that does not match the schema"
            );
            None
        }
    }
}

/// What makes an object worth reconciling again: its generation, a new
/// `reconcile.fluxcd.io/requestedAt` value, or the start of its deletion.
fn reconcile_trigger<K: Resource>(object: &K) -> Option<u64> {
    let mut hasher = DefaultHasher::new();
    predicates::generation(object).hash(&mut hasher);
    object
        .annotations()
        .get(RECONCILE_REQUEST_ANNOTATION)
        .hash(&mut hasher);
    object.meta().deletion_timestamp.is_some().hash(&mut hasher);
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::runtime::fixture::Widget;

    fn dynamic(value: serde_json::Value) -> DynamicObject {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn objects_that_do_not_match_the_schema_are_skipped_not_fatal() {
        let good = dynamic(json!({
            "apiVersion": "test.oxbow.dev/v1", "kind": "Widget",
            "metadata": {"name": "good", "namespace": "default"},
            "spec": {"interval": "1m"}
        }));
        let bad = dynamic(json!({
            "apiVersion": "test.oxbow.dev/v1", "kind": "Widget",
            "metadata": {"name": "bad", "namespace": "default"},
            "spec": {"interval": 60}
        }));
        assert!(matches!(
            convert_event::<Widget>(Ok(Event::Apply(good))),
            Some(Ok(Event::Apply(_)))
        ));
        assert!(convert_event::<Widget>(Ok(Event::InitApply(bad.clone()))).is_none());
        assert!(convert_event::<Widget>(Ok(Event::Apply(bad))).is_none());
        assert!(matches!(
            convert_event::<Widget>(Ok(Event::InitDone)),
            Some(Ok(Event::InitDone))
        ));
    }

    #[test]
    fn status_updates_do_not_trigger_but_requests_do() {
        let mut widget = crate::runtime::fixture::widget();
        let before = reconcile_trigger(&widget);
        widget.set_observed_generation(Some(3));
        assert_eq!(reconcile_trigger(&widget), before);
        widget.metadata.annotations =
            Some([(RECONCILE_REQUEST_ANNOTATION.to_owned(), "now".to_owned())].into());
        assert_ne!(reconcile_trigger(&widget), before);
    }

    #[test]
    fn readiness_waits_for_every_kind() {
        let readiness = Readiness::default();
        let tracker = SyncTracker::new(2, readiness.clone());
        let ((a, a_listed), (b, _)) = (tracker.for_kind(), tracker.for_kind());
        a();
        a();
        assert!(a_listed.load(Ordering::SeqCst));
        assert!(
            !readiness.is_ready(),
            "a relist of one kind does not count twice"
        );
        b();
        assert!(readiness.is_ready());
    }
}
