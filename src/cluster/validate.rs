//! Validation as the API server does it: the same rules, field paths and
//! messages (`k8s.io/kubernetes/pkg/apis/*/validation`).

use std::collections::{BTreeMap, BTreeSet};

use super::errors::{FieldError, quote};
use super::meta::{LabelSelector, ObjectMeta};
use super::objects::apps::{Deployment, PodTemplateSpec, ReplicaSet};
use super::objects::core::{ConfigMap, Secret};
use super::objects::pod::{Container, PodSpec};
use super::objects::service::{IntOrString, Service};
use super::quantity;

pub(crate) const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
pub(crate) const DNS1035_LABEL: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const CONFIG_KEY: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars().all(|c| is_lower_alnum(c) || c == '-')
        && s.starts_with(is_lower_alnum)
        && s.ends_with(is_lower_alnum)
}

/// `IsDNS1123Subdomain`: dot-separated lowercase labels, 253 characters in all
/// (no 63-character cap per label, unlike a DNS label).
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.chars().all(|c| is_lower_alnum(c) || c == '-')
                && l.starts_with(is_lower_alnum)
                && l.ends_with(is_lower_alnum)
        })
}

pub fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, of any length.
fn label_chars(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
}

fn is_label_value(s: &str) -> bool {
    s.is_empty() || (s.len() <= 63 && label_chars(s))
}

/// How object names are checked, per kind.
#[derive(Clone, Copy)]
pub enum NameRule {
    Subdomain,
    Label,
    Dns1035,
}

/// Name, labels and annotations.
pub fn object_meta(meta: &ObjectMeta, rule: NameRule, errs: &mut Vec<FieldError>) {
    let name = &meta.name;
    if name.is_empty() {
        errs.push(FieldError::required("metadata.name", "name or generateName is required"));
    } else {
        let (ok, msg, max) = match rule {
            NameRule::Subdomain => (is_dns1123_subdomain(name), DNS1123_SUBDOMAIN, 253),
            NameRule::Label => (is_dns1123_label(name), DNS1123_LABEL, 63),
            NameRule::Dns1035 => (is_dns1035_label(name), DNS1035_LABEL, 63),
        };
        if name.len() > max {
            errs.push(FieldError::invalid_str("metadata.name", name, format!("must be no more than {max} characters")));
        } else if !ok {
            errs.push(FieldError::invalid_str("metadata.name", name, msg));
        }
    }
    labels(&meta.labels, "metadata.labels", errs);
    let mut size = 0;
    for (key, value) in meta.annotations.iter() {
        label_key(key, "metadata.annotations", errs);
        size += key.len() + value.len();
    }
    // ValidateAnnotations' TotalAnnotationSizeLimitB (what `kubectl apply`'s
    // last-applied copy of a big ConfigMap runs into).
    if size > 262_144 {
        errs.push(FieldError::too_long("metadata.annotations", 262_144));
    }
}

/// `IsQualifiedName`: `[prefix/]name`, its errors joined by "; ".
pub fn qualified_name(key: &str) -> Result<(), String> {
    let mut why: Vec<String> = Vec::new();
    let parts: Vec<&str> = key.split('/').collect();
    let name = match parts[..] {
        [name] => name,
        [prefix, name] => {
            if prefix.is_empty() {
                why.push("prefix part must be non-empty".into());
            } else {
                if prefix.len() > 253 {
                    why.push("prefix part must be no more than 253 characters".into());
                }
                if !is_dns1123_subdomain(&prefix[..prefix.len().min(253)]) {
                    why.push(format!("prefix part {DNS1123_SUBDOMAIN}"));
                }
            }
            name
        }
        _ => {
            return Err(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                &QUALIFIED_NAME[10..]
            ));
        }
    };
    if name.is_empty() {
        why.push("name part must be non-empty".into());
    } else if name.len() > 63 {
        why.push("name part must be no more than 63 characters".into());
    }
    if !label_chars(name) {
        why.push(QUALIFIED_NAME.into());
    }
    if why.is_empty() { Ok(()) } else { Err(why.join("; ")) }
}

/// `IsValidLabelValue`.
pub fn label_value(v: &str) -> Result<(), String> {
    if v.len() > 63 {
        Err("must be no more than 63 characters".into())
    } else if !is_label_value(v) {
        Err(LABEL_VALUE.into())
    } else {
        Ok(())
    }
}

fn label_key(key: &str, path: &str, errs: &mut Vec<FieldError>) {
    if let Err(why) = qualified_name(key) {
        errs.push(FieldError::invalid_str(path, key, why));
    }
}

pub fn labels(labels: &BTreeMap<String, String>, path: &str, errs: &mut Vec<FieldError>) {
    for (key, value) in labels {
        label_key(key, path, errs);
        if let Err(why) = label_value(value) {
            errs.push(FieldError::invalid_str(path, value, why));
        }
    }
}

/// Go's `%#v` of a `map[string]string`, as selector errors print it.
pub fn go_map(m: &BTreeMap<String, String>) -> String {
    if m.is_empty() {
        return "map[string]string(nil)".into();
    }
    let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{}:{}", quote(k), quote(v))).collect();
    format!("map[string]string{{{}}}", pairs.join(", "))
}

/// Go's `%#v` of a `v1.LabelSelector`.
pub fn go_selector(s: &LabelSelector) -> String {
    let exprs = if s.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = s
            .match_expressions
            .iter()
            .map(|r| {
                let values: Vec<String> = r.values.iter().map(|v| quote(v)).collect();
                format!(
                    "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:[]string{{{}}}}}",
                    quote(&r.key),
                    quote(&r.operator),
                    values.join(", ")
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!("v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{exprs}}}", go_map(&s.match_labels))
}

pub fn pod_spec(spec: &PodSpec, path: &str, is_template: bool, errs: &mut Vec<FieldError>) {
    if spec.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    let mut names = BTreeSet::new();
    for (i, c) in spec.init_containers.iter().enumerate() {
        container(c, &format!("{path}.initContainers[{i}]"), &mut names, errs);
    }
    for (i, c) in spec.containers.iter().enumerate() {
        container(c, &format!("{path}.containers[{i}]"), &mut names, errs);
    }
    let policies = ["Always", "Never", "OnFailure"];
    if !spec.restart_policy.is_empty() && !policies.contains(&spec.restart_policy.as_str()) {
        errs.push(FieldError::unsupported(format!("{path}.restartPolicy"), &spec.restart_policy, &policies));
    } else if is_template && spec.restart_policy != "Always" && !spec.restart_policy.is_empty() {
        errs.push(FieldError::unsupported(format!("{path}.restartPolicy"), &spec.restart_policy, &["Always"]));
    }
    let mut volume_names = BTreeSet::new();
    for (i, v) in spec.volumes.iter().enumerate() {
        let p = format!("{path}.volumes[{i}].name");
        if v.name.is_empty() {
            errs.push(FieldError::required(p, ""));
        } else if !is_dns1123_label(&v.name) {
            errs.push(FieldError::invalid_str(p, &v.name, DNS1123_LABEL));
        } else if !volume_names.insert(v.name.clone()) {
            errs.push(FieldError::duplicate(p, &v.name));
        }
    }
    for (ci, c) in spec.containers.iter().enumerate() {
        for (mi, m) in c.volume_mounts.iter().enumerate() {
            if !m.name.starts_with("kube-api-access-") && !volume_names.contains(&m.name) {
                errs.push(FieldError {
                    path: format!("{path}.containers[{ci}].volumeMounts[{mi}].name"),
                    kind: super::errors::FieldErrorKind::Invalid,
                    value: quote(&m.name),
                    detail: "not found".into(),
                });
            }
        }
    }
}

pub(crate) fn container(c: &Container, path: &str, names: &mut BTreeSet<String>, errs: &mut Vec<FieldError>) {
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{path}.name"), ""));
    } else if !is_dns1123_label(&c.name) {
        errs.push(FieldError::invalid_str(format!("{path}.name"), &c.name, DNS1123_LABEL));
    } else if !names.insert(c.name.clone()) {
        errs.push(FieldError::duplicate(format!("{path}.name"), &c.name));
    }
    if c.image.trim().is_empty() {
        errs.push(FieldError::required(format!("{path}.image"), ""));
    }
    let mut port_names = BTreeSet::new();
    for (i, p) in c.ports.iter().enumerate() {
        let pp = format!("{path}.ports[{i}]");
        if !p.name.is_empty() {
            port_name(&p.name, &format!("{pp}.name"), errs);
            if !port_names.insert(p.name.clone()) {
                errs.push(FieldError::duplicate(format!("{pp}.name"), &p.name));
            }
        }
        if p.container_port == 0 {
            errs.push(FieldError::required(format!("{pp}.containerPort"), ""));
        } else if !(1..=65535).contains(&p.container_port) {
            errs.push(FieldError::invalid(
                format!("{pp}.containerPort"),
                p.container_port.to_string(),
                "must be between 1 and 65535, inclusive",
            ));
        }
        protocol(&p.protocol, &format!("{pp}.protocol"), errs);
    }
    let policies = ["Always", "IfNotPresent", "Never"];
    if !c.image_pull_policy.is_empty() && !policies.contains(&c.image_pull_policy.as_str()) {
        errs.push(FieldError::unsupported(format!("{path}.imagePullPolicy"), &c.image_pull_policy, &policies));
    }
    if let Some(res) = &c.resources {
        for (section, map) in [("limits", &res.limits), ("requests", &res.requests)] {
            for (name, value) in map {
                if quantity::parse_value(value).is_none() {
                    errs.push(FieldError::invalid(
                        format!("{path}.resources.{section}[{name}]"),
                        quote(&value_text(value)),
                        "must match the regex ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$",
                    ));
                }
            }
        }
        for (name, request) in &res.requests {
            let (Some(req), Some(limit)) =
                (quantity::parse_value(request), res.limits.get(name).and_then(quantity::parse_value))
            else {
                continue;
            };
            if req > limit {
                errs.push(FieldError::invalid(
                    format!("{path}.resources.requests"),
                    quote(&value_text(request)),
                    format!("must be less than or equal to {name} limit of {}", value_text(&res.limits[name])),
                ));
            }
        }
    }
    for (i, env) in c.env.iter().enumerate() {
        if env.name.is_empty() {
            errs.push(FieldError::required(format!("{path}.env[{i}].name"), ""));
        }
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn protocol(proto: &str, path: &str, errs: &mut Vec<FieldError>) {
    let supported = ["SCTP", "TCP", "UDP"];
    if !proto.is_empty() && !supported.contains(&proto) {
        errs.push(FieldError::unsupported(path, proto, &supported));
    }
}

/// IANA service names (`http-server`), as port names must be.
pub(crate) fn port_name(name: &str, path: &str, errs: &mut Vec<FieldError>) {
    let mut bad = |detail: &str| errs.push(FieldError::invalid_str(path, name, detail));
    if name.len() > 15 {
        bad("must be no more than 15 characters");
    }
    if !name.chars().all(|c| is_lower_alnum(c) || c == '-') {
        bad("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if name.contains("--") {
        bad("must not contain consecutive hyphens");
    }
    if !name.chars().any(|c| c.is_ascii_lowercase()) {
        bad("must contain at least one letter (a-z)");
    }
    if name.starts_with('-') || name.ends_with('-') {
        bad("must not begin or end with a hyphen");
    }
}

pub fn service(svc: &Service, errs: &mut Vec<FieldError>) {
    let spec = &svc.spec;
    let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !types.contains(&spec.type_.as_str()) {
        errs.push(FieldError::unsupported("spec.type", &spec.type_, &types));
    }
    if spec.type_ == "ExternalName" {
        if spec.external_name.is_empty() {
            errs.push(FieldError::required("spec.externalName", ""));
        }
    } else if spec.ports.is_empty() && spec.cluster_ip != "None" {
        // A headless service may have no port (ValidateService's isHeadlessService).
        errs.push(FieldError::required("spec.ports", ""));
    }
    let mut names = BTreeSet::new();
    for (i, p) in spec.ports.iter().enumerate() {
        let pp = format!("spec.ports[{i}]");
        if spec.ports.len() > 1 && p.name.is_empty() {
            errs.push(FieldError::required(format!("{pp}.name"), ""));
        } else if !p.name.is_empty() {
            if !is_dns1123_label(&p.name) {
                errs.push(FieldError::invalid_str(format!("{pp}.name"), &p.name, DNS1123_LABEL));
            } else if !names.insert(p.name.clone()) {
                errs.push(FieldError::duplicate(format!("{pp}.name"), &p.name));
            }
        }
        if !(1..=65535).contains(&p.port) {
            errs.push(FieldError::invalid(
                format!("{pp}.port"),
                p.port.to_string(),
                "must be between 1 and 65535, inclusive",
            ));
        }
        protocol(&p.protocol, &format!("{pp}.protocol"), errs);
        match &p.target_port {
            Some(IntOrString::Int(n)) if !(1..=65535).contains(n) => errs.push(FieldError::invalid(
                format!("{pp}.targetPort"),
                n.to_string(),
                "must be between 1 and 65535, inclusive",
            )),
            Some(IntOrString::Str(name)) => port_name(name, &format!("{pp}.targetPort"), errs),
            _ => {}
        }
        if let Some(node_port) = p.node_port {
            if spec.type_ == "ClusterIP" {
                errs.push(FieldError::forbidden(
                    format!("{pp}.nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            } else if !(30000..=32767).contains(&node_port) {
                errs.push(FieldError::invalid(
                    format!("{pp}.nodePort"),
                    node_port.to_string(),
                    "provided port is not in the valid range. The range of valid ports is 30000-32767",
                ));
            }
        }
    }
    for (key, value) in &spec.selector {
        label_key(key, "spec.selector", errs);
        if !is_label_value(value) {
            errs.push(FieldError::invalid_str("spec.selector", value, LABEL_VALUE));
        }
    }
}

pub(crate) fn selector_and_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    kind_word: &str,
    errs: &mut Vec<FieldError>,
) {
    match selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(sel) if sel.is_empty() => errs.push(FieldError::invalid(
            "spec.selector",
            go_selector(sel),
            format!("empty selector is invalid for {kind_word}"),
        )),
        Some(sel) => {
            // ValidateLabelSelector (apimachinery meta/v1/validation).
            labels(&sel.match_labels, "spec.selector.matchLabels", errs);
            for (i, req) in sel.match_expressions.iter().enumerate() {
                let at = format!("spec.selector.matchExpressions[{i}]");
                match req.operator.as_str() {
                    "In" | "NotIn" if req.values.is_empty() => errs.push(FieldError::required(
                        format!("{at}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    )),
                    "Exists" | "DoesNotExist" if !req.values.is_empty() => errs.push(FieldError::forbidden(
                        format!("{at}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    )),
                    "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                    op => errs.push(FieldError::invalid_str(
                        format!("{at}.operator"),
                        op,
                        "not a valid selector operator",
                    )),
                }
                label_key(&req.key, &format!("{at}.key"), errs);
                for (j, v) in req.values.iter().enumerate() {
                    if let Err(why) = label_value(v) {
                        errs.push(FieldError::invalid_str(format!("{at}.values[{j}]"), v, why));
                    }
                }
            }
        }
    }
    labels(&template.metadata.labels, "spec.template.metadata.labels", errs);
    if selector.is_none_or(|sel| !sel.is_empty() && !sel.matches(&template.metadata.labels)) {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            go_map(&template.metadata.labels),
            "`selector` does not match template `labels`",
        ));
    }
    pod_spec(&template.spec, "spec.template.spec", true, errs);
}

pub(crate) fn replicas(replicas: Option<i32>, errs: &mut Vec<FieldError>) {
    if let Some(n) = replicas.filter(|n| *n < 0) {
        errs.push(FieldError::invalid("spec.replicas", n.to_string(), "must be greater than or equal to 0"));
    }
}

pub fn deployment(d: &Deployment, errs: &mut Vec<FieldError>) {
    let spec = &d.spec;
    replicas(spec.replicas, errs);
    selector_and_template(spec.selector.as_ref(), &spec.template, "deployment", errs);
    let strategy = &spec.strategy;
    match strategy.type_.as_str() {
        "Recreate" if strategy.rolling_update.is_some() => errs.push(FieldError::forbidden(
            "spec.strategy.rollingUpdate",
            "may not be specified when strategy `type` is 'Recreate'",
        )),
        "Recreate" | "RollingUpdate" => {}
        other => errs.push(FieldError::unsupported("spec.strategy.type", other, &["Recreate", "RollingUpdate"])),
    }
    if let Some(ru) = &strategy.rolling_update {
        let check = |v: &Option<IntOrString>, field: &str, errs: &mut Vec<FieldError>| {
            let path = format!("spec.strategy.rollingUpdate.{field}");
            match v {
                Some(IntOrString::Int(n)) if *n < 0 => {
                    errs.push(FieldError::invalid(path, n.to_string(), "must be greater than or equal to 0"))
                }
                Some(IntOrString::Str(s)) => match s.strip_suffix('%').and_then(|n| n.parse::<i32>().ok()) {
                    None => errs.push(FieldError::invalid_str(
                        path,
                        s,
                        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                    )),
                    Some(p) if p > 100 => {
                        errs.push(FieldError::invalid_str(path, s, "must not be greater than 100%"))
                    }
                    _ => {}
                },
                _ => {}
            }
        };
        check(&ru.max_unavailable, "maxUnavailable", errs);
        check(&ru.max_surge, "maxSurge", errs);
        let is_zero = |v: &Option<IntOrString>| match v {
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::Str(s)) => s == "0%",
            _ => false,
        };
        if is_zero(&ru.max_unavailable) && is_zero(&ru.max_surge) {
            let value = match &ru.max_unavailable {
                Some(IntOrString::Str(s)) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", quote(s)),
                _ => "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}".into(),
            };
            errs.push(FieldError::invalid(
                "spec.strategy.rollingUpdate.maxUnavailable",
                value,
                "may not be 0 when `maxSurge` is 0",
            ));
        }
    }
    for (field, v) in [
        ("minReadySeconds", spec.min_ready_seconds),
        ("revisionHistoryLimit", spec.revision_history_limit),
        ("progressDeadlineSeconds", spec.progress_deadline_seconds),
    ] {
        if let Some(n) = v.filter(|n| *n < 0) {
            errs.push(FieldError::invalid(
                format!("spec.{field}"),
                n.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    if let (Some(deadline), Some(min_ready)) = (spec.progress_deadline_seconds, spec.min_ready_seconds)
        && deadline <= min_ready
    {
        errs.push(FieldError::invalid(
            "spec.progressDeadlineSeconds",
            deadline.to_string(),
            "must be greater than minReadySeconds",
        ));
    }
}

pub fn replica_set(rs: &ReplicaSet, errs: &mut Vec<FieldError>) {
    replicas(rs.spec.replicas, errs);
    selector_and_template(rs.spec.selector.as_ref(), &rs.spec.template, "replicaset", errs);
}

fn config_keys<'a>(keys: impl Iterator<Item = &'a String>, field: &str, errs: &mut Vec<FieldError>) {
    for key in keys {
        let ok = !key.is_empty()
            && key.len() <= 253
            && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && key != "."
            && key != "..";
        if !ok {
            errs.push(FieldError::invalid_str(format!("{field}[{key}]"), key, CONFIG_KEY));
        }
    }
}

/// ConfigMaps and Secrets hold 1 MiB at most (`core.MaxSecretSize`).
const MAX_DATA: usize = 1_048_576;

pub fn config_map(cm: &ConfigMap, errs: &mut Vec<FieldError>) {
    config_keys(cm.data.keys(), "data", errs);
    config_keys(cm.binary_data.keys(), "binaryData", errs);
    let size: usize = cm.data.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>()
        + cm.binary_data.iter().map(|(k, v)| k.len() + v.len() * 3 / 4).sum::<usize>();
    if size > MAX_DATA {
        errs.push(FieldError::too_long("[]", MAX_DATA));
    }
}

pub fn secret(s: &Secret, errs: &mut Vec<FieldError>) {
    config_keys(s.data.keys(), "data", errs);
    if s.data.iter().map(|(k, v)| k.len() + v.len() * 3 / 4).sum::<usize>() > MAX_DATA {
        errs.push(FieldError::too_long("data", MAX_DATA));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rfc_1123_and_1035() {
        assert!(is_dns1123_subdomain("my-app.v2"));
        assert!(!is_dns1123_subdomain("My-App"));
        assert!(is_dns1123_label("123-abc"));
        assert!(!is_dns1123_label("a.b"));
        assert!(is_dns1035_label("redis"));
        assert!(!is_dns1035_label("1redis"));
        let mut errs = Vec::new();
        let meta = ObjectMeta { name: "EventBus".into(), ..Default::default() };
        object_meta(&meta, NameRule::Subdomain, &mut errs);
        assert_eq!(errs[0].to_string(), format!("metadata.name: Invalid value: \"EventBus\": {DNS1123_SUBDOMAIN}"));
    }

    #[test]
    fn go_formats_maps_and_selectors() {
        let m: BTreeMap<String, String> = [("app".into(), "x".into()), ("tier".into(), "y".into())].into();
        assert_eq!(go_map(&m), "map[string]string{\"app\":\"x\", \"tier\":\"y\"}");
        let sel = LabelSelector { match_labels: [("app".into(), "frontend".into())].into(), ..Default::default() };
        assert_eq!(
            go_selector(&sel),
            "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"frontend\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
        );
    }
}
