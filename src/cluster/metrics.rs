//! Simulated resource usage, as metrics-server reports it (`kubectl top`):
//! each running container uses what its image uses, with a small variation
//! that depends only on the pod and the minute, so it is reproducible.

use super::Cluster;
use super::images;
use super::objects::pod::Pod;
use super::rng::fnv32a;

/// Usage of one container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerUsage {
    pub name: String,
    pub cpu_millicores: i64,
    pub memory_bytes: i64,
}

/// Usage of one node: its pods plus the system's own share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeUsage {
    pub name: String,
    pub cpu_millicores: i64,
    pub memory_bytes: i64,
}

/// Baseline CPU of an idle process of each image, in millicores.
fn idle_cpu(repository: &str) -> i64 {
    match repository {
        "registry.k8s.io/kube-apiserver" => 48,
        "registry.k8s.io/etcd" => 22,
        "registry.k8s.io/kube-controller-manager" => 18,
        "registry.k8s.io/kube-scheduler" => 3,
        "registry.k8s.io/coredns/coredns" => 2,
        "mysql" | "postgres" => 4,
        "redis" | "wordpress" | "instavote/vote" => 2,
        _ => 1,
    }
}

impl Cluster {
    /// Whether the metrics-server addon runs (`minikube addons enable metrics-server`).
    pub fn metrics_enabled(&self) -> bool {
        self.metrics_server
    }

    pub fn set_metrics_enabled(&mut self, enabled: bool) {
        self.metrics_server = enabled;
    }

    /// What each running container of a pod uses now; `None` for a pod with
    /// no running container (metrics-server has nothing for it yet).
    pub fn pod_usage(&self, pod: &Pod) -> Option<Vec<ContainerUsage>> {
        let minute = self.now.0.div_euclid(60_000);
        let mut any = false;
        let usage = pod
            .spec
            .containers
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let running = pod.status.container_statuses.get(i).is_some_and(|s| s.state.running.is_some());
                any |= running;
                let image = images::resolve(&c.image).ok().map(|(img, _)| img);
                let jitter = i64::from(fnv32a(format!("{}{}{minute}", pod.metadata.uid, c.name).as_bytes()) % 100);
                let (cpu, memory) = match (running, image) {
                    (true, Some(img)) => {
                        let mib = i64::from(img.memory_mib.max(1));
                        // A load loop's requests (the HPA walkthrough's) add to the first container.
                        let load = if i == 0 { super::controllers::hpa::load_millicores(self, pod) } else { 0 };
                        (idle_cpu(img.repository) + jitter % 3 + load, mib * 1024 * 1024 + jitter * 40 * 1024)
                    }
                    (true, None) => (1, 4 * 1024 * 1024),
                    _ => (0, 0),
                };
                ContainerUsage { name: c.name.clone(), cpu_millicores: cpu, memory_bytes: memory }
            })
            .collect();
        any.then_some(usage)
    }

    /// What each node uses: its pods and about 250m CPU and 600 MiB for the system.
    pub fn node_usage(&self) -> Vec<NodeUsage> {
        self.store
            .nodes
            .iter()
            .map(|node| {
                let name = node.metadata.name.clone();
                let (mut cpu, mut memory) = (250, 600 * 1024 * 1024);
                for pod in self.store.pods.iter().filter(|p| p.spec.node_name == name) {
                    for c in self.pod_usage(pod).unwrap_or_default() {
                        cpu += c.cpu_millicores;
                        memory += c.memory_bytes;
                    }
                }
                NodeUsage { name, cpu_millicores: cpu, memory_bytes: memory }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::cluster::Cluster;
    use crate::cluster::objects::Pod;

    #[test]
    fn running_containers_use_what_their_image_uses() {
        let c = Cluster::new(1);
        let etcd = c.store().get::<Pod>("kube-system", "etcd-minikube").unwrap().clone();
        let usage = c.pod_usage(&etcd).unwrap();
        assert!(usage[0].cpu_millicores >= 22 && usage[0].memory_bytes >= 40 * 1024 * 1024);
        assert_eq!(c.pod_usage(&etcd), Cluster::new(1).pod_usage(&etcd), "the same seed, the same usage");
        let node = &c.node_usage()[0];
        assert!(node.cpu_millicores > 250);
        assert!(!c.metrics_enabled(), "minikube starts without metrics-server");
    }
}
