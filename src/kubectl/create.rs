//! `kubectl create`: from files, and the generators (`deployment`, `service`,
//! `namespace`, `configmap`, `secret generic`). Generated objects are built in
//! Go struct order, as kubectl's client-side objects print with `-o json`.

use serde_json::{Map, Value, json};

use crate::cluster::api::base64_encode;
use crate::cluster::{ApiError, Cluster};

use super::flags::{Arg, Flag, Parsed, flag};
use super::gotemplate::Held;
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
        Some("ingress" | "ing") => super::ingress::create_ingress(ctx, &args[1..]),
        Some("secret") => match args.get(1).map(String::as_str) {
            Some("generic") => secret(ctx, &args[2..]),
            Some("docker-registry") => docker_registry(ctx, &args[2..]),
            Some("tls") => tls(ctx, &args[2..]),
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

const COMMON: [Flag; 6] = [
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("save-config", None, Arg::Bool),
    flag("validate", None, Arg::Text),
];

pub(super) fn with_common(extra: &[Flag]) -> Vec<Flag> {
    extra.iter().copied().chain(COMMON).collect()
}

fn one_name(p: &Parsed, command: &str) -> Result<String, Output> {
    exactly_one_name(&p.args, command)
}

/// The one NAME a `create` generator takes among its positional words.
pub(super) fn exactly_one_name(args: &[String], command: &str) -> Result<String, Output> {
    match args {
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
    let format = match printers::parse_format(p, ctx.files, printers::PrintFlags::Generic) {
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
            f => printers::print_template(&f, &object).unwrap_or_default(),
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
            f => printers::print_formatted(&[obj], true, &f, ctx.cluster.now(), Held::Typed),
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

/// Each `create service` type's own flags (create_service.go): `--tcp` for
/// all, `--clusterip` for clusterip, `--node-port` for nodeport,
/// `--external-name` for externalname; another type's flag is unknown.
fn service_flags(ty: &str) -> [Flag; 2] {
    let own = match ty {
        "ClusterIP" => flag("clusterip", None, Arg::Text),
        "NodePort" => flag("node-port", None, Arg::Int),
        "ExternalName" => flag("external-name", None, Arg::Text),
        _ => flag("tcp", None, Arg::Many),
    };
    [flag("tcp", None, Arg::Many), own]
}

#[inline(never)]
fn service(ctx: &mut Ctx, args: &[String]) -> Output {
    let (ty, label) = match args.first().map(String::as_str) {
        Some("clusterip") => ("ClusterIP", "clusterip"),
        Some("nodeport") => ("NodePort", "nodeport"),
        Some("loadbalancer") => ("LoadBalancer", "loadbalancer"),
        Some("externalname") => ("ExternalName", "externalname"),
        _ => return Output::ok(super::help::for_command(ctx.docs, "create service")),
    };
    let command = format!("create service {label}");
    let p = match super::parse(&args[1..], &with_common(&service_flags(ty)), &command) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create service"));
    }
    // create_service.go: cobra's required flag first, then the name's DNS check.
    let external = p.text("external-name");
    if ty == "ExternalName" {
        match external {
            None => return super::required_flag(ctx, "external-name"),
            Some(e) if !crate::cluster::validate::is_dns1123_subdomain(e) => {
                return Output::fail(format!("error: invalid service external name {e}\n"));
            }
            Some(_) => {}
        }
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
    spec.insert("selector".into(), json!({"app": name}));
    if let Some(ip) = p.text("clusterip") {
        spec.insert("clusterIP".into(), json!(ip));
    }
    spec.insert("type".into(), json!(ty));
    if let Some(ext) = external.filter(|_| ty == "ExternalName") {
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

/// The key/value pairs of `--from-file`, `--from-literal` and
/// `--from-env-file`, read in that order and checked as kubectl checks them
/// before it sends anything (configmap.go and secret.go: key names, a key
/// given twice, a directory read file by file).
fn data_sources(ctx: &Ctx, p: &Parsed, secret: bool, name: &str) -> Result<Vec<(String, String)>, Output> {
    let mut data: Vec<(String, String)> = Vec::new();
    let mut add = |key: String, value: String, env_file: bool| -> Result<(), Output> {
        let valid = if env_file {
            !key.starts_with(|c: char| c.is_ascii_digit()) && is_config_key(&key)
        } else {
            is_config_key(&key) && key != "." && key != ".." && !key.starts_with("..")
        };
        if !valid {
            return Err(Output::fail(match (env_file, secret) {
                (true, _) => format!("error: {} is not a valid key name: {ENV_NAME_RULE}\n", quoted(&key)),
                (false, false) => format!("error: {} is not a valid key name for a ConfigMap: {CONFIG_KEY_RULE}\n", quoted(&key)),
                (false, true) => format!("error: {} is not valid key name for a Secret {CONFIG_KEY_RULE}\n", quoted(&key)),
            }));
        }
        if data.iter().any(|(k, _)| *k == key) {
            return Err(Output::fail(if secret {
                format!("error: cannot add key {key}, another key by that name already exists\n")
            } else {
                format!("error: cannot add key {}, another key by that name already exists in Data for ConfigMap {}\n", quoted(&key), quoted(name))
            }));
        }
        data.push((key, value));
        Ok(())
    };
    let unreadable = |path: &str| Output::fail(format!("error: error reading {path}: no such file or directory\n"));
    for spec in p.many("from-file") {
        let (key, path) = match spec.split_once('=') {
            Some((k, p)) => (Some(k), p),
            None => (None, spec.as_str()),
        };
        if ctx.files.is_dir(path) {
            if key.is_some() {
                return Err(Output::fail("error: cannot give a key name for a directory path\n"));
            }
            // Its regular files, by name; directories in it are left out.
            for (file, is_dir) in ctx.files.list(path).map_err(|_| unreadable(path))? {
                if !is_dir {
                    let text = ctx.files.read(&format!("{}/{file}", path.trim_end_matches('/'))).unwrap_or_default();
                    add(file, text.to_string(), false)?;
                }
            }
            continue;
        }
        let text = ctx.files.read(path).map_err(|_| unreadable(path))?;
        let key = key.map_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string(), str::to_string);
        add(key, text.to_string(), false)?;
    }
    for lit in p.many("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(Output::fail(format!("error: invalid literal source {lit}, expected key=value\n")));
        };
        let v = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(v);
        add(k.to_string(), v.to_string(), false)?;
    }
    for path in p.many("from-env-file") {
        let text = ctx.files.read(&path).map_err(|_| unreadable(&path))?;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (k, v) = line.split_once('=').unwrap_or((line, ""));
            add(k.to_string(), v.to_string(), true)?;
        }
    }
    crate::sort::sort_by(&mut data, |a, b| a.0.cmp(&b.0));
    Ok(data)
}

const CONFIG_KEY_RULE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const ENV_NAME_RULE: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/// `[-._a-zA-Z0-9]+`, at most 253 characters.
fn is_config_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 253 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
}

/// Go's `%q` of ordinary text.
fn quoted(text: &str) -> String {
    Value::from(text).to_string()
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
    let data = data_sources(ctx, &p, command.starts_with("create secret"), &name)?;
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

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
fn configmap(ctx: &mut Ctx, args: &[String]) -> Output {
    let (p, name, data) = match data_command(ctx, args, "create configmap") {
        Ok(d) => d,
        Err(o) => return o,
    };
    let object = data_object("ConfigMap", &name, data, |v| v.to_string());
    submit(ctx, &p, Value::Object(object), |e| format!("error: failed to create configmap: {}\n", e.message))
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
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

const REGISTRY_FLAGS: &[Flag] = &[
    flag("docker-username", None, Arg::Text),
    flag("docker-password", None, Arg::Text),
    flag("docker-email", None, Arg::Text),
    flag("docker-server", None, Arg::Text),
    flag("from-file", None, Arg::Many),
    flag("append-hash", None, Arg::Bool),
];

/// `create secret docker-registry`: the `.dockerconfigjson` a pod's
/// `imagePullSecrets` hands to the runtime, from the flags (secret_for_docker_registry.go:
/// `{"auths":{SERVER:{"username","password","email","auth"}}}`, `auth` being
/// base64 of `user:password`) or from a file, which then wins.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
fn docker_registry(ctx: &mut Ctx, args: &[String]) -> Output {
    const COMMAND: &str = "create secret docker-registry";
    let p = match super::parse(args, &with_common(REGISTRY_FLAGS), COMMAND) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "create secret"));
    }
    let name = match one_name(&p, COMMAND) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let files = p.many("from-file");
    let config = if let Some(spec) = files.first() {
        let path = spec.split_once('=').map_or(spec.as_str(), |(_, path)| path);
        match ctx.files.read(path) {
            Ok(text) => text.to_string(),
            Err(_) => return Output::fail(format!("error: error reading {path}: no such file or directory\n")),
        }
    } else {
        let text = |flag: &str| p.text(flag).unwrap_or_default().to_string();
        let server = p.text("docker-server").map_or("https://index.docker.io/v1/".to_string(), str::to_string);
        let (user, password, email) = (text("docker-username"), text("docker-password"), text("docker-email"));
        if user.is_empty() || password.is_empty() || server.is_empty() {
            return Output::fail(
                "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n",
            );
        }
        let mut entry = Map::new();
        entry.insert("username".into(), json!(user));
        entry.insert("password".into(), json!(password));
        if !email.is_empty() {
            entry.insert("email".into(), json!(email));
        }
        entry.insert("auth".into(), json!(base64_encode(format!("{user}:{password}").as_bytes())));
        let mut auths = Map::new();
        auths.insert(server, Value::Object(entry));
        json!({ "auths": auths }).to_string()
    };
    let mut object = data_object("Secret", &name, vec![(".dockerconfigjson".into(), config)], |v| base64_encode(v.as_bytes()));
    object.insert("type".into(), json!("kubernetes.io/dockerconfigjson"));
    submit(ctx, &p, Value::Object(object), |e| format!("error: failed to create secret {}\n", e.message))
}

const TLS_FLAGS: &[Flag] = &[
    flag("cert", None, Arg::Text),
    flag("key", None, Arg::Text),
    flag("append-hash", None, Arg::Bool),
];

/// `create secret tls` (create_secret_tls.go): both files read, the pair
/// checked as Go's `tls.X509KeyPair` checks it (`cluster::tls`: the moduli of
/// an RSA pair, PEM block types otherwise), then a `kubernetes.io/tls`
/// secret with `tls.crt` and `tls.key`; `--append-hash` appends kubectl's
/// hash of the secret to its name.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
fn tls(ctx: &mut Ctx, args: &[String]) -> Output {
    const COMMAND: &str = "create secret tls";
    let p = match super::parse(args, &with_common(TLS_FLAGS), COMMAND) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, COMMAND));
    }
    let name = match one_name(&p, COMMAND) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let (cert, key) = (p.text("cert").unwrap_or_default(), p.text("key").unwrap_or_default());
    if cert.is_empty() || key.is_empty() {
        return Output::fail("error: key and cert must be specified\n");
    }
    let read = |path: &str| -> Result<String, Output> {
        if ctx.files.is_dir(path) {
            return Err(Output::fail(format!("error: Cannot read file {path}, read {path}: is a directory\n")));
        }
        ctx.files
            .read(path)
            .map(str::to_string)
            .map_err(|_| Output::fail(format!("error: Cannot read file {path}, open {path}: no such file or directory\n")))
    };
    let (cert_text, key_text) = match (read(cert), read(key)) {
        (Ok(c), Ok(k)) => (c, k),
        (Err(o), _) | (_, Err(o)) => return o,
    };
    if let Err(message) = crate::cluster::tls::x509_key_pair(&cert_text, &key_text) {
        return Output::fail(format!("error: {message}\n"));
    }
    let data = vec![("tls.crt".to_string(), cert_text), ("tls.key".to_string(), key_text)];
    let name = if p.bool("append-hash") { format!("{name}-{}", secret_hash(&name, "kubernetes.io/tls", &data)) } else { name };
    let mut object = data_object("Secret", &name, data, |v| base64_encode(v.as_bytes()));
    object.insert("type".into(), json!("kubernetes.io/tls"));
    submit(ctx, &p, Value::Object(object), |e| format!("error: failed to create secret {}\n", e.message))
}

/// kubectl's `hash.SecretHash`: SHA-256 of the JSON of data, kind, name and
/// type (keys sorted, as Go's json.Marshal writes a map), its first ten hex
/// digits with 0, 1, 3, a and e changed to g, h, k, m and t.
fn secret_hash(name: &str, type_: &str, data: &[(String, String)]) -> String {
    use sha2::Digest;
    let mut sorted: Vec<&(String, String)> = data.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
    let entries: Vec<String> =
        sorted.iter().map(|(k, v)| format!("{}:{}", quoted(k), quoted(&base64_encode(v.as_bytes())))).collect();
    let encoded = format!("{{\"data\":{{{}}},\"kind\":\"Secret\",\"name\":{},\"type\":{}}}", entries.join(","), quoted(name), quoted(type_));
    let digest = sha2::Sha256::digest(encoded.as_bytes());
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(10)
        .map(|n| match n {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            10 => 'm',
            14 => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('0'),
        })
        .collect()
}
