//! kubectl's reference texts: the `--help` of every command (built into the
//! real kubectl) and the field descriptions `explain` prints (the real kubectl
//! fetches them from the API server's OpenAPI documents), the minikube node's
//! files, and the kubernetes.io examples `-f URL` reads (the simulator has no
//! Internet access: the tutorials' manifests are a book too).
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
    /// The kubernetes.io examples `-f https://k8s.io/examples/PATH` reads
    /// (the simulator has no Internet access): fetched with the first such line.
    Examples,
    /// The API server's 1.32 field tree (`scripts/gen-schema.py`), which
    /// strict decoding reads: fetched with the first kubectl line. The
    /// cluster keeps it (`cluster::schema`), not `Docs`.
    Fields,
}

impl Book {
    /// Its file, beside the page (Trunk copies it into `dist/`).
    pub fn file_name(self) -> &'static str {
        match self {
            Book::Help => "help-1.32.txt",
            Book::Explain => "explain-1.32.txt",
            Book::Node => "node-1.32.txt",
            Book::Examples => "examples-1.32.txt",
            Book::Fields => "fields-1.32.txt",
        }
    }

    /// What it is, in a French sentence.
    pub fn title(self) -> &'static str {
        match self {
            Book::Help => "l’aide de kubectl",
            Book::Explain => "la documentation des champs de kubectl explain",
            Book::Node => "les fichiers du nœud minikube",
            Book::Examples => "les exemples de kubernetes.io",
            Book::Fields => "le schéma des objets de Kubernetes",
        }
    }
}

/// The books at hand, and the one a command wanted without finding it.
#[derive(Clone, Debug, Default)]
pub struct Docs {
    help: Option<Rc<str>>,
    explain: Option<Rc<str>>,
    node: Option<Rc<str>>,
    examples: Option<Rc<str>>,
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
                examples: Some(Rc::from(include_str!("examples-1.32.txt"))),
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
            Book::Examples => self.examples.as_deref(),
            Book::Fields => return None,
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
            Book::Examples => self.examples.is_some(),
            Book::Fields => crate::cluster::schema::ready(),
        }
    }

    /// A book fetched by the page.
    pub fn provide(&mut self, book: Book, text: &str) {
        if book == Book::Fields {
            return crate::cluster::schema::provide(text);
        }
        let text = Some(Rc::from(text));
        match book {
            Book::Help => self.help = text,
            Book::Explain => self.explain = text,
            Book::Node => self.node = text,
            Book::Examples => self.examples = text,
            Book::Fields => {}
        }
    }

    /// A file of the node book (`=== NAME` opens each one), if the book is here.
    pub fn node_file(&self, name: &str) -> Option<&str> {
        section(self.get(Book::Node)?, name)
    }

    /// The book a command wanted and did not find, once.
    pub fn take_missed(&self) -> Option<Book> {
        self.missed.take()
    }

    /// The book a command line may need and that is not here yet: `explain`
    /// needs the descriptions; `-h`, `--help`, `kubectl help`, and a command
    /// left without its subcommand (`kubectl`, `kubectl rollout`, `kubectl
    /// create secret`) need the help texts; `-f` with a kubernetes.io example's
    /// URL needs the examples; and any kubectl line needs the field tree
    /// (strict decoding), until it is here. Words are read loosely (quotes
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
            // So does `minikube addons enable ingress` (the addon's manifest).
            if let Some(i) = words.iter().position(|w| *w == "minikube")
                && words[i + 1..].starts_with(&["addons", "enable", "ingress"])
            {
                return (!self.has(Book::Node)).then_some(Book::Node);
            }
            // `wget`/`curl` of a kubernetes.io example (a tutorial's download step).
            if words.first().is_some_and(|w| matches!(*w, "wget" | "curl"))
                && words.iter().any(|w| super::apply::example_section(w).is_some())
            {
                return (!self.has(Book::Examples)).then_some(Book::Examples);
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
                // `config set` and `config unset` print their help on a wrong count of arguments.
                || matches!(args.as_slice(), ["config", "set", rest @ ..] if rest.len() != 2)
                || matches!(args.as_slice(), ["config", "unset", rest @ ..] if rest.len() != 1)
                || matches!(args.as_slice(), ["create", "service", ty, ..]
                    if !matches!(*ty, "clusterip" | "nodeport" | "loadbalancer" | "externalname"))
            {
                Book::Help
            } else if filenames(rest).any(|f| super::apply::example_section(f).is_some()) {
                Book::Examples
            } else {
                Book::Fields
            };
            // Every kubectl line may send a manifest: the field tree first
            // comes with the first one, after any other book it needs.
            [book, Book::Fields].into_iter().find(|b| !self.has(*b))
        })
    }
}

/// The values of `-f` among a command's words, as pflag reads them (`-f V`,
/// `-fV`, `-f=V`, `--filename V`, `--filename=V`), each a comma-separated list.
fn filenames<'a>(words: &'a [&'a str]) -> impl Iterator<Item = &'a str> {
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match *w {
            "-f" | "--filename" => words.get(i + 1).copied(),
            w => w.strip_prefix("--filename=").or_else(|| {
                w.strip_prefix("-f").filter(|_| !w.starts_with("--")).map(|v| v.strip_prefix('=').unwrap_or(v))
            }),
        })
        .flat_map(|v| v.split(','))
}

/// The section `=== NAME` of a book (a line of its own), up to the next one.
pub fn section<'a>(book: &'a str, name: &str) -> Option<&'a str> {
    let header = format!("=== {name}\n");
    let start = if book.starts_with(&header) { 0 } else { book.find(&format!("\n{header}"))? + 1 } + header.len();
    let end = book[start..].find("\n=== ").map_or(book.len(), |i| start + i + 1);
    Some(&book[start..end])
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
        // A kubernetes.io example by URL, however `-f` is written; other hosts need no book.
        let url = "https://k8s.io/examples/pods/simple-pod.yaml";
        for line in [
            format!("kubectl apply -f {url}"),
            format!("kubectl create -f '{url}'"),
            format!("k delete --filename={url}"),
            format!("kubectl apply -f=a.yaml,{url}"),
            format!("kubectl replace --force -f{url}"),
            "kubectl apply -f https://raw.githubusercontent.com/kubernetes/examples/master/guestbook/frontend-service.yaml".into(),
        ] {
            assert_eq!(docs.wanted_by(&line), Some(Book::Examples), "{line}");
        }
        assert_eq!(docs.wanted_by("kubectl apply -f https://example.com/pod.yaml"), None);
        assert_eq!(docs.wanted_by(&format!("kubectl apply -f {url} --help")), Some(Book::Help));
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
        assert!(Docs::bundled().get(Book::Examples).is_some_and(|t| t.contains("\n=== pods/simple-pod.yaml\n")));
    }

    #[test]
    fn a_section_is_a_whole_line_up_to_the_next() {
        let book = "=== a\none\n=== xa\ntwo\n=== b\nthree\n";
        assert_eq!(section(book, "a"), Some("one\n"));
        assert_eq!(section(book, "xa"), Some("two\n"));
        assert_eq!(section(book, "b"), Some("three\n"));
        assert_eq!(section(book, "c"), None);
        assert_eq!(section("", "a"), None);
    }
}
