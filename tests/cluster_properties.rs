//! Property test: random sequences of API calls and clock moves never panic,
//! and the cluster keeps its invariants (one controller per pod, unique pod
//! IPs, replica counts that converge).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use kube_atelier::cluster::api::DeleteOptions;
use kube_atelier::cluster::{Cluster, Kind};
use proptest::prelude::*;
use serde_json::{Value, json};

#[derive(Clone, Debug)]
enum Op {
    Pod { name: u8, image: &'static str },
    Deployment { name: u8, replicas: u8, image: &'static str, recreate: bool },
    SetImage { name: u8, image: &'static str },
    Scale { name: u8, replicas: u8 },
    Undo { name: u8 },
    Service { name: u8 },
    Delete { kind: Kind, name: u8, prefix: &'static str },
    Garbage(Value),
    Advance(u16),
}

const IMAGES: [&str; 6] = ["nginx", "nginx:1.26", "nginx:1.999", "redis:7", "busybox", "nope/nothing"];

fn image() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&IMAGES[..])
}

fn garbage() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-z]{0,6}".prop_map(Value::String),
    ];
    let tree = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("(spec|metadata|name|containers|replicas|image|[a-z]{1,5})", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    (
        prop::sample::select(&["v1", "apps/v1", "x"][..]),
        prop::sample::select(&["Pod", "Deployment", "Service", "Thing"][..]),
        tree,
    )
        .prop_map(|(api, kind, body)| {
            let mut v = match body {
                Value::Object(m) => Value::Object(m),
                other => json!({ "spec": other }),
            };
            v["apiVersion"] = json!(api);
            v["kind"] = json!(kind);
            v
        })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3u8, image()).prop_map(|(name, image)| Op::Pod { name, image }),
        (0..3u8, 0..5u8, image(), any::<bool>()).prop_map(|(name, replicas, image, recreate)| Op::Deployment {
            name,
            replicas,
            image,
            recreate
        }),
        (0..3u8, image()).prop_map(|(name, image)| Op::SetImage { name, image }),
        (0..3u8, 0..6u8).prop_map(|(name, replicas)| Op::Scale { name, replicas }),
        (0..3u8).prop_map(|name| Op::Undo { name }),
        (0..3u8).prop_map(|name| Op::Service { name }),
        (
            prop::sample::select(
                &[(Kind::Pod, "p"), (Kind::Deployment, "d"), (Kind::ReplicaSet, "d"), (Kind::Service, "s")][..]
            ),
            0..3u8
        )
            .prop_map(|((kind, prefix), name)| Op::Delete { kind, name, prefix }),
        garbage().prop_map(Op::Garbage),
        (0..120u16).prop_map(Op::Advance),
    ]
}

fn apply(c: &mut Cluster, op: &Op) {
    match op {
        Op::Pod { name, image } => {
            let _ = c.create(&json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": format!("p{name}"), "labels": {"app": format!("a{name}")}}, "spec": {"containers": [{"name": "c", "image": image}]}}), "default");
        }
        Op::Deployment { name, replicas, image, recreate } => {
            let strategy = if *recreate { json!({"type": "Recreate"}) } else { json!({}) };
            let _ = c.create(&json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": format!("d{name}")},
                "spec": {"replicas": replicas, "strategy": strategy, "selector": {"matchLabels": {"app": format!("a{name}")}},
                "template": {"metadata": {"labels": {"app": format!("a{name}")}}, "spec": {"containers": [{"name": "c", "image": image}]}}}}), "default");
        }
        Op::SetImage { name, image } => {
            if let Ok(obj) = c.get(Kind::Deployment, "default", &format!("d{name}")) {
                let mut v = obj.to_value();
                v["spec"]["template"]["spec"]["containers"][0]["image"] = json!(image);
                let _ = c.update(&v, "default");
            }
        }
        Op::Scale { name, replicas } => {
            if let Ok(obj) = c.get(Kind::Deployment, "default", &format!("d{name}")) {
                let mut v = obj.to_value();
                v["spec"]["replicas"] = json!(replicas);
                let _ = c.update(&v, "default");
            }
        }
        Op::Undo { name } => {
            let _ = c.rollback("default", &format!("d{name}"), 0);
        }
        Op::Service { name } => {
            let _ = c.create(
                &json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": format!("s{name}")},
                "spec": {"type": "NodePort", "selector": {"app": format!("a{name}")}, "ports": [{"port": 80}]}}),
                "default",
            );
        }
        Op::Delete { kind, name, prefix } => {
            let target = if *kind == Kind::ReplicaSet {
                c.store()
                    .replicasets
                    .in_namespace("default")
                    .find(|rs| rs.metadata.name.starts_with(&format!("d{name}-")))
                    .map(|rs| rs.metadata.name.clone())
            } else {
                Some(format!("{prefix}{name}"))
            };
            if let Some(target) = target {
                let _ = c.delete(*kind, "default", &target, DeleteOptions::default());
            }
        }
        Op::Garbage(v) => {
            let _ = c.create(v, "default");
            let _ = c.update(v, "default");
        }
        Op::Advance(s) => c.advance(f64::from(*s) / 10.0),
    }
}

fn check_invariants(c: &Cluster) -> Result<(), TestCaseError> {
    let mut ips = BTreeSet::new();
    for pod in c.store().pods.iter() {
        let controllers = pod.metadata.owner_references.iter().filter(|r| r.controller == Some(true)).count();
        prop_assert!(controllers <= 1, "{} has {controllers} controllers", pod.metadata.name);
        if pod.spec.host_network != Some(true) && !pod.status.pod_ip.is_empty() {
            prop_assert!(ips.insert(pod.status.pod_ip.clone()), "IP {} used twice", pod.status.pod_ip);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_keep_the_cluster_consistent(ops in prop::collection::vec(op(), 1..25)) {
        let mut c = Cluster::new(7);
        for op in &ops {
            apply(&mut c, op);
            check_invariants(&c)?;
        }
        // Left alone, every ReplicaSet converges to its replica count.
        c.advance(400.0);
        check_invariants(&c)?;
        for rs in c.store().replicasets.in_namespace("default") {
            let active = c.store().pods.in_namespace("default")
                .filter(|p| p.metadata.is_controlled_by(&rs.metadata.uid) && p.metadata.deletion_timestamp.is_none()
                    && !matches!(p.status.phase.as_str(), "Succeeded" | "Failed"))
                .count() as i32;
            prop_assert_eq!(active, rs.spec.replicas.unwrap_or(1), "{}", rs.metadata.name);
            prop_assert_eq!(rs.status.replicas, active);
        }
        for d in c.store().deployments.in_namespace("default") {
            let desired = d.spec.replicas.unwrap_or(1);
            let total: i32 = c.replica_sets_of(d).iter().map(|rs| rs.spec.replicas.unwrap_or(0)).sum();
            prop_assert!(total >= desired && total <= desired + 2, "{}: {} pods for {}", d.metadata.name, total, desired);
        }
    }
}
