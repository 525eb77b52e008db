//! Defaulting, as the API server and its admission plugins fill in what a
//! manifest leaves out (what `kubectl get -o yaml` shows afterwards).

use serde_json::{Value, json};

use super::images::Reference;
use super::meta::Extra;
use super::objects::apps::{Deployment, ReplicaSet, RollingUpdate};
use super::objects::pod::{Container, PodSpec, Probe, ResourceRequirements};
use super::objects::service::{IntOrString, Service};
use super::rng::Rng;

/// `Always` for `:latest` or no tag, else `IfNotPresent`.
pub fn image_pull_policy(image: &str) -> &'static str {
    let reference = Reference::parse(image);
    if reference.digest.is_none() && reference.tag == "latest" { "Always" } else { "IfNotPresent" }
}

fn probe(p: &mut Option<Probe>) {
    if let Some(p) = p {
        p.timeout_seconds.get_or_insert(1);
        p.period_seconds.get_or_insert(10);
        p.success_threshold.get_or_insert(1);
        p.failure_threshold.get_or_insert(3);
        // SetDefaults_HTTPGetAction: path `/`, scheme `HTTP`.
        // (Read first: writing copies the shared handler.)
        let missing = p.handler.get("httpGet").is_some_and(|g| g.get("path").is_none() || g.get("scheme").is_none());
        if let Some(Value::Object(get)) = missing.then(|| p.handler.get_mut("httpGet")).flatten() {
            get.entry("path").or_insert_with(|| json!("/"));
            get.entry("scheme").or_insert_with(|| json!("HTTP"));
        }
    }
}

pub(crate) fn container(c: &mut Container) {
    if c.image_pull_policy.is_empty() {
        c.image_pull_policy = image_pull_policy(&c.image).into();
    }
    if c.termination_message_path.is_empty() {
        c.termination_message_path = "/dev/termination-log".into();
    }
    if c.termination_message_policy.is_empty() {
        c.termination_message_policy = "File".into();
    }
    c.resources.get_or_insert_with(ResourceRequirements::default);
    for p in &mut c.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
    }
    probe(&mut c.liveness_probe);
    probe(&mut c.readiness_probe);
}

/// A pod's spec defaults: a template's, and requests default to limits when
/// only limits are given, which `SetDefaults_Pod` does "on a v1.Pod and not a
/// v1.PodTemplate" (pkg/apis/core/v1/defaults.go).
pub fn pod_spec(spec: &mut PodSpec) {
    template_spec(spec);
    for c in spec.init_containers.iter_mut().chain(spec.containers.iter_mut()) {
        if let Some(res) = &mut c.resources {
            for (name, limit) in res.limits.clone() {
                res.requests.entry(name).or_insert(limit);
            }
        }
    }
}

/// Pod template spec defaults (`SetDefaults_PodSpec` and the containers').
pub(crate) fn template_spec(spec: &mut PodSpec) {
    for c in spec.init_containers.iter_mut().chain(spec.containers.iter_mut()) {
        container(c);
    }
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".into();
    }
    if spec.dns_policy.is_empty() {
        spec.dns_policy = "ClusterFirst".into();
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.extra.entry("securityContext".into()).or_insert_with(|| json!({}));
    for v in &mut spec.volumes {
        if let Some(Value::Object(cm)) = v.source.get_mut("configMap") {
            cm.entry("defaultMode").or_insert(json!(420));
        }
        if let Some(Value::Object(secret)) = v.source.get_mut("secret") {
            secret.entry("defaultMode").or_insert(json!(420));
        }
        // SetDefaults_HostPathVolumeSource: HostPathUnset.
        if let Some(Value::Object(host)) = v.source.get_mut("hostPath") {
            host.entry("type").or_insert(json!(""));
        }
    }
}

/// What admission adds to a pod (not to templates): the service account and
/// its token volume, priority, and the default tolerations.
/// What admission adds to every pod, built once per cluster and shared by
/// every pod (JSON trees are costly to build, and cheap to share).
#[derive(Clone, Debug)]
pub struct AdmissionDefaults {
    /// The projected service-account volume's source.
    service_account_volume: Extra,
    /// The two NoExecute tolerations of DefaultTolerationSeconds.
    tolerations: [Value; 2],
    read_only: Extra,
}

impl Default for AdmissionDefaults {
    fn default() -> Self {
        AdmissionDefaults {
            service_account_volume: [(
                "projected".to_string(),
                json!({
                    "defaultMode": 420,
                    "sources": [
                        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
                    ]
                }),
            )]
            .into(),
            tolerations: ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
                .map(|key| json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300})),
            read_only: [("readOnly".to_string(), json!(true))].into(),
        }
    }
}

pub fn pod_admission(spec: &mut PodSpec, rng: &mut Rng, defaults: &AdmissionDefaults) {
    if spec.service_account_name.is_empty() {
        spec.service_account_name = "default".into();
    }
    spec.service_account = spec.service_account_name.clone();
    spec.priority.get_or_insert(0);
    spec.extra.entry("enableServiceLinks".into()).or_insert(json!(true));
    spec.extra.entry("preemptionPolicy".into()).or_insert(json!("PreemptLowerPriority"));
    let tolerations = spec.extra.entry("tolerations".into()).or_insert_with(|| json!([]));
    if let Value::Array(list) = tolerations {
        // DefaultTolerationSeconds: unless a toleration already covers the
        // taint (its key or none, NoExecute or no effect).
        let blank = |v: &Value| v.as_str().is_none_or(str::is_empty);
        for toleration in &defaults.tolerations {
            let covers = |t: &Value| {
                (t["key"] == toleration["key"] || blank(&t["key"]))
                    && (t["effect"] == "NoExecute" || blank(&t["effect"]))
            };
            if !list.iter().any(covers) {
                list.push(toleration.clone());
            }
        }
    }
    if spec.host_network != Some(true) {
        // A pod that has the volume already (a copy, `kubectl debug --copy-to`)
        // keeps it: only containers without the mount get one.
        let existing = spec.volumes.iter().find(|v| v.name.starts_with("kube-api-access-")).map(|v| v.name.clone());
        let volume = existing.clone().unwrap_or_else(|| format!("kube-api-access-{}", rng.suffix(5)));
        if existing.is_none() {
            spec.volumes.push(super::objects::pod::Volume {
                name: volume.clone(),
                source: defaults.service_account_volume.clone(),
            });
        }
        // The ServiceAccount admission plugin mounts the token in init
        // containers too (mountServiceAccountToken).
        const TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
        for c in spec.init_containers.iter_mut().chain(spec.containers.iter_mut()) {
            if c.volume_mounts.iter().any(|m| m.mount_path == TOKEN) {
                continue;
            }
            c.volume_mounts.push(super::objects::pod::VolumeMount {
                name: volume.clone(),
                mount_path: TOKEN.into(),
                extra: defaults.read_only.clone(),
            });
        }
    }
}

pub fn deployment(d: &mut Deployment) {
    let spec = &mut d.spec;
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    if spec.strategy.type_.is_empty() {
        spec.strategy.type_ = "RollingUpdate".into();
    }
    if spec.strategy.type_ == "RollingUpdate" {
        let ru = spec.strategy.rolling_update.get_or_insert_with(RollingUpdate::default);
        ru.max_surge.get_or_insert(IntOrString::Str("25%".into()));
        ru.max_unavailable.get_or_insert(IntOrString::Str("25%".into()));
    }
    template_spec(&mut spec.template.spec);
}

pub fn replica_set(rs: &mut ReplicaSet) {
    rs.spec.replicas.get_or_insert(1);
    template_spec(&mut rs.spec.template.spec);
}

pub fn service(svc: &mut Service) {
    let spec = &mut svc.spec;
    if spec.type_.is_empty() {
        spec.type_ = "ClusterIP".into();
    }
    if spec.session_affinity.is_empty() {
        spec.session_affinity = "None".into();
    }
    for p in &mut spec.ports {
        if p.protocol.is_empty() {
            p.protocol = "TCP".into();
        }
        if p.target_port.is_none() {
            p.target_port = Some(IntOrString::Int(p.port));
        }
    }
    if spec.type_ != "ExternalName" {
        if spec.ip_families.is_empty() {
            spec.ip_families = vec!["IPv4".into()];
        }
        if spec.ip_family_policy.is_empty() {
            spec.ip_family_policy = "SingleStack".into();
        }
        if spec.internal_traffic_policy.is_empty() {
            spec.internal_traffic_policy = "Cluster".into();
        }
    }
    if matches!(spec.type_.as_str(), "NodePort" | "LoadBalancer") && spec.external_traffic_policy.is_empty() {
        spec.external_traffic_policy = "Cluster".into();
    }
    if spec.type_ == "LoadBalancer" {
        spec.extra.entry("allocateLoadBalancerNodePorts".into()).or_insert(json!(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(image_pull_policy("nginx"), "Always");
        assert_eq!(image_pull_policy("nginx:latest"), "Always");
        assert_eq!(image_pull_policy("nginx:1.27"), "IfNotPresent");
        assert_eq!(image_pull_policy("nginx@sha256:abc"), "IfNotPresent");
    }
}
