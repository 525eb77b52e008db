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
    let columns = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
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
