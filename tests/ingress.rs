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

const EXAMPLE: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
spec:
  ingressClassName: nginx
  rules:
    - host: hello-world.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 8080
          - path: /v2
            pathType: Prefix
            backend:
              service:
                name: web2
                port:
                  number: 8080
";

const ENABLED: &str = "💡  ingress is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.
You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS
    ▪ Using image registry.k8s.io/ingress-nginx/controller:v1.11.3
    ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4
    ▪ Using image registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4
🔎  Verifying ingress addon...
🌟  The 'ingress' addon is enabled
";

const NOT_FOUND: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[test]
fn the_addon_creates_what_minikube_creates_and_waits_for_the_controller() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, "minikube addons enable ingress"), ENABLED);
    // minikube returned once the controller was ready: the pull and the probe's delay.
    assert_eq!(
        run(&mut s, "kubectl get pods -n ingress-nginx"),
        "NAME                                        READY   STATUS      RESTARTS   AGE
ingress-nginx-admission-create-2nj42        0/1     Completed   0          20s
ingress-nginx-admission-patch-cpfxq         0/1     Completed   0          20s
ingress-nginx-controller-5f4f58d9b4-vgfbq   1/1     Running     0          20s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get svc -n ingress-nginx"),
        "NAME                                 TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)                      AGE
ingress-nginx-controller             NodePort    10.110.126.26    <none>        80:31592/TCP,443:30374/TCP   20s
ingress-nginx-controller-admission   ClusterIP   10.104.167.212   <none>        443/TCP                      20s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get ingressclass"),
        "NAME    CONTROLLER             PARAMETERS   AGE\nnginx   k8s.io/ingress-nginx   <none>       20s\n"
    );
    assert!(run(&mut s, "kubectl get jobs -n ingress-nginx").contains("ingress-nginx-admission-patch    Complete   1/1"));
    assert!(run(&mut s, "minikube addons list").contains("| ingress              | minikube | enabled ✅ | Kubernetes |"));
    // The default class: an Ingress created without one gets it.
    run(&mut s, "kubectl create ingress noclass --rule=a.example/=web:8080");
    assert_eq!(run(&mut s, "kubectl get ing noclass -o jsonpath={.spec.ingressClassName}"), "nginx");
    assert_eq!(run(&mut s, "minikube addons disable ingress"), "🌑  \"The 'ingress' addon is disabled\"\n");
    s.tick(60.0);
    assert_eq!(run(&mut s, "kubectl get ns ingress-nginx"), "Error from server (NotFound): namespaces \"ingress-nginx\" not found\n");
    assert_eq!(run(&mut s, "kubectl get ingressclass"), "No resources found\n");
    assert!(run(&mut s, "minikube addons list").contains("| ingress              | minikube | disabled  | Kubernetes |"));
}

fn two_apps(s: &mut Session) {
    for line in [
        "kubectl create deployment web --image=gcr.io/google-samples/hello-app:1.0",
        "kubectl expose deployment web --type=NodePort --port=8080",
        "kubectl create deployment web2 --image=gcr.io/google-samples/hello-app:2.0",
        "kubectl expose deployment web2 --port=8080 --type=NodePort",
    ] {
        run(s, line);
    }
    s.tick(20.0);
    s.files.write("ing.yaml", EXAMPLE).unwrap();
}

#[test]
fn the_controller_gives_the_address_and_routes_by_host_and_path() {
    let mut s = new_session(1);
    run(&mut s, "minikube addons enable ingress");
    two_apps(&mut s);
    assert_eq!(run(&mut s, "kubectl apply -f ing.yaml"), "ingress.networking.k8s.io/example-ingress created\n");
    // The status syncer writes the node's address at its next round (every 60 s).
    assert_eq!(
        run(&mut s, "kubectl get ingress"),
        "NAME              CLASS   HOSTS                 ADDRESS   PORTS   AGE\nexample-ingress   nginx   hello-world.example             80      0s\n"
    );
    s.tick(70.0);
    assert_eq!(
        run(&mut s, "kubectl get ingress"),
        "NAME              CLASS   HOSTS                 ADDRESS        PORTS   AGE\nexample-ingress   nginx   hello-world.example   192.168.49.2   80      70s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl describe ingress example-ingress"),
        "Name:             example-ingress
Labels:           <none>
Namespace:        default
Address:          192.168.49.2
Ingress Class:    nginx
Default backend:  <default>
Rules:
  Host                 Path  Backends
  ----                 ----  --------
  hello-world.example  
                       /     web:8080 (10.244.0.6:8080)
                       /v2   web2:8080 (10.244.0.7:8080)
Annotations:           <none>
Events:
  Type    Reason  Age                From                      Message
  ----    ------  ----               ----                      -------
  Normal  Sync    30s (x2 over 70s)  nginx-ingress-controller  Scheduled for sync
"
    );
    let v1 = "Hello, world!\nVersion: 1.0.0\nHostname: web-75847f6b46-9llvj\n";
    let v2 = "Hello, world!\nVersion: 2.0.0\nHostname: web2-54698464c7-jr274\n";
    assert_eq!(run(&mut s, "curl --resolve \"hello-world.example:80:$( minikube ip )\" http://hello-world.example"), v1);
    assert_eq!(run(&mut s, "curl --resolve hello-world.example:80:192.168.49.2 http://hello-world.example/v2"), v2);
    // Prefix matches path elements: /v2x is not under /v2.
    assert_eq!(run(&mut s, "curl -H 'Host: hello-world.example' http://192.168.49.2/v2x"), v1);
    assert_eq!(run(&mut s, "curl -H 'Host: hello-world.example' 192.168.49.2/v2/deeper"), v2);
    // No rule for the host: ingress-nginx's own 404 page.
    assert_eq!(run(&mut s, "curl http://192.168.49.2/"), NOT_FOUND);
    assert_eq!(run(&mut s, "curl -H 'Host: other.example' http://192.168.49.2/v2"), NOT_FOUND);
    // A name in the shell's /etc/hosts.
    run(&mut s, "mkdir -p /etc");
    s.files.write("/etc/hosts", "127.0.0.1 localhost\n192.168.49.2 hello-world.example\n").unwrap();
    assert_eq!(run(&mut s, "curl hello-world.example/v2"), v2);
    // HTTPS: the controller's self-signed certificate.
    let out = s.input("curl https://hello-world.example/");
    assert_eq!(out.output.code, 60);
    assert!(out.output.text().starts_with("curl: (60) SSL certificate problem: self-signed certificate\n"));
    assert_eq!(run(&mut s, "curl -k https://hello-world.example/"), v1);
    // A backend without endpoints: 503.
    run(&mut s, "kubectl scale deployment web2 --replicas=0");
    s.tick(40.0);
    assert!(run(&mut s, "curl hello-world.example/v2").contains("<title>503 Service Temporarily Unavailable</title>"));
}

#[test]
fn without_the_addon_an_ingress_has_no_address_and_port_80_is_closed() {
    let mut s = new_session(1);
    two_apps(&mut s);
    run(&mut s, "kubectl apply -f ing.yaml");
    s.tick(120.0);
    assert_eq!(
        run(&mut s, "kubectl get ingress"),
        "NAME              CLASS   HOSTS                 ADDRESS   PORTS   AGE\nexample-ingress   nginx   hello-world.example             80      2m\n"
    );
    assert!(run(&mut s, "kubectl describe ingress").ends_with("Events:                <none>\n"));
    assert_eq!(
        run(&mut s, "curl --resolve hello-world.example:80:192.168.49.2 http://hello-world.example"),
        "curl: (7) Failed to connect to hello-world.example port 80 after 0 ms: Couldn't connect to server\n"
    );
    // Enabled afterwards: the controller picks it up.
    run(&mut s, "minikube addons enable ingress");
    s.tick(60.0);
    assert!(run(&mut s, "kubectl get ingress").contains("192.168.49.2"));
}

#[test]
fn the_addons_manifest_is_the_node_books_file() {
    use kube_atelier::kubectl::docs::{Book, Docs};
    let mut s = new_session(1);
    assert!(s.docs.node_file("ingress-deploy.yaml").is_some_and(|f| f.contains("name: ingress-nginx-admission-patch")));
    s.docs = Docs::default();
    assert_eq!(s.docs.wanted_by("minikube addons enable ingress"), Some(Book::Node));
    assert_eq!(s.docs.wanted_by("minikube addons disable ingress"), None);
    let out = run(&mut s, "minikube addons enable ingress");
    assert_eq!(
        out,
        "Le fichier «\u{a0}node-1.32.txt\u{a0}» (les fichiers du nœud minikube) n’est pas encore chargé\u{a0}: relancez la commande dans un instant.\n"
    );
    assert_eq!(run(&mut s, "kubectl get ns ingress-nginx"), "Error from server (NotFound): namespaces \"ingress-nginx\" not found\n");
}
