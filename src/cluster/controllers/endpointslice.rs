//! The EndpointSlice controller (kube-controller-manager's
//! `endpointslice-controller.k8s.io`, `k8s.io/endpointslice`'s reconciler),
//! and the API server's slice for the `kubernetes` service
//! (`pkg/controlplane/reconcilers/endpointsadapter.go`).
//!
//! Every cluster has services, but few learners read their slices, so the
//! slices cost nothing until something asks for them: [`materialise`] (the
//! first `kubectl` line naming `endpointslices`) writes what the controller
//! would have written, dated from each service's creation, and from then on
//! [`reconcile`] runs, only while the store holds a slice. Deleting a slice
//! makes the controller write a new one (a new `generateName` suffix). The
//! whole module is in the page's lazy part.
//!
//! What a slice holds (utils.go `newEndpointSlice`, `podToEndpoint`): labels
//! `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`
//! beside the service's own, an owner reference to the service, one endpoint
//! per pod with an IP (terminating pods too) with `ready`, `serving` and
//! `terminating`, its node and a `targetRef`; no `zone` (minikube's node has
//! no topology label). Pods whose resolved ports differ go to different
//! slices; a service without pods keeps a placeholder slice with neither
//! ports nor endpoints.

use std::sync::Arc;

use serde_json::Value;

use crate::cluster::Cluster;
use crate::cluster::meta::{ObjectMeta, OwnerReference, map_selects};
use crate::cluster::objects::discovery::{EndpointConditions, EndpointSlice, SliceEndpoint, SlicePort};
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::service::{Endpoints, Service};
use crate::cluster::time::Time;

use super::endpoints::resolve_target_port;

pub const SERVICE_NAME: &str = "kubernetes.io/service-name";
pub const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
pub const CONTROLLER: &str = "endpointslice-controller.k8s.io";
const TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";

/// The slices as the controllers would have kept them since the start: run
/// the first time anything reads EndpointSlices (a no-op once they exist).
#[inline(never)]
pub fn materialise(cluster: &mut Cluster) {
    if cluster.store.endpoint_slices.is_empty() {
        sync(cluster, true);
    }
}

/// One round (called only while the store holds a slice).
#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    sync(cluster, false);
}

fn sync(cluster: &mut Cluster, backdate: bool) {
    let services: Vec<Arc<Service>> = cluster.store.services.iter().cloned().collect();
    for svc in &services {
        if svc.metadata.namespace == "default" && svc.metadata.name == "kubernetes" {
            api_server_slice(cluster, svc, backdate);
        } else if !svc.spec.selector.is_empty() && svc.spec.type_ != "ExternalName" {
            sync_service(cluster, svc, backdate);
        }
    }
    // Slices of a service that is gone (the garbage collector would follow
    // their owner reference the same way).
    let orphans: Vec<(String, String)> = cluster
        .store
        .endpoint_slices
        .iter()
        .filter(|s| {
            let owner = s.metadata.labels.get(SERVICE_NAME).map(String::as_str).unwrap_or("");
            s.metadata.labels.get(MANAGED_BY).map(String::as_str) == Some(CONTROLLER)
                && cluster.store.get::<Service>(&s.metadata.namespace, owner).is_none()
        })
        .map(|s| (s.metadata.namespace.clone(), s.metadata.name.clone()))
        .collect();
    for (ns, name) in orphans {
        cluster.store.remove::<EndpointSlice>(&ns, &name);
    }
}

/// Creates a slice, dated `at` (the materialisation dates slices back to
/// when the controller would have made them).
fn create(cluster: &mut Cluster, slice: EndpointSlice, at: Time) {
    let ns = slice.metadata.namespace.clone();
    let now = cluster.now;
    cluster.now = at.min(now);
    let _ = cluster.create_object(slice, &ns);
    cluster.now = now;
}

/// The `kubernetes` slice the API server's endpoint reconciler writes beside
/// its Endpoints: named after the service, one label, `ready` only.
fn api_server_slice(cluster: &mut Cluster, svc: &Service, backdate: bool) {
    let Some(ep) = cluster.store.get::<Endpoints>("default", "kubernetes").cloned() else { return };
    let mut desired = EndpointSlice {
        metadata: ObjectMeta {
            name: "kubernetes".into(),
            namespace: "default".into(),
            labels: [(SERVICE_NAME.to_string(), "kubernetes".to_string())].into(),
            ..Default::default()
        },
        address_type: "IPv4".into(),
        endpoints: None,
        ports: None,
    };
    if let Some(subset) = ep.subsets.first() {
        desired.ports = Some(
            subset
                .ports
                .iter()
                .map(|p| SlicePort {
                    name: Some(p.name.clone()),
                    port: Some(p.port),
                    protocol: Some(p.protocol.clone()),
                    app_protocol: None,
                })
                .collect(),
        );
        let endpoint = |ip: &str, ready: bool| SliceEndpoint {
            addresses: vec![ip.to_string()],
            conditions: EndpointConditions { ready: Some(ready), ..Default::default() },
            ..Default::default()
        };
        let mut list: Vec<SliceEndpoint> = subset.addresses.iter().map(|a| endpoint(&a.ip, true)).collect();
        list.extend(subset.not_ready_addresses.iter().map(|a| endpoint(&a.ip, false)));
        desired.endpoints = Some(list).filter(|l| !l.is_empty());
    }
    match cluster.store.get::<EndpointSlice>("default", "kubernetes").cloned() {
        None => {
            let at = if backdate { ep.metadata.creation_timestamp.or(svc.metadata.creation_timestamp) } else { None };
            create(cluster, desired, at.unwrap_or(cluster.now));
        }
        Some(old) if old.endpoints != desired.endpoints || old.ports != desired.ports => {
            let mut slice = (*old).clone();
            slice.endpoints = desired.endpoints;
            slice.ports = desired.ports;
            let _ = cluster.update_object(slice, "default");
        }
        Some(_) => {}
    }
}

/// podToEndpoint: the pod's address, conditions, node and reference.
fn endpoint_of(pod: &Pod, svc: &Service) -> SliceEndpoint {
    let publish = svc.spec.extra.get("publishNotReadyAddresses").and_then(Value::as_bool) == Some(true);
    let serving = pod.is_ready();
    let terminating = pod.is_terminating();
    // "ready" is never true for a terminating pod unless the service
    // publishes not-ready addresses.
    let ready = (publish || serving) && (!terminating || publish);
    // ShouldSetHostname: the pod's hostname, when its subdomain is the service.
    let subdomain = pod.spec.extra.get("subdomain").and_then(Value::as_str);
    let hostname = (!pod.spec.hostname.is_empty() && subdomain == Some(svc.metadata.name.as_str()))
        .then(|| pod.spec.hostname.clone());
    SliceEndpoint {
        addresses: vec![pod.status.pod_ip.clone()],
        conditions: EndpointConditions { ready: Some(ready), serving: Some(serving), terminating: Some(terminating) },
        hostname,
        node_name: Some(pod.spec.node_name.clone()).filter(|n| !n.is_empty()),
        target_ref: Some(super::endpoints::pod_reference(pod)),
        zone: None,
    }
}

fn ip_key(e: &SliceEndpoint) -> Vec<u32> {
    let ip = e.addresses.first().map(String::as_str).unwrap_or("");
    ip.split('.').map(|p| p.parse::<u32>().unwrap_or(0)).collect()
}

/// The endpoints a service's slices should hold, grouped by resolved ports.
fn desired_groups(cluster: &Cluster, svc: &Service) -> Vec<(Vec<SlicePort>, Vec<SliceEndpoint>)> {
    let mut groups: Vec<(Vec<SlicePort>, Vec<SliceEndpoint>)> = Vec::new();
    for pod in cluster.store.pods.in_namespace(&svc.metadata.namespace) {
        if !map_selects(&svc.spec.selector, &pod.metadata.labels) || pod.status.pod_ip.is_empty() || pod.is_terminal() {
            continue;
        }
        let ports: Vec<SlicePort> = svc
            .spec
            .ports
            .iter()
            .filter_map(|p| {
                resolve_target_port(pod, p.target_port.as_ref(), p.port).map(|n| SlicePort {
                    name: Some(p.name.clone()),
                    port: Some(n),
                    protocol: Some(p.protocol.clone()),
                    app_protocol: p.extra.get("appProtocol").and_then(Value::as_str).map(str::to_string),
                })
            })
            .collect();
        let endpoint = endpoint_of(pod, svc);
        match groups.iter_mut().find(|g| g.0 == ports) {
            Some(g) => g.1.push(endpoint),
            None => groups.push((ports, vec![endpoint])),
        }
    }
    for g in &mut groups {
        crate::sort::sort_by_key(&mut g.1, ip_key);
    }
    groups
}

/// The labels of a service's slices (setEndpointSliceLabels).
fn slice_labels(svc: &Service) -> crate::cluster::meta::Labels {
    let mut labels = (*svc.metadata.labels).clone();
    labels.remove(SERVICE_NAME);
    labels.remove(MANAGED_BY);
    if svc.spec.cluster_ip.is_empty() || svc.spec.cluster_ip == "None" {
        labels.insert("service.kubernetes.io/headless".into(), String::new());
    }
    labels.insert(SERVICE_NAME.into(), svc.metadata.name.clone());
    labels.insert(MANAGED_BY.into(), CONTROLLER.into());
    labels
}

fn sync_service(cluster: &mut Cluster, svc: &Service, backdate: bool) {
    let ns = svc.metadata.namespace.clone();
    let name = &svc.metadata.name;
    let mut existing: Vec<Arc<EndpointSlice>> = cluster
        .store
        .endpoint_slices
        .in_namespace(&ns)
        .filter(|s| {
            s.metadata.labels.get(SERVICE_NAME) == Some(name)
                && s.metadata.labels.get(MANAGED_BY).map(String::as_str) == Some(CONTROLLER)
        })
        .cloned()
        .collect();
    let mut groups = desired_groups(cluster, svc);
    // No endpoints at all: one placeholder, without ports.
    let placeholder = groups.is_empty();
    if placeholder {
        groups.push((Vec::new(), Vec::new()));
    }
    let labels = slice_labels(svc);
    // When the change happened: now, or at materialisation the time the
    // endpoints controller last wrote the service's Endpoints.
    let ep_time = cluster
        .store
        .get::<Endpoints>(&ns, name)
        .and_then(|ep| ep.metadata.annotations.get(TRIGGER_TIME).cloned());
    let trigger = if backdate { ep_time.unwrap_or_else(|| cluster.now.rfc3339()) } else { cluster.now.rfc3339() };
    // Groups whose ports a slice has update it; the others take a slice
    // that would be deleted (finalize: an update instead of a delete and a
    // create, the name kept), else a new one.
    let groups: Vec<(Option<Vec<SlicePort>>, Vec<SliceEndpoint>, Option<Arc<EndpointSlice>>)> = groups
        .into_iter()
        .map(|(ports, endpoints)| {
            let ports = Some(ports).filter(|p| !p.is_empty());
            let found = existing.iter().position(|s| s.ports == ports).map(|i| existing.remove(i));
            (ports, endpoints, found)
        })
        .collect();
    for (ports, endpoints, found) in groups {
        let found = found.or_else(|| existing.pop().map(|old| {
            let mut reused = (*old).clone();
            reused.ports = ports.clone();
            Arc::new(reused)
        }));
        match found {
            Some(old) => {
                // Endpoints still wanted keep their place; new ones go last.
                let mut list: Vec<SliceEndpoint> = old
                    .endpoint_list()
                    .iter()
                    .filter_map(|e| endpoints.iter().find(|d| d.target_ref == e.target_ref && d.addresses == e.addresses))
                    .cloned()
                    .collect();
                for e in &endpoints {
                    if !list.iter().any(|l| l.target_ref == e.target_ref && l.addresses == e.addresses) {
                        list.push(e.clone());
                    }
                }
                let list = Some(list).filter(|l| !l.is_empty());
                let stored = cluster.store.get::<EndpointSlice>(&ns, &old.metadata.name).cloned();
                if stored.as_deref() == Some(&*old) && old.endpoints == list && *old.metadata.labels == labels {
                    continue;
                }
                let mut slice = (*old).clone();
                slice.endpoints = list;
                slice.metadata.labels = labels.clone().into();
                slice.metadata.annotations.insert(TRIGGER_TIME.into(), trigger.clone());
                let _ = cluster.update_object(slice, &ns);
            }
            None => {
                let slice = EndpointSlice {
                    metadata: ObjectMeta {
                        generate_name: format!("{name}-"),
                        namespace: ns.clone(),
                        labels: labels.clone().into(),
                        annotations: if placeholder {
                            Default::default()
                        } else {
                            [(TRIGGER_TIME.to_string(), trigger.clone())].into()
                        },
                        owner_references: vec![OwnerReference {
                            api_version: "v1".into(),
                            kind: "Service".into(),
                            name: name.clone(),
                            uid: svc.metadata.uid.clone(),
                            controller: Some(true),
                            block_owner_deletion: Some(true),
                        }]
                        .into(),
                        ..Default::default()
                    },
                    address_type: "IPv4".into(),
                    endpoints: Some(endpoints).filter(|l| !l.is_empty()),
                    ports,
                };
                let at = if backdate { svc.metadata.creation_timestamp.unwrap_or(cluster.now) } else { cluster.now };
                create(cluster, slice, at);
            }
        }
    }
    // Slices whose ports no pod has any more.
    for old in existing {
        cluster.store.remove::<EndpointSlice>(&ns, &old.metadata.name);
    }
}
