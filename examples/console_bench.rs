//! What one command costs in the console model, natively: `kubectl get pods`
//! with 1,000 pods on the course's single node (most of them Pending), as the
//! page runs it (the command, then the screen's blocks).
//!
//! `cargo run --profile perf --example console_bench`

use std::time::Instant;

use kube_atelier::shell::Session;
use kube_atelier::shell::console::Console;

fn main() {
    for pods in [10, 1000] {
        let mut c = Console::new(Session::new(1, 0));
        c.run(&format!("kubectl create deployment web --image=nginx --replicas={pods}"));
        for _ in 0..30 {
            c.tick(0.1);
        }
        let mut run = Vec::new();
        let mut draw = Vec::new();
        for _ in 0..31 {
            c.run("clear");
            let t = Instant::now();
            c.run("kubectl get pods");
            run.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let blocks = c.blocks();
            std::hint::black_box(blocks);
            draw.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        run.sort_by(f64::total_cmp);
        draw.sort_by(f64::total_cmp);
        println!("{pods:>5} pods: command median {:.3} ms, blocks median {:.3} ms", run[15], draw[15]);
    }
}
