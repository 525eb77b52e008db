//! StorageClasses, PersistentVolumes and PersistentVolumeClaims as minikube
//! (Kubernetes 1.32, its `standard` class and hostpath provisioner) and
//! kubectl show them.
#![cfg(not(target_arch = "wasm32"))]

use kube_atelier::lessons::new_session;
use kube_atelier::shell::Session;

fn run(s: &mut Session, line: &str) -> String {
    s.input(line).output.text()
}

fn claim(name: &str, class: Option<&str>) -> String {
    let class = class.map_or(String::new(), |c| format!("  storageClassName: {c}\n"));
    format!(
        "apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}
spec:
{class}  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
"
    )
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
  - name: db
    image: redis
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
";

const STATIC_PV: &str = "apiVersion: v1
kind: PersistentVolume
metadata:
  name: manual
  labels:
    disk: slow
spec:
  capacity:
    storage: 2Gi
  accessModes:
  - ReadWriteOnce
  storageClassName: \"\"
  hostPath:
    path: /mnt/data
";

#[test]
fn minikube_has_its_default_storage_class() {
    let mut s = new_session(1);
    let out = run(&mut s, "kubectl get sc");
    assert!(
        out.starts_with(
            "NAME                 PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   k8s.io/minikube-hostpath   Delete          Immediate           false                  "
        ),
        "{out}"
    );
    let out = run(&mut s, "kubectl describe storageclass standard");
    assert!(out.starts_with("Name:            standard\nIsDefaultClass:  Yes\nAnnotations:     kubectl.kubernetes.io/last-applied-configuration={\"apiVersion\":\"storage.k8s.io/v1\""), "{out}");
    assert!(
        out.ends_with(
            "\n,storageclass.kubernetes.io/is-default-class=true
Provisioner:           k8s.io/minikube-hostpath
Parameters:            <none>
AllowVolumeExpansion:  <unset>
MountOptions:          <none>
ReclaimPolicy:         Delete
VolumeBindingMode:     Immediate
Events:                <none>
"
        ),
        "{out}"
    );
    assert_eq!(
        run(&mut s, "kubectl get storageclasses.storage.k8s.io -o name"),
        "storageclass.storage.k8s.io/standard\n"
    );
}

#[test]
fn a_claim_of_the_default_class_is_provisioned_and_bound() {
    let mut s = new_session(1);
    s.files.write("pvc.yaml", claim("data", None)).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f pvc.yaml"), "persistentvolumeclaim/data created\n");
    assert_eq!(
        run(&mut s, "kubectl get pvc"),
        "NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
data   Pending                                      standard       <unset>                 0s
"
    );
    s.tick(2.0);
    let uid = run(&mut s, "kubectl get pvc data -o jsonpath={.metadata.uid}");
    let volume = format!("pvc-{uid}");
    assert_eq!(
        run(&mut s, "kubectl get pvc"),
        format!(
            "NAME   STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
data   Bound    {volume}   1Gi        RWO            standard       <unset>                 2s
"
        )
    );
    assert_eq!(
        run(&mut s, "kubectl get pv -o wide"),
        format!(
            "NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE
{volume}   1Gi        RWO            Delete           Bound    default/data   standard       <unset>                          1s    Filesystem
"
        )
    );
    assert_eq!(
        run(&mut s, &format!("kubectl get pv {volume} -o jsonpath={{.spec.hostPath.path}}")),
        "/tmp/hostpath-provisioner/default/data"
    );
    let out = run(&mut s, "kubectl describe pvc data");
    assert!(
        out.starts_with(&format!(
            "Name:          data
Namespace:     default
StorageClass:  standard
Status:        Bound
Volume:        {volume}
Labels:        <none>
Annotations:   pv.kubernetes.io/bind-completed: yes
               pv.kubernetes.io/bound-by-controller: yes
               volume.beta.kubernetes.io/storage-provisioner: k8s.io/minikube-hostpath
               volume.kubernetes.io/storage-provisioner: k8s.io/minikube-hostpath
Finalizers:    [kubernetes.io/pvc-protection]
Capacity:      1Gi
Access Modes:  RWO
VolumeMode:    Filesystem
Used By:       <none>
Events:
"
        )),
        "{out}"
    );
    assert!(out.contains("  Normal  ExternalProvisioning   2s    persistentvolume-controller   "), "{out}");
    assert!(out.contains("Waiting for a volume to be created either by the external provisioner 'k8s.io/minikube-hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.\n"), "{out}");
    assert!(out.contains("External provisioner is provisioning volume for claim \"default/data\"\n"), "{out}");
    assert!(out.contains(&format!("Successfully provisioned volume {volume}\n")), "{out}");
    let out = run(&mut s, &format!("kubectl describe pv {volume}"));
    assert!(
        out.ends_with(
            "Finalizers:      [kubernetes.io/pv-protection]
StorageClass:    standard
Status:          Bound
Claim:           default/data
Reclaim Policy:  Delete
Access Modes:    RWO
VolumeMode:      Filesystem
Capacity:        1Gi
Node Affinity:   <none>
Message:         
Source:
    Type:          HostPath (bare host directory volume)
    Path:          /tmp/hostpath-provisioner/default/data
    HostPathType:  
Events:            <none>
"
        ),
        "{out}"
    );
    // The Delete policy: the volume goes with its claim.
    assert_eq!(run(&mut s, "kubectl delete pvc data"), "persistentvolumeclaim \"data\" deleted\n");
    s.tick(1.0);
    assert_eq!(run(&mut s, "kubectl get pv"), "No resources found\n");
}

#[test]
fn a_claim_of_a_class_nobody_serves_stays_pending() {
    let mut s = new_session(1);
    s.files.write("pvc.yaml", claim("pg-pvc", Some("gp2"))).unwrap();
    run(&mut s, "kubectl apply -f pvc.yaml");
    s.tick(20.0);
    assert_eq!(
        run(&mut s, "kubectl get pvc"),
        "NAME     STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
pg-pvc   Pending                                      gp2            <unset>                 20s
"
    );
    let out = run(&mut s, "kubectl describe pvc pg-pvc");
    assert!(
        out.ends_with(
            "  Warning  ProvisioningFailed  5s (x2 over 20s)  persistentvolume-controller  storageclass.storage.k8s.io \"gp2\" not found\n"
        ),
        "{out}"
    );
    // A pod that uses it waits, as the scheduler says.
    s.files.write("pod.yaml", POD.replace("claimName: data", "claimName: pg-pvc")).unwrap();
    run(&mut s, "kubectl apply -f pod.yaml");
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME   READY   STATUS    RESTARTS   AGE\ndb     0/1     Pending   0          0s\n"
    );
    let out = run(&mut s, "kubectl describe pod db");
    assert!(out.contains("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.\n"), "{out}");
}

#[test]
fn a_pod_waits_for_its_claim_and_keeps_it_while_it_runs() {
    let mut s = new_session(1);
    s.files.write("pod.yaml", POD).unwrap();
    s.files.write("pvc.yaml", claim("data", None)).unwrap();
    run(&mut s, "kubectl apply -f pod.yaml");
    s.tick(1.0);
    let out = run(&mut s, "kubectl describe pod db");
    assert!(out.contains("  Warning  FailedScheduling  1s    default-scheduler  0/1 nodes are available: persistentvolumeclaim \"data\" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.\n"), "{out}");
    run(&mut s, "kubectl apply -f pvc.yaml");
    s.tick(30.0);
    assert!(run(&mut s, "kubectl get pod db").contains("Running"));
    assert!(run(&mut s, "kubectl describe pvc data").contains("\nUsed By:       db\n"));
    // Deleting a claim in use: Terminating until the pod is gone.
    assert_eq!(run(&mut s, "kubectl delete pvc data --wait=false"), "persistentvolumeclaim \"data\" deleted\n");
    s.tick(5.0);
    let out = run(&mut s, "kubectl get pvc");
    assert!(out.contains("data   Terminating   pvc-"), "{out}");
    run(&mut s, "kubectl delete pod db");
    s.tick(5.0);
    assert_eq!(run(&mut s, "kubectl get pvc,pv"), "No resources found in default namespace.\n");
}

#[test]
fn static_volumes_bind_to_matching_claims_and_are_released() {
    let mut s = new_session(1);
    s.files.write("pv.yaml", STATIC_PV).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f pv.yaml"), "persistentvolume/manual created\n");
    s.tick(1.0);
    assert_eq!(
        run(&mut s, "kubectl get pv"),
        "NAME     CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
manual   2Gi        RWO            Retain           Available                          <unset>                          1s
"
    );
    s.files.write("pvc.yaml", claim("data", Some("\"\""))).unwrap();
    run(&mut s, "kubectl apply -f pvc.yaml");
    s.tick(1.0);
    assert_eq!(
        run(&mut s, "kubectl get pvc"),
        "NAME   STATUS   VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
data   Bound    manual   2Gi        RWO                           <unset>                 1s
"
    );
    run(&mut s, "kubectl delete pvc data");
    s.tick(1.0);
    assert_eq!(
        run(&mut s, "kubectl get pv"),
        "NAME     CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS     CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
manual   2Gi        RWO            Retain           Released   default/data                  <unset>                          3s
"
    );
}

#[test]
fn claims_are_validated_as_the_api_server_does() {
    let mut s = new_session(1);
    s.files
        .write(
            "bad.yaml",
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: bad\nspec:\n  resources: {}\n",
        )
        .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f bad.yaml"),
        "The PersistentVolumeClaim \"bad\" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is required\n* spec.resources[storage]: Required value\n"
    );
    s.files.write("pvc.yaml", claim("data", None)).unwrap();
    run(&mut s, "kubectl apply -f pvc.yaml");
    s.files.write("pvc.yaml", claim("data", None).replace("ReadWriteOnce", "ReadWriteMany")).unwrap();
    let out = run(&mut s, "kubectl apply -f pvc.yaml");
    assert!(
        out.starts_with("The PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"),
        "{out}"
    );
    s.files.write("pv.yaml", "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: nothing\nspec:\n  accessModes: [ReadWriteOnce]\n  capacity:\n    storage: 1Gi\n").unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f pv.yaml"),
        "The PersistentVolume \"nothing\" is invalid: spec: Required value: must specify a volume type\n"
    );
}

#[test]
fn files_on_a_claim_outlive_the_pod_and_an_empty_dir_goes_with_it() {
    let mut s = new_session(1);
    let pod = POD
        .replace("image: redis", "image: busybox\n    command: [\"sleep\", \"3600\"]")
        .replace("  volumes:\n", "  volumes:\n  - name: scratch\n    emptyDir: {}\n");
    let pod = pod
        .replace("      mountPath: /data\n", "      mountPath: /data\n    - name: scratch\n      mountPath: /cache\n");
    s.files.write("pod.yaml", pod).unwrap();
    s.files.write("pvc.yaml", claim("data", None)).unwrap();
    run(&mut s, "kubectl apply -f pvc.yaml");
    run(&mut s, "kubectl apply -f pod.yaml");
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl exec db -- sh -c 'echo gardé > /data/x; echo perdu > /cache/y'"), "");
    assert_eq!(run(&mut s, "kubectl exec db -- cat /data/x /cache/y"), "gardé\nperdu\n");
    assert_eq!(run(&mut s, "kubectl exec db -- ls /data"), "x\n");
    run(&mut s, "kubectl delete pod db --wait=false");
    s.tick(35.0);
    assert_eq!(run(&mut s, "kubectl apply -f pod.yaml"), "pod/db created\n");
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl exec db -- cat /data/x"), "gardé\n");
    let out = run(&mut s, "kubectl exec db -- cat /cache/y");
    assert!(out.contains("No such file or directory\ncommand terminated with exit code 1\n"), "{out}");
}

const WEB: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
";

#[test]
fn a_stateful_set_makes_its_pods_in_order_with_their_claims() {
    let mut s = new_session(1);
    s.files.write("web.yaml", WEB).unwrap();
    assert_eq!(run(&mut s, "kubectl apply -f web.yaml"), "service/nginx created\nstatefulset.apps/web created\n");
    // web-1 waits for web-0 to be Running and Ready.
    s.tick(3.0);
    assert_eq!(
        run(&mut s, "kubectl get pods"),
        "NAME    READY   STATUS              RESTARTS   AGE\nweb-0   0/1     ContainerCreating   0          3s\n"
    );
    s.tick(30.0);
    assert_eq!(
        run(&mut s, "kubectl get sts"),
        "NAME   READY   AGE\nweb    3/3     33s\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get sts -o wide"),
        "NAME   READY   AGE   CONTAINERS   IMAGES\nweb    3/3     33s   nginx        registry.k8s.io/nginx-slim:0.8\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pvc -o custom-columns=NAME:.metadata.name,STATUS:.status.phase,LABELS:.metadata.labels"),
        "NAME        STATUS   LABELS\nwww-web-0   Bound    map[app:nginx]\nwww-web-1   Bound    map[app:nginx]\nwww-web-2   Bound    map[app:nginx]\n"
    );
    let out = run(&mut s, "kubectl get pod web-1 -o jsonpath={.spec.hostname}/{.spec.subdomain}/{.metadata.labels}");
    assert!(out.starts_with("web-1/nginx/{\"app\":\"nginx\",\"apps.kubernetes.io/pod-index\":\"1\",\"controller-revision-hash\":\"web-"), "{out}");
    let out = run(&mut s, "kubectl describe sts web");
    assert!(out.contains("Replicas:           3 desired | 3 total\nUpdate Strategy:    RollingUpdate\n  Partition:        0\nPods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"), "{out}");
    assert!(out.contains("Volume Claims:\n  Name:          www\n  StorageClass:  \n  Labels:        <none>\n  Annotations:   <none>\n  Capacity:      1Gi\n  Access Modes:  [ReadWriteOnce]\n"), "{out}");
    assert!(out.contains("  Normal  SuccessfulCreate  33s   statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success\n"), "{out}");
    assert!(out.contains("statefulset-controller  create Pod web-2 in StatefulSet web successful\n"), "{out}");
    // Each pod by its own name, through the headless service.
    run(&mut s, "kubectl exec web-1 -- sh -c 'hostname > /usr/share/nginx/html/index.html'");
    run(&mut s, "kubectl run client --image=busybox:1.28 --restart=Never -- sleep 3600");
    s.tick(10.0);
    assert_eq!(run(&mut s, "kubectl exec client -- wget -qO- http://web-1.nginx"), "web-1\n");
    assert_eq!(run(&mut s, "kubectl exec client -- wget -qO- http://web-1.nginx.default.svc.cluster.local"), "web-1\n");
    // Scale down: the highest ordinal first; the claims stay.
    assert_eq!(run(&mut s, "kubectl scale sts web --replicas=1"), "statefulset.apps/web scaled\n");
    let out = run(&mut s, "kubectl get pods -l app=nginx");
    assert!(out.contains("web-2   0/1     Terminating") && out.contains("web-1   1/1     Running"), "{out}");
    s.tick(80.0);
    let out = run(&mut s, "kubectl describe sts web");
    let (two, one) = (out.find("delete Pod web-2 in StatefulSet web successful"), out.find("delete Pod web-1 in StatefulSet web successful"));
    assert!(two.is_some() && one.is_some() && two < one, "{out}");
    assert_eq!(run(&mut s, "kubectl get pods -l app=nginx -o name"), "pod/web-0\n");
    assert_eq!(run(&mut s, "kubectl get pvc -o name"), "persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n");
    // Back to two: web-1 comes back on its claim, with its page.
    run(&mut s, "kubectl scale sts web --replicas=2");
    s.tick(20.0);
    assert_eq!(run(&mut s, "kubectl exec client -- wget -qO- http://web-1.nginx"), "web-1\n");
    // The set deleted, its pods go and its claims stay.
    assert_eq!(run(&mut s, "kubectl delete sts web"), "statefulset.apps \"web\" deleted\n");
    s.tick(40.0);
    assert_eq!(run(&mut s, "kubectl get pods -l app=nginx"), "No resources found in default namespace.\n");
    assert_eq!(run(&mut s, "kubectl get pvc -o name").lines().count(), 3);
}

#[test]
fn a_stateful_set_rolls_out_from_its_highest_ordinal() {
    let mut s = new_session(1);
    s.files.write("web.yaml", WEB).unwrap();
    run(&mut s, "kubectl apply -f web.yaml");
    s.tick(40.0);
    let old = run(&mut s, "kubectl get sts web -o jsonpath={.status.currentRevision}");
    run(&mut s, "kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1}}}}'");
    assert_eq!(run(&mut s, "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.21"), "statefulset.apps/web image updated\n");
    s.tick(60.0);
    let images = run(&mut s, "kubectl get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image");
    assert_eq!(
        images,
        "NAME    IMAGE\nweb-0   registry.k8s.io/nginx-slim:0.8\nweb-1   registry.k8s.io/nginx-slim:0.21\nweb-2   registry.k8s.io/nginx-slim:0.21\n"
    );
    assert_eq!(run(&mut s, "kubectl get pod web-0 -o jsonpath={.metadata.labels.controller-revision-hash}"), old);
    assert_eq!(
        run(&mut s, "kubectl rollout status sts/web"),
        "partitioned roll out complete: 2 new pods have been updated...\n"
    );
}

#[test]
fn redis_keeps_its_keys_on_a_claim() {
    let mut s = new_session(1);
    s.files.write("pvc.yaml", claim("data", None)).unwrap();
    s.files.write("pod.yaml", POD).unwrap();
    run(&mut s, "kubectl apply -f pvc.yaml");
    run(&mut s, "kubectl apply -f pod.yaml");
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl exec db -- redis-cli SET visites 41"), "OK\n");
    run(&mut s, "kubectl delete pod db --wait=false");
    s.tick(35.0);
    run(&mut s, "kubectl apply -f pod.yaml");
    s.tick(30.0);
    assert_eq!(run(&mut s, "kubectl exec db -- redis-cli INCR visites"), "42\n");
}
