//! The cluster as `minikube start` leaves it: a `minikube` control-plane node
//! (plus workers on demand), the four system namespaces, the `kubernetes` and
//! `kube-dns` services, and the system pods in `kube-system`, all started ten
//! minutes before the simulation begins.

use std::sync::Arc;

use serde_json::json;

use super::Cluster;
use super::meta::{LabelSelector, ObjectMeta, OwnerReference, Shared};
use super::objects::apps::{Deployment, DeploymentSpec, PodTemplateSpec};
use super::objects::core::{
    ConfigMap, Namespace, Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus, NodeSystemInfo,
};
use super::objects::daemonset::{DaemonSet, DaemonSetSpec};
use super::objects::pod::{Container, ContainerPort, Pod, PodSpec};
use super::objects::service::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, IntOrString, Service, ServicePort, ServiceSpec,
};
use super::time::Time;

pub const KUBERNETES_VERSION: &str = "v1.32.0";
/// How long the cluster has been up when the learner arrives.
pub(crate) const UPTIME_SECONDS: f64 = 600.0;
const ROOT_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIDBjCCAe6gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwptaW5p\na3ViZUNBMB4XDTI2MDMwMTA5MDAwMFoXDTM2MDIyODA5MDAwMFowFTETMBEGA1UE\nAxMKbWluaWt1YmVDQTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAL5k\n-----END CERTIFICATE-----\n";

fn meta(name: &str, namespace: &str) -> ObjectMeta {
    ObjectMeta { name: name.into(), namespace: namespace.into(), ..Default::default() }
}

fn labels<T: Default + Extend<(String, String)>>(pairs: &[(&str, &str)]) -> T {
    // `extend`, not `collect`: collecting into a map sorts first (see `crate::sort`).
    let mut map = T::default();
    map.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    map
}

/// Builds the cluster minikube starts: up `uptime` seconds at `ready`, when
/// the learner's clock starts (the course's cluster, or a new one after
/// `minikube delete`).
pub(crate) fn install(cluster: &mut Cluster, workers: usize, ready: Time, uptime: f64) {
    cluster.ready_at = ready;
    cluster.now = ready.plus_secs(-uptime);
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        let _ = cluster.create_object(Namespace { metadata: meta(ns, ""), ..Default::default() }, "");
    }
    for i in 0..=workers {
        add_node(cluster, i);
    }
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        root_ca(cluster, ns);
    }
    system_services(cluster);
    cluster.now = cluster.now.plus_secs(5.0);
    let node_names: Vec<String> = cluster.store.nodes.iter().map(|n| n.metadata.name.clone()).collect();
    for component in ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] {
        static_pod(cluster, component, &node_names[0]);
    }
    let proxy = kube_proxy_daemonset(cluster);
    for node in &node_names {
        kube_proxy(cluster, node, &proxy);
    }
    cluster.now = cluster.now.plus_secs(10.0);
    coredns(cluster);
    storage_provisioner(cluster, &node_names[0]);
    default_storage_class(cluster);
    cluster.settle(120.0);
    // kube-proxy's DaemonSet status, as its controller left it (written
    // quietly: the controller leaves it to the bootstrap, see daemonset.rs).
    if let Some(ds) = cluster.store.get::<DaemonSet>("kube-system", "kube-proxy").cloned() {
        let mut ds = (*ds).clone();
        ds.status = super::controllers::daemonset::status_of(cluster, &ds);
        cluster.store.put_quiet(ds);
    }
    cluster.now = cluster.now.max(ready);
}

/// kube-proxy's DaemonSet as kubeadm creates it (its template as its pods
/// have it here), stored quietly: the cluster's uids and resourceVersions
/// stay what they were before it was an object.
fn kube_proxy_daemonset(cluster: &mut Cluster) -> DaemonSet {
    use super::objects::apps::{DeploymentStrategy, RollingUpdate};
    use super::objects::daemonset::TEMPLATE_GENERATION;
    let pod_labels: Shared<std::collections::BTreeMap<String, String>> = labels(&[("k8s-app", "kube-proxy")]);
    let mut spec = kube_proxy_spec("");
    spec.priority = None;
    spec.node_selector = labels(&[("kubernetes.io/os", "linux")]);
    spec.extra.insert("tolerations".into(), json!([{"operator": "Exists"}]));
    super::defaults::template_spec(&mut spec);
    let ds = DaemonSet {
        metadata: ObjectMeta {
            uid: KUBE_PROXY_UID.into(),
            generation: 1,
            // (kubeadm applies it before the kubelet starts its pods.)
            creation_timestamp: Some(cluster.now.plus_secs(-5.0)),
            labels: pod_labels.clone(),
            annotations: labels(&[(TEMPLATE_GENERATION, "1")]),
            ..meta("kube-proxy", "kube-system")
        },
        spec: DaemonSetSpec {
            selector: Some(LabelSelector { match_labels: (*pod_labels).clone(), ..Default::default() }),
            template: PodTemplateSpec { metadata: ObjectMeta { labels: pod_labels, ..Default::default() }, spec },
            update_strategy: DeploymentStrategy {
                type_: "RollingUpdate".into(),
                rolling_update: Some(RollingUpdate {
                    max_unavailable: Some(IntOrString::Int(1)),
                    max_surge: Some(IntOrString::Int(0)),
                }),
            },
            revision_history_limit: Some(10),
            ..Default::default()
        },
        status: Default::default(),
    };
    cluster.store.put_quiet(ds.clone());
    ds
}

/// The `kube-root-ca.crt` ConfigMap every namespace gets.
pub(crate) fn root_ca(cluster: &mut Cluster, namespace: &str) {
    let cm = ConfigMap {
        metadata: ObjectMeta {
            annotations: [("kubernetes.io/description".to_string(), "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.".to_string())].into(),
            ..meta("kube-root-ca.crt", namespace)
        },
        data: [("ca.crt".to_string(), ROOT_CA.to_string())].into(),
        ..Default::default()
    };
    let _ = cluster.create_object(cm, namespace);
}

pub(crate) fn add_node(cluster: &mut Cluster, index: usize) {
    let name = if index == 0 { "minikube".to_string() } else { format!("minikube-m{:02}", index + 1) };
    let ip = format!("192.168.49.{}", index + 2);
    let mut node_labels: std::collections::BTreeMap<String, String> = labels(&[
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", &name),
        ("kubernetes.io/os", "linux"),
        ("minikube.k8s.io/commit", "dd5d320e41b5451cdf3c01891bc4e13d189586ed-dirty"),
        ("minikube.k8s.io/name", "minikube"),
        ("minikube.k8s.io/primary", if index == 0 { "true" } else { "false" }),
        ("minikube.k8s.io/updated_at", "2026_03_02T08_50_00_0700"),
        ("minikube.k8s.io/version", "v1.35.0"),
    ]);
    if index == 0 {
        node_labels.insert("node-role.kubernetes.io/control-plane".into(), String::new());
        node_labels.insert("node.kubernetes.io/exclude-from-external-load-balancers".into(), String::new());
    }
    let resources: std::collections::BTreeMap<String, String> = labels(&[
        ("cpu", "4"),
        ("ephemeral-storage", "61202244Ki"),
        ("hugepages-1Gi", "0"),
        ("hugepages-2Mi", "0"),
        ("memory", "8129212Ki"),
        ("pods", "110"),
    ]);
    let now = cluster.now;
    let condition = |type_: &str, status: &str, reason: &str, message: &str| NodeCondition {
        type_: type_.into(),
        status: status.into(),
        last_heartbeat_time: Some(cluster.ready_at),
        last_transition_time: Some(now),
        reason: reason.into(),
        message: message.into(),
    };
    let node = Node {
        metadata: ObjectMeta {
            labels: node_labels.into(),
            annotations: labels(&[
                ("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/cri-dockerd.sock"),
                ("node.alpha.kubernetes.io/ttl", "0"),
                ("volumes.kubernetes.io/controller-managed-attach-detach", "true"),
            ]),
            ..meta(&name, "")
        },
        spec: NodeSpec {
            pod_cidr: format!("10.244.{index}.0/24"),
            pod_cidrs: vec![format!("10.244.{index}.0/24")],
            ..Default::default()
        },
        status: NodeStatus {
            capacity: resources.clone(),
            allocatable: resources,
            conditions: vec![
                condition(
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                ),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            addresses: vec![
                NodeAddress { type_: "InternalIP".into(), address: ip },
                NodeAddress { type_: "Hostname".into(), address: name.clone() },
            ],
            node_info: NodeSystemInfo {
                machine_id: cluster.rng.hex(32),
                system_uuid: cluster.rng.uuid(),
                boot_id: cluster.rng.uuid(),
                kernel_version: "6.8.0-49-generic".into(),
                os_image: "Ubuntu 22.04.5 LTS".into(),
                container_runtime_version: "docker://27.4.1".into(),
                kubelet_version: KUBERNETES_VERSION.into(),
                kube_proxy_version: KUBERNETES_VERSION.into(),
                operating_system: "linux".into(),
                architecture: "amd64".into(),
            },
            images: Vec::new(),
        },
    };
    if cluster.create_object(node, "").is_ok() {
        // create_object leaves status as given for nodes; the kubelet owns it.
        for image in SYSTEM_IMAGES {
            cluster.kubelet.add_image(&name, image);
        }
        cluster.scheduler.epoch += 1;
    }
}

const SYSTEM_IMAGES: [&str; 8] = [
    "registry.k8s.io/etcd:3.5.16-0",
    "registry.k8s.io/kube-apiserver:v1.32.0",
    "registry.k8s.io/kube-controller-manager:v1.32.0",
    "registry.k8s.io/kube-scheduler:v1.32.0",
    "registry.k8s.io/kube-proxy:v1.32.0",
    "registry.k8s.io/coredns/coredns:v1.11.3",
    "gcr.io/k8s-minikube/storage-provisioner:v5",
    "registry.k8s.io/pause:3.10",
];

/// The `kubernetes` service the API server keeps in `default` (its bootstrap
/// controller creates it again within ten seconds if it goes).
pub(crate) fn kubernetes_service(cluster: &mut Cluster) {
    let kubernetes = Service {
        metadata: ObjectMeta {
            labels: labels(&[("component", "apiserver"), ("provider", "kubernetes")]),
            ..meta("kubernetes", "default")
        },
        spec: ServiceSpec {
            ports: vec![ServicePort {
                name: "https".into(),
                port: 443,
                target_port: Some(IntOrString::Int(8443)),
                ..Default::default()
            }],
            cluster_ip: "10.96.0.1".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let _ = cluster.create_object(kubernetes, "default");
}

/// The API server's own endpoints behind the `kubernetes` service.
pub(crate) fn kubernetes_endpoints(cluster: &mut Cluster) {
    let endpoints = Endpoints {
        metadata: ObjectMeta {
            labels: labels(&[("endpointslice.kubernetes.io/skip-mirror", "true")]),
            ..meta("kubernetes", "default")
        },
        subsets: vec![EndpointSubset {
            addresses: vec![EndpointAddress { ip: "192.168.49.2".into(), node_name: None, target_ref: None }],
            not_ready_addresses: Vec::new(),
            ports: vec![EndpointPort { name: "https".into(), port: 8443, protocol: "TCP".into() }],
        }],
    };
    let _ = cluster.create_object(endpoints, "default");
}

fn system_services(cluster: &mut Cluster) {
    kubernetes_service(cluster);
    kubernetes_endpoints(cluster);
    let dns_port = |name: &str, port: i32, protocol: &str| ServicePort {
        name: name.into(),
        port,
        protocol: protocol.into(),
        target_port: Some(IntOrString::Int(port)),
        ..Default::default()
    };
    let kube_dns = Service {
        metadata: ObjectMeta {
            labels: labels(&[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ]),
            annotations: labels(&[("prometheus.io/port", "9153"), ("prometheus.io/scrape", "true")]),
            ..meta("kube-dns", "kube-system")
        },
        spec: ServiceSpec {
            ports: vec![dns_port("dns", 53, "UDP"), dns_port("dns-tcp", 53, "TCP"), dns_port("metrics", 9153, "TCP")],
            selector: labels(&[("k8s-app", "kube-dns")]),
            cluster_ip: "10.96.0.10".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let _ = cluster.create_object(kube_dns, "kube-system");
}

fn system_container(name: &str, image: &str, command: &[&str]) -> Container {
    Container {
        name: name.into(),
        image: image.into(),
        command: command.iter().map(|s| s.to_string()).collect(),
        image_pull_policy: "IfNotPresent".into(),
        ..Default::default()
    }
}

/// A host-network pod spec pinned to `node`, with the node-critical priority.
fn node_critical(container: Container, node: &str) -> PodSpec {
    let mut spec = PodSpec {
        containers: vec![container],
        host_network: Some(true),
        node_name: node.into(),
        priority: Some(2_000_001_000),
        ..Default::default()
    };
    spec.extra.insert("priorityClassName".into(), json!("system-node-critical"));
    spec
}

pub(crate) fn static_pod(cluster: &mut Cluster, component: &str, node: &str) {
    let image =
        format!("registry.k8s.io/{component}:{}", if component == "etcd" { "3.5.16-0" } else { KUBERNETES_VERSION });
    let node_uid = cluster.store.nodes.get("", node).map(|n| n.metadata.uid.clone()).unwrap_or_default();
    let mut container = system_container(component, &image, &[component]);
    // kubeadm's requests for the control plane (its static pod manifests).
    let requests: &[(&str, &str)] = match component {
        "etcd" => &[("cpu", "100m"), ("memory", "100Mi")],
        "kube-apiserver" => &[("cpu", "250m")],
        "kube-controller-manager" => &[("cpu", "200m")],
        _ => &[("cpu", "100m")],
    };
    // (`extend`, not `collect`: collecting into a map sorts, see `crate::sort`.)
    let mut resources = crate::cluster::objects::pod::ResourceRequirements::default();
    resources.requests.extend(requests.iter().map(|(k, v)| (k.to_string(), json!(v))));
    container.resources = Some(resources);
    let spec = node_critical(container, node);
    let pod = Pod {
        metadata: Arc::new(ObjectMeta {
            labels: labels(&[("component", component), ("tier", "control-plane")]),
            annotations: labels(&[
                ("kubernetes.io/config.source", "file"),
                ("kubernetes.io/config.hash", &cluster.rng.hex(32)),
            ]),
            owner_references: Shared::from(vec![OwnerReference {
                api_version: "v1".into(),
                kind: "Node".into(),
                name: node.into(),
                uid: node_uid,
                controller: Some(true),
                block_owner_deletion: None,
            }]),
            ..meta(&format!("{component}-{node}"), "kube-system")
        }),
        spec: spec.into(),
        status: Default::default(),
    };
    let _ = cluster.create_object(pod, "kube-system");
}

const KUBE_PROXY_UID: &str = "5e1f54c2-3b7f-4a7e-9a53-0c1d8a7b6e21";

fn kube_proxy_spec(node: &str) -> PodSpec {
    let container = system_container(
        "kube-proxy",
        "registry.k8s.io/kube-proxy:v1.32.0",
        &["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
    );
    node_critical(container, node)
}

/// A node's kube-proxy pod at the cluster's start (pinned to its node, as
/// before the DaemonSet controller's time; the ones it makes later carry
/// its node affinity).
fn kube_proxy(cluster: &mut Cluster, node: &str, ds: &DaemonSet) {
    let mut spec = kube_proxy_spec(node);
    // kubeadm's `operator: Exists`, then what the DaemonSet controller adds.
    let mut tolerations = vec![json!({"operator": "Exists"})];
    for (key, effect) in [
        ("not-ready", "NoExecute"),
        ("unreachable", "NoExecute"),
        ("disk-pressure", "NoSchedule"),
        ("memory-pressure", "NoSchedule"),
        ("pid-pressure", "NoSchedule"),
        ("unschedulable", "NoSchedule"),
        ("network-unavailable", "NoSchedule"),
    ] {
        tolerations.push(json!({"effect": effect, "key": format!("node.kubernetes.io/{key}"), "operator": "Exists"}));
    }
    spec.extra.insert("tolerations".into(), serde_json::Value::Array(tolerations));
    let pod = Pod {
        metadata: Arc::new(ObjectMeta {
            generate_name: "kube-proxy-".into(),
            labels: labels(&[
                ("controller-revision-hash", &super::controllers::daemonset::revision(ds)),
                ("k8s-app", "kube-proxy"),
                ("pod-template-generation", "1"),
            ]),
            owner_references: Shared::from(vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: "DaemonSet".into(),
                name: "kube-proxy".into(),
                uid: KUBE_PROXY_UID.into(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..meta("", "kube-system")
        }),
        spec: spec.into(),
        status: Default::default(),
    };
    let _ = cluster.create_object(pod, "kube-system");
}

fn coredns(cluster: &mut Cluster) {
    let pod_labels: Shared<std::collections::BTreeMap<String, String>> = labels(&[("k8s-app", "kube-dns")]);
    let container = Container {
        args: vec!["-conf".into(), "/etc/coredns/Corefile".into()],
        ports: vec![
            ContainerPort { name: "dns".into(), container_port: 53, protocol: "UDP".into(), ..Default::default() },
            ContainerPort { name: "dns-tcp".into(), container_port: 53, protocol: "TCP".into(), ..Default::default() },
            ContainerPort {
                name: "metrics".into(),
                container_port: 9153,
                protocol: "TCP".into(),
                ..Default::default()
            },
        ],
        resources: Some(crate::cluster::objects::pod::ResourceRequirements {
            limits: [("memory".to_string(), json!("170Mi"))].into(),
            requests: [("cpu".to_string(), json!("100m")), ("memory".to_string(), json!("70Mi"))].into(),
            extra: Default::default(),
        }),
        ..system_container("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", &[])
    };
    let mut spec = PodSpec { containers: vec![container], ..Default::default() };
    spec.extra.insert("priorityClassName".into(), json!("system-cluster-critical"));
    spec.service_account_name = "coredns".into();
    let d = Deployment {
        metadata: ObjectMeta { labels: pod_labels.clone(), ..meta("coredns", "kube-system") },
        spec: DeploymentSpec {
            replicas: Some(1),
            selector: Some(LabelSelector { match_labels: (*pod_labels).clone(), ..Default::default() }),
            template: PodTemplateSpec { metadata: ObjectMeta { labels: pod_labels, ..Default::default() }, spec },
            ..Default::default()
        },
        status: Default::default(),
    };
    let _ = cluster.create_object(d, "kube-system");
}

fn storage_provisioner(cluster: &mut Cluster, node: &str) {
    let pod = Pod {
        metadata: Arc::new(ObjectMeta {
            labels: labels(&[
                ("addonmanager.kubernetes.io/mode", "Reconcile"),
                ("integration-test", "storage-provisioner"),
            ]),
            ..meta("storage-provisioner", "kube-system")
        }),
        spec: PodSpec {
            containers: vec![system_container(
                "storage-provisioner",
                "gcr.io/k8s-minikube/storage-provisioner:v5",
                &["/storage-provisioner"],
            )],
            host_network: Some(true),
            node_name: node.into(),
            service_account_name: "storage-provisioner".into(),
            ..Default::default()
        }
        .into(),
        status: Default::default(),
    };
    let _ = cluster.create_object(pod, "kube-system");
}

/// The `default-storageclass` addon: minikube's `standard` class, applied by
/// the addon manager (hence apply's annotation). Stored as it is, neither
/// through admission (which draws from the generator) nor as a change of its
/// own: the rest of the cluster keeps its uids and resourceVersions.
fn default_storage_class(cluster: &mut Cluster) {
    use super::objects::StorageClass;
    let mut metadata = ObjectMeta {
        name: "standard".into(),
        uid: "7c0f5a1e-3b9d-4e62-8a47-d21c6b9e0f38".into(),
        creation_timestamp: Some(cluster.now),
        labels: labels(&[("addonmanager.kubernetes.io/mode", "EnsureExists")]),
        ..Default::default()
    };
    metadata.annotations.insert(
        "kubectl.kubernetes.io/last-applied-configuration".into(),
        "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"},\"labels\":{\"addonmanager.kubernetes.io/mode\":\"EnsureExists\"},\"name\":\"standard\"},\"provisioner\":\"k8s.io/minikube-hostpath\"}\n".into(),
    );
    metadata.annotations.insert("storageclass.kubernetes.io/is-default-class".into(), "true".into());
    cluster.store.put_quiet(StorageClass {
        metadata,
        provisioner: "k8s.io/minikube-hostpath".into(),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("Immediate".into()),
        ..Default::default()
    });
}
