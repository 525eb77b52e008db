//! What the learner has done in the course: per lesson, the steps done (and
//! how) and the step they are at, and the lesson open. Saved apart from the
//! journal and keyed by lesson id, so it outlives a new version of the
//! simulator (whose journals are not replayed) and a lesson's edits.


use serde_json::{Map, Value, json};

/// How a step was passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The learner reached the goal.
    Solved,
    /// The goal was reached by `solution --executer`.
    Executed,
}

/// One lesson's progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonProgress {
    /// Per step, how it was passed (`None`: not yet).
    pub marks: Vec<Option<Mark>>,
    /// The step the learner is at (the number of steps when the lesson is finished).
    pub current: usize,
}

impl LessonProgress {
    pub fn done(&self) -> usize {
        self.marks.iter().filter(|m| m.is_some()).count()
    }

    pub fn mark(&self, step: usize) -> Option<Mark> {
        self.marks.get(step).copied().flatten()
    }

    pub fn set(&mut self, step: usize, mark: Mark) {
        if self.marks.len() <= step {
            self.marks.resize(step + 1, None);
        }
        // A step the learner solved stays solved.
        if self.marks[step] != Some(Mark::Solved) {
            self.marks[step] = Some(mark);
        }
    }
}

/// The whole course's progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// By lesson id, sorted (a vector: a few lessons, and no map code of its own).
    pub lessons: Vec<(String, LessonProgress)>,
    /// The id of the lesson open, if any.
    pub open: Option<String>,
}

/// The saved format's version.
const FORMAT: u64 = 1;

impl Progress {
    pub fn of(&self, id: &str) -> LessonProgress {
        self.find(id).ok().map(|i| self.lessons[i].1.clone()).unwrap_or_default()
    }

    pub fn entry(&mut self, id: &str) -> &mut LessonProgress {
        let i = match self.find(id) {
            Ok(i) => i,
            Err(i) => {
                self.lessons.insert(i, (id.to_string(), LessonProgress::default()));
                i
            }
        };
        &mut self.lessons[i].1
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.lessons.binary_search_by(|(l, _)| l.as_str().cmp(id))
    }

    pub fn to_json(&self) -> Value {
        let mut lessons = Map::new();
        for (id, p) in &self.lessons {
            let marks: Vec<Value> = p
                .marks
                .iter()
                .map(|m| match m {
                    Some(Mark::Solved) => "resolue".into(),
                    Some(Mark::Executed) => "solution".into(),
                    None => Value::Null,
                })
                .collect();
            lessons.insert(id.clone(), json!({ "etape": p.current, "etapes": marks }));
        }
        json!({ "format": FORMAT, "ouverte": self.open, "lecons": lessons })
    }

    /// Reads saved progress; what cannot be read is left out (progress is
    /// never a reason to refuse a session), and the error says what, in French.
    pub fn from_json(value: &Value) -> Result<Progress, String> {
        if value.get("format").and_then(Value::as_u64) != Some(FORMAT) {
            return Err("progression d’un format inconnu".into());
        }
        let mut p = Progress { open: value.get("ouverte").and_then(Value::as_str).map(String::from), ..Progress::default() };
        let Some(lessons) = value.get("lecons").and_then(Value::as_object) else {
            return Err("progression illisible (pas de leçons)".into());
        };
        for (id, l) in lessons {
            let marks = l
                .get("etapes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .take(1000)
                        .map(|m| match m.as_str() {
                            Some("resolue") => Some(Mark::Solved),
                            Some("solution") => Some(Mark::Executed),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let current = l.get("etape").and_then(Value::as_u64).unwrap_or(0).min(1000) as usize;
            *p.entry(id) = LessonProgress { marks, current };
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_reads_back() {
        let mut p = Progress { open: Some("les-pods".into()), ..Progress::default() };
        p.entry("les-pods").set(0, Mark::Solved);
        p.entry("les-pods").set(2, Mark::Executed);
        p.entry("les-pods").current = 3;
        let text = p.to_json().to_string();
        assert_eq!(
            text,
            r#"{"format":1,"ouverte":"les-pods","lecons":{"les-pods":{"etape":3,"etapes":["resolue",null,"solution"]}}}"#
        );
        assert_eq!(Progress::from_json(&serde_json::from_str(&text).unwrap()), Ok(p));
    }

    #[test]
    fn a_solved_step_stays_solved_and_garbage_is_refused() {
        let mut l = LessonProgress::default();
        l.set(1, Mark::Solved);
        l.set(1, Mark::Executed);
        assert_eq!(l.mark(1), Some(Mark::Solved));
        assert_eq!(l.done(), 1);
        assert!(Progress::from_json(&json!({"format": 9})).is_err());
        assert!(Progress::from_json(&json!([1, 2])).is_err());
        let odd = Progress::from_json(&json!({"format": 1, "lecons": {"x": {"etape": "deux", "etapes": [3, "resolue"]}}})).unwrap();
        assert_eq!(odd.of("x"), LessonProgress { marks: vec![None, Some(Mark::Solved)], current: 0 });
    }
}
