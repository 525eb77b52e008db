//! Issue 14: several nodes and their failures. A node stopped goes NotReady
//! after the node monitor's grace period, its pods are evicted after their
//! 300 s tolerations and replaced elsewhere; `kubectl taint` and `drain`
//! with kubectl's own words; the scheduler's taints and affinities.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::{new_session, run_line};
use kube_atelier::shell::Session;

fn out(s: &mut Session, line: &str) -> (String, String, i32) {
    let o = s.input(line).output;
    (o.stdout(), o.stderr(), o.code)
}

fn stdout(s: &mut Session, line: &str) -> String {
    out(s, line).0
}

/// Three nodes, and `web` with six replicas Running for 30 s.
fn three_nodes() -> Session {
    let mut s = new_session(7);
    run_line(&mut s, "minikube node add");
    run_line(&mut s, "minikube node add");
    run_line(&mut s, "kubectl create deployment web --image=nginx:1.27 --replicas=6");
    s.tick(30.0);
    s
}

fn on_node(s: &mut Session, node: &str) -> usize {
    stdout(s, &format!("kubectl get pods -l app=web --field-selector spec.nodeName={node} -o name")).lines().count()
}

#[test]
fn node_add_names_and_numbers_nodes_as_minikube_does() {
    let mut s = three_nodes();
    assert_eq!(stdout(&mut s, "minikube node list"), "minikube\t192.168.49.2\nminikube-m02\t192.168.49.3\nminikube-m03\t192.168.49.4\n");
    let nodes = stdout(&mut s, "kubectl get nodes");
    assert!(nodes.contains("minikube-m02   Ready    <none>"), "{nodes}");
    assert!(nodes.contains("minikube       Ready    control-plane"), "{nodes}");
    let (o, e, code) = out(&mut s, "minikube node stop m09");
    assert_eq!((o.as_str(), e.as_str(), code), ("", "\n❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node m09\n\n", 85));
    let (_, e, code) = out(&mut s, "minikube node stop");
    assert_eq!((e.as_str(), code), ("\n❌  Exiting due to MK_USAGE: Usage: minikube node stop [name]\n\n", 64));
}

#[test]
fn a_stopped_node_goes_not_ready_after_the_grace_period_then_its_pods_are_replaced() {
    let mut s = three_nodes();
    let before = on_node(&mut s, "minikube-m02");
    assert!(before > 0);
    let stopped = stdout(&mut s, "minikube node stop m02");
    assert_eq!(stopped, "✋  Stopping node \"minikube-m02\"  ...\n🛑  Powering off \"minikube-m02\" via SSH ...\n🛑  Successfully stopped node minikube-m02\n");
    s.tick(45.0);
    assert!(stdout(&mut s, "kubectl get node minikube-m02").contains(" Ready "));
    s.tick(20.0);
    let node = stdout(&mut s, "kubectl describe node minikube-m02");
    assert!(node.contains("Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\n"), "{node}");
    assert!(node.contains("Ready            Unknown"), "{node}");
    assert!(node.contains("NodeStatusUnknown   Kubelet stopped posting node status."), "{node}");
    assert!(node.contains("node-controller  Node minikube-m02 status is now: NodeNotReady"), "{node}");
    assert!(stdout(&mut s, "kubectl get node minikube-m02").contains("NotReady"));
    // Pods not Ready any more, but not evicted before 300 s.
    let ready = stdout(&mut s, "kubectl get deployment web -o jsonpath={.status.readyReplicas}");
    assert_eq!(ready, (6 - before).to_string());
    let pod = stdout(&mut s, "kubectl get pods -l app=web --field-selector spec.nodeName=minikube-m02 -o name");
    let pod = pod.lines().next().unwrap().to_string();
    let describe = stdout(&mut s, &format!("kubectl describe {pod}"));
    assert!(describe.contains("node.kubernetes.io/unreachable:NoExecute op=Exists for 300s"), "{describe}");
    assert!(describe.contains("Warning  NodeNotReady"), "{describe}");
    s.tick(240.0);
    assert_eq!(on_node(&mut s, "minikube-m02"), before, "evicted too early");
    s.tick(60.0);
    let events = stdout(&mut s, "kubectl get events --field-selector reason=TaintManagerEviction");
    assert_eq!(events.lines().count(), before + 1, "{events}");
    assert!(events.contains("Marking for deletion Pod default/web-"), "{events}");
    let pods = stdout(&mut s, "kubectl get pods -o wide");
    assert_eq!(pods.matches("Terminating").count(), before, "{pods}");
    assert_eq!(stdout(&mut s, "kubectl get deployment web -o jsonpath={.status.readyReplicas}"), "6");
    // The kube-proxy of the node tolerates the taint for ever.
    assert!(stdout(&mut s, "kubectl get pods -n kube-system -o wide").contains("minikube-m02"));
    run_line(&mut s, "minikube node start minikube-m02");
    assert!(!stdout(&mut s, "kubectl get pods").contains("Terminating"));
    assert!(stdout(&mut s, "kubectl get node minikube-m02").contains(" Ready "));
    assert!(stdout(&mut s, "kubectl describe node minikube-m02").contains("Taints:             <none>"));
}

#[test]
fn a_node_back_before_300_s_keeps_its_pods() {
    let mut s = three_nodes();
    let before = on_node(&mut s, "minikube-m02");
    run_line(&mut s, "minikube node stop minikube-m02");
    s.tick(120.0);
    run_line(&mut s, "minikube node start minikube-m02");
    s.tick(400.0);
    assert_eq!(on_node(&mut s, "minikube-m02"), before);
    let events = stdout(&mut s, "kubectl get events --field-selector reason=TaintManagerEviction");
    assert!(events.contains("Cancelling deletion of Pod default/web-"), "{events}");
    assert!(!events.contains("Marking"), "{events}");
}

#[test]
fn drain_refuses_daemonset_pods_and_unmanaged_pods_word_for_word() {
    let mut s = three_nodes();
    let proxy = stdout(&mut s, "kubectl get pods -n kube-system --field-selector spec.nodeName=minikube-m03 -o name");
    let proxy = proxy.trim().trim_start_matches("pod/").to_string();
    let (o, e, code) = out(&mut s, "kubectl drain minikube-m03");
    assert_eq!(o, "node/minikube-m03 cordoned\n");
    assert_eq!(
        e,
        format!("error: unable to drain node \"minikube-m03\" due to error:cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/{proxy}, continuing command...\nThere are pending nodes to be drained:\n minikube-m03\ncannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/{proxy}\n")
    );
    assert_eq!(code, 1);
    assert!(stdout(&mut s, "kubectl get node minikube-m03").contains("Ready,SchedulingDisabled"));
    let (_, e, _) = out(&mut s, "kubectl drain");
    assert_eq!(e, "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
    let (_, e, _) = out(&mut s, "kubectl drain n1 -l a=b");
    assert_eq!(e, "error: cannot specify both a node name and a --selector option\nSee 'kubectl drain -h' for help and examples\n");
    let (_, e, _) = out(&mut s, "kubectl drain n1 --grace-period=x");
    assert_eq!(e, "Error: invalid argument \"x\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl drain --help' for usage.\n");
    // An unmanaged pod, on minikube-m02 (the others are cordoned).
    run_line(&mut s, "kubectl cordon minikube");
    run_line(&mut s, "kubectl run solo --image=nginx:1.27");
    s.tick(10.0);
    assert!(stdout(&mut s, "kubectl get pod solo -o wide").contains("minikube-m02"));
    let (_, e, _) = out(&mut s, "kubectl drain minikube-m02 --ignore-daemonsets");
    assert!(e.contains("cannot delete Pods declare no controller (use --force to override): default/solo"), "{e}");
    // Still waiting for its pods to go: the exit code comes at the end.
    let (o, e, _) = out(&mut s, "kubectl drain minikube-m02 --ignore-daemonsets --force");
    assert!(e.starts_with("Warning: deleting Pods that declare no controller: default/solo; ignoring DaemonSet-managed Pods: kube-system/kube-proxy-"), "{e}");
    assert!(o.contains("evicting pod default/solo\n"), "{o}");
    s.tick(5.0);
}

#[test]
fn drain_evicts_then_reports_each_pod_and_the_node() {
    let mut s = three_nodes();
    let n = on_node(&mut s, "minikube-m03");
    let o = s.input("kubectl drain minikube-m03 --ignore-daemonsets").output;
    let mut text = o.stdout();
    for _ in 0..10 {
        text.push_str(&s.tick(1.0).stdout());
    }
    assert_eq!(text.matches("evicting pod default/web-").count(), n, "{text}");
    assert_eq!(text.matches(" evicted\n").count(), n, "{text}");
    assert!(text.ends_with("node/minikube-m03 drained\n"), "{text}");
    s.tick(30.0);
    assert_eq!(on_node(&mut s, "minikube-m03"), 0);
    assert_eq!(stdout(&mut s, "kubectl get deployment web -o jsonpath={.status.readyReplicas}"), "6");
    assert_eq!(stdout(&mut s, "kubectl uncordon minikube-m03"), "node/minikube-m03 uncordoned\n");
}

#[test]
fn taint_adds_and_removes_with_kubectl_messages_and_the_scheduler_honours_it() {
    let mut s = three_nodes();
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube-m02 dedie=gpu:NoSchedule"), "node/minikube-m02 tainted\n");
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube-m03 dedie=gpu:NoSchedule"), "node/minikube-m03 tainted\n");
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube dedie=gpu:NoSchedule"), "node/minikube tainted\n");
    let (_, e, code) = out(&mut s, "kubectl taint nodes minikube dedie=gpu:NoSchedule");
    assert_eq!((e.as_str(), code), ("error: node minikube already has dedie taint(s) with same effect(s) and --overwrite is false\n", 1));
    let (_, e, _) = out(&mut s, "kubectl taint nodes minikube foo=bar:Bad");
    assert_eq!(e, "error: invalid taint effect: Bad, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n");
    let (_, e, _) = out(&mut s, "kubectl taint nodes minikube");
    assert_eq!(e, "error: at least one taint update is required\n");
    let (_, e, _) = out(&mut s, "kubectl taint nodes minikube nope-");
    assert_eq!(e, "error: taint \"nope\" not found\n");
    run_line(&mut s, "kubectl run seul --image=nginx:1.27");
    s.tick(5.0);
    let events = stdout(&mut s, "kubectl describe pod seul");
    assert!(
        events.contains("0/3 nodes are available: 3 node(s) had untolerated taint {dedie: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
        "{events}"
    );
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube-m03 dedie:NoSchedule-"), "node/minikube-m03 untainted\n");
    s.tick(5.0);
    assert!(stdout(&mut s, "kubectl get pod seul -o wide").contains("minikube-m03"));
    // A NoExecute taint evicts what does not tolerate it at once.
    let n = on_node(&mut s, "minikube-m03");
    assert!(n > 0);
    run_line(&mut s, "kubectl taint nodes minikube-m03 panne=oui:NoExecute");
    s.tick(2.0);
    assert_eq!(stdout(&mut s, "kubectl get pods seul -o name"), "");
}

#[test]
fn node_affinity_and_selectors_place_pods() {
    let mut s = three_nodes();
    run_line(&mut s, "kubectl label node minikube-m03 disque=ssd");
    let manifest = r#"apiVersion: v1
kind: Pod
metadata:
  name: aff
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: disque
            operator: In
            values: [ssd]
  containers:
  - name: c
    image: nginx:1.27
"#;
    let _ = s.files.write("aff.yaml", manifest);
    run_line(&mut s, "kubectl apply -f aff.yaml");
    s.tick(5.0);
    assert!(stdout(&mut s, "kubectl get pod aff -o wide").contains("minikube-m03"));
    run_line(&mut s, "kubectl run sel --image=nginx:1.27 --overrides='{\"spec\":{\"nodeSelector\":{\"disque\":\"hdd\"}}}'");
    s.tick(5.0);
    let d = stdout(&mut s, "kubectl describe pod sel");
    assert!(d.contains("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."), "{d}");
}

#[test]
fn a_single_node_cluster_is_unchanged_and_nodelife_is_idle() {
    let mut s = new_session(1);
    let nodes = stdout(&mut s, "kubectl get nodes");
    assert_eq!(nodes.lines().count(), 2);
    let (o, _, code) = out(&mut s, "minikube node stop minikube");
    assert_eq!(code, 1);
    assert!(o.contains("plan de contrôle") || s.input("true").output.code == 0);
    assert_eq!(stdout(&mut s, "kubectl get nodes -o name"), "node/minikube\n");
}

/// A cordoned node carries the `node.kubernetes.io/unschedulable:NoSchedule`
/// taint the node lifecycle controller keeps in step with `unschedulable`;
/// `kubectl taint … key=value:Effect-` removes by key and effect (the value
/// is checked, then ignored, as kubectl's parseTaint does).
#[test]
fn cordon_taints_the_node_and_a_removal_may_name_the_value() {
    let mut s = new_session(8);
    run_line(&mut s, "kubectl cordon minikube");
    let taints = stdout(&mut s, "kubectl get node minikube -o jsonpath={.spec.taints}");
    assert_eq!(taints, r#"[{"effect":"NoSchedule","key":"node.kubernetes.io/unschedulable","timeAdded":"2026-03-02T09:00:00Z"}]"#);
    assert!(stdout(&mut s, "kubectl describe node minikube").contains("Taints:             node.kubernetes.io/unschedulable:NoSchedule\nUnschedulable:      true\n"));
    run_line(&mut s, "kubectl uncordon minikube");
    assert_eq!(stdout(&mut s, "kubectl get node minikube -o jsonpath={.spec.taints}"), "");
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube key1=value1:NoSchedule"), "node/minikube tainted\n");
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube key1=value1:NoSchedule-"), "node/minikube untainted\n");
    assert!(stdout(&mut s, "kubectl describe node minikube").contains("Taints:             <none>\n"));
}

/// The taint follows `spec.unschedulable` whoever sets it: a patch cordons
/// as `kubectl cordon` does, and a taint removed by hand from a cordoned node
/// comes back (the controller puts it back).
#[test]
fn a_patched_unschedulable_node_is_tainted_too() {
    let mut s = new_session(8);
    run_line(&mut s, r#"kubectl patch node minikube -p '{"spec":{"unschedulable":true}}'"#);
    let taint = r#"[{"effect":"NoSchedule","key":"node.kubernetes.io/unschedulable","timeAdded":"2026-03-02T09:00:00Z"}]"#;
    assert_eq!(stdout(&mut s, "kubectl get node minikube -o jsonpath={.spec.taints}"), taint);
    run_line(&mut s, "kubectl taint nodes minikube node.kubernetes.io/unschedulable:NoSchedule-");
    assert_eq!(stdout(&mut s, "kubectl get node minikube -o jsonpath={.spec.taints}"), taint);
    run_line(&mut s, r#"kubectl patch node minikube -p '{"spec":{"unschedulable":false}}'"#);
    assert_eq!(stdout(&mut s, "kubectl get node minikube -o jsonpath={.spec.taints}"), "");
}
