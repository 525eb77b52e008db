//! The Job controller (`pkg/controller/job`) and the TTL-after-finished
//! controller: pods made from the template, `parallelism` at a time, until
//! `completions` succeed; failed pods replaced after a back-off (10 s,
//! doubling, at most 6 min) up to `backoffLimit`; `activeDeadlineSeconds`;
//! the status counters and conditions; a finished Job deleted
//! `ttlSecondsAfterFinished` later. Run only while the store holds a Job
//! (`controllers::run_all`), and in the page's lazy part.

use std::sync::Arc;

use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::ObjectMeta;
use crate::cluster::objects::batch::{COMPLETION_INDEX, Job, JobCondition, JobStatus};
use crate::cluster::objects::{Kind, Pod, Resource};
use crate::cluster::time::Time;

const BACKOFF_START_MS: i64 = 10_000;
/// The finalizer that keeps a Job's pod until the controller counted it.
const TRACKING: &str = "batch.kubernetes.io/job-tracking";
const BACKOFF_MAX_MS: i64 = 360_000;
/// At most this many pods made in one sync (upstream `MaxPodCreateDeletePerSync`).
const MAX_CREATE_PER_SYNC: i32 = 500;

#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let keys: Vec<(String, String)> =
        cluster.store.jobs.iter().map(|j| (j.metadata.namespace.clone(), j.metadata.name.clone())).collect();
    let mut wakeup: Option<Time> = None;
    for (ns, name) in keys {
        if let Some(t) = sync(cluster, &ns, &name) {
            wakeup = Some(wakeup.map_or(t, |w| w.min(t)));
        }
    }
    cluster.job_wakeup = wakeup;
}

/// When the Job controller next has work without any change (a back-off
/// ending, a deadline, a TTL), as its last round found.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster.job_wakeup
}

fn condition(type_: &str, reason: &str, message: &str, now: Time) -> JobCondition {
    JobCondition {
        type_: type_.into(),
        status: "True".into(),
        last_probe_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    }
}

fn event(cluster: &mut Cluster, job: &Job, warning: bool, reason: &str, message: &str) {
    cluster.record_event(reference_to(job, ""), warning, reason, message, Source::JobController);
}

/// When a pod ended (its last container's finish), for the back-off.
fn finished_at(pod: &Pod) -> Option<Time> {
    pod.status.container_statuses.iter().filter_map(|s| s.state.terminated.as_ref().and_then(|t| t.finished_at)).max()
}

/// One Job's sync; returns when it wants to run again.
fn sync(cluster: &mut Cluster, ns: &str, name: &str) -> Option<Time> {
    let now = cluster.now;
    let job = cluster.store.jobs.get(ns, name)?.clone();
    if job.metadata.deletion_timestamp.is_some() {
        return None;
    }
    if let Some(done) = job.finished() {
        return ttl(cluster, &job, done, now);
    }
    let uid = job.metadata.uid.clone();
    let pods: Vec<Arc<Pod>> =
        cluster.store.pods.in_namespace(ns).filter(|p| p.metadata.is_controlled_by(&uid)).cloned().collect();
    // A pod that ended (or is going) is counted: its tracking finalizer goes.
    for pod in pods
        .iter()
        .filter(|p| (p.is_terminal() || p.is_terminating()) && p.metadata.finalizers.iter().any(|f| f == TRACKING))
    {
        cluster.store.modify::<Pod>(ns, &pod.metadata.name, |p| p.meta_mut().finalizers.retain(|f| f != TRACKING));
    }
    let active: Vec<&Arc<Pod>> = pods.iter().filter(|p| !p.is_terminal() && !p.is_terminating()).collect();
    let terminating = pods.iter().filter(|p| !p.is_terminal() && p.is_terminating()).count() as i32;
    let succeeded_pods: Vec<&Arc<Pod>> = pods.iter().filter(|p| p.status.phase == "Succeeded").collect();
    let failed_pods: Vec<&Arc<Pod>> = pods.iter().filter(|p| p.status.phase == "Failed").collect();
    // Indexed: each index needs one succeeded pod.
    let indexed = job.spec.completion_mode.as_deref() == Some("Indexed");
    let mut done_indexes: Vec<i32> = succeeded_pods.iter().filter_map(|p| index_of(p)).collect();
    crate::sort::sort(&mut done_indexes);
    done_indexes.dedup();
    // Pods the controller counted before they were removed stay counted.
    let succeeded_now = if indexed { done_indexes.len() } else { succeeded_pods.len() } as i32;
    let succeeded = succeeded_now.max(job.status.succeeded);
    let failed = (failed_pods.len() as i32).max(job.status.failed);
    let ready = active.iter().filter(|p| p.is_ready()).count() as i32;
    let spec = &job.spec;
    let parallelism = spec.parallelism.unwrap_or(1).max(0);
    let backoff_limit = spec.backoff_limit.unwrap_or(6);
    let suspended = spec.suspend == Some(true);

    let mut status = job.status.clone();
    status.uncounted_terminated_pods.get_or_insert_with(|| serde_json::json!({}));
    let mut wakeup = None;
    if status.start_time.is_none() && !suspended {
        status.start_time = Some(now);
    }
    let target = status.condition("FailureTarget").map(|c| (c.reason.clone(), c.message.clone()));
    let restarts: i32 = if spec.template.spec.restart_policy == "OnFailure" {
        active.iter().flat_map(|p| p.status.container_statuses.iter()).map(|s| s.restart_count).sum()
    } else {
        0
    };
    let past_on_failure = spec.template.spec.restart_policy == "OnFailure"
        && if backoff_limit == 0 { restarts > 0 } else { restarts >= backoff_limit };
    let deadline = spec
        .active_deadline_seconds
        .zip(status.start_time)
        .filter(|_| !suspended)
        .map(|(secs, start)| start.plus_millis(secs.saturating_mul(1000)));
    let complete = match spec.completions {
        Some(c) => succeeded >= c,
        None => succeeded > 0 && active.is_empty(),
    };
    let failure = if target.is_some() {
        target
    } else if complete {
        None
    } else if failed > backoff_limit || past_on_failure {
        Some(("BackoffLimitExceeded".to_string(), "Job has reached the specified backoff limit".to_string()))
    } else if deadline.is_some_and(|d| d <= now) {
        Some(("DeadlineExceeded".to_string(), "Job was active longer than specified deadline".to_string()))
    } else {
        None
    };
    let mut still_active = active.len() as i32;
    let mut failed_now = failed;
    let mut still_terminating = terminating;
    if let Some((reason, message)) = &failure {
        if status.condition("FailureTarget").is_none() {
            status.conditions.push(condition("FailureTarget", reason, message, now));
        }
        // The active pods are deleted, and counted as failed.
        for pod in &active {
            let pod_name = pod.metadata.name.clone();
            if cluster.delete(Kind::Pod, ns, &pod_name, DeleteOptions::default()).is_ok() {
                failed_now += 1;
                event(cluster, &job, false, "SuccessfulDelete", &format!("Deleted pod: {pod_name}"));
            }
        }
        still_terminating = cluster
            .store
            .pods
            .in_namespace(ns)
            .filter(|p| p.metadata.is_controlled_by(&uid) && !p.is_terminal())
            .count() as i32;
        still_active = 0;
        if still_terminating == 0 {
            status.conditions.push(condition("Failed", reason, message, now));
            event(cluster, &job, true, reason, message);
        }
    } else if complete {
        if status.condition("SuccessCriteriaMet").is_none() {
            status.conditions.push(condition(
                "SuccessCriteriaMet",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                now,
            ));
        }
        if active.is_empty() && terminating == 0 {
            status.conditions.push(condition(
                "Complete",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                now,
            ));
            status.completion_time = Some(now);
            event(cluster, &job, false, "Completed", "Job completed");
        }
    } else if suspended {
        for pod in &active {
            let pod_name = pod.metadata.name.clone();
            if cluster.delete(Kind::Pod, ns, &pod_name, DeleteOptions::default()).is_ok() {
                event(cluster, &job, false, "SuccessfulDelete", &format!("Deleted pod: {pod_name}"));
            }
        }
        still_active = 0;
        if !status.conditions.iter().any(|c| c.type_ == "Suspended" && c.status == "True") {
            status.conditions.retain(|c| c.type_ != "Suspended");
            status.conditions.push(condition("Suspended", "JobSuspended", "Job suspended", now));
            status.start_time = None;
            event(cluster, &job, false, "Suspended", "Job suspended");
        }
    } else {
        if let Some(c) = status.conditions.iter_mut().find(|c| c.type_ == "Suspended" && c.status == "True") {
            *c = JobCondition { status: "False".into(), ..condition("Suspended", "JobResumed", "Job resumed", now) };
            event(cluster, &job, false, "Resumed", "Job resumed");
        }
        // How many more pods: parallelism at a time, no more than the
        // completions still missing.
        let want = match spec.completions {
            Some(c) => parallelism.min((c - succeeded).max(0)),
            None => parallelism,
        };
        // podReplacementPolicy: Failed waits for terminating pods to be gone;
        // TerminatingOrFailed (the default) replaces them at once.
        let waiting = if spec.pod_replacement_policy.as_deref() == Some("Failed") { terminating } else { 0 };
        let missing = (want - active.len() as i32 - waiting).clamp(0, MAX_CREATE_PER_SYNC);
        // Failures since the last success delay the next pod.
        let last_success = succeeded_pods.iter().filter_map(|p| finished_at(p)).max();
        let recent: Vec<Time> =
            failed_pods.iter().filter_map(|p| finished_at(p)).filter(|t| last_success.is_none_or(|s| *t > s)).collect();
        let not_before = recent.iter().max().map(|last| {
            let n = recent.len().min(16) as u32;
            last.plus_millis((BACKOFF_START_MS << (n - 1).min(10)).min(BACKOFF_MAX_MS))
        });
        if missing > 0 {
            match not_before {
                Some(t) if t > now => wakeup = Some(t),
                _ => {
                    // Indexed: the lowest indexes neither done nor running.
                    let running: Vec<i32> = active.iter().filter_map(|p| index_of(p)).collect();
                    let mut free = (0..spec.completions.unwrap_or(0))
                        .filter(|i| done_indexes.binary_search(i).is_err() && !running.contains(i));
                    for _ in 0..missing {
                        let index = if indexed {
                            match free.next() {
                                Some(i) => Some(i),
                                None => break,
                            }
                        } else {
                            None
                        };
                        let pod = pod_from_template(&job, index);
                        match cluster.create_object(pod, ns) {
                            Ok(p) => {
                                still_active += 1;
                                event(
                                    cluster,
                                    &job,
                                    false,
                                    "SuccessfulCreate",
                                    &format!("Created pod: {}", p.metadata.name),
                                );
                            }
                            Err(e) => {
                                event(cluster, &job, true, "FailedCreate", &format!("Error creating: {}", e.message));
                                break;
                            }
                        }
                    }
                }
            }
        }
        if let Some(d) = deadline {
            wakeup = Some(wakeup.map_or(d, |w: Time| w.min(d)));
        }
    }
    status.active = still_active;
    status.succeeded = succeeded;
    status.failed = failed_now;
    if indexed {
        status.completed_indexes = crate::cluster::objects::batch::index_ranges(&done_indexes);
    }
    status.terminating = Some(still_terminating);
    status.ready = Some(if still_active == 0 { 0 } else { ready });
    write_status(cluster, &job, status);
    if let Some(updated) = cluster.store.jobs.get(ns, name).cloned()
        && let Some(done) = updated.finished()
    {
        return ttl(cluster, &updated, done, now);
    }
    wakeup
}

fn write_status(cluster: &mut Cluster, job: &Job, status: JobStatus) {
    if status != job.status {
        cluster.store.put(Job { metadata: job.metadata.clone(), spec: job.spec.clone(), status });
    }
}

/// The TTL-after-finished controller: deletes the Job (its pods follow, by
/// garbage collection) `ttlSecondsAfterFinished` after it finished.
fn ttl(cluster: &mut Cluster, job: &Job, done: &str, now: Time) -> Option<Time> {
    let secs = job.spec.ttl_seconds_after_finished?;
    let finished = job.status.condition(done).and_then(|c| c.last_transition_time).or(job.status.completion_time)?;
    let expires = finished.plus_millis(i64::from(secs) * 1000);
    if expires > now {
        return Some(expires);
    }
    let _ = cluster.delete(Kind::Job, &job.metadata.namespace, &job.metadata.name, DeleteOptions::default());
    None
}

/// The completion index of an Indexed Job's pod.
fn index_of(pod: &Pod) -> Option<i32> {
    pod.metadata.annotations.get(COMPLETION_INDEX).and_then(|i| i.parse().ok())
}

fn pod_from_template(job: &Job, index: Option<i32>) -> Pod {
    let template = &job.spec.template;
    let mut labels = template.metadata.labels.clone();
    let mut annotations = template.metadata.annotations.clone();
    let mut spec = template.spec.clone();
    let mut generate_name = format!("{}-", job.metadata.name);
    if let Some(i) = index {
        // An Indexed Job's pod: its index in an annotation and a label, its
        // hostname, and JOB_COMPLETION_INDEX in every container.
        generate_name = format!("{}-{i}-", job.metadata.name);
        annotations.insert(COMPLETION_INDEX.into(), i.to_string());
        labels.insert(COMPLETION_INDEX.into(), i.to_string());
        if spec.hostname.is_empty() {
            spec.hostname = format!("{}-{i}", job.metadata.name);
        }
        for c in spec.init_containers.iter_mut().chain(spec.containers.iter_mut()) {
            if !c.env.iter().any(|e| e.name == "JOB_COMPLETION_INDEX") {
                c.env.push(crate::cluster::objects::pod::EnvVar {
                    name: "JOB_COMPLETION_INDEX".into(),
                    value: None,
                    value_from: Some(serde_json::json!({"fieldRef": {
                        "apiVersion": "v1",
                        "fieldPath": format!("metadata.labels['{COMPLETION_INDEX}']")
                    }})),
                });
            }
        }
    }
    Pod {
        metadata: Arc::new(ObjectMeta {
            generate_name,
            namespace: job.metadata.namespace.clone(),
            labels,
            annotations,
            owner_references: vec![super::replicaset::owner_reference(job)].into(),
            finalizers: vec![TRACKING.into()],
            ..Default::default()
        }),
        spec: Arc::new(spec),
        status: Default::default(),
    }
}
