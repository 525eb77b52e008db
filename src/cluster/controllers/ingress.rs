//! minikube's ingress addon and the ingress-nginx controller it runs
//! (ingress-nginx v1.11.3, as minikube v1.35.0 ships it): the objects of
//! `deploy/addons/ingress/ingress-deploy.yaml.tmpl` (in the node book), the controller's
//! `Sync` events and its status syncer (the node's internal IP written in
//! each Ingress of its class every 60 s, `--report-node-internal-ip-address`),
//! and what nginx answers on the node's ports 80 and 443 (`hostPort`): the
//! rules by host and path, round-robin over the backend's endpoints, its own
//! 404, 502 and 503 pages, and the self-signed "Fake Certificate". Run only
//! while the store holds an Ingress (`controllers::run_all`), and in the
//! page's lazy part.

use std::sync::Arc;

use serde_json::Value;

use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::objects::networking::{
    CLASS_ANNOTATION, HttpIngressPath, Ingress, IngressBackend, IngressLoadBalancerIngress,
};
use crate::cluster::objects::{Endpoints, Kind, Pod};
use crate::cluster::time::Time;

/// The addon's namespace.
pub const NAMESPACE: &str = "ingress-nginx";
/// The controller's Deployment (and its NodePort service).
pub const CONTROLLER: &str = "ingress-nginx-controller";
/// The IngressClass the addon installs, marked as the default one.
pub const CLASS: &str = "nginx";
/// ingress-nginx's status syncer period (`internal/ingress/status`).
const STATUS_PERIOD_MS: i64 = 60_000;

/// What the controller remembers between rounds.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The resourceVersion of each Ingress the controller last synced
    /// (`NAMESPACE\0NAME`, version).
    synced: Vec<(String, String)>,
    /// The status syncer's last run.
    last_status: Option<Time>,
    wakeup: Option<Time>,
}

/// Whether the addon's controller is installed (minikube keeps the addon's
/// state in its profile; here, the controller's Deployment stands for it).
pub fn addon_enabled(cluster: &Cluster) -> bool {
    cluster.store.deployments.get(NAMESPACE, CONTROLLER).is_some_and(|d| d.metadata.deletion_timestamp.is_none())
}

/// `minikube addons enable ingress`: `kubectl apply` of the addon's manifest
/// (`/etc/kubernetes/addons/ingress-deploy.yaml` on the node, in the node
/// book), the kinds the cluster serves.
#[inline(never)]
pub fn enable_addon(cluster: &mut Cluster, manifest: &[Value]) {
    for object in manifest {
        let ns = object.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
        // Already there (enabled twice): `kubectl apply` leaves it as it is.
        let _ = cluster.create(object, &ns);
    }
}

/// `minikube addons disable ingress`: `kubectl delete -f` of the manifest
/// (the namespace takes what is in it).
#[inline(never)]
pub fn disable_addon(cluster: &mut Cluster) {
    let _ = cluster.delete(Kind::IngressClass, "", CLASS, DeleteOptions::default());
    let _ = cluster.delete(Kind::Namespace, "", NAMESPACE, DeleteOptions::default());
}

/// Whether the controller's pod is ready (what minikube waits for).
pub fn controller_ready(cluster: &Cluster) -> bool {
    controller_pod(cluster).is_some()
}

/// The controller pod that serves, with when it became ready.
fn controller_pod(cluster: &Cluster) -> Option<(Arc<Pod>, Time)> {
    cluster
        .store
        .pods
        .in_namespace(NAMESPACE)
        .filter(|p| {
            p.metadata.labels.get("app.kubernetes.io/component").map(String::as_str) == Some("controller")
                && p.metadata.deletion_timestamp.is_none()
                && p.is_ready()
        })
        .find_map(|p| {
            let since = p.condition("Ready").and_then(|c| c.last_transition_time)?;
            Some((p.clone(), since))
        })
}

/// The controller's class: `ingressClassName: nginx`, or the legacy
/// annotation.
fn handles(ing: &Ingress) -> bool {
    if ing.metadata.deletion_timestamp.is_some() {
        return false;
    }
    match (&ing.spec.ingress_class_name, ing.metadata.annotations.get(CLASS_ANNOTATION)) {
        (Some(class), _) => class == CLASS,
        (None, Some(annotation)) => annotation == CLASS,
        // Without `--watch-ingress-without-class`, an Ingress of no class is
        // not this controller's (the default class is set when it is created).
        (None, None) => false,
    }
}

fn key(ing: &Ingress) -> String {
    super::object_key(&ing.metadata.namespace, &ing.metadata.name)
}

#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let now = cluster.now;
    let ingresses: Vec<Arc<Ingress>> = cluster.store.ingresses.iter().cloned().collect();
    let mut state = std::mem::take(&mut cluster.ingress);
    state.synced.retain(|(k, _)| ingresses.iter().any(|i| key(i) == *k));
    state.wakeup = None;
    let Some((pod, ready)) = controller_pod(cluster) else {
        // Shut down: the last controller takes its address back.
        if !addon_enabled(cluster) {
            for ing in &ingresses {
                if !ing.status.load_balancer.ingress.is_empty() && handles(ing) {
                    let mut changed = (**ing).clone();
                    changed.status = Default::default();
                    cluster.store.put(changed);
                }
            }
            state.synced.clear();
            state.last_status = None;
        }
        cluster.ingress = state;
        return;
    };
    // Every add or update the informer sees: "Scheduled for sync".
    for ing in ingresses.iter().filter(|i| handles(i)) {
        let k = key(ing);
        let version = ing.metadata.resource_version.clone();
        match state.synced.iter_mut().find(|(s, _)| *s == k) {
            Some((_, v)) if *v == version => continue,
            Some((_, v)) => *v = version,
            None => state.synced.push((k, version)),
        }
        cluster.record_event(reference_to(&**ing, ""), false, "Sync", "Scheduled for sync", Source::IngressController);
    }
    // The status syncer: at the controller's start, then every 60 s.
    let elapsed = now.since(ready).max(0);
    let tick = ready.plus_millis(elapsed - elapsed % STATUS_PERIOD_MS);
    let address = node_ip(cluster, &pod.spec.node_name);
    let pending = ingresses.iter().any(|i| handles(i) && !has_address(i, &address));
    // (It ran at its last tick whether or not it had an Ingress to write.)
    if state.last_status.is_none() && tick < now {
        state.last_status = Some(tick);
    }
    if state.last_status.is_none_or(|t| t < tick) {
        state.last_status = Some(tick);
        for ing in ingresses.iter().filter(|i| handles(i) && !has_address(i, &address)) {
            let mut changed = (**ing).clone();
            changed.status.load_balancer.ingress =
                vec![IngressLoadBalancerIngress { ip: address.clone(), ..Default::default() }];
            cluster.store.put(changed);
        }
    } else if pending {
        state.wakeup = Some(tick.plus_millis(STATUS_PERIOD_MS));
    }
    cluster.ingress = state;
}

fn has_address(ing: &Ingress, ip: &str) -> bool {
    matches!(ing.status.load_balancer.ingress.as_slice(), [one] if one.ip == ip)
}

fn node_ip(cluster: &Cluster, node: &str) -> String {
    cluster
        .store
        .nodes
        .get("", node)
        .and_then(|n| n.status.addresses.iter().find(|a| a.type_ == "InternalIP").map(|a| a.address.clone()))
        .unwrap_or_default()
}

pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster.ingress.wakeup
}

/// Whether nginx listens on `ip`'s ports 80 and 443: the controller's
/// container runs on that node (its `hostPort`s).
pub fn listens_on(cluster: &Cluster, ip: &str) -> bool {
    cluster.store.pods.in_namespace(NAMESPACE).any(|p| {
        p.metadata.labels.get("app.kubernetes.io/component").map(String::as_str) == Some("controller")
            && p.status.phase == "Running"
            && p.metadata.deletion_timestamp.is_none()
            && node_ip(cluster, &p.spec.node_name) == ip
    })
}

fn page(status: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>{status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// curl's words for the controller's self-signed certificate (without `-k`).
pub const CERTIFICATE_ERROR: &str = "curl: (60) SSL certificate problem: self-signed certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the webpage mentioned above.";

/// Whether `rule_path` of `kind` matches `path`, and how long the match is
/// (nginx's longest location wins; an exact one before a prefix).
fn matches(p: &HttpIngressPath, path: &str) -> Option<(usize, bool)> {
    let rule = if p.path.is_empty() { "/" } else { p.path.as_str() };
    match p.path_type.as_deref() {
        Some("Exact") => (path == rule).then_some((rule.len(), true)),
        Some("Prefix") => {
            let trimmed = rule.trim_end_matches('/');
            let ok = trimmed.is_empty()
                || path == trimmed
                || path.strip_prefix(trimmed).is_some_and(|rest| rest.starts_with('/'));
            ok.then_some((trimmed.len().max(1), false))
        }
        // ImplementationSpecific: nginx's own prefix location.
        _ => path.starts_with(rule).then_some((rule.len(), false)),
    }
}

fn host_matches(rule: &str, host: &str) -> bool {
    match rule.strip_prefix("*.") {
        Some(domain) => host.split_once('.').is_some_and(|(first, rest)| !first.is_empty() && rest == domain),
        None => rule == host,
    }
}

/// What nginx answers on the node for `host` (the `Host` header) and `path`.
#[inline(never)]
pub fn serve(cluster: &mut Cluster, host: &str, path: &str) -> String {
    let host = host.rsplit_once(':').map_or(host, |(h, port)| if port.parse::<u16>().is_ok() { h } else { host });
    let path_only = path.split(['?', '#']).next().unwrap_or("/");
    let mut ingresses: Vec<Arc<Ingress>> = cluster.store.ingresses.iter().filter(|i| handles(i)).cloned().collect();
    crate::sort::sort_by_key(&mut ingresses, |i| i.metadata.creation_timestamp);
    // The server for the host: its rules, else the catch-all server's.
    let has_server =
        ingresses.iter().any(|i| i.spec.rules.iter().any(|r| !r.host.is_empty() && host_matches(&r.host, host)));
    let mut best: Option<((usize, bool), String, IngressBackend)> = None;
    for ing in &ingresses {
        for rule in &ing.spec.rules {
            let ours =
                if has_server { !rule.host.is_empty() && host_matches(&rule.host, host) } else { rule.host.is_empty() };
            if !ours {
                continue;
            }
            for p in rule.http.iter().flat_map(|h| h.paths.iter()) {
                if let Some(m) = matches(p, path_only)
                    && best.as_ref().is_none_or(|(b, _, _)| m > *b)
                {
                    best = Some((m, ing.metadata.namespace.clone(), p.backend.clone()));
                }
            }
        }
    }
    let target = best.map(|(_, ns, b)| (ns, b)).or_else(|| {
        ingresses.iter().find_map(|i| i.spec.default_backend.clone().map(|b| (i.metadata.namespace.clone(), b)))
    });
    let Some((ns, backend)) = target else { return page("404 Not Found") };
    let Some(service) = backend.service else { return page("404 Not Found") };
    let Some(svc) = cluster.store.services.get(&ns, &service.name).cloned() else {
        return page("503 Service Temporarily Unavailable");
    };
    let Some(port) = svc.spec.ports.iter().find(|p| {
        (service.port.number != 0 && p.port == service.port.number)
            || (!service.port.name.is_empty() && p.name == service.port.name)
    }) else {
        return page("503 Service Temporarily Unavailable");
    };
    let endpoints: Option<Arc<Endpoints>> = cluster.store.endpoints.get(&ns, &service.name).cloned();
    let mut backends: Vec<(String, i32)> = Vec::new();
    for subset in endpoints.iter().flat_map(|e| e.subsets.iter()) {
        let Some(p) = subset.ports.iter().find(|p| p.name == port.name) else { continue };
        for a in &subset.addresses {
            if let Some(r) = &a.target_ref {
                backends.push((r.name.clone(), p.port));
            }
        }
    }
    if backends.is_empty() {
        return page("503 Service Temporarily Unavailable");
    }
    // ingress-nginx's round-robin balancer, one per upstream.
    let upstream = format!("ingress {ns}-{}-{}", service.name, port.port);
    let turn = match cluster.round_robin.iter().position(|(k, _)| *k == upstream) {
        Some(i) => i,
        None => {
            cluster.round_robin.push((upstream, 0));
            cluster.round_robin.len() - 1
        }
    };
    let Some((_, count)) = cluster.round_robin.get_mut(turn) else { return page("502 Bad Gateway") };
    let Some((pod_name, target_port)) = backends.get(*count % backends.len()).cloned() else {
        return page("502 Bad Gateway");
    };
    *count += 1;
    let Some(pod) = cluster.store.pods.get(&ns, &pod_name).cloned() else { return page("502 Bad Gateway") };
    match cluster.answer(&pod, target_port, host, path) {
        Some(reply) => reply.body,
        None => page("502 Bad Gateway"),
    }
}
