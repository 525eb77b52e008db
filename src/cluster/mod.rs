//! The simulated cluster: a deterministic, in-memory Kubernetes 1.32.
//!
//! Pure Rust: no web API, no wall clock, no global mutable state. Time moves
//! only when the caller advances the virtual clock; randomness comes from a
//! generator seeded at creation. The same seed and the same calls give the
//! same cluster, byte for byte.
//!
//! - [`api`]: what the API server does on create, update and delete
//!   (strict decoding, defaulting, validation, allocation);
//! - [`controllers`]: scheduler, kubelet, ReplicaSet, Deployment, Endpoints,
//!   garbage collection, each a small reconciler run as the clock moves;
//! - [`store`]: the objects and the change log that watchers read.

pub mod api;
pub mod apps;
pub(crate) mod bootstrap;
pub mod codec;
pub mod controllers;
pub mod defaults;
pub mod ephemeral;
pub mod errors;
pub mod events;
pub mod images;
pub mod images_more;
pub mod meta;
pub mod metrics;
pub mod net;
pub mod objects;
pub mod quantity;
mod resolver;
pub mod rng;
pub mod rollout;
pub mod runtime;
pub mod schema;
pub mod sh;
pub mod store;
pub mod time;
pub mod tls;
pub mod validate;
mod volume_sync;
pub mod warnings;

pub use errors::{ApiError, Reason};
pub use objects::{Kind, Object};
pub use time::Time;

use self::controllers::{kubelet, scheduler};
use self::net::Network;
use self::rng::Rng;
use self::store::Store;

/// The whole simulated cluster: objects, clock, generator and the private
/// state of its controllers.
#[derive(Clone, Debug)]
pub struct Cluster {
    store: Store,
    now: Time,
    rng: Rng,
    net: Network,
    kubelet: kubelet::State,
    scheduler: scheduler::State,
    healing: controllers::healing::State,
    /// Nodes down, and the taint eviction controller's plan (issue 14).
    nodelife: controllers::nodelifecycle::State,
    /// `minikube tunnel` is running: LoadBalancer services get an external IP.
    tunnel: bool,
    /// Nanoseconds added to event names created at the same instant.
    event_seq: i64,
    events: events::EventIndex,
    cursors: controllers::Cursors,
    /// The simulated minute when expired events were last swept.
    gc_minute: Option<i64>,
    /// Lines containers printed while running (request logs, errors), by container id.
    logs: std::collections::HashMap<String, Vec<runtime::LogLine>>,
    /// Packages installed in running containers (`apk add curl`), by container
    /// id: a restarted container starts from its image again.
    installed: std::collections::HashMap<String, Vec<String>>,
    /// The environment each container got when it started, by container id:
    /// a ConfigMap, Secret or service changed later is not seen until the
    /// container restarts. Held as `NAME=value` lines: the same map type as
    /// `installed`, so no second copy of its code.
    started_env: std::collections::HashMap<String, Vec<String>>,
    /// What containers' processes keep in memory (redis's keys), by
    /// container id: a new container starts empty.
    memory: Vec<(String, apps::Keyspace)>,
    /// Files copied into running containers (`kubectl cp`): container id, path, content.
    written: Vec<(String, String, String)>,
    /// The next endpoint each service sends a request to.
    round_robin: Vec<(String, usize)>,
    /// The ReplicaSet controller's index of the pods each ReplicaSet owns.
    rs_index: controllers::replicaset::Index,
    /// The ReplicaSet controller's API client rate (pod creations).
    rs_throttle: controllers::replicaset::Throttle,
    /// The metrics-server addon is enabled (`kubectl top` works).
    metrics_server: bool,
    /// What admission adds to every pod, built once.
    admission: defaults::AdmissionDefaults,
    /// `minikube stop`: since when the node is off (nothing reconciles, the
    /// API server does not answer), or `None` while it runs.
    stopped_since: Option<Time>,
    /// When the node booted again after each stop (`minikube start`).
    boots: Vec<Time>,
    /// When the Job and CronJob controllers next have work, as their last
    /// round found (a back-off, a deadline, a TTL, a schedule).
    job_wakeup: Option<Time>,
    cronjob_wakeup: Option<Time>,
    /// The ingress-nginx controller's memory (minikube's ingress addon).
    ingress: controllers::ingress::State,
    /// The volume controller's next resync and wake-up.
    volumes_resync: Option<Time>,
    volumes_wakeup: Option<Time>,
    /// The HPA controller's memory (recommendations, scale events, next syncs).
    hpa: controllers::hpa::State,
    /// ConfigMap and Secret versions replaced lately, for the volumes that
    /// show them until the kubelet's next sync of their pod.
    volume_history: volume_sync::History,
    /// When the bootstrap handed the cluster over to the learner's clock.
    ready_at: Time,
}

/// How many reconcile rounds may run at one instant before time must move.
const MAX_ROUNDS: usize = 50;

impl Cluster {
    /// The course's cluster: one Ready node `minikube` (control plane).
    pub fn new(seed: u64) -> Cluster {
        Cluster::with_workers(seed, 0)
    }

    /// A `minikube` control-plane node plus `workers` worker nodes
    /// (`minikube-m02`, `minikube-m03`…).
    pub fn with_workers(seed: u64, workers: usize) -> Cluster {
        let mut cluster = Cluster::blank(seed);
        bootstrap::install(&mut cluster, workers, time::START, bootstrap::UPTIME_SECONDS);
        cluster
    }

    /// The cluster `minikube start` creates after `minikube delete`: a new
    /// one, with `workers` worker nodes, whose clock goes on from this one's
    /// (ready as long after as minikube takes to create it).
    #[inline(never)] // the page's lazy part (scripts/lazy.txt)
    pub fn recreated(&mut self, workers: usize) -> Cluster {
        const FRESH_START_SECONDS: f64 = 45.0;
        let mut cluster = Cluster::blank(self.rng.below(u64::MAX));
        bootstrap::install(&mut cluster, workers, self.now.plus_secs(FRESH_START_SECONDS), FRESH_START_SECONDS);
        cluster
    }

    /// Nothing in it yet: the bootstrap installs minikube's cluster.
    fn blank(seed: u64) -> Cluster {
        Cluster {
            store: Store::default(),
            now: time::START,
            rng: Rng::new(seed),
            net: Network::default(),
            kubelet: kubelet::State::default(),
            scheduler: scheduler::State::default(),
            healing: Default::default(),
            nodelife: Default::default(),
            tunnel: false,
            event_seq: 0,
            events: events::EventIndex::default(),
            cursors: controllers::Cursors::default(),
            gc_minute: None,
            logs: Default::default(),
            installed: Default::default(),
            started_env: Default::default(),
            memory: Default::default(),
            written: Default::default(),
            round_robin: Default::default(),
            rs_index: Default::default(),
            rs_throttle: Default::default(),
            metrics_server: false,
            admission: Default::default(),
            stopped_since: None,
            boots: Vec::new(),
            job_wakeup: None,
            cronjob_wakeup: None,
            ingress: Default::default(),
            volumes_resync: None,
            volumes_wakeup: None,
            hpa: Default::default(),
            volume_history: Default::default(),
            ready_at: time::START,
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Read access to every object.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// `n` random characters for a client that names something itself (kubectl's
    /// `utilrand.String`): drawn from the cluster's seeded generator, so a
    /// replayed session names things the same way.
    pub fn random_suffix(&mut self, n: usize) -> String {
        self.rng.suffix(n)
    }

    /// A number below `n` from the cluster's seeded generator (openssl's
    /// progress dots in the shell).
    pub fn random_below(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }

    /// Moves the clock forward by `seconds`, running every controller at each
    /// instant where one has work to do.
    pub fn advance(&mut self, seconds: f64) {
        let target = self.now.plus_secs(seconds.max(0.0));
        loop {
            self.reconcile();
            match self.next_wakeup() {
                Some(next) if next <= target => self.now = next.max(self.now.plus_millis(1)),
                _ => break,
            }
        }
        self.now = target;
        self.reconcile();
    }

    /// Advances until no controller has anything left to do, or at most
    /// `limit_seconds`; returns the seconds that passed.
    pub fn settle(&mut self, limit_seconds: f64) -> f64 {
        let start = self.now;
        let limit = start.plus_secs(limit_seconds);
        self.reconcile();
        while let Some(next) = self.next_wakeup() {
            if next > limit {
                break;
            }
            self.now = next.max(self.now.plus_millis(1));
            self.reconcile();
        }
        self.now.since(start) as f64 / 1000.0
    }

    /// Runs the controllers at the current instant until nothing changes.
    pub fn reconcile(&mut self) {
        if self.stopped() {
            return;
        }
        for _ in 0..MAX_ROUNDS {
            let before = self.store.resource_version();
            controllers::run_all(self);
            if self.store.resource_version() == before {
                break;
            }
        }
    }

    /// The next instant a controller has work (a wake-up already due means
    /// "as soon as possible": one millisecond later).
    fn next_wakeup(&self) -> Option<Time> {
        if self.stopped() {
            return None;
        }
        controllers::next_wakeup(self).map(|t| t.max(self.now.plus_millis(1)))
    }

    /// The next instant something will happen in the cluster without any
    /// command (a pod starting, a back-off ending), if any.
    pub fn next_activity(&self) -> Option<Time> {
        self.next_wakeup()
    }

    /// Makes every controller look at every object again at the next
    /// reconcile (after a restore, or to measure a full pass).
    pub fn resync(&mut self) {
        self.cursors = Default::default();
    }

    /// Opens or closes `minikube tunnel`.
    pub fn set_tunnel(&mut self, open: bool) {
        self.tunnel = open;
        // The tunnel is an input outside the store: make the services controller look again.
        self.cursors.services = Default::default();
        self.reconcile();
    }

    pub fn tunnel_open(&self) -> bool {
        self.tunnel
    }

    /// `minikube stop`: the node powers off. The clock still runs, but no
    /// controller reconciles and the API server does not answer.
    pub fn stop(&mut self) {
        self.stopped_since.get_or_insert(self.now);
    }

    /// Whether the node is off (`minikube stop`).
    pub fn stopped(&self) -> bool {
        self.stopped_since.is_some()
    }

    /// `minikube start` after a stop: the node boots with the same objects;
    /// the kubelet makes every pod a new sandbox and starts its containers
    /// again, each one restart more (as after a reboot), control plane included.
    pub fn start(&mut self) {
        let Some(since) = self.stopped_since.take() else { return };
        self.boots.push(self.now);
        kubelet::reboot(self, since);
        self.reconcile();
    }

    /// When a node stopped and last renewed its Lease, if it is down
    /// (`minikube node stop`).
    pub fn node_down(&self, node: &str) -> Option<(Time, Time)> {
        self.nodelife.down_since(node)
    }

    /// When the node booted again after each `minikube stop`, oldest first.
    pub fn boots(&self) -> &[Time] {
        &self.boots
    }
}
