//! End-to-end: what a visitor of the built site sees in a real browser.

mod harness;

use fantoccini::Locator;
use harness::*;

/// The three regions, with the French titles a visitor reads.
const REGIONS: [(&str, &str); 3] = [("lecon", "LEÇON"), ("console", "CONSOLE"), ("cluster", "CLUSTER")];

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_sees_the_french_shell_with_its_three_regions() {
    let site = serve(dist_dir(), |_| false);
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    client.goto(&format!("http://{site}{SUB_PATH}")).await.expect("the page loads");

    // The regions only exist once the wasm app has mounted.
    wait_for(&client, "[data-testid=region-cluster]").await;

    assert_eq!(client.title().await.unwrap(), "Atelier Kubernetes — apprendre Kubernetes en français");
    let header = client.find(Locator::Css("header h1")).await.unwrap().text().await.unwrap();
    assert!(header.contains("Atelier Kubernetes"), "header: {header:?}");
    let lang = client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("fr"));

    for (id, title) in REGIONS {
        let region = client.find(Locator::Css(&format!("[data-testid=region-{id}]"))).await.unwrap();
        assert!(region.is_displayed().await.unwrap(), "region {id} is not visible");
        // CSS upper-cases the titles; WebDriver returns the rendered text.
        let heading = region.find(Locator::Css("h2")).await.unwrap().text().await.unwrap();
        assert_eq!(heading, title, "title of region {id}");
    }
    // The loading notice is gone once the app runs.
    assert!(client.find(Locator::Id("chargement")).await.is_err(), "loading notice still shown");

    let errors: Vec<_> = console_entries(&client)
        .await
        .into_iter()
        .filter(|(level, _)| level == "SEVERE" || level == "WARNING")
        .collect();
    assert!(errors.is_empty(), "browser console errors: {errors:#?}");
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_regions_sit_side_by_side_on_a_laptop_and_stack_on_a_phone() {
    let site = serve(dist_dir(), |_| false);
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    client.goto(&format!("http://{site}{SUB_PATH}")).await.unwrap();
    wait_for(&client, "[data-testid=region-cluster]").await;

    let boxes = async |client: &fantoccini::Client| {
        let mut rects = Vec::new();
        for (id, _) in REGIONS {
            let region = client.find(Locator::Css(&format!("[data-testid=region-{id}]"))).await.unwrap();
            rects.push(region.rectangle().await.unwrap());
        }
        rects
    };

    // The most common laptop screen: the lesson beside the console, the cluster under the console.
    client.set_window_size(1366, 768).await.unwrap();
    let wide = boxes(&client).await;
    let (lesson, console, cluster) = (wide[0], wide[1], wide[2]);
    assert!(lesson.1 == console.1, "lesson and console not on one row: {wide:?}");
    assert!(lesson.0 < console.0, "the lesson is not left of the console: {wide:?}");
    assert!(cluster.0 == console.0 && cluster.1 > console.1, "the cluster is not under the console: {wide:?}");
    // kubectl's wide tables fit: the console shows at least 100 columns.
    let columns = client
        .execute(
            "const e = document.querySelector('[data-testid=console-sortie]'); const s = document.createElement('span');              s.textContent = 'x'.repeat(100); s.style.fontFamily = getComputedStyle(e).fontFamily; s.style.fontSize = getComputedStyle(e).fontSize;              s.style.position = 'absolute'; s.style.whiteSpace = 'pre'; e.appendChild(s); const w = s.getBoundingClientRect().width; s.remove();              return Math.floor(e.clientWidth / (w / 100));",
            vec![],
        )
        .await
        .unwrap();
    assert!(columns.as_f64().unwrap_or(0.0) >= 100.0, "the console shows {columns} columns at 1366 px");
    // Folding the lesson gives the console its width; unfolding gives it back.
    let fold = client.find(Locator::Css("[data-testid=replier-lecon]")).await.unwrap();
    assert_eq!(fold.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
    fold.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let folded = boxes(&client).await;
    assert!(folded[1].2 > console.2 + 200.0, "folding the lesson did not widen the console: {folded:?}");
    fold.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    client.set_window_size(420, 900).await.unwrap();
    let narrow = boxes(&client).await;
    let (lesson, console, cluster) = (narrow[0], narrow[1], narrow[2]);
    assert!(lesson.1 < console.1 && console.1 < cluster.1, "not stacked: {narrow:?}");
    assert!(lesson.0 == console.0 && console.0 == cluster.0, "not in one column: {narrow:?}");
    client.close().await.unwrap();
}

/// The harness itself must notice a site whose wasm does not load: the page
/// then keeps its French failure notice and shows no region.
#[tokio::test(flavor = "multi_thread")]
async fn a_site_whose_wasm_fails_to_load_says_so_in_french() {
    let site = serve(dist_dir(), |path| path.ends_with(".wasm"));
    let driver = start_chromedriver();
    let client = open_browser(&driver).await;
    client.goto(&format!("http://{site}{SUB_PATH}")).await.unwrap();

    let notice = wait_for(&client, ".chargement-echec").await;
    let text = notice.text().await.unwrap();
    assert!(text.contains("Le chargement de l’atelier a échoué"), "notice: {text:?}");
    assert!(client.find(Locator::Css("[data-testid=region-console]")).await.is_err());
    let severe = console_entries(&client).await.into_iter().filter(|(l, _)| l == "SEVERE").count();
    assert!(severe > 0, "the failed download should be logged as an error");
    client.close().await.unwrap();
}
