//! HorizontalPodAutoscalers (autoscaling/v2, v1 accepted) as a real 1.32
//! cluster and kubectl show them: the API server's defaults and validation,
//! the controller's algorithm (horizontal.go, replica_calculator.go) on the
//! kubernetes.io walkthrough, `get`/`describe` as printers.go and describe.go
//! write them, and `kubectl autoscale` as kubectl 1.32 builds its object.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

const LOAD: &str = "kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c \"while sleep 0.01; do wget -q -O- http://php-apache; done\"";

/// metrics-server on, php-apache deployed and ready.
fn walkthrough() -> Session {
    let mut s = new_session(1);
    run(&mut s, "minikube addons enable metrics-server");
    assert_eq!(
        run(&mut s, "kubectl apply -f https://k8s.io/examples/application/php-apache.yaml"),
        "deployment.apps/php-apache created\nservice/php-apache created\n"
    );
    s.tick(30.0);
    s
}

fn replicas(s: &mut Session) -> String {
    run(s, "kubectl get deploy php-apache -o jsonpath={.spec.replicas}")
}

fn hpa_row(s: &mut Session) -> String {
    run(s, "kubectl get hpa php-apache --no-headers")
}

#[test]
fn the_walkthrough_scales_up_under_load_and_down_after_the_window() {
    let mut s = walkthrough();
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10"),
        "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n"
    );
    // Until its first sync, 15 s later (the controller's rate-limited queue).
    assert_eq!(
        run(&mut s, "kubectl get hpa"),
        "NAME         REFERENCE               TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nphp-apache   Deployment/php-apache   cpu: <unknown>/50%   1         10        0          0s\n"
    );
    s.tick(14.0);
    assert!(hpa_row(&mut s).contains("cpu: <unknown>/50%"));
    s.tick(2.0);
    let idle = hpa_row(&mut s);
    assert!(idle.contains("cpu: 0%/50%") || idle.contains("cpu: 1%/50%"), "{idle}");
    // (At 0 %, ceil(0 × 1) = 0 pods: below minReplicas, ScalingLimited says
    // TooFewReplicas, as a real idle HPA does.)
    let reasons = run(&mut s, "kubectl get hpa php-apache -o jsonpath={.status.conditions[*].reason}");
    assert!(
        ["ReadyForNewScale ValidMetricFound DesiredWithinRange", "ReadyForNewScale ValidMetricFound TooFewReplicas"]
            .contains(&reasons.as_str()),
        "{reasons}"
    );
    // The load: one loop saturates the pod (its 500m limit: 250 % of 200m).
    assert_eq!(run(&mut s, LOAD), "pod/load-generator created\n");
    s.tick(10.0);
    let top = run(&mut s, "kubectl top pods");
    assert!(top.contains("php-apache-") && top.contains("49"), "{top}");
    let mut sizes = vec![1];
    for _ in 0..24 {
        s.tick(5.0);
        let n: i32 = replicas(&mut s).parse().unwrap();
        if sizes.last() != Some(&n) {
            sizes.push(n);
        }
    }
    // ceil(250/50 × 1) = 5, limited to max(2×1, 4) = 4; then the unready pods
    // count as 0 % until ready; it settles at 7 pods near 46 %.
    assert_eq!(sizes.first(), Some(&1));
    assert_eq!(sizes.get(1), Some(&4), "{sizes:?}");
    assert_eq!(sizes.last(), Some(&7), "{sizes:?}");
    let row = hpa_row(&mut s);
    assert!(row.contains("cpu: 46%/50%") || row.contains("cpu: 47%/50%"), "{row}");
    assert!(row.contains(" 7 "), "{row}");
    let describe = run(&mut s, "kubectl describe hpa php-apache");
    assert!(
        describe.contains("  Normal  SuccessfulRescale  ")
            && describe.contains("horizontal-pod-autoscaler  New size: 4; reason: cpu resource utilization (percentage of request) above target\n"),
        "{describe}"
    );
    assert!(
        describe.contains("Deployment pods:                                       7 current / 7 desired\n"),
        "{describe}"
    );
    // The load stops: usage falls at once, the size waits for the window.
    run(&mut s, "kubectl delete pod load-generator --now");
    s.tick(120.0);
    assert!(hpa_row(&mut s).contains("cpu: 0%/50%") || hpa_row(&mut s).contains("cpu: 1%/50%"));
    assert_eq!(replicas(&mut s), "7");
    assert!(run(&mut s, "kubectl describe hpa php-apache").contains(
        "AbleToScale     True    ScaleDownStabilized  recent recommendations were higher than current one, applying the highest recent recommendation\n"
    ));
    s.tick(120.0);
    assert_eq!(replicas(&mut s), "7", "still within five minutes of the last high recommendation");
    s.tick(90.0);
    assert_eq!(replicas(&mut s), "1");
    let describe = run(&mut s, "kubectl describe hpa php-apache");
    assert!(describe.contains("New size: 1; reason: All metrics below target\n"), "{describe}");
    assert!(run(&mut s, "kubectl get hpa php-apache -o jsonpath={.status.lastScaleTime}").ends_with('Z'));
}

#[test]
fn describe_hpa_is_laid_out_as_describe_go() {
    let mut s = walkthrough();
    run(&mut s, "kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10");
    s.tick(16.0);
    let out = run(&mut s, "kubectl describe hpa php-apache");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Name:                                                  php-apache");
    assert_eq!(lines[5], "Reference:                                             Deployment/php-apache");
    assert_eq!(lines[6], "Metrics:                                               ( current / target )");
    assert!(lines[7].starts_with("  resource cpu on pods  (as a percentage of request):  "), "{out}");
    assert!(lines[7].ends_with(" / 50%"), "{out}");
    assert_eq!(lines[8], "Min replicas:                                          1");
    assert_eq!(lines[9], "Max replicas:                                          10");
    assert_eq!(lines[10], "Deployment pods:                                       1 current / 1 desired");
    assert_eq!(lines[11], "Conditions:");
    // The columns are as wide as their longest cell.
    let idle = out.contains("TooFewReplicas");
    let w = if idle { 16 } else { 18 };
    let cells = |t: &str, st: &str, r: &str, m: &str| format!("  {t:<14}  {st:<6}  {r:<w$}  {m}");
    assert_eq!(lines[12], cells("Type", "Status", "Reason", "Message"));
    assert_eq!(lines[13], cells("----", "------", "------", "-------"));
    assert_eq!(lines[14], cells("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size"));
    assert_eq!(
        lines[15],
        cells(
            "ScalingActive",
            "True",
            "ValidMetricFound",
            "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"
        )
    );
    let limited = if idle {
        cells(
            "ScalingLimited",
            "True",
            "TooFewReplicas",
            "the desired replica count is less than the minimum replica count",
        )
    } else {
        cells("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range")
    };
    assert_eq!(lines[16], limited);
    // Events joins the conditions' tabwriter block, as in the real output.
    assert_eq!(lines[17], "Events:           <none>");
}

#[test]
fn without_metrics_server_or_requests_the_controller_says_why() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment web --image=nginx");
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment web --max=3"),
        "horizontalpodautoscaler.autoscaling/web autoscaled\n"
    );
    s.tick(16.0);
    assert!(hpa_row_of(&mut s, "web").contains("cpu: <unknown>/80%"), "no --cpu-percent: the default 80 %");
    let out = run(&mut s, "kubectl describe hpa web");
    assert!(out.contains("Deployment pods:                                       1 current / 0 desired\n"), "{out}");
    assert!(out.contains(
        "  ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)\n"
    ), "{out}");
    assert!(out.contains(
        "horizontal-pod-autoscaler  unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)\n"
    ), "{out}");
    assert!(out.contains(
        "  Warning  FailedComputeMetricsReplicas  "
    ) && out.contains("invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)\n"), "{out}");
    assert_eq!(
        run(&mut s, "kubectl get hpa web -o jsonpath={.status.currentMetrics}"),
        "[{\"type\":\"\"}]",
        "an invalid metric's status is empty"
    );
    // metrics-server on: nginx's pod has no cpu request.
    run(&mut s, "minikube addons enable metrics-server");
    s.tick(30.0);
    let pod = run(&mut s, "kubectl get pods -l app=web -o jsonpath={.items[0].metadata.name}");
    let out = run(&mut s, "kubectl describe hpa web");
    assert!(
        out.contains(&format!(
            "the HPA was unable to compute the replica count: missing request for cpu in container nginx of Pod {pod}\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("horizontal-pod-autoscaler  missing request for cpu in container nginx of Pod {pod}\n")),
        "{out}"
    );
    // A target that does not exist.
    run(&mut s, "kubectl delete deployment web");
    s.tick(15.0);
    let out = run(&mut s, "kubectl describe hpa web");
    assert!(out.contains("  AbleToScale    False   FailedGetScale           the HPA controller was unable to get the target's current scale: deployments.apps \"web\" not found\n"), "{out}");
}

fn hpa_row_of(s: &mut Session, name: &str) -> String {
    run(s, &format!("kubectl get hpa {name} --no-headers"))
}

#[test]
fn the_api_server_defaults_and_refuses_hpas_word_for_word() {
    let mut s = new_session(1);
    s.files
        .write("bad.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bad\nspec:\n  minReplicas: 0\n  maxReplicas: 0\n  scaleTargetRef:\n    kind: Deployment\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f bad.yaml"),
        "The HorizontalPodAutoscaler \"bad\" is invalid: \n* spec.minReplicas: Invalid value: 0: must be greater than or equal to 1\n* spec.maxReplicas: Invalid value: 0: must be greater than 0\n* spec.scaleTargetRef.name: Required value\n"
    );
    s.files
        .write("bad2.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bad2\nspec:\n  minReplicas: 5\n  maxReplicas: 3\n  scaleTargetRef:\n    kind: Deployment\n    name: web/x\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 0\n  - type: Foo\n  - type: Pods\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 4000\n      selectPolicy: Sometimes\n      policies:\n      - type: Pods\n        value: 0\n        periodSeconds: 2000\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f bad2.yaml"),
        "The HorizontalPodAutoscaler \"bad2\" is invalid: \n* spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`\n* spec.scaleTargetRef.name: Invalid value: \"web/x\": may not contain '/'\n* spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0\n* spec.metrics[1].type: Unsupported value: \"Foo\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"\n* spec.metrics[2].pods: Required value: must populate information for the given metric source\n* spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600\n* spec.behavior.scaleDown.selectPolicy: Unsupported value: \"Sometimes\": supported values: \"Disabled\", \"Max\", \"Min\"\n* spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero\n* spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800\n"
    );
    s.files
        .write("unknown.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: u\nspec:\n  maxReplicas: 3\n  targetCPUUtilizationPercentage: 50\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f unknown.yaml"),
        "Error from server (BadRequest): error when creating \"unknown.yaml\": HorizontalPodAutoscaler in version \"v2\" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field \"spec.targetCPUUtilizationPercentage\"\n"
    );
    // Defaults: minReplicas 1, the cpu metric at 80 %, behavior's only when
    // behavior is set (scaleDown's window left to the controller).
    s.files
        .write("beh.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: beh\nspec:\n  maxReplicas: 3\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 60\n")
        .unwrap();
    assert_eq!(run(&mut s, "kubectl create -f beh.yaml"), "horizontalpodautoscaler.autoscaling/beh created\n");
    assert_eq!(
        run(&mut s, "kubectl get hpa beh -o jsonpath={.spec}"),
        "{\"behavior\":{\"scaleDown\":{\"policies\":[{\"periodSeconds\":15,\"type\":\"Percent\",\"value\":100}],\"selectPolicy\":\"Max\",\"stabilizationWindowSeconds\":60},\"scaleUp\":{\"policies\":[{\"periodSeconds\":15,\"type\":\"Pods\",\"value\":4},{\"periodSeconds\":15,\"type\":\"Percent\",\"value\":100}],\"selectPolicy\":\"Max\",\"stabilizationWindowSeconds\":0}},\"maxReplicas\":3,\"metrics\":[{\"resource\":{\"name\":\"cpu\",\"target\":{\"averageUtilization\":80,\"type\":\"Utilization\"}},\"type\":\"Resource\"}],\"minReplicas\":1,\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\"}}"
    );
    assert_eq!(
        run(&mut s, "kubectl get hpa beh -o jsonpath={.status}"),
        "{\"currentMetrics\":null,\"desiredReplicas\":0}"
    );
    let describe = run(&mut s, "kubectl describe hpa beh");
    assert!(describe.contains("Behavior:\n  Scale Up:\n    Stabilization Window: 0 seconds\n    Select Policy: Max\n    Policies:\n      - Type: Pods     Value: 4    Period: 15 seconds\n      - Type: Percent  Value: 100  Period: 15 seconds\n  Scale Down:\n    Stabilization Window: 60 seconds\n"), "{describe}");
}

#[test]
fn autoscaling_v1_is_accepted_stored_as_v2_and_served_in_the_version_asked() {
    let mut s = new_session(1);
    assert_eq!(
        run(&mut s, "kubectl apply -f https://k8s.io/examples/controllers/hpa-rs.yaml"),
        "horizontalpodautoscaler.autoscaling/frontend-scaler created\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get hpa frontend-scaler -o jsonpath={.apiVersion}:{.spec.metrics[0].resource.target.averageUtilization}:{.spec.minReplicas}"
        ),
        "autoscaling/v2:50:3"
    );
    let v1 = run(&mut s, "kubectl get hpa.v1.autoscaling frontend-scaler -o yaml");
    assert!(v1.starts_with("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\n"), "{v1}");
    assert!(
        v1.ends_with("spec:\n  maxReplicas: 10\n  minReplicas: 3\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: ReplicaSet\n    name: frontend\n  targetCPUUtilizationPercentage: 50\nstatus:\n  currentReplicas: 0\n  desiredReplicas: 0\n"),
        "{v1}"
    );
    s.tick(16.0);
    let v1 = run(&mut s, "kubectl get hpa.v1.autoscaling frontend-scaler -o yaml");
    assert!(
        v1.contains(
            "    autoscaling.alpha.kubernetes.io/conditions: '[{\"type\":\"AbleToScale\",\"status\":\"False\","
        ),
        "{v1}"
    );
    s.files
        .write("v1bad.yaml", "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: v1bad\nspec:\n  maxReplicas: 2\n  targetCPUUtilizationPercentage: 0\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f v1bad.yaml"),
        "The HorizontalPodAutoscaler \"v1bad\" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0\n"
    );
}

#[test]
fn kubectl_autoscale_builds_what_kubectl_1_32_builds() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create deployment unicorn-front --image=nginx");
    assert_eq!(
        run(
            &mut s,
            "kubectl autoscale deployment unicorn-front --cpu-percent=50 --min=1 --max=10 --dry-run=client -o yaml"
        ),
        "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  creationTimestamp: null\n  name: unicorn-front\nspec:\n  maxReplicas: 10\n  minReplicas: 1\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: unicorn-front\n  targetCPUUtilizationPercentage: 50\nstatus:\n  currentReplicas: 0\n  desiredReplicas: 0\n"
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deploy/unicorn-front --max=4 --dry-run=client"),
        "horizontalpodautoscaler.autoscaling/unicorn-front created (dry run)\n"
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment unicorn-front --max=5 --name=u2 --dry-run=server"),
        "horizontalpodautoscaler.autoscaling/u2 autoscaled (server dry run)\n"
    );
    assert_eq!(run(&mut s, "kubectl get hpa"), "No resources found in default namespace.\n");
    let out = s.input("kubectl autoscale deployment unicorn-front");
    assert_eq!(out.output.code, 1);
    assert!(
        out.output.text().ends_with("run.go:72] \"command failed\" err=\"required flag(s) \\\"max\\\" not set\"\n")
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment unicorn-front --max=0"),
        "error: --max=MAXPODS is required and must be at least 1, max: 0\n"
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment unicorn-front --max=2 --min=3"),
        "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n"
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment nope --max=3"),
        "Error from server (NotFound): deployments.apps \"nope\" not found\n"
    );
    run(&mut s, "kubectl run p --image=nginx");
    assert_eq!(
        run(&mut s, "kubectl autoscale pod p --max=3"),
        "error: cannot autoscale a Pod: could not find scale subresource for /v1, Resource=pods in discovery information\n"
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment unicorn-front --max=3 --cpu-percent=70"),
        "horizontalpodautoscaler.autoscaling/unicorn-front autoscaled\n"
    );
    assert_eq!(
        run(&mut s, "kubectl autoscale deployment unicorn-front --max=3"),
        "Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling \"unicorn-front\" already exists\n"
    );
    assert_eq!(run(&mut s, "kubectl get hpa -o name"), "horizontalpodautoscaler.autoscaling/unicorn-front\n");
    let all = run(&mut s, "kubectl get all");
    assert!(all.contains("\nNAME                                                REFERENCE                  TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nhorizontalpodautoscaler.autoscaling/unicorn-front   Deployment/unicorn-front   cpu: <unknown>/70%   1         3         0          0s\n"), "{all}");
    assert_eq!(
        run(&mut s, "kubectl delete hpa unicorn-front"),
        "horizontalpodautoscaler.autoscaling \"unicorn-front\" deleted\n"
    );
    // A StatefulSet or a ReplicaSet scales through the same scale subresource.
    run(&mut s, "kubectl create deployment rs-owner --image=nginx");
    let rs = run(&mut s, "kubectl get rs -l app=rs-owner -o jsonpath={.items[0].metadata.name}");
    assert_eq!(
        run(
            &mut s,
            &format!("kubectl autoscale rs {rs} --max=2 --dry-run=client -o jsonpath={{.spec.scaleTargetRef}}")
        ),
        format!("{{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"{rs}\"}}")
    );
}

#[test]
fn get_api_resources_and_completion_know_hpas() {
    use kube_atelier::shell::complete::complete;
    let mut s = Session::new(1, 0);
    s.input("kubectl create deployment web --image=nginx");
    s.input("kubectl autoscale deployment web --max=3");
    assert_eq!(complete(&s, "kubectl get hor", 15).candidates, ["horizontalpodautoscalers"]);
    assert_eq!(complete(&s, "kubectl describe hpa ", 21).candidates, ["web"]);
    assert_eq!(complete(&s, "kubectl autoscale st", 20).candidates, ["statefulset"]);
    assert_eq!(complete(&s, "kubectl autoscale deployment w", 30).candidates, ["web"]);
    assert_eq!(
        run(&mut s, "kubectl get horizontalpodautoscalers.autoscaling -o name"),
        "horizontalpodautoscaler.autoscaling/web\n"
    );
    assert_eq!(run(&mut s, "kubectl get hpa.v2.autoscaling -o name"), "horizontalpodautoscaler.autoscaling/web\n");
    assert!(
        run(&mut s, "kubectl api-resources --api-group=autoscaling").contains(
            "horizontalpodautoscalers   hpa          autoscaling/v2   true         HorizontalPodAutoscaler\n"
        )
    );
}

#[test]
fn a_behavior_limits_the_rate_and_its_own_window() {
    let mut s = walkthrough();
    s.files
        .write("hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: php-apache\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: php-apache\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 50\n  behavior:\n    scaleUp:\n      policies:\n      - type: Pods\n        value: 1\n        periodSeconds: 60\n    scaleDown:\n      stabilizationWindowSeconds: 30\n")
        .unwrap();
    run(&mut s, "kubectl apply -f hpa.yaml");
    run(&mut s, LOAD);
    s.tick(30.0);
    assert_eq!(replicas(&mut s), "2", "one pod per minute");
    let out = run(&mut s, "kubectl describe hpa php-apache");
    assert!(out.contains("ScalingLimited  True    ScaleUpLimit"), "{out}");
    s.tick(45.0);
    assert_eq!(replicas(&mut s), "3");
    run(&mut s, "kubectl delete pod load-generator --now");
    s.tick(75.0);
    assert_eq!(replicas(&mut s), "1", "a 30 s window, and 100 % a period down");
}

#[test]
fn hostile_hpas_never_panic() {
    let mut s = new_session(1);
    run(&mut s, "minikube addons enable metrics-server");
    run(&mut s, "kubectl create deployment web --image=nginx --replicas=0");
    for spec in [
        "maxReplicas: 2147483647\n  minReplicas: 2147483647\n  scaleTargetRef:\n    kind: Deployment\n    name: web",
        "maxReplicas: 3\n  scaleTargetRef:\n    kind: Pod\n    name: web",
        "maxReplicas: 3\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n  metrics:\n  - type: Pods\n    pods:\n      metric:\n        name: qps\n      target:\n        type: AverageValue\n        averageValue: 1k",
        "maxReplicas: 3\n  scaleTargetRef:\n    kind: Deployment\n    name: web\n  metrics:\n  - type: Resource\n    resource:\n      name: memory\n      target:\n        type: AverageValue\n        averageValue: 1Mi",
        "maxReplicas: 3\n  scaleTargetRef:\n    kind: StatefulSet\n    name: none\n  behavior:\n    scaleUp:\n      selectPolicy: Disabled",
    ] {
        s.files
            .write(
                "h.yaml",
                format!(
                    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  {spec}\n"
                ),
            )
            .unwrap();
        let out = run(&mut s, "kubectl apply -f h.yaml");
        assert!(out.contains("horizontalpodautoscaler.autoscaling/h"), "{spec}: {out}");
        run(&mut s, "kubectl scale deployment web --replicas=2");
        s.tick(40.0);
        run(&mut s, "kubectl get hpa");
        run(&mut s, "kubectl describe hpa h");
        run(&mut s, "kubectl get hpa.v1.autoscaling h -o json");
        run(&mut s, "kubectl delete hpa h");
    }
    assert!(s.cluster.store().pods.len() < 100);
}

/// Real kubectl 1.32 (`/usr/bin/kubectl`, no cluster behind it) and ours, for
/// what `autoscale` answers before it needs a server (cobra's required
/// `--max`; everything else starts with discovery): same stdout, same stderr
/// (klog's time and process id aside), same exit code.
#[test]
fn autoscale_matches_real_kubectl_on_the_client_side() {
    let kubectl = std::path::Path::new("/usr/bin/kubectl");
    if !kubectl.exists() {
        if std::env::var_os("ATELIER_SKIP_KUBECTL_PARITY").is_some() {
            eprintln!("SKIPPED: /usr/bin/kubectl is not installed; client parity not checked");
            return;
        }
        panic!("/usr/bin/kubectl (a kubectl 1.32 client) is missing: install it, or set ATELIER_SKIP_KUBECTL_PARITY=1");
    }
    let cases: &[&[&str]] = &[
        &["autoscale", "deployment", "x"],
        &["autoscale", "deployment", "x", "--min=2", "--cpu-percent=50"],
        &["autoscale", "deploy/x", "--dry-run=client", "-o", "yaml"],
    ];
    let klog = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.contains("memcache.go:"))
            .map(|l| match l.split_once("] ") {
                Some((head, rest)) if head.starts_with('E') && head.len() < 40 => format!("E] {rest}\n"),
                _ => format!("{l}\n"),
            })
            .collect()
    };
    let mut mismatches = Vec::new();
    for args in cases {
        let real = std::process::Command::new(kubectl).args(*args).env("KUBECONFIG", "/nonexistent").output().unwrap();
        let theirs = (
            String::from_utf8_lossy(&real.stdout).to_string(),
            klog(&String::from_utf8_lossy(&real.stderr)),
            real.status.code().unwrap_or(-1),
        );
        let mut s = new_session(1);
        let out = s.input(&format!("kubectl {}", args.join(" "))).output;
        let ours = (out.stdout(), klog(&out.stderr()), out.code);
        if ours != theirs {
            mismatches.push(format!("kubectl {}\n  ours:    {ours:?}\n  kubectl: {theirs:?}", args.join(" ")));
        }
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}
