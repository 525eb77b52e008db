//! What a controller has already seen: a cursor into the store's change log,
//! so each round handles only what changed (with a full resync when the log
//! no longer reaches back), and skips entirely when neither the store nor the
//! clock moved since its last run.

use crate::cluster::objects::Object;
use crate::cluster::store::{ChangeType, Store};
use crate::cluster::time::Time;

#[derive(Clone, Debug, Default)]
pub struct Cursor {
    /// The resourceVersion up to which changes were handled.
    seen: u64,
    /// `(resourceVersion, time)` when the controller last finished.
    ran: Option<(u64, Time)>,
}

/// Changes since the last run, or a resync of everything.
pub enum Delta {
    Changed(Vec<(ChangeType, Object)>),
    Resync,
}

impl Cursor {
    /// Whether the controller has anything to look at.
    pub fn should_run(&self, store: &Store, now: Time) -> bool {
        self.ran != Some((store.resource_version(), now))
    }

    /// The objects changed since the last call (last state of each change).
    pub fn delta(&mut self, store: &Store) -> Delta {
        let since = self.seen;
        self.seen = store.resource_version();
        if since == 0 {
            return Delta::Resync;
        }
        match store.changes_since(since) {
            Some(changes) => Delta::Changed(changes.map(|c| (c.change, c.object.clone())).collect()),
            None => Delta::Resync,
        }
    }

    /// Records a run that started when the store was at `started_at`: the
    /// controller's own writes count as news for its next round.
    pub fn finish(&mut self, started_at: u64, now: Time) {
        self.ran = Some((started_at, now));
    }
}
