//! The cells of a pod in `kubectl get pods`, computed as upstream's
//! `printPod` does (`pkg/printers/internalversion/printers.go`).

use crate::cluster::objects::pod::Pod;
use crate::cluster::time::Time;

use super::age::human;

/// `NAME READY STATUS RESTARTS AGE`, plus `IP NODE NOMINATED NODE READINESS GATES` when wide.
pub fn pod_row(pod: &Pod, now: Time, wide: bool) -> Vec<String> {
    let (ready, total, status, restarts) = pod_state(pod, now);
    let age = pod.metadata.creation_timestamp.map_or("<unknown>".to_string(), |t| human(now.since(t)));
    let mut row = vec![pod.metadata.name.clone(), format!("{ready}/{total}"), status, restarts, age];
    if wide {
        let ip = pod.status.pod_ips.first().map(|p| p.ip.clone()).filter(|ip| !ip.is_empty());
        row.push(ip.unwrap_or_else(|| "<none>".into()));
        row.push(if pod.spec.node_name.is_empty() { "<none>".into() } else { pod.spec.node_name.clone() });
        row.push("<none>".into());
        row.push("<none>".into());
    }
    row
}

/// (ready containers, total containers, STATUS, RESTARTS).
pub fn pod_state(pod: &Pod, now: Time) -> (usize, usize, String, String) {
    let total = pod.spec.containers.len();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<Time> = None;
    let mut reason = if pod.status.reason.is_empty() { pod.status.phase.clone() } else { pod.status.reason.clone() };
    let mut note_restart = |t: Option<Time>| {
        if let Some(t) = t {
            if last_restart.is_none_or(|l| l < t) {
                last_restart = Some(t);
            }
        }
    };

    let mut initializing = false;
    let init_total = pod.spec.init_containers.len();
    for (i, c) in pod.status.init_container_statuses.iter().enumerate() {
        restarts += c.restart_count;
        note_restart(c.last_state.terminated.as_ref().and_then(|t| t.finished_at));
        match (&c.state.terminated, &c.state.waiting) {
            (Some(t), _) if t.exit_code == 0 => continue,
            (Some(t), _) => {
                reason = if t.reason.is_empty() {
                    format!("Init:ExitCode:{}", t.exit_code)
                } else {
                    format!("Init:{}", t.reason)
                };
            }
            (None, Some(w)) if !w.reason.is_empty() && w.reason != "PodInitializing" => {
                reason = format!("Init:{}", w.reason);
            }
            _ => reason = format!("Init:{i}/{init_total}"),
        }
        initializing = true;
        break;
    }

    let initialized = pod.condition("Initialized").is_some_and(|c| c.status == "True");
    if !initializing || initialized {
        restarts = 0;
        last_restart = None;
        let mut note_restart = |t: Option<Time>| {
            if let Some(t) = t {
                if last_restart.is_none_or(|l| l < t) {
                    last_restart = Some(t);
                }
            }
        };
        let mut has_running = false;
        for c in pod.status.container_statuses.iter().rev() {
            restarts += c.restart_count;
            note_restart(c.last_state.terminated.as_ref().and_then(|t| t.finished_at));
            if let Some(w) = c.state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
                reason = w.reason.clone();
            } else if let Some(t) = &c.state.terminated {
                reason = if t.reason.is_empty() { format!("ExitCode:{}", t.exit_code) } else { t.reason.clone() };
            } else if c.ready && c.state.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason =
                if pod.condition("Ready").is_some_and(|c| c.status == "True") { "Running" } else { "NotReady" }.into();
        }
    }

    if pod.metadata.deletion_timestamp.is_some() && !pod.is_terminal() {
        reason = "Terminating".into();
    }
    let restarts = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human(now.since(t))),
        _ => restarts.to_string(),
    };
    (ready, total, reason, restarts)
}
