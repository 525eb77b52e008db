//! The app shell: the header and the three regions the product fills, the
//! lesson, the console and the picture of the cluster.

use leptos::prelude::*;

use crate::lessons::tutor::Source;

use super::console::{Console, page_state};
use super::lesson::LessonPane;
use super::picture::ClusterPane;
use super::state::{Request, Shared};

/// The whole page below `<body>`.
#[component]
pub fn App() -> impl IntoView {
    let shared = page_state();
    provide_context(shared);
    routes(shared);
    view! {
        <div class="atelier" class:formateur=move || shared.trainer.get()>
            <Header shared=shared/>
            <main class="espace">
                <Pane id="lecon" title="Leçon">
                    <LessonPane/>
                </Pane>
                <Pane id="console" title="Console">
                    <Console/>
                </Pane>
                <Pane id="cluster" title="Cluster">
                    <ClusterPane/>
                </Pane>
            </main>
        </div>
    }
}

/// Where the URL's hash leads: `#/lecons`, `#/lecon/ID`, `#/lecon/ID/N`,
/// each with `?formateur` for the trainer mode.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Route {
    Home,
    List,
    Lesson(String, Option<usize>),
}

fn parse_hash(hash: &str) -> (Route, bool) {
    let hash = hash.trim_start_matches('#');
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let trainer = query.split('&').any(|q| q == "formateur");
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let route = match parts.as_slice() {
        ["lecons"] => Route::List,
        ["lecon", id] => Route::Lesson(id.to_string(), None),
        ["lecon", id, step] => Route::Lesson(id.to_string(), step.parse::<usize>().ok().filter(|n| *n >= 1).map(|n| n - 1)),
        _ => Route::Home,
    };
    (route, trainer)
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Follows the URL (at load, and on back/forward), and keeps it on the
/// lesson and step the learner is at (replacing it, so that passing a step
/// adds no history entry).
fn routes(shared: Shared) {
    let follow = move || {
        if shared.restoring.get_untracked() {
            // Followed once the saved session is back (below).
            return;
        }
        let (route, trainer) = parse_hash(&current_hash());
        if trainer {
            shared.trainer.set(true);
        }
        let here = shared.model.with_value(|m| {
            m.guide().and_then(|t| t.open().map(|(_, l)| (l.id.clone(), t.progress.of(&l.id).current)))
        });
        match route {
            Route::List => shared.listing.set(true),
            Route::Home => {
                shared.listing.set(false);
                if here.is_none() {
                    // A first visit: the course begins.
                    shared.ask(Request::Open(Source::Course(0), Some(0)));
                }
            }
            Route::Lesson(id, step) => {
                shared.listing.set(false);
                let same = here.as_ref().is_some_and(|(open, at)| *open == id && step.is_none_or(|s| s == *at));
                if !same {
                    let source = shared.model.with_value(|m| m.guide().and_then(|t| t.find(&id)));
                    match source {
                        Some(source) => shared.ask(Request::Open(source, step)),
                        None => shared.listing.set(true),
                    }
                }
            }
        }
    };
    // At load, and once a saved session that needed its lessons fetched is back.
    Effect::new(move |_| {
        if !shared.restoring.get() {
            follow();
        }
    });
    let handle = window_event_listener(leptos::ev::hashchange, move |_| follow());
    on_cleanup(move || handle.remove());
    // The URL follows the tutor.
    Effect::new(move |_| {
        shared.changed.track();
        let listing = shared.listing.get();
        let trainer = shared.trainer.get();
        let at = shared.model.with_value(|m| {
            m.guide().and_then(|t| t.open().map(|(_, l)| (l.id.clone(), t.progress.of(&l.id).current, l.steps.len())))
        });
        let suffix = if trainer { "?formateur" } else { "" };
        let wanted = match (listing, at) {
            (true, _) => format!("#/lecons{suffix}"),
            (false, Some((id, current, total))) => format!("#/lecon/{id}/{}{suffix}", current.min(total.saturating_sub(1)) + 1),
            (false, None) => return,
        };
        if current_hash() != wanted {
            let _ = window().location().replace(&wanted);
        }
    });
}

#[component]
fn Header(shared: Shared) -> impl IntoView {
    view! {
        <header class="entete">
            <h1 class="entete-titre">
                <span class="logo" aria-hidden="true">"⎈"</span>
                "Atelier Kubernetes"
            </h1>
            <p class="entete-accroche">
                "Apprenez Kubernetes en français, dans votre navigateur\u{a0}: \
                 pas de serveur, pas d’installation, pas de compte."
            </p>
            <label class="entete-formateur">
                <input
                    type="checkbox"
                    data-testid="mode-formateur"
                    prop:checked=move || shared.trainer.get()
                    on:change=move |ev| shared.trainer.set(event_target_checked(&ev))
                />
                " Mode formateur"
            </label>
        </header>
    }
}

/// One region of the page: a titled, labelled landmark that tests and screen
/// readers find by its id (`region-<id>`, `titre-<id>`).
#[component]
pub fn Pane(
    /// Short identifier, used in the element ids.
    id: &'static str,
    /// The French title shown at the top of the region.
    title: &'static str,
    children: Children,
) -> impl IntoView {
    let title_id = format!("titre-{id}");
    let labelled_by = title_id.clone();
    // The lesson and the cluster can be folded away, to give the console the room.
    let folded = RwSignal::new(false);
    let foldable = id != "console";
    let content_id = format!("contenu-{id}");
    let controls = content_id.clone();
    view! {
        <section
            class=format!("panneau panneau-{id}")
            class:replie=move || folded.get()
            id=format!("region-{id}")
            data-testid=format!("region-{id}")
            aria-labelledby=labelled_by
        >
            <div class="panneau-entete">
                <h2 class="panneau-titre" id=title_id>{title}</h2>
                {foldable.then(|| view! {
                    <button
                        type="button"
                        class="panneau-replier"
                        data-testid=format!("replier-{id}")
                        aria-expanded=move || (!folded.get()).to_string()
                        aria-controls=controls.clone()
                        on:click=move |_| folded.update(|f| *f = !*f)
                    >
                        {move || if folded.get() { "Afficher" } else { "Réduire" }}
                    </button>
                })}
            </div>
            <div class="panneau-contenu" id=content_id>{children()}</div>
        </section>
    }
}
