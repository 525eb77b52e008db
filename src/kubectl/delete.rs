//! `kubectl delete` by name, `-f`, `-l` or `--all`. Like kubectl, it waits
//! for the objects to be gone (pods end their grace period first).

use crate::cluster::api::DeleteOptions;
use crate::cluster::{Cluster, Kind};

use super::flags::{Arg, Flag, flag};
use super::get::{Request, request};
use super::output::Output;
use super::watch::{Condition, Job, WaitFor};
use super::{Ctx, Run, field_selector, resources};

pub(crate) const FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Arg::Many),
    flag("kustomize", Some('k'), Arg::Text),
    flag("selector", Some('l'), Arg::Text),
    flag("field-selector", None, Arg::Text),
    flag("all", None, Arg::Bool),
    flag("all-namespaces", Some('A'), Arg::Bool),
    flag("grace-period", None, Arg::Int),
    flag("force", None, Arg::Bool),
    flag("now", None, Arg::Bool),
    flag("wait", None, Arg::Bool),
    flag("ignore-not-found", None, Arg::Bool),
    flag("recursive", Some('R'), Arg::Bool),
    flag("dry-run", None, Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("cascade", None, Arg::Text),
    flag("timeout", None, Arg::Duration),
];

pub fn run(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, FLAGS, "delete") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let ns = super::namespace(ctx, &p);
    let files = p.many("filename");
    let mut targets: Vec<(Kind, String, String)> = Vec::new();
    let mut errors = String::new();
    let mut warnings = String::new();
    if !files.is_empty() || p.text("kustomize").is_some() {
        let docs = match super::apply::objects_from_flags(ctx, &p, "error: ") {
            Ok((d, w)) => {
                warnings = w;
                d
            }
            Err(o) => return o.into(),
        };
        for d in docs {
            let Ok(kind) = Cluster::kind_of(&d.value) else { continue };
            let obj_ns = if kind.namespaced() {
                d.value.pointer("/metadata/namespace").and_then(|v| v.as_str()).unwrap_or(&ns).to_string()
            } else {
                String::new()
            };
            targets.push((kind, obj_ns, d.name()));
        }
        if targets.is_empty() {
            return Output::ok("No resources found\n").into();
        }
    } else if p.args.is_empty() {
        return super::must_provide_resources().into();
    } else {
        match request(&p.args) {
            Ok(Request::Named(_)) if p.text("selector").is_some() || p.text("field-selector").is_some() => {
                return Output::fail("error: name cannot be provided when a selector is specified\n").into();
            }
            Ok(Request::Named(pairs)) => {
                for (k, n) in pairs {
                    let obj_ns = if k.namespaced() { ns.clone() } else { String::new() };
                    targets.push((k, obj_ns, n));
                }
            }
            Ok(Request::Kinds(kinds, _)) => {
                let selector = match super::selector::for_kinds(p.text("selector"), &kinds, p.text("field-selector")) {
                    Ok(s) => s,
                    Err(o) => return o.into(),
                };
                if selector.is_none() && p.text("field-selector").is_none() && !p.bool("all") {
                    return Output::fail("error: resource(s) were provided, but no name was specified\n").into();
                }
                let fields = match field_selector::for_kinds(p.text("field-selector"), &kinds, p.text("selector")) {
                    Ok(f) => f,
                    Err(e) => return Output::fail(e).into(),
                };
                for k in kinds {
                    let scope = if p.bool("all-namespaces") || !k.namespaced() { None } else { Some(ns.as_str()) };
                    for o in ctx.cluster.store().objects(k, scope) {
                        if selector.as_ref().is_none_or(|s| s.matches(&o.meta().labels))
                            && fields.as_ref().is_none_or(|f| f.matches(&o))
                        {
                            // Terminating namespaces and pods are not listed again by kubectl.
                            targets.push((k, o.meta().namespace.clone(), o.meta().name.clone()));
                        }
                    }
                }
                if targets.is_empty() {
                    return Output {
                        chunks: vec![(super::output::Stream::Err, "No resources found\n".into())],
                        code: 0,
                    }
                    .into();
                }
            }
            Err(o) => return o.into(),
        }
    }
    let dry = match super::apply::dry_run(&p) {
        Ok(d) => d,
        Err(o) => return o.into(),
    };
    // `--cascade`: background (the default) and foreground delete the
    // dependents; orphan keeps them. The boolean forms are deprecated.
    let mut out = Output::new();
    out.err(std::mem::take(&mut warnings));
    let orphan = match p.text("cascade") {
        None | Some("background" | "foreground" | "true") => false,
        Some("orphan") => true,
        Some("false") => {
            out.err("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n");
            true
        }
        Some(other) => {
            return Output::fail(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"\n"
            ))
            .into();
        }
    };
    let force = p.bool("force");
    let grace = if p.bool("now") { Some(1) } else { p.int("grace-period").filter(|g| *g >= 0) };
    if force && grace == Some(0) {
        // printed once, before the deletions
    }
    if force && grace == Some(0) {
        out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let mut waiting = Vec::new();
    for (kind, obj_ns, name) in targets {
        let what = match kind.group() {
            "" => resources::singular(kind),
            g => format!("{}.{g}", resources::singular(kind)),
        };
        if dry.is_some() {
            match ctx.cluster.get(kind, &obj_ns, &name) {
                Ok(_) => out.out(format!("{what} \"{name}\" deleted{}\n", dry.unwrap_or(""))),
                Err(e) => errors.push_str(&super::server_error(&e)),
            }
            continue;
        }
        match ctx.cluster.delete(kind, &obj_ns, &name, DeleteOptions { grace_period_seconds: grace, orphan }) {
            Ok(_) => {
                let verb = if force && grace == Some(0) { "force deleted" } else { "deleted" };
                out.out(format!("{what} \"{name}\" {verb}\n"));
                waiting.push((kind, obj_ns, name));
            }
            Err(e) if e.reason == crate::cluster::Reason::NotFound && p.bool("ignore-not-found") => {}
            Err(e) => errors.push_str(&super::server_error(&e)),
        }
    }
    if !errors.is_empty() {
        out.err(errors);
        out.code = 1;
    }
    // kubectl waits until the objects are really gone (--wait=true).
    let wait = p.text("wait") != Some("false");
    waiting.retain(|(k, ns, n)| ctx.cluster.get(*k, ns, n).is_ok());
    if !wait || waiting.is_empty() {
        return Run::Done(out);
    }
    let met = vec![false; waiting.len()];
    let deadline = ctx.cluster.now().plus_secs(3600.0);
    Run::Streaming(
        out,
        Job::Wait(WaitFor { targets: waiting, condition: Condition::Delete, deadline, met, quiet: true }),
    )
}
