//! Hostile input (issue 16): the shell keeps the learner's work, never
//! hangs, and answers in bash's, GNU coreutils' and kubectl's own words.
//! Expected texts were checked against bash 5.2, GNU coreutils 9.1 and
//! client-go's `tools/portforward/portforward.go`.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

use kube_atelier::kubectl::output::Output;
use kube_atelier::shell::console::Console;
use kube_atelier::shell::{Mode, Session};

fn session() -> Session {
    Session::new(1, 0)
}

/// Runs a line and lets what it waits for finish, as script mode does.
fn run(s: &mut Session, line: &str) -> Output {
    let mut out = s.input(line).output;
    if s.mode() == Mode::Running {
        let more = s.run_until_quiet(600.0);
        out.chunks.extend(more.chunks);
        out.code = s.last_code();
    }
    out
}

fn binary(args: &[&str], stdin: &[u8]) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kube-atelier"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code().unwrap_or(-1))
}

// 1. State lost.

#[test]
fn the_root_cannot_be_moved_copied_into_itself_or_removed() {
    let mut s = session();
    assert_eq!(run(&mut s, "mv / x").stderr(), "mv: cannot move '/' to 'x': Device or resource busy\n");
    assert_eq!(run(&mut s, "cp -r / x").stderr(), "cp: cannot copy a directory, '/', into itself, 'x'\n");
    let o = run(&mut s, "rm -rf /");
    assert_eq!(
        o.stderr(),
        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
    );
    assert_eq!(o.code, 1);
    assert_eq!(run(&mut s, "rm -r .").stderr(), "rm: refusing to remove '.' or '..' directory: skipping '.'\n");
    assert_eq!(run(&mut s, "ls /").stdout(), "home  tmp\n");
    assert_eq!(run(&mut s, "pwd").stdout(), "/home/atelier\n");
    // rm -r removes a directory and what it holds.
    run(&mut s, "mkdir -p d/e; echo 1 > d/e/f");
    assert_eq!(run(&mut s, "rm -r d; ls d").stderr(), "ls: cannot access 'd': No such file or directory\n");
}

// 2. Bytes that are not UTF-8.

#[test]
fn a_latin1_line_reads_with_a_replacement_character_and_the_script_goes_on() {
    let (out, err, code) = binary(&["--echo"], b"echo caf\xe9\necho next\nfalse\n");
    assert_eq!(out, "$ echo caf\u{fffd}\ncaf\u{fffd}\n$ echo next\nnext\n$ false\n");
    assert_eq!(err, "");
    assert_eq!(code, 1);
}

#[test]
fn a_latin1_file_in_dir_is_loaded_with_replacement_characters() {
    let dir = std::env::temp_dir().join(format!("atelier-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), b"r\xe9sum\xe9\n").unwrap();
    let (out, _, code) = binary(&["--dir", dir.to_str().unwrap()], b"cat notes.txt\n");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out, "r\u{fffd}sum\u{fffd}\n");
    assert_eq!(code, 0);
}

// 3. A wait over at once.

#[test]
fn a_delete_that_finishes_at_once_runs_the_rest_of_its_line() {
    let mut s = session();
    run(&mut s, "kubectl create ns t");
    let reply = s.input("kubectl delete ns t && echo ok; echo code $?");
    assert_eq!(s.mode(), Mode::Ready, "the line ended without the clock moving");
    assert_eq!(reply.output.stdout(), "namespace \"t\" deleted\nok\ncode 0\n");
    // In the console, the next line is read at once too (none lost, no 130).
    let mut c = Console::new(session());
    c.run("kubectl run p --image=nginx");
    c.finish_running();
    c.run("kubectl delete pod p --grace-period=0 --force; echo next $?");
    c.finish_running();
    c.run("echo after $?");
    let screen: Vec<String> = c.lines().map(|l| l.text.clone()).collect();
    assert!(screen.iter().any(|l| l == "next 0"), "{screen:?}");
    assert_eq!(screen.last().unwrap(), "after 0");
}

// 4. sleep.

#[test]
fn sleep_reads_gnu_intervals_and_a_sleep_past_year_9999_waits_for_ctrl_c() {
    let mut s = session();
    run(&mut s, "sleep 1d 1.5m 30s");
    assert_eq!(run(&mut s, "date").stdout(), "Tue Mar  3 09:02:00 UTC 2026\n");
    let o = run(&mut s, "sleep x 1 y");
    assert_eq!(
        o.stderr(),
        "sleep: invalid time interval ‘x’\nsleep: invalid time interval ‘y’\nTry 'sleep --help' for more information.\n"
    );
    assert_eq!(o.code, 1);
    assert_eq!(run(&mut s, "sleep -1").stderr(), "sleep: invalid option -- '1'\nTry 'sleep --help' for more information.\n");
    assert_eq!(run(&mut s, "sleep").stderr(), "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    for huge in ["inf", "1e19", "infinity", "1e300d"] {
        s.input(&format!("sleep {huge}"));
        assert_eq!(s.mode(), Mode::Running, "sleep {huge}");
        s.tick(1e6);
        assert_eq!(s.mode(), Mode::Running, "sleep {huge} waits until Ctrl+C");
        s.interrupt();
        assert_eq!(s.last_code(), 130);
    }
    // The clock moved by the four ticks only (46 days, 7:06:40).
    assert_eq!(run(&mut s, "date").stdout(), "Sat Apr 18 16:08:40 UTC 2026\n");
}

// 5. Long inputs stay linear.

#[test]
fn a_long_heredoc_and_a_long_open_quote_are_read_in_linear_time() {
    let mut s = session();
    s.input("cat > big.txt <<EOF");
    for i in 0..100_000 {
        s.input(&format!("line {i}"));
    }
    s.input("EOF");
    assert_eq!(run(&mut s, "wc -l big.txt").stdout(), "100000\n");
    assert_eq!(run(&mut s, "tail -n 1 big.txt").stdout(), "line 99999\n");
    s.input("echo \"open");
    for i in 0..20_000 {
        s.input(&format!("quoted {i} it's"));
        assert_eq!(s.mode(), Mode::More);
    }
    let o = s.input("end\" | wc -l").output;
    assert_eq!(o.stdout(), "20002\n");
}

#[test]
fn a_script_ending_inside_a_heredoc_runs_its_body_with_bashs_warning() {
    let (out, err, code) = binary(&[], b"echo a\ncat <<EOF\nabc\n");
    assert_eq!(out, "a\nabc\n");
    assert_eq!(err, "bash: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')\n");
    assert_eq!(code, 0);
    let (_, err, code) = binary(&[], b"echo \"b\nc\n");
    assert_eq!(err, "bash: unexpected EOF while looking for matching `\"'\nbash: syntax error: unexpected end of file\n");
    assert_eq!(code, 2);
}

// 6. grep's counted repetitions.

#[test]
fn grep_refuses_huge_counts_as_gnu_and_answers_legal_ones() {
    let mut s = session();
    s.input("cat > big.txt <<EOF");
    for _ in 0..10_000 {
        s.input(&"a".repeat(49));
    }
    s.input("EOF");
    let o = run(&mut s, "grep -E 'a{99999}' big.txt");
    assert_eq!((o.stderr(), o.code), ("grep: Regular expression too big\n".to_string(), 2));
    let o = run(&mut s, "grep -E 'a{2,1}' big.txt");
    assert_eq!((o.stderr(), o.code), ("grep: Invalid content of \\{\\}\n".to_string(), 2));
    let o = run(&mut s, "grep -cE 'a{40}' big.txt");
    assert_eq!((o.stdout(), o.code), ("10000\n".to_string(), 0));
    // Legal, but 500 × 500,000 bytes would freeze the page: GNU's words when it runs out.
    let o = run(&mut s, "grep -cE 'a{500}x' big.txt");
    assert_eq!((o.stdout(), o.stderr(), o.code), (String::new(), "grep: memory exhausted\n".to_string(), 2));
    let o = run(&mut s, "head -n 100 big.txt | grep -cE 'a{45}'");
    assert_eq!((o.stdout(), o.code), ("100\n".to_string(), 0));
}

// 7. The files' capacity.

#[test]
fn the_files_fill_up_with_the_disk_full_errors() {
    let mut s = session();
    let line = "x".repeat(1023);
    s.input("cat > a <<EOF");
    for _ in 0..1024 {
        s.input(&line);
    }
    s.input("EOF");
    // 1 MiB each: a, b, c fit in 4 MiB, d does not.
    run(&mut s, "cp a b; cp a c");
    let o = run(&mut s, "cat a > d");
    assert_eq!((o.stderr(), o.code), ("cat: write error: No space left on device\n".to_string(), 1));
    let o = run(&mut s, "cat a a a a a >> b");
    assert_eq!(o.stderr(), "cat: write error: No space left on device\n");
    let o = run(&mut s, "echo more >> d; cat a >> d");
    assert_eq!(o.stderr(), "cat: write error: No space left on device\n");
    let o = run(&mut s, "cp a e");
    assert_eq!(o.stderr(), "cp: cannot create regular file 'e': No space left on device\n");
    // Freeing space makes room again.
    run(&mut s, "rm b c");
    assert_eq!(run(&mut s, "cat a > d && echo ok").stdout(), "ok\n");
    // bash's builtins say `bash: `.
    run(&mut s, "cp a b; cp a c");
    s.input("cat > big <<EOF");
    for _ in 0..1000 {
        s.input(&line);
    }
    s.input("EOF");
    let o = run(&mut s, "echo hello >> big; echo $(cat big) >> big");
    assert_eq!(o.stderr(), "bash: echo: write error: No space left on device\n");
}

// 8. bash's words.

#[test]
fn redirections_dup_streams_in_bashs_order() {
    let mut s = session();
    let o = run(&mut s, "echo a >&2");
    assert_eq!((o.stdout(), o.stderr()), (String::new(), "a\n".to_string()));
    // 1>&2 first: stdout goes where stderr went (the terminal); then stderr is silenced.
    assert_eq!(run(&mut s, "echo b 1>&2 2>/dev/null").stderr(), "b\n");
    run(&mut s, "kubectl get pod nope > out.txt 2>&1");
    assert_eq!(run(&mut s, "cat out.txt").stdout(), "Error from server (NotFound): pods \"nope\" not found\n");
    let o = run(&mut s, "kubectl get pod nope 2>&1 > out.txt");
    assert_eq!(o.stdout(), "Error from server (NotFound): pods \"nope\" not found\n");
    assert_eq!(run(&mut s, "cat out.txt").stdout(), "");
    run(&mut s, "kubectl get pod nope &> both.txt; echo x &>> both.txt");
    assert_eq!(run(&mut s, "cat both.txt").stdout(), "Error from server (NotFound): pods \"nope\" not found\nx\n");
    assert_eq!(run(&mut s, "kubectl get pod nope 2>/dev/null; echo $?").stdout(), "1\n");
}

#[test]
fn backticks_arithmetic_and_prefix_assignments() {
    let mut s = session();
    assert_eq!(run(&mut s, "echo `echo hi` \"q`echo x`\"").stdout(), "hi qx\n");
    assert_eq!(run(&mut s, "echo $((1+2*3)) $(( (1+2)*3 % 4 )) $((-7/2)) $((2**10)) $((010+0x10))").stdout(), "7 1 -3 1024 24\n");
    assert_eq!(run(&mut s, "N=5; echo $((N * 2)) $(($N+1))").stdout(), "10 6\n");
    let o = run(&mut s, "echo $((7/0)); echo same");
    assert_eq!((o.stdout(), o.stderr()), (String::new(), "bash: 7/0: division by 0 (error token is \"0\")\n".into()));
    assert_eq!(run(&mut s, "echo $?").stdout(), "1\n");
    assert_eq!(
        run(&mut s, "echo $(( 3 / (1-1) * 2 ))").stderr(),
        "bash: 3 / (1-1) * 2 : division by 0 (error token is \"(1-1) * 2 \")\n"
    );
    assert_eq!(run(&mut s, "echo $((2+))").stderr(), "bash: 2+: syntax error: operand expected (error token is \"+\")\n");
    assert_eq!(run(&mut s, "echo $((1 2))").stderr(), "bash: 1 2: syntax error in expression (error token is \"2\")\n");
    assert_eq!(run(&mut s, "echo $((08))").stderr(), "bash: 08: value too great for base (error token is \"08\")\n");
    assert_eq!(run(&mut s, "echo $((9223372036854775807+1)) $((2**64))").stdout(), "-9223372036854775808 0\n");
    assert_eq!(run(&mut s, "echo $(( )) $((3>2?10:20)) $(( (0?2:3) + 1 )) $((UNSET+1))").stdout(), "0 10 4 1\n");
    assert_eq!(
        run(&mut s, "echo $((1?2))").stderr(),
        "bash: 1?2: `:' expected for conditional expression (error token is \"2\")\n"
    );
    // NAME=value before a command: for that command only.
    run(&mut s, "X=1");
    assert_eq!(run(&mut s, "X=2 Y=3 kubectl get pods 2>&1; echo $X $Y").stdout(), "No resources found in default namespace.\n1\n");
}

#[test]
fn base64_wraps_as_gnu_does() {
    let mut s = session();
    assert_eq!(run(&mut s, "echo -n abc | base64 -w 0").stdout(), "YWJj");
    assert_eq!(run(&mut s, "echo -n abcdefgh | base64 -w4").stdout(), "YWJj\nZGVm\nZ2g=\n");
    assert_eq!(run(&mut s, "echo -n abc | base64 --wrap=x").stderr(), "base64: invalid wrap size: ‘x’\n");
}

#[test]
fn grep_context_groups_are_separated_by_dashes() {
    let mut s = session();
    let o = run(&mut s, "echo -e 'a\\nb\\nc\\nEvents\\nd\\ne\\nf\\ng\\na' | grep -A1 -e a -e Events");
    assert_eq!(o.stdout(), "a\nb\n--\nEvents\nd\n--\na\n");
}

#[test]
fn cat_refuses_to_append_a_file_to_itself() {
    let mut s = session();
    run(&mut s, "echo x > f");
    let o = run(&mut s, "cat f >> f");
    assert_eq!((o.stderr(), o.code), ("cat: f: input file is output file\n".to_string(), 1));
    assert_eq!(run(&mut s, "cat f").stdout(), "x\n");
    // bash opens `> f` first, emptying it: cat reads nothing, no error, and f is lost (as in bash).
    assert_eq!(run(&mut s, "cat f > f; echo $?; cat f").stdout(), "0\n");
    // A redirection that cannot open stops its command before it runs.
    let o = run(&mut s, "kubectl create ns never > nodir/out");
    assert_eq!((o.stderr(), o.code), ("bash: nodir/out: No such file or directory\n".to_string(), 1));
    assert_eq!(run(&mut s, "kubectl get ns never").stderr(), "Error from server (NotFound): namespaces \"never\" not found\n");
}

#[test]
fn a_syntax_error_does_not_leave_a_quote_open() {
    let mut s = session();
    assert_eq!(run(&mut s, "echo a ;; echo \"b").stderr(), "bash: syntax error near unexpected token `;;'\n");
    assert_eq!(s.mode(), Mode::Ready);
    assert_eq!(run(&mut s, "echo c").stdout(), "c\n");
    // A pipe at the end of a line continues on the next.
    s.input("echo piped |");
    assert_eq!(s.input("grep piped").output.stdout(), "piped\n");
}

// 9. port-forward.

#[test]
fn a_forwarded_port_is_busy_and_port_zero_picks_one() {
    let mut s = session();
    run(&mut s, "kubectl run web --image=nginx");
    run(&mut s, "sleep 30");
    run(&mut s, "kubectl port-forward pod/web 8080:80 &");
    let o = run(&mut s, "kubectl port-forward pod/web 8080:80");
    assert_eq!(
        o.stderr(),
        "Unable to listen on port 8080: Listeners failed to create with the following errors: \
         [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use \
         unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]\n\
         error: unable to listen on any of the requested ports: [{8080 80}]\n"
    );
    assert_eq!(o.code, 1);
    let o = run(&mut s, "kubectl port-forward pod/web 0:80 &");
    let text = o.stdout();
    let port: u16 = text
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix("Forwarding from 127.0.0.1:"))
        .and_then(|l| l.strip_suffix(" -> 80"))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!((32768..=60999).contains(&port), "{port}");
    assert_eq!(text, format!("[2] 4819\nForwarding from 127.0.0.1:{port} -> 80\nForwarding from [::1]:{port} -> 80\n"));
    assert!(run(&mut s, &format!("curl -s localhost:{port}")).stdout().contains("Welcome to nginx!"));
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let mut s = session();
    let line = format!("echo {}echo hi{}", "$(".repeat(3000), ")".repeat(3000));
    assert_eq!(run(&mut s, &line).stderr(), "bash: fork: Resource temporarily unavailable\n");
    let o = run(&mut s, &format!("echo $(({}2))", "2**".repeat(50_000)));
    assert!(o.stderr().contains(": expression recursion level exceeded (error token is"), "{}", &o.stderr()[..100]);
    let o = run(&mut s, &format!("echo $(({}1{}))", "(".repeat(50_000), ")".repeat(50_000)));
    assert!(o.stderr().contains(": expression recursion level exceeded (error token is"));
    assert_eq!(run(&mut s, "echo ok").stdout(), "ok\n");
}

#[test]
fn a_pasted_100000_line_heredoc_runs_in_the_console() {
    let mut c = Console::new(session());
    let mut text = String::from("cat > big.txt <<EOF\n");
    for i in 0..100_000 {
        text.push_str(&format!("line {i}\n"));
    }
    text.push_str("EOF\nwc -l big.txt\n");
    c.key(kube_atelier::shell::console::Key::Paste(text));
    assert_eq!(c.lines().last().unwrap().text, "100000");
    assert_eq!(c.lines().count(), kube_atelier::shell::console::SCROLLBACK);
}

#[test]
fn unquoted_expansions_split_into_fields_as_bash_does() {
    let mut s = session();
    run(&mut s, "kubectl run a --image=nginx; kubectl run b --image=nginx");
    let o = run(&mut s, "kubectl delete $(kubectl get pods -o name) --wait=false");
    assert_eq!(o.stdout(), "pod \"a\" deleted\npod \"b\" deleted\n");
    assert_eq!(run(&mut s, "X=\"a  b\"; echo $X \"$X\" $UNSET \"$UNSET\" end").stdout(), "a b a  b  end\n");
    assert_eq!(run(&mut s, "echo `echo a; echo b`x").stdout(), "a bx\n");
}

/// Random lines of the shell's special characters (quotes, expansions,
/// redirections, arithmetic, sleep's intervals): no panic, no hang, and the
/// session still answers afterwards.
#[test]
fn random_special_characters_never_break_the_session() {
    let alphabet: Vec<char> = "ab 1209$()`'\"\\|&;<>#{}*+-/%!~?:=\n\t\u{e9}".chars().collect();
    let mut seed: u64 = 7;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut s = session();
        for _ in 0..5 {
            let len = (next() % 30) as usize;
            let mut line: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            match next() % 6 {
                0 => line = format!("echo $(({line}))"),
                1 => line = format!("sleep {line}"),
                _ => {}
            }
            s.input(&line);
            if s.mode() == Mode::Running {
                s.run_until_quiet(10.0);
            }
        }
        s.end_of_input();
        if s.mode() != Mode::Ready {
            s.interrupt();
        }
        assert_eq!(run(&mut s, "echo ok").stdout(), "ok\n");
    }
}
