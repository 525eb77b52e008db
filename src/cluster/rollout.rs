//! Rollout helpers that kubectl runs client-side (`rollout undo`, `history`),
//! written against the cluster's API so that kubectl and lessons share them.

use std::sync::Arc;

use super::Cluster;
use super::controllers::deployment::{ANNOTATIONS_TO_SKIP, HASH_LABEL, equal_ignoring_hash, revision_of};
use super::errors::ApiError;
use super::objects::Kind;
use super::objects::apps::{Deployment, ReplicaSet};

/// What `kubectl rollout undo` did.
#[derive(Clone, Debug, PartialEq)]
pub enum Rollback {
    /// `deployment.apps/x rolled back`
    RolledBack,
    /// `deployment.apps/x skipped rollback (current template already matches revision N)`
    Skipped(i64),
}

/// Why a rollback could not happen (kubectl's messages, printed after `error: `).
#[derive(Clone, Debug, PartialEq)]
pub enum RollbackError {
    Api(ApiError),
    Paused,
    NoHistory(String),
    RevisionNotFound(i64),
}

impl RollbackError {
    pub fn message(&self) -> String {
        match self {
            RollbackError::Api(e) => e.message.clone(),
            // kubectl 1.32's words (older ones named the deployment).
            RollbackError::Paused => {
                "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
                    .into()
            }
            RollbackError::NoHistory(name) => format!("no rollout history found for deployment \"{name}\""),
            RollbackError::RevisionNotFound(r) => format!("unable to find specified revision {r} in history"),
        }
    }
}

impl Cluster {
    /// The ReplicaSets a deployment controls, oldest revision first.
    pub fn replica_sets_of(&self, deployment: &Deployment) -> Vec<Arc<ReplicaSet>> {
        let mut sets: Vec<Arc<ReplicaSet>> = self
            .store
            .replicasets
            .in_namespace(&deployment.metadata.namespace)
            .filter(|rs| rs.metadata.is_controlled_by(&deployment.metadata.uid))
            .cloned()
            .collect();
        crate::sort::sort_by_key(&mut sets, |rs| revision_of(rs));
        sets
    }

    /// The ReplicaSet `rollout undo` would restore (rollback.go's
    /// `deploymentRevision`), with its deployment.
    pub fn rollback_target(
        &self,
        namespace: &str,
        name: &str,
        to_revision: i64,
    ) -> Result<(Arc<Deployment>, Arc<ReplicaSet>), RollbackError> {
        let deployment = self
            .store
            .get::<Deployment>(namespace, name)
            .cloned()
            .ok_or_else(|| RollbackError::Api(ApiError::not_found(Kind::Deployment, name)))?;
        if deployment.spec.paused == Some(true) {
            return Err(RollbackError::Paused);
        }
        let sets = self.replica_sets_of(&deployment);
        let target = if to_revision == 0 {
            // The highest revision below the current one.
            let current = sets.iter().map(|rs| revision_of(rs)).max().unwrap_or(0);
            sets.iter()
                .filter(|rs| revision_of(rs) < current)
                .max_by_key(|rs| revision_of(rs))
                .cloned()
                .ok_or_else(|| RollbackError::NoHistory(name.to_string()))?
        } else {
            sets.iter()
                .find(|rs| revision_of(rs) == to_revision)
                .cloned()
                .ok_or(RollbackError::RevisionNotFound(to_revision))?
        };
        Ok((deployment, target))
    }

    /// `kubectl rollout undo deployment/NAME [--to-revision=N]` (0 = previous).
    pub fn rollback(&mut self, namespace: &str, name: &str, to_revision: i64) -> Result<Rollback, RollbackError> {
        let (deployment, target) = self.rollback_target(namespace, name, to_revision)?;
        if equal_ignoring_hash(&target.spec.template, &deployment.spec.template) {
            return Ok(Rollback::Skipped(to_revision));
        }
        let mut updated = (*deployment).clone();
        let mut template = target.spec.template.clone();
        template.metadata.labels.remove(HASH_LABEL);
        updated.spec.template = template;
        let mut annotations = std::collections::BTreeMap::new();
        annotations.extend(
            deployment
                .metadata
                .annotations
                .iter()
                .filter(|(k, _)| ANNOTATIONS_TO_SKIP.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        for (k, v) in &target.metadata.annotations {
            if !ANNOTATIONS_TO_SKIP.contains(&k.as_str()) {
                annotations.insert(k.clone(), v.clone());
            }
        }
        updated.metadata.annotations = annotations.into();
        updated.metadata.resource_version.clear();
        self.update_object(updated, namespace).map_err(RollbackError::Api)?;
        self.reconcile();
        Ok(Rollback::RolledBack)
    }
}
