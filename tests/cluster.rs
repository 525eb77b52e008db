//! The simulated cluster, driven as kubectl would drive it, checked against
//! what a real cluster shows after given advances of the clock.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::cluster::api::DeleteOptions;
use kube_atelier::cluster::objects::apps::{Deployment, ReplicaSet};
use kube_atelier::cluster::objects::pod::Pod;
use kube_atelier::cluster::objects::service::{Endpoints, Service};
use kube_atelier::cluster::rollout::Rollback;
use kube_atelier::cluster::{Cluster, Kind, Reason};
use serde_json::Value;

fn manifest(yaml: &str) -> Value {
    serde_yaml::from_str(yaml).expect("test YAML")
}

fn create(c: &mut Cluster, yaml: &str) {
    c.create(&manifest(yaml), "default").unwrap_or_else(|e| panic!("create failed: {}", e.message));
}

fn pod(c: &Cluster, name: &str) -> Pod {
    (**c.store().get::<Pod>("default", name).unwrap_or_else(|| panic!("no pod {name}"))).clone()
}

/// The STATUS column kubectl would show (the subset our tests need).
fn status(p: &Pod) -> String {
    if p.metadata.deletion_timestamp.is_some() {
        return "Terminating".into();
    }
    for c in p.status.container_statuses.iter().rev() {
        if let Some(w) = &c.state.waiting {
            return w.reason.clone();
        }
        if let Some(t) = &c.state.terminated {
            return t.reason.clone();
        }
    }
    p.status.phase.clone()
}

/// Changes the `nginx` deployment as `kubectl edit` would (a full update).
fn edit_deployment(c: &mut Cluster, change: impl FnOnce(&mut Deployment)) {
    let mut d = (**c.store().get::<Deployment>("default", "nginx").expect("deployment nginx")).clone();
    change(&mut d);
    d.metadata.resource_version.clear();
    c.update_object(d, "default").unwrap_or_else(|e| panic!("update failed: {}", e.message));
}

fn pods_of(c: &Cluster, prefix: &str) -> Vec<Pod> {
    c.store()
        .pods
        .in_namespace("default")
        .filter(|p| p.metadata.name.starts_with(prefix))
        .map(|p| (**p).clone())
        .collect()
}

const REDIS_POD: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: "redis"
  labels:
    app: "redis"
    tier: "backend"
spec:
  containers:
    - name: redis
      image: "redis"
      ports:
        - containerPort: 6379
"#;

const REDIS_SERVICE: &str = r#"
apiVersion: v1
kind: Service
metadata:
  name: redis
  labels:
    app: redis
    tier: backend
spec:
  ports:
    - port: 6379
      targetPort: 6379
  selector:
    app: redis
    tier: backend
"#;

fn nginx_deployment(replicas: i32, image: &str) -> String {
    format!(
        r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: {image}
        ports:
        - containerPort: 80
"#
    )
}

#[test]
fn the_default_cluster_looks_like_minikube() {
    let c = Cluster::new(1);
    let node = c.store().nodes.get("", "minikube").expect("node minikube");
    assert!(node.is_ready());
    assert_eq!(node.status.node_info.kubelet_version, "v1.32.0");
    let namespaces: Vec<_> = c.store().namespaces.iter().map(|n| n.metadata.name.clone()).collect();
    assert_eq!(namespaces, ["default", "kube-node-lease", "kube-public", "kube-system"]);
    let svc = c.store().get::<Service>("default", "kubernetes").unwrap();
    assert_eq!(svc.spec.cluster_ip, "10.96.0.1");
    let system: Vec<_> = c.store().pods.in_namespace("kube-system").collect();
    assert_eq!(system.len(), 7, "{:?}", system.iter().map(|p| &p.metadata.name).collect::<Vec<_>>());
    for p in &system {
        assert_eq!(p.status.phase, "Running", "{} is {}", p.metadata.name, status(p));
        assert!(p.is_ready(), "{} not ready", p.metadata.name);
    }
    let names: Vec<&str> = system.iter().map(|p| p.metadata.name.as_str()).collect();
    assert!(names.contains(&"etcd-minikube") && names.contains(&"storage-provisioner"));
    assert!(names.iter().any(|n| n.starts_with("coredns-") && n.len() == "coredns-".len() + 10 + 6), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("kube-proxy-") && n.len() == "kube-proxy-".len() + 5));
    // Nothing was created in default by the learner, and the clock is at the start.
    assert_eq!(c.store().pods.in_namespace("default").count(), 0);
    assert_eq!(c.now(), kube_atelier::cluster::time::START);
    assert!(c.store().configmaps.get("default", "kube-root-ca.crt").is_some());
}

#[test]
fn a_pod_goes_pending_then_container_creating_then_running() {
    let mut c = Cluster::new(1);
    create(&mut c, REDIS_POD);
    assert_eq!(status(&pod(&c, "redis")), "Pending");
    c.advance(0.1);
    let p = pod(&c, "redis");
    assert_eq!(p.spec.node_name, "minikube");
    assert_eq!(status(&p), "ContainerCreating");
    assert!(p.status.pod_ip.is_empty(), "no IP before the sandbox is up");
    c.advance(1.5);
    let p = pod(&c, "redis");
    assert_eq!(status(&p), "ContainerCreating");
    assert!(p.status.pod_ip.starts_with("10.244.0."), "{}", p.status.pod_ip);
    c.advance(5.0);
    let p = pod(&c, "redis");
    assert_eq!(status(&p), "Running");
    assert!(p.is_ready());
    assert_eq!(p.status.container_statuses[0].image, "redis:latest");
    assert!(p.status.container_statuses[0].container_id.starts_with("docker://"));
    let reasons: Vec<String> = c.events_for("default", &p.metadata.name, &p.metadata.uid).iter().map(|e| e.reason.clone()).collect();
    assert_eq!(reasons, ["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
    let scheduled = &c.events_for("default", &p.metadata.name, &p.metadata.uid)[0];
    assert_eq!(scheduled.message, "Successfully assigned default/redis to minikube");
    assert_eq!(scheduled.source.component, "default-scheduler");
}

#[test]
fn a_service_lists_its_ready_pod_as_endpoint() {
    let mut c = Cluster::new(1);
    create(&mut c, REDIS_POD);
    create(&mut c, REDIS_SERVICE);
    c.advance(0.5);
    let ep = c.store().get::<Endpoints>("default", "redis").expect("endpoints");
    assert!(ep.subsets.is_empty() || ep.subsets[0].addresses.is_empty(), "not ready yet");
    c.advance(10.0);
    let ip = pod(&c, "redis").status.pod_ip;
    let ep = c.store().get::<Endpoints>("default", "redis").unwrap();
    assert_eq!(ep.subsets.len(), 1);
    assert_eq!(ep.subsets[0].addresses[0].ip, ip);
    assert_eq!(ep.subsets[0].ports[0].port, 6379);
    let svc = c.store().get::<Service>("default", "redis").unwrap();
    let parts: Vec<u32> = svc.spec.cluster_ip.split('.').map(|p| p.parse().unwrap()).collect();
    assert!(parts[0] == 10 && (96..=111).contains(&parts[1]));

    // Delete the pod: after its grace period the endpoint is gone; recreate it and it is back.
    c.delete(Kind::Pod, "default", "redis", DeleteOptions::default()).unwrap();
    c.advance(0.1);
    assert_eq!(status(&pod(&c, "redis")), "Terminating");
    let ep = c.store().get::<Endpoints>("default", "redis").unwrap();
    assert!(ep.subsets.is_empty(), "terminating pods leave the endpoints at once");
    c.advance(2.0);
    assert!(c.store().get::<Pod>("default", "redis").is_none());
    create(&mut c, REDIS_POD);
    c.advance(10.0);
    let ep = c.store().get::<Endpoints>("default", "redis").unwrap();
    assert_eq!(ep.subsets[0].addresses[0].ip, pod(&c, "redis").status.pod_ip);
}

#[test]
fn named_target_ports_resolve_to_the_container_port() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata:
  name: guestbook
  labels: {app: guestbook, tier: frontend}
spec:
  containers:
  - name: guestbook
    image: registry.gitlab.com/gonzalez-marc/guestbook:latest
    ports:
    - name: http-server
      containerPort: 3000
"#,
    );
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  type: LoadBalancer
  ports:
  - port: 3000
    targetPort: http-server
  selector:
    app: guestbook
"#,
    );
    c.advance(10.0);
    let ep = c.store().get::<Endpoints>("default", "frontend").unwrap();
    assert_eq!(ep.subsets[0].ports[0].port, 3000);
    let svc = c.store().get::<Service>("default", "frontend").unwrap();
    let node_port = svc.spec.ports[0].node_port.unwrap();
    assert!((30000..=32767).contains(&node_port));
    assert!(svc.status.load_balancer.ingress.is_empty(), "EXTERNAL-IP stays <pending>");
    c.set_tunnel(true);
    let svc = c.store().get::<Service>("default", "frontend").unwrap();
    assert_eq!(svc.status.load_balancer.ingress[0].ip, svc.spec.cluster_ip);
}

#[test]
fn an_unknown_image_ends_in_image_pull_back_off() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: guestbook}
spec:
  containers:
  - name: guestbook
    image: my-provider/my-image
"#,
    );
    c.advance(4.0);
    let p = pod(&c, "guestbook");
    assert_eq!(status(&p), "ErrImagePull");
    let waiting = p.status.container_statuses[0].state.waiting.clone().unwrap();
    assert!(waiting.message.contains("pull access denied for my-provider/my-image"), "{}", waiting.message);
    c.advance(3.0);
    assert_eq!(status(&pod(&c, "guestbook")), "ImagePullBackOff");
    // It retries with back-off: ErrImagePull shows again after about 10 s.
    let mut seen_retry = false;
    for _ in 0..40 {
        c.advance(0.5);
        if status(&pod(&c, "guestbook")) == "ErrImagePull" {
            seen_retry = true;
            break;
        }
    }
    assert!(seen_retry, "the kubelet retries the pull");
    let messages: Vec<String> = c.events_for("default", &p.metadata.name, &p.metadata.uid).iter().map(|e| e.message.clone()).collect();
    assert!(messages.contains(&"Error: ImagePullBackOff".to_string()), "{messages:?}");
    assert!(messages.contains(&"Back-off pulling image \"my-provider/my-image\"".to_string()));
}

#[test]
fn a_container_that_exits_goes_into_crash_loop_back_off() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  containers:
  - name: box
    image: busybox:1.36
"#,
    );
    c.advance(8.0);
    let p = pod(&c, "box");
    let restarts = p.status.container_statuses[0].restart_count;
    assert!(restarts >= 1, "restarted once immediately: {restarts}");
    c.advance(60.0);
    let p = pod(&c, "box");
    assert_eq!(status(&p), "CrashLoopBackOff");
    let cs = &p.status.container_statuses[0];
    assert!(cs.restart_count >= 3, "{}", cs.restart_count);
    assert_eq!(cs.last_state.terminated.as_ref().unwrap().reason, "Completed");
    assert!(cs.state.waiting.as_ref().unwrap().message.starts_with("back-off "));
    // Back-off grows: after 10 minutes, far fewer than 60 restarts.
    c.advance(600.0);
    let restarts = pod(&c, "box").status.container_statuses[0].restart_count;
    assert!((6..=10).contains(&restarts), "{restarts}");
}

#[test]
fn a_pod_too_big_for_the_node_stays_pending() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - name: big
    image: nginx
    resources:
      requests: {cpu: "64"}
"#,
    );
    c.advance(30.0);
    let p = pod(&c, "big");
    assert_eq!(p.status.phase, "Pending");
    assert!(p.spec.node_name.is_empty());
    let events = c.events_for("default", &p.metadata.name, &p.metadata.uid);
    assert_eq!(events[0].reason, "FailedScheduling");
    assert_eq!(
        events[0].message,
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    );
}

#[test]
fn a_deployment_heals_itself() {
    let mut c = Cluster::new(2);
    create(&mut c, &nginx_deployment(3, "nginx:1.27"));
    c.advance(15.0);
    let pods = pods_of(&c, "nginx-");
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| status(p) == "Running"));
    let rs: Vec<_> = c.store().replicasets.in_namespace("default").collect();
    assert_eq!(rs.len(), 1);
    let hash = &rs[0].metadata.labels["pod-template-hash"];
    assert_eq!(rs[0].metadata.name, format!("nginx-{hash}"));
    assert!(pods.iter().all(|p| p.metadata.name.starts_with(&format!("nginx-{hash}-"))));
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    assert_eq!(d.status.available_replicas, Some(3));
    assert_eq!(d.metadata.annotations["deployment.kubernetes.io/revision"], "1");

    let victim = pods[0].metadata.name.clone();
    c.delete(Kind::Pod, "default", &victim, DeleteOptions::default()).unwrap();
    c.advance(0.1);
    let now = pods_of(&c, "nginx-");
    assert_eq!(now.len(), 4, "a replacement is created while the old one terminates");
    c.advance(15.0);
    let now = pods_of(&c, "nginx-");
    assert_eq!(now.len(), 3);
    assert!(now.iter().all(|p| status(p) == "Running" && p.metadata.name != victim));
}

/// Rolling update invariants, checked at every tick of 100 ms.
fn roll_and_check(c: &mut Cluster, image: &str, replicas: i32, surge: i32, unavailable: i32, seconds: f64) {
    edit_deployment(c, |d| {
        d.spec.template.spec.containers[0].image = image.into();
    });
    let mut t = 0.0;
    while t < seconds {
        c.advance(0.1);
        t += 0.1;
        let pods = pods_of(c, "nginx-");
        let live = pods.iter().filter(|p| p.metadata.deletion_timestamp.is_none()).count() as i32;
        let available = pods.iter().filter(|p| p.metadata.deletion_timestamp.is_none() && p.is_ready()).count() as i32;
        assert!(live <= replicas + surge, "at {t:.1}s: {live} pods > {replicas} + {surge}");
        assert!(available >= replicas - unavailable, "at {t:.1}s: {available} available < {replicas} - {unavailable}");
    }
}

#[test]
fn set_image_rolls_out_within_max_surge_and_max_unavailable() {
    let mut c = Cluster::new(3);
    create(&mut c, &nginx_deployment(4, "nginx:1.26"));
    c.advance(20.0);
    // 25%/25% of 4: one extra pod at most, one missing at most.
    roll_and_check(&mut c, "nginx:1.27", 4, 1, 1, 60.0);
    let pods = pods_of(&c, "nginx-");
    assert_eq!(pods.len(), 4);
    assert!(pods.iter().all(|p| p.spec.containers[0].image == "nginx:1.27" && status(p) == "Running"));
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    assert_eq!(d.metadata.annotations["deployment.kubernetes.io/revision"], "2");
    assert_eq!(d.status.updated_replicas, Some(4));
    let progressing = d.status.condition("Progressing").unwrap();
    assert_eq!(progressing.reason, "NewReplicaSetAvailable");
    let sets: Vec<_> = c.store().replicasets.in_namespace("default").collect();
    assert_eq!(sets.len(), 2, "the old ReplicaSet is kept, scaled to 0");
    let events: Vec<String> = c.events_for("default", &d.metadata.name, &d.metadata.uid).iter().map(|e| e.message.clone()).collect();
    assert!(
        events.iter().any(|m| m.starts_with("Scaled up replica set nginx-") && m.ends_with("from 0 to 1")),
        "{events:?}"
    );
    assert!(
        events.iter().any(|m| m.starts_with("Scaled down replica set nginx-") && m.ends_with("from 4 to 3")),
        "{events:?}"
    );
}

#[test]
fn a_strict_rolling_update_never_loses_a_pod() {
    let mut c = Cluster::new(4);
    let yaml = nginx_deployment(3, "nginx:1.26")
        .replace("  selector:", "  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n  selector:");
    create(&mut c, &yaml);
    c.advance(20.0);
    roll_and_check(&mut c, "nginx:1.27", 3, 1, 0, 60.0);
    assert!(pods_of(&c, "nginx-").iter().all(|p| p.spec.containers[0].image == "nginx:1.27"));
}

#[test]
fn a_missing_tag_stalls_the_rollout_and_undo_restores_it() {
    let mut c = Cluster::new(5);
    create(&mut c, &nginx_deployment(3, "nginx:1.26"));
    c.advance(20.0);
    edit_deployment(&mut c, |d| {
        d.spec.template.spec.containers[0].image = "nginx:1.999".into();
    });
    c.advance(60.0);
    let pods = pods_of(&c, "nginx-");
    let broken: Vec<_> = pods.iter().filter(|p| p.spec.containers[0].image == "nginx:1.999").collect();
    let serving: Vec<_> = pods.iter().filter(|p| p.spec.containers[0].image == "nginx:1.26" && p.is_ready()).collect();
    assert_eq!(broken.len(), 1, "maxSurge 1: one new pod");
    assert!(matches!(status(broken[0]).as_str(), "ImagePullBackOff" | "ErrImagePull"));
    assert_eq!(serving.len(), 3, "maxUnavailable 0 (25% of 3): the old pods keep serving");
    // Past the progress deadline (600 s) the deployment reports it.
    c.advance(600.0);
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    let progressing = d.status.condition("Progressing").unwrap();
    assert_eq!((progressing.status.as_str(), progressing.reason.as_str()), ("False", "ProgressDeadlineExceeded"));

    assert_eq!(c.rollback("default", "nginx", 0), Ok(Rollback::RolledBack));
    c.advance(30.0);
    let pods = pods_of(&c, "nginx-");
    assert_eq!(pods.len(), 3);
    assert!(pods.iter().all(|p| p.spec.containers[0].image == "nginx:1.26" && status(p) == "Running"));
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    assert_eq!(d.spec.template.spec.containers[0].image, "nginx:1.26");
    assert_eq!(d.metadata.annotations["deployment.kubernetes.io/revision"], "3", "the old revision 1 becomes 3");
    let revisions: Vec<String> = c
        .replica_sets_of(&d)
        .iter()
        .map(|rs| rs.metadata.annotations["deployment.kubernetes.io/revision"].clone())
        .collect();
    assert_eq!(revisions, ["2", "3"]);
}

#[test]
fn undo_to_a_given_revision() {
    let mut c = Cluster::new(6);
    create(&mut c, &nginx_deployment(2, "nginx:1.25"));
    c.advance(20.0);
    for image in ["nginx:1.26", "nginx:1.27"] {
        edit_deployment(&mut c, |d| {
            d.spec.template.spec.containers[0].image = image.into();
        });
        c.advance(30.0);
    }
    assert_eq!(
        c.rollback("default", "nginx", 7).unwrap_err().message(),
        "unable to find specified revision 7 in history"
    );
    assert_eq!(c.rollback("default", "nginx", 3), Ok(Rollback::Skipped(3)));
    assert_eq!(c.rollback("default", "nginx", 1), Ok(Rollback::RolledBack));
    c.advance(30.0);
    assert!(pods_of(&c, "nginx-").iter().all(|p| p.spec.containers[0].image == "nginx:1.25"));
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    let sets = c.replica_sets_of(&d);
    let top = sets.last().unwrap();
    assert_eq!(top.metadata.annotations["deployment.kubernetes.io/revision"], "4");
    assert_eq!(top.metadata.annotations["deployment.kubernetes.io/revision-history"], "1");
}

#[test]
fn undo_without_history_says_so() {
    let mut c = Cluster::new(7);
    create(&mut c, &nginx_deployment(1, "nginx:1.25"));
    c.advance(10.0);
    assert_eq!(
        c.rollback("default", "nginx", 0).unwrap_err().message(),
        "no rollout history found for deployment \"nginx\""
    );
}

#[test]
fn recreate_stops_every_old_pod_before_starting_new_ones() {
    let mut c = Cluster::new(8);
    let yaml = nginx_deployment(3, "nginx:1.26").replace("  selector:", "  strategy:\n    type: Recreate\n  selector:");
    create(&mut c, &yaml);
    c.advance(20.0);
    edit_deployment(&mut c, |d| {
        d.spec.template.spec.containers[0].image = "nginx:1.27".into();
    });
    for _ in 0..300 {
        c.advance(0.1);
        let pods = pods_of(&c, "nginx-");
        let old = pods.iter().filter(|p| p.spec.containers[0].image == "nginx:1.26").count();
        let new = pods.iter().filter(|p| p.spec.containers[0].image == "nginx:1.27").count();
        assert!(old == 0 || new == 0, "old and new pods at once: {old} + {new}");
    }
    assert_eq!(pods_of(&c, "nginx-").len(), 3);
}

#[test]
fn deleting_a_deployment_collects_its_replica_sets_and_pods() {
    let mut c = Cluster::new(9);
    create(&mut c, &nginx_deployment(2, "nginx"));
    c.advance(15.0);
    c.delete(Kind::Deployment, "default", "nginx", DeleteOptions::default()).unwrap();
    c.advance(5.0);
    assert_eq!(c.store().replicasets.in_namespace("default").count(), 0);
    assert_eq!(pods_of(&c, "nginx-").len(), 0);
}

#[test]
fn scaling_a_deployment_adds_and_removes_pods() {
    let mut c = Cluster::new(10);
    create(&mut c, &nginx_deployment(2, "nginx"));
    c.advance(15.0);
    edit_deployment(&mut c, |d| {
        d.spec.replicas = Some(5);
    });
    c.advance(15.0);
    assert_eq!(pods_of(&c, "nginx-").len(), 5);
    let rs: Vec<_> = c.store().replicasets.in_namespace("default").collect();
    assert_eq!(rs.len(), 1, "scaling is not a new revision");
    edit_deployment(&mut c, |d| {
        d.spec.replicas = Some(1);
    });
    c.advance(5.0);
    assert_eq!(pods_of(&c, "nginx-").len(), 1);
}

#[test]
fn a_replica_set_adopts_matching_orphans() {
    let mut c = Cluster::new(11);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: lonely, labels: {app: web}}\nspec: {containers: [{name: web, image: nginx}]}",
    );
    create(
        &mut c,
        r#"
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx}]}
"#,
    );
    c.advance(10.0);
    let rs = c.store().get::<ReplicaSet>("default", "web").unwrap();
    assert!(pod(&c, "lonely").metadata.is_controlled_by(&rs.metadata.uid));
    assert_eq!(pods_of(&c, "web-").len(), 1, "one created, one adopted");
    assert_eq!(rs.status.ready_replicas, Some(2));
}

#[test]
fn strict_decoding_and_validation_errors_read_like_the_api_server() {
    let mut c = Cluster::new(12);
    let err = c
        .create(
            &manifest("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: x, imagee: nginx}]}"),
            "default",
        )
        .unwrap_err();
    assert_eq!(err.reason, Reason::BadRequest);
    assert_eq!(
        err.message,
        "Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imagee\""
    );
    let err = c
        .create(
            &manifest(
                &nginx_deployment(1, "nginx").replace("      app: nginx\n  template", "      app: other\n  template"),
            ),
            "default",
        )
        .unwrap_err();
    assert_eq!(err.reason, Reason::Invalid);
    assert_eq!(
        err.message,
        "Deployment.apps \"nginx\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`"
    );
    create(&mut c, REDIS_POD);
    let err = c.create(&manifest(REDIS_POD), "default").unwrap_err();
    assert_eq!((err.reason, err.message.as_str()), (Reason::AlreadyExists, "pods \"redis\" already exists"));
    let err = c.get(Kind::Deployment, "default", "nope").unwrap_err();
    assert_eq!(err.message, "deployments.apps \"nope\" not found");
    let err = c.create(&manifest(REDIS_POD), "nowhere").unwrap_err();
    assert_eq!(err.message, "namespaces \"nowhere\" not found");
    // Valid fields we do not model are kept.
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: secure}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers: [{name: a, image: nginx, securityContext: {allowPrivilegeEscalation: false}}]",
    );
    let value = c.get(Kind::Pod, "default", "secure").unwrap().to_value();
    assert_eq!(value["spec"]["securityContext"]["runAsNonRoot"], true);
    assert_eq!(value["spec"]["containers"][0]["securityContext"]["allowPrivilegeEscalation"], false);
    assert_eq!(value["spec"]["containers"][0]["imagePullPolicy"], "Always");
}

#[test]
fn node_ports_are_checked_for_range_and_conflicts() {
    let mut c = Cluster::new(13);
    let svc = |name: &str, port: i32| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec:\n  type: NodePort\n  selector: {{app: vote}}\n  ports:\n  - port: 80\n    nodePort: {port}\n"
        )
    };
    create(&mut c, &svc("vote-service", 31000));
    let err = c.create(&manifest(&svc("other", 31000)), "default").unwrap_err();
    assert_eq!(
        err.message,
        "Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated"
    );
    let err = c.create(&manifest(&svc("low", 80)), "default").unwrap_err();
    assert_eq!(
        err.message,
        "Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"
    );
    // Deleting the service frees its port.
    c.delete(Kind::Service, "default", "vote-service", DeleteOptions::default()).unwrap();
    create(&mut c, &svc("other", 31000));
}

#[test]
fn deleting_a_namespace_empties_it_first() {
    let mut c = Cluster::new(14);
    create(&mut c, "apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}");
    c.create(&manifest(REDIS_POD), "dev").unwrap();
    c.advance(10.0);
    assert!(c.store().configmaps.get("dev", "kube-root-ca.crt").is_some());
    c.delete(Kind::Namespace, "", "dev", DeleteOptions::default()).unwrap();
    c.advance(0.1);
    assert_eq!(c.store().namespaces.get("", "dev").unwrap().status.phase, "Terminating");
    c.advance(5.0);
    assert!(c.store().namespaces.get("", "dev").is_none());
    let err = c.delete(Kind::Namespace, "", "default", DeleteOptions::default()).unwrap_err();
    assert_eq!(err.message, "namespaces \"default\" is forbidden: this namespace may not be deleted");
}

#[test]
fn the_same_seed_replays_the_same_cluster() {
    let run = |seed| {
        let mut c = Cluster::new(seed);
        create(&mut c, REDIS_POD);
        create(&mut c, REDIS_SERVICE);
        create(&mut c, &nginx_deployment(3, "nginx"));
        c.advance(30.0);
        let mut out = String::new();
        for kind in Kind::ALL {
            for obj in c.store().objects(kind, None) {
                out.push_str(&obj.to_value().to_string());
                out.push('\n');
            }
        }
        out
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42), run(43));
}

#[test]
fn workers_share_the_load() {
    let mut c = Cluster::with_workers(15, 2);
    assert_eq!(c.store().nodes.len(), 3);
    create(&mut c, &nginx_deployment(6, "nginx"));
    c.advance(20.0);
    let nodes: std::collections::BTreeSet<String> =
        pods_of(&c, "nginx-").iter().map(|p| p.spec.node_name.clone()).collect();
    assert!(nodes.len() >= 2, "pods spread over the nodes: {nodes:?}");
    let worker_pod = pods_of(&c, "nginx-").into_iter().find(|p| p.spec.node_name == "minikube-m02").unwrap();
    assert!(worker_pod.status.pod_ip.starts_with("10.244.1."), "{}", worker_pod.status.pod_ip);
}

#[test]
fn a_missing_config_map_blocks_the_container_until_it_exists() {
    let mut c = Cluster::new(16);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: app
    image: nginx:1.27
    env:
    - name: DB_HOST
      valueFrom:
        configMapKeyRef: {name: app-config, key: db_host}
"#,
    );
    c.advance(10.0);
    let p = pod(&c, "app");
    assert_eq!(status(&p), "CreateContainerConfigError");
    assert_eq!(
        p.status.container_statuses[0].state.waiting.as_ref().unwrap().message,
        "configmap \"app-config\" not found"
    );
    create(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {other: x}");
    c.advance(6.0);
    let p = pod(&c, "app");
    assert_eq!(
        p.status.container_statuses[0].state.waiting.as_ref().unwrap().message,
        "couldn't find key db_host in ConfigMap default/app-config"
    );
    let mut cm =
        (**c.store().get::<kube_atelier::cluster::objects::ConfigMap>("default", "app-config").unwrap()).clone();
    cm.data.insert("db_host".into(), "redis".into());
    cm.metadata.resource_version.clear();
    c.update_object(cm, "default").unwrap();
    c.advance(6.0);
    assert_eq!(status(&pod(&c, "app")), "Running");
}

#[test]
fn a_container_over_its_memory_limit_is_oom_killed() {
    let mut c = Cluster::new(17);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: memory-demo}
spec:
  containers:
  - name: memory-demo-ctr
    image: polinux/stress
    resources:
      limits: {memory: "100Mi"}
      requests: {memory: "50Mi"}
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
"#,
    );
    c.advance(5.0);
    let p = pod(&c, "memory-demo");
    let cs = &p.status.container_statuses[0];
    let terminated = cs.state.terminated.as_ref().or(cs.last_state.terminated.as_ref()).expect("terminated once");
    assert_eq!((terminated.reason.as_str(), terminated.exit_code), ("OOMKilled", 137));
    assert_eq!(p.status.qos_class, "Burstable");
}

#[test]
fn a_readiness_probe_delays_ready_and_min_ready_seconds_delays_available() {
    let mut c = Cluster::new(18);
    let yaml = nginx_deployment(2, "nginx:1.27")
        .replace("  replicas: 2", "  replicas: 2\n  minReadySeconds: 10")
        .replace(
            "        - containerPort: 80\n",
            "        - containerPort: 80\n        readinessProbe:\n          httpGet: {path: /, port: 80}\n          initialDelaySeconds: 5\n",
        );
    create(&mut c, &yaml);
    c.advance(6.0);
    assert!(pods_of(&c, "nginx-").iter().all(|p| p.status.phase == "Running" && !p.is_ready()));
    c.advance(6.0);
    assert!(pods_of(&c, "nginx-").iter().all(|p| p.is_ready()));
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    assert_eq!((d.status.ready_replicas, d.status.available_replicas), (Some(2), None));
    c.advance(11.0);
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    assert_eq!(d.status.available_replicas, Some(2));
}

#[test]
fn a_paused_deployment_does_not_roll_out_until_resumed() {
    let mut c = Cluster::new(19);
    create(&mut c, &nginx_deployment(2, "nginx:1.26"));
    c.advance(15.0);
    edit_deployment(&mut c, |d| {
        d.spec.paused = Some(true);
        d.spec.template.spec.containers[0].image = "nginx:1.27".into();
    });
    c.advance(30.0);
    assert!(pods_of(&c, "nginx-").iter().all(|p| p.spec.containers[0].image == "nginx:1.26"));
    let d = c.store().get::<Deployment>("default", "nginx").unwrap().clone();
    assert_eq!(d.status.condition("Progressing").unwrap().reason, "DeploymentPaused");
    assert_eq!(
        c.rollback("default", "nginx", 0).unwrap_err().message(),
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
    );
    let mut d = (*d).clone();
    d.spec.paused = None;
    d.metadata.resource_version.clear();
    c.update_object(d, "default").unwrap();
    c.advance(30.0);
    assert!(pods_of(&c, "nginx-").iter().all(|p| p.spec.containers[0].image == "nginx:1.27"));
}

#[test]
fn the_revision_history_limit_keeps_old_replica_sets_in_check() {
    let mut c = Cluster::new(20);
    create(
        &mut c,
        &nginx_deployment(1, "nginx:1.21").replace("  replicas: 1", "  replicas: 1\n  revisionHistoryLimit: 2"),
    );
    c.advance(10.0);
    for image in ["nginx:1.23", "nginx:1.24", "nginx:1.25", "nginx:1.26"] {
        edit_deployment(&mut c, |d| {
            d.spec.template.spec.containers[0].image = image.into();
            d.metadata.annotations.insert("kubernetes.io/change-cause".into(), format!("set image {image}"));
        });
        c.advance(20.0);
    }
    let d = c.store().get::<Deployment>("default", "nginx").unwrap();
    let sets = c.replica_sets_of(&d);
    let revisions: Vec<&str> =
        sets.iter().map(|rs| rs.metadata.annotations["deployment.kubernetes.io/revision"].as_str()).collect();
    assert_eq!(revisions, ["3", "4", "5"], "two old ReplicaSets and the current one");
    assert_eq!(sets[2].metadata.annotations["kubernetes.io/change-cause"], "set image nginx:1.26");
}

#[test]
fn init_containers_run_first_and_wait_for_their_service() {
    // The example of the Kubernetes documentation (Init Containers).
    let mut c = Cluster::new(21);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
"#,
    );
    c.advance(30.0);
    let p = pod(&c, "myapp-pod");
    assert_eq!(p.status.phase, "Pending");
    assert!(p.status.init_container_statuses[0].state.running.is_some());
    assert!(p.status.container_statuses[0].state.waiting.is_some());
    let init = p.condition("Initialized").unwrap();
    assert_eq!(
        (init.status.as_str(), init.message.as_str()),
        ("False", "containers with incomplete status: [init-myservice]")
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Service\nmetadata: {name: myservice}\nspec: {ports: [{port: 80, targetPort: 9376}]}",
    );
    c.advance(10.0);
    let p = pod(&c, "myapp-pod");
    assert_eq!(p.status.phase, "Running");
    assert_eq!(p.status.init_container_statuses[0].state.terminated.as_ref().unwrap().reason, "Completed");
    assert!(p.is_ready());
}

#[test]
fn a_missing_config_map_volume_keeps_the_pod_creating() {
    let mut c = Cluster::new(22);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - {name: config-volume, mountPath: /etc/config}
  volumes:
  - name: config-volume
    configMap: {name: web-config}
"#,
    );
    c.advance(20.0);
    let p = pod(&c, "web");
    assert_eq!(status(&p), "ContainerCreating");
    let events = c.events_for("default", &p.metadata.name, &p.metadata.uid);
    let failed = events.iter().find(|e| e.reason == "FailedMount").expect("FailedMount event");
    assert_eq!(
        failed.message,
        "MountVolume.SetUp failed for volume \"config-volume\" : configmap \"web-config\" not found"
    );
    assert!(failed.count.unwrap() > 1, "retried");
    create(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {index.html: bonjour}");
    c.advance(10.0);
    assert_eq!(status(&pod(&c, "web")), "Running");
    assert_eq!(
        c.exec("default", "web", "web", &["cat".to_string(), "/etc/config/index.html".to_string()]).unwrap().stdout,
        "bonjour"
    );
}

#[test]
fn a_failing_liveness_probe_restarts_the_container() {
    // The example of the Kubernetes documentation (Configure Liveness Probes).
    let mut c = Cluster::new(23);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
"#,
    );
    c.advance(20.0);
    let p = pod(&c, "liveness-exec");
    assert_eq!((status(&p).as_str(), p.status.container_statuses[0].restart_count), ("Running", 0));
    // The file goes at 30 s; probes every 5 s fail three times (30, 35, 40 s after the start).
    c.advance(26.0);
    let p = pod(&c, "liveness-exec");
    let events = c.events_for("default", &p.metadata.name, &p.metadata.uid);
    let unhealthy = events.iter().find(|e| e.reason == "Unhealthy").expect("Unhealthy event");
    assert_eq!(unhealthy.message, "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    assert_eq!(unhealthy.count, Some(3));
    assert!(
        events.iter().any(
            |e| e.reason == "Killing" && e.message == "Container liveness failed liveness probe, will be restarted"
        )
    );
    let cs = &p.status.container_statuses[0];
    assert_eq!(cs.restart_count, 1);
    assert_eq!(cs.last_state.terminated.as_ref().unwrap().exit_code, 137);
}

#[test]
fn a_failing_readiness_probe_keeps_the_pod_out_of_the_endpoints() {
    let mut c = Cluster::new(24);
    create(
        &mut c,
        r#"
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      tcpSocket: {port: 8080}
      periodSeconds: 5
"#,
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}",
    );
    c.advance(30.0);
    let p = pod(&c, "web");
    assert_eq!(p.status.phase, "Running");
    assert!(!p.is_ready());
    let ep = c.store().get::<Endpoints>("default", "web").unwrap();
    assert!(ep.subsets[0].addresses.is_empty() && ep.subsets[0].not_ready_addresses.len() == 1);
    let events = c.events_for("default", &p.metadata.name, &p.metadata.uid);
    let unhealthy = events.iter().find(|e| e.reason == "Unhealthy").unwrap();
    assert_eq!(
        unhealthy.message,
        format!("Readiness probe failed: dial tcp {}:8080: connect: connection refused", p.status.pod_ip)
    );
}

/// Scaling a deployment in the middle of a rollout shares the change among
/// its ReplicaSets in proportion to their sizes (upstream's proportional
/// scaling), the leftover going to the largest.
#[test]
fn scaling_mid_rollout_is_proportional() {
    let mut c = Cluster::new(11);
    create(&mut c, &nginx_deployment(4, "nginx:1.27"));
    c.advance(10.0);
    // A rollout to a tag that does not exist stalls with the old pods serving.
    edit_deployment(&mut c, |d| d.spec.template.spec.containers[0].image = "nginx:nope".into());
    c.advance(20.0);
    let sizes = |c: &Cluster| {
        let mut v: Vec<(i64, i32)> = c
            .store()
            .replicasets
            .in_namespace("default")
            .map(|rs| (rs.metadata.creation_timestamp.unwrap().0, rs.spec.replicas.unwrap_or(0)))
            .collect();
        v.sort();
        v.into_iter().map(|(_, r)| r).collect::<Vec<_>>()
    };
    assert_eq!(sizes(&c), [3, 2], "old 3 (maxUnavailable 1), new 2 (maxSurge 1)");
    // 8 replicas: 10 allowed with the surge; 5 more, shared 3 to the old, 2 to the new.
    edit_deployment(&mut c, |d| d.spec.replicas = Some(8));
    c.advance(2.0);
    assert_eq!(sizes(&c), [6, 4]);
    // 2 replicas: 3 allowed; the old keeps round(6×3/10) = 2, the new round(4×3/10) = 1.
    edit_deployment(&mut c, |d| d.spec.replicas = Some(2));
    c.advance(2.0);
    assert_eq!(sizes(&c), [2, 1]);
}

/// The ReplicaSet controller counts from summaries it keeps per pod: they
/// must follow a pod's labels and the template's, as upstream's recount does.
#[test]
fn replica_set_counts_follow_pod_and_template_labels() {
    let mut c = Cluster::new(5);
    create(
        &mut c,
        r#"
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: front}
spec:
  replicas: 3
  selector: {matchLabels: {app: front}}
  template:
    metadata: {labels: {app: front, tier: web}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
"#,
    );
    c.advance(10.0);
    let rs = |c: &Cluster| (**c.store().get::<ReplicaSet>("default", "front").expect("rs front")).clone();
    let counts = |r: &ReplicaSet| {
        (r.status.replicas, r.status.fully_labeled_replicas, r.status.ready_replicas, r.status.available_replicas)
    };
    assert_eq!(counts(&rs(&c)), (3, Some(3), Some(3), Some(3)));

    // A pod loses a template label (still selected): no longer fully labeled.
    let name = pods_of(&c, "front-")[0].metadata.name.clone();
    let mut p = pod(&c, &name);
    let meta = std::sync::Arc::make_mut(&mut p.metadata);
    meta.labels.remove("tier");
    meta.resource_version.clear();
    c.update_object(p, "default").expect("relabel pod");
    c.advance(1.0);
    assert_eq!(counts(&rs(&c)), (3, Some(2), Some(3), Some(3)));

    // The template gains a label no pod has: none is fully labeled any more.
    let mut r = rs(&c);
    r.spec.template.metadata.labels.insert("release".into(), "stable".into());
    r.metadata.resource_version.clear();
    c.update_object(r, "default").expect("update rs");
    c.advance(1.0);
    assert_eq!(counts(&rs(&c)), (3, None, Some(3), Some(3)));

    // A relist (every controller lists everything again) changes nothing.
    let before: Vec<String> = pods_of(&c, "front-").into_iter().map(|p| p.metadata.name.clone()).collect();
    c.resync();
    c.advance(1.0);
    assert_eq!(counts(&rs(&c)), (3, None, Some(3), Some(3)));
    let after: Vec<String> = pods_of(&c, "front-").into_iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(before, after);

    // A deleted pod is replaced; the new one carries the whole template.
    c.delete(Kind::Pod, "default", &name, DeleteOptions::default()).expect("delete pod");
    c.advance(40.0);
    let r = rs(&c);
    assert_eq!(counts(&r), (3, Some(1), Some(3), Some(3)));
    assert_eq!(pods_of(&c, "front-").len(), 3);
}
