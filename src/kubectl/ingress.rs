//! kubectl for Ingresses and IngressClasses: their `get` rows (upstream
//! `printers.go`'s printIngress and printIngressClass), their `describe`
//! (describe.go's describeIngressV1 and describeIngressClassV1, as kubectl
//! 1.32 reads a backend's Endpoints), and `create ingress`
//! (create_ingress.go). Only some learners use them: this module is in the
//! page's lazy part (`scripts/lazy.txt`).

use std::fmt::Write;

use serde_json::{Map, Value, json};

use crate::cluster::Cluster;
use crate::cluster::objects::networking::{Ingress, IngressBackend, IngressClass};
use crate::cluster::time::Time;

use super::Ctx;
use super::age::human;
use super::flags::{Arg, Flag, flag};
use super::output::Output;

pub const INGRESS_HEADER: [&str; 6] = ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"];
pub const INGRESS_CLASS_HEADER: [&str; 4] = ["NAME", "CONTROLLER", "PARAMETERS", "AGE"];

fn age(created: Option<Time>, now: Time) -> String {
    created.map_or("<unknown>".to_string(), |t| human(now.since(t)))
}

/// ingressLoadBalancerStatusStringer: the sorted, distinct IPs or host
/// names, cut at 16 characters unless wide.
pub fn address(ing: &Ingress, wide: bool) -> String {
    let mut list: Vec<&str> = ing
        .status
        .load_balancer
        .ingress
        .iter()
        .filter_map(|i| {
            if !i.ip.is_empty() {
                Some(i.ip.as_str())
            } else if !i.hostname.is_empty() {
                Some(i.hostname.as_str())
            } else {
                None
            }
        })
        .collect();
    crate::sort::sort(&mut list);
    list.dedup();
    let joined = list.join(",");
    if !wide && joined.len() > 16 {
        format!("{}...", joined.get(..13).unwrap_or(&joined))
    } else {
        joined
    }
}

/// printIngress.
#[inline(never)]
pub fn ingress_row(ing: &Ingress, now: Time, wide: bool) -> Vec<String> {
    let class = ing.spec.ingress_class_name.clone().unwrap_or_else(|| "<none>".into());
    // formatHosts: up to three hosts, then how many rules more.
    let rules = &ing.spec.rules;
    let (mut hosts, mut more) = (Vec::new(), false);
    for rule in rules {
        if hosts.len() == 3 {
            more = true;
        }
        if !more && !rule.host.is_empty() {
            hosts.push(rule.host.as_str());
        }
    }
    let mut hosts_cell = if hosts.is_empty() { "*".to_string() } else { hosts.join(",") };
    if more {
        let _ = write!(hosts_cell, " + {} more...", rules.len() - 3);
    }
    let ports = if ing.spec.tls.is_empty() { "80" } else { "80, 443" };
    vec![
        ing.metadata.name.clone(),
        class,
        hosts_cell,
        address(ing, wide),
        ports.into(),
        age(ing.metadata.creation_timestamp, now),
    ]
}

/// printIngressClass.
#[inline(never)]
pub fn ingress_class_row(class: &IngressClass, now: Time) -> Vec<String> {
    let parameters = match &class.spec.parameters {
        None => "<none>".to_string(),
        Some(p) => match &p.api_group {
            Some(g) => format!("{}.{g}/{}", p.kind, p.name),
            None => format!("{}/{}", p.kind, p.name),
        },
    };
    vec![class.metadata.name.clone(), class.spec.controller.clone(), parameters, age(class.metadata.creation_timestamp, now)]
}

/// describeBackendV1: `svc:port (endpoints)`, read from the backend's
/// Endpoints and Service as kubectl 1.32 does.
fn backend(cluster: &Cluster, ns: &str, b: &IngressBackend) -> String {
    if let Some(s) = &b.service {
        let sb = if s.port.name.is_empty() { format!("{}:{}", s.name, s.port.number) } else { format!("{}:{}", s.name, s.port.name) };
        let ep = cluster.store().endpoints.get(ns, &s.name);
        let Some(ep) = ep else {
            return format!("{sb} (<error: endpoints \"{}\" not found>)", s.name);
        };
        let Some(svc) = cluster.store().services.get(ns, &s.name) else {
            return format!("{sb} (<error: services \"{}\" not found>)", s.name);
        };
        let mut port_name = "";
        for sp in &svc.spec.ports {
            if (s.port.number != 0 && s.port.number == sp.port) || (!s.port.name.is_empty() && s.port.name == sp.name) {
                port_name = sp.name.as_str();
            }
        }
        let list = super::describe::endpoints_for_port(Some(ep), port_name);
        return format!("{sb} ({})", if list.is_empty() { "<none>" } else { list.as_str() });
    }
    if let Some(r) = &b.resource {
        return format!("APIGroup: {}, Kind: {}, Name: {}", r.api_group.as_deref().unwrap_or("<none>"), r.kind, r.name);
    }
    String::new()
}

/// describeIngressV1.
#[inline(never)]
pub fn describe_ingress(w: &mut String, cluster: &Cluster, ing: &Ingress) {
    let m = &ing.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    super::describe::labels(w, "", "Labels", &m.labels);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    let _ = writeln!(w, "Address:\t{}", address(ing, true));
    let _ = writeln!(w, "Ingress Class:\t{}", ing.spec.ingress_class_name.as_deref().unwrap_or("<none>"));
    let default = match &ing.spec.default_backend {
        Some(b) => backend(cluster, &m.namespace, b),
        None => "<default>".into(),
    };
    let _ = writeln!(w, "Default backend:\t{default}");
    if !ing.spec.tls.is_empty() {
        w.push_str("TLS:\n");
        for t in &ing.spec.tls {
            if t.secret_name.is_empty() {
                let _ = writeln!(w, "  SNI routes {}", t.hosts.join(","));
            } else {
                let _ = writeln!(w, "  {} terminates {}", t.secret_name, t.hosts.join(","));
            }
        }
    }
    w.push_str("Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n");
    let mut count = 0;
    for rule in &ing.spec.rules {
        let Some(http) = &rule.http else { continue };
        count += 1;
        let host = if rule.host.is_empty() { "*" } else { rule.host.as_str() };
        let _ = writeln!(w, "  {host}\t");
        for p in &http.paths {
            let _ = writeln!(w, "    \t{} \t{}", p.path, backend(cluster, &m.namespace, &p.backend));
        }
    }
    if count == 0 {
        let _ = writeln!(w, "  *\t*\t{default}");
    }
    super::describe::annotations(w, "", &m.annotations);
}

/// describeIngressClassV1.
#[inline(never)]
pub fn describe_ingress_class(w: &mut String, class: &IngressClass) {
    let m = &class.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    let _ = writeln!(w, "Controller:\t{}", class.spec.controller);
    if let Some(p) = &class.spec.parameters {
        w.push_str("Parameters:\n");
        if let Some(g) = &p.api_group {
            let _ = writeln!(w, "  APIGroup:\t{g}");
        }
        let _ = writeln!(w, "  Kind:\t{}", p.kind);
        let _ = writeln!(w, "  Name:\t{}", p.name);
    }
}

pub(crate) const INGRESS_FLAGS: &[Flag] = &[
    flag("rule", None, Arg::Many),
    flag("annotation", None, Arg::Many),
    flag("class", None, Arg::Text),
    flag("default-backend", None, Arg::Text),
];

/// `\w` as Go's RE2 reads it (ASCII).
fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn name_chars(s: &str) -> usize {
    s.chars().take_while(|&c| word(c) || c == '-').count()
}

/// ruleRegex: `^(?P<host>[\w\*\-\.]*)(?P<path>/.*)=(?P<svcname>[\w\-]+):(?P<svcport>[\w\-]+)`
/// followed by an optional TLS part (which never makes a match fail).
fn rule_matches(rule: &str) -> bool {
    let Some((host, rest)) = rule.split_once('/') else { return false };
    if !host.chars().all(|c| word(c) || matches!(c, '*' | '-' | '.')) || rest.contains('\n') {
        return false;
    }
    rest.match_indices('=').any(|(i, _)| {
        let after = &rest[i + 1..];
        let n = name_chars(after);
        n > 0 && after[n..].starts_with(':') && name_chars(&after[n + 1..]) > 0
    })
}

/// What kubectl's Go code does on an index out of range: a panic, exit 2.
fn go_panic(len: usize) -> Output {
    let mut out = Output::fail(format!(
        "panic: runtime error: index out of range [1] with length {len}\n\ngoroutine 1 [running]:\n"
    ));
    out.code = 2;
    out
}

/// parseServiceBackendPort: a number that fits an int32, or a port name.
fn backend_port(port: &str) -> Value {
    match port.parse::<i32>() {
        Ok(0) if !port.starts_with('+') => json!({}),
        Ok(n) if !port.starts_with('+') => json!({"number": n}),
        _ => json!({"name": port}),
    }
}

/// buildIngressBackendSvc.
fn backend_value(service: &str) -> Result<Value, Output> {
    let parts: Vec<&str> = service.split(':').collect();
    let [name, port, ..] = parts.as_slice() else { return Err(go_panic(parts.len())) };
    Ok(json!({"service": {"name": name, "port": backend_port(port)}}))
}

/// buildHTTPIngressPath.
fn http_path(pathsvc: &str) -> Result<Value, Output> {
    let parts: Vec<&str> = pathsvc.split('=').collect();
    let [path, service, ..] = parts.as_slice() else { return Err(go_panic(parts.len())) };
    let mut path = format!("/{path}");
    let mut kind = "Exact";
    if path.ends_with('*') {
        kind = "Prefix";
        path.pop();
    }
    Ok(json!({"path": path, "pathType": kind, "backend": backend_value(service)?}))
}

/// buildTLSRules: one entry per secret name, each host once.
fn tls_rules(rules: &[String]) -> Vec<Value> {
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<(Vec<String>, String)> = Vec::new();
    for rule in rules {
        let parts: Vec<&str> = rule.split(',').collect();
        let [_, tls] = parts.as_slice() else { continue };
        let host = rule.split('/').next().unwrap_or_default().to_string();
        let secret = tls.split('=').nth(1).unwrap_or_default().to_string();
        if seen.contains(&host) {
            continue;
        }
        if let Some(entry) = out.iter_mut().find(|(_, s)| *s == secret) {
            entry.0.push(host.clone());
            seen.push(host);
            continue;
        }
        // An entry with neither a host nor a secret is left out.
        if host.is_empty() && secret.is_empty() {
            continue;
        }
        let hosts = if host.is_empty() { Vec::new() } else { vec![host.clone()] };
        if !host.is_empty() {
            seen.push(host);
        }
        out.push((hosts, secret));
    }
    out.into_iter()
        .map(|(hosts, secret)| {
            let mut t = Map::new();
            if !hosts.is_empty() {
                t.insert("hosts".into(), json!(hosts));
            }
            if !secret.is_empty() {
                t.insert("secretName".into(), json!(secret));
            }
            Value::Object(t)
        })
        .collect()
}

/// buildIngressRules: one rule per host, its paths in order.
fn ingress_rules(rules: &[String]) -> Result<Vec<Value>, Output> {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    for rule in rules {
        let without_tls = rule.split(',').next().unwrap_or_default();
        let (host, rest) = without_tls.split_once('/').ok_or_else(|| go_panic(1))?;
        let path = http_path(rest)?;
        match out.iter_mut().find(|(h, _)| h == host) {
            Some(entry) => entry.1.push(path),
            None => out.push((host.to_string(), vec![path])),
        }
    }
    Ok(out
        .into_iter()
        .map(|(host, paths)| {
            let mut r = Map::new();
            if !host.is_empty() {
                r.insert("host".into(), json!(host));
            }
            r.insert("http".into(), json!({"paths": paths}));
            Value::Object(r)
        })
        .collect())
}

/// `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]]…`.
#[inline(never)]
pub fn create_ingress(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(args, &super::create::with_common(INGRESS_FLAGS), "create ingress") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create ingress"));
    }
    let name = match super::create::exactly_one_name(&p.args, "create ingress") {
        Ok(n) => n,
        Err(o) => return o,
    };
    let rules = p.many("rule");
    let annotations = p.many("annotation");
    let default_backend = p.text("default-backend").unwrap_or("");
    if default_backend.is_empty() && rules.is_empty() {
        return Output::fail(
            "error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)\n",
        );
    }
    if let Some(bad) = rules.iter().find(|r| !rule_matches(r)) {
        return Output::fail(format!(
            "error: rule {bad} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]\n"
        ));
    }
    let mut notes = Map::new();
    for a in &annotations {
        match a.split_once('=') {
            Some((k, v)) => {
                notes.insert(k.to_string(), json!(v));
            }
            None => return Output::fail(format!("error: annotation {a} is invalid and should be in format key=[value]\n")),
        }
    }
    if !default_backend.is_empty() && default_backend.split(':').count() != 2 {
        return Output::fail("error: default-backend should be in format servicename:serviceport\n");
    }
    let mut spec = Map::new();
    if let Some(class) = p.text("class").filter(|c| !c.is_empty()) {
        spec.insert("ingressClassName".into(), json!(class));
    }
    if !default_backend.is_empty() {
        match backend_value(default_backend) {
            Ok(b) => spec.insert("defaultBackend".into(), b),
            Err(o) => return o,
        };
    }
    let tls = tls_rules(&rules);
    let rules = match ingress_rules(&rules) {
        Ok(r) => r,
        Err(o) => return o,
    };
    if !rules.is_empty() {
        spec.insert("rules".into(), Value::Array(rules));
    }
    if !tls.is_empty() {
        spec.insert("tls".into(), Value::Array(tls));
    }
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    if let Some(ns) = p.text("namespace").filter(|n| !n.is_empty()) {
        meta.insert("namespace".into(), json!(ns));
    }
    meta.insert("creationTimestamp".into(), Value::Null);
    if !notes.is_empty() {
        meta.insert("annotations".into(), Value::Object(notes));
    }
    let object = json!({
        "kind": "Ingress",
        "apiVersion": "networking.k8s.io/v1",
        "metadata": meta,
        "spec": spec,
        "status": {"loadBalancer": {}}
    });
    super::create::submit(ctx, &p, object, |e| format!("error: failed to create ingress: {}\n", e.message))
}
