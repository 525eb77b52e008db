//! `kubectl describe`, laid out as upstream's `describe.go`: tab-separated
//! lines through a tabwriter (padding 2), the same field order, labels and
//! annotations as upstream prints them, and the Events table.

use std::fmt::Write as _;

use serde_json::Value;

use crate::cluster::objects::apps::{Deployment, PodTemplateSpec, ReplicaSet};
use crate::cluster::objects::core::{ConfigMap, Event, Namespace, Node, Secret};
use crate::cluster::objects::pod::{Container, ContainerState, ContainerStatus, Pod, Probe, Volume};
use crate::cluster::objects::service::{Endpoints, IntOrString, Service};
use crate::cluster::{Cluster, Kind, Object, Time};

use super::age::human;
use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::table::{FLUSH, tabwrite};
use super::{Ctx, resources};

pub(crate) const FLAGS: &[Flag] = &[
    flag("selector", Some('l'), Arg::Text),
    flag("all-namespaces", Some('A'), Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
    flag("kustomize", Some('k'), Arg::Text),
    flag("show-events", None, Arg::Bool),
    flag("recursive", Some('R'), Arg::Bool),
    flag("chunk-size", None, Arg::Int),
];

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse_command(ctx, args, FLAGS, "describe") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let ns = super::namespace(ctx, &p);
    let show_events = p.text("show-events") != Some("false");
    let mut targets: Vec<Object> = Vec::new();
    let mut errors = String::new();
    let files = p.many("filename");
    let mut warnings = String::new();
    if !files.is_empty() || p.text("kustomize").is_some() {
        match super::apply::objects_from_flags(ctx, &p, "") {
            Ok((docs, w)) => {
                warnings = w;
                for d in docs {
                    let Ok(kind) = Cluster::kind_of(&d.value) else { continue };
                    let obj_ns = if kind.namespaced() {
                        d.value.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(&ns).to_string()
                    } else {
                        String::new()
                    };
                    match ctx.cluster.get(kind, &obj_ns, &d.name()) {
                        Ok(o) => targets.push(o),
                        Err(e) => errors.push_str(&super::server_error(&e)),
                    }
                }
            }
            Err(o) => return o,
        }
    } else if p.args.is_empty() {
        return Output::fail(
            "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
        );
    } else if p.args.iter().any(|a| a.contains('/')) {
        let pairs = match super::resource_args(&p.args) {
            Ok(pairs) => pairs,
            Err(o) => return o,
        };
        for (kind, name) in pairs {
            let obj_ns = if kind.namespaced() { ns.as_str() } else { "" };
            match ctx.cluster.get(kind, obj_ns, &name) {
                Ok(o) => targets.push(o),
                Err(e) => errors.push_str(&super::server_error(&e)),
            }
        }
    } else {
        let kinds: Vec<Kind> = {
            let mut v = Vec::new();
            for t in p.args[0].split(',') {
                if t == "all" {
                    v.extend(resources::ALL);
                } else {
                    match resources::resolve(t) {
                        Some(k) => v.push(k),
                        None => return super::unknown_type(t),
                    }
                }
            }
            v
        };
        let selector = match super::selector::for_kinds(p.text("selector"), &kinds, None) {
            Ok(s) => s,
            Err(o) => return o,
        };
        for kind in kinds {
            let scope = if p.bool("all-namespaces") || !kind.namespaced() { None } else { Some(ns.as_str()) };
            let all = ctx.cluster.store().objects(kind, scope);
            if p.args.len() == 1 {
                targets
                    .extend(all.into_iter().filter(|o| selector.as_ref().is_none_or(|s| s.matches(&o.meta().labels))));
                continue;
            }
            for name in &p.args[1..] {
                // An exact name, or else every object whose name starts with it.
                if let Some(o) = all.iter().find(|o| &o.meta().name == name) {
                    targets.push(o.clone());
                    continue;
                }
                let prefixed: Vec<Object> =
                    all.iter().filter(|o| o.meta().name.starts_with(name.as_str())).cloned().collect();
                if prefixed.is_empty() {
                    errors.push_str(&super::server_error(&crate::cluster::ApiError::not_found(kind, name)));
                }
                targets.extend(prefixed);
            }
        }
        if targets.is_empty() && errors.is_empty() {
            let msg = if p.bool("all-namespaces") {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {ns} namespace.\n")
            };
            return Output { chunks: vec![(super::output::Stream::Err, msg)], code: 0 };
        }
    }
    let mut out = Output::new();
    out.err(warnings);
    for (i, obj) in targets.iter().enumerate() {
        let text = describe(ctx.cluster, obj, show_events);
        out.out(if i == 0 { text } else { format!("\n\n{text}") });
    }
    if !errors.is_empty() {
        out.err(errors);
        out.code = 1;
    }
    out
}

/// The describe text of one object.
pub fn describe(cluster: &Cluster, obj: &Object, show_events: bool) -> String {
    let now = cluster.now();
    // describeSecret takes no events (describe.go): a Secret never lists them.
    let events: Option<Vec<&Event>> = (show_events && !matches!(obj, Object::Secret(_)))
        .then(|| cluster.events_for(&obj.meta().namespace, &obj.meta().name, &obj.meta().uid));
    let mut w = String::new();
    match obj {
        Object::Pod(p) => pod(&mut w, p, now),
        Object::Deployment(d) => deployment(&mut w, cluster, d),
        Object::ReplicaSet(rs) => replicaset(&mut w, cluster, rs),
        Object::Service(s) => service(&mut w, cluster, s),
        Object::Node(n) => node(&mut w, cluster, n),
        Object::Namespace(n) => return tabwrite(&namespace(n), 0, 2),
        Object::ConfigMap(c) => configmap(&mut w, c),
        Object::Secret(s) => secret(&mut w, s),
        Object::Endpoints(e) => endpoints(&mut w, e),
        Object::Event(e) => event(&mut w, e, obj),
        Object::Job(j) => super::batch::describe_job(&mut w, j),
        Object::CronJob(c) => super::batch::describe_cronjob(&mut w, c),
        Object::Ingress(i) => super::ingress::describe_ingress(&mut w, cluster, i),
        Object::IngressClass(c) => super::ingress::describe_ingress_class(&mut w, c),
        Object::StorageClass(sc) => super::storage::describe_storage_class(&mut w, sc),
        Object::PersistentVolume(pv) => super::storage::describe_pv(&mut w, pv, now),
        Object::PersistentVolumeClaim(pvc) => super::storage::describe_pvc(&mut w, cluster, pvc, now),
        Object::StatefulSet(sts) => super::storage::describe_statefulset(&mut w, cluster, sts),
        Object::DaemonSet(ds) => super::daemonset::describe_daemonset(&mut w, cluster, ds),
        Object::HorizontalPodAutoscaler(h) => super::autoscale::describe_hpa(&mut w, h),
        Object::EndpointSlice(s) => super::endpointslice::describe_slice(&mut w, s),
    }
    if let Some(events) = events {
        describe_events(&mut w, &events, now);
    }
    tabwrite(&w, 0, 2)
}

fn time(t: Option<Time>) -> String {
    t.map_or_else(String::new, |t| t.rfc1123z())
}

fn since(t: Option<Time>, now: Time) -> String {
    t.map_or("<unknown>".into(), |t| human(now.since(t)))
}

pub(super) fn labels(w: &mut String, indent: &str, title: &str, map: &std::collections::BTreeMap<String, String>) {
    let _ = write!(w, "{indent}{title}:\t");
    if map.is_empty() {
        w.push_str("<none>\n");
        return;
    }
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            // printLabelsMultilineWithIndent: the tab alone, as above.
            w.push('\t');
        }
        let _ = writeln!(w, "{k}={v}");
    }
}

const MAX_ANNOTATION_LEN: usize = 140;

/// What every describer leaves out, as upstream's `skipAnnotations` does:
/// apply's copy of the manifest (for a Secret, its data in clear).
const SKIPPED_ANNOTATIONS: [&str; 1] = ["kubectl.kubernetes.io/last-applied-configuration"];

pub(super) fn annotations(w: &mut String, indent: &str, map: &std::collections::BTreeMap<String, String>) {
    let _ = write!(w, "{indent}Annotations:\t");
    let shown: Vec<(&String, &String)> = map.iter().filter(|(k, _)| !SKIPPED_ANNOTATIONS.contains(&k.as_str())).collect();
    if shown.is_empty() {
        w.push_str("<none>\n");
        return;
    }
    // printAnnotationsMultiline: continuation lines start at the tab, the
    // title's indent is not repeated (it shows without a tabwriter, as in
    // `rollout history --revision`).
    let inner = "\t";
    for (i, (k, v)) in shown.into_iter().enumerate() {
        if i > 0 {
            w.push_str(inner);
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            let _ = writeln!(w, "{k}:");
            for s in value.split('\n') {
                let short = if s.len() > MAX_ANNOTATION_LEN - 2 {
                    let mut cut = MAX_ANNOTATION_LEN - 2;
                    while !s.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    format!("{}...", &s[..cut])
                } else {
                    s.to_string()
                };
                let _ = writeln!(w, "{inner}  {short}");
            }
        } else {
            let _ = writeln!(w, "{k}: {value}");
        }
    }
}

fn tolerations(w: &mut String, indent: &str, list: Option<&Value>) {
    let _ = write!(w, "{indent}Tolerations:\t");
    let mut items: Vec<&Value> = list.and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
    if items.is_empty() {
        w.push_str("<none>\n");
        return;
    }
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    crate::sort::sort_by_key(&mut items, |t| s(t, "key"));
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            let _ = write!(w, "{indent}\t");
        }
        let (key, value, effect, op) = (s(t, "key"), s(t, "value"), s(t, "effect"), s(t, "operator"));
        w.push_str(&key);
        if !value.is_empty() {
            let _ = write!(w, "={value}");
        }
        if !effect.is_empty() {
            let _ = write!(w, ":{effect}");
        }
        if op == "Exists" && value.is_empty() {
            w.push_str(if key.is_empty() && effect.is_empty() { "op=Exists" } else { " op=Exists" });
        }
        if let Some(secs) = t.get("tolerationSeconds").and_then(Value::as_i64) {
            let _ = write!(w, " for {secs}s");
        }
        w.push('\n');
    }
}

pub(super) fn controller_of(meta: &crate::cluster::meta::ObjectMeta) -> Option<String> {
    meta.owner_references.iter().find(|o| o.controller == Some(true)).map(|o| format!("{}/{}", o.kind, o.name))
}

fn pod(w: &mut String, p: &Pod, now: Time) {
    let m = &p.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    if let Some(pr) = p.spec.priority {
        let _ = writeln!(w, "Priority:\t{pr}");
    }
    if let Some(pc) = p.spec.extra.get("priorityClassName").and_then(Value::as_str) {
        let _ = writeln!(w, "Priority Class Name:\t{pc}");
    }
    if !p.spec.service_account_name.is_empty() {
        let _ = writeln!(w, "Service Account:\t{}", p.spec.service_account_name);
    }
    if p.spec.node_name.is_empty() {
        w.push_str("Node:\t<none>\n");
    } else {
        let _ = writeln!(w, "Node:\t{}/{}", p.spec.node_name, p.status.host_ip);
    }
    if let Some(t) = p.status.start_time {
        let _ = writeln!(w, "Start Time:\t{}", t.rfc1123z());
    }
    labels(w, "", "Labels", &m.labels);
    annotations(w, "", &m.annotations);
    if m.deletion_timestamp.is_some() && !matches!(p.status.phase.as_str(), "Failed" | "Succeeded") {
        let _ = writeln!(w, "Status:\tTerminating (lasts {})", since(m.deletion_timestamp, now));
        let _ = writeln!(w, "Termination Grace Period:\t{}s", m.deletion_grace_period_seconds.unwrap_or(30));
    } else {
        let _ = writeln!(w, "Status:\t{}", p.status.phase);
    }
    if !p.status.reason.is_empty() {
        let _ = writeln!(w, "Reason:\t{}", p.status.reason);
    }
    if !p.status.message.is_empty() {
        let _ = writeln!(w, "Message:\t{}", p.status.message);
    }
    let _ = writeln!(w, "IP:\t{}", p.status.pod_ip);
    if p.status.pod_ips.is_empty() {
        w.push_str("IPs:\t<none>\n");
    } else {
        w.push_str("IPs:\n");
        for ip in &p.status.pod_ips {
            let _ = writeln!(w, "  IP:\t{}", ip.ip);
        }
    }
    if let Some(c) = controller_of(m) {
        let _ = writeln!(w, "Controlled By:\t{c}");
    }
    if !p.spec.init_containers.is_empty() {
        containers(w, "Init Containers", &p.spec.init_containers, Some(&p.status.init_container_statuses), "");
    }
    containers(w, "Containers", &p.spec.containers, Some(&p.status.container_statuses), "");
    if !p.spec.ephemeral_containers.is_empty() {
        let statuses = Some(&p.status.ephemeral_container_statuses);
        containers(w, "Ephemeral Containers", &p.spec.ephemeral_containers, statuses, "");
    }
    if !p.status.conditions.is_empty() {
        w.push_str("Conditions:\n  Type\tStatus\n");
        for c in &p.status.conditions {
            let _ = writeln!(w, "  {} \t{} ", c.type_, c.status);
        }
    }
    volumes(w, &p.spec.volumes, "");
    if !p.status.qos_class.is_empty() {
        let _ = writeln!(w, "QoS Class:\t{}", p.status.qos_class);
    }
    labels(w, "", "Node-Selectors", &p.spec.node_selector);
    tolerations(w, "", p.spec.extra.get("tolerations"));
}

fn containers(w: &mut String, label: &str, list: &[Container], statuses: Option<&Vec<ContainerStatus>>, space: &str) {
    let _ = writeln!(w, "{space}{label}:");
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in list {
        let status = statuses.and_then(|s| s.iter().find(|s| s.name == c.name));
        let _ = writeln!(w, "  {name_indent}{}:", c.name);
        if let Some(s) = status {
            let _ = writeln!(w, "    Container ID:\t{}", s.container_id);
        }
        let _ = writeln!(w, "    Image:\t{}", c.image);
        if let Some(s) = status {
            let _ = writeln!(w, "    Image ID:\t{}", s.image_id);
        }
        let ports: Vec<String> = c.ports.iter().map(|p| format!("{}/{}", p.container_port, p.protocol)).collect();
        let host: Vec<String> =
            c.ports.iter().map(|p| format!("{}/{}", p.host_port.unwrap_or(0), p.protocol)).collect();
        let or_none = |v: &[String]| if v.is_empty() { "<none>".to_string() } else { v.join(", ") };
        if ports.len() > 1 {
            let _ = writeln!(w, "    Ports:\t{}", ports.join(", "));
            let _ = writeln!(w, "    Host Ports:\t{}", host.join(", "));
        } else {
            let _ = writeln!(w, "    Port:\t{}", or_none(&ports));
            let _ = writeln!(w, "    Host Port:\t{}", or_none(&host));
        }
        for (title, items) in [("Command", &c.command), ("Args", &c.args)] {
            if !items.is_empty() {
                let _ = writeln!(w, "    {title}:");
                for item in items {
                    for line in item.split('\n') {
                        let _ = writeln!(w, "      {line}");
                    }
                }
            }
        }
        if let Some(s) = status {
            state(w, "State", &s.state);
            if s.last_state.terminated.is_some() {
                state(w, "Last State", &s.last_state);
            }
            let _ = writeln!(w, "    Ready:\t{}", if s.ready { "True" } else { "False" });
            let _ = writeln!(w, "    Restart Count:\t{}", s.restart_count);
        }
        if let Some(r) = &c.resources {
            for (title, map) in [("Limits", &r.limits), ("Requests", &r.requests)] {
                if !map.is_empty() {
                    let _ = writeln!(w, "    {title}:");
                    for (k, v) in map {
                        let text = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        let _ = writeln!(w, "      {k}:\t{text}");
                    }
                }
            }
        }
        for (title, probe) in [("Liveness", &c.liveness_probe), ("Readiness", &c.readiness_probe)] {
            if let Some(pr) = probe {
                let _ = writeln!(w, "    {title}:\t{}", describe_probe(pr));
            }
        }
        if let Some(startup) = c.extra.get("startupProbe") {
            if let Ok(pr) = crate::cluster::codec::from_value::<Probe>(startup) {
                let _ = writeln!(w, "    Startup:\t{}", describe_probe(&pr));
            }
        }
        if let Some(from) = c.extra.get("envFrom").and_then(Value::as_array) {
            w.push_str("    Environment Variables from:\n");
            for f in from {
                let prefix = f.get("prefix").and_then(Value::as_str).unwrap_or("");
                let (kind, name, optional) = if let Some(cm) = f.get("configMapRef") {
                    ("ConfigMap", cm.get("name").and_then(Value::as_str).unwrap_or(""), cm.get("optional"))
                } else if let Some(s) = f.get("secretRef") {
                    ("Secret", s.get("name").and_then(Value::as_str).unwrap_or(""), s.get("optional"))
                } else {
                    continue;
                };
                let optional = optional.and_then(Value::as_bool).unwrap_or(false);
                if prefix.is_empty() {
                    let _ = writeln!(w, "      {name}\t{kind}\tOptional: {optional}");
                } else {
                    let _ = writeln!(w, "      {name}\t{kind} with prefix '{prefix}'\tOptional: {optional}");
                }
            }
        }
        if c.env.is_empty() {
            w.push_str("    Environment:\t<none>\n");
        } else {
            w.push_str("    Environment:\n");
            for e in &c.env {
                match &e.value_from {
                    None => {
                        for (i, line) in e.value.clone().unwrap_or_default().split('\n').enumerate() {
                            if i == 0 {
                                let _ = writeln!(w, "      {}:\t{line}", e.name);
                            } else {
                                let _ = writeln!(w, "      \t{line}");
                            }
                        }
                    }
                    Some(from) => {
                        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                        if let Some(r) = from.get("secretKeyRef") {
                            let opt = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                            let _ = writeln!(
                                w,
                                "      {}:\t<set to the key '{}' in secret '{}'>\tOptional: {opt}",
                                e.name,
                                s(r, "key"),
                                s(r, "name")
                            );
                        } else if let Some(r) = from.get("configMapKeyRef") {
                            let opt = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                            let _ = writeln!(
                                w,
                                "      {}:\t<set to the key '{}' of config map '{}'>\tOptional: {opt}",
                                e.name,
                                s(r, "key"),
                                s(r, "name")
                            );
                        } else if let Some(r) = from.get("fieldRef") {
                            let api = r.get("apiVersion").and_then(Value::as_str).unwrap_or("v1");
                            let _ = writeln!(w, "      {}:\t ({api}:{})", e.name, s(r, "fieldPath"));
                        } else if let Some(r) = from.get("resourceFieldRef") {
                            let _ = writeln!(w, "      {}:\t{} ({})", e.name, s(r, "containerName"), s(r, "resource"));
                        }
                    }
                }
            }
        }
        let mut mounts: Vec<_> = c.volume_mounts.iter().collect();
        crate::sort::sort_by(&mut mounts, |a, b| a.mount_path.cmp(&b.mount_path));
        if mounts.is_empty() {
            w.push_str("    Mounts:\t<none>\n");
        } else {
            w.push_str("    Mounts:\n");
            for m in mounts {
                let ro = m.extra.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
                let mut flags = vec![if ro { "ro".to_string() } else { "rw".to_string() }];
                if let Some(sub) = m.extra.get("subPath").and_then(Value::as_str) {
                    flags.push(format!("path=\"{sub}\""));
                }
                let _ = writeln!(w, "      {} from {} ({})", m.mount_path, m.name, flags.join(","));
            }
        }
    }
}

fn state(w: &mut String, title: &str, s: &ContainerState) {
    if let Some(r) = &s.running {
        let _ = writeln!(w, "    {title}:\tRunning");
        let _ = writeln!(w, "      Started:\t{}", time(r.started_at));
    } else if let Some(wt) = &s.waiting {
        let _ = writeln!(w, "    {title}:\tWaiting");
        if !wt.reason.is_empty() {
            let _ = writeln!(w, "      Reason:\t{}", wt.reason);
        }
    } else if let Some(t) = &s.terminated {
        let _ = writeln!(w, "    {title}:\tTerminated");
        if !t.reason.is_empty() {
            let _ = writeln!(w, "      Reason:\t{}", t.reason);
        }
        if !t.message.is_empty() {
            let _ = writeln!(w, "      Message:\t{}", t.message);
        }
        let _ = writeln!(w, "      Exit Code:\t{}", t.exit_code);
        let _ = writeln!(w, "      Started:\t{}", time(t.started_at));
        let _ = writeln!(w, "      Finished:\t{}", time(t.finished_at));
    } else {
        let _ = writeln!(w, "    {title}:\tWaiting");
    }
}

fn port_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`.
pub fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    );
    let h = &p.handler;
    if let Some(exec) = h.get("exec") {
        let cmd: Vec<String> = exec
            .get("command")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|x| x.as_str().unwrap_or("").to_string()).collect())
            .unwrap_or_default();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(get) = h.get("httpGet") {
        let scheme = get.get("scheme").and_then(Value::as_str).unwrap_or("HTTP").to_ascii_lowercase();
        let host = get.get("host").and_then(Value::as_str).unwrap_or("");
        let path = get.get("path").and_then(Value::as_str).unwrap_or("");
        return format!("http-get {scheme}://{host}:{}{path} {attrs}", port_text(get.get("port")));
    }
    if let Some(tcp) = h.get("tcpSocket") {
        let host = tcp.get("host").and_then(Value::as_str).unwrap_or("");
        return format!("tcp-socket {host}:{} {attrs}", port_text(tcp.get("port")));
    }
    if let Some(grpc) = h.get("grpc") {
        let service = grpc.get("service").and_then(Value::as_str).unwrap_or("");
        return format!("grpc <pod>:{} {service} {attrs}", port_text(grpc.get("port")));
    }
    format!("unknown {attrs}")
}

fn volumes(w: &mut String, list: &[Volume], space: &str) {
    if list.is_empty() {
        let _ = writeln!(w, "{space}Volumes:\t<none>");
        return;
    }
    let _ = writeln!(w, "{space}Volumes:");
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in list {
        let _ = writeln!(w, "  {name_indent}{}:", v.name);
        let s = &v.source;
        let text = |x: Option<&Value>| x.and_then(Value::as_str).unwrap_or("").to_string();
        if let Some(e) = s.get("emptyDir") {
            let size = e.get("sizeLimit").map(|x| port_text(Some(x))).unwrap_or_else(|| "<unset>".into());
            let _ = writeln!(w, "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)");
            let _ = writeln!(w, "    Medium:\t{}", text(e.get("medium")));
            let _ = writeln!(w, "    SizeLimit:\t{size}");
        } else if let Some(c) = s.get("configMap") {
            let _ = writeln!(w, "    Type:\tConfigMap (a volume populated by a ConfigMap)");
            let _ = writeln!(w, "    Name:\t{}", text(c.get("name")));
            let _ = writeln!(w, "    Optional:\t{}", c.get("optional").and_then(Value::as_bool).unwrap_or(false));
        } else if let Some(c) = s.get("secret") {
            let _ = writeln!(w, "    Type:\tSecret (a volume populated by a Secret)");
            let _ = writeln!(w, "    SecretName:\t{}", text(c.get("secretName")));
            let _ = writeln!(w, "    Optional:\t{}", c.get("optional").and_then(Value::as_bool).unwrap_or(false));
        } else if let Some(pr) = s.get("projected") {
            let _ = writeln!(w, "    Type:\tProjected (a volume that contains injected data from multiple sources)");
            for src in pr.get("sources").and_then(Value::as_array).into_iter().flatten() {
                if src.get("downwardAPI").is_some() {
                    w.push_str("    DownwardAPI:\ttrue\n");
                } else if let Some(cm) = src.get("configMap") {
                    let optional = cm.get("optional").map_or("<nil>".to_string(), |o| o.to_string());
                    let _ = writeln!(w, "    ConfigMapName:\t{}", text(cm.get("name")));
                    let _ = writeln!(w, "    ConfigMapOptional:\t{optional}");
                } else if let Some(t) = src.get("serviceAccountToken") {
                    let _ = writeln!(
                        w,
                        "    TokenExpirationSeconds:\t{}",
                        t.get("expirationSeconds").and_then(Value::as_i64).unwrap_or(3600)
                    );
                }
            }
        } else if let Some(h) = s.get("hostPath") {
            let _ = writeln!(w, "    Type:\tHostPath (bare host directory volume)");
            let _ = writeln!(w, "    Path:\t{}", text(h.get("path")));
            let _ = writeln!(w, "    HostPathType:\t{}", text(h.get("type")));
        } else if let Some(c) = s.get("persistentVolumeClaim") {
            let _ = writeln!(
                w,
                "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)"
            );
            let _ = writeln!(w, "    ClaimName:\t{}", text(c.get("claimName")));
            let _ = writeln!(w, "    ReadOnly:\t{}", c.get("readOnly").and_then(Value::as_bool).unwrap_or(false));
        } else {
            let _ = writeln!(w, "    <unknown>");
        }
    }
}

pub(super) fn pod_template(w: &mut String, t: &PodTemplateSpec) {
    w.push_str("Pod Template:\n");
    labels(w, "  ", "Labels", &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        annotations(w, "  ", &t.metadata.annotations);
    }
    if !t.spec.service_account_name.is_empty() {
        let _ = writeln!(w, "  Service Account:\t{}", t.spec.service_account_name);
    }
    if !t.spec.init_containers.is_empty() {
        containers(w, "Init Containers", &t.spec.init_containers, None, "  ");
    }
    containers(w, "Containers", &t.spec.containers, None, "  ");
    volumes(w, &t.spec.volumes, "  ");
    labels(w, "  ", "Node-Selectors", &t.spec.node_selector);
    tolerations(w, "  ", t.spec.extra.get("tolerations"));
}

fn int_or_string(v: &Option<IntOrString>, default: &str) -> String {
    match v {
        Some(IntOrString::Int(i)) => i.to_string(),
        Some(IntOrString::Str(s)) => s.clone(),
        None => default.to_string(),
    }
}

fn deployment(w: &mut String, cluster: &Cluster, d: &Deployment) {
    let m = &d.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    let _ = writeln!(w, "CreationTimestamp:\t{}", time(m.creation_timestamp));
    labels(w, "", "Labels", &m.labels);
    annotations(w, "", &m.annotations);
    let _ = writeln!(w, "Selector:\t{}", d.spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    let s = &d.status;
    let _ = writeln!(
        w,
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable",
        d.spec.replicas.unwrap_or(1),
        s.updated_replicas.unwrap_or(0),
        s.replicas.unwrap_or(0),
        s.available_replicas.unwrap_or(0),
        s.unavailable_replicas.unwrap_or(0)
    );
    let _ = writeln!(w, "StrategyType:\t{}", d.spec.strategy.type_);
    let _ = writeln!(w, "MinReadySeconds:\t{}", d.spec.min_ready_seconds.unwrap_or(0));
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let _ = writeln!(
            w,
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge",
            int_or_string(&ru.max_unavailable, "25%"),
            int_or_string(&ru.max_surge, "25%")
        );
    }
    pod_template(w, &d.spec.template);
    if !s.conditions.is_empty() {
        w.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for c in &s.conditions {
            let _ = writeln!(w, "  {} \t{}\t{}", c.type_, c.status, c.reason);
        }
    }
    let rss = cluster.replica_sets_of(d);
    let (new, old): (Vec<_>, Vec<_>) = rss.iter().partition(|rs| {
        crate::cluster::controllers::deployment::equal_ignoring_hash(&rs.spec.template, &d.spec.template)
    });
    let list = |v: Vec<&std::sync::Arc<ReplicaSet>>| {
        if v.is_empty() {
            "<none>".to_string()
        } else {
            v.iter()
                .map(|rs| {
                    format!(
                        "{} ({}/{} replicas created)",
                        rs.metadata.name,
                        rs.status.replicas,
                        rs.spec.replicas.unwrap_or(1)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    // Every old ReplicaSet, those scaled to zero too (kubectl 1.32 prints
    // GetAllReplicaSetsInChunks's allOldRSs), in the API's list order (by
    // name); neither line when the deployment owns none.
    let mut old = old;
    crate::sort::sort_by(&mut old, |a, b| a.metadata.name.cmp(&b.metadata.name));
    if !old.is_empty() || !new.is_empty() {
        let _ = writeln!(w, "OldReplicaSets:\t{}", list(old));
        let _ = writeln!(w, "NewReplicaSet:\t{}", list(new));
    }
}

fn replicaset(w: &mut String, cluster: &Cluster, rs: &ReplicaSet) {
    let m = &rs.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    let _ = writeln!(w, "Selector:\t{}", rs.spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    labels(w, "", "Labels", &m.labels);
    annotations(w, "", &m.annotations);
    if let Some(c) = controller_of(m) {
        let _ = writeln!(w, "Controlled By:\t{c}");
    }
    let _ = writeln!(w, "Replicas:\t{} current / {} desired", rs.status.replicas, rs.spec.replicas.unwrap_or(1));
    pods_status(w, cluster, m);
    pod_template(w, &rs.spec.template);
}

/// `Pods Status:` of a controller's describe (describe.go
/// getPodStatusForController): its pods counted by phase.
pub(crate) fn pods_status(w: &mut String, cluster: &Cluster, m: &crate::cluster::meta::ObjectMeta) {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in cluster.store().pods.in_namespace(&m.namespace) {
        if !p.metadata.owner_references.iter().any(|o| o.uid == m.uid) {
            continue;
        }
        match p.status.phase.as_str() {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    let _ =
        writeln!(w, "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed");
}

fn service(w: &mut String, cluster: &Cluster, s: &Service) {
    let m = &s.metadata;
    let spec = &s.spec;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    labels(w, "", "Labels", &m.labels);
    annotations(w, "", &m.annotations);
    let selector: Vec<String> = spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let _ = writeln!(w, "Selector:\t{}", if selector.is_empty() { "<none>".into() } else { selector.join(",") });
    let _ = writeln!(w, "Type:\t{}", spec.type_);
    if !spec.ip_family_policy.is_empty() {
        let _ = writeln!(w, "IP Family Policy:\t{}", spec.ip_family_policy);
    }
    let families = if spec.ip_families.is_empty() { "<none>".to_string() } else { spec.ip_families.join(",") };
    let _ = writeln!(w, "IP Families:\t{families}");
    let _ = writeln!(w, "IP:\t{}", spec.cluster_ip);
    if !spec.cluster_ips.is_empty() {
        let _ = writeln!(w, "IPs:\t{}", spec.cluster_ips.join(","));
    }
    if !spec.external_ips.is_empty() {
        let _ = writeln!(w, "External IPs:\t{}", spec.external_ips.join(","));
    }
    let ingress: Vec<String> = s.status.load_balancer.ingress.iter().map(|i| i.ip.clone()).collect();
    if !ingress.is_empty() {
        let _ = writeln!(w, "LoadBalancer Ingress:\t{}", ingress.join(", "));
    }
    if spec.type_ == "ExternalName" {
        let _ = writeln!(w, "External Name:\t{}", spec.external_name);
    }
    let ep = cluster.store().get::<Endpoints>(&m.namespace, &m.name);
    for sp in &spec.ports {
        let name = if sp.name.is_empty() { "<unset>" } else { &sp.name };
        let _ = writeln!(w, "Port:\t{name}\t{}/{}", sp.port, sp.protocol);
        let target = match &sp.target_port {
            Some(IntOrString::Int(i)) => i.to_string(),
            Some(IntOrString::Str(t)) => t.clone(),
            None => sp.port.to_string(),
        };
        let _ = writeln!(w, "TargetPort:\t{target}/{}", sp.protocol);
        if let Some(np) = sp.node_port.filter(|n| *n != 0) {
            let _ = writeln!(w, "NodePort:\t{name}\t{np}/{}", sp.protocol);
        }
        let _ = writeln!(w, "Endpoints:\t{}", endpoints_for_port(ep.map(|e| &**e), &sp.name));
    }
    let _ = writeln!(w, "Session Affinity:\t{}", spec.session_affinity);
    if !spec.external_traffic_policy.is_empty() {
        let _ = writeln!(w, "External Traffic Policy:\t{}", spec.external_traffic_policy);
    }
    if !spec.internal_traffic_policy.is_empty() {
        let _ = writeln!(w, "Internal Traffic Policy:\t{}", spec.internal_traffic_policy);
    }
}

pub(super) fn endpoints_for_port(ep: Option<&Endpoints>, port_name: &str) -> String {
    let mut list = Vec::new();
    let mut count = 0;
    for subset in ep.map(|e| e.subsets.as_slice()).unwrap_or_default() {
        for port in subset.ports.iter().filter(|p| p.name == port_name) {
            for a in &subset.addresses {
                count += 1;
                if list.len() < 3 {
                    list.push(format!("{}:{}", a.ip, port.port));
                }
            }
        }
    }
    if list.is_empty() {
        return String::new();
    }
    let mut text = list.join(",");
    if count > 3 {
        let _ = write!(text, " + {} more...", count - 3);
    }
    text
}

fn node(w: &mut String, cluster: &Cluster, n: &Node) {
    let m = &n.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let mut roles: Vec<&str> =
        m.labels.keys().filter_map(|k| k.strip_prefix("node-role.kubernetes.io/")).filter(|r| !r.is_empty()).collect();
    crate::sort::sort(&mut roles);
    let _ = writeln!(w, "Roles:\t{}", if roles.is_empty() { "<none>".into() } else { roles.join(",") });
    labels(w, "", "Labels", &m.labels);
    annotations(w, "", &m.annotations);
    let _ = writeln!(w, "CreationTimestamp:\t{}", time(m.creation_timestamp));
    if n.spec.taints.is_empty() {
        w.push_str("Taints:\t<none>\n");
    } else {
        for (i, t) in n.spec.taints.iter().enumerate() {
            let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("");
            let value = if s("value").is_empty() { String::new() } else { format!("={}", s("value")) };
            let title = if i == 0 { "Taints:" } else { "" };
            let _ = writeln!(w, "{title}\t{}{value}:{}", s("key"), s("effect"));
        }
    }
    let _ = writeln!(w, "Unschedulable:\t{}", n.spec.unschedulable.unwrap_or(false));
    w.push_str("Lease:\n");
    let _ = writeln!(w, "  HolderIdentity:\t{}", m.name);
    w.push_str("  AcquireTime:\t<unset>\n");
    // A stopped node's kubelet renewed its Lease last at its last heartbeat.
    let renewed = cluster.node_down(&m.name).map_or(cluster.now(), |(_, heartbeat)| heartbeat);
    let _ = writeln!(w, "  RenewTime:\t{}", renewed.rfc1123z());
    w.push_str("Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    w.push_str("  ----\t------\t-----------------\t------------------\t------\t-------\n");
    for c in &n.status.conditions {
        let _ = writeln!(
            w,
            "  {} \t{} \t{} \t{} \t{} \t{}",
            c.type_,
            c.status,
            time(c.last_heartbeat_time),
            time(c.last_transition_time),
            c.reason,
            c.message
        );
    }
    w.push_str("Addresses:\n");
    for a in &n.status.addresses {
        let _ = writeln!(w, "  {}:\t{}", a.type_, a.address);
    }
    for (title, map) in [("Capacity", &n.status.capacity), ("Allocatable", &n.status.allocatable)] {
        let _ = writeln!(w, "{title}:");
        for (k, v) in map {
            let _ = writeln!(w, "  {k}:\t{v}");
        }
    }
    let i = &n.status.node_info;
    w.push_str("System Info:\n");
    for (k, v) in [
        ("Machine ID", &i.machine_id),
        ("System UUID", &i.system_uuid),
        ("Boot ID", &i.boot_id),
        ("Kernel Version", &i.kernel_version),
        ("OS Image", &i.os_image),
        ("Operating System", &i.operating_system),
        ("Architecture", &i.architecture),
        ("Container Runtime Version", &i.container_runtime_version),
        ("Kubelet Version", &i.kubelet_version),
        ("Kube-Proxy Version", &i.kube_proxy_version),
    ] {
        let _ = writeln!(w, "  {k}:\t{v}");
    }
    let _ = writeln!(w, "PodCIDR:\t{}", n.spec.pod_cidr);
    let _ = writeln!(w, "PodCIDRs:\t{}", n.spec.pod_cidrs.join(","));
    let pods: Vec<_> = cluster
        .store()
        .pods
        .iter()
        .filter(|p| p.spec.node_name == m.name && !matches!(p.status.phase.as_str(), "Succeeded" | "Failed"))
        .collect();
    let _ = writeln!(w, "Non-terminated Pods:\t({} in total)", pods.len());
    // describeNodeResource: an empty column after Name (its padding shows).
    w.push_str("  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
    w.push_str("  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
    use crate::cluster::quantity::{parse, parse_value};
    let alloc_cpu = n.status.allocatable.get("cpu").and_then(|c| parse(c)).map_or(1, |c| (c * 1000.0) as i64);
    let alloc_mem = n.status.allocatable.get("memory").and_then(|c| parse(c)).map_or(1, |m| m as i64);
    let (mut tc, mut tcl, mut tm, mut tml) = (0i64, 0i64, 0i64, 0i64);
    for p in &pods {
        let (mut cr, mut cl, mut mr, mut ml) = (0i64, 0i64, 0i64, 0i64);
        for c in &p.spec.containers {
            if let Some(r) = &c.resources {
                let q = |m: &std::collections::BTreeMap<String, Value>, k: &str, cpu: bool| {
                    m.get(k).and_then(parse_value).map(|v| if cpu { (v * 1000.0).round() as i64 } else { v as i64 })
                };
                cr += q(&r.requests, "cpu", true).unwrap_or(0);
                cl += q(&r.limits, "cpu", true).unwrap_or(0);
                mr += q(&r.requests, "memory", false).unwrap_or(0);
                ml += q(&r.limits, "memory", false).unwrap_or(0);
            }
        }
        tc += cr;
        tcl += cl;
        tm += mr;
        tml += ml;
        let _ = writeln!(
            w,
            "  {}\t{}\t\t{}\t{}\t{}\t{}\t{}",
            p.metadata.namespace,
            p.metadata.name,
            cpu_cell(cr, alloc_cpu),
            cpu_cell(cl, alloc_cpu),
            mem_cell(mr, alloc_mem),
            mem_cell(ml, alloc_mem),
            since(p.metadata.creation_timestamp, cluster.now())
        );
    }
    w.push_str("Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
    w.push_str("  Resource\tRequests\tLimits\n  --------\t--------\t------\n");
    let _ = writeln!(w, "  cpu\t{}\t{}", cpu_cell(tc, alloc_cpu), cpu_cell(tcl, alloc_cpu));
    let _ = writeln!(w, "  memory\t{}\t{}", mem_cell(tm, alloc_mem), mem_cell(tml, alloc_mem));
    w.push_str("  ephemeral-storage\t0 (0%)\t0 (0%)\n");
    w.push_str("  hugepages-1Gi\t0 (0%)\t0 (0%)\n  hugepages-2Mi\t0 (0%)\t0 (0%)\n");
}

fn cpu_cell(milli: i64, alloc: i64) -> String {
    let q = if milli == 0 {
        "0".to_string()
    } else if milli % 1000 == 0 {
        (milli / 1000).to_string()
    } else {
        format!("{milli}m")
    };
    format!("{q} ({}%)", milli * 100 / alloc.max(1))
}

fn mem_cell(bytes: i64, alloc: i64) -> String {
    let q = if bytes == 0 {
        "0".to_string()
    } else if bytes % (1 << 30) == 0 {
        format!("{}Gi", bytes >> 30)
    } else if bytes % (1 << 20) == 0 {
        format!("{}Mi", bytes >> 20)
    } else if bytes % 1024 == 0 {
        format!("{}Ki", bytes >> 10)
    } else {
        bytes.to_string()
    };
    format!("{q} ({}%)", bytes * 100 / alloc.max(1))
}

fn namespace(n: &Namespace) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "Name:\t{}", n.metadata.name);
    labels(&mut w, "", "Labels", &n.metadata.labels);
    annotations(&mut w, "", &n.metadata.annotations);
    let _ = writeln!(w, "Status:\t{}", n.status.phase);
    w.push_str("\nNo resource quota.\n\nNo LimitRange resource.\n");
    w
}

#[inline(never)]
fn configmap(w: &mut String, c: &ConfigMap) {
    let _ = writeln!(w, "Name:\t{}", c.metadata.name);
    let _ = writeln!(w, "Namespace:\t{}", c.metadata.namespace);
    labels(w, "", "Labels", &c.metadata.labels);
    annotations(w, "", &c.metadata.annotations);
    w.push_str("\nData\n====\n");
    for (k, v) in &c.data {
        let _ = writeln!(w, "{k}:\n----\n{v}\n");
    }
    w.push_str("\nBinaryData\n====\n");
    for (k, v) in &c.binary_data {
        let _ = writeln!(w, "{k}: {} bytes", crate::cluster::api::base64_decode(v).map_or(0, |b| b.len()));
    }
    w.push('\n');
}

#[inline(never)]
fn secret(w: &mut String, s: &Secret) {
    let _ = writeln!(w, "Name:\t{}", s.metadata.name);
    let _ = writeln!(w, "Namespace:\t{}", s.metadata.namespace);
    labels(w, "", "Labels", &s.metadata.labels);
    annotations(w, "", &s.metadata.annotations);
    let _ = writeln!(w, "\nType:\t{}\n\nData\n====", s.type_);
    for (k, v) in &s.data {
        let len = crate::cluster::api::base64_decode(v).map_or(0, |b| b.len());
        let _ = writeln!(w, "{k}:\t{len} bytes");
    }
}

#[inline(never)]
fn endpoints(w: &mut String, e: &Endpoints) {
    let _ = writeln!(w, "Name:\t{}", e.metadata.name);
    let _ = writeln!(w, "Namespace:\t{}", e.metadata.namespace);
    labels(w, "", "Labels", &e.metadata.labels);
    annotations(w, "", &e.metadata.annotations);
    w.push_str("Subsets:\n");
    for s in &e.subsets {
        let ips = |v: &[crate::cluster::objects::service::EndpointAddress]| {
            if v.is_empty() {
                "<none>".to_string()
            } else {
                v.iter().map(|a| a.ip.clone()).collect::<Vec<_>>().join(",")
            }
        };
        let _ = writeln!(w, "  Addresses:\t{}", ips(&s.addresses));
        let _ = writeln!(w, "  NotReadyAddresses:\t{}", ips(&s.not_ready_addresses));
        w.push_str("  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n");
        for p in &s.ports {
            let name = if p.name.is_empty() { "<unset>" } else { &p.name };
            let _ = writeln!(w, "    {name}\t{}\t{}", p.port, p.protocol);
        }
        w.push('\n');
    }
}

/// An Event has no describer of its own: kubectl's `genericDescriber` prints
/// the name, namespace, labels and annotations, then every other field of the
/// object as the API server sent it (`printUnstructuredContent`: keys sorted,
/// labels from `smartLabelFor`, values with Go's `%v`).
#[inline(never)]
fn event(w: &mut String, e: &Event, obj: &Object) {
    let _ = writeln!(w, "Name:\t{}", e.metadata.name);
    let _ = writeln!(w, "Namespace:\t{}", e.metadata.namespace);
    labels(w, "", "Labels", &e.metadata.labels);
    annotations(w, "", &e.metadata.annotations);
    if let Value::Object(map) = obj.to_value() {
        unstructured(w, 0, &map, "");
    }
}

fn unstructured(w: &mut String, level: usize, map: &serde_json::Map<String, Value>, prefix: &str) {
    const SKIP: [&str; 5] =
        [".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"];
    let mut keys: Vec<&String> = map.keys().collect();
    crate::sort::sort(&mut keys);
    let indent = "  ".repeat(level);
    for key in keys {
        let path = format!("{prefix}.{key}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        let label = smart_label(key);
        match &map[key] {
            Value::Object(inner) => {
                let _ = writeln!(w, "{indent}{label}:");
                unstructured(w, level + 1, inner, &path);
            }
            Value::Array(items) => {
                let _ = writeln!(w, "{indent}{label}:");
                for item in items {
                    match item {
                        Value::Object(inner) => unstructured(w, level + 1, inner, &path),
                        other => {
                            let _ = writeln!(w, "{indent}  {}", super::jsonpath::go_format(other));
                        }
                    }
                }
            }
            other => {
                let _ = writeln!(w, "{indent}{label}:\t{}", super::jsonpath::go_format(other));
            }
        }
    }
}

/// describe.go `smartLabelFor`: `involvedObject` is `Involved Object`,
/// `apiVersion` is `API Version` (fatih/camelcase's split: an upper-case run
/// gives its last letter to the lower-case run after it), a field with other
/// characters than letters and `-` stays as it is.
fn smart_label(field: &str) -> String {
    if field.is_empty() || !field.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
        return field.to_string();
    }
    let bytes = field.as_bytes();
    let class = |c: u8| if c.is_ascii_lowercase() { 0 } else if c.is_ascii_uppercase() { 1 } else { 2 };
    let mut words: Vec<&str> = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        let (before, here) = (class(bytes[i - 1]), class(bytes[i]));
        if before == 1 && here == 0 {
            if i - 1 > start {
                words.push(&field[start..i - 1]);
                start = i - 1;
            }
        } else if before != here {
            words.push(&field[start..i]);
            start = i;
        }
    }
    words.push(&field[start..]);
    let mut label = String::new();
    for (i, word) in words.into_iter().enumerate() {
        if i > 0 {
            label.push(' ');
        }
        let upper = word.to_ascii_uppercase();
        if ["API", "URL", "UID", "OSB", "GUID"].contains(&upper.as_str()) {
            label.push_str(&upper);
        } else {
            label.push_str(&upper[..1]);
            label.push_str(&word[1..]);
        }
    }
    label
}

/// The `Events:` table (`DescribeEvents`): flushed apart from the rest.
fn describe_events(w: &mut String, events: &[&Event], now: Time) {
    if events.is_empty() {
        w.push_str("Events:\t<none>\n");
        return;
    }
    w.push(FLUSH);
    let mut sorted: Vec<&&Event> = events.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |e| e.last_timestamp.or(e.first_timestamp));
    w.push_str("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for e in sorted {
        let first = since(e.first_timestamp, now);
        let count = e.count.unwrap_or(1);
        let interval =
            if count > 1 { format!("{} (x{count} over {first})", since(e.last_timestamp, now)) } else { first };
        let source = if e.source.component.is_empty() { &e.reporting_component } else { &e.source.component };
        let _ = writeln!(w, "  {}\t{}\t{interval}\t{source}\t{}", e.type_, e.reason, e.message.trim());
    }
}

/// `Pod Template:` and what follows, as `rollout history --revision` prints
/// it: through no tabwriter, so with its tabs.
pub fn describe_template_raw(t: &PodTemplateSpec) -> String {
    let mut w = String::new();
    pod_template(&mut w, t);
    w
}

#[cfg(test)]
mod smart_label_tests {
    use super::smart_label;

    /// smartLabelFor on the fields an Event and its metadata carry, and
    /// fatih/camelcase's upper-then-lower rule ("PDFLoader" is "PDF Loader").
    #[test]
    fn labels_as_describe_go_makes_them() {
        for (field, label) in [
            ("apiVersion", "API Version"),
            ("involvedObject", "Involved Object"),
            ("uid", "UID"),
            ("resourceVersion", "Resource Version"),
            ("reportingComponent", "Reporting Component"),
            ("hostIP", "Host IP"),
            ("podIPs", "Pod I Ps"),
            ("PDFLoader", "PDF Loader"),
            ("a_b", "a_b"),
            ("x1", "x1"),
            ("", ""),
        ] {
            assert_eq!(smart_label(field), label, "{field}");
        }
    }
}
