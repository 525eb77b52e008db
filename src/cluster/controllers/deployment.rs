//! The Deployment controller: one ReplicaSet per pod template
//! (`<deployment>-<pod-template-hash>`), rolling updates that honour maxSurge
//! and maxUnavailable (upstream's arithmetic), Recreate, revisions and their
//! history limit, pause, and the Available/Progressing conditions.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::replicaset::owner_reference;
use crate::cluster::Cluster;
use crate::cluster::events::{Source, reference_to};
use crate::cluster::meta::ObjectMeta;
use crate::cluster::objects::apps::{
    Deployment, DeploymentCondition, DeploymentStatus, PodTemplateSpec, ReplicaSet, ReplicaSetSpec,
};
use crate::cluster::objects::service::IntOrString;
use crate::cluster::rng::{fnv32a, safe_encode};
use crate::cluster::time::Time;

pub const HASH_LABEL: &str = "pod-template-hash";
pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Annotations that belong to the deployment or the controller, never copied.
pub const ANNOTATIONS_TO_SKIP: [&str; 6] =
    [LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to"];

/// The `pod-template-hash` of a template: FNV-1a of its canonical form, then
/// Kubernetes' safe encoding of the decimal number (`7c5ddbdf54`-like).
pub fn template_hash(template: &PodTemplateSpec, collision_count: i32) -> String {
    let mut text = crate::cluster::codec::Encode::encode(template).to_string();
    if collision_count > 0 {
        text.push_str(&collision_count.to_string());
    }
    safe_encode(&fnv32a(text.as_bytes()).to_string())
}

/// Whether two templates are equal once the hash label is ignored.
pub fn equal_ignoring_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let strip = |t: &PodTemplateSpec| {
        let mut t = t.clone();
        t.metadata.labels.remove(HASH_LABEL);
        t
    };
    strip(a) == strip(b)
}

pub fn revision_of(rs: &ReplicaSet) -> i64 {
    rs.metadata.annotations.get(REVISION).and_then(|r| r.parse().ok()).unwrap_or(0)
}

/// maxSurge and maxUnavailable as counts (surge rounds up, unavailable down;
/// both zero becomes unavailable 1), as upstream `ResolveFenceposts`.
pub fn fenceposts(d: &Deployment) -> (i32, i32) {
    let replicas = d.spec.replicas.unwrap_or(1);
    let resolve = |v: Option<&IntOrString>, round_up: bool| -> i32 {
        match v {
            Some(IntOrString::Int(n)) => *n,
            Some(IntOrString::Str(s)) => {
                let pct: f64 = s.trim_end_matches('%').parse().unwrap_or(0.0);
                let exact = pct * f64::from(replicas) / 100.0;
                if round_up { exact.ceil() as i32 } else { exact.floor() as i32 }
            }
            None => 0,
        }
    };
    let ru = d.spec.strategy.rolling_update.as_ref();
    let surge = resolve(ru.and_then(|r| r.max_surge.as_ref()), true);
    let unavailable = resolve(ru.and_then(|r| r.max_unavailable.as_ref()), false);
    if surge == 0 && unavailable == 0 { (0, 1) } else { (surge, unavailable) }
}

fn spec_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(0)
}

fn available(rs: &ReplicaSet) -> i32 {
    rs.status.available_replicas.unwrap_or(0)
}

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let deployments: Vec<Arc<Deployment>> = cluster.store.deployments.iter().cloned().collect();
    if deployments.is_empty() {
        return;
    }
    // (owner uid, ReplicaSet), sorted by owner: each Deployment takes its run.
    let mut by_owner: Vec<(String, Arc<ReplicaSet>)> = cluster
        .store
        .replicasets
        .iter()
        .filter_map(|rs| rs.metadata.controller().map(|o| (o.uid.clone(), rs.clone())))
        .collect();
    crate::sort::sort_by_key(&mut by_owner, |(uid, _)| uid.clone());
    for d in deployments {
        if d.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let start = by_owner.partition_point(|(uid, _)| *uid < d.metadata.uid);
        let end = by_owner.partition_point(|(uid, _)| *uid <= d.metadata.uid);
        let mut sets: Vec<Arc<ReplicaSet>> = by_owner[start..end].iter().map(|(_, rs)| rs.clone()).collect();
        adopt_orphans(cluster, &d, &mut sets);
        sync(cluster, &d.metadata.namespace, &d.metadata.name, sets);
    }
}

fn adopt_orphans(cluster: &mut Cluster, d: &Deployment, sets: &mut Vec<Arc<ReplicaSet>>) {
    let Some(selector) = &d.spec.selector else { return };
    let orphans: Vec<String> = cluster
        .store
        .replicasets
        .in_namespace(&d.metadata.namespace)
        .filter(|rs| rs.metadata.controller().is_none() && selector.matches(&rs.spec.template.metadata.labels))
        .map(|rs| rs.metadata.name.clone())
        .collect();
    for name in orphans {
        let reference = owner_reference(d);
        cluster
            .store
            .modify::<ReplicaSet>(&d.metadata.namespace, &name, |rs| rs.metadata.owner_references.push(reference));
        if let Some(rs) = cluster.store.get::<ReplicaSet>(&d.metadata.namespace, &name) {
            sets.push(rs.clone());
        }
    }
}

/// Scales a ReplicaSet and records the deployment's `ScalingReplicaSet` event.
fn scale(cluster: &mut Cluster, d: &Deployment, rs_name: &str, to: i32) {
    let ns = &d.metadata.namespace;
    let Some(rs) = cluster.store.get::<ReplicaSet>(ns, rs_name).cloned() else { return };
    let from = spec_replicas(&rs);
    let (surge, _) = fenceposts(d);
    let desired = d.spec.replicas.unwrap_or(1);
    let annotations_current = rs.metadata.annotations.get(DESIRED_REPLICAS) == Some(&desired.to_string())
        && rs.metadata.annotations.get(MAX_REPLICAS) == Some(&desired.wrapping_add(surge).to_string());
    if from == to && annotations_current {
        return;
    }
    cluster.store.modify::<ReplicaSet>(ns, rs_name, |r| {
        r.spec.replicas = Some(to);
        r.metadata.annotations.insert(DESIRED_REPLICAS.into(), desired.to_string());
        r.metadata.annotations.insert(MAX_REPLICAS.into(), desired.wrapping_add(surge).to_string());
        if from != to {
            r.metadata.generation += 1;
        }
    });
    if from != to {
        let direction = if to > from { "up" } else { "down" };
        let message = format!("Scaled {direction} replica set {rs_name} from {from} to {to}");
        cluster.record_event(reference_to(d, ""), false, "ScalingReplicaSet", &message, Source::DeploymentController);
    }
}

fn sync(cluster: &mut Cluster, ns: &str, name: &str, mut sets: Vec<Arc<ReplicaSet>>) {
    let Some(d) = cluster.store.get::<Deployment>(ns, name).cloned() else { return };
    crate::sort::sort_by_key(&mut sets, |rs| (rs.metadata.creation_timestamp, rs.metadata.name.clone()));
    let new_name = sets
        .iter()
        .find(|rs| equal_ignoring_hash(&rs.spec.template, &d.spec.template))
        .map(|rs| rs.metadata.name.clone());
    let paused = d.spec.paused == Some(true);
    let old_status = d.status.clone();

    let new_name = match new_name {
        Some(n) => {
            sync_revision(cluster, &d, &n, &sets);
            Some(n)
        }
        None if paused => None,
        None => Some(create_new_replica_set(cluster, &d, &sets)),
    };
    let refresh = |cluster: &Cluster,
                   sets: &[Arc<ReplicaSet>],
                   new: &Option<String>|
     -> (Option<Arc<ReplicaSet>>, Vec<Arc<ReplicaSet>>) {
        let mut all: Vec<Arc<ReplicaSet>> =
            sets.iter().filter_map(|rs| cluster.store.get::<ReplicaSet>(ns, &rs.metadata.name).cloned()).collect();
        if let Some(n) = new
            && !all.iter().any(|rs| &rs.metadata.name == n)
            && let Some(rs) = cluster.store.get::<ReplicaSet>(ns, n)
        {
            all.push(rs.clone());
        }
        let new_rs = new.as_ref().and_then(|n| all.iter().find(|rs| &rs.metadata.name == n).cloned());
        let old: Vec<_> = all.into_iter().filter(|rs| Some(&rs.metadata.name) != new.as_ref()).collect();
        (new_rs, old)
    };
    let (new_rs, old_sets) = refresh(cluster, &sets, &new_name);

    if paused || is_scaling_event(&d, new_rs.as_ref(), &old_sets) {
        // Scaling applies while paused, and a scaling event is handled alone:
        // upstream's `sync`, which scales without moving the rollout.
        scale_all(cluster, &d, new_rs.as_ref(), &old_sets);
    } else if d.spec.strategy.type_ == "Recreate" {
        rollout_recreate(cluster, &d, new_rs.as_ref(), &old_sets);
    } else if let Some(new_rs) = &new_rs {
        rollout_rolling(cluster, &d, new_rs, &old_sets);
    }

    let (new_rs, old_sets) = refresh(cluster, &sets, &new_name);
    if !paused {
        cleanup_history(cluster, &d, &old_sets);
    }
    write_status(cluster, &d, new_rs.as_ref(), &old_sets, &old_status);
}

/// The deployment was scaled: an active ReplicaSet's desired-replicas
/// annotation no longer matches `spec.replicas` (upstream's `isScalingEvent`).
fn is_scaling_event(d: &Deployment, new_rs: Option<&Arc<ReplicaSet>>, old_sets: &[Arc<ReplicaSet>]) -> bool {
    let desired = d.spec.replicas.unwrap_or(1).to_string();
    new_rs
        .into_iter()
        .chain(old_sets)
        .filter(|rs| spec_replicas(rs) > 0)
        .any(|rs| rs.metadata.annotations.get(DESIRED_REPLICAS).is_some_and(|v| *v != desired))
}

/// Upstream's `scale`: one active ReplicaSet takes the whole count; a
/// saturated new one leaves nothing to the old; otherwise, during a rolling
/// update, the change is shared among the active ReplicaSets in proportion
/// to their sizes, the leftover going to the largest.
fn scale_all(cluster: &mut Cluster, d: &Deployment, new_rs: Option<&Arc<ReplicaSet>>, old_sets: &[Arc<ReplicaSet>]) {
    let desired = d.spec.replicas.unwrap_or(1);
    let mut active: Vec<&Arc<ReplicaSet>> =
        new_rs.into_iter().chain(old_sets).filter(|rs| spec_replicas(rs) > 0).collect();
    if active.len() <= 1 {
        let newest = || {
            new_rs
                .or_else(|| old_sets.iter().max_by_key(|rs| (rs.metadata.creation_timestamp, rs.metadata.name.clone())))
        };
        if let Some(rs) = active.first().copied().or_else(newest) {
            scale(cluster, d, &rs.metadata.name.clone(), desired);
        }
        return;
    }
    if let Some(new_rs) = new_rs
        && spec_replicas(new_rs) == desired
        && available(new_rs) == desired
    {
        for rs in old_sets.iter().filter(|rs| spec_replicas(rs) > 0) {
            scale(cluster, d, &rs.metadata.name.clone(), 0);
        }
        return;
    }
    if d.spec.strategy.type_ == "Recreate" {
        return;
    }
    let (surge, _) = fenceposts(d);
    let allowed = if desired > 0 { desired + surge } else { 0 };
    let total: i32 = active.iter().map(|rs| spec_replicas(rs)).sum();
    let to_add = allowed - total;
    // Larger first; on a tie, newer first when adding, older first when removing.
    crate::sort::sort_by(&mut active, |a, b| {
        let newer = |rs: &ReplicaSet| (rs.metadata.creation_timestamp, rs.metadata.name.clone());
        spec_replicas(b)
            .cmp(&spec_replicas(a))
            .then_with(|| if to_add >= 0 { newer(b).cmp(&newer(a)) } else { newer(a).cmp(&newer(b)) })
    });
    let mut added = 0;
    let mut sizes: Vec<i32> = Vec::new();
    for rs in &active {
        let replicas = spec_replicas(rs);
        let proportion = if to_add == 0 || to_add == added {
            0
        } else {
            let fraction = if desired == 0 {
                -replicas
            } else {
                let before = rs
                    .metadata
                    .annotations
                    .get(MAX_REPLICAS)
                    .and_then(|v| v.parse::<i32>().ok())
                    .filter(|v| *v > 0)
                    .unwrap_or(d.status.replicas.unwrap_or(0).max(1));
                (f64::from(replicas * allowed) / f64::from(before)).round() as i32 - replicas
            };
            let left = to_add - added;
            if to_add > 0 { fraction.min(left) } else { fraction.max(left) }
        };
        sizes.push(replicas + proportion);
        added += proportion;
    }
    if let Some(first) = sizes.first_mut() {
        *first = (*first + to_add - added).max(0);
    }
    for (rs, size) in active.into_iter().zip(sizes) {
        scale(cluster, d, &rs.metadata.name.clone(), size);
    }
}

/// The next revision: one more than every ReplicaSet's.
fn next_revision(sets: &[Arc<ReplicaSet>]) -> i64 {
    sets.iter().map(|rs| revision_of(rs)).max().unwrap_or(0) + 1
}

fn copied_annotations(d: &Deployment) -> BTreeMap<String, String> {
    let mut copied = BTreeMap::new();
    copied.extend(
        d.metadata
            .annotations
            .iter()
            .filter(|(k, _)| !ANNOTATIONS_TO_SKIP.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    copied
}

fn create_new_replica_set(cluster: &mut Cluster, d: &Deployment, sets: &[Arc<ReplicaSet>]) -> String {
    let collision = d.status.collision_count.unwrap_or(0);
    let hash = template_hash(&d.spec.template, collision);
    let name = format!("{}-{hash}", d.metadata.name);
    let desired = d.spec.replicas.unwrap_or(1);
    let (surge, _) = fenceposts(d);
    let revision = next_revision(sets);
    // Rolling update: start within the surge; Recreate: start at zero until old pods are gone.
    let replicas = if d.spec.strategy.type_ == "Recreate" {
        0
    } else {
        let current: i32 = sets.iter().map(|rs| spec_replicas(rs)).sum();
        if current == 0 { desired } else { (desired + surge - current).clamp(0, desired) }
    };
    let mut template = d.spec.template.clone();
    template.metadata.labels.insert(HASH_LABEL.into(), hash.clone());
    let mut selector = d.spec.selector.clone().unwrap_or_default();
    selector.match_labels.insert(HASH_LABEL.into(), hash.clone());
    let mut annotations = copied_annotations(d);
    annotations.insert(DESIRED_REPLICAS.into(), desired.to_string());
    annotations.insert(MAX_REPLICAS.into(), desired.wrapping_add(surge).to_string());
    annotations.insert(REVISION.into(), revision.to_string());
    let rs = ReplicaSet {
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: d.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: annotations.into(),
            owner_references: vec![owner_reference(d)].into(),
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: Some(replicas),
            min_ready_seconds: d.spec.min_ready_seconds.filter(|n| *n > 0),
            selector: Some(selector),
            template,
        },
        status: Default::default(),
    };
    match cluster.create_object(rs, &d.metadata.namespace) {
        Ok(_) => {
            if replicas > 0 {
                let message = format!("Scaled up replica set {name} from 0 to {replicas}");
                cluster.record_event(
                    reference_to(d, ""),
                    false,
                    "ScalingReplicaSet",
                    &message,
                    Source::DeploymentController,
                );
            }
            let now = cluster.now;
            cluster.store.modify::<Deployment>(&d.metadata.namespace, &d.metadata.name, |dep| {
                dep.metadata.annotations.insert(REVISION.into(), revision.to_string());
                set_condition(
                    &mut dep.status,
                    "Progressing",
                    "True",
                    "NewReplicaSetCreated",
                    &format!("Created new replica set \"{name}\""),
                    now,
                    true,
                );
            });
        }
        Err(_) => {
            // A name taken by a ReplicaSet we do not own: count a collision and retry.
            cluster.store.modify::<Deployment>(&d.metadata.namespace, &d.metadata.name, |dep| {
                dep.status.collision_count = Some(collision + 1);
            });
        }
    }
    name
}

/// A template that matches an older ReplicaSet (a rollback) makes it the newest revision.
fn sync_revision(cluster: &mut Cluster, d: &Deployment, new_name: &str, sets: &[Arc<ReplicaSet>]) {
    let ns = &d.metadata.namespace;
    let Some(new_rs) = sets.iter().find(|rs| rs.metadata.name == new_name) else { return };
    let current = revision_of(new_rs);
    let max_other = sets.iter().filter(|rs| rs.metadata.name != new_name).map(|rs| revision_of(rs)).max().unwrap_or(0);
    let revision = if current > max_other { current } else { max_other + 1 };
    let mut annotations = new_rs.metadata.annotations.clone();
    for (k, v) in copied_annotations(d) {
        annotations.insert(k, v);
    }
    if revision != current {
        let mut history: Vec<String> =
            annotations.get(REVISION_HISTORY).map(|h| h.split(',').map(str::to_string).collect()).unwrap_or_default();
        if current > 0 {
            history.push(current.to_string());
        }
        annotations.insert(REVISION_HISTORY.into(), history.join(","));
        annotations.insert(REVISION.into(), revision.to_string());
    }
    if annotations != new_rs.metadata.annotations {
        cluster.store.modify::<ReplicaSet>(ns, new_name, |rs| rs.metadata.annotations = annotations);
    }
    if d.metadata.annotations.get(REVISION) != Some(&revision.to_string()) {
        let now = cluster.now;
        let name = new_name.to_string();
        cluster.store.modify::<Deployment>(ns, &d.metadata.name, |dep| {
            dep.metadata.annotations.insert(REVISION.into(), revision.to_string());
            if revision != current {
                set_condition(
                    &mut dep.status,
                    "Progressing",
                    "True",
                    "FoundNewReplicaSet",
                    &format!("Found new replica set \"{name}\""),
                    now,
                    true,
                );
            }
        });
    }
}

fn rollout_rolling(cluster: &mut Cluster, d: &Deployment, new_rs: &Arc<ReplicaSet>, old_sets: &[Arc<ReplicaSet>]) {
    let desired = d.spec.replicas.unwrap_or(1);
    let (surge, max_unavailable) = fenceposts(d);
    let new_replicas = spec_replicas(new_rs);
    let old_total: i32 = old_sets.iter().map(|rs| spec_replicas(rs)).sum();

    // Scale up the new ReplicaSet within maxSurge (or to `desired` when it is alone).
    let target = if old_total == 0 || new_replicas > desired {
        desired
    } else {
        let current = new_replicas + old_total;
        let max_total = desired + surge;
        if current >= max_total {
            new_replicas
        } else {
            new_replicas + (max_total - current).min(desired - new_replicas)
        }
    };
    // Scaling (or only refreshing the desired-replicas annotations).
    scale(cluster, d, &new_rs.metadata.name, target);
    if target != new_replicas || old_total == 0 {
        return;
    }

    // Scale down the old ones without going under `desired - maxUnavailable` available.
    let all_pods = new_replicas + old_total;
    let min_available = desired - max_unavailable;
    let new_unavailable = new_replicas - available(new_rs);
    let mut max_scaled_down = all_pods - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return;
    }
    // First the old pods that are not available anyway.
    let mut cleaned = 0;
    for rs in old_sets {
        if cleaned >= max_scaled_down {
            break;
        }
        let replicas = spec_replicas(rs);
        let unhealthy = replicas - available(rs);
        if replicas == 0 || unhealthy <= 0 {
            continue;
        }
        let down = (max_scaled_down - cleaned).min(unhealthy);
        scale(cluster, d, &rs.metadata.name, replicas - down);
        cleaned += down;
    }
    max_scaled_down -= cleaned;
    if cleaned > 0 {
        return;
    }
    // Then available old pods, as long as enough stay available overall.
    let available_total: i32 = available(new_rs) + old_sets.iter().map(|rs| available(rs)).sum::<i32>();
    if available_total <= min_available || max_scaled_down <= 0 {
        return;
    }
    let mut to_scale_down = available_total - min_available;
    for rs in old_sets {
        if to_scale_down <= 0 {
            break;
        }
        let replicas = spec_replicas(rs);
        if replicas == 0 {
            continue;
        }
        let down = replicas.min(to_scale_down);
        scale(cluster, d, &rs.metadata.name, replicas - down);
        to_scale_down -= down;
    }
}

fn rollout_recreate(
    cluster: &mut Cluster,
    d: &Deployment,
    new_rs: Option<&Arc<ReplicaSet>>,
    old_sets: &[Arc<ReplicaSet>],
) {
    let mut scaled_down = false;
    for rs in old_sets {
        if spec_replicas(rs) > 0 {
            scale(cluster, d, &rs.metadata.name, 0);
            scaled_down = true;
        }
    }
    if scaled_down {
        return;
    }
    // Wait until every old pod is gone before starting new ones.
    let old_pods_left = cluster.store.pods.iter().any(|p| {
        !p.is_terminal() && p.metadata.controller().is_some_and(|o| old_sets.iter().any(|rs| rs.metadata.uid == o.uid))
    });
    if old_pods_left {
        return;
    }
    if let Some(new_rs) = new_rs {
        scale(cluster, d, &new_rs.metadata.name, d.spec.replicas.unwrap_or(1));
    }
}

/// Keeps at most `revisionHistoryLimit` old, empty ReplicaSets.
fn cleanup_history(cluster: &mut Cluster, d: &Deployment, old_sets: &[Arc<ReplicaSet>]) {
    let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let mut cleanable: Vec<&Arc<ReplicaSet>> = old_sets
        .iter()
        .filter(|rs| spec_replicas(rs) == 0 && rs.status.replicas == 0 && rs.metadata.deletion_timestamp.is_none())
        .collect();
    if cleanable.len() <= limit {
        return;
    }
    crate::sort::sort_by_key(&mut cleanable, |rs| revision_of(rs));
    let excess = cleanable.len() - limit;
    for rs in cleanable.into_iter().take(excess) {
        cluster.store.remove::<ReplicaSet>(&rs.metadata.namespace, &rs.metadata.name);
    }
}

/// Sets a deployment condition; `progress` moves `lastUpdateTime` even when nothing else changes.
fn set_condition(
    status: &mut DeploymentStatus,
    type_: &str,
    value: &str,
    reason: &str,
    message: &str,
    now: Time,
    progress: bool,
) {
    match status.conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            let changed = c.status != value || c.reason != reason || c.message != message;
            if c.status != value {
                c.last_transition_time = Some(now);
            }
            if changed || progress {
                c.last_update_time = Some(now);
            }
            c.status = value.into();
            c.reason = reason.into();
            c.message = message.into();
        }
        None => {
            status.conditions.push(DeploymentCondition {
                type_: type_.into(),
                status: value.into(),
                last_update_time: Some(now),
                last_transition_time: Some(now),
                reason: reason.into(),
                message: message.into(),
            });
            // Available first, then Progressing, as the controller orders them.
            crate::sort::sort_by_key(&mut status.conditions, |c| if c.type_ == "Available" { 0 } else { 1 });
        }
    }
}

fn write_status(
    cluster: &mut Cluster,
    d: &Deployment,
    new_rs: Option<&Arc<ReplicaSet>>,
    old_sets: &[Arc<ReplicaSet>],
    old: &DeploymentStatus,
) {
    let now = cluster.now;
    let all: Vec<&Arc<ReplicaSet>> = new_rs.into_iter().chain(old_sets.iter()).collect();
    let desired = d.spec.replicas.unwrap_or(1);
    let (_, max_unavailable) = fenceposts(d);
    let total_spec: i32 = all.iter().map(|rs| spec_replicas(rs)).sum();
    let replicas: i32 = all.iter().map(|rs| rs.status.replicas).sum();
    let updated = new_rs.map_or(0, |rs| rs.status.replicas);
    let ready: i32 = all.iter().map(|rs| rs.status.ready_replicas.unwrap_or(0)).sum();
    let available_count: i32 = all.iter().map(|rs| available(rs)).sum();
    let unavailable = (total_spec - available_count).max(0);
    let some = |n: i32| if n > 0 { Some(n) } else { None };
    let old_replicas_now: i32 = old_sets.iter().map(|rs| rs.status.replicas).sum();
    let old_replicas_before = old.replicas.unwrap_or(0) - old.updated_replicas.unwrap_or(0);
    let progressed = updated > old.updated_replicas.unwrap_or(0)
        || old_replicas_now < old_replicas_before
        || ready > old.ready_replicas.unwrap_or(0)
        || available_count > old.available_replicas.unwrap_or(0);
    let complete = updated == desired && replicas == desired && available_count == desired;
    let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(600));
    let generation = d.metadata.generation;
    let paused = d.spec.paused == Some(true);
    let rs_name = new_rs.map(|rs| rs.metadata.name.clone()).unwrap_or_default();
    cluster.store.modify::<Deployment>(&d.metadata.namespace, &d.metadata.name, |dep| {
        let s = &mut dep.status;
        s.observed_generation = Some(generation);
        s.replicas = some(replicas);
        s.updated_replicas = some(updated);
        s.ready_replicas = some(ready);
        s.available_replicas = some(available_count);
        s.unavailable_replicas = some(unavailable);
        if available_count >= desired - max_unavailable {
            set_condition(
                s,
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
                now,
                false,
            );
        } else {
            set_condition(
                s,
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
                now,
                false,
            );
        }
        let progressing = s.condition("Progressing").cloned();
        if paused {
            set_condition(s, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now, false);
        } else if progressing.as_ref().is_some_and(|c| c.reason == "DeploymentPaused") {
            set_condition(s, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", now, true);
        } else if rs_name.is_empty() {
            // No ReplicaSet for the template yet: nothing to report on progress.
        } else if complete {
            let message = format!("ReplicaSet \"{rs_name}\" has successfully progressed.");
            let changed = progressing.as_ref().is_none_or(|c| c.reason != "NewReplicaSetAvailable");
            set_condition(s, "Progressing", "True", "NewReplicaSetAvailable", &message, now, changed);
        } else if progressed {
            let message = format!("ReplicaSet \"{rs_name}\" is progressing.");
            set_condition(s, "Progressing", "True", "ReplicaSetUpdated", &message, now, true);
        } else if progressing
            .as_ref()
            .is_some_and(|c| c.status == "True" && c.last_update_time.is_some_and(|t| now.since(t) > deadline * 1000))
        {
            let message = format!("ReplicaSet \"{rs_name}\" has timed out progressing.");
            set_condition(s, "Progressing", "False", "ProgressDeadlineExceeded", &message, now, false);
        }
    });
}

/// A rollout that is not complete must be checked against its progress deadline.
pub(crate) fn next_wakeup(cluster: &Cluster) -> Option<Time> {
    cluster
        .store
        .deployments
        .iter()
        .filter(|d| d.spec.paused != Some(true))
        .filter_map(|d| {
            let c = d.status.condition("Progressing")?;
            if c.status != "True" || c.reason == "NewReplicaSetAvailable" {
                return None;
            }
            let deadline = i64::from(d.spec.progress_deadline_seconds.unwrap_or(600));
            c.last_update_time.map(|t| t.plus_millis(deadline * 1000 + 1))
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::objects::apps::{DeploymentStrategy, RollingUpdate};

    fn deployment(replicas: i32, surge: IntOrString, unavailable: IntOrString) -> Deployment {
        let mut d = Deployment::default();
        d.spec.replicas = Some(replicas);
        d.spec.strategy = DeploymentStrategy {
            type_: "RollingUpdate".into(),
            rolling_update: Some(RollingUpdate { max_surge: Some(surge), max_unavailable: Some(unavailable) }),
        };
        d
    }

    #[test]
    fn fenceposts_round_like_upstream() {
        let pct = |s: &str| IntOrString::Str(s.into());
        assert_eq!(fenceposts(&deployment(3, pct("25%"), pct("25%"))), (1, 0));
        assert_eq!(fenceposts(&deployment(10, pct("25%"), pct("25%"))), (3, 2));
        assert_eq!(fenceposts(&deployment(4, IntOrString::Int(0), IntOrString::Int(0))), (0, 1));
        assert_eq!(fenceposts(&deployment(5, IntOrString::Int(2), pct("50%"))), (2, 2));
    }

    #[test]
    fn template_hashes_are_pinned_and_safe() {
        // Pinned: the golden transcripts name ReplicaSets and pods with them.
        let t = PodTemplateSpec::default();
        let h = template_hash(&t, 0);
        assert_eq!(h, "74bb9b5bf9");
        // The collision count changes the hash (the controller's way out of a clash).
        assert_ne!(h, template_hash(&t, 1));
        assert!(h.len() <= 10 && h.bytes().all(|c| crate::cluster::rng::ALPHANUMS.contains(&c)));
    }
}
