//! The StatefulSet controller (`pkg/controller/statefulset`): pods
//! `NAME-0…NAME-(N-1)` with stable names, hostnames and claims (one per
//! `volumeClaimTemplates` entry, `TEMPLATE-NAME-ORDINAL`, kept when the pod
//! or the set goes); OrderedReady creates them one at a time, each Running
//! and Ready before the next, and removes them from the highest ordinal;
//! Parallel does both at once; a rolling update replaces pods from the
//! highest ordinal down to the partition. Run only while the store holds a
//! StatefulSet (`controllers::run_all`), and in the page's lazy part.

use std::sync::Arc;

use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::ObjectMeta;
use crate::cluster::objects::pod::Volume;
use crate::cluster::objects::statefulset::StatefulSet;
use crate::cluster::objects::storage::PersistentVolumeClaim;
use crate::cluster::objects::{Kind, Pod};

use super::replicaset::owner_reference;

pub const REVISION_LABEL: &str = "controller-revision-hash";
const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// At most this many pods made in one sync (a typo in `replicas` must not
/// hang the page).
const MAX_CREATE_PER_SYNC: usize = 500;

#[inline(never)]
pub(crate) fn reconcile(cluster: &mut Cluster) {
    let keys: Vec<(String, String)> =
        cluster.store.statefulsets.iter().map(|s| (s.metadata.namespace.clone(), s.metadata.name.clone())).collect();
    for (ns, name) in keys {
        if let Some(sts) = cluster.store.get::<StatefulSet>(&ns, &name).cloned() {
            sync(cluster, &sts);
        }
    }
}

/// The revision a template makes: `NAME-HASH`, as the ControllerRevision's name.
pub fn revision(sts: &StatefulSet) -> String {
    format!("{}-{}", sts.metadata.name, super::deployment::template_hash(&sts.spec.template, 0))
}

fn ordinal(sts: &StatefulSet, pod: &Pod) -> Option<i32> {
    let rest = pod.metadata.name.strip_prefix(&sts.metadata.name)?.strip_prefix('-')?;
    if rest.starts_with('0') && rest.len() > 1 {
        return None;
    }
    rest.parse().ok()
}

fn healthy(pod: &Pod) -> bool {
    pod.status.phase == "Running" && pod.is_ready() && !pod.is_terminating()
}

fn event(cluster: &mut Cluster, sts: &StatefulSet, warning: bool, reason: &str, message: &str) {
    cluster.record_event(reference_to(sts, ""), warning, reason, message, Source::StatefulSetController);
}

fn sync(cluster: &mut Cluster, sts: &Arc<StatefulSet>) {
    let ns = sts.metadata.namespace.clone();
    let name = &sts.metadata.name;
    let update = revision(sts);
    let want = sts.spec.replicas.unwrap_or(1).max(0);
    // The set's pods by ordinal (others it owns, past the replicas, too).
    let mut pods: Vec<(i32, Arc<Pod>)> = cluster
        .store
        .pods
        .with_prefix(&ns, &format!("{name}-"))
        .filter(|p| p.metadata.is_controlled_by(&sts.metadata.uid))
        .filter_map(|p| ordinal(sts, p).map(|o| (o, p.clone())))
        .collect();
    crate::sort::sort_by_key(&mut pods, |(o, _)| *o);
    let parallel = sts.parallel();
    let mut busy = false;
    // Failed pods are deleted, to be made again.
    for (_, pod) in &pods {
        if pod.is_terminal() && !pod.is_terminating() {
            delete_pod(cluster, sts, &pod.metadata.name);
        }
    }
    // Creation, in order (Parallel: a bounded batch a sync, stopping at
    // the first failure, as the controller's slow start does).
    let mut created = 0;
    for ordinal in 0..want {
        let existing =
            pods.binary_search_by_key(&ordinal, |(o, _)| *o).ok().and_then(|i| pods.get(i)).map(|(_, p)| p.clone());
        match existing {
            None => {
                if busy && !parallel {
                    break;
                }
                create_claims(cluster, sts, ordinal);
                let ok = create_pod(cluster, sts, ordinal, &update);
                busy = true;
                created += 1;
                if !parallel || !ok || created >= MAX_CREATE_PER_SYNC {
                    break;
                }
            }
            Some(pod) if !healthy(&pod) => {
                busy = true;
                if !parallel {
                    break;
                }
            }
            Some(_) => {}
        }
    }
    // Scale down, from the highest ordinal, once the rest is healthy.
    let extra: Vec<&(i32, Arc<Pod>)> = pods.iter().filter(|(o, _)| *o >= want).collect();
    if !extra.is_empty() && (!busy || parallel) {
        let terminating = extra.iter().any(|(_, p)| p.is_terminating());
        if parallel {
            for (_, p) in &extra {
                if !p.is_terminating() {
                    delete_pod(cluster, sts, &p.metadata.name);
                }
            }
        } else if !terminating && let Some((_, p)) = extra.last() {
            delete_pod(cluster, sts, &p.metadata.name);
        }
        busy = true;
    }
    // Rolling update: the highest ordinal not at the new revision, above the partition.
    if !busy && !sts.on_delete() {
        let all_healthy = pods.iter().filter(|(o, _)| *o < want).all(|(_, p)| healthy(p));
        let stale = pods
            .iter()
            .rev()
            .filter(|(o, _)| *o < want && *o >= sts.partition())
            .find(|(_, p)| p.metadata.labels.get(REVISION_LABEL) != Some(&update));
        if all_healthy && let Some((_, p)) = stale {
            delete_pod(cluster, sts, &p.metadata.name);
        }
    }
    update_status(cluster, sts, &update);
}

fn claim_name(template: &str, sts: &StatefulSet, ordinal: i32) -> String {
    format!("{template}-{}-{ordinal}", sts.metadata.name)
}

fn create_claims(cluster: &mut Cluster, sts: &StatefulSet, ordinal: i32) {
    let ns = sts.metadata.namespace.clone();
    let pod = format!("{}-{ordinal}", sts.metadata.name);
    for template in &sts.spec.volume_claim_templates {
        let claim = claim_name(&template.metadata.name, sts, ordinal);
        if cluster.store.get::<PersistentVolumeClaim>(&ns, &claim).is_some() {
            continue;
        }
        let mut metadata = ObjectMeta {
            name: claim.clone(),
            namespace: ns.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            ..Default::default()
        };
        if let Some(selector) = &sts.spec.selector {
            for (k, v) in &selector.match_labels {
                metadata.labels.insert(k.clone(), v.clone());
            }
        }
        let mut spec = template.spec.clone();
        spec.volume_name.clear();
        let pvc = PersistentVolumeClaim { metadata, spec, status: Default::default() };
        match cluster.create_object(pvc, &ns) {
            Ok(_) => {
                let message = format!("create Claim {claim} Pod {pod} in StatefulSet {} success", sts.metadata.name);
                event(cluster, sts, false, "SuccessfulCreate", &message);
            }
            Err(e) => {
                let message = format!(
                    "create Claim {claim} for Pod {pod} in StatefulSet {} failed error: {}",
                    sts.metadata.name, e.message
                );
                event(cluster, sts, true, "FailedCreate", &message);
            }
        }
    }
}

fn create_pod(cluster: &mut Cluster, sts: &StatefulSet, ordinal: i32, revision: &str) -> bool {
    let ns = sts.metadata.namespace.clone();
    let name = format!("{}-{ordinal}", sts.metadata.name);
    let template = &sts.spec.template;
    let mut metadata = ObjectMeta {
        name: name.clone(),
        namespace: ns.clone(),
        labels: template.metadata.labels.clone(),
        annotations: template.metadata.annotations.clone(),
        owner_references: vec![owner_reference(sts)].into(),
        ..Default::default()
    };
    metadata.labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    metadata.labels.insert(REVISION_LABEL.into(), revision.into());
    metadata.labels.insert(POD_NAME_LABEL.into(), name.clone());
    let mut spec = template.spec.clone();
    spec.hostname = name.clone();
    if !sts.spec.service_name.is_empty() {
        spec.extra.insert("subdomain".into(), sts.spec.service_name.clone().into());
    }
    for claim in &sts.spec.volume_claim_templates {
        let mut source = crate::cluster::meta::Extra::default();
        source.insert(
            "persistentVolumeClaim".into(),
            serde_json::json!({ "claimName": claim_name(&claim.metadata.name, sts, ordinal) }),
        );
        let volume = Volume { name: claim.metadata.name.clone(), source };
        match spec.volumes.iter_mut().find(|v| v.name == claim.metadata.name) {
            Some(v) => *v = volume,
            None => spec.volumes.push(volume),
        }
    }
    let pod = Pod { metadata: Arc::new(metadata), spec: Arc::new(spec), status: Default::default() };
    match cluster.create_object(pod, &ns) {
        Ok(_) => {
            let message = format!("create Pod {name} in StatefulSet {} successful", sts.metadata.name);
            event(cluster, sts, false, "SuccessfulCreate", &message);
            true
        }
        Err(e) => {
            let message = format!("create Pod {name} in StatefulSet {} failed error: {}", sts.metadata.name, e.message);
            event(cluster, sts, true, "FailedCreate", &message);
            false
        }
    }
}

fn delete_pod(cluster: &mut Cluster, sts: &StatefulSet, name: &str) {
    let ns = sts.metadata.namespace.clone();
    if cluster.delete(Kind::Pod, &ns, name, DeleteOptions::default()).is_ok() {
        let message = format!("delete Pod {name} in StatefulSet {} successful", sts.metadata.name);
        event(cluster, sts, false, "SuccessfulDelete", &message);
    }
}

fn update_status(cluster: &mut Cluster, sts: &StatefulSet, update: &str) {
    let ns = &sts.metadata.namespace;
    let name = &sts.metadata.name;
    let pods: Vec<Arc<Pod>> = cluster
        .store
        .pods
        .with_prefix(ns, &format!("{name}-"))
        .filter(|p| p.metadata.is_controlled_by(&sts.metadata.uid) && !p.is_terminal())
        .cloned()
        .collect();
    let replicas = pods.iter().filter(|p| !p.is_terminating()).count() as i32;
    let ready = pods.iter().filter(|p| healthy(p)).count() as i32;
    let updated =
        pods.iter().filter(|p| p.metadata.labels.get(REVISION_LABEL).map(String::as_str) == Some(update)).count()
            as i32;
    let current_revision = if sts.status.current_revision.is_empty() || updated == replicas && replicas > 0 {
        update.to_string()
    } else {
        sts.status.current_revision.clone()
    };
    let current =
        pods.iter().filter(|p| p.metadata.labels.get(REVISION_LABEL) == Some(&current_revision)).count() as i32;
    let generation = sts.metadata.generation;
    cluster.store.modify::<StatefulSet>(ns, name, |s| {
        let st = &mut s.status;
        st.observed_generation = Some(generation);
        st.replicas = replicas;
        st.ready_replicas = (ready > 0).then_some(ready);
        st.current_replicas = (current > 0).then_some(current);
        st.updated_replicas = (updated > 0).then_some(updated);
        st.available_replicas = Some(ready);
        st.current_revision = current_revision;
        st.update_revision = update.to_string();
        st.collision_count = Some(0);
    });
}

/// A pod found by its DNS name `HOSTNAME.SUBDOMAIN[.NS[.svc[.cluster.local]]]`,
/// as CoreDNS answers for a pod behind a headless service.
#[inline(never)]
pub(crate) fn pod_by_dns(cluster: &Cluster, namespace: &str, host: &str) -> Option<Arc<Pod>> {
    let host = host.strip_suffix(".cluster.local").unwrap_or(host);
    let host = host.strip_suffix(".svc").unwrap_or(host);
    let mut parts = host.split('.');
    let (hostname, subdomain) = (parts.next()?, parts.next()?);
    let ns = parts.next().unwrap_or(namespace);
    if parts.next().is_some() {
        return None;
    }
    let svc = cluster.store.get::<crate::cluster::objects::Service>(ns, subdomain)?;
    if svc.spec.cluster_ip != "None" {
        return None;
    }
    cluster
        .store
        .pods
        .in_namespace(ns)
        .find(|p| {
            p.spec.hostname == hostname
                && p.spec.extra.get("subdomain").and_then(|s| s.as_str()) == Some(subdomain)
                && !p.status.pod_ip.is_empty()
        })
        .cloned()
}
