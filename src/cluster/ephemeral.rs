//! Ephemeral containers (`kubectl debug POD --image=…`): the pod's
//! `ephemeralcontainers` subresource as a 1.32 API server takes a new one,
//! and the pod as the runtime sees one of them (exec, logs, its shell).
//! All of it is the page's lazy part (scripts/lazy.txt): only a pod that
//! has one reaches it.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::errors::FieldError;
use super::objects::pod::{Container, ContainerStatus, Pod};
use super::{ApiError, Cluster, Kind, defaults, validate};

impl Cluster {
    /// PATCH `pods/NAME/ephemeralcontainers` adding `container`, as
    /// `ValidatePodEphemeralContainersUpdate` (pkg/apis/core/validation)
    /// allows it: not in a static pod, a name unique among all the pod's
    /// containers, a `targetContainerName` naming one of its ordinary
    /// containers; then `SetDefaults_EphemeralContainer`. The pod keeps its
    /// metadata and status (the subresource changes nothing else).
    #[inline(never)]
    pub fn add_ephemeral_container(&mut self, ns: &str, name: &str, mut c: Container) -> Result<Arc<Pod>, ApiError> {
        let pod = self.store.get::<Pod>(ns, name).cloned().ok_or_else(|| ApiError::not_found(Kind::Pod, name))?;
        if super::controllers::healing::is_mirror(&pod) {
            let e = FieldError::forbidden("", "static pods do not support ephemeral containers");
            return Err(ApiError::invalid(Kind::Pod, name, vec![e]));
        }
        // The same container again (a strategic merge patch keyed by name):
        // nothing changes; a different one may not replace it.
        if let Some(old) = pod.spec.ephemeral_containers.iter().find(|e| e.name == c.name) {
            let mut same = c.clone();
            defaults::container(&mut same);
            if same == *old {
                return Ok(pod);
            }
            let e = FieldError::forbidden(
                format!("spec.ephemeralContainers[{}]", c.name),
                format!("existing ephemeral containers {} may not be changed", super::errors::quote(&c.name)),
            );
            return Err(ApiError::invalid(Kind::Pod, name, vec![e]));
        }
        let i = pod.spec.ephemeral_containers.len();
        let path = format!("spec.ephemeralContainers[{i}]");
        let mut errs = Vec::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        names.extend(pod.spec.init_containers.iter().chain(&pod.spec.containers).map(|c| c.name.clone()));
        let others = names.clone();
        names.extend(pod.spec.ephemeral_containers.iter().map(|c| c.name.clone()));
        validate::container(&c, &path, &mut names, &mut errs);
        if let Some(target) = c.extra.get("targetContainerName").and_then(serde_json::Value::as_str)
            && !target.is_empty()
            && !others.contains(target)
        {
            errs.push(FieldError::not_found(format!("{path}.targetContainerName"), target));
        }
        if !errs.is_empty() {
            return Err(ApiError::invalid(Kind::Pod, name, errs));
        }
        defaults::container(&mut c);
        let mut spec = (*pod.spec).clone();
        spec.ephemeral_containers.push(c);
        let updated = Pod { metadata: pod.metadata.clone(), spec: Arc::new(spec), status: pod.status.clone() };
        Ok(self.store.put(updated))
    }

    /// `pod` as the runtime reads it for its ephemeral container `name`:
    /// that container after the ordinary ones, its status after theirs
    /// (aligned by name), and its index. `None` if the pod has no such one.
    #[inline(never)]
    pub(crate) fn ephemeral_view(&self, pod: &Pod, name: &str) -> Option<(Arc<Pod>, usize)> {
        let c = pod.spec.ephemeral_containers.iter().find(|c| c.name == name)?;
        let mut spec = (*pod.spec).clone();
        let mut status = pod.status.clone();
        let by_name = |n: &str| pod.status.container_statuses.iter().find(|s| s.name == n).cloned();
        status.container_statuses =
            spec.containers.iter().map(|c| by_name(&c.name).unwrap_or_else(ContainerStatus::default)).collect();
        let own = pod.status.ephemeral_container_statuses.iter().find(|s| s.name == name).cloned();
        status.container_statuses.push(own.unwrap_or_default());
        spec.containers.push(c.clone());
        let index = spec.containers.len() - 1;
        Some((Arc::new(Pod { metadata: pod.metadata.clone(), spec: Arc::new(spec), status }), index))
    }
}
