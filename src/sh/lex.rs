//! Reading a command line as a POSIX shell does, for the subset the course
//! uses: quotes and escapes, `$VAR` and `$(…)`, pipes, `;`, `&&`, `||`,
//! `` `…` ``, `$((…))`, redirections (`>`, `>>`, `<`, `1>`, `2>`, `2>&1`,
//! `>&2`, `&>`, `&>>`) and heredocs (`<<EOF`).

/// A word before expansion: literal text and substitutions, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// `$NAME` or `${NAME}` (not inside single quotes).
    Var(String),
    /// `$(command)` or `` `command` ``.
    Command(String),
    /// `$((expression))`.
    Arith(String),
    /// The next part is outside quotes: its expansion splits into fields.
    Field,
}

pub type Word = Vec<Part>;

/// Where a command's output or input goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `> f` / `>> f` (stdout), `2> f` (stderr), `&> f` (both).
    To { fd: Fd, path: Word, append: bool },
    /// `2>&1`.
    ErrToOut,
    /// `>&2`, `1>&2`.
    OutToErr,
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
    /// An open quote or `$(`: the line continues on the next one. The
    /// character that must come for the line to end (the innermost open
    /// construct's closer), or `\n` when any next line may end it.
    Incomplete(char),
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
            // Lines joined after an open quote or a trailing `|`: a newline
            // ends a command as `;` does, except where a command must follow.
            '\n' => {
                if command.words.is_empty() && command.redirects.is_empty() {
                    i += 1;
                    continue;
                }
                end_pipeline(&mut command, &mut pipeline, &mut script, ";")?;
                pipeline.join = Join::Always;
                i += 1;
            }
            '#' if command_boundary(&chars, i) => {
                // A comment runs to the end of its line.
                i += chars[i..].iter().position(|&c| c == '\n').unwrap_or(chars.len() - i);
            }
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
                let (redirect, n) = read_redirect(&chars[i + 1..], Some(Fd::Both))?;
                command.redirects.extend(redirect);
                i += 1 + n;
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
            // `;;` ends a `case` branch: anywhere else, bash's syntax error.
            ';' if chars.get(i + 1) == Some(&';') => return Err(LexError::Syntax(";;".into())),
            ';' => {
                end_pipeline(&mut command, &mut pipeline, &mut script, ";")?;
                pipeline.join = Join::Always;
                i += 1;
            }
            '>' | '<' => {
                let (redirect, n) = read_redirect(&chars[i..], None)?;
                command.redirects.extend(redirect);
                i += n;
            }
            '1' | '2' if chars.get(i + 1) == Some(&'>') && command_boundary(&chars, i) => {
                let fd = if c == '1' { Fd::Out } else { Fd::Err };
                let (redirect, n) = read_redirect(&chars[i + 1..], Some(fd))?;
                command.redirects.extend(redirect);
                i += 1 + n;
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
        return Err(LexError::Incomplete('\n'));
    }
    if !pipeline.commands.is_empty() {
        script.push(pipeline);
    } else if matches!(pipeline.join, Join::And | Join::Or) {
        // `a &&` at the end of a line: bash waits for more.
        return Err(LexError::Incomplete('\n'));
    }
    Ok(script)
}

fn command_boundary(chars: &[char], i: usize) -> bool {
    i == 0 || matches!(chars[i - 1], ' ' | '\t' | '\n' | '|' | ';' | '&')
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

/// Reads a redirection from its `<` or `>`; `fd` is the number or `&` before it.
fn read_redirect(chars: &[char], fd: Option<Fd>) -> Result<(Option<Redirect>, usize), LexError> {
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
            return Ok((Some(Redirect::Heredoc { delimiter, expand, strip_tabs, body: None }), i + n));
        }
        i = 1;
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        let (word, n) = read_word(&chars[i..])?;
        if n == 0 {
            return Err(LexError::Syntax("newline".into()));
        }
        return Ok((Some(Redirect::From(word)), i + n));
    }
    // `>&2`, `1>&2`, `2>&1`: one stream joins the other (`2>&2`, `1>&1` change nothing).
    if chars.get(1) == Some(&'&')
        && fd != Some(Fd::Both)
        && let Some(&d @ ('1' | '2')) = chars.get(2)
    {
        let redirect = match (fd.unwrap_or(Fd::Out), d) {
            (Fd::Out, '2') => Some(Redirect::OutToErr),
            (Fd::Err, '1') => Some(Redirect::ErrToOut),
            _ => None,
        };
        return Ok((redirect, 3));
    }
    let append = chars.get(1) == Some(&'>');
    i = if append { 2 } else { 1 };
    // `>&file` is `&>file`.
    let fd = if fd.is_none() && !append && chars.get(1) == Some(&'&') {
        i = 2;
        Fd::Both
    } else {
        fd.unwrap_or(Fd::Out)
    };
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    let (word, n) = read_word(&chars[i..])?;
    if n == 0 {
        return Err(LexError::Syntax(if i < chars.len() { chars[i].to_string() } else { "newline".into() }));
    }
    Ok((Some(Redirect::To { fd, path: word, append }), i + n))
}

/// The text of a word without substitutions (heredoc delimiters, file names).
pub fn literal(word: &Word) -> String {
    word.iter()
        .map(|p| match p {
            Part::Text(t) => t.clone(),
            Part::Var(v) if v == "HOME" => "~".into(),
            Part::Var(v) => format!("${v}"),
            Part::Command(c) => format!("$({c})"),
            Part::Arith(e) => format!("$(({e}))"),
            Part::Field => String::new(),
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
            ' ' | '\t' | '\n' | '|' | ';' | '&' | '<' | '>' => break,
            '\\' => {
                match chars.get(i + 1) {
                    // A backslash before a newline joins the lines.
                    Some('\n') => {}
                    Some(&n) => text.push(n),
                    None => return Err(LexError::Incomplete('\n')),
                }
                i += 2;
            }
            '\'' => {
                quoted = true;
                let Some(end) = chars[i + 1..].iter().position(|&x| x == '\'') else {
                    return Err(LexError::Incomplete('\''));
                };
                text.extend(&chars[i + 1..i + 1 + end]);
                i += end + 2;
            }
            '"' => {
                quoted = true;
                i += 1;
                loop {
                    let Some(&d) = chars.get(i) else { return Err(LexError::Incomplete('"')) };
                    match d {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            text.push(chars[i + 1]);
                            i += 2;
                        }
                        '$' | '`' => {
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
            '$' | '`' => {
                let (part, n) = read_dollar(&chars[i..])?;
                match part {
                    Some(p) => {
                        flush(&mut text, &mut parts);
                        parts.push(Part::Field);
                        parts.push(p);
                    }
                    None => text.push('$'),
                }
                i += n;
            }
            // `~`: the home of whichever shell expands it.
            '~' if i == 0 && matches!(chars.get(1), None | Some('/' | ' ')) => {
                parts.push(Part::Var("HOME".into()));
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

/// `$…` or `` `…` `` at `chars[0]`: the part, and how many characters it took.
fn read_dollar(chars: &[char]) -> Result<(Option<Part>, usize), LexError> {
    if chars[0] == '`' {
        let Some(end) = chars[1..].iter().position(|&c| c == '`') else { return Err(LexError::Incomplete('`')) };
        return Ok((Some(Part::Command(chars[1..1 + end].iter().collect())), end + 2));
    }
    match chars.get(1) {
        Some('(') => {
            let arith = chars.get(2) == Some(&'(');
            let mut depth = 0;
            for (j, &c) in chars.iter().enumerate().skip(1) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if arith && depth == 1 && chars.get(j + 1) == Some(&')') {
                            return Ok((Some(Part::Arith(chars[3..j].iter().collect())), j + 2));
                        }
                        if depth == 0 {
                            return Ok((Some(Part::Command(chars[2..j].iter().collect())), j + 1));
                        }
                    }
                    _ => {}
                }
            }
            Err(LexError::Incomplete(')'))
        }
        Some('{') => {
            let Some(end) = chars.iter().position(|&c| c == '}') else { return Err(LexError::Incomplete('}')) };
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

/// `$((…))` as bash computes it: 64-bit integers that wrap, its operators
/// and precedence (no assignments), names read as variables; errors in its words.
pub fn arith(text: &str, var: &dyn Fn(&str) -> String) -> Result<i64, String> {
    let shown = text.trim_start();
    let chars: Vec<char> = shown.chars().collect();
    let mut a = Arith { chars: &chars, i: 0, var, depth: 0 };
    let fail = |at: usize, why: &str| {
        let token: String = chars[at.min(chars.len())..].iter().collect();
        format!("bash: {shown}: {why} (error token is \"{token}\")\n")
    };
    if chars.iter().all(|c| c.is_whitespace()) {
        return Ok(0);
    }
    let value = a.ternary().map_err(|(at, why)| fail(at, why))?;
    a.skip();
    if a.i < chars.len() {
        return Err(fail(a.i, "syntax error in expression"));
    }
    Ok(value)
}

struct Arith<'a> {
    chars: &'a [char],
    i: usize,
    var: &'a dyn Fn(&str) -> String,
    depth: usize,
}

type ArithResult = Result<i64, (usize, &'static str)>;

/// The binary operators, loosest first.
const OPERATORS: [&[&str]; 10] =
    [&["||"], &["&&"], &["|"], &["^"], &["&"], &["==", "!="], &["<=", ">=", "<", ">"], &["<<", ">>"], &["+", "-"], &["*", "/", "%"]];

impl Arith<'_> {
    fn skip(&mut self) {
        while self.chars.get(self.i).is_some_and(|c| c.is_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, op: &str) -> bool {
        self.skip();
        let n = op.len();
        let here: String = self.chars[self.i..].iter().take(n + 1).collect();
        // `|` is not the start of `||`, nor `<` of `<<`, `&` of `&&`, `*` of `**`.
        let longer = here.len() > n && OPERATORS.iter().flat_map(|l| l.iter()).chain(&["**"]).any(|o| o.len() > n && here.starts_with(o));
        if here.starts_with(op) && !longer {
            self.i += n;
            true
        } else {
            false
        }
    }

    /// `cond ? a : b` (both sides are read, only one is the value).
    fn ternary(&mut self) -> ArithResult {
        let cond = self.binary(0)?;
        if !self.eat("?") {
            return Ok(cond);
        }
        self.skip();
        let at = self.i;
        let yes = self.ternary()?;
        if !self.eat(":") {
            return Err((at, "`:' expected for conditional expression"));
        }
        let no = self.ternary()?;
        Ok(if cond != 0 { yes } else { no })
    }

    fn binary(&mut self, level: usize) -> ArithResult {
        if level == OPERATORS.len() {
            return self.power();
        }
        let mut left = self.binary(level + 1)?;
        'more: loop {
            for op in OPERATORS[level] {
                if self.eat(op) {
                    let at = self.i;
                    let right = self.binary(level + 1)?;
                    left = match *op {
                        "||" => i64::from(left != 0 || right != 0),
                        "&&" => i64::from(left != 0 && right != 0),
                        "|" => left | right,
                        "^" => left ^ right,
                        "&" => left & right,
                        "==" => i64::from(left == right),
                        "!=" => i64::from(left != right),
                        "<=" => i64::from(left <= right),
                        ">=" => i64::from(left >= right),
                        "<" => i64::from(left < right),
                        ">" => i64::from(left > right),
                        "<<" => left.wrapping_shl(right as u32),
                        ">>" => left.wrapping_shr(right as u32),
                        "+" => left.wrapping_add(right),
                        "-" => left.wrapping_sub(right),
                        _ if right == 0 => {
                            let mut at = at;
                            while self.chars.get(at).is_some_and(|c| c.is_whitespace()) {
                                at += 1;
                            }
                            return Err((at, "division by 0"));
                        }
                        "*" => left.wrapping_mul(right),
                        "/" => left.wrapping_div(right),
                        _ => left.wrapping_rem(right),
                    };
                    continue 'more;
                }
            }
            return Ok(left);
        }
    }

    fn power(&mut self) -> ArithResult {
        let base = self.unary()?;
        if !self.eat("**") {
            return Ok(base);
        }
        let at = self.i;
        self.depth += 1;
        if self.depth > 200 {
            return Err((at, "expression recursion level exceeded"));
        }
        let exponent = self.power()?;
        self.depth -= 1;
        if exponent < 0 {
            let at = at + self.chars[at..].iter().take_while(|c| c.is_whitespace() || **c == '-').count();
            return Err((at, "exponent less than 0"));
        }
        let (mut result, mut base, mut exponent) = (1i64, base, exponent);
        while exponent > 0 {
            if exponent & 1 == 1 {
                result = result.wrapping_mul(base);
            }
            base = base.wrapping_mul(base);
            exponent >>= 1;
        }
        Ok(result)
    }

    fn unary(&mut self) -> ArithResult {
        self.skip();
        self.depth += 1;
        if self.depth > 200 {
            return Err((self.i, "expression recursion level exceeded"));
        }
        let start = self.i;
        let value = match self.chars.get(self.i) {
            Some('-') => {
                self.i += 1;
                self.unary().map(i64::wrapping_neg)
            }
            Some('+') => {
                self.i += 1;
                self.unary()
            }
            Some('!') => {
                self.i += 1;
                self.unary().map(|v| i64::from(v == 0))
            }
            Some('~') => {
                self.i += 1;
                self.unary().map(|v| !v)
            }
            Some('(') => {
                self.i += 1;
                let v = self.ternary()?;
                self.skip();
                if self.chars.get(self.i) != Some(&')') {
                    return Err((start, "missing `)'"));
                }
                self.i += 1;
                Ok(v)
            }
            Some(c) if c.is_ascii_digit() => self.number(),
            Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
                let n = self.chars[self.i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
                let name: String = self.chars[self.i..self.i + n].iter().collect();
                self.i += n;
                let value = (self.var)(&name);
                Ok(value.trim().parse().unwrap_or(0))
            }
            // Nothing where an operand should be: bash names the operator before.
            None => Err((self.chars[..start].iter().rposition(|c| !c.is_whitespace()).unwrap_or(0), "syntax error: operand expected")),
            Some(_) => Err((start, "syntax error: operand expected")),
        };
        self.depth -= 1;
        value
    }

    fn number(&mut self) -> ArithResult {
        let start = self.i;
        let n = self.chars[self.i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#' || **c == '_').count();
        let word: String = self.chars[start..start + n].iter().collect();
        self.i += n;
        let (base, digits) = match word.as_bytes() {
            [b'0', b'x' | b'X', ..] => (16, &word[2..]),
            [b'0', _, ..] => (8, &word[1..]),
            _ => (10, word.as_str()),
        };
        let mut value: i64 = 0;
        for c in digits.chars() {
            match c.to_digit(36) {
                Some(d) if d < base => value = value.wrapping_mul(i64::from(base)).wrapping_add(i64::from(d)),
                _ => return Err((start, "value too great for base")),
            }
        }
        Ok(value)
    }
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
        assert_eq!(parse("echo 'open"), Err(LexError::Incomplete('\'')));
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
        assert_eq!(s[0].commands[0].words[1], vec![Part::Field, Part::Command("kubectl get pods -o name".into())]);
    }
}
