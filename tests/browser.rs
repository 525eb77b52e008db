//! Browser component tests (wasm-bindgen-test in headless Chromium): the shell
//! mounts and renders its regions with their French labels; the console takes
//! keys as a learner types them.
#![cfg(target_arch = "wasm32")]

use kube_atelier::ui::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A mounted component: its host element; dropping it unmounts the
/// component (stopping its timers) and removes the element.
struct Mounted {
    host: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl std::ops::Deref for Mounted {
    type Target = HtmlElement;
    fn deref(&self) -> &HtmlElement {
        &self.host
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted {
    let host: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), view);
    Mounted { host, _handle: Box::new(handle) }
}

/// Mounts the app into a fresh element of the test page.
fn mount_app() -> Mounted {
    mount(App)
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
    drop(host);
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
        // The cluster region holds the time bar and the picture.
        if id == "cluster" {
            assert!(region.query_selector("[data-testid=pause]").unwrap().is_some());
            assert!(region.query_selector("[data-testid=schema]").unwrap().is_some());
        }
    }
    drop(host);
}

fn set_hash(hash: &str) {
    web_sys::window().unwrap().location().set_hash(hash).unwrap();
}

#[wasm_bindgen_test]
async fn the_lesson_list_shows_the_course_and_the_place_to_try_a_file() {
    storage().clear().unwrap();
    set_hash("#/lecons");
    let host = mount_app();
    wait_ms(50).await;
    let items = host.query_selector_all(".lecons-item").unwrap();
    assert!(items.length() >= 9, "{} lessons", items.length());
    let first = items.item(0).unwrap().text_content().unwrap();
    assert!(first.starts_with("1. Prise en main"), "{first}");
    assert!(text_of(&host, ".essai-titre").contains("Essayer une leçon"));
    drop(host);
    set_hash("");
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_lesson_shows_its_step_and_a_command_button_pastes_into_the_console() {
    storage().clear().unwrap();
    set_hash("#/lecon/les-pods");
    let host = mount_app();
    wait_ms(100).await;
    assert_eq!(text_of(&host, "#titre-lecon-ouverte"), "Les pods");
    assert!(text_of(&host, "#titre-etape").starts_with("Étape 1/"), "{}", text_of(&host, "#titre-etape"));
    assert!(!text_of(&host, "[data-testid=objectif]").is_empty());
    // The console said the lesson's cluster is ready.
    assert!(screen(&host).iter().any(|l| l.starts_with("Leçon 2/")), "{:?}", screen(&host));
    let button: HtmlElement = host.query_selector(".etape-consigne .commande").unwrap().expect("a command button").unchecked_into();
    let command = button.text_content().unwrap();
    button.click();
    wait_ms(30).await;
    assert_eq!(input(&host).value(), command);
    drop(host);
    set_hash("");
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn start_replaces_the_loading_notice_with_the_app() {
    let notice = document().create_element("div").unwrap();
    notice.set_id("chargement");
    document().body().unwrap().append_child(&notice).unwrap();

    kube_atelier::ui::start();
    // `start` installs the page's panic recovery (a reload); in this test page a
    // reload would restart every test: back to a plain panic message.
    std::panic::set_hook(Box::new(console_error_panic_hook::hook));

    assert!(document().get_element_by_id("chargement").is_none());
    assert!(document().query_selector("body > .atelier").unwrap().is_some());
}

// ---- the console ----

use kube_atelier::shell::Session;
use kube_atelier::ui::Console;
use web_sys::{HtmlInputElement, KeyboardEvent, KeyboardEventInit};

fn mount_console() -> Mounted {
    mount(|| view! { <Console session=Session::new(1, 0)/> })
}

fn input(host: &HtmlElement) -> HtmlInputElement {
    host.query_selector("[data-testid=console-saisie]").unwrap().unwrap().unchecked_into()
}

/// Types text as the browser would: the value changes, then an `input` event.
fn type_text(host: &HtmlElement, text: &str) {
    let el = input(host);
    let value = format!("{}{text}", el.value());
    el.set_value(&value);
    let n = value.encode_utf16().count() as u32;
    el.set_selection_range(n, n).unwrap();
    el.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn press(host: &HtmlElement, key: &str, ctrl: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input(host).dispatch_event(&ev).unwrap();
}

/// The lines on screen (a block holds a command's whole output).
fn screen(host: &HtmlElement) -> Vec<String> {
    let blocks = host.query_selector_all("[data-testid=console-sortie] .ligne:not(.ligne-saisie)").unwrap();
    (0..blocks.length())
        .flat_map(|i| {
            let text = blocks.item(i).unwrap().text_content().unwrap();
            text.trim_end_matches('\u{200b}').split('\n').map(String::from).collect::<Vec<_>>()
        })
        .collect()
}

/// Lets the app's timer run (the clock moves at real time, in 100 ms steps).
async fn wait_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn typing_a_command_runs_it_and_shows_kubectls_output() {
    let host = mount_console();
    assert_eq!(text_of(&host, "[data-testid=console-invite]"), "$ ");
    type_text(&host, "kubectl get nodes");
    press(&host, "Enter", false);
    wait_ms(20).await;
    let lines = screen(&host);
    assert_eq!(lines[0], "$ kubectl get nodes");
    assert_eq!(lines[1], "NAME       STATUS   ROLES           AGE   VERSION");
    assert!(lines[2].starts_with("minikube   Ready    control-plane"));
    assert_eq!(input(&host).value(), "");
    // The output is a live region: screen readers announce it.
    let log = host.query_selector("[data-testid=console-sortie]").unwrap().unwrap();
    assert_eq!(log.get_attribute("aria-live").as_deref(), Some("polite"));
    drop(host);
}

#[wasm_bindgen_test]
async fn arrow_up_recalls_history_and_errors_are_marked() {
    let host = mount_console();
    type_text(&host, "kubectl get pod nope");
    press(&host, "Enter", false);
    press(&host, "ArrowUp", false);
    assert_eq!(input(&host).value(), "kubectl get pod nope");
    wait_ms(20).await;
    let error = host.query_selector(".ligne-erreur").unwrap().unwrap();
    assert_eq!(error.text_content().unwrap(), "Error from server (NotFound): pods \"nope\" not found");
    drop(host);
}

#[wasm_bindgen_test]
async fn tab_completes_the_name_of_a_live_pod() {
    let host = mount_console();
    type_text(&host, "kubectl run web --image=nginx");
    press(&host, "Enter", false);
    type_text(&host, "kubectl logs w");
    press(&host, "Tab", false);
    assert_eq!(input(&host).value(), "kubectl logs web ");
    drop(host);
}

#[wasm_bindgen_test]
async fn a_watch_streams_while_the_clock_runs_and_ctrl_c_stops_it() {
    let host = mount_console();
    type_text(&host, "kubectl run web --image=nginx");
    press(&host, "Enter", false);
    type_text(&host, "kubectl get pods -w");
    press(&host, "Enter", false);
    // A pulled nginx takes a few simulated seconds to start: the clock runs at 1×.
    // Wait for the Running line itself (bounded at 30 s), not for a fixed time.
    let running = |lines: &[String]| lines.iter().any(|l| l.starts_with("web ") && l.contains("1/1") && l.contains("Running"));
    let mut waited = 0;
    while !running(&screen(&host)) {
        assert!(waited < 30_000, "never Running: {:?}", screen(&host));
        wait_ms(100).await;
        waited += 100;
    }
    // While the watch runs there is no prompt; Ctrl+C stops it.
    assert_eq!(text_of(&host, "[data-testid=console-invite]"), "");
    press(&host, "c", true);
    wait_ms(20).await;
    assert_eq!(screen(&host).last().unwrap(), "^C");
    assert_eq!(text_of(&host, "[data-testid=console-invite]"), "$ ");
    drop(host);
}

// ---- nothing lost on reload ----

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Where these tests save (apart from the page's own console, mounted by other tests).
const KEY: &str = "atelier-kubernetes/test";

/// Mounts a saved, persistent console, as the page's.
fn mount_saved_console() -> Mounted {
    mount(|| view! { <Console storage_key=KEY/> })
}

#[wasm_bindgen_test]
async fn the_session_comes_back_after_a_reload() {
    storage().clear().unwrap();
    let host = mount_saved_console();
    type_text(&host, "kubectl apply -f redis-pod.yaml");
    press(&host, "Enter", false);
    wait_ms(50).await;
    assert!(screen(&host).contains(&"pod/redis created".to_string()), "{:?}", screen(&host));
    drop(host);
    // A reload: a new page instance finds the saved journal and replays it.
    let again = mount_saved_console();
    wait_ms(50).await;
    let lines = screen(&again);
    assert!(lines.contains(&"pod/redis created".to_string()), "{lines:?}");
    type_text(&again, "kubectl get pods -o name");
    press(&again, "Enter", false);
    wait_ms(50).await;
    assert_eq!(screen(&again).last().unwrap(), "pod/redis");
    // And the history came back too.
    press(&again, "ArrowUp", false);
    press(&again, "ArrowUp", false);
    assert_eq!(input(&again).value(), "kubectl apply -f redis-pod.yaml");
    drop(again);
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_corrupt_save_is_kept_aside_and_the_page_starts_clean() {
    storage().clear().unwrap();
    storage().set_item(KEY, "{ ceci n'est pas du JSON").unwrap();
    let host = mount_saved_console();
    wait_ms(20).await;
    let note = host.query_selector(".ligne-note").unwrap().expect("a French note").text_content().unwrap();
    assert!(note.starts_with("Votre session précédente n’a pas pu être restaurée"), "{note}");
    assert_eq!(storage().get_item(&format!("{KEY}-illisible")).unwrap().as_deref(), Some("{ ceci n'est pas du JSON"));
    type_text(&host, "kubectl get nodes -o name");
    press(&host, "Enter", false);
    wait_ms(20).await;
    assert_eq!(screen(&host).last().unwrap(), "node/minikube");
    drop(host);
    storage().clear().unwrap();
}

// ---- the editor ----

fn set_editor_text(host: &HtmlElement, text: &str) {
    let area: web_sys::HtmlTextAreaElement =
        host.query_selector("[data-testid=editeur-texte]").unwrap().expect("the editor is open").unchecked_into();
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn click(host: &HtmlElement, css: &str) {
    let el: HtmlElement = host.query_selector(css).unwrap().unwrap_or_else(|| panic!("no {css}")).unchecked_into();
    el.click();
}

#[wasm_bindgen_test]
async fn nano_opens_the_editor_which_checks_as_you_type_and_saves_the_file() {
    let host = mount_console();
    type_text(&host, "nano web.yaml");
    press(&host, "Enter", false);
    wait_ms(20).await;
    assert!(host.query_selector("[data-testid=editeur]").unwrap().is_some(), "the editor opens");
    set_editor_text(
        &host,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    imagee: nginx\n",
    );
    wait_ms(20).await;
    let problems = text_of(&host, "[data-testid=editeur-problemes]");
    assert_eq!(
        problems,
        "Ligne 8\u{a0}: Champ inconnu de Kubernetes\u{a0}: strict decoding error: unknown field \"spec.containers[0].imagee\""
    );
    set_editor_text(
        &host,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n",
    );
    wait_ms(20).await;
    assert_eq!(text_of(&host, "[data-testid=editeur-problemes]"), "Aucun problème détecté.");
    click(&host, "[data-testid=editeur-enregistrer]");
    wait_ms(20).await;
    assert!(host.query_selector("[data-testid=editeur]").unwrap().is_none(), "the editor closes");
    type_text(&host, "kubectl apply -f web.yaml");
    press(&host, "Enter", false);
    wait_ms(20).await;
    assert_eq!(screen(&host).last().unwrap(), "pod/web created");
}

#[wasm_bindgen_test]
async fn kubectl_edit_applies_what_the_editor_saves() {
    let host = mount_console();
    type_text(&host, "kubectl create deployment web --image=nginx");
    press(&host, "Enter", false);
    type_text(&host, "kubectl edit deploy/web");
    press(&host, "Enter", false);
    wait_ms(20).await;
    assert_eq!(text_of(&host, ".editeur-titre"), "deployment.apps/web");
    let area: web_sys::HtmlTextAreaElement =
        host.query_selector("[data-testid=editeur-texte]").unwrap().unwrap().unchecked_into();
    let edited = area.value().replace("replicas: 1", "replicas: 3");
    set_editor_text(&host, &edited);
    click(&host, "[data-testid=editeur-enregistrer]");
    wait_ms(20).await;
    assert_eq!(screen(&host).last().unwrap(), "deployment.apps/web edited");
    type_text(&host, "kubectl get deploy web -o jsonpath={.spec.replicas}");
    press(&host, "Enter", false);
    wait_ms(20).await;
    assert_eq!(screen(&host).last().unwrap(), "3");
}

// ---- the cluster picture ----

#[wasm_bindgen_test]
async fn the_picture_shows_a_pod_by_its_status_and_a_service_linked_to_its_endpoints() {
    use kube_atelier::lessons::tutor::Tutor;
    use kube_atelier::ui::ClusterPane;
    use kube_atelier::ui::state::{Model, Shared};
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl apply -f redis-pod.yaml");
    s.input("kubectl apply -f redis-service.yaml");
    s.input("kubectl run web --image=nginx:doesnotexist");
    s.tick(30.0);
    let shared = Shared::new(Model::guided(s, 1, kube_atelier::lessons::new_session, Tutor::new(Vec::new())));
    let host = mount(move || {
        provide_context(shared);
        view! { <ClusterPane/> }
    });
    wait_ms(50).await;
    let redis = host.query_selector("[data-pod='default/redis']").unwrap().expect("a chip for the redis pod");
    assert!(redis.get_attribute("class").unwrap().contains("pod-running"));
    assert!(redis.get_attribute("aria-label").unwrap().starts_with("redis Running latest, pod redis, IP 10.244."));
    let web = host.query_selector("[data-pod='default/web']").unwrap().expect("a chip for the web pod");
    assert!(web.get_attribute("class").unwrap().contains("pod-pull-error"), "{:?}", web.get_attribute("aria-label"));
    assert!(web.text_content().unwrap().contains("ImagePullBackOff"));
    // The redis service: one line, solid (its endpoint is ready), to the redis chip.
    assert_eq!(host.query_selector_all("[data-testid=schema] .lien").unwrap().length(), 1);
    assert_eq!(host.query_selector_all("[data-testid=schema] .lien-pas-pret").unwrap().length(), 0);
    let services = host.query_selector_all("[data-testid=schema] .service-nom").unwrap();
    let names: Vec<String> = (0..services.length()).map(|i| services.item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(names, ["kubernetes", "redis"]);
    assert!(text_of(&host, "[data-testid=cluster-resume]").starts_with("1 nœud, 2 pods"));
    drop(host);
}
