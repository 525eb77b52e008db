//! The minikube profile itself: `minikube delete` removes the cluster (its
//! containers, its machines, its kubeconfig entries) and `minikube start`
//! then creates a new one, `--nodes N` included, with minikube v1.35's lines
//! (docker driver). The whole module is in the page's lazy part.

use super::Session;
use crate::kubectl::config;
use crate::kubectl::output::Output;

/// The most nodes `minikube start --nodes` makes here (a browser tab's cluster).
const MAX_NODES: usize = 10;

/// What minikube says of a profile that does not exist (`mustload`), exit 85.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn not_found() -> Output {
    let mut o = Output::ok(
        "🤷  Profile \"minikube\" not found. Run \"minikube profile list\" to view all profiles.\n👉  To start a cluster, run: \"minikube start\"\n",
    );
    o.code = 85;
    o
}

/// `minikube delete`: every node's container and machine directory go, then
/// minikube's entries in the kubeconfig (the current context with them).
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn delete(session: &mut Session) -> Output {
    if session.deleted {
        return Output::ok(
            "🙄  \"minikube\" profile does not exist, trying anyways.\n💀  Removed all traces of the \"minikube\" cluster.\n",
        );
    }
    let nodes: Vec<String> = session.cluster.store().nodes.iter().map(|n| n.metadata.name.clone()).collect();
    let mut text = String::from("🔥  Deleting \"minikube\" in docker ...\n");
    for node in &nodes {
        text.push_str(&format!("🔥  Deleting container \"{node}\" ...\n"));
    }
    for node in &nodes {
        text.push_str(&format!("🔥  Removing /home/atelier/.minikube/machines/{node} ...\n"));
    }
    text.push_str("💀  Removed all traces of the \"minikube\" cluster.\n");
    // Nothing answers at minikube's address any more: the old cluster stays
    // stopped behind it until `minikube start` replaces it.
    session.set_tunnel(false);
    session.jobs = Default::default();
    session.cluster.stop();
    session.deleted = true;
    forget(&mut session.config);
    Output::ok(text)
}

/// `minikube start` after `minikube delete`: a new cluster of `--nodes N`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn create(session: &mut Session, args: &[String]) -> Output {
    let nodes = match node_count(args) {
        Ok(n) => n,
        Err(o) => return o,
    };
    session.cluster = session.cluster.recreated(nodes - 1);
    session.deleted = false;
    configure(&mut session.config);
    Output::ok(start_text(nodes))
}

/// `--nodes N`, `--nodes=N`, `-n N` (default 1), as pflag reads an int.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn node_count(args: &[String]) -> Result<usize, Output> {
    let mut value = None;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        if let Some(v) = a.strip_prefix("--nodes=").or_else(|| a.strip_prefix("-n=")) {
            value = Some(v.to_string());
        } else if a == "--nodes" || a == "-n" {
            match words.next() {
                Some(v) => value = Some(v.clone()),
                None => {
                    return Err(Output::fail(format!("Error: flag needs an argument: {a}\n")));
                }
            }
        }
    }
    let Some(value) = value else { return Ok(1) };
    let n: i64 = value.parse().map_err(|_| {
        Output::fail(format!(
            "Error: invalid argument \"{value}\" for \"-n, --nodes\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax\n"
        ))
    })?;
    match usize::try_from(n) {
        Ok(n @ 1..=MAX_NODES) => Ok(n),
        _ => Err(Output::fail(format!("minikube start --nodes {n}\u{a0}: l’atelier crée de 1 à {MAX_NODES} nœuds.\n"))),
    }
}

/// What minikube v1.35 prints creating a cluster of `nodes` nodes (docker
/// driver, images already in its cache): the control plane, then each worker.
fn start_text(nodes: usize) -> String {
    let mut text = String::from(
        "😄  minikube v1.35.0\n\
         ✨  Automatically selected the docker driver\n\
         👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster\n\
         🚜  Pulling base image v0.0.46 ...\n\
         🔥  Creating docker container (CPUs=2, Memory=2200MB) ...\n\
         🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n\
         \u{20}   ▪ Generating certificates and keys ...\n\
         \u{20}   ▪ Booting up control plane ...\n\
         \u{20}   ▪ Configuring RBAC rules ...\n",
    );
    // One node gets the bridge CNI; several get kindnet.
    text.push_str(if nodes > 1 {
        "🔗  Configuring CNI (Container Networking Interface) ...\n"
    } else {
        "🔗  Configuring bridge CNI (Container Networking Interface) ...\n"
    });
    text.push_str(
        "🔎  Verifying Kubernetes components...\n\
         \u{20}   ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5\n\
         🌟  Enabled addons: storage-provisioner, default-storageclass\n",
    );
    let mut ips = vec!["192.168.49.2".to_string()];
    for i in 1..nodes {
        let proxy = ips.join(",");
        text.push_str(&format!(
            "\n👍  Starting \"minikube-m{:02}\" worker node in \"minikube\" cluster\n\
             🚜  Pulling base image v0.0.46 ...\n\
             🔥  Creating docker container (CPUs=2, Memory=2200MB) ...\n\
             🌐  Found network options:\n\
             \u{20}   ▪ NO_PROXY={proxy}\n\
             🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n\
             \u{20}   ▪ env NO_PROXY={proxy}\n\
             🔎  Verifying Kubernetes components...\n",
            i + 1
        ));
        ips.push(format!("192.168.49.{}", i + 2));
    }
    text.push_str(
        "🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n",
    );
    text
}

/// minikube's entries removed from the kubeconfig (`kubeconfig.DeleteContext`),
/// the current context unset if it was minikube's.
fn forget(kubeconfig: &mut crate::kubectl::Config) {
    kubeconfig.clusters.retain(|(n, _)| n != config::CONTEXT);
    kubeconfig.users.retain(|(n, _)| n != config::CONTEXT);
    kubeconfig.contexts.retain(|(n, _)| n != config::CONTEXT);
    if kubeconfig.current == config::CONTEXT {
        kubeconfig.current.clear();
    }
}

/// minikube's entries written again, and its context made current.
fn configure(kubeconfig: &mut crate::kubectl::Config) {
    forget(kubeconfig);
    let fresh = crate::kubectl::Config::default();
    kubeconfig.clusters.extend(fresh.clusters);
    kubeconfig.users.extend(fresh.users);
    kubeconfig.contexts.extend(fresh.contexts);
    kubeconfig.current = fresh.current;
}
