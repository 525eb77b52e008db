//! Benchmark of the kubectl layer: median (and 95th percentile) time of
//! `kubectl get pods` and `kubectl describe deploy` with 100 and 10,000
//! pods, and of `kubectl apply -f` of a 10-object file.
//!
//! `cargo run --profile perf --example kubectl_bench`
//! Targets (issue 4): under 1 ms at 100 objects, under 50 ms for `get pods`
//! at 10,000 pods.

use std::time::Instant;

use kube_atelier::cluster::Cluster;
use kube_atelier::shell::Session;

fn session_with_pods(pods: usize) -> Session {
    // 110 pods per node, as a kubelet allows by default.
    let workers = pods.div_ceil(100);
    let mut s = Session::with_cluster(Cluster::with_workers(1, workers));
    s.input(&format!("kubectl create deployment web --image=nginx --replicas={pods}"));
    s.cluster.settle(120.0);
    s
}

fn measure(session: &mut Session, line: &str, runs: usize) -> (f64, f64, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let reply = session.input(line);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        bytes = reply.output.text().len();
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], times[(runs * 95 / 100).min(runs - 1)], bytes)
}

fn ten_objects() -> String {
    let mut text = String::new();
    for i in 0..5 {
        text.push_str(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app{i}\n  template:\n    metadata:\n      labels:\n        app: app{i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n---\n"
        ));
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: app{i}\nspec:\n  selector:\n    app: app{i}\n  ports:\n  - port: 80\n    targetPort: 80\n---\n"
        ));
    }
    text
}

fn main() {
    println!("{:<34} {:>8} {:>10} {:>10} {:>10}", "command", "pods", "median ms", "p95 ms", "bytes");
    for pods in [100, 10_000] {
        let build = Instant::now();
        let mut s = session_with_pods(pods);
        eprintln!("(cluster with {pods} pods built in {:.1} s)", build.elapsed().as_secs_f64());
        let runs = if pods > 1000 { 21 } else { 201 };
        for line in
            ["kubectl get pods", "kubectl describe deploy web", "kubectl get pods -o wide", "kubectl get pods -A"]
        {
            let (median, p95, bytes) = measure(&mut s, line, runs);
            println!("{line:<34} {pods:>8} {median:>10.3} {p95:>10.3} {bytes:>10}");
        }
    }
    // apply -f of a 10-object file: first creation, then an unchanged re-apply.
    let file = ten_objects();
    let mut created = Vec::new();
    let mut unchanged = Vec::new();
    for _ in 0..51 {
        let mut s = Session::new(1, 0);
        s.files.write("app.yaml", file.clone()).unwrap();
        let t = Instant::now();
        s.input("kubectl apply -f app.yaml");
        created.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        s.input("kubectl apply -f app.yaml");
        unchanged.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    for (label, mut v) in
        [("kubectl apply -f (10 objects, new)", created), ("kubectl apply -f (10, unchanged)", unchanged)]
    {
        v.sort_by(f64::total_cmp);
        println!("{label:<34} {:>8} {:>10.3} {:>10.3}", "-", v[v.len() / 2], v[v.len() * 95 / 100]);
    }
}
