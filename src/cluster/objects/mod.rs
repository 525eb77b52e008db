//! The API objects the simulated cluster serves, and what is common to them.

pub mod apps;
pub mod autoscaling;
pub mod batch;
pub mod core;
pub mod daemonset;
pub mod discovery;
pub mod networking;
pub mod pod;
pub mod service;
pub mod statefulset;
pub mod storage;

use std::sync::Arc;

use crate::cluster::codec::{Decode, Encode};
use serde_json::Value;

pub use self::apps::{Deployment, PodTemplateSpec, ReplicaSet};
pub use self::autoscaling::HorizontalPodAutoscaler;
pub use self::batch::{CronJob, Job};
pub use self::core::{ConfigMap, Event, Namespace, Node, Secret};
pub use self::daemonset::DaemonSet;
pub use self::networking::{Ingress, IngressClass};
pub use self::pod::Pod;
pub use self::service::{Endpoints, IntOrString, Service};
pub use self::statefulset::StatefulSet;
pub use self::discovery::EndpointSlice;
pub use self::storage::{PersistentVolume, PersistentVolumeClaim, StorageClass};
use super::meta::ObjectMeta;
use super::store::{Store, Table};

/// Every kind the cluster serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    Service,
    Endpoints,
    Deployment,
    ReplicaSet,
    Event,
    ConfigMap,
    Secret,
    Job,
    CronJob,
    Ingress,
    IngressClass,
    // Storage (issue 14)
    StorageClass,
    PersistentVolume,
    PersistentVolumeClaim,
    StatefulSet,
    DaemonSet,
    // Autoscaling (issue 14)
    HorizontalPodAutoscaler,
    // discovery.k8s.io (made on first read: controllers::endpointslice)
    EndpointSlice,
}

impl Kind {
    pub const ALL: [Kind; 21] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::Service,
        Kind::Endpoints,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::Event,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::Job,
        Kind::CronJob,
        Kind::Ingress,
        Kind::IngressClass,
        Kind::StorageClass,
        Kind::PersistentVolume,
        Kind::PersistentVolumeClaim,
        Kind::StatefulSet,
        Kind::DaemonSet,
        Kind::HorizontalPodAutoscaler,
        Kind::EndpointSlice,
    ];

    /// The `kind` field: `Pod`, `Deployment`…
    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::Pod => "Pod",
            Kind::Service => "Service",
            Kind::Endpoints => "Endpoints",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Event => "Event",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::Ingress => "Ingress",
            Kind::IngressClass => "IngressClass",
            Kind::StorageClass => "StorageClass",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::StatefulSet => "StatefulSet",
            Kind::DaemonSet => "DaemonSet",
            Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            Kind::EndpointSlice => "EndpointSlice",
        }
    }

    /// The API group: empty for the core group.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet | Kind::DaemonSet => "apps",
            Kind::Job | Kind::CronJob => "batch",
            Kind::Ingress | Kind::IngressClass => "networking.k8s.io",
            Kind::StorageClass => "storage.k8s.io",
            Kind::HorizontalPodAutoscaler => "autoscaling",
            Kind::EndpointSlice => "discovery.k8s.io",
            _ => "",
        }
    }

    /// The `apiVersion` field: `v1`, `apps/v1`.
    pub fn api_version(self) -> &'static str {
        match self.group() {
            "apps" => "apps/v1",
            "batch" => "batch/v1",
            "networking.k8s.io" => "networking.k8s.io/v1",
            "storage.k8s.io" => "storage.k8s.io/v1",
            "autoscaling" => "autoscaling/v2",
            "discovery.k8s.io" => "discovery.k8s.io/v1",
            _ => "v1",
        }
    }

    /// The resource name: `pods`, `deployments`…
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Node => "nodes",
            Kind::Pod => "pods",
            Kind::Service => "services",
            Kind::Endpoints => "endpoints",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::Event => "events",
            Kind::ConfigMap => "configmaps",
            Kind::Secret => "secrets",
            Kind::Job => "jobs",
            Kind::CronJob => "cronjobs",
            Kind::Ingress => "ingresses",
            Kind::IngressClass => "ingressclasses",
            Kind::StorageClass => "storageclasses",
            Kind::PersistentVolume => "persistentvolumes",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::StatefulSet => "statefulsets",
            Kind::DaemonSet => "daemonsets",
            Kind::HorizontalPodAutoscaler => "horizontalpodautoscalers",
            Kind::EndpointSlice => "endpointslices",
        }
    }

    /// `pods`, `deployments.apps`: how API errors name a resource.
    pub fn group_resource(self) -> String {
        match self.group() {
            "" => self.plural().to_string(),
            group => format!("{}.{group}", self.plural()),
        }
    }

    /// `Pod`, `Deployment.apps`: how validation errors name a kind.
    pub fn group_kind(self) -> String {
        match self.group() {
            "" => self.name().to_string(),
            group => format!("{}.{group}", self.name()),
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::Node | Kind::IngressClass | Kind::StorageClass | Kind::PersistentVolume)
    }

    /// The OpenAPI definition name, for strict decoding.
    pub fn definition(self) -> String {
        let package = match self.group() {
            "" => "core",
            group => group.split('.').next().unwrap_or(group),
        };
        let version = self.api_version().rsplit('/').next().unwrap_or("v1");
        format!("io.k8s.api.{package}.{version}.{}", self.name())
    }

    /// The storage kinds, StatefulSets, DaemonSets, HorizontalPodAutoscalers and EndpointSlices
    /// (the last of `Kind`, in the page's lazy part: their create, update and
    /// delete go through functions of their own).
    pub fn is_storage(self) -> bool {
        self >= Kind::StorageClass
    }

    /// The kind for an `apiVersion`/`kind` pair, if the cluster serves it.
    pub fn from_type(api_version: &str, kind: &str) -> Option<Kind> {
        // (autoscaling/v1 is served too: an HPA is stored as v2.)
        Kind::ALL.into_iter().find(|k| {
            k.name() == kind
                && (k.api_version() == api_version
                    || (*k == Kind::HorizontalPodAutoscaler && api_version == "autoscaling/v1"))
        })
    }
}

/// What the store and the API need from every typed object.
pub trait Resource: Clone + PartialEq + Decode + Encode + 'static {
    const KIND: Kind;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    fn table(store: &Store) -> &Table<Self>;
    fn table_mut(store: &mut Store) -> &mut Table<Self>;
    fn wrap(this: Arc<Self>) -> Object;
    /// The typed object inside an [`Object`] of this kind.
    fn unwrap(object: &Object) -> Option<&Arc<Self>>;
    fn unwrap_owned(object: Object) -> Option<Arc<Self>>;
}

/// Any stored object, shared (cheap to clone).
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Namespace(Arc<Namespace>),
    Node(Arc<Node>),
    Pod(Arc<Pod>),
    Service(Arc<Service>),
    Endpoints(Arc<Endpoints>),
    Deployment(Arc<Deployment>),
    ReplicaSet(Arc<ReplicaSet>),
    Event(Arc<Event>),
    ConfigMap(Arc<ConfigMap>),
    Secret(Arc<Secret>),
    Job(Arc<Job>),
    CronJob(Arc<CronJob>),
    Ingress(Arc<Ingress>),
    IngressClass(Arc<IngressClass>),
    StorageClass(Arc<StorageClass>),
    PersistentVolume(Arc<PersistentVolume>),
    PersistentVolumeClaim(Arc<PersistentVolumeClaim>),
    StatefulSet(Arc<StatefulSet>),
    DaemonSet(Arc<DaemonSet>),
    HorizontalPodAutoscaler(Arc<HorizontalPodAutoscaler>),
    EndpointSlice(Arc<EndpointSlice>),
}

macro_rules! resources {
    ($($kind:ident => $field:ident),* $(,)?) => {
        $(
            impl Resource for $kind {
                const KIND: Kind = Kind::$kind;
                fn meta(&self) -> &ObjectMeta { &self.metadata }
                fn meta_mut(&mut self) -> &mut ObjectMeta { crate::cluster::meta::MetaSlot::get_mut(&mut self.metadata) }
                fn table(store: &Store) -> &Table<Self> { &store.$field }
                fn table_mut(store: &mut Store) -> &mut Table<Self> { &mut store.$field }
                fn wrap(this: Arc<Self>) -> Object { Object::$kind(this) }
                fn unwrap(object: &Object) -> Option<&Arc<Self>> {
                    match object { Object::$kind(o) => Some(o), _ => None }
                }
                fn unwrap_owned(object: Object) -> Option<Arc<Self>> {
                    match object { Object::$kind(o) => Some(o), _ => None }
                }
            }
        )*

        impl Object {
            pub fn kind(&self) -> Kind {
                match self { $(Object::$kind(_) => Kind::$kind,)* }
            }
            pub fn meta(&self) -> &ObjectMeta {
                match self { $(Object::$kind(o) => &o.metadata,)* }
            }
            /// The object as the API returns it: `apiVersion` and `kind` first.
            pub fn to_value(&self) -> Value {
                let body = match self {
                    $(Object::$kind(o) => encode_of(&**o),)*
                };
                with_type_meta(self.kind(), body)
            }
        }

    };
}

resources! {
    Namespace => namespaces,
    Node => nodes,
    Pod => pods,
    Service => services,
    Endpoints => endpoints,
    Deployment => deployments,
    ReplicaSet => replicasets,
    Event => events,
    ConfigMap => configmaps,
    Secret => secrets,
    Job => jobs,
    CronJob => cronjobs,
    Ingress => ingresses,
    IngressClass => ingressclasses,
    StorageClass => storage_classes,
    PersistentVolume => persistent_volumes,
    PersistentVolumeClaim => persistent_volume_claims,
    StatefulSet => statefulsets,
    DaemonSet => daemonsets,
    HorizontalPodAutoscaler => hpas,
    EndpointSlice => endpoint_slices,
}

/// An object's JSON body, never inlined into [`Object::to_value`]: a lazy
/// kind's encoder stays out of the page's first part.
#[inline(never)]
fn encode_of<T: Encode>(object: &T) -> Value {
    object.encode()
}

pub(crate) fn with_type_meta(kind: Kind, body: Value) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("apiVersion".into(), Value::String(kind.api_version().into()));
    out.insert("kind".into(), Value::String(kind.name().into()));
    if let Value::Object(fields) = body {
        out.extend(fields);
    }
    Value::Object(out)
}

/// Runs `$body` with `$t` bound to the typed object of a runtime [`Kind`], for
/// code that handles every kind alike (deletion by kind, garbage collection).
macro_rules! with_kind {
    ($kind:expr, $t:ident => $body:expr) => {{
        use $crate::cluster::objects as o;
        match $kind {
            o::Kind::Namespace => {
                type $t = o::Namespace;
                $body
            }
            o::Kind::Node => {
                type $t = o::Node;
                $body
            }
            o::Kind::Pod => {
                type $t = o::Pod;
                $body
            }
            o::Kind::Service => {
                type $t = o::Service;
                $body
            }
            o::Kind::Endpoints => {
                type $t = o::Endpoints;
                $body
            }
            o::Kind::Deployment => {
                type $t = o::Deployment;
                $body
            }
            o::Kind::ReplicaSet => {
                type $t = o::ReplicaSet;
                $body
            }
            o::Kind::Event => {
                type $t = o::Event;
                $body
            }
            o::Kind::ConfigMap => {
                type $t = o::ConfigMap;
                $body
            }
            o::Kind::Secret => {
                type $t = o::Secret;
                $body
            }
            o::Kind::Job => {
                type $t = o::Job;
                $body
            }
            o::Kind::CronJob => {
                type $t = o::CronJob;
                $body
            }
            o::Kind::Ingress => {
                type $t = o::Ingress;
                $body
            }
            o::Kind::IngressClass => {
                type $t = o::IngressClass;
                $body
            }
            o::Kind::StorageClass => {
                type $t = o::StorageClass;
                $body
            }
            o::Kind::PersistentVolume => {
                type $t = o::PersistentVolume;
                $body
            }
            o::Kind::PersistentVolumeClaim => {
                type $t = o::PersistentVolumeClaim;
                $body
            }
            o::Kind::StatefulSet => {
                type $t = o::StatefulSet;
                $body
            }
            o::Kind::DaemonSet => {
                type $t = o::DaemonSet;
                $body
            }
            o::Kind::HorizontalPodAutoscaler => {
                type $t = o::HorizontalPodAutoscaler;
                $body
            }
            o::Kind::EndpointSlice => {
                type $t = o::EndpointSlice;
                $body
            }
        }
    }};
}
pub(crate) use with_kind;
