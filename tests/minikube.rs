//! `minikube` as a learner types it: `ssh` (a shell on the node), `stop` and
//! `start` (kubectl failing as kubectl 1.32 fails when the node is off, then
//! the same cluster back, every container restarted once), `dashboard`.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::cluster::Time;
use kube_atelier::cluster::objects::Pod;
use kube_atelier::lessons::new_session;
use kube_atelier::shell::console::{Console, Key};
use kube_atelier::shell::{Mode, Session};

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

fn out(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.input(line).output;
    (o.stdout(), o.stderr(), o.code)
}

/// A session with redis and a NodePort `web` running for 30 s; the NodePort.
fn with_apps() -> (Session, String) {
    let mut s = new_session(1);
    run(&mut s, "kubectl apply -f redis-pod.yaml");
    run(&mut s, "kubectl create deployment web --image=nginx");
    run(&mut s, "kubectl expose deployment web --port=80 --type=NodePort");
    s.tick(30.0);
    let port = run(&mut s, "kubectl get svc web -o jsonpath={.spec.ports[0].nodePort}");
    (s, port)
}

const MANIFESTS: &str = "etcd.yaml  kube-apiserver.yaml  kube-controller-manager.yaml  kube-scheduler.yaml\n";

#[test]
fn ssh_opens_the_nodes_shell_until_exit() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, "minikube ssh"), "");
    assert_eq!(s.mode(), Mode::Attached);
    assert_eq!(s.prompt(), "docker@minikube:~$ ");
    assert_eq!(run(&mut s, "hostname"), "minikube\n");
    assert_eq!(run(&mut s, "whoami"), "docker\n");
    assert_eq!(run(&mut s, "sudo whoami"), "root\n");
    assert_eq!(
        run(&mut s, "uname -a"),
        "Linux minikube 6.8.0-49-generic #49~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Wed Nov  6 17:42:15 UTC 2 x86_64 x86_64 x86_64 GNU/Linux\n"
    );
    assert_eq!(run(&mut s, "ls /etc/kubernetes/manifests/"), MANIFESTS);
    assert_eq!(run(&mut s, "ls /etc/kubernetes/manifests"), MANIFESTS);
    assert_eq!(run(&mut s, "sudo ls /etc/kubernetes/manifests/"), MANIFESTS);
    assert_eq!(
        run(&mut s, "ls /etc/kubernetes"),
        "addons  admin.conf  controller-manager.conf  kubelet.conf  manifests  scheduler.conf\n"
    );
    // kubectl is not on the node's PATH: this is bash on the node, not the learner's shell.
    assert_eq!(out(&mut s, "kubectl get pods"), (String::new(), "-bash: kubectl: command not found\n".into(), 127));
    assert_eq!(run(&mut s, "cd /etc/kubernetes/manifests"), "");
    assert_eq!(s.prompt(), "docker@minikube:/etc/kubernetes/manifests$ ");
    assert_eq!(run(&mut s, "ls"), MANIFESTS);
    assert_eq!(run(&mut s, "cd"), "");
    assert_eq!(s.prompt(), "docker@minikube:~$ ");
    assert_eq!(out(&mut s, "exit"), ("logout\n".into(), String::new(), 0));
    assert_eq!(s.mode(), Mode::Ready);
    assert_eq!(s.prompt(), "$ ");
    assert_eq!(run(&mut s, "hostname"), "atelier\n");
}

#[test]
fn the_manifests_are_roots_and_look_like_kubeadms() {
    let mut s = new_session(1);
    run(&mut s, "minikube ssh");
    assert_eq!(
        out(&mut s, "cat /etc/kubernetes/manifests/kube-apiserver.yaml"),
        (String::new(), "cat: /etc/kubernetes/manifests/kube-apiserver.yaml: Permission denied\n".into(), 1)
    );
    let apiserver = run(&mut s, "sudo cat /etc/kubernetes/manifests/kube-apiserver.yaml");
    assert!(apiserver.starts_with(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 192.168.49.2:8443\n  creationTimestamp: null\n  labels:\n    component: kube-apiserver\n    tier: control-plane\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --advertise-address=192.168.49.2\n"
    ));
    for line in [
        "    - --secure-port=8443\n",
        "    - --service-cluster-ip-range=10.96.0.0/12\n",
        "    image: registry.k8s.io/kube-apiserver:v1.32.0\n",
    ] {
        assert!(apiserver.contains(line), "{line}");
    }
    assert!(apiserver.ends_with("  priorityClassName: system-node-critical\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\nstatus: {}\n"));
    assert!(
        run(&mut s, "sudo cat /etc/kubernetes/manifests/etcd.yaml")
            .contains("    image: registry.k8s.io/etcd:3.5.16-0\n")
    );
    // A pipe filters what the node printed.
    assert_eq!(
        run(&mut s, "sudo cat /etc/kubernetes/manifests/kube-scheduler.yaml | grep image:"),
        "    image: registry.k8s.io/kube-scheduler:v1.32.0\n"
    );
    assert_eq!(
        out(&mut s, "cat /etc/kubernetes/manifests/nope.yaml"),
        (String::new(), "cat: /etc/kubernetes/manifests/nope.yaml: No such file or directory\n".into(), 1)
    );
}

#[test]
fn leaving_after_a_failure_is_a_failed_ssh_session() {
    let mut s = new_session(1);
    run(&mut s, "minikube ssh");
    assert_eq!(out(&mut s, "nope"), (String::new(), "-bash: nope: command not found\n".into(), 127));
    assert_eq!(out(&mut s, "exit"), ("logout\n".into(), "ssh: Process exited with status 127\n".into(), 1));
    assert_eq!(run(&mut s, "echo $?"), "1\n");
    run(&mut s, "minikube ssh");
    assert_eq!(out(&mut s, "exit 3"), ("logout\n".into(), "ssh: Process exited with status 3\n".into(), 1));
    run(&mut s, "minikube ssh");
    assert_eq!(out(&mut s, "logout"), ("logout\n".into(), String::new(), 0));
    assert_eq!(run(&mut s, "echo $?"), "0\n");
}

#[test]
fn ssh_runs_one_command_and_comes_back() {
    let mut s = new_session(1);
    assert_eq!(out(&mut s, "minikube ssh -- hostname"), ("minikube\n".into(), String::new(), 0));
    assert_eq!(out(&mut s, "minikube ssh \"sudo ls /etc/kubernetes/manifests\""), (MANIFESTS.into(), String::new(), 0));
    assert_eq!(
        out(&mut s, "minikube ssh -- kubectl get pods"),
        (String::new(), "-bash: kubectl: command not found\nssh: Process exited with status 127\n".into(), 1)
    );
    assert_eq!(s.mode(), Mode::Ready);
    assert_eq!(
        out(&mut s, "minikube ssh -n minikube-m02"),
        (String::new(), "\n❌  Exiting due to GUEST_NODE_RETRIEVE: Node minikube-m02 does not exist.\n\n".into(), 85)
    );
}

#[test]
fn crictl_and_docker_list_the_nodes_containers() {
    let (mut s, _) = with_apps();
    let redis_id = run(&mut s, "kubectl get pod redis -o jsonpath={.status.containerStatuses[0].containerID}");
    let redis_id = redis_id.strip_prefix("docker://").unwrap().to_string();
    let uid = run(&mut s, "kubectl get pod redis -o jsonpath={.metadata.uid}");
    let pod = s.cluster.store().get::<Pod>("default", "redis").unwrap().clone();
    let started = pod.status.container_statuses[0].state.running.as_ref().unwrap().started_at.unwrap();
    let age = s.cluster.now().since(started) / 1000;
    run(&mut s, "minikube ssh");
    let crictl = run(&mut s, "sudo crictl ps");
    let lines: Vec<&str> = crictl.lines().collect();
    assert_eq!(
        lines[0],
        "CONTAINER           IMAGE               CREATED             STATE               NAME                      ATTEMPT             POD ID              POD                                NAMESPACE"
    );
    // 7 system containers and ours, newest first.
    assert_eq!(lines.len(), 10, "{crictl}");
    let redis = *lines.iter().find(|l| l.starts_with(&redis_id[..13])).unwrap();
    let image = &redis[20..33];
    let pod_id = &redis[126..139];
    assert!(image.chars().all(|c| c.is_ascii_hexdigit()), "{redis}");
    assert_eq!(
        redis,
        format!(
            "{:<20}{image:<20}{:<20}{:<20}{:<26}{:<20}{pod_id:<20}{:<35}default",
            &redis_id[..13],
            format!("{age} seconds ago"),
            "Running",
            "redis",
            "0",
            "redis"
        )
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" kube-apiserver ") && l.ends_with("kube-apiserver-minikube            kube-system"))
    );
    // Without sudo too: the docker user is in the docker group.
    assert_eq!(run(&mut s, "crictl ps"), crictl);

    let docker = run(&mut s, "docker ps");
    let lines: Vec<&str> = docker.lines().collect();
    assert_eq!(
        lines[0],
        "CONTAINER ID   IMAGE                        COMMAND                  CREATED          STATUS          PORTS     NAMES"
    );
    // Every pod's sandbox is a pause container too.
    assert_eq!(lines.len(), 1 + 2 * 9, "{docker}");
    let container = lines.iter().find(|l| l.starts_with(&redis_id[..12])).unwrap();
    assert_eq!(
        *container,
        format!(
            "{}   {:<29}\"docker-entrypoint.s…\"   {age} seconds ago   Up {age} seconds             k8s_redis_redis_default_{uid}_0",
            &redis_id[..12],
            &image[..12]
        )
    );
    let pause = lines.iter().find(|l| l.ends_with(&format!("k8s_POD_redis_default_{uid}_0"))).unwrap();
    assert!(
        pause.starts_with(&format!(
            "{}   registry.k8s.io/pause:3.10   \"/pause\"                 30 seconds ago",
            &pod_id[..12]
        )),
        "{pause}"
    );
    // The control plane's containers run what their manifests say; their names carry the config hash.
    let apiserver =
        lines.iter().find(|l| l.contains("k8s_kube-apiserver_kube-apiserver-minikube_kube-system_")).unwrap();
    assert!(
        apiserver.contains("   \"kube-apiserver --ad…\"   10 minutes ago   Up 10 minutes             k8s_"),
        "{apiserver}"
    );
}

#[test]
fn curl_on_the_node_reaches_node_ports() {
    let (mut s, port) = with_apps();
    let from_host = run(&mut s, &format!("curl 192.168.49.2:{port}"));
    assert!(from_host.contains("Welcome to nginx!"), "{from_host}");
    run(&mut s, "minikube ssh");
    assert_eq!(run(&mut s, &format!("curl localhost:{port}")), from_host);
    assert_eq!(run(&mut s, &format!("curl http://192.168.49.2:{port}/")), from_host);
    assert_eq!(
        out(&mut s, "curl localhost:8080"),
        (
            String::new(),
            "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused\n".into(),
            7
        )
    );
    // The node resolves with its own DNS, not the cluster's.
    assert_eq!(out(&mut s, "curl web"), (String::new(), "curl: (6) Could not resolve host: web\n".into(), 6));
}

/// klog's E-lines kubectl prints while discovery fails, `n` of them ~3 s apart.
fn discovery(now: Time, n: i64) -> String {
    (1..=n)
        .map(|i| {
            let (_, mo, d, h, mi, sec, _) = now.plus_millis(3070 * i).civil();
            let ms = now.plus_millis(3070 * i).0.rem_euclid(1000);
            format!(
                "E{mo:02}{d:02} {h:02}:{mi:02}:{sec:02}.{ms:03}000    4242 memcache.go:265] \"Unhandled Error\" err=\"couldn't get current server API group list: Get \\\"https://192.168.49.2:8443/api?timeout=32s\\\": dial tcp 192.168.49.2:8443: connect: no route to host\"\n"
            )
        })
        .collect()
}

const UNABLE: &str = "Unable to connect to the server: dial tcp 192.168.49.2:8443: connect: no route to host\n";

#[test]
fn stop_powers_the_node_off_and_kubectl_cannot_reach_it() {
    let (mut s, port) = with_apps();
    assert_eq!(
        out(&mut s, "minikube stop"),
        (
            "✋  Stopping node \"minikube\"  ...\n🛑  Powering off \"minikube\" via SSH ...\n🛑  1 node stopped.\n"
                .into(),
            String::new(),
            0
        )
    );
    assert_eq!(
        out(&mut s, "minikube status"),
        ("minikube\ntype: Control Plane\nhost: Stopped\nkubelet: Stopped\napiserver: Stopped\nkubeconfig: Stopped\n\n".into(), String::new(), 7)
    );
    let not_running = "🤷  The control-plane node minikube host is not running: state=Stopped\n👉  To start a cluster, run: \"minikube start\"\n";
    assert_eq!(out(&mut s, "minikube ip"), (not_running.into(), String::new(), 83));
    assert_eq!(out(&mut s, "minikube ssh"), (not_running.into(), String::new(), 83));
    let now = s.cluster.now();
    assert_eq!(out(&mut s, "kubectl get pods"), (String::new(), discovery(now, 5) + UNABLE, 1));
    assert_eq!(out(&mut s, "kubectl logs redis"), (String::new(), discovery(now, 4) + UNABLE, 1));
    assert_eq!(out(&mut s, "kubectl run x --image=nginx"), (String::new(), discovery(now, 1) + UNABLE, 1));
    assert_eq!(out(&mut s, "kubectl top pods"), (String::new(), UNABLE.into(), 1));
    // The course's own example (seed 000).
    let manifest = s.files.read("redis-pod.yaml").unwrap().to_string();
    s.files.write("redis-pod.yml", manifest).unwrap();
    assert_eq!(
        out(&mut s, "kubectl apply -f redis-pod.yml"),
        (String::new(), "error: error validating \"redis-pod.yml\": error validating data: failed to download openapi: Get \"https://192.168.49.2:8443/openapi/v2?timeout=32s\": dial tcp 192.168.49.2:8443: connect: no route to host; if you choose to ignore these errors, turn validation off with --validate=false\n".into(), 1)
    );
    assert_eq!(
        out(&mut s, "kubectl apply -f redis-pod.yml --validate=false"),
        (
            String::new(),
            discovery(now, 1)
                + "error: unable to recognize \"redis-pod.yml\": Get \"https://192.168.49.2:8443/api?timeout=32s\": dial tcp 192.168.49.2:8443: connect: no route to host\n",
            1
        )
    );
    assert_eq!(
        out(&mut s, "kubectl create deployment api --image=nginx"),
        (String::new(), "error: failed to create deployment: Post \"https://192.168.49.2:8443/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict\": dial tcp 192.168.49.2:8443: connect: no route to host\n".into(), 1)
    );
    let version = out(&mut s, "kubectl version");
    assert_eq!((version.0.starts_with("Client Version: v1.32."), version.1.as_str(), version.2), (true, UNABLE, 1));
    // What kubectl does without the server still works.
    assert_eq!(run(&mut s, "kubectl config current-context"), "minikube\n");
    assert_eq!(out(&mut s, "kubectl version --client").2, 0);
    assert_eq!(out(&mut s, "kubectl help").2, 0);
    assert_eq!(
        out(&mut s, "kubectl create deployment api --image=nginx --dry-run=client -o name"),
        ("deployment.apps/api\n".into(), String::new(), 0)
    );
    assert!(out(&mut s, "kubectl get").1.starts_with("You must specify the type of resource to get."));
    // The node's address does not answer the learner's curl either.
    assert_eq!(
        out(&mut s, &format!("curl 192.168.49.2:{port}")),
        (
            String::new(),
            format!(
                "curl: (7) Failed to connect to 192.168.49.2 port {port} after 3070 ms: Couldn't connect to server\n"
            ),
            7
        )
    );
    // Stopping again: the node is already off.
    assert_eq!(run(&mut s, "minikube stop"), "✋  Stopping node \"minikube\"  ...\n🛑  1 node stopped.\n");
}

#[test]
fn while_stopped_the_clock_runs_but_nothing_reconciles() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=2");
    run(&mut s, "minikube stop");
    let before = s.cluster.now();
    s.tick(60.0);
    assert_eq!(s.cluster.now(), before.plus_secs(60.0));
    assert!(s.cluster.next_activity().is_none());
    let phases: Vec<String> = s
        .cluster
        .store()
        .pods
        .iter()
        .filter(|p| p.metadata.namespace == "default")
        .map(|p| p.status.phase.clone())
        .collect();
    assert_eq!(phases.len(), 2);
    assert!(phases.iter().all(|p| p.is_empty() || p == "Pending"), "{phases:?}");
    run(&mut s, "minikube start");
    assert_eq!(run(&mut s, "kubectl get deploy web -o jsonpath={.status.readyReplicas}"), "2");
}

#[test]
fn start_brings_the_same_cluster_back_with_its_containers_restarted() {
    let (mut s, port) = with_apps();
    let objects = run(&mut s, "kubectl get deploy,svc,pods -o name");
    run(&mut s, "minikube stop");
    s.tick(120.0);
    assert_eq!(
        out(&mut s, "minikube start"),
        (
            "😄  minikube v1.35.0\n✨  Using the docker driver based on existing profile\n👍  Starting \"minikube\" primary control-plane node in \"minikube\" cluster\n🚜  Pulling base image v0.0.46 ...\n🔄  Restarting existing docker container for \"minikube\" ...\n🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n🔎  Verifying Kubernetes components...\n    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5\n🌟  Enabled addons: default-storageclass, storage-provisioner\n🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n".into(),
            String::new(),
            0
        )
    );
    assert_eq!(
        run(&mut s, "minikube status"),
        "minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n"
    );
    assert_eq!(run(&mut s, "kubectl get deploy,svc,pods -o name"), objects);
    // Every container ran again, once more: ours and the control plane's.
    assert_eq!(
        run(&mut s, "kubectl get pods -A -o jsonpath={.items[*].status.containerStatuses[0].restartCount}"),
        "1 1 1 1 1 1 1 1 1"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods -A -o jsonpath={.items[*].status.containerStatuses[0].ready}"),
        "true true true true true true true true true"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get pod redis -o jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}/{.status.containerStatuses[0].lastState.terminated.reason}"
        ),
        "255/Error"
    );
    let get = run(&mut s, "kubectl get pod redis");
    assert!(get.lines().nth(1).unwrap().starts_with("redis   1/1     Running   1 (2m20s ago)   2m50s"), "{get}");
    // The NodePort answers again, through the new pod IPs.
    assert!(run(&mut s, &format!("curl 192.168.49.2:{port}")).contains("Welcome to nginx!"));
    // The runtime counts the attempts too.
    run(&mut s, "minikube ssh");
    let crictl = run(&mut s, "sudo crictl ps");
    assert!(crictl.lines().skip(1).all(|l| l[106..126].trim() == "1"), "{crictl}");
    assert!(run(&mut s, "docker ps").contains("k8s_POD_redis_default_"));
    assert!(run(&mut s, "docker ps").lines().filter(|l| l.contains("k8s_POD_")).all(|l| l.ends_with("_1")));
}

#[test]
fn dashboard_points_to_the_cluster_pane() {
    let mut s = new_session(1);
    let o = s.input("minikube dashboard").output;
    assert_eq!(o.stdout(), "🔌  Enabling dashboard ...\n");
    assert_eq!(
        o.text(),
        "🔌  Enabling dashboard ...\nDans l’atelier, le tableau de bord, c’est le volet «\u{a0}Cluster\u{a0}» de la page, à côté de la console\u{a0}: il montre en direct les nœuds, les pods, les services et les déploiements.\n"
    );
    assert_eq!(o.code, 0);
}

#[test]
fn the_node_shell_and_a_stop_survive_a_replay() {
    let mut c = Console::recording(new_session(1), 1, new_session);
    for line in ["minikube ssh", "cd /etc/kubernetes", "hostname"] {
        c.key(Key::Paste(line.to_string()));
        c.key(Key::Enter);
    }
    c.key(Key::CtrlC);
    assert_eq!(c.prompt(), "docker@minikube:/etc/kubernetes$ ");
    let replayed = Console::replay(&c.journal(), new_session);
    assert_eq!(replayed.prompt(), "docker@minikube:/etc/kubernetes$ ");
    assert_eq!(
        replayed.lines().map(|l| l.text.clone()).collect::<Vec<_>>(),
        c.lines().map(|l| l.text.clone()).collect::<Vec<_>>()
    );
    for line in ["exit", "minikube stop"] {
        c.key(Key::Paste(line.to_string()));
        c.key(Key::Enter);
    }
    assert!(c.lines().any(|l| l.text == "ssh: Process exited with status 130"));
    let replayed = Console::replay(&c.journal(), new_session);
    assert!(replayed.session.cluster.stopped());
    assert_eq!(replayed.prompt(), "$ ");
}

#[test]
fn tab_completes_minikube_subcommands() {
    let s = new_session(1);
    let c = kube_atelier::shell::complete::complete(&s, "minikube s", 10);
    assert_eq!(c.candidates, ["service", "ssh", "start", "status", "stop"]);
    let c = kube_atelier::shell::complete::complete(&s, "minikube d", 10);
    assert_eq!(c.candidates, ["dashboard", "delete"]);
}

#[test]
fn the_picture_and_the_time_controls_keep_working_while_stopped() {
    let mut c = Console::recording(new_session(1), 1, new_session);
    for line in ["kubectl create deployment web --image=nginx", "minikube stop", "pause", "avancer 5s", "reprendre"] {
        c.key(Key::Paste(line.to_string()));
        c.key(Key::Enter);
    }
    c.tick(3.0);
    assert!(c.still(), "nothing is due while the node is off");
    let picture = kube_atelier::kubectl::picture::picture(&c.session.cluster, None);
    assert_eq!(picture.chips().filter(|p| p.namespace == "default").count(), 1);
    let before = kube_atelier::kubectl::picture::stamp(&c.session.cluster);
    c.tick(10.0);
    assert_ne!(kube_atelier::kubectl::picture::stamp(&c.session.cluster), before, "the clock runs");
    c.key(Key::Paste("minikube start".to_string()));
    c.key(Key::Enter);
    let picture = kube_atelier::kubectl::picture::picture(&c.session.cluster, None);
    assert!(picture.chips().all(|p| p.status == "Running"), "{picture:#?}");
}

/// `minikube delete` removes the cluster and minikube's kubeconfig entries
/// (kubectl then falls back to client-go's localhost:8080, as on a machine
/// without a cluster); `minikube start --nodes 3` creates a new one whose
/// clock goes on from the old one's; the learner's files stay.
#[test]
fn delete_then_start_makes_a_new_cluster_of_n_nodes() {
    let (mut s, _) = with_apps();
    let before = s.cluster.now();
    let (text, _, code) = out(&mut s, "minikube delete");
    assert_eq!(
        (text.as_str(), code),
        (
            "🔥  Deleting \"minikube\" in docker ...\n🔥  Deleting container \"minikube\" ...\n🔥  Removing /home/atelier/.minikube/machines/minikube ...\n💀  Removed all traces of the \"minikube\" cluster.\n",
            0
        )
    );
    let (stdout, stderr, code) = out(&mut s, "kubectl get pods");
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(
        stderr.contains(
            "Get \\\"http://localhost:8080/api?timeout=32s\\\": dial tcp 127.0.0.1:8080: connect: connection refused"
        ),
        "{stderr}"
    );
    assert!(stderr.ends_with(
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"
    ));
    assert_eq!(out(&mut s, "kubectl config current-context").1, "error: current-context is not set\n");
    assert_eq!(out(&mut s, "kubectl config get-contexts").0, "CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n");
    let (text, _, code) = out(&mut s, "minikube status");
    assert_eq!(code, 85);
    assert!(text.starts_with("🤷  Profile \"minikube\" not found."), "{text}");
    assert_eq!(out(&mut s, "minikube ip").2, 85);
    assert_eq!(
        run(&mut s, "minikube delete"),
        "🙄  \"minikube\" profile does not exist, trying anyways.\n💀  Removed all traces of the \"minikube\" cluster.\n"
    );

    let text = run(&mut s, "minikube start --nodes 3");
    assert!(text.contains("🔗  Configuring CNI (Container Networking Interface) ...\n"), "{text}");
    assert!(text.contains("👍  Starting \"minikube-m03\" worker node in \"minikube\" cluster\n"));
    assert!(text.contains("    ▪ NO_PROXY=192.168.49.2,192.168.49.3\n"));
    assert!(text.ends_with(
        "🏄  Done! kubectl is now configured to use \"minikube\" cluster and \"default\" namespace by default\n"
    ));
    assert!(s.cluster.now() > before, "the clock goes on");
    assert_eq!(run(&mut s, "kubectl config current-context"), "minikube\n");
    let nodes = run(&mut s, "kubectl get nodes");
    assert_eq!(
        nodes,
        "NAME           STATUS   ROLES           AGE   VERSION\n\
         minikube       Ready    control-plane   45s   v1.32.0\n\
         minikube-m02   Ready    <none>          45s   v1.32.0\n\
         minikube-m03   Ready    <none>          45s   v1.32.0\n"
    );
    // A new cluster: the old objects are gone, the files are not.
    assert_eq!(out(&mut s, "kubectl get deployments").1, "No resources found in default namespace.\n");
    assert!(run(&mut s, "ls").contains("redis-pod.yaml"));
    assert_eq!(run(&mut s, "kubectl get pods -n kube-system -l k8s-app=kube-proxy --no-headers | wc -l"), "3\n");
    assert_eq!(
        out(&mut s, "minikube start --nodes=x").1,
        "Error: invalid argument \"x\" for \"-n, --nodes\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n"
    );
}

#[test]
fn a_deleted_and_recreated_cluster_survives_a_replay() {
    let mut c = Console::recording(new_session(1), 1, new_session);
    for line in [
        "kubectl create deployment web --image=nginx",
        "minikube delete",
        "minikube start -n 2",
        "kubectl create deployment api --image=nginx --replicas=4",
    ] {
        c.key(Key::Paste(line.to_string()));
        c.key(Key::Enter);
    }
    c.session.tick(30.0);
    let replayed = Console::replay(&c.journal(), new_session);
    let pods = |s: &Session| {
        let mut names: Vec<(String, String)> = s
            .cluster
            .store()
            .pods
            .iter()
            .map(|p: &std::sync::Arc<Pod>| (p.metadata.name.clone(), p.spec.node_name.clone()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(pods(&replayed.session), pods(&c.session));
    assert_eq!(replayed.session.cluster.store().nodes.len(), 2);
    assert!(pods(&c.session).iter().all(|(n, _)| !n.starts_with("web-")));
}
