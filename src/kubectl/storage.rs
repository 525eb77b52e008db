//! kubectl for StorageClasses, PersistentVolumes and PersistentVolumeClaims:
//! their `get` rows (upstream `printers.go`'s printStorageClass,
//! printPersistentVolume, printPersistentVolumeClaim) and their `describe`
//! (describe.go's describeStorageClass, describePersistentVolume,
//! describePersistentVolumeClaim). Only some learners use them: this module
//! is in the page's lazy part (`scripts/lazy.txt`).

use std::fmt::Write;

use serde_json::Value;

use crate::cluster::Cluster;
use crate::cluster::objects::storage::{
    PersistentVolume, PersistentVolumeClaim, StorageClass, access_modes_text, canonical,
};
use crate::cluster::objects::StatefulSet;
use crate::cluster::time::Time;

use super::age::human;

pub const SC_HEADER: [&str; 6] =
    ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"];
pub const PV_HEADER: [&str; 10] = [
    "NAME",
    "CAPACITY",
    "ACCESS MODES",
    "RECLAIM POLICY",
    "STATUS",
    "CLAIM",
    "STORAGECLASS",
    "VOLUMEATTRIBUTESCLASS",
    "REASON",
    "AGE",
];
pub const PVC_HEADER: [&str; 8] =
    ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"];
pub const VOLUME_WIDE: [&str; 1] = ["VOLUMEMODE"];

fn age(created: Option<Time>, now: Time) -> String {
    created.map_or("<unknown>".to_string(), |t| human(now.since(t)))
}

fn attributes_class(extra: &crate::cluster::meta::Extra) -> String {
    extra.get("volumeAttributesClassName").and_then(Value::as_str).unwrap_or("<unset>").to_string()
}

/// GetPersistentVolumeClaimClass: the beta annotation first, then the field.
pub fn claim_class(pvc: &PersistentVolumeClaim) -> String {
    match pvc.metadata.annotations.get("volume.beta.kubernetes.io/storage-class") {
        Some(class) => class.clone(),
        None => pvc.class().to_string(),
    }
}

fn pv_class(pv: &PersistentVolume) -> String {
    match pv.metadata.annotations.get("volume.beta.kubernetes.io/storage-class") {
        Some(class) => class.clone(),
        None => pv.spec.storage_class_name.clone(),
    }
}

#[inline(never)]
pub fn storage_class_row(sc: &StorageClass, now: Time) -> Vec<String> {
    let mut name = sc.metadata.name.clone();
    if sc.is_default() {
        name.push_str(" (default)");
    }
    vec![
        name,
        sc.provisioner.clone(),
        sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
        sc.volume_binding_mode.clone().unwrap_or_else(|| "Immediate".into()),
        sc.allow_volume_expansion.unwrap_or(false).to_string(),
        age(sc.metadata.creation_timestamp, now),
    ]
}

#[inline(never)]
pub fn pv_row(pv: &PersistentVolume, now: Time, wide: bool) -> Vec<String> {
    let claim = pv.spec.claim_ref.as_ref().map_or(String::new(), |c| format!("{}/{}", c.namespace, c.name));
    let phase = if pv.metadata.deletion_timestamp.is_some() { "Terminating".into() } else { pv.status.phase.clone() };
    let mut row = vec![
        pv.metadata.name.clone(),
        pv.spec.capacity.get("storage").map_or("0".into(), canonical),
        access_modes_text(&pv.spec.access_modes),
        pv.spec.persistent_volume_reclaim_policy.clone(),
        phase,
        claim,
        pv_class(pv),
        attributes_class(&pv.spec.extra),
        pv.status.reason.clone(),
        age(pv.metadata.creation_timestamp, now),
    ];
    if wide {
        row.push(pv.spec.volume_mode.clone().unwrap_or_else(|| "<unset>".into()));
    }
    row
}

#[inline(never)]
pub fn pvc_row(pvc: &PersistentVolumeClaim, now: Time, wide: bool) -> Vec<String> {
    let phase = if pvc.metadata.deletion_timestamp.is_some() { "Terminating".into() } else { pvc.status.phase.clone() };
    let (capacity, modes) = if pvc.spec.volume_name.is_empty() {
        (String::new(), String::new())
    } else {
        (pvc.status.capacity.get("storage").map_or("0".into(), canonical), access_modes_text(&pvc.status.access_modes))
    };
    let mut row = vec![
        pvc.metadata.name.clone(),
        phase,
        pvc.spec.volume_name.clone(),
        capacity,
        modes,
        claim_class(pvc),
        attributes_class(&pvc.spec.extra),
        age(pvc.metadata.creation_timestamp, now),
    ];
    if wide {
        row.push(pvc.spec.volume_mode.clone().unwrap_or_else(|| "<unset>".into()));
    }
    row
}

/// labels.FormatLabels: `k=v,k=v`, `<none>` when empty.
pub(super) fn format_labels(map: &std::collections::BTreeMap<String, String>) -> String {
    if map.is_empty() {
        return "<none>".into();
    }
    map.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

fn finalizers(list: &[String]) -> String {
    format!("[{}]", list.join(" "))
}

fn terminating(since: Option<Time>, now: Time) -> Option<String> {
    since.map(|t| format!("Terminating (lasts {})", human(now.since(t))))
}

#[inline(never)]
pub fn describe_storage_class(w: &mut String, sc: &StorageClass) {
    let _ = writeln!(w, "Name:\t{}", sc.metadata.name);
    let _ = writeln!(w, "IsDefaultClass:\t{}", if sc.is_default() { "Yes" } else { "No" });
    let _ = writeln!(w, "Annotations:\t{}", format_labels(&sc.metadata.annotations));
    let _ = writeln!(w, "Provisioner:\t{}", sc.provisioner);
    let _ = writeln!(w, "Parameters:\t{}", format_labels(&sc.parameters));
    let expansion = match sc.allow_volume_expansion {
        None => "<unset>",
        Some(true) => "True",
        Some(false) => "False",
    };
    let _ = writeln!(w, "AllowVolumeExpansion:\t{expansion}");
    if sc.mount_options.is_empty() {
        w.push_str("MountOptions:\t<none>\n");
    } else {
        w.push_str("MountOptions:\n");
        for option in &sc.mount_options {
            let _ = writeln!(w, "  {option}");
        }
    }
    if let Some(policy) = &sc.reclaim_policy {
        let _ = writeln!(w, "ReclaimPolicy:\t{policy}");
    }
    if let Some(mode) = &sc.volume_binding_mode {
        let _ = writeln!(w, "VolumeBindingMode:\t{mode}");
    }
}

#[inline(never)]
pub fn describe_pv(w: &mut String, pv: &PersistentVolume, now: Time) {
    let _ = writeln!(w, "Name:\t{}", pv.metadata.name);
    super::describe::labels(w, "", "Labels", &pv.metadata.labels);
    super::describe::annotations(w, "", &pv.metadata.annotations);
    let _ = writeln!(w, "Finalizers:\t{}", finalizers(&pv.metadata.finalizers));
    let _ = writeln!(w, "StorageClass:\t{}", pv_class(pv));
    let status = terminating(pv.metadata.deletion_timestamp, now).unwrap_or_else(|| pv.status.phase.clone());
    let _ = writeln!(w, "Status:\t{status}");
    let claim = pv.spec.claim_ref.as_ref().map_or(String::new(), |c| format!("{}/{}", c.namespace, c.name));
    let _ = writeln!(w, "Claim:\t{claim}");
    let _ = writeln!(w, "Reclaim Policy:\t{}", pv.spec.persistent_volume_reclaim_policy);
    let _ = writeln!(w, "Access Modes:\t{}", access_modes_text(&pv.spec.access_modes));
    if let Some(mode) = &pv.spec.volume_mode {
        let _ = writeln!(w, "VolumeMode:\t{mode}");
    }
    let _ = writeln!(w, "Capacity:\t{}", pv.spec.capacity.get("storage").map_or("0".into(), canonical));
    match pv.spec.extra.get("nodeAffinity") {
        None => w.push_str("Node Affinity:\t<none>\n"),
        Some(_) => w.push_str("Node Affinity:\t\n"),
    }
    let _ = writeln!(w, "Message:\t{}", pv.status.message);
    w.push_str("Source:\n");
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(host) = pv.spec.extra.get("hostPath") {
        let kind = host.get("type").map_or("<none>".to_string(), |t| text(Some(t)));
        let _ = write!(
            w,
            "    Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{kind}\n",
            text(host.get("path"))
        );
    } else if let Some(nfs) = pv.spec.extra.get("nfs") {
        let read_only = nfs.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        let _ = write!(
            w,
            "    Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{read_only}\n",
            text(nfs.get("server")),
            text(nfs.get("path"))
        );
    } else if let Some(local) = pv.spec.extra.get("local") {
        let _ = write!(
            w,
            "    Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
            text(local.get("path"))
        );
    } else if let Some(csi) = pv.spec.extra.get("csi") {
        let read_only = csi.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        let _ = write!(
            w,
            "    Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{read_only}\n",
            text(csi.get("driver")),
            text(csi.get("fsType")),
            text(csi.get("volumeHandle"))
        );
    }
}

#[inline(never)]
pub fn describe_pvc(w: &mut String, cluster: &Cluster, pvc: &PersistentVolumeClaim, now: Time) {
    let _ = writeln!(w, "Name:\t{}", pvc.metadata.name);
    let _ = writeln!(w, "Namespace:\t{}", pvc.metadata.namespace);
    let _ = writeln!(w, "StorageClass:\t{}", claim_class(pvc));
    let status = terminating(pvc.metadata.deletion_timestamp, now).unwrap_or_else(|| pvc.status.phase.clone());
    let _ = writeln!(w, "Status:\t{status}");
    let _ = writeln!(w, "Volume:\t{}", pvc.spec.volume_name);
    super::describe::labels(w, "", "Labels", &pvc.metadata.labels);
    super::describe::annotations(w, "", &pvc.metadata.annotations);
    let _ = writeln!(w, "Finalizers:\t{}", finalizers(&pvc.metadata.finalizers));
    let (capacity, modes) = if pvc.spec.volume_name.is_empty() {
        (String::new(), String::new())
    } else {
        (pvc.status.capacity.get("storage").map_or("0".into(), canonical), access_modes_text(&pvc.status.access_modes))
    };
    let _ = writeln!(w, "Capacity:\t{capacity}");
    let _ = writeln!(w, "Access Modes:\t{modes}");
    if let Some(mode) = &pvc.spec.volume_mode {
        let _ = writeln!(w, "VolumeMode:\t{mode}");
    }
    let users = crate::cluster::controllers::volumes::claim_users(cluster, &pvc.metadata.namespace, &pvc.metadata.name);
    w.push_str("Used By:\t");
    if users.is_empty() {
        w.push_str("<none>\n");
    }
    for (i, name) in users.iter().enumerate() {
        if i > 0 {
            w.push('\t');
        }
        let _ = writeln!(w, "{name}");
    }
}

// ---- StatefulSets (apps/v1) ----

pub const STS_HEADER: [&str; 3] = ["NAME", "READY", "AGE"];
pub const STS_WIDE: [&str; 2] = ["CONTAINERS", "IMAGES"];

/// printStatefulSet: READY is ready/desired.
#[inline(never)]
pub fn statefulset_row(sts: &StatefulSet, now: Time, wide: bool) -> Vec<String> {
    let ready = sts.status.ready_replicas.unwrap_or(0);
    let mut row = vec![
        sts.metadata.name.clone(),
        format!("{ready}/{}", sts.spec.replicas.unwrap_or(1)),
        age(sts.metadata.creation_timestamp, now),
    ];
    if wide {
        let containers = &sts.spec.template.spec.containers;
        row.push(containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(","));
        row.push(containers.iter().map(|c| c.image.as_str()).collect::<Vec<_>>().join(","));
    }
    row
}

/// describeStatefulSet, with describeVolumeClaimTemplates.
#[inline(never)]
pub fn describe_statefulset(w: &mut String, cluster: &Cluster, sts: &StatefulSet) {
    let m = &sts.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    let _ = writeln!(w, "CreationTimestamp:\t{}", m.creation_timestamp.map_or(String::new(), |t| t.rfc1123z()));
    let _ = writeln!(w, "Selector:\t{}", sts.spec.selector.as_ref().map_or(String::new(), |s| s.to_selector_string()));
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    let _ = writeln!(w, "Replicas:\t{} desired | {} total", sts.spec.replicas.unwrap_or(1), sts.status.replicas);
    let strategy = sts.spec.update_strategy.clone().unwrap_or_default();
    let _ = writeln!(w, "Update Strategy:\t{}", strategy.type_);
    if let Some(partition) = strategy.rolling_update.as_ref().and_then(|r| r.partition) {
        let _ = writeln!(w, "  Partition:\t{partition}");
    }
    super::describe::pods_status(w, cluster, m);
    super::describe::pod_template(w, &sts.spec.template);
    if sts.spec.volume_claim_templates.is_empty() {
        w.push_str("Volume Claims:\t<none>\n");
        return;
    }
    w.push_str("Volume Claims:\n");
    for pvc in &sts.spec.volume_claim_templates {
        let _ = writeln!(w, "  Name:\t{}", pvc.metadata.name);
        let _ = writeln!(w, "  StorageClass:\t{}", claim_class(pvc));
        super::describe::labels(w, "  ", "Labels", &pvc.metadata.labels);
        super::describe::labels(w, "  ", "Annotations", &pvc.metadata.annotations);
        let capacity = pvc.spec.resources.requests.get("storage").map_or("<default>".into(), canonical);
        let _ = writeln!(w, "  Capacity:\t{capacity}");
        let _ = writeln!(w, "  Access Modes:\t[{}]", pvc.spec.access_modes.join(" "));
    }
}

/// kubectl's StatefulSetStatusViewer (rollout_status.go), its words and order.
#[inline(never)]
pub fn statefulset_status(cluster: &Cluster, namespace: &str, name: &str) -> (super::output::Output, bool) {
    use super::output::Output;
    let Some(sts) = cluster.store().get::<StatefulSet>(namespace, name) else {
        return (Output::fail(format!("error: statefulsets.apps \"{name}\" not found\n")), true);
    };
    let strategy = sts.spec.update_strategy.clone().unwrap_or_default();
    if strategy.type_ != "RollingUpdate" {
        return (Output::fail("error: rollout status is only available for RollingUpdate strategy type\n"), true);
    }
    let st = &sts.status;
    if st.observed_generation.unwrap_or(0) == 0 || sts.metadata.generation > st.observed_generation.unwrap_or(0) {
        return (Output::ok("Waiting for statefulset spec update to be observed...\n"), false);
    }
    let want = sts.spec.replicas.unwrap_or(1);
    let ready = st.ready_replicas.unwrap_or(0);
    if ready < want {
        return (Output::ok(format!("Waiting for {} pods to be ready...\n", want - ready)), false);
    }
    let updated = st.updated_replicas.unwrap_or(0);
    if let Some(partition) = strategy.rolling_update.as_ref().and_then(|r| r.partition) {
        if updated < want - partition {
            return (
                Output::ok(format!(
                    "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...\n",
                    want - partition
                )),
                false,
            );
        }
        return (Output::ok(format!("partitioned roll out complete: {updated} new pods have been updated...\n")), true);
    }
    if st.update_revision != st.current_revision {
        return (
            Output::ok(format!(
                "waiting for statefulset rolling update to complete {updated} pods at revision {}...\n",
                st.update_revision
            )),
            false,
        );
    }
    (
        Output::ok(format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            st.current_replicas.unwrap_or(0),
            st.current_revision
        )),
        true,
    )
}
