//! The shell's own commands: files (`cat`, `ls`, `cd`…), text filters for
//! pipes (`grep`, `head`, `tail`, `wc`, `sort`, `uniq`, `base64`), `echo`,
//! `sleep`, `history`, `clear`, the editor (`nano`, `vi`) and a French `help`.
//! Messages follow GNU coreutils and bash.

use crate::kubectl::output::Output;

use super::{Exec, Session};
use crate::vfs::Vfs;

/// The commands `help` lists and completion offers.
pub const BUILTINS: &[&str] = &[
    "base64", "cat", "cd", "clear", "cp", "curl", "echo", "export", "fg", "grep", "head", "help", "history", "jobs",
    "k", "kill", "kubectl", "ls", "minikube", "mkdir", "mv", "nano", "openssl", "pwd", "rm", "sleep", "sort", "tail", "touch",
    "uniq", "vi", "vim", "wc", "pause", "reprendre", "avancer", "vitesse",
];

pub(crate) fn run(session: &mut Session, argv: &[String], stdin: Option<String>) -> Exec {
    let name = argv[0].as_str();
    let args = &argv[1..];
    let input = stdin.clone().unwrap_or_default();
    if let Some(o) = run_filter(&session.files, argv, input.clone()) {
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
            let flags = |c: char| args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c));
            let force = flags('f') || args.iter().any(|a| a == "--force");
            let recursive = flags('r') || flags('R') || args.iter().any(|a| a == "--recursive");
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if recursive && session.files.is_dir(f) {
                    let base = f.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                    if session.files.resolve(f) == "/" {
                        // coreutils' --preserve-root, on by default.
                        o.err(format!(
                            "rm: it is dangerous to operate recursively on '{f}'\nrm: use --no-preserve-root to override this failsafe\n"
                        ));
                        o.code = 1;
                    } else if base == "." || base == ".." {
                        o.err(format!("rm: refusing to remove '.' or '..' directory: skipping '{f}'\n"));
                        o.code = 1;
                    } else {
                        session.files.remove_dir(f);
                    }
                    continue;
                }
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
        "sleep" => return sleep(session, args),
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
        "openssl" => super::openssl::run(session, args),
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

/// GNU sleep: numbers as strtod reads them (`1e3`, `.5`, `inf`), each with
/// an optional `s`, `m`, `h` or `d`, added up; the clock moves that much.
fn sleep(session: &mut Session, args: &[String]) -> Exec {
    const TRY: &str = "Try 'sleep --help' for more information.\n";
    let mut total = 0.0;
    let mut errors = String::new();
    let mut options = true;
    for arg in args {
        if options && arg == "--" {
            options = false;
            continue;
        }
        // GNU sleep has no options but --help and --version: `-1` is one.
        if options && arg.len() > 1 && arg.starts_with('-') {
            let text = match arg.strip_prefix("--") {
                Some(_) => format!("sleep: unrecognized option '{arg}'\n"),
                None => format!("sleep: invalid option -- '{}'\n", arg[1..].chars().next().unwrap_or('-')),
            };
            return Exec::Done(Output::fail(text + TRY));
        }
        let text = arg.trim_start();
        let (number, factor) = match text.as_bytes().last() {
            Some(b's') => (&text[..text.len() - 1], 1.0),
            Some(b'm') => (&text[..text.len() - 1], 60.0),
            Some(b'h') => (&text[..text.len() - 1], 3600.0),
            Some(b'd') => (&text[..text.len() - 1], 86400.0),
            _ => (text, 1.0),
        };
        match number.parse::<f64>() {
            Ok(n) if n >= 0.0 => total += n * factor,
            _ => errors.push_str(&format!("sleep: invalid time interval ‘{arg}’\n")),
        }
    }
    if args.is_empty() {
        return Exec::Done(Output::fail(format!("sleep: missing operand\n{TRY}")));
    }
    if !errors.is_empty() {
        return Exec::Done(Output::fail(errors + TRY));
    }
    session.sleep(total)
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
                // Dot files (`.kube`) only with -a.
                let mut names: Vec<(String, bool)> = entries.into_iter().filter(|(n, _)| all || !n.starts_with('.')).collect();
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

/// curl's options that take a value (`-H 'Host: x'`, `--resolve h:80:ip`).
const CURL_VALUED: &[&str] = &[
    "-H", "--header", "--resolve", "-o", "--output", "-X", "--request", "-d", "--data", "--data-raw", "-A",
    "--user-agent", "-u", "--user", "-m", "--max-time", "--connect-timeout", "-e", "--referer", "-b", "--cookie",
    "-c", "--cookie-jar", "-w", "--write-out", "--cacert", "-x", "--proxy", "--connect-to",
];

/// The URL (the first word that is neither an option nor an option's value)
/// and how curl asks for it: `-H 'Host: …'`, `--resolve NAME:PORT:ADDRESS`
/// and the shell's `/etc/hosts`, `-k`. Only some learners pass these: in the
/// page's lazy part.
#[inline(never)]
fn curl_options(args: &[String], hosts: Option<&str>) -> (Option<String>, crate::cluster::runtime::Client) {
    let mut client = crate::cluster::runtime::Client::default();
    let (mut url, mut headers, mut resolve) = (None, Vec::new(), Vec::new());
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if let Some((flag, value)) = a.split_once('=').filter(|(f, _)| f.starts_with("--") && CURL_VALUED.contains(f)) {
            match flag {
                "--header" => headers.push(value),
                "--resolve" => resolve.push(value),
                _ => {}
            }
        } else if CURL_VALUED.contains(&a.as_str()) {
            let value = args.get(i + 1).map_or("", String::as_str);
            match a.as_str() {
                "-H" | "--header" => headers.push(value),
                "--resolve" => resolve.push(value),
                _ => {}
            }
            i += 1;
        } else if let Some(value) = a.strip_prefix("-H").filter(|v| !v.is_empty() && !a.starts_with("--")) {
            headers.push(value);
        } else if !a.starts_with('-') && url.is_none() {
            url = Some(a.clone());
        }
        i += 1;
    }
    client.insecure =
        args.iter().any(|a| a == "--insecure" || (a.starts_with('-') && !a.starts_with("--") && a.contains('k')));
    // `-H 'Host: name'`: the Host header sent.
    for h in headers {
        if let Some((key, value)) = h.split_once(':')
            && key.trim().eq_ignore_ascii_case("host")
        {
            client.host = Some(value.trim().to_string());
        }
    }
    // `--resolve name:port:address`, then the names the shell's /etc/hosts gives.
    for r in resolve {
        let mut parts = r.splitn(3, ':');
        if let (Some(h), Some(Ok(p)), Some(a)) = (parts.next(), parts.next().map(str::parse::<i32>), parts.next()) {
            client.resolve.push((h.to_string(), p, a.trim_matches(['[', ']']).to_string()));
        }
    }
    for line in hosts.unwrap_or_default().lines().map(|l| l.split('#').next().unwrap_or("")) {
        let mut words = line.split_whitespace();
        if let Some(address) = words.next() {
            for h in words {
                for p in [80, 443] {
                    client.resolve.push((h.to_string(), p, address.to_string()));
                }
            }
        }
    }
    (url, client)
}

fn curl(session: &mut Session, name: &str, args: &[String]) -> Output {
    let hosts = session.files.read("/etc/hosts").ok().map(str::to_string);
    let special = hosts.is_some()
        || args.iter().any(|a| {
            CURL_VALUED.iter().any(|v| a.starts_with(v)) || a == "--insecure" || a.starts_with("https:")
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('k'))
        });
    let (url, mut client) = if special {
        curl_options(args, hosts.as_deref())
    } else {
        (args.iter().find(|a| !a.starts_with('-')).cloned(), Default::default())
    };
    let Some(url) = url.as_ref() else {
        return Output::fail(format!("{name}: try '{name} --help' for more information\n"));
    };
    // A kubernetes.io example (the tutorials' download steps): from the examples book.
    if let Some(section) = crate::kubectl::apply::example_section(url)
        && let Some(done) = download(session, name, args, url, &section)
    {
        return done;
    }
    if let Some(host) = internet_host(session, url, &client) {
        return offline(session, name, url, &host);
    }
    // Response headers are not simulated: say so rather than print a body curl would not.
    let headers = args.iter().any(|a| {
        matches!(a.as_str(), "--head" | "--include") || (a.starts_with('-') && !a.starts_with("--") && (a.contains('I') || a.contains('i')))
    });
    if name == "curl" && headers {
        let mut o = Output::fail(
            "Ici, curl n’affiche pas les en-têtes HTTP (-I, -i)\u{a0}: relancez sans cette option pour voir le corps de la réponse.\n",
        );
        o.code = 2;
        return o;
    }
    // A port `kubectl port-forward … &` holds: kubectl says so, then the pod answers.
    let local = url.strip_prefix("http://").unwrap_or(url).split('/').next().unwrap_or("");
    let forwarded = local
        .strip_prefix("localhost:")
        .or_else(|| local.strip_prefix("127.0.0.1:"))
        .and_then(|p| p.parse::<u16>().ok())
        .and_then(|port| {
            session.jobs.forwarded(port).map(|(ns, pod, remote)| (port, ns.to_string(), pod.to_string(), remote))
        });
    // `-L` follows redirects (WordPress sends its installer's address).
    let follow = args.iter().any(|a| a == "--location" || (a.starts_with('-') && !a.starts_with("--") && a.contains('L')));
    client.follow_redirects = if follow { 50 } else { 0 };
    let answer = match forwarded {
        Some((port, ns, pod, remote)) => {
            session.jobs.say(format!("Handling connection for {port}\n"));
            let path = url.strip_prefix("http://").unwrap_or(url).split_once('/').map_or("", |(_, p)| p);
            let ip =
                session.cluster.store().get::<crate::cluster::objects::Pod>(&ns, &pod).map(|p| p.status.pod_ip.clone());
            // The application sees the address the learner typed, not the pod's.
            client.host = Some(local.to_string());
            match ip {
                Some(ip) if !ip.is_empty() => {
                    session.cluster.curl(&ns, &format!("http://{ip}:{remote}/{path}"), &client)
                }
                _ => Err("curl: (52) Empty reply from server".to_string()),
            }
        }
        None => session.cluster.curl("default", url, &client),
    };
    match answer {
        Ok(body) => Output::ok(body),
        Err(e) => {
            let words: Vec<&str> = args.iter().map(String::as_str).collect();
            let quiet = crate::cluster::runtime::silenced(name, &words);
            let mut o = Output::fail(if quiet { String::new() } else { format!("{e}\n") });
            // curl's exit code is the number in its message: `curl: (60) …`.
            o.code = e
                .strip_prefix("curl: (")
                .and_then(|rest| rest.split_once(')'))
                .and_then(|(n, _)| n.parse().ok())
                .unwrap_or(7);
            o
        }
    }
}

/// `wget URL [-O FILE]`, `curl -o FILE URL`, `curl -O URL` (or to stdout)
/// of a kubernetes.io example: its text comes from the examples book and is
/// written to the learner's files. Quiet: wget's and curl's progress lines
/// are not simulated. `None` when the book does not hold it (it fails as
/// any address does offline).
#[inline(never)]
fn download(session: &mut Session, name: &str, args: &[String], url: &str, section: &str) -> Option<Output> {
    use crate::kubectl::docs::{self, Book};
    let Some(text) = session.docs.get(Book::Examples).map(|book| docs::section(book, section).map(str::to_string)) else {
        return Some(Output::fail(docs::missing(Book::Examples)));
    };
    let base = url.rsplit('/').next().filter(|b| !b.is_empty()).unwrap_or("index.html").to_string();
    // Where the body goes: None is stdout.
    let mut target: Option<String> = if name == "wget" { Some(base.clone()) } else { None };
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let next = args.get(i + 1).cloned();
        match a.as_str() {
            "-O" | "--output-document" if name == "wget" => (target, i) = (next, i + 1),
            "-o" | "--output" if name == "curl" => (target, i) = (next, i + 1),
            "-O" | "--remote-name" if name == "curl" => target = Some(base.clone()),
            _ if a.starts_with("--output-document=") && name == "wget" => {
                target = a.split_once('=').map(|(_, f)| f.to_string());
            }
            _ if a.starts_with("--output=") && name == "curl" => target = a.split_once('=').map(|(_, f)| f.to_string()),
            // Bundled short options: `-LO`, `-sSLo FILE`, `-qO FILE`.
            _ if a.starts_with('-') && !a.starts_with("--") => {
                let flags = &a[1..];
                let out_flag = if name == "wget" { 'O' } else { 'o' };
                if name == "curl" && flags.contains('O') {
                    target = Some(base.clone());
                }
                if let Some(at) = flags.find(out_flag) {
                    let rest = &flags[at + 1..];
                    if rest.is_empty() {
                        (target, i) = (next, i + 1);
                    } else {
                        target = Some(rest.to_string());
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let Some(text) = text else { return None };
    Some(match target.as_deref() {
        None | Some("-") => Output::ok(text),
        Some(file) => match session.files.write(file, text) {
            Ok(()) => Output::new(),
            Err(_) if name == "wget" => Output::fail(format!("{file}: No such file or directory\n")),
            Err(_) => {
                let mut o = Output::fail(format!(
                    "Warning: Failed to open the file {file}: No such file or directory\ncurl: (23) Failure writing output to destination\n"
                ));
                o.code = 23;
                o
            }
        },
    })
}

/// The host of an Internet address (`example.com`, `github.com`): the
/// learner's machine has no network, so such a name does not resolve.
/// Cluster names, addresses, `localhost` and names `--resolve` or
/// `/etc/hosts` give go on to the cluster.
fn internet_host(session: &Session, url: &str, client: &crate::cluster::runtime::Client) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.rsplit_once(':').filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
    let internet = host.contains('.')
        && !host.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !host.starts_with('[')
        && ![".local", ".svc", ".nip.io", ".test", ".example"].iter().any(|s| host.ends_with(s))
        && !host.split('.').nth(1).is_some_and(|second| session.cluster.store().namespaces.get("", second).is_some())
        && !client.resolve.iter().any(|(h, _, _)| h == host);
    internet.then(|| host.to_string())
}

/// What curl and GNU wget say when a name does not resolve (the page's lazy part).
#[inline(never)]
fn offline(session: &Session, name: &str, url: &str, host: &str) -> Output {
    let mut o = if name == "wget" {
        let (y, mo, d, h, mi, s, _) = session.cluster.now().civil();
        let mut o = Output::fail(format!(
            "--{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}--  {url}\nResolving {host} ({host})... failed: Temporary failure in name resolution.\nwget: unable to resolve host address ‘{host}’\n"
        ));
        o.code = 4;
        o
    } else {
        let mut o = Output::fail(format!("curl: (6) Could not resolve host: {host}\n"));
        o.code = 6;
        o
    };
    o.note("(Le simulateur n’a pas accès à Internet\u{a0}: seuls les exemples de kubernetes.io que les tutoriels téléchargent sont là.)\n");
    o
}

/// The text filters, usable in a pipe (also on a watch's output). `None`
/// when `argv` is not a filter.
pub(crate) fn run_filter(vfs: &Vfs, argv: &[String], input: String) -> Option<Output> {
    let name = argv.first()?.as_str();
    let args = &argv[1..];
    let read = |files: &[&String]| -> Result<String, Output> {
        if files.is_empty() {
            return Ok(input.clone());
        }
        let mut text = String::new();
        for f in files {
            match vfs.read(f) {
                Ok(t) => text.push_str(t),
                Err(e) => return Err(Output::fail(format!("{name}: {f}: {}\n", e.text()))),
            }
        }
        Ok(text)
    };
    let out = match name {
        "grep" => grep::run(args, &input, vfs),
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
            // `-w COLS`, `-wCOLS`, `--wrap=COLS`: wrap at COLS (0: never).
            let mut wrap = 76;
            let mut files: Vec<&String> = Vec::new();
            let mut words = args.iter();
            while let Some(a) = words.next() {
                let cols = match a.as_str() {
                    "-w" | "--wrap" => words.next().map(String::as_str).unwrap_or(""),
                    _ => match a.strip_prefix("--wrap=").or_else(|| a.strip_prefix("-w")) {
                        Some(c) => c,
                        None => {
                            if !a.starts_with('-') || a == "-" {
                                files.push(a);
                            }
                            continue;
                        }
                    },
                };
                match cols.parse::<usize>() {
                    Ok(n) => wrap = n,
                    Err(_) => return Some(Output::fail(format!("base64: invalid wrap size: ‘{cols}’\n"))),
                }
            }
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
                    if i > 0 && wrap > 0 && i % wrap == 0 {
                        wrapped.push('\n');
                    }
                    wrapped.push(c);
                }
                // `-w 0` ends without a newline, as GNU's does.
                if wrap > 0 && !wrapped.is_empty() {
                    wrapped.push('\n');
                }
                Output::ok(wrapped)
            }
        }
        _ => return None,
    };
    Some(out)
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
        if from == "/" && moving {
            // rename(2) of the root: the kernel says EBUSY.
            fail(&mut out, format!("mv: cannot move '{source}' to '{dest}': Device or resource busy\n"));
            continue;
        }
        if from == to {
            fail(&mut out, format!("{name}: '{source}' and '{dest}' are the same file\n"));
            continue;
        }
        if files.is_dir(source) {
            if !moving && !recursive {
                fail(&mut out, format!("cp: -r not specified; omitting directory '{source}'\n"));
            } else if from == "/" || to.starts_with(&format!("{from}/")) {
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

/// `grep`, as GNU grep 3.11 behaves for what learners type after `kubectl … |`.
mod grep {
    //! Three steps, each as GNU does it: the options as getopt_long reads them
    //! (bundled, permuted, long names abbreviated, its messages word for
    //! word); the patterns, GNU's basic or extended syntax translated for
    //! regex-lite with glibc's errors and the dfa's warnings; the search, with
    //! context groups, `file:line:` prefixes and the exit codes 0 (a line
    //! selected), 1 (none) and 2 (trouble).

    use std::cell::Cell;

    use crate::vfs::Vfs;
    use crate::kubectl::output::Output;

    const USAGE: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

    pub(super) fn run(args: &[String], stdin: &str, files: &Vfs) -> Output {
        let inputs = Inputs { files, stdin, stdin_read: Cell::new(false) };
        match grep(args, &inputs) {
            Ok(out) | Err(out) => out,
        }
    }

    fn grep(args: &[String], inputs: &Inputs) -> Result<Output, Output> {
        let mut o = Options::parse(args, inputs)?;
        let patterns = match o.patterns.take() {
            Some(patterns) => patterns,
            None if o.operands.is_empty() => return Err(trouble(USAGE)),
            None => {
                // GNU drops the backslash of an operand's leading `\-`, the
                // idiom for a pattern that starts with `-`.
                let operand = o.operands.remove(0);
                let pattern = match operand.strip_prefix("\\-") {
                    Some(rest) if o.syntax != Some(Syntax::Fixed) => format!("-{rest}"),
                    _ => operand,
                };
                split_patterns(&pattern, None)
            }
        };
        // GNU reads a pattern once however often it is given.
        let mut unique: Vec<Pattern> = Vec::with_capacity(patterns.len());
        for p in patterns {
            if !unique.iter().any(|u| u.text == p.text) {
                unique.push(p);
            }
        }
        let mut patterns = unique;
        // No pattern at all (`-f` of an empty file): GNU inverts the empty
        // pattern, which matches every line, so that nothing is selected.
        if patterns.is_empty() {
            o.invert = !o.invert;
            (o.word, o.line) = (false, false);
            patterns.push(Pattern { text: String::new(), origin: None });
        }
        // GNU stops before compiling or reading anything when nothing can be selected.
        let selects_nothing = o.max_count == Some(0)
            || (o.invert && !o.word && !o.line && patterns.len() == 1 && patterns[0].text.is_empty());
        if selects_nothing && o.list != Some(List::NonMatching) {
            return Ok(Output { chunks: vec![], code: 1 });
        }
        let (regex, warnings, size) = compile(&o, &patterns)?;
        let mut out = Output::new();
        out.err(warnings);
        search(&o, (&regex, size), inputs, &mut out);
        Ok(out)
    }

    /// Exit status 2 with GNU's message.
    fn trouble(text: impl Into<String>) -> Output {
        let mut out = Output::fail(text);
        out.code = 2;
        out
    }

    /// getopt's complaint, then grep's usage lines.
    fn usage_error(text: String) -> Output {
        trouble(text + USAGE)
    }

    /// An option or a pattern GNU grep takes and this console does not.
    fn unsupported(what: &str) -> Output {
        let mut out = Output::new();
        out.note(format!("grep : {what} n’est pas disponible dans cette console.\n"));
        out.code = 2;
        out
    }

    /// Where grep reads: the session's files, and stdin (once, as a pipe is read).
    struct Inputs<'a> {
        files: &'a Vfs,
        stdin: &'a str,
        stdin_read: Cell<bool>,
    }

    impl<'a> Inputs<'a> {
        fn read(&self, name: &str) -> Result<&'a str, &'static str> {
            if name == "-" {
                return Ok(if self.stdin_read.replace(true) { "" } else { self.stdin });
            }
            self.files.read(name).map_err(|e| e.text())
        }
    }

    // ---- Options ----

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Syntax {
        Basic,
        Extended,
        Fixed,
    }

    /// `-l` or `-L`.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum List {
        Matching,
        NonMatching,
    }

    /// One pattern, and the `-f` file and line it came from (GNU names them in errors).
    struct Pattern {
        text: String,
        origin: Option<(String, usize)>,
    }

    struct Options {
        /// Given by `-e` or `-f`; without them the first operand is the pattern.
        patterns: Option<Vec<Pattern>>,
        syntax: Option<Syntax>,
        ignore_case: bool,
        invert: bool,
        word: bool,
        line: bool,
        count: bool,
        list: Option<List>,
        quiet: bool,
        no_messages: bool,
        number: bool,
        byte_offset: bool,
        only_matching: bool,
        with_filename: Option<bool>,
        null: bool,
        label: Option<String>,
        max_count: Option<u64>,
        /// `-B`, `-A` and `-C`/`-NUM` as given: once any is, GNU separates groups.
        before: Option<usize>,
        after: Option<usize>,
        context: Option<usize>,
        group_separator: Option<String>,
        operands: Vec<String>,
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Arg {
        No,
        Required,
        Optional,
    }

    /// What an option does: its short letter, or its long name when it has none.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Key {
        Short(char),
        Long(&'static str),
    }

    /// GNU grep's long options in its own order, which its ambiguity message follows.
    const LONG_OPTIONS: &[(&str, Arg, Key)] = &[
        ("basic-regexp", Arg::No, Key::Short('G')),
        ("extended-regexp", Arg::No, Key::Short('E')),
        ("fixed-regexp", Arg::No, Key::Short('F')),
        ("fixed-strings", Arg::No, Key::Short('F')),
        ("perl-regexp", Arg::No, Key::Short('P')),
        ("after-context", Arg::Required, Key::Short('A')),
        ("before-context", Arg::Required, Key::Short('B')),
        ("binary-files", Arg::Required, Key::Long("binary-files")),
        ("byte-offset", Arg::No, Key::Short('b')),
        ("context", Arg::Required, Key::Short('C')),
        ("color", Arg::Optional, Key::Long("color")),
        ("colour", Arg::Optional, Key::Long("color")),
        ("count", Arg::No, Key::Short('c')),
        ("devices", Arg::Required, Key::Short('D')),
        ("directories", Arg::Required, Key::Short('d')),
        ("exclude", Arg::Required, Key::Long("exclude")),
        ("exclude-from", Arg::Required, Key::Long("exclude-from")),
        ("exclude-dir", Arg::Required, Key::Long("exclude-dir")),
        ("file", Arg::Required, Key::Short('f')),
        ("files-with-matches", Arg::No, Key::Short('l')),
        ("files-without-match", Arg::No, Key::Short('L')),
        ("group-separator", Arg::Required, Key::Long("group-separator")),
        ("help", Arg::No, Key::Long("help")),
        ("include", Arg::Required, Key::Long("include")),
        ("ignore-case", Arg::No, Key::Short('i')),
        ("no-ignore-case", Arg::No, Key::Long("no-ignore-case")),
        ("initial-tab", Arg::No, Key::Short('T')),
        ("label", Arg::Required, Key::Long("label")),
        ("line-buffered", Arg::No, Key::Long("line-buffered")),
        ("line-number", Arg::No, Key::Short('n')),
        ("line-regexp", Arg::No, Key::Short('x')),
        ("max-count", Arg::Required, Key::Short('m')),
        ("no-filename", Arg::No, Key::Short('h')),
        ("no-group-separator", Arg::No, Key::Long("group-separator")),
        ("no-messages", Arg::No, Key::Short('s')),
        ("null", Arg::No, Key::Short('Z')),
        ("null-data", Arg::No, Key::Short('z')),
        ("only-matching", Arg::No, Key::Short('o')),
        ("quiet", Arg::No, Key::Short('q')),
        ("recursive", Arg::No, Key::Short('r')),
        ("dereference-recursive", Arg::No, Key::Short('R')),
        ("regexp", Arg::Required, Key::Short('e')),
        ("invert-match", Arg::No, Key::Short('v')),
        ("silent", Arg::No, Key::Short('q')),
        ("text", Arg::No, Key::Short('a')),
        ("binary", Arg::No, Key::Short('U')),
        ("unix-byte-offsets", Arg::No, Key::Short('u')),
        ("version", Arg::No, Key::Short('V')),
        ("with-filename", Arg::No, Key::Short('H')),
        ("word-regexp", Arg::No, Key::Short('w')),
    ];

    /// Whether a short option takes an argument; `None` when GNU has no such option.
    fn short_takes_argument(c: char) -> Option<bool> {
        const SHORT: &str = "0123456789A:B:C:D:EFGHIPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz";
        let at = SHORT.find(c).filter(|_| c != ':')?;
        Some(SHORT[at + 1..].starts_with(':'))
    }

    impl Options {
        /// Options anywhere among the operands (GNU permutes them) until `--`.
        fn parse(args: &[String], inputs: &Inputs) -> Result<Options, Output> {
            let mut o = Options {
                patterns: None,
                syntax: None,
                ignore_case: false,
                invert: false,
                word: false,
                line: false,
                count: false,
                list: None,
                quiet: false,
                no_messages: false,
                number: false,
                byte_offset: false,
                only_matching: false,
                with_filename: None,
                null: false,
                label: None,
                max_count: None,
                before: None,
                after: None,
                context: None,
                group_separator: Some("--".into()),
                operands: Vec::new(),
            };
            let mut i = 0;
            while i < args.len() {
                let arg = args[i].as_str();
                i += 1;
                if arg == "--" {
                    o.operands.extend(args[i..].iter().cloned());
                    break;
                } else if let Some(long) = arg.strip_prefix("--") {
                    let (name, key, value) = long_option(long, args, &mut i)?;
                    o.apply(key, value, &format!("--{name}"), inputs)?;
                } else if arg.len() > 1 && arg.starts_with('-') {
                    o.short_options(&arg[1..], args, &mut i, inputs)?;
                } else {
                    o.operands.push(arg.to_string());
                }
            }
            Ok(o)
        }

        /// One `-abc` word: letters, an argument attached or in the next word,
        /// and digits, which run together into a context length (`-15`).
        fn short_options(&mut self, word: &str, args: &[String], i: &mut usize, inputs: &Inputs) -> Result<(), Output> {
            let mut digits = String::new();
            let mut rest = word;
            while let Some(c) = rest.chars().next() {
                rest = &rest[c.len_utf8()..];
                if c.is_ascii_digit() {
                    // GNU drops a leading zero and keeps 21 digits at most.
                    if digits == "0" {
                        digits.clear();
                    }
                    if digits.len() == 21 {
                        return Err(trouble(format!("grep: {digits}...: invalid context length argument\n")));
                    }
                    digits.push(c);
                    continue;
                }
                self.context_digits(&mut digits)?;
                let value = match short_takes_argument(c) {
                    None => return Err(usage_error(format!("grep: invalid option -- '{c}'\n"))),
                    Some(false) => None,
                    Some(true) if !rest.is_empty() => Some(std::mem::take(&mut rest).to_string()),
                    Some(true) => match args.get(*i) {
                        Some(value) => {
                            *i += 1;
                            Some(value.clone())
                        }
                        None => return Err(usage_error(format!("grep: option requires an argument -- '{c}'\n"))),
                    },
                };
                self.apply(Key::Short(c), value, &format!("-{c}"), inputs)?;
            }
            self.context_digits(&mut digits)
        }

        fn context_digits(&mut self, digits: &mut String) -> Result<(), Output> {
            if !digits.is_empty() {
                self.context = Some(context_length(digits)?);
                digits.clear();
            }
            Ok(())
        }

        fn apply(&mut self, key: Key, value: Option<String>, name: &str, inputs: &Inputs) -> Result<(), Output> {
            let text = value.as_deref().unwrap_or_default();
            match key {
                Key::Short('A') => self.after = Some(context_length(text)?),
                Key::Short('B') => self.before = Some(context_length(text)?),
                Key::Short('C') => self.context = Some(context_length(text)?),
                Key::Short('E') => self.set_syntax(Syntax::Extended)?,
                Key::Short('F') => self.set_syntax(Syntax::Fixed)?,
                Key::Short('G') => self.set_syntax(Syntax::Basic)?,
                Key::Short('e') => self.patterns.get_or_insert_with(Vec::new).extend(split_patterns(text, None)),
                Key::Short('f') => {
                    let file = inputs.read(text).map_err(|e| trouble(format!("grep: {text}: {e}\n")))?;
                    self.patterns.get_or_insert_with(Vec::new).extend(split_patterns(file, Some(text)));
                }
                Key::Short('i' | 'y') => self.ignore_case = true,
                Key::Long("no-ignore-case") => self.ignore_case = false,
                Key::Short('v') => self.invert = true,
                Key::Short('w') => self.word = true,
                Key::Short('x') => self.line = true,
                Key::Short('c') => self.count = true,
                Key::Short('l') => self.list = Some(List::Matching),
                Key::Short('L') => self.list = Some(List::NonMatching),
                Key::Short('q') => self.quiet = true,
                Key::Short('s') => self.no_messages = true,
                Key::Short('n') => self.number = true,
                Key::Short('b') => self.byte_offset = true,
                Key::Short('o') => self.only_matching = true,
                Key::Short('H') => self.with_filename = Some(true),
                Key::Short('h') => self.with_filename = Some(false),
                Key::Short('Z') => self.null = true,
                Key::Short('m') => self.max_count = max_count(text)?,
                Key::Long("label") => self.label = value,
                // `--no-group-separator` has no value: no separator.
                Key::Long("group-separator") => self.group_separator = value,
                // Every file here is text, and the output is never coloured.
                Key::Short('a' | 'U') | Key::Long("color" | "line-buffered") => {}
                _ => return Err(unsupported(&format!("l’option « {name} »"))),
            }
            Ok(())
        }

        fn set_syntax(&mut self, syntax: Syntax) -> Result<(), Output> {
            if self.syntax.is_some_and(|s| s != syntax) {
                return Err(trouble("grep: conflicting matchers specified\n"));
            }
            self.syntax = Some(syntax);
            Ok(())
        }
    }

    /// `--name[=value]` as getopt_long reads it: a prefix naming one option is
    /// enough, and a required value may be the next word.
    fn long_option(text: &str, args: &[String], i: &mut usize) -> Result<(&'static str, Key, Option<String>), Output> {
        let (name, attached) = match text.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (text, None),
        };
        let &(full, arg, key) = match LONG_OPTIONS.iter().find(|o| o.0 == name) {
            Some(exact) => exact,
            None => {
                let mut prefixed = LONG_OPTIONS.iter().filter(|o| o.0.starts_with(name));
                let Some(first) = prefixed.next() else {
                    return Err(usage_error(format!("grep: unrecognized option '--{text}'\n")));
                };
                // Two names for the same option (`--fixed`) are no ambiguity.
                let others: Vec<_> = prefixed.filter(|o| (o.1, o.2) != (first.1, first.2)).collect();
                if !others.is_empty() {
                    let names: String = std::iter::once(first).chain(others).map(|o| format!(" '--{}'", o.0)).collect();
                    return Err(usage_error(format!("grep: option '--{text}' is ambiguous; possibilities:{names}\n")));
                }
                first
            }
        };
        let value = match (arg, attached) {
            (Arg::No, Some(_)) => {
                return Err(usage_error(format!("grep: option '--{full}' doesn't allow an argument\n")));
            }
            (Arg::Required, None) => match args.get(*i) {
                Some(value) => {
                    *i += 1;
                    Some(value.clone())
                }
                None => return Err(usage_error(format!("grep: option '--{full}' requires an argument\n"))),
            },
            (_, value) => value,
        };
        Ok((full, key, value))
    }

    /// A number as GNU's xstrtoimax reads it: leading blanks, a sign, digits;
    /// too big for 64 bits is the largest value.
    fn number(text: &str) -> Option<i64> {
        let t = text.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
        let (negative, digits) = match t.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = digits.bytes().fold(0i64, |n, b| n.saturating_mul(10).saturating_add(i64::from(b - b'0')));
        Some(if negative { -n } else { n })
    }

    fn context_length(text: &str) -> Result<usize, Output> {
        match number(text) {
            Some(n) if n >= 0 => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
            _ => Err(trouble(format!("grep: {text}: invalid context length argument\n"))),
        }
    }

    /// `-m NUM`; a negative count means no limit.
    fn max_count(text: &str) -> Result<Option<u64>, Output> {
        match number(text) {
            Some(n) => Ok(u64::try_from(n).ok()),
            None => Err(trouble("grep: invalid max count\n")),
        }
    }

    /// Patterns are lines: `-e $'a\nb'` is two, and a file's last newline
    /// ends its last pattern (an empty file has none).
    fn split_patterns(text: &str, file: Option<&str>) -> Vec<Pattern> {
        let text = match file {
            Some(_) if text.is_empty() => return Vec::new(),
            Some(_) => text.strip_suffix('\n').unwrap_or(text),
            None => text,
        };
        text.split('\n')
            .enumerate()
            .map(|(n, line)| Pattern { text: line.to_string(), origin: file.map(|f| (f.to_string(), n + 1)) })
            .collect()
    }

    // ---- Patterns ----

    /// Past this many atoms (counted repetitions expanded), a pattern is
    /// refused: regex-lite's search time grows as the pattern's size times the
    /// input's, and a page must not hang (`a{32767}` took seconds on a long
    /// line). GNU's own limit, 32767 per count, is checked first.
    const SIZE_LIMIT: u64 = 1000;

    /// GNU's RE_DUP_MAX: the largest count `{m,n}` takes.
    const DUP_MAX: u32 = 32767;

    // glibc's messages, which GNU grep prints.
    const EBRACK: &str = "Unmatched [, [^, [:, [., or [=";
    const EPAREN: &str = "Unmatched ( or \\(";
    const ERPAREN: &str = "Unmatched ) or \\)";
    const EBRACE: &str = "Unmatched \\{";
    const BADBR: &str = "Invalid content of \\{\\}";
    const ESIZE: &str = "Regular expression too big";
    const ESUBREG: &str = "Invalid back reference";
    const EESCAPE: &str = "Trailing backslash";
    const ERANGE: &str = "Invalid range end";
    const ECTYPE: &str = "Invalid character class name";
    const ECOLLATE: &str = "Invalid collation character";
    const BADPAT: &str = "Invalid regular expression";

    /// Every pattern as one regex-lite program, with -i, -w and -x; and the
    /// warnings GNU prints before searching.
    fn compile(o: &Options, patterns: &[Pattern]) -> Result<(regex_lite::Regex, String, u64), Output> {
        let translated = translate_all(o, patterns)?;
        let warnings = dfa_warnings(&translated)?;
        if let Some(what) = translated.iter().find_map(|t| t.unsupported) {
            return Err(unsupported(what));
        }
        let too_big = || trouble(format!("{warnings}grep: {ESIZE}\n"));
        let size = translated.iter().fold(0u64, |total, t| total.saturating_add(t.size));
        if size > SIZE_LIMIT {
            return Err(too_big());
        }
        let alternatives: Vec<String> = translated.iter().map(|t| format!("(?:{})", t.regex)).collect();
        let mut source = alternatives.join("|");
        if o.line {
            source = format!("^(?:{source})$");
        } else if o.word {
            // GNU's -w: no word character just before the match nor just after.
            source = format!(r"\b{{start-half}}(?:{source})\b{{end-half}}");
        }
        if o.ignore_case {
            source = format!("(?i){source}");
        }
        let regex = regex_lite::RegexBuilder::new(&source).size_limit(1 << 20).build().map_err(|_| too_big())?;
        Ok((regex, warnings, size))
    }

    /// Each pattern checked as glibc checks it: GNU names every bad one.
    fn translate_all(o: &Options, patterns: &[Pattern]) -> Result<Vec<Translated>, Output> {
        let mut syntax = o.syntax.unwrap_or(Syntax::Basic);
        // Two patterns or more are fixed strings when they can be: then
        // nothing is checked nor warned about.
        let fixed = (patterns.len() > 1 && syntax != Syntax::Fixed).then(|| fixed_strings(patterns, syntax)).flatten();
        let texts: Vec<&str> = match &fixed {
            Some(strings) => {
                syntax = Syntax::Fixed;
                strings.iter().map(String::as_str).collect()
            }
            None => patterns.iter().map(|p| p.text.as_str()).collect(),
        };
        let mut errors = String::new();
        let mut translated = Vec::new();
        for (p, text) in patterns.iter().zip(texts) {
            match translate(text, syntax) {
                Ok(t) => translated.push(t),
                Err(e) => {
                    let at = p.origin.as_ref().map(|(file, n)| format!("{file}:{n}: ")).unwrap_or_default();
                    errors.push_str(&format!("grep: {at}{e}\n"));
                }
            }
        }
        if errors.is_empty() { Ok(translated) } else { Err(trouble(errors)) }
    }

    /// Then GNU's dfa reads them all: its warnings, or one of its own errors
    /// after the warnings before it.
    fn dfa_warnings(translated: &[Translated]) -> Result<String, Output> {
        let mut warnings = String::new();
        for said in translated.iter().flat_map(|t| &t.dfa) {
            match said {
                Dfa::Warning(w) => warnings.push_str(&format!("grep: warning: {w}\n")),
                Dfa::Error(e) => return Err(trouble(format!("{warnings}grep: {e}\n"))),
            }
        }
        Ok(warnings)
    }

    /// The patterns as fixed strings, if they mean nothing more (GNU's
    /// try_fgrep_pattern): escaped characters that are not operators stand
    /// for themselves.
    fn fixed_strings(patterns: &[Pattern], syntax: Syntax) -> Option<Vec<String>> {
        let basic = syntax == Syntax::Basic;
        let last = patterns.len().saturating_sub(1);
        let fixed = |(i, p): (usize, &Pattern)| {
            let mut text = String::new();
            let mut chars = p.text.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('$' | '*' | '.' | '[' | '^', _) => return None,
                    ('(' | '+' | '?' | '{' | '|', _) if !basic => return None,
                    // GNU sees the newline after a pattern's last backslash (not after the last pattern's).
                    ('\\', None) if i != last => return None,
                    // GNU's word and buffer assertions, back-references.
                    ('\\', Some(e)) if "bBwWsS<>`'123456789".contains(*e) => return None,
                    ('\\', Some('(' | ')' | '+' | '?' | '{' | '|')) if basic => return None,
                    ('\\', Some(&escaped)) => {
                        chars.next();
                        text.push(escaped);
                    }
                    (c, _) => text.push(c),
                }
            }
            Some(text)
        };
        patterns.iter().enumerate().map(fixed).collect()
    }

    /// A pattern, ready for regex-lite.
    struct Translated {
        regex: String,
        /// What GNU's dfa says once glibc accepted the pattern, in order.
        dfa: Vec<Dfa>,
        /// Atoms once counted repetitions are expanded (see `SIZE_LIMIT`).
        size: u64,
        /// What GNU matches and regex-lite cannot (back-references).
        unsupported: Option<&'static str>,
    }

    enum Dfa {
        Warning(String),
        Error(&'static str),
    }

    fn translate(pattern: &str, syntax: Syntax) -> Result<Translated, &'static str> {
        if syntax == Syntax::Fixed {
            let size = pattern.chars().count() as u64;
            return Ok(Translated { regex: regex_lite::escape(pattern), dfa: vec![], size, unsupported: None });
        }
        Translator::new(pattern, syntax == Syntax::Extended).run()
    }

    /// One open group (the pattern itself at the bottom): where it starts in
    /// the output, its number, its size so far and its last atom's size.
    struct Frame {
        at: usize,
        number: u32,
        size: u64,
        last: u64,
    }

    /// Reads a GNU basic or extended pattern as glibc's regcomp does (its
    /// errors, first one wins) and writes the same language for regex-lite.
    struct Translator {
        chars: Vec<char>,
        pos: usize,
        ere: bool,
        out: String,
        dfa: Vec<Dfa>,
        unsupported: Option<&'static str>,
        frames: Vec<Frame>,
        /// Where the last atom starts in `out`; `None` when a repetition has nothing to repeat.
        atom: Option<usize>,
        /// The last atom is an anchor or already repeated: regex-lite wants a group around it.
        wrap: bool,
        /// GNU's `laststart`: only anchors since the start of the pattern, a group or an alternative.
        start: bool,
        /// Where a basic pattern's `^` is an anchor: its start, after `\(` or `\|`.
        branch_start: bool,
        groups: u32,
        /// The groups already closed, which a back-reference may name.
        closed: u32,
    }

    /// A token inside `{m,n}`.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum BraceToken {
        End,
        Close,
        Comma,
        Char(char),
        Escaped,
    }

    /// A count inside `{m,n}`, as glibc's fetch_number returns it.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Count {
        Empty,
        Bad,
        Value(u32),
    }

    /// A token inside `[…]`.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum BracketToken {
        End,
        Close,
        Dash,
        /// `[:`, `[=` or `[.`.
        Open(char),
        Char(char),
    }

    /// An element of `[…]`.
    enum Element {
        Char(char),
        Class(String),
        Equivalence(String),
        Collating(String),
    }

    impl Translator {
        fn new(pattern: &str, ere: bool) -> Translator {
            Translator {
                chars: pattern.chars().collect(),
                pos: 0,
                ere,
                out: String::new(),
                dfa: Vec::new(),
                unsupported: None,
                frames: vec![Frame { at: 0, number: 0, size: 0, last: 0 }],
                atom: None,
                wrap: false,
                start: true,
                branch_start: true,
                groups: 0,
                closed: 0,
            }
        }

        fn peek(&self) -> Option<char> {
            self.chars.get(self.pos).copied()
        }

        fn next(&mut self) -> Option<char> {
            let c = self.peek()?;
            self.pos += 1;
            Some(c)
        }

        fn run(mut self) -> Result<Translated, &'static str> {
            while let Some(c) = self.next() {
                let branch_start = std::mem::take(&mut self.branch_start);
                match c {
                    '\\' => self.escape()?,
                    '[' => self.bracket()?,
                    '.' => self.atom("."),
                    // A basic pattern's `*` with nothing before it is a `*`.
                    '*' if self.start && !self.ere => self.literal('*'),
                    '*' => self.repeat("*", 1, "*"),
                    '^' if self.ere || branch_start => self.anchor("^"),
                    '$' if self.ere || self.ends_branch() => self.anchor("$"),
                    '(' if self.ere => self.open(),
                    // An extended pattern's `)` with no group open is a `)`.
                    ')' if self.ere && self.frames.len() > 1 => self.close(),
                    '|' if self.ere => self.alternate(),
                    '+' if self.ere => self.repeat("+", 1, "+"),
                    '?' if self.ere => self.repeat("?", 1, "?"),
                    '{' if self.ere => self.brace()?,
                    c => self.literal(c),
                }
            }
            if self.frames.len() > 1 {
                return Err(EPAREN);
            }
            let size = self.frames[0].size;
            Ok(Translated { regex: self.out, dfa: self.dfa, size, unsupported: self.unsupported })
        }

        /// A basic pattern's `$` is an anchor at its end, before `\)` or `\|`.
        fn ends_branch(&self) -> bool {
            match self.chars.get(self.pos..self.pos + 2) {
                None => self.pos == self.chars.len(),
                Some(next) => next == ['\\', ')'] || next == ['\\', '|'],
            }
        }

        fn grow(&mut self, size: u64) {
            let top = self.frames.last_mut().expect("the pattern's frame");
            top.size = top.size.saturating_add(size);
            top.last = size;
        }

        fn atom(&mut self, text: &str) {
            self.atom = Some(self.out.len());
            self.out.push_str(text);
            self.wrap = false;
            self.start = false;
            self.grow(1);
        }

        fn literal(&mut self, c: char) {
            self.atom(&regex_lite::escape(c.encode_utf8(&mut [0; 4])));
        }

        /// `^` or `$`: zero-width, yet a repetition applies to it (`^*a` is
        /// `a`); it leaves `start` alone, as GNU warns about `^*`.
        fn anchor(&mut self, text: &str) {
            self.atom = Some(self.out.len());
            self.out.push_str(text);
            self.wrap = true;
            self.grow(1);
        }

        /// GNU's word and buffer assertions: glibc matches these patterns, and
        /// drops a repetition right after one (`\<*a` is `\<a`).
        fn assertion(&mut self, text: &str) {
            self.out.push_str(text);
            self.atom = None;
            self.grow(1);
        }

        fn open(&mut self) {
            self.groups += 1;
            self.frames.push(Frame { at: self.out.len(), number: self.groups, size: 0, last: 0 });
            self.out.push_str("(?:");
            (self.atom, self.wrap, self.start, self.branch_start) = (None, false, true, true);
        }

        fn close(&mut self) {
            let group = self.frames.pop().expect("an open group");
            self.out.push(')');
            if group.number < 32 {
                self.closed |= 1 << group.number;
            }
            (self.atom, self.wrap, self.start) = (Some(group.at), false, false);
            self.grow(group.size);
        }

        fn alternate(&mut self) {
            self.out.push('|');
            (self.atom, self.wrap, self.start, self.branch_start) = (None, false, true, true);
        }

        /// `op` repeats the last atom, `factor` times at most once expanded.
        /// At the start of an expression (extended syntax) GNU warns, and the
        /// operator repeats the empty string, or the anchor before it.
        fn repeat(&mut self, op: &str, factor: u64, name: &str) {
            if self.start {
                self.dfa.push(Dfa::Warning(format!("{name} at start of expression")));
            }
            let Some(at) = self.atom else { return };
            if self.wrap {
                self.out.insert_str(at, "(?:");
                self.out.push(')');
            }
            self.out.push_str(op);
            self.wrap = true;
            let top = self.frames.last_mut().expect("the pattern's frame");
            let grown = top.last.saturating_mul(factor);
            top.size = top.size.saturating_add(grown - top.last);
            top.last = grown;
        }

        fn escape(&mut self) -> Result<(), &'static str> {
            let Some(c) = self.next() else { return Err(EESCAPE) };
            match c {
                '(' if !self.ere => self.open(),
                ')' if !self.ere => {
                    if self.frames.len() == 1 {
                        return Err(ERPAREN);
                    }
                    self.close();
                }
                '|' if !self.ere => self.alternate(),
                '{' if !self.ere && !self.start => self.brace()?,
                '+' if !self.ere && !self.start => self.repeat("+", 1, "+"),
                '?' if !self.ere && !self.start => self.repeat("?", 1, "?"),
                '1'..='9' => {
                    if self.closed & (1 << (c as u32 - '0' as u32)) == 0 {
                        return Err(ESUBREG);
                    }
                    self.unsupported = Some("une référence arrière (\\1 … \\9)");
                    self.atom("");
                }
                'w' | 'W' | 's' | 'S' => self.atom(&format!("\\{c}")),
                'b' => self.assertion(r"\b"),
                'B' => self.assertion(r"\B"),
                '<' => self.assertion(r"\b{start}"),
                '>' => self.assertion(r"\b{end}"),
                '`' => self.assertion(r"\A"),
                '\'' => self.assertion(r"\z"),
                '.' | '*' | '[' | ']' | '^' | '$' | '\\' | '}' => self.literal(c),
                '(' | ')' | '{' | '|' | '+' | '?' if self.ere => self.literal(c),
                _ => {
                    self.dfa.push(Dfa::Warning(stray(c)));
                    self.literal(c);
                }
            }
            Ok(())
        }

        /// An interval after its brace. An extended pattern's brace that opens
        /// no valid interval is a `{` (and always so for glibc at the start of
        /// an expression, where only the dfa reads it).
        fn brace(&mut self) -> Result<(), &'static str> {
            let after_brace = self.pos;
            let at_start = self.start;
            let (min, max) = match self.interval() {
                Ok(Some(interval)) => interval,
                Ok(None) => return Ok(self.brace_literal(after_brace)),
                Err(_) if at_start => return Ok(self.brace_literal(after_brace)),
                Err(e) => return Err(e),
            };
            let most = max.unwrap_or(min);
            if most > DUP_MAX {
                if !at_start {
                    return Err(ESIZE);
                }
                self.dfa.push(Dfa::Warning("{...} at start of expression".into()));
                self.dfa.push(Dfa::Error("regular expression too big"));
                return Ok(());
            }
            let op = match max {
                Some(max) if max == min => format!("{{{min}}}"),
                Some(max) => format!("{{{min},{max}}}"),
                None => format!("{{{min},}}"),
            };
            self.repeat(&op, u64::from(most.max(1)), "{...}");
            // GNU's dfa warns about `**a` twice, about `{1}?a` once.
            self.start = false;
            Ok(())
        }

        fn brace_literal(&mut self, after_brace: usize) {
            self.pos = after_brace;
            self.literal('{');
        }

        /// `m`, `m,`, `,n` or `m,n` and the closing brace, as glibc's
        /// parse_dup_op reads them; `None` when an extended pattern's brace is
        /// a character after all.
        fn interval(&mut self) -> Result<Option<(u32, Option<u32>)>, &'static str> {
            let (mut min, mut token) = self.count();
            if min == Count::Empty {
                if token != BraceToken::Comma {
                    return Err(BADBR);
                }
                min = Count::Value(0);
            }
            let max = match (min, token) {
                (Count::Bad, _) => Count::Bad,
                (_, BraceToken::Close) => min,
                (_, BraceToken::Comma) => {
                    let (max, after) = self.count();
                    token = after;
                    max
                }
                _ => Count::Bad,
            };
            let (Count::Value(min), max @ (Count::Value(_) | Count::Empty)) = (min, max) else {
                return match (self.ere, token) {
                    (true, _) => Ok(None),
                    (false, BraceToken::End) => Err(EBRACE),
                    (false, _) => Err(BADBR),
                };
            };
            let max = if let Count::Value(max) = max { Some(max) } else { None };
            if token != BraceToken::Close || max.is_some_and(|max| min > max) {
                return Err(BADBR);
            }
            Ok(Some((min, max)))
        }

        /// Digits up to `,` or the closing brace (glibc's fetch_number).
        fn count(&mut self) -> (Count, BraceToken) {
            let mut count = Count::Empty;
            loop {
                let token = self.brace_token();
                match token {
                    BraceToken::End => return (Count::Bad, token),
                    BraceToken::Close | BraceToken::Comma => return (count, token),
                    BraceToken::Char(d @ '0'..='9') if count != Count::Bad => {
                        let so_far = if let Count::Value(n) = count { n } else { 0 };
                        count = Count::Value((so_far * 10 + (d as u32 - '0' as u32)).min(DUP_MAX + 1));
                    }
                    _ => count = Count::Bad,
                }
            }
        }

        fn brace_token(&mut self) -> BraceToken {
            match self.next() {
                None => BraceToken::End,
                Some('\\') => match self.peek() {
                    None => BraceToken::Escaped,
                    Some(c) => {
                        self.pos += 1;
                        if c == '}' && !self.ere { BraceToken::Close } else { BraceToken::Escaped }
                    }
                },
                Some('}') if self.ere => BraceToken::Close,
                Some(',') => BraceToken::Comma,
                Some(c) => BraceToken::Char(c),
            }
        }

        /// A bracket expression, read as glibc's parse_bracket_exp does, and
        /// written as the same set for regex-lite.
        fn bracket(&mut self) -> Result<(), &'static str> {
            let mut set = String::from("[");
            if self.peek() == Some('^') {
                self.pos += 1;
                set.push('^');
            }
            let body = self.pos;
            let mut token = self.bracket_token();
            match token {
                BracketToken::End => return Err(BADPAT),
                // A first `]` is itself.
                BracketToken::Close => token = BracketToken::Char(']'),
                _ => {}
            }
            let mut first = true;
            let mut named = false;
            loop {
                let start = self.bracket_element(token, first)?;
                first = false;
                named |= !matches!(start, Element::Char(_));
                token = self.bracket_token();
                let mut end = None;
                if matches!(start, Element::Char(_) | Element::Collating(_)) {
                    if token == BracketToken::End {
                        return Err(EBRACK);
                    }
                    if token == BracketToken::Dash {
                        self.pos += 1;
                        match self.bracket_token() {
                            BracketToken::End => return Err(EBRACK),
                            // A `-` before the closing `]` is itself.
                            BracketToken::Close => {
                                self.pos -= 1;
                                token = BracketToken::Char('-');
                            }
                            next => {
                                let element = self.bracket_element(next, true)?;
                                named |= !matches!(element, Element::Char(_));
                                end = Some(element);
                                token = self.bracket_token();
                            }
                        }
                    }
                }
                set.push_str(&match end {
                    Some(end) => range(start, end)?,
                    None => single(start)?,
                });
                match token {
                    BracketToken::End => return Err(EBRACK),
                    BracketToken::Close => break,
                    _ => {}
                }
            }
            self.pos += 1;
            set.push(']');
            // The dfa refuses `[:space:]`, a common slip for `[[:space:]]`.
            let inner = &self.chars[body..self.pos - 1];
            if !named && inner.first() == Some(&':') && inner.last() == Some(&':') && inner.iter().any(|&c| c != ':') {
                self.dfa.push(Dfa::Error("character class syntax is [[:space:]], not [:space:]"));
            }
            self.atom(&set);
            Ok(())
        }

        fn bracket_token(&self) -> BracketToken {
            match self.peek() {
                None => BracketToken::End,
                Some(']') => BracketToken::Close,
                Some('-') => BracketToken::Dash,
                Some('[') => match self.chars.get(self.pos + 1) {
                    Some(&d @ (':' | '=' | '.')) => BracketToken::Open(d),
                    _ => BracketToken::Char('['),
                },
                Some(c) => BracketToken::Char(c),
            }
        }

        /// One element; a `-` that starts no range must be the last one.
        fn bracket_element(&mut self, token: BracketToken, accept_dash: bool) -> Result<Element, &'static str> {
            match token {
                BracketToken::Open(delimiter) => {
                    self.pos += 2;
                    let from = self.pos;
                    loop {
                        // glibc keeps names of 31 characters at most.
                        if self.pos - from >= 32 {
                            return Err(EBRACK);
                        }
                        let c = self.next().ok_or(EBRACK)?;
                        match self.peek() {
                            None => return Err(EBRACK),
                            Some(']') if c == delimiter => break,
                            _ => {}
                        }
                    }
                    let name: String = self.chars[from..self.pos - 1].iter().collect();
                    self.pos += 1;
                    Ok(match delimiter {
                        ':' => Element::Class(name),
                        '=' => Element::Equivalence(name),
                        _ => Element::Collating(name),
                    })
                }
                BracketToken::Dash if !accept_dash => {
                    self.pos += 1;
                    if self.bracket_token() != BracketToken::Close {
                        return Err(ERANGE);
                    }
                    Ok(Element::Char('-'))
                }
                BracketToken::End => Err(EBRACK),
                BracketToken::Dash => {
                    self.pos += 1;
                    Ok(Element::Char('-'))
                }
                BracketToken::Close => {
                    self.pos += 1;
                    Ok(Element::Char(']'))
                }
                BracketToken::Char(c) => {
                    self.pos += 1;
                    Ok(Element::Char(c))
                }
            }
        }
    }

    /// The dfa's warning for `\c` that means nothing special.
    fn stray(c: char) -> String {
        if c.is_whitespace() {
            "stray \\ before white space".into()
        } else if c.is_control() {
            "stray \\ before unprintable character".into()
        } else {
            format!("stray \\ before {c}")
        }
    }

    /// A character inside a regex-lite class, escaped where regex-lite reads it as syntax.
    fn class_char(c: char) -> String {
        if "\\[]^-&~".contains(c) { format!("\\{c}") } else { c.to_string() }
    }

    /// A collating symbol or equivalence class names one character.
    fn one_char(name: &str) -> Option<char> {
        if name.len() == 1 { name.chars().next() } else { None }
    }

    fn single(element: Element) -> Result<String, &'static str> {
        const CLASSES: [&str; 12] = [
            "alpha", "upper", "lower", "digit", "xdigit", "space", "print", "punct", "graph", "cntrl", "blank", "alnum",
        ];
        match element {
            Element::Char(c) => Ok(class_char(c)),
            Element::Class(name) if CLASSES.contains(&name.as_str()) => Ok(format!("[:{name}:]")),
            Element::Class(_) => Err(ECTYPE),
            Element::Equivalence(name) | Element::Collating(name) => one_char(&name).map(class_char).ok_or(ECOLLATE),
        }
    }

    fn range(start: Element, end: Element) -> Result<String, &'static str> {
        let point = |e: &Element| match e {
            Element::Char(c) => Ok(*c),
            Element::Collating(name) => one_char(name).ok_or(ECOLLATE),
            _ => Err(ERANGE),
        };
        if [&start, &end].iter().any(|e| matches!(e, Element::Class(_) | Element::Equivalence(_))) {
            return Err(ERANGE);
        }
        let (from, to) = (point(&start)?, point(&end)?);
        if from > to {
            return Err(ERANGE);
        }
        Ok(format!("{}-{}", class_char(from), class_char(to)))
    }

    // ---- The search ----

    /// The most a search may cost, as the pattern's size times the text's
    /// bytes: regex-lite's time grows as their product (`a{900}x` on 500 KB
    /// took 14 s), where GNU's DFA does not. Past it, grep gives up as GNU
    /// does when it runs out of memory, rather than freeze the page.
    const WORK_LIMIT: u64 = 30_000_000;

    /// Reads every operand (stdin without one) and writes what GNU writes, in order.
    fn search(o: &Options, (regex, size): (&regex_lite::Regex, u64), inputs: &Inputs, out: &mut Output) {
        let stdin_only = ["-".to_string()];
        let files: &[String] = if o.operands.is_empty() { &stdin_only } else { &o.operands };
        let (before, after) = (o.before.or(o.context), o.after.or(o.context));
        let mut searcher = Searcher {
            o,
            regex,
            before: before.unwrap_or(0),
            after: after.unwrap_or(0),
            separator: if before.is_some() || after.is_some() { o.group_separator.as_deref() } else { None },
            used: false,
        };
        let with_filename = o.with_filename.unwrap_or(files.len() > 1);
        let (mut selected, mut failed) = (false, false);
        for file in files {
            let text = match inputs.read(file) {
                Ok(text) => text,
                Err(e) => {
                    if !o.no_messages {
                        out.err(format!("grep: {file}: {e}\n"));
                    }
                    failed = true;
                    continue;
                }
            };
            if size.saturating_mul(text.len() as u64) > WORK_LIMIT {
                out.err("grep: memory exhausted\n");
                out.code = 2;
                return;
            }
            let name = if file == "-" { o.label.as_deref().unwrap_or("(standard input)") } else { file.as_str() };
            let (text, count) = searcher.file(name, with_filename, text);
            out.out(text);
            selected |= count > 0;
            // -q is done at the first selected line, before reading another file.
            if o.quiet && selected {
                break;
            }
        }
        out.code = match (selected, failed) {
            (true, _) if o.quiet => 0,
            (_, true) => 2,
            (true, false) => 0,
            (false, false) => 1,
        };
    }

    /// Each line with its byte offset; a last line without its newline counts too.
    fn lines(text: &str) -> Vec<(usize, &str)> {
        let mut offset = 0;
        text.split_inclusive('\n')
            .map(|piece| {
                let at = offset;
                offset += piece.len();
                (at, piece.strip_suffix('\n').unwrap_or(piece))
            })
            .collect()
    }

    /// The search over one file after another.
    struct Searcher<'a> {
        o: &'a Options,
        regex: &'a regex_lite::Regex,
        before: usize,
        after: usize,
        separator: Option<&'a str>,
        /// Something was printed: GNU separates groups from then on, across files too.
        used: bool,
    }

    impl Searcher<'_> {
        /// One file: what to print, and how many lines were selected.
        fn file(&mut self, name: &str, with_filename: bool, text: &str) -> (String, u64) {
            let o = self.o;
            let shown = with_filename.then_some(name);
            // -q, -l and -L need one selected line; -c only counts them.
            let first_only = o.quiet || o.list.is_some();
            let silent = first_only || o.count;
            let max = o.max_count.unwrap_or(u64::MAX);
            let lines = lines(text);
            let mut out = String::new();
            let (mut selected, mut pending) = (0u64, 0usize);
            let mut last: Option<usize> = None;
            for (i, &(offset, line)) in lines.iter().enumerate() {
                if selected == max {
                    // -m's count reached: only the trailing context is left, selected or not.
                    if pending == 0 {
                        break;
                    }
                    self.print(&mut out, shown, i, offset, line, false);
                    (pending, last) = (pending - 1, Some(i));
                    continue;
                }
                if self.regex.is_match(line) == o.invert {
                    if pending > 0 {
                        self.print(&mut out, shown, i, offset, line, false);
                        (pending, last) = (pending - 1, Some(i));
                    }
                    continue;
                }
                selected += 1;
                if first_only {
                    break;
                }
                if silent {
                    continue;
                }
                let from = i.saturating_sub(self.before).max(last.map_or(0, |l| l + 1));
                if let Some(separator) = self.separator {
                    if self.used && last.is_none_or(|l| l + 1 != from) {
                        out.push_str(separator);
                        out.push('\n');
                    }
                }
                for (j, &(offset, line)) in lines.iter().enumerate().take(i).skip(from) {
                    self.print(&mut out, shown, j, offset, line, false);
                }
                self.print(&mut out, shown, i, offset, line, true);
                (pending, last, self.used) = (self.after, Some(i), true);
            }
            let end = if o.null { '\0' } else { '\n' };
            if o.quiet {
            } else if let Some(list) = o.list {
                if (selected > 0) == (list == List::Matching) {
                    out.push_str(name);
                    out.push(end);
                }
            } else if o.count {
                if let Some(name) = shown {
                    out.push_str(name);
                    out.push(if o.null { '\0' } else { ':' });
                }
                out.push_str(&format!("{selected}\n"));
            }
            (out, selected)
        }

        /// A selected line (`:` after its prefixes) or a context line (`-`);
        /// with -o, each non-empty match of a selected line instead.
        fn print(&self, out: &mut String, name: Option<&str>, index: usize, offset: usize, line: &str, selected: bool) {
            let separator = if selected { ':' } else { '-' };
            if !self.o.only_matching {
                self.head(out, name, index, offset, separator);
                out.push_str(line);
                out.push('\n');
                return;
            }
            if !selected {
                return;
            }
            for m in self.regex.find_iter(line).filter(|m| m.start() < m.end()) {
                self.head(out, name, index, offset + m.start(), separator);
                out.push_str(m.as_str());
                out.push('\n');
            }
        }

        fn head(&self, out: &mut String, name: Option<&str>, index: usize, offset: usize, separator: char) {
            if let Some(name) = name {
                out.push_str(name);
                out.push(if self.o.null { '\0' } else { separator });
            }
            if self.o.number {
                out.push_str(&format!("{}{separator}", index + 1));
            }
            if self.o.byte_offset {
                out.push_str(&format!("{offset}{separator}"));
            }
        }
    }
}
