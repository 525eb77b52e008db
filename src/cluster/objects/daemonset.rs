//! DaemonSet (`apps/v1`): the type, the API server's defaults
//! (`pkg/apis/apps/v1/defaults.go`), its strategy's template generation (the
//! `deprecated.daemonset.template.generation` annotation) and validation
//! (`pkg/apis/apps/validation`). The type is held from the start (kube-proxy
//! is one); its admission is in the page's lazy part (`scripts/lazy.txt`),
//! its entry points never inlined.

use super::apps::{DeploymentStrategy, PodTemplateSpec, RollingUpdate};
use super::service::IntOrString;
use crate::cluster::Cluster;
use crate::cluster::codec::Json;
use crate::cluster::errors::{FieldError, quote};
use crate::cluster::meta::{Extra, LabelSelector, ObjectMeta};
use crate::cluster::validate::{self, NameRule};

/// The annotation the API server keeps the template generation in.
pub const TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct DaemonSet {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: DaemonSetSpec,
    #[json(default)]
    pub status: DaemonSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct DaemonSetSpec {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[json(default)]
    pub template: PodTemplateSpec,
    /// `type` and `rollingUpdate` (maxUnavailable, maxSurge): the same shape
    /// as a Deployment's strategy.
    #[json(default)]
    pub update_strategy: DeploymentStrategy,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[json(flatten)]
    pub extra: Extra,
}

fn is_zero(n: &i32) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct DaemonSetStatus {
    #[json(default)]
    pub current_number_scheduled: i32,
    #[json(default)]
    pub number_misscheduled: i32,
    #[json(default)]
    pub desired_number_scheduled: i32,
    #[json(default)]
    pub number_ready: i32,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[json(default, skip_serializing_if = "is_zero")]
    pub updated_number_scheduled: i32,
    #[json(default, skip_serializing_if = "is_zero")]
    pub number_available: i32,
    #[json(default, skip_serializing_if = "is_zero")]
    pub number_unavailable: i32,
}

impl DaemonSet {
    /// The template generation (the `pod-template-generation` label of its pods).
    pub fn template_generation(&self) -> i64 {
        self.metadata.annotations.get(TEMPLATE_GENERATION).and_then(|g| g.parse().ok()).unwrap_or(1)
    }
    pub fn on_delete(&self) -> bool {
        self.spec.update_strategy.type_ == "OnDelete"
    }
    /// maxUnavailable against the desired number (percentages rounded up, as
    /// `util.UnavailableCount`), at least 1.
    pub fn max_unavailable(&self, desired: i32) -> i32 {
        let ru = self.spec.update_strategy.rolling_update.as_ref();
        let scaled = |v: Option<&IntOrString>| match v {
            Some(IntOrString::Int(n)) => (*n).max(0),
            Some(IntOrString::Str(s)) => {
                let p = s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()).unwrap_or(0).clamp(0, 100);
                ((p * i64::from(desired.max(0)) + 99) / 100) as i32
            }
            None => 0,
        };
        // (A surge is not modelled: at least one pod at a time goes.)
        scaled(ru.and_then(|r| r.max_unavailable.as_ref())).max(1)
    }
}

fn defaults(ds: &mut DaemonSet) {
    let spec = &mut ds.spec;
    let strategy = &mut spec.update_strategy;
    if strategy.type_.is_empty() {
        strategy.type_ = "RollingUpdate".into();
    }
    if strategy.type_ == "RollingUpdate" {
        let ru = strategy.rolling_update.get_or_insert_with(RollingUpdate::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    spec.revision_history_limit.get_or_insert(10);
    if spec.min_ready_seconds == Some(0) {
        spec.min_ready_seconds = None;
    }
    crate::cluster::defaults::template_spec(&mut spec.template.spec);
}

fn int_or_percent(v: &Option<IntOrString>) -> i64 {
    match v {
        Some(IntOrString::Int(n)) => i64::from(*n),
        Some(IntOrString::Str(s)) => s.trim_end_matches('%').parse().unwrap_or(0),
        None => 0,
    }
}

fn go_int_or_string(v: &Option<IntOrString>) -> String {
    match v {
        Some(IntOrString::Int(n)) => format!("intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}"),
        Some(IntOrString::Str(s)) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}", quote(s)),
        None => "<nil>".into(),
    }
}

/// ValidateRollingUpdateDaemonSet.
fn rolling_update(ru: &RollingUpdate, errs: &mut Vec<FieldError>) {
    for (field, v) in [("maxUnavailable", &ru.max_unavailable), ("maxSurge", &ru.max_surge)] {
        let path = format!("spec.updateStrategy.rollingUpdate.{field}");
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
                Some(p) if p > 100 => errs.push(FieldError::invalid_str(path, s, "must not be greater than 100%")),
                _ => {}
            },
            _ => {}
        }
    }
    let unavailable = int_or_percent(&ru.max_unavailable) != 0;
    let surge = int_or_percent(&ru.max_surge) != 0;
    if unavailable && surge {
        errs.push(FieldError::invalid(
            "spec.updateStrategy.rollingUpdate.maxSurge",
            go_int_or_string(&ru.max_surge),
            "may not be set when maxUnavailable is non-zero",
        ));
    } else if !unavailable && !surge {
        errs.push(FieldError::required(
            "spec.updateStrategy.rollingUpdate.maxUnavailable",
            "cannot be 0 when maxSurge is 0",
        ));
    }
}

#[inline(never)]
pub fn admit_daemonset(
    _cluster: &mut Cluster,
    ds: &mut DaemonSet,
    old: Option<&DaemonSet>,
) -> Result<(), Vec<FieldError>> {
    defaults(ds);
    let mut errs = Vec::new();
    validate::object_meta(&ds.metadata, NameRule::Subdomain, &mut errs);
    let spec = &ds.spec;
    validate::selector_and_template(spec.selector.as_ref(), &spec.template, "daemonset", &mut errs);
    // (ValidateDaemonSetSpec has no Required for a missing selector: it
    // matches nothing, which the template's labels say.)
    errs.retain(|e| !(e.path == "spec.selector" && e.kind == crate::cluster::errors::FieldErrorKind::Required));
    if spec.template.spec.restart_policy != "Always" {
        errs.push(FieldError::unsupported(
            "spec.template.spec.restartPolicy",
            &spec.template.spec.restart_policy,
            &["Always"],
        ));
    }
    if spec.template.spec.extra.contains_key("activeDeadlineSeconds") {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    for (field, v) in
        [("minReadySeconds", spec.min_ready_seconds), ("revisionHistoryLimit", spec.revision_history_limit)]
    {
        if let Some(n) = v.filter(|n| *n < 0) {
            errs.push(FieldError::invalid(
                format!("spec.{field}"),
                n.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    let strategy = &spec.update_strategy;
    match strategy.type_.as_str() {
        "OnDelete" => {}
        "RollingUpdate" => match &strategy.rolling_update {
            Some(ru) => rolling_update(ru, &mut errs),
            None => errs.push(FieldError::required("spec.updateStrategy.rollingUpdate", "")),
        },
        other => {
            let mut e = FieldError::unsupported("spec.updateStrategy", other, &["RollingUpdate", "OnDelete"]);
            e.value = format!(
                "apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}}",
                quote(other)
            );
            errs.push(e);
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    // The strategy's template generation: 1 at creation, one more each
    // time the template changes.
    let generation = match old {
        None => 1,
        Some(old) if old.spec.template != ds.spec.template => old.template_generation() + 1,
        Some(old) => old.template_generation(),
    };
    ds.metadata.annotations.insert(TEMPLATE_GENERATION.into(), generation.to_string());
    if old.is_none() {
        ds.status = DaemonSetStatus::default();
    }
    Ok(())
}
