//! Jobs and CronJobs (batch/v1) as a real 1.32 cluster and kubectl show them.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

const JOB: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: calc
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: calc
        image: busybox
        command: [\"sh\", \"-c\", \"sleep 5; echo done\"]
";

const FAILING: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: oops
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: oops
        image: busybox
        command: [\"sh\", \"-c\", \"exit 1\"]
";

const CRONJOB: &str = "apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
spec:
  schedule: \"*/1 * * * *\"
  successfulJobsHistoryLimit: 2
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: tick
            image: busybox
            command: [\"date\"]
";

#[test]
fn a_job_runs_three_completions_two_pods_at_a_time() {
    let mut s = new_session(1);
    s.files.write("job.yaml", JOB).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f job.yaml"), "job.batch/calc created\n");
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\ncalc   Running   0/3           0s         0s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS              RESTARTS   AGE
calc-tqrzl   0/1     ContainerCreating   0          0s
calc-zxfz7   0/1     ContainerCreating   0          0s
"
    );
    s.tick(4.0);
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS    RESTARTS   AGE
calc-tqrzl   1/1     Running   0          4s
calc-zxfz7   1/1     Running   0          4s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get job calc -o jsonpath='{.status}'"),
        r#"{"active":2,"ready":2,"startTime":"2026-03-02T09:00:00Z","terminating":0,"uncountedTerminatedPods":{}}"#
    );
    s.tick(6.0);
    // Two succeeded: the third and last pod runs alone.
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\ncalc   Running   2/3           10s        10s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS      RESTARTS   AGE
calc-8blb4   1/1     Running     0          2s
calc-tqrzl   0/1     Completed   0          10s
calc-zxfz7   0/1     Completed   0          10s
"
    );
    assert_eq!(run(&mut s, "kubectl get job calc -o jsonpath='{.status.active} {.status.succeeded}'"), "1 2");
    s.tick(10.0);
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME   STATUS     COMPLETIONS   DURATION   AGE\ncalc   Complete   3/3           15s        20s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS      RESTARTS   AGE
calc-8blb4   0/1     Completed   0          12s
calc-tqrzl   0/1     Completed   0          20s
calc-zxfz7   0/1     Completed   0          20s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get job calc -o jsonpath='{.status}'"),
        r#"{"completionTime":"2026-03-02T09:00:15Z","conditions":[{"lastProbeTime":"2026-03-02T09:00:15Z","lastTransitionTime":"2026-03-02T09:00:15Z","message":"Reached expected number of succeeded pods","reason":"CompletionsReached","status":"True","type":"SuccessCriteriaMet"},{"lastProbeTime":"2026-03-02T09:00:15Z","lastTransitionTime":"2026-03-02T09:00:15Z","message":"Reached expected number of succeeded pods","reason":"CompletionsReached","status":"True","type":"Complete"}],"ready":0,"startTime":"2026-03-02T09:00:00Z","succeeded":3,"terminating":0,"uncountedTerminatedPods":{}}"#
    );
    let wide = run(&mut s, "kubectl get job calc -o wide");
    let uid = run(&mut s, "kubectl get job calc -o jsonpath={.metadata.uid}");
    assert_eq!(
        wide,
        format!(
            "NAME   STATUS     COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES    SELECTOR\ncalc   Complete   3/3           15s        20s   calc         busybox   batch.kubernetes.io/controller-uid={uid}\n"
        )
    );
    // The generated selector and labels, and the API defaults.
    assert_eq!(
        run(&mut s, "kubectl get job calc -o jsonpath='{.spec.selector.matchLabels}'"),
        format!(r#"{{"batch.kubernetes.io/controller-uid":"{uid}"}}"#)
    );
    assert_eq!(
        run(&mut s, "kubectl get pod calc-8blb4 -o jsonpath='{.metadata.labels}'"),
        format!(
            r#"{{"batch.kubernetes.io/controller-uid":"{uid}","batch.kubernetes.io/job-name":"calc","controller-uid":"{uid}","job-name":"calc"}}"#
        )
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get job calc -o jsonpath='{.spec.backoffLimit} {.spec.completionMode} {.spec.suspend} {.spec.podReplacementPolicy} {.spec.manualSelector}'"
        ),
        "6 NonIndexed false TerminatingOrFailed "
    );
    assert_eq!(
        run(&mut s, "kubectl get pod calc-8blb4 -o jsonpath='{.metadata.ownerReferences[0]}'"),
        format!(
            r#"{{"apiVersion":"batch/v1","blockOwnerDeletion":true,"controller":true,"kind":"Job","name":"calc","uid":"{uid}"}}"#
        )
    );
    assert_eq!(run(&mut s, "kubectl logs job/calc"), "Found 3 pods, using pod/calc-tqrzl\ndone\n");
    // Deleting the Job takes its pods (background propagation).
    assert_eq!(run(&mut s, "kubectl delete job calc"), "job.batch \"calc\" deleted\n");
    assert_eq!(run(&mut s, "kubectl get pods"), "No resources found in default namespace.\n");
}

#[test]
fn a_failing_job_retries_with_back_off_then_hits_its_limit() {
    let mut s = new_session(1);
    s.files.write("oops.yaml", FAILING).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f oops.yaml"), "job.batch/oops created\n");
    s.tick(5.0);
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\noops   Running   0/1           5s         5s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS   RESTARTS   AGE\noops-zxfz7   0/1     Error    0          5s\n"
    );
    // The first failure delays the next pod by 10 s.
    s.tick(10.0);
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS    RESTARTS   AGE
oops-gr6k8   1/1     Running   0          2s
oops-zxfz7   0/1     Error     0          15s
"
    );
    s.tick(30.0);
    // The third failure passes backoffLimit 2: the Job fails.
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME   STATUS   COMPLETIONS   DURATION   AGE\noops   Failed   0/1           45s        45s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME         READY   STATUS   RESTARTS   AGE
oops-8blb4   0/1     Error    0          9s
oops-gr6k8   0/1     Error    0          32s
oops-zxfz7   0/1     Error    0          45s
"
    );
    let uid = run(&mut s, "kubectl get job oops -o jsonpath={.metadata.uid}");
    let expected = "Name:             oops
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=UID
Labels:           batch.kubernetes.io/controller-uid=UID
                  batch.kubernetes.io/job-name=oops
                  controller-uid=UID
                  job-name=oops
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    2
Start Time:       Mon, 02 Mar 2026 09:00:00 +0000
Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 3 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid=UID
           batch.kubernetes.io/job-name=oops
           controller-uid=UID
           job-name=oops
  Containers:
   oops:
    Image:      busybox
    Port:       <none>
    Host Port:  <none>
    Command:
      sh
      -c
      exit 1
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type     Reason                Age   From            Message
  ----     ------                ----  ----            -------
  Normal   SuccessfulCreate      45s   job-controller  Created pod: oops-zxfz7
  Normal   SuccessfulCreate      32s   job-controller  Created pod: oops-gr6k8
  Normal   SuccessfulCreate      9s    job-controller  Created pod: oops-8blb4
  Warning  BackoffLimitExceeded  7s    job-controller  Job has reached the specified backoff limit
";
    assert_eq!(run(&mut s, "kubectl describe job oops"), expected.replace("UID", &uid));
    assert_eq!(
        run(&mut s, "kubectl get job oops -o jsonpath='{.status}'"),
        r#"{"conditions":[{"lastProbeTime":"2026-03-02T09:00:37Z","lastTransitionTime":"2026-03-02T09:00:37Z","message":"Job has reached the specified backoff limit","reason":"BackoffLimitExceeded","status":"True","type":"FailureTarget"},{"lastProbeTime":"2026-03-02T09:00:37Z","lastTransitionTime":"2026-03-02T09:00:37Z","message":"Job has reached the specified backoff limit","reason":"BackoffLimitExceeded","status":"True","type":"Failed"}],"failed":3,"ready":0,"startTime":"2026-03-02T09:00:00Z","terminating":0,"uncountedTerminatedPods":{}}"#
    );
    // Nothing more happens to a failed Job.
    s.tick(600.0);
    assert_eq!(run(&mut s, "kubectl get pods -o name").lines().count(), 3);
}

#[test]
fn an_active_deadline_fails_the_job_and_a_ttl_deletes_it() {
    let mut s = new_session(1);
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: slow\nspec:\n  activeDeadlineSeconds: 20\n  ttlSecondsAfterFinished: 30\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: slow\n        image: busybox\n        command: [\"sleep\", \"300\"]\n";
    s.files.write("slow.yaml", job).unwrap();
    run(&mut s, "kubectl apply -f slow.yaml");
    s.tick(25.0);
    // Past the deadline its pod is deleted; the Job fails once it is gone
    // (busybox's sleep ignores SIGTERM: 30 s of grace).
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME   STATUS          COMPLETIONS   DURATION   AGE\nslow   FailureTarget   0/1           25s        25s\n"
    );
    s.tick(30.0);
    assert_eq!(
        run(
            &mut s,
            "kubectl get job slow -o jsonpath='{.status.conditions[1].type} {.status.conditions[1].reason}: {.status.conditions[1].message}'"
        ),
        "Failed DeadlineExceeded: Job was active longer than specified deadline"
    );
    let events = run(&mut s, "kubectl get events --field-selector involvedObject.kind=Job");
    assert!(
        events.contains("Warning   DeadlineExceeded   job/slow   Job was active longer than specified deadline"),
        "{events}"
    );
    assert!(events.contains("Normal    SuccessfulDelete   job/slow   Deleted pod: slow-"), "{events}");
    s.tick(40.0);
    assert_eq!(run(&mut s, "kubectl get jobs"), "No resources found in default namespace.\n");
    assert_eq!(run(&mut s, "kubectl get pods"), "No resources found in default namespace.\n");
}

#[test]
fn a_cronjob_runs_every_minute_and_keeps_its_history_limit() {
    let mut s = new_session(1);
    s.files.write("cj.yaml", CRONJOB).unwrap();
    s.tick(45.0);
    assert_eq!(run(&mut s, "kubectl apply -f cj.yaml"), "cronjob.batch/tick created\n");
    assert_eq!(
        run(&mut s, "kubectl get cronjobs"),
        "NAME   SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ntick   */1 * * * *   <none>     False     0        <none>          0s\n"
    );
    // 09:01:00, 100 ms after the minute: the first Job, named after the minute.
    s.tick(15.5);
    assert_eq!(
        run(&mut s, "kubectl get cj,jobs"),
        "NAME                 SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
cronjob.batch/tick   */1 * * * *   <none>     False     1        0s              15s

NAME                      STATUS    COMPLETIONS   DURATION   AGE
job.batch/tick-29540701   Running   0/1           0s         0s
"
    );
    s.tick(60.0);
    s.tick(65.0);
    // Three runs; the history keeps the two newest successful Jobs.
    assert_eq!(
        run(&mut s, "kubectl get jobs"),
        "NAME            STATUS     COMPLETIONS   DURATION   AGE
tick-29540702   Complete   1/1           2s         65s
tick-29540703   Complete   1/1           2s         5s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME                  READY   STATUS      RESTARTS   AGE
tick-29540702-4287x   0/1     Completed   0          65s
tick-29540703-4mdnz   0/1     Completed   0          5s
"
    );
    assert_eq!(
        run(&mut s, "kubectl get cj tick -o jsonpath='{.status}'"),
        r#"{"lastScheduleTime":"2026-03-02T09:03:00Z","lastSuccessfulTime":"2026-03-02T09:03:02Z"}"#
    );
    assert_eq!(
        run(&mut s, "kubectl get job tick-29540703 -o jsonpath='{.metadata.annotations}'"),
        r#"{"batch.kubernetes.io/cronjob-scheduled-timestamp":"2026-03-02T09:03:00Z"}"#
    );
    let describe = run(&mut s, "kubectl describe cronjob tick");
    assert!(
        describe.starts_with(
            "Name:                          tick
Namespace:                     default
Labels:                        <none>
Annotations:                   <none>
Schedule:                      */1 * * * *
Concurrency Policy:            Allow
Suspend:                       False
Successful Job History Limit:  2
Failed Job History Limit:      1
Starting Deadline Seconds:     <unset>
Selector:                      <unset>
Parallelism:                   <unset>
Completions:                   <unset>
Pod Template:
"
        ),
        "{describe}"
    );
    assert!(
        describe.ends_with(
            "Last Schedule Time:  Mon, 02 Mar 2026 09:03:00 +0000
Active Jobs:         <none>
Events:
  Type    Reason            Age   From                Message
  ----    ------            ----  ----                -------
  Normal  SuccessfulCreate  2m5s  cronjob-controller  Created job tick-29540701
  Normal  SawCompletedJob   2m2s  cronjob-controller  Saw completed job: tick-29540701, condition: Complete
  Normal  SuccessfulCreate  65s   cronjob-controller  Created job tick-29540702
  Normal  SawCompletedJob   62s   cronjob-controller  Saw completed job: tick-29540702, condition: Complete
  Normal  SuccessfulCreate  5s    cronjob-controller  Created job tick-29540703
  Normal  SawCompletedJob   3s    cronjob-controller  Saw completed job: tick-29540703, condition: Complete
  Normal  SuccessfulDelete  3s    cronjob-controller  Deleted job tick-29540701
"
        ),
        "{describe}"
    );
    // Deleting the CronJob takes its Jobs and their pods.
    assert_eq!(run(&mut s, "kubectl delete cj tick"), "cronjob.batch \"tick\" deleted\n");
    assert_eq!(run(&mut s, "kubectl get jobs,pods"), "No resources found in default namespace.\n");
}

#[test]
fn sleeping_fires_the_schedule_on_time() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create cronjob hourly --image=busybox --schedule=@hourly -- date");
    assert_eq!(s.cluster.next_activity().map(|t| t.rfc3339_nano()), Some("2026-03-02T10:00:00.1Z".into()));
    s.tick(3600.5);
    assert_eq!(run(&mut s, "kubectl get jobs -o name"), "job.batch/hourly-29540760\n");
}

#[test]
fn concurrency_policy_forbid_skips_and_replace_replaces() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create cronjob f --image=busybox --schedule='* * * * *' -- sleep 100");
    run(&mut s, "kubectl patch cj f -p '{\"spec\":{\"concurrencyPolicy\":\"Forbid\"}}'");
    run(&mut s, "kubectl create cronjob r --image=busybox --schedule='* * * * *' -- sleep 100");
    run(&mut s, "kubectl patch cj r -p '{\"spec\":{\"concurrencyPolicy\":\"Replace\"}}'");
    s.tick(130.0);
    assert_eq!(run(&mut s, "kubectl get jobs -o name"), "job.batch/f-29540701\njob.batch/r-29540702\n");
    let events = run(&mut s, "kubectl get events --field-selector involvedObject.kind=CronJob");
    assert!(events.contains("JobAlreadyActive   cronjob/f   Not starting job because prior execution is running and concurrency policy is Forbid"), "{events}");
    assert!(events.contains("SuccessfulDelete   cronjob/r   Deleted job r-29540701"), "{events}");
    // Suspended: nothing more starts.
    run(&mut s, "kubectl patch cj r -p '{\"spec\":{\"suspend\":true}}'");
    s.tick(300.0);
    assert_eq!(run(&mut s, "kubectl get cj r -o jsonpath={.status.lastScheduleTime}"), "2026-03-02T09:02:00Z");
}

#[test]
fn create_job_from_a_cronjob() {
    let mut s = new_session(1);
    s.files.write("cj.yaml", CRONJOB).unwrap();
    run(&mut s, "kubectl apply -f cj.yaml");
    assert_eq!(run(&mut s, "kubectl create job manual --from=cronjob/tick"), "job.batch/manual created\n");
    let cj_uid = run(&mut s, "kubectl get cj tick -o jsonpath={.metadata.uid}");
    assert_eq!(
        run(&mut s, "kubectl get job manual -o jsonpath='{.metadata.annotations} {.metadata.ownerReferences}'"),
        format!(
            r#"{{"cronjob.kubernetes.io/instantiate":"manual"}} [{{"apiVersion":"batch/v1","controller":true,"kind":"CronJob","name":"tick","uid":"{cj_uid}"}}]"#
        )
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get job manual -o jsonpath='{.spec.template.spec.containers[0].command} {.spec.template.spec.restartPolicy}'"
        ),
        r#"["date"] OnFailure"#
    );
    assert_eq!(
        run(&mut s, "kubectl create job other --from=cronjob/nope"),
        "Error from server (NotFound): cronjobs.batch \"nope\" not found\n"
    );
    assert_eq!(
        run(&mut s, "kubectl create job x --from=cronjob/tick -- echo"),
        "error: cannot specify --from and command\n"
    );
    // Checked with kubectl 1.32 against a stub API server serving a CronJob:
    // no namespace unless -n names it, the owner reference without
    // blockOwnerDeletion, `creationTimestamp: null` in the metadata and the
    // pod template's.
    let dry = run(&mut s, "kubectl create job m --from=cronjob/tick --dry-run=client -o yaml");
    assert!(
        dry.starts_with(&format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    cronjob.kubernetes.io/instantiate: manual\n  creationTimestamp: null\n  name: m\n  ownerReferences:\n  - apiVersion: batch/v1\n    controller: true\n    kind: CronJob\n    name: tick\n    uid: {cj_uid}\nspec:\n  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n"
        )),
        "{dry}"
    );
    assert!(dry.ends_with("      restartPolicy: OnFailure\n      schedulerName: default-scheduler\n      securityContext: {}\n      terminationGracePeriodSeconds: 30\nstatus: {}\n"), "{dry}");
    assert_eq!(
        run(&mut s, "kubectl create job m --from=cj"),
        "error: resource(s) were provided, but no name was specified\n"
    );
    run(&mut s, "kubectl create deployment d --image=nginx");
    assert_eq!(run(&mut s, "kubectl create job m --from=deploy/d"), "error: unknown object type *v1.Deployment\n");
}

#[test]
fn the_api_server_refuses_invalid_jobs_and_cronjobs_word_for_word() {
    let mut s = new_session(1);
    s.files
        .write("bad.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bad\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f bad.yaml"),
        "The Job \"bad\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n"
    );
    s.files
        .write("neg.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: neg\nspec:\n  backoffLimit: -1\n  completionMode: Sometimes\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f neg.yaml"),
        "The Job \"neg\" is invalid: \n* spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0\n* spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\"\n"
    );
    s.files
        .write("badcj.yaml", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: badcj\nspec:\n  schedule: \"61 * * * *\"\n  concurrencyPolicy: Sometimes\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Always\n          containers:\n          - name: c\n            image: busybox\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f badcj.yaml"),
        "The CronJob \"badcj\" is invalid: \n* spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61\n* spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"\n* spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"\n"
    );
    assert_eq!(
        run(&mut s, "kubectl create cronjob c --image=busybox --schedule=bad"),
        "error: failed to create cronjob: CronJob.batch \"c\" is invalid: spec.schedule: Invalid value: \"bad\": expected exactly 5 fields, found 1: [bad]\n"
    );
    assert_eq!(
        run(&mut s, "kubectl create cronjob c --image=busybox --schedule='*/x * * * *'"),
        "error: failed to create cronjob: CronJob.batch \"c\" is invalid: spec.schedule: Invalid value: \"*/x * * * *\": failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax\n"
    );
    assert_eq!(
        run(&mut s, "kubectl create cronjob c --image=busybox --schedule=@often"),
        "error: failed to create cronjob: CronJob.batch \"c\" is invalid: spec.schedule: Invalid value: \"@often\": unrecognized descriptor: @often\n"
    );
    s.files
        .write("unknown.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: u\nspec:\n  completionz: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n")
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f unknown.yaml"),
        "Error from server (BadRequest): error when creating \"unknown.yaml\": Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"spec.completionz\"\n"
    );
}

#[test]
fn get_all_api_resources_and_completion_know_the_batch_kinds() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create job once --image=busybox -- echo hi");
    run(&mut s, "kubectl create cj every --image=busybox --schedule='*/5 * * * *' -- date");
    let all = run(&mut s, "kubectl get all");
    assert!(all.contains("\nNAME                  SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ncronjob.batch/every   */5 * * * *   <none>     False     0        <none>          0s\n"), "{all}");
    assert!(all.contains("\nNAME             STATUS    COMPLETIONS   DURATION   AGE\njob.batch/once   Running   0/1           0s         0s\n"), "{all}");
    assert_eq!(
        run(&mut s, "kubectl api-resources --api-group=batch"),
        "NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND\ncronjobs   cj           batch/v1     true         CronJob\njobs                    batch/v1     true         Job\n"
    );
    assert_eq!(run(&mut s, "kubectl get jobs.batch -o name"), "job.batch/once\n");
    assert_eq!(run(&mut s, "kubectl get cronjob.batch/every -o name"), "cronjob.batch/every\n");
}

/// Real kubectl 1.32 (`/usr/bin/kubectl`, no cluster behind it) and ours:
/// same stdout, same stderr (klog's time and process id aside), same exit
/// code, for what `create job`/`create cronjob` answer on the client side.
#[test]
fn create_job_and_cronjob_match_real_kubectl_on_the_client_side() {
    let kubectl = std::path::Path::new("/usr/bin/kubectl");
    if !kubectl.exists() {
        if std::env::var_os("ATELIER_SKIP_KUBECTL_PARITY").is_some() {
            eprintln!("SKIPPED: /usr/bin/kubectl is not installed; client parity not checked");
            return;
        }
        panic!("/usr/bin/kubectl (a kubectl 1.32 client) is missing: install it, or set ATELIER_SKIP_KUBECTL_PARITY=1");
    }
    let cases: &[&[&str]] = &[
        &["create", "job", "j", "--image=busybox", "--dry-run=client", "-o", "yaml", "--", "echo", "hi"],
        &["create", "job", "j", "--image=busybox", "--dry-run=client", "-o", "json", "--", "echo", "hi"],
        &["create", "job", "j", "--image=busybox", "--dry-run=client"],
        &["create", "job", "j", "--image=busybox", "--dry-run=client", "-o", "name"],
        &["create", "job", "j", "--dry-run=client", "-o", "yaml"],
        &["create", "job", "--image=busybox", "--dry-run=client"],
        &["create", "job", "j", "--image=busybox", "--from=cronjob/x", "--dry-run=client"],
        &["create", "job", "j", "--from=cronjob/x", "--dry-run=client", "--", "echo"],
        &[
            "create",
            "cronjob",
            "c",
            "--image=busybox",
            "--schedule=*/1 * * * *",
            "--dry-run=client",
            "-o",
            "yaml",
            "--",
            "date",
        ],
        &["create", "cronjob", "c", "--image=busybox", "--schedule=*/1 * * * *", "--dry-run=client", "-o", "json"],
        &[
            "create",
            "cronjob",
            "c",
            "--image=busybox",
            "--schedule=@hourly",
            "--restart=Never",
            "--dry-run=client",
            "-o",
            "yaml",
        ],
        &["create", "cj", "c", "--image=busybox", "--schedule=* * * * *", "--dry-run=client"],
        &["create", "cronjob", "c", "--image=busybox", "--dry-run=client"],
        &["create", "cronjob", "c", "--schedule=* * * * *", "--dry-run=client"],
        &["create", "cronjob", "c", "--dry-run=client"],
        &["create", "cronjob", "--image=busybox", "--schedule=x", "--dry-run=client"],
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
        let line: Vec<String> =
            args.iter().map(|a| if a.contains([' ', '*']) { format!("'{a}'") } else { a.to_string() }).collect();
        let mut s = new_session(1);
        let out = s.input(&format!("kubectl {}", line.join(" "))).output;
        let ours = (out.stdout(), klog(&out.stderr()), out.code);
        if ours != theirs {
            mismatches.push(format!("kubectl {}\n  ours:    {ours:?}\n  kubectl: {theirs:?}", line.join(" ")));
        }
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn tab_completes_the_batch_types_their_names_and_create_subcommands() {
    use kube_atelier::shell::complete::complete;
    let mut s = Session::new(1, 0);
    s.input("kubectl create job once --image=busybox -- echo hi");
    assert_eq!(complete(&s, "kubectl get jo", 14).candidates, ["jobs"]);
    assert_eq!(complete(&s, "kubectl get cr", 14).candidates, ["cronjobs"]);
    assert_eq!(complete(&s, "kubectl create j", 16).candidates, ["job"]);
    assert_eq!(complete(&s, "kubectl create cr", 17).candidates, ["cronjob"]);
    assert_eq!(complete(&s, "kubectl describe job/", 21).candidates, ["job/once"]);
    assert_eq!(complete(&s, "kubectl get jobs o", 18).candidates, ["once"]);
}

#[test]
fn hostile_jobs_and_cronjobs_never_panic_and_stay_bounded() {
    let mut s = new_session(1);
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: huge\nspec:\n  completions: 2000000000\n  parallelism: 2000000000\n  backoffLimit: 2147483647\n  activeDeadlineSeconds: 9223372036854775807\n  ttlSecondsAfterFinished: 2147483647\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n        command: [\"true\"]\n";
    s.files.write("huge.yaml", job).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f huge.yaml"), "job.batch/huge created\n");
    s.tick(1.0);
    let pods = s.cluster.store().pods.len();
    assert!(pods <= 12_000, "{pods}");
    run(&mut s, "kubectl delete job huge");
    for schedule in ["@every 1s", "*/4294967295 * * * *", "59 23 31 12 *", "0 0 30 2 *", "@every 99999999999h"] {
        let out = run(&mut s, &format!("kubectl create cronjob c --image=busybox --schedule='{schedule}' -- date"));
        assert_eq!(out, "cronjob.batch/c created\n", "{schedule}");
        s.tick(5.0);
        run(&mut s, "kubectl delete cronjob c");
    }
    for bad in ["", "* * * *", "a b c d e", "1-2-3 * * * *", "*/0 * * * *", "-1 * * * *", "@every", "@every x"] {
        let out = run(&mut s, &format!("kubectl create cronjob c --image=busybox --schedule='{bad}' -- date"));
        assert!(
            out.starts_with("error: failed to create cronjob: CronJob.batch \"c\" is invalid: spec.schedule"),
            "{bad}: {out}"
        );
    }
}

#[test]
fn a_stopped_node_misses_schedules_and_the_cronjob_catches_up_once() {
    let mut s = new_session(1);
    run(&mut s, "kubectl create cronjob c --image=busybox --schedule='*/1 * * * *' -- date");
    run(&mut s, "minikube stop");
    s.tick(3.0 * 3600.0);
    run(&mut s, "minikube start");
    s.tick(5.0);
    // One Job for the most recent missed time, and a warning for the others.
    assert_eq!(run(&mut s, "kubectl get jobs -o name"), "job.batch/c-29540880\n");
    let events =
        run(&mut s, "kubectl get events --field-selector reason=TooManyMissedTimes -o jsonpath={.items[0].message}");
    assert_eq!(
        events,
        "too many missed start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
    );
}

#[test]
fn an_indexed_job_runs_each_index_once() {
    let mut s = new_session(1);
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: idx\nspec:\n  completions: 3\n  parallelism: 2\n  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: w\n        image: busybox\n        command: [\"sh\", \"-c\", \"echo index $JOB_COMPLETION_INDEX; sleep 3\"]\n";
    s.files.write("idx.yaml", job).unwrap();
    run(&mut s, "kubectl apply -f idx.yaml");
    assert_eq!(
        run(&mut s, "kubectl get pods --no-headers -o custom-columns=NAME:.metadata.name,HOST:.spec.hostname"),
        "idx-0-zxfz7   idx-0\nidx-1-tqrzl   idx-1\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods -L batch.kubernetes.io/job-completion-index"),
        "NAME          READY   STATUS              RESTARTS   AGE   JOB-COMPLETION-INDEX\nidx-0-zxfz7   0/1     ContainerCreating   0          0s    0\nidx-1-tqrzl   0/1     ContainerCreating   0          0s    1\n"
    );
    s.tick(20.0);
    assert_eq!(
        run(&mut s, "kubectl get job idx -o jsonpath='{.status.completedIndexes} {.status.succeeded}'"),
        "0-2 3"
    );
    let pod = run(&mut s, "kubectl get pods -l batch.kubernetes.io/job-completion-index=2 -o name");
    assert_eq!(run(&mut s, &format!("kubectl logs {}", pod.trim())), "index 2\n");
    assert!(run(&mut s, "kubectl describe job idx").contains("\nCompleted Indexes:  0-2\nPod Template:\n"));
}

#[test]
fn a_cronjob_time_zone_moves_its_schedule() {
    let mut s = new_session(1);
    let cj = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: paris\nspec:\n  schedule: \"30 10 * * *\"\n  timeZone: Europe/Paris\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox\n            command: [\"date\"]\n";
    s.files.write("paris.yaml", cj).unwrap();
    run(&mut s, "kubectl apply -f paris.yaml");
    assert_eq!(
        run(&mut s, "kubectl get cj"),
        "NAME    SCHEDULE      TIMEZONE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nparis   30 10 * * *   Europe/Paris   False     0        <none>          0s\n"
    );
    // 10:30 in Paris is 09:30 UTC in March.
    s.tick(1800.5);
    assert_eq!(run(&mut s, "kubectl get jobs -o name"), "job.batch/paris-29540730\n");
    assert_eq!(
        run(&mut s, "kubectl get job paris-29540730 -o jsonpath='{.metadata.annotations}'"),
        r#"{"batch.kubernetes.io/cronjob-scheduled-timestamp":"2026-03-02T10:30:00+01:00"}"#
    );
    s.files.write("bad-tz.yaml", cj.replace("Europe/Paris", "Local")).unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f bad-tz.yaml"),
        "The CronJob \"paris\" is invalid: spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones\n"
    );
}
