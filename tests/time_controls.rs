//! The learner's hand on time: `pause`, `avancer`, `reprendre`, `vitesse`,
//! in the console model (the page's time bar types the same commands).
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::console::{Console, Key, LineKind};

fn console() -> Console {
    Console::recording(new_session(1), 1, new_session)
}

fn enter(c: &mut Console, line: &str) {
    c.key(Key::Paste(line.to_string()));
    c.key(Key::Enter);
}

fn now(c: &Console) -> i64 {
    c.session.cluster.now().0
}

fn names(c: &mut Console, what: &str) -> String {
    kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), what.into(), "-o".into(), "name".into()]).0
}

fn last_note(c: &Console) -> String {
    c.lines().filter(|l| l.kind == LineKind::Note).last().map(|l| l.text.clone()).unwrap_or_default()
}

#[test]
fn paused_a_command_runs_but_its_effects_wait_for_a_step() {
    let mut c = console();
    enter(&mut c, "pause");
    assert!(c.paused());
    assert!(last_note(&c).starts_with("Horloge en pause"));
    let t0 = now(&c);
    enter(&mut c, "kubectl create deployment web --image=nginx --replicas=3");
    assert!(c.lines().any(|l| l.text == "deployment.apps/web created"));
    // Nothing moves: no ReplicaSet, no pod, however long the page waits.
    c.tick(10.0);
    assert_eq!(now(&c), t0);
    assert_eq!(names(&mut c, "rs"), "");
    assert_eq!(names(&mut c, "pods"), "");
    // One step: exactly one second, and the controllers act.
    enter(&mut c, "avancer");
    assert_eq!(now(&c), t0 + 1000);
    assert_eq!(last_note(&c), "Le cluster avance de 1\u{a0}s.");
    assert_eq!(names(&mut c, "rs").lines().count(), 1);
    assert_eq!(names(&mut c, "pods").lines().count(), 3);
    enter(&mut c, "avancer 5s");
    assert_eq!(now(&c), t0 + 6000);
    enter(&mut c, "avancer 500ms");
    assert_eq!(now(&c), t0 + 6500);
    // Play again: the clock follows the page's timer.
    enter(&mut c, "reprendre");
    assert!(!c.paused());
    c.tick(2.0);
    assert_eq!(now(&c), t0 + 8500);
}

#[test]
fn the_speed_multiplies_real_time() {
    let mut c = console();
    let t0 = now(&c);
    enter(&mut c, "vitesse 5");
    assert_eq!(c.speed(), 5);
    c.tick(1.0);
    assert_eq!(now(&c), t0 + 5000);
    enter(&mut c, "speed x10");
    c.tick(0.1);
    assert_eq!(now(&c), t0 + 6000);
    enter(&mut c, "vitesse");
    assert_eq!(last_note(&c), "Vitesse\u{a0}: ×10.");
}

#[test]
fn wrong_time_commands_say_why_and_change_nothing() {
    let mut c = console();
    let t0 = now(&c);
    for (line, error) in [
        ("vitesse 3", "vitesse\u{a0}: 1, 2, 5 ou 10, pas «\u{a0}3\u{a0}»"),
        ("avancer demain", "avancer\u{a0}: durée illisible «\u{a0}demain\u{a0}» (par exemple 5s, 1m30s, 500ms)"),
        ("avancer 2h", "avancer\u{a0}: une durée de plus de 0 et d’au plus une heure, pas «\u{a0}2h\u{a0}»"),
        ("avancer -5s", "avancer\u{a0}: une durée de plus de 0 et d’au plus une heure, pas «\u{a0}-5s\u{a0}»"),
        ("avancer 1 2", "Usage\u{a0}: avancer [DURÉE]   (par exemple\u{a0}: avancer 5s)"),
    ] {
        enter(&mut c, line);
        let last = c.lines().last().unwrap();
        assert_eq!((last.kind, last.text.as_str()), (LineKind::Err, error), "{line}");
    }
    assert_eq!(now(&c), t0);
    assert_eq!(c.speed(), 1);
}

#[test]
fn a_replay_pauses_and_steps_as_the_learner_did() {
    let mut c = console();
    enter(&mut c, "kubectl create deployment web --image=nginx --replicas=2");
    c.tick(3.0);
    enter(&mut c, "pause");
    enter(&mut c, "kubectl scale deployment web --replicas=4");
    c.tick(30.0);
    enter(&mut c, "avancer 2s");
    let pods = names(&mut c, "pods");
    let back = Console::replay(&c.journal(), new_session);
    let mut back = back;
    assert!(back.paused());
    assert_eq!(now(&back), now(&c));
    assert_eq!(names(&mut back, "pods"), pods);
    // Still paused after the reload: the page's timer moves nothing.
    back.tick(5.0);
    assert_eq!(now(&back), now(&c));
}
