//! The HorizontalPodAutoscaler controller (`pkg/controller/podautoscaler`:
//! `horizontal.go` and `replica_calculator.go`): every 15 s per HPA (its
//! rate-limited queue, the first sync 15 s after the HPA appears), the
//! target's scale subresource read, the cpu usage of its pods (as
//! metrics-server reports it, `Cluster::pod_usage`) against their requests,
//! tolerance 0.1, pods not ready or without metrics as the calculator treats
//! them, the min/max clamp, the default scale-up rate (max(2×, 4)) and the
//! 5-minute scale-down stabilization, or the `behavior` policies; the status,
//! conditions and events in the controller's words. Run only while the store
//! holds an HPA, and in the page's lazy part.
//!
//! Also the load model (`load_millicores`): a pod looping on
//! `wget`/`curl http://SERVICE` spreads CPU demand over the ready endpoints
//! of that service (the walkthrough's load generator).

use std::sync::Arc;

use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::LabelSelector;
use crate::cluster::objects::autoscaling::{
    HorizontalPodAutoscaler, HpaCondition, HpaStatus, MetricSpec, MetricStatus, MetricValueStatus,
    ResourceMetricStatus, ScalingRules,
};
use crate::cluster::objects::pod::Pod;
use crate::cluster::objects::{Deployment, ReplicaSet, StatefulSet};
use crate::cluster::time::Time;

/// `--horizontal-pod-autoscaler-sync-period`.
const SYNC_MS: i64 = 15_000;
/// `--horizontal-pod-autoscaler-downscale-stabilization`.
const DOWNSCALE_WINDOW_MS: i64 = 300_000;
/// `--horizontal-pod-autoscaler-tolerance`.
const TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-cpu-initialization-period`.
const CPU_INIT_MS: i64 = 300_000;
/// `--horizontal-pod-autoscaler-initial-readiness-delay`.
const READINESS_DELAY_MS: i64 = 30_000;
/// metrics-server's window: a sample taken less than this after a pod became
/// ready still covers its start.
const METRIC_WINDOW_MS: i64 = 30_000;

/// What the controller keeps in memory per HPA (`namespace\0name`).
#[derive(Clone, Debug, Default)]
pub struct State {
    entries: Vec<(String, Entry)>,
}

#[derive(Clone, Debug, Default)]
struct Entry {
    uid: String,
    next: Option<Time>,
    /// (recommendation, when).
    recommendations: Vec<(i32, Time)>,
    /// (replica change, when): scale events, kept only with a `behavior`.
    scale_up: Vec<(i32, Time)>,
    scale_down: Vec<(i32, Time)>,
}

#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let now = cluster.now;
    let hpas: Vec<Arc<HorizontalPodAutoscaler>> = cluster.store.hpas.iter().cloned().collect();
    let keys: Vec<String> = hpas.iter().map(|h| super::object_key(&h.metadata.namespace, &h.metadata.name)).collect();
    cluster.hpa.entries.retain(|(k, _)| keys.contains(k));
    for (hpa, key) in hpas.iter().zip(keys) {
        let i = match cluster.hpa.entries.iter().position(|(k, e)| *k == key && e.uid == hpa.metadata.uid) {
            Some(i) => i,
            None => {
                cluster.hpa.entries.retain(|(k, _)| *k != key);
                let entry =
                    Entry { uid: hpa.metadata.uid.clone(), next: Some(now.plus_millis(SYNC_MS)), ..Default::default() };
                cluster.hpa.entries.push((key, entry));
                continue;
            }
        };
        if cluster.hpa.entries[i].1.next.is_some_and(|t| t <= now) && hpa.metadata.deletion_timestamp.is_none() {
            let mut entry = std::mem::take(&mut cluster.hpa.entries[i].1);
            sync(cluster, hpa, &mut entry);
            entry.next = Some(now.plus_millis(SYNC_MS));
            cluster.hpa.entries[i].1 = entry;
        }
    }
}

pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster.hpa.entries.iter().filter_map(|(_, e)| e.next).min()
}

fn set_condition(status: &mut HpaStatus, now: Time, type_: &str, ok: bool, reason: &str, message: String) {
    let value = if ok { "True" } else { "False" };
    match status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != value {
                c.status = value.into();
                c.last_transition_time = Some(now);
            }
            c.reason = reason.into();
            c.message = message;
        }
        None => status.conditions.push(HpaCondition {
            type_: type_.into(),
            status: value.into(),
            last_transition_time: Some(now),
            reason: reason.into(),
            message,
        }),
    }
}

/// The target's scale subresource: (spec replicas, status replicas, selector).
fn scale_of(cluster: &Cluster, ns: &str, kind: &str, name: &str) -> Result<(i32, i32, LabelSelector), String> {
    let store = &cluster.store;
    let found = match kind {
        "Deployment" => store
            .get::<Deployment>(ns, name)
            .map(|d| (d.spec.replicas.unwrap_or(1), d.status.replicas.unwrap_or(0), d.spec.selector.clone())),
        "ReplicaSet" => store
            .get::<ReplicaSet>(ns, name)
            .map(|r| (r.spec.replicas.unwrap_or(1), r.status.replicas, r.spec.selector.clone())),
        "StatefulSet" => store
            .get::<StatefulSet>(ns, name)
            .map(|s| (s.spec.replicas.unwrap_or(1), s.status.replicas, s.spec.selector.clone())),
        _ => return Err(format!("no matches for kind \"{kind}\" in group \"\"")),
    };
    let resource = match kind {
        "Deployment" => "deployments.apps",
        "ReplicaSet" => "replicasets.apps",
        _ => "statefulsets.apps",
    };
    found
        .map(|(spec, status, selector)| (spec, status, selector.unwrap_or_default()))
        .ok_or_else(|| format!("{resource} \"{name}\" not found"))
}

fn set_scale(cluster: &mut Cluster, ns: &str, kind: &str, name: &str, replicas: i32) {
    match kind {
        "Deployment" => {
            if let Some(d) = cluster.store.get::<Deployment>(ns, name) {
                let mut d = (**d).clone();
                d.spec.replicas = Some(replicas);
                let _ = cluster.update_object(d, ns);
            }
        }
        "ReplicaSet" => {
            if let Some(r) = cluster.store.get::<ReplicaSet>(ns, name) {
                let mut r = (**r).clone();
                r.spec.replicas = Some(replicas);
                let _ = cluster.update_object(r, ns);
            }
        }
        _ => {
            if let Some(s) = cluster.store.get::<StatefulSet>(ns, name) {
                let mut s = (**s).clone();
                s.spec.replicas = Some(replicas);
                let _ = cluster.update_object(s, ns);
            }
        }
    }
}

/// A cpu quantity in millicores.
fn millicores(value: &serde_json::Value) -> Option<i64> {
    crate::cluster::quantity::parse_value(value).map(|cores| (cores * 1000.0).round() as i64)
}

/// A milli-quantity as `resource.NewMilliQuantity(n, DecimalSI)` prints it.
fn milli_text(m: i64) -> String {
    if m % 1000 == 0 { (m / 1000).to_string() } else { format!("{m}m") }
}

struct Proposal {
    replicas: i32,
    status: MetricStatus,
    name: &'static str,
}

/// One metric's replica count (`computeReplicasForMetric` for a Resource
/// metric, `GetResourceReplicas`); an error is (reason, message).
fn resource_replicas(
    cluster: &Cluster,
    hpa: &HorizontalPodAutoscaler,
    spec: &MetricSpec,
    selector: &LabelSelector,
    current: i32,
) -> Result<Proposal, (String, String)> {
    let Some(resource) = spec.resource.as_ref() else {
        let kind = spec.type_.to_ascii_lowercase();
        let name = spec
            .extra
            .get(kind.as_str())
            .and_then(|v| v.pointer("/metric/name"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let (reason, api) = match spec.type_.as_str() {
            "External" => ("FailedGetExternalMetric", "external metrics API"),
            "Object" => ("FailedGetObjectMetric", "custom metrics API"),
            "ContainerResource" => ("FailedGetContainerResourceMetric", "resource metrics API"),
            _ => ("FailedGetPodsMetric", "custom metrics API"),
        };
        return Err((
            reason.into(),
            format!(
                "unable to get metric {name}: unable to fetch metrics from {api}: the server could not find the requested resource"
            ),
        ));
    };
    let rname = resource.name.as_str();
    let fail = |message: String| ("FailedGetResourceMetric".to_string(), message);
    if !cluster.metrics_server {
        return Err(fail(format!(
            "unable to get metrics for resource {rname}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)"
        )));
    }
    let ns = hpa.metadata.namespace.as_str();
    let pods: Vec<Arc<Pod>> =
        cluster.store.pods.in_namespace(ns).filter(|p| selector.matches(&p.metadata.labels)).cloned().collect();
    // metrics-server's answer: the pods with a running container.
    let metrics: Vec<(String, i64)> = pods
        .iter()
        .filter_map(|p| {
            let usage = cluster.pod_usage(p)?;
            let total = if rname == "memory" {
                usage.iter().map(|c| c.memory_bytes).sum()
            } else {
                usage.iter().map(|c| c.cpu_millicores).sum()
            };
            Some((p.metadata.name.clone(), total))
        })
        .collect();
    if metrics.is_empty() {
        return Err(fail(format!(
            "unable to get metrics for resource {rname}: no metrics returned from resource metrics API"
        )));
    }
    if pods.is_empty() {
        return Err(fail("no pods returned by selector while calculating replica count".into()));
    }
    let now = cluster.now;
    // groupPods.
    let mut ready: Vec<(String, i64)> = Vec::new();
    let mut unready: Vec<String> = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for pod in &pods {
        let name = &pod.metadata.name;
        if pod.metadata.deletion_timestamp.is_some() || pod.status.phase == "Failed" {
            continue;
        }
        if pod.status.phase == "Pending" {
            unready.push(name.clone());
            continue;
        }
        let Some((_, value)) = metrics.iter().find(|(n, _)| n == name) else {
            missing.push(name.clone());
            continue;
        };
        if rname == "cpu" {
            let condition = pod.status.conditions.iter().find(|c| c.type_ == "Ready");
            let is_unready = match (condition, pod.status.start_time) {
                (Some(c), Some(start)) => {
                    let since = c.last_transition_time.unwrap_or(start);
                    if start.plus_millis(CPU_INIT_MS) > now {
                        c.status == "False" || now < since.plus_millis(METRIC_WINDOW_MS)
                    } else {
                        c.status == "False" && start.plus_millis(READINESS_DELAY_MS) > since
                    }
                }
                _ => true,
            };
            if is_unready {
                unready.push(name.clone());
                continue;
            }
        }
        ready.push((name.clone(), *value));
    }
    if ready.is_empty() {
        return Err(fail("did not receive metrics for targeted pods (pods might be unready)".into()));
    }
    // calculatePodRequests.
    let mut requests: Vec<(String, i64)> = Vec::new();
    for pod in &pods {
        let mut total = 0;
        for c in &pod.spec.containers {
            let request = c.resources.as_ref().and_then(|r| r.requests.get(rname));
            let Some(request) = request else {
                return Err(fail(format!(
                    "missing request for {rname} in container {} of Pod {}",
                    c.name, pod.metadata.name
                )));
            };
            total += if rname == "memory" {
                crate::cluster::quantity::parse_value(request).map_or(0, |b| b as i64)
            } else {
                millicores(request).unwrap_or(0)
            };
        }
        requests.push((pod.metadata.name.clone(), total));
    }
    let request_of = |name: &str| requests.iter().find(|(n, _)| n == name).map(|(_, r)| *r);
    let target_utilization = resource.target.average_utilization;
    let target_value = resource.target.average_value.as_ref().and_then(millicores);
    // GetResourceUtilizationRatio (or the raw average for an AverageValue target).
    let ratio_of = |metrics: &[(String, i64)]| -> Result<(f64, i32, i64), String> {
        let (mut used, mut requested, mut n) = (0i64, 0i64, 0i64);
        for (name, value) in metrics {
            if let Some(r) = request_of(name) {
                used += value;
                requested += r;
                n += 1;
            }
        }
        if requested == 0 || n == 0 {
            return Err("no metrics returned matched known pods".into());
        }
        let utilization = ((used * 100) / requested) as i32;
        let ratio = match (target_utilization, target_value) {
            (Some(t), _) => f64::from(utilization) / f64::from(t.max(1)),
            (None, Some(v)) => (used as f64 / n as f64) / (v.max(1) as f64),
            _ => 1.0,
        };
        Ok((ratio, utilization, used / n))
    };
    let (ratio, utilization, raw) = ratio_of(&ready).map_err(fail)?;
    let status = MetricStatus {
        type_: "Resource".into(),
        resource: Some(ResourceMetricStatus {
            name: rname.into(),
            current: MetricValueStatus {
                value: None,
                average_value: Some(serde_json::Value::from(if rname == "memory" {
                    raw.to_string()
                } else {
                    milli_text(raw)
                })),
                average_utilization: target_utilization.map(|_| utilization),
            },
        }),
    };
    let name: &'static str = match (rname, target_utilization.is_some()) {
        ("cpu", true) => "cpu resource utilization (percentage of request)",
        ("cpu", false) => "cpu resource",
        ("memory", true) => "memory resource utilization (percentage of request)",
        _ => "memory resource",
    };
    let proposal = |replicas| Ok(Proposal { replicas, status: status.clone(), name });
    let scale_up_with_unready = !unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return proposal(current);
        }
        return proposal((ratio * ready.len() as f64).ceil() as i32);
    }
    let mut all = ready.clone();
    if !missing.is_empty() {
        if ratio < 1.0 {
            let fallback = i64::from(target_utilization.unwrap_or(100).max(100));
            for name in &missing {
                all.push((name.clone(), request_of(name).unwrap_or(0) * fallback / 100));
            }
        } else if ratio > 1.0 {
            for name in &missing {
                all.push((name.clone(), 0));
            }
        }
    }
    if scale_up_with_unready {
        for name in &unready {
            all.push((name.clone(), 0));
        }
    }
    let (new_ratio, _, _) = ratio_of(&all).map_err(fail)?;
    if (1.0 - new_ratio).abs() <= TOLERANCE || (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0) {
        return proposal(current);
    }
    let replicas = (new_ratio * all.len() as f64).ceil() as i32;
    if (new_ratio < 1.0 && replicas > current) || (new_ratio > 1.0 && replicas < current) {
        return proposal(current);
    }
    proposal(replicas)
}

fn event(cluster: &mut Cluster, hpa: &HorizontalPodAutoscaler, warning: bool, reason: &str, message: &str) {
    cluster.record_event(reference_to(hpa, ""), warning, reason, message, Source::HorizontalPodAutoscaler);
}

fn sync(cluster: &mut Cluster, hpa: &Arc<HorizontalPodAutoscaler>, entry: &mut Entry) {
    let now = cluster.now;
    let ns = hpa.metadata.namespace.clone();
    let target = hpa.spec.scale_target_ref.clone();
    let mut status = hpa.status.clone();
    let min = hpa.spec.min_replicas.unwrap_or(1);
    let max = hpa.spec.max_replicas;
    let (spec_replicas, current, selector) = match scale_of(cluster, &ns, &target.kind, &target.name) {
        Ok(s) => s,
        Err(e) => {
            event(cluster, hpa, true, "FailedGetScale", &e);
            set_condition(
                &mut status,
                now,
                "AbleToScale",
                false,
                "FailedGetScale",
                format!("the HPA controller was unable to get the target's current scale: {e}"),
            );
            write_status(cluster, hpa, status);
            return;
        }
    };
    set_condition(
        &mut status,
        now,
        "AbleToScale",
        true,
        "SucceededGetScale",
        "the HPA controller was able to get the target's current scale".into(),
    );
    let mut statuses: Option<Vec<MetricStatus>> = hpa.status.current_metrics.clone();
    let mut desired;
    let mut reason = String::new();
    let rescale;
    if spec_replicas == 0 && min != 0 {
        desired = 0;
        rescale = false;
        set_condition(
            &mut status,
            now,
            "ScalingActive",
            false,
            "ScalingDisabled",
            "scaling is disabled since the replica count of the target is zero".into(),
        );
    } else if current > max {
        reason = "Current number of replicas above Spec.MaxReplicas".into();
        desired = max;
        rescale = desired != current;
    } else if current < min {
        reason = "Current number of replicas below Spec.MinReplicas".into();
        desired = min;
        rescale = desired != current;
    } else {
        // computeReplicasForMetrics.
        let mut best: Option<(i32, &'static str)> = None;
        let mut invalid: Vec<(String, String, String)> = Vec::new();
        let mut list = Vec::new();
        for spec in &hpa.spec.metrics {
            match resource_replicas(cluster, hpa, spec, &selector, current) {
                Ok(p) => {
                    if best.is_none_or(|(r, _)| p.replicas > r) {
                        best = Some((p.replicas, p.name));
                    }
                    list.push(p.status);
                }
                Err((why, message)) => {
                    event(cluster, hpa, true, &why, &message);
                    let wrapped = match spec.resource.as_ref() {
                        Some(r) => format!(
                            "failed to get {} resource metric value: failed to get {} utilization: {message}",
                            r.name, r.name
                        ),
                        None => format!("failed to get {} metric value: {message}", spec.type_.to_ascii_lowercase()),
                    };
                    invalid.push((why, format!("the HPA was unable to compute the replica count: {message}"), wrapped));
                    list.push(MetricStatus::default());
                }
            }
        }
        statuses = Some(list);
        let n = hpa.spec.metrics.len();
        if !invalid.is_empty() && (invalid.len() >= n || best.is_some_and(|(r, _)| r < spec_replicas)) {
            let (why, condition, first) = invalid.swap_remove(0);
            set_condition(&mut status, now, "ScalingActive", false, &why, condition);
            status.current_replicas = current;
            status.current_metrics = statuses;
            event(
                cluster,
                hpa,
                true,
                "FailedComputeMetricsReplicas",
                &format!("invalid metrics ({} invalid out of {n}), first error is: {first}", invalid.len() + 1),
            );
            write_status(cluster, hpa, status);
            return;
        }
        let (proposed, metric) = best.unwrap_or((current, "cpu resource utilization (percentage of request)"));
        set_condition(
            &mut status,
            now,
            "ScalingActive",
            true,
            "ValidMetricFound",
            format!("the HPA was able to successfully calculate a replica count from {metric}"),
        );
        desired = proposed;
        if desired > current {
            reason = format!("{metric} above target");
        }
        if desired < current {
            reason = "All metrics below target".into();
        }
        desired = match &hpa.spec.behavior {
            None => normalize(&mut status, entry, now, current, desired, min, max),
            Some(b) => normalize_with_behavior(&mut status, entry, now, current, desired, min, max, b),
        };
        rescale = desired != current;
    }
    if rescale {
        set_scale(cluster, &ns, &target.kind, &target.name, desired);
        set_condition(
            &mut status,
            now,
            "AbleToScale",
            true,
            "SucceededRescale",
            format!("the HPA controller was able to update the target scale to {desired}"),
        );
        event(cluster, hpa, false, "SuccessfulRescale", &format!("New size: {desired}; reason: {reason}"));
        if hpa.spec.behavior.is_some() {
            if desired > current {
                entry.scale_up.push((desired.saturating_sub(current), now));
            } else {
                entry.scale_down.push((current.saturating_sub(desired), now));
            }
        }
        status.last_scale_time = Some(now);
    } else {
        desired = current;
    }
    status.current_replicas = current;
    status.desired_replicas = desired;
    status.current_metrics = statuses;
    write_status(cluster, hpa, status);
}

fn write_status(cluster: &mut Cluster, hpa: &Arc<HorizontalPodAutoscaler>, status: HpaStatus) {
    let ns = hpa.metadata.namespace.clone();
    let name = hpa.metadata.name.clone();
    cluster.store.modify::<HorizontalPodAutoscaler>(&ns, &name, |h| h.status = status);
}

/// `normalizeDesiredReplicas`: the 5-minute scale-down stabilization, then
/// `convertDesiredReplicasWithRules` (scale up at most max(2×, 4)).
fn normalize(
    status: &mut HpaStatus,
    entry: &mut Entry,
    now: Time,
    current: i32,
    desired: i32,
    min: i32,
    max: i32,
) -> i32 {
    // stabilizeRecommendation.
    let mut stabilized = desired;
    let cutoff = now.plus_millis(-DOWNSCALE_WINDOW_MS);
    let mut old = None;
    for (i, (rec, t)) in entry.recommendations.iter().enumerate() {
        if *t < cutoff {
            old = Some(i);
        } else if *rec > stabilized {
            stabilized = *rec;
        }
    }
    match old {
        Some(i) => entry.recommendations[i] = (desired, now),
        None => entry.recommendations.push((desired, now)),
    }
    if stabilized != desired {
        set_condition(
            status,
            now,
            "AbleToScale",
            true,
            "ScaleDownStabilized",
            "recent recommendations were higher than current one, applying the highest recent recommendation".into(),
        );
    } else {
        set_condition(
            status,
            now,
            "AbleToScale",
            true,
            "ReadyForNewScale",
            "recommended size matches current size".into(),
        );
    }
    let scale_up_limit = current.saturating_mul(2).max(4);
    let (maximum, limit_reason, limit_message) = if max > scale_up_limit {
        (scale_up_limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
    } else {
        (max, "TooManyReplicas", "the desired replica count is more than the maximum replica count")
    };
    let (out, reason, message) = if stabilized < min {
        (min, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
    } else if stabilized > maximum {
        (maximum, limit_reason, limit_message)
    } else {
        (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range")
    };
    set_condition(status, now, "ScalingLimited", out != stabilized, reason, message.into());
    out
}

/// The replicas a direction's policies allow from `current`
/// (`calculateScaleUpLimitWithScalingRules` and its scale-down twin).
fn policy_limit(rules: &ScalingRules, entry: &Entry, now: Time, current: i32, up: bool) -> i32 {
    let select = rules.select_policy.as_deref().unwrap_or("Max");
    if select == "Disabled" {
        return current;
    }
    let mut result: Option<i32> = None;
    for p in &rules.policies {
        let since = now.plus_millis(-i64::from(p.period_seconds) * 1000);
        let sum = |events: &[(i32, Time)]| {
            events.iter().filter(|(_, t)| *t > since).fold(0i32, |a, (n, _)| a.saturating_add(*n))
        };
        let (added, removed) = (sum(&entry.scale_up), sum(&entry.scale_down));
        let proposed = if up {
            let start = current.saturating_sub(added).saturating_add(removed);
            if p.type_ == "Pods" {
                start.saturating_add(p.value)
            } else {
                (f64::from(start) * (1.0 + f64::from(p.value) / 100.0)).ceil() as i32
            }
        } else {
            let start = current.saturating_add(removed).saturating_sub(added);
            if p.type_ == "Pods" {
                start.saturating_sub(p.value)
            } else {
                (f64::from(start) * (1.0 - f64::from(p.value) / 100.0)) as i32
            }
        };
        // Max: the largest change (up: the most replicas; down: the fewest).
        let wider = (select == "Max") == up;
        result = Some(match result {
            None => proposed,
            Some(r) if wider => r.max(proposed),
            Some(r) => r.min(proposed),
        });
    }
    result.unwrap_or(current)
}

/// `normalizeDesiredReplicasWithBehaviors`.
#[allow(clippy::too_many_arguments)]
fn normalize_with_behavior(
    status: &mut HpaStatus,
    entry: &mut Entry,
    now: Time,
    current: i32,
    desired: i32,
    min: i32,
    max: i32,
    behavior: &crate::cluster::objects::autoscaling::HpaBehavior,
) -> i32 {
    let up = behavior.scale_up.clone().unwrap_or_default();
    let down = behavior.scale_down.clone().unwrap_or_default();
    let up_window = i64::from(up.stabilization_window_seconds.unwrap_or(0)) * 1000;
    let down_window = down.stabilization_window_seconds.map_or(DOWNSCALE_WINDOW_MS, |s| i64::from(s) * 1000);
    // stabilizeRecommendationWithBehaviors.
    let (mut up_rec, mut down_rec) = (desired, desired);
    let longest = up_window.max(down_window);
    let mut old = None;
    for (i, (rec, t)) in entry.recommendations.iter().enumerate() {
        if *t > now.plus_millis(-up_window) {
            up_rec = up_rec.min(*rec);
        }
        if *t > now.plus_millis(-down_window) {
            down_rec = down_rec.max(*rec);
        }
        if *t < now.plus_millis(-longest) {
            old = Some(i);
        }
    }
    let mut stabilized = current;
    let (mut why, mut message) = ("", "");
    if stabilized < up_rec {
        stabilized = up_rec;
        why = "ScaleUpStabilized";
        message = "recent recommendations were lower than current one, applying the lowest recent recommendation";
    }
    if stabilized > down_rec {
        stabilized = down_rec;
        why = "ScaleDownStabilized";
        message = "recent recommendations were higher than current one, applying the highest recent recommendation";
    }
    match old {
        Some(i) => entry.recommendations[i] = (desired, now),
        None => entry.recommendations.push((desired, now)),
    }
    if stabilized != desired {
        set_condition(status, now, "AbleToScale", true, why, message.into());
    } else {
        set_condition(
            status,
            now,
            "AbleToScale",
            true,
            "ReadyForNewScale",
            "recommended size matches current size".into(),
        );
    }
    let keep = |events: &mut Vec<(i32, Time)>, rules: &ScalingRules| {
        let longest = rules.policies.iter().map(|p| p.period_seconds).max().unwrap_or(0);
        events.retain(|(_, t)| *t > now.plus_millis(-i64::from(longest) * 1000));
    };
    keep(&mut entry.scale_up, &up);
    keep(&mut entry.scale_down, &down);
    let (out, reason, message) = if stabilized > current {
        let limit = policy_limit(&up, entry, now, current, true).max(current);
        let (maximum, r, m) = if max > limit {
            (limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
        } else {
            (max, "TooManyReplicas", "the desired replica count is more than the maximum replica count")
        };
        if stabilized > maximum {
            (maximum, r, m)
        } else {
            (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range")
        }
    } else if stabilized < current {
        let limit = policy_limit(&down, entry, now, current, false).min(current);
        let (minimum, r, m) = if min < limit {
            (limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
        } else {
            (min, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
        };
        if stabilized < minimum {
            (minimum, r, m)
        } else {
            (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range")
        }
    } else {
        (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range")
    };
    set_condition(status, now, "ScalingLimited", out != stabilized, reason, message.into());
    out
}

/// The CPU a load loop adds to `pod` (millicores): each running pod whose
/// shell loops on `wget`/`curl http://SERVICE` sends its requests to the
/// ready endpoints of that service, shared among them; php-apache burns
/// 650m for one loop, other servers 10m. Capped by the container's limit.
#[inline(never)]
pub(crate) fn load_millicores(cluster: &Cluster, pod: &Pod) -> i64 {
    if !pod.is_ready() {
        return 0;
    }
    let Some(container) = pod.spec.containers.first() else { return 0 };
    let mut total = 0i64;
    for client in cluster.store.pods.iter() {
        let running = client.status.container_statuses.iter().any(|s| s.state.running.is_some());
        if !running || client.metadata.deletion_timestamp.is_some() {
            continue;
        }
        for c in &client.spec.containers {
            let script = c.command.iter().chain(&c.args).cloned().collect::<Vec<_>>().join(" ");
            if !(script.contains("while") || script.contains("for "))
                || !(script.contains("wget") || script.contains("curl"))
            {
                continue;
            }
            for url in script
                .split(|ch: char| ch.is_whitespace() || ch == '"' || ch == '\'' || ch == ';')
                .filter(|w| w.starts_with("http://"))
            {
                let host = url["http://".len()..].split(['/', ':']).next().unwrap_or("");
                let mut parts = host.split('.');
                let service = parts.next().unwrap_or("");
                let ns = parts.next().unwrap_or(client.metadata.namespace.as_str());
                if ns != pod.metadata.namespace {
                    continue;
                }
                let Some(ep) = cluster.store.endpoints.get(ns, service) else { continue };
                let targets: Vec<&str> = ep
                    .subsets
                    .iter()
                    .flat_map(|s| &s.addresses)
                    .filter_map(|a| a.target_ref.as_ref().map(|r| r.name.as_str()))
                    .collect();
                if !targets.contains(&pod.metadata.name.as_str()) {
                    continue;
                }
                let demand = if container.image.starts_with("registry.k8s.io/hpa-example") { 650 } else { 10 };
                total += demand / targets.len() as i64;
            }
        }
    }
    let limit = container.resources.as_ref().and_then(|r| r.limits.get("cpu")).and_then(millicores).unwrap_or(2000);
    // (The idle process's few millicores fit under the limit too.)
    total.min((limit - 3).max(0))
}
