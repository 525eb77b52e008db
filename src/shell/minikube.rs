//! `minikube`: the cluster's own tool, for what the course uses of it.

use crate::cluster::objects::Service;
use crate::kubectl::output::Output;

use super::{Exec, Session};

pub const NODE_IP: &str = "192.168.49.2";

pub(crate) fn run(session: &mut Session, args: &[String], background: bool) -> Exec {
    let sub = args.first().map(String::as_str).unwrap_or("");
    let rest = &args[args.len().min(1)..];
    let out = match sub {
        "status" => Output::ok(
            "minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n",
        ),
        "ip" => Output::ok(format!("{NODE_IP}\n")),
        "version" => Output::ok("minikube version: v1.35.0\ncommit: dd5d320e41b5451cdf3c01891bc4e13d189586ed-dirty\n"),
        "service" => service(session, rest),
        "tunnel" => tunnel(session, rest, background),
        "dashboard" => Output::ok(
            "🤔  Verifying dashboard health ...\n\
             Ici, pas besoin du tableau de bord : le volet « Cluster », à côté de la console, montre en direct les nœuds, les pods, les services et les déploiements.\n",
        ),
        "addons" => addons(session, rest),
        "kubectl" => {
            let words: Vec<String> = rest.iter().skip_while(|a| *a == "--").cloned().collect();
            return session.kubectl(&words, None);
        }
        "start" => Output::ok(
            "😄  minikube v1.35.0\n✨  Using the docker driver based on existing profile\n👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster\n🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n",
        ),
        "stop" | "delete" | "pause" | "unpause" => Output::fail(format!(
            "minikube {sub} : le cluster de l’atelier reste toujours démarré. Pour repartir d’un cluster neuf, utilisez « Réinitialiser le cluster ».\n"
        )),
        "" | "help" | "--help" | "-h" => Output::ok(
            "minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\n\
             Commandes simulées ici : status, ip, service NOM [--url], tunnel, addons list|enable|disable, dashboard, kubectl -- …, version\n",
        ),
        other => Output::fail(format!(
            "Error: unknown command \"{other}\" for \"minikube\"\nRun 'minikube --help' for usage.\n"
        )),
    };
    Exec::Done(out)
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
        o.note("Pour y accéder depuis votre poste, exposez-le en NodePort ou utilisez « kubectl port-forward ».\n");
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
    o.note(format!("(Dans l’atelier, pas de navigateur à ouvrir : essayez « curl {} ».)\n", urls[0]));
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
        o.note("Le tunnel est fermé : les services LoadBalancer repassent en <pending>.\n");
        return o;
    }
    if session.tunnel() {
        let mut o = Output::new();
        o.note("Le tunnel est déjà ouvert (« minikube tunnel --stop » pour le fermer).\n");
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
    o.note("(Ici, le tunnel reste ouvert en arrière-plan et la console reste libre ; « minikube tunnel --stop » le ferme.)\n");
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
        (Some("enable" | "disable"), Some(other)) => Output::fail(format!(
            "L’extension « {other} » n’est pas simulée ; seule « metrics-server » l’est (pour kubectl top).\n"
        )),
        (Some("list"), _) => {
            let state = if session.cluster.metrics_enabled() { "enabled ✅" } else { "disabled" };
            let rows = vec![
                vec!["ADDON NAME".to_string(), "PROFILE".into(), "STATUS".into(), "MAINTAINER".into()],
                vec!["dashboard".into(), "minikube".into(), "disabled".into(), "Kubernetes".into()],
                vec!["default-storageclass".into(), "minikube".into(), "enabled ✅".into(), "Kubernetes".into()],
                vec!["metrics-server".into(), "minikube".into(), state.into(), "Kubernetes".into()],
                vec!["storage-provisioner".into(), "minikube".into(), "enabled ✅".into(), "minikube".into()],
            ];
            Output::ok(box_table(&rows))
        }
        _ => Output::fail("Usage : minikube addons list | enable NOM | disable NOM\n"),
    }
}
