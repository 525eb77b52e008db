//! A command-line generator for fuzzing the shell and kubectl: real verbs,
//! flags, resource kinds and the names of live objects, mixed with garbage,
//! so that most lines reach kubectl's commands instead of dying in the
//! lexer. Shared by `tests/shell_fuzz.rs` (a fixed seed in CI) and
//! `examples/fuzz.rs` (a long run on demand).

#![allow(dead_code)]

use kube_atelier::shell::{Mode, Session};

/// A small seeded generator (xorshift64*), so a seed replays exactly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// kubectl verbs with flags each takes (some wrong on purpose).
const VERBS: &[(&str, &[&str])] = &[
    ("get", &["-o wide", "-o yaml", "-o json", "-o name", "--show-labels", "-A", "-l app=web", "-L app",
        "--sort-by=.metadata.name", "-o jsonpath={.items[*].metadata.name}", "-o jsonpath={.metadata.name}",
        "--field-selector=status.phase=Running", "-o custom-columns=N:.metadata.name,S:.status.phase",
        "--no-headers", "-l '!'", "-l 'app in (web,db)'", "-o go-template={{.metadata.name}}", "--watch=false"]),
    ("describe", &["-l app=web", "-A", ""]),
    ("delete", &["--grace-period=0 --force", "--now", "--wait=false", "-l app=web", "--all", "--dry-run=client",
        "--dry-run=server", "-l '!!!'", "--ignore-not-found"]),
    ("scale", &["--replicas=3", "--replicas=0", "--replicas=-1", "--replicas=100000", "--replicas=3 --dry-run=server",
        "--current-replicas=2 --replicas=1", "--replicas=x"]),
    ("label", &["a=b", "a-", "--overwrite app=x", "x=y --dry-run=client", "--all z=1", "'!'=x"]),
    ("annotate", &["note=hello", "note-", "--overwrite note=again", "kubernetes.io/change-cause='v2'"]),
    ("set image", &["*=nginx:1.27", "nginx=busybox", "nginx=nginx:doesnotexist", "web=nginx --dry-run=client"]),
    ("set env", &["A=1", "A-", "--list", "B=2 --dry-run=server"]),
    ("set resources", &["--limits=cpu=200m", "--requests=memory=1Gi", "--limits=cpu=x"]),
    ("rollout status", &["--timeout=5s", "--watch=false", ""]),
    ("rollout history", &["", "--revision=1", "--revision=9"]),
    ("rollout undo", &["", "--to-revision=1", "--dry-run=client", "--dry-run=server"]),
    ("rollout restart", &["", "--dry-run=server"]),
    ("rollout pause", &[""]),
    ("rollout resume", &[""]),
    ("logs", &["--tail=3", "-p", "--since=10s", "-c nginx", "--timestamps", "--all-containers", "-l app=web", "-f"]),
    ("exec", &["-- ls /", "-- sh -c 'exit 3'", "-- cat /etc/hostname", "-it -- sh", "-- env"]),
    ("expose", &["--port=80", "--type=NodePort --port=80", "--type=LoadBalancer --port=8080 --target-port=80",
        "--name=svc2 --port=81", "--port=0"]),
    ("edit", &["", "-o yaml"]),
    ("patch", &["-p '{\"spec\":{\"replicas\":2}}'", "--type=json -p '[{\"op\":\"remove\",\"path\":\"/metadata/labels\"}]'",
        "--type=merge -p '{\"metadata\":{\"labels\":{\"z\":\"1\"}}}'", "-p ''", "-p '[1'",
        "--type=json -p '[{\"op\":\"move\",\"from\":\"/metadata/labels\",\"path\":\"/metadata/annotations\"}]'"]),
    ("wait", &["--for=condition=Ready --timeout=3s", "--for=delete --timeout=2s", "--for=jsonpath='{.status.phase}'=Running --timeout=2s"]),
    ("top", &[""]),
    ("port-forward", &["8080:80", "0:80", ":80", "80"]),
    ("cordon", &["", "--dry-run=client"]),
    ("uncordon", &[""]),
];

/// Commands without a target.
const PLAIN: &[&str] = &[
    "kubectl get all", "kubectl get pods", "kubectl get events", "kubectl get nodes -o wide", "kubectl api-resources",
    "kubectl api-versions", "kubectl version", "kubectl cluster-info", "kubectl config view", "kubectl config get-contexts",
    "kubectl explain pods", "kubectl explain deploy.spec.strategy", "kubectl explain pods --recursive", "kubectl events",
    "kubectl top pods", "kubectl top nodes", "kubectl create deployment web --image=nginx --replicas=2",
    "kubectl create deployment db --image=redis", "kubectl create deployment bad --image=nginx:nope",
    "kubectl create service clusterip web --tcp=80:80", "kubectl create configmap cfg --from-literal=a=b",
    "kubectl create secret generic pw --from-literal=p=s", "kubectl create namespace dev", "kubectl create ns",
    "kubectl run web --image=nginx", "kubectl run once --image=busybox --restart=Never -- sleep 5",
    "kubectl run crash --image=busybox -- false", "kubectl run -it tmp --image=busybox --rm -- sh",
    "kubectl apply -f redis-pod.yaml", "kubectl apply -f vote-deploy.yaml", "kubectl apply -f .",
    "kubectl apply -f redis-pod.yaml,redis-service.yaml", "kubectl delete -f vote-deploy.yaml",
    "kubectl create -f redis-service.yaml", "kubectl replace -f redis-pod.yaml", "kubectl replace --force -f redis-pod.yaml",
    "kubectl get -f redis-pod.yaml", "cat vote-deploy.yaml | kubectl apply -f -", "kubectl apply -f m.yaml",
    "kubectl delete ns dev", "kubectl delete all --all", "kubectl get pods -w", "kubectl rollout status deploy/web",
    "kubectl config set-context --current --namespace=dev", "kubectl config set-context --current --namespace=default",
    "kubectl get pods | grep web", "kubectl get pods -o name | wc -l", "kubectl describe pod | grep -A3 Events",
    "echo $?", "sleep 2", "sleep 30", "ls", "cat redis-pod.yaml", "jobs", "kill %1", "history | tail -3",
    "curl localhost:8080", "minikube ip", "minikube service web --url", "date", "clear", "help",
];

const KINDS: &[&str] = &["pod", "deploy", "deployment", "svc", "service", "rs", "replicaset", "node", "ns", "cm", "secret",
    "ep", "pods", "deployments.apps", "po", "ev"];

/// Manifest fragments, glued into a file of sometimes-valid YAML.
const YAML_BITS: &[&str] = &[
    "apiVersion: v1", "apiVersion: apps/v1", "kind: Pod", "kind: Deployment", "kind: Service", "kind: ConfigMap",
    "kind: Foo", "metadata:", "  name: m", "  name: Web_1", "  labels:", "    app: web", "spec:", "  replicas: 2",
    "  replicas: two", "  replicas: 3000000000", "  selector:", "    matchLabels:", "      app: web", "  template:",
    "  containers:", "  - name: web", "    image: nginx", "    imagee: nginx", "    ports:", "    - containerPort: 80",
    "  ports:", "  - port: 80", "    targetPort: http", "  type: NodePort", "---", "--- x", "\t", "- : :",
    "key: [unclosed", "  nodePort: 99999", "  restartPolicy: Never", "status: {}", "{}", "null", "[]", "\u{feff}",
    "data:", "  k: v", "  k: w",
];

/// Garbage: what a slip of the keyboard or a paste from elsewhere adds.
const GARBAGE: &[&str] = &["'", "\"", "$(", "`", "|", "&&", ";", ">", "<<EOF", "\\", "{", "}", "é", "\u{0}", "--",
    "-", "=", "%", "$((1/0))", "*", "~", "&", "--foo", "-zz", "🙂"];

fn names(s: &Session, kind: &str) -> Vec<String> {
    let store = s.cluster.store();
    let mut out: Vec<String> = match kind {
        "pod" | "pods" | "po" => store.pods.iter().map(|p| p.metadata.name.clone()).collect(),
        "deploy" | "deployment" | "deployments.apps" => store.deployments.iter().map(|d| d.metadata.name.clone()).collect(),
        "svc" | "service" => store.services.iter().map(|d| d.metadata.name.clone()).collect(),
        "rs" | "replicaset" => store.replicasets.iter().map(|d| d.metadata.name.clone()).collect(),
        "node" => store.nodes.iter().map(|d| d.metadata.name.clone()).collect(),
        "ns" => store.namespaces.iter().map(|d| d.metadata.name.clone()).collect(),
        "cm" => store.configmaps.iter().map(|d| d.metadata.name.clone()).collect(),
        "secret" => store.secrets.iter().map(|d| d.metadata.name.clone()).collect(),
        _ => Vec::new(),
    };
    out.push("web".into());
    out.push("nope".into());
    out
}

/// One line: mostly a kubectl command aimed at a live object, sometimes a
/// plain command, sometimes broken by garbage.
pub fn line(rng: &mut Rng, s: &Session) -> String {
    let mut words: Vec<String> = if rng.chance(30) {
        vec![rng.pick(PLAIN).to_string()]
    } else {
        let (verb, flags) = VERBS[rng.below(VERBS.len())];
        let kind = match verb {
            "cordon" | "uncordon" => "node",
            "top" => rng.pick(&["pod", "node"]),
            "logs" | "exec" | "port-forward" => rng.pick(&["pod", "deploy", "svc"]),
            v if v.starts_with("set") || v.starts_with("rollout") || v == "scale" => rng.pick(&["deploy", "rs", "pod"]),
            _ => rng.pick(KINDS),
        };
        let all = names(s, kind);
        let name = all[rng.below(all.len())].clone();
        let target = match (verb, rng.below(3)) {
            ("logs" | "exec" | "port-forward" | "cordon" | "uncordon", _) if kind == "pod" || kind == "node" => name,
            (_, 0) => format!("{kind}/{name}"),
            (_, 1) => format!("{kind} {name}"),
            _ => kind.to_string(),
        };
        let mut w = vec!["kubectl".to_string(), verb.to_string(), target];
        for _ in 0..rng.below(3) {
            let f = rng.pick(flags);
            if !f.is_empty() {
                w.push(f.to_string());
            }
        }
        if rng.chance(10) {
            w.push(rng.pick(&["-n kube-system", "-n dev", "-A", "-n nope"]).to_string());
        }
        w
    };
    if rng.chance(12) {
        let at = rng.below(words.len() + 1);
        words.insert(at, rng.pick(GARBAGE).to_string());
    }
    if rng.chance(3) {
        let at = rng.below(words.len());
        words.remove(at);
    }
    words.join(" ")
}

/// A manifest of fragments (written to `m.yaml` from time to time).
pub fn manifest(rng: &mut Rng) -> String {
    let n = rng.below(25);
    (0..n).map(|_| rng.pick(YAML_BITS)).collect::<Vec<_>>().join("\n")
}

/// Brings the session back to its prompt whatever the line left open.
pub fn settle(s: &mut Session) {
    for _ in 0..4 {
        match s.mode() {
            Mode::Running => {
                s.run_until_quiet(30.0);
                if s.mode() == Mode::Running {
                    s.interrupt();
                }
            }
            Mode::More => {
                s.interrupt();
            }
            Mode::Attached => {
                s.input("ls / | head -1");
                s.input("exit");
            }
            Mode::Editing => {
                s.finish_edit(Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: edited\n"));
            }
            Mode::Ready => return,
        }
    }
}

/// What a line did wrong, if anything: a kubectl failure with no message,
/// or a session that no longer answers `kubectl get pods`.
pub fn check(s: &mut Session, line: &str) -> Option<String> {
    let reply = s.input(line);
    let out = reply.output;
    let silent = line.trim_start().starts_with("kubectl ") && !line.contains('|') && s.mode() == Mode::Ready && out.code != 0 && out.text().is_empty();
    settle(s);
    if silent {
        return Some(format!("kubectl failed silently: {line:?}"));
    }
    if s.mode() != Mode::Ready {
        let m = match s.mode() { Mode::Running => "running", Mode::More => "more", Mode::Attached => "attached", Mode::Editing => "editing", Mode::Ready => "ready" };
        return Some(format!("the prompt did not come back after {line:?} ({m})"));
    }
    let get = s.input("kubectl get pods -A --no-headers").output;
    if get.code != 0 {
        return Some(format!("kubectl get pods fails after {line:?}: {}", get.text()));
    }
    None
}
