//! `kubectl apply|create|delete -f URL` for the kubernetes.io examples the
//! tutorials and tasks apply: the simulator has no Internet access, so they
//! are read from the examples book, as if from a file named by the URL.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::kubectl::docs::{Book, Docs};
use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

const NGINX: &str = "https://k8s.io/examples/controllers/nginx-deployment.yaml";

#[test]
fn the_deployment_tutorial_applies_by_url_and_its_pods_run() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, &format!("kubectl apply -f {NGINX}")), "deployment.apps/nginx-deployment created\n");
    s.tick(60.0);
    let deploy = run(&mut s, "kubectl get deployment nginx-deployment");
    assert!(deploy.contains("nginx-deployment   3/3     3            3"), "{deploy}");
    let pods = run(&mut s, "kubectl get pods -l app=nginx");
    assert_eq!(pods.matches(" Running ").count(), 3, "{pods}");
    let image =
        run(&mut s, "kubectl get deploy nginx-deployment -o jsonpath='{.spec.template.spec.containers[0].image}'");
    assert_eq!(image, "nginx:1.14.2");
    // Applied again from the same file: nothing to change.
    assert_eq!(run(&mut s, &format!("kubectl apply -f {NGINX}")), "deployment.apps/nginx-deployment unchanged\n");
}

#[test]
fn the_same_file_reads_by_each_of_its_addresses() {
    let path = "controllers/nginx-deployment.yaml";
    let urls = [
        format!("https://kubernetes.io/examples/{path}"),
        format!("https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/{path}"),
        format!("https://raw.githubusercontent.com/kubernetes/website/master/content/en/examples/{path}"),
        format!("http://k8s.io/examples/{path}"),
    ];
    let mut s = new_session(1);
    assert_eq!(run(&mut s, &format!("kubectl apply -f {NGINX}")), "deployment.apps/nginx-deployment created\n");
    for url in &urls {
        assert_eq!(
            run(&mut s, &format!("kubectl apply -f {url}")),
            "deployment.apps/nginx-deployment unchanged\n",
            "{url}"
        );
        let mut fresh = new_session(1);
        assert_eq!(
            run(&mut fresh, &format!("kubectl create -f {url}")),
            "deployment.apps/nginx-deployment created\n",
            "{url}"
        );
    }
    // `--filename=`, a list, and the older guestbook's GitHub address.
    let mut s = new_session(1);
    let guestbook = "https://raw.githubusercontent.com/kubernetes/examples/master/guestbook";
    assert_eq!(
        run(
            &mut s,
            &format!(
                "kubectl apply --filename={guestbook}/redis-replica-deployment.yaml,{guestbook}/redis-replica-service.yaml"
            )
        ),
        "deployment.apps/redis-replica created\nservice/redis-replica created\n"
    );
}

#[test]
fn a_file_of_several_documents_creates_each_and_messages_name_the_url() {
    let mut s = new_session(1);
    let url = "https://k8s.io/examples/application/nginx-app.yaml";
    assert_eq!(
        run(&mut s, &format!("kubectl apply -f {url}")),
        "service/my-nginx-svc created\ndeployment.apps/my-nginx created\n"
    );
    assert_eq!(
        run(&mut s, &format!("kubectl create -f {url}")),
        format!(
            "Error from server (AlreadyExists): error when creating \"{url}\": services \"my-nginx-svc\" already exists\n\
             Error from server (AlreadyExists): error when creating \"{url}\": deployments.apps \"my-nginx\" already exists\n"
        )
    );
    assert_eq!(
        run(&mut s, &format!("kubectl replace -f {url}")),
        "service/my-nginx-svc replaced\ndeployment.apps/my-nginx replaced\n"
    );
    let got = run(&mut s, &format!("kubectl get -f {url}"));
    assert!(got.starts_with("NAME                   TYPE           CLUSTER-IP"), "{got}");
    assert!(got.contains("deployment.apps/my-nginx"), "{got}");
}

#[test]
fn a_task_that_creates_its_namespace_first_then_applies_into_it() {
    let mut s = new_session(1);
    let url = "https://k8s.io/examples/pods/qos/qos-pod.yaml";
    assert_eq!(
        run(&mut s, &format!("kubectl apply -f {url}")),
        format!("Error from server (NotFound): error when creating \"{url}\": namespaces \"qos-example\" not found\n")
    );
    run(&mut s, "kubectl create namespace qos-example");
    assert_eq!(run(&mut s, &format!("kubectl apply -f {url} --namespace=qos-example")), "pod/qos-demo created\n");
}

#[test]
fn delete_by_url_deletes_what_the_file_names() {
    let mut s = new_session(1);
    run(&mut s, &format!("kubectl apply -f {NGINX}"));
    s.tick(30.0);
    assert_eq!(run(&mut s, &format!("kubectl delete -f {NGINX}")), "deployment.apps \"nginx-deployment\" deleted\n");
    assert_eq!(run(&mut s, "kubectl get deploy"), "No resources found in default namespace.\n");
}

#[test]
fn a_url_outside_the_catalogue_fails_as_kubectl_does_without_a_network() {
    let mut s = new_session(1);
    let out = s.input("kubectl apply -f https://k8s.io/examples/no/such-file.yaml").output;
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr(),
        "error: Get \"https://k8s.io/examples/no/such-file.yaml\": dial tcp: lookup k8s.io on 127.0.0.53:53: no such host\n"
    );
    assert!(
        out.text().contains("il connaît les exemples de kubernetes.io que les tutoriels appliquent, mais pas celui-ci")
    );
    let out = s.input("kubectl create -f https://example.com:8443/pod.yaml").output;
    assert_eq!(
        out.stderr(),
        "error: Get \"https://example.com:8443/pod.yaml\": dial tcp: lookup example.com on 127.0.0.53:53: no such host\n"
    );
    assert!(
        out.text().ends_with("(Le simulateur n’a pas accès à Internet\u{a0}: copiez le manifeste dans un fichier.)\n")
    );
    // An address is dialled, not looked up.
    assert_eq!(
        s.input("kubectl delete -f http://localhost:8080/x.yaml").output.stderr(),
        "error: Get \"http://localhost:8080/x.yaml\": dial tcp 127.0.0.1:8080: connect: connection refused\n"
    );
    assert_eq!(
        s.input("kubectl apply -f http://10.0.0.1/x.yaml").output.stderr(),
        "error: Get \"http://10.0.0.1/x.yaml\": dial tcp 10.0.0.1:80: connect: network is unreachable\n"
    );
    // kubectl fetches only what starts with a lowercase scheme: the rest is a path.
    assert_eq!(
        run(&mut s, "kubectl apply -f HTTPS://k8s.io/examples/pods/simple-pod.yaml"),
        "error: the path \"HTTPS://k8s.io/examples/pods/simple-pod.yaml\" does not exist\n"
    );
    // Nothing was created on the way.
    assert_eq!(run(&mut s, "kubectl get pods"), "No resources found in default namespace.\n");
}

#[test]
fn without_the_book_the_command_says_it_is_not_loaded_yet() {
    let mut s = new_session(1);
    s.docs = Docs::default();
    let out = run(&mut s, &format!("kubectl apply -f {NGINX}"));
    assert!(
        out.starts_with(
            "error: Le fichier «\u{a0}examples-1.32.txt\u{a0}» (les exemples de kubernetes.io) n’est pas encore chargé"
        ),
        "{out}"
    );
    assert_eq!(s.docs.take_missed(), Some(Book::Examples));
    // A URL the book cannot hold fails at once, without it.
    let out = run(&mut s, "kubectl apply -f https://example.com/pod.yaml");
    assert!(out.starts_with("error: Get \"https://example.com/pod.yaml\""), "{out}");
    assert_eq!(s.docs.take_missed(), None);
}

#[test]
fn the_books_files_are_the_ones_of_the_1_32_docs() {
    // The guestbook's services select the pods its deployments label, as the
    // tutorial's `kubectl delete deployment -l app=redis` needs.
    let mut s = new_session(1);
    for file in ["redis-leader-deployment", "redis-leader-service", "frontend-deployment", "frontend-service"] {
        run(&mut s, &format!("kubectl apply -f https://k8s.io/examples/application/guestbook/{file}.yaml"));
    }
    s.tick(120.0);
    let endpoints = run(&mut s, "kubectl get endpoints frontend redis-leader -o name");
    assert_eq!(endpoints, "endpoints/frontend\nendpoints/redis-leader\n");
    let ready = run(&mut s, "kubectl get endpoints frontend -o jsonpath='{.subsets[0].addresses[*].ip}'");
    assert_eq!(ready.split(' ').count(), 3, "{ready}");
    let image = run(&mut s, "kubectl get deploy frontend -o jsonpath='{.spec.template.spec.containers[0].image}'");
    assert_eq!(image, "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5");
    // The CronJob page's file is batch/v1 since 1.21.
    assert_eq!(
        run(&mut s, "kubectl apply -f https://k8s.io/examples/application/job/cronjob.yaml"),
        "cronjob.batch/hello created\n"
    );
    // The namespaces walkthrough creates its namespaces from JSON files.
    assert_eq!(
        run(&mut s, "kubectl create -f https://k8s.io/examples/admin/namespace-dev.json"),
        "namespace/development created\n"
    );
    let labels = run(&mut s, "kubectl get ns development --show-labels --no-headers");
    assert!(labels.contains("name=development"), "{labels}");
}

#[test]
fn the_basics_tutorials_app_answers_with_its_version_and_the_old_registries_redirect() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1");
    s.tick(30.0);
    let pod = run(&mut s, "kubectl get pods -o jsonpath='{.items[0].metadata.name}'");
    let logs = run(&mut s, &format!("kubectl logs {pod}"));
    assert!(logs.starts_with("Kubernetes Bootcamp App Started At: 2"), "{logs}");
    assert!(logs.ends_with(&format!("| Running On:  {pod} \n")), "{logs}");
    run(&mut s, "kubectl port-forward deployment/kubernetes-bootcamp 8080 &");
    let answer = run(&mut s, "curl -s localhost:8080");
    assert!(answer.ends_with(&format!("Hello Kubernetes bootcamp! | Running on: {pod} | v=1\n")), "{answer}");
    // The update module's v2, then its typo'd v10, which no registry has.
    run(
        &mut s,
        "kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2",
    );
    s.tick(60.0);
    assert!(run(&mut s, "kubectl rollout status deployments/kubernetes-bootcamp").contains("successfully rolled out"));
    run(
        &mut s,
        "kubectl set image deployments/kubernetes-bootcamp kubernetes-bootcamp=gcr.io/google-samples/kubernetes-bootcamp:v10",
    );
    s.tick(30.0);
    let pods = run(&mut s, "kubectl get pods");
    assert!(pods.contains("ErrImagePull") || pods.contains("ImagePullBackOff"), "{pods}");
    // k8s.gcr.io, frozen, redirects to registry.k8s.io: same images, same tags.
    run(&mut s, "kubectl run old --image=k8s.gcr.io/busybox:1.27.2 -- sleep 3600");
    run(&mut s, "kubectl run gone --image=k8s.gcr.io/no-such-image:1.0");
    s.tick(30.0);
    let pods = run(&mut s, "kubectl get pods old gone --no-headers");
    assert!(pods.contains("old    1/1   Running"), "{pods}");
    assert!(pods.contains("gone   0/1   ErrImagePull") || pods.contains("gone   0/1   ImagePullBackOff"), "{pods}");
}

#[test]
fn the_source_ip_tutorials_echoserver_says_what_it_received() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment source-ip-app --image=registry.k8s.io/echoserver:1.10");
    s.tick(30.0);
    run(&mut s, "kubectl expose deployment source-ip-app --name=clusterip --port=80 --target-port=8080");
    let ip = run(&mut s, "kubectl get svc clusterip -o jsonpath='{.spec.clusterIP}'");
    let pod = run(&mut s, "kubectl get pods -o jsonpath='{.items[0].metadata.name}'");
    run(&mut s, "kubectl run busybox --image=busybox:1.28 -- sleep 3600");
    s.tick(30.0);
    let got = run(&mut s, &format!("kubectl exec busybox -- wget -qO - {ip}"));
    assert!(got.starts_with(&format!("\n\nHostname: {pod}\n\nPod Information:\n")), "{got}");
    assert!(got.contains(&format!("\trequest_uri=http://{ip}:8080/\n")), "{got}");
    assert!(got.contains(&format!("\thost={ip}\n")), "{got}");
}

/// Every section of the examples book, by name.
fn sections() -> Vec<String> {
    let docs = Docs::bundled();
    let book = docs.get(Book::Examples).unwrap_or_default();
    // Manifests only: the book also holds the data files tutorials download (`.properties`).
    book.lines()
        .filter_map(|l| l.strip_prefix("=== "))
        .filter(|n| [".yaml", ".yml", ".json"].iter().any(|e| n.ends_with(e)))
        .map(String::from)
        .collect()
}

/// The URL a tutorial gives for a section.
fn url(section: &str) -> String {
    match section.strip_prefix("github.com/kubernetes/examples/") {
        Some(path) => format!("https://raw.githubusercontent.com/kubernetes/examples/master/{path}"),
        None => format!("https://k8s.io/examples/{section}"),
    }
}

/// The examples the simulated API server refuses, and why (kinds it does not
/// serve yet, namespaces the tasks create first, a placeholder the task asks
/// to replace): kept here so that a change shows.
const REFUSED: &[(&str, &str)] = &[
    ("admin/resource/cpu-defaults.yaml", "no matches for kind \"LimitRange\" in version \"v1\""),
    ("admin/resource/memory-defaults.yaml", "no matches for kind \"LimitRange\" in version \"v1\""),
    ("admin/resource/quota-mem-cpu.yaml", "no matches for kind \"ResourceQuota\" in version \"v1\""),
    ("application/zookeeper/zookeeper.yaml", "no matches for kind \"PodDisruptionBudget\" in version \"policy/v1\""),
    ("controllers/replication.yaml", "no matches for kind \"ReplicationController\" in version \"v1\""),
    ("pods/qos/qos-pod-2.yaml", "namespaces \"qos-example\" not found"),
    ("pods/qos/qos-pod-3.yaml", "namespaces \"qos-example\" not found"),
    ("pods/qos/qos-pod-4.yaml", "namespaces \"qos-example\" not found"),
    ("pods/qos/qos-pod-5.yaml", "namespaces \"qos-example\" not found"),
    ("pods/qos/qos-pod.yaml", "namespaces \"qos-example\" not found"),
    ("pods/resource/cpu-request-limit-2.yaml", "namespaces \"cpu-example\" not found"),
    ("pods/resource/cpu-request-limit.yaml", "namespaces \"cpu-example\" not found"),
    ("pods/resource/memory-request-limit-2.yaml", "namespaces \"mem-example\" not found"),
    ("pods/resource/memory-request-limit-3.yaml", "namespaces \"mem-example\" not found"),
    ("pods/resource/memory-request-limit.yaml", "namespaces \"mem-example\" not found"),
    ("pods/resource/pod-resize.yaml", "namespaces \"qos-example\" not found"),
    (
        "policy/zookeeper-pod-disruption-budget-maxunavailable.yaml",
        "no matches for kind \"PodDisruptionBudget\" in version \"policy/v1\"",
    ),
    (
        "policy/zookeeper-pod-disruption-budget-minavailable.yaml",
        "no matches for kind \"PodDisruptionBudget\" in version \"policy/v1\"",
    ),
    ("secret/tls-auth-secret.yaml", "The Secret \"secret-tls\" is invalid"),
    (
        "service/networking/network-policy-default-deny-ingress.yaml",
        "no matches for kind \"NetworkPolicy\" in version \"networking.k8s.io/v1\"",
    ),
    (
        "service/networking/networkpolicy.yaml",
        "no matches for kind \"NetworkPolicy\" in version \"networking.k8s.io/v1\"",
    ),
    (
        "service/networking/nginx-policy.yaml",
        "no matches for kind \"NetworkPolicy\" in version \"networking.k8s.io/v1\"",
    ),
];

#[test]
fn every_example_parses_and_the_api_server_takes_it_or_says_why_not() {
    let names = sections();
    assert!(names.len() >= 90, "{}", names.len());
    let mut refused = Vec::new();
    for name in &names {
        let mut s = new_session(1);
        let out = s.input(&format!("kubectl apply -f {}", url(name))).output;
        let text = out.text();
        // Parsed: no reader, YAML or client-side validation error.
        assert!(!text.contains("error parsing") && !text.contains("error validating"), "{name}: {text}");
        for line in text.lines() {
            let created = line.ends_with(" created");
            let mapping =
                line.starts_with("error: resource mapping not found") || line == "ensure CRDs are installed first";
            let server = line.starts_with("Error from server (")
                || (line.starts_with("The ") && line.contains(" is invalid: "))
                || line.starts_with("* ");
            assert!(created || mapping || server, "{name}: {line}");
        }
        if out.code != 0 {
            let why = text.lines().find(|l| !l.ends_with(" created")).unwrap_or_default();
            refused.push((name.clone(), why.to_string()));
        }
    }
    let expected: Vec<String> = REFUSED.iter().map(|(n, _)| n.to_string()).collect();
    let got: Vec<String> = refused.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(got, expected, "refused: {refused:#?}");
    for ((_, why), (name, reason)) in refused.iter().zip(REFUSED) {
        assert!(why.contains(reason), "{name}: {why}");
    }
}

#[test]
fn the_book_says_where_its_files_come_from_and_under_which_licence() {
    let docs = Docs::bundled();
    let book = docs.get(Book::Examples).unwrap_or_default();
    assert!(book.starts_with("# kubectl "), "the page checks that it got a book");
    assert!(book.contains("© The Kubernetes Authors, kubernetes/website, CC BY 4.0"));
    assert!(book.contains("content/en/examples"));
    let names = sections();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "sections sorted, each once");
}

/// The images the book's manifests name that the catalogue does not pull, and
/// why: placeholders the pages ask the reader to replace, and images gone from
/// their registry.
const UNPULLABLE: &[&str] = &["<your-private-image>", "gcr.io/myproject/job-wq-2"];

#[test]
fn every_image_the_examples_name_is_in_the_catalogue() {
    let docs = Docs::bundled();
    let book = docs.get(Book::Examples).unwrap_or_default();
    let mut missing = Vec::new();
    for line in book.lines() {
        let Some(rest) = line.trim_start().trim_start_matches("- ").strip_prefix("image:") else { continue };
        let image = rest.split('#').next().unwrap_or_default().trim().trim_end_matches(',').trim_matches('"');
        if image.is_empty() || UNPULLABLE.contains(&image) {
            continue;
        }
        if let Err(e) = kube_atelier::cluster::images::resolve(image) {
            missing.push(format!("{image}: {}", e.message()));
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "{missing:#?}");
}
