//! The cluster picture's view model: what the cluster pane draws, computed
//! here in plain Rust so it is tested natively (the Leptos SVG only lays it
//! out).
//!
//! - nodes as boxes holding their pods as chips, each chip coloured (and
//!   shaped) by the STATUS `kubectl get pods` shows; unscheduled pods apart;
//! - services with their entry and a line to each endpoint pod, ready or not
//!   (read from the Endpoints object, as kube-proxy does);
//! - Deployments → ReplicaSets → pods, with each ReplicaSet's revision and
//!   whether it is of the current template (during a rollout, old and new);
//! - counts per status, over the picture and per node, for crowded nodes.
//!
//! Everything is sorted (nodes and pods by name, namespace first when all are
//! shown), so the same cluster always gives the same picture. One pass over
//! the pods, with maps for every join: 1,000 pods take about 1.5 ms natively
//! (`cargo run --profile perf --example picture_bench`).

use std::sync::Arc;


use crate::cluster::Cluster;
use crate::cluster::controllers::deployment::{HASH_LABEL, REVISION, equal_ignoring_hash, revision_of};
use crate::cluster::meta::{Labels, Shared};
use crate::cluster::objects::apps::{Deployment, ReplicaSet};
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::service::Service;
use crate::cluster::objects::{Node, Resource};
use crate::cluster::store::{Store, Table};
use crate::cluster::time::Time;

use super::pod_row::pod_state;
use super::rows::{node_row, service_row};

/// Above this many pods a node box is `crowded`: the drawing shows its
/// counts per status rather than one chip per pod (a chip stays legible up
/// to about this many in a box; 300 chips would be noise).
pub const CROWDED: usize = 40;

/// The STATUS column grouped into what a learner must tell apart at a
/// glance: each has its colour (`slug` as a CSS class) and its own glyph, so
/// the picture does not rely on colour alone. In the order legends list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// `Pending`: waiting for a node, or for the kubelet to start it.
    Pending,
    /// `ContainerCreating`, `PodInitializing`, `Init:0/1`: pulling and starting.
    Creating,
    /// `Running` (ready or not: the chip's `ready` says which), `NotReady`.
    Running,
    /// `Terminating`: deleted, in its grace period.
    Terminating,
    /// `ErrImagePull`, `ImagePullBackOff`, `ErrImageNeverPull`, `InvalidImageName`.
    PullError,
    /// `CreateContainerConfigError` (a missing ConfigMap or Secret), `CreateContainerError`.
    ConfigError,
    /// `CrashLoopBackOff`, `RunContainerError`: started, stopped, restarted again.
    Crash,
    /// `Completed`: every container exited 0 and will not restart.
    Completed,
    /// `Error`, `OOMKilled`, `ExitCode:N`, `Evicted`…: exited and stays down.
    Failed,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Pending,
        Status::Creating,
        Status::Running,
        Status::Terminating,
        Status::PullError,
        Status::ConfigError,
        Status::Crash,
        Status::Completed,
        Status::Failed,
    ];

    /// The group of a STATUS cell. An init container's status (`Init:…`)
    /// falls in the group of the same status without the prefix; anything
    /// unknown is still waiting to run.
    pub fn of(status: &str) -> Status {
        let (init, reason) = match status.strip_prefix("Init:") {
            Some(rest) => (true, rest),
            None => (false, status),
        };
        match reason {
            "Running" | "NotReady" => Status::Running,
            "Terminating" => Status::Terminating,
            "ContainerCreating" | "PodInitializing" => Status::Creating,
            "ErrImagePull" | "ImagePullBackOff" | "ErrImageNeverPull" | "InvalidImageName" | "RegistryUnavailable" => {
                Status::PullError
            }
            "CreateContainerConfigError" | "CreateContainerError" => Status::ConfigError,
            "CrashLoopBackOff" | "RunContainerError" | "PostStartHookError" => Status::Crash,
            "Completed" | "Succeeded" => Status::Completed,
            "Error"
            | "OOMKilled"
            | "Failed"
            | "Evicted"
            | "ContainerStatusUnknown"
            | "DeadlineExceeded"
            | "StartError"
            | "ContainerCannotRun" => Status::Failed,
            _ if reason.starts_with("ExitCode:") || reason.starts_with("Signal:") => Status::Failed,
            // `Init:1/2`: init containers still running in turn.
            _ if init => Status::Creating,
            _ => Status::Pending,
        }
    }

    /// A stable ASCII name, for CSS classes (`pod-crash`) and tests.
    pub fn slug(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Creating => "creating",
            Status::Running => "running",
            Status::Terminating => "terminating",
            Status::PullError => "pull-error",
            Status::ConfigError => "config-error",
            Status::Crash => "crash",
            Status::Completed => "completed",
            Status::Failed => "failed",
        }
    }

    /// The legend's words, in French like the rest of the page.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pending => "En attente",
            Status::Creating => "Démarrage",
            Status::Running => "En marche",
            Status::Terminating => "Arrêt en cours",
            Status::PullError => "Image introuvable",
            Status::ConfigError => "Configuration manquante",
            Status::Crash => "Redémarre en boucle",
            Status::Completed => "Terminé",
            Status::Failed => "En échec",
        }
    }

    /// A shape besides the colour (colour-blind learners, printed pages):
    /// characters of the common Geometric Shapes and Arrows blocks.
    pub fn glyph(self) -> &'static str {
        match self {
            Status::Pending => "○",
            Status::Creating => "◔",
            Status::Running => "●",
            Status::Terminating => "◌",
            Status::PullError => "↓",
            Status::ConfigError => "⚙",
            Status::Crash => "↻",
            Status::Completed => "✓",
            Status::Failed => "✗",
        }
    }
}

/// One pod, as a chip in its node's box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodChip {
    pub name: String,
    pub namespace: String,
    /// The name without its ReplicaSet's template hash, which says nothing
    /// to a learner and makes every chip of a deployment look alike:
    /// `web-7d4b9c8f5-abcde` → `web-…abcde` (the ellipsis keeps it from being
    /// mistaken for a real name). Other names are kept whole.
    pub short_name: String,
    /// Exactly what `kubectl get pods` shows in STATUS.
    pub status: String,
    pub kind: Status,
    /// READY: (ready containers, containers).
    pub ready: (usize, usize),
    /// RESTARTS' count (without kubectl's `(2m ago)`).
    pub restarts: i32,
    /// The first container's image tag: `latest` when the image names none.
    pub image_tag: String,
    pub ip: Option<String>,
    pub node: Option<String>,
    /// Shared with the pod (no copy).
    pub labels: Shared<Labels>,
    /// The controller owner: (kind, name), e.g. `("ReplicaSet", "web-7d4b9c8f5")`.
    pub owner: Option<(String, String)>,
    /// The owner ReplicaSet's `deployment.kubernetes.io/revision`.
    pub revision: Option<String>,
    /// Deleted, in its grace period (kubectl shows `Terminating`).
    pub deleting: bool,
}

impl PodChip {
    /// Every container ready (what a service's endpoints count).
    pub fn is_ready(&self) -> bool {
        self.ready.1 > 0 && self.ready.0 == self.ready.1
    }
}

/// A node and the pods it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeBox {
    pub name: String,
    /// As `kubectl get nodes` shows it: `Ready`, `NotReady`, `Ready,SchedulingDisabled`;
    /// `Unknown` for a node name pods still carry but the cluster no longer has.
    pub status: String,
    pub ready: bool,
    /// `control-plane`, or `<none>`.
    pub roles: String,
    pub ip: String,
    /// By namespace, then name.
    pub pods: Vec<PodChip>,
    /// The pods per status, in [`Status`] order, statuses present only.
    pub counts: Vec<(Status, usize)>,
    /// More than [`CROWDED`] pods: draw `counts` rather than chips.
    pub crowded: bool,
}

/// A pod (or an address without one) a service sends traffic to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Endpoint {
    /// The pod the address points to (`targetRef`); `None` for an address
    /// set by hand or the API server's (service `kubernetes`).
    pub pod: Option<String>,
    pub ip: String,
    /// In `addresses` (a solid line); `notReadyAddresses` is dashed.
    pub ready: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceBox {
    pub name: String,
    pub namespace: String,
    pub type_: String,
    /// How traffic gets in: `10.96.0.10:53` (ClusterIP and first port),
    /// `NodePort 31000`, `LoadBalancer <pending>` or `LoadBalancer 10.105.3.4:80`
    /// once `minikube tunnel` gives it an IP, `None:6379` when headless,
    /// `ExternalName db.example.com`.
    pub entry: String,
    /// PORT(S) as `kubectl get svc` shows it: `80:31000/TCP`.
    pub ports: String,
    /// By pod name (addresses without a pod last, by IP); each once.
    pub endpoints: Vec<Endpoint>,
}

/// A ReplicaSet and the pods it owns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsGroup {
    pub name: String,
    pub namespace: String,
    /// `deployment.kubernetes.io/revision`, when a Deployment made it.
    pub revision: Option<String>,
    /// The first container's image: what changes from one revision to the next.
    pub image: String,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    /// The names of the pods it controls, sorted.
    pub pods: Vec<String>,
    /// Not of the Deployment's current template: being scaled down, or history.
    pub old: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentGroup {
    pub name: String,
    pub namespace: String,
    /// `spec.replicas`, and the READY of `kubectl get deploy`.
    pub desired: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    /// The Deployment's current revision.
    pub revision: Option<String>,
    /// Newest revision first.
    pub replicasets: Vec<RsGroup>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picture {
    /// Every node, by name (nodes belong to no namespace: a filter keeps them all).
    pub nodes: Vec<NodeBox>,
    /// Pods not yet scheduled on a node.
    pub pending: Vec<PodChip>,
    pub services: Vec<ServiceBox>,
    pub deployments: Vec<DeploymentGroup>,
    /// ReplicaSets no Deployment owns (created directly, as lesson 5 does).
    pub replicasets: Vec<RsGroup>,
    /// Every pod of the picture per status, in [`Status`] order, present only.
    pub counts: Vec<(Status, usize)>,
}

impl Picture {
    /// Every chip: the nodes' pods, then the unscheduled ones.
    pub fn chips(&self) -> impl Iterator<Item = &PodChip> {
        self.nodes.iter().flat_map(|n| n.pods.iter()).chain(self.pending.iter())
    }

    /// The chip of a pod. A linear search, for tests and a single lookup:
    /// a drawing that places every endpoint line keys its own chip positions.
    pub fn pod(&self, namespace: &str, name: &str) -> Option<&PodChip> {
        self.chips().find(|c| c.name == name && c.namespace == namespace)
    }
}

/// What the picture depends on, cheap to read: the store's resourceVersion
/// (bumped by every change to any object) and the clock in whole seconds.
/// The UI recomputes the picture only when the stamp changes. Today the
/// picture reads only the store; the clock is in the stamp so that a
/// time-derived field (an age, a back-off countdown) can be added without
/// changing the UI's cache key. At 1× that is one recompute a second, well
/// under a millisecond at 300 pods.
pub fn stamp(cluster: &Cluster) -> (u64, i64) {
    (cluster.store().resource_version(), cluster.now().secs())
}

/// The namespaces the filter offers, by name.
pub fn namespaces(cluster: &Cluster) -> Vec<String> {
    cluster.store().namespaces.iter().map(|n| n.metadata.name.clone()).collect()
}

/// The picture of one namespace (`Some`), or of all of them (`None`).
pub fn picture(cluster: &Cluster, namespace: Option<&str>) -> Picture {
    let store = cluster.store();
    let now = cluster.now();

    let (mut deployments, mut replicasets) = groups(store, namespace);
    // Where each ReplicaSet's pod names go: (namespace, name) → its group,
    // sorted and searched by halves.
    let owned = deployments.iter_mut().flat_map(|d| d.replicasets.iter_mut()).chain(replicasets.iter_mut());
    let mut rs_slots: Vec<((String, String), &mut Vec<String>)> =
        owned.map(|rs| ((rs.namespace.clone(), rs.name.clone()), &mut rs.pods)).collect();
    crate::sort::sort_by(&mut rs_slots, |a, b| a.0.cmp(&b.0));

    // A cluster has a few nodes: found by name in order.
    let mut nodes: Vec<NodeBox> = store.nodes.iter().map(|n| node_box(n, now)).collect();
    let mut pending = Vec::new();

    for pod in select(&store.pods, namespace) {
        let chip = chip(pod, store, now);
        // (Keyed by the stored pod's strings: the map's keys outlive the chip.)
        if let Some(owner) = pod.metadata.controller().filter(|r| r.kind == "ReplicaSet")
            && let Ok(i) = rs_slots.binary_search_by(|((ns, name), _)| {
                (ns.as_str(), name.as_str()).cmp(&(pod.metadata.namespace.as_str(), owner.name.as_str()))
            })
        {
            let names = &mut rs_slots[i].1;
            // Pods come by name: each list is sorted as it grows.
            names.push(chip.name.clone());
        }
        match &chip.node {
            None => pending.push(chip),
            Some(node) => {
                let slot = match nodes.iter().position(|n| &n.name == node) {
                    Some(i) => i,
                    None => {
                        nodes.push(missing_node(node));
                        nodes.len() - 1
                    }
                };
                nodes[slot].pods.push(chip);
            }
        }
    }

    // A node only pods remember was added last: back in name order.
    crate::sort::sort_by(&mut nodes, |a, b| a.name.cmp(&b.name));
    for node in &mut nodes {
        node.counts = tally(node.pods.iter());
        node.crowded = node.pods.len() > CROWDED;
    }
    let counts = tally(nodes.iter().flat_map(|n| n.pods.iter()).chain(pending.iter()));
    let services = select(&store.services, namespace).map(|s| service_box(s, store, now)).collect();
    Picture { nodes, pending, services, deployments, replicasets, counts }
}

/// A table's objects in one namespace, or in all: by namespace, then name.
fn select<'a, T: Resource>(table: &'a Table<T>, namespace: Option<&'a str>) -> impl Iterator<Item = &'a Arc<T>> + 'a {
    let (all, one) = match namespace {
        None => (Some(table.iter()), None),
        Some(ns) => (None, Some(table.in_namespace(ns))),
    };
    all.into_iter().flatten().chain(one.into_iter().flatten())
}

fn chip(pod: &Pod, store: &Store, now: Time) -> PodChip {
    let (ready, total, status, restarts) = pod_state(pod, now);
    let meta = &pod.metadata;
    let owner = meta.controller().map(|r| (r.kind.clone(), r.name.clone()));
    let revision = owner
        .as_ref()
        .filter(|(kind, _)| kind == "ReplicaSet")
        .and_then(|(_, name)| store.get::<ReplicaSet>(&meta.namespace, name))
        .and_then(|rs| rs.metadata.annotations.get(REVISION).cloned());
    let ip = pod.status.pod_ips.first().map(|p| p.ip.as_str()).unwrap_or(pod.status.pod_ip.as_str());
    PodChip {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        short_name: short_name(&meta.name, meta.labels.get(HASH_LABEL).map(String::as_str)),
        kind: Status::of(&status),
        status,
        ready: (ready, total),
        // kubectl's cell is `3 (2m ago)`: the count comes first.
        restarts: restarts.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0),
        image_tag: image_tag(pod.spec.containers.first().map_or("", |c| c.image.as_str())),
        ip: (!ip.is_empty()).then(|| ip.to_string()),
        node: (!pod.spec.node_name.is_empty()).then(|| pod.spec.node_name.clone()),
        labels: meta.labels.clone(),
        owner,
        revision,
        deleting: meta.deletion_timestamp.is_some(),
    }
}

/// `web-7d4b9c8f5-abcde` → `web-…abcde` when `7d4b9c8f5` is the pod's
/// `pod-template-hash`; any other name as it is.
pub fn short_name(name: &str, hash: Option<&str>) -> String {
    let shortened = hash.filter(|h| !h.is_empty()).and_then(|hash| {
        let (rest, suffix) = name.rsplit_once('-')?;
        let prefix = rest.strip_suffix(hash)?.strip_suffix('-')?;
        (!prefix.is_empty() && !suffix.is_empty()).then(|| format!("{prefix}-…{suffix}"))
    });
    shortened.unwrap_or_else(|| name.to_string())
}

/// The tag of an image reference: `nginx:1.27` → `1.27`, `nginx` and
/// `localhost:5000/app` → `latest` (a `:` before the last `/` is a registry
/// port), `nginx@sha256:…` → `sha256:` and seven hex digits.
pub fn image_tag(image: &str) -> String {
    let (named, digest) = match image.split_once('@') {
        Some((named, digest)) => (named, Some(digest)),
        None => (image, None),
    };
    let last = named.rsplit('/').next().unwrap_or(named);
    match (last.rsplit_once(':'), digest) {
        (Some((_, tag)), _) if !tag.is_empty() => tag.to_string(),
        (_, Some(digest)) => digest.chars().take("sha256:".len() + 7).collect(),
        _ => "latest".to_string(),
    }
}

fn node_box(node: &Node, now: Time) -> NodeBox {
    let mut row = node_row(node, now, false).into_iter();
    let _name = row.next();
    NodeBox {
        name: node.metadata.name.clone(),
        status: row.next().unwrap_or_default(),
        ready: node.is_ready(),
        roles: row.next().unwrap_or_default(),
        ip: node.internal_ip().to_string(),
        pods: Vec::new(),
        counts: Vec::new(),
        crowded: false,
    }
}

/// A node pods are bound to that the cluster no longer has.
fn missing_node(name: &str) -> NodeBox {
    NodeBox {
        name: name.to_string(),
        status: "Unknown".into(),
        ready: false,
        roles: "<none>".into(),
        ip: String::new(),
        pods: Vec::new(),
        counts: Vec::new(),
        crowded: false,
    }
}

fn tally<'a>(chips: impl Iterator<Item = &'a PodChip>) -> Vec<(Status, usize)> {
    let mut counts = [0usize; Status::ALL.len()];
    for chip in chips {
        counts[chip.kind as usize] += 1;
    }
    Status::ALL.into_iter().zip(counts).filter(|&(_, n)| n > 0).collect()
}

fn service_box(svc: &Service, store: &Store, now: Time) -> ServiceBox {
    let meta = &svc.metadata;
    let mut endpoints = Vec::new();
    if let Some(ep) = store.get::<crate::cluster::objects::Endpoints>(&meta.namespace, &meta.name) {
        for subset in &ep.subsets {
            let ready = subset.addresses.iter().map(|a| (a, true));
            let not_ready = subset.not_ready_addresses.iter().map(|a| (a, false));
            endpoints.extend(ready.chain(not_ready).map(|(a, ready)| Endpoint {
                pod: a.target_ref.as_ref().filter(|r| r.kind == "Pod").map(|r| r.name.clone()),
                ip: a.ip.clone(),
                ready,
            }));
        }
    }
    // An address is listed once per subset (one per set of ports): keep it
    // once, ready if any subset has it ready. `None` sorts first: pods first.
    crate::sort::sort_by_key(&mut endpoints, |e| (e.pod.is_none(), e.pod.clone(), e.ip.clone(), !e.ready));
    endpoints.dedup_by(|b, a| a.pod == b.pod && a.ip == b.ip);
    ServiceBox {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        type_: if svc.spec.type_.is_empty() { "ClusterIP".into() } else { svc.spec.type_.clone() },
        entry: entry(svc),
        ports: service_row(svc, now, false).into_iter().nth(4).unwrap_or_default(),
        endpoints,
    }
}

/// See [`ServiceBox::entry`].
fn entry(svc: &Service) -> String {
    let spec = &svc.spec;
    let port = spec.ports.first();
    let at = |ip: &str| match port {
        Some(p) => format!("{ip}:{}", p.port),
        None => ip.to_string(),
    };
    match spec.type_.as_str() {
        "ExternalName" => format!("ExternalName {}", spec.external_name),
        "NodePort" => match port.and_then(|p| p.node_port) {
            Some(n) => format!("NodePort {n}"),
            None => "NodePort <pending>".into(),
        },
        "LoadBalancer" => {
            let ingress = svc.status.load_balancer.ingress.iter().map(|i| i.ip.as_str());
            match ingress.chain(spec.external_ips.iter().map(String::as_str)).find(|ip| !ip.is_empty()) {
                Some(ip) => format!("LoadBalancer {}", at(ip)),
                None => "LoadBalancer <pending>".into(),
            }
        }
        _ => at(if spec.cluster_ip.is_empty() { "<none>" } else { spec.cluster_ip.as_str() }),
    }
}

/// The Deployments with their ReplicaSets, and the ReplicaSets no Deployment
/// owns; pod lists still empty.
fn groups(store: &Store, namespace: Option<&str>) -> (Vec<DeploymentGroup>, Vec<RsGroup>) {
    let mut deployments: Vec<(&Deployment, DeploymentGroup)> =
        select(&store.deployments, namespace).map(|d| (&**d, deployment_group(d))).collect();
    let mut by_uid: Vec<(&str, usize)> =
        deployments.iter().enumerate().map(|(i, (d, _))| (d.metadata.uid.as_str(), i)).collect();
    crate::sort::sort_by_key(&mut by_uid, |(uid, _)| *uid);
    let mut bare = Vec::new();
    for rs in select(&store.replicasets, namespace) {
        let owner = rs.metadata.controller().filter(|r| r.kind == "Deployment");
        let found = owner.and_then(|r| by_uid.binary_search_by(|(u, _)| (*u).cmp(r.uid.as_str())).ok());
        match found.map(|j| by_uid[j].1) {
            Some(i) => {
                let (d, group) = &mut deployments[i];
                let old = !same_template(rs, d);
                group.replicasets.push(rs_group(rs, old));
            }
            None => bare.push(rs_group(rs, false)),
        }
    }
    let mut groups: Vec<DeploymentGroup> = deployments.into_iter().map(|(_, g)| g).collect();
    for group in &mut groups {
        // Newest revision first: read as "what the rollout goes to, then where it comes from".
        crate::sort::sort_by_key(&mut group.replicasets, |rs| {
            let revision = rs.revision.as_deref().and_then(|r| r.parse::<i64>().ok()).unwrap_or(0);
            (std::cmp::Reverse(revision), rs.name.clone())
        });
    }
    (groups, bare)
}

/// The ReplicaSet runs the Deployment's current template (the controller's
/// own test). Comparing the specs first spares the copies
/// `equal_ignoring_hash` makes for every old ReplicaSet, whose spec differs.
fn same_template(rs: &ReplicaSet, d: &Deployment) -> bool {
    rs.spec.template.spec == d.spec.template.spec && equal_ignoring_hash(&rs.spec.template, &d.spec.template)
}

fn deployment_group(d: &Deployment) -> DeploymentGroup {
    let s = &d.status;
    DeploymentGroup {
        name: d.metadata.name.clone(),
        namespace: d.metadata.namespace.clone(),
        desired: d.spec.replicas.unwrap_or(1),
        ready: s.ready_replicas.unwrap_or(0),
        updated: s.updated_replicas.unwrap_or(0),
        available: s.available_replicas.unwrap_or(0),
        revision: d.metadata.annotations.get(REVISION).cloned(),
        replicasets: Vec::new(),
    }
}

fn rs_group(rs: &ReplicaSet, old: bool) -> RsGroup {
    RsGroup {
        name: rs.metadata.name.clone(),
        namespace: rs.metadata.namespace.clone(),
        revision: (revision_of(rs) > 0).then(|| revision_of(rs).to_string()),
        image: rs.spec.template.spec.containers.first().map_or(String::new(), |c| c.image.clone()),
        desired: rs.spec.replicas.unwrap_or(1),
        current: rs.status.replicas,
        ready: rs.status.ready_replicas.unwrap_or(0),
        pods: Vec::new(),
        old,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_the_template_hash_only() {
        assert_eq!(short_name("web-7d4b9c8f5-abcde", Some("7d4b9c8f5")), "web-…abcde");
        assert_eq!(short_name("my-web-app-7d4b9c8f5-x2k9p", Some("7d4b9c8f5")), "my-web-app-…x2k9p");
        // A ReplicaSet made by hand: no hash, the name as it is.
        assert_eq!(short_name("frontend-x2k9p", None), "frontend-x2k9p");
        // A hash label that is not in the name.
        assert_eq!(short_name("web-abcde", Some("7d4b9c8f5")), "web-abcde");
        assert_eq!(short_name("7d4b9c8f5-abcde", Some("7d4b9c8f5")), "7d4b9c8f5-abcde");
    }

    #[test]
    fn image_tags() {
        assert_eq!(image_tag("nginx"), "latest");
        assert_eq!(image_tag("nginx:1.27"), "1.27");
        assert_eq!(image_tag("registry.k8s.io/coredns/coredns:v1.11.3"), "v1.11.3");
        assert_eq!(image_tag("localhost:5000/app"), "latest");
        assert_eq!(image_tag("localhost:5000/app:v2"), "v2");
        assert_eq!(image_tag("nginx@sha256:0123456789abcdef"), "sha256:0123456");
        assert_eq!(image_tag("nginx:1.27@sha256:0123456789abcdef"), "1.27");
        assert_eq!(image_tag(""), "latest");
    }

    #[test]
    fn statuses_fall_in_their_group() {
        let cases = [
            ("Pending", Status::Pending),
            ("ContainerCreating", Status::Creating),
            ("PodInitializing", Status::Creating),
            ("Init:0/2", Status::Creating),
            ("Running", Status::Running),
            ("NotReady", Status::Running),
            ("Terminating", Status::Terminating),
            ("ErrImagePull", Status::PullError),
            ("ImagePullBackOff", Status::PullError),
            ("Init:ImagePullBackOff", Status::PullError),
            ("ErrImageNeverPull", Status::PullError),
            ("CreateContainerConfigError", Status::ConfigError),
            ("CrashLoopBackOff", Status::Crash),
            ("Init:CrashLoopBackOff", Status::Crash),
            ("Completed", Status::Completed),
            ("Error", Status::Failed),
            ("OOMKilled", Status::Failed),
            ("ExitCode:3", Status::Failed),
            ("Init:ExitCode:1", Status::Failed),
            ("Evicted", Status::Failed),
            ("SomethingNew", Status::Pending),
        ];
        for (status, kind) in cases {
            assert_eq!(Status::of(status), kind, "{status}");
        }
    }

    #[test]
    fn every_status_has_its_own_slug_and_glyph() {
        for (i, a) in Status::ALL.iter().enumerate() {
            assert_eq!(*a as usize, i, "ALL is in declaration order (tally indexes by it)");
            for b in &Status::ALL[i + 1..] {
                assert_ne!(a.slug(), b.slug());
                assert_ne!(a.glyph(), b.glyph());
                assert_ne!(a.label(), b.label());
            }
        }
    }

    #[test]
    fn entries_say_how_traffic_gets_in() {
        use crate::cluster::objects::service::{LoadBalancerIngress, ServicePort};
        let mut svc = Service::default();
        svc.spec.cluster_ip = "10.96.0.10".into();
        svc.spec.ports = vec![ServicePort { port: 6379, node_port: Some(31000), ..Default::default() }];
        svc.spec.type_ = "ClusterIP".into();
        assert_eq!(entry(&svc), "10.96.0.10:6379");
        svc.spec.type_ = "NodePort".into();
        assert_eq!(entry(&svc), "NodePort 31000");
        svc.spec.type_ = "LoadBalancer".into();
        assert_eq!(entry(&svc), "LoadBalancer <pending>");
        svc.status.load_balancer.ingress = vec![LoadBalancerIngress { ip: "10.96.0.10".into(), ..Default::default() }];
        assert_eq!(entry(&svc), "LoadBalancer 10.96.0.10:6379");
        svc.spec.type_ = "ClusterIP".into();
        svc.spec.cluster_ip = "None".into();
        assert_eq!(entry(&svc), "None:6379");
    }
}
