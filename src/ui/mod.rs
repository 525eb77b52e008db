//! The Leptos user interface (wasm32 only).
//!
//! The UI only reads and drives the layers below it; it owns layout, focus and
//! browser concerns (storage, timers, the URL). Components live here, in the
//! library, so that browser tests can mount them.

mod console;
mod editor;
mod lesson;
mod picture;
mod shell;
pub mod state;
mod storage;

pub use console::Console;
pub use picture::ClusterPane;
pub use shell::{App, Pane};

use leptos::prelude::*;

/// Set by the panic hook: the wasm state may be broken, the timers stop
/// touching it until the page reloads.
pub(crate) static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called by the JS prelude when the page's lazy part (scripts/split-wasm.mjs)
/// cannot be fetched: the call that needed it cannot go on, so it ends as a
/// panic does (the command is cancelled, the session kept, the page
/// reloaded). The prelude has noted why for the next load (`storage::load`).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn lazy_part_unavailable() {
    panic!("the lazy part of the page is unavailable");
}

/// Mounts the application on `<body>`: the entry point of the wasm binary.
pub fn start() {
    // A panic kills the wasm instance (panic = abort): log it, then reload.
    // The session was saved after the last command that completed, and the
    // page says which command failed (see `storage`), so the learner loses
    // nothing but that command.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        PANICKED.store(true, std::sync::atomic::Ordering::SeqCst);
        storage::crashed();
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    }));
    // index.html shows a French loading notice until the app is up; the page
    // keeps it (and explains the failure) if the wasm never starts.
    if let Some(notice) = document().get_element_by_id("chargement") {
        notice.remove();
    }
    leptos::mount::mount_to_body(App);
}
