//! The cells of the other kinds in `kubectl get` (upstream `printers.go`):
//! services, deployments, ReplicaSets, nodes, namespaces, endpoints,
//! ConfigMaps and Secrets. Headers come with each function's `*_HEADER`.

use crate::cluster::objects::apps::{Deployment, ReplicaSet};
use crate::cluster::objects::core::{ConfigMap, Namespace, Node, Secret};
use crate::cluster::objects::service::{Endpoints, Service};
use crate::cluster::time::Time;

use super::age::human;

fn age(created: Option<Time>, now: Time) -> String {
    created.map_or("<unknown>".to_string(), |t| human(now.since(t)))
}

fn or_none(s: String) -> String {
    if s.is_empty() { "<none>".into() } else { s }
}

pub const SERVICE_HEADER: [&str; 6] = ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"];

pub fn service_row(svc: &Service, now: Time, wide: bool) -> Vec<String> {
    let spec = &svc.spec;
    let cluster_ip = match spec.type_.as_str() {
        "ExternalName" => "<none>".to_string(),
        _ if spec.cluster_ip == "None" => "None".to_string(),
        _ => or_none(spec.cluster_ips.first().cloned().unwrap_or_else(|| spec.cluster_ip.clone())),
    };
    let external = match spec.type_.as_str() {
        "ExternalName" => spec.external_name.clone(),
        // loadBalancerStatusStringer: the ingress addresses, sorted and cut to
        // 16 characters unless wide; then the external IPs as given.
        "LoadBalancer" => {
            let mut ips: Vec<String> =
                svc.status.load_balancer.ingress.iter().map(|i| i.ip.clone()).filter(|ip| !ip.is_empty()).collect();
            crate::sort::sort(&mut ips);
            ips.dedup();
            let mut joined = ips.join(",");
            if !wide && joined.len() > 16 {
                joined = format!("{}...", &joined[..13]);
            }
            let all: Vec<&str> = (!joined.is_empty())
                .then_some(joined.as_str())
                .into_iter()
                .chain(spec.external_ips.iter().map(String::as_str))
                .collect();
            if all.is_empty() { "<pending>".into() } else { all.join(",") }
        }
        _ => or_none(spec.external_ips.join(",")),
    };
    let ports: Vec<String> = spec
        .ports
        .iter()
        .map(|p| match p.node_port {
            Some(n) if n != 0 => format!("{}:{n}/{}", p.port, p.protocol),
            _ => format!("{}/{}", p.port, p.protocol),
        })
        .collect();
    let mut row = vec![
        svc.metadata.name.clone(),
        spec.type_.clone(),
        cluster_ip,
        external,
        or_none(ports.join(",")),
        age(svc.metadata.creation_timestamp, now),
    ];
    if wide {
        let selector: Vec<String> = spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
        row.push(or_none(selector.join(",")));
    }
    row
}

pub const DEPLOYMENT_HEADER: [&str; 5] = ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
pub const DEPLOYMENT_WIDE: [&str; 3] = ["CONTAINERS", "IMAGES", "SELECTOR"];

pub fn deployment_row(d: &Deployment, now: Time, wide: bool) -> Vec<String> {
    let s = &d.status;
    let mut row = vec![
        d.metadata.name.clone(),
        format!("{}/{}", s.ready_replicas.unwrap_or(0), d.spec.replicas.unwrap_or(1)),
        s.updated_replicas.unwrap_or(0).to_string(),
        s.available_replicas.unwrap_or(0).to_string(),
        age(d.metadata.creation_timestamp, now),
    ];
    if wide {
        let spec = &d.spec.template.spec;
        row.push(spec.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","));
        row.push(spec.containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","));
        row.push(d.spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    }
    row
}

pub const REPLICASET_HEADER: [&str; 5] = ["NAME", "DESIRED", "CURRENT", "READY", "AGE"];

pub fn replicaset_row(rs: &ReplicaSet, now: Time, wide: bool) -> Vec<String> {
    let mut row = vec![
        rs.metadata.name.clone(),
        rs.spec.replicas.unwrap_or(1).to_string(),
        rs.status.replicas.to_string(),
        rs.status.ready_replicas.unwrap_or(0).to_string(),
        age(rs.metadata.creation_timestamp, now),
    ];
    if wide {
        let spec = &rs.spec.template.spec;
        row.push(spec.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","));
        row.push(spec.containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","));
        row.push(rs.spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    }
    row
}

pub const NODE_HEADER: [&str; 5] = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
pub const NODE_WIDE: [&str; 5] = ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"];

pub fn node_row(node: &Node, now: Time, wide: bool) -> Vec<String> {
    let mut status = match node.status.conditions.iter().find(|c| c.type_ == "Ready") {
        // printers.go: anything but True is NotReady (Unknown too).
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if node.spec.unschedulable == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<&str> = node
        .metadata
        .labels
        .keys()
        .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
        .filter(|r| !r.is_empty())
        .collect();
    crate::sort::sort(&mut roles);
    let info = &node.status.node_info;
    let mut row = vec![
        node.metadata.name.clone(),
        status,
        or_none(roles.join(",")),
        age(node.metadata.creation_timestamp, now),
        info.kubelet_version.clone(),
    ];
    if wide {
        let address = |t: &str| {
            node.status.addresses.iter().find(|a| a.type_ == t).map_or("<none>".to_string(), |a| a.address.clone())
        };
        row.push(address("InternalIP"));
        row.push(address("ExternalIP"));
        row.push(info.os_image.clone());
        row.push(info.kernel_version.clone());
        row.push(info.container_runtime_version.clone());
    }
    row
}

pub const NAMESPACE_HEADER: [&str; 3] = ["NAME", "STATUS", "AGE"];

pub fn namespace_row(ns: &Namespace, now: Time) -> Vec<String> {
    vec![ns.metadata.name.clone(), ns.status.phase.clone(), age(ns.metadata.creation_timestamp, now)]
}

pub const ENDPOINTS_HEADER: [&str; 3] = ["NAME", "ENDPOINTS", "AGE"];

/// `ip:port` for each ready address and port, at most three, then ` + N more...`.
pub fn endpoints_row(ep: &Endpoints, now: Time) -> Vec<String> {
    let mut list = Vec::new();
    let mut count = 0;
    for subset in &ep.subsets {
        for address in &subset.addresses {
            if subset.ports.is_empty() {
                count += 1;
                if list.len() < 3 {
                    list.push(address.ip.clone());
                }
            }
            for port in &subset.ports {
                count += 1;
                if list.len() < 3 {
                    list.push(format!("{}:{}", address.ip, port.port));
                }
            }
        }
    }
    let mut text = list.join(",");
    if count > list.len() {
        text.push_str(&format!(" + {} more...", count - list.len()));
    }
    vec![ep.metadata.name.clone(), or_none(text), age(ep.metadata.creation_timestamp, now)]
}

pub const CONFIGMAP_HEADER: [&str; 3] = ["NAME", "DATA", "AGE"];

pub fn configmap_row(cm: &ConfigMap, now: Time) -> Vec<String> {
    vec![
        cm.metadata.name.clone(),
        (cm.data.len() + cm.binary_data.len()).to_string(),
        age(cm.metadata.creation_timestamp, now),
    ]
}

pub const SECRET_HEADER: [&str; 4] = ["NAME", "TYPE", "DATA", "AGE"];

pub fn secret_row(s: &Secret, now: Time) -> Vec<String> {
    vec![s.metadata.name.clone(), s.type_.clone(), s.data.len().to_string(), age(s.metadata.creation_timestamp, now)]
}
