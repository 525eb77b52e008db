//! DaemonSets (issue 14): kube-proxy is one from the start; one pod per node
//! the pod fits, following nodes added and deleted, taints and nodeSelector;
//! the rolling update by maxUnavailable; kubectl's rows, describe, rollout
//! status, cascading delete and the API server's validation, word for word.
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

fn daemonset(name: &str, image: &str, extra_spec: &str) -> String {
    format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name}
spec:
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
{extra_spec}      containers:
      - name: agent
        image: {image}
"
    )
}

fn apply(s: &mut Session, file: &str, manifest: &str) -> (String, String, i32) {
    s.files.write(file, manifest).expect("write");
    out(s, &format!("kubectl apply -f {file}"))
}

fn pods_on(s: &mut Session, selector: &str) -> Vec<String> {
    stdout(s, &format!("kubectl get pods -l {selector} --no-headers -o custom-columns=NODE:.spec.nodeName"))
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn kube_proxy_is_a_daemonset_from_the_start() {
    let mut s = new_session(1);
    assert_eq!(
        stdout(&mut s, "kubectl get ds -n kube-system"),
        "NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n\
         kube-proxy   1         1         1       1            1           kubernetes.io/os=linux   10m\n"
    );
    assert_eq!(
        stdout(&mut s, "kubectl get daemonsets.apps -A -o wide"),
        "NAMESPACE     NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   CONTAINERS   IMAGES                               SELECTOR\n\
         kube-system   kube-proxy   1         1         1       1            1           kubernetes.io/os=linux   10m   kube-proxy   registry.k8s.io/kube-proxy:v1.32.0   k8s-app=kube-proxy\n"
    );
    let all = stdout(&mut s, "kubectl get all -n kube-system");
    assert!(all.contains("\n\nNAME                        DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\ndaemonset.apps/kube-proxy   1         1         1       1            1           kubernetes.io/os=linux   10m\n\nNAME                      READY"), "{all}");
    let yaml = stdout(&mut s, "kubectl get ds kube-proxy -n kube-system -o yaml");
    assert!(yaml.contains("  updateStrategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 1\n    type: RollingUpdate\n"), "{yaml}");
    assert!(yaml.contains("      tolerations:\n      - operator: Exists\n"), "{yaml}");
    // Its pod is the one it owns, counted up to date.
    let pod = stdout(&mut s, "kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath={.items[0].metadata.labels.pod-template-generation}");
    assert_eq!(pod, "1");
    let (o, e, code) = out(&mut s, "kubectl rollout status daemonset/kube-proxy -n kube-system");
    assert_eq!((o.as_str(), e.as_str(), code), ("daemon set \"kube-proxy\" successfully rolled out\n", "", 0));
}

#[test]
fn one_pod_per_node_as_nodes_come_and_go() {
    let mut s = new_session(3);
    let (o, e, _) = apply(&mut s, "ds.yaml", &daemonset("agent", "nginx:1.27", ""));
    assert_eq!((o.as_str(), e.as_str()), ("daemonset.apps/agent created\n", ""));
    s.tick(10.0);
    assert_eq!(pods_on(&mut s, "app=agent"), ["minikube"]);
    let events = stdout(&mut s, "kubectl get events --field-selector involvedObject.kind=DaemonSet");
    let name = stdout(&mut s, "kubectl get pods -l app=agent -o name");
    let name = name.trim().trim_start_matches("pod/");
    assert!(name.starts_with("agent-") && name.len() == "agent-".len() + 5, "{name}");
    assert!(events.contains(&format!("Normal   SuccessfulCreate   daemonset/agent   Created pod: {name}")), "{events}");
    run_line(&mut s, "minikube node add");
    run_line(&mut s, "minikube node add");
    s.tick(20.0);
    let mut nodes = pods_on(&mut s, "app=agent");
    nodes.sort();
    assert_eq!(nodes, ["minikube", "minikube-m02", "minikube-m03"]);
    assert_eq!(
        stdout(&mut s, "kubectl get ds agent"),
        "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\nagent   3         3         3       3            3           <none>          70s\n"
    );
    // kube-proxy too, on every node.
    assert_eq!(pods_on(&mut s, "k8s-app=kube-proxy -n kube-system").len(), 3);
    run_line(&mut s, "minikube node delete m03");
    s.tick(5.0);
    assert!(stdout(&mut s, "kubectl get ds agent").contains("agent   2         2         2       2            2"));
    // Deleting the DaemonSet takes its pods with it.
    assert_eq!(stdout(&mut s, "kubectl delete ds agent"), "daemonset.apps \"agent\" deleted\n");
    s.tick(40.0);
    assert_eq!(stdout(&mut s, "kubectl get pods -l app=agent -o name"), "");
}

#[test]
fn taints_and_node_selectors_decide_where_daemon_pods_go() {
    let mut s = new_session(5);
    run_line(&mut s, "minikube node add");
    run_line(&mut s, "minikube node add");
    run_line(&mut s, "kubectl taint nodes minikube-m02 dedicated=db:NoSchedule");
    apply(&mut s, "ds.yaml", &daemonset("agent", "nginx:1.27", ""));
    s.tick(10.0);
    let mut nodes = pods_on(&mut s, "app=agent");
    nodes.sort();
    assert_eq!(nodes, ["minikube", "minikube-m03"]);
    // A NoExecute taint it does not tolerate removes its pod.
    run_line(&mut s, "kubectl taint nodes minikube-m03 maintenance=true:NoExecute");
    s.tick(40.0);
    assert_eq!(pods_on(&mut s, "app=agent"), ["minikube"]);
    assert!(stdout(&mut s, "kubectl get ds agent").contains("agent   1         1         1       1            1"));
    // The taint gone, the pod comes back.
    assert_eq!(stdout(&mut s, "kubectl taint nodes minikube-m03 maintenance:NoExecute-"), "node/minikube-m03 untainted\n");
    s.tick(10.0);
    assert_eq!(pods_on(&mut s, "app=agent").len(), 2);
    // A nodeSelector: only labelled nodes.
    let spec = "      nodeSelector:\n        disktype: ssd\n";
    apply(&mut s, "ssd.yaml", &daemonset("ssd", "nginx:1.27", spec));
    s.tick(10.0);
    assert!(pods_on(&mut s, "app=ssd").is_empty());
    assert!(stdout(&mut s, "kubectl get ds ssd").contains("ssd    0         0         0       0            0           disktype=ssd"));
    run_line(&mut s, "kubectl label node minikube-m02 disktype=ssd");
    s.tick(10.0);
    // m02 is tainted NoSchedule: still none; tolerated, one.
    assert!(pods_on(&mut s, "app=ssd").is_empty());
    let tolerant = "      nodeSelector:\n        disktype: ssd\n      tolerations:\n      - key: dedicated\n        operator: Exists\n";
    apply(&mut s, "ssd.yaml", &daemonset("ssd", "nginx:1.27", tolerant));
    s.tick(10.0);
    assert_eq!(pods_on(&mut s, "app=ssd"), ["minikube-m02"]);
    // drain: the DaemonSet's pods are refused, then ignored.
    let (_, e, code) = out(&mut s, "kubectl drain minikube-m02");
    assert_eq!(code, 1);
    assert!(e.contains("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ssd-"), "{e}");
    let (o, e, code) = out(&mut s, "kubectl drain minikube-m02 --ignore-daemonsets");
    assert_eq!(code, 0, "{o}{e}");
    assert!(e.starts_with("Warning: ignoring DaemonSet-managed Pods: default/ssd-"), "{e}");
    // Cordoned, the node keeps its daemon pods (they tolerate unschedulable).
    s.tick(10.0);
    assert_eq!(pods_on(&mut s, "app=ssd"), ["minikube-m02"]);
}

#[test]
fn a_rolling_update_replaces_one_node_at_a_time() {
    let mut s = new_session(9);
    run_line(&mut s, "minikube node add");
    run_line(&mut s, "minikube node add");
    apply(&mut s, "ds.yaml", &daemonset("agent", "nginx:1.26", ""));
    s.tick(20.0);
    let (o, _, _) = out(&mut s, "kubectl set image ds/agent agent=nginx:1.27");
    assert_eq!(o, "daemonset.apps/agent image updated\n");
    let mut most_unavailable = 0;
    let mut seen_progress = false;
    for _ in 0..120 {
        s.tick(0.5);
        let (o, _, _) = out(&mut s, "kubectl rollout status ds/agent --watch=false");
        if o.starts_with("Waiting for daemon set \"agent\" rollout to finish: 1 out of 3 new pods have been updated...") {
            seen_progress = true;
        }
        let ready = stdout(&mut s, "kubectl get ds agent -o jsonpath={.status.numberAvailable}");
        most_unavailable = most_unavailable.max(3 - ready.parse::<i32>().unwrap_or(0));
        if o == "daemon set \"agent\" successfully rolled out\n" {
            break;
        }
    }
    assert!(seen_progress);
    assert_eq!(most_unavailable, 1);
    assert_eq!(stdout(&mut s, "kubectl rollout status ds/agent"), "daemon set \"agent\" successfully rolled out\n");
    let images = stdout(&mut s, "kubectl get pods -l app=agent -o jsonpath={.items[*].spec.containers[0].image}");
    assert_eq!(images, "nginx:1.27 nginx:1.27 nginx:1.27");
    let generations = stdout(&mut s, "kubectl get pods -l app=agent -o jsonpath={.items[*].metadata.labels.pod-template-generation}");
    assert_eq!(generations, "2 2 2");
    assert_eq!(stdout(&mut s, "kubectl rollout restart ds/agent"), "daemonset.apps/agent restarted\n");
    let describe = stdout(&mut s, "kubectl describe ds agent");
    assert!(describe.contains("Annotations:    deprecated.daemonset.template.generation: 3\n"), "{describe}");
}

#[test]
fn describe_lays_a_daemonset_out_as_kubectl_does() {
    let mut s = new_session(2);
    apply(&mut s, "ds.yaml", &daemonset("agent", "nginx:1.27", ""));
    s.tick(10.0);
    let describe = stdout(&mut s, "kubectl describe ds agent");
    let name = stdout(&mut s, "kubectl get pods -l app=agent -o jsonpath={.items[0].metadata.name}");
    let expected = format!(
        "Name:           agent
Namespace:      default
Selector:       app=agent
Node-Selector:  <none>
Labels:         <none>
Annotations:    deprecated.daemonset.template.generation: 1
Desired Number of Nodes Scheduled: 1
Current Number of Nodes Scheduled: 1
Number of Nodes Scheduled with Up-to-date Pods: 1
Number of Nodes Scheduled with Available Pods: 1
Number of Nodes Misscheduled: 0
Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=agent
  Containers:
   agent:
    Image:         nginx:1.27
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                  Message
  ----    ------            ----  ----                  -------
  Normal  SuccessfulCreate  10s   daemonset-controller  Created pod: {name}
"
    );
    assert_eq!(describe, expected);
}

#[test]
fn the_api_server_validates_daemonsets_word_for_word() {
    let mut s = new_session(4);
    let bad = daemonset("agent", "nginx:1.27", "").replace("      labels:\n        app: agent\n", "      labels:\n        app: other\n");
    let (o, e, code) = apply(&mut s, "bad.yaml", &bad);
    assert_eq!(o, "");
    assert_eq!(code, 1);
    assert_eq!(
        e,
        "The DaemonSet \"agent\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`\n"
    );
    let (_, e, _) = out(&mut s, "kubectl create -f bad.yaml");
    assert_eq!(
        e,
        "Error from server (Invalid): error when creating \"bad.yaml\": DaemonSet.apps \"agent\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`\n"
    );
    let surge = daemonset("agent", "nginx:1.27", "")
        + "  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 1\n      maxSurge: 1\n";
    let (_, e, _) = apply(&mut s, "surge.yaml", &surge);
    assert_eq!(
        e,
        "The DaemonSet \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero\n"
    );
    let zero = daemonset("agent", "nginx:1.27", "")
        + "  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 0\n";
    let (_, e, _) = apply(&mut s, "zero.yaml", &zero);
    assert_eq!(
        e,
        "The DaemonSet \"agent\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0\n"
    );
    // The selector cannot change.
    apply(&mut s, "ds.yaml", &daemonset("agent", "nginx:1.27", ""));
    let moved = daemonset("agent", "nginx:1.27", "").replace("app: agent", "app: moved");
    let (_, e, _) = apply(&mut s, "ds.yaml", &moved);
    assert!(e.contains("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"moved\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"), "{e}");
    // Strict decoding knows the DaemonSet's fields.
    let typo = daemonset("typo", "nginx:1.27", "").replace("spec:\n  selector:", "spec:\n  replicas: 3\n  selector:");
    s.files.write("typo.yaml", typo).expect("write");
    let (_, e, _) = out(&mut s, "kubectl create -f typo.yaml");
    assert_eq!(
        e,
        "Error from server (BadRequest): error when creating \"typo.yaml\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.replicas\"\n"
    );
    let explain = stdout(&mut s, "kubectl explain ds.spec.updateStrategy");
    assert!(explain.starts_with("GROUP:      apps\nKIND:       DaemonSet\nVERSION:    v1\n"), "{explain}");
    // No scale subresource.
    let (_, e, _) = out(&mut s, "kubectl scale ds agent --replicas=3");
    assert_eq!(e, "Error from server (NotFound): the server could not find the requested resource\n");
}
