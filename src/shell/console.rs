//! What a terminal does around the session, without any web API: the
//! scrollback, the line being typed and its editing keys (history, Ctrl+R,
//! Tab completion, Ctrl+A/E/U/K/W, Ctrl+C, Ctrl+L), and pasting several
//! lines. The browser console renders this model and forwards keys to it,
//! so its behaviour is tested natively.

use std::collections::VecDeque;

use crate::kubectl::docs::Book;
use crate::kubectl::output::{Output, Stream};

use super::complete::complete;
use super::journal::{Action, Entry, Journal};
use super::{Mode, Session};

/// How a line of the scrollback is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A prompt and the command typed after it.
    Command,
    Out,
    Err,
    /// Our own French hints (dimmed).
    Note,
}

/// One line of the scrollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
}

/// A key the console handles (the browser maps its events to these).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Enter,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    Tab,
    Backspace,
    Delete,
    Escape,
    Char(char),
    /// Text pasted (or typed) at once; several lines run one by one.
    Paste(String),
    CtrlA,
    CtrlC,
    CtrlE,
    CtrlK,
    CtrlL,
    CtrlR,
    CtrlU,
    CtrlW,
}

/// The question a `reset` asks before it erases everything.
const RESET_QUESTION: &str = "Confirmer (oui/non)\u{a0}: ";

/// The most lines in one block (the browser then lays out only the blocks in view).
pub const BLOCK_LINES: u64 = 64;

/// The most lines the scrollback keeps (the oldest go first).
pub const SCROLLBACK: usize = 5_000;

/// What a layer above the shell adds to the console (the lessons): its own
/// commands at the shell's prompt, the sessions its scenarios start from, and
/// a look after everything that may change the cluster. The shell defines it
/// and the layer above implements it, so the layers stay one way.
pub trait Guide: Clone + std::fmt::Debug {
    /// Whether a line typed at the shell's prompt is one of the guide's commands.
    fn owns(&self, line: &str) -> bool;
    /// Runs one of its commands. Not journaled: what it changes goes through
    /// [`Console::begin`] and lines it runs, which are.
    fn command(&mut self, console: &mut Console<Self>, line: &str);
    /// The session a scenario starts from (see [`Console::begin`]), if the guide knows it.
    fn start(&self, seed: u64, scenario: &str) -> Option<Session>;
    /// Called after a line ran, the clock moved, or an edit or a file changed
    /// the session (never while a journal is replayed).
    fn observe(&mut self, console: &mut Console<Self>, seen: Seen<'_>);
    /// Tab completion for the guide's commands: the candidates for the word
    /// being typed at the end of `before` (the line up to the caret).
    fn completions(&self, _before: &str) -> Vec<String> {
        Vec::new()
    }
    /// What `help` adds about the guide's commands (French).
    fn help(&self) -> &'static str {
        ""
    }
}

/// What the guide is told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen<'a> {
    /// A line ran at the shell's prompt, with its exit code so far.
    Line { text: &'a str, code: i32 },
    /// The clock moved, or an edit, a file or Ctrl+C changed the session.
    Change,
}

/// No guide: the plain console.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoGuide;

impl Guide for NoGuide {
    fn owns(&self, _: &str) -> bool {
        false
    }
    fn command(&mut self, _: &mut Console<Self>, _: &str) {}
    fn start(&self, _: u64, _: &str) -> Option<Session> {
        None
    }
    fn observe(&mut self, _: &mut Console<Self>, _: Seen<'_>) {}
}

/// A terminal on a session.
#[derive(Clone, Debug)]
pub struct Console<G: Guide = NoGuide> {
    pub session: Session,
    lines: Vec<Line>,
    /// Text printed without its end of line yet (a watch mid-line, `echo -n`).
    partial: Option<Line>,
    input: Vec<char>,
    cursor: usize,
    /// Browsing history: the index in it, and the line typed before browsing.
    browsing: Option<(usize, Vec<char>)>,
    /// Ctrl+R: the text searched for.
    search: Option<String>,
    /// The previous key was a Tab that listed nothing yet (a second Tab lists).
    tab_armed: bool,
    /// Counts every change, so that the page knows when to redraw and announce.
    pub version: u64,
    /// The number of the first line of the scrollback.
    first_number: u64,
    /// What was done, for a reload to bring it back.
    journal: Journal,
    /// Makes a fresh session (on reset, and to replay a journal).
    fresh: fn(u64) -> Session,
    /// `reset` asked for a confirmation.
    confirming_reset: bool,
    /// Work held until the page brings a book of kubectl's (see [`Console::provide_docs`]).
    waiting: Option<Waiting>,
    /// A book to fetch that the page has not been asked for yet.
    docs_request: Option<Book>,
    /// Replaying an entry whose book could not be fetched: it runs without.
    without_docs: bool,
    /// The field tree could not be fetched: kubectl lines run without its
    /// strict checks rather than not at all, and it is not asked for again.
    without_fields: bool,
    /// The guide (taken out while one of its own methods runs).
    guide: Option<G>,
    /// Where, in the journal, each command the learner can undo begins.
    undoable: Vec<usize>,
    /// A journal is being replayed: the guide is not told.
    replaying: bool,
    /// How many simulated seconds pass per real second (1, 2, 5 or 10).
    speed: u32,
}

/// The speeds the learner may choose.
pub const SPEEDS: [u32; 4] = [1, 2, 5, 10];

/// The time controls' names (French, then English).
pub const TIME_COMMANDS: [&str; 8] = ["pause", "reprendre", "avancer", "vitesse", "resume", "play", "step", "speed"];

/// The longest `avancer` (a typo must not freeze the page).
const MAX_STEP_SECONDS: f64 = 3600.0;

/// What waits for a book: the line that needs it (already shown after its
/// prompt), or the rest of a journal being replayed, then what the learner
/// did meanwhile (lines, Ctrl+C, Ctrl+L, files saved), in order. The clock
/// stands still meanwhile, so the line runs at the instant it was entered
/// and a replay stays exact.
#[derive(Clone, Debug)]
struct Waiting {
    book: Book,
    held: Held,
    later: VecDeque<Action>,
}

#[derive(Clone, Debug)]
enum Held {
    Line(String),
    /// The journal's entries not replayed yet, and the instant it ends at.
    Replay(VecDeque<Entry>, i64),
}

fn plain_session(seed: u64) -> Session {
    Session::new(seed, 0)
}

impl Console<NoGuide> {
    pub fn new(session: Session) -> Console {
        Console::recording(session, 1, plain_session)
    }

    /// A console that journals what is done on `session`, a fresh session of
    /// `seed` made by `fresh` (which also serves a reset).
    pub fn recording(session: Session, seed: u64, fresh: fn(u64) -> Session) -> Console {
        Console::guided(session, seed, fresh, NoGuide)
    }

    /// Brings a session back from its journal (after a reload, or an import).
    pub fn replay(journal: &Journal, fresh: fn(u64) -> Session) -> Console {
        let docs = fresh(journal.seed).docs;
        Console::replay_with_docs(journal, fresh, docs)
    }

    /// [`Console::replay`] with the books of kubectl already fetched (an import).
    pub fn replay_with_docs(journal: &Journal, fresh: fn(u64) -> Session, docs: crate::kubectl::docs::Docs) -> Console {
        Console::replay_guided(journal, fresh, docs, NoGuide)
    }
}

impl<G: Guide> Console<G> {
    /// A recording console with a guide.
    pub fn guided(session: Session, seed: u64, fresh: fn(u64) -> Session, guide: G) -> Console<G> {
        Console {
            session,
            lines: Vec::new(),
            partial: None,
            input: Vec::new(),
            cursor: 0,
            browsing: None,
            search: None,
            tab_armed: false,
            version: 0,
            first_number: 0,
            journal: Journal::new(seed),
            fresh,
            confirming_reset: false,
            waiting: None,
            docs_request: None,
            without_docs: false,
            without_fields: false,
            guide: Some(guide),
            undoable: Vec::new(),
            replaying: false,
            speed: 1,
        }
    }

    /// Brings a session back from its journal, with a guide (whose own
    /// state the caller restores: the journal holds only what it started).
    pub fn replay_guided(
        journal: &Journal,
        fresh: fn(u64) -> Session,
        docs: crate::kubectl::docs::Docs,
        guide: G,
    ) -> Console<G> {
        let mut session = fresh(journal.seed);
        session.docs = docs;
        let mut c = Console::guided(session, journal.seed, fresh, guide);
        c.resume(journal.entries.iter().cloned().collect(), journal.now);
        c
    }

    /// The same console with no guide (of type `H`).
    fn without_guide<H: Guide>(self) -> Console<H> {
        Console {
            session: self.session,
            lines: self.lines,
            partial: self.partial,
            input: self.input,
            cursor: self.cursor,
            browsing: self.browsing,
            search: self.search,
            tab_armed: self.tab_armed,
            version: self.version,
            first_number: self.first_number,
            journal: self.journal,
            fresh: self.fresh,
            confirming_reset: self.confirming_reset,
            waiting: self.waiting,
            docs_request: self.docs_request,
            without_docs: self.without_docs,
            without_fields: self.without_fields,
            guide: None,
            undoable: self.undoable,
            replaying: self.replaying,
            speed: self.speed,
        }
    }

    /// The guide (none while one of its own methods runs).
    pub fn guide(&self) -> Option<&G> {
        self.guide.as_ref()
    }

    /// Changes the guide's state from outside (the page restoring progress).
    pub fn guide_mut(&mut self) -> Option<&mut G> {
        self.guide.as_mut()
    }

    /// Runs `f` with the guide taken out, so that it can drive the console
    /// (`None` when the guide is already out).
    pub fn with_guide<R>(&mut self, f: impl FnOnce(&mut G, &mut Console<G>) -> R) -> Option<R> {
        let mut g = self.guide.take()?;
        let r = f(&mut g, self);
        self.guide = Some(g);
        Some(r)
    }

    /// Tells the guide what happened, unless a journal is being replayed.
    fn observe(&mut self, seen: Seen<'_>) {
        if !self.replaying && self.waiting.is_none() {
            self.with_guide(|g, c| g.observe(c, seen));
        }
    }

    /// Lets the guide look at the session now (after its state was restored).
    pub fn look(&mut self) {
        self.observe(Seen::Change);
    }

    /// Replays entries in order, until one needs a book the session lacks:
    /// the rest waits for it ([`Console::provide_docs`] goes on).
    fn resume(&mut self, mut entries: VecDeque<Entry>, now: i64) {
        let was = std::mem::replace(&mut self.replaying, true);
        while let Some(e) = entries.pop_front() {
            self.catch_up(e.at);
            if let Action::Line { text } = &e.action
                && let Some(book) = self.docs_needed(text)
            {
                entries.push_front(e);
                self.wait(book, Held::Replay(entries, now));
                self.replaying = was;
                return;
            }
            self.apply(e.action);
        }
        self.catch_up(now);
        self.replaying = was;
    }

    /// Starts a scenario on `session` (a lesson's start, made by the guide):
    /// journaled, so that a replay starts it again through [`Guide::start`].
    /// The screen, the history and kubectl's books stay.
    pub fn begin(&mut self, scenario: &str, session: Session) {
        self.record(Action::Start { scenario: scenario.to_string() });
        self.switch_to(session);
        self.undoable.clear();
        self.version += 1;
    }

    /// Puts `session` in place of the current one, keeping the books and the history.
    fn switch_to(&mut self, mut session: Session) {
        session.docs = std::mem::take(&mut self.session.docs);
        session.set_history(std::mem::take(self.session.history_mut()));
        session.set_paused(self.session.paused());
        self.session = session;
        self.confirming_reset = false;
        self.waiting = None;
        self.docs_request = None;
    }

    /// Undoes the last command since the scenario began (or the last reset):
    /// the scenario's start is made again (`start`, from the scenario's name)
    /// and the journal replayed without that command, up to the same instant.
    /// Returns the command undone, or `None` when there is none.
    pub fn undo(&mut self, start: impl Fn(u64, &str) -> Option<Session>) -> Option<String> {
        let entries = &self.journal.entries;
        let begin = entries
            .iter()
            .rposition(|e| matches!(e.action, Action::Reset | Action::Start { .. }))
            .map_or(0, |i| i + 1);
        let last = *self.undoable.last().filter(|&&i| i >= begin && i < entries.len())?;
        let undone = match &entries[last].action {
            Action::Line { text } => text.clone(),
            Action::Write { path, .. } => format!("enregistrement de {path}"),
            _ => String::new(),
        };
        let seed = self.journal.seed;
        let mut base = match begin.checked_sub(1).map(|i| &entries[i].action) {
            Some(Action::Start { scenario }) => start(seed, scenario).unwrap_or_else(|| (self.fresh)(seed)),
            _ => (self.fresh)(seed),
        };
        base.docs = self.session.docs.clone();
        let now = self.session.cluster.now().0;
        // The same console type without its guide: the page compiles one console, not two.
        let mut replay = Console::guided(base, seed, self.fresh, NoGuide).without_guide::<G>();
        // Lines that needed a book ran with it the first time: the books fetched since are here.
        replay.without_docs = true;
        replay.resume(entries[begin..last].iter().cloned().collect(), now);
        self.journal.entries.truncate(last);
        self.undoable.pop();
        self.switch_to(replay.session);
        self.version += 1;
        Some(undone)
    }

    /// The book `line` needs before it runs, if the session lacks it.
    fn docs_needed(&self, line: &str) -> Option<Book> {
        if self.without_docs || self.confirming_reset || self.session.mode() != Mode::Ready {
            return None;
        }
        self.session.docs.wanted_by(line).filter(|b| !(self.without_fields && *b == Book::Fields))
    }

    /// While something waits for a book, what the learner does waits behind
    /// it (true); a Ctrl+C gives up a waiting line instead.
    fn hold(&mut self, action: Action) -> bool {
        let Some(w) = &mut self.waiting else { return false };
        if action == Action::Interrupt && matches!(w.held, Held::Line(_)) {
            // The line never ran: nothing to journal.
            self.waiting = None;
            self.docs_request = None;
            self.write(LineKind::Out, "^C\n");
        } else {
            w.later.push_back(action);
        }
        true
    }

    fn wait(&mut self, book: Book, held: Held) {
        self.waiting = Some(Waiting { book, held, later: VecDeque::new() });
        self.docs_request = Some(book);
    }

    /// A book of kubectl's the page should fetch now (asked once), then give
    /// to [`Console::provide_docs`].
    pub fn take_docs_request(&mut self) -> Option<Book> {
        self.docs_request.take()
    }

    /// Whether work waits for a book (the page shows it is loading).
    pub fn waiting_for_docs(&self) -> bool {
        self.waiting.is_some()
    }

    /// The page fetched a book (its text), or could not (why, in French):
    /// what waited for it runs now. Without the book, a held line is dropped
    /// with a note saying so, and a replay goes on without it (the commands
    /// that needed it print that it is missing).
    pub fn provide_docs(&mut self, book: Book, fetched: Result<&str, &str>) {
        self.version += 1;
        if let Ok(text) = fetched {
            self.session.docs.provide(book, text);
        }
        if self.waiting.as_ref().is_none_or(|w| w.book != book) {
            return;
        }
        let Some(Waiting { held, later, .. }) = self.waiting.take() else { return };
        if let Err(why) = fetched {
            let mut out = Output::new();
            let then = if book == Book::Node {
                "La session s’ouvre quand même\u{a0}; seuls les manifestes du nœud restent illisibles."
            } else if book == Book::Fields {
                self.without_fields = true;
                "Les commandes s’exécutent quand même, sans la vérification stricte des champs des manifestes."
            } else {
                "Vérifiez la connexion, puis relancez la commande."
            };
            out.note(format!(
                "Impossible de charger {} («\u{a0}{}\u{a0}»\u{a0}: {why}). {then}\n",
                book.title(),
                book.file_name()
            ));
            self.print(&out);
        }
        match held {
            // A line may need a second book (`kubectl explain`: the
            // descriptions, then the field tree).
            Held::Line(line) if fetched.is_ok() => match self.docs_needed(&line) {
                Some(next) if next != book => self.wait(next, Held::Line(line)),
                _ => self.execute(&line),
            },
            // The node shell works without its book (only the manifests' text
            // is missing), kubectl without the field tree (no strict checks).
            Held::Line(line) if book == Book::Node || book == Book::Fields => {
                self.without_docs = true;
                self.execute(&line);
                self.without_docs = false;
            }
            Held::Line(_) => {}
            Held::Replay(mut entries, now) => {
                if fetched.is_err()
                    && let Some(e) = entries.pop_front()
                {
                    // Replayed as it is: nothing of the learner's is held back.
                    self.without_docs = true;
                    self.apply(e.action);
                    self.without_docs = false;
                }
                self.resume(entries, now);
            }
        }
        for action in later {
            self.apply(action);
        }
    }

    fn catch_up(&mut self, at: i64) {
        let dt = at - self.session.cluster.now().0;
        if dt > 0 {
            self.advance(dt as f64 / 1000.0);
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::Line { text } => self.run(&text),
            Action::Interrupt => self.key(Key::CtrlC),
            Action::Clear => self.key(Key::CtrlL),
            Action::Edit { text } => self.finish_edit(text.as_deref()),
            Action::Reset => self.reset(),
            Action::Write { path, text } => self.write_file(&path, &text),
            Action::Start { scenario } => {
                let seed = self.journal.seed;
                let session = self.guide.as_ref().and_then(|g| g.start(seed, &scenario));
                let known = session.is_some();
                self.begin(&scenario, session.unwrap_or_else(|| (self.fresh)(seed)));
                if !known {
                    self.write(LineKind::Note, "Cette leçon n’existe plus dans cette version de l’atelier\u{a0}: le cluster repart de zéro.\n");
                }
            }
        }
    }

    fn record(&mut self, action: Action) {
        let at = self.session.cluster.now().0;
        self.journal.entries.push(Entry { at, action });
    }

    /// The journal as of now (what to save), with what waits to be replayed.
    pub fn journal(&self) -> Journal {
        let mut j = self.journal.clone();
        j.now = self.session.cluster.now().0;
        if let Some(Waiting { held: Held::Replay(entries, now), .. }) = &self.waiting {
            j.entries.extend(entries.iter().cloned());
            j.now = *now;
        }
        j
    }

    /// Starts over on a fresh cluster (the journal keeps the reset).
    pub fn reset(&mut self) {
        self.record(Action::Reset);
        // What waited belonged to the session a reset erases.
        self.waiting = None;
        self.docs_request = None;
        // The books fetched so far stay.
        let docs = std::mem::take(&mut self.session.docs);
        self.session = (self.fresh)(self.journal.seed);
        self.session.docs = docs;
        self.undoable.clear();
        self.clear_screen();
        self.input.clear();
        self.cursor = 0;
        self.browsing = None;
        self.write(LineKind::Note, "Cluster réinitialisé\u{a0}: tout repart de zéro.\n");
        self.version += 1;
    }

    /// Saves a file from the editor's file panel (not through a command).
    pub fn write_file(&mut self, path: &str, text: &str) {
        if self.hold(Action::Write { path: path.to_string(), text: text.to_string() }) {
            return;
        }
        self.undoable.push(self.journal.entries.len());
        self.record(Action::Write { path: path.to_string(), text: text.to_string() });
        let mut out = Output::new();
        match self.session.files.write(path, text) {
            Ok(()) => out.note(format!("Fichier «\u{a0}{path}\u{a0}» enregistré.\n")),
            Err(e) => out.err(format!("{path}: {}\n", e.text())),
        }
        self.print(&out);
        self.observe(Seen::Change);
    }

    /// The editor closed: `Some(text)` saves, `None` cancels.
    pub fn finish_edit(&mut self, text: Option<&str>) {
        if self.hold(Action::Edit { text: text.map(String::from) }) {
            return;
        }
        self.record(Action::Edit { text: text.map(String::from) });
        let out = self.session.finish_edit(text);
        self.print(&out);
        self.observe(Seen::Change);
    }

    /// The scrollback, oldest first (without the line being typed).
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().chain(self.partial.iter())
    }

    /// The scrollback as blocks of consecutive lines of the same kind: (the
    /// number of the block's first line, its kind, its lines joined). A view
    /// draws a command's whole output as one element, which keeps the page
    /// fast with long outputs.
    pub fn blocks(&self) -> Vec<(u64, LineKind, String)> {
        let mut blocks: Vec<(u64, LineKind, String)> = Vec::new();
        for (n, line) in self.numbered_lines() {
            match blocks.last_mut() {
                Some((first, kind, text))
                    if *kind == line.kind && line.kind != LineKind::Command && n - *first < BLOCK_LINES =>
                {
                    text.push('\n');
                    text.push_str(&line.text);
                }
                _ => blocks.push((n, line.kind, line.text.clone())),
            }
        }
        blocks
    }

    /// The scrollback with each line's number since the session began (lines
    /// dropped from the top or cleared keep their numbers used), so that a
    /// view can keep the lines it already drew.
    pub fn numbered_lines(&self) -> impl Iterator<Item = (u64, &Line)> {
        (self.first_number..).zip(self.lines())
    }

    pub fn input(&self) -> String {
        self.input.iter().collect()
    }

    /// Where the caret is, in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The prompt before the line being typed (`(reverse-i-search)` during Ctrl+R).
    pub fn prompt(&self) -> String {
        if self.confirming_reset {
            return RESET_QUESTION.into();
        }
        match &self.search {
            Some(s) => format!("(reverse-i-search)`{s}': "),
            None if self.session.mode() == Mode::Running => String::new(),
            None => self.session.prompt(),
        }
    }

    /// Replaces the line being typed (the browser's own input element changed it).
    pub fn set_input(&mut self, text: &str, cursor: usize) {
        self.input = text.chars().collect();
        self.cursor = cursor.min(self.input.len());
        self.tab_armed = false;
        self.version += 1;
    }

    /// Prints output as the terminal shows it.
    pub fn print(&mut self, out: &Output) {
        for (stream, text) in &out.chunks {
            let kind = match stream {
                Stream::Out => LineKind::Out,
                Stream::Err => LineKind::Err,
                Stream::Note => LineKind::Note,
            };
            self.write(kind, text);
        }
        self.version += 1;
    }

    fn write(&mut self, kind: LineKind, text: &str) {
        let mut rest = text;
        while let Some(i) = rest.find('\n') {
            let piece = &rest[..i];
            let line = match self.partial.take() {
                Some(mut p) => {
                    p.text.push_str(piece);
                    p
                }
                None => Line { kind, text: piece.to_string() },
            };
            self.push_line(line);
            rest = &rest[i + 1..];
        }
        if !rest.is_empty() {
            match &mut self.partial {
                Some(p) => p.text.push_str(rest),
                None => self.partial = Some(Line { kind, text: rest.to_string() }),
            }
        }
    }

    fn clear_screen(&mut self) {
        self.first_number += self.lines.len() as u64 + u64::from(self.partial.is_some());
        self.lines.clear();
        self.partial = None;
    }

    fn push_line(&mut self, line: Line) {
        self.lines.push(line);
        if self.lines.len() > SCROLLBACK {
            let extra = self.lines.len() - SCROLLBACK;
            self.lines.drain(..extra);
            self.first_number += extra as u64;
        }
    }

    /// Real time passed (the page's timer): the clock moves by that times
    /// the speed, unless paused.
    pub fn tick(&mut self, seconds: f64) {
        if self.session.paused() {
            return;
        }
        self.advance(seconds * f64::from(self.speed));
    }

    /// Moves the simulated clock by `seconds`, paused or not.
    fn advance(&mut self, seconds: f64) {
        if self.waiting.is_some() {
            return;
        }
        let out = self.session.tick(seconds);
        if !out.chunks.is_empty() {
            self.print(&out);
        }
        self.version += 1;
        self.observe(Seen::Change);
    }

    /// Lets a command that waits (a `rollout status`, a `sleep`) finish as the
    /// clock moves, second by second, up to two minutes; one still running
    /// then is stopped with Ctrl+C. Ticks and Ctrl+C are journaled as usual.
    pub fn finish_running(&mut self) {
        for _ in 0..120 {
            if self.session.mode() != Mode::Running || self.waiting.is_some() {
                return;
            }
            self.advance(1.0);
        }
        if self.session.mode() == Mode::Running {
            self.key(Key::CtrlC);
        }
    }

    /// Runs a line as if typed and entered.
    pub fn run(&mut self, line: &str) {
        if self.hold(Action::Line { text: line.to_string() }) {
            return;
        }
        if let Some(p) = self.partial.take() {
            self.push_line(p);
        }
        if self.confirming_reset {
            self.confirming_reset = false;
            self.push_line(Line { kind: LineKind::Command, text: format!("{}{line}", RESET_QUESTION) });
            if matches!(line.trim().to_ascii_lowercase().as_str(), "o" | "oui" | "y" | "yes") {
                self.reset();
            } else {
                self.record(Action::Line { text: line.to_string() });
                self.write(LineKind::Note, "Réinitialisation annulée.\n");
            }
            return;
        }
        if self.session.mode() == Mode::Ready && matches!(line.trim(), "reset" | "réinitialiser") {
            self.record(Action::Line { text: line.to_string() });
            self.push_line(Line { kind: LineKind::Command, text: format!("{}{line}", self.session.prompt()) });
            self.write(
                LineKind::Note,
                "Réinitialiser le cluster\u{a0}? Les objets, les fichiers et l’historique de cette session seront effacés.\n",
            );
            self.confirming_reset = true;
            return;
        }
        let prompt = self.session.prompt();
        let shown = if self.session.mode() == Mode::Running { line.to_string() } else { format!("{prompt}{line}") };
        self.push_line(Line { kind: LineKind::Command, text: shown });
        if self.session.mode() == Mode::Ready
            && TIME_COMMANDS.contains(&line.split_whitespace().next().unwrap_or(""))
        {
            // Journaled at the instant it was typed, before it moves the clock.
            self.record(Action::Line { text: line.to_string() });
            let out = self.time_command(line);
            self.print(&out);
            self.observe(Seen::Change);
            return;
        }
        if self.session.mode() == Mode::Ready && !self.replaying && self.guide.as_ref().is_some_and(|g| g.owns(line)) {
            self.with_guide(|g, c| g.command(c, line));
            return;
        }
        if let Some(book) = self.docs_needed(line) {
            self.wait(book, Held::Line(line.to_string()));
            return;
        }
        self.execute(line);
    }

    /// Whether the clock is paused.
    pub fn paused(&self) -> bool {
        self.session.paused()
    }

    /// Nothing will happen until the learner does something: no command
    /// running, nothing due in the cluster, or the clock paused. (The page
    /// stops its timer then.)
    pub fn still(&self) -> bool {
        self.paused()
            || (self.session.mode() != Mode::Running
                && self.waiting.is_none()
                && self.session.cluster.next_activity().is_none())
    }

    /// Simulated seconds per real second.
    pub fn speed(&self) -> u32 {
        self.speed
    }

    /// The time controls: `pause`, `reprendre`, `avancer [DURÉE]`,
    /// `vitesse [N]` (and `resume`/`play`, `step`, `speed`): their output.
    /// Journaled as lines, so a replay pauses and steps as the learner did.
    fn time_command(&mut self, line: &str) -> Output {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((first, args)) = words.split_first() else { return Output::new() };
        let mut out = Output::new();
        let fail = |mut out: Output, text: String| {
            out.err(text);
            out.code = 1;
            out
        };
        match (*first, args) {
            ("pause", []) => {
                self.session.set_paused(true);
                out.note("Horloge en pause\u{a0}: les commandes s’exécutent, mais le cluster n’avance plus. «\u{a0}avancer\u{a0}» le fait avancer d’une seconde, «\u{a0}reprendre\u{a0}» relance le temps.\n");
            }
            ("reprendre" | "resume" | "play", []) => {
                self.session.set_paused(false);
                // What the commands typed during the pause asked for happens now.
                self.session.cluster.reconcile();
                out.note(format!("Le temps reprend (vitesse ×{}).\n", self.speed));
            }
            ("avancer" | "step", rest) => {
                let seconds = match rest {
                    [] => 1.0,
                    [d] => {
                        let parsed = match d.parse::<f64>() {
                            Ok(v) => Ok(v),
                            Err(_) => crate::kubectl::flags::go_duration(d),
                        };
                        match parsed {
                            Ok(v) if v > 0.0 && v <= MAX_STEP_SECONDS => v,
                            Ok(_) => {
                                return fail(out, format!("avancer\u{a0}: une durée de plus de 0 et d’au plus une heure, pas «\u{a0}{d}\u{a0}»\n"));
                            }
                            Err(_) => {
                                return fail(out, format!("avancer\u{a0}: durée illisible «\u{a0}{d}\u{a0}» (par exemple 5s, 1m30s, 500ms)\n"));
                            }
                        }
                    }
                    _ => return fail(out, "Usage\u{a0}: avancer [DURÉE]   (par exemple\u{a0}: avancer 5s)\n".into()),
                };
                let ms = (seconds * 1000.0).round() as i64;
                let shown = if ms % 1000 == 0 { format!("{}\u{a0}s", ms / 1000) } else { format!("{ms}\u{a0}ms") };
                out.note(format!("Le cluster avance de {shown}.\n"));
                self.print(&out);
                self.advance(seconds);
                return Output::new();
            }
            ("vitesse" | "speed", []) => {
                let paused = if self.paused() { " (en pause)" } else { "" };
                out.note(format!("Vitesse\u{a0}: ×{}{paused}.\n", self.speed));
            }
            ("vitesse" | "speed", [n]) => match n.trim_start_matches(['x', '×']).parse::<u32>() {
                Ok(v) if SPEEDS.contains(&v) => {
                    self.speed = v;
                    out.note(format!("Vitesse\u{a0}: ×{v}.\n"));
                }
                _ => return fail(out, format!("vitesse\u{a0}: 1, 2, 5 ou 10, pas «\u{a0}{n}\u{a0}»\n")),
            },
            _ => return fail(out, format!("{first}\u{a0}: arguments en trop\n")),
        }
        out
    }

    /// Runs a line already shown after its prompt.
    fn execute(&mut self, line: &str) {
        let top = self.session.mode() == Mode::Ready;
        if top && !line.trim().is_empty() {
            self.undoable.push(self.journal.entries.len());
        }
        self.record(Action::Line { text: line.to_string() });
        let reply = self.session.input(line);
        if reply.clear {
            self.clear_screen();
        }
        self.print(&reply.output);
        // A command found a book missing that the line did not announce: fetch it for next time.
        if let Some(book) = self.session.docs.take_missed() {
            self.docs_request = Some(book);
        }
        if top && line.trim() == "help" && reply.output.code == 0 {
            let extra = self.guide.as_ref().map_or("", |g| g.help());
            if !extra.is_empty() {
                self.write(LineKind::Out, extra);
            }
        }
        if top {
            let code = self.session.last_code();
            self.observe(Seen::Line { text: line, code });
        } else {
            self.observe(Seen::Change);
        }
    }

    pub fn key(&mut self, key: Key) {
        self.version += 1;
        if self.search.is_some() && self.search_key(&key) {
            return;
        }
        if key != Key::Tab {
            self.tab_armed = false;
        }
        let journaled = match key {
            Key::CtrlC => Some(Action::Interrupt),
            Key::CtrlL => Some(Action::Clear),
            _ => None,
        };
        if let Some(action) = journaled
            && self.hold(action)
        {
            return;
        }
        match key {
            Key::Enter => {
                let line = self.input();
                self.input.clear();
                self.cursor = 0;
                self.browsing = None;
                self.run(&line);
            }
            Key::Paste(text) => {
                let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r')).peekable();
                while let Some(l) = lines.next() {
                    for c in l.chars() {
                        self.insert(c);
                    }
                    if lines.peek().is_some() {
                        self.key(Key::Enter);
                    }
                }
            }
            Key::Char(c) => self.insert(c),
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(self.input.len()),
            Key::Home | Key::CtrlA => self.cursor = 0,
            Key::End | Key::CtrlE => self.cursor = self.input.len(),
            Key::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    self.input.remove(self.cursor);
                }
            }
            Key::Delete => {
                if self.cursor < self.input.len() {
                    self.input.remove(self.cursor);
                }
            }
            Key::CtrlU => {
                self.input.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::CtrlK => self.input.truncate(self.cursor),
            Key::CtrlW => {
                let mut start = self.cursor;
                while start > 0 && self.input[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.input[start - 1] != ' ' {
                    start -= 1;
                }
                self.input.drain(start..self.cursor);
                self.cursor = start;
            }
            Key::CtrlL => {
                self.record(Action::Clear);
                self.clear_screen();
            }
            Key::CtrlC => {
                self.record(Action::Interrupt);
                if self.session.mode() == Mode::Running {
                    let out = self.session.interrupt();
                    self.write(LineKind::Out, "^C\n");
                    self.print(&out);
                } else {
                    let shown = format!("{}{}^C", self.session.prompt(), self.input());
                    self.push_line(Line { kind: LineKind::Command, text: shown });
                    self.input.clear();
                    self.cursor = 0;
                    self.session.interrupt();
                }
                self.browsing = None;
                self.observe(Seen::Change);
            }
            Key::Up => self.history_step(-1),
            Key::Down => self.history_step(1),
            Key::Tab => self.tab(),
            Key::CtrlR => self.search = Some(String::new()),
            Key::Escape => {}
        }
    }

    fn insert(&mut self, c: char) {
        self.input.insert(self.cursor, c);
        self.cursor += 1;
    }

    fn history_step(&mut self, step: isize) {
        let history: Vec<String> = self.session.history().iter().filter(|l| !l.contains('\n')).cloned().collect();
        if history.is_empty() {
            return;
        }
        let (index, draft) = match self.browsing.take() {
            Some((i, d)) => (i as isize + step, d),
            None if step < 0 => (history.len() as isize - 1, self.input.clone()),
            None => return,
        };
        if index >= history.len() as isize {
            self.input = draft;
        } else {
            let index = index.max(0) as usize;
            self.input = history[index].chars().collect();
            self.browsing = Some((index, draft));
        }
        self.cursor = self.input.len();
    }

    /// Ctrl+R: typing narrows the search, Ctrl+R finds an older match, Enter
    /// runs it, Escape or an arrow keeps it for editing.
    fn search_key(&mut self, key: &Key) -> bool {
        let query = self.search.clone().unwrap_or_default();
        match key {
            Key::Char(c) => {
                let q = format!("{query}{c}");
                self.find(&q, self.session.history().len());
                self.search = Some(q);
                true
            }
            Key::Backspace => {
                let mut q = query;
                q.pop();
                self.search = Some(q);
                true
            }
            Key::CtrlR => {
                let current = self.input();
                let before =
                    self.session.history().iter().rposition(|l| *l == current).unwrap_or(self.session.history().len());
                self.find(&query, before);
                true
            }
            Key::CtrlC => {
                self.search = None;
                self.input.clear();
                self.cursor = 0;
                true
            }
            _ => {
                self.search = None;
                !matches!(key, Key::Enter)
            }
        }
    }

    fn find(&mut self, query: &str, before: usize) {
        if let Some(found) = self.session.history()[..before].iter().rev().find(|l| l.contains(query)) {
            self.input = found.chars().collect();
            self.cursor = self.input.len();
        }
    }

    /// Tab: completes the common prefix; a second Tab lists the choices.
    fn tab(&mut self) {
        if self.session.mode() != Mode::Ready {
            return;
        }
        let line = self.input();
        let byte_cursor: usize = self.input[..self.cursor].iter().map(|c| c.len_utf8()).sum();
        let mut c = complete(&self.session, &line, byte_cursor);
        // The guide's own commands and their arguments.
        if let Some(g) = &self.guide {
            let before = &line[..byte_cursor];
            let word = &before[c.start.min(before.len())..];
            let extra: Vec<String> = g.completions(before).into_iter().filter(|w| w.starts_with(word)).collect();
            if !extra.is_empty() {
                c.candidates.extend(extra);
                crate::sort::sort(&mut c.candidates);
                c.candidates.dedup();
            }
        }
        if c.candidates.is_empty() {
            return;
        }
        let typed_chars = line[c.start..byte_cursor].chars().count();
        let start_chars = line[..c.start].chars().count();
        if c.candidates.len() == 1 {
            let mut word = c.candidates[0].clone();
            if !word.ends_with('/') {
                word.push(' ');
            }
            self.replace_word(start_chars, typed_chars, &word);
            return;
        }
        let prefix = c.common_prefix();
        if prefix.chars().count() > typed_chars {
            self.replace_word(start_chars, typed_chars, &prefix);
            return;
        }
        if self.tab_armed {
            let shown = format!("{}{}", self.session.prompt(), line);
            self.push_line(Line { kind: LineKind::Command, text: shown });
            self.push_line(Line { kind: LineKind::Out, text: c.candidates.join("  ") });
            self.tab_armed = false;
        } else {
            self.tab_armed = true;
        }
    }

    fn replace_word(&mut self, start: usize, typed: usize, with: &str) {
        self.input.splice(start..start + typed, with.chars());
        self.cursor = start + with.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(c: &mut Console, text: &str) {
        for ch in text.chars() {
            c.key(Key::Char(ch));
        }
    }

    fn screen(c: &Console) -> Vec<String> {
        c.lines().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn typing_a_command_shows_it_after_the_prompt_then_its_output() {
        let mut c = Console::new(Session::new(1, 0));
        typed(&mut c, "kubectl get pods");
        assert_eq!(c.input(), "kubectl get pods");
        c.key(Key::Enter);
        assert_eq!(screen(&c), ["$ kubectl get pods", "No resources found in default namespace."]);
        assert_eq!(c.lines().nth(1).unwrap().kind, LineKind::Err);
        assert_eq!(c.input(), "");
    }

    #[test]
    fn history_search_and_line_editing() {
        let mut c = Console::new(Session::new(1, 0));
        for l in ["kubectl get nodes", "echo one", "echo two"] {
            typed(&mut c, l);
            c.key(Key::Enter);
        }
        c.key(Key::Up);
        assert_eq!(c.input(), "echo two");
        c.key(Key::Up);
        c.key(Key::Up);
        assert_eq!(c.input(), "kubectl get nodes");
        c.key(Key::Down);
        c.key(Key::Down);
        c.key(Key::Down);
        assert_eq!(c.input(), "");
        c.key(Key::CtrlR);
        typed(&mut c, "node");
        assert_eq!(c.input(), "kubectl get nodes");
        assert!(c.prompt().starts_with("(reverse-i-search)"));
        c.key(Key::End);
        assert_eq!(c.prompt(), "$ ");
        c.key(Key::CtrlW);
        assert_eq!(c.input(), "kubectl get ");
        c.key(Key::CtrlA);
        c.key(Key::CtrlK);
        assert_eq!(c.input(), "");
    }

    #[test]
    fn tab_completes_live_names_and_a_second_tab_lists() {
        let mut c = Console::new(Session::new(1, 0));
        typed(&mut c, "kubectl run web --image=nginx");
        c.key(Key::Enter);
        typed(&mut c, "kubectl logs w");
        c.key(Key::Tab);
        assert_eq!(c.input(), "kubectl logs web ");
        c.key(Key::CtrlU);
        typed(&mut c, "kubectl get pe");
        c.key(Key::Tab);
        assert_eq!(c.input(), "kubectl get persistentvolume", "the first Tab completes what all choices share");
        c.key(Key::Tab);
        c.key(Key::Tab);
        assert_eq!(screen(&c).last().unwrap(), "persistentvolumeclaims  persistentvolumes");
    }

    #[test]
    fn a_watch_streams_as_the_clock_runs_and_ctrl_c_stops_it() {
        let mut c = Console::new(Session::new(1, 0));
        c.run("kubectl run web --image=nginx");
        c.run("kubectl get pods -w");
        assert_eq!(c.session.mode(), Mode::Running);
        for _ in 0..50 {
            c.tick(0.1);
        }
        assert!(screen(&c).iter().any(|l| l.contains("Running")), "{:?}", screen(&c));
        c.key(Key::CtrlC);
        assert_eq!(c.session.mode(), Mode::Ready);
        assert_eq!(screen(&c).last().unwrap(), "^C");
    }

    #[test]
    fn pasting_several_lines_runs_them_one_by_one() {
        let mut c = Console::new(Session::new(1, 0));
        c.key(Key::Paste("cat > a.txt <<EOF\nbonjour\nEOF\ncat a.txt\n".into()));
        assert_eq!(screen(&c).last().unwrap(), "bonjour");
        assert_eq!(c.session.history().len(), 2);
    }
}

#[cfg(test)]
mod journal_tests {
    use super::*;

    fn screen(c: &Console) -> Vec<String> {
        c.lines().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn a_replayed_journal_gives_back_the_cluster_the_files_and_the_screen() {
        let mut c = Console::recording(Session::new(5, 0), 5, plain_session);
        c.key(Key::Paste("cat > p.yaml <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\nEOF\n".into()));
        c.run("kubectl apply -f p.yaml");
        for _ in 0..40 {
            c.tick(0.1);
        }
        c.run("kubectl get pods -w");
        for _ in 0..10 {
            c.tick(0.1);
        }
        c.key(Key::CtrlC);
        c.run("kubectl get pods");
        for _ in 0..25 {
            c.tick(0.1);
        }
        let saved = Journal::from_json(&c.journal().to_json()).unwrap();
        let back = Console::replay(&saved, plain_session);
        assert_eq!(back.session.cluster.now(), c.session.cluster.now());
        assert_eq!(back.session.files.read("p.yaml"), c.session.files.read("p.yaml"));
        assert_eq!(back.session.history(), c.session.history());
        let pods = |c: &Console| c.session.cluster.store().objects(crate::cluster::Kind::Pod, Some("default"));
        assert_eq!(pods(&back), pods(&c));
        let last = |c: &Console| c.lines().map(|l| l.text.clone()).collect::<Vec<_>>();
        assert_eq!(last(&back).last(), last(&c).last());
    }

    /// A session as the page starts one: kubectl's books not fetched yet.
    fn without_docs(seed: u64) -> Session {
        let mut s = Session::new(seed, 0);
        s.docs = crate::kubectl::docs::Docs::default();
        s
    }

    fn bundled(book: Book) -> String {
        crate::kubectl::docs::Docs::bundled().get(book).unwrap_or_default().to_string()
    }

    #[test]
    fn minikube_ssh_fetches_the_node_book_and_its_manifests_read_from_it() {
        let mut c = Console::recording(without_docs(1), 1, without_docs);
        c.run("minikube ssh");
        assert_eq!(c.take_docs_request(), Some(Book::Node));
        c.provide_docs(Book::Node, Ok(&bundled(Book::Node)));
        c.run("sudo cat /etc/kubernetes/manifests/kube-scheduler.yaml");
        let text = screen(&c).join("\n");
        assert!(text.contains("    - kube-scheduler\n"), "{text}");
        assert!(text.contains("image: registry.k8s.io/kube-scheduler:v1.32.0"), "{text}");
        assert!(!text.contains("=== "), "one file, not the book's markers: {text}");
        // Without the book (the fetch failed), the file says so in French.
        let mut c = Console::recording(without_docs(1), 1, without_docs);
        c.run("minikube ssh");
        c.provide_docs(Book::Node, Err("erreur réseau"));
        c.run("sudo cat /etc/kubernetes/manifests/etcd.yaml");
        let text = screen(&c).join("\n");
        assert!(text.contains(&crate::kubectl::docs::missing(Book::Node).trim_end().to_string()), "{text}");
    }

    #[test]
    fn a_line_that_needs_a_book_waits_for_it_and_the_lines_typed_meanwhile_follow() {
        let mut c = Console::recording(without_docs(1), 1, without_docs);
        c.run("kubectl explain pod.spec.restartPolicy");
        assert!(c.waiting_for_docs());
        assert_eq!(c.take_docs_request(), Some(Book::Explain));
        assert_eq!(c.take_docs_request(), None, "asked once");
        c.key(Key::Paste("kubectl get ns\n".into()));
        let now = c.session.cluster.now();
        c.tick(1.0);
        assert_eq!(c.session.cluster.now(), now, "the clock waits with the line");
        assert_eq!(screen(&c), ["$ kubectl explain pod.spec.restartPolicy"]);
        c.provide_docs(Book::Explain, Ok(&bundled(Book::Explain)));
        assert!(!c.waiting_for_docs());
        let text = screen(&c).join("\n");
        assert!(text.contains("FIELD: restartPolicy <string>"), "{text}");
        assert!(text.contains("$ kubectl get ns\nNAME "), "{text}");
        // Fetched once: the next explain runs at once.
        c.run("kubectl explain svc");
        assert!(!c.waiting_for_docs());
    }

    #[test]
    fn a_line_with_a_kubernetes_io_example_url_fetches_the_examples_first() {
        let mut c = Console::recording(without_docs(1), 1, without_docs);
        c.run("kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml");
        assert!(c.waiting_for_docs());
        assert_eq!(c.take_docs_request(), Some(Book::Examples));
        assert_eq!(screen(&c), ["$ kubectl apply -f https://k8s.io/examples/pods/simple-pod.yaml"]);
        c.provide_docs(Book::Examples, Ok(&bundled(Book::Examples)));
        assert!(!c.waiting_for_docs());
        assert!(screen(&c).join("\n").ends_with("pod/nginx created"), "{:?}", screen(&c));
        // Another host needs no book: kubectl's network error at once.
        let mut c = Console::recording(without_docs(1), 1, without_docs);
        c.run("kubectl apply -f https://example.com/pod.yaml");
        assert!(!c.waiting_for_docs());
        assert_eq!(c.take_docs_request(), None);
    }

    #[test]
    fn a_book_that_cannot_be_fetched_says_so_in_french_and_the_console_goes_on() {
        let mut c = Console::recording(without_docs(1), 1, without_docs);
        c.run("kubectl create --help");
        assert_eq!(c.take_docs_request(), Some(Book::Help));
        c.provide_docs(Book::Help, Err("erreur réseau"));
        let text = screen(&c).join("\n");
        assert!(
            text.contains("Impossible de charger l’aide de kubectl («\u{a0}help-1.32.txt\u{a0}»\u{a0}: erreur réseau)"),
            "{text}"
        );
        assert!(!c.waiting_for_docs());
        // Ctrl+C gives up on a line that waits; nothing of it is journaled.
        c.run("kubectl explain pod");
        c.key(Key::CtrlC);
        assert!(!c.waiting_for_docs());
        assert!(!c.journal().entries.iter().any(|e| e.action == Action::Line { text: "kubectl explain pod".into() }));
        // A line the first look missed prints that the book is missing and asks for it.
        c.run("A=--help; kubectl get $A");
        assert!(screen(&c).join("\n").contains("relancez la commande dans un instant"));
        assert_eq!(c.take_docs_request(), Some(Book::Help));
    }

    #[test]
    fn a_replay_waits_for_the_books_its_lines_need_and_loses_nothing_meanwhile() {
        let mut c = Console::recording(Session::new(3, 0), 3, without_docs);
        c.run("kubectl create deployment web --image=nginx");
        c.tick(1.0);
        c.run("kubectl rollout");
        c.tick(5.0);
        c.run("kubectl explain deploy.spec.strategy");
        c.tick(5.0);
        c.run("kubectl get pods");
        let saved = c.journal();
        let mut back = Console::replay(&saved, without_docs);
        assert_eq!(back.take_docs_request(), Some(Book::Help), "the rollout help comes first");
        assert_eq!(back.journal(), saved, "what waits is saved too");
        back.provide_docs(Book::Help, Ok(&bundled(Book::Help)));
        assert_eq!(back.take_docs_request(), Some(Book::Explain));
        back.provide_docs(Book::Explain, Ok(&bundled(Book::Explain)));
        assert!(!back.waiting_for_docs());
        assert_eq!(screen(&back), screen(&c));
        assert_eq!(back.session.cluster.now(), c.session.cluster.now());
        // Without the book, the replay still goes to its end.
        let mut offline = Console::replay(&saved, without_docs);
        offline.provide_docs(Book::Help, Err("hors ligne"));
        offline.provide_docs(Book::Explain, Err("hors ligne"));
        assert!(!offline.waiting_for_docs());
        assert_eq!(offline.session.cluster.now(), c.session.cluster.now());
        assert_eq!(screen(&offline).last(), screen(&c).last());
    }

    #[test]
    fn what_the_learner_does_during_a_replay_wait_comes_after_it_and_a_reset_drops_the_wait() {
        let mut c = Console::recording(Session::new(3, 0), 3, without_docs);
        c.run("kubectl explain pod");
        c.run("touch before.txt");
        let saved = c.journal();
        let mut back = Console::replay(&saved, without_docs);
        assert!(back.waiting_for_docs());
        back.write_file("later.txt", "x");
        back.key(Key::CtrlL);
        assert!(back.session.files.read("later.txt").is_err(), "held behind the replay");
        back.provide_docs(Book::Explain, Ok(&bundled(Book::Explain)));
        assert_eq!(back.session.files.read("later.txt").ok(), Some("x"));
        let actions: Vec<Action> = back.journal().entries.into_iter().map(|e| e.action).collect();
        assert_eq!(actions[1], Action::Line { text: "touch before.txt".into() });
        assert_eq!(actions[2..], [Action::Write { path: "later.txt".into(), text: "x".into() }, Action::Clear]);

        let mut reset = Console::replay(&saved, without_docs);
        reset.reset();
        assert!(!reset.waiting_for_docs());
        assert_eq!(reset.take_docs_request(), None);
    }

    #[test]
    fn reset_asks_first_then_starts_over() {
        let mut c = Console::recording(Session::new(5, 0), 5, plain_session);
        let deployments = |c: &Console| c.session.cluster.store().deployments.in_namespace("default").count();
        c.run("kubectl create deployment web --image=nginx");
        c.run("reset");
        assert_eq!(c.prompt(), RESET_QUESTION);
        c.run("non");
        assert_eq!(deployments(&c), 1);
        c.run("reset");
        c.run("oui");
        assert_eq!(deployments(&c), 0);
        assert!(c.session.history().is_empty());
        let back = Console::replay(&c.journal(), plain_session);
        assert_eq!(deployments(&back), 0);
    }

    #[test]
    fn a_journal_from_another_version_or_corrupt_is_refused() {
        assert!(Journal::from_json("{not json").unwrap_err().starts_with("sauvegarde illisible"));
        let mut j = Journal::new(1);
        j.format = 0;
        assert!(Journal::from_json(&j.to_json()).unwrap_err().contains("autre version"));
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn an_edit_saved_after_the_cluster_moved_applies_without_conflict() {
        let mut c = Console::new(Session::new(2, 0));
        c.run("kubectl run www --image=nginx:1.12.2");
        c.run("kubectl edit pod/www");
        let Some(super::super::Editing::Object(req)) = c.session.editing().cloned() else { panic!("not editing") };
        // Meanwhile the pod starts: its status (and resourceVersion) change.
        for _ in 0..50 {
            c.tick(0.1);
        }
        c.finish_edit(Some(&req.text.replace("image: nginx:1.12.2", "image: nginx:1.27")));
        assert_eq!(c.lines().last().unwrap().text, "pod/www edited");
        c.run("kubectl get pod www -o jsonpath={.spec.containers[0].image}");
        assert_eq!(c.lines().last().unwrap().text, "nginx:1.27");
        c.run("kubectl edit pod/www");
        c.finish_edit(Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: www\nspec:\n  containers:\n  - name: www\n    image: nginx\n    imagee: x\n"));
        assert!(
            c.lines().any(|l| l.text.contains("unknown field")),
            "{:?}",
            c.lines().map(|l| &l.text).collect::<Vec<_>>()
        );
    }
}
