//! The manifest editor: a text area over its coloured copy, line numbers,
//! and the problems found as you type (YAML errors, unknown fields) with
//! their lines. It edits the console's files, and what `kubectl edit`,
//! `nano` or `vi` hand it.

use leptos::html;
use leptos::prelude::*;

use crate::shell::editor::{Token, diagnose, highlight};

/// What the editor holds: a title, the text, and the text it opened with.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// `deployment.apps/web` or a file path.
    pub title: String,
    pub text: String,
}

/// The editor. `on_save` gets the text; `on_cancel` closes without saving.
#[component]
pub fn Editor(opened: Opened, on_save: Callback<String>, on_cancel: Callback<()>) -> impl IntoView {
    let (text, set_text) = signal(opened.text.clone());
    let area: NodeRef<html::Textarea> = NodeRef::new();
    let coloured: NodeRef<html::Pre> = NodeRef::new();
    let gutter: NodeRef<html::Div> = NodeRef::new();

    let problems = Memo::new(move |_| diagnose(&text.get()));
    let line_count = move || text.with(|t| t.split('\n').count());

    let coloured_view = move || {
        text.with(|t| {
            t.split('\n')
                .map(|line| {
                    let pieces = highlight(line)
                        .into_iter()
                        .map(|(token, piece)| {
                            let class = match token {
                                Token::Plain => "",
                                Token::Key => "yaml-cle",
                                Token::String => "yaml-chaine",
                                Token::Number => "yaml-nombre",
                                Token::Keyword => "yaml-mot",
                                Token::Comment => "yaml-commentaire",
                                Token::Punctuation => "yaml-ponctuation",
                            };
                            view! { <span class=class>{piece}</span> }
                        })
                        .collect_view();
                    view! { <div class="editeur-ligne">{pieces}"\u{200b}"</div> }
                })
                .collect_view()
        })
    };

    // The coloured copy and the line numbers scroll with the text area.
    let on_scroll = move |_| {
        if let Some(a) = area.get() {
            if let Some(c) = coloured.get() {
                c.set_scroll_top(a.scroll_top());
                c.set_scroll_left(a.scroll_left());
            }
            if let Some(g) = gutter.get() {
                g.set_scroll_top(a.scroll_top());
            }
        }
    };

    let save = move || on_save.run(text.get_untracked());
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            save();
        } else if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel.run(());
        } else if ev.key() == "Tab" {
            // Tab indents with two spaces, as YAML wants.
            ev.prevent_default();
            if let Some(a) = area.get() {
                let start = a.selection_start().ok().flatten().unwrap_or(0) as usize;
                let value = a.value();
                let byte = value.encode_utf16().take(start).count();
                let mut units = 0;
                let mut at = value.len();
                for (i, c) in value.char_indices() {
                    if units >= byte {
                        at = i;
                        break;
                    }
                    units += c.len_utf16();
                }
                let new = format!("{}  {}", &value[..at], &value[at..]);
                a.set_value(&new);
                let _ = a.set_selection_range(start as u32 + 2, start as u32 + 2);
                set_text.set(new);
            }
        }
    };

    // Focus the text once shown.
    Effect::new(move |_| {
        if let Some(a) = area.get() {
            let _ = a.focus();
        }
    });

    let title = opened.title.clone();
    view! {
        <div class="editeur" data-testid="editeur" role="dialog" aria-label=format!("Éditeur\u{a0}: {title}")>
            <div class="editeur-barre">
                <span class="editeur-titre">{opened.title.clone()}</span>
                <span class="editeur-actions">
                    <button type="button" class="terminal-bouton" data-testid="editeur-enregistrer" on:click=move |_| save()>
                        "Enregistrer (Ctrl+S)"
                    </button>
                    <button type="button" class="terminal-bouton" data-testid="editeur-annuler" on:click=move |_| on_cancel.run(())>
                        "Annuler (Échap)"
                    </button>
                </span>
            </div>
            <div class="editeur-corps">
                <div class="editeur-numeros" node_ref=gutter aria-hidden="true">
                    {move || (1..=line_count()).map(|n| view! { <div>{n}</div> }).collect_view()}
                </div>
                <div class="editeur-zone">
                    <pre class="editeur-couleurs" node_ref=coloured aria-hidden="true">{coloured_view}</pre>
                    <textarea
                        class="editeur-texte"
                        data-testid="editeur-texte"
                        node_ref=area
                        spellcheck="false"
                        autocapitalize="off"
                        aria-label="Contenu du fichier"
                        prop:value=opened.text
                        on:input=move |ev| set_text.set(event_target_value(&ev))
                        on:scroll=on_scroll
                        on:keydown=on_keydown
                    ></textarea>
                </div>
            </div>
            <ul class="editeur-problemes" data-testid="editeur-problemes" aria-live="polite">
                {move || {
                    let list = problems.get();
                    if list.is_empty() {
                        view! { <li class="editeur-ok">"Aucun problème détecté."</li> }.into_any()
                    } else {
                        list.into_iter()
                            .map(|p| {
                                let at = p.line.map(|l| format!("Ligne {l}\u{a0}: ")).unwrap_or_default();
                                view! { <li>{at}{p.message}</li> }
                            })
                            .collect_view()
                            .into_any()
                    }
                }}
            </ul>
        </div>
    }
}
