//! Liveness and readiness probes: when a probe starts failing, decided from
//! what the container does (the files its script touches and removes, the
//! ports its image listens on), and the kubelet's own failure messages.

use crate::cluster::images;
use crate::cluster::objects::pod::{Container, Pod, Probe};
use crate::cluster::objects::service::IntOrString;
use crate::cluster::runtime::default_port;
use crate::cluster::time::Time;

/// A probe that passes until `from`, then fails with `message`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Failure {
    pub from: Time,
    pub message: String,
}

/// The instants the probe runs: after `initialDelaySeconds`, every `periodSeconds`.
pub(crate) fn schedule(probe: &Probe, started: Time) -> (Time, i64) {
    let delay = i64::from(probe.initial_delay_seconds.unwrap_or(0));
    let period = i64::from(probe.period_seconds.unwrap_or(10).max(1));
    (started.plus_millis(delay * 1000), period * 1000)
}

/// The probe runs at which a failure starting at `from` is seen `threshold` times in a row.
pub(crate) fn failing_runs(probe: &Probe, started: Time, from: Time) -> Vec<Time> {
    let (first, period) = schedule(probe, started);
    let k0 = if from <= first { 0 } else { (from.since(first) + period - 1) / period };
    let threshold = i64::from(probe.failure_threshold.unwrap_or(3).max(1));
    (k0..k0 + threshold).map(|k| first.plus_millis(k * period)).collect()
}

/// When (if ever) `probe` starts failing for `spec` in `pod`, started at `started`.
pub(crate) fn failure(pod: &Pod, spec: &Container, probe: &Probe, started: Time) -> Option<Failure> {
    let image = images::resolve(&spec.image).ok().map(|(i, _)| i);
    let ip = if pod.status.pod_ip.is_empty() { "127.0.0.1" } else { pod.status.pod_ip.as_str() };
    // Declaring a containerPort does not make a server listen there: the image decides.
    // (ingress-nginx's controller also serves its health on 10254.)
    let listens = |port: i32| {
        image.and_then(default_port) == Some(port)
            || (port == 10254 && image.is_some_and(|i| i.repository == "registry.k8s.io/ingress-nginx/controller"))
    };
    let port_of = |value: Option<&serde_json::Value>| -> Option<i32> {
        match crate::cluster::codec::from_value::<IntOrString>(value?).ok()? {
            IntOrString::Int(n) => Some(n),
            IntOrString::Str(name) => spec.ports.iter().find(|p| p.name == name).map(|p| p.container_port),
        }
    };
    let refused = |port: i32| format!("dial tcp {ip}:{port}: connect: connection refused");
    if let Some(http) = probe.handler.get("httpGet") {
        let port = port_of(http.get("port"))?;
        let path = http.get("path").and_then(|p| p.as_str()).unwrap_or("/");
        if !listens(port) {
            return Some(Failure {
                from: started,
                message: format!("Get \"http://{ip}:{port}{path}\": {}", refused(port)),
            });
        }
        let repository = image.map_or("", |i| i.repository);
        return match repository {
            "registry.k8s.io/e2e-test-images/agnhost" => Some(Failure {
                from: started.plus_secs(10.0),
                message: "HTTP probe failed with statuscode: 500".into(),
            }),
            "nginx" | "httpd" if !matches!(path, "/" | "" | "/index.html") => {
                Some(Failure { from: started, message: "HTTP probe failed with statuscode: 404".into() })
            }
            _ => None,
        };
    }
    if let Some(tcp) = probe.handler.get("tcpSocket") {
        let port = port_of(tcp.get("port"))?;
        return (!listens(port)).then(|| Failure { from: started, message: refused(port) });
    }
    if let Some(exec) = probe.handler.get("exec") {
        let command: Vec<&str> = exec.get("command")?.as_array()?.iter().filter_map(|v| v.as_str()).collect();
        let file = match command.as_slice() {
            ["cat" | "ls", file] | ["test", "-e" | "-f", file] => *file,
            [sh, "-c", line] if sh.ends_with("sh") => line.strip_prefix("cat ")?.trim(),
            _ => return None,
        };
        let busybox = image.is_some_and(|i| matches!(i.repository, "busybox" | "alpine" | "registry.k8s.io/busybox"));
        let message = if busybox {
            format!("cat: can't open '{file}': No such file or directory")
        } else {
            format!("cat: {file}: No such file or directory")
        };
        let script = spec.command.iter().chain(&spec.args).cloned().collect::<Vec<_>>().join(" ");
        return match file_lifetime(&script, file) {
            (None, _) => Some(Failure { from: started, message }),
            (Some(_), Some(removed)) => Some(Failure { from: started.plus_secs(removed), message }),
            (Some(_), None) => None,
        };
    }
    None
}

/// When a script creates and removes `file`, in seconds after it starts
/// (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`).
fn file_lifetime(script: &str, file: &str) -> (Option<f64>, Option<f64>) {
    let mut t = 0.0;
    let (mut created, mut removed) = (None, None);
    for statement in script.split([';', '&', '\n']) {
        let mut words: Vec<&str> = statement.split_whitespace().collect();
        // `sh -c "touch …"`: the statement starts after the shell and its `-c`.
        if words.first().is_some_and(|w| w.ends_with("sh"))
            && let Some(i) = words.iter().position(|w| *w == "-c")
        {
            words.drain(..=i);
        }
        match words.as_slice() {
            ["touch", rest @ ..] if rest.contains(&file) => created = created.or(Some(t)),
            ["echo", .., ">", target] | ["echo", .., ">>", target] if *target == file => created = created.or(Some(t)),
            ["rm", rest @ ..] if rest.contains(&file) && created.is_some() => removed = removed.or(Some(t)),
            ["sleep", secs] => t += secs.trim_end_matches('s').parse::<f64>().unwrap_or(0.0),
            _ => {}
        }
    }
    (created, removed)
}

#[cfg(test)]
mod tests {
    use super::file_lifetime;

    #[test]
    fn scripts_create_and_remove_files_over_time() {
        let script = "/bin/sh -c touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600";
        assert_eq!(file_lifetime(script, "/tmp/healthy"), (Some(0.0), Some(30.0)));
        assert_eq!(file_lifetime("sleep 3600", "/tmp/healthy"), (None, None));
    }
}
