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
