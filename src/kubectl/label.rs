//! `kubectl label` and `kubectl annotate`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Ctx;
use super::flags::{Arg, Flag, flag};
use super::get::{Request, request};
use super::output::Output;
use super::printers::name_of;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Labels,
    Annotations,
}

pub(crate) const FLAGS: &[Flag] = &[
    flag("overwrite", None, Arg::Bool),
    flag("all", None, Arg::Bool),
    flag("selector", Some('l'), Arg::Text),
    flag("list", None, Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("resource-version", None, Arg::Text),
    flag("all-namespaces", Some('A'), Arg::Bool),
];

pub fn run(ctx: &mut Ctx, args: &[String], which: Which) -> Output {
    let (command, field, done) = match which {
        Which::Labels => ("label", "labels", "labeled"),
        Which::Annotations => ("annotate", "annotations", "annotated"),
    };
    let p = match super::parse(args, FLAGS, command) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, command));
    }
    let split =
        p.args.iter().position(|a| a.contains('=') || (a.ends_with('-') && a.len() > 1)).unwrap_or(p.args.len());
    let (res, changes) = p.args.split_at(split);
    if res.is_empty() {
        return Output::fail(
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n",
        );
    }
    if changes.is_empty() && !p.bool("list") {
        // Validate's plain error (no usage line), checked with kubectl 1.32.
        return Output::fail(format!("error: at least one {} update is required\n", &field[..field.len() - 1]));
    }
    let ns = super::namespace(ctx, &p);
    let mut targets = Vec::new();
    match request(res) {
        Ok(Request::Named(pairs)) => {
            for (k, n) in pairs {
                match ctx.cluster.get(k, if k.namespaced() { &ns } else { "" }, &n) {
                    Ok(o) => targets.push(o),
                    Err(e) => return super::api_failure(&e),
                }
            }
        }
        Ok(Request::Kinds(kinds, _)) => {
            let selector = match super::selector::for_kinds(p.text("selector"), &kinds, None) {
                Ok(s) => s,
                Err(o) => return o,
            };
            if selector.is_none() && !p.bool("all") {
                return Output::fail("error: resource(s) were provided, but no name was specified\n");
            }
            for k in kinds {
                let scope = if k.namespaced() { Some(ns.as_str()) } else { None };
                targets.extend(
                    ctx.cluster
                        .store()
                        .objects(k, scope)
                        .into_iter()
                        .filter(|o| selector.as_ref().is_none_or(|s| s.matches(&o.meta().labels))),
                );
            }
        }
        Err(o) => return o,
    }
    let mut out = Output::new();
    for obj in targets {
        let mut current: BTreeMap<String, String> = match which {
            Which::Labels => (*obj.meta().labels).clone(),
            Which::Annotations => (*obj.meta().annotations).clone(),
        };
        if p.bool("list") {
            for (k, v) in &current {
                out.out(format!("{k}={v}\n"));
            }
            continue;
        }
        let before = current.clone();
        for change in changes {
            if let Some(key) = change.strip_suffix('-').filter(|_| !change.contains('=')) {
                // RunLabel names a label it cannot remove (annotate says nothing).
                if current.remove(key).is_none() && which == Which::Labels {
                    out.out(format!("label {} not found.\n", serde_json::Value::from(key)));
                }
                continue;
            }
            let (k, v) = change.split_once('=').unwrap_or((change, ""));
            if let Some(old) = current.get(k)
                && old != v
                && !p.bool("overwrite")
                && k != super::apply::CHANGE_CAUSE
            {
                out.err(match which {
                    Which::Labels => format!("error: '{k}' already has a value ({old}), and --overwrite is false\n"),
                    Which::Annotations => format!(
                        "error: --overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})\n"
                    ),
                });
                out.code = 1;
                return out;
            }
            current.insert(k.to_string(), v.to_string());
        }
        if current == before {
            out.out(format!("{} not {done}\n", name_of(&obj)));
            continue;
        }
        let mut value = obj.to_value();
        let map: Map<String, Value> = current.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
        if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            if map.is_empty() {
                meta.remove(field);
            } else {
                meta.insert(field.into(), Value::Object(map));
            }
        }
        let obj_ns = obj.meta().namespace.clone();
        match ctx.cluster.update(&value, &obj_ns) {
            Ok(o) => {
                let verb = if which == Which::Labels && changes.iter().all(|c| c.ends_with('-') && !c.contains('=')) {
                    "unlabeled"
                } else {
                    done
                };
                out.out(format!("{} {verb}\n", name_of(&o)));
            }
            Err(e) => out.extend(super::api_failure(&e)),
        }
    }
    out
}
