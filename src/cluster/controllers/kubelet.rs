//! The kubelet of every node: sandbox, image pulls (with back-off), container
//! starts, exits and restarts (CrashLoopBackOff), readiness, OOM kills, and
//! graceful termination. Pods go Pending → ContainerCreating → Running over
//! simulated seconds, as on a real node.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::informer::Delta;
use super::probes;
use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::images::{self, Process};
use crate::cluster::objects::Object;
use crate::cluster::objects::core::Node;
use crate::cluster::objects::pod::{Container, ContainerState, ContainerStatus, Pod, PodIp, PodSpec, StateTerminated};
use crate::cluster::quantity;
use crate::cluster::store::ChangeType;
use crate::cluster::time::Time;

/// Seconds from binding to a ready sandbox (the pod gets its IP then).
const SANDBOX_SECONDS: f64 = 1.0;
/// Seconds to create and start a container whose image is present.
const START_SECONDS: f64 = 0.4;
/// How long `ErrImagePull` shows before the back-off starts.
const ERR_IMAGE_PULL_SECONDS: f64 = 2.0;
/// How often a container blocked on a missing ConfigMap or Secret is retried.
const CONFIG_RETRY_SECONDS: f64 = 5.0;
/// Back-off bounds for image pulls and container restarts.
const BACKOFF_START: f64 = 10.0;
const BACKOFF_MAX: f64 = 300.0;

/// Where one container is in its life.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Waiting for the pod sandbox (`ContainerCreating`).
    Sandbox,
    /// Pulling its image until `until`; the pull then succeeds or fails with a message.
    Pulling { until: Time, started: Time, error: Option<String> },
    /// Pull failed: `ErrImagePull` until `until`, then back-off.
    ErrImagePull { until: Time, message: String },
    /// `ImagePullBackOff` until `until`, then a new pull.
    PullBackOff { until: Time, message: String },
    /// `ErrImageNeverPull`: the image is absent and the policy forbids pulling.
    NeverPull { message: String },
    /// Being created; starts at `until`.
    Creating { until: Time },
    /// `CreateContainerConfigError`: a ConfigMap or Secret it needs is missing; retried at `retry`.
    ConfigError { retry: Time, message: String },
    /// Running; the process exits at `exits` (with a code and a reason) if it
    /// ever does, or when `waits_for` (a host, checked at the given time) resolves.
    Running { since: Time, exits: Option<(Time, i32, &'static str)>, waits_for: Option<(String, Time)> },
    /// Exited; restarts at `restart_at` after `delay` seconds of back-off, or
    /// never. The state shows the exit until the back-off is `shown`
    /// (`CrashLoopBackOff`), one sync later.
    Exited { restart_at: Option<Time>, delay: f64, shown: bool },
}

#[derive(Clone, Debug)]
struct ContainerRun {
    name: String,
    restarts: i32,
    /// The next crash back-off, in seconds.
    crash_backoff: f64,
    pull_backoff: f64,
    phase: Phase,
    started_at: Option<Time>,
    ready_at: Option<Time>,
    container_id: String,
    image_id: String,
    last: Option<StateTerminated>,
    current: Option<StateTerminated>,
    /// Readiness probe failing from then on.
    ready_until: Option<Time>,
    /// Probe failures still to report: (when, "Liveness"/"Readiness", message).
    probe_events: Vec<(Time, &'static str, String)>,
    /// When the liveness probe has failed often enough to kill the container.
    liveness_kill_at: Option<Time>,
}

#[derive(Clone, Debug)]
struct PodRun {
    namespace: String,
    name: String,
    node: String,
    sandbox_at: Time,
    sandbox_ready: bool,
    /// Init containers first (`n_init` of them), then the app containers.
    containers: Vec<ContainerRun>,
    n_init: usize,
    /// `kubectl debug`'s ephemeral containers, in the spec's order (never restarted).
    ephemeral: Vec<ContainerRun>,
    /// Set once the pod's deletion has been seen: when its containers stop.
    stopping_until: Option<Time>,
    /// The earliest instant something changes for this pod.
    due: Option<Time>,
}

/// The kubelets' private state: running pods and the images on each node.
/// (`pods` is a hash map for speed; it is never iterated in an order that matters.)
#[derive(Clone, Debug, Default)]
pub struct State {
    pods: FxHashMap<String, PodRun>,
    /// `NODE\0IMAGE` for each image a node has pulled (one set of strings:
    /// no map type of its own in the page).
    node_images: BTreeSet<String>,
}

impl State {
    pub(crate) fn forget(&mut self, uid: &str) {
        self.pods.remove(uid);
    }
    /// Marks an image as present on a node (system images at boot).
    pub(crate) fn add_image(&mut self, node: &str, image: &str) {
        let reference = images::Reference::parse(image);
        self.node_images.insert(format!("{node}\0{}", reference.display()));
    }
}

/// `Guaranteed`, `Burstable` or `BestEffort`, from requests and limits.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    for c in &spec.containers {
        let (limits, requests) =
            c.resources.as_ref().map(|r| (r.limits.clone(), r.requests.clone())).unwrap_or_default();
        any |= !limits.is_empty() || !requests.is_empty();
        for res in ["cpu", "memory"] {
            match (limits.get(res), requests.get(res)) {
                (Some(l), Some(r)) if quantity::parse_value(l) == quantity::parse_value(r) => {}
                (Some(_), None) => {}
                _ => guaranteed = false,
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn memory_limit(c: &Container) -> Option<f64> {
    c.resources.as_ref()?.limits.get("memory").and_then(quantity::parse_value)
}

/// Whether a pod (as last seen) needs the kubelet now: newly bound, or its deletion started.
fn needs_sync(state: &State, pod: &Pod) -> bool {
    if pod.spec.node_name.is_empty() {
        return false;
    }
    match state.pods.get(&pod.metadata.uid) {
        None => !pod.is_terminal() || pod.is_terminating(),
        Some(run) => {
            (pod.is_terminating() && run.stopping_until.is_none())
                || run.ephemeral.len() < pod.spec.ephemeral_containers.len()
        }
    }
}

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let now = cluster.now;
    // Pods newly bound to a node, pods whose deletion started, and pods with a timer due.
    // A sorted, deduplicated vector: the order of syncs is the pods' order.
    let mut work: Vec<(String, String, String)> = Vec::new();
    let key = |p: &Pod| (p.metadata.namespace.clone(), p.metadata.name.clone(), p.metadata.uid.clone());
    match cluster.cursors.kubelet.delta(&cluster.store) {
        Delta::Resync => {
            for pod in cluster.store.pods.iter().filter(|p| needs_sync(&cluster.kubelet, p)) {
                work.push(key(pod));
            }
        }
        Delta::Changed(changes) => {
            for (change, object) in changes {
                if let (ChangeType::Added | ChangeType::Modified, Object::Pod(pod)) = (change, object)
                    && needs_sync(&cluster.kubelet, &pod)
                {
                    work.push(key(&pod));
                }
            }
        }
    }
    let down = &cluster.nodelife;
    for (uid, run) in &cluster.kubelet.pods {
        if run.due.is_some_and(|d| d <= now) && !down.is_down(&run.node) {
            work.push((run.namespace.clone(), run.name.clone(), uid.clone()));
        }
    }
    crate::sort::sort(&mut work);
    work.dedup();
    for (ns, name, uid) in work {
        // A stopped node's kubelet does nothing (`minikube node stop`).
        if cluster.nodelife.is_down(cluster.store.get::<Pod>(&ns, &name).map_or("", |p| p.spec.node_name.as_str())) {
            continue;
        }
        sync_pod(cluster, &uid, &ns, &name);
    }
}

pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    let down = &cluster.nodelife;
    cluster.kubelet.pods.values().filter(|r| !down.is_down(&r.node)).filter_map(|r| r.due).min()
}

fn new_run(cluster: &mut Cluster, pod: &Pod) -> PodRun {
    PodRun {
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        node: pod.spec.node_name.clone(),
        sandbox_at: cluster.now.plus_secs(SANDBOX_SECONDS),
        sandbox_ready: false,
        n_init: pod.spec.init_containers.len(),
        containers: pod.spec.init_containers.iter().chain(&pod.spec.containers).map(|c| fresh(&c.name)).collect(),
        ephemeral: Vec::new(),
        stopping_until: None,
        due: None,
    }
}

/// A container the kubelet has not started yet.
fn fresh(name: &str) -> ContainerRun {
    ContainerRun {
        name: name.to_string(),
        restarts: 0,
        crash_backoff: 0.0,
        pull_backoff: BACKOFF_START,
        phase: Phase::Sandbox,
        started_at: None,
        ready_at: None,
        container_id: String::new(),
        image_id: String::new(),
        last: None,
        current: None,
        ready_until: None,
        probe_events: Vec::new(),
        liveness_kill_at: None,
    }
}

/// `kubectl debug`'s ephemeral containers: the new ones join the run, and
/// each moves forward as an app container of a pod that never restarts them
/// (kuberuntime_manager starts them once the sandbox is up, even before the
/// init containers are done). Only a pod that has one comes here (the
/// page's lazy part, scripts/lazy.txt).
#[inline(never)]
fn step_ephemeral(cluster: &mut Cluster, pod: &Pod, run: &mut PodRun) {
    for c in pod.spec.ephemeral_containers.iter().skip(run.ephemeral.len()) {
        run.ephemeral.push(fresh(&c.name));
    }
    if !run.sandbox_ready {
        return;
    }
    // The pod as the steps read it: the ephemeral containers after the
    // others (so that their index is their run's), restarted never.
    let mut spec = (*pod.spec).clone();
    let base = spec.init_containers.len() + spec.containers.len();
    let mut all = std::mem::take(&mut spec.init_containers);
    all.append(&mut spec.containers);
    all.extend(pod.spec.ephemeral_containers.iter().cloned());
    spec.containers = all;
    spec.restart_policy = "Never".into();
    let view = Pod { metadata: pod.metadata.clone(), spec: Arc::new(spec), status: pod.status.clone() };
    let n_init = std::mem::replace(&mut run.n_init, 0);
    let mut runs = std::mem::take(&mut run.containers);
    let app = runs.len();
    runs.append(&mut run.ephemeral);
    run.containers = runs;
    for (j, c) in pod.spec.ephemeral_containers.iter().enumerate() {
        if base + j < run.containers.len() {
            step_container(cluster, &view, c, run, base + j);
        }
    }
    run.ephemeral = run.containers.split_off(app);
    run.n_init = n_init;
    // Never ready; the prober leaves their `started` unset.
    let mut statuses = statuses_of(cluster.now, pod, &run.ephemeral, &pod.spec.ephemeral_containers);
    for s in &mut statuses {
        s.ready = false;
        s.started = None;
    }
    let (ns, name) = (&pod.metadata.namespace, &pod.metadata.name);
    if cluster.store.get::<Pod>(ns, name).is_some_and(|p| p.status.ephemeral_container_statuses != statuses) {
        cluster.store.modify::<Pod>(ns, name, |p| p.status.ephemeral_container_statuses = statuses.clone());
    }
}

fn sync_pod(cluster: &mut Cluster, uid: &str, ns: &str, name: &str) {
    let Some(pod) = cluster.store.get::<Pod>(ns, name).cloned() else { return };
    let now = cluster.now;
    let mut run = match cluster.kubelet.pods.remove(uid) {
        Some(run) => run,
        None => {
            if pod.is_terminal() {
                return;
            }
            new_run(cluster, &pod)
        }
    };
    // A static pod's mirror: the kubelet deletes it at once and posts a new
    // one (same name, a new uid) while its node is there; the container runs on.
    if pod.is_terminating() && super::healing::is_mirror(&pod) {
        let node_uid = cluster.store.get::<Node>("", &run.node).map(|n| n.metadata.uid.clone());
        cluster.remove_pod(ns, name);
        let Some(node_uid) = node_uid else { return };
        let mut meta = (*pod.metadata).clone();
        meta.uid.clear();
        meta.resource_version.clear();
        meta.creation_timestamp = None;
        meta.deletion_timestamp = None;
        meta.deletion_grace_period_seconds = None;
        for owner in meta.owner_references.iter_mut() {
            owner.uid = node_uid.clone();
        }
        let mirror = Pod { metadata: Arc::new(meta), spec: pod.spec.clone(), status: Default::default() };
        if let Ok(created) = cluster.create_object(mirror, ns) {
            run.stopping_until = None;
            write_status(cluster, &created, &run);
            cluster.kubelet.pods.insert(created.metadata.uid.clone(), run);
        }
        return;
    }
    // Deletion: stop the containers, then remove the pod.
    if pod.is_terminating() {
        if run.stopping_until.is_none() {
            let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30) as f64;
            let mut until = now;
            for (c, spec) in run.containers.iter_mut().zip(pod.spec.init_containers.iter().chain(&pod.spec.containers))
            {
                if matches!(c.phase, Phase::Running { .. }) {
                    cluster_event(
                        cluster,
                        &pod,
                        &spec.name,
                        false,
                        "Killing",
                        &format!("Stopping container {}", spec.name),
                    );
                    let quick = images::resolve(&spec.image).map(|(i, _)| i.stops_on_sigterm).unwrap_or(true);
                    let stop = if quick { now.plus_secs(0.5_f64.min(grace)) } else { now.plus_secs(grace) };
                    until = until.max(stop);
                }
            }
            run.stopping_until = Some(until);
        }
        if run.stopping_until.is_some_and(|t| t <= now) {
            cluster.remove_pod(ns, name);
            return;
        }
        run.due = run.stopping_until;
        for c in &mut run.containers {
            c.ready_at = None;
        }
        write_status(cluster, &pod, &run);
        cluster.kubelet.pods.insert(uid.to_string(), run);
        return;
    }

    if !run.sandbox_ready && run.sandbox_at <= now {
        if let Some(message) = volume_error(cluster, &pod) {
            // The volume cannot be set up: stay in ContainerCreating and retry.
            cluster_event(cluster, &pod, "", true, "FailedMount", &message);
            run.sandbox_at = now.plus_secs(CONFIG_RETRY_SECONDS);
            run.due = Some(run.sandbox_at);
            write_status(cluster, &pod, &run);
            cluster.kubelet.pods.insert(uid.to_string(), run);
            return;
        }
        run.sandbox_ready = true;
        if pod.spec.host_network != Some(true) && pod.status.pod_ip.is_empty() {
            let index = node_index(cluster, &run.node);
            if let Some(ip) = cluster.net.allocate_pod_ip(index) {
                cluster.store.modify::<Pod>(ns, name, |p| {
                    p.status.pod_ip = ip.clone();
                    p.status.pod_ips = vec![PodIp { ip: ip.clone() }];
                });
            }
        }
    }
    let pod = cluster.store.get::<Pod>(ns, name).cloned().unwrap_or(pod);
    if run.sandbox_ready {
        // Init containers run one after the other, each to success; then the app containers start.
        let mut initialized = true;
        for i in 0..run.n_init {
            let Some(spec) = pod.spec.init_containers.get(i) else { continue };
            if init_succeeded(&run.containers[i]) {
                continue;
            }
            step_container(cluster, &pod, spec, &mut run, i);
            initialized = init_succeeded(&run.containers[i]);
            break;
        }
        if initialized {
            for i in run.n_init..run.containers.len() {
                let Some(spec) = pod.spec.containers.get(i - run.n_init) else { continue };
                step_container(cluster, &pod, spec, &mut run, i);
            }
        }
    }
    if !pod.spec.ephemeral_containers.is_empty() {
        step_ephemeral(cluster, &pod, &mut run);
    }
    run.due = next_due(&run, now);
    write_status(cluster, &pod, &run);
    let finished =
        run.containers[run.n_init..].iter().all(|c| matches!(c.phase, Phase::Exited { restart_at: None, .. }))
            || init_failed(&run);
    if !finished || run.due.is_some() {
        cluster.kubelet.pods.insert(uid.to_string(), run);
    }
}

fn node_index(cluster: &Cluster, node: &str) -> u8 {
    cluster.store.nodes.iter().position(|n| n.metadata.name == node).unwrap_or(0) as u8
}

fn cluster_event(cluster: &mut Cluster, pod: &Pod, container: &str, warning: bool, reason: &str, message: &str) {
    let list = if pod.spec.ephemeral_containers.iter().any(|c| c.name == container) { "ephemeralContainers" } else { "containers" };
    let path = if container.is_empty() { String::new() } else { format!("spec.{list}{{{container}}}") };
    let host = pod.spec.node_name.clone();
    cluster.record_event_from(reference_to(pod, &path), warning, reason, message, Source::Kubelet, host);
}

/// Moves one container forward through every step that is due now.
fn step_container(cluster: &mut Cluster, pod: &Pod, spec: &Container, run: &mut PodRun, i: usize) {
    let now = cluster.now;
    // Probe failures that happened by now.
    let due: Vec<(Time, &'static str, String)> = {
        let c = &mut run.containers[i];
        let (due, later) = std::mem::take(&mut c.probe_events).into_iter().partition(|(t, _, _)| *t <= now);
        c.probe_events = later;
        due
    };
    for (_, kind, message) in due {
        cluster_event(cluster, pod, &spec.name, true, "Unhealthy", &format!("{kind} probe failed: {message}"));
    }
    for _ in 0..8 {
        let c = &mut run.containers[i];
        let phase = c.phase.clone();
        match phase {
            Phase::Sandbox => {
                let reference = images::Reference::parse(&spec.image);
                let present = cluster.kubelet.node_images.contains(&format!("{}\0{}", run.node, reference.display()));
                let policy = spec.image_pull_policy.as_str();
                if policy == "Never" && !present {
                    let message =
                        format!("Container image \"{}\" is not present with pull policy of Never", spec.image);
                    cluster_event(cluster, pod, &spec.name, true, "ErrImageNeverPull", &message);
                    run.containers[i].phase = Phase::NeverPull { message };
                } else if policy != "Always" && present {
                    let message = format!("Container image \"{}\" already present on machine", spec.image);
                    cluster_event(cluster, pod, &spec.name, false, "Pulled", &message);
                    run.containers[i].phase = Phase::Creating { until: now.plus_secs(START_SECONDS) };
                } else {
                    start_pull(cluster, pod, spec, run, i, present);
                }
            }
            Phase::Pulling { until, started, error } if until <= now => match error {
                None => {
                    let size = images::resolve(&spec.image).map(|(img, _)| img.size).unwrap_or(0);
                    let took = format_duration(until.since(started));
                    let message = format!(
                        "Successfully pulled image \"{}\" in {took} ({took} including waiting). Image size: {size} bytes.",
                        spec.image
                    );
                    cluster_event(cluster, pod, &spec.name, false, "Pulled", &message);
                    let reference = images::Reference::parse(&spec.image);
                    cluster.kubelet.add_image(&run.node, &reference.display());
                    let c = &mut run.containers[i];
                    c.pull_backoff = BACKOFF_START;
                    c.phase = Phase::Creating { until: now.plus_secs(START_SECONDS) };
                }
                Some(message) => {
                    let failed = format!("Failed to pull image \"{}\": {message}", spec.image);
                    cluster_event(cluster, pod, &spec.name, true, "Failed", &failed);
                    cluster_event(cluster, pod, &spec.name, true, "Failed", "Error: ErrImagePull");
                    run.containers[i].phase =
                        Phase::ErrImagePull { until: now.plus_secs(ERR_IMAGE_PULL_SECONDS), message };
                }
            },
            Phase::ErrImagePull { until, message } if until <= now => {
                let backoff = run.containers[i].pull_backoff;
                cluster_event(
                    cluster,
                    pod,
                    &spec.name,
                    false,
                    "BackOff",
                    &format!("Back-off pulling image \"{}\"", spec.image),
                );
                cluster_event(cluster, pod, &spec.name, true, "Failed", "Error: ImagePullBackOff");
                let c = &mut run.containers[i];
                c.pull_backoff = (backoff * 2.0).min(BACKOFF_MAX);
                c.phase = Phase::PullBackOff { until: until.plus_secs(backoff - ERR_IMAGE_PULL_SECONDS), message };
            }
            Phase::PullBackOff { until, .. } if until <= now => {
                let image = images::Reference::parse(&spec.image).display();
                let present = cluster.kubelet.node_images.contains(&format!("{}\0{image}", run.node));
                // The retry asks again whether the image is there: another
                // pod may have pulled it meanwhile (with its own pull secret,
                // as 1.32 does not check a cached private image's secrets).
                if spec.image_pull_policy != "Always" && present {
                    let message = format!("Container image \"{}\" already present on machine", spec.image);
                    cluster_event(cluster, pod, &spec.name, false, "Pulled", &message);
                    run.containers[i].phase = Phase::Creating { until: now.plus_secs(START_SECONDS) };
                } else {
                    start_pull(cluster, pod, spec, run, i, present);
                }
            }
            Phase::Creating { until } | Phase::ConfigError { retry: until, .. } if until <= now => {
                match config_error(cluster, pod, spec) {
                    None => start_container(cluster, pod, spec, run, i),
                    Some(message) => {
                        let already =
                            matches!(&run.containers[i].phase, Phase::ConfigError { message: m, .. } if *m == message);
                        if !already {
                            cluster_event(cluster, pod, &spec.name, true, "Failed", &format!("Error: {message}"));
                        }
                        run.containers[i].phase =
                            Phase::ConfigError { retry: now.plus_secs(CONFIG_RETRY_SECONDS), message };
                        break;
                    }
                }
            }
            Phase::Running { since, exits: None, waits_for: Some((host, check)) } if check <= now => {
                let host_here = host.replace(images::NAMESPACE_PLACEHOLDER, &pod.metadata.namespace);
                let next = if cluster.resolves(&pod.metadata.namespace, &host_here) {
                    Phase::Running { since, exits: Some((now, 0, "Completed")), waits_for: None }
                } else {
                    Phase::Running { since, exits: None, waits_for: Some((host, now.plus_secs(2.0))) }
                };
                run.containers[i].phase = next;
            }
            Phase::Running { since, exits: Some((at, code, reason)), .. } if at <= now => {
                if run.containers[i].liveness_kill_at == Some(at) {
                    let message = format!("Container {} failed liveness probe, will be restarted", spec.name);
                    cluster_event(cluster, pod, &spec.name, false, "Killing", &message);
                }
                let c = &mut run.containers[i];
                c.probe_events.clear();
                c.liveness_kill_at = None;
                c.ready_until = None;
                // Init containers never restart after success; `Always` means "on failure" for them.
                let restart_policy = match (i < run.n_init, pod.spec.restart_policy.as_str()) {
                    (true, "Always") => "OnFailure",
                    (_, policy) => policy,
                };
                let c = &mut run.containers[i];
                let terminated = StateTerminated {
                    exit_code: code,
                    reason: reason.into(),
                    message: String::new(),
                    started_at: Some(since),
                    finished_at: Some(at),
                    container_id: c.container_id.clone(),
                };
                c.current = Some(terminated);
                c.ready_at = None;
                let restarts = match restart_policy {
                    "Never" => false,
                    "OnFailure" => code != 0,
                    _ => true,
                };
                c.phase = if restarts {
                    // The first restart is immediate; then 10 s, 20 s, 40 s… up to 5 min.
                    let delay = c.crash_backoff;
                    c.crash_backoff = if delay == 0.0 { BACKOFF_START } else { (delay * 2.0).min(BACKOFF_MAX) };
                    Phase::Exited { restart_at: Some(at.plus_secs(delay)), delay, shown: delay == 0.0 }
                } else {
                    Phase::Exited { restart_at: None, delay: 0.0, shown: false }
                };
            }
            Phase::Exited { restart_at: Some(at), delay, shown } => {
                let exited_at = run.containers[i].current.as_ref().and_then(|t| t.finished_at).unwrap_or(now);
                if at <= now {
                    let c = &mut run.containers[i];
                    c.last = c.current.take();
                    c.restarts += 1;
                    start_pull_or_create(cluster, pod, spec, run, i);
                } else if !shown && exited_at.plus_secs(1.0) <= now {
                    let message = format!(
                        "Back-off restarting failed container {} in pod {}_{}({})",
                        spec.name, pod.metadata.name, pod.metadata.namespace, pod.metadata.uid
                    );
                    cluster_event(cluster, pod, &spec.name, true, "BackOff", &message);
                    run.containers[i].phase = Phase::Exited { restart_at: Some(at), delay, shown: true };
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
}

/// An init container that ran to completion (exit code 0).
fn init_succeeded(c: &ContainerRun) -> bool {
    matches!(c.phase, Phase::Exited { restart_at: None, .. }) && c.current.as_ref().is_some_and(|t| t.exit_code == 0)
}

/// An init container that failed for good (restartPolicy Never).
fn init_failed(run: &PodRun) -> bool {
    run.containers[..run.n_init]
        .iter()
        .any(|c| matches!(c.phase, Phase::Exited { restart_at: None, .. }) && !init_succeeded(c))
}

/// After a crash, the kubelet pulls again for `Always`, else reuses the image.
fn start_pull_or_create(cluster: &mut Cluster, pod: &Pod, spec: &Container, run: &mut PodRun, i: usize) {
    if spec.image_pull_policy == "Always" {
        start_pull(cluster, pod, spec, run, i, true);
    } else {
        let message = format!("Container image \"{}\" already present on machine", spec.image);
        cluster_event(cluster, pod, &spec.name, false, "Pulled", &message);
        run.containers[i].phase = Phase::Creating { until: cluster.now.plus_secs(START_SECONDS) };
    }
}

fn start_pull(cluster: &mut Cluster, pod: &Pod, spec: &Container, run: &mut PodRun, i: usize, present: bool) {
    let now = cluster.now;
    // Pull secrets the pod names but its namespace lacks: the kubelet warns, then pulls anyway.
    let missing = missing_pull_secrets(cluster, pod);
    if !missing.is_empty() {
        let message = format!(
            "Unable to retrieve some image pull secrets ({}); attempting to pull the image may not succeed.",
            missing.join(", ")
        );
        cluster_event(cluster, pod, "", true, "FailedToRetrieveImagePullSecret", &message);
    }
    cluster_event(cluster, pod, &spec.name, false, "Pulling", &format!("Pulling image \"{}\"", spec.image));
    // A pull jitters a little; a cached image only checks its digest.
    let jitter = 0.85 + 0.3 * cluster.rng.unit();
    let pulled = images::resolve(&spec.image).and_then(|(image, reference)| match reference.private {
        // Only the private registry asks for a login.
        Some(_) => images::check_login(&reference, &pull_logins(cluster, pod)).map(|()| image),
        None => Ok(image),
    });
    let (seconds, error) = match pulled {
        Ok(image) => (if present { 0.4 + 0.5 * jitter } else { image.pull_seconds * jitter }, None),
        Err(e) => (0.8 + 0.8 * jitter, Some(e.message())),
    };
    run.containers[i].phase = Phase::Pulling { until: now.plus_secs(seconds), started: now, error };
}

/// The logins for the private registry in the pod's `imagePullSecrets`
/// (`kubernetes.io/dockerconfigjson` or the older `dockercfg`): what the
/// kubelet hands the runtime for a pull from that registry (the page's lazy
/// part: only a private image's pull reads them).
#[inline(never)]
fn pull_logins(cluster: &Cluster, pod: &Pod) -> Vec<(String, String)> {
    use crate::cluster::objects::core::Secret;
    let Some(refs) = pod.spec.extra.get("imagePullSecrets").and_then(|v| v.as_array()) else { return Vec::new() };
    let mut logins = Vec::new();
    for name in refs.iter().filter_map(|r| r.get("name").and_then(|n| n.as_str())) {
        let Some(secret) = cluster.store.get::<Secret>(&pod.metadata.namespace, name) else { continue };
        let (key, nested) = match secret.type_.as_str() {
            "kubernetes.io/dockerconfigjson" => (".dockerconfigjson", true),
            "kubernetes.io/dockercfg" => (".dockercfg", false),
            _ => continue,
        };
        let Some(config) = secret
            .data
            .get(key)
            .and_then(|d| crate::cluster::api::base64_decode(d))
            .and_then(|bytes| serde_json::from_str::<serde_json::Value>(&String::from_utf8_lossy(&bytes)).ok())
        else {
            continue;
        };
        let auths = if nested { config.get("auths") } else { Some(&config) };
        let Some(auths) = auths.and_then(serde_json::Value::as_object) else { continue };
        for (server, entry) in auths {
            // `https://registry.example.com/v1/` and `registry.example.com` name the same host.
            let host = server.trim_start_matches("https://").trim_start_matches("http://");
            if host.split('/').next() != Some(images::PRIVATE_REGISTRY) {
                continue;
            }
            let field = |k: &str| entry.get(k).and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
            let (mut user, mut password) = (field("username"), field("password"));
            if let Some(decoded) = entry
                .get("auth")
                .and_then(serde_json::Value::as_str)
                .and_then(crate::cluster::api::base64_decode)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                && let Some((u, p)) = decoded.split_once(':')
            {
                (user, password) = (u.to_string(), p.to_string());
            }
            logins.push((user, password));
        }
    }
    logins
}

/// The names in `imagePullSecrets` with no Secret in the pod's namespace.
fn missing_pull_secrets(cluster: &Cluster, pod: &Pod) -> Vec<String> {
    use crate::cluster::objects::core::Secret;
    let Some(refs) = pod.spec.extra.get("imagePullSecrets").and_then(|v| v.as_array()) else { return Vec::new() };
    refs.iter()
        .filter_map(|r| r.get("name").and_then(|n| n.as_str()))
        .filter(|name| !name.is_empty() && cluster.store.get::<Secret>(&pod.metadata.namespace, name).is_none())
        .map(str::to_string)
        .collect()
}

/// Why a ConfigMap or Secret volume cannot be mounted, as the kubelet says it.
fn volume_error(cluster: &Cluster, pod: &Pod) -> Option<String> {
    use crate::cluster::objects::core::{ConfigMap, Secret};
    let ns = &pod.metadata.namespace;
    for volume in &pod.spec.volumes {
        for (field, name_key, kind) in [("configMap", "name", "configmap"), ("secret", "secretName", "secret")] {
            let Some(source) = volume.source.get(field) else { continue };
            if source.get("optional").and_then(serde_json::Value::as_bool) == Some(true) {
                continue;
            }
            let name = source.get(name_key).and_then(serde_json::Value::as_str).unwrap_or_default();
            let exists = if kind == "configmap" {
                cluster.store.get::<ConfigMap>(ns, name).is_some()
            } else {
                cluster.store.get::<Secret>(ns, name).is_some()
            };
            if !exists {
                return Some(format!(
                    "MountVolume.SetUp failed for volume \"{}\" : {kind} \"{name}\" not found",
                    volume.name
                ));
            }
        }
    }
    None
}

/// The error the kubelet reports when an environment variable refers to a
/// ConfigMap, a Secret or a key that does not exist (and is not optional).
fn config_error(cluster: &Cluster, pod: &Pod, spec: &Container) -> Option<String> {
    use crate::cluster::objects::core::{ConfigMap, Secret};
    let ns = &pod.metadata.namespace;
    let keys = |kind: &str, name: &str| -> Option<Vec<String>> {
        if kind == "ConfigMap" {
            cluster
                .store
                .get::<ConfigMap>(ns, name)
                .map(|c| c.data.keys().chain(c.binary_data.keys()).cloned().collect())
        } else {
            cluster.store.get::<Secret>(ns, name).map(|s| s.data.keys().cloned().collect())
        }
    };
    let check = |kind: &str, reference: &serde_json::Value, key: Option<&str>| -> Option<String> {
        if reference.get("optional").and_then(serde_json::Value::as_bool) == Some(true) {
            return None;
        }
        let name = reference.get("name").and_then(serde_json::Value::as_str).unwrap_or_default();
        let lower = kind.to_ascii_lowercase();
        match keys(kind, name) {
            None => Some(format!("{lower} \"{name}\" not found")),
            Some(present) => match key {
                Some(k) if !present.iter().any(|p| p == k) => {
                    Some(format!("couldn't find key {k} in {kind} {ns}/{name}"))
                }
                _ => None,
            },
        }
    };
    for env in &spec.env {
        let Some(from) = &env.value_from else { continue };
        for (field, kind) in [("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")] {
            if let Some(reference) = from.get(field) {
                let key = reference.get("key").and_then(serde_json::Value::as_str);
                if let Some(e) = check(kind, reference, key) {
                    return Some(e);
                }
            }
        }
    }
    if let Some(serde_json::Value::Array(sources)) = spec.extra.get("envFrom") {
        for source in sources {
            for (field, kind) in [("configMapRef", "ConfigMap"), ("secretRef", "Secret")] {
                if let Some(reference) = source.get(field)
                    && let Some(e) = check(kind, reference, None)
                {
                    return Some(e);
                }
            }
        }
    }
    None
}

/// `stdin: true` on a container whose process is a shell: it reads its
/// terminal and keeps running, as with `kubectl run -it`.
fn interactive_shell(spec: &Container, image: &images::Image) -> bool {
    let stdin = spec.extra.get("stdin").and_then(serde_json::Value::as_bool).unwrap_or(false);
    let program = spec.command.first().or(spec.args.first()).map(|p| p.rsplit('/').next().unwrap_or(p).to_string());
    let shell = match program.as_deref() {
        Some("sh" | "bash" | "ash") => spec.command.len() + spec.args.len() == 1,
        None => image.default_process != Process::Serves,
        _ => false,
    };
    stdin && shell
}

fn start_container(cluster: &mut Cluster, pod: &Pod, spec: &Container, run: &mut PodRun, i: usize) {
    let now = cluster.now;
    cluster_event(cluster, pod, &spec.name, false, "Created", &format!("Created container {}", spec.name));
    cluster_event(cluster, pod, &spec.name, false, "Started", &format!("Started container {}", spec.name));
    let container_id = format!("docker://{}", cluster.rng.hex(64));
    let env = cluster.resolve_env(pod, i).into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    cluster.started_env.insert(container_id.clone(), env);
    let image_ref = images::Reference::parse(&spec.image);
    let mut waits_for = None;
    let exits = match images::resolve(&spec.image) {
        Ok((image, _)) => match images::process_for(image, &spec.command, &spec.args) {
            Process::Serves => None,
            // An interactive shell (`kubectl run -it … -- sh`) waits on its terminal.
            Process::Exits { .. } if interactive_shell(spec, image) => None,
            Process::WaitsFor { host } => {
                waits_for = Some((host, now));
                None
            }
            Process::Exits { after, code } => {
                Some((now.plus_secs(after.max(0.05)), code, if code == 0 { "Completed" } else { "Error" }))
            }
            Process::Allocates { bytes } => match memory_limit(spec) {
                Some(limit) if bytes > limit => Some((now.plus_secs(1.0), 137, "OOMKilled")),
                _ => None,
            },
        },
        Err(_) => None,
    };
    // Probes: readiness decides when the container is ready (and until when);
    // a failing liveness probe kills it after `failureThreshold` failures.
    let mut ready_at = Some(now);
    let mut ready_until = None;
    let mut probe_events = Vec::new();
    let mut liveness_kill_at = None;
    if let Some(probe) = &spec.readiness_probe {
        let (first, _) = probes::schedule(probe, now);
        ready_at = Some(first.max(now.plus_secs(0.5)));
        if let Some(failure) = probes::failure(pod, spec, probe, now) {
            let runs = probes::failing_runs(probe, now, failure.from);
            if failure.from <= first {
                ready_at = None;
            }
            ready_until = runs.last().copied();
            probe_events.extend(runs.into_iter().map(|t| (t, "Readiness", failure.message.clone())));
        }
    }
    let mut exits = exits;
    if let Some(probe) = &spec.liveness_probe
        && let Some(failure) = probes::failure(pod, spec, probe, now)
    {
        let runs = probes::failing_runs(probe, now, failure.from);
        if let Some(&kill) = runs.last()
            && exits.is_none_or(|(at, _, _)| kill < at)
        {
            exits = Some((kill, 137, "Error"));
            liveness_kill_at = Some(kill);
            probe_events.extend(runs.into_iter().map(|t| (t, "Liveness", failure.message.clone())));
        }
    }
    let image_id = format!("docker-pullable://{}@sha256:{}", image_ref.registry_name(), cluster.rng.hex(64));
    let c = &mut run.containers[i];
    if c.image_id.is_empty() {
        c.image_id = image_id;
    }
    c.container_id = container_id;
    c.started_at = Some(now);
    c.ready_at = ready_at;
    c.ready_until = ready_until;
    c.probe_events = probe_events;
    c.liveness_kill_at = liveness_kill_at;
    c.phase = Phase::Running { since: now, exits, waits_for };
}

/// The main process of a pod's container ends now with `code` (the shell
/// of `kubectl run -it` left with `exit`): the kubelet sees it at its next step.
pub(crate) fn end_process(cluster: &mut Cluster, uid: &str, container: &str, code: i32) {
    let now = cluster.now;
    let Some(run) = cluster.kubelet.pods.get_mut(uid) else { return };
    let n_init = run.n_init;
    if let Some(c) = run.containers.iter_mut().skip(n_init).chain(&mut run.ephemeral).find(|c| c.name == container)
        && let Phase::Running { exits, .. } = &mut c.phase
    {
        *exits = Some((now.plus_millis(1), code, if code == 0 { "Completed" } else { "Error" }));
        run.due = next_due(run, now);
    }
}

const SANDBOX_CHANGED: &str = "Pod sandbox changed, it will be killed and re-created.";

/// The node booted again after `minikube stop` (off since `stopped_at`):
/// every container died with it, as docker reports it (exit 255, `Error`).
/// Each pod gets a new sandbox (and a new IP) and its containers start again,
/// one restart more each; pods being deleted just finish.
pub(crate) fn reboot(cluster: &mut Cluster, stopped_at: Time) {
    // The kubelet registers its node again if it was deleted.
    let nodes: BTreeSet<String> =
        cluster.kubelet.node_images.iter().filter_map(|k| k.split_once('\0')).map(|(n, _)| n.to_string()).collect();
    for node in &nodes {
        super::healing::register_again(cluster, node);
    }
    restart_pods(cluster, stopped_at, None);
}

/// One node booted again after `minikube node stop`: its pods as after a reboot.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn reboot_node(cluster: &mut Cluster, node: &str, stopped_at: Time) {
    restart_pods(cluster, stopped_at, Some(node));
}

fn restart_pods(cluster: &mut Cluster, stopped_at: Time, only: Option<&str>) {
    // Sorted: the hash map's order must not decide the order of events and IPs.
    let mut uids: Vec<String> =
        cluster.kubelet.pods.iter().filter(|(_, r)| only.is_none_or(|n| r.node == n)).map(|(k, _)| k.clone()).collect();
    crate::sort::sort(&mut uids);
    for uid in uids {
        let Some(mut run) = cluster.kubelet.pods.remove(&uid) else { continue };
        let pod = cluster.store.get::<Pod>(&run.namespace, &run.name).cloned();
        if let Some(pod) = pod.filter(|p| run.stopping_until.is_none() && !p.is_terminating()) {
            restart_after_boot(&mut run, stopped_at, cluster.now);
            new_sandbox(cluster, &pod);
            cluster_event(cluster, &pod, "", false, "SandboxChanged", SANDBOX_CHANGED);
            let pod = cluster.store.get::<Pod>(&run.namespace, &run.name).cloned().unwrap_or(pod);
            write_status(cluster, &pod, &run);
        }
        cluster.kubelet.pods.insert(uid, run);
    }
}

/// One pod's containers after a reboot: those that ran (or waited to run
/// again) count one restart more; every one goes back to the sandbox step.
fn restart_after_boot(run: &mut PodRun, stopped_at: Time, now: Time) {
    let n_init = run.n_init;
    for (i, c) in run.containers.iter_mut().enumerate() {
        match c.phase {
            Phase::Running { since, .. } => {
                c.last = Some(StateTerminated {
                    exit_code: 255,
                    reason: "Error".into(),
                    message: String::new(),
                    started_at: Some(since),
                    finished_at: Some(stopped_at),
                    container_id: c.container_id.clone(),
                });
                c.current = None;
                c.restarts += 1;
            }
            // An app container that ended for good stays ended; init containers run again.
            Phase::Exited { restart_at: None, .. } if i >= n_init => continue,
            Phase::Exited { .. } => {
                c.last = c.current.take().or(c.last.take());
                c.restarts += 1;
            }
            _ => {}
        }
        c.phase = Phase::Sandbox;
        c.crash_backoff = 0.0;
        c.pull_backoff = BACKOFF_START;
        c.ready_at = None;
        c.ready_until = None;
        c.probe_events.clear();
        c.liveness_kill_at = None;
    }
    run.sandbox_ready = false;
    run.sandbox_at = now.plus_secs(SANDBOX_SECONDS);
    run.due = next_due(run, now);
}

/// The old sandbox's IP goes back to the pool; the new one gets the next.
fn new_sandbox(cluster: &mut Cluster, pod: &Pod) {
    if pod.spec.host_network == Some(true) || pod.status.pod_ip.is_empty() {
        return;
    }
    cluster.net.release_pod_ip(&pod.status.pod_ip);
    cluster.store.modify::<Pod>(&pod.metadata.namespace, &pod.metadata.name, |p| {
        p.status.pod_ip.clear();
        p.status.pod_ips.clear();
    });
}

fn next_due(run: &PodRun, now: Time) -> Option<Time> {
    let mut due: Option<Time> = None;
    // The kubelet works in 100 ms steps: timers round up to the next step,
    // so that thousands of pods share a few instants.
    let mut consider = |t: Time| {
        if t > now {
            let t = Time(t.0 + (100 - t.0.rem_euclid(100)) % 100);
            due = Some(due.map_or(t, |d| d.min(t)));
        }
    };
    if !run.sandbox_ready {
        consider(run.sandbox_at);
    }
    for c in run.containers.iter().chain(&run.ephemeral) {
        match &c.phase {
            Phase::Pulling { until, .. }
            | Phase::ErrImagePull { until, .. }
            | Phase::PullBackOff { until, .. }
            | Phase::Creating { until }
            | Phase::ConfigError { retry: until, .. } => consider(*until),
            Phase::Running { exits: Some((at, _, _)), .. } => consider(*at),
            Phase::Running { waits_for: Some((_, check)), .. } => consider(*check),
            Phase::Exited { restart_at: Some(at), shown, .. } => {
                consider(*at);
                if !shown && let Some(exited) = c.current.as_ref().and_then(|t| t.finished_at) {
                    consider(exited.plus_secs(1.0));
                }
            }
            _ => {}
        }
        if let Some(ready) = c.ready_at {
            consider(ready);
        }
        if let Some(until) = c.ready_until {
            consider(until);
        }
        for (t, _, _) in &c.probe_events {
            consider(*t);
        }
    }
    due
}

/// The statuses of `runs` (of the containers `specs`), as the kubelet reports them now.
fn statuses_of(now: Time, pod: &Pod, runs: &[ContainerRun], specs: &[Container]) -> Vec<ContainerStatus> {
    let mut statuses = Vec::new();
    for (c, spec) in runs.iter().zip(specs) {
        let running = matches!(c.phase, Phase::Running { .. });
        let ready = running
            && c.ready_at.is_some_and(|t| t <= now)
            && c.ready_until.is_none_or(|t| now < t)
            && !pod.is_terminating();
        let state = match &c.phase {
            Phase::Sandbox | Phase::Pulling { .. } | Phase::Creating { .. } => {
                ContainerState::waiting("ContainerCreating", "")
            }
            Phase::ErrImagePull { message, .. } => ContainerState::waiting("ErrImagePull", message),
            Phase::PullBackOff { .. } => {
                ContainerState::waiting("ImagePullBackOff", &format!("Back-off pulling image \"{}\"", spec.image))
            }
            Phase::NeverPull { message } => ContainerState::waiting("ErrImageNeverPull", message),
            Phase::ConfigError { message, .. } => ContainerState::waiting("CreateContainerConfigError", message),
            Phase::Running { since, .. } => ContainerState::running(*since),
            Phase::Exited { restart_at: Some(_), delay, shown: true } => ContainerState::waiting(
                "CrashLoopBackOff",
                &format!(
                    "back-off {} restarting failed container={} pod={}_{}({})",
                    format_backoff((delay * 1000.0) as i64),
                    spec.name,
                    pod.metadata.name,
                    pod.metadata.namespace,
                    pod.metadata.uid
                ),
            ),
            Phase::Exited { .. } => ContainerState { terminated: c.current.clone(), ..Default::default() },
        };
        let waiting_after_crash = matches!(c.phase, Phase::Exited { restart_at: Some(_), shown: true, .. });
        let last_state = ContainerState {
            terminated: if waiting_after_crash && state.terminated.is_none() {
                c.current.clone()
            } else {
                c.last.clone()
            },
            ..Default::default()
        };
        statuses.push(ContainerStatus {
            name: c.name.clone(),
            state,
            last_state,
            ready,
            restart_count: c.restarts,
            image: if images::names_tag_or_digest(&spec.image) {
                spec.image.clone()
            } else {
                format!("{}:latest", spec.image)
            },
            image_id: c.image_id.clone(),
            container_id: c.container_id.clone(),
            started: Some(running),
        });
    }
    statuses
}

/// Writes the pod status that follows from the containers' phases (the
/// ephemeral containers' are `step_ephemeral`'s).
fn write_status(cluster: &mut Cluster, pod: &Pod, run: &PodRun) {
    let now = cluster.now;
    let host_ip = cluster.store.nodes.get("", &run.node).map(|n| n.internal_ip().to_string()).unwrap_or_default();
    let init_statuses = statuses_of(now, pod, &run.containers[..run.n_init], &pod.spec.init_containers);
    let statuses = statuses_of(now, pod, &run.containers[run.n_init..], &pod.spec.containers);

    let app = &run.containers[run.n_init..];
    let initialized = run.containers[..run.n_init].iter().all(init_succeeded);
    let all_ready = !statuses.is_empty() && statuses.iter().all(|s| s.ready);
    let any_running = app.iter().any(|c| matches!(c.phase, Phase::Running { .. }));
    let all_done = (initialized && app.iter().all(|c| matches!(c.phase, Phase::Exited { restart_at: None, .. })))
        || init_failed(run);
    let phase = if all_done {
        if !init_failed(run) && app.iter().all(|c| c.current.as_ref().is_some_and(|t| t.exit_code == 0)) {
            "Succeeded"
        } else {
            "Failed"
        }
    } else if !initialized {
        "Pending"
    } else if any_running || app.iter().any(|c| c.restarts > 0 || c.current.is_some()) {
        "Running"
    } else {
        "Pending"
    };
    let incomplete: Vec<&str> =
        run.containers[..run.n_init].iter().filter(|c| !init_succeeded(c)).map(|c| c.name.as_str()).collect();
    let not_ready: Vec<String> = statuses.iter().filter(|s| !s.ready).map(|s| s.name.clone()).collect();
    let message = format!("containers with unready status: [{}]", not_ready.join(" "));
    let sandbox_ready = run.sandbox_ready && !all_done;
    // Build the new status first: most syncs change nothing visible, and
    // then the pod is not copied at all.
    let Some(current) = cluster.store.get::<Pod>(&run.namespace, &run.name).cloned() else { return };
    let mut st = current.status.without_containers();
    if st.phase != phase {
        st.phase = phase.into();
    }
    if st.host_ip != host_ip {
        st.host_ip = host_ip.clone();
        st.host_ips = vec![PodIp { ip: host_ip.clone() }];
    }
    if pod.spec.host_network == Some(true) && st.pod_ip.is_empty() {
        st.pod_ip = host_ip.clone();
        st.pod_ips = vec![PodIp { ip: host_ip.clone() }];
    }
    st.start_time.get_or_insert(now);
    st.set_condition("PodReadyToStartContainers", sandbox_ready, "", "", now);
    if initialized {
        st.set_condition("Initialized", true, "", "", now);
    } else {
        let message = format!("containers with incomplete status: [{}]", incomplete.join(" "));
        st.set_condition("Initialized", false, "ContainersNotInitialized", &message, now);
    }
    if all_ready {
        st.set_condition("Ready", true, "", "", now);
        st.set_condition("ContainersReady", true, "", "", now);
    } else {
        let reason = if all_done { "PodCompleted" } else { "ContainersNotReady" };
        let msg = if all_done { "" } else { message.as_str() };
        st.set_condition("Ready", false, reason, msg, now);
        st.set_condition("ContainersReady", false, reason, msg, now);
    }
    if all_done {
        st.set_condition("Initialized", true, "PodCompleted", "", now);
    }
    st.container_statuses = statuses;
    st.init_container_statuses = init_statuses;
    if st != current.status {
        // Metadata and spec are shared with the stored version, not copied.
        cluster.store.put(Pod { metadata: current.metadata.clone(), spec: current.spec.clone(), status: st });
    }
}

/// Go's `time.Duration` string for back-offs: `10s`, `20s`, `1m20s`, `5m0s`.
fn format_backoff(ms: i64) -> String {
    let secs = (ms + 500) / 1000;
    if secs >= 60 { format!("{}m{}s", secs / 60, secs % 60) } else { format!("{secs}s") }
}

/// Go's `time.Duration` string for pull times: `1.234s`, `812ms`.
fn format_duration(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else {
        let text = format!("{}.{:03}", ms / 1000, ms % 1000);
        format!("{}s", text.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        assert_eq!(format_duration(1234), "1.234s");
        assert_eq!(format_duration(2000), "2s");
        assert_eq!(format_duration(812), "812ms");
        assert_eq!(format_backoff(10_000), "10s");
        assert_eq!(format_backoff(80_000), "1m20s");
        assert_eq!(format_backoff(300_000), "5m0s");
    }
}
