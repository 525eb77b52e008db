//! Issue 16's kubectl half: what a hostile or careless line must not do to
//! the learner's cluster, each with real kubectl 1.32's words (client-side
//! messages checked with /usr/bin/kubectl, the rest against upstream sources).
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

fn code(s: &mut Session, line: &str) -> i32 {
    s.input(line).output.code
}

fn web(replicas: u32) -> Session {
    let mut s = new_session(3);
    run(&mut s, &format!("kubectl create deployment web --image=nginx --replicas={replicas}"));
    s.cluster.advance(20.0);
    s
}

/// `kubectl get deploy web -o yaml` and the node, to compare before and after.
fn state(s: &mut Session) -> String {
    run(s, "kubectl get deploy web -o yaml") + &run(s, "kubectl get node minikube -o yaml") + &run(s, "kubectl get pods")
}

#[test]
fn dry_run_changes_nothing_for_any_mutating_command() {
    let mut s = web(2);
    run(&mut s, "kubectl set image deploy/web nginx=nginx:1.27");
    s.cluster.advance(30.0);
    let before = state(&mut s);
    let cases = [
        ("kubectl scale deploy web --replicas=5 --dry-run=server", "deployment.apps/web scaled (server dry run)\n"),
        ("kubectl scale deploy web --replicas=5 --dry-run=client", "deployment.apps/web scaled (dry run)\n"),
        ("kubectl label deploy web a=b --dry-run=client", "deployment.apps/web labeled (dry run)\n"),
        ("kubectl label deploy web app- --dry-run=server", "deployment.apps/web unlabeled (server dry run)\n"),
        ("kubectl annotate deploy web a=b --dry-run=server", "deployment.apps/web annotated (server dry run)\n"),
        ("kubectl patch deploy web -p '{\"spec\":{\"replicas\":3}}' --dry-run=server", "deployment.apps/web patched (server dry run)\n"),
        ("kubectl set image deploy/web nginx=nginx:1.26 --dry-run=client", "deployment.apps/web image updated (dry run)\n"),
        ("kubectl set env deploy/web A=1 --dry-run=server", "deployment.apps/web env updated (server dry run)\n"),
        ("kubectl rollout undo deploy web --dry-run=server", "deployment.apps/web rolled back (server dry run)\n"),
        ("kubectl cordon minikube --dry-run=client", "node/minikube cordoned (dry run)\n"),
        ("kubectl scale deploy web --replicas=0 --dry-run=none --dry-run=server", "deployment.apps/web scaled (server dry run)\n"),
    ];
    for (line, want) in cases {
        assert_eq!(run(&mut s, line), want, "{line}");
        s.cluster.advance(5.0);
        assert_eq!(state(&mut s).lines().filter(|l| !l.contains("AGE") && !l.starts_with("web-")).count(),
            before.lines().filter(|l| !l.contains("AGE") && !l.starts_with("web-")).count(), "{line}");
    }
    let after = state(&mut s);
    let strip = |t: &str| t.lines().filter(|l| !l.starts_with("web-") && !l.contains("Time:")).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&after), strip(&before));
    assert_eq!(run(&mut s, "kubectl get deploy web -o jsonpath={.spec.replicas}"), "2");
    // `rollout undo --dry-run=client` prints the template it would restore.
    let undo = run(&mut s, "kubectl rollout undo deploy web --dry-run=client");
    assert!(undo.starts_with("deployment.apps/web Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash="), "{undo}");
    assert!(undo.contains("    Image:\tnginx\n"), "{undo}");
    assert!(undo.ends_with("\n (dry run)\n"), "{undo}");
    assert_eq!(run(&mut s, "kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}"), "nginx:1.27");
}

#[test]
fn dry_run_values_and_deprecated_forms_as_kubectl_reads_them() {
    let mut s = web(1);
    assert_eq!(
        run(&mut s, "kubectl scale deploy web --replicas=5 --dry-run=bogus"),
        "error: Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".\n"
    );
    let out = s.input("kubectl scale deploy web --replicas=5 --dry-run").output;
    assert_eq!(out.stdout(), "deployment.apps/web scaled (dry run)\n");
    assert!(out.text().contains(" 4242 helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.\n"));
    let out = s.input("kubectl create deployment x --image=nginx --dry-run=true").output;
    assert_eq!(out.stdout(), "deployment.apps/x created (dry run)\n");
    assert!(out.text().contains("helpers.go:716] --dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.\n"));
    // Only `rollout undo` takes --dry-run.
    assert_eq!(
        run(&mut s, "kubectl rollout restart deploy web --dry-run=server"),
        "Error: unknown flag: --dry-run\nSee 'kubectl rollout restart --help' for usage.\n"
    );
    assert_eq!(run(&mut s, "kubectl get deploy web -o jsonpath={.spec.replicas}"), "1");
    assert_eq!(run(&mut s, "kubectl get deploy x"), "Error from server (NotFound): deployments.apps \"x\" not found\n");
}

#[test]
fn an_invalid_label_selector_is_refused_not_read_as_everything() {
    let mut s = web(3);
    let pods = run(&mut s, "kubectl get pods");
    for (sel, why) in [
        ("!", "unable to parse requirement: found '', expected: identifier"),
        ("!!!", "unable to parse requirement: found '!', expected: identifier"),
        ("!my label!", "found 'label', expected: ',' or 'end of string'"),
    ] {
        let out = s.input(&format!("kubectl delete pods -l '{sel}'")).output;
        assert_eq!(
            out.text(),
            format!("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"{sel}\", field selector \"\": {why}\n")
        );
        assert_eq!(out.code, 1);
    }
    assert_eq!(run(&mut s, "kubectl get pods"), pods, "nothing was deleted");
    assert_eq!(
        run(&mut s, "kubectl get deploy -l 'app in web'"),
        "Error from server (BadRequest): Unable to find \"apps/v1, Resource=deployments\" that match label selector \"app in web\", field selector \"\": unable to parse requirement: found 'web' expected: '('\n"
    );
    assert_eq!(code(&mut s, "kubectl get pods -l 'app in (web,db),!canary'"), 0);
    assert_eq!(run(&mut s, "kubectl get pods -l 'app notin (web)'"), "No resources found in default namespace.\n");
}

#[test]
fn match_expressions_are_validated_as_the_api_server_does() {
    let mut s = new_session(3);
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  selector:\n    matchLabels:\n      app: bad\n    matchExpressions:\n    - key: tier\n      operator: In\n    - key: -x\n      operator: Exists\n      values: [a]\n    - key: y\n      operator: Like\n  template:\n    metadata:\n      labels:\n        app: bad\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    s.files.write("bad.yaml", manifest.to_string()).unwrap();
    let out = run(&mut s, "kubectl apply -f bad.yaml");
    assert!(out.starts_with("The Deployment \"bad\" is invalid: \n* spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'\n"), "{out}");
    assert!(out.contains("* spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'\n"), "{out}");
    assert!(out.contains("* spec.selector.matchExpressions[1].key: Invalid value: \"-x\": name part must consist of"), "{out}");
    assert!(out.contains("* spec.selector.matchExpressions[2].operator: Invalid value: \"Like\": not a valid selector operator\n"), "{out}");
}

#[test]
fn names_up_to_253_characters_are_valid_subdomains() {
    let mut s = new_session(3);
    let long = "a".repeat(70);
    assert_eq!(run(&mut s, &format!("kubectl create configmap {long}")), format!("configmap/{long} created\n"));
    let too_long = "b".repeat(254);
    assert!(run(&mut s, &format!("kubectl create configmap {too_long}")).contains("must be no more than 253 characters"));
    // A pod's name is a subdomain too; a service's is a DNS-1035 label (63 at most).
    let svc = "c".repeat(64);
    assert!(run(&mut s, &format!("kubectl create service clusterip {svc} --tcp=80")).contains("must be no more than 63 characters"));
}

#[test]
fn durations_past_go_s_int64_nanoseconds_are_invalid() {
    let mut s = web(1);
    assert_eq!(
        run(&mut s, "kubectl rollout status deploy web --timeout=9223372036854775807s"),
        "Error: invalid argument \"9223372036854775807s\" for \"--timeout\" flag: time: invalid duration \"9223372036854775807s\"\nSee 'kubectl rollout status --help' for usage.\n"
    );
    assert_eq!(code(&mut s, "kubectl rollout status deploy web --timeout=2562047h"), 0);
}

#[test]
fn the_clock_saturates_at_year_9999_instead_of_wrapping() {
    let mut s = web(1);
    s.cluster.advance(1e19);
    s.cluster.advance(f64::MAX);
    s.cluster.advance(5.0);
    assert_eq!(run(&mut s, "date"), "Fri Dec 31 23:59:59 UTC 9999\n");
    let pods = run(&mut s, "kubectl get pods");
    assert!(pods.starts_with("NAME "), "{pods}");
    assert_eq!(code(&mut s, "kubectl run later --image=nginx"), 0);
    assert_eq!(code(&mut s, "kubectl get pod later -o yaml"), 0);
}

#[test]
fn events_expire_an_hour_after_their_last_update_as_with_event_ttl() {
    let mut s = web(1);
    assert!(run(&mut s, "kubectl get events").contains("Scheduled"));
    s.cluster.advance(3_500.0);
    assert!(run(&mut s, "kubectl get events").contains("Scheduled"), "still within the hour");
    s.cluster.advance(200.0);
    assert_eq!(run(&mut s, "kubectl get events"), "No resources found in default namespace.\n");
    assert!(run(&mut s, "kubectl get pods").contains("Running"));
    // A new event after the sweep is kept, and found again by describe.
    run(&mut s, "kubectl run again --image=nginx");
    s.cluster.advance(20.0);
    assert!(run(&mut s, "kubectl describe pod again").contains("Successfully assigned default/again to minikube"));
}

fn write(s: &mut Session, name: &str, text: &str) {
    s.files.write(name, text.to_string()).unwrap();
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ";

#[test]
fn manifests_read_as_kubectl_reads_them() {
    let mut s = new_session(3);
    // A YAML error in document 2: document 1 is applied, the line counts from document 2's start.
    write(&mut s, "doc2.yaml", &format!("{CM}a\n---\n{CM}b\n  x: [\n---\n{CM}c\n"));
    let out = s.input("kubectl apply -f doc2.yaml").output;
    assert_eq!(out.stdout(), "configmap/a created\n");
    assert_eq!(out.text(), "configmap/a created\nerror: error parsing doc2.yaml: error converting YAML to JSON: yaml: line 5: did not find expected node content\n");
    assert_eq!(out.code, 1);
    assert_eq!(code(&mut s, "kubectl get cm c"), 1, "nothing after the error");
    // Notepad's byte-order mark.
    write(&mut s, "bom.yaml", &format!("\u{feff}{CM}bom\n"));
    assert_eq!(run(&mut s, "kubectl apply -f bom.yaml"), "configmap/bom created\n");
    // Nothing in the file.
    write(&mut s, "empty.yaml", "# rien ici\n---\n");
    let out = s.input("kubectl apply -f empty.yaml").output;
    assert_eq!((out.text().as_str(), out.code), ("error: no objects passed to apply\n", 1));
    assert_eq!(run(&mut s, "kubectl create -f empty.yaml"), "error: no objects passed to create\n");
    assert_eq!(run(&mut s, "kubectl replace -f empty.yaml"), "error: no objects passed to replace\n");
    assert_eq!(run(&mut s, "kubectl delete -f empty.yaml"), "No resources found\n");
    // A key given twice keeps its last value (go-yaml v2 and sigs.k8s.io/yaml).
    write(&mut s, "dup.yaml", &format!("{CM}dup\n  name: dup2\ndata:\n  a: \"1\"\n  a: \"2\"\n"));
    assert_eq!(run(&mut s, "kubectl apply -f dup.yaml"), "configmap/dup2 created\n");
    assert_eq!(run(&mut s, "kubectl get cm dup2 -o jsonpath={.data.a}"), "2");
    // A separator followed by text.
    write(&mut s, "sep.yaml", &format!("{CM}s1\n--- oops\n{CM}s2\n"));
    assert_eq!(
        run(&mut s, "kubectl apply -f sep.yaml"),
        "error: error parsing sep.yaml: invalid Yaml document separator: oops\n",
        "YAMLReader fails at the separator before it hands over the document it holds"
    );
}

#[test]
fn numbers_out_of_range_and_deep_nesting_get_go_s_words() {
    let mut s = new_session(3);
    let deploy = |replicas: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{a: b}}}}\n  template:\n    metadata: {{labels: {{a: b}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n")
    };
    write(&mut s, "big.yaml", &deploy("3000000000"));
    assert_eq!(
        run(&mut s, "kubectl apply -f big.yaml"),
        "Error from server (BadRequest): error when creating \"big.yaml\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32\n"
    );
    write(&mut s, "half.yaml", &deploy("2.5"));
    assert!(run(&mut s, "kubectl apply -f half.yaml").ends_with("json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32\n"));
    // Go's JSON writes a whole float as an integer: 2e0 is 2.
    write(&mut s, "float.yaml", &deploy("2e0"));
    assert_eq!(run(&mut s, "kubectl apply -f float.yaml"), "deployment.apps/d created\n");
    // 150,000 nested brackets: refused at go-yaml's depth, at once.
    write(&mut s, "deep.yaml", &format!("a: {}", "[".repeat(150_000)));
    assert_eq!(
        run(&mut s, "kubectl apply -f deep.yaml"),
        "error: error parsing deep.yaml: error converting YAML to JSON: yaml: exceeded max depth of 10000\n"
    );
}

#[test]
fn size_limits_of_the_api_server() {
    let mut s = new_session(3);
    let data = "x".repeat(300_000);
    write(&mut s, "cm.yaml", &format!("{CM}big\ndata:\n  k: {data}\n"));
    // `create` stores it; `apply` adds its last-applied copy and runs into the annotations' limit.
    assert_eq!(run(&mut s, "kubectl create -f cm.yaml"), "configmap/big created\n");
    write(&mut s, "cm2.yaml", &format!("{CM}big2\ndata:\n  k: {data}\n"));
    assert_eq!(
        run(&mut s, "kubectl apply -f cm2.yaml"),
        "The ConfigMap \"big2\" is invalid: metadata.annotations: Too long: must have at most 262144 bytes\n"
    );
    let huge = "y".repeat(1_100_000);
    write(&mut s, "huge.yaml", &format!("{CM}huge\ndata:\n  k: {huge}\n"));
    assert_eq!(
        run(&mut s, "kubectl create -f huge.yaml"),
        "Error from server (Invalid): error when creating \"huge.yaml\": ConfigMap \"huge\" is invalid: []: Too long: must have at most 1048576 bytes\n"
    );
}

#[test]
fn json_patch_moves_and_copies_and_an_empty_patch_is_refused() {
    let mut s = web(1);
    assert_eq!(
        run(&mut s, "kubectl patch deploy web -p ''"),
        "error: must specify --patch or --patch-file containing the contents of the patch\n"
    );
    let copy = r#"kubectl patch deploy web --type=json -p '[{"op":"copy","from":"/spec/template/spec/containers/0/image","path":"/metadata/labels/img"}]'"#;
    assert_eq!(run(&mut s, copy), "deployment.apps/web patched\n");
    assert_eq!(run(&mut s, "kubectl get deploy web -o jsonpath={.metadata.labels.img}"), "nginx");
    let mv = r#"kubectl patch deploy web --type=json -p '[{"op":"move","from":"/metadata/labels/img","path":"/metadata/labels/image"}]'"#;
    assert_eq!(run(&mut s, mv), "deployment.apps/web patched\n");
    assert_eq!(run(&mut s, "kubectl get deploy web -o jsonpath={.metadata.labels}"), r#"{"app":"web","image":"nginx"}"#);
    let missing = r#"kubectl patch deploy web --type=json -p '[{"op":"move","from":"/metadata/nope","path":"/metadata/labels/x"}]'"#;
    assert_eq!(
        run(&mut s, missing),
        "Error from server (UnprocessableEntity): move operation does not apply: doc is missing from path: /metadata/nope: missing value\n"
    );
    let nowhere = r#"kubectl patch deploy web --type=json -p '[{"op":"copy","from":"/metadata/name","path":"/nope/x"}]'"#;
    assert_eq!(
        run(&mut s, nowhere),
        "Error from server (UnprocessableEntity): copy operation does not apply: doc is missing destination path: /nope/x: missing value\n"
    );
}

#[test]
fn saving_the_same_refused_edit_again_ends_the_edit() {
    let mut s = web(1);
    let pod = run(&mut s, "kubectl get pods -o name").trim().trim_start_matches("pod/").to_string();
    s.input(&format!("kubectl edit pod {pod}"));
    let renamed = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: renamed\n";
    assert_eq!(s.finish_edit(Some(renamed)).text(), "error: At least one of apiVersion, kind and name was changed\n");
    assert_eq!(s.mode(), kube_atelier::shell::Mode::Editing, "the editor reopens");
    let again = s.finish_edit(Some(renamed));
    assert_eq!(again.text(), "error: Edit cancelled, no valid changes were saved.\n");
    assert_eq!(s.mode(), kube_atelier::shell::Mode::Ready);
}

#[test]
fn an_empty_resource_type_is_an_error_not_a_crash() {
    let mut s = web(1);
    for verb in ["get", "delete", "describe"] {
        assert_eq!(
            run(&mut s, &format!("kubectl {verb} '' web")),
            "error: the server doesn't have a resource type \"\"\n",
            "{verb}"
        );
        // The builder splits "," into one empty type (SplitResourceArgument).
        assert_eq!(run(&mut s, &format!("kubectl {verb} , web")), "error: the server doesn't have a resource type \"\"\n");
    }
}

#[test]
fn finalizers_hold_an_object_until_they_are_removed() {
    let mut s = new_session(3);
    write(&mut s, "held.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers:\n  - example.com/keep\n");
    run(&mut s, "kubectl apply -f held.yaml");
    assert_eq!(run(&mut s, "kubectl delete cm held --wait=false"), "configmap \"held\" deleted\n");
    assert_eq!(
        run(&mut s, "kubectl get cm held -o jsonpath={.metadata.deletionTimestamp}/{.metadata.finalizers[0]}"),
        "2026-03-02T09:00:00Z/example.com/keep"
    );
    s.cluster.advance(60.0);
    assert_eq!(code(&mut s, "kubectl get cm held"), 0, "still there");
    assert_eq!(run(&mut s, r#"kubectl patch cm held --type=merge -p '{"metadata":{"finalizers":null}}'"#), "configmap/held patched\n");
    assert_eq!(run(&mut s, "kubectl get cm held"), "Error from server (NotFound): configmaps \"held\" not found\n");
}

#[test]
fn one_missing_name_in_yaml_is_the_error_alone() {
    let mut s = new_session(3);
    assert_eq!(run(&mut s, "kubectl get cm nope -o yaml"), "Error from server (NotFound): configmaps \"nope\" not found\n");
    // Several names: printGeneric coerces what it found (nothing) into a List.
    let two = run(&mut s, "kubectl get cm a b -o yaml");
    assert!(two.starts_with("apiVersion: v1\nitems: []\nkind: List\n"), "{two}");
}
