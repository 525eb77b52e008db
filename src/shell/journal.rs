//! What a console session did, so that a reload can bring it back: every
//! line entered, interrupt, clear and editor save, at the virtual instant it
//! happened. Replaying the journal on a new session with the same seed gives
//! back the cluster, the files, the history and the scrollback (the
//! simulation is deterministic). Versioned: a journal from another version of
//! the simulator is not replayed.

use serde::{Deserialize, Serialize};

/// The journal's format; bump it when a change makes old journals replay differently.
pub const FORMAT: u32 = 1;

/// One thing the learner did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Action {
    /// A line entered (a command, a heredoc line, a line in a container's shell).
    Line { text: String },
    /// Ctrl+C.
    Interrupt,
    /// Ctrl+L or `clear`.
    Clear,
    /// The editor closed: saved with this text, or cancelled.
    Edit { text: Option<String> },
    /// The cluster was reset to a fresh one.
    Reset,
    /// A file saved from the editor's file panel.
    Write { path: String, text: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The virtual time, in milliseconds since the cluster's start.
    pub at: i64,
    #[serde(flatten)]
    pub action: Action,
}

/// A whole session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub format: u32,
    /// The simulator's version that wrote it.
    pub version: String,
    pub seed: u64,
    pub entries: Vec<Entry>,
    /// Where the clock was when the journal was saved.
    pub now: i64,
}

impl Journal {
    pub fn new(seed: u64) -> Journal {
        Journal { format: FORMAT, version: env!("CARGO_PKG_VERSION").into(), seed, entries: Vec::new(), now: 0 }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a journal always serializes")
    }

    /// Reads a saved journal; the error says why it cannot be replayed, in French.
    pub fn from_json(text: &str) -> Result<Journal, String> {
        let j: Journal = serde_json::from_str(text).map_err(|e| format!("sauvegarde illisible ({e})"))?;
        if j.format != FORMAT || j.version != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "sauvegarde d’une autre version de l’atelier (format {}, version {})",
                j.format, j.version
            ));
        }
        Ok(j)
    }
}
