//! The tutor: the console's guide through the course. It opens lessons (a
//! lesson's start is a scenario the console journals), checks the current
//! step's goal after every command and every move of the clock, answers the
//! lesson commands (`objectif`, `indice`, `solution`, `annuler`…), and keeps
//! the learner's progress.

use std::rc::Rc;

use crate::kubectl::output::Output;
use crate::shell::console::{Console, Guide, LineKind, Seen};
use crate::shell::{Mode, Session};

use super::format::{self, Lesson, LessonError, Step};
use super::goal::Ran;
use super::markdown;
use super::progress::{LessonProgress, Mark, Progress};

/// Where a lesson comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The course compiled into the page: its index.
    Course(usize),
    /// A file a trainer dropped on the page.
    Dropped,
}

/// A step just passed, for the page to celebrate and explain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passed {
    pub lesson: Source,
    pub step: usize,
    pub mark: Mark,
}

/// The lesson commands, French first, with their English aliases.
const COMMANDS: &[(&str, &str)] = &[
    ("objectif", "goal"),
    ("indice", "hint"),
    ("solution", "solution"),
    ("recommencer", "restart"),
    ("annuler", "undo"),
    ("lecons", "lessons"),
    ("leçons", "lessons"),
    ("lecon", "lesson"),
    ("leçon", "lesson"),
    ("suivant", "next"),
    ("precedent", "previous"),
    ("précédent", "previous"),
];

/// The lesson commands' names, for completion and `help`.
pub fn command_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = COMMANDS.iter().flat_map(|(fr, en)| [*fr, *en]).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The French name of a lesson command (or its alias).
fn canonical(word: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(fr, en)| *fr == word || *en == word).map(|(fr, _)| match *fr {
        "leçons" => "lecons",
        "leçon" => "lecon",
        "précédent" => "precedent",
        other => other,
    })
}

/// What `help` adds: the lesson commands.
const HELP: &str = "\nCommandes de leçon\u{a0}:
  objectif (goal)          rappelle l’objectif de l’étape
  indice (hint)            montre l’indice suivant
  solution [--executer]    montre la solution (--executer la lance)
  annuler (undo)           annule l’effet de la dernière commande
  recommencer (restart)    remet le cluster au début de la leçon
  lecons (lessons)         la liste des leçons, avec votre progression
  lecon N, lecon N/E       ouvre la leçon N (à l’étape E)
  suivant, precedent       la leçon suivante, la précédente
";

/// A lesson of the course: what is known of it before its file is read
/// (the page fetches it the first time it opens), and the lesson once read.
#[derive(Clone, Debug)]
pub struct Slot {
    pub file: String,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: usize,
    pub lesson: Option<Rc<Lesson>>,
}

impl Slot {
    /// A lesson already read (a test's, a tool's).
    pub fn of(lesson: Lesson) -> Slot {
        Slot {
            file: format!("{}.md", lesson.id),
            id: lesson.id.clone(),
            title: lesson.title.clone(),
            summary: lesson.summary.clone(),
            steps: lesson.steps.len(),
            lesson: Some(Rc::new(lesson)),
        }
    }
}

/// The tutor's state (cheap to clone: the lessons are shared).
#[derive(Clone, Debug)]
pub struct Tutor {
    lessons: Rc<Vec<Slot>>,
    /// A lesson file to fetch, that the page has not been asked for yet.
    wanted: Option<String>,
    /// The lesson to open once its file arrives: (source, step).
    pending: Option<(Source, Option<usize>)>,
    /// A trainer's lesson file, and its text (the scenario carries it).
    dropped: Option<Rc<(Lesson, String)>>,
    pub progress: Progress,
    open: Option<Source>,
    /// What the learner ran since the current step began.
    ran: Vec<Ran>,
    /// Hints shown for the current step.
    hints: usize,
    /// `solution --executer` ran for the current step.
    executed: bool,
    /// The last step passed (the page shows its explanation).
    pub passed: Option<Passed>,
    /// The state the goal was last checked on: (resource version, second, namespace, lines ran).
    checked: Option<(u64, i64, String, usize)>,
    /// Counts changes the page should redraw.
    pub version: u64,
}

impl Tutor {
    pub fn new(lessons: Vec<Slot>) -> Tutor {
        Tutor {
            lessons: Rc::new(lessons),
            wanted: None,
            pending: None,
            dropped: None,
            progress: Progress::default(),
            open: None,
            ran: Vec::new(),
            hints: 0,
            executed: false,
            passed: None,
            checked: None,
            version: 0,
        }
    }

    /// The tutor of the course compiled into the page (the lessons' texts
    /// too with `bundled-lessons`; otherwise fetched on first use).
    pub fn course() -> Tutor {
        let slots = super::COURSE
            .iter()
            .map(|f| Slot {
                file: f.file.to_string(),
                id: f.id.to_string(),
                title: f.title.to_string(),
                summary: f.summary.to_string(),
                steps: f.steps,
                lesson: f.text.and_then(|t| format::parse(t).ok()).map(Rc::new),
            })
            .collect();
        Tutor::new(slots)
    }

    pub fn lessons(&self) -> &[Slot] {
        &self.lessons
    }

    /// A lesson file the page should fetch now (asked once), then give to [`Tutor::provide`].
    pub fn take_wanted(&mut self) -> Option<String> {
        self.wanted.take()
    }

    /// The file of a course lesson a scenario starts, if it is not read yet
    /// (the page fetches it before replaying a journal).
    pub fn missing_for(&self, scenario: &str) -> Option<String> {
        let (id, _) = scenario.split_once('\n').map_or(scenario, |(h, _)| h).rsplit_once('/')?;
        self.missing(id)
    }

    /// The file of the course lesson `id`, if it is not read yet.
    pub fn missing(&self, id: &str) -> Option<String> {
        self.lessons.iter().find(|s| s.id == id && s.lesson.is_none()).map(|s| s.file.clone())
    }

    /// Reads a lesson's file before any console exists (the page, before it
    /// replays a journal that started it).
    pub fn preload(&mut self, file: &str, text: &str) {
        if let Some(i) = self.lessons.iter().position(|s| s.file == file)
            && let Ok(lesson) = format::parse(text)
        {
            Rc::make_mut(&mut self.lessons)[i].lesson = Some(Rc::new(lesson));
        }
    }

    /// The page fetched a lesson's file (its text), or could not (why, in
    /// French): it is read, and opened if the learner was waiting for it.
    pub fn provide(&mut self, console: &mut Console<Tutor>, file: &str, fetched: Result<&str, &str>) {
        let Some(i) = self.lessons.iter().position(|s| s.file == file) else { return };
        let title = self.lessons[i].title.clone();
        let read = fetched.map_err(String::from).and_then(|text| {
            format::parse(text).map_err(|e| e.first().map(ToString::to_string).unwrap_or_default())
        });
        let pending = self.pending.take_if(|(s, _)| *s == Source::Course(i));
        self.version += 1;
        match read {
            Ok(lesson) => {
                Rc::make_mut(&mut self.lessons)[i].lesson = Some(Rc::new(lesson));
                if let Some((source, step)) = pending {
                    self.open_lesson(console, source, step);
                }
            }
            Err(why) => Tutor::print(
                console,
                &format!(
                    "Impossible de charger la leçon «\u{a0}{title}\u{a0}» ({why}). Vérifiez la connexion, puis rouvrez-la avec «\u{a0}lecon {}\u{a0}».\n",
                    i + 1
                ),
            ),
        }
    }

    pub fn dropped(&self) -> Option<&Lesson> {
        self.dropped.as_deref().map(|(l, _)| l)
    }

    pub fn lesson(&self, source: &Source) -> Option<&Lesson> {
        match source {
            Source::Course(i) => self.lessons.get(*i).and_then(|s| s.lesson.as_deref()),
            Source::Dropped => self.dropped(),
        }
    }

    /// The lesson open, if any.
    pub fn open(&self) -> Option<(&Source, &Lesson)> {
        let source = self.open.as_ref()?;
        Some((source, self.lesson(source)?))
    }

    /// The open lesson's progress.
    pub fn open_progress(&self) -> Option<LessonProgress> {
        self.open().map(|(_, l)| self.progress.of(&l.id))
    }

    /// The current step of the open lesson (None when it is finished).
    pub fn current_step(&self) -> Option<(usize, &Step)> {
        let (_, lesson) = self.open()?;
        let n = self.progress.of(&lesson.id).current;
        lesson.steps.get(n).map(|s| (n, s))
    }

    /// Hints shown so far for the current step.
    pub fn hints_shown(&self) -> usize {
        self.hints
    }

    /// Finds a lesson by number (1-based) or id.
    pub fn find(&self, name: &str) -> Option<Source> {
        if let Ok(n) = name.parse::<usize>() {
            return (n >= 1 && n <= self.lessons.len()).then(|| Source::Course(n - 1));
        }
        if let Some(i) = self.lessons.iter().position(|l| l.id == name) {
            return Some(Source::Course(i));
        }
        self.dropped().filter(|l| l.id == name).map(|_| Source::Dropped)
    }

    /// The scenario name of a lesson's start at `step`.
    fn scenario(&self, source: &Source, step: usize) -> Option<String> {
        match source {
            Source::Course(i) => Some(format!("{}/{step}", self.lessons.get(*i)?.id)),
            Source::Dropped => self.dropped.as_ref().map(|d| format!("fichier/{step}\n{}", d.1)),
        }
    }

    /// Restores saved progress (the page, after a reload or an import).
    pub fn restore(&mut self, progress: Progress) {
        self.open = progress.open.as_deref().and_then(|id| self.find(id));
        self.progress = progress;
        self.reset_step();
        self.version += 1;
    }

    fn reset_step(&mut self) {
        self.ran.clear();
        self.hints = 0;
        self.executed = false;
        self.checked = None;
    }

    /// Opens a lesson at `step` (0-based; `None`: where the learner left it):
    /// the cluster becomes the lesson's start with the earlier steps' solutions played.
    pub fn open_lesson(&mut self, console: &mut Console<Tutor>, source: Source, step: Option<usize>) {
        let Some(lesson) = self.lesson(&source).cloned() else {
            // Not read yet: the page fetches it, then `provide` opens it.
            if let Source::Course(i) = source
                && let Some(slot) = self.lessons.get(i)
            {
                Tutor::print(console, &format!("Chargement de la leçon «\u{a0}{}\u{a0}»…\n", slot.title));
                self.wanted = Some(slot.file.clone());
                self.pending = Some((source, step));
                self.version += 1;
            }
            return;
        };
        let saved = self.progress.of(&lesson.id);
        let step = step
            .unwrap_or(if saved.current >= lesson.steps.len() { 0 } else { saved.current })
            .min(lesson.steps.len().saturating_sub(1));
        let Some(scenario) = self.scenario(&source, step) else { return };
        let seed = console.journal().seed;
        console.begin(&scenario, super::lesson_start(&lesson, seed, step));
        self.progress.entry(&lesson.id).current = step;
        self.progress.open = Some(lesson.id.clone());
        self.open = Some(source.clone());
        self.passed = None;
        self.reset_step();
        self.version += 1;
        let number = match source {
            Source::Course(i) => format!("Leçon {}/{}", i + 1, self.lessons.len()),
            Source::Dropped => "Leçon d’essai".into(),
        };
        let mut out = Output::new();
        out.note(format!("{number}\u{a0}: {}. Le cluster est prêt.\n", lesson.title));
        if step > 0 {
            out.note(format!("Les solutions des étapes 1 à {step} ont été jouées.\n"));
        }
        out.note(self.step_heading(&lesson, step));
        console.print(&out);
        // The goal may already hold (a step the learner prepared): check at once.
        self.check(console);
    }

    fn step_heading(&self, lesson: &Lesson, step: usize) -> String {
        match lesson.steps.get(step) {
            Some(s) => format!(
                "Étape {}/{}\u{a0}: {}. Tapez «\u{a0}objectif\u{a0}» pour la consigne, «\u{a0}indice\u{a0}» pour un indice.\n",
                step + 1,
                lesson.steps.len(),
                s.title
            ),
            None => "Leçon terminée\u{a0}! Tapez «\u{a0}suivant\u{a0}» pour la leçon suivante.\n".into(),
        }
    }

    /// Tries a trainer's lesson file: opened at once, or its errors (French, with lines).
    pub fn try_file(&mut self, console: &mut Console<Tutor>, text: &str) -> Result<(), Vec<LessonError>> {
        let lesson = format::parse(text)?;
        self.dropped = Some(Rc::new((lesson, text.to_string())));
        self.open_lesson(console, Source::Dropped, Some(0));
        Ok(())
    }

    /// Checks the current step's goal; passes the step (and the next ones
    /// that already hold) when it holds.
    fn check(&mut self, console: &mut Console<Tutor>) {
        if console.session.mode() == Mode::Editing {
            return;
        }
        let key = (
            console.session.cluster.store().resource_version(),
            console.session.cluster.now().0 / 1000,
            console.session.config.namespace(),
            self.ran.len(),
        );
        if self.checked.as_ref() == Some(&key) {
            return;
        }
        self.checked = Some(key);
        // The lesson is read in place (this runs after every tick: no copy of it).
        loop {
            let Some((source, lesson)) = self.open() else { return };
            let n = self.progress.of(&lesson.id).current;
            let Some(step) = lesson.steps.get(n) else { return };
            if !step.goal.iter().all(|c| c.holds(&mut console.session, &self.ran)) {
                return;
            }
            let mark = if self.executed { Mark::Executed } else { Mark::Solved };
            let how = if mark == Mark::Executed { " (par la solution)" } else { "" };
            let mut out = Output::new();
            out.note(format!("✔ Étape {}/{} réussie{how}\u{a0}: {}.\n", n + 1, lesson.steps.len(), step.title));
            out.note(self.step_heading(lesson, n + 1));
            let (source, id) = (source.clone(), lesson.id.clone());
            let p = self.progress.entry(&id);
            p.set(n, mark);
            p.current = n + 1;
            self.passed = Some(Passed { lesson: source, step: n, mark });
            self.reset_step();
            self.version += 1;
            console.print(&out);
        }
    }

    fn print(console: &mut Console<Tutor>, text: &str) {
        let mut out = Output::new();
        out.note(text);
        console.print(&out);
    }

    fn no_lesson(console: &mut Console<Tutor>) {
        Tutor::print(console, "Aucune leçon n’est ouverte\u{a0}: tapez «\u{a0}lecons\u{a0}» pour la liste, «\u{a0}lecon 1\u{a0}» pour commencer.\n");
    }

    /// `objectif`: the current step's instruction and goal again.
    fn goal(&self, console: &mut Console<Tutor>) {
        let Some((_, lesson)) = self.open() else { return Tutor::no_lesson(console) };
        let Some((n, step)) = self.current_step() else {
            return Tutor::print(console, &self.step_heading(lesson, lesson.steps.len()));
        };
        let mut text = format!("Étape {}/{}\u{a0}: {}\n\n", n + 1, lesson.steps.len(), step.title);
        text.push_str(&markdown::to_text(&step.instruction));
        if !step.goal_text.is_empty() {
            text.push_str("\nObjectif\u{a0}: ");
            text.push_str(&markdown::to_text(&step.goal_text));
        }
        Tutor::print(console, &text);
    }

    /// `indice`: the next hint.
    fn hint(&mut self, console: &mut Console<Tutor>) {
        let Some((_, step)) = self.current_step() else { return self.goal(console) };
        let total = step.hints.len();
        let text = match step.hints.get(self.hints) {
            Some(h) => format!("Indice {}/{total}\u{a0}: {}\n", self.hints + 1, markdown::plain(h)),
            None => "Plus d’indice pour cette étape\u{a0}: tapez «\u{a0}solution\u{a0}» pour la voir.\n".into(),
        };
        if self.hints < total {
            self.hints += 1;
            self.version += 1;
        }
        Tutor::print(console, &text);
    }

    /// `solution` shows it; `solution --executer` runs it.
    fn solution(&mut self, console: &mut Console<Tutor>, args: &[&str]) {
        let Some((_, step)) = self.current_step() else { return self.goal(console) };
        let lines = step.solution.clone();
        match args {
            [] => {
                let mut text = String::from("Solution\u{a0}:\n");
                for l in &lines {
                    text.push_str("    ");
                    text.push_str(l);
                    text.push('\n');
                }
                text.push_str("Tapez «\u{a0}solution --executer\u{a0}» pour la lancer.\n");
                Tutor::print(console, &text);
            }
            ["--executer" | "--exécuter" | "--run" | "-x"] => {
                self.executed = true;
                self.version += 1;
                for line in &lines {
                    console.run(line);
                    console.finish_running();
                    self.ran.push(Ran { line: line.clone(), code: console.session.last_code() });
                }
            }
            _ => Tutor::print(console, "Usage\u{a0}: solution [--executer]\n"),
        }
    }

    /// `lecons`: the course with the learner's progress.
    fn list(&self, console: &mut Console<Tutor>) {
        let mut text = String::from("Leçons\u{a0}:\n");
        let open = self.open.clone();
        for (i, l) in self.lessons.iter().enumerate() {
            let p = self.progress.of(&l.id);
            let here = if open == Some(Source::Course(i)) { "▶" } else { " " };
            let done = if p.done() == l.steps { "✔" } else { " " };
            let executed = p.marks.iter().filter(|m| **m == Some(Mark::Executed)).count();
            let by = if executed > 0 { format!(", dont {executed} par la solution") } else { String::new() };
            text.push_str(&format!("{here} {done} {:>2}. {} ({}/{}{by})\n", i + 1, l.title, p.done(), l.steps));
        }
        if let Some(d) = self.dropped() {
            let here = if open == Some(Source::Dropped) { "▶" } else { " " };
            text.push_str(&format!("{here}   essai\u{a0}: {} ({})\n", d.title, d.id));
        }
        text.push_str("Tapez «\u{a0}lecon N\u{a0}» pour ouvrir la leçon N, «\u{a0}lecon N/E\u{a0}» pour son étape E.\n");
        Tutor::print(console, &text);
    }

    /// `lecon N`, `lecon ID`, `lecon N/E`.
    fn jump(&mut self, console: &mut Console<Tutor>, args: &[&str]) {
        let [target] = args else {
            return Tutor::print(console, "Usage\u{a0}: lecon N (ou lecon ID, ou lecon N/E pour l’étape E)\n");
        };
        let (name, step) = match target.split_once('/') {
            Some((n, e)) => (n, Some(e)),
            None => (*target, None),
        };
        let Some(source) = self.find(name) else {
            return Tutor::print(
                console,
                &format!("Leçon «\u{a0}{name}\u{a0}» introuvable\u{a0}: tapez «\u{a0}lecons\u{a0}» pour la liste.\n"),
            );
        };
        let steps = match &source {
            Source::Course(i) => self.lessons.get(*i).map_or(0, |s| s.steps),
            Source::Dropped => self.dropped().map_or(0, |l| l.steps.len()),
        };
        let step = match step.map(str::parse::<usize>) {
            None => None,
            Some(Ok(e)) if e >= 1 && e <= steps => Some(e - 1),
            Some(_) => {
                return Tutor::print(console, &format!("Cette leçon a les étapes 1 à {steps}.\n"));
            }
        };
        self.open_lesson(console, source, step);
    }

    /// `suivant` / `precedent`.
    fn step_lesson(&mut self, console: &mut Console<Tutor>, forward: bool) {
        let next = match self.open {
            Some(Source::Course(i)) if forward => i + 1,
            Some(Source::Course(i)) => match i.checked_sub(1) {
                Some(p) => p,
                None => return Tutor::print(console, "C’est la première leçon.\n"),
            },
            _ => 0,
        };
        if next >= self.lessons.len() {
            return Tutor::print(console, "C’était la dernière leçon\u{a0}: bravo\u{a0}! Tapez «\u{a0}lecons\u{a0}» pour revoir la liste.\n");
        }
        self.open_lesson(console, Source::Course(next), None);
    }

    /// The session a scenario starts from.
    fn scenario_session(&self, seed: u64, scenario: &str) -> Option<Session> {
        let (head, text) = scenario.split_once('\n').unwrap_or((scenario, ""));
        let (id, step) = head.rsplit_once('/')?;
        let step = step.parse().ok()?;
        if id == "fichier" {
            let lesson = format::parse(text).ok()?;
            return Some(super::lesson_start(&lesson, seed, step));
        }
        let lesson = self.lessons.iter().find(|l| l.id == id)?.lesson.as_deref()?;
        Some(super::lesson_start(lesson, seed, step))
    }

    /// One French line under a common mistake (kubectl's own text is never changed).
    fn advice(console: &Console<Tutor>) -> Option<&'static str> {
        let output: Vec<&str> = {
            let lines: Vec<_> = console.lines().collect();
            let start = lines.iter().rposition(|l| l.kind == LineKind::Command).map_or(0, |i| i + 1);
            lines[start..].iter().map(|l| l.text.as_str()).collect()
        };
        let any = |needle: &str| output.iter().any(|l| l.contains(needle));
        if any("unknown field \"") || any("strict decoding error: unknown field") {
            Some("Un champ du manifeste n’existe pas à cet endroit\u{a0}: vérifiez son orthographe et son indentation («\u{a0}kubectl explain pod.spec\u{a0}» liste les champs).")
        } else if any("No resources found") && console.session.history().last().is_some_and(|l| l.contains(" -l") || l.contains("--selector")) {
            Some("Aucun objet ne porte ce label\u{a0}: comparez avec «\u{a0}kubectl get pods --show-labels\u{a0}».")
        } else if any("ErrImagePull") || any("ImagePullBackOff") {
            Some("L’image ne peut pas être téléchargée\u{a0}: vérifiez son nom et son tag (par exemple «\u{a0}nginx:1.27\u{a0}»).")
        } else if any("Failed to connect") || any("Connection refused") || any("connection refused") {
            Some("Rien n’écoute à cette adresse\u{a0}: vérifiez que le port visé est celui du conteneur (targetPort, containerPort).")
        } else if any("(NotFound)") {
            Some("Vérifiez le nom avec «\u{a0}kubectl get\u{a0}» et le namespace (option -n).")
        } else {
            None
        }
    }
}

impl Guide for Tutor {
    fn owns(&self, line: &str) -> bool {
        line.split_whitespace().next().is_some_and(|w| canonical(w).is_some())
    }

    fn command(&mut self, console: &mut Console<Tutor>, line: &str) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((first, args)) = words.split_first() else { return };
        match canonical(first) {
            Some("objectif") => self.goal(console),
            Some("indice") => self.hint(console),
            Some("solution") => self.solution(console, args),
            Some("lecons") => self.list(console),
            Some("lecon") => self.jump(console, args),
            Some("suivant") => self.step_lesson(console, true),
            Some("precedent") => self.step_lesson(console, false),
            Some("recommencer") => match self.open.clone() {
                Some(source) => self.open_lesson(console, source, Some(0)),
                None => Tutor::no_lesson(console),
            },
            Some("annuler") => {
                let seed = console.journal().seed;
                let me = self.clone();
                match console.undo(|_, scenario| me.scenario_session(seed, scenario)) {
                    Some(undone) => Tutor::print(
                        console,
                        &format!("Annulé\u{a0}: «\u{a0}{undone}\u{a0}». Le cluster est revenu à son état d’avant cette commande.\n"),
                    ),
                    None => Tutor::print(console, "Rien à annuler depuis le début de la leçon.\n"),
                }
                self.checked = None;
                self.version += 1;
            }
            _ => {}
        }
        self.check(console);
    }

    fn start(&self, seed: u64, scenario: &str) -> Option<Session> {
        self.scenario_session(seed, scenario)
    }

    fn completions(&self, before: &str) -> Vec<String> {
        let words: Vec<&str> = before.split_whitespace().collect();
        let typing_first = words.len() <= 1 && !before.ends_with(' ');
        if typing_first {
            return command_names().into_iter().map(String::from).collect();
        }
        let first = words.first().and_then(|w| canonical(w));
        let second = (words.len() == 1) || (words.len() == 2 && !before.ends_with(' '));
        match first {
            Some("lecon") if second => {
                let mut c: Vec<String> = self.lessons.iter().map(|l| l.id.clone()).collect();
                c.extend((1..=self.lessons.len()).map(|n| n.to_string()));
                c
            }
            Some("solution") if second => vec!["--executer".into()],
            _ => Vec::new(),
        }
    }

    fn help(&self) -> &'static str {
        HELP
    }

    fn observe(&mut self, console: &mut Console<Tutor>, seen: Seen<'_>) {
        if self.open.is_none() {
            return;
        }
        if let Seen::Line { text, code } = seen {
            self.ran.push(Ran { line: text.to_string(), code });
            if let Some(advice) = Tutor::advice(console) {
                Tutor::print(console, &format!("{advice}\n"));
            }
        }
        self.check(console);
    }
}
