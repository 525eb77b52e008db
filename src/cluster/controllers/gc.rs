//! Garbage collection: dependents whose owner is gone are deleted (background
//! propagation), terminating namespaces are emptied then removed, and events
//! expire after an hour, as the API server's TTL does.

use super::informer::Delta;
use crate::cluster::Cluster;
use crate::cluster::api::DeleteOptions;
use crate::cluster::objects::core::{Event, Namespace};
use crate::cluster::objects::{Kind, Object};
use crate::cluster::store::ChangeType;

const EVENT_TTL: i64 = 3_600_000;

pub(crate) fn reconcile(cluster: &mut Cluster) {
    // Orphans appear when an owner goes away (or on a resync); new namespaces
    // and deleted ConfigMaps may need the root CA.
    let (owners_gone, namespaces_changed) = match cluster.cursors.gc.delta(&cluster.store) {
        Delta::Resync => (true, true),
        Delta::Changed(changes) => changes.iter().fold((false, false), |(owners, namespaces), (change, object)| {
            let deleted = *change == ChangeType::Deleted;
            (
                owners
                    || (deleted
                        && matches!(
                            object,
                            Object::Deployment(_)
                                | Object::ReplicaSet(_)
                                | Object::Job(_)
                                | Object::CronJob(_)
                                | Object::StatefulSet(_)
                                | Object::DaemonSet(_)
                        )),
                namespaces
                    || matches!(object, Object::Namespace(_))
                    || (deleted && matches!(object, Object::ConfigMap(_))),
            )
        }),
    };
    if owners_gone {
        collect_orphans(cluster);
    }
    finish_namespaces(cluster);
    if namespaces_changed {
        publish_root_ca(cluster);
    }
    // Expired events are swept once a simulated minute.
    let minute = cluster.now.0.div_euclid(60_000);
    if cluster.gc_minute != Some(minute) {
        cluster.gc_minute = Some(minute);
        expire_events(cluster);
    }
}

fn collect_orphans(cluster: &mut Cluster) {
    // Sorted and searched by halves (no set type of its own in the page).
    let mut owners: Vec<&str> = cluster
        .store
        .deployments
        .iter()
        .map(|d| d.metadata.uid.as_str())
        .chain(cluster.store.replicasets.iter().map(|r| r.metadata.uid.as_str()))
        .chain(cluster.store.jobs.iter().map(|j| j.metadata.uid.as_str()))
        .chain(cluster.store.cronjobs.iter().map(|c| c.metadata.uid.as_str()))
        .chain(cluster.store.statefulsets.iter().map(|s| s.metadata.uid.as_str()))
        .chain(cluster.store.daemonsets.iter().map(|d| d.metadata.uid.as_str()))
        .collect();
    crate::sort::sort(&mut owners);
    // Only owners of kinds we serve are checked (a Node owner is not ours to
    // judge). A live owner settles it without reading kinds.
    let ours = |r: &crate::cluster::meta::OwnerReference| {
        matches!(r.kind.as_str(), "Deployment" | "ReplicaSet" | "Job" | "CronJob" | "StatefulSet" | "DaemonSet")
    };
    let orphan = |refs: &[crate::cluster::meta::OwnerReference]| {
        !refs.iter().any(|r| owners.binary_search(&r.uid.as_str()).is_ok()) && refs.iter().any(&ours)
    };
    let rs: Vec<(String, String)> = cluster
        .store
        .replicasets
        .iter()
        .filter(|r| orphan(&r.metadata.owner_references))
        .map(|r| (r.metadata.namespace.clone(), r.metadata.name.clone()))
        .collect();
    let pods: Vec<(String, String)> = cluster
        .store
        .pods
        .iter()
        .filter(|p| !p.is_terminating() && orphan(&p.metadata.owner_references))
        .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone()))
        .collect();
    let jobs: Vec<(String, String)> = cluster
        .store
        .jobs
        .iter()
        .filter(|j| orphan(&j.metadata.owner_references))
        .map(|j| (j.metadata.namespace.clone(), j.metadata.name.clone()))
        .collect();
    for (ns, name) in jobs {
        let _ = cluster.delete(Kind::Job, &ns, &name, DeleteOptions::default());
    }
    for (ns, name) in rs {
        let _ = cluster.delete(Kind::ReplicaSet, &ns, &name, DeleteOptions::default());
    }
    for (ns, name) in pods {
        let _ = cluster.delete(Kind::Pod, &ns, &name, DeleteOptions::default());
    }
}

fn finish_namespaces(cluster: &mut Cluster) {
    if cluster.store.namespaces.iter().all(|n| n.metadata.deletion_timestamp.is_none()) {
        return;
    }
    let terminating: Vec<String> = cluster
        .store
        .namespaces
        .iter()
        .filter(|n| n.metadata.deletion_timestamp.is_some())
        .map(|n| n.metadata.name.clone())
        .collect();
    for ns in terminating {
        let mut left = 0;
        for kind in Kind::ALL.into_iter().filter(|k| k.namespaced()) {
            for obj in cluster.store.objects(kind, Some(&ns)) {
                left += 1;
                let already = matches!(&obj, Object::Pod(p) if p.is_terminating());
                if !already {
                    let _ = cluster.delete(kind, &ns, &obj.meta().name, DeleteOptions::default());
                }
            }
        }
        if left == 0 {
            cluster.store.remove::<Namespace>("", &ns);
        }
    }
}

/// Every active namespace holds the `kube-root-ca.crt` ConfigMap.
fn publish_root_ca(cluster: &mut Cluster) {
    let missing: Vec<String> = cluster
        .store
        .namespaces
        .iter()
        .filter(|n| n.metadata.deletion_timestamp.is_none())
        .filter(|n| cluster.store.configmaps.get(&n.metadata.name, "kube-root-ca.crt").is_none())
        .map(|n| n.metadata.name.clone())
        .collect();
    for ns in missing {
        crate::cluster::bootstrap::root_ca(cluster, &ns);
    }
}

fn expire_events(cluster: &mut Cluster) {
    let now = cluster.now;
    let expired: Vec<(String, String)> = cluster
        .store
        .events
        .iter()
        .filter(|e| e.last_timestamp.or(e.metadata.creation_timestamp).is_some_and(|t| now.since(t) > EVENT_TTL))
        .map(|e| (e.metadata.namespace.clone(), e.metadata.name.clone()))
        .collect();
    if expired.is_empty() {
        return;
    }
    for (ns, name) in expired {
        cluster.store.remove::<Event>(&ns, &name);
    }
    cluster.events.prune(&cluster.store);
}
