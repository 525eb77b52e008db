//! EndpointSlice (`discovery.k8s.io/v1`): the type as
//! `k8s.io/api/discovery/v1/types.go` serializes it. `endpoints` and `ports`
//! carry no `omitempty` upstream, so an empty slice (the controller's
//! placeholder) reads `endpoints: null` and `ports: null`. Every learner's
//! cluster has services, yet few read their slices: the slices are made the
//! first time something asks for them (`controllers::endpointslice`), and
//! this module is in the page's lazy part.

use crate::cluster::codec::Json;
use crate::cluster::meta::ObjectMeta;
use crate::cluster::objects::service::ObjectReference;

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct EndpointSlice {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub address_type: String,
    #[json(default)]
    pub endpoints: Option<Vec<SliceEndpoint>>,
    #[json(default)]
    pub ports: Option<Vec<SlicePort>>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct SliceEndpoint {
    #[json(default)]
    pub addresses: Vec<String>,
    #[json(default)]
    pub conditions: EndpointConditions,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct EndpointConditions {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub serving: Option<bool>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub terminating: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Json)]
#[json(rename_all = "camelCase")]
pub struct SlicePort {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

impl EndpointSlice {
    pub fn endpoint_list(&self) -> &[SliceEndpoint] {
        self.endpoints.as_deref().unwrap_or_default()
    }
    pub fn port_list(&self) -> &[SlicePort] {
        self.ports.as_deref().unwrap_or_default()
    }
}
