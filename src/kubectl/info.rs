//! Read-only commands about the cluster and the API: `version`,
//! `cluster-info`, `api-resources`, `api-versions`, `explain`, `top`, and the
//! simulated `port-forward`.

use std::fmt::Write as _;

use super::flags::{Arg, flag};
use super::output::Output;
use super::watch::Job;
use super::{Ctx, Run, resources};

pub const CLIENT_VERSION: &str = "v1.32.4";

pub fn version(ctx: &mut Ctx, args: &[String]) -> Output {
    let flags = [flag("client", None, Arg::Bool), flag("output", Some('o'), Arg::Text)];
    let p = match super::parse(args, &flags, "version") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let server = crate::cluster::bootstrap::KUBERNETES_VERSION;
    let _ = ctx;
    match p.text("output") {
        Some("json") => Output::ok(format!(
            "{{\n  \"clientVersion\": {{\n    \"major\": \"1\",\n    \"minor\": \"32\",\n    \"gitVersion\": \"{CLIENT_VERSION}\",\n    \"platform\": \"linux/amd64\"\n  }},\n  \"kustomizeVersion\": \"v5.5.0\",\n  \"serverVersion\": {{\n    \"major\": \"1\",\n    \"minor\": \"32\",\n    \"gitVersion\": \"{server}\",\n    \"platform\": \"linux/amd64\"\n  }}\n}}\n"
        )),
        Some("yaml") => Output::ok(format!(
            "clientVersion:\n  gitVersion: {CLIENT_VERSION}\n  major: \"1\"\n  minor: \"32\"\n  platform: linux/amd64\nkustomizeVersion: v5.5.0\nserverVersion:\n  gitVersion: {server}\n  major: \"1\"\n  minor: \"32\"\n  platform: linux/amd64\n"
        )),
        Some(_) => Output::fail("error: --output must be 'yaml' or 'json'\n"),
        None if p.bool("client") => {
            Output::ok(format!("Client Version: {CLIENT_VERSION}\nKustomize Version: v5.5.0\n"))
        }
        None => Output::ok(format!(
            "Client Version: {CLIENT_VERSION}\nKustomize Version: v5.5.0\nServer Version: {server}\n"
        )),
    }
}

pub fn cluster_info(_ctx: &mut Ctx, args: &[String]) -> Output {
    if args.first().is_some_and(|a| a == "dump") {
        return Output::fail("error: « kubectl cluster-info dump » n’est pas simulé ici.\n");
    }
    Output::ok(
        "Kubernetes control plane is running at https://192.168.49.2:8443\n\
         CoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\n\
         To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    )
}

/// The resources of a minikube 1.32 cluster, as `kubectl api-resources` lists them.
const API_RESOURCES: &[(&str, &str, &str, bool, &str)] = &[
    ("bindings", "", "v1", true, "Binding"),
    ("componentstatuses", "cs", "v1", false, "ComponentStatus"),
    ("configmaps", "cm", "v1", true, "ConfigMap"),
    ("endpoints", "ep", "v1", true, "Endpoints"),
    ("events", "ev", "v1", true, "Event"),
    ("limitranges", "limits", "v1", true, "LimitRange"),
    ("namespaces", "ns", "v1", false, "Namespace"),
    ("nodes", "no", "v1", false, "Node"),
    ("persistentvolumeclaims", "pvc", "v1", true, "PersistentVolumeClaim"),
    ("persistentvolumes", "pv", "v1", false, "PersistentVolume"),
    ("pods", "po", "v1", true, "Pod"),
    ("podtemplates", "", "v1", true, "PodTemplate"),
    ("replicationcontrollers", "rc", "v1", true, "ReplicationController"),
    ("resourcequotas", "quota", "v1", true, "ResourceQuota"),
    ("secrets", "", "v1", true, "Secret"),
    ("serviceaccounts", "sa", "v1", true, "ServiceAccount"),
    ("services", "svc", "v1", true, "Service"),
    ("mutatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", false, "MutatingWebhookConfiguration"),
    ("validatingadmissionpolicies", "", "admissionregistration.k8s.io/v1", false, "ValidatingAdmissionPolicy"),
    (
        "validatingadmissionpolicybindings",
        "",
        "admissionregistration.k8s.io/v1",
        false,
        "ValidatingAdmissionPolicyBinding",
    ),
    ("validatingwebhookconfigurations", "", "admissionregistration.k8s.io/v1", false, "ValidatingWebhookConfiguration"),
    ("customresourcedefinitions", "crd,crds", "apiextensions.k8s.io/v1", false, "CustomResourceDefinition"),
    ("apiservices", "", "apiregistration.k8s.io/v1", false, "APIService"),
    ("controllerrevisions", "", "apps/v1", true, "ControllerRevision"),
    ("daemonsets", "ds", "apps/v1", true, "DaemonSet"),
    ("deployments", "deploy", "apps/v1", true, "Deployment"),
    ("replicasets", "rs", "apps/v1", true, "ReplicaSet"),
    ("statefulsets", "sts", "apps/v1", true, "StatefulSet"),
    ("selfsubjectreviews", "", "authentication.k8s.io/v1", false, "SelfSubjectReview"),
    ("tokenreviews", "", "authentication.k8s.io/v1", false, "TokenReview"),
    ("localsubjectaccessreviews", "", "authorization.k8s.io/v1", true, "LocalSubjectAccessReview"),
    ("selfsubjectaccessreviews", "", "authorization.k8s.io/v1", false, "SelfSubjectAccessReview"),
    ("selfsubjectrulesreviews", "", "authorization.k8s.io/v1", false, "SelfSubjectRulesReview"),
    ("subjectaccessreviews", "", "authorization.k8s.io/v1", false, "SubjectAccessReview"),
    ("horizontalpodautoscalers", "hpa", "autoscaling/v2", true, "HorizontalPodAutoscaler"),
    ("cronjobs", "cj", "batch/v1", true, "CronJob"),
    ("jobs", "", "batch/v1", true, "Job"),
    ("certificatesigningrequests", "csr", "certificates.k8s.io/v1", false, "CertificateSigningRequest"),
    ("leases", "", "coordination.k8s.io/v1", true, "Lease"),
    ("endpointslices", "", "discovery.k8s.io/v1", true, "EndpointSlice"),
    ("events", "ev", "events.k8s.io/v1", true, "Event"),
    ("flowschemas", "", "flowcontrol.apiserver.k8s.io/v1", false, "FlowSchema"),
    ("prioritylevelconfigurations", "", "flowcontrol.apiserver.k8s.io/v1", false, "PriorityLevelConfiguration"),
    // metrics-server's APIService, served while the addon is on.
    ("nodes", "", "metrics.k8s.io/v1beta1", false, "NodeMetrics"),
    ("pods", "", "metrics.k8s.io/v1beta1", true, "PodMetrics"),
    ("ingressclasses", "", "networking.k8s.io/v1", false, "IngressClass"),
    ("ingresses", "ing", "networking.k8s.io/v1", true, "Ingress"),
    ("networkpolicies", "netpol", "networking.k8s.io/v1", true, "NetworkPolicy"),
    ("runtimeclasses", "", "node.k8s.io/v1", false, "RuntimeClass"),
    ("poddisruptionbudgets", "pdb", "policy/v1", true, "PodDisruptionBudget"),
    ("clusterrolebindings", "", "rbac.authorization.k8s.io/v1", false, "ClusterRoleBinding"),
    ("clusterroles", "", "rbac.authorization.k8s.io/v1", false, "ClusterRole"),
    ("rolebindings", "", "rbac.authorization.k8s.io/v1", true, "RoleBinding"),
    ("roles", "", "rbac.authorization.k8s.io/v1", true, "Role"),
    ("priorityclasses", "pc", "scheduling.k8s.io/v1", false, "PriorityClass"),
    ("csidrivers", "", "storage.k8s.io/v1", false, "CSIDriver"),
    ("csinodes", "", "storage.k8s.io/v1", false, "CSINode"),
    ("csistoragecapacities", "", "storage.k8s.io/v1", true, "CSIStorageCapacity"),
    ("storageclasses", "sc", "storage.k8s.io/v1", false, "StorageClass"),
    ("volumeattachments", "", "storage.k8s.io/v1", false, "VolumeAttachment"),
];

/// The verbs a resource serves (discovery's `verbs`): reviews are only
/// created, component statuses and metrics only read; namespaces and services
/// have no `deletecollection` (the service registry's Delete does per-object
/// work a collection delete would skip).
fn verbs_of(name: &str, version: &str) -> &'static str {
    const ALL: &str = "create delete deletecollection get list patch update watch";
    match name {
        "bindings" | "tokenreviews" | "selfsubjectreviews" | "localsubjectaccessreviews"
        | "selfsubjectaccessreviews" | "selfsubjectrulesreviews" | "subjectaccessreviews" => "create",
        "componentstatuses" => "get list",
        _ if version.starts_with("metrics.") => "get list",
        "namespaces" | "services" => "create delete get list patch update watch",
        _ => ALL,
    }
}

/// The categories a resource belongs to (its registry strategy's
/// `Categories()`): `kubectl get all` reads the `all` ones.
fn category_of(name: &str, version: &str) -> &'static str {
    match name {
        _ if version.starts_with("metrics.") => "",
        "pods" | "services" | "replicationcontrollers" | "deployments" | "replicasets" | "statefulsets"
        | "daemonsets" | "jobs" | "cronjobs" | "horizontalpodautoscalers" => "all",
        "customresourcedefinitions" | "apiservices" | "mutatingwebhookconfigurations"
        | "validatingwebhookconfigurations" | "validatingadmissionpolicies" | "validatingadmissionpolicybindings" => {
            "api-extensions"
        }
        _ => "",
    }
}

/// The resources discovery lists now (metrics.k8s.io only with metrics-server).
fn served(ctx: &Ctx) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str, bool, &'static str)> {
    let metrics = ctx.cluster.metrics_enabled();
    API_RESOURCES.iter().filter(move |r| metrics || !r.2.starts_with("metrics."))
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn api_resources(ctx: &mut Ctx, args: &[String]) -> Output {
    let flags = [
        flag("namespaced", None, Arg::Bool),
        flag("api-group", None, Arg::Text),
        flag("output", Some('o'), Arg::Text),
        flag("no-headers", None, Arg::Bool),
        flag("sort-by", None, Arg::Text),
        flag("verbs", None, Arg::Many),
        flag("cached", None, Arg::Bool),
    ];
    let p = match super::parse(args, &flags, "api-resources") {
        Ok(p) => p,
        Err(o) => return o,
    };
    // apiresources.go Validate, before discovery.
    let sort_by = p.text_or("sort-by", "");
    if !matches!(sort_by, "" | "name" | "kind") {
        return Output::fail("error: --sort-by accepts only name or kind\n");
    }
    // `--namespaced` is a boolean: `--namespaced` alone means true.
    let wanted_ns = p.has("namespaced").then(|| p.bool("namespaced"));
    let group = p.text("api-group");
    // --verbs: each one named (comma-separated or repeated) must be served.
    let verbs = p.many("verbs").join(",");
    let mut rows: Vec<_> = served(ctx)
        .filter(|r| wanted_ns.is_none_or(|n| n == r.3))
        .filter(|r| group.is_none_or(|g| r.2.split_once('/').map_or("", |(grp, _)| grp) == g))
        .filter(|r| verbs.split(',').filter(|v| !v.is_empty()).all(|v| verbs_of(r.0, r.2).split(' ').any(|s| s == v)))
        .collect();
    // sortableResource: by the column asked (stable), then by name.
    if !sort_by.is_empty() {
        crate::sort::sort_by_key(&mut rows, |r| (if sort_by == "kind" { r.4 } else { "" }, r.0));
    }
    // apiresources.go Validate: only wide and name are printers here.
    let output = p.text_or("output", "");
    if !matches!(output, "" | "wide" | "name") {
        return Output::fail(format!("error: --output {output} is not available\n"));
    }
    if output == "name" {
        return Output::ok(
            rows.iter()
                .map(|r| match r.2.split_once('/') {
                    Some((g, _)) => format!("{}.{g}\n", r.0),
                    None => format!("{}\n", r.0),
                })
                .collect::<String>(),
        );
    }
    let mut lines: Vec<Vec<String>> = Vec::new();
    if !p.bool("no-headers") {
        let wide: &[&str] = if output == "wide" { &["VERBS", "CATEGORIES"] } else { &[] };
        let names = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"].iter().chain(wide);
        lines.push(names.map(|s| s.to_string()).collect());
    }
    for r in rows {
        let mut line = vec![r.0.into(), r.1.into(), r.2.into(), r.3.to_string(), r.4.into()];
        if output == "wide" {
            line.push(verbs_of(r.0, r.2).replace(' ', ","));
            line.push(category_of(r.0, r.2).into());
        }
        lines.push(line);
    }
    let refs: Vec<&Vec<String>> = lines.iter().collect();
    Output::ok(super::table::render_cells(&refs))
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn api_versions(ctx: &mut Ctx, _args: &[String]) -> Output {
    // ExtractGroupVersions lists every served version, not only the preferred
    // one the resources table shows: autoscaling/v1 beside autoscaling/v2.
    let mut versions: Vec<&str> = served(ctx).map(|r| r.2).collect();
    versions.push("autoscaling/v1");
    crate::sort::sort(&mut versions);
    versions.dedup();
    Output::ok(versions.iter().map(|v| format!("{v}\n")).collect::<String>())
}

/// The description of a definition and of its fields, from the explain book
/// (`explain-1.32.txt`, see [`super::docs`]).
fn explain_texts(texts: &str, def: &str) -> (String, Vec<(String, String)>) {
    let header = format!("={def}");
    let mut lines = texts.lines().skip_while(|l| *l != header);
    if lines.next().is_none() {
        return (String::new(), Vec::new());
    }
    let description = lines.next().unwrap_or("").replace("\\n", "\n");
    let fields = lines
        .take_while(|l| !l.starts_with('='))
        .filter_map(|l| l.strip_prefix('.'))
        .map(|l| {
            let (name, text) = l.split_once(' ').unwrap_or((l, ""));
            (name.to_string(), text.replace("\\n", "\n"))
        })
        .collect();
    (description, fields)
}

/// Words wrapped to 80 columns with an indent, as kubectl's explain template wraps.
fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > 80 {
                out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
    }
    out
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn explain(ctx: &mut Ctx, args: &[String]) -> Output {
    let flags = [
        flag("recursive", None, Arg::Bool),
        flag("api-version", None, Arg::Text),
        flag("output", Some('o'), Arg::Text),
    ];
    let p = match super::parse(args, &flags, "explain") {
        Ok(p) => p,
        Err(o) => return o,
    };
    let Some(path) = p.args.first() else {
        return Output::fail(
            "error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n",
        );
    };
    let mut parts = path.split('.');
    let ty = parts.next().unwrap_or("");
    let Some(kind) = resources::resolve(ty) else {
        return Output::fail(format!("error: the server doesn't have a resource type \"{ty}\"\n"));
    };
    let fields: Vec<&str> = parts.filter(|f| !f.is_empty()).collect();
    let Some(texts) = ctx.docs.get(super::docs::Book::Explain) else {
        return Output::fail(format!("error: {}", super::docs::missing(super::docs::Book::Explain)));
    };
    let explain_texts = |def: &str| explain_texts(texts, def);
    let mut text = String::new();
    if !kind.group().is_empty() {
        let _ = writeln!(text, "GROUP:      {}", kind.group());
    }
    let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
    let _ = writeln!(text, "KIND:       {}\nVERSION:    {version}\n", kind.name());
    let mut def = Some(kind.definition());
    let mut description = explain_texts(&kind.definition()).0;
    for (i, f) in fields.iter().enumerate() {
        let Some(current) = def.clone() else {
            return Output::fail(format!("error: field \"{f}\" does not exist\n"));
        };
        let Some((ty_name, _)) = crate::cluster::schema::field(&current, f) else {
            return Output::fail(format!("error: field \"{f}\" does not exist\n"));
        };
        let field_text =
            explain_texts(&current).1.into_iter().find(|(n, _)| n == f).map(|(_, t)| t).unwrap_or_default();
        def = crate::cluster::schema::element_definition(&ty_name);
        // A field's description, then the description of its type.
        description = match &def {
            Some(d) => {
                let type_text = explain_texts(d).0;
                if type_text.is_empty() { field_text } else { format!("{field_text}\n{type_text}") }
            }
            None => field_text,
        };
        if i + 1 == fields.len() {
            let _ = write!(text, "FIELD: {f} <{}>\n\n\n", type_label(&ty_name));
        }
    }
    text.push_str("DESCRIPTION:\n");
    text.push_str(&wrap(&description, 4));
    text.push_str("    \n");
    if let Some(def) = def {
        let docs = explain_texts(&def).1;
        let list = crate::cluster::schema::fields_with_required(&def);
        if !list.is_empty() {
            text.push_str("FIELDS:\n");
            for (name, ty_name, required) in list {
                // k8s-openapi types `metadata` as mandatory; the API schema does not require it.
                let req = if required && name != "metadata" { " -required-" } else { "" };
                let _ = writeln!(text, "  {name}\t<{}>{req}", type_label(&ty_name));
                if !p.bool("recursive") {
                    let doc = docs.iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_str()).unwrap_or("");
                    if !doc.is_empty() {
                        text.push_str(&wrap(doc, 4));
                    }
                    text.push('\n');
                }
            }
        }
    }
    Output::ok(text)
}

/// How `explain` names a type: `string`, `integer`, `[]Container`, `Object`…
fn type_label(ty: &str) -> String {
    let short = |t: &str| -> String {
        match t {
            "string" => "string".into(),
            "int32" | "int64" | "integer" => "integer".into(),
            "bool" | "boolean" => "boolean".into(),
            "number" | "double" => "number".into(),
            "time" => "string".into(),
            "quantity" => "Quantity".into(),
            "int-or-string" => "IntOrString".into(),
            "object" | "any" => "Object".into(),
            t => t.rsplit('.').next().unwrap_or(t).to_string(),
        }
    };
    if let Some(inner) = ty.strip_prefix("[]") {
        format!("[]{}", short(inner))
    } else if let Some(inner) = ty.strip_prefix("{}") {
        format!("map[string]{}", short(inner))
    } else {
        short(ty)
    }
}

#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub fn top(ctx: &mut Ctx, args: &[String]) -> Output {
    let flags = [
        flag("all-namespaces", Some('A'), Arg::Bool),
        flag("selector", Some('l'), Arg::Text),
        flag("containers", None, Arg::Bool),
        flag("no-headers", None, Arg::Bool),
        flag("sort-by", None, Arg::Text),
    ];
    let Some((sub, rest)) = args.split_first() else {
        return Output::fail(super::help::for_command(ctx.docs, "top"));
    };
    let p = match super::parse(rest, &flags, &format!("top {sub}")) {
        Ok(p) => p,
        Err(o) => return o,
    };
    // top_pod.go / top_node.go Validate, before asking for metrics.
    let sort_by = p.text("sort-by").unwrap_or("");
    if !matches!(sort_by, "" | "cpu" | "memory") {
        return Output::fail("error: --sort-by accepts only cpu or memory\n");
    }
    if !ctx.cluster.metrics_enabled() {
        return Output::fail("error: Metrics API not available\n");
    }
    // metricsutil's sorters: with --sort-by, the biggest first (pods, nodes,
    // and a pod's containers); otherwise as listed, a pod's containers by name.
    // One sort on (item's key, item's place, container's key).
    let key = |cpu: i64, mem: i64| match sort_by {
        "cpu" => -cpu,
        "memory" => -mem,
        _ => 0,
    };
    let mut keyed: Vec<(i64, usize, i64, Vec<String>)> = Vec::new();
    let mut lines: Vec<Vec<String>> = Vec::new();
    match sub.as_str() {
        "node" | "nodes" | "no" => {
            lines.push(
                ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"].iter().map(|s| s.to_string()).collect(),
            );
            for (i, u) in ctx.cluster.node_usage().into_iter().enumerate() {
                let node = ctx.cluster.store().get::<crate::cluster::objects::Node>("", &u.name).cloned();
                let alloc = |k: &str| {
                    node.as_ref()
                        .and_then(|n| n.status.allocatable.get(k).cloned())
                        .and_then(|v| crate::cluster::quantity::parse(&v))
                        .unwrap_or(1.0)
                };
                let cpu_pct = (u.cpu_millicores as f64 / (alloc("cpu") * 1000.0) * 100.0) as i64;
                let mem_pct = (u.memory_bytes as f64 / alloc("memory") * 100.0) as i64;
                keyed.push((key(u.cpu_millicores, u.memory_bytes), i, 0, vec![
                    u.name.clone(),
                    format!("{}m", u.cpu_millicores),
                    format!("{cpu_pct}%"),
                    format!("{}Mi", u.memory_bytes / (1024 * 1024)),
                    format!("{mem_pct}%"),
                ]));
            }
        }
        "pod" | "pods" | "po" => {
            let ns = super::namespace(ctx, &p);
            let all = p.bool("all-namespaces");
            let mut header: Vec<String> = vec!["NAME".into(), "CPU(cores)".into(), "MEMORY(bytes)".into()];
            if all {
                header.insert(0, "NAMESPACE".into());
            }
            if p.bool("containers") {
                header.insert(if all { 2 } else { 1 }, "NAME".into());
                header[0] = if all { "NAMESPACE".into() } else { "POD".into() };
                if all {
                    header[1] = "POD".into();
                }
            }
            lines.push(header);
            let selector = p.text("selector").and_then(|s| super::get::Selector::parse(s).ok());
            let names: Vec<String> = p.args.clone();
            for (i, pod) in ctx.cluster.store().pods.iter().enumerate() {
                if !all && pod.metadata.namespace != ns {
                    continue;
                }
                if !names.is_empty() && !names.contains(&pod.metadata.name) {
                    continue;
                }
                if selector.as_ref().is_some_and(|s| !s.matches(&pod.metadata.labels)) {
                    continue;
                }
                let Some(mut usage) = ctx.cluster.pod_usage(pod) else { continue };
                let prefix: Vec<String> = if all { vec![pod.metadata.namespace.clone()] } else { vec![] };
                let cpu: i64 = usage.iter().map(|c| c.cpu_millicores).sum();
                let mem: i64 = usage.iter().map(|c| c.memory_bytes).sum();
                if p.bool("containers") {
                    crate::sort::sort_by(&mut usage, |a, b| a.name.cmp(&b.name));
                    for c in usage {
                        let mut row = prefix.clone();
                        let ck = key(c.cpu_millicores, c.memory_bytes);
                        row.extend([
                            pod.metadata.name.clone(),
                            c.name,
                            format!("{}m", c.cpu_millicores),
                            format!("{}Mi", c.memory_bytes / (1024 * 1024)),
                        ]);
                        keyed.push((key(cpu, mem), i, ck, row));
                    }
                } else {
                    let mut row = prefix;
                    row.extend([pod.metadata.name.clone(), format!("{cpu}m"), format!("{}Mi", mem / (1024 * 1024))]);
                    keyed.push((key(cpu, mem), i, 0, row));
                }
            }
            if keyed.is_empty() {
                return Output::fail(if names.is_empty() {
                    format!("No resources found in {ns} namespace.\n")
                } else {
                    format!("Error from server (NotFound): podmetrics.metrics.k8s.io \"{ns}/{}\" not found\n", names[0])
                });
            }
        }
        other => {
            return Output::fail(format!(
                "error: unknown command \"{other}\"\nSee 'kubectl top -h' for help and examples\n"
            ));
        }
    }
    crate::sort::sort_by_key(&mut keyed, |k| (k.0, k.1, k.2));
    lines.extend(keyed.into_iter().map(|k| k.3));
    if p.bool("no-headers") {
        lines.remove(0);
    }
    // `kubectl top` ends every cell with a tab, so its last column is padded too.
    let mut text = String::new();
    for l in &lines {
        text.push_str(&l.iter().map(|c| format!("{c}\t")).collect::<String>());
        text.push('\n');
    }
    Output::ok(super::table::tabwrite(&text, 6, 3))
}

/// What a running `kubectl port-forward` connects: local ports to a pod's ports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortForward {
    pub namespace: String,
    pub pod: String,
    /// (local port, the pod's port).
    pub ports: Vec<(u16, i32)>,
}

/// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE…`: kubectl's lines, then it
/// runs until interrupted; meanwhile `curl localhost:LOCAL` reaches the pod
/// (in the background, `… &`, the shell keeps the prompt).
pub fn port_forward(ctx: &mut Ctx, args: &[String]) -> Run {
    let flags = [flag("address", None, Arg::Many), flag("pod-running-timeout", None, Arg::Text)];
    let p = match super::parse(args, &flags, "port-forward") {
        Ok(p) => p,
        Err(o) => return o.into(),
    };
    if p.args.len() < 2 {
        return Output::fail(
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n",
        )
        .into();
    }
    let ns = super::namespace(ctx, &p);
    let target = &p.args[0];
    let (kind, name) = match target.split_once('/') {
        Some((t, n)) => match resources::resolve(t) {
            Some(k) => (k, n.to_string()),
            None => return super::unknown_type(t).into(),
        },
        None => (crate::cluster::Kind::Pod, target.clone()),
    };
    let object = match ctx.cluster.get(kind, &ns, &name) {
        Ok(o) => o,
        Err(e) => return super::api_failure(&e).into(),
    };
    let pod = match &object {
        crate::cluster::Object::Pod(p) => p.clone(),
        _ => match super::logs::pod_for(ctx, &ns, target) {
            Ok((p, _)) => p,
            Err(o) => return o.into(),
        },
    };
    if pod.status.phase != "Running" {
        return Output::fail(format!(
            "error: unable to forward port because pod is not running. Current status={}\n",
            pod.status.phase
        ))
        .into();
    }
    let mut out = Output::new();
    let mut ports = Vec::new();
    for spec in &p.args[1..] {
        let (local, remote) = spec.split_once(':').unwrap_or((spec, spec));
        // A service's port goes to its target port; a name, to the container port of that name.
        let target = match &object {
            // translateServicePortToTargetPort: the service must have the port.
            crate::cluster::Object::Service(s) => {
                let numeric = remote.parse::<i32>().is_ok();
                let found = s.spec.ports.iter().find(|sp| if numeric { sp.port.to_string() == remote } else { sp.name == remote });
                match found {
                    Some(sp) => match &sp.target_port {
                        Some(crate::cluster::objects::service::IntOrString::Int(n)) => n.to_string(),
                        Some(crate::cluster::objects::service::IntOrString::Str(s)) => s.clone(),
                        None => sp.port.to_string(),
                    },
                    None if numeric => {
                        let why = format!("error: Service {} does not have a service port {remote}\n", s.metadata.name);
                        return Output::fail(why).into();
                    }
                    None => {
                        let why = format!("error: Service '{}' does not have a named port '{remote}'\n", s.metadata.name);
                        return Output::fail(why).into();
                    }
                }
            }
            _ => remote.to_string(),
        };
        let pod_port = target.parse::<i32>().ok().or_else(|| {
            pod.spec.containers.iter().flat_map(|c| &c.ports).find(|cp| cp.name == target).map(|cp| cp.container_port)
        });
        let Some(pod_port) = pod_port else {
            return Output::fail(format!("error: Pod '{}' does not have a named port '{target}'\n", pod.metadata.name))
                .into();
        };
        let local = match if local.is_empty() { Ok(0) } else { local.parse::<u16>() } {
            // `0:80`, `:80`: the system picks a free port in Linux's ephemeral
            // range (32768–60999); here, from the cluster's seeded generator.
            Ok(0) => 32768 + (crate::cluster::rng::fnv32a(ctx.cluster.random_suffix(8).as_bytes()) % 28232) as u16,
            Ok(l) => l,
            Err(_) => {
                return Output::fail(format!(
                    "error: Error parsing local port '{spec}': should be between 0 and 65535\n"
                ))
                .into();
            }
        };
        out.out(format!(
            "Forwarding from 127.0.0.1:{local} -> {pod_port}\nForwarding from [::1]:{local} -> {pod_port}\n"
        ));
        ports.push((local, pod_port));
    }
    Run::Streaming(out, Job::Forward(PortForward { namespace: ns, pod: pod.metadata.name.clone(), ports }))
}
