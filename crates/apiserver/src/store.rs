//! The object store: every object of every resource, one global resourceVersion
//! counter, and the watch event history. All writes happen under one lock, so each
//! request's read-modify-write is serialisable and events leave in resourceVersion
//! order.

pub(crate) mod gc;
pub(crate) mod lifecycle;
pub(crate) mod object;
pub(crate) mod persist;
pub(crate) mod watch;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};
use tokio::sync::{Notify, broadcast};

use crate::registry::{GroupResource, Registry};
pub use object::Stored;
pub use watch::{EventType, WatchEvent};

/// Where an object lives inside its resource: namespace (empty if cluster-scoped) and
/// name. Ordered like etcd keys, which gives lists their order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    /// Namespace, empty for cluster-scoped objects.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ObjectKey {
    /// A key.
    pub fn new(namespace: &str, name: &str) -> Self {
        Self {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        }
    }

    /// The key of an object, from its metadata.
    pub fn of(obj: &Value) -> Self {
        Self::new(meta_str(obj, "namespace"), meta_str(obj, "name"))
    }
}

/// Objects of one resource.
pub type Objects = BTreeMap<ObjectKey, Arc<Stored>>;

/// Everything under the store lock.
#[derive(Debug)]
pub struct State {
    rv: u64,
    objects: HashMap<GroupResource, Objects>,
    /// Served resources; CRD writes change it under the same lock.
    pub registry: Registry,
    history: VecDeque<Arc<WatchEvent>>,
    /// Lowest resourceVersion a watch may resume from.
    floor: u64,
    events: broadcast::Sender<Arc<WatchEvent>>,
    history_limit: usize,
    dirty: bool,
}

/// The store shared by all request handlers.
#[derive(Debug)]
pub struct Store {
    state: Mutex<State>,
    /// Woken after deletions and ownerReference changes, to run garbage collection.
    pub gc_wake: Notify,
}

impl Store {
    /// An empty store with the built-in resources and the default namespaces.
    pub fn new(history_limit: usize) -> Self {
        let (events, _) = broadcast::channel(16_384);
        let state = State {
            rv: 1,
            objects: HashMap::new(),
            registry: Registry::with_builtins(),
            history: VecDeque::new(),
            floor: 1,
            events,
            history_limit,
            dirty: false,
        };
        Store {
            state: Mutex::new(state),
            gc_wake: Notify::new(),
        }
    }

    /// Locks the state. A poisoned lock only means another request panicked mid-way;
    /// the data is still consistent enough to serve, so the poison is ignored.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// The newest resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    /// One object.
    pub fn get(&self, gr: &GroupResource, key: &ObjectKey) -> Option<Arc<Stored>> {
        self.objects.get(gr)?.get(key).cloned()
    }

    /// All objects of a resource (possibly none).
    pub fn objects(&self, gr: &GroupResource) -> Option<&Objects> {
        self.objects.get(gr)
    }

    /// Objects of a resource in one namespace (or all when `namespace` is `None`),
    /// starting strictly after `after`.
    pub fn range<'a>(
        &'a self,
        gr: &GroupResource,
        namespace: Option<&'a str>,
        after: Option<&ObjectKey>,
    ) -> Box<dyn Iterator<Item = (&'a ObjectKey, &'a Arc<Stored>)> + 'a> {
        use std::ops::Bound;
        let Some(objects) = self.objects.get(gr) else {
            return Box::new(std::iter::empty());
        };
        let start = match (after, namespace) {
            (Some(key), _) => Bound::Excluded(key.clone()),
            (None, Some(ns)) => Bound::Included(ObjectKey::new(ns, "")),
            (None, None) => Bound::Unbounded,
        };
        let iter = objects.range((start, Bound::Unbounded));
        match namespace {
            Some(ns) => Box::new(iter.take_while(move |(k, _)| k.namespace == ns)),
            None => Box::new(iter),
        }
    }

    /// Every resource that has objects.
    pub fn resources(&self) -> Vec<GroupResource> {
        self.objects
            .iter()
            .filter(|(_, o)| !o.is_empty())
            .map(|(gr, _)| gr.clone())
            .collect()
    }

    /// Writes (creates or replaces) an object, giving it the next resourceVersion, and
    /// records the event. Returns the stored object.
    pub fn put(&mut self, gr: &GroupResource, mut obj: Value) -> Arc<Stored> {
        self.rv += 1;
        set_resource_version(&mut obj, self.rv);
        let key = ObjectKey::of(&obj);
        let obj = Arc::new(Stored::new(&obj));
        let previous = self
            .objects
            .entry(gr.clone())
            .or_default()
            .insert(key.clone(), obj.clone());
        let type_ = if previous.is_some() {
            EventType::Modified
        } else {
            EventType::Added
        };
        self.record(gr, key, type_, obj.clone(), previous);
        obj
    }

    /// Removes an object for good; the DELETED event carries a new resourceVersion.
    pub fn remove(&mut self, gr: &GroupResource, key: &ObjectKey) -> Option<Arc<Stored>> {
        let previous = self.objects.get_mut(gr)?.remove(key)?;
        self.rv += 1;
        let mut last = previous.value();
        set_resource_version(&mut last, self.rv);
        let last = Arc::new(Stored::new(&last));
        self.record(
            gr,
            key.clone(),
            EventType::Deleted,
            last.clone(),
            Some(previous),
        );
        Some(last)
    }

    /// Removes an object whose last state is `last` (a write that dropped the final
    /// finalizer): watchers see one DELETED event with that state.
    pub fn remove_as(
        &mut self,
        gr: &GroupResource,
        key: &ObjectKey,
        mut last: Value,
    ) -> Arc<Stored> {
        let previous = self.objects.get_mut(gr).and_then(|o| o.remove(key));
        self.rv += 1;
        set_resource_version(&mut last, self.rv);
        let last = Arc::new(Stored::new(&last));
        self.record(gr, key.clone(), EventType::Deleted, last.clone(), previous);
        last
    }

    /// Drops every object of a resource without events (CRD removal after its
    /// instances were deleted).
    pub fn drop_resource(&mut self, gr: &GroupResource) {
        self.objects.remove(gr);
    }

    /// Loads an object as-is (persistence restore), keeping its resourceVersion.
    pub fn restore(&mut self, gr: GroupResource, obj: Value, rv: u64) {
        self.rv = self.rv.max(rv);
        self.floor = self.rv;
        self.objects
            .entry(gr)
            .or_default()
            .insert(ObjectKey::of(&obj), Arc::new(Stored::new(&obj)));
    }

    /// Sets the counter (persistence restore).
    pub fn restore_resource_version(&mut self, rv: u64) {
        self.rv = self.rv.max(rv);
        self.floor = self.rv;
    }

    /// Forgets history so far: watches can only resume from now on (used after
    /// seeding, so that very old resourceVersions are expired as on a real cluster).
    pub fn seal_history(&mut self) {
        self.history.clear();
        self.floor = self.rv;
    }

    /// Whether anything was written since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Every object, for persistence.
    pub fn all_objects(&self) -> impl Iterator<Item = (&GroupResource, &ObjectKey, &Arc<Stored>)> {
        self.objects
            .iter()
            .flat_map(|(gr, objs)| objs.iter().map(move |(k, o)| (gr, k, o)))
    }
}

/// Reads a string field of `metadata`.
pub fn meta_str<'a>(obj: &'a Value, field: &str) -> &'a str {
    obj.get("metadata")
        .and_then(|m| m.get(field))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Sets `metadata.resourceVersion`.
pub fn set_resource_version(obj: &mut Value, rv: u64) {
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("resourceVersion".to_owned(), json!(rv.to_string()));
    }
}
