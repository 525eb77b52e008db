//! The scheduler: binds pending pods to a Ready node that fits them
//! (resource requests against allocatable, node selector, pod count), or
//! leaves them Pending with a `FailedScheduling` event.

use std::collections::{BTreeMap, BTreeSet};

use super::informer::Delta;
use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::objects::Object;
use crate::cluster::objects::core::Node;
use crate::cluster::objects::pod::{Pod, PodSpec};
use crate::cluster::quantity;
use crate::cluster::store::ChangeType;
use crate::cluster::time::Time;

/// Unschedulable pods are retried when capacity may have changed (a pod or
/// node went away: `epoch` moves) or every five minutes, as upstream.
#[derive(Clone, Debug, Default)]
pub struct State {
    pub(crate) epoch: u64,
    /// The last failed try of each pod, by `namespace/name`: (epoch, when).
    attempts: BTreeMap<String, (u64, Time)>,
    /// Pods last seen without a node, by namespace and name (the scheduling
    /// queue, fed by the change log: a round never scans every pod for them).
    queue: BTreeSet<String>,
    /// The epoch of the last pass over the whole queue, and the earliest
    /// retry due among the pods that failed: until capacity changes, a round
    /// tries only the pods new to the queue and those due (thousands of
    /// unschedulable pods, after a typo in `--replicas`, are not looked up
    /// each time).
    scanned_epoch: u64,
    next_retry: Option<Time>,
}

const RETRY: i64 = 300_000;

/// What a pod asks for: CPU cores and memory bytes.
pub fn requests(spec: &PodSpec) -> (f64, f64) {
    let mut cpu = 0.0;
    let mut memory = 0.0;
    for c in &spec.containers {
        if let Some(res) = &c.resources {
            cpu += res.requests.get("cpu").and_then(quantity::parse_value).unwrap_or(0.0);
            memory += res.requests.get("memory").and_then(quantity::parse_value).unwrap_or(0.0);
        }
    }
    (cpu, memory)
}

fn allocatable(node: &Node, resource: &str) -> f64 {
    node.status.allocatable.get(resource).and_then(|q| quantity::parse(q)).unwrap_or(0.0)
}

/// What the scheduler needs of a node, parsed once per run.
struct NodeFit {
    node: std::sync::Arc<Node>,
    ready: bool,
    unschedulable: bool,
    cpu: f64,
    memory: f64,
    pods: f64,
}

impl NodeFit {
    fn of(node: &std::sync::Arc<Node>) -> NodeFit {
        NodeFit {
            node: node.clone(),
            ready: node.is_ready(),
            unschedulable: node.spec.unschedulable == Some(true),
            cpu: allocatable(node, "cpu"),
            memory: allocatable(node, "memory"),
            pods: allocatable(node, "pods"),
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Usage {
    cpu: f64,
    memory: f64,
    pods: usize,
    /// Requests with upstream's non-zero defaults (0.1 CPU, 200 MiB) for pods
    /// that ask for nothing: what scoring uses, so such pods spread out.
    score_cpu: f64,
    score_memory: f64,
}

impl Usage {
    fn add(&mut self, (cpu, memory): (f64, f64)) {
        let (score_cpu, score_memory) = non_zero(cpu, memory);
        self.cpu += cpu;
        self.memory += memory;
        self.pods += 1;
        self.score_cpu += score_cpu;
        self.score_memory += score_memory;
    }
}

const DEFAULT_CPU: f64 = 0.1;
const DEFAULT_MEMORY: f64 = 200.0 * 1024.0 * 1024.0;

fn non_zero(cpu: f64, memory: f64) -> (f64, f64) {
    (if cpu > 0.0 { cpu } else { DEFAULT_CPU }, if memory > 0.0 { memory } else { DEFAULT_MEMORY })
}

/// Why one node does not fit; the texts are the scheduler's own.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Misfit {
    /// `node(s) had untolerated taint {KEY: VALUE}`
    Taint(String),
    InsufficientCpu,
    InsufficientMemory,
    Selector,
    NotReady,
    TooManyPods,
    Unschedulable,
}

impl Misfit {
    fn text(&self) -> &str {
        match self {
            Misfit::Taint(text) => text,
            Misfit::InsufficientCpu => "Insufficient cpu",
            Misfit::InsufficientMemory => "Insufficient memory",
            Misfit::Selector => "node(s) didn't match Pod's node affinity/selector",
            Misfit::NotReady => "node(s) had untolerated taint {node.kubernetes.io/not-ready: }",
            Misfit::TooManyPods => "Too many pods",
            Misfit::Unschedulable => "node(s) were unschedulable",
        }
    }
    /// Whether evicting lower-priority pods could make room.
    fn preemption_may_help(&self) -> bool {
        matches!(self, Misfit::InsufficientCpu | Misfit::InsufficientMemory | Misfit::TooManyPods)
    }
}

/// A DaemonSet's pods tolerate `node.kubernetes.io/unschedulable`: a
/// cordoned node still runs them.
fn tolerates_unschedulable(pod: &Pod) -> bool {
    pod.spec.extra.get("tolerations").and_then(|t| t.as_array()).is_some_and(|list| {
        list.iter().any(|t| t.get("key").and_then(|k| k.as_str()) == Some("node.kubernetes.io/unschedulable"))
    })
}

fn unscheduled(pod: &Pod) -> bool {
    pod.spec.node_name.is_empty() && !pod.is_terminating() && !pod.is_terminal()
}

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let queue = &mut cluster.scheduler.queue;
    let key = |p: &Pod| super::object_key(&p.metadata.namespace, &p.metadata.name);
    let mut fresh: BTreeSet<String> = BTreeSet::new();
    let mut full = false;
    match cluster.cursors.scheduler.delta(&cluster.store) {
        Delta::Resync => {
            queue.clear();
            queue.extend(cluster.store.pods.iter().filter(|p| unscheduled(p)).map(|p| key(p)));
            full = true;
        }
        Delta::Changed(changes) => {
            for (change, object) in changes {
                let Object::Pod(pod) = object else { continue };
                if change != ChangeType::Deleted && unscheduled(&pod) {
                    queue.insert(key(&pod));
                    fresh.insert(key(&pod));
                } else if !queue.is_empty() {
                    queue.remove(&key(&pod));
                }
            }
        }
    }
    let now = cluster.now;
    let state = &mut cluster.scheduler;
    full |= state.scanned_epoch != state.epoch;
    if full {
        state.scanned_epoch = state.epoch;
    }
    if state.next_retry.is_some_and(|t| t <= now) {
        // The pods due for another try; the next retry among the others.
        let mut next: Option<Time> = None;
        for (key, (_, at)) in &state.attempts {
            let retry = at.plus_millis(RETRY);
            if retry <= now {
                if let Some((ns, name)) = key.split_once('/') {
                    fresh.insert(super::object_key(ns, name));
                }
            } else {
                next = Some(next.map_or(retry, |n| n.min(retry)));
            }
        }
        state.next_retry = next;
    }
    // In namespace then name order, as the store lists them.
    let keys = if full { &state.queue } else { &fresh };
    let pending: Vec<_> = keys
        .iter()
        .filter_map(|k| {
            let (ns, name) = super::split_key(k);
            cluster.store.get::<Pod>(ns, name)
        })
        .filter(|p| unscheduled(p))
        .cloned()
        .collect();
    if pending.is_empty() {
        return;
    }
    let nodes: Vec<NodeFit> = cluster.store.nodes.iter().map(NodeFit::of).collect();
    // What is already placed on each node, in the order of `nodes`.
    let mut usage: Vec<Usage> = vec![Usage::default(); nodes.len()];
    // A few nodes: found by name in order.
    let index = |name: &str| nodes.iter().position(|n| n.node.metadata.name == name);
    for pod in cluster.store.pods.iter().filter(|p| !p.spec.node_name.is_empty() && !p.is_terminal()) {
        if let Some(i) = index(&pod.spec.node_name) {
            usage[i].add(requests(&pod.spec));
        }
    }
    let now = cluster.now;
    for pod in pending {
        let tried = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
        if let Some((epoch, at)) = cluster.scheduler.attempts.get(&tried)
            && *epoch == cluster.scheduler.epoch
            && now.since(*at) < RETRY
        {
            continue;
        }
        // The VolumeBinding plugin: claims missing or not bound yet.
        if pod.spec.volumes.iter().any(|v| v.source.contains_key("persistentVolumeClaim"))
            && let Some(reason) = super::volumes::unready_claims(cluster, &pod)
        {
            let total = nodes.len();
            let message = format!(
                "0/{total} nodes are available: {reason}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling."
            );
            unschedulable(cluster, &pod, tried, &message);
            continue;
        }
        let (cpu, memory) = requests(&pod.spec);
        let (score_cpu, score_memory) = non_zero(cpu, memory);
        let mut best: Option<(f64, usize)> = None;
        let mut misfits: Vec<Misfit> = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            let u = usage[i];
            let taint = || match node.node.spec.taints.is_empty() {
                true => None,
                false => super::placement::taint_misfit(&pod, &node.node),
            };
            let misfit = if node.unschedulable && !tolerates_unschedulable(&pod) {
                Some(Misfit::Unschedulable)
            } else if let Some(text) = taint() {
                Some(Misfit::Taint(text))
            } else if !node.ready && node.node.spec.taints.is_empty() {
                Some(Misfit::NotReady)
            } else if !pod.spec.node_selector.iter().all(|(k, v)| node.node.metadata.labels.get(k) == Some(v))
                || (pod.spec.extra.contains_key("affinity") && !super::placement::affinity_fits(&pod, &node.node))
            {
                Some(Misfit::Selector)
            } else if u.pods as f64 + 1.0 > node.pods {
                Some(Misfit::TooManyPods)
            } else if u.cpu + cpu > node.cpu + 1e-9 {
                Some(Misfit::InsufficientCpu)
            } else if u.memory + memory > node.memory {
                Some(Misfit::InsufficientMemory)
            } else {
                None
            };
            match misfit {
                Some(m) => misfits.push(m),
                None => {
                    // LeastAllocated: prefer the node with the most free share.
                    let free = 1.0 - (u.score_cpu + score_cpu) / node.cpu.max(1e-9) + 1.0
                        - (u.score_memory + score_memory) / node.memory.max(1.0);
                    if best.is_none_or(|(score, _)| free > score + 1e-12) {
                        best = Some((free, i));
                    }
                }
            }
        }
        let (ns, name) = (pod.metadata.namespace.clone(), pod.metadata.name.clone());
        match best {
            Some((_, i)) => {
                let node_name = nodes[i].node.metadata.name.clone();
                usage[i].add((cpu, memory));
                cluster.scheduler.attempts.remove(&tried);
                cluster.store.modify::<Pod>(&ns, &name, |p| {
                    std::sync::Arc::make_mut(&mut p.spec).node_name = node_name.clone();
                    p.set_condition("PodScheduled", true, "", "", now);
                });
                let message = format!("Successfully assigned {ns}/{name} to {node_name}");
                cluster.record_event(reference_to(&*pod, ""), false, "Scheduled", &message, Source::Scheduler);
            }
            None => {
                let message = failure_message(nodes.len(), &misfits);
                unschedulable(cluster, &pod, tried, &message);
            }
        }
    }
}

/// `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match …
/// preemption: 0/3 nodes are available: …`
fn failure_message(total: usize, misfits: &[Misfit]) -> String {
    // Reasons counted, in the scheduler's sorted order.
    fn count<'a>(counts: &mut Vec<(&'a str, usize)>, reason: &'a str) {
        match counts.binary_search_by(|(r, _)| r.cmp(&reason)) {
            Ok(i) => counts[i].1 += 1,
            Err(i) => counts.insert(i, (reason, 1)),
        }
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut preemption: Vec<(&str, usize)> = Vec::new();
    for m in misfits {
        count(&mut counts, m.text());
        let p = if m.preemption_may_help() {
            "No preemption victims found for incoming pod"
        } else {
            "Preemption is not helpful for scheduling"
        };
        count(&mut preemption, p);
    }
    let join = |m: &[(&str, usize)]| m.iter().map(|(t, n)| format!("{n} {t}")).collect::<Vec<_>>().join(", ");
    if total == 0 {
        return "no nodes available to schedule pods".into();
    }
    format!(
        "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
        join(&counts),
        join(&preemption)
    )
}

/// The earliest retry of a pod that failed in this epoch (older ones are
/// tried again at once, on the next round's full pass).
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster.scheduler.next_retry
}

impl State {
    pub(crate) fn forget(&mut self, namespace: &str, name: &str) {
        self.attempts.remove(&format!("{namespace}/{name}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_messages_read_like_the_scheduler() {
        assert_eq!(
            failure_message(1, &[Misfit::InsufficientCpu]),
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
        );
        assert_eq!(
            failure_message(3, &[Misfit::Selector, Misfit::InsufficientMemory, Misfit::Selector]),
            "0/3 nodes are available: 1 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
        );
    }
}

/// A pod that fits nowhere: the attempt remembered (retried after `RETRY`
/// or when capacity changes), `PodScheduled=False` and the FailedScheduling event.
fn unschedulable(cluster: &mut Cluster, pod: &Pod, tried: String, message: &str) {
    let now = cluster.now;
    cluster.scheduler.attempts.insert(tried, (cluster.scheduler.epoch, now));
    let retry = now.plus_millis(RETRY);
    let next = &mut cluster.scheduler.next_retry;
    *next = Some(next.map_or(retry, |n| n.min(retry)));
    cluster.store.modify::<Pod>(&pod.metadata.namespace, &pod.metadata.name, |p| {
        p.set_condition("PodScheduled", false, "Unschedulable", message, now);
    });
    cluster.record_event(reference_to(pod, ""), true, "FailedScheduling", message, Source::Scheduler);
}
