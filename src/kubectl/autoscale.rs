//! kubectl for HorizontalPodAutoscalers: their `get` row (upstream
//! `printers.go`'s printHorizontalPodAutoscaler and formatHPAMetrics), their
//! `describe` (describe.go's describeHorizontalPodAutoscalerV2), and
//! `kubectl autoscale` as kubectl 1.32 builds it (an `autoscaling/v1` object,
//! `autoscale.go`). Only some learners autoscale: this module is in the page's
//! lazy part (`scripts/lazy.txt`).

use std::fmt::Write;

use serde_json::{Value, json};

use crate::cluster::objects::autoscaling::{HorizontalPodAutoscaler, ScalingRules};
use crate::cluster::time::Time;
use crate::cluster::{Kind, Object};

use super::Ctx;
use super::age::human;
use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::printers::{self, Format};
use super::yaml;

pub const HPA_HEADER: [&str; 7] = ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"];

fn quantity(v: &Option<Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// formatHPAMetrics: `cpu: 45%/50%`, at most two, then `+ N more...`.
fn targets(hpa: &HorizontalPodAutoscaler) -> String {
    let specs = &hpa.spec.metrics;
    if specs.is_empty() {
        return "<none>".into();
    }
    let statuses = hpa.status.current_metrics.as_deref().unwrap_or_default();
    let mut list: Vec<String> = Vec::new();
    let (mut more, mut count) = (false, 0);
    for (i, spec) in specs.iter().enumerate() {
        let status = statuses.get(i).and_then(|s| s.resource.as_ref());
        match &spec.resource {
            Some(r) if r.target.average_value.is_some() => {
                let current = status.map_or("<unknown>".into(), |s| quantity(&s.current.average_value));
                list.push(format!("{}: {current}/{}", r.name, quantity(&r.target.average_value)));
            }
            Some(r) => {
                let current =
                    status.and_then(|s| s.current.average_utilization).map_or("<unknown>".into(), |u| format!("{u}%"));
                let target = r.target.average_utilization.map_or("<auto>".into(), |u| format!("{u}%"));
                list.push(format!("{}: {current}/{target}", r.name));
            }
            None => {
                let kind = spec.type_.to_ascii_lowercase();
                let source = spec.extra.get(kind.as_str());
                let target = source
                    .and_then(|s| s.pointer("/target/averageValue").or_else(|| s.pointer("/target/value")))
                    .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
                    .unwrap_or_default();
                let name = source.and_then(|s| s.pointer("/metric/name")).and_then(Value::as_str).unwrap_or("");
                list.push(format!("{name}: <unknown>/{target}"));
            }
        }
        if list.len() > 2 {
            list.truncate(2);
            more = true;
            break;
        }
        count += 1;
    }
    let text = list.join(", ");
    if more { format!("{text} + {} more...", specs.len() - count) } else { text }
}

#[inline(never)]
pub fn hpa_row(hpa: &HorizontalPodAutoscaler, now: Time) -> Vec<String> {
    let r = &hpa.spec.scale_target_ref;
    vec![
        hpa.metadata.name.clone(),
        format!("{}/{}", r.kind, r.name),
        targets(hpa),
        hpa.spec.min_replicas.map_or("<unset>".into(), |m| m.to_string()),
        hpa.spec.max_replicas.to_string(),
        hpa.status.current_replicas.to_string(),
        hpa.metadata.creation_timestamp.map_or("<unknown>".to_string(), |t| human(now.since(t))),
    ]
}

fn direction(w: &mut String, name: &str, rules: &Option<ScalingRules>) {
    let Some(rules) = rules else { return };
    let _ = writeln!(w, "  {name}:");
    if let Some(s) = rules.stabilization_window_seconds {
        let _ = writeln!(w, "    Stabilization Window: {s} seconds");
    }
    if !rules.policies.is_empty() {
        let _ = writeln!(w, "    Select Policy: {}", rules.select_policy.as_deref().unwrap_or("Max"));
        w.push_str("    Policies:\n");
        for p in &rules.policies {
            let _ = writeln!(w, "      - Type: {}\tValue: {}\tPeriod: {} seconds", p.type_, p.value, p.period_seconds);
        }
    }
}

/// describeHorizontalPodAutoscalerV2 (the events follow, written by the caller).
#[inline(never)]
pub fn describe_hpa(w: &mut String, hpa: &HorizontalPodAutoscaler) {
    let m = &hpa.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    let _ = writeln!(w, "CreationTimestamp:\t{}", m.creation_timestamp.map_or(String::new(), |t| t.rfc1123z()));
    let r = &hpa.spec.scale_target_ref;
    let _ = writeln!(w, "Reference:\t{}/{}", r.kind, r.name);
    w.push_str("Metrics:\t( current / target )\n");
    let statuses = hpa.status.current_metrics.as_deref().unwrap_or_default();
    for (i, spec) in hpa.spec.metrics.iter().enumerate() {
        let status = statuses.get(i).and_then(|s| s.resource.as_ref());
        match &spec.resource {
            Some(res) => {
                let _ = write!(w, "  resource {} on pods", res.name);
                if res.target.average_value.is_some() {
                    let current = status.map_or("<unknown>".into(), |s| quantity(&s.current.average_value));
                    let _ = writeln!(w, ":\t{current} / {}", quantity(&res.target.average_value));
                } else {
                    let current = status
                        .and_then(|s| Some((s.current.average_utilization?, quantity(&s.current.average_value))))
                        .map_or("<unknown>".into(), |(u, v)| format!("{u}% ({v})"));
                    let target = res.target.average_utilization.map_or("<auto>".into(), |u| format!("{u}%"));
                    let _ = writeln!(w, "  (as a percentage of request):\t{current} / {target}");
                }
            }
            None => {
                let kind = spec.type_.to_ascii_lowercase();
                let source = spec.extra.get(kind.as_str());
                let name = source.and_then(|s| s.pointer("/metric/name")).and_then(Value::as_str).unwrap_or("");
                let target = source
                    .and_then(|s| s.pointer("/target/averageValue").or_else(|| s.pointer("/target/value")))
                    .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
                    .unwrap_or_default();
                let on = if spec.type_ == "Pods" { "on pods" } else { "" };
                let _ = writeln!(w, "  \"{name}\" {on}:\t<unknown> / {target}");
            }
        }
    }
    let _ = writeln!(w, "Min replicas:\t{}", hpa.spec.min_replicas.map_or("<unset>".into(), |m| m.to_string()));
    let _ = writeln!(w, "Max replicas:\t{}", hpa.spec.max_replicas);
    if let Some(b) = &hpa.spec.behavior {
        w.push_str("Behavior:\n");
        direction(w, "Scale Up", &b.scale_up);
        direction(w, "Scale Down", &b.scale_down);
    }
    let _ = writeln!(
        w,
        "{} pods:\t{} current / {} desired",
        r.kind, hpa.status.current_replicas, hpa.status.desired_replicas
    );
    if !hpa.status.conditions.is_empty() {
        w.push_str("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
        for c in &hpa.status.conditions {
            let _ = writeln!(w, "  {}\t{}\t{}\t{}", c.type_, c.status, c.reason, c.message);
        }
    }
}

/// The object as `-o yaml`/`json` prints it in the version asked
/// (`hpa.v1.autoscaling`: the v1 conversion).
#[inline(never)]
pub fn as_v1(obj: &Object) -> Value {
    match obj {
        Object::HorizontalPodAutoscaler(h) => crate::cluster::objects::autoscaling::v2_to_v1(&obj.to_value(), h),
        other => other.to_value(),
    }
}

const FLAGS: &[Flag] = &[
    flag("min", None, Arg::Int),
    flag("max", None, Arg::Int),
    flag("cpu-percent", None, Arg::Int),
    flag("name", None, Arg::Text),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("show-managed-fields", None, Arg::Bool),
    flag("save-config", None, Arg::Bool),
    flag("field-manager", None, Arg::Text),
    flag("filename", Some('f'), Arg::Many),
    flag("recursive", Some('R'), Arg::Bool),
    flag("kustomize", Some('k'), Arg::Text),
    flag("record", None, Arg::Bool),
];

/// `kubectl autoscale (TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]`.
#[inline(never)]
pub fn autoscale(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse_command(ctx, args, FLAGS, "autoscale") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "autoscale"));
    }
    if !p.has("max") {
        return super::required_flag(ctx, "max");
    }
    let max = p.int("max").unwrap_or(-1);
    let min = p.int("min").unwrap_or(-1);
    let cpu = p.int("cpu-percent").unwrap_or(-1);
    if max < 1 {
        return Output::fail(format!("error: --max=MAXPODS is required and must be at least 1, max: {max}\n"));
    }
    if max < min {
        return Output::fail(format!(
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}\n"
        ));
    }
    let dry = match super::apply::dry_run(&p) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let format = match printers::parse_format(&p, ctx.files, printers::PrintFlags::Generic) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let pairs = match super::resource_args(&p.args) {
        Ok(pairs) if !pairs.is_empty() => pairs,
        Ok(_) => return super::must_provide_resources(),
        Err(o) => return o,
    };
    let ns = super::namespace(ctx, &p);
    let mut out = Output::new();
    let mut count = 0;
    for (kind, target) in pairs {
        let target_obj = match ctx.cluster.get(kind, &ns, &target) {
            Ok(o) => o,
            Err(e) => {
                out.extend(super::api_failure(&e));
                return out;
            }
        };
        if !matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet) {
            let version = kind.api_version();
            let gv = if kind.group().is_empty() { format!("/{version}") } else { version.to_string() };
            out.err(format!(
                "error: cannot autoscale a {}: could not find scale subresource for {gv}, Resource={} in discovery information\n",
                kind.name(),
                kind.plural()
            ));
            out.code = 1;
            return out;
        }
        let name = p.text("name").filter(|n| !n.is_empty()).unwrap_or(&target).to_string();
        let mut spec = serde_json::Map::new();
        spec.insert("maxReplicas".into(), json!(max));
        if min > 0 {
            spec.insert("minReplicas".into(), json!(min));
        }
        spec.insert(
            "scaleTargetRef".into(),
            json!({"apiVersion": kind.api_version(), "kind": kind.name(), "name": target_obj.meta().name}),
        );
        if cpu >= 0 {
            spec.insert("targetCPUUtilizationPercentage".into(), json!(cpu));
        }
        let object = json!({
            "kind": "HorizontalPodAutoscaler",
            "apiVersion": "autoscaling/v1",
            "metadata": {"name": name, "creationTimestamp": null},
            "spec": Value::Object(spec),
            "status": {"currentReplicas": 0, "desiredReplicas": 0}
        });
        count += 1;
        if dry == Some(" (dry run)") {
            out.extend(match &format {
                Format::Table | Format::Wide => {
                    Output::ok(format!("horizontalpodautoscaler.autoscaling/{name} created (dry run)\n"))
                }
                Format::Yaml => Output::ok(yaml::to_yaml(&object)),
                Format::Json => Output::ok(yaml::to_json_text_ordered(&object)),
                Format::Name => Output::ok(format!("horizontalpodautoscaler.autoscaling/{name}\n")),
                f => printers::print_template(f, &object).unwrap_or_default(),
            });
            continue;
        }
        let mut value = object;
        if p.bool("save-config") {
            let text = serde_json::to_string(&yaml::sort_keys(&value)).unwrap_or_default() + "\n";
            super::apply::set_annotation(&mut value, super::apply::LAST_APPLIED, &text);
        }
        let mut probe;
        let cluster = if dry.is_some() {
            probe = ctx.cluster.clone();
            &mut probe
        } else {
            &mut *ctx.cluster
        };
        match cluster.create(&value, &ns) {
            Ok(obj) => out.extend(match &format {
                Format::Table | Format::Wide => {
                    Output::ok(format!("horizontalpodautoscaler.autoscaling/{name} autoscaled{}\n", dry.unwrap_or("")))
                }
                Format::Yaml => Output::ok(yaml::to_yaml(&as_v1(&obj))),
                Format::Json => Output::ok(yaml::to_json_text(&as_v1(&obj))),
                f => printers::print_formatted(&[obj], true, f, ctx.cluster.now(), super::gotemplate::Held::Typed),
            }),
            Err(e) => {
                out.extend(super::api_failure(&e));
                return out;
            }
        }
    }
    if count == 0 {
        out.err("error: no objects passed to autoscale\n");
        out.code = 1;
    }
    out
}

/// `get hpa.v1.autoscaling -o yaml|json|jsonpath|go-template`: the objects
/// as autoscaling/v1 serves them.
#[inline(never)]
pub fn print_v1(objects: &[Object], single: bool, format: &Format, now: Time) -> Output {
    use super::gotemplate::Held;
    let value = if single && objects.len() == 1 {
        as_v1(&objects[0])
    } else {
        json!({
            "apiVersion": "v1",
            "items": objects.iter().map(as_v1).collect::<Vec<_>>(),
            "kind": "List",
            "metadata": {"resourceVersion": ""},
        })
    };
    match format {
        Format::Yaml => Output::ok(yaml::to_yaml(&value)),
        Format::Json => Output::ok(yaml::to_json_text(&value)),
        Format::JsonPath(t) => Output::ok(t.render(&value)),
        Format::GoTemplate(t) => super::gotemplate::render(t, &value, Held::Unstructured),
        other => printers::print_formatted(objects, single, other, now, Held::Unstructured),
    }
}
