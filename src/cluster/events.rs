//! Events, recorded by controllers as the real ones do, and deduplicated:
//! the same event again bumps `count` and `lastTimestamp`.

use rustc_hash::FxHashMap;

use super::Cluster;
use super::meta::ObjectMeta;
use super::objects::core::{Event, EventSource};
use super::objects::service::ObjectReference;
use super::objects::{Kind, Resource};

/// Who reports an event.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Scheduler,
    Kubelet,
    ReplicaSetController,
    DeploymentController,
    EndpointsController,
    NodeController,
    JobController,
    CronJobController,
    IngressController,
    PersistentVolumeController,
    /// minikube's hostpath provisioner (its leader-election identity).
    HostpathProvisioner,
    StatefulSetController,
    TaintEviction,
    DaemonSetController,
    HorizontalPodAutoscaler,
}

impl Source {
    fn component(self) -> &'static str {
        match self {
            Source::Scheduler => "default-scheduler",
            Source::Kubelet => "kubelet",
            Source::ReplicaSetController => "replicaset-controller",
            Source::DeploymentController => "deployment-controller",
            Source::EndpointsController => "endpoint-controller",
            Source::NodeController => "node-controller",
            Source::JobController => "job-controller",
            Source::CronJobController => "cronjob-controller",
            Source::IngressController => "nginx-ingress-controller",
            Source::PersistentVolumeController => "persistentvolume-controller",
            Source::StatefulSetController => "statefulset-controller",
            Source::TaintEviction => "taint-eviction-controller",
            Source::DaemonSetController => "daemonset-controller",
            Source::HorizontalPodAutoscaler => "horizontal-pod-autoscaler",
            Source::HostpathProvisioner => "k8s.io/minikube-hostpath_minikube_5b8f2c1e-9d47-4a36-b0e2-7c19f4d8a265",
        }
    }
}

/// A reference to `obj`, optionally to one of its containers.
pub fn reference_to<T: Resource>(obj: &T, field_path: &str) -> ObjectReference {
    let meta: &ObjectMeta = obj.meta();
    ObjectReference {
        kind: T::KIND.name().into(),
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        api_version: T::KIND.api_version().into(),
        resource_version: meta.resource_version.clone(),
        field_path: field_path.into(),
    }
}

/// Finds the event an identical one would be merged into.
/// Keys are a hash of (object uid, field path, reason, message); a hit is
/// checked against the stored event, so a collision only costs a new event.
#[derive(Clone, Debug, Default)]
pub struct EventIndex {
    by_key: FxHashMap<u64, (String, String)>,
}

impl EventIndex {
    /// Forgets the events the TTL removed (the index would grow all day).
    pub(crate) fn prune(&mut self, store: &super::store::Store) {
        self.by_key.retain(|_, (ns, name)| store.get::<Event>(ns, name).is_some());
    }
}

fn event_key(involved: &ObjectReference, reason: &str, message: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [&involved.uid, &involved.field_path, reason, message] {
        for b in part.bytes().chain([0u8]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

impl Cluster {
    /// Records an event about `involved`. `warning` selects the Warning type.
    pub(crate) fn record_event(
        &mut self,
        involved: ObjectReference,
        warning: bool,
        reason: &str,
        message: &str,
        source: Source,
    ) {
        let host = match source {
            Source::Kubelet => self.pod_node(&involved),
            _ => String::new(),
        };
        self.record_event_from(involved, warning, reason, message, source, host);
    }

    /// Records an event reported from `host` (the kubelet's node, which the
    /// kubelet knows without looking its pod up again).
    pub(crate) fn record_event_from(
        &mut self,
        involved: ObjectReference,
        warning: bool,
        reason: &str,
        message: &str,
        source: Source,
        host: String,
    ) {
        let now = self.now;
        let namespace = if involved.namespace.is_empty() { "default".to_string() } else { involved.namespace.clone() };
        let key = event_key(&involved, reason, message);
        if let Some((ns, name)) = self.events.by_key.get(&key).cloned() {
            let same = self.store.get::<Event>(&ns, &name).is_some_and(|e| {
                e.involved_object.uid == involved.uid
                    && e.involved_object.field_path == involved.field_path
                    && e.reason == reason
                    && e.message == message
            });
            if same {
                self.store.modify::<Event>(&ns, &name, |e| {
                    e.count = Some(e.count.unwrap_or(1) + 1);
                    e.last_timestamp = Some(now);
                });
                return;
            }
        }
        self.event_seq += 1;
        // Go's UnixNano, which wraps past 2262 as Go's does.
        let nanos = now.0.wrapping_mul(1_000_000).wrapping_add(self.event_seq);
        let event = Event {
            metadata: ObjectMeta {
                name: format!("{}.{nanos:x}", involved.name),
                namespace: namespace.clone(),
                uid: self.rng.uuid(),
                creation_timestamp: Some(now),
                ..Default::default()
            },
            involved_object: involved,
            reason: reason.into(),
            message: message.into(),
            source: EventSource { component: source.component().into(), host: host.clone() },
            first_timestamp: Some(now),
            last_timestamp: Some(now),
            count: Some(1),
            type_: if warning { "Warning" } else { "Normal" }.into(),
            reporting_component: source.component().into(),
            reporting_instance: host,
        };
        let name = event.metadata.name.clone();
        // Its name is new by construction (the instant and a sequence number).
        self.store.put_new(event);
        self.events.by_key.insert(key, (namespace, name));
    }

    fn pod_node(&self, involved: &ObjectReference) -> String {
        if involved.kind != Kind::Pod.name() {
            return String::new();
        }
        self.store
            .get::<super::objects::Pod>(&involved.namespace, &involved.name)
            .map(|p| p.spec.node_name.clone())
            .unwrap_or_default()
    }

    /// Events about the object `name` with `uid`, oldest first (for
    /// `describe`). Event names start with the object's name and a dot, so
    /// this reads a range of the index: describing thousands of pods stays
    /// linear.
    pub fn events_for(&self, namespace: &str, name: &str, uid: &str) -> Vec<&Event> {
        let ns = if namespace.is_empty() { "default" } else { namespace };
        let prefix = format!("{name}.");
        let mut events: Vec<&Event> =
            self.store.events.with_prefix(ns, &prefix).map(|e| &**e).filter(|e| e.involved_object.uid == uid).collect();
        crate::sort::sort_by_key(&mut events, |e| (e.first_timestamp, e.metadata.name.clone()));
        events
    }
}
