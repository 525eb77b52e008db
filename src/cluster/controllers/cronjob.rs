//! The CronJob controller (`pkg/controller/cronjob`, its v2): a Job at each
//! scheduled time (UTC), 100 ms after it as upstream requeues;
//! `concurrencyPolicy`, `suspend`, `startingDeadlineSeconds`, the history
//! limits, and the status (`active`, `lastScheduleTime`,
//! `lastSuccessfulTime`). Run only while the store holds a CronJob, and in
//! the page's lazy part.

use std::sync::Arc;

use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::objects::Kind;
use crate::cluster::objects::batch::{self, CronJob, CronJobStatus, Job, Schedule};
use crate::cluster::time::Time;

/// How long after a scheduled time the controller wakes (`nextScheduleDelta`).
const DELTA_MS: i64 = 100;

#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let keys: Vec<(String, String)> =
        cluster.store.cronjobs.iter().map(|c| (c.metadata.namespace.clone(), c.metadata.name.clone())).collect();
    let mut wakeup: Option<Time> = None;
    for (ns, name) in keys {
        if let Some(t) = sync(cluster, &ns, &name) {
            wakeup = Some(wakeup.map_or(t, |w| w.min(t)));
        }
    }
    cluster.cronjob_wakeup = wakeup;
}

pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster.cronjob_wakeup
}

fn event(cluster: &mut Cluster, cj: &CronJob, warning: bool, reason: &str, message: &str) {
    cluster.record_event(reference_to(cj, ""), warning, reason, message, Source::CronJobController);
}

fn job_ref(job: &Job) -> crate::cluster::objects::service::ObjectReference {
    let mut r = reference_to(job, "");
    r.field_path.clear();
    r
}

fn delete_job(cluster: &mut Cluster, cj: &CronJob, status: &mut CronJobStatus, job: &Job) -> bool {
    let (ns, name) = (job.metadata.namespace.clone(), job.metadata.name.clone());
    if cluster.delete(Kind::Job, &ns, &name, DeleteOptions::default()).is_err() {
        return false;
    }
    status.active.retain(|r| r.uid != job.metadata.uid);
    event(cluster, cj, false, "SuccessfulDelete", &format!("Deleted job {name}"));
    true
}

fn sync(cluster: &mut Cluster, ns: &str, name: &str) -> Option<Time> {
    let now = cluster.now;
    let cj = cluster.store.cronjobs.get(ns, name)?.clone();
    if cj.metadata.deletion_timestamp.is_some() {
        return None;
    }
    let uid = cj.metadata.uid.clone();
    let mut status = cj.status.clone();
    let jobs: Vec<Arc<Job>> =
        cluster.store.jobs.in_namespace(ns).filter(|j| j.metadata.is_controlled_by(&uid)).cloned().collect();
    // The jobs it owns, as syncCronJob reads them.
    for job in &jobs {
        let listed = status.active.iter().any(|r| r.uid == job.metadata.uid);
        let done = job.finished();
        if !listed && done.is_none() {
            let message = format!("Saw a job that the controller did not create or forgot: {}", job.metadata.name);
            event(cluster, &cj, true, "UnexpectedJob", &message);
        } else if listed && let Some(condition) = done {
            status.active.retain(|r| r.uid != job.metadata.uid);
            let message = format!("Saw completed job: {}, condition: {condition}", job.metadata.name);
            event(cluster, &cj, false, "SawCompletedJob", &message);
        }
        if done == Some("Complete")
            && let Some(t) = job.status.completion_time
            && status.last_successful_time.is_none_or(|l| t > l)
        {
            status.last_successful_time = Some(t);
        }
    }
    let gone: Vec<String> = status
        .active
        .iter()
        .filter(|r| !jobs.iter().any(|j| j.metadata.uid == r.uid))
        .map(|r| r.name.clone())
        .collect();
    for missing in gone {
        event(cluster, &cj, false, "MissingJob", &format!("Active job went missing: {missing}"));
        status.active.retain(|r| r.name != missing);
    }

    let mut wakeup = None;
    if let (false, Ok(schedule)) = (cj.spec.suspend == Some(true), Schedule::parse(&cj.spec.schedule)) {
        let zone = cj.spec.time_zone.as_deref().unwrap_or("UTC");
        let mut earliest = status.last_schedule_time.or(cj.metadata.creation_timestamp).unwrap_or(now);
        if let Some(sds) = cj.spec.starting_deadline_seconds {
            earliest = earliest.max(now.plus_millis(-sds.saturating_mul(1000)));
        }
        // The most recent scheduled time not yet met.
        let (mut missed, mut count) = (None, 0u32);
        let mut t = earliest;
        for _ in 0..100_000 {
            match schedule.next_in(t, zone) {
                Some(next) if next <= now => {
                    missed = Some(next);
                    count += 1;
                    t = next;
                }
                _ => break,
            }
        }
        if count > 100 {
            let message = format!(
                "too many missed start times: {count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
            );
            event(cluster, &cj, true, "TooManyMissedTimes", &message);
        }
        if let Some(scheduled) = missed {
            start(cluster, &cj, &mut status, &jobs, scheduled, now);
        }
        wakeup = schedule.next_in(now, zone).map(|t| t.plus_millis(DELTA_MS));
    }
    cleanup(cluster, &cj, &mut status);
    if status != cj.status {
        let mut updated = (*cj).clone();
        updated.status = status;
        cluster.store.put(updated);
    }
    wakeup
}

/// Starts the Job of `scheduled`, as the concurrency policy allows.
fn start(
    cluster: &mut Cluster,
    cj: &Arc<CronJob>,
    status: &mut CronJobStatus,
    jobs: &[Arc<Job>],
    scheduled: Time,
    now: Time,
) {
    if let Some(sds) = cj.spec.starting_deadline_seconds
        && scheduled.plus_millis(sds.saturating_mul(1000)) < now
    {
        let message = format!("Missed scheduled time to start a job: {}", scheduled.rfc1123z());
        event(cluster, cj, true, "MissSchedule", &message);
        return;
    }
    match cj.spec.concurrency_policy.as_str() {
        "Forbid" if !status.active.is_empty() => {
            let message = "Not starting job because prior execution is running and concurrency policy is Forbid";
            event(cluster, cj, false, "JobAlreadyActive", message);
            return;
        }
        "Replace" => {
            let running: Vec<Arc<Job>> =
                jobs.iter().filter(|j| status.active.iter().any(|r| r.uid == j.metadata.uid)).cloned().collect();
            for job in running {
                delete_job(cluster, cj, status, &job);
            }
        }
        _ => {}
    }
    let job = batch::job_from_cron(cj, scheduled);
    let job_name = job.metadata.name.clone();
    let created = match cluster.create_object(job, &cj.metadata.namespace) {
        Ok(j) => {
            event(cluster, cj, false, "SuccessfulCreate", &format!("Created job {job_name}"));
            Some(j)
        }
        // Already made for this time (a resync): it counts as started.
        Err(e) if e.reason == crate::cluster::Reason::AlreadyExists => {
            cluster.store.jobs.get(&cj.metadata.namespace, &job_name).cloned()
        }
        Err(e) => {
            event(cluster, cj, true, "FailedCreate", &format!("Error creating job: {}", e.message));
            None
        }
    };
    if let Some(job) = created {
        if job.finished().is_none() && !status.active.iter().any(|r| r.uid == job.metadata.uid) {
            status.active.push(job_ref(&job));
        }
        status.last_schedule_time = Some(scheduled);
    }
}

/// The history limits: the oldest finished Jobs past each limit are deleted.
fn cleanup(cluster: &mut Cluster, cj: &Arc<CronJob>, status: &mut CronJobStatus) {
    let uid = &cj.metadata.uid;
    for (condition, limit) in
        [("Complete", cj.spec.successful_jobs_history_limit), ("Failed", cj.spec.failed_jobs_history_limit)]
    {
        let Some(limit) = limit else { continue };
        let mut done: Vec<Arc<Job>> = cluster
            .store
            .jobs
            .in_namespace(&cj.metadata.namespace)
            .filter(|j| j.metadata.is_controlled_by(uid) && j.finished() == Some(condition))
            .cloned()
            .collect();
        let extra = done.len().saturating_sub(limit.max(0) as usize);
        if extra == 0 {
            continue;
        }
        // byJobStartTime: the oldest start first (no start time last), then by name.
        crate::sort::sort_by_key(&mut done, |j| {
            (j.status.start_time.is_none(), j.status.start_time, j.metadata.name.clone())
        });
        for job in done.iter().take(extra) {
            delete_job(cluster, cj, status, job);
        }
    }
}
