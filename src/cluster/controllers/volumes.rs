//! The PersistentVolume controller (`pkg/controller/volume/persistentvolume`),
//! minikube's hostpath provisioner (`k8s.io/minikube-hostpath`, the
//! `storage-provisioner` pod) and the protection controllers
//! (`pkg/controller/volume/pvcprotection`, `pvprotection`): claims bound to
//! a matching volume or to one provisioned for them, volumes released when
//! their claim goes and deleted by their Delete policy, a claim a pod uses
//! kept (Terminating) until the pod is gone. Run only while the store holds a
//! claim or a volume (`controllers::run_all`), and in the page's lazy part.

use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::{Extra, ObjectMeta};
use crate::cluster::objects::Object;
use crate::cluster::objects::pod::Volume;
use crate::cluster::objects::storage::{
    ClaimRef, PV_PROTECTION, PersistentVolume, PersistentVolumeClaim, PersistentVolumeSpec, PersistentVolumeStatus,
};
use crate::cluster::objects::{Pod, Resource, StorageClass};
use crate::cluster::store::ChangeType;
use crate::cluster::time::Time;

use super::informer::Delta;

/// minikube's provisioner.
pub const MINIKUBE_PROVISIONER: &str = "k8s.io/minikube-hostpath";
/// The controller's resync period (a pending claim's event again).
const RESYNC_MS: i64 = 15_000;
/// How long the provisioner takes to create a volume.
const PROVISION_MS: i64 = 1_000;

/// The claim a pod's volume names, if it is a `persistentVolumeClaim`.
pub fn claim_of(volume: &Volume) -> Option<&str> {
    volume.source.get("persistentVolumeClaim")?.get("claimName")?.as_str()
}

/// The pods (not finished) that use a claim, by name: describe's `Used By`.
pub fn claim_users(cluster: &Cluster, namespace: &str, claim: &str) -> Vec<String> {
    let mut names: Vec<String> = cluster
        .store
        .pods
        .in_namespace(namespace)
        .filter(|p| !p.is_terminal() && p.spec.volumes.iter().any(|v| claim_of(v) == Some(claim)))
        .map(|p| p.metadata.name.clone())
        .collect();
    crate::sort::sort(&mut names);
    names
}

/// Why the scheduler cannot place a pod yet because of its claims
/// (the VolumeBinding plugin's PreFilter), or `None`.
#[inline(never)]
pub fn unready_claims(cluster: &Cluster, pod: &Pod) -> Option<String> {
    let mut unbound = false;
    for volume in &pod.spec.volumes {
        let Some(name) = claim_of(volume) else { continue };
        let Some(pvc) = cluster.store.get::<PersistentVolumeClaim>(&pod.metadata.namespace, name) else {
            return Some(format!("persistentvolumeclaim \"{name}\" not found"));
        };
        if pvc.metadata.deletion_timestamp.is_some() {
            return Some(format!("persistentvolumeclaim \"{name}\" is being deleted"));
        }
        if pvc.status.phase != "Bound" {
            unbound = true;
        }
    }
    unbound.then(|| "pod has unbound immediate PersistentVolumeClaims".to_string())
}

fn provisioner_running(cluster: &Cluster) -> bool {
    cluster.store.get::<Pod>("kube-system", "storage-provisioner").is_some_and(|p| p.status.phase == "Running")
}

fn event<T: Resource>(cluster: &mut Cluster, obj: &T, warning: bool, reason: &str, message: &str, source: Source) {
    cluster.record_event(reference_to(obj, ""), warning, reason, message, source);
}

#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let now = cluster.now;
    let resync = cluster.volumes_resync.is_none_or(|t| t <= now);
    if resync {
        cluster.volumes_resync = Some(now.plus_millis(RESYNC_MS));
    }
    // Claims new since the last round: the controller syncs them at once.
    let fresh: Vec<String> = match cluster.cursors.volumes.delta(&cluster.store) {
        Delta::Resync => cluster.store.persistent_volume_claims.iter().map(|c| c.metadata.uid.clone()).collect(),
        Delta::Changed(changes) => changes
            .into_iter()
            .filter_map(|(change, object)| match object {
                Object::PersistentVolumeClaim(c) if change == ChangeType::Added => Some(c.metadata.uid.clone()),
                _ => None,
            })
            .collect(),
    };
    let mut wakeup: Option<Time> = None;
    let mut bound_any = false;
    // Claims first: protection, then binding and provisioning.
    let claims: Vec<(String, String)> = cluster
        .store
        .persistent_volume_claims
        .iter()
        .map(|c| (c.metadata.namespace.clone(), c.metadata.name.clone()))
        .collect();
    for (ns, name) in claims {
        let Some(pvc) = cluster.store.get::<PersistentVolumeClaim>(&ns, &name).cloned() else { continue };
        if pvc.metadata.deletion_timestamp.is_some() {
            if claim_users(cluster, &ns, &name).is_empty() {
                cluster.store.remove::<PersistentVolumeClaim>(&ns, &name);
            }
            continue;
        }
        if !pvc.spec.volume_name.is_empty() {
            // Bound, or asking for one volume by name.
            if pvc.status.phase != "Bound"
                && let Some(pv) = cluster.store.get::<PersistentVolume>("", &pvc.spec.volume_name).cloned()
                && pv.spec.claim_ref.as_ref().is_none_or(|c| c.name == name && c.namespace == ns)
                && pv.status.phase != "Released"
            {
                bind(cluster, &pvc, &pv, false);
                bound_any = true;
            }
            continue;
        }
        if let Some(pv) = matching_volume(cluster, &pvc) {
            bind(cluster, &pvc, &pv, true);
            bound_any = true;
            continue;
        }
        let class = pvc.class().to_string();
        if class.is_empty() {
            if resync || fresh.contains(&pvc.metadata.uid) {
                event(
                    cluster,
                    &*pvc,
                    false,
                    "FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set",
                    Source::PersistentVolumeController,
                );
            }
            continue;
        }
        let Some(sc) = cluster.store.get::<StorageClass>("", &class).cloned() else {
            if resync || fresh.contains(&pvc.metadata.uid) {
                let message = format!("storageclass.storage.k8s.io \"{class}\" not found");
                event(cluster, &*pvc, true, "ProvisioningFailed", &message, Source::PersistentVolumeController);
            }
            continue;
        };
        let waiting = sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer");
        if waiting && claim_users(cluster, &ns, &name).is_empty() {
            if resync || fresh.contains(&pvc.metadata.uid) {
                event(
                    cluster,
                    &*pvc,
                    false,
                    "WaitForFirstConsumer",
                    "waiting for first consumer to be created before binding",
                    Source::PersistentVolumeController,
                );
            }
            continue;
        }
        // Handed to the external provisioner the class names.
        let announced = pvc.metadata.annotations.contains_key("volume.kubernetes.io/storage-provisioner");
        if !announced || resync {
            cluster.store.modify::<PersistentVolumeClaim>(&ns, &name, |c| {
                let a = &mut c.metadata.annotations;
                a.insert("volume.beta.kubernetes.io/storage-provisioner".into(), sc.provisioner.clone());
                a.insert("volume.kubernetes.io/storage-provisioner".into(), sc.provisioner.clone());
            });
            let message = format!(
                "Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
                sc.provisioner
            );
            event(cluster, &*pvc, false, "ExternalProvisioning", &message, Source::PersistentVolumeController);
        }
        if sc.provisioner != MINIKUBE_PROVISIONER || !provisioner_running(cluster) {
            continue;
        }
        let due = pvc.metadata.creation_timestamp.map_or(now, |t| t.plus_millis(PROVISION_MS));
        if due > now {
            wakeup = Some(wakeup.map_or(due, |w: Time| w.min(due)));
            continue;
        }
        let Some(pvc) = cluster.store.get::<PersistentVolumeClaim>(&ns, &name).cloned() else { continue };
        let pv = provision(cluster, &pvc, &sc);
        if pv.metadata.name.is_empty() {
            continue;
        }
        bind(cluster, &pvc, &pv, true);
        bound_any = true;
    }
    // Volumes: available, released, deleted by their policy, protection.
    let volumes: Vec<String> = cluster.store.persistent_volumes.iter().map(|v| v.metadata.name.clone()).collect();
    for name in volumes {
        let Some(pv) = cluster.store.get::<PersistentVolume>("", &name).cloned() else { continue };
        let claim = pv.spec.claim_ref.as_ref().and_then(|c| {
            cluster
                .store
                .get::<PersistentVolumeClaim>(&c.namespace, &c.name)
                .filter(|p| c.uid.is_empty() || p.metadata.uid == c.uid)
        });
        let claim_gone = pv.spec.claim_ref.as_ref().is_some_and(|c| !c.uid.is_empty()) && claim.is_none();
        if pv.metadata.deletion_timestamp.is_some() {
            if pv.status.phase != "Bound" || claim_gone {
                cluster.store.remove::<PersistentVolume>("", &name);
                cluster.forget_volume_data(&name);
            }
            continue;
        }
        match pv.status.phase.as_str() {
            "Pending" | "" if pv.spec.claim_ref.is_none() => set_phase(cluster, &name, "Available"),
            "Pending" | "" if claim_gone => set_phase(cluster, &name, "Released"),
            "Pending" | "" => set_phase(cluster, &name, "Available"),
            "Bound" if claim_gone => {
                set_phase(cluster, &name, "Released");
                if pv.spec.persistent_volume_reclaim_policy == "Delete" {
                    // The provisioner (or the in-tree deleter) removes it.
                    cluster.store.remove::<PersistentVolume>("", &name);
                    cluster.forget_volume_data(&name);
                }
            }
            _ => {}
        }
    }
    if bound_any {
        // The scheduler tries the pods that waited for a claim again.
        cluster.scheduler.epoch += 1;
    }
    let pending = cluster.store.persistent_volume_claims.iter().any(|c| c.status.phase == "Pending");
    if pending {
        if let Some(t) = cluster.volumes_resync {
            wakeup = Some(wakeup.map_or(t, |w: Time| w.min(t)));
        }
    }
    cluster.volumes_wakeup = wakeup;
}

/// When the controller next has work without any change.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster.volumes_wakeup
}

fn set_phase(cluster: &mut Cluster, name: &str, phase: &str) {
    let now = cluster.now;
    cluster.store.modify::<PersistentVolume>("", name, |v| {
        if v.status.phase != phase {
            v.status.phase = phase.into();
            v.status.last_phase_transition_time = Some(now);
        }
    });
}

/// The smallest Available volume that satisfies a claim (findBestMatchForClaim):
/// same class, volume mode, enough capacity, every access mode asked for,
/// the claim's selector; a volume reserved for this claim wins.
fn matching_volume(cluster: &Cluster, pvc: &PersistentVolumeClaim) -> Option<std::sync::Arc<PersistentVolume>> {
    let wanted = pvc.requested();
    let mut best: Option<&std::sync::Arc<PersistentVolume>> = None;
    for pv in cluster.store.persistent_volumes.iter() {
        if pv.metadata.deletion_timestamp.is_some() || pv.status.phase != "Available" {
            continue;
        }
        if let Some(c) = &pv.spec.claim_ref {
            if c.name == pvc.metadata.name && c.namespace == pvc.metadata.namespace {
                return Some(pv.clone());
            }
            continue;
        }
        let fits = pv.spec.storage_class_name == pvc.class()
            && pv.spec.volume_mode == pvc.spec.volume_mode
            && pv.size() >= wanted
            && pvc.spec.access_modes.iter().all(|m| pv.spec.access_modes.contains(m))
            && pvc.spec.selector.as_ref().is_none_or(|s| s.matches(&pv.metadata.labels));
        if fits && best.is_none_or(|b| pv.size() < b.size()) {
            best = Some(pv);
        }
    }
    best.cloned()
}

/// Binds a claim and a volume, both ways (bindVolumeToClaim, bindClaimToVolume).
fn bind(cluster: &mut Cluster, pvc: &PersistentVolumeClaim, pv: &PersistentVolume, by_controller: bool) {
    let now = cluster.now;
    let (ns, name) = (pvc.metadata.namespace.clone(), pvc.metadata.name.clone());
    let claim_ref = claim_ref(pvc);
    cluster.store.modify::<PersistentVolume>("", &pv.metadata.name, |v| {
        if v.spec.claim_ref.is_none() && by_controller {
            v.metadata.annotations.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
        }
        v.spec.claim_ref = Some(claim_ref);
        v.status.phase = "Bound".into();
        v.status.last_phase_transition_time = Some(now);
    });
    let (modes, capacity) = (pv.spec.access_modes.clone(), pv.spec.capacity.clone());
    let volume = pv.metadata.name.clone();
    cluster.store.modify::<PersistentVolumeClaim>(&ns, &name, |c| {
        let a = &mut c.metadata.annotations;
        a.insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
        if by_controller {
            a.insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
        }
        c.spec.volume_name = volume;
        c.status.phase = "Bound".into();
        c.status.access_modes = modes;
        c.status.capacity = capacity;
    });
}

/// minikube's hostpath provisioner: a volume `pvc-<claim uid>` under
/// `/tmp/hostpath-provisioner/<namespace>/<claim>`, with its events.
fn provision(
    cluster: &mut Cluster,
    pvc: &PersistentVolumeClaim,
    sc: &StorageClass,
) -> std::sync::Arc<PersistentVolume> {
    let (ns, name) = (&pvc.metadata.namespace, &pvc.metadata.name);
    let message = format!("External provisioner is provisioning volume for claim \"{ns}/{name}\"");
    event(cluster, pvc, false, "Provisioning", &message, Source::HostpathProvisioner);
    let volume = format!("pvc-{}", pvc.metadata.uid);
    let identity = cluster
        .store
        .get::<Pod>("kube-system", "storage-provisioner")
        .map_or(String::new(), |p| p.metadata.uid.clone());
    let mut host = serde_json::Map::new();
    host.insert("path".into(), format!("/tmp/hostpath-provisioner/{ns}/{name}").into());
    host.insert("type".into(), "".into());
    let mut extra = Extra::default();
    extra.insert("hostPath".into(), serde_json::Value::Object(host));
    let mut metadata =
        ObjectMeta { name: volume.clone(), finalizers: vec![PV_PROTECTION.into()], ..Default::default() };
    metadata.annotations.insert("hostPathProvisionerIdentity".to_string(), identity);
    metadata.annotations.insert("pv.kubernetes.io/provisioned-by".to_string(), sc.provisioner.clone());
    let mut capacity = std::collections::BTreeMap::new();
    if let Some(size) = pvc.spec.resources.requests.get("storage") {
        capacity.insert("storage".to_string(), size.clone());
    }
    let pv = PersistentVolume {
        metadata,
        spec: PersistentVolumeSpec {
            capacity,
            access_modes: pvc.spec.access_modes.clone(),
            claim_ref: Some(claim_ref(pvc)),
            persistent_volume_reclaim_policy: sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
            storage_class_name: sc.metadata.name.clone(),
            volume_mode: pvc.spec.volume_mode.clone(),
            extra,
        },
        status: PersistentVolumeStatus::default(),
    };
    let stored = match cluster.create_object(pv, "") {
        Ok(pv) => pv,
        Err(_) => match cluster.store.get::<PersistentVolume>("", &volume) {
            Some(pv) => pv.clone(),
            None => return std::sync::Arc::new(PersistentVolume::default()),
        },
    };
    let message = format!("Successfully provisioned volume {volume}");
    event(cluster, pvc, false, "ProvisioningSucceeded", &message, Source::HostpathProvisioner);
    stored
}

impl Cluster {
    /// A deleted volume's files go with it.
    pub(crate) fn forget_volume_data(&mut self, volume: &str) {
        let key = format!("pv/{volume}");
        self.written.retain(|(k, _, _)| *k != key);
    }
}

/// The volume that keeps `path` for a container (`Cluster::file_owner`):
/// a bound claim's volume, or the pod's emptyDir.
#[inline(never)]
pub(crate) fn volume_key(cluster: &Cluster, pod: &Pod, container_id: &str, path: &str) -> Option<String> {
    let index = pod.status.container_statuses.iter().position(|s| s.container_id == container_id);
    let container = index.and_then(|i| pod.spec.containers.get(i));
    let mount = container?
        .volume_mounts
        .iter()
        .filter(|m| {
            let mount = m.mount_path.trim_end_matches('/');
            path.strip_prefix(mount).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .max_by_key(|m| m.mount_path.trim_end_matches('/').len())?;
    let volume = pod.spec.volumes.iter().find(|v| v.name == mount.name)?;
    if let Some(claim) = claim_of(volume) {
        let pvc = cluster.store.get::<PersistentVolumeClaim>(&pod.metadata.namespace, claim)?;
        return (!pvc.spec.volume_name.is_empty()).then(|| format!("pv/{}", pvc.spec.volume_name));
    }
    volume.source.contains_key("emptyDir").then(|| format!("emptydir/{}/{}", pod.metadata.uid, volume.name))
}

/// A volume's `claimRef` to the claim it is bound to.
fn claim_ref(pvc: &PersistentVolumeClaim) -> ClaimRef {
    ClaimRef {
        api_version: "v1".into(),
        kind: "PersistentVolumeClaim".into(),
        name: pvc.metadata.name.clone(),
        namespace: pvc.metadata.namespace.clone(),
        resource_version: pvc.metadata.resource_version.clone(),
        uid: pvc.metadata.uid.clone(),
    }
}
