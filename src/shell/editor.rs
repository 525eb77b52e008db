//! What the manifest editor needs besides a text area: YAML colouring, and
//! checking as you type (YAML errors and fields the Kubernetes schema does
//! not have), each with its line and kubectl's own wording inside French.

use serde_json::Value;

use crate::cluster::{Cluster, schema};
use crate::kubectl::yaml;

/// A problem in the text being edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The French message, around kubectl's or the API server's own text.
    pub message: String,
}

/// Checks a manifest as `kubectl apply` would before and at the server.
pub fn diagnose(text: &str) -> Vec<Diagnostic> {
    let docs = match yaml::parse_documents(text) {
        Ok(d) => d,
        Err(e) => {
            let line = e.0.strip_prefix("yaml: line ").and_then(|r| r.split(':').next()).and_then(|n| n.parse().ok());
            return vec![Diagnostic { line, message: format!("YAML invalide\u{a0}: {}", e.0) }];
        }
    };
    let mut out = Vec::new();
    let starts = document_starts(text);
    for (i, doc) in docs.iter().enumerate() {
        let first_line = starts.get(i).copied().unwrap_or(1);
        let Value::Object(map) = doc else {
            out.push(Diagnostic {
                line: Some(first_line),
                message:
                    "Ce document n’est pas un objet Kubernetes (il faut des clés comme apiVersion, kind, metadata)."
                        .into(),
            });
            continue;
        };
        let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind_name = map.get("kind").and_then(Value::as_str).unwrap_or("");
        if api_version.is_empty() || kind_name.is_empty() {
            let missing = match (api_version.is_empty(), kind_name.is_empty()) {
                (true, true) => "[apiVersion not set, kind not set]",
                (true, false) => "apiVersion not set",
                _ => "kind not set",
            };
            out.push(Diagnostic {
                line: Some(first_line),
                message: format!("Champ obligatoire absent\u{a0}: {missing}"),
            });
            continue;
        }
        let Ok(kind) = Cluster::kind_of(doc) else {
            out.push(Diagnostic {
                line: find_line(text, first_line, "kind"),
                message: format!(
                    "Type inconnu du cluster\u{a0}: no matches for kind \"{kind_name}\" in version \"{api_version}\""
                ),
            });
            continue;
        };
        if let Err(e) = schema::check(&kind.definition(), doc) {
            let message = e.message();
            // One diagnostic per unknown field, on its line.
            let fields: Vec<&str> =
                message.split("unknown field \"").skip(1).filter_map(|f| f.split('"').next()).collect();
            if fields.is_empty() {
                out.push(Diagnostic {
                    line: Some(first_line),
                    message: format!("Refusé par le serveur\u{a0}: {message}"),
                });
            }
            for f in fields {
                let key = f.rsplit('.').next().unwrap_or(f);
                let key = key.split('[').next().unwrap_or(key);
                out.push(Diagnostic {
                    line: find_line(text, first_line, key),
                    message: format!("Champ inconnu de Kubernetes\u{a0}: strict decoding error: unknown field \"{f}\""),
                });
            }
        }
    }
    out
}

/// The 1-based line where each document starts.
fn document_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut expecting = true;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t == "---" {
            expecting = true;
            continue;
        }
        if expecting && !t.is_empty() && !t.starts_with('#') {
            starts.push(i + 1);
            expecting = false;
        }
    }
    starts
}

/// The first line at or after `from` where `key:` is written.
fn find_line(text: &str, from: usize, key: &str) -> Option<usize> {
    text.lines().enumerate().skip(from.saturating_sub(1)).find_map(|(i, l)| {
        let t = l.trim_start().trim_start_matches("- ");
        (t.starts_with(&format!("{key}:")) || t.starts_with(&format!("\"{key}\":"))).then_some(i + 1)
    })
}

/// A piece of a highlighted line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Plain,
    Key,
    String,
    Number,
    Keyword,
    Comment,
    Punctuation,
}

/// Splits one line of YAML into coloured pieces (keys, strings, numbers,
/// booleans and null, comments, `-` and `---`).
pub fn highlight(line: &str) -> Vec<(Token, String)> {
    let mut out = Vec::new();
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if !indent.is_empty() {
        out.push((Token::Plain, indent.to_string()));
    }
    if trimmed.starts_with('#') {
        out.push((Token::Comment, trimmed.to_string()));
        return out;
    }
    if trimmed == "---" || trimmed == "..." {
        out.push((Token::Punctuation, trimmed.to_string()));
        return out;
    }
    let mut rest = trimmed;
    while let Some(r) = rest.strip_prefix("- ") {
        out.push((Token::Punctuation, "- ".into()));
        rest = r;
    }
    if rest == "-" {
        out.push((Token::Punctuation, "-".into()));
        return out;
    }
    // `key: value`: the key, then the value.
    let key_end = key_length(rest);
    if let Some(n) = key_end {
        out.push((Token::Key, rest[..n].to_string()));
        out.push((Token::Punctuation, ":".into()));
        rest = &rest[n + 1..];
    }
    let (value, comment) = split_comment(rest);
    let v = value.trim();
    if !v.is_empty() {
        let lead = &value[..value.len() - value.trim_start().len()];
        if !lead.is_empty() {
            out.push((Token::Plain, lead.to_string()));
        }
        let token = if v.starts_with('"') || v.starts_with('\'') {
            Token::String
        } else if matches!(v, "true" | "false" | "null" | "~" | "yes" | "no") {
            Token::Keyword
        } else if v.parse::<f64>().is_ok() {
            Token::Number
        } else if matches!(v, "|" | ">" | "|-" | ">-" | "{}" | "[]") {
            Token::Punctuation
        } else {
            Token::Plain
        };
        out.push((token, value.trim_start().to_string()));
    } else if !value.is_empty() {
        out.push((Token::Plain, value.to_string()));
    }
    if let Some(c) = comment {
        out.push((Token::Comment, c.to_string()));
    }
    out
}

/// The length of a mapping key at the start of `s` (up to its `:`), if any.
fn key_length(s: &str) -> Option<usize> {
    if s.starts_with('"') || s.starts_with('\'') {
        let q = s.chars().next()?;
        let end = s[1..].find(q)? + 2;
        return s[end..].starts_with(':').then_some(end);
    }
    let i = s.find(':')?;
    let after = s[i + 1..].chars().next();
    (after.is_none_or(|c| c == ' ') && !s[..i].contains([' ', '#']) && i > 0).then_some(i)
}

fn split_comment(s: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev == ' ' => return (&s[..i], Some(&s[i..])),
            None => {}
        }
        prev = c;
    }
    (s, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_name_the_line_and_keep_kubectls_words() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    imagee: nginx\n";
        let d = diagnose(text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(8));
        assert_eq!(
            d[0].message,
            "Champ inconnu de Kubernetes\u{a0}: strict decoding error: unknown field \"spec.containers[0].imagee\""
        );
        let d = diagnose("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n");
        assert_eq!(d[0].line, Some(4));
        assert!(d[0].message.starts_with("YAML invalide\u{a0}: yaml: line 4: "), "{:?}", d[0]);
        assert!(diagnose("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: a\n    image: nginx\n    securityContext: {}\n").is_empty());
        let d = diagnose("apiVersion: v1\nmetadata:\n  name: x\n");
        assert_eq!(d[0].message, "Champ obligatoire absent\u{a0}: kind not set");
    }

    #[test]
    fn highlighting_colours_keys_values_and_comments() {
        assert_eq!(
            highlight("  - name: web # front"),
            vec![
                (Token::Plain, "  ".into()),
                (Token::Punctuation, "- ".into()),
                (Token::Key, "name".into()),
                (Token::Punctuation, ":".into()),
                (Token::Plain, " ".into()),
                (Token::Plain, "web ".into()),
                (Token::Comment, "# front".into()),
            ]
        );
        assert_eq!(highlight("replicas: 3")[3], (Token::Number, "3".into()));
        assert_eq!(highlight("image: \"nginx:1.27\"")[3], (Token::String, "\"nginx:1.27\"".into()));
        let url = highlight("url: http://x.y/z");
        assert_eq!(url[3], (Token::Plain, "http://x.y/z".into()));
    }
}
