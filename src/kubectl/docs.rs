//! kubectl's reference texts: the `--help` of every command (built into the
//! real kubectl) and the field descriptions `explain` prints (the real kubectl
//! fetches them from the API server's OpenAPI documents).
//!
//! They weigh 270 KB (66 KB gzip), a tenth of the page, for commands a
//! learner runs now and then: the page fetches each book the first time a
//! line needs it, as kubectl asks the server for its schema, instead of
//! carrying them in its wasm. The terminal version and the tests have them
//! built in (the `bundled-docs` feature, on by default; the page's build
//! turns it off).

use std::cell::Cell;
use std::rc::Rc;

/// One of kubectl's reference texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Book {
    /// The `--help` texts (`scripts/gen-help.py`).
    Help,
    /// `explain`'s descriptions (`scripts/gen-explain.py`).
    Explain,
    /// The minikube node's files `minikube ssh` shows (the static pod
    /// manifests kubeadm writes): fetched with the first `minikube ssh`.
    Node,
}

impl Book {
    /// Its file, beside the page (Trunk copies it into `dist/`).
    pub fn file_name(self) -> &'static str {
        match self {
            Book::Help => "help-1.32.txt",
            Book::Explain => "explain-1.32.txt",
            Book::Node => "node-1.32.txt",
        }
    }

    /// What it is, in a French sentence.
    pub fn title(self) -> &'static str {
        match self {
            Book::Help => "l’aide de kubectl",
            Book::Explain => "la documentation des champs de kubectl explain",
            Book::Node => "les fichiers du nœud minikube",
        }
    }
}

/// The books at hand, and the one a command wanted without finding it.
#[derive(Clone, Debug, Default)]
pub struct Docs {
    help: Option<Rc<str>>,
    explain: Option<Rc<str>>,
    node: Option<Rc<str>>,
    /// A command needed a book that is not here (the console then fetches it).
    missed: Cell<Option<Book>>,
}

/// Commands that print their help when their subcommand is missing.
const HELP_WHEN_BARE: &[&str] = &["rollout", "set", "config", "top", "create"];

impl Docs {
    /// The books built into this program: both with `bundled-docs`, none without.
    pub fn bundled() -> Docs {
        #[cfg(feature = "bundled-docs")]
        {
            Docs {
                help: Some(Rc::from(include_str!("help-1.32.txt"))),
                explain: Some(Rc::from(include_str!("explain-1.32.txt"))),
                node: Some(Rc::from(include_str!("node-1.32.txt"))),
                missed: Cell::new(None),
            }
        }
        #[cfg(not(feature = "bundled-docs"))]
        {
            Docs::default()
        }
    }

    /// A book's text, if here; otherwise notes that it was wanted.
    pub fn get(&self, book: Book) -> Option<&str> {
        let text = match book {
            Book::Help => self.help.as_deref(),
            Book::Explain => self.explain.as_deref(),
            Book::Node => self.node.as_deref(),
        };
        if text.is_none() {
            self.missed.set(Some(book));
        }
        text
    }

    pub fn has(&self, book: Book) -> bool {
        match book {
            Book::Help => self.help.is_some(),
            Book::Explain => self.explain.is_some(),
            Book::Node => self.node.is_some(),
        }
    }

    /// A book fetched by the page.
    pub fn provide(&mut self, book: Book, text: &str) {
        let text = Some(Rc::from(text));
        match book {
            Book::Help => self.help = text,
            Book::Explain => self.explain = text,
            Book::Node => self.node = text,
        }
    }

    /// A file of the node book (`=== NAME` opens each one), if the book is here.
    pub fn node_file(&self, name: &str) -> Option<&str> {
        let book = self.get(Book::Node)?;
        let start = book.find(&format!("=== {name}\n"))? + name.len() + 5;
        let end = book[start..].find("\n=== ").map_or(book.len(), |i| start + i + 1);
        Some(&book[start..end])
    }

    /// The book a command wanted and did not find, once.
    pub fn take_missed(&self) -> Option<Book> {
        self.missed.take()
    }

    /// The book a command line may need and that is not here yet: `explain`
    /// needs the descriptions; `-h`, `--help`, `kubectl help`, and a command
    /// left without its subcommand (`kubectl`, `kubectl rollout`, `kubectl
    /// create secret`) need the help texts. Words are read loosely (quotes
    /// dropped, flags' values taken for words): a false alarm costs one early
    /// fetch, and what this misses, [`Docs::get`] notes for the next time.
    pub fn wanted_by(&self, line: &str) -> Option<Book> {
        line.split(|c: char| "|;&()`\n".contains(c)).find_map(|command| {
            let words: Vec<&str> = command
                .split_whitespace()
                .map(|w| w.trim_matches(|c| c == '"' || c == '\''))
                .filter(|w| !w.is_empty())
                .collect();
            // `minikube ssh` opens the node, whose files are the node book.
            if let Some(i) = words.iter().position(|w| *w == "minikube")
                && words[i + 1..].iter().find(|w| !w.starts_with('-')) == Some(&"ssh")
            {
                return (!self.has(Book::Node)).then_some(Book::Node);
            }
            let start = words.iter().position(|w| matches!(*w, "kubectl" | "k"))?;
            let rest = &words[start + 1..];
            let args: Vec<&str> = rest.iter().copied().filter(|w| !w.starts_with('-')).collect();
            let book = if args.first() == Some(&"explain") {
                Book::Explain
            } else if rest.iter().any(|w| matches!(*w, "-h" | "--help"))
                || matches!(args.as_slice(), [] | ["help", ..])
                || matches!(args.as_slice(), [command] if HELP_WHEN_BARE.contains(command))
                || matches!(args.as_slice(), ["create", "secret"] | ["create", "service"])
                || matches!(args.as_slice(), ["create", "service", ty, ..]
                    if !matches!(*ty, "clusterip" | "nodeport" | "loadbalancer" | "externalname"))
            {
                Book::Help
            } else {
                return None;
            };
            (!self.has(book)).then_some(book)
        })
    }
}

/// What a command prints when its book could not be read.
pub fn missing(book: Book) -> String {
    format!(
        "Le fichier «\u{a0}{}\u{a0}» ({}) n’est pas encore chargé\u{a0}: relancez la commande dans un instant.\n",
        book.file_name(),
        book.title()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_wants_the_book_it_may_print_from() {
        let docs = Docs::default();
        assert_eq!(docs.wanted_by("kubectl explain pod.spec"), Some(Book::Explain));
        assert_eq!(docs.wanted_by("k get pods --help | head"), Some(Book::Help));
        assert_eq!(docs.wanted_by("kubectl"), Some(Book::Help));
        assert_eq!(docs.wanted_by("kubectl get pods; kubectl rollout"), Some(Book::Help));
        assert_eq!(docs.wanted_by("kubectl create secret"), Some(Book::Help));
        assert_eq!(docs.wanted_by("kubectl create service web"), Some(Book::Help));
        assert_eq!(docs.wanted_by("kubectl help get"), Some(Book::Help));
        // The course's everyday commands run at once.
        assert_eq!(docs.wanted_by("kubectl get pods"), None);
        assert_eq!(docs.wanted_by("kubectl create deployment web --image=nginx"), None);
        assert_eq!(docs.wanted_by("kubectl create -f redis-pod.yaml"), None);
        assert_eq!(docs.wanted_by("kubectl rollout status deploy/web"), None);
        assert_eq!(docs.wanted_by("kubectl set image deploy/web web=nginx:1.27"), None);
        assert_eq!(docs.wanted_by("help"), None, "the shell's own help is French text of ours");
        assert_eq!(docs.wanted_by("echo explain"), None);
        let mut docs = docs;
        docs.provide(Book::Explain, "=x\n");
        assert_eq!(docs.wanted_by("kubectl explain pod"), None);
    }

    #[test]
    fn a_missing_book_is_noted_once() {
        let docs = Docs::default();
        assert!(docs.get(Book::Help).is_none());
        assert_eq!(docs.take_missed(), Some(Book::Help));
        assert_eq!(docs.take_missed(), None);
        assert!(Docs::bundled().get(Book::Explain).is_some_and(|t| t.contains("=io.k8s.api.core.v1.Pod\n")));
    }
}
