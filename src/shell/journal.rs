//! What a console session did, so that a reload can bring it back: every
//! line entered, interrupt, clear and editor save, at the virtual instant it
//! happened. Replaying the journal on a new session with the same seed gives
//! back the cluster, the files, the history and the scrollback (the
//! simulation is deterministic). Versioned: a journal from another version of
//! the simulator is not replayed.

use serde_json::{Map, Value};

use crate::cluster::codec::{self, Decode, DecodeError, Encode, Json};

/// The journal's format; bump it when a change makes old journals replay differently.
pub const FORMAT: u32 = 1;

/// One thing the learner did.
///
/// Saved as `{"at": …, "type": "line", "text": …}`: the variant's name in
/// camelCase under `type`, its fields beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// A scenario began (a lesson's start): the layer above makes its session.
    Start { scenario: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The virtual time, in milliseconds since the cluster's start.
    pub at: i64,
    pub action: Action,
}

impl Encode for Entry {
    fn encode(&self) -> Value {
        let (kind, fields) = match &self.action {
            Action::Line { text } => ("line", vec![("text", text.encode())]),
            Action::Interrupt => ("interrupt", vec![]),
            Action::Clear => ("clear", vec![]),
            Action::Edit { text } => ("edit", vec![("text", text.encode())]),
            Action::Reset => ("reset", vec![]),
            Action::Write { path, text } => ("write", vec![("path", path.encode()), ("text", text.encode())]),
            Action::Start { scenario } => ("start", vec![("scenario", scenario.encode())]),
        };
        let mut map = Map::new();
        map.insert("at".into(), self.at.encode());
        map.insert("type".into(), kind.into());
        for (key, value) in fields {
            map.insert(key.into(), value);
        }
        Value::Object(map)
    }
}

impl Decode for Entry {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let mut map = codec::object(value, "struct Entry")?;
        let mut take = |key: &str| map.remove(key).filter(|v| !v.is_null());
        let at = i64::decode(take("at").ok_or_else(|| DecodeError::missing("at"))?)?;
        let kind = String::decode(take("type").ok_or_else(|| DecodeError::missing("type"))?)?;
        let mut text = || -> Result<String, DecodeError> {
            String::decode(take("text").ok_or_else(|| DecodeError::missing("text"))?)
        };
        let action = match kind.as_str() {
            "line" => Action::Line { text: text()? },
            "interrupt" => Action::Interrupt,
            "clear" => Action::Clear,
            "edit" => Action::Edit { text: take("text").map(String::decode).transpose()? },
            "reset" => Action::Reset,
            "write" => {
                let text = text()?;
                Action::Write { path: String::decode(take("path").ok_or_else(|| DecodeError::missing("path"))?)?, text }
            }
            "start" => Action::Start {
                scenario: String::decode(take("scenario").ok_or_else(|| DecodeError::missing("scenario"))?)?,
            },
            other => return Err(DecodeError::custom(format!("unknown variant `{other}`"))),
        };
        Ok(Entry { at, action })
    }
}

/// A whole session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
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
        self.encode().to_string()
    }

    /// Reads a saved journal; the error says why it cannot be replayed, in French.
    pub fn from_json(text: &str) -> Result<Journal, String> {
        let j = serde_json::from_str::<Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|v| Journal::decode(v).map_err(|e| e.to_string()))
            .map_err(|e| format!("sauvegarde illisible ({e})"))?;
        if j.format != FORMAT || j.version != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "sauvegarde d’une autre version de l’atelier (format {}, version {})",
                j.format, j.version
            ));
        }
        Ok(j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the serde-derived format wrote: journals saved in learners'
    /// browsers must still read back.
    const SAVED: &str = r#"{"format":1,"version":"0.1.0","seed":7,"entries":[{"at":0,"type":"line","text":"kubectl get pods"},{"at":5,"type":"interrupt"},{"at":6,"type":"clear"},{"at":7,"type":"edit","text":null},{"at":7,"type":"edit","text":"a: b\n"},{"at":8,"type":"reset"},{"at":9,"type":"write","path":"/home/atelier/f.yaml","text":"x"}],"now":9}"#;

    #[test]
    fn writes_and_reads_the_saved_format() {
        let mut j = Journal::new(7);
        j.now = 9;
        for (at, action) in [
            (0, Action::Line { text: "kubectl get pods".into() }),
            (5, Action::Interrupt),
            (6, Action::Clear),
            (7, Action::Edit { text: None }),
            (7, Action::Edit { text: Some("a: b\n".into()) }),
            (8, Action::Reset),
            (9, Action::Write { path: "/home/atelier/f.yaml".into(), text: "x".into() }),
        ] {
            j.entries.push(Entry { at, action });
        }
        assert_eq!(j.to_json(), SAVED.replace("0.1.0", env!("CARGO_PKG_VERSION")));
        assert_eq!(Journal::from_json(&j.to_json()), Ok(j));
    }

    #[test]
    fn a_damaged_save_says_why() {
        let wrong_type = SAVED.replace(r#""type":"clear""#, r#""type":"dance""#);
        assert_eq!(Journal::from_json(&wrong_type).unwrap_err(), "sauvegarde illisible (unknown variant `dance`)");
        assert!(Journal::from_json("{").unwrap_err().starts_with("sauvegarde illisible (EOF while parsing"));
        let missing = SAVED.replace(r#""at":5,"#, "");
        assert_eq!(Journal::from_json(&missing).unwrap_err(), "sauvegarde illisible (missing field `at`)");
    }
}
