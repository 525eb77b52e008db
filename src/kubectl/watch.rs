//! Commands that keep printing as the virtual clock moves: `get -w`,
//! `logs -f`, `rollout status`, `wait`. The caller advances the clock and
//! polls the job; the job reads the cluster and says when it is finished.


use crate::cluster::runtime::LogLine;
use crate::cluster::{Cluster, Kind, Object, Time};
use serde_json::Value;

use super::field_selector::FieldSelector;
use super::flags::{Arg, Flag, flag};
use super::get::Selector;
use super::gotemplate::Held;
use super::output::Output;
use super::printers::{self, Columns, Format};
use super::table::render_with_widths;
use super::{Ctx, Run};

/// A running command.
#[derive(Clone, Debug)]
pub enum Job {
    Watch(Watch),
    Logs(LogsFollow),
    Rollout(RolloutStatus),
    Wait(WaitFor),
    /// `drain`: the evicted pods going (the page's lazy part).
    Drain(super::drain::DrainWait),
    /// `port-forward`: nothing to print, runs until interrupted.
    Forward(super::info::PortForward),
}

impl Job {
    /// Prints what happened since the last poll; `true` when the job is over.
    pub fn poll(&mut self, cluster: &Cluster) -> (Output, bool) {
        match self {
            Job::Watch(w) => (w.poll(cluster), false),
            Job::Logs(l) => l.poll(cluster),
            Job::Rollout(r) => r.poll(cluster),
            Job::Wait(w) => w.poll(cluster),
            Job::Drain(d) => d.poll(cluster),
            Job::Forward(_) => (Output::new(), false),
        }
    }

    /// An instant the job must be polled at even if nothing changes (timeouts).
    pub fn deadline(&self) -> Option<Time> {
        match self {
            Job::Wait(w) => Some(w.deadline),
            Job::Rollout(r) => r.deadline,
            Job::Drain(d) => d.deadline(),
            _ => None,
        }
    }
}

/// `kubectl get -w`.
#[derive(Clone, Debug)]
pub struct Watch {
    pub kind: Kind,
    pub namespace: Option<String>,
    pub names: Vec<String>,
    pub selector: Option<Selector>,
    pub fields: Option<FieldSelector>,
    pub columns: Columns,
    pub format: Format,
    pub widths: Vec<usize>,
    pub since: u64,
    pub header_printed: bool,
    pub no_headers: bool,
}

impl Watch {
    fn wants(&self, obj: &Object) -> bool {
        let meta = obj.meta();
        obj.kind() == self.kind
            && self.namespace.as_ref().is_none_or(|ns| !self.kind.namespaced() || &meta.namespace == ns)
            && (self.names.is_empty() || self.names.contains(&meta.name))
            && self.selector.as_ref().is_none_or(|s| s.matches(&meta.labels))
            && self.fields.as_ref().is_none_or(|f| f.matches(obj))
    }

    fn poll(&mut self, cluster: &Cluster) -> Output {
        let store = cluster.store();
        // The last state of each object that changed, in the order they first changed.
        let mut objs: Vec<Object> = Vec::new();
        match store.changes_since(self.since) {
            Some(changes) => {
                let changed: Vec<&Object> = changes.map(|c| &c.object).filter(|o| self.wants(o)).collect();
                // Group the changes by object (sorted positions), keep the first position and the last state.
                let mut positions: Vec<usize> = (0..changed.len()).collect();
                let key = |i: &usize| (changed[*i].meta().namespace.as_str(), changed[*i].meta().name.as_str(), *i);
                crate::sort::sort_by_key(&mut positions, key);
                let mut firsts: Vec<(usize, usize)> = Vec::new();
                for i in positions {
                    match firsts.last_mut() {
                        Some((first, last)) if key(first).0 == key(&i).0 && key(first).1 == key(&i).1 => *last = i,
                        _ => firsts.push((i, i)),
                    }
                }
                crate::sort::sort(&mut firsts);
                objs.extend(firsts.into_iter().map(|(_, last)| changed[last].clone()));
            }
            None => {
                // Too far behind: list again, as a watch that expired does.
                objs.extend(store.objects(self.kind, self.namespace.as_deref()).into_iter().filter(|o| self.wants(o)));
            }
        }
        self.since = store.resource_version();
        let mut out = Output::new();
        let now = cluster.now();
        if objs.is_empty() {
            return out;
        }
        match &self.format {
            Format::Table | Format::Wide => {
                let mut lines = Vec::new();
                if !self.header_printed && !self.no_headers {
                    lines.push(printers::header(self.kind, &self.columns));
                }
                self.header_printed = true;
                for o in &objs {
                    lines.push(printers::row(o, now, &self.columns));
                }
                let refs: Vec<&Vec<String>> = lines.iter().collect();
                out.out(render_with_widths(&refs, &mut self.widths));
            }
            format => {
                for o in &objs {
                    let text =
                        printers::print_formatted(std::slice::from_ref(o), true, format, now, Held::Unstructured);
                    if matches!(format, Format::Yaml) {
                        out.out("---\n");
                    }
                    out.extend(text);
                }
            }
        }
        out
    }
}

/// `kubectl logs -f`: one stream per container followed (`-l`, `--all-containers`
/// follow several at once); it ends when every stream has.
#[derive(Clone, Debug)]
pub struct LogsFollow {
    pub streams: Vec<LogStream>,
}

#[derive(Clone, Debug)]
pub struct LogStream {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    /// Lines already printed.
    pub printed: usize,
    /// `--prefix`: `[pod/NAME/CONTAINER] ` before each line.
    pub prefix: String,
    /// `--timestamps`: each line after the instant it was written.
    pub timestamps: bool,
    pub done: bool,
}

impl LogStream {
    /// A stream of `pod`'s `container` whose first `printed` lines are already on screen.
    pub fn new(namespace: &str, pod: &str, container: String, printed: usize, prefix: String) -> LogStream {
        LogStream {
            namespace: namespace.to_string(),
            pod: pod.to_string(),
            container,
            printed,
            prefix,
            timestamps: false,
            done: false,
        }
    }

    /// A line as kubectl prints it: the prefix (added by kubectl), then the
    /// timestamp (sent by the kubelet), then the text.
    pub fn show(&self, line: &LogLine) -> String {
        if self.timestamps {
            format!("{}{} {}\n", self.prefix, line.at.rfc3339_nano(), line.text)
        } else {
            format!("{}{}\n", self.prefix, line.text)
        }
    }
}

impl LogsFollow {
    fn poll(&mut self, cluster: &Cluster) -> (Output, bool) {
        let mut out = Output::new();
        for s in self.streams.iter_mut().filter(|s| !s.done) {
            let Ok(lines) = cluster.container_logs(&s.namespace, &s.pod, &s.container, false) else {
                s.done = true;
                continue;
            };
            for line in lines.iter().skip(s.printed) {
                out.out(s.show(line));
            }
            s.printed = s.printed.max(lines.len());
            // The stream ends when the container stops (or the pod is gone).
            s.done = match cluster.store().get::<crate::cluster::objects::Pod>(&s.namespace, &s.pod) {
                None => true,
                Some(p) => p
                    .status
                    .container_statuses
                    .iter()
                    .find(|c| c.name == s.container)
                    .is_none_or(|c| c.state.terminated.is_some()),
            };
        }
        let done = self.streams.iter().all(|s| s.done);
        (out, done)
    }
}

/// `kubectl rollout status deployment/NAME`.
#[derive(Clone, Debug)]
pub struct RolloutStatus {
    pub namespace: String,
    pub name: String,
    pub since: u64,
    pub started: bool,
    /// `--timeout`: when to give up (none: wait as long as the rollout goes on).
    pub deadline: Option<Time>,
    /// A StatefulSet's rollout, not a Deployment's.
    pub statefulset: bool,
    /// A DaemonSet's rollout.
    pub daemonset: bool,
}

impl RolloutStatus {
    fn poll(&mut self, cluster: &Cluster) -> (Output, bool) {
        let (mut out, done) = self.poll_status(cluster);
        if !done && self.deadline.is_some_and(|d| cluster.now() >= d) {
            // client-go's watch ends with its context: wait.ErrWaitTimeout.
            out.err("error: timed out waiting for the condition\n");
            out.code = 1;
            return (out, true);
        }
        (out, done)
    }

    fn poll_status(&mut self, cluster: &Cluster) -> (Output, bool) {
        let store = cluster.store();
        let changed = !self.started
            || store.changes_since(self.since).is_none_or(|mut it| {
                let kind = if self.daemonset {
                    Kind::DaemonSet
                } else if self.statefulset {
                    Kind::StatefulSet
                } else {
                    Kind::Deployment
                };
                it.any(|c| {
                    c.object.kind() == kind
                        && c.object.meta().name == self.name
                        && c.object.meta().namespace == self.namespace
                })
            });
        self.started = true;
        self.since = store.resource_version();
        if !changed {
            return (Output::new(), false);
        }
        if self.daemonset {
            return super::daemonset::daemonset_status(cluster, &self.namespace, &self.name);
        }
        if self.statefulset {
            return super::storage::statefulset_status(cluster, &self.namespace, &self.name);
        }
        let Some(d) = store.get::<crate::cluster::objects::Deployment>(&self.namespace, &self.name) else {
            return (Output::fail(format!("error: deployments.apps \"{}\" not found\n", self.name)), true);
        };
        match deployment_status(d) {
            Ok((text, done)) => (Output::ok(text), done),
            Err(e) => (Output::fail(format!("error: {e}\n")), true),
        }
    }
}

/// kubectl's `DeploymentStatusViewer`.
pub fn deployment_status(d: &crate::cluster::objects::Deployment) -> Result<(String, bool), String> {
    let name = &d.metadata.name;
    let s = &d.status;
    if d.metadata.generation > s.observed_generation.unwrap_or(0) {
        return Ok(("Waiting for deployment spec update to be observed...\n".into(), false));
    }
    if s.conditions.iter().any(|c| c.type_ == "Progressing" && c.reason == "ProgressDeadlineExceeded") {
        return Err(format!("deployment \"{name}\" exceeded its progress deadline"));
    }
    let want = d.spec.replicas.unwrap_or(1);
    let (updated, replicas, available) =
        (s.updated_replicas.unwrap_or(0), s.replicas.unwrap_or(0), s.available_replicas.unwrap_or(0));
    if updated < want {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {updated} out of {want} new replicas have been updated...\n"
            ),
            false,
        ));
    }
    if replicas > updated {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n",
                replicas - updated
            ),
            false,
        ));
    }
    if available < updated {
        return Ok((
            format!(
                "Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...\n"
            ),
            false,
        ));
    }
    Ok((format!("deployment \"{name}\" successfully rolled out\n"), true))
}

/// `kubectl wait --for=condition=Ready|delete|jsonpath=… TYPE/NAME`.
#[derive(Clone, Debug)]
pub struct WaitFor {
    pub targets: Vec<(Kind, String, String)>,
    pub condition: Condition,
    pub deadline: Time,
    pub met: Vec<bool>,
    /// `delete` waits without printing anything more.
    pub quiet: bool,
}

#[derive(Clone, Debug)]
pub enum Condition {
    Condition(String, String),
    Delete,
    /// `--for=jsonpath='{…}'[=value]`: any value, or this one.
    JsonPath(super::jsonpath::Template, Option<String>),
}

impl WaitFor {
    fn poll(&mut self, cluster: &Cluster) -> (Output, bool) {
        let mut out = Output::new();
        for (i, (kind, ns, name)) in self.targets.iter().enumerate() {
            if self.met[i] {
                continue;
            }
            let obj = cluster.get(*kind, ns, name).ok();
            let met = match (&self.condition, &obj) {
                (Condition::Delete, None) => true,
                // What `delete` waits for came back as a new object (a mirror pod): kubectl compares uids.
                (Condition::Delete, Some(o)) if self.quiet => o.meta().deletion_timestamp.is_none(),
                (Condition::Condition(ty, want), Some(o)) => {
                    let v = o.to_value();
                    v.pointer("/status/conditions").and_then(|c| c.as_array()).is_some_and(|conds| {
                        conds.iter().any(|c| {
                            c.get("type").and_then(|t| t.as_str()).is_some_and(|t| t.eq_ignore_ascii_case(ty))
                                && c.get("status")
                                    .and_then(|s| s.as_str())
                                    .is_some_and(|s| s.eq_ignore_ascii_case(want))
                        })
                    })
                }
                (Condition::JsonPath(path, want), Some(o)) => {
                    // JSONPathWait.checkCondition: the first result, compared as
                    // `%v` after trimming; a map or a list is an error.
                    match path.values(&o.to_value()).first() {
                        None => false,
                        Some(Value::Object(_) | Value::Array(_)) => {
                            out.err("error: jsonpath leads to a nested object or list which is not supported\n");
                            out.code = 1;
                            return (out, true);
                        }
                        Some(v) => want.as_ref().is_none_or(|w| super::jsonpath::go_format(v).trim() == w.trim()),
                    }
                }
                _ => false,
            };
            if met {
                self.met[i] = true;
                // wait.go prints every success with NewPrintFlags("condition met"),
                // delete included.
                if !self.quiet {
                    out.out(format!("{}/{name} condition met\n", super::resources::qualified(*kind)));
                }
            }
        }
        if self.met.iter().all(|m| *m) {
            return (out, true);
        }
        if cluster.now() >= self.deadline {
            for (i, (kind, _, name)) in self.targets.iter().enumerate() {
                if !self.met[i] {
                    // wait.go extendErrWaitTimeout: wait.ErrWaitTimeout's text, then
                    // the mapping's plain resource (no group), for delete too.
                    out.err(format!("error: timed out waiting for the condition on {}/{name}\n", kind.plural()));
                    out.code = 1;
                }
            }
            return (out, true);
        }
        (out, false)
    }
}

pub(crate) const WAIT_FLAGS: &[Flag] = &[
    flag("for", None, Arg::Text),
    flag("timeout", None, Arg::Duration),
    flag("selector", Some('l'), Arg::Text),
    flag("all", None, Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
];

/// Seconds in a Go duration (`30s`, `2m`, `1m30s`, `500ms`).
pub fn parse_duration(text: &str) -> Option<f64> {
    if let Ok(n) = text.parse::<f64>() {
        return Some(n);
    }
    let mut total = 0.0;
    let mut num = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let mut unit = c.to_string();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphabetic() {
                unit.push(n);
                chars.next();
            } else {
                break;
            }
        }
        let v: f64 = num.parse().ok()?;
        num.clear();
        total += v * match unit.as_str() {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
    }
    if !num.is_empty() {
        return None;
    }
    Some(total)
}

pub fn wait(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, WAIT_FLAGS, "wait") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let cond_text = p.text_or("for", "");
    let condition = if cond_text.eq_ignore_ascii_case("delete") {
        Condition::Delete
    } else if let Some(c) = cond_text.strip_prefix("condition=") {
        let (ty, want) = c.split_once('=').unwrap_or((c, "true"));
        Condition::Condition(ty.to_string(), want.to_string())
    } else if let Some(input) = cond_text.strip_prefix("jsonpath=") {
        match jsonpath_condition(input) {
            Ok(c) => c,
            Err(e) => return Output::fail(format!("error: {e}\n")).into(),
        }
    } else {
        return Output::fail(format!("error: unrecognized condition: {}\n", Value::from(cond_text)))
            .into();
    };
    let timeout = p.duration("timeout").unwrap_or(30.0);
    let ns = super::namespace(ctx, &p);
    let mut targets = Vec::new();
    // `-l` or `--all`: every object of the type (that the selector matches).
    if p.text("selector").is_some() || p.bool("all") {
        let Some(kind) = p.args.first().and_then(|t| super::resources::resolve(t)) else {
            return super::must_provide_resources().into();
        };
        let sel = match super::selector::for_kinds(p.text("selector"), &[kind], None) {
            Ok(s) => s,
            Err(o) => return o.into(),
        };
        for o in ctx.cluster.store().objects(kind, Some(&ns)) {
            if sel.as_ref().is_none_or(|s| s.matches(&o.meta().labels)) {
                targets.push((kind, ns.clone(), o.meta().name.clone()));
            }
        }
        if targets.is_empty() {
            return Output::fail("error: no matching resources found\n").into();
        }
    } else {
        let pairs = match super::resource_args(&p.args) {
            Ok(p) => p,
            Err(o) => return o.into(),
        };
        if pairs.is_empty() {
            return super::must_provide_resources().into();
        }
        for (k, n) in pairs {
            let obj_ns = if k.namespaced() { ns.clone() } else { String::new() };
            if let Err(e) = ctx.cluster.get(k, &obj_ns, &n) {
                if !matches!(condition, Condition::Delete) {
                    return Output::fail(super::server_error(&e)).into();
                }
                // RunWait ignores NotFound for delete: an object already gone
                // is never visited, so nothing is printed.
                continue;
            }
            targets.push((k, obj_ns, n));
        }
    }
    let met = vec![false; targets.len()];
    let mut job = WaitFor { targets, condition, deadline: ctx.cluster.now().plus_secs(timeout), met, quiet: false };
    let (out, done) = job.poll(ctx.cluster);
    if done { Run::Done(out) } else { Run::Streaming(out, Job::Wait(job)) }
}

/// wait.go processJSONPathInput: the input split on single `=` (`==` kept),
/// the expression relaxed as `get -o jsonpath` relaxes it, the value unquoted.
fn jsonpath_condition(input: &str) -> Result<Condition, String> {
    let mut parts = vec![String::new()];
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '=' {
            if chars.peek() == Some(&'=') {
                chars.next();
                if let Some(p) = parts.last_mut() {
                    p.push_str("==");
                }
            } else {
                parts.push(String::new());
            }
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    if parts.len() > 2 {
        return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
    }
    // cmdget.RelaxedJSONPathExpression: `{.a.b}`, `{a.b}`, `.a.b` or `a.b`.
    let expr = parts[0].as_str();
    let inner = expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')).unwrap_or(expr);
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if expr.is_empty() {
        return Err("jsonpath expression cannot be empty".into());
    }
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    let template = super::jsonpath::Template::parse(&format!("{{.{inner}}}"))?;
    let value = match parts.get(1) {
        None => None,
        Some(v) => {
            let v = v.trim_matches(['\'', '"']);
            if v.is_empty() {
                return Err("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into());
            }
            Some(v.to_string())
        }
    };
    Ok(Condition::JsonPath(template, value))
}
