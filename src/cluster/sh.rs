//! A container's shell: what `sh -c '…'` (a container's own command, or
//! `kubectl exec`) and the lines typed in `kubectl exec -it POD -- sh` do.
//! POSIX sh as the course's labs write it: `;` `&&` `||` `|`, quotes,
//! `$VAR` `${VAR}` `$?` `$$` `$((…))` `$(…)`, `>` `>>` `<` `2>` `2>&1`,
//! `for`/`while`/`until`/`if`, `cd`, `exit N`, `sleep` on the virtual clock,
//! and the small tools a busybox image has. Each dialect keeps its own
//! error words (busybox's ash, Debian's dash, bash).
//!
//! A script never blocks: `sleep` moves the script's own clock, and a run
//! stops when that clock passes its limit (a container's log is the script
//! run up to now) or after a bounded number of steps (a loop without sleep).

use std::sync::Arc;

use super::Cluster;
use super::objects::pod::Pod;
use super::runtime::ExecOutput;
use super::time::Time;

/// Which shell runs: its prompt and its error words differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// busybox's ash (busybox and Alpine images).
    Ash,
    /// Debian's dash (`sh` in Debian-based images).
    Dash,
    Bash,
}

impl Dialect {
    fn name(self) -> &'static str {
        if self == Dialect::Bash { "bash" } else { "sh" }
    }
    /// `sh: MSG` (ash), `sh: 1: MSG` (dash), `bash: MSG`.
    fn error(self, msg: &str) -> String {
        match self {
            Dialect::Dash => format!("sh: 1: {msg}\n"),
            d => format!("{}: {msg}\n", d.name()),
        }
    }
    fn not_found(self, cmd: &str) -> String {
        match self {
            Dialect::Bash => format!("bash: {cmd}: command not found\n"),
            d => d.error(&format!("{cmd}: not found")),
        }
    }
}

/// A shell session's state: its directory and variables (the exported
/// environment included), `$?` and its own pid.
#[derive(Clone, Debug, Default)]
pub(crate) struct Env {
    pub cwd: String,
    vars: Vec<(String, String)>,
    status: i32,
    pid: u32,
}

impl Env {
    pub fn new(vars: Vec<(String, String)>, pid: u32) -> Env {
        Env { cwd: "/".into(), vars, status: 0, pid }
    }
    fn get(&self, name: &str) -> Option<&str> {
        self.vars.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn set(&mut self, name: &str, mut value: String) {
        // A variable doubling in a loop stops growing at 1 MiB.
        if value.len() > 1 << 20 {
            let mut end = 1 << 20;
            while !value.is_char_boundary(end) {
                end -= 1;
            }
            value.truncate(end);
        }
        match self.vars.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name.to_string(), value)),
        }
    }
}

// ---- Lexing and parsing -------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Op(&'static str),
    /// A redirection: the file descriptor and `>`, `>>`, `<` or `>&`.
    Redir(u8, &'static str),
}

#[derive(Clone, Debug)]
enum Cmd {
    Simple(Vec<String>, Vec<(u8, &'static str, String)>),
    For(String, Vec<String>, Vec<AndOr>),
    Loop(bool, Vec<AndOr>, Vec<AndOr>),
    If(Vec<(Vec<AndOr>, Vec<AndOr>)>, Vec<AndOr>),
    Group(Vec<AndOr>),
}

/// Pipelines joined by `&&` (true) or `||` (false); each may be negated by `!`.
#[derive(Clone, Debug)]
struct AndOr(Vec<(Option<bool>, bool, Vec<Cmd>)>);

/// Reads to the end of a `$(…)`, `${…}` or backquoted part; `i` is just past the opening.
fn skip_balanced(b: &[char], mut i: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            '\\' => i += 1,
            '\'' if open == '(' => i += b[i + 1..].iter().position(|c| *c == '\'')? + 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            c if c == open => depth += 1,
            _ => {}
        }
        i += 1;
    }
    None
}

fn lex(src: &str) -> Option<Vec<Tok>> {
    let b: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    let mut quoted = false;
    macro_rules! end_word {
        () => {
            if !word.is_empty() || quoted {
                toks.push(Tok::Word(std::mem::take(&mut word)));
                quoted = false;
            }
        };
    }
    while i < b.len() {
        let c = b[i];
        match c {
            ' ' | '\t' => end_word!(),
            '\n' => {
                end_word!();
                toks.push(Tok::Op(";"));
            }
            '#' if word.is_empty() && !quoted => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\'' => {
                let end = i + 1 + b[i + 1..].iter().position(|c| *c == '\'')?;
                word.extend(&b[i..=end]);
                quoted = true;
                i = end;
            }
            '"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != '"' {
                    if b[j] == '\\' {
                        j += 1;
                    } else if b[j] == '$' && b.get(j + 1) == Some(&'(') {
                        j = skip_balanced(&b, j + 2, '(', ')')?;
                    }
                    j += 1;
                }
                if j >= b.len() {
                    return None;
                }
                word.extend(&b[i..=j]);
                quoted = true;
                i = j;
            }
            '\\' => {
                word.extend(b.get(i..(i + 2).min(b.len()))?);
                i += 1;
            }
            '$' if matches!(b.get(i + 1), Some('(') | Some('{')) => {
                let (open, close) = if b[i + 1] == '(' { ('(', ')') } else { ('{', '}') };
                let end = skip_balanced(&b, i + 2, open, close)?;
                word.extend(&b[i..=end]);
                i = end;
            }
            '`' => {
                let end = i + 1 + b[i + 1..].iter().position(|c| *c == '`')?;
                word.extend(&b[i..=end]);
                i = end;
            }
            '>' | '<' => {
                let fd = if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) && !quoted {
                    let fd = word.parse().unwrap_or(1);
                    word.clear();
                    fd
                } else {
                    end_word!();
                    if c == '>' { 1 } else { 0 }
                };
                let op = match (c, b.get(i + 1)) {
                    ('>', Some('>')) => ">>",
                    ('>', Some('&')) => ">&",
                    ('>', _) => ">",
                    _ => "<",
                };
                i += op.len() - 1;
                toks.push(Tok::Redir(fd, op));
            }
            ';' | '&' | '|' | '(' | ')' => {
                end_word!();
                let two = b.get(i + 1) == Some(&c) && c != '(' && c != ')';
                toks.push(Tok::Op(match (c, two) {
                    ('&', true) => "&&",
                    ('|', true) => "||",
                    (';', true) => ";;",
                    (';', _) | ('&', _) => ";",
                    ('|', _) => "|",
                    ('(', _) => "(",
                    _ => ")",
                }));
                i += usize::from(two);
            }
            _ => word.push(c),
        }
        i += 1;
    }
    if !word.is_empty() || quoted {
        toks.push(Tok::Word(word));
    }
    Some(toks)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek_word(&self) -> Option<&str> {
        match self.toks.get(self.at) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }
    fn eat_op(&mut self, op: &str) -> bool {
        let hit = self.toks.get(self.at)
            == Some(&Tok::Op(match op {
                ";" => ";",
                "|" => "|",
                "&&" => "&&",
                "||" => "||",
                "(" => "(",
                _ => ")",
            }));
        self.at += usize::from(hit);
        hit
    }
    fn eat_word(&mut self, w: &str) -> bool {
        let hit = self.peek_word() == Some(w);
        self.at += usize::from(hit);
        hit
    }
    fn skip_seps(&mut self) {
        while self.eat_op(";") {}
    }
    /// A list up to one of `stops` (a reserved word), `)` or the end.
    fn list(&mut self, stops: &[&str]) -> Option<Vec<AndOr>> {
        let mut list = Vec::new();
        loop {
            self.skip_seps();
            match self.toks.get(self.at) {
                None | Some(Tok::Op(")")) => break,
                Some(Tok::Word(w)) if stops.contains(&w.as_str()) => break,
                _ => {}
            }
            let mut chain = Vec::new();
            let mut join = None;
            loop {
                let negated = self.eat_word("!");
                let mut pipeline = vec![self.command()?];
                while self.eat_op("|") {
                    self.skip_seps();
                    pipeline.push(self.command()?);
                }
                chain.push((join, negated, pipeline));
                join = if self.eat_op("&&") {
                    Some(true)
                } else if self.eat_op("||") {
                    Some(false)
                } else {
                    break;
                };
                self.skip_seps();
            }
            list.push(AndOr(chain));
        }
        Some(list)
    }
    fn expect(&mut self, w: &str) -> Option<()> {
        self.skip_seps();
        self.eat_word(w).then_some(())
    }
    fn command(&mut self) -> Option<Cmd> {
        if self.eat_op("(") {
            let body = self.list(&[])?;
            return self.eat_op(")").then_some(Cmd::Group(body));
        }
        let first = self.peek_word().map(str::to_string);
        match first.as_deref() {
            Some("for") => {
                self.at += 1;
                let var = self.peek_word()?.to_string();
                self.at += 1;
                let mut words = Vec::new();
                if self.eat_word("in") {
                    while let Some(w) = self.peek_word().filter(|w| *w != "do") {
                        words.push(w.to_string());
                        self.at += 1;
                    }
                }
                self.expect("do")?;
                let body = self.list(&["done"])?;
                self.expect("done")?;
                Some(Cmd::For(var, words, body))
            }
            Some(w @ ("while" | "until")) => {
                let until = w == "until";
                self.at += 1;
                let cond = self.list(&["do"])?;
                self.expect("do")?;
                let body = self.list(&["done"])?;
                self.expect("done")?;
                Some(Cmd::Loop(until, cond, body))
            }
            Some("if") => {
                self.at += 1;
                let mut arms = Vec::new();
                let mut otherwise = Vec::new();
                loop {
                    let cond = self.list(&["then"])?;
                    self.expect("then")?;
                    arms.push((cond, self.list(&["elif", "else", "fi"])?));
                    if self.eat_word("elif") {
                        continue;
                    }
                    if self.eat_word("else") {
                        otherwise = self.list(&["fi"])?;
                    }
                    self.expect("fi")?;
                    break;
                }
                Some(Cmd::If(arms, otherwise))
            }
            Some("{") => {
                self.at += 1;
                let body = self.list(&["}"])?;
                self.expect("}")?;
                Some(Cmd::Group(body))
            }
            _ => {
                let (mut words, mut redirs) = (Vec::new(), Vec::new());
                loop {
                    match self.toks.get(self.at).cloned() {
                        Some(Tok::Word(w)) => words.push(w),
                        Some(Tok::Redir(fd, op)) => {
                            self.at += 1;
                            let Some(Tok::Word(target)) = self.toks.get(self.at).cloned() else { return None };
                            redirs.push((fd, op, target));
                        }
                        _ => break,
                    }
                    self.at += 1;
                }
                (!words.is_empty() || !redirs.is_empty()).then_some(Cmd::Simple(words, redirs))
            }
        }
    }
}

fn parse(src: &str) -> Option<Vec<AndOr>> {
    let mut p = Parser { toks: lex(src)?, at: 0 };
    let list = p.list(&[])?;
    (p.at == p.toks.len()).then_some(list)
}

// ---- Running ------------------------------------------------------------

/// The cluster a script runs against: the live one (`exec`), or read-only
/// with a copy made on the first command that could change it (a log
/// replayed on each read must leave nothing behind).
enum World<'a> {
    Live(&'a mut Cluster),
    Read(&'a Cluster, Option<Box<Cluster>>),
}

impl World<'_> {
    fn get(&self) -> &Cluster {
        match self {
            World::Live(c) => c,
            World::Read(c, copy) => copy.as_deref().unwrap_or(c),
        }
    }
    fn get_mut(&mut self) -> &mut Cluster {
        match self {
            World::Live(c) => c,
            World::Read(c, copy) => copy.get_or_insert_with(|| Box::new((*c).clone())),
        }
    }
}

/// Bytes of a container's log the kubelet keeps: `containerLogMaxSize`'s
/// default, 10 MiB (`kubectl logs` reads the current file only).
pub(crate) const LOG_MAX_BYTES: usize = 10 * 1024 * 1024;

pub(crate) struct Sh<'a> {
    world: World<'a>,
    ns: String,
    pod: Arc<Pod>,
    index: usize,
    container_id: String,
    pub env: Env,
    dialect: Dialect,
    out: String,
    err: String,
    stdin: Option<String>,
    /// The script's clock: when it started, and the milliseconds its `sleep`s took.
    base: Time,
    elapsed: i64,
    limit: i64,
    steps: u32,
    max_steps: u32,
    /// Where the script's output was when its clock moved (byte offset, elapsed ms).
    marks: Vec<(usize, i64)>,
    depth: u32,
    exit: Option<i32>,
    /// `kubectl exec POD -- PROGRAM` without a shell: a missing program is the runtime's error.
    direct: bool,
    /// A line typed in `exec -it`'s shell.
    interactive: bool,
    /// An expansion error ended the line (and a script, with status 2).
    aborted: bool,
    /// A log: its oldest output goes past 10 MiB (`trimmed` bytes so far).
    rotate: bool,
    trimmed: usize,
    /// The loop a log's replay may resume (the script's last command), and
    /// where it was at the start of its last iteration: its state, clock,
    /// and the output's length.
    top: bool,
    checkpoint: Option<(Env, i64, usize)>,
}

/// Steps a replayed log may take (a day of a one-second loop), and the fewer an `exec` may.
const MAX_STEPS: u32 = 600_000;
const EXEC_STEPS: u32 = 20_000;

impl<'a> Sh<'a> {
    fn new(world: World<'a>, pod: Arc<Pod>, index: usize, env: Env, dialect: Dialect, base: Time) -> Sh<'a> {
        let container_id = pod.status.container_statuses.get(index).map(|s| s.container_id.clone()).unwrap_or_default();
        Sh {
            world,
            ns: pod.metadata.namespace.clone(),
            pod,
            index,
            container_id,
            env,
            dialect,
            out: String::new(),
            err: String::new(),
            stdin: None,
            base,
            elapsed: 0,
            // A loop run by `exec` prints a minute of its output.
            limit: 60_000,
            steps: 0,
            max_steps: EXEC_STEPS,
            marks: Vec::new(),
            depth: 0,
            exit: None,
            direct: false,
            interactive: false,
            aborted: false,
            rotate: false,
            trimmed: 0,
            top: false,
            checkpoint: None,
        }
    }

    fn stopped(&self) -> bool {
        self.exit.is_some() || self.aborted || self.elapsed > self.limit || self.steps > self.max_steps
    }

    fn result(self) -> ExecOutput {
        ExecOutput {
            stdout: self.out,
            stderr: self.err,
            exit_code: self.exit.unwrap_or(self.env.status),
            exited: false,
        }
    }

    /// Runs a script; a syntax error is the dialect's.
    fn script(&mut self, src: &str) {
        match parse(src) {
            Some(list) => {
                let code = self.list(&list);
                self.env.status = code;
            }
            None => {
                self.err.push_str(&self.dialect.error(match self.dialect {
                    Dialect::Ash => "syntax error: unexpected end of file",
                    Dialect::Dash => "Syntax error: end of file unexpected",
                    Dialect::Bash => "syntax error: unexpected end of file",
                }));
                self.env.status = 2;
            }
        }
    }

    fn list(&mut self, list: &[AndOr]) -> i32 {
        let mut code = self.env.status;
        for AndOr(chain) in list {
            for (join, negated, pipeline) in chain {
                if self.stopped() {
                    return code;
                }
                if join.is_some_and(|and| and != (code == 0)) {
                    continue;
                }
                code = self.pipeline(pipeline);
                if *negated {
                    code = i32::from(code == 0);
                }
                self.env.status = code;
            }
        }
        code
    }

    fn pipeline(&mut self, cmds: &[Cmd]) -> i32 {
        let Some((last, first)) = cmds.split_last() else { return 0 };
        let stdin = self.stdin.take();
        let mut input = stdin.clone();
        for c in first {
            self.stdin = input.take();
            let (text, _) = self.capture(|sh| sh.command(c));
            input = Some(text);
        }
        self.stdin = input;
        let code = self.command(last);
        self.stdin = stdin;
        code
    }

    /// Runs `f` with its standard output captured.
    fn capture(&mut self, f: impl FnOnce(&mut Self) -> i32) -> (String, i32) {
        let saved = std::mem::take(&mut self.out);
        self.depth += 1;
        let code = f(self);
        self.depth -= 1;
        (std::mem::replace(&mut self.out, saved), code)
    }

    fn command(&mut self, c: &Cmd) -> i32 {
        self.steps += 1;
        self.bound();
        if self.stopped() {
            return self.env.status;
        }
        match c {
            Cmd::Simple(words, redirs) => self.simple(words, redirs),
            Cmd::Group(body) => self.list(body),
            Cmd::For(var, words, body) => {
                let mut items = Vec::new();
                for w in words {
                    items.extend(self.expand(w));
                }
                let mut code = 0;
                for item in items {
                    if self.stopped() {
                        break;
                    }
                    self.env.set(var, item);
                    code = self.list(body);
                }
                code
            }
            Cmd::Loop(until, cond, body) => {
                let top = std::mem::take(&mut self.top) && self.depth == 0;
                let mut code = 0;
                while !self.stopped() {
                    if top {
                        self.checkpoint = Some((self.env.clone(), self.elapsed, self.out.len() + self.trimmed));
                    }
                    self.steps += 1;
                    if (self.list(cond) == 0) == *until {
                        break;
                    }
                    code = self.list(body);
                }
                code
            }
            Cmd::If(arms, otherwise) => {
                for (cond, body) in arms {
                    if self.list(cond) == 0 {
                        return self.list(body);
                    }
                }
                self.list(otherwise)
            }
        }
    }

    fn simple(&mut self, words: &[String], redirs: &[(u8, &'static str, String)]) -> i32 {
        let mut argv = Vec::new();
        let mut assigning = true;
        let mut code = 0;
        for w in words {
            let name_len = w.find('=').filter(|&n| {
                n > 0
                    && w[..n].chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !w.starts_with(|c: char| c.is_ascii_digit())
            });
            if assigning && let Some(n) = name_len {
                self.env.status = 0;
                let value = self.expand_one(&w[n + 1..]);
                code = self.env.status;
                self.env.set(&w[..n], value);
                continue;
            }
            assigning = false;
            argv.extend(self.expand(w));
        }
        if self.aborted {
            return 2;
        }
        // Redirections: where stdout and stderr go (none, the other stream, a file), and stdin.
        #[derive(Clone, PartialEq)]
        enum To {
            Out,
            Err,
            Null,
            File(String, bool),
        }
        let (mut to_out, mut to_err) = (To::Out, To::Err);
        let stdin = self.stdin.clone();
        for (fd, op, target) in redirs {
            let target = self.expand_one(target);
            let to = match (*op, target.as_str()) {
                (">&", "1") => to_out.clone(),
                (">&", "2") => to_err.clone(),
                ("<", _) => {
                    match self.read(&target) {
                        Some(text) => self.stdin = Some(text),
                        None => {
                            let msg = match self.dialect {
                                Dialect::Ash => format!("can't open '{target}': No such file or directory"),
                                Dialect::Dash => format!("cannot open {target}: No such file"),
                                Dialect::Bash => format!("{target}: No such file or directory"),
                            };
                            self.err.push_str(&self.dialect.error(&msg));
                            self.stdin = stdin;
                            return 1;
                        }
                    }
                    continue;
                }
                (_, "/dev/null") => To::Null,
                (_, "/dev/stderr") => To::Err,
                (_, "/dev/stdout") => To::Out,
                (op, _) => To::File(self.path(&target), op == ">>"),
            };
            if *fd == 2 {
                to_err = to;
            } else {
                to_out = to;
            }
        }
        if argv.is_empty() {
            // Only assignments (and redirections, which create their files).
            for to in [&to_out, &to_err] {
                if let To::File(path, append) = to {
                    self.write(path, "", *append);
                }
            }
            self.stdin = stdin;
            return code;
        }
        let plain = to_out == To::Out && to_err == To::Err;
        let (saved_out, saved_err) = if plain {
            (None, None)
        } else {
            (Some(std::mem::take(&mut self.out)), Some(std::mem::take(&mut self.err)))
        };
        let code = self.run(&argv);
        self.stdin = stdin;
        if let (Some(saved_out), Some(saved_err)) = (saved_out, saved_err) {
            let out = std::mem::replace(&mut self.out, saved_out);
            let err = std::mem::replace(&mut self.err, saved_err);
            let mut truncated: Vec<String> = Vec::new();
            for (text, to) in [(out, to_out), (err, to_err)] {
                match to {
                    To::Out => self.out.push_str(&text),
                    To::Err => self.err.push_str(&text),
                    To::Null => {}
                    To::File(path, append) => {
                        // The second stream to the same file appends after the first.
                        let again = truncated.contains(&path);
                        self.write(&path, &text, append || again);
                        truncated.push(path);
                    }
                }
            }
        }
        code
    }

    /// An absolute path from the shell's directory.
    fn path(&self, p: &str) -> String {
        // `~` is the home directory (the shell expands it first).
        let home;
        let p = match p.strip_prefix('~').filter(|r| r.is_empty() || r.starts_with('/')) {
            Some(rest) => {
                home = format!("{}{rest}", self.env.get("HOME").unwrap_or("/root"));
                home.as_str()
            }
            None => p,
        };
        let joined = if p.starts_with('/') { p.to_string() } else { format!("{}/{p}", self.env.cwd) };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        format!("/{}", parts.join("/"))
    }

    fn read(&self, p: &str) -> Option<String> {
        let path = self.path(p);
        let cluster = self.world.get();
        if path == "/etc/os-release" {
            let c = self.pod.spec.containers.get(self.index)?;
            let image = super::images::resolve(&c.image).ok()?.0;
            let tag = super::images::Reference::parse(&c.image).tag;
            return super::images::Distribution::of(image.repository, &tag).map(|d| d.os_release().to_string());
        }
        cluster.container_file(&self.pod, &self.container_id, &path)
    }

    fn write(&mut self, path: &str, text: &str, append: bool) {
        let id = self.container_id.clone();
        let previous = if append { self.read(path).unwrap_or_default() } else { String::new() };
        let written = &mut self.world.get_mut().written;
        written.retain(|(i, p, _)| !(*i == id && p == path));
        written.push((id, path.to_string(), previous + text));
    }

    /// Whether a directory exists in the container: the usual ones, the
    /// mounts and the directories of files written there.
    fn is_dir(&self, path: &str) -> bool {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        path == "/"
            || DIRS.split(' ').any(|d| d == path || d.starts_with(&prefix))
            || self
                .pod
                .spec
                .containers
                .iter()
                .flat_map(|c| &c.volume_mounts)
                .any(|m| m.mount_path.trim_end_matches('/') == path || m.mount_path.starts_with(&prefix))
            || self.world.get().written.iter().any(|(i, p, _)| *i == self.container_id && p.starts_with(&prefix))
    }

    /// The names directly in a directory.
    fn children(&self, dir: &str) -> Vec<String> {
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        let mut names: Vec<String> = Vec::new();
        let written = self.world.get().written.iter().filter(|(i, _, _)| *i == self.container_id).map(|(_, p, _)| p);
        let image =
            self.pod.spec.containers.get(self.index).map(|c| super::images::Reference::parse(&c.image).repository);
        let own = if image.as_deref() == Some("nginx") { NGINX_FILES } else { "" };
        for p in DIRS.split(' ').chain(own.split(' ')).map(str::to_string).chain(written.cloned()) {
            if let Some(rest) = p.strip_prefix(&prefix) {
                let name = rest.split('/').next().unwrap_or("").to_string();
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        for m in self.pod.spec.containers.iter().flat_map(|c| &c.volume_mounts) {
            if m.mount_path.trim_end_matches('/') == dir {
                // A mounted ConfigMap or Secret: its keys.
                let volume = self.pod.spec.volumes.iter().find(|v| v.name == m.name);
                let keys = volume.and_then(|v| {
                    let cluster = self.world.get();
                    let name = |k: &str, n: &str| v.source.get(k).and_then(|c| c.get(n)).and_then(|n| n.as_str());
                    if let Some(n) = name("configMap", "name") {
                        return cluster
                            .store
                            .get::<super::objects::ConfigMap>(&self.ns, n)
                            .map(|c| c.data.keys().cloned().collect::<Vec<_>>());
                    }
                    name("secret", "secretName")
                        .and_then(|n| cluster.store.get::<super::objects::Secret>(&self.ns, n))
                        .map(|s| s.data.keys().cloned().collect())
                });
                names.extend(keys.unwrap_or_default());
            }
        }
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }

    /// Sleeps on the script's clock; a run with a limit stops there.
    fn sleep(&mut self, ms: i64) {
        if self.depth == 0 {
            self.marks.push((self.out.len() + self.trimmed, self.elapsed));
        }
        self.elapsed = self.elapsed.saturating_add(ms.max(0));
        self.bound();
    }

    /// Keeps the output within the kubelet's 10 MiB: a log drops its oldest
    /// lines (rotation); anything else that outgrows it stops.
    fn bound(&mut self) {
        if self.out.len() + self.err.len() <= LOG_MAX_BYTES {
            return;
        }
        if self.depth > 0 || !self.rotate {
            self.aborted = true;
            return;
        }
        let mut cut = self.out.len().saturating_sub(LOG_MAX_BYTES / 2);
        while !self.out.is_char_boundary(cut) {
            cut += 1;
        }
        let cut = self.out[cut..].find('\n').map_or(cut, |i| cut + i + 1);
        self.out.drain(..cut);
        self.err.clear();
        self.trimmed += cut;
    }

    fn now(&self) -> Time {
        self.base.plus_millis(self.elapsed)
    }

    // ---- Expansion ----

    /// A word's fields after expansion (unquoted expansions split on blanks).
    fn expand(&mut self, raw: &str) -> Vec<String> {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut has = false;
        self.expand_into(raw, false, &mut |piece: &str, split: bool| {
            if !split {
                cur.push_str(piece);
                has = true;
                return;
            }
            // An unquoted expansion: blanks end the field and start the next.
            if piece.starts_with(char::is_whitespace) && has {
                fields.push(std::mem::take(&mut cur));
                has = false;
            }
            for (i, part) in piece.split_whitespace().enumerate() {
                if i > 0 {
                    fields.push(std::mem::take(&mut cur));
                }
                cur.push_str(part);
                has = true;
            }
            if piece.ends_with(char::is_whitespace) && has {
                fields.push(std::mem::take(&mut cur));
                has = false;
            }
        });
        if has {
            fields.push(cur);
        }
        fields
    }

    /// A word expanded as one string (assignments, redirection targets, `case`).
    fn expand_one(&mut self, raw: &str) -> String {
        let mut s = String::new();
        self.expand_into(raw, false, &mut |piece: &str, _| s.push_str(piece));
        s
    }

    /// Walks a word: literal pieces and expansions, each passed to `emit`
    /// with whether it may be split (unquoted expansion).
    fn expand_into(&mut self, raw: &str, in_quotes: bool, emit: &mut dyn FnMut(&str, bool)) {
        let b: Vec<char> = raw.chars().collect();
        let mut i = 0;
        let mut lit = String::new();
        while i < b.len() {
            let c = b[i];
            match c {
                '\'' if !in_quotes => {
                    let end = b[i + 1..].iter().position(|c| *c == '\'').map_or(b.len(), |p| i + 1 + p);
                    lit.extend(&b[i + 1..end]);
                    if end == i + 1 {
                        // `''`: an empty word still counts.
                        emit(&std::mem::take(&mut lit), false);
                    }
                    i = end;
                }
                '"' if !in_quotes => {
                    let mut j = i + 1;
                    while j < b.len() && b[j] != '"' {
                        if b[j] == '\\' {
                            j += 1;
                        } else if b[j] == '$' && b.get(j + 1) == Some(&'(') {
                            j = skip_balanced(&b, j + 2, '(', ')').unwrap_or(b.len());
                        }
                        j += 1;
                    }
                    let inner: String = b[i + 1..j.min(b.len())].iter().collect();
                    if !lit.is_empty() {
                        emit(&std::mem::take(&mut lit), false);
                    }
                    let mut quoted = String::new();
                    self.expand_into(&inner, true, &mut |p, _| quoted.push_str(p));
                    emit(&quoted, false);
                    i = j;
                }
                '\\' => {
                    if let Some(&n) = b.get(i + 1) {
                        if in_quotes && !matches!(n, '$' | '`' | '"' | '\\') {
                            lit.push('\\');
                        }
                        lit.push(n);
                    }
                    i += 1;
                }
                '$' | '`' => {
                    let (value, next) = self.dollar(&b, i);
                    if next == i + 1 && value.is_none() {
                        lit.push('$');
                    } else {
                        if !lit.is_empty() {
                            emit(&std::mem::take(&mut lit), false);
                        }
                        emit(&value.unwrap_or_default(), !in_quotes);
                        i = next - 1;
                    }
                }
                _ => lit.push(c),
            }
            i += 1;
        }
        if !lit.is_empty() {
            emit(&lit, false);
        }
    }

    /// The expansion at `b[i]` (`$` or a backquote) and the index past it.
    /// An expansion, counted as work by its size (a 1 MiB variable is no single step).
    fn dollar(&mut self, b: &[char], i: usize) -> (Option<String>, usize) {
        let (value, next) = self.dollar_value(b, i);
        let weight = value.as_ref().map_or(0, |v| v.len() / 64);
        self.steps = self.steps.saturating_add(u32::try_from(weight).unwrap_or(u32::MAX));
        (value, next)
    }

    fn dollar_value(&mut self, b: &[char], i: usize) -> (Option<String>, usize) {
        let text = |from: usize, to: usize| b[from..to].iter().collect::<String>();
        if b[i] == '`' {
            let end = b[i + 1..].iter().position(|c| *c == '`').map_or(b.len(), |p| i + 1 + p);
            return (Some(self.substitute(&text(i + 1, end))), end + 1);
        }
        match b.get(i + 1) {
            Some('(') if b.get(i + 2) == Some(&'(') => {
                let end = skip_balanced(b, i + 3, '(', ')').unwrap_or(b.len());
                let expr = text(i + 3, end);
                let value = match self.arith(&expr) {
                    Ok(v) => v.to_string(),
                    Err(e) => {
                        let e = match (self.dialect, e.as_str()) {
                            (Dialect::Dash, "divide by zero") => {
                                format!("arithmetic expression: division by zero: \"{expr}\"")
                            }
                            (Dialect::Dash, _) => format!("arithmetic expression: expecting primary: \"{expr}\""),
                            (Dialect::Bash, "divide by zero") => format!("{expr}: division by 0"),
                            (Dialect::Bash, _) => format!("{expr}: syntax error in expression"),
                            _ => e,
                        };
                        self.err.push_str(&self.dialect.error(&e));
                        self.env.status = 2;
                        self.aborted = true;
                        String::new()
                    }
                };
                (Some(value), (end + 2).min(b.len()))
            }
            Some('(') => {
                let end = skip_balanced(b, i + 2, '(', ')').unwrap_or(b.len());
                (Some(self.substitute(&text(i + 2, end))), end + 1)
            }
            Some('{') => {
                let end = b[i..].iter().position(|c| *c == '}').map_or(b.len(), |p| i + p);
                let inner = text(i + 2, end);
                // `${VAR:-default}` and `${VAR}`.
                let value = match inner.split_once(":-") {
                    Some((name, default)) => {
                        Some(self.var(name).filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string()))
                    }
                    None => Some(self.var(&inner).unwrap_or_default()),
                };
                (value, end + 1)
            }
            Some(c) if matches!(c, '?' | '$' | '#' | '0' | '!' | '@' | '*') || c.is_ascii_digit() => {
                (Some(self.var(&c.to_string()).unwrap_or_default()), i + 2)
            }
            Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
                let end = b[i + 1..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                    .map_or(b.len(), |p| i + 1 + p);
                (Some(self.var(&text(i + 1, end)).unwrap_or_default()), end)
            }
            _ => (None, i + 1),
        }
    }

    fn var(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.env.status.to_string()),
            "$" => Some(self.env.pid.to_string()),
            "#" => Some("0".into()),
            "0" => Some(self.dialect.name().into()),
            "PWD" => Some(self.env.cwd.clone()),
            _ => self.env.get(name).map(str::to_string),
        }
    }

    /// `$(…)`: the commands' output, trailing newlines removed.
    fn substitute(&mut self, src: &str) -> String {
        if self.depth > 20 {
            return String::new();
        }
        let list = parse(src).unwrap_or_default();
        let (mut text, code) = self.capture(|sh| sh.list(&list));
        self.env.status = code;
        while text.ends_with('\n') {
            text.pop();
        }
        text
    }

    /// `$((…))`: integers with C's operators (wrapping, as the shell's).
    fn arith(&self, expr: &str) -> Result<i64, String> {
        if expr.matches('(').count() > 100 {
            return Err("arithmetic syntax error".into());
        }
        let b: Vec<char> = expr.chars().collect();
        let mut at = 0;
        let v = self.arith_binary(&b, &mut at, 0)?;
        skip_blanks(&b, &mut at);
        if at < b.len() { Err("arithmetic syntax error".into()) } else { Ok(v) }
    }

    fn arith_binary(&self, b: &[char], at: &mut usize, min: u8) -> Result<i64, String> {
        let mut left = self.arith_unary(b, at)?;
        loop {
            skip_blanks(b, at);
            let rest: String = b[*at..b.len().min(*at + 2)].iter().collect();
            let (op, prec) = match rest.as_str() {
                "||" => ("||", 1),
                "&&" => ("&&", 2),
                "==" => ("==", 3),
                "!=" => ("!=", 3),
                "<=" => ("<=", 4),
                ">=" => (">=", 4),
                "**" if self.dialect != Dialect::Dash => ("**", 7),
                _ => match rest.chars().next() {
                    Some('<') => ("<", 4),
                    Some('>') => (">", 4),
                    Some('+') => ("+", 5),
                    Some('-') => ("-", 5),
                    Some('*') => ("*", 6),
                    Some('/') => ("/", 6),
                    Some('%') => ("%", 6),
                    _ => return Ok(left),
                },
            };
            if prec <= min {
                return Ok(left);
            }
            *at += op.len();
            let right = self.arith_binary(b, at, prec)?;
            left = match op {
                "||" => i64::from(left != 0 || right != 0),
                "&&" => i64::from(left != 0 && right != 0),
                "==" => i64::from(left == right),
                "!=" => i64::from(left != right),
                "<=" => i64::from(left <= right),
                ">=" => i64::from(left >= right),
                "<" => i64::from(left < right),
                ">" => i64::from(left > right),
                "+" => left.wrapping_add(right),
                "-" => left.wrapping_sub(right),
                "*" => left.wrapping_mul(right),
                "**" if right < 0 => return Err("exponent less than 0".into()),
                "**" => left.wrapping_pow(u32::try_from(right).unwrap_or(u32::MAX)),
                _ if right == 0 => return Err("divide by zero".into()),
                "/" => left.wrapping_div(right),
                _ => left.wrapping_rem(right),
            };
        }
    }

    fn arith_unary(&self, b: &[char], at: &mut usize) -> Result<i64, String> {
        skip_blanks(b, at);
        let syntax = || "arithmetic syntax error".to_string();
        match b.get(*at) {
            Some('-') => {
                *at += 1;
                Ok(self.arith_unary(b, at)?.wrapping_neg())
            }
            Some('+') => {
                *at += 1;
                self.arith_unary(b, at)
            }
            Some('!') => {
                *at += 1;
                Ok(i64::from(self.arith_unary(b, at)? == 0))
            }
            Some('(') => {
                *at += 1;
                let v = self.arith_binary(b, at, 0)?;
                skip_blanks(b, at);
                if b.get(*at) != Some(&')') {
                    return Err(syntax());
                }
                *at += 1;
                Ok(v)
            }
            Some(c) if c.is_ascii_alphanumeric() || *c == '_' || *c == '$' => {
                let start = *at + usize::from(*c == '$');
                let end = b[start..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                    .map_or(b.len(), |p| start + p);
                *at = end;
                let word: String = b[start..end].iter().collect();
                if word.starts_with(|c: char| c.is_ascii_digit()) {
                    return word.parse().map_err(|_| syntax());
                }
                let value = self.var(&word).unwrap_or_default();
                Ok(value.trim().parse().unwrap_or(0))
            }
            _ => Err(syntax()),
        }
    }

    // ---- Commands ----

    fn run(&mut self, argv: &[String]) -> i32 {
        let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
        let name = argv[0].as_str();
        let program = name.rsplit('/').next().unwrap_or(name);
        // Words a shell knows that no binary answers to under `exec` without one.
        let special = matches!(program, "cd" | "exit" | "export" | "unset" | "set" | ":" | "." | "source");
        if self.direct && special {
            return self.missing(name);
        }
        match program {
            "cd" => {
                let target = match args.first() {
                    None => self.env.get("HOME").unwrap_or("/root").to_string(),
                    Some(&"-") => self.env.get("OLDPWD").unwrap_or("/").to_string(),
                    Some(d) => d.to_string(),
                };
                let path = self.path(&target);
                if self.is_dir(&path) {
                    let old = std::mem::replace(&mut self.env.cwd, path);
                    self.env.set("OLDPWD", old);
                    if args.first() == Some(&"-") {
                        self.out.push_str(&format!("{}\n", self.env.cwd));
                    }
                    return 0;
                }
                let exists = self.read(&target).is_some();
                let reason = if exists { "Not a directory" } else { "No such file or directory" };
                let msg = match self.dialect {
                    Dialect::Ash => format!("cd: can't cd to {target}: {reason}"),
                    Dialect::Dash => format!("cd: can't cd to {target}"),
                    Dialect::Bash => format!("cd: {target}: {reason}"),
                };
                self.err.push_str(&self.dialect.error(&msg));
                if self.dialect == Dialect::Bash { 1 } else { 2 }
            }
            "pwd" => {
                self.out.push_str(&format!("{}\n", self.env.cwd));
                0
            }
            "exit" => {
                let code = args
                    .first()
                    .and_then(|a| a.parse::<i64>().ok())
                    .map_or(self.env.status, |c| c.rem_euclid(256) as i32);
                self.exit = Some(code);
                code
            }
            "export" | "readonly" => {
                for a in &args {
                    if let Some((k, v)) = a.split_once('=') {
                        self.env.set(k, v.to_string());
                    }
                }
                0
            }
            "unset" => {
                self.env.vars.retain(|(k, _)| !args.contains(&k.as_str()));
                0
            }
            "set" | ":" | "true" | "trap" | "wait" => 0,
            "false" => 1,
            "sleep" => {
                let secs = args.first().map(|a| duration(a));
                match secs {
                    Some(Some(s)) => {
                        self.sleep((s * 1000.0) as i64);
                        0
                    }
                    _ => {
                        self.err.push_str(&format!("sleep: invalid number '{}'\n", args.first().unwrap_or(&"")));
                        1
                    }
                }
            }
            "echo" => {
                let (newline, words) = match args.first() {
                    Some(&"-n") => (false, &args[1..]),
                    Some(&"-e") => (true, &args[1..]),
                    _ => (true, &args[..]),
                };
                let mut text = words.join(" ");
                if args.first() == Some(&"-e") || self.dialect == Dialect::Dash {
                    text = text.replace("\\n", "\n").replace("\\t", "\t");
                }
                self.out.push_str(&text);
                if newline {
                    self.out.push('\n');
                }
                0
            }
            "printf" => {
                let Some((format, rest)) = args.split_first() else { return 1 };
                let mut rest = rest.iter();
                loop {
                    let mut consumed = false;
                    let mut chars = format.replace("\\n", "\n").replace("\\t", "\t");
                    let mut text = String::new();
                    while let Some(i) = chars.find('%') {
                        text.push_str(&chars[..i]);
                        let spec = chars[i + 1..].chars().next().unwrap_or('%');
                        match spec {
                            '%' => text.push('%'),
                            _ => {
                                consumed = true;
                                let v = rest.next().copied().unwrap_or(if spec == 's' { "" } else { "0" });
                                text.push_str(v);
                            }
                        }
                        chars = chars[(i + 1 + spec.len_utf8()).min(chars.len())..].to_string();
                    }
                    text.push_str(&chars);
                    self.out.push_str(&text);
                    if !consumed || rest.len() == 0 {
                        break;
                    }
                }
                0
            }
            "test" | "[" => {
                let mut words = args.clone();
                if program == "[" {
                    if words.last() != Some(&"]") {
                        self.err.push_str(&self.dialect.error("[: missing ]"));
                        return 2;
                    }
                    words.pop();
                }
                self.test(&words)
            }
            "cat" => {
                if args.is_empty() || args == ["-"] {
                    let text = self.stdin.clone().unwrap_or_default();
                    self.out.push_str(&text);
                    return 0;
                }
                let mut code = 0;
                for file in args.iter().filter(|a| !a.starts_with('-')) {
                    let path = self.path(file);
                    match self.read(file) {
                        Some(text) => self.out.push_str(&text),
                        None if self.is_dir(&path) => {
                            self.err.push_str("cat: read error: Is a directory\n");
                            code = 1;
                        }
                        None => {
                            self.err.push_str(&match self.dialect {
                                Dialect::Ash => format!("cat: can't open '{file}': No such file or directory\n"),
                                _ => format!("cat: {file}: No such file or directory\n"),
                            });
                            code = 1;
                        }
                    }
                }
                code
            }
            "ls" => {
                let targets: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).collect();
                let targets = if targets.is_empty() { vec!["."] } else { targets };
                let mut code = 0;
                for t in targets.iter() {
                    let path = self.path(t);
                    if self.is_dir(&path) {
                        if targets.len() > 1 {
                            self.out.push_str(&format!("{t}:\n"));
                        }
                        for name in self.children(&path) {
                            self.out.push_str(&name);
                            self.out.push('\n');
                        }
                    } else if self.read(t).is_some() {
                        self.out.push_str(&format!("{t}\n"));
                    } else {
                        self.err.push_str(&match self.dialect {
                            Dialect::Ash => format!("ls: {t}: No such file or directory\n"),
                            _ => format!("ls: cannot access '{t}': No such file or directory\n"),
                        });
                        code = if self.dialect == Dialect::Ash { 1 } else { 2 };
                    }
                }
                code
            }
            "mkdir" | "touch" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    let path = self.path(a);
                    if program == "touch" {
                        if self.read(a).is_none() {
                            self.write(&path, "", false);
                        }
                    } else {
                        let id = self.container_id.clone();
                        // A directory is remembered as a name under it.
                        self.world.get_mut().written.push((id, format!("{path}/."), String::new()));
                    }
                }
                0
            }
            "rm" => {
                let id = self.container_id.clone();
                let paths: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).map(|a| self.path(a)).collect();
                self.world.get_mut().written.retain(|(i, p, _)| !(*i == id && paths.contains(p)));
                0
            }
            "date" => {
                self.out.push_str(&format!("{}\n", date(self.now())));
                0
            }
            "grep" | "head" | "tail" | "wc" | "sort" | "uniq" => {
                let files: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).collect();
                let pattern = if program == "grep" { files.first().copied() } else { None };
                let files = &files[usize::from(pattern.is_some())..];
                let input = if files.is_empty() {
                    self.stdin.clone().unwrap_or_default()
                } else {
                    files.iter().filter_map(|f| self.read(f)).collect()
                };
                let (text, code) = filter(program, &args, pattern, &input);
                self.out.push_str(&text);
                code
            }
            "ps" if self.has("ps") => {
                self.out.push_str(&self.ps());
                0
            }
            "kill" => self.kill(&args),
            "env" | "printenv" if args.is_empty() => {
                let text: String = self.env.vars.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
                self.out.push_str(&text);
                0
            }
            "printenv" => {
                let mut code = 0;
                for k in &args {
                    match self.env.get(k) {
                        Some(v) => self.out.push_str(&format!("{v}\n")),
                        None => code = 1,
                    }
                }
                code
            }
            "bash" if Cluster::dialect_of(&self.pod, self.index, "sh") == Dialect::Ash => self.missing(name),
            "sh" | "bash" | "ash" | "dash" => {
                let dialect = if program == "bash" { Dialect::Bash } else { self.dialect };
                let script = match args.first() {
                    Some(&"-c") => args.get(1).map(|s| s.to_string()).unwrap_or_default(),
                    Some(file) => match self.read(file) {
                        Some(text) => text,
                        None => {
                            self.err.push_str(&format!(
                                "{}: can't open '{file}': No such file or directory\n",
                                dialect.name()
                            ));
                            return 2;
                        }
                    },
                    None => self.stdin.clone().unwrap_or_default(),
                };
                let saved = (self.dialect, self.exit.take(), self.env.status);
                self.dialect = dialect;
                let outer = self.env.clone();
                self.script(&script);
                let code = self.exit.take().unwrap_or(self.env.status);
                let sub_cwd = std::mem::replace(&mut self.env, outer);
                drop(sub_cwd);
                (self.dialect, self.exit) = (saved.0, saved.1);
                code
            }
            _ => {
                let pod = self.pod.clone();
                let stdin = self.stdin.clone();
                let cwd = self.env.cwd.clone();
                let ns = self.ns.clone();
                match self.world.get_mut().program(&ns, &pod, self.index, argv, stdin, &cwd) {
                    Some(r) => {
                        self.out.push_str(&r.stdout);
                        self.err.push_str(&r.stderr);
                        r.exit_code
                    }
                    None => self.missing(name),
                }
            }
        }
    }

    fn missing(&mut self, name: &str) -> i32 {
        if self.direct {
            self.err.push_str(&format!(
                "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{name}\": executable file not found in $PATH: unknown\n"
            ));
            return 126;
        }
        self.err.push_str(&self.dialect.not_found(name));
        127
    }

    fn has(&self, program: &str) -> bool {
        let Some(c) = self.pod.spec.containers.get(self.index) else { return false };
        let Ok((image, _)) = super::images::resolve(&c.image) else { return false };
        super::images::has_program(image.repository, &super::images::Reference::parse(&c.image).tag, program)
    }

    fn test(&self, w: &[&str]) -> i32 {
        let truth = |b: bool| i32::from(!b);
        let num = |s: &str| s.trim().parse::<i64>().ok();
        match w {
            [] => 1,
            ["!", rest @ ..] => i32::from(self.test(rest) == 0),
            [s] => truth(!s.is_empty()),
            ["-n", s] => truth(!s.is_empty()),
            ["-z", s] => truth(s.is_empty()),
            ["-d", p] => truth(self.is_dir(&self.path(p))),
            ["-f", p] | ["-e", p] | ["-s", p] | ["-r", p] => {
                let file = self.read(p);
                let dir = w[0] == "-e" && self.is_dir(&self.path(p));
                truth(dir || file.is_some_and(|t| w[0] != "-s" || !t.is_empty()))
            }
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

    /// busybox's `ps`: the container's main process as PID 1, this shell, `ps`.
    fn ps(&self) -> String {
        let mut out = String::from("PID   USER     TIME  COMMAND\n");
        let line = |pid: u32, cmd: &str| format!("{pid:>5} root      0:00 {cmd}\n");
        out.push_str(&line(1, &self.main_command()));
        // An interactive shell runs `ps` as its child; `sh -c` and `exec` run it in their place.
        let pid = if self.interactive {
            out.push_str(&line(self.env.pid, self.dialect.name()));
            self.env.pid + 6
        } else {
            self.env.pid
        };
        out.push_str(&line(pid, "ps"));
        out
    }

    fn main_command(&self) -> String {
        let Some(c) = self.pod.spec.containers.get(self.index) else { return String::new() };
        let line = c.command.iter().chain(&c.args).cloned().collect::<Vec<_>>().join(" ");
        if !c.command.is_empty() {
            return line;
        }
        let repository = super::images::Reference::parse(&c.image).repository;
        match repository.as_str() {
            "nginx" => "nginx: master process nginx -g daemon off;".into(),
            "redis" => "redis-server *:6379".into(),
            "busybox" | "alpine" if line.is_empty() => "sh".into(),
            _ if !line.is_empty() => line,
            r => r.rsplit('/').next().unwrap_or(r).to_string(),
        }
    }

    /// `kill [-SIG] PID`: PID 1 without a handler ignores it (the kernel
    /// protects a namespace's init), a server's main process stops on SIGTERM
    /// (its container ends and restarts), this shell is killed only by -9.
    fn kill(&mut self, args: &[&str]) -> i32 {
        let nine = args.iter().any(|a| matches!(*a, "-9" | "-KILL" | "-SIGKILL"));
        let mut code = 0;
        for pid in args.iter().filter(|a| !a.starts_with('-')) {
            match pid.parse::<u32>() {
                Ok(1) => {
                    let handles = self.pod.spec.containers.get(self.index).is_some_and(|c| {
                        c.command.is_empty()
                            && super::images::resolve(&c.image).is_ok_and(|(i, _)| {
                                i.stops_on_sigterm && i.default_process == super::images::Process::Serves
                            })
                    });
                    if handles && !self.direct_log() {
                        let (ns, pod) = (self.ns.clone(), self.pod.metadata.name.clone());
                        let container = self.pod.spec.containers[self.index].name.clone();
                        self.world.get_mut().end_main_process(&ns, &pod, &container, 0);
                    }
                }
                Ok(p) if p == self.env.pid && p > 1 => {
                    if nine {
                        self.exit = Some(137);
                    }
                }
                _ => {
                    self.err.push_str(&match self.dialect {
                        Dialect::Ash => format!("sh: can't kill pid {pid}: No such process\n"),
                        Dialect::Dash => "sh: 1: kill: No such process\n\n".into(),
                        Dialect::Bash => format!("bash: kill: ({pid}) - No such process\n"),
                    });
                    code = 1;
                }
            }
        }
        code
    }

    fn direct_log(&self) -> bool {
        matches!(self.world, World::Read(..))
    }
}

fn skip_blanks(b: &[char], at: &mut usize) {
    while b.get(*at).is_some_and(|c| c.is_whitespace()) {
        *at += 1;
    }
}

/// `sleep`'s operand: seconds, or with a `s`/`m`/`h` suffix.
fn duration(a: &str) -> Option<f64> {
    let (n, unit) = match a.chars().last()? {
        's' => (&a[..a.len() - 1], 1.0),
        'm' => (&a[..a.len() - 1], 60.0),
        'h' => (&a[..a.len() - 1], 3600.0),
        _ => (a, 1.0),
    };
    n.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).map(|v| (v * unit).min(1e9))
}

/// `date`'s default format, in UTC.
pub(crate) fn date(t: Time) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let (y, mo, d, h, mi, s, wd) = t.civil();
    format!("{} {} {d:2} {h:02}:{mi:02}:{s:02} UTC {y}", DAYS[wd as usize % 7], MONTHS[(mo as usize + 11) % 12])
}

/// busybox's text filters on their input.
fn filter(program: &str, args: &[&str], pattern: Option<&str>, input: &str) -> (String, i32) {
    let flag = |c: char| args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c));
    let count = || {
        args.iter()
            .position(|a| *a == "-n")
            .and_then(|i| args.get(i + 1))
            .or_else(|| {
                args.iter().find(|a| a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()))
            })
            .map(|a| a.trim_start_matches('-').parse::<usize>().unwrap_or(10))
            .unwrap_or(10)
    };
    let lines: Vec<&str> = input.lines().collect();
    let join = |ls: &[&str]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
    match program {
        "grep" => {
            let pat = pattern.unwrap_or("");
            let fold = |s: &str| if flag('i') { s.to_ascii_lowercase() } else { s.to_string() };
            let hits: Vec<&str> = lines.iter().copied().filter(|l| fold(l).contains(&fold(pat)) != flag('v')).collect();
            let code = i32::from(hits.is_empty());
            if flag('c') {
                (format!("{}\n", hits.len()), code)
            } else if flag('q') {
                (String::new(), code)
            } else {
                (join(&hits), code)
            }
        }
        "head" => (join(&lines[..count().min(lines.len())]), 0),
        "tail" => (join(&lines[lines.len().saturating_sub(count())..]), 0),
        "wc" if flag('l') => (format!("{}\n", lines.len()), 0),
        "wc" => (format!("{:>9} {:>9} {:>9}\n", lines.len(), input.split_whitespace().count(), input.len()), 0),
        "sort" => {
            let mut sorted = lines.clone();
            crate::sort::sort(&mut sorted);
            if flag('r') {
                sorted.reverse();
            }
            (join(&sorted), 0)
        }
        _ => {
            let mut unique = lines.clone();
            unique.dedup();
            (join(&unique), 0)
        }
    }
}

/// The files nginx's image ships in its document root.
const NGINX_FILES: &str = "/usr/share/nginx/html/50x.html /usr/share/nginx/html/index.html";

/// Directories every image has, and a few the course's images add.
const DIRS: &str = "/bin /boot /dev /etc /home /lib /media /mnt /opt /proc /root /run /sbin /srv /sys /tmp /usr /var \
    /usr/bin /usr/lib /usr/local /usr/local/bin /usr/sbin /usr/share /var/log /var/lib /var/run /var/cache /var/tmp \
    /etc/nginx/conf.d /usr/share/nginx/html /var/run/secrets/kubernetes.io/serviceaccount \
    /usr/local/apache2/htdocs /var/www/html /data";

impl Cluster {
    /// The shell a container runs: bash if asked, busybox's ash in busybox
    /// and Alpine images, else Debian's dash.
    pub(crate) fn dialect_of(pod: &Pod, index: usize, program: &str) -> Dialect {
        if program.rsplit('/').next() == Some("bash") {
            return Dialect::Bash;
        }
        let image = pod.spec.containers.get(index).map(|c| c.image.as_str()).unwrap_or("");
        let reference = super::images::Reference::parse(image);
        if matches!(reference.repository.as_str(), "busybox" | "alpine") || reference.tag.contains("alpine") {
            Dialect::Ash
        } else {
            Dialect::Dash
        }
    }

    /// A fresh shell's environment in `pod`'s container.
    fn fresh_env(&self, pod: &Pod, index: usize, pid: u32) -> Env {
        Env::new(self.container_env(pod, index), pid)
    }

    /// `kubectl exec POD -- ARGV…` in a running container: a shell's `-c`
    /// script, or one program.
    pub(crate) fn exec_argv(&mut self, pod: Arc<Pod>, index: usize, argv: &[String]) -> ExecOutput {
        let program = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a)).unwrap_or("");
        let dialect = Cluster::dialect_of(&pod, index, program);
        let env = self.fresh_env(&pod, index, 7);
        let now = self.now;
        let mut sh = Sh::new(World::Live(self), pod, index, env, dialect, now);
        if matches!(program, "sh" | "bash" | "ash" | "dash") && argv.get(1).map(String::as_str) == Some("-c") {
            sh.script(argv.get(2).map(String::as_str).unwrap_or(""));
        } else {
            sh.direct = true;
            sh.env.status = sh.run(argv);
        }
        sh.result()
    }

    /// A line typed in an interactive shell (`kubectl exec -it POD -- sh`):
    /// the session's directory and variables carry to the next line.
    pub(crate) fn shell_session_line(&mut self, pod: Arc<Pod>, index: usize, program: &str, line: &str) -> ExecOutput {
        let id = pod.status.container_statuses.get(index).map(|s| s.container_id.clone()).unwrap_or_default();
        let env = match self.shells.iter().position(|(i, _)| *i == id) {
            Some(i) => self.shells.remove(i).1,
            None => self.fresh_env(&pod, index, 7),
        };
        let dialect = Cluster::dialect_of(&pod, index, program);
        let now = self.now;
        let mut sh = Sh::new(World::Live(self), pod, index, env, dialect, now);
        sh.interactive = true;
        sh.script(line);
        let exited = sh.exit;
        let env = sh.env.clone();
        let mut out = sh.result();
        out.exited = exited.is_some();
        if !out.exited {
            self.shells.push((id, env));
        }
        out
    }

    /// Forgets an interactive session's state (a new `exec -it` starts at `/`).
    pub(crate) fn end_shell_session(&mut self, container_id: &str) {
        self.shells.retain(|(i, _)| i != container_id);
    }

    /// The directory an interactive session is in.
    pub fn shell_cwd(&self, namespace: &str, pod: &str, container: &str) -> String {
        let id = self
            .store
            .get::<Pod>(namespace, pod)
            .and_then(|p| {
                let i = p.spec.containers.iter().position(|c| c.name == container)?;
                p.status.container_statuses.get(i).map(|s| s.container_id.clone())
            })
            .unwrap_or_default();
        self.shells.iter().find(|(i, _)| *i == id).map_or("/".to_string(), |(_, e)| e.cwd.clone())
    }

    /// What a container's own shell command printed, run from `started` for
    /// `ms` milliseconds of its clock: each line with the instant it was written.
    pub(crate) fn script_output(
        &self,
        pod: Arc<Pod>,
        index: usize,
        argv: &[String],
        started: Time,
        ms: i64,
    ) -> Vec<(Time, String)> {
        let program = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a)).unwrap_or("");
        let dialect = Cluster::dialect_of(&pod, index, program);
        let id = pod.status.container_statuses.get(index).map(|s| s.container_id.clone()).unwrap_or_default();
        let env = self.fresh_env(&pod, index, 1);
        let mut sh = Sh::new(World::Read(self, None), pod, index, env, dialect, started);
        sh.limit = ms;
        sh.max_steps = MAX_STEPS;
        sh.rotate = true;
        let script = (matches!(program, "sh" | "bash" | "ash" | "dash")
            && argv.get(1).map(String::as_str) == Some("-c"))
        .then(|| parse(argv.get(2).map(String::as_str).unwrap_or("")));
        // What an earlier read already replayed: the lines before the last
        // loop's latest iteration, and the state to go on from.
        let mut lines: Vec<(Time, String)> = Vec::new();
        match script {
            Some(Some(list)) => {
                let looping = matches!(list.last(), Some(AndOr(chain)) if matches!(chain.as_slice(), [(None, false, p)] if matches!(p.as_slice(), [Cmd::Loop(..)])));
                let cached = if looping {
                    self.replays
                        .borrow()
                        .iter()
                        .find(|r| r.id == id && r.started == started && r.elapsed <= ms)
                        .cloned()
                } else {
                    None
                };
                let rest = match cached {
                    Some(r) => {
                        sh.env = r.env;
                        sh.elapsed = r.elapsed;
                        lines = r.lines;
                        &list[list.len() - 1..]
                    }
                    None => &list[..],
                };
                let (prelude, last) = rest.split_at(rest.len() - usize::from(looping));
                let code = sh.list(prelude);
                sh.env.status = code;
                sh.top = true;
                let code = sh.list(last);
                sh.env.status = code;
            }
            Some(None) => sh.script(argv.get(2).map(String::as_str).unwrap_or("")),
            None => {
                sh.direct = true;
                sh.run(argv);
            }
        }
        // A line is as old as the stretch of the script's clock it was written in.
        let settled = sh.checkpoint.as_ref().map(|c| c.2);
        let mut keep = lines.len();
        let mut offset = sh.trimmed;
        let mut mark = 0;
        for line in sh.out.split_inclusive('\n') {
            while mark < sh.marks.len() && sh.marks[mark].0 <= offset {
                mark += 1;
            }
            let elapsed = sh.marks.get(mark).map_or(sh.elapsed, |m| m.1);
            offset += line.len();
            if line.ends_with('\n') && elapsed <= ms {
                lines.push((started.plus_millis(elapsed), line.trim_end_matches('\n').to_string()));
                if settled.is_some_and(|s| offset <= s) {
                    keep = lines.len();
                }
            }
        }
        if let Some((env, elapsed, _)) = sh.checkpoint {
            // Bounded as the kubelet's file: the oldest lines go past 10 MiB.
            let mut kept: Vec<(Time, String)> = lines[..keep].to_vec();
            let mut bytes: usize = kept.iter().map(|l| l.1.len() + 1).sum();
            let mut drop = 0;
            while bytes > LOG_MAX_BYTES && drop < kept.len() {
                bytes -= kept[drop].1.len() + 1;
                drop += 1;
            }
            kept.drain(..drop);
            let mut replays = self.replays.borrow_mut();
            replays.retain(|r| r.id != id);
            // A few containers at a time (the ones being read).
            if replays.len() >= 8 {
                replays.remove(0);
            }
            replays.push(Replay { id, started, env, elapsed, lines: kept });
        }
        lines
    }
}

/// Where a log's replay stopped, to go on from at the next read.
#[derive(Clone, Debug)]
pub(crate) struct Replay {
    id: String,
    started: Time,
    env: Env,
    elapsed: i64,
    lines: Vec<(Time, String)>,
}
