//! The course: every lesson file reads, every step's solutions pass its goal
//! (and the goal does not hold before), and the lesson commands in the
//! console do what `lessons/README.md` says.

use kube_atelier::lessons::progress::Mark;
use kube_atelier::lessons::tutor::{Source, Tutor};
use kube_atelier::lessons::{self, COURSE};
use kube_atelier::shell::console::{Console, Key, LineKind};
use kube_atelier::shell::journal::Journal;

#[test]
fn the_course_has_its_lessons_and_every_file_reads() {
    let (course, broken) = lessons::course();
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(course.len() >= 9, "{} lessons", course.len());
    for l in &course {
        assert!((4..=10).contains(&l.steps.len()), "{}: {} steps", l.id, l.steps.len());
        for s in &l.steps {
            assert!(s.hints.len() >= 2, "{} «{}»: {} hints", l.id, s.title, s.hints.len());
        }
    }
    let mut ids: Vec<&str> = course.iter().map(|l| l.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), course.len(), "two lessons share an id");
}

/// One test per lesson file, so a failure names the lesson.
fn verify(file: &str) {
    let f = COURSE.iter().find(|f| f.file == file).unwrap_or_else(|| panic!("{file} is not in lessons/"));
    let lesson = lessons::format::parse(f.text.expect("built in")).unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let failures = lessons::verify(&lesson, 1);
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
}

#[test]
fn every_lesson_file_is_verified_by_a_test() {
    let tested = include_str!("lessons.rs");
    for f in COURSE {
        assert!(tested.contains(&format!("verify(\"{}\")", f.file)), "no test verifies {}", f.file);
    }
}

#[test]
fn lesson_01() {
    verify("01-prise-en-main.md");
}
#[test]
fn lesson_02() {
    verify("02-les-pods.md");
}
#[test]
fn lesson_03() {
    verify("03-labels-et-selecteurs.md");
}
#[test]
fn lesson_04() {
    verify("04-les-services.md");
}
#[test]
fn lesson_05() {
    verify("05-replicasets.md");
}
#[test]
fn lesson_06() {
    verify("06-deployments.md");
}
#[test]
fn lesson_07() {
    verify("07-mises-a-jour.md");
}
#[test]
fn lesson_08() {
    verify("08-retours-arriere.md");
}
#[test]
fn lesson_09() {
    verify("09-tp-final.md");
}
#[test]
fn lesson_10() {
    verify("10-configuration.md");
}
#[test]
fn lesson_11() {
    verify("11-ressources-et-sondes.md");
}
#[test]
fn lesson_12() {
    verify("12-ingress.md");
}
#[test]
fn lesson_13() {
    verify("13-autoscaling.md");
}
#[test]
fn lesson_14() {
    verify("14-volumes-et-statefulsets.md");
}
#[test]
fn lesson_15() {
    verify("15-jobs-et-cronjobs.md");
}
#[test]
fn lesson_16() {
    verify("16-panne-de-noeud.md");
}

// The lesson commands in the console.

fn console() -> Console<Tutor> {
    Console::guided(lessons::new_session(1), 1, lessons::new_session, Tutor::course())
}

fn enter(c: &mut Console<Tutor>, line: &str) {
    c.key(Key::Paste(line.to_string()));
    c.key(Key::Enter);
}

/// The screen's text since the last time it was read.
fn notes(c: &Console<Tutor>) -> String {
    c.lines().filter(|l| l.kind == LineKind::Note).map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn screen(c: &Console<Tutor>) -> String {
    c.lines().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn tutor(c: &Console<Tutor>) -> &Tutor {
    c.guide().expect("the tutor is in place")
}

fn current(c: &Console<Tutor>) -> Option<usize> {
    tutor(c).current_step().map(|(n, _)| n)
}

#[test]
fn a_step_passes_when_the_cluster_gets_there_even_seconds_later() {
    let mut c = console();
    enter(&mut c, "lecon les-pods");
    assert_eq!(tutor(&c).open().map(|(s, _)| s.clone()), Some(Source::Course(1)));
    assert!(notes(&c).contains("Leçon 2/"), "{}", notes(&c));
    assert_eq!(current(&c), Some(0));
    // The first step's own solution, typed: the goal holds once the pod runs.
    let solution = tutor(&c).current_step().unwrap().1.solution.clone();
    for line in &solution {
        enter(&mut c, line);
    }
    for _ in 0..120 {
        if current(&c) != Some(0) {
            break;
        }
        c.tick(1.0);
    }
    assert_eq!(current(&c), Some(1), "{}", screen(&c));
    let p = tutor(&c).open_progress().unwrap();
    assert_eq!(p.mark(0), Some(Mark::Solved));
    assert!(notes(&c).contains("✔ Étape 1/"), "{}", notes(&c));
    assert!(tutor(&c).passed.is_some());
}

#[test]
fn objectif_indice_and_solution_print_in_french() {
    let mut c = console();
    enter(&mut c, "objectif");
    assert!(notes(&c).contains("Aucune leçon n’est ouverte"));
    enter(&mut c, "lecon 1");
    enter(&mut c, "objectif");
    let step = tutor(&c).current_step().unwrap().1.clone();
    assert!(notes(&c).contains(&format!("Étape 1/{}\u{a0}: {}", tutor(&c).open().unwrap().1.steps.len(), step.title)));
    for k in 1..=step.hints.len() {
        enter(&mut c, "indice");
        assert!(notes(&c).contains(&format!("Indice {k}/{}", step.hints.len())), "{}", notes(&c));
    }
    enter(&mut c, "hint");
    assert!(notes(&c).contains("Plus d’indice pour cette étape"));
    enter(&mut c, "solution");
    assert!(notes(&c).contains(&format!("    {}", step.solution[0])));
    assert_eq!(current(&c), Some(0), "showing the solution does not pass the step");
}

#[test]
fn solution_executer_passes_the_step_marked_as_by_the_solution() {
    let mut c = console();
    enter(&mut c, "lecon 2");
    enter(&mut c, "solution --executer");
    for _ in 0..120 {
        if current(&c) != Some(0) {
            break;
        }
        c.tick(1.0);
    }
    assert_eq!(current(&c), Some(1), "{}", screen(&c));
    assert_eq!(tutor(&c).open_progress().unwrap().mark(0), Some(Mark::Executed));
    assert!(notes(&c).contains("réussie (par la solution)"));
    // The lines it ran are in the journal: a replay gives the same cluster.
    let j = c.journal();
    assert!(j.entries.iter().any(|e| matches!(&e.action, kube_atelier::shell::journal::Action::Line { .. })));
}

#[test]
fn lecon_n_e_sets_up_the_step_with_the_earlier_solutions_played() {
    let mut c = console();
    enter(&mut c, "lecon 2/3");
    assert_eq!(current(&c), Some(2));
    assert!(notes(&c).contains("Les solutions des étapes 1 à 2 ont été jouées."));
    // Step 1 of lesson 2 creates the redis pod: it is there, Running.
    let out = kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "pods".into()]).0;
    assert!(out.contains("Running"), "{out}");
    enter(&mut c, "lecon 2/99");
    assert!(notes(&c).contains("Cette leçon a les étapes 1 à"));
    enter(&mut c, "lecon inconnue");
    assert!(notes(&c).contains("Leçon «\u{a0}inconnue\u{a0}» introuvable"));
}

#[test]
fn annuler_gives_back_the_cluster_before_each_kind_of_command() {
    let mut c = console();
    enter(&mut c, "lecon 1");
    enter(&mut c, "annuler");
    assert!(notes(&c).contains("Rien à annuler depuis le début de la leçon."));
    let pods = |c: &mut Console<Tutor>| kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "pods".into(), "-o".into(), "name".into()]).0;
    enter(&mut c, "kubectl run web --image=nginx");
    c.tick(20.0);
    enter(&mut c, "kubectl apply -f redis-pod.yaml");
    c.tick(5.0);
    assert_eq!(pods(&mut c), "pod/redis\npod/web\n");
    enter(&mut c, "annuler");
    assert!(notes(&c).contains("Annulé\u{a0}: «\u{a0}kubectl apply -f redis-pod.yaml\u{a0}»"), "{}", notes(&c));
    assert_eq!(pods(&mut c), "pod/web\n");
    // Time did not go back; the pod kept running.
    let phase = kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "pod".into(), "web".into(), "-o".into(), "jsonpath={.status.phase}".into()]).0;
    assert_eq!(phase, "Running");
    // A delete, undone: the pod is back.
    enter(&mut c, "kubectl delete pod web");
    c.finish_running();
    assert_eq!(pods(&mut c), "");
    enter(&mut c, "undo");
    assert_eq!(pods(&mut c), "pod/web\n");
    // A file written, a scale, a label: each undone.
    enter(&mut c, "echo hello > f.txt");
    enter(&mut c, "annuler");
    assert!(c.session.files.read("f.txt").is_err());
    enter(&mut c, "kubectl label pod web tier=front");
    enter(&mut c, "annuler");
    let labels = kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "pod".into(), "web".into(), "-o".into(), "jsonpath={.metadata.labels}".into()]).0;
    assert!(!labels.contains("tier"), "{labels}");
    // The history keeps what was typed.
    assert!(c.session.history().iter().any(|l| l == "kubectl delete pod web"));
    // The journal no longer holds what was undone: a replay gives the same cluster.
    let mut back = Console::replay_guided(&c.journal(), lessons::new_session, c.session.docs.clone(), Tutor::course());
    assert_eq!(pods(&mut back), "pod/web\n");
}

#[test]
fn recommencer_gives_back_the_lesson_start_and_a_replay_too() {
    let mut c = console();
    enter(&mut c, "lecon 3");
    let start = kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "pods".into(), "-o".into(), "name".into()]).0;
    enter(&mut c, "kubectl delete pods --all --wait=false");
    enter(&mut c, "recommencer");
    c.tick(0.0);
    let again = kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "pods".into(), "-o".into(), "name".into()]).0;
    assert_eq!(again, start);
    assert_eq!(current(&c), Some(0));
    let saved: Journal = c.journal();
    let mut back = Console::replay_guided(&saved, lessons::new_session, c.session.docs.clone(), Tutor::course());
    let replayed = kube_atelier::lessons::goal::query(&mut back.session, &["get".into(), "pods".into(), "-o".into(), "name".into()]).0;
    assert_eq!(replayed, start);
}

#[test]
fn lecons_lists_the_course_with_progress_and_suivant_precedent_move() {
    let mut c = console();
    enter(&mut c, "lecons");
    let n = tutor(&c).lessons().len();
    assert!(notes(&c).contains(&format!("{n:>2}. ")), "{}", notes(&c));
    enter(&mut c, "suivant");
    assert_eq!(tutor(&c).open().map(|(s, _)| s.clone()), Some(Source::Course(0)));
    enter(&mut c, "next");
    assert_eq!(tutor(&c).open().map(|(s, _)| s.clone()), Some(Source::Course(1)));
    enter(&mut c, "precedent");
    assert_eq!(tutor(&c).open().map(|(s, _)| s.clone()), Some(Source::Course(0)));
    enter(&mut c, "précédent");
    assert!(notes(&c).contains("C’est la première leçon."));
    enter(&mut c, "lecons");
    assert!(notes(&c).contains("▶"));
}

#[test]
fn a_trainers_file_is_tried_at_once_or_refused_with_its_lines() {
    let mut c = console();
    let errors = c.with_guide(|t, c| t.try_file(c, "---\nid: x\n---\n")).unwrap().unwrap_err();
    assert!(errors.iter().any(|e| e.to_string().contains("il manque le titre")));
    let text = COURSE[0].text.unwrap();
    c.with_guide(|t, c| t.try_file(c, &text.replace("id: prise-en-main", "id: essai"))).unwrap().unwrap();
    assert_eq!(tutor(&c).open().map(|(s, _)| s.clone()), Some(Source::Dropped));
    assert!(notes(&c).contains("Leçon d’essai"));
    // Its start replays from the journal (the scenario carries the file).
    let back = Console::replay_guided(&c.journal(), lessons::new_session, c.session.docs.clone(), Tutor::course());
    assert!(!screen(&back).contains("n’existe plus"), "{}", screen(&back));
}

#[test]
fn a_common_mistake_gets_one_french_line_under_kubectls_error() {
    let mut c = console();
    enter(&mut c, "lecon 2");
    enter(&mut c, "kubectl get pod nexistepas");
    let s = screen(&c);
    assert!(s.contains("Error from server (NotFound): pods \"nexistepas\" not found"), "{s}");
    assert!(s.contains("Vérifiez le nom avec «\u{a0}kubectl get\u{a0}»"), "{s}");
}

#[test]
fn tab_completes_lesson_commands_and_help_lists_them() {
    let mut c = console();
    c.key(Key::Paste("indi".into()));
    c.key(Key::Tab);
    assert_eq!(c.input(), "indice ");
    c.key(Key::CtrlU);
    c.key(Key::Paste("lecon les-s".into()));
    c.key(Key::Tab);
    assert_eq!(c.input(), "lecon les-services ");
    c.key(Key::CtrlU);
    c.key(Key::Paste("solution --ex".into()));
    c.key(Key::Tab);
    assert_eq!(c.input(), "solution --executer ");
    c.key(Key::CtrlU);
    // kubectl's own completion is untouched.
    c.key(Key::Paste("kubectl versi".into()));
    c.key(Key::Tab);
    assert_eq!(c.input(), "kubectl version ");
    c.key(Key::CtrlU);
    enter(&mut c, "help");
    let s = screen(&c);
    assert!(s.contains("Commandes de leçon\u{a0}:"), "{s}");
    assert!(s.contains("solution [--executer]"), "{s}");
}

#[test]
fn broken_lesson_files_never_panic_and_always_say_why() {
    // Every course file cut at every line, and with each line removed: either
    // a lesson, or errors that each have a message.
    for f in COURSE {
        let (name, text) = (f.file, f.text.unwrap());
        let lines: Vec<&str> = text.lines().collect();
        for n in 0..lines.len() {
            let cut = lines[..n].join("\n");
            let without = lines.iter().enumerate().filter(|(i, _)| *i != n).map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
            for variant in [cut, without] {
                if let Err(errors) = lessons::format::parse(&variant) {
                    assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty()), "{name}: {errors:?}");
                }
            }
        }
    }
    // Garbage of every kind.
    for garbage in ["", "---", "---\n---", "\u{0}\u{1}", "## ### ####", "---\nid: a\ntitre: b\n---\n## x\n### Objectif\n- `", "```\n## x"] {
        let _ = lessons::format::parse(garbage);
    }
    let big = "a".repeat(lessons::format::MAX_BYTES + 1);
    assert!(lessons::format::parse(&big).unwrap_err()[0].message.contains("trop grand"));
}

#[test]
fn the_pages_index_of_the_course_matches_its_lessons() {
    let (course, _) = lessons::course();
    assert_eq!(COURSE.len(), course.len());
    for (f, l) in COURSE.iter().zip(&course) {
        assert_eq!((f.id, f.title, f.summary, f.steps), (l.id.as_str(), l.title.as_str(), l.summary.as_str(), l.steps.len()), "{}", f.file);
    }
}

#[test]
fn a_lesson_not_read_yet_is_fetched_then_opened() {
    // The page's course: every lesson known by its index only.
    let index_only = || {
        let slots = COURSE.iter().map(|f| kube_atelier::lessons::tutor::Slot {
            file: f.file.into(),
            id: f.id.into(),
            title: f.title.into(),
            summary: f.summary.into(),
            steps: f.steps,
            lesson: None,
        });
        Tutor::new(slots.collect())
    };
    let mut c = Console::guided(lessons::new_session(1), 1, lessons::new_session, index_only());
    enter(&mut c, "lecons");
    assert!(notes(&c).contains(" 4. Les services (0/8)"), "{}", notes(&c));
    enter(&mut c, "lecon 4/2");
    assert!(notes(&c).contains("Chargement de la leçon «\u{a0}Les services\u{a0}»…"));
    let wanted = c.guide_mut().unwrap().take_wanted();
    assert_eq!(wanted.as_deref(), Some("04-les-services.md"));
    // A failed fetch says so and opens nothing.
    c.with_guide(|t, c| t.provide(c, "04-les-services.md", Err("erreur HTTP 404")));
    assert!(notes(&c).contains("Impossible de charger la leçon «\u{a0}Les services\u{a0}» (erreur HTTP 404)"));
    assert!(tutor(&c).open().is_none());
    // Asked again, then fetched: the lesson opens at the step asked for.
    enter(&mut c, "lecon 4/2");
    let text = COURSE[3].text.unwrap();
    c.with_guide(|t, c| t.provide(c, "04-les-services.md", Ok(text)));
    assert_eq!(current(&c), Some(1));
    // (The course's length, whatever lessons it has.)
    let opened = format!("Leçon 4/{}\u{a0}: Les services. Le cluster est prêt.", COURSE.len());
    assert!(notes(&c).contains(&opened));
    // A replay needs the lesson read: the page asks which file first.
    let saved = c.journal();
    let start = saved.entries.iter().find_map(|e| match &e.action {
        kube_atelier::shell::journal::Action::Start { scenario } => Some(scenario.clone()),
        _ => None,
    });
    assert_eq!(index_only().missing_for(&start.unwrap()).as_deref(), Some("04-les-services.md"));
}

#[test]
fn annuler_undoes_a_scale_a_set_image_and_an_edit_saved() {
    let mut c = console();
    enter(&mut c, "lecon deployments");
    enter(&mut c, "kubectl create deployment web --image=nginx --replicas=2");
    c.finish_running();
    c.tick(30.0);
    let q = |c: &mut Console<Tutor>, path: &str| {
        kube_atelier::lessons::goal::query(&mut c.session, &["get".into(), "deploy".into(), "web".into(), "-o".into(), format!("jsonpath={path}")]).0
    };
    enter(&mut c, "kubectl scale deployment web --replicas=5");
    assert_eq!(q(&mut c, "{.spec.replicas}"), "5");
    enter(&mut c, "annuler");
    assert_eq!(q(&mut c, "{.spec.replicas}"), "2");
    enter(&mut c, "kubectl set image deployment/web nginx=nginx:1.27");
    assert_eq!(q(&mut c, "{.spec.template.spec.containers[0].image}"), "nginx:1.27");
    enter(&mut c, "annuler");
    assert_eq!(q(&mut c, "{.spec.template.spec.containers[0].image}"), "nginx");
    // `kubectl edit` then a save from the editor: one command, undone whole.
    enter(&mut c, "kubectl edit deployment web");
    let text = match c.session.editing() {
        Some(kube_atelier::shell::Editing::Object(req)) => req.text.replace("replicas: 2", "replicas: 4"),
        other => panic!("the editor is not open: {other:?}"),
    };
    c.finish_edit(Some(&text));
    assert_eq!(q(&mut c, "{.spec.replicas}"), "4");
    enter(&mut c, "annuler");
    assert_eq!(q(&mut c, "{.spec.replicas}"), "2");
    assert!(notes(&c).contains("Annulé\u{a0}: «\u{a0}kubectl edit deployment web\u{a0}»"), "{}", notes(&c));
}

mod random {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        /// Any text, or a course file with random bytes spliced in, reads as a
        /// lesson or as errors that each say something: never a panic.
        #[test]
        fn a_lesson_file_never_panics(garbage in ".{0,400}", at in 0usize..20_000, file in 0usize..9) {
            let _ = kube_atelier::lessons::format::parse(&garbage);
            let text = kube_atelier::lessons::COURSE[file % kube_atelier::lessons::COURSE.len()].text.unwrap();
            let mut cut = at.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let spliced = format!("{}{garbage}{}", &text[..cut], &text[cut..]);
            if let Err(errors) = kube_atelier::lessons::format::parse(&spliced) {
                prop_assert!(errors.iter().all(|e| !e.message.is_empty()));
            }
        }
    }
}

#[test]
fn the_example_lesson_of_the_readme_works() {
    let readme = include_str!("../lessons/README.md");
    let start = readme.find("````markdown\n").expect("the example") + "````markdown\n".len();
    let end = start + readme[start..].find("\n````").expect("its end");
    let lesson = lessons::format::parse(&readme[start..end]).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(lesson.steps.len(), 2);
    let failures = lessons::verify(&lesson, 1);
    assert!(failures.is_empty(), "{failures:?}");
}
