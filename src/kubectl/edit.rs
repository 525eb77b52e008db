//! `kubectl edit`: the object's YAML goes to an editor (the console's, or the
//! caller's); the edited text comes back and is applied, with kubectl's messages.

use serde_json::Value;

use crate::cluster::Kind;

use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::{Ctx, Run, yaml};

/// What the editor must show, and where the result goes.
#[derive(Clone, Debug, PartialEq)]
pub struct EditRequest {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    /// The text the editor opens with.
    pub text: String,
    /// The object's YAML when the edit began: the learner's changes are
    /// what differs from it (kept when the editor reopens after an error).
    pub original: String,
}

pub(crate) const FLAGS: &[Flag] = &[
    flag("output", Some('o'), Arg::Text),
    flag("filename", Some('f'), Arg::Many),
    flag("record", None, Arg::Bool),
    flag("save-config", None, Arg::Bool),
    flag("validate", None, Arg::Text),
    flag("windows-line-endings", None, Arg::Bool),
    flag("subresource", None, Arg::Text),
];

const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n\
# and an empty file will abort the edit. If an error occurs while saving this file will be\n\
# reopened with the relevant failures.\n#\n";

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn run(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, FLAGS, "edit") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let pairs = match super::resource_args(&p.args) {
        Ok(pairs) if !pairs.is_empty() => pairs,
        Ok(_) => return super::must_provide_resources().into(),
        Err(o) => return o.into(),
    };
    let ns = super::namespace(ctx, &p);
    let (kind, name) = pairs[0].clone();
    let obj_ns = if kind.namespaced() { ns } else { String::new() };
    match ctx.cluster.get(kind, &obj_ns, &name) {
        Ok(_) if let Some(refused) = editor_missing(ctx.env) => refused.into(),
        Ok(o) => {
            let text = format!("{HEADER}{}", yaml::to_yaml(&o.to_value()));
            Run::Edit(Output::new(), EditRequest { kind, namespace: obj_ns, name, original: text.clone(), text })
        }
        Err(e) => super::api_failure(&e).into(),
    }
}

/// The console's editor stands for the terminal editors the console knows;
/// kubectl launches the one its environment names (editor.go's
/// `defaultEnvEditor`: `KUBE_EDITOR`, else `EDITOR`, else `vi`; a value with
/// spaces is split on them, one with quotes or backslashes goes to the shell).
/// Any other program is not on this machine: kubectl's error, the object unchanged.
fn editor_missing(env: &std::collections::BTreeMap<String, String>) -> Option<Output> {
    let set = |name: &str| env.get(name).filter(|v| !v.is_empty());
    let editor = set("KUBE_EDITOR").or_else(|| set("EDITOR")).map_or("vi", |v| v.as_str());
    let through_shell = editor.contains(' ') && editor.contains(['"', '\'', '\\']);
    let program = editor.split(' ').next().unwrap_or_default().trim_matches(['"', '\'']);
    if matches!(program.rsplit('/').next(), Some("vi" | "vim" | "nano")) {
        return None;
    }
    Some(Output::fail(if through_shell {
        let shell = set("SHELL").map_or("/bin/bash", |v| v.as_str());
        format!("error: there was a problem with the editor {}\n", Value::from(format!("{shell} -c {editor}")))
    } else {
        format!("error: unable to launch the editor {}\n", Value::from(editor))
    }))
}

/// Applies the edited text of an [`EditRequest`].
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn finish(ctx: &mut Ctx, req: &EditRequest, edited: &str) -> Output {
    let body: String = edited.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect();
    if body.trim().is_empty() {
        return Output::fail("Edit cancelled, no changes made.\n");
    }
    // Saved again as it was after an error: edit.go gives up (its "ugly hack").
    let previous: String = req.text.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect();
    if req.text != req.original && previous == body {
        return Output::fail("error: Edit cancelled, no valid changes were saved.\n");
    }
    let original = req.original.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect::<String>();
    let (Ok(new), Ok(old)) = (yaml::parse_documents(&body), yaml::parse_documents(&original)) else {
        let e = yaml::parse_documents(&body).err().map(|e| e.0).unwrap_or_default();
        return Output::fail(format!(
            "error: {} \"{}\" is invalid\nerror: error parsing edited text: error converting YAML to JSON: {e}\n",
            req.kind.group_resource(),
            req.name
        ));
    };
    if new == old {
        return Output::fail("Edit cancelled, no changes made.\n");
    }
    let Some(value) = new.into_iter().next() else {
        return Output::fail("Edit cancelled, no changes made.\n");
    };
    let same_object = value.pointer("/metadata/name").and_then(Value::as_str) == Some(req.name.as_str())
        && value.get("kind").and_then(Value::as_str) == Some(req.kind.name());
    if !same_object {
        return Output::fail("error: At least one of apiVersion, kind and name was changed\n");
    }
    // Only the learner's changes go to the server, onto the object as it is now.
    let before = old.into_iter().next().unwrap_or(Value::Null);
    let Some(patch) = super::patch::diff(&before, &value) else {
        return Output::fail("Edit cancelled, no changes made.\n");
    };
    let live = match ctx.cluster.get(req.kind, &req.namespace, &req.name) {
        Ok(o) => o.to_value(),
        Err(e) => return super::api_failure(&e),
    };
    let mut target = live;
    super::patch::merge_patch(&mut target, &patch, false);
    if let Some(meta) = target.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("resourceVersion");
    }
    match ctx.cluster.update(&target, &req.namespace) {
        Ok(o) => Output::ok(format!("{} edited\n", super::printers::name_of(&o))),
        Err(e) => {
            let mut out = Output::fail(format!("error: {} \"{}\" is invalid\n", req.kind.group_resource(), req.name));
            out.extend(super::api_failure(&e));
            out
        }
    }
}

/// The text the editor reopens with after a failed save, as kubectl reopens
/// it: its header, the failure as comments, then what the learner wrote.
pub fn reopened(req: &EditRequest, edited: &str, failure: &str) -> EditRequest {
    let body: String = edited.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect();
    let mut text = String::from(HEADER);
    text.push_str(&format!("# {} \"{}\" was not valid:\n", req.kind.group_resource(), req.name));
    for line in failure.lines().filter(|l| !l.is_empty()) {
        text.push_str(&format!("# * {}\n", line.trim_start_matches("* ")));
    }
    text.push_str("#\n");
    text.push_str(&body);
    EditRequest { text, ..req.clone() }
}
