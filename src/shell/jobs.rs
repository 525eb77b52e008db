//! Commands left running with `&`, as bash keeps them: `kubectl port-forward
//! … &` holds its ports open while the learner goes on typing (`curl
//! localhost:8080` then reaches the pod), `jobs` lists them, `kill %N` stops
//! one, `fg` brings one back to the foreground (where Ctrl+C stops it).
//! Other commands run in the foreground even with `&`.

use crate::kubectl::info::PortForward;
use crate::kubectl::output::Output;

/// One command running in the background.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub number: usize,
    pub pid: u32,
    /// The command line as typed (without the `&`).
    pub command: String,
    pub forward: PortForward,
}

/// The session's background jobs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jobs {
    running: Vec<Job>,
    /// The process id the next job gets (as `[1] 4817` shows it).
    next_pid: u32,
    /// What the jobs printed during the current line (it goes to the terminal).
    said: Output,
}

impl Jobs {
    /// Starts a job: bash's `[N] PID` line.
    pub fn start(&mut self, command: String, forward: PortForward) -> Output {
        let number = self.running.iter().map(|j| j.number).max().unwrap_or(0) + 1;
        let pid = 4817 + self.next_pid;
        self.next_pid += 2;
        self.running.push(Job { number, pid, command, forward });
        Output::ok(format!("[{number}] {pid}\n"))
    }

    /// The pod and port a local port is forwarded to, if a job holds it.
    pub fn forwarded(&self, local: u16) -> Option<(&str, &str, i32)> {
        self.running.iter().find_map(|j| {
            let (_, remote) = j.forward.ports.iter().find(|(l, _)| *l == local)?;
            Some((j.forward.namespace.as_str(), j.forward.pod.as_str(), *remote))
        })
    }

    /// A job's line for the terminal (`Handling connection for 8080`).
    pub fn say(&mut self, text: String) {
        self.said.out(text);
    }

    /// What the jobs printed since the last call.
    pub fn take_said(&mut self) -> Output {
        std::mem::take(&mut self.said)
    }

    /// `jobs`.
    pub fn list(&self) -> Output {
        let mut text = String::new();
        for (i, j) in self.running.iter().enumerate() {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!("[{}]{}  {:<24}{} &\n", j.number, self.marker(i), "Running", j.command),
            );
        }
        Output::ok(text)
    }

    /// `+` for the current job (the newest), `-` for the one before.
    fn marker(&self, index: usize) -> char {
        match self.running.len() - index {
            1 => '+',
            2 => '-',
            _ => ' ',
        }
    }

    /// The job a `%N`, `%%`, `%+` or `%-` names (none: the current one).
    fn find(&self, spec: Option<&str>) -> Option<usize> {
        let last = self.running.len().checked_sub(1);
        match spec {
            None | Some("%%" | "%+" | "%") => last,
            Some("%-") => last.and_then(|l| l.checked_sub(1)),
            Some(s) => {
                let n: usize = s.strip_prefix('%')?.parse().ok()?;
                self.running.iter().position(|j| j.number == n)
            }
        }
    }

    /// `kill %N`: the job ends, and bash says so.
    pub fn kill(&mut self, args: &[String]) -> Output {
        let Some(spec) = args.iter().find(|a| !a.starts_with('-') || a.starts_with("%-")) else {
            let mut o = Output::fail(
                "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n",
            );
            o.code = 2;
            return o;
        };
        let found = if spec.starts_with('%') {
            self.find(Some(spec))
        } else {
            self.running.iter().position(|j| j.pid.to_string() == *spec)
        };
        let Some(i) = found else {
            return Output::fail(if spec.starts_with('%') {
                format!("bash: kill: {spec}: no such job\n")
            } else {
                format!("bash: kill: ({spec}) - No such process\n")
            });
        };
        let marker = self.marker(i);
        let job = self.running.remove(i);
        Output::ok(format!("[{}]{marker}  {:<24}{}\n", job.number, "Terminated", job.command))
    }

    /// `fg [%N]`: the job leaves the list; the caller runs it in the foreground.
    pub fn take_foreground(&mut self, args: &[String]) -> Result<Job, Output> {
        let spec = args.first().map(String::as_str);
        match self.find(spec) {
            Some(i) => Ok(self.running.remove(i)),
            None => Err(Output::fail(format!("bash: fg: {}: no such job\n", spec.unwrap_or("current")))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forward(local: u16) -> PortForward {
        PortForward { namespace: "default".into(), pod: "web".into(), ports: vec![(local, 80)] }
    }

    #[test]
    fn jobs_are_listed_killed_and_brought_back_as_bash_does() {
        let mut jobs = Jobs::default();
        assert_eq!(jobs.start("kubectl port-forward pod/web 8080:80".into(), forward(8080)).text(), "[1] 4817\n");
        assert_eq!(jobs.start("kubectl port-forward pod/web 9090:80".into(), forward(9090)).text(), "[2] 4819\n");
        assert_eq!(jobs.forwarded(9090), Some(("default", "web", 80)));
        assert_eq!(
            jobs.list().text(),
            "[1]-  Running                 kubectl port-forward pod/web 8080:80 &\n\
             [2]+  Running                 kubectl port-forward pod/web 9090:80 &\n"
        );
        assert_eq!(
            jobs.kill(&["%1".into()]).text(),
            "[1]-  Terminated              kubectl port-forward pod/web 8080:80\n"
        );
        assert_eq!(jobs.forwarded(8080), None);
        assert_eq!(jobs.kill(&["%7".into()]).text(), "bash: kill: %7: no such job\n");
        assert_eq!(jobs.kill(&[]).code, 2);
        assert_eq!(jobs.take_foreground(&[]).map(|j| j.number), Ok(2));
        assert_eq!(
            jobs.take_foreground(&[]).map(|j| j.number).map_err(|o| o.text()),
            Err("bash: fg: current: no such job\n".into())
        );
    }
}
