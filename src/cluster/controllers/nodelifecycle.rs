//! Nodes that come and go (issue 14): a node's kubelet stopped
//! (`minikube node stop`), kube-controller-manager's node lifecycle
//! controller and its taint eviction controller.
//!
//! - The kubelet renews its Lease every 10 s; stopped, it renews nothing. The
//!   node lifecycle controller looks every 5 s (`--node-monitor-period`) and,
//!   once no renewal came for `--node-monitor-grace-period` (50 s in 1.32),
//!   sets the node's conditions to Unknown (`Kubelet stopped posting node
//!   status.`), records `NodeNotReady` on the node, marks its pods not Ready
//!   (`NodeNotReady` on each) and taints it `node.kubernetes.io/unreachable`
//!   (NoExecute and NoSchedule).
//! - The taint eviction controller deletes the pods on a node with a NoExecute
//!   taint they do not tolerate: at once, or after their `tolerationSeconds`
//!   (300 s for the two tolerations the DefaultTolerationSeconds admission
//!   adds), recording `TaintManagerEviction` (`Marking for deletion Pod
//!   NS/NAME`) and the pod's `DisruptionTarget` condition. With the kubelet
//!   gone nobody confirms the deletion: the pods stay Terminating, while
//!   their ReplicaSets create replacements on the other nodes.
//! - `minikube node start`: the kubelet posts Ready again, the taints go, the
//!   evictions still waiting are cancelled (`Cancelling deletion of Pod`),
//!   the pods left Terminating are finished, the others restart (docker
//!   restarted the node's container).
//!
//! Nothing here runs while every node is up and no NoExecute taint waits
//! (the whole module is in the page's lazy part).

use std::sync::Arc;

use serde_json::{Value, json};

use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::objects::Kind;
use crate::cluster::objects::core::Node;
use crate::cluster::objects::pod::Pod;
use crate::cluster::time::Time;

/// `--node-monitor-grace-period` (kube-controller-manager 1.32's default).
pub const GRACE_MS: i64 = 50_000;
/// `--node-monitor-period`.
const MONITOR_MS: i64 = 5_000;
/// The kubelet's Lease renew interval (a quarter of its 40 s duration).
const RENEW_MS: i64 = 10_000;
pub const UNREACHABLE: &str = "node.kubernetes.io/unreachable";

#[derive(Clone, Debug, Default)]
pub struct State {
    /// Nodes whose kubelet is off.
    down: Vec<Down>,
    /// Pods the taint eviction controller deletes at a time: (namespace\0name, uid, at).
    evictions: Vec<(String, String, Time)>,
    /// A NoExecute taint changed: the eviction pass looks at every tainted node again.
    dirty: bool,
}

#[derive(Clone, Debug)]
struct Down {
    node: String,
    since: Time,
    /// The last Lease renewal.
    heartbeat: Time,
    /// The node lifecycle controller has seen it: NotReady, tainted.
    marked: bool,
}

impl State {
    /// Nothing to do: no node down, no eviction waiting.
    #[inline(always)] // asked on every round: in the page's first part, not the lazy one
    pub(crate) fn idle(&self) -> bool {
        self.down.is_empty() && self.evictions.is_empty() && !self.dirty
    }
    /// Whether `node`'s kubelet is off.
    #[inline(always)] // asked on every round: in the page's first part, not the lazy one
    pub(crate) fn is_down(&self, node: &str) -> bool {
        !self.down.is_empty() && self.down.iter().any(|d| d.node == node)
    }
    /// When `node` stopped, if it is down.
    #[inline(always)] // asked on every round: in the page's first part, not the lazy one
    pub fn down_since(&self, node: &str) -> Option<(Time, Time)> {
        self.down.iter().find(|d| d.node == node).map(|d| (d.since, d.heartbeat))
    }
    /// A NoExecute taint was added or removed by hand (`kubectl taint`).
    #[inline(always)] // asked on every round: in the page's first part, not the lazy one
    pub(crate) fn taints_changed(&mut self) {
        self.dirty = true;
    }
}

/// The first multiple of `period` strictly after `t`.
fn tick_after(t: Time, period: i64) -> Time {
    Time(t.0.div_euclid(period).saturating_add(1).saturating_mul(period))
}

fn not_ready_at(d: &Down) -> Time {
    tick_after(d.heartbeat.plus_millis(GRACE_MS), MONITOR_MS)
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let now = cluster.now;
    let due: Vec<String> =
        cluster.nodelife.down.iter().filter(|d| !d.marked && not_ready_at(d) <= now).map(|d| d.node.clone()).collect();
    for node in due {
        for d in cluster.nodelife.down.iter_mut().filter(|d| d.node == node) {
            d.marked = true;
        }
        mark_not_ready(cluster, &node);
        cluster.nodelife.dirty = true;
    }
    if std::mem::take(&mut cluster.nodelife.dirty) {
        plan_evictions(cluster);
    }
    let (due, later): (Vec<_>, Vec<_>) =
        std::mem::take(&mut cluster.nodelife.evictions).into_iter().partition(|e| e.2 <= now);
    cluster.nodelife.evictions = later;
    for (key, uid, _) in due {
        let (ns, name) = super::split_key(&key);
        let Some(pod) = cluster.store.get::<Pod>(ns, name).cloned() else { continue };
        if pod.metadata.uid != uid || pod.is_terminating() {
            continue;
        }
        evict(cluster, &pod);
    }
}

#[inline(never)]
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    let s = &cluster.nodelife;
    let marks = s.down.iter().filter(|d| !d.marked).map(not_ready_at);
    let evictions = s.evictions.iter().map(|e| e.2);
    let dirty = s.dirty.then_some(cluster.now);
    marks.chain(evictions).chain(dirty).min()
}

/// The node lifecycle controller's pass over a node no longer heard from.
fn mark_not_ready(cluster: &mut Cluster, node: &str) {
    let now = cluster.now;
    let message = "Kubelet stopped posting node status.";
    cluster.store.modify::<Node>("", node, |n| {
        for c in &mut n.status.conditions {
            if c.status != "Unknown" {
                c.last_transition_time = Some(now);
            }
            c.status = "Unknown".into();
            c.reason = "NodeStatusUnknown".into();
            c.message = message.into();
        }
        let taints = &mut n.spec.taints;
        taints.retain(|t| t["key"] != UNREACHABLE && t["key"] != "node.kubernetes.io/not-ready");
        taints.push(json!({"effect": "NoExecute", "key": UNREACHABLE, "timeAdded": now.rfc3339()}));
        taints.push(json!({"effect": "NoSchedule", "key": UNREACHABLE}));
    });
    if let Some(n) = cluster.store.get::<Node>("", node).cloned() {
        let text = format!("Node {node} status is now: NodeNotReady");
        cluster.record_event(reference_to(&*n, ""), false, "NodeNotReady", &text, Source::NodeController);
    }
    // MarkPodsNotReady: every pod on the node, its Ready condition False.
    let pods: Vec<Arc<Pod>> =
        cluster.store.pods.iter().filter(|p| p.spec.node_name == node && !p.is_terminal()).cloned().collect();
    for pod in pods {
        cluster.store.modify::<Pod>(&pod.metadata.namespace, &pod.metadata.name, |p| {
            if let Some(c) = p.status.conditions.iter_mut().find(|c| c.type_ == "Ready") {
                if c.status != "False" {
                    c.status = "False".into();
                    c.last_transition_time = Some(now);
                }
            }
        });
        cluster.record_event(
            reference_to(&*pod, ""),
            true,
            "NodeNotReady",
            "Node is not ready",
            Source::NodeController,
        );
    }
    cluster.scheduler.epoch += 1;
}

use super::placement::{text, tolerates};

/// When a pod on a node with these NoExecute taints must go: `None` when it
/// tolerates them all for ever, else the time (`getMinTolerationTime`).
fn eviction_time(pod: &Pod, taints: &[Value], now: Time) -> Option<Time> {
    let none = Vec::new();
    let tolerations = pod.spec.extra.get("tolerations").and_then(Value::as_array).unwrap_or(&none);
    let mut at: Option<Time> = None;
    for taint in taints.iter().filter(|t| text(t, "effect") == "NoExecute") {
        let added = Time::parse_rfc3339(text(taint, "timeAdded")).unwrap_or(now);
        let matching: Vec<&Value> = tolerations.iter().filter(|t| tolerates(t, taint)).collect();
        if matching.is_empty() {
            return Some(now);
        }
        // The smallest tolerationSeconds among those that set one.
        let seconds = matching.iter().filter_map(|t| t.get("tolerationSeconds").and_then(Value::as_i64)).min();
        if let Some(s) = seconds {
            let t = added.plus_millis(s.max(0).saturating_mul(1000));
            at = Some(at.map_or(t, |a| a.min(t)));
        }
    }
    at
}

/// Every pod on a node with a NoExecute taint, its eviction planned.
fn plan_evictions(cluster: &mut Cluster) {
    let now = cluster.now;
    let mut planned: Vec<(String, String, Time)> = Vec::new();
    let tainted: Vec<Arc<Node>> = cluster
        .store
        .nodes
        .iter()
        .filter(|n| n.spec.taints.iter().any(|t| text(t, "effect") == "NoExecute"))
        .cloned()
        .collect();
    for node in &tainted {
        for pod in cluster.store.pods.iter().filter(|p| p.spec.node_name == node.metadata.name) {
            if pod.is_terminating() || pod.is_terminal() {
                continue;
            }
            if let Some(at) = eviction_time(pod, &node.spec.taints, now) {
                let key = super::object_key(&pod.metadata.namespace, &pod.metadata.name);
                planned.push((key, pod.metadata.uid.clone(), at));
            }
        }
    }
    // Evictions no longer planned (the taint went): cancelled.
    let old = std::mem::take(&mut cluster.nodelife.evictions);
    for (key, uid, _) in &old {
        if !planned.iter().any(|(k, u, _)| k == key && u == uid) {
            let (ns, name) = super::split_key(key);
            if let Some(pod) = cluster.store.get::<Pod>(ns, name).cloned() {
                let message = format!("Cancelling deletion of Pod {ns}/{name}");
                cluster.record_event(
                    reference_to(&*pod, ""),
                    false,
                    "TaintManagerEviction",
                    &message,
                    Source::TaintEviction,
                );
            }
        }
    }
    cluster.nodelife.evictions = planned;
}

fn evict(cluster: &mut Cluster, pod: &Pod) {
    let (ns, name) = (pod.metadata.namespace.clone(), pod.metadata.name.clone());
    let message = format!("Marking for deletion Pod {ns}/{name}");
    cluster.record_event(reference_to(pod, ""), false, "TaintManagerEviction", &message, Source::TaintEviction);
    let now = cluster.now;
    cluster.store.modify::<Pod>(&ns, &name, |p| {
        p.set_condition(
            "DisruptionTarget",
            true,
            "DeletionByTaintManager",
            "Taint manager: deleting due to NoExecute taint",
            now,
        );
    });
    let _ = cluster.delete(Kind::Pod, &ns, &name, DeleteOptions::default());
}

impl Cluster {
    /// A node's taints changed by hand (`kubectl taint`): the taint eviction
    /// controller looks again, unschedulable pods get another try.
    #[inline(never)]
    pub fn taints_changed(&mut self) {
        self.nodelife.taints_changed();
        self.scheduler.epoch += 1;
    }

    /// `minikube node stop NAME`: the node's kubelet and containers stop.
    /// False when there is no such node or it is already down.
    #[inline(never)] // the page's lazy part (scripts/lazy.txt)
    pub fn stop_node(&mut self, name: &str) -> bool {
        if self.store.nodes.get("", name).is_none() || self.nodelife.is_down(name) {
            return false;
        }
        let now = self.now;
        let heartbeat = Time(now.0.div_euclid(RENEW_MS).saturating_mul(RENEW_MS));
        self.nodelife.down.push(Down { node: name.to_string(), since: now, heartbeat, marked: false });
        true
    }

    /// `minikube node start NAME`: the node boots, its kubelet posts Ready
    /// again; the node lifecycle controller lifts the taints.
    #[inline(never)]
    pub fn start_node(&mut self, name: &str) -> bool {
        let Some(i) = self.nodelife.down.iter().position(|d| d.node == name) else { return false };
        let down = self.nodelife.down.remove(i);
        let now = self.now;
        let boot_id = self.rng.uuid();
        self.store.modify::<Node>("", name, |n| {
            n.status.node_info.boot_id = boot_id.clone();
            for c in &mut n.status.conditions {
                let (status, reason, message) = match c.type_.as_str() {
                    "MemoryPressure" => {
                        ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available")
                    }
                    "DiskPressure" => ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    "PIDPressure" => ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    _ => ("True", "KubeletReady", "kubelet is posting ready status"),
                };
                if c.status != status {
                    c.last_transition_time = Some(now);
                }
                c.status = status.into();
                c.reason = reason.into();
                c.message = message.into();
                c.last_heartbeat_time = Some(now);
            }
            n.spec.taints.retain(|t| t["key"] != UNREACHABLE);
        });
        if let Some(n) = self.store.get::<Node>("", name).cloned() {
            let r = || reference_to(&*n, "");
            let host = name.to_string();
            self.record_event_from(r(), false, "Starting", "Starting kubelet.", Source::Kubelet, host.clone());
            self.record_event_from(
                r(),
                false,
                "NodeAllocatableEnforced",
                "Updated Node Allocatable limit across pods",
                Source::Kubelet,
                host.clone(),
            );
            for status in ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"] {
                let text = format!("Node {name} status is now: {status}");
                self.record_event_from(r(), false, status, &text, Source::Kubelet, host.clone());
            }
            let text = format!("Node {name} has been rebooted, boot id: {boot_id}");
            self.record_event_from(r(), true, "Rebooted", &text, Source::Kubelet, host.clone());
            if down.marked {
                let text = format!("Node {name} status is now: NodeReady");
                self.record_event(r(), false, "NodeReady", &text, Source::NodeController);
            }
        }
        super::kubelet::reboot_node(self, name, down.since);
        self.nodelife.dirty = true;
        self.scheduler.epoch += 1;
        self.cursors.kubelet = Default::default();
        self.reconcile();
        true
    }

    /// `minikube node add`: the next worker, `minikube-mNN`, Ready. Its name.
    #[inline(never)]
    pub fn add_worker(&mut self) -> String {
        let mut index = 1;
        while self.store.nodes.get("", &format!("minikube-m{:02}", index + 1)).is_some() {
            index += 1;
        }
        let created = self.now;
        super::super::bootstrap::add_node(self, index);
        let name = format!("minikube-m{:02}", index + 1);
        // A node that joins now: its conditions changed now.
        self.store.modify::<Node>("", &name, |n| {
            for c in &mut n.status.conditions {
                c.last_heartbeat_time = Some(created);
                c.last_transition_time = Some(created);
            }
        });
        if let Some(n) = self.store.get::<Node>("", &name).cloned() {
            let r = || reference_to(&*n, "");
            let host = name.clone();
            self.record_event_from(r(), false, "Starting", "Starting kubelet.", Source::Kubelet, host.clone());
            self.record_event_from(
                r(),
                false,
                "NodeAllocatableEnforced",
                "Updated Node Allocatable limit across pods",
                Source::Kubelet,
                host.clone(),
            );
            for status in ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID", "NodeReady"] {
                let text = format!("Node {name} status is now: {status}");
                self.record_event_from(r(), false, status, &text, Source::Kubelet, host.clone());
            }
            let text = format!("Node {name} event: Registered Node {name} in Controller");
            self.record_event(r(), false, "RegisteredNode", &text, Source::NodeController);
        }
        self.reconcile();
        name
    }

    /// `minikube node delete NAME`: minikube drains the node (its pods
    /// deleted, DaemonSets' ignored), then deletes its Node; the pod GC
    /// removes what was left on it.
    #[inline(never)]
    pub fn remove_node(&mut self, name: &str) -> bool {
        if self.store.nodes.get("", name).is_none() {
            return false;
        }
        self.nodelife.down.retain(|d| d.node != name);
        let _ = self.delete(Kind::Node, "", name, DeleteOptions::default());
        self.scheduler.epoch += 1;
        self.reconcile();
        true
    }
}
