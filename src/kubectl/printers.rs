//! `kubectl get` output: the table of each kind (with `-o wide`, `-A`,
//! `--show-labels`, `-L`, kind prefixes) and the `-o` formats (yaml, json,
//! name, jsonpath, go-template, custom-columns).

use serde_json::Value;

use crate::cluster::objects::core::Event;
use crate::cluster::{Kind, Object, Time};
use crate::vfs::{FsError, Vfs};

use super::age::human;
use super::flags::Parsed;
use super::gotemplate::{self, Held};
use super::jsonpath::{Template, go_format, print_value};
use super::output::Output;
use super::pod_row::pod_row;
use super::resources::qualified;
use super::rows::*;
use super::yaml;

/// Which columns a table shows.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub wide: bool,
    /// `-A`: a NAMESPACE column first.
    pub namespace: bool,
    /// Several types listed: names print as `pod/x`.
    pub kind_prefix: bool,
    pub show_labels: bool,
    /// `-L key`: one column per key.
    pub label_columns: Vec<String>,
}

/// An `-o` format.
#[derive(Clone, Debug)]
pub enum Format {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
    JsonPath(Template),
    GoTemplate(Box<gotemplate::Template>),
    CustomColumns(Vec<(String, Template)>),
}

/// Which print flags a command has: `get`'s add tables (`wide`) and custom columns.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PrintFlags {
    Get,
    Generic,
}

/// The formats of `get`, and of the other commands.
const ALLOWED_TABLES: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";
const ALLOWED: &str =
    "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/// The template printers' formats (cli-runtime's `jsonFormats`, `templateFormats`).
const JSONPATH_FORMATS: &[&str] = &["jsonpath", "jsonpath-file", "jsonpath-as-json"];
const GO_TEMPLATE_FORMATS: &[&str] = &["go-template", "go-template-file", "template", "templatefile"];

/// Parses `-o` and `--template` as kubectl's print flags do; the error is
/// kubectl's. File formats read the learner's files.
pub fn parse_format(p: &Parsed, files: &Vfs, flags: PrintFlags) -> Result<Format, Output> {
    let tables = flags == PrintFlags::Get;
    let template = p.text("template").filter(|t| !t.is_empty());
    let o = match p.text("output").filter(|o| !o.is_empty()) {
        Some(o) => o,
        // `--template` alone means a Go template.
        None if template.is_some() => "go-template",
        None => return Ok(Format::Table),
    };
    let strict = p.has("allow-missing-template-keys") && !p.bool("allow-missing-template-keys");
    let no_match = || {
        let allowed = if tables { ALLOWED_TABLES } else { ALLOWED };
        Output::fail(format!(
            "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {allowed}\n"
        ))
    };
    match o {
        "yaml" => return Ok(Format::Yaml),
        "json" => return Ok(Format::Json),
        "name" => return Ok(Format::Name),
        "wide" if tables => return Ok(Format::Wide),
        _ => {}
    }
    if let Some((name, text)) = template_format(o, template, JSONPATH_FORMATS) {
        let text = template_text(name, text, files)?;
        // kubectl prints `jsonpath-as-json` results as JSON: not simulated.
        if name == "jsonpath-as-json" {
            return Err(no_match());
        }
        let t = strip_quotes(&text);
        return Template::parse(t)
            .map(Format::JsonPath)
            .map_err(|e| Output::fail(format!("error: error parsing jsonpath {text}, {e}\n")));
    }
    if let Some((name, text)) = template_format(o, template, GO_TEMPLATE_FORMATS) {
        let text = template_text(name, text, files)?;
        return gotemplate::parse(&text, strict)
            .map(|t| Format::GoTemplate(Box::new(t)))
            .map_err(|e| Output::fail(format!("error: error parsing template {text}, {e}\n")));
    }
    if !tables {
        return Err(no_match());
    }
    let (name, arg) = match o.split_once('=') {
        Some((n, a)) => (n, Some(a)),
        None => (o, None),
    };
    match (name, arg) {
        ("custom-columns", None) => {
            Err(Output::fail("error: custom-columns format specified but no custom columns given\n"))
        }
        ("custom-columns", Some(spec)) => {
            let mut cols = Vec::new();
            for part in spec.split(',') {
                let Some((header, path)) = part.split_once(':') else {
                    return Err(Output::fail(format!(
                        "error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>\n"
                    )));
                };
                let path = if path.starts_with('{') { path.to_string() } else { format!("{{{path}}}") };
                let t = Template::parse(&path).map_err(|e| Output::fail(format!("error: {e}\n")))?;
                cols.push((header.to_string(), t));
            }
            Ok(Format::CustomColumns(cols))
        }
        _ => Err(no_match()),
    }
}

/// The format and template a template printer family takes (`ToPrinter`):
/// `--template` if given, else the text after `-o NAME=`; `None` when `o`
/// is not of the family.
fn template_format<'a>(o: &'a str, template: Option<&'a str>, family: &[&str]) -> Option<(&'a str, &'a str)> {
    let (name, text) = match template {
        Some(t) => (o, t),
        None => family
            .iter()
            .find_map(|f| o.strip_prefix(f).and_then(|rest| rest.strip_prefix('=')).map(|t| (&o[..f.len()], t)))
            .unwrap_or((o, "")),
    };
    family.contains(&name).then_some((name, text))
}

/// The template itself: the text given, or the file it names.
fn template_text(name: &str, text: &str, files: &Vfs) -> Result<String, Output> {
    if text.is_empty() {
        return Err(Output::fail("error: template format specified but no template given\n"));
    }
    if !name.ends_with("file") {
        return Ok(text.to_string());
    }
    files.read(text).map(str::to_string).map_err(|e| {
        let why = match e {
            FsError::IsDirectory => format!("read {text}: is a directory"),
            FsError::NotDirectory => format!("open {text}: not a directory"),
            _ => format!("open {text}: no such file or directory"),
        };
        Output::fail(format!("error: error reading --template {text}, {why}\n"))
    })
}

fn strip_quotes(t: &str) -> &str {
    t.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).unwrap_or(t)
}

/// The header of a kind's table.
pub fn header(kind: Kind, cols: &Columns) -> Vec<String> {
    let base: Vec<&str> = match kind {
        Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        Kind::Service => SERVICE_HEADER.to_vec(),
        Kind::Deployment => DEPLOYMENT_HEADER.to_vec(),
        Kind::ReplicaSet => REPLICASET_HEADER.to_vec(),
        Kind::Node => NODE_HEADER.to_vec(),
        Kind::Namespace => NAMESPACE_HEADER.to_vec(),
        Kind::Endpoints => ENDPOINTS_HEADER.to_vec(),
        Kind::ConfigMap => CONFIGMAP_HEADER.to_vec(),
        Kind::Secret => SECRET_HEADER.to_vec(),
        Kind::Event => vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        Kind::Job => super::batch::JOB_HEADER.to_vec(),
        Kind::CronJob => super::batch::CRONJOB_HEADER.to_vec(),
        Kind::Ingress => super::ingress::INGRESS_HEADER.to_vec(),
        Kind::IngressClass => super::ingress::INGRESS_CLASS_HEADER.to_vec(),
        Kind::StorageClass => super::storage::SC_HEADER.to_vec(),
        Kind::PersistentVolume => super::storage::PV_HEADER.to_vec(),
        Kind::PersistentVolumeClaim => super::storage::PVC_HEADER.to_vec(),
        Kind::StatefulSet => super::storage::STS_HEADER.to_vec(),
        Kind::DaemonSet => super::daemonset::DS_HEADER.to_vec(),
        Kind::HorizontalPodAutoscaler => super::autoscale::HPA_HEADER.to_vec(),
        Kind::EndpointSlice => super::endpointslice::SLICE_HEADER.to_vec(),
    };
    let mut h: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    if cols.wide {
        let extra: Vec<&str> = match kind {
            Kind::Pod => vec!["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
            Kind::Service => vec!["SELECTOR"],
            Kind::Deployment | Kind::ReplicaSet | Kind::Job | Kind::CronJob => DEPLOYMENT_WIDE.to_vec(),
            Kind::Node => NODE_WIDE.to_vec(),
            Kind::PersistentVolume | Kind::PersistentVolumeClaim => super::storage::VOLUME_WIDE.to_vec(),
            Kind::StatefulSet => super::storage::STS_WIDE.to_vec(),
            Kind::DaemonSet => super::daemonset::DS_WIDE.to_vec(),
            _ => vec![],
        };
        h.extend(extra.iter().map(|s| s.to_string()));
        if kind == Kind::Event {
            h = [
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
        }
    }
    if cols.namespace && kind.namespaced() {
        h.insert(0, "NAMESPACE".into());
    }
    for key in &cols.label_columns {
        h.push(key.rsplit('/').next().unwrap_or(key).to_ascii_uppercase());
    }
    if cols.show_labels {
        h.push("LABELS".into());
    }
    h
}

/// One object's row.
pub fn row(obj: &Object, now: Time, cols: &Columns) -> Vec<String> {
    let wide = cols.wide;
    let mut r = match obj {
        Object::Pod(p) => pod_row(p, now, wide),
        Object::Service(s) => service_row(s, now, wide),
        Object::Deployment(d) => deployment_row(d, now, wide),
        Object::ReplicaSet(rs) => replicaset_row(rs, now, wide),
        Object::Node(n) => node_row(n, now, wide),
        Object::Namespace(n) => namespace_row(n, now),
        Object::Endpoints(e) => endpoints_row(e, now),
        Object::ConfigMap(c) => configmap_row(c, now),
        Object::Secret(s) => secret_row(s, now),
        Object::Event(e) => event_row(e, now, wide),
        Object::Job(j) => super::batch::job_row(j, now, wide),
        Object::CronJob(c) => super::batch::cronjob_row(c, now, wide),
        Object::Ingress(i) => super::ingress::ingress_row(i, now, wide),
        Object::IngressClass(c) => super::ingress::ingress_class_row(c, now),
        Object::StorageClass(sc) => super::storage::storage_class_row(sc, now),
        Object::PersistentVolume(pv) => super::storage::pv_row(pv, now, wide),
        Object::PersistentVolumeClaim(pvc) => super::storage::pvc_row(pvc, now, wide),
        Object::StatefulSet(sts) => super::storage::statefulset_row(sts, now, wide),
        Object::DaemonSet(ds) => super::daemonset::daemonset_row(ds, now, wide),
        Object::HorizontalPodAutoscaler(h) => super::autoscale::hpa_row(h, now),
        Object::EndpointSlice(s) => super::endpointslice::slice_row(s, now),
    };
    if cols.kind_prefix {
        let idx = if obj.kind() == Kind::Event { r.len() - 1 } else { 0 };
        if obj.kind() != Kind::Event || wide {
            r[idx] = format!("{}/{}", qualified(obj.kind()), r[idx]);
        }
    }
    if cols.namespace && obj.kind().namespaced() {
        r.insert(0, obj.meta().namespace.clone());
    }
    let labels = &obj.meta().labels;
    for key in &cols.label_columns {
        r.push(labels.get(key).cloned().unwrap_or_default());
    }
    if cols.show_labels {
        let text: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        r.push(if text.is_empty() { "<none>".into() } else { text.join(",") });
    }
    r
}

fn event_row(e: &Event, now: Time, wide: bool) -> Vec<String> {
    let since = |t: Option<Time>| t.map_or("<unknown>".to_string(), |t| human(now.since(t)));
    let last = e.last_timestamp.or(e.first_timestamp);
    let obj = format!("{}/{}", e.involved_object.kind.to_ascii_lowercase(), e.involved_object.name);
    if !wide {
        return vec![since(last), e.type_.clone(), e.reason.clone(), obj, e.message.trim().to_string()];
    }
    let source = match (e.source.component.as_str(), e.source.host.as_str()) {
        ("", _) => e.reporting_component.clone(),
        (c, "") => c.to_string(),
        (c, h) => format!("{c}, {h}"),
    };
    vec![
        since(last),
        e.type_.clone(),
        e.reason.clone(),
        obj,
        e.involved_object.field_path.clone(),
        source,
        e.message.trim().to_string(),
        since(e.first_timestamp),
        e.count.unwrap_or(1).to_string(),
        e.metadata.name.clone(),
    ]
}

/// `pod/redis`, `deployment.apps/web`.
pub fn name_of(obj: &Object) -> String {
    format!("{}/{}", qualified(obj.kind()), obj.meta().name)
}

/// A `List` of objects as the API returns it, for `-o yaml|json|jsonpath`.
pub fn list_value(objects: &[Object]) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": objects.iter().map(Object::to_value).collect::<Vec<_>>(),
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

/// Prints objects in a non-table format. `single`: one object was asked for
/// by name, so it prints alone rather than in a `List`. `held`: how kubectl
/// holds them, which a template's error report shows.
pub fn print_formatted(objects: &[Object], single: bool, format: &Format, now: Time, held: Held) -> Output {
    let value = || if single && objects.len() == 1 { objects[0].to_value() } else { list_value(objects) };
    Output::ok(match format {
        Format::Yaml => yaml::to_yaml(&value()),
        Format::Json => yaml::to_json_text(&value()),
        Format::Name => objects.iter().map(|o| name_of(o) + "\n").collect(),
        Format::JsonPath(t) => t.render(&value()),
        Format::GoTemplate(t) => return gotemplate::render(t, &value(), held),
        Format::CustomColumns(cols) => custom_columns(objects, cols, true),
        Format::Table | Format::Wide => {
            let cols = Columns { wide: matches!(format, Format::Wide), ..Default::default() };
            let mut out = String::new();
            for o in objects {
                out.push_str(&super::table::render_cells(&[&row(o, now, &cols)]));
            }
            out
        }
    })
}

/// A generated object printed by `--dry-run=client` in a template format
/// (`create`, `run`, `expose`, `config view`: kubectl holds them typed).
pub fn print_template(format: &Format, object: &Value) -> Option<Output> {
    match format {
        Format::JsonPath(t) => Some(Output::ok(t.render(object))),
        Format::GoTemplate(t) => Some(gotemplate::render(t, object, Held::Typed)),
        _ => None,
    }
}

/// `-o custom-columns`: the header unless `--no-headers`, then a row per object.
pub fn custom_columns(objects: &[Object], cols: &[(String, Template)], with_header: bool) -> String {
    let mut table = super::table::Table::new(&cols.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>());
    for o in objects {
        let v = o.to_value();
        table.push(
            cols.iter()
                .map(|(_, t)| {
                    let found = t.values(&v);
                    if found.is_empty() {
                        "<none>".to_string()
                    } else {
                        found.iter().map(go_format).collect::<Vec<_>>().join(",")
                    }
                })
                .collect(),
        );
    }
    table.render(with_header)
}

/// The value `--sort-by` sorts on (numbers numerically, the rest as text).
pub fn sort_key(obj: &Object, t: &Template) -> (f64, String) {
    let v = t.values(&obj.to_value());
    match v.first() {
        Some(Value::Number(n)) => (n.as_f64().unwrap_or(0.0), String::new()),
        Some(other) => (0.0, print_value(other)),
        None => (0.0, String::new()),
    }
}
