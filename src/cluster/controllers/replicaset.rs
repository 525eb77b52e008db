//! The ReplicaSet controller: keeps `spec.replicas` pods matching the
//! selector, adopts matching orphans, names pods `<rs>-<5 chars>`, and reports
//! replicas, ready and available counts.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::informer::Delta;
use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::{ObjectMeta, OwnerReference};
use crate::cluster::objects::apps::ReplicaSet;
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::{Object, Resource};
use crate::cluster::store::ChangeType;
use crate::cluster::time::Time;

/// At most this many pods are created or deleted per sync, as upstream.
const BURST: usize = 500;

/// The pods each controller owns, by the controller's uid.
pub(crate) fn pods_by_owner(cluster: &Cluster) -> BTreeMap<String, Vec<Arc<Pod>>> {
    let mut owned: BTreeMap<String, Vec<Arc<Pod>>> = BTreeMap::new();
    for pod in cluster.store.pods.iter() {
        if let Some(owner) = pod.metadata.controller() {
            owned.entry(owner.uid.clone()).or_default().push(pod.clone());
        }
    }
    owned
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
/// (an informer's index): a sync never scans the whole namespace.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// ReplicaSet uid → pod name → pod (as last seen).
    owned: HashMap<String, HashMap<String, Arc<Pod>>>,
    /// Pod uid → the ReplicaSet uid it is indexed under.
    owner_of: HashMap<String, String>,
}

impl Index {
    fn forget(&mut self, pod: &Pod) {
        if let Some(owner) = self.owner_of.remove(&pod.metadata.uid)
            && let Some(pods) = self.owned.get_mut(&owner)
        {
            pods.remove(&pod.metadata.name);
        }
    }

    fn observe(&mut self, pod: &Arc<Pod>, deleted: bool) {
        // The common case, a pod's status changing under the same owner:
        // replace it in place, without re-keying (no allocation).
        if !deleted
            && let Some(owner) = pod.metadata.controller()
            && self.owner_of.get(&pod.metadata.uid) == Some(&owner.uid)
            && let Some(slot) = self.owned.get_mut(&owner.uid).and_then(|m| m.get_mut(&pod.metadata.name))
        {
            *slot = pod.clone();
            return;
        }
        self.forget(pod);
        if deleted {
            return;
        }
        if let Some(owner) = pod.metadata.controller().filter(|o| o.kind == "ReplicaSet") {
            self.owned.entry(owner.uid.clone()).or_default().insert(pod.metadata.name.clone(), pod.clone());
            self.owner_of.insert(pod.metadata.uid.clone(), owner.uid.clone());
        }
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
    let by_uid: BTreeMap<&str, (&str, &str)> = cluster
        .store
        .replicasets
        .iter()
        .map(|rs| (rs.metadata.uid.as_str(), (rs.metadata.namespace.as_str(), rs.metadata.name.as_str())))
        .collect();
    let mut dirty: BTreeSet<(String, String)> = BTreeSet::new();
    // Namespaces where an orphan pod appeared or changed, or a ReplicaSet changed: adoption is possible.
    let mut adoption: BTreeSet<String> = BTreeSet::new();
    // Thousands of pod changes mark the same few ReplicaSets: look before allocating.
    let mut mark = |ns: &str, name: &str| {
        if !dirty.iter().any(|(n, m)| n == ns && m == name) {
            dirty.insert((ns.to_string(), name.to_string()));
        }
    };
    match delta {
        Delta::Resync => {
            let mut index = Index::default();
            for pod in cluster.store.pods.iter() {
                index.observe(pod, false);
            }
            cluster.rs_index = index;
            cluster.store.replicasets.iter().for_each(|rs| {
                mark(&rs.metadata.namespace, &rs.metadata.name);
                adoption.insert(rs.metadata.namespace.clone());
            });
        }
        Delta::Changed(changes) => {
            for (change, object) in changes {
                match object {
                    Object::ReplicaSet(rs) => {
                        mark(&rs.metadata.namespace, &rs.metadata.name);
                        adoption.insert(rs.metadata.namespace.clone());
                    }
                    Object::Pod(pod) => {
                        cluster.rs_index.observe(&pod, change == ChangeType::Deleted);
                        match pod.metadata.controller() {
                            Some(owner) => {
                                if let Some((ns, name)) = by_uid.get(owner.uid.as_str()) {
                                    mark(ns, name);
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
    for rs in cluster.store.replicasets.iter().filter(|rs| rs.spec.min_ready_seconds.unwrap_or(0) > 0) {
        mark(&rs.metadata.namespace, &rs.metadata.name);
    }
    for (ns, name) in dirty {
        let Some(rs) = cluster.store.get::<ReplicaSet>(&ns, &name).cloned() else { continue };
        if rs.metadata.deletion_timestamp.is_some() {
            continue;
        }
        // Hash-map order is arbitrary; `sync` never depends on it.
        let mut pods: Vec<Arc<Pod>> =
            cluster.rs_index.owned.get(&rs.metadata.uid).map(|m| m.values().cloned().collect()).unwrap_or_default();
        if adoption.contains(&ns) {
            adopt_orphans(cluster, &rs, &mut pods);
        }
        sync(cluster, &rs, pods);
    }
}

fn adopt_orphans(cluster: &mut Cluster, rs: &ReplicaSet, pods: &mut Vec<Arc<Pod>>) {
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
        cluster.store.modify::<Pod>(&ns, &name, |p| p.metadata.owner_references.push(reference));
        if let Some(p) = cluster.store.get::<Pod>(&ns, &name) {
            pods.push(p.clone());
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

fn sync(cluster: &mut Cluster, rs: &Arc<ReplicaSet>, pods: Vec<Arc<Pod>>) {
    let now = cluster.now;
    let active: Vec<&Arc<Pod>> = pods.iter().filter(|p| is_active(p)).collect();
    let want = rs.spec.replicas.unwrap_or(1).max(0) as usize;
    let ns = rs.metadata.namespace.clone();
    // Pods created now (not ready yet) and pods deleted now (no longer active).
    let mut created = 0usize;
    let mut deleted: HashSet<String> = HashSet::new();
    if active.len() < want {
        for _ in 0..(want - active.len()).min(BURST) {
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
                    break;
                }
            }
        }
    } else if active.len() > want {
        let mut victims = active.clone();
        // The name breaks ties, so the choice does not depend on map order.
        victims.sort_by(|a, b| {
            deletion_rank(a).cmp(&deletion_rank(b)).then_with(|| a.metadata.name.cmp(&b.metadata.name))
        });
        for pod in victims.into_iter().take((active.len() - want).min(BURST)) {
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
            deleted.insert(name);
        }
    }
    // Status, from the pods as they are now.
    let still: Vec<&&Arc<Pod>> = active.iter().filter(|p| !deleted.contains(&p.metadata.name)).collect();
    let min_ready = i64::from(rs.spec.min_ready_seconds.unwrap_or(0));
    let template_labels = &rs.spec.template.metadata.labels;
    let replicas = (still.len() + created) as i32;
    let fully_labeled =
        still.iter().filter(|p| template_labels.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))).count()
            + created;
    let ready = still.iter().filter(|p| p.is_ready()).count() as i32;
    let available = still.iter().filter(|p| p.is_available(min_ready, now)).count() as i32;
    let some = |n: i32| if n > 0 { Some(n) } else { None };
    let generation = rs.metadata.generation;
    let status = crate::cluster::objects::apps::ReplicaSetStatus {
        replicas,
        fully_labeled_replicas: some(fully_labeled as i32),
        ready_replicas: some(ready),
        available_replicas: some(available),
        observed_generation: Some(generation),
    };
    if rs.status != status {
        cluster.store.modify::<ReplicaSet>(&ns, &rs.metadata.name, |r| r.status = status);
    }
}

fn pod_from_template(rs: &ReplicaSet) -> Pod {
    let template = &rs.spec.template;
    Pod {
        metadata: ObjectMeta {
            generate_name: format!("{}-", rs.metadata.name),
            namespace: rs.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![owner_reference(rs)],
            ..Default::default()
        },
        spec: Arc::new(template.spec.clone()),
        status: Default::default(),
    }
}

/// Pods that are ready but not yet available (minReadySeconds) need a recount later.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    let now = cluster.now;
    let mut due: Option<Time> = None;
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
