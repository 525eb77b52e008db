//! The simulated cluster: a deterministic, in-memory Kubernetes 1.32.
//!
//! Pure Rust: no web API, no wall clock, no global mutable state. Time moves
//! only when the caller advances the virtual clock; randomness comes from a
//! generator seeded at creation. The same seed and the same calls give the
//! same cluster, byte for byte.

pub mod meta;
pub mod objects;
pub mod rng;
pub mod schema;
pub mod store;
pub mod time;
