//! Service and Endpoints (`v1`).

use std::collections::BTreeMap;

use crate::cluster::codec::{self, Json};
use serde_json::Value;

use crate::cluster::meta::{Extra, ObjectMeta};

/// `intstr.IntOrString`: a port number or a port name, a count or a percentage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    Int(i32),
    Str(String),
}

impl codec::Decode for IntOrString {
    fn decode(value: Value) -> Result<Self, codec::DecodeError> {
        match value {
            Value::String(s) => Ok(IntOrString::Str(s)),
            // serde's words for an untagged enum that matched no variant.
            other => codec::Decode::decode(other).map(IntOrString::Int).map_err(|_: codec::DecodeError| {
                codec::DecodeError::custom("data did not match any variant of untagged enum IntOrString")
            }),
        }
    }
}

impl codec::Encode for IntOrString {
    fn encode(&self) -> Value {
        match self {
            IntOrString::Int(n) => Value::from(*n),
            IntOrString::Str(s) => Value::String(s.clone()),
        }
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(n) => write!(f, "{n}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Service {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: ServiceSpec,
    #[json(default)]
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ServiceSpec {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[json(rename = "clusterIP", default, skip_serializing_if = "String::is_empty")]
    pub cluster_ip: String,
    #[json(rename = "clusterIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    #[json(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[json(rename = "externalIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub external_ips: Vec<String>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub session_affinity: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub external_name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub external_traffic_policy: String,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_families: Vec<String>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub ip_family_policy: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub internal_traffic_policy: String,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ServicePort {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[json(default)]
    pub port: i32,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ServiceStatus {
    #[json(default)]
    pub load_balancer: LoadBalancerStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct LoadBalancerStatus {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct LoadBalancerIngress {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub ip: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub ip_mode: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Endpoints {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct EndpointSubset {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct EndpointAddress {
    pub ip: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct EndpointPort {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub port: i32,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
}

/// `v1.ObjectReference`: used by endpoints and events to point at an object.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Json)]
#[json(rename_all = "camelCase")]
pub struct ObjectReference {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub field_path: String,
}
