//! Reading a command line as a POSIX shell does, for the subset the course
//! uses: quotes and escapes, `$VAR` and `$(…)`, pipes, `;`, `&&`, `||`,
//! redirections (`>`, `>>`, `<`, `2>`, `2>&1`, `&>`) and heredocs (`<<EOF`).

/// A word before expansion: literal text and substitutions, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// `$NAME` or `${NAME}` (not inside single quotes).
    Var(String),
    /// `$(command)`.
    Command(String),
}

pub type Word = Vec<Part>;

/// Where a command's output or input goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `> f` / `>> f` (stdout), `2> f` (stderr), `&> f` (both).
    To { fd: Fd, path: Word, append: bool },
    /// `2>&1`.
    ErrToOut,
    /// `< f`.
    From(Word),
    /// `<<EOF … EOF`: the body is filled in once the lines have been read.
    Heredoc { delimiter: String, expand: bool, strip_tabs: bool, body: Option<String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fd {
    Out,
    Err,
    Both,
}

/// One simple command: its words and redirections.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

/// How a pipeline is joined to the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    First,
    Always,
    And,
    Or,
}

/// `a | b | c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub join: Join,
    pub commands: Vec<Command>,
    /// Ends with `&`: run in the background.
    pub background: bool,
}

/// A whole line: pipelines joined by `;`, `&&`, `||`.
pub type Script = Vec<Pipeline>;

/// Why a line cannot be read, worded as bash words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexError {
    /// An open quote or `$(`: the line continues on the next one.
    Incomplete,
    Syntax(String),
}

/// Parses a line. Heredoc bodies are left empty; see [`pending_heredocs`].
pub fn parse(line: &str) -> Result<Script, LexError> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut script: Script = Vec::new();
    let mut pipeline = Pipeline { join: Join::First, commands: Vec::new(), background: false };
    let mut command = Command::default();

    let end_command = |command: &mut Command, pipeline: &mut Pipeline| -> Result<(), LexError> {
        if command.words.is_empty() && command.redirects.is_empty() {
            return Err(LexError::Syntax("|".into()));
        }
        pipeline.commands.push(std::mem::take(command));
        Ok(())
    };

    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '#' => break,
            '|' if chars.get(i + 1) == Some(&'|') => {
                end_pipeline(&mut command, &mut pipeline, &mut script, "||")?;
                pipeline.join = Join::Or;
                i += 2;
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                end_pipeline(&mut command, &mut pipeline, &mut script, "&&")?;
                pipeline.join = Join::And;
                i += 2;
            }
            '&' if chars.get(i + 1) == Some(&'>') => {
                i += 2;
                let (path, n) = read_word(&chars[i..])?;
                i += n;
                command.redirects.push(Redirect::To { fd: Fd::Both, path, append: false });
            }
            '&' => {
                pipeline.background = true;
                end_pipeline(&mut command, &mut pipeline, &mut script, "&")?;
                pipeline.join = Join::Always;
                i += 1;
            }
            '|' => {
                end_command(&mut command, &mut pipeline).map_err(|_| LexError::Syntax("|".into()))?;
                i += 1;
            }
            ';' => {
                end_pipeline(&mut command, &mut pipeline, &mut script, ";")?;
                pipeline.join = Join::Always;
                i += 1;
            }
            '>' | '<' => {
                let (redirect, n) = read_redirect(&chars[i..], None)?;
                command.redirects.push(redirect);
                i += n;
            }
            '2' if chars.get(i + 1) == Some(&'>') && command_boundary(&chars, i) => {
                if chars.get(i + 2) == Some(&'&') && chars.get(i + 3) == Some(&'1') {
                    command.redirects.push(Redirect::ErrToOut);
                    i += 4;
                } else {
                    let (redirect, n) = read_redirect(&chars[i + 1..], Some(Fd::Err))?;
                    command.redirects.push(redirect);
                    i += 1 + n;
                }
            }
            _ => {
                let (word, n) = read_word(&chars[i..])?;
                command.words.push(word);
                i += n;
            }
        }
    }
    if !command.words.is_empty() || !command.redirects.is_empty() {
        pipeline.commands.push(command);
    } else if !pipeline.commands.is_empty() {
        // `a |` at the end of a line: bash waits for more.
        return Err(LexError::Incomplete);
    }
    if !pipeline.commands.is_empty() {
        script.push(pipeline);
    } else if matches!(pipeline.join, Join::And | Join::Or) {
        // `a &&` at the end of a line: bash waits for more.
        return Err(LexError::Incomplete);
    }
    Ok(script)
}

fn command_boundary(chars: &[char], i: usize) -> bool {
    i == 0 || matches!(chars[i - 1], ' ' | '\t' | '|' | ';' | '&')
}

fn end_pipeline(
    command: &mut Command,
    pipeline: &mut Pipeline,
    script: &mut Script,
    token: &str,
) -> Result<(), LexError> {
    if !command.words.is_empty() || !command.redirects.is_empty() {
        pipeline.commands.push(std::mem::take(command));
    }
    if pipeline.commands.is_empty() {
        return Err(LexError::Syntax(token.into()));
    }
    let join = pipeline.join;
    script.push(std::mem::replace(pipeline, Pipeline { join, commands: Vec::new(), background: false }));
    Ok(())
}

fn read_redirect(chars: &[char], fd: Option<Fd>) -> Result<(Redirect, usize), LexError> {
    let mut i;
    let c = chars[0];
    if c == '<' {
        if chars.get(1) == Some(&'<') {
            i = 2;
            let strip_tabs = chars.get(2) == Some(&'-');
            if strip_tabs {
                i += 1;
            }
            while chars.get(i) == Some(&' ') {
                i += 1;
            }
            let (word, n) = read_word(&chars[i..])?;
            if n == 0 {
                return Err(LexError::Syntax("newline".into()));
            }
            let raw: String = chars[i..i + n].iter().collect();
            let expand = !raw.contains(['\'', '"']);
            let delimiter = literal(&word);
            return Ok((Redirect::Heredoc { delimiter, expand, strip_tabs, body: None }, i + n));
        }
        i = 1;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        let (word, n) = read_word(&chars[i..])?;
        if n == 0 {
            return Err(LexError::Syntax("newline".into()));
        }
        return Ok((Redirect::From(word), i + n));
    }
    let append = chars.get(1) == Some(&'>');
    i = if append { 2 } else { 1 };
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    let (word, n) = read_word(&chars[i..])?;
    if n == 0 {
        return Err(LexError::Syntax("newline".into()));
    }
    Ok((Redirect::To { fd: fd.unwrap_or(Fd::Out), path: word, append }, i + n))
}

/// The text of a word without substitutions (heredoc delimiters, file names).
pub fn literal(word: &Word) -> String {
    word.iter()
        .map(|p| match p {
            Part::Text(t) => t.clone(),
            Part::Var(v) => format!("${v}"),
            Part::Command(c) => format!("$({c})"),
        })
        .collect()
}

/// Reads one word; returns it and how many characters it took.
fn read_word(chars: &[char]) -> Result<(Word, usize), LexError> {
    let mut parts: Word = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let flush = |text: &mut String, parts: &mut Word| {
        if !text.is_empty() {
            parts.push(Part::Text(std::mem::take(text)));
        }
    };
    let mut quoted = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '|' | ';' | '&' | '<' | '>' => break,
            '\\' => {
                match chars.get(i + 1) {
                    Some(&n) => text.push(n),
                    None => return Err(LexError::Incomplete),
                }
                i += 2;
            }
            '\'' => {
                quoted = true;
                let Some(end) = chars[i + 1..].iter().position(|&x| x == '\'') else {
                    return Err(LexError::Incomplete);
                };
                text.extend(&chars[i + 1..i + 1 + end]);
                i += end + 2;
            }
            '"' => {
                quoted = true;
                i += 1;
                loop {
                    let Some(&d) = chars.get(i) else { return Err(LexError::Incomplete) };
                    match d {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            text.push(chars[i + 1]);
                            i += 2;
                        }
                        '$' => {
                            let (part, n) = read_dollar(&chars[i..])?;
                            match part {
                                Some(p) => {
                                    flush(&mut text, &mut parts);
                                    parts.push(p);
                                }
                                None => text.push('$'),
                            }
                            i += n;
                        }
                        _ => {
                            text.push(d);
                            i += 1;
                        }
                    }
                }
            }
            '$' => {
                let (part, n) = read_dollar(&chars[i..])?;
                match part {
                    Some(p) => {
                        flush(&mut text, &mut parts);
                        parts.push(p);
                    }
                    None => text.push('$'),
                }
                i += n;
            }
            '~' if i == 0 && matches!(chars.get(1), None | Some('/' | ' ')) => {
                text.push_str(super::vfs::HOME);
                i += 1;
            }
            _ => {
                text.push(c);
                i += 1;
            }
        }
    }
    flush(&mut text, &mut parts);
    if parts.is_empty() && quoted {
        parts.push(Part::Text(String::new()));
    }
    Ok((parts, i))
}

fn read_dollar(chars: &[char]) -> Result<(Option<Part>, usize), LexError> {
    match chars.get(1) {
        Some('(') => {
            let mut depth = 0;
            for (j, &c) in chars.iter().enumerate().skip(1) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok((Some(Part::Command(chars[2..j].iter().collect())), j + 1));
                        }
                    }
                    _ => {}
                }
            }
            Err(LexError::Incomplete)
        }
        Some('{') => {
            let Some(end) = chars.iter().position(|&c| c == '}') else { return Err(LexError::Incomplete) };
            Ok((Some(Part::Var(chars[2..end].iter().collect())), end + 1))
        }
        Some('?') => Ok((Some(Part::Var("?".into())), 2)),
        Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
            let n = chars[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
            Ok((Some(Part::Var(chars[1..1 + n].iter().collect())), 1 + n))
        }
        _ => Ok((None, 1)),
    }
}

/// The heredocs of a script still waiting for their bodies, in order.
pub fn pending_heredocs(script: &mut Script) -> Vec<&mut Redirect> {
    script
        .iter_mut()
        .flat_map(|p| p.commands.iter_mut())
        .flat_map(|c| c.redirects.iter_mut())
        .filter(|r| matches!(r, Redirect::Heredoc { body: None, .. }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<Vec<String>> {
        parse(line)
            .unwrap()
            .iter()
            .flat_map(|p| p.commands.iter().map(|c| c.words.iter().map(literal).collect()))
            .collect()
    }

    #[test]
    fn quotes_and_operators() {
        assert_eq!(
            words("kubectl get pods -o 'jsonpath={.items[*].metadata.name}'"),
            vec![vec!["kubectl", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}"]]
        );
        assert_eq!(words("echo \"a b\" c\\ d"), vec![vec!["echo", "a b", "c d"]]);
        let s = parse("kubectl get pods | grep web && echo ok || echo ko; ls").unwrap();
        assert_eq!(s.len(), 4);
        assert_eq!(s[0].commands.len(), 2);
        assert_eq!(s[1].join, Join::And);
        assert_eq!(s[2].join, Join::Or);
        assert_eq!(s[3].join, Join::Always);
        assert_eq!(parse("echo 'open"), Err(LexError::Incomplete));
        assert_eq!(parse("| grep"), Err(LexError::Syntax("|".into())));
    }

    #[test]
    fn redirections_and_heredocs() {
        let mut s = parse("cat > pod.yaml <<EOF").unwrap();
        let c = &s[0].commands[0];
        assert_eq!(
            c.redirects[0],
            Redirect::To { fd: Fd::Out, path: vec![Part::Text("pod.yaml".into())], append: false }
        );
        assert_eq!(pending_heredocs(&mut s).len(), 1);
        let s = parse("kubectl get po 2>&1 >> out.txt").unwrap();
        assert_eq!(s[0].commands[0].redirects.len(), 2);
        let s = parse("echo $(kubectl get pods -o name) ${HOME} $?").unwrap();
        assert_eq!(s[0].commands[0].words[1], vec![Part::Command("kubectl get pods -o name".into())]);
    }
}
