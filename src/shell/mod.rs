//! The shell around kubectl: a [`Session`] reads lines, runs pipelines of
//! builtins and `kubectl`, keeps files in a virtual filesystem, and holds
//! what runs as the clock moves (watches, `sleep`, an attached container).
//!
//! The same session serves the browser console and the terminal version:
//! the caller feeds lines with [`Session::input`], moves the clock with
//! [`Session::tick`] (or [`Session::run_until_quiet`] in script mode), and
//! interrupts with [`Session::interrupt`].

pub mod builtins;
pub mod complete;
pub mod console;
pub mod editor;
pub mod jobs;
pub mod journal;
pub mod minikube;
mod kubeconfig;
mod minikube_nodes;
mod minikube_profile;
mod openssl;
use crate::vfs;

use std::collections::BTreeMap;

use crate::cluster::{Cluster, Time};
use crate::kubectl::edit::EditRequest;
use crate::kubectl::logs::Attach;
use crate::kubectl::output::{Output, Stream};
use crate::kubectl::{self, Config, Ctx, Job, Run};

use crate::sh::Dialect;
use crate::sh::lex::{self, Command, Fd, Join, LexError, Part, Pipeline, Redirect, Script, Word};
use self::vfs::Vfs;

/// What the session is doing between two lines.
#[derive(Clone, Debug)]
pub(crate) enum State {
    Ready,
    /// An open quote waits for more lines (`need`: the character that may
    /// end it, `\n` for any line), or heredocs for their bodies.
    More {
        lines: Vec<String>,
        need: char,
        heredocs: Option<Box<Heredocs>>,
    },
    /// A command runs while the clock moves; the rest of the line waits.
    Running(Box<Running>),
    /// Lines go to a shell inside a container.
    Attached(Attach),
    /// Lines go to the node's shell (`minikube ssh`).
    Node(minikube::NodeShell),
    /// `kubectl edit` / `nano`: the caller's editor has the text.
    Editing(Editing),
}

#[derive(Clone, Debug)]
pub(crate) struct Running {
    task: Task,
    /// Pipeline stages after the running command (`kubectl get pods -w | grep web`).
    filters: Vec<Command>,
    /// The pipelines after this one on the same line.
    rest: Script,
    /// Where the task's stdout goes (`kubectl logs -f > f.txt`), if redirected.
    redirect_to: Option<String>,
}

/// A task that runs alone (no pipe after it, no rest of line yet).
fn running(task: Task) -> State {
    State::Running(Box::new(Running { task, filters: vec![], rest: vec![], redirect_to: None }))
}

/// A line whose heredocs are being read: the body so far of the first
/// still open, and the line number where the command began.
#[derive(Clone, Debug)]
pub(crate) struct Heredocs {
    script: Script,
    body: String,
    line: usize,
}

#[derive(Clone, Debug)]
enum Task {
    Job(Job),
    /// Until then; `None`: until Ctrl+C (`sleep inf`, or past year 9999).
    Sleep(Option<Time>),
}

/// What the editor holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Editing {
    /// `kubectl edit`: saving applies the object.
    Object(EditRequest),
    /// `nano f.yaml`: saving writes the file.
    File { path: String, text: String },
}

/// What the caller should show for the current state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Ready,
    /// More lines are needed (heredoc, open quote): prompt `> `.
    More,
    /// A command runs; Ctrl+C stops it.
    Running,
    /// In a container's shell.
    Attached,
    /// The editor is open.
    Editing,
}

/// The result of one input line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub output: Output,
    /// `clear` / Ctrl+L: the caller empties its screen first.
    pub clear: bool,
}

impl From<Output> for Reply {
    fn from(output: Output) -> Reply {
        Reply { output, clear: false }
    }
}

/// A shell session on a simulated cluster.
#[derive(Clone, Debug)]
pub struct Session {
    pub cluster: Cluster,
    pub files: Vfs,
    pub config: Config,
    /// kubectl's reference texts (the page fetches them on first use).
    pub docs: kubectl::docs::Docs,
    history: Vec<String>,
    vars: BTreeMap<String, String>,
    last_code: i32,
    state: State,
    /// `minikube tunnel` runs in the background.
    tunnel: bool,
    /// Commands left running with `&` (`kubectl port-forward … &`).
    pub(crate) jobs: jobs::Jobs,
    /// The learner paused the clock: controllers do not react to commands
    /// until the clock moves again (see `console::Console`'s time controls).
    paused: bool,
    /// Lines read so far (bash's line numbers in its warnings).
    lineno: usize,
    /// An expansion failed (`$((1/0))`): bash's message; the line stops.
    expand_error: Option<String>,
    /// How deep `$(…)` substitutions run now.
    nesting: usize,
    /// `minikube delete` removed the cluster: minikube's commands say so
    /// until `minikube start` creates a new one (the old one is kept,
    /// stopped, only so that nothing else needs an `Option`).
    deleted: bool,
    /// The kubeconfig file and `config` as last agreed (kubeconfig.rs).
    kubeconfig: kubeconfig::Synced,
}

/// A flow of pipelines: finished, or stopped on something that waits.
enum Flow {
    Done(Output),
    Wait(Output, State),
    Clear(Output),
}

impl Session {
    pub fn new(seed: u64, workers: usize) -> Session {
        Session::with_cluster(Cluster::with_workers(seed, workers))
    }

    pub fn with_cluster(cluster: Cluster) -> Session {
        let mut vars = BTreeMap::new();
        vars.extend(
            [
                ("HOME", vfs::HOME),
                ("USER", "atelier"),
                ("SHELL", "/bin/bash"),
                ("KUBECONFIG", "/home/atelier/.kube/config"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let mut files = Vfs::default();
        let config = Config::default();
        let kubeconfig = kubeconfig::Synced::start(&mut files, &config);
        Session {
            cluster,
            files,
            config,
            docs: kubectl::docs::Docs::bundled(),
            history: Vec::new(),
            vars,
            last_code: 0,
            state: State::Ready,
            tunnel: false,
            jobs: jobs::Jobs::default(),
            paused: false,
            lineno: 0,
            expand_error: None,
            nesting: 0,
            deleted: false,
            kubeconfig,
        }
    }

    pub fn mode(&self) -> Mode {
        match &self.state {
            State::Ready => Mode::Ready,
            State::More { .. } => Mode::More,
            State::Running(_) => Mode::Running,
            State::Attached(_) | State::Node(_) => Mode::Attached,
            State::Editing(_) => Mode::Editing,
        }
    }

    /// The prompt to show before the next line.
    pub fn prompt(&self) -> String {
        match &self.state {
            State::More { .. } => "> ".into(),
            // bash names the pod; busybox's ash shows the directory; Debian's dash, `# `.
            State::Attached(a) => match (self.shell_of(a), a.shell.as_ref().map_or("/", |s| s.cwd.as_str())) {
                (Dialect::Bash, cwd) => format!("root@{}:{}# ", self.hostname_of(a), if cwd == "/root" { "~" } else { cwd }),
                (Dialect::Ash, cwd) => format!("{} # ", if cwd == "/root" { "~" } else { cwd }),
                (Dialect::Dash, _) => "# ".into(),
            },
            State::Node(n) => n.prompt(),
            _ => "$ ".into(),
        }
    }

    /// The container's hostname: its pod's name, or its node's on the host's
    /// network (`kubectl debug node/…`).
    fn hostname_of(&self, a: &Attach) -> String {
        let pod = self.cluster.store().get::<crate::cluster::objects::Pod>(&a.namespace, &a.pod);
        match pod.filter(|p| p.spec.host_network == Some(true)) {
            Some(p) => p.spec.node_name.clone(),
            None => a.pod.clone(),
        }
    }

    /// Which shell a container session runs.
    fn shell_of(&self, a: &Attach) -> Dialect {
        if a.bash {
            return Dialect::Bash;
        }
        let busybox = self
            .cluster
            .store()
            .get::<crate::cluster::objects::Pod>(&a.namespace, &a.pod)
            .and_then(|p| {
                let mut all = p.spec.containers.iter().chain(&p.spec.ephemeral_containers);
                all.find(|c| c.name == a.container).map(|c| c.image.clone())
            })
            .is_some_and(|i| i.starts_with("busybox") || i.starts_with("alpine") || i.contains(":alpine"));
        if busybox { Dialect::Ash } else { Dialect::Dash }
    }

    /// The lines typed so far (for `history` and the console's ↑).
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// Whether the clock is paused (controllers wait for the next step).
    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    /// The history, to carry it to another session (a lesson's start, an undo).
    pub fn history_mut(&mut self) -> &mut Vec<String> {
        &mut self.history
    }

    pub fn set_history(&mut self, history: Vec<String>) {
        self.history = history;
    }

    /// The exit code of the last command (`$?`).
    pub fn last_code(&self) -> i32 {
        self.last_code
    }

    /// What the editor should open, when [`Mode::Editing`].
    pub fn editing(&self) -> Option<&Editing> {
        match &self.state {
            State::Editing(e) => Some(e),
            _ => None,
        }
    }

    /// Runs one line typed by the learner.
    pub fn input(&mut self, line: &str) -> Reply {
        let mut reply = self.read_line(line);
        // minikube changes the kubeconfig too.
        kubeconfig::write(self);
        // What background jobs printed meanwhile reached the terminal, not the line's pipes.
        let said = self.jobs.take_said();
        if !said.chunks.is_empty() {
            let mut output = said;
            output.code = reply.output.code;
            output.chunks.append(&mut reply.output.chunks);
            reply.output = output;
        }
        reply
    }

    fn read_line(&mut self, line: &str) -> Reply {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::Ready => {
                self.lineno += 1;
                if !line.trim().is_empty() {
                    self.history.push(line.to_string());
                }
                self.start(vec![line.to_string()])
            }
            State::More { mut lines, need, heredocs } => {
                self.lineno += 1;
                if let Some(first) = self.history.last_mut() {
                    first.push('\n');
                    first.push_str(line);
                }
                if let Some(h) = heredocs {
                    return self.heredoc_line(h, Some(line));
                }
                lines.push(line.to_string());
                // Only a line with the open construct's closer can end it
                // (reparsing every time would be quadratic).
                if need != '\n' && !line.contains(need) {
                    self.state = State::More { lines, need, heredocs: None };
                    return Reply::default();
                }
                self.start(lines)
            }
            State::Running(r) => {
                // Typing while a command runs: the line is not read (as a terminal would buffer it).
                self.state = State::Running(r);
                Reply::default()
            }
            State::Attached(a) => self.attached_line(a, line),
            State::Node(shell) => self.node_line(shell, line),
            State::Editing(e) => {
                self.state = State::Editing(e);
                Reply::default()
            }
        }
    }

    /// Parses the collected lines; waits for more if a heredoc or quote is open.
    fn start(&mut self, lines: Vec<String>) -> Reply {
        let parsed = if lines.len() == 1 { lex::parse(&lines[0]) } else { lex::parse(&lines.join("\n")) };
        let mut script = match parsed {
            Ok(s) => s,
            Err(LexError::Incomplete(need)) => {
                self.state = State::More { lines, need, heredocs: None };
                return Reply::default();
            }
            Err(LexError::Syntax(t)) => return self.syntax_error(&t),
        };
        if lex::pending_heredocs(&mut script).is_empty() {
            return self.run_script(script);
        }
        let line = self.lineno;
        self.state = State::More { lines: vec![], need: '\n', heredocs: Some(Box::new(Heredocs { script, body: String::new(), line })) };
        Reply::default()
    }

    /// One line of a heredoc's body (`None`: the input ended, as bash warns).
    fn heredoc_line(&mut self, mut h: Box<Heredocs>, line: Option<&str>) -> Reply {
        let mut warning = Output::new();
        let mut pending = lex::pending_heredocs(&mut h.script);
        let Some(Redirect::Heredoc { delimiter, strip_tabs, body, .. }) = pending.first_mut().map(|r| &mut **r) else {
            return self.run_script(h.script);
        };
        match line {
            Some(l) => {
                let l = if *strip_tabs { l.trim_start_matches('\t') } else { l };
                if l != delimiter {
                    h.body.push_str(l);
                    h.body.push('\n');
                    self.state = State::More { lines: vec![], need: '\n', heredocs: Some(h) };
                    return Reply::default();
                }
                *body = Some(std::mem::take(&mut h.body));
                if pending.len() > 1 {
                    self.state = State::More { lines: vec![], need: '\n', heredocs: Some(h) };
                    return Reply::default();
                }
            }
            None => {
                warning.err(format!(
                    "bash: warning: here-document at line {} delimited by end-of-file (wanted `{delimiter}')\n",
                    h.line
                ));
                *body = Some(std::mem::take(&mut h.body));
                for r in pending.into_iter().skip(1) {
                    if let Redirect::Heredoc { body, .. } = r {
                        *body = Some(String::new());
                    }
                }
            }
        }
        let mut reply = self.run_script(h.script);
        warning.extend_keep_code(reply.output);
        warning.code = self.last_code;
        reply.output = warning;
        reply
    }

    /// The input ended (a script's last line): a heredoc still open runs with
    /// what it read; an open quote is bash's error.
    pub fn end_of_input(&mut self) -> Output {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::More { heredocs: Some(h), .. } => self.heredoc_line(h, None).output,
            State::More { need, .. } => {
                self.last_code = 2;
                let mut text = String::new();
                if need != '\n' {
                    text = format!("bash: unexpected EOF while looking for matching `{need}'\n");
                }
                Output::fail(text + "bash: syntax error: unexpected end of file\n")
            }
            other => {
                self.state = other;
                Output::new()
            }
        }
    }

    fn syntax_error(&mut self, token: &str) -> Reply {
        self.last_code = 2;
        let shown = if token == "newline" { "newline".to_string() } else { token.to_string() };
        Output::fail(format!("bash: syntax error near unexpected token `{shown}'\n")).into()
    }

    fn run_script(&mut self, script: Script) -> Reply {
        self.expand_error = None;
        match self.run_flow(script, Output::new()) {
            Flow::Done(o) => o.into(),
            Flow::Clear(o) => Reply { output: o, clear: true },
            Flow::Wait(o, state) => {
                self.state = state;
                o.into()
            }
        }
    }

    /// Runs pipelines in order until one waits.
    fn run_flow(&mut self, script: Script, mut out: Output) -> Flow {
        let mut clear = false;
        let mut pipelines = script.into_iter();
        while let Some(p) = pipelines.next() {
            let skip = match p.join {
                Join::And => self.last_code != 0,
                Join::Or => self.last_code == 0,
                _ => false,
            };
            if skip {
                continue;
            }
            match self.run_pipeline(&p) {
                Step::Done(o, c) => {
                    self.last_code = o.code;
                    out.extend_keep_code(o);
                    clear |= c;
                }
                Step::Abort(o) => {
                    self.last_code = o.code;
                    out.extend_keep_code(o);
                    break;
                }
                Step::Wait(o, mut state) => {
                    out.extend_keep_code(o);
                    if let State::Running(r) = &mut state {
                        r.rest = pipelines.collect();
                        // A wait already over (a delete whose object went at
                        // once, `sleep 0`) ends now: the rest of the line runs
                        // with its exit code, and the next line is read.
                        self.state = state;
                        out.extend_keep_code(self.poll());
                        state = std::mem::replace(&mut self.state, State::Ready);
                    }
                    out.code = self.last_code;
                    return Flow::Wait(out, state);
                }
            }
        }
        out.code = self.last_code;
        if clear { Flow::Clear(out) } else { Flow::Done(out) }
    }

    /// Expands a word: variables and command substitutions, as one string.
    fn expand(&mut self, word: &Word) -> String {
        self.fields(word, false).concat()
    }

    /// Expands a word into fields: with `split`, an unquoted expansion
    /// splits at blanks and newlines (bash's default IFS), and one that
    /// expands to nothing is no field (`echo $UNSET x`, `kubectl delete
    /// $(kubectl get pods -o name)`).
    fn fields(&mut self, word: &Word, split: bool) -> Vec<String> {
        crate::sh::fields(word, split, &mut |part| match part {
            Part::Var(v) => self.var(v),
            Part::Command(c) => {
                let mut text = self.substitute(c);
                text.truncate(text.trim_end_matches('\n').len());
                text
            }
            Part::Arith(e) => {
                let e = self.expand_text(e);
                match lex::arith(&e, &|name| self.var(name)) {
                    Ok(n) => n.to_string(),
                    Err(text) => {
                        self.expand_error.get_or_insert(text);
                        String::new()
                    }
                }
            }
            _ => String::new(),
        })
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.last_code.to_string(),
            "PWD" => self.files.cwd().to_string(),
            "HOME" => self.vars.get(name).map_or(vfs::HOME, |h| h.as_str()).to_string(),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    /// `$(…)`: runs a line and returns its stdout (watches give their first lines).
    fn substitute(&mut self, line: &str) -> String {
        // Each `$(…)` is a subshell: past 64 deep, no process is left to fork
        // (the page's stack would not hold more).
        if self.nesting > 64 {
            self.expand_error.get_or_insert_with(|| "bash: fork: Resource temporarily unavailable\n".into());
            return String::new();
        }
        let Ok(script) = lex::parse(line) else { return String::new() };
        self.nesting += 1;
        let saved = self.last_code;
        let mut text = String::new();
        for p in &script {
            match self.run_pipeline(p) {
                Step::Done(o, _) => {
                    text.push_str(&o.stdout());
                    self.last_code = o.code;
                }
                Step::Wait(o, _) => text.push_str(&o.stdout()),
                Step::Abort(o) => {
                    self.expand_error = Some(o.stderr());
                    break;
                }
            }
        }
        let _ = saved;
        self.nesting -= 1;
        text
    }

    fn run_pipeline(&mut self, p: &Pipeline) -> Step {
        let mut stdin: Option<String> = None;
        let mut shown = Output::new();
        let mut clear = false;
        let count = p.commands.len();
        for (i, command) in p.commands.iter().enumerate() {
            let mut argv: Vec<String> = Vec::new();
            for w in &command.words {
                argv.extend(self.fields(w, true));
            }
            // bash drops the rest of the line after an expansion error.
            if let Some(text) = self.expand_error.take() {
                shown.err(text);
                shown.code = 1;
                return Step::Abort(shown);
            }
            // `cat f >> f`: GNU cat refuses to read the file it appends to.
            let appended = command.redirects.iter().rev().find_map(|r| match r {
                Redirect::To { fd: Fd::Out | Fd::Both, path, append } => Some((*append, path)),
                _ => None,
            });
            if let (Some((true, path)), Some("cat")) = (appended, argv.first().map(String::as_str)) {
                let target = self.expand(path);
                let target = self.files.resolve(&target);
                let same = |f: &&String| self.files.resolve(f) == target && self.files.read(f).is_ok_and(|t| !t.is_empty());
                if let Some(f) = argv[1..].iter().find(same) {
                    shown.err(format!("cat: {f}: input file is output file\n"));
                    shown.code = 1;
                    let rest: Vec<String> = argv.iter().filter(|a| !same(a)).cloned().collect();
                    if rest.len() == 1 {
                        return Step::Done(shown, clear);
                    }
                    let mut ran = builtins::run(self, &rest, None);
                    if let Exec::Done(o) = &mut ran {
                        let _ = self.apply_redirects(&command.redirects, o, "cat");
                        shown.extend_keep_code(std::mem::take(o));
                    }
                    shown.code = 1;
                    return Step::Done(shown, clear);
                }
            }
            // Input: `< file` or a heredoc replaces the pipe.
            for r in &command.redirects {
                match r {
                    Redirect::From(w) => {
                        let path = self.expand(w);
                        match self.files.read(&path) {
                            Ok(t) => stdin = Some(t.to_string()),
                            Err(e) => {
                                shown.err(format!("bash: {path}: {}\n", e.text()));
                                shown.code = 1;
                                return Step::Done(shown, clear);
                            }
                        }
                    }
                    Redirect::Heredoc { body, expand, .. } => {
                        let text = body.clone().unwrap_or_default();
                        stdin = Some(if *expand { self.expand_text(&text) } else { text });
                    }
                    _ => {}
                }
            }
            // bash opens `> f` (empty) and `>> f` before the command runs: `cat f > f` empties f.
            for r in &command.redirects {
                let Redirect::To { path, append, .. } = r else { continue };
                let path = self.expand(path);
                let kept = *append && self.files.read(&path).is_ok();
                if path != "/dev/null" && !kept && let Err(e) = self.files.write(&path, "") {
                    shown.err(format!("bash: {path}: {}\n", e.text()));
                    shown.code = 1;
                    return Step::Done(shown, clear);
                }
            }
            let last = i + 1 == count;
            let result = self.run_command(&argv, stdin.take(), p.background && last);
            let (mut out, wait) = match result {
                Exec::Done(o) => (o, None),
                Exec::Clear(o) => {
                    clear = true;
                    (o, None)
                }
                Exec::Wait(o, state) => (o, Some(state)),
            };
            let name = argv.first().map_or("", String::as_str);
            let redirect_to = match self.apply_redirects(&command.redirects, &mut out, name) {
                Ok(r) => r,
                Err(e) => {
                    shown.err(e);
                    shown.code = 1;
                    return Step::Done(shown, clear);
                }
            };
            if let Some(mut state) = wait {
                if let State::Running(r) = &mut state {
                    r.filters = p.commands[i + 1..].to_vec();
                    r.redirect_to = redirect_to;
                    // What the command printed so far goes through the filters too.
                    let first = self.filter(&r.filters.clone(), out);
                    shown.extend_keep_code(first);
                    return Step::Wait(shown, state);
                }
                shown.extend_keep_code(out);
                return Step::Wait(shown, state);
            }
            // stderr goes to the terminal now; stdout feeds the next command.
            let code = out.code;
            if last {
                shown.extend_keep_code(out);
                shown.code = code;
            } else {
                stdin = Some(out.stdout());
                for (stream, text) in out.chunks {
                    match stream {
                        Stream::Err => shown.err(text),
                        Stream::Note => shown.note(text),
                        Stream::Out => {}
                    }
                }
            }
        }
        Step::Done(shown, clear)
    }

    /// Heredoc bodies without quotes on the delimiter expand `$VAR`.
    fn expand_text(&mut self, text: &str) -> String {
        if !text.contains('$') {
            return text.to_string();
        }
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            let quoted = line.replace('"', "\\\"");
            match lex::parse(&format!("\"{}\"", quoted.trim_end_matches('\n'))) {
                Ok(s) if s.len() == 1 && s[0].commands.len() == 1 && s[0].commands[0].words.len() == 1 => {
                    let w = s[0].commands[0].words[0].clone();
                    out.push_str(&self.expand(&w));
                    if line.ends_with('\n') {
                        out.push('\n');
                    }
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// Applies output redirections as bash opens them, left to right (`>f
    /// 2>&1` sends both to `f`, `2>&1 >f` only stdout); returns the file a
    /// running task's stdout goes to. Our notes stay on the terminal.
    fn apply_redirects(
        &mut self,
        redirects: &[Redirect],
        out: &mut Output,
        name: &str,
    ) -> Result<Option<String>, String> {
        // Where stdout and stderr go: a terminal stream, or a file.
        let mut dest: [(Stream, Option<String>); 2] = [(Stream::Out, None), (Stream::Err, None)];
        for r in redirects {
            match r {
                Redirect::ErrToOut => dest[1] = dest[0].clone(),
                Redirect::OutToErr => dest[0] = dest[1].clone(),
                // Opened (created, or emptied for `>`) before the command ran.
                Redirect::To { fd, path, .. } => {
                    let path = self.expand(path);
                    let to = (Stream::Out, Some(path));
                    if *fd != Fd::Err {
                        dest[0] = to.clone();
                    }
                    if *fd != Fd::Out {
                        dest[1] = to;
                    }
                }
                _ => {}
            }
        }
        let mut written: Vec<(String, String)> = Vec::new();
        for (stream, text) in std::mem::take(&mut out.chunks) {
            match &dest[usize::from(stream != Stream::Out)] {
                _ if stream == Stream::Note => out.chunks.push((stream, text)),
                (to, None) => out.chunks.push((*to, text)),
                (_, Some(path)) if path == "/dev/null" => {}
                (_, Some(path)) => match written.iter_mut().find(|(p, _)| p == path) {
                    Some((_, t)) => t.push_str(&text),
                    None => written.push((path.clone(), text)),
                },
            }
        }
        for (path, text) in written {
            let previous = self.files.read(&path).unwrap_or("").to_string();
            if let Err(e) = self.files.write(&path, previous + &text) {
                // The disk filled up: the command's own write fails (bash's builtins say `bash: `).
                return Err(match name {
                    "echo" | "printf" | "pwd" | "history" | "jobs" | "help" => {
                        format!("bash: {name}: write error: {}\n", e.text())
                    }
                    // Go's printers return the write's error.
                    "kubectl" | "k" => format!("error: write /dev/stdout: {}\n", e.text().to_ascii_lowercase()),
                    _ => format!("{name}: write error: {}\n", e.text()),
                });
            }
        }
        Ok(dest[0].1.clone().filter(|p| p != "/dev/null"))
    }

    /// Passes a running command's new output through the pipeline's later stages.
    fn filter(&mut self, filters: &[Command], out: Output) -> Output {
        if filters.is_empty() {
            return out;
        }
        let mut shown = Output::new();
        let mut stdin = String::new();
        for (stream, text) in out.chunks {
            match stream {
                Stream::Err => shown.err(text),
                Stream::Note => shown.note(text),
                Stream::Out => stdin.push_str(&text),
            }
        }
        if stdin.is_empty() {
            return shown;
        }
        for (i, c) in filters.iter().enumerate() {
            let mut argv: Vec<String> = Vec::new();
            for w in &c.words {
                argv.extend(self.fields(w, true));
            }
            let o = match builtins::run_filter(&self.files, &argv, stdin.clone()) {
                Some(o) => o,
                None => Output::new(),
            };
            if i + 1 == filters.len() {
                shown.extend_keep_code(o);
                return shown;
            }
            stdin = o.stdout();
        }
        shown
    }

    /// Runs one command (builtin or kubectl).
    fn run_command(&mut self, argv: &[String], stdin: Option<String>, background: bool) -> Exec {
        use crate::sh::assignment;
        let assigned = argv.iter().take_while(|w| assignment(w).is_some()).count();
        if assigned > 0 {
            let pairs = argv[..assigned].iter().filter_map(|w| assignment(w));
            if assigned == argv.len() {
                // `NAME=value` alone sets a shell variable.
                self.vars.extend(pairs.map(|(k, v)| (k.to_string(), v.to_string())));
                return Exec::Done(Output::new());
            }
            // `NAME=value cmd`: set for that command only.
            let saved: Vec<(String, Option<String>)> = pairs
                .map(|(k, v)| (k.to_string(), self.vars.insert(k.to_string(), v.to_string())))
                .collect();
            let exec = self.run_command(&argv[assigned..], stdin, background);
            for (k, old) in saved.into_iter().rev() {
                match old {
                    Some(v) => self.vars.insert(k, v),
                    None => self.vars.remove(&k),
                };
            }
            return exec;
        }
        let Some(name) = argv.first() else { return Exec::Done(Output::new()) };
        match name.as_str() {
            "kubectl" | "k" => {
                let exec = self.kubectl(&argv[1..], stdin.as_deref());
                if background { self.to_background(argv, exec) } else { exec }
            }
            "minikube" => minikube::run(self, &argv[1..], background),
            // The node is off: its addresses no longer answer.
            "curl" if self.cluster.stopped() => match minikube::curl_while_stopped(argv) {
                Some(out) => Exec::Done(out),
                None => builtins::run(self, argv, stdin),
            },
            _ => builtins::run(self, argv, stdin),
        }
    }

    /// `… &`: a port-forward keeps running as a job and the prompt comes
    /// back; anything else runs in the foreground all the same.
    fn to_background(&mut self, argv: &[String], exec: Exec) -> Exec {
        match exec {
            Exec::Wait(out, State::Running(r)) => match r.task {
                Task::Job(Job::Forward(forward)) => {
                    let mut shown = self.jobs.start(argv.join(" "), forward);
                    shown.extend_keep_code(out);
                    Exec::Done(shown)
                }
                task => Exec::Wait(out, State::Running(Box::new(Running { task, ..*r }))),
            },
            other => other,
        }
    }

    /// `fg`: a background job runs in the foreground again (Ctrl+C stops it).
    pub(crate) fn foreground(&mut self, args: &[String]) -> Exec {
        match self.jobs.take_foreground(args) {
            Ok(job) => Exec::Wait(
                Output::ok(format!("{}\n", job.command)),
                running(Task::Job(Job::Forward(job.forward))),
            ),
            Err(o) => Exec::Done(o),
        }
    }

    /// Runs kubectl with the session's cluster, files and kubeconfig.
    pub(crate) fn kubectl(&mut self, args: &[String], stdin: Option<&str>) -> Exec {
        if let Some(error) = kubeconfig::read(self, args) {
            return Exec::Done(error);
        }
        // The shell does not tell exported variables from others: all are kubectl's environment.
        let mut ctx = Ctx {
            cluster: &mut self.cluster,
            files: &self.files,
            config: &mut self.config,
            docs: &self.docs,
            stdin,
            env: &self.vars,
        };
        let run = kubectl::run(&mut ctx, args);
        kubeconfig::write(self);
        // Controllers react at once to what the command changed (the clock
        // does not move), unless the learner paused the clock: then on the next step.
        if !self.paused {
            self.cluster.reconcile();
        }
        match run {
            Run::Done(o) => Exec::Done(o),
            Run::Streaming(o, Job::Forward(f)) if f.ports.iter().any(|(l, _)| self.jobs.forwarded(*l).is_some()) => {
                self.listen(o, f)
            }
            Run::Streaming(o, job) => Exec::Wait(
                o,
                running(Task::Job(job)),
            ),
            Run::Attach(o, attach) => Exec::Wait(o, State::Attached(attach)),
            Run::Edit(o, req) => Exec::Wait(o, State::Editing(Editing::Object(req))),
            Run::Write(mut o, file) => {
                if let Err(e) = self.files.write(&file.path, file.content) {
                    o.err(format!("error: open {}: {}\n", file.path, e.text().to_ascii_lowercase()));
                    o.code = 1;
                }
                Exec::Done(o)
            }
        }
    }

    /// A port-forward whose local ports a background job already holds:
    /// client-go's listeners fail on those (bind's EADDRINUSE), and the
    /// command fails when none is left.
    fn listen(&mut self, o: Output, mut f: kubectl::info::PortForward) -> Exec {
        let mut out = Output::new();
        out.chunks.extend(o.chunks.into_iter().filter(|(_, t)| !t.starts_with("Forwarding from")));
        let all = f.ports.clone();
        let mut bound: Vec<u16> = Vec::new();
        f.ports.retain(|&(local, remote)| {
            if self.jobs.forwarded(local).is_some() || bound.contains(&local) {
                out.err(format!(
                    "Unable to listen on port {local}: Listeners failed to create with the following errors: \
                     [unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use \
                     unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\n"
                ));
                return false;
            }
            bound.push(local);
            out.out(format!("Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"));
            true
        });
        if f.ports.is_empty() {
            let ports: Vec<String> = all.iter().map(|(l, r)| format!("{{{l} {r}}}")).collect();
            out.err(format!("error: unable to listen on any of the requested ports: [{}]\n", ports.join(" ")));
            out.code = 1;
            return Exec::Done(out);
        }
        Exec::Wait(
            out,
            running(Task::Job(Job::Forward(f))),
        )
    }

    pub(crate) fn sleep(&mut self, seconds: f64) -> Exec {
        // The last instant the clock shows (9999-12-31T23:59:59Z): a sleep
        // past it never ends, as GNU's past time_t's range.
        const LAST: i64 = 253_402_300_799_000;
        let now = self.cluster.now();
        let until = (seconds * 1000.0 < (LAST - now.0) as f64).then(|| now.plus_secs(seconds));
        Exec::Wait(
            Output::new(),
            running(Task::Sleep(until)),
        )
    }

    pub(crate) fn open_editor(&mut self, path: String, text: String) -> Exec {
        Exec::Wait(Output::new(), State::Editing(Editing::File { path, text }))
    }

    pub(crate) fn tunnel(&self) -> bool {
        self.tunnel
    }

    pub(crate) fn set_tunnel(&mut self, open: bool) {
        self.tunnel = open;
        self.cluster.set_tunnel(open);
    }

    pub(crate) fn vars_mut(&mut self) -> &mut BTreeMap<String, String> {
        &mut self.vars
    }

    /// Moves the clock by `seconds` and returns what the running command printed.
    pub fn tick(&mut self, seconds: f64) -> Output {
        let State::Running(_) = &self.state else {
            self.cluster.advance(seconds);
            return Output::new();
        };
        let target = self.cluster.now().plus_secs(seconds);
        // Stop at the task's own deadline (a sleep ending, a wait timing out).
        let deadline = match &self.state {
            State::Running(r) => match &r.task {
                Task::Sleep(t) => *t,
                Task::Job(j) => j.deadline(),
            },
            _ => None,
        };
        let step_to = deadline.filter(|d| *d < target).unwrap_or(target);
        let secs = step_to.since(self.cluster.now()) as f64 / 1000.0;
        self.cluster.advance(secs.max(0.0));
        let mut out = self.poll();
        if step_to < target && matches!(self.state, State::Ready | State::Running(_)) {
            let rest = target.since(self.cluster.now()) as f64 / 1000.0;
            if matches!(self.state, State::Running(_)) {
                out.extend_keep_code(self.tick(rest));
            } else {
                self.cluster.advance(rest);
            }
        }
        out
    }

    /// Polls the running command; when it ends, runs the rest of its line.
    fn poll(&mut self) -> Output {
        let State::Running(mut r) = std::mem::replace(&mut self.state, State::Ready) else {
            return Output::new();
        };
        let (out, done, code) = match &mut r.task {
            Task::Sleep(until) => (Output::new(), until.is_some_and(|t| self.cluster.now() >= t), 0),
            Task::Job(job) => {
                let (o, done) = job.poll(&self.cluster);
                let code = o.code;
                (o, done, code)
            }
        };
        let mut out = self.filter(&r.filters.clone(), out);
        if let Some(path) = &r.redirect_to {
            let text = out.stdout();
            out.chunks.retain(|(s, _)| *s != Stream::Out);
            let previous = self.files.read(path).unwrap_or("").to_string();
            let _ = self.files.write(path, previous + &text);
        }
        if !done {
            self.state = State::Running(r);
            out.code = 0;
            return out;
        }
        self.last_code = code;
        match self.run_flow(std::mem::take(&mut r.rest), out) {
            Flow::Done(o) | Flow::Clear(o) => o,
            Flow::Wait(o, state) => {
                self.state = state;
                o
            }
        }
    }

    /// Ctrl+C: stops what runs, or drops a half-typed heredoc.
    pub fn interrupt(&mut self) -> Output {
        match std::mem::replace(&mut self.state, State::Ready) {
            State::Running(_) | State::More { .. } => {
                self.last_code = 130;
            }
            State::Attached(a) => self.state = State::Attached(a),
            State::Node(mut n) => {
                n.interrupt();
                self.state = State::Node(n);
            }
            State::Editing(e) => self.state = State::Editing(e),
            State::Ready => {}
        }
        Output::new()
    }

    /// Script mode: lets the running command go on until it finishes or the
    /// cluster is quiet (nothing left to happen), at most `limit` seconds.
    pub fn run_until_quiet(&mut self, limit_seconds: f64) -> Output {
        let mut out = Output::new();
        let start = self.cluster.now();
        let limit = start.plus_secs(limit_seconds);
        self.cluster.reconcile();
        while let State::Running(r) = &self.state {
            let deadline = match &r.task {
                Task::Sleep(t) => *t,
                Task::Job(j) => j.deadline(),
            };
            let next = [self.cluster.next_activity(), deadline].into_iter().flatten().min();
            let Some(next) = next.filter(|n| *n <= limit) else {
                // A command that is already done (a delete whose object went at
                // once) ends as it would on the next tick, with its own exit code.
                let polled = self.tick(0.0);
                let still = matches!(self.state, State::Running(_));
                out.extend_keep_code(polled);
                if !still {
                    continue;
                }
                let State::Running(r) = &self.state else { continue };
                // Quiet: a watch would wait forever; script mode stops it.
                if let Task::Sleep(Some(until)) = r.task {
                    let secs = until.since(self.cluster.now()) as f64 / 1000.0;
                    out.extend_keep_code(self.tick(secs.max(0.0)));
                    continue;
                }
                out.extend_keep_code(self.interrupt());
                break;
            };
            let secs = next.since(self.cluster.now()).max(1) as f64 / 1000.0;
            out.extend_keep_code(self.tick(secs));
        }
        out
    }

    /// A line typed in a container's shell.
    fn attached_line(&mut self, a: Attach, line: &str) -> Reply {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            self.history.push(line.to_string());
        }
        if trimmed == "exit" || trimmed == "logout" {
            let mut out = Output::new();
            if a.bash {
                out.out("exit\n");
            }
            if a.main_process {
                // kubectl offers to come back when the pod restarts its containers.
                let restarts = self
                    .cluster
                    .store()
                    .get::<crate::cluster::objects::Pod>(&a.namespace, &a.pod)
                    .is_some_and(|p| p.spec.restart_policy == "Always");
                if restarts {
                    out.out(format!(
                        "Session ended, resume using 'kubectl attach {} -c {} -i -t' command when the pod is running\n",
                        a.pod, a.container
                    ));
                }
                self.cluster.end_main_process(&a.namespace, &a.pod, &a.container, 0);
            }
            if a.remove_on_exit {
                let _ = self.cluster.delete(crate::cluster::Kind::Pod, &a.namespace, &a.pod, Default::default());
                out.out(format!("pod \"{}\" deleted\n", a.pod));
            }
            return out.into();
        }
        if trimmed.is_empty() {
            self.state = State::Attached(a);
            return Reply::default();
        }
        // The container's own shell runs the line; its pipes reach the text
        // filters (grep, head…) as the image's coreutils would.
        let mut a = a;
        let mut sh = match a.shell.take() {
            Some(sh) => sh,
            None => {
                let program = if a.bash { "bash" } else { "sh" };
                let found = self.cluster.pod_and_container(&a.namespace, &a.pod, &a.container);
                let mut sh = match found {
                    Ok((p, i)) => self.cluster.new_shell(&p, i, program, if a.main_process { 1 } else { 7 }),
                    Err(e) => return Output::fail(crate::kubectl::server_error(&e)).into(),
                };
                sh.interactive = true;
                sh
            }
        };
        let files = &self.files;
        // A `kubectl debug node/…` pod (on the host's network) sees its node's `/` under `/host`.
        let pod = self.cluster.store().get::<crate::cluster::objects::Pod>(&a.namespace, &a.pod);
        let node = if pod.is_some_and(|p| p.spec.host_network == Some(true)) { minikube::host_root(self, &a) } else { None };
        let docs = &self.docs;
        let filter = |argv: &[String], input: &str| {
            let own = node.and_then(|(control_plane, metrics)| minikube::host_files(docs, control_plane, metrics, argv));
            own.or_else(|| builtins::run_filter(files, argv, input.to_string()))
                .map(|o| crate::sh::Out { stdout: o.stdout(), stderr: o.stderr(), code: o.code })
        };
        let result = self.cluster.shell_line(&a.namespace, &a.pod, &a.container, &mut sh, trimmed, Some(&filter));
        let r = match result {
            Ok(r) => r,
            // The container went away: the session ends, as kubectl's would.
            Err(e) => return Output::fail(crate::kubectl::server_error(&e)).into(),
        };
        let mut out = Output::new();
        out.out(r.stdout);
        out.err(r.stderr);
        out.code = r.exit_code;
        if sh.stopped && trimmed.starts_with("exit") {
            // `exit N` typed at the prompt: the session ends with that code.
            let code = out.code;
            if code != 0 && !a.main_process {
                out.err(format!("command terminated with exit code {code}\n"));
            }
            let mut end = self.attached_line(a, "exit").output;
            end.code = code;
            self.last_code = code;
            out.extend_keep_code(end);
            out.code = code;
            return out.into();
        }
        a.shell = Some(sh);
        self.state = State::Attached(a);
        out.into()
    }

    /// A line typed in the node's shell (`minikube ssh`); `exit` comes back here.
    fn node_line(&mut self, mut shell: minikube::NodeShell, line: &str) -> Reply {
        if !line.trim().is_empty() {
            self.history.push(line.to_string());
        }
        let (out, ended) = minikube::node_line(self, &mut shell, line);
        if ended {
            self.last_code = out.code;
        } else {
            self.state = State::Node(shell);
        }
        out.into()
    }

    /// The editor closed: `Some(text)` saves, `None` cancels.
    pub fn finish_edit(&mut self, text: Option<&str>) -> Output {
        let State::Editing(e) = std::mem::replace(&mut self.state, State::Ready) else {
            return Output::new();
        };
        match (e, text) {
            (Editing::Object(_), None) => Output::fail("Edit cancelled, no changes made.\n"),
            (Editing::Object(req), Some(t)) => {
                let mut ctx = Ctx {
                    cluster: &mut self.cluster,
                    files: &self.files,
                    config: &mut self.config,
                    docs: &self.docs,
                    stdin: None,
                    env: &self.vars,
                };
                let out = kubectl::edit::finish(&mut ctx, &req, t);
                // Refused: the editor reopens with the failure on top and the text kept.
                let cancelled = out.stderr().contains("Edit cancelled");
                if out.code != 0 && !cancelled {
                    let failure = out.stderr();
                    let failure = failure.lines().skip(1).collect::<Vec<_>>().join("\n");
                    self.state = State::Editing(Editing::Object(kubectl::edit::reopened(&req, t, &failure)));
                }
                out
            }
            (Editing::File { .. }, None) => Output::new(),
            (Editing::File { path, .. }, Some(t)) => match self.files.write(&path, t) {
                Ok(()) => Output::new(),
                Err(e) => Output::fail(format!("{path}: {}\n", e.text())),
            },
        }
    }
}

/// What one command did.
pub(crate) enum Exec {
    Done(Output),
    Clear(Output),
    Wait(Output, State),
}

enum Step {
    Done(Output, bool),
    /// The line stops here (an expansion error).
    Abort(Output),
    Wait(Output, State),
}

impl Output {
    /// Appends another output's text without taking its exit code.
    fn extend_keep_code(&mut self, other: Output) {
        let code = other.code;
        let mut o = other;
        o.code = 0;
        self.extend(o);
        if code != 0 {
            self.code = code;
        }
    }
}
