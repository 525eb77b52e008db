//! kustomize v5.5.0 as kubectl 1.32 embeds it (`kubectl kustomize DIR` and
//! the `-k DIR` of apply, create, get, delete, describe): the kustomization's
//! resources and sub-directories, its ConfigMap and Secret generators with
//! the content hash suffix (`api/hasher`), the transformers in krusty's order
//! (`configureBuiltinTransformers`: patches, namespace, prefix and suffix,
//! labels, annotations, JSON 6902 patches, replicas, images), the references
//! to renamed objects (`namereference.go`'s fields) and the legacy resource
//! order kubectl asks for. Files are the learner's, read through the VFS.
//! Everything here is reached only from a `-k` or `kubectl kustomize` line:
//! the page's lazy part.

use crate::cluster::schema::json_kind;
use serde_json::{Map, Value};

use crate::vfs::Vfs;

use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::{Ctx, yaml};

const FILES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The fields of kustomize v5.5's `Kustomization` (strict JSON decoding refuses others).
const FIELDS: &[&str] = &[
    "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
    "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags",
    "replacements", "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases",
    "configMapGenerator", "secretGenerator", "helmGlobals", "helmCharts", "helmChartInflationGenerator",
    "generatorOptions", "configurations", "generators", "transformers", "validators", "buildMetadata",
];
const GENERATOR_FIELDS: &[&str] =
    &["name", "namespace", "behavior", "files", "literals", "envs", "env", "options", "type"];
const OPTION_FIELDS: &[&str] = &["labels", "annotations", "disableNameSuffixHash", "immutable"];

/// Fields kustomize has and this build does not: refused in French rather
/// than built wrong.
const NOT_SIMULATED: &[&str] = &[
    "components", "replacements", "crds", "configurations", "generators", "transformers", "validators",
    "helmCharts", "helmGlobals", "helmChartInflationGenerator", "openapi", "sortOptions", "buildMetadata",
    "imageTags",
];
const NOT_SIMULATED_MARK: &str = "\u{0}not simulated:";

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Our French words for a field the build does not simulate (never kubectl's).
fn not_simulated(error: &str) -> Option<String> {
    let field = error.split(NOT_SIMULATED_MARK).nth(1)?;
    Some(format!(
        "Le champ «\u{a0}{field}\u{a0}» d’une kustomization n’est pas simulé ici\u{a0}: seuls resources, les générateurs de ConfigMaps et de Secrets, namespace, namePrefix, nameSuffix, labels, commonLabels, commonAnnotations, images, replicas, vars et les patches le sont.\n"
    ))
}

/// One resource on its way through the build.
struct Res {
    value: Value,
    /// The names it had before its current one, the first first: references to them follow it.
    old_names: Vec<String>,
    /// A generated ConfigMap or Secret that gets the content hash suffix.
    hash: bool,
}

impl Res {
    fn kind(&self) -> &str {
        self.value.get("kind").and_then(Value::as_str).unwrap_or("")
    }
    fn name(&self) -> &str {
        self.value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("")
    }
    fn namespace(&self) -> &str {
        self.value.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("")
    }
    fn api_version(&self) -> &str {
        self.value.get("apiVersion").and_then(Value::as_str).unwrap_or("")
    }
    fn rename(&mut self, name: String) {
        let old = self.name().to_string();
        if old == name {
            return;
        }
        self.old_names.push(old);
        if let Some(meta) = metadata(&mut self.value) {
            meta.insert("name".into(), Value::String(name));
        }
    }
    /// Whether it was ever called `name`.
    fn known_as(&self, name: &str) -> bool {
        self.name() == name || self.old_names.iter().any(|n| n == name)
    }
    /// kustomize's `ResId` string: `ConfigMap.v1.[noGrp]/NAME.[noNs]`.
    fn id(&self) -> String {
        let ns = match self.namespace() {
            "" => "[noNs]",
            ns => ns,
        };
        format!("{}/{}.{ns}", gvk_string(self.api_version(), self.kind()), self.name())
    }
}

fn gvk_string(api_version: &str, kind: &str) -> String {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let or = |s: &'static str, v: &str| if v.is_empty() { s.to_string() } else { v.to_string() };
    format!("{}.{}.{}", or("[noKind]", kind), or("[noVer]", version), or("[noGrp]", group))
}

fn metadata(value: &mut Value) -> Option<&mut Map<String, Value>> {
    let obj = value.as_object_mut()?;
    if !obj.get("metadata").is_some_and(Value::is_object) {
        obj.insert("metadata".into(), Value::Object(Map::new()));
    }
    obj.get_mut("metadata").and_then(Value::as_object_mut)
}

/// The built YAML and kustomize's warnings (stderr).
pub struct Built {
    pub yaml: String,
    pub warnings: String,
}

/// Builds the kustomization in `dir` as `kubectl kustomize` does; the error
/// is kustomize's message (kubectl adds `error: ` or logs it).
#[inline(never)]
pub fn build(files: &Vfs, dir: &str) -> Result<Built, String> {
    let abs = files.resolve(dir);
    if !files.is_dir(dir) {
        return Err(if files.exists(dir) {
            format!("must build at directory: '{dir}': file is not directory")
        } else {
            format!(
                "must build at directory: not a valid directory: evalsymlink failure on '{dir}' : lstat {abs}: no such file or directory"
            )
        });
    }
    let mut warnings = String::new();
    let mut stack = Vec::new();
    let mut vars = Vec::new();
    let mut resources = accumulate(files, &abs, &mut warnings, &mut stack, &mut vars)?;
    // krusty's makeCustomizedResMap: hashes, then the back references, at the top only.
    for r in resources.iter_mut().filter(|r| r.hash) {
        let suffix = hash(&r.value);
        let name = format!("{}-{suffix}", r.name());
        r.rename(name);
    }
    fix_references(&mut resources);
    resolve_vars(&mut resources, &vars)?;
    legacy_sort(&mut resources);
    let mut yaml = String::new();
    for (i, r) in resources.iter().enumerate() {
        if i > 0 {
            yaml.push_str("---\n");
        }
        yaml.push_str(&yaml::to_yaml(&r.value));
    }
    Ok(Built { yaml, warnings })
}

/// A kustomization and what it pulls in (kusttarget's `AccumulateTarget`).
fn accumulate(
    files: &Vfs,
    dir: &str,
    warnings: &mut String,
    stack: &mut Vec<String>,
    vars: &mut Vec<Value>,
) -> Result<Vec<Res>, String> {
    if stack.iter().any(|d| d == dir) || stack.len() > 32 {
        return Err(format!(
            "cycle detected: candidate root '{dir}' contains visited root '{}'",
            stack.last().map_or("", String::as_str)
        ));
    }
    let Some((file, text)) = FILES.iter().find_map(|f| files.read(&format!("{dir}/{f}")).ok().map(|t| (f, t))) else {
        return Err(format!(
            "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{dir}'"
        ));
    };
    if text.trim().is_empty() {
        return Err(format!("{file} is empty"));
    }
    let k = match yaml::parse_documents(text) {
        Ok(docs) => match docs.into_iter().next() {
            Some(Value::Object(map)) => map,
            None | Some(Value::Null) => Map::new(),
            Some(other) => {
                return Err(format!(
                    "invalid Kustomization: json: cannot unmarshal {} into Go value of type types.Kustomization",
                    json_kind(&other)
                ));
            }
        },
        Err(e) => return Err(format!("invalid Kustomization: {}", e.0)),
    };
    check_fields(&k)?;
    warn_deprecated(&k, warnings);
    if let Some(field) = NOT_SIMULATED.iter().find(|f| k.get(**f).is_some_and(|v| !is_empty(v))) {
        return Err(format!("{NOT_SIMULATED_MARK}{field}"));
    }
    stack.push(dir.to_string());
    let mut res: Vec<Res> = Vec::new();
    let mut entries = strings(&k, "resources")?;
    entries.extend(strings(&k, "bases")?);
    for entry in entries {
        resource(files, dir, &entry, warnings, stack, vars, &mut res).map_err(|e| format!("accumulating resources: {e}"))?;
    }
    stack.pop();
    let options = k.get("generatorOptions").cloned().unwrap_or(Value::Null);
    generate(files, dir, &k, "configMapGenerator", &options, &mut res)?;
    generate(files, dir, &k, "secretGenerator", &options, &mut res)?;
    transform(files, dir, &k, &mut res)?;
    // `vars` gather from every level; they are resolved once names are final.
    vars.extend(k.get("vars").and_then(Value::as_array).into_iter().flatten().cloned());
    Ok(res)
}

fn check_fields(k: &Map<String, Value>) -> Result<(), String> {
    let unknown = |map: &Map<String, Value>, known: &[&str]| map.keys().find(|f| !known.contains(&f.as_str())).cloned();
    let mut bad = unknown(k, FIELDS);
    for list in ["configMapGenerator", "secretGenerator"] {
        for g in k.get(list).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object) {
            bad = bad.or_else(|| unknown(g, GENERATOR_FIELDS));
            if let Some(o) = g.get("options").and_then(Value::as_object) {
                bad = bad.or_else(|| unknown(o, OPTION_FIELDS));
            }
        }
    }
    if let Some(o) = k.get("generatorOptions").and_then(Value::as_object) {
        bad = bad.or_else(|| unknown(o, OPTION_FIELDS));
    }
    match bad {
        Some(f) => Err(format!("invalid Kustomization: json: unknown field {}", Value::from(f))),
        None => Ok(()),
    }
}

/// kustomize's `CheckDeprecatedFields`, in its order; an empty list counts.
fn warn_deprecated(k: &Map<String, Value>, warnings: &mut String) {
    for (old, new) in [
        ("bases", "resources"),
        ("commonLabels", "labels"),
        ("imageTags", "images"),
        ("patchesJson6902", "patches"),
        ("patchesStrategicMerge", "patches"),
        ("vars", "replacements"),
    ] {
        if k.get(old).is_some_and(|v| !v.is_null()) {
            let experimental = if old == "vars" { " [EXPERIMENTAL]" } else { "" };
            warnings.push_str(&format!(
                "# Warning: '{old}' is deprecated. Please use '{new}' instead.{experimental} Run 'kustomize edit fix' to update your Kustomization automatically.\n"
            ));
        }
    }
}

/// A list of strings, or the JSON decoder's error.
fn strings(map: &Map<String, Value>, field: &str) -> Result<Vec<String>, String> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(unmarshal(other, field, "string")),
            })
            .collect(),
        Some(other) => Err(unmarshal(other, field, "[]string")),
    }
}

fn unmarshal(v: &Value, field: &str, ty: &str) -> String {
    format!("invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{field} of type {ty}", json_kind(v))
}

/// A map of strings (labels, annotations), in the file's order.
fn string_map(map: &Map<String, Value>, field: &str) -> Result<Vec<(String, String)>, String> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                other => Err(unmarshal(other, field, "string")),
            })
            .collect(),
        Some(other) => Err(unmarshal(other, field, "map[string]string")),
    }
}

fn join(dir: &str, path: &str) -> String {
    if path.starts_with('/') { path.to_string() } else { format!("{dir}/{path}") }
}

/// Whether kustomize would fetch the entry (a URL or a `github.com/…` repository).
fn remote(entry: &str) -> bool {
    entry.contains("://") || entry.starts_with("github.com/") || entry.starts_with("git@")
        || entry.starts_with("gitlab.com/") || entry.starts_with("bitbucket.org/")
}

/// What kustomize says offline for a remote resource: the HTTP fetch fails,
/// then `git fetch` does (a static kubectl's resolver asks systemd-resolved's stub).
fn remote_error(entry: &str) -> String {
    let (host, git) = remote_git_error(entry);
    let url = if entry.contains("://") { entry.to_string() } else { format!("https://{entry}") };
    format!(
        "accumulating resources: accumulation err='accumulating resources from '{entry}': Get {}: dial tcp: lookup {host} on 127.0.0.53:53: no such host': {git}",
        Value::from(url.as_str())
    )
}

/// The host, and `git fetch`'s failure for a remote kustomization (what a
/// remote `kubectl kustomize URL` or `-k URL` says by itself).
fn remote_git_error(entry: &str) -> (String, String) {
    let without_scheme = entry.split_once("://").map_or(entry, |(_, r)| r);
    let host = without_scheme.trim_start_matches("git@").split(['/', ':', '?']).next().unwrap_or("");
    let url = if entry.contains("://") { entry.to_string() } else { format!("https://{entry}") };
    let (repo_part, reference) = match url.split_once("?ref=") {
        Some((r, rf)) => (r.to_string(), rf.to_string()),
        None => (url.clone(), "HEAD".to_string()),
    };
    // The repository is the URL up to `//` (a path inside it follows) or its two first path words.
    let after = repo_part.split_once("://").map_or(repo_part.as_str(), |(_, r)| r);
    let repo_path = match after.split_once("//") {
        Some((repo, _)) => repo.to_string(),
        None => after.split('/').take(3).collect::<Vec<_>>().join("/"),
    };
    let repo = format!("https://{}", repo_path.trim_end_matches(".git"));
    (
        host.to_string(),
        format!(
            "failed to run '/usr/bin/git fetch --depth=1 {repo} {reference}': fatal: unable to access '{repo}/': Could not resolve host: {host}\n: exit status 128"
        ),
    )
}

/// A `resources` entry: a file's documents, or a directory's kustomization,
/// added to `res`. Errors are worded as kusttarget's `accumulateResources`
/// wraps them: the file's error, then the directory's.
fn resource(
    files: &Vfs,
    dir: &str,
    entry: &str,
    warnings: &mut String,
    stack: &mut Vec<String>,
    vars: &mut Vec<Value>,
    res: &mut Vec<Res>,
) -> Result<(), String> {
    if remote(entry) {
        return Err(remote_error(entry).trim_start_matches("accumulating resources: ").to_string());
    }
    let path = files.resolve(&join(dir, entry));
    let append = |res: &mut Vec<Res>, added: Vec<Res>| -> Result<(), String> {
        for r in added {
            if res.iter().any(|o| o.id() == r.id()) {
                return Err(format!("may not add resource with an already registered id: {}", r.id()));
            }
            res.push(r);
        }
        Ok(())
    };
    if files.is_dir(&path) {
        let file_error = format!("accumulating resources from '{entry}': '{path}' must resolve to a file");
        let wrap = |e: String| format!("accumulation err='{file_error}': {e}");
        // The loader refuses a directory at or above one being built
        // (errIfArgEqualOrHigher), checked from the innermost one out.
        let contains = |visited: &str| visited == path || visited.starts_with(&format!("{}/", path.trim_end_matches('/')));
        if let Some(visited) = stack.iter().rev().find(|v| contains(v)) {
            return Err(wrap(format!("cycle detected: candidate root '{path}' contains visited root '{visited}'")));
        }
        if !FILES.iter().any(|f| files.exists(&format!("{path}/{f}"))) {
            return Err(wrap(format!(
                "couldn't make target for path '{path}': unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{path}'"
            )));
        }
        let added = accumulate(files, &path, warnings, stack, vars)
            .map_err(|e| wrap(format!("recursed accumulation of path '{path}': {e}")))?;
        return append(res, added).map_err(|e| wrap(format!("recursed merging from path '{path}': {e}")));
    }
    let Ok(text) = files.read(&path) else {
        let missing = format!("evalsymlink failure on '{path}' : lstat {path}: no such file or directory");
        return Err(format!(
            "accumulation err='accumulating resources from '{entry}': {missing}': must build at directory: not a valid directory: {missing}"
        ));
    };
    let not_dir = format!("must build at directory: '{path}': file is not directory");
    let (docs, error) = yaml::parse_stream(text);
    if let Some(e) = error {
        return Err(format!("accumulating resources from '{entry}': {}", e.0));
    }
    let mut added = Vec::new();
    for value in docs {
        // A `List` brings its items.
        if value.get("kind").and_then(Value::as_str) == Some("List") {
            for item in value.get("items").and_then(Value::as_array).into_iter().flatten() {
                added.push(Res { value: item.clone(), old_names: Vec::new(), hash: false });
            }
            continue;
        }
        if !value.is_object() || value.get("kind").and_then(Value::as_str).unwrap_or("").is_empty() {
            return Err(format!(
                "accumulation err='accumulating resources from '{entry}': missing Resource metadata': {not_dir}"
            ));
        }
        added.push(Res { value, old_names: Vec::new(), hash: false });
    }
    append(res, added).map_err(|e| format!("accumulation err='merging resources from '{entry}': {e}': {not_dir}"))
}

const FLAGS: &[Flag] = &[
    flag("output", Some('o'), Arg::Text),
    flag("enable-helm", None, Arg::Bool),
    flag("enable-alpha-plugins", None, Arg::Bool),
    flag("enable-exec", None, Arg::Bool),
    flag("load-restrictor", None, Arg::Text),
    flag("reorder", None, Arg::Text),
    flag("as-current-user", None, Arg::Bool),
    flag("network", None, Arg::Bool),
    flag("network-name", None, Arg::Text),
    flag("env", Some('e'), Arg::Many),
    flag("mount", None, Arg::Many),
    flag("helm-command", None, Arg::Text),
    flag("helm-api-versions", None, Arg::Many),
    flag("helm-kube-version", None, Arg::Text),
];

/// `kubectl kustomize [DIR]`: the built YAML on stdout, kustomize's warnings
/// on stderr; a failure is logged as kubectl's `run.go` logs it.
#[inline(never)]
pub fn command(ctx: &mut Ctx, args: &[String]) -> super::Run {
    let p = match super::parse_command(ctx, args, FLAGS, "kustomize") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let fail = |ctx: &Ctx, message: &str| {
        // klog quotes the error, or sets a multi-line one apart.
        let text = if message.contains('\n') {
            format!("\"command failed\" err=<\n\t{}\n >", message.replace('\n', "\n\t"))
        } else {
            format!("\"command failed\" err={}", go_quote(message))
        };
        Output::fail(super::klog(ctx, 'E', "run.go:72", &text))
    };
    if p.args.len() > 1 {
        return fail(ctx, "specify one path to kustomization.yaml").into();
    }
    let dir = p.args.first().map_or(".", String::as_str);
    if remote(dir) {
        return with_hint(fail(ctx, &remote_git_error(dir).1)).into();
    }
    match build(ctx.files, dir) {
        Ok(built) => {
            let mut out = Output::new();
            out.err(built.warnings);
            // `-o FILE`: the YAML goes to the file (the shell writes it).
            if let Some(file) = p.text("output").filter(|f| !f.is_empty()) {
                let parent = file.rsplit_once('/').map_or(".", |(d, _)| if d.is_empty() { "/" } else { d });
                if !ctx.files.is_dir(parent) {
                    return fail(ctx, &format!("open {file}: no such file or directory")).into();
                }
                return super::Run::Write(out, super::cp::LocalWrite { path: file.to_string(), content: built.yaml });
            }
            out.out(built.yaml);
            out.into()
        }
        Err(e) => match not_simulated(&e) {
            Some(french) => Output::fail(french).into(),
            None => {
                let o = fail(ctx, &e);
                if e.contains("Could not resolve host") { with_hint(o) } else { o }.into()
            }
        },
    }
}

/// Go's `%q` of an error message (klog's `err=`).
fn go_quote(s: &str) -> String {
    let mut out = String::new();
    go_string(s, &mut out);
    // %q does not escape HTML characters.
    out.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
}

fn with_hint(mut o: Output) -> Output {
    o.note("(Le simulateur n’a pas accès à Internet\u{a0}: copiez les manifestes de ce dépôt dans un dossier et nommez ce dossier dans « resources ».)\n");
    o
}

/// The documents of `-k DIR` as kubectl's KustomizeVisitor hands them over:
/// the built YAML read back, the directory as their source; kustomize's
/// warnings first. `prefix` is what kubectl writes before an error (`error: `,
/// or nothing for get and describe).
#[inline(never)]
pub fn documents(ctx: &Ctx, dir: &str, prefix: &str) -> Result<(String, String), Output> {
    if remote(dir) {
        return Err(with_hint(Output::fail(format!("{prefix}{}\n", remote_git_error(dir).1))));
    }
    match build(ctx.files, dir) {
        Ok(b) => Ok((b.yaml, b.warnings)),
        Err(e) => {
            if let Some(french) = not_simulated(&e) {
                return Err(Output::fail(french));
            }
            let o = Output::fail(format!("{prefix}{e}\n"));
            Err(if e.contains("Could not resolve host") { with_hint(o) } else { o })
        }
    }
}

// ---- generators ----

/// The options a generator ends with: its own over `generatorOptions`.
struct Options {
    labels: Vec<(String, String)>,
    annotations: Vec<(String, String)>,
    hash: bool,
    immutable: bool,
}

fn options(global: &Value, own: Option<&Value>) -> Result<Options, String> {
    let mut o = Options { labels: Vec::new(), annotations: Vec::new(), hash: true, immutable: false };
    for layer in [Some(global), own].into_iter().flatten() {
        let Some(map) = layer.as_object() else { continue };
        for (k, v) in string_map(map, "labels")? {
            set_pair(&mut o.labels, k, v);
        }
        for (k, v) in string_map(map, "annotations")? {
            set_pair(&mut o.annotations, k, v);
        }
        if let Some(b) = map.get("disableNameSuffixHash").and_then(Value::as_bool) {
            o.hash = !b;
        }
        if let Some(b) = map.get("immutable").and_then(Value::as_bool) {
            o.immutable = b;
        }
    }
    Ok(o)
}

fn set_pair(pairs: &mut Vec<(String, String)>, k: String, v: String) {
    match pairs.iter_mut().find(|(key, _)| *key == k) {
        Some(p) => p.1 = v,
        None => pairs.push((k, v)),
    }
}

/// `configMapGenerator` or `secretGenerator`.
fn generate(
    files: &Vfs,
    dir: &str,
    k: &Map<String, Value>,
    field: &str,
    global: &Value,
    res: &mut Vec<Res>,
) -> Result<(), String> {
    let secret = field == "secretGenerator";
    let kind = if secret { "Secret" } else { "ConfigMap" };
    let list = match k.get(field) {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(l)) => l.clone(),
        Some(other) => return Err(unmarshal(other, field, "[]types.GeneratorArgs")),
    };
    for g in list {
        let Some(g) = g.as_object() else { return Err(unmarshal(&g, field, "types.GeneratorArgs")) };
        let name = g.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        let namespace = g.get("namespace").and_then(Value::as_str).unwrap_or("").to_string();
        let pairs = kv_pairs(files, dir, g)?;
        if name.is_empty() {
            return Err(format!("a {} must have a name", kind.to_ascii_lowercase()));
        }
        let mut data = Map::new();
        for (key, value) in pairs {
            if data.contains_key(&key) {
                return Err(format!("{} {name} illegally repeats the key `{key}`", kind.to_ascii_lowercase()));
            }
            let value = if secret { crate::cluster::api::base64_encode(value.as_bytes()) } else { value };
            data.insert(key, Value::String(value));
        }
        let o = options(global, g.get("options"))?;
        let mut meta = Map::new();
        meta.insert("name".into(), Value::String(name.clone()));
        if !namespace.is_empty() {
            meta.insert("namespace".into(), Value::String(namespace.clone()));
        }
        let to_map = |pairs: &[(String, String)]| {
            Value::Object(pairs.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
        };
        if !o.labels.is_empty() {
            meta.insert("labels".into(), to_map(&o.labels));
        }
        if !o.annotations.is_empty() {
            meta.insert("annotations".into(), to_map(&o.annotations));
        }
        let mut obj = Map::new();
        obj.insert("apiVersion".into(), Value::from("v1"));
        obj.insert("kind".into(), Value::from(kind));
        obj.insert("metadata".into(), Value::Object(meta));
        if !data.is_empty() {
            obj.insert("data".into(), Value::Object(data));
        }
        if secret {
            let ty = g.get("type").and_then(Value::as_str).filter(|t| !t.is_empty()).unwrap_or("Opaque");
            obj.insert("type".into(), Value::from(ty));
        }
        if o.immutable {
            obj.insert("immutable".into(), Value::Bool(true));
        }
        let new = Res { value: Value::Object(obj), old_names: Vec::new(), hash: o.hash };
        let behavior = g.get("behavior").and_then(Value::as_str).unwrap_or("create");
        let existing = res.iter().position(|r| {
            r.kind() == kind && r.known_as(&name) && (namespace.is_empty() || r.namespace() == namespace)
        });
        match (behavior, existing) {
            ("create" | "", _) => {
                if res.iter().any(|r| r.id() == new.id()) {
                    // Go's %v of the generator (a pointer) and %#v of the id.
                    return Err(format!(
                        "merging from generator &{{0xc000a03380 <nil>}}: id {} exists; behavior must be merge or replace",
                        go_resid(kind, &name, &namespace)
                    ));
                }
                res.push(new);
            }
            ("merge", Some(i)) => {
                if let Some(old) = res.get_mut(i) {
                    merge_generated(&mut old.value, &new.value);
                    old.hash = new.hash;
                }
            }
            ("replace", Some(i)) => {
                if let Some(old) = res.get_mut(i) {
                    let keep = old.value.pointer("/metadata/name").cloned();
                    old.value = new.value;
                    if let (Some(n), Some(meta)) = (keep, metadata(&mut old.value)) {
                        meta.insert("name".into(), n);
                    }
                    old.hash = new.hash;
                }
            }
            ("merge" | "replace", None) => {
                return Err(format!(
                    "merging from generator &{{0xc000a03380 <nil>}}: id {} does not exist; cannot merge or replace",
                    go_resid(kind, &name, &namespace)
                ));
            }
            (other, _) => return Err(format!("unknown generation behavior: {other}")),
        }
    }
    Ok(())
}

fn go_resid(kind: &str, name: &str, namespace: &str) -> String {
    format!(
        "resid.ResId{{Gvk:resid.Gvk{{Group:\"\", Version:\"v1\", Kind:\"{kind}\", isClusterScoped:false}}, Name:{}, Namespace:{}}}",
        Value::from(name),
        Value::from(namespace)
    )
}

/// `behavior: merge`: data, labels and annotations laid over the base's.
fn merge_generated(old: &mut Value, new: &Value) {
    for path in ["/data", "/metadata/labels", "/metadata/annotations"] {
        let Some(Value::Object(add)) = new.pointer(path) else { continue };
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let pairs: Vec<(String, String)> =
            add.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect();
        set_at(old, &parts, &pairs, true);
    }
}

/// The key–value pairs of a generator: env files, then literals, then files (api/kv).
fn kv_pairs(files: &Vfs, dir: &str, g: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
    let field_strings = |f: &str| -> Vec<String> {
        match g.get(f) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(String::from).collect(),
            Some(Value::String(s)) if f == "env" => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let missing = |what: &str, list: &[String], path: &str| {
        format!(
            "loading KV pairs: {what}: [{}]: evalsymlink failure on '{path}' : lstat {path}: no such file or directory",
            list.join(" ")
        )
    };
    let mut out = Vec::new();
    let mut envs = field_strings("env");
    envs.extend(field_strings("envs"));
    for env in &envs {
        let path = files.resolve(&join(dir, env));
        let Ok(text) = files.read(&path) else { return Err(missing("env source files", &envs, &path)) };
        for (n, line) in text.split('\n').enumerate() {
            let line = if n == 0 { line.trim_start_matches('\u{feff}') } else { line };
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            if !valid_env_name(key) {
                return Err(format!(
                    "loading KV pairs: env source files: [{}]: \"{key}\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
                    envs.join(" ")
                ));
            }
            out.push((key.to_string(), value.trim_end_matches('\r').to_string()));
        }
    }
    for literal in field_strings("literals") {
        let Some((key, value)) = literal.split_once('=') else {
            return Err(format!("invalid literal source {literal}, expected key=value"));
        };
        // A value in matching quotes loses them (kv.go's removeQuotes).
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .filter(|_| value.len() >= 2)
            .unwrap_or(value);
        out.push((key.to_string(), unquoted.to_string()));
    }
    let sources = field_strings("files");
    for source in &sources {
        let (key, file) = match source.split_once('=') {
            Some((k, f)) => (Some(k.to_string()), f),
            None => (None, source.as_str()),
        };
        let path = files.resolve(&join(dir, file));
        let Ok(text) = files.read(&path) else { return Err(missing("file sources", &sources, &path)) };
        let key = key.unwrap_or_else(|| file.rsplit('/').next().unwrap_or(file).to_string());
        out.push((key, text.to_string()));
    }
    Ok(out)
}

fn valid_env_name(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

// ---- the content hash (api/hasher) ----

/// The 10-character suffix of a generated ConfigMap or Secret: the sha256 of
/// the JSON of its kind, data and an empty name (type too for a Secret), Go-encoded
/// (keys sorted, HTML characters escaped), its hex cut to 10, five letters swapped.
fn hash(value: &Value) -> String {
    use sha2::Digest;
    // getNodeValues looks `metadata/name` up as one field name, which no
    // object has: the name hashed is always empty (kustomize v5.5 does so).
    let name = "";
    let field = |k: &str| value.get(k).cloned().unwrap_or(Value::from(""));
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut m: Vec<(&str, Value)> = vec![("data", field("data")), ("kind", Value::from(kind)), ("name", Value::from(name))];
    if kind == "Secret" {
        if let Some(sd @ Value::Object(_)) = value.get("stringData") {
            m.push(("stringData", sd.clone()));
        }
        m.push(("type", field("type")));
    } else if let Some(bd @ Value::Object(_)) = value.get("binaryData") {
        m.insert(0, ("binaryData", bd.clone()));
    }
    let mut json = String::from("{");
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        go_json(&Value::from(*k), &mut json);
        json.push(':');
        go_json(v, &mut json);
    }
    json.push('}');
    let digest = sha2::Sha256::digest(json.as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    hex.chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// `encoding/json`'s Marshal: maps with sorted keys, strings HTML-escaped
/// (the Go templates' encoder).
fn go_json(v: &Value, out: &mut String) {
    super::gotemplate::go_json(v, true, out);
}

fn go_string(s: &str, out: &mut String) {
    super::gotemplate::json_string(s, out);
}

// ---- transformers ----

fn transform(files: &Vfs, dir: &str, k: &Map<String, Value>, res: &mut Vec<Res>) -> Result<(), String> {
    // patchesStrategicMerge: files (or inline documents), each naming its target.
    for entry in strings(k, "patchesStrategicMerge")? {
        for patch in patch_documents(files, dir, &entry)? {
            apply_smp_by_id(res, &patch)?;
        }
    }
    // patches: a file or inline text, strategic merge or JSON 6902, with or without a target.
    if let Some(list) = k.get("patches").and_then(Value::as_array) {
        for p in list {
            let text = match (p.get("path").and_then(Value::as_str), p.get("patch").and_then(Value::as_str)) {
                (Some(path), _) => read_patch(files, dir, path)?,
                (None, Some(inline)) => inline.to_string(),
                (None, None) => return Err("must specify one of patch and path in {}".into()),
            };
            let docs = yaml::parse_documents(&text).map_err(|e| e.0)?;
            let target = p.get("target").filter(|t| t.is_object());
            match docs.as_slice() {
                [Value::Array(ops)] => {
                    let Some(target) = target else { return Err("must specify a target for JSON patch".into()) };
                    for r in res.iter_mut().filter(|r| matches_target(r, target)) {
                        json_patch(&mut r.value, ops)?;
                    }
                }
                _ => {
                    for patch in docs {
                        match target {
                            Some(t) => {
                                for r in res.iter_mut().filter(|r| matches_target(r, t)) {
                                    let mut patch = patch.clone();
                                    if let Some(meta) = metadata(&mut patch) {
                                        meta.remove("name");
                                        meta.remove("namespace");
                                    }
                                    if let Some(obj) = patch.as_object_mut() {
                                        obj.remove("kind");
                                        obj.remove("apiVersion");
                                    }
                                    smp(&mut r.value, &patch, "");
                                }
                            }
                            None => apply_smp_by_id(res, &patch)?,
                        }
                    }
                }
            }
        }
    }
    // namespace
    if let Some(ns) = k.get("namespace").and_then(Value::as_str).filter(|n| !n.is_empty()) {
        for r in res.iter_mut().filter(|r| namespaced(r.kind())) {
            if let Some(meta) = metadata(&mut r.value) {
                meta.insert("namespace".into(), Value::from(ns));
            }
        }
    }
    // namePrefix, nameSuffix (not CRDs, APIServices, Namespaces)
    let prefix = k.get("namePrefix").and_then(Value::as_str).unwrap_or("");
    let suffix = k.get("nameSuffix").and_then(Value::as_str).unwrap_or("");
    if !prefix.is_empty() || !suffix.is_empty() {
        for r in res.iter_mut().filter(|r| !matches!(r.kind(), "CustomResourceDefinition" | "APIService" | "Namespace")) {
            let name = format!("{prefix}{}{suffix}", r.name());
            r.rename(name);
        }
    }
    // commonLabels (selectors too), then labels
    let common = string_map(k, "commonLabels")?;
    if !common.is_empty() {
        for r in res.iter_mut() {
            add_labels(&mut r.value, &common, true, true);
        }
    }
    if let Some(list) = k.get("labels").and_then(Value::as_array) {
        for l in list {
            let Some(l) = l.as_object() else { continue };
            let pairs = string_map(l, "pairs")?;
            let selectors = l.get("includeSelectors").and_then(Value::as_bool).unwrap_or(false);
            let templates = l.get("includeTemplates").and_then(Value::as_bool).unwrap_or(false);
            for r in res.iter_mut() {
                add_labels(&mut r.value, &pairs, selectors, selectors || templates);
            }
        }
    }
    // commonAnnotations
    let annotations = string_map(k, "commonAnnotations")?;
    if !annotations.is_empty() {
        for r in res.iter_mut() {
            let kind = r.kind().to_string();
            set_at(&mut r.value, &["metadata", "annotations"], &annotations, true);
            for path in template_meta(&kind) {
                let mut p: Vec<&str> = path.to_vec();
                p.push("annotations");
                set_at(&mut r.value, &p, &annotations, true);
            }
        }
    }
    // patchesJson6902
    if let Some(list) = k.get("patchesJson6902").and_then(Value::as_array) {
        for p in list {
            let text = match (p.get("path").and_then(Value::as_str), p.get("patch").and_then(Value::as_str)) {
                (Some(path), _) => read_patch(files, dir, path)?,
                (None, Some(inline)) => inline.to_string(),
                _ => continue,
            };
            let ops = match yaml::parse_documents(&text).map_err(|e| e.0)?.into_iter().next() {
                Some(Value::Array(ops)) => ops,
                _ => Vec::new(),
            };
            let Some(target) = p.get("target") else { continue };
            for r in res.iter_mut().filter(|r| matches_target(r, target)) {
                json_patch(&mut r.value, &ops)?;
            }
        }
    }
    // replicas
    if let Some(list) = k.get("replicas").and_then(Value::as_array) {
        for rc in list {
            let name = rc.get("name").and_then(Value::as_str).unwrap_or("");
            let Some(count) = rc.get("count").cloned() else { continue };
            for r in res.iter_mut().filter(|r| {
                r.known_as(name) && matches!(r.kind(), "Deployment" | "ReplicationController" | "ReplicaSet" | "StatefulSet")
            }) {
                if let Some(spec) = child_map(&mut r.value, "spec") {
                    spec.insert("replicas".into(), count.clone());
                }
            }
        }
    }
    // images
    if let Some(list) = k.get("images").and_then(Value::as_array) {
        for r in res.iter_mut() {
            let spec_path = pod_spec(r.kind());
            for path in [&["spec"][..], &["spec", "template", "spec"], &["spec", "jobTemplate", "spec", "template", "spec"]] {
                if spec_path.is_some_and(|p| p != path) && path != ["spec"] {
                    continue;
                }
                let Some(spec) = path.iter().try_fold(&mut r.value, |v, k| v.get_mut(*k)) else { continue };
                for field in ["containers", "initContainers"] {
                    let Some(cs) = spec.get_mut(field).and_then(Value::as_array_mut) else { continue };
                    for c in cs {
                        let Some(image) = c.get("image").and_then(Value::as_str) else { continue };
                        if let Some(new) = list.iter().find_map(|i| new_image(image, i)) {
                            if let Some(obj) = c.as_object_mut() {
                                obj.insert("image".into(), Value::String(new));
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// `images:`'s rewrite of one image, if the entry names it.
fn new_image(image: &str, entry: &Value) -> Option<String> {
    let wanted = entry.get("name").and_then(Value::as_str)?;
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    // A tag is after the last colon that follows the last slash (a registry's port is not one).
    let (name, tag) = match rest.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => (n, Some(t)),
        _ => (rest, None),
    };
    if name != wanted {
        return None;
    }
    let new_name = entry.get("newName").and_then(Value::as_str).unwrap_or(name);
    let new_tag = entry.get("newTag").map(|t| match t {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let new_digest = entry.get("digest").and_then(Value::as_str);
    Some(match (new_digest, new_tag) {
        (Some(d), _) => format!("{new_name}@{d}"),
        (None, Some(t)) => format!("{new_name}:{t}"),
        (None, None) => match (tag, digest) {
            (_, Some(d)) => format!("{new_name}@{d}"),
            (Some(t), None) => format!("{new_name}:{t}"),
            (None, None) => new_name.to_string(),
        },
    })
}

fn child_map<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    let obj = v.as_object_mut()?;
    if !obj.get(key).is_some_and(Value::is_object) {
        obj.insert(key.into(), Value::Object(Map::new()));
    }
    obj.get_mut(key).and_then(Value::as_object_mut)
}

/// Kinds kustomize leaves without a namespace (cluster-scoped).
fn namespaced(kind: &str) -> bool {
    !matches!(
        kind,
        "Namespace" | "Node" | "PersistentVolume" | "StorageClass" | "ClusterRole" | "ClusterRoleBinding"
            | "CustomResourceDefinition" | "IngressClass" | "PriorityClass" | "ValidatingWebhookConfiguration"
            | "MutatingWebhookConfiguration" | "APIService" | "CSIDriver" | "CSINode" | "VolumeAttachment"
            | "RuntimeClass" | "ComponentStatus" | "CertificateSigningRequest" | "PodSecurityPolicy"
            | "ValidatingAdmissionPolicy" | "ValidatingAdmissionPolicyBinding" | "FlowSchema"
            | "PriorityLevelConfiguration"
    )
}

/// Where a kind keeps its pod template's metadata (metadatalabels.go, commonannotations.go).
fn template_meta(kind: &str) -> Vec<&'static [&'static str]> {
    match kind {
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" | "Job" | "ReplicationController" => {
            vec![&["spec", "template", "metadata"]]
        }
        "CronJob" => vec![&["spec", "jobTemplate", "metadata"], &["spec", "jobTemplate", "spec", "template", "metadata"]],
        _ => Vec::new(),
    }
}

/// The pod spec of a workload kind.
fn pod_spec(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Pod" => Some(&["spec"]),
        "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" | "Job" | "ReplicationController" => {
            Some(&["spec", "template", "spec"])
        }
        "CronJob" => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
        "PodTemplate" => Some(&["template", "spec"]),
        _ => None,
    }
}

/// Labels at metadata (and templates), and with `selectors` in the selectors
/// commonlabels.go lists.
fn add_labels(value: &mut Value, pairs: &[(String, String)], selectors: bool, templates: bool) {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    set_at(value, &["metadata", "labels"], pairs, true);
    if templates {
        for path in template_meta(&kind) {
            let mut p: Vec<&str> = path.to_vec();
            p.push("labels");
            set_at(value, &p, pairs, true);
        }
    }
    if !selectors {
        return;
    }
    let affinity: &[&[&str]] = &[
        &["spec", "template", "spec", "affinity", "podAffinity", "preferredDuringSchedulingIgnoredDuringExecution", "podAffinityTerm", "labelSelector", "matchLabels"],
        &["spec", "template", "spec", "affinity", "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "labelSelector", "matchLabels"],
        &["spec", "template", "spec", "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", "podAffinityTerm", "labelSelector", "matchLabels"],
        &["spec", "template", "spec", "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "labelSelector", "matchLabels"],
        &["spec", "template", "spec", "topologySpreadConstraints", "labelSelector", "matchLabels"],
    ];
    match kind.as_str() {
        "Service" | "ReplicationController" => set_at(value, &["spec", "selector"], pairs, true),
        "Deployment" | "StatefulSet" => {
            set_at(value, &["spec", "selector", "matchLabels"], pairs, true);
            for p in affinity {
                set_at(value, p, pairs, false);
            }
            if kind == "StatefulSet" {
                set_at(value, &["spec", "volumeClaimTemplates", "metadata", "labels"], pairs, true);
            }
        }
        "ReplicaSet" | "DaemonSet" => set_at(value, &["spec", "selector", "matchLabels"], pairs, true),
        "Job" | "PodDisruptionBudget" => set_at(value, &["spec", "selector", "matchLabels"], pairs, false),
        "CronJob" => set_at(value, &["spec", "jobTemplate", "spec", "selector", "matchLabels"], pairs, false),
        "NetworkPolicy" => {
            set_at(value, &["spec", "podSelector", "matchLabels"], pairs, false);
            set_at(value, &["spec", "ingress", "from", "podSelector", "matchLabels"], pairs, false);
            set_at(value, &["spec", "egress", "to", "podSelector", "matchLabels"], pairs, false);
        }
        _ => {}
    }
}

/// Sets pairs in the map at `path` (a field spec: lists on the way are walked
/// into); with `create`, missing maps on the way are made.
fn set_at(value: &mut Value, path: &[&str], pairs: &[(String, String)], create: bool) {
    if let Value::Array(items) = value {
        for item in items {
            set_at(item, path, pairs, create);
        }
        return;
    }
    let Some((first, rest)) = path.split_first() else {
        if value.is_null() && create {
            *value = Value::Object(Map::new());
        }
        if let Some(map) = value.as_object_mut() {
            for (k, v) in pairs {
                map.insert(k.clone(), Value::String(v.clone()));
            }
        }
        return;
    };
    let Some(obj) = value.as_object_mut() else { return };
    let present = obj.get(*first).is_some_and(|v| !v.is_null());
    if !present {
        if !create {
            return;
        }
        obj.insert(first.to_string(), Value::Object(Map::new()));
    }
    if let Some(child) = obj.get_mut(*first) {
        set_at(child, rest, pairs, create);
    }
}

// ---- patches ----

fn read_patch(files: &Vfs, dir: &str, path: &str) -> Result<String, String> {
    let abs = files.resolve(&join(dir, path));
    files
        .read(&abs)
        .map(str::to_string)
        .map_err(|_| format!("evalsymlink failure on '{abs}' : lstat {abs}: no such file or directory"))
}

/// A `patchesStrategicMerge` entry: a file's documents, or inline YAML.
fn patch_documents(files: &Vfs, dir: &str, entry: &str) -> Result<Vec<Value>, String> {
    let text = if entry.contains('\n') { entry.to_string() } else { read_patch(files, dir, entry)? };
    yaml::parse_documents(&text).map_err(|e| e.0)
}

/// A strategic merge patch on the resource its kind and name designate.
fn apply_smp_by_id(res: &mut Vec<Res>, patch: &Value) -> Result<(), String> {
    let kind = patch.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = patch.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    let ns = patch.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
    let found: Vec<usize> = res
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind() == kind && r.known_as(name) && (ns.is_empty() || r.namespace() == ns))
        .map(|(i, _)| i)
        .collect();
    let [i] = found.as_slice() else {
        let api = patch.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let ns = if ns.is_empty() { "[noNs]" } else { ns };
        let id = format!("{}/{name}.{ns}", gvk_string(api, kind));
        return Err(format!("no resource matches strategic merge patch \"{id}\": no matches for Id {id}; failed to find unique target for patch {id}"));
    };
    let deleted = patch.get("$patch").and_then(Value::as_str) == Some("delete");
    if deleted {
        res.remove(*i);
        return Ok(());
    }
    if let Some(r) = res.get_mut(*i) {
        let mut patch = patch.clone();
        if let Some(meta) = metadata(&mut patch) {
            meta.remove("name");
        }
        smp(&mut r.value, &patch, "");
    }
    Ok(())
}

/// Whether a patch's `target` selects the resource.
fn matches_target(r: &Res, t: &Value) -> bool {
    let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("");
    let (group, version) = r.api_version().split_once('/').unwrap_or(("", r.api_version()));
    (s("kind").is_empty() || s("kind") == r.kind())
        && (s("name").is_empty() || r.known_as(s("name")))
        && (s("namespace").is_empty() || s("namespace") == r.namespace())
        && (s("group").is_empty() || s("group") == group)
        && (s("version").is_empty() || s("version") == version)
        && selector_matches(&r.value, "labels", s("labelSelector"))
        && selector_matches(&r.value, "annotations", s("annotationSelector"))
}

/// An equality selector (`a=b,c!=d`, `a`) on labels or annotations.
fn selector_matches(value: &Value, field: &str, selector: &str) -> bool {
    let map = value.pointer(&format!("/metadata/{field}"));
    let get = |k: &str| map.and_then(|m| m.get(k)).and_then(Value::as_str);
    selector.split(',').map(str::trim).filter(|s| !s.is_empty()).all(|req| {
        if let Some((k, v)) = req.split_once("!=") {
            get(k.trim()) != Some(v.trim())
        } else if let Some((k, v)) = req.split_once('=') {
            get(k.trim()) == Some(v.trim_start_matches('=').trim())
        } else if let Some(k) = req.strip_prefix('!') {
            get(k.trim()).is_none()
        } else {
            get(req).is_some()
        }
    })
}

/// The merge key of a list the API merges by key (the types' patchMergeKey).
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    let has = |k: &str| items.iter().any(|i| i.get(k).is_some());
    match field {
        "containers" | "initContainers" | "ephemeralContainers" | "env" | "volumes" | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "hostAliases" => Some("ip"),
        "ports" if has("containerPort") => Some("containerPort"),
        "ports" => Some("port"),
        _ => None,
    }
}

/// A strategic merge patch (maps merged, `null` deletes, keyed lists merged by
/// key, `$patch: delete|replace`, other lists replaced).
fn smp(target: &mut Value, patch: &Value, _field: &str) {
    let Some(p) = patch.as_object() else {
        *target = patch.clone();
        return;
    };
    match p.get("$patch").and_then(Value::as_str) {
        Some("replace") => {
            let mut v = patch.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("$patch");
            }
            *target = v;
            return;
        }
        Some("delete") => {
            *target = Value::Null;
            return;
        }
        _ => {}
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Some(t) = target.as_object_mut() else { return };
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        match v {
            Value::Null => {
                t.remove(k);
            }
            Value::Object(_) => {
                let slot = t.entry(k.clone()).or_insert(Value::Null);
                smp(slot, v, k);
                if slot.is_null() {
                    t.remove(k);
                }
            }
            Value::Array(items) => match (merge_key(k, items), t.get_mut(k)) {
                (Some(key), Some(Value::Array(existing))) => merge_list(existing, items, key),
                _ => {
                    let kept: Vec<Value> = items
                        .iter()
                        .filter(|i| i.get("$patch").and_then(Value::as_str) != Some("delete"))
                        .cloned()
                        .collect();
                    t.insert(k.clone(), Value::Array(kept));
                }
            },
            other => {
                t.insert(k.clone(), other.clone());
            }
        }
    }
}

/// A keyed list merged as kustomize merges it: the patch's items (merged
/// into the live ones they name) in the patch's order, then the others.
fn merge_list(existing: &mut Vec<Value>, items: &[Value], key: &str) {
    let live = std::mem::take(existing);
    let mut patched: Vec<Value> = Vec::new();
    let mut named: Vec<usize> = Vec::new();
    for item in items {
        let at = item.get(key).and_then(|id| live.iter().position(|l| l.get(key) == Some(id)));
        named.extend(at);
        if item.get("$patch").and_then(Value::as_str) == Some("delete") {
            continue;
        }
        let mut merged = at.and_then(|i| live.get(i).cloned()).unwrap_or(Value::Null);
        if merged.is_null() {
            merged = item.clone();
        } else {
            smp(&mut merged, item, key);
        }
        patched.push(merged);
    }
    // kustomize's merge puts the patch's items first, then the live ones it did not name.
    existing.extend(patched);
    existing.extend(live.iter().enumerate().filter(|(i, _)| !named.contains(i)).map(|(_, v)| v.clone()));
}

/// RFC 6902 operations (add, remove, replace, move, copy, test).
fn json_patch(value: &mut Value, ops: &[Value]) -> Result<(), String> {
    for op in ops {
        let s = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let (kind, path) = (s("op"), s("path"));
        match kind.as_str() {
            "add" => add_at(value, &path, op.get("value").cloned().unwrap_or(Value::Null))?,
            "remove" => {
                remove_at(value, &path)?;
            }
            "replace" => {
                remove_at(value, &path)?;
                add_at(value, &path, op.get("value").cloned().unwrap_or(Value::Null))?;
            }
            "move" => {
                let v = remove_at(value, &s("from"))?;
                add_at(value, &path, v)?;
            }
            "copy" => {
                let v = value.pointer(&s("from")).cloned().ok_or_else(|| missing_path(&s("from")))?;
                add_at(value, &path, v)?;
            }
            "test" => {
                if value.pointer(&path) != op.get("value") {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn missing_path(path: &str) -> String {
    format!("unable to find {path}: doc is missing path: \"{path}\": missing value")
}

fn split_pointer(path: &str) -> Option<(String, String)> {
    let (parent, last) = path.rsplit_once('/')?;
    Some((parent.to_string(), last.replace("~1", "/").replace("~0", "~")))
}

fn add_at(value: &mut Value, path: &str, new: Value) -> Result<(), String> {
    if path.is_empty() {
        *value = new;
        return Ok(());
    }
    let (parent, last) = split_pointer(path).ok_or_else(|| missing_path(path))?;
    match value.pointer_mut(&parent) {
        Some(Value::Object(map)) => {
            map.insert(last, new);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let at = if last == "-" { items.len() } else { last.parse::<usize>().map_err(|_| missing_path(path))? };
            if at > items.len() {
                return Err(missing_path(path));
            }
            items.insert(at, new);
            Ok(())
        }
        _ => Err(missing_path(path)),
    }
}

fn remove_at(value: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path).ok_or_else(|| missing_path(path))?;
    let removed = match value.pointer_mut(&parent) {
        Some(Value::Object(map)) => map.remove(&last),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => Some(items.remove(i)),
            _ => None,
        },
        _ => None,
    };
    removed.ok_or_else(|| missing_path(path))
}

// ---- references to renamed objects (namereference.go) ----

/// The JSON pointers of the names a resource refers to, with the kind each names.
fn references(value: &Value) -> Vec<(String, String)> {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |k: &str, p: String| {
        if value.pointer(&p).is_some_and(Value::is_string) {
            out.push((k.to_string(), p));
        }
    };
    if let Some(path) = pod_spec(kind) {
        let base = format!("/{}", path.join("/"));
        let spec = value.pointer(&base);
        let len = |p: &str| spec.and_then(|s| s.pointer(p)).and_then(Value::as_array).map_or(0, Vec::len);
        for v in 0..len("/volumes") {
            push("ConfigMap", format!("{base}/volumes/{v}/configMap/name"));
            push("Secret", format!("{base}/volumes/{v}/secret/secretName"));
            push("PersistentVolumeClaim", format!("{base}/volumes/{v}/persistentVolumeClaim/claimName"));
            for s in 0..len(&format!("/volumes/{v}/projected/sources")) {
                push("ConfigMap", format!("{base}/volumes/{v}/projected/sources/{s}/configMap/name"));
                push("Secret", format!("{base}/volumes/{v}/projected/sources/{s}/secret/name"));
            }
        }
        for field in ["containers", "initContainers"] {
            for c in 0..len(&format!("/{field}")) {
                for e in 0..len(&format!("/{field}/{c}/env")) {
                    push("ConfigMap", format!("{base}/{field}/{c}/env/{e}/valueFrom/configMapKeyRef/name"));
                    push("Secret", format!("{base}/{field}/{c}/env/{e}/valueFrom/secretKeyRef/name"));
                }
                for e in 0..len(&format!("/{field}/{c}/envFrom")) {
                    push("ConfigMap", format!("{base}/{field}/{c}/envFrom/{e}/configMapRef/name"));
                    push("Secret", format!("{base}/{field}/{c}/envFrom/{e}/secretRef/name"));
                }
            }
        }
        for i in 0..len("/imagePullSecrets") {
            push("Secret", format!("{base}/imagePullSecrets/{i}/name"));
        }
        push("ServiceAccount", format!("{base}/serviceAccountName"));
        push("PriorityClass", format!("{base}/priorityClassName"));
    }
    let len = |p: &str| value.pointer(p).and_then(Value::as_array).map_or(0, Vec::len);
    match kind {
        "StatefulSet" => push("Service", "/spec/serviceName".into()),
        "Ingress" => {
            push("Service", "/spec/defaultBackend/service/name".into());
            push("IngressClass", "/spec/ingressClassName".into());
            for r in 0..len("/spec/rules") {
                for p in 0..len(&format!("/spec/rules/{r}/http/paths")) {
                    push("Service", format!("/spec/rules/{r}/http/paths/{p}/backend/service/name"));
                }
            }
            for t in 0..len("/spec/tls") {
                push("Secret", format!("/spec/tls/{t}/secretName"));
            }
        }
        "HorizontalPodAutoscaler" => {
            let target = value.pointer("/spec/scaleTargetRef/kind").and_then(Value::as_str).unwrap_or("");
            if matches!(target, "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController") {
                push(target, "/spec/scaleTargetRef/name".into());
            }
        }
        "RoleBinding" | "ClusterRoleBinding" => {
            let target = value.pointer("/roleRef/kind").and_then(Value::as_str).unwrap_or("");
            if matches!(target, "Role" | "ClusterRole") {
                push(target, "/roleRef/name".into());
            }
            for s in 0..len("/subjects") {
                if value.pointer(&format!("/subjects/{s}/kind")).and_then(Value::as_str) == Some("ServiceAccount") {
                    push("ServiceAccount", format!("/subjects/{s}/name"));
                }
            }
        }
        "ServiceAccount" => {
            for i in 0..len("/imagePullSecrets") {
                push("Secret", format!("/imagePullSecrets/{i}/name"));
            }
        }
        "PersistentVolumeClaim" => {
            push("PersistentVolume", "/spec/volumeName".into());
            push("StorageClass", "/spec/storageClassName".into());
        }
        "PersistentVolume" => push("StorageClass", "/spec/storageClassName".into()),
        _ => {}
    }
    out
}

/// Points references at the names their objects ended with.
fn fix_references(res: &mut [Res]) {
    let mut changes: Vec<(usize, String, String)> = Vec::new();
    for (i, r) in res.iter().enumerate() {
        let ns = r.namespace();
        for (kind, pointer) in references(&r.value) {
            let Some(name) = r.value.pointer(&pointer).and_then(Value::as_str) else { continue };
            let same_ns = |o: &Res| !namespaced(&kind) || o.namespace() == ns || (o.namespace().is_empty() && ns == "default") || (ns.is_empty() && o.namespace() == "default");
            // A name an object has now stays; one it had follows it.
            if res.iter().any(|o| o.kind() == kind && o.name() == name && same_ns(o)) {
                continue;
            }
            if let Some(o) = res.iter().find(|o| o.kind() == kind && o.old_names.iter().any(|n| n == name) && same_ns(o)) {
                changes.push((i, pointer, o.name().to_string()));
            }
        }
    }
    for (i, pointer, name) in changes {
        if let Some(slot) = res.get_mut(i).and_then(|r| r.value.pointer_mut(&pointer)) {
            *slot = Value::String(name);
        }
    }
}

// ---- vars (deprecated, still in kubectl's kustomize) ----

/// `$(NAME)` of each var replaced by its object's field (`fieldref.fieldpath`,
/// `metadata.name` by default) in the fields varreference.go lists: a pod
/// template's containers' command, args and env values, an Ingress's hosts.
fn resolve_vars(res: &mut [Res], vars: &[Value]) -> Result<(), String> {
    if vars.is_empty() {
        return Ok(());
    }
    let mut values: Vec<(String, String)> = Vec::new();
    for var in vars {
        let name = var.get("name").and_then(Value::as_str).unwrap_or("");
        let kind = var.pointer("/objref/kind").and_then(Value::as_str).unwrap_or("");
        let object = var.pointer("/objref/name").and_then(Value::as_str).unwrap_or("");
        let path = var.pointer("/fieldref/fieldpath").and_then(Value::as_str).unwrap_or("metadata.name");
        let found = res.iter().find(|r| r.kind() == kind && r.known_as(object));
        let value = found.and_then(|r| path.split('.').try_fold(&r.value, |v, k| v.get(k))).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        match value {
            Some(v) => values.push((name.to_string(), v)),
            None => {
                return Err(format!(
                    "var '{name}' cannot be mapped to a field in the set of known resources"
                ));
            }
        }
    }
    let substitute = |text: &str| -> String {
        let mut out = text.to_string();
        for (name, value) in &values {
            out = out.replace(&format!("$({name})"), value);
        }
        out
    };
    for r in res.iter_mut() {
        let kind = r.kind().to_string();
        if let Some(path) = pod_spec(&kind) {
            let Some(spec) = path.iter().try_fold(&mut r.value, |v, k| v.get_mut(*k)) else { continue };
            for field in ["containers", "initContainers"] {
                for c in spec.get_mut(field).and_then(Value::as_array_mut).into_iter().flatten() {
                    for list in ["command", "args"] {
                        for w in c.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
                            if let Value::String(s) = w {
                                *s = substitute(s);
                            }
                        }
                    }
                    for e in c.get_mut("env").and_then(Value::as_array_mut).into_iter().flatten() {
                        if let Some(Value::String(s)) = e.get_mut("value") {
                            *s = substitute(s);
                        }
                    }
                }
            }
        } else if kind == "Ingress" {
            for rule in r.value.pointer_mut("/spec/rules").and_then(Value::as_array_mut).into_iter().flatten() {
                if let Some(Value::String(h)) = rule.get_mut("host") {
                    *h = substitute(h);
                }
            }
            for tls in r.value.pointer_mut("/spec/tls").and_then(Value::as_array_mut).into_iter().flatten() {
                for h in tls.get_mut("hosts").and_then(Value::as_array_mut).into_iter().flatten() {
                    if let Value::String(s) = h {
                        *s = substitute(s);
                    }
                }
            }
        }
    }
    Ok(())
}

// ---- the legacy order (kubectl's ReorderOptionLegacy) ----

const ORDER_FIRST: &[&str] = &[
    "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy",
    "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service",
    "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet",
    "CronJob", "PodDisruptionBudget",
];
const ORDER_LAST: &[&str] = &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

fn legacy_sort(res: &mut [Res]) {
    let rank = |kind: &str| -> i64 {
        if let Some(i) = ORDER_FIRST.iter().position(|k| *k == kind) {
            return i as i64 - ORDER_FIRST.len() as i64;
        }
        ORDER_LAST.iter().position(|k| *k == kind).map_or(0, |i| i as i64 + 1)
    };
    // One string per resource, ordered as the tuple (rank, GVK, id) would be
    // (NUL separates: below any character), then its index: the crate's
    // existing `sort::<String>` rather than one more copy of the sort.
    let key = |(i, r): (usize, &Res)| {
        let (group, version) = r.api_version().split_once('/').unwrap_or(("", r.api_version()));
        let or = |d: &str, v: &str| if v.is_empty() { d.to_string() } else { v.to_string() };
        let gvk = format!("{}_{}_{}", or("~G", group), or("~V", version), or("~K", r.kind()));
        let id = format!("{}|{}|{}", gvk_string(r.api_version(), r.kind()), or("~X", r.namespace()), or("~N", r.name()));
        format!("{:03}\u{0}{gvk}\u{0}{id}\u{0}{i:06}", rank(r.kind()) + 100)
    };
    let mut keyed: Vec<String> = res.iter().enumerate().map(key).collect();
    crate::sort::sort(&mut keyed);
    let order: Vec<usize> = keyed.iter().filter_map(|k| k.rsplit('\u{0}').next()?.parse().ok()).collect();
    let mut taken: Vec<Option<Res>> = Vec::new();
    // Permute through a temporary list of values.
    for r in res.iter_mut() {
        taken.push(Some(Res { value: std::mem::take(&mut r.value), old_names: std::mem::take(&mut r.old_names), hash: r.hash }));
    }
    for (slot, i) in res.iter_mut().zip(order) {
        if let Some(r) = taken.get_mut(i).and_then(Option::take) {
            *slot = r;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_kustomizes() {
        // What kubectl 1.32 prints for kubernetes.io's special-config-2 (the page shows an older kustomize's c92b5mmcf2).
        let cm = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "special-config-2"},
            "data": {"special.how": "very", "special.type": "charm"}});
        assert_eq!(hash(&cm), "2b86tk8fhm");
    }
}
