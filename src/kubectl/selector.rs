//! Label selectors (`-l app=web,tier in (a,b),!canary`), parsed as
//! apimachinery's `labels.Parse` does: its lexer, its grammar, its key and
//! value validation and its error messages word for word, so that `-l '!'`
//! is an error instead of a selector that matches everything.

use crate::cluster::meta::Labels;
use crate::cluster::{Kind, validate};

use super::output::Output;

/// A parsed `-l` selector: every requirement must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selector(Vec<Requirement>);

#[derive(Clone, Debug, PartialEq)]
struct Requirement {
    key: String,
    op: Op,
    values: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

#[derive(Clone, Copy, PartialEq)]
enum Token {
    End,
    Ident,
    In,
    NotIn,
    Bang,
    NotEquals,
    Equals,
    DoubleEquals,
    Gt,
    Lt,
    Open,
    Close,
    Comma,
    Error,
}

const SPECIAL: &str = "=!()<>,";

/// labels/selector.go's lexer: special symbols by longest match, words up
/// to a space or a special symbol (`in` and `notin` are keywords).
fn lex(text: &str) -> Vec<(Token, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        let Some(first) = rest.chars().next() else {
            out.push((Token::End, String::new()));
            return out;
        };
        if SPECIAL.contains(first) {
            let end = rest.find(|c| !SPECIAL.contains(c)).unwrap_or(rest.len());
            let symbols = &rest[..end];
            let token = |s: &str| match s {
                "!" => Some(Token::Bang),
                "!=" => Some(Token::NotEquals),
                "=" => Some(Token::Equals),
                "==" => Some(Token::DoubleEquals),
                ">" => Some(Token::Gt),
                "<" => Some(Token::Lt),
                "(" => Some(Token::Open),
                ")" => Some(Token::Close),
                "," => Some(Token::Comma),
                _ => None,
            };
            // The longest prefix that is a token; the lexer stops at the first miss after a hit.
            let mut best = None;
            for n in 1..=symbols.len() {
                match token(&symbols[..n]) {
                    Some(t) => best = Some((t, n)),
                    None if best.is_some() => break,
                    None => {}
                }
            }
            match best {
                Some((t, n)) => {
                    out.push((t, symbols[..n].to_string()));
                    rest = &rest[n..];
                }
                None => {
                    out.push((Token::Error, format!("error expected: keyword found '{symbols}'")));
                    out.push((Token::End, String::new()));
                    return out;
                }
            }
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || SPECIAL.contains(c)).unwrap_or(rest.len());
            let word = &rest[..end];
            let t = match word {
                "in" => Token::In,
                "notin" => Token::NotIn,
                _ => Token::Ident,
            };
            out.push((t, word.to_string()));
            rest = &rest[end..];
        }
    }
}

struct Parser {
    items: Vec<(Token, String)>,
    at: usize,
}

impl Parser {
    /// The next token; in values, `in` and `notin` are plain words.
    fn peek(&self, values: bool) -> (Token, &str) {
        let (t, lit) = &self.items[self.at.min(self.items.len() - 1)];
        let t = match t {
            Token::In | Token::NotIn if values => Token::Ident,
            t => *t,
        };
        (t, lit)
    }

    fn next(&mut self, values: bool) -> (Token, String) {
        let (t, lit) = self.peek(values);
        let lit = lit.to_string();
        self.at += 1;
        (t, lit)
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        let (mut t, mut key) = self.next(true);
        let negated = t == Token::Bang;
        if negated {
            (t, key) = self.next(true);
        }
        if t != Token::Ident {
            return Err(format!("found '{key}', expected: identifier"));
        }
        check_key(&key)?;
        if negated || matches!(self.peek(true).0, Token::End | Token::Comma) {
            let op = if negated { Op::DoesNotExist } else { Op::Exists };
            return Ok(Requirement { key, op, values: Vec::new() });
        }
        let (op, lit) = self.next(false);
        let (op, values) = match op {
            Token::In | Token::NotIn => {
                (if op == Token::In { Op::In } else { Op::NotIn }, self.values()?)
            }
            Token::Equals | Token::DoubleEquals => (Op::In, self.exact()?),
            Token::NotEquals => (Op::NotIn, self.exact()?),
            Token::Gt | Token::Lt => (if op == Token::Gt { Op::Gt } else { Op::Lt }, self.exact()?),
            _ => return Err(format!("found '{lit}', expected: in, notin, =, ==, !=, gt, lt")),
        };
        if matches!(op, Op::Gt | Op::Lt) {
            if let Some(v) = values.iter().find(|v| v.parse::<i64>().is_err()) {
                return Err(format!(
                    "values[0]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                    serde_json::Value::from(v.as_str())
                ));
            }
        }
        for v in &values {
            if let Err(why) = validate::label_value(v) {
                return Err(format!("values[0][{key}]: Invalid value: {}: {why}", serde_json::Value::from(v.as_str())));
            }
        }
        Ok(Requirement { key, op, values })
    }

    /// `(a,b)` after `in`/`notin`.
    fn values(&mut self) -> Result<Vec<String>, String> {
        let (t, lit) = self.next(true);
        if t != Token::Open {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (t, lit) = self.peek(true);
        let lit = lit.to_string();
        let mut set: Vec<String> = Vec::new();
        match t {
            Token::Close => {
                self.at += 1;
                return Ok(vec![String::new()]);
            }
            Token::Ident | Token::Comma => loop {
                let (t, word) = self.next(true);
                match t {
                    Token::Ident => {
                        set.push(word);
                        match self.peek(true) {
                            (Token::Comma, _) => {}
                            (Token::Close, _) => break,
                            (_, l) => return Err(format!("found '{l}', expected: ',' or ')'")),
                        }
                    }
                    Token::Comma => {
                        if set.is_empty() {
                            set.push(String::new());
                        }
                        match self.peek(true).0 {
                            Token::Close => {
                                set.push(String::new());
                                break;
                            }
                            Token::Comma => {
                                self.at += 1;
                                set.push(String::new());
                            }
                            _ => {}
                        }
                    }
                    _ => return Err(format!("found '{word}', expected: ',', or identifier")),
                }
            },
            _ => return Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
        if self.next(true).0 != Token::Close {
            return Err(format!("found '{lit}', expected: ')'"));
        }
        crate::sort::sort(&mut set);
        set.dedup();
        Ok(set)
    }

    /// The one value after `=`, `==`, `!=`, `<`, `>` (empty before `,` or the end).
    fn exact(&mut self) -> Result<Vec<String>, String> {
        if matches!(self.peek(true).0, Token::End | Token::Comma) {
            return Ok(vec![String::new()]);
        }
        match self.next(true) {
            (Token::Ident, v) => Ok(vec![v]),
            (_, lit) => Err(format!("found '{lit}', expected: identifier")),
        }
    }
}

/// `validateLabelKey`: a qualified name, as the error of a requirement.
fn check_key(key: &str) -> Result<(), String> {
    validate::qualified_name(key).map_err(|why| format!("<nil>: Invalid value: {}: {why}", serde_json::Value::from(key)))
}

impl Selector {
    /// `labels.Parse`: the error is apimachinery's message.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut p = Parser { items: lex(text), at: 0 };
        let mut reqs = Vec::new();
        loop {
            let (t, lit) = p.peek(true);
            match t {
                Token::Ident | Token::Bang => {
                    reqs.push(p.requirement().map_err(|e| format!("unable to parse requirement: {e}"))?);
                    match p.next(true) {
                        (Token::End, _) => break,
                        (Token::Comma, _) => {
                            let (t, l) = p.peek(true);
                            if !matches!(t, Token::Ident | Token::Bang) {
                                return Err(format!("found '{l}', expected: identifier after ','"));
                            }
                        }
                        (_, l) => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Token::End => break,
                _ => return Err(format!("found '{lit}', expected: !, identifier, or 'end of string'")),
            }
        }
        Ok(Selector(reqs))
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|r| {
            let value = labels.get(&r.key);
            let number = |v: &str| v.parse::<i64>().ok();
            match r.op {
                Op::In => value.is_some_and(|v| r.values.contains(v)),
                Op::NotIn => !value.is_some_and(|v| r.values.contains(v)),
                Op::Exists => value.is_some(),
                Op::DoesNotExist => value.is_none(),
                Op::Gt | Op::Lt => match (value.and_then(|v| number(v)), r.values.first().and_then(|v| number(v))) {
                    (Some(have), Some(bound)) => (r.op == Op::Gt && have > bound) || (r.op == Op::Lt && have < bound),
                    _ => false,
                },
            }
        })
    }
}

/// A `-l` (and `--field-selector`) the API server refuses, as the resource
/// builder reports it: `Error from server (BadRequest): Unable to find
/// "/v1, Resource=pods" that match label selector "!", field selector "": …`.
pub fn refusal(kind: Kind, labels: &str, fields: &str, why: &str) -> Output {
    Output::fail(format!(
        "Error from server (BadRequest): Unable to find \"{}/{}, Resource={}\" that match label selector \"{labels}\", field selector \"{fields}\": {why}\n",
        kind.group(),
        kind.api_version().rsplit('/').next().unwrap_or("v1"),
        kind.plural(),
    ))
}

/// `-l TEXT` for a list of `kinds`: the selector, or the API server's refusal.
pub fn for_kinds(text: Option<&str>, kinds: &[Kind], fields: Option<&str>) -> Result<Option<Selector>, Output> {
    let Some(text) = text else { return Ok(None) };
    Selector::parse(text).map(Some).map_err(|why| match kinds.first() {
        Some(k) => refusal(*k, text, fields.unwrap_or_default(), &why),
        None => Output::fail(format!("error: {why}\n")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn apimachinery_messages_for_bad_selectors() {
        let cases = [
            ("!", "unable to parse requirement: found '', expected: identifier"),
            ("!!!", "unable to parse requirement: found '!', expected: identifier"),
            ("!my label!", "found 'label', expected: ',' or 'end of string'"),
            ("app=web,", "found '', expected: identifier after ','"),
            (",app", "found ',', expected: !, identifier, or 'end of string'"),
            ("app in web", "unable to parse requirement: found 'web' expected: '('"),
            ("app in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
            ("app not in (a)", "unable to parse requirement: found 'not', expected: in, notin, =, ==, !=, gt, lt"),
            ("app=>", "unable to parse requirement: found '>', expected: identifier"),
            ("a=b=c", "found '=', expected: ',' or 'end of string'"),
        ];
        for (text, want) in cases {
            assert_eq!(Selector::parse(text).unwrap_err(), want, "{text}");
        }
        assert!(Selector::parse("-bad=x").unwrap_err().starts_with(
            "unable to parse requirement: <nil>: Invalid value: \"-bad\": name part must consist of alphanumeric characters"
        ));
        assert!(Selector::parse("app=-x").unwrap_err().starts_with(
            "unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be"
        ));
        assert_eq!(Selector::parse("a in (b").unwrap_err(), "unable to parse requirement: found '', expected: ',' or ')'");
        assert_eq!(
            Selector::parse("n>x").unwrap_err(),
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert!(Selector::parse("").unwrap().matches(&labels(&[])));
        assert!(Selector::parse("   ").unwrap().matches(&labels(&[])));
    }

    #[test]
    fn requirements_match_as_upstream() {
        let l = labels(&[("app", "web"), ("tier", "front"), ("n", "5")]);
        let yes = ["app=web", "app==web", "app!=db", "tier in (front,back)", "tier notin (db)", "!canary", "app",
            "app,tier", "n>3", "n<6", "missing!=x", "app in (web,)", "x notin ()", "app=web , tier=front"];
        for s in yes {
            assert!(Selector::parse(s).unwrap().matches(&l), "{s}");
        }
        let no = ["app=db", "app!=web", "tier notin (front)", "!app", "canary", "n>5", "n<5", "missing=x", "x in ()"];
        for s in no {
            assert!(!Selector::parse(s).unwrap().matches(&l), "{s}");
        }
        // `in` is a plain word where a value is expected.
        assert!(Selector::parse("x in (in,notin)").unwrap().matches(&labels(&[("x", "notin")])));
    }
}
