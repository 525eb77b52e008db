//! The app shell: the header and the three regions the product fills, the
//! lesson, the console and the picture of the cluster.

use leptos::prelude::*;

use super::console::Console;

/// The whole page below `<body>`.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="atelier">
            <Header/>
            <main class="espace">
                <Pane id="lecon" title="Leçon">
                    <LessonPlaceholder/>
                </Pane>
                <Pane id="console" title="Console">
                    <Console/>
                </Pane>
                <Pane id="cluster" title="Cluster">
                    <ClusterPlaceholder/>
                </Pane>
            </main>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
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
    view! {
        <section
            class=format!("panneau panneau-{id}")
            id=format!("region-{id}")
            data-testid=format!("region-{id}")
            aria-labelledby=labelled_by
        >
            <h2 class="panneau-titre" id=title_id>{title}</h2>
            <div class="panneau-contenu">{children()}</div>
        </section>
    }
}

/// The course's progression, shown until the lesson engine replaces it.
const PLANNED_LESSONS: [&str; 8] = [
    "Prise en main\u{a0}: la console, kubectl, le cluster, les nœuds",
    "Les pods\u{a0}: manifeste, apply, get, describe, logs, exec",
    "Labels et sélecteurs",
    "Les services\u{a0}: ClusterIP, NodePort, LoadBalancer\u{a0}; le guestbook et redis",
    "Les ReplicaSets et l’auto-réparation",
    "Les deployments\u{a0}: création, scale",
    "Les mises à jour progressives (rolling updates)",
    "Les retours arrière (rollbacks)",
];

#[component]
fn LessonPlaceholder() -> impl IntoView {
    view! {
        <p>
            "Ici, les leçons vous guideront pas à pas. Chaque étape vous donne un objectif, \
             vérifié sur le cluster après chacune de vos commandes, avec des indices et la solution."
        </p>
        <p class="a-venir">"Les leçons arrivent bientôt. Au programme\u{a0}:"</p>
        <ol class="programme">
            {PLANNED_LESSONS.iter().map(|lesson| view! { <li>{*lesson}</li> }).collect_view()}
        </ol>
    }
}

#[component]
fn ClusterPlaceholder() -> impl IntoView {
    view! {
        <p>
            "Ici, un schéma montrera le cluster en direct\u{a0}: le nœud "
            <code>"minikube"</code>
            ", les pods colorés selon leur état, les services et leurs endpoints, \
             les deployments et leurs ReplicaSets."
        </p>
        <p class="a-venir">"Le schéma du cluster arrive bientôt."</p>
    }
}
