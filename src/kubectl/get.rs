//! `kubectl get`: tables, `-o` formats, selectors, `-A`, `--sort-by`, `-w`.

use crate::cluster::{Kind, Object};

use super::field_selector;
use super::flags::{Arg, Flag, flag};
use super::gotemplate::Held;
use super::output::Output;
use super::printers::{self, Columns, Format};
use super::table::render_with_widths;
use super::watch::{Job, Watch};
use super::{Ctx, Run, resources};

pub const FLAGS: &[Flag] = &[
    flag("output", Some('o'), Arg::Text),
    flag("template", None, Arg::Text),
    flag("allow-missing-template-keys", None, Arg::Bool),
    flag("selector", Some('l'), Arg::Text),
    flag("show-labels", None, Arg::Bool),
    flag("label-columns", Some('L'), Arg::Many),
    flag("all-namespaces", Some('A'), Arg::Bool),
    flag("watch", Some('w'), Arg::Bool),
    flag("watch-only", None, Arg::Bool),
    flag("sort-by", None, Arg::Text),
    flag("no-headers", None, Arg::Bool),
    flag("filename", Some('f'), Arg::Many),
    flag("kustomize", Some('k'), Arg::Text),
    flag("ignore-not-found", None, Arg::Bool),
    flag("field-selector", None, Arg::Text),
    flag("show-kind", None, Arg::Bool),
    flag("chunk-size", None, Arg::Int),
    flag("output-watch-events", None, Arg::Bool),
    flag("recursive", Some('R'), Arg::Bool),
];

pub use super::selector::Selector;

/// Which objects a `get`, `delete` or `describe` names.
#[derive(Clone, Debug)]
pub enum Request {
    /// `get pods,svc`: every object of these kinds.
    Kinds(Vec<Kind>, bool),
    /// `get pod a b`, `get pod/a svc/b`.
    Named(Vec<(Kind, String)>),
}

/// Reads `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`.
pub fn request(args: &[String]) -> Result<Request, Output> {
    if args.iter().any(|a| a.contains('/')) {
        return super::resource_args(args).map(Request::Named);
    }
    let Some((types, names)) = args.split_first() else {
        return Err(super::must_provide_resources());
    };
    let mut kinds = Vec::new();
    let mut all = false;
    for t in types.split(',').filter(|t| !t.is_empty()) {
        if t == "all" {
            all = true;
            kinds.extend(resources::ALL);
        } else {
            kinds.push(resources::resolve(t).ok_or_else(|| super::unknown_type(t))?);
        }
    }
    if kinds.is_empty() {
        return Err(super::unknown_type("")); // `''` or `,` (SplitResourceArgument keeps one empty type)
    }
    if names.is_empty() {
        let several = kinds.len() > 1 || all;
        return Ok(Request::Kinds(kinds, several));
    }
    if kinds.len() > 1 {
        return Ok(Request::Named(kinds.iter().flat_map(|&k| names.iter().map(move |n| (k, n.clone()))).collect()));
    }
    Ok(Request::Named(names.iter().map(|n| (kinds[0], n.clone())).collect()))
}

pub fn run(ctx: &mut Ctx, args: &[String]) -> Run {
    let mut warnings = String::new();
    let mut run = run_with(ctx, args, &mut warnings);
    // kustomize's warnings (`-k`) come before anything else.
    if !warnings.is_empty() {
        run.output_mut().chunks.insert(0, (super::output::Stream::Err, warnings));
    }
    run
}

fn run_with(ctx: &mut Ctx, args: &[String], warnings: &mut String) -> Run {
    let p = match super::parse_command(ctx, args, FLAGS, "get") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    let files = p.many("filename");
    let kustomized = p.text("kustomize").is_some();
    if p.args.is_empty() && files.is_empty() && !kustomized {
        return Output::fail(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n\
             error: Required resource not specified.\n\
             Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n\
             See 'kubectl get -h' for help and examples\n",
        )
        .into();
    }
    let format = match printers::parse_format(&p, ctx.files, printers::PrintFlags::Get) {
        Ok(f) => f,
        Err(o) => return o.into(),
    };
    let sort = match p.text("sort-by").map(|s| {
        let s = s.trim_matches('\'');
        let s = if s.starts_with('{') { s.to_string() } else { format!("{{{s}}}") };
        super::jsonpath::Template::parse(&s)
    }) {
        Some(Err(e)) => return Output::fail(format!("error: {e}\n")).into(),
        Some(Ok(t)) => Some(t),
        None => None,
    };
    let all_ns = p.bool("all-namespaces");
    let ns = super::namespace(ctx, &p);
    let request = if !files.is_empty() || kustomized {
        match super::apply::objects_from_flags(ctx, &p, "") {
            Ok((docs, w)) => Request::Named({
                *warnings = w;
                docs.iter()
                    .filter_map(|d| crate::cluster::Cluster::kind_of(&d.value).ok().map(|k| (k, d.name())))
                    .collect()
            }),
            Err(o) => return o.into(),
        }
    } else {
        match request(&p.args) {
            Ok(r) => r,
            Err(o) => return o.into(),
        }
    };

    if matches!(request, Request::Named(_)) && (p.text("selector").is_some() || p.text("field-selector").is_some()) {
        return Output::fail("error: name cannot be provided when a selector is specified\n").into();
    }
    let kinds = match &request {
        Request::Kinds(kinds, _) => kinds.as_slice(),
        Request::Named(_) => &[],
    };
    let selector = match super::selector::for_kinds(p.text("selector"), kinds, p.text("field-selector")) {
        Ok(s) => s,
        Err(o) => return o.into(),
    };
    let fields = match field_selector::for_kinds(p.text("field-selector"), kinds, p.text("selector")) {
        Ok(f) => f,
        Err(e) => return Output::fail(e).into(),
    };

    let mut out = Output::new();
    let now = ctx.cluster.now();
    // (kind, objects) groups, in the order asked.
    let mut groups: Vec<(Kind, Vec<Object>)> = Vec::new();
    let mut errors = String::new();
    let (single, several_kinds, asked_kinds) = match &request {
        Request::Kinds(kinds, several) => {
            for &k in kinds {
                let scope = if all_ns || !k.namespaced() { None } else { Some(ns.as_str()) };
                let mut objs: Vec<Object> = ctx.cluster.store().objects(k, scope);
                if let Some(sel) = &selector {
                    objs.retain(|o| sel.matches(&o.meta().labels));
                }
                if let Some(f) = &fields {
                    objs.retain(|o| f.matches(o));
                }
                groups.push((k, objs));
            }
            (false, *several, kinds.clone())
        }
        Request::Named(pairs) => {
            for (k, name) in pairs {
                let obj_ns = if k.namespaced() { ns.as_str() } else { "" };
                match ctx.cluster.get(*k, obj_ns, name) {
                    Ok(o) => match groups.iter_mut().find(|(gk, _)| gk == k) {
                        Some((_, v)) => v.push(o),
                        None => groups.push((*k, vec![o])),
                    },
                    Err(_) if p.bool("ignore-not-found") => {}
                    Err(e) => errors.push_str(&super::server_error(&e)),
                }
            }
            let mut kinds: Vec<Kind> = pairs.iter().map(|(k, _)| *k).collect();
            kinds.dedup();
            let several = pairs.iter().any(|(k, _)| *k != pairs[0].0);
            (pairs.len() == 1, several, kinds)
        }
    };
    if let Some(t) = &sort {
        for (_, objs) in &mut groups {
            crate::sort::sort_by(objs, |a, b| {
                let (ka, kb) = (printers::sort_key(a, t), printers::sort_key(b, t));
                ka.0.total_cmp(&kb.0).then_with(|| ka.1.cmp(&kb.1))
            });
        }
    }
    let total: usize = groups.iter().map(|(_, o)| o.len()).sum();
    let watch = p.bool("watch") || p.bool("watch-only");

    let mut widths = Vec::new();
    if total == 0 && errors.is_empty() && !watch {
        if matches!(format, Format::Table | Format::Wide | Format::Name | Format::CustomColumns(_))
            || matches!(request, Request::Kinds(..))
        {
            // printGeneric runs a template on the empty List, and says nothing more.
            if matches!(format, Format::Yaml | Format::Json | Format::GoTemplate(_)) {
                out.extend(printers::print_formatted(&[], false, &format, now, Held::Unstructured));
            } else {
                let cluster_scoped = asked_kinds.iter().all(|k| !k.namespaced());
                if all_ns || cluster_scoped {
                    out.err("No resources found\n");
                } else {
                    out.err(format!("No resources found in {ns} namespace.\n"));
                }
            }
        }
    } else if !p.bool("watch-only") {
        match &format {
            Format::Table | Format::Wide => {
                let cols = Columns {
                    wide: matches!(format, Format::Wide),
                    namespace: all_ns,
                    kind_prefix: several_kinds || p.bool("show-kind"),
                    show_labels: p.bool("show-labels"),
                    label_columns: p
                        .many("label-columns")
                        .iter()
                        .flat_map(|l| l.split(','))
                        .map(String::from)
                        .collect(),
                };
                let mut first = true;
                for (kind, objs) in &groups {
                    if objs.is_empty() {
                        continue;
                    }
                    if !first {
                        out.out("\n");
                    }
                    first = false;
                    let mut lines: Vec<Vec<String>> = Vec::new();
                    if !p.bool("no-headers") {
                        lines.push(printers::header(*kind, &cols));
                    }
                    lines.extend(objs.iter().map(|o| printers::row(o, now, &cols)));
                    let refs: Vec<&Vec<String>> = lines.iter().collect();
                    if groups.len() == 1 {
                        out.out(render_with_widths(&refs, &mut widths));
                    } else {
                        out.out(render_with_widths(&refs, &mut Vec::new()));
                    }
                }
            }
            // One name asked and not found: printGeneric returns the error alone, no empty List.
            _ if single && groups.iter().all(|(_, o)| o.is_empty()) && !errors.is_empty() => {}
            other => {
                let objs: Vec<Object> = groups.iter().flat_map(|(_, o)| o.iter().cloned()).collect();
                // The custom-columns printer honours --no-headers (get.go).
                match other {
                    Format::CustomColumns(cols) => {
                        out.out(printers::custom_columns(&objs, cols, !p.bool("no-headers")))
                    }
                    // A watch prints the objects it starts from one by one, as it prints changes.
                    Format::GoTemplate(_) if watch => {
                        for o in &objs {
                            out.extend(printers::print_formatted(
                                std::slice::from_ref(o),
                                true,
                                other,
                                now,
                                Held::Unstructured,
                            ));
                        }
                    }
                    // `hpa.v1.autoscaling`: the version asked for.
                    _ if args.iter().any(|a| a.to_ascii_lowercase().contains(".v1.autoscaling")) => {
                        out.extend(super::autoscale::print_v1(&objs, single, other, now))
                    }
                    _ => out.extend(printers::print_formatted(&objs, single, other, now, Held::Unstructured)),
                }
            }
        }
    }
    if !errors.is_empty() {
        out.err(errors);
        out.code = 1;
    }
    if !watch {
        return Run::Done(out);
    }
    if asked_kinds.len() != 1 {
        return Output::fail("error: you may only specify a single resource type\n").into();
    }
    let names = match &request {
        Request::Named(pairs) => pairs.iter().map(|(_, n)| n.clone()).collect(),
        Request::Kinds(..) => Vec::new(),
    };
    let cols = Columns {
        wide: matches!(format, Format::Wide),
        namespace: all_ns,
        kind_prefix: false,
        show_labels: p.bool("show-labels"),
        label_columns: p.many("label-columns"),
    };
    let job = Watch {
        kind: asked_kinds[0],
        namespace: if all_ns { None } else { Some(ns) },
        names,
        selector,
        fields,
        columns: cols,
        format,
        widths,
        since: ctx.cluster.store().resource_version(),
        header_printed: total > 0 && !p.bool("watch-only"),
        no_headers: p.bool("no-headers"),
    };
    Run::Streaming(out, Job::Watch(job))
}
