//! A container's shell as a real container's: `sh -c` and `exec -it` lines
//! run by the shell language (exit codes, cd, redirections, loops), busybox's
//! ps and kill, the tools the course's debug pod uses, and a looping command's
//! log one line per simulated second.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::{Mode, Session};

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

fn out(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.input(line).output;
    (o.stdout(), o.stderr(), o.code)
}

/// A session with a busybox pod `b` (`sleep 3600`) and a `web` nginx
/// deployment behind its service, all running.
fn with_pods() -> Session {
    let mut s = new_session(1);
    run(&mut s, "kubectl run b --image=busybox -- sleep 3600");
    run(&mut s, "kubectl create deployment web --image=nginx");
    run(&mut s, "kubectl expose deployment web --port=80");
    s.tick(15.0);
    s
}

#[test]
fn exec_returns_the_scripts_own_exit_code() {
    let mut s = with_pods();
    // kubectl's exec.go: "command terminated with exit code %d", and kubectl exits with it.
    assert_eq!(
        out(&mut s, "kubectl exec b -- sh -c 'exit 7'"),
        (String::new(), "command terminated with exit code 7\n".into(), 7)
    );
    assert_eq!(run(&mut s, "echo $?"), "7\n");
    assert_eq!(
        out(&mut s, "kubectl exec b -- sh -c 'nope'"),
        (String::new(), "sh: nope: not found\ncommand terminated with exit code 127\n".into(), 127)
    );
    // Without a shell, a missing program is the runtime's error.
    let (_, err, code) = out(&mut s, "kubectl exec b -- nope");
    assert_eq!(
        err,
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nope\": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n"
    );
    assert_eq!(code, 126);
    assert_eq!(
        run(
            &mut s,
            r#"kubectl exec b -- sh -c 'for i in 1 2 3; do echo "n=$i"; done; i=$((i*10)); echo $i; false || echo ${X:-unset}'"#
        ),
        "n=1\nn=2\nn=3\n30\nunset\n"
    );
    // Empty and unquoted expansions split as the shell splits them.
    assert_eq!(
        run(
            &mut s,
            r#"kubectl exec b -- sh -c 'for i in $NOPE; do echo x; done; [ -z "$NOPE" ] && [ "$NOPE" = "" ] && echo empty; L="a  b"; for w in $L; do echo "<$w>"; done; echo "$L"'"#
        ),
        "empty\n<a>\n<b>\na  b\n"
    );
    // busybox has ash, not bash.
    assert_eq!(
        out(&mut s, "kubectl exec -it b -- bash"),
        (String::new(), "OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n".into(), 126)
    );
    assert_eq!(s.mode(), Mode::Ready);
    // Debian's dash in the nginx image words it its own way.
    let (_, err, code) = out(&mut s, "kubectl exec deploy/web -- sh -c 'ps'");
    assert_eq!((err.as_str(), code), ("sh: 1: ps: not found\ncommand terminated with exit code 127\n", 127));
}

#[test]
fn an_interactive_shell_keeps_its_directory_files_and_variables() {
    let mut s = with_pods();
    assert_eq!(run(&mut s, "kubectl exec -it b -- sh"), "");
    assert_eq!(s.mode(), Mode::Attached);
    assert_eq!(s.prompt(), "/ # ");
    assert_eq!(run(&mut s, "cd /tmp"), "");
    assert_eq!(s.prompt(), "/tmp # ");
    assert_eq!(run(&mut s, "echo hi > /tmp/f"), "");
    assert_eq!(run(&mut s, "echo ho >> f"), "");
    assert_eq!(run(&mut s, "cat f"), "hi\nho\n");
    assert_eq!(run(&mut s, "ls"), "f\n");
    assert_eq!(run(&mut s, "for i in 1 2 3; do echo $i; done"), "1\n2\n3\n");
    assert_eq!(run(&mut s, "NAME=world"), "");
    assert_eq!(run(&mut s, "echo \"hello $NAME\" | grep hello"), "hello world\n");
    assert_eq!(run(&mut s, "cd /nope"), "sh: cd: can't cd to /nope: No such file or directory\n");
    assert_eq!(run(&mut s, "echo $?"), "2\n");
    assert_eq!(run(&mut s, "cd ~/../tmp && pwd"), "/tmp\n");
    assert_eq!(run(&mut s, "cd"), "");
    assert_eq!(s.prompt(), "~ # ");
    let (_, err, code) = out(&mut s, "exit 3");
    assert_eq!((err.as_str(), code), ("command terminated with exit code 3\n", 3));
    assert_eq!(s.mode(), Mode::Ready);
    assert_eq!(run(&mut s, "echo $?"), "3\n");
    // A new session starts at `/`; the file is still in the container.
    run(&mut s, "kubectl exec -it b -- sh");
    assert_eq!(s.prompt(), "/ # ");
    assert_eq!(run(&mut s, "cat /tmp/f"), "hi\nho\n");
    run(&mut s, "exit");
    // bash in a Debian image: its prompt follows the directory.
    run(&mut s, "kubectl exec -it deploy/web -- bash");
    let pod = s.prompt();
    assert!(pod.starts_with("root@web-") && pod.ends_with(":/# "), "{pod}");
    run(&mut s, "cd /usr/share/nginx/html");
    assert!(s.prompt().ends_with(":/usr/share/nginx/html# "), "{}", s.prompt());
}

#[test]
fn busybox_ps_and_kill_behave_as_in_a_container() {
    let mut s = with_pods();
    // busybox's ps: PID 1 is the container's command; an exec runs ps in its place.
    assert_eq!(
        run(&mut s, "kubectl exec b -- ps"),
        "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n"
    );
    run(&mut s, "kubectl exec -it b -- sh");
    assert_eq!(
        run(&mut s, "ps"),
        "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 sh\n   13 root      0:00 ps\n"
    );
    // PID 1 has no SIGTERM handler: the kernel does not deliver it (nor SIGKILL from inside).
    assert_eq!(out(&mut s, "kill 1"), (String::new(), String::new(), 0));
    assert_eq!(out(&mut s, "kill -9 1"), (String::new(), String::new(), 0));
    assert_eq!(out(&mut s, "kill 99"), (String::new(), "sh: can't kill pid 99: No such process\n".into(), 1));
    run(&mut s, "exit");
    s.tick(5.0);
    assert!(run(&mut s, "kubectl get pod b").contains("Running   0 "), "{}", run(&mut s, "kubectl get pod b"));
}

#[test]
fn wget_and_nslookup_reach_services_through_cluster_dns() {
    let mut s = with_pods();
    run(&mut s, "kubectl apply -f pod-debug.yaml");
    s.tick(10.0);
    let page = run(&mut s, "kubectl exec debug -- wget -qO- http://web");
    assert!(page.starts_with("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>"), "{page}");
    assert_eq!(
        out(&mut s, "kubectl exec debug -- wget -qO- http://x"),
        (String::new(), "wget: bad address 'x'\ncommand terminated with exit code 1\n".into(), 1)
    );
    let ip = run(&mut s, "kubectl get svc web -o jsonpath={.spec.clusterIP}");
    // The course's loop against a service, in the debug pod's shell.
    assert_eq!(
        run(&mut s, "kubectl exec debug -- sh -c 'for i in 1 2 3; do wget -qO- http://web > /tmp/p$i; done; ls /tmp'"),
        "p1\np2\np3\n"
    );
    assert!(run(&mut s, "kubectl exec debug -- cat /tmp/p2").contains("Welcome to nginx!"));
    let dns = run(&mut s, "kubectl exec debug -- nslookup web");
    assert!(
        dns.starts_with("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\n"),
        "{dns}"
    );
    assert!(dns.contains(&format!("Address: {ip}\n")), "{dns}");
}

#[test]
fn a_looping_command_logs_one_line_per_simulated_second() {
    let mut s = new_session(1);
    // The `counter` pod of kubernetes.io's logging concepts page.
    run(
        &mut s,
        r#"kubectl run counter --image=busybox:1.28 -- /bin/sh -c 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'"#,
    );
    run(&mut s, "kubectl run x --image=busybox -- sh -c 'while true; do echo x; sleep 1; done'");
    s.tick(12.0);
    let logs = run(&mut s, "kubectl logs counter");
    let lines: Vec<&str> = logs.lines().collect();
    assert!(lines.len() >= 9, "{logs}");
    for (i, line) in lines.iter().enumerate() {
        assert!(line.starts_with(&format!("{i}: Mon Mar  2 09:00:")), "{line}");
    }
    let x = run(&mut s, "kubectl logs x");
    assert_eq!(x, "x\n".repeat(lines.len()));
    assert_eq!(run(&mut s, "kubectl logs counter --tail=2").lines().count(), 2);
    let last = lines.last().unwrap().to_string();
    assert_eq!(run(&mut s, "kubectl logs counter --tail=1"), format!("{last}\n"));
    assert_eq!(run(&mut s, "kubectl logs counter --since=3s").lines().count(), 3);
    // `logs -f` follows: one more line per second.
    run(&mut s, "kubectl logs -f counter --tail=0");
    assert_eq!(s.mode(), Mode::Running);
    let more = s.tick(3.0).text();
    assert_eq!(more.lines().count(), 3, "{more}");
    assert!(more.starts_with(&format!("{}: ", lines.len())), "{more}");
}

#[test]
fn odd_shell_input_never_panics() {
    let mut s = with_pods();
    run(&mut s, "kubectl exec -it b -- sh");
    for line in [
        "echo 'unterminated",
        "echo \"a",
        "echo $((1/0))",
        "echo $((",
        "echo ${",
        "echo $(",
        "echo `",
        "for",
        "for i in; do",
        "while true; do",
        "if true; then echo",
        "exit 99999999999999999999",
        "sleep -1",
        "sleep 1e400",
        "echo $((9223372036854775807+1)) $((-9223372036854775807-1)) $(((-9223372036854775807-1)/-1))",
        "head -é",
        "printf %",
        "echo é > /tmp/é; cat /tmp/é",
        "x=$(echo $(echo $(echo deep))); echo $x",
        "echo $(((((((((((((((((((((1))))))))))))))))))))",
        "(",
        ")",
        "| wc",
        "; ;",
        "2>",
        "echo > ",
        "cat < /nope",
        "[ 1 -lt ]",
        "[ a",
        "test",
        "cd ../../..; pwd",
    ] {
        let _ = s.input(line);
        if s.mode() != Mode::Attached {
            run(&mut s, "kubectl exec -it b -- sh");
        }
    }
    assert_eq!(run(&mut s, "echo $((7*6))"), "42\n");
    assert_eq!(run(&mut s, "echo 'a"), "sh: syntax error: unexpected end of file\n");
}

#[test]
fn nginx_serves_the_page_written_into_its_document_root() {
    let mut s = with_pods();
    assert_eq!(run(&mut s, "kubectl exec deploy/web -- ls /usr/share/nginx/html"), "50x.html\nindex.html\n");
    assert!(
        run(&mut s, "kubectl exec deploy/web -- cat /usr/share/nginx/html/index.html").contains("Welcome to nginx!")
    );
    // A page written there stays in the container, and nginx serves it.
    run(&mut s, "kubectl exec deploy/web -- sh -c 'cd /usr/share/nginx/html && echo Bonjour > hello.html'");
    assert_eq!(run(&mut s, "kubectl exec deploy/web -- ls /usr/share/nginx/html"), "50x.html\nhello.html\nindex.html\n");
    assert_eq!(run(&mut s, "kubectl exec deploy/web -- cat /usr/share/nginx/html/hello.html"), "Bonjour\n");
    assert_eq!(run(&mut s, "kubectl exec b -- wget -qO- http://web/hello.html"), "Bonjour\n");
    run(&mut s, "kubectl exec deploy/web -- sh -c 'echo Salut > /usr/share/nginx/html/index.html'");
    assert_eq!(run(&mut s, "kubectl exec b -- wget -qO- http://web"), "Salut\n");
    let log = run(&mut s, "kubectl logs deploy/web --tail=1");
    assert!(log.contains("\"GET / HTTP/1.1\" 200 6 "), "{log}");
    assert_eq!(
        out(&mut s, "kubectl exec deploy/web -- ls /nope"),
        (String::new(), "ls: cannot access '/nope': No such file or directory\ncommand terminated with exit code 2\n".into(), 2)
    );
}

#[test]
fn an_arithmetic_error_ends_the_line_not_the_session() {
    let mut s = with_pods();
    // dash (nginx's image) has no `**`; busybox's ash has.
    assert_eq!(
        out(&mut s, "kubectl exec deploy/web -- sh -c 'echo $((2**3)); echo after'"),
        (
            String::new(),
            "sh: 1: arithmetic expression: expecting primary: \"2**3\"\ncommand terminated with exit code 2\n".into(),
            2
        )
    );
    assert_eq!(run(&mut s, "kubectl exec b -- sh -c 'echo $((2**10))'"), "1024\n");
    run(&mut s, "kubectl exec -it b -- sh");
    assert_eq!(run(&mut s, "echo $((1/0))"), "sh: divide by zero\n");
    assert_eq!(s.mode(), Mode::Attached);
    assert_eq!(run(&mut s, "echo $?"), "2\n");
}

#[test]
fn a_days_old_loop_still_logs_and_stays_bounded() {
    let mut s = new_session(1);
    run(
        &mut s,
        r#"kubectl run counter --image=busybox -- sh -c 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 60; done'"#,
    );
    run(&mut s, "kubectl run grow --image=busybox -- sh -c 'x=a; while true; do x=$x$x; echo $x; sleep 1; done'");
    s.tick(86_400.0);
    assert_eq!(run(&mut s, "kubectl logs counter --tail=1"), "1439: Tue Mar  3 08:59:02 UTC 2026\n");
    s.tick(86_400.0);
    // A read goes on from where the last one stopped.
    assert_eq!(run(&mut s, "kubectl logs counter --tail=1"), "2879: Wed Mar  4 08:59:02 UTC 2026\n");
    assert_eq!(run(&mut s, "kubectl logs counter").lines().count(), 2880);
    // A variable doubling each second stops at 1 MiB; the log keeps at most 10 MiB.
    let grown = run(&mut s, "kubectl logs grow");
    assert!(grown.len() <= 10 * 1024 * 1024 && grown.lines().all(|l| l.bytes().all(|b| b == b'a')), "{}", grown.len());
    assert_eq!(grown.lines().map(str::len).max(), Some(1 << 20));
}

/// A container's main command runs as its shell would run it: `kubectl run
/// -i --rm` of busybox's `nslookup` prints cluster DNS's answer, `logs`
/// shows what `echo` wrote, quotes and all.
#[test]
fn a_main_command_writes_its_output_to_the_logs() {
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl create deployment web --image=nginx");
    s.input("kubectl expose deploy web --port=80");
    s.tick(15.0);
    let out = s.input("kubectl run d --image=busybox:1.28 --rm -i --restart=Never -- nslookup web").output.text();
    assert_eq!(
        out,
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      web\nAddress 1: 10.103.23.202 web.default.svc.cluster.local\npod \"d\" deleted\n"
    );
    s.input("kubectl run e --image=busybox --restart=Never -- echo 'hello   world' \"it's\"");
    s.tick(10.0);
    assert_eq!(s.input("kubectl logs e").output.text(), "hello   world it's\n");
}

/// busybox 1.28, which the Kubernetes DNS pages pin, has the old nslookup:
/// one lookup through the search domains, `Address 1:` lines with names.
#[test]
fn busybox_1_28_has_the_old_nslookup() {
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl run b --image=busybox:1.28 -- sleep 3600");
    s.tick(15.0);
    let head = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n";
    assert_eq!(
        out(&mut s, "kubectl exec b -- nslookup kubernetes.default"),
        (format!("{head}Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n"), String::new(), 0)
    );
    assert_eq!(
        out(&mut s, "kubectl exec b -- nslookup nope"),
        (head.to_string(), "nslookup: can't resolve 'nope'\ncommand terminated with exit code 1\n".to_string(), 1)
    );
}
