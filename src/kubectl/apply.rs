//! Manifests from files: reading `-f` (files, directories, `-`), and
//! `apply`, `create -f`, `replace -f`.

use serde_json::{Map, Value};

use crate::cluster::{ApiError, Cluster, Kind, Object};

use super::docs::{self, Book};
use super::flags::{Arg, Flag, Parsed, flag};
use super::gotemplate::Held;
use super::output::Output;
use super::printers::{self, Format};
use super::resources::qualified;
use super::{Ctx, yaml};

/// One document of a manifest file.
#[derive(Clone, Debug)]
pub struct Doc {
    pub value: Value,
    /// The path as given (`redis.yaml`), or `STDIN`.
    pub source: String,
}

impl Doc {
    pub fn name(&self) -> String {
        self.value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default().to_string()
    }
    fn namespace(&self) -> Option<String> {
        self.value.pointer("/metadata/namespace").and_then(Value::as_str).map(String::from)
    }
}

const EXTENSIONS: [&str; 3] = [".json", ".yaml", ".yml"];

/// Reads every document the `-f` arguments name. Unreadable paths stop the
/// command; a document that cannot be parsed or mapped is reported and the
/// others go on (the second list holds those errors, in order).
pub fn read_files(ctx: &Ctx, paths: &[String], recursive: bool) -> Result<(Vec<Doc>, Vec<String>), Output> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    // `-f` is a pflag string slice: `-f a.yaml,b.yaml` names two files.
    let paths: Vec<String> = paths.iter().flat_map(|p| p.split(',')).filter(|p| !p.is_empty()).map(String::from).collect();
    for path in &paths {
        let path = path.as_str();
        if path == "-" {
            let text = ctx.stdin.unwrap_or("");
            parse_into(text, "STDIN", &mut docs, &mut errors);
            continue;
        }
        // kubectl fetches what starts with these (case-sensitive, as the Builder checks).
        if path.starts_with("http://") || path.starts_with("https://") {
            let section = example_section(path);
            let text = match &section {
                Some(name) => {
                    let Some(book) = ctx.docs.get(Book::Examples) else {
                        return Err(Output::fail(format!("error: {}", docs::missing(Book::Examples))));
                    };
                    docs::section(book, name)
                }
                None => None,
            };
            let Some(text) = text else { return Err(unreachable(path, section.is_some())) };
            // The URL names the source in kubectl's messages (the StreamVisitor's `u.String()`).
            parse_into(text, path, &mut docs, &mut errors);
            continue;
        }
        if ctx.files.is_dir(path) {
            let mut found = Vec::new();
            collect_dir(ctx, path, recursive, &mut found);
            if found.is_empty() {
                return Err(Output::fail(format!(
                    "error: error reading [{path}]: recognized file extensions are [.json .yaml .yml]\n"
                )));
            }
            for f in found {
                let text = ctx.files.read(&f).unwrap_or_default().to_string();
                parse_into(&text, &f, &mut docs, &mut errors);
            }
            continue;
        }
        match ctx.files.read(path) {
            Ok(text) => {
                let text = text.to_string();
                parse_into(&text, path, &mut docs, &mut errors);
            }
            Err(_) => return Err(Output::fail(format!("error: the path \"{path}\" does not exist\n"))),
        }
    }
    Ok((docs, errors))
}

/// The examples book's section a URL names: kubernetes.io's examples at their
/// short, site and GitHub addresses, and kubernetes/examples's files.
pub fn example_section(url: &str) -> Option<String> {
    const SITES: [(&str, &str); 7] = [
        ("k8s.io/examples/", ""),
        ("kubernetes.io/examples/", ""),
        ("www.kubernetes.io/examples/", ""),
        ("raw.githubusercontent.com/kubernetes/website/main/content/en/examples/", ""),
        ("raw.githubusercontent.com/kubernetes/website/master/content/en/examples/", ""),
        ("raw.githubusercontent.com/kubernetes/examples/master/", "github.com/kubernetes/examples/"),
        ("raw.githubusercontent.com/kubernetes/examples/main/", "github.com/kubernetes/examples/"),
    ];
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    SITES.iter().find_map(|(site, book)| {
        rest.strip_prefix(site).filter(|path| !path.is_empty()).map(|path| format!("{book}{path}"))
    })
}

/// What kubectl prints when it cannot fetch a URL: with no Internet access the
/// host's name does not resolve, and `readHttpWithRetries` gives up with Go's
/// `http.Get` error (a static kubectl's resolver names the server it asked,
/// systemd-resolved's stub on a usual Linux host); an address is not looked up.
fn unreachable(url: &str, example: bool) -> Output {
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let default_port = if url.starts_with("https") { "443" } else { "80" };
    // A port is digits after the last colon (an IPv6 address's end in brackets is not).
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => (h, p),
        _ => (host_port, default_port),
    };
    let address = host.starts_with('[') || (!host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let cause = if host == "localhost" || host.starts_with("127.") || host == "[::1]" {
        let ip = if host == "localhost" { "127.0.0.1" } else { host };
        format!("dial tcp {ip}:{port}: connect: connection refused")
    } else if address {
        format!("dial tcp {host}:{port}: connect: network is unreachable")
    } else {
        format!("dial tcp: lookup {host} on 127.0.0.53:53: no such host")
    };
    let mut o = Output::fail(format!("error: Get {}: {cause}\n", Value::from(url)));
    o.note(if example {
        "(Le simulateur n’a pas accès à Internet\u{a0}: il connaît les exemples de kubernetes.io que les tutoriels appliquent, mais pas celui-ci. Copiez le manifeste dans un fichier.)\n"
    } else {
        "(Le simulateur n’a pas accès à Internet\u{a0}: copiez le manifeste dans un fichier.)\n"
    });
    o
}

fn collect_dir(ctx: &Ctx, dir: &str, recursive: bool, out: &mut Vec<String>) {
    let Ok(entries) = ctx.files.list(dir) else { return };
    let base = dir.trim_end_matches('/');
    for (name, is_dir) in entries {
        let path = format!("{base}/{name}");
        if is_dir {
            if recursive {
                collect_dir(ctx, &path, true, out);
            }
        } else if EXTENSIONS.iter().any(|e| name.ends_with(e)) {
            out.push(path);
        }
    }
}

/// The documents of one file, up to a YAML error (kubectl's stream decoder
/// hands over the documents before it, then reports it).
fn parse_into(text: &str, source: &str, docs: &mut Vec<Doc>, errors: &mut Vec<String>) {
    let (values, error) = yaml::parse_stream(text);
    for value in values {
        match check_type(&value, source) {
            Ok(()) => docs.push(Doc { value, source: source.to_string() }),
            Err(e) => errors.push(e),
        }
    }
    if let Some(e) = error {
        // The reader's own error (a bad `---` line) comes before any conversion.
        let step = if e.0.starts_with("invalid Yaml") { "" } else { "error converting YAML to JSON: " };
        errors.push(format!("error: error parsing {source}: {step}{}\n", e.0));
    }
}

/// kubectl's client-side checks before a document reaches the server.
fn check_type(value: &Value, source: &str) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "error: error validating \"{source}\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n"
        ));
    };
    let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    let missing: Vec<&str> = [("apiVersion not set", api_version), ("kind not set", kind)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(m, _)| *m)
        .collect();
    match missing.as_slice() {
        [] => {}
        [one] => {
            return Err(format!(
                "error: error validating \"{source}\": error validating data: {one}; if you choose to ignore these errors, turn validation off with --validate=false\n"
            ));
        }
        many => {
            return Err(format!(
                "error: error validating \"{source}\": error validating data: [{}]; if you choose to ignore these errors, turn validation off with --validate=false\n",
                many.join(", ")
            ));
        }
    }
    if Kind::from_type(api_version, kind).is_none() {
        let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
        let ns = value.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
        return Err(format!(
            "error: resource mapping not found for name: \"{name}\" namespace: \"{ns}\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first\n"
        ));
    }
    Ok(())
}

/// The documents of `-f` for commands that only need them (`get -f`, `delete -f`).
pub fn objects_in_files(ctx: &Ctx, paths: &[String]) -> Result<Vec<Doc>, Output> {
    let (docs, errors) = read_files(ctx, paths, false)?;
    if let Some(e) = errors.first() {
        return Err(Output::fail(e.clone()));
    }
    Ok(docs)
}

/// The documents `-f` or `-k` name for `get`, `delete` and `describe`, with
/// kustomize's warnings; `prefix` is what the command writes before a build error.
pub fn objects_from_flags(ctx: &Ctx, p: &Parsed, prefix: &str) -> Result<(Vec<Doc>, String), Output> {
    let files = p.many("filename");
    if p.text("kustomize").is_some() {
        return kustomized_objects(ctx, p, &files, prefix);
    }
    objects_in_files(ctx, &files).map(|d| (d, String::new()))
}

/// `objects_from_flags` with `-k` (the page's lazy part).
#[inline(never)]
fn kustomized_objects(ctx: &Ctx, p: &Parsed, files: &[String], prefix: &str) -> Result<(Vec<Doc>, String), Output> {
    if let Some(dir) = kustomize_dir(p, files)? {
        let mut warnings = Output::new();
        let (docs, errors) = kustomized(ctx, dir, prefix, &mut warnings)?;
        if let Some(e) = errors.first() {
            let mut o = warnings;
            o.extend(Output::fail(e.clone()));
            return Err(o);
        }
        return Ok((docs, warnings.stderr()));
    }
    Ok((Vec::new(), String::new()))
}

pub(crate) const APPLY_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Arg::Many),
    flag("recursive", Some('R'), Arg::Bool),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("record", None, Arg::Bool),
    flag("validate", None, Arg::Text),
    flag("save-config", None, Arg::Bool),
    flag("force", None, Arg::Bool),
    flag("server-side", None, Arg::Bool),
    flag("kustomize", Some('k'), Arg::Text),
    flag("selector", Some('l'), Arg::Text),
    flag("prune", None, Arg::Bool),
    flag("edit", None, Arg::Bool),
    flag("windows-line-endings", None, Arg::Bool),
];

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// `--dry-run`: `none`, `client` or `server`; kubectl's error otherwise.
pub fn dry_run(p: &Parsed) -> Result<Option<&'static str>, Output> {
    dry_run_value(p.text("dry-run"))
}

/// A `--dry-run` value read as GetDryRunStrategy reads it: the suffix the
/// name printer adds, `None` for a real run, kubectl's error otherwise.
pub fn dry_run_value(value: Option<&str>) -> Result<Option<&'static str>, Output> {
    match value {
        None | Some("none") | Some("false") => Ok(None),
        Some("client" | "true" | "unchanged") => Ok(Some(" (dry run)")),
        Some("server") => Ok(Some(" (server dry run)")),
        Some(other) => Err(Output::fail(format!(
            "error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".\n"
        ))),
    }
}

/// `--validate`: kubectl's error for a bad value.
fn check_validate(p: &Parsed) -> Result<(), Output> {
    match p.text("validate") {
        None | Some("strict" | "true" | "warn" | "ignore" | "false") => Ok(()),
        Some(v) => Err(Output::fail(format!(
            "error: invalid - validate option \"{v}\"; must be one of: strict (or true), warn, ignore (or false)\n"
        ))),
    }
}

/// Puts a document in the namespace kubectl would send it to, or says why not.
pub(super) fn target_namespace(doc: &mut Doc, ns: &str, explicit: bool) -> Result<String, String> {
    let kind = Cluster::kind_of(&doc.value).map_err(|e| e.message)?;
    if !kind.namespaced() {
        return Ok(String::new());
    }
    match doc.namespace() {
        Some(own) if explicit && own != ns => Err(format!(
            "error: the namespace from the provided object \"{own}\" does not match the namespace \"{ns}\". You must pass '--namespace={own}' to perform this operation.\n"
        )),
        Some(own) if !own.is_empty() => Ok(own),
        _ => {
            if let Some(meta) = doc.value.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.insert("namespace".into(), Value::String(ns.to_string()));
            }
            Ok(ns.to_string())
        }
    }
}

pub(super) fn prepare(ctx: &Ctx, p: &Parsed, command: &str, out: &mut Output) -> Result<(Vec<Doc>, Vec<String>), Output> {
    check_validate(p)?;
    let files = p.many("filename");
    if p.text("kustomize").is_some() {
        return kustomize_prepare(ctx, p, &files, out);
    }
    if files.is_empty() {
        let _ = command;
        return Err(Output::fail("error: must specify one of -f and -k\n"));
    }
    read_files(ctx, &files, p.bool("recursive"))
}

/// `-k DIR` for apply, create and replace (the page's lazy part).
#[inline(never)]
fn kustomize_prepare(ctx: &Ctx, p: &Parsed, files: &[String], out: &mut Output) -> Result<(Vec<Doc>, Vec<String>), Output> {
    match kustomize_dir(p, files)? {
        Some(dir) => kustomized(ctx, dir, "error: ", out),
        None => Ok((Vec::new(), Vec::new())),
    }
}

/// `-k DIR`, refused beside `-f` as kubectl refuses it.
fn kustomize_dir<'a>(p: &'a Parsed, files: &[String]) -> Result<Option<&'a str>, Output> {
    match p.text("kustomize") {
        Some(_) if !files.is_empty() => Err(Output::fail("error: only one of -f or -k can be specified\n")),
        Some(dir) => Ok(Some(dir)),
        None => Ok(None),
    }
}

/// The documents kustomize builds from `dir` (its warnings go to `out` first),
/// read as `-f` reads a file, the directory as their source (the page's lazy part).
#[inline(never)]
pub fn kustomized(ctx: &Ctx, dir: &str, prefix: &str, out: &mut Output) -> Result<(Vec<Doc>, Vec<String>), Output> {
    let (text, warnings) = super::kustomize::documents(ctx, dir, prefix)?;
    out.err(warnings);
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    parse_into(&text, dir, &mut docs, &mut errors);
    Ok((docs, errors))
}

/// `kubectl apply -f`.
/// `create -f` and `apply` take no arguments, and say so before looking at
/// anything else (flag values, files); Go prints the list as `[a b]`.
fn unexpected_args(p: &Parsed, command: &str) -> Option<Output> {
    (!p.args.is_empty()).then(|| {
        Output::fail(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl {command} -h' for help and examples\n",
            p.args.join(" ")
        ))
    })
}

pub fn apply(ctx: &mut Ctx, args: &[String]) -> Output {
    if args.first().is_some_and(|a| a == "view-last-applied" || a == "set-last-applied" || a == "edit-last-applied") {
        return Output::fail(format!("error: « kubectl apply {} » n’est pas simulé ici.\n", args[0]));
    }
    let p = match super::parse_command(ctx, args, APPLY_FLAGS, "apply") {
        Ok(p) => p,
        Err(o) => return o,
    };
    if let Some(o) = unexpected_args(&p, "apply") {
        return o;
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let format = match printers::parse_format(&p, ctx.files, printers::PrintFlags::Generic) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let mut out = Output::new();
    let (docs, read_errors) = match prepare(ctx, &p, "apply", &mut out) {
        Ok(d) => d,
        Err(o) => return o,
    };
    if docs.is_empty() && read_errors.is_empty() {
        out.extend(Output::fail("error: no objects passed to apply\n"));
        return out;
    }
    let ns = super::namespace(ctx, &p);
    let explicit = p.has("namespace");
    let cause = p.bool("record").then(|| p.command_line(&["apply"]));
    let mut errors: Vec<(Option<ApiError>, String)> = read_errors.into_iter().map(|e| (None, e)).collect();
    let mut results: Vec<Object> = Vec::new();
    for mut doc in docs {
        let obj_ns = match target_namespace(&mut doc, &ns, explicit) {
            Ok(n) => n,
            Err(e) => {
                errors.push((None, e));
                continue;
            }
        };
        match apply_one(ctx, &doc, &obj_ns, dry.is_some(), cause.as_deref()) {
            Ok((obj, verb, warning)) => {
                if let Some(w) = warning {
                    out.err(w);
                }
                match format {
                    Format::Table | Format::Wide => {
                        out.out(format!("{} {verb}{}\n", printers::name_of(&obj), dry.unwrap_or("")));
                    }
                    _ => results.push(obj),
                }
            }
            Err((e, verb)) => {
                let text = super::with_source(&e, verb, &doc.source);
                errors.push((Some(e), text));
            }
        }
    }
    if !results.is_empty() {
        let now = ctx.cluster.now();
        out.extend(printers::print_formatted(&results, results.len() == 1, &format, now, Held::Unstructured));
    }
    finish(out, errors, "applying")
}

/// Prints the collected errors: a single Invalid one in its multi-line form
/// (apply returns a lone error as is), otherwise each as a line.
fn finish(mut out: Output, errors: Vec<(Option<ApiError>, String)>, _verb: &str) -> Output {
    if errors.is_empty() {
        return out;
    }
    if let [(Some(e), _)] = errors.as_slice()
        && let Some(d) = &e.invalid
    {
        out.err(super::invalid_error(d));
        out.code = 1;
        return out;
    }
    for (_, text) in errors {
        out.err(text);
    }
    out.code = 1;
    out
}

type Applied = (Object, &'static str, Option<String>);

pub(super) fn apply_one(
    ctx: &mut Ctx,
    doc: &Doc,
    ns: &str,
    dry: bool,
    cause: Option<&str>,
) -> Result<Applied, (ApiError, &'static str)> {
    let kind = Cluster::kind_of(&doc.value).map_err(|e| (e, "creating"))?;
    let name = doc.name();
    let mut desired = doc.value.clone();
    if let Some(c) = cause {
        set_annotation(&mut desired, CHANGE_CAUSE, c);
    }
    let last_applied = last_applied_text(&desired);
    set_annotation(&mut desired, LAST_APPLIED, &last_applied);
    let live = if name.is_empty() { None } else { ctx.cluster.get(kind, ns, &name).ok() };
    let Some(live) = live else {
        if dry {
            let mut probe = ctx.cluster.clone();
            let obj = probe.create(&desired, ns).map_err(|e| (e, "creating"))?;
            let warnings = api_warnings(crate::cluster::warnings::on_create(&obj));
            return Ok((obj, "created", warnings));
        }
        let obj = ctx.cluster.create(&desired, ns).map_err(|e| (e, "creating"))?;
        let warnings = api_warnings(crate::cluster::warnings::on_create(&obj));
        return Ok((obj, "created", warnings));
    };
    let live_value = live.to_value();
    let previous = live.meta().annotations.get(LAST_APPLIED).and_then(|t| serde_json::from_str::<Value>(t).ok());
    let warning = previous.is_none().then(|| {
        format!(
            "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n",
            kind.group_resource()
        )
    });
    let mut merged = live_value.clone();
    merge(&mut merged, &desired, previous.as_ref());
    if merged == live_value {
        return Ok((live, "unchanged", warning));
    }
    let mut target = ctx.cluster.clone();
    let cluster: &mut Cluster = if dry { &mut target } else { ctx.cluster };
    let obj = cluster.update(&merged, ns).map_err(|e| (e, "applying patch"))?;
    if obj.to_value() == live_value {
        return Ok((obj, "unchanged", warning));
    }
    let server = api_warnings(crate::cluster::warnings::on_update(&live, &obj));
    let warning = match (warning, server) {
        (Some(a), Some(b)) => Some(a + &b),
        (a, b) => a.or(b),
    };
    Ok((obj, "configured", warning))
}

/// The API server's warnings as kubectl prints them (`Warning: …` lines).
pub(crate) fn api_warnings(warnings: Vec<String>) -> Option<String> {
    (!warnings.is_empty()).then(|| warnings.iter().map(|w| format!("Warning: {w}\n")).collect())
}

/// The annotation kubectl stores: the manifest as compact JSON (keys sorted),
/// with an empty `annotations` map if it had none, and a trailing newline.
fn last_applied_text(desired: &Value) -> String {
    let mut copy = desired.clone();
    if let Some(ann) = copy.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
        ann.remove(LAST_APPLIED);
    } else if let Some(meta) = copy.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("annotations".into(), Value::Object(Map::new()));
    }
    serde_json::to_string(&yaml::sort_keys(&copy)).unwrap_or_default() + "\n"
}

pub fn set_annotation(value: &mut Value, key: &str, text: &str) {
    let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) else { return };
    let ann = meta.entry("annotations").or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(a) = ann {
        a.insert(key.to_string(), Value::String(text.to_string()));
    } else {
        *ann = serde_json::json!({ key: text });
    }
}

/// A three-way merge in the spirit of strategic merge patch: fields of the
/// manifest win, fields the previous apply set and the manifest dropped are
/// removed, fields the server set (defaults, status) stay. Lists of objects
/// merge by `name` (or `containerPort`, `port`) so that defaults kept in
/// their items survive.
fn merge(live: &mut Value, desired: &Value, previous: Option<&Value>) {
    match (live, desired) {
        (Value::Object(l), Value::Object(d)) => {
            if let Some(Value::Object(prev)) = previous {
                for key in prev.keys() {
                    if !d.contains_key(key) {
                        l.remove(key);
                    }
                }
            }
            for (k, dv) in d {
                let prev = previous.and_then(|p| p.get(k));
                match l.get_mut(k) {
                    // `patchStrategy: retainKeys` (a Deployment's `strategy`, a
                    // StatefulSet's or DaemonSet's `updateStrategy`): the live keys
                    // the manifest does not name go, so `type: Recreate` drops the
                    // defaulted `rollingUpdate`.
                    Some(Value::Object(lv)) if RETAIN_KEYS.contains(&k.as_str()) && dv.is_object() => {
                        lv.retain(|key, _| dv.get(key).is_some());
                        let mut merged = Value::Object(std::mem::take(lv));
                        merge(&mut merged, dv, prev);
                        if let Value::Object(m) = merged {
                            *lv = m;
                        }
                    }
                    Some(lv) if dv.is_object() && lv.is_object() => merge(lv, dv, prev),
                    Some(lv) if dv.is_array() && lv.is_array() => merge_list(lv, dv, prev),
                    _ => {
                        l.insert(k.clone(), dv.clone());
                    }
                }
            }
        }
        (l, d) => *l = d.clone(),
    }
}

/// The fields whose patch strategy is `retainKeys` (upstream's API types).
const RETAIN_KEYS: &[&str] = &["strategy", "updateStrategy"];

fn merge_key(items: &[Value]) -> Option<&'static str> {
    ["name", "containerPort", "port", "ip", "type"]
        .into_iter()
        .find(|k| !items.is_empty() && items.iter().all(|i| i.get(*k).is_some_and(|v| !v.is_null())))
}

fn merge_list(live: &mut Value, desired: &Value, previous: Option<&Value>) {
    let (Value::Array(l), Value::Array(d)) = (&*live, desired) else { return };
    let Some(key) = merge_key(d).filter(|k| l.iter().all(|i| i.get(*k).is_some())) else {
        *live = desired.clone();
        return;
    };
    let mut out = Vec::new();
    for dv in d {
        let id = dv.get(key);
        let prev = previous.and_then(Value::as_array).and_then(|p| p.iter().find(|x| x.get(key) == id));
        match l.iter().find(|x| x.get(key) == id) {
            Some(lv) => {
                let mut m = lv.clone();
                merge(&mut m, dv, prev);
                out.push(m);
            }
            None => out.push(dv.clone()),
        }
    }
    *live = Value::Array(out);
}

pub(crate) const CREATE_FILE_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Arg::Many),
    flag("recursive", Some('R'), Arg::Bool),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("record", None, Arg::Bool),
    flag("validate", None, Arg::Text),
    flag("save-config", None, Arg::Bool),
    flag("edit", None, Arg::Bool),
    flag("selector", Some('l'), Arg::Text),
    flag("windows-line-endings", None, Arg::Bool),
    flag("raw", None, Arg::Text),
    flag("kustomize", Some('k'), Arg::Text),
];

/// `kubectl create -f` (`replace`: `kubectl replace -f`).
pub fn create_from_files(ctx: &mut Ctx, args: &[String], replace: bool) -> Output {
    let command = if replace { "replace" } else { "create" };
    let p = match super::parse(args, CREATE_FILE_FLAGS, command) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if !replace {
        if let Some(o) = unexpected_args(&p, "create") {
            return o;
        }
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(o) => return o,
    };
    let format = match printers::parse_format(&p, ctx.files, printers::PrintFlags::Generic) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let mut out = Output::new();
    let (docs, read_errors) = match prepare(ctx, &p, command, &mut out) {
        Ok(d) => d,
        Err(o) => return o,
    };
    if docs.is_empty() && read_errors.is_empty() {
        out.extend(Output::fail(format!("error: no objects passed to {command}\n")));
        return out;
    }
    let ns = super::namespace(ctx, &p);
    let explicit = p.has("namespace");
    let cause = p.bool("record").then(|| p.command_line(&[command]));
    let mut errors: Vec<String> = read_errors;
    let mut results = Vec::new();
    for mut doc in docs {
        let obj_ns = match target_namespace(&mut doc, &ns, explicit) {
            Ok(n) => n,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut value = doc.value.clone();
        if let Some(c) = &cause {
            set_annotation(&mut value, CHANGE_CAUSE, c);
        }
        if p.bool("save-config") {
            let text = last_applied_text(&value);
            set_annotation(&mut value, LAST_APPLIED, &text);
        }
        let mut probe;
        let cluster: &mut Cluster = if dry.is_some() {
            probe = ctx.cluster.clone();
            &mut probe
        } else {
            ctx.cluster
        };
        // A replace warns only when the pod spec changed.
        let live = Cluster::kind_of(&value).ok().filter(|_| replace).and_then(|k| cluster.get(k, &obj_ns, &doc.name()).ok());
        let result = if replace { cluster.update(&value, &obj_ns) } else { cluster.create(&value, &obj_ns) };
        if let Ok(obj) = &result {
            let warnings = match &live {
                Some(old) => crate::cluster::warnings::on_update(old, obj),
                None => crate::cluster::warnings::on_create(obj),
            };
            out.err(api_warnings(warnings).unwrap_or_default());
        }
        match result {
            Ok(obj) => match format {
                Format::Table | Format::Wide => {
                    let verb = if replace { "replaced" } else { "created" };
                    out.out(format!("{}/{} {verb}{}\n", qualified(obj.kind()), obj.meta().name, dry.unwrap_or("")));
                }
                _ => results.push(obj),
            },
            Err(e) => errors.push(super::with_source(&e, if replace { "replacing" } else { "creating" }, &doc.source)),
        }
    }
    if !results.is_empty() {
        let now = ctx.cluster.now();
        out.extend(printers::print_formatted(&results, results.len() == 1, &format, now, Held::Unstructured));
    }
    for e in &errors {
        out.err(e.clone());
    }
    if !errors.is_empty() {
        out.code = 1;
    }
    out
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn replace(ctx: &mut Ctx, args: &[String]) -> Output {
    create_from_files(ctx, args, true)
}
