//! `kubectl logs` and `kubectl exec`: what runs inside containers.

use std::sync::Arc;

use crate::cluster::objects::Pod;
use crate::cluster::runtime::LogLine;
use crate::cluster::{ApiError, Kind, Time};

use super::flags::{Arg, Flag, Parsed, flag};
use super::output::Output;
use super::watch::{Job, LogStream, LogsFollow};
use super::{Ctx, Run};

/// An interactive session in a container (`exec -it … -- sh`, `run -it`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attach {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    /// `run --rm`: delete the pod when the session ends.
    pub remove_on_exit: bool,
    /// Attached to the container's own process (`run -it`, `attach -it`),
    /// not to a shell `exec` started: leaving it ends the container.
    pub main_process: bool,
    /// The shell is bash (its prompt names the pod; it says `exit` on leaving).
    pub bash: bool,
    /// The shell's state between lines (its directory, its variables), once a line ran.
    pub shell: Option<crate::sh::Shell>,
}

impl Attach {
    /// A session in `pod`'s `container`: its own process, or a shell `exec` started.
    pub fn new(namespace: String, pod: &str, container: String, main_process: bool) -> Attach {
        Attach {
            namespace,
            pod: pod.to_string(),
            container,
            remove_on_exit: false,
            main_process,
            bash: false,
            shell: None,
        }
    }

    /// The shell's program (`bash`, `/bin/sh`), or the image's own when none is named.
    pub fn running(mut self, program: Option<&str>, image: &str) -> Attach {
        self.bash = match program {
            Some(p) => p.rsplit('/').next() == Some("bash"),
            None => matches!(crate::cluster::images::Reference::parse(image).repository.as_str(), "ubuntu" | "debian"),
        };
        self
    }
}

pub(crate) const LOGS_FLAGS: &[Flag] = &[
    flag("container", Some('c'), Arg::Text),
    flag("follow", Some('f'), Arg::Bool),
    flag("previous", Some('p'), Arg::Bool),
    flag("tail", None, Arg::Int),
    flag("selector", Some('l'), Arg::Text),
    flag("all-containers", None, Arg::Bool),
    flag("prefix", None, Arg::Bool),
    flag("timestamps", None, Arg::Bool),
    flag("since", None, Arg::Duration),
    flag("since-time", None, Arg::Text),
    flag("max-log-requests", None, Arg::Int),
    flag("ignore-errors", None, Arg::Bool),
];

/// logs's own wording of a missing object (logs.go wraps the API's error:
/// `error: error from server (NotFound): pods "x" not found in namespace "default"`).
fn not_found_in(o: Output, ns: &str) -> Output {
    match o.stderr().strip_prefix("Error from server (NotFound): ") {
        Some(rest) => {
            Output::fail(format!("error: error from server (NotFound): {} in namespace \"{ns}\"\n", rest.trim_end()))
        }
        None => o,
    }
}

/// The pod a `POD` or `TYPE/NAME` argument stands for (a deployment's first
/// pod…), and how many pods the name stood for.
pub(crate) fn pod_for(ctx: &Ctx, ns: &str, arg: &str) -> Result<(Arc<Pod>, usize), Output> {
    let store = ctx.cluster.store();
    let Some((ty, name)) = arg.split_once('/') else {
        return store
            .get::<Pod>(ns, arg)
            .map(|p| (p.clone(), 1))
            .ok_or_else(|| Output::fail(super::server_error(&ApiError::not_found(Kind::Pod, arg))));
    };
    let kind = super::resources::resolve(ty).ok_or_else(|| super::unknown_type(ty))?;
    let obj = ctx.cluster.get(kind, ns, name).map_err(|e| Output::fail(super::server_error(&e)))?;
    if let crate::cluster::Object::Pod(p) = obj {
        return Ok((p, 1));
    }
    let selector = match &obj {
        crate::cluster::Object::Deployment(d) => d.spec.selector.clone(),
        crate::cluster::Object::ReplicaSet(rs) => rs.spec.selector.clone(),
        crate::cluster::Object::Job(j) => j.spec.selector.clone(),
        crate::cluster::Object::Service(s) => Some(crate::cluster::meta::LabelSelector {
            match_labels: s.spec.selector.clone(),
            match_expressions: vec![],
        }),
        _ => None,
    };
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return Err(Output::fail(format!("error: cannot get the logs from {}\n", kind.group_kind())));
    };
    let mut pods: Vec<&Arc<Pod>> = store.pods.in_namespace(ns).filter(|p| sel.matches(&p.metadata.labels)).collect();
    crate::sort::sort_by_key(&mut pods, |p| most_active_first(p));
    pods.first()
        .map(|p| ((*p).clone(), pods.len()))
        .ok_or_else(|| Output::fail(format!("error: timed out waiting for the condition\n")))
}

/// A pod's rank, smallest first: unscheduled, phase, not ready, ready since
/// (unknown last), restarts, created (unknown last).
type Activity = (bool, u8, bool, (bool, Option<Time>), i32, (bool, Option<Time>));

/// kubectl's choice among a controller's pods (`sort.Reverse(podutils.
/// ActivePods)`): scheduled, Running, ready, ready the longest, restarted the
/// least, created first. A Terminating pod is no longer ready: it comes last.
fn most_active_first(p: &Pod) -> Activity {
    let phase = match p.status.phase.as_str() {
        "Running" => 0,
        "Unknown" => 1,
        _ => 2,
    };
    let ready = p.is_ready();
    let ready_since = p.condition("Ready").and_then(|c| c.last_transition_time).filter(|_| ready);
    let restarts = p.status.container_statuses.iter().map(|s| s.restart_count).max().unwrap_or(0);
    let created = p.metadata.creation_timestamp;
    (
        p.spec.node_name.is_empty(),
        phase,
        !ready,
        // An unknown time sorts after a known one.
        (ready && ready_since.is_none(), ready_since),
        restarts,
        (created.is_none(), created),
    )
}

/// The container to use, with kubectl's `Defaulted container` notice.
fn container_of(pod: &Pod, p: &Parsed, out: &mut Output) -> String {
    if let Some(c) = p.text("container") {
        return c.to_string();
    }
    let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
    let default = pod
        .metadata
        .annotations
        .get("kubectl.kubernetes.io/default-container")
        .cloned()
        .unwrap_or_else(|| names.first().map(|s| s.to_string()).unwrap_or_default());
    if names.len() > 1 {
        out.err(format!("Defaulted container \"{default}\" out of: {}\n", names.join(", ")));
    }
    default
}

pub fn logs(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, LOGS_FLAGS, "logs") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let ns = super::namespace(ctx, &p);
    if let Some(sel) = p.text("selector") {
        if !p.args.is_empty() {
            return Output::fail(
                "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n",
            )
            .into();
        }
        let sel = match super::selector::for_kinds(Some(sel), &[Kind::Pod], None) {
            Ok(s) => s.unwrap_or_default(),
            Err(o) => return o.into(),
        };
        let pods: Vec<Arc<Pod>> =
            ctx.cluster.store().pods.in_namespace(&ns).filter(|p| sel.matches(&p.metadata.labels)).cloned().collect();
        if pods.is_empty() {
            return Output {
                chunks: vec![(
                    super::output::Stream::Err,
                    "No resources found in ".to_string() + &ns + " namespace.\n",
                )],
                code: 0,
            }
            .into();
        }
        let since = match since(ctx, &p) {
            Ok(s) => s,
            Err(o) => return o.into(),
        };
        let mut out = Output::new();
        let mut streams = Vec::new();
        for pod in &pods {
            let containers = if p.bool("all-containers") {
                pod.spec.containers.iter().map(|c| c.name.clone()).collect()
            } else {
                vec![container_of(pod, &p, &mut out)]
            };
            for container in containers {
                let prefix =
                    if p.bool("prefix") { format!("[pod/{}/{container}] ", pod.metadata.name) } else { String::new() };
                let mut stream = LogStream::new(&ns, &pod.metadata.name, container, 0, prefix);
                stream.timestamps = p.bool("timestamps");
                streams.push(stream);
            }
        }
        let follow = p.bool("follow") && !p.bool("previous");
        let max = p.int("max-log-requests").unwrap_or(5);
        if follow && streams.len() > 1 && streams.len() as i64 > max {
            return Output::fail(format!(
                "error: you are attempting to follow {} log streams, but maximum allowed concurrency is {max}, use --max-log-requests to increase the limit\n",
                streams.len()
            ))
            .into();
        }
        let tail = p.int("tail").unwrap_or(10);
        for s in &mut streams {
            match ctx.cluster.container_logs(&ns, &s.pod, &s.container, p.bool("previous")) {
                Ok(lines) => {
                    for l in shown(&lines, since, tail) {
                        out.out(s.show(l));
                    }
                    s.printed = lines.len();
                }
                // kubectl stops at the first stream that fails, unless told to go on.
                Err(e) if p.bool("ignore-errors") => out.out(format!("error: {}\n", e.message)),
                Err(e) => {
                    out.err(super::server_error(&e));
                    out.code = 1;
                    return out.into();
                }
            }
        }
        if follow {
            return Run::Streaming(out, Job::Logs(LogsFollow { streams }));
        }
        return out.into();
    }
    let Some(target) = p.args.first() else {
        return Output::fail(
            "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
        )
        .into();
    };
    let (pod, found) = match pod_for(ctx, &ns, target) {
        Ok(p) => p,
        Err(o) => return not_found_in(o, &ns).into(),
    };
    let since = match since(ctx, &p) {
        Ok(s) => s,
        Err(o) => return o.into(),
    };
    let mut out = Output::new();
    if found > 1 {
        out.err(format!("Found {found} pods, using pod/{}\n", pod.metadata.name));
    }
    let container = match (p.args.get(1), p.text("container")) {
        (Some(c), None) => c.clone(),
        _ => container_of(&pod, &p, &mut out),
    };
    let containers: Vec<String> = if p.bool("all-containers") {
        pod.spec.containers.iter().map(|c| c.name.clone()).collect()
    } else {
        vec![container.clone()]
    };
    let mut streams = Vec::new();
    for c in containers {
        match ctx.cluster.container_logs(&ns, &pod.metadata.name, &c, p.bool("previous")) {
            Ok(lines) => {
                let mut stream = LogStream::new(&ns, &pod.metadata.name, c, lines.len(), String::new());
                stream.timestamps = p.bool("timestamps");
                for l in shown(&lines, since, p.int("tail").unwrap_or(-1)) {
                    out.out(stream.show(l));
                }
                streams.push(stream);
            }
            Err(e) => {
                out.err(super::server_error(&e));
                out.code = 1;
                return out.into();
            }
        }
    }
    if p.bool("follow") && !p.bool("previous") {
        return Run::Streaming(out, Job::Logs(LogsFollow { streams }));
    }
    out.into()
}

/// `--since` or `--since-time`: the instant from which lines are shown, or
/// kubectl's refusal (checked once the pod is found, as kubectl validates).
fn since(ctx: &Ctx, p: &Parsed) -> Result<Option<Time>, Output> {
    let seconds = p.duration("since").unwrap_or(0.0);
    let since_time = match p.text("since-time").filter(|t| !t.is_empty()) {
        None => None,
        Some(text) => Some(Time::parse_rfc3339(text).ok_or_else(|| {
            Output::fail(format!(
                "error: parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{text}\" as \"2006\"\n"
            ))
        })?),
    };
    if since_time.is_some() && seconds != 0.0 {
        return Err(Output::fail("error: at most one of `sinceTime` or `sinceSeconds` may be specified\n"));
    }
    if seconds < 0.0 {
        return Err(Output::fail("error: --since must be greater than 0\n"));
    }
    if p.int("tail").is_some_and(|t| t < -1) {
        return Err(Output::fail("error: --tail must be greater than or equal to -1\n"));
    }
    // kubectl sends whole seconds, rounded up; 0 means no limit.
    let seconds = seconds.ceil() as i64;
    Ok(since_time.or_else(|| (seconds > 0).then(|| ctx.cluster.now().plus_millis(-seconds * 1000))))
}

/// The lines of a log kubectl prints: those written since `since`, then
/// the last `tail` of them (the kubelet applies both, in that order).
fn shown(lines: &[LogLine], since: Option<Time>, tail: i64) -> &[LogLine] {
    let first = since.map_or(0, |t| lines.iter().position(|l| l.at >= t).unwrap_or(lines.len()));
    let lines = &lines[first..];
    let skip = if tail >= 0 { lines.len().saturating_sub(tail as usize) } else { 0 };
    &lines[skip..]
}

pub(crate) const EXEC_FLAGS: &[Flag] = &[
    flag("container", Some('c'), Arg::Text),
    flag("stdin", Some('i'), Arg::Bool),
    flag("tty", Some('t'), Arg::Bool),
    flag("quiet", Some('q'), Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
    flag("pod-running-timeout", None, Arg::Text),
];

/// Shells an interactive `exec` can open.
pub const SHELLS: [&str; 4] = ["sh", "bash", "/bin/sh", "/bin/bash"];

pub fn exec(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, EXEC_FLAGS, "exec") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let ns = super::namespace(ctx, &p);
    let command = p.after_dash.clone().unwrap_or_default();
    let before: Vec<String> = p.args[..p.args.len() - command.len()].to_vec();
    let Some(target) = before.first() else {
        return Output::fail("error: pod, type/name or --filename must be specified\n").into();
    };
    if before.len() > 1 {
        return Output::fail(
            "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
        )
        .into();
    }
    if command.is_empty() {
        return Output::fail("error: you must specify at least one command for the container\n").into();
    }
    let pod = match pod_for(ctx, &ns, target) {
        Ok((p, _)) => p,
        Err(o) => return o.into(),
    };
    let mut out = Output::new();
    let container = container_of(&pod, &p, &mut out);
    let interactive = p.bool("stdin") && p.bool("tty") && command.len() == 1 && SHELLS.contains(&command[0].as_str());
    if interactive {
        // The shell must exist in the image and the container must run: probe with a no-op.
        return match ctx.cluster.exec(&ns, &pod.metadata.name, &container, &command) {
            Ok(r) if r.exit_code == 0 || r.exit_code == 127 && !r.stderr.contains("executable file not found") => {
                let image = pod.spec.containers.iter().find(|c| c.name == container).map(|c| c.image.clone());
                let attach = Attach::new(ns, &pod.metadata.name, container, false);
                Run::Attach(out, attach.running(Some(&command[0]), &image.unwrap_or_default()))
            }
            Ok(r) => {
                out.err(line_ended(r.stderr));
                out.err(format!("command terminated with exit code {}\n", r.exit_code.max(1)));
                out.code = r.exit_code.max(1);
                out.into()
            }
            Err(e) => {
                out.err(super::server_error(&e));
                out.code = 1;
                out.into()
            }
        };
    }
    match ctx.cluster.exec(&ns, &pod.metadata.name, &container, &command) {
        Ok(r) => {
            // What a program says on stderr (a warning) comes as it starts, before its output.
            if r.exit_code != 0 {
                out.out(r.stdout);
                out.err(line_ended(r.stderr));
                out.err(format!("command terminated with exit code {}\n", r.exit_code));
                out.code = r.exit_code;
            } else {
                out.err(r.stderr);
                out.out(r.stdout);
            }
        }
        Err(e) => {
            out.err(super::server_error(&e));
            out.code = 1;
        }
    }
    out.into()
}

pub(crate) const ATTACH_FLAGS: &[Flag] = &[
    flag("container", Some('c'), Arg::Text),
    flag("stdin", Some('i'), Arg::Bool),
    flag("tty", Some('t'), Arg::Bool),
    flag("quiet", Some('q'), Arg::Bool),
    flag("pod-running-timeout", None, Arg::Duration),
];

/// `kubectl attach POD | TYPE/NAME | TYPE NAME`: the container's main
/// process from now on. Its output streams as it comes (what it printed
/// before is for `logs`) until Ctrl+C or the container stops; a container
/// started with `stdin` and `tty` on a shell (`kubectl run -it`) gives that
/// shell back.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn attach(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, ATTACH_FLAGS, "attach") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let target = match p.args.as_slice() {
        [] => return Output::fail("error: at least 1 argument is required for attach\n").into(),
        [one] => one.clone(),
        [ty, name] => format!("{ty}/{name}"),
        more => {
            return Output::fail(format!(
                "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {}: [{}]\n",
                more.len(),
                more.join(" ")
            ))
            .into();
        }
    };
    let ns = super::namespace(ctx, &p);
    let pod = match pod_for(ctx, &ns, &target) {
        Ok((p, _)) => p,
        Err(o) => return o.into(),
    };
    if matches!(pod.status.phase.as_str(), "Succeeded" | "Failed") {
        return Output::fail(format!(
            "error: cannot attach a container in a completed pod; current phase is {}\n",
            pod.status.phase
        ))
        .into();
    }
    let mut out = Output::new();
    let container = container_of(&pod, &p, &mut out);
    // `kubectl debug`'s containers are attached to as the others.
    let Some(spec) = pod.spec.containers.iter().chain(&pod.spec.ephemeral_containers).find(|c| c.name == container)
    else {
        return Output::fail(format!("error: cannot attach to the container: container not found ({container})\n"))
            .into();
    };
    let flag_of = |key: &str| spec.extra.get(key).and_then(serde_json::Value::as_bool).unwrap_or(false);
    let (stdin, tty) = (flag_of("stdin"), flag_of("tty"));
    let quiet = p.bool("quiet");
    if p.bool("tty") && !tty && !quiet {
        out.err(format!("error: Unable to use a TTY - container {container} did not allocate one\n"));
    }
    if !quiet {
        out.err("If you don't see a command prompt, try pressing enter.\n");
    }
    let mut statuses = pod.status.container_statuses.iter().chain(&pod.status.ephemeral_container_statuses);
    let running = statuses.find(|s| s.name == container).is_some_and(|s| s.state.running.is_some());
    if !running {
        out.err(format!("error: unable to upgrade connection: container not found (\"{container}\")\n"));
        out.code = 1;
        return out.into();
    }
    // The shell `kubectl run -it` left running: typing goes to it again.
    if p.bool("stdin")
        && stdin
        && tty
        && ctx.cluster.exec(&ns, &pod.metadata.name, &container, &["true".into()]).is_ok()
    {
        // Its process is a shell: named, or the image's own (busybox, alpine, ubuntu…).
        let shell = match spec.command.first().or(spec.args.first()) {
            Some(s) => SHELLS.contains(&s.rsplit('/').next().unwrap_or(s)),
            None => crate::cluster::images::resolve(&spec.image).is_ok_and(|(image, _)| {
                image.has_shell && image.default_process != crate::cluster::images::Process::Serves
            }),
        };
        if shell {
            let program = spec.command.first().or(spec.args.first()).map(String::as_str);
            let attach = Attach::new(ns, &pod.metadata.name, container, true).running(program, &spec.image);
            return Run::Attach(out, attach);
        }
    }
    let printed = ctx.cluster.container_logs(&ns, &pod.metadata.name, &container, false).map_or(0, |l| l.len());
    let stream = LogStream::new(&ns, &pod.metadata.name, container, printed, String::new());
    Run::Streaming(out, Job::Logs(LogsFollow { streams: vec![stream] }))
}

/// A runtime's error text, ending its line before kubectl's own.
fn line_ended(mut text: String) -> String {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
