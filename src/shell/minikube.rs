//! `minikube`: the cluster's own tool, for what the course uses of it:
//! `status`, `ip`, `service`, `tunnel`, `addons`, `dashboard`, `stop` and
//! `start` (the node powers off and boots again), and `ssh`, a shell on the
//! node: its static pod manifests, its containers as `crictl` and `docker`
//! list them, NodePorts through `curl`. Also what kubectl says while the node
//! is off ([`unreachable`]).

use crate::kubectl::config::Endpoint;
use crate::cluster::Time;
use crate::cluster::images;
use crate::cluster::objects::{Pod, Service};
use crate::kubectl::Ctx;
use crate::kubectl::docs::{Book, Docs};
use crate::kubectl::output::{Output, Stream};

use crate::sh::lex::{self, Join};
use super::{Exec, Session, State, builtins};

pub const NODE_IP: &str = "192.168.49.2";

/// How long `minikube start` takes to bring a stopped cluster back, in
/// simulated seconds (the container, the kubelet, the control plane).
const RESTART_SECONDS: f64 = 20.0;

pub(crate) fn run(session: &mut Session, args: &[String], background: bool) -> Exec {
    let sub = args.first().map(String::as_str).unwrap_or("");
    let rest = &args[args.len().min(1)..];
    // What needs the node running says so first, as minikube's `mustload` does.
    // After `minikube delete`, only a new `start` brings a cluster back.
    if session.deleted {
        match sub {
            "start" => return Exec::Done(super::minikube_profile::create(session, rest)),
            "delete" => return Exec::Done(super::minikube_profile::delete(session)),
            "status" | "ip" | "service" | "tunnel" | "dashboard" | "ssh" | "addons" | "node" | "stop" => {
                return Exec::Done(super::minikube_profile::not_found());
            }
            _ => {}
        }
    }
    let needs_node = matches!(sub, "ip" | "service" | "tunnel" | "dashboard" | "ssh");
    if needs_node && session.cluster.stopped() {
        return Exec::Done(not_running());
    }
    let out = match sub {
        "status" => status(session),
        "ip" => Output::ok(format!("{NODE_IP}\n")),
        "version" => Output::ok("minikube version: v1.35.0\ncommit: dd5d320e41b5451cdf3c01891bc4e13d189586ed-dirty\n"),
        "service" => service(session, rest),
        "tunnel" => tunnel(session, rest, background),
        "dashboard" => dashboard(),
        "addons" => addons(session, rest),
        "ssh" => return ssh(session, rest),
        "kubectl" => {
            let words: Vec<String> = rest.iter().skip_while(|a| *a == "--").cloned().collect();
            return session.kubectl(&words, None);
        }
        "start" => start(session, rest),
        "node" => super::minikube_nodes::node(session, rest),
        "stop" => stop(session),
        "delete" => super::minikube_profile::delete(session),
        "pause" | "unpause" => Output::fail(format!(
            "minikube {sub}\u{a0}: la commande n’est pas simulée dans l’atelier.\n"
        )),
        "" | "help" | "--help" | "-h" => Output::ok(
            "minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\n\
             Commandes simulées ici\u{a0}: status, ip, ssh, stop, start [--nodes N], delete, node add|list|stop|start|delete, service NOM [--url], tunnel, addons list|enable|disable, dashboard, kubectl -- …, version\n",
        ),
        other => Output::fail(format!(
            "Error: unknown command \"{other}\" for \"minikube\"\nRun 'minikube --help' for usage.\n"
        )),
    };
    Exec::Done(out)
}

/// minikube's answer when the node is off (`mustload.Running`), exit code 83.
fn not_running() -> Output {
    let mut o = Output::ok(
        "🤷  The control-plane node minikube host is not running: state=Stopped\n👉  To start a cluster, run: \"minikube start\"\n",
    );
    o.code = 83;
    o
}

/// `minikube status`; exit code 7 when everything is stopped, as minikube does.
fn status(session: &Session) -> Output {
    if !session.cluster.stopped() {
        return Output::ok(
            "minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n",
        );
    }
    let mut o = Output::ok(
        "minikube\ntype: Control Plane\nhost: Stopped\nkubelet: Stopped\napiserver: Stopped\nkubeconfig: Stopped\n\n",
    );
    o.code = 7;
    o
}

fn node_names(session: &Session) -> Vec<String> {
    session.cluster.store().nodes.iter().map(|n| n.metadata.name.clone()).collect()
}

/// `minikube stop`, docker driver: each node powers off; the cluster keeps its
/// objects, its clock runs, nothing reconciles and the API server is silent.
fn stop(session: &mut Session) -> Output {
    let running = !session.cluster.stopped();
    let nodes = node_names(session);
    let mut text = String::new();
    for node in &nodes {
        text.push_str(&format!("✋  Stopping node \"{node}\"  ...\n"));
        if running {
            text.push_str(&format!("🛑  Powering off \"{node}\" via SSH ...\n"));
        }
    }
    let plural = if nodes.len() > 1 { "s" } else { "" };
    text.push_str(&format!("🛑  {} node{plural} stopped.\n", nodes.len()));
    session.cluster.stop();
    Output::ok(text)
}

/// `minikube start`: nothing to do on a running cluster; a stopped one boots
/// again with its objects, every container restarted once more.
fn start(session: &mut Session, args: &[String]) -> Output {
    // `--nodes N` is for a new profile; this one exists (start_flags.go's warning).
    let nodes = args.iter().any(|a| a == "--nodes" || a == "-n" || a.starts_with("--nodes=") || a.starts_with("-n="));
    if nodes && let Err(o) = super::minikube_profile::node_count(args) {
        return o;
    }
    let warning = if nodes {
        "❗  You cannot change the number of nodes for an existing minikube cluster. Please use 'minikube node add' to add nodes to an existing cluster.\n"
    } else {
        ""
    };
    if !session.cluster.stopped() {
        return Output::ok(format!(
            "😄  minikube v1.35.0\n✨  Using the docker driver based on existing profile\n{warning}👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster\n🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n",
        ));
    }
    let text = restart_text(&node_names(session), session.cluster.metrics_enabled());
    session.cluster.start();
    // minikube returns once the control plane answers: the pods are back by then
    // (unless the learner paused the clock: then at the next step).
    if !session.paused() {
        session.cluster.advance(RESTART_SECONDS);
    }
    Output::ok(text)
}

/// What minikube v1.35.0 prints restarting a stopped cluster (docker driver).
fn restart_text(nodes: &[String], metrics_server: bool) -> String {
    let mut text = String::from("😄  minikube v1.35.0\n✨  Using the docker driver based on existing profile\n");
    let mut ips = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let role = if i == 0 { "primary control-plane" } else { "worker" };
        text.push_str(&format!("👍  Starting \"{node}\" {role} node in \"minikube\" cluster\n"));
        text.push_str("🚜  Pulling base image v0.0.46 ...\n");
        text.push_str(&format!("🔄  Restarting existing docker container for \"{node}\" ...\n"));
        if !ips.is_empty() {
            text.push_str(&format!("🌐  Found network options:\n    ▪ NO_PROXY={}\n", ips.join(",")));
        }
        text.push_str("🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n");
        if !ips.is_empty() {
            text.push_str(&format!("    ▪ env NO_PROXY={}\n", ips.join(",")));
        }
        text.push_str("🔎  Verifying Kubernetes components...\n");
        if i == 0 {
            text.push_str("    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5\n");
            if metrics_server {
                text.push_str("    ▪ Using image registry.k8s.io/metrics-server/metrics-server:v0.7.2\n");
            }
            let extra = if metrics_server { ", metrics-server" } else { "" };
            text.push_str(&format!("🌟  Enabled addons: default-storageclass, storage-provisioner{extra}\n"));
        }
        ips.push(format!("192.168.49.{}", i + 2));
    }
    text.push_str(
        "🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n",
    );
    text
}

/// `minikube dashboard`: the page's « Cluster » pane plays its part here.
fn dashboard() -> Output {
    let mut o = Output::ok("🔌  Enabling dashboard ...\n");
    o.note(
        "Dans l’atelier, le tableau de bord, c’est le volet «\u{a0}Cluster\u{a0}» de la page, à côté de la console\u{a0}: il montre en direct les nœuds, les pods, les services et les déploiements.\n",
    );
    o
}

fn service(session: &mut Session, args: &[String]) -> Output {
    let url_only = args.iter().any(|a| a == "--url");
    let mut ns = "default".to_string();
    let mut names = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-n" | "--namespace" => {
                ns = args.get(i + 1).cloned().unwrap_or_default();
                i += 1;
            }
            a if a.starts_with("--namespace=") => ns = a["--namespace=".len()..].to_string(),
            a if a.starts_with('-') => {}
            a => names.push(a.to_string()),
        }
        i += 1;
    }
    if names.first().map(String::as_str) == Some("list") {
        let mut rows = vec![vec!["NAMESPACE".to_string(), "NAME".into(), "TARGET PORT".into(), "URL".into()]];
        for s in session.cluster.store().services.iter() {
            let target = s.spec.ports.first().map_or("No node port".to_string(), |p| {
                p.target_port.as_ref().map_or(p.port.to_string(), |t| t.to_string())
            });
            let url = s
                .spec
                .ports
                .iter()
                .filter_map(|p| p.node_port)
                .map(|n| format!("http://{NODE_IP}:{n}"))
                .collect::<Vec<_>>();
            rows.push(vec![
                s.metadata.namespace.clone(),
                s.metadata.name.clone(),
                target,
                if url.is_empty() { String::new() } else { url.join("\n") },
            ]);
        }
        return Output::ok(box_table(&rows));
    }
    let Some(name) = names.first() else {
        return Output::fail("❌  Exiting due to MK_USAGE: You must specify a service name\n");
    };
    let Some(svc) = session.cluster.store().get::<Service>(&ns, name).cloned() else {
        return Output::fail(format!(
            "\n❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in '{ns}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'\n\n"
        ));
    };
    let urls: Vec<String> =
        svc.spec.ports.iter().filter_map(|p| p.node_port).map(|n| format!("http://{NODE_IP}:{n}")).collect();
    if urls.is_empty() {
        let mut o = Output::new();
        o.err(format!("😿  service {ns}/{name} has no node port\n"));
        o.err("❗  Services [".to_string() + &format!("{ns}/{name}") + "] have type \"ClusterIP\" not meant to be exposed, however for local development minikube allows you to access this !\n");
        o.note("Pour y accéder depuis votre poste, exposez-le en NodePort ou utilisez «\u{a0}kubectl port-forward\u{a0}».\n");
        o.code = 0;
        return o;
    }
    if url_only {
        return Output::ok(urls.iter().map(|u| format!("{u}\n")).collect::<String>());
    }
    let port = svc
        .spec
        .ports
        .first()
        .map(|p| p.target_port.as_ref().map_or(p.port.to_string(), |t| t.to_string()))
        .unwrap_or_default();
    let rows = vec![
        vec!["NAMESPACE".to_string(), "NAME".into(), "TARGET PORT".into(), "URL".into()],
        vec![ns.clone(), name.clone(), port, urls[0].clone()],
    ];
    let mut o = Output::ok(box_table(&rows));
    o.out(format!("🎉  Opening service {ns}/{name} in default browser...\n"));
    o.note(format!("(Dans l’atelier, pas de navigateur à ouvrir\u{a0}: essayez «\u{a0}curl {}\u{a0}».)\n", urls[0]));
    o
}

/// minikube's `|---|` tables.
fn box_table(rows: &[Vec<String>]) -> String {
    let cols = rows[0].len();
    let widths: Vec<usize> = (0..cols).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let sep = format!("|{}|\n", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("|"));
    let mut out = sep.clone();
    for (i, r) in rows.iter().enumerate() {
        out.push('|');
        for (c, cell) in r.iter().enumerate() {
            out.push_str(&format!(" {cell:<w$} |", w = widths[c]));
        }
        out.push('\n');
        if i == 0 {
            out.push_str(&sep);
        }
    }
    out.push_str(&sep);
    out
}

fn tunnel(session: &mut Session, args: &[String], _background: bool) -> Output {
    if args.iter().any(|a| a == "--stop" || a == "stop") {
        if !session.tunnel() {
            let mut o = Output::new();
            o.note("Aucun tunnel n’est ouvert.\n");
            return o;
        }
        session.set_tunnel(false);
        let mut o = Output::ok("✋  Stopped tunnel for service(s).\n");
        o.note("Le tunnel est fermé\u{a0}: les services LoadBalancer repassent en <pending>.\n");
        return o;
    }
    if session.tunnel() {
        let mut o = Output::new();
        o.note("Le tunnel est déjà ouvert («\u{a0}minikube tunnel --stop\u{a0}» pour le fermer).\n");
        return o;
    }
    session.set_tunnel(true);
    // What `minikube tunnel` prints on Linux (docker driver), as in the course notes.
    let services: Vec<String> = session
        .cluster
        .store()
        .services
        .iter()
        .filter(|s| s.spec.type_ == "LoadBalancer")
        .map(|s| s.metadata.name.clone())
        .collect();
    let mut o = Output::ok(format!(
        "Status:\n\tmachine: minikube\n\tpid: 4243\n\troute: 10.96.0.0/12 -> {NODE_IP}\n\tminikube: Running\n\tservices: [{}]\n    errors:\n\t\tminikube: no errors\n\t\trouter: no errors\n\t\tloadbalancer emulator: no errors\n",
        services.join(", ")
    ));
    o.note("(Ici, le tunnel reste ouvert en arrière-plan et la console reste libre\u{a0}; «\u{a0}minikube tunnel --stop\u{a0}» le ferme.)\n");
    o
}

fn addons(session: &mut Session, args: &[String]) -> Output {
    match (args.first().map(String::as_str), args.get(1).map(String::as_str)) {
        (Some("enable"), Some("metrics-server")) => {
            session.cluster.set_metrics_enabled(true);
            Output::ok(
                "💡  metrics-server is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.\nYou can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n    ▪ Using image registry.k8s.io/metrics-server/metrics-server:v0.7.2\n🌟  The 'metrics-server' addon is enabled\n",
            )
        }
        (Some("disable"), Some("metrics-server")) => {
            session.cluster.set_metrics_enabled(false);
            Output::ok("🌑  \"The 'metrics-server' addon is disabled\"\n")
        }
        (Some("enable"), Some("ingress")) => ingress_addon(session, true),
        (Some("disable"), Some("ingress")) => ingress_addon(session, false),
        (Some("enable" | "disable"), Some(other)) => Output::fail(format!(
            "L’extension «\u{a0}{other}\u{a0}» n’est pas simulée\u{a0}; seules «\u{a0}metrics-server\u{a0}» (pour kubectl top) et «\u{a0}ingress\u{a0}» le sont.\n"
        )),
        (Some("list"), _) => {
            let state = if session.cluster.metrics_enabled() { "enabled ✅" } else { "disabled" };
            let ingress = session.cluster.store().deployments.get("ingress-nginx", "ingress-nginx-controller").is_some();
            let ingress = if ingress { "enabled ✅" } else { "disabled" };
            let rows = vec![
                vec!["ADDON NAME".to_string(), "PROFILE".into(), "STATUS".into(), "MAINTAINER".into()],
                vec!["dashboard".into(), "minikube".into(), "disabled".into(), "Kubernetes".into()],
                vec!["default-storageclass".into(), "minikube".into(), "enabled ✅".into(), "Kubernetes".into()],
                vec!["ingress".into(), "minikube".into(), ingress.into(), "Kubernetes".into()],
                vec!["metrics-server".into(), "minikube".into(), state.into(), "Kubernetes".into()],
                vec!["storage-provisioner".into(), "minikube".into(), "enabled ✅".into(), "minikube".into()],
            ];
            Output::ok(box_table(&rows))
        }
        _ => Output::fail("Usage\u{a0}: minikube addons list | enable NOM | disable NOM\n"),
    }
}

/// `minikube addons enable|disable ingress` (minikube v1.35.0): the addon's
/// manifest applied, then minikube waits for the controller's pod to be
/// ready ("Verifying"), as the clock runs (unless the learner paused it).
#[inline(never)]
fn ingress_addon(session: &mut Session, enable: bool) -> Output {
    use crate::cluster::controllers::ingress;
    if !enable {
        ingress::disable_addon(&mut session.cluster);
        return Output::ok("🌑  \"The 'ingress' addon is disabled\"\n");
    }
    // minikube copies the addon's manifest to the node, then applies it.
    let manifest = match session.docs.node_file("ingress-deploy.yaml") {
        Some(text) => crate::kubectl::yaml::parse_documents(text).unwrap_or_default(),
        None => return Output::fail(crate::kubectl::docs::missing(crate::kubectl::docs::Book::Node)),
    };
    ingress::enable_addon(&mut session.cluster, &manifest);
    if !session.paused() {
        // minikube's kapi.WaitForPods, at most 6 minutes.
        for _ in 0..360 {
            if ingress::controller_ready(&session.cluster) {
                break;
            }
            session.cluster.advance(1.0);
        }
    }
    Output::ok(
        "💡  ingress is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.\nYou can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n    ▪ Using image registry.k8s.io/ingress-nginx/controller:v1.11.3\n    ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4\n    ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4\n🔎  Verifying ingress addon...\n🌟  The 'ingress' addon is enabled\n",
    )
}

// ---------------------------------------------------------------------------
// kubectl while the node is off
// ---------------------------------------------------------------------------

/// What dialing the stopped node's API server gives (its address no longer answers ARP).
const NO_ROUTE: &str = "dial tcp 192.168.49.2:8443: connect: no route to host";
/// Each try to reach the stopped node waits for ARP to give up, about 3 s.
const DIAL_MILLIS: i64 = 3_070;

/// kubectl with the node stopped: what needs the API server fails as kubectl
/// 1.32 fails when the node's IP does not answer (checked against the real
/// client: its discovery retries, its per-command messages). `None`: the
/// command does not reach the server (config, help, `--dry-run=client`
/// generators, a usage error) and runs as usual.
pub(crate) fn unreachable(ctx: &Ctx, command: &str, args: &[String]) -> Option<Output> {
    let to = Endpoint {
        api: crate::kubectl::config::MINIKUBE_SERVER.into(),
        error: NO_ROUTE.into(),
        dial_millis: DIAL_MILLIS,
    };
    unreachable_at(ctx, command, args, &to)
}

/// kubectl when `to` does not answer (see `unreachable`).
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn unreachable_at(ctx: &Ctx, command: &str, args: &[String], to: &Endpoint) -> Option<Output> {
    let flags: Vec<&String> = args.iter().take_while(|a| *a != "--").collect();
    if flags.iter().any(|a| *a == "-h" || *a == "--help") {
        return None;
    }
    let now = ctx.cluster.now();
    let files = values_of(args, Some('f'), "filename");
    match command {
        "apply" | "create" | "replace" if !files.is_empty() => from_files(ctx, command, args, &files, to),
        "create" => create_generator(ctx, args, to),
        "get" | "describe" | "delete" | "scale" if !files.is_empty() => unrecognized(ctx, command, &files, to),
        "get" | "describe" | "delete" | "expose" | "scale" | "label" | "annotate" | "edit" | "patch" => {
            has_operand(args).then(|| discovery_failure(now, 5, to))
        }
        "logs" | "log" | "exec" | "attach" | "rollout" | "port-forward" | "set" | "cordon" | "uncordon" | "wait" => {
            has_operand(args).then(|| discovery_failure(now, 4, to))
        }
        "run" => has_operand(args).then(|| discovery_failure(now, 1, to)),
        "explain" => has_operand(args).then(|| discovery_failure(now, 2, to)),
        "top" | "cp" if !has_operand(args) => None,
        "top" | "cp" | "events" => Some(Output::fail(to.gone())),
        "cluster-info" if args.first().is_none_or(|a| a != "dump") => {
            let mut o = Output::fail(discovery_lines(now, 5, to));
            o.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
            o.err(to.gone());
            Some(o)
        }
        "version" if !flags.iter().any(|a| *a == "--client" || *a == "--client=true") => {
            let mut o = Output::ok(format!(
                "Client Version: {}\nKustomize Version: v5.5.0\n",
                crate::kubectl::info::CLIENT_VERSION
            ));
            o.err(to.gone());
            o.code = 1;
            Some(o)
        }
        "api-resources" => {
            let mut o = Output::ok("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n");
            o.extend(discovery_failure(now, 1, to));
            Some(o)
        }
        "api-versions" => {
            let mut o = Output::fail(discovery_lines(now, 1, to));
            o.err(format!(
                "error: couldn't get available api versions from server: Get \"{}/api?timeout=32s\": {}\n", to.api, to.error
            ));
            Some(o)
        }
        _ => None,
    }
}

/// klog's error line, as kubectl prints it (pid fixed, time from the virtual clock).
fn klog_error(at: Time, source: &str, message: &str) -> String {
    let (_, mo, d, h, mi, s, _) = at.civil();
    let micros = at.0.rem_euclid(1000) * 1000;
    format!("E{mo:02}{d:02} {h:02}:{mi:02}:{s:02}.{micros:06}    4242 {source}] {message}\n")
}

/// client-go's discovery cache failing `n` times, one dial timeout apart.
fn discovery_lines(now: Time, n: i64, to: &Endpoint) -> String {
    let message = format!(
        "\"Unhandled Error\" err=\"couldn't get current server API group list: Get \\\"{}/api?timeout=32s\\\": {}\"",
        to.api, to.error
    );
    (1..=n).map(|i| klog_error(now.plus_millis(to.dial_millis * i), "memcache.go:265", &message)).collect()
}

/// Discovery fails `n` times, then kubectl gives up: `Unable to connect to the server`.
fn discovery_failure(now: Time, n: i64, to: &Endpoint) -> Output {
    let mut o = Output::fail(discovery_lines(now, n, to));
    o.err(to.gone());
    o
}

/// The values of `-f`/`--filename` in every spelling pflag reads.
fn values_of(args: &[String], short: Option<char>, long: &str) -> Vec<String> {
    let mut out = Vec::new();
    let dash_short = short.map(|c| format!("-{c}"));
    let dash_long = format!("--{long}");
    let mut words = args.iter().take_while(|a| *a != "--");
    while let Some(a) = words.next() {
        let short_value = dash_short.as_deref().and_then(|d| a.strip_prefix(d)).filter(|_| !a.starts_with("--"));
        if *a == dash_long || short_value == Some("") {
            out.extend(words.next().cloned());
        } else if let Some(v) = a.strip_prefix(&format!("{dash_long}=")) {
            out.push(v.to_string());
        } else if let Some(v) = short_value {
            out.push(v.trim_start_matches('=').to_string());
        }
    }
    out
}

/// Flags that take a value as the next word (so that word is not an operand).
#[rustfmt::skip]
const VALUE_FLAGS: &[&str] = &[
    "-n", "--namespace", "-l", "--selector", "-o", "--output", "-c", "--container", "-p", "--patch", "--type",
    "--for", "--timeout", "--image", "--replicas", "--port", "--target-port", "--name", "--field-selector",
    "--context", "--kubeconfig", "--tail", "--since", "--grace-period", "--to-revision", "--overrides", "--env",
];

/// Whether the command names something (`get pods`, `logs web`): without an
/// operand kubectl stops on its own usage error, before any request.
fn has_operand(args: &[String]) -> bool {
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if a == "--" {
            return true;
        }
        if VALUE_FLAGS.contains(&a.as_str()) {
            words.next();
        } else if !a.starts_with('-') {
            return true;
        }
    }
    false
}

/// The files `-f` names, as kubectl reports them (`STDIN` for `-`; a
/// directory gives its manifests). `None` when kubectl would stop before any
/// request (a missing path, a document it cannot read, no documents).
fn sources(ctx: &Ctx, files: &[String]) -> Option<Vec<String>> {
    let recursive = false;
    let (docs, errors) = crate::kubectl::apply::read_files(ctx, files, recursive).ok()?;
    if !errors.is_empty() || docs.is_empty() {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    for d in docs {
        if !names.contains(&d.source) {
            names.push(d.source);
        }
    }
    Some(names)
}

/// One error per file: alone it is `error: …`; several print one a line.
fn per_file(lines: Vec<String>, prefix_alone: bool) -> String {
    match lines.as_slice() {
        [one] if prefix_alone => format!("error: {one}\n"),
        _ => lines.iter().map(|l| format!("{l}\n")).collect(),
    }
}

/// `apply`/`create`/`replace -f`: validation first downloads the OpenAPI
/// schema; with `--validate=false`, the mapping needs discovery.
fn from_files(ctx: &Ctx, command: &str, args: &[String], files: &[String], to: &Endpoint) -> Option<Output> {
    let validate = values_of(args, None, "validate");
    let validation_off = validate.last().is_some_and(|v| matches!(v.as_str(), "false" | "ignore"));
    if validation_off {
        return unrecognized(ctx, command, files, to);
    }
    let lines = sources(ctx, files)?
        .into_iter()
        .map(|f| format!(
            "error validating \"{f}\": error validating data: failed to download openapi: Get \"{}/openapi/v2?timeout=32s\": {}; if you choose to ignore these errors, turn validation off with --validate=false",
            to.api, to.error
        ))
        .collect();
    Some(Output::fail(per_file(lines, true)))
}

/// `-f` without validation: kubectl cannot map the documents to resources.
fn unrecognized(ctx: &Ctx, command: &str, files: &[String], to: &Endpoint) -> Option<Output> {
    let names = sources(ctx, files)?;
    let mut o = Output::fail(discovery_lines(ctx.cluster.now(), names.len() as i64, to));
    let lines: Vec<String> = names
        .iter()
        .map(|f| format!("unable to recognize \"{f}\": Get \"{}/api?timeout=32s\": {}", to.api, to.error))
        .collect();
    o.err(match command {
        "get" | "describe" => per_file(lines, false),
        "scale" => format!("error: no objects passed to scale {}\n", lines.join("\n")),
        _ => per_file(lines, true),
    });
    Some(o)
}

/// `create deployment|configmap|secret generic|service|namespace`: the POST
/// fails, each generator in its own words; `--dry-run=client` needs no server.
fn create_generator(ctx: &Ctx, args: &[String], to: &Endpoint) -> Option<Output> {
    let dry_run = values_of(args, None, "dry-run");
    if dry_run.last().is_some_and(|v| v == "client") {
        return None;
    }
    let ns = values_of(args, Some('n'), "namespace").pop().unwrap_or_else(|| ctx.config.namespace());
    let kind = args.get(1).map(String::as_str).unwrap_or("");
    let (what, path) = match args.first().map(String::as_str)? {
        "deployment" | "deploy" => ("deployment: ", format!("/apis/apps/v1/namespaces/{ns}/deployments")),
        "configmap" | "cm" => ("configmap: ", format!("/api/v1/namespaces/{ns}/configmaps")),
        "secret" if kind == "generic" => ("secret ", format!("/api/v1/namespaces/{ns}/secrets")),
        "service" | "svc" => {
            let type_ = match kind {
                "clusterip" => "ClusterIP",
                "nodeport" => "NodePort",
                "loadbalancer" => "LoadBalancer",
                _ => return None,
            };
            let what = format!("{type_} service: ");
            let path = format!("/api/v1/namespaces/{ns}/services");
            return has_operand(&args[2..]).then(|| post_failure(&what, &path, to));
        }
        "namespace" | "ns" => {
            return has_operand(&args[1..]).then(|| Output::fail(to.gone()));
        }
        _ => return None,
    };
    has_operand(&args[1..]).then(|| post_failure(what, &path, to))
}

fn post_failure(what: &str, path: &str, to: &Endpoint) -> Output {
    Output::fail(format!(
        "error: failed to create {what}Post \"{}{path}?fieldManager=kubectl-create&fieldValidation=Strict\": {}\n",
        to.api, to.error
    ))
}

/// The learner's own `curl` to a node address while the node is off: the
/// connection waits for ARP, then fails. `None` for any other address.
pub(crate) fn curl_while_stopped(args: &[String]) -> Option<Output> {
    let url = args.iter().skip(1).find(|a| !a.starts_with('-'))?;
    let authority = url.strip_prefix("http://").unwrap_or(url).split('/').next().unwrap_or("");
    let (host, port) = authority.rsplit_once(':').unwrap_or((authority, "80"));
    if !host.starts_with("192.168.49.") {
        return None;
    }
    let words: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    let quiet = crate::cluster::runtime::silenced("curl", &words);
    let line = format!(
        "curl: (7) Failed to connect to {host} port {port} after {DIAL_MILLIS} ms: Couldn't connect to server\n"
    );
    let mut o = Output::fail(if quiet { String::new() } else { line });
    o.code = 7;
    Some(o)
}

// ---------------------------------------------------------------------------
// minikube ssh: a shell on the node
// ---------------------------------------------------------------------------

/// The login shell `minikube ssh` opens on a node, as user `docker`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NodeShell {
    node: String,
    cwd: String,
    /// The last command's exit status (`exit` without a number returns it).
    last: i32,
}

const NODE_HOME: &str = "/home/docker";

impl NodeShell {
    fn new(node: &str) -> NodeShell {
        NodeShell { node: node.to_string(), cwd: NODE_HOME.to_string(), last: 0 }
    }

    /// bash's prompt on the node: `docker@minikube:~$ `.
    pub(crate) fn prompt(&self) -> String {
        let dir = match self.cwd.strip_prefix(NODE_HOME) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("~{rest}"),
            _ => self.cwd.clone(),
        };
        format!("docker@{}:{dir}$ ", self.node)
    }

    /// Ctrl+C at the prompt: a new prompt, status 130.
    pub(crate) fn interrupt(&mut self) {
        self.last = 130;
    }
}

/// `minikube ssh [-n NODE] [-- CMD…]`: a shell on the node, or one command run there.
fn ssh(session: &mut Session, args: &[String]) -> Exec {
    let mut node = "minikube".to_string();
    let mut command = Vec::new();
    let mut words = args.iter();
    while let Some(a) = words.next() {
        match a.as_str() {
            "--" => command.extend(words.by_ref().cloned()),
            "-n" | "--node" => node = words.next().cloned().unwrap_or_default(),
            a if a.starts_with("--node=") => node = a["--node=".len()..].to_string(),
            a if a.starts_with("--native-ssh") => {}
            a if a.starts_with("-n") => node = a[2..].to_string(),
            _ => command.push(a.clone()),
        }
    }
    if session.cluster.store().nodes.get("", &node).is_none() {
        let mut o = Output::fail(format!("\n❌  Exiting due to GUEST_NODE_RETRIEVE: Node {node} does not exist.\n\n"));
        o.code = 85;
        return Exec::Done(o);
    }
    let mut shell = NodeShell::new(&node);
    if command.is_empty() {
        return Exec::Wait(Output::new(), State::Node(shell));
    }
    // One command, run by the login shell; its failure is the ssh session's.
    let (out, ended) = node_line(session, &mut shell, &command.join(" "));
    if ended {
        // `minikube ssh exit 3`: no login shell to log out of.
        let chunks = out.chunks.into_iter().filter(|(_, t)| t != "logout\n").collect();
        return Exec::Done(Output { chunks, code: out.code });
    }
    let mut out = out;
    out.code = 0;
    if shell.last != 0 {
        out.err(format!("ssh: Process exited with status {}\n", shell.last));
        out.code = 1;
    }
    Exec::Done(out)
}

/// A line typed in the node's shell: its output, and whether the shell ended
/// (`exit`, `logout`: then the output's code is `minikube ssh`'s).
pub(crate) fn node_line(session: &mut Session, shell: &mut NodeShell, line: &str) -> (Output, bool) {
    let script = match lex::parse(line.trim()) {
        Ok(s) => s,
        Err(_) => {
            shell.last = 2;
            let mut o = Output::fail("-bash: syntax error: unexpected end of file\n");
            o.code = 2;
            return (o, false);
        }
    };
    let mut out = Output::new();
    for p in &script {
        if (p.join == Join::And && shell.last != 0) || (p.join == Join::Or && shell.last == 0) {
            continue;
        }
        let mut commands = p.commands.iter();
        let Some(first) = commands.next() else { continue };
        let argv: Vec<String> = first.words.iter().map(lex::literal).collect();
        if let Some(status) = exit_status(shell, &argv) {
            out.out("logout\n");
            if status != 0 {
                out.err(format!("ssh: Process exited with status {status}\n"));
            }
            out.code = i32::from(status != 0);
            return (out, true);
        }
        let mut result = node_command(session, shell, &argv, false);
        // What follows a `|` filters the output as coreutils would.
        for c in commands {
            let argv: Vec<String> = c.words.iter().map(lex::literal).collect();
            let errors: Vec<(Stream, String)> =
                result.chunks.iter().filter(|(s, _)| *s != Stream::Out).cloned().collect();
            let filtered = builtins::run_filter(&session.files, &argv, result.stdout())
                .unwrap_or_else(|| not_found(argv.first().map(String::as_str).unwrap_or("")));
            result = Output { chunks: errors, code: 0 };
            result.extend(filtered);
        }
        shell.last = result.code;
        out.extend(result);
    }
    out.code = shell.last;
    (out, false)
}

/// `exit [N]` / `logout`: the status the shell ends with.
fn exit_status(shell: &NodeShell, argv: &[String]) -> Option<i32> {
    match argv.first().map(String::as_str)? {
        "exit" | "logout" => Some(argv.get(1).and_then(|n| n.parse::<i32>().ok()).map_or(shell.last, |n| n & 0xff)),
        _ => None,
    }
}

fn not_found(name: &str) -> Output {
    let mut o = Output::fail(format!("-bash: {name}: command not found\n"));
    o.code = 127;
    o
}

/// One command on the node, as `docker`, or as root after `sudo`.
fn node_command(session: &mut Session, shell: &mut NodeShell, argv: &[String], root: bool) -> Output {
    let Some(name) = argv.first().map(String::as_str) else { return Output::new() };
    let args = &argv[1..];
    match name {
        "sudo" => sudo(session, shell, args),
        "hostname" => Output::ok(format!("{}\n", shell.node)),
        "whoami" => Output::ok(if root { "root\n" } else { "docker\n" }),
        "pwd" => Output::ok(format!("{}\n", shell.cwd)),
        "echo" => Output::ok(format!("{}\n", args.join(" "))),
        "true" => Output::new(),
        "false" => Output { chunks: vec![], code: 1 },
        "uname" => uname(session, shell, args),
        "cd" => cd(shell, args),
        "ls" => ls(session, shell, args),
        "cat" => cat(session, shell, args, root),
        "crictl" => crictl(session, &shell.node, args),
        "docker" => docker(session, &shell.node, args),
        "curl" => node_curl(session, &shell.node, args),
        // kubectl is not on the node's PATH (minikube keeps it in /var/lib/minikube/binaries).
        _ if root => {
            let mut o = Output::fail(format!("sudo: {name}: command not found\n"));
            o.code = 1;
            o
        }
        _ => not_found(name),
    }
}

/// `sudo COMMAND`: the docker user may, without a password.
fn sudo(session: &mut Session, shell: &mut NodeShell, args: &[String]) -> Output {
    match args.first().map(String::as_str) {
        None => {
            // sudo's usage, from the node book (its first line without it).
            let usage = session.docs.node_file("sudo-usage").unwrap_or("usage: sudo -h | -K | -k | -V\n");
            let mut o = Output::fail(usage);
            o.code = 1;
            o
        }
        Some(flag) if flag.starts_with('-') => {
            let mut o = Output::new();
            o.note("(Sur le nœud, l’atelier simule «\u{a0}sudo COMMANDE\u{a0}», sans options.)\n");
            o.code = 1;
            o
        }
        Some(_) => node_command(session, shell, args, true),
    }
}

fn uname(session: &Session, shell: &NodeShell, args: &[String]) -> Output {
    let kernel = session
        .cluster
        .store()
        .nodes
        .get("", &shell.node)
        .map(|n| n.status.node_info.kernel_version.clone())
        .unwrap_or_default();
    let text = match args.first().map(String::as_str) {
        None | Some("-s") => "Linux".to_string(),
        Some("-r") => kernel,
        Some("-n") => shell.node.clone(),
        Some("-m") => "x86_64".to_string(),
        _ => format!(
            "Linux {} {kernel} #49~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Wed Nov  6 17:42:15 UTC 2 x86_64 x86_64 x86_64 GNU/Linux",
            shell.node
        ),
    };
    Output::ok(format!("{text}\n"))
}

// The node's files: the few the course looks at.

/// The static pod manifests kubeadm writes, with the start of each one's
/// command (what `docker ps` shows of it). Their text (shortened: no volumes,
/// one probe; header, image and command as minikube v1.35.0's kubeadm writes
/// them) is the node book, `src/kubectl/node-1.32.txt`, which the page fetches
/// with the first `minikube ssh`.
const MANIFESTS: [(&str, &str); 4] = [
    ("etcd.yaml", "etcd --advertise-client-urls=https://192.168.49.2:2379"),
    ("kube-apiserver.yaml", "kube-apiserver --advertise-address=192.168.49.2"),
    ("kube-controller-manager.yaml", "kube-controller-manager --allocate-node-cidrs=true"),
    ("kube-scheduler.yaml", "kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf"),
];

const MANIFESTS_DIR: &str = "/etc/kubernetes/manifests";

/// Directories the node shell knows, with what `ls` lists in them (`None`:
/// the directory exists, its listing is not simulated).
fn listing(dir: &str, control_plane: bool, metrics_server: bool) -> Option<Option<Vec<&'static str>>> {
    let names: Vec<&str> = match dir {
        "/" => vec![
            "bin", "boot", "data", "dev", "etc", "home", "kic.txt", "kind", "lib", "lib32", "lib64", "libx32", "media",
            "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
        ],
        "/home" => vec!["docker"],
        NODE_HOME | "/tmp" => vec![],
        "/etc/kubernetes" if control_plane => {
            vec!["addons", "admin.conf", "controller-manager.conf", "kubelet.conf", "manifests", "scheduler.conf"]
        }
        "/etc/kubernetes" => vec!["kubelet.conf", "manifests"],
        MANIFESTS_DIR if control_plane => MANIFESTS.iter().map(|(f, _)| *f).collect(),
        MANIFESTS_DIR => vec![],
        "/etc/kubernetes/addons" if control_plane => {
            let mut v = vec!["storage-provisioner.yaml", "storageclass.yaml"];
            if metrics_server {
                v = vec![
                    "metrics-apiservice.yaml",
                    "metrics-server-deployment.yaml",
                    "metrics-server-rbac.yaml",
                    "metrics-server-service.yaml",
                    "storage-provisioner.yaml",
                    "storageclass.yaml",
                ];
            }
            v
        }
        "/etc" | "/var" | "/var/lib" | "/var/lib/minikube" | "/var/lib/kubelet" | "/usr" | "/root" => {
            return Some(None);
        }
        _ => return None,
    };
    Some(Some(names))
}

/// `path` from the shell's directory: `..`, `.` and `~` resolved.
fn resolve(shell: &NodeShell, path: &str) -> String {
    super::vfs::resolve_in(&shell.cwd, NODE_HOME, path)
}

pub(crate) fn is_control_plane(session: &Session, node: &str) -> bool {
    node_names(session).first().is_some_and(|first| first == node)
}

fn cd(shell: &mut NodeShell, args: &[String]) -> Output {
    let target = args.first().map_or(NODE_HOME.to_string(), |a| resolve(shell, a));
    if listing(&target, true, true).is_some() {
        shell.cwd = target;
        return Output::new();
    }
    let shown = args.first().map(String::as_str).unwrap_or("");
    // (Whether a file is there does not need its text.)
    let why = if file_in(&Docs::default(), &target).is_some() { "Not a directory" } else { "No such file or directory" };
    Output::fail(format!("-bash: cd: {shown}: {why}\n"))
}

/// A file of the node the shell knows: its content when simulated (a
/// manifest's, from the node book; the book's absence, said in French).
fn file_in(docs: &Docs, path: &str) -> Option<Option<String>> {
    let (dir, name) = path.rsplit_once('/')?;
    match dir {
        MANIFESTS_DIR => MANIFESTS.iter().find(|(f, _)| *f == name).map(|(f, _)| {
            Some(docs.node_file(f).map(str::to_string).unwrap_or_else(|| crate::kubectl::docs::missing(Book::Node)))
        }),
        "/etc/kubernetes"
            if matches!(name, "admin.conf" | "controller-manager.conf" | "kubelet.conf" | "scheduler.conf") =>
        {
            Some(None)
        }
        "" if name == "kic.txt" => Some(None),
        _ => None,
    }
}

fn ls(session: &Session, shell: &NodeShell, args: &[String]) -> Output {
    let control_plane = is_control_plane(session, &shell.node);
    let metrics = session.cluster.metrics_enabled();
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let targets: Vec<String> = if operands.is_empty() {
        vec![shell.cwd.clone()]
    } else {
        operands.iter().map(|a| resolve(shell, a)).collect()
    };
    let mut o = Output::new();
    for (target, shown) in targets.iter().zip(operands.iter().map(|s| s.as_str()).chain(std::iter::repeat("."))) {
        match listing(target, control_plane, metrics) {
            Some(Some(names)) => {
                if targets.len() > 1 {
                    o.out(format!("{shown}:\n"));
                }
                o.out(columns(&names));
            }
            Some(None) => o.note(format!("(L’atelier ne simule pas le contenu de {target} sur le nœud.)\n")),
            None if (control_plane || !target.starts_with(MANIFESTS_DIR)) && file_in(&session.docs, target).is_some() => {
                o.out(format!("{shown}\n"));
            }
            None => {
                o.err(format!("ls: cannot access '{shown}': No such file or directory\n"));
                o.code = 2;
            }
        }
    }
    o
}

/// Whether `a`'s pod mounts its node's `/` (a hostPath volume): then whether
/// that node is the control plane and metrics-server is on, for [`host_files`].
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn host_root(session: &Session, a: &crate::kubectl::logs::Attach) -> Option<(bool, bool)> {
    let pod = session.cluster.store().get::<crate::cluster::objects::Pod>(&a.namespace, &a.pod)?;
    let root = |v: &crate::cluster::objects::pod::Volume| {
        v.source.get("hostPath").and_then(|h| h.get("path")).and_then(serde_json::Value::as_str) == Some("/")
    };
    if !pod.spec.volumes.iter().any(root) || pod.spec.node_name.is_empty() {
        return None;
    }
    Some((is_control_plane(session, &pod.spec.node_name), session.cluster.metrics_enabled()))
}

/// `ls` and `cat` of paths under `/host` in a `kubectl debug node/…` pod
/// (its node's `/` mounted there, read as root): the node's files this shell
/// knows, with GNU coreutils' errors (the page's lazy part). `None`: not such a command.
#[inline(never)]
pub(crate) fn host_files(docs: &Docs, control_plane: bool, metrics: bool, argv: &[String]) -> Option<Output> {
    let (program, args) = argv.split_first()?;
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let on_host = |p: &str| p == "/host" || p.starts_with("/host/");
    if !matches!(program.as_str(), "ls" | "cat") || operands.is_empty() || !operands.iter().all(|p| on_host(p)) {
        return None;
    }
    let mut o = Output::new();
    for shown in &operands {
        let path = match shown.trim_end_matches('/').strip_prefix("/host") {
            Some("") | None => "/".to_string(),
            Some(rest) => rest.to_string(),
        };
        let listed = listing(&path, control_plane, metrics);
        let file = file_in(docs, &path).filter(|_| control_plane || !path.starts_with(MANIFESTS_DIR));
        match (program.as_str(), listed, file) {
            ("ls", Some(Some(names)), _) => {
                if operands.len() > 1 {
                    o.out(format!("{shown}:\n"));
                }
                o.out(columns(&names));
            }
            ("ls", Some(None), _) => o.note(format!("(L’atelier ne simule pas le contenu de {path} sur le nœud.)\n")),
            ("ls", None, Some(_)) => o.out(format!("{shown}\n")),
            ("ls", None, None) => {
                o.err(format!("ls: cannot access '{shown}': No such file or directory\n"));
                o.code = 2;
            }
            (_, Some(_), _) => {
                o.err(format!("cat: {shown}: Is a directory\n"));
                o.code = 1;
            }
            (_, None, Some(Some(text))) => o.out(text),
            (_, None, Some(None)) => o.note(format!("(L’atelier ne simule pas le contenu de {path}.)\n")),
            (_, None, None) => {
                o.err(format!("cat: {shown}: No such file or directory\n"));
                o.code = 1;
            }
        }
    }
    Some(o)
}

/// `ls` on a terminal: the names on one line, two spaces apart (a wide
/// terminal, as the host's `ls` here).
fn columns(names: &[&str]) -> String {
    if names.is_empty() { String::new() } else { format!("{}\n", names.join("  ")) }
}

/// `cat`: kubeadm writes the manifests readable by root only.
fn cat(session: &Session, shell: &NodeShell, args: &[String], root: bool) -> Output {
    let control_plane = is_control_plane(session, &shell.node);
    let mut o = Output::new();
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let path = resolve(shell, a);
        let in_manifests = path.starts_with(MANIFESTS_DIR);
        match file_in(&session.docs, &path).filter(|_| control_plane || !in_manifests) {
            _ if listing(&path, true, true).is_some() => {
                o.err(format!("cat: {a}: Is a directory\n"));
                o.code = 1;
            }
            Some(_) if !root => {
                o.err(format!("cat: {a}: Permission denied\n"));
                o.code = 1;
            }
            Some(Some(text)) => o.out(text),
            Some(None) => o.note(format!("(L’atelier ne simule pas le contenu de {path}.)\n")),
            None => {
                o.err(format!("cat: {a}: No such file or directory\n"));
                o.code = 1;
            }
        }
    }
    o
}

/// `curl` on the node: NodePorts answer on every node address (kube-proxy),
/// cluster and pod IPs are routed; cluster DNS names do not resolve there.
fn node_curl(session: &mut Session, node: &str, args: &[String]) -> Output {
    let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
        return Output::fail("curl: try 'curl --help' or 'curl --manual' for more information\n");
    };
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let (host, port) = authority.rsplit_once(':').unwrap_or((authority, "80"));
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let quiet = crate::cluster::runtime::silenced("curl", &words);
    let fail = |line: String, code: i32| {
        let mut o = Output::fail(if quiet { String::new() } else { format!("{line}\n") });
        o.code = code;
        o
    };
    let node_ip = session.cluster.store().nodes.get("", node).map(|n| n.internal_ip().to_string()).unwrap_or_default();
    let address = match host {
        "localhost" | "127.0.0.1" => node_ip,
        h if h.parse::<std::net::Ipv4Addr>().is_ok() => h.to_string(),
        h => return fail(format!("curl: (6) Could not resolve host: {h}"), 6),
    };
    // curl 7.81 (Ubuntu 22.04) on the node words a refused connection its own way.
    match session.cluster.http_get("default", &format!("http://{address}:{port}/{path}")) {
        Ok(body) => Output::ok(body),
        Err(e) if e.starts_with("curl: (7)") => {
            fail(format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Connection refused"), 7)
        }
        Err(e) => {
            let code = if e.contains("(6)") { 6 } else { 7 };
            fail(e, code)
        }
    }
}

// The node's containers, as its runtime lists them.

/// A container running on the node (a pod's sandbox is one too, `POD`).
struct NodeContainer {
    id: String,
    image: String,
    command: String,
    created: Time,
    name: String,
    attempt: i32,
    sandbox: String,
    pod: String,
    namespace: String,
    /// The pod's UID as the kubelet names containers (a static pod's config hash).
    uid: String,
}

/// A stable hex string standing for an ID the runtime made (`n` digits):
/// the seed's hash stirred by splitmix64, so that close seeds look unrelated.
fn runtime_id(seed: &str, n: usize) -> String {
    let mut state = u64::from(crate::cluster::rng::fnv32a(seed.as_bytes()));
    let mut hex = String::new();
    while hex.len() < n {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        hex.push_str(&format!("{:016x}", z ^ (z >> 31)));
    }
    hex.truncate(n);
    hex
}

/// The pods' sandboxes and running containers on `node`, newest first.
fn node_containers(session: &Session, node: &str) -> Vec<NodeContainer> {
    let boots = session.cluster.boots();
    let mut out = Vec::new();
    for pod in session.cluster.store().pods.iter().filter(|p| p.spec.node_name == node && !p.is_terminal()) {
        if pod.condition("PodReadyToStartContainers").is_none_or(|c| c.status != "True") {
            continue;
        }
        let created = pod.metadata.creation_timestamp.unwrap_or_default();
        let reboots: Vec<&Time> = boots.iter().filter(|b| **b > created).collect();
        let attempt = reboots.len() as i32;
        let sandbox_created = reboots.last().map_or(pod.status.start_time.unwrap_or(created), |b| **b);
        let uid = pod
            .metadata
            .annotations
            .get("kubernetes.io/config.hash")
            .cloned()
            .unwrap_or_else(|| pod.metadata.uid.clone());
        let sandbox = runtime_id(&format!("{}/sandbox/{attempt}", pod.metadata.uid), 64);
        let entry =
            |id: String, image: String, command: String, created: Time, name: &str, attempt: i32| NodeContainer {
                id,
                image,
                command,
                created,
                name: name.to_string(),
                attempt,
                sandbox: sandbox.clone(),
                pod: pod.metadata.name.clone(),
                namespace: pod.metadata.namespace.clone(),
                uid: uid.clone(),
            };
        out.push(entry(
            sandbox.clone(),
            "registry.k8s.io/pause:3.10".into(),
            "/pause".into(),
            sandbox_created,
            "POD",
            attempt,
        ));
        for (spec, status) in pod
            .spec
            .containers
            .iter()
            .filter_map(|c| pod.status.container_statuses.iter().find(|s| s.name == c.name).map(|s| (c, s)))
        {
            let Some(started) = status.state.running.as_ref().and_then(|r| r.started_at) else { continue };
            let id = status.container_id.rsplit("://").next().unwrap_or_default().to_string();
            let image = runtime_id(&format!("image/{}", images::Reference::parse(&spec.image).display()), 64);
            out.push(entry(id, image, container_command(pod, spec), started, &spec.name, status.restart_count));
        }
    }
    crate::sort::sort_by(&mut out, |a, b| b.created.cmp(&a.created).then(a.pod.cmp(&b.pod)).then(a.name.cmp(&b.name)));
    out
}

/// What the container runs, as docker shows it: the pod's command and args,
/// else the image's entrypoint and command (the manifest's for the control plane).
fn container_command(pod: &Pod, spec: &crate::cluster::objects::pod::Container) -> String {
    if let Some(component) = pod.metadata.labels.get("component")
        && let Some((_, command)) = MANIFESTS.iter().find(|(f, _)| f.trim_end_matches(".yaml") == component)
    {
        return command.to_string();
    }
    let (entrypoint, cmd) = image_process(&images::Reference::parse(&spec.image).repository);
    let mut words: Vec<String> =
        if spec.command.is_empty() { entrypoint.iter().map(|s| s.to_string()).collect() } else { spec.command.clone() };
    if !spec.args.is_empty() {
        words.extend(spec.args.iter().cloned());
    } else if spec.command.is_empty() {
        words.extend(cmd.iter().map(|s| s.to_string()));
    }
    words.join(" ")
}

/// An image's ENTRYPOINT and CMD, for the images the course runs.
fn image_process(repository: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match repository {
        "nginx" => (&["/docker-entrypoint.sh"], &["nginx", "-g", "daemon off;"]),
        "redis" => (&["docker-entrypoint.sh"], &["redis-server"]),
        "mysql" => (&["docker-entrypoint.sh"], &["mysqld"]),
        "postgres" => (&["docker-entrypoint.sh"], &["postgres"]),
        "wordpress" => (&["docker-entrypoint.sh"], &["apache2-foreground"]),
        "node" => (&["docker-entrypoint.sh"], &["node"]),
        "httpd" => (&[], &["httpd-foreground"]),
        "busybox" | "registry.k8s.io/busybox" => (&[], &["sh"]),
        "alpine" => (&[], &["/bin/sh"]),
        "ubuntu" => (&[], &["/bin/bash"]),
        "debian" => (&[], &["bash"]),
        "python" => (&[], &["python3"]),
        "curlimages/curl" => (&["/entrypoint.sh"], &["curl"]),
        "instavote/vote" | "dockersamples/examplevotingapp_vote" => {
            (&[], &["gunicorn", "app:app", "-b", "0.0.0.0:80", "--log-file", "-", "--access-logfile", "-"])
        }
        "registry.k8s.io/coredns/coredns" => (&["/coredns"], &[]),
        "registry.k8s.io/kube-proxy" => (&["/usr/local/bin/kube-proxy"], &[]),
        _ => (&[], &["/app"]),
    }
}

/// Go's text/tabwriter as crictl (min width 20) and docker (10) use it,
/// padding 3; the last column is not padded.
fn tabwriter(rows: &[Vec<String>], min_width: usize) -> String {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> =
        (0..cols).map(|c| rows.iter().map(|r| r[c].chars().count() + 3).max().unwrap_or(0).max(min_width)).collect();
    let mut out = String::new();
    for r in rows {
        for (c, cell) in r.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < cols {
                out.push_str(&" ".repeat(widths[c] - cell.chars().count()));
            }
        }
        out.push('\n');
    }
    out
}

/// docker's `units.HumanDuration`: `Less than a second`, `About a minute`, `15 minutes`…
fn human_duration(ms: i64) -> String {
    let seconds = ms / 1000;
    let minutes = seconds / 60;
    let hours = (ms as f64 / 3_600_000.0 + 0.5) as i64;
    match () {
        _ if seconds < 1 => "Less than a second".into(),
        _ if seconds == 1 => "1 second".into(),
        _ if seconds < 60 => format!("{seconds} seconds"),
        _ if minutes == 1 => "About a minute".into(),
        _ if minutes < 60 => format!("{minutes} minutes"),
        _ if hours == 1 => "About an hour".into(),
        _ if hours < 48 => format!("{hours} hours"),
        _ if hours < 24 * 7 * 2 => format!("{} days", hours / 24),
        _ if hours < 24 * 30 * 2 => format!("{} weeks", hours / 24 / 7),
        _ if hours < 24 * 365 * 2 => format!("{} months", hours / 24 / 30),
        _ => format!("{} years", ms / 3_600_000 / 24 / 365),
    }
}

/// `crictl ps`: the running containers (not the sandboxes), crictl 1.32's columns.
fn crictl(session: &Session, node: &str, args: &[String]) -> Output {
    if args.first().map(String::as_str) != Some("ps") {
        let mut o = Output::new();
        o.note("(Sur le nœud, l’atelier simule «\u{a0}crictl ps\u{a0}».)\n");
        o.code = 1;
        return o;
    }
    let now = session.cluster.now();
    let mut rows = vec![
        ["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD", "NAMESPACE"]
            .map(String::from)
            .to_vec(),
    ];
    for c in node_containers(session, node).into_iter().filter(|c| c.name != "POD") {
        rows.push(vec![
            c.id[..13.min(c.id.len())].to_string(),
            c.image[..13].to_string(),
            format!("{} ago", human_duration(now.since(c.created))),
            "Running".into(),
            c.name,
            c.attempt.to_string(),
            c.sandbox[..13].to_string(),
            c.pod,
            c.namespace,
        ]);
    }
    Output::ok(tabwriter(&rows, 20))
}

/// `docker ps`: sandboxes (`k8s_POD_…`) and containers, as cri-dockerd names them.
fn docker(session: &Session, node: &str, args: &[String]) -> Output {
    match args.first().map(String::as_str) {
        Some("ps") => {}
        Some(other) if !other.starts_with('-') => {
            let mut o = Output::new();
            o.note("(Sur le nœud, l’atelier simule «\u{a0}docker ps\u{a0}».)\n");
            o.code = 1;
            return o;
        }
        _ => {
            let mut o = Output::ok("Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n");
            o.note("(Sur le nœud, l’atelier simule «\u{a0}docker ps\u{a0}».)\n");
            return o;
        }
    }
    let now = session.cluster.now();
    let mut rows =
        vec![["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"].map(String::from).to_vec()];
    for c in node_containers(session, node) {
        let image = if c.name == "POD" { c.image.clone() } else { c.image[..12].to_string() };
        let command = {
            let chars: Vec<char> = c.command.chars().collect();
            let shown: String =
                if chars.len() > 20 { chars[..19].iter().collect::<String>() + "…" } else { c.command.clone() };
            format!("\"{shown}\"")
        };
        let age = human_duration(now.since(c.created));
        rows.push(vec![
            c.id[..12.min(c.id.len())].to_string(),
            image,
            command,
            format!("{age} ago"),
            format!("Up {age}"),
            String::new(),
            format!("k8s_{}_{}_{}_{}_{}", c.name, c.pod, c.namespace, c.uid, c.attempt),
        ]);
    }
    Output::ok(tabwriter(&rows, 10))
}




