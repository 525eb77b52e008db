//! `kubectl config set PROPERTY VALUE` and `kubectl config unset PROPERTY`:
//! a dot-delimited path through the kubeconfig (`clusters.NAME.server`,
//! `contexts.NAME.namespace`, `users.NAME.token`, `current-context`), as
//! kubectl 1.32's navigation_step_parser.go walks client-go's internal
//! `api.Config` (whose user fields are `act-as…`, written `as…` in the
//! file), with its messages, checked against the real client on a scratch
//! KUBECONFIG. The page's lazy part.

use serde_json::{Map, Value};

use super::Config;
use super::docs::Docs;
use super::output::Output;

/// What a field holds, as its Go type reads a value.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Text,
    Bool,
    /// `[]byte`: base64 on the command line (unless `--set-raw-bytes`), base64 in the file.
    Bytes,
    /// A field the parser finds but cannot set from one string (exec, auth-provider, lists).
    Compound,
}

/// The fields of a named entry: (path token, key in the file, type).
fn fields(map: &str) -> &'static [(&'static str, &'static str, Field)] {
    match map {
        "clusters" => &[
            ("server", "server", Field::Text),
            ("tls-server-name", "tls-server-name", Field::Text),
            ("insecure-skip-tls-verify", "insecure-skip-tls-verify", Field::Bool),
            ("certificate-authority", "certificate-authority", Field::Text),
            ("certificate-authority-data", "certificate-authority-data", Field::Bytes),
            ("proxy-url", "proxy-url", Field::Text),
            ("disable-compression", "disable-compression", Field::Bool),
            ("extensions", "extensions", Field::Compound),
        ],
        "contexts" => &[
            ("cluster", "cluster", Field::Text),
            ("user", "user", Field::Text),
            ("namespace", "namespace", Field::Text),
            ("extensions", "extensions", Field::Compound),
        ],
        _ => &[
            ("client-certificate", "client-certificate", Field::Text),
            ("client-certificate-data", "client-certificate-data", Field::Bytes),
            ("client-key", "client-key", Field::Text),
            ("client-key-data", "client-key-data", Field::Bytes),
            ("token", "token", Field::Text),
            ("tokenFile", "tokenFile", Field::Text),
            ("act-as", "as", Field::Text),
            ("act-as-uid", "as-uid", Field::Text),
            ("act-as-groups", "as-groups", Field::Compound),
            ("act-as-user-extra", "as-user-extra", Field::Compound),
            ("username", "username", Field::Text),
            ("password", "password", Field::Text),
            ("auth-provider", "auth-provider", Field::Compound),
            ("exec", "exec", Field::Compound),
            ("extensions", "extensions", Field::Compound),
        ],
    }
}

/// Where a path leads.
enum Target<'a> {
    /// `current-context`.
    Current,
    /// `kind`, `apiVersion`: accepted, and the file keeps what client-go writes.
    Ignored,
    /// A whole map (`clusters`) or entry (`clusters.NAME`).
    Map(&'static str, Option<&'a str>),
    /// A field of an entry.
    Field(&'static str, &'a str, &'static str, Field),
    /// A token no field matches under a map: kubectl then fails on the map.
    Lost(&'static str),
}

fn parse(path: &str) -> Result<Target<'_>, String> {
    let mut tokens = path.split('.');
    let first = tokens.next().unwrap_or("");
    let map = match first {
        "current-context" => return Ok(if path == first { Target::Current } else { Target::Lost("") }),
        "kind" | "apiVersion" => return Ok(Target::Ignored),
        "clusters" => "clusters",
        "contexts" => "contexts",
        "users" => "users",
        _ => return Err(format!("unable to parse {path} after [] at api.Config")),
    };
    let Some(name) = tokens.next() else { return Ok(Target::Map(map, None)) };
    let Some(token) = tokens.next() else { return Ok(Target::Map(map, Some(name))) };
    match fields(map).iter().find(|(t, _, _)| *t == token) {
        Some((_, key, Field::Compound)) => Ok(Target::Field(map, name, key, Field::Compound)),
        Some((_, key, kind)) if tokens.next().is_none() => Ok(Target::Field(map, name, key, *kind)),
        _ => Ok(Target::Lost(map)),
    }
}

fn entries<'a>(config: &'a mut Config, map: &str) -> &'a mut Vec<(String, Map<String, Value>)> {
    match map {
        "clusters" => &mut config.clusters,
        "contexts" => &mut config.contexts,
        _ => &mut config.users,
    }
}

/// Go's `%v` of a map of pointers: `map[dev:0xc000a18180]` (the addresses
/// are the process's own; these stand for them).
fn map_error(config: &mut Config, map: &str) -> Output {
    let mut names: Vec<String> = entries(config, map).iter().map(|(n, _)| n.clone()).collect();
    crate::sort::sort(&mut names);
    let shown: Vec<String> =
        names.iter().enumerate().map(|(i, n)| format!("{n}:0xc000{:06x}", 0xa18180 + i * 0x180)).collect();
    Output::fail(format!("error: can't set a map to a value: map[{}]\n", shown.join(" ")))
}

/// The wrong number of arguments: the command's help, then cobra's error.
fn unexpected(docs: &Docs, command: &str, args: &[String]) -> Output {
    let mut o = Output::ok(super::help::for_command(docs, command));
    o.err(format!("error: Unexpected args: [{}]\n", args.join(" ")));
    o.code = 1;
    o
}

/// `kubectl config set PROPERTY VALUE [--set-raw-bytes]`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn set(config: &mut Config, docs: &Docs, args: &[String], raw_bytes: bool) -> Output {
    let [path, value] = args else { return unexpected(docs, "config set", args) };
    let done = Output::ok(format!("Property \"{path}\" set.\n"));
    let target = match parse(path) {
        Ok(t) => t,
        Err(e) => return Output::fail(format!("error: {e}\n")),
    };
    match target {
        Target::Current => config.current = value.clone(),
        Target::Ignored => {}
        Target::Map(map, _) | Target::Lost(map) if !map.is_empty() => return map_error(config, map),
        Target::Map(..) | Target::Lost(_) => {
            return Output::fail(format!("error: unable to parse {path} after [] at api.Config\n"));
        }
        Target::Field(_, _, _, Field::Compound) => {
            return Output::fail(format!("error: unable to parse one or more field values of {path}\n"));
        }
        Target::Field(map, name, key, kind) => {
            let value = match kind {
                Field::Bool => match parse_bool(value) {
                    Some(b) => Value::Bool(b),
                    None => {
                        return Output::fail(format!(
                            "error: strconv.ParseBool: parsing {}: invalid syntax\n",
                            Value::from(value.as_str())
                        ));
                    }
                },
                Field::Bytes if raw_bytes => Value::from(crate::cluster::api::base64_encode(value.as_bytes())),
                Field::Bytes => match base64_error(value) {
                    Some(at) => {
                        return Output::fail(format!(
                            "error: error decoding input value: illegal base64 data at input byte {at}\n"
                        ));
                    }
                    None => Value::from(value.as_str()),
                },
                _ => Value::from(value.as_str()),
            };
            let list = entries(config, map);
            let entry = match list.iter().position(|(n, _)| n == name) {
                Some(i) => &mut list[i].1,
                None => {
                    list.push((name.to_string(), Map::new()));
                    &mut list.last_mut().expect("just pushed").1
                }
            };
            entry.insert(key.to_string(), value);
        }
    }
    done
}

/// `kubectl config unset PROPERTY`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn unset(config: &mut Config, docs: &Docs, args: &[String]) -> Output {
    let [path] = args else { return unexpected(docs, "config unset", args) };
    let done = Output::ok(format!("Property \"{path}\" unset.\n"));
    let target = match parse(path) {
        Ok(t) => t,
        Err(e) => return Output::fail(format!("error: {e}\n")),
    };
    let missing = |name: &str| Output::fail(format!("error: current map key `{name}` is invalid\n"));
    match target {
        Target::Current => config.current.clear(),
        Target::Ignored | Target::Lost(_) => {}
        Target::Map(map, None) => entries(config, map).clear(),
        Target::Map(map, Some(name)) => {
            let list = entries(config, map);
            if !list.iter().any(|(n, _)| n == name) {
                return missing(name);
            }
            list.retain(|(n, _)| n != name);
        }
        Target::Field(map, name, key, _) => match entries(config, map).iter_mut().find(|(n, _)| n == name) {
            Some((_, fields)) => {
                fields.remove(key);
            }
            None => return missing(name),
        },
    }
    done
}

/// Go's `strconv.ParseBool`.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Where Go's padded base64 decoder stops on `text`: the first byte outside
/// the alphabet, or the start of an incomplete last group; `None` if it decodes.
fn base64_error(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let body = bytes.len() - bytes.iter().rev().take_while(|b| **b == b'=').count().min(2);
    if let Some(i) = bytes[..body].iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')) {
        return Some(i);
    }
    if bytes.len() % 4 != 0 {
        return Some(bytes.len() / 4 * 4);
    }
    None
}
