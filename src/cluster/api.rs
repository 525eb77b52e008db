//! What the API server does with a request: strict decoding, defaulting,
//! validation, allocation, then storage. Controllers write through the store
//! directly, as they would through the status subresources.

use std::sync::Arc;

use serde_json::Value;

use super::errors::{ApiError, FieldError, Reason};
use super::meta::{LabelSelector, ObjectMeta};
use super::objects::apps::{Deployment, ReplicaSet};
use super::objects::autoscaling::{self, HorizontalPodAutoscaler};
use super::objects::batch::{self, CronJob, Job};
use super::objects::core::{ConfigMap, Event, Namespace, Node, Secret};
use super::objects::daemonset::{self, DaemonSet};
use super::objects::discovery::EndpointSlice;
use super::objects::networking::{self, Ingress, IngressClass};
use super::objects::pod::Pod;
use super::objects::service::{Endpoints, Service};
use super::objects::statefulset::{self, StatefulSet};
use super::objects::storage::{self, PersistentVolume, PersistentVolumeClaim, StorageClass};
use super::objects::{Kind, Object, Resource, with_kind};
use super::validate::{self, NameRule};
use super::{Cluster, defaults, schema};

/// Per-kind API rules.
pub trait Admit: Resource {
    /// Defaults and validation of a new object (no side effects).
    fn admit_create(_cluster: &mut Cluster, _obj: &mut Self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
    /// Defaults and validation of a replacement; `old` is the stored object.
    fn admit_update(cluster: &mut Cluster, old: &Self, obj: &mut Self) -> Result<(), Vec<FieldError>> {
        let _ = old;
        Self::admit_create(cluster, obj)
    }
    /// Allocations that can fail once validation passed (IPs, ports).
    fn allocate(_cluster: &mut Cluster, _obj: &mut Self, _old: Option<&Self>) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
    /// Whether a spec change bumps `metadata.generation`.
    fn has_generation() -> bool {
        false
    }
    /// Whether the object (other than metadata and status) differs.
    fn spec_differs(_old: &Self, _new: &Self) -> bool {
        false
    }
    /// Carries server-owned fields (status) from the stored object.
    fn keep_status(_old: &Self, _new: &mut Self) {}
}

fn finish(errs: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

impl Admit for Pod {
    fn admit_create(cluster: &mut Cluster, pod: &mut Pod) -> Result<(), Vec<FieldError>> {
        let spec = Arc::make_mut(&mut pod.spec);
        defaults::pod_spec(spec);
        let mut errs = Vec::new();
        validate::object_meta(&pod.metadata, NameRule::Subdomain, &mut errs);
        validate::pod_spec(spec, "spec", false, &mut errs);
        if !spec.ephemeral_containers.is_empty() {
            // ValidatePodCreate: they come only through the ephemeralcontainers subresource.
            errs.push(FieldError::forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        finish(errs)?;
        defaults::pod_admission(spec, &mut cluster.rng, &cluster.admission);
        pod.status = Default::default();
        pod.status.phase = "Pending".into();
        pod.status.qos_class = super::controllers::kubelet::qos_class(&pod.spec).into();
        Ok(())
    }

    fn admit_update(_cluster: &mut Cluster, old: &Pod, pod: &mut Pod) -> Result<(), Vec<FieldError>> {
        let spec = Arc::make_mut(&mut pod.spec);
        defaults::pod_spec(spec);
        let mut errs = Vec::new();
        validate::object_meta(&pod.metadata, NameRule::Subdomain, &mut errs);
        // Only images (and a few fields we do not model) may change: compare
        // everything else, with what admission filled in at creation restored.
        let mut comparable = spec.clone();
        for (new, prev) in comparable.containers.iter_mut().zip(&old.spec.containers) {
            new.image = prev.image.clone();
            new.volume_mounts = prev.volume_mounts.clone();
        }
        for (new, prev) in comparable.init_containers.iter_mut().zip(&old.spec.init_containers) {
            new.image = prev.image.clone();
        }
        comparable.volumes = old.spec.volumes.clone();
        comparable.service_account = old.spec.service_account.clone();
        comparable.service_account_name = old.spec.service_account_name.clone();
        comparable.priority = old.spec.priority;
        comparable.node_name = old.spec.node_name.clone();
        for key in ["enableServiceLinks", "preemptionPolicy", "tolerations"] {
            match old.spec.extra.get(key) {
                Some(v) => comparable.extra.insert(key.into(), v.clone()),
                None => comparable.extra.remove(key),
            };
        }
        if comparable != *old.spec {
            errs.push(FieldError::forbidden(
                "spec",
                "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
            ));
        }
        finish(errs)?;
        // Keep what admission filled in, with the new images.
        let mut merged = (*old.spec).clone();
        for (c, new) in merged.containers.iter_mut().zip(&spec.containers) {
            c.image = new.image.clone();
        }
        for (c, new) in merged.init_containers.iter_mut().zip(&spec.init_containers) {
            c.image = new.image.clone();
        }
        pod.spec = Arc::new(merged);
        Ok(())
    }

    fn spec_differs(old: &Pod, new: &Pod) -> bool {
        old.spec != new.spec
    }

    fn keep_status(old: &Pod, new: &mut Pod) {
        new.status = old.status.clone();
    }
}

impl Admit for Service {
    fn admit_create(_cluster: &mut Cluster, svc: &mut Service) -> Result<(), Vec<FieldError>> {
        defaults::service(svc);
        let mut errs = Vec::new();
        validate::object_meta(&svc.metadata, NameRule::Dns1035, &mut errs);
        validate::service(svc, &mut errs);
        finish(errs)?;
        svc.status = Default::default();
        Ok(())
    }

    fn admit_update(cluster: &mut Cluster, old: &Service, svc: &mut Service) -> Result<(), Vec<FieldError>> {
        // An applied manifest leaves out what the server allocated: keep it.
        if svc.spec.cluster_ip.is_empty() {
            svc.spec.cluster_ip = old.spec.cluster_ip.clone();
            svc.spec.cluster_ips = old.spec.cluster_ips.clone();
        }
        for port in &mut svc.spec.ports {
            if port.node_port.is_none() && svc.spec.type_ != "ClusterIP" {
                port.node_port = old
                    .spec
                    .ports
                    .iter()
                    .find(|p| p.port == port.port && (p.name == port.name))
                    .and_then(|p| p.node_port);
            }
        }
        Self::admit_create(cluster, svc)?;
        if svc.spec.cluster_ip != old.spec.cluster_ip && !old.spec.cluster_ip.is_empty() {
            return Err(vec![FieldError::invalid(
                "spec.clusterIPs[0]",
                format!("[]string{{{}}}", super::errors::quote(&svc.spec.cluster_ip)),
                "may not change once set",
            )]);
        }
        Ok(())
    }

    fn allocate(cluster: &mut Cluster, svc: &mut Service, old: Option<&Service>) -> Result<(), Vec<FieldError>> {
        let spec = &mut svc.spec;
        let mut errs = Vec::new();
        if spec.type_ == "ExternalName" {
            spec.cluster_ip.clear();
            spec.cluster_ips.clear();
        } else if old.is_none() {
            if spec.cluster_ip.is_empty() {
                match cluster.net.allocate_cluster_ip(&mut cluster.rng) {
                    Some(ip) => spec.cluster_ip = ip,
                    None => errs.push(FieldError::invalid("spec.clusterIPs", "[]string{}", "range is full")),
                }
            } else if spec.cluster_ip != "None" && !cluster.net.reserve_cluster_ip(&spec.cluster_ip) {
                errs.push(FieldError::invalid(
                    "spec.clusterIPs",
                    format!("[]string{{{}}}", super::errors::quote(&spec.cluster_ip)),
                    format!("failed to allocate IP {}: provided IP is already allocated", spec.cluster_ip),
                ));
            }
            spec.cluster_ips = vec![spec.cluster_ip.clone()];
        }
        let needs_node_ports = matches!(spec.type_.as_str(), "NodePort" | "LoadBalancer");
        let old_ports: Vec<i32> =
            old.map(|o| o.spec.ports.iter().filter_map(|p| p.node_port).collect()).unwrap_or_default();
        for (i, port) in spec.ports.iter_mut().enumerate() {
            if !needs_node_ports {
                port.node_port = None;
                continue;
            }
            match port.node_port {
                Some(n) if old_ports.contains(&n) => {}
                Some(n) => {
                    if !cluster.net.reserve_node_port(n) {
                        errs.push(FieldError::invalid(
                            format!("spec.ports[{i}].nodePort"),
                            n.to_string(),
                            "provided port is already allocated",
                        ));
                    }
                }
                None => port.node_port = cluster.net.allocate_node_port(&mut cluster.rng),
            }
        }
        // Ports given up by an update are released.
        let kept: Vec<i32> = spec.ports.iter().filter_map(|p| p.node_port).collect();
        for n in old_ports.into_iter().filter(|n| !kept.contains(n)) {
            cluster.net.release_node_port(n);
        }
        finish(errs)
    }

    fn keep_status(old: &Service, new: &mut Service) {
        new.status = old.status.clone();
    }
}

/// apps/v1 selectors are immutable (Deployment, ReplicaSet).
fn selector_unchanged(old: Option<&LabelSelector>, new: Option<&LabelSelector>) -> Result<(), Vec<FieldError>> {
    if old == new {
        return Ok(());
    }
    let shown = new.cloned().unwrap_or_default();
    Err(vec![FieldError::invalid("spec.selector", validate::go_selector(&shown), "field is immutable")])
}

impl Admit for Deployment {
    fn admit_create(_cluster: &mut Cluster, d: &mut Deployment) -> Result<(), Vec<FieldError>> {
        defaults::deployment(d);
        let mut errs = Vec::new();
        validate::object_meta(&d.metadata, NameRule::Subdomain, &mut errs);
        validate::deployment(d, &mut errs);
        finish(errs)?;
        d.status = Default::default();
        Ok(())
    }

    fn admit_update(cluster: &mut Cluster, old: &Deployment, d: &mut Deployment) -> Result<(), Vec<FieldError>> {
        Self::admit_create(cluster, d)?;
        selector_unchanged(old.spec.selector.as_ref(), d.spec.selector.as_ref())
    }

    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &Deployment, new: &Deployment) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &Deployment, new: &mut Deployment) {
        new.status = old.status.clone();
    }
}

impl Admit for ReplicaSet {
    fn admit_create(_cluster: &mut Cluster, rs: &mut ReplicaSet) -> Result<(), Vec<FieldError>> {
        defaults::replica_set(rs);
        let mut errs = Vec::new();
        validate::object_meta(&rs.metadata, NameRule::Subdomain, &mut errs);
        validate::replica_set(rs, &mut errs);
        finish(errs)?;
        rs.status = Default::default();
        Ok(())
    }

    fn admit_update(cluster: &mut Cluster, old: &ReplicaSet, rs: &mut ReplicaSet) -> Result<(), Vec<FieldError>> {
        Self::admit_create(cluster, rs)?;
        selector_unchanged(old.spec.selector.as_ref(), rs.spec.selector.as_ref())
    }

    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &ReplicaSet, new: &ReplicaSet) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &ReplicaSet, new: &mut ReplicaSet) {
        new.status = old.status.clone();
    }
}

// Jobs and CronJobs: the rules live in `objects::batch` (the page's lazy part).
impl Admit for Job {
    fn admit_create(cluster: &mut Cluster, job: &mut Job) -> Result<(), Vec<FieldError>> {
        batch::admit_job(cluster, job)
    }
    fn admit_update(cluster: &mut Cluster, old: &Job, job: &mut Job) -> Result<(), Vec<FieldError>> {
        batch::admit_job_update(cluster, old, job)
    }
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &Job, new: &Job) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &Job, new: &mut Job) {
        new.status = old.status.clone();
    }
}

impl Admit for CronJob {
    fn admit_create(cluster: &mut Cluster, cj: &mut CronJob) -> Result<(), Vec<FieldError>> {
        batch::admit_cron_job(cluster, cj, true)
    }
    fn admit_update(cluster: &mut Cluster, _old: &CronJob, cj: &mut CronJob) -> Result<(), Vec<FieldError>> {
        batch::admit_cron_job(cluster, cj, false)
    }
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &CronJob, new: &CronJob) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &CronJob, new: &mut CronJob) {
        new.status = old.status.clone();
    }
}

// HorizontalPodAutoscaler: the rules live in `objects::autoscaling` (the
// page's lazy part).
impl Admit for HorizontalPodAutoscaler {
    fn admit_create(cluster: &mut Cluster, hpa: &mut HorizontalPodAutoscaler) -> Result<(), Vec<FieldError>> {
        autoscaling::admit_hpa(cluster, hpa, true)
    }
    fn admit_update(
        cluster: &mut Cluster,
        _old: &HorizontalPodAutoscaler,
        hpa: &mut HorizontalPodAutoscaler,
    ) -> Result<(), Vec<FieldError>> {
        autoscaling::admit_hpa(cluster, hpa, false)
    }
    fn keep_status(old: &HorizontalPodAutoscaler, new: &mut HorizontalPodAutoscaler) {
        new.status = old.status.clone();
    }
}

// Ingress and IngressClass: the rules live in `objects::networking` (the
// page's lazy part).
// EndpointSlice: the registry strategy starts `generation` at 1 and bumps it
// when the endpoints, ports or address type change
// (pkg/registry/discovery/endpointslice/strategy.go). No validation modeled.
impl Admit for EndpointSlice {
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &EndpointSlice, new: &EndpointSlice) -> bool {
        old.endpoints != new.endpoints || old.ports != new.ports || old.address_type != new.address_type
    }
}

impl Admit for Ingress {
    fn admit_create(cluster: &mut Cluster, ing: &mut Ingress) -> Result<(), Vec<FieldError>> {
        ing.status = Default::default();
        networking::admit_ingress(cluster, ing, true)
    }
    fn admit_update(cluster: &mut Cluster, _old: &Ingress, ing: &mut Ingress) -> Result<(), Vec<FieldError>> {
        networking::admit_ingress(cluster, ing, false)
    }
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &Ingress, new: &Ingress) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &Ingress, new: &mut Ingress) {
        new.status = old.status.clone();
    }
}

impl Admit for IngressClass {
    fn admit_create(cluster: &mut Cluster, class: &mut IngressClass) -> Result<(), Vec<FieldError>> {
        networking::admit_ingress_class(cluster, class, None)
    }
    fn admit_update(
        cluster: &mut Cluster,
        old: &IngressClass,
        class: &mut IngressClass,
    ) -> Result<(), Vec<FieldError>> {
        networking::admit_ingress_class(cluster, class, Some(old))
    }
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &IngressClass, new: &IngressClass) -> bool {
        old.spec != new.spec
    }
}

// Storage: the rules live in `objects::storage` (the page's lazy part).
impl Admit for StorageClass {
    fn admit_create(cluster: &mut Cluster, sc: &mut StorageClass) -> Result<(), Vec<FieldError>> {
        storage::admit_storage_class(cluster, sc, None)
    }
    fn admit_update(cluster: &mut Cluster, old: &StorageClass, sc: &mut StorageClass) -> Result<(), Vec<FieldError>> {
        storage::admit_storage_class(cluster, sc, Some(old))
    }
}

impl Admit for PersistentVolume {
    fn admit_create(cluster: &mut Cluster, pv: &mut PersistentVolume) -> Result<(), Vec<FieldError>> {
        storage::admit_pv(cluster, pv, None)
    }
    fn admit_update(
        cluster: &mut Cluster,
        old: &PersistentVolume,
        pv: &mut PersistentVolume,
    ) -> Result<(), Vec<FieldError>> {
        storage::admit_pv(cluster, pv, Some(old))
    }
    fn keep_status(old: &PersistentVolume, new: &mut PersistentVolume) {
        new.status = old.status.clone();
    }
}

impl Admit for PersistentVolumeClaim {
    fn admit_create(cluster: &mut Cluster, pvc: &mut PersistentVolumeClaim) -> Result<(), Vec<FieldError>> {
        storage::admit_pvc(cluster, pvc, None)
    }
    fn admit_update(
        cluster: &mut Cluster,
        old: &PersistentVolumeClaim,
        pvc: &mut PersistentVolumeClaim,
    ) -> Result<(), Vec<FieldError>> {
        storage::admit_pvc(cluster, pvc, Some(old))
    }
    fn keep_status(old: &PersistentVolumeClaim, new: &mut PersistentVolumeClaim) {
        new.status = old.status.clone();
    }
}

// StatefulSets: the rules live in `objects::statefulset` (the page's lazy part).
impl Admit for StatefulSet {
    fn admit_create(cluster: &mut Cluster, sts: &mut StatefulSet) -> Result<(), Vec<FieldError>> {
        statefulset::admit_statefulset(cluster, sts, None)
    }
    fn admit_update(cluster: &mut Cluster, old: &StatefulSet, sts: &mut StatefulSet) -> Result<(), Vec<FieldError>> {
        statefulset::admit_statefulset(cluster, sts, Some(old))?;
        selector_unchanged(old.spec.selector.as_ref(), sts.spec.selector.as_ref())
    }
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &StatefulSet, new: &StatefulSet) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &StatefulSet, new: &mut StatefulSet) {
        new.status = old.status.clone();
    }
}

// DaemonSets: the rules live in `objects::daemonset` (the page's lazy part).
impl Admit for DaemonSet {
    fn admit_create(cluster: &mut Cluster, ds: &mut DaemonSet) -> Result<(), Vec<FieldError>> {
        daemonset::admit_daemonset(cluster, ds, None)
    }
    fn admit_update(cluster: &mut Cluster, old: &DaemonSet, ds: &mut DaemonSet) -> Result<(), Vec<FieldError>> {
        daemonset::admit_daemonset(cluster, ds, Some(old))?;
        selector_unchanged(old.spec.selector.as_ref(), ds.spec.selector.as_ref())
    }
    fn has_generation() -> bool {
        true
    }
    fn spec_differs(old: &DaemonSet, new: &DaemonSet) -> bool {
        old.spec != new.spec
    }
    fn keep_status(old: &DaemonSet, new: &mut DaemonSet) {
        new.status = old.status.clone();
    }
}

impl Admit for Namespace {
    fn admit_create(_cluster: &mut Cluster, ns: &mut Namespace) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        validate::object_meta(&ns.metadata, NameRule::Label, &mut errs);
        finish(errs)?;
        ns.metadata.labels.insert("kubernetes.io/metadata.name".into(), ns.metadata.name.clone());
        ns.spec.insert("finalizers".into(), serde_json::json!(["kubernetes"]));
        ns.status.phase = "Active".into();
        Ok(())
    }
    fn keep_status(old: &Namespace, new: &mut Namespace) {
        new.status = old.status.clone();
        new.spec = old.spec.clone();
    }
}

impl Admit for ConfigMap {
    fn admit_create(_cluster: &mut Cluster, cm: &mut ConfigMap) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        validate::object_meta(&cm.metadata, NameRule::Subdomain, &mut errs);
        validate::config_map(cm, &mut errs);
        finish(errs)
    }
    fn admit_update(cluster: &mut Cluster, old: &ConfigMap, cm: &mut ConfigMap) -> Result<(), Vec<FieldError>> {
        if old.immutable == Some(true) && (old.data != cm.data || old.binary_data != cm.binary_data) {
            return Err(vec![FieldError::forbidden("data", "field is immutable when `immutable` is set")]);
        }
        Self::admit_create(cluster, cm)
    }
}

impl Admit for Secret {
    fn admit_create(_cluster: &mut Cluster, s: &mut Secret) -> Result<(), Vec<FieldError>> {
        // stringData is write-only: merged into data, base64-encoded.
        for (k, v) in std::mem::take(&mut s.string_data) {
            s.data.insert(k, base64_encode(v.as_bytes()));
        }
        if s.type_.is_empty() {
            s.type_ = "Opaque".into();
        }
        let mut errs = Vec::new();
        validate::object_meta(&s.metadata, NameRule::Subdomain, &mut errs);
        validate::secret(s, &mut errs);
        for (k, v) in &s.data {
            if base64_decode(v).is_none() {
                errs.push(FieldError::invalid_str(format!("data[{k}]"), v, "illegal base64 data"));
            }
        }
        finish(errs)
    }
}

impl Admit for Node {
    fn admit_create(cluster: &mut Cluster, node: &mut Node) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        validate::object_meta(&node.metadata, NameRule::Subdomain, &mut errs);
        finish(errs)?;
        unschedulable_taint(cluster.now, node);
        Ok(())
    }
    fn keep_status(old: &Node, new: &mut Node) {
        new.status = old.status.clone();
    }
}

/// The `node.kubernetes.io/unschedulable:NoSchedule` taint kept in step with
/// `spec.unschedulable`, whoever sets it (cordon, drain, patch, edit, apply),
/// as the node lifecycle controller's taint-by-condition pass keeps it (within
/// milliseconds: here at once).
fn unschedulable_taint(now: super::Time, node: &mut Node) {
    const KEY: &str = "node.kubernetes.io/unschedulable";
    let spec = &mut node.spec;
    let tainted = spec.taints.iter().any(|t| t.get("key").and_then(|k| k.as_str()) == Some(KEY));
    match spec.unschedulable == Some(true) {
        true if !tainted => {
            spec.taints.push(serde_json::json!({"effect": "NoSchedule", "key": KEY, "timeAdded": now.rfc3339()}))
        }
        false if tainted => spec.taints.retain(|t| t.get("key").and_then(|k| k.as_str()) != Some(KEY)),
        _ => {}
    }
}

impl Admit for Endpoints {
    fn admit_create(_cluster: &mut Cluster, ep: &mut Endpoints) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        validate::object_meta(&ep.metadata, NameRule::Subdomain, &mut errs);
        finish(errs)
    }
}

impl Admit for Event {
    fn admit_create(_cluster: &mut Cluster, ev: &mut Event) -> Result<(), Vec<FieldError>> {
        let mut errs = Vec::new();
        validate::object_meta(&ev.metadata, NameRule::Subdomain, &mut errs);
        finish(errs)
    }
}

/// Standard base64 with padding, as Secret data is stored.
pub fn base64_encode(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Decodes standard base64; `None` if malformed.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()
}

/// The simulated etcd's quota, in pods: past it every create of a pod is
/// refused as a full etcd refuses it. It keeps a typo (`--replicas=100000000`)
/// from filling the browser's memory (about 12 KB a pod: 150 MB at most).
pub const MAX_PODS: usize = 12_000;

/// Options of a delete request.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeleteOptions {
    /// `--grace-period`; `None` uses the object's own (30 s for pods).
    pub grace_period_seconds: Option<i64>,
    /// `propagationPolicy: Orphan` (`--cascade=orphan`): the dependents stay,
    /// without their owner reference.
    pub orphan: bool,
}

/// What an update keeps from the stored object's metadata (the fields the
/// server owns), whatever the new manifest says.
fn carry_over(old: &ObjectMeta, meta: &mut ObjectMeta, namespace: String) {
    meta.namespace = namespace;
    meta.uid = old.uid.clone();
    meta.creation_timestamp = old.creation_timestamp;
    meta.deletion_timestamp = old.deletion_timestamp;
    meta.deletion_grace_period_seconds = old.deletion_grace_period_seconds;
    meta.generation = old.generation;
    meta.resource_version = old.resource_version.clone();
    if meta.owner_references.is_empty() {
        meta.owner_references = old.owner_references.clone();
    }
}

/// The API server's words for a manifest it cannot decode.
fn cannot_handle(kind: Kind, detail: String) -> ApiError {
    let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
    ApiError::bad_request(format!(
        "{} in version \"{version}\" cannot be handled as a {}: {detail}",
        kind.name(),
        kind.name()
    ))
}

/// Strict decoding: unknown fields and JSON type errors, before the typed
/// decoding (not generic, so not compiled once per kind).
fn check_manifest(kind: Kind, manifest: &Value) -> Result<(), ApiError> {
    schema::check(&kind.definition(), manifest).map_err(|e| cannot_handle(kind, e.message()))
}

impl Cluster {
    /// The kind a manifest declares, or the API server's error.
    pub fn kind_of(manifest: &Value) -> Result<Kind, ApiError> {
        let api_version = manifest.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
        let kind = manifest.get("kind").and_then(Value::as_str).unwrap_or_default();
        Kind::from_type(api_version, kind).ok_or_else(|| {
            ApiError::bad_request(format!("no kind \"{kind}\" is registered for version \"{api_version}\""))
        })
    }

    fn decode<T: Resource>(manifest: &Value) -> Result<T, ApiError> {
        check_manifest(T::KIND, manifest)?;
        crate::cluster::codec::from_value::<T>(manifest).map_err(|e| cannot_handle(T::KIND, e.to_string()))
    }

    /// `kubectl create`: stores a new object from a manifest. Namespaced
    /// objects without a namespace go to `namespace`.
    pub fn create(&mut self, manifest: &Value, namespace: &str) -> Result<Object, ApiError> {
        let kind = Cluster::kind_of(manifest)?;
        if kind.is_storage() {
            return self.create_storage(kind, manifest, namespace);
        }
        with_kind!(kind, T => {
            let obj: T = Cluster::decode(manifest)?;
            self.create_object(obj, namespace).map(T::wrap)
        })
    }

    /// [`Cluster::create`] and [`Cluster::update`] for the storage kinds and
    /// StatefulSets, in the page's lazy part (their arms would otherwise be
    /// compiled into every create and update).
    #[inline(never)]
    fn create_storage(&mut self, kind: Kind, manifest: &Value, namespace: &str) -> Result<Object, ApiError> {
        macro_rules! create {
            ($t:ty) => {{
                let obj: $t = Cluster::decode(manifest)?;
                self.create_object(obj, namespace).map(<$t>::wrap)
            }};
        }
        match kind {
            Kind::HorizontalPodAutoscaler => self.write_hpa(manifest, namespace, true),
            Kind::EndpointSlice => create!(EndpointSlice),
            Kind::StorageClass => create!(StorageClass),
            Kind::PersistentVolume => create!(PersistentVolume),
            Kind::PersistentVolumeClaim => create!(PersistentVolumeClaim),
            Kind::StatefulSet => create!(StatefulSet),
            _ => create!(DaemonSet),
        }
    }

    /// [`Cluster::delete`] for the storage kinds and StatefulSets: their
    /// finalizers hold them, marked for deletion, until removed.
    #[inline(never)]
    fn delete_storage(&mut self, kind: Kind, namespace: &str, name: &str, current: Object) -> Result<Object, ApiError> {
        let now = self.now;
        let held = !current.meta().finalizers.is_empty();
        macro_rules! delete {
            ($t:ty) => {{
                if held {
                    self.store.modify::<$t>(namespace, name, |o| {
                        let meta = o.meta_mut();
                        meta.deletion_timestamp.get_or_insert(now);
                        meta.deletion_grace_period_seconds.get_or_insert(0);
                    });
                    return self.get(kind, namespace, name);
                }
                self.store.remove::<$t>(namespace, name);
            }};
        }
        match kind {
            Kind::HorizontalPodAutoscaler => delete!(HorizontalPodAutoscaler),
            Kind::EndpointSlice => delete!(EndpointSlice),
            Kind::StorageClass => delete!(StorageClass),
            Kind::PersistentVolume => delete!(PersistentVolume),
            Kind::PersistentVolumeClaim => delete!(PersistentVolumeClaim),
            Kind::StatefulSet => delete!(StatefulSet),
            _ => delete!(DaemonSet),
        }
        Ok(current)
    }

    #[inline(never)]
    fn update_storage(&mut self, kind: Kind, manifest: &Value, namespace: &str) -> Result<Object, ApiError> {
        macro_rules! update {
            ($t:ty) => {{
                let obj: $t = Cluster::decode(manifest)?;
                self.update_object(obj, namespace).map(<$t>::wrap)
            }};
        }
        match kind {
            Kind::HorizontalPodAutoscaler => self.write_hpa(manifest, namespace, false),
            Kind::EndpointSlice => update!(EndpointSlice),
            Kind::StorageClass => update!(StorageClass),
            Kind::PersistentVolume => update!(PersistentVolume),
            Kind::PersistentVolumeClaim => update!(PersistentVolumeClaim),
            Kind::StatefulSet => update!(StatefulSet),
            _ => update!(DaemonSet),
        }
    }

    /// [`Cluster::create`] and [`Cluster::update`] of an HPA (the page's lazy
    /// part): an `autoscaling/v1` manifest is checked against v1's fields,
    /// then converted to the v2 object the cluster stores.
    #[inline(never)]
    fn write_hpa(&mut self, manifest: &Value, namespace: &str, create: bool) -> Result<Object, ApiError> {
        let v1 = manifest.get("apiVersion").and_then(Value::as_str) == Some("autoscaling/v1");
        let converted;
        let manifest = if v1 {
            schema::check("io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler", manifest).map_err(|e| {
                ApiError::bad_request(format!(
                    "HorizontalPodAutoscaler in version \"v1\" cannot be handled as a HorizontalPodAutoscaler: {}",
                    e.message()
                ))
            })?;
            converted = autoscaling::v1_to_v2(manifest);
            &converted
        } else {
            manifest
        };
        let obj: HorizontalPodAutoscaler = Cluster::decode(manifest)?;
        let stored = if create { self.create_object(obj, namespace)? } else { self.update_object(obj, namespace)? };
        Ok(Object::HorizontalPodAutoscaler(stored))
    }

    /// Creates a typed object (controllers and commands that build objects).
    // (Never inlined into `create`'s dispatch: a lazy kind's copy stays out
    // of the page's first part.)
    #[inline(never)]
    pub fn create_object<T: Admit>(&mut self, mut obj: T, namespace: &str) -> Result<Arc<T>, ApiError> {
        let kind = T::KIND;
        if kind == Kind::Pod && self.store.pods.len() >= MAX_PODS {
            return Err(ApiError::new(Reason::Unknown, "etcdserver: mvcc: database space exceeded"));
        }
        let (ns, name) = self.prepare_create(kind, obj.meta_mut(), namespace)?;
        T::admit_create(self, &mut obj).map_err(|errs| ApiError::invalid(kind, &name, errs))?;
        if self.store.get::<T>(&ns, &name).is_some() {
            return Err(ApiError::already_exists(kind, &name));
        }
        T::allocate(self, &mut obj, None).map_err(|errs| ApiError::invalid(kind, &name, errs))?;
        // (A Job's admission drew its uid already: its selector names it.)
        let uid = if obj.meta().uid.is_empty() { self.rng.uuid() } else { obj.meta().uid.clone() };
        let now = self.now;
        let meta = obj.meta_mut();
        meta.uid = uid;
        meta.creation_timestamp = Some(now);
        if T::has_generation() {
            meta.generation = 1;
        }
        Ok(self.store.put(obj))
    }

    /// The kind-independent start of a create: the namespace and the name
    /// (`generateName`), the namespace's existence, and the fields the server
    /// sets itself cleared. (Not generic: compiled once, not once per kind.)
    fn prepare_create(
        &mut self,
        kind: Kind,
        meta: &mut ObjectMeta,
        namespace: &str,
    ) -> Result<(String, String), ApiError> {
        if kind.namespaced() {
            if meta.namespace.is_empty() {
                meta.namespace = namespace.to_string();
            }
        } else {
            meta.namespace.clear();
        }
        if meta.name.is_empty() && !meta.generate_name.is_empty() {
            meta.name = format!("{}{}", meta.generate_name, self.rng.suffix(5));
        }
        let (ns, name) = (meta.namespace.clone(), meta.name.clone());
        if kind.namespaced() {
            match self.store.namespaces.get("", &ns) {
                None => return Err(ApiError::not_found(Kind::Namespace, &ns)),
                Some(n) if n.metadata.deletion_timestamp.is_some() => {
                    return Err(ApiError::new(
                        Reason::Forbidden,
                        format!(
                            "{} {} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                            kind.group_resource(),
                            super::errors::quote(&name)
                        ),
                    ));
                }
                _ => {}
            }
        }
        meta.uid.clear();
        meta.resource_version.clear();
        meta.creation_timestamp = None;
        meta.deletion_timestamp = None;
        meta.deletion_grace_period_seconds = None;
        meta.generation = 0;
        Ok((ns, name))
    }

    /// `kubectl replace`/`apply`: replaces a stored object with a manifest.
    pub fn update(&mut self, manifest: &Value, namespace: &str) -> Result<Object, ApiError> {
        let kind = Cluster::kind_of(manifest)?;
        if kind.is_storage() {
            return self.update_storage(kind, manifest, namespace);
        }
        with_kind!(kind, T => {
            let obj: T = Cluster::decode(manifest)?;
            self.update_object(obj, namespace).map(T::wrap)
        })
    }

    /// Replaces a stored object (its resourceVersion, if set, must be current).
    #[inline(never)]
    pub fn update_object<T: Admit>(&mut self, mut obj: T, namespace: &str) -> Result<Arc<T>, ApiError> {
        let kind = T::KIND;
        let ns = if kind.namespaced() {
            if obj.meta().namespace.is_empty() { namespace.to_string() } else { obj.meta().namespace.clone() }
        } else {
            String::new()
        };
        let name = obj.meta().name.clone();
        let Some(old) = self.store.get::<T>(&ns, &name).cloned() else {
            return Err(ApiError::not_found(kind, &name));
        };
        let given_rv = &obj.meta().resource_version;
        if !given_rv.is_empty() && *given_rv != old.meta().resource_version {
            return Err(ApiError::conflict(kind, &name));
        }
        carry_over(old.meta(), obj.meta_mut(), ns.clone());
        T::admit_update(self, &old, &mut obj).map_err(|errs| ApiError::invalid(kind, &name, errs))?;
        T::allocate(self, &mut obj, Some(&old)).map_err(|errs| ApiError::invalid(kind, &name, errs))?;
        T::keep_status(&old, &mut obj);
        if T::has_generation() && T::spec_differs(&old, &obj) {
            obj.meta_mut().generation += 1;
        }
        // The last finalizer of an object being deleted is gone: the deletion completes.
        let finished = obj.meta().deletion_timestamp.is_some()
            && obj.meta().finalizers.is_empty()
            && !matches!(kind, Kind::Pod | Kind::Namespace);
        let stored = self.store.put(obj);
        if finished {
            self.store.remove::<T>(&ns, &name);
        }
        // Mounted as a volume, the old version stays until the pod's next sync.
        if matches!(kind, Kind::ConfigMap | Kind::Secret) && !Arc::ptr_eq(&stored, &old) {
            self.volume_history.remember(self.now, T::wrap(old));
        }
        Ok(stored)
    }

    /// Reads one object.
    pub fn get(&self, kind: Kind, namespace: &str, name: &str) -> Result<Object, ApiError> {
        with_kind!(kind, T => self
            .store
            .get::<T>(namespace, name)
            .map(|o| T::wrap(o.clone()))
            .ok_or_else(|| ApiError::not_found(kind, name)))
    }

    /// Deletes an object: pods and namespaces go through a graceful
    /// termination; dependents are garbage-collected (background propagation).
    pub fn delete(&mut self, kind: Kind, namespace: &str, name: &str, opts: DeleteOptions) -> Result<Object, ApiError> {
        let current = self.get(kind, namespace, name)?;
        if opts.orphan {
            self.orphan_dependents(namespace, &current.meta().uid.clone());
        }
        if kind.is_storage() {
            return self.delete_storage(kind, namespace, name, current);
        }
        match kind {
            Kind::Pod => self
                .delete_pod(namespace, name, opts.grace_period_seconds)
                .map(Object::Pod)
                .ok_or_else(|| ApiError::not_found(kind, name)),
            Kind::Namespace => {
                if matches!(name, "default" | "kube-system" | "kube-public") {
                    return Err(ApiError::new(
                        Reason::Forbidden,
                        format!(
                            "namespaces {} is forbidden: this namespace may not be deleted",
                            super::errors::quote(name)
                        ),
                    ));
                }
                let now = self.now;
                self.store.modify::<Namespace>("", name, |ns| {
                    ns.metadata.deletion_timestamp.get_or_insert(now);
                    ns.status.phase = "Terminating".into();
                });
                self.get(kind, namespace, name)
            }
            // Finalizers hold the object, marked for deletion, until something removes them.
            _ if !current.meta().finalizers.is_empty() => {
                let now = self.now;
                with_kind!(kind, T => {
                    self.store.modify::<T>(namespace, name, |o| {
                        let meta = o.meta_mut();
                        meta.deletion_timestamp.get_or_insert(now);
                        meta.deletion_grace_period_seconds.get_or_insert(0);
                    });
                });
                self.get(kind, namespace, name)
            }
            _ => {
                with_kind!(kind, T => { self.store.remove::<T>(namespace, name); });
                if let Object::Service(svc) = &current {
                    self.release_service(svc);
                }
                Ok(current)
            }
        }
    }

    /// Removes the owner references to `uid` from its dependents (the
    /// garbage collector's orphan finalizer), so they outlive their owner.
    fn orphan_dependents(&mut self, namespace: &str, uid: &str) {
        self.drop_owner::<Pod>(namespace, uid);
        self.drop_owner::<ReplicaSet>(namespace, uid);
        if !self.store.jobs.is_empty() {
            self.drop_owner::<Job>(namespace, uid);
        }
    }

    fn drop_owner<T: Resource>(&mut self, namespace: &str, uid: &str) {
        let owned: Vec<String> = self
            .store
            .objects(T::KIND, Some(namespace))
            .iter()
            .filter(|o| o.meta().owner_references.iter().any(|r| r.uid == uid))
            .map(|o| o.meta().name.clone())
            .collect();
        for name in owned {
            self.store.modify::<T>(namespace, &name, |o| o.meta_mut().owner_references.retain(|r| r.uid != uid));
        }
    }

    pub(crate) fn release_service(&mut self, svc: &Service) {
        if !svc.spec.cluster_ip.is_empty() {
            self.net.release_cluster_ip(&svc.spec.cluster_ip);
        }
        for p in &svc.spec.ports {
            if let Some(n) = p.node_port {
                self.net.release_node_port(n);
            }
        }
    }

    /// Marks a pod for deletion; the kubelet stops its containers and removes
    /// it after the grace period. A pod no node runs is removed at once.
    pub(crate) fn delete_pod(&mut self, namespace: &str, name: &str, grace: Option<i64>) -> Option<Arc<Pod>> {
        let pod = self.store.get::<Pod>(namespace, name).cloned()?;
        let grace = grace
            .or(pod.metadata.deletion_grace_period_seconds)
            .unwrap_or_else(|| pod.spec.termination_grace_period_seconds.unwrap_or(30));
        if pod.spec.node_name.is_empty() || grace == 0 || pod.is_terminal() {
            self.remove_pod(namespace, name);
            return Some(pod);
        }
        let now = self.now;
        let already = pod.metadata.deletion_timestamp.is_some();
        self.store.modify::<Pod>(namespace, name, |p| {
            if !already {
                let meta = Arc::make_mut(&mut p.metadata);
                meta.deletion_timestamp = Some(now.plus_secs(grace as f64));
                meta.deletion_grace_period_seconds = Some(grace);
            }
        });
        self.store.get::<Pod>(namespace, name).cloned().or(Some(pod))
    }

    /// Removes a pod from the store and frees what it held.
    pub(crate) fn remove_pod(&mut self, namespace: &str, name: &str) {
        if let Some(pod) = self.store.remove::<Pod>(namespace, name) {
            if !pod.status.pod_ip.is_empty() && pod.spec.host_network != Some(true) {
                self.net.release_pod_ip(&pod.status.pod_ip);
            }
            self.kubelet.forget(&pod.metadata.uid);
            self.scheduler.forget(namespace, name);
            // Capacity was freed: unschedulable pods get another chance.
            self.scheduler.epoch += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for s in ["", "a", "ab", "abc", "admin", "p@ssw0rd!"] {
            assert_eq!(base64_decode(&base64_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(base64_encode(b"admin"), "YWRtaW4=");
        assert_eq!(base64_decode("not base64!"), None);
    }
}
