//! Command-line flags as cobra/pflag parse them: `--name=value`, `--name value`,
//! `-n value`, `-nvalue`, grouped booleans (`-it`), flags anywhere among the
//! arguments, `--` ending flags, and pflag's error messages word for word.


/// What a flag takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// `--watch`, `--watch=false`.
    Bool,
    /// A string; given twice, the last one wins.
    Text,
    /// A string that may be given several times (`-f a -f b`, `--env`).
    Many,
    /// An integer, checked as pflag does (`strconv.ParseInt`).
    Int,
    /// A Go duration (`30s`, `1m30s`, `0`), checked as pflag does (`time.ParseDuration`).
    Duration,
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub arg: Arg,
}

pub const fn flag(long: &'static str, short: Option<char>, arg: Arg) -> Flag {
    Flag { long, short, arg }
}

/// Flags every kubectl command accepts.
pub const GLOBAL: &[Flag] = &[
    flag("namespace", Some('n'), Arg::Text),
    flag("context", None, Arg::Text),
    flag("cluster", None, Arg::Text),
    flag("user", None, Arg::Text),
    flag("kubeconfig", None, Arg::Text),
    flag("help", Some('h'), Arg::Bool),
    flag("v", Some('v'), Arg::Int),
    flag("request-timeout", None, Arg::Text),
];

/// The parsed command line.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub args: Vec<String>,
    /// The arguments after `--` (`kubectl exec pod -- ls /`), if `--` was given.
    pub after_dash: Option<Vec<String>>,
    /// Each flag given, with its values in order (a few per command line).
    values: Vec<(&'static str, Vec<String>)>,
    /// Every flag given, in order, by long name (for `--record`).
    pub given: Vec<(&'static str, String)>,
}

impl Parsed {
    fn get(&self, long: &str) -> Option<&Vec<String>> {
        self.values.iter().find(|(name, _)| *name == long).map(|(_, v)| v)
    }

    fn push(&mut self, long: &'static str, value: String) {
        match self.values.iter_mut().find(|(name, _)| *name == long) {
            Some((_, v)) => v.push(value),
            None => self.values.push((long, vec![value])),
        }
    }

    pub fn has(&self, long: &str) -> bool {
        self.get(long).is_some()
    }

    /// A boolean flag: true if given without a value or `=true`.
    pub fn bool(&self, long: &str) -> bool {
        self.get(long).and_then(|v| v.last()).is_some_and(|v| parse_bool(v) == Some(true))
    }

    pub fn text(&self, long: &str) -> Option<&str> {
        self.get(long).and_then(|v| v.last()).map(String::as_str)
    }

    pub fn text_or<'a>(&'a self, long: &str, default: &'a str) -> &'a str {
        self.text(long).unwrap_or(default)
    }

    pub fn many(&self, long: &str) -> Vec<String> {
        self.get(long).cloned().unwrap_or_default()
    }

    /// The command line as `--record` writes it: `kubectl <words> <args> --flag=value…`.
    pub fn command_line(&self, words: &[&str]) -> String {
        let mut s = String::from("kubectl");
        for w in words.iter().map(|w| w.to_string()).chain(self.args.iter().cloned()) {
            s.push(' ');
            s.push_str(&w);
        }
        for (name, value) in &self.given {
            s.push_str(&format!(" --{name}={value}"));
        }
        s
    }

    pub fn int(&self, long: &str) -> Option<i64> {
        self.text(long).and_then(|v| v.parse().ok())
    }

    /// A [`Arg::Duration`] flag's value, in seconds.
    pub fn duration(&self, long: &str) -> Option<f64> {
        self.text(long).and_then(|v| go_duration(v).ok())
    }
}

/// Seconds in a Go duration, as `time.ParseDuration` reads it (`1h2m3.5s`,
/// `-5s`, `0`; a bare number other than 0 has no unit), or Go's error.
pub fn go_duration(text: &str) -> Result<f64, String> {
    let invalid = || format!("time: invalid duration \"{text}\"");
    let mut s = text.strip_prefix(['-', '+']).unwrap_or(text);
    let sign = if text.starts_with('-') { -1.0 } else { 1.0 };
    if s == "0" {
        return Ok(0.0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total = 0.0;
    while !s.is_empty() {
        // digits, then an optional point and digits, with a digit on at least one side.
        let digits = |t: &str| t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let mut number_end = digits(s);
        if s[number_end..].starts_with('.') {
            number_end += 1 + digits(&s[number_end + 1..]);
        }
        let number = &s[..number_end];
        if number.is_empty() || number == "." {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        s = &s[number_end..];
        let unit_end = s.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(s.len());
        let unit = &s[..unit_end];
        s = &s[unit_end..];
        let scale = match unit {
            "" => return Err(format!("time: missing unit in duration \"{text}\"")),
            "ns" => 1e-9,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            other => return Err(format!("time: unknown unit \"{other}\" in duration \"{text}\"")),
        };
        total += value * scale;
        // Go counts nanoseconds in an int64: past 2^63 ns the duration is invalid.
        if total * 1e9 > 9.223_372_036_854_775e18 {
            return Err(invalid());
        }
    }
    Ok(sign * total)
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn describe(f: &Flag) -> String {
    match f.short {
        Some(s) => format!("-{s}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

fn check(f: &Flag, value: &str) -> Result<(), String> {
    match f.arg {
        Arg::Bool if parse_bool(value).is_none() => Err(format!(
            "invalid argument \"{value}\" for \"{}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax",
            describe(f)
        )),
        Arg::Int if value.parse::<i64>().is_err() => {
            let why = if value.trim_start_matches(['-', '+']).chars().all(|c| c.is_ascii_digit()) && !value.is_empty() {
                "value out of range"
            } else {
                "invalid syntax"
            };
            Err(format!(
                "invalid argument \"{value}\" for \"{}\" flag: strconv.ParseInt: parsing \"{value}\": {why}",
                describe(f)
            ))
        }
        Arg::Duration => match go_duration(value) {
            Ok(_) => Ok(()),
            Err(why) => Err(format!("invalid argument \"{value}\" for \"{}\" flag: {why}", describe(f))),
        },
        _ => Ok(()),
    }
}

/// Parses `words` against the command's `flags` plus [`GLOBAL`]. The error is
/// pflag's message (`unknown flag: --foo`), without cobra's `Error: ` prefix.
pub fn parse(words: &[String], flags: &[Flag]) -> Result<Parsed, String> {
    let find_long = |name: &str| flags.iter().chain(GLOBAL).find(|f| f.long == name);
    let find_short = |c: char| flags.iter().chain(GLOBAL).find(|f| f.short == Some(c));
    let mut out = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            out.after_dash = Some(words[i..].to_vec());
            out.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let f = find_long(name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = match (inline, f.arg) {
                (Some(v), _) => v,
                (None, Arg::Bool) => "true".into(),
                // pflag's NoOptDefVal: a bare `--dry-run` means "unchanged" (client, with a warning).
                (None, _) if f.long == "dry-run" => "unchanged".into(),
                (None, _) => {
                    let v = words.get(i).ok_or_else(|| format!("flag needs an argument: --{name}"))?;
                    i += 1;
                    v.clone()
                }
            };
            check(f, &value)?;
            out.given.push((f.long, value.clone()));
            out.push(f.long, value);
        } else if word.len() > 1 && word.starts_with('-') {
            let chars: Vec<char> = word[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let f = find_short(c).ok_or_else(|| format!("unknown shorthand flag: '{c}' in {word}"))?;
                j += 1;
                if f.arg == Arg::Bool {
                    let value = if chars.get(j) == Some(&'=') {
                        let v: String = chars[j + 1..].iter().collect();
                        j = chars.len();
                        v
                    } else {
                        "true".into()
                    };
                    check(f, &value)?;
                    out.given.push((f.long, value.clone()));
                    out.push(f.long, value);
                    continue;
                }
                let rest: String = chars[j..].iter().collect();
                let value = if let Some(v) = rest.strip_prefix('=') {
                    v.to_string()
                } else if !rest.is_empty() {
                    rest
                } else {
                    let v = words.get(i).ok_or_else(|| format!("flag needs an argument: '{c}' in {word}"))?;
                    i += 1;
                    v.clone()
                };
                check(f, &value)?;
                out.given.push((f.long, value.clone()));
                out.push(f.long, value);
                break;
            }
        } else {
            out.args.push(word.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    const FLAGS: &[Flag] = &[
        flag("output", Some('o'), Arg::Text),
        flag("watch", Some('w'), Arg::Bool),
        flag("stdin", Some('i'), Arg::Bool),
        flag("tty", Some('t'), Arg::Bool),
        flag("filename", Some('f'), Arg::Many),
        flag("replicas", Some('r'), Arg::Int),
    ];

    #[test]
    fn durations_read_as_go_reads_them() {
        assert_eq!(go_duration("0"), Ok(0.0));
        assert_eq!(go_duration("30s"), Ok(30.0));
        assert_eq!(go_duration("1m30s"), Ok(90.0));
        assert_eq!(go_duration("1.5h"), Ok(5400.0));
        assert_eq!(go_duration(".5s"), Ok(0.5));
        assert_eq!(go_duration("1.s"), Ok(1.0));
        assert_eq!(go_duration("-2m"), Ok(-120.0));
        assert_eq!(go_duration("250ms"), Ok(0.25));
        assert_eq!(go_duration("5"), Err("time: missing unit in duration \"5\"".into()));
        assert_eq!(go_duration("1.5.2s"), Err("time: missing unit in duration \"1.5.2s\"".into()));
        assert_eq!(go_duration("5sec"), Err("time: unknown unit \"sec\" in duration \"5sec\"".into()));
        for bad in ["", "-", ".", "abc", "s5", ".s"] {
            assert_eq!(go_duration(bad), Err(format!("time: invalid duration \"{bad}\"")), "{bad:?}");
        }
    }

    #[test]
    fn parses_like_pflag() {
        let p = parse(&words("pods -oyaml -n kube-system -w --filename=a -f b x"), FLAGS).unwrap();
        assert_eq!(p.args, ["pods", "x"]);
        assert_eq!(p.text("output"), Some("yaml"));
        assert_eq!(p.text("namespace"), Some("kube-system"));
        assert!(p.bool("watch"));
        assert_eq!(p.many("filename"), ["a", "b"]);
        let p = parse(&words("web -it -- sh -c ls"), FLAGS).unwrap();
        assert!(p.bool("stdin") && p.bool("tty"));
        assert_eq!(p.after_dash.unwrap(), ["sh", "-c", "ls"]);
    }

    #[test]
    fn errors_are_worded_as_pflag() {
        assert_eq!(parse(&words("--foo"), FLAGS).unwrap_err(), "unknown flag: --foo");
        assert_eq!(parse(&words("-z"), FLAGS).unwrap_err(), "unknown shorthand flag: 'z' in -z");
        assert_eq!(parse(&words("-n"), FLAGS).unwrap_err(), "flag needs an argument: 'n' in -n");
        assert_eq!(parse(&words("--namespace"), FLAGS).unwrap_err(), "flag needs an argument: --namespace");
        assert_eq!(
            parse(&words("--replicas=abc"), FLAGS).unwrap_err(),
            "invalid argument \"abc\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            parse(&words("--watch=maybe"), FLAGS).unwrap_err(),
            "invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }
}
