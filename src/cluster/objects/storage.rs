//! StorageClass (`storage.k8s.io/v1`), PersistentVolume and
//! PersistentVolumeClaim (`v1`): the types, the API server's defaults
//! (`pkg/apis/core/v1/defaults.go`, the DefaultStorageClass admission plugin)
//! and validation (`pkg/apis/core/validation`, `pkg/apis/storage/validation`).
//! Only some learners use volumes: this module is in the page's lazy part
//! (`scripts/lazy.txt`), its entry points never inlined.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::cluster::Cluster;
use crate::cluster::codec::Json;
use crate::cluster::errors::FieldError;
use crate::cluster::meta::{Extra, LabelSelector, ObjectMeta};
use crate::cluster::quantity;
use crate::cluster::time::Time;
use crate::cluster::validate::{self, NameRule};

/// The annotation that makes a class the default one.
pub const DEFAULT_CLASS: &str = "storageclass.kubernetes.io/is-default-class";
/// The finalizers the API server adds (the StorageObjectInUseProtection plugin).
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct StorageClass {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub provisioner: String,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub mount_options: Vec<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    /// What the simulator does not model (allowedTopologies).
    #[json(flatten)]
    pub extra: Extra,
}

impl StorageClass {
    pub fn is_default(&self) -> bool {
        self.metadata.annotations.get(DEFAULT_CLASS).is_some_and(|v| v == "true")
            || self
                .metadata
                .annotations
                .get("storageclass.beta.kubernetes.io/is-default-class")
                .is_some_and(|v| v == "true")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct PersistentVolume {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: PersistentVolumeSpec,
    #[json(default)]
    pub status: PersistentVolumeStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct PersistentVolumeSpec {
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, Value>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<ClaimRef>,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub persistent_volume_reclaim_policy: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub storage_class_name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    /// The source (`hostPath`, `nfs`, `local`, `csi`…), `nodeAffinity`,
    /// `mountOptions`: kept as written.
    #[json(flatten)]
    pub extra: Extra,
}

/// `spec.claimRef`: the claim a volume is bound (or reserved) to.
#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct ClaimRef {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct PersistentVolumeStatus {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub last_phase_transition_time: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct PersistentVolumeClaim {
    #[json(default)]
    pub metadata: ObjectMeta,
    #[json(default)]
    pub spec: PersistentVolumeClaimSpec,
    #[json(default)]
    pub status: PersistentVolumeClaimStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct PersistentVolumeClaimSpec {
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[json(default)]
    pub resources: VolumeResources,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub volume_name: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    /// dataSource, dataSourceRef, volumeAttributesClassName: kept as written.
    #[json(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
pub struct VolumeResources {
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, Value>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Json)]
#[json(rename_all = "camelCase")]
pub struct PersistentVolumeClaimStatus {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, Value>,
}

impl PersistentVolumeClaim {
    /// The class a claim asks for (`""`: none).
    pub fn class(&self) -> &str {
        self.spec.storage_class_name.as_deref().unwrap_or("")
    }
    /// The storage it requests, in bytes.
    pub fn requested(&self) -> f64 {
        self.spec.resources.requests.get("storage").and_then(quantity::parse_value).unwrap_or(0.0)
    }
}

impl PersistentVolume {
    /// Its capacity, in bytes.
    pub fn size(&self) -> f64 {
        self.spec.capacity.get("storage").and_then(quantity::parse_value).unwrap_or(0.0)
    }
}

/// A quantity as the API server writes it back (`1Gi`, `500Mi`): the
/// canonical form of the common binary and decimal sizes, else as given.
pub fn canonical(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

const ACCESS_MODES: [&str; 4] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

/// `RWO,ROX`: storageutil.GetAccessModesAsString (in its fixed order, each once).
pub fn access_modes_text(modes: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for (mode, short) in
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
    {
        if modes.iter().any(|m| m == mode) {
            out.push(short);
        }
    }
    out.join(",")
}

fn access_modes(modes: &[String], path: &str, errs: &mut Vec<FieldError>) {
    for mode in modes {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            errs.push(FieldError::unsupported(path, mode, &ACCESS_MODES));
        }
    }
    if modes.iter().any(|m| m == "ReadWriteOncePod") && modes.len() > 1 {
        errs.push(FieldError::forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    }
}

fn storage_quantity(value: Option<&Value>, path: &str, errs: &mut Vec<FieldError>) {
    let Some(value) = value else { return };
    match quantity::parse_value(value) {
        Some(v) if v > 0.0 => {}
        Some(_) => errs.push(FieldError::invalid_str(path, &canonical(value), "must be greater than zero")),
        None => {}
    }
}

// ---- StorageClass ----

#[inline(never)]
pub fn admit_storage_class(
    _cluster: &mut Cluster,
    sc: &mut StorageClass,
    old: Option<&StorageClass>,
) -> Result<(), Vec<FieldError>> {
    if sc.reclaim_policy.is_none() {
        sc.reclaim_policy = Some("Delete".into());
    }
    if sc.volume_binding_mode.is_none() {
        sc.volume_binding_mode = Some("Immediate".into());
    }
    let mut errs = Vec::new();
    validate::object_meta(&sc.metadata, NameRule::Subdomain, &mut errs);
    if sc.provisioner.is_empty() {
        errs.push(FieldError::required("provisioner", ""));
    } else if let Err(e) = validate::qualified_name(&sc.provisioner.to_ascii_lowercase()) {
        errs.push(FieldError::invalid_str("provisioner", &sc.provisioner, e));
    }
    if let Some(policy) = sc.reclaim_policy.as_deref()
        && !matches!(policy, "Delete" | "Retain")
    {
        errs.push(FieldError::unsupported("reclaimPolicy", policy, &["Delete", "Retain"]));
    }
    if let Some(mode) = sc.volume_binding_mode.as_deref()
        && !matches!(mode, "Immediate" | "WaitForFirstConsumer")
    {
        errs.push(FieldError::unsupported("volumeBindingMode", mode, &["Immediate", "WaitForFirstConsumer"]));
    }
    if let Some(old) = old {
        if old.parameters != sc.parameters {
            errs.push(FieldError::forbidden("parameters", "updates to parameters are forbidden."));
        }
        if old.provisioner != sc.provisioner {
            errs.push(FieldError::forbidden("provisioner", "updates to provisioner are forbidden."));
        }
        if old.reclaim_policy != sc.reclaim_policy {
            errs.push(FieldError::forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }
        if old.volume_binding_mode != sc.volume_binding_mode {
            errs.push(FieldError::forbidden("volumeBindingMode", "field is immutable"));
        }
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

// ---- PersistentVolume ----

/// The volume sources a PersistentVolume may name (one of them is required).
const PV_SOURCES: [&str; 12] = [
    "hostPath",
    "local",
    "nfs",
    "csi",
    "iscsi",
    "fc",
    "rbd",
    "cephfs",
    "glusterfs",
    "awsElasticBlockStore",
    "gcePersistentDisk",
    "azureDisk",
];

#[inline(never)]
pub fn admit_pv(
    _cluster: &mut Cluster,
    pv: &mut PersistentVolume,
    old: Option<&PersistentVolume>,
) -> Result<(), Vec<FieldError>> {
    if pv.spec.persistent_volume_reclaim_policy.is_empty() {
        pv.spec.persistent_volume_reclaim_policy = "Retain".into();
    }
    if pv.spec.volume_mode.is_none() {
        pv.spec.volume_mode = Some("Filesystem".into());
    }
    if let Some(Value::Object(host)) = pv.spec.extra.get_mut("hostPath")
        && !host.contains_key("type")
    {
        host.insert("type".into(), Value::String(String::new()));
    }
    let mut errs = Vec::new();
    validate::object_meta(&pv.metadata, NameRule::Subdomain, &mut errs);
    let spec = &pv.spec;
    if spec.access_modes.is_empty() {
        errs.push(FieldError::required("spec.accessModes", ""));
    }
    access_modes(&spec.access_modes, "spec.accessModes", &mut errs);
    if spec.capacity.is_empty() {
        errs.push(FieldError::required("spec.capacity", ""));
    } else if !spec.capacity.contains_key("storage") || spec.capacity.len() > 1 {
        let given: Vec<&str> = spec.capacity.keys().map(String::as_str).collect();
        errs.push(FieldError::unsupported("spec.capacity", &format!("map[{}]", given.join(" ")), &["storage"]));
    }
    storage_quantity(spec.capacity.get("storage"), "spec.capacity[storage]", &mut errs);
    if !matches!(spec.persistent_volume_reclaim_policy.as_str(), "Delete" | "Recycle" | "Retain") {
        errs.push(FieldError::unsupported(
            "spec.persistentVolumeReclaimPolicy",
            &spec.persistent_volume_reclaim_policy,
            &["Delete", "Recycle", "Retain"],
        ));
    }
    if let Some(mode) = spec.volume_mode.as_deref()
        && !matches!(mode, "Block" | "Filesystem")
    {
        errs.push(FieldError::unsupported("spec.volumeMode", mode, &["Block", "Filesystem"]));
    }
    let sources = PV_SOURCES.iter().filter(|s| spec.extra.contains_key(**s)).count();
    if sources == 0 {
        errs.push(FieldError::required("spec", "must specify a volume type"));
    } else if sources > 1 {
        errs.push(FieldError::forbidden("spec", "may not specify more than 1 volume type"));
    }
    if let Some(Value::Object(host)) = spec.extra.get("hostPath")
        && host.get("path").and_then(Value::as_str).is_none_or(str::is_empty)
    {
        errs.push(FieldError::required("spec.hostPath.path", ""));
    }
    if let Some(old) = old
        && old.spec.extra.get("hostPath") != spec.extra.get("hostPath")
    {
        errs.push(FieldError::forbidden(
            "spec.persistentvolumesource",
            "spec.persistentvolumesource is immutable after creation",
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    if old.is_none() {
        if !pv.metadata.finalizers.iter().any(|f| f == PV_PROTECTION) {
            pv.metadata.finalizers.push(PV_PROTECTION.into());
        }
        pv.status = PersistentVolumeStatus { phase: "Pending".into(), ..Default::default() };
    }
    Ok(())
}

// ---- PersistentVolumeClaim ----

#[inline(never)]
pub fn admit_pvc(
    cluster: &mut Cluster,
    pvc: &mut PersistentVolumeClaim,
    old: Option<&PersistentVolumeClaim>,
) -> Result<(), Vec<FieldError>> {
    if pvc.spec.volume_mode.is_none() {
        pvc.spec.volume_mode = Some("Filesystem".into());
    }
    // The DefaultStorageClass admission plugin: a claim without a class gets
    // the default one (the newest, if several say so).
    if old.is_none() && pvc.spec.storage_class_name.is_none() {
        let default = cluster
            .store
            .storage_classes
            .iter()
            .filter(|sc| sc.is_default())
            .max_by_key(|sc| (sc.metadata.creation_timestamp, sc.metadata.name.clone()))
            .map(|sc| sc.metadata.name.clone());
        pvc.spec.storage_class_name = default;
    }
    let mut errs = Vec::new();
    validate::object_meta(&pvc.metadata, NameRule::Subdomain, &mut errs);
    claim_spec(&pvc.spec, "spec", &mut errs);
    if let Some(old) = old {
        // Only the requested size may change (and only grow, on a bound claim).
        let mut comparable = pvc.spec.clone();
        let bound = old.status.phase == "Bound";
        if bound {
            comparable.resources = old.spec.resources.clone();
        }
        if old.spec.volume_name.is_empty() {
            comparable.volume_name.clear();
        }
        if comparable != old.spec {
            errs.push(FieldError::forbidden(
                "spec",
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
            ));
        } else if bound && pvc.requested() < old.requested() {
            errs.push(FieldError::forbidden(
                "spec.resources.requests.storage",
                "field can not be less than previous value",
            ));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    if old.is_none() {
        if !pvc.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION) {
            pvc.metadata.finalizers.push(PVC_PROTECTION.into());
        }
        pvc.status = PersistentVolumeClaimStatus { phase: "Pending".into(), ..Default::default() };
    }
    Ok(())
}

/// ValidatePersistentVolumeClaimSpec (also a StatefulSet's claim templates).
pub fn claim_spec(spec: &PersistentVolumeClaimSpec, path: &str, errs: &mut Vec<FieldError>) {
    if spec.access_modes.is_empty() {
        errs.push(FieldError::required(format!("{path}.accessModes"), "at least 1 access mode is required"));
    }
    access_modes(&spec.access_modes, &format!("{path}.accessModes"), errs);
    match spec.resources.requests.get("storage") {
        None => errs.push(FieldError::required(format!("{path}.resources[storage]"), "")),
        Some(value) => storage_quantity(Some(value), &format!("{path}.resources[storage]"), errs),
    }
    if let Some(mode) = spec.volume_mode.as_deref()
        && !matches!(mode, "Block" | "Filesystem")
    {
        errs.push(FieldError::unsupported(format!("{path}.volumeMode"), mode, &["Block", "Filesystem"]));
    }
    if let Some(class) = spec.storage_class_name.as_deref()
        && !class.is_empty()
        && !validate::is_dns1123_subdomain(class)
    {
        errs.push(FieldError::invalid_str(format!("{path}.storageClassName"), class, validate::DNS1123_SUBDOMAIN));
    }
}
