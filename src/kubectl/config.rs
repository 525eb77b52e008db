//! `kubectl config`: the kubeconfig's clusters, users and contexts, as
//! kubectl 1.32 edits and prints them (checked against the real client on a
//! scratch KUBECONFIG). A context may name another cluster: commands then go
//! to that cluster's server, which the simulation reaches only when it is
//! minikube's (`reach`).

use serde_json::{Map, Value, json};

use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::{Config, Ctx};

pub(crate) const FLAGS: &[Flag] = &[
    flag("current", None, Arg::Bool),
    flag("minify", None, Arg::Bool),
    flag("raw", None, Arg::Bool),
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("no-headers", None, Arg::Bool),
    flag("cluster", None, Arg::Text),
    flag("user", None, Arg::Text),
    flag("server", None, Arg::Text),
    flag("certificate-authority", None, Arg::Text),
    flag("insecure-skip-tls-verify", None, Arg::Bool),
    flag("tls-server-name", None, Arg::Text),
    flag("token", None, Arg::Text),
    flag("username", None, Arg::Text),
    flag("password", None, Arg::Text),
    flag("client-certificate", None, Arg::Text),
    flag("client-key", None, Arg::Text),
    flag("set-raw-bytes", None, Arg::Bool),
];

pub const CONTEXT: &str = "minikube";
/// minikube's API server, the one server this simulation answers for.
pub const MINIKUBE_SERVER: &str = "https://192.168.49.2:8443";
/// Where kubectl read its kubeconfig (named in its messages).
const FILE: &str = "/home/atelier/.kube/config";

type Entries = Vec<(String, Map<String, Value>)>;

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let Some((sub, rest)) = args.split_first() else {
        return Output::fail(super::help::for_command(ctx.docs, "config"));
    };
    let command = format!("config {sub}");
    // `--namespace` belongs to set-context here, not to the global flags.
    let p = match super::parse(rest, FLAGS, &command) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let config = &mut *ctx.config;
    let first = p.args.first().map(String::as_str);
    match sub.as_str() {
        "current-context" if config.current.is_empty() => Output::fail("error: current-context is not set\n"),
        "current-context" => Output::ok(format!("{}\n", config.current)),
        "get-contexts" => get_contexts(config, &p.args, p.text_or("output", ""), p.bool("no-headers")),
        "set" => super::config_set::set(config, ctx.docs, &p.args, p.bool("set-raw-bytes")),
        "unset" => super::config_set::unset(config, ctx.docs, &p.args),
        "get-clusters" => names(&config.clusters),
        "get-users" => names(&config.users),
        "use-context" | "use" => match first {
            Some(n) if config.contexts.iter().any(|(c, _)| c == n) => {
                config.current = n.to_string();
                Output::ok(format!("Switched to context \"{n}\".\n"))
            }
            Some(n) if !n.is_empty() => Output::fail(format!("error: no context exists with the name: \"{n}\"\n")),
            _ => Output::fail("error: empty context names are not allowed\n"),
        },
        "set-context" => {
            let name = match (p.bool("current"), first) {
                (true, None) if config.current.is_empty() => {
                    return Output::fail("error: no current context is set\n");
                }
                (true, None) => config.current.clone(),
                (true, Some(_)) => {
                    return Output::fail("error: you cannot specify both a context name and --current\n");
                }
                (false, Some(n)) if !n.is_empty() => n.to_string(),
                _ => return Output::fail("error: you must specify a non-empty context name or --current\n"),
            };
            let mut fields = Vec::new();
            for (flag, key) in [("cluster", "cluster"), ("user", "user"), ("namespace", "namespace")] {
                if let Some(v) = p.text(flag) {
                    fields.push((key, json!(v)));
                }
            }
            let created = set(&mut config.contexts, &name, fields);
            Output::ok(format!("Context \"{name}\" {}.\n", if created { "created" } else { "modified" }))
        }
        "set-cluster" | "set-credentials" | "delete-context" | "delete-cluster" | "delete-user" | "rename-context" => {
            change_entries(config, sub, &p)
        }
        "view" => {
            let format = match super::printers::parse_format(&p, ctx.files, super::printers::PrintFlags::Generic) {
                Ok(f) => f,
                Err(o) => return o,
            };
            let config = match kubeconfig(config, p.bool("minify"), p.bool("raw")) {
                Ok(c) => c,
                Err(o) => return o,
            };
            use super::printers::Format;
            match format {
                // kubectl prints its own Config struct: JSON in field order,
                // YAML through JSON-to-YAML, which sorts the keys.
                Format::Json => Output::ok(super::yaml::to_json_text_ordered(&config)),
                // The name printer finds no metadata in a Config.
                Format::Name => Output::ok("config/<unknown>\n"),
                f @ (Format::JsonPath(_) | Format::GoTemplate(_)) => {
                    super::printers::print_template(&f, &config).unwrap_or_default()
                }
                _ => Output::ok(super::yaml::to_yaml(&super::yaml::sort_keys(&config))),
            }
        }
        "-h" | "--help" => Output::ok(super::help::for_command(ctx.docs, "config")),
        other => {
            Output::fail(format!("error: unknown command \"{other}\"\nSee 'kubectl config -h' for help and examples\n"))
        }
    }
}

/// The commands that add, change, delete or rename clusters, users and
/// contexts: not every learner's (the page's lazy part, scripts/lazy.txt).
#[inline(never)]
fn change_entries(config: &mut Config, sub: &str, p: &super::flags::Parsed) -> Output {
    let first = p.args.first().map(String::as_str);
    match sub {
        "set-cluster" | "set-credentials" => {
            let Some(name) = first.filter(|n| !n.is_empty()) else {
                let what = if sub == "set-cluster" { "cluster" } else { "user" };
                return Output::fail(format!("error: you must specify a non-empty {what} name\n"));
            };
            let keys: &[&str] = if sub == "set-cluster" {
                &["server", "certificate-authority", "tls-server-name"]
            } else {
                &["token", "username", "password", "client-certificate", "client-key"]
            };
            let mut fields: Vec<(&str, Value)> =
                keys.iter().filter_map(|k| p.text(k).map(|v| (*k, json!(v)))).collect();
            if p.has("insecure-skip-tls-verify") {
                fields.push(("insecure-skip-tls-verify", json!(p.bool("insecure-skip-tls-verify"))));
            }
            if sub == "set-cluster" {
                set(&mut config.clusters, name, fields);
                Output::ok(format!("Cluster \"{name}\" set.\n"))
            } else {
                set(&mut config.users, name, fields);
                Output::ok(format!("User \"{name}\" set.\n"))
            }
        }
        "delete-context" | "delete-cluster" | "delete-user" => {
            let what = &sub["delete-".len()..];
            let entries = match what {
                "context" => &mut config.contexts,
                "cluster" => &mut config.clusters,
                _ => &mut config.users,
            };
            let Some(name) = first else {
                return Output::fail(format!("error: you must specify a {what} to delete\n"));
            };
            let Some(i) = entries.iter().position(|(n, _)| n == name) else {
                return Output::fail(format!("error: cannot delete {what} {name}, not in {FILE}\n"));
            };
            entries.remove(i);
            let mut out = Output::ok(format!("deleted {what} {name} from {FILE}\n"));
            if what == "context" && config.current == name {
                out.chunks.insert(0, (super::output::Stream::Err, "warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n".into()));
            }
            out
        }
        "rename-context" => match p.args.as_slice() {
            [old, new] => {
                if config.contexts.iter().any(|(n, _)| n == new) {
                    return Output::fail(format!(
                        "error: cannot rename the context \"{old}\", the context \"{new}\" already exists in {FILE}\n"
                    ));
                }
                let Some(entry) = config.contexts.iter_mut().find(|(n, _)| n == old) else {
                    return Output::fail(format!("error: cannot rename the context \"{old}\", it's not in {FILE}\n"));
                };
                entry.0 = new.clone();
                if config.current == *old {
                    config.current = new.clone();
                }
                Output::ok(format!("Context \"{old}\" renamed to \"{new}\".\n"))
            }
            _ => Output::fail(
                "error: Unexpected args: expected 2 arguments\nSee 'kubectl config rename-context -h' for help and examples\n",
            ),
        },
        _ => Output::new(),
    }
}

/// `set-*`: an entry's fields set (a new entry appended); true when new.
fn set(entries: &mut Entries, name: &str, fields: Vec<(&str, Value)>) -> bool {
    let created = !entries.iter().any(|(n, _)| n == name);
    if created {
        entries.push((name.to_string(), Map::new()));
    }
    if let Some((_, entry)) = entries.iter_mut().find(|(n, _)| n == name) {
        entry.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v)));
    }
    created
}

/// `get-clusters`, `get-users`: kubectl lists them sorted, under `NAME`.
fn names(entries: &Entries) -> Output {
    let mut names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    crate::sort::sort(&mut names);
    Output::ok(names.iter().fold("NAME\n".to_string(), |text, n| text + n + "\n"))
}

/// `get-contexts [NAME…]`: the table (or names), sorted by name; each
/// missing name is an error after it.
fn get_contexts(config: &Config, wanted: &[String], output: &str, no_headers: bool) -> Output {
    // get_contexts.go: only '' and 'name' are output formats here.
    if !matches!(output, "" | "name") {
        return Output::fail(format!(
            "error: --output {output} is not available in kubectl config get-contexts; resetting to default output format\n"
        ));
    }
    let mut shown: Vec<&(String, Map<String, Value>)> =
        config.contexts.iter().filter(|(n, _)| wanted.is_empty() || wanted.contains(n)).collect();
    crate::sort::sort_by(&mut shown, |a, b| a.0.cmp(&b.0));
    let mut out = Output::new();
    if output == "name" {
        for (name, _) in &shown {
            out.out(format!("{name}\n"));
        }
    } else {
        let mut rows =
            vec![vec!["CURRENT".into(), "NAME".into(), "CLUSTER".into(), "AUTHINFO".into(), "NAMESPACE".into()]];
        let field = |c: &Map<String, Value>, k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        for (name, c) in &shown {
            let current = if *name == config.current { "*" } else { "" };
            rows.push(vec![current.into(), name.clone(), field(c, "cluster"), field(c, "user"), field(c, "namespace")]);
        }
        let refs: Vec<&Vec<String>> = rows.iter().skip(usize::from(no_headers)).collect();
        out.out(super::table::render_cells(&refs));
    }
    // One error is 'error: …'; several are an aggregate, printed a line
    // each without the prefix (cmdutil's MultipleErrors).
    let missing: Vec<&String> = wanted.iter().filter(|n| !config.contexts.iter().any(|(c, _)| c == *n)).collect();
    let prefix = if missing.len() == 1 { "error: " } else { "" };
    for name in missing {
        out.err(format!("{prefix}context {name} not found\n"));
        out.code = 1;
    }
    out
}

/// The kubeconfig as `config view` prints it, in the field order of
/// client-go's `Config` (what `-o json` prints); `--minify` keeps what the
/// current context uses; without `--raw`, secrets read `REDACTED`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
fn kubeconfig(config: &Config, minify: bool, raw: bool) -> Result<Value, Output> {
    let context = config.context();
    if minify && context.is_none() {
        return Err(Output::fail(if config.current.is_empty() {
            "error: current-context must exist in order to minify\n".to_string()
        } else {
            format!("error: cannot locate context {}\n", config.current)
        }));
    }
    let used =
        |kind: &str, name: &str| !minify || context.and_then(|c| c.get(kind)).and_then(Value::as_str) == Some(name);
    let list = |entries: &Entries, key: &str, kind: &str| -> Value {
        // client-go keeps them in maps: printed in the order of their names.
        let mut sorted: Vec<&(String, Map<String, Value>)> = entries.iter().collect();
        crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
        let items: Vec<Value> = sorted
            .into_iter()
            .filter(|(n, _)| kind.is_empty() && (!minify || *n == config.current) || !kind.is_empty() && used(kind, n))
            .map(|(name, fields)| {
                let mut fields = fields.clone();
                if !raw {
                    for secret in ["token", "password", "client-key-data", "client-certificate-data"] {
                        if fields.contains_key(secret) {
                            fields.insert(
                                secret.into(),
                                json!(if secret.ends_with("-data") { "DATA+OMITTED" } else { "REDACTED" }),
                            );
                        }
                    }
                }
                let mut item = Map::new();
                item.insert("name".into(), json!(name));
                item.insert(key.into(), Value::Object(with_go_fields(key, fields)));
                Value::Object(item)
            })
            .collect();
        if items.is_empty() { Value::Null } else { Value::Array(items) }
    };
    let mut view = Map::new();
    view.insert("kind".into(), json!("Config"));
    view.insert("apiVersion".into(), json!("v1"));
    view.insert("preferences".into(), json!({}));
    view.insert("clusters".into(), list(&config.clusters, "cluster", "cluster"));
    view.insert("users".into(), list(&config.users, "user", "user"));
    view.insert("contexts".into(), list(&config.contexts, "context", ""));
    view.insert("current-context".into(), json!(config.current));
    Ok(Value::Object(view))
}

/// The kubeconfig file's text as kubectl (and minikube) write it
/// (`clientcmd.WriteToFile`: the `v1` Config as YAML, keys sorted, an empty
/// list as `null`). Every learner's session writes it at start and after a
/// `config` command, so it stays small and in the page's first part.
pub(crate) fn file_text(config: &Config) -> String {
    let list = |entries: &Entries, key: &str| -> Value {
        if entries.is_empty() {
            return Value::Null;
        }
        // client-go keeps them in maps: written in the order of their names.
        let mut sorted: Vec<&(String, Map<String, Value>)> = entries.iter().collect();
        crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
        Value::Array(
            sorted
                .into_iter()
                .map(|(name, fields)| {
                    let mut item = Map::new();
                    item.insert("name".into(), Value::from(name.as_str()));
                    item.insert(key.into(), Value::Object(with_go_fields(key, fields.clone())));
                    Value::Object(item)
                })
                .collect(),
        )
    };
    let mut file = Map::new();
    file.insert("apiVersion".into(), Value::from("v1"));
    file.insert("clusters".into(), list(&config.clusters, "cluster"));
    file.insert("contexts".into(), list(&config.contexts, "context"));
    file.insert("current-context".into(), Value::from(config.current.as_str()));
    file.insert("kind".into(), Value::from("Config"));
    file.insert("preferences".into(), Value::Object(Map::new()));
    file.insert("users".into(), list(&config.users, "user"));
    super::yaml::to_yaml(&Value::Object(file))
}

/// Reads a kubeconfig file the learner changed, as client-go's loader does
/// (`clientcmd.Load`: YAML to JSON, then Go's decoding of the `v1` Config,
/// unknown fields ignored); an empty file is an empty config. The error is
/// what follows `error loading config file "PATH": `.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn load(text: &str) -> Result<Config, String> {
    let empty = Config { clusters: Vec::new(), users: Vec::new(), contexts: Vec::new(), current: String::new() };
    let doc = super::yaml::parse_documents(text).map_err(|e| e.0)?.into_iter().next();
    let doc = match doc {
        None | Some(Value::Null) => return Ok(empty),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(format!(
                "couldn't get version/kind; json parse error: json: cannot unmarshal {} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}",
                go_type(&other)
            ));
        }
    };
    let mut config = empty;
    for (field, key, go) in
        [("clusters", "cluster", "NamedCluster"), ("contexts", "context", "NamedContext"), ("users", "user", "NamedAuthInfo")]
    {
        let entries = match doc.get(field) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go struct field Config.{field} of type []v1.{go}",
                    go_type(other)
                ));
            }
        };
        let mut named = Vec::new();
        for item in entries {
            let unmarshal = |what: &Value, path: &str, ty: &str| {
                format!("json: cannot unmarshal {} into Go struct field {path} of type {ty}", go_type(what))
            };
            let Value::Object(item) = item else {
                return Err(unmarshal(item, &format!("Config.{field}"), &format!("v1.{go}")));
            };
            let name = match item.get("name") {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(n)) => n.clone(),
                Some(other) => return Err(unmarshal(other, &format!("{go}.{field}.name"), "string")),
            };
            let fields = match item.get(key) {
                None | Some(Value::Null) => Map::new(),
                Some(Value::Object(f)) => f.clone(),
                Some(other) => {
                    let ty = match key {
                        "cluster" => "v1.Cluster",
                        "context" => "v1.Context",
                        _ => "v1.AuthInfo",
                    };
                    return Err(unmarshal(other, &format!("{go}.{field}.{key}"), ty));
                }
            };
            named.push((name, fields));
        }
        match field {
            "clusters" => config.clusters = named,
            "contexts" => config.contexts = named,
            _ => config.users = named,
        }
    }
    match doc.get("current-context") {
        None | Some(Value::Null) => {}
        Some(Value::String(c)) => config.current = c.clone(),
        Some(other) => {
            return Err(format!(
                "json: cannot unmarshal {} into Go struct field Config.current-context of type string",
                go_type(other)
            ));
        }
    }
    Ok(config)
}

/// An entry as client-go's `v1` types encode it: a Cluster's `server` and a
/// Context's `cluster` and `user` have no `omitempty`, so they are written
/// even when empty.
fn with_go_fields(key: &str, mut fields: Map<String, Value>) -> Map<String, Value> {
    let always: &[&str] = match key {
        "cluster" => &["server"],
        "context" => &["cluster", "user"],
        _ => &[],
    };
    for field in always {
        fields.entry(field.to_string()).or_insert_with(|| Value::from(""));
    }
    fields
}

/// How Go's encoding/json names a JSON value's type in its errors.
fn go_type(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// Where commands that need the API server go: `None` when the current
/// context leads to minikube's server; else what kubectl prints in place of
/// an answer (the context missing, no server, or a server out of reach).
pub(crate) fn reach(config: &Config) -> Option<Unreachable> {
    // No current context (`minikube delete` unset it): client-go's defaults.
    let context = if config.current.is_empty() { Some(&Map::new()) } else { config.context() };
    let Some(context) = context else {
        return Some(Unreachable::Configuration(format!(
            "Error in configuration: context was not found for specified context: {}\n",
            config.current
        )));
    };
    let cluster = context.get("cluster").and_then(Value::as_str).unwrap_or_default();
    let server = config
        .clusters
        .iter()
        .find(|(n, _)| n == cluster)
        .and_then(|(_, c)| c.get("server"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    match server {
        Some(MINIKUBE_SERVER) => None,
        // No server: client-go's default, where nothing listens.
        None => Some(Unreachable::Server(Endpoint {
            api: "http://localhost:8080".into(),
            error: "dial tcp 127.0.0.1:8080: connect: connection refused".into(),
            dial_millis: 1,
        })),
        Some(url) => {
            let host = url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or_default();
            let host = if host.contains(':') { host.to_string() } else { format!("{host}:443") };
            Some(Unreachable::Server(Endpoint {
                api: url.trim_end_matches('/').to_string(),
                // client-go's dialer gives up after 30 s.
                error: format!("dial tcp {host}: i/o timeout"),
                dial_millis: 30_000,
            }))
        }
    }
}

/// Why the API server does not answer.
pub(crate) enum Unreachable {
    /// The kubeconfig itself is wrong: kubectl stops before any request.
    Configuration(String),
    /// A server that never answers.
    Server(Endpoint),
}

/// A server kubectl cannot reach: its URL, what each dial gives, and after how long.
pub(crate) struct Endpoint {
    pub api: String,
    pub error: String,
    pub dial_millis: i64,
}

impl Endpoint {
    /// The last line kubectl prints (cmdutil's StandardErrorMessage: a refused
    /// connection has its own words).
    pub(crate) fn gone(&self) -> String {
        if self.error.ends_with("connection refused") {
            let host = self.api.split("://").nth(1).unwrap_or(&self.api);
            format!("The connection to the server {host} was refused - did you specify the right host or port?\n")
        } else {
            format!("Unable to connect to the server: {}\n", self.error)
        }
    }
}

#[cfg(test)]
mod tests {
    fn view(args: &[&str]) -> String {
        let mut s = crate::shell::Session::new(1, 0);
        s.input("kubectl config set-context --current --namespace=atelier");
        let line = format!("kubectl config view {}", args.join(" "));
        s.input(&line).output.text()
    }

    #[test]
    fn view_prints_the_kubeconfig_in_each_format() {
        let yaml = view(&[]);
        assert!(
            yaml.starts_with(
                "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /home/atelier/.minikube/ca.crt\n"
            ),
            "{yaml}"
        );
        assert!(yaml.contains("    namespace: atelier\n    user: minikube\n  name: minikube\ncurrent-context: minikube\nkind: Config\npreferences: {}\nusers:\n"), "{yaml}");
        assert_eq!(view(&["--minify", "-o", "jsonpath={..namespace}"]), "atelier");
        assert_eq!(view(&["-o", "jsonpath='{.contexts[0].context.namespace}'"]), "atelier");
        assert!(
            view(&["-o", "json"])
                .starts_with("{\n    \"kind\": \"Config\",\n    \"apiVersion\": \"v1\",\n    \"preferences\": {},\n")
        );
    }
}
