//! A four-hour workshop session of ordinary commands, replayed natively: does
//! a command late in the day cost what it cost in the morning?
//!
//!     cargo run --profile perf --example session_bench [COMMANDS]
//!
//! Replays COMMANDS (default 2,000) lines cycling through what the course
//! types (apply, get, describe, set image between two tags, rollout status,
//! scale, logs, delete of a pod, events), with ~7 virtual seconds between
//! lines so that 2,000 lines cover four hours; then prints the mean and the
//! worst time per command for each tenth of the session, and the events and
//! objects held at the end. The goal (issue 16): under 10 ms per command.

use std::time::Instant;

use kube_atelier::lessons::{new_session, run_line};

const LINES: &[&str] = &[
    "kubectl apply -f vote-deploy.yaml",
    "kubectl get pods",
    "kubectl set image deploy/vote-deploy vote=instavote/vote:indent",
    "kubectl rollout status deploy/vote-deploy",
    "kubectl get rs",
    "kubectl describe deploy vote-deploy",
    "kubectl set image deploy/vote-deploy vote=instavote/vote:latest",
    "kubectl rollout status deploy/vote-deploy",
    "kubectl scale deploy vote-deploy --replicas=5",
    "kubectl get pods -o wide",
    "kubectl logs deploy/vote-deploy --tail=5",
    "kubectl get events",
    "kubectl apply -f redis-pod.yaml",
    "kubectl describe pod redis",
    "kubectl delete pod redis",
    "kubectl scale deploy vote-deploy --replicas=3",
    "kubectl rollout history deploy/vote-deploy",
    "kubectl get all",
];

fn main() {
    let commands: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let mut s = new_session(7);
    let mut times = Vec::with_capacity(commands);
    for i in 0..commands {
        let line = LINES[i % LINES.len()];
        let t = Instant::now();
        run_line(&mut s, line);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        s.cluster.advance(7.0);
    }
    let hours = s.cluster.now().since(kube_atelier::cluster::time::START) as f64 / 3_600_000.0;
    println!("{commands} commands over {hours:.1} virtual hours");
    let tenth = (commands / 10).max(1);
    for (n, part) in times.chunks(tenth).enumerate() {
        let mean = part.iter().sum::<f64>() / part.len() as f64;
        let worst = part.iter().cloned().fold(0.0, f64::max);
        println!("tenth {:>2}: mean {mean:6.2} ms, worst {worst:7.2} ms", n + 1);
    }
    let now = s.cluster.now();
    let oldest = s.cluster.store().events.iter().filter_map(|e| e.last_timestamp).min().map_or(0, |t| now.since(t) / 1000);
    println!("events held: {} (the oldest updated {oldest} s ago)", s.cluster.store().events.len());
    println!("pods held: {}", s.cluster.store().pods.len());
    println!("replicasets held: {}", s.cluster.store().replicasets.len());
}
