//! `kubectl taint` and `kubectl drain` (issue 14), as kubectl 1.32's
//! `pkg/cmd/taint` and `pkg/cmd/drain` with `pkg/drain`'s filters print them.
//! The page's lazy part: both entry points are `#[inline(never)]`.

use serde_json::{Value, json};

use super::flags::{Arg, flag};
use super::output::Output;
use super::watch::Job;
use super::{Ctx, Run};
use crate::cluster::api::DeleteOptions;
use crate::cluster::objects::pod::Pod;
use crate::cluster::{Kind, Object, Time};

const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

fn usage_error(command: &str, message: &str) -> Output {
    Output::fail(format!("error: {message}\nSee 'kubectl {command} -h' for help and examples\n"))
}

fn name_ok(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

const NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// `validation.IsQualifiedName`'s messages for a taint key.
fn key_errors(key: &str) -> Vec<String> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    let mut errs = Vec::new();
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    }
    if !name_ok(name) {
        errs.push(NAME_MSG.to_string());
    }
    if let Some(p) = prefix
        && (p.is_empty() || !p.split('.').all(|l| name_ok(l) && !l.contains('_')))
    {
        errs.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string());
    }
    errs
}

/// Cordons (or uncordons) a node's manifest: `spec.unschedulable` (the
/// API keeps the `node.kubernetes.io/unschedulable` taint in step with it).
pub(crate) fn set_unschedulable(node: &mut Value, on: bool) {
    let Some(spec) = node.get_mut("spec").and_then(Value::as_object_mut) else { return };
    if on {
        spec.insert("unschedulable".into(), Value::Bool(true));
    } else {
        spec.remove("unschedulable");
    }
}

/// One `key[=value]:Effect` (to add) or `key[:Effect]-` (to remove).
fn parse_taint(spec: &str, removal: bool) -> Result<Value, String> {
    let (kv, effect) = match spec.split_once(':') {
        Some((kv, e)) => (kv, Some(e)),
        None => (spec, None),
    };
    // (A removal may name the value too, `key=value:Effect-`: it is checked, then ignored.)
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    let mut errs = key_errors(key);
    if !value.is_empty() && !name_ok(value) {
        errs.push(VALUE_MSG.to_string());
    }
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {spec}, {}", errs.join("; ")));
    }
    match effect {
        Some(e) if !EFFECTS.contains(&e) => Err(format!("invalid taint effect: {e}, unsupported taint effect")),
        None if !removal => Err(format!("invalid taint spec: {spec}, {NAME_MSG}")),
        _ => {
            let mut t = json!({"key": key});
            if !value.is_empty() && !removal {
                t["value"] = json!(value);
            }
            if let Some(e) = effect {
                t["effect"] = json!(e);
            }
            Ok(t)
        }
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// `key=value:Effect` as kubectl's `Taint.ToString` writes it.
fn taint_text(t: &Value) -> String {
    let mut text = s(t, "key").to_string();
    if !s(t, "value").is_empty() {
        text = format!("{text}={}", s(t, "value"));
    }
    if !s(t, "effect").is_empty() {
        text = format!("{text}:{}", s(t, "effect"));
    }
    text
}

/// `kubectl taint nodes NAME key=value:Effect… key[:Effect]-…`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn taint(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(
        args,
        &[
            flag("overwrite", None, Arg::Bool),
            flag("all", None, Arg::Bool),
            flag("selector", Some('l'), Arg::Text),
            flag("dry-run", None, Arg::Text),
            flag("validate", None, Arg::Text),
            flag("field-manager", None, Arg::Text),
        ],
        "taint",
    ) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let is_spec = |a: &String| a.contains('=') || a.contains(':') || a.ends_with('-');
    let (specs, words): (Vec<&String>, Vec<&String>) = p.args.iter().partition(|a| is_spec(a));
    if words.is_empty() {
        return Output::fail("error: one or more resources must be specified as <resource> <name>\n");
    }
    if specs.is_empty() {
        return Output::fail("error: at least one taint update is required\n");
    }
    let mut add: Vec<Value> = Vec::new();
    let mut remove: Vec<Value> = Vec::new();
    for spec in &specs {
        let removal = spec.ends_with('-');
        let text = if removal { &spec[..spec.len() - 1] } else { spec.as_str() };
        match parse_taint(text, removal) {
            Ok(t) if removal => remove.push(t),
            Ok(t) => {
                if add.iter().any(|a| a["key"] == t["key"] && a["effect"] == t["effect"]) {
                    let value = if s(&t, "value").is_empty() { String::new() } else { s(&t, "value").to_string() };
                    return usage_error(
                        "taint",
                        &format!("duplicated taints with the same key and effect: {{{} {value} {} <nil>}}", s(&t, "key"), s(&t, "effect")),
                    );
                }
                add.push(t)
            }
            Err(e) => return usage_error("taint", &e),
        }
    }
    match crate::kubectl::resources::resolve(words[0]) {
        Some(Kind::Node) => {}
        Some(kind) => {
            return Output::fail(format!(
                "error: invalid resource type {}, only node types are supported\n",
                kind.plural()
            ))
        }
        None => {
            return Output::fail(format!(
                "error: the server doesn't have a resource type \"{}\"\n",
                words[0]
            ))
        }
    }
    let Some(name) = words.get(1) else {
        return Output::fail("error: at least one taint update is required\n");
    };
    let obj = match ctx.cluster.get(Kind::Node, "", name) {
        Ok(o) => o,
        Err(e) => return super::api_failure(&e),
    };
    let Object::Node(node) = &obj else { return Output::new() };
    let mut taints: Vec<Value> = node.spec.taints.clone();
    if !p.bool("overwrite") {
        for t in &add {
            if taints.iter().any(|o| o["key"] == t["key"] && o["effect"] == t["effect"]) {
                return Output::fail(format!(
                    "error: node {name} already has {} taint(s) with same effect(s) and --overwrite is false\n",
                    s(t, "key")
                ));
            }
        }
    }
    let mut missing = Vec::new();
    for r in &remove {
        let before = taints.len();
        taints.retain(|o| !(o["key"] == r["key"] && (s(r, "effect").is_empty() || o["effect"] == r["effect"])));
        if taints.len() == before {
            missing.push(format!("taint {} not found", serde_json::Value::from(taint_text(r))));
        }
    }
    if !missing.is_empty() && remove.len() == missing.len() && add.is_empty() {
        let message = if missing.len() == 1 { missing[0].clone() } else { format!("[{}]", missing.join(", ")) };
        return Output::fail(format!("error: {message}\n"));
    }
    for t in add {
        match taints.iter_mut().find(|o| o["key"] == t["key"] && o["effect"] == t["effect"]) {
            Some(o) => *o = t,
            None => taints.push(t),
        }
    }
    let verb = if remove.is_empty() { "tainted" } else if specs.len() == remove.len() { "untainted" } else { "modified" };
    let dry = p.text("dry-run").is_some_and(|d| d != "none");
    if dry {
        return Output::ok(format!("node/{name} {verb} (dry run)\n"));
    }
    let mut v = obj.to_value();
    if taints.is_empty() {
        if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
            spec.remove("taints");
        }
    } else {
        v["spec"]["taints"] = Value::Array(taints);
    }
    match ctx.cluster.update(&v, "") {
        Ok(_) => {
            ctx.cluster.taints_changed();
            Output::ok(format!("node/{name} {verb}\n"))
        }
        Err(e) => super::api_failure(&e),
    }
}

/// `kubectl drain` waiting for the pods it evicted to go.
#[derive(Clone, Debug)]
pub struct DrainWait {
    node: String,
    /// namespace, name, uid, gone already.
    pods: Vec<(String, String, String, bool)>,
    verb: &'static str,
    deadline: Option<Time>,
    timeout: String,
}

impl DrainWait {
    pub fn deadline(&self) -> Option<Time> {
        self.deadline
    }

    #[inline(never)]
    pub fn poll(&mut self, cluster: &crate::cluster::Cluster) -> (Output, bool) {
        let mut out = Output::new();
        for (ns, name, uid, gone) in &mut self.pods {
            if *gone {
                continue;
            }
            if cluster.store().get::<Pod>(ns, name).is_none_or(|p| p.metadata.uid != *uid) {
                *gone = true;
                out.out(format!("pod/{name} {}\n", self.verb));
            }
        }
        if self.pods.iter().all(|p| p.3) {
            out.out(format!("node/{} drained\n", self.node));
            return (out, true);
        }
        if self.deadline.is_some_and(|d| cluster.now() >= d) {
            let node = &self.node;
            let errors: Vec<String> = self
                .pods
                .iter()
                .filter(|p| !p.3)
                .map(|(ns, name, ..)| {
                    format!("error when waiting for pod \"{name}\" in namespace \"{ns}\" to terminate: global timeout reached: {}", self.timeout)
                })
                .collect();
            let error = if errors.len() == 1 { errors[0].clone() } else { format!("[{}]", errors.join(", ")) };
            out.err(format!("There are pending pods in node \"{node}\" when an error occurred: {error}\n"));
            for (_, name, ..) in self.pods.iter().filter(|p| !p.3) {
                out.err(format!("pod/{name}\n"));
            }
            out.err(format!(
                "error: unable to drain node \"{node}\" due to error:{error}, continuing command...\nThere are pending nodes to be drained:\n {node}\n{error}\n"
            ));
            out.code = 1;
            return (out, true);
        }
        (out, false)
    }
}

/// `kubectl drain NODE`: cordon, then evict what may go.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn drain(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse(
        args,
        &[
            flag("force", None, Arg::Bool),
            flag("grace-period", None, Arg::Int),
            flag("ignore-daemonsets", None, Arg::Bool),
            flag("delete-emptydir-data", None, Arg::Bool),
            flag("delete-local-data", None, Arg::Bool),
            flag("timeout", None, Arg::Duration),
            flag("selector", Some('l'), Arg::Text),
            flag("pod-selector", None, Arg::Text),
            flag("disable-eviction", None, Arg::Bool),
            flag("skip-wait-for-delete-timeout", None, Arg::Int),
            flag("chunk-size", None, Arg::Int),
            flag("dry-run", None, Arg::Text),
        ],
        "drain",
    ) {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let mut out = Output::new();
    if p.has("delete-local-data") {
        out.err("Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n");
    }
    let selector = p.text("selector").unwrap_or("");
    if p.args.is_empty() && selector.is_empty() {
        return usage_error("drain", "USAGE: drain NODE [flags]").into();
    }
    if !p.args.is_empty() && !selector.is_empty() {
        return usage_error("drain", "cannot specify both a node name and a --selector option").into();
    }
    let Some(name) = p.args.first().cloned() else {
        out.err("error: drain --selector: l’atelier ne simule que « kubectl drain NŒUD ».\n");
        out.code = 1;
        return out.into();
    };
    let dry = match p.text("dry-run") {
        None | Some("none") | Some("false") => "",
        Some("server") => " (server dry run)",
        Some(_) => " (dry run)",
    };
    let obj = match ctx.cluster.get(Kind::Node, "", &name) {
        Ok(o) => o,
        Err(e) => {
            out.chunks.extend(super::api_failure(&e).chunks);
            out.code = 1;
            return out.into();
        }
    };
    let Object::Node(node) = &obj else { return out.into() };
    // Cordon.
    if node.spec.unschedulable == Some(true) {
        out.out(format!("node/{name} already cordoned{dry}\n"));
    } else {
        if dry.is_empty() {
            let mut v = obj.to_value();
            set_unschedulable(&mut v, true);
            if let Err(e) = ctx.cluster.update(&v, "") {
                out.err(format!("error: unable to cordon node \"{name}\": {}\n", e.message));
            }
        }
        out.out(format!("node/{name} cordoned{dry}\n"));
    }
    // pkg/drain's filters, in their order; the messages in the order they first appear.
    let force = p.bool("force");
    let ignore_ds = p.bool("ignore-daemonsets");
    let emptydir = p.bool("delete-emptydir-data") || p.bool("delete-local-data");
    let mut fatal: Vec<(&str, Vec<String>)> = Vec::new();
    let mut warnings: Vec<(&str, Vec<String>)> = Vec::new();
    let note = |list: &mut Vec<(&'static str, Vec<String>)>, msg: &'static str, pod: String| {
        match list.iter_mut().find(|(m, _)| *m == msg) {
            Some((_, pods)) => pods.push(pod),
            None => list.push((msg, vec![pod])),
        }
    };
    let pod_selector = p.text("pod-selector").and_then(|s| super::selector::Selector::parse(s).ok());
    let mut to_evict: Vec<std::sync::Arc<Pod>> = Vec::new();
    let mut pods: Vec<&std::sync::Arc<Pod>> =
        ctx.cluster.store().pods.iter().filter(|p| p.spec.node_name == name).collect();
    if let Some(sel) = &pod_selector {
        pods.retain(|p| sel.matches(&p.metadata.labels));
    }
    for pod in pods {
        let id = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
        let terminal = pod.is_terminal();
        let controller = pod.metadata.owner_references.iter().find(|r| r.controller == Some(true));
        if controller.is_some_and(|c| c.kind == "DaemonSet") && !terminal {
            if ignore_ds {
                note(&mut warnings, "ignoring DaemonSet-managed Pods", id);
            } else {
                note(&mut fatal, "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)", id);
            }
            continue;
        }
        if crate::cluster::controllers::healing::is_mirror(pod) {
            continue;
        }
        if !terminal && pod.spec.volumes.iter().any(|v| v.source.contains_key("emptyDir")) {
            if !emptydir {
                note(&mut fatal, "Pods with local storage (use --delete-emptydir-data to override)", id);
                continue;
            }
            note(&mut warnings, "deleting Pods with local storage", id.clone());
        }
        if !terminal && controller.is_none() {
            if !force {
                note(&mut fatal, "Pods declare no controller (use --force to override)", id);
                continue;
            }
            note(&mut warnings, "deleting Pods that declare no controller", id);
        }
        to_evict.push(pod.clone());
    }
    if !fatal.is_empty() {
        let errors: Vec<String> = fatal.iter().map(|(m, pods)| format!("cannot delete {m}: {}", pods.join(", "))).collect();
        let error = if errors.len() == 1 { errors[0].clone() } else { format!("[{}]", errors.join(", ")) };
        out.err(format!(
            "error: unable to drain node \"{name}\" due to error:{error}, continuing command...\nThere are pending nodes to be drained:\n {name}\n{error}\n"
        ));
        out.code = 1;
        return out.into();
    }
    if !warnings.is_empty() {
        let text: Vec<String> = warnings.iter().map(|(m, pods)| format!("{m}: {}", pods.join(", "))).collect();
        out.err(format!("Warning: {}\n", text.join("; ")));
    }
    if !dry.is_empty() {
        for pod in &to_evict {
            out.out(format!("evicting pod {}/{}{dry}\n", pod.metadata.namespace, pod.metadata.name));
        }
        out.out(format!("node/{name} drained{dry}\n"));
        return out.into();
    }
    let disable_eviction = p.bool("disable-eviction");
    let grace = p.int("grace-period").filter(|g| *g >= 0);
    let mut waiting = Vec::new();
    for pod in &to_evict {
        let (ns, pod_name) = (pod.metadata.namespace.clone(), pod.metadata.name.clone());
        if !disable_eviction {
            out.out(format!("evicting pod {ns}/{pod_name}\n"));
        }
        let opts = DeleteOptions { grace_period_seconds: grace, ..Default::default() };
        let _ = ctx.cluster.delete(Kind::Pod, &ns, &pod_name, opts);
        waiting.push((ns, pod_name, pod.metadata.uid.clone(), false));
    }
    let timeout = p.duration("timeout").filter(|t| *t > 0.0);
    let mut job = DrainWait {
        node: name,
        pods: waiting,
        verb: if disable_eviction { "deleted" } else { "evicted" },
        deadline: timeout.map(|t| ctx.cluster.now().plus_secs(t)),
        timeout: p.text("timeout").unwrap_or("").to_string(),
    };
    let (more, done) = job.poll(ctx.cluster);
    out.chunks.extend(more.chunks);
    if done {
        return out.into();
    }
    Run::Streaming(out, Job::Drain(job))
}
