//! One node of a hundred stops under 10,000 pods (issue 14): the simulated
//! time to NotReady, to the evictions and to every replacement Ready, and the
//! CPU time the simulation took.
//!
//! `cargo run --profile perf --example node_failure_bench`

use std::time::{Duration, Instant};

use kube_atelier::cluster::Cluster;
use kube_atelier::cluster::objects::{Deployment, Node, Pod};
use serde_json::json;

/// CPU time this thread has run (Linux's scheduler statistics), wall time elsewhere.
struct CpuClock(Option<u64>, Instant);

impl CpuClock {
    fn on_cpu() -> Option<u64> {
        std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
    }
    fn now() -> CpuClock {
        CpuClock(Self::on_cpu(), Instant::now())
    }
    fn elapsed(&self) -> Duration {
        match (self.0, Self::on_cpu()) {
            (Some(start), Some(end)) => Duration::from_nanos(end.saturating_sub(start)),
            _ => self.1.elapsed(),
        }
    }
}

fn ready(c: &Cluster) -> i64 {
    c.store().get::<Deployment>("default", "web").and_then(|d| d.status.ready_replicas).unwrap_or(0).into()
}

fn main() {
    let replicas = 10_000;
    let t = CpuClock::now();
    let mut c = Cluster::with_workers(1, 99);
    let _ = c.create(
        &json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}),
        "default",
    );
    c.settle(3600.0);
    println!("100 nodes, {} pods Ready: {:.0} ms CPU", ready(&c), t.elapsed().as_secs_f64() * 1e3);
    let victim = "minikube-m42";
    let on_victim = c.store().pods.iter().filter(|p| p.spec.node_name == victim).count();
    let t = CpuClock::now();
    let start = c.now();
    c.stop_node(victim);
    let step = |c: &mut Cluster| c.advance(1.0);
    while c.store().get::<Node>("", victim).is_some_and(|n| n.is_ready()) {
        step(&mut c);
    }
    let not_ready = c.now().since(start) as f64 / 1000.0;
    while !c.store().pods.iter().any(|p: &std::sync::Arc<Pod>| p.spec.node_name == victim && p.is_terminating()) {
        step(&mut c);
    }
    let evicted = c.now().since(start) as f64 / 1000.0;
    while ready(&c) < replicas {
        step(&mut c);
        if c.now().since(start) > 3_600_000 {
            break;
        }
    }
    let replaced = c.now().since(start) as f64 / 1000.0;
    println!("{on_victim} pods on {victim}; simulated: NotReady after {not_ready:.0} s, evicted after {evicted:.0} s, all {} replacements Ready after {replaced:.0} s", ready(&c));
    println!("CPU time from the stop to the last replacement Ready: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
}
