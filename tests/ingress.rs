//! Ingress and IngressClass (networking.k8s.io/v1) as a real 1.32 cluster and
//! kubectl show them, and the ingress-nginx controller minikube's addon runs.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

/// The seed course's Ingress: the legacy class annotation, cert-manager's
/// issuer and a TLS section.
const SEED: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: unicorn-front-ingress
  annotations:
    kubernetes.io/ingress.class: nginx
    cert-manager.io/cluster-issuer: letsencrypt-prod
spec:
  tls:
  - hosts:
    - unicorn.example.com
    secretName: unicorn-tls
  rules:
  - host: unicorn.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
";

fn web(s: &mut Session) {
    run(s, "kubectl create deployment web --image=gcr.io/google-samples/hello-app:1.0");
    run(s, "kubectl expose deployment web --port=8080");
    s.tick(30.0);
}

#[test]
fn the_seed_ingress_applies_and_prints_as_kubectl_does() {
    let mut s = new_session(1);
    web(&mut s);
    s.files.write("ing.yaml", SEED).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f ing.yaml"), "ingress.networking.k8s.io/unicorn-front-ingress created\n");
    assert_eq!(
        run(&mut s, "kubectl get ingress"),
        "NAME                    CLASS    HOSTS                 ADDRESS   PORTS     AGE
unicorn-front-ingress   <none>   unicorn.example.com             80, 443   0s
"
    );
    let ip = run(&mut s, "kubectl get pods -l app=web -o jsonpath={.items[0].status.podIP}");
    let text = run(&mut s, "kubectl describe ing unicorn-front-ingress");
    let want = format!(
        "Name:             unicorn-front-ingress
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    <none>
Default backend:  <default>
TLS:
  unicorn-tls terminates unicorn.example.com
Rules:
  Host                 Path  Backends
  ----                 ----  --------
  unicorn.example.com  
                       /   web:8080 ({ip}:8080)
Annotations:           cert-manager.io/cluster-issuer: letsencrypt-prod
                       kubernetes.io/ingress.class: nginx
Events:                <none>
"
    );
    assert_eq!(text, want);
}

#[test]
fn hosts_and_ports_columns_follow_format_hosts() {
    let mut s = new_session(1);
    let out = run(
        &mut s,
        "kubectl create ingress many --rule=/=a:80 --rule=a.com/=a:80 --rule=b.com/=a:80 --rule=c.com/=a:80 --rule=d.com/=a:80",
    );
    assert_eq!(out, "ingress.networking.k8s.io/many created\n");
    run(&mut s, "kubectl create ingress dflt --default-backend=web:8080");
    assert_eq!(
        run(&mut s, "kubectl get ing"),
        "NAME   CLASS    HOSTS                           ADDRESS   PORTS   AGE
dflt   <none>   *                                         80      0s
many   <none>   a.com,b.com,c.com + 2 more...             80      0s
"
    );
    assert_eq!(
        run(&mut s, "kubectl describe ingress dflt"),
        "Name:             dflt
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    <none>
Default backend:  web:8080 (<error: endpoints \"web\" not found>)
Rules:
  Host        Path  Backends
  ----        ----  --------
  *           *     web:8080 (<error: endpoints \"web\" not found>)
Annotations:  <none>
Events:       <none>
"
    );
}

#[test]
fn validation_errors_are_the_api_servers() {
    let mut s = new_session(1);
    let bad = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bad
  annotations:
    kubernetes.io/ingress.class: other
spec:
  ingressClassName: nginx
  rules:
  - host: Foo.example
    http:
      paths:
      - path: /
        backend:
          service:
            name: web
            port:
              number: 80
      - path: api
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 70000
      - path: /x
        pathType: Regex
        backend:
          service:
            name: web
  - host: \"*.*.example.com\"
    http:
      paths:
      - path: /a//b
        pathType: Exact
        backend:
          service:
            name: Web
            port:
              name: http
";
    s.files.write("bad.yaml", bad).unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f bad.yaml"),
        "The Ingress \"bad\" is invalid: \n\
* spec.rules[0].host: Invalid value: \"Foo.example\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n\
* spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified\n\
* spec.rules[0].http.paths[1].path: Invalid value: \"api\": must be an absolute path\n\
* spec.rules[0].http.paths[1].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive\n\
* spec.rules[0].http.paths[2].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"\n\
* spec.rules[0].http.paths[2].backend: Required value: port name or number is required\n\
* spec.rules[1].host: Invalid value: \"*.*.example.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n\
* spec.rules[1].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'\n\
* spec.rules[1].http.paths[0].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n\
* annotations.kubernetes.io/ingress.class: Invalid value: \"other\": must match `ingressClassName` when both are specified\n"
    );
    let empty = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: empty\nspec: {}\n";
    s.files.write("empty.yaml", empty).unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f empty.yaml"),
        "The Ingress \"empty\" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified\n"
    );
}

#[test]
fn an_ingress_class_prints_and_describes() {
    let mut s = new_session(1);
    let class = "apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: example
spec:
  controller: example.com/ingress-controller
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
";
    s.files.write("class.yaml", class).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f class.yaml"), "ingressclass.networking.k8s.io/example created\n");
    assert_eq!(
        run(&mut s, "kubectl get ingressclass"),
        "NAME      CONTROLLER                       PARAMETERS                                      AGE
example   example.com/ingress-controller   IngressParameters.k8s.example.com/external-lb   0s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get ingressclass example -o jsonpath={.spec.parameters.scope}"),
        "Cluster"
    );
    assert_eq!(
        run(&mut s, "kubectl describe ingressclass example"),
        "Name:         example
Labels:       <none>
Annotations:  <none>
Controller:   example.com/ingress-controller
Parameters:
  APIGroup:  k8s.example.com
  Kind:      IngressParameters
  Name:      external-lb
Events:      <none>
"
    );
}
