//! `kubectl debug`: an ephemeral container's life (added through the
//! subresource, run by the kubelet, attached, ended by `exit`), the API
//! server's refusals, the copies `--copy-to` makes and the node pods
//! `debug node/NAME` makes, as kubectl 1.32 and a 1.32 API server do.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::{Mode, Session};

fn out(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.input(line).output;
    (o.stdout(), o.stderr(), o.code)
}

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

const LEGACY: &str = "--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example \"--profile=general\".\n";

/// A session with the tutorial's `ephemeral-demo` pod (pause, no shell) running.
fn with_pause() -> Session {
    let mut s = new_session(1);
    run(&mut s, "kubectl run ephemeral-demo --image=registry.k8s.io/pause:3.1 --restart=Never");
    s.tick(10.0);
    s
}

#[test]
fn an_ephemeral_container_runs_attached_and_ends_with_its_shell() {
    let mut s = with_pause();
    let (stdout, stderr, code) = out(&mut s, "kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo");
    assert_eq!(code, 0);
    let name = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Defaulting debug container name to "))
        .and_then(|l| l.strip_suffix('.'))
        .expect("the debug container's name")
        .to_string();
    assert!(name.starts_with("debugger-") && name.len() == "debugger-".len() + 5, "{name}");
    assert!(stdout.starts_with("Targeting container \"ephemeral-demo\". If you don't see processes"), "{stdout}");
    assert_eq!(stderr, format!("{LEGACY}If you don't see a command prompt, try pressing enter.\n"));
    assert_eq!(s.mode(), Mode::Attached);
    assert_eq!(s.prompt(), "/ # ");
    // The target's processes are the shell's: pause is PID 1.
    let ps = run(&mut s, "ps");
    assert!(ps.contains("    1 root      0:00 /pause\n"), "{ps}");
    assert_eq!(run(&mut s, "echo hi"), "hi\n");
    // The ephemeral container is in the spec and running in the status.
    let spec = run(&mut s, "exit");
    assert_eq!(spec, "");
    assert_eq!(s.mode(), Mode::Ready);
    let yaml = run(&mut s, "kubectl get pod ephemeral-demo -o jsonpath={.spec.ephemeralContainers[0].targetContainerName}");
    assert_eq!(yaml, "ephemeral-demo");
    s.tick(2.0);
    let state = run(
        &mut s,
        "kubectl get pod ephemeral-demo -o jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason}",
    );
    assert_eq!(state, "Completed");
    // The pod itself goes on, ready; describe lists the container in its own section.
    assert_eq!(run(&mut s, "kubectl get pod ephemeral-demo -o jsonpath={.status.phase}"), "Running");
    let describe = run(&mut s, "kubectl describe pod ephemeral-demo");
    let section = describe.split("Ephemeral Containers:\n").nth(1).expect("an Ephemeral Containers section");
    assert!(section.starts_with(&format!("  {name}:\n    Container ID:   docker://")), "{section}");
    assert!(section.contains("    Image:          busybox:1.28\n"), "{section}");
    assert!(section.contains("    State:          Terminated\n      Reason:       Completed\n"), "{section}");
    assert!(section.contains("    Ready:          False\n"), "{section}");
    assert!(section.contains("    Mounts:         <none>\nConditions:"), "{section}");
}

#[test]
fn without_stdin_the_debug_container_only_starts() {
    let mut s = with_pause();
    let (stdout, stderr, code) = out(&mut s, "kubectl debug ephemeral-demo --image=busybox:1.28 -c probe --profile=general -q");
    assert_eq!((stdout.as_str(), stderr.as_str(), code), ("", "", 0));
    // general adds SYS_PTRACE; -c names it; busybox's sh without stdin ends at once.
    let caps = run(&mut s, "kubectl get pod ephemeral-demo -o jsonpath={.spec.ephemeralContainers[0].securityContext}");
    assert_eq!(caps, r#"{"capabilities":{"add":["SYS_PTRACE"]}}"#);
    s.tick(5.0);
    let reason = run(
        &mut s,
        "kubectl get pod ephemeral-demo -o jsonpath={.status.ephemeralContainerStatuses[0].state.terminated.reason}",
    );
    assert_eq!(reason, "Completed");
    // The same container again changes nothing; another image may not replace it.
    let again = out(&mut s, "kubectl debug ephemeral-demo --image=busybox:1.28 -c probe --profile=general -q");
    assert_eq!(again, (String::new(), String::new(), 0));
    let (_, err, code) = out(&mut s, "kubectl debug ephemeral-demo --image=busybox:1.36 -c probe --profile=general -q");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("The Pod \"ephemeral-demo\" is invalid: spec.ephemeralContainers[probe]: Forbidden: existing ephemeral containers \"probe\" may not be changed"),
        "{err}"
    );
}

#[test]
fn the_api_server_refuses_what_1_32_refuses() {
    let mut s = with_pause();
    let refused = |s: &mut Session, line: &str| {
        let (_, err, code) = out(s, line);
        assert_eq!(code, 1, "{line}");
        err.trim_start_matches(LEGACY).to_string()
    };
    assert_eq!(
        refused(&mut s, "kubectl debug ephemeral-demo --image=busybox -c ephemeral-demo"),
        "The Pod \"ephemeral-demo\" is invalid: spec.ephemeralContainers[0].name: Duplicate value: \"ephemeral-demo\"\n"
    );
    assert_eq!(
        refused(&mut s, "kubectl debug ephemeral-demo --image=busybox -c d --target=nope -q"),
        "The Pod \"ephemeral-demo\" is invalid: spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\"\n"
    );
    assert_eq!(
        refused(&mut s, "kubectl debug nothere --image=busybox"),
        "Error from server (NotFound): pods \"nothere\" not found\n"
    );
    assert_eq!(
        refused(&mut s, "kubectl debug svc/kubernetes --image=busybox"),
        "error: \"/v1, Kind=Service\" not supported by debug\n"
    );
    // A static pod's mirror takes none.
    let (_, err, _) = out(&mut s, "kubectl debug -n kube-system kube-apiserver-minikube --image=busybox -c d");
    assert_eq!(
        err.trim_start_matches(LEGACY),
        "The Pod \"kube-apiserver-minikube\" is invalid: : Forbidden: static pods do not support ephemeral containers\n"
    );
    // Nothing was added by the refusals.
    assert_eq!(run(&mut s, "kubectl get pod ephemeral-demo -o jsonpath={.spec.ephemeralContainers}"), "");
    // A pod is never created with one.
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: e\nspec:\n  containers:\n  - name: a\n    image: nginx\n  ephemeralContainers:\n  - name: b\n    image: busybox\n";
    s.files.write("e.yaml", manifest).ok();
    let (_, err, _) = out(&mut s, "kubectl apply -f e.yaml");
    assert_eq!(
        err,
        "The Pod \"e\" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create\n"
    );
}

#[test]
fn a_copy_changes_a_crashing_command_into_a_shell() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run --image=busybox:1.28 myapp -- false");
    s.tick(20.0);
    let (stdout, stderr, code) = out(&mut s, "kubectl debug myapp -it --copy-to=myapp-debug --container=myapp -- sh");
    assert_eq!((stdout.as_str(), code), ("", 0));
    assert_eq!(stderr, format!("{LEGACY}If you don't see a command prompt, try pressing enter.\n"));
    assert_eq!(s.prompt(), "/ # ");
    assert_eq!(
        run(&mut s, "exit"),
        "Session ended, resume using 'kubectl attach myapp-debug -c myapp -i -t' command when the pod is running\n"
    );
    // legacy: the labels dropped, the command replaced, the rest copied.
    let copy = run(&mut s, "kubectl get pod myapp-debug -o jsonpath='{.metadata.labels}|{.spec.containers[0].command}|{.spec.containers[0].args}|{.spec.containers[0].stdin}'");
    assert_eq!(copy, "|[\"sh\"]||true");
    // One token volume, the original's.
    let volumes = run(&mut s, "kubectl get pod myapp-debug -o jsonpath={.spec.volumes[*].name}");
    let original = run(&mut s, "kubectl get pod myapp -o jsonpath={.spec.volumes[*].name}");
    assert_eq!(volumes, original);
}

#[test]
fn a_copy_adds_a_container_or_changes_images() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run myapp --image=busybox:1.28 --restart=Never -- sleep 1d");
    s.tick(10.0);
    let (stdout, _, code) = out(&mut s, "kubectl debug myapp -it --image=ubuntu --share-processes --copy-to=myapp-debug");
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Defaulting debug container name to debugger-"), "{stdout}");
    assert!(s.prompt().starts_with("root@myapp-debug:/# "), "{}", s.prompt());
    run(&mut s, "exit");
    let spec = run(&mut s, "kubectl get pod myapp-debug -o jsonpath='{.spec.shareProcessNamespace}|{.spec.containers[*].image}'");
    assert_eq!(spec, "true|busybox:1.28 ubuntu");
    run(&mut s, "kubectl delete pod myapp-debug --now");
    s.tick(5.0);
    let (stdout, _, code) = out(&mut s, "kubectl debug myapp --copy-to=myapp-debug --set-image=*=ubuntu");
    assert_eq!((stdout.as_str(), code), ("", 0));
    assert_eq!(run(&mut s, "kubectl get pod myapp-debug -o jsonpath={.spec.containers[*].image}"), "ubuntu");
    // The name is taken now.
    let (_, err, code) = out(&mut s, "kubectl debug myapp --copy-to=myapp-debug --set-image=*=ubuntu");
    assert_eq!(code, 1);
    assert_eq!(err.trim_start_matches(LEGACY), "Error from server (AlreadyExists): pods \"myapp-debug\" already exists\n");
    // --replace deletes the original at once.
    run(&mut s, "kubectl debug myapp --copy-to=other --set-image=*=busybox:1.28 --replace");
    s.tick(1.0);
    let (_, err, _) = out(&mut s, "kubectl get pod myapp");
    assert_eq!(err, "Error from server (NotFound): pods \"myapp\" not found\n");
}

#[test]
fn a_node_pod_sees_the_node_and_stays_completed() {
    let mut s = new_session(1);
    let (stdout, _, code) = out(&mut s, "kubectl debug node/minikube -it --image=ubuntu");
    assert_eq!(code, 0);
    let pod = stdout
        .strip_prefix("Creating debugging pod ")
        .and_then(|r| r.split_once(' '))
        .map(|(p, _)| p.to_string())
        .expect("the pod's name");
    assert!(pod.starts_with("node-debugger-minikube-") && pod.len() == "node-debugger-minikube-".len() + 5);
    assert_eq!(stdout, format!("Creating debugging pod {pod} with container debugger on node minikube.\n"));
    assert_eq!(s.prompt(), "root@minikube:/# ");
    let ls = run(&mut s, "ls /host");
    assert!(ls.starts_with("bin  boot  data  dev  etc  home  kic.txt"), "{ls}");
    assert!(run(&mut s, "ls /host/etc/kubernetes/manifests").contains("kube-apiserver.yaml"));
    let (_, err, _) = out(&mut s, "ls /host/nope");
    assert_eq!(err, "ls: cannot access '/host/nope': No such file or directory\n");
    run(&mut s, "exit");
    s.tick(3.0);
    let spec = run(
        &mut s,
        &format!("kubectl get pod {pod} -o jsonpath='{{.spec.hostNetwork}}|{{.spec.hostPID}}|{{.spec.hostIPC}}|{{.spec.volumes[0].hostPath.path}}|{{.spec.tolerations[0].operator}}|{{.spec.restartPolicy}}|{{.status.phase}}'"),
    );
    assert_eq!(spec, "true|true|true|/|Exists|Never|Succeeded");
    assert!(run(&mut s, "kubectl get pods").contains("Completed"));
}
