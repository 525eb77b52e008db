//! Compiles the course's index into the page: for every `lessons/*.md`
//! file (but the README), in the order of their names, its id, title,
//! summary and number of steps, read from its front matter and headings, in
//! `$OUT_DIR/lessons.rs`. The texts themselves are built in only with the
//! `bundled-lessons` feature (the terminal version and the tests); the page
//! fetches a lesson's file the first time it opens it (Trunk copies
//! `lessons/` beside the page). A trainer adds a lesson by adding a file;
//! `cargo test --test lessons` checks that this index matches the lessons.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "README.md"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = fs::read_to_string(path).unwrap_or_default();
        let (id, title, summary, steps) = index(&text);
        code.push_str(&format!(
            "    LessonFile {{ file: {name:?}, id: {id:?}, title: {title:?}, summary: {summary:?}, steps: {steps}, text: bundled!({:?}) }},\n",
            path.display().to_string()
        ));
    }
    code.push_str("]\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

/// The front matter's id, title and summary, and the number of steps (the
/// `## ` headings outside code blocks, but `## Fichier : …`).
fn index(text: &str) -> (String, String, String, usize) {
    let (mut id, mut title, mut summary) = (String::new(), String::new(), String::new());
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next().map(str::trim) == Some("---") {
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
            if let Some((key, value)) = line.split_once(':') {
                let value = value.trim().to_string();
                match key.trim() {
                    "id" => id = value,
                    "titre" | "title" => title = value,
                    "résumé" | "resume" => summary = value,
                    _ => {}
                }
            }
        }
    }
    let mut steps = 0;
    let mut fenced = false;
    for line in lines {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced
            && let Some(heading) = t.strip_prefix("## ")
            && !heading.trim_start().to_lowercase().starts_with("fichier")
        {
            steps += 1;
        }
    }
    (id, title, summary, steps)
}
