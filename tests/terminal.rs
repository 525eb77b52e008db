//! The native binary: the terminal version of the simulator, in script mode.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], script: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kube-atelier"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code().unwrap_or(-1))
}

#[test]
fn script_mode_echoes_commands_and_interleaves_both_streams() {
    let (out, err, code) = run(&["--echo"], "kubectl get pods\nkubectl get nodes\n");
    assert_eq!(
        out,
        "$ kubectl get pods\nNo resources found in default namespace.\n$ kubectl get nodes\n\
         NAME       STATUS   ROLES           AGE   VERSION\nminikube   Ready    control-plane   10m   v1.32.0\n"
    );
    assert!(err.is_empty());
    assert_eq!(code, 0);
}

#[test]
fn without_echo_streams_stay_apart_and_the_exit_code_is_the_last_commands() {
    let (out, err, code) = run(&[], "kubectl get pod nope\n");
    assert_eq!(out, "");
    assert_eq!(err, "Error from server (NotFound): pods \"nope\" not found\n");
    assert_eq!(code, 1);
}

#[test]
fn a_watch_ends_when_the_cluster_is_quiet() {
    let (out, _, code) = run(&["--echo"], "kubectl run web --image=nginx\nkubectl get pods -w\nkubectl get pods\n");
    assert!(out.contains("pod/web created\n"), "{out}");
    let watch = out.split("$ kubectl get pods -w\n").nth(1).unwrap();
    assert!(watch.contains("ContainerCreating") && watch.contains("1/1     Running"), "{out}");
    assert_eq!(code, 0);
}

#[test]
fn dir_maps_a_real_directory_read_only_and_nodes_adds_workers() {
    let dir = std::env::temp_dir().join(format!("kube-atelier-dir-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("k8s")).unwrap();
    std::fs::write(
        dir.join("k8s/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: box\nspec:\n  containers:\n  - name: box\n    image: nginx\n",
    )
    .unwrap();
    let (out, err, _) = run(
        &["--dir", dir.to_str().unwrap(), "--nodes", "2"],
        "ls\nkubectl apply -f k8s/\nrm k8s/pod.yaml\nkubectl get nodes -o name\n",
    );
    assert_eq!(out, "k8s\npod/box created\nnode/minikube\nnode/minikube-m02\nnode/minikube-m03\n", "{err}");
    assert!(dir.join("k8s/pod.yaml").exists(), "the real file is never touched");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_same_seed_gives_the_same_transcript() {
    let script = "kubectl create deployment web --image=nginx --replicas=2\nsleep 5\nkubectl get pods\n";
    let a = run(&["--seed", "7"], script);
    let b = run(&["--seed", "7"], script);
    let c = run(&["--seed", "8"], script);
    assert_eq!(a, b);
    assert_ne!(a.0, c.0, "another seed names the pods differently");
}

#[test]
fn without_dir_the_session_has_the_pages_starter_files() {
    let (out, err, _) = run(&[], "ls\nkubectl apply -f redis-pod.yaml\n");
    let names: Vec<&str> = kube_atelier::lessons::starter_files().iter().map(|(n, _)| *n).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(out.lines().next(), Some(sorted.join("  ").as_str()), "{out}{err}");
    assert!(out.ends_with("pod/redis created\n"), "{out}{err}");
}

#[test]
fn a_wait_that_ends_at_once_runs_the_rest_of_its_line_with_its_own_code() {
    let (out, err, _) = run(&["--echo"], "kubectl create ns t\nkubectl delete ns t && echo ok $?\necho after\n");
    assert!(out.contains("namespace \"t\" deleted\nok 0\n$ echo after\nafter\n"), "{out}{err}");
}
