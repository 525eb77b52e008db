//! A container's shell: `sh -c '…'` (a container's own command, or `kubectl
//! exec`) and the lines typed in `kubectl exec -it POD -- sh`, run by the
//! shell language (`crate::sh`) on this container: its programs
//! (`Cluster::exec`), its files, busybox's `ps`, the shell's `kill`, and
//! `date` on the script's own clock. A container's log is its script run
//! from the container's start up to now (`sleep` moves the script's clock),
//! so `while true; do echo x; sleep 1; done` logs one line a second.

use std::sync::Arc;

use super::Cluster;
use super::images::{self, Distribution};
use super::objects::pod::Pod;
use super::runtime::{ExecOutput, LogLine};
use super::time::Time;
use crate::sh::{Dialect, Host, Out, Shell};

/// A text filter of the shell above (grep, head, wc…) for an interactive
/// session's pipes: `None` when the program is not one.
pub type Filter<'a> = &'a dyn Fn(&[String], &str) -> Option<Out>;

/// The cluster as a script sees it: a log being read only looks.
enum World<'a> {
    Mut(&'a mut Cluster),
    Read(&'a Cluster),
}

struct Container<'a> {
    world: World<'a>,
    pod: Arc<Pod>,
    index: usize,
    /// The clock when the script's own clock was 0.
    base: Time,
    filter: Option<Filter<'a>>,
}

/// The directories every image has (`cd` and redirections check them).
const DIRS: [&str; 19] = [
    "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv",
    "sys", "tmp", "usr", "var",
];

impl Container<'_> {
    fn cluster(&self) -> &Cluster {
        match &self.world {
            World::Mut(c) => c,
            World::Read(c) => c,
        }
    }

    fn container_id(&self) -> String {
        self.pod.status.container_statuses.get(self.index).map(|s| s.container_id.clone()).unwrap_or_default()
    }

    /// `touch FILE…` (an empty file where none is) and `rm [-f] FILE…`.
    fn touch_or_rm(&mut self, sh: &Shell, touch: bool, args: &[String], busybox: bool) -> Out {
        let mut out = Out::default();
        let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
        for arg in args.iter().filter(|a| !a.starts_with('-')) {
            let path = sh.path(arg);
            let exists = self.read(&path).is_some();
            let failed = if touch {
                (!exists && self.write(&path, "", false).is_err()).then(|| match busybox {
                    true => format!("touch: {arg}: No such file or directory\n"),
                    false => format!("touch: cannot touch '{arg}': No such file or directory\n"),
                })
            } else if exists {
                let id = self.cluster().file_owner(&self.pod, &self.container_id(), &path);
                if let World::Mut(cluster) = &mut self.world {
                    cluster.written.retain(|(i, p, _)| !(*i == id && *p == path));
                }
                None
            } else {
                (!force).then(|| match busybox {
                    true => format!("rm: can't remove '{arg}': No such file or directory\n"),
                    false => format!("rm: cannot remove '{arg}': No such file or directory\n"),
                })
            };
            if let Some(e) = failed {
                out.stderr.push_str(&e);
                out.code = 1;
            }
        }
        out
    }

    fn image(&self) -> (String, String) {
        let image = &self.pod.spec.containers[self.index].image;
        let r = images::Reference::parse(image);
        (r.repository, r.tag)
    }

    /// busybox's `ps`: the container's main process as PID 1, this shell, `ps`.
    fn ps(&self, sh: &Shell) -> String {
        let line = |pid: u32, cmd: &str| format!("{pid:>5} root      0:00 {cmd}\n");
        let c = &self.pod.spec.containers[self.index];
        let main = c.command.iter().chain(&c.args).cloned().collect::<Vec<_>>().join(" ");
        let main = match self.image().0.as_str() {
            _ if !c.command.is_empty() => main,
            "nginx" => "nginx: master process nginx -g daemon off;".into(),
            "redis" => "redis-server *:6379".into(),
            _ if main.is_empty() => "sh".into(),
            _ => main,
        };
        // An ephemeral container with `--target` shares that container's
        // processes: its main process is PID 1, this shell comes after it.
        let target = c.extra.get("targetContainerName").and_then(serde_json::Value::as_str);
        let target = target.and_then(|t| self.pod.spec.containers.iter().find(|c| c.name == t));
        let (main, pid) = match target {
            Some(t) if t.command.is_empty() && t.image.contains("pause") => ("/pause".to_string(), sh.pid.max(7)),
            Some(t) if t.command.is_empty() && t.image.starts_with("nginx") => {
                ("nginx: master process nginx -g daemon off;".to_string(), sh.pid.max(7))
            }
            Some(t) if !t.command.is_empty() || !t.args.is_empty() => {
                (t.command.iter().chain(&t.args).cloned().collect::<Vec<_>>().join(" "), sh.pid.max(7))
            }
            _ => (main, sh.pid),
        };
        let mut out = format!("PID   USER     TIME  COMMAND\n{}", line(1, &main));
        if pid > 1 {
            out.push_str(&line(pid, sh.dialect.name()));
        }
        out + &line(pid + 6, "ps")
    }

    /// `kill [-SIG] PID`: PID 1 without a handler ignores it (the kernel
    /// protects a namespace's init); a server that stops on SIGTERM ends its
    /// container, which restarts.
    fn kill(&mut self, sh: &mut Shell, args: &[String]) -> Out {
        let mut out = Out::default();
        for pid in args.iter().filter(|a| !a.starts_with('-')) {
            match pid.parse::<u32>() {
                Ok(1) => {
                    let c = &self.pod.spec.containers[self.index];
                    let handles = c.command.is_empty()
                        && images::resolve(&c.image)
                            .is_ok_and(|(i, _)| i.stops_on_sigterm && i.default_process == images::Process::Serves);
                    let (ns, pod, name) = (&self.pod.metadata.namespace, &self.pod.metadata.name, &c.name);
                    if let (true, World::Mut(cluster)) = (handles, &mut self.world) {
                        cluster.end_main_process(ns, pod, name, 0);
                    }
                }
                Ok(p) if p == sh.pid && p > 1 => {
                    if args.iter().any(|a| matches!(a.as_str(), "-9" | "-KILL" | "-SIGKILL")) {
                        sh.stopped = true;
                        out.code = 137;
                    }
                }
                _ => {
                    out.stderr.push_str(&match sh.dialect {
                        Dialect::Ash => format!("sh: can't kill pid {pid}: No such process\n"),
                        Dialect::Dash => "sh: 1: kill: No such process\n\n".into(),
                        Dialect::Bash => format!("bash: kill: ({pid}) - No such process\n"),
                    });
                    out.code = 1;
                }
            }
        }
        out
    }
}

impl Host for Container<'_> {
    fn run(&mut self, sh: &mut Shell, argv: &[String], stdin: Option<&str>) -> Out {
        let program = argv[0].rsplit('/').next().unwrap_or_default();
        let (repository, tag) = self.image();
        let busybox = Distribution::of(&repository, &tag).is_none_or(|d| d == Distribution::Alpine)
            && images::has_program(&repository, &tag, "nslookup");
        match program {
            "ps" if busybox => return Out::ok(self.ps(sh)),
            "kill" => return self.kill(sh, &argv[1..]),
            "date" => return Out::ok(super::runtime::date(self.base.plus_millis(sh.elapsed_ms as i64))),
            _ => {}
        }
        // Paths are the shell's: relative ones start at its directory (the
        // filter above sees them so, for the node's files under `/host`).
        let argv: Vec<String> = match program {
            "cat" | "ls" => argv
                .iter()
                .enumerate()
                .map(|(i, a)| if i > 0 && !a.starts_with('-') { sh.path(a) } else { a.clone() })
                .collect(),
            _ => argv.to_vec(),
        };
        if let Some(out) = self.filter.and_then(|f| f(&argv, stdin.unwrap_or_default())) {
            return out;
        }
        // `touch` and `rm` of files (a readiness probe's `cat /tmp/ready`),
        // each in the image's own words (busybox's or GNU coreutils').
        if matches!(program, "touch" | "rm") {
            return self.touch_or_rm(sh, program == "touch", &argv[1..], busybox);
        }
        // `ls [PATH…]`: the image's top directories, what was written, the pages nginx ships.
        if program == "ls" {
            let mut paths: Vec<String> = argv[1..].iter().filter(|a| !a.starts_with('-')).cloned().collect();
            if paths.is_empty() {
                paths.push(sh.cwd.clone());
            }
            let mut out = Out::default();
            for dir in paths {
                if dir == "/" {
                    out.stdout.extend(DIRS.iter().map(|d| format!("{d}\n")));
                } else if self.is_dir(&dir) {
                    let prefix = format!("{}/", dir.trim_end_matches('/'));
                    let id = self.cluster().file_owner(&self.pod, &self.container_id(), &dir);
                    let mut names: Vec<&str> = (self.cluster().written.iter())
                        .filter(|(i, p, _)| *i == id && p.starts_with(&prefix))
                        .map(|(_, p, _)| p[prefix.len()..].split('/').next().unwrap_or_default())
                        .collect();
                    if dir == "/usr/share/nginx/html" && repository == "nginx" {
                        names.extend(["50x.html", "index.html"]);
                    }
                    // A ConfigMap or Secret volume shows its keys.
                    let mounted = self.cluster().mounted_keys(&self.pod, Some(self.index), &dir).unwrap_or_default();
                    names.extend(mounted.iter().map(|(n, _)| n.split('/').next().unwrap_or_default()));
                    crate::sort::sort(&mut names);
                    names.dedup();
                    out.stdout.extend(names.iter().map(|n| format!("{n}\n")));
                } else if self.read(&dir).is_some() {
                    out.stdout.push_str(&format!("{dir}\n"));
                } else if busybox {
                    out.stderr.push_str(&format!("ls: {dir}: No such file or directory\n"));
                    out.code = 1;
                } else {
                    out.stderr.push_str(&format!("ls: cannot access '{dir}': No such file or directory\n"));
                    out.code = 2;
                }
            }
            return out;
        }
        let (ns, pod, container) =
            (&self.pod.metadata.namespace, &self.pod.metadata.name, &self.pod.spec.containers[self.index].name);
        let r = match &mut self.world {
            World::Mut(cluster) => cluster.exec(ns, pod, container, &argv),
            // A log being read runs only what reads the container (echo is the shell's).
            World::Read(_) => {
                let args = &argv[1..];
                return match program {
                    "hostname" => Out::ok(format!("{pod}\n")),
                    "printenv" | "env" => Out::ok(
                        (sh.vars.iter())
                            .filter(|(k, _)| args.is_empty() || args.contains(k))
                            .map(|(k, v)| if args.is_empty() { format!("{k}={v}\n") } else { format!("{v}\n") })
                            .collect::<String>(),
                    ),
                    "cat" => Out::ok(args.iter().filter_map(|f| self.read(f)).collect::<String>()),
                    // `/bin/echo` (the shell's own `echo` has no path).
                    "echo" => {
                        let newline = args.first().map(String::as_str) != Some("-n");
                        let words = if newline { args } else { args.get(1..).unwrap_or_default() };
                        Out::ok(format!("{}{}", words.join(" "), if newline { "\n" } else { "" }))
                    }
                    // What asks cluster DNS changes nothing: busybox's nslookup, getent, ping.
                    "nslookup" | "getent" | "ping" if busybox => {
                        let words: Vec<&str> = args.iter().map(String::as_str).collect();
                        let image = &self.pod.spec.containers[self.index].image;
                        let r = self.cluster().resolver_tool(ns, image, program, &words);
                        Out { stdout: r.stdout, stderr: r.stderr, code: r.exit_code }
                    }
                    _ => Out::default(),
                };
            }
        };
        match r {
            Ok(r) if r.exit_code == 126 && r.stderr.starts_with("OCI runtime") => {
                Out::fail(sh.not_found(&argv[0]), 127)
            }
            Ok(r) => Out { stdout: r.stdout, stderr: r.stderr, code: r.exit_code },
            Err(e) => Out::fail(format!("{}\n", e.message), 1),
        }
    }

    fn read(&self, path: &str) -> Option<String> {
        self.cluster().container_file(&self.pod, &self.container_id(), path)
    }

    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        let parent = path.rsplit_once('/').map_or("/", |(p, _)| if p.is_empty() { "/" } else { p });
        if !self.is_dir(parent) {
            return Err("nonexistent directory".into());
        }
        if self.is_dir(path) {
            return Err("Is a directory".into());
        }
        let id = self.cluster().file_owner(&self.pod, &self.container_id(), path);
        let World::Mut(cluster) = &mut self.world else { return Ok(()) };
        match cluster.written.iter_mut().find(|(i, p, _)| *i == id && p == path) {
            Some(file) if append => file.2.push_str(text),
            Some(file) => file.2 = text.to_string(),
            None => cluster.written.push((id, path.to_string(), text.to_string())),
        }
        Ok(())
    }

    fn is_dir(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        let top = path.trim_start_matches('/').split('/').next().unwrap_or_default();
        let prefix = format!("{path}/");
        let id = self.cluster().file_owner(&self.pod, &self.container_id(), path);
        path.is_empty()
            || (DIRS.contains(&top) && path.matches('/').count() == 1)
            || matches!(path, "/usr/share/nginx/html" | "/usr/local/bin" | "/usr/bin" | "/var/log" | "/etc/nginx")
            || self
                .pod
                .spec
                .containers
                .iter()
                .flat_map(|c| &c.volume_mounts)
                .any(|m| m.mount_path.trim_end_matches('/') == path)
            || self.cluster().written.iter().any(|(i, p, _)| *i == id && p.starts_with(&prefix))
    }
}

impl Cluster {
    /// A new shell in a container: `program` (`sh`, `bash`…) picks its dialect.
    pub fn new_shell(&self, pod: &Pod, index: usize, program: &str, pid: u32) -> Shell {
        let r = images::Reference::parse(&pod.spec.containers[index].image);
        let dialect = match (program.rsplit('/').next(), Distribution::of(&r.repository, &r.tag)) {
            (Some("bash"), _) => Dialect::Bash,
            (_, Some(Distribution::Debian | Distribution::Ubuntu)) => Dialect::Dash,
            _ => Dialect::Ash,
        };
        // `extend`, not `collect`: collecting into a map sorts first (see `crate::sort`).
        let mut vars = std::collections::BTreeMap::new();
        vars.insert("HOME".to_string(), "/root".to_string());
        vars.extend(self.container_env(pod, index));
        Shell::new(dialect, vars, "/", pid)
    }

    /// Runs a script in a running container's shell `sh` (kept between the
    /// lines of an interactive session).
    pub fn shell_line(
        &mut self,
        namespace: &str,
        pod: &str,
        container: &str,
        sh: &mut Shell,
        script: &str,
        filter: Option<Filter>,
    ) -> Result<ExecOutput, super::ApiError> {
        let (pod, index) = self.pod_and_container(namespace, pod, container)?;
        let base = self.now;
        sh.elapsed_ms = 0;
        let mut host = Container { world: World::Mut(self), pod, index, base, filter };
        let out = sh.run_script(&mut host, script);
        Ok(ExecOutput { stdout: out.stdout, stderr: out.stderr, exit_code: out.code })
    }

    /// `ps` and `kill` run on their own by `kubectl exec` (busybox's applets).
    pub(crate) fn container_tool(&mut self, pod: Arc<Pod>, index: usize, argv: &[String]) -> Out {
        let mut sh = self.new_shell(&pod, index, "sh", 1);
        let base = self.now;
        Container { world: World::Mut(self), pod, index, base, filter: None }.run(&mut sh, argv, None)
    }

    /// What a container whose main process is a script (`main_script`) has
    /// written since it started at `started`: the script run on its own clock
    /// up to now. Never inlined: it stays in the page's lazy part
    /// (scripts/lazy.txt), which only such a container's logs fetch.
    #[inline(never)]
    pub(crate) fn script_log(
        &self,
        pod: &Arc<Pod>,
        index: usize,
        started: Time,
        (program, script): (String, String),
    ) -> Vec<LogLine> {
        let (program, script) = (program.as_str(), script.as_str());
        let mut sh = self.new_shell(pod, index, program, 1);
        sh.end_ms = Some(self.now.since(started).max(0) as u64);
        sh.log = Some(Vec::new());
        let mut host = Container { world: World::Read(self), pod: pod.clone(), index, base: started, filter: None };
        sh.run_script(&mut host, script);
        let mut lines = Vec::new();
        for (ms, text) in sh.log.take().unwrap_or_default() {
            let at = started.plus_millis(ms as i64);
            lines.extend(text.lines().map(|l| LogLine { at, text: l.to_string() }));
        }
        lines
    }
}

/// The script a container's main process amounts to: `sh -c SCRIPT` (or
/// bash, ash, dash) runs SCRIPT; any other command of an image with a shell
/// (busybox's `nslookup web`, `wget -qO- URL`, `echo hi`) runs as that one
/// command, its words quoted. `None`: a server's own process.
pub(crate) fn main_script(c: &super::objects::pod::Container, image: &images::Image) -> Option<(String, String)> {
    let mut argv = c.command.iter().chain(&c.args);
    let program = argv.next()?.rsplit('/').next()?.to_string();
    if matches!(program.as_str(), "sh" | "bash" | "ash" | "dash") {
        return match argv.next().map(|a| a.as_str()) {
            Some("-c") => Some((program, argv.next().cloned().unwrap_or_default())),
            _ => None,
        };
    }
    let serves = c.command.is_empty() && image.default_process == images::Process::Serves;
    if serves || !image.has_shell {
        return None;
    }
    let quoted: Vec<String> =
        c.command.iter().chain(&c.args).map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect();
    Some(("sh".into(), quoted.join(" ")))
}
