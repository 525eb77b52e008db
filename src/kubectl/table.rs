//! Tables as kubectl lays them out: Go's `text/tabwriter` with min width 6,
//! padding 3 and spaces (cli-runtime's `GetNewTabWriter`). Every column but
//! the last is padded to its widest cell plus 3; the last is never padded.

/// A header and rows of cells, printed like `kubectl get`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

const MIN_WIDTH: usize = 6;
const PADDING: usize = 3;

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table { header: header.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// The laid-out text, one line per row (header first), each ending in `\n`.
    pub fn render(&self, with_header: bool) -> String {
        let lines: Vec<&Vec<String>> = if with_header {
            std::iter::once(&self.header).chain(&self.rows).collect()
        } else {
            self.rows.iter().collect()
        };
        render_cells(&lines)
    }
}

/// Aligns rows of cells as tabwriter does (cells are measured in characters).
pub fn render_cells(lines: &[&Vec<String>]) -> String {
    render_with_widths(lines, &mut Vec::new())
}

/// Like [`render_cells`], starting from column widths already seen and
/// growing them: kubectl's tabwriter remembers widths across flushes
/// (`RememberWidths`), so the lines of a watch stay aligned with the header.
pub fn render_with_widths(lines: &[&Vec<String>], widths: &mut Vec<usize>) -> String {
    let columns = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    if widths.len() < columns {
        widths.resize(columns, 0);
    }
    for line in lines {
        // The last cell of a line is not part of a column.
        for (i, cell) in line.iter().enumerate().take(line.len().saturating_sub(1)) {
            widths[i] = widths[i].max((cell.chars().count() + PADDING).max(MIN_WIDTH));
        }
    }
    let mut out = String::new();
    for line in lines {
        for (i, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < line.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_like_kubectl_get_pods() {
        let mut t = Table::new(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
        t.push(vec!["redis".into(), "1/1".into(), "Running".into(), "0".into(), "3m15s".into()]);
        assert_eq!(
            t.render(true),
            "NAME    READY   STATUS    RESTARTS   AGE\nredis   1/1     Running   0          3m15s\n"
        );
    }

    #[test]
    fn lays_out_like_kubectl_get_services() {
        let mut t = Table::new(&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
        t.push(vec![
            "kubernetes".into(),
            "ClusterIP".into(),
            "10.96.0.1".into(),
            "<none>".into(),
            "443/TCP".into(),
            "36h".into(),
        ]);
        t.push(vec![
            "redis".into(),
            "ClusterIP".into(),
            "10.98.12.103".into(),
            "<none>".into(),
            "6379/TCP".into(),
            "65s".into(),
        ]);
        // The course's transcript (seed 000), which real kubectl printed.
        assert_eq!(
            t.render(true),
            "NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)    AGE\n\
             kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP    36h\n\
             redis        ClusterIP   10.98.12.103   <none>        6379/TCP   65s\n"
        );
    }
}

/// Marks a `Flush()` in text given to [`tabwrite`]: what comes after is
/// aligned on its own (describe flushes before its Events table).
pub const FLUSH: char = '\u{c}';

/// Go's `text/tabwriter` on tab-separated text: a column block is a run of
/// consecutive lines that have a cell in that column; each block is as wide
/// as its widest cell plus `padding` (at least `min_width`). The text after a
/// line's last tab is not a cell and is never padded.
pub fn tabwrite(text: &str, min_width: usize, padding: usize) -> String {
    text.split(FLUSH).map(|part| tabwrite_part(part, min_width, padding)).collect()
}

fn tabwrite_part(text: &str, min_width: usize, padding: usize) -> String {
    let ends_with_newline = text.ends_with('\n');
    let body = if ends_with_newline { &text[..text.len() - 1] } else { text };
    if body.is_empty() {
        return text.to_string();
    }
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.len().saturating_sub(1)]).collect();
    format_block(&lines, &mut widths, 0, 0, lines.len(), min_width, padding);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                let pad = widths[i][j].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        if i + 1 < lines.len() || ends_with_newline {
            out.push('\n');
        }
    }
    out
}

fn format_block(
    lines: &[Vec<&str>],
    widths: &mut [Vec<usize>],
    column: usize,
    mut line0: usize,
    line1: usize,
    min_width: usize,
    padding: usize,
) {
    let mut this = line0;
    while this < line1 {
        if column >= lines[this].len().saturating_sub(1) {
            this += 1;
            continue;
        }
        line0 = this;
        let mut width = min_width;
        while this < line1 && column < lines[this].len().saturating_sub(1) {
            width = width.max(lines[this][column].chars().count() + padding);
            this += 1;
        }
        for w in widths.iter_mut().take(this).skip(line0) {
            w[column] = width;
        }
        format_block(lines, widths, column + 1, line0, this, min_width, padding);
    }
}

#[cfg(test)]
mod tabwriter_tests {
    use super::*;

    #[test]
    fn blocks_align_like_go_tabwriter() {
        let text = "Name:\tweb\nIPs:\n  IP:\t10.0.0.1\nContainers:\nRestart Count:\t0\nReady:\tTrue\n";
        assert_eq!(
            tabwrite(text, 0, 2),
            "Name:  web\nIPs:\n  IP:  10.0.0.1\nContainers:\nRestart Count:  0\nReady:          True\n"
        );
        let flushed = format!("A:\t1\n{FLUSH}Events:\n  Type\tReason\n  ----\t------\n");
        assert_eq!(tabwrite(&flushed, 0, 2), "A:  1\nEvents:\n  Type  Reason\n  ----  ------\n");
    }
}
