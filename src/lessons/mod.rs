//! Lessons: the course's content (`lessons/*.md`, compiled in), the files
//! every session starts with (`lessons/fichiers/`), how a lesson's start is
//! made, the checks that every lesson's solutions pass its goals, and the
//! tutor that follows the learner through them in the console.
//!
//! - `markdown`: the subset of Markdown lessons are written in;
//! - `format`: reading a lesson file, with French errors and line numbers;
//! - `goal`: a step's conditions and their evaluation on the cluster;
//! - `progress`: what the learner has done, saved apart from the journal;
//! - `tutor`: the console's guide (lesson commands, goals checked after
//!   every command and every tick of the clock).

pub mod format;
pub mod goal;
pub mod markdown;
pub mod progress;
pub mod tutor;

use crate::cluster::Cluster;
use crate::shell::{Mode, Session};

use self::format::{Lesson, LessonError};
use self::goal::Ran;

/// A lesson file of the course, as `build.rs` indexed it.
#[derive(Clone, Copy, Debug)]
pub struct LessonFile {
    /// Its file name in `lessons/` (the page fetches `lessons/FILE`).
    pub file: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub steps: usize,
    /// Its text, when built in (`bundled-lessons`).
    pub text: Option<&'static str>,
}

#[cfg(feature = "bundled-lessons")]
macro_rules! bundled {
    ($path:expr) => {
        Some(include_str!($path))
    };
}
#[cfg(not(feature = "bundled-lessons"))]
macro_rules! bundled {
    ($path:expr) => {
        None
    };
}

/// The course's lesson files, in order.
pub const COURSE: &[LessonFile] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

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
        "wordpress-pod.yaml",
        "rancher-demo-pod.yaml",
        "vote-deployment.yaml",
        "nginx-deployment.yaml",
    ]
}

/// A new session of the course: the simulated cluster and the starter files.
pub fn new_session(seed: u64) -> Session {
    session_with(seed, 0)
}

fn session_with(seed: u64, workers: usize) -> Session {
    let mut session = Session::with_cluster(Cluster::with_workers(seed, workers));
    for (name, text) in starter_files() {
        let _ = session.files.write(name, text);
    }
    session
}

/// The course's built-in lessons, parsed, in order, and the files that could
/// not be read (with why; the tests keep this empty).
pub fn course() -> (Vec<Lesson>, Vec<(String, Vec<LessonError>)>) {
    let mut lessons = Vec::new();
    let mut broken = Vec::new();
    for f in COURSE {
        match f.text.map(format::parse) {
            Some(Ok(l)) => lessons.push(l),
            Some(Err(e)) => broken.push((f.file.to_string(), e)),
            None => {}
        }
    }
    (lessons, broken)
}

/// How long a lesson's start lets the cluster run after its commands, at
/// most (pods pulled and Running).
const SETTLE_SECONDS: f64 = 120.0;

/// Runs one line as the learner would, letting a command that waits (a
/// `rollout status`, a `sleep`) finish; returns its exit code.
pub fn run_line(session: &mut Session, line: &str) -> i32 {
    let code = session.input(line).output.code;
    if session.mode() == Mode::Running {
        session.run_until_quiet(SETTLE_SECONDS);
    }
    if session.mode() == Mode::Running { code } else { session.last_code() }
}

/// Lets the cluster run until nothing is left to happen (at most two minutes).
pub fn settle(session: &mut Session) {
    session.cluster.settle(SETTLE_SECONDS);
}

/// The session a lesson starts from at step `step` (0-based): a fresh
/// cluster with its nodes and files, its `avant` commands, then the
/// solutions of the steps before `step`, each followed by a settled cluster.
pub fn lesson_start(lesson: &Lesson, seed: u64, step: usize) -> Session {
    let mut s = session_with(seed, lesson.workers);
    for (name, text) in &lesson.files {
        let _ = s.files.write(name, text);
    }
    for line in &lesson.before {
        run_line(&mut s, line);
    }
    settle(&mut s);
    for st in lesson.steps.iter().take(step) {
        for line in &st.solution {
            run_line(&mut s, line);
        }
        settle(&mut s);
    }
    s
}

/// Checks that a lesson's solutions pass its goals: for each step, from the
/// lesson's start and the previous steps' solutions, the goal does not hold
/// yet, and holds after the solution (and after each other solution) once
/// the cluster has had up to two minutes. Returns what fails, in French.
pub fn verify(lesson: &Lesson, seed: u64) -> Vec<String> {
    let mut failures = Vec::new();
    let mut state = lesson_start(lesson, seed, 0);
    // `avant` commands that fail would leave the lesson without its objects.
    let mut probe = session_with(seed, lesson.workers);
    for (name, text) in &lesson.files {
        let _ = probe.files.write(name, text);
    }
    for line in &lesson.before {
        if run_line(&mut probe, line) != 0 {
            failures.push(format!("avant\u{a0}: la commande «\u{a0}{line}\u{a0}» échoue"));
        }
    }
    for (i, step) in lesson.steps.iter().enumerate() {
        let n = i + 1;
        let at = format!("étape {n} («\u{a0}{}\u{a0}», ligne {})", step.title, step.line);
        let mut before = state.clone();
        if step.goal.iter().all(|c| c.holds(&mut before, &[])) {
            failures.push(format!("{at}\u{a0}: l’objectif est déjà atteint avant la solution"));
        }
        let variants = std::iter::once(("la solution".to_string(), &step.solution))
            .chain(step.alternatives.iter().enumerate().map(|(k, a)| (format!("l’autre solution n°\u{a0}{}", k + 1), a)));
        for (name, lines) in variants {
            let mut s = state.clone();
            let mut ran = Vec::new();
            for line in lines {
                let code = run_line(&mut s, line);
                ran.push(Ran { line: line.clone(), code });
            }
            if let Some(why) = reached(step, &mut s, &ran) {
                failures.push(format!("{at}\u{a0}: {name} n’atteint pas l’objectif ({why})"));
            }
        }
        for line in &step.solution {
            run_line(&mut state, line);
        }
        settle(&mut state);
    }
    failures
}

/// Lets the clock run, second by second, up to two minutes, until the goal
/// holds; otherwise says which condition stays false.
fn reached(step: &format::Step, s: &mut Session, ran: &[Ran]) -> Option<String> {
    for _ in 0..=SETTLE_SECONDS as usize {
        if step.goal.iter().all(|c| c.holds(s, ran)) {
            return None;
        }
        s.tick(1.0);
    }
    let k = step.goal.iter().position(|c| !c.holds(s, ran)).unwrap_or(0);
    let shown = match &step.goal[k] {
        goal::Condition::Query { args, .. } => {
            let (out, code) = goal::query(s, args);
            format!("condition {}, «\u{a0}kubectl {}\u{a0}» donne «\u{a0}{}\u{a0}», code {code}", k + 1, args.join(" "), out.trim())
        }
        goal::Condition::Ran(_) => format!("condition {}\u{a0}: aucune commande lancée ne convient", k + 1),
    };
    Some(shown)
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
