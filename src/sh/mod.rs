//! The shell language, below every layer: reading a line ([`lex`]), the
//! compound commands built on its pipelines (`for`, `while`, `until`, `if`),
//! word expansion with bash's field splitting, and an interpreter that runs a
//! script against a [`Host`]: the programs it has, its files, its clock.
//!
//! The learner's shell (`shell`), minikube's node shell and the lessons'
//! goals read lines and split fields with it; a container's shell
//! (`cluster::sh`) runs whole scripts with it. A script
//! never blocks: `sleep` moves the script's own clock ([`Shell::elapsed_ms`]),
//! and a run stops when that clock reaches its end (a container's log is its
//! script run up to now) or after a bounded number of commands (a loop with
//! no `sleep`), so no input can hang the page.

pub mod lex;

use std::collections::{BTreeMap, VecDeque};

use lex::{Fd, Join, Part, Pipeline, Redirect, Word};

/// What a command leaves: its two streams and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Out {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Out {
    pub fn ok(stdout: impl Into<String>) -> Out {
        Out { stdout: stdout.into(), ..Out::default() }
    }
    pub fn fail(stderr: impl Into<String>, code: i32) -> Out {
        Out { stderr: stderr.into(), code, ..Out::default() }
    }
}

/// Expands a word into fields: with `split`, an unquoted expansion splits at
/// blanks and newlines (bash's default IFS) and one that expands to nothing
/// is no field (`echo $UNSET x`). `expand` gives a substitution's text.
pub fn fields(word: &Word, split: bool, expand: &mut dyn FnMut(&Part) -> String) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current: Option<String> = if split { None } else { Some(String::new()) };
    let mut unquoted = false;
    for part in word {
        let text = match part {
            Part::Field => {
                unquoted = split;
                continue;
            }
            Part::Text(t) => t.clone(),
            other => expand(other),
        };
        if !std::mem::take(&mut unquoted) {
            current.get_or_insert_with(String::new).push_str(&text);
            continue;
        }
        let blank = |c: char| matches!(c, ' ' | '\t' | '\n');
        if text.starts_with(blank) {
            fields.extend(current.take());
        }
        let mut pieces = text.split(blank).filter(|p| !p.is_empty()).peekable();
        while let Some(piece) = pieces.next() {
            current.get_or_insert_with(String::new).push_str(piece);
            if pieces.peek().is_some() {
                fields.extend(current.take());
            }
        }
        if text.ends_with(blank) {
            fields.extend(current.take());
        }
    }
    fields.extend(current);
    fields
}

/// A script as a tree: pipelines and the compound commands around them.
#[derive(Debug)]
pub enum Node {
    Pipeline(Pipeline),
    /// `for NAME in WORDS; do BODY; done`.
    For(String, Vec<Word>, Vec<Item>),
    /// `while COND; do BODY; done`, or `until` (`true`).
    Loop(bool, Vec<Item>, Vec<Item>),
    /// `if C; then B; elif C; then B; else B; fi`: the arms, then the `else` body.
    If(Vec<(Vec<Item>, Vec<Item>)>, Vec<Item>),
}

/// A node and how it joins the one before it (`;`, `&&`, `||`).
#[derive(Debug)]
pub struct Item {
    pub join: Join,
    pub node: Node,
}

/// Why a script is not a whole program: a reserved word where none may be,
/// or the end of the script before the one a compound command needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Syntax {
    Unexpected(String),
    EndOfFile(&'static str),
}

/// Builds the tree of a script the lexer read: a reserved word is one that
/// begins a pipeline (`do echo x` is `do`, then `echo x`).
pub fn structure(script: lex::Script) -> Result<Vec<Item>, Syntax> {
    let mut queue: VecDeque<Pipeline> = script.into();
    Ok(list(&mut queue, &[])?.0)
}

fn keyword(p: &Pipeline) -> Option<&'static str> {
    const WORDS: [&str; 10] = ["for", "while", "until", "if", "then", "elif", "else", "fi", "do", "done"];
    match p.commands.first()?.words.first()?.as_slice() {
        [Part::Text(t)] => WORDS.into_iter().find(|w| w == t),
        _ => None,
    }
}

/// Takes the reserved word off the front pipeline and gives the rest of that
/// pipeline's words; what follows the word on its line is put back in front.
fn take_keyword(queue: &mut VecDeque<Pipeline>, put_back: bool) -> Vec<Word> {
    let mut p = queue.pop_front().unwrap_or_else(|| Pipeline { join: Join::First, commands: vec![], background: false });
    let rest: Vec<Word> = p.commands.first_mut().map(|c| c.words.drain(1..).collect()).unwrap_or_default();
    if put_back && (!rest.is_empty() || p.commands.len() > 1) {
        p.commands[0].words = rest;
        p.join = Join::First;
        queue.push_front(p);
        return Vec::new();
    }
    rest
}

fn list(queue: &mut VecDeque<Pipeline>, stops: &[&'static str]) -> Result<(Vec<Item>, &'static str), Syntax> {
    let mut items = Vec::new();
    loop {
        let Some(front) = queue.front() else {
            return match stops.last() {
                Some(stop) => Err(Syntax::EndOfFile(stop)),
                None => Ok((items, "")),
            };
        };
        let join = front.join;
        let node = match keyword(front) {
            Some(k) if stops.contains(&k) => {
                take_keyword(queue, true);
                return Ok((items, k));
            }
            Some("for") => {
                let words = take_keyword(queue, false);
                let name = words.first().map(lex::literal).unwrap_or_default();
                let values = match words.get(1).map(lex::literal).as_deref() {
                    Some("in") => words[2..].to_vec(),
                    _ => Vec::new(),
                };
                list(queue, &["do"])?;
                Node::For(name, values, list(queue, &["done"])?.0)
            }
            Some(k @ ("while" | "until")) => {
                take_keyword(queue, true);
                let cond = list(queue, &["do"])?.0;
                Node::Loop(k == "until", cond, list(queue, &["done"])?.0)
            }
            Some("if") => {
                take_keyword(queue, true);
                let mut arms = Vec::new();
                loop {
                    let cond = list(queue, &["then"])?.0;
                    let (body, end) = list(queue, &["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match end {
                        "elif" => continue,
                        "else" => break Node::If(arms, list(queue, &["fi"])?.0),
                        _ => break Node::If(arms, Vec::new()),
                    }
                }
            }
            Some(k) => return Err(Syntax::Unexpected(k.to_string())),
            None => match queue.pop_front() {
                Some(pipeline) => Node::Pipeline(pipeline),
                None => return Ok((items, "")),
            },
        };
        items.push(Item { join, node });
    }
}

/// Which shell runs: its error words differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// busybox's ash (busybox and Alpine images).
    #[default]
    Ash,
    /// Debian's dash (`sh` in Debian-based images).
    Dash,
    Bash,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        if self == Dialect::Bash { "bash" } else { "sh" }
    }

    /// `sh: MSG` (ash), `sh: 1: MSG` (dash), `bash: line 1: MSG` (bash -c).
    pub fn error(self, msg: &str) -> String {
        match self {
            Dialect::Ash => format!("sh: {msg}\n"),
            Dialect::Dash => format!("sh: 1: {msg}\n"),
            Dialect::Bash => format!("bash: line 1: {msg}\n"),
        }
    }

    pub fn syntax(self, e: &Syntax) -> String {
        match (self, e) {
            (Dialect::Ash, Syntax::Unexpected(w)) => format!("sh: syntax error: unexpected \"{w}\"\n"),
            (Dialect::Ash, Syntax::EndOfFile("")) => "sh: syntax error: unexpected end of file\n".into(),
            (Dialect::Ash, Syntax::EndOfFile(w)) => {
                format!("sh: syntax error: unexpected end of file (expecting \"{w}\")\n")
            }
            (Dialect::Dash, Syntax::Unexpected(w)) => format!("sh: 1: Syntax error: \"{w}\" unexpected\n"),
            (Dialect::Dash, Syntax::EndOfFile("")) => "sh: 1: Syntax error: Unterminated quoted string\n".into(),
            (Dialect::Dash, Syntax::EndOfFile(w)) => {
                format!("sh: 1: Syntax error: end of file unexpected (expecting \"{w}\")\n")
            }
            (Dialect::Bash, Syntax::Unexpected(w)) => {
                format!("bash: -c: line 1: syntax error near unexpected token `{w}'\n")
            }
            (Dialect::Bash, Syntax::EndOfFile(_)) => "bash: -c: line 2: syntax error: unexpected end of file\n".into(),
        }
    }
}

/// What a script runs on: the programs that are not the shell's own, and
/// the files its redirections and `cd` reach.
pub trait Host {
    /// Runs a program (or the host's own builtin) with the shell's state.
    fn run(&mut self, sh: &mut Shell, argv: &[String], stdin: Option<&str>) -> Out;
    fn read(&self, path: &str) -> Option<String>;
    /// Writes a file; the error is the reason (`nonexistent directory`).
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), String>;
    fn is_dir(&self, path: &str) -> bool;
}

/// Commands a run may take before it is stopped (a loop with no `sleep`).
pub const STEPS: u32 = 100_000;
/// A variable past 1 MiB, or output past 10 MiB (the kubelet's
/// containerLogMaxSize), stops the run: a value doubling each turn of a loop
/// cannot fill the page's memory.
const VALUE_MAX: usize = 1 << 20;
const OUTPUT_MAX: usize = 10 << 20;

/// A shell's state between lines (an interactive session keeps it), and
/// what the line being run wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shell {
    pub dialect: Dialect,
    /// Lines typed at a prompt (`exec -it`), not a `-c` script.
    pub interactive: bool,
    pub vars: BTreeMap<String, String>,
    pub cwd: String,
    /// `$?`.
    pub code: i32,
    /// `$$`.
    pub pid: u32,
    /// Time the script slept, from its start.
    pub elapsed_ms: u64,
    /// The run stops once the clock reaches it (a log read up to now).
    pub end_ms: Option<u64>,
    pub steps: u32,
    /// `exit` ran, or the run reached its end: nothing more runs.
    pub stopped: bool,
    /// With `log`, what reaches the terminal is kept line by line with the
    /// time it was written, as the kubelet keeps a container's output.
    pub log: Option<Vec<(u64, String)>>,
    out: String,
    err: String,
    captures: Vec<String>,
    written: usize,
}

impl Shell {
    pub fn new(dialect: Dialect, vars: BTreeMap<String, String>, cwd: &str, pid: u32) -> Shell {
        Shell { dialect, vars, cwd: cwd.to_string(), pid, ..Shell::default() }
    }

    /// Runs a script (`sh -c`, or a line of an interactive shell) and gives
    /// what it wrote; `$?` is its exit code.
    pub fn run_script(&mut self, host: &mut dyn Host, script: &str) -> Out {
        self.stopped = false;
        (self.steps, self.written) = (0, 0);
        match lex::parse(script).map_err(|_| Syntax::EndOfFile("")).and_then(structure) {
            Ok(items) => self.items(host, &items),
            Err(e) => {
                self.err.push_str(&self.dialect.syntax(&e));
                self.code = 2;
            }
        }
        Out { stdout: std::mem::take(&mut self.out), stderr: std::mem::take(&mut self.err), code: self.code }
    }

    /// An error in this shell's words: an interactive bash gives no line.
    pub fn error(&self, msg: &str) -> String {
        if self.dialect == Dialect::Bash && self.interactive { format!("bash: {msg}\n") } else { self.dialect.error(msg) }
    }

    /// A program the image lacks (exit code 127).
    pub fn not_found(&self, cmd: &str) -> String {
        self.error(&match self.dialect {
            Dialect::Bash => format!("{cmd}: command not found"),
            _ => format!("{cmd}: not found"),
        })
    }

    /// An absolute path from one the script gave (`~` is `$HOME`).
    pub fn path(&self, p: &str) -> String {
        crate::vfs::resolve_in(&self.cwd, self.vars.get("HOME").map_or("/root", String::as_str), p)
    }

    fn emit(&mut self, text: &str, err: bool) {
        if text.is_empty() {
            return;
        }
        self.written += text.len();
        if self.written > OUTPUT_MAX {
            self.stopped = true;
            return;
        }
        if let Some(c) = self.captures.last_mut().filter(|_| !err) {
            c.push_str(text);
        } else if let Some(log) = &mut self.log {
            log.push((self.elapsed_ms, text.to_string()));
        } else {
            (if err { &mut self.err } else { &mut self.out }).push_str(text);
        }
    }

    fn items(&mut self, host: &mut dyn Host, items: &[Item]) {
        for item in items {
            if self.stopped {
                return;
            }
            match item.join {
                Join::And if self.code != 0 => continue,
                Join::Or if self.code == 0 => continue,
                _ => {}
            }
            match &item.node {
                Node::Pipeline(p) => self.pipeline(host, p),
                Node::For(name, words, body) => {
                    let values: Vec<String> = words.iter().flat_map(|w| self.expand(host, w, true)).collect();
                    self.code = 0;
                    for v in values {
                        self.vars.insert(name.clone(), v);
                        self.items(host, body);
                        if self.stopped {
                            break;
                        }
                    }
                }
                Node::Loop(until, cond, body) => {
                    let mut code = 0;
                    loop {
                        self.items(host, cond);
                        if self.stopped || (self.code == 0) == *until {
                            break;
                        }
                        self.items(host, body);
                        code = self.code;
                    }
                    self.code = code;
                }
                Node::If(arms, otherwise) => {
                    let mut taken = false;
                    for (cond, body) in arms {
                        self.items(host, cond);
                        if self.code == 0 {
                            self.items(host, body);
                            taken = true;
                            break;
                        }
                    }
                    if !taken {
                        self.code = 0;
                        self.items(host, otherwise);
                    }
                }
            }
        }
    }

    /// `a | b | c`: each command reads what the one before it wrote.
    fn pipeline(&mut self, host: &mut dyn Host, p: &Pipeline) {
        let mut input: Option<String> = None;
        let last = p.commands.len().saturating_sub(1);
        for (i, c) in p.commands.iter().enumerate() {
            if i < last {
                self.captures.push(String::new());
                self.command(host, c, input.take());
                input = self.captures.pop();
            } else {
                self.command(host, c, input.take());
            }
        }
    }

    /// Runs a line in a subshell and gives its output (`$(…)`).
    fn substitute(&mut self, host: &mut dyn Host, line: &str) -> String {
        if self.captures.len() > 64 {
            return String::new();
        }
        let Ok(items) = lex::parse(line).map_err(|_| Syntax::EndOfFile("")).and_then(structure) else {
            return String::new();
        };
        let (vars, cwd) = (self.vars.clone(), self.cwd.clone());
        self.captures.push(String::new());
        self.items(host, &items);
        (self.vars, self.cwd) = (vars, cwd);
        let mut text = self.captures.pop().unwrap_or_default();
        text.truncate(text.trim_end_matches('\n').len());
        text
    }

    fn var(&self, name: &str) -> String {
        match name {
            "?" => self.code.to_string(),
            "$" => self.pid.to_string(),
            "PWD" => self.cwd.clone(),
            _ if name.starts_with('#') && name.len() > 1 => self.var(&name[1..]).chars().count().to_string(),
            _ => match name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                // `${NAME:-word}` (unset or empty) and `${NAME-word}` (unset).
                Some(i) if name[i..].starts_with(":-") || name[i..].starts_with('-') => {
                    let (key, colon) = (&name[..i], name[i..].starts_with(':'));
                    let word = &name[i + 1 + usize::from(colon)..];
                    match self.vars.get(key) {
                        Some(v) if !(colon && v.is_empty()) => v.clone(),
                        _ => word.to_string(),
                    }
                }
                _ => self.vars.get(name).cloned().unwrap_or_default(),
            },
        }
    }

    fn expand(&mut self, host: &mut dyn Host, word: &Word, split: bool) -> Vec<String> {
        fields(word, split, &mut |part| match part {
            Part::Var(v) => self.var(v),
            Part::Command(c) => self.substitute(host, c),
            Part::Arith(e) if self.dialect == Dialect::Dash && e.contains("**") => {
                let why = self.dialect.error(&format!("arithmetic expression: expecting primary: \"{e}\""));
                self.emit(&why, true);
                (self.stopped, self.code) = (true, 2);
                String::new()
            }
            Part::Arith(e) => match lex::arith(e, &|name| self.var(name)) {
                Ok(n) => n.to_string(),
                Err(why) => {
                    let why = match self.dialect {
                        Dialect::Bash => why,
                        _ if why.contains("division by 0") => self.dialect.error("divide by zero"),
                        _ => self.dialect.error("arithmetic syntax error"),
                    };
                    self.emit(&why, true);
                    self.stopped = true;
                    self.code = 2;
                    String::new()
                }
            },
            _ => String::new(),
        })
    }

    fn command(&mut self, host: &mut dyn Host, c: &lex::Command, stdin: Option<String>) {
        self.steps += 1;
        if self.steps > STEPS || self.end_ms.is_some_and(|end| self.elapsed_ms >= end) {
            self.stopped = true;
            return;
        }
        let mut argv = Vec::new();
        for w in &c.words {
            argv.extend(self.expand(host, w, true));
        }
        if self.stopped {
            return;
        }
        // `NAME=value` words before the command (alone: the shell's own variables).
        let assigned = argv.iter().take_while(|w| assignment(w).is_some()).count();
        if argv.iter().any(|a| assignment(a).map_or(a.len(), |(_, v)| v.len()) > VALUE_MAX) {
            self.stopped = true;
            return;
        }
        for a in &argv[..assigned] {
            if let Some((k, v)) = assignment(a) {
                self.vars.insert(k.to_string(), v.to_string());
            }
        }
        let argv = &argv[assigned..];
        // Redirections open before the command runs, as the shell opens them.
        let (mut to, mut err_to, mut err_out, mut out_err, mut input) = (None, None, false, false, stdin);
        for r in &c.redirects {
            match r {
                Redirect::To { fd, path, append } => {
                    let path = self.expand(host, path, false).concat();
                    let target = (path != "/dev/null").then(|| (self.path(&path), *append));
                    if let Some((p, append)) = &target
                        && let Err(why) = host.write(p, "", *append)
                    {
                        let msg = match self.dialect {
                            Dialect::Ash => format!("sh: can't create {path}: {why}\n"),
                            Dialect::Dash => format!("sh: 1: cannot create {path}: {why}\n"),
                            Dialect::Bash => format!("bash: line 1: {path}: {why}\n"),
                        };
                        self.emit(&msg, true);
                        self.code = 1;
                        return;
                    }
                    let target = target.map(|(p, _)| p).unwrap_or_default();
                    match fd {
                        Fd::Out => to = Some(target),
                        Fd::Err => err_to = Some(target),
                        Fd::Both => (to, err_to) = (Some(target.clone()), Some(target)),
                    }
                }
                Redirect::ErrToOut => err_out = true,
                Redirect::OutToErr => out_err = true,
                Redirect::From(path) => {
                    let path = self.expand(host, path, false).concat();
                    match host.read(&self.path(&path)) {
                        Some(text) => input = Some(text),
                        None => {
                            let msg = self.dialect.error(&format!("can't open {path}: no such file"));
                            self.emit(&msg, true);
                            self.code = 1;
                            return;
                        }
                    }
                }
                Redirect::Heredoc { body, expand, .. } => {
                    let body = body.clone().unwrap_or_default();
                    input = Some(if *expand { self.expand_text(host, &body) } else { body });
                }
            }
        }
        if argv.is_empty() {
            self.code = 0;
            return;
        }
        let out = self.builtin(host, argv, input.as_deref()).unwrap_or_else(|| host.run(self, argv, input.as_deref()));
        self.code = out.code;
        let (mut stdout, mut stderr) = (out.stdout, out.stderr);
        if err_out {
            stdout.push_str(&std::mem::take(&mut stderr));
        } else if out_err {
            stderr.push_str(&std::mem::take(&mut stdout));
        }
        for (text, file, err) in [(stdout, to, false), (stderr, err_to, true)] {
            match file {
                Some(p) if p.is_empty() => {}
                Some(p) => {
                    let _ = host.write(&p, &text, true);
                }
                None => self.emit(&text, err),
            }
        }
    }

    /// A heredoc's body with its `$VAR` and `$(…)` expanded.
    fn expand_text(&mut self, host: &mut dyn Host, text: &str) -> String {
        let quoted = format!("\"{}\"", text.replace('"', "\\\""));
        match lex::parse(&quoted) {
            Ok(s) if s.len() == 1 && s[0].commands.len() == 1 && s[0].commands[0].words.len() == 1 => {
                self.expand(host, &s[0].commands[0].words[0], false).concat()
            }
            _ => text.to_string(),
        }
    }

    /// The shell's own commands: they change the shell itself.
    fn builtin(&mut self, host: &mut dyn Host, argv: &[String], stdin: Option<&str>) -> Option<Out> {
        let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
        Some(match argv[0].as_str() {
            "exit" => {
                self.stopped = true;
                Out { code: args.first().and_then(|n| n.parse::<i32>().ok()).map_or(self.code, |n| n & 255), ..Out::default() }
            }
            "cd" => {
                let target = match args.first() {
                    None | Some(&"~") => self.vars.get("HOME").cloned().unwrap_or_else(|| "/root".into()),
                    Some(d) => d.to_string(),
                };
                let path = self.path(&target);
                if host.is_dir(&path) {
                    self.cwd = path;
                    Out::default()
                } else {
                    let why = if host.read(&path).is_some() { "Not a directory" } else { "No such file or directory" };
                    Out::fail(
                        match self.dialect {
                            Dialect::Ash => format!("sh: cd: can't cd to {target}: {why}\n"),
                            Dialect::Dash => format!("sh: 1: cd: can't cd to {target}\n"),
                            Dialect::Bash => format!("bash: line 1: cd: {target}: {why}\n"),
                        },
                        if self.dialect == Dialect::Bash { 1 } else { 2 },
                    )
                }
            }
            "pwd" => Out::ok(format!("{}\n", self.cwd)),
            ":" | "true" => Out::default(),
            "false" => Out::fail("", 1),
            "export" | "local" | "readonly" => {
                for a in &args {
                    if let Some((k, v)) = assignment(a) {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                Out::default()
            }
            "unset" => {
                for a in &args {
                    self.vars.remove(*a);
                }
                Out::default()
            }
            "echo" => {
                let newline = args.first() != Some(&"-n");
                let words = if newline { &args[..] } else { &args[1..] };
                Out::ok(format!("{}{}", words.join(" "), if newline { "\n" } else { "" }))
            }
            "test" | "[" => {
                let w = if argv[0] == "[" {
                    match args.split_last() {
                        Some((&"]", rest)) => rest,
                        _ => return Some(Out::fail(self.dialect.error("[: missing ]"), 2)),
                    }
                } else {
                    &args[..]
                };
                Out { code: self.test(host, w), ..Out::default() }
            }
            "sleep" => {
                let ms: f64 = args.iter().map(|a| duration(a)).sum::<Option<f64>>().unwrap_or(0.0) * 1000.0;
                let ms = if ms.is_finite() { ms.clamp(0.0, 1e15) as u64 } else { u64::MAX / 2 };
                let end = self.end_ms.unwrap_or(u64::MAX);
                self.elapsed_ms = self.elapsed_ms.saturating_add(ms).min(end);
                if self.elapsed_ms >= end {
                    self.stopped = true;
                }
                Out::default()
            }
            "cat" if args.is_empty() => Out::ok(stdin.unwrap_or_default()),
            _ => return None,
        })
    }

    fn test(&self, host: &dyn Host, w: &[&str]) -> i32 {
        let truth = |b: bool| i32::from(!b);
        let num = |s: &str| s.trim().parse::<i64>().ok();
        match w {
            [] => 1,
            ["!", rest @ ..] => i32::from(self.test(host, rest) == 0),
            [s] => truth(!s.is_empty()),
            ["-n", s] => truth(!s.is_empty()),
            ["-z", s] => truth(s.is_empty()),
            ["-d", p] => truth(host.is_dir(&self.path(p))),
            ["-e", p] => truth(host.is_dir(&self.path(p)) || host.read(&self.path(p)).is_some()),
            ["-f" | "-r", p] => truth(host.read(&self.path(p)).is_some()),
            ["-s", p] => truth(host.read(&self.path(p)).is_some_and(|t| !t.is_empty())),
            [a, "=" | "==", b] => truth(a == b),
            [a, "!=", b] => truth(a != b),
            [a, op, b] => match (num(a), num(b)) {
                (Some(x), Some(y)) => truth(match *op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    "-ge" => x >= y,
                    _ => return 2,
                }),
                _ => 2,
            },
            _ => 2,
        }
    }
}

/// `NAME=value`.
pub fn assignment(word: &str) -> Option<(&str, &str)> {
    let (k, v) = word.split_once('=')?;
    let valid = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((k, v))
}

/// `sleep`'s argument in seconds: `1.5`, `2m`, `1h`, `1d`, `inf`.
pub fn duration(a: &str) -> Option<f64> {
    if a == "inf" || a == "infinity" {
        return Some(f64::INFINITY);
    }
    let (n, unit) = match a.char_indices().last()? {
        (i, c @ ('s' | 'm' | 'h' | 'd')) => (&a[..i], c),
        _ => (a, 's'),
    };
    let n: f64 = n.parse().ok().filter(|n: &f64| *n >= 0.0)?;
    Some(n * match unit {
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86400.0,
        _ => 1.0,
    })
}
