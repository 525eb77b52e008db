//! The console: the shell's [`Console`] model drawn as real DOM text (so it
//! can be selected, copied, zoomed and read aloud), a native input for the
//! line being typed, and the browser's timer moving the simulated clock at 1×.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;

use crate::shell::Session;
use crate::shell::console::{Console as Model, Key, LineKind};

/// How often the clock moves, in milliseconds (it runs at real time).
const TICK_MS: u64 = 100;

/// The console component, on a session of its own.
#[component]
pub fn Console(
    /// The session the console drives (its cluster, files and history).
    #[prop(optional)]
    session: Option<Session>,
) -> impl IntoView {
    let model = StoredValue::new_local(Model::new(session.unwrap_or_else(|| Session::new(1, 0))));
    // Redraws: `screen` when lines change, `line` when the input changes.
    let (screen, set_screen) = signal(0u64);
    let (line, set_line) = signal(0u64);
    let input_ref: NodeRef<html::Input> = NodeRef::new();
    let screen_ref: NodeRef<html::Div> = NodeRef::new();
    let (light, set_light) = signal(false);

    let lines_count = StoredValue::new_local(0usize);
    let refresh = move || {
        let (count, last) = model.with_value(|m| (m.lines().count(), m.lines().last().map(|l| l.text.len())));
        let key = count.wrapping_mul(31).wrapping_add(last.unwrap_or(0));
        if lines_count.get_value() != key {
            lines_count.set_value(key);
            set_screen.update(|v| *v += 1);
        }
        set_line.update(|v| *v += 1);
    };

    // The clock runs in real time while the page is open.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            model.update_value(|m| m.tick(TICK_MS as f64 / 1000.0));
            refresh();
        },
        Duration::from_millis(TICK_MS),
    ) {
        on_cleanup(move || handle.clear());
    }

    // Keep the newest line in view.
    Effect::new(move |_| {
        screen.track();
        if let Some(el) = screen_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    // The browser's input element follows the model (after keys the model handled).
    let sync_input = move || {
        if let Some(el) = input_ref.get() {
            let (text, cursor) = model.with_value(|m| (m.input(), m.cursor()));
            if el.value() != text {
                el.set_value(&text);
            }
            let byte_cursor = text.chars().take(cursor).map(char::len_utf16).sum::<usize>() as u32;
            let _ = el.set_selection_range(byte_cursor, byte_cursor);
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(key) = key_of(&ev) else { return };
        // Ctrl+C with text selected in the page copies it, as in any terminal window.
        if key == Key::CtrlC && has_selection() {
            return;
        }
        ev.prevent_default();
        model.update_value(|m| m.key(key));
        refresh();
        sync_input();
    };

    let on_input = move |ev: leptos::ev::Event| {
        let el: web_sys::HtmlInputElement = event_target(&ev);
        let value = el.value();
        let utf16 = el.selection_start().ok().flatten().unwrap_or(value.encode_utf16().count() as u32) as usize;
        let cursor = char_index(&value, utf16);
        model.update_value(|m| m.set_input(&value, cursor));
        set_line.update(|v| *v += 1);
    };

    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let text = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
        if text.contains('\n') {
            ev.prevent_default();
            model.update_value(|m| m.key(Key::Paste(text)));
            refresh();
            sync_input();
        }
    };

    let focus_input = move |_| {
        if !has_selection() {
            if let Some(el) = input_ref.get() {
                let _ = el.focus();
            }
        }
    };

    let lines_view = move || {
        screen.track();
        model.with_value(|m| {
            m.lines()
                .map(|l| {
                    let class = match l.kind {
                        LineKind::Command => "ligne ligne-commande",
                        LineKind::Out => "ligne",
                        LineKind::Err => "ligne ligne-erreur",
                        LineKind::Note => "ligne ligne-note",
                    };
                    // An empty line keeps its height.
                    let text = if l.text.is_empty() { "\u{200b}".to_string() } else { l.text.clone() };
                    view! { <div class=class>{text}</div> }
                })
                .collect_view()
        })
    };

    let prompt = move || {
        line.track();
        model.with_value(|m| m.prompt())
    };

    view! {
        <div
            class="terminal"
            class:clair=light
            data-testid="console"
            on:click=focus_input
        >
            <div class="terminal-barre">
                <span class="terminal-aide">"Tab complète, ↑ ↓ l’historique, Ctrl+C interrompt."</span>
                <button
                    class="terminal-theme"
                    type="button"
                    on:click=move |_| set_light.update(|l| *l = !*l)
                >
                    {move || if light.get() { "Thème sombre" } else { "Thème clair" }}
                </button>
            </div>
            <div
                class="ecran"
                node_ref=screen_ref
                role="log"
                aria-live="polite"
                aria-label="Sortie de la console"
                data-testid="console-sortie"
            >
                {lines_view}
                <div class="ligne ligne-saisie">
                    <label class="invite" for="console-saisie" data-testid="console-invite">{prompt}</label>
                    <input
                        id="console-saisie"
                        class="saisie"
                        data-testid="console-saisie"
                        node_ref=input_ref
                        type="text"
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        aria-label="Commande"
                        on:keydown=on_keydown
                        on:input=on_input
                        on:paste=on_paste
                    />
                </div>
            </div>
        </div>
    }
}

/// The console key for a browser keyboard event, if the console handles it
/// (plain characters are left to the input element).
fn key_of(ev: &web_sys::KeyboardEvent) -> Option<Key> {
    let ctrl = ev.ctrl_key() || ev.meta_key();
    Some(match (ev.key().as_str(), ctrl) {
        ("Enter", _) => Key::Enter,
        ("ArrowUp", _) => Key::Up,
        ("ArrowDown", _) => Key::Down,
        ("Tab", _) => Key::Tab,
        ("Home", _) => Key::Home,
        ("End", _) => Key::End,
        ("Escape", _) => Key::Escape,
        ("c" | "C", true) => Key::CtrlC,
        ("l" | "L", true) => Key::CtrlL,
        ("a" | "A", true) => Key::CtrlA,
        ("e" | "E", true) => Key::CtrlE,
        ("u" | "U", true) => Key::CtrlU,
        ("k" | "K", true) => Key::CtrlK,
        ("w" | "W", true) => Key::CtrlW,
        ("r" | "R", true) => Key::CtrlR,
        _ => return None,
    })
}

fn has_selection() -> bool {
    window().get_selection().ok().flatten().and_then(|s| s.to_string().as_string()).is_some_and(|s| !s.is_empty())
}

/// The character index of a UTF-16 offset (what the DOM gives for a caret).
fn char_index(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.chars().enumerate() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.chars().count()
}
