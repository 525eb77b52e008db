//! Benchmark of the cluster picture's view model: median (and 95th
//! percentile) time of `kubectl::picture::picture` with 10, 300 and 1,000
//! pods in `default`, for that namespace and for all of them, and of `stamp`.
//!
//! `cargo run --profile perf --example picture_bench`
//! Target (the picture issue): a few milliseconds at 1,000 pods.

use std::time::Instant;

use kube_atelier::cluster::Cluster;
use kube_atelier::kubectl::picture::{picture, stamp};
use kube_atelier::shell::Session;

/// A deployment of `pods` nginx pods behind a service, mid-rollout (two
/// ReplicaSets), spread over enough nodes (a kubelet takes 110).
fn session_with_pods(pods: usize) -> Session {
    let workers = pods.div_ceil(100);
    let mut s = Session::with_cluster(Cluster::with_workers(1, workers));
    s.input(&format!("kubectl create deployment web --image=nginx --replicas={pods}"));
    s.input("kubectl expose deployment web --port=80 --type=NodePort");
    s.cluster.settle(600.0);
    s.input("kubectl set image deployment/web nginx=nginx:1.27");
    s.tick(3.0);
    s
}

fn measure(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], times[(runs * 95 / 100).min(runs - 1)])
}

fn main() {
    println!("{:<26} {:>6} {:>7} {:>10} {:>10}", "call", "pods", "chips", "median ms", "p95 ms");
    for pods in [10, 300, 1_000] {
        let build = Instant::now();
        let s = session_with_pods(pods);
        eprintln!("(cluster with {pods} pods built in {:.1} s)", build.elapsed().as_secs_f64());
        for (label, namespace) in [("picture(default)", Some("default")), ("picture(all)", None)] {
            let chips = picture(&s.cluster, namespace).chips().count();
            let (median, p95) = measure(201, || {
                std::hint::black_box(picture(&s.cluster, namespace));
            });
            println!("{label:<26} {pods:>6} {chips:>7} {median:>10.3} {p95:>10.3}");
        }
        let (median, p95) = measure(201, || {
            std::hint::black_box(stamp(&s.cluster));
        });
        println!("{:<26} {pods:>6} {:>7} {median:>10.5} {p95:>10.5}", "stamp", "");
    }
}
