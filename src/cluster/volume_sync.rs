//! What a ConfigMap or Secret volume shows inside a running container.
//!
//! The kubelet writes a configMap/secret volume's files when the pod starts,
//! then rewrites them only when it syncs the pod again: its pod workers
//! resync every `syncFrequency` (1 min) plus up to 50 % jitter
//! (`workerResyncIntervalJitterFactor`, pkg/kubelet/pod_workers.go), so a
//! change reaches the files "after the kubelet sync period + the cache
//! propagation delay" (kubernetes.io, "ConfigMaps", Mounted ConfigMaps are
//! updated automatically). A `subPath` mount is never updated.
//!
//! We keep, for a couple of minutes, the version each update replaced,
//! with its instant: the files show the version that was current
//! at the pod's last sync. No timer runs for this: the last sync is computed
//! when a file is read.

use std::sync::Arc;

use super::objects::{ConfigMap, Object, Secret};
use super::store::Store;
use super::time::Time;

/// Replaced versions older than this are never needed: every pod synced
/// since (the longest period is 90 s).
const KEPT_MS: i64 = 120_000;
/// At most this many replaced versions are kept (a loop of updates).
const KEPT: usize = 64;

/// The ConfigMap and Secret versions replaced lately: when, and what was there before.
#[derive(Clone, Debug, Default)]
pub(crate) struct History(Vec<(Time, Object)>);

impl History {
    /// Remembers `before`, replaced by an update at `now`.
    pub(crate) fn remember(&mut self, now: Time, before: Object) {
        self.0.retain(|(at, _)| now.since(*at) <= KEPT_MS);
        if self.0.len() == KEPT {
            self.0.remove(0);
        }
        self.0.push((now, before));
    }

    /// The version current at `at`: the one the first later update
    /// replaced, else the stored one. (Deletions are not kept: the files of
    /// a deleted source go at once, where the kubelet keeps the last ones.
    /// Every namespace deletion deletes a ConfigMap, and no core lesson
    /// should pay for this module.)
    fn as_of<'a>(
        &'a self,
        current: Option<&'a Object>,
        same: impl Fn(&Object) -> bool,
        at: Time,
    ) -> Option<&'a Object> {
        self.0.iter().filter(|(_, o)| same(o)).find(|(when, _)| *when > at).map(|(_, o)| o).or(current)
    }

    /// A ConfigMap's data as a volume of a container started at `started`
    /// shows it at `now` (`subpath`: mounted with `subPath`, never updated).
    pub(crate) fn config_map(
        &self,
        store: &Store,
        (ns, name): (&str, &str),
        (uid, started, subpath): (&str, Time, bool),
        now: Time,
    ) -> Option<Arc<ConfigMap>> {
        let current = store.get::<ConfigMap>(ns, name).cloned().map(Object::ConfigMap);
        let same =
            |o: &Object| matches!(o, Object::ConfigMap(c) if c.metadata.namespace == ns && c.metadata.name == name);
        match self.as_of(current.as_ref(), same, last_sync(uid, started, subpath, now))? {
            Object::ConfigMap(c) => Some(c.clone()),
            _ => None,
        }
    }

    /// A Secret's, as [`History::config_map`].
    pub(crate) fn secret(
        &self,
        store: &Store,
        (ns, name): (&str, &str),
        (uid, started, subpath): (&str, Time, bool),
        now: Time,
    ) -> Option<Arc<Secret>> {
        let current = store.get::<Secret>(ns, name).cloned().map(Object::Secret);
        let same = |o: &Object| matches!(o, Object::Secret(s) if s.metadata.namespace == ns && s.metadata.name == name);
        match self.as_of(current.as_ref(), same, last_sync(uid, started, subpath, now))? {
            Object::Secret(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// The kubelet's last sync of a pod at `now`: its container started at
/// `started`, then every period of 60 s plus a jitter of up to 30 s (fixed
/// per pod, from its uid, to stay deterministic).
fn last_sync(uid: &str, started: Time, subpath: bool, now: Time) -> Time {
    let period = 60_000 + i64::from(super::rng::fnv32a(uid.as_bytes()) % 30_001);
    let since = now.since(started);
    if subpath || since < period {
        return started;
    }
    started.plus_millis(since / period * period)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_sync_is_a_whole_number_of_periods_after_the_start() {
        let start = Time::from_secs(1_000);
        assert_eq!(last_sync("u", start, false, start.plus_millis(59_999)), start);
        let period = 60_000 + i64::from(crate::cluster::rng::fnv32a(b"u") % 30_001);
        assert_eq!(last_sync("u", start, false, start.plus_millis(period)), start.plus_millis(period));
        assert_eq!(last_sync("u", start, false, start.plus_millis(3 * period + 5)), start.plus_millis(3 * period));
        assert_eq!(last_sync("u", start, true, start.plus_millis(10 * period)), start);
    }
}
