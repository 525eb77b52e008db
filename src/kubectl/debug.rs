//! `kubectl debug` as kubectl 1.32 runs it (pkg/cmd/debug/debug.go and
//! profiles.go at release-1.32): an ephemeral container added to a running
//! pod through its `ephemeralcontainers` subresource, a copy of a pod with a
//! container added or changed (`--copy-to`), or a pod on a node's host
//! namespaces with the node's `/` at `/host` (`node/NAME`); then, with `-i`,
//! attached as `kubectl attach` is. The page's lazy part (scripts/lazy.txt).

use serde_json::{Map, Value, json};

use crate::cluster::codec::{Decode, Encode};
use crate::cluster::objects::pod::{Container, Pod};
use crate::cluster::{Kind, Object};

use super::flags::{Arg, Flag, Parsed, flag};
use super::logs::Attach;
use super::output::Output;
use super::{Ctx, Run};

pub(crate) const DEBUG_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Arg::Many),
    flag("arguments-only", None, Arg::Bool),
    flag("attach", None, Arg::Bool),
    flag("container", Some('c'), Arg::Text),
    flag("copy-to", None, Arg::Text),
    flag("replace", None, Arg::Bool),
    flag("env", None, Arg::Many),
    flag("image", None, Arg::Text),
    flag("keep-labels", None, Arg::Bool),
    flag("keep-annotations", None, Arg::Bool),
    flag("keep-liveness", None, Arg::Bool),
    flag("keep-readiness", None, Arg::Bool),
    flag("keep-startup", None, Arg::Bool),
    flag("keep-init-containers", None, Arg::Bool),
    flag("set-image", None, Arg::Many),
    flag("image-pull-policy", None, Arg::Text),
    flag("stdin", Some('i'), Arg::Bool),
    flag("quiet", Some('q'), Arg::Bool),
    flag("same-node", None, Arg::Bool),
    flag("share-processes", None, Arg::Bool),
    flag("target", None, Arg::Text),
    flag("tty", Some('t'), Arg::Bool),
    flag("profile", None, Arg::Text),
    flag("custom", None, Arg::Text),
];

const PROFILES: [&str; 6] = ["legacy", "general", "baseline", "restricted", "netadmin", "sysadmin"];

/// How the profile is applied: to an ephemeral container, a pod's copy, a node's pod.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Ephemeral,
    Copy,
    Node,
}

/// What the command line asks, once read and checked (DebugOptions).
struct Options {
    targets: Vec<String>,
    args: Vec<String>,
    args_only: bool,
    attach: bool,
    container: String,
    copy_to: String,
    replace: bool,
    env: Vec<(String, String)>,
    image: String,
    pull_policy: String,
    interactive: bool,
    tty: bool,
    quiet: bool,
    same_node: bool,
    set_images: Vec<(String, String)>,
    share_processes: Option<bool>,
    target_container: String,
    profile: String,
    custom: Option<Map<String, Value>>,
    keep: Keep,
}

#[derive(Clone, Copy)]
struct Keep {
    labels: bool,
    annotations: bool,
    liveness: bool,
    readiness: bool,
    startup: bool,
    init_containers: bool,
}

/// `kubectl debug (POD | TYPE/NAME) [ -- COMMAND [args...] ]`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn debug(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, DEBUG_FLAGS, "debug") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let mut out = Output::new();
    let o = match options(ctx, &p, &mut out) {
        Ok(o) => o,
        Err(e) => {
            out.extend(e);
            return out.into();
        }
    };
    let ns = super::namespace(ctx, &p);
    for target in o.targets.clone() {
        let (kind, name) = match target.split_once('/') {
            None => (Kind::Pod, target.clone()),
            Some((ty, name)) => match super::resources::resolve(ty) {
                Some(kind) => (kind, name.to_string()),
                None => return fail(out, super::unknown_type(ty)),
            },
        };
        let object = match ctx.cluster.get(kind, &ns, &name) {
            Ok(obj) => obj,
            Err(e) => return fail(out, super::api_failure(&e)),
        };
        let visited = match object {
            Object::Pod(pod) if o.copy_to.is_empty() => ephemeral(ctx, &o, &pod, &mut out),
            Object::Pod(pod) => copy(ctx, &o, &pod, &mut out),
            Object::Node(node) => node_pod(ctx, &o, &ns, &node.metadata.name, &mut out),
            _ => {
                // schema.GroupVersionKind's String(): `apps/v1, Kind=Deployment`, `/v1, Kind=Service`.
                let gv = kind.api_version();
                let gv = if gv.contains('/') { gv.to_string() } else { format!("/{gv}") };
                Err(Output::fail(format!("error: \"{gv}, Kind={}\" not supported by debug\n", kind.name())))
            }
        };
        let (pod_ns, pod, container) = match visited {
            Ok(v) => v,
            Err(e) => return fail(out, e),
        };
        if o.attach && !container.is_empty() {
            return attach(ctx, &o, &pod_ns, &pod, &container, out);
        }
    }
    out.into()
}

fn fail(mut out: Output, e: Output) -> Run {
    out.extend(e);
    out.into()
}

/// Complete and Validate, in their order: the first error wins; the
/// `Targeting container` line and the legacy profile's warning as they print.
fn options(ctx: &Ctx, p: &Parsed, out: &mut Output) -> Result<Options, Output> {
    let usage = |message: String| Output::fail(format!("error: {message}\n"));
    let env = string_to_string(p, "env")?;
    let set_images = string_to_string(p, "set-image")?;
    let after = p.after_dash.clone().unwrap_or_default();
    let targets = p.args[..p.args.len() - after.len()].to_vec();
    let interactive = p.bool("stdin");
    let attach = if p.has("attach") { p.bool("attach") } else { interactive };
    let profile = p.text_or("profile", "legacy").to_string();
    if !PROFILES.contains(&profile.as_str()) {
        return Err(usage(format!("unknown profile: {profile}")));
    }
    let custom = match p.text("custom").filter(|f| !f.is_empty()) {
        None => None,
        Some(file) => Some(custom_profile(ctx, file)?),
    };
    let o = Options {
        targets,
        args: after,
        args_only: p.bool("arguments-only"),
        attach,
        container: p.text_or("container", "").to_string(),
        copy_to: p.text_or("copy-to", "").to_string(),
        replace: p.bool("replace"),
        env,
        image: p.text_or("image", "").to_string(),
        pull_policy: p.text_or("image-pull-policy", "").to_string(),
        interactive,
        tty: p.bool("tty"),
        quiet: p.bool("quiet"),
        same_node: p.bool("same-node"),
        set_images,
        share_processes: p.has("share-processes").then(|| p.bool("share-processes")),
        target_container: p.text_or("target", "").to_string(),
        profile,
        custom,
        keep: Keep {
            labels: p.bool("keep-labels"),
            annotations: p.bool("keep-annotations"),
            liveness: p.bool("keep-liveness"),
            readiness: p.bool("keep-readiness"),
            startup: p.bool("keep-startup"),
            init_containers: !p.has("keep-init-containers") || p.bool("keep-init-containers"),
        },
    };
    if o.attach && p.has("attach") && o.image.is_empty() && o.container.is_empty() {
        return Err(usage("you must specify --container or create a new container using --image in order to attach.".into()));
    }
    if !o.copy_to.is_empty() {
        if o.image.is_empty() && o.set_images.is_empty() && o.args.is_empty() {
            return Err(usage("you must specify --image, --set-image or command arguments.".into()));
        }
        if !o.args.is_empty() && o.container.is_empty() && o.image.is_empty() {
            return Err(usage("you must specify an existing container or a new image when specifying args.".into()));
        }
    } else if o.replace {
        return Err(usage("--replace may only be used with --copy-to.".into()));
    } else if o.same_node {
        return Err(usage("--same-node may only be used with --copy-to.".into()));
    } else if !o.set_images.is_empty() {
        return Err(usage("--set-image may only be used with --copy-to.".into()));
    } else if o.image.is_empty() {
        return Err(usage("you must specify --image when not using --copy-to.".into()));
    }
    if !o.image.is_empty() && !is_reference(&o.image) {
        return Err(usage(format!("invalid image name {}: invalid reference format", quote(&o.image))));
    }
    if o.targets.is_empty() && p.many("filename").is_empty() {
        return Err(usage("NAME or filename is required for debug".into()));
    }
    if !matches!(o.pull_policy.as_str(), "Always" | "IfNotPresent" | "Never" | "") {
        return Err(usage(format!("invalid image pull policy: {}", o.pull_policy)));
    }
    // A Go map: kubectl checks them in no set order; here, the first given.
    for (name, image) in &o.set_images {
        if !is_reference(image) {
            return Err(usage(format!(
                "invalid image name {} for container {}: invalid reference format",
                quote(image),
                quote(name)
            )));
        }
    }
    if !o.target_container.is_empty() {
        if !o.copy_to.is_empty() {
            return Err(usage("--target is incompatible with --copy-to. Use --share-processes instead.".into()));
        }
        if !o.quiet {
            out.out(format!(
                "Targeting container {}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n",
                quote(&o.target_container)
            ));
        }
    }
    if o.tty && !o.interactive {
        return Err(usage("-i/--stdin is required for containers with -t/--tty=true".into()));
    }
    if let Some(c) = &o.custom {
        let set = |k: &str| c.get(k).is_some_and(|v| !v.is_null() && v != "" && v.as_array().is_none_or(|a| !a.is_empty()));
        if ["name", "command", "image", "lifecycle", "volumeDevices"].iter().any(|k| set(k)) {
            return Err(usage("name, command, image, lifecycle and volume devices are not modifiable via custom profile".into()));
        }
    }
    if !p.many("filename").is_empty() && o.targets.is_empty() {
        return Err(Output::fail(
            "error: « kubectl debug -f » n’est pas simulé par l’atelier : nommez le pod (kubectl debug POD …).\n",
        ));
    }
    if o.profile == "legacy" {
        out.err(
            "--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example \"--profile=general\".\n",
        );
    }
    Ok(o)
}

/// pflag's `StringToString` (`--env`, `--set-image`): `k=v`, or several
/// pairs split at commas when more than one `=` is given.
fn string_to_string(p: &Parsed, name: &str) -> Result<Vec<(String, String)>, Output> {
    let bad = |val: &str, pair: &str| {
        Output::fail(format!(
            "Error: invalid argument {} for \"--{name}\" flag: {pair} must be formatted as key=value\nSee 'kubectl debug --help' for usage.\n",
            quote(val)
        ))
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for val in p.many(name) {
        let items: Vec<String> = match val.matches('=').count() {
            0 => return Err(bad(&val, &val)),
            1 => vec![val.trim_matches('"').to_string()],
            _ => val.split(',').map(str::to_string).collect(),
        };
        for item in items {
            let Some((k, v)) = item.split_once('=') else { return Err(bad(&val, &item)) };
            match pairs.iter_mut().find(|(name, _)| name == k) {
                Some(slot) => slot.1 = v.to_string(),
                None => pairs.push((k.to_string(), v.to_string())),
            }
        }
    }
    Ok(pairs)
}

/// `--custom FILE`: a partial container spec in JSON or YAML.
fn custom_profile(ctx: &Ctx, file: &str) -> Result<Map<String, Value>, Output> {
    let text = ctx.files.read(file).map_err(|_| {
        Output::fail(format!(
            "error: must pass a container spec json file for custom profile: open {file}: no such file or directory\n"
        ))
    })?;
    let invalid = |why: String| Output::fail(format!("error: {file} does not contain a valid container spec: {why}\n"));
    let parsed = match serde_json::from_str::<Value>(text) {
        Ok(v) => v,
        Err(_) => match super::yaml::parse_documents(text) {
            Ok(docs) => docs.into_iter().next().unwrap_or(Value::Null),
            Err(e) => return Err(invalid(format!("error converting YAML to JSON: {}", e.0))),
        },
    };
    match parsed {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(invalid("error unmarshaling JSON: json: cannot unmarshal into Go value of type v1.Container".into())),
    }
}

/// Go's `%q` for ordinary text.
fn quote(s: &str) -> String {
    Value::from(s).to_string()
}

/// distribution/reference's `ReferenceRegexp`: `[domain[:port]/]path[:tag][@digest]`.
fn is_reference(image: &str) -> bool {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let Some((algorithm, hex)) = d.split_once(':') else { return false };
        let algorithm_ok = algorithm.starts_with(|c: char| c.is_ascii_alphabetic())
            && algorithm.chars().all(|c| c.is_ascii_alphanumeric() || "-_+.".contains(c));
        if !algorithm_ok || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let ok = t.len() <= 128
            && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return false;
        }
    }
    let parts: Vec<&str> = name.split('/').collect();
    let path_component = |s: &str| {
        // alphanumerics joined by `.`, `_`, `__` or dashes
        let b = s.as_bytes();
        if b.is_empty() || !b[0].is_ascii_lowercase() && !b[0].is_ascii_digit() {
            return false;
        }
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_lowercase() || b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            if b[i] == b'-' {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            } else if b[i] == b'_' && b.get(i + 1) == Some(&b'_') {
                i += 2;
            } else if b[i] == b'.' || b[i] == b'_' {
                i += 1;
            } else {
                return false;
            }
            if i == start || i >= b.len() || !(b[i].is_ascii_lowercase() || b[i].is_ascii_digit()) {
                return false;
            }
        }
        true
    };
    let domain = |s: &str| {
        let (host, port) = match s.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        };
        port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            && host.split('.').all(|c| {
                !c.is_empty()
                    && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
                    && !c.starts_with('-')
                    && !c.ends_with('-')
            })
    };
    match parts.split_first() {
        Some((first, rest)) => {
            (path_component(first) || (!rest.is_empty() && domain(first))) && rest.iter().all(|c| path_component(c))
        }
        None => false,
    }
}

/// `debugger-xxxxx`, unused by the pod's containers (computeDebugContainerName),
/// with kubectl's notice.
fn debug_container_name(ctx: &mut Ctx, o: &Options, spec: &Value, out: &mut Output) -> String {
    if !o.container.is_empty() {
        return o.container.clone();
    }
    let taken = |name: &str| {
        ["containers", "initContainers", "ephemeralContainers"].iter().any(|list| {
            spec.get(list)
                .and_then(Value::as_array)
                .is_some_and(|l| l.iter().any(|c| c.get("name").and_then(Value::as_str) == Some(name)))
        })
    };
    let mut name = String::new();
    while name.is_empty() || taken(&name) {
        name = format!("debugger-{}", ctx.cluster.random_suffix(5));
    }
    if !o.quiet {
        out.out(format!("Defaulting debug container name to {name}.\n"));
    }
    name
}

/// The container kubectl builds for `--image` (EphemeralContainerCommon or the node pod's).
fn new_container(o: &Options, name: &str) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("name".into(), json!(name));
    if !o.env.is_empty() {
        c.insert("env".into(), env(o));
    }
    c.insert("image".into(), json!(o.image));
    if !o.pull_policy.is_empty() {
        c.insert("imagePullPolicy".into(), json!(o.pull_policy));
    }
    if o.interactive {
        c.insert("stdin".into(), json!(true));
    }
    c.insert("terminationMessagePolicy".into(), json!("File"));
    if o.tty {
        c.insert("tty".into(), json!(true));
    }
    if !o.args.is_empty() {
        c.insert(if o.args_only { "args" } else { "command" }.into(), json!(o.args));
    }
    c
}

fn env(o: &Options) -> Value {
    Value::Array(o.env.iter().map(|(k, v)| json!({"name": k, "value": v})).collect())
}

/// The profile's changes to the debug container (profiles.go).
fn profile_container(o: &Options, style: Style, c: &mut Map<String, Value>) {
    let sc = |c: &mut Map<String, Value>| -> Map<String, Value> {
        match c.remove("securityContext") {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        }
    };
    let add_caps = |c: &mut Map<String, Value>, caps: &[&str]| {
        let mut s = sc(c);
        let capabilities = s.entry("capabilities").or_insert_with(|| json!({}));
        if let Value::Object(m) = capabilities {
            let add = m.entry("add").or_insert_with(|| json!([]));
            if let Value::Array(list) = add {
                list.extend(caps.iter().map(|x| json!(x)));
            }
        }
        c.insert("securityContext".into(), Value::Object(s));
    };
    match o.profile.as_str() {
        "general" if style != Style::Node => add_caps(c, &["SYS_PTRACE"]),
        "general" | "baseline" => {
            c.remove("securityContext");
        }
        "restricted" => {
            c.insert(
                "securityContext".into(),
                json!({
                    "allowPrivilegeEscalation": false,
                    "capabilities": {"drop": ["ALL"]},
                    "runAsNonRoot": true,
                    "seccompProfile": {"type": "RuntimeDefault"}
                }),
            );
        }
        "netadmin" => add_caps(c, &["NET_ADMIN", "NET_RAW"]),
        "sysadmin" => {
            let mut s = sc(c);
            s.insert("privileged".into(), json!(true));
            c.insert("securityContext".into(), Value::Object(s));
        }
        _ => {}
    }
    if let Some(custom) = &o.custom {
        merge_custom(c, custom);
    }
}

/// `--custom`: a strategic merge of the partial spec into the container
/// (lists of named entries, `env` and `volumeMounts`, merged by name).
fn merge_custom(c: &mut Map<String, Value>, custom: &Map<String, Value>) {
    for (k, v) in custom {
        match (c.get_mut(k), v) {
            (Some(Value::Object(mine)), Value::Object(theirs)) => {
                let mut merged = mine.clone();
                merge_custom(&mut merged, theirs);
                *mine = merged;
            }
            (Some(Value::Array(mine)), Value::Array(theirs)) if matches!(k.as_str(), "env" | "volumeMounts") => {
                let key = if k == "env" { "name" } else { "mountPath" };
                for t in theirs {
                    match mine.iter_mut().find(|m| m.get(key).is_some() && m.get(key) == t.get(key)) {
                        Some(slot) => *slot = t.clone(),
                        None => mine.push(t.clone()),
                    }
                }
            }
            _ => {
                c.insert(k.clone(), v.clone());
            }
        }
    }
}

/// debugByEphemeralContainer: the container added through the pod's
/// `ephemeralcontainers` subresource.
fn ephemeral(ctx: &mut Ctx, o: &Options, pod: &Pod, out: &mut Output) -> Result<(String, String, String), Output> {
    let spec = pod.spec.encode();
    let name = debug_container_name(ctx, o, &spec, out);
    let mut c = new_container(o, &name);
    if !o.target_container.is_empty() {
        c.insert("targetContainerName".into(), json!(o.target_container));
    }
    profile_container(o, Style::Ephemeral, &mut c);
    let container = Container::decode(Value::Object(c))
        .map_err(|_| Output::fail("error: error creating JSON for debug container\n"))?;
    let ns = pod.metadata.namespace.clone();
    ctx.cluster
        .add_ephemeral_container(&ns, &pod.metadata.name, container)
        .map_err(|e| super::api_failure(&e))?;
    Ok((ns, pod.metadata.name.clone(), name))
}

/// debugByCopy: generatePodCopyWithDebugContainer, then the copy created
/// (and the original deleted at once with `--replace`).
fn copy(ctx: &mut Ctx, o: &Options, pod: &Pod, out: &mut Output) -> Result<(String, String, String), Output> {
    let Value::Object(mut spec) = pod.spec.encode() else { return Err(Output::fail("error: no spec\n")) };
    spec.remove("ephemeralContainers");
    if let Some(share) = o.share_processes {
        spec.insert("shareProcessNamespace".into(), json!(share));
    }
    if !o.same_node {
        spec.remove("nodeName");
    }
    let star = o.set_images.iter().find(|(n, _)| n == "*").map(|(_, i)| i.clone());
    if let Some(Value::Array(list)) = spec.get_mut("containers") {
        for c in list.iter_mut() {
            let own = c.get("name").and_then(Value::as_str).and_then(|n| o.set_images.iter().find(|(k, _)| k == n));
            if let Some(image) = own.map(|(_, i)| i.clone()).or_else(|| star.clone()).filter(|i| !i.is_empty()) {
                c["image"] = json!(image);
            }
        }
    }
    let spec_value = Value::Object(spec.clone());
    let find = |spec: &Map<String, Value>, name: &str| -> Option<(&'static str, usize)> {
        ["containers", "initContainers"].into_iter().find_map(|list| {
            spec.get(list)?
                .as_array()?
                .iter()
                .position(|c| c.get("name").and_then(Value::as_str) == Some(name))
                .map(|i| (list, i))
        })
    };
    let mut name = o.container.clone();
    let slot = match find(&spec, &name) {
        Some(slot) => slot,
        None => {
            if o.image.is_empty() {
                if !o.set_images.is_empty() {
                    let created = create_copy(ctx, o, pod, spec)?;
                    return Ok((created.0, created.1, String::new()));
                }
                return Err(Output::fail("error: you must specify image when creating new container\n"));
            }
            if name.is_empty() {
                name = debug_container_name(ctx, o, &spec_value, out);
            }
            let list = spec.entry("containers").or_insert_with(|| json!([]));
            let Value::Array(list) = list else { return Err(Output::fail("error: no containers\n")) };
            list.push(json!({"name": name, "terminationMessagePolicy": "File"}));
            ("containers", list.len() - 1)
        }
    };
    let Some(Value::Object(c)) = spec.get_mut(slot.0).and_then(|l| l.get_mut(slot.1)) else {
        return Err(Output::fail("error: no container\n"));
    };
    if !o.args.is_empty() {
        if o.args_only {
            c.insert("args".into(), json!(o.args));
        } else {
            c.insert("command".into(), json!(o.args));
            c.remove("args");
        }
    }
    if !o.env.is_empty() {
        c.insert("env".into(), env(o));
    }
    if !o.image.is_empty() {
        c.insert("image".into(), json!(o.image));
    }
    if !o.pull_policy.is_empty() {
        c.insert("imagePullPolicy".into(), json!(o.pull_policy));
    }
    for (key, on) in [("stdin", o.interactive), ("tty", o.tty)] {
        if on {
            c.insert(key.into(), json!(true));
        } else {
            c.remove(key);
        }
    }
    profile_container(o, Style::Copy, c);
    let created = create_copy(ctx, o, pod, spec)?;
    Ok((created.0, created.1, name))
}

/// The copy's metadata and the profile's pod-wide changes, then the create.
fn create_copy(ctx: &mut Ctx, o: &Options, pod: &Pod, mut spec: Map<String, Value>) -> Result<(String, String), Output> {
    let legacy = o.profile == "legacy";
    let mut meta = Map::new();
    meta.insert("name".into(), json!(o.copy_to));
    meta.insert("namespace".into(), json!(pod.metadata.namespace));
    // legacy drops the labels whatever --keep-labels says, and keeps the rest.
    if o.keep.labels && !legacy && !pod.metadata.labels.is_empty() {
        meta.insert("labels".into(), json!(*pod.metadata.labels));
    }
    if (o.keep.annotations || legacy) && !pod.metadata.annotations.is_empty() {
        meta.insert("annotations".into(), json!(*pod.metadata.annotations));
    }
    if !legacy {
        if let Some(Value::Array(list)) = spec.get_mut("containers") {
            for c in list.iter_mut().filter_map(Value::as_object_mut) {
                for (probe, keep) in
                    [("livenessProbe", o.keep.liveness), ("readinessProbe", o.keep.readiness), ("startupProbe", o.keep.startup)]
                {
                    if !keep {
                        c.remove(probe);
                    }
                }
            }
        }
        if !o.keep.init_containers {
            spec.remove("initContainers");
        }
        spec.entry("shareProcessNamespace").or_insert(json!(true));
    }
    let manifest = json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec});
    let ns = pod.metadata.namespace.clone();
    ctx.cluster.create(&manifest, &ns).map_err(|e| super::api_failure(&e))?;
    if o.replace {
        let now = crate::cluster::api::DeleteOptions { grace_period_seconds: Some(0), orphan: false };
        ctx.cluster.delete(Kind::Pod, &ns, &pod.metadata.name, now).map_err(|e| super::api_failure(&e))?;
    }
    Ok((ns, o.copy_to.clone()))
}

/// visitNode: `node-debugger-NODE-xxxxx` on the node, tolerating every taint,
/// with the profile's host namespaces and `/host`.
fn node_pod(ctx: &mut Ctx, o: &Options, ns: &str, node: &str, out: &mut Output) -> Result<(String, String, String), Output> {
    let cn = if o.container.is_empty() { "debugger".to_string() } else { o.container.clone() };
    let name = format!("node-debugger-{node}-{}", ctx.cluster.random_suffix(5));
    if !o.quiet {
        out.out(format!("Creating debugging pod {name} with container {cn} on node {node}.\n"));
    }
    let mut c = new_container(o, &cn);
    profile_container(o, Style::Node, &mut c);
    let mut spec = Map::new();
    let (root, host) = match o.profile.as_str() {
        "legacy" | "general" | "sysadmin" => (true, true),
        "netadmin" => (false, true),
        _ => (false, false),
    };
    if root {
        c.insert("volumeMounts".into(), json!([{"mountPath": "/host", "name": "host-root"}]));
        spec.insert("volumes".into(), json!([{"name": "host-root", "hostPath": {"path": "/"}}]));
    }
    spec.insert("containers".into(), json!([c]));
    spec.insert("nodeName".into(), json!(node));
    spec.insert("restartPolicy".into(), json!("Never"));
    spec.insert("tolerations".into(), json!([{"operator": "Exists"}]));
    if host {
        for key in ["hostNetwork", "hostPID", "hostIPC"] {
            spec.insert(key.into(), json!(true));
        }
    }
    let manifest = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec});
    ctx.cluster.create(&manifest, ns).map_err(|e| super::api_failure(&e))?;
    Ok((ns.to_string(), name, cn))
}

/// handleAttachPod: wait for the container to run or end (its waiting
/// messages printed as warnings), then attach as `kubectl attach` does, or
/// print its log if it already ended.
fn attach(ctx: &mut Ctx, o: &Options, ns: &str, pod: &str, container: &str, mut out: Output) -> Run {
    let status_of = |p: &Pod| {
        let all = p.status.init_container_statuses.iter().chain(&p.status.container_statuses);
        all.chain(&p.status.ephemeral_container_statuses).find(|s| s.name == container).cloned()
    };
    let mut warned = String::new();
    let mut ready = None;
    // kubectl waits without a timeout; ten minutes of the cluster's clock here.
    for _ in 0..1200 {
        let Some(p) = ctx.cluster.store().get::<Pod>(ns, pod).cloned() else {
            out.err(format!("Error from server (NotFound): pods \"{pod}\" not found\n"));
            out.code = 1;
            return out.into();
        };
        if let Some(s) = status_of(&p) {
            if s.state.running.is_some() || s.state.terminated.is_some() {
                ready = Some((p, s));
                break;
            }
            if let Some(w) = s.state.waiting.as_ref().filter(|w| !w.message.is_empty() && !o.quiet)
                && w.message != warned
            {
                warned = w.message.clone();
                out.err(format!("Warning: container {container}: {}\n", w.message));
            }
        }
        ctx.cluster.advance(0.5);
    }
    let Some((p, status)) = ready else {
        out.note("(kubectl attendrait encore le conteneur, sans fin, jusqu’à Ctrl+C ; l’atelier s’arrête après dix minutes.)\n");
        out.code = 1;
        return out.into();
    };
    if status.state.terminated.is_some() {
        if let Ok(lines) = ctx.cluster.container_logs(ns, pod, container, false) {
            for l in lines {
                out.out(format!("{}\n", l.text));
            }
        }
        return out.into();
    }
    if !o.quiet && o.interactive {
        out.err("If you don't see a command prompt, try pressing enter.\n");
    }
    let all = p.spec.init_containers.iter().chain(&p.spec.containers).chain(&p.spec.ephemeral_containers);
    let Some(spec) = all.into_iter().find(|c| c.name == container).cloned() else { return out.into() };
    let stdin = spec.extra.get("stdin").and_then(Value::as_bool).unwrap_or(false);
    let program = spec.command.first().or(spec.args.first()).map(String::as_str);
    let shell = match program {
        Some(s) => super::logs::SHELLS.contains(&s.rsplit('/').next().unwrap_or(s)) || s.ends_with("sh"),
        None => crate::cluster::images::resolve(&spec.image).is_ok_and(|(image, _)| {
            image.has_shell && image.default_process != crate::cluster::images::Process::Serves
        }),
    };
    if o.interactive && stdin && shell {
        let attach = Attach::new(ns.to_string(), pod, container.to_string(), true).running(program, &spec.image);
        return Run::Attach(out, attach);
    }
    // Not a shell: what it prints from now on, as `kubectl attach` streams it.
    let printed = ctx.cluster.container_logs(ns, pod, container, false).map_or(0, |l| l.len());
    let stream = super::watch::LogStream::new(ns, pod, container.to_string(), printed, String::new());
    Run::Streaming(out, super::Job::Logs(super::watch::LogsFollow { streams: vec![stream] }))
}
