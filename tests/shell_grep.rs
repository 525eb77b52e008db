//! The shell's `grep` as learners use it after `kubectl … |`: every case
//! below is what GNU grep 3.11 prints for the same input, on stdout and
//! stderr, with its exit code (checked against GNU grep, its warnings about
//! stray backslashes on, as upstream has them).
#![cfg(not(target_arch = "wasm32"))]

use std::time::{Duration, Instant};

use kube_atelier::kubectl::output::Stream;
use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

/// What `kubectl describe pod web` printed for the pod below, 30 seconds
/// after it was applied: the cases read this copy, so that they do not
/// change with describe's layout.
const DESCRIBE: &str = r#"Name:             web
Namespace:        default
Priority:         0
Service Account:  default
Node:             minikube/192.168.49.2
Start Time:       Mon, 02 Mar 2026 09:00:00 +0000
Labels:           <none>
Annotations:      <none>
Status:           Running
IP:               10.244.0.3
IPs:
  IP:  10.244.0.3
Containers:
  nginx:
    Container ID:   docker://7f6419bdf6a8daf7bad5505368a7c8884e47bb20e9b9d8d234ad5700eb32d29b
    Image:          nginx
    Image ID:       docker-pullable://nginx@sha256:7173c0ffcd982cb462545afd88cf870313435973343b2df0861208e1d0e10656
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Mon, 02 Mar 2026 09:00:04 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      cpu:     500m
      memory:  128Mi
    Requests:
      cpu:        250m
      memory:     64Mi
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-d4zxf (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-d4zxf:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to minikube
  Normal  Pulling    29s   kubelet            Pulling image "nginx"
  Normal  Pulled     26s   kubelet            Successfully pulled image "nginx" in 2.595s (2.595s including waiting). Image size: 72099501 bytes.
  Normal  Created    26s   kubelet            Created container nginx
  Normal  Started    26s   kubelet            Started container nginx
"#;

/// A pod with limits and requests.
const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx
    resources:
      limits:
        cpu: 500m
        memory: 128Mi
      requests:
        cpu: 250m
        memory: 64Mi
";

/// A session with the files the cases read: `describe.txt`, `numbers`
/// (`line 1` to `line 20`), `patterns` (`limits`, `qos`), `empty`, and `bad`
/// (patterns, one of them invalid).
fn session() -> Session {
    let mut s = new_session(1);
    let numbers: String = (1..=20).map(|n| format!("line {n}\n")).collect();
    for (name, text) in [
        ("describe.txt", DESCRIBE),
        ("numbers", &numbers),
        ("patterns", "limits\nqos\n"),
        ("empty", ""),
        ("bad", "a\n(\nb\n"),
    ] {
        s.files.write(name, text).unwrap();
    }
    s
}

/// A command line, then GNU grep's stdout, stderr and exit code.
type Case = (&'static str, &'static str, &'static str, i32);

fn check(cases: &[Case]) {
    let mut s = session();
    for &(line, stdout, stderr, code) in cases {
        let out = s.input(line).output;
        assert_eq!((out.stdout().as_str(), out.stderr().as_str(), out.code), (stdout, stderr, code), "{line}");
    }
}

/// The learner's idioms straight after kubectl: the same as on its saved output.
#[test]
fn grep_reads_what_kubectl_prints() {
    let mut s = session();
    s.files.write("web.yaml", POD).unwrap();
    s.input("kubectl apply -f web.yaml");
    s.tick(30.0);
    s.input("kubectl describe pod web > now.txt");
    for grep in ["grep -A5 Events", "grep -i -e limits -e qos", "grep -E -A2 'Limits|Requests'", "grep -c cpu"] {
        let piped = s.input(&format!("kubectl describe pod web | {grep}")).output;
        let saved = s.input(&format!("cat now.txt | {grep}")).output;
        assert_eq!(piped, saved, "{grep}");
        assert_eq!(piped.code, 0, "{grep}");
    }
    let out = s.input("kubectl describe pod web | grep -A5 Events").output;
    assert!(
        out.stdout().starts_with("Events:\n  Type    Reason     Age   From               Message\n"),
        "{}",
        out.text()
    );
}

#[test]
fn several_patterns_are_all_kept() {
    check(SEVERAL_PATTERNS);
}

#[test]
fn context_lines_come_in_groups_separated_by_dashes() {
    check(CONTEXT);
}

#[test]
fn counts_names_words_and_matching_parts() {
    check(COUNTS_AND_OUTPUT);
}

#[test]
fn errors_are_worded_as_gnu_words_them() {
    check(ERRORS);
}

#[test]
fn warnings_come_before_the_output() {
    check(WARNINGS);
}

/// `a{99999}` on 500 KB took 36 s: GNU refuses a count over 32767 at once,
/// and so does the shell now.
#[test]
fn a_huge_count_is_refused_before_any_search() {
    let mut s = session();
    s.files.write("big", "a".repeat(500_000)).unwrap();
    let started = Instant::now();
    let out = s.input("grep -E 'a{99999}' big").output;
    assert_eq!((out.stdout(), out.stderr(), out.code), (String::new(), "grep: Regular expression too big\n".into(), 2));
    // A legal count whose search would take seconds on this much text
    // (the pattern's size times the text's bytes) gives up as GNU does when
    // its memory runs out; on a line of ordinary length it answers.
    let out = s.input("grep -c -E 'a{1000}' big").output;
    assert_eq!((out.stdout(), out.stderr(), out.code), (String::new(), "grep: memory exhausted\n".into(), 2));
    s.files.write("line", "a".repeat(2000)).unwrap();
    let out = s.input("grep -c -E 'a{1000}' line").output;
    assert_eq!((out.stdout(), out.code), ("1\n".into(), 0));
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

/// GNU accepts nested counts up to 32767 each and then takes minutes; the
/// shell refuses a pattern that would expand past 1000 atoms, in GNU's words.
#[test]
fn a_pattern_that_would_blow_up_is_too_big() {
    let mut s = session();
    for pattern in ["(a{1000}){1000}", "a{1000}{1000}", "[a-z]{1001}"] {
        let out = s.input(&format!("grep -E '{pattern}' describe.txt")).output;
        assert_eq!((out.stderr(), out.code), ("grep: Regular expression too big\n".into(), 2), "{pattern}");
    }
}

/// What GNU grep has and the console does not says so in French, exit 2.
#[test]
fn what_the_console_lacks_is_said_in_french() {
    let mut s = session();
    for (line, note) in [
        ("grep -r cpu .", "grep : l’option « -r » n’est pas disponible dans cette console.\n"),
        (
            "grep --include=*.yaml cpu describe.txt",
            "grep : l’option « --include » n’est pas disponible dans cette console.\n",
        ),
        (
            "grep -E '(Limits)\\1' describe.txt",
            "grep : une référence arrière (\\1 … \\9) n’est pas disponible dans cette console.\n",
        ),
    ] {
        let out = s.input(line).output;
        let notes: String = out.chunks.iter().filter(|(s, _)| *s == Stream::Note).map(|(_, t)| t.as_str()).collect();
        assert_eq!((notes.as_str(), out.code), (note, 2), "{line}");
    }
}

const SEVERAL_PATTERNS: &[Case] = &[
    ("cat describe.txt | grep -i -e limits -e qos", "    Limits:\nQoS Class:                   Burstable\n", "", 0),
    ("cat describe.txt | grep -e Limits -e Requests", "    Limits:\n    Requests:\n", "", 0),
    (
        "cat describe.txt | grep -E -e 'Lim|Req' -e '^QoS'",
        "    Limits:\n    Requests:\nQoS Class:                   Burstable\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -F -e 'cpu:' -e '(ro)'",
        "      cpu:     500m\n      cpu:        250m\n      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-d4zxf (ro)\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -iF -e CPU -e MEMORY",
        "      cpu:     500m\n      memory:  128Mi\n      cpu:        250m\n      memory:     64Mi\n",
        "",
        0,
    ),
    ("cat describe.txt | grep -c -v -e '^ ' -e ':$'", "13\n", "", 0),
    (
        "cat describe.txt | grep -w -e cpu -e memory",
        "      cpu:     500m\n      memory:  128Mi\n      cpu:        250m\n      memory:     64Mi\n",
        "",
        0,
    ),
    ("cat describe.txt | grep -x -e 'Events:' -e 'IPs:'", "IPs:\nEvents:\n", "", 0),
    ("cat describe.txt | grep -i -f patterns", "    Limits:\nQoS Class:                   Burstable\n", "", 0),
    ("cat describe.txt | grep -f patterns -e Events", "Events:\n", "", 0),
    ("cat describe.txt | grep -f empty", "", "", 1),
    ("cat describe.txt | grep -v -c -f empty", "58\n", "", 0),
    ("cat describe.txt | grep -f nope", "", "grep: nope: No such file or directory\n", 2),
    ("cat describe.txt | grep -c -e ''", "58\n", "", 0),
];

const CONTEXT: &[Case] = &[
    (
        "cat describe.txt | grep -A5 Events",
        "Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to minikube\n  Normal  Pulling    29s   kubelet            Pulling image \"nginx\"\n  Normal  Pulled     26s   kubelet            Successfully pulled image \"nginx\" in 2.595s (2.595s including waiting). Image size: 72099501 bytes.\n",
        "",
        0,
    ),
    ("cat describe.txt | grep -A 2 Limits", "    Limits:\n      cpu:     500m\n      memory:  128Mi\n", "", 0),
    ("cat describe.txt | grep --after-context=1 Requests", "    Requests:\n      cpu:        250m\n", "", 0),
    ("cat describe.txt | grep --after-context 1 Requests", "    Requests:\n      cpu:        250m\n", "", 0),
    (
        "cat describe.txt | grep -B1 'QoS'",
        "    DownwardAPI:             true\nQoS Class:                   Burstable\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -n -C1 QoS",
        "46-    DownwardAPI:             true\n47:QoS Class:                   Burstable\n48-Node-Selectors:              <none>\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -2 Tolerations",
        "QoS Class:                   Burstable\nNode-Selectors:              <none>\nTolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\nEvents:\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -E -A2 'Limits|Requests'",
        "    Limits:\n      cpu:     500m\n      memory:  128Mi\n    Requests:\n      cpu:        250m\n      memory:     64Mi\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -nA1 'cpu'",
        "25:      cpu:     500m\n26-      memory:  128Mi\n--\n28:      cpu:        250m\n29-      memory:     64Mi\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep -A1 -e Limits -e Volumes -e Events",
        "    Limits:\n      cpu:     500m\n--\nVolumes:\n  kube-api-access-d4zxf:\n--\nEvents:\n  Type    Reason     Age   From               Message\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep Events -A 3",
        "Events:\n  Type    Reason     Age   From               Message\n  ----    ------     ----  ----               -------\n  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to minikube\n",
        "",
        0,
    ),
    ("grep -A1 'line 1[05]' numbers", "line 10\nline 11\n--\nline 15\nline 16\n", "", 0),
    ("grep -n -B1 'line 1[05]' numbers", "9-line 9\n10:line 10\n--\n14-line 14\n15:line 15\n", "", 0),
    ("grep -A0 'line 1[05]' numbers", "line 10\n--\nline 15\n", "", 0),
    ("grep -C0 -n 'line 1[05]' numbers", "10:line 10\n--\n15:line 15\n", "", 0),
    (
        "grep -5n 'line 10$' numbers",
        "5-line 5\n6-line 6\n7-line 7\n8-line 8\n9-line 9\n10:line 10\n11-line 11\n12-line 12\n13-line 13\n14-line 14\n15-line 15\n",
        "",
        0,
    ),
    (
        "grep -12 'line 20' numbers",
        "line 8\nline 9\nline 10\nline 11\nline 12\nline 13\nline 14\nline 15\nline 16\nline 17\nline 18\nline 19\nline 20\n",
        "",
        0,
    ),
    ("grep -A1 -B3 'line 10$' numbers", "line 7\nline 8\nline 9\nline 10\nline 11\n", "", 0),
    ("grep -C1 -A0 'line 5$' numbers", "line 4\nline 5\n", "", 0),
    ("grep -m1 -A2 -n line numbers", "1:line 1\n2-line 2\n3-line 3\n", "", 0),
    ("grep -v -n -B1 'line [0-9]$\\|line 1[0-9]' numbers", "19-line 19\n20:line 20\n", "", 0),
    ("grep -o -A1 -n 'line 1[05]' numbers", "10:line 10\n--\n15:line 15\n", "", 0),
    (
        "grep -A1 'line 2$' numbers numbers",
        "numbers:line 2\nnumbers-line 3\n--\nnumbers:line 2\nnumbers-line 3\n",
        "",
        0,
    ),
    ("grep --group-separator='~~' -A0 'line 1[05]' numbers", "line 10\n~~\nline 15\n", "", 0),
    ("grep --no-group-separator -A0 'line 1[05]' numbers", "line 10\nline 15\n", "", 0),
    ("grep -c -A3 line numbers", "20\n", "", 0),
];

const COUNTS_AND_OUTPUT: &[Case] = &[
    ("cat describe.txt | grep -c cpu", "2\n", "", 0),
    ("cat describe.txt | grep -c nothing-here", "0\n", "", 1),
    ("grep -c cpu describe.txt numbers", "describe.txt:2\nnumbers:0\n", "", 0),
    ("grep -ch cpu describe.txt numbers", "2\n0\n", "", 0),
    ("grep cpu describe.txt numbers", "describe.txt:      cpu:     500m\ndescribe.txt:      cpu:        250m\n", "", 0),
    ("grep -h cpu describe.txt numbers", "      cpu:     500m\n      cpu:        250m\n", "", 0),
    (
        "cat describe.txt | grep -H cpu",
        "(standard input):      cpu:     500m\n(standard input):      cpu:        250m\n",
        "",
        0,
    ),
    (
        "cat describe.txt | grep --label=describe -Hn cpu",
        "describe:25:      cpu:     500m\ndescribe:28:      cpu:        250m\n",
        "",
        0,
    ),
    ("cat describe.txt | grep -w Ready", "    Ready:          True\n  Ready                       True \n", "", 0),
    ("cat describe.txt | grep -cw True", "6\n", "", 0),
    (
        "cat describe.txt | grep -o 'nginx[^ \"]*'",
        "nginx:\nnginx\nnginx@sha256:7173c0ffcd982cb462545afd88cf870313435973343b2df0861208e1d0e10656\nnginx\nnginx\nnginx\nnginx\n",
        "",
        0,
    ),
    ("cat describe.txt | grep -oE '[0-9]+Mi'", "128Mi\n64Mi\n", "", 0),
    ("cat describe.txt | grep -on 'Running'", "9:Running\n20:Running\n", "", 0),
    ("cat describe.txt | grep -ob 'Burstable'", "1525:Burstable\n", "", 0),
    ("cat describe.txt | grep -x 'Events:'", "Events:\n", "", 0),
    ("cat describe.txt | grep -xc '.*<none>'", "6\n", "", 0),
    ("grep -l cpu describe.txt numbers", "describe.txt\n", "", 0),
    ("grep -L cpu describe.txt numbers", "numbers\n", "", 0),
    ("cat describe.txt | grep -l cpu", "(standard input)\n", "", 0),
    ("cat describe.txt | grep -q cpu", "", "", 0),
    ("cat describe.txt | grep -q nothing-here", "", "", 1),
    ("cat describe.txt | grep -m2 -n e", "1:Name:             web\n2:Namespace:        default\n", "", 0),
    ("cat describe.txt | grep -m1 -c cpu", "1\n", "", 0),
    ("cat describe.txt | grep -m0 cpu", "", "", 1),
    ("cat describe.txt | grep -vc ''", "", "", 1),
    ("cat describe.txt | grep -y qos", "QoS Class:                   Burstable\n", "", 0),
    ("cat describe.txt | grep --ignore-case --count qos", "1\n", "", 0),
    ("cat describe.txt | grep --max=1 --line-n cpu", "25:      cpu:     500m\n", "", 0),
    (
        "grep -A1 -m1 cpu describe.txt nope numbers",
        "describe.txt:      cpu:     500m\ndescribe.txt-      memory:  128Mi\n",
        "grep: nope: No such file or directory\n",
        2,
    ),
    ("grep -Z -c cpu describe.txt numbers", "describe.txt\02\nnumbers\00\n", "", 0),
    (
        "grep -Z -n -A1 Limits describe.txt numbers",
        "describe.txt\024:    Limits:\ndescribe.txt\025-      cpu:     500m\n",
        "",
        0,
    ),
    ("grep -lZ cpu describe.txt numbers", "describe.txt\0", "", 0),
];

const ERRORS: &[Case] = &[
    ("cat describe.txt | grep -A x Events", "", "grep: x: invalid context length argument\n", 2),
    ("cat describe.txt | grep -A -1 Events", "", "grep: -1: invalid context length argument\n", 2),
    ("cat describe.txt | grep -C '' Events", "", "grep: : invalid context length argument\n", 2),
    ("cat describe.txt | grep --context=5x Events", "", "grep: 5x: invalid context length argument\n", 2),
    ("cat describe.txt | grep -c -999999999999999999999 Events", "1\n", "", 0),
    (
        "cat describe.txt | grep -9999999999999999999999 Events",
        "",
        "grep: 999999999999999999999...: invalid context length argument\n",
        2,
    ),
    ("cat describe.txt | grep -m x Events", "", "grep: invalid max count\n", 2),
    (
        "cat describe.txt | grep -j Events",
        "",
        "grep: invalid option -- 'j'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    (
        "cat describe.txt | grep -A",
        "",
        "grep: option requires an argument -- 'A'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    (
        "cat describe.txt | grep -e",
        "",
        "grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    (
        "cat describe.txt | grep --foo Events",
        "",
        "grep: unrecognized option '--foo'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    (
        "cat describe.txt | grep --co=1 Events",
        "",
        "grep: option '--co=1' is ambiguous; possibilities: '--context' '--color' '--colour' '--count'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    (
        "cat describe.txt | grep --count=3 Events",
        "",
        "grep: option '--count' doesn't allow an argument\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    (
        "cat describe.txt | grep --context",
        "",
        "grep: option '--context' requires an argument\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    ("cat describe.txt | grep -E -F Events", "", "grep: conflicting matchers specified\n", 2),
    (
        "cat describe.txt | grep",
        "",
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
    ),
    ("cat describe.txt | grep -E '(Limits'", "", "grep: Unmatched ( or \\(\n", 2),
    ("cat describe.txt | grep '\\(Limits'", "", "grep: Unmatched ( or \\(\n", 2),
    ("cat describe.txt | grep 'Limits\\)'", "", "grep: Unmatched ) or \\)\n", 2),
    ("cat describe.txt | grep -E 'Limits)'", "", "", 1),
    ("cat describe.txt | grep -E 'a{99999}'", "", "grep: Regular expression too big\n", 2),
    ("cat describe.txt | grep 'a\\{32768\\}'", "", "grep: Regular expression too big\n", 2),
    ("cat describe.txt | grep -E 'a{2,1}'", "", "grep: Invalid content of \\{\\}\n", 2),
    ("cat describe.txt | grep 'a\\{1'", "", "grep: Unmatched \\{\n", 2),
    ("cat describe.txt | grep -E 'a{1'", "", "", 1),
    ("cat describe.txt | grep '[Limits'", "", "grep: Unmatched [, [^, [:, [., or [=\n", 2),
    ("cat describe.txt | grep 'Limits\\'", "", "grep: Trailing backslash\n", 2),
    ("cat describe.txt | grep '[[:foo:]]'", "", "grep: Invalid character class name\n", 2),
    ("cat describe.txt | grep '[:space:]'", "", "grep: character class syntax is [[:space:]], not [:space:]\n", 2),
    ("cat describe.txt | grep '[z-a]'", "", "grep: Invalid range end\n", 2),
    ("cat describe.txt | grep -E '\\1'", "", "grep: Invalid back reference\n", 2),
    ("cat describe.txt | grep -E -e '(' -e '['", "", "grep: Unmatched ( or \\(\ngrep: Invalid regular expression\n", 2),
    ("grep -E -f bad describe.txt", "", "grep: bad:2: Unmatched ( or \\(\n", 2),
    (
        "grep cpu nope describe.txt",
        "describe.txt:      cpu:     500m\ndescribe.txt:      cpu:        250m\n",
        "grep: nope: No such file or directory\n",
        2,
    ),
    ("grep -s cpu nope describe.txt", "describe.txt:      cpu:     500m\ndescribe.txt:      cpu:        250m\n", "", 2),
    ("grep -q cpu nope describe.txt", "", "grep: nope: No such file or directory\n", 0),
    ("grep -q nothing-here nope describe.txt", "", "grep: nope: No such file or directory\n", 2),
];

const WARNINGS: &[Case] = &[
    ("cat describe.txt | grep -E '*Limits'", "    Limits:\n", "grep: warning: * at start of expression\n", 0),
    (
        "cat describe.txt | grep -E 'Limits|+Requests'",
        "    Limits:\n    Requests:\n",
        "grep: warning: + at start of expression\n",
        0,
    ),
    (
        "cat describe.txt | grep -E '{1}QoS'",
        "QoS Class:                   Burstable\n",
        "grep: warning: {...} at start of expression\n",
        0,
    ),
    (
        "cat describe.txt | grep 'default\\/web'",
        "  Normal  Scheduled  30s   default-scheduler  Successfully assigned default/web to minikube\n",
        "grep: warning: stray \\ before /\n",
        0,
    ),
    (
        "cat describe.txt | grep '\\-\\-\\-'",
        "  ----    ------     ----  ----               -------\n",
        "grep: warning: stray \\ before -\ngrep: warning: stray \\ before -\n",
        0,
    ),
    ("cat describe.txt | grep '*Limits'", "", "", 1),
];
