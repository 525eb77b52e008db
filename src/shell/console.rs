//! What a terminal does around the session, without any web API: the
//! scrollback, the line being typed and its editing keys (history, Ctrl+R,
//! Tab completion, Ctrl+A/E/U/K/W, Ctrl+C, Ctrl+L), and pasting several
//! lines. The browser console renders this model and forwards keys to it,
//! so its behaviour is tested natively.

use crate::kubectl::output::{Output, Stream};

use super::complete::complete;
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

/// The most lines the scrollback keeps (the oldest go first).
pub const SCROLLBACK: usize = 5_000;

/// A terminal on a session.
#[derive(Clone, Debug)]
pub struct Console {
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
}

impl Console {
    pub fn new(session: Session) -> Console {
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
        }
    }

    /// The scrollback, oldest first (without the line being typed).
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().chain(self.partial.iter())
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

    fn push_line(&mut self, line: Line) {
        self.lines.push(line);
        if self.lines.len() > SCROLLBACK {
            let extra = self.lines.len() - SCROLLBACK;
            self.lines.drain(..extra);
        }
    }

    /// Moves the clock (the page calls this from its timer).
    pub fn tick(&mut self, seconds: f64) {
        let out = self.session.tick(seconds);
        if !out.chunks.is_empty() {
            self.print(&out);
        }
        self.version += 1;
    }

    /// Runs a line as if typed and entered.
    pub fn run(&mut self, line: &str) {
        if let Some(p) = self.partial.take() {
            self.push_line(p);
        }
        let prompt = self.session.prompt();
        let shown = if self.session.mode() == Mode::Running { line.to_string() } else { format!("{prompt}{line}") };
        self.push_line(Line { kind: LineKind::Command, text: shown });
        let reply = self.session.input(line);
        if reply.clear {
            self.lines.clear();
            self.partial = None;
        }
        self.print(&reply.output);
    }

    pub fn key(&mut self, key: Key) {
        self.version += 1;
        if self.search.is_some() && self.search_key(&key) {
            return;
        }
        if key != Key::Tab {
            self.tab_armed = false;
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
                self.lines.clear();
                self.partial = None;
            }
            Key::CtrlC => {
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
                let before = self.session.history().iter().rposition(|l| *l == current).unwrap_or(self.session.history().len());
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
        let c = complete(&self.session, &line, byte_cursor);
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
        typed(&mut c, "kubectl get p");
        c.key(Key::Tab);
        assert_eq!(c.input(), "kubectl get po", "the first Tab completes what all choices share");
        c.key(Key::Tab);
        c.key(Key::Tab);
        assert_eq!(screen(&c).last().unwrap(), "po  pods");
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
