//! The Endpoints controller: one Endpoints object per service with a
//! selector, listing ready pod IPs with resolved target ports (named ports
//! too), not-ready pods apart, terminating pods left out.

use std::sync::Arc;

use crate::cluster::Cluster;
use crate::cluster::meta::{ObjectMeta, map_selects};
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::service::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, IntOrString, ObjectReference, Service,
};

/// The container port a service port targets on one pod, if the pod has it.
pub fn resolve_target_port(pod: &Pod, target: Option<&IntOrString>, port: i32) -> Option<i32> {
    match target {
        None => Some(port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::Str(name)) => {
            pod.spec.containers.iter().flat_map(|c| &c.ports).find(|p| &p.name == name).map(|p| p.container_port)
        }
    }
}

/// What the Endpoints of `svc` should hold, given the pods of its namespace.
pub fn desired_subsets<'a>(svc: &Service, pods: impl Iterator<Item = &'a Arc<Pod>>) -> Vec<EndpointSubset> {
    // Pods with the same resolved ports share a subset.
    // (ports, ready, not ready), sorted by ports as a map would keep them.
    type Group = (Vec<(String, i32, String)>, Vec<EndpointAddress>, Vec<EndpointAddress>);
    let mut groups: Vec<Group> = Vec::new();
    for pod in pods {
        if !map_selects(&svc.spec.selector, &pod.metadata.labels)
            || pod.status.pod_ip.is_empty()
            || pod.is_terminating()
            || pod.is_terminal()
        {
            continue;
        }
        let ports: Vec<(String, i32, String)> = svc
            .spec
            .ports
            .iter()
            .filter_map(|p| {
                resolve_target_port(pod, p.target_port.as_ref(), p.port)
                    .map(|n| (p.name.clone(), n, p.protocol.clone()))
            })
            .collect();
        if ports.is_empty() && !svc.spec.ports.is_empty() {
            continue;
        }
        let address = EndpointAddress {
            ip: pod.status.pod_ip.clone(),
            node_name: Some(pod.spec.node_name.clone()).filter(|n| !n.is_empty()),
            target_ref: Some(pod_reference(pod)),
        };
        let i = match groups.binary_search_by(|g| g.0.cmp(&ports)) {
            Ok(i) => i,
            Err(i) => {
                groups.insert(i, (ports, Vec::new(), Vec::new()));
                i
            }
        };
        if pod.is_ready() { groups[i].1.push(address) } else { groups[i].2.push(address) }
    }
    groups
        .into_iter()
        .map(|(ports, mut ready, mut not_ready)| {
            let key = |a: &EndpointAddress| a.ip.split('.').map(|p| p.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
            crate::sort::sort_by_key(&mut ready, key);
            crate::sort::sort_by_key(&mut not_ready, key);
            EndpointSubset {
                addresses: ready,
                not_ready_addresses: not_ready,
                ports: ports.into_iter().map(|(name, port, protocol)| EndpointPort { name, port, protocol }).collect(),
            }
        })
        .collect()
}

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let services: Vec<Arc<Service>> = cluster.store.services.iter().cloned().collect();
    for svc in &services {
        if svc.spec.selector.is_empty() || svc.spec.type_ == "ExternalName" {
            continue;
        }
        let ns = &svc.metadata.namespace;
        let subsets = desired_subsets(svc, cluster.store.pods.in_namespace(ns));
        let existing = cluster.store.get::<Endpoints>(ns, &svc.metadata.name).cloned();
        let mut labels = svc.metadata.labels.clone();
        labels.remove("service.kubernetes.io/headless");
        match existing {
            Some(ep) if ep.subsets == subsets && ep.metadata.labels == labels => {}
            Some(ep) => {
                let mut ep = (*ep).clone();
                ep.subsets = subsets;
                ep.metadata.labels = labels;
                let now = cluster.now;
                ep.metadata
                    .annotations
                    .insert("endpoints.kubernetes.io/last-change-trigger-time".into(), now.rfc3339());
                cluster.store.put(ep);
            }
            None => {
                let ep = Endpoints {
                    metadata: ObjectMeta {
                        name: svc.metadata.name.clone(),
                        namespace: ns.clone(),
                        labels,
                        annotations: [(
                            "endpoints.kubernetes.io/last-change-trigger-time".to_string(),
                            cluster.now.rfc3339(),
                        )]
                        .into(),
                        ..Default::default()
                    },
                    subsets,
                };
                let _ = cluster.create_object(ep, ns);
            }
        }
    }
    // Endpoints whose service is gone (and that the controller manages) go too.
    let orphans: Vec<(String, String)> = cluster
        .store
        .endpoints
        .iter()
        .filter(|ep| {
            ep.metadata.annotations.contains_key("endpoints.kubernetes.io/last-change-trigger-time")
                && cluster.store.get::<Service>(&ep.metadata.namespace, &ep.metadata.name).is_none()
        })
        .map(|ep| (ep.metadata.namespace.clone(), ep.metadata.name.clone()))
        .collect();
    for (ns, name) in orphans {
        cluster.store.remove::<Endpoints>(&ns, &name);
    }
}

/// An endpoint's `targetRef` to its pod (Endpoints and EndpointSlices alike).
pub(crate) fn pod_reference(pod: &Pod) -> ObjectReference {
    ObjectReference {
        kind: "Pod".into(),
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        ..Default::default()
    }
}
