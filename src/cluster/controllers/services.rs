//! The load-balancer side of services: with `minikube tunnel` running, each
//! LoadBalancer service gets its cluster IP as ingress IP (as minikube does);
//! without it, EXTERNAL-IP stays `<pending>`.

use crate::cluster::Cluster;
use crate::cluster::objects::service::{LoadBalancerIngress, Service};

pub(crate) fn reconcile(cluster: &mut Cluster) {
    let tunnel = cluster.tunnel;
    let changes: Vec<(String, String, Vec<LoadBalancerIngress>)> = cluster
        .store
        .services
        .iter()
        .filter_map(|svc| {
            let want = if tunnel && svc.spec.type_ == "LoadBalancer" && !svc.spec.cluster_ip.is_empty() {
                vec![LoadBalancerIngress { ip: svc.spec.cluster_ip.clone(), ip_mode: "VIP".into() }]
            } else {
                Vec::new()
            };
            (svc.status.load_balancer.ingress != want)
                .then(|| (svc.metadata.namespace.clone(), svc.metadata.name.clone(), want))
        })
        .collect();
    for (ns, name, ingress) in changes {
        cluster.store.modify::<Service>(&ns, &name, |s| s.status.load_balancer.ingress = ingress);
    }
}
