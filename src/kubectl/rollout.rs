//! `kubectl rollout status|history|undo|pause|resume|restart`.

use std::fmt::Write as _;

use serde_json::Value;

use crate::cluster::objects::Deployment;
use crate::cluster::rollout::{Rollback, RollbackError};
use crate::cluster::{Kind, Object};

use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::table::tabwrite;
use super::watch::{Job, RolloutStatus};
use super::{Ctx, Run};

pub(crate) const FLAGS: &[Flag] = &[
    flag("revision", None, Arg::Int),
    flag("to-revision", None, Arg::Int),
    flag("watch", Some('w'), Arg::Bool),
    flag("timeout", None, Arg::Duration),
    flag("filename", Some('f'), Arg::Many),
    flag("selector", Some('l'), Arg::Text),
    flag("output", Some('o'), Arg::Text),
    flag("dry-run", None, Arg::Text),
    flag("recursive", Some('R'), Arg::Bool),
];

pub fn run(ctx: &mut Ctx, args: &[String]) -> Run {
    let Some((sub, rest)) = args.split_first() else {
        return Output::fail(super::help::for_command(ctx.docs, "rollout")).into();
    };
    if !matches!(sub.as_str(), "status" | "history" | "undo" | "pause" | "resume" | "restart") {
        if sub == "-h" || sub == "--help" {
            return Output::ok(super::help::for_command(ctx.docs, "rollout")).into();
        }
        return Output::fail(format!(
            "error: unknown command \"{sub}\"\nSee 'kubectl rollout -h' for help and examples\n"
        ))
        .into();
    }
    // Each subcommand has its own flags (`--dry-run` only for undo).
    let only: &[&str] = match sub.as_str() {
        "status" => &["revision", "watch", "timeout"],
        "history" => &["revision", "output"],
        "undo" => &["to-revision", "output", "dry-run"],
        _ => &["output"],
    };
    let flags: Vec<Flag> = FLAGS
        .iter()
        .filter(|f| matches!(f.long, "filename" | "selector" | "recursive") || only.contains(&f.long))
        .copied()
        .collect();
    let p = match super::parse(rest, &flags, &format!("rollout {sub}")) {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    if p.bool("help") {
        return Output::ok(super::help::for_command(ctx.docs, "rollout")).into();
    }
    let ns = super::namespace(ctx, &p);
    let targets = match super::resource_args(&p.args) {
        Ok(t) if !t.is_empty() => t,
        Ok(_) => return Output::fail("error: required resource not specified\n").into(),
        Err(o) => return o.into(),
    };
    let mut out = Output::new();
    for (kind, name) in targets {
        let group = kind.group_resource();
        let obj = match ctx.cluster.get(kind, &ns, &name) {
            Ok(o) => o,
            Err(e) => {
                out.err(super::server_error(&e));
                out.code = 1;
                continue;
            }
        };
        if matches!(obj, Object::DaemonSet(_)) && sub == "restart" {
            out.extend(restart_daemonset(ctx, &obj, &ns));
            continue;
        }
        if matches!(obj, Object::StatefulSet(_) | Object::DaemonSet(_)) && sub == "status" {
            let watch = p.text("watch") != Some("false");
            let deadline = p.duration("timeout").filter(|t| *t > 0.0).map(|t| ctx.cluster.now().plus_secs(t));
            let mut job = RolloutStatus {
                namespace: ns.clone(),
                name: name.clone(),
                since: 0,
                started: false,
                deadline,
                statefulset: true,
                daemonset: matches!(obj, Object::DaemonSet(_)),
            };
            let (first, done) = Job::Rollout(job.clone()).poll(ctx.cluster);
            out.extend(first);
            job.started = true;
            job.since = ctx.cluster.store().resource_version();
            if !done && watch {
                return Run::Streaming(out, Job::Rollout(job));
            }
            continue;
        }
        let Object::Deployment(d) = obj else {
            let what = match sub.as_str() {
                "pause" => "pausing is not supported",
                "resume" => "resuming is not supported",
                "restart" => "restarting is not supported",
                "undo" => {
                    out.err(format!("error: no rollbacker has been implemented for \"{}\"\n", kind.group_kind()));
                    out.code = 1;
                    continue;
                }
                "history" => {
                    out.err(format!("error: no history viewer has been implemented for \"{}\"\n", kind.group_kind()));
                    out.code = 1;
                    continue;
                }
                _ => {
                    out.err(format!("error: no status viewer has been implemented for {}\n", kind.name()));
                    out.code = 1;
                    continue;
                }
            };
            out.err(format!("error: {group} \"{name}\" {what}\n"));
            out.code = 1;
            continue;
        };
        let qualified = format!("deployment.apps/{name}");
        match sub.as_str() {
            "status" => {
                let watch = p.text("watch") != Some("false");
                // `--timeout=0` (the default) waits as long as the rollout goes on.
                let deadline = p.duration("timeout").filter(|t| *t > 0.0).map(|t| ctx.cluster.now().plus_secs(t));
                let mut job =
                    RolloutStatus {
                    namespace: ns.clone(),
                    name: name.clone(),
                    since: 0,
                    started: false,
                    deadline,
                    statefulset: false,
                    daemonset: false,
                };
                let (first, done) = Job::Rollout(job.clone()).poll(ctx.cluster);
                out.extend(first);
                job.started = true;
                job.since = ctx.cluster.store().resource_version();
                if !done && watch {
                    return Run::Streaming(out, Job::Rollout(job));
                }
            }
            "history" => out.extend(history(ctx, &d, p.int("revision").unwrap_or(0))),
            // `--dry-run=client` prints the template it would restore (rollback.go's printTemplate).
            "undo" if super::apply::dry_run(&p).ok().flatten() == Some(" (dry run)") => {
                match ctx.cluster.rollback_target(&ns, &name, p.int("to-revision").unwrap_or(0)) {
                    Ok((_, rs)) => out.out(format!(
                        "{qualified} {} (dry run)\n",
                        super::describe::describe_template_raw(&rs.spec.template)
                    )),
                    Err(e) => {
                        out.err(format!("error: {}\n", e.message()));
                        out.code = 1;
                    }
                }
            }
            "undo" => match ctx.cluster.rollback(&ns, &name, p.int("to-revision").unwrap_or(0)) {
                Ok(Rollback::RolledBack) => out.out(format!("{qualified} rolled back\n")),
                Ok(Rollback::Skipped(r)) => {
                    out.out(format!("{qualified} skipped rollback (current template already matches revision {r})\n"))
                }
                Err(RollbackError::Api(e)) => out.extend(super::api_failure(&e)),
                Err(e) => {
                    out.err(format!("error: {}\n", e.message()));
                    out.code = 1;
                }
            },
            "pause" | "resume" => {
                let pause = sub == "pause";
                let paused = d.spec.paused.unwrap_or(false);
                if paused == pause {
                    let why = if pause { "is already paused" } else { "is not paused" };
                    out.err(format!("error: {group} \"{name}\" {why}\n"));
                    out.code = 1;
                    continue;
                }
                let mut v = Object::Deployment(d.clone()).to_value();
                v["spec"]["paused"] = if pause { Value::Bool(true) } else { Value::Null };
                if !pause {
                    if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
                        spec.remove("paused");
                    }
                }
                match ctx.cluster.update(&v, &ns) {
                    Ok(_) => out.out(format!("{qualified} {}\n", if pause { "paused" } else { "resumed" })),
                    Err(e) => out.extend(super::api_failure(&e)),
                }
            }
            _ => {
                if d.spec.paused == Some(true) {
                    out.err(format!(
                        "error: {group} \"{name}\" can't restart paused deployment (run rollout resume first)\n"
                    ));
                    out.code = 1;
                    continue;
                }
                let mut v = Object::Deployment(d.clone()).to_value();
                let now = ctx.cluster.now().rfc3339();
                if let Some(meta) = v.pointer_mut("/spec/template/metadata").and_then(Value::as_object_mut) {
                    let ann = meta.entry("annotations").or_insert_with(|| serde_json::json!({}));
                    if let Some(a) = ann.as_object_mut() {
                        a.insert("kubectl.kubernetes.io/restartedAt".into(), Value::String(now));
                    }
                }
                match ctx.cluster.update(&v, &ns) {
                    Ok(_) => out.out(format!("{qualified} restarted\n")),
                    Err(e) => out.extend(super::api_failure(&e)),
                }
            }
        }
    }
    out.into()
}

/// `rollout restart ds/NAME`: the template's `restartedAt` annotation.
#[inline(never)]
fn restart_daemonset(ctx: &mut Ctx, obj: &Object, ns: &str) -> Output {
    let mut out = Output::new();
    let mut v = obj.to_value();
    let now = ctx.cluster.now().rfc3339();
    if let Some(meta) = v.pointer_mut("/spec/template/metadata").and_then(Value::as_object_mut) {
        let ann = meta.entry("annotations").or_insert_with(|| serde_json::json!({}));
        if let Some(a) = ann.as_object_mut() {
            a.insert("kubectl.kubernetes.io/restartedAt".into(), Value::String(now));
        }
    }
    match ctx.cluster.update(&v, ns) {
        Ok(_) => out.out(format!("daemonset.apps/{} restarted\n", obj.meta().name)),
        Err(e) => out.extend(super::api_failure(&e)),
    }
    out
}

fn history(ctx: &Ctx, d: &Deployment, revision: i64) -> Output {
    let name = &d.metadata.name;
    let mut rss = ctx.cluster.replica_sets_of(d);
    crate::sort::sort_by_key(&mut rss, |rs| crate::cluster::controllers::deployment::revision_of(rs));
    if rss.is_empty() {
        return Output::ok("No rollout history found.\n");
    }
    if revision > 0 {
        let Some(rs) = rss.iter().find(|rs| crate::cluster::controllers::deployment::revision_of(rs) == revision)
        else {
            return Output::fail("error: unable to find the specified revision\n");
        };
        let mut text = format!("deployment.apps/{name} with revision #{revision}\n");
        let mut template = rs.spec.template.clone();
        if let Some(cause) = rs.metadata.annotations.get(super::apply::CHANGE_CAUSE) {
            template.metadata.annotations.insert(super::apply::CHANGE_CAUSE.into(), cause.clone());
        }
        // kubectl writes this block without a tabwriter: the tabs stay as they are.
        let pod_like = super::describe::describe_template_raw(&template);
        text.push_str(&pod_like);
        text.push('\n');
        return Output::ok(text);
    }
    let mut w = String::from("REVISION\tCHANGE-CAUSE\n");
    for rs in &rss {
        let rev = crate::cluster::controllers::deployment::revision_of(rs);
        let cause = rs.metadata.annotations.get(super::apply::CHANGE_CAUSE).map_or("<none>", String::as_str);
        let _ = writeln!(w, "{rev}\t{cause}");
    }
    let _ = Kind::Deployment;
    Output::ok(format!("deployment.apps/{name} \n{}\n", tabwrite(&w, 0, 2)))
}
