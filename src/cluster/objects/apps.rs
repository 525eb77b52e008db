//! Deployment and ReplicaSet (`apps/v1`), and the pod template they share.

use crate::cluster::codec::Json;

use super::pod::PodSpec;
use super::service::IntOrString;
use crate::cluster::meta::{LabelSelector, ObjectMeta};
use crate::cluster::time::Time;

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct PodTemplateSpec {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: PodSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct Deployment {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: DeploymentSpec,
    #[json(default)]
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct DeploymentSpec {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[json(default)]
    pub template: PodTemplateSpec,
    #[json(default)]
    pub strategy: DeploymentStrategy,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct DeploymentStrategy {
    #[json(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdate>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct RollingUpdate {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct DeploymentStatus {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub updated_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub unavailable_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<DeploymentCondition>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct DeploymentCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct ReplicaSet {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: ReplicaSetSpec,
    #[json(default)]
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[json(default)]
    pub template: PodTemplateSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    #[json(default)]
    pub replicas: i32,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub fully_labeled_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
}

impl DeploymentStatus {
    pub fn condition(&self, type_: &str) -> Option<&DeploymentCondition> {
        self.conditions.iter().find(|c| c.type_ == type_)
    }
}
