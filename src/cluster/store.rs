//! The object store: typed tables keyed by namespace and name, a global
//! resourceVersion, and a bounded log of changes that watchers read.
//!
//! Objects are stored behind `Arc`: a watcher's snapshot and the current object
//! share memory until one of them changes.

use std::collections::{BTreeMap, VecDeque};
use std::marker::PhantomData;
use std::sync::Arc;

use super::meta::ObjectMeta;
use super::objects::{
    ConfigMap, CronJob, Deployment, Endpoints, Event, Ingress, IngressClass, Job, Kind, Namespace, Node, Object, Pod,
    ReplicaSet, Resource, Secret, Service,
};
use super::objects::{
    DaemonSet, HorizontalPodAutoscaler, PersistentVolume, PersistentVolumeClaim, StatefulSet, StorageClass,
};
use super::objects::EndpointSlice;

/// `(namespace, name)`; the namespace is empty for cluster-scoped kinds.
pub type Key = (String, String);

/// One kind's objects: namespace → name → object (lookups never allocate).
///
/// Held as [`Object`]s, typed at the edges: every table is then the same
/// `BTreeMap` type, compiled once instead of once per kind (the page's wasm
/// carried twenty copies of the map code).
#[derive(Debug)]
pub struct Table<T> {
    items: BTreeMap<String, BTreeMap<String, Object>>,
    len: usize,
    kind: PhantomData<fn() -> T>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { items: BTreeMap::new(), len: 0, kind: PhantomData }
    }
}

impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table { items: self.items.clone(), len: self.len, kind: PhantomData }
    }
}

impl<T: Resource> Table<T> {
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn get(&self, namespace: &str, name: &str) -> Option<&Arc<T>> {
        self.items.get(namespace)?.get(name).and_then(T::unwrap)
    }
    /// All objects, by namespace then name.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<T>> {
        self.items.values().flat_map(BTreeMap::values).filter_map(T::unwrap)
    }
    /// The objects of one namespace, by name.
    pub fn in_namespace<'a>(&'a self, namespace: &str) -> impl Iterator<Item = &'a Arc<T>> + 'a {
        self.items.get(namespace).into_iter().flat_map(BTreeMap::values).filter_map(T::unwrap)
    }
    /// The objects of one namespace whose names start with `prefix` (a range
    /// of the name index, not a scan).
    pub fn with_prefix<'a, 'p>(&'a self, namespace: &str, prefix: &'p str) -> impl Iterator<Item = &'a Arc<T>> + 'p
    where
        'a: 'p,
    {
        self.items
            .get(namespace)
            .into_iter()
            .flat_map(move |names| {
                names.range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
            })
            .take_while(move |(name, _)| name.starts_with(prefix))
            .filter_map(|(_, o)| T::unwrap(o))
    }
    /// The objects as stored, for code that works on any kind.
    fn untyped(&self) -> &BTreeMap<String, BTreeMap<String, Object>> {
        &self.items
    }
    fn replace(&mut self, ns: &str, name: &str, obj: Arc<T>) {
        if let Some(slot) = self.items.get_mut(ns).and_then(|names| names.get_mut(name)) {
            *slot = T::wrap(obj);
        }
    }
    fn insert(&mut self, (ns, name): Key, obj: Arc<T>) -> Option<Arc<T>> {
        let names = match self.items.get_mut(&ns) {
            Some(names) => names,
            None => self.items.entry(ns).or_default(),
        };
        let previous = names.insert(name, T::wrap(obj)).and_then(T::unwrap_owned);
        if previous.is_none() {
            self.len += 1;
        }
        previous
    }
    fn remove(&mut self, ns: &str, name: &str) -> Option<Arc<T>> {
        let names = self.items.get_mut(ns)?;
        let removed = names.remove(name).and_then(T::unwrap_owned)?;
        if names.is_empty() {
            self.items.remove(ns);
        }
        self.len -= 1;
        Some(removed)
    }
}

/// How an object changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

/// One entry of the change log: the object as it was right after the change.
#[derive(Clone, Debug)]
pub struct Change {
    pub resource_version: u64,
    pub change: ChangeType,
    pub object: Object,
}

/// How many changes the log keeps; a watcher further behind must list again.
/// (Scaling to thousands of pods makes tens of thousands of changes, events
/// included, in a few rounds: the controllers should not fall behind.)
const LOG_CAPACITY: usize = 32_768;

#[derive(Clone, Debug, Default)]
pub struct Store {
    pub namespaces: Table<Namespace>,
    pub nodes: Table<Node>,
    pub pods: Table<Pod>,
    pub services: Table<Service>,
    pub endpoints: Table<Endpoints>,
    pub deployments: Table<Deployment>,
    pub replicasets: Table<ReplicaSet>,
    pub events: Table<Event>,
    pub configmaps: Table<ConfigMap>,
    pub secrets: Table<Secret>,
    pub jobs: Table<Job>,
    pub cronjobs: Table<CronJob>,
    pub ingresses: Table<Ingress>,
    pub ingressclasses: Table<IngressClass>,
    pub storage_classes: Table<StorageClass>,
    pub persistent_volumes: Table<PersistentVolume>,
    pub persistent_volume_claims: Table<PersistentVolumeClaim>,
    pub statefulsets: Table<StatefulSet>,
    pub daemonsets: Table<DaemonSet>,
    pub hpas: Table<HorizontalPodAutoscaler>,
    pub endpoint_slices: Table<EndpointSlice>,
    resource_version: u64,
    log: VecDeque<Change>,
}

fn key_of<T: Resource>(obj: &T) -> Key {
    let meta = obj.meta();
    let ns = if T::KIND.namespaced() { meta.namespace.clone() } else { String::new() };
    (ns, meta.name.clone())
}

impl Store {
    /// The latest resourceVersion handed out.
    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    pub fn get<T: Resource>(&self, namespace: &str, name: &str) -> Option<&Arc<T>> {
        let ns = if T::KIND.namespaced() { namespace } else { "" };
        T::table(self).get(ns, name)
    }

    /// Stores `obj` (added or replaced), giving it the next resourceVersion.
    /// Writing an object equal to the stored one is a no-op, like an API
    /// update that changes nothing.
    pub fn put<T: Resource>(&mut self, mut obj: T) -> Arc<T> {
        fn namespace<T: Resource>(m: &ObjectMeta) -> &str {
            if T::KIND.namespaced() { m.namespace.as_str() } else { "" }
        }
        let existing = T::table(self).get(namespace::<T>(obj.meta()), &obj.meta().name).cloned();
        if let Some(old) = &existing {
            // (A write that started from the stored object already carries its
            // resourceVersion: shared metadata is then not copied to compare.)
            if obj.meta().resource_version != old.meta().resource_version {
                obj.meta_mut().resource_version = old.meta().resource_version.clone();
            }
            if **old == obj {
                return old.clone();
            }
        }
        self.resource_version += 1;
        obj.meta_mut().resource_version = self.resource_version.to_string();
        let obj = Arc::new(obj);
        let table = T::table_mut(self);
        let change = match existing {
            // Replaced where it lies: no key is built.
            Some(_) => {
                table.replace(namespace::<T>(obj.meta()), &obj.meta().name, obj.clone());
                ChangeType::Modified
            }
            None => {
                table.insert(key_of(&*obj), obj.clone());
                ChangeType::Added
            }
        };
        self.record(change, T::wrap(obj.clone()));
        obj
    }

    /// Stores an object known to be new (its name was just made unique),
    /// without looking for an existing one first.
    pub fn put_new<T: Resource>(&mut self, mut obj: T) -> Arc<T> {
        self.resource_version += 1;
        obj.meta_mut().resource_version = self.resource_version.to_string();
        let obj = Arc::new(obj);
        let replaced = T::table_mut(self).insert(key_of(&*obj), obj.clone());
        debug_assert!(replaced.is_none(), "put_new over an existing object");
        self.record(ChangeType::Added, T::wrap(obj.clone()));
        obj
    }

    /// Stores an object the cluster starts with, without a change of its own
    /// (it shares the resourceVersion of the write before it), so that a
    /// bootstrap object added later moves no other object's resourceVersion.
    pub(crate) fn put_quiet<T: Resource>(&mut self, mut obj: T) {
        obj.meta_mut().resource_version = self.resource_version.to_string();
        T::table_mut(self).insert(key_of(&obj), Arc::new(obj));
    }

    /// Changes a stored object in place; returns false if it does not exist.
    pub fn modify<T: Resource>(&mut self, namespace: &str, name: &str, f: impl FnOnce(&mut T)) -> bool {
        let Some(current) = self.get::<T>(namespace, name) else { return false };
        let mut obj = (**current).clone();
        f(&mut obj);
        self.put(obj);
        true
    }

    /// Removes an object at once (after any graceful deletion is over).
    pub fn remove<T: Resource>(&mut self, namespace: &str, name: &str) -> Option<Arc<T>> {
        let ns = if T::KIND.namespaced() { namespace } else { "" };
        let removed = T::table_mut(self).remove(ns, name)?;
        self.resource_version += 1;
        let mut last = (*removed).clone();
        last.meta_mut().resource_version = self.resource_version.to_string();
        self.record(ChangeType::Deleted, T::wrap(Arc::new(last)));
        Some(removed)
    }

    fn record(&mut self, change: ChangeType, object: Object) {
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(Change { resource_version: self.resource_version, change, object });
    }

    /// The changes after `resource_version`, oldest first, or `None` if the
    /// log no longer reaches back that far (the watcher must list again).
    pub fn changes_since(&self, resource_version: u64) -> Option<impl Iterator<Item = &Change>> {
        let oldest = self.log.front().map_or(self.resource_version + 1, |c| c.resource_version);
        if resource_version + 1 < oldest && resource_version < self.resource_version {
            return None;
        }
        let start = self.log.partition_point(|c| c.resource_version <= resource_version);
        Some(self.log.range(start..))
    }

    /// Every object of a kind (in one namespace, or all with `None`).
    pub fn objects(&self, kind: Kind, namespace: Option<&str>) -> Vec<Object> {
        let table = super::objects::with_kind!(kind, T => T::table(self).untyped());
        let namespace = namespace.filter(|_| kind.namespaced());
        match namespace {
            Some(ns) => table.get(ns).into_iter().flat_map(BTreeMap::values).cloned().collect(),
            None => table.values().flat_map(BTreeMap::values).cloned().collect(),
        }
    }

    /// Number of objects of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        super::objects::with_kind!(kind, T => T::table(self).len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::meta::ObjectMeta;

    fn cm(name: &str) -> ConfigMap {
        ConfigMap {
            metadata: ObjectMeta { name: name.into(), namespace: "default".into(), ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn put_bumps_the_resource_version_only_on_real_changes() {
        let mut store = Store::default();
        let a = store.put(cm("a"));
        assert_eq!(a.metadata.resource_version, "1");
        let same = store.put(cm("a"));
        assert_eq!(same.metadata.resource_version, "1");
        let mut changed = cm("a");
        changed.data.insert("k".into(), "v".into());
        assert_eq!(store.put(changed).metadata.resource_version, "2");
        assert_eq!(store.resource_version(), 2);
    }

    #[test]
    fn the_log_replays_changes_in_order() {
        let mut store = Store::default();
        store.put(cm("a"));
        store.put(cm("b"));
        store.remove::<ConfigMap>("default", "a");
        let changes: Vec<_> =
            store.changes_since(1).unwrap().map(|c| (c.change, c.object.meta().name.clone())).collect();
        assert_eq!(changes, [(ChangeType::Added, "b".into()), (ChangeType::Deleted, "a".into())]);
        assert_eq!(store.changes_since(3).unwrap().count(), 0);
    }

    #[test]
    fn namespaces_are_listed_apart() {
        let mut store = Store::default();
        store.put(cm("a"));
        let mut other = cm("b");
        other.metadata.namespace = "dev".into();
        store.put(other);
        assert_eq!(store.configmaps.in_namespace("default").count(), 1);
        assert_eq!(store.objects(Kind::ConfigMap, Some("dev")).len(), 1);
        assert_eq!(store.objects(Kind::ConfigMap, None).len(), 2);
    }
}
