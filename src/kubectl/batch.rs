//! kubectl for Jobs and CronJobs: their `get` rows (upstream `printers.go`'s
//! printJob and printCronJob), their `describe` (describe.go's describeJob
//! and describeCronJob), and `create job` / `create cronjob`
//! (create_job.go, create_cronjob.go). Only some learners use them: this
//! module is in the page's lazy part (`scripts/lazy.txt`).

use std::fmt::Write;

use serde_json::{Map, Value, json};

use crate::cluster::objects::batch::{CronJob, Job};
use crate::cluster::time::Time;

use super::Ctx;
use super::age::human;
use super::flags::{Arg, Flag, flag};
use super::output::Output;

pub const JOB_HEADER: [&str; 5] = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"];
pub const CRONJOB_HEADER: [&str; 7] = ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"];

fn age(created: Option<Time>, now: Time) -> String {
    created.map_or("<unknown>".to_string(), |t| human(now.since(t)))
}

fn containers_cells(spec: &crate::cluster::objects::pod::PodSpec) -> [String; 2] {
    [
        spec.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","),
        spec.containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","),
    ]
}

fn bool_ptr(b: Option<bool>) -> String {
    match b {
        Some(true) => "True".into(),
        Some(false) => "False".into(),
        None => "<unset>".into(),
    }
}

/// The STATUS column (printJob): the first true condition of these, in order.
pub fn job_status(job: &Job) -> &'static str {
    let has = |t: &str| job.status.condition(t).is_some();
    if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if job.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else if has("SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else {
        "Running"
    }
}

#[inline(never)]
pub fn job_row(job: &Job, now: Time, wide: bool) -> Vec<String> {
    let (spec, st) = (&job.spec, &job.status);
    let completions = match (spec.completions, spec.parallelism) {
        (Some(c), _) => format!("{}/{c}", st.succeeded),
        (None, Some(p)) if p > 1 => format!("{}/1 of {p}", st.succeeded),
        _ => format!("{}/1", st.succeeded),
    };
    let duration = match (st.start_time, st.completion_time) {
        (None, _) => String::new(),
        (Some(start), None) => human(now.since(start)),
        (Some(start), Some(end)) => human(end.since(start)),
    };
    let mut row = vec![
        job.metadata.name.clone(),
        job_status(job).into(),
        completions,
        duration,
        age(job.metadata.creation_timestamp, now),
    ];
    if wide {
        row.extend(containers_cells(&spec.template.spec));
        row.push(spec.selector.as_ref().map_or("<none>".into(), |s| s.to_selector_string()));
    }
    row
}

#[inline(never)]
pub fn cronjob_row(cj: &CronJob, now: Time, wide: bool) -> Vec<String> {
    let spec = &cj.spec;
    let mut row = vec![
        cj.metadata.name.clone(),
        spec.schedule.clone(),
        spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
        bool_ptr(spec.suspend),
        cj.status.active.len().to_string(),
        cj.status.last_schedule_time.map_or("<none>".into(), |t| human(now.since(t))),
        age(cj.metadata.creation_timestamp, now),
    ];
    if wide {
        row.extend(containers_cells(&spec.job_template.spec.template.spec));
        row.push(spec.job_template.spec.selector.as_ref().map_or("<none>".into(), |s| s.to_selector_string()));
    }
    row
}

/// describeJob.
#[inline(never)]
pub fn describe_job(w: &mut String, job: &Job) {
    let (m, spec, st) = (&job.metadata, &job.spec, &job.status);
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    let _ = writeln!(w, "Selector:\t{}", spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    if let Some(c) = super::describe::controller_of(m) {
        let _ = writeln!(w, "Controlled By:\t{c}");
    }
    if let Some(p) = spec.parallelism {
        let _ = writeln!(w, "Parallelism:\t{p}");
    }
    match spec.completions {
        Some(c) => {
            let _ = writeln!(w, "Completions:\t{c}");
        }
        None => w.push_str("Completions:\t<unset>\n"),
    }
    if let Some(mode) = &spec.completion_mode {
        let _ = writeln!(w, "Completion Mode:\t{mode}");
    }
    if let Some(s) = spec.suspend {
        let _ = writeln!(w, "Suspend:\t{s}");
    }
    if let Some(b) = spec.backoff_limit {
        let _ = writeln!(w, "Backoff Limit:\t{b}");
    }
    if let Some(t) = spec.ttl_seconds_after_finished {
        let _ = writeln!(w, "TTL Seconds After Finished:\t{t}");
    }
    if let Some(t) = st.start_time {
        let _ = writeln!(w, "Start Time:\t{}", t.rfc1123z());
    }
    if let Some(t) = st.completion_time {
        let _ = writeln!(w, "Completed At:\t{}", t.rfc1123z());
    }
    if let (Some(start), Some(end)) = (st.start_time, st.completion_time) {
        let _ = writeln!(w, "Duration:\t{}", human(end.since(start)));
    }
    if let Some(d) = spec.active_deadline_seconds {
        let _ = writeln!(w, "Active Deadline Seconds:\t{d}s");
    }
    match st.ready {
        None => {
            let _ =
                writeln!(w, "Pods Statuses:\t{} Active / {} Succeeded / {} Failed", st.active, st.succeeded, st.failed);
        }
        Some(r) => {
            let _ = writeln!(
                w,
                "Pods Statuses:\t{} Active ({r} Ready) / {} Succeeded / {} Failed",
                st.active, st.succeeded, st.failed
            );
        }
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        let done = if st.completed_indexes.is_empty() { "<none>" } else { st.completed_indexes.as_str() };
        let _ = writeln!(w, "Completed Indexes:\t{done}");
    }
    super::describe::pod_template(w, &spec.template);
}

/// describeCronJob.
#[inline(never)]
pub fn describe_cronjob(w: &mut String, cj: &CronJob) {
    let (m, spec) = (&cj.metadata, &cj.spec);
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    let _ = writeln!(w, "Schedule:\t{}", spec.schedule);
    let _ = writeln!(w, "Concurrency Policy:\t{}", spec.concurrency_policy);
    let _ = writeln!(w, "Suspend:\t{}", bool_ptr(spec.suspend));
    let opt = |v: Option<i32>| v.map_or("<unset>".to_string(), |n| n.to_string());
    let _ = writeln!(w, "Successful Job History Limit:\t{}", opt(spec.successful_jobs_history_limit));
    let _ = writeln!(w, "Failed Job History Limit:\t{}", opt(spec.failed_jobs_history_limit));
    let _ = writeln!(
        w,
        "Starting Deadline Seconds:\t{}",
        spec.starting_deadline_seconds.map_or("<unset>".to_string(), |n| format!("{n}s"))
    );
    // describeJobTemplate
    let jt = &spec.job_template.spec;
    let _ = writeln!(w, "Selector:\t{}", jt.selector.as_ref().map_or("<unset>".into(), |s| s.to_selector_string()));
    let _ = writeln!(w, "Parallelism:\t{}", opt(jt.parallelism));
    let _ = writeln!(w, "Completions:\t{}", opt(jt.completions));
    if let Some(d) = jt.active_deadline_seconds {
        let _ = writeln!(w, "Active Deadline Seconds:\t{d}s");
    }
    super::describe::pod_template(w, &jt.template);
    let _ = writeln!(
        w,
        "Last Schedule Time:\t{}",
        cj.status.last_schedule_time.map_or("<unset>".to_string(), |t| t.rfc1123z())
    );
    let names: Vec<&str> = cj.status.active.iter().map(|r| r.name.as_str()).collect();
    let _ = writeln!(w, "Active Jobs:\t{}", if names.is_empty() { "<none>".to_string() } else { names.join(", ") });
}

pub(crate) const JOB_FLAGS: &[Flag] = &[flag("image", None, Arg::Text), flag("from", None, Arg::Text)];
pub(crate) const CRONJOB_FLAGS: &[Flag] =
    &[flag("image", None, Arg::Text), flag("schedule", None, Arg::Text), flag("restart", None, Arg::Text)];

/// The container `create job`/`create cronjob` make: named after the object.
fn container(name: &str, image: &str, command: &[String]) -> Value {
    let mut c = Map::new();
    c.insert("name".into(), json!(name));
    c.insert("image".into(), json!(image));
    if !command.is_empty() {
        c.insert("command".into(), json!(command));
    }
    c.insert("resources".into(), json!({}));
    Value::Object(c)
}

/// `kubectl create job NAME --image=I [-- CMD…]` or `--from=cronjob/C`.
#[inline(never)]
pub fn create_job(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(args, &super::create::with_common(JOB_FLAGS), "create job") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create job"));
    }
    let command = p.after_dash.clone().unwrap_or_default();
    let positional = &p.args[..p.args.len().saturating_sub(command.len())];
    let name = match super::create::exactly_one_name(positional, "create job") {
        Ok(n) => n,
        Err(o) => return o,
    };
    let image = p.text("image").unwrap_or("");
    let from = p.text("from").unwrap_or("");
    if image.is_empty() == from.is_empty() {
        return Output::fail("error: either --image or --from must be specified\n");
    }
    if !from.is_empty() && !command.is_empty() {
        return Output::fail("error: cannot specify --from and command\n");
    }
    let object = if from.is_empty() {
        json!({
            "kind": "Job",
            "apiVersion": "batch/v1",
            "metadata": {"name": name, "creationTimestamp": null},
            "spec": {
                "template": {
                    "metadata": {"creationTimestamp": null},
                    "spec": {"containers": [container(&name, image, &command)], "restartPolicy": "Never"}
                }
            },
            "status": {}
        })
    } else {
        let (resource, source) = from.split_once('/').unwrap_or((from, ""));
        if source.is_empty() {
            return Output::fail("error: resource(s) were provided, but no name was specified\n");
        }
        // The object is read first (NotFound), then its type is checked.
        let Some(kind) = super::resources::resolve(resource) else {
            return super::unknown_type(resource);
        };
        let ns = super::namespace(ctx, &p);
        let cj = match ctx.cluster.get(kind, &ns, source) {
            Ok(crate::cluster::Object::CronJob(cj)) => cj,
            Ok(other) => return Output::fail(format!("error: unknown object type *v1.{}\n", other.kind().name())),
            Err(e) => return Output::fail(super::server_error(&e)),
        };
        let job = crate::cluster::objects::batch::manual_job(&cj, &name);
        let mut value = crate::cluster::objects::with_type_meta(
            crate::cluster::Kind::Job,
            crate::cluster::codec::Encode::encode(&job),
        );
        // The namespace is set only when -n named it (EnforceNamespace).
        if p.text("namespace").is_none_or(str::is_empty)
            && let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut)
        {
            meta.remove("namespace");
        }
        for at in ["/metadata", "/spec/template/metadata"] {
            if let Some(meta) = value.pointer_mut(at).and_then(Value::as_object_mut) {
                meta.insert("creationTimestamp".into(), Value::Null);
            }
        }
        if let Some(obj) = value.as_object_mut() {
            obj.insert("status".into(), json!({}));
        }
        value
    };
    super::create::submit(ctx, &p, object, |e| format!("error: failed to create job: {}\n", e.message))
}

/// `kubectl create cronjob NAME --image=I --schedule=S [-- CMD…]`.
#[inline(never)]
pub fn create_cronjob(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(args, &super::create::with_common(CRONJOB_FLAGS), "create cronjob") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create cronjob"));
    }
    // cobra's required flags come first, named in order.
    match (p.has("image"), p.has("schedule")) {
        (false, false) => return super::required_flag(ctx, "image\\\", \\\"schedule"),
        (false, true) => return super::required_flag(ctx, "image"),
        (true, false) => return super::required_flag(ctx, "schedule"),
        _ => {}
    }
    let command = p.after_dash.clone().unwrap_or_default();
    let positional = &p.args[..p.args.len().saturating_sub(command.len())];
    let name = match super::create::exactly_one_name(positional, "create cronjob") {
        Ok(n) => n,
        Err(o) => return o,
    };
    let restart = p.text("restart").unwrap_or("OnFailure");
    let image = p.text("image").unwrap_or("");
    let object = json!({
        "kind": "CronJob",
        "apiVersion": "batch/v1",
        "metadata": {"name": name, "creationTimestamp": null},
        "spec": {
            "schedule": p.text("schedule").unwrap_or(""),
            "jobTemplate": {
                "metadata": {"name": name, "creationTimestamp": null},
                "spec": {
                    "template": {
                        "metadata": {"creationTimestamp": null},
                        "spec": {"containers": [container(&name, image, &command)], "restartPolicy": restart}
                    }
                }
            }
        },
        "status": {}
    });
    super::create::submit(ctx, &p, object, |e| format!("error: failed to create cronjob: {}\n", e.message))
}
