//! Lessons: content, checks and progress (the lesson engine comes with its
//! own issue). For now, the course's manifests that every session starts
//! with, as the course's lab notes give them (`lessons/fichiers/`).

/// The files a new session finds in its home directory: (name, content).
pub fn starter_files() -> Vec<(&'static str, &'static str)> {
    macro_rules! files {
        ($($name:literal),* $(,)?) => {
            vec![$(($name, include_str!(concat!("../../lessons/fichiers/", $name)))),*]
        };
    }
    files![
        "redis-pod.yaml",
        "redis-service.yaml",
        "guestbook-pod.yaml",
        "guestbook-service.yaml",
        "vote-pod.yaml",
        "vote-service-clusterIP.yaml",
        "vote-service.yaml",
        "pod-debug.yaml",
        "nginx-pod.yaml",
        "vote-deploy.yaml",
    ]
}

/// A new session of the course: the simulated cluster and the starter files.
pub fn new_session(seed: u64) -> crate::shell::Session {
    let mut session = crate::shell::Session::new(seed, 0);
    for (name, text) in starter_files() {
        let _ = session.files.write(name, text);
    }
    session
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_manifest_applies_on_a_fresh_cluster() {
        let mut s = new_session(1);
        let names: Vec<&str> = starter_files().iter().map(|(n, _)| *n).collect();
        for name in names.iter().filter(|n| **n != "vote-service.yaml") {
            let reply = s.input(&format!("kubectl apply -f {name}"));
            assert_eq!(reply.output.code, 0, "{name}: {}", reply.output.text());
        }
    }
}
