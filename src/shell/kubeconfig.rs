//! The kubeconfig as a file of the learner's: `~/.kube/config` (or the
//! path `$KUBECONFIG` names) holds what `Session::config` holds. kubectl
//! reads the file again when the learner changed it (an editor, `cat >`,
//! `cp`, `rm`), and writes it after a command changed the kubeconfig (`kubectl
//! config …`, `minikube delete`/`start`), as the real tools do.

use super::Session;
use crate::kubectl::config;
use crate::kubectl::output::Output;

/// Where minikube writes the kubeconfig, and kubectl reads it by default.
pub(crate) const DEFAULT_PATH: &str = "/home/atelier/.kube/config";

/// The file both sides agree on: its text when it was last read or written
/// (`None`: there was no file), and the kubeconfig it held.
#[derive(Clone, Debug)]
pub(crate) struct Synced {
    text: Option<String>,
    config: crate::kubectl::Config,
    /// The file could not be read: kubectl's error, until the file changes.
    error: Option<String>,
}

impl Synced {
    /// A session's start: minikube's kubeconfig, written to its file.
    pub(crate) fn start(files: &mut crate::vfs::Vfs, config: &crate::kubectl::Config) -> Synced {
        let text = config::file_text(config);
        files.mkdir_all("/home/atelier/.kube");
        let _ = files.write(DEFAULT_PATH, text.clone());
        Synced { text: Some(text), config: config.clone(), error: None }
    }
}

/// The kubeconfig's path: `$KUBECONFIG`'s first entry, else the default.
fn path(session: &Session) -> String {
    session
        .vars
        .get("KUBECONFIG")
        .and_then(|v| v.split(':').find(|p| !p.is_empty()))
        .map_or_else(|| DEFAULT_PATH.to_string(), |p| session.files.resolve(p))
}

/// Before kubectl runs: the file, if changed since, read into the session's
/// kubeconfig. Returns kubectl's error if the file cannot be read and the
/// command needs it (all but the client's version, help and completion).
pub(crate) fn read(session: &mut Session, args: &[String]) -> Option<Output> {
    let path = path(session);
    let text = session.files.read(&path).ok();
    if text != session.kubeconfig.text.as_deref() {
        let text = text.map(str::to_string);
        match changed(text.as_deref()) {
            Ok(c) => {
                session.config = c;
                session.kubeconfig.error = None;
            }
            Err(e) => session.kubeconfig.error = Some(format!("error: error loading config file \"{path}\": {e}\n")),
        }
        session.kubeconfig.text = text;
        session.kubeconfig.config = session.config.clone();
    }
    let error = session.kubeconfig.error.as_ref()?;
    let client_only = args.iter().any(|a| matches!(a.as_str(), "-h" | "--help" | "--client" | "--client=true"))
        || matches!(args.first().map(String::as_str), Some("help" | "completion") | None);
    (!client_only).then(|| Output::fail(error.clone()))
}

/// The file as the learner left it, read (the page's lazy part: only a
/// learner who edits the file gets here).
#[inline(never)]
fn changed(text: Option<&str>) -> Result<crate::kubectl::Config, String> {
    config::load(text.unwrap_or(""))
}

/// After a command: the kubeconfig, if it changed, written to its file.
pub(crate) fn write(session: &mut Session) {
    if session.config == session.kubeconfig.config {
        return;
    }
    let path = path(session);
    let text = config::file_text(&session.config);
    if let Some(dir) = path.rsplit_once('/').map(|(d, _)| d).filter(|d| !d.is_empty()) {
        session.files.mkdir_all(dir);
    }
    let _ = session.files.write(&path, text.clone());
    session.kubeconfig = Synced { text: Some(text), config: session.config.clone(), error: None };
}
