//! Property test (issue 14): random node stops, starts, additions, cordons
//! and scalings never leave a pod bound to a node that does not exist, and
//! once every node is back and schedulable, each Deployment converges to its
//! replica count.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::cluster::objects::{Deployment, Node, Pod};
use kube_atelier::cluster::Cluster;
use proptest::prelude::*;
use serde_json::{Value, json};

#[derive(Clone, Debug)]
enum Op {
    Stop(u8),
    Start(u8),
    Add,
    Cordon(u8, bool),
    Scale(u8, u8),
    Advance(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4u8).prop_map(Op::Stop),
        (0..4u8).prop_map(Op::Start),
        Just(Op::Add),
        (0..4u8, any::<bool>()).prop_map(|(n, c)| Op::Cordon(n, c)),
        (0..2u8, 0..8u8).prop_map(|(d, r)| Op::Scale(d, r)),
        (1..400u16).prop_map(Op::Advance),
    ]
}

fn node_name(c: &Cluster, i: u8) -> Option<String> {
    c.store().nodes.iter().nth(i as usize).map(|n| n.metadata.name.clone())
}

fn set_unschedulable(c: &mut Cluster, name: &str, on: bool) {
    let Some(n) = c.store().get::<Node>("", name).cloned() else { return };
    let mut v: Value = kube_atelier::cluster::Object::Node(n).to_value();
    if on {
        v["spec"]["unschedulable"] = json!(true);
    } else if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
        spec.remove("unschedulable");
    }
    let _ = c.update(&v, "");
}

fn no_pod_on_a_missing_node(c: &Cluster) -> Result<(), TestCaseError> {
    for p in c.store().pods.iter() {
        let node = &p.spec.node_name;
        prop_assert!(node.is_empty() || c.store().get::<Node>("", node).is_some(), "{} on {node}", p.metadata.name);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn nodes_come_and_go_and_deployments_converge(ops in prop::collection::vec(op(), 1..14)) {
        let mut c = Cluster::with_workers(5, 2);
        for d in 0..2 {
            let _ = c.create(&json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": format!("d{d}")},
                "spec": {"replicas": 3, "selector": {"matchLabels": {"app": format!("d{d}")}},
                "template": {"metadata": {"labels": {"app": format!("d{d}")}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}), "default");
        }
        c.advance(30.0);
        let mut replicas = [3i64, 3];
        for op in &ops {
            match op {
                Op::Stop(i) => if let Some(n) = node_name(&c, *i).filter(|n| n != "minikube") { c.stop_node(&n); },
                Op::Start(i) => if let Some(n) = node_name(&c, *i) { c.start_node(&n); },
                Op::Add => if c.store().nodes.len() < 6 { c.add_worker(); },
                Op::Cordon(i, on) => if let Some(n) = node_name(&c, *i) { set_unschedulable(&mut c, &n, *on); },
                Op::Scale(d, r) => {
                    let name = format!("d{d}");
                    if let Some(dep) = c.store().get::<Deployment>("default", &name).cloned() {
                        let mut v = kube_atelier::cluster::Object::Deployment(dep).to_value();
                        v["spec"]["replicas"] = json!(*r);
                        if c.update(&v, "default").is_ok() {
                            replicas[*d as usize] = i64::from(*r);
                        }
                    }
                }
                Op::Advance(s) => c.advance(f64::from(*s)),
            }
            no_pod_on_a_missing_node(&c)?;
        }
        // Every node back, schedulable: the Deployments converge.
        let names: Vec<String> = c.store().nodes.iter().map(|n| n.metadata.name.clone()).collect();
        for n in &names {
            c.start_node(n);
            set_unschedulable(&mut c, n, false);
        }
        c.advance(120.0);
        no_pod_on_a_missing_node(&c)?;
        for (d, want) in replicas.iter().enumerate() {
            let name = format!("d{d}");
            let ready = c.store().pods.iter().filter(|p: &&std::sync::Arc<Pod>| {
                p.metadata.labels.get("app") == Some(&name) && !p.is_terminating() && p.is_ready()
            }).count() as i64;
            prop_assert_eq!(ready, *want, "{} ready pods of {}", ready, name);
        }
    }
}
