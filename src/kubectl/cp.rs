//! `kubectl cp`: files between the learner's directory and a container.
//! kubectl runs `tar` in the container; its words reach the terminal as
//! they are (GNU tar's `Removing leading `/'` notice, busybox's own).

use super::flags::{Arg, Flag, flag};
use super::output::Output;
use super::{Ctx, Run};

const CP_FLAGS: &[Flag] = &[
    flag("container", Some('c'), Arg::Text),
    flag("no-preserve", None, Arg::Bool),
    flag("retries", None, Arg::Int),
];

/// One side of a copy: `POD:PATH` (or `NAMESPACE/POD:PATH`) or a local path.
enum Side {
    Remote { namespace: Option<String>, pod: String, path: String },
    Local(String),
}

const BAD_SPEC: &str = "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n";

impl Side {
    /// kubectl's `extractFileSpec`: the first colon ends the pod part.
    fn parse(arg: &str) -> Result<Side, Output> {
        let Some((pod, path)) = arg.split_once(':') else { return Ok(Side::Local(arg.to_string())) };
        let pieces: Vec<&str> = pod.split('/').collect();
        let (namespace, pod) = match pieces.as_slice() {
            [""] => return Err(Output::fail(BAD_SPEC)),
            [pod] => (None, pod.to_string()),
            [ns, pod] => (Some(ns.to_string()), pod.to_string()),
            _ => return Err(Output::fail(BAD_SPEC)),
        };
        Ok(Side::Remote { namespace, pod, path: path.to_string() })
    }
}

/// A file kubectl writes in the learner's directory.
pub struct LocalWrite {
    pub path: String,
    pub content: String,
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn cp(ctx: &mut Ctx, args: &[String]) -> Run {
    let p = match super::parse_command(ctx, args, CP_FLAGS, "cp") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let [src, dest] = p.args.as_slice() else {
        return Output::fail("error: source and destination are required\n").into();
    };
    let default_ns = super::namespace(ctx, &p);
    let sides = Side::parse(src).and_then(|s| Side::parse(dest).map(|d| (s, d)));
    let (src, dest) = match sides {
        Ok(pair) => pair,
        Err(o) => return o.into(),
    };
    match (src, dest) {
        (Side::Local(_), Side::Local(_)) => {
            Output::fail("error: one of src or dest must be a remote file specification\n").into()
        }
        (Side::Remote { .. }, Side::Remote { .. }) => {
            Output::fail("error: one of src or dest must be a local file specification\n").into()
        }
        (Side::Local(local), Side::Remote { namespace, pod, path }) => {
            let ns = namespace.unwrap_or(default_ns);
            let Ok(content) = ctx.files.read(&local) else {
                return Output::fail(format!("error: {local} doesn't exist in local filesystem\n")).into();
            };
            let content = content.to_string();
            let mut out = Output::new();
            let Some(container) = container(ctx, &ns, &pod, p.text("container"), &mut out) else { return out.into() };
            let base = local.rsplit('/').next().unwrap_or(&local);
            let target = absolute(&path, Some(base));
            if let Err(e) = ctx.cluster.write_container_file(&ns, &pod, &container, &target, content) {
                out.err(super::server_error(&e));
                out.code = 1;
            }
            out.into()
        }
        (Side::Remote { namespace, pod, path }, Side::Local(local)) => {
            let ns = namespace.unwrap_or(default_ns);
            let mut out = Output::new();
            let Some(container) = container(ctx, &ns, &pod, p.text("container"), &mut out) else { return out.into() };
            let source = absolute(&path, None);
            let gnu = !busybox_tar(ctx, &ns, &pod, &container);
            if source.starts_with('/') {
                out.err(if gnu {
                    "tar: Removing leading `/' from member names\n"
                } else {
                    "tar: removing leading '/' from member names\n"
                });
            }
            match ctx.cluster.read_container_file(&ns, &pod, &container, &source) {
                Ok(Some(content)) => {
                    // Into an existing directory, the file keeps its name.
                    let base = source.rsplit('/').next().unwrap_or(&source);
                    let target = if ctx.files.is_dir(&local) {
                        format!("{}/{base}", local.trim_end_matches('/'))
                    } else {
                        local
                    };
                    Run::Write(out, LocalWrite { path: target, content })
                }
                Ok(None) => {
                    let member = source.trim_start_matches('/');
                    if gnu {
                        out.err(format!(
                            "tar: {member}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n"
                        ));
                    } else {
                        out.err(format!("tar: {member}: No such file or directory\n"));
                    }
                    out.err("command terminated with exit code 2\n");
                    out.code = 1;
                    out.into()
                }
                Err(e) => {
                    out.err(super::server_error(&e));
                    out.code = 1;
                    out.into()
                }
            }
        }
    }
}

/// A path in the container: relative paths start at its working directory
/// (`/`); a directory (`/tmp/`) receives the file under its own name.
fn absolute(path: &str, name: Option<&str>) -> String {
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    match name {
        Some(n) if path.ends_with('/') => format!("{path}{n}"),
        _ => path,
    }
}

/// The container named by `-c`, else the pod's default one (with kubectl's notice).
fn container(ctx: &Ctx, ns: &str, pod: &str, named: Option<&str>, out: &mut Output) -> Option<String> {
    let Some(p) = ctx.cluster.store().get::<crate::cluster::objects::Pod>(ns, pod) else {
        out.err(super::server_error(&crate::cluster::ApiError::not_found(crate::cluster::Kind::Pod, pod)));
        out.code = 1;
        return None;
    };
    if let Some(c) = named {
        return Some(c.to_string());
    }
    let names: Vec<&str> = p.spec.containers.iter().map(|c| c.name.as_str()).collect();
    if names.len() > 1 {
        out.err(format!("Defaulted container \"{}\" out of: {}\n", names[0], names.join(", ")));
    }
    names.first().map(|n| n.to_string())
}

/// Whether the container's `tar` is busybox's (Alpine, busybox images).
fn busybox_tar(ctx: &Ctx, ns: &str, pod: &str, container: &str) -> bool {
    let image = ctx
        .cluster
        .store()
        .get::<crate::cluster::objects::Pod>(ns, pod)
        .and_then(|p| p.spec.containers.iter().find(|c| c.name == container).map(|c| c.image.clone()))
        .unwrap_or_default();
    let reference = crate::cluster::images::Reference::parse(&image);
    reference.tag.contains("alpine") || matches!(reference.repository.as_str(), "alpine" | "busybox")
}
