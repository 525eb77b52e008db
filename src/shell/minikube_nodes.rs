//! `minikube node add|list|stop|start|delete` (issue 14): minikube v1.35's
//! lines (docker driver), on the simulated cluster's nodes. The whole module
//! is in the page's lazy part.

use super::Session;
use crate::kubectl::output::Output;

/// How long minikube waits for a node it starts or adds to be Ready, in
/// simulated seconds.
const NODE_READY_SECONDS: f64 = 20.0;

/// `minikube node …`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn node(session: &mut Session, args: &[String]) -> Output {
    let sub = args.first().map(String::as_str).unwrap_or("");
    let name = args.get(1).map(String::as_str);
    match sub {
        "add" => add(session),
        "list" | "ls" => list(session),
        "stop" | "start" | "delete" => {
            let Some(name) = name else {
                return exit("MK_USAGE", &format!("Usage: minikube node {sub} [name]"), 64);
            };
            let Some(machine) = machine_name(session, name) else {
                return exit("GUEST_NODE_RETRIEVE", &format!("retrieving node: Could not find node {name}"), 85);
            };
            if machine == "minikube" {
                return Output::fail(format!(
                    "minikube node {sub} minikube\u{a0}: l’atelier ne simule pas l’arrêt du nœud du plan de contrôle seul. Utilisez «\u{a0}minikube stop\u{a0}» et «\u{a0}minikube start\u{a0}» pour tout le cluster.\n"
                ));
            }
            match sub {
                "stop" => stop(session, &machine),
                "start" => start(session, &machine),
                _ => delete(session, &machine),
            }
        }
        "" | "help" | "--help" | "-h" => Output::ok(
            "Operations on nodes\n\nAvailable Commands:\n  add           Adds a node to the given cluster.\n  delete        Deletes a node from a cluster.\n  list          List nodes.\n  start         Starts a node.\n  stop          Stops a node in a cluster.\n\nUse \"minikube <command> --help\" for more information about a given command.\n",
        ),
        other => Output::fail(format!("Error: unknown command \"{other}\" for \"minikube node\"\nRun 'minikube node --help' for usage.\n")),
    }
}

/// minikube's `exit.Message`: the reason code, the message, an exit code.
fn exit(reason: &str, message: &str, code: i32) -> Output {
    let mut o = Output::new();
    o.err(format!("\n❌  Exiting due to {reason}: {message}\n\n"));
    o.code = code;
    o
}

/// `m02` or `minikube-m02` (minikube's `node.Retrieve` takes both), as its
/// machine name.
fn machine_name(session: &Session, name: &str) -> Option<String> {
    let full = if name.starts_with('m') && !name.starts_with("minikube") { format!("minikube-{name}") } else { name.to_string() };
    session.cluster.store().nodes.get("", &full).map(|n| n.metadata.name.clone())
}

/// The short name minikube's config keeps: `m02`.
fn short(machine: &str) -> &str {
    machine.strip_prefix("minikube-").unwrap_or(machine)
}

fn add(session: &mut Session) -> Output {
    let name = session.cluster.add_worker();
    let short = short(&name).to_string();
    let text = format!(
        "😄  Adding node {short} to cluster minikube as [worker]\n\
         ❗  Cluster was created without any CNI, adding a node to it might cause broken networking.\n\
         👍  Starting \"{name}\" worker node in \"minikube\" cluster\n\
         🚜  Pulling base image v0.0.46 ...\n\
         🔥  Creating docker container (CPUs=2, Memory=2200MB) ...\n\
         🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n\
         🔎  Verifying Kubernetes components...\n\
         🏄  Successfully added {short} to minikube!\n"
    );
    if !session.paused() {
        session.cluster.advance(NODE_READY_SECONDS);
    }
    Output::ok(text)
}

fn list(session: &Session) -> Output {
    let mut text = String::new();
    for n in session.cluster.store().nodes.iter() {
        text.push_str(&format!("{}\t{}\n", n.metadata.name, n.internal_ip()));
    }
    Output::ok(text)
}

fn stop(session: &mut Session, machine: &str) -> Output {
    let mut text = format!("✋  Stopping node \"{machine}\"  ...\n");
    if session.cluster.stop_node(machine) {
        text.push_str(&format!("🛑  Powering off \"{machine}\" via SSH ...\n"));
    }
    text.push_str(&format!("🛑  Successfully stopped node {machine}\n"));
    Output::ok(text)
}

fn start(session: &mut Session, machine: &str) -> Output {
    let ip = session.cluster.store().nodes.get("", machine).map(|n| n.internal_ip().to_string()).unwrap_or_default();
    let _ = ip;
    if session.cluster.node_down(machine).is_none() {
        return Output::ok(format!("✅  {machine} is already running\n"));
    }
    let text = format!(
        "👍  Starting \"{machine}\" worker node in \"minikube\" cluster\n\
         🚜  Pulling base image v0.0.46 ...\n\
         🔄  Restarting existing docker container for \"{machine}\" ...\n\
         🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n\
         🔎  Verifying Kubernetes components...\n\
         😄  Successfully started node {machine}!\n"
    );
    session.cluster.start_node(machine);
    if !session.paused() {
        session.cluster.advance(NODE_READY_SECONDS);
    }
    Output::ok(text)
}

fn delete(session: &mut Session, machine: &str) -> Output {
    let short = short(machine).to_string();
    let mut text = format!("🔥  Deleting node {short} from cluster minikube\n");
    let running = session.cluster.node_down(machine).is_none();
    text.push_str(&format!("✋  Stopping node \"{machine}\"  ...\n"));
    if running {
        text.push_str(&format!("🛑  Powering off \"{machine}\" via SSH ...\n"));
    }
    text.push_str(&format!("🔥  Deleting \"{machine}\" in docker ...\n💀  Node {short} was successfully deleted.\n"));
    session.cluster.remove_node(machine);
    Output::ok(text)
}
