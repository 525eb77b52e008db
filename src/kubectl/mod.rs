//! `kubectl` and the shell: everything between a typed line and the text the
//! console shows. This layer reads and drives the cluster; it has no web
//! dependency.
//!
//! - primitives: [`output`] (stdout/stderr/exit code), [`flags`] (pflag),
//!   [`resources`] (type names), [`table`], [`age`], [`yaml`], [`jsonpath`];
//! - printers: [`pod_row`], [`rows`], [`printers`] (`get` tables and `-o`),
//!   [`describe`];
//! - commands: one module per family (`get`, `apply`, `create`, `delete`,
//!   `logs`, `rollout`…), all reached through [`run`];
//! - [`watch`]: what keeps printing as the clock moves (`get -w`, `logs -f`,
//!   `rollout status`, `wait`).

pub mod age;
pub mod apply;
pub mod autoscale;
pub mod batch;
pub mod config;
mod config_set;
pub mod cp;
pub mod daemonset;
pub mod debug;
pub mod diff;
pub mod create;
pub mod delete;
pub mod describe;
pub mod drain;
pub mod docs;
pub mod edit;
pub mod endpointslice;
pub mod field_selector;
pub mod flags;
pub mod get;
pub mod gotemplate;
pub mod help;
pub mod info;
pub mod ingress;
pub mod jsonpath;
pub mod kustomize;
pub mod label;
pub mod logs;
pub mod output;
pub mod patch;
pub mod picture;
pub mod pod_row;
pub mod printers;
pub mod resources;
pub mod rollout;
pub mod rows;
pub mod run;
pub mod scale;
pub mod selector;
pub mod storage;
pub mod table;
pub mod watch;
pub mod yaml;

use std::collections::BTreeMap;
use crate::cluster::{ApiError, Cluster, Kind};
use crate::vfs::Vfs;

use self::output::Output;
pub use self::watch::Job;

/// kubectl's kubeconfig (`~/.kube/config`): clusters, users, contexts and
/// the current context, whose namespace commands default to.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Named entries in the order kubectl keeps them (`set-*` appends):
    /// each one's fields as the kubeconfig file holds them.
    pub clusters: Vec<(String, serde_json::Map<String, serde_json::Value>)>,
    pub users: Vec<(String, serde_json::Map<String, serde_json::Value>)>,
    pub contexts: Vec<(String, serde_json::Map<String, serde_json::Value>)>,
    pub current: String,
}

impl Default for Config {
    /// What `minikube start` writes: one cluster, user and context, all `minikube`.
    fn default() -> Config {
        let extension = |name: &str| {
            serde_json::json!([{
                "name": name,
                "extension": {
                    "last-update": "Mon, 02 Mar 2026 09:00:00 UTC",
                    "provider": "minikube.sigs.k8s.io",
                    "version": "v1.35.0"
                }
            }])
        };
        let fields = |value: serde_json::Value| match value {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        let name = config::CONTEXT.to_string();
        Config {
            clusters: vec![(
                name.clone(),
                fields(serde_json::json!({
                    "server": config::MINIKUBE_SERVER,
                    "certificate-authority": "/home/atelier/.minikube/ca.crt",
                    "extensions": extension("cluster_info")
                })),
            )],
            users: vec![(
                name.clone(),
                fields(serde_json::json!({
                    "client-certificate": "/home/atelier/.minikube/profiles/minikube/client.crt",
                    "client-key": "/home/atelier/.minikube/profiles/minikube/client.key"
                })),
            )],
            contexts: vec![(
                name.clone(),
                fields(serde_json::json!({
                    "cluster": name,
                    "user": name,
                    "namespace": "default",
                    "extensions": extension("context_info")
                })),
            )],
            current: name,
        }
    }
}

impl Config {
    /// The current context's fields, if it exists.
    pub fn context(&self) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.contexts.iter().find(|(n, _)| *n == self.current).map(|(_, c)| c)
    }

    /// The namespace commands default to: the current context's, else `default`.
    pub fn namespace(&self) -> String {
        self.context()
            .and_then(|c| c.get("namespace"))
            .and_then(serde_json::Value::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or("default")
            .to_string()
    }
}

/// Everything a kubectl command may read or change.
pub struct Ctx<'a> {
    pub cluster: &'a mut Cluster,
    pub files: &'a Vfs,
    pub config: &'a mut Config,
    /// kubectl's help and `explain` texts, when the page has them.
    pub docs: &'a docs::Docs,
    /// What a pipe feeds the command (`cat f.yaml | kubectl apply -f -`).
    pub stdin: Option<&'a str>,
    /// The environment kubectl runs with (`KUBE_EDITOR` for `edit`).
    pub env: &'a BTreeMap<String, String>,
}

/// A finished command, or one that keeps printing as the clock moves.
pub enum Run {
    Done(Output),
    Streaming(Output, Job),
    /// An interactive shell in a container (`exec -it`, `run -it`).
    Attach(Output, logs::Attach),
    /// `kubectl edit`: the text goes to an editor, then to [`edit::finish`].
    Edit(Output, edit::EditRequest),
    /// `kubectl cp` from a container: the shell writes the file in the learner's directory.
    Write(Output, cp::LocalWrite),
}

impl Run {
    pub fn output(&self) -> &Output {
        match self {
            Run::Done(o) | Run::Streaming(o, _) | Run::Attach(o, _) | Run::Edit(o, _) | Run::Write(o, _) => o,
        }
    }

    pub fn output_mut(&mut self) -> &mut Output {
        match self {
            Run::Done(o) | Run::Streaming(o, _) | Run::Attach(o, _) | Run::Edit(o, _) | Run::Write(o, _) => o,
        }
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run::Done(o)
    }
}

/// The top-level commands, for `unknown command` suggestions and completion.
pub const COMMANDS: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "cluster-info",
    "config",
    "create",
    "delete",
    "describe",
    "edit",
    "exec",
    "explain",
    "expose",
    "get",
    "help",
    "label",
    "logs",
    "patch",
    "events",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "port-forward",
    "rollout",
    "run",
    "scale",
    "set",
    "top",
    "version",
    "wait",
    "debug",
    "kustomize",
    "diff",
];

/// Runs `kubectl ARGS…` (without the word `kubectl`).
pub fn run(ctx: &mut Ctx, args: &[String]) -> Run {
    let Some((command, rest)) = args.split_first() else {
        return Output::ok(help::root(ctx.docs)).into();
    };
    // Global flags may come before the command: `kubectl -n dev get pods`.
    if command.starts_with('-') && command != "-h" && command != "--help" {
        let mut moved: Vec<String> = Vec::new();
        let mut i = 0;
        while i < args.len() && args[i].starts_with('-') {
            let takes_value = matches!(args[i].as_str(), "-n" | "--namespace" | "--context" | "--kubeconfig");
            moved.push(args[i].clone());
            if takes_value && i + 1 < args.len() {
                moved.push(args[i + 1].clone());
                i += 1;
            }
            i += 1;
        }
        if i < args.len() {
            let mut reordered = vec![args[i].clone()];
            reordered.extend(moved);
            reordered.extend(args[i + 1..].iter().cloned());
            return run(ctx, &reordered);
        }
    }
    let rest = rest.to_vec();
    match config::reach(ctx.config) {
        // `minikube stop`: what needs the API server fails as kubectl does when the node is off.
        None if ctx.cluster.stopped() => {
            if let Some(out) = crate::shell::minikube::unreachable(ctx, command, &rest) {
                return out.into();
            }
        }
        None => {}
        // A context that leads elsewhere than minikube: the same, with that server's failure.
        Some(config::Unreachable::Server(to)) => {
            if let Some(out) = crate::shell::minikube::unreachable_at(ctx, command, &rest, &to) {
                return out.into();
            }
        }
        // What would need the server stops at the kubeconfig instead.
        Some(config::Unreachable::Configuration(message)) => {
            let nowhere = config::Endpoint { api: String::new(), error: String::new(), dial_millis: 0 };
            if crate::shell::minikube::unreachable_at(ctx, command, &rest, &nowhere).is_some() {
                return Output::fail(message).into();
            }
        }
    }
    // EndpointSlices are made the first time a line names them
    // (cluster::controllers::endpointslice, the page's lazy part).
    if rest.iter().any(|a| a.as_bytes().windows(13).any(|w| w.eq_ignore_ascii_case(b"endpointslice"))) {
        crate::cluster::controllers::endpointslice::materialise(ctx.cluster);
    }
    let dry = rest.iter().take_while(|a| *a != "--").filter_map(|a| dry_run_word(a)).last();
    let mut run = match dry {
        Some(value) if changes_through_copy(command, &rest) => dry_run_on_copy(ctx, command, &rest, value),
        _ => dispatch(ctx, command, &rest),
    };
    // GetDryRunStrategy's klog warnings for the deprecated forms.
    let warning = match dry {
        Some("unchanged") => Some(("702", "--dry-run is deprecated and can be replaced with --dry-run=client.".to_string())),
        Some(b @ ("true" | "false")) => Some((
            if b == "true" { "716" } else { "719" },
            format!("--dry-run={b} is deprecated (boolean value) and can be replaced with --dry-run={}.", if b == "true" { "client" } else { "none" }),
        )),
        _ => None,
    };
    if let Some((line, text)) = warning
        && !run.output().chunks.first().is_some_and(|(_, t)| t.starts_with("error: unknown flag") || t.starts_with("Error: unknown flag"))
    {
        run.output_mut().chunks.insert(0, (output::Stream::Err, klog(ctx, 'W', &format!("helpers.go:{line}"), &text)));
    }
    // pflag warns of a deprecated flag as it parses it, before the command runs.
    let record = rest.iter().take_while(|a| *a != "--").any(|a| a == "--record" || a.starts_with("--record="));
    if record {
        let out = run.output_mut();
        let refused = out.chunks.first().is_some_and(|(_, t)| t.to_ascii_lowercase().starts_with("error: unknown flag: --record"));
        if !refused {
            out.chunks.insert(0, (output::Stream::Err, "Flag --record has been deprecated, --record will be removed in the future\n".into()));
        }
    }
    run
}

fn dispatch(ctx: &mut Ctx, command: &str, rest: &[String]) -> Run {
    let rest = rest.to_vec();
    match command {
        "get" => get::run(ctx, &rest),
        "describe" => describe::run(ctx, &rest).into(),
        "apply" => apply::apply(ctx, &rest).into(),
        "create" => create::run(ctx, &rest).into(),
        "replace" => apply::replace(ctx, &rest).into(),
        "delete" => delete::run(ctx, &rest),
        "logs" | "log" => logs::logs(ctx, &rest),
        "exec" => logs::exec(ctx, &rest),
        "cp" => cp::cp(ctx, &rest),
        "attach" => logs::attach(ctx, &rest),
        "run" => run::run(ctx, &rest),
        "expose" => run::expose(ctx, &rest).into(),
        "scale" => scale::scale(ctx, &rest).into(),
        "autoscale" => autoscale::autoscale(ctx, &rest).into(),
        "set" => scale::set(ctx, &rest).into(),
        "rollout" => rollout::run(ctx, &rest),
        "label" => label::run(ctx, &rest, label::Which::Labels).into(),
        "annotate" => label::run(ctx, &rest, label::Which::Annotations).into(),
        "edit" => edit::run(ctx, &rest),
        "port-forward" => info::port_forward(ctx, &rest),
        "wait" => watch::wait(ctx, &rest),
        "top" => info::top(ctx, &rest).into(),
        "api-resources" => info::api_resources(ctx, &rest).into(),
        "api-versions" => info::api_versions(ctx, &rest).into(),
        "explain" => info::explain(ctx, &rest).into(),
        "version" => info::version(ctx, &rest).into(),
        "cluster-info" => info::cluster_info(ctx, &rest).into(),
        "config" => config::run(ctx, &rest).into(),
        "patch" => patch::patch(ctx, &rest).into(),
        "events" => patch::events(ctx, &rest).into(),
        "cordon" => patch::cordon(ctx, &rest, true).into(),
        "uncordon" => patch::cordon(ctx, &rest, false).into(),
        "taint" => drain::taint(ctx, &rest).into(),
        "drain" => drain::drain(ctx, &rest),
        "debug" => debug::debug(ctx, &rest),
        "diff" => diff::diff(ctx, &rest).into(),
        "kustomize" => kustomize::command(ctx, &rest),
        "help" | "-h" | "--help" => help::help(ctx.docs, &rest).into(),
        other if ALL_COMMANDS.contains(&other) => Output::fail(format!(
            "error: « kubectl {other} » existe bien, mais l’atelier ne le simule pas (encore). Tapez « kubectl help » pour les commandes disponibles.\n"
        ))
        .into(),
        other => unknown_command(other).into(),
    }
}

/// Every kubectl 1.32 command, in the order of its help (cobra suggests in this order).
const ALL_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "api-resources",
    "api-versions",
    "config",
    "plugin",
    "version",
];

/// `Error: unknown command "foo" for "kubectl"`, with cobra's suggestions
/// (Levenshtein distance ≤ 2, or a command the word starts).
fn unknown_command(word: &str) -> Output {
    let mut text = format!("Error: unknown command \"{word}\" for \"kubectl\"\n");
    let lower = word.to_ascii_lowercase();
    let suggestions: Vec<&str> =
        ALL_COMMANDS.iter().copied().filter(|c| levenshtein(c, &lower) <= 2 || c.starts_with(&lower)).collect();
    if !suggestions.is_empty() {
        text.push_str("\nDid you mean this?\n");
        for s in suggestions {
            text.push_str(&format!("\t{s}\n"));
        }
        text.push('\n');
    }
    Output::fail(text)
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---- helpers shared by the commands ----

/// Parses flags; on error, cobra's two lines.
pub fn parse(args: &[String], spec: &[flags::Flag], command: &str) -> Result<flags::Parsed, Output> {
    flags::parse(args, spec)
        .map_err(|e| Output::fail(format!("Error: {e}\nSee 'kubectl {command} --help' for usage.\n")))
}

/// Parses a command's flags; `-h`/`--help` comes back as the command's help
/// to print, a flag error as cobra's two lines.
pub fn parse_command(ctx: &Ctx, args: &[String], spec: &[flags::Flag], command: &str) -> Result<flags::Parsed, Output> {
    let p = parse(args, spec, command)?;
    if p.bool("help") {
        return Err(Output::ok(help::for_command(ctx.docs, command)));
    }
    Ok(p)
}

/// The namespace a command works in: `-n`, else the context's.
pub fn namespace(ctx: &Ctx, p: &flags::Parsed) -> String {
    p.text("namespace").filter(|n| !n.is_empty()).map_or_else(|| ctx.config.namespace(), str::to_string)
}

/// `Error from server (NotFound): pods "x" not found`.
pub fn server_error(e: &ApiError) -> String {
    match e.reason.as_str() {
        "" => format!("Error from server: {}\n", e.message),
        reason => format!("Error from server ({reason}): {}\n", e.message),
    }
}

/// An API error on an object read from a file, when it is the only error
/// (`apply`): Invalid errors print as `The Pod "x" is invalid: …`.
pub fn single_error(e: &ApiError, verb: &str, source: &str) -> String {
    if let Some(d) = &e.invalid {
        return invalid_error(d);
    }
    with_source(e, verb, source)
}

/// `Error from server (AlreadyExists): error when creating "f.yaml": …`.
pub fn with_source(e: &ApiError, verb: &str, source: &str) -> String {
    if source.is_empty() {
        return server_error(e);
    }
    let wrapped = ApiError { message: format!("error when {verb} \"{source}\": {}", e.message), ..e.clone() };
    server_error(&wrapped)
}

/// kubectl's `MultilineError` for an Invalid status.
pub fn invalid_error(d: &crate::cluster::errors::InvalidDetails) -> String {
    let prefix = format!("The {} \"{}\" is invalid: ", d.kind.name(), d.name);
    match d.causes.as_slice() {
        [one] => format!("{prefix}{one}\n"),
        many => {
            let mut s = format!("{prefix}\n");
            for c in many {
                s.push_str(&format!("* {c}\n"));
            }
            s
        }
    }
}

/// Prints an error from the server for a command on a named object
/// (Invalid errors in their multi-line form).
pub fn api_failure(e: &ApiError) -> Output {
    match &e.invalid {
        Some(d) => Output::fail(invalid_error(d)),
        None => Output::fail(server_error(e)),
    }
}

/// `error: the server doesn't have a resource type "podz"`.
pub fn unknown_type(word: &str) -> Output {
    Output::fail(format!("error: the server doesn't have a resource type \"{word}\"\n"))
}

/// A klog line as kubectl prints it on stderr: `W1202 03:25:39.137000   4242 helpers.go:702] TEXT`.
pub fn klog(ctx: &Ctx, level: char, at: &str, text: &str) -> String {
    let (_, mo, d, h, mi, s, _) = ctx.cluster.now().civil();
    let micros = (ctx.cluster.now().0.rem_euclid(1000)) * 1000;
    format!("{level}{mo:02}{d:02} {h:02}:{mi:02}:{s:02}.{micros:06}   4242 {at}] {text}\n")
}

/// The klog line kubectl 1.32 prints for a missing required flag.
pub fn required_flag(ctx: &Ctx, name: &str) -> Output {
    Output::fail(klog(ctx, 'E', "run.go:72", &format!("\"command failed\" err=\"required flag(s) \\\"{name}\\\" not set\"")))
}

/// The value of a `--dry-run` word (`unchanged` when bare, as pflag's NoOptDefVal).
fn dry_run_word(word: &str) -> Option<&str> {
    match word.strip_prefix("--dry-run") {
        Some("") => Some("unchanged"),
        Some(v) => v.strip_prefix('='),
        None => None,
    }
}

/// The commands that change objects in place through one API call each and
/// take `--dry-run`: they run against a copy of the cluster when dry.
fn changes_through_copy(command: &str, rest: &[String]) -> bool {
    matches!(command, "scale" | "set" | "label" | "annotate" | "patch" | "cordon" | "uncordon")
        || (command == "rollout" && rest.first().is_some_and(|s| s == "undo"))
}

/// `--dry-run=client|server` for [`changes_through_copy`]'s commands: the
/// command runs against a copy of the cluster, so nothing changes, and each
/// `TYPE/NAME verb` line says `(dry run)` or `(server dry run)`, as
/// `PrintFlagsWithDryRunStrategy` makes kubectl's name printer do.
fn dry_run_on_copy(ctx: &mut Ctx, command: &str, rest: &[String], value: &str) -> Run {
    let suffix = match apply::dry_run_value(Some(value)) {
        Ok(Some(suffix)) => suffix,
        Ok(None) => return dispatch(ctx, command, rest),
        Err(o) => return o.into(),
    };
    if command == "rollout" && suffix == " (dry run)" {
        return dispatch(ctx, command, rest); // undo prints the template itself, changing nothing
    }
    let mut copy = ctx.cluster.clone();
    let mut dry_ctx =
        Ctx { cluster: &mut copy, files: ctx.files, config: ctx.config, docs: ctx.docs, stdin: ctx.stdin, env: ctx.env };
    let mut run = dispatch(&mut dry_ctx, command, rest);
    for (stream, text) in &mut run.output_mut().chunks {
        if *stream != output::Stream::Out {
            continue;
        }
        let mut lines = String::with_capacity(text.len() + 16);
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            lines.push_str(body);
            if body.split_once(' ').is_some_and(|(name, _)| name.contains('/')) {
                lines.push_str(suffix);
            }
            if line.ends_with('\n') {
                lines.push('\n');
            }
        }
        *text = lines;
    }
    run
}

/// `You must provide one or more resources…` (delete, expose, edit, set).
pub fn must_provide_resources() -> Output {
    Output::fail(
        "error: You must provide one or more resources by argument or filename.\n\
         Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    )
}

/// Splits `TYPE NAME…` or `TYPE/NAME…` arguments into (kind, name) pairs.
pub fn resource_args(args: &[String]) -> Result<Vec<(Kind, String)>, Output> {
    let mut out = Vec::new();
    if args.iter().any(|a| a.contains('/')) {
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err(Output::fail(
                    "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
                ));
            };
            let kind = resources::resolve(t).ok_or_else(|| unknown_type(t))?;
            out.push((kind, n.to_string()));
        }
        return Ok(out);
    }
    let Some((t, names)) = args.split_first() else { return Ok(out) };
    let kind = resources::resolve(t).ok_or_else(|| unknown_type(t))?;
    for n in names {
        out.push((kind, n.clone()));
    }
    Ok(out)
}
