//! Commands that change a workload in place: `scale`, `set image`, `set env`.

use serde_json::Value;

use crate::cluster::{Kind, Object};

use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::printers::name_of;
use super::{Ctx, resources};

pub(crate) const SCALE_FLAGS: &[Flag] = &[
    flag("replicas", None, Arg::Int),
    flag("current-replicas", None, Arg::Int),
    flag("selector", Some('l'), Arg::Text),
    flag("all", None, Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
    flag("record", None, Arg::Bool),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("timeout", None, Arg::Duration),
];

/// Changes an object through its JSON form and the API's update.
fn update_value(ctx: &mut Ctx, obj: &Object, change: impl FnOnce(&mut Value)) -> Result<Object, Output> {
    let mut v = obj.to_value();
    change(&mut v);
    let ns = obj.meta().namespace.clone();
    ctx.cluster.update(&v, &ns).map_err(|e| super::api_failure(&e))
}

fn record(v: &mut Value, cause: &Option<String>) {
    if let Some(c) = cause {
        super::apply::set_annotation(v, super::apply::CHANGE_CAUSE, c);
    }
}

pub fn scale(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse_command(ctx, args, SCALE_FLAGS, "scale") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(replicas) = p.int("replicas") else {
        return super::required_flag(ctx, "replicas");
    };
    if replicas < 0 {
        return Output::fail(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
        );
    }
    let pairs = match super::resource_args(&p.args) {
        Ok(pairs) if !pairs.is_empty() => pairs,
        Ok(_) => return super::must_provide_resources(),
        Err(o) => return o,
    };
    let ns = super::namespace(ctx, &p);
    let cause = p.bool("record").then(|| p.command_line(&["scale"]));
    let mut out = Output::new();
    for (kind, name) in pairs {
        if !matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet) {
            out.err("Error from server (NotFound): the server could not find the requested resource\n");
            out.code = 1;
            continue;
        }
        let obj = match ctx.cluster.get(kind, &ns, &name) {
            Ok(o) => o,
            Err(_) => {
                out.err(format!("error: no objects passed to scale {} \"{name}\" not found\n", kind.group_resource()));
                out.code = 1;
                continue;
            }
        };
        if let Some(current) = p.int("current-replicas") {
            let now = obj.to_value().pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
            if now != current {
                out.err(format!("error: Expected replicas to be {current}, was {now}\n"));
                out.code = 1;
                continue;
            }
        }
        match update_value(ctx, &obj, |v| {
            v["spec"]["replicas"] = Value::from(replicas);
            record(v, &cause);
        }) {
            Ok(o) => out.out(format!("{} scaled\n", name_of(&o))),
            Err(o) => out.extend(o),
        }
    }
    out
}

pub(crate) const SET_FLAGS: &[Flag] = &[
    flag("record", None, Arg::Bool),
    flag("all", None, Arg::Bool),
    flag("selector", Some('l'), Arg::Text),
    flag("filename", Some('f'), Arg::Many),
    flag("containers", Some('c'), Arg::Text),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("overwrite", None, Arg::Bool),
    flag("list", None, Arg::Bool),
    flag("env", Some('e'), Arg::Many),
    flag("limits", None, Arg::Text),
    flag("requests", None, Arg::Text),
];

/// The pointer to the pod spec in an object's JSON.
fn pod_spec_path(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Pod => Some("/spec"),
        Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet | Kind::DaemonSet => Some("/spec/template/spec"),
        _ => None,
    }
}

pub fn set(ctx: &mut Ctx, args: &[String]) -> Output {
    let Some((sub, rest)) = args.split_first() else {
        return Output::fail(super::help::for_command(ctx.docs, "set"));
    };
    let (verb, updated) = match sub.as_str() {
        "image" => ("set image", "image updated"),
        "env" => ("set env", "env updated"),
        "resources" => ("set resources", "resource requirements updated"),
        "-h" | "--help" => return Output::ok(super::help::for_command(ctx.docs, "set")),
        other => {
            return Output::fail(format!(
                "error: unknown command \"{other}\"\nSee 'kubectl set -h' for help and examples\n"
            ));
        }
    };
    let p = match super::parse(rest, SET_FLAGS, verb) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "set"));
    }
    let ns = super::namespace(ctx, &p);
    // Resources first (TYPE/NAME or TYPE NAME), then KEY=VALUE pairs.
    let split =
        p.args.iter().position(|a| a.contains('=') || (sub == "env" && a.ends_with('-'))).unwrap_or(p.args.len());
    let (res_args, pairs) = p.args.split_at(split);
    let targets = match super::resource_args(res_args) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => return super::must_provide_resources(),
        Err(o) => return o,
    };
    if sub == "image" && pairs.is_empty() {
        return Output::fail("error: at least one image update is required\n");
    }
    let cause = p.bool("record").then(|| p.command_line(&["set", sub.as_str()]));
    let mut out = Output::new();
    for (kind, name) in targets {
        let Some(path) = pod_spec_path(kind) else {
            out.err(format!("error: {}/{name} has no pod template\n", resources::qualified(kind)));
            out.code = 1;
            continue;
        };
        let obj = match ctx.cluster.get(kind, &ns, &name) {
            Ok(o) => o,
            Err(e) => {
                out.err(super::server_error(&e));
                out.code = 1;
                continue;
            }
        };
        let mut value = obj.to_value();
        let mut error = None;
        if let Some(Value::Array(containers)) = value.pointer_mut(&format!("{path}/containers")) {
            match sub.as_str() {
                "image" => {
                    for pair in pairs {
                        let (cname, image) = pair.split_once('=').unwrap_or((pair, ""));
                        let mut found = false;
                        for c in containers.iter_mut() {
                            if cname == "*" || c.get("name").and_then(Value::as_str) == Some(cname) {
                                c["image"] = Value::from(image);
                                found = true;
                            }
                        }
                        if !found {
                            error = Some(format!("error: unable to find container named \"{cname}\"\n"));
                        }
                    }
                }
                "env" => {
                    let wanted = p.text("containers");
                    for c in containers.iter_mut() {
                        if wanted.is_some_and(|w| w != "*" && c.get("name").and_then(Value::as_str) != Some(w)) {
                            continue;
                        }
                        let env = c.as_object_mut().map(|m| m.entry("env").or_insert_with(|| Value::Array(vec![])));
                        let Some(Value::Array(list)) = env else { continue };
                        for pair in pairs.iter().cloned().chain(p.many("env")) {
                            if let Some(key) = pair.strip_suffix('-') {
                                list.retain(|e| e.get("name").and_then(Value::as_str) != Some(key));
                                continue;
                            }
                            let (k, v) = pair.split_once('=').unwrap_or((&pair, ""));
                            match list.iter_mut().find(|e| e.get("name").and_then(Value::as_str) == Some(k)) {
                                Some(e) => *e = serde_json::json!({"name": k, "value": v}),
                                None => list.push(serde_json::json!({"name": k, "value": v})),
                            }
                        }
                    }
                }
                _ => {
                    let parse = |s: Option<&str>| -> serde_json::Map<String, Value> {
                        s.map(|s| {
                            s.split(',')
                                .filter_map(|kv| kv.split_once('='))
                                .map(|(k, v)| (k.to_string(), Value::from(v)))
                                .collect()
                        })
                        .unwrap_or_default()
                    };
                    let (limits, requests) = (parse(p.text("limits")), parse(p.text("requests")));
                    for c in containers.iter_mut() {
                        let Some(m) = c.as_object_mut() else { continue };
                        let r = m.entry("resources").or_insert_with(|| serde_json::json!({}));
                        for (field, vals) in [("limits", &limits), ("requests", &requests)] {
                            if vals.is_empty() {
                                continue;
                            }
                            let target =
                                r.as_object_mut().map(|o| o.entry(field).or_insert_with(|| serde_json::json!({})));
                            if let Some(Value::Object(t)) = target {
                                t.extend(vals.clone());
                            }
                        }
                    }
                }
            }
        }
        if let Some(e) = error {
            out.err(e);
            out.code = 1;
            continue;
        }
        record(&mut value, &cause);
        match ctx.cluster.update(&value, &ns) {
            Ok(o) => out.out(format!("{} {updated}\n", name_of(&o))),
            Err(e) => out.extend(super::api_failure(&e)),
        }
    }
    out
}
