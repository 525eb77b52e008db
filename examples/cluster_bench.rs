//! Benchmark of the simulated cluster at scale (run natively):
//!
//!     cargo run --profile perf --example cluster_bench [REPLICAS]
//!
//! Reports the CPU time to create a deployment of REPLICAS (default 10,000)
//! and reach all Running, the median time of one reconcile pass at that size,
//! and the memory held per pod (counted by a wrapping allocator).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// CPU time this thread has run, from Linux's scheduler statistics (so time
/// the virtual machine spent elsewhere is not counted; its resolution is a
/// scheduler tick, fine for the second-long creation); wall time elsewhere.
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

use kube_atelier::cluster::Cluster;

/// Counts live heap bytes.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let replicas: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    // 110 pods fit on a node: enough workers for every replica.
    let workers = replicas / 100 + 1;
    let t = CpuClock::now();
    let mut cluster = Cluster::with_workers(1, workers);
    println!("cluster with {} nodes: {:.0} ms", workers + 1, t.elapsed().as_secs_f64() * 1e3);

    let manifest = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}
        }
    });
    let before = LIVE.load(Ordering::Relaxed);
    let pods_before = cluster.store().pods.len();
    let t = CpuClock::now();
    cluster.create(&manifest, "default").expect("deployment");
    let mut simulated = 0.0;
    loop {
        simulated += cluster.settle(5.0);
        let running = cluster
            .store()
            .pods
            .in_namespace("default")
            .filter(|p| p.status.phase == "Running" && p.is_ready())
            .count();
        if running == replicas || simulated > 600.0 {
            break;
        }
        cluster.advance(1.0);
        simulated += 1.0;
    }
    let cpu = t.elapsed();
    let running = cluster.store().pods.in_namespace("default").filter(|p| p.is_ready()).count();
    println!(
        "{replicas} replicas: {running} Running after {simulated:.1} s simulated, {:.0} ms of CPU",
        cpu.as_secs_f64() * 1e3
    );
    let pods = cluster.store().pods.len() - pods_before;
    let bytes = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    println!(
        "memory: {:.1} MB for {pods} pods and their events and ReplicaSet: {:.1} KB per pod (events: {})",
        bytes as f64 / 1e6,
        bytes as f64 / pods.max(1) as f64 / 1e3,
        cluster.store().events.len()
    );

    if std::env::args().any(|a| a == "--create-only") {
        std::process::exit(0);
    }
    let median = |mut samples: Vec<f64>| {
        samples.sort_by(f64::total_cmp);
        samples[samples.len() / 2]
    };
    if std::env::args().any(|a| a == "--profile-resync") {
        for _ in 0..100 {
            cluster.resync();
            cluster.reconcile();
        }
        std::process::exit(0);
    }
    // A full pass: every controller lists every object again, as when the
    // change log no longer reaches back to where it stopped. (A restored page
    // replays its journal, so its indexes are built as it goes, never cold.)
    let mut full = Vec::new();
    let mut idle = Vec::new();
    for _ in 0..21 {
        cluster.resync();
        let t = Instant::now();
        cluster.reconcile();
        full.push(t.elapsed().as_secs_f64() * 1e3);
        // A pass with one second of simulated time and nothing to do.
        let t = Instant::now();
        cluster.advance(1.0);
        idle.push(t.elapsed().as_secs_f64() * 1e3);
    }
    // What a learner's `kubectl delete pod` costs: the reconcile round that
    // follows it (the ReplicaSet replaces the pod, the scheduler binds it, the
    // kubelet starts it and stops the old one), then the seconds until it runs.
    let mut one_change = Vec::new();
    let mut recovery = Vec::new();
    for i in 0..21 {
        let victim = cluster.store().pods.in_namespace("default").nth(i * 97).map(|p| p.metadata.name.clone());
        let Some(victim) = victim else { break };
        cluster.delete(kube_atelier::cluster::Kind::Pod, "default", &victim, Default::default()).expect("delete a pod");
        let t = Instant::now();
        cluster.reconcile();
        one_change.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        cluster.advance(40.0);
        recovery.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let pods = cluster.store().pods.len();
    println!(
        "one full reconcile pass (every controller relists everything) at {pods} pods: median {:.2} ms",
        median(full)
    );
    println!("one idle second (advance(1.0)) at {pods} pods: median {:.3} ms", median(idle));
    println!("the reconcile pass after `delete pod` at {pods} pods: median {:.3} ms", median(one_change));
    println!(
        "the 40 simulated seconds until the replacement runs and the old pod is gone: median {:.2} ms",
        median(recovery)
    );
}
