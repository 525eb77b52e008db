#![cfg(not(target_arch = "wasm32"))]
use kube_atelier::kubectl::picture::*;
use kube_atelier::shell::Session;

fn sh(s: &mut Session, line: &str) -> String {
    let out = s.input(line).output.text();
    println!("$ {line}\n{out}");
    out
}
const SICK: &str = "apiVersion: v1
kind: Pod
metadata:
  name: sick
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet:
        path: /healthz
        port: 80
      periodSeconds: 5
";

#[test]
fn explore() {
    let mut s = Session::new(1, 0);
    sh(&mut s, "kubectl run ok --image=nginx --labels=app=web");
    s.files.write("sick.yaml", SICK.to_string()).unwrap();
    sh(&mut s, "kubectl apply -f sick.yaml");
    sh(&mut s, "kubectl create service nodeport web --tcp=80:80 --node-port=31000");
    sh(&mut s, "kubectl create service loadbalancer front --tcp=80:8080");
    sh(&mut s, "kubectl create service clusterip redis --tcp=6379:6379");
    s.tick(30.0);
    sh(&mut s, "kubectl run late --image=nginx --labels=app=web");
    s.tick(0.5);
    sh(&mut s, "kubectl get pods -o wide");
    sh(&mut s, "kubectl get svc,ep");
    sh(&mut s, "kubectl get ep web -o yaml");
    println!("{:#?}", picture(&s.cluster, Some("default")).services);
    sh(&mut s, "minikube tunnel");
    sh(&mut s, "kubectl get svc");
    println!("{:#?}", picture(&s.cluster, Some("default")).services);
    panic!("show");
}
