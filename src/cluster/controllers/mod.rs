//! The controllers that make the cluster alive. Each is a small reconciler:
//! it reads the store, writes what must change, records Events, and says when
//! it next has work to do (a virtual-clock wake-up).

pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod endpoints;
pub mod endpointslice;
pub mod gc;
pub mod healing;
pub mod hpa;
pub mod informer;
pub mod ingress;
pub mod job;
pub mod kubelet;
pub mod nodelifecycle;
pub mod placement;
pub mod probes;
pub mod replicaset;
pub mod scheduler;
pub mod services;
pub mod statefulset;
pub mod volumes;

use super::Cluster;
use super::time::Time;

/// Where each controller is in the change log.
#[derive(Clone, Debug, Default)]
pub struct Cursors {
    pub(crate) gc: informer::Cursor,
    pub(crate) deployment: informer::Cursor,
    pub(crate) replicaset: informer::Cursor,
    pub(crate) scheduler: informer::Cursor,
    pub(crate) kubelet: informer::Cursor,
    pub(crate) endpoints: informer::Cursor,
    pub(crate) services: informer::Cursor,
    pub(crate) healing: informer::Cursor,
    pub(crate) cronjob: informer::Cursor,
    pub(crate) job: informer::Cursor,
    pub(crate) volumes: informer::Cursor,
    pub(crate) statefulset: informer::Cursor,
    pub(crate) daemonset: informer::Cursor,
    pub(crate) endpointslice: informer::Cursor,
}

/// One round of every controller, in the order a change flows through them.
/// A controller whose inputs (store and clock) did not move is skipped.
pub(crate) fn run_all(cluster: &mut Cluster) {
    macro_rules! run {
        ($cursor:ident, $module:ident) => {
            if cluster.cursors.$cursor.should_run(&cluster.store, cluster.now) {
                let started_at = cluster.store.resource_version();
                $module::reconcile(cluster);
                cluster.cursors.$cursor.finish(started_at, cluster.now);
            }
        };
    }
    run!(gc, gc);
    // The HPA controller (the page's lazy part): only while the store holds
    // an HPA; each syncs on its own 15 s period.
    if !cluster.store.hpas.is_empty() {
        hpa::reconcile(cluster);
    }
    run!(deployment, deployment);
    run!(replicaset, replicaset);
    // Jobs and CronJobs: their controllers (the page's lazy part) are not
    // even called while the store holds none.
    if !cluster.store.cronjobs.is_empty() {
        run!(cronjob, cronjob);
    }
    if !cluster.store.jobs.is_empty() {
        run!(job, job);
    }
    // The ingress-nginx controller (the page's lazy part): only while the
    // store holds an Ingress.
    if !cluster.store.ingresses.is_empty() {
        ingress::reconcile(cluster);
    }
    // StatefulSets: their controller (the page's lazy part) is not called
    // while the store holds none.
    if !cluster.store.statefulsets.is_empty() {
        run!(statefulset, statefulset);
    }
    // DaemonSets (kube-proxy from the start): a healthy one only counts its
    // pods; creating, deleting and rolling them is the page's lazy part.
    if !cluster.store.daemonsets.is_empty() {
        run!(daemonset, daemonset);
    }
    // Claims and volumes: their controller (the page's lazy part) is not
    // called while the store holds none.
    if !cluster.store.persistent_volume_claims.is_empty() || !cluster.store.persistent_volumes.is_empty() {
        run!(volumes, volumes);
    }
    // Nodes down and NoExecute taints (the page's lazy part): only while
    // there is one.
    if !cluster.nodelife.idle() {
        nodelifecycle::reconcile(cluster);
    }
    run!(scheduler, scheduler);
    run!(kubelet, kubelet);
    run!(endpoints, endpoints);
    // EndpointSlices (the page's lazy part): made the first time something
    // reads them, then kept while the store holds one.
    if !cluster.store.endpoint_slices.is_empty() {
        run!(endpointslice, endpointslice);
    }
    run!(services, services);
    run!(healing, healing);
}

/// The earliest instant any controller wants to run again.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    [
        kubelet::next_wakeup(cluster),
        scheduler::next_wakeup(cluster),
        replicaset::next_wakeup(cluster),
        deployment::next_wakeup(cluster),
        healing::next_wakeup(cluster),
        if cluster.nodelife.idle() { None } else { nodelifecycle::next_wakeup(cluster) },
        if cluster.store.jobs.is_empty() { None } else { job::next_wakeup(cluster) },
        if cluster.store.cronjobs.is_empty() { None } else { cronjob::next_wakeup(cluster) },
        if cluster.store.ingresses.is_empty() { None } else { ingress::next_wakeup(cluster) },
        if cluster.store.hpas.is_empty() { None } else { hpa::next_wakeup(cluster) },
        if cluster.store.persistent_volume_claims.is_empty() { None } else { volumes::next_wakeup(cluster) },
    ]
    .into_iter()
    .flatten()
    .min()
}

/// A namespaced object's name as one string, `NAMESPACE\0NAME`, for the sets
/// the controllers keep: the `\0` sorts before any name character, so the
/// order is (namespace, name)'s, and the sets share `BTreeSet<String>`'s code
/// instead of one copy for pairs of strings.
pub(crate) fn object_key(namespace: &str, name: &str) -> String {
    format!("{namespace}\0{name}")
}

/// The namespace and name of an [`object_key`].
pub(crate) fn split_key(key: &str) -> (&str, &str) {
    key.split_once('\0').unwrap_or(("", key))
}
