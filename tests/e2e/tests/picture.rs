//! End-to-end: the cluster picture and the time bar in the built site. A
//! deployment's pods appear and turn Running; paused, a rollout is stepped
//! through second by second with its old and new ReplicaSets in view (a PNG
//! of it is saved in `target/e2e-captures/`); a click on a pod puts `kubectl
//! describe pod …` in the input. `measures` prints frame times while 300 pods
//! roll out at ×10 and the clock's ticks on an idle page (`MEASURE` lines).

mod harness;

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use harness::*;

/// The pods the picture shows: (name, chip classes).
async fn chips(client: &Client) -> Vec<(String, String)> {
    let js = "return Array.from(document.querySelectorAll('[data-testid=schema] .noeud .puce')).map(e => [e.dataset.pod, e.getAttribute('class')])";
    let v = client.execute(js, vec![]).await.unwrap();
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| (p[0].as_str().unwrap_or_default().to_string(), p[1].as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_until<F: std::future::Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn click(client: &Client, css: &str) {
    client.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

async fn text(client: &Client, css: &str) -> String {
    client.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

async fn open_playground(client: &Client, site: std::net::SocketAddr) {
    fresh_page(client, site).await;
    // The list of lessons: the console's cluster is a plain one.
    client.goto(&format!("http://{site}{SUB_PATH}#/lecons")).await.unwrap();
    wait_for(client, "[data-testid=schema]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rollout_is_stepped_through_in_the_picture() {
    let site = serve(dist_dir(), |_| false);
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    client.set_window_size(1366, 900).await.unwrap();
    open_playground(&client, site).await;

    type_line(&client, "kubectl create deployment web --image=nginx --replicas=3").await;
    wait_until("three web pods Running in the picture", || async {
        let c = chips(&client).await;
        c.iter().filter(|(k, cls)| k.starts_with("default/web-") && cls.contains("pod-running")).count() == 3
    })
    .await;
    assert!(text(&client, "[data-testid=cluster-resume]").await.contains("3 pods, 3 en marche"));

    // Paused, the rollout waits; each step moves it one second.
    click(&client, "[data-testid=pause]").await;
    eventually(&client, "paused", |l| l.iter().any(|x| x.starts_with("Horloge en pause"))).await;
    let clock = text(&client, "[data-testid=horloge]").await;
    type_line(&client, "kubectl set image deployment/web nginx=nginx:1.27").await;
    eventually(&client, "image set", |l| last_is(l, "deployment.apps/web image updated")).await;
    click(&client, "[data-testid=regrouper]").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(text(&client, "[data-testid=horloge]").await, clock, "the clock moved while paused");
    assert_eq!(
        client.execute("return document.querySelectorAll('[data-testid=schema] .rs').length", vec![]).await.unwrap(),
        1,
        "the new ReplicaSet appeared before any step"
    );
    click(&client, "[data-testid=avancer]").await;
    wait_until("old and new ReplicaSets", || async {
        let v = client.execute("return document.querySelectorAll('[data-testid=schema] .rs').length", vec![]).await.unwrap();
        v == 2
    })
    .await;
    let old = client.execute("return document.querySelectorAll('[data-testid=schema] .rs-ancien').length", vec![]).await.unwrap();
    assert_eq!(old, 1, "the old ReplicaSet is faded");
    for _ in 0..3 {
        click(&client, "[data-testid=avancer]").await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // Mid-rollout: a picture of it for the record.
    let dir = dist_dir().join("../target/e2e-captures");
    std::fs::create_dir_all(&dir).unwrap();
    let png = capture(&client).await;
    std::fs::write(dir.join("rollout-en-cours.png"), png).unwrap();
    let new_chips =
        client.execute("return document.querySelectorAll('[data-testid=schema] .rs:not(.rs-ancien) .puce').length", vec![]).await.unwrap();
    assert!(new_chips.as_u64().unwrap_or(0) >= 1, "the new ReplicaSet has pods");

    // Play again: the rollout completes; the old ReplicaSet is empty.
    click(&client, "[data-testid=pause]").await;
    type_line(&client, "kubectl rollout status deployment/web").await;
    eventually(&client, "rolled out", |l| last_is(l, "deployment \"web\" successfully rolled out")).await;
    wait_until("the old ReplicaSet empty", || async {
        let v = client.execute("return document.querySelectorAll('[data-testid=schema] .rs-ancien .puce').length", vec![]).await.unwrap();
        v == 0
    })
    .await;

    // A click on a pod: `kubectl describe pod …` in the input, ready to run.
    let (key, _) = chips(&client).await.into_iter().find(|(k, _)| k.starts_with("default/web-")).expect("a web pod");
    let name = key.trim_start_matches("default/").to_string();
    client.execute("document.querySelector('[data-pod=\"' + arguments[0] + '\"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))", vec![serde_json::Value::String(key.clone())]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let input = client.find(Locator::Css(INPUT)).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(input, format!("kubectl describe pod {name}"));

    let errors: Vec<_> = console_entries(&client).await.into_iter().filter(|(l, _)| l == "SEVERE").collect();
    assert!(errors.is_empty(), "browser console errors: {errors:#?}");
    client.execute("localStorage.clear()", vec![]).await.unwrap();
    client.close().await.unwrap();
}

/// A PNG of the whole cluster region (the window grown to hold it).
async fn capture(client: &Client) -> Vec<u8> {
    client.set_window_size(1366, 2000).await.unwrap();
    client.execute("document.querySelector('[data-testid=region-cluster]').scrollIntoView()", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = client.find(Locator::Css("[data-testid=region-cluster]")).await.unwrap().screenshot().await.unwrap();
    client.set_window_size(1366, 900).await.unwrap();
    png
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Prints, never asserts: frame times while 300 pods roll out at ×10, and the
/// clock's ticks on a page left idle. `cargo test -p e2e --test picture measures -- --nocapture`.
#[tokio::test(flavor = "multi_thread")]
async fn measures() {
    let site = serve(dist_dir(), |_| false);
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    client.set_window_size(1366, 900).await.unwrap();
    open_playground(&client, site).await;

    // Idle: the clock's timer stops when nothing is due.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let ticks = async || {
        client.execute("return Number(document.documentElement.dataset.horlogeTicks || 0)", vec![]).await.unwrap().as_u64().unwrap_or(0)
    };
    let before = ticks().await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let idle = ticks().await - before;
    println!("MEASURE idle page: {idle} clock ticks in 5 s (the timer runs only while something is due)");

    type_line(&client, "vitesse 10").await;
    type_line(&client, "kubectl create deployment big --image=nginx --replicas=300").await;
    wait_until("300 pods", || async {
        let v = client.execute("return document.querySelectorAll('[data-testid=schema] .noeud .puce, [data-testid=schema] .compte').length", vec![]).await.unwrap();
        v.as_u64().unwrap_or(0) > 0
    })
    .await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    client
        .execute(
            "window.__longTasks = 0; new PerformanceObserver(l => { window.__longTasks += l.getEntries().length; }).observe({entryTypes: ['longtask']});",
            vec![],
        )
        .await
        .unwrap();
    type_line(&client, "kubectl set image deployment/big nginx=nginx:1.27").await;
    // Frame times over 5 s of the rollout (requestAnimationFrame deltas).
    let frames = client
        .execute(
            "return new Promise(done => { const t = []; let last = performance.now(); const end = last + 5000; \
             function f(now) { t.push(now - last); last = now; if (now < end) requestAnimationFrame(f); else done(t); } \
             requestAnimationFrame(f); })",
            vec![],
        )
        .await
        .unwrap();
    let mut times: Vec<f64> = frames.as_array().map(|a| a.iter().filter_map(|v| v.as_f64()).collect()).unwrap_or_default();
    times.sort_by(|a, b| a.total_cmp(b));
    if !times.is_empty() {
        println!(
            "MEASURE 300 pods rolling out at ×10: {} frames in 5 s, frame time median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times[times.len() - 1]
        );
    }
    let long = client.execute("return window.__longTasks", vec![]).await.unwrap();
    println!("MEASURE 300 pods rolling out at ×10: {long} long tasks (over 50 ms) in those 5 s");
    let dir = dist_dir().join("../target/e2e-captures");
    std::fs::create_dir_all(&dir).unwrap();
    let png = capture(&client).await;
    std::fs::write(dir.join("300-pods.png"), png).unwrap();
    client.execute("localStorage.clear()", vec![]).await.unwrap();
    client.close().await.unwrap();
}
