//! The shell's own commands: files (`cat`, `ls`, `cd`…), text filters for
//! pipes (`grep`, `head`, `tail`, `wc`, `sort`, `uniq`, `base64`), `echo`,
//! `sleep`, `history`, `clear`, the editor (`nano`, `vi`) and a French `help`.
//! Messages follow GNU coreutils and bash.

use crate::kubectl::output::Output;

use super::{Exec, Session};

/// The commands `help` lists and completion offers.
pub const BUILTINS: &[&str] = &[
    "base64", "cat", "cd", "clear", "cp", "curl", "echo", "export", "fg", "grep", "head", "help", "history", "jobs",
    "k", "kill", "kubectl", "ls", "minikube", "mkdir", "mv", "nano", "pwd", "rm", "sleep", "sort", "tail", "touch",
    "uniq", "vi", "vim", "wc", "pause", "reprendre", "avancer", "vitesse",
];

pub(crate) fn run(session: &mut Session, argv: &[String], stdin: Option<String>) -> Exec {
    let name = argv[0].as_str();
    let args = &argv[1..];
    let input = stdin.clone().unwrap_or_default();
    if let Some(o) = run_filter(session, argv, input.clone()) {
        return Exec::Done(o);
    }
    let out = match name {
        "echo" => echo(args),
        "pwd" => Output::ok(format!("{}\n", session.files.cwd())),
        "cd" => {
            let target = args.first().map(String::as_str).unwrap_or(super::vfs::HOME);
            match session.files.cd(target) {
                Ok(()) => Output::new(),
                Err(e) => Output::fail(format!("bash: cd: {target}: {}\n", e.text())),
            }
        }
        "ls" => ls(session, args),
        "cat" => {
            if args.is_empty() {
                Output::ok(input)
            } else {
                let mut o = Output::new();
                for f in args {
                    if f == "-" {
                        o.out(input.clone());
                        continue;
                    }
                    match session.files.read(f) {
                        Ok(t) => o.out(t.to_string()),
                        Err(e) => {
                            o.err(format!("cat: {f}: {}\n", e.text()));
                            o.code = 1;
                        }
                    }
                }
                o
            }
        }
        "mkdir" => {
            let parents = args.iter().any(|a| a == "-p");
            let mut o = Output::new();
            for d in args.iter().filter(|a| !a.starts_with('-')) {
                if session.files.exists(d) && !parents {
                    o.err(format!("mkdir: cannot create directory ‘{d}’: File exists\n"));
                    o.code = 1;
                    continue;
                }
                let resolved = session.files.resolve(d);
                let parent =
                    resolved.rsplit_once('/').map_or("/", |(p, _)| if p.is_empty() { "/" } else { p }).to_string();
                if !parents && !session.files.is_dir(&parent) {
                    o.err(format!("mkdir: cannot create directory ‘{d}’: No such file or directory\n"));
                    o.code = 1;
                    continue;
                }
                session.files.mkdir_all(d);
            }
            o
        }
        "touch" => {
            let mut o = Output::new();
            for f in args {
                if !session.files.exists(f) {
                    if let Err(e) = session.files.write(f, "") {
                        o.err(format!("touch: cannot touch '{f}': {}\n", e.text()));
                        o.code = 1;
                    }
                }
            }
            o
        }
        "rm" => {
            let mut o = Output::new();
            let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if let Err(e) = session.files.remove(f) {
                    if force && e == super::vfs::FsError::NotFound {
                        continue;
                    }
                    o.err(format!("rm: cannot remove '{f}': {}\n", e.text()));
                    o.code = 1;
                }
            }
            o
        }
        "cp" | "mv" => copy_or_move(session, name, args),
        "export" => {
            for a in args {
                if let Some((k, v)) = a.split_once('=') {
                    session.vars_mut().insert(k.to_string(), v.to_string());
                }
            }
            Output::new()
        }
        "clear" => return Exec::Clear(Output::new()),
        "history" => {
            let mut o = Output::new();
            for (i, l) in session.history().iter().enumerate() {
                o.out(format!("{:>5}  {l}\n", i + 1));
            }
            o
        }
        "sleep" => {
            let Some(arg) = args.first() else {
                return Exec::Done(Output::fail("sleep: missing operand\nTry 'sleep --help' for more information.\n"));
            };
            match crate::kubectl::watch::parse_duration(arg).filter(|s| *s >= 0.0) {
                Some(secs) => return session.sleep(secs),
                None => Output::fail(format!(
                    "sleep: invalid time interval ‘{arg}’\nTry 'sleep --help' for more information.\n"
                )),
            }
        }
        "nano" | "vi" | "vim" | "edit" => {
            let Some(path) = args.iter().find(|a| !a.starts_with('-')) else {
                return Exec::Done(Output::fail(format!(
                    "{name} : indiquez le fichier à ouvrir, par exemple « {name} pod.yaml ».\n"
                )));
            };
            let text = session.files.read(path).unwrap_or("").to_string();
            let resolved = session.files.resolve(path);
            let mut exec = session.open_editor(resolved, text);
            if let Exec::Wait(o, _) = &mut exec {
                o.note(format!("Ouverture de « {path} » dans l’éditeur.\n"));
            }
            return exec;
        }
        // A deliberate internal error, to test that the page recovers from a
        // panic (it reloads and restores the session). Not listed in `help`.
        "__panique" => panic!("panique de test demandée"),
        "true" => Output::new(),
        "false" => Output { chunks: vec![], code: 1 },
        "curl" | "wget" => curl(session, name, args),
        "jobs" => session.jobs.list(),
        "kill" => session.jobs.kill(args),
        "fg" => return session.foreground(args),
        "help" => Output::ok(HELP),
        "exit" | "logout" => Output::ok("Il n’y a pas de session à quitter : la console reste ouverte.\n"),
        "whoami" => Output::ok("atelier\n"),
        "hostname" => Output::ok("atelier\n"),
        "date" => {
            let (y, mo, d, h, mi, s, wd) = session.cluster.now().civil();
            const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            Output::ok(format!(
                "{} {} {d:2} {h:02}:{mi:02}:{s:02} UTC {y}\n",
                DAYS[wd as usize],
                MONTHS[mo as usize - 1]
            ))
        }
        _ => not_found(name),
    };
    Exec::Done(out)
}

/// `bash: foo: command not found`, with a French hint for kubectl typos.
fn not_found(name: &str) -> Output {
    let mut o = Output::fail(format!("bash: {name}: command not found\n"));
    o.code = 127;
    let lower = name.to_ascii_lowercase();
    let kubectl_like = crate::kubectl::levenshtein(&lower, "kubectl") <= 2 || lower.starts_with("kube");
    if kubectl_like {
        o.note("Vouliez-vous dire « kubectl » ?\n");
    } else if crate::kubectl::COMMANDS.contains(&lower.as_str()) {
        o.note(format!("« {lower} » est une commande de kubectl : tapez « kubectl {lower} … ».\n"));
    } else if crate::kubectl::levenshtein(&lower, "minikube") <= 2 {
        o.note("Vouliez-vous dire « minikube » ?\n");
    } else {
        o.note("Tapez « help » pour la liste des commandes disponibles.\n");
    }
    o
}

// A raw string: its lines keep their indentation.
const HELP: &str = r"Commandes disponibles dans cette console :

  kubectl …        piloter le cluster (alias : k) ; « kubectl help » pour la liste
  minikube …       status, ip, service NOM --url, tunnel, addons, dashboard
  ls, cd, pwd      parcourir les fichiers de l’atelier
  cat, nano, vi    lire et modifier un fichier (nano et vi ouvrent l’éditeur)
  cat > f <<EOF    créer un fichier en collant son contenu, terminé par EOF
  mkdir, touch, rm, cp, mv
                   gérer les fichiers et les dossiers
  grep, head, tail, wc, sort, uniq, base64
                   filtrer la sortie d’une commande avec « | »
  echo, export     afficher un texte, définir une variable
  sleep N          laisser passer N secondes (le temps du cluster avance)
  curl URL         interroger un service exposé (NodePort, tunnel, port-forward)
  cmd &, jobs, kill %N, fg
                   laisser tourner une commande (kubectl port-forward … &), la gérer
  history, clear   historique des commandes, effacer l’écran
  pause, reprendre, avancer [DURÉE], vitesse N
                   arrêter le temps du cluster, le relancer, le faire avancer
                   (avancer 5s), l’accélérer (×1, ×2, ×5, ×10)

Ctrl+C interrompt une commande qui dure (kubectl get -w, logs -f, rollout status).
";

fn echo(args: &[String]) -> Output {
    let mut newline = true;
    let mut escapes = false;
    let mut words = args;
    while let Some(first) = words.first() {
        match first.as_str() {
            "-n" => newline = false,
            "-e" => escapes = true,
            "-ne" | "-en" => {
                newline = false;
                escapes = true;
            }
            _ => break,
        }
        words = &words[1..];
    }
    let mut text = words.join(" ");
    if escapes {
        text = text.replace("\\n", "\n").replace("\\t", "\t");
    }
    if newline {
        text.push('\n');
    }
    Output::ok(text)
}

fn ls(session: &Session, args: &[String]) -> Output {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let targets: Vec<String> =
        if paths.is_empty() { vec![".".into()] } else { paths.iter().map(|s| s.to_string()).collect() };
    let mut o = Output::new();
    let several = targets.len() > 1;
    for (i, t) in targets.iter().enumerate() {
        match session.files.list(t) {
            Ok(entries) => {
                if several {
                    o.out(format!("{}{t}:\n", if i > 0 { "\n" } else { "" }));
                }
                let mut names: Vec<(String, bool)> = entries;
                if all {
                    names.insert(0, ("..".into(), true));
                    names.insert(0, (".".into(), true));
                }
                if long {
                    o.out(format!("total {}\n", names.len() * 4));
                    for (n, dir) in names {
                        let size = if dir { 4096 } else { session.files.read(&format!("{t}/{n}")).map_or(0, str::len) };
                        let kind = if dir { "drwxr-xr-x" } else { "-rw-r--r--" };
                        o.out(format!("{kind} 1 atelier atelier {size:>5} Mar  2 09:00 {n}\n"));
                    }
                } else if !names.is_empty() {
                    o.out(names.into_iter().map(|(n, _)| n).collect::<Vec<_>>().join("  ") + "\n");
                }
            }
            Err(super::vfs::FsError::NotDirectory) => o.out(format!("{t}\n")),
            Err(e) => {
                o.err(format!("ls: cannot access '{t}': {}\n", e.text()));
                o.code = 2;
            }
        }
    }
    o
}

fn curl(session: &mut Session, name: &str, args: &[String]) -> Output {
    let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
        return Output::fail(format!("{name}: try '{name} --help' for more information\n"));
    };
    // A port `kubectl port-forward … &` holds: kubectl says so, then the pod answers.
    let local = url.strip_prefix("http://").unwrap_or(url).split('/').next().unwrap_or("");
    let forwarded = local
        .strip_prefix("localhost:")
        .or_else(|| local.strip_prefix("127.0.0.1:"))
        .and_then(|p| p.parse::<u16>().ok())
        .and_then(|port| {
            session.jobs.forwarded(port).map(|(ns, pod, remote)| (port, ns.to_string(), pod.to_string(), remote))
        });
    let answer = match forwarded {
        Some((port, ns, pod, remote)) => {
            session.jobs.say(format!("Handling connection for {port}\n"));
            let path = url.strip_prefix("http://").unwrap_or(url).split_once('/').map_or("", |(_, p)| p);
            let ip =
                session.cluster.store().get::<crate::cluster::objects::Pod>(&ns, &pod).map(|p| p.status.pod_ip.clone());
            match ip {
                Some(ip) if !ip.is_empty() => session.cluster.http_get(&ns, &format!("http://{ip}:{remote}/{path}")),
                _ => Err("curl: (52) Empty reply from server".to_string()),
            }
        }
        None => session.cluster.http_get("default", url),
    };
    match answer {
        Ok(body) => Output::ok(body),
        Err(e) => {
            let words: Vec<&str> = args.iter().map(String::as_str).collect();
            let quiet = crate::cluster::runtime::silenced(name, &words);
            let mut o = Output::fail(if quiet { String::new() } else { format!("{e}\n") });
            o.code = if e.contains("(6)") { 6 } else { 7 };
            o
        }
    }
}

/// The text filters, usable in a pipe (also on a watch's output). `None`
/// when `argv` is not a filter.
pub(crate) fn run_filter(session: &Session, argv: &[String], input: String) -> Option<Output> {
    let name = argv.first()?.as_str();
    let args = &argv[1..];
    let read = |files: &[&String]| -> Result<String, Output> {
        if files.is_empty() {
            return Ok(input.clone());
        }
        let mut text = String::new();
        for f in files {
            match session.files.read(f) {
                Ok(t) => text.push_str(t),
                Err(e) => return Err(Output::fail(format!("{name}: {f}: {}\n", e.text()))),
            }
        }
        Ok(text)
    };
    let out = match name {
        "grep" => grep(args, &input, session),
        "head" | "tail" => {
            let mut n: i64 = 10;
            let mut files = Vec::new();
            let mut i = 0;
            while i < args.len() {
                let a = &args[i];
                if a == "-n" {
                    let v = args.get(i + 1).cloned().unwrap_or_default();
                    match v.trim_start_matches('+').parse() {
                        Ok(x) => n = x,
                        Err(_) => return Some(Output::fail(format!("{name}: invalid number of lines: ‘{v}’\n"))),
                    }
                    i += 2;
                    continue;
                }
                if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')).filter(|v| !v.is_empty()) {
                    match v.parse() {
                        Ok(x) => n = x,
                        Err(_) => return Some(Output::fail(format!("{name}: invalid number of lines: ‘{v}’\n"))),
                    }
                } else {
                    files.push(a);
                }
                i += 1;
            }
            let text = match read(&files) {
                Ok(t) => t,
                Err(o) => return Some(o),
            };
            let lines: Vec<&str> = text.lines().collect();
            let n = n.max(0) as usize;
            let slice =
                if name == "head" { &lines[..n.min(lines.len())] } else { &lines[lines.len().saturating_sub(n)..] };
            Output::ok(slice.iter().map(|l| format!("{l}\n")).collect::<String>())
        }
        "wc" => {
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let text = match read(&files) {
                Ok(t) => t,
                Err(o) => return Some(o),
            };
            let (l, w, c) = (text.matches('\n').count(), text.split_whitespace().count(), text.len());
            let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
            let mut parts = Vec::new();
            if flags.is_empty() || flags.contains('l') {
                parts.push(l);
            }
            if flags.is_empty() || flags.contains('w') {
                parts.push(w);
            }
            if flags.is_empty() || flags.contains('c') || flags.contains('m') {
                parts.push(c);
            }
            let text = if parts.len() == 1 {
                parts[0].to_string()
            } else {
                parts.iter().map(|p| format!("{p:>7}")).collect::<Vec<_>>().join(" ")
            };
            Output::ok(format!("{text}\n"))
        }
        "sort" => {
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let text = match read(&files) {
                Ok(t) => t,
                Err(o) => return Some(o),
            };
            let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
            let mut lines: Vec<&str> = text.lines().collect();
            if flags.contains('n') {
                let num = |l: &str| {
                    l.trim()
                        .split(|c: char| !c.is_ascii_digit() && c != '.' && c != '-')
                        .next()
                        .and_then(|n| n.parse::<f64>().ok())
                        .unwrap_or(0.0)
                };
                crate::sort::sort_by(&mut lines, |a, b| num(a).total_cmp(&num(b)));
            } else {
                crate::sort::sort(&mut lines);
            }
            if flags.contains('r') {
                lines.reverse();
            }
            if flags.contains('u') {
                lines.dedup();
            }
            Output::ok(lines.iter().map(|l| format!("{l}\n")).collect::<String>())
        }
        "uniq" => {
            let count = args.iter().any(|a| a == "-c");
            let mut out = String::new();
            let mut prev: Option<(&str, usize)> = None;
            let emit = |out: &mut String, l: &str, n: usize| {
                if count {
                    out.push_str(&format!("{n:>7} {l}\n"));
                } else {
                    out.push_str(&format!("{l}\n"));
                }
            };
            for l in input.lines() {
                match prev {
                    Some((p, n)) if p == l => prev = Some((p, n + 1)),
                    Some((p, n)) => {
                        emit(&mut out, p, n);
                        prev = Some((l, 1));
                    }
                    None => prev = Some((l, 1)),
                }
            }
            if let Some((p, n)) = prev {
                emit(&mut out, p, n);
            }
            Output::ok(out)
        }
        "base64" => {
            let decode = args.iter().any(|a| a == "-d" || a == "--decode" || a == "-D");
            let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let text = match read(&files) {
                Ok(t) => t,
                Err(o) => return Some(o),
            };
            if decode {
                let cleaned: String = text.split_whitespace().collect();
                match crate::cluster::api::base64_decode(&cleaned) {
                    Some(bytes) => Output::ok(String::from_utf8_lossy(&bytes).into_owned()),
                    None => Output::fail("base64: invalid input\n"),
                }
            } else {
                let encoded = crate::cluster::api::base64_encode(text.as_bytes());
                let mut wrapped = String::new();
                for (i, c) in encoded.chars().enumerate() {
                    if i > 0 && i % 76 == 0 {
                        wrapped.push('\n');
                    }
                    wrapped.push(c);
                }
                Output::ok(format!("{wrapped}\n"))
            }
        }
        _ => return None,
    };
    Some(out)
}

fn grep(args: &[String], input: &str, session: &Session) -> Output {
    let (mut ignore, mut invert, mut count, mut extended, mut number, mut word, mut fixed, mut only) =
        (false, false, false, false, false, false, false, false);
    let mut pattern: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            pattern = args.get(i + 1).cloned();
            i += 2;
            continue;
        }
        if a.starts_with('-') && a.len() > 1 && !a.starts_with("--") {
            for c in a[1..].chars() {
                match c {
                    'i' => ignore = true,
                    'v' => invert = true,
                    'c' => count = true,
                    'E' => extended = true,
                    'n' => number = true,
                    'w' => word = true,
                    'F' => fixed = true,
                    'o' => only = true,
                    _ => {
                        return Output {
                            chunks: vec![(
                                crate::kubectl::output::Stream::Err,
                                format!(
                                    "grep: invalid option -- '{c}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
                                ),
                            )],
                            code: 2,
                        };
                    }
                }
            }
        } else if a == "--ignore-case" {
            ignore = true;
        } else if a == "--invert-match" {
            invert = true;
        } else if a == "--count" {
            count = true;
        } else if pattern.is_none() {
            pattern = Some(a.clone());
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(pattern) = pattern else {
        let mut o =
            Output::fail("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
        o.code = 2;
        return o;
    };
    let mut source = if fixed {
        regex_lite::escape(&pattern)
    } else if extended {
        pattern.clone()
    } else {
        basic_to_extended(&pattern)
    };
    if word {
        source = format!(r"\b(?:{source})\b");
    }
    if ignore {
        source = format!("(?i){source}");
    }
    let re = match regex_lite::Regex::new(&source) {
        Ok(r) => r,
        Err(_) => {
            let mut o = Output::fail("grep: Unmatched ( or \\(\n");
            o.code = 2;
            return o;
        }
    };
    let text = if files.is_empty() {
        input.to_string()
    } else {
        let mut t = String::new();
        for f in &files {
            match session.files.read(f) {
                Ok(x) => t.push_str(x),
                Err(e) => {
                    let mut o = Output::fail(format!("grep: {f}: {}\n", e.text()));
                    o.code = 2;
                    return o;
                }
            }
        }
        t
    };
    let mut out = String::new();
    let mut matched = 0;
    for (n, line) in text.lines().enumerate() {
        if re.is_match(line) != invert {
            matched += 1;
            if count {
                continue;
            }
            if number {
                out.push_str(&format!("{}:", n + 1));
            }
            if only && !invert {
                for m in re.find_iter(line) {
                    out.push_str(m.as_str());
                    out.push('\n');
                }
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if count {
        out = format!("{matched}\n");
    }
    let mut o = Output::ok(out);
    if matched == 0 {
        o.code = 1;
    }
    o
}

/// A POSIX basic regular expression in the extended syntax: `+ ? | ( ) { }`
/// are literal unless escaped.
fn basic_to_extended(p: &str) -> String {
    let mut out = String::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n @ ('+' | '?' | '|' | '(' | ')' | '{' | '}')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push_str("\\\\"),
            },
            '+' | '?' | '|' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `cp [-r] SRC… DEST` and `mv SRC… DEST`, with coreutils' messages.
fn copy_or_move(session: &mut Session, name: &str, args: &[String]) -> Output {
    let moving = name == "mv";
    let recursive = args
        .iter()
        .any(|a| a == "--recursive" || (a.starts_with('-') && !a.starts_with("--") && a.contains(['r', 'R', 'a'])));
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-') || a.as_str() == "-").collect();
    let try_help = format!("Try '{name} --help' for more information.\n");
    let (target, sources) = match operands.split_last() {
        None => return Output::fail(format!("{name}: missing file operand\n{try_help}")),
        Some((only, [])) => {
            return Output::fail(format!("{name}: missing destination file operand after '{only}'\n{try_help}"));
        }
        Some((target, sources)) => (target.as_str(), sources),
    };
    let files = &mut session.files;
    let into_dir = files.is_dir(target);
    if sources.len() > 1 && !into_dir {
        let why = if files.exists(target) { "Not a directory" } else { "No such file or directory" };
        return Output::fail(format!("{name}: target '{target}': {why}\n"));
    }
    let mut out = Output::new();
    let fail = |out: &mut Output, text: String| {
        out.err(text);
        out.code = 1;
    };
    for source in sources.iter().map(|s| s.as_str()) {
        if !files.exists(source) {
            fail(&mut out, format!("{name}: cannot stat '{source}': No such file or directory\n"));
            continue;
        }
        let dest = if into_dir {
            let base = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
            format!("{}/{base}", target.trim_end_matches('/'))
        } else {
            target.to_string()
        };
        let (from, to) = (files.resolve(source), files.resolve(&dest));
        if from == to {
            fail(&mut out, format!("{name}: '{source}' and '{dest}' are the same file\n"));
            continue;
        }
        if files.is_dir(source) {
            if !moving && !recursive {
                fail(&mut out, format!("cp: -r not specified; omitting directory '{source}'\n"));
            } else if to.starts_with(&format!("{from}/")) {
                fail(
                    &mut out,
                    if moving {
                        format!("mv: cannot move '{source}' to a subdirectory of itself, '{dest}'\n")
                    } else {
                        format!("cp: cannot copy a directory, '{source}', into itself, '{dest}'\n")
                    },
                );
            } else if files.exists(&dest) && !files.is_dir(&dest) {
                fail(&mut out, format!("{name}: cannot overwrite non-directory '{dest}' with directory '{source}'\n"));
            } else if let Err(e) = files.copy_dir(source, &dest, moving) {
                fail(&mut out, format!("{name}: cannot create directory '{dest}': {}\n", e.text()));
            }
            continue;
        }
        let text = files.read(source).map(str::to_string).unwrap_or_default();
        if let Err(e) = files.write(&dest, text) {
            let what = if moving {
                format!("mv: cannot move '{source}' to '{dest}'")
            } else if e == super::vfs::FsError::IsDirectory {
                format!("cp: cannot overwrite directory '{dest}' with non-directory")
            } else {
                format!("cp: cannot create regular file '{dest}'")
            };
            let why = if e == super::vfs::FsError::IsDirectory && !moving {
                String::new()
            } else {
                format!(": {}", e.text())
            };
            fail(&mut out, format!("{what}{why}\n"));
            continue;
        }
        if moving {
            let _ = files.remove(source);
        }
    }
    out
}
