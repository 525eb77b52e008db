//! The Markdown of lesson texts: the small subset `lessons/README.md`
//! documents (paragraphs, lists, code blocks, inline code, bold, italics,
//! links), parsed into blocks the UI draws and the terminal prints. A full
//! CommonMark parser would cost the page about 70 KB gzip for features no
//! lesson uses; this one is a few hundred lines and never fails: any text
//! is some Markdown.
//!
//! French typography is applied to the prose (never to code): an ordinary
//! space before « : ; ! ? » and inside « » becomes a non-breaking one, so
//! authors type plain spaces and the page shows correct French.

/// A piece of a line of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// `code`; `command` when it is a command the console can run.
    Code { text: String, command: bool },
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link { text: Vec<Inline>, href: String },
}

/// A block of a lesson text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// Items of a bulleted (`ordered: false`) or numbered list.
    List { ordered: bool, items: Vec<Vec<Inline>> },
    /// A fenced code block; `commands` when its lines are commands to paste.
    Code { lang: String, text: String, commands: bool },
}

/// The first words that make an inline code span a command button.
const COMMAND_WORDS: &[&str] = &[
    "kubectl", "minikube", "cat", "ls", "curl", "objectif", "indice", "solution", "recommencer", "annuler", "lecons",
    "lecon", "suivant", "precedent",
];

/// Whether `text` reads as a command the learner can paste.
pub fn is_command(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| COMMAND_WORDS.contains(&w))
}

/// A code block's lines are commands when it is shell (or has no language).
fn shell_lang(lang: &str) -> bool {
    matches!(lang, "" | "sh" | "bash" | "shell" | "console")
}

/// Parses Markdown text into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut lines = text.lines().peekable();
    let flush_paragraph = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    let flush_list = |list: &mut Option<(bool, Vec<String>)>, blocks: &mut Vec<Block>| {
        if let Some((ordered, items)) = list.take() {
            blocks.push(Block::List { ordered, items: items.iter().map(|i| inline(i)).collect() });
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(fence) = fence_of(trimmed) {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_list(&mut list, &mut blocks);
            let lang = trimmed[fence.len()..].trim().to_string();
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with(fence) && l.trim().trim_start_matches(fence.chars().next().unwrap_or('`')).is_empty() {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            let commands = shell_lang(&lang);
            blocks.push(Block::Code { lang, text: code, commands });
            continue;
        }
        if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_list(&mut list, &mut blocks);
            continue;
        }
        if let Some((ordered, item)) = list_item(trimmed) {
            flush_paragraph(&mut paragraph, &mut blocks);
            match &mut list {
                Some((o, items)) if *o == ordered => items.push(item.to_string()),
                _ => {
                    flush_list(&mut list, &mut blocks);
                    list = Some((ordered, vec![item.to_string()]));
                }
            }
            continue;
        }
        // A continuation line of a list item, or of a paragraph.
        match &mut list {
            Some((_, items)) if line.starts_with(' ') => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                }
            }
            _ => {
                flush_list(&mut list, &mut blocks);
                paragraph.push(trimmed);
            }
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_list(&mut list, &mut blocks);
    blocks
}

/// The fence a line opens with (three or more backticks or tildes).
pub fn fence_of(trimmed: &str) -> Option<&str> {
    ["````", "```", "~~~"].into_iter().find(|f| trimmed.starts_with(f))
}

/// `- item`, `* item`, `1. item`: whether numbered, and the item's text.
pub fn list_item(trimmed: &str) -> Option<(bool, &str)> {
    if let Some(rest) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
        return Some((false, rest.trim()));
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &trimmed[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, item.trim()));
        }
    }
    None
}

/// Parses the inline Markdown of one paragraph or list item.
pub fn inline(text: &str) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    parse_inline(&chars, &mut out);
    out
}

fn parse_inline(chars: &[char], out: &mut Vec<Inline>) {
    let mut text = String::new();
    let mut i = 0;
    let flush = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text(typography(text)));
            text.clear();
        }
    };
    while i < chars.len() {
        let c = chars[i];
        // `code`, possibly with more backticks to hold one.
        if c == '`' {
            let ticks = chars[i..].iter().take_while(|&&c| c == '`').count();
            if let Some(end) = find_run(chars, i + ticks, '`', ticks) {
                flush(&mut text, out);
                let code: String = chars[i + ticks..end].iter().collect();
                let code = code.trim().to_string();
                let command = is_command(&code);
                out.push(Inline::Code { text: code, command });
                i = end + ticks;
                continue;
            }
            text.extend(&chars[i..i + ticks]);
            i += ticks;
            continue;
        }
        if c == '*' || c == '_' {
            let double = chars.get(i + 1) == Some(&c);
            let n = if double { 2 } else { 1 };
            // An opening mark is followed by a non-space; `_` inside a word is a letter.
            let opens = chars.get(i + n).is_some_and(|c| !c.is_whitespace())
                && (c == '*' || i == 0 || !chars[i - 1].is_alphanumeric());
            if opens && let Some(end) = find_run(chars, i + n, c, n).filter(|&e| e > i + n && !chars[e - 1].is_whitespace()) {
                flush(&mut text, out);
                let mut inner = Vec::new();
                parse_inline(&chars[i + n..end], &mut inner);
                out.push(if double { Inline::Strong(inner) } else { Inline::Emphasis(inner) });
                i = end + n;
                continue;
            }
        }
        if c == '['
            && let Some(close) = find_run(chars, i + 1, ']', 1)
            && chars.get(close + 1) == Some(&'(')
            && let Some(end) = find_run(chars, close + 2, ')', 1)
        {
            flush(&mut text, out);
            let mut label = Vec::new();
            parse_inline(&chars[i + 1..close], &mut label);
            out.push(Inline::Link { text: label, href: chars[close + 2..end].iter().collect() });
            i = end + 1;
            continue;
        }
        text.push(c);
        i += 1;
    }
    flush(&mut text, out);
}

/// The index of the next run of exactly `n` `mark` characters from `from`.
fn find_run(chars: &[char], from: usize, mark: char, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == mark {
            let run = chars[j..].iter().take_while(|&&c| c == mark).count();
            if run == n {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// French typography on prose: a non-breaking space before « : ; ! ? » and
/// » and after «, the typographic apostrophe.
pub fn typography(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        match c {
            ' ' if matches!(next, Some(':' | ';' | '!' | '?' | '»')) && prev.is_some() => out.push('\u{a0}'),
            ' ' if prev == Some('«') => out.push('\u{a0}'),
            '\'' if prev.is_some_and(char::is_alphabetic) => out.push('’'),
            _ => out.push(c),
        }
    }
    out
}

/// The text of inlines without their marks (for the terminal and for titles).
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(t),
            // In a terminal, code stands between French quotes.
            Inline::Code { text, .. } => {
                s.push_str("«\u{a0}");
                s.push_str(text);
                s.push_str("\u{a0}»");
            }
            Inline::Strong(inner) | Inline::Emphasis(inner) => s.push_str(&plain(inner)),
            Inline::Link { text, href } => {
                s.push_str(&plain(text));
                s.push_str(" (");
                s.push_str(href);
                s.push(')');
            }
        }
    }
    s
}

/// Blocks as terminal text: paragraphs wrapped by the terminal, lists with
/// their marks, code indented.
pub fn to_text(blocks: &[Block]) -> String {
    let mut s = String::new();
    for (n, b) in blocks.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        match b {
            Block::Paragraph(p) => {
                s.push_str(&plain(p));
                s.push('\n');
            }
            Block::List { ordered, items } => {
                for (k, item) in items.iter().enumerate() {
                    if *ordered {
                        s.push_str(&format!("{}. ", k + 1));
                    } else {
                        s.push_str("• ");
                    }
                    s.push_str(&plain(item));
                    s.push('\n');
                }
            }
            Block::Code { text, .. } => {
                for l in text.lines() {
                    s.push_str("    ");
                    s.push_str(l);
                    s.push('\n');
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_code() {
        let blocks = parse(
            "Créez le pod : `kubectl apply -f redis-pod.yaml`.\nSuite.\n\n- un\n- **deux**\n\n1. a\n2. b\n\n```yaml\nkind: Pod\n```\n",
        );
        assert_eq!(blocks.len(), 4);
        let Block::Paragraph(p) = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(p[0], Inline::Text("Créez le pod\u{a0}: ".into()));
        assert_eq!(p[1], Inline::Code { text: "kubectl apply -f redis-pod.yaml".into(), command: true });
        assert_eq!(p[2], Inline::Text(". Suite.".into()));
        assert_eq!(
            blocks[1],
            Block::List {
                ordered: false,
                items: vec![vec![Inline::Text("un".into())], vec![Inline::Strong(vec![Inline::Text("deux".into())])]]
            }
        );
        assert!(matches!(&blocks[2], Block::List { ordered: true, items } if items.len() == 2));
        assert_eq!(blocks[3], Block::Code { lang: "yaml".into(), text: "kind: Pod\n".into(), commands: false });
    }

    #[test]
    fn french_typography_spares_code() {
        assert_eq!(typography("« oui » ! l'objet ?"), "«\u{a0}oui\u{a0}»\u{a0}! l’objet\u{a0}?");
        let p = inline("voir `a : b` puis *c* et [doc](https://kubernetes.io)");
        assert_eq!(p[1], Inline::Code { text: "a : b".into(), command: false });
        assert_eq!(p[3], Inline::Emphasis(vec![Inline::Text("c".into())]));
        assert_eq!(
            p[5],
            Inline::Link { text: vec![Inline::Text("doc".into())], href: "https://kubernetes.io".into() }
        );
    }

    #[test]
    fn unbalanced_marks_stay_text() {
        assert_eq!(inline("a * b `c"), vec![Inline::Text("a * b `c".into())]);
        assert_eq!(inline("snake_case_name"), vec![Inline::Text("snake_case_name".into())]);
    }
}
