//! What containers say and answer: logs, exec, and HTTP through services,
//! including the course's guestbook that waits for redis.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::cluster::api::DeleteOptions;
use kube_atelier::cluster::{Cluster, Kind};

/// The texts of a container's log lines.
fn texts(lines: Vec<kube_atelier::cluster::runtime::LogLine>) -> Vec<String> {
    lines.into_iter().map(|l| l.text).collect()
}

fn create(c: &mut Cluster, yaml: &str) {
    let value: serde_json::Value = serde_yaml::from_str(yaml).unwrap();
    c.create(&value, "default").unwrap_or_else(|e| panic!("{}", e.message));
}

fn argv(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

const REDIS: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: redis, labels: {app: redis, tier: backend}}\nspec: {containers: [{name: redis, image: redis, ports: [{containerPort: 6379}]}]}";
const REDIS_SVC: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: redis}\nspec: {ports: [{port: 6379, targetPort: 6379}], selector: {app: redis, tier: backend}}";
const GUESTBOOK: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: guestbook, labels: {app: guestbook, tier: frontend}}\nspec: {containers: [{name: guestbook, image: registry.gitlab.com/gonzalez-marc/guestbook:latest, ports: [{name: http-server, containerPort: 3000}]}]}";
const FRONTEND: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec: {type: LoadBalancer, ports: [{port: 3000, targetPort: http-server}], selector: {app: guestbook}}";

#[test]
fn redis_logs_what_the_course_shows() {
    let mut c = Cluster::new(1);
    create(&mut c, REDIS);
    let err = c.container_logs("default", "redis", "redis", false).unwrap_err();
    assert_eq!(err.message, "container \"redis\" in pod \"redis\" is waiting to start: ContainerCreating");
    c.advance(10.0);
    let logs = texts(c.container_logs("default", "redis", "redis", false).unwrap());
    assert_eq!(logs.len(), 7);
    assert!(logs[0].starts_with("1:C 02 Mar 2026 09:00:0"), "{}", logs[0]);
    assert!(logs[0].ends_with("* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"));
    assert!(logs[6].ends_with("* Ready to accept connections tcp"));
    let err = c.container_logs("default", "redis", "redis", true).unwrap_err();
    assert_eq!(err.message, "previous terminated container \"redis\" in pod \"redis\" not found");
    assert_eq!(
        c.container_logs("default", "redis", "nope", false).unwrap_err().message,
        "container nope is not valid for pod redis"
    );
}

#[test]
fn the_guestbook_waits_for_its_database_and_recovers() {
    let mut c = Cluster::new(2);
    for yaml in [REDIS, REDIS_SVC, GUESTBOOK, FRONTEND] {
        create(&mut c, yaml);
    }
    c.advance(10.0);
    assert!(c.http_get("default", "http://frontend:3000/").unwrap().contains("<title>Guestbook</title>"));
    let logs = texts(c.container_logs("default", "guestbook", "guestbook", false).unwrap());
    assert_eq!(logs[0], "[negroni] listening on :3000");
    assert!(logs[1].starts_with("[negroni] 2026-03-02T09:00:10Z | 200 |"), "{}", logs[1]);

    c.delete(Kind::Pod, "default", "redis", DeleteOptions::default()).unwrap();
    c.advance(5.0);
    // The page is static; its API panics without redis (negroni sends the stack).
    assert!(c.http_get("default", "frontend:3000").unwrap().contains("<p>Waiting for database connection...</p>"));
    assert!(c.http_get("default", "frontend:3000/lrange/guestbook").unwrap().starts_with("PANIC: dial tcp "));
    let logs = texts(c.container_logs("default", "guestbook", "guestbook", false).unwrap());
    let redis_ip =
        c.store().get::<kube_atelier::cluster::objects::Service>("default", "redis").unwrap().spec.cluster_ip.clone();
    assert!(
        logs.contains(&format!("[negroni] PANIC: dial tcp {redis_ip}:6379: connect: connection refused")),
        "{logs:?}"
    );

    create(&mut c, REDIS);
    c.advance(10.0);
    assert_eq!(c.http_get("default", "http://frontend.default.svc.cluster.local:3000/lrange/guestbook").unwrap(), "[]");
}

#[test]
fn curl_goes_round_robin_over_the_ready_endpoints() {
    let mut c = Cluster::new(3);
    create(
        &mut c,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: vote}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: vote}}\n  template:\n    metadata: {labels: {app: vote}}\n    spec: {containers: [{name: vote, image: instavote/vote, ports: [{containerPort: 80}]}]}",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Service\nmetadata: {name: vote-service}\nspec: {selector: {app: vote}, ports: [{port: 80, targetPort: 80}]}",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec: {containers: [{name: debug, image: alpine, command: [sleep, '10000']}]}",
    );
    c.advance(15.0);
    // alpine has no curl until it is installed, as in the course.
    assert_eq!(c.exec("default", "debug", "debug", &argv(&["curl", "http://vote-service"])).unwrap().exit_code, 126);
    assert_eq!(c.exec("default", "debug", "debug", &argv(&["apk", "add", "curl"])).unwrap().exit_code, 0);
    let mut answered_by = std::collections::BTreeSet::new();
    for _ in 0..3 {
        let out = c.exec("default", "debug", "debug", &argv(&["curl", "http://vote-service"])).unwrap();
        assert_eq!(out.exit_code, 0);
        assert!(out.stdout.contains("Cats vs Dogs!"));
        answered_by.insert(out.stdout.lines().find(|l| l.contains("Processed by")).unwrap().to_string());
    }
    assert_eq!(answered_by.len(), 3, "each of the three pods answered once");
    let out = c.exec("default", "debug", "debug", &argv(&["curl", "http://nowhere"])).unwrap();
    assert_eq!((out.stderr.as_str(), out.exit_code), ("curl: (6) Could not resolve host: nowhere\n", 6));
}

#[test]
fn exec_answers_the_course_commands() {
    let mut c = Cluster::new(4);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: 'nginx:1.27', env: [{name: GREETING, value: bonjour}]}]}",
    );
    create(&mut c, REDIS);
    create(&mut c, GUESTBOOK);
    c.advance(10.0);
    let nginx = c.exec("default", "web", "web", &argv(&["nginx", "-v"])).unwrap();
    assert_eq!((nginx.stderr.as_str(), nginx.exit_code), ("nginx version: nginx/1.27.3\n", 0));
    assert_eq!(c.exec("default", "redis", "redis", &argv(&["redis-cli", "ping"])).unwrap().stdout, "PONG\n");
    assert_eq!(c.exec("default", "web", "web", &argv(&["hostname"])).unwrap().stdout, "web\n");
    let env = c.exec("default", "web", "web", &argv(&["env"])).unwrap().stdout;
    assert!(env.contains("GREETING=bonjour\n") && env.contains("KUBERNETES_SERVICE_HOST=10.96.0.1\n"), "{env}");
    let resolv = c.exec("default", "web", "web", &argv(&["cat", "/etc/resolv.conf"])).unwrap().stdout;
    assert!(resolv.starts_with("nameserver 10.96.0.10\nsearch default.svc.cluster.local"));
    let no_shell = c.exec("default", "guestbook", "guestbook", &argv(&["sh"])).unwrap();
    assert_eq!(no_shell.exit_code, 126);
    assert!(no_shell.stderr.contains("exec: \"sh\": executable file not found in $PATH"));
}

/// `touch` makes an empty file, `rm` removes it, each in its image's words
/// when the file is not there (GNU coreutils in nginx, busybox's applets).
#[test]
fn touch_and_rm_in_a_container() {
    let mut c = Cluster::new(4);
    create(&mut c, "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: 'nginx:1.27'}]}");
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: box}\nspec: {containers: [{name: box, image: 'busybox:1.36', command: [sleep, '3600']}]}",
    );
    c.advance(10.0);
    let run = |c: &mut Cluster, pod: &str, words: &[&str]| {
        let out = c.exec("default", pod, pod, &argv(words)).unwrap();
        (out.stdout, out.stderr, out.exit_code)
    };
    assert_eq!(run(&mut c, "web", &["touch", "/tmp/ready"]), (String::new(), String::new(), 0));
    assert_eq!(run(&mut c, "web", &["cat", "/tmp/ready"]), (String::new(), String::new(), 0));
    assert_eq!(run(&mut c, "web", &["rm", "/tmp/ready"]), (String::new(), String::new(), 0));
    let gone = (String::new(), "rm: cannot remove '/tmp/ready': No such file or directory\n".to_string(), 1);
    assert_eq!(run(&mut c, "web", &["rm", "/tmp/ready"]), gone);
    assert_eq!(run(&mut c, "web", &["rm", "-f", "/tmp/ready"]), (String::new(), String::new(), 0));
    let nowhere = (String::new(), "touch: cannot touch '/nope/x': No such file or directory\n".to_string(), 1);
    assert_eq!(run(&mut c, "web", &["touch", "/nope/x"]), nowhere);
    let busybox = (String::new(), "rm: can't remove '/tmp/x': No such file or directory\n".to_string(), 1);
    assert_eq!(run(&mut c, "box", &["rm", "/tmp/x"]), busybox);
}

#[test]
fn previous_logs_belong_to_the_last_terminated_container() {
    let mut c = Cluster::new(5);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: hello}\nspec: {containers: [{name: hello, image: busybox, command: [sh, -c, 'echo Bonjour; sleep 2']}]}",
    );
    c.advance(20.0);
    assert_eq!(texts(c.container_logs("default", "hello", "hello", true).unwrap()), ["Bonjour"]);
}

#[test]
fn images_from_tutorials_pull_and_behave_as_they_do() {
    let mut c = Cluster::new(4);
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: hello}\nspec: {containers: [{name: hello, image: gcr.io/google-samples/hello-app:2.0}]}",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: echo}\nspec: {containers: [{name: echo, image: hashicorp/http-echo, args: [-text=bonjour]}]}",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: shell}\nspec: {containers: [{name: shell, image: ubuntu:24.04, command: [sleep, infinity]}]}",
    );
    create(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec: {containers: [{name: bare, image: python:3.12-slim}]}",
    );
    c.advance(30.0);
    let pod = |c: &Cluster, name: &str| {
        c.store().get::<kube_atelier::cluster::objects::Pod>("default", name).unwrap().clone()
    };
    let ip = |c: &Cluster, name: &str| pod(c, name).status.pod_ip.clone();
    let hello = c.http_get("default", &format!("http://{}:8080/", ip(&c, "hello"))).unwrap();
    assert_eq!(hello, "Hello, world!\nVersion: 2.0.0\nHostname: hello\n");
    assert_eq!(c.http_get("default", &format!("{}:5678", ip(&c, "echo"))).unwrap(), "bonjour\n");
    assert!(pod(&c, "shell").is_ready());
    let os = c.exec("default", "shell", "shell", &argv(&["cat", "/etc/os-release"])).unwrap();
    assert!(os.stdout.starts_with("PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n"), "{}", os.stdout);
    // Each distribution has its own package manager.
    let apt = c.exec("default", "shell", "shell", &argv(&["apt-get", "update"])).unwrap();
    assert!(apt.stdout.ends_with("Reading package lists...\n"), "{}", apt.stdout);
    let apk = c.exec("default", "shell", "shell", &argv(&["apk", "add", "curl"])).unwrap();
    assert_eq!(apk.exit_code, 126, "{apk:?}");
    // Without a terminal, the image's default shell or interpreter exits at once.
    let bare = pod(&c, "bare");
    assert!(bare.status.container_statuses[0].restart_count > 0, "{:?}", bare.status.container_statuses[0]);
}

/// The tags the documentation and tutorials name exist upstream, so they pull
/// (the Deployments tutorial's nginx:1.14.2 → 1.16.1, busybox:1.28,
/// registry.k8s.io/pause:3.1, wordpress:6.2.1-apache); a tag that never
/// existed (the tutorial's deliberate `nginx:1.161`) fails as the registry answers.
#[test]
fn real_tags_pull_and_made_up_ones_do_not() {
    use kube_atelier::cluster::images::resolve;
    for image in [
        "nginx:1.14.2",
        "nginx:1.16.1",
        "nginx:1.15",
        "nginx:1.25.3-alpine",
        "nginx:stable-alpine",
        "nginx:1.7.9",
        "busybox:1.28",
        "busybox:1.36.1-musl",
        "registry.k8s.io/pause:3.1",
        "redis:6.0.5",
        "redis:7.2-alpine",
        "httpd:2.4.41",
        "mysql:8.0.36",
        "mysql:5.6",
        "wordpress:6.2.1-apache",
        "postgres:16.4-alpine",
        "python:3.11.9-slim",
        "alpine:3.18.4",
    ] {
        assert!(resolve(image).is_ok(), "{image} should pull");
    }
    for (image, message) in [
        (
            "nginx:1.161",
            "Error response from daemon: manifest for nginx:1.161 not found: manifest unknown: manifest unknown",
        ),
        (
            "nginx:1.27.9",
            "Error response from daemon: manifest for nginx:1.27.9 not found: manifest unknown: manifest unknown",
        ),
        (
            "nginx:-alpine",
            "Error response from daemon: manifest for nginx:-alpine not found: manifest unknown: manifest unknown",
        ),
        (
            "ngnix:1.16.1",
            "Error response from daemon: pull access denied for ngnix, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ),
    ] {
        assert_eq!(resolve(image).map(|_| ()).map_err(|e| e.message()), Err(message.to_string()), "{image}");
    }
}

/// A tag runs the version it names: `nginx -v` and the start logs follow it.
#[test]
fn a_tag_runs_the_version_it_names() {
    use kube_atelier::cluster::images::nginx_version;
    for (tag, version) in [
        ("1.16.1", "1.16.1"),
        ("1.25", "1.25.5"),
        ("1.25.3-alpine", "1.25.3"),
        ("stable", "1.26.2"),
        ("stable-alpine", "1.26.2"),
        ("latest", "1.27.3"),
        ("alpine", "1.27.3"),
        ("1", "1.27.3"),
    ] {
        assert_eq!(nginx_version(tag), version, "{tag}");
    }
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl run r --image=redis:6.0.5");
    s.tick(30.0);
    let logs = s.input("kubectl logs r").output.text();
    assert!(logs.contains("Redis version=6.0.5,"), "{logs}");
}

/// Service variables as the kubelet sets them when it starts a container
/// (envvars.FromServices): every port's Docker-link variables, a named
/// port's own `_SERVICE_PORT_NAME`, the `kubernetes` service's; a service
/// created after the container started is not there until it restarts.
#[test]
fn service_variables_are_those_of_the_services_at_container_start() {
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl run before --image=nginx");
    s.tick(20.0);
    s.input("kubectl create service clusterip web --tcp=80:8080");
    s.tick(1.0);
    let env = s.input("kubectl exec before -- env").output.text();
    assert!(!env.contains("WEB_"), "{env}");
    s.input("kubectl run after --image=nginx");
    s.tick(20.0);
    let env = s.input("kubectl exec after -- env").output.text();
    let ip = s.input("kubectl get svc web -o jsonpath={.spec.clusterIP}").output.text();
    let lines: Vec<&str> = env.lines().filter(|l| l.starts_with("KUBERNETES_") || l.starts_with("WEB_")).collect();
    let expected = [
        "KUBERNETES_SERVICE_HOST=10.96.0.1".to_string(),
        "KUBERNETES_SERVICE_PORT=443".into(),
        "KUBERNETES_SERVICE_PORT_HTTPS=443".into(),
        "KUBERNETES_PORT=tcp://10.96.0.1:443".into(),
        "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443".into(),
        "KUBERNETES_PORT_443_TCP_PROTO=tcp".into(),
        "KUBERNETES_PORT_443_TCP_PORT=443".into(),
        "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1".into(),
        format!("WEB_SERVICE_HOST={ip}"),
        "WEB_SERVICE_PORT=80".into(),
        "WEB_SERVICE_PORT_80_8080=80".into(),
        format!("WEB_PORT=tcp://{ip}:80"),
        format!("WEB_PORT_80_TCP=tcp://{ip}:80"),
        "WEB_PORT_80_TCP_PROTO=tcp".into(),
        "WEB_PORT_80_TCP_PORT=80".into(),
        format!("WEB_PORT_80_TCP_ADDR={ip}"),
    ];
    assert_eq!(lines, expected.iter().map(String::as_str).collect::<Vec<_>>());
    // enableServiceLinks: false keeps only the kubernetes service's.
    let manifest = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: nolinks\nspec:\n  enableServiceLinks: false\n  containers:\n  - name: c\n    image: nginx\nEOF";
    for line in manifest.lines() {
        s.input(line);
    }
    s.tick(20.0);
    let env = s.input("kubectl exec nolinks -- env").output.text();
    assert!(env.contains("KUBERNETES_SERVICE_HOST=") && !env.contains("WEB_"), "{env}");
}

/// The servers of minikube's start guide and of the Namespaces walkthrough
/// answer as their images do.
#[test]
fn echo_server_and_serve_hostname_answer_as_their_images() {
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl create deployment hello-minikube --image=kicbase/echo-server:1.0");
    s.input("kubectl expose deployment hello-minikube --type=NodePort --port=8080");
    s.input("kubectl run sh --image=registry.k8s.io/serve_hostname");
    s.tick(30.0);
    let pod = s
        .input("kubectl get pods -l app=hello-minikube -o name")
        .output
        .text()
        .trim()
        .trim_start_matches("pod/")
        .to_string();
    s.input("kubectl port-forward service/hello-minikube 7080:8080 &");
    assert_eq!(
        s.input("curl localhost:7080/hi").output.text(),
        // The background port-forward says so on the same screen.
        format!(
            "Handling connection for 7080\nRequest served by {pod}\n\nHTTP/1.1 GET /hi\n\nHost: localhost:7080\nAccept: */*\nUser-Agent: curl/8.11.1\n"
        )
    );
    s.input("kubectl port-forward pod/sh 9376:9376 &");
    assert_eq!(s.input("curl -s localhost:9376").output.text(), "Handling connection for 9376\nsh");
}

/// A container's environment as the kubelet builds it when the container
/// starts: `envFrom` (with its prefix), then `env` (a later name replaces an
/// earlier one, `$(NAME)` expands), the downward API's fields and resources;
/// a ConfigMap changed later is seen only after a restart.
#[test]
fn container_environment_is_built_at_start_as_the_kubelet_builds_it() {
    let mut s = kube_atelier::lessons::new_session(1);
    s.input("kubectl create configmap web-app --from-literal=color=#220 --from-literal=MODE=prod");
    s.input("kubectl create secret generic creds --from-literal=username=user");
    let manifest = "kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: envp
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: [sleep, '3600']
    resources:
      requests: {cpu: 250m, memory: 64Mi}
      limits: {memory: 128Mi}
    envFrom:
    - configMapRef: {name: web-app}
      prefix: CFG_
    - secretRef: {name: creds}
    - configMapRef: {name: missing, optional: true}
    env:
    - name: CFG_MODE
      value: dev
    - name: CUSTOM_COLOR
      valueFrom:
        configMapKeyRef: {name: web-app, key: color}
    - name: GREETING
      value: hello $(username) in $(CFG_MODE), $(UNDEFINED) costs $$5
    - name: K8S_NODE_NAME
      valueFrom:
        fieldRef: {fieldPath: spec.nodeName}
    - name: SA
      valueFrom:
        fieldRef: {fieldPath: spec.serviceAccountName}
    - name: CPU_REQUEST
      valueFrom:
        resourceFieldRef: {resource: requests.cpu, divisor: 1m}
    - name: CPU_LIMIT
      valueFrom:
        resourceFieldRef: {resource: limits.cpu}
    - name: MEMORY_LIMIT_MI
      valueFrom:
        resourceFieldRef: {resource: limits.memory, divisor: 1Mi}
EOF";
    for line in manifest.lines() {
        s.input(line);
    }
    s.tick(20.0);
    let env = s.input("kubectl exec envp -- printenv").output.text();
    let has = |line: &str| env.lines().any(|l| l == line);
    for line in [
        "CFG_color=#220",
        "CFG_MODE=dev",
        "username=user",
        "CUSTOM_COLOR=#220",
        "GREETING=hello user in dev, $(UNDEFINED) costs $5",
        "K8S_NODE_NAME=minikube",
        "SA=default",
        "CPU_REQUEST=250",
        &format!(
            "CPU_LIMIT={}",
            s.input("kubectl get node minikube -o jsonpath={.status.allocatable.cpu}").output.text()
        ),
        "MEMORY_LIMIT_MI=128",
    ] {
        assert!(has(line), "{line} missing in:\n{env}");
    }
    assert_eq!(env.lines().filter(|l| l.starts_with("CFG_MODE=")).count(), 1, "{env}");
    // The ConfigMap changes: the running container keeps what it started with.
    s.input("kubectl patch configmap web-app -p '{\"data\":{\"color\":\"#fff\"}}'");
    s.tick(5.0);
    let env = s.input("kubectl exec envp -- printenv CUSTOM_COLOR").output.text();
    assert_eq!(env, "#220\n");
    // A new pod (the "restart" the seed course reminds of) sees the new value.
    s.input("kubectl get pod envp -o yaml > envp.yaml");
    s.input("kubectl delete pod envp --wait=false");
    s.tick(40.0);
    let out = s.input("kubectl apply -f envp.yaml").output.text();
    assert_eq!(out, "pod/envp created\n");
    s.tick(20.0);
    let env = s.input("kubectl exec envp -- printenv CUSTOM_COLOR").output.text();
    assert_eq!(env, "#fff\n");
}

/// The course's private registry: a pull without its login is refused with
/// the runtime's words, a wrong login too, and the right one in a
/// `docker-registry` Secret named by `imagePullSecrets` pulls; the image then
/// behaves as the public one it copies.
#[test]
fn private_registry_images_pull_only_with_their_secret() {
    let mut s = kube_atelier::lessons::new_session(1);
    let pod = |name: &str, secret: &str| {
        format!(
            "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  imagePullSecrets:\n  - name: {secret}\n  containers:\n  - name: app\n    image: registry.example.com/atelier/hello-app:1.0\n    imagePullPolicy: Always\nEOF"
        )
    };
    let apply = |s: &mut kube_atelier::shell::Session, text: String| {
        for line in text.lines() {
            s.input(line);
        }
    };
    s.input("kubectl create secret docker-registry wrong --docker-server=registry.example.com --docker-username=eleve --docker-password=nope");
    s.input("kubectl create secret docker-registry regcred --docker-server=https://registry.example.com/v1/ --docker-username=eleve --docker-password=atelier-k8s");
    apply(&mut s, pod("nologin", "absent"));
    apply(&mut s, pod("badlogin", "wrong"));
    s.tick(20.0);
    let events = s.input("kubectl describe pod nologin").output.text();
    assert!(
        events.contains(
            "Unable to retrieve some image pull secrets (absent); attempting to pull the image may not succeed."
        ),
        "{events}"
    );
    assert!(events.contains("Failed to pull image \"registry.example.com/atelier/hello-app:1.0\": Error response from daemon: Head \"https://registry.example.com/v2/atelier/hello-app/manifests/1.0\": no basic auth credentials"), "{events}");
    let events = s.input("kubectl describe pod badlogin").output.text();
    assert!(events.contains("Head \"https://registry.example.com/v2/atelier/hello-app/manifests/1.0\": unauthorized: authentication required"), "{events}");
    apply(&mut s, pod("ok", "regcred"));
    s.tick(20.0);
    let pods = s.input("kubectl get pods").output.text();
    assert!(pods.contains("ok         1/1     Running"), "{pods}");
    assert!(pods.contains("nologin    0/1     ImagePullBackOff"), "{pods}");
    let id = s.input("kubectl get pod ok -o jsonpath={.status.containerStatuses[0].imageID}").output.text();
    assert!(id.starts_with("docker-pullable://registry.example.com/atelier/hello-app@sha256:"), "{id}");
    let ip = s.input("kubectl get pod ok -o jsonpath={.status.podIP}").output.text();
    s.input("kubectl run client --image=busybox:1.36 -- sleep 3600");
    s.tick(20.0);
    let answer = s.input(&format!("kubectl exec client -- wget -qO- {ip}:8080")).output.text();
    assert_eq!(answer, "Hello, world!\nVersion: 1.0.0\nHostname: ok\n");
}

/// A ConfigMap or Secret mounted as a volume: a change reaches the files at
/// the kubelet's next sync of the pod (a minute or so), not at once; a
/// `subPath` mount keeps what the container started with.
#[test]
fn mounted_config_changes_show_at_the_next_sync() {
    let mut s = kube_atelier::lessons::new_session(3);
    s.input("kubectl create configmap web-config --from-literal=color=blue");
    s.input("kubectl create secret generic creds --from-literal=password=old");
    let manifest = "kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: [sleep, '3600']
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: creds, mountPath: /etc/creds, readOnly: true}
    - {name: config, mountPath: /etc/color.txt, subPath: color}
  volumes:
  - name: config
    configMap: {name: web-config}
  - name: creds
    secret: {secretName: creds}
EOF";
    for line in manifest.lines() {
        s.input(line);
    }
    s.tick(20.0);
    let cat = |s: &mut kube_atelier::shell::Session, path: &str| {
        s.input(&format!("kubectl exec reader -- cat {path}")).output.text()
    };
    assert_eq!(cat(&mut s, "/etc/config/color"), "blue");
    assert_eq!(cat(&mut s, "/etc/creds/password"), "old");
    s.input("kubectl patch configmap web-config -p '{\"data\":{\"color\":\"red\",\"size\":\"L\"}}'");
    s.input(
        "kubectl create secret generic creds --from-literal=password=new --dry-run=client -o yaml | kubectl apply -f -",
    );
    s.tick(1.0);
    // Not yet: the kubelet has not synced the pod since.
    assert_eq!(cat(&mut s, "/etc/config/color"), "blue");
    assert_eq!(
        cat(&mut s, "/etc/config/size"),
        "cat: can't open '/etc/config/size': No such file or directory\ncommand terminated with exit code 1\n"
    );
    assert_eq!(cat(&mut s, "/etc/creds/password"), "old");
    // Within the longest period (60 s plus up to 30 s of jitter), it has.
    s.tick(91.0);
    assert_eq!(cat(&mut s, "/etc/config/color"), "red");
    assert_eq!(cat(&mut s, "/etc/config/size"), "L");
    assert_eq!(cat(&mut s, "/etc/creds/password"), "new");
    // A subPath mount is never updated.
    assert_eq!(cat(&mut s, "/etc/color.txt"), "blue");
}
