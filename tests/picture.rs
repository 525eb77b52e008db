//! The cluster picture's view model (`kubectl::picture`), driven by typed
//! commands as a learner would. Every picture is also checked against what
//! `kubectl get pods -A` prints at the same instant: a chip never says
//! something else than kubectl.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::kubectl::picture::{
    CROWDED, DeploymentGroup, Endpoint, Picture, PodChip, RsGroup, Status, namespaces, picture, stamp,
};
use kube_atelier::shell::Session;

/// Runs a line and insists it worked.
fn sh(s: &mut Session, line: &str) -> String {
    let text = s.input(line).output.text();
    assert_eq!(s.last_code(), 0, "{line}\n{text}");
    text
}

/// `picture(.., namespace)`, after checking each chip against kubectl's
/// NAMESPACE, NAME, READY and STATUS cells (and that none is missing).
fn pic(s: &mut Session, namespace: Option<&str>) -> Picture {
    let p = picture(&s.cluster, namespace);
    let table = sh(s, "kubectl get pods -A --no-headers");
    let mut rows: Vec<Vec<String>> = table
        .lines()
        .map(|l| l.split_whitespace().take(4).map(String::from).collect::<Vec<_>>())
        .filter(|cells| namespace.is_none_or(|ns| cells[0] == ns))
        .collect();
    rows.sort();
    let mut chips: Vec<Vec<String>> = p
        .chips()
        .map(|c| vec![c.namespace.clone(), c.name.clone(), format!("{}/{}", c.ready.0, c.ready.1), c.status.clone()])
        .collect();
    chips.sort();
    assert_eq!(chips, rows, "the chips are what kubectl get pods shows");
    for chip in p.chips() {
        assert_eq!(chip.kind, Status::of(&chip.status));
    }
    p
}

fn chip<'a>(p: &'a Picture, namespace: &str, name: &str) -> &'a PodChip {
    p.pod(namespace, name).unwrap_or_else(|| panic!("no chip {namespace}/{name} in {p:#?}"))
}

fn names(chips: &[PodChip]) -> Vec<&str> {
    chips.iter().map(|c| c.name.as_str()).collect()
}

fn deployment<'a>(p: &'a Picture, name: &str) -> &'a DeploymentGroup {
    p.deployments.iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no deployment {name} in {p:#?}"))
}

/// The NAME column of a kubectl table (`kubectl get pods -o name` without `pod/`).
fn listed(s: &mut Session, line: &str) -> Vec<String> {
    sh(s, line).lines().map(|l| l.rsplit('/').next().unwrap_or(l).to_string()).collect()
}

/// (status, ready, revision, image tag, short name) of a chip: what a
/// rollout changes.
fn summary(c: &PodChip) -> (&str, (usize, usize), Option<&str>, &str, &str) {
    (c.status.as_str(), c.ready, c.revision.as_deref(), c.image_tag.as_str(), c.short_name.as_str())
}

#[test]
fn a_fresh_cluster_is_one_node_with_the_system_pods() {
    let mut s = Session::new(1, 0);
    let all = pic(&mut s, None);

    assert_eq!(all.nodes.len(), 1);
    let node = &all.nodes[0];
    assert_eq!(
        (node.name.as_str(), node.status.as_str(), node.ready, node.roles.as_str(), node.ip.as_str()),
        ("minikube", "Ready", true, "control-plane", "192.168.49.2")
    );
    let system = listed(&mut s, "kubectl get pods -n kube-system -o name");
    assert_eq!(names(&node.pods), system);
    assert_eq!(system.len(), 7);
    assert!(node.pods.iter().all(|c| c.namespace == "kube-system" && c.status == "Running" && c.ready == (1, 1)));
    assert_eq!(node.counts, [(Status::Running, 7)]);
    assert!(!node.crowded);
    assert!(all.pending.is_empty());
    assert_eq!(all.counts, [(Status::Running, 7)]);

    // Who owns what: a static pod its node, kube-proxy its DaemonSet, coredns
    // its ReplicaSet (revision 1); storage-provisioner nothing.
    let owner = |name: &str| chip(&all, "kube-system", name).owner.clone();
    assert_eq!(owner("etcd-minikube"), Some(("Node".into(), "minikube".into())));
    assert_eq!(owner("storage-provisioner"), None);
    let proxy = node.pods.iter().find(|c| c.name.starts_with("kube-proxy-")).expect("kube-proxy");
    assert_eq!(proxy.owner, Some(("DaemonSet".into(), "kube-proxy".into())));
    assert_eq!(proxy.short_name, proxy.name, "no template hash to drop");
    let dns = node.pods.iter().find(|c| c.name.starts_with("coredns-")).expect("coredns");
    let rs = listed(&mut s, "kubectl get rs -n kube-system -o name");
    assert_eq!(rs.len(), 1);
    assert_eq!(dns.owner, Some(("ReplicaSet".into(), rs[0].clone())));
    assert_eq!(dns.revision.as_deref(), Some("1"));
    assert_eq!(dns.image_tag, "v1.11.3");
    assert_eq!(dns.ip.as_deref(), Some("10.244.0.2"));
    assert_eq!(dns.short_name, format!("coredns-…{}", &dns.name[dns.name.len() - 5..]));
    assert_eq!(chip(&all, "kube-system", "etcd-minikube").ip.as_deref(), Some("192.168.49.2"), "host network");

    let services: Vec<(&str, &str, &str, &str)> = all
        .services
        .iter()
        .map(|s| (s.namespace.as_str(), s.name.as_str(), s.type_.as_str(), s.entry.as_str()))
        .collect();
    assert_eq!(
        services,
        [
            ("default", "kubernetes", "ClusterIP", "10.96.0.1:443"),
            ("kube-system", "kube-dns", "ClusterIP", "10.96.0.10:53")
        ]
    );
    // The API server is no pod: an address without a line to a chip.
    assert_eq!(all.services[0].endpoints, [Endpoint { pod: None, ip: "192.168.49.2".into(), ready: true }]);
    // kube-dns lists coredns once per port set (53/UDP, 53/TCP, 9153/TCP): one line.
    assert_eq!(all.services[1].ports, "53/UDP,53/TCP,9153/TCP");
    assert_eq!(
        all.services[1].endpoints,
        [Endpoint { pod: Some(dns.name.clone()), ip: "10.244.0.2".into(), ready: true }]
    );

    assert_eq!(all.deployments.len(), 1);
    let coredns = &all.deployments[0];
    assert_eq!(
        (coredns.name.as_str(), coredns.desired, coredns.ready, coredns.revision.as_deref()),
        ("coredns", 1, 1, Some("1"))
    );
    assert_eq!(
        coredns.replicasets,
        [RsGroup {
            name: rs[0].clone(),
            namespace: "kube-system".into(),
            revision: Some("1".into()),
            image: "registry.k8s.io/coredns/coredns:v1.11.3".into(),
            desired: 1,
            current: 1,
            ready: 1,
            pods: vec![dns.name.clone()],
            old: false,
        }]
    );
    assert!(all.replicasets.is_empty());

    // `default` holds nothing yet, but the node is still drawn.
    let default = pic(&mut s, Some("default"));
    assert_eq!(default.nodes.len(), 1);
    assert!(default.nodes[0].pods.is_empty());
    assert!(default.nodes[0].counts.is_empty());
    assert_eq!(default.services.len(), 1);
    assert!(default.deployments.is_empty());
    assert!(default.counts.is_empty());
    assert_eq!(namespaces(&s.cluster), ["default", "kube-node-lease", "kube-public", "kube-system"]);
}

#[test]
fn a_deployment_of_three_is_three_running_chips_and_one_replicaset() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl create deployment web --image=nginx --replicas=3");
    s.tick(30.0);
    let p = pic(&mut s, Some("default"));

    let pods = listed(&mut s, "kubectl get pods -o name");
    let rs = listed(&mut s, "kubectl get rs -o name");
    assert_eq!(rs.len(), 1);
    let hash = rs[0].strip_prefix("web-").expect("web-<hash>");
    assert_eq!(p.nodes.len(), 1);
    let node = &p.nodes[0];
    assert_eq!(names(&node.pods), pods);
    assert_eq!(pods.len(), 3);
    for c in &node.pods {
        let suffix = c.name.strip_prefix(&format!("web-{hash}-")).expect("web-<hash>-<suffix>");
        assert_eq!(summary(c), ("Running", (1, 1), Some("1"), "latest", format!("web-…{suffix}").as_str()));
        assert_eq!((c.kind, c.restarts, c.deleting), (Status::Running, 0, false));
        assert_eq!(c.node.as_deref(), Some("minikube"));
        assert_eq!(c.owner, Some(("ReplicaSet".into(), rs[0].clone())));
        assert_eq!(c.labels.get("app").map(String::as_str), Some("web"));
        assert_eq!(c.labels.get("pod-template-hash").map(String::as_str), Some(hash));
        assert!(c.ip.as_deref().is_some_and(|ip| ip.starts_with("10.244.0.")));
        assert!(c.is_ready());
    }
    assert_eq!(node.counts, [(Status::Running, 3)]);
    assert_eq!(p.counts, [(Status::Running, 3)]);

    assert_eq!(p.deployments.len(), 1);
    let d = &p.deployments[0];
    assert_eq!((d.desired, d.ready, d.updated, d.available, d.revision.as_deref()), (3, 3, 3, 3, Some("1")));
    assert_eq!(
        d.replicasets,
        [RsGroup {
            name: rs[0].clone(),
            namespace: "default".into(),
            revision: Some("1".into()),
            image: "nginx".into(),
            desired: 3,
            current: 3,
            ready: 3,
            pods: pods.clone(),
            old: false,
        }]
    );

    // All namespaces: the system pods come first (by namespace, then name).
    let all = pic(&mut s, None);
    let namespaces: Vec<&str> = all.nodes[0].pods.iter().map(|c| c.namespace.as_str()).collect();
    assert_eq!(namespaces, [["default"; 3].as_slice(), &["kube-system"; 7]].concat());
    assert_eq!(all.counts, [(Status::Running, 10)]);
    assert_eq!(all.deployments.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["web", "coredns"]);
}

#[test]
fn a_rollout_shows_the_old_and_the_new_replicaset() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl create deployment web --image=nginx --replicas=3");
    s.tick(30.0);
    let old_pods = listed(&mut s, "kubectl get pods -o name");
    let old_rs = listed(&mut s, "kubectl get rs -o name")[0].clone();
    sh(&mut s, "kubectl set image deployment/web nginx=nginx:1.27");
    s.tick(1.0);

    // maxSurge 25% of 3 rounds up to one new pod; maxUnavailable rounds down to 0.
    let p = pic(&mut s, Some("default"));
    let d = deployment(&p, "web");
    assert_eq!(d.revision.as_deref(), Some("2"));
    assert_eq!(d.replicasets.len(), 2);
    let (new, old) = (&d.replicasets[0], &d.replicasets[1]);
    assert_eq!(
        (new.revision.as_deref(), new.image.as_str(), new.desired, new.current, new.ready, new.old),
        (Some("2"), "nginx:1.27", 1, 1, 0, false)
    );
    assert_eq!(
        (old.name.as_str(), old.revision.as_deref(), old.image.as_str(), old.desired, old.current, old.ready, old.old),
        (old_rs.as_str(), Some("1"), "nginx", 3, 3, 3, true)
    );
    assert_eq!(old.pods, old_pods);
    assert_eq!(new.pods.len(), 1);
    let starting = chip(&p, "default", &new.pods[0]);
    let suffix = &starting.name[starting.name.len() - 5..];
    assert_eq!(summary(starting), ("ContainerCreating", (0, 1), Some("2"), "1.27", format!("web-…{suffix}").as_str()));
    assert_eq!(starting.kind, Status::Creating);
    for name in &old.pods {
        assert_eq!(summary(chip(&p, "default", name)).0, "Running");
        assert_eq!(chip(&p, "default", name).revision.as_deref(), Some("1"));
    }
    assert_eq!(p.counts, [(Status::Creating, 1), (Status::Running, 3)]);

    // Midway, an old pod is deleted: still drawn in its ReplicaSet, as Terminating.
    let mut seen_terminating = false;
    for _ in 0..40 {
        s.tick(0.25);
        let p = pic(&mut s, Some("default"));
        if let Some(c) = p.chips().find(|c| c.deleting) {
            assert_eq!(
                (c.status.as_str(), c.kind, c.revision.as_deref()),
                ("Terminating", Status::Terminating, Some("1"))
            );
            let d = deployment(&p, "web");
            assert!(d.replicasets[1].pods.contains(&c.name), "{d:#?}");
            assert!(d.replicasets[1].old);
            seen_terminating = true;
            break;
        }
    }
    assert!(seen_terminating, "an old pod is seen terminating during the rollout");

    // Done: the old ReplicaSet stays (history), scaled to zero and empty.
    s.tick(60.0);
    let p = pic(&mut s, Some("default"));
    let d = deployment(&p, "web");
    let (new, old) = (&d.replicasets[0], &d.replicasets[1]);
    assert_eq!((new.desired, new.current, new.ready, new.pods.len()), (3, 3, 3, 3));
    assert_eq!((old.desired, old.current, old.pods.len(), old.old), (0, 0, 0, true));
    assert!(p.chips().all(|c| summary(c).2 == Some("2") && c.image_tag == "1.27" && c.kind == Status::Running));
    assert_eq!(p.counts, [(Status::Running, 3)]);

    // Undo: the old template is current again, with revision 3, and sorts first.
    sh(&mut s, "kubectl rollout undo deployment/web");
    s.tick(60.0);
    let p = pic(&mut s, Some("default"));
    let d = deployment(&p, "web");
    let revisions: Vec<(Option<&str>, &str, bool)> =
        d.replicasets.iter().map(|rs| (rs.revision.as_deref(), rs.image.as_str(), rs.old)).collect();
    assert_eq!(revisions, [(Some("3"), "nginx", false), (Some("2"), "nginx:1.27", true)]);
    assert_eq!(d.replicasets[0].name, old_rs);
    assert!(p.chips().all(|c| c.revision.as_deref() == Some("3") && c.image_tag == "latest"));
}

#[test]
fn a_bad_image_goes_from_errimagepull_to_imagepullbackoff() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl run bad --image=nginx:doesnotexist");
    let at = |s: &mut Session| {
        let p = pic(s, Some("default"));
        let c = chip(&p, "default", "bad").clone();
        (c.status, c.kind, p.counts)
    };
    s.tick(1.0);
    assert_eq!(at(&mut s), ("ContainerCreating".into(), Status::Creating, vec![(Status::Creating, 1)]));
    s.tick(2.0);
    assert_eq!(at(&mut s), ("ErrImagePull".into(), Status::PullError, vec![(Status::PullError, 1)]));
    s.tick(5.0);
    assert_eq!(at(&mut s), ("ImagePullBackOff".into(), Status::PullError, vec![(Status::PullError, 1)]));

    let p = pic(&mut s, Some("default"));
    let c = chip(&p, "default", "bad");
    assert_eq!(summary(c), ("ImagePullBackOff", (0, 1), None, "doesnotexist", "bad"));
    assert_eq!((c.owner.clone(), c.restarts, c.deleting, c.is_ready()), (None, 0, false, false));
    assert_eq!(c.node.as_deref(), Some("minikube"));
    assert!(p.deployments.is_empty() && p.replicasets.is_empty());

    // Nothing runs in it: deleted, it is gone at once.
    sh(&mut s, "kubectl delete pod bad --wait=false");
    assert!(pic(&mut s, Some("default")).chips().next().is_none());
}

const SICK: &str = "apiVersion: v1
kind: Pod
metadata:
  name: sick
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /healthz
        port: 80
      periodSeconds: 5
";

#[test]
fn services_show_their_entry_and_their_ready_and_unready_endpoints() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl run ok --image=nginx --labels=app=web");
    // nginx answers /healthz with 404: never ready.
    s.files.write("sick.yaml", SICK.to_string()).expect("write");
    sh(&mut s, "kubectl apply -f sick.yaml");
    sh(&mut s, "kubectl create service nodeport web --tcp=80:80 --node-port=31000");
    sh(&mut s, "kubectl create service loadbalancer front --tcp=80:8080");
    sh(&mut s, "kubectl create service clusterip redis --tcp=6379:6379");
    s.tick(30.0);
    // Still starting: no IP yet, so in no address list (as upstream).
    sh(&mut s, "kubectl run late --image=nginx --labels=app=web");
    s.tick(0.5);

    let p = pic(&mut s, Some("default"));
    let ip = |name: &str| chip(&p, "default", name).ip.clone().expect("an IP");
    let box_of = |name: &str| p.services.iter().find(|s| s.name == name).expect("service");
    let web = box_of("web");
    assert_eq!(
        (web.type_.as_str(), web.entry.as_str(), web.ports.as_str()),
        ("NodePort", "NodePort 31000", "80:31000/TCP")
    );
    assert_eq!(
        web.endpoints,
        [
            Endpoint { pod: Some("ok".into()), ip: ip("ok"), ready: true },
            Endpoint { pod: Some("sick".into()), ip: ip("sick"), ready: false },
        ]
    );
    let sick = chip(&p, "default", "sick");
    assert_eq!(
        (sick.status.as_str(), sick.ready, sick.kind, sick.is_ready()),
        ("Running", (0, 1), Status::Running, false)
    );
    assert_eq!(summary(chip(&p, "default", "late")).0, "ContainerCreating");

    let cluster_ip =
        |s: &mut Session, name: &str| sh(s, &format!("kubectl get svc {name} -o jsonpath={{.spec.clusterIP}}"));
    let redis_ip = cluster_ip(&mut s, "redis");
    assert_eq!(box_of("redis").entry, format!("{redis_ip}:6379"));
    assert!(box_of("redis").endpoints.is_empty());
    assert_eq!(box_of("front").entry, "LoadBalancer <pending>");
    let names: Vec<&str> = p.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["front", "kubernetes", "redis", "web"]);

    // The tunnel gives the LoadBalancer its cluster IP as external IP (minikube on Linux).
    sh(&mut s, "minikube tunnel");
    let front_ip = cluster_ip(&mut s, "front");
    let p = pic(&mut s, Some("default"));
    let front = p.services.iter().find(|s| s.name == "front").expect("front");
    assert_eq!(front.entry, format!("LoadBalancer {front_ip}:80"));

    // Once started, the late pod joins the ready addresses.
    s.tick(30.0);
    let p = pic(&mut s, Some("default"));
    let web = p.services.iter().find(|s| s.name == "web").expect("web");
    let lines: Vec<(Option<&str>, bool)> = web.endpoints.iter().map(|e| (e.pod.as_deref(), e.ready)).collect();
    assert_eq!(lines, [(Some("late"), true), (Some("ok"), true), (Some("sick"), false)]);
}

const FRONTEND_RS: &str = "apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: php
        image: nginx:1.27
";

#[test]
fn a_replicaset_made_by_hand_is_a_group_of_its_own() {
    let mut s = Session::new(1, 0);
    s.files.write("rs.yaml", FRONTEND_RS.to_string()).expect("write");
    sh(&mut s, "kubectl apply -f rs.yaml");
    s.tick(30.0);
    let p = pic(&mut s, Some("default"));
    let pods = listed(&mut s, "kubectl get pods -o name");
    assert!(p.deployments.is_empty());
    assert_eq!(
        p.replicasets,
        [RsGroup {
            name: "frontend".into(),
            namespace: "default".into(),
            revision: None,
            image: "nginx:1.27".into(),
            desired: 2,
            current: 2,
            ready: 2,
            pods: pods.clone(),
            old: false,
        }]
    );
    for name in &pods {
        let c = chip(&p, "default", name);
        assert_eq!(summary(c), ("Running", (1, 1), None, "1.27", name.as_str()), "no hash: the name is kept whole");
        assert_eq!(c.owner, Some(("ReplicaSet".into(), "frontend".into())));
    }
}

#[test]
fn counts_per_status_and_the_namespace_filter() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl create namespace dev");
    sh(&mut s, &format!("kubectl create deployment many --image=nginx --replicas={}", CROWDED + 5));
    sh(&mut s, "kubectl create deployment api --image=nginx -n dev --replicas=2");
    sh(&mut s, "kubectl run bad --image=nginx:doesnotexist");
    sh(&mut s, "kubectl run crash --image=busybox -- false");
    sh(&mut s, "kubectl run once --image=busybox --restart=Never -- true");
    s.tick(60.0);

    let p = pic(&mut s, Some("default"));
    assert_eq!(
        p.counts,
        [(Status::Running, CROWDED + 5), (Status::PullError, 1), (Status::Crash, 1), (Status::Completed, 1)]
    );
    assert_eq!(p.nodes[0].counts, p.counts);
    assert!(p.nodes[0].crowded, "{} pods on one node", CROWDED + 8);
    let c = chip(&p, "default", "crash");
    assert_eq!((c.status.as_str(), c.kind), ("CrashLoopBackOff", Status::Crash));
    // Restarted at once, then after 10 s and 20 s of back-off: the next is due at about 73 s.
    assert_eq!(c.restarts, 3);
    assert_eq!(chip(&p, "default", "once").status, "Completed");
    assert_eq!(p.deployments.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["many"]);

    let dev = pic(&mut s, Some("dev"));
    assert_eq!(dev.counts, [(Status::Running, 2)]);
    assert!(!dev.nodes[0].crowded);
    assert!(dev.chips().all(|c| c.namespace == "dev"));
    assert_eq!(dev.deployments.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["api"]);
    assert!(dev.services.is_empty());

    let all = pic(&mut s, None);
    assert_eq!(
        all.counts,
        [(Status::Running, CROWDED + 5 + 2 + 7), (Status::PullError, 1), (Status::Crash, 1), (Status::Completed, 1)]
    );
    assert!(pic(&mut s, Some("nowhere")).chips().next().is_none());
}

#[test]
fn pods_no_node_takes_are_drawn_apart_as_pending() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl create deployment big --image=nginx --replicas=2");
    sh(&mut s, "kubectl set resources deployment big --requests=cpu=100");
    s.tick(30.0);
    let p = pic(&mut s, Some("default"));
    // One surge pod asks for 100 CPUs: no node fits it; the old pods stay.
    let d = deployment(&p, "big");
    let (new, old) = (&d.replicasets[0], &d.replicasets[1]);
    assert_eq!((new.revision.as_deref(), new.old, new.pods.len()), (Some("2"), false, 1));
    assert_eq!((old.revision.as_deref(), old.old, old.pods.len()), (Some("1"), true, 2));
    assert_eq!(names(&p.pending), new.pods);
    let stuck = &p.pending[0];
    assert_eq!(
        (stuck.status.as_str(), stuck.kind, stuck.node.as_deref(), stuck.ip.as_deref()),
        ("Pending", Status::Pending, None, None)
    );
    assert_eq!(names(&p.nodes[0].pods), old.pods);
    assert_eq!(p.counts, [(Status::Pending, 1), (Status::Running, 2)]);
}

#[test]
fn the_stamp_moves_with_the_store_and_the_clock_and_the_picture_is_deterministic() {
    let mut a = Session::new(1, 0);
    let mut b = Session::new(1, 0);
    let before = stamp(&a.cluster);
    assert_eq!(stamp(&a.cluster), before, "reading changes nothing");
    for s in [&mut a, &mut b] {
        sh(s, "kubectl create deployment web --image=nginx --replicas=3");
    }
    let created = stamp(&a.cluster);
    assert!(created.0 > before.0 && created.1 == before.1, "{before:?} → {created:?}");
    a.tick(30.0);
    b.tick(30.0);
    let later = stamp(&a.cluster);
    assert_eq!(later.1, created.1 + 30);
    assert_eq!(picture(&a.cluster, None), picture(&a.cluster, None));
    assert_eq!(picture(&a.cluster, None), picture(&b.cluster, None), "same seed, same commands, same picture");
}

#[test]
fn pods_are_drawn_in_the_box_of_their_node() {
    let mut s = Session::new(1, 2);
    sh(&mut s, "kubectl create deployment web --image=nginx --replicas=6");
    s.tick(30.0);
    let p = pic(&mut s, Some("default"));
    // The control plane's system pods already request CPU: the least
    // allocated workers take the six.
    let nodes: Vec<(&str, &str, &str, usize)> =
        p.nodes.iter().map(|n| (n.name.as_str(), n.status.as_str(), n.roles.as_str(), n.pods.len())).collect();
    assert_eq!(
        nodes,
        [
            ("minikube", "Ready", "control-plane", 0),
            ("minikube-m02", "Ready", "<none>", 3),
            ("minikube-m03", "Ready", "<none>", 3)
        ]
    );
    for n in &p.nodes {
        assert!(n.pods.iter().all(|c| c.node.as_deref() == Some(n.name.as_str())));
    }

    // A node deleted under its pods: they keep its name, in a box of its own.
    sh(&mut s, "kubectl delete node minikube-m03");
    let p = pic(&mut s, Some("default"));
    let nodes: Vec<(&str, &str, bool, usize)> =
        p.nodes.iter().map(|n| (n.name.as_str(), n.status.as_str(), n.ready, n.pods.len())).collect();
    assert_eq!(
        nodes,
        [("minikube", "Ready", true, 0), ("minikube-m02", "Ready", true, 3), ("minikube-m03", "Unknown", false, 3)]
    );
}
