//! Reading a lesson file (`lessons/README.md` documents the format): a
//! front matter, an introduction, inline files, then steps with their goal,
//! hints, solution and explanation. Every mistake is reported with its line
//! and what to write instead, in French; reading never panics.

use super::goal::{self, Condition};
use super::markdown::{self, Block, Inline};

/// A lesson, as its file describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Its URL name (`#/lecon/ID`).
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Worker nodes besides `minikube`.
    pub workers: usize,
    /// Commands run, silently, before the lesson starts.
    pub before: Vec<String>,
    pub intro: Vec<Block>,
    /// Files written in the working directory at the start: (name, text).
    pub files: Vec<(String, String)>,
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    pub instruction: Vec<Block>,
    /// The goal in words, for the learner.
    pub goal_text: Vec<Block>,
    /// What the cluster must show (all of them).
    pub goal: Vec<Condition>,
    pub hints: Vec<Vec<Inline>>,
    /// The solution's command lines, in order.
    pub solution: Vec<String>,
    /// Other correct solutions (checked by the tests too).
    pub alternatives: Vec<Vec<String>>,
    pub explanation: Vec<Block>,
    /// The line of its heading in the file.
    pub line: usize,
}

/// A mistake in a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// 1-based; 0 for the file as a whole.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 { write!(f, "{}", self.message) } else { write!(f, "ligne {}\u{a0}: {}", self.line, self.message) }
    }
}

/// The most worker nodes a lesson may ask for.
pub const MAX_WORKERS: usize = 3;

/// The most bytes a lesson file may have (a dropped file is read whole).
pub const MAX_BYTES: usize = 512 * 1024;

/// Reads a lesson file.
pub fn parse(text: &str) -> Result<Lesson, Vec<LessonError>> {
    let mut errors = Vec::new();
    if text.len() > MAX_BYTES {
        return Err(vec![LessonError {
            line: 0,
            message: format!("le fichier est trop grand ({} Kio, {} Kio au plus)", text.len() / 1024, MAX_BYTES / 1024),
        }]);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut lesson = Lesson {
        id: String::new(),
        title: String::new(),
        summary: String::new(),
        workers: 0,
        before: Vec::new(),
        intro: Vec::new(),
        files: Vec::new(),
        steps: Vec::new(),
    };
    let body_start = front_matter(&lines, &mut lesson, &mut errors);
    if body_start >= lines.len() && !errors.is_empty() {
        return Err(errors);
    }
    body(&lines, body_start, &mut lesson, &mut errors);
    if errors.is_empty() { Ok(lesson) } else { Err(errors) }
}

fn err(errors: &mut Vec<LessonError>, line: usize, message: impl Into<String>) {
    errors.push(LessonError { line, message: message.into() });
}

/// Reads the front matter; returns the index of the first body line.
fn front_matter(lines: &[&str], lesson: &mut Lesson, errors: &mut Vec<LessonError>) -> usize {
    let Some(open) = lines.iter().position(|l| !l.trim().is_empty()) else {
        err(errors, 0, "le fichier est vide\u{a0}: une leçon commence par un en-tête entre deux lignes «\u{a0}---\u{a0}»");
        return lines.len();
    };
    if lines[open].trim() != "---" {
        err(
            errors,
            open + 1,
            "une leçon commence par un en-tête entre deux lignes «\u{a0}---\u{a0}» (id, titre…)\u{a0}: ajoutez «\u{a0}---\u{a0}» en première ligne",
        );
        return open;
    }
    let Some(close) = lines[open + 1..].iter().position(|l| l.trim() == "---").map(|p| p + open + 1) else {
        err(errors, open + 1, "l’en-tête n’est pas fermé\u{a0}: ajoutez une ligne «\u{a0}---\u{a0}» après sa dernière clé");
        return lines.len();
    };
    let mut list_key: Option<(&str, usize)> = None;
    for (i, raw) in lines.iter().enumerate().take(close).skip(open + 1) {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(item) = line.strip_prefix("- ").or_else(|| (line == "-").then_some("")) {
            match list_key {
                Some(("avant", _)) if !item.trim().is_empty() => lesson.before.push(item.trim().to_string()),
                Some(("avant", _)) => err(errors, n, "un élément de «\u{a0}avant\u{a0}» est une commande, pas une ligne vide"),
                _ => err(errors, n, "un élément de liste doit suivre une clé qui en attend une («\u{a0}avant:\u{a0}»)"),
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            err(errors, n, format!("«\u{a0}{line}\u{a0}» n’est pas de la forme «\u{a0}clé: valeur\u{a0}»"));
            continue;
        };
        let value = value.trim();
        let key = canonical_key(key.trim());
        list_key = None;
        match key {
            Some("id") => {
                if value.is_empty()
                    || !value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                {
                    err(errors, n, format!("l’id «\u{a0}{value}\u{a0}» doit s’écrire en minuscules sans accent, chiffres et tirets (par exemple «\u{a0}les-pods\u{a0}»)"));
                } else {
                    lesson.id = value.to_string();
                }
            }
            Some("titre") => lesson.title = value.to_string(),
            Some("résumé") => lesson.summary = value.to_string(),
            Some("nœuds") => match value.parse::<usize>() {
                Ok(w) if w <= MAX_WORKERS => lesson.workers = w,
                _ => err(errors, n, format!("«\u{a0}nœuds\u{a0}» est un nombre de 0 à {MAX_WORKERS}, pas «\u{a0}{value}\u{a0}»")),
            },
            Some("avant") => {
                if value.is_empty() {
                    list_key = Some(("avant", n));
                } else {
                    lesson.before.push(value.to_string());
                }
            }
            _ => err(
                errors,
                n,
                format!("clé inconnue «\u{a0}{}\u{a0}»\u{a0}: les clés sont id, titre, résumé, nœuds et avant", key_text(raw)),
            ),
        }
    }
    if lesson.id.is_empty() && !errors.iter().any(|e| e.message.contains("l’id")) {
        err(errors, open + 1, "il manque l’id de la leçon\u{a0}: ajoutez «\u{a0}id: mon-id\u{a0}» dans l’en-tête");
    }
    if lesson.title.is_empty() {
        err(errors, open + 1, "il manque le titre de la leçon\u{a0}: ajoutez «\u{a0}titre: …\u{a0}» dans l’en-tête");
    }
    close + 1
}

fn key_text(raw: &str) -> &str {
    raw.split(':').next().unwrap_or("").trim()
}

/// A front-matter key, with or without its accents.
fn canonical_key(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_lowercase().as_str() {
        "id" => "id",
        "titre" | "title" => "titre",
        "résumé" | "resume" | "résume" | "resumé" => "résumé",
        "nœuds" | "noeuds" | "nœud" | "noeud" | "nodes" => "nœuds",
        "avant" | "before" => "avant",
        _ => return None,
    })
}

/// The sections of a step.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Instruction,
    Goal,
    Hints,
    Solution,
    Alternative,
    Explanation,
}

fn section_of(title: &str) -> Option<Section> {
    let t = title.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "objectif" => Section::Goal,
        "indices" | "indice" => Section::Hints,
        "solution" => Section::Solution,
        "autre solution" => Section::Alternative,
        "explication" | "explications" => Section::Explanation,
        _ => return None,
    })
}

/// What is being read: a part of the body and where it began.
enum Part {
    Intro,
    File { name: String, line: usize },
    Step { step: Box<Step>, section: Section, section_line: usize },
}

fn body(lines: &[&str], start: usize, lesson: &mut Lesson, errors: &mut Vec<LessonError>) {
    let mut part = Part::Intro;
    // The lines of the current section: (line number, text).
    let mut chunk: Vec<(usize, &str)> = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, &line) in lines.iter().enumerate().skip(start) {
        let n = i + 1;
        let trimmed = line.trim();
        if let Some(f) = fence {
            if trimmed.starts_with(f) && trimmed.trim_start_matches(f.chars().next().unwrap_or('`')).is_empty() {
                fence = None;
            }
            chunk.push((n, line));
            continue;
        }
        if let Some(f) = markdown::fence_of(trimmed) {
            fence = Some(f);
            chunk.push((n, line));
            continue;
        }
        if let Some(title) = trimmed.strip_prefix("## ") {
            finish(&mut part, std::mem::take(&mut chunk), lesson, errors);
            part = match file_name(title) {
                Some(name) => {
                    if !lesson.steps.is_empty() {
                        err(errors, n, "les sections «\u{a0}## Fichier\u{a0}» viennent avant la première étape");
                    }
                    Part::File { name, line: n }
                }
                None => Part::Step {
                    step: Box::new(Step {
                        title: markdown::typography(title.trim()),
                        instruction: Vec::new(),
                        goal_text: Vec::new(),
                        goal: Vec::new(),
                        hints: Vec::new(),
                        solution: Vec::new(),
                        alternatives: Vec::new(),
                        explanation: Vec::new(),
                        line: n,
                    }),
                    section: Section::Instruction,
                    section_line: n,
                },
            };
            continue;
        }
        if let Some(title) = trimmed.strip_prefix("### ") {
            match &mut part {
                Part::Step { step, section, section_line } => {
                    let Some(next) = section_of(title) else {
                        err(
                            errors,
                            n,
                            format!("section inconnue «\u{a0}{}\u{a0}»\u{a0}: les sections d’une étape sont Objectif, Indices, Solution, Autre solution et Explication", title.trim()),
                        );
                        chunk.push((n, line));
                        continue;
                    };
                    fill(step, *section, *section_line, std::mem::take(&mut chunk), errors);
                    *section = next;
                    *section_line = n;
                }
                _ => {
                    err(errors, n, "une section «\u{a0}###\u{a0}» appartient à une étape\u{a0}: ajoutez d’abord un titre d’étape «\u{a0}## …\u{a0}»");
                }
            }
            continue;
        }
        if trimmed.starts_with("# ") && matches!(part, Part::Intro) {
            err(errors, n, "le titre de la leçon va dans l’en-tête («\u{a0}titre:\u{a0}»), les étapes sous «\u{a0}## …\u{a0}»");
            continue;
        }
        chunk.push((n, line));
    }
    if fence.is_some() {
        err(errors, lines.len(), "un bloc de code n’est pas fermé\u{a0}: ajoutez une ligne «\u{a0}```\u{a0}» à sa fin");
    }
    finish(&mut part, chunk, lesson, errors);
    if lesson.steps.is_empty() {
        err(errors, 0, "la leçon n’a aucune étape\u{a0}: ajoutez au moins un titre «\u{a0}## …\u{a0}» avec ses sections");
    }
}

/// `Fichier : nom.yaml` (with or without the space, any case).
fn file_name(title: &str) -> Option<String> {
    let (head, name) = title.split_once(':')?;
    (head.trim().trim_end_matches('\u{a0}').eq_ignore_ascii_case("fichier")).then(|| name.trim().to_string())
}

fn text_of(chunk: &[(usize, &str)]) -> String {
    let mut s = String::new();
    for (_, l) in chunk {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The part read so far is complete: add it to the lesson.
fn finish(part: &mut Part, chunk: Vec<(usize, &str)>, lesson: &mut Lesson, errors: &mut Vec<LessonError>) {
    match std::mem::replace(part, Part::Intro) {
        Part::Intro => {
            let blocks = markdown::parse(&text_of(&chunk));
            if !blocks.is_empty() {
                lesson.intro = blocks;
            }
        }
        Part::File { name, line } => {
            let code = code_blocks(&chunk);
            match code.as_slice() {
                [text] if !name.is_empty() && !name.contains('/') => lesson.files.push((name, text.clone())),
                [_] => err(errors, line, "le nom d’un fichier est un simple nom, sans «\u{a0}/\u{a0}» (par exemple «\u{a0}## Fichier\u{a0}: mon-pod.yaml\u{a0}»)"),
                _ => err(errors, line, format!("la section «\u{a0}Fichier\u{a0}: {name}\u{a0}» doit contenir un seul bloc de code (entre deux lignes «\u{a0}```\u{a0}»)")),
            }
        }
        Part::Step { mut step, section, section_line } => {
            fill(&mut step, section, section_line, chunk, errors);
            check_step(&step, errors);
            lesson.steps.push(*step);
        }
    }
}

/// The contents of the fenced code blocks of a chunk.
fn code_blocks(chunk: &[(usize, &str)]) -> Vec<String> {
    markdown::parse(&text_of(chunk))
        .into_iter()
        .filter_map(|b| match b {
            Block::Code { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

/// Fills one section of a step from its lines.
fn fill(step: &mut Step, section: Section, line: usize, chunk: Vec<(usize, &str)>, errors: &mut Vec<LessonError>) {
    match section {
        Section::Instruction => step.instruction = markdown::parse(&text_of(&chunk)),
        Section::Explanation => step.explanation = markdown::parse(&text_of(&chunk)),
        Section::Hints => {
            for block in markdown::parse(&text_of(&chunk)) {
                match block {
                    Block::List { items, .. } => step.hints.extend(items),
                    Block::Paragraph(p) => step.hints.push(p),
                    Block::Code { .. } => err(errors, line, "un indice est une ligne de liste («\u{a0}- …\u{a0}»)\u{a0}; une commande s’y écrit entre accents graves"),
                }
            }
        }
        Section::Solution | Section::Alternative => {
            let code = code_blocks(&chunk);
            let [text] = code.as_slice() else {
                err(errors, line, "une solution est un seul bloc de code (entre deux lignes «\u{a0}```sh\u{a0}» et «\u{a0}```\u{a0}»), une commande par ligne");
                return;
            };
            let commands: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
            if commands.is_empty() {
                err(errors, line, "la solution est vide\u{a0}: écrivez ses commandes dans le bloc de code");
            } else if section == Section::Solution {
                if !step.solution.is_empty() {
                    err(errors, line, "une étape n’a qu’une «\u{a0}Solution\u{a0}»\u{a0}; les autres s’appellent «\u{a0}Autre solution\u{a0}»");
                }
                step.solution = commands;
            } else {
                step.alternatives.push(commands);
            }
        }
        Section::Goal => {
            // List items are conditions (with their indented continuation lines); the rest is prose.
            let mut prose = String::new();
            let mut items: Vec<(usize, String)> = Vec::new();
            for (n, l) in chunk {
                let t = l.trim();
                if let Some((_, item)) = markdown::list_item(t) {
                    items.push((n, item.to_string()));
                } else if !t.is_empty() && l.starts_with(' ') && !items.is_empty() {
                    if let Some((_, last)) = items.last_mut() {
                        last.push(' ');
                        last.push_str(t);
                    }
                } else {
                    prose.push_str(l);
                    prose.push('\n');
                }
            }
            step.goal_text = markdown::parse(&prose);
            for (n, item) in items {
                match goal::parse(&item) {
                    Ok(c) => step.goal.push(c),
                    Err(why) => err(errors, n, why),
                }
            }
            if step.goal.is_empty() && !errors.iter().any(|e| e.line > line) {
                err(errors, line, "l’objectif n’a aucune condition\u{a0}: ajoutez une ligne «\u{a0}- `kubectl get …` donne `…`\u{a0}»");
            }
        }
    }
}

/// What a complete step must have.
fn check_step(step: &Step, errors: &mut Vec<LessonError>) {
    let missing = |what: &str, errors: &mut Vec<LessonError>| {
        err(errors, step.line, format!("l’étape «\u{a0}{}\u{a0}» n’a pas de section «\u{a0}### {what}\u{a0}»", step.title));
    };
    if step.title.is_empty() {
        err(errors, step.line, "une étape a un titre après «\u{a0}##\u{a0}»");
    }
    if step.goal.is_empty() && step.goal_text.is_empty() {
        missing("Objectif", errors);
    }
    if step.hints.is_empty() {
        missing("Indices", errors);
    }
    if step.solution.is_empty() && !errors.iter().any(|e| e.line > step.line && e.message.contains("solution")) {
        missing("Solution", errors);
    }
    if step.explanation.is_empty() {
        missing("Explication", errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---
id: essai
titre: Un essai
résumé: Pour voir.
nœuds: 1
avant:
  - kubectl apply -f redis-pod.yaml
---

Une introduction.

## Fichier : web.yaml

```yaml
kind: Pod
```

## Créer le pod

Lancez `kubectl run web --image=nginx`.

### Objectif

Le pod `web` existe.

- `kubectl get pod web` réussit
- `kubectl get pod web -o jsonpath={.status.phase}`
  donne `Running`

### Indices

- Un indice.
- Un autre.

### Solution

```sh
kubectl run web --image=nginx
```

### Autre solution

```sh
kubectl apply -f web.yaml
```

### Explication

Parce que.
";

    #[test]
    fn reads_a_complete_lesson() {
        let l = parse(GOOD).unwrap();
        assert_eq!((l.id.as_str(), l.title.as_str(), l.summary.as_str(), l.workers), ("essai", "Un essai", "Pour voir.", 1));
        assert_eq!(l.before, vec!["kubectl apply -f redis-pod.yaml"]);
        assert_eq!(l.files, vec![("web.yaml".to_string(), "kind: Pod\n".to_string())]);
        assert_eq!(l.steps.len(), 1);
        let s = &l.steps[0];
        assert_eq!(s.title, "Créer le pod");
        assert_eq!(s.line, 18);
        assert_eq!(s.goal.len(), 2);
        assert_eq!(s.hints.len(), 2);
        assert_eq!(s.solution, vec!["kubectl run web --image=nginx"]);
        assert_eq!(s.alternatives, vec![vec!["kubectl apply -f web.yaml".to_string()]]);
        assert_eq!(markdown::to_text(&s.explanation), "Parce que.\n");
    }

    fn errors(text: &str) -> Vec<String> {
        parse(text).unwrap_err().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_mistake_has_its_line_and_fix() {
        assert_eq!(errors(""), vec!["le fichier est vide\u{a0}: une leçon commence par un en-tête entre deux lignes «\u{a0}---\u{a0}»"]);
        let e = errors(&GOOD.replace("titre: Un essai", "titres: Un essai"));
        assert_eq!(e[0], "ligne 3\u{a0}: clé inconnue «\u{a0}titres\u{a0}»\u{a0}: les clés sont id, titre, résumé, nœuds et avant");
        assert!(e[1].contains("il manque le titre"));
        let e = errors(&GOOD.replace("réussit", "existe"));
        assert_eq!(e, vec!["ligne 26\u{a0}: «\u{a0}existe\u{a0}» n’est pas une condition connue\u{a0}: donne, contient, compte, au moins, réussit, échoue ou commande"]);
        let e = errors(&GOOD.replace("### Solution\n\n```sh\nkubectl run web --image=nginx\n```\n", ""));
        assert_eq!(e, vec!["ligne 18\u{a0}: l’étape «\u{a0}Créer le pod\u{a0}» n’a pas de section «\u{a0}### Solution\u{a0}»"]);
        let e = errors(&GOOD.replace("### Indices", "### Astuces"));
        assert!(e[0].starts_with("ligne 30\u{a0}: section inconnue «\u{a0}Astuces\u{a0}»"), "{e:?}");
        let e = errors(&GOOD.replace("id: essai", "id: Essai Un"));
        assert!(e[0].starts_with("ligne 2\u{a0}: l’id «\u{a0}Essai Un\u{a0}»"), "{e:?}");
        let e = errors(&GOOD.replace("nœuds: 1", "nœuds: 12"));
        assert!(e[0].starts_with("ligne 5\u{a0}: «\u{a0}nœuds\u{a0}» est un nombre"), "{e:?}");
        let e = errors(&GOOD[..GOOD.len() - 20]);
        assert!(e.iter().any(|e| e.contains("Explication") || e.contains("bloc de code")), "{e:?}");
        assert!(errors("---\nid: x\n").iter().any(|e| e.contains("n’est pas fermé")));
        assert!(errors("# Titre\n").iter().any(|e| e.contains("en-tête")));
    }

    #[test]
    fn a_bom_and_windows_line_ends_are_fine() {
        let crlf = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        assert_eq!(parse(&crlf).unwrap().steps.len(), 1);
    }
}
