//! The DaemonSet controller (`pkg/controller/daemon`): one pod per node the
//! pod fits (the template's nodeSelector and required node affinity, the
//! node's taints against the template's tolerations plus the ones the
//! controller adds), following nodes added, deleted and tainted; pods
//! `NAME-xxxxx` pinned by a `matchFields` node affinity the scheduler
//! honours, labelled `controller-revision-hash` and `pod-template-generation`;
//! a rolling update that deletes at most `maxUnavailable` old pods at a time
//! and creates their replacements once they are gone; the status counts.
//!
//! kube-proxy is a DaemonSet from the cluster's start: what a healthy
//! DaemonSet costs each round (reading the changes, counting its pods) stays
//! in the page's first part; creating, deleting and updating pods
//! (`create_pods`, `delete_pods`, `roll`) are in its lazy part, never inlined.

use std::sync::Arc;

use serde_json::{Value, json};

use super::informer::Delta;
use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::ObjectMeta;
use crate::cluster::objects::core::Node;
use crate::cluster::objects::daemonset::{DaemonSet, DaemonSetStatus};
use crate::cluster::objects::{Kind, Object, Pod};

pub const REVISION_LABEL: &str = "controller-revision-hash";
pub const GENERATION_LABEL: &str = "pod-template-generation";

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let mut all = false;
    let mut which: Vec<(String, String)> = Vec::new();
    match cluster.cursors.daemonset.delta(&cluster.store) {
        Delta::Resync => all = true,
        Delta::Changed(changes) => {
            for (_, object) in &changes {
                match object {
                    Object::Node(_) => all = true,
                    Object::DaemonSet(ds) => which.push((ds.metadata.namespace.clone(), ds.metadata.name.clone())),
                    Object::Pod(p) => {
                        if let Some(r) = p.metadata.owner_references.iter().find(|r| r.kind == "DaemonSet") {
                            which.push((p.metadata.namespace.clone(), r.name.clone()));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if all {
        which =
            cluster.store.daemonsets.iter().map(|d| (d.metadata.namespace.clone(), d.metadata.name.clone())).collect();
    }
    crate::sort::sort(&mut which);
    which.dedup();
    for (ns, name) in which {
        if let Some(ds) = cluster.store.get::<DaemonSet>(&ns, &name).cloned()
            && ds.metadata.deletion_timestamp.is_none()
        {
            sync(cluster, &ds);
        }
    }
}

/// The revision hash of a DaemonSet's template (its ControllerRevision's).
pub fn revision(ds: &DaemonSet) -> String {
    super::deployment::template_hash(&ds.spec.template, 0)
}

/// `util.IsPodUpdated`: the template generation's label or the hash's.
pub(crate) fn is_updated(pod: &Pod, generation: &str, hash: &str) -> bool {
    let labels = &pod.metadata.labels;
    labels.get(GENERATION_LABEL).is_some_and(|g| g == generation)
        || labels.get(REVISION_LABEL).is_some_and(|h| h == hash)
}

/// The node a daemon pod is for: its node, or the one its affinity names.
fn target(pod: &Pod) -> Option<&str> {
    if !pod.spec.node_name.is_empty() {
        return Some(&pod.spec.node_name);
    }
    pod.spec
        .extra
        .get("affinity")?
        .pointer(
            "/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/values/0",
        )?
        .as_str()
}

/// `NodeShouldRunDaemonPod`: (should run, should continue running).
fn fits(ds: &DaemonSet, node: &Node) -> (bool, bool) {
    let template = &ds.spec.template.spec;
    if !template.node_selector.iter().all(|(k, v)| node.metadata.labels.get(k) == Some(v)) {
        return (false, false);
    }
    if template.extra.contains_key("affinity") || !node.spec.taints.is_empty() {
        return placement_fits(ds, node);
    }
    (true, true)
}

/// The affinity and taint checks (the page's lazy part: only a tainted node
/// or a template with an affinity gets here).
#[inline(never)]
fn placement_fits(ds: &DaemonSet, node: &Node) -> (bool, bool) {
    let pod = Pod {
        metadata: Arc::new(ObjectMeta::default()),
        spec: Arc::new(with_daemon_tolerations(ds.spec.template.spec.clone())),
        status: Default::default(),
    };
    if pod.spec.extra.contains_key("affinity") && !super::placement::affinity_fits(&pod, node) {
        return (false, false);
    }
    let none = Vec::new();
    let tolerations = pod.spec.extra.get("tolerations").and_then(Value::as_array).unwrap_or(&none);
    let untolerated = |effect: &str| {
        node.spec.taints.iter().any(|t| {
            super::placement::text(t, "effect") == effect
                && !tolerations.iter().any(|tol| super::placement::tolerates(tol, t))
        })
    };
    let no_execute = untolerated("NoExecute");
    (!no_execute && !untolerated("NoSchedule"), !no_execute)
}

/// `util.AddOrUpdateDaemonPodTolerations`.
fn with_daemon_tolerations(mut spec: crate::cluster::objects::pod::PodSpec) -> crate::cluster::objects::pod::PodSpec {
    let mut tolerations = spec.extra.get("tolerations").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut wanted = vec![
        ("not-ready", "NoExecute"),
        ("unreachable", "NoExecute"),
        ("disk-pressure", "NoSchedule"),
        ("memory-pressure", "NoSchedule"),
        ("pid-pressure", "NoSchedule"),
        ("unschedulable", "NoSchedule"),
    ];
    if spec.host_network == Some(true) {
        wanted.push(("network-unavailable", "NoSchedule"));
    }
    for (key, effect) in wanted {
        let t = json!({"effect": effect, "key": format!("node.kubernetes.io/{key}"), "operator": "Exists"});
        if !tolerations.contains(&t) {
            tolerations.push(t);
        }
    }
    spec.extra.insert("tolerations".into(), Value::Array(tolerations));
    spec
}

fn healthy(pod: &Pod) -> bool {
    pod.status.phase == "Running" && pod.is_ready() && !pod.is_terminating()
}

/// What one sync found: per node that should run the pod, its pods.
struct Plan {
    /// Nodes that should run a pod and have none (not even a terminating one).
    missing: Vec<String>,
    /// Pods to delete: failed, extra, or on a node that should not run them.
    excess: Vec<String>,
    /// Old pods on nodes that should run them (the rolling update's candidates), unhealthy first.
    old: Vec<(bool, String)>,
    status: DaemonSetStatus,
}

fn plan(cluster: &Cluster, ds: &DaemonSet) -> Plan {
    let generation = ds.template_generation().to_string();
    let hash = revision(ds);
    let uid = &ds.metadata.uid;
    let ns = &ds.metadata.namespace;
    let mut pods: Vec<&Arc<Pod>> = cluster
        .store
        .pods
        .with_prefix(ns, &format!("{}-", ds.metadata.name))
        .filter(|p| p.metadata.is_controlled_by(uid))
        .collect();
    let mut plan =
        Plan { missing: Vec::new(), excess: Vec::new(), old: Vec::new(), status: DaemonSetStatus::default() };
    let st = &mut plan.status;
    for node in cluster.store.nodes.iter() {
        let name = node.metadata.name.as_str();
        let (should_run, keep) = fits(ds, node);
        let (mine, rest): (Vec<&Arc<Pod>>, Vec<&Arc<Pod>>) = pods.iter().partition(|p| target(p) == Some(name));
        pods = rest;
        let live: Vec<&Arc<Pod>> = mine.iter().copied().filter(|p| !p.is_terminating()).collect();
        if should_run {
            st.desired_number_scheduled += 1;
        }
        if !keep || (!should_run && !live.is_empty()) {
            if !live.is_empty() {
                st.number_misscheduled += 1;
            }
            if !keep {
                plan.excess.extend(live.iter().map(|p| p.metadata.name.clone()));
            }
            continue;
        }
        if !should_run {
            continue;
        }
        if mine.is_empty() {
            plan.missing.push(name.to_string());
            continue;
        }
        let failed: Vec<&&Arc<Pod>> = live.iter().filter(|p| p.is_terminal()).collect();
        plan.excess.extend(failed.iter().map(|p| p.metadata.name.clone()));
        let running: Vec<&Arc<Pod>> = live.iter().copied().filter(|p| !p.is_terminal()).collect();
        if running.is_empty() {
            continue;
        }
        st.current_number_scheduled += 1;
        // One pod a node: the oldest stays.
        let mut running = running;
        crate::sort::sort_by_key(&mut running, |p| p.metadata.creation_timestamp);
        plan.excess.extend(running.iter().skip(1).map(|p| p.metadata.name.clone()));
        let pod = running[0];
        let ready = healthy(pod);
        if ready {
            st.number_ready += 1;
            st.number_available += 1;
        }
        if is_updated(pod, &generation, &hash) {
            st.updated_number_scheduled += 1;
        } else {
            plan.old.push((ready, pod.metadata.name.clone()));
        }
    }
    // Pods for nodes that are gone are the pod GC's (healing.rs).
    st.number_unavailable = st.desired_number_scheduled - st.number_available;
    st.observed_generation = Some(ds.metadata.generation);
    crate::sort::sort(&mut plan.old);
    plan
}

/// The status a DaemonSet's pods make (the bootstrap writes kube-proxy's with it).
pub(crate) fn status_of(cluster: &Cluster, ds: &DaemonSet) -> DaemonSetStatus {
    plan(cluster, ds).status
}

fn sync(cluster: &mut Cluster, ds: &Arc<DaemonSet>) {
    let plan = plan(cluster, ds);
    if !plan.missing.is_empty() {
        create_pods(cluster, ds, &plan.missing);
    }
    if !plan.excess.is_empty() {
        delete_pods(cluster, ds, &plan.excess);
    }
    if !plan.old.is_empty() && !ds.on_delete() {
        roll(cluster, ds, &plan);
    }
    // (While the bootstrap runs, before the learner's clock starts, it writes
    // kube-proxy's status itself, quietly.)
    let status = status_of(cluster, ds);
    if status != ds.status && cluster.now >= cluster.ready_at {
        let (ns, name) = (&ds.metadata.namespace, &ds.metadata.name);
        cluster.store.modify::<DaemonSet>(ns, name, |d| d.status = status);
    }
}

/// The rolling update: old pods deleted, at most maxUnavailable nodes without
/// an available pod (unhealthy old pods first, they cost nothing).
#[inline(never)]
fn roll(cluster: &mut Cluster, ds: &DaemonSet, plan: &Plan) {
    let desired = plan.status.desired_number_scheduled;
    let budget = ds.max_unavailable(desired);
    let mut unavailable = desired - plan.status.number_available;
    let mut doomed = Vec::new();
    for (ready, name) in &plan.old {
        if !ready {
            doomed.push(name.clone());
        } else if unavailable < budget {
            unavailable += 1;
            doomed.push(name.clone());
        }
    }
    delete_pods(cluster, ds, &doomed);
}

fn event(cluster: &mut Cluster, ds: &DaemonSet, warning: bool, reason: &str, message: &str) {
    cluster.record_event(reference_to(ds, ""), warning, reason, message, Source::DaemonSetController);
}

/// A daemon pod for `node`: the template, the controller's tolerations, the
/// node affinity that pins it, its revision labels.
pub(crate) fn pod_for(ds: &DaemonSet, node: &str) -> Pod {
    let template = &ds.spec.template;
    let mut metadata = ObjectMeta {
        generate_name: format!("{}-", ds.metadata.name),
        namespace: ds.metadata.namespace.clone(),
        labels: template.metadata.labels.clone(),
        annotations: template.metadata.annotations.clone(),
        owner_references: vec![super::replicaset::owner_reference(ds)].into(),
        ..Default::default()
    };
    metadata.labels.insert(REVISION_LABEL.into(), revision(ds));
    metadata.labels.insert(GENERATION_LABEL.into(), ds.template_generation().to_string());
    let mut spec = with_daemon_tolerations(template.spec.clone());
    // ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become this node's.
    let terms = json!([{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]);
    let mut affinity = spec.extra.get("affinity").cloned().filter(Value::is_object).unwrap_or_else(|| json!({}));
    let node_affinity = affinity
        .as_object_mut()
        .map(|a| a.entry("nodeAffinity").or_insert_with(|| json!({})))
        .filter(|v| v.is_object())
        .and_then(Value::as_object_mut);
    if let Some(na) = node_affinity {
        na.insert("requiredDuringSchedulingIgnoredDuringExecution".into(), json!({ "nodeSelectorTerms": terms }));
    }
    spec.extra.insert("affinity".into(), affinity);
    // The Priority admission plugin's system classes.
    match spec.extra.get("priorityClassName").and_then(Value::as_str) {
        Some("system-node-critical") => spec.priority = Some(2_000_001_000),
        Some("system-cluster-critical") => spec.priority = Some(2_000_000_000),
        _ => {}
    }
    Pod { metadata: Arc::new(metadata), spec: Arc::new(spec), status: Default::default() }
}

#[inline(never)]
fn create_pods(cluster: &mut Cluster, ds: &DaemonSet, nodes: &[String]) {
    let ns = ds.metadata.namespace.clone();
    for node in nodes {
        match cluster.create_object(pod_for(ds, node), &ns) {
            Ok(pod) => {
                let message = format!("Created pod: {}", pod.metadata.name);
                event(cluster, ds, false, "SuccessfulCreate", &message);
            }
            Err(e) => {
                let message = format!("Error creating: {}", e.message);
                event(cluster, ds, true, "FailedCreate", &message);
                break;
            }
        }
    }
}

#[inline(never)]
fn delete_pods(cluster: &mut Cluster, ds: &DaemonSet, names: &[String]) {
    let ns = ds.metadata.namespace.clone();
    for name in names {
        if cluster.delete(Kind::Pod, &ns, name, DeleteOptions::default()).is_ok() {
            event(cluster, ds, false, "SuccessfulDelete", &format!("Deleted pod: {name}"));
        }
    }
}
