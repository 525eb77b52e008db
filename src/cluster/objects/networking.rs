//! Ingress and IngressClass (`networking.k8s.io/v1`): the types, the API
//! server's defaults, the `DefaultIngressClass` admission plugin and
//! validation (`pkg/apis/networking/validation/validation.go`). Only some
//! learners use them: this module is in the page's lazy part
//! (`scripts/lazy.txt`), its entry points never inlined.

use crate::cluster::Cluster;
use crate::cluster::codec::Json;
use crate::cluster::errors::FieldError;
use crate::cluster::meta::{Extra, ObjectMeta};
use crate::cluster::validate::{self, NameRule};

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Ingress {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: IngressSpec,
    #[json(default)]
    pub status: IngressStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct IngressSpec {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub default_backend: Option<IngressBackend>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ingress_class_name: Option<String>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<IngressRule>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<IngressTls>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressBackend {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<TypedLocalObjectReference>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<IngressServiceBackend>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct TypedLocalObjectReference {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    #[json(default)]
    pub kind: String,
    #[json(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressServiceBackend {
    #[json(default)]
    pub name: String,
    #[json(default, skip_serializing_if = "ServiceBackendPort::is_empty")]
    pub port: ServiceBackendPort,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct ServiceBackendPort {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(default, skip_serializing_if = "is_zero")]
    pub number: i32,
}

impl ServiceBackendPort {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.number == 0
    }
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressRule {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpIngressRuleValue>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct HttpIngressRuleValue {
    #[json(default)]
    pub paths: Vec<HttpIngressPath>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct HttpIngressPath {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub path_type: Option<String>,
    #[json(default)]
    pub backend: IngressBackend,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct IngressTls {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub secret_name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct IngressStatus {
    #[json(default)]
    pub load_balancer: IngressLoadBalancerStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressLoadBalancerStatus {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<IngressLoadBalancerIngress>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressLoadBalancerIngress {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub ip: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    /// `ports`, not modeled.
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressClass {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: IngressClassSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct IngressClassSpec {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub controller: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<IngressClassParameters>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct IngressClassParameters {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    #[json(default)]
    pub kind: String,
    #[json(default)]
    pub name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// The legacy annotation that names an Ingress's class.
pub const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";
/// The annotation that makes an IngressClass the default one.
pub const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";

const WILDCARD_DNS1123: &str = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

fn finish(errs: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// Whether an IngressClass is marked as the cluster's default.
pub fn is_default_class(class: &IngressClass) -> bool {
    class.metadata.annotations.get(DEFAULT_CLASS_ANNOTATION).map(String::as_str) == Some("true")
}

/// Creating an Ingress: the `DefaultIngressClass` admission plugin, then
/// `ValidateIngressCreate`.
#[inline(never)]
pub fn admit_ingress(cluster: &mut Cluster, ing: &mut Ingress, create: bool) -> Result<(), Vec<FieldError>> {
    if create && ing.spec.ingress_class_name.is_none() && !ing.metadata.annotations.contains_key(CLASS_ANNOTATION) {
        let defaults: Vec<String> = cluster
            .store
            .ingressclasses
            .iter()
            .filter(|c| is_default_class(c))
            .map(|c| c.metadata.name.clone())
            .collect();
        if let [one] = defaults.as_slice() {
            ing.spec.ingress_class_name = Some(one.clone());
        }
    }
    let mut errs = Vec::new();
    validate::object_meta(&ing.metadata, NameRule::Subdomain, &mut errs);
    ingress_spec(&ing.spec, &mut errs);
    if create
        && let (Some(annotation), Some(class)) =
            (ing.metadata.annotations.get(CLASS_ANNOTATION), ing.spec.ingress_class_name.as_ref())
        && annotation != class
    {
        errs.push(FieldError::invalid_str(
            format!("annotations.{CLASS_ANNOTATION}"),
            annotation,
            "must match `ingressClassName` when both are specified",
        ));
    }
    finish(errs)
}

/// `IsDNS1123Subdomain`'s messages.
fn subdomain(value: &str, path: &str, errs: &mut Vec<FieldError>) {
    if value.len() > 253 {
        errs.push(FieldError::invalid_str(path, value, "must be no more than 253 characters"));
    }
    if !validate::is_dns1123_subdomain(value) {
        errs.push(FieldError::invalid_str(path, value, validate::DNS1123_SUBDOMAIN));
    }
}

/// `IsWildcardDNS1123Subdomain`'s messages.
fn wildcard(value: &str, path: &str, errs: &mut Vec<FieldError>) {
    if value.len() > 253 {
        errs.push(FieldError::invalid_str(path, value, "must be no more than 253 characters"));
    }
    let ok = value.strip_prefix("*.").is_some_and(validate::is_dns1123_subdomain);
    if !ok {
        errs.push(FieldError::invalid_str(path, value, WILDCARD_DNS1123));
    }
}

/// `ParseIPSloppy`: an IPv4 address, or an IPv6 one (hex groups and colons;
/// std's IPv6 parser would add its code to the page's first part).
fn is_ip(host: &str) -> bool {
    host.parse::<std::net::Ipv4Addr>().is_ok()
        || (host.contains(':') && host.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'))
}

fn ingress_spec(spec: &IngressSpec, errs: &mut Vec<FieldError>) {
    if spec.rules.is_empty() && spec.default_backend.is_none() {
        errs.push(FieldError::invalid(
            "spec",
            "[]networking.IngressRule(nil)",
            "either `defaultBackend` or `rules` must be specified",
        ));
    }
    if let Some(b) = &spec.default_backend {
        backend(b, "spec.defaultBackend", errs);
    }
    for (i, rule) in spec.rules.iter().enumerate() {
        let at = format!("spec.rules[{i}]");
        if !rule.host.is_empty() {
            let path = format!("{at}.host");
            if is_ip(&rule.host) {
                errs.push(FieldError::invalid_str(&path, &rule.host, "must be a DNS name, not an IP address"));
            }
            if rule.host.contains('*') {
                wildcard(&rule.host, &path, errs);
            } else {
                subdomain(&rule.host, &path, errs);
            }
        }
        if let Some(http) = &rule.http {
            if http.paths.is_empty() {
                errs.push(FieldError::required(format!("{at}.http.paths"), ""));
            }
            for (j, p) in http.paths.iter().enumerate() {
                http_path(p, &format!("{at}.http.paths[{j}]"), errs);
            }
        }
    }
    for (i, tls) in spec.tls.iter().enumerate() {
        for (j, host) in tls.hosts.iter().enumerate() {
            let path = format!("spec.tls[{i}].hosts[{j}]");
            if host.contains('*') {
                wildcard(host, &path, errs);
            } else {
                subdomain(host, &path, errs);
            }
        }
        if !tls.secret_name.is_empty() {
            subdomain(&tls.secret_name, &format!("spec.tls[{i}].secretName"), errs);
        }
    }
    if let Some(class) = &spec.ingress_class_name {
        name_subdomain(class, "spec.ingressClassName", errs);
    }
}

/// `NameIsDNSSubdomain` (a name: one message, the length first).
fn name_subdomain(value: &str, path: &str, errs: &mut Vec<FieldError>) {
    subdomain(value, path, errs);
}

const INVALID_SEQUENCES: [&str; 5] = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES: [&str; 2] = ["/..", "/."];

fn http_path(p: &HttpIngressPath, at: &str, errs: &mut Vec<FieldError>) {
    let Some(kind) = &p.path_type else {
        errs.push(FieldError::required(format!("{at}.pathType"), "pathType must be specified"));
        return;
    };
    let path_at = format!("{at}.path");
    match kind.as_str() {
        "Exact" | "Prefix" => {
            if !p.path.starts_with('/') {
                errs.push(FieldError::invalid_str(&path_at, &p.path, "must be an absolute path"));
            }
            if !p.path.is_empty() {
                for seq in INVALID_SEQUENCES {
                    if p.path.contains(seq) {
                        errs.push(FieldError::invalid_str(&path_at, &p.path, format!("must not contain '{seq}'")));
                    }
                }
                for suffix in INVALID_SUFFIXES {
                    if p.path.ends_with(suffix) {
                        errs.push(FieldError::invalid_str(&path_at, &p.path, format!("cannot end with '{suffix}'")));
                    }
                }
            }
        }
        "ImplementationSpecific" => {
            if !p.path.is_empty() && !p.path.starts_with('/') {
                errs.push(FieldError::invalid_str(&path_at, &p.path, "must be an absolute path"));
            }
        }
        other => errs.push(FieldError::unsupported(
            format!("{at}.pathType"),
            other,
            &["Exact", "ImplementationSpecific", "Prefix"],
        )),
    }
    backend(&p.backend, &format!("{at}.backend"), errs);
}

fn backend(b: &IngressBackend, at: &str, errs: &mut Vec<FieldError>) {
    match (&b.resource, &b.service) {
        (Some(_), Some(_)) => {
            errs.push(FieldError::invalid_str(at, "", "cannot set both resource and service backends"));
        }
        (Some(r), None) => {
            let at = format!("{at}.resource");
            if let Some(group) = &r.api_group {
                subdomain(group, &format!("{at}.apiGroup"), errs);
            }
            if r.kind.is_empty() {
                errs.push(FieldError::required(format!("{at}.kind"), "kind is required"));
            }
            if r.name.is_empty() {
                errs.push(FieldError::required(format!("{at}.name"), "name is required"));
            }
        }
        (None, Some(s)) => {
            if s.name.is_empty() {
                errs.push(FieldError::required(format!("{at}.service.name"), ""));
            } else if !validate::is_dns1035_label(&s.name) {
                let detail =
                    if s.name.len() > 63 { "must be no more than 63 characters" } else { validate::DNS1035_LABEL };
                errs.push(FieldError::invalid_str(format!("{at}.service.name"), &s.name, detail));
            }
            let (name, number) = (&s.port.name, s.port.number);
            if !name.is_empty() && number != 0 {
                errs.push(FieldError::invalid_str(at, "", "cannot set both port name & port number"));
            } else if !name.is_empty() {
                validate::port_name(name, &format!("{at}.service.port.name"), errs);
            } else if number != 0 {
                if !(1..=65535).contains(&number) {
                    errs.push(FieldError::invalid(
                        format!("{at}.service.port.number"),
                        number.to_string(),
                        "must be between 1 and 65535, inclusive",
                    ));
                }
            } else {
                errs.push(FieldError::required(at, "port name or number is required"));
            }
        }
        (None, None) => errs.push(FieldError::invalid_str(at, "", "resource or service backend is required")),
    }
}

/// `ValidateIngressClass` (and the defaults: a parameters reference's scope).
#[inline(never)]
pub fn admit_ingress_class(
    _cluster: &mut Cluster,
    class: &mut IngressClass,
    old: Option<&IngressClass>,
) -> Result<(), Vec<FieldError>> {
    if let Some(p) = &mut class.spec.parameters
        && p.scope.is_none()
    {
        p.scope = Some("Cluster".into());
    }
    let mut errs = Vec::new();
    if let Some(old) = old
        && old.spec.controller != class.spec.controller
    {
        errs.push(FieldError::invalid_str("spec.controller", &class.spec.controller, "field is immutable"));
    }
    validate::object_meta(&class.metadata, NameRule::Subdomain, &mut errs);
    let controller = &class.spec.controller;
    if controller.len() > 250 {
        errs.push(FieldError::too_long("spec.controller", 250));
    }
    if controller.is_empty() {
        errs.push(FieldError::required("spec.controller", ""));
    } else {
        match controller.split_once('/') {
            Some((host, _)) => {
                if !validate::is_dns1123_subdomain(host) {
                    errs.push(FieldError::invalid_str("spec.controller", host, validate::DNS1123_SUBDOMAIN));
                }
            }
            None => errs.push(FieldError::invalid_str(
                "spec.controller",
                controller,
                "must be a domain-prefixed path (such as \"acme.io/foo\")",
            )),
        }
    }
    if let Some(p) = &class.spec.parameters {
        if p.kind.is_empty() {
            errs.push(FieldError::required("spec.parameters.kind", "kind is required"));
        }
        if p.name.is_empty() {
            errs.push(FieldError::required("spec.parameters.name", "name is required"));
        }
        match (p.scope.as_deref(), &p.namespace) {
            (Some("Namespace"), None) => {
                errs.push(FieldError::required("spec.parameters.namespace", "`parameters.scope` is set to 'Namespace'"))
            }
            (Some("Cluster"), Some(_)) => {
                errs.push(FieldError::forbidden("spec.parameters.namespace", "`parameters.scope` is set to 'Cluster'"))
            }
            (Some("Namespace" | "Cluster"), _) => {}
            (Some(other), _) => {
                errs.push(FieldError::unsupported("spec.parameters.scope", other, &["Cluster", "Namespace"]))
            }
            (None, _) => {}
        }
    }
    finish(errs)
}
