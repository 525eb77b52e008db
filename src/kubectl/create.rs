//! `kubectl create`: from files, and the generators (`deployment`, `service`,
//! `namespace`, `configmap`, `secret generic`). Generated objects are built in
//! Go struct order, as kubectl's client-side objects print with `-o json`.

use serde_json::{Map, Value, json};

use crate::cluster::api::base64_encode;
use crate::cluster::{ApiError, Cluster};

use super::flags::{Arg, Flag, Parsed, flag};
use super::output::Output;
use super::printers::{self, Format};
use super::{Ctx, yaml};

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    match args.first().map(String::as_str) {
        Some("deployment" | "deploy") => deployment(ctx, &args[1..]),
        Some("service" | "svc") => service(ctx, &args[1..]),
        Some("namespace" | "ns") => namespace(ctx, &args[1..]),
        Some("configmap" | "cm") => configmap(ctx, &args[1..]),
        Some("job") => super::batch::create_job(ctx, &args[1..]),
        Some("cronjob" | "cj") => super::batch::create_cronjob(ctx, &args[1..]),
        Some("secret") => match args.get(1).map(String::as_str) {
            Some("generic") => secret(ctx, &args[2..]),
            Some(other) if !other.starts_with('-') => Output::fail(format!(
                "error: « kubectl create secret {other} » n’est pas simulé ici ; utilisez « kubectl create secret generic ».\n"
            )),
            _ => Output::ok(super::help::for_command(ctx.docs, "create secret")),
        },
        Some("-h" | "--help") => Output::ok(super::help::for_command(ctx.docs, "create")),
        Some(first)
            if !first.starts_with('-') && args.iter().all(|a| !a.starts_with("-f") && !a.starts_with("--filename")) =>
        {
            Output::fail(format!("error: Unexpected args: [{first}]\nSee 'kubectl create -h' for help and examples\n"))
        }
        _ => super::apply::create_from_files(ctx, args, false),
    }
}

const COMMON: [Flag; 4] = [
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("save-config", None, Arg::Bool),
    flag("validate", None, Arg::Text),
];

pub(super) fn with_common(extra: &[Flag]) -> Vec<Flag> {
    extra.iter().copied().chain(COMMON).collect()
}

fn one_name(p: &Parsed, command: &str) -> Result<String, Output> {
    match p.args.as_slice() {
        [name] => Ok(name.clone()),
        other => Err(Output::fail(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl {command} -h' for help and examples\n",
            other.len()
        ))),
    }
}

/// Sends a generated object (or prints it for `--dry-run=client`).
pub(super) fn submit(ctx: &mut Ctx, p: &Parsed, object: Value, wrap: impl Fn(&ApiError) -> String) -> Output {
    let dry = match super::apply::dry_run(p) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let format = match printers::parse_format(p.text("output")) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let kind = crate::cluster::Cluster::kind_of(&object).expect("generated objects have a known kind");
    let name = object.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default().to_string();
    if dry == Some(" (dry run)") {
        return match format {
            Format::Table | Format::Wide => {
                Output::ok(format!("{}/{name} created (dry run)\n", super::resources::qualified(kind)))
            }
            Format::Yaml => Output::ok(yaml::to_yaml(&object)),
            Format::Json => Output::ok(yaml::to_json_text_ordered(&object)),
            Format::Name => Output::ok(format!("{}/{name}\n", super::resources::qualified(kind))),
            Format::JsonPath(t) => Output::ok(t.render(&object)),
            Format::CustomColumns(_) => Output::ok(String::new()),
        };
    }
    let mut value = object;
    if p.bool("save-config") {
        let text = serde_json::to_string(&yaml::sort_keys(&value)).unwrap_or_default() + "\n";
        super::apply::set_annotation(&mut value, super::apply::LAST_APPLIED, &text);
    }
    let ns = super::namespace(ctx, p);
    let mut probe;
    let cluster = if dry.is_some() {
        probe = ctx.cluster.clone();
        &mut probe
    } else {
        &mut *ctx.cluster
    };
    match cluster.create(&value, &ns) {
        Ok(obj) => match format {
            Format::Table | Format::Wide => {
                Output::ok(format!("{} created{}\n", printers::name_of(&obj), dry.unwrap_or("")))
            }
            f => Output::ok(printers::print_formatted(&[obj], true, &f, ctx.cluster.now())),
        },
        Err(e) => Output::fail(wrap(&e)),
    }
}

/// The container name `kubectl create deployment` derives from an image
/// (`nginx:1.27` → `nginx`). A name with `_` or `.` is not a valid container
/// name: kubectl turns them into `-` and adds five random characters
/// (`dockersamples/examplevotingapp_vote` → `examplevotingapp-vote-x2c99`).
pub fn container_name(image: &str, cluster: &mut Cluster) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split(':').next().unwrap_or(last);
    let name = name.split('@').next().unwrap_or(name);
    if name.contains(['_', '.']) {
        format!("{}-{}", name.replace(['_', '.'], "-"), cluster.random_suffix(5))
    } else {
        name.to_string()
    }
}

pub(crate) const DEPLOYMENT_FLAGS: &[Flag] =
    &[flag("image", None, Arg::Many), flag("replicas", Some('r'), Arg::Int), flag("port", None, Arg::Int)];

fn deployment(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(args, &with_common(DEPLOYMENT_FLAGS), "create deployment") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create deployment"));
    }
    let images = p.many("image");
    if images.is_empty() {
        return super::required_flag(ctx, "image");
    }
    let command = p.after_dash.clone().unwrap_or_default();
    let positional: Vec<String> = p.args[..p.args.len() - command.len()].to_vec();
    let name = match positional.as_slice() {
        [n] => n.clone(),
        other => {
            return Output::fail(format!(
                "error: exactly one NAME is required, got {}\nSee 'kubectl create deployment -h' for help and examples\n",
                other.len()
            ));
        }
    };
    let containers: Vec<Value> = images
        .iter()
        .map(|image| {
            let mut c = Map::new();
            c.insert("name".into(), json!(container_name(image, ctx.cluster)));
            c.insert("image".into(), json!(image));
            if !command.is_empty() {
                c.insert("command".into(), json!(command));
            }
            if let Some(port) = p.int("port") {
                c.insert("ports".into(), json!([{"containerPort": port}]));
            }
            c.insert("resources".into(), json!({}));
            Value::Object(c)
        })
        .collect();
    let object = json!({
        "kind": "Deployment",
        "apiVersion": "apps/v1",
        "metadata": {"name": name, "creationTimestamp": null, "labels": {"app": name}},
        "spec": {
            "replicas": p.int("replicas").unwrap_or(1),
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"creationTimestamp": null, "labels": {"app": name}},
                "spec": {"containers": containers}
            },
            "strategy": {}
        },
        "status": {}
    });
    submit(ctx, &p, object, |e| format!("error: failed to create deployment: {}\n", e.message))
}

pub(crate) const SERVICE_FLAGS: &[Flag] = &[
    flag("tcp", None, Arg::Many),
    flag("node-port", None, Arg::Int),
    flag("clusterip", None, Arg::Text),
    flag("external-name", None, Arg::Text),
];

fn service(ctx: &mut Ctx, args: &[String]) -> Output {
    let (ty, label) = match args.first().map(String::as_str) {
        Some("clusterip") => ("ClusterIP", "clusterip"),
        Some("nodeport") => ("NodePort", "nodeport"),
        Some("loadbalancer") => ("LoadBalancer", "loadbalancer"),
        Some("externalname") => ("ExternalName", "externalname"),
        _ => return Output::ok(super::help::for_command(ctx.docs, "create service")),
    };
    let command = format!("create service {label}");
    let p = match super::parse(&args[1..], &with_common(SERVICE_FLAGS), &command) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create service"));
    }
    let name = match one_name(&p, &command) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let mut ports = Vec::new();
    for spec in p.many("tcp").iter().flat_map(|t| t.split(',').map(String::from).collect::<Vec<_>>()) {
        let (port, target) = spec.split_once(':').unwrap_or((&spec, &spec));
        let parse = |s: &str| {
            s.parse::<u16>().map_err(|_| {
                let why = if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
                    "value out of range"
                } else {
                    "invalid syntax"
                };
                Output::fail(format!("error: strconv.ParseUint: parsing \"{s}\": {why}\n"))
            })
        };
        let port = match parse(port) {
            Ok(p) => p,
            Err(o) => return o,
        };
        let target_value = match target.parse::<u16>() {
            Ok(t) => json!(t),
            Err(_) => json!(target),
        };
        let mut entry = Map::new();
        entry.insert("name".into(), json!(spec.replace(':', "-")));
        entry.insert("protocol".into(), json!("TCP"));
        entry.insert("port".into(), json!(port));
        entry.insert("targetPort".into(), target_value);
        if let (Some(np), "NodePort") = (p.int("node-port"), ty) {
            entry.insert("nodePort".into(), json!(np));
        }
        ports.push(Value::Object(entry));
    }
    // create_service.go Validate: a headless service needs no port.
    if ports.is_empty() && ty != "ExternalName" && p.text("clusterip") != Some("None") {
        return Output::fail("error: at least one tcp port specifier must be provided\n");
    }
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.insert("ports".into(), Value::Array(ports));
    }
    if ty != "ExternalName" {
        spec.insert("selector".into(), json!({"app": name}));
    }
    if let Some(ip) = p.text("clusterip") {
        spec.insert("clusterIP".into(), json!(ip));
    }
    spec.insert("type".into(), json!(ty));
    if let Some(ext) = p.text("external-name") {
        spec.insert("externalName".into(), json!(ext));
    }
    let object = json!({
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": {"name": name, "creationTimestamp": null, "labels": {"app": name}},
        "spec": spec,
        "status": {"loadBalancer": {}}
    });
    submit(ctx, &p, object, |e| format!("error: failed to create {ty} service: {}\n", e.message))
}

fn namespace(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(args, &with_common(&[]), "create namespace") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create namespace"));
    }
    let name = match one_name(&p, "create namespace") {
        Ok(n) => n,
        Err(o) => return o,
    };
    let object = json!({
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": {"name": name, "creationTimestamp": null},
        "spec": {},
        "status": {}
    });
    submit(ctx, &p, object, super::server_error)
}

pub(crate) const DATA_FLAGS: &[Flag] = &[
    flag("from-literal", None, Arg::Many),
    flag("from-file", None, Arg::Many),
    flag("from-env-file", None, Arg::Many),
    flag("type", None, Arg::Text),
];

/// The key/value pairs of `--from-literal`, `--from-file` and `--from-env-file`.
fn data_sources(ctx: &Ctx, p: &Parsed) -> Result<Vec<(String, String)>, Output> {
    let mut data = Vec::new();
    for lit in p.many("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(Output::fail(format!("error: invalid literal source {lit}, expected key=value\n")));
        };
        let v = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v);
        data.push((k.to_string(), v.to_string()));
    }
    for spec in p.many("from-file") {
        let (key, path) = match spec.split_once('=') {
            Some((k, p)) => (k.to_string(), p.to_string()),
            None => (spec.rsplit('/').next().unwrap_or(&spec).to_string(), spec.clone()),
        };
        match ctx.files.read(&path) {
            Ok(text) => data.push((key, text.to_string())),
            Err(_) => {
                return Err(Output::fail(format!("error: error reading {path}: no such file or directory\n")));
            }
        }
    }
    for path in p.many("from-env-file") {
        let Ok(text) = ctx.files.read(&path) else {
            return Err(Output::fail(format!("error: error reading {path}: no such file or directory\n")));
        };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            data.push((k.to_string(), v.to_string()));
        }
    }
    crate::sort::sort_by(&mut data, |a, b| a.0.cmp(&b.0));
    Ok(data)
}

/// `create configmap` and `create secret generic`: flags, one NAME, and the
/// key/value pairs of their sources.
fn data_command(ctx: &Ctx, args: &[String], command: &str) -> Result<(Parsed, String, Vec<(String, String)>), Output> {
    let p = super::parse(args, &with_common(DATA_FLAGS), command)?;
    if p.bool("help") {
        let help = if command.starts_with("create secret") { "create secret" } else { command };
        return Err(Output::ok(super::help::for_command(ctx.docs, help)));
    }
    let name = one_name(&p, command)?;
    let data = data_sources(ctx, &p)?;
    Ok((p, name, data))
}

/// The object kubectl builds for them: kind, name, and `data` if any.
fn data_object(kind: &str, name: &str, data: Vec<(String, String)>, encode: fn(&str) -> String) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("kind".into(), json!(kind));
    object.insert("apiVersion".into(), json!("v1"));
    object.insert("metadata".into(), json!({"name": name, "creationTimestamp": null}));
    if !data.is_empty() {
        object.insert("data".into(), Value::Object(data.into_iter().map(|(k, v)| (k, json!(encode(&v)))).collect()));
    }
    object
}

fn configmap(ctx: &mut Ctx, args: &[String]) -> Output {
    let (p, name, data) = match data_command(ctx, args, "create configmap") {
        Ok(d) => d,
        Err(o) => return o,
    };
    let object = data_object("ConfigMap", &name, data, |v| v.to_string());
    submit(ctx, &p, Value::Object(object), |e| format!("error: failed to create configmap: {}\n", e.message))
}

fn secret(ctx: &mut Ctx, args: &[String]) -> Output {
    let (p, name, data) = match data_command(ctx, args, "create secret generic") {
        Ok(d) => d,
        Err(o) => return o,
    };
    let mut object = data_object("Secret", &name, data, |v| base64_encode(v.as_bytes()));
    if let Some(t) = p.text("type") {
        object.insert("type".into(), json!(t));
    } else {
        object.insert("type".into(), json!("Opaque"));
    }
    let mut value = Value::Object(object);
    // kubectl only prints `type` when it was given.
    if !p.has("type") && super::apply::dry_run(&p).ok().flatten() == Some(" (dry run)") {
        value.as_object_mut().map(|m| m.remove("type"));
    }
    submit(ctx, &p, value, |e| format!("error: failed to create secret {}\n", e.message))
}
