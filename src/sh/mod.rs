//! The shell language, below every layer: reading a line ([`lex`]), word
//! expansion with bash's field splitting, and `NAME=value` words. The
//! learner's shell (`shell`), minikube's node shell and the lessons' goals
//! read lines with it.

pub mod lex;

use lex::{Part, Word};

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

/// `NAME=value`.
pub fn assignment(word: &str) -> Option<(&str, &str)> {
    let (k, v) = word.split_once('=')?;
    let valid = k.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((k, v))
}
