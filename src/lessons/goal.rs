//! A step's goal: conditions read from the cluster with read-only kubectl
//! queries, through the same kubectl code and JSONPath the learner uses, or
//! "the learner ran a command like this" for the steps whose point is to look.

use crate::kubectl::{self, Ctx, Run};
use crate::shell::Session;
use crate::sh::lex::{self, Part};

/// What a query's output must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The output, trimmed, is exactly this.
    Gives(String),
    Contains(String),
    /// The output has this many words.
    Counts(usize),
    /// The output is a number at least this.
    AtLeast(i64),
    Succeeds,
    Fails,
}

/// One condition of a goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// A kubectl query (its arguments after `kubectl`) and what it must give.
    Query { args: Vec<String>, expect: Expect },
    /// The learner ran a successful command containing one of these word
    /// sequences, in order, since the step began.
    Ran(Vec<Vec<String>>),
}

/// The kubectl verbs a goal may run: they read and never change anything.
const READ_ONLY: &[&[&str]] = &[
    &["get"],
    &["describe"],
    &["logs"],
    &["top"],
    &["rollout", "history"],
    &["config", "view"],
    &["config", "current-context"],
    &["config", "get-contexts"],
    &["version"],
    &["api-resources"],
    &["api-versions"],
    &["cluster-info"],
];

/// Parses a condition from a list item of `### Objectif`, or says why not (in French).
pub fn parse(item: &str) -> Result<Condition, String> {
    let spans = code_spans(item);
    let words: String = outside_code(item);
    let words = words.split_whitespace().collect::<Vec<_>>();
    if words.first() == Some(&"commande") {
        if spans.is_empty() {
            return Err("«\u{a0}commande\u{a0}» doit être suivie d’une commande entre accents graves, \
                        par exemple commande `kubectl logs redis`"
                .into());
        }
        if words[1..].iter().any(|w| *w != "ou") {
            return Err("après «\u{a0}commande\u{a0}», seules d’autres commandes séparées par «\u{a0}ou\u{a0}» sont permises".into());
        }
        let alternatives = spans.iter().map(|s| s.split_whitespace().map(String::from).collect()).collect();
        return Ok(Condition::Ran(alternatives));
    }
    let Some(query) = spans.first() else {
        return Err("une condition commence par une requête kubectl entre accents graves, \
                    par exemple `kubectl get pod redis -o jsonpath={.status.phase}` donne `Running`"
            .into());
    };
    let args = query_args(query)?;
    let verb = words.join(" ");
    let value = || {
        spans.get(1).cloned().ok_or_else(|| format!("«\u{a0}{verb}\u{a0}» attend une valeur entre accents graves après lui"))
    };
    let number = |v: String| v.trim().parse::<i64>().map_err(|_| format!("«\u{a0}{verb}\u{a0}» attend un nombre, pas «\u{a0}{v}\u{a0}»"));
    let expect = match verb.as_str() {
        "donne" => Expect::Gives(value()?.trim().to_string()),
        "contient" => Expect::Contains(value()?),
        "compte" => {
            let n = number(value()?)?;
            Expect::Counts(usize::try_from(n).map_err(|_| "«\u{a0}compte\u{a0}» attend un nombre positif".to_string())?)
        }
        "au moins" => Expect::AtLeast(number(value()?)?),
        "réussit" => Expect::Succeeds,
        "échoue" => Expect::Fails,
        "" => return Err("il manque ce que la requête doit donner\u{a0}: donne, contient, compte, au moins, réussit ou échoue".into()),
        other => {
            return Err(format!(
                "«\u{a0}{other}\u{a0}» n’est pas une condition connue\u{a0}: donne, contient, compte, au moins, réussit, échoue ou commande"
            ));
        }
    };
    let expected_spans = usize::from(!matches!(expect, Expect::Succeeds | Expect::Fails)) + 1;
    if spans.len() != expected_spans {
        return Err(format!("«\u{a0}{verb}\u{a0}» attend {} entre accents graves", match expected_spans {
            1 => "une seule requête",
            _ => "une requête puis une valeur",
        }));
    }
    Ok(Condition::Query { args, expect })
}

/// The arguments of a `kubectl …` query, split as the shell splits them;
/// refused unless read-only.
fn query_args(query: &str) -> Result<Vec<String>, String> {
    let script = lex::parse(query).map_err(|_| format!("la requête «\u{a0}{query}\u{a0}» n’est pas une ligne de commande complète"))?;
    let [pipeline] = script.as_slice() else {
        return Err(format!("la requête «\u{a0}{query}\u{a0}» doit être une seule commande kubectl"));
    };
    let [command] = pipeline.commands.as_slice() else {
        return Err(format!("la requête «\u{a0}{query}\u{a0}» ne peut pas utiliser de tube «\u{a0}|\u{a0}»"));
    };
    let mut words = Vec::new();
    for w in &command.words {
        let mut s = String::new();
        for part in w {
            match part {
                Part::Text(t) => s.push_str(t),
                _ => return Err(format!("la requête «\u{a0}{query}\u{a0}» ne peut pas utiliser de variable ni de $(…)")),
            }
        }
        words.push(s);
    }
    if words.first().map(String::as_str) != Some("kubectl") {
        return Err(format!("la requête «\u{a0}{query}\u{a0}» doit commencer par kubectl"));
    }
    let args = words.split_off(1);
    let verbs: Vec<&str> = args.iter().filter(|a| !a.starts_with('-')).map(String::as_str).collect();
    if !READ_ONLY.iter().any(|v| verbs.starts_with(v)) {
        return Err(format!(
            "la requête «\u{a0}{query}\u{a0}» doit seulement lire le cluster (get, describe, logs, top, rollout history, config view…)"
        ));
    }
    Ok(args)
}

/// The texts between backticks, in order.
fn code_spans(item: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = item;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].bytes().take_while(|b| *b == b'`').count();
        let after = &rest[start + ticks..];
        let fence = &rest[start..start + ticks];
        let Some(end) = after.find(fence) else { break };
        spans.push(after[..end].trim().to_string());
        rest = &after[end + ticks..];
    }
    spans
}

/// The text outside backticks.
fn outside_code(item: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in item.chars() {
        if c == '`' {
            inside = !inside;
            out.push(' ');
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// A command the learner ran, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    pub line: String,
    pub code: i32,
}

impl Condition {
    /// Whether the condition holds on `session`, given what the learner ran
    /// since the step began.
    pub fn holds(&self, session: &mut Session, ran: &[Ran]) -> bool {
        match self {
            Condition::Ran(alternatives) => ran.iter().any(|r| {
                r.code == 0 && {
                    let words: Vec<&str> = r.line.split_whitespace().collect();
                    alternatives.iter().any(|alt| contains_in_order(&words, alt))
                }
            }),
            Condition::Query { args, expect } => {
                let (stdout, code) = query(session, args);
                match expect {
                    Expect::Succeeds => code == 0,
                    Expect::Fails => code != 0,
                    _ if code != 0 => false,
                    Expect::Gives(v) => stdout.trim() == v,
                    Expect::Contains(v) => stdout.contains(v.as_str()),
                    Expect::Counts(n) => stdout.split_whitespace().count() == *n,
                    Expect::AtLeast(n) => stdout.trim().parse::<i64>().is_ok_and(|v| v >= *n),
                }
            }
        }
    }
}

/// `words` holds `pattern`'s words in order (others may come between).
fn contains_in_order(words: &[&str], pattern: &[String]) -> bool {
    let mut it = words.iter();
    pattern.iter().all(|p| it.any(|w| w == p))
}

/// Runs a read-only query silently: its stdout and exit code. The learner's
/// kubeconfig is copied, so nothing the query does can change it.
pub fn query(session: &mut Session, args: &[String]) -> (String, i32) {
    let mut config = session.config.clone();
    let env = Default::default();
    let mut ctx = Ctx {
        cluster: &mut session.cluster,
        files: &session.files,
        config: &mut config,
        docs: &session.docs,
        stdin: None,
        env: &env,
    };
    match kubectl::run(&mut ctx, args) {
        Run::Done(o) => (o.stdout(), o.code),
        other => (other.output().stdout(), other.output().code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(
            parse("`kubectl get pod redis -o jsonpath={.status.phase}` donne `Running`"),
            Ok(Condition::Query {
                args: ["get", "pod", "redis", "-o", "jsonpath={.status.phase}"].map(String::from).to_vec(),
                expect: Expect::Gives("Running".into())
            })
        );
        assert_eq!(
            parse("`kubectl get pods -l 'app in (vote)' -o name` compte `3`"),
            Ok(Condition::Query {
                args: ["get", "pods", "-l", "app in (vote)", "-o", "name"].map(String::from).to_vec(),
                expect: Expect::Counts(3)
            })
        );
        assert!(matches!(parse("`kubectl get pod x` échoue"), Ok(Condition::Query { expect: Expect::Fails, .. })));
        assert!(matches!(parse("`kubectl get deploy` au moins `2`"), Ok(Condition::Query { expect: Expect::AtLeast(2), .. })));
        assert_eq!(
            parse("commande `kubectl logs redis` ou `kubectl logs pod/redis`"),
            Ok(Condition::Ran(vec![
                vec!["kubectl".into(), "logs".into(), "redis".into()],
                vec!["kubectl".into(), "logs".into(), "pod/redis".into()]
            ]))
        );
    }

    #[test]
    fn refuses_with_a_reason() {
        assert!(parse("`kubectl delete pod redis` réussit").unwrap_err().contains("seulement lire"));
        assert!(parse("`kubectl get pods | wc -l` donne `3`").unwrap_err().contains("tube"));
        assert!(parse("`kubectl get pods` vaut `3`").unwrap_err().contains("«\u{a0}vaut\u{a0}» n’est pas"));
        assert!(parse("`kubectl get pods` donne").unwrap_err().contains("attend une valeur"));
        assert!(parse("`kubectl get pods` compte `trois`").unwrap_err().contains("un nombre"));
        assert!(parse("le pod tourne").unwrap_err().contains("commence par une requête"));
        assert!(parse("`ls` réussit").unwrap_err().contains("commencer par kubectl"));
    }

    #[test]
    fn evaluates_on_the_cluster() {
        let mut s = Session::new(1, 0);
        let running = parse("`kubectl get pod web -o jsonpath={.status.phase}` donne `Running`").unwrap();
        let exists = parse("`kubectl get pod web` réussit").unwrap();
        assert!(!exists.holds(&mut s, &[]));
        s.input("kubectl run web --image=nginx");
        assert!(exists.holds(&mut s, &[]));
        assert!(!running.holds(&mut s, &[]));
        s.tick(30.0);
        assert!(running.holds(&mut s, &[]));
        let count = parse("`kubectl get pods -o name` compte `1`").unwrap();
        assert!(count.holds(&mut s, &[]));
    }

    #[test]
    fn a_command_ran_in_order_and_successfully() {
        let mut s = Session::new(1, 0);
        let c = parse("commande `kubectl logs redis`").unwrap();
        let ran = |line: &str, code| vec![Ran { line: line.into(), code }];
        assert!(c.holds(&mut s, &ran("kubectl logs -f redis", 0)));
        assert!(!c.holds(&mut s, &ran("kubectl logs redis", 1)));
        assert!(!c.holds(&mut s, &ran("kubectl redis logs", 0)));
    }
}
