//! `kubectl patch` (merge, strategic and JSON patches), `kubectl events`,
//! `kubectl cordon` / `uncordon`.

use serde_json::Value;

use crate::cluster::objects::core::Event;
use crate::cluster::{Kind, Object};

use super::Ctx;
use super::age::human;
use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::printers::name_of;
use super::table::render_cells;

pub(crate) const PATCH_FLAGS: &[Flag] = &[
    flag("patch", Some('p'), Arg::Text),
    flag("type", None, Arg::Text),
    flag("patch-file", None, Arg::Text),
    flag("filename", Some('f'), Arg::Many),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("record", None, Arg::Bool),
    flag("local", None, Arg::Bool),
    flag("subresource", None, Arg::Text),
];

pub fn patch(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse_command(ctx, args, PATCH_FLAGS, "patch") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let text = match (p.text("patch").filter(|t| !t.is_empty()), p.text("patch-file")) {
        (Some(t), _) => t.to_string(),
        (None, Some(f)) => match ctx.files.read(f) {
            Ok(t) => t.to_string(),
            Err(_) => {
                return Output::fail(format!(
                    "error: unable to read patch file: open {f}: no such file or directory\n"
                ));
            }
        },
        (None, None) => {
            return Output::fail("error: must specify --patch or --patch-file containing the contents of the patch\n");
        }
    };
    let ty = p.text_or("type", "strategic");
    if !matches!(ty, "strategic" | "merge" | "json") {
        return Output::fail(format!("error: --type must be one of [json merge strategic], not \"{ty}\"\n"));
    }
    // A patch may be written in YAML as well as JSON.
    let patch: Value = match super::yaml::parse_documents(&text) {
        Ok(mut docs) if docs.len() == 1 => docs.remove(0),
        Ok(_) => return Output::fail("error: unable to parse \"\": yaml: did not find expected node content\n"),
        Err(e) => return Output::fail(format!("error: unable to parse \"{text}\": {}\n", e.0)),
    };
    let pairs = match super::resource_args(&p.args) {
        Ok(pairs) if !pairs.is_empty() => pairs,
        Ok(_) => return super::must_provide_resources(),
        Err(o) => return o,
    };
    let ns = super::namespace(ctx, &p);
    let mut out = Output::new();
    for (kind, name) in pairs {
        let obj_ns = if kind.namespaced() { ns.clone() } else { String::new() };
        let obj = match ctx.cluster.get(kind, &obj_ns, &name) {
            Ok(o) => o,
            Err(e) => {
                out.extend(super::api_failure(&e));
                continue;
            }
        };
        let before = obj.to_value();
        let mut after = before.clone();
        if ty == "json" {
            if let Err(e) = json_patch(&mut after, &patch) {
                out.err(format!("Error from server (UnprocessableEntity): {e}\n"));
                out.code = 1;
                continue;
            }
        } else {
            if !patch.is_object() {
                out.err("Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}\n");
                out.code = 1;
                continue;
            }
            merge_patch(&mut after, &patch, ty == "strategic");
        }
        if after == before {
            out.out(format!("{} patched (no change)\n", name_of(&obj)));
            continue;
        }
        match ctx.cluster.update(&after, &obj_ns) {
            Ok(o) => out.out(format!("{} patched\n", name_of(&o))),
            Err(e) => out.extend(super::api_failure(&e)),
        }
    }
    out
}

/// RFC 7386 merge patch; `strategic` also merges lists of named items
/// (containers, ports, env) by name, as strategic merge patch does.
pub(crate) fn merge_patch(target: &mut Value, patch: &Value, strategic: bool) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let t = target.as_object_mut().expect("made an object above");
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
            continue;
        }
        match (t.get_mut(k), v) {
            (Some(existing), Value::Object(_)) if existing.is_object() => merge_patch(existing, v, strategic),
            (Some(Value::Array(existing)), Value::Array(items))
                if strategic
                    && items.iter().all(|i| i.get("name").is_some())
                    && existing.iter().all(|i| i.get("name").is_some()) =>
            {
                for item in items {
                    match existing.iter_mut().find(|e| e.get("name") == item.get("name")) {
                        Some(e) => merge_patch(e, item, strategic),
                        None => existing.push(item.clone()),
                    }
                }
            }
            _ => {
                t.insert(k.clone(), v.clone());
            }
        }
    }
}

/// The merge patch that turns `from` into `to` (what `kubectl edit` sends:
/// only what the learner changed, so that status updates made meanwhile by
/// the cluster do not conflict).
pub(crate) fn diff(from: &Value, to: &Value) -> Option<Value> {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut patch = serde_json::Map::new();
            for (k, v) in b {
                match a.get(k) {
                    Some(old) => {
                        if let Some(d) = diff(old, v) {
                            patch.insert(k.clone(), d);
                        }
                    }
                    None => {
                        patch.insert(k.clone(), v.clone());
                    }
                }
            }
            for k in a.keys() {
                if !b.contains_key(k) {
                    patch.insert(k.clone(), Value::Null);
                }
            }
            (!patch.is_empty()).then_some(Value::Object(patch))
        }
        (a, b) if a == b => None,
        (_, b) => Some(b.clone()),
    }
}

/// `--overrides` of `kubectl run` (cmd/util/override_options.go): the
/// generated object patched by a JSON fragment, a JSON merge patch unless
/// `--override-type` says `json` or `strategic`.
#[inline(never)]
pub(crate) fn override_object(object: &mut Value, fragment: &str, ty: &str) -> Result<(), String> {
    if !matches!(ty, "json" | "merge" | "strategic") {
        return Err(format!("invalid override type: {ty}"));
    }
    let patch: Value = match serde_json::from_str(fragment) {
        Ok(v) => v,
        // evanphx/json-patch's words for a merge patch that is not JSON.
        Err(_) if ty == "merge" => return Err("Invalid JSON Patch".into()),
        // encoding/json's words where they are simple to know; otherwise
        // the same general refusal (the exact character context is not kept).
        Err(e) if e.is_eof() => return Err("unexpected end of JSON input".into()),
        Err(_) => return Err("Invalid JSON Patch".into()),
    };
    match ty {
        "json" => json_patch(object, &patch),
        _ if !patch.is_object() => Err("json: cannot unmarshal array into Go value of type map[string]interface {}".into()),
        _ => {
            merge_patch(object, &patch, ty == "strategic");
            Ok(())
        }
    }
}

/// RFC 6902 JSON patch: add, remove, replace, test, copy, move, with
/// evanphx/json-patch's messages (the library the API server uses).
fn json_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    let Value::Array(ops) = patch else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value").cloned();
        match kind {
            "add" | "replace" => {
                let v = value.ok_or_else(|| format!("missing value for {kind} operation"))?;
                match put(target, path, v, kind == "replace") {
                    Put::Done => {}
                    Put::NoKey => return Err(format!("doc is missing key: {path}: missing value")),
                    Put::NoParent if kind == "add" => {
                        return Err(format!("add operation does not apply: doc is missing path: \"{path}\": missing value"));
                    }
                    Put::NoParent => return Err(format!("doc is missing path: \"{path}\": missing value")),
                }
            }
            "remove" => {
                if take(target, path).is_none() {
                    return Err(format!(
                        "remove operation does not apply: doc is missing path: \"{path}\": missing value"
                    ));
                }
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let found = if kind == "move" { take(target, from) } else { target.pointer(from).cloned() };
                let Some(v) = found else {
                    return Err(format!("{kind} operation does not apply: doc is missing from path: {from}: missing value"));
                };
                if !matches!(put(target, path, v, false), Put::Done) {
                    return Err(format!(
                        "{kind} operation does not apply: doc is missing destination path: {path}: missing value"
                    ));
                }
            }
            "test" => {
                if target.pointer(path) != value.as_ref() {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

enum Put {
    Done,
    NoParent,
    NoKey,
}

/// Adds (or, `replacing`, replaces) `v` at the JSON pointer `path`.
fn put(target: &mut Value, path: &str, v: Value, replacing: bool) -> Put {
    let (parent, last) = split_pointer(path);
    match target.pointer_mut(&parent) {
        Some(Value::Object(m)) => {
            if replacing && !m.contains_key(&last) {
                return Put::NoKey;
            }
            m.insert(last, v);
        }
        Some(Value::Array(a)) => match last.parse::<usize>() {
            _ if last == "-" => a.push(v),
            Ok(i) if replacing && i < a.len() => a[i] = v,
            Ok(i) if i <= a.len() => a.insert(i, v),
            _ => return Put::NoParent,
        },
        _ => return Put::NoParent,
    }
    Put::Done
}

/// Removes what the JSON pointer `path` names, and gives it back.
fn take(target: &mut Value, path: &str) -> Option<Value> {
    let (parent, last) = split_pointer(path);
    match target.pointer_mut(&parent)? {
        Value::Object(m) => m.remove(&last),
        Value::Array(a) => last.parse::<usize>().ok().filter(|i| *i < a.len()).map(|i| a.remove(i)),
        _ => None,
    }
}

fn split_pointer(path: &str) -> (String, String) {
    match path.rsplit_once('/') {
        Some((parent, last)) => (parent.to_string(), last.replace("~1", "/").replace("~0", "~")),
        None => (String::new(), path.to_string()),
    }
}

pub(crate) const EVENTS_FLAGS: &[Flag] = &[
    flag("for", None, Arg::Text),
    flag("all-namespaces", Some('A'), Arg::Bool),
    flag("types", None, Arg::Many),
    flag("watch", Some('w'), Arg::Bool),
    flag("no-headers", None, Arg::Bool),
    flag("output", Some('o'), Arg::Text),
];

/// `kubectl events`: every event, oldest first.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn events(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match super::parse(args, EVENTS_FLAGS, "events") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let ns = super::namespace(ctx, &p);
    let all = p.bool("all-namespaces");
    let target = match p.text("for").map(|f| f.split_once('/').map(|(t, n)| (t.to_string(), n.to_string()))) {
        Some(None) => return Output::fail("error: --for must be in resource/name form\n"),
        Some(Some((t, n))) => match super::resources::resolve(&t) {
            Some(k) => Some((k, n)),
            None => return super::unknown_type(&t),
        },
        None => None,
    };
    let types: Vec<String> =
        p.many("types").iter().flat_map(|t| t.split(',').map(String::from).collect::<Vec<_>>()).collect();
    let mut list: Vec<std::sync::Arc<Event>> = ctx
        .cluster
        .store()
        .events
        .iter()
        .filter(|e| all || e.metadata.namespace == ns)
        .filter(|e| {
            target.as_ref().is_none_or(|(k, n)| e.involved_object.kind == k.name() && &e.involved_object.name == n)
        })
        .filter(|e| types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(&e.type_)))
        .cloned()
        .collect();
    crate::sort::sort_by_key(&mut list, |e| (e.last_timestamp.or(e.first_timestamp), e.metadata.name.clone()));
    if list.is_empty() {
        return Output {
            chunks: vec![(
                super::output::Stream::Err,
                if all { "No events found.\n".into() } else { format!("No events found in {ns} namespace.\n") },
            )],
            code: 0,
        };
    }
    let now = ctx.cluster.now();
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !p.bool("no-headers") {
        let mut h = vec!["LAST SEEN".to_string(), "TYPE".into(), "REASON".into(), "OBJECT".into(), "MESSAGE".into()];
        if all {
            h.insert(0, "NAMESPACE".into());
        }
        rows.push(h);
    }
    for e in list {
        let last = e.last_timestamp.or(e.first_timestamp).map_or("<unknown>".to_string(), |t| human(now.since(t)));
        let seen = match e.count.unwrap_or(1) {
            n if n > 1 => format!(
                "{last} (x{n} over {})",
                e.first_timestamp.map_or("<unknown>".to_string(), |t| human(now.since(t)))
            ),
            _ => last,
        };
        let mut r = vec![
            seen,
            e.type_.clone(),
            e.reason.clone(),
            format!("{}/{}", e.involved_object.kind, e.involved_object.name),
            e.message.trim().to_string(),
        ];
        if all {
            r.insert(0, e.metadata.namespace.clone());
        }
        rows.push(r);
    }
    let refs: Vec<&Vec<String>> = rows.iter().collect();
    Output::ok(render_cells(&refs))
}

/// `kubectl cordon|uncordon NODE`.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn cordon(ctx: &mut Ctx, args: &[String], cordon: bool) -> Output {
    let command = if cordon { "cordon" } else { "uncordon" };
    let p = match super::parse(
        args,
        &[flag("selector", Some('l'), Arg::Text), flag("dry-run", None, Arg::Text)],
        command,
    ) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(name) = p.args.first() else {
        return Output::fail(format!(
            "error: USAGE: {command} NODE [flags]\nSee 'kubectl {command} -h' for help and examples\n"
        ));
    };
    let obj = match ctx.cluster.get(Kind::Node, "", name) {
        Ok(o) => o,
        Err(e) => return super::api_failure(&e),
    };
    let Object::Node(node) = &obj else { return Output::new() };
    if node.spec.unschedulable.unwrap_or(false) == cordon {
        return Output::ok(format!("node/{name} already {command}ed\n"));
    }
    let mut v = obj.to_value();
    super::drain::set_unschedulable(&mut v, cordon);
    match ctx.cluster.update(&v, "") {
        Ok(_) => Output::ok(format!("node/{name} {command}ed\n")),
        Err(e) => super::api_failure(&e),
    }
}
