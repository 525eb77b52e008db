//! What a command prints: stdout and stderr in the order they were written,
//! and an exit code, as a terminal would show them.

/// Which stream a piece of text went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
    /// Our own French hints around kubectl's text: shown dimmed in the
    /// console, on stderr in the terminal, never part of kubectl's output.
    Note,
}

/// The text a command wrote, in order, and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub code: i32,
}

impl Output {
    pub fn new() -> Output {
        Output::default()
    }

    /// Only stdout text.
    pub fn ok(text: impl Into<String>) -> Output {
        let mut o = Output::new();
        o.out(text);
        o
    }

    /// Only stderr text, exit code 1.
    pub fn fail(text: impl Into<String>) -> Output {
        let mut o = Output::new();
        o.err(text);
        o.code = 1;
        o
    }

    pub fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Out, text.into());
    }

    pub fn err(&mut self, text: impl Into<String>) {
        self.push(Stream::Err, text.into());
    }

    /// A French hint of ours (see [`Stream::Note`]).
    pub fn note(&mut self, text: impl Into<String>) {
        self.push(Stream::Note, text.into());
    }

    fn push(&mut self, stream: Stream, text: String) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((s, last)) if *s == stream => last.push_str(&text),
            _ => self.chunks.push((stream, text)),
        }
    }

    /// Appends another output (its exit code wins if it failed).
    pub fn extend(&mut self, other: Output) {
        for (stream, text) in other.chunks {
            self.push(stream, text);
        }
        if other.code != 0 {
            self.code = other.code;
        }
    }

    pub fn stdout(&self) -> String {
        self.text_of(Stream::Out)
    }

    pub fn stderr(&self) -> String {
        self.text_of(Stream::Err)
    }

    fn text_of(&self, stream: Stream) -> String {
        self.chunks.iter().filter(|(s, _)| *s == stream).map(|(_, t)| t.as_str()).collect()
    }

    /// Both streams interleaved, as a terminal shows them.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
}
