//! The shell's virtual filesystem: files live in memory (lessons provide some,
//! heredocs and the editor create others); nothing reaches the host.

use std::collections::{BTreeMap, BTreeSet};

/// Why a file operation failed, worded as coreutils word it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    IsDirectory,
    NotDirectory,
    /// Past [`CAPACITY`]: the disk is full.
    NoSpace,
    /// The root cannot be moved.
    Busy,
}

/// What all the files may hold together, in bytes: 4 MiB, far more than a
/// course needs, and small enough that a runaway loop or a giant paste
/// cannot exhaust the page's memory. Each file counts its path and 64 bytes
/// more (its inode), so that empty files are not free either.
pub const CAPACITY: usize = 4 << 20;

fn cost(path: &str, text: &str) -> usize {
    path.len() + text.len() + 64
}

impl FsError {
    pub fn text(&self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::IsDirectory => "Is a directory",
            FsError::NotDirectory => "Not a directory",
            FsError::NoSpace => "No space left on device",
            FsError::Busy => "Device or resource busy",
        }
    }
}

/// Files by absolute path, the directories that exist, and the working directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vfs {
    files: BTreeMap<String, String>,
    dirs: BTreeSet<String>,
    cwd: String,
    /// The files' total cost (see [`CAPACITY`]).
    used: usize,
}

pub const HOME: &str = "/home/atelier";

impl Default for Vfs {
    fn default() -> Vfs {
        let mut v = Vfs { files: BTreeMap::new(), dirs: BTreeSet::new(), cwd: HOME.into(), used: 0 };
        for d in ["/", "/home", HOME, "/tmp"] {
            v.dirs.insert(d.into());
        }
        v
    }
}

impl Vfs {
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// An absolute, normalised path (`~`, `.`, `..` resolved).
    pub fn resolve(&self, path: &str) -> String {
        resolve_in(&self.cwd, HOME, path)
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.dirs.contains(&self.resolve(path))
    }

    pub fn exists(&self, path: &str) -> bool {
        let p = self.resolve(path);
        self.files.contains_key(&p) || self.dirs.contains(&p)
    }

    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        let p = self.resolve(path);
        if self.dirs.contains(&p) {
            return Err(FsError::IsDirectory);
        }
        self.files.get(&p).map(String::as_str).ok_or(FsError::NotFound)
    }

    /// Writes a file; its directory must exist (parents are not created).
    pub fn write(&mut self, path: &str, content: impl Into<String>) -> Result<(), FsError> {
        let p = self.resolve(path);
        if self.dirs.contains(&p) {
            return Err(FsError::IsDirectory);
        }
        let parent = parent_of(&p);
        if !self.dirs.contains(&parent) {
            return Err(if self.files.contains_key(&parent) { FsError::NotDirectory } else { FsError::NotFound });
        }
        let content = content.into();
        let old = self.files.get(&p).map_or(0, |t| cost(&p, t));
        let used = self.used.saturating_sub(old) + cost(&p, &content);
        if used > CAPACITY && used > self.used {
            return Err(FsError::NoSpace);
        }
        self.used = used;
        self.files.insert(p, content);
        Ok(())
    }

    /// Creates a directory and its parents (`mkdir -p`).
    pub fn mkdir_all(&mut self, path: &str) {
        let p = self.resolve(path);
        let mut cur = String::new();
        for part in p.split('/').filter(|s| !s.is_empty()) {
            cur.push('/');
            cur.push_str(part);
            self.dirs.insert(cur.clone());
        }
    }

    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.resolve(path);
        if self.dirs.contains(&p) {
            return Err(FsError::IsDirectory);
        }
        let text = self.files.remove(&p).ok_or(FsError::NotFound)?;
        self.used = self.used.saturating_sub(cost(&p, &text));
        Ok(())
    }

    /// Removes a directory and everything under it (`rm -r`); never the root.
    pub fn remove_dir(&mut self, path: &str) {
        let p = self.resolve(path);
        if p != "/" {
            let inside = format!("{p}/");
            self.dirs.retain(|d| *d != p && !d.starts_with(&inside));
            let used = &mut self.used;
            self.files.retain(|f, t| {
                let keep = !f.starts_with(&inside);
                if !keep {
                    *used = used.saturating_sub(cost(f, t));
                }
                keep
            });
        }
    }

    pub fn cd(&mut self, path: &str) -> Result<(), FsError> {
        let p = self.resolve(path);
        if self.dirs.contains(&p) {
            self.cwd = p;
            Ok(())
        } else if self.files.contains_key(&p) {
            Err(FsError::NotDirectory)
        } else {
            Err(FsError::NotFound)
        }
    }

    /// The entries of a directory, sorted: (name, is a directory).
    pub fn list(&self, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let p = self.resolve(path);
        if self.files.contains_key(&p) {
            return Err(FsError::NotDirectory);
        }
        if !self.dirs.contains(&p) {
            return Err(FsError::NotFound);
        }
        let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
        let mut out: Vec<(String, bool)> = Vec::new();
        for d in &self.dirs {
            if let Some(rest) = d.strip_prefix(&prefix) {
                if !rest.is_empty() && !rest.contains('/') {
                    out.push((rest.to_string(), true));
                }
            }
        }
        for f in self.files.keys() {
            if let Some(rest) = f.strip_prefix(&prefix) {
                if !rest.contains('/') {
                    out.push((rest.to_string(), false));
                }
            }
        }
        crate::sort::sort(&mut out);
        Ok(out)
    }

    /// Copies a directory and everything under it to `to` (whose parent must
    /// exist); with `remove`, the source goes (`mv`).
    pub fn copy_dir(&mut self, from: &str, to: &str, remove: bool) -> Result<(), FsError> {
        let (from, to) = (self.resolve(from), self.resolve(to));
        // The root is never moved, nor copied into itself.
        if from == "/" || to.starts_with(&format!("{from}/")) {
            return Err(FsError::Busy);
        }
        if !self.dirs.contains(&parent_of(&to)) {
            return Err(FsError::NotFound);
        }
        let under = |p: &String| p == &from || p.starts_with(&format!("{from}/"));
        let moved = |p: &String| format!("{to}{}", &p[from.len()..]);
        let dirs: Vec<String> = self.dirs.iter().filter(|p| under(p)).cloned().collect();
        let files: Vec<(String, String)> =
            self.files.iter().filter(|(p, _)| under(p)).map(|(p, t)| (p.clone(), t.clone())).collect();
        // What the copies add (a move frees the sources; an overwritten file frees itself).
        let mut used = self.used;
        for (p, t) in &files {
            let to = moved(p);
            used += cost(&to, t);
            used = used.saturating_sub(self.files.get(&to).map_or(0, |old| cost(&to, old)));
            if remove {
                used = used.saturating_sub(cost(p, t));
            }
        }
        if used > CAPACITY && used > self.used {
            return Err(FsError::NoSpace);
        }
        self.used = used;
        if remove {
            self.dirs.retain(|p| !under(p));
            self.files.retain(|p, _| !under(p));
            if self.cwd == from || self.cwd.starts_with(&format!("{from}/")) {
                self.cwd = moved(&self.cwd);
            }
        }
        self.dirs.extend(dirs.iter().map(moved));
        self.files.extend(files.into_iter().map(|(p, t)| (moved(&p), t)));
        Ok(())
    }

    /// Every file, by absolute path (for saving and for the editor's list).
    pub fn files(&self) -> impl Iterator<Item = (&String, &String)> {
        self.files.iter()
    }
}

fn parent_of(p: &str) -> String {
    match p.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => p[..i].to_string(),
    }
}

/// `path` made absolute from the directory `cwd`, with `~` for `home`, and
/// `.` and `..` resolved (the learner's shell, and the minikube node's).
pub fn resolve_in(cwd: &str, home: &str, path: &str) -> String {
    let joined = if let Some(rest) = path.strip_prefix('~') {
        format!("{home}{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_live_in_directories() {
        let mut v = Vfs::default();
        v.write("pod.yaml", "a").unwrap();
        assert_eq!(v.read("/home/atelier/pod.yaml"), Ok("a"));
        assert_eq!(v.write("nodir/x", "b"), Err(FsError::NotFound));
        v.mkdir_all("k8s/app");
        v.write("k8s/app/d.yaml", "c").unwrap();
        v.cd("k8s").unwrap();
        assert_eq!(v.read("../pod.yaml"), Ok("a"));
        assert_eq!(v.list(".").unwrap(), vec![("app".to_string(), true)]);
        assert_eq!(v.read("app"), Err(FsError::IsDirectory));
        assert_eq!(v.resolve("~/x/../y"), "/home/atelier/y");
    }
}
