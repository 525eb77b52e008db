//! kubectl for DaemonSets (`apps/v1`): the `get` row (printers.go's
//! printDaemonSet), `describe` (describe.go's describeDaemonSet) and
//! `rollout status` (rollout_status.go's DaemonSetStatusViewer). In the
//! page's lazy part (`scripts/lazy.txt`): only a learner who asks about a
//! DaemonSet gets here.

use std::fmt::Write;

use crate::cluster::Cluster;
use crate::cluster::objects::DaemonSet;
use crate::cluster::time::Time;

use super::age::human;

pub const DS_HEADER: [&str; 8] = ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"];
pub const DS_WIDE: [&str; 3] = ["CONTAINERS", "IMAGES", "SELECTOR"];

#[inline(never)]
pub fn daemonset_row(ds: &DaemonSet, now: Time, wide: bool) -> Vec<String> {
    let s = &ds.status;
    let mut row = vec![
        ds.metadata.name.clone(),
        s.desired_number_scheduled.to_string(),
        s.current_number_scheduled.to_string(),
        s.number_ready.to_string(),
        s.updated_number_scheduled.to_string(),
        s.number_available.to_string(),
        super::storage::format_labels(&ds.spec.template.spec.node_selector),
        ds.metadata.creation_timestamp.map_or("<unknown>".into(), |t| human(now.since(t))),
    ];
    if wide {
        let containers = &ds.spec.template.spec.containers;
        row.push(containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","));
        row.push(containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","));
        row.push(ds.spec.selector.as_ref().map_or("<none>".into(), |s| s.to_selector_string()));
    }
    row
}

#[inline(never)]
pub fn describe_daemonset(w: &mut String, cluster: &Cluster, ds: &DaemonSet) {
    let m = &ds.metadata;
    let s = &ds.status;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    let _ = writeln!(w, "Selector:\t{}", ds.spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    let _ = writeln!(w, "Node-Selector:\t{}", super::storage::format_labels(&ds.spec.template.spec.node_selector));
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    let _ = writeln!(w, "Desired Number of Nodes Scheduled: {}", s.desired_number_scheduled);
    let _ = writeln!(w, "Current Number of Nodes Scheduled: {}", s.current_number_scheduled);
    let _ = writeln!(w, "Number of Nodes Scheduled with Up-to-date Pods: {}", s.updated_number_scheduled);
    let _ = writeln!(w, "Number of Nodes Scheduled with Available Pods: {}", s.number_available);
    let _ = writeln!(w, "Number of Nodes Misscheduled: {}", s.number_misscheduled);
    super::describe::pods_status(w, cluster, m);
    super::describe::pod_template(w, &ds.spec.template);
}

/// kubectl's DaemonSetStatusViewer, its words and order.
#[inline(never)]
pub fn daemonset_status(cluster: &Cluster, namespace: &str, name: &str) -> (super::output::Output, bool) {
    use super::output::Output;
    let Some(ds) = cluster.store().get::<DaemonSet>(namespace, name) else {
        return (Output::fail(format!("error: daemonsets.apps \"{name}\" not found\n")), true);
    };
    if ds.spec.update_strategy.type_ != "RollingUpdate" {
        return (Output::fail("error: rollout status is only available for RollingUpdate strategy type\n"), true);
    }
    let s = &ds.status;
    if ds.metadata.generation > s.observed_generation.unwrap_or(0) {
        return (Output::ok("Waiting for daemon set spec update to be observed...\n"), false);
    }
    if s.updated_number_scheduled < s.desired_number_scheduled {
        return (
            Output::ok(format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...\n",
                s.updated_number_scheduled, s.desired_number_scheduled
            )),
            false,
        );
    }
    if s.number_available < s.desired_number_scheduled {
        return (
            Output::ok(format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...\n",
                s.number_available, s.desired_number_scheduled
            )),
            false,
        );
    }
    (Output::ok(format!("daemon set \"{name}\" successfully rolled out\n")), true)
}
