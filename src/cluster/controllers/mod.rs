//! The controllers that make the cluster alive. Each is a small reconciler:
//! it reads the store, writes what must change, records Events, and says when
//! it next has work to do (a virtual-clock wake-up).

pub mod deployment;
pub mod endpoints;
pub mod gc;
pub mod kubelet;
pub mod replicaset;
pub mod scheduler;
pub mod services;

use super::Cluster;
use super::time::Time;

/// One round of every controller, in the order a change flows through them.
pub(crate) fn run_all(cluster: &mut Cluster) {
    gc::reconcile(cluster);
    deployment::reconcile(cluster);
    replicaset::reconcile(cluster);
    scheduler::reconcile(cluster);
    kubelet::reconcile(cluster);
    endpoints::reconcile(cluster);
    services::reconcile(cluster);
}

/// The earliest instant any controller wants to run again.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    [
        kubelet::next_wakeup(cluster),
        scheduler::next_wakeup(cluster),
        replicaset::next_wakeup(cluster),
        deployment::next_wakeup(cluster),
    ]
    .into_iter()
    .flatten()
    .min()
}
