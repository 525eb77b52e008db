//! What the page's components share: the console's model (the shell's
//! console with the lessons' tutor as its guide), a counter that moves on
//! every change so views redraw, and the requests other panes make of the
//! console (which alone drives the model, so that every change is saved,
//! drawn and guarded against a panic the same way).

use leptos::prelude::*;

use crate::lessons::tutor::{Source, Tutor};
use crate::shell::console::Console;

/// The console's model on the page.
pub type Model = Console<Tutor>;

/// What a pane asks the console to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Put a command in the input line, ready to run (a command button).
    Paste(String),
    /// Run a line as if typed (the lesson pane's buttons: `indice`, `solution`…).
    Run(String),
    /// Open a lesson at a step (`None`: where the learner left it); from the URL.
    Open(Source, Option<usize>),
    /// Try a trainer's lesson file.
    TryFile(String),
}

/// Shared by the page's components (a `Copy` handle, given as context).
#[derive(Clone, Copy)]
pub struct Shared {
    pub model: StoredValue<Model, LocalStorage>,
    /// Moves on every change of the model.
    pub changed: RwSignal<u64>,
    /// The last request of a pane, for the console to carry out.
    pub request: RwSignal<Option<Request>, LocalStorage>,
    /// Errors of the last lesson file tried (French, with lines).
    pub file_errors: RwSignal<Vec<String>>,
    /// Trainer mode: solutions shown, larger fonts.
    pub trainer: RwSignal<bool>,
    /// The lesson pane shows the list of lessons (`#/lecons`).
    pub listing: RwSignal<bool>,
    /// The store's resource version: the picture redraws when it moves.
    pub store_version: RwSignal<u64>,
    /// The time bar: the clock (whole seconds since the epoch), whether
    /// paused, the speed. (Plain types: each new signal type costs page size.)
    pub clock: RwSignal<u64>,
    pub paused: RwSignal<bool>,
    pub speed: RwSignal<u64>,
    /// The saved session is being brought back (its lessons fetched): the
    /// console saves nothing and takes no key meanwhile.
    pub restoring: RwSignal<bool>,
}

impl Shared {
    pub fn new(model: Model) -> Shared {
        Shared {
            model: StoredValue::new_local(model),
            changed: RwSignal::new(0),
            request: RwSignal::new_local(None),
            file_errors: RwSignal::new(Vec::new()),
            trainer: RwSignal::new(false),
            listing: RwSignal::new(false),
            restoring: RwSignal::new(false),
            store_version: RwSignal::new(0),
            clock: RwSignal::new(0),
            paused: RwSignal::new(false),
            speed: RwSignal::new(1),
        }
    }

    pub fn ask(&self, request: Request) {
        self.request.set(Some(request));
    }
}
