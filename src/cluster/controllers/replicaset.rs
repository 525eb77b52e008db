//! The ReplicaSet controller: keeps `spec.replicas` pods matching the
//! selector, adopts matching orphans, names pods `<rs>-<5 chars>`, and reports
//! replicas, ready and available counts.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::informer::Delta;
use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::{ObjectMeta, OwnerReference};
use crate::cluster::objects::apps::ReplicaSet;
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::{Object, Resource};
use crate::cluster::store::{ChangeType, Store};
use crate::cluster::time::Time;

/// At most this many pods are created or deleted per sync, as upstream.
const BURST: usize = 500;

/// The controller's API client, as kube-controller-manager's defaults rate
/// it (`--kube-api-qps=20`, `--kube-api-burst=30`): pod creations spend it,
/// so a typo (`--replicas=100000000`) creates pods at a real cluster's pace,
/// twenty a second, instead of all at once.
const QPS: f64 = 20.0;
const API_BURST: f64 = 30.0;

/// The client's token bucket, and the ReplicaSets still short of pods it
/// could not create yet (synced again when tokens are back).
#[derive(Clone, Debug)]
pub struct Throttle {
    tokens: f64,
    at: Time,
    short: BTreeSet<String>,
}

impl Default for Throttle {
    fn default() -> Throttle {
        Throttle { tokens: API_BURST, at: Time(i64::MIN), short: BTreeSet::new() }
    }
}

impl Throttle {
    fn tokens_at(&self, now: Time) -> f64 {
        if self.at.0 == i64::MIN {
            return API_BURST;
        }
        (self.tokens + now.since(self.at).max(0) as f64 / 1000.0 * QPS).min(API_BURST)
    }

    /// Takes up to `want` tokens; returns how many it got.
    fn take(&mut self, now: Time, want: usize) -> usize {
        let tokens = self.tokens_at(now);
        let n = (tokens.floor() as usize).min(want);
        self.tokens = tokens - n as f64;
        self.at = now;
        n
    }

    /// When a short ReplicaSet can create again (ten pods' worth of tokens,
    /// so that a long wait wakes twice a second, not twenty times).
    fn next(&self, now: Time) -> Option<Time> {
        if self.short.is_empty() {
            return None;
        }
        let missing = (10.0 - self.tokens_at(now)).max(0.0);
        Some(now.plus_millis(((missing / QPS) * 1000.0).ceil() as i64).max(now.plus_millis(1)))
    }
}

pub(crate) fn owner_reference<T: Resource>(owner: &T) -> OwnerReference {
    OwnerReference {
        api_version: T::KIND.api_version().into(),
        kind: T::KIND.name().into(),
        name: owner.meta().name.clone(),
        uid: owner.meta().uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

fn is_active(pod: &Pod) -> bool {
    !pod.is_terminal() && !pod.is_terminating()
}

/// The pods each ReplicaSet controls, kept up to date from the change log
/// (an informer's index): a sync never scans the whole namespace, and counts
/// from summaries made once per pod change. Pods are keyed by their own name
/// (no string is copied per pod).
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// ReplicaSet uid → its pods (as last seen), by name.
    owned: FxHashMap<String, FxHashSet<Filed>>,
    /// ReplicaSet uid → the generation whose template labels the summaries used.
    generations: Generations,
}

/// ReplicaSet uid → generation, sorted by uid (a vector: one entry per
/// ReplicaSet, and no map code of its own in the page).
#[derive(Clone, Debug, Default)]
pub struct Generations(Vec<(String, i64)>);

impl Generations {
    fn get(&self, uid: &str) -> Option<i64> {
        self.0.binary_search_by(|(u, _)| u.as_str().cmp(uid)).ok().map(|i| self.0[i].1)
    }

    /// Sets a generation; returns the previous one, as a map's `insert` does.
    fn insert(&mut self, uid: &str, generation: i64) -> Option<i64> {
        match self.0.binary_search_by(|(u, _)| u.as_str().cmp(uid)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, generation)),
            Err(i) => {
                self.0.insert(i, (uid.to_string(), generation));
                None
            }
        }
    }
}

/// What the ReplicaSet's status counts of one pod, worked out when it changes.
#[derive(Clone, Copy, Debug, Default)]
struct Summary {
    active: bool,
    ready: bool,
    /// Carries every label of its ReplicaSet's pod template (`fullyLabeledReplicas`).
    labeled: bool,
}

impl Summary {
    fn of(pod: &Pod, template_labels: Option<&Labels>) -> Summary {
        Summary {
            active: is_active(pod),
            ready: pod.is_ready(),
            labeled: template_labels.is_some_and(|t| t.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v))),
        }
    }
}

type Labels = BTreeMap<String, String>;

/// The ReplicaSet a pod is filed under: its controller, if a ReplicaSet.
fn filed_under(pod: &Pod) -> Option<&str> {
    pod.metadata.controller().filter(|o| o.kind == "ReplicaSet").map(|o| o.uid.as_str())
}

/// A pod in the index with its summary, hashed, compared and borrowed as its
/// name (the ReplicaSet's pods share its namespace).
#[derive(Clone, Debug)]
struct Filed(Arc<Pod>, Summary);

impl PartialEq for Filed {
    fn eq(&self, other: &Self) -> bool {
        self.0.metadata.name == other.0.metadata.name
    }
}
impl Eq for Filed {}
impl Hash for Filed {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, so lookups by `&str` find it (`Borrow`'s contract).
        self.0.metadata.name.as_str().hash(state)
    }
}
impl Borrow<str> for Filed {
    fn borrow(&self) -> &str {
        &self.0.metadata.name
    }
}

/// Every ReplicaSet's template labels, by uid: looked up once per pod change.
/// (Sorted and searched by halves: a few ReplicaSets, no map code of its own.)
struct Templates<'a>(Vec<(&'a str, &'a Labels)>);

impl<'a> Templates<'a> {
    fn get(&self, uid: &str) -> Option<&'a Labels> {
        self.0.binary_search_by(|(u, _)| (*u).cmp(uid)).ok().map(|i| self.0[i].1)
    }
}

fn templates(store: &Store) -> Templates<'_> {
    let mut all: Vec<(&str, &Labels)> =
        store.replicasets.iter().map(|rs| (rs.metadata.uid.as_str(), &*rs.spec.template.metadata.labels)).collect();
    crate::sort::sort_by_key(&mut all, |(uid, _)| *uid);
    Templates(all)
}

impl Index {
    fn observe(&mut self, templates: &Templates, pod: &Arc<Pod>, deleted: bool) {
        let owner = if deleted { None } else { filed_under(pod) };
        let name = pod.metadata.name.as_str();
        // The common case, a pod changing under the same owner: replace it in
        // place. Otherwise it leaves wherever it was (a deleted, orphaned or
        // re-owned pod; there are few ReplicaSets to look through).
        let same = |f: &Filed| f.0.metadata.uid == pod.metadata.uid;
        if let Some(owner) = owner
            && let Some(pods) = self.owned.get_mut(owner)
            && pods.get(name).is_some_and(same)
        {
            pods.replace(Filed(pod.clone(), Summary::of(pod, templates.get(owner))));
            return;
        }
        for pods in self.owned.values_mut() {
            if pods.get(name).is_some_and(same) {
                pods.remove(name);
            }
        }
        if let Some(owner) = owner {
            let filed = Filed(pod.clone(), Summary::of(pod, templates.get(owner)));
            match self.owned.get_mut(owner) {
                Some(pods) => {
                    pods.insert(filed);
                }
                None => {
                    self.owned.insert(owner.to_string(), FxHashSet::from_iter([filed]));
                }
            }
        }
    }

    /// Files every pod again (a relist), keeping what is still true: a pod
    /// version the index holds and the store still holds (the same `Arc`,
    /// found by address without reading the pod) stays where it is, under a
    /// ReplicaSet whose spec did not change. Only the rest is looked at, so a
    /// relist of a warm index costs a walk over the store's pointers.
    fn rebuild(&mut self, store: &Store) {
        let mut current: Vec<(&str, i64)> =
            store.replicasets.iter().map(|rs| (rs.metadata.uid.as_str(), rs.metadata.generation)).collect();
        crate::sort::sort_by_key(&mut current, |(uid, _)| *uid);
        let generation_of = |uid: &str| current.binary_search_by(|(u, _)| (*u).cmp(uid)).ok().map(|i| current[i].1);
        // Gone ReplicaSets, or new specs: their pods are filed again from scratch.
        let generations = &self.generations;
        self.owned.retain(|uid, _| generation_of(uid).is_some_and(|g| generations.get(uid) == Some(g)));
        // Every filed version (the index holds it, so its address is its own),
        // and whether the store still holds it.
        // Sorted by address and searched by halves.
        let mut seen: Vec<(*const Pod, bool)> =
            self.owned.values().flatten().map(|Filed(pod, _)| (Arc::as_ptr(pod), false)).collect();
        crate::sort::sort_by_key(&mut seen, |(address, _)| *address as usize);
        let find = |seen: &[(*const Pod, bool)], pod: &Arc<Pod>| {
            seen.binary_search_by_key(&(Arc::as_ptr(pod) as usize), |(address, _)| *address as usize).ok()
        };
        let mut changed = Vec::new();
        for pod in store.pods.iter() {
            match find(&seen, pod) {
                Some(i) => seen[i].1 = true,
                None => changed.push(pod.clone()),
            }
        }
        // Versions the store no longer holds (deleted or changed pods) leave.
        if seen.iter().any(|(_, held)| !held) {
            for pods in self.owned.values_mut() {
                pods.retain(|Filed(pod, _)| find(&seen, pod).is_some_and(|i| seen[i].1));
            }
        }
        for rs in store.replicasets.iter() {
            self.generations.insert(&rs.metadata.uid, rs.metadata.generation);
            if !self.owned.contains_key(&rs.metadata.uid) {
                // Sized from its last count: no rehashing while filling.
                let size = usize::try_from(rs.status.replicas).unwrap_or(0);
                self.owned
                    .insert(rs.metadata.uid.clone(), FxHashSet::with_capacity_and_hasher(size, Default::default()));
            }
        }
        let templates = templates(store);
        for pod in &changed {
            self.observe(&templates, pod, false);
        }
    }

    /// A ReplicaSet changed: if its spec did (or it is new), its template
    /// labels may have, so its pods are summarised again. Says whether it did.
    fn relabel(&mut self, rs: &ReplicaSet) -> bool {
        // Status updates leave the generation alone.
        if self.generations.insert(&rs.metadata.uid, rs.metadata.generation) == Some(rs.metadata.generation) {
            return false;
        }
        let Some(pods) = self.owned.get_mut(&rs.metadata.uid) else { return true };
        let labels = &rs.spec.template.metadata.labels;
        *pods = pods.drain().map(|Filed(pod, _)| Filed(pod.clone(), Summary::of(&pod, Some(labels)))).collect();
        true
    }

    /// The pods filed under a ReplicaSet, with their summaries, in no particular order.
    fn pods_of(&self, rs_uid: &str) -> impl Iterator<Item = (&Arc<Pod>, Summary)> {
        self.owned.get(rs_uid).into_iter().flatten().map(|Filed(pod, summary)| (pod, *summary))
    }
}

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let delta = cluster.cursors.replicaset.delta(&cluster.store);
    if cluster.store.replicasets.is_empty() {
        cluster.rs_index = Index::default();
        return;
    }
    // The ReplicaSets to sync: changed ones, owners of changed pods, those a
    // changed orphan could join, and those waiting for minReadySeconds.
    // Sorted by uid, searched by halves (a vector: no map code of its own).
    let mut by_uid: Vec<(&str, (&str, &str))> = cluster
        .store
        .replicasets
        .iter()
        .map(|rs| (rs.metadata.uid.as_str(), (rs.metadata.namespace.as_str(), rs.metadata.name.as_str())))
        .collect();
    crate::sort::sort_by_key(&mut by_uid, |(uid, _)| *uid);
    let mut dirty: BTreeSet<String> = BTreeSet::new();
    // Pods whose labels no longer match their ReplicaSet's selector: released (below).
    let mut strays: Vec<(String, String, String)> = Vec::new();
    // Namespaces where an orphan pod appeared or changed, or a ReplicaSet changed: adoption is possible.
    let mut adoption: BTreeSet<String> = BTreeSet::new();
    // Thousands of pod changes mark the same few ReplicaSets: look before allocating.
    let mut mark = |ns: &str, name: &str| {
        if !dirty.iter().any(|k| super::split_key(k) == (ns, name)) {
            dirty.insert(super::object_key(ns, name));
        }
    };
    match delta {
        Delta::Resync => {
            cluster.rs_index.rebuild(&cluster.store);
            cluster.store.replicasets.iter().for_each(|rs| {
                mark(&rs.metadata.namespace, &rs.metadata.name);
                adoption.insert(rs.metadata.namespace.clone());
            });
        }
        Delta::Changed(changes) => {
            let templates = templates(&cluster.store);
            for (change, object) in changes {
                match object {
                    Object::ReplicaSet(rs) => {
                        // A new ReplicaSet, or a new spec (selector, template), may
                        // adopt orphans; its own status updates cannot.
                        if let Some(rs) = cluster.store.get::<ReplicaSet>(&rs.metadata.namespace, &rs.metadata.name)
                            && cluster.rs_index.relabel(rs)
                        {
                            adoption.insert(rs.metadata.namespace.clone());
                        }
                        mark(&rs.metadata.namespace, &rs.metadata.name);
                    }
                    Object::Pod(pod) => {
                        cluster.rs_index.observe(&templates, &pod, change == ChangeType::Deleted);
                        match pod.metadata.controller() {
                            Some(owner) => {
                                let found = by_uid.binary_search_by(|(uid, _)| (*uid).cmp(owner.uid.as_str()));
                                if let Some((_, (ns, name))) = found.ok().map(|i| by_uid[i]) {
                                    mark(ns, name);
                                    let selects = cluster
                                        .store
                                        .get::<ReplicaSet>(ns, name)
                                        .and_then(|rs| rs.spec.selector.as_ref())
                                        .is_none_or(|s| s.matches(&pod.metadata.labels));
                                    if !selects
                                        && change != ChangeType::Deleted
                                        && pod.metadata.deletion_timestamp.is_none()
                                    {
                                        strays.push((
                                            pod.metadata.namespace.clone(),
                                            pod.metadata.name.clone(),
                                            owner.uid.clone(),
                                        ));
                                    }
                                }
                            }
                            None if is_active(&pod) && change != ChangeType::Deleted => {
                                adoption.insert(pod.metadata.namespace.clone());
                                for rs in cluster.store.replicasets.in_namespace(&pod.metadata.namespace) {
                                    if rs.spec.selector.as_ref().is_some_and(|s| s.matches(&pod.metadata.labels)) {
                                        mark(&rs.metadata.namespace, &rs.metadata.name);
                                    }
                                }
                            }
                            None => {}
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // As the ReplicaSet controller's claim does: a pod that no longer matches
    // the selector is released (its owner reference removed) and the
    // ReplicaSet, counting one pod less, makes another.
    for (ns, name, owner) in strays {
        cluster
            .store
            .modify::<Pod>(&ns, &name, |p| Arc::make_mut(&mut p.metadata).owner_references.retain(|o| o.uid != owner));
        if let Some(pod) = cluster.store.get::<Pod>(&ns, &name).cloned() {
            let templates = templates(&cluster.store);
            cluster.rs_index.observe(&templates, &pod, false);
        }
    }
    for rs in cluster.store.replicasets.iter().filter(|rs| rs.spec.min_ready_seconds.unwrap_or(0) > 0) {
        mark(&rs.metadata.namespace, &rs.metadata.name);
    }
    // The ReplicaSets the client's rate left short, while they still exist.
    let short = std::mem::take(&mut cluster.rs_throttle.short);
    for key in &short {
        let (ns, name) = super::split_key(key);
        if cluster.store.get::<ReplicaSet>(ns, name).is_some() {
            mark(ns, name);
        }
    }
    for key in dirty {
        let (ns, name) = super::split_key(&key);
        let (ns, name) = (ns.to_string(), name.to_string());
        let Some(rs) = cluster.store.get::<ReplicaSet>(&ns, &name).cloned() else { continue };
        if rs.metadata.deletion_timestamp.is_some() {
            continue;
        }
        // Hash-map order is arbitrary; `sync` never depends on it.
        let mut adopted = Vec::new();
        if adoption.contains(&ns) {
            adopt_orphans(cluster, &rs, &mut adopted);
        }
        sync(cluster, &rs, adopted);
    }
}

fn adopt_orphans(cluster: &mut Cluster, rs: &ReplicaSet, adopted: &mut Vec<Arc<Pod>>) {
    let Some(selector) = &rs.spec.selector else { return };
    let orphans: Vec<Arc<Pod>> = cluster
        .store
        .pods
        .in_namespace(&rs.metadata.namespace)
        .filter(|p| p.metadata.controller().is_none() && is_active(p) && selector.matches(&p.metadata.labels))
        .cloned()
        .collect();
    for orphan in orphans {
        let reference = owner_reference(rs);
        let (ns, name) = (orphan.metadata.namespace.clone(), orphan.metadata.name.clone());
        cluster.store.modify::<Pod>(&ns, &name, |p| Arc::make_mut(&mut p.metadata).owner_references.push(reference));
        if let Some(p) = cluster.store.get::<Pod>(&ns, &name) {
            adopted.push(p.clone());
        }
    }
}

/// Deletion preference, upstream's `ActivePods` ordering: pods not yet on a
/// node, then pending ones, then not ready, then the most recently ready or
/// created go first.
fn deletion_rank(pod: &Pod) -> (u8, u8, u8, i64, i32) {
    let phase = match pod.status.phase.as_str() {
        "Pending" => 0,
        "Unknown" => 1,
        _ => 2,
    };
    let ready_since = pod.condition("Ready").filter(|c| c.status == "True").and_then(|c| c.last_transition_time);
    let restarts: i32 = pod.status.container_statuses.iter().map(|c| c.restart_count).sum();
    (
        u8::from(!pod.spec.node_name.is_empty()),
        phase,
        u8::from(pod.is_ready()),
        -ready_since.or(pod.metadata.creation_timestamp).map_or(0, |t| t.0),
        -restarts,
    )
}

/// Brings the ReplicaSet's pods to `spec.replicas` and writes its status.
/// `adopted` are orphans it took this round (not in the index yet).
fn sync(cluster: &mut Cluster, rs: &Arc<ReplicaSet>, adopted: Vec<Arc<Pod>>) {
    let now = cluster.now;
    let min_ready = i64::from(rs.spec.min_ready_seconds.unwrap_or(0));
    let template_labels = &rs.spec.template.metadata.labels;
    // Counted from the index's summaries: no pod is read here unless it must be.
    let adopted: Vec<(Arc<Pod>, Summary)> =
        adopted.into_iter().map(|p| (p.clone(), Summary::of(&p, Some(template_labels)))).collect();
    let pods = || cluster.rs_index.pods_of(&rs.metadata.uid).chain(adopted.iter().map(|(p, s)| (p, *s)));
    let mut counts = Counts::default();
    for (pod, summary) in pods() {
        counts.add(pod, summary, min_ready, now);
    }
    let want = rs.spec.replicas.unwrap_or(1).max(0) as usize;
    let ns = rs.metadata.namespace.clone();
    if counts.active < want {
        let mut created = 0usize;
        let missing = (want - counts.active).min(BURST);
        let allowed = cluster.rs_throttle.take(now, missing);
        if allowed < missing {
            cluster.rs_throttle.short.insert(super::object_key(&ns, &rs.metadata.name));
        }
        for _ in 0..allowed {
            let pod = pod_from_template(rs);
            match cluster.create_object(pod, &ns) {
                Ok(new_pod) => {
                    created += 1;
                    let message = format!("Created pod: {}", new_pod.metadata.name);
                    cluster.record_event(
                        reference_to(&**rs, ""),
                        false,
                        "SuccessfulCreate",
                        &message,
                        Source::ReplicaSetController,
                    );
                }
                Err(e) => {
                    let message = format!("Error creating: {}", e.message);
                    cluster.record_event(
                        reference_to(&**rs, ""),
                        true,
                        "FailedCreate",
                        &message,
                        Source::ReplicaSetController,
                    );
                    // A full store will not take more soon: the controller backs off
                    // (it tries again when something changes), instead of every half second.
                    if e.reason == crate::cluster::Reason::Unknown {
                        cluster.rs_throttle.short.remove(&super::object_key(&ns, &rs.metadata.name));
                    }
                    break;
                }
            }
        }
        // New pods carry the template's labels, and are neither ready nor available yet.
        counts.active += created;
        counts.labeled += created;
    } else if counts.active > want {
        let mut victims: Vec<(Arc<Pod>, Summary)> =
            pods().filter(|(_, s)| s.active).map(|(p, s)| (p.clone(), s)).collect();
        // The name breaks ties, so the choice does not depend on map order.
        crate::sort::sort_by(&mut victims, |(a, _), (b, _)| {
            deletion_rank(a).cmp(&deletion_rank(b)).then_with(|| a.metadata.name.cmp(&b.metadata.name))
        });
        for (pod, summary) in victims.into_iter().take((counts.active - want).min(BURST)) {
            let name = pod.metadata.name.clone();
            cluster.delete_pod(&ns, &name, None);
            let message = format!("Deleted pod: {name}");
            cluster.record_event(
                reference_to(&**rs, ""),
                false,
                "SuccessfulDelete",
                &message,
                Source::ReplicaSetController,
            );
            // A pod being deleted no longer counts.
            counts.remove(&pod, summary, min_ready, now);
        }
    }
    let some = |n: usize| if n > 0 { Some(n as i32) } else { None };
    let status = crate::cluster::objects::apps::ReplicaSetStatus {
        replicas: counts.active as i32,
        fully_labeled_replicas: some(counts.labeled),
        ready_replicas: some(counts.ready),
        available_replicas: some(counts.available),
        observed_generation: Some(rs.metadata.generation),
    };
    if rs.status != status {
        cluster.store.modify::<ReplicaSet>(&ns, &rs.metadata.name, |r| r.status = status);
    }
}

/// The active pods of a ReplicaSet, and how many of them are labeled, ready and available.
#[derive(Default)]
struct Counts {
    active: usize,
    labeled: usize,
    ready: usize,
    available: usize,
}

impl Counts {
    fn add(&mut self, pod: &Pod, summary: Summary, min_ready: i64, now: Time) {
        self.step(pod, summary, min_ready, now, 1);
    }
    fn remove(&mut self, pod: &Pod, summary: Summary, min_ready: i64, now: Time) {
        self.step(pod, summary, min_ready, now, usize::MAX);
    }
    /// Adds (`1`) or takes away (`usize::MAX`, wrapping) one pod.
    fn step(&mut self, pod: &Pod, summary: Summary, min_ready: i64, now: Time, by: usize) {
        if !summary.active {
            return;
        }
        let add = |n: &mut usize| *n = n.wrapping_add(by);
        add(&mut self.active);
        if summary.labeled {
            add(&mut self.labeled);
        }
        if summary.ready {
            add(&mut self.ready);
            // Only minReadySeconds needs the pod itself.
            if min_ready == 0 || pod.is_available(min_ready, now) {
                add(&mut self.available);
            }
        }
    }
}

fn pod_from_template(rs: &ReplicaSet) -> Pod {
    let template = &rs.spec.template;
    Pod {
        metadata: Arc::new(ObjectMeta {
            generate_name: format!("{}-", rs.metadata.name),
            namespace: rs.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![owner_reference(rs)].into(),
            ..Default::default()
        }),
        spec: Arc::new(template.spec.clone()),
        status: Default::default(),
    }
}

/// Pods that are ready but not yet available (minReadySeconds) need a
/// recount later; ReplicaSets left short by the client's rate, a sync.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    let now = cluster.now;
    let mut due: Option<Time> = cluster.rs_throttle.next(now);
    for rs in cluster.store.replicasets.iter() {
        let min_ready = i64::from(rs.spec.min_ready_seconds.unwrap_or(0));
        if min_ready == 0 {
            continue;
        }
        for pod in cluster.store.pods.in_namespace(&rs.metadata.namespace) {
            if !pod.metadata.is_controlled_by(&rs.metadata.uid) {
                continue;
            }
            if let Some(since) =
                pod.condition("Ready").filter(|c| c.status == "True").and_then(|c| c.last_transition_time)
            {
                let at = since.plus_millis(min_ready * 1000);
                if at > now {
                    due = Some(due.map_or(at, |d| d.min(at)));
                }
            }
        }
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pod name → its version's address and its summary (active, ready, labeled).
    type Filing = BTreeMap<String, (usize, bool, bool, bool)>;

    /// What the index says of each ReplicaSet: its pods' names, versions and summaries.
    fn contents(index: &Index) -> BTreeMap<String, Filing> {
        index
            .owned
            .iter()
            .filter(|(_, pods)| !pods.is_empty())
            .map(|(uid, pods)| {
                let pods = pods
                    .iter()
                    .map(|Filed(p, s)| {
                        (p.metadata.name.clone(), (Arc::as_ptr(p) as usize, s.active, s.ready, s.labeled))
                    })
                    .collect();
                (uid.clone(), pods)
            })
            .collect()
    }

    /// A warm relist, after changes it did not see, files what a cold one files.
    #[test]
    fn a_warm_relist_equals_a_cold_one() {
        let mut c = Cluster::new(9);
        let rs: serde_json::Value = serde_json::json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web"},
            "spec": {"replicas": 4, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web", "tier": "front"}},
                                  "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}
        });
        c.create(&rs, "default").expect("rs");
        c.advance(10.0);
        // Behind the controllers' back: one pod changes, one disappears, the template changes.
        let names: Vec<String> = c.store.pods.in_namespace("default").map(|p| p.metadata.name.clone()).collect();
        c.store.modify::<Pod>("default", &names[0], |p| {
            crate::cluster::meta::MetaSlot::get_mut(&mut p.metadata).labels.remove("tier");
        });
        c.store.remove::<Pod>("default", &names[1]);
        c.store.modify::<ReplicaSet>("default", "web", |r| {
            r.spec.template.metadata.labels.insert("release".into(), "a".into());
            r.metadata.generation += 1;
        });
        let mut warm = c.rs_index.clone();
        warm.rebuild(&c.store);
        let mut cold = Index::default();
        cold.rebuild(&c.store);
        assert_eq!(contents(&warm), contents(&cold));
        let web = contents(&cold).into_values().flat_map(BTreeMap::into_keys).filter(|n| n.starts_with("web-")).count();
        assert_eq!(web, 3, "the removed pod is gone, the changed one still filed");
    }
}
