//! `kubectl -o go-template`: Go's text/template as kubectl 1.32 runs it
//! (k8s.io/cli-runtime `printers/template.go`, Go 1.23's `text/template`):
//! the object converted to JSON and decoded again (objects are
//! `map[string]interface {}`, integers `int64`, other numbers `float64`),
//! missing keys printing `<no value>`, Go's builtins and kubectl's two
//! functions (`exists`, `base64decode`), and the errors word for word.
//!
//! The page loads this module's code the first time a template is used:
//! all of the interpreter stays here, behind [`parse`] and [`render`].
//!
//! Bad input never panics: nesting is bounded when parsing, template calls
//! and work when running, and the output is capped at [`MAX_OUTPUT`].

use std::rc::Rc;

use serde_json::Value;

use super::jsonpath::{decimal_digits, go_float, go_format, shortest};
use super::output::Output;

/// A parsed template.
#[derive(Clone, Debug)]
pub struct Template {
    /// The text as given: kubectl quotes it in its errors.
    source: String,
    root: Vec<Node>,
    /// The templates `{{define}}` and `{{block}}` name.
    defs: Vec<(String, Vec<Node>)>,
    /// `--allow-missing-template-keys=false`: a missing key is an error.
    strict: bool,
}

/// How kubectl holds the object it prints, which decides the key order of
/// the JSON an execution error shows: a typed object marshals its fields
/// in declaration order, an unstructured one (what `get` reads) sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    Typed,
    Unstructured,
}

/// The output kubectl would write, at most; past it the template fails.
const MAX_OUTPUT: usize = 10 << 20;
/// Steps (nodes walked, plus one per 16 bytes functions build) a template may take.
const MAX_WORK: usize = 20_000_000;
/// Nested parentheses and blocks when parsing (Go allows more; the page's stack does not).
const MAX_NESTING: usize = 100;
/// Nested lists when running (a template's own nesting stays under
/// `MAX_NESTING`: the rest is `{{template}}` calling itself).
const MAX_DEPTH: usize = 400;
/// The name kubectl gives the template (`template.New("output")`).
const NAME: &str = "output";

/// Parses a template as `template.New("output").Parse` does; the error is
/// Go's (`template: output:1: unclosed action`).
#[inline(never)]
pub fn parse(text: &str, strict: bool) -> Result<Template, String> {
    let mut p = Parser {
        lex: Lexer { src: text, pos: 0, start: 0, state: St::Text, paren: 0 },
        token: [Tok::eof(), Tok::eof(), Tok::eof()],
        peeked: 0,
        vars: vec!["$".into()],
        action_line: 0,
        range_depth: 0,
        nesting: 0,
        defs: Vec::new(),
    };
    let root = p.top()?;
    let mut defs = p.defs;
    // A definition named "output" stands for the template when the template itself is empty.
    let mut root = root;
    if let Some(i) = defs.iter().position(|(n, _)| n == NAME) {
        if is_empty(&root) {
            root = defs.remove(i).1;
        } else if !is_empty(&defs[i].1) {
            let line = 1 + text.matches('\n').count();
            return Err(format!("template: {NAME}:{line}: template: multiple definition of template \"{NAME}\""));
        }
    }
    Ok(Template { source: text.to_string(), root, defs, strict })
}

/// Runs the template on `data` as kubectl's `GoTemplatePrinter.PrintObj`:
/// the text, or on an execution error what was written so far, kubectl's
/// report on stdout and the error on stderr (exit code 1).
#[inline(never)]
pub fn render(t: &Template, data: &Value, held: Held) -> Output {
    let mut ex =
        Exec { t, name: NAME, out: String::new(), vars: vec![("$", Val::Data(data))], at: At::None, depth: 0, work: 0 };
    let dot = Val::Data(data);
    let err = match ex.walk(&dot, &t.root) {
        Ok(()) => return Output::ok(ex.out),
        Err(Halt::Fail(e)) => e,
        // The parser keeps break and continue inside a range.
        Err(_) => return Output::ok(ex.out),
    };
    let partial = ex.out;
    let mut raw = String::new();
    go_json(data, held == Held::Unstructured, &mut raw);
    let mut o = Output::ok(format!(
        "{partial}Error executing template: {err}. Printing more information for debugging the template:\n\
         \ttemplate was:\n\t\t{}\n\traw data was:\n\t\t{raw}\n\tobject given to template engine was:\n\t\t{}\n\n",
        t.source,
        go_format(data)
    ));
    o.err(format!("error: error executing template {}: {err}\n", quote(&t.source, false)));
    o.code = 1;
    o
}

// ---------------------------------------------------------------- lexer

/// A token, as Go's lexer emits them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd)]
enum K {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords: an error shows them as `<end>`.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

#[derive(Clone, Debug)]
struct Tok {
    k: K,
    pos: usize,
    val: String,
}

impl Tok {
    fn eof() -> Tok {
        Tok { k: K::Eof, pos: 0, val: String::new() }
    }

    /// How an error names the token (`item.String()`).
    fn describe(&self) -> String {
        match self.k {
            K::Eof => "EOF".into(),
            K::Error => self.val.clone(),
            k if k >= K::Block => format!("<{}>", self.val),
            _ if self.val.len() > 10 => quote(&self.val.chars().take(10).collect::<String>(), false) + "...",
            _ => quote(&self.val, false),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    Text,
    Left,
    Inside,
    Right,
    Done,
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    start: usize,
    state: St,
    paren: i32,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// `{{- `: trims the spaces before.
fn left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

/// ` -}}`'s first two bytes: trims the spaces after.
fn right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

const SPACES: &[char] = &[' ', '\t', '\r', '\n'];

impl<'s> Lexer<'s> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn emit(&mut self, k: K) -> Tok {
        let t = Tok { k, pos: self.start, val: self.src[self.start..self.pos].to_string() };
        self.start = self.pos;
        t
    }

    fn error(&mut self, msg: String) -> Tok {
        self.state = St::Done;
        Tok { k: K::Error, pos: self.start, val: msg }
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.src[self.pos..];
        if right_trim(rest) && rest[2..].starts_with("}}") { (true, true) } else { (rest.starts_with("}}"), false) }
    }

    /// Whether an identifier may end here (Go 1.23: the right delimiter must be whole).
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) => is_space(c) || ".,|:)(".contains(c) || self.src[self.pos..].starts_with("}}"),
        }
    }

    fn next_item(&mut self) -> Tok {
        loop {
            let t = match self.state {
                St::Done => Some(self.emit(K::Eof)),
                St::Text => self.text(),
                St::Left => self.left(),
                St::Inside => self.inside(),
                St::Right => Some(self.right()),
            };
            if let Some(t) = t {
                return t;
            }
        }
    }

    fn text(&mut self) -> Option<Tok> {
        let Some(x) = self.src[self.pos..].find("{{") else {
            self.pos = self.src.len();
            self.state = St::Done;
            return (self.pos > self.start).then(|| self.emit(K::Text));
        };
        let at = self.pos + x;
        let end = if left_trim(&self.src[at + 2..]) {
            self.src[..at].trim_end_matches(SPACES).len().max(self.start)
        } else {
            at
        };
        self.state = St::Left;
        self.pos = end;
        let t = (end > self.start).then(|| self.emit(K::Text));
        self.pos = at;
        self.start = at;
        t
    }

    fn left(&mut self) -> Option<Tok> {
        self.pos += 2;
        let after = if left_trim(&self.src[self.pos..]) { 2 } else { 0 };
        if self.src[self.pos + after..].starts_with("/*") {
            self.pos += after + 2;
            return self.comment();
        }
        let t = self.emit(K::LeftDelim);
        self.pos += after;
        self.start = self.pos;
        self.paren = 0;
        self.state = St::Inside;
        Some(t)
    }

    fn comment(&mut self) -> Option<Tok> {
        let Some(i) = self.src[self.pos..].find("*/") else { return Some(self.error("unclosed comment".into())) };
        self.pos += i + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return Some(self.error("comment ends before closing delimiter".into()));
        }
        self.pos += if trim { 4 } else { 2 };
        if trim {
            self.pos = self.src.len() - self.src[self.pos..].trim_start_matches(SPACES).len();
        }
        self.start = self.pos;
        self.state = St::Text;
        None
    }

    fn right(&mut self) -> Tok {
        let trim = right_trim(&self.src[self.pos..]);
        if trim {
            self.pos += 2;
            self.start = self.pos;
        }
        self.pos += 2;
        let t = self.emit(K::RightDelim);
        if trim {
            self.pos = self.src.len() - self.src[self.pos..].trim_start_matches(SPACES).len();
            self.start = self.pos;
        }
        self.state = St::Text;
        t
    }

    fn inside(&mut self) -> Option<Tok> {
        if self.at_right_delim().0 {
            if self.paren == 0 {
                self.state = St::Right;
                return None;
            }
            return Some(self.error("unclosed left paren".into()));
        }
        let Some(c) = self.bump() else { return Some(self.error("unclosed action".into())) };
        let k = match c {
            c if is_space(c) => return Some(self.space()),
            '=' => K::Assign,
            ':' => {
                if self.bump() != Some('=') {
                    return Some(self.error("expected :=".into()));
                }
                K::Declare
            }
            '|' => K::Pipe,
            '"' => return Some(self.quoted('"', K::String, "unterminated quoted string")),
            '`' => return Some(self.raw()),
            '$' => {
                return Some(if self.at_terminator() { self.emit(K::Variable) } else { self.word(K::Variable) });
            }
            '\'' => return Some(self.quoted('\'', K::CharConstant, "unterminated character constant")),
            '.' if self.peek().is_some_and(|n| !n.is_ascii_digit()) => return Some(self.word(K::Field)),
            '.' | '+' | '-' | '0'..='9' => {
                self.pos = self.start;
                return Some(self.number());
            }
            c if is_alnum(c) => return Some(self.identifier()),
            '(' => {
                self.paren += 1;
                K::LeftParen
            }
            ')' => {
                self.paren -= 1;
                if self.paren < 0 {
                    return Some(self.error("unexpected right paren".into()));
                }
                K::RightParen
            }
            c if c.is_ascii_graphic() || c == ' ' => K::Char,
            c => return Some(self.error(format!("unrecognized character in action: {}", unicode_name(c)))),
        };
        Some(self.emit(k))
    }

    /// Spaces; a space before ` -}}` belongs to the delimiter.
    fn space(&mut self) -> Tok {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
        let last = self.pos - 1;
        if right_trim(&self.src[last..]) && self.src[last + 2..].starts_with("}}") {
            self.pos = last;
            if last == self.start {
                self.state = St::Right;
                return self.next_item();
            }
        }
        self.emit(K::Space)
    }

    fn identifier(&mut self) -> Tok {
        while self.peek().is_some_and(is_alnum) {
            self.bump();
        }
        if !self.at_terminator() {
            return self.bad_character();
        }
        let k = match &self.src[self.start..self.pos] {
            "block" => K::Block,
            "break" => K::Break,
            "continue" => K::Continue,
            "define" => K::Define,
            "else" => K::Else,
            "end" => K::End,
            "if" => K::If,
            "range" => K::Range,
            "nil" => K::Nil,
            "template" => K::Template,
            "with" => K::With,
            "true" | "false" => K::Bool,
            _ => K::Identifier,
        };
        self.emit(k)
    }

    /// `.field` or `$var` (the `.` or `$` read): alone it is dot or `$`.
    fn word(&mut self, k: K) -> Tok {
        if self.at_terminator() {
            return self.emit(if k == K::Field { K::Dot } else { k });
        }
        while self.peek().is_some_and(is_alnum) {
            self.bump();
        }
        if !self.at_terminator() {
            return self.bad_character();
        }
        self.emit(k)
    }

    fn bad_character(&mut self) -> Tok {
        let c = self.peek().unwrap_or('\u{fffd}');
        self.error(format!("bad character {}", unicode_name(c)))
    }

    fn quoted(&mut self, q: char, k: K, unterminated: &str) -> Tok {
        loop {
            match self.bump() {
                Some('\\') => match self.bump() {
                    Some('\n') | None => return self.error(unterminated.into()),
                    _ => {}
                },
                Some('\n') | None => return self.error(unterminated.into()),
                Some(c) if c == q => return self.emit(k),
                _ => {}
            }
        }
    }

    fn raw(&mut self) -> Tok {
        match self.src[self.pos..].find('`') {
            Some(i) => {
                self.pos += i + 1;
                self.emit(K::RawString)
            }
            None => self.error("unterminated raw quoted string".into()),
        }
    }

    fn number(&mut self) -> Tok {
        if !self.scan_number() {
            return self.error(format!("bad number syntax: {}", quote(&self.src[self.start..self.pos], false)));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // A complex constant: 1+2i, without spaces.
            if !self.scan_number() || !self.src[..self.pos].ends_with('i') {
                return self.error(format!("bad number syntax: {}", quote(&self.src[self.start..self.pos], false)));
            }
            return self.emit(K::Complex);
        }
        self.emit(K::Number)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alnum) {
            self.bump();
            return false;
        }
        true
    }
}

/// `%#U`: `U+0021 '!'`.
fn unicode_name(c: char) -> String {
    if is_print(c) { format!("U+{:04X} '{c}'", c as u32) } else { format!("U+{:04X}", c as u32) }
}

// ---------------------------------------------------------------- tree

#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Action(Pipe),
    If(Box<Control>),
    Range(Box<Control>),
    With(Box<Control>),
    Template { pos: usize, name: String, pipe: Option<Pipe> },
    Break,
    Continue,
}

#[derive(Clone, Debug)]
struct Control {
    pipe: Pipe,
    list: Vec<Node>,
    alt: Option<Vec<Node>>,
}

/// `$x := cmd | cmd`.
#[derive(Clone, Debug)]
struct Pipe {
    pos: usize,
    decl: Vec<String>,
    /// `=` rather than `:=`.
    assign: bool,
    cmds: Vec<Cmd>,
}

#[derive(Clone, Debug)]
struct Cmd {
    pos: usize,
    args: Vec<Op>,
}

/// An operand, with its position in the text (Go's, for errors).
#[derive(Clone, Debug)]
enum Op {
    /// `.a.b`.
    Field(usize, Vec<String>),
    /// `$x.a`: the name first.
    Var(usize, Vec<String>),
    /// `(pipeline).a.b`.
    Chain(usize, Box<Op>, Vec<String>),
    Func(usize, Func),
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Num(usize, Box<Num>),
    /// As written, and its value.
    Str(usize, String, String),
    Pipe(usize, Box<Pipe>),
}

/// A number constant and the types it fits (`parse.NumberNode`).
#[derive(Clone, Debug, Default)]
struct Num {
    text: String,
    int: Option<i64>,
    uint: Option<u64>,
    float: Option<f64>,
    complex: Option<(f64, f64)>,
}

/// What a parsed item is: a node, or the `{{end}}`/`{{else}}` closing a list.
enum Item {
    Node(Node),
    End,
    Else,
}

fn is_empty(nodes: &[Node]) -> bool {
    nodes.iter().all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()))
}

// ---------------------------------------------------------------- parser

struct Parser<'s> {
    lex: Lexer<'s>,
    /// Go's three-token lookahead: `token[0]` is the last one lexed.
    token: [Tok; 3],
    peeked: usize,
    /// The variables in scope.
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
    nesting: usize,
    defs: Vec<(String, Vec<Node>)>,
}

type P<T> = Result<T, String>;

impl<'s> Parser<'s> {
    fn line(&self, pos: usize) -> usize {
        1 + self.lex.src[..pos.min(self.lex.src.len())].matches('\n').count()
    }

    fn error<T>(&self, msg: impl std::fmt::Display) -> P<T> {
        Err(self.message(msg.to_string()))
    }

    /// The error's text (one copy of the code, whatever `error` returns).
    fn message(&self, msg: String) -> String {
        format!("template: {NAME}:{}: {msg}", self.line(self.token[0].pos))
    }

    fn next(&mut self) -> Tok {
        if self.peeked > 0 {
            self.peeked -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token.get(self.peeked).cloned().unwrap_or_else(Tok::eof)
    }

    fn backup(&mut self) {
        self.peeked = (self.peeked + 1).min(3);
    }

    fn backup2(&mut self, t1: Tok) {
        self.token[1] = t1;
        self.peeked = 2;
    }

    fn backup3(&mut self, t2: Tok, t1: Tok) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peeked = 3;
    }

    fn peek(&mut self) -> Tok {
        if self.peeked > 0 {
            return self.token.get(self.peeked - 1).cloned().unwrap_or_else(Tok::eof);
        }
        self.peeked = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Tok {
        loop {
            let t = self.next();
            if t.k != K::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Tok {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn expect(&mut self, k: K, context: &str) -> P<Tok> {
        let t = self.next_non_space();
        if t.k != k {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn unexpected<T>(&self, t: &Tok, context: &str) -> P<T> {
        Err(self.unexpected_message(t, context))
    }

    fn unexpected_message(&self, t: &Tok, context: &str) -> String {
        if t.k == K::Error {
            let line = self.line(t.pos);
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != line {
                extra = if t.val.ends_with(" action") {
                    format!(" started at {NAME}:{}", self.action_line)
                } else {
                    format!(" in action started at {NAME}:{}", self.action_line)
                };
            }
            return self.message(format!("{}{extra}", t.val));
        }
        self.message(format!("unexpected {} in {context}", t.describe()))
    }

    fn deeper(&mut self) -> P<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return self.error("max expression depth exceeded");
        }
        Ok(())
    }

    /// The whole text, `{{define}}`s aside.
    fn top(&mut self) -> P<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().k != K::Eof {
            if self.peek().k == K::LeftDelim {
                let delim = self.next();
                if self.next_non_space().k == K::Define {
                    self.definition()?;
                    continue;
                }
                self.backup2(delim);
            }
            match self.text_or_action()? {
                Item::Node(n) => root.push(n),
                Item::End => return self.error("unexpected {{end}}"),
                Item::Else => return self.error("unexpected {{else}}"),
            }
        }
        Ok(root)
    }

    fn definition(&mut self) -> P<()> {
        let context = "define clause";
        let t = self.next_non_space();
        if !matches!(t.k, K::String | K::RawString) {
            return self.unexpected(&t, context);
        }
        let name = match unquote(&t.val) {
            Some(n) => n,
            None => return self.error("invalid syntax"),
        };
        self.expect(K::RightDelim, context)?;
        // A definition has its own variables.
        let vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let (list, end) = self.item_list()?;
        self.vars = vars;
        if !matches!(end, Item::End) {
            return self.error(format!("unexpected {{{{else}}}} in {context}"));
        }
        self.add(name, list)
    }

    fn add(&mut self, name: String, list: Vec<Node>) -> P<()> {
        match self.defs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, old)) if is_empty(old) => *old = list,
            Some(_) if !is_empty(&list) => {
                return self.error(format!("template: multiple definition of template {}", quote(&name, false)));
            }
            Some(_) => {}
            None => self.defs.push((name, list)),
        }
        Ok(())
    }

    /// Nodes up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> P<(Vec<Node>, Item)> {
        let mut list = Vec::new();
        while self.peek_non_space().k != K::Eof {
            match self.text_or_action()? {
                Item::Node(n) => list.push(n),
                end => return Ok((list, end)),
            }
        }
        self.error("unexpected EOF")
    }

    fn text_or_action(&mut self) -> P<Item> {
        let t = self.next_non_space();
        match t.k {
            K::Text => Ok(Item::Node(Node::Text(t.val))),
            K::LeftDelim => {
                self.action_line = self.line(t.pos);
                let item = self.action();
                self.action_line = 0;
                item
            }
            _ => self.unexpected(&t, "input"),
        }
    }

    fn action(&mut self) -> P<Item> {
        let t = self.next_non_space();
        match t.k {
            K::Block => return self.block().map(Item::Node),
            K::Break | K::Continue => {
                let word = if t.k == K::Break { "{{break}}" } else { "{{continue}}" };
                let next = self.next_non_space();
                if next.k != K::RightDelim {
                    return self.unexpected(&next, word);
                }
                if self.range_depth == 0 {
                    return self.error(format!("{word} outside {{{{range}}}}"));
                }
                return Ok(Item::Node(if t.k == K::Break { Node::Break } else { Node::Continue }));
            }
            K::Else => {
                // `{{else if …}}`: the `if` stays for the enclosing control.
                if !matches!(self.peek_non_space().k, K::If | K::With) {
                    self.expect(K::RightDelim, "else")?;
                }
                return Ok(Item::Else);
            }
            K::End => {
                self.expect(K::RightDelim, "end")?;
                return Ok(Item::End);
            }
            K::If => return self.control("if").map(|c| Item::Node(Node::If(c))),
            K::Range => return self.control("range").map(|c| Item::Node(Node::Range(c))),
            K::With => return self.control("with").map(|c| Item::Node(Node::With(c))),
            K::Template => return self.template_call().map(Item::Node),
            _ => {}
        }
        self.backup();
        Ok(Item::Node(Node::Action(self.pipeline("command", K::RightDelim)?)))
    }

    fn control(&mut self, context: &str) -> P<Box<Control>> {
        self.deeper()?;
        let vars = self.vars.len();
        let pipe = self.pipeline(context, K::RightDelim)?;
        let range = context == "range";
        self.range_depth += range as usize;
        let (list, end) = self.item_list()?;
        self.range_depth -= range as usize;
        let mut alt = None;
        if let Item::Else = end {
            let next = self.peek().k;
            if (context == "if" && next == K::If) || (context == "with" && next == K::With) {
                self.next();
                let inner = self.control(context)?;
                alt = Some(vec![if context == "if" { Node::If(inner) } else { Node::With(inner) }]);
            } else {
                let (list, end) = self.item_list()?;
                if let Item::Else = end {
                    return self.error("expected end; found {{else}}");
                }
                alt = Some(list);
            }
        }
        self.vars.truncate(vars);
        self.nesting -= 1;
        Ok(Box::new(Control { pipe, list, alt }))
    }

    fn block(&mut self) -> P<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = self.pipeline(context, K::RightDelim)?;
        let vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        self.deeper()?;
        let (list, end) = self.item_list()?;
        self.nesting -= 1;
        self.vars = vars;
        if !matches!(end, Item::End) {
            return self.error(format!("unexpected {{{{else}}}} in {context}"));
        }
        self.add(name.clone(), list)?;
        Ok(Node::Template { pos: t.pos, name, pipe: Some(pipe) })
    }

    fn template_call(&mut self) -> P<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let mut pipe = None;
        if self.next_non_space().k != K::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, K::RightDelim)?);
        }
        Ok(Node::Template { pos: t.pos, name, pipe })
    }

    fn template_name(&self, t: &Tok, context: &str) -> P<String> {
        match t.k {
            K::String | K::RawString => match unquote(&t.val) {
                Some(n) => Ok(n),
                None => self.error("invalid syntax"),
            },
            _ => self.unexpected(t, context),
        }
    }

    fn pipeline(&mut self, context: &str, end: K) -> P<Pipe> {
        let mut pipe = Pipe { pos: self.peek_non_space().pos, decl: Vec::new(), assign: false, cmds: Vec::new() };
        // Declarations: `$x :=`, `$x =`, `$i, $e :=` in a range.
        loop {
            let v = self.peek_non_space();
            if v.k != K::Variable {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            match next.k {
                K::Assign | K::Declare => {
                    pipe.assign = next.k == K::Assign;
                    self.next_non_space();
                    self.vars.push(v.val.clone());
                    pipe.decl.push(v.val);
                }
                K::Char if next.val == "," => {
                    self.next_non_space();
                    self.vars.push(v.val.clone());
                    pipe.decl.push(v.val);
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().k {
                            K::Variable | K::RightDelim | K::RightParen => continue,
                            _ => return self.error("range can only initialize variables"),
                        }
                    }
                    return self.error(format!("too many declarations in {context}"));
                }
                _ if after.k == K::Space => self.backup3(v, after),
                _ => self.backup2(v),
            }
            break;
        }
        loop {
            let t = self.next_non_space();
            match t.k {
                k if k == end => break,
                K::Bool
                | K::CharConstant
                | K::Complex
                | K::Dot
                | K::Field
                | K::Identifier
                | K::Number
                | K::Nil
                | K::RawString
                | K::String
                | K::Variable
                | K::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&t, context),
            }
        }
        if pipe.cmds.is_empty() {
            return self.error(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(c.args.first(), Some(Op::Bool(..) | Op::Dot(_) | Op::Nil(_) | Op::Num(..) | Op::Str(..))) {
                return self.error(format!("non executable command in pipeline stage {}", i + 1));
            }
        }
        Ok(pipe)
    }

    fn command(&mut self) -> P<Cmd> {
        let mut cmd = Cmd { pos: self.peek_non_space().pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.k {
                K::Space => continue,
                K::RightDelim | K::RightParen => self.backup(),
                K::Pipe => {}
                _ => return self.unexpected(&t, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.error("empty command");
        }
        Ok(cmd)
    }

    /// A term and the fields after it (`(x).a.b`).
    fn operand(&mut self) -> P<Option<Op>> {
        let Some(op) = self.term()? else { return Ok(None) };
        if self.peek().k != K::Field {
            return Ok(Some(op));
        }
        // Go places the node at its second field.
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().k == K::Field {
            fields.push(self.next().val[1..].to_string());
        }
        Ok(Some(match op {
            Op::Field(_, mut idents) => {
                idents.extend(fields);
                Op::Field(pos, idents)
            }
            Op::Var(_, mut idents) => {
                idents.extend(fields);
                Op::Var(pos, idents)
            }
            Op::Bool(..) | Op::Str(..) | Op::Num(..) | Op::Nil(_) | Op::Dot(_) => {
                return self.error(format!("unexpected . after term {}", quote(&describe_op(&op), false)));
            }
            op => Op::Chain(pos, Box::new(op), fields),
        }))
    }

    fn term(&mut self) -> P<Option<Op>> {
        let t = self.next_non_space();
        let pos = t.pos;
        Ok(Some(match t.k {
            K::Identifier => match FUNCS.iter().find(|(n, _)| *n == t.val) {
                Some((_, f)) => Op::Func(pos, *f),
                None => return self.error(format!("function {} not defined", quote(&t.val, false))),
            },
            K::Dot => Op::Dot(pos),
            K::Nil => Op::Nil(pos),
            K::Variable => {
                let name = t.val.split('.').next().unwrap_or_default();
                if !self.vars.iter().any(|v| v == name) {
                    return self.error(format!("undefined variable {}", quote(name, false)));
                }
                Op::Var(pos, t.val.split('.').map(String::from).collect())
            }
            K::Field => Op::Field(pos, t.val[1..].split('.').map(String::from).collect()),
            K::Bool => Op::Bool(pos, t.val == "true"),
            K::CharConstant | K::Complex | K::Number => match number(&t.val, t.k) {
                Ok(n) => Op::Num(pos, Box::new(n)),
                Err(e) => return self.error(e),
            },
            K::LeftParen => {
                self.deeper()?;
                let pipe = self.pipeline("parenthesized pipeline", K::RightParen)?;
                self.nesting -= 1;
                Op::Pipe(pos, Box::new(pipe))
            }
            K::String | K::RawString => match unquote(&t.val) {
                Some(s) => Op::Str(pos, t.val, s),
                None => return self.error("invalid syntax"),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// A number constant as `parse.newNumber` reads it.
fn number(text: &str, k: K) -> Result<Num, String> {
    let mut n = Num { text: text.to_string(), ..Num::default() };
    if k == K::CharConstant {
        let inner = &text[1..];
        let (c, tail) = unquote_char(inner, '\'').ok_or("invalid syntax")?;
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        n.int = Some(c as i64);
        n.uint = Some(c as u64);
        n.float = Some(c as u32 as f64);
        return Ok(n);
    }
    if k == K::Complex {
        // `1+2i`: the real part, then the signed imaginary one.
        let cut = text[1..].find(['+', '-']).map(|i| i + 1).filter(|&i| !matches!(text.as_bytes()[i - 1], b'e' | b'E'));
        let parts = cut.and_then(|i| Some((parse_float(&text[..i])?, parse_float(text[i..].strip_suffix('i')?)?)));
        let (re, im) = parts.ok_or_else(|| "expected integer".to_string())?;
        return Ok(simplify(n, re, im));
    }
    if let Some(im) = text.strip_suffix('i').and_then(parse_float) {
        return Ok(simplify(n, 0.0, im));
    }
    n.uint = parse_int(text).filter(|v| (0..=u64::MAX as i128).contains(v)).map(|v| v as u64);
    n.int = parse_int(text).and_then(|v| i64::try_from(v).ok());
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", quote(text, false)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && f.abs() < 9.2e18 {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && (0.0..1.8e19).contains(&f) {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax: {}", quote(text, false)));
    }
    Ok(n)
}

fn simplify(mut n: Num, re: f64, im: f64) -> Num {
    n.complex = Some((re, im));
    if im == 0.0 {
        n.float = Some(re);
        if re.fract() == 0.0 && re.abs() < 9.2e18 {
            n.int = Some(re as i64);
            n.uint = (re >= 0.0).then_some(re as u64);
        }
    }
    n
}

/// Go's integer literal (`strconv.ParseInt(s, 0, 64)`): a sign, `0x`/`0o`/`0b`/`0`
/// prefixes, underscores between digits after a prefix.
fn parse_int(text: &str) -> Option<i128> {
    let (neg, s) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = s.get(..2).map(|p| p.to_ascii_lowercase());
    let (radix, digits, prefixed) = match lower.as_deref() {
        Some("0x") => (16, &s[2..], true),
        Some("0o") => (8, &s[2..], true),
        Some("0b") => (2, &s[2..], true),
        _ if s.len() > 1 && s.starts_with('0') => (8, &s[1..], true),
        _ => (10, s, false),
    };
    let clean = clean_underscores(digits, prefixed)?;
    let v = i128::from_str_radix(&clean, radix).ok()?;
    if v > u64::MAX as i128 {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// Digits without their `_` separators, if each separates digits (or follows a prefix).
fn clean_underscores(s: &str, prefixed: bool) -> Option<String> {
    if s.is_empty() || s.starts_with('+') || s.starts_with('-') {
        return None;
    }
    if s.contains('_') {
        let b = s.as_bytes();
        let ok = (prefixed || b[0] != b'_') && !s.ends_with('_') && !s.contains("__");
        if !ok {
            return None;
        }
    }
    Some(s.replace('_', ""))
}

/// Go's float literal (`strconv.ParseFloat`), hexadecimal ones included.
fn parse_float(text: &str) -> Option<f64> {
    let (neg, s) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let v = if s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")) {
        let (mant, exp) = s[2..].split_once(['p', 'P'])?;
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let digits = clean_underscores(&format!("{int}{frac}"), true)?;
        let m = u64::from_str_radix(&digits, 16).ok()? as f64;
        let (sign, exp) = match exp.strip_prefix('-') {
            Some(e) => (-1, e),
            None => (1, exp.strip_prefix('+').unwrap_or(exp)),
        };
        let e = sign * clean_underscores(exp, false).and_then(|e| e.parse::<i32>().ok())?;
        m * 2f64.powi(e - 4 * frac.len() as i32)
    } else {
        let clean = clean_underscores(s, false)?;
        if !clean.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
            return None;
        }
        clean.parse::<f64>().ok().filter(|f| f.is_finite())?
    };
    Some(if neg { -v } else { v })
}

/// A quoted string's value (`strconv.Unquote`), `None` when Go's is invalid syntax.
fn unquote(s: &str) -> Option<String> {
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Some(raw.replace('\r', ""));
    }
    let mut rest = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    while !rest.is_empty() {
        let (c, tail) = unquote_char(rest, '"')?;
        out.push(c);
        rest = tail;
    }
    Some(out)
}

/// One character of a quoted literal (`strconv.UnquoteChar`) and the rest.
fn unquote_char(s: &str, q: char) -> Option<(char, &str)> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c == q && (q == '\'' || q == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c, chars.as_str()));
    }
    let e = chars.next()?;
    let rest = chars.as_str();
    let simple = match e {
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\u{b}'),
        '\\' => Some('\\'),
        '\'' | '"' if e == q => Some(e),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, rest));
    }
    let (len, radix) = match e {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => (2, 8),
        _ => return None,
    };
    let (digits, rest) = if radix == 8 { (s.get(1..4)?, s.get(4..)?) } else { (rest.get(..len)?, &rest[len..]) };
    let v = u32::from_str_radix(digits, radix).ok()?;
    if radix == 8 && (digits.len() != 3 || v > 255) {
        return None;
    }
    Some((char::from_u32(v)?, rest))
}

// ---------------------------------------------------------------- node text

/// A node as Go prints it in an error's context (`Node.String()`).
fn describe_op(op: &Op) -> String {
    match op {
        Op::Field(_, idents) => idents.iter().map(|i| format!(".{i}")).collect(),
        Op::Var(_, idents) => idents.join("."),
        Op::Chain(_, base, fields) => {
            let mut s = match &**base {
                Op::Pipe(_, p) => format!("({})", describe_pipe(p)),
                other => describe_op(other),
            };
            for f in fields {
                s.push('.');
                s.push_str(f);
            }
            s
        }
        Op::Func(_, f) => f.name().into(),
        Op::Dot(_) => ".".into(),
        Op::Nil(_) => "nil".into(),
        Op::Bool(_, b) => b.to_string(),
        Op::Num(_, n) => n.text.clone(),
        Op::Str(_, quoted, _) => quoted.clone(),
        Op::Pipe(_, p) => describe_pipe(p),
    }
}

fn describe_cmd(cmd: &Cmd) -> String {
    let args: Vec<String> = cmd
        .args
        .iter()
        .map(|a| match a {
            Op::Pipe(_, p) => format!("({})", describe_pipe(p)),
            a => describe_op(a),
        })
        .collect();
    args.join(" ")
}

fn describe_pipe(p: &Pipe) -> String {
    let mut s = String::new();
    if !p.decl.is_empty() {
        s = p.decl.join(", ") + if p.assign { " = " } else { " := " };
    }
    s + &p.cmds.iter().map(describe_cmd).collect::<Vec<_>>().join(" | ")
}

fn op_pos(op: &Op) -> usize {
    match op {
        Op::Field(p, _) | Op::Var(p, _) | Op::Chain(p, ..) | Op::Func(p, _) | Op::Dot(p) | Op::Nil(p) => *p,
        Op::Bool(p, _) | Op::Num(p, _) | Op::Str(p, ..) | Op::Pipe(p, _) => *p,
    }
}

// ---------------------------------------------------------------- values

static NULL: Value = Value::Null;

/// A value as Go's reflection sees it while the template runs.
#[derive(Clone, Debug)]
enum Val<'v> {
    /// The zero `reflect.Value`: a missing key, or a nil taken out of its interface.
    Invalid,
    /// A value of the object, as itself (never null: see `unbox`).
    Data(&'v Value),
    /// A value of the object read from a map or a list, whose elements are
    /// `interface {}`: its type is the interface's until a pipeline ends,
    /// and a JSON null there is a nil interface.
    Boxed(&'v Value),
    /// Part of a list (`slice`): a `[]interface {}`.
    Slice(&'v [Value]),
    Int(i64),
    /// A byte of a string (`index "abc" 0`).
    Byte(u8),
    Float(f64),
    Complex(f64, f64),
    Bool(bool),
    Str(Rc<str>),
}

/// A value's comparable kind (`basicKind`).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Basic {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Complex(f64, f64),
}

impl<'v> Val<'v> {
    fn str(s: impl Into<Rc<str>>) -> Val<'v> {
        Val::Str(s.into())
    }

    /// The value out of its interface (`indirectInterface`).
    fn unbox(&self) -> Val<'v> {
        match self {
            Val::Boxed(Value::Null) => Val::Invalid,
            Val::Boxed(v) => Val::Data(v),
            other => other.clone(),
        }
    }

    fn is_nil_interface(&self) -> bool {
        matches!(self, Val::Boxed(Value::Null))
    }

    /// Go's name of the value's type (`reflect.Type.String()`).
    fn type_name(&self) -> &'static str {
        match self {
            Val::Invalid => "<nil>",
            Val::Boxed(_) => "interface {}",
            Val::Data(v) => match v {
                Value::Object(_) => "map[string]interface {}",
                Value::Array(_) => "[]interface {}",
                Value::String(_) => "string",
                Value::Number(n) if n.as_i64().is_some() => "int64",
                Value::Number(_) => "float64",
                Value::Bool(_) => "bool",
                Value::Null => "interface {}",
            },
            Val::Slice(_) => "[]interface {}",
            Val::Int(_) => "int",
            Val::Byte(_) => "uint8",
            Val::Float(_) => "float64",
            Val::Complex(..) => "complex128",
            Val::Bool(_) => "bool",
            Val::Str(_) => "string",
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Data(Value::String(s)) | Val::Boxed(Value::String(s)) => Some(s),
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    fn list(&self) -> Option<&'v [Value]> {
        match self.unbox() {
            Val::Data(Value::Array(a)) => Some(a.as_slice()),
            Val::Slice(s) => Some(s),
            _ => None,
        }
    }

    fn map(&self) -> Option<&'v serde_json::Map<String, Value>> {
        match self.unbox() {
            Val::Data(Value::Object(m)) => Some(m),
            _ => None,
        }
    }

    /// `basicKind`: the numbers and booleans; else the string, if it is one.
    fn basic(&self) -> Result<Basic, Option<&str>> {
        match self.unbox() {
            Val::Data(Value::Bool(b)) => Ok(Basic::Bool(*b)),
            Val::Bool(b) => Ok(Basic::Bool(b)),
            Val::Data(Value::Number(n)) => Ok(n.as_i64().map_or(Basic::Float(n.as_f64().unwrap_or(0.0)), Basic::Int)),
            Val::Int(i) => Ok(Basic::Int(i)),
            Val::Byte(b) => Ok(Basic::Uint(b as u64)),
            Val::Float(f) => Ok(Basic::Float(f)),
            Val::Complex(r, i) => Ok(Basic::Complex(r, i)),
            _ => Err(self.as_str()),
        }
    }
}

/// Go's truth (`isTrue`): the zero value of its type is false.
fn truth(v: &Val) -> bool {
    match *v {
        Val::Invalid => false,
        Val::Data(d) | Val::Boxed(d) => match d {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(m) => !m.is_empty(),
        },
        Val::Slice(s) => !s.is_empty(),
        Val::Int(i) => i != 0,
        Val::Byte(b) => b != 0,
        Val::Float(f) => f != 0.0,
        Val::Complex(r, i) => r != 0.0 || i != 0.0,
        Val::Bool(b) => b,
        Val::Str(ref s) => !s.is_empty(),
    }
}

// ---------------------------------------------------------------- functions

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    And,
    Call,
    Html,
    Index,
    Slice,
    Js,
    Len,
    Not,
    Or,
    Print,
    Printf,
    Println,
    Urlquery,
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
    Exists,
    Base64decode,
}

/// Go's builtins and kubectl's additions (`printers/template.go`).
const FUNCS: [(&str, Func); 21] = [
    ("and", Func::And),
    ("call", Func::Call),
    ("html", Func::Html),
    ("index", Func::Index),
    ("slice", Func::Slice),
    ("js", Func::Js),
    ("len", Func::Len),
    ("not", Func::Not),
    ("or", Func::Or),
    ("print", Func::Print),
    ("printf", Func::Printf),
    ("println", Func::Println),
    ("urlquery", Func::Urlquery),
    ("eq", Func::Eq),
    ("ge", Func::Ge),
    ("gt", Func::Gt),
    ("le", Func::Le),
    ("lt", Func::Lt),
    ("ne", Func::Ne),
    ("exists", Func::Exists),
    ("base64decode", Func::Base64decode),
];

/// A parameter's Go type, which decides how an argument is checked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Param {
    /// `interface {}`.
    Any,
    /// `reflect.Value`: the argument as it is.
    Value,
    /// `string`.
    Str,
    /// No type: the term of a chain (`(x).a`).
    Untyped,
}

impl Func {
    fn name(self) -> &'static str {
        FUNCS.iter().find(|(_, f)| *f == self).map_or("", |(n, _)| n)
    }

    /// The fixed parameters, then the variadic one's type if any.
    fn signature(self) -> (&'static [Param], Option<Param>) {
        use Param::*;
        match self {
            Func::And | Func::Or | Func::Call | Func::Index | Func::Slice | Func::Eq => (&[Value], Some(Value)),
            Func::Html | Func::Js | Func::Urlquery | Func::Print | Func::Println => (&[], Some(Any)),
            Func::Printf => (&[Str], Some(Any)),
            Func::Len | Func::Not => (&[Value], None),
            Func::Ne | Func::Lt | Func::Le | Func::Gt | Func::Ge => (&[Value, Value], None),
            Func::Exists => (&[Any], Some(Any)),
            Func::Base64decode => (&[Str], None),
        }
    }
}

fn len_of(v: &Val) -> Result<Val<'static>, String> {
    if let Val::Invalid = v {
        return Err("reflect: call of reflect.Value.Type on zero Value".into());
    }
    if v.is_nil_interface() {
        return Err("len of nil pointer".into());
    }
    let n = match v.unbox() {
        Val::Data(Value::Object(m)) => m.len(),
        Val::Data(Value::Array(a)) => a.len(),
        Val::Slice(s) => s.len(),
        u => match u.as_str() {
            Some(s) => s.len(),
            None => return Err(format!("len of type {}", u.type_name())),
        },
    };
    Ok(Val::Int(n as i64))
}

/// An index of a list or string (`indexArg`): at most `cap`.
fn index_arg(i: &Val, cap: usize) -> Result<usize, String> {
    let x = match i.basic() {
        Ok(Basic::Int(x)) => x,
        Ok(Basic::Uint(x)) => x as i64,
        _ if matches!(i.unbox(), Val::Invalid) => return Err("cannot index slice/array with nil".into()),
        _ => return Err(format!("cannot index slice/array with type {}", i.unbox().type_name())),
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// A map key (`prepareArg` to `string`).
fn key_arg<'a>(i: &'a Val) -> Result<&'a str, String> {
    match i.as_str() {
        Some(s) => Ok(s),
        None if matches!(i.unbox(), Val::Invalid) => Err("value is nil; should be of type string".into()),
        None => Err(format!("value has type {}; should be string", i.unbox().type_name())),
    }
}

fn index<'v>(args: &[Val<'v>]) -> Result<Val<'v>, String> {
    let mut item = args[0].unbox();
    if let Val::Invalid = item {
        return Err("index of untyped nil".into());
    }
    for i in &args[1..] {
        if item.is_nil_interface() {
            return Err("index of nil pointer".into());
        }
        item = item.unbox();
        let i = i.unbox();
        if let Some(list) = item.list() {
            let x = index_arg(&i, list.len())?;
            item = Val::Boxed(list.get(x).ok_or("reflect: slice index out of range")?);
        } else if let Some(s) = item.as_str() {
            let x = index_arg(&i, s.len())?;
            item = Val::Byte(*s.as_bytes().get(x).ok_or("reflect: string index out of range")?);
        } else if let Some(m) = item.map() {
            item = Val::Boxed(m.get(key_arg(&i)?).unwrap_or(&NULL));
        } else {
            return Err(format!("can't index item of type {}", item.type_name()));
        }
    }
    Ok(item)
}

fn slice<'v>(args: &[Val<'v>]) -> Result<Val<'v>, String> {
    let item = args[0].unbox();
    if let Val::Invalid = item {
        return Err("slice of untyped nil".into());
    }
    let indexes = &args[1..];
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match (item.list(), item.as_str()) {
        (Some(l), _) => l.len(),
        (_, Some(_)) if indexes.len() == 3 => return Err("cannot 3-index slice a string".into()),
        (_, Some(s)) => s.len(),
        _ => return Err(format!("can't slice item of type {}", item.type_name())),
    };
    let mut idx = [0, len, len];
    for (n, i) in indexes.iter().enumerate() {
        idx[n] = index_arg(&i.unbox(), len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    match (item.list(), item.as_str()) {
        (Some(l), _) => Ok(Val::Slice(&l[idx[0]..idx[1]])),
        (_, Some(s)) => Ok(Val::str(String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]))),
        _ => Err(String::new()),
    }
}

/// kubectl's `exists`: whether `index` would find something not nil.
fn exists(args: &[Val]) -> Val<'static> {
    let mut item = args[0].unbox();
    for i in &args[1..] {
        if item.is_nil_interface() {
            return Val::Bool(false);
        }
        item = item.unbox();
        let i = i.unbox();
        item = if let Some(list) = item.list() {
            match i.basic() {
                Ok(Basic::Int(x)) if x >= 0 && (x as u64) < list.len() as u64 => Val::Boxed(&list[x as usize]),
                Ok(Basic::Uint(x)) if x < list.len() as u64 => Val::Boxed(&list[x as usize]),
                _ => return Val::Bool(false),
            }
        } else if let Some(s) = item.as_str() {
            match i.basic() {
                Ok(Basic::Int(x)) if x >= 0 && (x as u64) < s.len() as u64 => Val::Byte(s.as_bytes()[x as usize]),
                Ok(Basic::Uint(x)) if x < s.len() as u64 => Val::Byte(s.as_bytes()[x as usize]),
                _ => return Val::Bool(false),
            }
        } else if let Some(m) = item.map() {
            // A missing key reads as the map's zero value, a nil interface.
            let key = match (&i, i.as_str()) {
                (Val::Invalid, _) => "",
                (_, Some(k)) => k,
                _ => return Val::Bool(false),
            };
            Val::Boxed(m.get(key).unwrap_or(&NULL))
        } else {
            return Val::Bool(false);
        };
    }
    Val::Bool(!item.is_nil_interface())
}

/// Go's `base64.StdEncoding.DecodeString`, with its error offsets.
fn base64decode(s: &str) -> Result<Val<'static>, String> {
    let fail = |at: usize| Err(format!("base64 decode failed: illegal base64 data at input byte {at}"));
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let src = s.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    loop {
        // One quantum of four characters; newlines are skipped.
        let mut buf = [0u8; 4];
        let mut len = 4;
        let mut j = 0;
        while j < 4 {
            let Some(&c) = src.get(si) else {
                if j == 0 {
                    return Ok(Val::str(String::from_utf8_lossy(&out)));
                }
                return fail(si - j);
            };
            si += 1;
            if let Some(v) = value(c) {
                buf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || j < 2 {
                return fail(si - 1);
            }
            // Padding: "==" after two characters, "=" after three, then the end.
            if j == 2 {
                while matches!(src.get(si), Some(b'\n' | b'\r')) {
                    si += 1;
                }
                match src.get(si) {
                    None => return fail(src.len()),
                    Some(b'=') => si += 1,
                    Some(_) => return fail(si - 1),
                }
            }
            while matches!(src.get(si), Some(b'\n' | b'\r')) {
                si += 1;
            }
            if si < src.len() {
                return fail(si);
            }
            len = j;
            break;
        }
        let v = (buf[0] as u32) << 18 | (buf[1] as u32) << 12 | (buf[2] as u32) << 6 | buf[3] as u32;
        let bytes = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
        out.extend_from_slice(&bytes[..len - 1]);
        if len < 4 {
            return Ok(Val::str(String::from_utf8_lossy(&out)));
        }
    }
}

/// `eq arg1 arg2…`: true if arg1 equals any of the others.
fn eq(a: &Val, others: &[Val]) -> Result<bool, String> {
    if others.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let a = a.unbox();
    for b in others {
        let b = b.unbox();
        let equal = match (a.basic(), b.basic()) {
            (Ok(x), Ok(y)) => match (x, y) {
                (Basic::Int(i), Basic::Uint(u)) | (Basic::Uint(u), Basic::Int(i)) => i >= 0 && i as u64 == u,
                (x, y) if std::mem::discriminant(&x) == std::mem::discriminant(&y) => x == y,
                _ => return Err("incompatible types for comparison".into()),
            },
            (Err(Some(x)), Err(Some(y))) => x == y,
            (Err(sx), Err(sy)) if sx.is_none() && sy.is_none() => compare_composite(&a, &b)?,
            _ if matches!(a, Val::Invalid) || matches!(b, Val::Invalid) => false,
            _ => return Err("incompatible types for comparison".into()),
        };
        if equal {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `eq` of maps, lists and nothing: only nothing equals nothing.
fn compare_composite(a: &Val, b: &Val) -> Result<bool, String> {
    let kind = |v: &Val| {
        if v.map().is_some() {
            1
        } else if v.list().is_some() {
            2
        } else {
            0
        }
    };
    let (ka, kb) = (kind(a), kind(b));
    if ka != kb && ka != 0 && kb != 0 {
        return Err(format!(
            "non-comparable types {}: {}, {}: {}",
            sprint_verb(a, 's'),
            a.type_name(),
            b.type_name(),
            sprint_verb(b, 'v')
        ));
    }
    if ka == 0 || kb == 0 {
        return Ok(ka == kb);
    }
    Err(format!("non-comparable type {}: {}", sprint_verb(b, 's'), b.type_name()))
}

fn lt(a: &Val, b: &Val) -> Result<bool, String> {
    let bad = || "invalid type for comparison".to_string();
    let key = |v: &Val| -> Result<Result<Basic, String>, String> {
        match v.basic() {
            Ok(k) => Ok(Ok(k)),
            Err(Some(s)) => Ok(Err(s.to_string())),
            Err(None) => Err(bad()),
        }
    };
    Ok(match (key(a)?, key(b)?) {
        (Err(x), Err(y)) => x < y,
        (Ok(Basic::Int(i)), Ok(Basic::Uint(u))) => i < 0 || (i as u64) < u,
        (Ok(Basic::Uint(u)), Ok(Basic::Int(i))) => i >= 0 && u < i as u64,
        (Ok(Basic::Int(x)), Ok(Basic::Int(y))) => x < y,
        (Ok(Basic::Uint(x)), Ok(Basic::Uint(y))) => x < y,
        (Ok(Basic::Float(x)), Ok(Basic::Float(y))) => x < y,
        (Ok(Basic::Bool(_)), Ok(Basic::Bool(_))) | (Ok(Basic::Complex(..)), Ok(Basic::Complex(..))) => {
            return Err(bad());
        }
        _ => return Err("incompatible types for comparison".into()),
    })
}

// ---------------------------------------------------------------- execution

/// Why walking stopped early.
enum Halt {
    Break,
    Continue,
    /// An execution error, worded as Go words it.
    Fail(String),
}

type R<T> = Result<T, Halt>;

/// The node execution is at, which errors name.
#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Op(&'t Op),
    Cmd(&'t Cmd),
    Pipe(&'t Pipe),
    Template(usize, &'t str, Option<&'t Pipe>),
}

struct Exec<'t, 'v> {
    t: &'t Template,
    /// The template running: "output" or a defined one.
    name: &'t str,
    out: String,
    vars: Vec<(&'t str, Val<'v>)>,
    at: At<'t>,
    /// Lists being walked, one inside the other.
    depth: usize,
    work: usize,
}

impl<'t, 'v> Exec<'t, 'v> {
    fn fail<T>(&self, msg: impl std::fmt::Display) -> R<T> {
        Err(self.halt(msg.to_string()))
    }

    /// An execution error at the current node (one copy of the code, whatever `fail` returns).
    fn halt(&self, msg: String) -> Halt {
        let (pos, context) = match self.at {
            At::None => return Halt::Fail(format!("template: {}: {msg}", self.name)),
            At::Op(op) => (op_pos(op), describe_op(op)),
            At::Cmd(cmd) => (cmd.pos, describe_cmd(cmd)),
            At::Pipe(pipe) => (pipe.pos, describe_pipe(pipe)),
            At::Template(pos, name, pipe) => {
                let arg = pipe.map(|p| format!(" {}", describe_pipe(p))).unwrap_or_default();
                (pos, format!("{{{{template {}{arg}}}}}", quote(name, false)))
            }
        };
        let before = &self.t.source[..pos.min(self.t.source.len())];
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map_or(pos, |i| pos - i - 1);
        Halt::Fail(format!(
            "template: {NAME}:{line}:{col}: executing {} at <{context}>: {msg}",
            quote(self.name, false)
        ))
    }

    /// Counts work, so that a template over a big list cannot hang the page.
    fn step(&mut self, n: usize) -> R<()> {
        self.work += n;
        if self.work > MAX_WORK {
            return self.fail("le modèle demande trop de calculs pour le simulateur");
        }
        Ok(())
    }

    fn write(&mut self, s: &str) -> R<()> {
        if self.out.len() + s.len() > MAX_OUTPUT {
            // What was written is not shown: 10 MiB would drown the page.
            self.out.clear();
            return self.fail("la sortie dépasse 10 Mio, la limite du simulateur");
        }
        self.out.push_str(s);
        Ok(())
    }

    fn walk(&mut self, dot: &Val<'v>, nodes: &'t [Node]) -> R<()> {
        if self.depth >= MAX_DEPTH {
            return self.fail("exceeded maximum template depth (100000)");
        }
        self.depth += 1;
        let r = self.walk_list(dot, nodes);
        self.depth -= 1;
        r
    }

    fn walk_list(&mut self, dot: &Val<'v>, nodes: &'t [Node]) -> R<()> {
        for node in nodes {
            self.step(1)?;
            match node {
                Node::Text(s) => self.write(s)?,
                Node::Action(pipe) => {
                    let v = self.pipeline(dot, pipe)?;
                    if pipe.decl.is_empty() {
                        let text = match v {
                            Val::Invalid => "<no value>".to_string(),
                            v => sprint_verb(&v, 'v'),
                        };
                        self.write(&text)?;
                    }
                }
                Node::If(c) | Node::With(c) => {
                    let mark = self.vars.len();
                    let v = self.pipeline(dot, &c.pipe)?;
                    let r = if truth(&v) {
                        let dot = if matches!(node, Node::With(_)) { &v } else { dot };
                        self.walk(dot, &c.list)
                    } else if let Some(alt) = &c.alt {
                        self.walk(dot, alt)
                    } else {
                        Ok(())
                    };
                    self.vars.truncate(mark);
                    r?;
                }
                Node::Range(c) => self.range(dot, c)?,
                Node::Template { pos, name, pipe } => self.call_template(dot, *pos, name, pipe.as_ref())?,
                Node::Break => return Err(Halt::Break),
                Node::Continue => return Err(Halt::Continue),
            }
        }
        Ok(())
    }

    fn range(&mut self, dot: &Val<'v>, c: &'t Control) -> R<()> {
        let mark = self.vars.len();
        let r = self.range_items(dot, c);
        self.vars.truncate(mark);
        match r {
            Ok(true) => Ok(()),
            Ok(false) => match &c.alt {
                Some(alt) => self.walk(dot, alt),
                None => Ok(()),
            },
            Err(e) => Err(e),
        }
    }

    /// The iterations; false when there were none.
    fn range_items(&mut self, dot: &Val<'v>, c: &'t Control) -> R<bool> {
        let v = self.pipeline(dot, &c.pipe)?;
        let items: Vec<(Val<'v>, Val<'v>)> = if let Some(list) = v.list() {
            list.iter().enumerate().map(|(i, e)| (Val::Int(i as i64), Val::Boxed(e))).collect()
        } else if let Some(map) = v.map() {
            // Go ranges over a map in its keys' order.
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            keys.into_iter().filter_map(|k| Some((Val::str(k.as_str()), Val::Boxed(map.get(k)?)))).collect()
        } else if let Val::Invalid = v {
            Vec::new()
        } else {
            return self.fail(format!("range can't iterate over {}", sprint_verb(&v, 'v')));
        };
        let mark = self.vars.len();
        let decl = &c.pipe.decl;
        for (index, elem) in items.iter() {
            self.step(1)?;
            if c.pipe.assign {
                // `{{range $i, $e = …}}`: with one variable, the element.
                match decl.as_slice() {
                    [one] => self.set_var(one, elem.clone())?,
                    [i, e, ..] => {
                        self.set_var(i, index.clone())?;
                        self.set_var(e, elem.clone())?;
                    }
                    [] => {}
                }
            } else {
                let n = self.vars.len();
                if !decl.is_empty() {
                    self.vars[n - 1].1 = elem.clone();
                }
                if decl.len() > 1 {
                    self.vars[n - 2].1 = index.clone();
                }
            }
            let r = self.walk(elem, &c.list);
            self.vars.truncate(mark);
            match r {
                Ok(()) | Err(Halt::Continue) => {}
                Err(Halt::Break) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(!items.is_empty())
    }

    fn call_template(&mut self, dot: &Val<'v>, pos: usize, name: &'t str, pipe: Option<&'t Pipe>) -> R<()> {
        self.at = At::Template(pos, name, pipe);
        let body = match self.t.defs.iter().find(|(n, _)| n == name) {
            Some((_, body)) => body,
            None if name == NAME => &self.t.root,
            None => return self.fail(format!("template {} not defined", quote(name, false))),
        };
        let dot = match pipe {
            Some(p) => self.pipeline(dot, p)?,
            None => Val::Invalid,
        };
        // A template called sees only its own `$`.
        let vars = std::mem::replace(&mut self.vars, vec![("$", dot.clone())]);
        let caller = std::mem::replace(&mut self.name, name);
        let r = self.walk(&dot, body);
        self.name = caller;
        self.vars = vars;
        r
    }

    fn set_var(&mut self, name: &str, v: Val<'v>) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| *n == name) {
            Some(slot) => {
                slot.1 = v;
                Ok(())
            }
            None => self.fail(format!("undefined variable: {name}")),
        }
    }

    fn pipeline(&mut self, dot: &Val<'v>, pipe: &'t Pipe) -> R<Val<'v>> {
        self.at = At::Pipe(pipe);
        let mut value = None;
        for cmd in &pipe.cmds {
            self.step(1)?;
            value = Some(self.command(dot, cmd, value.take())?.unbox());
        }
        let value = value.unwrap_or(Val::Invalid);
        for name in &pipe.decl {
            if pipe.assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name, value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, cmd: &'t Cmd, fin: &Option<Val<'v>>) -> R<()> {
        if cmd.args.len() > 1 || fin.is_some() {
            let first = cmd.args.first().map(describe_op).unwrap_or_default();
            return self.fail(format!("can't give argument to non-function {first}"));
        }
        Ok(())
    }

    fn command(&mut self, dot: &Val<'v>, cmd: &'t Cmd, fin: Option<Val<'v>>) -> R<Val<'v>> {
        let Some(first) = cmd.args.first() else { return Ok(Val::Invalid) };
        let has_args = cmd.args.len() > 1 || fin.is_some();
        match first {
            Op::Field(_, idents) => {
                self.at = At::Op(first);
                self.fields(dot.clone(), idents, has_args)
            }
            Op::Chain(_, base, fields) => {
                self.at = At::Op(first);
                let receiver = self.arg(dot, Param::Untyped, base)?;
                self.fields(receiver, fields, has_args)
            }
            Op::Func(_, f) => {
                self.at = At::Op(first);
                self.call(dot, *f, At::Cmd(cmd), &cmd.args[1..], fin)
            }
            Op::Pipe(_, p) => {
                self.not_a_function(cmd, &fin)?;
                self.pipeline(dot, p)
            }
            Op::Var(_, idents) => {
                self.at = At::Op(first);
                let v = self.var(&idents[0])?;
                if idents.len() == 1 {
                    self.not_a_function(cmd, &fin)?;
                    return Ok(v);
                }
                self.fields(v, &idents[1..], has_args)
            }
            literal => {
                self.at = At::Op(literal);
                self.not_a_function(cmd, &fin)?;
                match literal {
                    Op::Nil(_) => self.fail("nil is not a command"),
                    Op::Dot(_) => Ok(dot.clone()),
                    _ => self.constant(literal),
                }
            }
        }
    }

    fn var(&self, name: &str) -> R<Val<'v>> {
        match self.vars.iter().rev().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.fail(format!("undefined variable: {name}")),
        }
    }

    /// A literal's value where its type is not known (`idealConstant`).
    fn constant(&self, op: &'t Op) -> R<Val<'v>> {
        match op {
            Op::Bool(_, b) => Ok(Val::Bool(*b)),
            Op::Str(_, _, s) => Ok(Val::str(s.as_str())),
            Op::Num(_, n) => {
                let t = &n.text;
                if let Some((r, i)) = n.complex {
                    return Ok(Val::Complex(r, i));
                }
                // Go's idealConstant: a float unless hexadecimal or a character.
                let hex_int =
                    t.len() > 2 && t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")) && !t.contains(['p', 'P']);
                let float_syntax = !t.starts_with('\'') && !hex_int && t.contains(['.', 'e', 'E', 'p', 'P']);
                match (n.float, n.int, n.uint) {
                    (Some(f), _, _) if float_syntax => Ok(Val::Float(f)),
                    (_, Some(i), _) => Ok(Val::Int(i)),
                    (_, _, Some(_)) => self.fail(format!("{t} overflows int")),
                    _ => Ok(Val::Invalid),
                }
            }
            _ => Ok(Val::Invalid),
        }
    }

    /// `.a.b.c` on a receiver; only the last field may be given arguments.
    fn fields(&mut self, mut receiver: Val<'v>, idents: &'t [String], has_args: bool) -> R<Val<'v>> {
        for (i, name) in idents.iter().enumerate() {
            receiver = self.field(name, has_args && i + 1 == idents.len(), receiver)?;
        }
        Ok(receiver)
    }

    fn field(&self, name: &str, has_args: bool, receiver: Val<'v>) -> R<Val<'v>> {
        if let Val::Invalid = receiver {
            if self.t.strict {
                return self.fail(format!("nil data; no entry for key {}", quote(name, false)));
            }
            return Ok(Val::Invalid);
        }
        let ty = receiver.type_name();
        if receiver.is_nil_interface() {
            return self.fail(format!("nil pointer evaluating {ty}.{name}"));
        }
        let Some(map) = receiver.map() else { return self.fail(format!("can't evaluate field {name} in type {ty}")) };
        if has_args {
            return self.fail(format!("{name} is not a method but has arguments"));
        }
        match map.get(name) {
            Some(v) => Ok(Val::Boxed(v)),
            None if self.t.strict => self.fail(format!("map has no entry for key {}", quote(name, false))),
            None => Ok(Val::Invalid),
        }
    }

    /// An argument, checked against its parameter's type (`evalArg`).
    fn arg(&mut self, dot: &Val<'v>, ty: Param, op: &'t Op) -> R<Val<'v>> {
        self.step(1)?;
        self.at = At::Op(op);
        let v = match op {
            Op::Dot(_) => dot.clone(),
            Op::Nil(_) => {
                return match ty {
                    Param::Any => Ok(Val::Boxed(&NULL)),
                    Param::Str => self.fail("cannot assign nil to string"),
                    _ => Ok(Val::Invalid),
                };
            }
            Op::Field(_, idents) => self.fields(dot.clone(), idents, false)?,
            Op::Var(_, idents) => {
                let v = self.var(&idents[0])?;
                self.fields(v, &idents[1..], false)?
            }
            Op::Pipe(_, p) => self.pipeline(dot, p)?,
            Op::Func(_, f) => self.call(dot, *f, At::Op(op), &[], None)?,
            Op::Chain(_, base, fields) => {
                let receiver = self.arg(dot, Param::Untyped, base)?;
                self.fields(receiver, fields, false)?
            }
            literal => {
                return match (ty, literal) {
                    (Param::Str, Op::Str(_, _, s)) => Ok(Val::str(s.as_str())),
                    (Param::Str, _) => self.fail(format!("expected string; found {}", describe_op(literal))),
                    _ => self.constant(literal),
                };
            }
        };
        self.check(v, ty)
    }

    /// Whether a value fits a parameter (`validateType`).
    fn check(&self, v: Val<'v>, ty: Param) -> R<Val<'v>> {
        match ty {
            Param::Any if matches!(v, Val::Invalid) => Ok(Val::Boxed(&NULL)),
            Param::Str => match v {
                Val::Invalid => self.fail("invalid value; expected string"),
                v if v.is_nil_interface() => self.fail("wrong type for value; expected string; got interface {}"),
                v => match v.as_str() {
                    Some(_) => Ok(v.unbox()),
                    None => self.fail(format!("wrong type for value; expected string; got {}", v.unbox().type_name())),
                },
            },
            _ => Ok(v),
        }
    }

    /// A function call (`evalCall`); `node` is what its errors name.
    fn call(&mut self, dot: &Val<'v>, f: Func, node: At<'t>, args: &'t [Op], fin: Option<Val<'v>>) -> R<Val<'v>> {
        let (fixed, variadic) = f.signature();
        let name = f.name();
        let count = args.len() + fin.is_some() as usize;
        if variadic.is_some() && count < fixed.len() {
            return self.fail(format!(
                "wrong number of args for {name}: want at least {} got {}",
                fixed.len(),
                args.len()
            ));
        }
        if variadic.is_none() && count != fixed.len() {
            return self.fail(format!("wrong number of args for {name}: want {} got {count}", fixed.len()));
        }
        if f == Func::And || f == Func::Or {
            // They stop at the first argument that decides.
            let mut v = Val::Invalid;
            for a in args {
                v = self.arg(dot, Param::Value, a)?;
                if truth(&v) == (f == Func::Or) {
                    return Ok(v);
                }
            }
            return Ok(fin.unwrap_or(v));
        }
        let param = |i: usize| fixed.get(i).copied().or(variadic).unwrap_or(Param::Any);
        let mut argv = Vec::with_capacity(count);
        for (i, a) in args.iter().enumerate() {
            argv.push(self.arg(dot, param(i), a)?);
        }
        if let Some(v) = fin {
            argv.push(self.check(v, param(count - 1))?);
        }
        let result = self.apply(f, &argv, args);
        match result {
            Ok(v) => {
                if let Val::Str(s) = &v {
                    self.step(s.len() / 16)?;
                }
                Ok(v)
            }
            Err(e) => {
                self.at = node;
                self.fail(format!("error calling {name}: {e}"))
            }
        }
    }

    fn apply(&self, f: Func, argv: &[Val<'v>], args: &'t [Op]) -> Result<Val<'v>, String> {
        let first = || argv.first().cloned().unwrap_or(Val::Invalid);
        let compare = |op: fn(&Val, &Val) -> Result<bool, String>| op(&argv[0], &argv[1]).map(Val::Bool);
        match f {
            Func::Not => Ok(Val::Bool(!truth(&first()))),
            Func::Len => len_of(&first()),
            Func::Index => index(argv),
            Func::Slice => slice(argv),
            Func::Eq => eq(&argv[0], &argv[1..]).map(Val::Bool),
            Func::Ne => eq(&argv[0], &argv[1..]).map(|e| Val::Bool(!e)),
            Func::Lt => compare(lt),
            Func::Le => compare(|a, b| Ok(lt(a, b)? || eq(a, std::slice::from_ref(b))?)),
            Func::Gt => compare(|a, b| Ok(!(lt(a, b)? || eq(a, std::slice::from_ref(b))?))),
            Func::Ge => compare(|a, b| Ok(!lt(a, b)?)),
            Func::Print => Ok(Val::str(sprint(argv))),
            Func::Println => Ok(Val::str(sprintln(argv))),
            Func::Printf => Ok(Val::str(sprintf(first().as_str().unwrap_or_default(), &argv[1..]))),
            Func::Html => Ok(Val::str(html(&eval_args(argv)))),
            Func::Js => Ok(Val::str(js(&eval_args(argv)))),
            Func::Urlquery => Ok(Val::str(urlquery(&eval_args(argv)))),
            Func::Exists => Ok(exists(argv)),
            Func::Base64decode => base64decode(first().as_str().unwrap_or_default()),
            Func::Call => {
                let callee = args.first().map(describe_op).unwrap_or_default();
                match first().unbox() {
                    Val::Invalid => Err("call of nil".into()),
                    v => Err(format!("non-function {callee} of type {}", v.type_name())),
                }
            }
            Func::And | Func::Or => Ok(first()),
        }
    }
}

// ---------------------------------------------------------------- escapers

/// The arguments of `html`, `js` and `urlquery` as one string (`evalArgs`).
fn eval_args(args: &[Val]) -> String {
    if let [one] = args
        && let Some(s) = one.as_str()
    {
        return s.to_string();
    }
    let printable: Vec<Val> = args
        .iter()
        .map(|a| if a.is_nil_interface() || matches!(a, Val::Invalid) { Val::str("<no value>") } else { a.clone() })
        .collect();
    sprint(&printable)
}

fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn js(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' | '>' | '&' | '=' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if !c.is_ascii() && !is_print(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `url.QueryEscape`.
fn urlquery(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

// ---------------------------------------------------------------- Go's fmt

/// Whether Go's `strconv.IsPrint` holds, near enough: controls, spaces
/// other than ' ', format characters and private use are not printable.
fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic() || c == ' ';
    }
    let u = c as u32;
    !(c.is_control()
        || c.is_whitespace()
        || matches!(u, 0xAD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF)
        || (u & 0xFFFE) == 0xFFFE)
}

/// Go's `strconv.Quote` (`QuoteToASCII` with `ascii`).
fn quote(s: &str, ascii: bool) -> String {
    quote_with(s, '"', ascii)
}

fn quote_with(s: &str, q: char, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        if c == q || c == '\\' {
            out.push('\\');
            out.push(c);
        } else if is_print(c) && (!ascii || c.is_ascii()) {
            out.push(c);
        } else {
            match c {
                '\u{7}' => out.push_str("\\a"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{b}' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push_str(&format!("\\U{:08x}", c as u32)),
            }
        }
    }
    out.push(q);
    out
}

/// The flags, width and precision of one verb.
#[derive(Clone, Copy, Default)]
struct Flags {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    /// `%#v`, `%+v`.
    sharp_v: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

/// One `fmt` formatting: the text so far and the current verb's flags.
#[derive(Default)]
struct Printer {
    buf: String,
    f: Flags,
}

fn sprint_verb(v: &Val, verb: char) -> String {
    let mut p = Printer::default();
    p.print_arg(v, verb);
    p.buf
}

/// `fmt.Sprint`: spaces between operands when neither is a string.
fn sprint(args: &[Val]) -> String {
    let mut p = Printer::default();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = a.as_str().is_some();
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
        prev_string = is_string;
    }
    p.buf
}

fn sprintln(args: &[Val]) -> String {
    let mut p = Printer::default();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
    }
    p.buf.push('\n');
    p.buf
}

/// A width or precision in the format (`parsenum`); past 1e6 it is no number.
fn parse_num(s: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let mut n: usize = 0;
    let mut any = false;
    while i < s.len() && s[i].is_ascii_digit() {
        if n > 1_000_000 {
            return (None, s.len());
        }
        n = n * 10 + (s[i] - b'0') as usize;
        any = true;
        i += 1;
    }
    (any.then_some(n), i)
}

/// `fmt.Sprintf`, with Go's complaints (`%!d(string=x)`, `%!v(MISSING)`, `%!(EXTRA …)`).
fn sprintf(format: &str, args: &[Val]) -> String {
    let s = format.as_bytes();
    let mut p = Printer::default();
    let mut arg = 0;
    let mut reordered = false;
    let mut i = 0;
    while i < s.len() {
        let lit = i;
        while i < s.len() && s[i] != b'%' {
            i += 1;
        }
        p.buf.push_str(&format[lit..i]);
        if i >= s.len() {
            break;
        }
        i += 1;
        p.f = Flags::default();
        while i < s.len() {
            match s[i] {
                b'#' => p.f.sharp = true,
                b'0' => p.f.zero = !p.f.minus,
                b'+' => p.f.plus = true,
                b'-' => {
                    p.f.minus = true;
                    p.f.zero = false;
                }
                b' ' => p.f.space = true,
                _ => break,
            }
            i += 1;
        }
        let mut good = true;
        // `%[2]d`: an explicit argument.
        let mut index = |i: &mut usize, arg: &mut usize, good: &mut bool| -> bool {
            if s.get(*i) != Some(&b'[') {
                return false;
            }
            reordered = true;
            let close = s[*i..].iter().position(|&b| b == b']');
            match close.map(|c| (parse_num(&s[..*i + c], *i + 1), *i + c)) {
                Some(((Some(n), end), close)) if end == close && n >= 1 && n <= args.len() => {
                    *arg = n - 1;
                    *i = close + 1;
                    true
                }
                Some((_, close)) => {
                    *good = false;
                    *i = close + 1;
                    false
                }
                None => {
                    *good = false;
                    *i += 1;
                    false
                }
            }
        };
        let mut after_index = index(&mut i, &mut arg, &mut good);
        if s.get(i) == Some(&b'*') {
            i += 1;
            match int_arg(args, &mut arg) {
                Some(w) => {
                    if w < 0 {
                        p.f.minus = true;
                        p.f.zero = false;
                    }
                    p.f.wid = Some(w.unsigned_abs() as usize);
                }
                None => p.buf.push_str("%!(BADWIDTH)"),
            }
            after_index = false;
        } else {
            let (w, next) = parse_num(s, i);
            p.f.wid = w;
            i = next;
            if after_index && w.is_some() {
                good = false;
            }
        }
        if i + 1 < s.len() && s[i] == b'.' {
            i += 1;
            if after_index {
                good = false;
            }
            after_index = index(&mut i, &mut arg, &mut good);
            if s.get(i) == Some(&b'*') {
                i += 1;
                match int_arg(args, &mut arg) {
                    Some(n) if n >= 0 => p.f.prec = Some(n as usize),
                    Some(_) => {}
                    None => p.buf.push_str("%!(BADPREC)"),
                }
                after_index = false;
            } else {
                let (n, next) = parse_num(s, i);
                p.f.prec = Some(n.unwrap_or(0));
                i = next;
            }
        }
        if !after_index {
            index(&mut i, &mut arg, &mut good);
        }
        let Some(verb) = format.get(i..).and_then(|r| r.chars().next()) else {
            p.buf.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();
        match verb {
            '%' => p.buf.push('%'),
            _ if !good => p.buf.push_str(&format!("%!{verb}(BADINDEX)")),
            _ if arg >= args.len() => p.buf.push_str(&format!("%!{verb}(MISSING)")),
            _ => {
                if verb == 'v' {
                    p.f.sharp_v = p.f.sharp;
                    p.f.sharp = false;
                    p.f.plus = false;
                }
                p.print_arg(&args[arg], verb);
                arg += 1;
            }
        }
    }
    if !reordered && arg < args.len() {
        p.f = Flags::default();
        p.buf.push_str("%!(EXTRA ");
        for (n, a) in args[arg..].iter().enumerate() {
            if n > 0 {
                p.buf.push_str(", ");
            }
            match a.unbox() {
                Val::Invalid => p.buf.push_str("<nil>"),
                u => {
                    p.buf.push_str(u.type_name());
                    p.buf.push('=');
                    p.print_arg(a, 'v');
                }
            }
        }
        p.buf.push(')');
    }
    p.buf
}

/// `*` in a format: an int argument, at most 1e6.
fn int_arg(args: &[Val], arg: &mut usize) -> Option<i64> {
    let v = args.get(*arg)?;
    *arg += 1;
    match v.basic() {
        Ok(Basic::Int(n)) if n.abs() <= 1_000_000 => Some(n),
        Ok(Basic::Uint(n)) if n <= 1_000_000 => Some(n as i64),
        _ => None,
    }
}

impl Printer {
    fn pad(&mut self, s: &str) {
        let width = self.f.wid.unwrap_or(0).saturating_sub(s.chars().count());
        let fill = if self.f.zero && !self.f.minus { '0' } else { ' ' };
        if self.f.minus {
            self.buf.push_str(s);
            self.buf.extend(std::iter::repeat_n(' ', width));
        } else {
            self.buf.extend(std::iter::repeat_n(fill, width));
            self.buf.push_str(s);
        }
    }

    fn pad_spaces(&mut self, s: &str) {
        let zero = std::mem::replace(&mut self.f.zero, false);
        self.pad(s);
        self.f.zero = zero;
    }

    fn bad_verb(&mut self, v: Option<&Val>, verb: char) {
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        match v {
            Some(v) => {
                self.buf.push_str(v.type_name());
                self.buf.push('=');
                self.print_value(v, 'v');
            }
            None => self.buf.push_str("<nil>"),
        }
        self.buf.push(')');
    }

    /// An operand: nil, `%T`, or its value.
    fn print_arg(&mut self, v: &Val, verb: char) {
        let v = v.unbox();
        if let Val::Invalid = v {
            return match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(None, verb),
            };
        }
        if verb == 'T' {
            return self.pad(v.type_name());
        }
        self.print_value(&v, verb);
    }

    fn print_value(&mut self, v: &Val, verb: char) {
        let v = &v.unbox();
        if let Some(s) = v.as_str() {
            return self.fmt_string(v, s, verb);
        }
        match v.clone() {
            Val::Invalid => self.buf.push_str(if self.f.sharp_v { "interface {}(nil)" } else { "<nil>" }),
            Val::Data(Value::Object(m)) => {
                let mut keys: Vec<&String> = m.keys().collect();
                crate::sort::sort(&mut keys);
                self.buf.push_str(if self.f.sharp_v { "map[string]interface {}{" } else { "map[" });
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(if self.f.sharp_v { ", " } else { " " });
                    }
                    self.print_value(&Val::str(k.as_str()), verb);
                    self.buf.push(':');
                    self.print_value(&Val::Boxed(m.get(k).unwrap_or(&NULL)), verb);
                }
                self.buf.push(if self.f.sharp_v { '}' } else { ']' });
            }
            u @ (Val::Data(Value::Array(_)) | Val::Slice(_)) => {
                self.buf.push_str(if self.f.sharp_v { "[]interface {}{" } else { "[" });
                for (i, e) in u.list().unwrap_or_default().iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(if self.f.sharp_v { ", " } else { " " });
                    }
                    self.print_value(&Val::Boxed(e), verb);
                }
                self.buf.push(if self.f.sharp_v { '}' } else { ']' });
            }
            u => match u.basic() {
                Ok(Basic::Bool(b)) => match verb {
                    't' | 'v' => self.pad(if b { "true" } else { "false" }),
                    _ => self.bad_verb(Some(&u), verb),
                },
                Ok(Basic::Int(i)) => self.fmt_integer(&u, i < 0, i.unsigned_abs(), verb),
                Ok(Basic::Uint(n)) => self.fmt_integer(&u, false, n, verb),
                Ok(Basic::Float(x)) => self.fmt_float(&u, x, verb),
                Ok(Basic::Complex(r, i)) => self.fmt_complex(&u, r, i, verb),
                Err(_) => self.bad_verb(Some(&u), verb),
            },
        }
    }

    fn fmt_string(&mut self, v: &Val, s: &str, verb: char) {
        let s = match self.f.prec {
            Some(p) if verb != 'x' && verb != 'X' => s.chars().take(p).collect::<String>(),
            _ => s.to_string(),
        };
        match verb {
            'v' if self.f.sharp_v => self.pad(&quote(&s, false)),
            'v' | 's' => self.pad(&s),
            'q' if self.f.sharp && !s.contains(['`']) && s.chars().all(|c| c == '\t' || !c.is_control()) => {
                self.pad(&format!("`{s}`"))
            }
            'q' => self.pad(&quote(&s, self.f.plus)),
            'x' | 'X' => {
                let bytes = &s.as_bytes()[..self.f.prec.unwrap_or(usize::MAX).min(s.len())];
                let prefix = if verb == 'x' { "0x" } else { "0X" };
                let mut hex = String::new();
                for (i, b) in bytes.iter().enumerate() {
                    if self.f.space && i > 0 {
                        hex.push(' ');
                    }
                    if self.f.sharp && (self.f.space || i == 0) {
                        hex.push_str(prefix);
                    }
                    hex.push_str(&if verb == 'x' { format!("{b:02x}") } else { format!("{b:02X}") });
                }
                self.pad(&hex);
            }
            _ => self.bad_verb(Some(v), verb),
        }
    }

    fn fmt_integer(&mut self, v: &Val, negative: bool, u: u64, verb: char) {
        let digits = match verb {
            'v' if self.f.sharp_v && matches!(v, Val::Byte(_)) => return self.pad(&format!("0x{u:x}")),
            'v' | 'd' => u.to_string(),
            'b' => format!("{u:b}"),
            'o' | 'O' => format!("{u:o}"),
            'x' => format!("{u:x}"),
            'X' => format!("{u:X}"),
            'c' => return self.pad(&char::from_u32(u as u32).filter(|_| !negative).unwrap_or('\u{fffd}').to_string()),
            'q' => {
                let c = char::from_u32(u as u32).filter(|_| !negative).unwrap_or('\u{fffd}');
                return self.pad(&quote_with(&c.to_string(), '\'', self.f.plus));
            }
            'U' => {
                let mut s = format!("U+{u:0w$X}", w = self.f.prec.unwrap_or(4).max(4));
                if let Some(c) = char::from_u32(u as u32).filter(|c| self.f.sharp && is_print(*c)) {
                    s.push_str(&format!(" '{c}'"));
                }
                return self.pad_spaces(&s);
            }
            _ => return self.bad_verb(Some(v), verb),
        };
        let mut digits = digits;
        let sign = if negative {
            "-"
        } else if self.f.plus {
            "+"
        } else if self.f.space {
            " "
        } else {
            ""
        };
        let min = match (self.f.prec, self.f.wid) {
            (Some(0), _) if u == 0 => return self.pad_spaces(""),
            (Some(p), _) => p,
            (None, Some(w)) if self.f.zero && !self.f.minus => w.saturating_sub(!sign.is_empty() as usize),
            _ => 0,
        };
        if digits.len() < min {
            digits = "0".repeat(min - digits.len()) + &digits;
        }
        let prefix = match (self.f.sharp, verb) {
            (true, 'b') => "0b",
            (true, 'o') if !digits.starts_with('0') => "0",
            (true, 'x') => "0x",
            (true, 'X') => "0X",
            (_, 'O') => "0o",
            _ => "",
        };
        self.pad_spaces(&format!("{sign}{prefix}{digits}"));
    }

    fn fmt_float(&mut self, v: &Val, x: f64, verb: char) {
        let prec = self.f.prec;
        let text = match verb {
            'v' | 'g' | 'G' => float_g(x, prec, verb == 'G'),
            'e' | 'E' => float_e(x, prec.unwrap_or(6), verb == 'E'),
            'f' | 'F' => format!("{:.*}", prec.unwrap_or(6), x),
            'x' | 'X' => float_hex(x, verb == 'X'),
            'b' => {
                let bits = x.to_bits();
                let (e, m) = (((bits >> 52) & 0x7ff) as i64, bits & ((1 << 52) - 1));
                let (m, e) = if e == 0 { (m, -1074) } else { (m | 1 << 52, e - 1075) };
                format!("{}{m}p{e:+}", if x.is_sign_negative() { "-" } else { "" })
            }
            _ => return self.bad_verb(Some(v), verb),
        };
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d.to_string()),
            None => (false, text),
        };
        let sign = if negative {
            "-"
        } else if self.f.plus {
            "+"
        } else if self.f.space {
            " "
        } else {
            ""
        };
        if !x.is_finite() {
            return self.pad_spaces(&format!("{sign}{digits}"));
        }
        let width = self.f.wid.unwrap_or(0);
        if !sign.is_empty() && self.f.zero && !self.f.minus && width > digits.len() + 1 {
            self.buf.push_str(sign);
            self.buf.extend(std::iter::repeat_n('0', width - digits.len() - 1));
            self.buf.push_str(&digits);
            return;
        }
        self.pad(&format!("{sign}{digits}"));
    }

    fn fmt_complex(&mut self, v: &Val, r: f64, i: f64, verb: char) {
        if !"vbgGxXfFeE".contains(verb) {
            return self.bad_verb(Some(v), verb);
        }
        let plus = self.f.plus;
        self.buf.push('(');
        self.fmt_float(v, r, verb);
        self.f.plus = true;
        self.fmt_float(v, i, verb);
        self.buf.push_str("i)");
        self.f.plus = plus;
    }
}

/// `x` (finite, positive) rounded to `sig` significant digits as strconv
/// rounds, exactly and half to even: the digits, trailing zeros dropped,
/// and the exponent of the first. Fixed-point `Display` rounds exactly;
/// past the point, the exact integer digits are rounded here.
fn round_sig(x: f64, sig: usize) -> (String, i32) {
    let decimals = sig as i32 - 1 - shortest(x).1;
    let exact = format!("{:.*}", decimals.max(0) as usize, x);
    let (digits, mut exp) = decimal_digits(&exact);
    let mut d = digits.into_bytes();
    if d.len() > sig && decimals < 0 {
        let tail = &d[sig..];
        let half = tail[0] == b'5' && tail[1..].iter().all(|&b| b == b'0');
        let up = tail[0] > b'5' || (tail[0] == b'5' && !half) || (half && (d[sig - 1] - b'0') % 2 == 1);
        d.truncate(sig);
        if up {
            let mut i = sig;
            while i > 0 && d[i - 1] == b'9' {
                d[i - 1] = b'0';
                i -= 1;
            }
            match i {
                0 => {
                    d.insert(0, b'1');
                    exp += 1;
                }
                _ => d[i - 1] += 1,
            }
        }
    }
    d.truncate(sig);
    let s = String::from_utf8(d).unwrap_or_default();
    let s = s.trim_end_matches('0');
    (if s.is_empty() { "0".into() } else { s.to_string() }, exp)
}

/// `%e` with `prec` digits after the point: `1.500000e+00`.
fn float_e(x: f64, prec: usize, upper: bool) -> String {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (digits, exp) = if x == 0.0 { ("0".to_string(), 0) } else { round_sig(x.abs(), prec + 1) };
    let frac = format!("{:0<prec$}", digits.get(1..).unwrap_or_default());
    let point = if prec > 0 { "." } else { "" };
    let text = format!("{sign}{}{point}{frac}e{}{:02}", &digits[..1], if exp < 0 { '-' } else { '+' }, exp.abs());
    if upper { text.to_ascii_uppercase() } else { text }
}

/// `%g`: shortest (`%v`) or `prec` significant digits, exponent past the precision.
fn float_g(x: f64, prec: Option<usize>, upper: bool) -> String {
    let Some(p) = prec else {
        let s = go_float(x);
        return if upper { s.to_ascii_uppercase() } else { s };
    };
    if !x.is_finite() || x == 0.0 {
        return go_float(x);
    }
    let p = p.max(1);
    let (digits, exp) = round_sig(x.abs(), p);
    let digits = digits.as_str();
    let nd = digits.len() as i32;
    let mut eprec = p as i32;
    if eprec > nd && nd > exp {
        eprec = nd;
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let text = if exp < -4 || exp >= eprec {
        let mant = if nd > 1 { format!("{}.{}", &digits[..1], &digits[1..]) } else { digits.to_string() };
        format!("{sign}{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else {
        format!("{sign}{}", fixed(digits, exp))
    };
    if upper { text.to_ascii_uppercase() } else { text }
}

/// Digits placed around the point, for the exponent of the first one.
fn fixed(digits: &str, exp: i32) -> String {
    let dp = exp + 1;
    let nd = digits.len() as i32;
    if dp <= 0 {
        format!("0.{}{digits}", "0".repeat((-dp) as usize))
    } else if dp >= nd {
        format!("{digits}{}", "0".repeat((dp - nd) as usize))
    } else {
        format!("{}.{}", &digits[..dp as usize], &digits[dp as usize..])
    }
}

/// `%x` of a float: `0x1.8p+00`.
fn float_hex(x: f64, upper: bool) -> String {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0p+00");
    }
    let bits = x.to_bits();
    let (mut e, mut m) = (((bits >> 52) & 0x7ff) as i32 - 1023, bits & ((1 << 52) - 1));
    if e == -1023 {
        // Subnormal: normalize the mantissa.
        let shift = m.leading_zeros() - 11;
        m = (m << shift) & ((1 << 52) - 1);
        e = -1022 - shift as i32;
    }
    let frac = format!("{m:013x}");
    let frac = frac.trim_end_matches('0');
    let dot = if frac.is_empty() { String::new() } else { format!(".{frac}") };
    let text = format!("{sign}0x1{dot}p{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { text.to_ascii_uppercase() } else { text }
}

// ---------------------------------------------------------------- JSON

/// `json.Marshal` of the object as kubectl's report shows it: compact,
/// `<`, `>` and `&` escaped, keys sorted for an unstructured object.
pub(crate) fn go_json(v: &Value, sorted: bool, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&json_float(f)),
            _ => out.push('0'),
        },
        Value::String(s) => json_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_json(item, sorted, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            if sorted {
                crate::sort::sort(&mut keys);
            }
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                go_json(map.get(k).unwrap_or(&NULL), sorted, out);
            }
            out.push('}');
        }
    }
}

pub(crate) fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// encoding/json's float64: fixed, or an exponent below 1e-6 and from 1e21.
fn json_float(f: f64) -> String {
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let (digits, exp) = shortest(a);
        let mant = if digits.len() > 1 { format!("{}.{}", &digits[..1], &digits[1..]) } else { digits };
        return format!("{}{mant}e{}{}", if f < 0.0 { "-" } else { "" }, if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    let (digits, exp) = shortest(a);
    format!("{}{}", if f < 0.0 { "-" } else { "" }, fixed(&digits, exp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_report_marshals_json_as_go_does() {
        let v = json!({"b": [1.5, 1e-7, 1e21, 100], "a": "<a&b>\u{2028}\u{8}", "c": null});
        let (mut sorted, mut typed) = (String::new(), String::new());
        go_json(&v, true, &mut sorted);
        go_json(&v, false, &mut typed);
        assert_eq!(sorted, r#"{"a":"\u003ca\u0026b\u003e\u2028\b","b":[1.5,1e-7,1e+21,100],"c":null}"#);
        assert!(typed.starts_with(r#"{"b":"#), "{typed}");
    }
}
