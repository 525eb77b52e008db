//! Tab completion, as bash-completion for kubectl offers it: commands,
//! subcommands, flags, resource types, object names from the live cluster,
//! namespaces and file names.

use crate::cluster::Kind;
use crate::kubectl::flags::{Flag, GLOBAL};
use crate::kubectl::{self, resources};

use super::Session;
use super::builtins::BUILTINS;

/// What can replace the word under the cursor: where it starts, and the
/// candidates (sorted, without duplicates). Directories end with `/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

impl Completion {
    /// The longest prefix all candidates share (what a first Tab inserts).
    pub fn common_prefix(&self) -> String {
        let Some(first) = self.candidates.first() else { return String::new() };
        let mut prefix: String = first.clone();
        for c in &self.candidates[1..] {
            let n = prefix.chars().zip(c.chars()).take_while(|(a, b)| a == b).count();
            prefix = prefix.chars().take(n).collect();
        }
        prefix
    }
}

fn flags_of(command: &str) -> &'static [Flag] {
    use crate::kubectl::*;
    match command {
        "get" => get::FLAGS,
        "describe" => describe::FLAGS,
        "apply" => apply::APPLY_FLAGS,
        "create" => apply::CREATE_FILE_FLAGS,
        "delete" => delete::FLAGS,
        "logs" => logs::LOGS_FLAGS,
        "exec" => logs::EXEC_FLAGS,
        "attach" => logs::ATTACH_FLAGS,
        "run" => run::RUN_FLAGS,
        "expose" => run::EXPOSE_FLAGS,
        "scale" => scale::SCALE_FLAGS,
        "set" => scale::SET_FLAGS,
        "rollout" => rollout::FLAGS,
        "label" | "annotate" => label::FLAGS,
        "edit" => edit::FLAGS,
        "patch" => patch::PATCH_FLAGS,
        "wait" => watch::WAIT_FLAGS,
        _ => &[],
    }
}

const TYPES: &[&str] = &[
    "pods",
    "services",
    "deployments",
    "replicasets",
    "nodes",
    "namespaces",
    "endpoints",
    "events",
    "configmaps",
    "secrets",
    "jobs",
    "cronjobs",
    "ingresses",
    "ingressclasses",
    "persistentvolumeclaims",
    "persistentvolumes",
    "storageclasses",
    "statefulsets",
    "daemonsets",
    "horizontalpodautoscalers",
    "all",
    "po",
    "svc",
    "deploy",
    "rs",
    "no",
    "ns",
    "ep",
    "ev",
    "cm",
    "cj",
    "ing",
    "pvc",
    "pv",
    "sc",
    "sts",
    "ds",
    "hpa",
];

fn subcommands(command: &str) -> &'static [&'static str] {
    match command {
        "rollout" => &["history", "pause", "restart", "resume", "status", "undo"],
        "create" => &["configmap", "cronjob", "deployment", "ingress", "job", "namespace", "secret", "service"],
        "set" => &["env", "image", "resources"],
        "config" => &["current-context", "get-contexts", "set-context", "use-context", "view"],
        "top" => &["node", "pod"],
        _ => &[],
    }
}

/// Completes `line` at byte offset `cursor`.
pub fn complete(session: &Session, line: &str, cursor: usize) -> Completion {
    let cursor = cursor.min(line.len());
    let before = &line[..cursor];
    // The current pipeline stage: after the last `|`, `;` or `&&`.
    let stage_start = before.rfind(['|', ';', '&']).map_or(0, |i| i + 1);
    let stage = &before[stage_start..];
    let start = before.rfind([' ', '\t']).map_or(stage_start, |i| (i + 1).max(stage_start));
    let word = &before[start..];
    let words: Vec<&str> = stage.split_whitespace().collect();
    let previous: Vec<&str> =
        if word.is_empty() { words.clone() } else { words[..words.len().saturating_sub(1)].to_vec() };
    let mut candidates: Vec<String> = match previous.first().copied() {
        None => {
            let mut c: Vec<String> = BUILTINS.iter().map(|s| s.to_string()).collect();
            c.extend(["kubectl", "k", "minikube"].iter().map(|s| s.to_string()));
            c
        }
        Some("kubectl" | "k") => kubectl_words(session, &previous[1..], word),
        Some("minikube") => match previous.get(1) {
            None => [
                "addons", "dashboard", "delete", "ip", "node", "service", "ssh", "start", "status", "stop", "tunnel",
                "version",
            ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            Some(&"service") => names(session, Kind::Service, &session.config.namespace()),
            Some(&"addons") if previous.len() == 2 => {
                ["disable", "enable", "list"].iter().map(|s| s.to_string()).collect()
            }
            Some(&"addons") => vec!["metrics-server".into()],
            _ => vec![],
        },
        Some("cd") => files(session, word, true),
        Some(_) => files(session, word, false),
    };
    candidates.retain(|c| c.starts_with(word));
    crate::sort::sort(&mut candidates);
    candidates.dedup();
    Completion { start, candidates }
}

fn kubectl_words(session: &Session, args: &[&str], word: &str) -> Vec<String> {
    let Some(command) = args.iter().find(|a| !a.starts_with('-')).copied() else {
        return kubectl::COMMANDS.iter().map(|s| s.to_string()).collect();
    };
    let last = args.last().copied().unwrap_or("");
    // The value of the flag before the cursor.
    match last {
        "-n" | "--namespace" => return names(session, Kind::Namespace, ""),
        "-f" | "--filename" => return files(session, word, false),
        "-o" | "--output" => {
            return ["custom-columns=", "go-template=", "json", "jsonpath=", "name", "wide", "yaml"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        }
        _ => {}
    }
    if word.starts_with('-') {
        return flags_of(command)
            .iter()
            .chain(GLOBAL)
            .flat_map(|f| {
                let mut v = vec![format!("--{}", f.long)];
                if let Some(s) = f.short {
                    v.push(format!("-{s}"));
                }
                v
            })
            .collect();
    }
    let ns = namespace_in(args).unwrap_or_else(|| session.config.namespace());
    let positional: Vec<&str> = {
        let mut v = Vec::new();
        let mut skip = false;
        for a in args.iter().skip_while(|a| **a != command).skip(1) {
            if skip {
                skip = false;
                continue;
            }
            if matches!(
                *a,
                "-n" | "--namespace"
                    | "-f"
                    | "--filename"
                    | "-o"
                    | "--output"
                    | "-l"
                    | "-c"
                    | "--selector"
                    | "--container"
            ) {
                skip = true;
                continue;
            }
            if !a.starts_with('-') {
                v.push(*a);
            }
        }
        v
    };
    let subs = subcommands(command);
    if !subs.is_empty() && positional.is_empty() {
        return subs.iter().map(|s| s.to_string()).collect();
    }
    let positional: &[&str] = if subs.is_empty() { &positional } else { &positional[1..] };
    // `TYPE/partial`: names of that type.
    if let Some((ty, _)) = word.split_once('/') {
        return match resources::resolve(ty) {
            Some(k) => names(session, k, &ns).into_iter().map(|n| format!("{ty}/{n}")).collect(),
            None => vec![],
        };
    }
    match command {
        "logs" | "exec" | "port-forward" | "attach" | "debug" => names(session, Kind::Pod, &ns),
        "get" | "describe" | "delete" | "edit" | "label" | "annotate" | "patch" | "scale" | "expose" | "wait"
        | "rollout" | "set" => match positional.first() {
            None => TYPES.iter().map(|s| s.to_string()).collect(),
            Some(ty) if !ty.contains('/') => {
                let kinds: Vec<Kind> = ty.split(',').filter_map(resources::resolve).collect();
                kinds.into_iter().flat_map(|k| names(session, k, &ns)).collect()
            }
            Some(_) => vec![],
        },
        "top" => names(session, Kind::Pod, &ns),
        // autoscale.go's ValidArgsFunction: its four types, then their names.
        "autoscale" => match positional.first() {
            None => ["deployment", "replicaset", "replicationcontroller", "statefulset"].map(String::from).to_vec(),
            Some(ty) => resources::resolve(ty).map_or(vec![], |k| names(session, k, &ns)),
        },
        "explain" => TYPES.iter().map(|s| s.to_string()).collect(),
        "cordon" | "uncordon" => names(session, Kind::Node, ""),
        _ => vec![],
    }
}

fn namespace_in(args: &[&str]) -> Option<String> {
    args.windows(2).find(|w| w[0] == "-n" || w[0] == "--namespace").map(|w| w[1].to_string()).or_else(|| {
        args.iter().find_map(|a| a.strip_prefix("--namespace=").or_else(|| a.strip_prefix("-n=")).map(String::from))
    })
}

fn names(session: &Session, kind: Kind, ns: &str) -> Vec<String> {
    let scope = if kind.namespaced() { Some(ns) } else { None };
    session.cluster.store().objects(kind, scope).iter().map(|o| o.meta().name.clone()).collect()
}

/// File names under the directory part of `word` (directories end with `/`).
fn files(session: &Session, word: &str, dirs_only: bool) -> Vec<String> {
    let (dir, base) = match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let listing = session.files.list(if dir.is_empty() { "." } else { dir }).unwrap_or_default();
    listing
        .into_iter()
        // Hidden files (`.kube/`) when the word asks for them.
        .filter(|(name, is_dir)| (*is_dir || !dirs_only) && (!name.starts_with('.') || base.starts_with('.')))
        .map(|(name, is_dir)| format!("{dir}{name}{}", if is_dir { "/" } else { "" }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_commands_types_live_names_and_files() {
        let mut s = Session::new(1, 0);
        s.input("kubectl run web --image=nginx");
        s.files.write("web.yaml", "").unwrap();
        s.files.mkdir_all("k8s");
        assert_eq!(complete(&s, "kub", 3).candidates, ["kubectl"]);
        assert_eq!(complete(&s, "kubectl ro", 10).candidates, ["rollout"]);
        assert_eq!(complete(&s, "kubectl get po", 14).candidates, ["po", "pods"]);
        let c = complete(&s, "kubectl logs w", 14);
        assert_eq!((c.start, c.candidates), (13, vec!["web".to_string()]));
        assert_eq!(complete(&s, "kubectl describe pod/", 21).candidates, ["pod/web"]);
        assert_eq!(complete(&s, "kubectl apply -f ", 17).candidates, ["k8s/", "web.yaml"]);
        assert_eq!(complete(&s, "kubectl get pods -n kube-p", 26).candidates, ["kube-public"]);
        assert_eq!(complete(&s, "kubectl get pods --show-l", 25).candidates, ["--show-labels"]);
        assert_eq!(complete(&s, "cat w", 5).candidates, ["web.yaml"]);
        assert_eq!(complete(&s, "kubectl get pods | gr", 21).candidates, ["grep"]);
        let many = complete(&s, "kubectl get pods -n kube", 24);
        assert_eq!(many.common_prefix(), "kube-");
    }
}
