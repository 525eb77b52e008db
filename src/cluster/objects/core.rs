//! Namespace, Node, ConfigMap, Secret and Event (`v1`).

use std::collections::BTreeMap;

use crate::cluster::codec::Json;
use serde_json::Value;

use super::service::ObjectReference;
use crate::cluster::meta::{Extra, ObjectMeta};
use crate::cluster::time::Time;

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Namespace {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default, skip_serializing_if = "Extra::is_empty")]
    pub spec: Extra,
    #[json(default)]
    pub status: NamespaceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct NamespaceStatus {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Node {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: NodeSpec,
    #[json(default)]
    pub status: NodeStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct NodeSpec {
    #[json(rename = "podCIDR", default, skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
    #[json(rename = "podCIDRs", default, skip_serializing_if = "Vec::is_empty")]
    pub pod_cidrs: Vec<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub unschedulable: Option<bool>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Value>,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct NodeStatus {
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocatable: BTreeMap<String, String>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<NodeCondition>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
    #[json(default)]
    pub node_info: NodeSystemInfo,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct NodeCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    pub last_heartbeat_time: Option<Time>,
    pub last_transition_time: Option<Time>,
    pub reason: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct NodeAddress {
    #[json(rename = "type")]
    pub type_: String,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct NodeSystemInfo {
    #[json(rename = "machineID")]
    pub machine_id: String,
    #[json(rename = "systemUUID")]
    pub system_uuid: String,
    #[json(rename = "bootID")]
    pub boot_id: String,
    pub kernel_version: String,
    pub os_image: String,
    pub container_runtime_version: String,
    pub kubelet_version: String,
    pub kube_proxy_version: String,
    pub operating_system: String,
    pub architecture: String,
}

impl Node {
    pub fn is_ready(&self) -> bool {
        self.status.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True")
    }
    pub fn internal_ip(&self) -> &str {
        self.status.addresses.iter().find(|a| a.type_ == "InternalIP").map_or("", |a| a.address.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ConfigMap {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub binary_data: BTreeMap<String, String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct Secret {
    #[json(default)]
    pub metadata: ObjectMeta,
    /// Values are base64, as in the API.
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
    /// Write-only: merged into `data` (base64-encoded) by the API server.
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub string_data: BTreeMap<String, String>,
    #[json(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub immutable: Option<bool>,
}

/// `v1.Event` (core), as `kubectl get events` and `describe` read it.
#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct Event {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub involved_object: ObjectReference,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[json(default)]
    pub source: EventSource,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub first_timestamp: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_timestamp: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i32>,
    #[json(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reporting_component: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reporting_instance: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct EventSource {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub component: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
}
