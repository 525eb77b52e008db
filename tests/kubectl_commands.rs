//! kubectl commands as a learner types them, with their exact output: what
//! the lessons met and real kubectl 1.32 does.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

/// Types each line of `text` (a heredoc, say); gives what the last one printed.
fn type_lines(s: &mut Session, text: &str) -> String {
    text.lines().map(|l| run(s, l)).last().unwrap_or_default()
}

#[test]
fn f_takes_a_comma_separated_list_of_files() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, "kubectl apply -f redis-pod.yaml,redis-service.yaml"), "pod/redis created\nservice/redis created\n");
}

#[test]
fn an_escaped_dot_in_jsonpath_reads_an_annotation() {
    let mut s = new_session(1);
    run(&mut s, "kubectl apply -f vote-deploy.yaml");
    run(&mut s, "kubectl annotate deployment/vote-deploy kubernetes.io/change-cause='version v1'");
    assert_eq!(
        run(&mut s, "kubectl get deploy vote-deploy -o jsonpath='{.metadata.annotations.kubernetes\\.io/change-cause}'"),
        "version v1"
    );
}

#[test]
fn applying_type_recreate_drops_the_defaulted_rolling_update() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create -f vote-deploy.yaml");
    let manifest = s.files.read("vote-deploy.yaml").unwrap().replace("spec:\n  replicas: 3", "spec:\n  replicas: 3\n  strategy:\n    type: Recreate");
    s.files.write("recreate.yaml", manifest).unwrap();
    let out = s.input("kubectl apply -f recreate.yaml").output;
    assert_eq!(out.code, 0, "{}", out.text());
    assert!(out.stdout().ends_with("deployment.apps/vote-deploy configured\n"));
    assert_eq!(run(&mut s, "kubectl get deploy vote-deploy -o jsonpath={.spec.strategy}"), r#"{"type":"Recreate"}"#);
}

#[test]
fn a_pod_relabelled_out_of_its_replicaset_is_released_and_replaced() {
    let mut s = new_session(1);
    let rs = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n";
    s.files.write("rs.yaml", rs).unwrap();
    run(&mut s, "kubectl apply -f rs.yaml");
    s.tick(30.0);
    let first = run(&mut s, "kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}");
    assert_eq!(run(&mut s, &format!("kubectl label pod {first} app=debug --overwrite")), format!("pod/{first} labeled\n"));
    s.tick(1.0);
    // The ReplicaSet made another pod; the relabelled one has no owner any more.
    assert_eq!(run(&mut s, "kubectl get pods -l app=web -o name").lines().count(), 2);
    assert_eq!(run(&mut s, &format!("kubectl get pod {first} -o jsonpath={{.metadata.ownerReferences}}")), "");
    // Deleting the ReplicaSet leaves it running.
    run(&mut s, "kubectl delete rs web");
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl get pods -o name"), format!("pod/{first}\n"));
}

#[test]
fn cascade_orphan_keeps_the_dependents_without_their_owner() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=2");
    s.tick(30.0);
    let out = s.input("kubectl delete deployment web --cascade=orphan").output;
    assert_eq!(out.text(), "deployment.apps \"web\" deleted\n");
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl get rs -o name").lines().count(), 1);
    assert_eq!(run(&mut s, "kubectl get pods -o name").lines().count(), 2);
    assert_eq!(run(&mut s, "kubectl get rs -o jsonpath={.items[0].metadata.ownerReferences}"), "");
    let rs = run(&mut s, "kubectl get rs -o name");
    let out = s.input(&format!("kubectl delete {} --cascade=false", rs.trim())).output;
    assert!(out.text().starts_with("warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"), "{}", out.text());
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl get pods -o name").lines().count(), 2);
    let bad = s.input("kubectl delete pods --all --cascade=maybe").output;
    assert_eq!((bad.code, bad.text()), (1, "error: invalid cascade value (maybe). Must be \"background\", \"foreground\", or \"orphan\"\n".to_string()));
}

#[test]
fn record_is_deprecated_as_pflag_says_before_the_command_runs() {
    let mut s = new_session(1);
    let out = s.input("kubectl create -f vote-deploy.yaml --record").output;
    assert_eq!(out.text(), "Flag --record has been deprecated, --record will be removed in the future\ndeployment.apps/vote-deploy created\n");
    assert_eq!(out.chunks[0].0, kube_atelier::kubectl::output::Stream::Err);
    let out = s.input("kubectl get pods --record").output;
    assert_eq!(out.text(), "Error: unknown flag: --record\nSee 'kubectl get --help' for usage.\n");
}

#[test]
fn a_typo_in_replicas_creates_pods_at_a_real_clusters_pace() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment big --image=nginx --replicas=100000000");
    // The controller-manager's client: a burst of 30, then 20 a second.
    assert_eq!(run(&mut s, "kubectl get pods -o name").lines().count(), 30);
    s.tick(5.0);
    assert_eq!(run(&mut s, "kubectl get pods -o name").lines().count(), 130);
    // The node takes 110 pods (7 are the system's): the rest wait, Pending.
    s.tick(5.0);
    let pending = run(&mut s, "kubectl get pods --field-selector=status.phase=Pending -o name").lines().count();
    assert_eq!(pending, 230 - 103);
    let events = run(&mut s, "kubectl get events --field-selector reason=FailedScheduling -o jsonpath={.items[0].message}");
    assert_eq!(events, "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    // The learner's next command answers, and the typo is undone.
    assert_eq!(run(&mut s, "kubectl scale deployment big --replicas=2"), "deployment.apps/big scaled\n");
    s.tick(60.0);
    assert_eq!(run(&mut s, "kubectl get pods -o name").lines().count(), 2);
}

#[test]
fn busybox_wget_fails_in_its_own_words() {
    let mut s = new_session(1);
    run(&mut s, "kubectl apply -f pod-debug.yaml");
    s.tick(30.0);
    let out = s.input("kubectl exec debug -- wget -qO- http://nope:80").output;
    assert_eq!((out.code, out.text()), (1, "wget: bad address 'nope:80'\ncommand terminated with exit code 1\n".to_string()));
}

/// label's argument rules and verbs (label.go), each checked with kubectl 1.32
/// for the client-side errors.
#[test]
fn label_reads_its_arguments_as_kubectl_does() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run web --image=nginx --labels=app=web,tier=front");
    // A lone "-" is not a removal: no update at all.
    assert_eq!(run(&mut s, "kubectl label pod web -"), "error: at least one label update is required\n");
    assert_eq!(run(&mut s, "kubectl annotate pod web"), "error: at least one annotation update is required\n");
    assert_eq!(run(&mut s, "kubectl label pods a=b"), "error: resource(s) were provided, but no name was specified\n");
    assert_eq!(run(&mut s, "kubectl label pod web --list"), "app=web\ntier=front\n");
    // The same value again needs no --overwrite, and changes nothing.
    assert_eq!(run(&mut s, "kubectl label pod web app=web"), "pod/web not labeled\n");
    assert_eq!(
        run(&mut s, "kubectl label pod web app=db"),
        "error: 'app' already has a value (web), and --overwrite is false\n"
    );
    // "unlabeled" only when every change removes a label.
    assert_eq!(run(&mut s, "kubectl label pod web tier- x=y"), "pod/web labeled\n");
    assert_eq!(run(&mut s, "kubectl label pod web x-"), "pod/web unlabeled\n");
    assert_eq!(run(&mut s, "kubectl label pods --all z=1"), "pod/web labeled\n");
    assert_eq!(run(&mut s, "kubectl get pod web -o jsonpath={.metadata.labels}"), r#"{"app":"web","z":"1"}"#);
}

#[test]
fn label_and_annotate_name_what_they_cannot_do() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run solo --image=nginx");
    run(&mut s, "kubectl annotate pod solo note=hello");
    assert_eq!(run(&mut s, "kubectl label pod solo nothere-"), "label \"nothere\" not found.\npod/solo not labeled\n");
    assert_eq!(run(&mut s, "kubectl annotate pod solo nothere-"), "pod/solo not annotated\n");
    assert_eq!(
        run(&mut s, "kubectl annotate pod solo note=bye"),
        "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n"
    );
    assert_eq!(run(&mut s, "kubectl annotate pod solo note=hello"), "pod/solo not annotated\n");
    // The change-cause annotation may always be overwritten.
    run(&mut s, "kubectl annotate pod solo kubernetes.io/change-cause=v1");
    assert_eq!(run(&mut s, "kubectl annotate pod solo kubernetes.io/change-cause=v2"), "pod/solo annotated\n");
}

/// set env as set_env.go changes containers: -c picks one, '*' all, KEY- removes.
#[test]
fn set_env_changes_the_containers_it_names() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment two --image=nginx --image=redis");
    let env = |s: &mut Session| run(s, "kubectl get deploy two -o jsonpath='{range .spec.template.spec.containers[*]}{.name}:{.env}{\"\\n\"}{end}'");
    assert_eq!(run(&mut s, "kubectl set env deploy/two X=1 -c redis"), "deployment.apps/two env updated\n");
    assert_eq!(env(&mut s), "nginx:\nredis:[{\"name\":\"X\",\"value\":\"1\"}]\n");
    run(&mut s, "kubectl set env deploy/two Y=2 --containers=*");
    assert_eq!(
        env(&mut s),
        "nginx:[{\"name\":\"Y\",\"value\":\"2\"}]\nredis:[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"2\"}]\n"
    );
    run(&mut s, "kubectl set env deploy/two X-");
    assert_eq!(env(&mut s), "nginx:[{\"name\":\"Y\",\"value\":\"2\"}]\nredis:[{\"name\":\"Y\",\"value\":\"2\"}]\n");
    run(&mut s, "kubectl set env deploy/two Y=3");
    assert_eq!(env(&mut s), "nginx:[{\"name\":\"Y\",\"value\":\"3\"}]\nredis:[{\"name\":\"Y\",\"value\":\"3\"}]\n");
}

/// scale's preconditions and set image's container choice, on pods and deployments.
#[test]
fn scale_checks_current_replicas_and_set_image_picks_containers() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment two --image=nginx --image=redis");
    assert!(run(&mut s, "kubectl scale --replicas=3").starts_with("error: You must provide one or more resources"));
    assert_eq!(
        run(&mut s, "kubectl scale deploy two --current-replicas=2 --replicas=3"),
        "error: Expected replicas to be 2, was 1\n"
    );
    assert_eq!(run(&mut s, "kubectl scale deploy two --current-replicas=1 --replicas=3"), "deployment.apps/two scaled\n");
    assert_eq!(run(&mut s, "kubectl set image deploy/two redis=redis:7"), "deployment.apps/two image updated\n");
    assert_eq!(
        run(&mut s, "kubectl get deploy two -o jsonpath={.spec.template.spec.containers[*].image}"),
        "nginx redis:7"
    );
    run(&mut s, "kubectl run web --image=nginx");
    assert_eq!(run(&mut s, "kubectl set image pod/web web=nginx:1.27"), "pod/web image updated\n");
    assert_eq!(run(&mut s, "kubectl get pod web -o jsonpath={.spec.containers[0].image}"), "nginx:1.27");
}

/// describe node's "Allocated resources": each total in its canonical
/// quantity (a whole number of cores, Gi, Ki, plain bytes) and its share of
/// the allocatable (4 cores, 8129212Ki), as kubectl's describe computes them.
#[test]
fn describe_node_totals_requests_and_limits_in_canonical_quantities() {
    let mut s = new_session(1);
    let allocated = |s: &mut Session| {
        s.tick(3.0);
        let text = run(s, "kubectl describe node minikube");
        let at = text.find("Allocated resources:").expect("allocated resources");
        text[at..].lines().skip(4).take(2).map(|l| format!("{l}\n")).collect::<String>()
    };
    let pod = |name: &str, resources: &str| {
        format!(
            "kubectl apply -f - <<Y\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec: {{containers: [{{name: c, image: nginx, resources: {resources}}}]}}\nY"
        )
    };
    // (The control plane requests 650m and etcd 100Mi, coredns 100m and 70Mi.)
    type_lines(&mut s, &pod("a", "{requests: {cpu: 250m, memory: 854Mi}}"));
    assert_eq!(allocated(&mut s), "  cpu                1 (25%)    0 (0%)\n  memory             1Gi (12%)  170Mi (2%)\n");
    type_lines(&mut s, &pod("b", "{requests: {cpu: 1m, memory: 1Ki}, limits: {memory: 3Gi}}"));
    assert_eq!(
        allocated(&mut s),
        "  cpu                1001m (25%)      0 (0%)\n  memory             1048577Ki (12%)  3242Mi (40%)\n"
    );
    // A limit without a request is the request too (the API server's defaulting).
    type_lines(&mut s, &pod("c", "{requests: {memory: \"1\"}, limits: {cpu: \"2\"}}"));
    assert_eq!(
        allocated(&mut s),
        "  cpu                3001m (75%)       2 (50%)\n  memory             1073742849 (12%)  3242Mi (40%)\n"
    );
}

/// describe replicaset's "Pods Status" counts its pods by phase.
#[test]
fn describe_replicaset_counts_its_pods_by_phase() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=3");
    run(&mut s, "kubectl create deployment bad --image=nginx:nope --replicas=2");
    s.tick(30.0);
    let status = |s: &mut Session, selector: &str| {
        let text = run(s, &format!("kubectl describe rs -l {selector}"));
        text.lines().find(|l| l.starts_with("Pods Status:")).unwrap_or_default().to_string()
    };
    assert_eq!(status(&mut s, "app=web"), "Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed");
    assert_eq!(status(&mut s, "app=bad"), "Pods Status:    0 Running / 2 Waiting / 0 Succeeded / 0 Failed");
}

/// describe's annotations: a long value cut at 140 characters with `...`,
/// a value over several lines shown under its key, a short one inline.
#[test]
fn describe_prints_annotations_as_print_annotations_multiline_does() {
    let mut s = new_session(1);
    let long = "a".repeat(200);
    type_lines(
        &mut s,
        &format!(
            "kubectl apply -f - <<Y\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n  annotations:\n    short: hello\n    long: {long}\n    multi: |\n      line one\n      line two\nY"
        ),
    );
    let text = run(&mut s, "kubectl describe configmap notes");
    let expected = format!(
        "Annotations:  long:\n                {}...\n              multi:\n                line one\n                line two\n              short: hello\n",
        "a".repeat(138)
    );
    assert!(text.contains(&expected), "{text}");
}

/// api-resources -o wide adds discovery's verbs and categories (what `get
/// all` reads); an output it has no printer for is refused before discovery.
#[test]
fn api_resources_wide_shows_verbs_and_categories() {
    let mut s = new_session(1);
    let wide = run(&mut s, "kubectl api-resources -o wide");
    let mut lines = wide.lines();
    assert_eq!(
        lines.next(),
        Some("NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND                               VERBS                                                        CATEGORIES")
    );
    let row = |name: &str| wide.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_default().to_string();
    assert_eq!(row("bindings"), "bindings                                         v1                                true         Binding                            create                                                       ");
    assert_eq!(row("namespaces"), "namespaces                          ns           v1                                false        Namespace                          create,delete,get,list,patch,update,watch                    ");
    assert_eq!(row("pods"), "pods                                po           v1                                true         Pod                                create,delete,deletecollection,get,list,patch,update,watch   all");
    assert_eq!(row("services"), "services                            svc          v1                                true         Service                            create,delete,get,list,patch,update,watch                    all");
    assert!(row("customresourcedefinitions").ends_with("   api-extensions"), "{}", row("customresourcedefinitions"));
    let o = s.input("kubectl api-resources -o json").output;
    assert_eq!((o.stderr().as_str(), o.code), ("error: --output json is not available\n", 1));
    // metrics.k8s.io is served once metrics-server runs: its resources are only read.
    run(&mut s, "minikube addons enable metrics-server");
    s.tick(60.0);
    let metrics = run(&mut s, "kubectl api-resources -o wide --api-group=metrics.k8s.io");
    assert!(metrics.ends_with("PodMetrics    get,list   \n"), "{metrics}");
    assert!(!run(&mut s, "kubectl api-resources --verbs=delete --api-group=metrics.k8s.io").contains("pods"));
}

#[test]
fn cluster_info_names_the_control_plane_and_coredns() {
    let mut s = new_session(1);
    assert_eq!(
        run(&mut s, "kubectl cluster-info"),
        "Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    );
}

/// port-forward to a service goes to the pod's target port (a number, or a
/// container port's name); a pod's port is its own; `:80` and `0:80` take a
/// free local port; a pod that does not run is refused.
#[test]
fn port_forward_resolves_service_and_named_ports() {
    let mut s = new_session(1);
    type_lines(
        &mut s,
        "kubectl apply -f - <<Y\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: p}}\nspec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 80}]}]}\nY",
    );
    run(&mut s, "kubectl expose pod p --name=num --port=8000 --target-port=80");
    run(&mut s, "kubectl expose pod p --name=named --port=8001 --target-port=http");
    s.tick(20.0);
    // In the foreground it prints where it listens, then runs until Ctrl+C.
    let forward = |s: &mut Session, line: &str| {
        let o = s.input(line).output;
        s.interrupt();
        (o.stdout(), o.stderr())
    };
    let listening = |port: &str, to: &str| {
        (format!("Forwarding from 127.0.0.1:{port} -> {to}\nForwarding from [::1]:{port} -> {to}\n"), String::new())
    };
    assert_eq!(forward(&mut s, "kubectl port-forward svc/num 9000:8000"), listening("9000", "80"));
    assert_eq!(forward(&mut s, "kubectl port-forward svc/named 9001:8001"), listening("9001", "80"));
    assert_eq!(forward(&mut s, "kubectl port-forward pod/p 9002:http"), listening("9002", "80"));
    assert_eq!(forward(&mut s, "kubectl port-forward p 9003:80"), listening("9003", "80"));
    for line in ["kubectl port-forward pod/p :80", "kubectl port-forward pod/p 0:80"] {
        let (out, _) = forward(&mut s, line);
        let port: u16 = out["Forwarding from 127.0.0.1:".len()..].split(' ').next().unwrap().parse().unwrap();
        assert!((32768..61000).contains(&port), "{out}");
        assert_eq!((out.clone(), String::new()), listening(&port.to_string(), "80"));
    }
    assert_eq!(forward(&mut s, "kubectl port-forward svc/named 9004:9999").1, "error: Service named does not have a service port 9999\n");
    assert_eq!(forward(&mut s, "kubectl port-forward svc/named 9004:web").1, "error: Service 'named' does not have a named port 'web'\n");
    assert_eq!(forward(&mut s, "kubectl port-forward pod/p 9004:web").1, "error: Pod 'p' does not have a named port 'web'\n");
    run(&mut s, "kubectl run q --image=nginx:nope");
    s.tick(5.0);
    assert_eq!(
        forward(&mut s, "kubectl port-forward pod/q 9005:80").1,
        "error: unable to forward port because pod is not running. Current status=Pending\n"
    );
}

/// --sort-by: numbers numerically, text as text, each row where its key puts it.
#[test]
fn sort_by_orders_numbers_and_text() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run b --image=nginx");
    run(&mut s, "kubectl run c --image=busybox -- sh -c 'exit 1'");
    run(&mut s, "kubectl run a --image=redis");
    s.tick(60.0);
    let names = |s: &mut Session, key: &str| {
        let table = run(s, &format!("kubectl get pods --sort-by={key} --no-headers"));
        table.lines().map(|l| l.split(' ').next().unwrap_or_default().to_string()).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(names(&mut s, ".metadata.name"), "a b c");
    assert_eq!(names(&mut s, ".spec.containers[0].image"), "c b a");
    // c restarted (3 times by now): the highest count comes last, the equal ones keep their order.
    assert_eq!(names(&mut s, ".status.containerStatuses[0].restartCount"), "a b c");
    run(&mut s, "kubectl label pod c rank=1");
    run(&mut s, "kubectl label pod b rank=10");
    run(&mut s, "kubectl label pod a rank=9");
    assert_eq!(names(&mut s, ".metadata.labels.rank"), "c b a");
}

/// One object named prints alone; two print as a List.
#[test]
fn get_prints_one_object_alone_and_several_as_a_list() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run a --image=nginx");
    run(&mut s, "kubectl run b --image=nginx");
    assert_eq!(run(&mut s, "kubectl get pod a -o jsonpath={.kind}"), "Pod");
    assert_eq!(run(&mut s, "kubectl get pod a b -o jsonpath={.kind}"), "List");
    assert_eq!(
        s.input("kubectl get pods -o custom-columns").output.stderr(),
        "error: custom-columns format specified but no custom columns given\n"
    );
}

/// An ExternalName service has no cluster IP and shows its name outside; a
/// headless one (`--clusterip=None`, no port needed) shows None.
#[test]
fn external_name_and_headless_services_print_as_kubectl_prints_them() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, "kubectl create service externalname ext --external-name=example.com"), "service/ext created\n");
    assert_eq!(run(&mut s, "kubectl create service clusterip h --clusterip=None"), "service/h created\n");
    assert_eq!(
        run(&mut s, "kubectl get svc ext h"),
        "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\next    ExternalName   <none>       example.com   <none>    0s\nh      ClusterIP      None         <none>        <none>    0s\n"
    );
}

/// get endpoints: the first three ready `ip:port`, then how many more; a
/// headless service without ports lists bare addresses.
#[test]
fn endpoints_show_three_addresses_then_how_many_more() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=5");
    run(&mut s, "kubectl expose deployment web --port=80");
    run(&mut s, "kubectl create service clusterip h --clusterip=None");
    run(&mut s, "kubectl label pods -l app=web app=h --overwrite");
    run(&mut s, "kubectl create deployment h --image=nginx --replicas=2");
    s.tick(30.0);
    let row = |s: &mut Session, name: &str| run(s, &format!("kubectl get endpoints {name} --no-headers"));
    let web = row(&mut s, "web");
    let ips = run(&mut s, "kubectl get pods -l app=web -o jsonpath={.items[*].status.podIP}");
    let mut ips: Vec<&str> = ips.split(' ').collect();
    ips.sort_by_key(|ip| ip.rsplit('.').next().and_then(|n| n.parse::<u32>().ok()));
    assert_eq!(web, format!("web   {}:80,{}:80,{}:80 + 2 more...   30s\n", ips[0], ips[1], ips[2]));
    let h = row(&mut s, "h");
    assert!(!h.contains(':') && h.matches("10.244.").count() == 3 && h.contains(" + 4 more..."), "{h}");
}

/// kubectl run prints the created pod in the format asked; expose works on a
/// service too (its selector, a new port); `--external-ip` is kept, shown
/// after a LoadBalancer's own addresses.
#[test]
fn run_and_expose_print_and_keep_what_they_are_given() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, "kubectl run p --image=nginx -o name"), "pod/p\n");
    assert!(run(&mut s, "kubectl run q --image=nginx -o yaml").starts_with("apiVersion: v1\nkind: Pod\nmetadata:\n"));
    assert!(run(&mut s, "kubectl run r --image=nginx -o json").starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n"));
    run(&mut s, "kubectl create deployment web --image=nginx");
    run(&mut s, "kubectl expose deployment web --port=80");
    assert_eq!(run(&mut s, "kubectl expose svc web --name=web2 --port=90"), "service/web2 exposed\n");
    assert_eq!(run(&mut s, "kubectl get svc web2 -o jsonpath={.spec.selector.app}:{.spec.ports[0].port}"), "web:90");
    run(&mut s, "kubectl expose deployment web --name=lb --type=LoadBalancer --port=80 --external-ip=192.168.100.100");
    let cell = |s: &mut Session| run(s, "kubectl get svc lb --no-headers").split_whitespace().nth(3).unwrap_or_default().to_string();
    assert_eq!(cell(&mut s), "192.168.100.100");
    run(&mut s, "minikube tunnel &");
    s.tick(5.0);
    let ip = run(&mut s, "kubectl get svc lb -o jsonpath={.spec.clusterIP}");
    assert_eq!(cell(&mut s), format!("{ip},192.168.100.100"));
}

/// kubectl run: -i attaches (so --rm may go with it), -t needs -i, an
/// attached run cannot be a dry run: run.go's rules and usage errors.
#[test]
fn run_attaches_with_i_and_refuses_what_run_go_refuses() {
    let mut s = new_session(1);
    assert_eq!(run(&mut s, "kubectl run x --image=busybox --rm -i --restart=Never -- echo hi"), "hi\npod \"x\" deleted\n");
    let usage = |why: &str| format!("error: {why}\nSee 'kubectl run -h' for help and examples\n");
    assert_eq!(run(&mut s, "kubectl run y --image=busybox --rm"), usage("--rm should only be used for attached containers"));
    assert_eq!(run(&mut s, "kubectl run y --image=busybox -t"), usage("-i/--stdin is required for containers with -t/--tty=true"));
    let refused = usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    assert_eq!(run(&mut s, "kubectl run y --image=busybox -i --dry-run=client"), refused);
    assert_eq!(run(&mut s, "kubectl run y --image=busybox --attach --dry-run=server"), refused);
    assert!(run(&mut s, "kubectl get pods").starts_with("No resources found"), "{}", run(&mut s, "kubectl get pods"));
    // The generator's fields: stdin and stdinOnce with -i, tty with -t.
    run(&mut s, "kubectl run it --image=busybox -it -- sh");
    run(&mut s, "exit");
    assert_eq!(run(&mut s, "kubectl get pod it -o jsonpath={.spec.containers[0].stdin},{.spec.containers[0].stdinOnce},{.spec.containers[0].tty}"), "true,true,true");
}

/// nginx serves its document root as the container has it: its own welcome
/// page, or a page `kubectl cp` put there; busybox has no bash to exec.
#[test]
fn nginx_serves_a_page_copied_into_its_document_root() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run web --image=nginx --labels=app=web");
    run(&mut s, "kubectl expose pod web --port=80");
    run(&mut s, "kubectl run b --image=busybox -- sleep 3600");
    s.tick(20.0);
    assert!(run(&mut s, "kubectl exec web -- cat /usr/share/nginx/html/index.html").contains("<title>Welcome to nginx!</title>"));
    run(&mut s, "echo Bonjour > hello.html");
    assert_eq!(run(&mut s, "kubectl cp hello.html web:/usr/share/nginx/html/index.html"), "");
    assert_eq!(run(&mut s, "kubectl cp hello.html web:/usr/share/nginx/html/hello.html"), "");
    assert_eq!(run(&mut s, "kubectl exec b -- wget -qO- http://web"), "Bonjour\n");
    assert_eq!(run(&mut s, "kubectl exec b -- wget -qO- http://web/hello.html"), "Bonjour\n");
    let log = run(&mut s, "kubectl logs web --tail=1");
    assert!(log.contains("\"GET /hello.html HTTP/1.1\" 200 8 "), "{log}");
    let o = s.input("kubectl exec -it b -- bash").output;
    assert_eq!(
        (o.stderr().as_str(), o.code),
        ("OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n", 126)
    );
}

/// describe pod: tolerations sorted by key as kubectl prints them (`op=Exists`
/// alone for the one that tolerates everything, which also spares the pod
/// the API server's default not-ready/unreachable tolerations); a deleted
/// pod is Terminating (its deadline is ahead: `<invalid>`, as kubectl shows).
#[test]
fn describe_pod_prints_tolerations_and_termination() {
    let mut s = new_session(1);
    type_lines(
        &mut s,
        "kubectl apply -f - <<Y\napiVersion: v1\nkind: Pod\nmetadata: {name: tol, labels: {app: web}}\nspec:\n  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 80}]}]\n  tolerations:\n  - {key: k, operator: Equal, effect: NoSchedule}\n  - {operator: Exists}\n  - {operator: Exists, effect: NoExecute}\n  - {key: a, operator: Equal, value: b, effect: NoSchedule, tolerationSeconds: 5}\nY",
    );
    type_lines(
        &mut s,
        "kubectl apply -f - <<Y\napiVersion: v1\nkind: Pod\nmetadata: {name: one}\nspec:\n  containers: [{name: c, image: nginx}]\n  tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule}]\nY",
    );
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=2");
    run(&mut s, "kubectl expose deployment web --port=80 --target-port=http");
    s.tick(20.0);
    let section = |text: &str, title: &str, lines: usize| {
        let at = text.find(title).unwrap_or_else(|| panic!("{title} in {text}"));
        text[at..].lines().take(lines).map(|l| format!("{l}\n")).collect::<String>()
    };
    let tol = run(&mut s, "kubectl describe pod tol");
    assert_eq!(
        section(&tol, "Tolerations:", 5),
        "Tolerations:                 op=Exists\n                             :NoExecute op=Exists\n                             a=b:NoSchedule for 5s\n                             k:NoSchedule\nEvents:\n"
    );
    // A toleration of the same key with another effect does not cover the default one.
    let one = run(&mut s, "kubectl describe pod one");
    assert!(section(&one, "Tolerations:", 3).contains("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s"), "{one}");
    // Only the pod with a port named http is behind the service's named target port.
    let svc = run(&mut s, "kubectl describe svc web");
    let ip = run(&mut s, "kubectl get pod tol -o jsonpath={.status.podIP}");
    assert!(svc.contains("TargetPort:               http/TCP\n"), "{svc}");
    assert!(svc.contains(&format!("Endpoints:                {ip}:80\n")), "{svc}");
    run(&mut s, "kubectl delete pod tol --wait=false");
    let deleted = run(&mut s, "kubectl describe pod tol");
    assert!(deleted.contains("Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n"), "{deleted}");
}

/// describe's edges: an annotation of exactly 140 characters with its key
/// stays inline, a value line of 138 stays whole and one of 139 is cut (back
/// to a character boundary); a service's endpoints past three; a node's
/// taints, its non-terminated pods only, found whatever the namespace.
#[test]
fn describe_handles_lengths_counts_and_scopes_at_their_edges() {
    let mut s = new_session(1);
    let inline = "i".repeat(134);
    let (whole, cut) = ("w".repeat(138), "c".repeat(139));
    let accented = format!("{}é", "e".repeat(137));
    type_lines(
        &mut s,
        &format!(
            "kubectl apply -f - <<Y\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edges\n  annotations:\n    edge: {inline}\n    lines: |\n      {whole}\n      {cut}\n      {accented}\nY"
        ),
    );
    let text = run(&mut s, "kubectl describe configmap edges");
    let expected = format!(
        "Annotations:  edge: {inline}\n              lines:\n                {whole}\n                {}...\n                {}...\n",
        "c".repeat(138),
        "e".repeat(137)
    );
    assert!(text.contains(&expected), "{text}");

    run(&mut s, "kubectl create deployment web --image=nginx --replicas=5");
    run(&mut s, "kubectl expose deployment web --port=80");
    run(&mut s, "kubectl run done --image=busybox --restart=Never -- true");
    run(&mut s, r#"kubectl patch node minikube -p '{"spec":{"taints":[{"key":"k","value":"v","effect":"PreferNoSchedule"},{"key":"k2","effect":"PreferNoSchedule"}]}}'"#);
    s.tick(30.0);
    let svc = run(&mut s, "kubectl describe svc web");
    let endpoints = svc.lines().find(|l| l.starts_with("Endpoints:")).unwrap_or_default();
    assert!(endpoints.ends_with(":80 + 2 more...") && endpoints.matches(":80").count() == 3, "{svc}");
    let node = run(&mut s, "kubectl describe nodes -n kube-system");
    assert!(node.starts_with("Name:               minikube\n"), "{node}");
    assert!(node.contains("Taints:             k=v:PreferNoSchedule\n                    k2:PreferNoSchedule\n"), "{node}");
    // 7 system pods and the 5 of web; the completed pod is not counted.
    assert!(node.contains("Non-terminated Pods:          (12 in total)\n"), "{node}");
    assert!(!node.contains(" done "), "{node}");
}

/// A list read without names prints as a List even with one item; a watch
/// in wide prints each change with the wide columns; cluster-info dump is
/// said to be out of the simulation.
#[test]
fn lists_watches_and_dump_keep_their_shapes() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run a --image=nginx");
    assert_eq!(run(&mut s, "kubectl get pods -o jsonpath={.kind}"), "List");
    assert_eq!(run(&mut s, "kubectl cluster-info dump"), "error: «\u{a0}kubectl cluster-info dump\u{a0}» n’est pas simulé ici.\n");
    let first = run(&mut s, "kubectl get pods -o wide --watch");
    assert!(first.starts_with("NAME   READY   STATUS              RESTARTS   AGE   IP       NODE       NOMINATED NODE   READINESS GATES\n"), "{first}");
    let changes = s.tick(5.0).text();
    let ip = run(&mut s, "kubectl get pod a -o jsonpath={.status.podIP}");
    assert!(changes.lines().any(|l| l.starts_with("a      1/1     Running") && l.contains(&format!("{ip}   minikube   <none>           <none>"))), "{changes}");
}

/// An Event has no describer: genericDescriber prints every field, keys
/// sorted, labelled by smartLabelFor (`involvedObject` is `Involved Object`,
/// `apiVersion` is `API Version`, `uid` is `UID`).
#[test]
fn describe_of_an_event_labels_every_field_as_describe_go_does() {
    let mut s = new_session(1);
    run(&mut s, "kubectl run web --image=nginx");
    s.tick(10.0);
    let name = run(&mut s, "kubectl get events -o name | head -1");
    assert_eq!(
        run(&mut s, &format!("kubectl describe {}", name.trim())),
        "Name:             web.1898fa9bb2fba019
Namespace:        default
Labels:           <none>
Annotations:      <none>
API Version:      v1
Count:            1
First Timestamp:  2026-03-02T09:00:00Z
Involved Object:
  API Version:       v1
  Kind:              Pod
  Name:              web
  Namespace:         default
  Resource Version:  78
  UID:               b81ed709-c5e0-4899-ba4d-f2a157a85959
Kind:                Event
Last Timestamp:      2026-03-02T09:00:00Z
Message:             Successfully assigned default/web to minikube
Metadata:
  Creation Timestamp:  2026-03-02T09:00:00Z
  Resource Version:    80
  UID:                 abded294-3b19-4c5b-b7e0-320320fc2289
Reason:                Scheduled
Reporting Component:   default-scheduler
Source:
  Component:  default-scheduler
Type:         Normal
Events:       <none>
"
    );
}

/// `kubectl edit` launches the editor its environment names (editor.go:
/// KUBE_EDITOR, then EDITOR, then vi). The console's editor stands for vi,
/// vim and nano; any other program is missing, in kubectl's words.
#[test]
fn edit_launches_the_editor_kube_editor_names() {
    use kube_atelier::shell::Mode;
    let mut s = new_session(1);
    run(&mut s, "kubectl create namespace atelier");
    for (line, refusal) in [
        ("KUBE_EDITOR=code kubectl edit ns atelier", "error: unable to launch the editor \"code\"\n"),
        ("KUBE_EDITOR='code --wait' kubectl edit ns atelier", "error: unable to launch the editor \"code --wait\"\n"),
        ("EDITOR=emacs kubectl edit ns atelier", "error: unable to launch the editor \"emacs\"\n"),
        (
            "KUBE_EDITOR=\"gedit 'a b'\" kubectl edit ns atelier",
            "error: there was a problem with the editor \"/bin/bash -c gedit 'a b'\"\n",
        ),
        // A missing object is found missing before any editor is launched.
        ("KUBE_EDITOR=code kubectl edit ns absent", "Error from server (NotFound): namespaces \"absent\" not found\n"),
    ] {
        let reply = s.input(line);
        assert_eq!((reply.output.text(), reply.output.code), (refusal.to_string(), 1), "{line}");
        assert_eq!(s.mode(), Mode::Ready, "{line}");
    }
    for line in [
        "KUBE_EDITOR=nano kubectl edit ns atelier",
        "KUBE_EDITOR=/usr/bin/vim kubectl edit ns atelier",
        "EDITOR=vi kubectl edit ns atelier",
        "KUBE_EDITOR= EDITOR=nano kubectl edit ns atelier",
        "kubectl edit ns atelier",
    ] {
        s.input(line);
        assert_eq!(s.mode(), Mode::Editing, "{line}");
        assert_eq!(s.finish_edit(None).text(), "Edit cancelled, no changes made.\n");
    }
    // `export` sets it for every later command.
    run(&mut s, "export KUBE_EDITOR=code");
    assert_eq!(run(&mut s, "kubectl edit ns atelier"), "error: unable to launch the editor \"code\"\n");
}

/// A context leads commands to its cluster's server: minikube's answers
/// (the Namespaces walkthrough's `dev` context), another one is out of
/// reach (client-go's discovery retries, each after the dialer's 30 s),
/// a context without a server reaches client-go's default, and a current
/// context that no longer exists stops kubectl at the kubeconfig.
#[test]
fn commands_go_where_the_current_context_leads() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create namespace development");
    run(&mut s, "kubectl config set-context dev --namespace=development --cluster=minikube --user=minikube");
    run(&mut s, "kubectl config use-context dev");
    assert_eq!(run(&mut s, "kubectl create deployment snowflake --image=registry.k8s.io/serve_hostname"), "deployment.apps/snowflake created\n");
    assert_eq!(run(&mut s, "kubectl get deploy -o name"), "deployment.apps/snowflake\n");
    run(&mut s, "kubectl config set-cluster far --server=https://10.0.0.9:6443");
    run(&mut s, "kubectl config set-context far --cluster=far --user=minikube");
    run(&mut s, "kubectl config use-context far");
    let far = s.input("kubectl get pods");
    let lines: Vec<String> = far.output.text().lines().map(String::from).collect();
    assert_eq!(lines.len(), 6, "{lines:#?}");
    assert!(lines[0].starts_with("E0302 09:00:30.000000    4242 memcache.go:265] \"Unhandled Error\" err=\"couldn't get current server API group list: Get \\\"https://10.0.0.9:6443/api?timeout=32s\\\": dial tcp 10.0.0.9:6443: i/o timeout\""), "{}", lines[0]);
    assert_eq!(lines[5], "Unable to connect to the server: dial tcp 10.0.0.9:6443: i/o timeout");
    assert_eq!(far.output.code, 1);
    run(&mut s, "kubectl config set-context bare --cluster=nowhere");
    run(&mut s, "kubectl config use-context bare");
    assert!(run(&mut s, "kubectl get pods").ends_with(
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"
    ));
    run(&mut s, "kubectl config delete-context bare");
    assert_eq!(run(&mut s, "kubectl get pods"), "Error in configuration: context was not found for specified context: bare\n");
    // What needs no server still runs.
    assert_eq!(run(&mut s, "kubectl config current-context"), "bare\n");
    run(&mut s, "kubectl config use-context minikube");
    assert_eq!(run(&mut s, "kubectl get deploy -n development -o name"), "deployment.apps/snowflake\n");
}

/// `run --overrides` patches the generated pod (override_options.go): a JSON
/// merge patch by default, strategic or JSON patch on demand.
#[test]
fn run_overrides_patch_the_generated_pod() {
    let mut s = new_session(1);
    let yaml = run(&mut s, r#"kubectl run x --image=nginx --overrides='{"spec":{"imagePullSecrets":[{"name":"regcred"}]}}' --dry-run=client -o yaml"#);
    assert!(yaml.contains("  dnsPolicy: ClusterFirst\n  imagePullSecrets:\n  - name: regcred\n  restartPolicy: Always\n"), "{yaml}");
    assert_eq!(run(&mut s, "kubectl run y --image=nginx --overrides='{bad'"), "error: Invalid JSON Patch\n");
    assert_eq!(run(&mut s, "kubectl run y --image=nginx --overrides='{}' --override-type=foo"), "error: invalid override type: foo\n");
    run(&mut s, r#"kubectl run z --image=nginx --override-type=json --overrides='[{"op":"add","path":"/spec/hostname","value":"h"}]'"#);
    assert_eq!(run(&mut s, "kubectl get pod z -o jsonpath={.spec.hostname}"), "h");
    run(&mut s, r#"kubectl run w --image=nginx --override-type=strategic --overrides='{"spec":{"containers":[{"name":"w","env":[{"name":"A","value":"b"}]}]}}'"#);
    assert_eq!(run(&mut s, "kubectl get pod w -o jsonpath={.spec.containers[0].image}/{.spec.containers[0].env[0].value}"), "nginx/b");
}

/// `create service externalname` requires `--external-name` (cobra's klog
/// line, before the name is even read), then creates the service with its
/// `app` selector, as create_service.go builds it.
#[test]
fn create_service_externalname_requires_its_name_and_keeps_a_selector() {
    let mut s = new_session(1);
    let o = s.input("kubectl create service externalname a b").output;
    assert_eq!(
        (o.stderr(), o.code),
        ("E0302 09:00:00.000000   4242 run.go:72] \"command failed\" err=\"required flag(s) \\\"external-name\\\" not set\"\n".to_string(), 1)
    );
    assert_eq!(run(&mut s, "kubectl create service externalname db --external-name=db.example.com"), "service/db created\n");
    assert_eq!(
        run(&mut s, "kubectl get svc db"),
        "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)   AGE\ndb     ExternalName   <none>       db.example.com   <none>    0s\n"
    );
}

#[test]
fn diff_shows_what_apply_would_change_as_diff_u_prints_it() {
    let mut s = new_session(1);
    // A new object: all added, from an absent live file (exit 1).
    let reply = s.input("kubectl diff -f vote-deploy.yaml").output;
    assert_eq!(reply.code, 1);
    let text = reply.text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("diff -u -N /tmp/LIVE-"), "{text}");
    assert!(lines[0].ends_with("/apps.v1.Deployment.default.vote-deploy"), "{text}");
    assert!(lines[1].ends_with("\t1970-01-01 00:00:00.000000000 +0000"), "{text}");
    assert!(lines[3].starts_with("@@ -0,0 +1,"), "{text}");
    assert!(lines[4..].iter().all(|l| l.starts_with('+')), "{text}");
    assert!(!text.contains("resourceVersion"), "a dry-run creation has none: {text}");
    // Nothing applied by diff; once applied, no difference (exit 0).
    assert_eq!(run(&mut s, "kubectl get deploy"), "No resources found in default namespace.\n");
    run(&mut s, "kubectl apply -f vote-deploy.yaml");
    let same = s.input("kubectl diff -f vote-deploy.yaml").output;
    assert_eq!((same.text().as_str(), same.code), ("", 0));
    // A change: the replicas, the generation and the last applied manifest.
    let manifest = s.files.read("vote-deploy.yaml").unwrap().replace("replicas: 3", "replicas: 5");
    s.files.write("vote-deploy.yaml", manifest).unwrap();
    let changed = s.input("kubectl diff -f vote-deploy.yaml").output;
    assert_eq!(changed.code, 1);
    let hunks: Vec<String> =
        changed.text().lines().filter(|l| l.starts_with(['-', '+']) && !l.starts_with("---") && !l.starts_with("+++")).map(|l| l.chars().take(40).collect()).collect();
    assert_eq!(
        hunks,
        [
            "-      {\"apiVersion\":\"apps/v1\",\"kind\":\"D",
            "+      {\"apiVersion\":\"apps/v1\",\"kind\":\"D",
            "-  generation: 1",
            "+  generation: 2",
            "-  replicas: 3",
            "+  replicas: 5",
        ]
    );
    assert!(changed.text().contains("\n@@ -"), "{}", changed.text());
    assert_eq!(run(&mut s, "kubectl get deploy vote-deploy -o jsonpath={.spec.replicas}"), "3");
}

#[test]
fn diff_masks_a_secrets_values() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create secret generic s --from-literal=a=b --from-literal=c=d");
    run(&mut s, "kubectl create secret generic s --from-literal=a=x --from-literal=c=d --dry-run=client -o yaml > s.yaml");
    let text = run(&mut s, "kubectl diff -f s.yaml");
    assert!(text.contains("\n-  a: '*** (before)'\n+  a: '*** (after)'\n   c: '***'\n"), "{text}");
}
