//! Job and CronJob (`batch/v1`): the types, the API server's defaults and
//! validation (`pkg/apis/batch/v1/defaults.go`,
//! `pkg/apis/batch/validation/validation.go`, the Job registry's selector
//! generation), and the cron schedule (robfig/cron v3's `ParseStandard`, its
//! error messages and its matching). Only some learners use Jobs: this module
//! is in the page's lazy part (`scripts/lazy.txt`), its entry points never
//! inlined.

use std::sync::Arc;

use serde_json::Value;

use super::apps::PodTemplateSpec;
use super::service::ObjectReference;
use crate::cluster::Cluster;
use crate::cluster::codec::Json;
use crate::cluster::errors::FieldError;
use crate::cluster::meta::{Extra, LabelSelector, ObjectMeta};
use crate::cluster::time::Time;
use crate::cluster::validate::{self, NameRule};

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Job {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: JobSpec,
    #[json(default)]
    pub status: JobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct JobSpec {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub completions: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub backoff_limit: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub manual_selector: Option<bool>,
    #[json(default)]
    pub template: PodTemplateSpec,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds_after_finished: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub completion_mode: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub pod_replacement_policy: Option<String>,
    /// What the simulator does not model (podFailurePolicy, successPolicy…).
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct JobStatus {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<JobCondition>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Time>,
    #[json(default, skip_serializing_if = "is_zero")]
    pub active: i32,
    #[json(default, skip_serializing_if = "is_zero")]
    pub succeeded: i32,
    #[json(default, skip_serializing_if = "is_zero")]
    pub failed: i32,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub terminating: Option<i32>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub completed_indexes: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub uncounted_terminated_pods: Option<Value>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<i32>,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct JobCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct CronJob {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: CronJobSpec,
    #[json(default)]
    pub status: CronJobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct CronJobSpec {
    #[json(default)]
    pub schedule: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub starting_deadline_seconds: Option<i64>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub concurrency_policy: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub suspend: Option<bool>,
    #[json(default)]
    pub job_template: JobTemplateSpec,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub successful_jobs_history_limit: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub failed_jobs_history_limit: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct JobTemplateSpec {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: JobSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct CronJobStatus {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub active: Vec<ObjectReference>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_schedule_time: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_time: Option<Time>,
}

impl JobStatus {
    pub fn condition(&self, type_: &str) -> Option<&JobCondition> {
        self.conditions.iter().find(|c| c.type_ == type_ && c.status == "True")
    }
}

impl Job {
    /// `Complete` or `Failed` is true.
    pub fn finished(&self) -> Option<&'static str> {
        if self.status.condition("Complete").is_some() {
            Some("Complete")
        } else if self.status.condition("Failed").is_some() {
            Some("Failed")
        } else {
            None
        }
    }
}

pub const JOB_NAME: &str = "batch.kubernetes.io/job-name";
pub const CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";

/// Indexes as the Job status writes them: `0-2,4`.
pub fn index_ranges(sorted: &[i32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&first) = sorted.get(i) {
        let mut last = first;
        while sorted.get(i + 1) == Some(&(last + 1)) {
            last += 1;
            i += 1;
        }
        parts.push(if first == last { first.to_string() } else { format!("{first}-{last}") });
        i += 1;
    }
    parts.join(",")
}

/// The API server's create of a Job: defaults (SetDefaults_Job and the pod
/// template's), the generated selector and labels (the Job registry's
/// `generateSelector`, with the uid the object is about to get), validation.
#[inline(never)]
pub fn admit_job(cluster: &mut Cluster, job: &mut Job) -> Result<(), Vec<FieldError>> {
    job_defaults(&mut job.spec);
    if job.metadata.uid.is_empty() {
        job.metadata.uid = cluster.rng.uuid();
    }
    let (name, uid) = (job.metadata.name.clone(), job.metadata.uid.clone());
    if job.spec.manual_selector != Some(true) {
        let labels = &mut job.spec.template.metadata.labels;
        for (key, value) in [(JOB_NAME, &name), ("job-name", &name), (CONTROLLER_UID, &uid), ("controller-uid", &uid)] {
            if !labels.contains_key(key) {
                labels.insert(key.into(), value.clone());
            }
        }
        let selector = job.spec.selector.get_or_insert_with(Default::default);
        if !selector.match_labels.contains_key(CONTROLLER_UID) {
            selector.match_labels.insert(CONTROLLER_UID.into(), uid.clone());
        }
    }
    // SetDefaults_Job copies the template's labels to a Job without labels
    // (when the stored object is read back, so with the generated ones).
    if job.metadata.labels.is_empty() {
        job.metadata.labels = job.spec.template.metadata.labels.clone();
    }
    let mut errs = Vec::new();
    validate::object_meta(&job.metadata, NameRule::Subdomain, &mut errs);
    if job.spec.manual_selector != Some(true) {
        // ValidateGeneratedSelector's ValidateHasLabel (legacy then prefixed labels).
        let labels = &job.spec.template.metadata.labels;
        for (key, want) in [("controller-uid", &uid), ("job-name", &name), (CONTROLLER_UID, &uid), (JOB_NAME, &name)] {
            let path = format!("spec.template.metadata.labels[{key}]");
            match labels.get(key) {
                None => errs.push(FieldError::required(path, want.as_str())),
                Some(v) if v != want => {
                    errs.push(FieldError::invalid(path, validate::go_map(labels), format!("must be '{want}'")))
                }
                _ => {}
            }
        }
    }
    job_spec(&job.spec, "spec", &mut errs);
    match &job.spec.selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(sel) => {
            if !sel.matches(&job.spec.template.metadata.labels) {
                errs.push(FieldError::invalid(
                    "spec.template.metadata.labels",
                    validate::go_map(&job.spec.template.metadata.labels),
                    "`selector` does not match template `labels`",
                ));
            }
        }
    }
    finish(errs)?;
    job.status = Default::default();
    Ok(())
}

/// An update keeps what the server generated and refuses changes to the
/// immutable fields (completions, selector, template).
#[inline(never)]
pub fn admit_job_update(cluster: &mut Cluster, old: &Job, job: &mut Job) -> Result<(), Vec<FieldError>> {
    if job.spec.selector.is_none() {
        job.spec.selector = old.spec.selector.clone();
    }
    for (k, v) in old.spec.template.metadata.labels.iter() {
        if matches!(k.as_str(), JOB_NAME | CONTROLLER_UID | "job-name" | "controller-uid")
            && !job.spec.template.metadata.labels.contains_key(k)
        {
            job.spec.template.metadata.labels.insert(k.clone(), v.clone());
        }
    }
    admit_job(cluster, job)?;
    let mut errs = Vec::new();
    if job.spec.completions != old.spec.completions {
        errs.push(FieldError::invalid(
            "spec.completions",
            job.spec.completions.map_or("null".into(), |n| n.to_string()),
            "field is immutable",
        ));
    }
    if job.spec.template != old.spec.template {
        // Go prints the whole template struct here; we abridge it.
        errs.push(FieldError::invalid("spec.template", "core.PodTemplateSpec{…}", "field is immutable"));
    }
    finish(errs)
}

fn finish(errs: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

fn job_defaults(spec: &mut JobSpec) {
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
    }
    spec.parallelism.get_or_insert(1);
    spec.backoff_limit.get_or_insert(6);
    spec.completion_mode.get_or_insert_with(|| "NonIndexed".into());
    spec.suspend.get_or_insert(false);
    spec.pod_replacement_policy.get_or_insert_with(|| "TerminatingOrFailed".into());
    crate::cluster::defaults::template_spec(&mut spec.template.spec);
}

/// validateJobSpec: what a Job and a CronJob's job template share.
fn job_spec(spec: &JobSpec, path: &str, errs: &mut Vec<FieldError>) {
    let nonneg = |errs: &mut Vec<FieldError>, field: &str, v: Option<i64>| {
        if let Some(n) = v.filter(|n| *n < 0) {
            errs.push(FieldError::invalid(
                format!("{path}.{field}"),
                n.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    };
    nonneg(errs, "parallelism", spec.parallelism.map(i64::from));
    nonneg(errs, "completions", spec.completions.map(i64::from));
    nonneg(errs, "activeDeadlineSeconds", spec.active_deadline_seconds);
    nonneg(errs, "backoffLimit", spec.backoff_limit.map(i64::from));
    nonneg(errs, "ttlSecondsAfterFinished", spec.ttl_seconds_after_finished.map(i64::from));
    if let Some(mode) = spec.completion_mode.as_deref()
        && mode != "NonIndexed"
        && mode != "Indexed"
    {
        errs.push(FieldError::unsupported(format!("{path}.completionMode"), mode, &["NonIndexed", "Indexed"]));
    }
    if spec.completion_mode.as_deref() == Some("Indexed") && spec.completions.is_none() {
        errs.push(FieldError::required(format!("{path}.completions"), "when completion mode is Indexed"));
    }
    if let Some(policy) = spec.pod_replacement_policy.as_deref()
        && policy != "TerminatingOrFailed"
        && policy != "Failed"
    {
        errs.push(FieldError::unsupported(
            format!("{path}.podReplacementPolicy"),
            policy,
            &["Failed", "TerminatingOrFailed"],
        ));
    }
    validate::labels(&spec.template.metadata.labels, &format!("{path}.template.metadata.labels"), errs);
    let pod_path = format!("{path}.template.spec");
    validate::pod_spec(&spec.template.spec, &pod_path, false, errs);
    match spec.template.spec.restart_policy.as_str() {
        "OnFailure" | "Never" => {}
        "Always" | "" => errs
            .push(FieldError::required(format!("{pod_path}.restartPolicy"), "valid values: \"OnFailure\", \"Never\"")),
        // validate::pod_spec already refused it.
        _ => {}
    }
}

/// The API server's create of a CronJob: SetDefaults_CronJob, the pod
/// template's defaults, validateCronJobSpec.
#[inline(never)]
pub fn admit_cron_job(_cluster: &mut Cluster, cj: &mut CronJob, create: bool) -> Result<(), Vec<FieldError>> {
    let spec = &mut cj.spec;
    if spec.concurrency_policy.is_empty() {
        spec.concurrency_policy = "Allow".into();
    }
    spec.suspend.get_or_insert(false);
    spec.successful_jobs_history_limit.get_or_insert(3);
    spec.failed_jobs_history_limit.get_or_insert(1);
    crate::cluster::defaults::template_spec(&mut spec.job_template.spec.template.spec);
    let mut errs = Vec::new();
    validate::object_meta(&cj.metadata, NameRule::Subdomain, &mut errs);
    let spec = &cj.spec;
    if spec.schedule.is_empty() {
        errs.push(FieldError::required("spec.schedule", ""));
    } else {
        if let Err(why) = Schedule::parse(&spec.schedule) {
            errs.push(FieldError::invalid_str("spec.schedule", &spec.schedule, why));
        }
        if spec.schedule.contains("TZ") {
            errs.push(FieldError::invalid_str(
                "spec.schedule",
                &spec.schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ));
        }
    }
    if let Some(n) = spec.starting_deadline_seconds.filter(|n| *n < 0) {
        errs.push(FieldError::invalid(
            "spec.startingDeadlineSeconds",
            n.to_string(),
            "must be greater than or equal to 0",
        ));
    }
    if let Some(tz) = &spec.time_zone {
        let part_ok = |p: &str| {
            !p.is_empty()
                && p.len() <= 14
                && p != "."
                && p != ".."
                && !p.starts_with('-')
                && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
        };
        if tz.is_empty() {
            errs.push(FieldError::invalid_str("spec.timeZone", tz, "timeZone must be nil or non-empty string"));
        } else if !tz.split('/').all(part_ok) {
            errs.push(FieldError::invalid_str("spec.timeZone", tz, format!("unknown time zone {tz}")));
        } else if tz.eq_ignore_ascii_case("Local") {
            errs.push(FieldError::invalid_str(
                "spec.timeZone",
                tz,
                "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
            ));
        }
    }
    match spec.concurrency_policy.as_str() {
        "Allow" | "Forbid" | "Replace" => {}
        other => errs.push(FieldError::unsupported("spec.concurrencyPolicy", other, &["Allow", "Forbid", "Replace"])),
    }
    job_spec(&spec.job_template.spec, "spec.jobTemplate.spec", &mut errs);
    if let Some(sel) = &spec.job_template.spec.selector {
        errs.push(FieldError::invalid(
            "spec.jobTemplate.spec.selector",
            format!("&{}", validate::go_selector(sel)),
            "`selector` will be auto-generated",
        ));
    }
    if spec.job_template.spec.manual_selector == Some(true) {
        errs.push(FieldError::unsupported("spec.jobTemplate.spec.manualSelector", "true", &["nil", "false"]));
    }
    for (field, v) in [
        ("successfulJobsHistoryLimit", spec.successful_jobs_history_limit),
        ("failedJobsHistoryLimit", spec.failed_jobs_history_limit),
    ] {
        if let Some(n) = v.filter(|n| *n < 0) {
            errs.push(FieldError::invalid(
                format!("spec.{field}"),
                n.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    if create && cj.metadata.name.len() > 52 {
        errs.push(FieldError::invalid_str("metadata.name", &cj.metadata.name, "must be no more than 52 characters"));
    }
    finish(errs)?;
    if create {
        cj.status = Default::default();
    }
    Ok(())
}

/// The Job a CronJob starts at `scheduled` (the cronjob controller's
/// `getJobFromTemplate2`): named after the minute, owned by the CronJob.
pub fn job_from_cron(cj: &CronJob, scheduled: Time) -> Job {
    let template = &cj.spec.job_template;
    let mut annotations = template.metadata.annotations.clone();
    let zone = cj.spec.time_zone.as_deref().unwrap_or("UTC");
    annotations.insert("batch.kubernetes.io/cronjob-scheduled-timestamp".into(), rfc3339_in(scheduled, zone));
    Job {
        metadata: ObjectMeta {
            name: format!("{}-{}", cj.metadata.name, scheduled.0.div_euclid(60_000)),
            namespace: cj.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations,
            owner_references: vec![crate::cluster::controllers::replicaset::owner_reference(cj)].into(),
            ..Default::default()
        },
        spec: template.spec.clone(),
        status: Default::default(),
    }
}

/// `kubectl create job NAME --from=cronjob/C`: the CronJob's job template,
/// annotated `cronjob.kubernetes.io/instantiate: manual`, owned by it.
pub fn manual_job(cj: &Arc<CronJob>, name: &str) -> Job {
    let template = &cj.spec.job_template;
    // The template's own annotations win (createJobFromCronJob copies them last).
    let mut annotations = template.metadata.annotations.clone();
    if !annotations.contains_key("cronjob.kubernetes.io/instantiate") {
        annotations.insert("cronjob.kubernetes.io/instantiate".into(), "manual".into());
    }
    Job {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: cj.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations,
            owner_references: vec![crate::cluster::meta::OwnerReference {
                api_version: "batch/v1".into(),
                kind: "CronJob".into(),
                name: cj.metadata.name.clone(),
                uid: cj.metadata.uid.clone(),
                controller: Some(true),
                block_owner_deletion: None,
            }]
            .into(),
            ..Default::default()
        },
        spec: template.spec.clone(),
        status: Default::default(),
    }
}

// ---------------------------------------------------------------------------
// Cron schedules (robfig/cron v3, as the API server and the controller use it)

/// A parsed schedule: bit sets per field (robfig's `SpecSchedule`), or a
/// fixed interval (`@every`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    Spec { minute: u64, hour: u64, dom: u64, month: u64, dow: u64 },
    Every { ms: i64 },
}

const STAR: u64 = 1 << 63;

struct Bounds {
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[] };
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
};
const DOW: Bounds = Bounds { min: 0, max: 6, names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

fn atoi(expr: &str) -> Result<u32, String> {
    let err =
        |why: &str| format!("failed to parse int from {expr}: strconv.Atoi: parsing {}: {why}", Value::from(expr));
    let digits = expr.strip_prefix(['+', '-']).unwrap_or(expr);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err("invalid syntax"));
    }
    let n: i64 = match expr.parse() {
        Ok(n) => n,
        Err(_) => return Err(err("value out of range")),
    };
    if n < 0 {
        return Err(format!("negative number ({n}) not allowed: {expr}"));
    }
    u32::try_from(n).map_err(|_| format!("end of range ({n}) above maximum: {expr}"))
}

fn int_or_name(expr: &str, b: &Bounds) -> Result<u32, String> {
    let lower = expr.to_ascii_lowercase();
    if let Some(i) = b.names.iter().position(|n| *n == lower) {
        return Ok(i as u32 + b.min);
    }
    atoi(expr)
}

fn range(expr: &str, b: &Bounds) -> Result<u64, String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_high: Vec<&str> = range_and_step.first().copied().unwrap_or("").split('-').collect();
    let single = low_high.len() == 1;
    let (mut start, mut end, mut extra) = (b.min, b.max, 0u64);
    let first = low_high.first().copied().unwrap_or("");
    if first == "*" || first == "?" {
        extra = STAR;
    } else {
        start = int_or_name(first, b)?;
        end = match low_high.len() {
            1 => start,
            2 => int_or_name(low_high.get(1).copied().unwrap_or(""), b)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
    }
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = atoi(range_and_step.get(1).copied().unwrap_or(""))?;
            if single {
                end = b.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < b.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", b.min));
    }
    if end > b.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", b.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    let mut bits = 0u64;
    let mut i = start;
    while i <= end {
        bits |= 1 << i;
        match i.checked_add(step) {
            Some(next) => i = next,
            None => break,
        }
    }
    Ok(bits | extra)
}

fn field(text: &str, b: &Bounds) -> Result<u64, String> {
    let mut bits = 0;
    for expr in text.split(',').filter(|e| !e.is_empty()) {
        bits |= range(expr, b)?;
    }
    Ok(bits)
}

/// A Go duration of `@every` (`1h30m`, `90s`, `500ms`).
fn every(text: &str) -> Option<i64> {
    let mut total = 0f64;
    let mut rest = text;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let n = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let value: f64 = rest.get(..n)?.parse().ok()?;
        rest = rest.get(n..)?;
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = rest.get(..unit_len)?;
        let ms = match unit {
            "h" => 3_600_000.0,
            "m" => 60_000.0,
            "s" => 1000.0,
            "ms" => 1.0,
            _ => return None,
        };
        total += value * ms;
        rest = rest.get(unit_len..)?;
    }
    Some(total as i64)
}

impl Schedule {
    /// `cron.ParseStandard`: five fields or a descriptor, robfig's errors.
    pub fn parse(spec: &str) -> Result<Schedule, String> {
        if spec.is_empty() {
            return Err("empty spec string".into());
        }
        let spec = match spec {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            s if s.starts_with("@every ") => {
                let d = s.get(7..).unwrap_or("");
                return match every(d) {
                    Some(ms) => Ok(Schedule::Every { ms: ms.max(1000) }),
                    None => Err(format!("failed to parse duration {s}: time: invalid duration {}", Value::from(d))),
                };
            }
            s if s.starts_with('@') => return Err(format!("unrecognized descriptor: {s}")),
            s => s,
        };
        let fields: Vec<&str> = spec.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
        }
        let f = |i: usize, b: &Bounds| field(fields.get(i).copied().unwrap_or(""), b);
        Ok(Schedule::Spec {
            minute: f(0, &MINUTES)?,
            hour: f(1, &HOURS)?,
            dom: f(2, &DOM)?,
            month: f(3, &MONTHS)?,
            dow: f(4, &DOW)?,
        })
    }

    /// The first scheduled instant strictly after `t` (robfig's `Next`), or
    /// `None` within five years (`0 0 30 2 *`).
    pub fn next(&self, t: Time) -> Option<Time> {
        self.next_in(t, "UTC")
    }

    /// The first scheduled instant strictly after `t`, the schedule read in
    /// the time zone `zone` (the CronJob's `timeZone`; see [`zone_offset`]).
    pub fn next_in(&self, t: Time, zone: &str) -> Option<Time> {
        let (minute, hour, dom, month, dow) = match *self {
            Schedule::Every { ms } => return Some(Time(t.0.div_euclid(1000) * 1000).plus_millis(ms)),
            Schedule::Spec { minute, hour, dom, month, dow } => (minute, hour, dom, month, dow),
        };
        const MIN: i64 = 60_000;
        const HOUR: i64 = 3_600_000;
        const DAY: i64 = 86_400_000;
        let mut at = (t.0.div_euclid(MIN) + 1) * MIN;
        let limit = t.0.saturating_add(5 * 366 * DAY);
        while at <= limit {
            // The fields are read on the zone's wall clock.
            let off = zone_offset(zone, at);
            let local = at + off;
            let (_, mo, d, h, mi, _, wd) = Time(local).civil();
            let day_ok = {
                let (dm, wm) = (dom & (1 << d) != 0, dow & (1 << wd) != 0);
                if dom & STAR != 0 || dow & STAR != 0 { dm && wm } else { dm || wm }
            };
            let next_local = if month & (1 << mo) == 0 || !day_ok {
                (local.div_euclid(DAY) + 1) * DAY
            } else if hour & (1 << h) == 0 {
                (local.div_euclid(HOUR) + 1) * HOUR
            } else if minute & (1 << mi) == 0 {
                local + MIN
            } else {
                return Some(Time(at));
            };
            // Back to UTC, with the offset that holds there (a DST change).
            let guess = next_local - off;
            at = (next_local - zone_offset(zone, guess)).max(at + MIN);
        }
        None
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The day (since the epoch) of the `n`th Sunday of a month, or its last
/// with `n == 0`.
fn sunday(y: i64, m: i64, n: i64) -> i64 {
    if n == 0 {
        let last = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) } - 1;
        return last - (last + 4).rem_euclid(7);
    }
    let first = days_from_civil(y, m, 1);
    first + (7 - (first + 4).rem_euclid(7)) % 7 + 7 * (n - 1)
}

/// A time zone's offset from UTC at `at` (milliseconds), for the zones a
/// learner is likely to name: fixed ones, the European Union's summer time
/// and North America's. The controller manager's time zone database is not
/// carried into the page: another zone is read as UTC.
pub fn zone_offset(zone: &str, at: i64) -> i64 {
    const H: i64 = 3_600_000;
    const D: i64 = 86_400_000;
    let (year, ..) = Time(at).civil();
    // EU: from the last Sunday of March to the last Sunday of October, 01:00 UTC.
    let eu = |std: i64| {
        let (start, end) = (sunday(year, 3, 0) * D + H, sunday(year, 10, 0) * D + H);
        if (start..end).contains(&at) { std + H } else { std }
    };
    // North America: from the second Sunday of March to the first Sunday of
    // November, 02:00 local time.
    let na = |std: i64| {
        let (start, end) = (sunday(year, 3, 2) * D + 2 * H - std, sunday(year, 11, 1) * D + 2 * H - std - H);
        if (start..end).contains(&at) { std + H } else { std }
    };
    let city = zone.rsplit('/').next().unwrap_or(zone);
    match zone.split('/').next().unwrap_or("") {
        "Europe" => match city {
            "London" | "Dublin" | "Lisbon" | "Guernsey" | "Jersey" | "Isle_of_Man" => eu(0),
            "Athens" | "Helsinki" | "Kiev" | "Kyiv" | "Bucharest" | "Sofia" | "Riga" | "Tallinn" | "Vilnius"
            | "Chisinau" | "Mariehamn" | "Nicosia" => eu(2 * H),
            "Moscow" | "Minsk" | "Istanbul" | "Simferopol" => 3 * H,
            _ => eu(H),
        },
        "America" => match city {
            "New_York" | "Toronto" | "Montreal" | "Detroit" | "Nassau" | "Iqaluit" => na(-5 * H),
            "Chicago" | "Winnipeg" => na(-6 * H),
            "Denver" | "Edmonton" | "Boise" => na(-7 * H),
            "Los_Angeles" | "Vancouver" | "Tijuana" => na(-8 * H),
            "Halifax" | "Moncton" | "Glace_Bay" => na(-4 * H),
            "St_Johns" => na(-7 * H / 2),
            "Miquelon" => na(-3 * H),
            "Martinique" | "Guadeloupe" | "St_Barthelemy" | "Marigot" | "Port_of_Spain" | "Puerto_Rico" => -4 * H,
            "Cayenne" | "Sao_Paulo" | "Argentina" | "Buenos_Aires" | "Montevideo" => -3 * H,
            "Mexico_City" | "Regina" | "Guatemala" => -6 * H,
            "Phoenix" => -7 * H,
            _ => 0,
        },
        "Africa" => match city {
            "Algiers" | "Tunis" | "Lagos" | "Kinshasa" | "Douala" | "Casablanca" | "Libreville" | "Brazzaville" => H,
            "Cairo" | "Johannesburg" | "Kigali" | "Lubumbashi" | "Bujumbura" => 2 * H,
            "Nairobi" | "Addis_Ababa" | "Djibouti" => 3 * H,
            _ => 0,
        },
        "Asia" => match city {
            "Tokyo" | "Seoul" => 9 * H,
            "Shanghai" | "Hong_Kong" | "Singapore" | "Taipei" | "Manila" => 8 * H,
            "Bangkok" | "Ho_Chi_Minh" | "Jakarta" | "Phnom_Penh" | "Vientiane" => 7 * H,
            "Kolkata" | "Calcutta" => 11 * H / 2,
            "Dubai" => 4 * H,
            "Beirut" | "Jerusalem" => 2 * H,
            _ => 0,
        },
        "Indian" => match city {
            "Reunion" | "Mauritius" | "Mahe" => 4 * H,
            "Mayotte" | "Comoro" | "Antananarivo" => 3 * H,
            _ => 0,
        },
        "Pacific" => match city {
            "Noumea" => 11 * H,
            "Tahiti" | "Honolulu" => -10 * H,
            "Wallis" | "Auckland" | "Fiji" => 12 * H,
            _ => 0,
        },
        // Etc/GMT+5 is five hours behind UTC (POSIX's inverted sign).
        "Etc" => match city.strip_prefix("GMT").and_then(|n| n.parse::<i64>().ok()) {
            Some(n) if (-14..=12).contains(&n) => -n * H,
            _ => 0,
        },
        "CET" | "MET" => eu(H),
        "EET" => eu(2 * H),
        "WET" => eu(0),
        "EST" => -5 * H,
        "MST" => -7 * H,
        "HST" => -10 * H,
        _ => 0,
    }
}

/// RFC 3339 on the zone's wall clock (`2026-03-02T10:00:00+01:00`), as Go
/// formats a time `In` a location.
pub fn rfc3339_in(t: Time, zone: &str) -> String {
    let off = zone_offset(zone, t.0);
    if off == 0 {
        return t.rfc3339();
    }
    let local = Time(t.0 + off).rfc3339();
    let mins = off.abs() / 60_000;
    format!("{}{}{:02}:{:02}", local.trim_end_matches('Z'), if off < 0 { '-' } else { '+' }, mins / 60, mins % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_parse_and_fire_as_robfig_cron() {
        let every_minute = Schedule::parse("*/1 * * * *").unwrap();
        let t = Time(1_772_442_000_000 + 5_000);
        assert_eq!(every_minute.next(t), Some(Time(1_772_442_060_000)));
        let hourly = Schedule::parse("@hourly").unwrap();
        assert_eq!(hourly.next(t), Some(Time(1_772_442_000_000 + 3_600_000)));
        let list = Schedule::parse("5,10 9 * * mon-fri").unwrap();
        assert_eq!(list.next(t), Some(Time(1_772_442_000_000 + 300_000)));
        assert_eq!(Schedule::parse("bad").unwrap_err(), "expected exactly 5 fields, found 1: [bad]");
        assert_eq!(Schedule::parse("61 * * * *").unwrap_err(), "end of range (61) above maximum (59): 61");
        assert_eq!(
            Schedule::parse("x * * * *").unwrap_err(),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"
        );
        assert_eq!(Schedule::parse("@often").unwrap_err(), "unrecognized descriptor: @often");
        assert_eq!(Schedule::parse("0 0 30 2 *").unwrap().next(t), None);
        // Paris is UTC+1 in March until the last Sunday (the 29th in 2026), then UTC+2.
        let nine = Schedule::parse("0 9 * * *").unwrap();
        assert_eq!(nine.next_in(t, "Europe/Paris"), Some(Time(1_772_442_000_000 + 23 * 3_600_000)));
        let after_dst = Time(1_774_771_200_000); // 2026-03-29T08:00:00Z
        assert_eq!(nine.next_in(after_dst, "Europe/Paris"), Some(Time(1_774_854_000_000))); // 03-30T07:00Z
        assert_eq!(nine.next_in(t, "America/New_York"), Some(Time(1_772_442_000_000 + 5 * 3_600_000)));
        assert_eq!(rfc3339_in(Time(1_772_442_000_000), "Europe/Paris"), "2026-03-02T10:00:00+01:00");
        assert_eq!(rfc3339_in(Time(1_772_442_000_000), "Asia/Kolkata"), "2026-03-02T14:30:00+05:30");
        // Hostile input never panics.
        assert_eq!(Schedule::parse("*/4294967295 * * * *").unwrap().next(t), Some(Time(1_772_445_600_000)));
        assert!(Schedule::parse("@every 99999999999999999999h").is_ok());
        assert!(Schedule::parse("1-2-3,/,-,*/ * * * *").is_err());
    }
}
