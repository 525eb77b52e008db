//! What running containers say and answer: logs (`kubectl logs`), command
//! execution (`kubectl exec`) and HTTP through cluster DNS and services
//! (`curl` from a pod), with the course's behaviours: the guestbook waits for
//! its database while the `redis` service has no endpoint.

use std::sync::Arc;

use super::Cluster;
use super::apps::Reply;
use super::errors::{ApiError, Reason};
use super::images::{self, Image};
use super::meta::map_selects;
use super::objects::pod::{ContainerStatus, Pod};
use super::objects::service::{Endpoints, Service, ServicePort};
use super::objects::{ConfigMap, Kind, Secret};
use super::time::Time;

/// The result of a command run in a container.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExecOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl ExecOutput {
    pub(crate) fn out(text: impl Into<String>) -> ExecOutput {
        ExecOutput { stdout: text.into(), ..Default::default() }
    }
    pub(crate) fn err(text: impl Into<String>, code: i32) -> ExecOutput {
        ExecOutput { stderr: text.into(), exit_code: code, ..Default::default() }
    }
}

/// How a client makes a request: the `Host` it sends (the address it was
/// given, which a port-forward hides) and how many redirects it follows.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub host: Option<String>,
    /// `curl -L` follows up to 50; plain `curl`, none.
    pub follow_redirects: usize,
    /// `curl -k`: a certificate curl cannot verify is accepted.
    pub insecure: bool,
    /// `curl --resolve HOST:PORT:ADDRESS` (and the shell's `/etc/hosts`):
    /// where a name is reached instead of asking DNS.
    pub resolve: Vec<(String, i32, String)>,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// One line of a container's log, and when the container wrote it (the
/// timestamp `kubectl logs --timestamps` shows and `--since` filters on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: Time,
    pub text: String,
}

/// Replaces an image's log placeholders with the start time in its own format.
pub(super) fn render(line: &str, at: Time, ip: &str) -> String {
    let (y, mo, d, h, mi, s, wd) = at.civil();
    let ms = at.0.rem_euclid(1000);
    line.replace("{redis}", &format!("{d:02} {} {y} {h:02}:{mi:02}:{s:02}.{ms:03}", MONTHS[mo as usize - 1]))
        .replace("{nginx}", &format!("{y}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"))
        .replace(
            "{httpd}",
            &format!("{} {} {d:02} {h:02}:{mi:02}:{s:02}.{ms:03}000 {y}", DAYS[wd as usize], MONTHS[mo as usize - 1]),
        )
        .replace("{mysql}", &format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}000Z"))
        // The MySQL entrypoint script's `date --rfc-3339=seconds`.
        .replace("{entrypoint}", &format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}+00:00"))
        .replace("{postgres}", &format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{ms:03}"))
        .replace("{gunicorn}", &format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000"))
        .replace("{ip}", ip)
}

/// `date`'s default output (`Tue Dec  1 10:00:00 UTC 2026`).
pub(crate) fn date(at: Time) -> String {
    let (y, mo, d, h, mi, s, wd) = at.civil();
    format!("{} {} {d:2} {h:02}:{mi:02}:{s:02} UTC {y}\n", DAYS[wd as usize], MONTHS[mo as usize - 1])
}

fn waiting_reason(status: &ContainerStatus) -> Option<&str> {
    status.state.waiting.as_ref().map(|w| w.reason.as_str())
}

impl Cluster {
    pub(crate) fn pod_and_container(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
    ) -> Result<(Arc<Pod>, usize), ApiError> {
        let p = self.store.get::<Pod>(namespace, pod).cloned().ok_or_else(|| ApiError::not_found(Kind::Pod, pod))?;
        match p.spec.containers.iter().position(|c| c.name == container) {
            Some(index) => Ok((p, index)),
            // `kubectl debug`'s container (the page's lazy part: only a pod that has one).
            None if !p.spec.ephemeral_containers.is_empty()
                && let Some(view) = self.ephemeral_view(&p, container) =>
            {
                Ok(view)
            }
            None => Err(ApiError::new(Reason::BadRequest, format!("container {container} is not valid for pod {pod}"))),
        }
    }

    /// `kubectl logs POD -c CONTAINER [--previous]`: the lines the container printed.
    pub fn container_logs(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        previous: bool,
    ) -> Result<Vec<LogLine>, ApiError> {
        let (p, index) = self.pod_and_container(namespace, pod, container)?;
        let status = p.status.container_statuses.get(index);
        let (container_id, started) = if previous {
            match status.and_then(|s| s.last_state.terminated.as_ref()) {
                Some(t) => (t.container_id.clone(), t.started_at),
                None => {
                    return Err(ApiError::new(
                        Reason::BadRequest,
                        format!("previous terminated container \"{container}\" in pod \"{pod}\" not found"),
                    ));
                }
            }
        } else {
            let Some(status) = status.filter(|s| !s.container_id.is_empty()) else {
                return Err(ApiError::new(
                    Reason::BadRequest,
                    format!("container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating"),
                ));
            };
            if let Some(reason) = waiting_reason(status).filter(|r| *r != "CrashLoopBackOff") {
                let reason = if matches!(reason, "ImagePullBackOff" | "ErrImagePull") {
                    "trying and failing to pull image"
                } else {
                    reason
                };
                return Err(ApiError::new(
                    Reason::BadRequest,
                    format!("container \"{container}\" in pod \"{pod}\" is waiting to start: {reason}"),
                ));
            }
            let started = status
                .state
                .running
                .as_ref()
                .and_then(|r| r.started_at)
                .or_else(|| status.state.terminated.as_ref().and_then(|t| t.started_at))
                .or_else(|| status.last_state.terminated.as_ref().and_then(|t| t.started_at));
            (status.container_id.clone(), started)
        };
        let spec = &p.spec.containers[index];
        let mut lines = Vec::new();
        if let Ok((image, _)) = images::resolve(&spec.image) {
            let at = started.unwrap_or(self.now);
            let mut texts = Vec::new();
            if spec.command.is_empty() && (spec.args.is_empty() || image.default_process == images::Process::Serves) {
                let tag = images::Reference::parse(&spec.image).tag;
                if images::is_more(image) {
                    texts.extend(super::images_more::start_logs(image, &tag, at, &p.status.pod_ip, &p.metadata.name));
                } else {
                    texts.extend(images::start_logs(image, &tag).iter().map(|l| render(l, at, &p.status.pod_ip)));
                }
            }
            // The kubelet expands `$(NAME)` in the command and arguments from the container's variables.
            let expanded =
                spec.command.iter().chain(&spec.args).any(|w| w.contains("$(")).then(|| self.expand_command(&p, index));
            let spec = expanded.as_ref().unwrap_or(spec);
            let script = super::sh::main_script(spec, image).map(|script| self.script_log(&p, index, at, script));
            lines.extend(texts.into_iter().map(|text| LogLine { at, text }));
            lines.extend(script.into_iter().flatten());
        }
        if let Some(extra) = self.logs.get(&container_id) {
            lines.extend(extra.iter().cloned());
        }
        Ok(lines)
    }

    pub(crate) fn append_log(&mut self, container_id: &str, text: String) {
        if !container_id.is_empty() {
            let log = self.logs.entry(container_id.to_string()).or_default();
            log.push(LogLine { at: self.now, text });
            // A container's log is capped, as a rotated log file would be.
            if log.len() > 1000 {
                log.drain(..200);
            }
        }
    }

    /// An HTTP GET as `curl URL` from inside `namespace`: cluster DNS, service
    /// IPs (round-robin over ready endpoints), pod IPs and NodePorts.
    /// `Err` holds curl's own error line.
    pub fn http_get(&mut self, namespace: &str, url: &str) -> Result<String, String> {
        self.http_get_from(namespace, None, url, &Client::default())
    }

    /// [`Cluster::http_get`] as `client` asks (the `Host` it sends, whether it
    /// follows redirects).
    pub fn curl(&mut self, namespace: &str, url: &str, client: &Client) -> Result<String, String> {
        self.http_get_from(namespace, None, url, client)
    }

    /// [`Cluster::http_get`] from inside `from` (`kubectl exec POD -- curl`):
    /// `localhost` is the pod itself.
    fn http_get_from(
        &mut self,
        namespace: &str,
        from: Option<&Arc<Pod>>,
        url: &str,
        client: &Client,
    ) -> Result<String, String> {
        let https = url.starts_with("https://");
        let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")).unwrap_or(url);
        let (authority, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
        let (named, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (
                h.to_string(),
                p.parse::<i32>().map_err(|_| {
                    "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535".to_string()
                })?,
            ),
            None => (authority.to_string(), if https { 443 } else { 80 }),
        };
        // `--resolve`: the address given for this name and port.
        let host = client
            .resolve
            .iter()
            .find(|(h, p, _)| *h == named && *p == port)
            .map_or(named.clone(), |(_, _, a)| a.clone());
        // ingress-nginx on a node's ports 80 and 443 (minikube's ingress addon).
        if (port == 443) == https
            && matches!(port, 80 | 443)
            && self.store.namespaces.get("", super::controllers::ingress::NAMESPACE).is_some()
            && super::controllers::ingress::listens_on(self, &host)
        {
            if https && !client.insecure {
                return Err(super::controllers::ingress::CERTIFICATE_ERROR.into());
            }
            let default = if https { ":443" } else { ":80" };
            let sent = client.host.clone().unwrap_or_else(|| authority.trim_end_matches(default).to_string());
            return Ok(super::controllers::ingress::serve(self, &sent, &path));
        }
        if https {
            return Err("curl: (35) OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number".into());
        }
        let refused =
            || format!("curl: (7) Failed to connect to {named} port {port} after 0 ms: Couldn't connect to server");
        // A node's address: kube-proxy sends a NodePort on to its service.
        let node_port_service =
            self.store.nodes.iter().any(|n| n.status.addresses.iter().any(|a| a.address == host)).then(|| {
                self.store
                    .services
                    .iter()
                    .find_map(|s| s.spec.ports.iter().find(|p| p.node_port == Some(port)).map(|p| (s.clone(), p.port)))
            });
        let (target, port) = match node_port_service {
            Some(Some((svc, service_port))) => (Target::Service(svc), service_port),
            Some(None) => return Err(refused()),
            None => match (from, self.resolve_host(namespace, &host)) {
                (Some(me), _) if matches!(host.as_str(), "localhost" | "127.0.0.1") => (Target::Pod(me.clone()), port),
                // The learner's own machine: nothing listens there (the shell's `curl`
                // looks at port-forwards before it comes here).
                (None, _) if host == "localhost" => return Err(refused()),
                (_, Some(t)) => (t, port),
                (_, None) if host.parse::<std::net::Ipv4Addr>().is_ok() => return Err(refused()),
                (_, None) => return Err(format!("curl: (6) Could not resolve host: {host}")),
            },
        };
        let (pod, container_port) = match target {
            Target::Service(svc) => {
                let Some(service_port) = svc.spec.ports.iter().find(|p| p.port == port) else { return Err(refused()) };
                let name = service_port.name.clone();
                let endpoints = self.store.get::<Endpoints>(&svc.metadata.namespace, &svc.metadata.name).cloned();
                let mut backends: Vec<(String, i32)> = Vec::new();
                for subset in endpoints.iter().flat_map(|e| e.subsets.iter()) {
                    let Some(p) = subset.ports.iter().find(|p| p.name == name) else { continue };
                    for a in &subset.addresses {
                        if let Some(r) = &a.target_ref {
                            backends.push((r.name.clone(), p.port));
                        }
                    }
                }
                if backends.is_empty() {
                    return Err(refused());
                }
                let key = format!("{}/{}", svc.metadata.namespace, svc.metadata.name);
                let turn = match self.round_robin.iter().position(|(k, _)| *k == key) {
                    Some(i) => &mut self.round_robin[i].1,
                    None => {
                        self.round_robin.push((key, 0));
                        &mut self.round_robin.last_mut().expect("just pushed").1
                    }
                };
                let (pod_name, target_port) = backends[*turn % backends.len()].clone();
                *turn += 1;
                match self.store.get::<Pod>(&svc.metadata.namespace, &pod_name) {
                    Some(p) => (p.clone(), target_port),
                    None => return Err(refused()),
                }
            }
            Target::Pod(p) => (p, port),
        };
        // The Host header: what the client was told, else the URL's authority.
        let host = client.host.clone().unwrap_or_else(|| authority.trim_end_matches(":80").to_string());
        let mut reply = self.answer(&pod, container_port, &host, &path).ok_or_else(refused)?;
        // `curl -L` follows the application's redirects to the same server.
        for _ in 0..client.follow_redirects {
            let Some(next) = reply.location.as_deref().and_then(|l| l.split_once("://")).map(|(_, rest)| rest) else {
                break;
            };
            let next_path = next.find('/').map_or("/".to_string(), |i| next[i..].to_string());
            reply = self.answer(&pod, container_port, &host, &next_path).ok_or_else(refused)?;
        }
        Ok(reply.body)
    }

    /// Whether a name resolves in cluster DNS from `namespace` (a service,
    /// a cluster IP or a pod IP).
    pub fn resolves(&self, namespace: &str, host: &str) -> bool {
        self.resolve_host(namespace, host).is_some()
    }

    pub(crate) fn resolve_host(&self, namespace: &str, host: &str) -> Option<Target> {
        let host = host.trim_end_matches('.');
        if host.parse::<std::net::Ipv4Addr>().is_ok() {
            if let Some(svc) = self.store.services.iter().find(|s| s.spec.cluster_ip == host) {
                return Some(Target::Service(svc.clone()));
            }
            return self
                .store
                .pods
                .iter()
                .find(|p| p.status.pod_ip == host && p.spec.host_network != Some(true))
                .map(|p| Target::Pod(p.clone()));
        }
        let host = host.strip_suffix(".cluster.local").unwrap_or(host);
        let host = host.strip_suffix(".svc").unwrap_or(host);
        let (name, ns) = host.split_once('.').unwrap_or((host, namespace));
        if let Some(svc) = self.store.get::<Service>(ns, name) {
            return Some(Target::Service(svc.clone()));
        }
        // A pod's own name behind a headless service (`web-0.web`).
        if host.contains('.') && self.store.services.iter().any(|s| s.spec.cluster_ip == "None") {
            return super::controllers::statefulset::pod_by_dns(self, namespace, host).map(Target::Pod);
        }
        None
    }

    /// What the container listening on `port` in `pod` answers to `GET path`.
    pub(crate) fn answer(&mut self, pod: &Pod, port: i32, host: &str, path: &str) -> Option<Reply> {
        if !pod.is_ready() && pod.status.phase != "Running" {
            return None;
        }
        let (index, image) = pod.spec.containers.iter().enumerate().find_map(|(i, c)| {
            let image = images::resolve(&c.image).ok()?.0;
            let listens = c.ports.iter().any(|p| p.container_port == port) || default_port(image) == Some(port);
            listens.then_some((i, image))
        })?;
        let container_id = pod.status.container_statuses.get(index).map(|s| s.container_id.clone()).unwrap_or_default();
        let (y, mo, d, h, mi, s, _) = self.now.civil();
        let body = match image.repository {
            "nginx" => {
                let line = format!(
                    "10.244.0.1 - - [{d:02}/{}/{y}:{h:02}:{mi:02}:{s:02} +0000] \"GET {path} HTTP/1.1\" 200 615 \"-\" \"curl/8.11.1\" \"-\"",
                    MONTHS[mo as usize - 1]
                );
                // The document root as the container has it (a page written there is served).
                let file = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
                let page = self.container_file(pod, &container_id, &format!("/usr/share/nginx/html{file}"));
                let page = page.unwrap_or_else(|| self.nginx_welcome(pod, index).to_string());
                self.append_log(&container_id, line.replace("200 615", &format!("200 {}", page.len())));
                page
            }
            // Its document root as the container has it; without an index, nginx's 403.
            "registry.k8s.io/nginx-slim" => {
                let file = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
                self.container_file(pod, &container_id, &format!("/usr/share/nginx/html{file}")).unwrap_or_else(|| {
                    "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n".to_string()
                })
            }
            "httpd" => "<html><body><h1>It works!</h1></body></html>\n".to_string(),
            "registry.k8s.io/hpa-example" => "OK!".to_string(),
            "instavote/vote" | "dockersamples/examplevotingapp_vote" => {
                let line = format!(
                    "10.244.0.1 - - [{d:02}/{}/{y}:{h:02}:{mi:02}:{s:02} +0000] \"GET {path} HTTP/1.1\" 200 1294 \"-\" \"curl/8.11.1\"",
                    MONTHS[mo as usize - 1]
                );
                self.append_log(&container_id, line);
                format!(
                    "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Cats vs Dogs!</title>\n  </head>\n  <body>\n    <h3>Cats vs Dogs!</h3>\n    <p>Processed by container ID {}</p>\n  </body>\n</html>\n",
                    pod.metadata.name
                )
            }
            "registry.gitlab.com/gonzalez-marc/guestbook" => {
                return Some(self.guestbook(pod, &container_id, host, path));
            }
            "wordpress" => return Some(self.wordpress(pod, index, host, path)),
            "monachus/rancher-demo" => format!("<html><body><h1>Hello from {}</h1></body></html>\n", pod.metadata.name),
            "gcr.io/google-samples/hello-app" => {
                let version = if pod.spec.containers[index].image.ends_with(":2.0") { "2.0.0" } else { "1.0.0" };
                format!("Hello, world!\nVersion: {version}\nHostname: {}\n", pod.metadata.name)
            }
            // serve_hostname.go writes the hostname alone, without a newline.
            "registry.k8s.io/serve_hostname" => pod.metadata.name.clone(),
            // jmalloc/echo-server: who served it, the request line, the headers.
            "kicbase/echo-server" => format!(
                "Request served by {}\n\nHTTP/1.1 GET {path}\n\nHost: {host}\nAccept: */*\nUser-Agent: curl/8.11.1\n",
                pod.metadata.name
            ),
            "hashicorp/http-echo" => {
                let c = &pod.spec.containers[index];
                let text =
                    c.command.iter().chain(&c.args).find_map(|a| a.trim_start_matches('-').strip_prefix("text="));
                format!("{}\n", text.unwrap_or("hello-world"))
            }
            "redis" => String::new(),
            _ if images::is_more(image) => super::images_more::answer(
                image.repository,
                &pod.spec.containers[index].image,
                &pod.metadata.name,
                host,
                path,
                port,
            )?,
            _ => return None,
        };
        Some(Reply { status: 200, location: None, body })
    }

    /// The main process of `pod`'s `container` exits with `code` (a shell the
    /// learner attached to and left): it restarts or completes as the pod's
    /// restart policy says.
    pub fn end_main_process(&mut self, namespace: &str, pod: &str, container: &str, code: i32) {
        if let Some(uid) = self.store.get::<Pod>(namespace, pod).map(|p| p.metadata.uid.clone()) {
            super::controllers::kubelet::end_process(self, &uid, container, code);
        }
    }

    /// `kubectl exec POD -c CONTAINER -- ARGV…` for the commands the course uses.
    pub fn exec(
        &mut self,
        namespace: &str,
        pod: &str,
        container: &str,
        argv: &[String],
    ) -> Result<ExecOutput, ApiError> {
        let (p, index) = self.pod_and_container(namespace, pod, container)?;
        if matches!(p.status.phase.as_str(), "Succeeded" | "Failed") {
            return Err(ApiError::bad_request(format!(
                "cannot exec into a container in a completed pod; current phase is {}",
                p.status.phase
            )));
        }
        let running = p.status.container_statuses.get(index).is_some_and(|s| s.state.running.is_some());
        if !running {
            return Err(ApiError::bad_request(format!(
                "unable to upgrade connection: container not found (\"{container}\")"
            )));
        }
        let spec = p.spec.containers[index].clone();
        let image = images::resolve(&spec.image).ok().map(|(i, _)| i);
        let container_id = p.status.container_statuses.get(index).map(|s| s.container_id.clone()).unwrap_or_default();
        let tag = images::Reference::parse(&spec.image).tag;
        let distribution = image.and_then(|i| images::Distribution::of(i.repository, &tag));
        let program = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a).to_string()).unwrap_or_default();
        let args: Vec<&str> = argv.iter().skip(1).map(String::as_str).collect();
        let shell_less = image.is_some_and(|i| !i.has_shell);
        let not_found = |cmd: &str| {
            ExecOutput::err(
                format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{cmd}\": executable file not found in $PATH: unknown"
                ),
                126,
            )
        };
        if shell_less && !matches!(program.as_str(), "guestbook" | "coredns") {
            return Ok(not_found(&argv[0]));
        }
        let has = |program: &str| image.is_none_or(|i| images::has_program(i.repository, &tag, program));
        if !has(&program) && matches!(program.as_str(), "bash" | "ps") {
            return Ok(not_found(&argv[0]));
        }
        if matches!(program.as_str(), "kill" | "ls" | "ps" | "touch" | "rm") {
            let out = self.container_tool(p, index, argv);
            return Ok(ExecOutput { stdout: out.stdout, stderr: out.stderr, exit_code: out.code });
        }
        let env = self.container_env(&p, index);
        let output = match program.as_str() {
            "hostname" => ExecOutput::out(format!("{}\n", p.metadata.name)),
            "env" | "printenv" if args.is_empty() => {
                ExecOutput::out(env.iter().map(|(k, v)| format!("{k}={v}\n")).collect::<String>())
            }
            "printenv" => ExecOutput::out(
                args.iter()
                    .filter_map(|k| env.iter().find(|(n, _)| n == k).map(|(_, v)| format!("{v}\n")))
                    .collect::<String>(),
            ),
            "echo" => ExecOutput::out(format!("{}\n", args.join(" "))),
            "date" => ExecOutput::out(date(self.now)),
            "cat" => {
                let mut out = ExecOutput::default();
                for file in &args {
                    let os = (*file == "/etc/os-release").then(|| distribution.map(|d| d.os_release().to_string()));
                    match os.unwrap_or_else(|| self.container_file(&p, &container_id, file)) {
                        Some(text) => out.stdout.push_str(&text),
                        // busybox's applet (busybox and Alpine images) words it its own way.
                        None if distribution.is_none_or(|d| d == images::Distribution::Alpine) => {
                            out.stderr.push_str(&format!("cat: can't open '{file}': No such file or directory\n"));
                            out.exit_code = 1;
                        }
                        None => {
                            out.stderr.push_str(&format!("cat: {file}: No such file or directory\n"));
                            out.exit_code = 1;
                        }
                    }
                }
                out
            }
            "nginx" if args.first() == Some(&"-v") => {
                // The version the image's tag names (`nginx:1.12.2`).
                ExecOutput::err(format!("nginx version: nginx/{}\n", images::nginx_version(&tag)), 0)
            }
            "redis-cli" => {
                // `-h HOST` reaches another redis through cluster DNS; the rest is one command.
                let mut words = args.clone();
                let mut server = Some(container_id.clone());
                if let Some(i) = words.iter().position(|a| *a == "-h") {
                    let host = words.get(i + 1).copied().unwrap_or_default();
                    server = match self.resolve_host(namespace, host) {
                        Some(Target::Pod(pod)) => Some(pod.clone()),
                        Some(Target::Service(svc)) => self.backend(&svc.metadata.namespace, &svc.metadata.name),
                        None => None,
                    }
                    .and_then(|pod| super::apps::redis_container(&pod));
                    words.drain(i..(i + 2).min(words.len()));
                }
                match server {
                    Some(id) => ExecOutput::out(self.keyspace(&id).command(&words)),
                    None => {
                        let host = args.iter().skip_while(|a| **a != "-h").nth(1).copied().unwrap_or_default();
                        ExecOutput::err(
                            format!("Could not connect to Redis at {host}:6379: Name or service not known\n"),
                            1,
                        )
                    }
                }
            }
            "mysql" if image.is_some_and(|i| matches!(i.repository, "mysql" | "mariadb")) => {
                let (stdout, stderr, code) = self.mysql_client(&p, &args);
                ExecOutput { stdout, stderr, exit_code: code }
            }
            // busybox's resolver tools, answering from cluster DNS as CoreDNS does.
            "nslookup" | "getent" | "ping"
                if image.is_some_and(|i| images::has_program(i.repository, &tag, &program)) =>
            {
                self.resolver_tool(namespace, &p.spec.containers[index].image, &program, &args)
            }
            // Not every image has them (`apk add curl` first in alpine).
            "curl" | "wget"
                if !image.is_some_and(|i| images::has_program(i.repository, &tag, &program))
                    && !self.installed.get(&container_id).is_some_and(|p| p.contains(&program)) =>
            {
                not_found(&argv[0])
            }
            "curl" | "wget" => {
                let url = args.iter().find(|a| !a.starts_with('-')).copied().unwrap_or_default();
                if url.is_empty() {
                    ExecOutput::err("curl: try 'curl --help' or 'curl --manual' for more information\n", 2)
                } else {
                    let follow = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('L'))
                        || args.contains(&"--location");
                    let client = Client { follow_redirects: if follow { 50 } else { 0 }, ..Default::default() };
                    match self.http_get_from(namespace, Some(&p), url, &client) {
                        Ok(body) => ExecOutput::out(body),
                        // busybox's wget has its own words, which -q does not silence.
                        Err(e) if program == "wget" => ExecOutput::err(wget_error(url, &e), 1),
                        Err(e) => {
                            let code = if e.contains("(6)") { 6 } else { 7 };
                            let shown = if silenced(&program, &args) { String::new() } else { format!("{e}\n") };
                            ExecOutput::err(shown, code)
                        }
                    }
                }
            }
            "sh" | "bash" | "ash" | "dash" if args.first() == Some(&"-c") => {
                let mut sh = self.new_shell(&p, index, &program, 1);
                return self.shell_line(namespace, pod, container, &mut sh, args.get(1).copied().unwrap_or(""), None);
            }
            // An interactive shell without a terminal reads nothing and exits.
            "sh" | "bash" | "ash" if args.is_empty() => ExecOutput::default(),
            "true" => ExecOutput::default(),
            "false" => ExecOutput::err("", 1),
            // Each distribution has its own package manager.
            "apk" | "apt" | "apt-get" => {
                use images::Distribution::{Alpine, Debian, Ubuntu};
                let ours = matches!(
                    (program.as_str(), distribution),
                    ("apk", Some(Alpine)) | ("apt" | "apt-get", Some(Debian | Ubuntu))
                );
                let had_curl = self.installed.get(&container_id).is_some_and(|p| p.iter().any(|p| p == "curl"));
                if ours && matches!(args.first(), Some(&("add" | "install"))) {
                    let packages = args.iter().skip(1).filter(|a| !a.starts_with('-')).map(|a| a.to_string());
                    self.installed.entry(container_id.clone()).or_default().extend(packages);
                }
                match (program.as_str(), distribution) {
                    _ if !ours => not_found(&argv[0]),
                    ("apk", _) => ExecOutput::out(apk(&args, had_curl)),
                    (_, distribution) => {
                        let mut out = ExecOutput::out(apt(distribution == Some(Ubuntu), &args));
                        if program == "apt" {
                            out.stderr =
                                "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
                                    .into();
                        }
                        out
                    }
                }
            }
            _ => not_found(&argv[0]),
        };
        Ok(output)
    }

    /// A container whose command and arguments have `$(NAME)` expanded as
    /// the kubelet does (`ExpandContainerCommandAndArgs`), from its variables.
    #[inline(never)]
    fn expand_command(&self, pod: &Pod, index: usize) -> crate::cluster::objects::pod::Container {
        let env = self.container_env(pod, index);
        let mut c = pod.spec.containers.get(index).cloned().unwrap_or_default();
        for w in c.command.iter_mut().chain(c.args.iter_mut()) {
            *w = expand_env(w, &env, &[]);
        }
        c
    }

    /// The environment a container sees: its own variables (resolved), the
    /// service variables of its namespace, and the runtime's defaults.
    pub fn container_env(&self, pod: &Pod, index: usize) -> Vec<(String, String)> {
        let name = pod.spec.containers.get(index).map(|c| c.name.as_str());
        let id = pod.status.container_statuses.iter().find(|s| Some(s.name.as_str()) == name).map(|s| &s.container_id);
        match id.and_then(|id| self.started_env.get(id)) {
            Some(env) => env
                .iter()
                .map(|line| {
                    line.split_once('=').map_or((line.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string()))
                })
                .collect(),
            None => self.resolve_env(pod, index),
        }
    }

    /// The environment the kubelet gives a container it starts now.
    pub(crate) fn resolve_env(&self, pod: &Pod, index: usize) -> Vec<(String, String)> {
        let ns = &pod.metadata.namespace;
        let mut env = vec![
            ("PATH".to_string(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()),
            ("HOSTNAME".to_string(), pod.metadata.name.clone()),
        ];
        // The kubelet sets these when it starts the container, from the
        // services that exist then: a service created later is not seen
        // until the container restarts.
        let started = pod
            .status
            .container_statuses
            .iter()
            .find(|s| pod.spec.containers.get(index).is_some_and(|c| c.name == s.name))
            .and_then(|s| s.state.running.as_ref())
            .and_then(|r| r.started_at)
            .unwrap_or(self.now);
        let links = pod.spec.extra.get("enableServiceLinks") != Some(&serde_json::Value::Bool(false));
        let master = self.store.services.in_namespace("default").find(|s| s.metadata.name == "kubernetes");
        let own = self
            .store
            .services
            .in_namespace(ns)
            .filter(|s| links && (ns != "default" || s.metadata.name != "kubernetes"));
        for svc in master.into_iter().chain(own) {
            if svc.metadata.creation_timestamp.is_some_and(|t| t > started) {
                continue;
            }
            service_env(&svc.metadata.name, &svc.spec.cluster_ip, &svc.spec.ports, &mut env);
        }
        // The container's own variables (kubelet_pods.go makeEnvironmentVariables):
        // `envFrom` first, then `env`, a later name replacing an earlier one;
        // a service variable only where the container defines none of that
        // name. `env` values expand `$(NAME)` from what is defined so far
        // and the service variables.
        let services = std::mem::take(&mut env);
        let mut own: Vec<(String, String)> = Vec::new();
        let set = |own: &mut Vec<(String, String)>, name: String, value: String| match own
            .iter_mut()
            .find(|(n, _)| *n == name)
        {
            Some(slot) => slot.1 = value,
            None => own.push((name, value)),
        };
        if let Some(c) = pod.spec.containers.get(index) {
            if c.extra.contains_key("envFrom") {
                for (name, value) in self.env_from_sources(ns, c) {
                    set(&mut own, name, value);
                }
            }
            for var in &c.env {
                let value = match (&var.value, &var.value_from) {
                    (Some(v), _) if v.contains('$') => expand_env(v, &own, &services),
                    (Some(v), _) => v.clone(),
                    (None, Some(from)) => self.env_from(ns, pod, c, from).unwrap_or_default(),
                    _ => String::new(),
                };
                set(&mut own, var.name.clone(), value);
            }
        }
        env = services.into_iter().filter(|(n, _)| !own.iter().any(|(o, _)| o == n)).collect();
        env.extend(own);
        env.push(("HOME".to_string(), "/root".to_string()));
        env
    }

    /// The variables of a container's `envFrom`: every key of each ConfigMap
    /// or Secret, behind its `prefix`; a missing optional source gives none.
    #[inline(never)]
    fn env_from_sources(&self, ns: &str, c: &crate::cluster::objects::pod::Container) -> Vec<(String, String)> {
        let mut vars = Vec::new();
        let Some(serde_json::Value::Array(sources)) = c.extra.get("envFrom") else { return vars };
        for source in sources {
            let prefix = source.get("prefix").and_then(serde_json::Value::as_str).unwrap_or_default();
            let name = |field: &str| source.get(field)?.get("name")?.as_str();
            if let Some(cm) = name("configMapRef").and_then(|n| self.store.get::<ConfigMap>(ns, n)) {
                vars.extend(cm.data.iter().map(|(k, v)| (format!("{prefix}{k}"), v.clone())));
            }
            if let Some(secret) = name("secretRef").and_then(|n| self.store.get::<Secret>(ns, n)) {
                for (k, v) in &secret.data {
                    let bytes = super::api::base64_decode(v).unwrap_or_default();
                    vars.push((format!("{prefix}{k}"), String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
        vars
    }

    fn env_from(
        &self,
        ns: &str,
        pod: &Pod,
        container: &crate::cluster::objects::pod::Container,
        from: &serde_json::Value,
    ) -> Option<String> {
        let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
        if let Some(r) = from.get("configMapKeyRef") {
            let cm = self.store.get::<ConfigMap>(ns, &text(r, "name")?)?;
            return cm.data.get(&text(r, "key")?).cloned();
        }
        if let Some(r) = from.get("secretKeyRef") {
            let secret = self.store.get::<Secret>(ns, &text(r, "name")?)?;
            let bytes = super::api::base64_decode(secret.data.get(&text(r, "key")?)?)?;
            return Some(String::from_utf8_lossy(&bytes).into_owned());
        }
        if let Some(r) = from.get("resourceFieldRef") {
            let target = match text(r, "containerName") {
                Some(name) if !name.is_empty() => pod.spec.containers.iter().find(|c| c.name == name)?,
                _ => container,
            };
            return Some(self.resource_field(pod, target, &text(r, "resource")?, r.get("divisor")));
        }
        if let Some(r) = from.get("fieldRef") {
            return match text(r, "fieldPath")?.as_str() {
                "metadata.name" => Some(pod.metadata.name.clone()),
                "metadata.namespace" => Some(pod.metadata.namespace.clone()),
                "metadata.uid" => Some(pod.metadata.uid.clone()),
                "status.podIP" | "status.podIPs" => Some(pod.status.pod_ip.clone()),
                "spec.nodeName" => Some(pod.spec.node_name.clone()),
                "spec.serviceAccountName" => Some(
                    pod.spec
                        .extra
                        .get("serviceAccountName")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("default")
                        .to_string(),
                ),
                "status.hostIP" | "status.hostIPs" => Some(pod.status.host_ip.clone()),
                // `metadata.labels['KEY']` (an Indexed Job's JOB_COMPLETION_INDEX).
                path => {
                    let (map, rest) =
                        match (path.strip_prefix("metadata.labels['"), path.strip_prefix("metadata.annotations['")) {
                            (Some(rest), _) => (&*pod.metadata.labels, rest),
                            (_, Some(rest)) => (&*pod.metadata.annotations, rest),
                            _ => return None,
                        };
                    rest.strip_suffix("']").and_then(|key| map.get(key).cloned())
                }
            };
        }
        None
    }

    /// A `resourceFieldRef` as the kubelet resolves it (resource/helpers.go
    /// ExtractContainerResourceValue): a limit the container does not set is
    /// the node's allocatable amount; the value is divided by the divisor
    /// (default 1) and rounded up.
    #[inline(never)]
    fn resource_field(
        &self,
        pod: &Pod,
        container: &crate::cluster::objects::pod::Container,
        resource: &str,
        divisor: Option<&serde_json::Value>,
    ) -> String {
        let Some((side, name)) = resource.split_once('.') else { return String::new() };
        let declared = container.resources.as_ref().and_then(|r| match side {
            "limits" => r.limits.get(name),
            _ => r.requests.get(name).or_else(|| r.limits.get(name)),
        });
        let value = declared.and_then(super::quantity::parse_value).or_else(|| match side {
            "limits" => self
                .store
                .nodes
                .get("", &pod.spec.node_name)
                .and_then(|n| n.status.allocatable.get(name).and_then(|q| super::quantity::parse(q))),
            _ => Some(0.0),
        });
        let divisor = divisor.and_then(super::quantity::parse_value).filter(|d| *d > 0.0).unwrap_or(1.0);
        let value = value.unwrap_or(0.0);
        // CPU is counted in millicores before dividing, as resource.Quantity does.
        let units = if name == "cpu" {
            ((value * 1000.0).round() / (divisor * 1000.0).round()).ceil()
        } else {
            (value / divisor).ceil()
        };
        format!("{}", units.max(0.0) as i64)
    }

    /// nginx's own index page, as the image's version has it.
    fn nginx_welcome(&self, pod: &Pod, index: usize) -> &'static str {
        let tag = images::Reference::parse(&pod.spec.containers[index].image).tag;
        if images::nginx_old_welcome(&images::nginx_version(&tag)) { NGINX_OLD_WELCOME } else { NGINX_WELCOME }
    }

    /// What was copied into the container, a few files every container has
    /// (nginx's index page included), and mounted ConfigMap/Secret keys.
    pub(crate) fn container_file(&self, pod: &Pod, container_id: &str, path: &str) -> Option<String> {
        let owner = self.file_owner(pod, container_id, path);
        if let Some((_, _, text)) = self.written.iter().find(|(id, p, _)| *id == owner && p == path) {
            return Some(text.clone());
        }
        let index = pod.status.container_statuses.iter().position(|s| s.container_id == container_id);
        let nginx = index.filter(|&i| images::Reference::parse(&pod.spec.containers[i].image).repository == "nginx");
        if let (Some(i), "/usr/share/nginx/html/index.html") = (nginx, path) {
            return Some(self.nginx_welcome(pod, i).to_string());
        }
        match path {
            "/etc/hostname" => return Some(format!("{}\n", pod.metadata.name)),
            "/etc/resolv.conf" => {
                return Some(format!(
                    "nameserver 10.96.0.10\nsearch {ns}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
                    ns = pod.metadata.namespace
                ));
            }
            "/etc/hosts" => {
                return Some(format!(
                    "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n{}\t{}\n",
                    pod.status.pod_ip, pod.metadata.name
                ));
            }
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace" => return Some(pod.metadata.namespace.clone()),
            _ => {}
        }
        // Mounted ConfigMap or Secret keys (looked up only under a volume's
        // mount: the rest is the page's lazy part).
        let mounts = pod.spec.containers.iter().flat_map(|c| &c.volume_mounts);
        if !mounts.clone().any(|m| path.starts_with(m.mount_path.trim_end_matches('/'))) {
            return None;
        }
        for mount in mounts {
            let mount_path = mount.mount_path.trim_end_matches('/');
            let sub_path = mount.extra.get("subPath").and_then(|p| p.as_str()).filter(|p| !p.is_empty());
            let file = match sub_path {
                Some(key) if path == mount_path => key,
                Some(_) => continue,
                None => match path.strip_prefix(mount_path).and_then(|f| f.strip_prefix('/')) {
                    Some(file) => file,
                    None => continue,
                },
            };
            let files = self.volume_files(pod, index, mount, sub_path.is_some())?;
            return files.into_iter().find(|(name, _)| name == file).map(|(_, text)| text);
        }
        None
    }

    /// The files a ConfigMap or Secret volume mounted at `dir` shows to the
    /// container `index` (`ls`): each key (or, with `items`, each item's path).
    pub(crate) fn mounted_keys(&self, pod: &Pod, index: Option<usize>, dir: &str) -> Option<Vec<(String, String)>> {
        let dir = dir.trim_end_matches('/');
        let mount = pod.spec.containers.iter().flat_map(|c| &c.volume_mounts).find(|m| {
            m.mount_path.trim_end_matches('/') == dir
                && m.extra.get("subPath").and_then(|p| p.as_str()).unwrap_or("").is_empty()
        })?;
        self.volume_files(pod, index, mount, false)
    }

    /// A ConfigMap or Secret volume's files with their text, as the kubelet
    /// last wrote them for the container `index` (volume_sync.rs: a change
    /// shows at the pod's next sync, never through a `subPath`) (the page's
    /// lazy part).
    #[inline(never)]
    fn volume_files(
        &self,
        pod: &Pod,
        index: Option<usize>,
        mount: &super::objects::pod::VolumeMount,
        sub_path: bool,
    ) -> Option<Vec<(String, String)>> {
        let volume = pod.spec.volumes.iter().find(|v| v.name == mount.name)?;
        let started = index
            .and_then(|i| pod.status.container_statuses.get(i))
            .and_then(|s| s.state.running.as_ref())
            .and_then(|r| r.started_at)
            .unwrap_or(self.now);
        let ns = pod.metadata.namespace.as_str();
        let sync = (pod.metadata.uid.as_str(), started, sub_path);
        let (source, data): (&serde_json::Value, Vec<(String, String)>) =
            if let Some(source) = volume.source.get("configMap") {
                let name = source.get("name").and_then(|n| n.as_str())?;
                let cm = self.volume_history.config_map(&self.store, (ns, name), sync, self.now)?;
                (source, cm.data.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            } else if let Some(source) = volume.source.get("secret") {
                let name = source.get("secretName").and_then(|n| n.as_str())?;
                let secret = self.volume_history.secret(&self.store, (ns, name), sync, self.now)?;
                let decoded = secret.data.iter().filter_map(|(k, v)| {
                    super::api::base64_decode(v).map(|b| (k.clone(), String::from_utf8_lossy(&b).into_owned()))
                });
                (source, decoded.collect())
            } else {
                return None;
            };
        match source.get("items").and_then(|i| i.as_array()) {
            Some(items) => Some(
                items
                    .iter()
                    .filter_map(|item| {
                        let key = item.get("key")?.as_str()?;
                        let path = item.get("path")?.as_str()?;
                        data.iter().find(|(k, _)| k == key).map(|(_, v)| (path.to_string(), v.clone()))
                    })
                    .collect(),
            ),
            None => Some(data),
        }
    }
}

pub(crate) enum Target {
    Service(Arc<Service>),
    Pod(Arc<Pod>),
}

/// What `apt-get update` and `apt-get install PACKAGE…` print in a Debian or
/// Ubuntu container (the simulated network has every package).
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
fn apt(ubuntu: bool, args: &[&str]) -> String {
    let packages: Vec<&str> = args.iter().copied().filter(|a| !a.starts_with('-')).skip(1).collect();
    match args.iter().find(|a| !a.starts_with('-')).copied() {
        Some("update") if ubuntu => "Get:1 http://security.ubuntu.com/ubuntu noble-security InRelease [126 kB]\n\
             Get:2 http://archive.ubuntu.com/ubuntu noble InRelease [256 kB]\n\
             Get:3 http://archive.ubuntu.com/ubuntu noble-updates InRelease [126 kB]\n\
             Get:4 http://archive.ubuntu.com/ubuntu noble-backports InRelease [126 kB]\n\
             Get:5 http://archive.ubuntu.com/ubuntu noble/main amd64 Packages [1808 kB]\n\
             Get:6 http://archive.ubuntu.com/ubuntu noble/universe amd64 Packages [19.3 MB]\n\
             Fetched 21.8 MB in 2s (10.9 MB/s)\n\
             Reading package lists...\n"
            .into(),
        Some("update") => "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\n\
             Get:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]\n\
             Get:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]\n\
             Get:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\n\
             Get:5 http://deb.debian.org/debian bookworm-updates/main amd64 Packages [13.5 kB]\n\
             Get:6 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages [243 kB]\n\
             Fetched 9303 kB in 1s (9303 kB/s)\n\
             Reading package lists...\n"
            .into(),
        Some("install") if !packages.is_empty() => {
            let mut text = String::from(
                "Reading package lists...\nBuilding dependency tree...\nReading state information...\nThe following NEW packages will be installed:\n ",
            );
            for p in &packages {
                text.push(' ');
                text.push_str(p);
            }
            text.push_str(&format!(
                "\n0 upgraded, {n} newly installed, 0 to remove and 0 not upgraded.\n",
                n = packages.len()
            ));
            for p in &packages {
                text.push_str(&format!("Setting up {p} ...\n"));
            }
            text
        }
        _ => "Reading package lists...\nBuilding dependency tree...\nReading state information...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n".into(),
    }
}

/// What `apk update` and `apk add curl` print in an Alpine 3.21 container
/// (no package cache: each command fetches the indexes again). Other packages
/// get apk's last line only, as curl does once installed.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
fn apk(args: &[&str], had_curl: bool) -> String {
    const FETCH: &str = "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n\
                         fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n";
    match args.iter().find(|a| !a.starts_with('-')).copied() {
        Some("update") => format!(
            "{FETCH}v3.21.3-93-g0d8d1e3c8e0 [https://dl-cdn.alpinelinux.org/alpine/v3.21/main]\n\
             v3.21.3-95-g2c52d6bc3a6 [https://dl-cdn.alpinelinux.org/alpine/v3.21/community]\n\
             OK: 25256 distinct packages available\n"
        ),
        Some("add") if had_curl => format!("{FETCH}OK: 12 MiB in 24 packages\n"),
        Some("add") if args.contains(&"curl") => {
            let packages = [
                "brotli-libs (1.1.0-r2)",
                "c-ares (1.34.5-r0)",
                "libunistring (1.2-r0)",
                "libidn2 (2.3.7-r0)",
                "nghttp2-libs (1.64.0-r0)",
                "libpsl (0.21.5-r3)",
                "zstd-libs (1.5.6-r2)",
                "libcurl (8.12.1-r1)",
                "curl (8.12.1-r1)",
            ];
            let mut out = FETCH.to_string();
            for (i, p) in packages.iter().enumerate() {
                out.push_str(&format!("({}/9) Installing {p}\n", i + 1));
            }
            out + "Executing busybox-1.37.0-r12.trigger\nOK: 12 MiB in 24 packages\n"
        }
        _ => "OK: 9 MiB in 15 packages\n".into(),
    }
}

/// busybox wget's failure for `url`, from curl's words for it: an unknown
/// host (`wget: bad address 'nope:80'`) or a refused connection.
fn wget_error(url: &str, curl: &str) -> String {
    let authority = url.split_once("://").map_or(url, |(_, rest)| rest).split('/').next().unwrap_or("");
    if curl.contains("(6)") {
        return format!("wget: bad address '{authority}'\n");
    }
    let ip = curl.split("connect to ").nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or(authority);
    format!("wget: can't connect to remote host ({ip}): Connection refused\n")
}

/// `curl -s` (without `-S`) and `wget -q` keep their error lines to themselves.
pub fn silenced(program: &str, args: &[&str]) -> bool {
    let short = |c: char| args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains(c));
    match program {
        "wget" => short('q') || args.contains(&"--quiet"),
        _ => (short('s') || args.contains(&"--silent")) && !(short('S') || args.contains(&"--show-error")),
    }
}

/// The port an image listens on when its manifest declares none.
pub(crate) fn default_port(image: &Image) -> Option<i32> {
    match image.repository {
        "nginx" | "httpd" | "instavote/vote" | "dockersamples/examplevotingapp_vote" | "wordpress" => Some(80),
        "registry.k8s.io/hpa-example" => Some(80),
        "registry.k8s.io/nginx-slim" => Some(80),
        "gcr.io/google-samples/hello-app" => Some(8080),
        "hashicorp/http-echo" => Some(5678),
        "registry.k8s.io/serve_hostname" => Some(9376),
        "kicbase/echo-server" => Some(8080),
        "redis" => Some(6379),
        "mysql" => Some(3306),
        "postgres" => Some(5432),
        "registry.gitlab.com/gonzalez-marc/guestbook" => Some(3000),
        "monachus/rancher-demo" => Some(8080),
        "registry.k8s.io/e2e-test-images/agnhost" => Some(8080),
        "registry.k8s.io/ingress-nginx/controller" => Some(80),
        _ if images::is_more(image) => super::images_more::default_port(image.repository),
        _ => None,
    }
}

/// Whether a service selects a pod (used by the picture and by tests).
pub fn selects(svc: &Service, pod: &Pod) -> bool {
    map_selects(&svc.spec.selector, &pod.metadata.labels)
}

const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

/// The page before nginx 1.21.1 (612 bytes).
const NGINX_OLD_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

/// A service's variables, as the kubelet's `envvars.FromServices` makes them
/// (Docker links' names): `WEB_SERVICE_HOST`, `WEB_SERVICE_PORT` (the first
/// port), one `WEB_SERVICE_PORT_NAME` per named port, then `WEB_PORT` and per
/// port `WEB_PORT_80_TCP` with its `_PROTO`, `_PORT` and `_ADDR`. A headless
/// service (no cluster IP) has none.
fn service_env(name: &str, ip: &str, ports: &[ServicePort], env: &mut Vec<(String, String)>) {
    let Some(first) = ports.first() else { return };
    if ip.is_empty() || ip == "None" {
        return;
    }
    let prefix = name.to_ascii_uppercase().replace('-', "_");
    env.push((format!("{prefix}_SERVICE_HOST"), ip.to_string()));
    env.push((format!("{prefix}_SERVICE_PORT"), first.port.to_string()));
    for p in ports.iter().filter(|p| !p.name.is_empty()) {
        env.push((
            format!("{prefix}_SERVICE_PORT_{}", p.name.to_ascii_uppercase().replace('-', "_")),
            p.port.to_string(),
        ));
    }
    for (i, p) in ports.iter().enumerate() {
        let protocol = if p.protocol.is_empty() { "TCP" } else { p.protocol.as_str() };
        let lower = protocol.to_ascii_lowercase();
        let url = format!("{lower}://{ip}:{}", p.port);
        if i == 0 {
            env.push((format!("{prefix}_PORT"), url.clone()));
        }
        let port_prefix = format!("{prefix}_PORT_{}_{}", p.port, protocol.to_ascii_uppercase());
        env.push((port_prefix.clone(), url));
        env.push((format!("{port_prefix}_PROTO"), lower));
        env.push((format!("{port_prefix}_PORT"), p.port.to_string()));
        env.push((format!("{port_prefix}_ADDR"), ip.to_string()));
    }
}

/// `$(NAME)` in an `env` value, as the kubelet expands it
/// (third_party/forked/golang/expansion): a name defined earlier in the
/// container's variables, or a service variable, is replaced; `$$` is a `$`;
/// anything else stays as written.
#[inline(never)]
fn expand_env(value: &str, own: &[(String, String)], services: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('(')
            && let Some(end) = inner.find(')')
        {
            let name = &inner[..end];
            match own.iter().chain(services).find(|(n, _)| n == name) {
                Some((_, v)) => out.push_str(v),
                None => {
                    out.push_str("$(");
                    out.push_str(name);
                    out.push(')');
                }
            }
            rest = &inner[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
