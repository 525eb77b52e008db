//! kubectl's output primitives on pods of the simulated cluster.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::cluster::Cluster;
use kube_atelier::cluster::objects::Pod;
use kube_atelier::kubectl::pod_row::pod_row;
use kube_atelier::kubectl::table::Table;

fn create(c: &mut Cluster, yaml: &str) {
    let value: serde_json::Value = serde_yaml::from_str(yaml).unwrap();
    c.create(&value, "default").unwrap_or_else(|e| panic!("{}", e.message));
}

fn get_pods(c: &Cluster) -> String {
    let mut table = Table::new(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    for pod in c.store().pods.in_namespace("default") {
        table.push(pod_row(pod, c.now(), false));
    }
    table.render(true)
}

#[test]
fn get_pods_follows_a_pod_from_pending_to_running() {
    let mut c = Cluster::new(1);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: redis}\nspec: {containers: [{name: redis, image: redis}]}",
    );
    assert_eq!(get_pods(&c), "NAME    READY   STATUS    RESTARTS   AGE\nredis   0/1     Pending   0          0s\n");
    c.advance(1.0);
    assert_eq!(
        get_pods(&c),
        "NAME    READY   STATUS              RESTARTS   AGE\nredis   0/1     ContainerCreating   0          1s\n"
    );
    c.advance(194.0);
    assert_eq!(get_pods(&c), "NAME    READY   STATUS    RESTARTS   AGE\nredis   1/1     Running   0          3m15s\n");
}

#[test]
fn restarts_show_how_long_ago_the_last_one_was() {
    let mut c = Cluster::new(2);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: box}\nspec: {containers: [{name: box, image: busybox}]}",
    );
    c.advance(90.0);
    let pod: Pod = (**c.store().get::<Pod>("default", "box").unwrap()).clone();
    let row = pod_row(&pod, c.now(), false);
    assert_eq!(row[2], "CrashLoopBackOff");
    assert!(row[3].contains(" (") && row[3].ends_with(" ago)"), "{}", row[3]);
}

#[test]
fn init_containers_show_as_init_progress() {
    let mut c = Cluster::new(3);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  initContainers: [{name: wait, image: busybox, command: [sh, -c, 'until nslookup db; do sleep 2; done']}]\n  containers: [{name: app, image: nginx}]",
    );
    c.advance(20.0);
    let pod: Pod = (**c.store().get::<Pod>("default", "app").unwrap()).clone();
    assert_eq!(pod_row(&pod, c.now(), false)[1..3], ["0/1".to_string(), "Init:0/1".to_string()]);
}

fn render<T>(header: &[&str], items: impl Iterator<Item = T>, row: impl Fn(T) -> Vec<String>) -> String {
    let mut table = Table::new(header);
    for item in items {
        table.push(row(item));
    }
    table.render(true)
}

#[test]
fn get_nodes_services_and_namespaces_read_like_minikube() {
    use kube_atelier::kubectl::rows::*;
    let mut c = Cluster::new(4);
    let now = c.now();
    assert_eq!(
        render(&NODE_HEADER, c.store().nodes.iter(), |n| node_row(n, now, false)),
        "NAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   10m   v1.32.0\n"
    );
    assert_eq!(
        render(&NAMESPACE_HEADER, c.store().namespaces.iter(), |n| namespace_row(n, now)),
        "NAME              STATUS   AGE\ndefault           Active   10m\nkube-node-lease   Active   10m\nkube-public       Active   10m\nkube-system       Active   10m\n"
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec: {type: LoadBalancer, selector: {app: guestbook}, ports: [{port: 3000}]}",
    );
    c.advance(14.0);
    let now = c.now();
    let svc = c.store().get::<kube_atelier::cluster::objects::Service>("default", "frontend").unwrap().clone();
    let row = service_row(&svc, now, false);
    assert_eq!(row[1..4], ["LoadBalancer".to_string(), svc.spec.cluster_ip.clone(), "<pending>".to_string()]);
    assert_eq!(row[4], format!("3000:{}/TCP", svc.spec.ports[0].node_port.unwrap()));
    assert_eq!(row[5], "14s");
}

#[test]
fn get_deployments_and_replicasets_after_a_rollout() {
    use kube_atelier::kubectl::rows::*;
    let mut c = Cluster::new(5);
    create(
        &mut c,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: nginx}}\n  template:\n    metadata: {labels: {app: nginx}}\n    spec: {containers: [{name: nginx, image: 'nginx:1.27'}]}",
    );
    c.advance(30.0);
    let now = c.now();
    let deployments =
        render(&DEPLOYMENT_HEADER, c.store().deployments.in_namespace("default"), |d| deployment_row(d, now, false));
    assert_eq!(
        deployments,
        "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\nnginx   3/3     3            3           30s\n"
    );
    let rs =
        render(&REPLICASET_HEADER, c.store().replicasets.in_namespace("default"), |r| replicaset_row(r, now, false));
    let line = rs.lines().nth(1).unwrap();
    assert!(line.starts_with("nginx-") && line.ends_with("   3         3         3       30s"), "{line}");
}
