//! The lesson pane: the list of lessons with the learner's progress, or the
//! open lesson (its steps as marks, the current step's instruction and goal,
//! the hints asked for, the success of the step just passed with its
//! explanation), and a place to try a trainer's lesson file. Its buttons go
//! through the console (lesson commands typed for the learner), so that the
//! console shows and journals them as if typed.

use leptos::prelude::*;

use crate::lessons::format::Lesson;
use crate::lessons::markdown::{Block, Inline};
use crate::lessons::progress::{LessonProgress, Mark};
use crate::lessons::tutor::{Passed, Source};

use super::state::{Request, Shared};

/// What the pane draws, read from the tutor at once.
#[derive(Clone)]
struct Snapshot {
    /// The course: (id, title, summary, steps, steps done, of which by the solution).
    course: Vec<(String, String, String, usize, usize, usize)>,
    open: Option<Open>,
}

#[derive(Clone)]
struct Open {
    source: Source,
    lesson: Lesson,
    progress: LessonProgress,
    hints: usize,
    passed: Option<Passed>,
    count: usize,
}

fn snapshot(shared: &Shared) -> Option<Snapshot> {
    shared.model.with_value(|m| {
        let t = m.guide()?;
        let course = t
            .lessons()
            .iter()
            .map(|l| {
                let p = t.progress.of(&l.id);
                let executed = p.marks.iter().filter(|m| **m == Some(Mark::Executed)).count();
                (l.id.clone(), l.title.clone(), l.summary.clone(), l.steps, p.done(), executed)
            })
            .collect();
        let open = t.open().map(|(source, lesson)| Open {
            source: source.clone(),
            lesson: lesson.clone(),
            progress: t.progress.of(&lesson.id),
            hints: t.hints_shown(),
            passed: t.passed.clone().filter(|p| &p.lesson == source),
            count: t.lessons().len(),
        });
        Some(Snapshot { course, open })
    })
}

#[component]
pub fn LessonPane() -> impl IntoView {
    let shared = expect_context::<Shared>();
    move || {
        shared.changed.track();
        let listing = shared.listing.get();
        let Some(snap) = snapshot(&shared) else { return view! { <p>"Chargement des leçons…"</p> }.into_any() };
        match snap.open {
            Some(open) if !listing => lesson_view(shared, open).into_any(),
            _ => list_view(shared, snap.course).into_any(),
        }
    }
}

fn list_view(shared: Shared, course: Vec<(String, String, String, usize, usize, usize)>) -> impl IntoView {
    let items = course
        .into_iter()
        .enumerate()
        .map(|(i, (id, title, summary, steps, done, executed))| {
            let finished = steps > 0 && done == steps;
            let by = match executed {
                0 => String::new(),
                1 => " (une par la solution)".to_string(),
                n => format!(" (dont {n} par la solution)"),
            };
            let state = if finished {
                format!("terminée{by}")
            } else if done > 0 {
                format!("{done} étape{} sur {steps}{by}", if done > 1 { "s" } else { "" })
            } else {
                format!("{steps} étapes")
            };
            view! {
                <li class="lecons-item" class:lecon-finie=finished>
                    <a href=format!("#/lecon/{id}") data-testid=format!("lecon-{id}")>
                        <span class="lecons-numero">{format!("{}.", i + 1)}</span>
                        " "
                        {title}
                    </a>
                    <span class="lecons-etat">
                        {finished.then_some(view! { <span aria-hidden="true">"✔ "</span> })}
                        {state}
                    </span>
                    {(!summary.is_empty()).then(|| view! { <p class="lecons-resume">{summary}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <nav aria-labelledby="titre-liste-lecons" data-testid="liste-lecons">
            <h3 id="titre-liste-lecons" class="lecon-titre">"Les leçons"</h3>
            <ol class="lecons">{items}</ol>
        </nav>
        <TryLesson shared=shared/>
    }
}

/// Drop (or choose) a lesson file to try it at once.
#[component]
fn TryLesson(shared: Shared) -> impl IntoView {
    let read = move |file: web_sys::File| {
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
            match text {
                Some(text) => shared.ask(Request::TryFile(text)),
                None => shared.file_errors.set(vec!["Ce fichier n’est pas un texte lisible.".into()]),
            }
        });
    };
    view! {
        <section
            class="essai"
            aria-labelledby="titre-essai"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                    read(file);
                }
            }
        >
            <h3 id="titre-essai" class="essai-titre">"Essayer une leçon"</h3>
            <p class="essai-aide">
                "Formateurs\u{a0}: déposez ici un fichier de leçon (.md), ou choisissez-le, pour l’essayer aussitôt. \
                 Le format est décrit dans "
                <code>"lessons/README.md"</code>
                "."
            </p>
            <label class="bouton">
                "Choisir un fichier de leçon"
                <input
                    type="file"
                    accept=".md,.markdown,.txt,text/markdown,text/plain"
                    class="cache"
                    data-testid="essai-fichier"
                    on:change=move |ev| {
                        let el: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(file) = el.files().and_then(|f| f.get(0)) {
                            read(file);
                        }
                    }
                />
            </label>
            {move || {
                let errors = shared.file_errors.get();
                (!errors.is_empty())
                    .then(|| {
                        view! {
                            <div class="essai-erreurs" role="alert" data-testid="essai-erreurs">
                                <p>"Cette leçon contient des erreurs\u{a0}:"</p>
                                <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

fn lesson_view(shared: Shared, open: Open) -> impl IntoView {
    let Open { source, lesson, progress, hints, passed, count } = open;
    let total = lesson.steps.len();
    let current = progress.current;
    let number = match source {
        Source::Course(i) => format!("Leçon {}/{count}", i + 1),
        Source::Dropped => "Leçon d’essai".to_string(),
    };
    let marks = (0..total)
        .map(|i| {
            let (class, said) = match progress.mark(i) {
                Some(Mark::Solved) => ("marque marque-reussie", "réussie"),
                Some(Mark::Executed) => ("marque marque-solution", "passée par la solution"),
                None if i == current => ("marque marque-courante", "en cours"),
                None => ("marque", "à faire"),
            };
            let symbol = match progress.mark(i) {
                Some(Mark::Solved) => "✔".to_string(),
                Some(Mark::Executed) => "◆".to_string(),
                None => (i + 1).to_string(),
            };
            let title = lesson.steps[i].title.clone();
            view! {
                <li class=class title=format!("Étape {} ({said})\u{a0}: {title}", i + 1)>
                    <span aria-hidden="true">{symbol}</span>
                    <span class="lecteur">{format!("Étape {}\u{a0}: {said}", i + 1)}</span>
                </li>
            }
        })
        .collect_view();
    let success = passed.and_then(|p| {
        let step = lesson.steps.get(p.step)?;
        let by = if p.mark == Mark::Executed { " (par la solution)" } else { "" };
        Some(view! {
            <div class="reussite" data-testid="reussite">
                <p class="reussite-titre">
                    <span aria-hidden="true">"✔ "</span>
                    {format!("Étape {} réussie{by}\u{a0}!", p.step + 1)}
                </p>
                <div class="reussite-explication">{blocks(shared, &step.explanation)}</div>
            </div>
        })
    });
    // The success is announced; the rest of the pane is read on demand.
    let announce = success.is_some().then(|| format!("Étape réussie\u{a0}! {}", if current < total { "Étape suivante affichée." } else { "Leçon terminée." }));
    let intro = (current == 0 && !lesson.intro.is_empty()).then(|| view! { <div class="lecon-intro">{blocks(shared, &lesson.intro)}</div> });
    let body = match lesson.steps.get(current) {
        Some(step) => {
            let shown_hints: Vec<_> = step.hints.iter().take(hints).cloned().collect();
            let more_hints = hints < step.hints.len();
            let solution = step.solution.join("\n");
            let trainer_solution = solution.clone();
            view! {
                <section class="etape" aria-labelledby="titre-etape" data-testid="etape">
                    <h4 id="titre-etape" class="etape-titre">{format!("Étape {}/{total}\u{a0}: {}", current + 1, step.title)}</h4>
                    <div class="etape-consigne">{blocks(shared, &step.instruction)}</div>
                    <div class="objectif" data-testid="objectif">
                        <p class="objectif-titre">"Objectif"</p>
                        {blocks(shared, &step.goal_text)}
                    </div>
                    {(!shown_hints.is_empty()).then(|| view! {
                        <ol class="indices" aria-label="Indices">
                            {shown_hints.iter().map(|h| view! { <li>{inlines(shared, h)}</li> }).collect_view()}
                        </ol>
                    })}
                    <div class="solution-formateur" data-testid="solution-formateur" hidden=move || !shared.trainer.get()>
                        <p class="objectif-titre">"Solution"</p>
                        <pre><code>{trainer_solution}</code></pre>
                    </div>
                    <div class="etape-actions">
                        <button type="button" class="bouton" disabled=!more_hints on:click=move |_| shared.ask(Request::Run("indice".into()))>
                            {if more_hints { "Un indice" } else { "Plus d’indice" }}
                        </button>
                        <button type="button" class="bouton" on:click=move |_| shared.ask(Request::Run("solution".into()))>"Voir la solution"</button>
                        <button type="button" class="bouton" data-testid="executer-solution" on:click=move |_| shared.ask(Request::Run("solution --executer".into()))>
                            "Exécuter la solution"
                        </button>
                        <button type="button" class="bouton bouton-discret" on:click=move |_| shared.ask(Request::Run("annuler".into()))>
                            "Annuler la dernière commande"
                        </button>
                        <button type="button" class="bouton bouton-discret" on:click=move |_| shared.ask(Request::Run("recommencer".into()))>
                            "Recommencer la leçon"
                        </button>
                    </div>
                </section>
            }
            .into_any()
        }
        None => {
            let next = match source {
                Source::Course(i) if i + 1 < count => Some(i + 1),
                _ => None,
            };
            view! {
                <section class="etape" data-testid="lecon-terminee">
                    <h4 class="etape-titre">"Leçon terminée\u{a0}!"</h4>
                    <p>"Bravo, toutes les étapes sont faites. Vous pouvez la recommencer, ou passer à la suite."</p>
                    <div class="etape-actions">
                        {next.map(|_| view! { <button type="button" class="bouton" on:click=move |_| shared.ask(Request::Run("suivant".into()))>"Leçon suivante"</button> })}
                        <button type="button" class="bouton bouton-discret" on:click=move |_| shared.ask(Request::Run("recommencer".into()))>"Recommencer la leçon"</button>
                    </div>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <article class="lecon" aria-labelledby="titre-lecon-ouverte" data-testid="lecon">
            <p class="fil"><a href="#/lecons">"Toutes les leçons"</a>" · "{number}</p>
            <h3 id="titre-lecon-ouverte" class="lecon-titre">{lesson.title.clone()}</h3>
            <ol class="marques" aria-label="Étapes de la leçon">{marks}</ol>
            <div class="lecteur" role="status" aria-live="polite">{announce}</div>
            {success}
            {intro}
            {body}
        </article>
    }
}

/// Markdown blocks as views; commands are buttons that paste into the console.
fn blocks(shared: Shared, blocks: &[Block]) -> impl IntoView + use<> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => view! { <p>{inlines(shared, p)}</p> }.into_any(),
            Block::List { ordered: false, items } => {
                view! { <ul>{items.iter().map(|i| view! { <li>{inlines(shared, i)}</li> }).collect_view()}</ul> }.into_any()
            }
            Block::List { ordered: true, items } => {
                view! { <ol>{items.iter().map(|i| view! { <li>{inlines(shared, i)}</li> }).collect_view()}</ol> }.into_any()
            }
            Block::Code { text, commands: true, .. } => {
                let lines: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
                view! {
                    <div class="commandes">
                        {lines.into_iter().map(|l| command_button(shared, l)).collect_view()}
                    </div>
                }
                .into_any()
            }
            Block::Code { text, .. } => view! { <pre class="code"><code>{text.clone()}</code></pre> }.into_any(),
        })
        .collect_view()
}

fn command_button(shared: Shared, command: String) -> impl IntoView {
    let pasted = command.clone();
    view! {
        <button
            type="button"
            class="commande"
            title="Copier dans la console"
            on:click=move |_| shared.ask(Request::Paste(pasted.clone()))
        >
            <code>{command}</code>
        </button>
    }
}

fn inlines(shared: Shared, inlines: &[Inline]) -> impl IntoView + use<> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => t.clone().into_any(),
            Inline::Code { text, command: true } => command_button(shared, text.clone()).into_any(),
            Inline::Code { text, .. } => view! { <code>{text.clone()}</code> }.into_any(),
            Inline::Strong(inner) => view! { <strong>{inlines_boxed(shared, inner)}</strong> }.into_any(),
            Inline::Emphasis(inner) => view! { <em>{inlines_boxed(shared, inner)}</em> }.into_any(),
            Inline::Link { text, href } => {
                // Only web links: a lesson file cannot run script through a link.
                let safe = href.starts_with("https://") || href.starts_with("http://") || href.starts_with('#');
                let href = if safe { href.clone() } else { "#".to_string() };
                view! { <a href=href target="_blank" rel="noopener noreferrer">{inlines_boxed(shared, text)}</a> }.into_any()
            }
        })
        .collect_view()
}

/// Nested inlines (bold inside a link…): boxed so the view type stays finite.
fn inlines_boxed(shared: Shared, inner: &[Inline]) -> AnyView {
    inlines(shared, inner).into_any()
}
