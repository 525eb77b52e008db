//! One binary, two worlds: in the browser (wasm32) it mounts the web app;
//! natively it is the terminal version of the simulator (`cargo run --release`).

#[cfg(target_arch = "wasm32")]
fn main() {
    kube_atelier::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(terminal::main());
}

#[cfg(not(target_arch = "wasm32"))]
mod terminal {
    use std::io::{BufRead, IsTerminal, Write};
    use std::path::Path;

    use kube_atelier::kubectl::output::{Output, Stream};
    use kube_atelier::shell::{Mode, Session};

    const USAGE: &str = "Atelier Kubernetes — la version terminal du simulateur.\n\n\
Usage : kube-atelier [--seed N] [--nodes N] [--dir DOSSIER] [--echo]\n\n\
  --seed N       graine du générateur (même graine, même cluster)\n\
  --nodes N      nombre de nœuds workers en plus de « minikube »\n\
  --dir DOSSIER  rend les fichiers de DOSSIER visibles dans la console (lecture seule),\n\
                 à la place des manifestes du cours que la page fournit\n\
  --echo         affiche « $ commande » avant la sortie de chaque commande\n\n\
Sans terminal (entrée redirigée), lit les commandes une par ligne : c’est le mode script.\n";

    /// How long a watch may run in script mode before it is stopped.
    const SCRIPT_LIMIT_SECONDS: f64 = 600.0;

    struct Options {
        seed: u64,
        nodes: usize,
        dir: Option<String>,
        echo: bool,
    }

    fn parse_args() -> Result<Options, String> {
        let mut o = Options { seed: 1, nodes: 0, dir: None, echo: false };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            };
            let mut value =
                |flag: &str| inline.clone().or_else(|| args.next()).ok_or(format!("{flag} : valeur manquante"));
            match name.as_str() {
                "--seed" => o.seed = value("--seed")?.parse().map_err(|_| "--seed : nombre attendu".to_string())?,
                "--nodes" => o.nodes = value("--nodes")?.parse().map_err(|_| "--nodes : nombre attendu".to_string())?,
                "--dir" => o.dir = Some(value("--dir")?),
                "--echo" => o.echo = true,
                "-h" | "--help" => return Err(String::new()),
                other => return Err(format!("option inconnue : {other}")),
            }
        }
        Ok(o)
    }

    /// `--verifier-lecon FILE…`: reads lesson files and checks their solutions.
    fn verify_lessons(paths: &[String]) -> i32 {
        let mut failed = 0;
        for path in paths {
            let text = match std::fs::read(path) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) => {
                    eprintln!("{path} : {e}");
                    failed += 1;
                    continue;
                }
            };
            match kube_atelier::lessons::format::parse(&text) {
                Err(errors) => {
                    for e in errors {
                        eprintln!("{path} : {e}");
                    }
                    failed += 1;
                }
                Ok(lesson) => {
                    let failures = kube_atelier::lessons::verify(&lesson, 1);
                    for f in &failures {
                        eprintln!("{path} : {f}");
                    }
                    if failures.is_empty() {
                        println!("{path} : {} étapes, toutes vérifiées.", lesson.steps.len());
                    } else {
                        failed += 1;
                    }
                }
            }
        }
        i32::from(failed > 0)
    }

    pub fn main() -> i32 {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.first().map(String::as_str) == Some("--verifier-lecon") {
            return verify_lessons(&args[1..]);
        }
        let options = match parse_args() {
            Ok(o) => o,
            Err(e) if e.is_empty() => {
                print!("{USAGE}");
                return 0;
            }
            Err(e) => {
                eprint!("kube-atelier : {e}\n\n{USAGE}");
                return 2;
            }
        };
        let mut session = Session::new(options.seed, options.nodes);
        // The page's starter files (the course's manifests), unless --dir gives others.
        if options.dir.is_none() {
            for (name, text) in kube_atelier::lessons::starter_files() {
                let _ = session.files.write(name, text);
            }
        }
        if let Some(dir) = &options.dir {
            if let Err(e) = load_dir(&mut session, Path::new(dir)) {
                eprintln!("kube-atelier : --dir {dir} : {e}");
                return 2;
            }
        }
        if std::io::stdin().is_terminal() && !options.echo {
            interactive(session)
        } else {
            script(&mut session, options.echo)
        }
    }

    /// Copies a real directory into the shell's working directory. The
    /// simulator never writes back: the real files are only read.
    fn load_dir(session: &mut Session, root: &Path) -> std::io::Result<()> {
        fn walk(session: &mut Session, root: &Path, dir: &Path) -> std::io::Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with('.') || name == "target" || name == "node_modules" {
                    continue;
                }
                let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().to_string();
                if entry.file_type()?.is_dir() {
                    session.files.mkdir_all(&rel);
                    walk(session, root, &path)?;
                } else if entry.metadata()?.len() <= 1_000_000 {
                    // Not UTF-8 (a Latin-1 `é`): read as the terminal shows it, U+FFFD.
                    if let Ok(bytes) = std::fs::read(&path) {
                        let _ = session.files.write(&rel, String::from_utf8_lossy(&bytes).into_owned());
                    }
                }
            }
            Ok(())
        }
        if !root.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "n’est pas un dossier"));
        }
        walk(session, root, root)
    }

    fn show(out: &Output, merged: bool) {
        let mut stdout = std::io::stdout().lock();
        let mut stderr = std::io::stderr().lock();
        for (stream, text) in &out.chunks {
            if merged || *stream == Stream::Out {
                let _ = stdout.write_all(text.as_bytes());
            } else {
                let _ = stdout.flush();
                let _ = stderr.write_all(text.as_bytes());
            }
        }
        let _ = stdout.flush();
    }

    /// Script mode: one command per line; a watch runs until it ends or the
    /// cluster is quiet; the clock moves only when a command moves it.
    fn script(session: &mut Session, echo: bool) -> i32 {
        let mut stdin = std::io::stdin().lock();
        let mut bytes = Vec::new();
        // Bytes, not UTF-8 lines: a line in Latin-1 reads with U+FFFD, and the lines after it still run.
        while stdin.read_until(b'\n', &mut bytes).is_ok_and(|n| n > 0) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            bytes.clear();
            let line = text.strip_suffix('\n').unwrap_or(&text);
            let line = line.strip_suffix('\r').unwrap_or(line).to_string();
            if echo {
                let prompt = match session.mode() {
                    Mode::More => "> ".to_string(),
                    Mode::Attached => session.prompt(),
                    _ => "$ ".to_string(),
                };
                println!("{prompt}{line}");
            }
            let reply = session.input(&line);
            show(&reply.output, echo);
            match session.mode() {
                Mode::Running => show(&session.run_until_quiet(SCRIPT_LIMIT_SECONDS), echo),
                Mode::Editing => {
                    let out = Output::fail(
                        "(mode script : pas d’éditeur ; la modification est annulée. Utilisez kubectl apply, set, scale ou patch.)\n",
                    );
                    show(&out, echo);
                    session.finish_edit(None);
                }
                _ => {}
            }
        }
        // A heredoc still open runs with what it read (bash's warning); an open quote is an error.
        show(&session.end_of_input(), echo);
        if session.mode() == Mode::Running {
            show(&session.run_until_quiet(SCRIPT_LIMIT_SECONDS), echo);
        }
        session.last_code()
    }

    /// Tab completion from the live session (commands, types, names, files).
    struct Helper(std::rc::Rc<std::cell::RefCell<Session>>);

    impl rustyline::completion::Completer for Helper {
        type Candidate = String;
        fn complete(
            &self,
            line: &str,
            pos: usize,
            _: &rustyline::Context<'_>,
        ) -> rustyline::Result<(usize, Vec<String>)> {
            let c = kube_atelier::shell::complete::complete(&self.0.borrow(), line, pos);
            Ok((c.start, c.candidates))
        }
    }
    impl rustyline::hint::Hinter for Helper {
        type Hint = String;
    }
    impl rustyline::highlight::Highlighter for Helper {}
    impl rustyline::validate::Validator for Helper {}
    impl rustyline::Helper for Helper {}

    /// The interactive prompt, with history, line editing and completion (rustyline).
    fn interactive(session: Session) -> i32 {
        use rustyline::error::ReadlineError;
        println!(
            "Atelier Kubernetes — cluster simulé «\u{a0}minikube\u{a0}» prêt. Tapez «\u{a0}help\u{a0}» pour l’aide, Tab pour compléter, Ctrl+D pour quitter."
        );
        let shared = std::rc::Rc::new(std::cell::RefCell::new(session));
        let config = rustyline::Config::builder().completion_type(rustyline::CompletionType::List).build();
        let Ok(mut editor) = rustyline::Editor::<Helper, rustyline::history::DefaultHistory>::with_config(config)
        else {
            return script(&mut shared.borrow_mut(), false);
        };
        editor.set_helper(Some(Helper(shared.clone())));
        loop {
            let prompt = shared.borrow().prompt();
            match editor.readline(&prompt) {
                Ok(line) => {
                    let _ = editor.add_history_entry(line.as_str());
                    let mut session = shared.borrow_mut();
                    let reply = session.input(&line);
                    if reply.clear {
                        print!("\x1b[2J\x1b[H");
                    }
                    show(&reply.output, false);
                    if session.mode() == Mode::Running {
                        follow(&mut session);
                    }
                    if session.mode() == Mode::Editing {
                        show(
                            &Output::fail(
                                "(l’éditeur est celui de la console web\u{a0}; ici, modifiez avec kubectl apply -f.)\n",
                            ),
                            false,
                        );
                        session.finish_edit(None);
                    }
                }
                Err(ReadlineError::Interrupted) => {
                    shared.borrow_mut().interrupt();
                }
                // Ctrl+D: a heredoc still open runs with what it read, as bash does.
                Err(_) => {
                    show(&shared.borrow_mut().end_of_input(), false);
                    break;
                }
            }
        }
        let code = shared.borrow().last_code();
        code
    }

    /// Runs a watch in real time until it ends or the cluster is quiet.
    fn follow(session: &mut Session) {
        let mut waited = 0.0;
        while session.mode() == Mode::Running && waited < SCRIPT_LIMIT_SECONDS {
            let now = session.cluster.now();
            let Some(next) = session.cluster.next_activity() else {
                show(&session.run_until_quiet(0.0), false);
                break;
            };
            let secs = (next.since(now) as f64 / 1000.0).clamp(0.05, 1.0);
            std::thread::sleep(std::time::Duration::from_secs_f64(secs));
            waited += secs;
            show(&session.tick(secs), false);
        }
        if session.mode() == Mode::Running {
            session.interrupt();
        }
    }
}
