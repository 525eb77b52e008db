//! StatefulSet (`apps/v1`): the type, the API server's defaults
//! (`pkg/apis/apps/v1/defaults.go`) and validation
//! (`pkg/apis/apps/validation`). Only some learners use StatefulSets: this
//! module is in the page's lazy part (`scripts/lazy.txt`), its entry points
//! never inlined.

use serde_json::Value;

use super::apps::PodTemplateSpec;
use super::storage::{PersistentVolumeClaim, claim_spec};
use crate::cluster::Cluster;
use crate::cluster::codec::Json;
use crate::cluster::errors::FieldError;
use crate::cluster::meta::{Extra, LabelSelector, ObjectMeta};
use crate::cluster::validate::{self, NameRule};

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct StatefulSet {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: StatefulSetSpec,
    #[json(default)]
    pub status: StatefulSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct StatefulSetSpec {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[json(default)]
    pub template: PodTemplateSpec,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<PersistentVolumeClaim>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub pod_management_policy: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<UpdateStrategy>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy: Option<Value>,
    /// What the simulator does not model (ordinals).
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct UpdateStrategy {
    #[json(rename = "type", default, skip_serializing_if = "String::is_empty")]
    pub type_: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSet>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct RollingUpdateStatefulSet {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct StatefulSetStatus {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[json(default)]
    pub replicas: i32,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub current_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub updated_replicas: Option<i32>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub current_revision: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub update_revision: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i32>,
}

impl StatefulSet {
    pub fn partition(&self) -> i32 {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.rolling_update.as_ref())
            .and_then(|r| r.partition)
            .unwrap_or(0)
    }
    pub fn on_delete(&self) -> bool {
        self.spec.update_strategy.as_ref().is_some_and(|u| u.type_ == "OnDelete")
    }
    pub fn parallel(&self) -> bool {
        self.spec.pod_management_policy == "Parallel"
    }
}

fn defaults(sts: &mut StatefulSet) {
    let spec = &mut sts.spec;
    if spec.pod_management_policy.is_empty() {
        spec.pod_management_policy = "OrderedReady".into();
    }
    let strategy = spec.update_strategy.get_or_insert_with(UpdateStrategy::default);
    if strategy.type_.is_empty() {
        strategy.type_ = "RollingUpdate".into();
    }
    if strategy.type_ == "RollingUpdate" {
        strategy.rolling_update.get_or_insert_with(Default::default).partition.get_or_insert(0);
    }
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    if spec.persistent_volume_claim_retention_policy.is_none() {
        spec.persistent_volume_claim_retention_policy =
            Some(serde_json::json!({"whenDeleted": "Retain", "whenScaled": "Retain"}));
    }
    crate::cluster::defaults::template_spec(&mut spec.template.spec);
    for claim in &mut spec.volume_claim_templates {
        claim.spec.volume_mode.get_or_insert_with(|| "Filesystem".into());
        claim.status.phase = "Pending".into();
    }
}

#[inline(never)]
pub fn admit_statefulset(
    _cluster: &mut Cluster,
    sts: &mut StatefulSet,
    old: Option<&StatefulSet>,
) -> Result<(), Vec<FieldError>> {
    defaults(sts);
    let mut errs = Vec::new();
    validate::object_meta(&sts.metadata, NameRule::Subdomain, &mut errs);
    let spec = &sts.spec;
    validate::replicas(spec.replicas, &mut errs);
    // (Mounts may name a claim template: the pods get those volumes.)
    let mut template = spec.template.clone();
    for claim in &spec.volume_claim_templates {
        if !template.spec.volumes.iter().any(|v| v.name == claim.metadata.name) {
            let mut source = Extra::default();
            source.insert("persistentVolumeClaim".into(), serde_json::json!({ "claimName": claim.metadata.name }));
            template
                .spec
                .volumes
                .push(crate::cluster::objects::pod::Volume { name: claim.metadata.name.clone(), source });
        }
    }
    validate::selector_and_template(spec.selector.as_ref(), &template, "statefulset", &mut errs);
    if spec.template.spec.restart_policy != "Always" {
        errs.push(FieldError::unsupported(
            "spec.template.spec.restartPolicy",
            &spec.template.spec.restart_policy,
            &["Always"],
        ));
    }
    if !matches!(spec.pod_management_policy.as_str(), "OrderedReady" | "Parallel") {
        errs.push(FieldError::invalid_str(
            "spec.podManagementPolicy",
            &spec.pod_management_policy,
            "must be 'OrderedReady' or 'Parallel'",
        ));
    }
    if let Some(strategy) = &spec.update_strategy {
        match strategy.type_.as_str() {
            "OnDelete" if strategy.rolling_update.is_some() => errs.push(FieldError::invalid_str(
                "spec.updateStrategy.rollingUpdate",
                "",
                "only allowed for updateStrategy 'RollingUpdate'",
            )),
            "OnDelete" | "RollingUpdate" => {}
            other => errs.push(FieldError::invalid_str(
                "spec.updateStrategy",
                other,
                "must be 'RollingUpdate' or 'OnDelete'",
            )),
        }
        if let Some(p) = strategy.rolling_update.as_ref().and_then(|r| r.partition)
            && p < 0
        {
            errs.push(FieldError::invalid(
                "spec.updateStrategy.rollingUpdate.partition",
                p.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    for (i, claim) in spec.volume_claim_templates.iter().enumerate() {
        claim_spec(&claim.spec, &format!("spec.volumeClaimTemplates[{i}].spec"), &mut errs);
    }
    if let Some(old) = old {
        let mut comparable = sts.spec.clone();
        comparable.replicas = old.spec.replicas;
        comparable.template = old.spec.template.clone();
        comparable.update_strategy = old.spec.update_strategy.clone();
        comparable.persistent_volume_claim_retention_policy = old.spec.persistent_volume_claim_retention_policy.clone();
        comparable.min_ready_seconds = old.spec.min_ready_seconds;
        comparable.extra = old.spec.extra.clone();
        if comparable != old.spec {
            errs.push(FieldError::forbidden(
                "spec",
                "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    if old.is_none() {
        sts.status = StatefulSetStatus::default();
    }
    Ok(())
}
