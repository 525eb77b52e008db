//! End-to-end: the page's lazy part (scripts/lazy.txt, cut by
//! scripts/split-wasm.mjs). The page and the core course (lessons 1 to 9)
//! run without it; the Jobs lesson and the first command that needs it
//! fetch it once, and it works as in one module;
//! a host that cannot serve it costs the learner that command only, with
//! the reason said in French.

mod harness;

use std::time::Duration;

use fantoccini::Client;
use harness::*;

/// The lazy wasm files the page has fetched so far.
async fn lazy_fetches(client: &Client) -> Vec<String> {
    let js = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('_lazy.wasm'))";
    let value = client.execute(js, vec![]).await.unwrap();
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

async fn lazy_loaded(client: &Client) -> bool {
    client.execute("return globalThis.atelierLazyPartLoaded === true", vec![]).await.unwrap() == serde_json::json!(true)
}

/// The core course: none of it reaches the lazy part.
const LESSONS: [&str; 9] = [
    include_str!("../../../lessons/01-prise-en-main.md"),
    include_str!("../../../lessons/02-les-pods.md"),
    include_str!("../../../lessons/03-labels-et-selecteurs.md"),
    include_str!("../../../lessons/04-les-services.md"),
    include_str!("../../../lessons/05-replicasets.md"),
    include_str!("../../../lessons/06-deployments.md"),
    include_str!("../../../lessons/07-mises-a-jour.md"),
    include_str!("../../../lessons/08-retours-arriere.md"),
    include_str!("../../../lessons/09-tp-final.md"),
];

/// Plays a lesson to its end: its last step's URL plays the solutions
/// before it, then the learner types the last one.
async fn play_to_the_end(client: &Client, site: std::net::SocketAddr, lesson: &str) {
    let id = lesson.lines().find_map(|l| l.strip_prefix("id: ")).expect("a lesson id");
    let steps = solutions(lesson);
    client.goto(&format!("http://{site}{SUB_PATH}#/lecon/{id}/{}", steps.len())).await.unwrap();
    wait_for(client, INPUT).await;
    let played = format!("Les solutions des étapes 1 à {} ont été jouées.", steps.len() - 1);
    eventually(client, &format!("{id}: the solutions are played"), |l| l.iter().any(|x| *x == played)).await;
    for line in steps.last().expect("a last step") {
        wait_prompt(client).await;
        type_line(client, line).await;
    }
    wait_for(client, "[data-testid=lecon-terminee]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lessons_never_fetch_the_lazy_part_and_the_first_use_does_once() {
    let site = serve(dist_dir(), |_| false);
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    fresh_page(&client, site).await;
    assert!(!lazy_loaded(&client).await && lazy_fetches(&client).await.is_empty(), "the page loads without it");

    for lesson in LESSONS {
        play_to_the_end(&client, site, lesson).await;
        let id = lesson.lines().find_map(|l| l.strip_prefix("id: ")).unwrap_or_default();
        if lazy_loaded(&client).await {
            // The browser's console says which function wanted it: "placeholder N"
            // (target/lazy-placeholders.txt maps N to its name).
            panic!("lesson {id} fetched the lazy part: {:?}", console_entries(&client).await);
        }
        // Nor does it read text left to the lazy part (scripts/split-data.mjs):
        // moved data reads as zeros until the lazy part is there.
        let text = client.execute("return document.body.innerText", vec![]).await.unwrap();
        let text = text.as_str().unwrap_or_default();
        assert!(!text.contains('\u{0}'), "lesson {id} shows text the lazy part holds: {text}");
    }
    assert!(lazy_fetches(&client).await.is_empty());

    // The Jobs lesson runs on the lazy part (Jobs and CronJobs live there):
    // fetched now, once, and the lesson passes as in one module.
    play_to_the_end(&client, site, include_str!("../../../lessons/15-jobs-et-cronjobs.md")).await;
    assert!(lazy_loaded(&client).await);

    // The node's shell is in the lazy part too, without a second fetch.
    wait_prompt(&client).await;
    type_line(&client, "minikube ssh").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    type_line(&client, "ls /").await;
    eventually(&client, "the node's ls", |l| l.iter().any(|x| x.starts_with("bin  boot  data  dev  etc"))).await;
    type_line(&client, "exit").await;
    wait_prompt(&client).await;
    // grep's regular expressions too, without a second fetch.
    type_line(&client, "echo abc | grep -E 'a(b)c'").await;
    eventually(&client, "grep -E", |l| last_is(l, "abc")).await;
    // A container whose command is a shell script logs what the script writes.
    type_line(&client, "kubectl run compte --image=busybox --restart=Never -- sh -c 'for i in 1 2 3; do echo $i; done'").await;
    until(&client, "kubectl logs compte | tail -1", |l| l == "3").await;
    type_line(&client, "kubectl logs compte").await;
    eventually(&client, "the script's three lines", |l| l.ends_with(&["1".into(), "2".into(), "3".into()])).await;
    assert_eq!(lazy_fetches(&client).await.len(), 1, "fetched once");

    let errors: Vec<_> = console_entries(&client).await.into_iter().filter(|(l, _)| l == "SEVERE").collect();
    assert!(errors.is_empty(), "browser console errors: {errors:#?}");
    client.execute("localStorage.clear()", vec![]).await.unwrap();
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_host_without_the_lazy_part_costs_the_command_only() {
    let site = serve(dist_dir(), |path| path.ends_with("_lazy.wasm"));
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    fresh_page(&client, site).await;
    type_line(&client, "kubectl create namespace atelier").await;
    eventually(&client, "created", |l| last_is(l, "namespace/atelier created")).await;
    wait_prompt(&client).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    type_line(&client, "echo abc | grep -E 'a(b)c'").await;
    let told = "Impossible de charger la partie de l’atelier dont «\u{a0}echo abc | grep -E 'a(b)c'\u{a0}» a besoin \
                («\u{a0}";
    eventually(&client, "the failure is told after the reload", |l| l.iter().any(|x| x.starts_with(told))).await;
    let lines = screen(&client).await;
    let note = lines.iter().find(|x| x.starts_with(told)).unwrap();
    assert!(note.contains("_lazy.wasm\u{a0}»\u{a0}: erreur HTTP 404)"), "{note}");
    // The session is intact and goes on.
    wait_for(&client, INPUT).await;
    wait_prompt(&client).await;
    type_line(&client, "kubectl get ns atelier -o name").await;
    eventually(&client, "the namespace is still there", |l| last_is(l, "namespace/atelier")).await;
    client.execute("localStorage.clear()", vec![]).await.unwrap();
    client.close().await.unwrap();
}
