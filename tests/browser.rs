//! Browser component tests (wasm-bindgen-test in headless Chromium): the shell
//! mounts and renders its regions with their French labels.
#![cfg(target_arch = "wasm32")]

use kube_atelier::ui::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element of the test page and returns it.
fn mount_app() -> HtmlElement {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), App).forget();
    host
}

fn text_of(host: &HtmlElement, css: &str) -> String {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {css}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_header_names_the_product() {
    let host = mount_app();
    assert_eq!(text_of(&host, "header h1").trim_start_matches('⎈'), "Atelier Kubernetes");
    assert!(text_of(&host, "header p").contains("en français"));
    host.remove();
}

#[wasm_bindgen_test]
fn the_three_regions_render_as_labelled_landmarks() {
    let host = mount_app();
    for (id, title) in [("lecon", "Leçon"), ("console", "Console"), ("cluster", "Cluster")] {
        let region = host
            .query_selector(&format!("[data-testid=region-{id}]"))
            .unwrap()
            .unwrap_or_else(|| panic!("region {id} missing"));
        assert_eq!(region.tag_name(), "SECTION");
        // Screen readers announce the region by the heading it points to.
        let label_id = region.get_attribute("aria-labelledby").unwrap();
        let heading = region.query_selector(&format!("#{label_id}")).unwrap().unwrap();
        assert_eq!(heading.tag_name(), "H2");
        assert_eq!(heading.text_content().unwrap(), title);
        // Each region says what it will hold, in French, not lorem ipsum.
        let body = region.query_selector(".panneau-contenu").unwrap().unwrap();
        assert!(body.text_content().unwrap().starts_with("Ici"), "region {id}");
    }
    host.remove();
}

#[wasm_bindgen_test]
fn the_lesson_region_lists_the_course_progression() {
    let host = mount_app();
    let items = host.query_selector_all(".programme li").unwrap();
    assert_eq!(items.length(), 8);
    let first = items.item(0).unwrap().text_content().unwrap();
    assert_eq!(first, "Prise en main\u{a0}: la console, kubectl, le cluster, les nœuds");
    host.remove();
}

#[wasm_bindgen_test]
fn start_replaces_the_loading_notice_with_the_app() {
    let notice = document().create_element("div").unwrap();
    notice.set_id("chargement");
    document().body().unwrap().append_child(&notice).unwrap();

    kube_atelier::ui::start();

    assert!(document().get_element_by_id("chargement").is_none());
    assert!(document().query_selector("body > .atelier").unwrap().is_some());
}
