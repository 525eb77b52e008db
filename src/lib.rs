//! Atelier Kubernetes: a Kubernetes course in French that runs entirely in the
//! browser, on a simulated cluster.
//!
//! The crate is layered strictly one way (see `ARCHITECTURE.md`):
//! the cluster simulation ← `kubectl` and the shell ← lessons ← the Leptos UI.
//! Everything except [`ui`] is pure Rust and is tested natively with `cargo test`;
//! [`ui`] is only compiled for `wasm32` and is tested in a real browser.

pub mod cluster;
pub mod kubectl;
pub mod lessons;
pub mod sh;
pub mod shell;
pub mod sort;
// The learner's virtual file system: below kubectl (`-f FILE`, `cp`) and the shell, which both use it.
pub mod vfs;

#[cfg(target_arch = "wasm32")]
pub mod ui;
