//! EndpointSlices (discovery.k8s.io/v1) as a 1.32 cluster keeps them beside
//! Endpoints, and as kubectl 1.32 prints them; made the first time a line
//! names them, kept by their controller from then on.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

fn nginx(s: &mut Session, replicas: u32) {
    run(s, &format!("kubectl create deployment my-nginx --image=nginx --replicas={replicas} --port=80"));
    s.tick(30.0);
    run(s, "kubectl expose deployment my-nginx");
}

fn slice_name(s: &mut Session, service: &str) -> String {
    run(s, &format!("kubectl get endpointslices -l kubernetes.io/service-name={service} -o jsonpath={{.items[0].metadata.name}}"))
}

#[test]
fn slices_cost_nothing_until_a_line_names_them() {
    let mut s = Session::new(1, 0);
    nginx(&mut s, 2);
    run(&mut s, "kubectl get svc,endpoints,pods");
    run(&mut s, "kubectl describe svc my-nginx");
    assert_eq!(s.cluster.store().endpoint_slices.len(), 0);
    let out = run(&mut s, "kubectl get endpointslices -A");
    assert_eq!(s.cluster.store().endpoint_slices.len(), 3, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "NAMESPACE     NAME             ADDRESSTYPE   PORTS        ENDPOINTS               AGE");
    assert_eq!(lines[1], "default       kubernetes       IPv4          8443         192.168.49.2            10m");
    assert!(lines[2].starts_with("default       my-nginx-"), "{out}");
    assert!(lines[2].ends_with("IPv4          80           10.244.0.3,10.244.0.4   0s"), "{out}");
    assert!(lines[3].starts_with("kube-system   kube-dns-"), "{out}");
    assert!(lines[3].ends_with("IPv4          53,53,9153   10.244.0.2              10m"), "{out}");
}

#[test]
fn a_service_slice_as_the_controller_writes_it() {
    let mut s = Session::new(1, 0);
    nginx(&mut s, 2);
    let name = slice_name(&mut s, "my-nginx");
    assert!(name.starts_with("my-nginx-") && name.len() == "my-nginx-".len() + 5, "{name}");
    let yaml = run(&mut s, &format!("kubectl get endpointslice {name} -o yaml"));
    for expected in [
        "addressType: IPv4\napiVersion: discovery.k8s.io/v1\nendpoints:\n- addresses:\n  - 10.244.0.3\n  conditions:\n    ready: true\n    serving: true\n    terminating: false\n  nodeName: minikube\n  targetRef:\n    kind: Pod\n",
        "kind: EndpointSlice\nmetadata:\n  annotations:\n    endpoints.kubernetes.io/last-change-trigger-time:",
        "  generateName: my-nginx-\n  generation: 1\n  labels:\n    app: my-nginx\n    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\n    kubernetes.io/service-name: my-nginx\n",
        "  ownerReferences:\n  - apiVersion: v1\n    blockOwnerDeletion: true\n    controller: true\n    kind: Service\n    name: my-nginx\n",
        "ports:\n- name: \"\"\n  port: 80\n  protocol: TCP\n",
    ] {
        assert!(yaml.contains(expected), "missing {expected:?} in\n{yaml}");
    }
    // The API server's own slice: one label, `ready` only.
    let yaml = run(&mut s, "kubectl get endpointslice kubernetes -o yaml");
    assert!(yaml.starts_with("addressType: IPv4\napiVersion: discovery.k8s.io/v1\nendpoints:\n- addresses:\n  - 192.168.49.2\n  conditions:\n    ready: true\nkind: EndpointSlice\n"), "{yaml}");
    assert!(yaml.contains("  labels:\n    kubernetes.io/service-name: kubernetes\n  name: kubernetes\n"), "{yaml}");
    assert!(yaml.ends_with("ports:\n- name: https\n  port: 8443\n  protocol: TCP\n"), "{yaml}");
}

#[test]
fn describe_endpointslice_as_describe_go_lays_it_out() {
    let mut s = Session::new(1, 0);
    nginx(&mut s, 1);
    let name = slice_name(&mut s, "my-nginx");
    let out = run(&mut s, &format!("kubectl describe endpointslice {name}"));
    let pod = run(&mut s, "kubectl get pods -o jsonpath={.items[0].metadata.name}");
    let expected = format!(
        "Name:         {name}
Namespace:    default
Labels:       app=my-nginx
              endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
              kubernetes.io/service-name=my-nginx
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2026-03-02T09:00:30Z
AddressType:  IPv4
Ports:
  Name     Port  Protocol
  ----     ----  --------
  <unset>  80    TCP
Endpoints:
  - Addresses:  10.244.0.3
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/{pod}
    NodeName:   minikube
    Zone:       <unset>
Events:         <none>
"
    );
    assert_eq!(out, expected);
}

#[test]
fn the_controller_follows_pods_and_recreates_a_deleted_slice() {
    let mut s = Session::new(1, 0);
    nginx(&mut s, 2);
    let first = slice_name(&mut s, "my-nginx");
    run(&mut s, "kubectl scale deployment my-nginx --replicas=5");
    s.tick(20.0);
    let out = run(&mut s, "kubectl get endpointslices -l kubernetes.io/service-name=my-nginx");
    assert!(out.contains("IPv4          80      10.244.0.3,10.244.0.4,10.244.0.5 + 2 more...   "), "{out}");
    // Deleted: the controller writes another, under a new name.
    assert_eq!(run(&mut s, &format!("kubectl delete endpointslice {first}")), format!("endpointslice.discovery.k8s.io \"{first}\" deleted\n"));
    let second = slice_name(&mut s, "my-nginx");
    assert!(second.starts_with("my-nginx-") && second != first, "{second}");
    // A terminating pod stays, not ready, until it is gone.
    let pod = run(&mut s, "kubectl get pods -o jsonpath={.items[0].metadata.name}");
    run(&mut s, &format!("kubectl delete pod {pod} --wait=false"));
    let yaml = run(&mut s, "kubectl get endpointslices -l kubernetes.io/service-name=my-nginx -o yaml");
    assert!(yaml.contains("    conditions:\n      ready: false\n      serving: false\n      terminating: true\n"), "{yaml}");
    // The service gone, its slices go too.
    run(&mut s, "kubectl delete svc my-nginx");
    let out = run(&mut s, "kubectl get endpointslices");
    assert!(!out.contains("my-nginx"), "{out}");
}

#[test]
fn a_service_without_pods_keeps_a_placeholder() {
    let mut s = Session::new(1, 0);
    run(&mut s, "kubectl get endpointslices");
    run(&mut s, "kubectl create service clusterip empty --tcp=80:80");
    let out = run(&mut s, "kubectl get endpointslices");
    assert!(out.contains("IPv4          <unset>   <unset>        0s\n"), "{out}");
    let name = slice_name(&mut s, "empty");
    let out = run(&mut s, &format!("kubectl describe endpointslice {name}"));
    assert!(out.contains("AddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\n"), "{out}");
    let yaml = run(&mut s, &format!("kubectl get endpointslice {name} -o yaml"));
    assert!(yaml.contains("endpoints: null\n") && yaml.ends_with("ports: null\n"), "{yaml}");
    // Pods appear: the placeholder becomes their slice, its name kept.
    run(&mut s, "kubectl create deployment empty --image=nginx --port=80");
    s.tick(20.0);
    assert_eq!(slice_name(&mut s, "empty"), name);
    let out = run(&mut s, &format!("kubectl get endpointslice {name}"));
    assert!(out.contains("IPv4          80      10.244.0.3"), "{out}");
}

#[test]
fn the_resource_names_kubectl_knows() {
    let mut s = Session::new(1, 0);
    for word in ["endpointslice", "endpointslices", "endpointslices.discovery.k8s.io", "endpointslice.v1.discovery.k8s.io"] {
        let out = run(&mut s, &format!("kubectl get {word} kubernetes -o name"));
        assert_eq!(out, "endpointslice.discovery.k8s.io/kubernetes\n", "{word}");
    }
    let out = run(&mut s, "kubectl api-resources");
    assert!(out.contains("\nendpointslices                                   discovery.k8s.io/v1               true         EndpointSlice\n"), "{out}");
    let out = run(&mut s, "kubectl explain endpointslice.endpoints.conditions.serving");
    assert!(out.contains("FIELD: serving <boolean>"), "{out}");
}
