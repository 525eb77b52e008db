//! Keeping the session across reloads (localStorage): the console's journal,
//! saved after each command and every few seconds; an unreadable or older
//! save is kept aside and the page starts clean, saying so in French.

use crate::shell::journal::Journal;

/// Where the page's console keeps its session.
pub const KEY: &str = "atelier-kubernetes/session";
/// Set while a command runs; a panic leaves it behind for the next load.
const RUNNING: &str = "atelier-kubernetes/en-cours";
/// What was running when the last panic happened (the hook copies it here,
/// out of reach of the clock's own markers).
const CRASHED: &str = "atelier-kubernetes/plantage";
/// Why the last panic happened, when the page knows better than "internal
/// error": the lazy part of the page could not be fetched (the JS prelude of
/// scripts/split-wasm.mjs writes it).
const CAUSE: &str = "atelier-kubernetes/plantage-cause";
/// How many reloads in a row followed a panic.
const CRASHES: &str = "atelier-kubernetes/plantages";

/// Called by the panic hook: remembers what was running for the next load.
pub fn crashed() {
    if let Some(s) = session_storage() {
        let running = s.get_item(RUNNING).ok().flatten().unwrap_or_else(|| "(inconnue)".into());
        let _ = s.set_item(CRASHED, &running);
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// What the page finds at load: a journal to replay, and what to tell the learner.
pub struct Loaded {
    pub journal: Option<Journal>,
    pub notes: Vec<String>,
}

pub fn load(key: &str) -> Loaded {
    let mut notes = Vec::new();
    let crashed = session_storage().and_then(|s| s.get_item(CRASHED).ok().flatten());
    let crashes: u32 =
        session_storage().and_then(|s| s.get_item(CRASHES).ok().flatten()).and_then(|c| c.parse().ok()).unwrap_or(0);
    if let Some(command) = &crashed {
        let cause = session_storage().and_then(|s| s.get_item(CAUSE).ok().flatten());
        notes.push(match cause {
            Some(why) => format!(
                "Impossible de charger la partie de l’atelier dont «\u{a0}{command}\u{a0}» a besoin ({why})\u{a0}: la page a été rechargée et cette commande annulée. Le reste de votre session est intact."
            ),
            None => format!(
                "Erreur interne du simulateur pendant «\u{a0}{command}\u{a0}»\u{a0}: la page a été rechargée et cette commande annulée. Le reste de votre session est intact."
            ),
        });
        if let Some(s) = session_storage() {
            let _ = s.remove_item(CAUSE);
            let _ = s.remove_item(CRASHED);
            let _ = s.remove_item(RUNNING);
            let _ = s.set_item(CRASHES, &(crashes + 1).to_string());
        }
    } else if let Some(s) = session_storage() {
        let _ = s.remove_item(CRASHES);
    }
    let Some(text) = local().and_then(|s| s.get_item(key).ok().flatten()) else {
        return Loaded { journal: None, notes };
    };
    // The same crash twice in a row: the journal itself brings it back; start clean.
    if crashes >= 1 && crashed.is_some() {
        set_aside(key, &text);
        notes.push("La session enregistrée provoquait la même erreur à chaque chargement\u{a0}: elle a été mise de côté et l’atelier repart d’un cluster neuf.".into());
        return Loaded { journal: None, notes };
    }
    match Journal::from_json(&text) {
        Ok(j) => Loaded { journal: Some(j), notes },
        Err(why) => {
            set_aside(key, &text);
            notes.push(format!(
                "Votre session précédente n’a pas pu être restaurée ({why})\u{a0}: elle est conservée à part, et l’atelier repart d’un cluster neuf."
            ));
            Loaded { journal: None, notes }
        }
    }
}

/// Keeps an unreadable save under `<key>-illisible`, out of the way.
fn set_aside(key: &str, text: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&format!("{key}-illisible"), text);
        let _ = s.remove_item(key);
    }
}

pub fn save(key: &str, journal: &Journal) {
    if let Some(s) = local() {
        let _ = s.set_item(key, &journal.to_json());
    }
}

/// Where the course's progress is kept (apart from the journal: it outlives
/// a session that cannot be replayed).
const PROGRESS: &str = "atelier-kubernetes/progression";

pub fn save_progress(progress: &crate::lessons::progress::Progress) {
    if let Some(s) = local() {
        let _ = s.set_item(PROGRESS, &progress.to_json().to_string());
    }
}

/// The saved progress, if any can be read (an unreadable one is ignored).
pub fn load_progress() -> Option<crate::lessons::progress::Progress> {
    let text = local()?.get_item(PROGRESS).ok().flatten()?;
    let value = serde_json::from_str(&text).ok()?;
    crate::lessons::progress::Progress::from_json(&value).ok()
}

/// Marks a command as running (cleared when it returns): if it panics, the
/// next load knows which one and does not replay it.
pub fn running(command: Option<&str>) {
    if let Some(s) = session_storage() {
        let _ = match command {
            Some(c) => s.set_item(RUNNING, c),
            None => s.remove_item(RUNNING),
        };
    }
}
