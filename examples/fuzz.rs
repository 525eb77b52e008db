//! A long fuzz run of the shell and kubectl (issue 16):
//!
//!     cargo run --profile perf --example fuzz -- --lines 1000000 [--seed N]
//!
//! Feeds generated lines (tests/fuzzgen: kubectl's verbs, flags and the live
//! objects' names, mixed with garbage) to fresh sessions of 2,000 lines each,
//! and reports panics (caught, with their line), hangs (a line over one
//! second of wall time; a watchdog aborts the run past 20 s), silent kubectl
//! failures, sessions that stop answering, and lines per second.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[path = "../tests/fuzzgen/mod.rs"]
mod fuzzgen;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let lines = arg("--lines", 100_000);
    let seed = arg("--seed", 1);
    let mut rng = fuzzgen::Rng::new(seed);
    // The watchdog: the main thread bumps `beat` per line; a line stuck 20 s ends the run.
    let beat = Arc::new(AtomicU64::new(0));
    let watched = beat.clone();
    let current = Arc::new(Mutex::new(String::new()));
    let shown = current.clone();
    std::thread::spawn(move || {
        let mut last = 0;
        loop {
            std::thread::sleep(Duration::from_secs(20));
            let now = watched.load(Ordering::Relaxed);
            if now == last {
                let line = shown.lock().map(|l| l.clone()).unwrap_or_default();
                eprintln!("hang: line {now} has run for over 20 s: {line:?}");
                std::process::exit(2);
            }
            last = now;
        }
    });
    std::panic::set_hook(Box::new(|_| {}));
    let (mut panics, mut slow, mut problems, mut reached) = (0u64, 0u64, 0u64, 0u64);
    let start = Instant::now();
    let mut done = 0u64;
    'sessions: for session in 0.. {
        let mut s = kube_atelier::lessons::new_session(seed.wrapping_add(session));
        for _ in 0..2_000 {
            if done == lines {
                break 'sessions;
            }
            done += 1;
            beat.store(done, Ordering::Relaxed);
            if done % 50_000 == 0 {
                println!(
                    "progress: {done} lines, {panics} panics, {slow} over 1 s, {problems} problems, {:.0} lines/s",
                    done as f64 / start.elapsed().as_secs_f64()
                );
            }
            if rng.chance(5) {
                let _ = s.files.write("m.yaml", fuzzgen::manifest(&mut rng));
            }
            let line = fuzzgen::line(&mut rng, &s);
            reached += u64::from(line.starts_with("kubectl "));
            if let Ok(mut c) = current.lock() {
                c.clone_from(&line);
            }
            let t = Instant::now();
            match catch_unwind(AssertUnwindSafe(|| fuzzgen::check(&mut s, &line))) {
                Ok(None) => {}
                Ok(Some(problem)) => {
                    problems += 1;
                    if problems <= 20 {
                        println!("problem: {problem}");
                    }
                }
                Err(_) => {
                    panics += 1;
                    println!("panic: {line:?}");
                    continue 'sessions;
                }
            }
            if t.elapsed() > Duration::from_secs(1) {
                slow += 1;
                println!("slow ({:.1} s): {line:?}", t.elapsed().as_secs_f64());
            }
            let _ = catch_unwind(AssertUnwindSafe(|| s.cluster.advance(1.0)));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz: {done} lines ({reached} kubectl), {panics} panics, {slow} over 1 s, {problems} problems, {:.0} lines/s",
        done as f64 / secs
    );
}
