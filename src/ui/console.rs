//! The console: the shell's [`Console`] model drawn as real DOM text (so it
//! can be selected, copied, zoomed and read aloud), a native input for the
//! line being typed, and the browser's timer moving the simulated clock at 1×.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;

use crate::lessons::progress::Progress;
use crate::lessons::tutor::Tutor;
use crate::shell::Session;
use crate::shell::console::{Key, LineKind};
use crate::shell::journal::Journal;

use super::editor::{Editor, Opened};
use super::state::{Model, Request, Shared};
use super::storage;

/// Where the editor's text goes when saved.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// `kubectl edit`, `nano`, `vi`: the session waits for the text.
    Session,
    /// A file opened from the file panel.
    File(String),
}

/// How often the clock moves, in milliseconds (it runs at real time).
const TICK_MS: u64 = 100;

/// The seed of the course's cluster: every learner sees the same names.
const SEED: u64 = 1;

/// The most real time one tick catches up (a tab asleep for a day moves the clock ten minutes).
const MAX_CATCH_UP_SECONDS: f64 = 600.0;

/// The page's clock, in milliseconds.
fn real_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

/// How many ticks the clock made, on the root element: the end-to-end
/// measure reads it to check that an idle page does no work.
fn mark_ticks(ticks: u32) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-horloge-ticks", &ticks.to_string());
    }
}

/// Every how many ticks the journal is saved even without a command (the clock moved).
const SAVE_EVERY_TICKS: u32 = 50;

/// The model of the page's console: the saved session brought back (the
/// journal replayed, the progress restored), or a new one. `tutor` has the
/// lessons the journal needs already read.
fn restored_with(loaded: storage::Loaded, progress: Option<Progress>, tutor: Tutor) -> Model {
    let note = |model: &mut Model, text: &str| {
        let mut out = crate::kubectl::output::Output::new();
        out.note(format!("{text}\n"));
        model.print(&out);
    };
    let Some(journal) = &loaded.journal else {
        let mut model = Model::guided(crate::lessons::new_session(SEED), SEED, crate::lessons::new_session, tutor);
        // What went wrong with a previous session comes first, then the welcome.
        for text in &loaded.notes {
            note(&mut model, text);
        }
        note(
            &mut model,
            "Bienvenue\u{a0}! Un cluster minikube simulé vous attend. La leçon est à côté\u{a0}; tapez «\u{a0}lecons\u{a0}» pour la liste, \
             «\u{a0}help\u{a0}» pour l’aide de la console.",
        );
        if let Some(p) = progress {
            // The progress outlives a session that could not be restored; the lesson reopens from its start.
            let open = p.open.clone();
            if let Some(t) = model.guide_mut() {
                t.restore(Progress { open: None, ..p });
            }
            let source = open.and_then(|id| model.guide().and_then(|t| t.find(&id)));
            if let Some(source) = source {
                model.with_guide(|t, c| t.open_lesson(c, source, None));
            }
        }
        return model;
    };
    storage::running(Some("(restauration de la session)"));
    let docs = crate::lessons::new_session(journal.seed).docs;
    let mut model = Model::replay_guided(journal, crate::lessons::new_session, docs, tutor);
    if let (Some(p), Some(t)) = (progress, model.guide_mut()) {
        t.restore(p);
    }
    model.look();
    storage::running(None);
    for text in &loaded.notes {
        note(&mut model, text);
    }
    model
}

/// The saved session, with the lessons it needs built in (tests) or ignored.
pub fn restored_model(key: &str) -> Model {
    restored_with(storage::load(key), storage::load_progress(), Tutor::course())
}

/// The lesson files a saved session needs before its journal can be
/// replayed: the lessons it started, and the one open.
fn lessons_needed(journal: Option<&Journal>, progress: Option<&Progress>, tutor: &Tutor) -> Vec<String> {
    use crate::shell::journal::Action;
    let mut files: Vec<String> = Vec::new();
    let started = journal.iter().flat_map(|j| &j.entries).filter_map(|e| match &e.action {
        Action::Start { scenario } => tutor.missing_for(scenario),
        _ => None,
    });
    let open = progress.and_then(|p| p.open.as_deref()).and_then(|id| tutor.missing(id));
    for f in started.chain(open) {
        if !files.contains(&f) {
            files.push(f);
        }
    }
    files
}

/// The page's shared state, to give as context: the saved session brought
/// back. When its journal started lessons the page has not read yet, they are
/// fetched first; meanwhile the console says so and saves nothing.
pub fn page_state() -> Shared {
    let loaded = storage::load(storage::KEY);
    let progress = storage::load_progress();
    let tutor = Tutor::course();
    let needed = lessons_needed(loaded.journal.as_ref(), progress.as_ref(), &tutor);
    if needed.is_empty() {
        return Shared::new(restored_with(loaded, progress, tutor));
    }
    let mut waiting = Model::guided(crate::lessons::new_session(SEED), SEED, crate::lessons::new_session, Tutor::course());
    let mut out = crate::kubectl::output::Output::new();
    out.note("Restauration de votre session…\n");
    waiting.print(&out);
    let shared = Shared::new(waiting);
    shared.restoring.set(true);
    leptos::task::spawn_local(async move {
        let tutor = with_lessons(tutor, needed).await;
        shared.model.set_value(restored_with(loaded, progress, tutor));
        shared.restoring.set(false);
        shared.changed.update(|v| *v = v.wrapping_add(1));
    });
    shared
}

/// The tutor with these lesson files fetched and read (one that cannot be
/// fetched stays unread: a replay then says the lesson is missing).
async fn with_lessons(mut tutor: Tutor, files: Vec<String>) -> Tutor {
    for file in files {
        if let Ok(text) = fetch_lesson(&file).await {
            tutor.preload(&file, &text);
        }
    }
    tutor
}

/// A lesson's file, fetched from beside the page (`lessons/FILE`), or why
/// not (in French).
async fn fetch_lesson(file: &str) -> Result<String, String> {
    let text = fetch_text(&format!("lessons/{file}")).await?;
    // A host that answers every path with the page itself is not the lesson.
    if !text.trim_start_matches('\u{feff}').starts_with("---") {
        return Err("le fichier reçu n’est pas une leçon".into());
    }
    Ok(text)
}

/// The console component. With a `session`, it drives that one and saves
/// nothing (tests, embeds); without, it is the page's console, saved in the
/// browser and restored on reload.
#[component]
pub fn Console(
    /// A session to drive instead of the saved one.
    #[prop(optional)]
    session: Option<Session>,
    /// Where the session is saved (the page's own place by default).
    #[prop(optional)]
    storage_key: Option<&'static str>,
) -> impl IntoView {
    let persistent = session.is_none();
    let key = storage_key.unwrap_or(storage::KEY);
    let shared = match session {
        Some(s) => Shared::new(Model::guided(s, SEED, crate::lessons::new_session, Tutor::new(Vec::new()))),
        None => use_context::<Shared>().unwrap_or_else(|| Shared::new(restored_model(key))),
    };
    let model = shared.model;
    let save = move || {
        if persistent && !shared.restoring.get_untracked() {
            model.with_value(|m| {
                storage::save(key, &m.journal());
                if let Some(t) = m.guide() {
                    storage::save_progress(&t.progress);
                }
            });
        }
    };
    let ticks = StoredValue::new_local(0u32);
    // Redraws: `screen` when lines change, `line` when the input changes.
    let (screen, set_screen) = signal(0u64);
    let (line, set_line) = signal(0u64);
    let input_ref: NodeRef<html::Input> = NodeRef::new();
    let screen_ref: NodeRef<html::Div> = NodeRef::new();
    let (light, set_light) = signal(false);
    let editing: RwSignal<Option<(Opened, Target)>, LocalStorage> = RwSignal::new_local(None);
    let (files_open, set_files_open) = signal(false);

    let lines_count = StoredValue::new_local(0usize);
    let refresh = move || {
        let (count, last) = model.with_value(|m| (m.lines().count(), m.lines().last().map(|l| l.text.len())));
        let key = count.wrapping_mul(31).wrapping_add(last.unwrap_or(0));
        if lines_count.get_value() != key {
            lines_count.set_value(key);
            set_screen.update(|v| *v += 1);
        }
        set_line.update(|v| *v += 1);
        // The lesson pane follows the tutor, the picture the store, the time bar the clock.
        let (version, store, clock, paused, speed) = model.with_value(|m| {
            let c = &m.session.cluster;
            let seconds = u64::try_from(c.now().0 / 1000).unwrap_or(0);
            (m.guide().map_or(0, |t| t.version), c.store().resource_version(), seconds, m.paused(), u64::from(m.speed()))
        });
        if shared.changed.get_untracked() != version {
            shared.changed.set(version);
        }
        if shared.store_version.get_untracked() != store {
            shared.store_version.set(store);
        }
        if shared.clock.get_untracked() != clock {
            shared.clock.set(clock);
        }
        if shared.paused.get_untracked() != paused {
            shared.paused.set(paused);
        }
        if shared.speed.get_untracked() != speed {
            shared.speed.set(speed);
        }
    };

    // The clock runs in real time (times the speed) while something is due
    // to happen. When the cluster is still (or paused) the timer stops, so an
    // idle page does no work at all; the real time that passed meanwhile is
    // caught up before the next change (see `drive`).
    let timer: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    let last_real = StoredValue::new(real_now());
    let tick = move || {
        if super::PANICKED.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let now = real_now();
        let seconds = ((now - last_real.get_value()) / 1000.0).clamp(0.0, MAX_CATCH_UP_SECONDS);
        last_real.set_value(now);
        if persistent {
            storage::running(Some("(horloge du cluster)"));
        }
        model.update_value(|m| m.tick(seconds));
        if persistent {
            storage::running(None);
        }
        ticks.update_value(|t| *t += 1);
        if ticks.get_value() % SAVE_EVERY_TICKS == 0 {
            save();
        }
        refresh();
        mark_ticks(ticks.get_value());
        if model.with_value(|m| m.still()) {
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            timer.set_value(None);
            save();
        }
    };
    let wake = move || {
        if timer.get_value().is_none() && !model.with_value(|m| m.still()) {
            last_real.set_value(real_now());
            if let Ok(h) = set_interval_with_handle(tick, Duration::from_millis(TICK_MS)) {
                timer.set_value(Some(h));
            }
        }
    };
    // The time passed while the timer slept, before a change.
    let catch_up = move || {
        if timer.get_value().is_none() {
            let now = real_now();
            let seconds = ((now - last_real.get_value()) / 1000.0).clamp(0.0, MAX_CATCH_UP_SECONDS);
            last_real.set_value(now);
            model.update_value(|m| m.tick(seconds));
        }
    };
    wake();
    on_cleanup(move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
    });

    // The page's console is ready: note when (for the load-time measure).
    if persistent {
        request_animation_frame(|| {
            if let Some(w) = web_sys::window() {
                let now = w.performance().map(|p| p.now()).unwrap_or_default();
                if let Some(root) = w.document().and_then(|d| d.document_element()) {
                    let _ = root.set_attribute("data-console-prete", &format!("{now:.0}"));
                }
            }
        });
    }

    // Keep the newest line in view.
    Effect::new(move |_| {
        screen.track();
        if let Some(el) = screen_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    // `kubectl edit`, `nano`, `vi`: the session waits for the editor.
    let open_session_editor = move || {
        use crate::shell::Editing;
        let asked = model.with_value(|m| m.session.editing().cloned());
        if let (Some(e), None) = (asked, editing.get_untracked()) {
            let opened = match e {
                Editing::Object(req) => Opened {
                    title: format!("{}/{}", crate::kubectl::resources::qualified(req.kind), req.name),
                    text: req.text,
                },
                Editing::File { path, text } => Opened { title: path, text },
            };
            editing.set(Some((opened, Target::Session)));
        }
    };
    let focus_console = move || {
        if let Some(el) = input_ref.get_untracked() {
            let _ = el.focus();
        }
    };
    let on_save = Callback::new(move |text: String| {
        let Some((_, target)) = editing.get_untracked() else { return };
        editing.set(None);
        model.update_value(|m| match target {
            Target::Session => m.finish_edit(Some(&text)),
            Target::File(path) => m.write_file(&path, &text),
        });
        save();
        refresh();
        // A refused `kubectl edit` reopens with the failure and the text kept.
        open_session_editor();
        if editing.get_untracked().is_none() {
            focus_console();
        }
    });
    let on_cancel = Callback::new(move |()| {
        let Some((_, target)) = editing.get_untracked() else { return };
        editing.set(None);
        if target == Target::Session {
            model.update_value(|m| m.finish_edit(None));
            save();
        }
        refresh();
        focus_console();
    });
    let open_file = move |path: String| {
        let text = model.with_value(|m| m.session.files.read(&path).unwrap_or("").to_string());
        set_files_open.set(false);
        editing.set(Some((Opened { title: path.clone(), text }, Target::File(path))));
    };

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

    // A lesson the tutor asks for (opened for the first time): fetched from
    // beside the page, then given to it, which opens it.
    let fetch_lessons = move || {
        let Some(file) = model.try_update_value(|m| m.guide_mut().and_then(Tutor::take_wanted)).flatten() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let fetched = fetch_lesson(&file).await;
            if persistent {
                storage::running(Some("(chargement d’une leçon)"));
            }
            model.update_value(|m| {
                m.with_guide(|t, c| t.provide(c, &file, fetched.as_deref().map_err(String::as_str)));
            });
            if persistent {
                storage::running(None);
            }
            save();
            refresh();
        });
    };
    // A restored session may have a lesson to open.
    fetch_lessons();

    // A change to the model (a key, a fetched book): marked as running (named
    // after a panic), then saved, drawn, and the editor opened if the session asks.
    let drive = move |what: &str, change: &mut dyn FnMut(&mut Model)| {
        if shared.restoring.get_untracked() {
            // The saved session is on its way: nothing typed meanwhile is lost, since nothing runs.
            return;
        }
        if persistent {
            storage::running(Some(what));
        }
        catch_up();
        model.update_value(|m| change(m));
        if persistent {
            storage::running(None);
        }
        save();
        refresh();
        sync_input();
        open_session_editor();
        fetch_lessons();
        wake();
    };

    // kubectl's books (help, explain) that the model asks for: fetched from
    // beside the page, then given to it, which runs what waited for them.
    let fetch_docs = move || {
        let Some(first) = model.try_update_value(|m| m.take_docs_request()).flatten() else { return };
        leptos::task::spawn_local(async move {
            let mut book = Some(first);
            while let Some(b) = book {
                let fetched = fetch_book(b).await;
                drive("(chargement de l’aide de kubectl)", &mut |m| {
                    m.provide_docs(b, fetched.as_deref().map_err(String::as_str))
                });
                // What then ran may want the other book (a replay).
                book = model.try_update_value(|m| m.take_docs_request()).flatten();
            }
        });
    };
    // A restored session may wait for a book.
    fetch_docs();
    // A session restored after its lessons were fetched: the same, then drawn.
    Effect::new(move |was: Option<bool>| {
        let now = shared.restoring.get();
        if was == Some(true) && !now {
            fetch_docs();
            fetch_lessons();
            refresh();
            sync_input();
            wake();
        }
        now
    });

    // A key for the model.
    let press = move |what: &str, key: Key| {
        let mut key = Some(key);
        drive(what, &mut |m| {
            if let Some(k) = key.take() {
                m.key(k)
            }
        });
        fetch_docs();
    };

    // What the other panes ask of the console.
    Effect::new(move |_| {
        let Some(request) = shared.request.get() else { return };
        *shared.request.write_untracked() = None;
        match request {
            Request::Paste(text) => {
                let n = text.chars().count();
                model.update_value(|m| m.set_input(&text, n));
                sync_input();
                focus_console();
            }
            Request::Run(line) => {
                let mut line = Some(line);
                drive("(commande de la leçon)", &mut |m| {
                    if let Some(l) = line.take() {
                        m.run(&l)
                    }
                });
                fetch_docs();
            }
            Request::Open(source, step) => {
                let mut args = Some((source, step));
                drive("(ouverture d’une leçon)", &mut |m| {
                    if let Some((source, step)) = args.take() {
                        m.with_guide(|t, c| t.open_lesson(c, source, step));
                    }
                });
            }
            Request::TryFile(text) => {
                let mut errors = Vec::new();
                drive("(leçon d’essai)", &mut |m| {
                    if let Some(Err(e)) = m.with_guide(|t, c| t.try_file(c, &text)) {
                        errors = e.iter().map(ToString::to_string).collect();
                    }
                });
                shared.file_errors.set(errors);
            }
        }
    });

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(key) = key_of(&ev) else { return };
        // Ctrl+C with text selected in the page copies it, as in any terminal window.
        if key == Key::CtrlC && has_selection() {
            return;
        }
        ev.prevent_default();
        let line = model.with_value(|m| m.input());
        let what = if key == Key::Enter { line.as_str() } else { "(touche de la console)" };
        press(what, key);
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
            let first = text.lines().next().unwrap_or("").to_string();
            press(&first, Key::Paste(text));
        }
    };

    let focus_input = move |_| {
        if !has_selection() {
            if let Some(el) = input_ref.get() {
                let _ = el.focus();
            }
        }
    };

    // A command's output is one element (fast with long outputs); only new
    // or grown blocks are drawn again, each keyed by its first line's number.
    let blocks = move || {
        screen.track();
        model.with_value(|m| m.blocks())
    };
    let lines_view = move || {
        view! {
            <For
                each=blocks
                key=|(n, kind, text)| (*n, *kind as u8, text.len())
                children=|(_, kind, text)| {
                    let class = match kind {
                        LineKind::Command => "ligne ligne-commande",
                        LineKind::Out => "ligne",
                        LineKind::Err => "ligne ligne-erreur",
                        LineKind::Note => "ligne ligne-note",
                    };
                    // A trailing empty line keeps its height.
                    let text = if text.is_empty() || text.ends_with('\n') { format!("{text}\u{200b}") } else { text };
                    // Blocks out of view are not laid out; this is their height meanwhile.
                    // (1.35em a line, in hundredths: integer formatting keeps float printing out of the wasm.)
                    let hundredths = 135 * (text.matches('\n').count() + 1);
                    let height = format!("contain-intrinsic-size: auto {}.{:02}em", hundredths / 100, hundredths % 100);
                    view! { <div class=class style=height>{text}</div> }
                }
            />
        }
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
                <span class="terminal-actions">
                    <button
                        class="terminal-bouton"
                        type="button"
                        data-testid="console-fichiers"
                        aria-expanded=move || files_open.get().to_string()
                        on:click=move |_| set_files_open.update(|o| *o = !*o)
                    >
                        "Fichiers"
                    </button>
                    <button
                        class="terminal-bouton"
                        type="button"
                        data-testid="console-nouveau-fichier"
                        on:click=move |_| {
                            let name = window()
                                .prompt_with_message_and_default("Nom du nouveau fichier\u{a0}:", "mon-pod.yaml")
                                .ok()
                                .flatten()
                                .filter(|n| !n.trim().is_empty());
                            if let Some(name) = name {
                                let path = model.with_value(|m| m.session.files.resolve(name.trim()));
                                set_files_open.set(false);
                                editing.set(Some((Opened { title: path.clone(), text: String::new() }, Target::File(path))));
                            }
                        }
                    >
                        "Nouveau fichier"
                    </button>
                    <button
                        class="terminal-bouton"
                        type="button"
                        data-testid="console-reinitialiser"
                        title="Repartir d’un cluster neuf (les objets, fichiers et l’historique de la session sont effacés)"
                        on:click=move |_| {
                            let ok = window()
                                .confirm_with_message(
                                    "Réinitialiser le cluster\u{a0}? Les objets, les fichiers et l’historique de cette session seront effacés.",
                                )
                                .unwrap_or(false);
                            if ok {
                                model.update_value(|m| m.reset());
                                save();
                                refresh();
                                sync_input();
                            }
                        }
                    >
                        "Réinitialiser le cluster"
                    </button>
                    <button
                        class="terminal-bouton"
                        type="button"
                        title="Enregistrer toute la session dans un fichier"
                        on:click=move |_| model.with_value(|m| export(&exported(m)))
                    >
                        "Exporter"
                    </button>
                    <label class="terminal-bouton" title="Reprendre une session exportée">
                        "Importer"
                        <input
                            type="file"
                            accept=".json,application/json"
                            class="cache"
                            on:change=move |ev| {
                                let el: web_sys::HtmlInputElement = event_target(&ev);
                                let Some(file) = el.files().and_then(|f| f.get(0)) else { return };
                                leptos::task::spawn_local(async move {
                                    let text = wasm_bindgen_futures::JsFuture::from(file.text())
                                        .await
                                        .ok()
                                        .and_then(|t| t.as_string())
                                        .unwrap_or_default();
                                    let (journal_text, progress) = split_export(&text);
                                    match Journal::from_json(&journal_text) {
                                        Ok(j) => {
                                            let docs = model.with_value(|m| m.session.docs.clone());
                                            let tutor = Tutor::course();
                                            let needed = lessons_needed(Some(&j), progress.as_ref(), &tutor);
                                            let tutor = with_lessons(tutor, needed).await;
                                            let mut m = Model::replay_guided(&j, crate::lessons::new_session, docs, tutor);
                                            if let (Some(p), Some(t)) = (progress, m.guide_mut()) {
                                                t.restore(p);
                                            }
                                            m.look();
                                            model.set_value(m);
                                        }
                                        Err(why) => model.update_value(|m| {
                                            let mut out = crate::kubectl::output::Output::new();
                                            out.note(format!("Import impossible\u{a0}: {why}.\n"));
                                            m.print(&out);
                                        }),
                                    }
                                    save();
                                    refresh();
                                    sync_input();
                                    fetch_docs();
                                });
                            }
                        />
                    </label>
                    <button
                        class="terminal-bouton"
                        type="button"
                        on:click=move |_| set_light.update(|l| *l = !*l)
                    >
                        {move || if light.get() { "Thème sombre" } else { "Thème clair" }}
                    </button>
                </span>
            </div>
            <Show when=move || files_open.get()>
                <ul class="fichiers" data-testid="console-liste-fichiers">
                    {move || {
                        screen.track();
                        let files: Vec<String> = model.with_value(|m| m.session.files.files().map(|(p, _)| p.clone()).collect());
                        if files.is_empty() {
                            view! { <li>"Aucun fichier pour l’instant."</li> }.into_any()
                        } else {
                            files
                                .into_iter()
                                .map(|path| {
                                    let shown = path.strip_prefix("/home/atelier/").unwrap_or(&path).to_string();
                                    let p = path.clone();
                                    view! {
                                        <li>
                                            <button type="button" class="fichier" on:click=move |_| open_file(p.clone())>
                                                {shown}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        }
                    }}
                </ul>
            </Show>
            {move || editing.get().map(|(opened, _)| view! { <Editor opened=opened on_save=on_save on_cancel=on_cancel/> })}
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

/// The exported session: the journal, with the course's progress beside it.
fn exported(m: &Model) -> String {
    let mut value = serde_json::from_str::<serde_json::Value>(&m.journal().to_json()).unwrap_or_default();
    if let (Some(map), Some(t)) = (value.as_object_mut(), m.guide()) {
        map.insert("progression".into(), t.progress.to_json());
    }
    value.to_string()
}

/// An exported file: the journal's text, and the progress if it has one.
fn split_export(text: &str) -> (String, Option<Progress>) {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(mut map)) => {
            let progress = map.remove("progression").and_then(|p| Progress::from_json(&p).ok());
            (serde_json::Value::Object(map).to_string(), progress)
        }
        _ => (text.to_string(), None),
    }
}

/// Downloads the session as a file.
fn export(json: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys_array(json);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = wasm_bindgen::JsCast::unchecked_into(a);
        a.set_href(&url);
        a.set_download("atelier-kubernetes-session.json");
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

/// A text file from beside the page, or why not (in French, for a note).
async fn fetch_text(path: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let unreachable = || "le serveur ne répond pas".to_string();
    let window = web_sys::window().ok_or_else(unreachable)?;
    let response = JsFuture::from(window.fetch_with_str(path)).await.map_err(|_| unreachable())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| unreachable())?;
    if !response.ok() {
        return Err(format!("erreur HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| unreachable())?).await.map_err(|_| unreachable())?;
    Ok(text.as_string().unwrap_or_default())
}

/// One of kubectl's books, fetched from beside the page (`dist/`), or why not
/// (in French, for the console's note).
async fn fetch_book(book: crate::kubectl::docs::Book) -> Result<String, String> {
    let text = fetch_text(book.file_name()).await?;
    // A host that answers every path with the page itself is not the book.
    // (The node book opens with its first file, the field tree with its origin.)
    if !text.starts_with("# kubectl ") && !text.starts_with("=== ") && !text.starts_with("# Kubernetes 1.32 field tree") {
        return Err("le fichier reçu n’est pas celui attendu".into());
    }
    Ok(text)
}
