//! HorizontalPodAutoscaler (`autoscaling/v2`, `autoscaling/v1` accepted and
//! served): the type, the API server's defaults
//! (`pkg/apis/autoscaling/v2/defaults.go`, the v1 conversion's default cpu
//! metric), validation (`pkg/apis/autoscaling/validation/validation.go`) and
//! the v1 ⇄ v2 conversion. Only some learners autoscale: this module is in
//! the page's lazy part (`scripts/lazy.txt`), its entry points never inlined.

use serde_json::{Map, Value};

use crate::cluster::Cluster;
use crate::cluster::codec::Json;
use crate::cluster::errors::FieldError;
use crate::cluster::meta::{Extra, ObjectMeta};
use crate::cluster::time::Time;
use crate::cluster::validate::{self, NameRule};

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct HorizontalPodAutoscaler {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: HpaSpec,
    #[json(default)]
    pub status: HpaStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct HpaSpec {
    #[json(default)]
    pub scale_target_ref: CrossVersionObjectReference,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<i32>,
    #[json(default)]
    pub max_replicas: i32,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricSpec>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub behavior: Option<HpaBehavior>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct CrossVersionObjectReference {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[json(default)]
    pub kind: String,
    #[json(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct MetricSpec {
    #[json(rename = "type", default)]
    pub type_: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricSource>,
    /// The other sources (pods, object, external, containerResource), kept as written.
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct ResourceMetricSource {
    #[json(default)]
    pub name: String,
    #[json(default)]
    pub target: MetricTarget,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct MetricTarget {
    #[json(rename = "type", default)]
    pub type_: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub average_value: Option<Value>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct HpaBehavior {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub scale_up: Option<ScalingRules>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub scale_down: Option<ScalingRules>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ScalingRules {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub stabilization_window_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub select_policy: Option<String>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ScalingPolicy>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ScalingPolicy {
    #[json(rename = "type", default)]
    pub type_: String,
    #[json(default)]
    pub value: i32,
    #[json(default)]
    pub period_seconds: i32,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct HpaStatus {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_scale_time: Option<Time>,
    #[json(default, skip_serializing_if = "is_zero")]
    pub current_replicas: i32,
    #[json(default)]
    pub desired_replicas: i32,
    /// `currentMetrics` has no `omitempty` in v2: `null` until the controller writes it.
    #[json(default)]
    pub current_metrics: Option<Vec<MetricStatus>>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<HpaCondition>,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct MetricStatus {
    #[json(rename = "type", default)]
    pub type_: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct ResourceMetricStatus {
    #[json(default)]
    pub name: String,
    #[json(default)]
    pub current: MetricValueStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct MetricValueStatus {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub average_value: Option<Value>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct HpaCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// `autoscaling.DefaultCPUUtilization`.
pub const DEFAULT_CPU_UTILIZATION: i32 = 80;

fn finish(errs: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// A cpu utilization metric, as kubectl autoscale and the v1 conversion write it.
pub fn cpu_metric(percent: i32) -> MetricSpec {
    MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: "cpu".into(),
            target: MetricTarget {
                type_: "Utilization".into(),
                average_utilization: Some(percent),
                ..Default::default()
            },
        }),
        extra: Default::default(),
    }
}

fn default_rules(up: bool, given: Option<ScalingRules>) -> ScalingRules {
    let mut rules = given.unwrap_or_default();
    if up && rules.stabilization_window_seconds.is_none() {
        rules.stabilization_window_seconds = Some(0);
    }
    if rules.select_policy.is_none() {
        rules.select_policy = Some("Max".into());
    }
    if rules.policies.is_empty() {
        let policy = |type_: &str, value| ScalingPolicy { type_: type_.into(), value, period_seconds: 15 };
        rules.policies =
            if up { vec![policy("Pods", 4), policy("Percent", 100)] } else { vec![policy("Percent", 100)] };
    }
    rules
}

/// `IsValidPathSegmentName`'s messages.
fn path_segment(value: &str) -> Vec<&'static str> {
    match value {
        "." => vec!["may not be '.'"],
        ".." => vec!["may not be '..'"],
        _ => {
            let mut out = Vec::new();
            if value.contains('/') {
                out.push("may not contain '/'");
            }
            if value.contains('%') {
                out.push("may not contain '%'");
            }
            out
        }
    }
}

fn quantity_sign(v: &Value) -> i32 {
    match crate::cluster::quantity::parse_value(v) {
        Some(q) if q > 0.0 => 1,
        Some(q) if q < 0.0 => -1,
        _ => 0,
    }
}

fn quantity_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn metric_target(t: &MetricTarget, path: &str, errs: &mut Vec<FieldError>) {
    if t.type_.is_empty() {
        errs.push(FieldError::required(format!("{path}.type"), "must specify a metric target type"));
    }
    if !matches!(t.type_.as_str(), "Utilization" | "Value" | "AverageValue") {
        errs.push(FieldError::invalid_str(
            format!("{path}.type"),
            &t.type_,
            "must be either Utilization, Value, or AverageValue",
        ));
    }
    if let Some(v) = t.value.as_ref().filter(|v| quantity_sign(v) != 1) {
        errs.push(FieldError::invalid(format!("{path}.value"), quantity_text(v), "must be positive"));
    }
    if let Some(v) = t.average_value.as_ref().filter(|v| quantity_sign(v) != 1) {
        errs.push(FieldError::invalid(format!("{path}.averageValue"), quantity_text(v), "must be positive"));
    }
    if let Some(u) = t.average_utilization.filter(|u| *u < 1) {
        errs.push(FieldError::invalid(format!("{path}.averageUtilization"), u.to_string(), "must be greater than 0"));
    }
}

const SOURCES: [(&str, &str); 5] = [
    ("Object", "object"),
    ("External", "external"),
    ("Pods", "pods"),
    ("Resource", "resource"),
    ("ContainerResource", "containerResource"),
];

fn metric_spec(m: &MetricSpec, path: &str, errs: &mut Vec<FieldError>) {
    let supported = ["ContainerResource", "External", "Object", "Pods", "Resource"];
    if m.type_.is_empty() {
        errs.push(FieldError::required(format!("{path}.type"), "must specify a metric source type"));
    }
    if !supported.contains(&m.type_.as_str()) {
        errs.push(FieldError::unsupported(format!("{path}.type"), &m.type_, &supported));
    }
    let present: Vec<&str> = SOURCES
        .iter()
        .map(|(_, field)| *field)
        .filter(|field| if *field == "resource" { m.resource.is_some() } else { m.extra.contains_key(*field) })
        .collect();
    if let Some(r) = &m.resource
        && present.first() == Some(&"resource")
    {
        let rp = format!("{path}.resource");
        if r.name.is_empty() {
            errs.push(FieldError::required(format!("{rp}.name"), "must specify a resource name"));
        }
        metric_target(&r.target, &format!("{rp}.target"), errs);
        if r.target.average_utilization.is_none() && r.target.average_value.is_none() {
            errs.push(FieldError::required(
                format!("{rp}.target.averageUtilization"),
                "must set either a target raw value or a target utilization",
            ));
        }
        if r.target.average_utilization.is_some() && r.target.average_value.is_some() {
            errs.push(FieldError::forbidden(
                format!("{rp}.target.averageValue"),
                "may not set both a target raw value and a target utilization",
            ));
        }
    }
    let expected = SOURCES.iter().find(|(t, _)| *t == m.type_).map(|(_, f)| *f);
    match expected {
        Some(field) if !present.contains(&field) => errs.push(FieldError::required(
            format!("{path}.{field}"),
            "must populate information for the given metric source",
        )),
        // (The second "Unsupported value" upstream adds for an unknown type is
        // the same message: the API server's aggregate drops it.)
        _ => {}
    }
    if present.len() != 1 {
        for field in present.iter().filter(|f| Some(**f) != expected) {
            errs.push(FieldError::forbidden(format!("{path}.{field}"), "must populate the given metric source only"));
        }
    }
}

fn scaling_rules(rules: &ScalingRules, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(w) = rules.stabilization_window_seconds {
        if w < 0 {
            errs.push(FieldError::invalid(
                format!("{path}.stabilizationWindowSeconds"),
                w.to_string(),
                "must be greater than or equal to zero",
            ));
        }
        if w > 3600 {
            errs.push(FieldError::invalid(
                format!("{path}.stabilizationWindowSeconds"),
                w.to_string(),
                "must be less than or equal to 3600",
            ));
        }
    }
    if let Some(p) = rules.select_policy.as_deref().filter(|p| !matches!(*p, "Max" | "Min" | "Disabled")) {
        errs.push(FieldError::unsupported(format!("{path}.selectPolicy"), p, &["Disabled", "Max", "Min"]));
    }
    if rules.policies.is_empty() {
        errs.push(FieldError::required(format!("{path}.policies"), "must specify at least one Policy"));
    }
    for (i, p) in rules.policies.iter().enumerate() {
        let pp = format!("{path}.policies[{i}]");
        if !matches!(p.type_.as_str(), "Pods" | "Percent") {
            errs.push(FieldError::unsupported(format!("{pp}.type"), &p.type_, &["Percent", "Pods"]));
        }
        if p.value <= 0 {
            errs.push(FieldError::invalid(format!("{pp}.value"), p.value.to_string(), "must be greater than zero"));
        }
        if p.period_seconds <= 0 {
            errs.push(FieldError::invalid(
                format!("{pp}.periodSeconds"),
                p.period_seconds.to_string(),
                "must be greater than zero",
            ));
        }
        if p.period_seconds > 1800 {
            errs.push(FieldError::invalid(
                format!("{pp}.periodSeconds"),
                p.period_seconds.to_string(),
                "must be less than or equal to 1800",
            ));
        }
    }
}

/// The API server's create or update of an HPA: defaults, then validation.
#[inline(never)]
pub fn admit_hpa(
    _cluster: &mut Cluster,
    hpa: &mut HorizontalPodAutoscaler,
    create: bool,
) -> Result<(), Vec<FieldError>> {
    let spec = &mut hpa.spec;
    spec.min_replicas.get_or_insert(1);
    if spec.metrics.is_empty() {
        spec.metrics = vec![cpu_metric(DEFAULT_CPU_UTILIZATION)];
    }
    if let Some(b) = &mut spec.behavior {
        b.scale_up = Some(default_rules(true, b.scale_up.take()));
        b.scale_down = Some(default_rules(false, b.scale_down.take()));
    }
    let mut errs = Vec::new();
    validate::object_meta(&hpa.metadata, NameRule::Subdomain, &mut errs);
    let spec = &hpa.spec;
    if let Some(min) = spec.min_replicas.filter(|m| *m < 1) {
        errs.push(FieldError::invalid("spec.minReplicas", min.to_string(), "must be greater than or equal to 1"));
    }
    if spec.max_replicas < 1 {
        errs.push(FieldError::invalid("spec.maxReplicas", spec.max_replicas.to_string(), "must be greater than 0"));
    }
    if spec.min_replicas.is_some_and(|m| spec.max_replicas < m) {
        errs.push(FieldError::invalid(
            "spec.maxReplicas",
            spec.max_replicas.to_string(),
            "must be greater than or equal to `minReplicas`",
        ));
    }
    let r = &spec.scale_target_ref;
    for (field, value) in [("kind", &r.kind), ("name", &r.name)] {
        let path = format!("spec.scaleTargetRef.{field}");
        if value.is_empty() {
            errs.push(FieldError::required(path, ""));
        } else {
            for msg in path_segment(value) {
                errs.push(FieldError::invalid_str(path.clone(), value, msg));
            }
        }
    }
    for (i, m) in spec.metrics.iter().enumerate() {
        metric_spec(m, &format!("spec.metrics[{i}]"), &mut errs);
    }
    if let Some(b) = &spec.behavior {
        if let Some(up) = &b.scale_up {
            scaling_rules(up, "spec.behavior.scaleUp", &mut errs);
        }
        if let Some(down) = &b.scale_down {
            scaling_rules(down, "spec.behavior.scaleDown", &mut errs);
        }
    }
    finish(errs)?;
    if create {
        hpa.status = Default::default();
    }
    Ok(())
}

/// A v1 manifest as the v2 object it is stored as (the conversion the API
/// server does): `targetCPUUtilizationPercentage` becomes a cpu metric.
#[inline(never)]
pub fn v1_to_v2(manifest: &Value) -> Value {
    let mut out = manifest.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.insert("apiVersion".into(), Value::from("autoscaling/v2"));
        if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut)
            && let Some(target) = spec.remove("targetCPUUtilizationPercentage")
        {
            let percent = target.as_i64().unwrap_or(0) as i32;
            spec.insert(
                "metrics".into(),
                Value::Array(vec![crate::cluster::codec::Encode::encode(&cpu_metric(percent))]),
            );
        }
        if let Some(status) = obj.get_mut("status").and_then(Value::as_object_mut) {
            status.remove("currentCPUUtilizationPercentage");
        }
    }
    out
}

/// The stored object as `autoscaling/v1` serves it: the first cpu
/// utilization metric as `targetCPUUtilizationPercentage`, the conditions in
/// their annotation.
#[inline(never)]
pub fn v2_to_v1(value: &Value, hpa: &HorizontalPodAutoscaler) -> Value {
    let mut out = Map::new();
    out.insert("apiVersion".into(), Value::from("autoscaling/v1"));
    out.insert("kind".into(), Value::from("HorizontalPodAutoscaler"));
    let mut metadata = value.get("metadata").cloned().unwrap_or_else(|| Value::Object(Map::new()));
    let mut notes: Vec<(&str, Value)> = Vec::new();
    // The current metrics in v1's shape (`currentAverageUtilization`, `currentAverageValue`).
    let current = hpa.status.current_metrics.as_deref().unwrap_or_default();
    if !current.is_empty() {
        let list = current
            .iter()
            .map(|m| {
                let mut out = Map::new();
                out.insert("type".into(), Value::from(m.type_.clone()));
                if let Some(r) = &m.resource {
                    let mut res = Map::new();
                    res.insert("name".into(), Value::from(r.name.clone()));
                    if let Some(u) = r.current.average_utilization {
                        res.insert("currentAverageUtilization".into(), Value::from(u));
                    }
                    res.insert(
                        "currentAverageValue".into(),
                        r.current.average_value.clone().unwrap_or(Value::from("0")),
                    );
                    out.insert("resource".into(), Value::Object(res));
                }
                Value::Object(out)
            })
            .collect();
        notes.push(("autoscaling.alpha.kubernetes.io/current-metrics", Value::Array(list)));
    }
    if !hpa.status.conditions.is_empty() {
        let conditions = hpa.status.conditions.iter().map(crate::cluster::codec::Encode::encode).collect();
        notes.push(("autoscaling.alpha.kubernetes.io/conditions", Value::Array(conditions)));
    }
    if let Some(meta) = metadata.as_object_mut().filter(|_| !notes.is_empty()) {
        let annotations = meta.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
        if let Some(a) = annotations.as_object_mut() {
            for (key, value) in notes {
                a.insert(key.into(), Value::from(value.to_string()));
            }
        }
    }
    out.insert("metadata".into(), metadata);
    let mut spec = Map::new();
    let r = &hpa.spec.scale_target_ref;
    let mut target = Map::new();
    if !r.api_version.is_empty() {
        target.insert("apiVersion".into(), Value::from(r.api_version.clone()));
    }
    target.insert("kind".into(), Value::from(r.kind.clone()));
    target.insert("name".into(), Value::from(r.name.clone()));
    spec.insert("scaleTargetRef".into(), Value::Object(target));
    if let Some(min) = hpa.spec.min_replicas {
        spec.insert("minReplicas".into(), Value::from(min));
    }
    spec.insert("maxReplicas".into(), Value::from(hpa.spec.max_replicas));
    let cpu =
        hpa.spec.metrics.iter().position(|m| {
            m.resource.as_ref().is_some_and(|r| r.name == "cpu" && r.target.average_utilization.is_some())
        });
    if let Some(u) = cpu.and_then(|i| hpa.spec.metrics[i].resource.as_ref()).and_then(|r| r.target.average_utilization)
    {
        spec.insert("targetCPUUtilizationPercentage".into(), Value::from(u));
    }
    out.insert("spec".into(), Value::Object(spec));
    let s = &hpa.status;
    let mut status = Map::new();
    if let Some(g) = s.observed_generation {
        status.insert("observedGeneration".into(), Value::from(g));
    }
    if let Some(t) = s.last_scale_time {
        status.insert("lastScaleTime".into(), Value::from(t.rfc3339()));
    }
    status.insert("currentReplicas".into(), Value::from(s.current_replicas));
    status.insert("desiredReplicas".into(), Value::from(s.desired_replicas));
    let current_cpu =
        cpu.and_then(|i| s.current_metrics.as_ref()?.get(i)?.resource.as_ref()?.current.average_utilization);
    if let Some(u) = current_cpu {
        status.insert("currentCPUUtilizationPercentage".into(), Value::from(u));
    }
    out.insert("status".into(), Value::Object(status));
    Value::Object(out)
}
