//! A learner who breaks the cluster: what a real minikube heals by itself
//! (the kubernetes service, mirror pods, kube-proxy, a deleted node's pods),
//! and what the API server refuses to delete.
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

#[test]
fn the_api_server_recreates_the_kubernetes_service() {
    let mut s = new_session(1);
    let uid = run(&mut s, "kubectl get svc kubernetes -o jsonpath={.metadata.uid}");
    assert_eq!(run(&mut s, "kubectl delete svc kubernetes"), "service \"kubernetes\" deleted\n");
    assert_eq!(
        out(&mut s, "kubectl get svc kubernetes").1,
        "Error from server (NotFound): services \"kubernetes\" not found\n"
    );
    s.tick(10.0);
    let table = run(&mut s, "kubectl get svc");
    assert!(table.starts_with("NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   "), "{table}");
    assert!(!table.contains("10m"), "{table}");
    assert_ne!(run(&mut s, "kubectl get svc kubernetes -o jsonpath={.metadata.uid}"), uid);
}

#[test]
fn the_kubelet_posts_a_deleted_mirror_pod_again() {
    let mut s = new_session(1);
    let uid = run(&mut s, "kubectl get pod -n kube-system etcd-minikube -o jsonpath={.metadata.uid}");
    let (stdout, _, code) = out(&mut s, "kubectl delete pod -n kube-system etcd-minikube");
    assert_eq!((stdout.as_str(), code), ("pod \"etcd-minikube\" deleted\n", 0));
    s.tick(1.0);
    assert_eq!(s.mode(), Mode::Ready);
    let row = run(&mut s, "kubectl get pod -n kube-system etcd-minikube --no-headers");
    assert!(row.starts_with("etcd-minikube   1/1   Running   0     "), "{row}");
    assert_ne!(run(&mut s, "kubectl get pod -n kube-system etcd-minikube -o jsonpath={.metadata.uid}"), uid);
    // The DaemonSet gives the node its kube-proxy again, under a new name.
    let before = run(&mut s, "kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name");
    run(&mut s, "kubectl delete pods -n kube-system -l k8s-app=kube-proxy");
    s.tick(5.0);
    let after = run(&mut s, "kubectl get pods -n kube-system -l k8s-app=kube-proxy -o name");
    assert_eq!(after.lines().count(), 1, "{after}");
    assert_ne!(after, before);
}

#[test]
fn delete_all_leaves_what_a_real_minikube_brings_back() {
    let mut s = new_session(1);
    run(&mut s, "kubectl delete all --all -A");
    s.tick(30.0);
    // The Deployment of coredns and the DaemonSet of kube-proxy went with
    // `all` (their pods with them): nothing brings them back; the static pods
    // and the kubernetes service come back.
    let pods = run(&mut s, "kubectl get pods -A -o name");
    assert_eq!(
        pods.lines().filter(|l| !l.starts_with("pod/kube-proxy-")).collect::<Vec<_>>(),
        [
            "pod/etcd-minikube",
            "pod/kube-apiserver-minikube",
            "pod/kube-controller-manager-minikube",
            "pod/kube-scheduler-minikube"
        ]
    );
    assert_eq!(pods.lines().filter(|l| l.starts_with("pod/kube-proxy-")).count(), 0);
    assert_eq!(run(&mut s, "kubectl get svc -A -o name"), "service/kubernetes\n");
    assert_eq!(run(&mut s, "kubectl get ds -A"), "No resources found\n");
}

#[test]
fn a_deleted_node_loses_its_pods_and_comes_back_with_the_kubelet() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=2");
    s.tick(20.0);
    assert_eq!(run(&mut s, "kubectl delete node minikube"), "node \"minikube\" deleted\n");
    s.tick(15.0);
    // kubelet 1.32 does not register again while it runs (kubernetes/kubernetes#71398).
    assert_eq!(out(&mut s, "kubectl get nodes").1, "No resources found\n");
    // Mirror pods went with their Node owner; the rest wait for the pod GC's 40 s quarantine.
    let pods = run(&mut s, "kubectl get pods -A --no-headers");
    assert!(!pods.contains("etcd-minikube") && pods.contains("coredns-"), "{pods}");
    s.tick(60.0);
    let pods = run(&mut s, "kubectl get pods --no-headers");
    assert!(pods.lines().all(|l| l.contains("Pending")) && pods.lines().count() == 2, "{pods}");
    // A restarted kubelet registers the node again; its pods come back.
    run(&mut s, "minikube stop");
    run(&mut s, "minikube start");
    s.tick(30.0);
    assert!(run(&mut s, "kubectl get nodes").contains("minikube   Ready    control-plane"));
    let pods = run(&mut s, "kubectl get pods -A --no-headers");
    assert!(pods.contains("etcd-minikube") && pods.contains("kube-proxy-"), "{pods}");
    assert_eq!(run(&mut s, "kubectl get pods --no-headers").matches("Running").count(), 2);
}

#[test]
fn system_namespaces_may_not_be_deleted() {
    let mut s = new_session(1);
    // plugin/pkg/admission/namespace/lifecycle: immortal namespaces.
    for ns in ["default", "kube-system", "kube-public"] {
        assert_eq!(
            out(&mut s, &format!("kubectl delete ns {ns}")),
            (
                String::new(),
                format!(
                    "Error from server (Forbidden): namespaces \"{ns}\" is forbidden: this namespace may not be deleted\n"
                ),
                1
            )
        );
    }
}


#[test]
fn sh_c_runs_its_script_and_exits_with_its_code() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run b --image=busybox -- sleep 3600");
    run(&mut s, "kubectl run n --image=nginx");
    s.tick(15.0);
    let (o, e, code) = out(&mut s, "kubectl exec b -- sh -c 'exit 7'");
    assert_eq!((o.as_str(), e.as_str(), code), ("", "command terminated with exit code 7\n", 7));
    let (o, _, code) = out(&mut s, "kubectl exec b -- sh -c 'echo hi; exit 3'");
    assert_eq!((o.as_str(), code), ("hi\n", 3));
    let (o, e, code) = out(&mut s, "kubectl exec b -- sh -c 'nope && echo no || echo \"fallback $HOSTNAME\"'");
    assert_eq!((o.as_str(), e.as_str(), code), ("fallback b\n", "sh: nope: not found\n", 0));
    let (_, e, code) = out(&mut s, "kubectl exec n -- bash -c 'nope'");
    assert_eq!((e.as_str(), code), ("bash: line 1: nope: command not found\ncommand terminated with exit code 127\n", 127));
    assert_eq!(run(&mut s, "kubectl exec b -- sh -c 'false; echo $?'"), "1\n");
}
