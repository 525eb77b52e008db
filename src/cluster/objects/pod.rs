//! Pod (`v1`): the spec learners write and the status the kubelet reports.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::cluster::codec::Json;
use serde_json::Value;

use crate::cluster::meta::{Extra, ObjectMeta, Shared};
use crate::cluster::time::Time;

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct Pod {
    /// Shared too: a status update copies neither metadata nor spec (thousands
    /// of pods change status at once when a deployment scales).
    #[json(default)]
    pub metadata: Arc<ObjectMeta>,
    /// Shared between the versions of a pod: status updates do not copy it.
    #[json(default)]
    pub spec: Arc<PodSpec>,
    #[json(default)]
    pub status: PodStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct PodSpec {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    #[json(default)]
    pub containers: Vec<Container>,
    /// `kubectl debug`'s containers, added through the `ephemeralcontainers`
    /// subresource (`targetContainerName`, `stdin`, `tty` in `extra`).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ephemeral_containers: Vec<Container>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub restart_policy: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub dns_policy: String,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub service_account_name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub service_account: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub node_name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub host_network: Option<bool>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub hostname: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub scheduler_name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct Container {
    #[json(default)]
    pub name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceRequirements>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub termination_message_path: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub termination_message_policy: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub image_pull_policy: String,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct ContainerPort {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i32>,
    #[json(default)]
    pub container_port: i32,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct EnvVar {
    pub name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `configMapKeyRef`, `secretKeyRef`, `fieldRef`…: resolved when the container starts.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
pub struct ResourceRequirements {
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, Value>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, Value>,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
    #[json(flatten)]
    pub extra: Extra,
}

/// A volume: its name and its source (`emptyDir`, `configMap`, `secret`…), kept as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
pub struct Volume {
    pub name: String,
    #[json(flatten)]
    pub source: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct Probe {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i32>,
    /// The handler (`httpGet`, `tcpSocket`, `exec`, `grpc`), kept as written.
    #[json(flatten)]
    pub handler: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct PodStatus {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[json(default, skip_serializing_if = "Shared::is_empty")]
    pub conditions: Shared<Vec<PodCondition>>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(rename = "hostIP", default, skip_serializing_if = "String::is_empty")]
    pub host_ip: String,
    #[json(rename = "hostIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub host_ips: Vec<PodIp>,
    #[json(rename = "podIP", default, skip_serializing_if = "String::is_empty")]
    pub pod_ip: String,
    #[json(rename = "podIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub pod_ips: Vec<PodIp>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub qos_class: String,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ephemeral_container_statuses: Vec<ContainerStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
pub struct PodIp {
    pub ip: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct PodCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub name: String,
    #[json(default)]
    pub state: ContainerState,
    #[json(default)]
    pub last_state: ContainerState,
    pub ready: bool,
    pub restart_count: i32,
    pub image: String,
    #[json(rename = "imageID")]
    pub image_id: String,
    #[json(rename = "containerID", default, skip_serializing_if = "String::is_empty")]
    pub container_id: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
}

/// At most one of the three is set, as in the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
pub struct ContainerState {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<StateWaiting>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<StateRunning>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<StateTerminated>,
}

impl ContainerState {
    pub fn waiting(reason: &str, message: &str) -> ContainerState {
        ContainerState {
            waiting: Some(StateWaiting { reason: reason.into(), message: message.into() }),
            ..Default::default()
        }
    }
    pub fn running(since: Time) -> ContainerState {
        ContainerState { running: Some(StateRunning { started_at: Some(since) }), ..Default::default() }
    }
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
pub struct StateWaiting {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct StateRunning {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct StateTerminated {
    pub exit_code: i32,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Time>,
    #[json(rename = "containerID", default, skip_serializing_if = "String::is_empty")]
    pub container_id: String,
}

impl Pod {
    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }
    /// Succeeded or Failed: the pod will not run again.
    pub fn is_terminal(&self) -> bool {
        matches!(self.status.phase.as_str(), "Succeeded" | "Failed")
    }
    /// The `Ready` condition is True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }
    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }
    /// Ready, and for at least `min_ready_seconds` (what "available" means).
    pub fn is_available(&self, min_ready_seconds: i64, now: Time) -> bool {
        self.condition("Ready").is_some_and(|c| {
            c.status == "True"
                && (min_ready_seconds == 0
                    || c.last_transition_time.is_some_and(|t| now.since(t) >= min_ready_seconds * 1000))
        })
    }
    /// Sets a condition, moving its transition time only when its status changes.
    pub fn set_condition(&mut self, type_: &str, status: bool, reason: &str, message: &str, now: Time) {
        self.status.set_condition(type_, status, reason, message, now);
    }
}

impl PodStatus {
    /// A copy without the container statuses, for a writer that builds new
    /// ones (the kubelet, at every status update); the ephemeral containers'
    /// stay (the kubelet writes them apart).
    pub fn without_containers(&self) -> PodStatus {
        // Exhaustive: a new field must be thought about here.
        let PodStatus {
            phase,
            conditions,
            message,
            reason,
            host_ip,
            host_ips,
            pod_ip,
            pod_ips,
            start_time,
            init_container_statuses: _,
            container_statuses: _,
            qos_class,
            ephemeral_container_statuses,
        } = self;
        PodStatus {
            phase: phase.clone(),
            conditions: conditions.clone(),
            message: message.clone(),
            reason: reason.clone(),
            host_ip: host_ip.clone(),
            host_ips: host_ips.clone(),
            pod_ip: pod_ip.clone(),
            pod_ips: pod_ips.clone(),
            start_time: *start_time,
            init_container_statuses: Vec::new(),
            container_statuses: Vec::new(),
            qos_class: qos_class.clone(),
            ephemeral_container_statuses: ephemeral_container_statuses.clone(),
        }
    }

    /// Sets a condition, moving its transition time only when its status changes.
    pub fn set_condition(&mut self, type_: &str, status: bool, reason: &str, message: &str, now: Time) {
        let status = if status { "True" } else { "False" };
        // Read first: the conditions are shared with the previous version of
        // the pod and copied only if one really changes.
        let found = self.conditions.iter().position(|c| c.type_ == type_);
        if let Some(i) = found {
            let c = &self.conditions[i];
            if c.status == status && c.reason == reason && c.message == message {
                return;
            }
        }
        let conditions = &mut *self.conditions;
        match found.map(|i| &mut conditions[i]) {
            Some(c) => {
                if c.status != status {
                    c.last_transition_time = Some(now);
                    c.status = status.into();
                }
                if c.reason != reason {
                    c.reason = reason.into();
                }
                if c.message != message {
                    c.message = message.into();
                }
            }
            None => {
                conditions.push(PodCondition {
                    type_: type_.into(),
                    status: status.into(),
                    last_probe_time: None,
                    last_transition_time: Some(now),
                    reason: reason.into(),
                    message: message.into(),
                });
                // Kubelet's order: PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
                let rank = |t: &str| match t {
                    "PodReadyToStartContainers" => 0,
                    "Initialized" => 1,
                    "Ready" => 2,
                    "ContainersReady" => 3,
                    "PodScheduled" => 4,
                    _ => 5,
                };
                crate::sort::sort_by_key(conditions, |c| rank(&c.type_));
            }
        }
    }
}
