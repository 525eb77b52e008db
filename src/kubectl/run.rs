//! `kubectl run` (a pod, possibly attached) and `kubectl expose`.

use serde_json::{Map, Value, json};

use crate::cluster::objects::service::IntOrString;
use crate::cluster::{Kind, Object};

use super::flags::{Arg, Flag, flag};
use super::gotemplate::Held;
use super::logs::Attach;
use super::output::Output;
use super::printers::{self, Format};
use super::{Ctx, Run, yaml};

pub(crate) const RUN_FLAGS: &[Flag] = &[
    flag("image", None, Arg::Text),
    flag("port", None, Arg::Text),
    flag("labels", Some('l'), Arg::Text),
    flag("env", None, Arg::Many),
    flag("restart", None, Arg::Text),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("rm", None, Arg::Bool),
    flag("stdin", Some('i'), Arg::Bool),
    flag("tty", Some('t'), Arg::Bool),
    flag("command", None, Arg::Bool),
    flag("image-pull-policy", None, Arg::Text),
    flag("expose", None, Arg::Bool),
    flag("annotations", None, Arg::Many),
    flag("attach", None, Arg::Bool),
    flag("quiet", Some('q'), Arg::Bool),
    flag("overrides", None, Arg::Text),
    flag("override-type", None, Arg::Text),
    flag("privileged", None, Arg::Bool),
    flag("save-config", None, Arg::Bool),
];

pub fn run(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, RUN_FLAGS, "run") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let Some(image) = p.text("image").filter(|i| !i.is_empty()) else {
        return super::required_flag(ctx, "image").into();
    };
    let extra_args = p.after_dash.clone().unwrap_or_default();
    let positional: Vec<String> = p.args[..p.args.len() - extra_args.len()].to_vec();
    let Some(name) = positional.first().cloned() else {
        return Output::fail("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n").into();
    };
    let restart = p.text_or("restart", "Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Output::fail(format!(
            "error: invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples\n"
        ))
        .into();
    }
    let dry = match super::apply::dry_run(&p) {
        Ok(d) => d,
        Err(o) => return o.into(),
    };
    // run.go: -i attaches unless --attach says otherwise; -t needs -i.
    let attach = if p.has("attach") { p.bool("attach") } else { p.bool("stdin") };
    let usage = |why: &str| Output::fail(format!("error: {why}\nSee 'kubectl run -h' for help and examples\n"));
    if p.bool("tty") && !p.bool("stdin") {
        return usage("-i/--stdin is required for containers with -t/--tty=true").into();
    }
    if attach && dry.is_some() {
        return usage(
            "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        )
        .into();
    }
    if p.bool("rm") && !attach {
        return usage("--rm should only be used for attached containers").into();
    }
    let format = match printers::parse_format(&p, ctx.files, printers::PrintFlags::Generic) {
        Ok(f) => f,
        Err(o) => return o.into(),
    };
    let labels: Map<String, Value> = match p.text("labels") {
        Some(l) => {
            let mut m = Map::new();
            for pair in l.split(',') {
                let Some((k, v)) = pair.split_once('=') else {
                    return Output::fail(format!("error: invalid label spec: {pair}\n")).into();
                };
                m.insert(k.to_string(), json!(v));
            }
            m
        }
        None => [("run".to_string(), json!(name))].into_iter().collect(),
    };
    let mut container = Map::new();
    container.insert("name".into(), json!(name));
    container.insert("image".into(), json!(image));
    if !extra_args.is_empty() {
        container.insert(if p.bool("command") { "command" } else { "args" }.into(), json!(extra_args));
    }
    if let Some(port) = p.text("port") {
        match port.parse::<i64>() {
            Ok(n) => {
                container.insert("ports".into(), json!([{"containerPort": n}]));
            }
            Err(_) => {
                return Output::fail(format!("error: strconv.Atoi: parsing \"{port}\": invalid syntax\n")).into();
            }
        }
    }
    let env = p.many("env");
    if !env.is_empty() {
        let mut list = Vec::new();
        for e in &env {
            let Some((k, v)) = e.split_once('=') else {
                return Output::fail(format!("error: invalid env: {e}\n")).into();
            };
            list.push(json!({"name": k, "value": v}));
        }
        container.insert("env".into(), Value::Array(list));
    }
    if let Some(policy) = p.text("image-pull-policy") {
        container.insert("imagePullPolicy".into(), json!(policy));
    }
    container.insert("resources".into(), json!({}));
    // The generator: stdin and stdinOnce with -i, tty with -t.
    if p.bool("stdin") {
        container.insert("stdin".into(), json!(true));
        container.insert("stdinOnce".into(), json!(true));
        if p.bool("tty") {
            container.insert("tty".into(), json!(true));
        }
    }
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    meta.insert("creationTimestamp".into(), Value::Null);
    meta.insert("labels".into(), Value::Object(labels));
    let mut object = json!({
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": meta,
        "spec": {
            "containers": [container],
            "restartPolicy": restart,
            "dnsPolicy": "ClusterFirst"
        },
        "status": {}
    });
    if let Some(fragment) = p.text("overrides").filter(|o| !o.is_empty())
        && let Err(e) = super::patch::override_object(&mut object, fragment, p.text_or("override-type", "merge"))
    {
        return Output::fail(format!("error: {e}\n")).into();
    }
    if dry == Some(" (dry run)") {
        if let Some(o) = printers::print_template(&format, &object) {
            return o.into();
        }
        let text = match &format {
            Format::Yaml => yaml::to_yaml(&object),
            Format::Json => yaml::to_json_text_ordered(&object),
            Format::Name => format!("pod/{name}\n"),
            _ => format!("pod/{name} created (dry run)\n"),
        };
        return Output::ok(text).into();
    }
    let ns = super::namespace(ctx, &p);
    let mut probe;
    let cluster = if dry.is_some() {
        probe = ctx.cluster.clone();
        &mut probe
    } else {
        &mut *ctx.cluster
    };
    let created = match cluster.create(&object, &ns) {
        Ok(o) => o,
        Err(e) => return super::api_failure(&e).into(),
    };
    let mut out = Output::new();
    if !attach || dry.is_some() {
        match format {
            Format::Table | Format::Wide => out.out(format!("pod/{name} created{}\n", dry.unwrap_or(""))),
            f => out.extend(printers::print_formatted(&[created], true, &f, ctx.cluster.now(), Held::Typed)),
        }
        return out.into();
    }
    // `run -it`: wait for the container to start, as kubectl does, then attach.
    for _ in 0..600 {
        let running = ctx.cluster.store().get::<crate::cluster::objects::Pod>(&ns, &name).is_some_and(|pod| {
            pod.status
                .container_statuses
                .first()
                .is_some_and(|s| s.state.running.is_some() || s.state.terminated.is_some())
                || matches!(pod.status.phase.as_str(), "Succeeded" | "Failed")
        });
        if running {
            break;
        }
        ctx.cluster.advance(0.5);
    }
    let is_shell =
        extra_args.is_empty() || (extra_args.len() == 1 && super::logs::SHELLS.contains(&extra_args[0].as_str()));
    if is_shell {
        out.out("If you don't see a command prompt, try pressing enter.\n");
        let attach = Attach::new(ns, &name, name.clone(), true).running(extra_args.first().map(String::as_str), image);
        return Run::Attach(out, Attach { remove_on_exit: p.bool("rm"), ..attach });
    }
    // A one-shot command: its output, then the pod goes if --rm.
    ctx.cluster.advance(1.0);
    if let Ok(lines) = ctx.cluster.container_logs(&ns, &name, &name, false) {
        for l in lines {
            out.out(format!("{}\n", l.text));
        }
    }
    if p.bool("rm") {
        let _ = ctx.cluster.delete(Kind::Pod, &ns, &name, Default::default());
        out.out(format!("pod \"{name}\" deleted\n"));
    }
    out.into()
}

pub(crate) const EXPOSE_FLAGS: &[Flag] = &[
    flag("port", None, Arg::Text),
    flag("target-port", None, Arg::Text),
    flag("type", None, Arg::Text),
    flag("name", None, Arg::Text),
    flag("protocol", None, Arg::Text),
    flag("selector", None, Arg::Text),
    flag("labels", Some('l'), Arg::Text),
    flag("node-port", None, Arg::Int),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
    flag("external-ip", None, Arg::Text),
    flag("cluster-ip", None, Arg::Text),
];

pub fn expose(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse_command(ctx, args, EXPOSE_FLAGS, "expose") {
        Ok(p) => p,
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
    for (kind, name) in pairs {
        let obj = match ctx.cluster.get(kind, &ns, &name) {
            Ok(o) => o,
            Err(e) => {
                out.err(super::server_error(&e));
                out.code = 1;
                continue;
            }
        };
        let from_template = |selector: &Option<crate::cluster::meta::LabelSelector>,
                             spec: &crate::cluster::objects::pod::PodSpec,
                             labels: &crate::cluster::meta::Labels| {
            (
                selector
                    .as_ref()
                    .map(|s| s.match_labels.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
                    .unwrap_or_default(),
                container_ports(spec),
                labels.clone(),
            )
        };
        let (selector, ports, labels): (Map<String, Value>, Vec<(i32, String)>, _) = match &obj {
            Object::Pod(pod) => (
                pod.metadata.labels.iter().map(|(k, v)| (k.clone(), json!(v))).collect(),
                container_ports(&pod.spec),
                (*pod.metadata.labels).clone(),
            ),
            Object::Deployment(d) => from_template(&d.spec.selector, &d.spec.template.spec, &d.metadata.labels),
            Object::ReplicaSet(rs) => from_template(&rs.spec.selector, &rs.spec.template.spec, &rs.metadata.labels),
            Object::Service(s) => (
                s.spec.selector.iter().map(|(k, v)| (k.clone(), json!(v))).collect(),
                s.spec.ports.iter().map(|p| (p.port, p.protocol.clone())).collect(),
                (*s.metadata.labels).clone(),
            ),
            _ => {
                out.err(format!("error: cannot expose a {}\n", kind.name()));
                out.code = 1;
                continue;
            }
        };
        if selector.is_empty() {
            out.err(format!(
                "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples\n"
            ));
            out.code = 1;
            continue;
        }
        let port_list: Vec<(i32, String)> = match p.text("port") {
            Some(port) => match port.parse::<i32>() {
                Ok(n) => vec![(n, p.text_or("protocol", "TCP").to_string())],
                Err(_) => {
                    out.err(format!("error: strconv.Atoi: parsing \"{port}\": invalid syntax\n"));
                    out.code = 1;
                    continue;
                }
            },
            None => ports,
        };
        if port_list.is_empty() {
            out.err(format!(
                "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"
            ));
            out.code = 1;
            continue;
        }
        let several = port_list.len() > 1;
        let service_ports: Vec<Value> = port_list
            .iter()
            .enumerate()
            .map(|(i, (port, proto))| {
                let mut m = Map::new();
                if several {
                    m.insert("name".into(), json!(format!("port-{}", i + 1)));
                }
                m.insert("port".into(), json!(port));
                m.insert("protocol".into(), json!(proto));
                let target = match p.text("target-port") {
                    Some(t) => match t.parse::<i32>() {
                        Ok(n) => IntOrString::Int(n),
                        Err(_) => IntOrString::Str(t.to_string()),
                    },
                    None => IntOrString::Int(*port),
                };
                m.insert("targetPort".into(), crate::cluster::codec::Encode::encode(&target));
                if let Some(np) = p.int("node-port") {
                    m.insert("nodePort".into(), json!(np));
                }
                Value::Object(m)
            })
            .collect();
        let svc_name = p.text("name").map(String::from).unwrap_or_else(|| name.clone());
        let mut spec = Map::new();
        spec.insert("ports".into(), Value::Array(service_ports));
        spec.insert("selector".into(), Value::Object(selector));
        if let Some(t) = p.text("type") {
            spec.insert("type".into(), json!(t));
        }
        // expose.go: one address the cluster does not manage, as given.
        if let Some(ip) = p.text("external-ip").filter(|ip| !ip.is_empty()) {
            spec.insert("externalIPs".into(), json!([ip]));
        }
        let label_map: Map<String, Value> = labels.into_iter().map(|(k, v)| (k, json!(v))).collect();
        let mut meta = Map::new();
        meta.insert("name".into(), json!(svc_name));
        meta.insert("creationTimestamp".into(), Value::Null);
        if !label_map.is_empty() {
            meta.insert("labels".into(), Value::Object(label_map));
        }
        let object = json!({"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}});
        let dry = match super::apply::dry_run(&p) {
            Ok(d) => d,
            Err(o) => return o,
        };
        if dry == Some(" (dry run)") {
            match &format {
                Format::Yaml => out.out(yaml::to_yaml(&object)),
                Format::Json => out.out(yaml::to_json_text_ordered(&object)),
                Format::Name => out.out(format!("service/{svc_name}\n")),
                f => match printers::print_template(f, &object) {
                    Some(o) => out.extend(o),
                    None => out.out(format!("service/{svc_name} exposed (dry run)\n")),
                },
            }
            continue;
        }
        match ctx.cluster.create(&object, &ns) {
            Ok(_) => out.out(format!("service/{svc_name} exposed\n")),
            Err(e) => {
                out.err(super::server_error(&e));
                out.code = 1;
            }
        }
    }
    out
}

/// The ports a pod's containers declare, in order: (port, protocol).
fn container_ports(spec: &crate::cluster::objects::pod::PodSpec) -> Vec<(i32, String)> {
    spec.containers.iter().flat_map(|c| c.ports.iter().map(|p| (p.container_port, p.protocol.clone()))).collect()
}
