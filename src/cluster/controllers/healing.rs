//! What a real cluster puts back by itself after a learner deletes it:
//!
//! - the API server's bootstrap controller recreates the `kubernetes` service
//!   (same ClusterIP 10.96.0.1, a new uid) and its endpoints, on its ten-second loop;
//! - the kubelet posts a static pod's mirror pod again when its node is there
//!   (the deletion of a mirror pod itself is in `kubelet.rs`);
//! - the garbage collector deletes mirror pods whose Node owner is gone, and
//!   the pod GC controller (kube-controller-manager's `podgc`) force-deletes
//!   pods bound to a deleted node: it checks every 20 s and waits 40 s of
//!   quarantine first (`gcCheckPeriod`, `quarantineTime` in `pkg/controller/podgc`).
//!
//! A deleted Node is not registered again while the kubelet runs (kubelet 1.32
//! registers once at start: kubernetes/kubernetes#71398); `minikube start`
//! restarts the kubelet, which registers it again (`kubelet::reboot`).

use super::informer::Delta;
use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::bootstrap;
use crate::cluster::objects::core::Node;
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::service::{Endpoints, Service};
use crate::cluster::objects::{Kind, Object};
use crate::cluster::store::ChangeType;
use crate::cluster::time::Time;

/// The control plane's static pods, on the first node.
pub(crate) const STATIC_PODS: [&str; 4] = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"];

/// When each pending repair is due.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The bootstrap controller's next pass while `kubernetes` is missing.
    kubernetes_at: Option<Time>,
    /// Deleted nodes (by name) whose pods the pod GC deletes at the given time.
    orphans_at: Vec<(String, Time)>,
}

/// The first multiple of `period` ms after `t`.
fn tick(t: Time, period: i64) -> Time {
    Time(t.0.div_euclid(period).saturating_add(1).saturating_mul(period))
}

/// Whether a pod is a static pod's mirror (posted by the kubelet from a file).
pub(crate) fn is_mirror(pod: &Pod) -> bool {
    pod.metadata.annotations.get("kubernetes.io/config.source").is_some_and(|s| s == "file")
}

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let now = cluster.now;
    let (mut services, mut nodes, mut pods) = (false, false, false);
    match cluster.cursors.healing.delta(&cluster.store) {
        Delta::Resync => (services, nodes, pods) = (true, true, true),
        Delta::Changed(changes) => {
            for (change, object) in &changes {
                match (change, object) {
                    (ChangeType::Deleted, Object::Service(_) | Object::Endpoints(_)) => services = true,
                    (_, Object::Node(_)) => nodes = true,
                    (ChangeType::Deleted, Object::Pod(p)) if p.metadata.namespace == "kube-system" => pods = true,
                    _ => {}
                }
            }
        }
    }
    // The `kubernetes` service and its endpoints, on the bootstrap controller's loop.
    let missing = |c: &Cluster| {
        c.store.get::<Service>("default", "kubernetes").is_none()
            || c.store.get::<Endpoints>("default", "kubernetes").is_none()
    };
    if services && cluster.healing.kubernetes_at.is_none() && missing(cluster) {
        cluster.healing.kubernetes_at = Some(tick(now, 10_000));
    }
    if cluster.healing.kubernetes_at.is_some_and(|t| t <= now) {
        cluster.healing.kubernetes_at = None;
        if cluster.store.get::<Service>("default", "kubernetes").is_none() {
            bootstrap::kubernetes_service(cluster);
        }
        if cluster.store.get::<Endpoints>("default", "kubernetes").is_none() {
            bootstrap::kubernetes_endpoints(cluster);
        }
    }
    if nodes {
        // Pods bound to a node that is gone: mirror pods go with their owner at
        // once; the others after the pod GC's quarantine.
        let live: Vec<(String, String)> =
            cluster.store.nodes.iter().map(|n| (n.metadata.name.clone(), n.metadata.uid.clone())).collect();
        let mut mirrors = Vec::new();
        for p in cluster.store.pods.iter().filter(|p| !p.spec.node_name.is_empty() && !p.is_terminating()) {
            let owner_gone = p
                .metadata
                .owner_references
                .iter()
                .any(|r| r.kind == "Node" && !live.iter().any(|(_, uid)| *uid == r.uid));
            if owner_gone {
                mirrors.push((p.metadata.namespace.clone(), p.metadata.name.clone()));
            } else if !live.iter().any(|(n, _)| *n == p.spec.node_name)
                && !cluster.healing.orphans_at.iter().any(|(n, _)| *n == p.spec.node_name)
            {
                let at = Time(tick(now, 20_000).0.saturating_add(40_000));
                cluster.healing.orphans_at.push((p.spec.node_name.clone(), at));
            }
        }
        for (ns, name) in mirrors {
            let _ = cluster.delete(Kind::Pod, &ns, &name, DeleteOptions::default());
        }
    }
    let due: Vec<String> =
        cluster.healing.orphans_at.iter().filter(|(_, t)| *t <= now).map(|(n, _)| n.clone()).collect();
    if !due.is_empty() {
        cluster.healing.orphans_at.retain(|(_, t)| *t > now);
        let gone: Vec<(String, String)> = cluster
            .store
            .pods
            .iter()
            .filter(|p| due.contains(&p.spec.node_name) && cluster.store.nodes.get("", &p.spec.node_name).is_none())
            .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone()))
            .collect();
        for (ns, name) in gone {
            let force = DeleteOptions { grace_period_seconds: Some(0), ..Default::default() };
            let _ = cluster.delete(Kind::Pod, &ns, &name, force);
        }
    }
    if nodes || pods {
        // The first node's mirror pods (each node's kube-proxy is its
        // DaemonSet's, in daemonset.rs).
        if cluster.store.nodes.iter().next().is_some_and(|n| n.metadata.name == "minikube") {
            for component in STATIC_PODS {
                if cluster.store.get::<Pod>("kube-system", &format!("{component}-minikube")).is_none() {
                    bootstrap::static_pod(cluster, component, "minikube");
                }
            }
        }
    }
}

pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    let s = &cluster.healing;
    s.orphans_at.iter().map(|(_, t)| *t).chain(s.kubernetes_at).min()
}

/// A node named as minikube names them, back at its index (`minikube`, `minikube-m02`…).
pub(crate) fn register_again(cluster: &mut Cluster, name: &str) {
    if cluster.store.get::<Node>("", name).is_some() {
        return;
    }
    let index = match name.strip_prefix("minikube-m") {
        Some(n) => n.parse::<usize>().ok().and_then(|n| n.checked_sub(1)),
        None => (name == "minikube").then_some(0),
    };
    if let Some(index) = index {
        bootstrap::add_node(cluster, index);
    }
}
